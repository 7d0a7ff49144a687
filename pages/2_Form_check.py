"""Form check: tick the faults seen on a lift; get a score, the cues to fix first, and a plan."""

import streamlit as st

import ui
from coach import exercises, form_check, store
from coach.errors import BackCoachError

ctx = ui.page_setup("Form check", ":material/fact_check:")
ui.hold_training(ctx)  # while a client waits to be seen, that comes first
st.title("Form check")
st.caption("Watch a few reps (or film them) and tick every fault you see.")

HISTORY_SHOWN = 10
library = form_check.exercises()
exercise_id = st.selectbox(
    "Exercise", list(library), format_func=lambda e: library[e].name, key="form_exercise"
)
exercise = library[exercise_id]
ui.exercise_picture(exercises.entry(exercise_id))
left, right = st.columns(2)
left.markdown("**Setup**\n" + "".join(f"\n- {cue}" for cue in exercise.setup))
right.markdown("**During the rep**\n" + "".join(f"\n- {cue}" for cue in exercise.execution))
st.caption(" · ".join(ui.cite(s) for s in exercise.sources))

client_id = ctx.client.id if ctx.client else None
# Each scored set saves once: the form starts afresh after it, and the result stays shown.
# The checklist sits beside the client's latest clip of this lift, when there is one.
version_key = ui.for_client("form_version", client_id, exercise_id)
version = st.session_state.get(version_key, 0)
scored_key = ui.for_client("form_scored", client_id, exercise_id)
with (
    ui.clip_beside(ctx, exercise_id),
    st.form(ui.for_client("form_check", client_id, exercise_id, version)),
):
    seen = [
        fault.id
        for fault in exercise.faults
        if st.checkbox(
            f"{fault.name} ({fault.risk} back risk)",
            key=ui.for_client("form_fault", client_id, exercise_id, fault.id, version),
            help=fault.why,
        )
    ]
    left, right = st.columns(2)
    load = left.number_input("Load used (kg, optional)", 0.0, 500.0, value=None, step=2.5)
    new_to_lift = right.toggle(
        "New to this lift", key=ui.for_client("form_new", client_id, exercise_id, version)
    )
    submitted = st.form_submit_button("Score this set", type="primary")


def scored(faults: list[str], new: bool) -> None:
    """Keep the set's result to show, and start a fresh form for the next set."""
    st.session_state[scored_key] = (faults, new)
    st.session_state[version_key] = version + 1
    st.rerun()


if submitted:
    try:
        result = form_check.score_form(exercise_id, seen, new_to_lift)
    except BackCoachError as e:
        st.error(str(e))
        st.stop()
    if ctx.client is None:
        scored(seen, new_to_lift)
    with ui.errors_shown():
        faults = [f.id for f in result.faults]
        store.save_form_check(
            ctx.db, ctx.viewer, ctx.client.id, exercise_id, faults, result.score, load, ctx.now
        )
        st.toast(f"Saved to {ctx.whose()} form history", icon=":material/check:")
        scored(seen, new_to_lift)

if scored_key in st.session_state:
    result = form_check.score_form(exercise_id, *st.session_state[scored_key])
    st.metric("Form score, last set", f"{result.score}/100")
    for line in result.advice:
        st.info(line, icon=":material/lightbulb:")
    if result.cues:
        st.markdown("**Fix these first:**" + "".join(f"\n1. {cue}" for cue in result.cues))
    for f in result.faults:
        with st.container(border=True):
            st.markdown(f"**{f.name}** ({f.risk} back risk)  \n{f.why}")
            st.markdown(f"**Easier variation:** {f.regression}")

if ctx.client is not None:
    st.subheader(f"{exercise.name}: {ctx.whose()} history")
    history = store.list_form_checks(ctx.db, ctx.viewer, ctx.client.id, exercise_id)
    if not history:
        st.caption("No checks of this lift yet.")
    for ex_id, fault_id, times in form_check.recurring_faults(history):
        st.warning(f"Keeps coming back: {library[ex_id].fault(fault_id).name} ({times} checks)")
    for h in history[:HISTORY_SHOWN]:
        faults = ", ".join(exercise.fault(f).name for f in h.faults) or "no faults seen"
        load_text = "" if h.load_kg is None else f" · {h.load_kg:g} kg"
        st.markdown(
            f"**{ctx.dates.day(ctx.local(h.ts).date())}** · score {h.score}/100{load_text}"
            f"  \n{faults}"
        )
    if len(history) > HISTORY_SHOWN:
        st.caption(f"The newest {HISTORY_SHOWN} of {len(history)} checks of this lift.")
