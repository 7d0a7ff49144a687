"""Dates and times as a person writes them: one format everywhere, from their browser's language.

"23 Nov 2026" and "18:05" unless the language's region writes the month first ("Nov 23, 2026")
or uses a 12-hour clock ("6:05 pm"); the regions are in `data/labels.toml`. Month names are
English, like every other word in the app. Nothing here reads a clock: values come in already in
the person's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from coach.content import labels


@dataclass(frozen=True)
class DateFormat:
    month_first: bool = False
    hour12: bool = False

    @classmethod
    def for_locale(cls, locale: str | None) -> DateFormat:
        """The format for a browser language such as "en-US" or "de-DE"; day first without one."""
        parts = (locale or "").replace("_", "-").split("-")
        region = parts[-1].upper() if len(parts) > 1 else ""
        conventions = labels().dates
        return cls(region in conventions.month_first_regions, region in conventions.hour12_regions)

    def day(self, d: date) -> str:
        """A calendar day: "23 Nov 2026" (or "Nov 23, 2026")."""
        return f"{d:%b} {d.day}, {d.year}" if self.month_first else f"{d.day} {d:%b %Y}"

    def short_day(self, d: date) -> str:
        """A day near today, with its weekday: "Mon 23 Nov" (or "Mon, Nov 23")."""
        return f"{d:%a}, {d:%b} {d.day}" if self.month_first else f"{d:%a} {d.day} {d:%b}"

    def clock(self, t: time | datetime) -> str:
        """A time of day: "18:05" (or "6:05 pm")."""
        if not self.hour12:
            return f"{t:%H:%M}"
        return f"{t.hour % 12 or 12}:{t:%M} {'am' if t.hour < 12 else 'pm'}"

    def when(self, moment: datetime) -> str:
        """A day and a time: "23 Nov 2026, 18:05"."""
        return f"{self.day(moment.date())}, {self.clock(moment)}"
