"""Every package the code imports is declared, and a deploy installs the versions tests ran on."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCAL = {"coach", "ui", "bench", "tests"} | {p.stem for p in (ROOT / "tests").glob("*.py")}


def declared(name: str) -> dict[str, Requirement]:
    """The requirements a file declares itself (not through `-r` or `-c`), by package name."""
    lines = (ROOT / name).read_text().splitlines()
    reqs = [Requirement(line) for line in lines if line.strip() and line[0] not in "#-"]
    return {canonicalize_name(r.name): r for r in reqs}


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(n): v for n, v in re.findall(r"^([\w.\-]+)==(\S+)", text, re.M)}


def imported(folders: list[str]) -> set[str]:
    """Distributions that code in these files or folders imports at top level."""
    files = [
        p for f in folders for p in ([ROOT / f] if f.endswith(".py") else (ROOT / f).rglob("*.py"))
    ]
    modules = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | LOCAL | {"__future__"}
    dists = importlib.metadata.packages_distributions()
    return {canonicalize_name(dists.get(m, [m])[0]) for m in modules}


def test_the_running_app_imports_only_declared_packages():
    assert imported(["app.py", "pages", "ui", "coach"]) <= set(declared("requirements.txt"))


def test_tests_and_the_benchmark_import_only_declared_packages():
    runtime = set(declared("requirements.txt")) | set(declared("requirements-dev.txt"))
    assert imported(["tests", "bench"]) <= runtime


def test_requirements_txt_installs_through_the_lock():
    assert "-c requirements.lock" in (ROOT / "requirements.txt").read_text().splitlines()


@pytest.mark.parametrize("name", sorted(declared("requirements.txt")))
def test_every_runtime_package_is_locked_inside_its_declared_range(name):
    requirement = declared("requirements.txt")[name]
    assert requirement.specifier.contains(locked()[name]), (
        f"{name}: requirements.lock is stale; refresh it as the README's Dependencies section says"
    )
