"""Pain and workout log entries: validation, and the all-or-nothing CSV import format."""

from __future__ import annotations

import csv
import io
import itertools
import numbers
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from coach import dates
from coach.content import label
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
        raise InvalidInput(f"{name}: enter a whole number from 0 to 10")
    return value


@dataclass(frozen=True)
class LogEntry:
    """One workout or check-in; validates on creation so a bad entry never reaches the store."""

    ts: datetime
    pain: int
    pain_during: int | None = None
    pain_next_morning: int | None = None
    location: str | None = "centre"  # None, like fluids: not asked (a client's check-in)
    radiates: bool | None = False  # None: not asked (a check-in), not "it does not spread"
    session_type: str = "check_in"
    minutes: int = 0
    rpe: int | None = 0  # None: effort not answered (a check-in that skipped it), not resting
    warmed_up: bool = False
    fluids: str | None = "ok"
    notes: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.ts, datetime):
            raise InvalidInput(f"datetime: expected a date and time, got {self.ts!r}")
        _pain("pain", self.pain)
        _pain("pain_during", self.pain_during, optional=True)
        _pain("pain_next_morning", self.pain_next_morning, optional=True)
        if self.location is not None and self.location not in LOCATIONS:
            raise InvalidInput(f"location: one of {', '.join(LOCATIONS)}, got {self.location!r}")
        if self.session_type not in LOGGED_SESSION_TYPES:
            raise InvalidInput(
                f"session_type: one of {', '.join(LOGGED_SESSION_TYPES)}, got {self.session_type!r}"
            )
        if type(self.minutes) is not int or not 0 <= self.minutes <= MAX_MINUTES:
            raise InvalidInput(f"minutes: a whole number from 0 to {MAX_MINUTES}")
        _pain("rpe", self.rpe, optional=True)
        for flag in ("radiates", "warmed_up"):
            value = getattr(self, flag)
            if type(value) is not bool and not (flag == "radiates" and value is None):
                raise InvalidInput(f"{flag}: yes or no")
        if self.fluids is not None and self.fluids not in FLUIDS:
            raise InvalidInput(f"fluids: ok or low, got {self.fluids!r}")
        if not isinstance(self.notes, str) or len(self.notes) > MAX_NOTE:
            raise InvalidInput(f"notes: text of at most {MAX_NOTE:,} characters")

    @property
    def load(self) -> int | None:
        """None when the effort was not answered: the load is unknown, not nothing."""
        return None if self.rpe is None else session_load(self.rpe, self.minutes)

    def to_row(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy made writing a demo's 400 entries take 100 ms.
        row = {name: getattr(self, name) for name in ENTRY_FIELDS}
        row["ts"] = self.ts.strftime(TIME_FORMAT)
        return row

    @classmethod
    def check_in(cls, ts: datetime, pain: int, **asked: Any) -> LogEntry:
        """A quick check-in: what it asked, and the rest stored as not answered (where, whether
        it spreads, effort, fluids), never as the log form's defaults."""
        unasked = {"location": None, "radiates": None, "rpe": None, "fluids": None}
        return cls(ts=ts, pain=pain, **{**unasked, **asked})

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LogEntry:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in row.items() if k in names}
        values["ts"] = datetime.fromisoformat(values["ts"])
        values["radiates"] = _optional_flag(values["radiates"])
        values["warmed_up"] = bool(values["warmed_up"])
        return cls(**values)


def entry_from_form(
    day: date,
    at: time,
    pain: int | None,
    pain_during: int | None,
    pain_next_morning: int | None,
    location: str,
    radiates: bool,
    session_type: str,
    minutes: int,
    rpe: int,
    warmed_up: bool,
    fluids: str,
    notes: str,
) -> LogEntry:
    """An entry typed into the log form, checked for what a form can get wrong.

    Pain has no default, so a saved 0 was chosen; a training session has minutes, and a
    check-in has none (a 0-minute "strength" session is a check-in typed in the wrong place).
    """
    if pain is None:
        raise InvalidInput("Choose the pain now, from 0 to 10 (0 means no pain).")
    if session_type != "check_in" and minutes == 0:
        raise InvalidInput(
            f"A {label('session_type', session_type).lower()} session needs its minutes. "
            f"Enter how long it lasted, or choose {label('session_type', 'check_in')!r} "
            "if there was no training."
        )
    if session_type == "check_in" and (minutes or rpe):
        raise InvalidInput(
            "Minutes and effort belong to a training session: choose the session type, or set "
            "them to 0 for a check-in."
        )
    return LogEntry(
        datetime.combine(day, at), pain, pain_during, pain_next_morning, location, radiates,
        session_type, minutes, rpe, warmed_up, fluids, notes,
    )  # fmt: skip


ENTRY_FIELDS = tuple(f.name for f in fields(LogEntry))  # ts first, then the rest in order
CSV_COLUMNS = ("datetime", *ENTRY_FIELDS[1:])  # the import columns by id: ts is called datetime
CSV_TIME_FORMAT = "%Y-%m-%d %H:%M"  # written in exports; the importer reads any ISO date and time
_CATEGORIES = {"location": LOCATIONS, "session_type": LOGGED_SESSION_TYPES, "fluids": FLUIDS}
_YES_NO = ("radiates", "warmed_up")


def column_words(column: str) -> str:
    """A CSV column's heading as exports and the template write it ("Pain next morning")."""
    return label("log_field", column)


def _category_words(column: str, value: str) -> str:
    return label(column, value)


def csv_template() -> str:
    """A header and two example rows, offered as a download next to the importer."""
    examples = [
        LogEntry(datetime(2026, 1, 5, 18, 30), 2, 3, 2, "centre", False, "strength", 45, 6, True),
        LogEntry(datetime(2026, 1, 6, 8, 0), 1),
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(column_words(c) for c in CSV_COLUMNS)
    writer.writerows(_csv_values(e.to_row()) for e in examples)
    return out.getvalue()


def _csv_values(row: dict[str, Any]) -> list[Any]:
    """One stored row as the words a CSV carries: labels, yes/no, a readable date and time."""
    ts = row["ts"] if isinstance(row["ts"], datetime) else datetime.fromisoformat(row["ts"])
    values: list[Any] = [ts.strftime(CSV_TIME_FORMAT)]
    for column in CSV_COLUMNS[1:]:
        value = row[column]
        if column in _CATEGORIES:
            value = "" if value is None else _category_words(column, value)
        elif column in _YES_NO:
            value = "" if _optional_flag(value) is None else "yes" if value else "no"
        values.append(value)
    return values


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _parse_int(value: str, top: int, optional: bool = False) -> int | None:
    """Plain ASCII digits only: Python's int() also reads `1_0` and other scripts' digits."""
    value = value.strip()
    if value == "":
        if optional:
            return None
        raise ValueError(f"is empty; give a whole number from 0 to {top}")
    if not _WHOLE_NUMBER.fullmatch(value) or not 0 <= int(value) <= top:
        raise ValueError(f"{value!r} is not a whole number from 0 to {top}")
    return int(value)


def _one_line_ending(text: str) -> str:
    """CR, LF and CRLF inside a cell all become LF, whichever program saved the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_bool(value: str, *, optional: bool = False) -> bool | None:
    lowered = value.strip().lower()
    if optional and not lowered:
        return None
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _parse_category(column: str, value: str, default: str | None) -> str | None:
    """A stored id or its words, in any letter case ("Strength", "check_in", "Left side");
    `default` for an empty cell."""
    wanted = value.strip().casefold()
    if not wanted:
        return default
    for choice in _CATEGORIES[column]:
        if wanted in (choice.casefold(), _category_words(column, choice).casefold()):
            return choice
    allowed = ", ".join(_category_words(column, c) for c in _CATEGORIES[column])
    raise ValueError(f"{value.strip()!r} is not one of {allowed}")


def _parse_when(value: str, today: date) -> datetime:
    """A local date and time inside `dates`' window for `today`."""
    try:
        ts = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"{value.strip()!r} is not a date and time such as 2026-01-05 18:30"
        ) from None
    if ts.tzinfo is not None:
        raise ValueError(f"{value.strip()!r} has a time zone; give the local date and time")
    if problem := dates.window_problem(ts.date(), today):
        raise ValueError(problem)
    return ts


def _parse_row(row: dict[str, str], today: date) -> LogEntry:
    """One row as an entry, or InvalidInput listing every problem in it, in the column's words."""
    cell = {c: row.get(c) or "" for c in CSV_COLUMNS}
    parsers = {
        "datetime": lambda: _parse_when(cell["datetime"], today),
        "pain": lambda: _parse_int(cell["pain"], 10),
        "pain_during": lambda: _parse_int(cell["pain_during"], 10, optional=True),
        "pain_next_morning": lambda: _parse_int(cell["pain_next_morning"], 10, optional=True),
        "location": lambda: _parse_category("location", cell["location"], None),
        "radiates": lambda: _parse_bool(cell["radiates"], optional=True),
        "session_type": lambda: _parse_category("session_type", cell["session_type"], "check_in"),
        "minutes": lambda: _parse_int(cell["minutes"] or "0", MAX_MINUTES),
        "rpe": lambda: _parse_int(cell["rpe"], 10, optional=True),
        "warmed_up": lambda: _parse_bool(cell["warmed_up"]),
        "fluids": lambda: _parse_category("fluids", cell["fluids"], None),
        "notes": lambda: _one_line_ending(cell["notes"]),
    }
    values: dict[str, Any] = {}
    problems: list[str] = []
    for column, parse in parsers.items():
        try:
            values[column] = parse()
        except ValueError as e:
            problems.append(f"{column_words(column)}: {e}")
    if problems:
        raise InvalidInput("; ".join(problems))
    return LogEntry(ts=values.pop("datetime"), **values)


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
    """The columns by id; a heading may be the id ("pain_next_morning") or its words, any case."""
    known = {}
    for column in CSV_COLUMNS:
        known[column.casefold()] = known[column_words(column).casefold()] = column
    header = [known.get(h.strip().casefold(), h.strip()) for h in values]
    problems = [f"missing column {column_words(c)!r}" for c in REQUIRED_COLUMNS if c not in header]
    problems += [f"unknown column {c!r}" for c in header if c not in CSV_COLUMNS]
    problems += [
        f"column {column_words(c)!r} appears more than once"
        for c in dict.fromkeys(header)
        if c in CSV_COLUMNS and header.count(c) > 1
    ]
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


def _stored_entry(row: dict[str, Any]) -> LogEntry:
    """A row of `entries_frame` (where a missing number reads as NaN) as the entry it stores."""
    clean = {k: None if isinstance(v, float) and pd.isna(v) else v for k, v in row.items()}
    for column in ("pain", "pain_during", "pain_next_morning", "minutes", "rpe"):
        if clean[column] is not None:
            clean[column] = int(clean[column])
    return LogEntry.from_row(clean)


def _same(entry: LogEntry) -> tuple:
    """What makes two entries the same: every value, the time to the minute as stored."""
    return tuple(entry.to_row().values())


def already_logged(entries: list[LogEntry], stored: pd.DataFrame) -> list[bool]:
    """For each entry, whether the log already holds one with the same time and values.

    `stored` is the log over the entries' time span (`store.entries_frame`); an entry repeated
    within `entries` itself counts once, so importing a file twice adds nothing the second time.
    """
    seen = {_same(_stored_entry(row)) for row in stored[list(ENTRY_FIELDS)].to_dict("records")}
    found = []
    for entry in entries:
        key = _same(entry)
        found.append(key in seen)
        seen.add(key)
    return found


def export_frame(entries: pd.DataFrame) -> pd.DataFrame:
    """A stored log in the import's columns and words, so an export can be imported again."""
    rows = [_csv_values(row) for row in entries[list(ENTRY_FIELDS)].to_dict("records")]
    frame = pd.DataFrame(rows, columns=[column_words(c) for c in CSV_COLUMNS])
    for column in ("pain_during", "pain_next_morning", "rpe"):
        frame[column_words(column)] = frame[column_words(column)].astype("Int64")
    return frame


def _optional_int(value: Any) -> int | None:
    """A whole number from a table cell (editors hand back floats), None when empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _optional_flag(value: Any) -> bool | None:
    """A yes/no that may not have been asked: None (or pandas' NA or NaN) stays None."""
    return None if value is None or pd.isna(value) else bool(value)


def _optional_text(value: Any) -> Any:
    """A table cell left empty (None, or NaN from pandas) as None; anything else as it is."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


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
                location=_optional_text(row["location"]),
                radiates=_optional_flag(row["radiates"]),
                session_type=row["session_type"],
                minutes=_optional_int(row["minutes"]) or 0,
                rpe=_optional_int(row["rpe"]),
                warmed_up=bool(row["warmed_up"]),
                fluids=_optional_text(row["fluids"]),
                notes=row["notes"] or "",
            )
            entries[int(row["id"])] = entry
            dates.check_day("date", entry.ts.date(), today)
        except (InvalidInput, TypeError, ValueError, OverflowError) as e:
            problems.append(f"entry of {row.get('date')}: {e}")
    if problems:
        raise ImportRejected(problems, "Nothing was saved")
    return entries
