"""Erasure: a client or a whole owner, with every row that belongs to them, gone for good."""

from __future__ import annotations

from coach.store.clients import get_client
from coach.store.connection import Connection

# Children before parents, so foreign keys hold at every step.
_CLIENT_TABLES = (
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
    "clients",
    "custom_exercises",
    "browser_sessions",
    "accounts",
)


def erase_client(conn: Connection, owner_id: str, client_id: int) -> None:
    """Delete a client and everything that belongs to it, then scrub the freed pages."""
    get_client(conn, owner_id, client_id)
    with conn.transaction():
        conn.execute(
            "DELETE FROM plan_sessions_done WHERE plan_id IN"
            " (SELECT id FROM plans WHERE owner_id = ? AND client_id = ?)",
            (owner_id, client_id),
        )
        for table in (*_CLIENT_TABLES, "plans"):
            conn.execute(
                f"DELETE FROM {table} WHERE owner_id = ? AND client_id = ?", (owner_id, client_id)
            )
        conn.execute("DELETE FROM clients WHERE owner_id = ? AND id = ?", (owner_id, client_id))
    _scrub(conn, ("plan_sessions_done", *_CLIENT_TABLES, "plans", "clients", "owners"))


def erase_owner(conn: Connection, owner_id: str) -> None:
    """Delete an owner's account and every row it owns."""
    with conn.transaction():
        # A client's own account may be linked to a record in another owner's workspace.
        conn.execute(
            "DELETE FROM client_accounts WHERE account_id IN"
            " (SELECT id FROM accounts WHERE owner_id = ?)",
            (owner_id,),
        )
        for table in _OWNER_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE owner_id = ?", (owner_id,))
        conn.execute("DELETE FROM owners WHERE id = ?", (owner_id,))
    _scrub(conn, (*_OWNER_TABLES, "owners"))


def _scrub(conn: Connection, tables: tuple[str, ...]) -> None:
    """Leave no copy of deleted rows that a database reader could reach.

    SQLite: secure_delete zeroed them; moving the WAL into the main file drops its copies.
    PostgreSQL keeps a deleted row's old version in the table until VACUUM removes it; we run
    VACUUM on the tables we touched (it cannot run inside a transaction). The freed bytes stay in
    the data files until new rows overwrite them, and in WAL and backups until those are
    recycled: the README's erasure section says what to do where that matters.
    """
    if conn.dialect == "sqlite":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        conn.execute(f"VACUUM {', '.join(tables)}")
