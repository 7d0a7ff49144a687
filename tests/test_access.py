"""Access through the shared page setup: sign-in, modes, expiry, isolation and hostile text."""

from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st
from conftest import NOW, ROOT, choose_client, owner_of, picker, submit_form
from streamlit.testing.v1 import AppTest

import ui
from coach import accounts, store
from coach.errors import Busy
from coach.profiles import Profile

PAGES = ui.menu_paths()
PASSWORD = "a long enough password"
HOSTILE = (
    "<script>alert(1)</script> **bold** ![x](http://127.0.0.1:9/x.png) [go](javascript:alert(1))"
)


def new_visitor() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.run()
    return app


def shown_text(app: AppTest) -> str:
    """Everything a page rendered as Markdown, the way Streamlit will interpret it."""
    kinds = (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
        "toast",
    )
    return "\n".join(str(e.value) for kind in kinds for e in app.get(kind))


PUBLIC = [e.path for e in ui.menu.VISITOR_MENU if e.path != "app.py"]


@pytest.mark.parametrize("page", [p for p in PAGES if p not in PUBLIC])
def test_a_visitor_who_is_not_signed_in_sees_only_the_start_screen(fresh_app, page):
    fresh_app.switch_page(page).run()
    assert not fresh_app.exception
    assert fresh_app.title[0].value == "Back Coach"
    assert fresh_app.button(key="start_demo")
    assert "Priya Shah" not in shown_text(fresh_app)
    assert not fresh_app.sidebar.get("page_link")


@pytest.mark.parametrize("page", PUBLIC)
def test_a_visitor_on_a_public_screen_sees_no_workspace_and_a_way_to_the_start(fresh_app, page):
    fresh_app.switch_page(page).run()
    assert not fresh_app.exception
    assert "Priya Shah" not in shown_text(fresh_app)
    assert not fresh_app.sidebar.get("selectbox")  # no client picker
    links = {link.proto.page for link in fresh_app.sidebar.get("page_link")}
    assert links == {"", "Triage", "Sources"}  # "" is the start screen (app.py)
    assert ui.OWNER_ID not in fresh_app.session_state


def test_query_parameters_do_not_open_anything(fresh_app, app_db):
    fresh_app.query_params["client_id"] = "1"
    fresh_app.query_params["owner_id"] = store.LOCAL_OWNER
    fresh_app.switch_page("pages/6_Client_summary.py").run()
    assert fresh_app.title[0].value == "Back Coach"


def test_the_first_start_offers_to_create_the_owner_account(fresh_app, app_db):
    fresh_app.text_input[0].input("Alex Trainer")
    fresh_app.text_input[1].input("alex")
    fresh_app.text_input[2].input(PASSWORD)
    submit_form(fresh_app, "start_create")
    account = accounts.account_for_owner(store.connect(app_db), owner_of(fresh_app))
    assert account.username == "alex" and account.is_admin
    assert store.list_clients(store.connect(app_db), store.Viewer(account.owner_id)) == []


@pytest.fixture
def workspace(app_db):
    db = store.open_db(app_db)
    account = accounts.create_account(db, "alex", PASSWORD, "Alex", is_admin=True, now=NOW)
    store.add_client(db, store.Viewer(account.owner_id), Profile("Only Alex's client", 40), NOW)
    other = accounts.create_account(db, "blake", PASSWORD, "Blake", now=NOW)
    store.add_client(db, store.Viewer(other.owner_id), Profile("Only Blake's client", 40), NOW)
    return db


def sign_in(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    return submit_form(app, "start_sign_in")


def test_sign_in_shows_only_the_trainers_own_clients(workspace):
    app = sign_in(new_visitor(), "alex", PASSWORD)
    assert picker(app).options == ["Only Alex's client"]
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        assert "Only Blake's client" not in shown_text(app), page


def test_wrong_password_then_throttling(workspace):
    app = new_visitor()
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        sign_in(app, "alex", "not the password")
        assert "Wrong username or password" in app.error[0].value
    sign_in(app, "alex", PASSWORD)
    assert "too many attempts" in app.error[0].value
    assert ui.OWNER_ID not in app.session_state


def test_idle_session_expires(workspace):
    app = sign_in(new_visitor(), "alex", PASSWORD)
    app.session_state[ui.LAST_SEEN] = datetime.now(UTC) - timedelta(minutes=31)
    app.run()
    assert app.title[0].value == "Back Coach"
    assert "inactivity" in app.info[0].value


def test_sign_out_returns_to_the_start_screen(workspace):
    app = sign_in(new_visitor(), "alex", PASSWORD)
    app.sidebar.button(key="sidebar_sign_out").click().run()
    assert app.title[0].value == "Back Coach"
    assert ui.OWNER_ID not in app.session_state


def test_two_demo_visitors_never_see_each_others_entries(app_db):
    one, two = new_visitor(), new_visitor()
    for app in (one, two):
        app.button(key="start_demo").click().run()
    assert owner_of(one) != owner_of(two)
    one.switch_page("pages/7_Clients.py").run()
    next(t for t in one.text_input if t.label == "Name").input("Visitor One's client")
    submit_form(one, "clients_add")
    two.switch_page("pages/7_Clients.py").run()
    assert "Visitor One's client" not in picker(two).options
    assert "Visitor One's client" not in str(two.dataframe[0].value)


def test_a_busy_database_at_the_demo_start_says_so_and_keeps_the_start_screen(
    monkeypatch, fresh_app
):
    def swamped(*args):
        raise Busy()

    monkeypatch.setattr(accounts, "start_demo", swamped)
    fresh_app.button(key="start_demo").click().run()
    assert not fresh_app.exception
    assert "busy right now" in fresh_app.error[0].value
    assert fresh_app.button(key="start_demo")
    assert ui.OWNER_ID not in fresh_app.session_state


def test_a_busy_database_on_a_save_says_so(monkeypatch, at):
    def swamped(*args):
        raise Busy()

    monkeypatch.setattr(store, "record_warmup", swamped)
    at.switch_page("pages/3_Warm_up.py").run()
    for box in at.checkbox:
        if box.key and box.key.startswith("warmup_step"):
            box.check()
    at.run().button(key="warmup_done").click().run()
    assert not at.exception
    assert "busy right now" in at.error[0].value


def test_every_demo_screen_says_it_is_a_demo(at):
    for page in PAGES:
        at.switch_page(page).run()
        assert "Demo workspace" in " ".join(
            e.value for e in at.sidebar.get("alert")
        ) or "Demo workspace" in shown_text(at)


def test_demo_only_setting_offers_no_sign_in(monkeypatch, app_db):
    monkeypatch.setenv("BACKCOACH_DEMO", "1")
    app = new_visitor()
    assert app.button(key="start_demo")
    assert not app.get("form")


@pytest.fixture
def personal(monkeypatch, app_db):
    monkeypatch.setenv("BACKCOACH_PERSONAL", "1")
    st.config.set_option("server.address", "localhost")
    yield
    st.config.set_option("server.address", "")


def test_personal_mode_is_refused_unless_on_localhost(monkeypatch, app_db):
    monkeypatch.setenv("BACKCOACH_PERSONAL", "1")
    app = new_visitor()
    assert "refused" in app.error[0].value


def test_personal_mode_starts_with_you_not_a_sample_client(personal, app_db):
    app = new_visitor()
    assert not app.exception and not app.error
    assert app.title[0].value == "Welcome to Back Coach"
    form = app.get("form")[0]
    assert form.text_input[0].value == "Me"
    assert form.number_input[0].value is None
    app.number_input[0].set_value(41)
    app.multiselect[0].set_value(["Tue", "Sat"])
    submit_form(app, "personal_first_run")
    assert not app.exception and not app.error
    assert app.title[0].value == "My week"
    db = store.connect(app_db)
    (me,) = store.list_clients(db, store.Viewer(store.LOCAL_OWNER))
    assert (me.name, me.age, me.training_days) == ("Me", 41, ("Tue", "Sat"))
    assert store.recent_entries(db, store.Viewer(store.LOCAL_OWNER), me.id, limit=5) == []


def test_personal_mode_first_run_needs_an_age(personal, app_db):
    app = new_visitor()
    submit_form(app, "personal_first_run")
    assert app.error[0].value == "Enter your age: a whole number from 12 to 100."
    assert store.list_clients(store.connect(app_db), store.Viewer(store.LOCAL_OWNER)) == []


def test_personal_mode_offers_the_samples_apart_from_you(personal, app_db):
    app = new_visitor()
    app.button(key="personal_demo").click().run()
    assert not app.exception
    assert app.session_state[ui.OWNER_ID].startswith("demo-")
    assert "Jordan Blake" in picker(app).options
    app.sidebar.button(key="sidebar_leave_demo").click().run()
    assert app.title[0].value == "Welcome to Back Coach"


def test_personal_mode_keeps_the_pick_through_a_reload(personal, app_db):
    db = store.open_db(app_db)
    store.ensure_owner(db, store.LOCAL_OWNER, "Me", NOW, "person")
    own = store.Viewer(store.LOCAL_OWNER)
    partner = [store.add_client(db, own, Profile(name, 30), NOW) for name in ("Me", "Sam")][1]
    app = new_visitor()
    assert picker(app).value != partner.id
    picker(app).select(partner.id).run()
    reloaded = new_visitor()  # personal mode has no cookie: its workspace keeps the pick
    reloaded.switch_page("pages/7_Clients.py").run()
    assert not reloaded.exception
    assert picker(reloaded).value == partner.id
    assert "Current client: **Sam**" in shown_text(reloaded)


def test_hostile_text_is_shown_literally_on_every_screen(at, app_db):
    db = store.connect(app_db)
    client = store.add_client(
        db,
        store.Viewer(owner_of(at)),
        Profile(HOSTILE[:100], 30, notes=HOSTILE, goals=HOSTILE),
        NOW,
    )
    at.session_state[ui.CLIENT_ID] = client.id
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        text = shown_text(at)
        assert "![x](http" not in text and "[go](javascript" not in text, page
        assert "**bold**" not in text, page


def test_deleting_acts_only_on_the_client_chosen_on_the_account_screen(at, app_db):
    choose_client(at, "Tom Okafor")
    at.switch_page("pages/9_Account.py").run()
    assert not [b for b in at.main.button if b.form_id.startswith("account_erase_client")]
    names = store.client_names(store.connect(app_db), store.Viewer(owner_of(at)))
    doomed = next(i for i, n in names.items() if n == "Priya Shah")
    at.selectbox(key="account_erase_pick").set_value(doomed).run()
    form = f"account_erase_client_{doomed}"
    (button,) = [b for b in at.main.button if b.form_id == form]
    assert button.label == "Delete Priya Shah for good"
    at.main.text_input[-2].input("Tom Okafor")
    button.click().run()
    assert "does not match" in at.error[0].value
    at.main.text_input[-2].input("Priya Shah")
    next(b for b in at.main.button if b.form_id == form).click().run()
    left = store.client_names(store.connect(app_db), store.Viewer(owner_of(at))).values()
    assert "Priya Shah" not in left and "Tom Okafor" in left
    assert [t.value for t in at.toast] == ["Priya Shah was deleted."]  # said where it was done


def test_an_expired_demo_ends_on_its_next_request(at, app_db):
    db = store.connect(app_db)
    owner = owner_of(at)
    db.execute("UPDATE owners SET demo_expires = '2000-01-01T00:00:00' WHERE id = ?", (owner,))
    at.run()
    assert not at.exception
    assert at.title[0].value == "Back Coach"
    assert "demo workspace reached its two hours" in at.info[0].value
    assert not store.owner_exists(db, owner)
