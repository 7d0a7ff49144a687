"""Intake: a readiness screen for a new client before the first session."""

import streamlit as st

import ui
from coach import store
from coach.errors import BackCoachError
from coach.intake import NEEDS_CLEARANCE, assess_intake, questions

ctx = ui.page_setup("Intake", ":material/assignment:", needs_client=True, who=ui.EVERYONE)
st.title(f"Intake: {ui.plain(ctx.client.name)}")
st.caption(
    "Our own questions, covering the same ground as the PAR-Q+ (not the PAR-Q+ itself), "
    "plus back history. " + ui.cite("parq_plus_2023")
)

previous = store.latest_intake(ctx.db, ctx.viewer, ctx.client.id)
uncleared = (
    previous
    and previous.outcome == NEEDS_CLEARANCE
    and not previous.cleared_on
    and ctx.mode != ui.CLIENT
)
ui.unsaved_clearance(ctx, "intake", previous.id if uncleared else None)
if previous:
    outcome = "needs medical clearance" if previous.outcome == NEEDS_CLEARANCE else "cleared"
    by = " (answered by the client)" if previous.by_client and ctx.mode != ui.CLIENT else ""
    st.info(f"Last intake {ctx.dates.day(ctx.local(previous.ts).date())}{by}: {outcome}.")
    if uncleared:
        ui.clearance_form(ctx, "intake", previous.id, f"{ui.plain(ctx.client.name)} to start")

with st.form(ui.for_client("intake_form", ctx.client.id)):
    answers = {}
    for q in questions():
        answers[q.id] = st.radio(
            q.label,
            [True, False],
            index=None,
            horizontal=True,
            key=ui.for_client("intake", ctx.client.id, q.id),
            format_func={True: "Yes", False: "No"}.get,
            help=q.domain,
        )
    submitted = st.form_submit_button("Save intake", type="primary")

if submitted:
    missing = [q.label for q in questions() if answers[q.id] is None]
    if missing:
        st.error("Please answer every question. Still open:\n\n- " + "\n- ".join(missing))
        st.stop()
    try:
        result = assess_intake(answers)
    except BackCoachError as e:
        st.error(str(e))
        st.stop()
    with ui.errors_shown():
        store.save_intake(
            ctx.db,
            ctx.viewer,
            ctx.client.id,
            answers,
            result.outcome,
            [q.id for q in result.reasons],
            ctx.now,
            by_client=ctx.mode == ui.CLIENT,
        )
    show = st.warning if result.outcome == NEEDS_CLEARANCE else st.success
    show(f"**{result.text}**")
    for q in result.reasons + result.notes:
        st.markdown(f"- {q.reason} {ui.ref(q.source)}")
