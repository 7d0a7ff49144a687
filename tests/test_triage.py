import json
import re

import pytest

from coach.content import pain_rule
from coach.demo import baseline_answers as calm
from coach.errors import ContentError
from coach.triage import (
    MAX_STEPS,
    Level,
    TriageContent,
    TriageResult,
    assess,
    changes_since,
    checklist_answers,
    content,
    still_to_ask,
)

# Answers to every question, follow-ups included, with no warning sign.
EVERY_KEY = calm(
    ces_onset_days=0,
    both_legs_kind="nerve",
    years_since_cancer_treatment=10,
    improving=True,
    began_before_45=False,
    morning_stiffness=False,
    better_with_exercise=False,
    wakes_late_night=False,
    alternating_buttock_pain=False,
)


def level_of(**answers) -> Level:
    return assess(calm(**answers)).level


def rule_ids(result: TriageResult) -> list[str]:
    return [r.rule_id for r in result.reasons]


def test_calm_answers_mean_train_with_no_reasons_and_nothing_missing():
    result = assess(calm())
    assert result.level == Level.TRAIN
    assert result.reasons == ()
    assert result.missing == ()


@pytest.mark.parametrize(
    ("answers", "level", "rule"),
    [
        ({"bladder_bowel_change": True}, Level.EMERGENCY, "bladder_bowel"),
        (
            {"reduced_bladder_bowel_sensation": True},
            Level.EMERGENCY,
            "reduced_bladder_bowel_sensation",
        ),
        ({"saddle_numbness": True}, Level.EMERGENCY, "saddle_numbness"),
        ({"sexual_dysfunction": True}, Level.EMERGENCY, "recent_sexual_dysfunction"),
        (
            {"sexual_dysfunction": True, "ces_onset_days": 13},
            Level.EMERGENCY,
            "recent_sexual_dysfunction",
        ),
        (
            {"sexual_dysfunction": True, "ces_onset_days": 14},
            Level.URGENT,
            "older_sexual_dysfunction",
        ),
        ({"leg_weakness": "worsening"}, Level.EMERGENCY, "progressive_or_bilateral_weakness"),
        ({"leg_weakness": "both_legs"}, Level.EMERGENCY, "progressive_or_bilateral_weakness"),
        ({"both_legs_symptoms": True}, Level.EMERGENCY, "bilateral_leg_symptoms"),
        (
            {"both_legs_symptoms": True, "both_legs_kind": "nerve"},
            Level.EMERGENCY,
            "bilateral_leg_symptoms",
        ),
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
        (
            {"cancer_history": True, "unsteady_or_clumsy": True},
            Level.EMERGENCY,
            "cancer_with_nerve_signs",
        ),
        (
            {"abdominal_or_pulsating_pain": True, "age": 50},
            Level.EMERGENCY,
            "aortic_over_50",
        ),
        ({"fever_or_unwell": True}, Level.URGENT, "fever_or_unwell"),
        ({"immunosuppressed_or_iv_drugs": True}, Level.URGENT, "infection_risk"),
        (
            {"recent_infection_or_procedure": True},
            Level.URGENT,
            "recent_infection_or_procedure",
        ),
        ({"leg_weakness": "one_leg_stable"}, Level.URGENT, "one_leg_weakness"),
        ({"unsteady_or_clumsy": True}, Level.URGENT, "unsteady_or_clumsy"),
        ({"cancer_history": True}, Level.URGENT, "cancer_history"),
        (
            {"cancer_history": True, "years_since_cancer_treatment": 0},
            Level.URGENT,
            "recent_cancer_treatment",
        ),
        ({"minor_fall": True, "age": 65}, Level.URGENT, "minor_fall_fracture_risk"),
        ({"minor_fall": True, "osteoporosis": True}, Level.URGENT, "minor_fall_fracture_risk"),
        (
            {"minor_fall": True, "long_term_steroids": True},
            Level.URGENT,
            "minor_fall_fracture_risk",
        ),
        (
            {"abdominal_or_pulsating_pain": True, "age": 49},
            Level.URGENT,
            "abdominal_or_pulsating_pain",
        ),
        ({"radiating": "buttock"}, Level.SEE_CLINICIAN, "radiating_pain"),
        ({"radiating": "foot"}, Level.SEE_CLINICIAN, "radiating_pain"),
        ({"numbness_tingling": True}, Level.SEE_CLINICIAN, "numbness_tingling"),
        ({"daily_activities_affected": True}, Level.SEE_CLINICIAN, "daily_activities"),
        ({"worsening": True}, Level.SEE_CLINICIAN, "worsening"),
        ({"unexplained_weight_loss": True}, Level.SEE_CLINICIAN, "weight_loss"),
        ({"night_pain": True}, Level.SEE_CLINICIAN, "night_pain"),
        ({"long_term_steroids": True}, Level.SEE_CLINICIAN, "long_term_steroids"),
        ({"osteoporosis": True}, Level.SEE_CLINICIAN, "osteoporosis"),
        ({"spinal_deformity": True}, Level.SEE_CLINICIAN, "spinal_deformity"),
        ({"infection_risk_condition": True}, Level.SEE_CLINICIAN, "infection_risk_condition"),
        ({"upper_back_pain": True}, Level.SEE_CLINICIAN, "upper_back_pain"),
        ({"age": 17}, Level.SEE_CLINICIAN, "under_18"),
        ({"age": 50, "first_episode": True}, Level.SEE_CLINICIAN, "first_episode_50_plus"),
        (
            {"days_since_onset": 28, "improving": False},
            Level.SEE_CLINICIAN,
            "not_improving_4_weeks",
        ),
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
    assert rule in rule_ids(result)


INFLAMMATORY = {"days_since_onset": 90, "began_before_45": True, "improving": True}


@pytest.mark.parametrize(
    ("answers", "fires"),
    [
        ({**INFLAMMATORY, "morning_stiffness": True, "wakes_late_night": True}, True),
        ({**INFLAMMATORY, "better_with_exercise": True, "alternating_buttock_pain": True}, True),
        ({**INFLAMMATORY, "morning_stiffness": True, "wakes_late_night": False}, False),
        (
            {
                **INFLAMMATORY,
                "began_before_45": False,
                "morning_stiffness": True,
                "wakes_late_night": True,
            },
            False,
        ),
        (
            {
                **INFLAMMATORY,
                "days_since_onset": 89,
                "morning_stiffness": True,
                "wakes_late_night": True,
            },
            False,
        ),
    ],
)
def test_inflammatory_pattern_needs_three_months_onset_before_45_and_two_of_four(answers, fires):
    assert ("inflammatory_pattern" in rule_ids(assess(calm(**answers)))) is fires


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"age": 17}, Level.SEE_CLINICIAN),
        ({"age": 18}, Level.TRAIN),
        ({"age": 49, "first_episode": True}, Level.TRAIN),
        ({"age": 50, "first_episode": True}, Level.SEE_CLINICIAN),
        ({"age": 50, "first_episode": False}, Level.TRAIN),
        ({"days_since_onset": 27, "improving": False}, Level.TRAIN),
        ({"days_since_onset": 30, "improving": True}, Level.TRAIN),
        ({"days_since_onset": 41, "improving": True}, Level.TRAIN),
        ({"days_since_onset": 42, "improving": True}, Level.SEE_CLINICIAN),
        ({"pain_now": 2}, Level.TRAIN),
        ({"pain_now": 3}, Level.REST),
        ({"pain_now": 7}, Level.REST),
        ({"pain_now": 8}, Level.SEE_CLINICIAN),
        ({"minor_fall": True, "age": 64}, Level.TRAIN),
        ({"abdominal_or_pulsating_pain": True, "age": 49}, Level.URGENT),
        ({"cancer_history": True, "leg_weakness": "none"}, Level.URGENT),
    ],
)
def test_boundaries(answers, level):
    assert level_of(**answers) == level


def test_sore_leg_muscles_after_training_are_not_a_warning_sign():
    result = assess(calm(both_legs_symptoms=True, both_legs_kind="muscle_soreness"))
    assert result.level == Level.TRAIN
    assert "bilateral_leg_symptoms" not in rule_ids(result)


def test_an_older_lifter_who_sat_down_hard_is_referred_for_a_possible_fracture():
    result = assess(calm(minor_fall=True, age=70))
    assert result.level == Level.URGENT
    assert "fracture" in result.reasons[0].text


def test_cancer_history_is_urgent_and_tells_them_about_the_cancer():
    result = assess(calm(cancer_history=True))
    assert result.level == Level.URGENT
    assert "cancer" in result.tell
    assert any(r.source == "nice_ng234" for r in result.reasons)


# ---------------------------------------------------------------- partial answers


def test_one_emergency_answer_alone_is_an_emergency():
    result = assess({"bladder_bowel_change": True})
    assert result.level == Level.EMERGENCY
    assert result.missing == ()


def test_no_answers_are_provisional_with_every_warning_sign_missing():
    result = assess({})
    assert result.level == Level.TRAIN
    assert result.provisional
    flags = {q.key for q in content().in_group("red_flags")} - {"both_legs_kind"}
    assert flags <= set(result.missing)  # an unanswered kind already counts as nerve


def test_every_key_answered_leaves_nothing_missing():
    assert set(EVERY_KEY) == content().keys
    assert assess(EVERY_KEY).missing == ()


def test_missing_lists_only_what_could_make_the_outcome_more_urgent():
    unasked = ("one_sided", "age", "saddle_numbness")
    answers = {k: v for k, v in calm(radiating="thigh").items() if k not in unasked}
    result = assess(answers)
    assert result.level == Level.SEE_CLINICIAN
    # one_sided can only lead to rest, and age only matters here with a fall or a belly sign
    assert result.missing == ("saddle_numbness",)


def test_an_urgent_level_stands_and_still_lists_what_could_make_it_an_emergency():
    result = assess({"fever_or_unwell": True})
    assert result.level == Level.URGENT
    assert "saddle_numbness" in result.missing
    assert "night_pain" not in result.missing


def test_a_rest_level_stays_provisional_while_a_warning_sign_is_unanswered():
    answers = {k: v for k, v in calm(pain_now=4).items() if k != "saddle_numbness"}
    result = assess(answers)
    assert result.level == Level.REST
    assert result.missing == ("saddle_numbness",)


def test_an_unanswered_key_that_cannot_matter_is_not_missing():
    answers = {k: v for k, v in calm().items() if k != "first_episode"}
    assert assess(answers).missing == ()  # age 35: a first episode changes nothing
    older = {**answers, "age": 55}
    assert assess(older).missing == ("first_episode",)


def test_an_unanswered_kind_of_leg_symptom_counts_as_nerve():
    answers = calm(both_legs_symptoms=True)
    assert "both_legs_kind" not in answers
    assert assess(answers).level == Level.EMERGENCY


def test_unknown_onset_of_a_sexual_problem_counts_as_recent():
    assert assess({"sexual_dysfunction": True}).level == Level.EMERGENCY


def test_aortic_sign_with_unknown_age_is_urgent_and_asks_the_age():
    result = assess({"abdominal_or_pulsating_pain": True})
    assert result.level == Level.URGENT
    assert "age" in result.missing


# ---------------------------------------------------------------- what to ask next


def test_follow_ups_are_asked_when_their_condition_holds():
    answers = {"cancer_history": True}
    assert "years_since_cancer_treatment" in still_to_ask(answers, assess(answers))
    answers = {"cancer_history": False}
    assert "years_since_cancer_treatment" not in still_to_ask(answers, assess(answers))


def test_after_an_emergency_only_the_remaining_warning_signs_are_asked():
    answers = {"saddle_numbness": True}
    keys = still_to_ask(answers, assess(answers))
    assert "bladder_bowel_change" in keys and "ces_onset_days" in keys
    assert "pain_now" not in keys and "saddle_numbness" not in keys
    assert all(content().question(k).group == "red_flags" for k in keys)


def test_a_complete_set_leaves_nothing_to_ask():
    assert still_to_ask(EVERY_KEY, assess(EVERY_KEY)) == ()


# ---------------------------------------------------------------- checklists


def section(section_id):
    return content().section(section_id)


def test_none_of_these_answers_every_key_of_a_checklist():
    answers = checklist_answers(section("legs"), ticked=[], closed=True)
    assert answers == {
        "both_legs_symptoms": False,
        "leg_weakness": "none",
        "unsteady_or_clumsy": False,
    }


def test_a_ticked_item_answers_only_its_own_keys_until_the_rest_are_closed():
    legs = section("legs")
    answers = checklist_answers(legs, ticked=[0], closed=False)
    assert answers == {"both_legs_symptoms": True, "both_legs_kind": "nerve"}
    closed = checklist_answers(legs, ticked=[0], closed=True)
    assert closed["both_legs_symptoms"] is True and closed["leg_weakness"] == "none"


def test_two_ticks_on_one_key_keep_the_more_severe_answer():
    legs = section("legs")
    assert legs.items[0].set["both_legs_kind"] == "nerve"
    assert legs.items[1].set["both_legs_kind"] == "muscle_soreness"
    assert checklist_answers(legs, [1, 0], False)["both_legs_kind"] == "nerve"
    weak = [i for i, item in enumerate(legs.items) if "leg_weakness" in item.set]
    assert checklist_answers(legs, weak, False)["leg_weakness"] == "both_legs"


def test_every_red_flag_is_asked_in_a_checklist_with_none_of_these_or_as_a_follow_up():
    for s in content().sections:
        questions = [content().question(k) for k in s.keys]
        if all(q.group == "red_flags" for q in questions):
            assert s.none or all(q.ask_if for q in questions), s.id


# ---------------------------------------------------------------- advice


def all_levels():
    return {
        Level.EMERGENCY: calm(saddle_numbness=True, pain_now=5, movement_at_onset="lifting"),
        Level.URGENT: calm(fever_or_unwell=True, pain_now=5, warmed_up=False),
        Level.SEE_CLINICIAN: calm(radiating="thigh", pain_now=5, warmed_up=False),
        Level.REST: calm(pain_now=4, movement_at_onset="lifting", warmed_up=False),
        Level.TRAIN: calm(movement_at_onset="twisting", form_coached=False, warmed_up=False),
    }


@pytest.mark.parametrize("level", list(Level))
def test_what_to_do_now_has_at_most_six_distinct_steps_led_by_the_action(level):
    result = assess(all_levels()[level])
    assert result.level == level
    assert 1 <= len(result.advice) <= MAX_STEPS
    assert len(set(result.advice)) == len(result.advice)
    assert result.advice[0] == content().levels[level].action
    assert all(a.source for a in (*result.advice, *result.safety_net))


@pytest.mark.parametrize("level", [Level.EMERGENCY, Level.URGENT])
def test_emergency_and_urgent_show_action_and_what_to_tell_never_causes_or_self_care(level):
    result = assess(all_levels()[level])
    assert result.causes == ()
    assert result.tell
    text = " ".join(result.advice).lower()
    for self_care in ("pharmacist", "warmth", "walking", "yoga", "warm up"):
        assert self_care not in text


def test_see_a_clinician_shows_self_care_but_no_training_causes():
    result = assess(all_levels()[Level.SEE_CLINICIAN])
    assert result.causes == ()
    text = " ".join(result.advice).lower()
    assert "pharmacist" in text and "warmth" in text and "active" in text


def test_rest_covers_what_a_careful_clinician_would_say():
    result = assess(all_levels()[Level.REST])
    text = " ".join(result.advice).lower()
    for needed in ("walking", "pharmacist", "warmth", "few days", "next morning"):
        assert needed in text
    assert result.causes


def test_train_never_says_rest():
    result = assess(all_levels()[Level.TRAIN])
    text = " ".join([*result.advice, *result.safety_net]).lower()
    assert not re.search(r"\brest\b|day off|days off|take a day", text)
    assert result.causes


@pytest.mark.parametrize("level", [Level.URGENT, Level.SEE_CLINICIAN, Level.REST, Level.TRAIN])
def test_every_non_emergency_level_has_a_safety_net(level):
    net = " ".join(assess(all_levels()[level]).safety_net).lower()
    assert "emergency department at once" in net
    if level in (Level.REST, Level.TRAIN):
        assert "4 weeks" in net and "physiotherapist" in net


def test_an_emergency_has_no_safety_net_only_its_action():
    assert assess(all_levels()[Level.EMERGENCY]).safety_net == ()


def test_the_pain_during_exercise_limit_comes_from_its_one_definition():
    texts = [str(a) for a in assess(all_levels()[Level.REST]).advice]
    assert any(pain_rule().text in t for t in texts)
    for entry in content().advice:
        assert "{" not in entry.text


# ---------------------------------------------------------------- worked cases and causes

WORKED_CASES = [
    # A sore lifter the day after heavy deadlifts, no warm-up, coached form.
    (
        calm(pain_now=4, movement_at_onset="lifting", warmed_up=False),
        Level.REST,
        ("muscle_strain", "no_warm_up"),
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
        ("pushing_too_hard", "weak_core"),
    ),
    # Twisting under load, never coached, drank little: form and fluids.
    (
        calm(movement_at_onset="twisting", form_coached=False, low_fluid_intake=True, pain_now=2),
        Level.TRAIN,
        ("muscle_strain", "poor_form", "low_fluids"),
    ),
    # Sciatica-like pain down one leg with tingling: a clinician soon, no training causes.
    (calm(radiating="below_knee", numbness_tingling=True, pain_now=6), Level.SEE_CLINICIAN, ()),
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


# ---------------------------------------------------------------- storage and change


def test_to_dict_is_json_and_round_trips():
    result = assess({"saddle_numbness": True})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "emergency"
    assert TriageResult.from_dict(data) == result


def test_a_result_stored_before_missing_and_tell_existed_still_loads():
    old = {"level": "rest", "reasons": [], "causes": ["no_warm_up"], "advice": []}
    result = TriageResult.from_dict(old)
    assert result.level == Level.REST and result.missing == () and result.tell == ""


def test_changes_since_names_new_and_gone_signs():
    before = assess(calm(pain_now=4))
    answers = calm(pain_now=1, radiating="thigh")
    after = assess(answers)
    notes = changes_since(before, after, answers)
    assert any("more serious" in n for n in notes)
    assert any(n.startswith("New:") and "travels" in n for n in notes)
    assert any(n.startswith("Gone:") and "4 out of 10 (3 or more" in n for n in notes)
    assert changes_since(after, after, answers) == ["Nothing has changed since the last check."]


def test_a_sign_a_check_never_asked_about_is_not_called_gone():
    """A check that stops at an emergency has not asked the rest: not asked is not gone."""
    before = assess(calm(pain_now=4))
    answers = {"major_trauma": True}
    after = assess(answers)
    assert after.level is Level.EMERGENCY
    notes = changes_since(before, after, answers)
    assert any(n.startswith("Not answered this time:") and "4 out of 10" in n for n in notes)
    assert not [n for n in notes if n.startswith("Gone:")]


# ---------------------------------------------------------------- bad input


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
        ({"both_legs_kind": "cramp"}, "both_legs_kind"),
        ({"both_legs_kind": ["nerve"]}, "both_legs_kind"),
        ({"ces_onset_days": -1}, "ces_onset_days"),
        ({"years_since_cancer_treatment": 101}, "years_since_cancer_treatment"),
        ({"improving": "no"}, "improving"),
    ],
)
def test_bad_values_raise_value_error_naming_the_key(change, message):
    with pytest.raises(ValueError, match=message):
        assess(calm(**change))


def test_unknown_key_is_named():
    with pytest.raises(ValueError, match="shoe_size: unknown"):
        assess({**calm(), "shoe_size": 42})


def test_the_thirty_original_keys_and_the_demo_answers_are_all_known():
    assert set(calm()) <= content().keys


def test_red_flag_questions_explain_why_they_are_asked():
    assert all(q.why for q in content().in_group("red_flags"))


# ---------------------------------------------------------------- content checks (tiny content)


def tiny(**changes):
    data = {
        "question": [
            {"key": "flag", "group": "red_flags", "label": "Flag?", "why": "w", "kind": "yes_no"},
            {
                "key": "pain",
                "group": "pain",
                "label": "Pain",
                "kind": "number",
                "min": 0,
                "max": 10,
            },
        ],
        "level": [
            {"id": lv, "label": lv, "title": lv, "action": "a", "source": "s", "tell": "t"}
            for lv in ("emergency", "urgent", "see_clinician", "rest", "train")
        ],
        "rule": [
            {
                "id": "r",
                "level": "emergency",
                "text": "t",
                "source": "s",
                "when": [{"key": "flag", "is": True}],
            }
        ],
        "cause": [],
        "advice": [],
        "safety_net": [],
        "section": [
            {
                "id": "a",
                "title": "A",
                "prompt": "p",
                "kind": "checklist",
                "none": {"flag": False},
                "items": [{"label": "Flag", "set": {"flag": True}}],
            },
            {"id": "b", "title": "B", "prompt": "p", "kind": "questions", "keys": ["pain"]},
        ],
    }
    data.update(changes)
    return data


def test_tiny_content_loads_and_assesses():
    tiny_content = TriageContent.from_mapping(tiny())
    assert assess({"flag": True}, tiny_content).level == Level.EMERGENCY
    assert assess({}, tiny_content).missing == ("flag",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"section": tiny()["section"][:1]}, "exactly one section"),
        ({"section": tiny()["section"][::-1]}, "must come first"),
        (
            {"section": [{**tiny()["section"][0], "none": {"flag": "no"}}, tiny()["section"][1]]},
            "flag",
        ),
        (
            {"advice": [{"levels": ["rest"], "stage": "now", "text": "{nope}", "source": "s"}]},
            "placeholder",
        ),
        (
            {"safety_net": [{"levels": ["emergency"], "text": "x", "source": "s"}]},
            "no safety net",
        ),
        (
            {
                "rule": [
                    {
                        "id": "r",
                        "level": "rest",
                        "text": "t",
                        "source": "s",
                        "when": [{"key": "nope", "is": 1}],
                    }
                ]
            },
            "unknown key",
        ),
        (
            {"rule": [{**tiny()["rule"][0], "text": "Said {flag}"}]},
            "not a number it reads",
        ),
        ({"rule": [{**tiny()["rule"][0], "text": "Said {flag"}]}, "text"),
    ],
)
def test_content_mistakes_are_refused_naming_the_entry(change, message):
    with pytest.raises(ContentError, match=message):
        TriageContent.from_mapping(tiny(**change))


def test_a_finding_says_back_the_pain_given_not_only_the_threshold():
    """ "Pain of 3 out of 10 or more" read as if the person had said 3."""
    assert [r.text for r in assess(calm(pain_now=4)).reasons] == [
        "Pain right now: 4 out of 10 (3 or more)."
    ]


def test_rest_advice_gives_the_pain_rule_for_after_the_rest_not_for_today():
    """Skip hard training, and beside it "pain up to 5/10 is acceptable", read as permission."""
    rest = assess(calm(pain_now=4))
    assert rest.level is Level.REST
    [rule_step] = [a for a in rest.advice if pain_rule().text in a]
    assert str(rule_step).startswith("Once the day or two of rest is over")
