"""AppTest flows for the form check and warm-up screens, including what they save."""

from datetime import UTC, datetime

import pytest
from conftest import client_key, owner_of, submit_form

import ui
from coach import store, warmup


@pytest.fixture
def form_page(at):
    at.switch_page("pages/2_Form_check.py").run()
    return at


@pytest.fixture
def warmup_page(at):
    at.switch_page("pages/3_Warm_up.py").run()
    return at


def db_of(app_db):
    return store.connect(app_db)


def test_form_check_scores_ranks_and_saves(form_page, app_db):
    form_page.selectbox(key="form_exercise").set_value("conventional_deadlift").run()
    lift = "conventional_deadlift"
    form_page.checkbox(key=client_key(form_page, "form_fault", lift, "rounded_back", 0)).check()
    form_page.checkbox(key=client_key(form_page, "form_fault", lift, "jerk_start", 0)).check()
    submit_form(form_page, client_key(form_page, "form_check", lift, 0))
    assert form_page.metric[0].value == "65/100"
    assert "trap-bar deadlift from blocks" in form_page.info[0].value
    client_id = form_page.session_state[ui.CLIENT_ID]
    saved = store.list_form_checks(db_of(app_db), owner_of(form_page), client_id)
    assert len(saved) == 1
    assert saved[0].faults == ("rounded_back", "jerk_start")
    assert saved[0].score == 65
    # The set is saved once: the form is fresh for the next set, and a rerun saves nothing.
    assert not form_page.checkbox(
        key=client_key(form_page, "form_fault", lift, "jerk_start", 1)
    ).value
    form_page.run()
    assert len(store.list_form_checks(db_of(app_db), owner_of(form_page), client_id)) == 1
    assert form_page.metric[0].value == "65/100"


def test_a_fault_seen_twice_is_called_out(form_page):
    lift = "conventional_deadlift"
    for version in range(2):
        fault = client_key(form_page, "form_fault", lift, "bar_drifts", version)
        form_page.checkbox(key=fault).check()
        submit_form(form_page, client_key(form_page, "form_check", lift, version))
    assert any("Keeps coming back: Bar drifts" in w.value for w in form_page.warning)


def test_warm_up_routine_fills_the_minutes_chosen(warmup_page):
    warmup_page.slider(key=client_key(warmup_page, "warmup_minutes")).set_value(12).run()
    steps = [c for c in warmup_page.checkbox if c.key.startswith("warmup_step_")]
    pain = warmup_page.slider(key=client_key(warmup_page, "warmup_pain")).value
    routine = warmup.build_warmup("lower_body", 12, pain)
    assert len(steps) == len(routine.steps)
    assert warmup_page.button(key="warmup_done").disabled


def test_warm_up_done_is_saved_to_the_log(warmup_page, app_db):
    for box in [c for c in warmup_page.checkbox if c.key.startswith("warmup_step_")]:
        box.check()
    warmup_page.run()
    warmup_page.button(key="warmup_done").click().run()
    assert not warmup_page.exception
    assert "saved" in warmup_page.success[0].value
    client_id = warmup_page.session_state[ui.CLIENT_ID]
    today = datetime.now(UTC).date()  # AppTest sends no time zone: the clock falls back to UTC
    days = store.warmup_days(db_of(app_db), owner_of(warmup_page), client_id, today)
    assert days == {today}


def test_hydration_shows_amounts_for_the_mass_entered(warmup_page):
    warmup_page.number_input[0].set_value(80.0).run()
    assert "400-560 mL" in warmup_page.main.markdown[-1].value


def test_a_warm_up_done_today_pre_answers_nothing_in_the_triage(warmup_page):
    for box in [c for c in warmup_page.checkbox if c.key.startswith("warmup_step_")]:
        box.check()
    warmup_page.run()
    warmup_page.button(key="warmup_done").click().run()
    warmup_page.switch_page("pages/1_Triage.py").run()
    assert not any(box.value for box in warmup_page.checkbox)
    assert all(r.value is None for r in warmup_page.radio if r.key.startswith("triage_demo"))
