"""Shared Streamlit UI: the one page setup every screen calls, the menu, and render helpers.

A package outside `pages/` on purpose: every `.py` directly in `pages/` becomes a page. Pages use
`import ui` and the names re-exported here; each module has one job: `setup` (page_setup,
PageContext), `access` (sign-in, sessions, personal and demo owners), `cookies` (the session
cookie), `account` (the owner's team controls and the danger zone), `erasure` (an erasure that
could not finish yet, and its retry), `menu` (menu, client picker, mode control), `layout`
(phone-only and wide-only parts), `render` (shared render helpers), `log_form` (the pain input
and the log's entry form), `triage_flow` (asking the triage questions), `triage_record` (saving a
triage, its history), `gate` (the hold on training screens), `exercises` (exercise pictures and
library cards), `editors` (editing widgets' columns and callbacks), `cache` (cached reads),
`client_view` (what a client on their own account may reach), `check_in` (a client's own check-
in), `clock` (the person's time zone, today and now), `settings` (settings and the database
path), `keys` (session-state key names).

For exercises and plans: `plan_editor` (the core plan's editor), `clips` (a client's clip beside
the form check).
"""

from ui.access import SAFETY_NOTE, sign_out, sign_out_everywhere
from ui.account import assignment_control, danger_zone, team_section
from ui.cache import load_roster
from ui.check_in import check_in_form, todays_session
from ui.clearance import clearance_form, unsaved_clearance
from ui.clips import clip_beside
from ui.clock import days_ago
from ui.editors import (
    LOG_AUTHOR_COLUMN,
    LOG_EDIT_COLUMNS,
    MAX_EDITOR_ROWS,
    log_column_config,
    toggle_session_done,
)
from ui.exercises import custom_exercises, exercise_cards, exercise_picture
from ui.gate import hold_note, hold_training
from ui.history import client_history
from ui.invite import invite_section
from ui.keys import CLIENT_ID, LAST_SEEN, NOTICE, OWNER_ID, for_client
from ui.layout import narrow_only, text_width, wide_only
from ui.log_form import log_form, log_import, pain_input
from ui.menu import CLIENT, EVERYONE, MENU, PERSON, TRAINER, make_current, menu_paths
from ui.plan_editor import plan_editor
from ui.render import (
    Citations,
    cite,
    errors_shown,
    finding_card,
    level_note,
    level_title,
    plain,
    ref,
    render_triage_result,
    safety_line,
    todays_advice,
)
from ui.session_times import session_times
from ui.settings import database
from ui.setup import PageContext, page_setup
from ui.triage_flow import (
    answered_summary,
    ask_optional,
    ask_section,
    choose_check,
    scroll_to_top,
    unsaved_outcome,
)
from ui.triage_record import history as triage_history
from ui.triage_record import save_controls

__all__ = [
    "CLIENT",
    "CLIENT_ID",
    "EVERYONE",
    "LAST_SEEN",
    "LOG_AUTHOR_COLUMN",
    "LOG_EDIT_COLUMNS",
    "MAX_EDITOR_ROWS",
    "MENU",
    "NOTICE",
    "OWNER_ID",
    "PERSON",
    "SAFETY_NOTE",
    "TRAINER",
    "Citations",
    "PageContext",
    "answered_summary",
    "ask_optional",
    "ask_section",
    "assignment_control",
    "check_in_form",
    "choose_check",
    "cite",
    "clearance_form",
    "client_history",
    "clip_beside",
    "custom_exercises",
    "danger_zone",
    "database",
    "days_ago",
    "errors_shown",
    "exercise_cards",
    "exercise_picture",
    "finding_card",
    "for_client",
    "hold_note",
    "hold_training",
    "invite_section",
    "level_note",
    "level_title",
    "load_roster",
    "log_column_config",
    "log_form",
    "log_import",
    "make_current",
    "menu_paths",
    "narrow_only",
    "page_setup",
    "pain_input",
    "plain",
    "plan_editor",
    "ref",
    "render_triage_result",
    "safety_line",
    "save_controls",
    "scroll_to_top",
    "session_times",
    "sign_out",
    "sign_out_everywhere",
    "team_section",
    "text_width",
    "todays_advice",
    "todays_session",
    "toggle_session_done",
    "triage_history",
    "unsaved_clearance",
    "unsaved_outcome",
    "wide_only",
]
