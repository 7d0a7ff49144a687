"""Saved triages: each outcome with its answers, and a clinician's clearance after a referral."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import timestamps
from coach.errors import InvalidInput
from coach.store import history
from coach.store.clearance import record_clearance, undo_clearance
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer, scope
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
    cleared_by: str
    by_client: bool = False
    error_reason: str = ""
    errored_at: datetime | None = None

    @property
    def entered_in_error(self) -> bool:
        """Marked as a mistake: it stays in the record, struck through, and no longer counts."""
        return self.errored_at is not None


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
        cleared_by=row["cleared_by"] or "",
        error_reason=row["error_reason"] or "",
        errored_at=timestamps.from_text(row["errored_at"]) if row["errored_at"] else None,
        by_client=bool(row["by_client"]),
    )


def save_triage(
    conn: Connection,
    who: Viewer,
    client_id: int,
    answers: dict[str, Any],
    result: dict[str, Any],
    when: datetime,
    *,
    by_client: bool = False,
) -> int:
    """Save a triage; `by_client` when the client ran it on their own account."""
    get_client(conn, who, client_id)
    with conn.transaction():
        triage_id = conn.insert(
            "triages",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "ts": timestamps.to_text(when),
                "level": result["level"],
                "answers": json.dumps(answers),
                "result": json.dumps(result),
                "by_client": int(by_client),
            },
        )
        history.record_change(
            conn,
            who,
            client_id,
            history.TRIAGE_SAVED,
            result["level"],
            now=when,
            record_id=triage_id,
        )
    return triage_id


def list_triages(conn: Connection, who: Viewer, client_id: int) -> list[TriageRecord]:
    """A client's triages, newest first."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT * FROM triages WHERE {condition} AND client_id = ? AND {readable('ts')}"
        " ORDER BY ts DESC, id DESC",
        (*params, client_id),
    )
    return [_record(r) for r in rows]


def latest_triage(conn: Connection, who: Viewer, client_id: int) -> TriageRecord | None:
    """A client's newest triage that counts (not entered in error), if any."""
    condition, params = scope(who)
    row = conn.one(
        f"SELECT * FROM triages WHERE {condition} AND client_id = ? AND errored_at IS NULL"
        " ORDER BY ts DESC, id DESC LIMIT 1",
        (*params, client_id),
    )
    return _record(row) if row else None


def clear_triage(
    conn: Connection,
    who: Viewer,
    triage_id: int,
    cleared_by: str,
    cleared_on: date | None,
    note: str,
    now: datetime,
) -> None:
    """Record who cleared the client after this triage, and on which day (both required)."""
    record_clearance(conn, who, "triages", triage_id, cleared_by, cleared_on, note, now)


def undo_triage_clearance(conn: Connection, who: Viewer, triage_id: int, now: datetime) -> None:
    """The triage's referral is open again, as before its clearance was recorded."""
    undo_clearance(conn, who, "triages", triage_id, now)


MAX_ERROR_REASON = 500


def mark_triage_in_error(
    conn: Connection, who: Viewer, triage_id: int, reason: str, when: datetime
) -> None:
    """Mark a saved triage entered in error, saying why. It stays in the history and stops
    counting. Raises InvalidInput without a reason, NotFound for another owner's triage."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason: say why this triage was entered in error")
    if len(reason) > MAX_ERROR_REASON:
        raise InvalidInput(f"reason: {MAX_ERROR_REASON} characters at most")
    row = owned_row(conn, "triages", who, triage_id)
    with conn.transaction():
        conn.execute(
            "UPDATE triages SET error_reason = ?, errored_at = ? WHERE id = ? AND owner_id = ?",
            (reason, timestamps.to_text(when), triage_id, who.owner_id),
        )
        history.record_change(
            conn,
            who,
            row["client_id"],
            history.TRIAGE_IN_ERROR,
            reason,
            now=when,
            record_id=triage_id,
        )
