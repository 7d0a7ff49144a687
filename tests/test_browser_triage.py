"""Triage journeys in a real browser, counting every tap a person makes, at phone and desktop width.

Shares the server and browser fixtures of test_browser.py (one `streamlit run` per module).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect
from test_browser import (  # the module-scoped server and browser are shared fixtures
    ARTIFACTS,
    VIEWPORTS,
    browser,  # noqa: F401
    check_page,
    choose,
    new_tab,
    server,  # noqa: F401
    settle,
    streamlit_server,
    wait_ready,
)

pytestmark = pytest.mark.browser

MAX_TAPS_TO_EMERGENCY = 4
MAX_TAPS_TO_REST = 12


@pytest.fixture(params=list(VIEWPORTS))
def device(browser, request) -> Iterator[Page]:  # noqa: F811
    yield from new_tab(browser, request, request.param)


class Person:
    """Drives the screen the way a person does, counting taps: a click is one, and typing is one
    tap to focus plus one per character."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.main = page.get_by_test_id("stMain")
        self.taps = 0
        self.name = name
        self.shots = 0

    def tap(self, target: Locator) -> None:
        target.click()
        self.taps += 1
        settle(self.page)

    def type(self, target: Locator, text: str) -> None:
        target.click()
        self.page.keyboard.type(text)
        self.taps += 1 + len(text)

    def sees_at_top(self, heading: str) -> None:
        """The heading is on screen without scrolling; a screenshot records what was seen."""
        shown = self.main.get_by_role("heading", name=heading, exact=True).first
        expect(shown).to_be_in_viewport()
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}.png"))

    def none_of_these(self, next_heading: str) -> None:
        self.tap(self.main.get_by_role("button", name="None of these"))
        self.sees_at_top(next_heading)


def start_quick_check(person: Person, server_url: str) -> None:
    person.page.goto(server_url)
    wait_ready(person.page)
    person.tap(person.main.get_by_role("link", name="Check my back now"))
    person.sees_at_top("Bladder, bowel and groin")


def test_saddle_numbness_reaches_the_emergency_from_the_start_screen(device: Page, server: str):  # noqa: F811
    person = Person(device, f"triage-emergency-{device.viewport_size['width']}")
    start_quick_check(person, server)
    person.tap(person.main.get_by_text("Numbness around the groin", exact=False))
    person.sees_at_top("Emergency: get care now")
    assert person.taps <= MAX_TAPS_TO_EMERGENCY, person.taps
    expect(person.main.get_by_text("What to tell them")).to_be_visible()
    expect(person.main.get_by_text("Likely causes")).to_have_count(0)
    check_page(device)
    print(f"taps to the emergency outcome at {device.viewport_size['width']} px: {person.taps}")


def test_a_plain_ache_after_training_reaches_rest(device: Page, server: str):  # noqa: F811
    person = Person(device, f"triage-rest-{device.viewport_size['width']}")
    start_quick_check(person, server)
    for following in ("Legs and balance", "Falls and bones", "Infection", "Other health signs"):
        person.none_of_these(following)
    person.none_of_these("The pain itself")
    person.type(person.main.get_by_label("Age in years"), "30")
    person.tap(choose(person.main, "Pain right now", "4"))
    person.sees_at_top("The pain itself")
    person.tap(choose(person.main, "How many days ago did it start?", "1 day"))
    person.sees_at_top("Where it goes and what it stops")
    person.none_of_these("Rest from hard training for a day or two")
    assert person.taps <= MAX_TAPS_TO_REST, person.taps
    expect(person.main.get_by_text("Nothing you entered here is stored")).to_be_visible()
    check_page(device)
    print(f"taps to the rest outcome at {device.viewport_size['width']} px: {person.taps}")


def test_a_double_tap_on_none_of_these_answers_only_the_section_seen(browser, tmp_path):  # noqa: F811
    """The second tap of a phone's double tap lands on the next section as it appears: with the
    pause a person takes to read it (BACKCOACH_TAP_SETTLE_MS), it answers nothing there."""
    settings = {"BACKCOACH_TAP_SETTLE_MS": "700", "BACKCOACH_DB": str(tmp_path / "app.db")}
    with streamlit_server(tmp_path / "server.log", **settings) as app:
        phone = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True)
        person = Person(phone.new_page(), "double-tap-390")
        start_quick_check(person, app.url)
        # A person reads the section first; the pause the app waits for is time itself, so the
        # test waits it out (the one timed wait here, and what this test is about).
        person.page.wait_for_timeout(1000)
        button = person.main.get_by_role("button", name="None of these")
        box = button.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        person.page.touchscreen.tap(x, y)
        legs = person.main.get_by_role("heading", name="Legs and balance", exact=True)
        expect(legs).to_be_visible()
        person.page.touchscreen.tap(x, y)  # the same thumb, as the next section appears
        settle(person.page)
        person.sees_at_top("Legs and balance")
        expect(person.main.get_by_role("checkbox", checked=True)).to_have_count(0)
        phone.close()
