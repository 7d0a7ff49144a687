"""AppTest flows: every menu entry opens without an exception, and the screens do their job."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import owner_of

import ui
from coach import store
from coach.content import sources
from coach.triage import content

PAGES = [p for p in ui.menu_paths() if p != "app.py"]
ROOT = Path(__file__).resolve().parent.parent


def test_the_first_screen_does_not_wait_for_altair():
    """Altair takes most of a second to import on a cold start: not before anyone signs in."""
    tree = ast.parse((ROOT / "app.py").read_text())
    imports = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    probe = "import sys; print('altair' in sys.modules)"
    code = "\n".join([*imports, "import coach.accounts", probe])
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "False"


def test_home_shows_safety_note_and_current_client_summary(at):
    text = " ".join(w.value for w in at.warning)
    assert "does not diagnose" in text
    assert "emergency" in text
    assert at.sidebar.selectbox(key=ui.CLIENT_PICKER).value is not None
    assert [m.label for m in at.metric] == ["Latest pain", "Last check-in", "Last triage"]


def test_first_start_seeds_demo_clients_once(at, app_db):
    at.run()
    db = store.connect(app_db)
    assert len(store.list_clients(db, owner_of(at))) == 6


@pytest.mark.parametrize("page", PAGES)
def test_every_menu_page_opens_without_exception(at, page):
    at.switch_page(page).run()
    assert not at.exception
    assert at.title


def test_sources_screen_lists_every_source_with_its_id(at):
    at.switch_page("pages/9_Sources.py").run()
    text = " ".join(m.value for m in at.markdown)
    for s in sources().values():
        assert f"`{s.id}`" in text and s.title in text


def test_current_client_survives_moving_between_pages(at):
    at.sidebar.selectbox(key=ui.CLIENT_PICKER).select_index(2).run()
    chosen = at.session_state[ui.CLIENT_ID]
    assert at.sidebar.selectbox(key=ui.CLIENT_PICKER).value == chosen
    for page in PAGES:
        at.switch_page(page).run()
        assert at.sidebar.selectbox(key=ui.CLIENT_PICKER).value == chosen


# ---------------------------------------------------------------- triage


def answer_all(at, **overrides):
    """Answer every triage question with its calm answer unless overridden."""
    from coach.demo import baseline_answers

    answers = baseline_answers(**overrides)
    for q in content().questions:
        key = f"triage_{q.key}"
        if q.key not in answers:
            continue
        if q.kind in ("yes_no", "choice"):
            at.radio(key=key).set_value(answers[q.key])
        elif q.key == "pain_now":
            at.pills(key=key).set_value(answers[q.key])
        else:
            at.number_input(key=key).set_value(answers[q.key])
    return at


def submit(at):
    at.button(key="FormSubmitter:triage_form-See the outcome").click().run()
    assert not at.exception
    return at


@pytest.fixture
def triage(at):
    at.switch_page("pages/1_Triage.py").run()
    return at


def test_red_flag_questions_start_unanswered(triage):
    for q in content().in_group("red_flags"):
        if q.kind == "number":
            continue
        assert triage.radio(key=f"triage_{q.key}").value is None


def test_submit_with_an_unanswered_red_flag_is_blocked_and_names_it(triage):
    answer_all(triage)
    triage.radio(key="triage_saddle_numbness").set_value(None)
    submit(triage)
    assert "saddle" in triage.error[0].value
    assert not triage.success


def test_emergency_outcome_is_the_first_thing_on_the_screen(triage):
    answer_all(triage, bladder_bowel_change=True)
    submit(triage)
    first = triage.main.children[0].children[0]
    assert "EMERGENCY" in first.value
    assert "emergency" in first.value.lower()
    assert any("Tell the emergency service" in m.value for m in triage.markdown)


def test_saved_triage_appears_in_history_with_changes(triage, app_db):
    db = store.connect(app_db)
    client_id = triage.session_state[ui.CLIENT_ID]
    before = len(store.list_triages(db, owner_of(triage), client_id))
    answer_all(triage, pain_now=5, radiating="thigh")
    submit(triage)
    assert "Saved" in triage.success[0].value
    history = store.list_triages(db, owner_of(triage), client_id)
    assert len(history) == before + 1
    assert history[0]["level"] == "see_clinician"
    assert history[0]["answers"]["radiating"] == "thigh"
    assert any(e.label.endswith("See a clinician soon") for e in triage.expander)
    if before:
        assert any(m.value.startswith("- New:") for m in triage.markdown)


def test_quick_self_check_stores_nothing(triage, app_db):
    db = store.connect(app_db)
    count = db.scalar("SELECT COUNT(*) FROM triages")
    triage.radio(key="triage_target").set_value("Quick self-check (nothing is saved)").run()
    answer_all(triage, pain_now=4)
    submit(triage)
    assert "REST" in triage.info[0].value
    assert db.scalar("SELECT COUNT(*) FROM triages") == count
    assert not triage.success


# ---------------------------------------------------------------- clients


def test_add_client_makes_it_current(at):
    at.switch_page("pages/7_Clients.py").run()
    form_inputs = [t for t in at.text_input if t.label == "Name"]
    form_inputs[0].input("Robin New")
    at.button(key="FormSubmitter:clients_add-Add client").click().run()
    assert not at.exception
    assert (
        at.sidebar.selectbox(key=ui.CLIENT_PICKER).format_func(
            at.sidebar.selectbox(key=ui.CLIENT_PICKER).value
        )
        == "Robin New"
    )


def test_blank_name_is_refused_with_a_message(at, app_db):
    at.switch_page("pages/7_Clients.py").run()
    at.button(key="FormSubmitter:clients_add-Add client").click().run()
    assert "name" in at.error[0].value
    assert len(store.list_clients(store.connect(app_db), owner_of(at))) == 6


def test_archive_removes_client_from_picker(at):
    at.switch_page("pages/7_Clients.py").run()
    picker = at.sidebar.selectbox(key=ui.CLIENT_PICKER)
    name = picker.options[picker.index]
    at.button(key="clients_archive").click().run()
    assert name not in at.sidebar.selectbox(key=ui.CLIENT_PICKER).options
