"""Sessions in a real browser: a reload and a second tab keep you signed in; sign-out ends both."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.test_browser import ARTIFACTS, VIEWPORTS, browser, server, wait_ready  # noqa: F401

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
