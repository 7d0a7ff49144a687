"""Small fixtures shared by the suite: a fresh database, an owner, a client, an app under test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import streamlit as st
from argon2 import PasswordHasher, profiles
from streamlit.testing.v1 import AppTest

from bench import pgcluster
from coach import accounts, portability, store
from coach.logbook import LogEntry
from coach.profiles import Profile
from coach.store import postgres

ROOT = Path(__file__).resolve().parent.parent
# Tests tap a new section of the check as soon as it is drawn, as no person does: the pause the
# app waits for before it counts a tap there (ui.triage_flow) is off, for the servers too, except
# where a test sets it (tests/test_page_triage.py, tests/test_browser_triage.py).
os.environ["BACKCOACH_TAP_SETTLE_MS"] = "0"

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
OWNER = "owner-a"
OTHER_OWNER = "owner-b"
# Who is asking, as the store takes it: each workspace's owner.
ME = store.Viewer(OWNER)
THEM = store.Viewer(OTHER_OWNER)
# What unlinks and erasures in tests keep a linked client's copy with.
FAREWELL = portability.farewell(NOW)


def noon(day: date) -> datetime:
    """Noon in UTC on `day`: the `now` of a write that a test dates by its day."""
    return datetime.combine(day, time(12), tzinfo=UTC)


_database_numbers = itertools.count()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes():
    """Tests hash with argon2's cheapest parameters; the app keeps accounts.STRONG."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "backcoach.db"


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_backends` run on SQLite and on PostgreSQL, `postgresql_only` ones on
    PostgreSQL; `sqlite_only` keeps a test of SQLite's own behaviour in a both_backends module
    on SQLite (the `backend` fixture's default)."""
    test = metafunc.definition
    if "backend" not in metafunc.fixturenames:
        return
    if test.get_closest_marker("postgresql_only"):
        metafunc.parametrize("backend", ["postgresql"])
    elif test.get_closest_marker("both_backends") and not test.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend() -> str:
    """The store's backend for this test: SQLite unless the test runs on both."""
    return "sqlite"


@pytest.fixture
def db_target(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[str]:
    """Where this test's database is: a SQLite path, or a fresh migrated PostgreSQL database."""
    if backend == "sqlite":
        yield str(db_path)
        return
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    pgcluster.create_database(cluster, name, template=template)
    url = cluster.url(name)
    yield url
    postgres.close_pool(url)
    pgcluster.drop_database(cluster, name)


@pytest.fixture
def db(db_target: str):
    """A migrated database with two owners, so every test can check isolation."""
    database = store.open_db(db_target)
    store.ensure_owner(database, OWNER, "Alex Trainer", NOW)
    store.ensure_owner(database, OTHER_OWNER, "Blake Trainer", NOW)
    yield database
    database.close()


@pytest.fixture
def client(db):
    return store.add_client(db, ME, Profile("Casey Client", 30), NOW)


def entry(day: int, pain: int, **fields) -> LogEntry:
    """A log entry on day `day` of January 2026 (days past 31 roll on)."""
    from datetime import timedelta

    ts = datetime(2026, 1, 1, 18, 0) + timedelta(days=day)
    return LogEntry(ts=ts, pain=pain, **fields)


@pytest.fixture
def app_db(monkeypatch, tmp_path: Path) -> Path:
    """Point the app at a fresh database file and clear Streamlit's caches between tests."""
    path = tmp_path / "app.db"
    monkeypatch.setenv("BACKCOACH_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


@pytest.fixture
def fresh_app(app_db: Path) -> AppTest:
    """The app as a first-time visitor sees it: the start screen."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.run()
    assert not app.exception
    return app


@pytest.fixture
def at(fresh_app: AppTest) -> AppTest:
    """The app one click after the start screen: a demo workspace with the sample clients."""
    fresh_app.button(key="start_demo").click().run()
    assert not fresh_app.exception
    return fresh_app


def owner_of(app: AppTest) -> str:
    """The owner id the app signed this test's visitor in as."""
    import ui

    return app.session_state[ui.OWNER_ID]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can react to a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def picker(app: AppTest):
    """The sidebar's client picker: its key changes each time the server picks (`make_current`)."""
    return next(box for box in app.sidebar.selectbox if box.label == "Current client")


def choose_client(app: AppTest, name: str) -> AppTest:
    """Pick a client in the sidebar by name, as a trainer would."""
    box = picker(app)
    box.select_index(box.options.index(name)).run()
    assert not app.exception
    return app


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL for the whole run; missing PostgreSQL fails CI, skips elsewhere."""
    try:
        cluster = pgcluster.start()
    except pgcluster.PostgresMissing as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A database migrated once, that each PostgreSQL test copies (CREATE DATABASE ... TEMPLATE)."""
    pgcluster.create_database(pg_cluster, pgcluster.TEMPLATE)
    url = pg_cluster.url(pgcluster.TEMPLATE)
    store.open_db(url)
    postgres.close_pool(url)  # a template must have no connections while it is copied
    return pgcluster.TEMPLATE


@pytest.fixture
def pg_empty_url(pg_cluster) -> str:
    """The URL of a new, empty database on the throwaway cluster, dropped after the test."""
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    pgcluster.create_database(pg_cluster, name)
    url = pg_cluster.url(name)
    yield url
    postgres.close_pool(url)
    pgcluster.drop_database(pg_cluster, name)


def client_key(app: AppTest, name: str, *more: object) -> str:
    """The key a page gives a widget of the current client (see `ui.for_client`)."""
    import ui

    return ui.for_client(name, app.session_state[ui.CLIENT_ID], *more)


def submit_form(app: AppTest, form: str, label: str | None = None) -> AppTest:
    """Press a form's submit button, found by the form's key (and label, if it has several)."""
    buttons = [b for b in app.button if b.form_id == form and label in (None, b.label)]
    assert len(buttons) == 1, f"{len(buttons)} submit buttons in form {form!r}"
    buttons[0].click().run()
    assert not app.exception
    return app


def fill_clearance(app: AppTest, by: str | None, day: date | None) -> str:
    """Type who cleared the client and when into the screen's one clearance form; its id."""
    [form] = {b.form_id for b in app.button if b.label == "Record clearance"}
    if by is not None:
        next(t for t in app.text_input if t.label.startswith("Cleared by")).input(by)
    if day is not None:
        next(d for d in app.date_input if d.label == "Cleared on").set_value(day)
    return form
