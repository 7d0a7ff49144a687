"""The owned row or NotFound: how every write checks that an id is one the viewer may reach."""

from __future__ import annotations

from typing import Any

from coach.errors import NotFound
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope

# Tables whose rows carry an owner, what a message calls one of their rows, and the column that
# names the row's client (None: the row belongs to the whole workspace).
_KINDS = {
    "clients": ("client", "id"),
    "log_entries": ("log entry", "client_id"),
    "triages": ("triage", "client_id"),
    "plans": ("plan", "client_id"),
    "intakes": ("intake", "client_id"),
    "custom_exercises": ("exercise", None),
    "form_clips": ("clip", "client_id"),
}


def owned_row(conn: Connection, table: str, who: Viewer, row_id: int) -> dict[str, Any]:
    """The row `row_id` of `table` if `who` may reach it; raises NotFound otherwise.

    Another workspace's id, an unassigned client's id and a missing id give the same answer,
    so ids reveal nothing.
    """
    kind, client_column = _KINDS[table]
    if client_column is None:
        condition, params = "owner_id = ?", [who.owner_id]
    else:
        condition, params = scope(who, client_column)
    row = conn.one(f"SELECT * FROM {table} WHERE id = ? AND {condition}", (row_id, *params))
    if row is None:
        raise NotFound(kind)
    return row
