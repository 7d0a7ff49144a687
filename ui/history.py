"""A client's history on the summary screen: every change, who made it and when, and the undo of
a clearance that still stands."""

from __future__ import annotations

import streamlit as st

from coach import store
from coach.client_history import HistoryLine, history_lines
from coach.summary import ClientSummary
from ui.keys import for_client
from ui.render import errors_shown, plain
from ui.setup import PageContext

SHOWN = 100  # newest lines on screen; the export carries the records themselves


def client_history(ctx: PageContext, info: ClientSummary) -> None:
    client = info.client
    changes = store.client_history(ctx.db, ctx.viewer, client.id)
    cleared_triages = {t.id for t in info.triages if t.cleared_on}
    intake = info.intake
    cleared_intakes = {intake.id} if intake and intake.cleared_on else set()
    lines = history_lines(changes, cleared_triages, cleared_intakes)
    st.subheader("History of this record")
    if not lines:
        st.caption("No change recorded yet.")
    for line in lines[:SHOWN]:
        _line(ctx, client.id, line)
    if len(lines) > SHOWN:
        st.caption(f"The {SHOWN} newest of {len(lines)} changes.")


def _line(ctx: PageContext, client_id: int, line: HistoryLine) -> None:
    change = line.change
    day = f" · {ctx.dates.day(change.day)}" if change.day else ""
    who = plain(change.actor) or "someone"
    st.markdown(f"{ctx.dates.when(ctx.local(change.ts))} · {who} · {plain(line.text)}{day}")
    if line.undo and st.button(
        "Undo this clearance",
        key=for_client("summary_undo", client_id, line.undo, change.record_id),
        icon=":material/undo:",
    ):
        with errors_shown():
            if line.undo == "triage":
                store.undo_triage_clearance(ctx.db, ctx.viewer, change.record_id, ctx.now)
            else:
                store.undo_intake_clearance(ctx.db, ctx.viewer, change.record_id, ctx.now)
            st.toast("Clearance undone: the record is open again", icon=":material/undo:")
            st.rerun()
