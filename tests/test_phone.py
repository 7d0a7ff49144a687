"""Every screen of the demo workspace on a 390 px phone, in one tab reached through the menu.

One server and one browser tab for the whole sweep: each screen is chosen from the sidebar menu
as a person would, so the checks also cover what the menu does after a choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import ARTIFACTS, browser, pick_option, server, wait_ready

import ui

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # module-scoped fixtures shared with the desktop journeys

PHONE = {"width": 390, "height": 844}
# Columns a phone must show without scrolling the table sideways (issue 16): where a table has
# one of these, it fits; the roster and the form check show a card per row on a phone instead.
NAMED_COLUMNS = {"Client", "Why here", "Why", "Easier variation"}
# What the app stores but a person should never read (issue 16): None and nan, ids such as
# check_in or stability_ball, True/False, a Python list or JSON, a date cut from an ISO string.
RAW_VALUES = re.compile(
    r"\bNone\b(?! of)|\bnan\b|\bNaN\b|\b[a-z]+(?:_[a-z]+)+\b|\['|\{\"|\b\d{4}-\d{2}-\d{2}"
    r"|\b(?:True|False)\b"
)
VISIBLE_TEXT = """m => {
    const copy = m.cloneNode(true);
    const hidden = '[data-testid*="Icon"], a[href^="http"]';  // icon names, web addresses
    copy.querySelectorAll(hidden).forEach(e => e.remove());
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
}"""
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
    tab.get_by_test_id("stExpandSidebarButton").click()  # the client with the most on record
    picker = tab.get_by_test_id("stSidebar").get_by_role("combobox", name="Current client")
    pick_option(tab, picker, "Priya Shah")
    wait_ready(tab)
    tab.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    yield tab
    context.close()


def url_path(entry: ui.menu.MenuEntry) -> re.Pattern:
    """The address a screen has once chosen: `pages/5_Pain_log.py` is `/Pain_log`."""
    name = Path(entry.path).stem.split("_", 1)[-1] if "/" in entry.path else ""
    return re.compile(rf"/{name}$")


def choose(tab, entry: ui.menu.MenuEntry) -> None:
    """Open the sliding menu and tap a screen, as a person on a phone does."""
    sidebar = tab.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "true":
        tab.get_by_test_id("stExpandSidebarButton").click()
    sidebar.get_by_role("link", name=entry.label, exact=True).tap()
    tab.wait_for_url(url_path(entry))
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
    raw = RAW_VALUES.findall(tab.get_by_test_id("stMain").evaluate(VISIBLE_TEXT))
    assert raw == [], f"internal values on {name}"
    cut = tab.get_by_test_id("stMain").evaluate(
        """m => [...m.querySelectorAll('[data-testid="stPageLink-NavLink"] > span')]
            .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)"""
    )
    assert cut == [], f"link labels cut off on {name}"
    for table in tab.get_by_test_id("stDataFrame").all():
        if not table.is_visible():
            continue
        columns = table.evaluate("t => [...t.querySelectorAll('th')].map(th => th.textContent)")
        scroll = table.locator(".dvn-scroller")
        hidden_width = scroll.evaluate("s => s.scrollWidth - s.clientWidth")
        assert not (NAMED_COLUMNS & set(columns) and hidden_width > 1), (name, columns)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))


@pytest.mark.parametrize("entry", SCREENS, ids=[e.label for e in SCREENS])
def test_every_trainer_screen_on_a_phone(phone, entry):
    choose(phone, entry)
    check_screen(phone, entry.label)


def test_every_person_screen_on_a_phone(phone):
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.get_by_test_id("stSidebar").get_by_text("Checking myself").tap()
    wait_ready(phone)
    for entry in PERSON_SCREENS:
        choose(phone, entry)
        check_screen(phone, entry.label)
