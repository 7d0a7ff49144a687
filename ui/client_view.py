"""What a client signed in on their own account may reach: their one record, a few screens.

A client's account signs in as an owner of its own that holds nothing; the link (see
`coach.store.client_accounts`) names the trainer's workspace and the one client record. Every
run reads the link again, so a trainer's unlink or deletion ends access at the next tap. A
screen not meant for clients, and a query parameter naming any other client or owner, get the
same "not found" answer, which says nothing about what exists.
"""

from __future__ import annotations

import streamlit as st

from coach import portability, store, timestamps
from coach.dateformat import DateFormat
from coach.errors import NotFound
from coach.profiles import Client
from coach.store import ClientLink, Connection, KeptCopy
from ui.clock import Clock
from ui.erasure import erase
from ui.keys import ACCOUNT_ID, DEPARTED_NOTICE
from ui.settings import database

# Query parameters that could name a record: a client account may only ever name its own.
NAMING_PARAMETERS = ("client_id", "client", "owner_id", "owner")
NOT_FOUND = "Not found."
UNLINKED = (
    "Your account is no longer linked to a trainer's record: you asked to unlink, or your "
    "trainer ended the link or deleted the record. Nothing more can be seen or logged here. "
    "Ask your trainer for a new invitation if you want to check in again."
)
# What happened, by the reason a copy was kept (`store.departures`); {day} is the local day.
DEPARTED = {
    store.TRAINER_UNLINKED: "On {day} your trainer ended the link between your account and "
    "their record of you.",
    store.RECORD_DELETED: "On {day} your trainer deleted their record of you.",
    store.SELF_UNLINKED: "On {day} you unlinked your account from your trainer's record.",
}
KEPT = (
    "Nothing more can be seen or logged here, but a copy of your data as it was that day is "
    "kept for you (videos of your lifts are listed in it, not kept): download it, then delete "
    "this copy if you like. Ask your trainer for a new invitation if you want to check in again."
)
COPY_DELETED = "Your copy was deleted."
NO_TRAINER = (
    "No trainer is assigned to you right now. The workspace's owner sees your check-ins "
    "until a trainer is."
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


def no_trainer_line(db: Connection, link: ClientLink) -> None:
    """The short line a client reads while the owner has left them without a trainer."""
    viewer = store.Viewer(link.owner_id, link.account_id, store.CLIENT)
    if store.trainer_unassigned(db, viewer, link.client_id):
        st.info(NO_TRAINER, icon=":material/person_off:")


def unlinked(db: Connection, title: str, clock: Clock, dates: DateFormat) -> None:
    """The one screen of an account whose record is gone: what happened, and their copy."""
    st.title(title)
    account_id = st.session_state.get(ACCOUNT_ID)
    kept = store.kept_copy(db, account_id)
    if kept is None:
        st.warning(UNLINKED, icon=":material/link_off:")
        if notice := st.session_state.pop(DEPARTED_NOTICE, None):
            st.success(notice, icon=":material/check:")
        st.stop()
    _kept_copy(db, kept, clock, dates)
    st.stop()


def _kept_copy(db: Connection, kept: KeptCopy, clock: Clock, dates: DateFormat) -> None:
    made = timestamps.local(kept.made, clock.tz)
    day = dates.day(made.date())
    st.warning(f"{DEPARTED[kept.reason].format(day=day)} {KEPT}", icon=":material/link_off:")
    st.download_button(
        "Download my data (zip)",
        lambda: store.kept_copy_data(database(), kept.account_id) or b"",
        portability.exported_at(made),
        "application/zip",
        key="departed_export",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
    )
    st.caption(
        "The same format as the export on My data: a CSV file per kind of record and "
        "backcoach.json. Your trainer's private notes are left out."
    )
    sure = st.checkbox("I have downloaded my copy, or I do not want it", key="departed_sure")
    if st.button(
        "Delete this copy", key="departed_delete", icon=":material/delete:", disabled=not sure
    ):
        unfinished = erase(lambda: store.erase_kept_copy(db, kept.account_id))
        st.session_state[DEPARTED_NOTICE] = unfinished or COPY_DELETED
        st.rerun()
