"""Two trainers of one workspace: each sees exactly the clients the owner assigned them."""

from types import SimpleNamespace

import pytest
from conftest import NOW, entry, picker, submit_form
from streamlit.testing.v1 import AppTest
from test_access import PAGES, PASSWORD, new_visitor, shown_text, sign_in

import ui
from coach import accounts, portability, sessions, store
from coach.demo import baseline_answers
from coach.errors import InvalidInput, NotFound
from coach.profiles import Profile
from coach.triage import assess
from ui import cookies
from ui.keys import SESSION_TOKEN

CLIENTS = ("Shared Client", "Pats Client", "Sams Client", "Owners Client")
SEES = {
    "alex": set(CLIENTS),
    "pat": {"Shared Client", "Pats Client"},
    "sam": {"Shared Client", "Sams Client"},
}


@pytest.fixture
def gym(app_db) -> SimpleNamespace:
    """Alex owns the workspace; Pat and Sam joined it. Each client has a log entry and a triage."""
    db = store.open_db(app_db)
    alex = accounts.create_account(db, "alex", PASSWORD, "Alex", is_admin=True, now=NOW)
    pat = accounts.add_trainer(db, alex, "pat", PASSWORD, "Pat", now=NOW)
    sam = accounts.add_trainer(db, alex, "sam", PASSWORD, "Sam", now=NOW)
    owner = store.Viewer(alex.owner_id)
    ids = {}
    for name in CLIENTS:
        client = store.add_client(db, owner, Profile(name, 35), NOW)
        store.add_entry(db, owner, client.id, entry(0, 3), NOW)
        answers = baseline_answers()
        store.save_triage(db, owner, client.id, answers, assess(answers).to_dict(), NOW)
        ids[name] = client.id
    for name, trainers in (
        ("Shared Client", {pat.id, sam.id}),
        ("Pats Client", {pat.id}),
        ("Sams Client", {sam.id}),
    ):
        store.set_assignments(db, owner, ids[name], trainers, NOW)
    return SimpleNamespace(db=db, alex=alex, pat=pat, sam=sam, owner=owner, ids=ids)


def everything_shown(app) -> str:
    """The page's text, its tables and the sidebar picker's options."""
    tables = " ".join(str(frame.value) for frame in app.dataframe)
    pickers = " ".join(str(box.options) for box in app.selectbox)
    return f"{shown_text(app)} {tables} {pickers}"


@pytest.mark.parametrize("username", ["pat", "sam", "alex"])
def test_each_account_sees_exactly_its_clients_on_every_page(gym, username):
    app = sign_in(new_visitor(), username, PASSWORD)
    assert not app.exception
    box = picker(app)
    assert set(box.options) == SEES[username]
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        shown = everything_shown(app)
        for hidden in set(CLIENTS) - SEES[username]:
            assert hidden not in shown, (page, hidden)


def test_the_roster_lists_a_trainers_clients_only(gym):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    app.switch_page("pages/6_Roster.py").run()
    assert not app.exception
    names = " ".join(str(frame.value) for frame in app.dataframe)
    assert "Pats Client" in names and "Shared Client" in names
    assert "Sams Client" not in names and "Owners Client" not in names


@pytest.mark.parametrize("page", PAGES)
def test_a_trainer_cannot_open_an_unassigned_client_by_state_or_query_parameter(gym, page):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    hidden = gym.ids["Sams Client"]
    app.session_state[ui.CLIENT_ID] = hidden
    app.query_params["client_id"] = str(hidden)
    app.query_params["client"] = str(hidden)
    app.switch_page(page).run()
    assert not app.exception
    assert app.session_state[ui.CLIENT_ID] != hidden
    assert "Sams Client" not in everything_shown(app)


def reload(app: AppTest, monkeypatch) -> AppTest:
    """A reload or a new tab of the same browser: a fresh session that sends `app`'s cookie."""
    token = app.session_state[SESSION_TOKEN]
    monkeypatch.setattr(cookies, "session_cookie", lambda: token)
    return new_visitor()


def current_client(app: AppTest) -> str:
    box = picker(app)
    return box.format_func(box.value)


def choose(app: AppTest, name: str) -> AppTest:
    box = picker(app)
    return box.select_index(box.options.index(name)).run()


def test_a_reload_starts_on_the_last_pick_and_an_open_tab_keeps_its_own(gym, monkeypatch):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    assert current_client(app) == "Pats Client"
    choose(app, "Shared Client")
    reloaded = reload(app, monkeypatch)
    assert not reloaded.exception
    assert current_client(reloaded) == "Shared Client"
    reloaded.switch_page("pages/7_Clients.py").run()
    assert "Current client: **Shared Client**" in shown_text(reloaded)

    choose(reloaded, "Pats Client")  # the second tab picks another
    app.run()
    assert current_client(app) == "Shared Client"  # the open tab keeps its own
    assert current_client(reload(app, monkeypatch)) == "Pats Client"  # the last pick of any tab


def test_a_client_just_added_is_the_one_a_reload_starts_on(gym, monkeypatch):
    app = sign_in(new_visitor(), "sam", PASSWORD)
    app.switch_page("pages/7_Clients.py").run()
    next(t for t in app.text_input if t.label == "Name").input("Zed Newcomer")
    submit_form(app, "clients_add")
    reloaded = reload(app, monkeypatch)
    reloaded.switch_page("pages/7_Clients.py").run()
    assert current_client(reloaded) == "Zed Newcomer"
    assert "Current client: **Zed Newcomer**" in shown_text(reloaded)


def unassign(gym, name):
    store.set_assignments(gym.db, gym.owner, gym.ids[name], set(), NOW)


def archive(gym, name):
    store.set_archived(gym.db, gym.owner, gym.ids[name], True, NOW)


def erase(gym, name):
    store.erase_client(gym.db, gym.owner, gym.ids[name], portability.farewell(NOW))


@pytest.mark.parametrize("lose", [unassign, archive, erase])
def test_a_reload_falls_back_without_error_when_the_pick_is_gone(gym, monkeypatch, lose):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    choose(app, "Shared Client")
    lose(gym, "Shared Client")
    reloaded = reload(app, monkeypatch)
    assert not reloaded.exception and not reloaded.error
    assert current_client(reloaded) == "Pats Client"
    assert "Shared Client" not in everything_shown(reloaded)


def test_sign_out_and_in_again_starts_afresh(gym, monkeypatch):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    choose(app, "Shared Client")
    app.sidebar.button(key="sidebar_sign_out").click().run()
    again = sign_in(app, "pat", PASSWORD)
    assert current_client(again) == "Pats Client"
    assert current_client(reload(again, monkeypatch)) == "Pats Client"


def test_a_trainers_new_client_is_assigned_to_them_and_seen_by_the_owner(gym):
    app = sign_in(new_visitor(), "sam", PASSWORD)
    app.switch_page("pages/7_Clients.py").run()
    next(t for t in app.text_input if t.label == "Name").input("Sams New Client")
    submit_form(app, "clients_add")
    names = store.client_names(gym.db, store.viewer_for(gym.db, gym.alex.owner_id, gym.sam.id))
    assert "Sams New Client" in names.values()
    assert "Sams New Client" in store.client_names(gym.db, gym.owner).values()
    pat = store.viewer_for(gym.db, gym.alex.owner_id, gym.pat.id)
    assert "Sams New Client" not in store.client_names(gym.db, pat).values()


def test_the_owner_assigns_a_client_on_the_clients_screen(gym):
    owner_client = gym.ids["Owners Client"]
    app = sign_in(new_visitor(), "alex", PASSWORD)
    app.session_state[ui.CLIENT_ID] = owner_client
    app.switch_page("pages/7_Clients.py").run()
    form = f"clients_assign_{owner_client}"
    (chooser,) = [m for m in app.multiselect if m.label == "Trainers who see Owners Client"]
    assert chooser.value == []
    chooser.set_value([gym.pat.id])
    submit_form(app, form)
    assert store.assigned_trainers(gym.db, gym.owner, owner_client) == {gym.pat.id}
    pat = sign_in(new_visitor(), "pat", PASSWORD)
    assert "Owners Client" in picker(pat).options


def test_a_trainer_has_no_assignment_control_and_cannot_delete_the_workspace(gym):
    app = sign_in(new_visitor(), "pat", PASSWORD)
    app.switch_page("pages/7_Clients.py").run()
    assert not [m for m in app.multiselect if m.label.startswith("Trainers who see")]
    app.switch_page("pages/9_Account.py").run()
    assert not app.exception
    assert "Signed in as **pat**" in shown_text(app)
    assert not [b for b in app.button if b.form_id == "account_erase_all"]
    assert not [b for b in app.button if b.form_id == "account_add_trainer"]


def test_a_trainers_export_holds_their_clients_only(gym):
    pat = store.viewer_for(gym.db, gym.alex.owner_id, gym.pat.id)
    exported = portability.export_data(gym.db, pat)
    assert {c["name"] for c in exported["clients"]} == SEES["pat"]


def test_adding_a_trainer_on_the_account_screen_joins_the_owners_workspace(gym):
    app = sign_in(new_visitor(), "alex", PASSWORD)
    app.switch_page("pages/9_Account.py").run()
    form = [t for t in app.text_input if t.form_id == "account_add_trainer"]
    for field, value in zip(form, ("Robin", "robin", "", PASSWORD), strict=True):
        field.input(value)
    submit_form(app, "account_add_trainer")
    listed = [set(d.value["Username"]) for d in app.dataframe if "Username" in d.value]
    assert listed and "robin" in listed[0]  # the accounts list shows them at once
    robin = store.credentials(gym.db, "robin").account
    assert (robin.owner_id, robin.role) == (gym.alex.owner_id, store.TRAINER)
    assert store.client_names(gym.db, store.viewer_for(gym.db, robin.owner_id, robin.id)) == {}


def test_only_an_owner_adds_trainers(gym):
    with pytest.raises(InvalidInput, match="owner"):
        accounts.add_trainer(gym.db, gym.pat, "robin", PASSWORD, "Robin", now=NOW)


def test_removing_a_trainer_keeps_the_workspace_and_its_clients(gym):
    sessions.remove(gym.db, gym.alex, gym.sam.id, NOW)
    assert store.credentials(gym.db, "sam") is None
    assert set(store.client_names(gym.db, gym.owner).values()) == set(CLIENTS)
    assert store.assigned_trainers(gym.db, gym.owner, gym.ids["Shared Client"]) == {gym.pat.id}
    with pytest.raises(NotFound):
        store.viewer_for(gym.db, gym.alex.owner_id, gym.sam.id)


def test_a_removed_trainers_open_session_ends(gym):
    app = sign_in(new_visitor(), "sam", PASSWORD)
    sessions.remove(gym.db, gym.alex, gym.sam.id, NOW)
    app.switch_page("pages/7_Clients.py").run()
    assert not app.exception
    assert app.title[0].value == "Back Coach"
