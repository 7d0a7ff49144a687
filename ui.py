"""Shared Streamlit UI: the one page setup every screen calls, the menu, and small render helpers.

This module sits outside `pages/` on purpose: every `.py` directly in `pages/` becomes a page.
Session state holds ids and plain values only, under the key names defined here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import streamlit as st
from sqlite_utils import Database
from streamlit.delta_generator import DeltaGenerator

from coach import accounts, demo, logbook, roster, store
from coach.content import source
from coach.errors import BackCoachError
from coach.profiles import Client
from coach.roster import RosterRow
from coach.trends import Finding
from coach.triage import Level, TriageResult
from coach.triage import content as triage_content

# Session state keys, in one place.
CLIENT_ID = "client_id"
CLIENT_PICKER = "sidebar_client_picker"
OWNER_ID = "owner_id"
IS_DEMO = "is_demo"
LAST_SEEN = "last_seen"
NOTICE = "notice"
LOCALHOST = ("localhost", "127.0.0.1", "::1")

SAFETY_NOTE = (
    "Back Coach does not diagnose. It helps you decide when to rest, train or see a professional. "
    "If you have new bladder or bowel trouble, numbness around the groin, or weakness in your "
    "legs, call your local emergency number or go to an emergency department now."
)


@dataclass(frozen=True)
class MenuEntry:
    path: str
    label: str
    icon: str
    modes: tuple[str, ...] = ("trainer", "person")


TRAINER, PERSON = "trainer", "person"
MODE_LABELS = {TRAINER: "A trainer", PERSON: "Checking myself"}
MENU: dict[str, list[MenuEntry]] = {
    "Check": [
        MenuEntry("app.py", "Home", ":material/home:", (TRAINER,)),
        MenuEntry("pages/0_My_week.py", "My week", ":material/today:", (PERSON,)),
        MenuEntry("pages/6_Roster.py", "Roster", ":material/groups:", (TRAINER,)),
        MenuEntry(
            "pages/6_Client_summary.py", "Client summary", ":material/summarize:", (TRAINER,)
        ),
        MenuEntry("pages/1_Triage.py", "Triage", ":material/healing:"),
    ],
    "Train": [
        MenuEntry("pages/2_Form_check.py", "Form check", ":material/fact_check:"),
        MenuEntry("pages/3_Warm_up.py", "Warm-up", ":material/directions_run:"),
        MenuEntry("pages/4_Core_plan.py", "Core plan", ":material/fitness_center:"),
    ],
    "Track": [
        MenuEntry("pages/5_Pain_log.py", "Pain log", ":material/monitoring:"),
    ],
    "Clients": [
        MenuEntry("pages/7_Clients.py", "Clients", ":material/group:"),
        MenuEntry("pages/8_Intake.py", "Intake", ":material/assignment:", (TRAINER,)),
    ],
    "About": [
        MenuEntry("pages/9_Account.py", "Account and data", ":material/manage_accounts:"),
        MenuEntry("pages/9_Sources.py", "Sources", ":material/menu_book:"),
    ],
}


def menu_paths() -> list[str]:
    return [entry.path for entries in MENU.values() for entry in entries]


@dataclass(frozen=True)
class PageContext:
    """What a page needs from the setup: this run's database, the owner, the current client.

    `top` is a slot above everything else on the page, for what must be seen first.
    """

    db: Database
    owner_id: str
    client: Client | None
    mode: str
    top: DeltaGenerator
    is_demo: bool


@st.cache_resource(show_spinner="Preparing the database…")
def _prepare(path: str) -> None:
    """Migrate and clear out expired demo workspaces: once per server process."""
    db = store.open_db(path)
    accounts.erase_expired_demos(db, datetime.now())
    db.close()


def _personal_owner(db: Database) -> str:
    """The single local owner of personal mode, seeded with the demo clients on first use."""
    if not store.owner_exists(db, store.LOCAL_OWNER):
        with store.transaction(db):
            store.ensure_owner(db, store.LOCAL_OWNER, "Me", "person")
            demo.seed(db, store.LOCAL_OWNER)
    return store.LOCAL_OWNER


def _signed_in_owner(db: Database) -> str | None:
    """The owner of this browser session, or None; expires idle sessions."""
    state = st.session_state
    owner_id = state.get(OWNER_ID)
    now = datetime.now()
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


def _start_screen(db: Database) -> None:
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
        st.session_state[OWNER_ID] = accounts.start_demo(db)
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
                account = accounts.sign_in(db, username, password)
            except BackCoachError as e:
                st.error(str(e))
            else:
                st.session_state[OWNER_ID] = account.owner_id
                st.rerun()
    if _oidc_configured():
        st.button("Sign in with your organisation", on_click=st.login, key="start_oidc")


def _owner_for_this_visit(db: Database) -> tuple[str, bool]:
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
        return _personal_owner(db), False
    owner_id = _signed_in_owner(db)
    if owner_id is None:
        _start_screen(db)
        st.stop()
    return owner_id, bool(st.session_state.get(IS_DEMO))


def _pick_client(db: Database, owner_id: str) -> Client | None:
    """The sidebar picker; only names are read for the list, one full profile for the pick."""
    names = store.client_names(db, owner_id)
    if not names:
        st.sidebar.info("No clients yet: add one on the Clients screen.")
        st.session_state.pop(CLIENT_ID, None)
        return None
    current = st.session_state.get(CLIENT_ID)
    if current not in names:
        current = next(iter(names))
        st.session_state[CLIENT_ID] = current
    st.session_state[CLIENT_PICKER] = current

    def remember() -> None:
        st.session_state[CLIENT_ID] = st.session_state[CLIENT_PICKER]

    st.sidebar.selectbox(
        "Current client",
        options=list(names),
        format_func=lambda client_id: names[client_id],
        key=CLIENT_PICKER,
        on_change=remember,
    )
    return store.get_client(db, owner_id, current)


def setting(name: str) -> str | None:
    """A setting from the environment, else from `.streamlit/secrets.toml` (absent is fine)."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except FileNotFoundError:
        return None
    return None if value is None else str(value)


def _database_path() -> str:
    return str(store.db_path(setting("BACKCOACH_DB")))


def database() -> Database:
    """A new connection, for callbacks and deferred downloads that run on another thread."""
    return store.connect(_database_path())


def _switch_mode(owner_id: str) -> None:
    """Callbacks open their own connection: they may run on another thread than the page."""
    chosen = st.session_state["sidebar_mode"]
    if chosen:
        store.set_owner_kind(database(), owner_id, chosen)


def page_setup(
    title: str, icon: str = ":material/favorite:", needs_client: bool = False
) -> PageContext:
    """Set the page config, enforce access, draw the menu and client picker: first on every page."""
    st.set_page_config(page_title=f"{title} · Back Coach", page_icon=icon, layout="wide")
    path = _database_path()
    try:
        _prepare(path)
        db = store.connect(path)
    except (BackCoachError, OSError) as e:
        st.error(f"The database could not be opened: {e}")
        st.stop()
    top = st.container()
    owner_id, is_demo = _owner_for_this_visit(db)
    mode = store.owner_kind(db, owner_id)

    st.sidebar.markdown("### :material/self_improvement: Back Coach")
    if is_demo:
        st.sidebar.info(
            "**Demo workspace**: sample clients only, deleted after two hours.",
            icon=":material/science:",
        )
        st.caption(":material/science: Demo workspace with sample clients. Nothing here is real.")
    client = _pick_client(db, owner_id)
    with st.sidebar:
        for section, entries in MENU.items():
            shown = [e for e in entries if mode in e.modes]
            if shown:
                st.caption(section)
            for entry in shown:
                st.page_link(entry.path, label=entry.label, icon=entry.icon)
        st.segmented_control(
            "Using Back Coach as",
            list(MODE_LABELS),
            format_func=MODE_LABELS.get,
            default=mode,
            key="sidebar_mode",
            on_change=_switch_mode,
            args=(owner_id,),
        )
        if OWNER_ID in st.session_state:
            st.button(
                "Sign out", key="sidebar_sign_out", on_click=sign_out, icon=":material/logout:"
            )
    st.sidebar.caption("Not a diagnosis tool. Emergencies: call your local emergency number.")

    if needs_client and client is None:
        st.title(title)
        st.info("Add a client on the Clients screen first.")
        st.page_link("pages/7_Clients.py", label="Go to Clients", icon=":material/group:")
        st.stop()
    return PageContext(db, owner_id, client, mode, top, is_demo)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """Escape user-typed text for Markdown so it shows literally and can load nothing."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def cite(source_id: str) -> str:
    """A short citation for a source id, matching its entry on the Sources screen."""
    s = source(source_id)
    return f"Source: {s.title} ({s.author}, {s.year}) [{s.id}]"


_LEVEL_STYLE = {
    Level.EMERGENCY: (st.error, ":material/emergency:"),
    Level.URGENT: (st.error, ":material/priority_high:"),
    Level.SEE_CLINICIAN: (st.warning, ":material/medical_services:"),
    Level.REST: (st.info, ":material/bedtime:"),
    Level.TRAIN: (st.success, ":material/fitness_center:"),
}


def level_banner(level: Level) -> None:
    """The outcome in words first (never colour alone), with the action to take."""
    info = triage_content().levels[level]
    show, icon = _LEVEL_STYLE[level]
    show(f"**{info.title.upper()}**  \n{info.action}", icon=icon)
    st.caption(cite(info.source))


def level_title(level: str) -> str:
    return triage_content().levels[Level(level)].title


def render_triage_result(result: TriageResult) -> None:
    """The outcome banner first, then reasons, likely causes with links, and next steps."""
    content = triage_content()
    level_banner(result.level)
    if result.reasons:
        heading = (
            "**Tell the emergency service about these signs:**"
            if result.level is Level.EMERGENCY
            else "**What we saw:**"
        )
        st.markdown(heading)
        for reason in result.reasons:
            st.markdown(f"- {reason.text} *({level_title(reason.level)})* `[{reason.source}]`")
    else:
        st.markdown("No warning signs in these answers.")
    if result.causes:
        st.markdown("**Likely causes, strongest first:**")
        pages = set(menu_paths())
        for cause_id in result.causes:
            cause = content.cause(cause_id)
            st.markdown(f"- **{cause.title}**: {cause.text} {cause.action} `[{cause.source}]`")
            if cause.page in pages:
                st.page_link(
                    cause.page, label=f"Open: {cause.action}", icon=":material/arrow_forward:"
                )
    st.markdown("**What to do now:**")
    for step in result.advice:
        st.markdown(f"1. {step} `[{step.source}]`")


def finding_card(finding: Finding) -> None:
    """One trend flag as a short card: what was seen, the numbers, what to do, the source."""
    with st.container(border=True):
        st.markdown(f"**{finding.title}**")
        st.markdown(finding.explanation)
        st.markdown(f"**What to do:** {finding.action}")
        numbers = ", ".join(f"{k.replace('_', ' ')}: {v:g}" for k, v in finding.numbers.items())
        st.caption(f"{numbers}. {cite(finding.source)}")


MAX_EDITOR_ROWS = 500
LOG_EDIT_COLUMNS = ["id", "date", *logbook.ENTRY_FIELDS[1:]]


def log_column_config() -> dict:
    """Editor columns with the same limits the log validates, so most mistakes cannot be typed."""
    pain = {"min_value": 0, "max_value": 10, "step": 1}
    return {
        "id": None,
        "date": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm", required=True),
        "pain": st.column_config.NumberColumn("Pain", required=True, **pain),
        "pain_during": st.column_config.NumberColumn("During", **pain),
        "pain_next_morning": st.column_config.NumberColumn("Next morning", **pain),
        "location": st.column_config.SelectboxColumn("Where", options=logbook.LOCATIONS),
        "radiates": st.column_config.CheckboxColumn("Radiates"),
        "session_type": st.column_config.SelectboxColumn("Session", options=logbook.SESSION_TYPES),
        "minutes": st.column_config.NumberColumn(
            "Minutes", min_value=0, max_value=logbook.MAX_MINUTES, step=1
        ),
        "rpe": st.column_config.NumberColumn("Effort", **pain),
        "warmed_up": st.column_config.CheckboxColumn("Warmed up"),
        "fluids": st.column_config.SelectboxColumn("Fluids", options=logbook.FLUIDS),
        "notes": st.column_config.TextColumn("Notes", max_chars=logbook.MAX_NOTE),
    }


@st.cache_data(ttl=3600, max_entries=200, show_spinner="Reading the roster…")
def _cached_roster(path: str, owner_id: str, revision: int, today: date) -> list[RosterRow]:
    """The owner and their data revision are in the key: no roster is ever served to another."""
    return roster.load_roster(store.connect(path), owner_id, today)


def load_roster(ctx: PageContext) -> list[RosterRow]:
    revision = store.owner_revision(ctx.db, ctx.owner_id)
    return _cached_roster(_database_path(), ctx.owner_id, revision, date.today())


def days_ago(days: int) -> datetime:
    return datetime.combine(date.today() - timedelta(days=days), datetime.min.time())


def toggle_session_done(owner_id: str, plan_id: int, week: int, session: int) -> None:
    """Checkbox callback: store the new done state of one plan session."""
    checked = st.session_state[f"plan_done_{plan_id}_{week}_{session}"]
    store.set_session_done(database(), owner_id, plan_id, week, session, checked)
