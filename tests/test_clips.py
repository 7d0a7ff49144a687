"""Clips of a client's lift: per owner, in the owner's export, gone when the client is erased."""

import io
import json
import zipfile

import pytest
from conftest import FAREWELL, ME, NOW, THEM
from test_uploads import MP4

from coach import portability, store
from coach.errors import NotFound
from coach.profiles import Profile


def attach(db, client_id: int, body: bytes = MP4) -> int:
    return store.add_clip(db, ME, client_id, "back_squat", "squat.mp4", "video/mp4", body, NOW)


def test_a_clip_is_kept_for_its_owner_and_client_only(db, client):
    clip_id = attach(db, client.id)
    [clip] = store.list_clips(db, ME, client.id, "back_squat")
    assert (clip.id, clip.size, clip.mime) == (clip_id, len(MP4), "video/mp4")
    assert store.clip_data(db, ME, clip_id) == MP4
    assert store.list_clips(db, ME, client.id, "lunge") == []
    assert store.list_clips(db, THEM, client.id) == []
    with pytest.raises(NotFound):
        store.clip_data(db, THEM, clip_id)
    with pytest.raises(NotFound):
        store.delete_clip(db, THEM, clip_id, NOW)
    with pytest.raises(NotFound):
        store.add_clip(db, THEM, client.id, "back_squat", "x.mp4", "video/mp4", MP4, NOW)


def test_the_export_holds_each_clip_and_an_import_leaves_them_out(db, client):
    marker = MP4 + b"CLIP-MARKER-5521"
    attach(db, client.id, marker)
    payload = portability.export_zip(db, ME)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        data = json.loads(archive.read("backcoach.json"))
        [meta] = data["clients"][0]["form_clips"]
        assert archive.read(meta["file"]) == marker
    assert meta["exercise_id"] == "back_squat" and meta["size"] == len(marker)
    assert "id" not in meta
    added = portability.import_zip(db, THEM, payload, NOW)
    assert added == 1
    [copy] = store.list_clients(db, THEM)
    assert store.list_clips(db, THEM, copy.id) == []


def test_erasing_a_client_removes_their_clips_from_the_file(db, client, db_path):
    marker = MP4 + b"ERASE-CLIP-8830"
    attach(db, client.id, marker)
    keep = store.add_client(db, ME, Profile("Keep Me", 30), NOW)
    attach(db, keep.id)
    store.erase_client(db, ME, client.id, FAREWELL)
    wal = db_path.with_name(db_path.name + "-wal")
    raw = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"ERASE-CLIP-8830" not in raw
    assert len(store.list_clips(db, ME, keep.id)) == 1
