"""AppTest flows for the core plan screen: build, follow, adapt, export."""

import pytest
from conftest import client_key, owner_of, submit_form

import ui
from coach import store


@pytest.fixture
def plan_page(at):
    at.switch_page("pages/4_Core_plan.py").run()
    assert not at.exception
    return at


def current(at, app_db):
    db = store.connect(app_db)
    return store.current_plan(db, owner_of(at), at.session_state[ui.CLIENT_ID])


def test_demo_client_has_a_plan_with_adherence(plan_page):
    assert plan_page.metric[1].label == "Done in the last 4 weeks"
    assert " of " in plan_page.metric[1].value


def test_build_a_new_plan_keeps_the_earlier_version(plan_page, app_db):
    before = current(plan_page, app_db)
    plan_page.slider(key=client_key(plan_page, "plan_weeks")).set_value(10)
    submit_form(plan_page, client_key(plan_page, "plan_inputs"))
    after = current(plan_page, app_db)
    assert after.id != before.id and len(after.plan["weeks"]) == 10
    versions = store.list_plans(store.connect(app_db), owner_of(plan_page), after.client_id)
    assert [v.id for v in versions] == [after.id, before.id]


def test_marking_a_session_done_is_stored(plan_page, app_db):
    plan = current(plan_page, app_db)
    key = f"plan_done_{plan.id}_8_0"
    plan_page.selectbox(key=f"plan_week_{plan.id}").set_value(8).run()
    plan_page.checkbox(key=key).check().run()
    assert (8, 0) in store.sessions_done(store.connect(app_db), owner_of(plan_page), plan.id)
    plan_page.checkbox(key=key).uncheck().run()
    assert (8, 0) not in store.sessions_done(store.connect(app_db), owner_of(plan_page), plan.id)


def test_adapt_shows_the_change_before_applying_it(plan_page, app_db):
    before = current(plan_page, app_db)
    plan_page.button(key="plan_adapt").click().run()
    assert "one step forward" in plan_page.info[0].value
    assert current(plan_page, app_db).id == before.id
    plan_page.button(key="plan_apply").click().run()
    after = current(plan_page, app_db)
    assert after.note == "adapted from the log"
    assert after.plan["step_offset"] == before.plan["step_offset"] + 1


def test_exports_are_offered(plan_page):
    keys = {b.key for b in plan_page.get("download_button")}
    assert {"plan_csv", "plan_pdf", "plan_ics"} <= keys


def test_a_proposal_from_adapt_stays_with_its_client(plan_page, app_db):
    """Adapting one client's plan once offered the change, and its Apply button, on every other."""
    db = store.connect(app_db)
    first = plan_page.session_state[ui.CLIENT_ID]
    plan_page.button(key="plan_adapt").click().run()
    assert proposals(plan_page) and apply_buttons(plan_page)
    other = next(
        c.id
        for c in store.list_clients(db, owner_of(plan_page))
        if c.id != first and store.current_plan(db, owner_of(plan_page), c.id)
    )
    plan_page.sidebar.selectbox(key=ui.CLIENT_PICKER).set_value(other).run()
    assert not plan_page.exception
    assert plan_page.session_state[ui.CLIENT_ID] == other
    assert not proposals(plan_page)
    assert not apply_buttons(plan_page)
    plan_page.sidebar.selectbox(key=ui.CLIENT_PICKER).set_value(first).run()
    assert proposals(plan_page) and apply_buttons(plan_page)


def proposals(app):
    return [i for i in app.main.info if i.icon == ":material/tune:"]


def apply_buttons(app):
    return [b for b in app.main.button if b.label == "Apply this change"]


def test_the_plan_screen_warns_when_the_pdf_cannot_print_a_name(plan_page, app_db):
    from coach.profiles import Profile

    db = store.connect(app_db)
    client_id = plan_page.session_state[ui.CLIENT_ID]
    store.update_client(db, owner_of(plan_page), client_id, Profile("李明", 30))
    plan_page.run()
    assert not plan_page.exception
    assert any("cannot draw 李 明" in c.value for c in plan_page.caption)
