"""Who is visiting: sign-in, the start screen, session expiry, and the personal or demo owner."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from coach import accounts, demo, store
from coach.errors import BackCoachError
from coach.store import Connection
from ui.clock import Clock
from ui.keys import CLIENT_ID, IS_DEMO, LAST_SEEN, NOTICE, OWNER_ID
from ui.menu import MODE_LABELS
from ui.settings import setting

LOCALHOST = ("localhost", "127.0.0.1", "::1")

SAFETY_NOTE = (
    "Back Coach does not diagnose. It helps you decide when to rest, train or see a professional. "
    "If you have new bladder or bowel trouble, numbness around the groin, or weakness in your "
    "legs, call your local emergency number or go to an emergency department now."
)


def _personal_owner(db: Connection, today: date) -> str:
    """The single local owner of personal mode, seeded with the demo clients on first use."""
    if not store.owner_exists(db, store.LOCAL_OWNER):
        with db.transaction():
            store.ensure_owner(db, store.LOCAL_OWNER, "Me", "person")
            demo.seed(db, store.LOCAL_OWNER, today)
    return store.LOCAL_OWNER


def _signed_in_owner(db: Connection, now: datetime) -> str | None:
    """The owner of this browser session, or None; expires idle sessions."""
    state = st.session_state
    owner_id = state.get(OWNER_ID)
    if owner_id and not state.get(IS_DEMO):
        idle = int(setting("BACKCOACH_IDLE_MINUTES") or accounts.DEFAULT_IDLE_MINUTES)
        if accounts.expired(state.get(LAST_SEEN, now), now, idle):
            sign_out("You were signed out after a period of inactivity.")
            return None
    if owner_id and not store.owner_exists(db, owner_id):
        sign_out("That workspace no longer exists.")
        return None
    if owner_id is None and _oidc_configured() and st.user.is_logged_in:
        account = accounts.account_for_email(db, st.user.get("email") or "")
        if account is None:
            st.error("No Back Coach account uses this e-mail address. Ask the owner to add you.")
            st.stop()
        owner_id = state[OWNER_ID] = account.owner_id
    if owner_id:
        state[LAST_SEEN] = now
    return owner_id


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def sign_out(notice: str = "Signed out.") -> None:
    for key in (OWNER_ID, IS_DEMO, LAST_SEEN, CLIENT_ID):
        st.session_state.pop(key, None)
    st.session_state[NOTICE] = notice


def sign_out_button() -> None:
    """In the sidebar, for a visitor who signed in (personal mode has nobody to sign out)."""
    if OWNER_ID in st.session_state:
        st.sidebar.button(
            "Sign out", key="sidebar_sign_out", on_click=sign_out, icon=":material/logout:"
        )


def _start_screen(db: Connection, clock: Clock) -> None:
    """What a visitor who is not signed in sees on every page, deep links included."""
    st.title("Back Coach")
    st.markdown(
        "Check lower back pain after training, find the likely cause, and know what to do next."
    )
    st.warning(SAFETY_NOTE, icon=":material/emergency:")
    if notice := st.session_state.pop(NOTICE, None):
        st.info(notice)
    if st.button(
        "Try it with sample clients", type="primary", key="start_demo", icon=":material/science:"
    ):
        try:
            owner_id = accounts.start_demo(db, clock.now)
        except BackCoachError as e:
            st.error(str(e))
        else:
            st.session_state[OWNER_ID] = owner_id
            st.session_state[IS_DEMO] = True
            st.rerun()
    st.caption("A private demo workspace of your own, deleted after two hours.")
    if setting("BACKCOACH_DEMO") == "1":
        return
    if not accounts.has_accounts(db):
        st.subheader("Set up this workspace")
        with st.form("start_create"):
            name = st.text_input("Your name")
            username = st.text_input("Username")
            password = st.text_input("Password (10 characters or more)", type="password")
            kind = st.radio("I am", list(MODE_LABELS), format_func=MODE_LABELS.get, horizontal=True)
            if st.form_submit_button("Create the owner account"):
                try:
                    account = accounts.create_account(
                        db, username, password, name, kind, is_admin=True
                    )
                except BackCoachError as e:
                    st.error(str(e))
                else:
                    st.session_state[OWNER_ID] = account.owner_id
                    st.rerun()
        return
    st.subheader("Sign in")
    with st.form("start_sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            try:
                account = accounts.sign_in(db, username, password, clock.now)
            except BackCoachError as e:
                st.error(str(e))
            else:
                st.session_state[OWNER_ID] = account.owner_id
                st.rerun()
    if _oidc_configured():
        st.button("Sign in with your organisation", on_click=st.login, key="start_oidc")


def owner_for_this_visit(db: Connection, clock: Clock) -> tuple[str, bool]:
    """(owner id, is demo) for this session, or draw the start screen and stop."""
    if setting("BACKCOACH_PERSONAL") == "1":
        address = st.get_option("server.address") or ""
        if address not in LOCALHOST:
            st.error(
                "Personal mode (no password) is refused: this server does not listen on localhost "
                "only, so anyone on the network could read the data. Start it with "
                "`--server.address localhost`, or unset BACKCOACH_PERSONAL."
            )
            st.stop()
        return _personal_owner(db, clock.today), False
    owner_id = _signed_in_owner(db, clock.now)
    if owner_id is None:
        _start_screen(db, clock)
        st.stop()
    return owner_id, bool(st.session_state.get(IS_DEMO))
