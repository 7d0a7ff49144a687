"""Warm-up: build a RAMP routine for today's session, tick it through, and check fluids."""

import time

import streamlit as st

import ui
from coach import exercises, hydration, store, warmup
from coach.errors import BackCoachError

ctx = ui.page_setup("Warm-up", ":material/directions_run:", who=ui.EVERYONE)
ui.hold_training(ctx)  # while a client waits to be seen, that comes first
st.title("Warm-up")
st.caption(f"{warmup.builder().static_stretch_note} {ui.cite('behm_2016')}")

latest = store.recent_entries(ctx.db, ctx.viewer, ctx.client.id) if ctx.client else []
client_id = ctx.client.id if ctx.client else None
left, mid, right = st.columns(3)
session_type = left.selectbox(
    "Session",
    list(warmup.builder().session_types),
    format_func=warmup.builder().session_types.get,
    key=ui.for_client("warmup_session", client_id),
)
minutes = mid.slider(
    "Minutes available",
    *warmup.builder().minutes,
    8,
    key=ui.for_client("warmup_minutes", client_id),
)
pain = right.slider(
    "Back pain today (0-10)",
    0,
    10,
    latest[0].pain if latest else 0,
    key=ui.for_client("warmup_pain", client_id),
)

try:
    routine = warmup.build_warmup(session_type, minutes, pain)
except BackCoachError as e:
    st.error(str(e))
    st.stop()
if pain:
    st.info("Some pain today, so every move is a back-friendly one.", icon=":material/healing:")
st.caption(f"{warmup.builder().ramp_note} {ui.cite('ramp_jeffreys')}")

done = []
for i, step in enumerate(routine.steps):
    entry = exercises.entry(step.move.id)
    text, picture = st.columns([3, 2], vertical_alignment="center")
    label = f"**{warmup.builder().phases[step.move.phase]}** · {step.move.name} · {step.seconds} s"
    done.append(
        text.checkbox(
            label,
            key=ui.for_client("warmup_step", client_id, session_type, minutes, pain, i),
            help=ui.cite(step.move.source),
        )
    )
    text.caption(". ".join(entry.steps) + ".")
    ui.exercise_picture(entry, picture)

current = next((s for s, ticked in zip(routine.steps, done, strict=True) if not ticked), None)
if current and st.button(
    f"Start a {current.seconds} s timer for: {current.move.name}",
    key="warmup_timer",
    icon=":material/timer:",
):
    bar = st.progress(0.0)
    for second in range(current.seconds):
        bar.progress((second + 1) / current.seconds, text=f"{current.seconds - second - 1} s left")
        time.sleep(1)

if ctx.client is not None:
    row = st.container(horizontal=True, vertical_alignment="center")
    finished = row.button("Warm-up done", type="primary", disabled=not all(done), key="warmup_done")
    if not all(done):  # in words beside it: a phone has no hover to show a tooltip
        row.caption("Tick every step above first.")
    if finished:
        with ui.errors_shown():
            store.record_warmup(
                ctx.db, ctx.viewer, ctx.client.id, ctx.today, session_type, minutes, ctx.now
            )
            st.success(f"Warm-up saved to {ctx.whose()} log for today.", icon=":material/check:")

st.subheader("Fluids")
left, right = st.columns(2)
lowest, highest = hydration.rules().body_mass_kg
mass = left.number_input("Body mass before training (kg)", lowest, highest, value=None, step=0.5)
after = right.number_input(
    "Body mass after training (kg, optional)", lowest, highest, value=None, step=0.5
)
if mass:
    plan = hydration.fluid_plan(mass, after)
    st.markdown("".join(f"\n- {line}" for line in plan.notes))
    st.caption(ui.cite("acsm_hydration_2007"))
