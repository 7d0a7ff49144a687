"""Saved triages: each outcome with its answers, and a clinician's clearance after a referral."""

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
class TriageRecord:
    """One saved triage; `answers` and `result` are the documents as the triage wrote them."""

    id: int
    client_id: int
    ts: datetime
    level: str
    answers: dict[str, Any]
    result: dict[str, Any]
    cleared_on: date | None
    cleared_note: str


def _record(row: dict[str, Any]) -> TriageRecord:
    return TriageRecord(
        id=row["id"],
        client_id=row["client_id"],
        ts=timestamps.from_text(row["ts"]),
        level=row["level"],
        answers=json.loads(row["answers"]),
        result=json.loads(row["result"]),
        cleared_on=date.fromisoformat(row["cleared_on"]) if row["cleared_on"] else None,
        cleared_note=row["cleared_note"] or "",
    )


def save_triage(
    conn: Connection,
    owner_id: str,
    client_id: int,
    answers: dict[str, Any],
    result: dict[str, Any],
    when: datetime,
) -> int:
    get_client(conn, owner_id, client_id)
    return conn.insert(
        "triages",
        {
            "owner_id": owner_id,
            "client_id": client_id,
            "ts": timestamps.to_text(when),
            "level": result["level"],
            "answers": json.dumps(answers),
            "result": json.dumps(result),
        },
    )


def list_triages(conn: Connection, owner_id: str, client_id: int) -> list[TriageRecord]:
    """A client's triages, newest first."""
    rows = conn.query(
        f"SELECT * FROM triages WHERE owner_id = ? AND client_id = ? AND {readable('ts')}"
        " ORDER BY ts DESC, id DESC",
        (owner_id, client_id),
    )
    return [_record(r) for r in rows]


def latest_triage(conn: Connection, owner_id: str, client_id: int) -> TriageRecord | None:
    """A client's newest triage, if any."""
    row = conn.one(
        "SELECT * FROM triages WHERE owner_id = ? AND client_id = ? ORDER BY ts DESC, id DESC"
        " LIMIT 1",
        (owner_id, client_id),
    )
    return _record(row) if row else None


def clear_triage(
    conn: Connection, owner_id: str, triage_id: int, cleared_on: date, note: str
) -> None:
    """Record that a clinician cleared the client after this triage."""
    owned_row(conn, "triages", owner_id, triage_id)
    conn.execute(
        "UPDATE triages SET cleared_on = ?, cleared_note = ? WHERE id = ? AND owner_id = ?",
        (cleared_on.isoformat(), note, triage_id, owner_id),
    )
