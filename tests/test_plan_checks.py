"""Editing a plan: every edit re-checks the plan's rules and names a broken one in words."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import documents, plans
from coach.errors import InvalidInput
from coach.plan_checks import broken_rules, describe, keep_anyway, try_edit, week_work
from coach.plans import Dose, Plan, SessionDays, Swap, adapt, build_plan, swap_options

PLAN = build_plan("beginner", 6, 3, 20)  # weeks 1-6, week 4 lighter


def used(plan: Plan) -> set[str]:
    return set(plan.exercise_ids())


@settings(max_examples=150, deadline=None)
@given(
    level=st.sampled_from(plans.LEVELS),
    weeks=st.integers(2, 16),
    days=st.integers(1, 7),
    minutes=st.integers(5, 60),
    kit=st.sets(st.sampled_from(plans.EQUIPMENT)),
    pain=st.integers(0, 10),
)
def test_a_generated_plan_keeps_every_rule(level, weeks, days, minutes, kit, pain):
    assert broken_rules(build_plan(level, weeks, days, minutes, kit, pain)) == ()


def test_swap_offers_only_the_same_kind_and_level_within_the_plans_equipment():
    assert [e.id for e in swap_options(PLAN, "dead_bug")] == ["heel_taps"]
    assert [e.id for e in swap_options(PLAN, "plank_knees")] == ["bear_hold"]
    assert swap_options(PLAN, "curl_up") == []
    banded = build_plan("intermediate", 6, 3, 30, {"band"})
    assert [e.id for e in swap_options(banded, "pallof_press")] == ["half_kneeling_pallof"]
    assert swap_options(build_plan("intermediate", 6, 3, 30), "single_leg_bridge")


def test_a_swap_replaces_the_exercise_everywhere_and_keeps_the_rules():
    checked = try_edit(PLAN, Swap("dead_bug", "heel_taps"))
    assert checked.broken == ()
    assert "dead_bug" not in used(checked.plan) and "heel_taps" in used(checked.plan)
    assert describe(checked.edit) == "swapped Dead bug for Heel taps"
    before = [p for w in PLAN.weeks for s in w.sessions for p in s.exercises]
    after = [p for w in checked.plan.weeks for s in w.sessions for p in s.exercises]
    assert [p.sets for p in before] == [p.sets for p in after]


@pytest.mark.parametrize(
    "edit",
    [Swap("dead_bug", "bird_dog"), Swap("dead_bug", "dead_bug_band"), Swap("curl_up", "plank")],
)
def test_a_swap_to_another_kind_level_or_equipment_is_refused(edit):
    with pytest.raises(InvalidInput, match="same kind and level"):
        try_edit(PLAN, edit)


def test_raising_one_week_names_the_jump_in_words():
    checked = try_edit(PLAN, Dose(3, "bird_dog", 3, 8, 10))
    texts = [b.text for b in checked.broken]
    assert "week 3 is more than a third harder than week 2" in texts
    assert week_work(checked.plan.weeks[2]) > week_work(PLAN.weeks[2])


def test_a_lighter_week_that_is_not_lighter_is_named():
    heavy = Dose(4, "bird_dog", 3, 6, 12)
    texts = [b.text for b in try_edit(PLAN, heavy).broken]
    assert "week 4 is meant to be a lighter week but is not lighter than week 3" in texts


def test_an_easier_last_week_is_named():
    last = len(PLAN.weeks)
    edited = PLAN
    for exercise_id in used(PLAN):
        hold = 0 if plans.library()[exercise_id].dose == "reps" else 1
        edited = plans.edit_plan(edited, Dose(last, exercise_id, 1, 2, hold))
    assert f"the last week (week {last}) is not harder than the first" in [
        b.text for b in broken_rules(edited)
    ]


def test_a_session_longer_than_planned_is_named():
    checked = try_edit(PLAN, Dose(2, "side_bridge_knees", 5, 20, 30))
    assert any(
        b.rule == "session_time" and b.text.startswith("a week 2 session takes about")
        for b in checked.broken
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Dose(9, "bird_dog", 2, 5, 8), "week"),
        (Dose(1, "bird_dog", 0, 5, 8), "sets"),
        (Dose(1, "bird_dog", 2, 5, 0), "hold exercise"),
        (Dose(1, "glute_bridge", 2, 8, 10), "reps exercise"),
        (Dose(1, "pallof_press", 2, 8, 0), "not in that part of the plan"),
        (SessionDays(3), "already has 3"),
        (SessionDays(8), "days_per_week"),
    ],
)
def test_an_edit_that_cannot_apply_says_why(edit, message):
    with pytest.raises(InvalidInput, match=message):
        try_edit(PLAN, edit)


def test_adding_and_removing_session_days_rechecks_and_keeps_earlier_edits():
    swapped = try_edit(PLAN, Swap("dead_bug", "heel_taps")).plan
    more = try_edit(swapped, SessionDays(4))
    assert more.broken == () and more.plan.days_per_week == 4
    assert all(len(w.sessions) == 4 for w in more.plan.weeks)
    assert "heel_taps" in used(more.plan) and "dead_bug" not in used(more.plan)
    fewer = try_edit(more.plan, SessionDays(2))
    assert fewer.plan.days_per_week == 2 and describe(fewer.edit) == "2 sessions a week"


def test_keep_anyway_records_the_broken_rule_as_the_trainers_decision():
    checked = try_edit(PLAN, Dose(3, "bird_dog", 3, 8, 10))
    kept = keep_anyway(checked)
    assert kept.edits[-1].kept_despite == tuple(b.text for b in checked.broken)
    assert describe(kept.edits[-1]).endswith("(the trainer's decision)")
    assert "week 3 is more than a third harder than week 2" in describe(kept.edits[-1])


def test_an_edited_plan_is_stored_and_rebuilt_exactly():
    plan = PLAN
    for edit in (Swap("dead_bug", "heel_taps"), Dose(2, "bird_dog", 2, 6, 8), SessionDays(4)):
        plan = try_edit(plan, edit).plan
    plan = keep_anyway(try_edit(plan, Dose(3, "curl_up", 3, 8, 10)))
    again = Plan.from_dict(plan.to_dict())
    assert again == plan
    assert again.edits[-1].kept_despite


def test_an_edit_whose_exercise_left_the_plan_stays_on_record_and_changes_nothing():
    one_day = build_plan("beginner", 6, 1, 5)
    gone = next(e for e in PLAN.exercise_ids() if e not in used(one_day))
    hold = 0 if plans.library()[gone].dose == "reps" else 10
    plan = plans.edit_plan(PLAN, Dose(2, gone, 2, 6, hold))
    replayed = plans.replay({**plan.inputs(), "days_per_week": 1, "minutes_per_session": 5},
                            plan.edits)  # fmt: skip
    assert replayed.edits == plan.edits and gone not in used(replayed)


def test_adapt_from_the_log_keeps_the_trainers_edits():
    edited = try_edit(PLAN, Swap("dead_bug", "heel_taps")).plan
    log = pd.DataFrame({"date": pd.to_datetime(["2026-03-01"]), "pain": [6]})
    moved = adapt(edited, log)
    assert moved.change == -1 and moved.plan.step_offset == edited.step_offset - 1
    assert "heel_taps" in used(moved.plan) and "dead_bug" not in used(moved.plan)
    assert moved.plan.edits == edited.edits


def test_an_edited_plan_exports_what_was_edited():
    edited = try_edit(PLAN, Swap("dead_bug", "heel_taps")).plan
    bookings = plans.schedule(edited, date(2026, 3, 2), ("Mon", "Wed", "Fri"))
    rows = documents.plan_rows(edited, bookings)
    assert "Heel taps" in set(rows["Exercise"]) and "Dead bug" not in set(rows["Exercise"])
    assert b"Heel taps" in documents.plan_ics(
        edited, "Zoë", bookings, now=datetime(2026, 3, 1, tzinfo=UTC)
    )
