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
    saved = store.list_form_checks(db_of(app_db), store.Viewer(owner_of(form_page)), client_id)
    assert len(saved) == 1
    assert saved[0].faults == ("rounded_back", "jerk_start")
    assert saved[0].score == 65
    # The set is saved once: the form is fresh for the next set, and a rerun saves nothing.
    assert not form_page.checkbox(
        key=client_key(form_page, "form_fault", lift, "jerk_start", 1)
    ).value
    form_page.run()
    assert (
        len(store.list_form_checks(db_of(app_db), store.Viewer(owner_of(form_page)), client_id))
        == 1
    )
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


def test_warm_up_done_says_in_view_why_it_waits_without_a_hover(warmup_page):
    """A phone has no hover: the reason the button is off is written beside it."""
    reason = "Tick every step above first."
    assert warmup_page.button(key="warmup_done").disabled
    assert reason in [c.value for c in warmup_page.caption]
    for box in [c for c in warmup_page.checkbox if c.key.startswith("warmup_step_")]:
        box.check()
    warmup_page.run()
    assert not warmup_page.button(key="warmup_done").disabled
    assert reason not in [c.value for c in warmup_page.caption]


def test_warm_up_done_is_saved_to_the_log(warmup_page, app_db):
    for box in [c for c in warmup_page.checkbox if c.key.startswith("warmup_step_")]:
        box.check()
    warmup_page.run()
    warmup_page.button(key="warmup_done").click().run()
    assert not warmup_page.exception
    assert "saved" in warmup_page.success[0].value
    client_id = warmup_page.session_state[ui.CLIENT_ID]
    today = datetime.now(UTC).date()  # AppTest sends no time zone: the clock falls back to UTC
    days = store.warmup_days(db_of(app_db), store.Viewer(owner_of(warmup_page)), client_id, today)
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


def attach_clip(page, body: bytes, name: str = "squat.mp4"):
    client_id = page.session_state[ui.CLIENT_ID]
    page.file_uploader(key=ui.for_client("form_clip_file", client_id, "back_squat")).set_value(
        (name, body, "video/mp4")
    )
    page.button(key=ui.for_client("form_clip_attach", client_id, "back_squat")).click().run()
    assert not page.exception


def test_a_clip_is_attached_and_played_beside_the_checklist(form_page, app_db):
    from test_uploads import MP4

    form_page.selectbox(key="form_exercise").set_value("back_squat").run()
    attach_clip(form_page, MP4)
    client_id = form_page.session_state[ui.CLIENT_ID]
    [clip] = store.list_clips(
        db_of(app_db), store.Viewer(owner_of(form_page)), client_id, "back_squat"
    )
    assert clip.filename == "squat.mp4"
    assert len(form_page.get("video")) == 1
    [player] = [c for c in form_page.columns if c.get("video")]
    [checklist] = [c for c in form_page.columns if c.get("checkbox")]
    assert checklist is not player
    assert checklist.checkbox[0].label.startswith("Lower back tucks under")
    form_page.button(key=f"form_clip_remove_{clip.id}").click().run()
    assert store.list_clips(db_of(app_db), store.Viewer(owner_of(form_page)), client_id) == []


def test_a_clip_over_50_mb_is_refused_with_a_clear_message(form_page, app_db):
    from test_uploads import MP4

    from coach import uploads

    form_page.selectbox(key="form_exercise").set_value("back_squat").run()
    attach_clip(form_page, MP4 + bytes(uploads.MAX_CLIP_BYTES))
    assert form_page.error[0].value == (
        "clip: this clip is 50.0 MB; the limit is 50 MB. Trim it or film a shorter set."
    )
    client_id = form_page.session_state[ui.CLIENT_ID]
    assert store.list_clips(db_of(app_db), store.Viewer(owner_of(form_page)), client_id) == []


def test_a_file_that_is_not_a_video_is_refused(form_page, app_db):
    form_page.selectbox(key="form_exercise").set_value("back_squat").run()
    attach_clip(form_page, b"MZ\x90\x00" + bytes(64), "virus.mp4")
    assert "only MP4, MOV or WebM" in form_page.error[0].value
