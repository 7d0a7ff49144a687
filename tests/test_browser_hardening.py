"""Issue 15 in Chromium at 390 px: a crafted export imported through the Account screen (its
Markdown images and links in a triage reason, a clearance note and a plan note show as text,
load nothing, link nowhere), and an erasure another reader holds up, said and retried."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, OWNER
from playwright.sync_api import Browser, Page, expect
from test_browser import (
    ARTIFACTS,
    chromium,
    go,
    open_page,
    pick_option,
    streamlit_server,
    wait_ready,
)
from test_import_rows import as_zip, full_record, hostile

from coach import store

pytestmark = pytest.mark.browser
UPLOAD = '[data-testid="stFileUploaderDropzone"] input[type="file"]'


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


def crafted_zip(tmp_path: Path) -> Path:
    source = store.open_db(tmp_path / "source.db")
    store.ensure_owner(source, OWNER, "Source", NOW)
    path = tmp_path / "crafted.zip"
    path.write_bytes(as_zip(hostile(full_record(source))))
    return path


def start(tab: Page, url: str) -> None:
    """A demo workspace on a phone, once its sidebar has settled closed."""
    open_page(tab, url)
    expect(tab.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")


def pick(tab: Page, name: str) -> None:
    """Choose the current client in the sidebar, which a phone opens first and closes after."""
    sidebar = tab.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    tab.get_by_test_id("stExpandSidebarButton").click()
    pick_option(tab, sidebar.get_by_role("combobox", name="Current client"), name)
    wait_ready(tab)
    tab.get_by_test_id("stSidebarCollapseButton").locator("button").click()


def nothing_links_or_loads(tab: Page, requests: list[str], screen: str) -> None:
    main = tab.get_by_test_id("stMain")
    expect(main.get_by_text("Click to re-verify").first, screen).to_be_attached()
    expect(tab.locator('a[href*="attacker"]'), f"a link on {screen}").to_have_count(0)
    expect(tab.locator('img[src*="attacker"]'), f"an image on {screen}").to_have_count(0)
    assert not [u for u in requests if "attacker" in u], screen


def test_imported_markdown_shows_as_text_in_chromium(tab: Page, tmp_path: Path):
    crafted = crafted_zip(tmp_path)
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    with streamlit_server(tmp_path / "server.log", BACKCOACH_DB=str(tmp_path / "app.db")) as app:
        start(tab, app.url)
        go(tab, "Account and data")
        tab.locator(UPLOAD).set_input_files(crafted)
        tab.get_by_role("button", name="Import into this workspace").click()
        expect(tab.get_by_text("Imported 1 clients.")).to_be_visible(timeout=60_000)
        go(tab, "Clients")  # the sidebar drawn before the import lists the new client from here

        pick(tab, "Hostile Import")
        for screen in ("Triage", "Client summary", "Core plan"):
            go(tab, screen)
            for expander in tab.get_by_test_id("stExpander").locator("summary").all():
                expander.click()
            wait_ready(tab)
            nothing_links_or_loads(tab, requests, screen)
        go(tab, "Triage")
        history = tab.get_by_test_id("stExpander").first
        history.locator("summary").click()
        expect(history.get_by_text("Cleared on")).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        history.screenshot(path=str(ARTIFACTS / "imported-markdown-triage-390.png"))


def test_an_erasure_a_reader_holds_up_says_so_and_finishes_on_retry(tab: Page, tmp_path: Path):
    """A second connection reading the server's database keeps an erasure's old copies in the
    journal; the Account screen says so, and retries."""
    path = tmp_path / "app.db"
    with streamlit_server(tmp_path / "server.log", BACKCOACH_DB=str(path)) as app:
        start(tab, app.url)
        go(tab, "Account and data")
        main = tab.get_by_test_id("stMain")
        pick_option(tab, main.get_by_role("combobox", name="Delete a client"), "Priya Shah")
        wait_ready(tab)
        main.get_by_role("textbox", name="Type Priya Shah to confirm").fill("Priya Shah")
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM clients").fetchone()
        main.get_by_role("button", name="Delete Priya Shah for good").click()
        wait_ready(tab)
        warning = main.get_by_text("could not yet be wiped")
        expect(warning).to_be_visible()
        warning.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "erasure-unfinished-390.png"))
        reader.close()
        main.get_by_role("button", name="Try to finish erasing now").click()
        wait_ready(tab)
        expect(main.get_by_text("Erasure finished")).to_be_visible()
    assert b"Priya Shah" not in path.read_bytes()
