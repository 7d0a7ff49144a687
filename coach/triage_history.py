"""A client's triage history: saving a new triage and saying what changed since the one before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach import store
from coach.store import Connection, TriageRecord, Viewer
from coach.triage import TriageResult, changes_since


@dataclass(frozen=True)
class SavedTriage:
    """The id of a triage just saved, and what changed since the client's previous one.

    `changes` is None when this is the client's first triage.
    """

    id: int
    changes: tuple[str, ...] | None


def changes_between(previous: TriageRecord, latest: TriageRecord) -> tuple[str, ...]:
    """What changed from one saved triage to a later one, in plain words."""
    return tuple(
        changes_since(
            TriageResult.from_dict(previous.result),
            TriageResult.from_dict(latest.result),
            latest.answers,
        )
    )


def save(
    conn: Connection,
    who: Viewer,
    client_id: int,
    answers: dict[str, Any],
    result: TriageResult,
    when: datetime,
    *,
    by_client: bool = False,
) -> SavedTriage:
    """Save a triage to the client's history; raises NotFound for a client `who` may not see.

    `by_client` when the client ran it on their own account."""
    with conn.transaction():
        previous = store.latest_triage(conn, who, client_id)
        triage_id = store.save_triage(
            conn, who, client_id, answers, result.to_dict(), when, by_client=by_client
        )
    changes = (
        None
        if previous is None
        else tuple(changes_since(TriageResult.from_dict(previous.result), result, answers))
    )
    return SavedTriage(id=triage_id, changes=changes)
