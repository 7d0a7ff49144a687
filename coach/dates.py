"""The dates Back Coach accepts at every boundary: from 1900 to one day past the person's today.

One day ahead allows for a time zone ahead of the server's and an entry made just after
midnight; anything later, or a mistyped year such as 999, is refused before it is stored.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.errors import InvalidInput

EARLIEST = date(1900, 1, 1)
DAYS_AHEAD = 1


def latest(today: date) -> date:
    return today + timedelta(days=DAYS_AHEAD)


def window_problem(day: date, today: date) -> str | None:
    """Why `day` is refused ("a date from ... to ..., got ..."), or None when it is accepted."""
    if EARLIEST <= day <= latest(today):
        return None
    return (
        f"a date from {EARLIEST.isoformat()} to {latest(today).isoformat()}, got {day.isoformat()}"
    )


def check_day(name: str, day: date, today: date) -> date:
    """The day itself, or InvalidInput naming the field and the window it must fall in."""
    if problem := window_problem(day, today):
        raise InvalidInput(f"{name}: {problem}")
    return day
