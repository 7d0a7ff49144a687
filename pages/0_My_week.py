"""My week: the first screen for someone checking themselves."""

import streamlit as st

import ui
from coach import charts, plans, store, summary
from coach.logbook import LogEntry

ctx = ui.page_setup("My week", ":material/today:", needs_client=True)
today = ctx.today
info = summary.client_summary(ctx.db, ctx.viewer, ctx.client.id, today, ctx.tz)
st.title("My week")
st.warning(ui.SAFETY_NOTE, icon=":material/emergency:")

# Spoken to the person on their own record; about the client when their trainer reads it.
name = None if ctx.own_record else ui.plain(ctx.client.name)
ui.todays_advice(summary.todays_advice(info, today, ctx.tz, name))
ui.unsaved_clearance(ctx, "triage", info.open_referral and info.open_referral.id)
if info.open_referral:  # a later check does not close it: being seen does, recorded here
    # Folded, so the outcome above stays what a person heading for care reads.
    with st.expander("Seen by a clinician since? Record it here", icon=":material/healing:"):
        ui.clearance_form(ctx, "triage", info.open_referral.id, "you after this check")

version = st.session_state.get(ui.for_client("week_log_version", ctx.client.id), 0)
with st.form(ui.for_client("week_log", ctx.client.id, version)):
    pain = ui.pain_input(
        "Log today: back pain now (0 none, 10 worst)",
        ui.for_client("week_pain", ctx.client.id, version),
    )
    if st.form_submit_button("Log today", type="primary"):
        if pain is None:
            st.error("Tap a number first: 0 means no pain.")
        else:
            # The log keeps the wall-clock time the person lives by, not an instant.
            wall = ctx.now.replace(tzinfo=None, second=0, microsecond=0)
            with ui.errors_shown():
                store.add_entry(
                    ctx.db, ctx.viewer, ctx.client.id, LogEntry.check_in(wall, pain), ctx.now
                )
                st.session_state[ui.for_client("week_log_version", ctx.client.id)] = version + 1
                st.toast("Logged", icon=":material/check:")
                st.rerun()

left, right = st.columns(2)
with left:
    st.subheader("Last check")
    if info.triages:
        glance = info.glance
        day = ctx.dates.day(glance.last_triage_date)
        st.markdown(f"{day}: **{ui.level_title(glance.last_triage_level)}**")
    else:
        st.caption("No check saved yet.")
    if ui.unsaved_outcome(ctx):
        st.info("Your check from just now is not saved yet.", icon=":material/save:")
        st.page_link("pages/1_Triage.py", label="Open it to save", icon=":material/healing:")
    else:
        st.page_link("pages/1_Triage.py", label="Check my back now", icon=":material/healing:")
with right:
    st.subheader("Next core session")
    upcoming = summary.next_session(info, today)
    if upcoming:
        session = info.plan.weeks[upcoming.week - 1].sessions[upcoming.session]
        st.markdown(f"**{ctx.dates.short_day(upcoming.day)}** (week {upcoming.week})")
        for p in session.exercises:
            st.markdown(f"- {plans.library()[p.exercise_id].name}: {plans.dose_text(p)}")
    else:
        st.page_link("pages/4_Core_plan.py", label="Build a core plan", icon=":material/build:")

st.subheader("My trend")
for finding in info.report.findings.values():
    ui.finding_card(finding)
st.altair_chart(charts.pain_chart(info.report.chart_data), width="stretch")
