"""Labels and dates: every stored id has words, and dates read one way on every screen."""

from datetime import date, datetime, time

import pytest

from coach import exercises, logbook, plans, profiles
from coach.content import Labels, build, label, labels
from coach.dateformat import DateFormat
from coach.errors import ContentError
from coach.intake import CLEARED, NEEDS_CLEARANCE
from coach.store import history

STORED = {
    "session_type": logbook.LOGGED_SESSION_TYPES,
    "location": logbook.LOCATIONS,
    "fluids": logbook.FLUIDS,
    "level": plans.LEVELS + exercises.LEVELS + profiles.BACKGROUNDS,
    "sex": profiles.SEXES,
    "weekday": profiles.WEEKDAYS,
    "intake_outcome": (CLEARED, NEEDS_CLEARANCE),
    "yes_no": ("yes", "no"),
    "change": history.ACTIONS,
}


@pytest.mark.parametrize("kind", STORED)
def test_every_value_the_code_can_store_has_words(kind):
    assert set(labels().values[kind]) == set(STORED[kind])


def test_no_label_is_an_id_or_blank():
    for kind, words in labels().values.items():
        for value, text in words.items():
            assert text.strip() and "_" not in text, (kind, value)


def test_a_value_without_a_label_is_a_content_error():
    assert label("session_type", "check_in") == "Check-in (no training)"
    with pytest.raises(ContentError, match="no label for session_type 'yoga'"):
        label("session_type", "yoga")


def test_labels_load_from_a_tiny_inline_table():
    data = {
        "values": {"fluids": {"ok": "Enough"}},
        "dates": {"month_first_regions": ["US"], "hour12_regions": []},
    }
    assert build(Labels, data, "inline").of("fluids", "ok") == "Enough"


DAY = date(2026, 11, 3)
MOMENT = datetime(2026, 11, 3, 18, 5)


@pytest.mark.parametrize(
    ("locale", "day", "short", "when"),
    [
        (None, "3 Nov 2026", "Tue 3 Nov", "3 Nov 2026, 18:05"),
        ("en-GB", "3 Nov 2026", "Tue 3 Nov", "3 Nov 2026, 18:05"),
        ("de-DE", "3 Nov 2026", "Tue 3 Nov", "3 Nov 2026, 18:05"),
        ("en-US", "Nov 3, 2026", "Tue, Nov 3", "Nov 3, 2026, 6:05 pm"),
        ("en_AU", "3 Nov 2026", "Tue 3 Nov", "3 Nov 2026, 6:05 pm"),
        ("sa", "3 Nov 2026", "Tue 3 Nov", "3 Nov 2026, 18:05"),  # a language, not a region
    ],
)
def test_dates_follow_the_browser_language(locale, day, short, when):
    f = DateFormat.for_locale(locale)
    assert (f.day(DAY), f.short_day(DAY), f.when(MOMENT)) == (day, short, when)


@pytest.mark.parametrize(("t", "text"), [(time(0, 5), "12:05 am"), (time(12, 0), "12:00 pm")])
def test_the_12_hour_clock_has_no_hour_nought(t, text):
    assert DateFormat(hour12=True).clock(t) == text
