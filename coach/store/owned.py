"""The owned row or NotFound: how every write checks that an id belongs to the caller's owner."""

from __future__ import annotations

from typing import Any

from coach.errors import NotFound
from coach.store.connection import Connection

# Tables whose rows carry an owner, and what a message calls one of their rows.
_KINDS = {
    "clients": "client",
    "log_entries": "log entry",
    "triages": "triage",
    "plans": "plan",
    "intakes": "intake",
    "custom_exercises": "exercise",
    "form_clips": "clip",
}


def owned_row(conn: Connection, table: str, owner_id: str, row_id: int) -> dict[str, Any]:
    """The row `row_id` of `table` if `owner_id` owns it; raises NotFound otherwise.

    Someone else's id and a missing id give the same answer, so ids reveal nothing.
    """
    kind = _KINDS[table]
    row = conn.one(f"SELECT * FROM {table} WHERE id = ? AND owner_id = ?", (row_id, owner_id))
    if row is None:
        raise NotFound(f"{kind} {row_id}: not found")
    return row
