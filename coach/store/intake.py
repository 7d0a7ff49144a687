"""Saved intakes: the readiness screen before a first session, and a doctor's clearance."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row


def save_intake(
    conn: Connection,
    owner_id: str,
    client_id: int,
    answers: dict[str, bool],
    outcome: str,
    reasons: list[str],
    when: datetime | None = None,
) -> int:
    get_client(conn, owner_id, client_id)
    return conn.insert(
        "intakes",
        {
            "owner_id": owner_id,
            "client_id": client_id,
            "ts": timestamps.to_text(when or timestamps.utc_now()),
            "answers": json.dumps(answers),
            "outcome": outcome,
            "reasons": json.dumps(reasons),
        },
    )


def latest_intake(conn: Connection, owner_id: str, client_id: int) -> dict[str, Any] | None:
    row = conn.one(
        "SELECT * FROM intakes WHERE owner_id = ? AND client_id = ? ORDER BY id DESC LIMIT 1",
        (owner_id, client_id),
    )
    return {**row, "reasons": json.loads(row["reasons"])} if row else None


def clear_intake(
    conn: Connection, owner_id: str, intake_id: int, cleared_on: str, note: str
) -> None:
    """Record that a doctor cleared the client to start after this intake."""
    owned_row(conn, "intakes", owner_id, intake_id)
    conn.execute(
        "UPDATE intakes SET cleared_on = ?, cleared_note = ? WHERE id = ? AND owner_id = ?",
        (cleared_on, note, intake_id, owner_id),
    )
