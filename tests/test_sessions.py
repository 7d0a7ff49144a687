"""Sessions that survive a reload, end everywhere they should, and the owner's account controls."""

from datetime import UTC, datetime, timedelta

import pytest
from conftest import THEM

from coach import accounts, portability, sessions, store
from coach.accounts import SignInRefused, create_account, sign_in
from coach.errors import InvalidInput, NotFound
from coach.profiles import Profile

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
IDLE = 30


@pytest.fixture
def owner(db):
    return create_account(db, "olive", PASSWORD, "Olive Owner", is_admin=True, now=NOW)


@pytest.fixture
def trainer(db):
    return create_account(db, "tom", PASSWORD, "Tom Trainer", now=NOW)


def test_a_token_brings_the_same_visitor_back(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    visitor = sessions.resume(db, token, NOW + timedelta(minutes=5), IDLE)
    assert visitor == sessions.Visitor(owner_id=trainer.owner_id, account_id=trainer.id)


def test_only_the_tokens_hash_is_stored(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    stored = db.query("SELECT token_hash FROM browser_sessions")
    assert len(stored) == 1 and token not in stored[0]["token_hash"]


@pytest.mark.parametrize("token", [None, "", "made-up-token"])
def test_no_or_an_unknown_token_signs_nobody_in(db, trainer, token):
    sessions.start(db, trainer.owner_id, trainer, NOW)
    assert sessions.resume(db, token, NOW, IDLE) is None


def test_every_sign_in_gets_a_new_token(db, trainer):
    first = sessions.start(db, trainer.owner_id, trainer, NOW)
    second = sessions.start(db, trainer.owner_id, trainer, NOW)
    assert first != second


def test_an_idle_session_ends_and_stays_ended(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    assert sessions.resume(db, token, NOW + timedelta(minutes=IDLE + 1), IDLE) is None
    assert sessions.resume(db, token, NOW + timedelta(minutes=IDLE + 2), IDLE) is None


def test_use_keeps_a_session_alive(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    for step in range(1, 6):
        assert sessions.resume(db, token, NOW + timedelta(minutes=20 * step), IDLE)


def test_a_demo_workspace_outlives_the_idle_timeout(db):
    owner_id = accounts.start_demo(db, NOW)
    token = sessions.start(db, owner_id, None, NOW)
    later = NOW + timedelta(minutes=IDLE * 3)
    assert sessions.resume(db, token, later, IDLE) == sessions.Visitor(owner_id, None)


def test_sign_out_ends_the_token_for_every_tab(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.end(db, token)
    assert sessions.resume(db, token, NOW, IDLE) is None


def test_sign_out_everywhere_ends_every_browser_of_that_account_only(db, trainer, owner):
    laptop = sessions.start(db, trainer.owner_id, trainer, NOW)
    phone = sessions.start(db, trainer.owner_id, trainer, NOW)
    other = sessions.start(db, owner.owner_id, owner, NOW)
    assert sessions.end_everywhere(db, trainer.id) == 2
    assert sessions.resume(db, laptop, NOW, IDLE) is None
    assert sessions.resume(db, phone, NOW, IDLE) is None
    assert sessions.resume(db, other, NOW, IDLE) is not None


def test_a_password_change_ends_every_session(db, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.change_password(db, trainer.id, PASSWORD, "a brand new password")
    assert sessions.resume(db, token, NOW, IDLE) is None
    assert sign_in(db, "tom", "a brand new password", NOW) == trainer


def test_a_password_change_needs_the_current_password(db, trainer):
    with pytest.raises(InvalidInput, match="current password"):
        sessions.change_password(db, trainer.id, "not my password", "a brand new password")
    assert sign_in(db, "tom", PASSWORD, NOW) == trainer


def test_a_disabled_account_is_signed_out_and_cannot_start_again(db, owner, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.set_disabled(db, owner, trainer.id, True)
    assert sessions.resume(db, token, NOW, IDLE) is None
    with pytest.raises(SignInRefused, match="disabled"):
        sessions.start(db, trainer.owner_id, sign_in(db, "tom", PASSWORD, NOW), NOW)
    sessions.set_disabled(db, owner, trainer.id, False)
    assert sessions.start(db, trainer.owner_id, trainer, NOW)


def test_the_owners_list_shows_role_status_and_last_sign_in(db, owner, trainer):
    sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.set_disabled(db, owner, trainer.id, True)
    listed = {a.username: a for a in store.list_accounts(db)}
    assert listed["olive"].is_admin and not listed["olive"].disabled
    assert listed["olive"].last_sign_in is None
    assert not listed["tom"].is_admin and listed["tom"].disabled
    assert listed["tom"].last_sign_in == NOW
    assert listed["tom"].name == "Tom Trainer"


def test_only_the_owner_manages_accounts_and_never_their_own(db, owner, trainer):
    with pytest.raises(NotFound):
        sessions.set_disabled(db, trainer, owner.id, True)
    with pytest.raises(NotFound):
        sessions.issue_reset_code(db, trainer, owner.id, NOW)
    with pytest.raises(NotFound):
        sessions.set_disabled(db, owner, owner.id, True)


def test_a_reset_code_works_once(db, owner, trainer):
    code = sessions.issue_reset_code(db, owner, trainer.id, NOW)
    sessions.redeem_reset_code(db, "tom", code, "fresh password 1", NOW + timedelta(hours=1))
    assert sign_in(db, "tom", "fresh password 1", NOW) == trainer
    with pytest.raises(InvalidInput, match="reset code"):
        sessions.redeem_reset_code(db, "tom", code, "fresh password 2", NOW)


def test_a_reset_code_expires(db, owner, trainer):
    code = sessions.issue_reset_code(db, owner, trainer.id, NOW)
    late = NOW + sessions.RESET_CODE_LIFETIME + timedelta(minutes=1)
    with pytest.raises(InvalidInput, match="reset code"):
        sessions.redeem_reset_code(db, "tom", code, "fresh password 1", late)
    assert sign_in(db, "tom", PASSWORD, NOW) == trainer


@pytest.mark.parametrize("username", ["olive", "nobody"])
def test_a_reset_code_is_for_one_username(db, owner, trainer, username):
    code = sessions.issue_reset_code(db, owner, trainer.id, NOW)
    with pytest.raises(InvalidInput, match="reset code"):
        sessions.redeem_reset_code(db, username, code, "fresh password 1", NOW)


def test_removing_a_trainer_erases_their_account_and_sessions(db, owner, trainer):
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.remove(db, owner, trainer.id, NOW)
    assert sessions.resume(db, token, NOW, IDLE) is None
    assert [a.username for a in store.list_accounts(db)] == ["olive"]
    assert not store.owner_exists(db, trainer.owner_id)


# ---------------------------------------------------------------- the current client of a browser


def two_clients(db, account):
    workspace = store.Viewer(account.owner_id)
    return [store.add_client(db, workspace, Profile(name, 30), NOW).id for name in ("Ann", "Bo")]


@pytest.mark.both_backends
def test_a_reload_finds_the_last_pick_made_in_any_tab_of_that_browser(db, trainer):
    ann, bo = two_clients(db, trainer)
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    assert sessions.resume(db, token, NOW, IDLE).client_id is None
    workspace = store.Viewer(trainer.owner_id, trainer.id)
    sessions.remember_client(db, token, workspace, bo)
    assert sessions.resume(db, token, NOW, IDLE).client_id == bo
    sessions.remember_client(db, token, workspace, ann)  # another tab, same cookie
    assert sessions.resume(db, token, NOW, IDLE).client_id == ann


@pytest.mark.both_backends
def test_each_browser_and_each_sign_in_keeps_its_own_pick(db, trainer):
    ann, bo = two_clients(db, trainer)
    workspace = store.Viewer(trainer.owner_id, trainer.id)
    phone = sessions.start(db, trainer.owner_id, trainer, NOW)
    laptop = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.remember_client(db, phone, workspace, bo)
    sessions.remember_client(db, laptop, workspace, ann)
    assert sessions.resume(db, phone, NOW, IDLE).client_id == bo
    assert sessions.resume(db, laptop, NOW, IDLE).client_id == ann
    again = sessions.start(db, trainer.owner_id, trainer, NOW)
    assert sessions.resume(db, again, NOW, IDLE).client_id is None


@pytest.mark.both_backends
def test_a_demo_visit_keeps_its_pick(db):
    owner_id = accounts.start_demo(db, NOW)
    token = sessions.start(db, owner_id, None, NOW)
    first = next(iter(store.client_names(db, store.Viewer(owner_id))))
    sessions.remember_client(db, token, store.Viewer(owner_id), first)
    assert sessions.resume(db, token, NOW, IDLE).client_id == first


@pytest.mark.both_backends
def test_a_client_of_another_workspace_is_never_kept(db, owner, trainer):
    theirs, _ = two_clients(db, owner)
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    with pytest.raises(NotFound):
        sessions.remember_client(db, token, store.Viewer(trainer.owner_id, trainer.id), theirs)
    assert sessions.resume(db, token, NOW, IDLE).client_id is None


@pytest.mark.both_backends
def test_erasing_the_picked_client_or_the_workspace_forgets_the_pick(db, trainer):
    ann, bo = two_clients(db, trainer)
    workspace = store.Viewer(trainer.owner_id, trainer.id)
    token = sessions.start(db, trainer.owner_id, trainer, NOW)
    sessions.remember_client(db, token, workspace, bo)
    store.erase_client(db, workspace, bo, portability.farewell(NOW))
    assert sessions.resume(db, token, NOW, IDLE).client_id is None
    sessions.remember_client(db, token, workspace, ann)
    store.erase_owner(db, trainer.owner_id, portability.farewell(NOW))
    assert sessions.resume(db, token, NOW, IDLE) is None


@pytest.mark.both_backends
def test_personal_mode_keeps_its_pick_with_the_workspace_until_the_client_is_erased(db):
    store.ensure_owner(db, store.LOCAL_OWNER, "Me", NOW, "person")
    me = store.Viewer(store.LOCAL_OWNER)
    mine, partner = (store.add_client(db, me, Profile(n, 30), NOW).id for n in ("Me", "Sam"))
    assert store.owner_client(db, store.LOCAL_OWNER) is None
    store.set_owner_client(db, me, partner)
    assert store.owner_client(db, store.LOCAL_OWNER) == partner
    theirs = store.add_client(db, THEM, Profile("Not mine", 30), NOW).id
    with pytest.raises(NotFound):  # never a client of another workspace
        store.set_owner_client(db, me, theirs)
    assert store.owner_client(db, store.LOCAL_OWNER) == partner
    store.erase_client(db, me, partner, portability.farewell(NOW))
    assert store.owner_client(db, store.LOCAL_OWNER) is None
    store.set_owner_client(db, me, mine)
    store.erase_owner(db, store.LOCAL_OWNER, portability.farewell(NOW))
    assert not store.owner_exists(db, store.LOCAL_OWNER)
