"""The plan's PDF, calendar and CSV parse back with reader libraries and hold the right sessions."""

import io
import subprocess
from datetime import UTC, date, datetime, time, timedelta, timezone

import pypdf
from icalendar import Calendar
from PIL import Image

from coach import documents, pictures
from coach.plans import build_plan, library, schedule

PLAN = build_plan("beginner", 4, 2, 15)
BOOKINGS = schedule(PLAN, date(2026, 3, 2), ("Tue", "Thu"))
MADE = datetime(2026, 2, 27, 9, 30, tzinfo=UTC)  # when the file is made: before the sessions


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
    assert "Tue 3 Mar" in text and "Thu 26 Mar" in text


def test_ics_has_one_event_per_session_on_the_training_days():
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, now=MADE))
    events = calendar.walk("VEVENT")
    assert len(events) == 4 * 2
    starts = [e.decoded("dtstart") for e in events]
    assert {s.strftime("%a") for s in starts} == {"Tue", "Thu"}
    assert starts[0].isoformat() == "2026-03-03T18:00:00"
    assert "McGill curl-up" in str(events[0]["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert str(events[0]["description"]).startswith("Core plan for Zoë\n")


def test_each_event_is_titled_with_what_to_do_from_the_plan():
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, now=MADE))
    events = calendar.walk("VEVENT")
    for event, booking in zip(events, BOOKINGS, strict=True):
        session = PLAN.weeks[booking.week - 1].sessions[booking.session]
        names = [library()[p.exercise_id].name for p in session.exercises]
        title = str(event["summary"])
        assert title.startswith(f"Core session {booking.session + 1} of week {booking.week}: ")
        assert names[0] in title and "Zoë" not in title
        assert len(title) <= 120
    first = PLAN.weeks[0].sessions[1]
    expected = ", ".join(library()[p.exercise_id].name for p in first.exercises[:3])
    assert str(events[1]["summary"]).startswith(f"Core session 2 of week 1: {expected}")


def test_a_session_with_many_exercises_names_three_and_counts_the_rest():
    plan = build_plan("advanced", 4, 2, 40)
    bookings = schedule(plan, date(2026, 3, 2), ("Tue", "Thu"))
    session = plan.weeks[0].sessions[0]
    assert len(session.exercises) > documents.TITLE_EXERCISES
    more = len(session.exercises) - documents.TITLE_EXERCISES
    assert documents.session_title(plan, bookings[0]).endswith(f" and {more} more")


def test_each_event_is_stamped_with_when_the_file_was_made_in_utc():
    made_in_sydney = MADE.astimezone(timezone(timedelta(hours=11)))
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, now=made_in_sydney))
    stamps = {e.decoded("dtstamp") for e in calendar.walk("VEVENT")}
    assert stamps == {MADE}
    assert b"DTSTAMP:20260227T093000Z" in calendar.to_ical()


def test_each_event_reminds_on_screen_before_the_session_with_its_title():
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, now=MADE))
    events = calendar.walk("VEVENT")
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["action"]) == "DISPLAY"
        assert str(alarms[0]["description"]) == str(event["summary"])
        assert alarms[0].decoded("trigger") == -documents.REMIND_BEFORE
    assert timedelta(0) < documents.REMIND_BEFORE <= timedelta(hours=2)


def test_ics_sessions_start_at_the_time_chosen_for_each_weekday():
    times = {"Tue": time(7, 0), "Thu": time(18, 30)}
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, times, now=MADE))
    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    assert {(s.strftime("%a"), s.time()) for s in starts} == {
        ("Tue", time(7, 0)),
        ("Thu", time(18, 30)),
    }
    assert documents.session_weekdays(BOOKINGS) == ["Tue", "Thu"]


def test_ics_sessions_start_at_the_time_the_trainer_chose():
    calendar = Calendar.from_ical(documents.plan_ics(PLAN, "Zoë", BOOKINGS, time(7, 15), now=MADE))
    starts = {e.decoded("dtstart").time() for e in calendar.walk("VEVENT")}
    assert starts == {time(7, 15)}


def test_csv_rows_carry_dates_and_doses():
    rows = documents.plan_rows(PLAN, BOOKINGS)
    first = rows.iloc[0]
    assert (first["Week"], first["Session"], first["Date"]) == (1, 1, "2026-03-03")
    assert (first["Exercise"], first["Sets"], first["Reps"], first["Hold (seconds)"]) == (
        "McGill curl-up",
        2,
        4,
        8,
    )
    assert len(rows) == sum(len(s.exercises) for w in PLAN.weeks for s in w.sessions)


def render_page(pdf: bytes, page: int, tmp_path) -> Image.Image:
    """One page of a PDF as an image, by poppler's pdftoppm (poppler-utils)."""
    source = tmp_path / "handout.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), source, tmp_path / "p"],
        check=True,
    )
    return Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")


def test_handout_shows_each_exercise_picture_beside_its_steps(tmp_path):
    """Each drawing stands on a pale floor line, a colour nothing else in the handout uses:
    count the floor lines in the picture column of page 1 and match them to the names there."""
    pdf = documents.plan_pdf(PLAN, "Zoë", BOOKINGS)
    first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    used = dict.fromkeys(p.exercise_id for w in PLAN.weeks for s in w.sessions for p in s.exercises)
    on_page = [i for i in used if library()[i].name in first_page]
    assert on_page

    image = render_page(pdf, 1, tmp_path)
    mm = image.width / 210
    left, right = int(10 * mm), int((10 + documents.PICTURE_MM) * mm)
    floor = tuple(int(pictures.FLOOR_INK[i : i + 2], 16) for i in (1, 3, 5))
    rows = [
        y
        for y in range(image.height)
        if sum(
            1
            for x in range(left, right)
            if max(abs(a - b) for a, b in zip(image.getpixel((x, y)), floor, strict=True)) < 24
        )
        > (right - left) / 2
    ]
    lines = [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 2]
    assert len(lines) == len(on_page)


NAME = "李明 💪 Zoë"


def pdf_text(payload: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(payload)).pages)


def test_characters_the_font_cannot_draw_are_named_never_dropped():
    text = pdf_text(documents.plan_pdf(PLAN, NAME, BOOKINGS))
    assert "Core plan for \ufffd\ufffd \ufffd Zoë" in text
    assert "U+674E, U+660E, U+1F4AA" in text


def test_unprintable_lists_each_missing_character_once():
    assert documents.unprintable(NAME + " 李") == "李明💪"
    assert documents.unprintable("Zoë Łukasz Ωμέγα Жанна\n") == ""


def test_the_note_before_a_download_names_what_cannot_print():
    assert documents.font_note("Zoë") is None
    assert "cannot draw 李 明 💪" in documents.font_note(NAME)
