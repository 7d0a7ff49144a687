"""Saved triages: each outcome with its answers, and a clinician's clearance after a referral."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row


def save_triage(
    conn: Connection,
    owner_id: str,
    client_id: int,
    answers: dict[str, Any],
    result: dict[str, Any],
    when: datetime | None = None,
) -> int:
    get_client(conn, owner_id, client_id)
    return conn.insert(
        "triages",
        {
            "owner_id": owner_id,
            "client_id": client_id,
            "ts": timestamps.to_text(when or timestamps.utc_now()),
            "level": result["level"],
            "answers": json.dumps(answers),
            "result": json.dumps(result),
        },
    )


def list_triages(conn: Connection, owner_id: str, client_id: int) -> list[dict[str, Any]]:
    """A client's triages, newest first, with answers and result decoded."""
    rows = conn.query(
        "SELECT * FROM triages WHERE owner_id = ? AND client_id = ? ORDER BY ts DESC, id DESC",
        (owner_id, client_id),
    )
    return [
        {**r, "answers": json.loads(r["answers"]), "result": json.loads(r["result"])} for r in rows
    ]


def clear_triage(
    conn: Connection, owner_id: str, triage_id: int, cleared_on: str, note: str
) -> None:
    """Record that a clinician cleared the client after this triage."""
    owned_row(conn, "triages", owner_id, triage_id)
    conn.execute(
        "UPDATE triages SET cleared_on = ?, cleared_note = ? WHERE id = ? AND owner_id = ?",
        (cleared_on, note, triage_id, owner_id),
    )
