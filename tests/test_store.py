import ast
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import OTHER_OWNER, OWNER, entry

from coach import store
from coach.errors import Busy, NotFound
from coach.profiles import Profile
from coach.store import connection
from coach.store.migrations import migrations, names


def test_migrations_create_schema_from_empty(db_path):
    db = store.open_db(db_path)
    assert {"owners", "clients", "log_entries", "triages"} <= set(db.database.table_names())
    assert [m.name for m in migrations.applied(db.database)] == names()
    assert migrations.pending(db.database) == []


def test_migrations_reapply_is_a_no_op(db_path):
    store.open_db(db_path).close()
    db = store.open_db(db_path)
    assert len(migrations.applied(db.database)) == len(names())


def test_connection_uses_wal_and_enforces_foreign_keys(db, client):
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError):
        db.insert("log_entries", {"owner_id": OWNER, "client_id": 9999, "ts": "x", "pain": 1})


def test_log_queries_use_the_owner_client_time_index(db, client):
    plan = db.query(
        "EXPLAIN QUERY PLAN SELECT * FROM log_entries WHERE owner_id = ? AND client_id = ?"
        " ORDER BY ts",
        (OWNER, client.id),
    )
    assert "idx_log_entries_owner_id_client_id_ts" in str(plan)


def test_default_path_is_git_ignored_var_folder(monkeypatch):
    monkeypatch.delenv("BACKCOACH_DB", raising=False)
    assert store.db_path().parent.name == "var"
    gitignore = (store.DEFAULT_DB_PATH.parent.parent / ".gitignore").read_text()
    assert "var/" in gitignore.splitlines()


def test_db_path_comes_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKCOACH_DB", str(tmp_path / "x.db"))
    assert store.db_path() == tmp_path / "x.db"


def test_get_client_of_another_owner_is_not_found(db, client):
    with pytest.raises(NotFound):
        store.get_client(db, OTHER_OWNER, client.id)


def test_list_clients_only_shows_the_owners_clients(db, client):
    store.add_client(db, OTHER_OWNER, Profile("Dana Other", 40))
    assert [c.name for c in store.list_clients(db, OWNER)] == ["Casey Client"]
    assert [c.name for c in store.list_clients(db, OTHER_OWNER)] == ["Dana Other"]


def test_update_client_of_another_owner_is_refused(db, client):
    with pytest.raises(NotFound):
        store.update_client(db, OTHER_OWNER, client.id, Profile("Hijacked", 30))
    assert store.get_client(db, OWNER, client.id).name == "Casey Client"


def test_archive_hides_client_until_restored(db, client):
    store.set_archived(db, OWNER, client.id, True)
    assert store.list_clients(db, OWNER) == []
    assert [c.archived for c in store.list_clients(db, OWNER, include_archived=True)] == [True]
    store.set_archived(db, OWNER, client.id, False)
    assert [c.name for c in store.list_clients(db, OWNER)] == ["Casey Client"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("cas", ["Casey Client"]), ("deadlift", ["Eli Lifter"]), ("%", []), ("_", [])],
)
def test_search_matches_name_and_goals_literally(db, client, query, expected):
    store.add_client(db, OWNER, Profile("Eli Lifter", 33, goals="Deadlift 2x bodyweight"))
    assert [c.name for c in store.list_clients(db, OWNER, query)] == expected


def test_update_client_changes_profile(db, client):
    updated = store.update_client(
        db, OWNER, client.id, Profile("Casey Client", 31, "advanced", training_days=("Tue",))
    )
    assert (updated.age, updated.background, updated.training_days) == (31, "advanced", ("Tue",))


def test_entries_round_trip_through_the_frame(db, client):
    store.add_entries(db, OWNER, client.id, [entry(0, 3, rpe=6, minutes=40), entry(1, 2)])
    frame = store.entries_frame(db, OWNER, client.id)
    assert frame["pain"].tolist() == [3, 2]
    assert frame["date"].dt.day.tolist() == [1, 2]
    assert store.entries_frame(db, OTHER_OWNER, client.id).empty


def test_add_entries_is_all_or_nothing(db, client):
    good = entry(0, 3)
    with pytest.raises(NotFound):
        store.add_entries(db, OTHER_OWNER, client.id, [good])
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 0


def test_triage_of_another_owner_cannot_be_cleared(db, client):
    triage_id = store.save_triage(db, OWNER, client.id, {}, {"level": "see_clinician"})
    with pytest.raises(NotFound):
        store.clear_triage(db, OTHER_OWNER, triage_id, "2026-01-02", "cleared")
    store.clear_triage(db, OWNER, triage_id, "2026-01-02", "Seen by GP")
    assert store.list_triages(db, OWNER, client.id)[0]["cleared_note"] == "Seen by GP"


def test_every_store_write_is_committed(db, client, db_path):
    """A write left in an open transaction would block every other session's writes."""
    plan_id = store.save_plan(db, OWNER, client.id, {"weeks": []}, date(2026, 1, 5), "built")
    store.set_session_done(db, OWNER, plan_id, 1, 0, True, date(2026, 1, 5))
    store.set_session_done(db, OWNER, plan_id, 1, 0, False, date(2026, 1, 5))
    store.record_warmup(db, OWNER, client.id, date(2026, 1, 5), "lower_body", 8)
    assert not db.database.conn.in_transaction
    other = store.connect(db_path)
    other.execute("PRAGMA busy_timeout = 0")
    with other.transaction():
        other.execute("UPDATE owners SET name = 'renamed' WHERE id = ?", (OWNER,))


def test_transactions_nest_as_savepoints(db, client):
    with pytest.raises(RuntimeError), db.transaction():
        store.add_entry(db, OWNER, client.id, entry(0, 1))
        raise RuntimeError("boom")
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 0
    with db.transaction():
        store.add_entry(db, OWNER, client.id, entry(0, 1))
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 1
    assert not db.database.conn.in_transaction


def test_owner_revision_moves_on_every_roster_write_and_only_for_that_owner(db, client):
    before, other = store.owner_revision(db, OWNER), store.owner_revision(db, OTHER_OWNER)
    store.add_entry(db, OWNER, client.id, entry(0, 2))
    after_insert = store.owner_revision(db, OWNER)
    store.save_triage(db, OWNER, client.id, {}, {"level": "rest"})
    assert before < after_insert < store.owner_revision(db, OWNER)
    assert store.owner_revision(db, OTHER_OWNER) == other


def test_every_store_function_refuses_another_owners_records(db, client):
    """Each read returns nothing and each write raises NotFound for someone else's ids."""
    plan_id = store.save_plan(db, OWNER, client.id, {"weeks": []}, date(2026, 1, 5), "built")
    triage_id = store.save_triage(db, OWNER, client.id, {}, {"level": "see_clinician"})
    intake_id = store.save_intake(db, OWNER, client.id, {}, "needs_clearance", [])
    store.add_entry(db, OWNER, client.id, entry(0, 3))
    entry_id = store.entries_frame(db, OWNER, client.id)["id"].iloc[0]
    refused = [
        lambda o: store.save_form_check(db, o, client.id, "plank", [], 100),
        lambda o: store.record_warmup(db, o, client.id, date(2026, 1, 5), "sport", 5),
        lambda o: store.save_plan(db, o, client.id, {}, date(2026, 1, 5), "x"),
        lambda o: store.set_session_done(db, o, plan_id, 1, 0, True, date(2026, 1, 5)),
        lambda o: store.save_intake(db, o, client.id, {}, "cleared", []),
        lambda o: store.clear_intake(db, o, intake_id, "2026-01-05", "x"),
        lambda o: store.clear_triage(db, o, triage_id, "2026-01-05", "x"),
        lambda o: store.save_triage(db, o, client.id, {}, {"level": "rest"}),
        lambda o: store.apply_log_edits(db, o, {}, [int(entry_id)]),
        lambda o: store.erase_client(db, o, client.id),
    ]
    for call in refused:
        with pytest.raises(NotFound):
            call(OTHER_OWNER)
    empty = [
        store.list_triages(db, OTHER_OWNER, client.id),
        store.list_form_checks(db, OTHER_OWNER, client.id),
        store.list_plans(db, OTHER_OWNER, client.id),
        store.sessions_done(db, OTHER_OWNER, plan_id),
        store.warmup_days(db, OTHER_OWNER, client.id, date(2026, 1, 1)),
        store.recent_entries(db, OTHER_OWNER, client.id, 10),
        store.triages_for_owner(db, OTHER_OWNER),
        store.intakes_for_owner(db, OTHER_OWNER),
        store.plans_for_owner(db, OTHER_OWNER),
        store.last_entry_per_client(db, OTHER_OWNER),
    ]
    assert all(len(result) == 0 for result in empty)
    assert store.current_plan(db, OTHER_OWNER, client.id) is None
    assert store.latest_intake(db, OTHER_OWNER, client.id) is None
    assert store.first_entry_date(db, OTHER_OWNER, client.id) is None
    assert store.owner_entries_since(db, OTHER_OWNER, date(2000, 1, 1)).empty
    assert (
        db.scalar("SELECT COUNT(*) FROM log_entries") == 1
        and store.list_triages(db, OWNER, client.id)[0]["cleared_on"] is None
    )


ROOT = Path(__file__).resolve().parent.parent
SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|CREATE TABLE|PRAGMA)\b")
DRIVERS = {"sqlite3", "sqlite_utils", "psycopg"}
QUERY_CALLS = {"execute", "executemany", "executescript", "query", "one", "scalar"}


def outside_the_store() -> list[Path]:
    skipped = {"tests", "node_modules", ".venv", "store"}
    return [p for p in sorted(ROOT.rglob("*.py")) if not skipped & set(p.relative_to(ROOT).parts)]


@pytest.mark.parametrize("path", outside_the_store(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_outside_the_store(path):
    """Only coach/store/ talks to the database: no SQL text, driver import or query call."""
    for node in ast.walk(ast.parse(path.read_text())):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL.search(node.value), where
        elif isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & DRIVERS, where
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in DRIVERS, where
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in QUERY_CALLS, where


def test_the_scan_covers_pages_coach_and_bench():
    scanned = {p.relative_to(ROOT).parts[0] for p in outside_the_store()}
    assert {"pages", "coach", "bench", "app.py"} <= scanned


def test_a_write_that_stays_locked_gets_one_retry_then_says_busy(db, db_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.05)
    holder = store.connect(db_path)
    waiter = store.connect(db_path)
    with holder.transaction():
        holder.execute("UPDATE owners SET name = 'held' WHERE id = ?", (OWNER,))
        with pytest.raises(Busy, match="busy right now, so nothing was changed"):
            waiter.execute("UPDATE owners SET name = 'waiting' WHERE id = ?", (OWNER,))
        with pytest.raises(Busy), waiter.transaction():
            pass
    assert waiter.scalar("SELECT name FROM owners WHERE id = ?", (OWNER,)) == "held"


def test_the_retry_succeeds_when_the_lock_is_gone_and_passes_other_errors_on():
    attempts = []

    def locked_once() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise sqlite3.OperationalError("database is locked")
        return "written"

    assert connection.retry_when_locked(locked_once) == "written"
    assert len(attempts) == 2

    def broken() -> None:
        attempts.append(1)
        raise sqlite3.OperationalError("no such table: nowhere")

    attempts.clear()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        connection.retry_when_locked(broken)
    assert len(attempts) == 1
