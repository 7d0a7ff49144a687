"""Small read models that several screens share, such as a client's at-a-glance numbers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from coach import store


@dataclass(frozen=True)
class Glance:
    latest_pain: int | None
    pain_change: int | None
    last_check_in: str | None
    last_triage_level: str | None
    last_triage_date: str | None


def at_a_glance(db: Database, owner_id: str, client_id: int) -> Glance:
    """Latest pain and its change from the entry before, last check-in date, last triage."""
    recent = store.recent_entries(db, owner_id, client_id, limit=2)
    latest = recent[0] if recent else None
    change = recent[0]["pain"] - recent[1]["pain"] if len(recent) == 2 else None
    triages = store.list_triages(db, owner_id, client_id)
    last = triages[0] if triages else None
    return Glance(
        latest_pain=latest["pain"] if latest else None,
        pain_change=change,
        last_check_in=latest["ts"][:10] if latest else None,
        last_triage_level=last["level"] if last else None,
        last_triage_date=last["ts"][:10] if last else None,
    )
