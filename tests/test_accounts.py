import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

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
    with pytest.raises(SignInRefused, match="too many attempts"):
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
    with pytest.raises(SignInRefused, match="too many attempts"):
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
    one, two = (
        store.list_clients(db, store.Viewer(first)),
        store.list_clients(db, store.Viewer(second)),
    )
    assert len(one) == len(two) == 6
    assert not {c.id for c in one} & {c.id for c in two}


def test_expired_demo_workspaces_are_erased(db):
    old = accounts.start_demo(db, NOW)
    later = NOW + accounts.DEMO_LIFETIME + timedelta(minutes=1)
    fresh = accounts.start_demo(db, later)
    assert not store.owner_exists(db, old)
    assert db.scalar("SELECT COUNT(*) FROM clients WHERE owner_id = ?", (old,)) == 0
    assert len(store.list_clients(db, store.Viewer(fresh))) == 6


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


REAL_HASHER = accounts.hasher


class Hasher:
    """The real argon2 hasher with its check replaced (PasswordHasher's attributes are fixed)."""

    def __init__(self, verify) -> None:
        self.verify = verify
        self.hash = REAL_HASHER.hash


def counting_checks(monkeypatch, delay: float = 0.0) -> dict[str, int]:
    """Count argon2 checks, and the most that ran at once, around the real hasher."""
    import threading
    import time

    seen = {"checks": 0, "running": 0, "most": 0}
    lock = threading.Lock()

    def verify(password_hash, password):
        with lock:
            seen["checks"] += 1
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
        try:
            time.sleep(delay)
            return REAL_HASHER.verify(password_hash, password)
        finally:
            with lock:
                seen["running"] -= 1

    monkeypatch.setattr(accounts, "hasher", Hasher(verify))
    return seen


def test_simultaneous_guesses_lock_and_run_two_hashes_at_most(db_target, account, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    accounts._decoy_hash()
    seen = counting_checks(monkeypatch, delay=0.05)

    def guess(n: int) -> None:
        conn = store.connect(db_target)
        with pytest.raises(SignInRefused):
            sign_in(conn, "alex", f"wrong guess {n}", NOW)
        conn.close()

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(guess, range(20)))
    real = store.credentials(store.connect(db_target), "alex")
    assert real.locked_until is not None
    with pytest.raises(SignInRefused):
        sign_in(store.connect(db_target), "alex", PASSWORD, NOW)
    assert seen["most"] <= accounts.MAX_CONCURRENT_HASHES


def test_simultaneous_guesses_check_the_real_hash_five_times(db_target, account, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    real_hash = store.credentials(store.connect(db_target), "alex").password_hash
    checked = []

    def verify(password_hash, password):
        if password_hash == real_hash:
            checked.append(password)
        return REAL_HASHER.verify(password_hash, password)

    monkeypatch.setattr(accounts, "hasher", Hasher(verify))

    def guess(n: int) -> None:
        with pytest.raises(SignInRefused):
            sign_in(store.connect(db_target), "alex", f"wrong guess {n}", NOW)

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(guess, range(20)))
    assert len(checked) == accounts.MAX_FAILED_ATTEMPTS


def test_unknown_locked_and_wrong_read_alike_after_one_check_each(db, account, monkeypatch):
    seen = counting_checks(monkeypatch)
    messages = []
    for username, password in [("nobody", PASSWORD), ("alex", "wrong password!")]:
        with pytest.raises(SignInRefused) as refused:
            sign_in(db, username, password, NOW)
        messages.append(str(refused.value))
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInRefused):
            sign_in(db, "alex", "wrong password!", NOW)
    seen["checks"] = 0
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, "alex", PASSWORD, NOW)
    messages.append(str(refused.value))
    assert len(set(messages)) == 1
    assert seen["checks"] == 1


def test_an_expired_demo_is_erased_when_it_is_next_used(db):
    owner = accounts.start_demo(db, NOW)
    assert not accounts.end_expired_demo(db, owner, NOW + accounts.DEMO_LIFETIME)
    assert accounts.end_expired_demo(db, owner, NOW + accounts.DEMO_LIFETIME + timedelta(seconds=1))
    assert not store.owner_exists(db, owner)


def test_demos_are_capped_by_how_fast_they_are_made(db, monkeypatch):
    monkeypatch.setattr(accounts, "MAX_NEW_DEMOS_PER_MINUTE", 3)
    for _ in range(3):
        accounts.start_demo(db, NOW)
    with pytest.raises(accounts.DemosFull, match="try again in a few minutes"):
        accounts.start_demo(db, NOW + timedelta(seconds=30))
    assert accounts.start_demo(db, NOW + timedelta(minutes=1, seconds=1))


def test_demos_are_capped_by_how_many_are_live(db, monkeypatch):
    monkeypatch.setattr(accounts, "MAX_DEMOS", 2)
    accounts.start_demo(db, NOW)
    accounts.start_demo(db, NOW + timedelta(minutes=5))
    with pytest.raises(accounts.DemosFull):
        accounts.start_demo(db, NOW + timedelta(minutes=10))
    assert accounts.start_demo(db, NOW + accounts.DEMO_LIFETIME + timedelta(minutes=1))


def test_the_demo_caps_come_from_the_environment():
    """A class arriving together, or the load benchmark, raises them without editing code."""
    env = {**os.environ, "BACKCOACH_MAX_DEMOS": "1000", "BACKCOACH_DEMOS_PER_MINUTE": "500"}
    read = "from coach.accounts import *; print(MAX_DEMOS, MAX_NEW_DEMOS_PER_MINUTE)"
    out = subprocess.run(
        [sys.executable, "-c", read],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["1000", "500"]
