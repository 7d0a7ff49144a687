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
    path: str, owner_id: str, revision: int, today: date, tz: tzinfo
) -> list[RosterRow]:
    """The owner and their data revision are in the key: no roster is ever served to another."""
    return roster.load_roster(store.connect(path), owner_id, today, tz)


def load_roster(ctx: PageContext) -> list[RosterRow]:
    revision = store.owner_revision(ctx.db, ctx.owner_id)
    return _cached_roster(database_target(), ctx.owner_id, revision, ctx.today, ctx.tz)
