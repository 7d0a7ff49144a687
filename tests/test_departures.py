"""A client who loses their record keeps a copy of their data, on their own account."""

import io
import zipfile
from datetime import timedelta

import pytest
from conftest import FAREWELL, ME, NOW, OWNER, THEM, entry

from coach import accounts, invitations, portability, store
from coach.profiles import Profile

pytestmark = pytest.mark.both_backends

PASSWORD = "a long enough password"


@pytest.fixture
def casey(db, client):
    """The client's own account, linked to `client`, with one entry in the trainer's log."""
    store.add_entry(db, ME, client.id, entry(1, 4, notes="after squats"), NOW)
    made = invitations.invite(db, ME, client.id, NOW)
    return invitations.redeem(db, made.code, "casey", PASSWORD, "Casey", NOW)


def copy_of(db, account) -> dict:
    return portability.read_zip(store.kept_copy_data(db, account.id))


def test_the_trainer_unlinking_keeps_the_clients_copy_on_the_clients_account(db, client, casey):
    later = NOW + timedelta(days=3)
    assert store.unlink_client(db, ME, client.id, portability.farewell(later))
    kept = store.kept_copy(db, casey.id)
    assert (kept.reason, kept.made) == (store.TRAINER_UNLINKED, later)
    data = copy_of(db, casey)
    assert [c["name"] for c in data["clients"]] == ["Casey Client"]
    assert [e["notes"] for e in data["clients"][0]["log_entries"]] == ["after squats"]
    owners = {r["owner_id"] for r in db.query("SELECT owner_id FROM kept_copies")}
    assert owners == {casey.owner_id}


def test_the_copy_is_the_zip_my_data_downloads(db, client, casey):
    viewer = store.Viewer(OWNER, casey.id, store.CLIENT)
    expected = portability.read_zip(portability.client_copy(db, viewer, client.id))
    store.unlink_client(db, ME, client.id, FAREWELL)
    archive = zipfile.ZipFile(io.BytesIO(store.kept_copy_data(db, casey.id)))
    assert "backcoach.json" in archive.namelist() and "log_entries.csv" in archive.namelist()
    assert copy_of(db, casey) == expected


def test_the_copy_lists_the_clients_clips_but_keeps_no_video(db, client, casey):
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(4096)
    store.add_clip(db, ME, client.id, "back_squat", "squat.mp4", "video/mp4", video, NOW)
    store.unlink_client(db, ME, client.id, FAREWELL)
    archive = zipfile.ZipFile(io.BytesIO(store.kept_copy_data(db, casey.id)))
    assert not [name for name in archive.namelist() if name.startswith("clips/")]
    listed = copy_of(db, casey)["clients"][0]["form_clips"]
    assert [(c["filename"], c["size"]) for c in listed] == [("squat.mp4", len(video))]


def test_erasing_the_record_keeps_the_copy_and_nothing_in_the_trainers_workspace(db, client, casey):
    store.add_client(db, ME, Profile("Other Client", 30, notes="n"), NOW)
    store.erase_client(db, ME, client.id, FAREWELL)
    assert store.kept_copy(db, casey.id).reason == store.RECORD_DELETED
    assert copy_of(db, casey)["clients"][0]["name"] == "Casey Client"
    assert db.scalar("SELECT COUNT(*) FROM kept_copies WHERE owner_id = ?", (OWNER,)) == 0


def test_erasing_the_trainers_workspace_keeps_each_linked_clients_copy(db, client, casey):
    other = store.add_client(db, ME, Profile("Other Client", 30), NOW)
    second = invitations.redeem(
        db, invitations.invite(db, ME, other.id, NOW).code, "other", PASSWORD, "O", NOW
    )
    store.erase_owner(db, OWNER, FAREWELL)
    assert copy_of(db, casey)["clients"][0]["name"] == "Casey Client"
    assert copy_of(db, second)["clients"][0]["name"] == "Other Client"
    assert store.kept_copy(db, second.id).reason == store.RECORD_DELETED


def test_the_client_unlinking_themselves_keeps_a_copy_too(db, client, casey):
    assert store.unlink_account(db, casey.id, FAREWELL)
    assert store.kept_copy(db, casey.id).reason == store.SELF_UNLINKED


def test_the_client_deletes_the_copy_and_deleting_their_account_removes_it(db, client, casey):
    store.unlink_client(db, ME, client.id, FAREWELL)
    assert store.erase_kept_copy(db, casey.id)
    assert store.kept_copy(db, casey.id) is None
    assert not store.erase_kept_copy(db, casey.id)
    store.unlink_account(db, casey.id, FAREWELL)  # no link left: nothing to keep
    assert store.kept_copy(db, casey.id) is None


def test_erasing_the_clients_own_account_removes_its_copy(db, client, casey):
    store.unlink_client(db, ME, client.id, FAREWELL)
    store.erase_owner(db, casey.owner_id, FAREWELL)
    assert db.scalar("SELECT COUNT(*) FROM kept_copies") == 0


def test_another_workspace_unlinking_keeps_nothing_and_changes_nothing(db, client, casey):
    assert not store.unlink_client(db, THEM, client.id, FAREWELL)
    assert store.kept_copy(db, casey.id) is None
    assert store.client_link(db, casey.id) is not None


def test_a_copy_that_cannot_be_made_leaves_the_link_and_the_record(db, client, casey):
    def broken(conn, who, client_id):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.unlink_client(db, ME, client.id, store.Farewell(broken, NOW))
    with pytest.raises(RuntimeError):
        store.erase_client(db, ME, client.id, store.Farewell(broken, NOW))
    assert store.client_link(db, casey.id) is not None
    assert store.get_client(db, ME, client.id).name == "Casey Client"
    assert store.kept_copy(db, casey.id) is None


def test_a_client_left_without_their_trainer_is_told_only_after_an_unassignment(db):
    alex = accounts.create_account(db, "alex", PASSWORD, "Alex", is_admin=True, now=NOW)
    workspace = store.Viewer(alex.owner_id)
    client = store.add_client(db, workspace, Profile("Team Client", 30), NOW)
    sam = accounts.add_trainer(db, alex, "sam", PASSWORD, "Sam", now=NOW)
    assert not store.trainer_unassigned(db, workspace, client.id)  # the owner is their trainer
    store.set_assignments(db, workspace, client.id, {sam.id}, NOW)
    assert not store.trainer_unassigned(db, workspace, client.id)
    store.set_assignments(db, workspace, client.id, set(), NOW)
    assert store.trainer_unassigned(db, workspace, client.id)
