"""Pain and workout log entries: all-or-nothing writes, table edits, and reads by time.

An entry's time is the wall-clock time the person gave, not an instant (see coach.timestamps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from coach import dates
from coach.logbook import ENTRY_FIELDS, TIME_FORMAT, LogEntry
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer, scope
from coach.store.window import readable

WRITE_BATCH = 1_000
_LOG_COLUMNS = ["id", "owner_id", "client_id", *ENTRY_FIELDS, "by_client"]


def add_entries(
    conn: Connection,
    who: Viewer,
    client_id: int,
    entries: Iterable[LogEntry],
    now: datetime,
    on_progress: Callable[[float], None] | None = None,
    *,
    by_client: bool = False,
) -> int:
    """Write entries in one transaction: all of them, or none if anything fails.

    `by_client` marks entries the client wrote on their own account, for the trainer to see."""
    get_client(conn, who, client_id)
    author = {"owner_id": who.owner_id, "client_id": client_id, "by_client": int(by_client)}
    rows = [{**e.to_row(), **author} for e in entries]
    with conn.transaction():
        for start in range(0, len(rows), WRITE_BATCH):
            conn.insert_many("log_entries", rows[start : start + WRITE_BATCH])
            if on_progress:
                on_progress(min(1.0, (start + WRITE_BATCH) / len(rows)))
        history.record_change(conn, who, client_id, history.LOG_ADDED, str(len(rows)), now=now)
    return len(rows)


def add_entry(
    conn: Connection,
    who: Viewer,
    client_id: int,
    entry: LogEntry,
    now: datetime,
    *,
    by_client: bool = False,
) -> None:
    add_entries(conn, who, client_id, [entry], now, by_client=by_client)


def apply_log_edits(
    conn: Connection,
    who: Viewer,
    updates: dict[int, LogEntry],
    deletions: Iterable[int],
    now: datetime,
) -> None:
    """Apply a table's edits and deletions together: one bad id and nothing changes."""
    changed: dict[int, int] = {}  # entries changed, by client
    with conn.transaction():
        for entry_id, entry in updates.items():
            client_id = owned_row(conn, "log_entries", who, entry_id)["client_id"]
            changed[client_id] = changed.get(client_id, 0) + 1
            row = entry.to_row()
            conn.execute(
                f"UPDATE log_entries SET {', '.join(f'{k} = ?' for k in row)}"
                " WHERE id = ? AND owner_id = ?",
                (*row.values(), entry_id, who.owner_id),
            )
        for entry_id in deletions:
            client_id = owned_row(conn, "log_entries", who, entry_id)["client_id"]
            changed[client_id] = changed.get(client_id, 0) + 1
            conn.execute(
                "DELETE FROM log_entries WHERE id = ? AND owner_id = ?", (entry_id, who.owner_id)
            )
        for client_id, count in changed.items():
            history.record_change(conn, who, client_id, history.LOG_EDITED, str(count), now=now)


def entries_frame(
    conn: Connection,
    who: Viewer,
    client_id: int,
    start: datetime | None = None,
    end: datetime | None = None,
) -> pd.DataFrame:
    """A client's log by time, with `date` parsed; served by the (owner, client, ts) index."""
    condition, params = scope(who)
    sql = f"SELECT * FROM log_entries WHERE {condition} AND client_id = ? AND {readable('ts')}"
    params.append(client_id)
    if start is not None:
        sql += " AND ts >= ?"
        params.append(start.strftime(TIME_FORMAT))
    if end is not None:
        sql += " AND ts < ?"
        params.append(end.strftime(TIME_FORMAT))
    frame = pd.DataFrame(conn.query(sql + " ORDER BY ts", params), columns=_LOG_COLUMNS)
    frame["date"] = pd.to_datetime(frame["ts"])
    for flag in ("warmed_up", "by_client"):
        frame[flag] = frame[flag].astype(bool)
    # Not asked (a check-in) stays None: a blank box, not a "no" the client never gave.
    frame["radiates"] = frame["radiates"].astype("boolean")
    return frame


def first_entry_date(conn: Connection, who: Viewer, client_id: int) -> date | None:
    condition, params = scope(who)
    first = conn.scalar(
        f"SELECT MIN(ts) FROM log_entries WHERE {condition} AND client_id = ? AND {readable('ts')}",
        (*params, client_id),
    )
    return datetime.fromisoformat(first).date() if first else None


def entries_outside_window(
    conn: Connection, who: Viewer, client_id: int, today: date
) -> list[dict[str, Any]]:
    """Entries no screen reads: a date before 1900, unreadable, or after tomorrow (for deletion)."""
    after = (dates.latest(today) + timedelta(days=1)).isoformat()
    condition, params = scope(who)
    return conn.query(
        f"SELECT id, ts, pain, notes FROM log_entries WHERE {condition} AND client_id = ?"
        f" AND (NOT {readable('ts')} OR ts >= ?) ORDER BY id",
        (*params, client_id, after),
    )


def recent_entries(conn: Connection, who: Viewer, client_id: int, limit: int = 1) -> list[LogEntry]:
    """The newest `limit` entries of a client, newest first."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT * FROM log_entries WHERE {condition} AND client_id = ? AND {readable('ts')}"
        " ORDER BY ts DESC LIMIT ?",
        (*params, client_id, limit),
    )
    return [LogEntry.from_row(r) for r in rows]
