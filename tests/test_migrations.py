"""Every schema version Back Coach has shipped opens and upgrades with nothing lost."""

import shutil
from pathlib import Path

import pytest

from coach import store

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_v*.db"))


def test_there_is_a_fixture_for_every_schema_version():
    assert len(FIXTURES) == len(store.migrations._migrations)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_upgrades_and_keeps_its_rows(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = store.Database(path)
    counts = {t: before[t].count for t in before.table_names() if t != "_sqlite_migrations"}
    before.close()

    db = store.open_db(path)
    assert [m.name for m in store.migrations.applied(db)] == [
        m.name for m in store.migrations._migrations
    ]
    for table, count in counts.items():
        assert db[table].count == count, table
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    client = store.get_client(db, "owner-1", 1)
    assert client.name == "Fixture Client"
    assert store.entries_frame(db, "owner-1", 1)["pain"].tolist() == [3]
