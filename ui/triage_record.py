"""A client's triage record on the triage screen: saving an outcome, and the history below it."""

from __future__ import annotations

import streamlit as st

from coach import store, timestamps, triage_history
from coach.errors import BackCoachError
from coach.triage import TriageResult, assess
from ui.render import Citations, level_title, plain
from ui.settings import database
from ui.setup import PageContext
from ui.triage_flow import Check


def _save(owner_id: str, check: Check) -> None:
    """Button callback (its own connection): store the outcome shown and what changed since."""
    answers = check.progress.answers()
    try:
        saved = triage_history.save(
            database(), owner_id, check.client.id, answers, assess(answers), timestamps.utc_now()
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
    if not saved:
        st.button(
            f"Save to {whose} record",
            key=check.progress.widget("save"),
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(ctx.owner_id, check),
        )
        return
    st.success(f"Saved to {whose} history.", icon=":material/check:")
    if saved["changes"]:
        st.markdown(
            "**Since the last triage:**\n\n" + "\n".join(f"- {n}" for n in saved["changes"])
        )
    st.button(
        "Start a new check",
        key=check.progress.widget("new"),
        on_click=check.progress.clear,
        icon=":material/restart_alt:",
    )


def history(ctx: PageContext, check: Check) -> None:
    """Every saved triage of this client, newest first, with its signs and readable sources."""
    st.subheader(f"History: {plain(check.client.name)}", anchor=False)
    rows = store.list_triages(ctx.db, ctx.owner_id, check.client.id)
    if not rows:
        st.caption("No triage on record yet.")
    for row in rows:
        title = level_title(row.level)
        with st.expander(f"{ctx.dates.when(ctx.local(row.ts))} · {title}"):
            cites = Citations()
            result = TriageResult.from_dict(row.result)
            lines = [f"- {r.text} {cites.ref(r.source)}" for r in result.reasons]
            st.markdown("\n".join(lines) or "No warning signs.")
            if row.cleared_on:
                st.caption(f"Cleared on {row.cleared_on}: {plain(row.cleared_note)}")
