"""Export, import into a fresh workspace, erase: the round trip and the rows really gone."""

import io
import json
import zipfile
from datetime import date

import pytest
from conftest import OTHER_OWNER, OWNER

from coach import demo, portability, store
from coach.errors import ImportRejected, NotFound
from coach.profiles import Profile

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db):
    demo.seed(db, OWNER, TODAY)
    return db


def test_round_trip_into_a_fresh_database_is_identical(seeded, tmp_path):
    payload = portability.export_zip(seeded, OWNER)
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "someone-else", "Elsewhere")
    assert portability.import_data(fresh, "someone-else", portability.read_zip(payload)) == 6
    assert portability.export_data(fresh, "someone-else") == portability.export_data(seeded, OWNER)


def test_zip_holds_a_csv_per_record_kind_and_the_json(seeded):
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(seeded, OWNER))) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("backcoach.json"))
    assert {"backcoach.json", "clients.csv", "log_entries.csv", "triages.csv", "plans.csv"} <= names
    assert len(data["clients"]) == 6


def test_export_one_client_only(seeded):
    client = store.list_clients(seeded, OWNER)[0]
    data = portability.export_data(seeded, OWNER, client.id)
    assert [c["name"] for c in data["clients"]] == [client.name]


def test_cannot_export_another_owners_client(seeded):
    client = store.list_clients(seeded, OWNER)[0]
    with pytest.raises(NotFound):
        portability.export_data(seeded, OTHER_OWNER, client.id)


def test_csv_in_the_zip_neutralises_formulas(db):
    store.add_client(db, OWNER, Profile('=HYPERLINK("http://x")', 30))
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(db, OWNER))) as archive:
        assert "'=HYPERLINK" in archive.read("clients.csv").decode()
        assert json.loads(archive.read("backcoach.json"))["clients"][0]["name"].startswith("=")


@pytest.mark.parametrize("payload", [b"not a zip", b"PK\x03\x04broken"], ids=["text", "broken zip"])
def test_garbage_is_refused(payload):
    with pytest.raises(ImportRejected, match="not a Back Coach export"):
        portability.read_zip(payload)


def test_a_bad_client_in_an_import_writes_nothing(seeded, tmp_path):
    data = portability.export_data(seeded, OWNER)
    data["clients"][3]["log_entries"][0]["pain"] = 14
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "x", "X")
    with pytest.raises(ImportRejected, match="client 4"):
        portability.import_data(fresh, "x", data)
    assert fresh["clients"].count == 0 and fresh["log_entries"].count == 0


def raw_bytes(db_path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasing_a_client_removes_every_row_from_the_file(db, db_path):
    marker = "ZQXJ-unique-note-7741"
    client = store.add_client(db, OWNER, Profile("Erase Me", 30, notes=marker))
    demo_entries = demo.generate(1, TODAY)[0].entries[:5]
    store.add_entries(db, OWNER, client.id, demo_entries)
    keep = store.add_client(db, OWNER, Profile("Keep Me", 30))
    assert marker.encode() in raw_bytes(db_path)
    store.erase_client(db, OWNER, client.id)
    assert marker.encode() not in raw_bytes(db_path)
    assert (
        db.execute("SELECT COUNT(*) FROM log_entries WHERE client_id = ?", [client.id]).fetchone()[
            0
        ]
        == 0
    )
    assert [c.id for c in store.list_clients(db, OWNER)] == [keep.id]


def test_erasing_an_account_removes_everything_it_owns(seeded, db_path):
    store.erase_owner(seeded, OWNER)
    for table in ("clients", "log_entries", "triages", "plans", "plan_sessions_done"):
        count = seeded.execute(
            f"SELECT COUNT(*) FROM {table} WHERE owner_id = ?", [OWNER]
        ).fetchone()[0]
        assert count == 0, table
    assert not store.owner_exists(seeded, OWNER)
    assert b"Priya Shah" not in raw_bytes(db_path)


def test_erasing_another_owners_client_is_refused(seeded):
    client = store.list_clients(seeded, OWNER)[0]
    with pytest.raises(NotFound):
        store.erase_client(seeded, OTHER_OWNER, client.id)
    assert store.get_client(seeded, OWNER, client.id)
