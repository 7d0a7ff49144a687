"""A database the server cannot use as configured: a clear message, no server path, no set-up."""

import sqlite3

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from coach import store
from coach.store import connection


def visit(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("BACKCOACH_DB", str(path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    return app.run()


def refused(app: AppTest, path, words: str) -> None:
    assert not app.exception
    message = app.error[0].value
    assert words in message
    assert str(path) not in message and str(path.parent) not in message
    assert not app.get("form")
    assert not app.button


def test_a_folder_is_not_a_database(monkeypatch, app_db, tmp_path):
    refused(visit(monkeypatch, tmp_path), tmp_path / "x", "a folder, not a file")


def test_a_configured_folder_that_is_missing_is_not_created(monkeypatch, app_db, tmp_path):
    path = tmp_path / "not-mounted" / "backcoach.db"
    refused(visit(monkeypatch, path), path, "folder does not exist")
    assert not path.parent.exists()


def test_a_read_only_database_says_so(monkeypatch, app_db, tmp_path):
    path = tmp_path / "backcoach.db"
    store.open_db(path).close()
    real_connect = sqlite3.connect

    def read_only(database, **kwargs):
        return real_connect(f"file:{database}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr(connection.sqlite3, "connect", read_only)
    refused(visit(monkeypatch, path), path, "read-only")


def test_a_full_disk_says_so(monkeypatch, app_db, tmp_path):
    path = tmp_path / "backcoach.db"
    monkeypatch.setattr(connection.shutil, "disk_usage", lambda _: (100, 100, 0))
    refused(visit(monkeypatch, path), path, "disk that holds the database is full")


@pytest.mark.parametrize(
    "content", [b"not a database at all" * 100, b"\x00" * 4096], ids=["text", "zeros"]
)
def test_a_damaged_file_says_so(monkeypatch, app_db, tmp_path, content):
    path = tmp_path / "backcoach.db"
    path.write_bytes(content)
    refused(visit(monkeypatch, path), path, "damaged")
