import json

import pytest

from coach.demo import baseline_answers as calm
from coach.errors import InvalidInput
from coach.triage import Level, assess, changes_since, content


def level_of(**answers) -> Level:
    return assess(calm(**answers)).level


def test_calm_answers_mean_train_with_no_reasons():
    result = assess(calm())
    assert result.level == Level.TRAIN
    assert result.reasons == []


@pytest.mark.parametrize(
    ("answers", "level", "rule"),
    [
        ({"bladder_bowel_change": True}, Level.EMERGENCY, "bladder_bowel"),
        ({"saddle_numbness": True}, Level.EMERGENCY, "saddle_numbness"),
        ({"leg_weakness": "worsening"}, Level.EMERGENCY, "progressive_or_bilateral_weakness"),
        ({"leg_weakness": "both_legs"}, Level.EMERGENCY, "progressive_or_bilateral_weakness"),
        ({"both_legs_symptoms": True}, Level.EMERGENCY, "bilateral_leg_symptoms"),
        ({"major_trauma": True}, Level.EMERGENCY, "major_trauma"),
        (
            {"cancer_history": True, "numbness_tingling": True},
            Level.EMERGENCY,
            "cancer_with_nerve_signs",
        ),
        (
            {"cancer_history": True, "leg_weakness": "one_leg_stable"},
            Level.EMERGENCY,
            "cancer_with_nerve_signs",
        ),
        ({"fever_or_unwell": True}, Level.URGENT, "fever_or_unwell"),
        ({"immunosuppressed_or_iv_drugs": True}, Level.URGENT, "infection_risk"),
        ({"leg_weakness": "one_leg_stable"}, Level.URGENT, "one_leg_weakness"),
        ({"radiating": "buttock"}, Level.SEE_CLINICIAN, "radiating_pain"),
        ({"radiating": "foot"}, Level.SEE_CLINICIAN, "radiating_pain"),
        ({"numbness_tingling": True}, Level.SEE_CLINICIAN, "numbness_tingling"),
        ({"daily_activities_affected": True}, Level.SEE_CLINICIAN, "daily_activities"),
        ({"worsening": True}, Level.SEE_CLINICIAN, "worsening"),
        ({"cancer_history": True}, Level.SEE_CLINICIAN, "cancer_history"),
        ({"unexplained_weight_loss": True}, Level.SEE_CLINICIAN, "weight_loss"),
        ({"night_pain": True}, Level.SEE_CLINICIAN, "night_pain"),
        ({"long_term_steroids": True}, Level.SEE_CLINICIAN, "long_term_steroids"),
        ({"osteoporosis": True}, Level.SEE_CLINICIAN, "osteoporosis"),
        ({"age": 17}, Level.SEE_CLINICIAN, "under_18"),
        ({"age": 50, "first_episode": True}, Level.SEE_CLINICIAN, "first_episode_50_plus"),
        ({"days_since_onset": 42}, Level.SEE_CLINICIAN, "six_weeks_or_more"),
        ({"pain_now": 8}, Level.SEE_CLINICIAN, "severe_pain"),
        ({"pain_now": 3}, Level.REST, "pain_3_or_more"),
        ({"abnormally_sore": True}, Level.REST, "abnormally_sore"),
        ({"one_sided": True}, Level.REST, "one_sided"),
    ],
)
def test_each_rule_sets_its_level_and_reason(answers, level, rule):
    result = assess(calm(**answers))
    assert result.level == level
    assert rule in [r.rule_id for r in result.reasons]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"age": 17}, Level.SEE_CLINICIAN),
        ({"age": 18}, Level.TRAIN),
        ({"age": 49, "first_episode": True}, Level.TRAIN),
        ({"age": 50, "first_episode": True}, Level.SEE_CLINICIAN),
        ({"age": 50, "first_episode": False}, Level.TRAIN),
        ({"days_since_onset": 41}, Level.TRAIN),
        ({"days_since_onset": 42}, Level.SEE_CLINICIAN),
        ({"pain_now": 2}, Level.TRAIN),
        ({"pain_now": 3}, Level.REST),
        ({"pain_now": 7}, Level.REST),
        ({"pain_now": 8}, Level.SEE_CLINICIAN),
        ({"cancer_history": True, "leg_weakness": "none"}, Level.SEE_CLINICIAN),
    ],
)
def test_boundaries(answers, level):
    assert level_of(**answers) == level


def test_most_severe_level_wins_and_every_fired_rule_is_listed():
    result = assess(calm(bladder_bowel_change=True, radiating="thigh", pain_now=5))
    assert result.level == Level.EMERGENCY
    assert [r.rule_id for r in result.reasons] == [
        "bladder_bowel",
        "radiating_pain",
        "pain_3_or_more",
    ]
    assert [r.level for r in result.reasons] == sorted(
        (r.level for r in result.reasons), key=lambda lv: lv.rank
    )


WORKED_CASES = [
    # A sore lifter the day after heavy deadlifts, no warm-up, coached form.
    (
        calm(pain_now=4, movement_at_onset="lifting", warmed_up=False),
        Level.REST,
        ["muscle_strain", "no_warm_up"],
    ),
    # New programme, one-sided soreness, dreading training, never does core.
    (
        calm(
            new_or_harder_workout=True,
            one_sided=True,
            dread_training=True,
            core_sessions_per_week=0,
        ),
        Level.REST,
        ["pushing_too_hard", "weak_core"],
    ),
    # Twisting under load, never coached, drank little: form and fluids.
    (
        calm(movement_at_onset="twisting", form_coached=False, low_fluid_intake=True, pain_now=2),
        Level.TRAIN,
        ["muscle_strain", "poor_form", "low_fluids"],
    ),
    # Sciatica-like pain down one leg with tingling: a clinician soon.
    (calm(radiating="below_knee", numbness_tingling=True, pain_now=6), Level.SEE_CLINICIAN, []),
]


@pytest.mark.parametrize(("answers", "level", "causes"), WORKED_CASES)
def test_worked_cases(answers, level, causes):
    result = assess(answers)
    assert result.level == level
    assert result.causes == causes


def test_causes_rank_by_how_many_signs_hold():
    result = assess(
        calm(
            new_or_harder_workout=True,
            abnormally_sore=True,
            one_sided=True,
            warmed_up=False,
            core_sessions_per_week=1,
        )
    )
    assert result.causes[0] == "pushing_too_hard"
    assert set(result.causes) == {"pushing_too_hard", "weak_core", "no_warm_up"}


def test_not_after_a_workout_is_not_a_strain():
    result = assess(calm(after_workout=False, movement_at_onset="bending"))
    assert "muscle_strain" not in result.causes


@pytest.mark.parametrize("level", [Level.REST, Level.TRAIN])
def test_rest_and_train_outcomes_carry_return_to_training_guidance(level):
    answers = calm(pain_now=4) if level is Level.REST else calm()
    advice = assess(answers).advice
    text = " ".join(advice).lower()
    assert "walk" in text and "warm up" in text and "water" in text
    assert "up to 5 is acceptable" in text
    assert all(a.source for a in advice)


def test_referral_advice_leads_with_the_action():
    advice = assess(calm(saddle_numbness=True)).advice
    assert "emergency" in advice[0].lower()


def test_to_dict_is_json_and_round_trips():
    from coach.triage import TriageResult

    result = assess(calm(pain_now=9, warmed_up=False))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "see_clinician"
    assert TriageResult.from_dict(data) == result


def test_changes_since_names_new_and_gone_signs():
    before = assess(calm(pain_now=4))
    after = assess(calm(pain_now=1, radiating="thigh"))
    notes = changes_since(before, after)
    assert any("more serious" in n for n in notes)
    assert any(n.startswith("New:") and "travels" in n for n in notes)
    assert any(n.startswith("Gone:") and "3 out of 10" in n for n in notes)
    assert changes_since(after, after) == ["Nothing has changed since the last check."]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"age": None}, "age"),
        ({"age": 11}, "age"),
        ({"age": 101}, "age"),
        ({"age": 30.0}, "age"),
        ({"age": True}, "age"),
        ({"pain_now": 11}, "pain_now"),
        ({"pain_now": -1}, "pain_now"),
        ({"days_since_onset": -1}, "days_since_onset"),
        ({"core_sessions_per_week": 15}, "core_sessions_per_week"),
        ({"saddle_numbness": "yes"}, "saddle_numbness"),
        ({"saddle_numbness": 1}, "saddle_numbness"),
        ({"leg_weakness": "some"}, "leg_weakness"),
        ({"radiating": "knee"}, "radiating"),
        ({"movement_at_onset": None}, "movement_at_onset"),
    ],
)
def test_bad_values_raise_value_error_naming_the_key(change, message):
    with pytest.raises(ValueError, match=message):
        assess(calm(**change))


def test_missing_key_is_named():
    answers = calm()
    del answers["night_pain"]
    with pytest.raises(InvalidInput, match="night_pain: missing"):
        assess(answers)


def test_unknown_key_is_named():
    with pytest.raises(ValueError, match="shoe_size: unknown"):
        assess({**calm(), "shoe_size": 42})


def test_every_question_is_part_of_the_contract():
    assert content().keys == set(calm())


def test_red_flag_questions_explain_why_they_are_asked():
    assert all(q.why for q in content().in_group("red_flags"))
