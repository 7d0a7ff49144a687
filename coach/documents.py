"""Printable documents: the plan handout (PDF), its calendar (ICS) and its table (CSV).

PDFs use the bundled DejaVu Sans (Latin, Greek, Cyrillic and more, not Latin-1 only). A character
it cannot draw (CJK, emoji) prints as U+FFFD and the PDF ends by naming it; pages warn before the
download with `unprintable`. A CJK font would add several MB to the repository for names alone.
"""

from __future__ import annotations

import functools
import io
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import pandas as pd
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.svg import SVGObject
from icalendar import Alarm, Calendar, Event

from coach import form_check
from coach.content import label, pain_rule, source
from coach.dateformat import DateFormat
from coach.pictures import picture_path
from coach.plans import Booking, Plan, dose_text, library
from coach.plans import rules as plan_rules
from coach.profiles import WEEKDAYS
from coach.summary import ClientSummary
from coach.triage import TriageResult, content

DAY_FIRST = DateFormat()
FONT_DIR = Path(__file__).resolve().parent / "fonts"
PICTURE_MM = 75  # width of an exercise drawing in the handout
SESSION_START = time(18, 0)  # a calendar's session time when the trainer chose none
REMIND_BEFORE = timedelta(minutes=30)  # the calendar's reminder: time to change and find a mat
TITLE_EXERCISES = 3  # exercises an event's title names; the description lists them all
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
REPLACEMENT = "\ufffd"


@functools.cache
def _drawable() -> frozenset[int]:
    """Code points both bundled faces have a glyph for."""
    cmaps = [set(TTFont(FONT_DIR / name, lazy=True).getBestCmap()) for name in FACES.values()]
    return frozenset(set.intersection(*cmaps))


def font_note(text: str) -> str | None:
    """What to tell someone before they download a PDF of `text`, when it cannot all be drawn."""
    missing = unprintable(text)
    if not missing:
        return None
    return (
        f"The PDF's font cannot draw {' '.join(missing)}: they print as {REPLACEMENT}, and the "
        "PDF names them at the end."
    )


def unprintable(text: str) -> str:
    """The characters of `text` the PDF font cannot draw, each once, in order of appearance."""
    drawable = _drawable()
    return "".join(dict.fromkeys(c for c in text if ord(c) not in drawable and not c.isspace()))


class Handout(FPDF):
    """An A4 document with the app's font and a footer that says what it is and is not."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        for style, name in FACES.items():
            self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.missing: dict[str, None] = {}
        self.set_title(title)
        self.set_author("Back Coach")
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()
        self.heading(title, size=18)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(
            0,
            6,
            f"Back Coach · not a diagnosis · page {self.page_no()}/{{nb}}",
            align="C",
        )

    def printable(self, text: str) -> str:
        """The text with each character the font cannot draw replaced, and remembered."""
        missing = unprintable(text)
        if not missing:
            return text
        self.missing.update(dict.fromkeys(missing))
        return "".join(REPLACEMENT if c in missing else c for c in text)

    def finish(self) -> bytes:
        """The PDF's bytes, ending with a note naming any character it could not print."""
        if self.missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in self.missing)
            self.paragraph(
                f"Shown as {REPLACEMENT}: characters this PDF's font cannot draw ({codes}).", 8
            )
        return bytes(self.output())

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.55, self.printable(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, 5, self.printable(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def exercise(self, name: str, picture: Path, text: str) -> None:
        """An exercise's name, its start-and-end drawing on the left and how to do it beside it."""
        svg, ratio = _printable_svg(picture)
        height = PICTURE_MM * ratio
        if self.will_page_break(height + 8):
            self.add_page()
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(0, 5, name, new_x="LMARGIN", new_y="NEXT")
        top = self.get_y()
        self.image(svg, x=self.l_margin, y=top, w=PICTURE_MM)
        self.set_xy(self.l_margin + PICTURE_MM + 4, top)
        self.set_font("DejaVu", "", 9)
        self.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(self.get_y(), top + height) + 3)

    def table_rows(self, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        self.set_font("DejaVu", "", 9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            table.row(header)
            for row in rows:
                table.row([self.printable(cell) for cell in row])
        self.ln(2)


@cache
def _printable_svg(path: Path) -> tuple[bytes, float]:
    """A drawing ready for fpdf2, without the <title> it does not draw (screen readers use it),
    and its height as a share of its width."""
    text = re.sub(r"<title>.*?</title>", "", path.read_text(), flags=re.S)
    svg = SVGObject(text)
    return text.encode(), svg.height / svg.width


def plan_rows(plan: Plan, bookings: list[Booking]) -> pd.DataFrame:
    """One row per exercise per session, with its date (ISO, which spreadsheets read as a date),
    under headings a person reads: the plan's CSV export."""
    dates = {(b.week, b.session): b.day for b in bookings}
    rows = []
    for week in plan.weeks:
        for index, session in enumerate(week.sessions):
            for p in session.exercises:
                rows.append(
                    {
                        "Week": week.number,
                        "Session": index + 1,
                        "Date": dates[(week.number, index)].isoformat(),
                        "Exercise": library()[p.exercise_id].name,
                        "Sets": p.sets,
                        "Reps": p.reps,
                        "Hold (seconds)": p.hold_seconds,
                        "Rest (seconds)": p.rest_seconds,
                        "Each side": "yes" if p.per_side else "no",
                    }
                )
    return pd.DataFrame(rows)


def plan_pdf(
    plan: Plan,
    client_name: str,
    bookings: list[Booking],
    dates: DateFormat = DAY_FIRST,
    hold_note: str = "",
) -> bytes:
    """A printable handout: how to do each exercise, then the week-by-week doses.

    `hold_note` (training on hold until a clinician has seen them) comes first when given.
    """
    pdf = Handout(f"Core plan for {client_name}")
    if hold_note:
        pdf.heading(hold_note)
    pdf.paragraph(
        f"{len(plan.weeks)} weeks, {plan.days_per_week} sessions a week, up to "
        f"{plan.minutes_per_session} minutes each. One week in "
        f"{plan_rules().progression.deload_every} is lighter. {pain_rule().text}"
    )
    for note in plan.notes:
        pdf.paragraph(note)
    pdf.heading("The exercises")
    for exercise_id in plan.exercise_ids():
        exercise = library()[exercise_id]
        pdf.exercise(
            exercise.name,
            picture_path(exercise_id),
            f"How: {'. '.join(exercise.steps)}. Cues: {'. '.join(exercise.cues)}.",
        )
    days = {(b.week, b.session): b.day for b in bookings}
    for week in plan.weeks:
        pdf.heading(f"Week {week.number}" + (" (lighter week)" if week.lighter else ""), size=12)
        rows = [
            [
                dates.short_day(days[(week.number, i)]),
                library()[p.exercise_id].name,
                dose_text(p),
                f"{p.rest_seconds} s",
            ]
            for i, session in enumerate(week.sessions)
            for p in session.exercises
        ]
        pdf.table_rows(["Day", "Exercise", "Dose", "Rest"], rows, [22, 50, 50, 16])
    return pdf.finish()


def session_weekdays(bookings: list[Booking]) -> list[str]:
    """The weekdays ("Mon".."Sun") the sessions fall on, in week order: one time to pick each."""
    return [WEEKDAYS[d] for d in sorted({b.day.weekday() for b in bookings})]


def session_title(plan: Plan, booking: Booking) -> str:
    """What to do, short enough for a phone's calendar: the session and its first exercises."""
    session = plan.weeks[booking.week - 1].sessions[booking.session]
    names = [library()[p.exercise_id].name for p in session.exercises]
    shown = ", ".join(names[:TITLE_EXERCISES])
    if len(names) > TITLE_EXERCISES:
        shown += f" and {len(names) - TITLE_EXERCISES} more"
    return f"Core session {booking.session + 1} of week {booking.week}: {shown}"


def plan_ics(
    plan: Plan,
    client_name: str,
    bookings: list[Booking],
    at: time | Mapping[str, time] = SESSION_START,
    *,
    now: datetime,
) -> bytes:
    """A calendar with one event per session, titled with what to do, at the time chosen: one
    for every session, or one per weekday ("Mon".."Sun"; a day without one at SESSION_START).
    `now` (aware) stamps each event with when the file was made, as the standard asks. Each event
    carries a reminder REMIND_BEFORE it starts, so the person's own calendar reminds them."""
    made = now.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Back Coach//Core plan//EN")
    calendar.add("version", "2.0")
    for booking in bookings:
        session = plan.weeks[booking.week - 1].sessions[booking.session]
        weekday = WEEKDAYS[booking.day.weekday()]
        start = datetime.combine(
            booking.day, at if isinstance(at, time) else at.get(weekday, SESSION_START)
        )
        event = Event()
        key = f"{client_name}/{booking.day}/{booking.week}/{booking.session}"
        event.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@backcoach")
        title = session_title(plan, booking)
        event.add("summary", title)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=max(5, round(session.estimated_minutes))))
        event.add("dtstamp", made)
        event.add(
            "description",
            "\n".join(
                [
                    f"Core plan for {client_name}",
                    *(
                        f"{library()[p.exercise_id].name}: {dose_text(p)}"
                        for p in session.exercises
                    ),
                ]
            ),
        )
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", title)
        reminder.add("trigger", -REMIND_BEFORE)
        event.add_component(reminder)
        calendar.add_component(event)
    return calendar.to_ical()


REFERRAL_DETAILS = {
    "age": "Age",
    "sex": "Sex",
    "background": "Training background",
    "training_days": "Training days",
    "goals": "Goals",
    "notes": "Trainer's notes",
}
SCOPE_NOTE = (
    "Prepared by a personal trainer with Back Coach. It reports what was observed and logged; "
    "it is not a diagnosis and makes no clinical judgement."
)


@dataclass(frozen=True)
class Author:
    """Who prepared a report, printed at its top so its reader can reply."""

    name: str
    contact: str = ""


class References:
    """Numbers each source a document cites, in order of first citation, for its list."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def cite(self, source_id: str) -> str:
        if source_id not in self.ids:
            self.ids.append(source_id)
        return f"[{self.ids.index(source_id) + 1}]"

    def entries(self) -> list[str]:
        """ "1. Author (year). Title. Address." for every source cited."""
        return [
            f"{n}. {s.author} ({s.year}). {s.title}." + (f" {s.url}" if s.url else "")
            for n, s in enumerate((source(i) for i in self.ids), start=1)
        ]


# Answers the report leaves out of the triage table: the client's details say them once.
DETAILS_NOT_REPEATED = frozenset({"age"})


def referral_pdf(
    summary: ClientSummary,
    include: set[str],
    chart_png: bytes | None,
    today: date,
    author: Author,
    dates: DateFormat = DAY_FIRST,
) -> bytes:
    """A dated report for a doctor or physiotherapist, limited to the details the trainer chose.

    Sections with nothing in them are left out; every source cited is listed at the end.
    """
    client = summary.client
    refs = References()
    pdf = Handout(f"Referral summary: {client.name}")
    pdf.paragraph(f"Date: {dates.day(today)}")
    pdf.paragraph("Prepared by: " + ", ".join(t for t in (author.name, author.contact) if t))
    pdf.paragraph(SCOPE_NOTE)

    details = [
        [title, _detail_text(key, getattr(client, key))]
        for key, title in REFERRAL_DETAILS.items()
        if key in include and getattr(client, key) not in ("", (), None)
    ]
    if details:
        pdf.heading("Client details")
        pdf.table_rows(["Detail", "Value"], details, [45, 135])

    if summary.triages:
        latest = summary.triages[0]
        result = TriageResult.from_dict(latest.result)
        pdf.heading("Latest triage")
        day = dates.day(summary.glance.last_triage_date)
        pdf.paragraph(f"{day}: {content().levels[result.level].title}.")
        for reason in result.reasons:
            pdf.paragraph(f"- {reason.text} {refs.cite(reason.source)}")
        answers = [
            [content().question(k).label, _answer_text(content().question(k), v)]
            for k, v in latest.answers.items()
            if k not in DETAILS_NOT_REPEATED
        ]
        pdf.table_rows(["Question", "Answer"], answers, [140, 40])
        if summary.changes:
            pdf.paragraph("Since the triage before: " + " ".join(summary.changes))

    entries = summary.entries
    if len(entries) or chart_png:
        pdf.heading("Pain (0-10), last 90 days")
    if chart_png:
        pdf.image(io.BytesIO(chart_png), w=180)
    if len(entries):
        last_week = entries[entries["date"] >= entries["date"].max() - pd.Timedelta(days=7)]
        pdf.paragraph(
            f"{len(entries)} entries. Average {entries['pain'].mean():.1f}, highest "
            f"{entries['pain'].max()}, average over the last 7 days {last_week['pain'].mean():.1f}."
        )
    for finding in summary.report.findings.values():
        pdf.paragraph(f"- {finding.title}: {finding.explanation} {refs.cite(finding.source)}")

    weeks = [(d.date(), v) for d, v in summary.weekly_load.itertuples(index=False) if v]
    if weeks:
        pdf.heading("Training load (effort 0-10 x minutes), last 4 weeks")
        rows = [[f"Week of {dates.short_day(monday)}", f"{v:.0f}"] for monday, v in weeks]
        pdf.table_rows(["Week", "Load"], rows, [60, 40])
    if summary.sessions:
        pdf.paragraph(f"Warmed up before {summary.warmed_sessions} of {summary.sessions} sessions.")

    if summary.recurring_faults:
        pdf.heading("Form checks")
        for exercise_id, fault_id, times in summary.recurring_faults:
            lift = form_check.exercises()[exercise_id]
            fault = lift.fault(fault_id)
            pdf.paragraph(
                f"- {lift.name}: {fault.name.lower()}, seen in {times} checks. {fault.why}"
            )

    if summary.plan:
        plan = summary.plan
        pdf.heading("Current core plan")
        done = (
            f" Done in the last 4 weeks: {summary.plan_done} of {summary.plan_due} sessions."
            if summary.plan_due
            else ""
        )
        pdf.paragraph(
            f"{label('level', plan.level)}, {len(plan.weeks)} weeks, {plan.days_per_week} "
            f"sessions a week.{done}"
        )

    if refs.ids:
        pdf.heading("References")
        for entry in refs.entries():
            pdf.paragraph(entry, size=9)
    return pdf.finish()


def _detail_text(key: str, value: object) -> str:
    if key == "training_days":
        return ", ".join(value)
    if key == "background":
        return label("level", value)
    if key == "sex":
        return label("sex", value)
    return str(value)


def _answer_text(question, value) -> str:
    if question.kind == "yes_no":
        return "Yes" if value else "No"
    if question.kind == "choice":
        return dict(question.options)[value]
    return str(value)
