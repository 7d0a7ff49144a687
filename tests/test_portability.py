"""Export, import into a fresh workspace, erase: the round trip and the rows really gone."""

import csv
import io
import json
import tracemalloc
import zipfile
from datetime import date, datetime

import pytest
from conftest import FAREWELL, ME, NOW, OWNER, ROOT, THEM, noon

from coach import demo, portability, store
from coach.errors import ImportRejected, NotFound
from coach.profiles import Profile

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db):
    demo.seed(db, OWNER, TODAY, NOW)
    return db


@pytest.mark.both_backends
def test_round_trip_into_a_fresh_database_is_identical(seeded, tmp_path):
    payload = portability.export_zip(seeded, ME)
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "someone-else", "Elsewhere", NOW)
    assert (
        portability.import_data(
            fresh, store.Viewer("someone-else"), portability.read_zip(payload), noon(TODAY)
        )
        == 6
    )
    assert portability.export_data(fresh, store.Viewer("someone-else")) == portability.export_data(
        seeded, ME
    )


def test_zip_holds_a_csv_per_record_kind_and_the_json(seeded):
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(seeded, ME))) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("backcoach.json"))
    assert {"backcoach.json", "clients.csv", "log_entries.csv", "triages.csv", "plans.csv"} <= names
    assert len(data["clients"]) == 6


@pytest.mark.both_backends
def test_export_one_client_only(seeded):
    client = store.list_clients(seeded, ME)[0]
    data = portability.export_data(seeded, ME, client.id)
    assert [c["name"] for c in data["clients"]] == [client.name]


@pytest.mark.both_backends
def test_cannot_export_another_owners_client(seeded):
    client = store.list_clients(seeded, ME)[0]
    with pytest.raises(NotFound):
        portability.export_data(seeded, THEM, client.id)


def test_csv_in_the_zip_neutralises_formulas(db):
    store.add_client(db, ME, Profile('=HYPERLINK("http://x")', 30), NOW)
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(db, ME))) as archive:
        assert "'=HYPERLINK" in archive.read("clients.csv").decode()
        assert json.loads(archive.read("backcoach.json"))["clients"][0]["name"].startswith("=")


def test_clients_csv_writes_training_days_as_words_and_the_zip_imports_them(db, tmp_path):
    store.add_client(db, ME, Profile("Sam", 30, training_days=("Mon", "Wed", "Fri")), NOW)
    payload = portability.export_zip(db, ME)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("clients.csv").decode())))
    assert rows[0]["training_days"] == "Mon, Wed, Fri"
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "someone-else", "Elsewhere", NOW)
    other = store.Viewer("someone-else")
    portability.import_data(fresh, other, portability.read_zip(payload), noon(TODAY))
    assert store.list_clients(fresh, other)[0].training_days == ("Mon", "Wed", "Fri")


@pytest.mark.parametrize("payload", [b"not a zip", b"PK\x03\x04broken"], ids=["text", "broken zip"])
def test_garbage_is_refused(payload):
    with pytest.raises(ImportRejected, match="not a Back Coach export"):
        portability.read_zip(payload)


@pytest.mark.both_backends
def test_a_bad_client_in_an_import_writes_nothing(seeded, tmp_path):
    data = portability.export_data(seeded, ME)
    data["clients"][3]["log_entries"][0]["pain"] = 14
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "x", "X", NOW)
    with pytest.raises(ImportRejected, match="client 4"):
        portability.import_data(fresh, store.Viewer("x"), data, noon(TODAY))
    assert (
        fresh.scalar("SELECT COUNT(*) FROM clients") == 0
        and fresh.scalar("SELECT COUNT(*) FROM log_entries") == 0
    )


def raw_bytes(db_path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasing_a_client_removes_every_row_from_the_file(db, db_path):
    marker = "ZQXJ-unique-note-7741"
    client = store.add_client(db, ME, Profile("Erase Me", 30, notes=marker), NOW)
    demo_entries = demo.generate(1, TODAY)[0].entries[:5]
    store.add_entries(db, ME, client.id, demo_entries, NOW)
    keep = store.add_client(db, ME, Profile("Keep Me", 30), NOW)
    assert marker.encode() in raw_bytes(db_path)
    store.erase_client(db, ME, client.id, FAREWELL)
    assert marker.encode() not in raw_bytes(db_path)
    assert db.scalar("SELECT COUNT(*) FROM log_entries WHERE client_id = ?", (client.id,)) == 0
    assert [c.id for c in store.list_clients(db, ME)] == [keep.id]


@pytest.mark.both_backends
def test_erasing_an_account_removes_everything_it_owns(seeded):
    store.erase_owner(seeded, OWNER, FAREWELL)
    for table in ("clients", "log_entries", "triages", "plans", "plan_sessions_done"):
        count = seeded.scalar(f"SELECT COUNT(*) FROM {table} WHERE owner_id = ?", (OWNER,))
        assert count == 0, table
    assert not store.owner_exists(seeded, OWNER)


def test_erasing_an_account_leaves_nothing_in_the_sqlite_file(seeded, db_path):
    store.erase_owner(seeded, OWNER, FAREWELL)
    assert b"Priya Shah" not in raw_bytes(db_path)


# Row versions PostgreSQL holds in a table's pages, live or deleted but not yet vacuumed, and
# how many of them contain some text.
ROW_VERSIONS = (
    "SELECT count(*) AS versions,"
    " count(*) FILTER (WHERE position(convert_to(?, 'UTF8') IN t_data) > 0) AS holding"
    " FROM generate_series(0, pg_relation_size(?) / current_setting('block_size')::int - 1) p,"
    " LATERAL heap_page_items(get_raw_page(?, p::int)) WHERE lp_flags = 1"
)


def _versions(db, table: str, text: str) -> tuple[int, int]:
    row = db.one(ROW_VERSIONS, (text, table, table))
    return row["versions"], row["holding"]


@pytest.mark.postgresql_only
def test_erasing_on_postgresql_leaves_no_old_row_version_in_the_tables(seeded):
    seeded.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    client = store.list_clients(seeded, ME)[0]
    assert _versions(seeded, "clients", client.name)[1] >= 1
    store.erase_client(seeded, ME, client.id, FAREWELL)
    assert _versions(seeded, "clients", client.name)[1] == 0
    for table in ("clients", "log_entries", "triages", "plans", "owners"):
        live = seeded.scalar(f"SELECT COUNT(*) FROM {table}")
        assert _versions(seeded, table, client.name) == (live, 0), table
    store.erase_owner(seeded, OWNER, FAREWELL)
    for table in ("clients", "log_entries", "accounts", "owners"):
        live = seeded.scalar(f"SELECT COUNT(*) FROM {table}")
        assert _versions(seeded, table, "Alex Trainer")[0] == live, table


def _members(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.postgresql_only
def test_a_laptop_workspace_moves_to_postgresql_and_back_unchanged(db, tmp_path):
    """SQLite -> zip -> PostgreSQL -> zip -> SQLite: the README's way to move a workspace."""
    laptop = store.open_db(tmp_path / "laptop.db")
    store.ensure_owner(laptop, OWNER, "Alex Trainer", NOW)
    demo.seed(laptop, OWNER, TODAY, NOW)
    first_zip = portability.export_zip(laptop, ME)

    store.ensure_owner(db, "server-owner", "Alex on the server", NOW)
    portability.import_data(
        db, store.Viewer("server-owner"), portability.read_zip(first_zip), noon(TODAY)
    )
    second_zip = portability.export_zip(db, store.Viewer("server-owner"))
    home = store.open_db(tmp_path / "home.db")
    store.ensure_owner(home, "home-owner", "Alex at home", NOW)
    portability.import_data(
        home, store.Viewer("home-owner"), portability.read_zip(second_zip), noon(TODAY)
    )

    original = portability.export_data(laptop, ME)
    assert portability.export_data(db, store.Viewer("server-owner")) == original
    assert portability.export_data(home, store.Viewer("home-owner")) == original
    assert _members(second_zip) == _members(first_zip)
    assert _members(portability.export_zip(home, store.Viewer("home-owner"))) == _members(first_zip)


@pytest.mark.both_backends
def test_erasing_another_owners_client_is_refused(seeded):
    client = store.list_clients(seeded, ME)[0]
    with pytest.raises(NotFound):
        store.erase_client(seeded, THEM, client.id, FAREWELL)
    assert store.get_client(seeded, ME, client.id)


MIB = 1024 * 1024
MEMORY_BUDGET = 100 * MIB


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def export_json(clients_json: bytes) -> bytes:
    return b'{"format": "backcoach-export", "version": 1, "clients": ' + clients_json + b"}"


def peak_import_memory(db, payload: bytes) -> tuple[int, Exception | None]:
    """Peak bytes Python allocated while importing `payload`, and the refusal if any."""
    tracemalloc.start()
    refusal = None
    try:
        portability.import_zip(db, ME, payload, noon(TODAY))
    except ImportRejected as e:
        refusal = e
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, refusal


def test_a_high_ratio_zip_is_refused_from_its_declared_size(db):
    bomb = zip_of({"backcoach.json": export_json(b"[" + b" " * (300 * MIB) + b"]")})
    assert len(bomb) < 400 * 1024
    peak, refusal = peak_import_memory(db, bomb)
    assert peak < MEMORY_BUDGET
    assert "unpacks to more than" in str(refusal)


def lie_about_size(payload: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size the first member declares, in its local and central header."""
    out = bytearray(payload)
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = out.find(signature)
        out[at + size_at : at + size_at + 4] = declared.to_bytes(4, "little")
    return bytes(out)


def test_a_zip_that_understates_its_size_reads_no_further_than_the_cap(db):
    honest = zip_of({"backcoach.json": export_json(b"[" + b" " * (300 * MIB) + b"]")})
    bomb = lie_about_size(honest, 1000)
    peak, refusal = peak_import_memory(db, bomb)
    assert peak < MEMORY_BUDGET
    assert "not a Back Coach export" in str(refusal) or "damaged" in str(refusal)
    assert db.scalar("SELECT COUNT(*) FROM clients") == 0


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"backcoach.json": b"{}", "inner.zip": b"PK"}, "another archive"),
        ({"backcoach.json": b"{}", "clients.csv.gz": b""}, "another archive"),
        ({"backcoach.json": b"{}", "../escape.csv": b""}, "does not belong"),
        ({"backcoach.json": b"{}", "notes.exe": b""}, "does not belong"),
        ({"export/backcoach.json": b"{}"}, "does not belong"),
    ],
    ids=["zip", "gzip", "path", "program", "folder"],
)
def test_nested_archives_and_unexpected_members_are_refused(db, members, message):
    with pytest.raises(ImportRejected, match=message):
        portability.import_zip(db, ME, zip_of(members), noon(TODAY))


def test_a_zip_listing_thousands_of_members_stays_within_the_memory_budget(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        while buffer.tell() < portability.MAX_ZIP_BYTES * 0.4:
            archive.writestr(f"{buffer.tell()}", b"")
    assert len(buffer.getvalue()) < portability.MAX_ZIP_BYTES
    peak, refusal = peak_import_memory(db, buffer.getvalue())
    assert peak < MEMORY_BUDGET
    assert "does not belong" in str(refusal)


def test_a_member_named_twice_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("backcoach.json", b"{}")
        archive.writestr("backcoach.json", b"{}")
    with pytest.raises(ImportRejected, match="twice"):
        portability.import_zip(db, ME, buffer.getvalue(), noon(TODAY))


# Each case parses: the value count (commas, colons and brackets) stays just under the cap.
UNDER_CAP = portability.MAX_JSON_VALUES - 10


@pytest.mark.parametrize(
    "clients_json",
    [
        b"[" + b"{}," * (UNDER_CAP // 2) + b"{}]",
        b"[" + b"[]," * (UNDER_CAP // 2) + b"[]]",
        b'["' + "\U0001f600".encode() + b" " * (portability.MAX_JSON_BYTES - 100) + b'"]',
        b"[" + b"1000," * UNDER_CAP + b"1]",
        b"[" + b'"ab",' * UNDER_CAP + b'"ab"]',
        b"[" + b'{"name": "x"},' * (UNDER_CAP // 3) + b"{}]",
    ],
    ids=["empty objects", "empty lists", "wide text", "numbers", "short strings", "bad clients"],
)
def test_json_just_under_the_caps_stays_within_the_memory_budget(db, clients_json):
    payload = zip_of({"backcoach.json": export_json(clients_json)})
    assert len(payload) < portability.MAX_ZIP_BYTES
    peak, refusal = peak_import_memory(db, payload)
    assert peak < MEMORY_BUDGET
    assert refusal is not None
    assert db.scalar("SELECT COUNT(*) FROM clients") == 0


def test_json_with_too_many_values_is_refused_before_parsing(db):
    payload = zip_of({"backcoach.json": export_json(b"[" + b"{}," * (2 * MIB) + b"{}]")})
    with pytest.raises(ImportRejected, match="more than 800,000 values"):
        portability.import_zip(db, ME, payload, noon(TODAY))


def test_deeply_nested_json_is_a_clear_refusal(db):
    deep = export_json(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(ImportRejected, match="nested"):
        portability.import_zip(db, ME, zip_of({"backcoach.json": deep}), noon(TODAY))


def test_a_full_sized_real_export_imports_within_the_memory_budget(db, tmp_path):
    source = store.open_db(tmp_path / "big.db")
    store.ensure_owner(source, "big", "Big", NOW)
    demo.seed(source, "big", TODAY, NOW)
    one = portability.export_data(source, store.Viewer("big"))
    while len(json.dumps(one, indent=1)) < portability.MAX_JSON_BYTES * 0.9:
        one["clients"] += one["clients"][:6]
    payload = zip_of({"backcoach.json": json.dumps(one, indent=1).encode()})
    peak, refusal = peak_import_memory(db, payload)
    assert refusal is None
    assert peak < MEMORY_BUDGET


def test_the_upload_limit_lets_the_apps_own_refusals_show():
    import tomllib

    from coach import logbook, uploads

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    allowed = config["server"]["maxUploadSize"] * MIB
    # The server takes the largest upload the app accepts (a clip), and nothing beyond it.
    assert allowed == uploads.MAX_CLIP_BYTES
    assert max(portability.MAX_ZIP_BYTES, logbook.MAX_IMPORT_BYTES) < allowed


def test_an_imported_log_date_outside_the_window_writes_nothing(seeded, tmp_path):
    data = portability.export_data(seeded, ME)
    data["clients"][2]["log_entries"][0]["ts"] = "0999-01-01T00:00"
    fresh = store.open_db(tmp_path / "fresh.db")
    store.ensure_owner(fresh, "x", "X", NOW)
    with pytest.raises(
        ImportRejected, match="client 3, log_entries row 1, ts: a date from 1900-01-01"
    ):
        portability.import_data(fresh, store.Viewer("x"), data, noon(TODAY))
    assert fresh.scalar("SELECT COUNT(*) FROM clients") == 0


def test_a_one_client_export_names_its_client_in_the_file_name():
    when = datetime(2026, 11, 27, 18, 29)
    assert portability.exported_at(when) == "backcoach-export-20261127-1829.zip"
    assert portability.exported_at(when, "Priya Shah") == (
        "backcoach-export-Priya Shah-20261127-1829.zip"
    )
