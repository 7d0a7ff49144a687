"""The one call every screen starts with: page config, access, sidebar, and this run's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coach import accounts, store, timestamps
from coach.dateformat import DateFormat
from coach.errors import BackCoachError, DatabaseUnreachable, NotFound
from coach.profiles import Client
from coach.store import Connection, Viewer
from ui.access import owner_for_this_visit, show_notice, sign_out, sign_out_button, sync_cookie
from ui.client_view import (
    linked_client,
    no_trainer_line,
    not_found,
    refuse_other_records,
    unlinked,
)
from ui.clock import Clock, read_clock, utc_now
from ui.erasure import retry_unfinished
from ui.keys import ACCOUNT_ID, RETRY_ARMED
from ui.layout import add_layout_rules
from ui.menu import (
    CLIENT,
    PERSON,
    TRAINER,
    draw_client_menu,
    draw_menu,
    draw_visitor_menu,
    pick_client,
)
from ui.render import plain
from ui.settings import database_target, setting

RETRY_SECONDS = 5


@dataclass(frozen=True)
class PageContext:
    """What a page needs from the setup: this run's database, who is asking, the current client.

    `top` is a slot above everything else on the page, for what must be seen first. `now` is
    the person's wall-clock time, aware, in their zone `tz` (see `ui/clock.py`); `dates` writes
    dates and times the way their browser's language does.
    `viewer` (the workspace, the account and its role: what every store call about clients
    takes) is None only on a public screen opened by a visitor who is not signed in.
    For a client signed in on their own account (mode CLIENT), `viewer` is their trainer's
    workspace seen through the one record linked to the account, which is `client`.
    """

    db: Connection
    viewer: Viewer | None
    client: Client | None
    mode: str
    top: DeltaGenerator
    is_demo: bool
    tz: tzinfo
    now: datetime
    dates: DateFormat

    @property
    def today(self) -> date:
        """The person's date, which may not be the server's."""
        return self.now.date()

    @property
    def own_record(self) -> bool:
        """Personal mode in the person's own workspace, or a client on their own account: the
        current client is the reader."""
        return self.mode in (PERSON, CLIENT) and not self.is_demo

    def whose(self) -> str:
        """The current client's possessive for a phrase ("your history", "Sam's history"),
        escaped for Markdown; "your" when the client is the person reading."""
        if self.own_record or self.client is None:
            return "your"
        return f"{plain(self.client.name)}'s"

    def local(self, stored: str | datetime) -> datetime:
        """A stored (UTC) instant as the person's wall-clock time."""
        return timestamps.local(stored, self.tz)


@st.cache_resource(show_spinner="Preparing the database…")
def _prepare(target: str, create_folder: bool) -> None:
    """Migrate, check the file can be written, clear out expired demos: once per server process.

    The default database's folder may be created; a configured one must already exist, so a
    mistyped setting is reported instead of a new, empty workspace offered in the wrong place."""
    db = store.open_db(target, create_folder)
    store.check_writable(db)
    accounts.erase_expired_demos(db, utc_now())
    db.close()


@st.fragment(run_every=RETRY_SECONDS)
def _try_again_soon() -> None:
    """Runs with the page, then on its own after RETRY_SECONDS: the second time, it reruns the
    page, which tries the database again (and lands here again while it is still away)."""
    if st.session_state.pop(RETRY_ARMED, False):
        st.rerun()
    st.session_state[RETRY_ARMED] = True


SWEEP_EVERY = timedelta(minutes=5)


@st.cache_resource
def _last_sweeps() -> dict[str, datetime]:
    """When this server last swept each database for expired demos."""
    return {}


def _sweep_expired_demos(db: Connection, path: str, now: datetime) -> None:
    """Every few minutes some request erases a few expired demos, so none lingers for long,
    and tries again to finish an erasure another reader held up."""
    last = _last_sweeps()
    if path in last and now - last[path] < SWEEP_EVERY:
        return
    last[path] = now
    accounts.erase_expired_demos(db, now, limit=accounts.SWEEP_PER_START)
    retry_unfinished(db, path)


def _client_context(
    db: Connection,
    title: str,
    who: tuple[str, ...],
    top: DeltaGenerator,
    clock: Clock,
    dates: DateFormat,
) -> PageContext:
    """A client on their own account: their menu, their one record, or a plain refusal."""
    draw_client_menu()
    sign_out_button()
    sync_cookie()
    st.sidebar.caption("Not a diagnosis tool. Emergencies: call your local emergency number.")
    found = linked_client(db)
    if found is None:
        unlinked(db, title, clock, dates)
    link, client = found
    refuse_other_records(link)
    if CLIENT not in who:
        not_found(CHECK_IN)
    no_trainer_line(db, link)  # below `top`: an emergency or a hold stays first
    viewer = store.Viewer(link.owner_id, link.account_id, store.CLIENT)
    return PageContext(db, viewer, client, CLIENT, top, False, clock.tz, clock.now, dates)


CHECK_IN = "pages/0_My_check_in.py"
WORKSPACE = (TRAINER, PERSON)


def page_setup(
    title: str,
    icon: str = ":material/favorite:",
    needs_client: bool = False,
    public: bool = False,
    who: tuple[str, ...] = WORKSPACE,
    plain_title: str = "",
) -> PageContext:
    """Set the page config, enforce access, draw the menu and client picker: first on every page.

    `public` screens (the quick check, the sources) also open for a visitor without an account.
    `who` are the modes the screen is for: a trainer's workspace and personal mode by default;
    a client on their own account reaches only screens that name CLIENT, and only their record.
    `plain_title`, when given, is the browser tab's title for anyone but a trainer, to whom the
    trainer's word (Triage) is jargon.
    """
    st.set_page_config(page_title=f"{title} · Back Coach", page_icon=icon, layout="wide")
    clock = read_clock()
    target = database_target()
    try:
        _prepare(target, create_folder=setting("BACKCOACH_DB") is None)
        db = store.connect(target)
        _sweep_expired_demos(db, target, clock.now)
    except DatabaseUnreachable as e:
        st.error(str(e), icon=":material/cloud_off:")
        _try_again_soon()
        st.stop()
    except BackCoachError as e:
        st.error(f"The database could not be opened: {e}.")
        st.stop()
    except OSError:
        st.error("The database could not be opened: the server cannot reach its folder.")
        st.stop()
    add_layout_rules()
    top = st.container()
    owner_id, is_demo = owner_for_this_visit(db, clock, public)
    dates = DateFormat.for_locale(st.context.locale)
    mode = store.owner_kind(db, owner_id) if owner_id else PERSON
    if plain_title and mode != TRAINER:
        st.set_page_config(page_title=f"{plain_title} · Back Coach")
    if owner_id is None:
        draw_visitor_menu()
        show_notice()
        return PageContext(db, None, None, PERSON, top, False, clock.tz, clock.now, dates)
    if mode == CLIENT:
        return _client_context(db, title, who, top, clock, dates)
    try:
        viewer = store.viewer_for(db, owner_id, st.session_state.get(ACCOUNT_ID))
    except NotFound:  # the account left this workspace since this browser signed in
        sign_out("You were signed out: your account is no longer part of this workspace.")
        st.rerun()

    st.sidebar.markdown("### :material/self_improvement: Back Coach")
    if is_demo:
        st.sidebar.info(
            "**Demo workspace**: sample clients only, deleted after two hours.",
            icon=":material/science:",
        )
        st.caption(":material/science: Demo workspace with sample clients. Nothing here is real.")
    client = pick_client(db, viewer)
    draw_menu(owner_id, mode)
    sign_out_button()
    sync_cookie()
    st.sidebar.caption("Not a diagnosis tool. Emergencies: call your local emergency number.")

    if not set(who) & set(WORKSPACE):
        not_found("app.py")
    if needs_client and client is None:
        st.title(title)
        st.info("Add a client on the Clients screen first.")
        st.page_link("pages/7_Clients.py", label="Go to Clients", icon=":material/group:")
        st.stop()
    return PageContext(db, viewer, client, mode, top, is_demo, clock.tz, clock.now, dates)
