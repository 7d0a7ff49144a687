"""Workspace-wide reads for the roster: a handful of queries for every client a viewer sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from coach import timestamps
from coach.store.connection import Connection
from coach.store.intake import IntakeRecord, intake_record
from coach.store.plans import PlanRecord, plan_record
from coach.store.viewer import Viewer, scope
from coach.store.window import readable

_RECENT_COLUMNS = [
    "client_id",
    "ts",
    "pain",
    "pain_during",
    "pain_next_morning",
    "rpe",
    "minutes",
    "warmed_up",
    "by_client",
]


@dataclass(frozen=True)
class LastCheckIn:
    """A client's newest log entry: when, the pain then, and whether the client wrote it."""

    ts: datetime
    pain: int
    by_client: bool = False


@dataclass(frozen=True)
class TriageOutcome:
    """A triage without its answers: all the roster needs to rank a client."""

    id: int
    client_id: int
    ts: datetime
    level: str
    cleared_on: date | None
    by_client: bool = False


def owner_entries_since(conn: Connection, who: Viewer, since: date) -> pd.DataFrame:
    """Every client's entries since a date, for the roster: one query on the (owner, ts) index."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT {', '.join(_RECENT_COLUMNS)} FROM log_entries WHERE {condition} AND ts >= ?"
        f" AND {readable('ts')} ORDER BY client_id, ts",
        (*params, since.isoformat()),
    )
    frame = pd.DataFrame(rows, columns=_RECENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["ts"])
    for flag in ("warmed_up", "by_client"):
        frame[flag] = frame[flag].astype(bool)
    return frame


def last_entry_per_client(conn: Connection, who: Viewer) -> dict[int, LastCheckIn]:
    """The newest entry of each client (the highest id when two share a time)."""
    condition, params = scope(who)
    rows = conn.query(
        "SELECT e.client_id, e.ts, e.pain, e.by_client FROM log_entries e JOIN"
        f" (SELECT client_id, MAX(ts) AS ts FROM log_entries WHERE {condition}"
        f" AND {readable('ts')} GROUP BY client_id) latest"
        " ON e.client_id = latest.client_id AND e.ts = latest.ts"
        " WHERE e.owner_id = ? ORDER BY e.id",
        (*params, who.owner_id),
    )
    return {
        r["client_id"]: LastCheckIn(
            ts=datetime.fromisoformat(r["ts"]), pain=r["pain"], by_client=bool(r["by_client"])
        )
        for r in rows
    }


def triages_for_owner(conn: Connection, who: Viewer) -> list[TriageOutcome]:
    """Every counting triage `who` sees (none entered in error) without answers, newest first:
    small rows for the roster."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT id, client_id, ts, level, cleared_on, by_client FROM triages WHERE {condition}"
        f" AND errored_at IS NULL AND {readable('ts')} ORDER BY ts DESC, id DESC",
        params,
    )
    return [_outcome(r) for r in rows]


def _outcome(row: dict[str, Any]) -> TriageOutcome:
    return TriageOutcome(
        id=row["id"],
        client_id=row["client_id"],
        ts=timestamps.from_text(row["ts"]),
        level=row["level"],
        cleared_on=date.fromisoformat(row["cleared_on"]) if row["cleared_on"] else None,
        by_client=bool(row["by_client"]),
    )


def intakes_for_owner(conn: Connection, who: Viewer) -> dict[int, IntakeRecord]:
    """The latest intake of each client that has one."""
    condition, params = scope(who)
    rows = conn.query(
        "SELECT i.* FROM intakes i JOIN"
        f" (SELECT MAX(id) AS id FROM intakes WHERE {condition} AND {readable('ts')}"
        " GROUP BY client_id) latest"
        " ON i.id = latest.id",
        params,
    )
    return {r["client_id"]: intake_record(r) for r in rows}


def plans_for_owner(conn: Connection, who: Viewer) -> dict[int, PlanRecord]:
    """Each client's current plan."""
    condition, params = scope(who)
    rows = conn.query(
        "SELECT p.* FROM plans p JOIN (SELECT MAX(id) AS id FROM plans"
        f" WHERE {condition} AND {readable('start_day')} GROUP BY client_id) latest"
        " ON p.id = latest.id",
        params,
    )
    return {r["client_id"]: plan_record(r) for r in rows}


def sessions_done_for_owner(conn: Connection, who: Viewer) -> dict[int, set[tuple[int, int]]]:
    """(week, session) pairs marked done, by plan id, for every plan `who` sees."""
    condition, params = scope(who)
    done: dict[int, set[tuple[int, int]]] = {}
    for r in conn.query(
        "SELECT plan_id, week, session FROM plan_sessions_done WHERE owner_id = ?"
        f" AND plan_id IN (SELECT id FROM plans WHERE {condition})",
        (who.owner_id, *params),
    ):
        done.setdefault(r["plan_id"], set()).add((r["week"], r["session"]))
    return done
