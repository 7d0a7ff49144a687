"""The grouped sidebar menu, the client picker and the mode control."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from coach import sessions, store
from coach.errors import BackCoachError
from coach.profiles import Client
from coach.store import Connection, Viewer
from ui.keys import (
    CLIENT_ID,
    CLIENT_KEPT,
    CLIENT_PICKER,
    GONE,
    MODE,
    PICKER_VERSION,
    SESSION_TOKEN,
    widget_value,
)
from ui.settings import database, setting


@dataclass(frozen=True)
class MenuEntry:
    path: str
    label: str
    icon: str
    modes: tuple[str, ...] = ("trainer", "person")


TRAINER, PERSON, CLIENT = "trainer", "person", "client"
# The screens a client on their own account shares with the workspace (see `page_setup`'s who).
EVERYONE = (TRAINER, PERSON, CLIENT)
MODE_LABELS = {TRAINER: "A trainer", PERSON: "Checking myself"}
MENU: dict[str, list[MenuEntry]] = {
    "Check": [
        MenuEntry("app.py", "Home", ":material/home:", (TRAINER,)),
        MenuEntry("pages/0_My_week.py", "My week", ":material/today:", (PERSON,)),
        MenuEntry("pages/6_Roster.py", "Roster", ":material/groups:", (TRAINER,)),
        MenuEntry(
            "pages/6_Client_summary.py", "Client summary", ":material/summarize:", (TRAINER,)
        ),
        MenuEntry("pages/1_Triage.py", "Triage", ":material/healing:", (TRAINER,)),
        MenuEntry("pages/1_Triage.py", "Check my back", ":material/healing:", (PERSON,)),
    ],
    "Train": [
        MenuEntry("pages/2_Form_check.py", "Form check", ":material/fact_check:"),
        MenuEntry("pages/3_Warm_up.py", "Warm-up", ":material/directions_run:"),
        MenuEntry("pages/4_Core_plan.py", "Core plan", ":material/fitness_center:"),
        MenuEntry("pages/4_Exercise_library.py", "Exercise library", ":material/photo_library:"),
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


# Streamlit's own page menu closes the sliding sidebar after a choice on a narrow window; a menu
# of st.page_link does not (1.67 has no option for it), so this does what the built-in one does:
# a click on a menu link at or below Streamlit's "md" breakpoint (768 px) presses the sidebar's
# own collapse button. Fixed text, no user input; added once per page, listening once per tab.
_CLOSE_MENU_AFTER_CHOICE = """<script>
if (!window.backCoachMenuCloses) {
  window.backCoachMenuCloses = true;
  document.addEventListener("click", (event) => {
    const menu = event.target.closest('[data-testid="stSidebar"]');
    const link = event.target.closest('a[data-testid="stPageLink-NavLink"]');
    if (menu && link && window.innerWidth <= 768) {
      document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }
  }, true);
}
</script>"""


def menu_paths() -> list[str]:
    """Each screen once, though a screen can have a label per mode."""
    return list(dict.fromkeys(entry.path for entries in MENU.values() for entry in entries))


def pick_client(db: Connection, viewer: Viewer) -> Client | None:
    """The sidebar picker of the clients `viewer` sees; only names are read for the list, one
    full profile for the pick. A client this browser session picked before a reload starts it
    (`access`); one `viewer` no longer sees falls back to the first, as any other does."""
    names = store.client_names(db, viewer)
    if not names:
        st.sidebar.info("No clients yet: add one on the Clients screen.")
        st.session_state.pop(CLIENT_ID, None)
        return None
    current = st.session_state.get(CLIENT_ID)
    if current not in names:
        current = next(iter(names))
        make_current(current)
    key = picker_key()
    st.session_state[key] = current
    _keep_pick(db, viewer, current)

    def remember() -> None:
        if (picked := widget_value(key)) is not GONE:
            st.session_state[CLIENT_ID] = picked

    st.sidebar.selectbox(
        "Current client",
        options=list(names),
        format_func=lambda client_id: names[client_id],
        key=key,
        on_change=remember,
    )
    return store.get_client(db, viewer, current)


def picker_key() -> str:
    return f"{CLIENT_PICKER}_{st.session_state.get(PICKER_VERSION, 0)}"


def make_current(client_id: int | None) -> None:
    """Make a client current from the server's side: just added, opened from the roster, gone.

    The picker becomes a new widget. A press the browser sent before it saw this change (a
    double click's second press) still carries the old picker's pick, and Streamlit runs no
    callback for a widget the last run did not draw, so that stale pick cannot undo this one.
    """
    state = st.session_state
    if client_id is None:
        state.pop(CLIENT_ID, None)
    else:
        state[CLIENT_ID] = client_id
    state[PICKER_VERSION] = state.get(PICKER_VERSION, 0) + 1


def _keep_pick(db: Connection, viewer: Viewer, client_id: int) -> None:
    """Write the current client to this browser session when it changed (picked, just added,
    opened from the roster, or a fallback): every rerun would otherwise be a write. Personal
    mode has no browser session: its one person's pick is kept with the workspace."""
    state = st.session_state
    if state.get(CLIENT_KEPT) == client_id:
        return
    if token := state.get(SESSION_TOKEN):
        sessions.remember_client(db, token, viewer, client_id)
    elif setting("BACKCOACH_PERSONAL") == "1":
        store.set_owner_client(db, viewer, client_id)
    state[CLIENT_KEPT] = client_id


def _switch_mode(owner_id: str) -> None:
    """Callbacks open their own connection: they may run on another thread than the page."""
    chosen = widget_value(MODE)
    if chosen and chosen is not GONE:
        try:
            store.set_owner_kind(database(), owner_id, chosen)
        except BackCoachError as e:
            st.error(str(e))


def draw_menu(owner_id: str, mode: str) -> None:
    """The menu entries this mode shows, grouped, then the control that switches mode."""
    with st.sidebar:
        for section, entries in MENU.items():
            shown = [e for e in entries if mode in e.modes]
            if shown:
                st.caption(section)
            for entry in shown:
                st.page_link(entry.path, label=entry.label, icon=entry.icon)
        st.html(_CLOSE_MENU_AFTER_CHOICE, unsafe_allow_javascript=True)
        st.segmented_control(
            "Using Back Coach as",
            list(MODE_LABELS),
            format_func=MODE_LABELS.get,
            default=mode,
            key=MODE,
            on_change=_switch_mode,
            args=(owner_id,),
        )


# A client signed in on their own account: their check-in and the screens it leads to.
CLIENT_MENU = [
    MenuEntry("pages/0_My_check_in.py", "My check-in", ":material/today:", (CLIENT,)),
    MenuEntry("pages/1_Triage.py", "Check my back", ":material/healing:", (CLIENT,)),
    MenuEntry("pages/3_Warm_up.py", "Warm-up", ":material/directions_run:", (CLIENT,)),
    MenuEntry("pages/8_Intake.py", "Intake questions", ":material/assignment:", (CLIENT,)),
    MenuEntry("pages/9_My_data.py", "My data", ":material/folder_shared:", (CLIENT,)),
    MenuEntry("pages/9_Sources.py", "Sources", ":material/menu_book:", (CLIENT,)),
]


def draw_client_menu() -> None:
    """A client's few screens; no picker, no mode control: they see their own record only."""
    with st.sidebar:
        st.markdown("### :material/self_improvement: Back Coach")
        for entry in CLIENT_MENU:
            st.page_link(entry.path, label=entry.label, icon=entry.icon)
        st.html(_CLOSE_MENU_AFTER_CHOICE, unsafe_allow_javascript=True)


VISITOR_MENU = [
    MenuEntry("app.py", "Start: sign in or try the demo", ":material/login:"),
    MenuEntry("pages/1_Triage.py", "Quick check", ":material/healing:"),
    MenuEntry("pages/9_Sources.py", "Sources", ":material/menu_book:"),
]


def draw_visitor_menu() -> None:
    """The few screens open to a visitor without an account."""
    with st.sidebar:
        st.markdown("### :material/self_improvement: Back Coach")
        for entry in VISITOR_MENU:
            st.page_link(entry.path, label=entry.label, icon=entry.icon)
        st.caption("Not a diagnosis tool. Emergencies: call your local emergency number.")
