"""The shipped content in data/: each file parses, documents itself, and its references resolve."""

import ast
import os
import re

import pytest

from coach.content import DATA_DIR, load_toml, sources
from coach.triage import content as triage_content

ROOT = DATA_DIR.parent
DATA_FILES = sorted(p.name for p in DATA_DIR.glob("*.toml"))


def cited_ids(node) -> set[str]:
    """Every value under a `source` or `sources` key, at any depth."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                found.add(value)
            elif key == "sources" and isinstance(value, list):
                found.update(value)
            else:
                found |= cited_ids(value)
    elif isinstance(node, list):
        for item in node:
            found |= cited_ids(item)
    return found


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_parses_and_starts_with_a_field_description(name):
    assert load_toml(name)
    assert (DATA_DIR / name).read_text().startswith("#")


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_source_id_in_data_resolves(name):
    assert cited_ids(load_toml(name)) - set(sources()) == set()


def test_every_source_id_cited_in_code_resolves():
    pattern = re.compile(r"""cite\(\s*["']([a-z0-9_]+)["']""")
    code = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts]
    cited = {m for p in code for m in pattern.findall(p.read_text())}
    assert cited
    assert cited - set(sources()) == set()


def test_sources_have_every_field_filled():
    for s in sources().values():
        assert re.fullmatch(r"[a-z0-9_]+", s.id)
        assert s.title and s.author and s.used_for
        assert 1900 < s.year < 2100


def test_article_is_in_the_registry():
    assert sources()["article"].title == "Lower Back Pain From Working Out"


def test_triage_causes_link_to_pages_that_exist():
    for cause in triage_content().causes:
        assert cause.page == "" or (ROOT / cause.page).exists(), cause.id


def prose(node) -> list[str]:
    """Every string in a content file except titles, which name a cited work and may match it."""
    if isinstance(node, dict):
        return [t for k, v in node.items() if k != "title" for t in prose(v)]
    if isinstance(node, list):
        return [t for item in node for t in prose(item)]
    return [node] if isinstance(node, str) else []


def eight_word_runs(text: str) -> set[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}


@pytest.mark.parametrize("name", DATA_FILES)
def test_no_sentence_is_copied_from_the_article(name):
    path = ROOT.parent / "shared/guidance/source-article.txt"
    if not path.exists() and not os.environ.get("CI"):
        pytest.skip("the source article is only beside the repository in CI and on dev machines")
    article = eight_word_runs(path.read_text())
    ours = set().union(*(eight_word_runs(t) for t in prose(load_toml(name))))
    assert ours & article == set()


def test_coach_never_imports_streamlit():
    for path in (ROOT / "coach").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_every_page_starts_with_page_setup():
    for page in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        tree = ast.parse(page.read_text())
        calls = [
            n
            for n in tree.body
            if isinstance(n, ast.Expr | ast.Assign) and "page_setup" in ast.unparse(n)
        ]
        assert calls, page.name
        first_statement = next(
            n
            for n in tree.body
            if not isinstance(n, ast.Import | ast.ImportFrom | ast.Expr)
            or "page_setup" in ast.unparse(n)
        )
        assert "page_setup" in ast.unparse(first_statement), page.name


def test_downloads_do_not_rerun_the_page():
    """A rerun after a download replaces the other download buttons mid-request: their deferred
    files can then hang. Nothing a download does needs a rerun."""
    for page in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(page.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("download_button"):
                on_click = {k.arg: ast.unparse(k.value) for k in node.keywords}.get("on_click")
                assert on_click == "'ignore'", f"{page.name}:{node.lineno}"


NAVIGATION_CALL = "st." + "navigation("  # split so this file does not match its own check


def test_st_navigation_is_never_called():
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path.parent.name == "tests":
            continue
        assert NAVIGATION_CALL not in path.read_text(), path


def test_every_triage_level_has_a_short_distinct_label():
    levels = triage_content().levels.values()
    labels = [info.label for info in levels]
    assert len(set(labels)) == len(labels) == 5
    assert all(0 < len(label.split()) <= 3 for label in labels)
