"""A client's triage record on the triage screen: saving an outcome, and the history below it."""

from __future__ import annotations

import streamlit as st

from coach import store, triage_history
from coach.errors import BackCoachError
from coach.store import Viewer
from coach.triage import TriageResult, assess
from ui.clock import utc_now
from ui.keys import for_client
from ui.menu import CLIENT
from ui.render import errors_shown, level_title, plain, ref
from ui.settings import database
from ui.setup import PageContext
from ui.triage_flow import Check


def _save(viewer: Viewer, check: Check, by_client: bool) -> None:
    """Button callback (its own connection): store the outcome shown and what changed since."""
    answers = check.progress.answers()
    try:
        saved = triage_history.save(
            database(),
            viewer,
            check.client.id,
            answers,
            assess(answers),
            utc_now(),
            by_client=by_client,
        )
    except BackCoachError as e:  # refused (the client gone, the database busy): say why
        st.error(str(e))
        return
    check.progress.state["saved"] = {"id": saved.id, "changes": list(saved.changes or ())}


def save_controls(ctx: PageContext, check: Check) -> None:
    """Under the outcome: what happens to it. A saved check is frozen; a new one starts empty."""
    if check.client is None:
        st.caption(":material/lock: Nothing you entered here is stored.")
        return
    saved = check.progress.state["saved"]
    whose = ctx.whose() if check.client == ctx.client else f"{plain(check.client.name)}'s"
    own_warning_sign = ctx.mode == CLIENT and assess(check.progress.answers()).level.is_urgent
    if not saved and own_warning_sign:
        # Someone heading for care will not stop to press Save: their trainer must know anyway.
        _save(ctx.viewer, check, by_client=True)
        saved = check.progress.state["saved"]
        if saved:
            st.info("Saved to your record, so your trainer sees it first.", icon=":material/save:")
    if not saved:
        st.button(
            f"Save to {whose} record",
            key=check.progress.widget("save"),
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(ctx.viewer, check, ctx.mode == CLIENT),
        )
        return
    st.success(f"Saved to {whose} history.", icon=":material/check:")
    if saved["changes"]:
        st.markdown("**Since the last check:**\n\n" + "\n".join(f"- {n}" for n in saved["changes"]))
    st.button(
        "Start a new check",
        key=check.progress.widget("new"),
        on_click=check.progress.clear,
        icon=":material/restart_alt:",
    )


def history(ctx: PageContext, check: Check) -> None:
    """Every saved triage of this client, newest first, with its signs and readable sources. One
    saved by mistake can be marked entered in error: it stays, struck through, and stops
    counting."""
    st.subheader(f"History: {plain(check.client.name)}", anchor=False)
    rows = store.list_triages(ctx.db, ctx.viewer, check.client.id)
    if not rows:
        st.caption("No check on record yet.")
    for row in rows:
        label = f"{ctx.dates.when(ctx.local(row.ts))} · {level_title(row.level)}"
        if row.by_client and ctx.mode != CLIENT:
            label += " · by the client, on their own account"
        if row.entered_in_error:
            label = f"~~{label}~~ · entered in error"
        with st.expander(label):
            result = TriageResult.from_dict(row.result)
            lines = [f"- {plain(r.text)} {ref(r.source)}" for r in result.reasons]
            st.markdown("\n".join(lines) or "No warning signs.")
            if row.cleared_on:
                by = f" by {plain(row.cleared_by)}" if row.cleared_by else ""
                st.caption(
                    f"Cleared on {ctx.dates.day(row.cleared_on)}{by}: {plain(row.cleared_note)}"
                )
            if row.entered_in_error:
                st.caption(
                    f"Entered in error on {ctx.dates.when(ctx.local(row.errored_at))}: "
                    f"{plain(row.error_reason)}. It no longer counts anywhere."
                )
            elif ctx.mode != CLIENT:  # the trainer decides what no longer counts
                _error_form(ctx, check, row.id)


def _error_form(ctx: PageContext, check: Check, triage_id: int) -> None:
    with st.form(for_client("triage_error", check.client.id, triage_id)):
        reason = st.text_input(
            "Saved by mistake? Say why, and it stops counting (it stays here, struck through)",
            max_chars=store.MAX_ERROR_REASON,
            key=for_client("triage_error_reason", check.client.id, triage_id),
        )
        if st.form_submit_button("Mark as entered in error"):
            with errors_shown():
                store.mark_triage_in_error(ctx.db, ctx.viewer, triage_id, reason, ctx.now)
                st.rerun()
