"""Editing widgets' settings and callbacks: the log editor's columns, plan session ticks."""

from __future__ import annotations

import streamlit as st

from coach import logbook, store
from coach.content import label
from coach.errors import BackCoachError
from coach.store import Viewer
from ui.clock import read_clock
from ui.keys import GONE, widget_value
from ui.settings import database

MAX_EDITOR_ROWS = 500
LOG_EDIT_COLUMNS = ["id", "date", *logbook.ENTRY_FIELDS[1:]]
# Shown beside the editable columns, never edited: who wrote the entry.
LOG_AUTHOR_COLUMN = "by_client"


def log_column_config() -> dict:
    """Editor columns with the same limits the log validates, so most mistakes cannot be typed."""
    pain = {"min_value": 0, "max_value": 10, "step": 1}
    return {
        "id": None,
        "date": st.column_config.DatetimeColumn(
            "When", format="localized", required=True, pinned=True
        ),
        "pain": st.column_config.NumberColumn("Pain", required=True, **pain),
        "pain_during": st.column_config.NumberColumn("During", **pain),
        "pain_next_morning": st.column_config.NumberColumn("Next morning", **pain),
        "location": st.column_config.SelectboxColumn(
            "Where", options=logbook.LOCATIONS, format_func=lambda v: label("location", v)
        ),
        "radiates": st.column_config.CheckboxColumn("Spreads"),
        "session_type": st.column_config.SelectboxColumn(
            "Session",
            options=logbook.LOGGED_SESSION_TYPES,
            format_func=lambda v: label("session_type", v),
        ),
        "minutes": st.column_config.NumberColumn(
            "Minutes", min_value=0, max_value=logbook.MAX_MINUTES, step=1
        ),
        "rpe": st.column_config.NumberColumn("Effort", **pain),
        "warmed_up": st.column_config.CheckboxColumn("Warmed up"),
        "fluids": st.column_config.SelectboxColumn(
            "Fluids", options=logbook.FLUIDS, format_func=lambda v: label("fluids", v)
        ),
        "notes": st.column_config.TextColumn("Notes", max_chars=logbook.MAX_NOTE),
        LOG_AUTHOR_COLUMN: st.column_config.CheckboxColumn(
            "By the client", help="Logged by the client on their own account", pinned=True
        ),
    }


def toggle_session_done(viewer: Viewer, plan_id: int, week: int, session: int) -> None:
    """Checkbox callback: store the new done state of one plan session, ticked now (the
    callback runs before the page, so it reads the clock itself)."""
    checked = widget_value(f"plan_done_{plan_id}_{week}_{session}")
    if checked is GONE:
        return
    now = read_clock().now
    try:
        store.set_session_done(database(), viewer, plan_id, week, session, checked, now)
    except BackCoachError as e:
        st.error(str(e))
