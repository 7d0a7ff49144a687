"""Recording a clinician's clearance: who cleared the client and on which day, both asked for
every time (no day filled in that could be saved by accident); the history can undo it."""

from __future__ import annotations

import streamlit as st

from coach import store
from ui.keys import for_client
from ui.render import errors_shown
from ui.setup import PageContext


def clearance_form(ctx: PageContext, kind: str, record_id: int, what: str) -> None:
    """The form for a triage's referral (`kind` "triage", on the summary) or an intake's
    (`kind` "intake", on the intake screen)."""
    client = ctx.client
    form = "summary_clearance" if kind == "triage" else "intake_clearance"
    with st.form(for_client(form, client.id, record_id)):
        st.markdown(f"Record that a clinician cleared {what}.")
        cleared_by = st.text_input(
            "Cleared by (the clinician's name)",
            max_chars=store.MAX_CLEARED_BY,
            key=for_client(f"{kind}_cleared_by", client.id, record_id),
        )
        cleared_on = st.date_input(
            "Cleared on",
            value=None,
            max_value=ctx.today,
            key=for_client(f"{kind}_cleared_on", client.id, record_id),
        )
        note = st.text_input("Note (any limits they set)", max_chars=store.MAX_NOTE)
        if st.form_submit_button("Record clearance"):
            with errors_shown():
                record = store.clear_triage if kind == "triage" else store.clear_intake
                record(ctx.db, ctx.viewer, record_id, cleared_by, cleared_on, note, ctx.now)
                st.toast("Clearance recorded: undo it from the history", icon=":material/check:")
                st.rerun()
