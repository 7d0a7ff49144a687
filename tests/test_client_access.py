"""A client on their own account: redeeming the link, the few screens they reach, their record
only (every page, every naming query parameter), and the end of access."""

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FAREWELL, NOW, ROOT, picker, submit_form
from streamlit.testing.v1 import AppTest

import ui
from coach import accounts, invitations, store
from coach.intake import questions
from coach.logbook import LogEntry
from coach.profiles import WEEKDAYS, Profile
from coach.triage import content
from ui.client_view import COPY_DELETED, KEPT, NAMING_PARAMETERS, NO_TRAINER, NOT_FOUND, UNLINKED
from ui.clock import utc_now

PASSWORD = "a long enough password"
PAGES = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
CLIENT_PAGES = {e.path for e in ui.menu.CLIENT_MENU}
SECRETS = ("Other Client", "Blake's client", "PRIVATE trainer note", "Only Alex sees this")


@pytest.fixture
def gym(app_db):
    """Trainer Alex with Casey (invited) and another client; trainer Blake with one client."""
    db = store.open_db(app_db)
    alex = accounts.create_account(db, "alex", PASSWORD, "Alex", is_admin=True, now=NOW)
    casey = store.add_client(
        db,
        store.Viewer(alex.owner_id),
        Profile("Casey Client", 34, notes="PRIVATE trainer note"),
        NOW,
    )
    other = store.add_client(db, store.Viewer(alex.owner_id), Profile("Other Client", 50), NOW)
    blake = accounts.create_account(db, "blake", PASSWORD, "Blake", now=NOW)
    blakes = store.add_client(db, store.Viewer(blake.owner_id), Profile("Blake's client", 40), NOW)
    made = invitations.invite(db, store.Viewer(alex.owner_id), casey.id, utc_now())
    return {
        "db": db,
        "owner": alex.owner_id,
        "casey": casey.id,
        "other": other.id,
        "blakes": blakes.id,
        "blake_owner": blake.owner_id,
        "code": made.code,
    }


def visitor() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.run()
    return app


def sign_in(app: AppTest, username: str) -> AppTest:
    form = [t for t in app.text_input if t.form_id == "start_sign_in"]
    form[0].input(username)
    form[1].input(PASSWORD)
    return submit_form(app, "start_sign_in")


def redeem_by_link(code: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params[invitations.INVITE_PARAMETER] = code
    app.run()
    app.text_input(key="invite_name").input("Casey")
    app.text_input(key="invite_username").input("casey")
    app.text_input(key="invite_password").input(PASSWORD)
    return submit_form(app, "start_invite")


@pytest.fixture
def casey(gym) -> AppTest:
    return redeem_by_link(gym["code"])


def shown(app: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning",
             "error", "toast", "text_input", "selectbox")  # fmt: skip
    texts = []
    for kind in kinds:
        for element in app.get(kind):
            texts.append(str(getattr(element, "value", "")))
            texts.append(str(getattr(element, "options", "")))
    return "\n".join(texts)


def test_the_link_opens_the_invitation_and_lands_on_my_check_in(casey, gym):
    assert casey.title[0].value == "My check-in"
    assert len(casey.sidebar.get("page_link")) == len(CLIENT_PAGES)
    assert not casey.sidebar.get("selectbox")  # no client picker
    assert not casey.sidebar.get("button_group")  # no mode control
    link = store.client_link(gym["db"], casey.session_state[ui.keys.ACCOUNT_ID])
    assert (link.owner_id, link.client_id) == (gym["owner"], gym["casey"])


def test_a_used_code_is_refused_on_the_start_screen(casey, gym):
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    again.query_params[invitations.INVITE_PARAMETER] = gym["code"]
    again.run()
    again.text_input(key="invite_name").input("Someone")
    again.text_input(key="invite_username").input("someone")
    again.text_input(key="invite_password").input(PASSWORD)
    submit_form(again, "start_invite")
    assert "already used" in again.error[0].value
    assert ui.OWNER_ID not in again.session_state


@pytest.mark.parametrize("page", PAGES)
def test_a_client_reaches_only_their_own_record_on_every_page(casey, page):
    casey.switch_page(page).run()
    assert not casey.exception, page
    text = shown(casey)
    for secret in SECRETS:
        assert secret not in text, (page, secret)
    if page in CLIENT_PAGES:
        assert casey.title[0].value != NOT_FOUND, page
    elif page != "app.py":
        assert casey.title[0].value == NOT_FOUND, page


@pytest.mark.parametrize("page", sorted(CLIENT_PAGES))
@pytest.mark.parametrize("parameter", NAMING_PARAMETERS)
def test_a_query_parameter_naming_another_record_is_not_found(casey, gym, page, parameter):
    for value in (str(gym["other"]), str(gym["blakes"]), gym["blake_owner"], "999"):
        casey.query_params[parameter] = value
        casey.switch_page(page).run()
        assert casey.title[0].value == NOT_FOUND, (page, value)
        assert "Casey" not in shown(casey)
    casey.query_params[parameter] = str(gym["casey"])
    casey.switch_page(page).run()
    assert casey.title[0].value != NOT_FOUND


def test_the_check_in_lands_in_the_trainers_log_marked_as_the_clients(casey, gym):
    key = ui.for_client("checkin_pain", gym["casey"], 0)
    casey.pills(key=key).set_value(7)
    casey.pills(key=ui.for_client("checkin_during", gym["casey"], 0)).set_value(6)
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    rows = gym["db"].query("SELECT pain, pain_during, by_client FROM log_entries")
    assert rows == [{"pain": 7, "pain_during": 6, "by_client": 1}]


def test_an_effort_not_tapped_is_stored_as_not_answered_not_as_resting(casey, gym):
    casey.pills(key=ui.for_client("checkin_pain", gym["casey"], 0)).set_value(3)
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    assert gym["db"].query("SELECT rpe FROM log_entries") == [{"rpe": None}]


def test_what_the_check_in_never_asks_is_stored_as_not_answered(casey, gym):
    casey.pills(key=ui.for_client("checkin_pain", gym["casey"], 0)).set_value(3)
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    rows = gym["db"].query("SELECT location, radiates, fluids FROM log_entries")
    assert rows == [{"location": None, "radiates": None, "fluids": None}]


def test_after_a_check_in_the_client_reads_what_it_means_for_today(casey, gym):
    """Not only "sent to your trainer": 7/10 today means rest, said first on the screen."""
    casey.pills(key=ui.for_client("checkin_pain", gym["casey"], 0)).set_value(7)
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    today = casey.info[0].value
    assert today.startswith("**Today:") and "You logged pain of 7/10 today." in today


@pytest.mark.parametrize(("pain", "said"), [(2, "lower the load"), (7, "Rest from hard training")])
def test_pain_during_exercise_above_the_rule_is_said_with_todays_advice(casey, gym, pain, said):
    """The form's caption, the trainer's flag and today's advice all say the same thing; where
    pain today calls for rest, the stricter rest stays the advice."""
    casey.pills(key=ui.for_client("checkin_pain", gym["casey"], 0)).set_value(pain)
    casey.pills(key=ui.for_client("checkin_during", gym["casey"], 0)).set_value(6)
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    today = casey.info[0].value
    assert "6/10" in today and "during exercise" in today and said in today


def test_a_check_in_without_pain_now_is_refused_with_a_message(casey, gym):
    submit_form(casey, ui.for_client("checkin", gym["casey"], 0))
    assert "Tap a number" in casey.error[0].value
    assert gym["db"].scalar("SELECT COUNT(*) FROM log_entries") == 0


def test_a_trainer_does_not_see_the_client_screens(gym):
    app = sign_in(visitor(), "alex")
    for page in ("pages/0_My_check_in.py", "pages/9_My_data.py"):
        app.switch_page(page).run()
        assert not app.exception
        assert app.title[0].value == NOT_FOUND


@pytest.mark.parametrize(
    ("ending", "words"),
    [("unlink", "your trainer ended the link"), ("erase", "your trainer deleted their record")],
)
def test_when_the_trainer_ends_the_link_the_client_reads_why_and_keeps_a_copy(
    casey, gym, ending, words
):
    if ending == "unlink":
        store.unlink_client(gym["db"], store.Viewer(gym["owner"]), gym["casey"], FAREWELL)
    else:
        store.erase_client(gym["db"], store.Viewer(gym["owner"]), gym["casey"], FAREWELL)
    for page in sorted(CLIENT_PAGES):
        casey.switch_page(page).run()
        assert not casey.exception
        said = casey.warning[0].value
        assert said.startswith("On ") and words in said and KEPT in said, page
        assert [d.proto.label for d in casey.get("download_button")] == ["Download my data (zip)"]
        assert "Casey Client" not in shown(casey)
    assert casey.button(key="departed_delete").disabled  # not one tap from losing it
    casey.checkbox(key="departed_sure").check().run()
    casey.button(key="departed_delete").click().run()
    assert not casey.exception
    assert casey.warning[0].value == UNLINKED
    assert casey.success[0].value == COPY_DELETED
    assert not casey.get("download_button")
    assert store.kept_copy(gym["db"], casey.session_state[ui.keys.ACCOUNT_ID]) is None


def test_a_client_whose_trainer_is_unassigned_keeps_access_and_reads_why(casey, gym):
    db, workspace = gym["db"], store.Viewer(gym["owner"])
    owner = store.account_for_owner(db, gym["owner"])
    sam = accounts.add_trainer(db, owner, "sam", PASSWORD, "Sam", now=NOW)
    store.set_assignments(db, workspace, gym["casey"], {sam.id}, NOW)
    casey.run()
    assert NO_TRAINER not in shown(casey)
    store.set_assignments(db, workspace, gym["casey"], set(), NOW)
    for page in sorted(CLIENT_PAGES):
        casey.switch_page(page).run()
        assert not casey.exception
        assert NO_TRAINER in [i.value for i in casey.info], page
    # A red flag in their own check still comes first, above the line.
    casey.switch_page("pages/1_Triage.py").run()
    start = f"triage_{gym['owner']}-c{gym['casey']}_"
    item = next(i for i, it in enumerate(content().section("bladder").items) if it.set)
    casey.checkbox(key=f"{start}bladder_{item}").check().run()
    order = [getattr(e, "value", None) for e in casey.main]
    emergency = next(i for i, v in enumerate(order) if "Emergency" in str(v))
    assert emergency < order.index(NO_TRAINER)


def test_the_client_can_unlink_themselves_and_the_record_stays(casey, gym):
    casey.switch_page("pages/9_My_data.py").run()
    assert casey.button(key="mydata_unlink").disabled
    casey.checkbox(key="mydata_sure").check().run()
    casey.button(key="mydata_unlink").click().run()
    assert store.linked_account(gym["db"], store.Viewer(gym["owner"]), gym["casey"]) is None
    assert (
        store.get_client(gym["db"], store.Viewer(gym["owner"]), gym["casey"]).name == "Casey Client"
    )
    assert casey.title[0].value == "Back Coach"  # signed out, at the start screen


def test_the_trainer_invites_revokes_and_unlinks_on_the_clients_screen(gym):
    app = sign_in(visitor(), "alex")
    app.switch_page("pages/7_Clients.py").run()
    key = ui.for_client("invite_make", app.session_state[ui.CLIENT_ID])
    app.button(key=key).click().run()
    assert not app.exception
    link = app.code[0].value
    assert f"/?{invitations.INVITE_PARAMETER}=" in link
    code = link.rsplit("=", 1)[1]
    client_id = app.session_state[ui.CLIENT_ID]
    opened = [
        i
        for i in store.list_invitations(gym["db"], store.Viewer(gym["owner"]), client_id)
        if not i.revoked
    ]
    revoke = ui.for_client("invite_revoke", client_id, opened[0].id)
    app.button(key=revoke).click().run()
    assert not app.code
    assert store.list_invitations(gym["db"], store.Viewer(gym["owner"]), client_id)[0].revoked
    with pytest.raises(Exception, match="revoked"):
        invitations.redeem(gym["db"], code, "late", PASSWORD, "Late", utc_now())


def test_the_trainer_sees_the_linked_account_and_can_unlink_it(casey, gym):
    app = sign_in(visitor(), "alex")
    app.switch_page("pages/7_Clients.py").run()
    box = picker(app)
    box.select_index(box.options.index("Casey Client")).run()
    assert "**casey**" in shown(app)
    unlink = ui.for_client("invite_unlink", gym["casey"])
    assert app.button(key=unlink).disabled  # asks first, as the client's own unlink does
    app.checkbox(key=ui.for_client("invite_unlink_sure", gym["casey"])).check().run()
    app.button(key=unlink).click().run()
    assert store.linked_account(gym["db"], store.Viewer(gym["owner"]), gym["casey"]) is None
    casey.run()
    assert "your trainer ended the link" in casey.warning[0].value
    kept = store.kept_copy(gym["db"], casey.session_state[ui.keys.ACCOUNT_ID])
    assert kept.reason == store.TRAINER_UNLINKED


def test_the_clients_export_is_their_record_without_the_trainers_notes(gym):
    from coach import portability

    data = portability.read_zip(
        portability.export_zip(
            gym["db"], store.Viewer(gym["owner"]), gym["casey"], private_notes=False
        )
    )
    assert [c["name"] for c in data["clients"]] == ["Casey Client"]
    assert data["clients"][0]["notes"] == ""


def test_the_pages_list_is_every_page():
    assert len(PAGES) == len(list(Path(ROOT / "pages").glob("*.py"))) + 1


def test_the_trainers_roster_shows_the_clients_check_in_first_until_looked_at(casey, gym):
    test_the_check_in_lands_in_the_trainers_log_marked_as_the_clients(casey, gym)
    app = sign_in(visitor(), "alex")
    app.switch_page("pages/6_Roster.py").run()
    table = app.dataframe(key="roster_table").value
    assert table["Client"].iloc[0] == "Casey Client"
    assert table["Last pain"].iloc[0] == "7/10 (by the client)"
    assert table["New since you looked"].iloc[0] == "1 check-in"
    app.button(key=f"roster_open_{gym['casey']}").click().run()
    assert app.title[0].value == "Casey Client"
    app.switch_page("pages/6_Roster.py").run()
    table = app.dataframe(key="roster_table").value
    assert table["New since you looked"].tolist() == ["", ""]


def test_the_client_ticks_todays_session_and_takes_the_plan_to_their_calendar(casey, gym):
    from coach import plans

    today = utc_now().date()  # AppTest runs in UTC
    plan = plans.build_plan("beginner", 4, 7, 20, frozenset({"mat"}), 0)
    start = today - timedelta(days=today.weekday())
    plan_id = store.save_plan(
        gym["db"], store.Viewer(gym["owner"]), gym["casey"], plan.to_dict(), start, "built", NOW
    )
    casey.run()
    ticks = [c for c in casey.checkbox if c.key and c.key.startswith(f"plan_done_{plan_id}_")]
    assert len(ticks) == 1 and "done" in ticks[0].label
    ticks[0].check().run()
    assert store.sessions_done(gym["db"], store.Viewer(gym["owner"]), plan_id)
    assert len(casey.expander) >= 1  # each exercise's how-to
    casey.switch_page("pages/9_My_data.py").run()
    keys = {b.key for b in casey.get("download_button")}
    assert keys == {"mydata_export", "mydata_ics"}
    # A time for each day the plan's sessions fall on (this plan: every day of the week).
    times = {t.key for t in casey.time_input}
    assert times == {ui.for_client("mydata_time", gym["casey"], day) for day in WEEKDAYS}


def test_while_training_is_on_hold_my_data_says_so_above_the_calendar(casey, gym):
    from coach import plans
    from coach.demo import baseline_answers
    from coach.triage import assess

    trainer = store.Viewer(gym["owner"])
    today = utc_now().date()
    plan = plans.build_plan("beginner", 4, 3, 20, frozenset({"mat"}), 0)
    store.save_plan(gym["db"], trainer, gym["casey"], plan.to_dict(), today, "built", NOW)
    answers = baseline_answers(fever_or_unwell=True)
    result = assess(answers)
    assert result.level.is_urgent
    store.save_triage(gym["db"], trainer, gym["casey"], answers, result.to_dict(), NOW)
    casey.switch_page("pages/9_My_data.py").run()
    held = [*casey.error, *casey.warning]
    assert [h.value.startswith("Don't train until you have been seen") for h in held] == [True]
    assert "tell your trainer: they record it" in held[0].value  # a re-check does not lift it
    assert [link.proto.label for link in casey.main.get("page_link")] == []
    assert {b.key for b in casey.get("download_button")} == {"mydata_export", "mydata_ics"}
    assert casey.checkbox(key="mydata_sure")  # the rest of the page is not held back


def test_a_red_flag_in_the_clients_own_check_shows_first_and_tops_the_roster(casey, gym):

    casey.switch_page("pages/1_Triage.py").run()
    assert not casey.get("radio")  # no "who is this for": always their own record
    start = f"triage_{gym['owner']}-c{gym['casey']}_"
    item = next(i for i, it in enumerate(content().section("bladder").items) if it.set)
    casey.checkbox(key=f"{start}bladder_{item}").check().run()
    assert "Emergency: get care now" in casey.error[0].value
    assert not [b for b in casey.button if b.key == start + "save"]  # saved without a tap
    assert any("This check is saved" in c.value for c in casey.caption)  # asks nothing more
    saved = store.list_triages(gym["db"], store.Viewer(gym["owner"]), gym["casey"])
    assert [(t.level, t.by_client) for t in saved] == [("emergency", True)]
    assert not [f for f in casey.get("form") if "triage_error" in str(f.id)]  # trainer's call
    casey.switch_page("pages/0_My_check_in.py").run()  # today's line: in its words and in red
    assert [e.value for e in casey.error if e.value.startswith("**Today: Emergency")]
    assert not [i.value for i in casey.info if "Emergency" in i.value]
    app = sign_in(visitor(), "alex")
    app.switch_page("pages/6_Roster.py").run()
    table = app.dataframe(key="roster_table").value
    assert table["Client"].iloc[0] == "Casey Client"
    assert table["Why here"].iloc[0].startswith("Red flag in their own check: emergency, ")
    assert "emergency" in app.error[0].value  # the phone's card, in words and in red
    app.switch_page("pages/1_Triage.py").run()
    box = picker(app)
    box.select_index(box.options.index("Casey Client")).run()
    assert any("by the client" in e.label for e in app.expander)


def test_the_owner_sees_the_clients_account_as_a_client(casey, gym):
    app = sign_in(visitor(), "alex")
    app.switch_page("pages/9_Account.py").run()
    accounts_table = app.dataframe[0].value
    roles = dict(zip(accounts_table["Username"], accounts_table["Role"], strict=True))
    assert roles == {"alex": "Owner", "blake": "Trainer", "casey": "Client"}


def test_a_demo_workspace_offers_no_invitations(at):
    at.switch_page("pages/7_Clients.py").run()
    assert not [b for b in at.button if b.key and b.key.startswith("invite_make")]
    assert any("Not in a demo workspace" in c.value for c in at.caption)


def test_the_trainer_sees_which_entries_and_intake_the_client_wrote(casey, gym):
    test_the_check_in_lands_in_the_trainers_log_marked_as_the_clients(casey, gym)
    db, owner, client_id = gym["db"], store.Viewer(gym["owner"]), gym["casey"]
    yesterday = utc_now().replace(tzinfo=None, microsecond=0) - timedelta(days=1)
    store.add_entry(db, owner, client_id, LogEntry(ts=yesterday, pain=2), NOW)
    casey.switch_page("pages/8_Intake.py").run()
    for q in questions():
        casey.radio(key=ui.for_client("intake", client_id, q.id)).set_value(False)
    submit_form(casey, ui.for_client("intake_form", client_id))
    assert store.latest_intake(db, owner, client_id).by_client
    assert "answered by the client" not in shown(casey)

    app = sign_in(visitor(), "alex")
    box = picker(app)
    box.select_index(box.options.index("Casey Client")).run()
    app.switch_page("pages/5_Pain_log.py").run()
    table = app.data_editor[0].value
    assert sorted(zip(table["pain"], table["by_client"], strict=True)) == [(2, False), (7, True)]
    app.switch_page("pages/8_Intake.py").run()
    assert "(answered by the client)" in app.info[0].value


def test_the_owner_removing_a_clients_account_keeps_the_workspace(gym):
    """A client's account lives in the trainer's workspace: removing it ends that account, never
    the workspace it belongs to."""
    from coach import sessions

    db = gym["db"]
    client = invitations.redeem(db, gym["code"], "casey", PASSWORD, "Casey", utc_now())
    owner = store.account_for_owner(db, gym["owner"])
    sessions.remove(db, owner, client.id, NOW)
    workspace = store.Viewer(gym["owner"])
    assert {c.name for c in store.list_clients(db, workspace)} == {"Casey Client", "Other Client"}
    assert store.get_account_summary(db, owner.id) is not None
    assert store.get_account_summary(db, client.id) is None
    assert store.linked_account(db, workspace, gym["casey"]) is None
