"""Saved intakes: the readiness screen before a first session, and a doctor's clearance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import timestamps
from coach.store import history
from coach.store.clearance import record_clearance, undo_clearance
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope
from coach.store.window import readable


@dataclass(frozen=True)
class IntakeRecord:
    id: int
    client_id: int
    ts: datetime
    answers: dict[str, bool]
    outcome: str
    reasons: tuple[str, ...]
    cleared_on: date | None
    cleared_note: str
    cleared_by: str
    by_client: bool = False


def intake_record(row: dict[str, Any]) -> IntakeRecord:
    return IntakeRecord(
        id=row["id"],
        client_id=row["client_id"],
        ts=timestamps.from_text(row["ts"]),
        answers=json.loads(row["answers"]),
        outcome=row["outcome"],
        reasons=tuple(json.loads(row["reasons"])),
        cleared_on=date.fromisoformat(row["cleared_on"]) if row["cleared_on"] else None,
        cleared_note=row["cleared_note"] or "",
        cleared_by=row["cleared_by"] or "",
        by_client=bool(row["by_client"]),
    )


def save_intake(
    conn: Connection,
    who: Viewer,
    client_id: int,
    answers: dict[str, bool],
    outcome: str,
    reasons: list[str],
    when: datetime,
    *,
    by_client: bool = False,
) -> int:
    """Save an intake; `by_client` when the client answered it on their own account."""
    get_client(conn, who, client_id)
    with conn.transaction():
        intake_id = conn.insert(
            "intakes",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "ts": timestamps.to_text(when),
                "answers": json.dumps(answers),
                "outcome": outcome,
                "reasons": json.dumps(reasons),
                "by_client": int(by_client),
            },
        )
        history.record_change(
            conn, who, client_id, history.INTAKE_SAVED, outcome, now=when, record_id=intake_id
        )
    return intake_id


def latest_intake(conn: Connection, who: Viewer, client_id: int) -> IntakeRecord | None:
    condition, params = scope(who)
    row = conn.one(
        f"SELECT * FROM intakes WHERE {condition} AND client_id = ? AND {readable('ts')}"
        " ORDER BY id DESC LIMIT 1",
        (*params, client_id),
    )
    return intake_record(row) if row else None


def clear_intake(
    conn: Connection,
    who: Viewer,
    intake_id: int,
    cleared_by: str,
    cleared_on: date | None,
    note: str,
    now: datetime,
) -> None:
    """Record who cleared the client to start after this intake, and on which day (required)."""
    record_clearance(conn, who, "intakes", intake_id, cleared_by, cleared_on, note, now)


def undo_intake_clearance(conn: Connection, who: Viewer, intake_id: int, now: datetime) -> None:
    """The intake needs its clearance again, as before it was recorded."""
    undo_clearance(conn, who, "intakes", intake_id, now)
