"""The shipped content in data/: each file parses, documents itself, and its references resolve."""

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from coach import hydration, invitations, plans, roster, trends
from coach.content import DATA_DIR, PainRule, build, labels, load_toml, pain_rule, sources
from coach.demo import baseline_answers
from coach.errors import ContentError
from coach.triage import Level, assess
from coach.triage import content as triage_content

ROOT = DATA_DIR.parent
DATA_FILES = sorted(p.name for p in DATA_DIR.glob("*.toml"))


@dataclass(frozen=True)
class Limit:
    limit: int


@dataclass(frozen=True)
class SourcedLimit:
    limit: int
    source: str


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


TYPED_FILES = {
    "pain_monitoring.toml": pain_rule,
    "trends.toml": trends.rules,
    "core_plan.toml": plans.rules,
    "hydration.toml": hydration.rules,
    "roster.toml": roster.rules,
    "labels.toml": labels,
    "invitations.toml": invitations.rules,
}


@pytest.mark.parametrize("name", sorted(TYPED_FILES))
def test_typed_file_loads_with_a_source_for_every_number(name):
    assert TYPED_FILES[name]()


def test_a_number_without_a_source_is_refused():
    with pytest.raises(ContentError, match="limit: a number needs its source"):
        build(Limit, {"limit": 5}, "x.toml")


def test_a_number_with_its_source_or_in_a_sourced_table_loads():
    assert build(Limit, {"limit": {"value": 5, "source": "article"}}, "x.toml").limit == 5
    assert build(SourcedLimit, {"limit": 5, "source": "article"}, "x.toml").limit == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"limit": {"value": 5, "source": "article"}, "extra": 1}, "unknown field 'extra'"),
        ({}, "missing field 'limit'"),
        ({"limit": {"value": 5.5, "source": "article"}}, "expected a int"),
        ({"limit": {"value": True, "source": "article"}}, "expected a int"),
    ],
)
def test_the_loader_names_the_file_and_the_field_of_a_mistake(data, message):
    with pytest.raises(ContentError, match=f"x.toml: .*{message}"):
        build(Limit, data, "x.toml")


def rule_data(**changes) -> dict:
    zones = [(0, 3), (4, 5), (6, 10)]
    data = {
        "during_max": {"value": 5, "source": "article"},
        "weekly_rise": {"value": 1.0, "source": "article"},
        "source": "article",
        "statement": "Up to {during_max}/10.",
        "zones": [
            {"label": "z", "low": lo, "high": hi, "colour": "#fff", "source": "article"}
            for lo, hi in zones
        ],
        "advice": {
            "title": "Ease off",
            "text": "{who}: {during}",
            "during_note": "{during}",
            "source": "article",
        },
    }
    return data | changes


def test_the_pain_rule_is_worded_from_its_one_value():
    rule = build(PainRule, rule_data(), "x")
    assert rule.text == "Up to 5/10."


def test_the_pain_rule_limit_must_end_a_zone():
    with pytest.raises(ContentError, match="one zone must end at during_max"):
        build(PainRule, rule_data(during_max={"value": 4, "source": "article"}), "x")


def test_pain_zones_must_cover_nought_to_ten_without_gaps():
    gap = rule_data()
    gap["zones"] = gap["zones"][:1] + gap["zones"][2:]
    with pytest.raises(ContentError, match="without gaps"):
        build(PainRule, gap, "x")


PAIN_DURING_WITH_A_NUMBER = re.compile(r"(pain during|during (an )?exercise)[^\"'\n]*\d", re.I)


def test_the_pain_during_exercise_limit_is_written_only_in_its_data_file():
    """Every other place formats the rule from data/pain_monitoring.toml, so no two disagree."""
    places = [
        *DATA_DIR.glob("*.toml"),
        ROOT / "app.py",
        *(ROOT / "coach").rglob("*.py"),
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui").rglob("*.py"),
    ]
    assert len(places) > 20
    found = [
        f"{path.name}: {line.strip()}"
        for path in places
        if path.name != "pain_monitoring.toml"
        for line in path.read_text().splitlines()
        if PAIN_DURING_WITH_A_NUMBER.search(re.sub(r"\{[^}]*\}|/10|out of 10", "", line))
    ]
    assert found == []


def test_the_pain_rule_reads_the_same_wherever_it_appears():
    rule = pain_rule()
    train = assess(baseline_answers())
    assert train.level is Level.TRAIN
    assert any(rule.text in advice for advice in train.advice)
    assert rule.text in sources()["pain_monitoring_physio"].used_for
    days = pd.date_range("2026-01-01", periods=3)
    log = pd.DataFrame({"date": days, "pain": 2, "pain_during": rule.during_max + 1})
    assert rule.text in trends.analyze(log).findings["pain_monitoring"].explanation
    plan = plans.build_plan("beginner", 4, 2, 20, pain_now=2)
    adapted = plans.adapt(plan, log.assign(minutes=20))
    assert adapted.rule == "pain_during_high"
    assert f"above {rule.during_max}/10" in adapted.reason


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


def _downloads() -> list[tuple[Path, ast.Call]]:
    """Every download button drawn by the app, its pages and the shared UI."""
    scripts = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    return [
        (script, node)
        for script in [*scripts, *sorted((ROOT / "ui").glob("*.py"))]
        for node in ast.walk(ast.parse(script.read_text()))
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("download_button")
    ]


def test_downloads_do_not_rerun_the_page():
    """A rerun after a download replaces the other download buttons mid-request: their deferred
    files can then hang. Nothing a download does needs a rerun."""
    downloads = _downloads()
    assert len(downloads) >= 5
    for script, node in downloads:
        on_click = {k.arg: ast.unparse(k.value) for k in node.keywords}.get("on_click")
        assert on_click == "'ignore'", f"{script.name}:{node.lineno}"


def test_a_deferred_download_opens_its_own_connection():
    """A file made when it is asked for runs on another thread than the run that drew the
    button, and a SQLite connection refuses to be used from another thread: a download that
    reads the database opens its own (`ui.database()`), never the run's `db`."""
    deferred = [
        (script, data)
        for script, node in _downloads()
        for data in [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "data")]
        if isinstance(data, ast.Lambda)
    ]
    assert len(deferred) >= 5
    for script, data in deferred:
        names = {ast.unparse(n) for n in ast.walk(data) if isinstance(n, ast.Name | ast.Attribute)}
        assert not names & {"db", "ctx.db"}, f"{script.name}:{data.lineno}"


STORE_WRITES = re.compile(
    r"(store|accounts|portability)\.(add|save|set|record|clear|update|apply|erase|import|create)"
)


def _shows_errors(node: ast.AST) -> bool:
    """A `with ui.errors_shown():` block, or a try that catches BackCoachError."""
    if isinstance(node, ast.With):
        return any("errors_shown" in ast.unparse(item.context_expr) for item in node.items)
    if isinstance(node, ast.Try):
        return any(
            h.type is not None and "BackCoachError" in ast.unparse(h.type) for h in node.handlers
        )
    return False


def test_every_write_on_a_page_shows_a_refusal_as_its_message():
    """A write may be refused (bad input, gone, the database busy under load): the visitor reads
    why, never the generic error screen."""
    for page in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        tree = ast.parse(page.read_text())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and STORE_WRITES.match(ast.unparse(node.func)):
                enclosing, shown = node, False
                while enclosing in parents and not shown:
                    enclosing = parents[enclosing]
                    shown = _shows_errors(enclosing)
                assert shown, f"{page.name}:{node.lineno} {ast.unparse(node.func)}"


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
