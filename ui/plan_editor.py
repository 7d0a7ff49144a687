"""The core plan's editor: swap an exercise, set a week's dose, change the session days.

Every change is checked against the plan's rules before it is saved as a new version. A change
that breaks one waits, named in words, until the trainer keeps it anyway or undoes it.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach import plan_checks, plans, store
from coach.errors import BackCoachError
from coach.plans import Dose, Edit, Plan, SessionDays, Swap
from ui.render import errors_shown
from ui.setup import PageContext

KINDS = {"swap": "Swap an exercise", "dose": "Set a dose", "days": "Sessions a week"}


def _name(exercise_id: str) -> str:
    return plans.library()[exercise_id].name


def _pending_key(plan_id: int) -> str:
    return f"plan_edit_pending_{plan_id}"


def _save(ctx: PageContext, client_id: int, start_day: date, plan: Plan) -> None:
    note = f"edited: {plan_checks.describe(plan.edits[-1])}"
    with errors_shown():
        store.save_plan(ctx.db, ctx.viewer, client_id, plan.to_dict(), start_day, note, ctx.now)
        st.toast("Saved as a new version of the plan", icon=":material/check:")
        st.rerun()


def _swap_form(plan: Plan, plan_id: int) -> Edit | None:
    choices = [i for i in plan.exercise_ids() if plans.swap_options(plan, i)]
    if not choices:
        st.caption(
            "No exercise in this plan has another of the same kind and level that fits its "
            "equipment."
        )
        return None
    left, right = st.columns(2)
    source = left.selectbox("Swap", choices, format_func=_name, key=f"plan_swap_from_{plan_id}")
    options = [e.id for e in plans.swap_options(plan, source)]
    target = right.selectbox("For", options, format_func=_name, key=f"plan_swap_to_{plan_id}")
    if st.button("Swap and check the rules", key=f"plan_swap_{plan_id}"):
        return Swap(source, target)
    return None


def _dose_form(plan: Plan, plan_id: int, week: int) -> Edit | None:
    shown = {p.exercise_id: p for s in plan.weeks[week - 1].sessions for p in s.exercises}
    exercise_id = st.selectbox(
        f"Exercise in week {week}", list(shown), format_func=_name, key=f"plan_dose_ex_{plan_id}"
    )
    now = shown[exercise_id]
    cells = st.columns(3)
    values = [
        cell.number_input(label, low, high, getattr(now, name), key=f"plan_dose_{name}_{plan_id}")
        for cell, (name, (low, high)), label in zip(
            cells, plans.DOSE_LIMITS.items(), ("Sets", "Reps", "Hold (s)"), strict=True
        )
    ]
    if st.button(f"Set this dose for week {week}", key=f"plan_dose_set_{plan_id}"):
        return Dose(week, exercise_id, *values)
    return None


def _days_form(plan: Plan, plan_id: int) -> Edit | None:
    days = st.number_input("Sessions a week", 1, 7, plan.days_per_week, key=f"plan_days_{plan_id}")
    if st.button("Change the sessions a week", key=f"plan_days_set_{plan_id}"):
        return SessionDays(days)
    return None


def plan_editor(
    ctx: PageContext, client_id: int, plan_id: int, start_day: date, plan: Plan, week: int
) -> None:
    """The editor, then any change waiting for the trainer's decision."""
    pending_key = _pending_key(plan_id)
    with st.expander("Change this plan", icon=":material/edit:"):
        kind = st.segmented_control(
            "What to change",
            list(KINDS),
            format_func=KINDS.get,
            default="swap",
            key=f"plan_edit_kind_{plan_id}",
        )
        forms = {
            "swap": lambda: _swap_form(plan, plan_id),
            "dose": lambda: _dose_form(plan, plan_id, week),
            "days": lambda: _days_form(plan, plan_id),
        }
        edit = forms[kind]() if kind else None
        if edit is not None:
            try:
                checked = plan_checks.try_edit(plan, edit)
            except BackCoachError as e:
                st.error(str(e))
            else:
                if not checked.broken:
                    _save(ctx, client_id, start_day, checked.plan)
                st.session_state[pending_key] = plans.edit_to_dict(edit)
    if pending_key not in st.session_state:
        return
    checked = plan_checks.try_edit(plan, plans.edit_from_dict(st.session_state[pending_key]))
    rules = "".join(f"\n- {b.text} `[{b.source}]`" for b in checked.broken)
    st.warning(
        f"**This change breaks the plan's rules:** {plan_checks.describe(checked.edit)}.{rules}"
        "\n\nKeep it anyway (recorded with the plan as your decision) or undo it.",
        icon=":material/rule:",
    )
    keep, undo = st.columns(2)
    if keep.button("Keep anyway", key=f"plan_keep_{plan_id}", icon=":material/gavel:"):
        del st.session_state[pending_key]
        _save(ctx, client_id, start_day, plan_checks.keep_anyway(checked))
    if undo.button("Undo this change", key=f"plan_undo_{plan_id}", icon=":material/undo:"):
        del st.session_state[pending_key]
        st.rerun()
