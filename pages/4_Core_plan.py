"""Core plan: build a progressive core plan, follow it, adapt it from the log, export it."""

from datetime import timedelta

import streamlit as st

import ui
from coach import documents, exercises, exports, plans, store
from coach.content import label
from coach.errors import BackCoachError
from coach.plans import Plan

ctx = ui.page_setup("Core plan", ":material/fitness_center:", needs_client=True)
hold = ui.hold_training(ctx)  # while a client waits to be seen, that comes first
client = ctx.client
st.title(f"Core plan: {ui.plain(client.name)}")
st.caption(
    "Core work may help a little more in the short term than other exercise; long-term results "
    f"are similar, so choose what will get done. {ui.cite('chang_2015')}"
)
recent = store.recent_entries(ctx.db, ctx.viewer, client.id)
current = store.current_plan(ctx.db, ctx.viewer, client.id)

with (
    st.expander("Build a new plan", expanded=current is None, icon=":material/build:"),
    st.form(ui.for_client("plan_inputs", client.id)),
):
    left, right = st.columns(2)
    level = left.selectbox(
        "Level",
        plans.LEVELS,
        index=plans.LEVELS.index(client.background),
        format_func=lambda v: label("level", v),
    )
    weeks = right.slider("Weeks", 2, 16, 6, key=ui.for_client("plan_weeks", client.id))
    days = left.slider("Sessions a week", 1, 7, max(1, len(client.training_days)))
    minutes = right.slider("Minutes a session", 5, 60, 20)
    equipment = st.multiselect(
        "Equipment available",
        plans.EQUIPMENT,
        default=["mat"],
        format_func=exercises.equipment_labels().get,
    )
    pain = st.slider("Back pain now (0-10)", 0, 10, recent[0].pain if recent else 0)
    if st.form_submit_button("Build plan", type="primary"):
        try:
            new = plans.build_plan(level, weeks, days, minutes, frozenset(equipment), pain)
            start = ctx.today + timedelta(days=-ctx.today.weekday(), weeks=1)
            store.save_plan(ctx.db, ctx.viewer, client.id, new.to_dict(), start, "built", ctx.now)
            st.toast("Plan saved", icon=":material/check:")
            st.rerun()
        except BackCoachError as e:
            st.error(str(e))

if current is None:
    st.info("No plan yet: build one above.")
    st.stop()

plan = Plan.from_dict(current.plan)
start_day = current.start_day
bookings = plans.schedule(plan, start_day, client.training_days)
done = store.sessions_done(ctx.db, ctx.viewer, current.id)
finished, due = plans.adherence(bookings, done, ctx.today)
row = st.container(horizontal=True)
row.metric("Starts", ctx.dates.day(start_day))
row.metric("Done in the last 4 weeks", f"{finished} of {due}" if due else "Nothing due yet")
row.metric("Level", label("level", plan.level))
for note in plan.notes:
    st.warning(note, icon=":material/healing:")

# A proposal belongs to this client's current plan: (step offset, reason).
PROPOSAL = ui.for_client("plan_proposal", client.id, current.id)
if st.button(f"Adapt from {ctx.whose()} log", key="plan_adapt", icon=":material/tune:"):
    log = store.entries_frame(ctx.db, ctx.viewer, client.id, start=ui.days_ago(ctx.today, 14))
    proposal = plans.adapt(plan, log)
    reason = f"{proposal.reason} {ui.ref(proposal.source)}"
    st.session_state[PROPOSAL] = (proposal.plan.step_offset, reason)
if PROPOSAL in st.session_state:
    offset, reason = st.session_state[PROPOSAL]
    st.info(reason, icon=":material/tune:")
    if offset != plan.step_offset and st.button("Apply this change", key="plan_apply"):
        inputs = {**plan.inputs(), "step_offset": offset}
        with ui.errors_shown():
            store.save_plan(
                ctx.db,
                ctx.viewer,
                client.id,
                plans.replay(inputs, plan.edits).to_dict(),
                start_day,
                "adapted from the log",
                ctx.now,
            )
            del st.session_state[PROPOSAL]
            st.toast("Plan adapted", icon=":material/check:")
            st.rerun()

st.markdown("Session times in the calendar")
at = ui.session_times(bookings, "plan_session_time", client.id)
if note := documents.font_note(client.name):
    st.caption(ui.plain(note))
downloads = st.container(horizontal=True)
downloads.download_button(
    "CSV",
    lambda: exports.to_csv(documents.plan_rows(plan, bookings)),
    f"core-plan-{client.name}.csv",
    "text/csv",
    key="plan_csv",
    on_click="ignore",
    icon=":material/table:",
)
hold_note = hold.handout_note(f"{ctx.local(hold.since):%d %B %Y}") if hold else ""
downloads.download_button(
    "PDF handout",
    lambda: documents.plan_pdf(plan, client.name, bookings, ctx.dates, hold_note),
    f"core-plan-{client.name}.pdf",
    "application/pdf",
    key="plan_pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
)
downloads.download_button(
    "Calendar (.ics)",
    lambda: documents.plan_ics(plan, client.name, bookings, at, now=ctx.now),
    f"core-plan-{client.name}.ics",
    "text/calendar",
    key="plan_ics",
    on_click="ignore",
    icon=":material/calendar_month:",
)

dates = {(b.week, b.session): b.day for b in bookings}
number = st.selectbox(
    "Week",
    [w.number for w in plan.weeks],
    index=plans.week_of(plan, start_day, ctx.today) - 1,
    format_func=lambda n: f"Week {n}" + (" (lighter)" if plan.weeks[n - 1].lighter else ""),
    key=f"plan_week_{current.id}",
)
week = plan.weeks[number - 1]
for index, session in enumerate(week.sessions):
    key = (week.number, index)
    st.checkbox(
        f"**{ctx.dates.short_day(dates[key])}**: session {index + 1} (about "
        f"{session.estimated_minutes:.0f} min) done",
        value=key in done,
        key=f"plan_done_{current.id}_{week.number}_{index}",
        on_change=ui.toggle_session_done,
        args=(ctx.viewer, current.id, *key),
    )
    for p in session.exercises:
        exercise = plans.library()[p.exercise_id]
        with st.expander(f"{exercise.name}: {plans.dose_text(p)}, rest {p.rest_seconds} s"):
            ui.exercise_picture(exercises.entry(p.exercise_id))
            steps = "".join(f"\n1. {s}" for s in exercise.steps)
            st.markdown(f"{steps}\n\n**Cues:** " + "; ".join(exercise.cues))
            st.caption(ui.cite(exercise.source))

ui.plan_editor(ctx, client.id, current.id, start_day, plan, number)

with st.expander("Earlier versions"):
    for version in store.list_plans(ctx.db, ctx.viewer, client.id):
        shape = Plan.from_dict(version.plan)
        st.markdown(
            f"- {ctx.dates.when(ctx.local(version.created))}: {ui.plain(version.note)}, "
            f"{len(shape.weeks)} weeks, {label('level', shape.level).lower()}"
        )
