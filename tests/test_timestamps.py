"""Instants are stored in UTC and read back on the person's clock."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coach import timestamps

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")


@pytest.mark.parametrize(
    ("when", "stored"),
    [
        (datetime(2026, 1, 5, 9, 30, 15, 999, tzinfo=KIRITIMATI), "2026-01-04T19:30:15"),
        (datetime(2026, 1, 5, 9, 30, tzinfo=timezone(-timedelta(hours=11))), "2026-01-05T20:30:00"),
        (datetime(2026, 1, 5, 9, 30), "2026-01-05T09:30:00"),
    ],
)
def test_instants_are_stored_in_utc_to_the_second(when, stored):
    assert timestamps.to_text(when) == stored


def test_stored_text_sorts_in_time_order_across_zones():
    early = datetime(2026, 1, 5, 9, tzinfo=KIRITIMATI)  # 19:00 UTC the day before
    late = datetime(2026, 1, 4, 20, tzinfo=UTC)
    assert timestamps.to_text(early) < timestamps.to_text(late)


def test_a_stored_instant_reads_back_as_the_same_instant():
    when = datetime(2026, 3, 29, 0, 59, 59, tzinfo=ZoneInfo("Europe/London"))
    assert timestamps.from_text(timestamps.to_text(when)) == when


@pytest.mark.parametrize(
    ("zone", "day"),
    [("Pacific/Kiritimati", date(2026, 1, 5)), ("Pacific/Pago_Pago", date(2026, 1, 4))],
)
def test_the_day_an_instant_fell_on_depends_on_the_zone(zone, day):
    assert timestamps.local_day("2026-01-04T20:00:00", ZoneInfo(zone)) == day
