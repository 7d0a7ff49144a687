"""The training gate: which saved triage holds training back, and the words it shows."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from coach.gate import open_referrals, training_hold
from coach.triage import Level

DAY = datetime(2026, 3, 1, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Saved:
    """A saved triage as the gate reads it."""

    id: int
    level: str
    cleared_on: date | None = None
    entered_in_error: bool = False
    ts: datetime = DAY


@pytest.mark.parametrize("level", ["emergency", "urgent"])
def test_an_emergency_or_urgent_latest_triage_holds_training(level):
    hold = training_hold([Saved(2, level), Saved(1, "train")])
    assert hold is not None and hold.triage_id == 2 and hold.level == Level(level)


@pytest.mark.parametrize("level", ["see_clinician", "rest", "train"])
def test_milder_outcomes_do_not_hold_training(level):
    assert training_hold([Saved(1, level)]) is None


def test_no_triage_holds_nothing():
    assert training_hold([]) is None


def test_a_clearance_lifts_the_hold():
    assert training_hold([Saved(1, "urgent", cleared_on=date(2026, 3, 2))]) is None


def test_a_newer_milder_triage_leaves_the_hold_to_a_clearance():
    hold = training_hold([Saved(2, "rest"), Saved(1, "emergency")])
    assert hold is not None and hold.triage_id == 1
    assert training_hold([Saved(2, "rest"), Saved(1, "emergency", cleared_on=DAY.date())]) is None


def test_a_clearance_covers_the_referrals_before_it():
    cleared = Saved(2, "see_clinician", cleared_on=DAY.date())
    assert open_referrals([cleared, Saved(1, "urgent")]) == []
    assert training_hold([cleared, Saved(1, "urgent")]) is None
    assert open_referrals([Saved(3, "see_clinician"), cleared]) == [Saved(3, "see_clinician")]
    assert open_referrals([Saved(3, "train"), Saved(2, "urgent")]) == [Saved(2, "urgent")]


def test_a_triage_entered_in_error_does_not_count():
    assert training_hold([Saved(2, "emergency", entered_in_error=True)]) is None
    hold = training_hold([Saved(3, "train", entered_in_error=True), Saved(2, "urgent")])
    assert hold is not None and hold.triage_id == 2


def test_the_message_says_do_not_train_and_names_the_outcome():
    hold = training_hold([Saved(1, "urgent")])
    personal = hold.message("Me", "person", day="1 March 2026")
    assert personal.startswith("Don't train until you have been seen")
    assert personal.endswith("record it on My week and this lifts.")
    client = hold.message("Me", "client", day="1 March 2026")
    assert client.endswith("tell your trainer: they record it and this lifts.")
    trainer = hold.message("Casey", "trainer", day="1 March 2026")
    assert "Casey" in trainer and "urgent: see a doctor today" in trainer
    assert "clearance" in trainer
    assert "do not start this plan" in hold.handout_note("1 March 2026")
