"""Erasure that verifies what it promises: with another reader holding SQLite's journal, it
says it could not finish (and does when tried again) instead of reporting success."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from conftest import FAREWELL, ME, NOW, OWNER, choose_client, owner_of, submit_form

from coach import invitations, store
from coach.errors import ErasureUnfinished
from coach.profiles import Profile
from coach.store import erasure

MARKER = "ZQXJ-erase-me-5521"


def raw_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as a disk reader would see them."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def reader_holding(path: Path) -> sqlite3.Connection:
    """A second connection inside a read transaction: what blocks a checkpoint."""
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM clients").fetchone()
    return reader


@pytest.fixture
def doomed(db):
    return store.add_client(db, ME, Profile("Erase Me", 30, notes=MARKER), NOW)


def test_a_reader_in_the_way_is_reported_not_hidden_and_a_retry_finishes(db, doomed, db_path):
    reader = reader_holding(db_path)
    with pytest.raises(ErasureUnfinished, match="another screen was reading"):
        store.erase_client(db, ME, doomed.id, FAREWELL)
    assert MARKER.encode() in raw_bytes(db_path)
    assert db.scalar("SELECT COUNT(*) FROM clients WHERE id = ?", (doomed.id,)) == 0
    with pytest.raises(ErasureUnfinished):
        store.finish_erasure(db)
    reader.execute("COMMIT")
    store.finish_erasure(db)
    assert MARKER.encode() not in raw_bytes(db_path)
    assert not db_path.with_name(db_path.name + "-wal").stat().st_size


def test_erasing_an_owner_with_a_reader_in_the_way_is_reported(db, doomed, db_path):
    reader = reader_holding(db_path)
    with pytest.raises(ErasureUnfinished, match="The account and its data were deleted"):
        store.erase_owner(db, OWNER, FAREWELL)
    reader.close()
    store.finish_erasure(db)
    assert MARKER.encode() not in raw_bytes(db_path)


def test_without_a_reader_erasure_finishes_and_leaves_no_bytes(db, doomed, db_path):
    assert MARKER.encode() in raw_bytes(db_path)
    store.erase_client(db, ME, doomed.id, FAREWELL)
    assert MARKER.encode() not in raw_bytes(db_path)


def test_a_linked_clients_copy_outlives_the_erasure_until_they_delete_it(db, doomed, db_path):
    """The rule (README, Trainers and clients): erasing a record leaves nothing in the trainer's
    workspace, and the copy kept for the client's own account is theirs; deleting it wipes it
    from the file as any erasure does."""
    made = invitations.invite(db, ME, doomed.id, NOW)
    casey = invitations.redeem(db, made.code, "casey", "a long enough password", "Casey", NOW)
    store.erase_client(db, ME, doomed.id, FAREWELL)
    sample = store.kept_copy_data(db, casey.id)[-64:]
    assert sample in raw_bytes(db_path)
    assert db.scalar("SELECT COUNT(*) FROM kept_copies WHERE owner_id = ?", (OWNER,)) == 0
    assert store.erase_kept_copy(db, casey.id)
    assert sample not in raw_bytes(db_path)


def test_a_blocked_erasure_does_not_stall_other_writers(db, doomed, db_path):
    """While the checkpoint waits for the reader it holds off writers: briefly, not for the
    busy timeout. Another trainer keeps saving on their own connection meanwhile."""
    reader = reader_holding(db_path)
    outcome: list[BaseException | None] = []

    def erase() -> None:
        own = store.connect(db_path)
        try:
            store.erase_client(own, ME, doomed.id, FAREWELL)
            outcome.append(None)
        except ErasureUnfinished as e:
            outcome.append(e)
        finally:
            own.close()

    writer = store.connect(db_path)
    eraser = threading.Thread(target=erase)
    started = time.monotonic()
    eraser.start()
    waits = []
    while eraser.is_alive():
        before = time.monotonic()
        store.add_client(writer, ME, Profile("Still Saving", 30), NOW)
        waits.append(time.monotonic() - before)
    eraser.join()
    took = time.monotonic() - started
    reader.close()
    assert isinstance(outcome[0], ErasureUnfinished)
    assert len(waits) > 1
    assert max(waits) < 1.0, max(waits)
    assert took < 3 * erasure.CHECKPOINT_ATTEMPTS * erasure.CHECKPOINT_WAIT_MS / 1000 + 1


@pytest.mark.both_backends
def test_finishing_with_nothing_left_to_wipe_is_quiet(db):
    """PostgreSQL erases by VACUUM as before (README); there is nothing to finish later."""
    store.finish_erasure(db)


def test_the_account_screen_says_an_erasure_could_not_finish_and_retries(at, app_db):
    choose_client(at, "Tom Okafor")
    at.switch_page("pages/9_Account.py").run()
    names = store.client_names(store.connect(app_db), store.Viewer(owner_of(at)))
    doomed = next(i for i, n in names.items() if n == "Priya Shah")
    at.selectbox(key="account_erase_pick").set_value(doomed).run()
    at.main.text_input[-2].input("Priya Shah")
    reader = reader_holding(app_db)
    submit_form(at, f"account_erase_client_{doomed}")
    assert not at.exception
    assert "could not yet be wiped" in at.warning[-1].value
    assert (
        "Priya Shah"
        not in store.client_names(store.connect(app_db), store.Viewer(owner_of(at))).values()
    )
    at.button(key="account_finish_erasure").click().run()
    assert "Another screen is still reading" in at.warning[-1].value
    reader.close()
    at.button(key="account_finish_erasure").click().run()
    assert not at.exception
    assert "Erasure finished" in at.success[0].value
    assert b"Priya Shah" not in raw_bytes(app_db)
