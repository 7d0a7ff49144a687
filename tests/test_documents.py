"""The plan's PDF, calendar and CSV parse back with reader libraries and hold the right sessions."""

import io
from datetime import date

import pypdf
from icalendar import Calendar

from coach import documents
from coach.plans import build_plan, library, schedule

PLAN = build_plan("beginner", 4, 2, 15)
BOOKINGS = schedule(PLAN, date(2026, 3, 2), ("Tue", "Thu"))


def test_pdf_parses_and_holds_every_week_and_exercise():
    reader = pypdf.PdfReader(io.BytesIO(documents.plan_pdf(PLAN, "Zoë Łukasz", BOOKINGS)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Core plan for Zoë Łukasz" in text
    for week in range(1, 5):
        assert f"Week {week}" in text
    assert "(lighter week)" in text
    used = {p.exercise_id for w in PLAN.weeks for s in w.sessions for p in s.exercises}
    for exercise_id in used:
        assert library()[exercise_id].name in text
    assert "Tue 03 Mar" in text and "Thu 26 Mar" in text


def test_ics_has_one_event_per_session_on_the_training_days():
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS))
    events = calendar.walk("VEVENT")
    assert len(events) == 4 * 2
    starts = [e.decoded("dtstart") for e in events]
    assert {s.strftime("%a") for s in starts} == {"Tue", "Thu"}
    assert starts[0].isoformat() == "2026-03-03T18:00:00"
    assert "McGill curl-up" in str(events[0]["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_csv_rows_carry_dates_and_doses():
    rows = documents.plan_rows(PLAN, BOOKINGS)
    first = rows.iloc[0]
    assert (first["week"], first["session"], first["date"]) == (1, 1, "2026-03-03")
    assert (first["exercise"], first["sets"], first["reps"], first["hold_seconds"]) == (
        "McGill curl-up",
        2,
        4,
        8,
    )
    assert len(rows) == sum(len(s.exercises) for w in PLAN.weeks for s in w.sessions)
