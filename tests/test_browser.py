"""Real-browser journeys: Debian's Chromium driven by Playwright against `streamlit run`."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("CI=true but no Chromium found: run `apt-get install -y chromium`")
    pytest.skip("no Chromium found (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

pytestmark = pytest.mark.browser
# Every wait below is on a condition; a noisy 2-core machine can take more than Playwright's
# default 5 s to reach one, and a longer bound costs nothing when the condition comes sooner.
EXPECT_TIMEOUT = 15_000
expect.set_options(timeout=EXPECT_TIMEOUT)


@dataclass(frozen=True)
class AppServer:
    url: str
    process: subprocess.Popen


@contextmanager
def streamlit_server(log_path: Path, **settings: str) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free port with these settings in its environment, once it is
    healthy; its log is shown when it fails to start."""
    port = free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true", "--server.port", str(port),
                "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env={**os.environ, **settings}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start:\n{log_path.read_text()}")
                time.sleep(0.3)
        yield AppServer(url, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if os.environ.get("BACKCOACH_SHOW_SERVER_LOG"):
            print(log_path.read_text())


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app on a fresh SQLite database, for this module's journeys."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(log_path, BACKCOACH_DB=str(log_path.parent / "browser.db")) as app:
        yield app.url


def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright, for one module's tests."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def new_tab(browser, request, width: str) -> Iterator[Page]:
    """A fresh browser context at a width; a screenshot is saved when the test's call fails."""
    context = browser.new_context(viewport=VIEWPORTS[width], is_mobile=width == "phone")
    tab = context.new_page()
    yield tab
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request) -> Iterator[Page]:
    yield from new_tab(browser, request, "desktop")


def wait_ready(page: Page) -> None:
    """Connected, script finished, no skeletons: the notes' definition of a settled page."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)


def open_page(page: Page, url: str) -> None:
    """Open a URL as a new visitor and take the one-click demo workspace."""
    page.goto(url)
    wait_ready(page)
    page.get_by_role("button", name="Try it with sample clients").click()
    wait_ready(page)
    # The browser confirms the demo's cookie with a rerun of its own; a tap that lands during
    # that rerun can be lost, so a journey starts once the cookie is there and the rerun done.
    page.wait_for_function("document.cookie.includes('backcoach_session=')")
    wait_ready(page)


def test_home_client_picker_and_every_menu_entry(page: Page, server: str):
    import ui

    open_page(page, server)
    expect(page.get_by_role("heading", name="Back Coach", exact=True)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Tom Okafor").click()
    wait_ready(page)
    expect(page.get_by_role("heading", name="At a glance: Tom Okafor")).to_be_visible()

    for entries in ui.MENU.values():
        for entry in [e for e in entries if ui.TRAINER in e.modes]:
            sidebar.get_by_role("link", name=entry.label, exact=True).click()
            wait_ready(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_test_id("stMain").get_by_role("heading").first).to_be_visible()
            expect(sidebar.get_by_role("combobox", name="Current client")).to_have_value(
                "Tom Okafor"
            )


HOSTILE = '<img src=x onerror="window.__pwned=1"> **bold** ![x](http://127.0.0.1:9/x.png)'


def test_hostile_text_shows_literally_and_runs_nothing(page: Page, server: str):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, f"{server}/Clients")
    main = page.get_by_test_id("stMain")
    main.get_by_label("Name", exact=True).first.fill(HOSTILE[:100])
    main.get_by_role("button", name="Add client").click()
    wait_ready(page)
    for link in ("Home", "Triage", "Pain log", "Client summary", "Core plan"):
        page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True).click()
        wait_ready(page)
        expect(main.get_by_text("**bold**").first).to_be_visible()
    assert page.evaluate("window.__pwned === undefined")
    assert not dialogs
    assert not [u for u in requests if "127.0.0.1:9" in u]


LINKY = "Sam https://evil.example/a www.evil.example sam@evil.example"


def test_web_addresses_in_a_name_stay_plain_text_on_every_screen(page: Page, server: str):
    open_page(page, f"{server}/Clients")
    main = page.get_by_test_id("stMain")
    main.get_by_label("Name", exact=True).first.fill(LINKY)
    main.get_by_role("button", name="Add client").click()
    wait_ready(page)
    for screen in ("Home", "Triage", "Pain log", "Client summary", "Core plan"):
        page.get_by_test_id("stSidebar").get_by_role("link", name=screen, exact=True).click()
        wait_ready(page)
        expect(main.get_by_text("Sam https", exact=False).first).to_be_visible()
        links = page.locator('a[href*="evil.example"], a[href^="mailto:"]')
        expect(links, f"a link on {screen}").to_have_count(0)


# ---------------------------------------------------------------- journeys, desktop and phone

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(params=list(VIEWPORTS))
def device(browser, request) -> Iterator[Page]:
    """The same journey at desktop and at phone width."""
    yield from new_tab(browser, request, request.param)


def check_page(page: Page) -> None:
    """No sideways scrolling of the page, and no serious or critical axe-core violations.

    Checked at rest: Streamlit's own toasts (gone after a few seconds) have no dialog name, and
    elements fade back in after a rerun.
    """
    expect(page.get_by_test_id("stToast")).to_have_count(0, timeout=15_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    # The fade-in after a rerun must finish first: faded text fails contrast.
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().endTime === Infinity)"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install` (the README's test command does)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))"""
    )
    assert violations == []


def settle(page: Page) -> None:
    """After a tap: wait for the rerun it started to finish, with no stale element left to tap."""
    with contextlib.suppress(PlaywrightTimeout):  # the rerun may be over before we look
        page.wait_for_selector(
            '[data-testid="stApp"]:not([data-test-script-state="notRunning"])', timeout=1500
        )
    wait_ready(page)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def choose(main, question: str, option: str):
    """One button of a row of choice buttons (pills), found by its question."""
    group = main.get_by_role("radiogroup", name=question)
    return group.get_by_role("radio", name=option, exact=True)


def pick_option(page: Page, box, option: str) -> None:
    """Choose in a select box. A phone scrolls the box into view as it is tapped, and a list
    opened during that scroll closes again: tap until the list stays open."""
    box.scroll_into_view_if_needed()
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        with contextlib.suppress(PlaywrightTimeout):
            choice.wait_for(state="visible", timeout=2000)
            break
    choice.click()


def answer_calm_triage(page: Page, pain: int) -> None:
    """The short path of a check with no warning sign: every checklist "None of these", then
    age, the pain now and one day since it began."""
    main = page.get_by_test_id("stMain")
    for _ in range(5):
        main.get_by_role("button", name="None of these").click()
        settle(page)
    main.get_by_label("Age in years").fill("35")
    choose(main, "Pain right now", str(pain)).click()
    settle(page)
    choose(main, "How many days ago did it start?", "1 day").click()
    settle(page)
    while (none := main.get_by_role("button", name="None of these")).count():
        none.click()
        settle(page)


def test_journey_self_check_red_flag_shows_the_emergency_first(device: Page, server: str):
    open_page(device, server)  # the triage screen itself is open to visitors: sign in first
    main = device.get_by_test_id("stMain")
    main.get_by_role("link", name="Run a triage").click()
    settle(device)
    main.get_by_text("Quick self-check (nothing is saved)").click()
    settle(device)
    check_page(device)
    main.get_by_text("New trouble starting or stopping urine", exact=False).click()
    settle(device)
    first = main.get_by_test_id("stAlert").first
    expect(first).to_contain_text("Emergency: get care now")
    expect(first).to_be_in_viewport()
    assert (
        first.bounding_box()["y"] < main.get_by_role("heading", name="Triage").bounding_box()["y"]
    )
    check_page(device)


def test_journey_core_plan_pdf_and_calendar(device: Page, server: str):
    open_page(device, f"{server}/Core_plan")
    main = device.get_by_test_id("stMain")
    main.get_by_text("Build a new plan").click()
    main.get_by_role("button", name="Build plan").click()
    wait_ready(device)
    check_page(device)
    for label, start in (("PDF handout", b"%PDF"), ("Calendar (.ics)", b"BEGIN:VCALENDAR")):
        with device.expect_download() as download:
            main.get_by_role("button", name=label).click()
        assert Path(download.value.path()).read_bytes().startswith(start)


def test_journey_roster_summary_referral(device: Page, server: str):
    open_page(device, f"{server}/Roster")
    check_page(device)
    if device.viewport_size["width"] > VIEWPORTS["phone"]["width"]:
        # The wide table; a phone shows one card per client instead.
        grid = device.get_by_test_id("stDataFrame")
        expect(grid).to_be_visible()
        box = grid.bounding_box()
        device.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    else:
        device.get_by_role("button", name="Priya Shah").first.click()
    wait_ready(device)
    expect(device.get_by_role("heading", name="Priya Shah", exact=True)).to_be_visible()
    check_page(device)
    with device.expect_download() as download:
        device.get_by_role("button", name="Download referral report (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def go(page: Page, label: str) -> None:
    """Follow a menu entry, opening the sidebar first where the phone layout has collapsed it."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    phone = expand.is_visible()
    if phone:
        expand.click()
    page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).click()
    wait_ready(page)
    if phone and page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false":
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()


def test_journey_new_client_triage_three_sessions_chart_and_flag(device: Page, server: str):
    open_page(device, f"{server}/Clients")
    main = device.get_by_test_id("stMain")
    main.get_by_label("Name", exact=True).first.fill("Journey Client")
    main.get_by_role("button", name="Add client").click()
    wait_ready(device)

    go(device, "Triage")
    expect(main.get_by_text("Journey Client (saved)")).to_be_visible()
    answer_calm_triage(device, pain=2)
    expect(
        main.get_by_role("heading", name="No warning signs: train with care")
    ).to_be_in_viewport()
    main.get_by_role("button", name="Save to Journey Client's record").click()
    settle(device)
    expect(main.get_by_text("Saved to Journey Client's history.")).to_be_visible()

    go(device, "Pain log")
    main.get_by_text("Log an entry").click()
    for pain in (2, 3, 4):
        choose(main, "Pain now: 0 none, 10 worst", str(pain)).click()
        main.get_by_label("Pain during exercise (optional)", exact=True).fill("7")
        pick_option(device, main.get_by_role("combobox", name="Session type"), "Strength")
        main.get_by_label("Minutes").fill("40")
        main.get_by_role("button", name="Save entry").click()
        settle(device)
        expect(main.get_by_text("Pain now: 0 none, 10 worst")).to_be_visible()
    expect(main.get_by_text("Pain during or after training is too high")).to_be_visible()
    expect(main.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    check_page(device)


def test_journey_exercise_library_search_and_pictures_on_the_training_screens(
    device: Page, server: str, request
):
    open_page(device, f"{server}/Exercise_library")
    main = device.get_by_test_id("stMain")
    drawing = "drawing of the start and end positions"
    expect(main.get_by_role("img", name=f"Bird dog: {drawing}")).to_be_visible()
    search = main.get_by_label("Search")
    search.fill("side bridge")
    search.press("Enter")
    # Until the search's rerun ends, the old cards stay beside the new ones: wait on the count.
    from coach import exercises

    found = exercises.search("side bridge", "", "", "")
    expect(main.get_by_role("img", name=re.compile(drawing))).to_have_count(len(found))
    expect(main.get_by_role("img", name=f"Side bridge from the feet: {drawing}")).to_be_visible()
    expect(main.get_by_role("img", name=f"Bird dog: {drawing}")).to_have_count(0)
    check_page(device)
    ARTIFACTS.mkdir(exist_ok=True)
    device.screenshot(path=str(ARTIFACTS / f"{request.node.name}-library.png"), full_page=True)

    for label, screen in (("Warm-up", "warm-up"), ("Form check", "form-check")):
        go(device, label)
        expect(main.get_by_role("img", name=re.compile(drawing)).first).to_be_visible()
        check_page(device)
        device.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{screen}.png"))


def test_journey_swap_an_exercise_in_a_generated_plan_and_download_the_handout(
    device: Page, server: str, request
):
    import io

    import pypdf

    open_page(device, f"{server}/Core_plan")
    main = device.get_by_test_id("stMain")
    main.get_by_text("Build a new plan").click()
    main.get_by_role("button", name="Build plan").click()
    settle(device)  # the rerun may not have begun when the tap returns: wait_ready can miss it
    main.get_by_text("Change this plan").click()
    swap_from = main.get_by_role("combobox", name="Swap").input_value()
    swap_to = main.get_by_role("combobox", name="For").input_value()
    assert swap_from and swap_to
    main.get_by_role("button", name="Swap and check the rules").click()
    settle(device)
    main.get_by_text("Earlier versions").click()
    # Notes show as plain text: a word joiner sits before the colon (ui.plain), so match around it.
    note = re.compile(rf"edited\W+swapped {re.escape(swap_from)} for {re.escape(swap_to)}")
    expect(main.get_by_text(note)).to_be_visible()
    check_page(device)
    ARTIFACTS.mkdir(exist_ok=True)
    device.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    with device.expect_download() as download:
        main.get_by_role("button", name="PDF handout").click()
    pdf = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert swap_to in text and swap_from not in text


def test_journey_clearance_asks_who_and_when_and_the_history_undoes_it(
    device: Page, server: str, request
):
    open_page(device, f"{server}/Client_summary")
    main = device.get_by_test_id("stMain")
    if not main.get_by_role("heading", name="Priya Shah", exact=True).is_visible():
        sidebar = device.get_by_test_id("stSidebar")
        phone = device.viewport_size["width"] == VIEWPORTS["phone"]["width"]
        if phone:  # the menu starts closed: open it, choose, close it again
            expect(sidebar).to_have_attribute("data-collapsed", "true")
            device.get_by_test_id("stExpandSidebarButton").click()
            expect(sidebar).to_have_attribute("data-collapsed", "false")
        pick_option(device, sidebar.get_by_role("combobox", name="Current client"), "Priya Shah")
        settle(device)
        if phone:
            device.get_by_test_id("stSidebarCollapseButton").locator("button").click()
            expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(main.get_by_text("Flagged until cleared", exact=False)).to_be_visible()
    today = date.today()
    for part, value in (("year", today.year), ("month", today.month), ("day", today.day)):
        segment = main.get_by_role("spinbutton", name=f"{part}, Cleared on")
        # No day filled in that could be saved by accident.
        expect(segment).to_have_attribute("aria-valuetext", "Empty")
        segment.click()
        device.keyboard.type(str(value))
    main.get_by_label("Cleared by (the clinician's name)").fill("Dr Lee")
    ARTIFACTS.mkdir(exist_ok=True)
    device.screenshot(path=str(ARTIFACTS / f"{request.node.name}-form.png"))
    main.get_by_role("button", name="Record clearance").click()
    settle(device)
    expect(main.get_by_text("Flagged until cleared", exact=False)).to_have_count(0)
    # ui.plain puts an invisible word joiner before the colon.
    expect(main.get_by_text(re.compile("Referral cleared by\u2060?: Dr Lee"))).to_be_visible()
    check_page(device)
    main.get_by_role("button", name="Undo this clearance").scroll_into_view_if_needed()
    device.screenshot(path=str(ARTIFACTS / f"{request.node.name}-history.png"))
    main.get_by_role("button", name="Undo this clearance").click()
    settle(device)
    expect(main.get_by_text("Flagged until cleared", exact=False)).to_be_visible()
