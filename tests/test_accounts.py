import threading
from datetime import datetime, timedelta

import pytest
from argon2 import extract_parameters, profiles

from coach import accounts, store
from coach.accounts import SignInRefused, create_account, sign_in
from coach.errors import InvalidInput

NOW = datetime(2026, 6, 1, 9, 0)
PASSWORD = "correct horse battery"
pytestmark = pytest.mark.both_backends


@pytest.fixture
def account(db):
    return create_account(
        db, "Alex", PASSWORD, "Alex Trainer", email="Alex@Example.org", is_admin=True, now=NOW
    )


def test_password_is_stored_as_an_argon2_hash(db, account):
    stored = db.scalar("SELECT password_hash FROM accounts WHERE id = ?", (account.id,))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_in_with_the_right_password(db, account):
    assert sign_in(db, "alex", PASSWORD, NOW) == account


def test_wrong_password_does_not_say_which_field(db, account):
    with pytest.raises(SignInRefused, match="Wrong username or password"):
        sign_in(db, "alex", "nope nope nope", NOW)
    with pytest.raises(SignInRefused, match="Wrong username or password"):
        sign_in(db, "nobody", PASSWORD, NOW)


def test_five_failures_lock_the_account_for_fifteen_minutes(db, account):
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInRefused):
            sign_in(db, "alex", "wrong password!", NOW)
    with pytest.raises(SignInRefused, match="Too many failed attempts"):
        sign_in(db, "alex", PASSWORD, NOW + timedelta(minutes=14))
    assert sign_in(db, "alex", PASSWORD, NOW + timedelta(minutes=16)) == account


def test_failures_at_the_same_moment_through_several_connections_all_count(db, db_target, account):
    """Each app process has its own connections: wrong passwords tried through all of them at
    once must add up to the same lock as one after the other."""
    refused: list[str] = []

    def attempt() -> None:
        conn = store.connect(db_target)
        try:
            sign_in(conn, "alex", "wrong password!", NOW)
        except SignInRefused as e:
            refused.append(str(e))
        conn.close()

    threads = [threading.Thread(target=attempt) for _ in range(accounts.MAX_FAILED_ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(refused) == accounts.MAX_FAILED_ATTEMPTS
    with pytest.raises(SignInRefused, match="Too many failed attempts"):
        sign_in(db, "alex", PASSWORD, NOW + timedelta(minutes=1))


def test_a_success_resets_the_failure_count(db, account):
    for _ in range(accounts.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(SignInRefused):
            sign_in(db, "alex", "wrong password!", NOW)
    sign_in(db, "alex", PASSWORD, NOW)
    with pytest.raises(SignInRefused, match="Wrong"):
        sign_in(db, "alex", "wrong password!", NOW)


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("al", PASSWORD, "username"),
        ("alex smith", PASSWORD, "username"),
        ("sam", "short", "password"),
    ],
)
def test_bad_new_accounts_are_refused(db, username, password, message):
    with pytest.raises(InvalidInput, match=message):
        create_account(db, username, password, "X", now=NOW)


def test_usernames_are_unique_regardless_of_case(db, account):
    with pytest.raises(InvalidInput, match="taken"):
        create_account(db, "ALEX", PASSWORD, "Another", now=NOW)


def test_identity_provider_email_maps_to_the_account(db, account):
    assert accounts.account_for_email(db, "alex@example.org") == account
    assert accounts.account_for_email(db, "someone@example.org") is None
    assert accounts.account_for_email(db, "") is None


@pytest.mark.parametrize(("idle", "expired"), [(29, False), (31, True)])
def test_sessions_expire_after_the_idle_time(idle, expired):
    assert accounts.expired(NOW, NOW + timedelta(minutes=idle), idle_minutes=30) is expired


def test_each_demo_visitor_gets_a_separate_seeded_workspace(db):
    first, second = (accounts.start_demo(db, NOW) for _ in range(2))
    assert first != second
    one, two = store.list_clients(db, first), store.list_clients(db, second)
    assert len(one) == len(two) == 6
    assert not {c.id for c in one} & {c.id for c in two}


def test_expired_demo_workspaces_are_erased(db):
    old = accounts.start_demo(db, NOW)
    later = NOW + accounts.DEMO_LIFETIME + timedelta(minutes=1)
    fresh = accounts.start_demo(db, later)
    assert not store.owner_exists(db, old)
    assert db.scalar("SELECT COUNT(*) FROM clients WHERE owner_id = ?", (old,)) == 0
    assert len(store.list_clients(db, fresh)) == 6


def test_a_demo_start_sweeps_only_a_few_expired_workspaces(db):
    old = [accounts.start_demo(db, NOW) for _ in range(accounts.SWEEP_PER_START + 1)]
    accounts.start_demo(db, NOW + accounts.DEMO_LIFETIME + timedelta(minutes=1))
    assert sum(store.owner_exists(db, o) for o in old) == 1
    later = NOW + accounts.DEMO_LIFETIME + timedelta(minutes=2)
    assert accounts.erase_expired_demos(db, later) == 1
    assert not any(store.owner_exists(db, o) for o in old)


def test_the_app_hashes_with_rfc_9106_strength_and_tests_with_the_cheapest(db, account):
    assert accounts.STRONG == profiles.RFC_9106_LOW_MEMORY
    stored = db.scalar("SELECT password_hash FROM accounts WHERE id = ?", (account.id,))
    assert extract_parameters(stored) == profiles.CHEAPEST
