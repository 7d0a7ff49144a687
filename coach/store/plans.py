"""Core plan versions (the newest is current) and the sessions marked done."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import timestamps
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.window import readable


@dataclass(frozen=True)
class PlanRecord:
    """One saved plan version; `plan` is the document `coach.plans.Plan.to_dict()` wrote."""

    id: int
    client_id: int
    created: datetime
    start_day: date
    plan: dict[str, Any]
    note: str


def plan_record(row: dict[str, Any]) -> PlanRecord:
    return PlanRecord(
        id=row["id"],
        client_id=row["client_id"],
        created=timestamps.from_text(row["created"]),
        start_day=date.fromisoformat(row["start_day"]),
        plan=json.loads(row["plan"]),
        note=row["note"] or "",
    )


def save_plan(
    conn: Connection,
    owner_id: str,
    client_id: int,
    plan: dict[str, Any],
    start_day: date,
    note: str,
    now: datetime,
) -> int:
    """Store a new plan version; earlier versions are kept, the newest is the current one."""
    get_client(conn, owner_id, client_id)
    return conn.insert(
        "plans",
        {
            "owner_id": owner_id,
            "client_id": client_id,
            "created": timestamps.to_text(now),
            "start_day": start_day.isoformat(),
            "plan": json.dumps(plan),
            "note": note,
        },
    )


def list_plans(conn: Connection, owner_id: str, client_id: int) -> list[PlanRecord]:
    """A client's plan versions, newest first."""
    rows = conn.query(
        "SELECT * FROM plans WHERE owner_id = ? AND client_id = ?"
        f" AND {readable('start_day')} AND {readable('created')}"
        " ORDER BY id DESC",
        (owner_id, client_id),
    )
    return [plan_record(r) for r in rows]


def current_plan(conn: Connection, owner_id: str, client_id: int) -> PlanRecord | None:
    row = conn.one(
        "SELECT * FROM plans WHERE owner_id = ? AND client_id = ?"
        f" AND {readable('start_day')} AND {readable('created')}"
        " ORDER BY id DESC LIMIT 1",
        (owner_id, client_id),
    )
    return plan_record(row) if row else None


def set_session_done(
    conn: Connection,
    owner_id: str,
    plan_id: int,
    week: int,
    session: int,
    done: bool,
    today: date,
) -> None:
    """Mark one plan session done (on `today`, the person's date) or not done."""
    owned_row(conn, "plans", owner_id, plan_id)
    if done:
        conn.execute(
            "INSERT INTO plan_sessions_done (owner_id, plan_id, week, session, done_on)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (owner_id, plan_id, week, session, today.isoformat()),
        )
    else:
        conn.execute(
            "DELETE FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ? AND week = ?"
            " AND session = ?",
            (owner_id, plan_id, week, session),
        )


def sessions_done(conn: Connection, owner_id: str, plan_id: int) -> set[tuple[int, int]]:
    """(week, session) pairs marked done for a plan."""
    rows = conn.query(
        "SELECT week, session FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ?",
        (owner_id, plan_id),
    )
    return {(r["week"], r["session"]) for r in rows}
