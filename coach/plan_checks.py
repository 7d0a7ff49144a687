"""Whether a plan still keeps its rules after a trainer's edit, named in words a trainer reads.

A generated plan keeps every rule; an edit may break one. The trainer then sees which, and may
keep the edit anyway: that choice is stored on the edit as the trainer's decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coach.plans import (
    MAX_RISE,
    Dose,
    Edit,
    Plan,
    Prescription,
    SessionDays,
    Swap,
    Week,
    dose_text,
    edit_plan,
    library,
    rules,
)


@dataclass(frozen=True)
class BrokenRule:
    rule: str
    text: str
    source: str


@dataclass(frozen=True)
class Checked:
    """An edited plan and the rules it breaks (none: it may be saved as it is)."""

    plan: Plan
    edit: Edit
    broken: tuple[BrokenRule, ...]


def week_work(week: Week) -> int:
    """Everything a week asks for: sets x reps x hold, both sides, over all its sessions."""
    return sum(p.work for s in week.sessions for p in s.exercises)


def _broken(rule: str, **values: object) -> BrokenRule:
    check = rules().check[rule]
    return BrokenRule(rule, rules().say(check.text, **values), check.source)


def broken_rules(plan: Plan) -> tuple[BrokenRule, ...]:
    """Every rule the plan breaks, first weeks first; an empty tuple when it keeps them all."""
    found: list[BrokenRule] = []
    work = [week_work(w) for w in plan.weeks]
    for before, week in zip(plan.weeks, plan.weeks[1:], strict=False):
        now, then = work[week.number - 1], work[before.number - 1]
        if week.lighter and now >= then:
            found.append(_broken("lighter_week", week=week.number, previous=before.number))
        elif now > then * MAX_RISE:
            found.append(_broken("week_jump", week=week.number, previous=before.number))
    if work[-1] <= work[0]:
        found.append(_broken("last_week", week=len(plan.weeks)))
    for week in plan.weeks:
        longest = max(s.estimated_minutes for s in week.sessions)
        if longest > plan.minutes_per_session:
            found.append(
                _broken(
                    "session_time",
                    week=week.number,
                    minutes=round(longest),
                    limit=plan.minutes_per_session,
                )
            )
            break
    return tuple(found)


def try_edit(plan: Plan, edit: Edit) -> Checked:
    """Make the edit and check every rule again; raises InvalidInput when it cannot apply."""
    edited = edit_plan(plan, edit)
    return Checked(edited, edit, broken_rules(edited))


def keep_anyway(checked: Checked) -> Plan:
    """The edited plan with the broken rules written onto its last edit: the trainer's call."""
    kept = replace(checked.edit, kept_despite=tuple(b.text for b in checked.broken))
    return replace(checked.plan, edits=(*checked.plan.edits[:-1], kept))


def describe(edit: Edit) -> str:
    """One edit in words, with any rule the trainer chose to break, for the version history."""
    if isinstance(edit, Swap):
        text = f"swapped {library()[edit.exercise_id].name} for {library()[edit.to].name}"
    elif isinstance(edit, Dose):
        exercise = library()[edit.exercise_id]
        shown = Prescription(
            exercise.id, edit.sets, edit.reps, edit.hold_seconds, 0, exercise.per_side
        )
        text = f"week {edit.week}: {exercise.name} set to {dose_text(shown)}"
    else:
        text = f"{_days(edit)} a week"
    if edit.kept_despite:
        text += f"; kept although {' and '.join(edit.kept_despite)} (the trainer's decision)"
    return text


def _days(edit: SessionDays) -> str:
    return f"{edit.days_per_week} session{'s' if edit.days_per_week != 1 else ''}"
