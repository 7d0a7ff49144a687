"""Personal mode through a real server and Chromium: a page opened under another name is refused.

Chromium resolves evil.example to 127.0.0.1 here, as a site doing DNS rebinding would arrange.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_ready

pytestmark = pytest.mark.browser

REBOUND = "evil.example"


@pytest.fixture(scope="module")
def personal_server(tmp_path_factory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("personal") / "streamlit.log"
    database = str(log_path.parent / "personal.db")
    with streamlit_server(log_path, BACKCOACH_DB=database, BACKCOACH_PERSONAL="1") as app:
        yield app.url


@pytest.fixture(scope="module")
def rebinding_browser():
    with sync_playwright() as p:
        rule = f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rule])
        yield chromium
        chromium.close()


@pytest.fixture
def tab(rebinding_browser) -> Iterator[Page]:
    context = rebinding_browser.new_context()
    yield context.new_page()
    context.close()


def test_a_page_opened_under_another_name_is_refused(tab: Page, personal_server: str):
    tab.goto(personal_server.replace("127.0.0.1", REBOUND))
    wait_ready(tab)
    main = tab.get_by_test_id("stMain")
    expect(main.get_by_text("answers only to pages opened as localhost")).to_be_visible()
    expect(main.get_by_text("Priya Shah")).to_have_count(0)
    expect(tab.get_by_test_id("stSidebar")).to_have_count(0)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_localhost_opens_the_workspace(tab: Page, personal_server: str, host: str):
    tab.goto(personal_server.replace("127.0.0.1", host))
    wait_ready(tab)
    expect(tab.get_by_role("heading", name="Welcome to Back Coach")).to_be_visible()
