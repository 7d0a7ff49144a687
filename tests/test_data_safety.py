"""Concurrent writers and a killed import: no lost entry, no lock error, no half write."""

import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import pytest
from conftest import ME, NOW, OWNER, ROOT

from coach import store
from coach.logbook import LogEntry
from coach.profiles import Profile

WRITERS, PER_WRITER = 8, 500
pytestmark = pytest.mark.both_backends

# What "consistent" means after a crash: the engine's own check (PostgreSQL's amcheck verifies
# every index of the log against the table's rows), and on both, no entry of a missing client.
INTEGRITY = {
    "sqlite": ("PRAGMA integrity_check",),
    "postgresql": (
        "CREATE EXTENSION IF NOT EXISTS amcheck",
        "SELECT MIN('ok') FROM (SELECT bt_index_check(indexrelid, true) FROM pg_index"
        " WHERE indrelid = 'log_entries'::regclass) AS checked",
    ),
}
ORPHANS = (
    "SELECT COUNT(*) FROM log_entries e LEFT JOIN clients c ON c.id = e.client_id"
    " WHERE c.id IS NULL"
)


WRITER = """
import sys
from datetime import datetime, timedelta
sys.path.insert(0, {root!r})
from coach import store
from coach.logbook import LogEntry
db = store.connect({path!r})
start = datetime(2026, 1, 1) + timedelta(days={worker} * 1000)
for i in range({count}):
    entry = LogEntry(ts=start + timedelta(hours=i), pain=i % 11, notes=f"w{worker}-{{i}}")
    store.add_entry(db, store.Viewer({owner!r}), {client}, entry, start)
"""


def test_eight_processes_writing_at_once_lose_nothing(db, db_target):
    client = store.add_client(db, ME, Profile("Busy Client", 30), NOW)
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER.format(
                    root=str(ROOT),
                    path=db_target,
                    worker=w,
                    count=PER_WRITER,
                    owner=OWNER,
                    client=client.id,
                ),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WRITERS)
    ]
    errors = [p.communicate(timeout=300)[1] for p in writers]
    assert [p.returncode for p in writers] == [0] * WRITERS, errors
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == WRITERS * PER_WRITER
    notes = {r["notes"] for r in db.query("SELECT notes FROM log_entries")}
    assert len(notes) == WRITERS * PER_WRITER


CRASHING_IMPORT = """
import sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from coach import logbook, store
db = store.connect({path!r})
rows = "\\n".join(f"2026-01-01T{{h:02d}}:00,{{h % 11}}" for h in range(24)) + "\\n"
entries = logbook.parse_csv(("datetime,pain\\n" + rows * 800).encode(), date(2026, 11, 25))
def progress(done):
    Path({marker!r}).touch()
    time.sleep(0.2)
store.add_entries(
    db, store.Viewer({owner!r}), {client}, entries, entries[0].ts, on_progress=progress
)
"""


def test_a_killed_import_leaves_the_database_intact_and_the_import_out(
    db, db_target, backend, tmp_path
):
    client = store.add_client(db, ME, Profile("Import Client", 30), NOW)
    marker = tmp_path / "started"
    script = CRASHING_IMPORT.format(
        root=str(ROOT), path=db_target, marker=str(marker), owner=OWNER, client=client.id
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the import finished or failed before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    after = store.connect(db_target)
    *setup, check = INTEGRITY[backend]
    for statement in setup:
        after.execute(statement)
    assert after.scalar(check) == "ok"
    assert after.scalar(ORPHANS) == 0
    assert after.scalar("SELECT COUNT(*) FROM log_entries") == 0
    store.add_entry(after, ME, client.id, LogEntry(ts=datetime(2026, 2, 1), pain=2), NOW)
    assert after.scalar("SELECT COUNT(*) FROM log_entries") == 1
