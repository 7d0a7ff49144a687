"""SQLite storage through sqlite-utils: the one module every page uses to read and write.

Every function takes the database and the owner, and every query is scoped by that owner, so
isolation between accounts is part of each signature rather than something a page can forget.
Open one connection per script run (`connect`): a sqlite3 connection is bound to its thread.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlite_utils import Database, Migrations

from coach.errors import InvalidInput, NotFound
from coach.logbook import ENTRY_FIELDS, LogEntry
from coach.profiles import Client, Profile

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "var" / "backcoach.db"
LOCAL_OWNER = "local"
BUSY_TIMEOUT_SECONDS = 30
WRITE_BATCH = 1_000

migrations = Migrations("backcoach")


@migrations()
def m001_owners_clients_log_triage(db: Database) -> None:
    db["owners"].create(
        {"id": str, "name": str, "kind": str, "created": str},
        pk="id",
        not_null={"name"},
    )
    db["clients"].create(
        {
            "id": int,
            "owner_id": str,
            "name": str,
            "age": int,
            "sex": str,
            "background": str,
            "training_days": str,
            "goals": str,
            "notes": str,
            "archived": int,
            "created": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id")],
        not_null={"owner_id", "name", "age"},
        defaults={"archived": 0},
    )
    db["clients"].create_index(["owner_id", "archived", "name"])
    db["log_entries"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "pain": int,
            "pain_during": int,
            "pain_next_morning": int,
            "location": str,
            "radiates": int,
            "session_type": str,
            "minutes": int,
            "rpe": int,
            "warmed_up": int,
            "fluids": str,
            "notes": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "pain"},
    )
    db["log_entries"].create_index(["owner_id", "client_id", "ts"])
    db["triages"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "level": str,
            "answers": str,
            "result": str,
            "cleared_on": str,
            "cleared_note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "level"},
    )
    db["triages"].create_index(["owner_id", "client_id", "ts"])


@migrations()
def m002_form_checks_and_warmups(db: Database) -> None:
    db["form_checks"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "exercise_id": str,
            "faults": str,
            "load_kg": float,
            "score": int,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "exercise_id"},
    )
    db["form_checks"].create_index(["owner_id", "client_id", "exercise_id", "ts"])
    db["warmups"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "day": str,
            "session_type": str,
            "minutes": int,
            "completed_at": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "day"},
    )
    db["warmups"].create_index(["owner_id", "client_id", "day"])


@migrations()
def m003_plans(db: Database) -> None:
    db["plans"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "created": str,
            "start_day": str,
            "plan": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "created", "start_day", "plan"},
    )
    db["plans"].create_index(["owner_id", "client_id", "created"])
    db["plan_sessions_done"].create(
        {"id": int, "owner_id": str, "plan_id": int, "week": int, "session": int, "done_on": str},
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("plan_id", "plans", "id")],
        not_null={"owner_id", "plan_id", "week", "session"},
    )
    db["plan_sessions_done"].create_index(["plan_id", "week", "session"], unique=True)


@migrations()
def m004_intakes_and_owner_time_index(db: Database) -> None:
    db["intakes"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "answers": str,
            "outcome": str,
            "reasons": str,
            "cleared_on": str,
            "cleared_note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "outcome"},
    )
    db["intakes"].create_index(["owner_id", "client_id", "ts"])
    db["log_entries"].create_index(["owner_id", "ts"])


@migrations()
def m005_accounts_and_demo_expiry(db: Database) -> None:
    db["accounts"].create(
        {
            "id": int,
            "owner_id": str,
            "username": str,
            "email": str,
            "password_hash": str,
            "is_admin": int,
            "failed_attempts": int,
            "locked_until": str,
            "created": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id")],
        not_null={"owner_id", "username", "password_hash"},
        defaults={"is_admin": 0, "failed_attempts": 0},
    )
    db["accounts"].create_index(["username"], unique=True)
    db["accounts"].create_index(["email"])
    db["owners"].add_column("demo_expires", str)


REVISED_TABLES = ("clients", "log_entries", "triages", "plans", "plan_sessions_done", "intakes")


@migrations()
def m006_owner_revision(db: Database) -> None:
    """A counter per owner that every write to the roster's tables bumps, for cache keys."""
    db["owners"].add_column("revision", int, not_null_default=0)
    for table in REVISED_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_revision AFTER {event} ON {table} "
                f"BEGIN UPDATE owners SET revision = revision + 1 WHERE id = {row}.owner_id; END"
            )


def db_path(configured: str | None = None) -> Path:
    """Where the database lives: the configured path, `BACKCOACH_DB`, else `var/` (git-ignored)."""
    return Path(configured or os.environ.get("BACKCOACH_DB") or DEFAULT_DB_PATH)


def connect(path: Path | str) -> Database:
    """Open a connection for this script run, with WAL, a busy timeout and foreign keys on."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no committed data
    db.execute("PRAGMA secure_delete = ON")  # erased health data is overwritten, not just unlinked
    if db.journal_mode != "wal":
        db.enable_wal()
    return db


def migrate(db: Database) -> None:
    """Create or upgrade the schema; applying it twice is a no-op."""
    migrations.apply(db)


def open_db(path: Path | str) -> Database:
    """Connect and make sure the schema is current: for scripts, tests and the first run."""
    db = connect(path)
    migrate(db)
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads before it writes fails at once with "database is locked"
    when another process wrote in between; an immediate one waits its turn (busy timeout).
    Nested use becomes a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


# ---------------------------------------------------------------- owners


def ensure_owner(db: Database, owner_id: str, name: str, kind: str = "trainer") -> None:
    """Create the owner if it does not exist yet."""
    db["owners"].insert(
        {"id": owner_id, "name": name, "kind": kind, "created": _now()}, ignore=True
    )


OWNER_KINDS = ("trainer", "person")


def owner_kind(db: Database, owner_id: str) -> str:
    row = db.execute("SELECT kind FROM owners WHERE id = ?", [owner_id]).fetchone()
    return row[0] if row else "trainer"


def set_owner_kind(db: Database, owner_id: str, kind: str) -> None:
    """A trainer sees the roster first; a person checking themselves sees 'My week'."""
    if kind not in OWNER_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(OWNER_KINDS)}")
    db["owners"].update(owner_id, {"kind": kind})


def owner_revision(db: Database, owner_id: str) -> int:
    """Changes whenever anything the roster reads changes for this owner."""
    row = db.execute("SELECT revision FROM owners WHERE id = ?", [owner_id]).fetchone()
    return row[0] if row else 0


def owner_exists(db: Database, owner_id: str) -> bool:
    return db.execute("SELECT 1 FROM owners WHERE id = ?", [owner_id]).fetchone() is not None


# ---------------------------------------------------------------- clients


def add_client(db: Database, owner_id: str, profile: Profile) -> Client:
    row = {**profile.to_row(), "owner_id": owner_id, "archived": 0, "created": _now()}
    client_id = db["clients"].insert(row).last_pk
    return get_client(db, owner_id, client_id)


def get_client(db: Database, owner_id: str, client_id: int) -> Client:
    """One client of this owner; raises NotFound for anyone else's client."""
    rows = list(db["clients"].rows_where("id = ? AND owner_id = ?", [client_id, owner_id]))
    if not rows:
        raise NotFound(f"client {client_id}: not found")
    return Client.from_row(rows[0])


def update_client(db: Database, owner_id: str, client_id: int, profile: Profile) -> Client:
    get_client(db, owner_id, client_id)
    db["clients"].update(client_id, profile.to_row())
    return get_client(db, owner_id, client_id)


def set_archived(db: Database, owner_id: str, client_id: int, archived: bool) -> None:
    get_client(db, owner_id, client_id)
    db["clients"].update(client_id, {"archived": int(archived)})


def client_names(db: Database, owner_id: str) -> dict[int, str]:
    """Active clients' ids and names in name order: all a picker needs, cheap at any roster size."""
    rows = db.execute(
        "SELECT id, name FROM clients WHERE owner_id = ? AND archived = 0"
        " ORDER BY name COLLATE NOCASE",
        [owner_id],
    ).fetchall()
    return dict(rows)


_SEARCHED = ("name", "goals", "notes")


def list_clients(
    db: Database, owner_id: str, search: str = "", include_archived: bool = False
) -> list[Client]:
    where = "owner_id = :owner"
    params: dict[str, Any] = {"owner": owner_id}
    if not include_archived:
        where += " AND archived = 0"
    if search.strip():
        where += " AND (" + " OR ".join(f"{c} LIKE :q ESCAPE '\\'" for c in _SEARCHED) + ")"
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["q"] = f"%{escaped}%"
    rows = db["clients"].rows_where(where, params, order_by="name COLLATE NOCASE")
    return [Client.from_row(r) for r in rows]


# ---------------------------------------------------------------- log entries


def add_entries(
    db: Database,
    owner_id: str,
    client_id: int,
    entries: Iterable[LogEntry],
    on_progress: Callable[[float], None] | None = None,
) -> int:
    """Write entries in one transaction: all of them, or none if anything fails."""
    get_client(db, owner_id, client_id)
    rows = [{**e.to_row(), "owner_id": owner_id, "client_id": client_id} for e in entries]
    with transaction(db):
        for start in range(0, len(rows), WRITE_BATCH):
            db["log_entries"].insert_all(rows[start : start + WRITE_BATCH])
            if on_progress:
                on_progress(min(1.0, (start + WRITE_BATCH) / len(rows)))
    return len(rows)


def add_entry(db: Database, owner_id: str, client_id: int, entry: LogEntry) -> None:
    add_entries(db, owner_id, client_id, [entry])


def _entry_row(db: Database, owner_id: str, entry_id: int) -> dict[str, Any]:
    rows = list(db["log_entries"].rows_where("id = ? AND owner_id = ?", [entry_id, owner_id]))
    if not rows:
        raise NotFound(f"log entry {entry_id}: not found")
    return rows[0]


def apply_log_edits(
    db: Database, owner_id: str, updates: dict[int, LogEntry], deletions: Iterable[int]
) -> None:
    """Apply a table's edits and deletions together: one bad id and nothing changes."""
    with transaction(db):
        for entry_id, entry in updates.items():
            _entry_row(db, owner_id, entry_id)
            db["log_entries"].update(entry_id, entry.to_row())
        for entry_id in deletions:
            _entry_row(db, owner_id, entry_id)
            db["log_entries"].delete(entry_id)


def entries_frame(
    db: Database,
    owner_id: str,
    client_id: int,
    start: datetime | None = None,
    end: datetime | None = None,
) -> pd.DataFrame:
    """A client's log by time, with `date` parsed; served by the (owner, client, ts) index."""
    sql = "SELECT * FROM log_entries WHERE owner_id = ? AND client_id = ?"
    params: list[Any] = [owner_id, client_id]
    if start is not None:
        sql += " AND ts >= ?"
        params.append(start.strftime("%Y-%m-%dT%H:%M"))
    if end is not None:
        sql += " AND ts < ?"
        params.append(end.strftime("%Y-%m-%dT%H:%M"))
    sql += " ORDER BY ts"
    frame = pd.DataFrame(list(db.query(sql, params)), columns=_LOG_COLUMNS)
    frame["date"] = pd.to_datetime(frame["ts"])
    for flag in ("radiates", "warmed_up"):
        frame[flag] = frame[flag].astype(bool)
    return frame


_LOG_COLUMNS = ["id", "owner_id", "client_id", *ENTRY_FIELDS]


def first_entry_date(db: Database, owner_id: str, client_id: int) -> date | None:
    row = db.execute(
        "SELECT MIN(ts) FROM log_entries WHERE owner_id = ? AND client_id = ?",
        [owner_id, client_id],
    ).fetchone()
    return date.fromisoformat(row[0][:10]) if row[0] else None


def recent_entries(
    db: Database, owner_id: str, client_id: int, limit: int = 1
) -> list[dict[str, Any]]:
    """The newest `limit` entries of a client, newest first."""
    return list(
        db.query(
            "SELECT * FROM log_entries WHERE owner_id = ? AND client_id = ?"
            " ORDER BY ts DESC LIMIT ?",
            [owner_id, client_id, limit],
        )
    )


# ---------------------------------------------------------------- triage


def save_triage(
    db: Database,
    owner_id: str,
    client_id: int,
    answers: dict[str, Any],
    result: dict[str, Any],
    when: datetime | None = None,
) -> int:
    get_client(db, owner_id, client_id)
    ts = (when or datetime.now()).isoformat(timespec="seconds")
    return (
        db["triages"]
        .insert(
            {
                "owner_id": owner_id,
                "client_id": client_id,
                "ts": ts,
                "level": result["level"],
                "answers": json.dumps(answers),
                "result": json.dumps(result),
            }
        )
        .last_pk
    )


def list_triages(db: Database, owner_id: str, client_id: int) -> list[dict[str, Any]]:
    """A client's triages, newest first, with answers and result decoded."""
    rows = db["triages"].rows_where(
        "owner_id = ? AND client_id = ?",
        [owner_id, client_id],
        order_by="ts DESC, id DESC",
    )
    return [
        {**r, "answers": json.loads(r["answers"]), "result": json.loads(r["result"])} for r in rows
    ]


def clear_triage(db: Database, owner_id: str, triage_id: int, cleared_on: str, note: str) -> None:
    """Record that a clinician cleared the client after this triage."""
    rows = list(db["triages"].rows_where("id = ? AND owner_id = ?", [triage_id, owner_id]))
    if not rows:
        raise NotFound(f"triage {triage_id}: not found")
    db["triages"].update(triage_id, {"cleared_on": cleared_on, "cleared_note": note})


# ---------------------------------------------------------------- form checks and warm-ups


def save_form_check(
    db: Database,
    owner_id: str,
    client_id: int,
    exercise_id: str,
    faults: list[str],
    score: int,
    load_kg: float | None = None,
    when: datetime | None = None,
) -> int:
    get_client(db, owner_id, client_id)
    return (
        db["form_checks"]
        .insert(
            {
                "owner_id": owner_id,
                "client_id": client_id,
                "ts": (when or datetime.now()).isoformat(timespec="seconds"),
                "exercise_id": exercise_id,
                "faults": json.dumps(faults),
                "load_kg": load_kg,
                "score": score,
            }
        )
        .last_pk
    )


def list_form_checks(
    db: Database, owner_id: str, client_id: int, exercise_id: str | None = None
) -> list[dict[str, Any]]:
    """A client's form checks, newest first, optionally for one exercise."""
    where, params = "owner_id = ? AND client_id = ?", [owner_id, client_id]
    if exercise_id:
        where += " AND exercise_id = ?"
        params.append(exercise_id)
    rows = db["form_checks"].rows_where(where, params, order_by="ts DESC, id DESC")
    return [{**r, "faults": json.loads(r["faults"])} for r in rows]


def record_warmup(
    db: Database, owner_id: str, client_id: int, day: date, session_type: str, minutes: int
) -> None:
    """Log a completed warm-up and mark that day's sessions as warmed up, which trends read."""
    get_client(db, owner_id, client_id)
    with transaction(db):
        db["warmups"].insert(
            {
                "owner_id": owner_id,
                "client_id": client_id,
                "day": day.isoformat(),
                "session_type": session_type,
                "minutes": minutes,
                "completed_at": _now(),
            }
        )
        db.execute(
            "UPDATE log_entries SET warmed_up = 1 WHERE owner_id = ? AND client_id = ?"
            " AND ts >= ? AND ts < ? AND session_type != 'check_in'",
            [owner_id, client_id, day.isoformat(), (day + timedelta(days=1)).isoformat()],
        )


def warmup_days(db: Database, owner_id: str, client_id: int, since: date) -> set[date]:
    rows = db.execute(
        "SELECT DISTINCT day FROM warmups WHERE owner_id = ? AND client_id = ? AND day >= ?",
        [owner_id, client_id, since.isoformat()],
    ).fetchall()
    return {date.fromisoformat(r[0]) for r in rows}


# ---------------------------------------------------------------- plans


def save_plan(
    db: Database, owner_id: str, client_id: int, plan: dict[str, Any], start_day: date, note: str
) -> int:
    """Store a new plan version; earlier versions are kept, the newest is the current one."""
    get_client(db, owner_id, client_id)
    return (
        db["plans"]
        .insert(
            {
                "owner_id": owner_id,
                "client_id": client_id,
                "created": _now(),
                "start_day": start_day.isoformat(),
                "plan": json.dumps(plan),
                "note": note,
            }
        )
        .last_pk
    )


def list_plans(db: Database, owner_id: str, client_id: int) -> list[dict[str, Any]]:
    """A client's plan versions, newest first."""
    rows = db["plans"].rows_where(
        "owner_id = ? AND client_id = ?", [owner_id, client_id], order_by="id DESC"
    )
    return [{**r, "plan": json.loads(r["plan"])} for r in rows]


def current_plan(db: Database, owner_id: str, client_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM plans WHERE owner_id = ? AND client_id = ? ORDER BY id DESC LIMIT 1",
            [owner_id, client_id],
        )
    )
    return {**rows[0], "plan": json.loads(rows[0]["plan"])} if rows else None


def _plan_row(db: Database, owner_id: str, plan_id: int) -> dict[str, Any]:
    rows = list(db["plans"].rows_where("id = ? AND owner_id = ?", [plan_id, owner_id]))
    if not rows:
        raise NotFound(f"plan {plan_id}: not found")
    return rows[0]


def set_session_done(
    db: Database, owner_id: str, plan_id: int, week: int, session: int, done: bool
) -> None:
    _plan_row(db, owner_id, plan_id)
    if done:
        db["plan_sessions_done"].insert(
            {
                "owner_id": owner_id,
                "plan_id": plan_id,
                "week": week,
                "session": session,
                "done_on": date.today().isoformat(),
            },
            ignore=True,
        )
    else:
        with transaction(db):
            db.execute(
                "DELETE FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ? AND week = ?"
                " AND session = ?",
                [owner_id, plan_id, week, session],
            )


def sessions_done(db: Database, owner_id: str, plan_id: int) -> set[tuple[int, int]]:
    """(week, session) pairs marked done for a plan."""
    rows = db.execute(
        "SELECT week, session FROM plan_sessions_done WHERE owner_id = ? AND plan_id = ?",
        [owner_id, plan_id],
    ).fetchall()
    return {(w, s) for w, s in rows}


# ---------------------------------------------------------------- intake


def save_intake(
    db: Database,
    owner_id: str,
    client_id: int,
    answers: dict[str, bool],
    outcome: str,
    reasons: list[str],
) -> int:
    get_client(db, owner_id, client_id)
    return (
        db["intakes"]
        .insert(
            {
                "owner_id": owner_id,
                "client_id": client_id,
                "ts": datetime.now().isoformat(timespec="seconds"),
                "answers": json.dumps(answers),
                "outcome": outcome,
                "reasons": json.dumps(reasons),
            }
        )
        .last_pk
    )


def latest_intake(db: Database, owner_id: str, client_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM intakes WHERE owner_id = ? AND client_id = ? ORDER BY id DESC LIMIT 1",
            [owner_id, client_id],
        )
    )
    return {**rows[0], "reasons": json.loads(rows[0]["reasons"])} if rows else None


# ---------------------------------------------------------------- roster reads (one query each)


def owner_entries_since(db: Database, owner_id: str, since: date) -> pd.DataFrame:
    """Every client's entries since a date, for the roster: one query on the (owner, ts) index."""
    rows = db.query(
        "SELECT client_id, ts, pain, pain_during, pain_next_morning, rpe, minutes, warmed_up"
        " FROM log_entries WHERE owner_id = ? AND ts >= ? ORDER BY client_id, ts",
        [owner_id, since.isoformat()],
    )
    frame = pd.DataFrame(
        list(rows),
        columns=[
            "client_id",
            "ts",
            "pain",
            "pain_during",
            "pain_next_morning",
            "rpe",
            "minutes",
            "warmed_up",
        ],
    )
    frame["date"] = pd.to_datetime(frame["ts"])
    frame["warmed_up"] = frame["warmed_up"].astype(bool)
    return frame


def last_entry_per_client(db: Database, owner_id: str) -> dict[int, dict[str, Any]]:
    """The newest entry of each client (SQLite returns the row that holds the MAX)."""
    rows = db.query(
        "SELECT client_id, MAX(ts) AS ts, pain FROM log_entries WHERE owner_id = ?"
        " GROUP BY client_id",
        [owner_id],
    )
    return {r["client_id"]: r for r in rows}


def triages_for_owner(db: Database, owner_id: str) -> list[dict[str, Any]]:
    """Every triage of an owner without answers, newest first: small rows for the roster."""
    return list(
        db.query(
            "SELECT id, client_id, ts, level, cleared_on FROM triages WHERE owner_id = ?"
            " ORDER BY ts DESC, id DESC",
            [owner_id],
        )
    )


def intakes_for_owner(db: Database, owner_id: str) -> dict[int, dict[str, Any]]:
    """The latest intake of each client that has one."""
    rows = db.query(
        "SELECT client_id, outcome, cleared_on, MAX(id) AS id FROM intakes WHERE owner_id = ?"
        " GROUP BY client_id",
        [owner_id],
    )
    return {r["client_id"]: r for r in rows}


def clear_intake(db: Database, owner_id: str, intake_id: int, cleared_on: str, note: str) -> None:
    """Record that a doctor cleared the client to start after this intake."""
    rows = list(db["intakes"].rows_where("id = ? AND owner_id = ?", [intake_id, owner_id]))
    if not rows:
        raise NotFound(f"intake {intake_id}: not found")
    db["intakes"].update(intake_id, {"cleared_on": cleared_on, "cleared_note": note})


def plans_for_owner(db: Database, owner_id: str) -> dict[int, dict[str, Any]]:
    """Each client's current plan with its done sessions."""
    rows = db.query(
        "SELECT p.* FROM plans p JOIN (SELECT client_id, MAX(id) AS id FROM plans"
        " WHERE owner_id = ? GROUP BY client_id) latest ON p.id = latest.id",
        [owner_id],
    )
    plans = {r["client_id"]: {**r, "plan": json.loads(r["plan"]), "done": set()} for r in rows}
    by_id = {p["id"]: p for p in plans.values()}
    for plan_id, week, session in db.execute(
        "SELECT plan_id, week, session FROM plan_sessions_done WHERE owner_id = ?", [owner_id]
    ).fetchall():
        if plan_id in by_id:
            by_id[plan_id]["done"].add((week, session))
    return plans


# ---------------------------------------------------------------- erasure

# Children before parents, so foreign keys hold at every step.
_CLIENT_TABLES = ("log_entries", "triages", "form_checks", "warmups", "intakes")


def erase_client(db: Database, owner_id: str, client_id: int) -> None:
    """Delete a client and everything that belongs to it, then scrub the freed pages."""
    get_client(db, owner_id, client_id)
    with transaction(db):
        db.execute(
            "DELETE FROM plan_sessions_done WHERE plan_id IN"
            " (SELECT id FROM plans WHERE owner_id = ? AND client_id = ?)",
            [owner_id, client_id],
        )
        for table in (*_CLIENT_TABLES, "plans"):
            db.execute(
                f"DELETE FROM {table} WHERE owner_id = ? AND client_id = ?", [owner_id, client_id]
            )
        db.execute("DELETE FROM clients WHERE owner_id = ? AND id = ?", [owner_id, client_id])
    _scrub(db)


def erase_owner(db: Database, owner_id: str) -> None:
    """Delete an owner's account and every row it owns."""
    with transaction(db):
        for table in ("plan_sessions_done", *_CLIENT_TABLES, "plans", "clients", "accounts"):
            db.execute(f"DELETE FROM {table} WHERE owner_id = ?", [owner_id])
        db.execute("DELETE FROM owners WHERE id = ?", [owner_id])
    _scrub(db)


def _scrub(db: Database) -> None:
    """Move the WAL into the main file so deleted rows, zeroed by secure_delete, leave no copy."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
