"""The store: the only package that talks to the database.

Every function takes the connection and the owner, and every query is scoped by that owner, so
isolation between accounts is part of each signature rather than something a page can forget.
`connection` is the seam (open, pragmas, transactions, the few operations queries use);
`migrations` the schema history; the other modules hold one topic's queries each. Pages and
`coach` modules use the names re-exported here: `from coach import store; store.add_client(...)`.
"""

from coach.store.accounts import (
    LOCAL_OWNER,
    OWNER_KINDS,
    Account,
    Credentials,
    account_for_email,
    account_for_owner,
    add_account,
    credentials,
    ensure_owner,
    expired_demo_owners,
    has_accounts,
    owner_exists,
    owner_kind,
    owner_revision,
    set_demo_expiry,
    set_owner_kind,
    set_sign_in_state,
    username_taken,
)
from coach.store.checklists import list_form_checks, record_warmup, save_form_check, warmup_days
from coach.store.clients import (
    add_client,
    client_names,
    get_client,
    list_clients,
    set_archived,
    update_client,
)
from coach.store.connection import (
    DEFAULT_DB_PATH,
    Connection,
    analyze,
    connect,
    db_path,
    migrate,
    open_db,
)
from coach.store.erasure import erase_client, erase_owner
from coach.store.intake import clear_intake, latest_intake, save_intake
from coach.store.log import (
    add_entries,
    add_entry,
    apply_log_edits,
    entries_frame,
    first_entry_date,
    recent_entries,
)
from coach.store.plans import (
    current_plan,
    list_plans,
    save_plan,
    sessions_done,
    set_session_done,
)
from coach.store.portability import client_records, import_client
from coach.store.roster import (
    intakes_for_owner,
    last_entry_per_client,
    owner_entries_since,
    plans_for_owner,
    triages_for_owner,
)
from coach.store.triage import clear_triage, list_triages, save_triage

__all__ = [
    "DEFAULT_DB_PATH",
    "LOCAL_OWNER",
    "OWNER_KINDS",
    "Account",
    "Connection",
    "Credentials",
    "account_for_email",
    "account_for_owner",
    "add_account",
    "add_client",
    "add_entries",
    "add_entry",
    "analyze",
    "apply_log_edits",
    "clear_intake",
    "clear_triage",
    "client_names",
    "client_records",
    "connect",
    "credentials",
    "current_plan",
    "db_path",
    "ensure_owner",
    "entries_frame",
    "erase_client",
    "erase_owner",
    "expired_demo_owners",
    "first_entry_date",
    "get_client",
    "has_accounts",
    "import_client",
    "intakes_for_owner",
    "last_entry_per_client",
    "latest_intake",
    "list_clients",
    "list_form_checks",
    "list_plans",
    "list_triages",
    "migrate",
    "open_db",
    "owner_entries_since",
    "owner_exists",
    "owner_kind",
    "owner_revision",
    "plans_for_owner",
    "recent_entries",
    "record_warmup",
    "save_form_check",
    "save_intake",
    "save_plan",
    "save_triage",
    "sessions_done",
    "set_archived",
    "set_demo_expiry",
    "set_owner_kind",
    "set_session_done",
    "set_sign_in_state",
    "triages_for_owner",
    "update_client",
    "username_taken",
    "warmup_days",
]
