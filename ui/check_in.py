"""A client's own check-in on a phone: pain in taps, and today's core session.

What a client logs here lands in the same log the trainer reads, marked as the client's.
"""

from __future__ import annotations

import streamlit as st

from coach import exercises, plans, store, summary
from coach.content import pain_rule
from coach.logbook import LogEntry
from coach.plans import Booking
from coach.summary import ClientSummary
from ui.editors import toggle_session_done
from ui.exercises import exercise_picture
from ui.keys import for_client
from ui.log_form import EFFORT_HELP, pain_input
from ui.render import cite, errors_shown
from ui.setup import PageContext


def check_in_form(ctx: PageContext) -> None:
    """Pain now is the one answer needed; the rest are a tap each when they apply."""
    client_id = ctx.client.id
    version = st.session_state.get(for_client("checkin_version", client_id), 0)

    def key(name: str) -> str:
        return for_client(name, client_id, version)

    with st.form(key("checkin")):
        pain = pain_input("Back pain now: 0 none, 10 worst", key("checkin_pain"))
        during = pain_input("Pain during exercise today (if you trained)", key("checkin_during"))
        st.caption(pain_rule().text)
        morning = pain_input("Pain this morning, after yesterday's session", key("checkin_morning"))
        effort = pain_input("How hard today's session felt, 0 to 10", key("checkin_effort"))
        st.caption(EFFORT_HELP)
        warmed = st.toggle("I warmed up first", key=key("checkin_warmed"))
        submitted = st.form_submit_button("Send my check-in", type="primary")
    if not submitted:
        return
    if pain is None:
        st.error("Tap a number for back pain now first: 0 means no pain.")
        return
    # The log keeps the wall-clock time the person lives by, not an instant.
    wall = ctx.now.replace(tzinfo=None, second=0, microsecond=0)
    with errors_shown():
        entry = LogEntry.check_in(
            wall,
            pain,
            pain_during=during,
            pain_next_morning=morning,
            rpe=effort,
            warmed_up=warmed,
        )
        store.add_entry(ctx.db, ctx.viewer, client_id, entry, ctx.now, by_client=True)
        st.session_state[for_client("checkin_version", client_id)] = version + 1
        st.toast("Sent to your trainer", icon=":material/check:")
        st.rerun()


def _session_booking(info: ClientSummary, ctx: PageContext) -> Booking | None:
    """Today's session if there is one, else the next one not yet done."""
    today = [b for b in info.bookings if b.day == ctx.today]
    return today[0] if today else summary.next_session(info, ctx.today)


def todays_session(ctx: PageContext, info: ClientSummary) -> None:
    """The plan's session for today (or the next one), its how-tos, and a "done" tick."""
    if info.plan is None or info.plan_row is None:
        st.caption("Your trainer has not made a core plan for you yet.")
        return
    booking = _session_booking(info, ctx)
    if booking is None:
        st.caption("Every session of your plan is done.")
        return
    session = info.plan.weeks[booking.week - 1].sessions[booking.session]
    when = "Today" if booking.day == ctx.today else ctx.dates.short_day(booking.day)
    plan_id = info.plan_row.id
    done_key = f"plan_done_{plan_id}_{booking.week}_{booking.session}"
    st.checkbox(
        f"**{when}**: week {booking.week}, session {booking.session + 1} done",
        value=(booking.week, booking.session) in info.done,
        key=done_key,
        on_change=toggle_session_done,
        args=(ctx.viewer, plan_id, booking.week, booking.session),
    )
    for p in session.exercises:
        exercise = plans.library()[p.exercise_id]
        with st.expander(f"{exercise.name}: {plans.dose_text(p)}, rest {p.rest_seconds} s"):
            exercise_picture(exercises.entry(p.exercise_id))
            steps = "".join(f"\n1. {s}" for s in exercise.steps)
            st.markdown(f"{steps}\n\n**Cues:** " + "; ".join(exercise.cues))
            st.caption(cite(exercise.source))
