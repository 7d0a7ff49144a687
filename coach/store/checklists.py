"""Form checks and completed warm-ups of a client."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach import timestamps
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope
from coach.store.window import readable


@dataclass(frozen=True)
class FormCheckRecord:
    id: int
    client_id: int
    ts: datetime
    exercise_id: str
    faults: tuple[str, ...]
    load_kg: float | None
    score: int


def save_form_check(
    conn: Connection,
    who: Viewer,
    client_id: int,
    exercise_id: str,
    faults: list[str],
    score: int,
    load_kg: float | None,
    when: datetime,
) -> int:
    get_client(conn, who, client_id)
    with conn.transaction():
        check_id = conn.insert(
            "form_checks",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "ts": timestamps.to_text(when),
                "exercise_id": exercise_id,
                "faults": json.dumps(faults),
                "load_kg": load_kg,
                "score": score,
            },
        )
        history.record_change(
            conn, who, client_id, history.FORM_CHECK_SAVED, f"{score}/100", now=when
        )
    return check_id


def _form_check(row: dict[str, Any]) -> FormCheckRecord:
    return FormCheckRecord(
        id=row["id"],
        client_id=row["client_id"],
        ts=timestamps.from_text(row["ts"]),
        exercise_id=row["exercise_id"],
        faults=tuple(json.loads(row["faults"])),
        load_kg=row["load_kg"],
        score=row["score"],
    )


def list_form_checks(
    conn: Connection, who: Viewer, client_id: int, exercise_id: str | None = None
) -> list[FormCheckRecord]:
    """A client's form checks, newest first, optionally for one exercise."""
    condition, params = scope(who)
    sql = f"SELECT * FROM form_checks WHERE {condition} AND client_id = ? AND {readable('ts')}"
    params.append(client_id)
    if exercise_id:
        sql += " AND exercise_id = ?"
        params.append(exercise_id)
    return [_form_check(r) for r in conn.query(sql + " ORDER BY ts DESC, id DESC", params)]


def record_warmup(
    conn: Connection,
    who: Viewer,
    client_id: int,
    day: date,
    session_type: str,
    minutes: int,
    now: datetime,
) -> None:
    """Log a completed warm-up and mark that day's sessions as warmed up, which trends read."""
    get_client(conn, who, client_id)
    with conn.transaction():
        conn.insert(
            "warmups",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "day": day.isoformat(),
                "session_type": session_type,
                "minutes": minutes,
                "completed_at": timestamps.to_text(now),
            },
        )
        conn.execute(
            "UPDATE log_entries SET warmed_up = 1 WHERE owner_id = ? AND client_id = ?"
            " AND ts >= ? AND ts < ? AND session_type <> 'check_in'",
            (who.owner_id, client_id, day.isoformat(), (day + timedelta(days=1)).isoformat()),
        )
        history.record_change(conn, who, client_id, history.WARMUP_RECORDED, now=now, day=day)


def warmup_days(conn: Connection, who: Viewer, client_id: int, since: date) -> set[date]:
    """The days on or after `since` with a completed warm-up."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT DISTINCT day FROM warmups WHERE {condition} AND client_id = ? AND day >= ?"
        f" AND {readable('day')}",
        (*params, client_id, since.isoformat()),
    )
    return {date.fromisoformat(r["day"]) for r in rows}
