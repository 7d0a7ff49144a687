"""Clearances: a clinician's go-ahead after a referral (triage) or an intake that needs one.

Recording one names who cleared the client and on which day, both required and never in the
person's future; undoing one puts the record back as open. Both write the client's history in
the same transaction, so the clearance and its line never part.
"""

from __future__ import annotations

from datetime import date, datetime

from coach.errors import InvalidInput
from coach.store import history
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer

MAX_CLEARED_BY = 200
MAX_NOTE = 500
# What each kind of record's clearance and its undoing are called in a history line.
_ACTIONS = {
    "triages": (history.TRIAGE_CLEARED, history.TRIAGE_CLEARANCE_UNDONE),
    "intakes": (history.INTAKE_CLEARED, history.INTAKE_CLEARANCE_UNDONE),
}


def _day(text: str) -> date | None:
    """A stored day, or None for one an older version left unreadable."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def record_clearance(
    conn: Connection,
    who: Viewer,
    table: str,
    row_id: int,
    cleared_by: str,
    cleared_on: date | None,
    note: str,
    now: datetime,
) -> None:
    """Clear a triage or intake; raises InvalidInput naming the missing or wrong field (nothing
    is stored then), NotFound for a record `who` may not reach. `now` is in the person's zone:
    its date is their today, the latest day a clearance can name."""
    cleared_by, note = cleared_by.strip(), note.strip()
    if not cleared_by:
        raise InvalidInput("cleared by: name the clinician who cleared them")
    if len(cleared_by) > MAX_CLEARED_BY or len(note) > MAX_NOTE:
        raise InvalidInput(f"cleared by: {MAX_CLEARED_BY} characters at most, note {MAX_NOTE}")
    if cleared_on is None:
        raise InvalidInput("cleared on: choose the day they were cleared")
    if cleared_on > now.date():
        raise InvalidInput("cleared on: a day that has not come yet")
    row = owned_row(conn, table, who, row_id)
    with conn.transaction():
        conn.execute(
            f"UPDATE {table} SET cleared_by = ?, cleared_on = ?, cleared_note = ?"
            " WHERE id = ? AND owner_id = ?",
            (cleared_by, cleared_on.isoformat(), note, row_id, who.owner_id),
        )
        history.record_change(
            conn,
            who,
            row["client_id"],
            _ACTIONS[table][0],
            cleared_by,
            now=now,
            day=cleared_on,
            record_id=row_id,
        )


def undo_clearance(conn: Connection, who: Viewer, table: str, row_id: int, now: datetime) -> None:
    """Put a cleared triage or intake back as open; raises InvalidInput when it is not cleared."""
    row = owned_row(conn, table, who, row_id)
    if not row["cleared_on"]:
        raise InvalidInput("clearance: this record is not cleared")
    with conn.transaction():
        conn.execute(
            f"UPDATE {table} SET cleared_by = NULL, cleared_on = NULL, cleared_note = NULL"
            " WHERE id = ? AND owner_id = ?",
            (row_id, who.owner_id),
        )
        history.record_change(
            conn,
            who,
            row["client_id"],
            _ACTIONS[table][1],
            row["cleared_by"] or "",
            now=now,
            day=_day(row["cleared_on"]),
            record_id=row_id,
        )
