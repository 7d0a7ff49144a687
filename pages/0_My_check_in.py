"""My check-in: a client on their own phone logs today's pain and ticks today's core session."""

import streamlit as st

import ui
from coach import charts, store, summary

ctx = ui.page_setup("My check-in", ":material/today:", who=(ui.CLIENT,))
info = summary.client_summary(ctx.db, ctx.viewer, ctx.client.id, ctx.today, ctx.tz)
st.title("My check-in")
ui.safety_line()
# What today's log and checks mean for today, first: after a check-in it is what comes into view.
ui.todays_advice(summary.todays_advice(info, ctx.today, ctx.tz))

st.subheader("How is your back?", anchor=False)
ui.check_in_form(ctx)
row = st.container(horizontal=True)
row.page_link(
    "pages/1_Triage.py", label="Something feels wrong: check it", icon=":material/healing:"
)
row.page_link("pages/3_Warm_up.py", label="Build a warm-up", icon=":material/directions_run:")
if store.latest_intake(ctx.db, ctx.viewer, ctx.client.id) is None:
    st.info("Before your first session, answer a few questions for your trainer.")
    st.page_link(
        "pages/8_Intake.py", label="Answer the intake questions", icon=":material/assignment:"
    )

st.subheader("Your core session", anchor=False)
ui.todays_session(ctx, info)

st.subheader("Your pain", anchor=False)
if info.entries.empty:
    st.caption("Your chart starts with your first check-in.")
else:
    st.altair_chart(charts.pain_chart(info.report.chart_data), width="stretch")

checked_in = st.session_state.get(ui.for_client("checkin_version", ctx.client.id), 0)
ui.scroll_to_top(f"check-in {ctx.client.id} {checked_in}")
