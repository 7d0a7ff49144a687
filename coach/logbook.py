"""Pain and workout log entries: validation, and the all-or-nothing CSV import format."""

from __future__ import annotations

import csv
import io
import itertools
import numbers
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from coach import dates
from coach.errors import ImportRejected, InvalidInput

LOCATIONS = ("centre", "left", "right", "buttock", "leg")
LOGGED_SESSION_TYPES = ("strength", "cardio", "sport", "mobility", "core", "check_in")
FLUIDS = ("ok", "low")
MAX_MINUTES = 600
MAX_NOTE = 2_000
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
TIME_FORMAT = "%Y-%m-%dT%H:%M"

REQUIRED_COLUMNS = ("datetime", "pain")

Load = TypeVar("Load", int, float, np.ndarray, pd.Series)


def session_load(rpe: Load, minutes: Load) -> Load:
    """Session load in arbitrary units: effort (0-10) x minutes (foster_2001).

    The one definition, for a single session or for whole columns of a log.
    """
    return rpe * minutes


def _pain(name: str, value: Any, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if type(value) is not int or not 0 <= value <= 10:
        raise InvalidInput(f"{name}: a whole number from 0 to 10, got {value!r}")
    return value


@dataclass(frozen=True)
class LogEntry:
    """One workout or check-in; validates on creation so a bad entry never reaches the store."""

    ts: datetime
    pain: int
    pain_during: int | None = None
    pain_next_morning: int | None = None
    location: str = "centre"
    radiates: bool = False
    session_type: str = "check_in"
    minutes: int = 0
    rpe: int = 0
    warmed_up: bool = False
    fluids: str = "ok"
    notes: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.ts, datetime):
            raise InvalidInput(f"datetime: expected a date and time, got {self.ts!r}")
        _pain("pain", self.pain)
        _pain("pain_during", self.pain_during, optional=True)
        _pain("pain_next_morning", self.pain_next_morning, optional=True)
        if self.location not in LOCATIONS:
            raise InvalidInput(f"location: one of {', '.join(LOCATIONS)}, got {self.location!r}")
        if self.session_type not in LOGGED_SESSION_TYPES:
            raise InvalidInput(
                f"session_type: one of {', '.join(LOGGED_SESSION_TYPES)}, got {self.session_type!r}"
            )
        if type(self.minutes) is not int or not 0 <= self.minutes <= MAX_MINUTES:
            raise InvalidInput(f"minutes: a whole number from 0 to {MAX_MINUTES}")
        if type(self.rpe) is not int or not 0 <= self.rpe <= 10:
            raise InvalidInput(f"rpe: a whole number from 0 to 10, got {self.rpe!r}")
        for flag in ("radiates", "warmed_up"):
            if type(getattr(self, flag)) is not bool:
                raise InvalidInput(f"{flag}: yes or no")
        if self.fluids not in FLUIDS:
            raise InvalidInput(f"fluids: ok or low, got {self.fluids!r}")
        if not isinstance(self.notes, str) or len(self.notes) > MAX_NOTE:
            raise InvalidInput(f"notes: text of at most {MAX_NOTE:,} characters")

    @property
    def load(self) -> int:
        return session_load(self.rpe, self.minutes)

    def to_row(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy made writing a demo's 400 entries take 100 ms.
        row = {name: getattr(self, name) for name in ENTRY_FIELDS}
        row["ts"] = self.ts.strftime(TIME_FORMAT)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LogEntry:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in row.items() if k in names}
        values["ts"] = datetime.fromisoformat(values["ts"])
        values["radiates"] = bool(values["radiates"])
        values["warmed_up"] = bool(values["warmed_up"])
        return cls(**values)


ENTRY_FIELDS = tuple(f.name for f in fields(LogEntry))  # ts first, then the rest in order
CSV_COLUMNS = ("datetime", *ENTRY_FIELDS[1:])  # the import template: ts is called datetime


def csv_template() -> str:
    """A header and two example rows, offered as a download next to the importer."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerow(
        [
            "2026-01-05T18:30",
            2,
            3,
            2,
            "centre",
            "no",
            "strength",
            45,
            6,
            "yes",
            "ok",
            "",
        ]
    )
    writer.writerow(
        [
            "2026-01-06T08:00",
            1,
            "",
            "",
            "centre",
            "no",
            "check_in",
            0,
            0,
            "no",
            "ok",
            "",
        ]
    )
    return out.getvalue()


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _parse_int(value: str, optional: bool = False) -> int | None:
    """Plain ASCII digits only: Python's int() also reads `1_0` and other scripts' digits."""
    value = value.strip()
    if value == "":
        if optional:
            return None
        raise ValueError("is empty")
    if not _WHOLE_NUMBER.fullmatch(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _one_line_ending(text: str) -> str:
    """CR, LF and CRLF inside a cell all become LF, whichever program saved the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _parse_when(value: str, today: date) -> datetime:
    ts = datetime.fromisoformat(value)
    if ts.tzinfo is not None:
        raise ValueError(f"{value!r} has a time zone; give the local date and time")
    dates.check_day("datetime", ts.date(), today)
    return ts


def _parse_row(row: dict[str, str], today: date) -> LogEntry:
    def text(name: str, default: str) -> str:
        return (row.get(name) or "").strip() or default

    def step(name: str, parse):
        try:
            return parse()
        except InvalidInput:
            raise
        except ValueError as e:
            raise InvalidInput(f"{name}: {e}") from None

    return LogEntry(
        ts=step("datetime", lambda: _parse_when(text("datetime", ""), today)),
        pain=step("pain", lambda: _parse_int(row.get("pain") or "")),
        pain_during=step("pain_during", lambda: _parse_int(row.get("pain_during") or "", True)),
        pain_next_morning=step(
            "pain_next_morning",
            lambda: _parse_int(row.get("pain_next_morning") or "", True),
        ),
        location=text("location", "centre"),
        radiates=step("radiates", lambda: _parse_bool(row.get("radiates") or "")),
        session_type=text("session_type", "check_in"),
        minutes=step("minutes", lambda: _parse_int(row.get("minutes") or "0")),
        rpe=step("rpe", lambda: _parse_int(row.get("rpe") or "0")),
        warmed_up=step("warmed_up", lambda: _parse_bool(row.get("warmed_up") or "")),
        fluids=text("fluids", "ok"),
        notes=_one_line_ending(row.get("notes") or ""),
    )


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, values): a cell spanning lines is still one row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for number in itertools.count(1):
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise ImportRejected([f"row {number}: not readable as CSV ({e})"]) from None
        yield number, values


def _header(values: list[str]) -> list[str]:
    header = [h.strip() for h in values]
    problems = [f"missing column {c!r}" for c in REQUIRED_COLUMNS if c not in header]
    problems += [f"unknown column {c!r}" for c in header if c not in CSV_COLUMNS]
    problems += [f"column {c!r} appears more than once" for c in set(header) if header.count(c) > 1]
    if problems:
        raise ImportRejected(problems)
    return header


def parse_csv(data: bytes, today: date) -> list[LogEntry]:
    """Parse a whole CSV file, or raise ImportRejected listing every problem found.

    All-or-nothing by design: the caller writes the returned entries in one transaction, and a
    file with any bad row returns nothing at all. Dates must fall in `dates`' window for `today`.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected([f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(["the file is not UTF-8 text; save it as 'CSV UTF-8'"]) from None
    if not text.strip():
        raise ImportRejected(["the file is empty"])
    records = _records(text)
    header = _header(next(records)[1])
    entries: list[LogEntry] = []
    problems: list[str] = []
    for number, values in records:
        if not values:
            continue
        if len(entries) + len(problems) >= MAX_IMPORT_ROWS:
            raise ImportRejected([f"more than {MAX_IMPORT_ROWS:,} rows; split the file"])
        if len(values) > len(header):
            problems.append(f"row {number}: more values than columns")
            continue
        try:
            entries.append(_parse_row(dict(zip(header, values, strict=False)), today))
        except InvalidInput as e:
            problems.append(f"row {number}: {e}")
    if problems:
        raise ImportRejected(problems)
    if not entries:
        raise ImportRejected(["the file has a header but no rows"])
    return entries


def export_frame(entries: pd.DataFrame) -> pd.DataFrame:
    """A stored log in the import template's columns, so an export can be imported again."""
    frame = pd.DataFrame(
        {
            "datetime": entries["ts"],
            **{
                c: entries[c] for c in CSV_COLUMNS if c not in ("datetime", "radiates", "warmed_up")
            },
            "radiates": entries["radiates"].map({True: "yes", False: "no"}),
            "warmed_up": entries["warmed_up"].map({True: "yes", False: "no"}),
        }
    )
    for column in ("pain_during", "pain_next_morning"):
        frame[column] = frame[column].astype("Int64")
    return frame[list(CSV_COLUMNS)]


def _optional_int(value: Any) -> int | None:
    """A whole number from a table cell (editors hand back floats), None when empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def entries_from_table(table: pd.DataFrame, today: date) -> dict[int, LogEntry]:
    """Validate rows edited in a table (by id); raise ImportRejected listing every bad row."""
    entries: dict[int, LogEntry] = {}
    problems: list[str] = []
    for row in table.to_dict("records"):
        try:
            ts = row["date"]
            entry = LogEntry(
                ts=ts.to_pydatetime() if isinstance(ts, pd.Timestamp) else ts,
                pain=_optional_int(row["pain"]),
                pain_during=_optional_int(row["pain_during"]),
                pain_next_morning=_optional_int(row["pain_next_morning"]),
                location=row["location"],
                radiates=bool(row["radiates"]),
                session_type=row["session_type"],
                minutes=_optional_int(row["minutes"]) or 0,
                rpe=_optional_int(row["rpe"]) or 0,
                warmed_up=bool(row["warmed_up"]),
                fluids=row["fluids"],
                notes=row["notes"] or "",
            )
            entries[int(row["id"])] = entry
            dates.check_day("date", entry.ts.date(), today)
        except (InvalidInput, TypeError, ValueError, OverflowError) as e:
            problems.append(f"entry of {row.get('date')}: {e}")
    if problems:
        raise ImportRejected(problems, "Nothing was saved")
    return entries
