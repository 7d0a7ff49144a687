"""Who is visiting: sign-in, the start screen, session expiry, and the personal or demo owner."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import streamlit as st

from coach import accounts, invitations, sessions, store, timestamps
from coach.errors import BackCoachError
from coach.invitations import INVITE_PARAMETER
from coach.profiles import MAX_NAME, WEEKDAYS, Profile
from coach.store import Account, Connection
from coach.throttle import AddressThrottle
from ui import cookies
from ui.clock import Clock
from ui.keys import (
    ACCOUNT_ID,
    CLIENT_ID,
    CLIENT_KEPT,
    COOKIE_DROP,
    COOKIE_WRITE,
    INVITE_DROP,
    IS_DEMO,
    LAST_SEEN,
    NOTICE,
    OWNER_ID,
    SESSION_TOKEN,
)
from ui.menu import MODE_LABELS
from ui.redeem import redeem_form
from ui.settings import database, setting

# How long the browser keeps a signed-in account's cookie; the server ends it sooner when idle.
COOKIE_LIFETIME = timedelta(days=30)

LOCALHOST = ("localhost", "127.0.0.1", "::1")
_LOCAL_HOST_HEADER = re.compile(r"(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?", re.IGNORECASE)

SAFETY_NOTE = (
    "Back Coach does not diagnose. It helps you decide when to rest, train or see a professional. "
    "If you have new bladder or bowel trouble, numbness around the groin, or weakness in your "
    "legs, call your local emergency number or go to an emergency department now."
)


def _personal_owner(db: Connection, clock: Clock) -> tuple[str, bool]:
    """Personal mode: the person's own workspace, or a sample one they chose to look at.

    The sample clients never pose as the person: they live in a separate demo workspace.
    """
    state = st.session_state
    if state.get(IS_DEMO) and store.owner_exists(db, state.get(OWNER_ID, "")):
        return state[OWNER_ID], True
    store.ensure_owner(db, store.LOCAL_OWNER, "Me", clock.now, "person")
    own = store.Viewer(store.LOCAL_OWNER)
    if not store.client_names(db, own):
        _first_run(db, clock)
        st.stop()
    if CLIENT_KEPT not in state:  # a reload, a new tab, or back from the demo
        _restore_pick(store.owner_client(db, store.LOCAL_OWNER))
    return store.LOCAL_OWNER, False


def _first_run(db: Connection, clock: Clock) -> None:
    """A few facts about the person before their first check: the record is theirs."""
    st.title("Welcome to Back Coach")
    st.warning(SAFETY_NOTE, icon=":material/emergency:")
    st.markdown("A few facts about you, so the checks and plans fit. You can change them later.")
    with st.form("personal_first_run"):
        name = st.text_input("What should we call you?", value="Me", max_chars=MAX_NAME)
        age = st.number_input("Your age", min_value=12, max_value=100, value=None, step=1)
        days = st.multiselect("Days you usually train", WEEKDAYS, placeholder="Choose days")
        goals = st.text_area("What you train for (optional)", max_chars=500)
        if st.form_submit_button("Start", type="primary"):
            try:
                profile = Profile(
                    name=name,
                    age=int(age) if age is not None else None,
                    training_days=tuple(days),
                    goals=goals,
                )
            except BackCoachError as e:
                st.error(str(e))
            else:
                store.add_client(db, store.Viewer(store.LOCAL_OWNER), profile, clock.now)
                st.rerun()
    st.divider()
    st.markdown("Curious first? Look around a workspace of made-up clients, as a trainer would.")
    if st.button("See how a trainer would use this", key="personal_demo"):
        try:
            begin(db, accounts.start_demo(db, clock.now), None, clock.now)
        except BackCoachError as e:
            st.error(str(e))
        else:
            st.rerun()


def idle_minutes() -> int:
    return int(setting("BACKCOACH_IDLE_MINUTES") or accounts.DEFAULT_IDLE_MINUTES)


def _signed_in_owner(db: Connection, now: datetime) -> str | None:
    """The owner of this browser session, or None; expires idle and ended sessions.

    A new tab or a reload starts a new Streamlit session: the browser's session cookie
    (`coach.sessions`) brings the visitor back without signing in again.
    """
    state = st.session_state
    owner_id = state.get(OWNER_ID)
    idle = owner_id and not state.get(IS_DEMO)
    if idle and accounts.expired(state.get(LAST_SEEN, now), now, idle_minutes()):
        sign_out("You were signed out after a period of inactivity.")
        return None
    token = state.get(SESSION_TOKEN)
    if owner_id and token and sessions.resume(db, token, now, idle_minutes()) is None:
        _forget_visitor("You were signed out: on another tab, by the workspace owner, or idle.")
        return None
    if owner_id is None:
        owner_id = _resume_from_cookie(db, now)
    if owner_id and state.get(IS_DEMO) and accounts.end_expired_demo(db, owner_id, now):
        sign_out("Your demo workspace reached its two hours and was deleted.")
        return None
    if owner_id and not store.owner_exists(db, owner_id):
        sign_out("That workspace no longer exists.")
        return None
    if owner_id is None and _oidc_configured() and st.user.is_logged_in:
        email = accounts.verified_email(st.user.to_dict())
        account = accounts.account_for_email(db, email) if email else None
        if account is None and email and (code := cookies.pending_invite()):
            account = _redeem_by_organisation(db, code, email, now)
        if account is None:
            st.error(
                "No Back Coach account uses this e-mail address, or your organisation has not "
                "verified it. Ask the owner to add you."
            )
            st.button("Sign out of your organisation", on_click=st.logout, key="oidc_refused")
            st.stop()
        begin(db, account.owner_id, account, now)
        owner_id = account.owner_id
    if owner_id:
        state[LAST_SEEN] = now
    return owner_id


def _redeem_by_organisation(db: Connection, code: str, email: str, now: datetime) -> Account:
    """Back from organisation sign-in with an invitation's code kept: the client's account,
    made with the verified e-mail and linked; or say why not, and stop."""
    st.session_state[INVITE_DROP] = True  # used or refused, the code is done with
    name = st.user.to_dict().get("name")
    try:
        return invitations.redeem_with_organisation(
            db, code, email, name if isinstance(name, str) else "", now
        )
    except BackCoachError as e:
        st.error(str(e))
        st.button("Sign out of your organisation", on_click=st.logout, key="oidc_invite_refused")
        sync_cookie()
        st.stop()


def _resume_from_cookie(db: Connection, now: datetime) -> str | None:
    token = cookies.session_cookie()
    visitor = sessions.resume(db, token, now, idle_minutes())
    if visitor is None:
        return None
    state = st.session_state
    state[OWNER_ID] = visitor.owner_id
    state[ACCOUNT_ID] = visitor.account_id
    state[IS_DEMO] = visitor.account_id is None
    state[SESSION_TOKEN] = token
    _restore_pick(visitor.client_id)
    return visitor.owner_id


def _restore_pick(client_id: int | None) -> None:
    """A fresh session (a reload, a new tab) starts on the client picked last, as kept on the
    server; `pick_client` checks the viewer still sees it."""
    state = st.session_state
    state[CLIENT_KEPT] = client_id
    if client_id is not None:
        state[CLIENT_ID] = client_id


def begin(db: Connection, owner_id: str, account: Account | None, now: datetime) -> None:
    """Sign this browser in: a fresh token (any older one of this browser ends), cookie next."""
    sessions.end(db, cookies.session_cookie())
    token = sessions.start(db, owner_id, account, now)
    state = st.session_state
    state[OWNER_ID] = owner_id
    state[ACCOUNT_ID] = account.id if account else None
    state[IS_DEMO] = account is None
    state[SESSION_TOKEN] = token
    state.pop(CLIENT_KEPT, None)  # the new session has no pick yet
    lifetime = accounts.DEMO_LIFETIME if account is None else COOKIE_LIFETIME
    state[COOKIE_WRITE] = timestamps.to_text(now + lifetime)
    state.pop(COOKIE_DROP, None)


def sync_cookie() -> None:
    """Write or drop the browser's cookie until the browser confirms it: once per sign-in."""
    state = st.session_state
    expires = state.get(COOKIE_WRITE)
    token = state.get(SESSION_TOKEN)
    if expires and token and cookies.write(token, timestamps.from_text(expires)):
        state.pop(COOKIE_WRITE, None)
    if (generation := state.get(COOKIE_DROP)) and cookies.delete(generation):
        state.pop(COOKIE_DROP, None)
    if state.get(INVITE_DROP) and cookies.drop_invite():
        state.pop(INVITE_DROP, None)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _forget_visitor(notice: str) -> None:
    state = st.session_state
    for key in (
        OWNER_ID,
        IS_DEMO,
        LAST_SEEN,
        CLIENT_ID,
        CLIENT_KEPT,
        SESSION_TOKEN,
        ACCOUNT_ID,
        COOKIE_WRITE,
    ):
        state.pop(key, None)
    state[COOKIE_DROP] = state.get(COOKIE_DROP, 0) + 1
    state[NOTICE] = notice


def show_notice() -> None:
    """What the last action did (signed out, deleted). Kept until the browser has confirmed the
    sign-out's cookie gone: that confirmation reruns the page, which would otherwise lose it."""
    state = st.session_state
    if notice := state.get(NOTICE):
        st.info(notice)
        if COOKIE_DROP not in state:
            del state[NOTICE]


def sign_out(notice: str = "Signed out.") -> None:
    """End this browser's session on every tab (callbacks open their own connection), and an
    organisation sign-in at the identity provider too: without `st.logout` its cookie signed
    the visitor straight back in."""
    sessions.end(database(), st.session_state.get(SESSION_TOKEN))
    _forget_visitor(notice)
    _end_organisation_sign_in()


def sign_out_everywhere(account_id: int) -> None:
    sessions.end_everywhere(database(), account_id)
    _forget_visitor("Signed out on every browser.")
    _end_organisation_sign_in()


def _end_organisation_sign_in() -> None:
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()


def sign_out_button() -> None:
    """In the sidebar, for a visitor who signed in (personal mode has nobody to sign out)."""
    if OWNER_ID not in st.session_state:
        return
    if setting("BACKCOACH_PERSONAL") == "1":
        st.sidebar.button(
            "Back to my own data",
            key="sidebar_leave_demo",
            on_click=sign_out,
            args=("Back to your own data.",),
            icon=":material/person:",
        )
    else:
        st.sidebar.button(
            "Sign out", key="sidebar_sign_out", on_click=sign_out, icon=":material/logout:"
        )


def _demo_button(db: Connection, clock: Clock, primary: bool) -> None:
    kind = "primary" if primary else "secondary"
    if st.button(
        "Try it with sample clients", type=kind, key="start_demo", icon=":material/science:"
    ):
        try:
            begin(db, accounts.start_demo(db, clock.now), None, clock.now)
        except BackCoachError as e:
            st.error(str(e))
        else:
            st.rerun()
    st.caption("A private demo workspace of your own, deleted after two hours.")


def _create_owner_form(db: Connection, clock: Clock) -> None:
    st.subheader("Set up this workspace")
    with st.form("start_create"):
        name = st.text_input("Your name")
        username = st.text_input("Username")
        password = st.text_input("Password (10 characters or more)", type="password")
        kind = st.radio("I am", list(MODE_LABELS), format_func=MODE_LABELS.get, horizontal=True)
        if st.form_submit_button("Create the owner account"):
            try:
                account = accounts.create_account(
                    db, username, password, name, kind, is_admin=True, now=clock.now
                )
            except BackCoachError as e:
                st.error(str(e))
            else:
                begin(db, account.owner_id, account, clock.now)
                st.rerun()


def _sign_in_form(db: Connection, clock: Clock) -> None:
    st.subheader("Sign in")
    with st.form("start_sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in", type="primary", icon=":material/login:"):
            _sign_in(db, username, password, clock.now)
    if _oidc_configured():
        st.button("Sign in with your organisation", on_click=st.login, key="start_oidc")
    with (
        st.expander("Forgot your password? Use a reset code from the workspace owner"),
        st.form("start_reset", clear_on_submit=True),
    ):
        username = st.text_input("Username", key="start_reset_username")
        code = st.text_input("Reset code", key="start_reset_code")
        new = st.text_input("New password (10 characters or more)", type="password")
        if st.form_submit_button("Set the new password"):
            try:
                sessions.redeem_reset_code(db, username, code, new, clock.now)
            except BackCoachError as e:
                st.error(str(e))
            else:
                st.success("Password set: sign in with it above.", icon=":material/check:")


@st.cache_resource
def _failed_sign_ins() -> AddressThrottle:
    """One count per server process, shared by every session's thread."""
    return AddressThrottle()


def _sign_in(db: Connection, username: str, password: str, now: datetime) -> None:
    """Sign in, refused alike when this client address has failed too often.

    An unknown address (behind some proxies) is not counted: one shared count would let a
    single visitor lock everyone out; the per-account lock still holds.
    """
    address = st.context.ip_address
    limiter = _failed_sign_ins()
    try:
        if address and not limiter.allowed(address, now):
            raise accounts.SignInRefused(accounts.REFUSED)
        account = accounts.sign_in(db, username, password, now)
        begin(db, account.owner_id, account, now)
    except accounts.SignInRefused as e:
        if address:
            limiter.failed(address, now)
        st.error(str(e))
    except BackCoachError as e:
        st.error(str(e))
    else:
        st.rerun()


def _start_screen(db: Connection, clock: Clock) -> None:
    """What a visitor who is not signed in sees on every page, deep links included."""
    sync_cookie()
    st.title("Back Coach")
    # Opened from an invitation's link, the invitation is what they came for: it comes first.
    invited = bool(st.query_params.get(INVITE_PARAMETER)) and accounts.has_accounts(db)
    if invited:
        redeem_form(db, clock, begin, _oidc_configured())
    else:
        st.markdown(
            "Check lower back pain after training, find the likely cause, and know what to do next."
        )
    st.warning(SAFETY_NOTE, icon=":material/emergency:")
    show_notice()
    st.page_link(
        "pages/1_Triage.py",
        label="Check my back now: no account needed, nothing is stored",
        icon=":material/healing:",
    )
    if setting("BACKCOACH_DEMO") == "1":
        _demo_button(db, clock, primary=True)
    elif not accounts.has_accounts(db):
        _demo_button(db, clock, primary=True)
        _create_owner_form(db, clock)
    else:
        _sign_in_form(db, clock)
        if not invited:
            redeem_form(db, clock, begin, _oidc_configured())
        st.divider()
        _demo_button(db, clock, primary=False)


def _refuse_foreign_host() -> None:
    """Personal mode answers only to a page opened as localhost, 127.0.0.1 or [::1].

    Another site can point its own name at 127.0.0.1 (DNS rebinding) and read a no-password
    workspace from the visitor's browser; its pages then arrive with that name as Host. No
    headers at all means no browser is attached (a bare or AppTest run), which nobody can rebind.
    """
    host = st.context.headers.get("Host")
    if host is None or _LOCAL_HOST_HEADER.fullmatch(host):
        return
    from ui.render import plain  # here: ui.render imports this module's SAFETY_NOTE

    st.error(
        "Personal mode answers only to pages opened as localhost: this one was opened as "
        f"{plain(host)}, which may be another site pointing its name at this computer. Open it "
        "as localhost, with this server's port, instead."
    )
    st.stop()


def owner_for_this_visit(
    db: Connection, clock: Clock, public: bool = False
) -> tuple[str | None, bool]:
    """(owner id, is demo) for this session, or draw the start screen and stop.

    A public screen lets a visitor who is not signed in through with no owner (None): it must
    then read and store nothing.
    """
    if setting("BACKCOACH_PERSONAL") == "1":
        address = st.get_option("server.address") or ""
        if address not in LOCALHOST:
            st.error(
                "Personal mode (no password) is refused: this server does not listen on localhost "
                "only, so anyone on the network could read the data. Start it with "
                "`--server.address localhost`, or unset BACKCOACH_PERSONAL."
            )
            st.stop()
        _refuse_foreign_host()
        return _personal_owner(db, clock)
    owner_id = _signed_in_owner(db, clock.now)
    if owner_id is None and public:
        return None, False
    if owner_id is None:
        _start_screen(db, clock)
        st.stop()
    return owner_id, bool(st.session_state.get(IS_DEMO))
