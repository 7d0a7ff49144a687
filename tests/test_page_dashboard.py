"""AppTest flows for the roster, client summary, intake and person mode."""

import json
from datetime import date, timedelta

import pytest
from conftest import NOW, choose_client, client_key, fill_clearance, owner_of, submit_form

import ui
from coach import store
from coach.intake import questions


@pytest.fixture
def roster_page(at):
    at.switch_page("pages/6_Roster.py").run()
    assert not at.exception
    return at


def test_roster_lists_the_referral_first(roster_page):
    table = roster_page.dataframe[0].value
    assert table["Client"].tolist()[:3] == ["Priya Shah", "Tom Okafor", "Sam Rivera"]
    assert table["Why here"].iloc[0].startswith("Open triage: see a professional")


def test_a_client_with_no_entries_has_no_pain_logged_not_none(roster_page):
    roster_page.switch_page("pages/7_Clients.py").run()
    next(t for t in roster_page.text_input if t.label == "Name").input("Noel Noentries")
    submit_form(roster_page, "clients_add")
    roster_page.switch_page("pages/6_Roster.py").run()
    table = roster_page.dataframe[0].value.set_index("Client")
    assert table.loc["Noel Noentries", "Last pain"] == "none logged"


GLYPH_PX = 5.5  # the table's average character, measured on a 1280 px screenshot
WIDE_TABLE_PX = 820  # the main column at a 1280 px window


def test_why_here_is_second_and_wide_enough_for_every_reason_at_1280_px(roster_page):
    """The column a trainer decides by is read whole without scrolling sideways."""
    table = roster_page.dataframe[0]
    config = json.loads(table.proto.columns)
    assert list(table.value.columns[:2]) == ["Client", "Why here"]
    width = config["Why here"]["width"]
    longest = max(len(text) for text in table.value["Why here"])
    assert GLYPH_PX * longest < width <= WIDE_TABLE_PX - 240


def test_roster_search_and_attention_filter(roster_page):
    roster_page.toggle(key="roster_attention").set_value(True).run()
    assert len(roster_page.dataframe[0].value) == 3
    roster_page.text_input(key="roster_search").input("tom").run()
    assert roster_page.dataframe[0].value["Client"].tolist() == ["Tom Okafor"]


def test_selecting_a_row_opens_the_client_summary(roster_page):
    roster_page.session_state["roster_table"] = {"selection": {"rows": [1], "columns": []}}
    roster_page.run()
    assert not roster_page.exception
    assert roster_page.title[0].value == "Tom Okafor"


def test_clearance_flow_unflags_the_client(at, app_db):
    choose_client(at, "Priya Shah")
    at.switch_page("pages/6_Client_summary.py").run()
    # Priya's referral is to see a clinician soon: the flag is blue as that outcome is, not amber
    assert any(i.value.startswith("Flagged until cleared: See a") for i in at.info)
    fill_clearance(at, "Dr Lee", date.today())
    [form] = {b.form_id for b in at.button if b.label == "Record clearance"}
    assert form.startswith(client_key(at, "summary_clearance"))
    submit_form(at, form)
    assert not [a for a in [*at.info, *at.warning, *at.error] if "Flagged" in a.value]
    at.switch_page("pages/6_Roster.py").run()
    assert at.dataframe[0].value["Client"].iloc[0] != "Priya Shah"


@pytest.mark.parametrize("when", [date(1899, 12, 31), date.today() + timedelta(days=3)])
def test_a_clearance_cannot_be_dated_outside_the_widgets_bounds(at, app_db, when):
    choose_client(at, "Priya Shah")
    at.switch_page("pages/6_Client_summary.py").run()
    form = fill_clearance(at, "Dr Lee", when)
    submit_form(at, form)
    assert not at.exception
    cleared = store.connect(app_db).query("SELECT cleared_on FROM triages")
    assert when.isoformat() not in {r["cleared_on"] for r in cleared}


@pytest.mark.parametrize("when", [date(1899, 12, 31), date.today() + timedelta(days=3)])
def test_an_intake_clearance_cannot_be_dated_outside_the_widgets_bounds(at, app_db, when):
    from coach.intake import NEEDS_CLEARANCE

    db = store.connect(app_db)
    client_id = at.session_state[ui.CLIENT_ID]
    store.save_intake(db, store.Viewer(owner_of(at)), client_id, {}, NEEDS_CLEARANCE, [], NOW)
    at.switch_page("pages/8_Intake.py").run()
    form = fill_clearance(at, "Dr Lee", when)
    submit_form(at, form)
    assert not at.exception
    cleared = db.query("SELECT cleared_on FROM intakes")
    assert when.isoformat() not in {r["cleared_on"] for r in cleared}


def test_referral_download_is_offered_with_chosen_details(at):
    at.switch_page("pages/6_Client_summary.py").run()
    assert at.checkbox(key=client_key(at, "summary_include", "age")).value is True
    assert at.checkbox(key=client_key(at, "summary_include", "notes")).value is False
    assert any(b.key == "summary_referral" for b in at.get("download_button"))


def test_intake_blocks_until_answered_and_saves_the_outcome(at, app_db):
    at.switch_page("pages/8_Intake.py").run()
    form = client_key(at, "intake_form")
    submit_form(at, form)
    assert "Please answer every question" in at.error[0].value
    for q in questions():
        at.radio(key=client_key(at, "intake", q.id)).set_value(q.id == "chest_pain")
    submit_form(at, form)
    assert "medical clearance" in at.warning[0].value
    intake = store.latest_intake(
        store.connect(app_db), store.Viewer(owner_of(at)), at.session_state[ui.CLIENT_ID]
    )
    assert intake.reasons == ("chest_pain",)


def test_person_mode_opens_on_my_week_and_logs_today(at, app_db):
    at.sidebar.button_group(key="sidebar_mode").set_value("person").run()
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.title[0].value == "My week"
    labels = [link.label for link in at.sidebar.get("page_link")]
    assert "My week" in labels and "Roster" not in labels
    at.switch_page("pages/0_My_week.py").run()
    client_id = at.session_state[ui.CLIENT_ID]
    before = len(
        store.recent_entries(store.connect(app_db), store.Viewer(owner_of(at)), client_id, 500)
    )
    at.pills(key=client_key(at, "week_pain", 0)).set_value(3)
    submit_form(at, client_key(at, "week_log", 0))
    after = store.recent_entries(store.connect(app_db), store.Viewer(owner_of(at)), client_id, 500)
    assert len(after) == before + 1 and after[0].pain == 3
    assert (after[0].location, after[0].radiates, after[0].rpe) == (None, None, None)  # not asked
