"""Build a synthetic database at scale through the store, one transaction per client's log."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench import pgcluster
from coach import store
from coach.demo import baseline_answers
from coach.logbook import LogEntry
from coach.plans import build_plan
from coach.profiles import Profile
from coach.store import postgres
from coach.triage import assess

OWNER = "bench-owner"
VIEWER = store.Viewer(OWNER)
LONG_CLIENT_NAME = "Ten Years Daily"


def build(
    path: Path | str, clients: int, entries_per_client: int, today: date, seed: int = 1
) -> int:
    """Create the database (a SQLite path or a PostgreSQL URL); returns the id of the client with
    ten years of daily entries. The same arguments build the same content on either."""
    rng = random.Random(seed)
    now = datetime.combine(today, time(9))
    db = store.open_db(path)
    store.ensure_owner(db, OWNER, "Bench trainer", now)
    with db.transaction():
        ids = [
            store.add_client(db, VIEWER, Profile(name=f"Client {n:04d}", age=20 + n % 50), now).id
            for n in range(clients)
        ]
        long_profile = Profile(name=LONG_CLIENT_NAME, age=45, background="advanced")
        long_id = store.add_client(db, VIEWER, long_profile, now).id
    for client_id in ids:
        start = datetime.combine(today, datetime.min.time()) - timedelta(days=entries_per_client)
        base = rng.uniform(0, 5)
        entries = [
            _entry(start + timedelta(days=i, hours=18), base, rng)
            for i in range(entries_per_client)
        ]
        store.add_entries(db, VIEWER, client_id, entries, now)
    start = datetime.combine(today, datetime.min.time()) - timedelta(days=3653)
    store.add_entries(
        db,
        VIEWER,
        long_id,
        [_entry(start + timedelta(days=i, hours=8), 2, rng) for i in range(3653)],
        now,
    )
    with db.transaction():
        for client_id in [*ids[:: max(1, clients // 20)], long_id]:
            answers = baseline_answers(
                pain_now=rng.randint(0, 9), radiating=rng.choice(["none", "thigh"])
            )
            store.save_triage(db, VIEWER, client_id, answers, assess(answers).to_dict(), now)
        plan = build_plan("intermediate", 8, 3, 20, frozenset({"mat"}), 2).to_dict()
        store.save_plan(db, VIEWER, long_id, plan, today - timedelta(weeks=3), "built", now)
    store.analyze(db)
    db.close()
    return long_id


def _entry(ts: datetime, base: float, rng: random.Random) -> LogEntry:
    training = rng.random() < 0.5
    pain = max(0, min(10, round(base + rng.uniform(-1.5, 1.5))))
    return LogEntry(
        ts=ts,
        pain=pain,
        pain_during=min(10, pain + 1) if training else None,
        pain_next_morning=pain if training else None,
        location=rng.choice(("centre", "left", "right")),
        session_type="strength" if training else "check_in",
        minutes=rng.choice((30, 45, 60)) if training else 0,
        rpe=rng.randint(4, 8) if training else 0,
        warmed_up=rng.random() < 0.7,
    )


@contextmanager
def on_postgres(clients: int, entries_per_client: int, today: date) -> Iterator[str]:
    """The same dataset in a throwaway PostgreSQL cluster (`bench/pgcluster.py`); yields its URL
    and removes the cluster on the way out. Raises `pgcluster.PostgresMissing` without one."""
    cluster = pgcluster.start()
    try:
        pgcluster.create_database(cluster, "bench")
        url = cluster.url("bench")
        build(url, clients, entries_per_client, today)
        postgres.close_pool(url)  # the app processes open their own
        yield url
    finally:
        cluster.stop()
