"""Cached reads that are slow for a large workspace, keyed so no owner is served another's."""

from __future__ import annotations

from datetime import date, tzinfo

import streamlit as st

from coach import roster, store
from coach.roster import RosterRow
from ui.settings import database_target
from ui.setup import PageContext


@st.cache_data(ttl=3600, max_entries=200, show_spinner="Reading the roster…")
def _cached_roster(
    path: str,
    owner_id: str,
    account_id: int | None,
    role: str,
    revision: int,
    today: date,
    tz: tzinfo,
) -> list[RosterRow]:
    """Who is asking and the workspace's data revision are in the key: no roster is ever served
    to another workspace or to a trainer who sees other clients (assigning bumps the revision)."""
    viewer = store.Viewer(owner_id, account_id, role)
    return roster.load_roster(store.connect(path), viewer, today, tz)


def load_roster(ctx: PageContext) -> list[RosterRow]:
    viewer = ctx.viewer
    revision = store.owner_revision(ctx.db, viewer.owner_id)
    return _cached_roster(
        database_target(),
        viewer.owner_id,
        viewer.account_id,
        viewer.role,
        revision,
        ctx.today,
        ctx.tz,
    )
