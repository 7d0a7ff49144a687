"""The connection seam: the one class every topic module talks to the database through.

Topic modules write standard SQL with `?` parameters and call only the methods of `Connection`:
`query`, `one`, `scalar`, `execute`, `insert`, `insert_many`, `transaction`, `close` and
`dialect`. PostgreSQL is a second class with the same methods (`postgres.PgConnection`), its
own migrations (`pg_migrations`, the same named steps); `connect` picks by the target: a
`postgresql://` URL or a SQLite path. The queries stay as they are. PostgreSQL's driver is
imported only when a URL is opened: a SQLite server never loads it.

This module also opens SQLite (WAL, foreign keys, busy timeout, synchronous, secure_delete).
Open one connection per script run: a sqlite3 connection is bound to the thread that made it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlite_utils import Database

from coach.errors import Busy, DatabaseUnavailable
from coach.store.migrations import migrations
from coach.store.targets import is_postgres_url

if TYPE_CHECKING:
    from coach.store.postgres import PgConnection

DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "var" / "backcoach.db"
# A write waits this long for SQLite's one write lock, then once more; then the visitor reads
# Busy's message instead of "database is locked". Writes hold the lock for milliseconds (demo
# seeding is prepared outside its transaction), so a wait this long means the server is swamped.
BUSY_TIMEOUT_SECONDS = 10.0
T = TypeVar("T")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")

Params = Sequence[Any]


def database_errors() -> tuple[type[Exception], ...]:
    """What either database raises for a statement it refuses (a wrong type, a broken
    constraint); PostgreSQL's only once its driver is loaded, as it is before it can raise."""
    postgres = sys.modules.get("coach.store.postgres")
    return (sqlite3.Error,) if postgres is None else (sqlite3.Error, postgres.DatabaseError)


def _name(identifier: str) -> str:
    """A table or column name checked before it is written into SQL: never user text."""
    if not isinstance(identifier, str) or not _NAME.fullmatch(identifier):
        raise ValueError(f"not a table or column name: {identifier!r}")
    return identifier


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(_name(c) for c in columns)
    return f"INSERT INTO {_name(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"


class Connection:
    """One SQLite connection (through sqlite-utils), with the only operations queries may use.

    Writes outside `transaction()` commit at once; inside it they commit or roll back together.
    """

    dialect = "sqlite"

    def __init__(self, database: Database) -> None:
        self._db = database
        self._savepoints = 0

    @property
    def database(self) -> Database:
        """The sqlite-utils database underneath: for migrations.py, nothing else."""
        return self._db

    def _run(self, sql: str, params: Params) -> sqlite3.Cursor:
        """One statement, a write committed at once outside a transaction (sqlite-utils does
        that); there a locked database gets a retry, then Busy."""
        if self._db.conn.in_transaction:
            return self._db.execute(sql, params)
        return retry_when_locked(lambda: self._db.execute(sql, params))

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Every row a read returns, as dicts keyed by column name."""
        cursor = self._run(sql, params)
        keys = [column[0] for column in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        """The first row a read returns, or None."""
        cursor = self._run(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([column[0] for column in cursor.description], row, strict=True))

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = self._run(sql, params).fetchone()
        return None if row is None else row[0]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run a write; returns how many rows it changed."""
        return self._run(sql, params).rowcount

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert one row; returns its new id."""
        return self._run(_insert_sql(table, list(row)), list(row.values())).lastrowid

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert rows in one transaction; rows may differ in which columns they set."""
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(tuple(row.values()))
        with self.transaction():
            for columns, values in groups.items():
                self._db.conn.executemany(_insert_sql(table, columns), values)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

        A deferred transaction that reads before it writes fails at once with "database is
        locked" when another process wrote in between; an immediate one waits its turn (busy
        timeout). Nested use becomes a savepoint, so an inner failure undoes only its own part.
        """
        conn = self._db.conn
        if conn.in_transaction:
            self._savepoints += 1
            name = f"backcoach_{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {name}")
            finally:
                self._savepoints -= 1
            return
        retry_when_locked(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            yield self
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    def close(self) -> None:
        self._db.close()


def retry_when_locked(operation: Callable[[], T]) -> T:
    """Run `operation`; if the database stays locked past the busy timeout, once more, then Busy.

    Only for a statement that changed nothing when it failed: one outside a transaction, or the
    BEGIN that opens one.
    """
    try:
        return operation()
    except sqlite3.OperationalError as e:
        if not _locked(e):
            raise
    try:
        return operation()
    except sqlite3.OperationalError as e:
        if not _locked(e):
            raise
        raise Busy() from e


def _locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def db_path(configured: str | None = None) -> Path:
    """Where the database lives: the configured path, `BACKCOACH_DB`, else `var/` (git-ignored)."""
    return Path(configured or os.environ.get("BACKCOACH_DB") or DEFAULT_DB_PATH)


MIN_FREE_BYTES = 1024 * 1024
# What SQLite's own words mean for the person running the server, without the file's path.
_PROBLEMS = (
    ("readonly", "the database file is read-only for this server: allow it to write there"),
    ("disk is full", "the disk that holds the database is full: free some space"),
    ("not a database", "the database file is damaged or is not a Back Coach database"),
    ("unable to open", "the database file cannot be opened: check BACKCOACH_DB and its folder"),
)


def _unavailable(error: sqlite3.Error) -> DatabaseUnavailable:
    text = str(error).lower()
    for words, meaning in _PROBLEMS:
        if words in text:
            return DatabaseUnavailable(meaning)
    return DatabaseUnavailable(f"the database cannot be used ({error.sqlite_errorname})")


def check_place(path: Path, create_folder: bool) -> None:
    """Refuse a path that is a folder, a folder that is missing (unless it may be created), or
    a full disk, before SQLite meets them with words that name no cause."""
    if path.is_dir():
        raise DatabaseUnavailable("the database path (BACKCOACH_DB) is a folder, not a file")
    if not path.parent.is_dir():
        if not create_folder:
            raise DatabaseUnavailable(
                "the database folder does not exist: check BACKCOACH_DB, or create the folder"
            )
        path.parent.mkdir(parents=True)
    if shutil.disk_usage(path.parent)[2] < MIN_FREE_BYTES:
        raise DatabaseUnavailable("the disk that holds the database is full: free some space")


def connect(target: Path | str, create_folder: bool = True) -> Connection | PgConnection:
    """Open a connection for this script run: a PostgreSQL URL opens the shared server (from
    this process's pool), anything else is the path of a SQLite file.

    Raises DatabaseUnavailable, saying what is wrong, when a SQLite file cannot be used.
    """
    if is_postgres_url(str(target)):
        from coach.store.postgres import PgConnection

        return PgConnection(str(target))
    return _connect_sqlite(Path(target), create_folder)


def _connect_sqlite(path: Path, create_folder: bool) -> Connection:
    """SQLite with WAL, a busy timeout and foreign keys on."""
    check_place(path, create_folder)
    try:
        db = Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS))
        db.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT_SECONDS * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses nothing committed
        db.execute("PRAGMA secure_delete = ON")  # erased health data is overwritten, not unlinked
        if db.journal_mode != "wal":
            db.enable_wal()
    except sqlite3.Error as e:
        raise _unavailable(e) from e
    return Connection(db)


def check_writable(conn: Connection | PgConnection) -> None:
    """Rewrite SQLite's schema version with its own value: a read-only file fails here, clearly,
    rather than at someone's first save. Once per server: it writes the file's first page.
    PostgreSQL says what is wrong itself, when it is reached."""
    if conn.dialect != Connection.dialect:
        return
    try:
        with conn.transaction():
            version = conn.scalar("PRAGMA user_version")
            conn.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.Error as e:
        raise _unavailable(e) from e


def migrate(conn: Connection | PgConnection) -> None:
    """Create or upgrade the schema, by the same named steps on either backend; applying it
    twice is a no-op."""
    if conn.dialect != Connection.dialect:
        from coach.store import pg_migrations

        pg_migrations.migrate(conn)
        return
    try:
        migrations.apply(conn.database)
    except sqlite3.Error as e:
        raise _unavailable(e) from e


def analyze(conn: Connection | PgConnection) -> None:
    """Refresh the query planner's statistics, after a bulk load."""
    conn.execute("ANALYZE")


def open_db(target: Path | str, create_folder: bool = True) -> Connection | PgConnection:
    """Connect and make sure the schema is current: for scripts, tests and the first run."""
    conn = connect(target, create_folder)
    migrate(conn)
    return conn
