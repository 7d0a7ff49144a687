"""The rows an export carries and an import writes: every record of a client, without ids.

Ids and owners never leave the database: an import creates fresh ones, so two workspaces never
share them. Only the columns listed here are read or written, so an export file cannot name a
column of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coach import timestamps
from coach.errors import InvalidInput
from coach.logbook import ENTRY_FIELDS
from coach.profiles import Profile
from coach.store import history
from coach.store.clients import add_client
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope

# What an export holds of each kind of record, in the tables' column order.
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "log_entries": ENTRY_FIELDS,
    "triages": (
        "ts",
        "level",
        "answers",
        "result",
        "cleared_on",
        "cleared_note",
        "cleared_by",
        "error_reason",
        "errored_at",
    ),
    "form_checks": ("ts", "exercise_id", "faults", "load_kg", "score"),
    "warmups": ("day", "session_type", "minutes", "completed_at"),
    "intakes": ("ts", "answers", "outcome", "reasons", "cleared_on", "cleared_note", "cleared_by"),
}
PLAN_COLUMNS = ("created", "start_day", "plan", "note")
DONE_COLUMNS = ("week", "session", "done_on")

Row = dict[str, Any]


def client_records(conn: Connection, who: Viewer, client_id: int) -> dict[str, list[Row]]:
    """Every record of one client by kind, oldest first; `plans` rows carry their `done` rows."""
    condition, params = scope(who)
    records = {
        table: conn.query(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {condition} AND client_id = ?"
            " ORDER BY id",
            (*params, client_id),
        )
        for table, columns in CHILD_COLUMNS.items()
    }
    plans = conn.query(
        f"SELECT id, {', '.join(PLAN_COLUMNS)} FROM plans WHERE {condition} AND client_id = ?"
        " ORDER BY id",
        (*params, client_id),
    )
    records["plans"] = [
        {
            **{k: v for k, v in plan.items() if k != "id"},
            "done": conn.query(
                f"SELECT {', '.join(DONE_COLUMNS)} FROM plan_sessions_done"
                " WHERE owner_id = ? AND plan_id = ? ORDER BY id",
                (who.owner_id, plan["id"]),
            ),
        }
        for plan in plans
    ]
    return records


def _checked(table: str, row: Row, columns: tuple[str, ...]) -> Row:
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise InvalidInput(f"{table}: unknown field {unknown[0]!r}")
    return row


def import_client(
    conn: Connection,
    who: Viewer,
    profile: Profile,
    archived: bool,
    created: datetime,
    records: dict[str, list[Row]],
    now: datetime,
) -> int:
    """Add one exported client and its records to the workspace (a trainer's import is assigned
    to them, as any client they add); returns the new client's id. It keeps its `created`; its
    history here starts `now`.

    Call inside a transaction: a failure part way leaves rows that only a rollback removes.
    """
    client_id = add_client(conn, who, profile, now).id
    history.record_change(conn, who, client_id, history.IMPORTED, now=now)
    owner_id = who.owner_id
    conn.execute(
        "UPDATE clients SET archived = ?, created = ? WHERE id = ? AND owner_id = ?",
        (int(archived), timestamps.to_text(created), client_id, owner_id),
    )
    ids = {"owner_id": owner_id, "client_id": client_id}
    for table, columns in CHILD_COLUMNS.items():
        conn.insert_many(table, [{**_checked(table, r, columns), **ids} for r in records[table]])
    for plan in records["plans"]:
        row = {k: v for k, v in plan.items() if k != "done"}
        plan_id = conn.insert("plans", {**_checked("plans", row, PLAN_COLUMNS), **ids})
        conn.insert_many(
            "plan_sessions_done",
            [
                {
                    **_checked("plan_sessions_done", d, DONE_COLUMNS),
                    "owner_id": owner_id,
                    "plan_id": plan_id,
                }
                for d in plan["done"]
            ],
        )
    return client_id
