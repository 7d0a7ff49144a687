"""Erasure: a client or a whole owner, with every row that belongs to them, gone from the file."""

from __future__ import annotations

from coach.store.clients import get_client
from coach.store.connection import Connection

# Children before parents, so foreign keys hold at every step.
_CLIENT_TABLES = ("log_entries", "triages", "form_checks", "form_clips", "warmups", "intakes")


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
    _scrub(conn)


def erase_owner(conn: Connection, owner_id: str) -> None:
    """Delete an owner's account and every row it owns."""
    with conn.transaction():
        for table in (
            "plan_sessions_done",
            *_CLIENT_TABLES,
            "plans",
            "clients",
            "custom_exercises",
            "browser_sessions",
            "accounts",
        ):
            conn.execute(f"DELETE FROM {table} WHERE owner_id = ?", (owner_id,))
        conn.execute("DELETE FROM owners WHERE id = ?", (owner_id,))
    _scrub(conn)


def _scrub(conn: Connection) -> None:
    """Move SQLite's WAL into the main file so deleted rows, zeroed by secure_delete, leave no
    copy behind. Other backends keep their own storage rules (PostgreSQL: until VACUUM)."""
    if conn.dialect == "sqlite":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
