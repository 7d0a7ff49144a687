"""Sessions in a real browser: a reload and a second tab keep you signed in, on the client picked
last; sign-out ends both."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import NOW
from playwright.sync_api import BrowserContext, Locator, Page, expect

from coach import accounts, store
from coach.profiles import Profile
from tests.test_browser import (  # noqa: F401
    ARTIFACTS,
    VIEWPORTS,
    browser,
    pick_option,
    server,
    settle,
    streamlit_server,
    wait_ready,
)

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


@pytest.fixture
def context(browser, request):  # noqa: F811
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"])
    yield ctx
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for n, tab in enumerate(ctx.pages):
            tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{n}.png"), full_page=True)
    ctx.close()


def session_cookie(context: BrowserContext) -> dict | None:
    found = [c for c in context.cookies() if c["name"] == "backcoach_session"]
    return found[0] if found else None


def wait_for_cookie(page: Page, context: BrowserContext) -> dict:
    page.wait_for_function("document.cookie.includes('backcoach_session=')")
    cookie = session_cookie(context)
    assert cookie is not None
    return cookie


def test_the_demo_workspace_survives_a_reload_and_a_second_tab(context, server):  # noqa: F811
    page = context.new_page()
    page.goto(server)
    wait_ready(page)
    page.get_by_role("button", name="Try it with sample clients").click()
    wait_ready(page)
    cookie = wait_for_cookie(page, context)
    assert cookie["sameSite"] == "Strict"
    owner_heading = page.get_by_role("heading", name="Back Coach", exact=True)
    expect(owner_heading).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("button", name="Try it with sample clients")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_text("Demo workspace")).to_be_visible()

    second = context.new_page()
    second.goto(f"{server}/Roster")
    wait_ready(second)
    expect(second.get_by_role("heading", name="Roster", exact=True)).to_be_visible()


def test_an_account_stays_signed_in_until_sign_out_ends_every_tab(context, server):  # noqa: F811
    page = context.new_page()
    page.goto(server)
    wait_ready(page)
    if page.get_by_role("button", name="Create the owner account").count():
        page.get_by_label("Your name").fill("Olive Owner")
        page.get_by_label("Username").fill("olive")
        page.get_by_label("Password (10 characters or more)").fill(PASSWORD)
        page.get_by_role("button", name="Create the owner account").click()
    else:
        page.get_by_label("Username").first.fill("olive")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
    wait_ready(page)
    wait_for_cookie(page, context)
    sign_out = page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()

    page.reload()
    wait_ready(page)
    expect(sign_out).to_be_visible()
    second = context.new_page()
    second.goto(f"{server}/Account")
    wait_ready(second)
    expect(second.get_by_text("Signed in as olive")).to_be_visible()

    sign_out.click()
    wait_ready(page)
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_text("Signed out.", exact=True)).to_be_visible()  # said, not only done
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_have_attribute(
        "data-testid", "stBaseButton-primaryFormSubmit"
    )
    second.get_by_test_id("stSidebar").get_by_role("link", name="Sources").click()
    wait_ready(second)
    expect(second.get_by_text("You were signed out")).to_be_visible()
    second.reload()  # Sources is open to visitors: it stays, with no workspace and no sign-out
    wait_ready(second)
    sidebar = second.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Start: sign in or try the demo")).to_be_visible()
    expect(sidebar.get_by_role("button", name="Sign out")).to_have_count(0)


@pytest.fixture(scope="module")
def trainer_server(tmp_path_factory) -> Iterator[str]:
    """A trainer's workspace with two clients, ready to sign in to."""
    folder = tmp_path_factory.mktemp("reload_pick")
    db = store.open_db(folder / "trainer.db")
    tara = accounts.create_account(db, "tara", PASSWORD, "Tara Trainer", is_admin=True, now=NOW)
    for name in ("Ada Able", "Ben Brook"):
        store.add_client(db, store.Viewer(tara.owner_id), Profile(name, 35), NOW)
    db.close()
    with streamlit_server(folder / "streamlit.log", BACKCOACH_DB=str(folder / "trainer.db")) as app:
        yield app.url


def open_menu(page: Page) -> Locator:
    """The sidebar, slid open on a phone."""
    sidebar = page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "true":
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
    return sidebar


def current_client(page: Page) -> Locator:
    return open_menu(page).get_by_role("combobox", name="Current client")


def at_a_glance(page: Page, first_name: str) -> Locator:
    """The home screen's heading for a client (names are written with word joiners)."""
    return page.get_by_role("heading", name=re.compile(rf"At a glance: {first_name}\W"))


def test_a_reload_on_a_phone_starts_on_the_client_picked_last(browser, trainer_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True)
    page = context.new_page()
    page.goto(trainer_server)
    wait_ready(page)
    page.get_by_label("Username").first.fill("tara")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_ready(page)
    wait_for_cookie(page, context)
    expect(at_a_glance(page, "Ada")).to_be_visible()
    pick_option(page, current_client(page), "Ben Brook")
    settle(page)
    expect(at_a_glance(page, "Ben")).to_be_visible()

    page.reload()
    wait_ready(page)
    expect(at_a_glance(page, "Ben")).to_be_visible()
    expect(current_client(page)).to_have_value("Ben Brook")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reload-keeps-client-phone-menu.png"))
    page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()  # slid away, not sliding
    page.screenshot(path=str(ARTIFACTS / "reload-keeps-client-phone.png"), full_page=True)

    second = context.new_page()  # a new tab starts on the last pick, then picks its own
    second.goto(f"{trainer_server}/Clients")
    wait_ready(second)
    expect(second.get_by_text(re.compile(r"Current client: Ben\W*Brook"))).to_be_visible()
    pick_option(second, current_client(second), "Ada Able")
    settle(second)
    expect(second.get_by_text(re.compile(r"Current client: Ada\W*Able"))).to_be_visible()

    open_menu(page).get_by_role("link", name="Clients").click()  # the open tab keeps its own
    wait_ready(page)
    expect(page.get_by_text(re.compile(r"Current client: Ben\W*Brook"))).to_be_visible()
    page.reload()  # a reload takes the last pick made in any tab
    wait_ready(page)
    expect(page.get_by_text(re.compile(r"Current client: Ada\W*Able"))).to_be_visible()
    context.close()
