"""AppTest flows: every menu entry opens without an exception, and the screens do their job."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import owner_of, picker, submit_form
from streamlit.testing.v1 import AppTest

import ui
from coach import store
from coach.content import sources

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
    assert picker(at).value is not None
    assert [m.label for m in at.metric] == ["Latest pain", "Last check-in", "Last triage"]


def test_first_start_seeds_demo_clients_once(at, app_db):
    at.run()
    db = store.connect(app_db)
    assert len(store.list_clients(db, store.Viewer(owner_of(at)))) == 6


@pytest.mark.parametrize("page", PAGES)
def test_every_menu_page_opens_without_exception(at, page):
    at.switch_page(page).run()
    assert not at.exception
    assert at.title


def test_sources_screen_lists_every_source_by_title_and_author_not_by_id(at):
    at.switch_page("pages/9_Sources.py").run()
    text = " ".join(m.value for m in at.markdown)
    for s in sources().values():
        assert s.title in text and f"{s.author}, {s.year}" in text
        assert f"`{s.id}`" not in text


def test_current_client_survives_moving_between_pages(at):
    picker(at).select_index(2).run()
    chosen = at.session_state[ui.CLIENT_ID]
    assert picker(at).value == chosen
    for page in PAGES:
        at.switch_page(page).run()
        assert picker(at).value == chosen


# ---------------------------------------------------------------- clients


def test_add_client_makes_it_current(at):
    at.switch_page("pages/7_Clients.py").run()
    form_inputs = [t for t in at.text_input if t.label == "Name"]
    form_inputs[0].input("Robin New")
    submit_form(at, "clients_add")
    assert picker(at).format_func(picker(at).value) == "Robin New"
    assert "Added Robin New, now the current client. Next:" in at.success[0].value


def test_a_client_chosen_in_the_menu_right_after_an_add_becomes_current(at):
    at.switch_page("pages/7_Clients.py").run()
    before = picker(at).value
    next(t for t in at.text_input if t.label == "Name").input("Dana Later")
    submit_form(at, "clients_add")
    assert picker(at).format_func(picker(at).value) == "Dana Later"
    picker(at).set_value(before).run()
    assert not at.exception and not at.error
    assert picker(at).value == before and at.session_state[ui.CLIENT_ID] == before


def test_blank_name_is_refused_with_a_message(at, app_db):
    at.switch_page("pages/7_Clients.py").run()
    submit_form(at, "clients_add")
    assert "name" in at.error[0].value
    assert len(store.list_clients(store.connect(app_db), store.Viewer(owner_of(at)))) == 6


def test_archive_removes_client_from_picker(at):
    at.switch_page("pages/7_Clients.py").run()
    box = picker(at)
    name = box.options[box.index]
    at.button(key="clients_archive").click().run()
    assert name not in picker(at).options


@pytest.mark.parametrize(
    ("mode", "is_demo", "whose"),
    [("person", False, "your"), ("person", True, "Sam\\_Me's"), ("trainer", False, "Sam\\_Me's")],
    ids=["own record", "sample client", "trainer's client"],
)
def test_the_current_client_is_your_only_on_the_persons_own_record(mode, is_demo, whose):
    from datetime import UTC, datetime

    from coach.dateformat import DateFormat
    from coach.profiles import Client

    client = Client("Sam_Me", 30, id=1)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ctx = ui.PageContext(None, "o", client, mode, None, is_demo, UTC, now, DateFormat())
    assert ctx.whose() == whose


def test_emergency_and_urgent_outcomes_differ_in_words_and_in_look():
    from coach.triage import Level
    from coach.triage import content as triage_content
    from ui.render import _LEVEL_STYLE

    emergency, urgent = (triage_content().levels[lv] for lv in (Level.EMERGENCY, Level.URGENT))
    assert emergency.title != urgent.title and emergency.action != urgent.action
    assert _LEVEL_STYLE[Level.EMERGENCY] != _LEVEL_STYLE[Level.URGENT]
    assert _LEVEL_STYLE[Level.EMERGENCY][0] is not _LEVEL_STYLE[Level.URGENT][0]


def test_callbacks_whose_widget_is_gone_do_nothing():
    """The second tap of a double tap on the phone roster's card ran the mode control's callback
    after `st.switch_page`, with no value in session state: Streamlit's error page replaced the
    app. Callbacks read through `ui.keys.widget_value` and then do nothing."""

    def script():
        import streamlit as st

        from ui.menu import _switch_mode
        from ui.triage_flow import Progress, _answer, _tick

        _switch_mode("nobody")
        _tick(Progress("gone"), "bladder", 0)
        _answer(Progress("gone"), "age")
        st.write("still here")

    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "still here"
