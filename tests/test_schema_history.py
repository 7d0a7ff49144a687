"""One schema history: SQLite and PostgreSQL, migrated from empty, hold the same schema.

Compared by meaning: tables, columns (type through the documented mapping, not-null, default,
primary key), indexes, foreign keys and triggers; and each revision trigger is exercised on both.
"""

import itertools
import re
from dataclasses import dataclass

import pytest
from conftest import OWNER

from coach import store
from coach.store import pg_migrations
from coach.store.migrations import migrations
from coach.store.postgres import PgConnection

BOOKKEEPING = {"_sqlite_migrations", "_migrations"}
TRIGGER_EVENT = re.compile(r"\b(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)\b")


@dataclass(frozen=True)
class Schema:
    columns: dict[str, dict[str, tuple]]  # table -> column -> (type, not null, default, pk)
    indexes: dict[str, tuple]  # name -> (table, columns, unique)
    foreign_keys: set[tuple]  # (table, column, referenced table, referenced column)
    triggers: set[tuple]  # (name, table, timing, event)


def _default(value: str | None) -> str | None:
    return None if value is None else re.sub(r"::[\w ]+$", "", value).strip("()")


def sqlite_schema(conn) -> Schema:
    tables = [
        r["name"]
        for r in conn.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r["name"] not in BOOKKEEPING and not r["name"].startswith("sqlite_")
    ]
    columns, indexes, foreign_keys = {}, {}, set()
    for table in tables:
        columns[table] = {
            c["name"]: (
                pg_migrations.TYPES[c["type"]],
                bool(c["notnull"] or c["pk"]),
                _default(c["dflt_value"]),
                bool(c["pk"]),
            )
            for c in conn.query(f"PRAGMA table_info({table})")
        }
        for index in conn.query(f"PRAGMA index_list({table})"):
            if index["origin"] == "c":
                names = [i["name"] for i in conn.query(f"PRAGMA index_info({index['name']})")]
                indexes[index["name"]] = (table, tuple(names), bool(index["unique"]))
        foreign_keys |= {
            (table, fk["from"], fk["table"], fk["to"])
            for fk in conn.query(f"PRAGMA foreign_key_list({table})")
        }
    triggers = set()
    for row in conn.query("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"):
        timing, event = TRIGGER_EVENT.search(row["sql"]).groups()
        triggers.add((row["name"], row["tbl_name"], timing, event))
    return Schema(columns, indexes, foreign_keys, triggers)


def postgres_schema(conn: PgConnection) -> Schema:
    columns: dict[str, dict[str, tuple]] = {}
    keys = {
        (r["table_name"], r["column_name"])
        for r in conn.query(
            "SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage k"
            " ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema"
            " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'"
        )
    }
    for c in conn.query(
        "SELECT table_name, column_name, data_type, is_nullable, column_default"
        " FROM information_schema.columns WHERE table_schema = 'public'"
    ):
        if c["table_name"] in BOOKKEEPING:
            continue
        columns.setdefault(c["table_name"], {})[c["column_name"]] = (
            c["data_type"],
            c["is_nullable"] == "NO",
            _default(c["column_default"]),
            (c["table_name"], c["column_name"]) in keys,
        )
    indexes = {
        r["name"]: (r["table_name"], tuple(r["columns"]), r["is_unique"])
        for r in conn.query(
            "SELECT i.relname AS name, t.relname AS table_name, x.indisunique AS is_unique,"
            " array_agg(a.attname ORDER BY k.n) AS columns"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_namespace s ON s.oid = t.relnamespace"
            " CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            " WHERE s.nspname = 'public' AND NOT x.indisprimary"
            " GROUP BY i.relname, t.relname, x.indisunique"
        )
        if r["table_name"] not in BOOKKEEPING
    }
    foreign_keys = {
        (r["t"], r["c"], r["rt"], r["rc"])
        for r in conn.query(
            "SELECT t.relname AS t, a.attname AS c, rt.relname AS rt, ra.attname AS rc"
            " FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid"
            " JOIN pg_class rt ON rt.oid = f.confrelid"
            " JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]"
            " JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = f.confkey[1]"
            " WHERE f.contype = 'f'"
        )
    }
    triggers = {
        (r["trigger_name"], r["event_object_table"], r["action_timing"], r["event_manipulation"])
        for r in conn.query(
            "SELECT trigger_name, event_object_table, action_timing, event_manipulation"
            " FROM information_schema.triggers WHERE trigger_schema = 'public'"
            " AND action_orientation = 'ROW'"
        )
    }
    return Schema(columns, indexes, foreign_keys, triggers)


@pytest.fixture
def both(tmp_path, pg_empty_url):
    sqlite = store.open_db(tmp_path / "history.db")
    pg = PgConnection(pg_empty_url)
    pg_migrations.migrate(pg)
    yield sqlite_schema(sqlite), postgres_schema(pg)
    sqlite.close()


def test_both_backends_follow_the_same_named_steps_in_order():
    assert [s.name for s in pg_migrations.STEPS] == [m.name for m in migrations._migrations]


def test_tables_and_columns_match_through_the_type_mapping(both):
    sqlite, pg = both
    assert pg.columns == sqlite.columns


@pytest.mark.parametrize("part", ["indexes", "foreign_keys", "triggers"])
def test_indexes_foreign_keys_and_triggers_match(both, part):
    sqlite, pg = both
    assert getattr(pg, part) == getattr(sqlite, part)
    assert getattr(sqlite, part)  # there is something to compare


def test_the_type_mapping_is_documented_in_the_module():
    for sqlite_type, pg_type in pg_migrations.TYPES.items():
        assert re.search(rf"`{sqlite_type}`.*`{pg_type.upper()}`", pg_migrations.__doc__)


def test_an_existing_postgresql_database_upgrades_in_place(pg_empty_url):
    pg = PgConnection(pg_empty_url)
    first = pg_migrations.STEPS[0].name
    assert pg_migrations.migrate(pg, upto=first) == [first]
    pg.execute("INSERT INTO owners (id, name) VALUES (?, ?)", [OWNER, "Alex"])
    pg.insert("clients", {"owner_id": OWNER, "name": "Casey", "age": 30})
    rest = pg_migrations.migrate(pg)
    assert rest == [s.name for s in pg_migrations.STEPS[1:]]
    assert pg.query("SELECT name FROM clients") == [{"name": "Casey"}]
    assert pg_migrations.migrate(pg) == []


REVISED = (*pg_migrations.REVISED_TABLES, *pg_migrations.LATER_REVISED_TABLES)


def _minimal_row(table: str, client_id: int, plan_id: int, account_id: int) -> dict:
    """The smallest row each revised table accepts."""
    day = "2026-01-01T18:00"
    return {
        "clients": {"name": "Dana", "age": 40},
        "log_entries": {"client_id": client_id, "ts": day, "pain": 2},
        "triages": {"client_id": client_id, "ts": day, "level": "ok"},
        "plans": {"client_id": client_id, "created": day, "start_day": day, "plan": "{}"},
        "plan_sessions_done": {"plan_id": plan_id, "week": 1, "session": 1},
        "intakes": {"client_id": client_id, "ts": day, "outcome": "ok"},
        "assignments": {"client_id": client_id, "account_id": account_id},
    }[table]


def _revision_bumps(conn) -> dict[str, list[int]]:
    """How much each insert, update and delete on each revised table moves the revision."""
    conn.execute("INSERT INTO owners (id, name) VALUES (?, ?)", [OWNER, "Alex"])
    client_id = conn.insert("clients", {"owner_id": OWNER, "name": "Casey", "age": 30})
    plan_id = conn.insert("plans", {"owner_id": OWNER, **_minimal_row("plans", client_id, 0, 0)})
    account = {"owner_id": OWNER, "username": "pat", "password_hash": "x"}
    account_id = conn.insert("accounts", account)
    bumps = {}
    for table in REVISED:
        seen = [conn.scalar("SELECT revision FROM owners WHERE id = ?", [OWNER])]
        row = {"owner_id": OWNER, **_minimal_row(table, client_id, plan_id, account_id)}
        new_id = conn.insert(table, row)
        seen.append(conn.scalar("SELECT revision FROM owners WHERE id = ?", [OWNER]))
        conn.execute(f"UPDATE {table} SET owner_id = owner_id WHERE id = ?", [new_id])
        seen.append(conn.scalar("SELECT revision FROM owners WHERE id = ?", [OWNER]))
        conn.execute(f"DELETE FROM {table} WHERE id = ?", [new_id])
        seen.append(conn.scalar("SELECT revision FROM owners WHERE id = ?", [OWNER]))
        bumps[table] = [b - a for a, b in itertools.pairwise(seen)]
    return bumps


def test_every_revision_trigger_bumps_the_owner_once_per_row_on_both(tmp_path, pg_empty_url):
    pg = PgConnection(pg_empty_url)
    pg_migrations.migrate(pg)
    sqlite = store.open_db(tmp_path / "bumps.db")
    expected = {table: [1, 1, 1] for table in REVISED}
    assert _revision_bumps(sqlite) == expected
    assert _revision_bumps(pg) == expected
    sqlite.close()
