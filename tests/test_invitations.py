"""Invitations: a code works once, expires, can be revoked, and links one account to one record."""

from datetime import timedelta

import pytest
from conftest import FAREWELL, ME, NOW, OWNER, THEM

from coach import accounts, invitations, store
from coach.errors import InvalidInput, NotFound
from coach.profiles import Profile

pytestmark = pytest.mark.both_backends

PASSWORD = "a long enough password"


def redeem(db, code, username="casey", when=NOW):
    return invitations.redeem(db, code, username, PASSWORD, "Casey", when)


def test_a_redeemed_code_makes_a_client_account_linked_to_that_record(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    account = redeem(db, made.code)
    assert store.owner_kind(db, account.owner_id) == invitations.CLIENT_KIND
    assert account.owner_id != OWNER and not account.is_admin
    link = store.client_link(db, account.id)
    assert (link.owner_id, link.client_id) == (OWNER, client.id)
    assert store.linked_account(db, ME, client.id).username == "casey"
    assert accounts.sign_in(db, "casey", PASSWORD, NOW).id == account.id


def test_only_the_codes_hash_is_stored(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    stored = db.query("SELECT * FROM invitations")
    assert made.code not in str(stored)
    assert made.link("https://coach.example/") == f"https://coach.example/?invite={made.code}"


def test_a_code_works_once(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    redeem(db, made.code)
    with pytest.raises(InvalidInput, match="already used"):
        redeem(db, made.code, "casey2")
    assert not store.username_taken(db, "casey2")


def test_a_code_expires_after_the_days_in_data(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    days = invitations.rules().valid_days
    assert days == 7
    assert made.invitation.expires == NOW + timedelta(days=days)
    with pytest.raises(InvalidInput, match="expired"):
        redeem(db, made.code, when=NOW + timedelta(days=days, seconds=1))
    assert store.client_link(db, 1) is None
    redeem(db, made.code, when=NOW + timedelta(days=days))


def test_a_revoked_code_is_refused(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    store.revoke_invitation(db, ME, made.invitation.id)
    with pytest.raises(InvalidInput, match="revoked"):
        redeem(db, made.code)
    assert store.list_invitations(db, ME, client.id)[0].revoked


def test_a_new_invitation_ends_the_earlier_unused_one(db, client):
    first = invitations.invite(db, ME, client.id, NOW)
    second = invitations.invite(db, ME, client.id, NOW)
    with pytest.raises(InvalidInput):
        redeem(db, first.code)
    redeem(db, second.code)


def test_a_bad_password_or_taken_username_uses_nothing(db, client):
    made = invitations.invite(db, ME, client.id, NOW)
    with pytest.raises(InvalidInput, match="password"):
        invitations.redeem(db, made.code, "casey", "short", "Casey", NOW)
    accounts.create_account(db, "taken", PASSWORD, "Someone", now=NOW)
    with pytest.raises(InvalidInput, match="username: already taken"):
        redeem(db, made.code, "taken")
    assert store.list_invitations(db, ME, client.id)[0].redeemed is None
    redeem(db, made.code)


@pytest.mark.parametrize("code", ["", "   ", "not-a-code", "'; DROP TABLE accounts; --"])
def test_unknown_codes_are_refused(db, client, code):
    invitations.invite(db, ME, client.id, NOW)
    with pytest.raises(InvalidInput, match="unknown"):
        redeem(db, code)


def test_a_client_has_at_most_one_account_and_the_trainer_can_unlink(db, client):
    redeem(db, invitations.invite(db, ME, client.id, NOW).code)
    with pytest.raises(InvalidInput, match="already has an account"):
        invitations.invite(db, ME, client.id, NOW)
    assert store.unlink_client(db, ME, client.id, FAREWELL)
    assert store.linked_account(db, ME, client.id) is None
    account = redeem(db, invitations.invite(db, ME, client.id, NOW).code, "casey.new")
    assert store.client_link(db, account.id).client_id == client.id


def test_another_owner_can_neither_invite_nor_revoke_nor_unlink(db, client):
    with pytest.raises(NotFound):
        invitations.invite(db, THEM, client.id, NOW)
    made = invitations.invite(db, ME, client.id, NOW)
    with pytest.raises(NotFound):
        store.revoke_invitation(db, THEM, made.invitation.id)
    assert store.list_invitations(db, THEM, client.id) == []
    account = redeem(db, made.code)
    assert not store.unlink_client(db, THEM, client.id, FAREWELL)
    assert store.linked_account(db, THEM, client.id) is None
    assert store.client_link(db, account.id).owner_id == OWNER


def test_erasing_the_record_ends_the_link_and_keeps_the_clients_account(db, client):
    account = redeem(db, invitations.invite(db, ME, client.id, NOW).code)
    store.erase_client(db, ME, client.id, FAREWELL)
    assert store.client_link(db, account.id) is None
    assert accounts.sign_in(db, "casey", PASSWORD, NOW).id == account.id


def test_erasing_the_trainers_workspace_or_the_clients_account_leaves_no_link(db, client):
    other = store.add_client(db, ME, Profile("Other Client", 30), NOW)
    kept = redeem(db, invitations.invite(db, ME, other.id, NOW).code, "kept")
    gone = redeem(db, invitations.invite(db, ME, client.id, NOW).code)
    store.erase_owner(db, gone.owner_id, FAREWELL)
    assert store.linked_account(db, ME, client.id) is None
    assert store.client_link(db, kept.id) is not None
    store.erase_owner(db, OWNER, FAREWELL)
    assert store.client_link(db, kept.id) is None
    assert db.scalar("SELECT COUNT(*) FROM invitations") == 0


def test_the_client_can_unlink_themselves(db, client):
    account = redeem(db, invitations.invite(db, ME, client.id, NOW).code)
    assert store.unlink_account(db, account.id, FAREWELL)
    assert store.client_link(db, account.id) is None
    assert store.get_client(db, ME, client.id).name == client.name


def test_the_trainers_last_look_is_kept_per_client_and_viewer(db, client):
    store.mark_seen(db, ME, client.id, 0, NOW)
    store.mark_seen(db, ME, client.id, 0, NOW + timedelta(hours=1))
    assert store.seen_per_client(db, ME, 0) == {client.id: NOW + timedelta(hours=1)}
    assert store.seen_per_client(db, ME, 7) == {}
    with pytest.raises(NotFound):
        store.mark_seen(db, THEM, client.id, 0, NOW)


def test_organisation_sign_in_redeems_once_with_the_e_mail_and_no_password(db, client):
    code = invitations.invite(db, ME, client.id, NOW).code
    account = invitations.redeem_with_organisation(db, code, "Casey.O'Neil@Example.com", "", NOW)
    assert (account.email, account.username) == ("casey.o'neil@example.com", "casey.oneil")
    assert store.client_link(db, account.id).client_id == client.id
    assert accounts.account_for_email(db, "casey.o'neil@example.com").id == account.id
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(db, "casey.oneil", accounts.NO_PASSWORD, NOW)
    with pytest.raises(InvalidInput, match="already used"):
        invitations.redeem_with_organisation(db, code, "other@example.com", "", NOW)
    with pytest.raises(InvalidInput, match="already used"):
        redeem(db, code, "other")


def test_an_e_mail_another_account_uses_is_refused_and_the_code_stays_open(db, client):
    accounts.create_account(db, "alex", PASSWORD, "Alex", email="alex@example.com", now=NOW)
    code = invitations.invite(db, ME, client.id, NOW).code
    with pytest.raises(InvalidInput, match="already uses this address"):
        invitations.redeem_with_organisation(db, code, "alex@example.com", "", NOW)
    taken = invitations.redeem_with_organisation(db, code, "alex@elsewhere.org", "Alex B", NOW)
    assert taken.username == "alex-2" and store.owner_name(db, taken.owner_id) == "Alex B"
