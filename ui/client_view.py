"""What a client signed in on their own account may reach: their one record, a few screens.

A client's account signs in as an owner of its own that holds nothing; the link (see
`coach.store.client_accounts`) names the trainer's workspace and the one client record. Every
run reads the link again, so a trainer's unlink or deletion ends access at the next tap. A
screen not meant for clients, and a query parameter naming any other client or owner, get the
same "not found" answer, which says nothing about what exists.
"""

from __future__ import annotations

import streamlit as st

from coach import store
from coach.errors import NotFound
from coach.profiles import Client
from coach.store import ClientLink, Connection
from ui.keys import ACCOUNT_ID

# Query parameters that could name a record: a client account may only ever name its own.
NAMING_PARAMETERS = ("client_id", "client", "owner_id", "owner")
NOT_FOUND = "Not found."
UNLINKED = (
    "Your account is no longer linked to a trainer's record: you asked to unlink, or your "
    "trainer ended the link or deleted the record. Nothing more can be seen or logged here. "
    "Ask your trainer for a new invitation if you want to check in again."
)


def linked_client(db: Connection) -> tuple[ClientLink, Client] | None:
    """This account's link and the client record it reaches, or None when either is gone."""
    link = store.client_link(db, st.session_state.get(ACCOUNT_ID))
    if link is None:
        return None
    try:
        viewer = store.Viewer(link.owner_id, link.account_id, store.CLIENT)
        return link, store.get_client(db, viewer, link.client_id)
    except NotFound:
        return None


def refuse_other_records(link: ClientLink) -> None:
    """A query parameter naming any record but the client's own: "not found", and stop."""
    own = {str(link.client_id), link.owner_id}
    for name in NAMING_PARAMETERS:
        value = st.query_params.get(name)
        if value is not None and value not in own:
            not_found()


def not_found(home: str = "pages/0_My_check_in.py") -> None:
    """The one answer to a screen or a record this visitor may not reach; stops the page."""
    st.title(NOT_FOUND)
    st.info("There is nothing here for you. Your own screens are in the menu.")
    st.page_link(home, label="Back to your start", icon=":material/home:")
    st.stop()


def unlinked(title: str) -> None:
    st.title(title)
    st.warning(UNLINKED, icon=":material/link_off:")
    st.stop()
