"""Which database the app uses, and what a visitor sees when PostgreSQL cannot be reached."""

import pytest
import streamlit as st
from conftest import ROOT, owner_of
from streamlit.testing.v1 import AppTest

import ui
from coach import store
from coach.store import postgres

SECRET_URL = "postgresql://coach:hunter2-secret@127.0.0.1:9/backcoach"
ENV_URL = "postgresql://coach:other-secret@127.0.0.1:7/backcoach"


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    """The app with nothing configured but a SQLite file, and fast connection give-ups."""
    for name in ("BACKCOACH_DATABASE_URL", "BACKCOACH_DEMO", "BACKCOACH_PERSONAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BACKCOACH_DB", str(tmp_path / "app.db"))
    monkeypatch.setattr(postgres, "CONNECT_SECONDS", 0.5)
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def _error_text(app: AppTest) -> str:
    return " ".join(e.value for e in app.error)


def test_a_url_in_the_secrets_section_is_used_and_its_password_never_shown(app):
    app.secrets["connections"] = {"backcoach": {"url": SECRET_URL}}
    app.run()
    assert not app.exception
    shown = _error_text(app)
    assert "127.0.0.1:9" in shown and "cannot be reached" in shown
    assert "hunter2" not in shown and "coach:" not in shown
    assert not app.button  # no sign-in or demo offered on a database that is not there


def test_the_environment_wins_over_the_secrets_section(app, monkeypatch):
    monkeypatch.setenv("BACKCOACH_DATABASE_URL", ENV_URL)
    app.secrets["connections"] = {"backcoach": {"url": SECRET_URL}}
    app.run()
    assert "127.0.0.1:7" in _error_text(app) and "127.0.0.1:9" not in _error_text(app)
    assert "other-secret" not in _error_text(app)


def test_an_unreachable_database_schedules_a_retry_of_the_page(app, monkeypatch):
    monkeypatch.setenv("BACKCOACH_DATABASE_URL", ENV_URL)
    app.run()
    assert app.session_state[ui.keys.RETRY_ARMED] is True


def test_without_a_url_the_sqlite_file_is_used(app, tmp_path):
    app.run()
    assert not app.error
    app.button(key="start_demo").click().run()
    assert store.list_clients(store.connect(tmp_path / "app.db"), store.Viewer(owner_of(app)))


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_demo_runs_on_postgresql_from_the_secrets_section(app, db_target):
    app.secrets["connections"] = {"backcoach": {"url": db_target}}
    app.run()
    app.button(key="start_demo").click().run()
    assert not app.exception and not app.error
    app.switch_page("pages/6_Roster.py").run()
    assert not app.exception
    assert len(store.list_clients(store.connect(db_target), store.Viewer(owner_of(app)))) == 6
