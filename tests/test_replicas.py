"""Two `streamlit run` processes on one PostgreSQL, as replicas behind a load balancer run.

Writes through both at once lose nothing, a sign-in on one holds on the other after a reload, a
red flag saved through one reorders the roster the other serves, and an app process killed in
the middle of an import leaves no part of it behind (last: it takes a replica down).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from conftest import _database_numbers
from playwright.sync_api import Browser, Page, expect
from test_browser import EXPECT_TIMEOUT, AppServer, chromium, streamlit_server, wait_ready

from bench import pgcluster
from coach import accounts, demo, store
from coach.profiles import Profile
from coach.sessions import COOKIE
from coach.store import postgres
from ui.clock import utc_now

pytestmark = pytest.mark.browser
USERNAME, PASSWORD = "alex", "correct horse battery"
WRITERS, PER_WRITER = 4, 500  # two tabs on each replica, importing at once
BUSY = "Busy Client"  # no entries yet, so the pain log page is light
# A transaction of another connection that holds a row lock: what an import does while it runs.
OPEN_WRITE = (
    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
)
TODAY = date.today()


@pytest.fixture(scope="module")
def shared_url(pg_cluster, pg_template) -> Iterator[str]:
    """One PostgreSQL database with a trainer account and the demo clients."""
    name = f"replicas_{os.getpid()}_{next(_database_numbers)}"
    pgcluster.create_database(pg_cluster, name, template=pg_template)
    url = pg_cluster.url(name)
    db = store.connect(url)
    now = utc_now()
    account = accounts.create_account(db, USERNAME, PASSWORD, "Alex Trainer", now=now)
    demo.seed(db, account.owner_id, TODAY, now)
    store.add_client(db, store.Viewer(account.owner_id), Profile(BUSY, 30), now)
    yield url
    postgres.close_pool(url)
    pgcluster.drop_database(pg_cluster, name)


@pytest.fixture(scope="module", autouse=True)
def patient_waits() -> Iterator[None]:
    """Two servers and four tabs on two cores: give every expectation longer than 15 s."""
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture(scope="module")
def replicas(shared_url, tmp_path_factory) -> Iterator[tuple[AppServer, AppServer]]:
    logs = tmp_path_factory.mktemp("replicas")
    with (
        streamlit_server(logs / "a.log", BACKCOACH_DATABASE_URL=shared_url) as a,
        streamlit_server(logs / "b.log", BACKCOACH_DATABASE_URL=shared_url) as b,
    ):
        yield a, b


def sign_in(page: Page, url: str, screen: str) -> None:
    """Sign in on the start screen, then open a screen from the menu (the same session)."""
    page.goto(url)
    wait_ready(page)
    page.get_by_role("textbox", name="Username").fill(USERNAME)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_ready(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name=screen, exact=True).click()
    wait_ready(page)


def pick_client(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=name).click()
    wait_ready(page)


def entries_csv(writer: int) -> bytes:
    """One writer's entries, in a stretch of the past no other writer uses (dates after tomorrow
    are refused)."""
    start = datetime(2000, 1, 1) + timedelta(days=writer * 1000)
    rows = [
        f"{(start + timedelta(hours=i)).isoformat(timespec='minutes')},{i % 11},w{writer}-{i}"
        for i in range(PER_WRITER)
    ]
    return ("datetime,pain,notes\n" + "\n".join(rows) + "\n").encode()


def start_import(page: Page, payload: bytes, name: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": payload}]
    )
    page.get_by_role("button", name="Import", exact=True).click()


def log_count(url: str, client_id: int) -> int:
    return store.connect(url).scalar(
        "SELECT COUNT(*) FROM log_entries WHERE client_id = ?", (client_id,)
    )


def client_named(url: str, name: str):
    db = store.connect(url)
    owner_id = db.scalar("SELECT owner_id FROM accounts WHERE username = ?", (USERNAME,))
    return next(c for c in store.list_clients(db, store.Viewer(owner_id)) if c.name == name)


def roster_top(page: Page):
    """The client cell of the roster's first row (the grid's accessible table)."""
    return page.get_by_test_id("glide-cell-1-0")


def test_tabs_on_two_replicas_import_at_once_and_lose_nothing(browser, replicas, shared_url):
    client = client_named(shared_url, BUSY)
    before = log_count(shared_url, client.id)
    tabs = []
    for writer in range(WRITERS):
        server = replicas[writer % 2]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        sign_in(tab, server.url, "Pain log")
        pick_client(tab, BUSY)
        tabs.append(tab)
    for writer, tab in enumerate(tabs):
        start_import(tab, entries_csv(writer), f"w{writer}.csv")
    for tab in tabs:
        expect(
            tab.get_by_text(f"Imported {PER_WRITER:,} entries").filter(visible=True)
        ).to_be_visible(timeout=120_000)
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        expect(tab.get_by_test_id("stAlertContentError")).to_have_count(0)
        tab.context.close()
    assert log_count(shared_url, client.id) == before + WRITERS * PER_WRITER


def new_tab(browser) -> Page:
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


def test_a_sign_in_on_one_replica_holds_on_the_other_after_a_reload(browser, replicas):
    """The session token is in PostgreSQL, so any replica recognises the browser's cookie (cookies
    are per host, not per port, so both replicas here receive it)."""
    a, b = replicas
    page = new_tab(browser)
    sign_in(page, a.url, "Roster")
    deadline = time.monotonic() + 60
    while COOKIE not in {c["name"] for c in page.context.cookies()}:
        assert time.monotonic() < deadline, "the session cookie was never stored"
        page.wait_for_timeout(100)
    page.goto(f"{b.url}/Roster")
    wait_ready(page)
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    expect(roster_top(page)).not_to_be_empty()
    page.context.close()


def test_a_red_flag_saved_through_one_replica_tops_the_roster_the_other_serves(
    browser, replicas, shared_url
):
    a, b = replicas
    on_b = new_tab(browser)
    sign_in(on_b, b.url, "Roster")
    first = roster_top(on_b).inner_text()
    db = store.connect(shared_url)
    owner_id = db.scalar("SELECT owner_id FROM accounts WHERE username = ?", (USERNAME,))
    target = next(
        n for n in store.client_names(db, store.Viewer(owner_id)).values() if n not in (first, BUSY)
    )

    on_a = new_tab(browser)
    sign_in(on_a, a.url, "Triage")
    pick_client(on_a, target)
    main = on_a.get_by_test_id("stMain")
    main.get_by_text("New trouble starting or stopping urine", exact=False).click()
    wait_ready(on_a)
    main.get_by_role("button", name=f"Save to {target}'s record").click()
    wait_ready(on_a)
    expect(main.get_by_text(f"Saved to {target}'s history.")).to_be_visible()

    on_b.get_by_test_id("stSidebar").get_by_role("link", name="Roster", exact=True).click()
    wait_ready(on_b)
    expect(roster_top(on_b)).to_have_text(target)
    on_a.context.close()
    on_b.context.close()


def test_killing_a_replica_mid_import_leaves_none_of_it_and_the_other_serves_on(
    browser, replicas, shared_url
):
    a, b = replicas
    client = client_named(shared_url, BUSY)
    before = log_count(shared_url, client.id)
    rows = [f"2001-01-01T00:00,{i % 11},big-{i}" for i in range(20_000)]
    payload = ("datetime,pain,notes\n" + "\n".join(rows) + "\n").encode()
    on_a = new_tab(browser)
    sign_in(on_a, a.url, "Pain log")
    pick_client(on_a, BUSY)
    start_import(on_a, payload, "big.csv")
    db = store.connect(shared_url)
    deadline = time.monotonic() + 120
    while not db.scalar(OPEN_WRITE):  # the import's transaction has written its first rows
        assert time.monotonic() < deadline, "the import never started"
        time.sleep(0.02)
    a.process.send_signal(signal.SIGKILL)
    a.process.wait(timeout=30)

    deadline = time.monotonic() + 60
    while db.scalar(OPEN_WRITE):  # PostgreSQL rolls the dead client's transaction back
        assert time.monotonic() < deadline, "the killed import's transaction is still open"
        time.sleep(0.05)
    assert log_count(shared_url, client.id) == before
    on_b = new_tab(browser)
    sign_in(on_b, b.url, "Roster")
    expect(on_b.get_by_test_id("stException")).to_have_count(0)
    expect(roster_top(on_b)).not_to_be_empty()
    on_a.context.close()
    on_b.context.close()
