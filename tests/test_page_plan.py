"""AppTest flows for the core plan screen: build, follow, adapt, export."""

import pytest
from conftest import NOW, client_key, owner_of, picker, submit_form

import ui
from coach import store
from coach.plans import Plan, Swap


@pytest.fixture
def plan_page(at):
    at.switch_page("pages/4_Core_plan.py").run()
    assert not at.exception
    return at


def current(at, app_db):
    db = store.connect(app_db)
    return store.current_plan(db, store.Viewer(owner_of(at)), at.session_state[ui.CLIENT_ID])


def test_demo_client_has_a_plan_with_adherence(plan_page):
    assert plan_page.metric[1].label == "Done in the last 4 weeks"
    assert " of " in plan_page.metric[1].value


def test_build_a_new_plan_keeps_the_earlier_version(plan_page, app_db):
    before = current(plan_page, app_db)
    plan_page.slider(key=client_key(plan_page, "plan_weeks")).set_value(10)
    submit_form(plan_page, client_key(plan_page, "plan_inputs"))
    after = current(plan_page, app_db)
    assert after.id != before.id and len(after.plan["weeks"]) == 10
    versions = store.list_plans(
        store.connect(app_db), store.Viewer(owner_of(plan_page)), after.client_id
    )
    assert [v.id for v in versions] == [after.id, before.id]


def test_marking_a_session_done_is_stored(plan_page, app_db):
    plan = current(plan_page, app_db)
    key = f"plan_done_{plan.id}_8_0"
    plan_page.selectbox(key=f"plan_week_{plan.id}").set_value(8).run()
    plan_page.checkbox(key=key).check().run()
    assert (8, 0) in store.sessions_done(
        store.connect(app_db), store.Viewer(owner_of(plan_page)), plan.id
    )
    plan_page.checkbox(key=key).uncheck().run()
    assert (8, 0) not in store.sessions_done(
        store.connect(app_db), store.Viewer(owner_of(plan_page)), plan.id
    )


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
        for c in store.list_clients(db, store.Viewer(owner_of(plan_page)))
        if c.id != first and store.current_plan(db, store.Viewer(owner_of(plan_page)), c.id)
    )
    picker(plan_page).set_value(other).run()
    assert not plan_page.exception
    assert plan_page.session_state[ui.CLIENT_ID] == other
    assert not proposals(plan_page)
    assert not apply_buttons(plan_page)
    picker(plan_page).set_value(first).run()
    assert proposals(plan_page) and apply_buttons(plan_page)


def proposals(app):
    return [i for i in app.main.info if i.icon == ":material/tune:"]


def apply_buttons(app):
    return [b for b in app.main.button if b.label == "Apply this change"]


def edited(at, app_db) -> Plan:
    return Plan.from_dict(current(at, app_db).plan)


def test_swap_saves_a_new_version_that_says_what_changed(plan_page, app_db):
    before = current(plan_page, app_db)
    plan_id = before.id
    plan_page.selectbox(key=f"plan_swap_from_{plan_id}").set_value("dead_bug").run()
    plan_page.selectbox(key=f"plan_swap_to_{plan_id}").set_value("heel_taps").run()
    plan_page.button(key=f"plan_swap_{plan_id}").click().run()
    assert not plan_page.exception
    after = current(plan_page, app_db)
    assert after.id != plan_id
    assert after.note == "edited: swapped Dead bug for Heel taps"
    assert "heel_taps" in edited(plan_page, app_db).exercise_ids()


def test_adapt_after_an_edit_keeps_the_edit(plan_page, app_db):
    plan_id = current(plan_page, app_db).id
    plan_page.button(key=f"plan_swap_{plan_id}").click().run()
    plan_page.button(key="plan_adapt").click().run()
    plan_page.button(key="plan_apply").click().run()
    assert current(plan_page, app_db).note == "adapted from the log"
    assert edited(plan_page, app_db).edits == (Swap("dead_bug", "heel_taps"),)


def break_week_3(at, plan_id):
    at.segmented_control(key=f"plan_edit_kind_{plan_id}").set_value("dose").run()
    at.selectbox(key=f"plan_week_{plan_id}").set_value(3).run()
    at.number_input(key=f"plan_dose_sets_{plan_id}").set_value(5).run()
    at.number_input(key=f"plan_dose_reps_{plan_id}").set_value(12).run()
    at.button(key=f"plan_dose_set_{plan_id}").click().run()
    assert not at.exception


def test_a_dose_that_breaks_a_rule_waits_for_the_trainer_and_is_named(plan_page, app_db):
    plan_id = current(plan_page, app_db).id
    break_week_3(plan_page, plan_id)
    warning = plan_page.warning[-1].value
    assert "This change breaks the plan's rules" in warning
    assert "week 3 is more than a third harder than week 2" in warning
    assert current(plan_page, app_db).id == plan_id  # nothing saved yet
    plan_page.button(key=f"plan_keep_{plan_id}").click().run()
    after = current(plan_page, app_db)
    assert after.id != plan_id
    assert "(the trainer's decision)" in after.note
    assert edited(plan_page, app_db).edits[-1].kept_despite


def test_undo_drops_a_rule_breaking_change(plan_page, app_db):
    plan_id = current(plan_page, app_db).id
    break_week_3(plan_page, plan_id)
    plan_page.button(key=f"plan_undo_{plan_id}").click().run()
    assert current(plan_page, app_db).id == plan_id
    assert not [b for b in plan_page.button if b.key == f"plan_keep_{plan_id}"]


def test_changing_the_sessions_a_week_saves_a_version(plan_page, app_db):
    plan_id = current(plan_page, app_db).id
    days = edited(plan_page, app_db).days_per_week
    plan_page.segmented_control(key=f"plan_edit_kind_{plan_id}").set_value("days").run()
    plan_page.number_input(key=f"plan_days_{plan_id}").set_value(days + 1).run()
    plan_page.button(key=f"plan_days_set_{plan_id}").click().run()
    assert edited(plan_page, app_db).days_per_week == days + 1
    assert current(plan_page, app_db).note == f"edited: {days + 1} sessions a week"


def test_the_plan_screen_warns_when_the_pdf_cannot_print_a_name(plan_page, app_db):
    from coach.profiles import Profile

    db = store.connect(app_db)
    client_id = plan_page.session_state[ui.CLIENT_ID]
    store.update_client(db, store.Viewer(owner_of(plan_page)), client_id, Profile("李明", 30), NOW)
    plan_page.run()
    assert not plan_page.exception
    assert any("cannot draw 李 明" in c.value for c in plan_page.caption)
