import pytest

from coach import checklists
from coach.checklists import build_warmup, exercises, hydration, moves, score_form
from coach.errors import InvalidInput

FORM_LIFTS = {
    "conventional_deadlift", "romanian_deadlift", "back_squat", "front_squat", "bent_over_row",
    "kettlebell_swing", "overhead_press", "lunge", "good_morning", "hip_thrust", "plank", "sit_up",
}  # fmt: skip


# ---------------------------------------------------------------- content


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


def test_warm_up_moves_have_a_phase_a_duration_and_unique_ids():
    assert len({m.id for m in moves()}) == len(moves())
    for move in moves():
        assert move.phase in checklists.PHASES
        assert 15 <= move.seconds <= 300
        assert set(move.session_types) <= set(checklists.SESSION_TYPES)


# ---------------------------------------------------------------- scoring


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
        {"exercise_id": "back_squat", "faults": ["butt_wink", "heels_lift"]},
        {"exercise_id": "back_squat", "faults": ["butt_wink"]},
    ]
    assert checklists.recurring_faults(checks) == [("back_squat", "butt_wink", 2)]


# ---------------------------------------------------------------- warm-up builder

ALL_INPUTS = [
    (session, minutes, pain)
    for session in checklists.SESSION_TYPES
    for minutes in range(5, 16)
    for pain in (0, 4)
]


@pytest.mark.parametrize(("session", "minutes", "pain"), ALL_INPUTS)
def test_every_session_and_minute_count_adds_up_in_phase_order(session, minutes, pain):
    routine = build_warmup(session, minutes, pain)
    assert routine.total_seconds == minutes * 60
    phases = [s.move.phase for s in routine.steps]
    order = list(checklists.PHASES)
    assert phases == sorted(phases, key=order.index)
    assert set(phases) == set(order)
    assert all(s.seconds > 0 and session in s.move.session_types for s in routine.steps)
    if pain:
        assert all(s.move.back_friendly for s in routine.steps)


def test_same_inputs_give_the_same_routine():
    assert build_warmup("sport", 12, 0) == build_warmup("sport", 12, 0)


def test_pain_swaps_out_moves_that_are_not_back_friendly():
    names = {s.move.id for s in build_warmup("running", 10, 0).steps}
    assert "easy_jog" in names
    assert "easy_jog" not in {s.move.id for s in build_warmup("running", 10, 2).steps}


@pytest.mark.parametrize(
    ("args", "message"),
    [(("yoga", 10, 0), "session_type"), (("sport", 4, 0), "minutes"), (("sport", 16, 0), "minutes"),
     (("sport", 10, 11), "pain_today")],
)  # fmt: skip
def test_bad_builder_inputs_are_named(args, message):
    with pytest.raises(InvalidInput, match=message):
        build_warmup(*args)


# ---------------------------------------------------------------- hydration


def test_hydration_before_training_follows_acsm_per_kg():
    plan = hydration(70)
    assert plan.before_ml == (350, 490)
    assert plan.top_up_ml == (210, 350)
    assert plan.after_ml is None


def test_replace_one_and_a_half_litres_per_kg_lost():
    plan = hydration(70, 68.5)
    assert plan.after_ml == 2250
    assert plan.loss_percent == 2.1
    assert any("more than 2%" in n for n in plan.notes)


def test_no_loss_warns_against_overdrinking():
    assert any("not better" in n for n in hydration(70, 70.2).notes)


def test_implausible_body_mass_is_refused():
    with pytest.raises(InvalidInput, match="body_mass_kg"):
        hydration(5)
