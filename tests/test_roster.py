"""Roster ordering: every rule, on synthetic clients written straight to a temporary database."""

from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import ME, NOW, THEM, noon

from coach import roster, store
from coach.demo import baseline_answers
from coach.intake import NEEDS_CLEARANCE
from coach.logbook import LogEntry
from coach.profiles import Profile
from coach.triage import assess

TODAY = date(2026, 5, 20)


def add(db, name: str, pains: list[int] = (), days_ago_last: int = 1, **entry_fields) -> int:
    """A client with one entry a day ending `days_ago_last` days before TODAY."""
    client = store.add_client(db, ME, Profile(name, 35), NOW)
    end = datetime.combine(TODAY, datetime.min.time()).replace(hour=8)
    end -= timedelta(days=days_ago_last)
    entries = [
        LogEntry(ts=end - timedelta(days=len(pains) - 1 - i), pain=p, **entry_fields)
        for i, p in enumerate(pains)
    ]
    store.add_entries(db, ME, client.id, entries, NOW)
    return client.id


def triage(db, client_id: int, **answers) -> int:
    result = assess(baseline_answers(**answers))
    when = datetime.combine(TODAY - timedelta(days=2), datetime.min.time())
    return store.save_triage(db, ME, client_id, baseline_answers(**answers), result.to_dict(), when)


@pytest.fixture
def clients(db):
    ids = {
        "calm": add(db, "Calm", [1] * 20),
        "rising": add(db, "Rising", [1] * 10 + [4] * 10),
        "stale": add(db, "Stale", [5] * 10, days_ago_last=9),
        "stale_but_low": add(db, "Low stale", [2] * 10, days_ago_last=9),
        "see": add(db, "See clinician", [1] * 20),
        "emergency": add(db, "Emergency", [1] * 20),
        "intake": add(db, "Needs clearance", [1] * 20),
    }
    triage(db, ids["see"], radiating="thigh")
    triage(db, ids["emergency"], saddle_numbness=True)
    store.save_intake(db, ME, ids["intake"], {}, NEEDS_CLEARANCE, ["chest_pain"], NOW)
    return ids


def names(rows):
    return [r.name for r in rows]


def test_roster_is_sorted_by_need(db, clients):
    rows = roster.load_roster(db, ME, TODAY)
    assert names(rows) == [
        "Emergency",
        "See clinician",
        "Needs clearance",
        "Rising",
        "Stale",
        "Calm",
        "Low stale",
    ]
    reasons = {r.name: r.reason for r in rows}
    assert reasons["Emergency"].startswith("Open triage: emergency")
    assert reasons["Needs clearance"] == "Intake: medical clearance needed"
    assert reasons["Rising"].startswith("Trend: pain is rising")
    assert reasons["Stale"] == "No check-in for 9 days; last pain 5/10"
    assert reasons["Calm"] == "Nothing needs attention"


def test_a_referral_stays_flagged_until_cleared(db, clients):
    open_triage = store.list_triages(db, ME, clients["see"])[0]
    store.clear_triage(
        db,
        ME,
        open_triage.id,
        "Dr Lee",
        date(2026, 5, 19),
        "Seen by GP, fine to train",
        noon(date(2026, 5, 19)),
    )
    rows = {r.name: r for r in roster.load_roster(db, ME, TODAY)}
    assert rows["See clinician"].rank == roster.RANK_OTHER
    assert rows["Emergency"].rank == roster.RANK_REFERRAL


def test_intake_clearance_lifts_the_flag(db, clients):
    intake = store.latest_intake(db, ME, clients["intake"])
    store.clear_intake(
        db, ME, intake.id, "Dr Lee", date(2026, 5, 19), "GP letter", noon(date(2026, 5, 19))
    )
    row = {r.name: r for r in roster.load_roster(db, ME, TODAY)}["Needs clearance"]
    assert (row.rank, row.intake) == (roster.RANK_OTHER, "cleared")


def test_row_holds_sparkline_trend_and_last_values(db, clients):
    row = {r.name: r for r in roster.load_roster(db, ME, TODAY)}["Rising"]
    assert row.last_pain == 4
    assert len(row.pain_14_days) == 13 and row.pain_14_days[-1] == 4
    assert row.trend == "↑ worse"
    assert row.last_check_in == TODAY - timedelta(days=1)


def test_load_spike_and_pain_monitoring_rank_as_trends(db):
    add(db, "Spiker", [1] * 20, rpe=5, minutes=40)
    spiker = store.list_clients(db, ME)[0]
    store.add_entry(
        db,
        ME,
        spiker.id,
        LogEntry(
            ts=datetime.combine(TODAY, datetime.min.time()),
            pain=1,
            rpe=9,
            minutes=90,
            pain_during=7,
        ),
        NOW,
    )
    row = roster.load_roster(db, ME, TODAY)[0]
    assert row.rank == roster.RANK_TREND
    assert set(row.flags) == {"load_spike", "pain_monitoring"}


def test_other_owners_clients_never_appear(db, clients):

    assert roster.load_roster(db, THEM, TODAY) == []


def test_a_red_flag_in_the_clients_own_check_goes_above_every_referral(db, clients):
    own = add(db, "Checks herself", [1] * 20)
    result = assess(baseline_answers(saddle_numbness=True))
    when = datetime.combine(TODAY, datetime.min.time()).replace(hour=7, minute=45)
    answers = baseline_answers(saddle_numbness=True)
    store.save_triage(db, ME, own, answers, result.to_dict(), when, by_client=True)
    rows = roster.load_roster(db, ME, TODAY)
    assert names(rows)[:2] == ["Checks herself", "Emergency"]
    assert rows[0].rank == roster.RANK_CLIENT_ALERT
    assert rows[0].reason == "Red flag in their own check: emergency"
    assert rows[0].alert_at == when.replace(tzinfo=UTC)
    assert rows[1].alert_at is None  # the trainer's own triage: an open referral as before


def test_a_milder_referral_from_the_client_ranks_as_any_referral(db, clients):
    own = add(db, "Mild", [1] * 20)
    result = assess(baseline_answers(radiating="thigh"))
    when = datetime.combine(TODAY, datetime.min.time())
    answers = baseline_answers(radiating="thigh")
    store.save_triage(db, ME, own, answers, result.to_dict(), when, by_client=True)
    row = next(r for r in roster.load_roster(db, ME, TODAY) if r.name == "Mild")
    assert (row.rank, row.alert_at) == (roster.RANK_REFERRAL, None)


def test_what_the_client_logged_is_new_until_the_trainer_looks(db, clients):
    own = add(db, "Logs herself", [])
    wall = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
    store.add_entry(db, ME, own, LogEntry(ts=wall, pain=2), NOW, by_client=True)
    rows = roster.load_roster(db, ME, TODAY)
    row = next(r for r in rows if r.name == "Logs herself")
    assert row.last_by_client and row.last_pain == 2
    never = roster.with_news(rows, {}, UTC)
    assert [r.name for r, news in never if news] == ["Logs herself"]
    assert dict((r.name, n.text) for r, n in never)["Logs herself"] == "1 check-in"
    # first among those who need nothing else, before Calm (alphabetically earlier)
    others = [r.name for r, _ in never if r.rank == roster.RANK_OTHER]
    assert others[0] == "Logs herself"
    looked = {own: wall.replace(tzinfo=UTC) + timedelta(minutes=1)}
    assert not dict((r.name, n) for r, n in roster.with_news(rows, looked, UTC))["Logs herself"]
    before = {own: wall.replace(tzinfo=UTC) - timedelta(minutes=1)}
    assert dict((r.name, n) for r, n in roster.with_news(rows, before, UTC))["Logs herself"]


def test_the_trainers_own_entries_are_never_news(db, clients):
    rows = roster.load_roster(db, ME, TODAY)
    assert not any(news for _, news in roster.with_news(rows, {}, UTC))
    assert not any(r.last_by_client for r in rows)
