"""Form checks: the library is complete, and scoring ranks faults by back risk."""

import pytest
from conftest import NOW

from coach.errors import InvalidInput
from coach.form_check import exercises, recurring_faults, score_form
from coach.store import FormCheckRecord

FORM_LIFTS = {
    "conventional_deadlift", "romanian_deadlift", "back_squat", "front_squat", "bent_over_row",
    "kettlebell_swing", "overhead_press", "lunge", "good_morning", "hip_thrust", "plank", "sit_up",
}  # fmt: skip


def test_library_covers_the_lifts_that_strain_backs():
    assert set(exercises()) >= FORM_LIFTS


@pytest.mark.parametrize("exercise", list(exercises().values()), ids=lambda e: e.id)
def test_every_exercise_is_complete(exercise):
    assert exercise.setup and exercise.execution and exercise.sources
    assert 5 <= len(exercise.faults) <= 8
    assert len({f.id for f in exercise.faults}) == len(exercise.faults)
    for fault in exercise.faults:
        assert fault.risk in ("high", "medium", "low")
        assert fault.why and fault.correction and fault.regression


def test_clean_set_scores_full_marks_and_keeps_the_load():
    result = score_form("back_squat", [])
    assert (result.score, result.recommendation, result.cues) == (100, "keep", [])


def test_faults_rank_by_back_risk_and_give_three_cues():
    result = score_form(
        "back_squat", ["heels_lift", "knees_cave", "butt_wink", "good_morning_squat"]
    )
    assert [f.risk for f in result.faults] == ["high", "medium", "low", "low"]
    assert result.cues[0] == "Lead with the chest; push the upper back into the bar."
    assert len(result.cues) == 3
    assert result.score == 100 - 30 - 15 - 5 - 5


def test_a_high_risk_fault_means_regress_to_its_variation():
    result = score_form("conventional_deadlift", ["rounded_back"])
    assert result.recommendation == "regress"
    assert "trap-bar deadlift from blocks" in result.advice[0]


def test_two_medium_faults_mean_lower_the_load():
    assert score_form("back_squat", ["butt_wink", "over_arch"]).recommendation == "lower_load"


def test_a_single_low_fault_means_keep_the_load_and_cue():
    assert score_form("back_squat", ["heels_lift"]).recommendation == "cue"


def test_score_never_drops_below_zero():
    every = [f.id for f in exercises()["conventional_deadlift"].faults]
    assert score_form("conventional_deadlift", every).score == 0


def test_new_lift_advises_learning_with_a_coach():
    assert any("coach" in line for line in score_form("lunge", [], new_to_lift=True).advice)


@pytest.mark.parametrize(
    ("exercise", "faults", "message"),
    [("bench_press", [], "exercise"), ("back_squat", ["rounded_back"], "faults")],
)
def test_unknown_exercise_or_fault_is_refused(exercise, faults, message):
    with pytest.raises(InvalidInput, match=message):
        score_form(exercise, faults)


def test_recurring_faults_need_two_sightings():
    checks = [
        FormCheckRecord(
            id=n,
            client_id=1,
            ts=NOW,
            exercise_id="back_squat",
            faults=faults,
            load_kg=None,
            score=80,
        )
        for n, faults in enumerate([("butt_wink", "heels_lift"), ("butt_wink",)])
    ]
    assert recurring_faults(checks) == [("back_squat", "butt_wink", 2)]
