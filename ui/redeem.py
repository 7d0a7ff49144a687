"""Redeeming an invitation on the start screen: the code from the link (or typed), then the
client's own account, signed in at once: with a username and password, or, where organisation
sign-in is configured, through it (the code waits in a cookie while the browser is away; see
`ui.access` for the return)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import streamlit as st

from coach import invitations
from coach.errors import BackCoachError
from coach.invitations import INVITE_PARAMETER
from coach.store import Account, Connection
from ui import cookies
from ui.clock import Clock
from ui.keys import INVITE_PENDING

# How long the code waits in the browser for the return from organisation sign-in.
INVITE_KEPT = timedelta(minutes=15)


def redeem_form(
    db: Connection,
    clock: Clock,
    begin: Callable[[Connection, str, Account, datetime], None],
    organisation: bool,
) -> None:
    """On the start screen: the code from the link (or typed), then the client's own account.

    `begin` signs the new account in (ui.access.begin, passed in to keep imports one way);
    `organisation`: organisation sign-in is configured, so it is offered too.
    """
    _leave_for_organisation(clock)
    from_link = st.query_params.get(INVITE_PARAMETER, "")
    box = (
        st.container()
        if from_link
        else st.expander("Did your trainer invite you? Start here", icon=":material/mail:")
    )
    with box, st.form("start_invite"):
        if from_link:
            st.subheader("Your trainer invited you", anchor=False)
            st.markdown("Choose a username and password to check in on your phone.")
        code = st.text_input("Invitation code", value=from_link, key="invite_code")
        name = st.text_input("Your name", key="invite_name", max_chars=100)
        username = st.text_input("Username", key="invite_username")
        password = st.text_input(
            "Password (10 characters or more)", type="password", key="invite_password"
        )
        submitted = st.form_submit_button("Create my account", type="primary")
        if organisation:
            st.caption("Or use the account you sign in with at work: no username or password.")
        by_organisation = organisation and st.form_submit_button(
            "Use my organisation sign-in", icon=":material/badge:"
        )
    if by_organisation:
        try:
            invitations.check_open(db, code, clock.now)
        except BackCoachError as e:
            st.error(str(e))
        else:
            st.session_state[INVITE_PENDING] = code.strip()
            _leave_for_organisation(clock)
        return
    if not submitted:
        return
    try:
        account = invitations.redeem(db, code, username, password, name, clock.now)
        begin(db, account.owner_id, account, clock.now)
    except BackCoachError as e:
        st.error(str(e))
    else:
        st.query_params.pop(INVITE_PARAMETER, None)
        st.rerun()


def _leave_for_organisation(clock: Clock) -> None:
    """Once the browser has kept the code, go to the organisation's sign-in (`st.login`)."""
    code = st.session_state.get(INVITE_PENDING)
    if code is None:
        return
    if cookies.keep_invite(code, clock.now + INVITE_KEPT):
        del st.session_state[INVITE_PENDING]
        st.login()
    else:
        st.caption("Taking you to your organisation's sign-in…")
