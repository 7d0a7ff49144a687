"""The hold on training screens: while a client waits to be seen, say so first and hold the rest."""

from __future__ import annotations

import streamlit as st

from coach import gate, store
from coach.gate import TrainingHold
from coach.triage import Level
from ui.keys import for_client
from ui.menu import CLIENT, PERSON
from ui.render import plain
from ui.setup import PageContext


def hold_training(ctx: PageContext) -> TrainingHold | None:
    """First on a training screen. While the client's latest counting triage is emergency or
    urgent with no clearance, the message comes first and the content stays behind it: it shows
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
    """The hold in words (red for an emergency) and the way to lift it: a person or a client on
    their own account checks again; a trainer records a clearance."""
    personal = ctx.mode in (PERSON, CLIENT)
    day = f"{ctx.local(hold.since):%d %B %Y}"
    show = st.error if hold.level is Level.EMERGENCY else st.warning
    show(hold.message(plain(ctx.client.name), personal, day), icon=":material/front_hand:")
    if personal:
        st.page_link("pages/1_Triage.py", label="Check again", icon=":material/healing:")
    else:
        st.page_link(
            "pages/6_Client_summary.py", label="Record a clearance", icon=":material/summarize:"
        )
