"""The README's move of a laptop workspace to PostgreSQL, step by step, in real servers and a
browser.

A laptop in personal mode on SQLite exports everything; an app on an empty PostgreSQL database
gets its owner account on the start screen and imports the zip; the workspace arrives unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import NOW
from playwright.sync_api import Browser, Page, expect
from test_browser import ARTIFACTS, chromium, go, streamlit_server, wait_ready

from coach import demo, portability, store
from coach.store import postgres

pytestmark = pytest.mark.browser
USERNAME, PASSWORD = "sam", "correct horse battery"
UPLOAD = '[data-testid="stFileUploaderDropzone"] input[type="file"]'


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_a_laptop_workspace_moves_to_postgresql_as_the_readme_says(
    tab: Page, tmp_path: Path, pg_empty_url: str
):
    laptop_db = tmp_path / "laptop.db"
    laptop = store.open_db(laptop_db)
    store.ensure_owner(laptop, store.LOCAL_OWNER, "Me", NOW, "person")
    demo.seed(laptop, store.LOCAL_OWNER, date.today(), NOW)

    # 1. On the laptop, Account and data, Export: Everything I hold (zip).
    settings = {"BACKCOACH_DB": str(laptop_db), "BACKCOACH_PERSONAL": "1"}
    with streamlit_server(tmp_path / "laptop.log", **settings) as app:
        tab.goto(app.url)
        wait_ready(tab)
        go(tab, "Account and data")
        with tab.expect_download() as download:
            tab.get_by_role("button", name="Everything I hold (zip)").click()
        export = tmp_path / download.value.suggested_filename  # as the browser saves it
        download.value.save_as(export)

    # 2. The app against PostgreSQL: create the owner account on its start screen.
    with streamlit_server(tmp_path / "server.log", BACKCOACH_DATABASE_URL=pg_empty_url) as app:
        tab.goto(app.url)
        wait_ready(tab)
        form = tab.get_by_test_id("stForm")
        form.get_by_role("textbox", name="Your name").fill("Sam Trainer")
        form.get_by_role("textbox", name="Username").fill(USERNAME)
        form.get_by_role("textbox", name="Password (10 characters or more)").fill(PASSWORD)
        form.get_by_role("button", name="Create the owner account").click()
        wait_ready(tab)

        # 3. Account and data, Import: the zip, then Import into this workspace.
        go(tab, "Account and data")
        tab.locator(UPLOAD).set_input_files(export)
        tab.get_by_role("button", name="Import into this workspace").click()
        imported = tab.get_by_test_id("stAlertContentSuccess").get_by_text("Imported 6 clients.")
        expect(imported).to_be_visible(timeout=60_000)  # a busy shared machine takes its time
        tab.screenshot(path=str(ARTIFACTS / "move-to-postgresql-imported.png"), full_page=True)

    moved = store.connect(pg_empty_url)
    owner_id = moved.scalar("SELECT owner_id FROM accounts WHERE username = ?", (USERNAME,))
    assert portability.export_data(moved, store.Viewer(owner_id)) == portability.export_data(
        laptop, store.Viewer(store.LOCAL_OWNER)
    )
    postgres.close_pool(pg_empty_url)
