"""Core plan versions (the newest is current) and the sessions marked done."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import timestamps
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer, scope
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
    who: Viewer,
    client_id: int,
    plan: dict[str, Any],
    start_day: date,
    note: str,
    now: datetime,
) -> int:
    """Store a new plan version; earlier versions are kept, the newest is the current one."""
    get_client(conn, who, client_id)
    with conn.transaction():
        plan_id = conn.insert(
            "plans",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "created": timestamps.to_text(now),
                "start_day": start_day.isoformat(),
                "plan": json.dumps(plan),
                "note": note,
            },
        )
        history.record_change(conn, who, client_id, history.PLAN_SAVED, now=now, day=start_day)
    return plan_id


def list_plans(conn: Connection, who: Viewer, client_id: int) -> list[PlanRecord]:
    """A client's plan versions, newest first."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT * FROM plans WHERE {condition} AND client_id = ?"
        f" AND {readable('start_day')} AND {readable('created')}"
        " ORDER BY id DESC",
        (*params, client_id),
    )
    return [plan_record(r) for r in rows]


def current_plan(conn: Connection, who: Viewer, client_id: int) -> PlanRecord | None:
    condition, params = scope(who)
    row = conn.one(
        f"SELECT * FROM plans WHERE {condition} AND client_id = ?"
        f" AND {readable('start_day')} AND {readable('created')}"
        " ORDER BY id DESC LIMIT 1",
        (*params, client_id),
    )
    return plan_record(row) if row else None


def set_session_done(
    conn: Connection,
    who: Viewer,
    plan_id: int,
    week: int,
    session: int,
    done: bool,
    now: datetime,
) -> None:
    """Mark one plan session done (on the date of `now`, in the person's zone) or not done."""
    today = now.date()
    client_id = owned_row(conn, "plans", who, plan_id)["client_id"]
    with conn.transaction():
        if done:
            conn.execute(
                "INSERT INTO plan_sessions_done (owner_id, plan_id, week, session, done_on)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (who.owner_id, plan_id, week, session, today.isoformat()),
            )
        else:
            conn.execute(
                "DELETE FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ? AND week = ?"
                " AND session = ?",
                (who.owner_id, plan_id, week, session),
            )
        history.record_change(
            conn,
            who,
            client_id,
            history.PLAN_SESSION_MARKED,
            f"{week}.{session + 1}",
            now=now,
            day=today,
        )


def sessions_done(conn: Connection, who: Viewer, plan_id: int) -> set[tuple[int, int]]:
    """(week, session) pairs marked done for a plan."""
    condition, params = scope(who)
    rows = conn.query(
        "SELECT week, session FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ?"
        f" AND plan_id IN (SELECT id FROM plans WHERE {condition})",
        (who.owner_id, plan_id, *params),
    )
    return {(r["week"], r["session"]) for r in rows}
