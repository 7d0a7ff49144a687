"""The rows of an export, checked through the same domain types and rules as typed input.

An import writes only rows these checks return: a log entry rebuilt from its `LogEntry`, a
triage whose answers, level and result the triage's own types accept, a plan that
`Plan.from_dict` rebuilds and whose edits the plan checks can describe, dates inside the window
of `coach.dates`. So a file can hold no value a screen would not have saved. Each check raises
InvalidInput naming the field; `coach.portability` adds the client, the table and the row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach import dates, form_check, plan_checks, timestamps
from coach.content import sources
from coach.errors import InvalidInput
from coach.intake import CLEARED, NEEDS_CLEARANCE, questions
from coach.logbook import ENTRY_FIELDS, LogEntry
from coach.plans import DOSE_LIMITS, Dose, Plan, SessionDays, Swap, edit_from_dict, library
from coach.profiles import Profile
from coach.store.clearance import MAX_CLEARED_BY
from coach.store.portability import CHILD_COLUMNS
from coach.triage import Level, TriageResult, content, validate_answers
from coach.uploads import MAX_CLIP_BYTES
from coach.warmup import builder

Row = dict[str, Any]
# An export nests six deep (clients, a client, its plans, a plan, its done rows, one row), a
# stored document (a plan) seven; anything much deeper was not written by Back Coach.
MAX_DEPTH = 12
MAX_DOCUMENT = 200_000  # characters of one stored document (a 16-week plan is about 40,000)
MAX_NOTE = 500  # a clearance note, as its form allows; also an error reason (store's limit)
MAX_PLAN_NOTE = 2_000  # the note the app writes on a plan version ("edited: ...")
MAX_TEXT = 1_000  # a reason or advice line of a stored triage result
CLIP_TYPES = ("video/mp4", "video/quicktime", "video/webm")


def check_depth(value: Any, where: str) -> None:
    """Refuse a structure nested deeper than MAX_DEPTH, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidInput(f"{where}: nested too deeply to be a Back Coach export")
        if isinstance(node, Mapping):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def _who_cleared(row: Any) -> Any:
    """Exports made before clearances named who cleared the client have no such field."""
    return {"cleared_by": None, **row} if isinstance(row, Mapping) else row


def fields(row: Any, names: tuple[str, ...]) -> Row:
    """A row that is an object holding exactly `names`."""
    if not isinstance(row, Mapping):
        raise InvalidInput(f"expected an object of fields, got {_kind(row)}")
    if unknown := sorted(str(k) for k in row.keys() - set(names)):
        raise InvalidInput(f"{unknown[0]}: not a field of this table")
    if missing := [n for n in names if n not in row]:
        raise InvalidInput(f"{missing[0]}: missing")
    return dict(row)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "yes/no"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def text(name: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{name}: text expected, got {_kind(value)}")
    if len(value) > limit:
        raise InvalidInput(f"{name}: at most {limit:,} characters")
    return value


def optional_text(name: str, value: Any, limit: int) -> str | None:
    return None if value is None else text(name, value, limit)


def whole(name: str, value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        found = "nothing" if value is None else repr(value)
        raise InvalidInput(f"{name}: a whole number from {low} to {high} is needed, found {found}")
    return value


def flag(name: str, value: Any) -> int:
    """A yes/no as SQLite stores it (0 or 1; true and false are read too)."""
    if value not in (0, 1) or type(value) not in (int, bool):
        raise InvalidInput(f"{name}: yes or no (0 or 1), got {value!r}")
    return int(value)


def day(name: str, value: Any, today: date) -> str:
    """A calendar day in the window of `coach.dates`, as stored (YYYY-MM-DD)."""
    try:
        parsed = date.fromisoformat(text(name, value, 10))
    except ValueError:
        raise InvalidInput(f"{name}: a date (YYYY-MM-DD), got {value!r}") from None
    return dates.check_day(name, parsed, today).isoformat()


def optional_day(name: str, value: Any, today: date) -> str | None:
    return None if value is None else day(name, value, today)


def instant(name: str, value: Any, today: date) -> str:
    """A stored instant (UTC ISO text) whose day lies in the window of `coach.dates`."""
    try:
        when = timestamps.from_text(text(name, value, 32))
    except ValueError:
        raise InvalidInput(f"{name}: a date and time (ISO 8601), got {value!r}") from None
    dates.check_day(name, when.date(), today)
    return timestamps.to_text(when)


def optional_instant(name: str, value: Any, today: date) -> str | None:
    return None if value is None else instant(name, value, today)


def document(name: str, value: Any) -> Any:
    """A JSON document stored as text: parsed, and no deeper than an export's."""
    try:
        parsed = json.loads(text(name, value, MAX_DOCUMENT))
    except RecursionError:
        raise InvalidInput(f"{name}: nested too deeply to be a Back Coach export") from None
    except ValueError:
        raise InvalidInput(f"{name}: not readable JSON") from None
    check_depth(parsed, name)
    return parsed


def _listed(name: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"{name}: a list expected, got {_kind(value)}")
    return value


def log_row(row: Any, today: date) -> Row:
    """A log entry, rebuilt through `LogEntry` as the log form and the CSV import build it."""
    row = fields(row, ENTRY_FIELDS)
    radiates = row["radiates"]  # None: not asked (a check-in)
    values = {**row, "radiates": None if radiates is None else bool(flag("radiates", radiates))}
    values["warmed_up"] = bool(flag("warmed_up", row["warmed_up"]))
    try:
        values["ts"] = datetime.fromisoformat(text("ts", row["ts"], 32))
    except ValueError:
        raise InvalidInput(f"ts: a date and time, got {row['ts']!r}") from None
    entry = LogEntry(**values)
    dates.check_day("ts", entry.ts.date(), today)
    stored = {"radiates": None if entry.radiates is None else int(entry.radiates)}
    return {**entry.to_row(), **stored, "warmed_up": int(entry.warmed_up)}


def _source(name: str, value: Any) -> str:
    if text(name, value, 100) not in sources():
        raise InvalidInput(f"{name}: {value!r} is not a source Back Coach cites")
    return value


def triage_result(value: Any) -> TriageResult:
    """A stored result as the triage writes it: known level, causes, sources and questions."""
    data = _mapping("result", value)
    level("result.level", data.get("level"))
    known = ("level", "reasons", "causes", "advice", "missing", "tell", "safety_net")
    if unknown := sorted(str(k) for k in data.keys() - set(known)):
        raise InvalidInput(f"result.{unknown[0]}: not part of a triage result")
    try:
        reasons = [
            fields(r, ("rule_id", "level", "text", "source"))
            for r in _listed("result.reasons", data["reasons"])
        ]
        lines = [
            fields(a, ("text", "source"))
            for part in ("advice", "safety_net")
            for a in _listed(f"result.{part}", data.get(part, []))
        ]
        result = TriageResult.from_dict(data)
    except KeyError as e:
        raise InvalidInput(f"result.{e.args[0]}: missing") from None
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"result: not a triage result ({e})") from None
    for r in reasons:
        text("result.reasons.rule_id", r["rule_id"], 100)
        text("result.reasons.text", r["text"], MAX_TEXT)
        _source("result.reasons.source", r["source"])
        if level("result.reasons.level", r["level"]).rank < result.level.rank:
            raise InvalidInput("result.reasons.level: more severe than the result's level")
    for line in lines:
        text("result.advice.text", line["text"], MAX_TEXT)
        _source("result.advice.source", line["source"])
    text("result.tell", result.tell, MAX_TEXT)
    for cause in result.causes:
        if text("result.causes", cause, 100) not in {c.id for c in content().causes}:
            raise InvalidInput(f"result.causes: {cause!r} is not a cause Back Coach names")
    missing = {text("result.missing", key, 100) for key in result.missing}
    if unknown := sorted(missing - content().keys):
        raise InvalidInput(f"result.missing: {unknown[0]!r} is not a triage question")
    return result


def level(name: str, value: Any) -> Level:
    if not isinstance(value, str) or value not in {str(v) for v in Level}:
        raise InvalidInput(f"{name}: one of {', '.join(Level)}, got {value!r}")
    return Level(value)


def _mapping(name: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{name}: an object expected, got {_kind(value)}")
    return value


TRIAGE_FIELDS = CHILD_COLUMNS["triages"]


def triage_row(row: Any, today: date) -> Row:
    row = fields(_who_cleared(row), TRIAGE_FIELDS)
    answers = document("answers", row["answers"])
    validate_answers(_mapping("answers", answers))
    stored = document("result", row["result"])
    result = triage_result(stored)
    if level("level", row["level"]) is not result.level:
        raise InvalidInput(f"level: {row['level']!r} is not the level of its result")
    return {
        "ts": instant("ts", row["ts"], today),
        "level": str(result.level),
        "answers": json.dumps(answers),
        "result": json.dumps(stored),
        "cleared_on": optional_day("cleared_on", row["cleared_on"], today),
        "cleared_note": optional_text("cleared_note", row["cleared_note"], MAX_NOTE),
        "cleared_by": optional_text("cleared_by", row["cleared_by"], MAX_CLEARED_BY),
        "error_reason": optional_text("error_reason", row["error_reason"], MAX_NOTE),
        "errored_at": optional_instant("errored_at", row["errored_at"], today),
    }


def form_check_row(row: Any, today: date) -> Row:
    """A form check of a lift the library holds, with that lift's own faults."""
    row = fields(row, ("ts", "exercise_id", "faults", "load_kg", "score"))
    exercise_id = text("exercise_id", row["exercise_id"], 100)
    if exercise_id not in form_check.exercises():
        raise InvalidInput(f"exercise_id: {exercise_id!r} is not a lift the form check knows")
    faults = _listed("faults", document("faults", row["faults"]))
    for fault in faults:
        form_check.exercises()[exercise_id].fault(text("faults", fault, 100))
    load = row["load_kg"]
    if load is not None and (type(load) not in (int, float) or not 0 <= load <= 500):
        raise InvalidInput(f"load_kg: a number from 0 to 500 kg, or empty, got {load!r}")
    return {
        "ts": instant("ts", row["ts"], today),
        "exercise_id": exercise_id,
        "faults": json.dumps(faults),
        "load_kg": load,
        "score": whole("score", row["score"], 0, 100),
    }


def warmup_row(row: Any, today: date) -> Row:
    """A completed warm-up of a session type and length the warm-up builder offers."""
    row = fields(row, ("day", "session_type", "minutes", "completed_at"))
    kinds, (shortest, longest) = builder().session_types, builder().minutes
    if not isinstance(row["session_type"], str) or row["session_type"] not in kinds:
        raise InvalidInput(f"session_type: one of {', '.join(kinds)}, got {row['session_type']!r}")
    return {
        "day": day("day", row["day"], today),
        "session_type": row["session_type"],
        "minutes": whole("minutes", row["minutes"], shortest, longest),
        "completed_at": instant("completed_at", row["completed_at"], today),
    }


def intake_row(row: Any, today: date) -> Row:
    """An intake's yes/no answers to known questions, an outcome and reasons among them."""
    row = fields(
        _who_cleared(row),
        ("ts", "answers", "outcome", "reasons", "cleared_on", "cleared_note", "cleared_by"),
    )
    ids = {q.id for q in questions()}
    answers = _mapping("answers", document("answers", row["answers"]))
    for key, value in answers.items():
        if key not in ids:
            raise InvalidInput(f"answers: {key!r} is not an intake question")
        if type(value) is not bool:
            raise InvalidInput(f"answers: {key} is answered yes or no, got {value!r}")
    if row["outcome"] not in (CLEARED, NEEDS_CLEARANCE):
        raise InvalidInput(f"outcome: {CLEARED} or {NEEDS_CLEARANCE}, got {row['outcome']!r}")
    reasons = _listed("reasons", document("reasons", row["reasons"]))
    for reason in reasons:
        if text("reasons", reason, 100) not in ids:
            raise InvalidInput(f"reasons: {reason!r} is not an intake question")
    return {
        "ts": instant("ts", row["ts"], today),
        "answers": json.dumps(answers),
        "outcome": row["outcome"],
        "reasons": json.dumps(reasons),
        "cleared_on": optional_day("cleared_on", row["cleared_on"], today),
        "cleared_note": optional_text("cleared_note", row["cleared_note"], MAX_NOTE),
        "cleared_by": optional_text("cleared_by", row["cleared_by"], MAX_CLEARED_BY),
    }


def plan(value: Any) -> Plan:
    """A stored plan, rebuilt by `Plan.from_dict` after each edit is checked as the plan editor
    checks it; the plan checks must be able to describe it and judge the result."""
    data = _mapping("plan", value)
    weeks = len(_listed("plan.weeks", data.get("weeks")))
    for raw in _listed("plan.edits", data.get("edits", [])):
        try:
            edit = edit_from_dict(dict(_mapping("plan.edits", raw)))
        except InvalidInput as e:
            raise InvalidInput(f"plan.edits: {e}") from None
        _check_edit(edit, weeks)
    try:
        built = Plan.from_dict(dict(data))
    except KeyError as e:
        raise InvalidInput(f"plan.{e.args[0]}: missing") from None
    except InvalidInput as e:
        raise InvalidInput(f"plan.{e}") from None
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"plan: not a Back Coach plan ({e})") from None
    plan_checks.broken_rules(built)
    return built


def _check_edit(edit: Swap | Dose | SessionDays, weeks: int) -> None:
    if not isinstance(edit.kept_despite, tuple):
        raise InvalidInput("plan.edits.kept_despite: a list of texts expected")
    for reason in edit.kept_despite:
        text("plan.edits.kept_despite", reason, MAX_TEXT)
    if isinstance(edit, SessionDays):
        whole("plan.edits.days_per_week", edit.days_per_week, 1, 7)
        return
    ids = [edit.exercise_id, edit.to] if isinstance(edit, Swap) else [edit.exercise_id]
    for exercise_id in ids:
        if not isinstance(exercise_id, str) or exercise_id not in library():
            raise InvalidInput(f"plan.edits: {exercise_id!r} is not a core exercise")
    if isinstance(edit, Dose):
        whole("plan.edits.week", edit.week, 1, weeks)
        for name, (low, high) in DOSE_LIMITS.items():
            whole(f"plan.edits.{name}", getattr(edit, name), low, high)
    plan_checks.describe(edit)


PLAN_FIELDS = ("created", "start_day", "plan", "note", "done")
DONE_FIELDS = ("week", "session", "done_on")


def plan_row(row: Any, today: date) -> tuple[Row, list[Row]]:
    """A plan version and its sessions marked done, each inside the plan's weeks and days."""
    row = fields(row, PLAN_FIELDS)
    built = plan(document("plan", row["plan"]))
    done = []
    for n, mark in enumerate(_listed("done", row["done"]), start=1):
        try:
            mark = fields(mark, DONE_FIELDS)
            done.append(
                {
                    "week": whole("week", mark["week"], 1, len(built.weeks)),
                    "session": whole("session", mark["session"], 0, built.days_per_week - 1),
                    "done_on": day("done_on", mark["done_on"], today),
                }
            )
        except InvalidInput as e:
            raise InvalidInput(f"done row {n}, {e}") from None
    stored = {
        "created": instant("created", row["created"], today),
        "start_day": day("start_day", row["start_day"], today),
        "plan": json.dumps(built.to_dict()),
        "note": optional_text("note", row["note"], MAX_PLAN_NOTE),
    }
    return stored, done


def clip_row(row: Any, today: date) -> None:
    """A clip's description: clips are not imported (each is attached again from the form
    check), but a description that is not one an export writes still refuses the file."""
    row = fields(row, ("ts", "exercise_id", "filename", "mime", "size", "file"))
    instant("ts", row["ts"], today)
    text("exercise_id", row["exercise_id"], 100)
    text("filename", row["filename"], 255)
    text("file", row["file"], 100)
    if row["mime"] not in CLIP_TYPES:
        raise InvalidInput(f"mime: one of {', '.join(CLIP_TYPES)}, got {row['mime']!r}")
    whole("size", row["size"], 1, MAX_CLIP_BYTES)


PROFILE_TYPES = {
    "name": str,
    "age": int,
    "background": str,
    "sex": str,
    "training_days": list,
    "goals": str,
    "notes": str,
}
CLIENT_FIELDS = (*PROFILE_TYPES, "archived", "created")


@dataclass(frozen=True)
class CheckedClient:
    """One client of an export, every row checked, ready for `store.import_client`."""

    profile: Profile
    archived: bool
    created: datetime
    records: dict[str, list[Row]]


def client(record: Any, today: date) -> CheckedClient:
    """Check a client's profile and every row it holds; InvalidInput names the table and row."""
    tables = (*ROW_CHECKS, "plans")
    record = _mapping("client", record)
    if unknown := sorted(str(k) for k in record.keys() - {*CLIENT_FIELDS, *tables, "form_clips"}):
        raise InvalidInput(f"{unknown[0]}: not a field of a client")
    record = fields({"form_clips": [], **record}, (*CLIENT_FIELDS, *tables, "form_clips"))
    for name, kind in PROFILE_TYPES.items():
        if type(record[name]) is not kind:
            raise InvalidInput(f"{name}: {_kind(kind())} expected, got {_kind(record[name])}")
    for day_name in record["training_days"]:
        text("training_days", day_name, 3)
    profile = Profile(
        **{**{f: record[f] for f in PROFILE_TYPES}, "training_days": tuple(record["training_days"])}
    )
    records: dict[str, list[Row]] = {}
    for table, check in ROW_CHECKS.items():
        records[table] = _rows(table, record[table], lambda row, check=check: check(row, today))
    records["plans"] = _rows("plans", record["plans"], lambda row: _plan_with_done(row, today))
    _rows("form_clips", record["form_clips"], lambda row: clip_row(row, today) or {})
    return CheckedClient(
        profile,
        bool(flag("archived", record["archived"])),
        timestamps.from_text(instant("created", record["created"], today)),
        records,
    )


def _plan_with_done(row: Any, today: date) -> Row:
    stored, done = plan_row(row, today)
    return {**stored, "done": done}


def _rows(table: str, rows: Any, check: Callable[[Any], Row]) -> list[Row]:
    checked = []
    for n, row in enumerate(_listed(table, rows), start=1):
        try:
            checked.append(check(row))
        except InvalidInput as e:
            raise InvalidInput(f"{table} row {n}, {e}") from None
        except (KeyError, TypeError, ValueError) as e:  # a shape no check above foresaw
            raise InvalidInput(f"{table} row {n}: not a row Back Coach writes ({e})") from None
    return checked


ROW_CHECKS: dict[str, Callable[[Any, date], Row]] = {
    "log_entries": log_row,
    "triages": triage_row,
    "form_checks": form_check_row,
    "warmups": warmup_row,
    "intakes": intake_row,
}
