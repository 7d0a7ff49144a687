"""A client's history: every change to their record, who made it and when.

Each write about a client adds its line here inside the same transaction, so a change and its
line are stored together or not at all. A line keeps the name of whoever made the change as it
was then, since an account may be removed later. Erasing a client removes their lines with
everything else and leaves one line without a client: that an erasure happened, by whom, when.

`ts` is the instant of the change, passed in like every other time in `coach` (the UI reads
the clock once per run, in `ui/clock.py`); `day` is a date the change names (a clearance's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import timestamps
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope

# What a line says happened; each has its words in data/labels.toml ([values.change]).
ADDED = "added"
PROFILE_EDITED = "profile_edited"
ARCHIVED = "archived"
RESTORED = "restored"
IMPORTED = "imported"
ASSIGNED = "assigned"
LOG_ADDED = "log_added"
LOG_EDITED = "log_edited"
TRIAGE_SAVED = "triage_saved"
TRIAGE_IN_ERROR = "triage_in_error"
TRIAGE_CLEARED = "triage_cleared"
TRIAGE_CLEARANCE_UNDONE = "triage_clearance_undone"
INTAKE_SAVED = "intake_saved"
INTAKE_CLEARED = "intake_cleared"
INTAKE_CLEARANCE_UNDONE = "intake_clearance_undone"
PLAN_SAVED = "plan_saved"
PLAN_SESSION_MARKED = "plan_session_marked"
FORM_CHECK_SAVED = "form_check_saved"
WARMUP_RECORDED = "warmup_recorded"
CLIP_ADDED = "clip_added"
CLIP_DELETED = "clip_deleted"
ERASED = "erased"
ACTIONS = (
    ADDED,
    PROFILE_EDITED,
    ARCHIVED,
    RESTORED,
    IMPORTED,
    ASSIGNED,
    LOG_ADDED,
    LOG_EDITED,
    TRIAGE_SAVED,
    TRIAGE_IN_ERROR,
    TRIAGE_CLEARED,
    TRIAGE_CLEARANCE_UNDONE,
    INTAKE_SAVED,
    INTAKE_CLEARED,
    INTAKE_CLEARANCE_UNDONE,
    PLAN_SAVED,
    PLAN_SESSION_MARKED,
    FORM_CHECK_SAVED,
    WARMUP_RECORDED,
    CLIP_ADDED,
    CLIP_DELETED,
    ERASED,
)


@dataclass(frozen=True)
class Change:
    """One line of a client's history; `record_id` names the triage or intake it is about."""

    id: int
    client_id: int | None
    ts: datetime
    actor: str
    action: str
    detail: str
    day: date | None
    record_id: int | None


def record_change(
    conn: Connection,
    who: Viewer,
    client_id: int | None,
    action: str,
    detail: str = "",
    *,
    now: datetime,
    day: date | None = None,
    record_id: int | None = None,
) -> None:
    """Add a line; call it inside the transaction of the change it describes."""
    # An account's own name, else the name its sign-up gave its workspace (a client's account
    # has one of its own); without an account, the workspace's name ("Me", "Demo trainer").
    actor = conn.scalar(
        "SELECT COALESCE(a.name, o.name, a.username) FROM accounts a"
        " JOIN owners o ON o.id = a.owner_id WHERE a.id = ?",
        (who.account_id,),
    ) or conn.scalar("SELECT name FROM owners WHERE id = ?", (who.owner_id,))
    conn.insert(
        "client_history",
        {
            "owner_id": who.owner_id,
            "client_id": client_id,
            "account_id": who.account_id,
            "actor": actor or "",
            "ts": timestamps.to_text(now),
            "action": action,
            "detail": detail,
            "day": day.isoformat() if day else None,
            "record_id": record_id,
        },
    )


def _change(row: dict[str, Any]) -> Change:
    return Change(
        id=row["id"],
        client_id=row["client_id"],
        ts=timestamps.from_text(row["ts"]),
        actor=row["actor"] or "",
        action=row["action"],
        detail=row["detail"] or "",
        day=date.fromisoformat(row["day"]) if row["day"] else None,
        record_id=row["record_id"],
    )


def client_history(conn: Connection, who: Viewer, client_id: int) -> list[Change]:
    """A client's history, newest first; nothing for a client `who` may not see."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT * FROM client_history WHERE {condition} AND client_id = ?"
        " ORDER BY ts DESC, id DESC",
        (*params, client_id),
    )
    return [_change(r) for r in rows]
