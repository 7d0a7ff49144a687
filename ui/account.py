"""The team controls (accounts on the Account screen, assignments on the Clients screen) and the
Account screen's danger zone.

Every destructive action names what it acts on and acts only on what was chosen on this screen,
never on whichever client the sidebar happens to hold.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach import accounts, portability, sessions, store
from coach.errors import BackCoachError
from coach.store import Account
from ui.access import sign_out
from ui.erasure import erase, keep_retry, unfinished_notice
from ui.keys import CLIENT_ID
from ui.menu import make_current
from ui.render import errors_shown, plain
from ui.setup import PageContext


def team_section(ctx: PageContext, admin: Account) -> None:
    """Every account on this server, and what the owner can do to each trainer's."""
    st.subheader("Accounts")
    everyone = store.list_accounts(ctx.db)
    st.dataframe(
        pd.DataFrame(
            {
                "Name": [a.name for a in everyone],
                "Username": [a.username for a in everyone],
                "Role": [
                    "Owner" if a.is_admin else "Client" if a.kind == "client" else "Trainer"
                    for a in everyone
                ],
                "Last sign-in": [
                    ctx.dates.when(ctx.local(a.last_sign_in)) if a.last_sign_in else "Never"
                    for a in everyone
                ],
                "Status": ["Disabled" if a.disabled else "Active" for a in everyone],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    others = {a.id: a for a in everyone if a.id != admin.id}
    if others:
        chosen = st.selectbox(
            "Manage a trainer's account",
            list(others),
            format_func=lambda i: f"{others[i].name} ({others[i].username})",
            index=None,
            placeholder="Choose an account",
            key="account_manage_pick",
        )
        if chosen is not None:
            _manage(ctx, admin, others[chosen])
    _add_trainer(ctx, admin)


def _manage(ctx: PageContext, admin: Account, target: store.AccountSummary) -> None:
    row = st.container(horizontal=True)
    if target.disabled:
        if row.button(f"Re-enable {target.username}", key="account_enable"):
            sessions.set_disabled(ctx.db, admin, target.id, False)
            st.rerun()
    elif row.button(f"Disable {target.username}", key="account_disable"):
        sessions.set_disabled(ctx.db, admin, target.id, True)
        st.rerun()
    if row.button(f"Issue a reset code for {target.username}", key="account_reset"):
        code = sessions.issue_reset_code(ctx.db, admin, target.id, ctx.now)
        st.success(
            f"Reset code for **{plain(target.username)}**: `{code}`  \n"
            "Give it to them in person or by phone. It works once, within 24 hours, on the "
            "sign-in screen under *Forgot your password?*; it is not shown again.",
            icon=":material/key:",
        )
    with st.form("account_remove"):
        st.markdown(_removal_words(target))
        typed = st.text_input(f"Type {target.username} to confirm")
        if st.form_submit_button(f"Remove {target.username} for good"):
            if typed.strip() != target.username:
                st.error("The username you typed does not match: nothing was removed.")
            else:
                with errors_shown():
                    keep_retry(erase(lambda: sessions.remove(ctx.db, admin, target.id, ctx.now)))
                    st.rerun()


def _add_trainer(ctx: PageContext, admin: Account) -> None:
    """A trainer joins this workspace and sees the clients assigned to them on Clients."""
    with st.expander("Add a trainer account"), st.form("account_add_trainer", clear_on_submit=True):
        name = st.text_input("Name")
        username = st.text_input("Username")
        email = st.text_input("E-mail (for organisation sign-in, optional)")
        password = st.text_input("First password (10 characters or more)", type="password")
        if st.form_submit_button("Add trainer"):
            try:
                accounts.add_trainer(ctx.db, admin, username, password, name, email, now=ctx.now)
            except BackCoachError as e:
                st.error(str(e))
            else:  # the list above shows them at once; the toast says what comes next
                st.toast(
                    f"Added {plain(username.strip().lower())}. Assign them clients on Clients, "
                    "under Edit the current client.",
                    icon=":material/person_add:",
                )
                st.rerun()


def _removal_words(target: store.AccountSummary) -> str:
    """What removing this account takes with it, which depends on whose data it holds."""
    name = plain(target.name)
    if target.role == store.TRAINER:
        return f"Remove **{name}**'s account. The clients they worked with stay in this workspace."
    if target.role == store.CLIENT:
        return f"Remove **{name}**'s own account. Their record stays with their trainer."
    return f"Remove **{name}**'s account and every client it holds, for good."


def danger_zone(ctx: PageContext, names: dict[int, str]) -> None:
    """Deleting, last on the screen, for a client chosen here and named at every step."""
    st.divider()
    st.subheader(":material/warning: Danger zone")
    unfinished_notice()
    if names:
        doomed = st.selectbox(
            "Delete a client",
            list(names),
            format_func=names.get,
            index=None,
            placeholder="Choose the client to delete",
            key="account_erase_pick",
        )
        if doomed is not None:
            name = names[doomed]
            with st.form(f"account_erase_client_{doomed}"):
                st.markdown(f"Delete **{plain(name)}** and every record about them, for good.")
                if store.linked_account(ctx.db, ctx.viewer, doomed) is not None:
                    st.caption(
                        "They check in on their own account: it keeps a copy of their own data "
                        "(without your private notes) until they delete it."
                    )
                typed = st.text_input(f"Type {name} to confirm")
                if st.form_submit_button(f"Delete {name} for good"):
                    if typed.strip() != name:
                        st.error("The name you typed does not match: nothing was deleted.")
                    else:
                        with errors_shown():
                            keep_retry(
                                erase(
                                    lambda: store.erase_client(
                                        ctx.db, ctx.viewer, doomed, portability.farewell(ctx.now)
                                    )
                                )
                            )
                            if st.session_state.get(CLIENT_ID) == doomed:
                                make_current(None)
                            st.toast(f"{name} was deleted.", icon=":material/check:")
                            st.rerun()
    if not ctx.viewer.sees_all:
        st.caption("Only the workspace's owner can delete the workspace or remove your account.")
        return
    with st.form("account_erase_all"):
        st.markdown("Delete this whole workspace: the account, every client and every record.")
        typed = st.text_input("Type DELETE EVERYTHING to confirm")
        if st.form_submit_button("Delete my account and all data"):
            if typed.strip() != "DELETE EVERYTHING":
                st.error("The confirmation does not match: nothing was deleted.")
            else:
                with errors_shown():
                    unfinished = erase(
                        lambda: store.erase_owner(
                            ctx.db, ctx.viewer.owner_id, portability.farewell(ctx.now)
                        )
                    )
                    sign_out(unfinished or "Your account and all its data were deleted.")
                    st.rerun()


def assignment_control(ctx: PageContext) -> None:
    """The owner decides which trainers see the current client; a trainer sees no control."""
    client = ctx.client
    team = store.trainers(ctx.db, ctx.viewer)
    if client is None or not team:
        return
    names = {t.account_id: f"{t.name} ({t.username})" for t in team}
    current = store.assigned_trainers(ctx.db, ctx.viewer, client.id)
    with st.form(f"clients_assign_{client.id}"):
        chosen = st.multiselect(
            f"Trainers who see {client.name}",
            list(names),
            default=sorted(current),
            format_func=names.get,
            placeholder="Only you",
        )
        st.caption("You see every client; a trainer sees only the clients assigned to them.")
        if st.form_submit_button("Save who sees this client"):
            with errors_shown():
                store.set_assignments(ctx.db, ctx.viewer, client.id, set(chosen), ctx.now)
                st.toast("Saved", icon=":material/check:")
                st.rerun()
