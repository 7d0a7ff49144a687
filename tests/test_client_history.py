"""A client's history (who changed what, and when) and careful clearances that can be undone."""

from datetime import date, timedelta

import pytest
from conftest import (
    FAREWELL,
    ME,
    NOW,
    OWNER,
    choose_client,
    entry,
    fill_clearance,
    noon,
    owner_of,
    submit_form,
)

import ui
from coach import accounts, portability, store
from coach.client_history import describe, history_lines
from coach.demo import baseline_answers
from coach.errors import InvalidInput
from coach.intake import NEEDS_CLEARANCE
from coach.profiles import Profile
from coach.store import history
from coach.triage import assess

pytestmark = pytest.mark.both_backends
DAY = date(2026, 1, 5)
TODAY = date(2026, 1, 10)


@pytest.fixture
def pat(db) -> store.Viewer:
    """A trainer of OWNER's workspace, named, who is assigned every client they add."""
    account = store.add_account(
        db, OWNER, "pat", "", "hash", False, NOW, role=store.TRAINER, name="Pat Trainer"
    )
    return store.viewer_for(db, OWNER, account.id)


def actions(db, client_id: int) -> list[str]:
    return [c.action for c in store.client_history(db, ME, client_id)]


def test_every_change_to_a_record_says_who_made_it_and_when(db, pat):
    client = store.add_client(db, pat, Profile("Casey Client", 30), NOW)
    later = noon(TODAY)  # the day the clearances name has come
    store.add_entries(db, pat, client.id, [entry(0, 3), entry(1, 4)], later)
    triage_id = store.save_triage(db, pat, client.id, {}, {"level": "see_clinician"}, later)
    store.clear_triage(db, pat, triage_id, "Dr Lee", DAY, "", later)
    store.save_plan(db, pat, client.id, {"weeks": []}, DAY, "built", later)
    intake_id = store.save_intake(db, pat, client.id, {}, NEEDS_CLEARANCE, [], later)
    store.clear_intake(db, pat, intake_id, "Dr Ng", DAY, "", later)
    changes = store.client_history(db, ME, client.id)
    assert [c.action for c in reversed(changes)] == [
        history.ADDED,
        history.LOG_ADDED,
        history.TRIAGE_SAVED,
        history.TRIAGE_CLEARED,
        history.PLAN_SAVED,
        history.INTAKE_SAVED,
        history.INTAKE_CLEARED,
    ]
    assert {c.actor for c in changes} == {"Pat Trainer"}
    assert (changes[-1].ts, changes[0].ts) == (NOW, later)  # each line at its write's `now`
    assert changes[-2].detail == "2"  # two log entries in one write
    cleared = changes[3]
    assert (cleared.detail, cleared.day, cleared.record_id) == ("Dr Lee", DAY, triage_id)


def test_a_clients_own_entry_is_theirs_in_the_history(db, client):
    person = accounts.new_account(db, "casey", "a long password", "Casey", "client", "", False, NOW)
    store.link_client(db, ME, client.id, person.id, NOW)
    casey = store.Viewer(OWNER, person.id, store.CLIENT)
    store.add_entry(db, casey, client.id, entry(0, 2), NOW, by_client=True)
    assert store.client_history(db, ME, client.id)[0].actor == "Casey"


def test_a_refused_change_leaves_no_line(db, client):
    store.add_entry(db, ME, client.id, entry(0, 3), NOW)
    before = actions(db, client.id)
    with pytest.raises(InvalidInput):
        store.clear_triage(
            db,
            ME,
            store.save_triage(db, ME, client.id, {}, {"level": "rest"}, NOW),
            "",
            DAY,
            "",
            noon(DAY),
        )
    assert actions(db, client.id) == [history.TRIAGE_SAVED, *before]


def test_an_erasure_leaves_one_line_that_names_nobody(db, client):
    store.add_entry(db, ME, client.id, entry(0, 3), NOW)
    store.erase_client(db, ME, client.id, FAREWELL)
    rows = db.query("SELECT client_id, action, actor FROM client_history")
    assert rows == [{"client_id": None, "action": history.ERASED, "actor": "Alex Trainer"}]


def test_a_trainer_sees_no_history_of_a_client_not_assigned_to_them(db, client, pat):
    store.add_entry(db, ME, client.id, entry(0, 3), NOW)
    assert store.client_history(db, pat, client.id) == []
    store.set_assignments(db, ME, client.id, {pat.account_id}, NOW)
    assert history.ASSIGNED in [c.action for c in store.client_history(db, pat, client.id)]


# ---------------------------------------------------------------- careful clearance


@pytest.fixture
def referral(db, client) -> int:
    """A saved triage that refers the client on: a pain into the thigh."""
    answers = baseline_answers(radiating="thigh")
    return store.save_triage(db, ME, client.id, answers, assess(answers).to_dict(), NOW)


@pytest.mark.parametrize(
    ("by", "on", "message"),
    [
        ("", DAY, "cleared by"),
        ("   ", DAY, "cleared by"),
        ("Dr Lee", None, "cleared on"),
        ("Dr Lee", TODAY + timedelta(days=1), "not come yet"),
        ("x" * (store.MAX_CLEARED_BY + 1), DAY, "characters"),
    ],
)
def test_a_clearance_needs_who_and_a_day_that_has_come(db, client, referral, by, on, message):
    with pytest.raises(InvalidInput, match=message):
        store.clear_triage(db, ME, referral, by, on, "", noon(TODAY))
    assert store.latest_triage(db, ME, client.id).cleared_on is None
    assert history.TRIAGE_CLEARED not in actions(db, client.id)


def test_a_clearance_records_who_and_when_and_can_be_undone(db, client, referral):
    store.clear_triage(db, ME, referral, "  Dr Lee  ", DAY, "gentle only", noon(TODAY))
    cleared = store.latest_triage(db, ME, client.id)
    assert (cleared.cleared_by, cleared.cleared_on, cleared.cleared_note) == (
        "Dr Lee",
        DAY,
        "gentle only",
    )
    store.undo_triage_clearance(db, ME, referral, noon(TODAY))
    reopened = store.latest_triage(db, ME, client.id)
    assert (reopened.cleared_by, reopened.cleared_on) == ("", None)
    assert actions(db, client.id)[:2] == [
        history.TRIAGE_CLEARANCE_UNDONE,
        history.TRIAGE_CLEARED,
    ]
    with pytest.raises(InvalidInput, match="not cleared"):
        store.undo_triage_clearance(db, ME, referral, noon(TODAY))


def test_who_cleared_travels_in_an_export_and_older_exports_still_import(db, client, referral):
    store.clear_triage(db, ME, referral, "Dr Lee", DAY, "", noon(TODAY))
    data = portability.export_data(db, ME, client.id)
    store.ensure_owner(db, "elsewhere", "Elsewhere", NOW)
    elsewhere = store.Viewer("elsewhere")
    portability.import_data(db, elsewhere, data, noon(TODAY))
    (moved,) = store.list_clients(db, elsewhere)
    assert store.latest_triage(db, elsewhere, moved.id).cleared_by == "Dr Lee"
    for record in data["clients"]:
        for row in (*record["triages"], *record["intakes"]):
            del row["cleared_by"]
    assert portability.import_data(db, elsewhere, data, noon(TODAY)) == 1


def test_an_intake_clearance_is_as_careful_and_as_undoable(db, client):
    intake_id = store.save_intake(db, ME, client.id, {}, NEEDS_CLEARANCE, [], NOW)
    with pytest.raises(InvalidInput, match="cleared on"):
        store.clear_intake(db, ME, intake_id, "Dr Ng", None, "", noon(TODAY))
    store.clear_intake(db, ME, intake_id, "Dr Ng", DAY, "", noon(TODAY))
    assert store.latest_intake(db, ME, client.id).cleared_by == "Dr Ng"
    store.undo_intake_clearance(db, ME, intake_id, NOW)
    assert store.latest_intake(db, ME, client.id).cleared_on is None


def test_only_the_newest_clearance_of_a_record_still_cleared_offers_its_undoing(
    db, client, referral
):
    store.clear_triage(db, ME, referral, "Dr Lee", DAY, "", noon(TODAY))
    store.undo_triage_clearance(db, ME, referral, noon(TODAY))
    store.clear_triage(db, ME, referral, "Dr Ng", DAY, "", noon(TODAY))
    changes = store.client_history(db, ME, client.id)
    lines = history_lines(changes, {referral}, set())
    assert [line.undo for line in lines if line.change.action == history.TRIAGE_CLEARED] == [
        "triage",
        None,
    ]
    assert not [line for line in history_lines(changes, set(), set()) if line.undo]


def test_a_line_is_in_words_not_stored_ids(db, client, referral):
    (line, *_) = [c for c in store.client_history(db, ME, client.id)]
    assert describe(line) == "Triage saved: See a professional"


# ---------------------------------------------------------------- on the screens


@pytest.fixture
def summary(at):
    choose_client(at, "Priya Shah")
    at.switch_page("pages/6_Client_summary.py").run()
    assert flagged(at)
    return at


def shown(app) -> str:
    """The screen's Markdown as read: without the escapes and word joiners `ui.plain` adds."""
    return " ".join(m.value for m in app.markdown).replace("\u2060", "").replace("\\", "")


def flagged(app) -> bool:
    return any("Flagged until cleared" in a.value for a in [*app.info, *app.warning, *app.error])


def test_the_clearance_form_fills_in_no_day(summary):
    assert next(d for d in summary.date_input if d.label == "Cleared on").value is None
    form = fill_clearance(summary, None, None)
    submit_form(summary, form)
    assert "cleared by" in summary.error[0].value
    assert flagged(summary)


def test_a_clearance_without_a_day_is_refused_on_the_screen(summary):
    submit_form(summary, fill_clearance(summary, "Dr Lee", None))
    assert "cleared on" in summary.error[0].value
    assert flagged(summary)


def not_saved(app) -> list[str]:
    return [w.value for w in app.warning if "was not saved" in w.value]


def test_the_summary_shows_the_history_and_undoes_a_clearance(summary, app_db):
    submit_form(summary, fill_clearance(summary, "Dr Lee", date.today()))
    assert not flagged(summary) and not not_saved(summary)
    assert "Referral cleared by: Dr Lee" in shown(summary)
    assert "Demo trainer" in shown(summary)
    (undo,) = [b for b in summary.button if b.label == "Undo this clearance"]
    undo.click().run()
    assert not summary.exception
    assert flagged(summary)
    assert "Referral clearance undone (was by): Dr Lee" in shown(summary)
    client_id = summary.session_state[ui.CLIENT_ID]
    viewer = store.Viewer(owner_of(summary))
    assert store.latest_triage(store.connect(app_db), viewer, client_id).cleared_on is None


def test_a_clearance_another_tab_saved_first_is_refused_in_words(summary, app_db):
    """Two tabs hold the form; the other saves first, so this one's form is gone when it sends."""
    form = fill_clearance(summary, "Dr B", date.today())
    db, viewer = store.connect(app_db), store.Viewer(owner_of(summary))
    referral = store.latest_triage(db, viewer, summary.session_state[ui.CLIENT_ID])
    store.clear_triage(db, viewer, referral.id, "Dr A", NOW.date(), "", NOW)
    submit_form(summary, form)
    assert not summary.exception
    [said] = not_saved(summary)
    assert said.startswith("The clearance by Dr B was not saved: Dr A's clearance of ")
    assert said.endswith(
        "was recorded first, in another tab or by a colleague. The history shows it."
    )
    assert store.latest_triage(db, viewer, referral.client_id).cleared_by == "Dr A"
    summary.run()
    assert not not_saved(summary)  # said once


def test_an_intake_clearance_asks_who_and_when(at, app_db):
    db = store.connect(app_db)
    client_id = at.session_state[ui.CLIENT_ID]
    viewer = store.Viewer(owner_of(at))
    store.save_intake(db, viewer, client_id, {}, NEEDS_CLEARANCE, [], NOW)
    at.switch_page("pages/8_Intake.py").run()
    submit_form(at, fill_clearance(at, "", date.today()))
    assert "cleared by" in at.error[0].value
    submit_form(at, fill_clearance(at, "Dr Ng", date.today()))
    assert store.latest_intake(db, viewer, client_id).cleared_by == "Dr Ng"
    at.switch_page("pages/6_Client_summary.py").run()
    assert [b for b in at.button if b.label == "Undo this clearance"]
