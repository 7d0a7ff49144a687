"""Local accounts: argon2 password hashes, throttled sign-in, idle expiry, demo workspaces.

An account signs in to a workspace (an owner id) with a role there, owner or trainer; every
store function is scoped by who is asking (`store.Viewer`), so signing in is what decides whose
clients a visitor can ever see. The rows live in
`coach.store.accounts`; this module holds the rules: hashing, throttling, expiry.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from coach import demo, portability, store, timestamps
from coach.errors import BackCoachError, ErasureUnfinished, InvalidInput
from coach.store import Account, Connection

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
DEFAULT_IDLE_MINUTES = 30
DEMO_LIFETIME = timedelta(hours=2)
# Expired demos a demo start erases on its way (the server sweeps them all once when it starts):
# enough to keep pace, as each start adds one, and never a pile swept during one visitor's click.
SWEEP_PER_START = 2
# A public server holds at most this many demo workspaces, made at most this fast. A class that
# arrives together, or the load benchmark's visitors, needs the pace raised.
MAX_DEMOS = int(os.environ.get("BACKCOACH_MAX_DEMOS") or 300)
MAX_NEW_DEMOS_PER_MINUTE = int(os.environ.get("BACKCOACH_DEMOS_PER_MINUTE") or 20)
MIN_PASSWORD = 10
USERNAME = re.compile(r"[a-z0-9._-]{3,40}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# The password hash of an account made through organisation sign-in: not a hash, so no password
# verifies against it.
NO_PASSWORD = "!"
REFUSED = "Wrong username or password, or too many attempts: after 5, wait 15 minutes."
BUSY = "The server is busy checking other sign-ins: try again in a moment."
MAX_CONCURRENT_HASHES = 2
HASH_WAIT_SECONDS = 20

# RFC 9106's low-memory profile (64 MiB, 3 passes). The test suite swaps in argon2's cheapest
# parameters (tests/conftest.py); a stored hash carries its own, so either verifies either.
STRONG = profiles.RFC_9106_LOW_MEMORY
hasher = PasswordHasher.from_parameters(STRONG)
_hashing = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


class DemosFull(BackCoachError):
    """The server holds as many demo workspaces as it allows, or they are being made too fast."""


class SignInRefused(BackCoachError):
    """Wrong username or password, or too many attempts; the message never says which field."""


def has_accounts(conn: Connection) -> bool:
    return store.has_accounts(conn)


def _checked_username(conn: Connection, username: str, password: str) -> str:
    """The username as stored; raises InvalidInput naming the field that will not do."""
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidInput("username: 3 to 40 letters, digits, dots, dashes or underscores")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
    if store.username_taken(conn, username):
        raise InvalidInput("username: already taken")
    return username


def create_account(
    conn: Connection,
    username: str,
    password: str,
    display_name: str,
    kind: str = "trainer",
    email: str = "",
    is_admin: bool = False,
    *,
    now: datetime,
) -> Account:
    """Create an account and the owner it signs in as; raises InvalidInput naming the field."""
    if kind not in store.OWNER_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(store.OWNER_KINDS)}")
    return new_account(conn, username, password, display_name, kind, email, is_admin, now)


def new_account(
    conn: Connection,
    username: str,
    password: str,
    display_name: str,
    kind: str,
    email: str,
    is_admin: bool,
    now: datetime,
) -> Account:
    """An account of any owner kind, a client's included, under the one set of rules for
    usernames and passwords; raises InvalidInput naming the field."""
    username = _checked_username(conn, username, password)
    owner_id = f"acct-{uuid.uuid4().hex}"
    with conn.transaction():
        store.ensure_owner(conn, owner_id, display_name.strip() or username, now, kind)
        return store.add_account(
            conn, owner_id, username, email.strip().lower(), _hash(password), is_admin, now
        )


def new_organisation_account(
    conn: Connection, email: str, display_name: str, kind: str, now: datetime
) -> Account:
    """An account that signs in only through organisation sign-in: the verified `email`, a
    username made from it (numbered when taken), and no password (no hash verifies against
    NO_PASSWORD). Raises InvalidInput when another account already uses the e-mail."""
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise InvalidInput("e-mail: your organisation sent no verified address")
    if store.account_for_email(conn, email) is not None:
        raise InvalidInput(
            "e-mail: an account already uses this address; sign in with it, or ask your "
            "trainer for an invitation to another address"
        )
    stem = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0])[:30].ljust(3, "0")
    username = next(
        name
        for name in (stem, *(f"{stem}-{n}" for n in range(2, 1000)))
        if not store.username_taken(conn, name)
    )
    owner_id = f"acct-{uuid.uuid4().hex}"
    with conn.transaction():
        store.ensure_owner(conn, owner_id, display_name.strip() or username, now, kind)
        return store.add_account(conn, owner_id, username, email, NO_PASSWORD, False, now)


@contextmanager
def _hash_slot() -> Iterator[None]:
    """Each argon2 hash takes 64 MiB: at most MAX_CONCURRENT_HASHES run at once per server."""
    if not _hashing.acquire(timeout=HASH_WAIT_SECONDS):
        raise SignInRefused(BUSY)
    try:
        yield
    finally:
        _hashing.release()


def _hash(password: str) -> str:
    with _hash_slot():
        return hasher.hash(password)


@functools.cache
def _decoy_hash() -> str:
    """Checked for unknown names and locked accounts, so they cost what a real check costs."""
    return _hash(uuid.uuid4().hex)


def _check(password_hash: str, password: str) -> bool:
    with _hash_slot():
        try:
            return hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def add_trainer(
    conn: Connection,
    owner: Account,
    username: str,
    password: str,
    name: str,
    email: str = "",
    *,
    now: datetime,
) -> Account:
    """A trainer account in the owner's workspace: it sees the clients the owner assigns it."""
    if owner.role != store.OWNER:
        raise InvalidInput("only the workspace's owner adds trainers")
    username = _checked_username(conn, username, password)
    return store.add_account(
        conn,
        owner.owner_id,
        username,
        email.strip().lower(),
        _hash(password),
        False,
        now,
        role=store.TRAINER,
        name=name.strip() or username,
    )


def sign_in(conn: Connection, username: str, password: str, now: datetime) -> Account:
    """Check a password; MAX_FAILED_ATTEMPTS wrong ones lock the account for LOCKOUT.

    Unknown names, locked accounts and wrong passwords get the same words after the same work
    (one argon2 check), so neither the message nor its timing says whether an account exists.
    """
    now = timestamps.from_text(now)
    found = store.credentials(conn, username.strip().lower())
    if found is None or not store.reserve_sign_in_attempt(
        conn, found.account.id, now, MAX_FAILED_ATTEMPTS
    ):
        _check(_decoy_hash(), password)
        raise SignInRefused(REFUSED)
    account = found.account
    if not _check(found.password_hash, password):
        store.lock_if_spent(conn, account.id, MAX_FAILED_ATTEMPTS, now + LOCKOUT)
        raise SignInRefused(REFUSED)
    store.clear_sign_in_attempts(conn, account.id)
    return account


def verified_email(claims: Mapping[str, object]) -> str | None:
    """The e-mail an identity provider vouches for, in lower case, or None.

    Only `email_verified: true` counts (an unverified address can be anyone's), and only one plain
    address with nothing around it: a claim with spaces is refused, not trimmed into a match.
    """
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str):
        return None
    return email.lower() if EMAIL.fullmatch(email) else None


def account_for_email(conn: Connection, email: str) -> Account | None:
    """The account an identity provider's verified e-mail maps to, if any."""
    return store.account_for_email(conn, email.strip().lower()) if email.strip() else None


def account_for_owner(conn: Connection, owner_id: str) -> Account | None:
    return store.account_for_owner(conn, owner_id)


def expired(last_seen: datetime, now: datetime, idle_minutes: int = DEFAULT_IDLE_MINUTES) -> bool:
    """True when a signed-in session has been idle for longer than allowed."""
    return now - last_seen > timedelta(minutes=idle_minutes)


def start_demo(conn: Connection, now: datetime) -> str:
    """A throwaway workspace seeded with the demo clients; expired ones are erased first.

    `now` is the visitor's wall-clock time (aware): the sample data ends on their today.
    """
    erase_expired_demos(conn, now, limit=SWEEP_PER_START)
    live, recent = store.demo_counts(conn, now, now - timedelta(minutes=1) + DEMO_LIFETIME)
    if live >= MAX_DEMOS or recent >= MAX_NEW_DEMOS_PER_MINUTE:
        raise DemosFull(
            "So many people are trying the demo right now that there is no room for another "
            "workspace: try again in a few minutes."
        )
    owner_id = f"demo-{uuid.uuid4().hex}"
    with conn.transaction():
        store.ensure_owner(conn, owner_id, "Demo trainer", now)
        store.set_demo_expiry(conn, owner_id, now + DEMO_LIFETIME)
        demo.seed(conn, owner_id, now.date(), now)
    return owner_id


def end_expired_demo(conn: Connection, owner_id: str, now: datetime) -> bool:
    """Erase this demo workspace if its time ran out; checked on every request."""
    if not store.demo_expired(conn, owner_id, now):
        return False
    _erase_demo(conn, owner_id, now)
    return True


def erase_expired_demos(conn: Connection, now: datetime, limit: int | None = None) -> int:
    """Erase demo workspaces whose time ran out, at most `limit` of them; returns how many."""
    expired_owners = store.expired_demo_owners(conn, now)[:limit]
    for owner_id in expired_owners:
        _erase_demo(conn, owner_id, now)
    return len(expired_owners)


def _erase_demo(conn: Connection, owner_id: str, now: datetime) -> None:
    """A demo's rows are deleted at once; copies a reader kept in SQLite's journal file are
    wiped by a later checkpoint, which no visitor waits for."""
    with suppress(ErasureUnfinished):
        store.erase_owner(conn, owner_id, portability.farewell(now))


def hash_password(password: str) -> str:
    return _hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    return _check(password_hash, password)
