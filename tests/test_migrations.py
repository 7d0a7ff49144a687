"""Every schema version Back Coach has shipped opens and upgrades with nothing lost."""

import shutil
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
    client = store.get_client(db, "owner-1", 1)
    assert client.name == "Fixture Client"
    assert store.entries_frame(db, "owner-1", 1)["pain"].tolist() == [3]
