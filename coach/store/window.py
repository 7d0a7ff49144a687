"""Which stored dates the screens read: an ISO date from 1900 up to (not into) the year 3000.

Every boundary checks dates now (`coach.dates`), but a row stored before that (a year 999 typed
in a CSV, a crafted zip) must not break a screen for good: reads skip such rows, and the pain
log lists the skipped entries so they can be deleted. Plain SQL, for any backend.
"""

from __future__ import annotations

from coach.dates import EARLIEST

_READABLE = "({c} >= '" + EARLIEST.isoformat() + "' AND {c} < '3000' AND substr({c}, 5, 1) = '-')"


def readable(column: str) -> str:
    """A condition true when `column` holds a date a screen can parse and chart."""
    return _READABLE.format(c=column)
