"""Core-strengthening plans: progressive, deterministic, fitted to the time available.

Every exercise climbs the same ladder of doses one step at a time. A step never adds more than a
third to the work of a set, every few weeks (every 4th, as shipped) drops back a step, and the
last week is harder than the first. The exercises it chooses from are in
`data/core_exercises.toml`, described in the exercise library; the ladders, timings and the rules
that move a plan live in `data/core_plan.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

import pandas as pd

from coach import exercises
from coach.content import load, load_toml, pain_rule
from coach.errors import ContentError, InvalidInput
from coach.profiles import WEEKDAYS

LEVELS = ("beginner", "intermediate", "advanced")
EQUIPMENT = ("mat", "band", "cable", "stability_ball", "ab_wheel", "bench", "kettlebell")
ADAPT_RULES = ("pain_rose", "pain_during_high", "going_well", "hold")
CHECKS = ("week_jump", "lighter_week", "last_week", "session_time")
MAX_RISE = 4 / 3  # a step, and a week, adds at most a third to the work
# What a trainer may set by hand for one exercise in one week.
DOSE_LIMITS = {"sets": (1, 10), "reps": (1, 50), "hold_seconds": (0, 120)}


@dataclass(frozen=True)
class Ladder:
    """(sets, reps, hold seconds) per step, easiest first; each step adds at most a third."""

    source: str
    steps: tuple[tuple[int, int, int], ...]

    def __post_init__(self) -> None:
        totals = [sets * reps * max(hold, 1) for sets, reps, hold in self.steps]
        if len(totals) < 2 or not all(a < b <= a * MAX_RISE for a, b in pairwise(totals)):
            raise ValueError("each step must add some work, and at most a third")


@dataclass(frozen=True)
class Timing:
    rest_seconds: int
    seconds_per_rep: int
    hold_transition_seconds: int


@dataclass(frozen=True)
class Progression:
    level_start: Mapping[str, int]
    deload_every: int
    min_good_step: int
    flare_pain: int
    flare_top_step: int
    back_off_rise: int
    forward_pain: int
    forward_effort: int


@dataclass(frozen=True)
class AdaptRule:
    reason: str
    source: str


@dataclass(frozen=True)
class CheckRule:
    """A rule an edited plan is checked against, as it is named when broken."""

    text: str
    source: str


@dataclass(frozen=True)
class PlanRules:
    """Everything in `data/core_plan.toml`, checked against itself as it loads."""

    ladder: Mapping[str, Ladder]
    timing: Timing
    progression: Progression
    flare_note: str
    adapt: Mapping[str, AdaptRule]
    check: Mapping[str, CheckRule]

    def __post_init__(self) -> None:
        if len({len(ladder.steps) for ladder in self.ladder.values()}) != 1:
            raise ValueError("every ladder needs the same number of steps")
        if set(self.progression.level_start) != set(LEVELS):
            raise ValueError(f"level_start needs exactly the levels {', '.join(LEVELS)}")
        if set(self.adapt) != set(ADAPT_RULES):
            raise ValueError(f"adapt needs exactly the rules {', '.join(ADAPT_RULES)}")
        if set(self.check) != set(CHECKS):
            raise ValueError(f"check needs exactly the rules {', '.join(CHECKS)}")
        p = self.progression
        if not p.min_good_step <= p.flare_top_step <= self.top_step:
            raise ValueError("flare_top_step must lie between min_good_step and the top step")

    @property
    def top_step(self) -> int:
        return len(next(iter(self.ladder.values())).steps) - 1

    def say(self, template: str, **values: Any) -> str:
        """Fill a reason or note with the progression numbers and the values given."""
        try:
            return template.format(**vars(self.progression), **values)
        except (KeyError, IndexError, ValueError) as e:
            raise ContentError(f"core_plan.toml: cannot fill {template!r}: {e!r}") from e


@cache
def rules() -> PlanRules:
    """The shipped plan rules; raises ContentError naming what is wrong."""
    return load("core_plan.toml", PlanRules)


@dataclass(frozen=True)
class CoreExercise:
    """A library entry as the plan builder sees it: its own dose facts joined to the library's."""

    id: str
    name: str
    family: str
    level: str
    equipment: tuple[str, ...]
    dose: str
    per_side: bool
    flare_safe: bool
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    source: str
    alternative: bool = False  # offered for swaps, never chosen by the builder


@dataclass(frozen=True)
class Prescription:
    exercise_id: str
    sets: int
    reps: int
    hold_seconds: int
    rest_seconds: int
    per_side: bool

    @property
    def seconds(self) -> int:
        """Working time plus rest between sets, both sides when done per side."""
        timing = rules().timing
        if self.hold_seconds and self.reps == 1:
            work = self.hold_seconds
        elif self.hold_seconds:
            work = self.reps * (self.hold_seconds + timing.hold_transition_seconds)
        else:
            work = self.reps * timing.seconds_per_rep
        return self.sets * (work * (2 if self.per_side else 1) + self.rest_seconds)

    @property
    def work(self) -> int:
        return self.sets * self.reps * max(self.hold_seconds, 1) * (2 if self.per_side else 1)


@dataclass(frozen=True)
class Session:
    exercises: list[Prescription]

    @property
    def estimated_minutes(self) -> float:
        return round(sum(p.seconds for p in self.exercises) / 60, 2)


@dataclass(frozen=True)
class Week:
    number: int
    step: int
    lighter: bool
    sessions: list[Session]


@dataclass(frozen=True)
class Swap:
    """Use another exercise of the same kind (family) and level instead of one, everywhere."""

    exercise_id: str
    to: str
    kept_despite: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dose:
    """Set one exercise's sets, reps and hold time by hand for one week."""

    week: int
    exercise_id: str
    sets: int
    reps: int
    hold_seconds: int
    kept_despite: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionDays:
    """Add or remove session days: how many sessions each week holds."""

    days_per_week: int
    kept_despite: tuple[str, ...] = ()


Edit = Swap | Dose | SessionDays
EDIT_KINDS: dict[str, type[Edit]] = {"swap": Swap, "dose": Dose, "days": SessionDays}


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    kind = next(k for k, cls in EDIT_KINDS.items() if isinstance(edit, cls))
    return {"kind": kind, **asdict(edit), "kept_despite": list(edit.kept_despite)}


def edit_from_dict(data: dict[str, Any]) -> Edit:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k != "kind"}
    try:
        return EDIT_KINDS[data["kind"]](**fields)
    except (KeyError, TypeError) as e:
        raise InvalidInput(f"plan edit: not one Back Coach makes ({e!r})") from e


@dataclass(frozen=True)
class Plan:
    level: str
    weeks: list[Week]
    days_per_week: int
    minutes_per_session: int
    equipment: frozenset[str]
    pain_now: int
    step_offset: int = 0
    notes: list[str] = field(default_factory=list)
    edits: tuple[Edit, ...] = ()  # a trainer's changes, replayed in order on the built plan

    def exercise_ids(self) -> list[str]:
        """Every exercise the plan uses, in order of first use."""
        found = (p.exercise_id for w in self.weeks for s in w.sessions for p in s.exercises)
        return list(dict.fromkeys(found))

    def inputs(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "weeks": len(self.weeks),
            "days_per_week": self.days_per_week,
            "minutes_per_session": self.minutes_per_session,
            "equipment": self.equipment,
            "pain_now": self.pain_now,
            "step_offset": self.step_offset,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.inputs(),
            "equipment": sorted(self.equipment),
            "notes": list(self.notes),
            "edits": [edit_to_dict(e) for e in self.edits],
            "weeks": [
                {
                    "number": w.number,
                    "step": w.step,
                    "lighter": w.lighter,
                    "sessions": [
                        {
                            "estimated_minutes": s.estimated_minutes,
                            "exercises": [asdict(p) for p in s.exercises],
                        }
                        for s in w.sessions
                    ],
                }
                for w in self.weeks
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """Rebuild a stored plan from its inputs and edits: plans are deterministic, so the same
        stored plan is rebuilt once per process (callers never change a Plan in place)."""
        return _rebuilt(
            data["level"],
            len(data["weeks"]),
            data["days_per_week"],
            data["minutes_per_session"],
            frozenset(data["equipment"]),
            data["pain_now"],
            data.get("step_offset", 0),
            tuple(edit_from_dict(e) for e in data.get("edits", [])),
        )


# Building a plan takes about half a millisecond; the summary, the roster and the core plan
# rebuild the same stored plans on every run. Enough for every plan a busy server shows.
PLANS_KEPT = 1024


@lru_cache(maxsize=PLANS_KEPT, typed=True)
def _rebuilt(
    level: str,
    weeks: int,
    days_per_week: int,
    minutes_per_session: int,
    equipment: frozenset[str],
    pain_now: int,
    step_offset: int,
    edits: tuple[Edit, ...],
) -> Plan:
    inputs = {
        "level": level,
        "weeks": weeks,
        "days_per_week": days_per_week,
        "minutes_per_session": minutes_per_session,
        "equipment": equipment,
        "pain_now": pain_now,
        "step_offset": step_offset,
    }
    return replay(inputs, edits)


@cache
def library() -> dict[str, CoreExercise]:
    """The core exercises by id, in file order, each joined to its exercise library entry."""
    found: dict[str, CoreExercise] = {}
    for row in load_toml("core_exercises.toml")["exercise"]:
        try:
            entry = exercises.entry(row["id"])
            exercise = CoreExercise(
                **row,
                name=entry.name,
                level=entry.level,
                equipment=entry.equipment,
                steps=entry.steps,
                cues=entry.cues,
                source=entry.source,
            )
        except (KeyError, TypeError) as e:
            raise ContentError(f"core_exercises.toml: {e!r}") from e
        if exercise.dose not in rules().ladder or exercise.level not in LEVELS:
            raise ContentError(f"core_exercises.toml: {exercise.id}: bad dose or level")
        if unknown := set(exercise.equipment) - set(EQUIPMENT):
            raise ContentError(f"core_exercises.toml: {exercise.id}: unknown equipment {unknown}")
        found[exercise.id] = exercise
    return found


def _check(name: str, value: Any, low: int, high: int) -> None:
    if type(value) is not int or not low <= value <= high:
        raise InvalidInput(f"{name}: enter a whole number from {low} to {high}")


def _pool(level: str, equipment: frozenset[str], flare: bool) -> list[CoreExercise]:
    """The hardest suitable variation of each family, families in library order."""
    chosen: dict[str, CoreExercise] = {}
    for exercise in library().values():
        suitable = (
            not exercise.alternative
            and LEVELS.index(exercise.level) <= LEVELS.index(level)
            and set(exercise.equipment) <= equipment
            and (exercise.flare_safe or not flare)
        )
        if suitable:
            best = chosen.get(exercise.family)
            if best is None or LEVELS.index(exercise.level) >= LEVELS.index(best.level):
                chosen[exercise.family] = exercise
    return list(chosen.values())


def _prescribe(exercise: CoreExercise, step: int) -> Prescription:
    sets, reps, hold = rules().ladder[exercise.dose].steps[step]
    rest = rules().timing.rest_seconds
    return Prescription(exercise.id, sets, reps, hold, rest, exercise.per_side)


def _day(pool: list[CoreExercise], day: int, count: int) -> list[CoreExercise]:
    start = (day * count) % len(pool)
    return (pool[start:] + pool[:start])[:count]


def _fits(pool, days: int, count: int, step: int, minutes: int) -> bool:
    return all(
        Session([_prescribe(e, step) for e in _day(pool, d, count)]).estimated_minutes <= minutes
        for d in range(days)
    )


def _schedule(weeks: int, start: int, top: int) -> list[int]:
    """Steps week by week: up one at a time, every few weeks one lighter, then back to the top."""
    every = rules().progression.deload_every
    steps = [start]
    for w in range(1, weeks):
        if w % every == every - 1:
            steps.append(steps[-1] - 1)
        elif (w - 1) % every == every - 1:
            steps.append(steps[-2])
        else:
            steps.append(min(top, steps[-1] + 1))
    return steps


def build_plan(
    level: str,
    weeks: int,
    days_per_week: int,
    minutes_per_session: int,
    equipment: Iterable[str] = frozenset(),
    pain_now: int = 0,
    step_offset: int = 0,
) -> Plan:
    """Build a plan; raises InvalidInput naming the argument that is out of range.

    `step_offset` moves the whole plan up or down the ladder (what `adapt` changes).
    """
    if level not in LEVELS:
        raise InvalidInput(f"level: one of {', '.join(LEVELS)}, got {level!r}")
    _check("weeks", weeks, 2, 16)
    _check("days_per_week", days_per_week, 1, 7)
    _check("minutes_per_session", minutes_per_session, 5, 60)
    _check("pain_now", pain_now, 0, 10)
    top_step, progression = rules().top_step, rules().progression
    _check("step_offset", step_offset, -top_step, top_step)
    if isinstance(equipment, str) or not all(isinstance(e, str) for e in equipment):
        raise InvalidInput("equipment: a set of equipment ids")
    equipment = frozenset(equipment)
    if unknown := sorted(equipment - set(EQUIPMENT)):
        raise InvalidInput(f"equipment: unknown id {unknown[0]!r}")

    flare = pain_now >= progression.flare_pain
    pool = _pool(level, equipment, flare)
    top = progression.flare_top_step if flare else top_step
    start = 0 if flare else progression.level_start[level]
    reach = max(_schedule(weeks, start, top))
    count = next(
        (
            n
            for n in range(len(pool), 0, -1)
            if _fits(pool, days_per_week, n, reach, minutes_per_session)
        ),
        1,
    )
    while not _fits(pool, days_per_week, count, top, minutes_per_session):
        top -= 1
    start = max(0, min(start + step_offset, top - progression.min_good_step))
    steps = _schedule(weeks, start, top)

    plan_weeks = [
        Week(
            number=w + 1,
            step=step,
            lighter=w % progression.deload_every == progression.deload_every - 1,
            sessions=[
                Session([_prescribe(e, step) for e in _day(pool, d, count)])
                for d in range(days_per_week)
            ],
        )
        for w, step in enumerate(steps)
    ]
    notes = [rules().say(rules().flare_note)] if flare else []
    return Plan(
        level,
        plan_weeks,
        days_per_week,
        minutes_per_session,
        equipment,
        pain_now,
        step_offset,
        notes,
    )


def swap_options(plan: Plan, exercise_id: str) -> list[CoreExercise]:
    """What an exercise may become: the same kind (family) and level, with the plan's equipment,
    suited to a flare when the plan is one, and not in the plan already."""
    current = library()[exercise_id]
    used = set(plan.exercise_ids())
    flare = plan.pain_now >= rules().progression.flare_pain
    return [
        e
        for e in library().values()
        if (e.family, e.level) == (current.family, current.level)
        and set(e.equipment) <= plan.equipment
        and (e.flare_safe or not flare)
        and e.id not in used
    ]


def edit_plan(plan: Plan, edit: Edit) -> Plan:
    """The plan with one more edit; raises InvalidInput saying why an edit cannot apply."""
    if isinstance(edit, SessionDays):
        _check("days_per_week", edit.days_per_week, 1, 7)
        if edit.days_per_week == plan.days_per_week:
            raise InvalidInput(f"days_per_week: the plan already has {plan.days_per_week}")
        inputs = {**plan.inputs(), "days_per_week": edit.days_per_week}
        return replay(inputs, (*plan.edits, edit))
    if isinstance(edit, Swap):
        if edit.to not in {e.id for e in swap_options(plan, edit.exercise_id)}:
            raise InvalidInput(
                f"swap: {edit.to!r} is not of the same kind and level as {edit.exercise_id!r}, "
                "or needs equipment the plan does not list"
            )
    else:
        _check("week", edit.week, 1, len(plan.weeks))
        for name, (low, high) in DOSE_LIMITS.items():
            _check(name, getattr(edit, name), low, high)
        dose = library()[edit.exercise_id].dose
        if (dose == "reps") != (edit.hold_seconds == 0) or (dose == "carry") != (edit.reps == 1):
            raise InvalidInput(f"dose: a {dose} exercise needs {DOSE_SHAPES[dose]}")
    edited = _apply(plan, edit)
    if edited is None:
        raise InvalidInput(f"exercise: {edit.exercise_id!r} is not in that part of the plan")
    return replace(edited, edits=(*plan.edits, edit))


DOSE_SHAPES = {
    "hold": "a hold time and any number of reps",
    "reps": "reps and no hold time",
    "carry": "1 rep and a walking time",
}


def _apply(plan: Plan, edit: Swap | Dose) -> Plan | None:
    """One swap or dose change on the built plan, or None when its exercise is not there."""
    found = False

    def changed(week: Week, p: Prescription) -> Prescription:
        nonlocal found
        if p.exercise_id != edit.exercise_id:
            return p
        if isinstance(edit, Swap):
            found = True
            return _prescribe(library()[edit.to], week.step)
        if week.number != edit.week:
            return p
        found = True
        return replace(p, sets=edit.sets, reps=edit.reps, hold_seconds=edit.hold_seconds)

    weeks = [
        replace(w, sessions=[Session([changed(w, p) for p in s.exercises]) for s in w.sessions])
        for w in plan.weeks
    ]
    return replace(plan, weeks=weeks) if found else None


def replay(inputs: dict[str, Any], edits: Iterable[Edit]) -> Plan:
    """Build a plan, then make its edits again in order; an edit whose exercise is no longer
    there (after a change of session days, say) is kept on record and changes nothing."""
    plan = build_plan(**inputs)
    edits = tuple(edits)
    for edit in edits:
        if not isinstance(edit, SessionDays):
            plan = _apply(plan, edit) or plan
    return replace(plan, edits=edits)


@dataclass(frozen=True)
class Adaptation:
    change: int
    rule: str
    reason: str
    source: str
    plan: Plan


def adapt(plan: Plan, log: pd.DataFrame, baseline: float | None = None) -> Adaptation:
    """Move a plan back a step when pain rose, forward when the last two sessions were easy.

    `log` holds at least `date` and `pain`; `pain_during`, `rpe` and `minutes` are used when
    present. The baseline defaults to the pain recorded when the plan was built.
    """
    if "date" not in log.columns or "pain" not in log.columns:
        raise InvalidInput("log: needs date and pain columns")
    baseline = plan.pain_now if baseline is None else baseline
    log = log.sort_values("date")
    sessions = log[log["minutes"].fillna(0) > 0] if "minutes" in log.columns else log
    last_two = sessions.tail(2)
    top_step, progression = rules().top_step, rules().progression

    def moved(change: int, rule: str, **values: Any) -> Adaptation:
        inputs = plan.inputs()
        offset = max(-top_step, min(top_step, inputs.pop("step_offset") + change))
        reason, source = _reason(rule, **values)
        moved_plan = replay({**inputs, "step_offset": offset}, plan.edits)
        return Adaptation(change, rule, reason, source, moved_plan)

    pain = log["pain"].iloc[-1] if len(log) else None
    if pain is not None and pain >= baseline + progression.back_off_rise:
        return moved(-1, "pain_rose", pain=pain, baseline=baseline)
    during_max = pain_rule().during_max
    if "pain_during" in last_two.columns and (last_two["pain_during"] > during_max).any():
        return moved(-1, "pain_during_high", during_max=during_max)
    easy = (
        len(last_two) == 2
        and (last_two["pain"] <= progression.forward_pain).all()
        and "rpe" in last_two.columns
        and (last_two["rpe"] <= progression.forward_effort).all()
    )
    if easy:
        return moved(1, "going_well")
    reason, source = _reason("hold")
    return Adaptation(0, "hold", reason, source, plan)


def _reason(rule: str, **values: Any) -> tuple[str, str]:
    """(reason, source) for an adaptation rule, in the words of core_plan.toml."""
    text = rules().adapt[rule]
    return rules().say(text.reason, **values), text.source


@dataclass(frozen=True)
class Booking:
    day: date
    week: int
    session: int


def schedule(plan: Plan, start: date, training_days: Iterable[str]) -> list[Booking]:
    """Dates for every session: the client's training days first, other days if they are short."""
    preferred = [WEEKDAYS.index(d) for d in training_days if d in WEEKDAYS]
    days = sorted((preferred + [d for d in range(7) if d not in preferred])[: plan.days_per_week])
    monday = start - timedelta(days=start.weekday())
    bookings = []
    for week in plan.weeks:
        week_start = monday + timedelta(weeks=week.number - 1)
        for session, weekday in enumerate(days):
            bookings.append(Booking(week_start + timedelta(days=weekday), week.number, session))
    return bookings


def adherence(
    bookings: Iterable[Booking], done: set[tuple[int, int]], today: date, days: int = 28
) -> tuple[int, int]:
    """(sessions done, sessions planned) in the last `days`; today's counts once it is done."""
    due = [
        b
        for b in bookings
        if today - timedelta(days=days) < b.day < today
        or (b.day == today and (b.week, b.session) in done)
    ]
    return sum((b.week, b.session) in done for b in due), len(due)


def dose_text(p: Prescription) -> str:
    """A prescription in words, e.g. '2 x 5 holds of 8 s each side'."""
    if p.hold_seconds and p.reps == 1:
        text = f"{p.sets} x {p.hold_seconds} s walk"
    elif p.hold_seconds:
        text = f"{p.sets} x {p.reps} holds of {p.hold_seconds} s"
    else:
        text = f"{p.sets} x {p.reps} reps"
    return text + (" each side" if p.per_side else "")


def week_of(plan: Plan, start: date, today: date) -> int:
    """The plan week that `today` falls in, held to the plan's first and last weeks."""
    monday = start - timedelta(days=start.weekday())
    return max(1, min(len(plan.weeks), (today - monday).days // 7 + 1))
