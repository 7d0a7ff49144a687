"""Owner-wide reads for the roster: a handful of queries for every client at once."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from coach.store.connection import Connection

_RECENT_COLUMNS = [
    "client_id",
    "ts",
    "pain",
    "pain_during",
    "pain_next_morning",
    "rpe",
    "minutes",
    "warmed_up",
]


def owner_entries_since(conn: Connection, owner_id: str, since: date) -> pd.DataFrame:
    """Every client's entries since a date, for the roster: one query on the (owner, ts) index."""
    rows = conn.query(
        f"SELECT {', '.join(_RECENT_COLUMNS)} FROM log_entries WHERE owner_id = ? AND ts >= ?"
        " ORDER BY client_id, ts",
        (owner_id, since.isoformat()),
    )
    frame = pd.DataFrame(rows, columns=_RECENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["ts"])
    frame["warmed_up"] = frame["warmed_up"].astype(bool)
    return frame


def last_entry_per_client(conn: Connection, owner_id: str) -> dict[int, dict[str, Any]]:
    """The newest entry of each client (the highest id when two share a time)."""
    rows = conn.query(
        "SELECT e.client_id, e.ts, e.pain FROM log_entries e JOIN"
        " (SELECT client_id, MAX(ts) AS ts FROM log_entries WHERE owner_id = ?"
        " GROUP BY client_id) latest ON e.client_id = latest.client_id AND e.ts = latest.ts"
        " WHERE e.owner_id = ? ORDER BY e.id",
        (owner_id, owner_id),
    )
    return {r["client_id"]: r for r in rows}


def triages_for_owner(conn: Connection, owner_id: str) -> list[dict[str, Any]]:
    """Every triage of an owner without answers, newest first: small rows for the roster."""
    return conn.query(
        "SELECT id, client_id, ts, level, cleared_on FROM triages WHERE owner_id = ?"
        " ORDER BY ts DESC, id DESC",
        (owner_id,),
    )


def intakes_for_owner(conn: Connection, owner_id: str) -> dict[int, dict[str, Any]]:
    """The latest intake of each client that has one."""
    rows = conn.query(
        "SELECT i.client_id, i.outcome, i.cleared_on, i.id FROM intakes i JOIN"
        " (SELECT MAX(id) AS id FROM intakes WHERE owner_id = ? GROUP BY client_id) latest"
        " ON i.id = latest.id",
        (owner_id,),
    )
    return {r["client_id"]: r for r in rows}


def plans_for_owner(conn: Connection, owner_id: str) -> dict[int, dict[str, Any]]:
    """Each client's current plan with its done sessions."""
    rows = conn.query(
        "SELECT p.* FROM plans p JOIN (SELECT MAX(id) AS id FROM plans"
        " WHERE owner_id = ? GROUP BY client_id) latest ON p.id = latest.id",
        (owner_id,),
    )
    plans = {r["client_id"]: {**r, "plan": json.loads(r["plan"]), "done": set()} for r in rows}
    by_id = {p["id"]: p for p in plans.values()}
    for done in conn.query(
        "SELECT plan_id, week, session FROM plan_sessions_done WHERE owner_id = ?", (owner_id,)
    ):
        if done["plan_id"] in by_id:
            by_id[done["plan_id"]]["done"].add((done["week"], done["session"]))
    return plans
