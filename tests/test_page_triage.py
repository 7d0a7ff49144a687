"""The triage screen in AppTest: warning signs first, the outcome at once, one client's form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import FAREWELL, choose_client, fill_clearance, owner_of, picker
from streamlit.testing.v1 import AppTest

import ui
from coach import store
from coach.demo import baseline_answers
from coach.triage import content
from ui.triage_flow import WEEK_OR_MORE

PAGE = "pages/1_Triage.py"


def prefix(at: AppTest, saved: bool = True) -> str:
    """The widget-key prefix of the check on screen: the current client's, or the self-check's."""
    owner = owner_of(at) if ui.OWNER_ID in at.session_state else "visitor"
    if saved:
        return f"triage_{owner}-c{at.session_state[ui.CLIENT_ID]}_"
    return f"triage_{owner}-self_"


def find(elements, key: str):
    try:
        return elements(key=key)
    except KeyError:
        return None


def shown_section(at: AppTest, start: str):
    """The section being asked, found by its widgets."""
    for section in content().sections:
        if section.kind == "checklist" and find(at.button, f"{start}{section.id}_none"):
            return section
        if section.kind == "questions" and not section.optional:
            for key in section.keys:
                if find(at.radio, start + key) or find(at.pills, start + key):
                    return section
                if find(at.number_input, start + key):
                    return section
    return None


def answer(at: AppTest, start: str, answers: dict[str, Any]) -> AppTest:
    """Answer as a person would: in each checklist tick what applies, then "None of the others";
    each question in turn. Stops when no section is left to ask."""
    for _ in range(40):
        section = shown_section(at, start)
        if section is None:
            return at
        if section.kind == "checklist":
            for index, item in enumerate(section.items):
                box = find(at.checkbox, f"{start}{section.id}_{index}")
                if box and all(answers.get(k) == v for k, v in item.set.items()):
                    box.check().run()
            if done := find(at.button, f"{start}{section.id}_none"):
                done.click().run()  # still asked: the ticks so far could not settle it
        else:
            for key in section.keys:
                if key in answers:
                    set_question(at, start, key, answers[key])
        assert not at.exception
    pytest.fail("the questions never ended")


def set_question(at: AppTest, start: str, key: str, value: Any) -> None:
    name = start + key
    if widget := find(at.radio, name):
        widget.set_value(value).run()
    elif widget := find(at.pills, name):
        if content().question(key).widget == "days" and value >= 7:
            widget.set_value(WEEK_OR_MORE).run()
            at.number_input(key=f"{name}_exact").set_value(value).run()
        else:
            widget.set_value(value).run()
    elif widget := find(at.number_input, name):
        widget.set_value(value).run()


def outcome(at: AppTest):
    """The first element on the screen, where an outcome must be."""
    return at.main.children[0].children[0] if at.main.children[0].children else None


@pytest.fixture
def triage(at):
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_nothing_is_ticked_or_answered_at_the_start(triage):
    assert triage.checkbox and not any(box.value for box in triage.checkbox)
    assert all(r.value is None for r in triage.radio if r.key != f"triage_target_{cid(triage)}")
    assert outcome(triage) is None


def cid(at: AppTest) -> int:
    return at.session_state[ui.CLIENT_ID]


def test_one_tick_shows_the_emergency_first_before_anything_else_is_answered(triage):
    start = prefix(triage)
    labels = [i.label for i in content().section("bladder").items]
    triage.checkbox(key=f"{start}bladder_{labels.index(labels[2])}").check().run()
    first = outcome(triage)
    assert first.type == "error" and "Emergency: get care now" in first.value
    assert any("What to tell them" in m.value for m in triage.markdown)
    assert not any("Likely causes" in m.value for m in triage.markdown)
    assert any(s.value == "Anything else to tell them?" for s in triage.subheader)


def test_urgent_looks_and_reads_differently_from_emergency(triage):
    answer(triage, prefix(triage), baseline_answers(fever_or_unwell=True))
    first = outcome(triage)
    assert first.type == "warning" and "Urgent: see a doctor today" in first.value
    assert "Emergency" not in first.value


def test_no_outcome_is_shown_while_a_question_that_could_raise_it_is_open(triage):
    start = prefix(triage)
    answers = baseline_answers(pain_now=4)
    for section_id in ("bladder", "legs", "injury", "infection", "other"):
        triage.button(key=f"{start}{section_id}_none").click().run()
    for key in ("age", "pain_now", "days_since_onset"):
        set_question(triage, start, key, answers[key])
    assert outcome(triage) is None  # rest is known, but the spread of the pain could raise it
    triage.button(key=f"{start}spread_none").click().run()
    assert "Rest from hard training" in outcome(triage).value


def test_switching_clients_never_carries_an_answer(triage):
    start = prefix(triage)
    for section_id in ("bladder", "legs", "injury", "infection", "other"):
        triage.button(key=f"{start}{section_id}_none").click().run()
    set_question(triage, start, "age", 70)
    set_question(triage, start, "pain_now", 4)
    assert triage.number_input(key=start + "age").value == 70
    names = picker(triage)
    other = next(n for n in names.options if n != names.format_func(names.value))
    choose_client(triage, other)
    assert prefix(triage) != start
    assert outcome(triage) is None
    assert not any(box.value for box in triage.checkbox)
    for section_id in ("bladder", "legs", "injury", "infection", "other"):
        triage.button(key=f"{prefix(triage)}{section_id}_none").click().run()
    assert triage.number_input(key=prefix(triage) + "age").value is None


def test_checking_myself_the_check_takes_my_age_from_my_profile_and_says_so(triage, app_db):
    triage.sidebar.button_group(key="sidebar_mode").set_value("person").run()
    assert triage.title[0].value == "Back check"
    me = store.get_client(store.connect(app_db), store.Viewer(owner_of(triage)), cid(triage))
    start = prefix(triage)
    for section_id in ("bladder", "legs", "injury", "infection", "other"):
        triage.button(key=f"{start}{section_id}_none").click().run()
    assert find(triage.pills, start + "pain_now") and not find(triage.number_input, start + "age")
    unasked = {k: v for k, v in baseline_answers().items() if k != "age"}
    answer(triage, start, unasked)
    assert outcome(triage) is not None
    summary = next(e for e in triage.expander if e.label.startswith("Your answers so far"))
    said = " ".join(m.value for m in summary.markdown)
    assert f"Age in years: {me.age} (from your profile)" in said
    assert "imaginable): 1 out of 10; " in said and "start? 1 day " in said, said
    # "Change" on that section shows the age filled in, to change there, not empty
    triage.button(key=f"{start}pain_change").click().run()
    assert triage.number_input(key=start + "age").value == me.age
    # a trainer's check of the same record asks the age: the record may hold a default
    triage.sidebar.button_group(key="sidebar_mode").set_value("trainer").run()
    assert triage.title[0].value == "Triage"


def test_my_week_says_a_finished_check_is_not_saved_yet(triage):
    """The walk's person read an outcome, went to My week unsaved, and read "no check"."""
    triage.sidebar.button_group(key="sidebar_mode").set_value("person").run()
    answer(triage, prefix(triage), baseline_answers())
    triage.switch_page("pages/0_My_week.py").run()
    assert any("not saved yet" in i.value for i in triage.info)
    triage.switch_page(PAGE).run()
    triage.button(key=prefix(triage) + "save").click().run()
    triage.switch_page("pages/0_My_week.py").run()
    assert not any("not saved yet" in i.value for i in triage.info)


def test_the_save_button_comes_straight_after_what_to_do(triage):
    """On a phone the signs, causes and sources filled the first screen above the button."""
    answer(triage, prefix(triage), baseline_answers(pain_now=5, radiating="thigh"))
    top = list(triage.main.children[0].children.values())
    save = next(i for i, e in enumerate(top) if getattr(e, "key", None) == prefix(triage) + "save")
    seen = next(i for i, e in enumerate(top) if str(getattr(e, "value", "")).startswith("**What"))
    assert save == 1 < seen  # the outcome with what to do now, then the button


def test_a_tap_as_a_new_section_appears_counts_for_nothing(triage, monkeypatch):
    """A double tap on "None of these" on a phone: the second tap lands on the next section,
    which then skipped warning signs nobody read, or ticked one nobody chose (third walk)."""
    from ui import clock

    monkeypatch.setenv("BACKCOACH_TAP_SETTLE_MS", "700")
    start, now = prefix(triage), clock.utc_now() + timedelta(seconds=2)  # bladder has settled
    monkeypatch.setattr(clock, "utc_now", lambda: now)
    triage.button(key=f"{start}bladder_none").click().run()
    assert shown_section(triage, start).id == "legs"
    monkeypatch.setattr(clock, "utc_now", lambda: now + timedelta(milliseconds=300))
    triage.checkbox(key=f"{start}legs_0").check().run()
    triage.button(key=f"{start}legs_none").click().run()
    assert shown_section(triage, start).id == "legs"
    assert not triage.checkbox(key=f"{start}legs_0").value
    monkeypatch.setattr(clock, "utc_now", lambda: now + timedelta(seconds=4))
    triage.button(key=f"{start}legs_none").click().run()
    assert shown_section(triage, start).id == "injury"


def test_saving_records_the_outcome_and_history_and_a_new_check_starts_empty(triage, app_db):
    db = store.connect(app_db)
    before = len(store.list_triages(db, store.Viewer(owner_of(triage)), cid(triage)))
    answer(triage, prefix(triage), baseline_answers(pain_now=5, radiating="thigh"))
    assert "See a doctor or physio soon" in outcome(triage).value
    triage.button(key=prefix(triage) + "save").click().run()
    history = store.list_triages(db, store.Viewer(owner_of(triage)), cid(triage))
    assert len(history) == before + 1
    assert history[0].level == "see_clinician"
    assert history[0].answers["radiating"] == "thigh"
    assert "Saved" in triage.success[0].value
    assert any(e.label.endswith("See a doctor or physio soon") for e in triage.expander)
    triage.button(key=prefix(triage) + "new").click().run()
    assert outcome(triage) is None and not any(box.value for box in triage.checkbox)


def test_saving_for_a_client_deleted_in_another_tab_says_so_in_words(triage, app_db):
    doomed = cid(triage)
    answer(triage, prefix(triage), baseline_answers(pain_now=5, radiating="thigh"))
    viewer = store.Viewer(owner_of(triage))
    store.erase_client(store.connect(app_db), viewer, doomed, FAREWELL)  # in another tab
    triage.button(key=prefix(triage) + "save").click().run()
    [message] = triage.error
    assert message.value.startswith("This client is no longer here: deleted (perhaps in another")
    assert message.value.endswith("Nothing was changed.")
    assert str(doomed) not in message.value and "not found" not in message.value


def test_a_self_check_by_a_trainer_stores_nothing(triage, app_db):
    db = store.connect(app_db)
    count = db.query("SELECT COUNT(*) AS n FROM triages")[0]["n"]
    triage.radio(key=f"triage_target_{cid(triage)}").set_value(ui.triage_flow.SELF_CHECK).run()
    answer(triage, prefix(triage, saved=False), baseline_answers(pain_now=4))
    assert "Rest from hard training" in outcome(triage).value
    assert not find(triage.button, prefix(triage, saved=False) + "save")
    assert db.query("SELECT COUNT(*) AS n FROM triages")[0]["n"] == count


def test_the_start_screen_offers_a_quick_check_without_an_account(fresh_app):
    links = {link.proto.page: link.proto.label for link in fresh_app.get("page_link")}
    assert "no account needed" in links["Triage"]


def test_a_visitor_checks_their_back_and_nothing_is_stored(fresh_app, app_db):
    fresh_app.switch_page(PAGE).run()
    assert not fresh_app.exception
    assert fresh_app.title[0].value == "Back check"
    answer(fresh_app, "triage_visitor-self_", baseline_answers(pain_now=4))
    assert "Rest from hard training" in outcome(fresh_app).value
    assert any("Nothing you entered here is stored" in c.value for c in fresh_app.caption)
    db = store.connect(app_db)
    assert db.query("SELECT COUNT(*) AS n FROM triages")[0]["n"] == 0
    assert db.query("SELECT COUNT(*) AS n FROM owners")[0]["n"] == 0
    assert ui.OWNER_ID not in fresh_app.session_state


# ---------------------------------------------------------------- entered in error, and the hold


def save_with(at: AppTest, section_id: str, label_start: str) -> int:
    """Close the sections before `section_id` with "None of these", tick one item, save."""
    start = prefix(at)
    for section in content().sections:
        if section.id == section_id:
            break
        if section.none:
            at.button(key=f"{start}{section.id}_none").click().run()
    index = next(
        i
        for i, item in enumerate(content().section(section_id).items)
        if item.label.startswith(label_start)
    )
    at.checkbox(key=f"{start}{section_id}_{index}").check().run()
    at.button(key=start + "save").click().run()
    assert not at.exception
    return at.session_state[ui.keys.TRIAGE_PROGRESS][start[len("triage_") : -1]]["saved"]["id"]


def why_here(at: AppTest, name: str) -> str:
    at.switch_page("pages/6_Roster.py").run()
    table = at.dataframe[0].value
    return table[table["Client"] == name]["Why here"].iloc[0]


def client_name(at: AppTest) -> str:
    box = picker(at)
    return box.format_func(box.value)


def test_entered_in_error_stops_a_triage_counting_on_roster_and_summary(triage):
    name, client_id = client_name(triage), cid(triage)
    triage_id = save_with(triage, "bladder", "Numbness around the groin")
    assert why_here(triage, name).startswith("Open triage: emergency")
    triage.switch_page("pages/6_Client_summary.py").run()
    assert any("Flagged until cleared: Emergency" in e.value for e in triage.error)

    triage.switch_page(PAGE).run()
    triage.text_input(key=ui.for_client("triage_error_reason", client_id, triage_id)).input(
        "Answered for the wrong client"
    )
    form = ui.for_client("triage_error", client_id, triage_id)
    triage.button(key=f"FormSubmitter:{form}-Mark as entered in error").click().run()
    assert not triage.exception
    assert any("entered in error" in e.label for e in triage.expander)
    assert any("Answered for the wrong client" in c.value for c in triage.caption)

    assert not why_here(triage, name).startswith("Open triage: emergency")
    triage.switch_page("pages/6_Client_summary.py").run()
    assert not any("Emergency" in a.value for a in [*triage.warning, *triage.error])
    # Only the record's history still says it was saved, and then that it was entered in error.
    lines = [m.value for m in triage.markdown if "Emergency" in m.value]
    assert len(lines) == 1 and "Triage saved" in lines[0]
    assert any("Triage marked entered in error" in m.value for m in triage.markdown)


def test_an_urgent_triage_holds_training_until_a_clearance(triage):
    triage_id = save_with(triage, "infection", "A fever")
    for page in ("pages/3_Warm_up.py", "pages/4_Core_plan.py"):
        triage.switch_page(page).run()
        assert not triage.exception
        assert "Training is on hold" in triage.warning[0].value
        assert not triage.title  # the training content waits behind the message
    triage.toggle[0].set_value(True).run()
    assert triage.title and "Training is on hold" in triage.warning[0].value

    triage.switch_page("pages/6_Client_summary.py").run()
    form = ui.for_client("summary_clearance", cid(triage), triage_id)
    assert fill_clearance(triage, "Dr Lee", date.today()) == form
    triage.button(key=f"FormSubmitter:{form}-Record clearance").click().run()
    triage.switch_page("pages/3_Warm_up.py").run()
    assert triage.title and not any("on hold" in w.value for w in triage.warning)


def test_in_personal_mode_the_hold_says_do_not_train_until_seen(triage):
    save_with(triage, "bladder", "Numbness around the groin")
    triage.sidebar.button_group(key="sidebar_mode").set_value("person").run()
    triage.switch_page("pages/2_Form_check.py").run()
    assert triage.error[0].value.startswith("Don't train until you have been seen")
    assert "record it on My week" in triage.error[0].value
    assert not triage.title
    # Seen at the emergency department: the person records it on My week, and the hold lifts.
    triage.switch_page("pages/0_My_week.py").run()
    assert triage.error[0].value.startswith("**Today: Emergency")
    form = fill_clearance(triage, "Dr Adeyemi (A&E)", date.today())
    triage.button(key=f"FormSubmitter:{form}-Record clearance").click().run()
    assert not triage.exception
    assert not [e for e in triage.error if "Emergency" in e.value]
    triage.switch_page("pages/2_Form_check.py").run()
    assert triage.title and not any("until you have been seen" in e.value for e in triage.error)
