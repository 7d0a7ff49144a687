"""The person's clock: their zone from the browser, and the dates pages show in it."""

import ast
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, client_key, owner_of, submit_form
from streamlit.testing.v1 import AppTest

import ui
from coach import store
from coach.dateformat import DateFormat
from coach.demo import baseline_answers
from coach.triage import assess
from ui.clock import utc_now

# 25 hours apart: their calendar dates differ at every moment, so a page that shows the
# server's date instead of the browser's fails whatever time the suite runs.
FAR_APART = [
    ("Pacific/Kiritimati", "Pacific/Pago_Pago"),
    ("Pacific/Pago_Pago", "Pacific/Kiritimati"),
]


@pytest.fixture
def server_zone(monkeypatch):
    """Run the server process in a chosen zone for one test, then restore it."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def browser_app(zone: str) -> AppTest:
    """A demo visit from a browser that reports `zone`."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.context = {"timezone": zone}
    app.run()
    app.button(key="start_demo").click().run()
    assert not app.exception
    return app


def local_today(zone: str) -> set[date]:
    """Today in `zone`; both candidates when the test straddles that zone's midnight."""
    now = datetime.now(ZoneInfo(zone))
    return {now.date(), (now + timedelta(minutes=2)).date()}


@pytest.mark.parametrize(("browser", "server"), FAR_APART)
def test_log_and_history_dates_are_the_browsers_not_the_servers(
    app_db: Path, server_zone, browser, server
):
    server_zone(server)
    app = browser_app(browser)
    today = local_today(browser)
    assert not today & local_today(server)

    app.switch_page("pages/5_Pain_log.py").run()
    [day] = [d for d in app.date_input if d.label == "Date"]
    assert day.value in today

    app.switch_page("pages/0_My_week.py").run()
    app.pills(key=client_key(app, "week_pain", 0)).set_value(3)
    submit_form(app, client_key(app, "week_log", 0))
    db = store.connect(app_db)
    client_id = app.session_state[ui.CLIENT_ID]
    [latest] = store.recent_entries(db, store.Viewer(owner_of(app)), client_id, limit=1)
    assert latest.ts.date() in today


@pytest.mark.parametrize(("browser", "server"), FAR_APART)
def test_a_triage_shows_on_the_browsers_clock(app_db: Path, server_zone, browser, server):
    server_zone(server)
    app = browser_app(browser)
    db = store.connect(app_db)
    client_id = app.session_state[ui.CLIENT_ID]
    answers = baseline_answers()
    when = datetime.now(UTC).replace(microsecond=0)
    store.save_triage(
        db, store.Viewer(owner_of(app)), client_id, answers, assess(answers).to_dict(), when
    )
    local = when.astimezone(ZoneInfo(browser))

    shown = DateFormat()  # AppTest's browser sends no language: day first, 24-hour clock
    app.switch_page("pages/1_Triage.py").run()
    assert app.expander[0].label.startswith(shown.when(local))
    app.switch_page("pages/6_Client_summary.py").run()
    assert any(m.value.startswith(f"{shown.day(local.date())}:") for m in app.markdown)


def _show_zone():
    import streamlit as st

    from ui.clock import person_zone

    st.write(str(person_zone()))


@pytest.mark.parametrize(
    ("context", "setting", "shown"),
    [
        ({"timezone": "Asia/Kathmandu", "timezone_offset": -345}, None, "Asia/Kathmandu"),
        (
            {"timezone": "Not/AZone", "timezone_offset": -345},
            None,
            str(timezone(timedelta(hours=5, minutes=45))),
        ),
        ({}, "America/Denver", "America/Denver"),
        ({}, "Not/AZone", "UTC"),
        ({}, None, "UTC"),
    ],
)
def test_the_zone_falls_back_from_browser_name_to_offset_to_setting_to_utc(
    monkeypatch, context, setting, shown
):
    if setting is None:
        monkeypatch.delenv("BACKCOACH_TIMEZONE", raising=False)
    else:
        monkeypatch.setenv("BACKCOACH_TIMEZONE", setting)
    app = AppTest.from_function(_show_zone)
    app.context = context
    app.run()
    assert not app.exception
    assert app.markdown[0].value == shown


CLOCK_READS = {"now", "today", "utcnow", "utcfromtimestamp", "fromtimestamp"}


def test_utc_now_is_aware():
    assert utc_now().utcoffset() == timedelta(0)


def test_the_clock_is_read_in_one_place():
    """`ui/clock.py` reads the server clock; everything else is passed today/now (a callback
    that runs before its page asks `ui.clock` too)."""

    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    files += (ROOT / "coach").rglob("*.py")
    offenders = []
    for path in files:
        if path == ROOT / "ui" / "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_READS
                and ast.unparse(node.func.value) in {"date", "datetime", "pd.Timestamp", "time"}
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
