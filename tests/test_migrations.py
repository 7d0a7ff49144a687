"""Every schema version Back Coach has shipped opens and upgrades with nothing lost."""

import shutil
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from coach import store
from coach.store.migrations import migrations, names

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_v*.db"))


def test_there_is_a_fixture_for_every_schema_version():
    assert len(FIXTURES) == len(names())


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_upgrades_and_keeps_its_rows(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = Database(path)
    counts = {t: before[t].count for t in before.table_names() if t != "_sqlite_migrations"}
    before.close()

    db = store.open_db(path)
    assert [m.name for m in migrations.applied(db.database)] == names()
    for table, count in counts.items():
        assert db.scalar(f"SELECT COUNT(*) FROM {table}") == count, table
    assert db.scalar("PRAGMA integrity_check") == "ok"
    assert db.query("PRAGMA foreign_key_check") == []
    client = store.get_client(db, store.Viewer("owner-1"), 1)
    assert client.name == "Fixture Client"
    assert store.entries_frame(db, store.Viewer("owner-1"), 1)["pain"].tolist() == [3]


def test_instants_written_on_a_local_clock_are_moved_to_utc(tmp_path, monkeypatch):
    """Before m008 a triage's time was the server's local time; it is the same instant after."""
    path = tmp_path / "v7.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v7.db", path)
    monkeypatch.setenv("TZ", "Asia/Kathmandu")  # UTC+05:45 all year
    time.tzset()
    try:
        db = store.open_db(path)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert db.scalar("SELECT ts FROM triages WHERE id = 1") == "2026-01-02T03:15:00"
    assert db.scalar("SELECT ts FROM intakes WHERE id = 1") == "2026-01-01T04:15:00"
    assert db.scalar("SELECT ts FROM log_entries WHERE id = 1") == "2026-01-02T18:00"
