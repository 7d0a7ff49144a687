"""Redeeming an invitation on the start screen: the code from the link (or typed), then the
client's own account, signed in at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from coach import invitations
from coach.errors import BackCoachError
from coach.invitations import INVITE_PARAMETER
from coach.store import Account, Connection
from ui.clock import Clock


def redeem_form(
    db: Connection, clock: Clock, begin: Callable[[Connection, str, Account, datetime], None]
) -> None:
    """On the start screen: the code from the link (or typed), then the client's own account.

    `begin` signs the new account in (ui.access.begin, passed in to keep imports one way).
    """
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
