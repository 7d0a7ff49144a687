"""Every screen of the demo workspace on a 390 px phone, in one tab reached through the menu.

One server and one browser tab for the whole sweep: each screen is chosen from the sidebar menu
as a person would, so the checks also cover what the menu does after a choice.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_browser import ARTIFACTS, browser, server, wait_ready

import ui

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # module-scoped fixtures shared with the desktop journeys

PHONE = {"width": 390, "height": 844}
SCREENS = [e for entries in ui.MENU.values() for e in entries if ui.TRAINER in e.modes]
PERSON_SCREENS = [e for entries in ui.MENU.values() for e in entries if e.modes == (ui.PERSON,)]


@pytest.fixture(scope="module")
def phone(browser, server) -> Iterator:
    """One phone tab in a demo workspace, kept for the whole sweep."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(server)
    wait_ready(tab)
    tab.get_by_role("button", name="Try it with sample clients").click()
    wait_ready(tab)
    expect(tab.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    yield tab
    context.close()


def choose(tab, label: str) -> None:
    """Open the sliding menu and tap a screen, as a person on a phone does."""
    tab.get_by_test_id("stExpandSidebarButton").click()
    tab.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).tap()
    wait_ready(tab)


def settled(tab) -> None:
    from playwright.sync_api import expect

    expect(tab.locator('[data-stale="true"]')).to_have_count(0)
    expect(tab.get_by_test_id("stToast")).to_have_count(0, timeout=15_000)


def check_screen(tab, name: str) -> None:
    """What every screen owes a phone: the page in view, nothing wider than the screen."""
    from playwright.sync_api import expect

    expect(tab.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    heading = tab.get_by_test_id("stMain").locator("h1").first
    expect(heading).to_be_in_viewport()
    settled(tab)
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))


@pytest.mark.parametrize("entry", SCREENS, ids=[e.label for e in SCREENS])
def test_every_trainer_screen_on_a_phone(phone, entry):
    choose(phone, entry.label)
    check_screen(phone, entry.label)


def test_every_person_screen_on_a_phone(phone):
    phone.get_by_test_id("stExpandSidebarButton").click()
    sidebar = phone.get_by_test_id("stSidebar")
    sidebar.get_by_role("radiogroup").get_by_text("Checking myself").tap()
    wait_ready(phone)
    for entry in PERSON_SCREENS:
        if sidebar.get_attribute("data-collapsed") == "true":
            phone.get_by_test_id("stExpandSidebarButton").click()
        sidebar.get_by_role("link", name=entry.label, exact=True).tap()
        wait_ready(phone)
        check_screen(phone, entry.label)
