"""Instants: how they are written down and read back. The clock itself is read in `ui/clock.py`.

Every instant the app records (a triage, a form check, an intake, a row's creation, a sign-in
lockout) is stored in UTC as ISO text without an offset, `YYYY-MM-DDTHH:MM:SS`, so text order
is time order whatever zone the person is in. The person's zone, "today" and "now" are worked
out once per script run by the UI (`ui/clock.py`) and passed into `coach` as arguments.

Log entries and warm-up days are not instants: they keep the wall-clock date and time the person
gave, in their own zone, as typed (a 6 pm session stays a 6 pm session wherever it is read).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo


def to_text(when: datetime) -> str:
    """An instant as stored: UTC, to the second, no offset. A naive value is taken as UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds")


def from_text(text: str | datetime) -> datetime:
    """A stored instant (text or naive UTC datetime) as an aware UTC datetime."""
    when = datetime.fromisoformat(text) if isinstance(text, str) else text
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def local(stored: str | datetime, tz: tzinfo) -> datetime:
    """A stored instant as the person's wall-clock time in `tz` (aware)."""
    return from_text(stored).astimezone(tz)


def local_day(stored: str | datetime, tz: tzinfo) -> date:
    """The person's calendar day on which a stored instant fell."""
    return local(stored, tz).date()
