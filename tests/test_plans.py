import itertools
import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import plans
from coach.errors import InvalidInput
from coach.plans import (
    EQUIPMENT,
    Plan,
    adapt,
    adherence,
    build_plan,
    library,
    schedule,
)

inputs = st.fixed_dictionaries(
    {
        "level": st.sampled_from(plans.LEVELS),
        "weeks": st.integers(2, 16),
        "days_per_week": st.integers(1, 7),
        "minutes_per_session": st.integers(5, 60),
        "equipment": st.frozensets(st.sampled_from(EQUIPMENT)),
        "pain_now": st.integers(0, 10),
    }
)


def work(session) -> int:
    return sum(p.work for p in session.exercises)


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_shape_matches_the_inputs(args):
    plan = build_plan(**args)
    assert len(plan.weeks) == args["weeks"]
    assert all(len(w.sessions) == args["days_per_week"] for w in plan.weeks)
    assert all(w.sessions[0].exercises for w in plan.weeks)


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_every_exercise_exists_and_needs_only_the_equipment_given(args):
    plan = build_plan(**args)
    for week in plan.weeks:
        for session in week.sessions:
            for p in session.exercises:
                exercise = library()[p.exercise_id]
                assert set(exercise.equipment) <= args["equipment"]
                if args["pain_now"] >= plans.rules().progression.flare_pain:
                    assert exercise.flare_safe


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_every_session_fits_the_minutes(args):
    plan = build_plan(**args)
    for week in plan.weeks:
        for session in week.sessions:
            assert session.estimated_minutes <= args["minutes_per_session"]


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_progressive_with_lighter_fourth_weeks(args):
    plan = build_plan(**args)
    weeks = plan.weeks
    for before, after in itertools.pairwise(weeks):
        assert after.step - before.step <= 1
        for s_before, s_after in zip(before.sessions, after.sessions, strict=True):
            assert work(s_after) <= work(s_before) * 4 / 3 + 1e-9
    for week in weeks:
        if week.number % 4 == 0:
            assert week.lighter and week.step < weeks[week.number - 2].step
            assert work(week.sessions[0]) < work(weeks[week.number - 2].sessions[0])
    assert weeks[-1].step > weeks[0].step
    assert work(weeks[-1].sessions[0]) > work(weeks[0].sessions[0])


@settings(max_examples=100, deadline=None)
@given(inputs)
def test_same_inputs_give_the_same_plan_and_it_serialises(args):
    plan = build_plan(**args)
    assert build_plan(**args) == plan
    data = json.loads(json.dumps(plan.to_dict()))
    assert Plan.from_dict(data) == plan


def test_contract_example():
    plan = build_plan(
        level="beginner",
        weeks=6,
        days_per_week=3,
        minutes_per_session=20,
        equipment=frozenset(),
        pain_now=2,
    )
    session = plan.weeks[0].sessions[0]
    assert [p.exercise_id for p in session.exercises][:3] == [
        "curl_up",
        "side_bridge_knees",
        "bird_dog",
    ]
    first = session.exercises[0]
    assert (first.sets, first.reps, first.hold_seconds, first.rest_seconds) == (2, 4, 8, 30)
    assert session.estimated_minutes <= 20


def test_flare_plan_is_gentler_and_says_to_triage_new_pain():
    calm = build_plan("intermediate", 8, 3, 30, frozenset(EQUIPMENT), 1)
    flare = build_plan("intermediate", 8, 3, 30, frozenset(EQUIPMENT), 6)
    assert max(w.step for w in flare.weeks) <= plans.rules().progression.flare_top_step
    assert work(flare.weeks[-1].sessions[0]) < work(calm.weeks[-1].sessions[0])
    assert "triage" in flare.notes[0]


def test_ladders_never_add_more_than_a_third():
    for ladder in plans.rules().ladder.values():
        totals = [s * r * max(h, 1) for s, r, h in ladder.steps]
        assert all(b <= a * 4 / 3 for a, b in itertools.pairwise(totals))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ({"level": "elite"}, "level"),
        ({"weeks": 1}, "weeks"),
        ({"weeks": 17}, "weeks"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"minutes_per_session": 4}, "minutes_per_session"),
        ({"minutes_per_session": 61}, "minutes_per_session"),
        ({"pain_now": 11}, "pain_now"),
        ({"weeks": 6.0}, "weeks"),
        ({"equipment": frozenset({"rowing_machine"})}, "equipment"),
        ({"equipment": "band"}, "equipment"),
    ],
)
def test_bad_arguments_are_named(args, name):
    base = {"level": "beginner", "weeks": 6, "days_per_week": 3, "minutes_per_session": 20}
    with pytest.raises(ValueError, match=name):
        build_plan(**{**base, **args})


# ---------------------------------------------------------------- adaptation

PLAN = build_plan("intermediate", 6, 3, 30, frozenset({"band"}), 2)


def log(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["day", "pain", "pain_during", "rpe", "minutes"])
    return frame.assign(date=pd.to_datetime("2026-03-01") + pd.to_timedelta(frame["day"], "D"))


def test_pain_two_points_above_baseline_moves_back_a_step():
    result = adapt(PLAN, log((0, 2, 2, 5, 30), (2, 4, 3, 5, 30)))
    assert (result.change, result.rule) == (-1, "pain_rose")
    assert result.plan.weeks[0].step == PLAN.weeks[0].step - 1


def test_pain_during_above_five_moves_back():
    result = adapt(PLAN, log((0, 2, 2, 5, 30), (2, 2, 6, 5, 30)))
    assert (result.change, result.rule) == (-1, "pain_during_high")


def test_two_easy_sessions_move_forward():
    result = adapt(PLAN, log((0, 3, 3, 7, 30), (2, 2, 2, 6, 30), (4, 1, 1, 5, 30)))
    assert (result.change, result.rule) == (1, "going_well")
    assert result.plan.weeks[0].step == PLAN.weeks[0].step + 1


def test_one_hard_session_holds_the_plan():
    result = adapt(PLAN, log((0, 2, 2, 7, 30), (2, 2, 2, 6, 30)))
    assert (result.change, result.rule, result.plan) == (0, "hold", PLAN)


def test_check_ins_without_training_do_not_count_as_sessions():
    result = adapt(PLAN, log((0, 1, 1, 5, 30), (1, 1, None, 0, 0), (2, 1, None, 0, 0)))
    assert result.rule == "hold"


def test_adaptation_needs_date_and_pain():
    with pytest.raises(InvalidInput, match="log"):
        adapt(PLAN, pd.DataFrame({"pain": [1]}))


# ---------------------------------------------------------------- schedule


def test_schedule_uses_the_training_days():
    plan = build_plan("beginner", 2, 2, 20)
    bookings = schedule(plan, date(2026, 3, 4), ("Tue", "Fri"))
    assert [(b.day.isoformat(), b.week) for b in bookings] == [
        ("2026-03-03", 1),
        ("2026-03-06", 1),
        ("2026-03-10", 2),
        ("2026-03-13", 2),
    ]


def test_schedule_fills_in_days_when_training_days_are_short():
    plan = build_plan("beginner", 2, 3, 20)
    days = {b.day.strftime("%a") for b in schedule(plan, date(2026, 3, 2), ("Sat",))}
    assert days == {"Mon", "Tue", "Sat"}


def test_adherence_counts_the_last_four_weeks_and_today_only_once_done():
    plan = build_plan("beginner", 8, 2, 20)
    bookings = schedule(plan, date(2026, 3, 2), ("Mon", "Thu"))
    today = date(2026, 4, 2)  # a Thursday in week 5
    assert adherence(bookings, set(), today) == (0, 7)
    assert adherence(bookings, {(5, 1)}, today) == (1, 8)
    assert adherence(bookings, {(1, 0)}, today) == (0, 7)


@pytest.mark.parametrize(
    ("today", "week"),
    [(date(2026, 2, 20), 1), (date(2026, 3, 2), 1), (date(2026, 3, 9), 2), (date(2026, 6, 1), 4)],
)
def test_week_of_follows_the_calendar_within_the_plan(today, week):
    plan = build_plan("beginner", 4, 2, 20)
    assert plans.week_of(plan, date(2026, 3, 4), today) == week
