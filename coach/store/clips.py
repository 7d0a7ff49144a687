"""Video clips of a client's lift, attached to form checks: stored per owner and client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach import timestamps
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer, scope


@dataclass(frozen=True)
class Clip:
    id: int
    client_id: int
    exercise_id: str
    ts: datetime
    filename: str
    mime: str
    size: int


_COLUMNS = "id, client_id, exercise_id, ts, filename, mime, size"


def _clip(row: dict) -> Clip:
    return Clip(**{**row, "ts": timestamps.from_text(row["ts"])})


def add_clip(
    conn: Connection,
    who: Viewer,
    client_id: int,
    exercise_id: str,
    filename: str,
    mime: str,
    data: bytes,
    now: datetime,
) -> int:
    """Keep a clip; its type and size are checked before it gets here (`coach.uploads`)."""
    get_client(conn, who, client_id)
    with conn.transaction():
        clip_id = conn.insert(
            "form_clips",
            {
                "owner_id": who.owner_id,
                "client_id": client_id,
                "exercise_id": exercise_id,
                "ts": timestamps.to_text(now),
                "filename": filename[:200],
                "mime": mime,
                "size": len(data),
                "data": data,
            },
        )
        history.record_change(conn, who, client_id, history.CLIP_ADDED, filename[:200], now=now)
    return clip_id


def list_clips(
    conn: Connection, who: Viewer, client_id: int, exercise_id: str | None = None
) -> list[Clip]:
    """A client's clips, newest first, optionally of one lift; without their bytes."""
    condition, params = scope(who)
    sql = f"SELECT {_COLUMNS} FROM form_clips WHERE {condition} AND client_id = ?"
    params.append(client_id)
    if exercise_id:
        sql += " AND exercise_id = ?"
        params.append(exercise_id)
    return [_clip(r) for r in conn.query(sql + " ORDER BY id DESC", params)]


def clip_data(conn: Connection, who: Viewer, clip_id: int) -> bytes:
    """A clip's bytes; raises NotFound for a clip `who` may not see."""
    return owned_row(conn, "form_clips", who, clip_id)["data"]


def delete_clip(conn: Connection, who: Viewer, clip_id: int, now: datetime) -> None:
    row = owned_row(conn, "form_clips", who, clip_id)
    with conn.transaction():
        conn.execute(
            "DELETE FROM form_clips WHERE id = ? AND owner_id = ?", (clip_id, who.owner_id)
        )
        history.record_change(
            conn, who, row["client_id"], history.CLIP_DELETED, row["filename"] or "", now=now
        )
