"""Recording a clinician's clearance: who cleared the client and on which day, both asked for
every time (no day filled in that could be saved by accident); the history can undo it."""

from __future__ import annotations

import streamlit as st

from coach import store
from ui.keys import for_client
from ui.render import errors_shown, plain
from ui.setup import PageContext


def _keys(ctx: PageContext, kind: str, record_id: int) -> tuple[str, str]:
    return (
        for_client(f"{kind}_cleared_by", ctx.client.id, record_id),
        for_client(f"{kind}_cleared_on", ctx.client.id, record_id),
    )


def clearance_form(ctx: PageContext, kind: str, record_id: int, what: str) -> None:
    """The form for a triage's referral (`kind` "triage", on the summary) or an intake's
    (`kind` "intake", on the intake screen)."""
    form = "summary_clearance" if kind == "triage" else "intake_clearance"
    by_key, on_key = _keys(ctx, kind, record_id)
    with st.form(for_client(form, ctx.client.id, record_id)):
        st.markdown(f"Record that a clinician cleared {what}.")
        cleared_by = st.text_input(
            "Cleared by (the clinician's name)", max_chars=store.MAX_CLEARED_BY, key=by_key
        )
        cleared_on = st.date_input("Cleared on", value=None, max_value=ctx.today, key=on_key)
        note = st.text_input("Note (any limits they set)", max_chars=store.MAX_NOTE)
        if st.form_submit_button("Record clearance"):
            with errors_shown():
                record = store.clear_triage if kind == "triage" else store.clear_intake
                record(ctx.db, ctx.viewer, record_id, cleared_by, cleared_on, note, ctx.now)
                for key in (by_key, on_key):  # saved: nothing left that was not
                    del st.session_state[key]
                st.toast("Clearance recorded: undo it from the history", icon=":material/check:")
                st.rerun()


def unsaved_clearance(ctx: PageContext, kind: str, open_id: int | None) -> None:
    """Say so when a clearance sent from this tab was never saved, because its form was gone
    when it arrived: another tab, or a colleague, cleared that record first. A form's fields
    only reach the server with its button, so a name kept for a form not drawn was sent."""
    prefix = for_client(f"{kind}_cleared_by", ctx.client.id) + "_"
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        record_id = int(str(key).removeprefix(prefix))
        if record_id == open_id:
            continue
        typed = st.session_state[key]
        for done in _keys(ctx, kind, record_id):
            st.session_state.pop(done, None)
        if typed:
            st.warning(
                f"The clearance by {plain(typed)} was not saved: {_first(ctx, kind)} was "
                "recorded first, in another tab or by a colleague. The history shows it.",
                icon=":material/info:",
            )


def _first(ctx: PageContext, kind: str) -> str:
    """The clearance that stands, in words: the newest on this client's record."""
    if kind == "triage":
        rows = store.list_triages(ctx.db, ctx.viewer, ctx.client.id)
        row = next((r for r in rows if r.cleared_on), None)
    else:
        row = store.latest_intake(ctx.db, ctx.viewer, ctx.client.id)
    if row is None or row.cleared_on is None:  # undone since
        return "another clearance"
    return f"{plain(row.cleared_by)}'s clearance of {ctx.dates.day(row.cleared_on)}"
