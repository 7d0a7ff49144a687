"""The hold on training screens: while a client waits to be seen, say so first and hold the rest."""

from __future__ import annotations

import streamlit as st

from coach import gate, store
from coach.gate import TrainingHold
from coach.triage import Level
from ui.keys import for_client
from ui.menu import PERSON, TRAINER
from ui.render import plain
from ui.setup import PageContext


def hold_training(ctx: PageContext) -> TrainingHold | None:
    """First on a training screen. While an emergency or urgent referral waits for a clearance
    (`coach.gate.training_hold`), the message comes first and the content stays behind it: it shows
    only if the person chooses to see it, and the hold stays on either way."""
    hold = _current_hold(ctx)
    if hold is None:
        return None
    with ctx.top:
        _say(ctx, hold)
        shown = st.toggle(
            "Show the training content anyway (it stays on hold)",
            key=for_client("training_hold_shown", ctx.client.id, hold.triage_id),
        )
    if not shown:
        st.stop()
    return hold


def hold_note(ctx: PageContext) -> TrainingHold | None:
    """The same message, in place, where training sits beside other things (My data's calendar
    beside the record's copy): it says the hold and holds nothing else back."""
    hold = _current_hold(ctx)
    if hold is not None:
        _say(ctx, hold)
    return hold


def _current_hold(ctx: PageContext) -> TrainingHold | None:
    if ctx.client is None:
        return None
    return gate.training_hold(store.list_triages(ctx.db, ctx.viewer, ctx.client.id))


def _say(ctx: PageContext, hold: TrainingHold) -> None:
    """The hold in words (red for an emergency) and how it lifts: a clinician's clearance,
    recorded by the person on My week, by a trainer on the summary, or for a client on their own
    account by their trainer."""
    reader = ctx.mode  # "trainer", "person" or "client", as TrainingHold.message reads it
    day = ctx.dates.day(ctx.local(hold.since).date())
    show = st.error if hold.level is Level.EMERGENCY else st.warning
    show(hold.message(plain(ctx.client.name), reader, day), icon=":material/front_hand:")
    if reader == PERSON:
        st.page_link(
            "pages/0_My_week.py", label="Record that you were seen", icon=":material/today:"
        )
    elif reader == TRAINER:
        st.page_link(
            "pages/6_Client_summary.py", label="Record a clearance", icon=":material/summarize:"
        )
