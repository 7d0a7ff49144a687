"""The person's clock: their time zone, worked out once per script run, and today/now in it.

This module is the one place the server's clock is read (`utc_now`); everything else is passed
`now` or `today`, so `coach` stays testable at any instant and in any zone.

The zone comes from the browser (`st.context.timezone`, an IANA name such as
"Pacific/Kiritimati"); if the browser sent none, or a name this server does not know, its UTC
offset (`st.context.timezone_offset`); else the `BACKCOACH_TIMEZONE` setting; else UTC.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from ui.settings import setting

FALLBACK_SETTING = "BACKCOACH_TIMEZONE"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Clock:
    """One run's clock: `now` is aware and in the person's zone `tz`."""

    tz: tzinfo
    now: datetime

    @property
    def today(self) -> date:
        return self.now.date()


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def person_zone() -> tzinfo:
    """The visitor's time zone, by the order in the module docstring."""
    if zone := _zone(st.context.timezone):
        return zone
    offset = st.context.timezone_offset
    if offset is not None:
        # Browsers report minutes *behind* UTC (JavaScript's getTimezoneOffset).
        return timezone(-timedelta(minutes=offset))
    fallback = setting(FALLBACK_SETTING)
    if zone := _zone(fallback):
        return zone
    if fallback:
        log.warning("%s=%r is not a known time zone; using UTC", FALLBACK_SETTING, fallback)
    return UTC


def utc_now() -> datetime:
    """The current instant, aware, in UTC: the only read of the server's clock."""
    return datetime.now(UTC)


def read_clock() -> Clock:
    """The clock of this run; a callback (it runs before the page) reads its own."""
    tz = person_zone()
    return Clock(tz, utc_now().astimezone(tz))


def days_ago(today: date, days: int) -> datetime:
    """Midnight (wall clock) `days` before `today`: the start of a log window."""
    return datetime.combine(today - timedelta(days=days), datetime.min.time())
