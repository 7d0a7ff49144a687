"""Invitations on the trainer's Clients screen: make one, show it once, revoke it, unlink.

The client's side, redeeming on the start screen, is `ui/redeem.py`."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from coach import invitations, portability, store
from ui.keys import for_client
from ui.menu import TRAINER
from ui.render import errors_shown, plain
from ui.setup import PageContext


def _start_address() -> str:
    """The start screen's address as the trainer's browser reaches it (a deep link's page cut)."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{url.scheme}://{url.netloc}/"


def invite_section(ctx: PageContext) -> None:
    """On the trainer's Clients screen: the current client's own account, or an invitation."""
    client = ctx.client
    if ctx.is_demo or ctx.mode != TRAINER:
        st.caption(
            "A trainer's clients can check in on their own phone. Not in a demo workspace, and "
            "not for someone checking themselves: the record is already theirs."
        )
        return
    if client is None:
        st.info("Pick or add a client first.")
        return
    name = plain(client.name)
    linked = store.linked_account(ctx.db, ctx.viewer, client.id)
    if linked is not None:
        st.markdown(
            f"{name} checks in on their own account **{plain(linked.username)}**, linked "
            f"{ctx.dates.day(ctx.local(linked.created).date())}. What they log is marked as theirs."
        )
        st.caption("Unlinking ends their access; their account keeps a copy of their own data.")
        sure = st.checkbox(
            f"I understand: {name} will no longer see or log anything here",
            key=for_client("invite_unlink_sure", client.id),
        )
        if st.button(
            "Unlink their account", key=for_client("invite_unlink", client.id), disabled=not sure
        ):
            with errors_shown():
                store.unlink_client(ctx.db, ctx.viewer, client.id, portability.farewell(ctx.now))
                st.toast(
                    f"{name} can no longer reach this record; their account keeps a copy of "
                    "their data",
                    icon=":material/link_off:",
                )
                st.rerun()
        return
    days = invitations.rules().valid_days
    st.markdown(
        f"Let {name} log pain and run checks on their own phone: make an invitation and send "
        f"them the link. It works once, for {days} days; they choose a username and password."
    )
    shown = for_client("invite_shown", client.id)
    if st.button("Make an invitation", key=for_client("invite_make", client.id), type="primary"):
        with errors_shown():
            made = invitations.invite(ctx.db, ctx.viewer, client.id, ctx.now)
            st.session_state[shown] = (made.invitation.id, made.link(_start_address()), made.code)
    open_ones = [
        i for i in store.list_invitations(ctx.db, ctx.viewer, client.id) if i.open_at(ctx.now)
    ]
    if st.session_state.get(shown) and st.session_state[shown][0] in {i.id for i in open_ones}:
        _, link, code = st.session_state[shown]
        st.success(f"Send this link to {name}. It is shown only now.", icon=":material/send:")
        st.code(link, language=None, wrap_lines=True)  # whole on a phone, with a copy button
        st.caption(f"Or they type the code on the start screen: **{code}**")
    for invitation in open_ones:
        until = ctx.dates.when(ctx.local(invitation.expires))
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(f"An invitation is open until {until}.")
        if right.button("Revoke", key=for_client("invite_revoke", client.id, invitation.id)):
            with errors_shown():
                store.revoke_invitation(ctx.db, ctx.viewer, invitation.id)
                st.rerun()
