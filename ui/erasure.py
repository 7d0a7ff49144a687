"""Erasures started on the Account screen, and what it says when one could not quite finish.

An erasure deletes the rows at once; the old copies SQLite's journal file holds are wiped when no
other reader is using it. Until then the Account screen says so and offers to try again, and this
server tries again on its own every few minutes (`retry_unfinished`, from the page setup).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coach import store
from coach.errors import ErasureUnfinished
from coach.store import Connection
from ui.keys import ERASURE_UNFINISHED
from ui.settings import database, database_target

STILL_IN_USE = (
    "Another screen is still reading the database, so the old copies are not wiped yet. "
    "Try again in a minute; Back Coach also keeps trying on its own."
)
FINISHED = "Erasure finished: no copy of the deleted records is left in the database's files."


@st.cache_resource
def _unfinished() -> set[str]:
    """The databases on this server where an erasure's wipe has not finished yet."""
    return set()


def erase(action: Callable[[], None]) -> str | None:
    """Run an erasure; returns None when it finished, else what to tell the person (and this
    server remembers to try again)."""
    try:
        action()
    except ErasureUnfinished as e:
        _unfinished().add(database_target())
        return str(e)
    return None


def keep_retry(message: str | None) -> None:
    """Show an unfinished erasure's message, with its retry button, on the Account screen."""
    if message:
        st.session_state[ERASURE_UNFINISHED] = message


def unfinished_notice() -> None:
    """The erasure this person started that could not finish yet, and a button to try again."""
    message = st.session_state.get(ERASURE_UNFINISHED)
    if message is None:
        return
    if message == FINISHED:
        st.success(st.session_state.pop(ERASURE_UNFINISHED), icon=":material/check:")
        return
    st.warning(message, icon=":material/hourglass_top:")
    st.button("Try to finish erasing now", key="account_finish_erasure", on_click=_try_again)


def _try_again() -> None:
    conn = database()
    try:
        store.finish_erasure(conn)
    except ErasureUnfinished:
        st.session_state[ERASURE_UNFINISHED] = STILL_IN_USE
    else:
        _unfinished().discard(database_target())
        st.session_state[ERASURE_UNFINISHED] = FINISHED
    finally:
        conn.close()


def retry_unfinished(db: Connection, target: str) -> None:
    """Try once more where an erasure on this server could not finish (a few times an hour)."""
    if target not in _unfinished():
        return
    try:
        store.finish_erasure(db)
    except ErasureUnfinished:
        return
    _unfinished().discard(target)
