"""PostgreSQL behind the store's connection seam: psycopg 3 and one pool per URL per process.

The topic modules write portable SQL with `?` placeholders; this module turns them into psycopg's
`%s` (our SQL holds no literal `?`, and a literal `%` is doubled), returns rows as dicts, and
reads `numeric` results (what SUM and AVG give) as int when whole, else float, and writes Python
bools as 1 and 0, as SQLite does.

A `PgConnection` holds no server connection of its own: each statement borrows one from the
process's pool and gives it back, and only `transaction()` keeps one for its duration. So a page
that never closes its connection leaks nothing, and the pool needs only as many connections as
statements run at the same moment, not one per browser session. Connections run in autocommit;
`transaction()` is BEGIN ... COMMIT, nested ones are savepoints. Isolation is PostgreSQL's READ
COMMITTED: writers of different rows never wait for each other (SQLite's BEGIN IMMEDIATE takes
one lock for the whole file), and the owner-revision trigger's `UPDATE owners` queues writers of
the same owner behind each other, so no increment is lost.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import sql as pgsql
from psycopg.adapt import Dumper, Loader
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from coach.errors import Busy, DatabaseUnreachable

DIALECT = "postgresql"
POOL_MIN = 1
# Statements, not sessions, hold a connection, so a few serve many sessions; several replicas
# share the server's max_connections (100 by default): replicas x POOL_MAX must stay below it.
POOL_MAX = int(os.environ.get("BACKCOACH_DB_POOL_MAX") or 10)
CONNECT_SECONDS = 10.0
STATEMENT_TIMEOUT_MS = 60_000
# A write waiting this long for a row another transaction holds gives up with Busy, as a
# SQLite write does after its busy timeout; writes hold row locks for milliseconds.
LOCK_TIMEOUT_MS = 10_000

DatabaseError = psycopg.Error  # what a statement the server refuses raises

_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def normalise_url(url: str) -> str:
    """Drop a SQLAlchemy-style driver (`postgresql+psycopg://`), as Streamlit's docs write it."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def server_name(url: str) -> str:
    """Host and port of a URL, for messages: never the user or the password."""
    try:
        parts = conninfo_to_dict(normalise_url(url))
    except psycopg.ProgrammingError:
        return "the configured PostgreSQL URL (it could not be read)"
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    return f"{host}:{port}"


class _NumberLoader(Loader):
    """`numeric` as int when whole and float otherwise, the types SQLite gives for SUM and AVG."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class _FlagDumper(Dumper):
    """Python bools as 1 and 0: flags are integer columns on both backends, as in SQLite."""

    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj: bool) -> bytes:
        return b"1" if obj else b"0"


def _configure(conn: psycopg.Connection) -> None:
    conn.adapters.register_loader("numeric", _NumberLoader)
    conn.adapters.register_dumper(bool, _FlagDumper)
    conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    conn.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")


def pool_for(url: str) -> ConnectionPool:
    """This process's pool for a URL, opened on first use; raises DatabaseUnreachable.

    Opening waits up to CONNECT_SECONDS for a first connection, retrying with backoff; a pool
    that never connected is thrown away, so the next page run tries afresh.
    """
    url = normalise_url(url)
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = ConnectionPool(
                url,
                min_size=POOL_MIN,
                max_size=max(POOL_MIN, POOL_MAX),
                kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": 5},
                configure=_configure,
                check=ConnectionPool.check_connection,
                timeout=CONNECT_SECONDS,
                name=f"backcoach-{server_name(url)}",
                open=False,
            )
            try:
                pool.open(wait=True, timeout=CONNECT_SECONDS)
            except PoolTimeout:
                pool.close()
                raise DatabaseUnreachable(server_name(url)) from None
            _pools[url] = pool
        return pool


def close_pool(url: str) -> None:
    """Close this process's pool for a URL (tests drop databases; pools must let go first)."""
    with _pools_lock:
        pool = _pools.pop(normalise_url(url), None)
    if pool is not None:
        pool.close()


@lru_cache(maxsize=1024)
def to_psycopg(statement: str) -> str:
    """`?` placeholders to `%s`, a literal `%` doubled so psycopg leaves it alone."""
    return statement.replace("%", "%%").replace("?", "%s")


_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")  # as connection.py checks names for SQLite


class PgConnection:
    """The connection seam on PostgreSQL; one instance per script run, used by one thread."""

    dialect = DIALECT

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self._pool = pool_for(self.url)
        self._held: psycopg.Connection | None = None

    @contextmanager
    def _borrow(self) -> Iterator[psycopg.Connection]:
        """The transaction's connection, else one from the pool until the statement is done;
        a lock wait past LOCK_TIMEOUT_MS is Busy and a lost server DatabaseUnreachable."""
        try:
            if self._held is not None:
                yield self._held
                return
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout:
            raise DatabaseUnreachable(server_name(self.url)) from None
        except psycopg.errors.LockNotAvailable as e:
            raise Busy() from e
        except psycopg.OperationalError as e:
            if _connection_lost(e):
                raise DatabaseUnreachable(server_name(self.url)) from None
            raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._borrow() as conn:
            return conn.execute(to_psycopg(sql), tuple(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        with self._borrow() as conn:
            return conn.execute(to_psycopg(sql), tuple(params)).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; returns the rows it changed."""
        with self._borrow() as conn:
            return conn.execute(to_psycopg(sql), tuple(params)).rowcount

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert one row; returns its new id."""
        statement = _insert_statement(table, tuple(row)) + pgsql.SQL(" RETURNING id")
        with self._borrow() as conn:
            return conn.execute(statement, tuple(row.values())).fetchone()["id"]

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert rows in one transaction; rows may differ in which columns they set."""
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in rows:
            by_columns.setdefault(tuple(row), []).append(tuple(row.values()))
        if not by_columns:
            return
        with self.transaction(), self._held.cursor() as cursor:
            for columns, values in by_columns.items():
                cursor.executemany(_insert_statement(table, columns), values)

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """All statements inside commit together or not at all; nested calls are savepoints."""
        if self._held is not None:
            with self._held.transaction():
                yield self
            return
        with self._borrow() as conn:
            self._held = conn
            try:
                with conn.transaction():
                    yield self
            finally:
                self._held = None

    def close(self) -> None:
        """Nothing is held between statements; kept so both backends close the same way."""


def _insert_statement(table: str, columns: tuple[str, ...]) -> pgsql.Composed:
    for name in (table, *columns):
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"not a table or column name: {name!r}")
    return pgsql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        pgsql.Identifier(table),
        pgsql.SQL(", ").join(map(pgsql.Identifier, columns)),
        pgsql.SQL(", ").join(pgsql.Placeholder() * len(columns)),
    )


def _connection_lost(error: psycopg.OperationalError) -> bool:
    """Errors that mean the server went away, as opposed to a query's own failure."""
    return error.sqlstate is None or error.sqlstate.startswith("08") or error.sqlstate == "57P01"
