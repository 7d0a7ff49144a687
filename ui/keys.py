"""Session-state key names, in one place: session state holds ids and plain values only."""

from typing import Any

import streamlit as st

CLIENT_ID = "client_id"
CLIENT_PICKER = "sidebar_client_picker"  # and a version: a new picker each time the server picks
PICKER_VERSION = "sidebar_client_picker_version"
CLIENT_KEPT = "client_id_kept"  # the pick this browser session holds on the server, as last seen
OWNER_ID = "owner_id"
IS_DEMO = "is_demo"
LAST_SEEN = "last_seen"
NOTICE = "notice"
MODE = "sidebar_mode"
SESSION_TOKEN = "session_token"
ACCOUNT_ID = "account_id"
COOKIE_WRITE = "cookie_write_pending"
COOKIE_DROP = "cookie_drop_pending"
TRIAGE_PROGRESS = "triage_progress"
TRIAGE_SCROLLS = "triage_scrolls"
RETRY_ARMED = "database_retry_armed"
ERASURE_UNFINISHED = "account_erasure_unfinished"
INVITE_PENDING = "invite_pending_organisation"
INVITE_DROP = "invite_cookie_drop_pending"
DEPARTED_NOTICE = "departed_notice"


def for_client(name: str, client_id: int | None, *more: object) -> str:
    """The key of a widget or value that belongs to one client, so it never follows the picker.

    `more` narrows it further (a plan id, a date range); `client_id` is None on screens that
    also work without a client.
    """
    return "_".join([name, "none" if client_id is None else str(client_id), *map(str, more)])


GONE = object()


def widget_value(key: str) -> Any:
    """A widget's value as its callback reads it, or GONE. The second tap of a double tap that
    left the page (`st.switch_page`) can run a callback whose widget has no value any more:
    the callback then does nothing, where indexing session state stopped the app."""
    return st.session_state.get(key, GONE)
