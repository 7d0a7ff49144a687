"""Erasure: a client or a whole owner, with every row that belongs to them, gone for good."""

from __future__ import annotations

import time
from pathlib import Path

from coach.errors import ErasureUnfinished
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import BUSY_TIMEOUT_SECONDS, Connection
from coach.store.departures import Farewell, keep_before_erasing_client, keep_before_erasing_owner
from coach.store.viewer import Viewer

# Children before parents, so foreign keys hold at every step.
_CLIENT_TABLES = (
    "assignments",
    "client_history",
    "log_entries",
    "triages",
    "form_checks",
    "form_clips",
    "warmups",
    "intakes",
    "invitations",
    "client_accounts",
    "roster_seen",
)
_OWNER_TABLES = (
    "plan_sessions_done",
    *_CLIENT_TABLES,
    "plans",
    "browser_sessions",
    "clients",
    "custom_exercises",
    "kept_copies",
    "accounts",
)
# A checkpoint that waits for readers also holds off every writer while it waits, so it waits
# briefly a few times (writers get their turn in between) rather than for the busy timeout.
CHECKPOINT_WAIT_MS = 100
CHECKPOINT_ATTEMPTS = 4
CHECKPOINT_PAUSE_SECONDS = 0.1


def erase_client(conn: Connection, who: Viewer, client_id: int, farewell: Farewell) -> None:
    """Delete a client `who` sees and everything that belongs to it, then scrub the freed pages.
    A client's own account linked to the record keeps its copy of their data (`departures`).

    Raises ErasureUnfinished when the rows are gone but SQLite's journal still holds copies
    (another reader blocked the checkpoint); `finish_erasure` tries again.
    """
    get_client(conn, who, client_id)
    owner_id = who.owner_id
    with conn.transaction():
        keep_before_erasing_client(conn, owner_id, client_id, farewell)
        conn.execute(
            "DELETE FROM plan_sessions_done WHERE plan_id IN"
            " (SELECT id FROM plans WHERE owner_id = ? AND client_id = ?)",
            (owner_id, client_id),
        )
        for table in (*_CLIENT_TABLES, "plans"):
            conn.execute(
                f"DELETE FROM {table} WHERE owner_id = ? AND client_id = ?", (owner_id, client_id)
            )
        conn.execute(  # a browser that last picked them starts on another client
            "UPDATE browser_sessions SET client_id = NULL WHERE owner_id = ? AND client_id = ?",
            (owner_id, client_id),
        )
        conn.execute(
            "UPDATE owners SET client_id = NULL WHERE id = ? AND client_id = ?",
            (owner_id, client_id),
        )
        conn.execute("DELETE FROM clients WHERE owner_id = ? AND id = ?", (owner_id, client_id))
        history.record_change(conn, who, None, history.ERASED, now=farewell.now)
    tables = ("plan_sessions_done", *_CLIENT_TABLES, "plans", "clients", "owners")
    _scrub(conn, tables, "The client was")


def erase_owner(conn: Connection, owner_id: str, farewell: Farewell) -> None:
    """Delete an owner's account and every row it owns (a client's own account: its kept copy
    too); clients linked into this workspace keep theirs. Raises ErasureUnfinished as above."""
    with conn.transaction():
        keep_before_erasing_owner(conn, owner_id, farewell)
        # A client's own account may be linked to a record in another owner's workspace.
        conn.execute(
            "DELETE FROM client_accounts WHERE account_id IN"
            " (SELECT id FROM accounts WHERE owner_id = ?)",
            (owner_id,),
        )
        for table in _OWNER_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE owner_id = ?", (owner_id,))
        conn.execute("DELETE FROM owners WHERE id = ?", (owner_id,))
    _scrub(conn, (*_OWNER_TABLES, "owners"), "The account and its data were")


def erase_kept_copy(conn: Connection, account_id: int) -> bool:
    """The client deletes the copy kept for them; True when there was one. Raises
    ErasureUnfinished as above."""
    if not conn.execute("DELETE FROM kept_copies WHERE account_id = ?", (account_id,)):
        return False
    _scrub(conn, ("kept_copies",), "Your copy was")
    return True


def finish_erasure(conn: Connection) -> None:
    """Try again to wipe what earlier erasures left in SQLite's journal; raises
    ErasureUnfinished while another reader still holds it. Nothing to do on PostgreSQL."""
    if conn.dialect == "sqlite":
        _checkpoint(conn, "Records were")


def _scrub(conn: Connection, tables: tuple[str, ...], what: str) -> None:
    """Leave no copy of deleted rows that a database reader could reach.

    SQLite: secure_delete zeroed them in the pages; a checkpoint that moves the whole WAL into
    the main file and truncates it drops the copies the WAL holds.
    PostgreSQL keeps a deleted row's old version in the table until VACUUM removes it; we run
    VACUUM on the tables we touched (it cannot run inside a transaction). The freed bytes stay in
    the data files until new rows overwrite them, and in WAL and backups until those are
    recycled: the README's erasure section says what to do where that matters.
    """
    if conn.dialect == "sqlite":
        _checkpoint(conn, what)
    else:
        conn.execute(f"VACUUM {', '.join(tables)}")


def _checkpoint(conn: Connection, what: str) -> None:
    """Move every WAL frame into the main file and truncate the WAL, or raise
    ErasureUnfinished. Verified, not assumed: the checkpoint must report no reader in the way
    and every frame moved, and the WAL file must be empty afterwards."""
    conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    try:
        for attempt in range(CHECKPOINT_ATTEMPTS):
            if attempt:
                time.sleep(CHECKPOINT_PAUSE_SECONDS)
            result = conn.one("PRAGMA wal_checkpoint(TRUNCATE)") or {}
            done = result.get("busy") == 0 and result.get("log") == result.get("checkpointed")
            if done and _wal_bytes(conn) == 0:
                return
    finally:
        conn.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT_SECONDS * 1000)}")
    raise ErasureUnfinished(what)


def _wal_bytes(conn: Connection) -> int:
    """The size of the main database's WAL file (none counts as empty)."""
    main = conn.one("PRAGMA database_list")
    wal = Path(f"{main['file']}-wal") if main and main["file"] else None
    return wal.stat().st_size if wal and wal.exists() else 0
