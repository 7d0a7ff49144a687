"""Sign-ins that survive a reload and a second tab, and the owner's control over accounts.

A signed-in browser holds a random token in a cookie; the server keeps only its SHA-256 hash,
so the database alone signs nobody in. A token is new at every sign-in, ends with "Sign out",
"Sign out everywhere", a password change, a disabled account or `idle_minutes` without use.
Reset codes follow the same rule: shown once, kept as a hash, single use, short-lived.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach import portability, store
from coach.accounts import MIN_PASSWORD, SignInRefused, hash_password, password_matches
from coach.errors import InvalidInput, NotFound
from coach.store import Account, Connection, Viewer
from coach.store.sessions import AccountSummary

COOKIE = "backcoach_session"
RESET_CODE_LIFETIME = timedelta(hours=24)
# A session's last use is written at most this often: every rerun would be a write.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Visitor:
    """Who a live session token stands for."""

    owner_id: str
    account_id: int | None
    client_id: int | None = None  # last picked by this browser: the caller checks who sees it


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(conn: Connection, owner_id: str, account: Account | None, now: datetime) -> str:
    """A new session for a signed-in account (or a demo owner); returns the cookie's token."""
    if account is not None:
        summary = store.get_account_summary(conn, account.id)
        if summary is None or summary.disabled:
            raise SignInRefused("This account is disabled: ask the workspace owner.")
        store.set_last_sign_in(conn, account.id, now)
    token = secrets.token_urlsafe(32)
    store.add_session(conn, _hash(token), owner_id, account.id if account else None, now)
    return token


def resume(conn: Connection, token: str | None, now: datetime, idle_minutes: int) -> Visitor | None:
    """The visitor a token stands for, or None if it is unknown, ended, idle or disabled."""
    if not token:
        return None
    found = store.session_for(conn, _hash(token))
    if found is None or found.revoked or found.account_disabled:
        return None
    # A demo workspace lives out its own lifetime; a signed-in account expires when idle.
    idle = now - found.last_seen > timedelta(minutes=idle_minutes)
    if found.account_id is not None and idle:
        store.revoke_session(conn, _hash(token))
        return None
    if now - found.last_seen >= TOUCH_EVERY:
        store.touch_session(conn, found.id, now)
    return Visitor(owner_id=found.owner_id, account_id=found.account_id, client_id=found.client_id)


def remember_client(conn: Connection, token: str, who: Viewer, client_id: int) -> None:
    """This browser's pick of the current client, which its next reload or new tab starts on.
    Tabs open at once share the cookie: the last pick made in any of them is the one kept."""
    store.set_session_client(conn, _hash(token), who, client_id)


def end(conn: Connection, token: str | None) -> None:
    """Sign out this browser: every tab sharing its cookie is signed out on its next rerun."""
    if token:
        store.revoke_session(conn, _hash(token))


def end_everywhere(conn: Connection, account_id: int) -> int:
    """Sign this account out of every browser."""
    return store.revoke_account_sessions(conn, account_id)


def change_password(conn: Connection, account_id: int, current: str, new: str) -> None:
    """Everyone may change their own password; every session of the account ends."""
    stored = store.password_hash_of(conn, account_id)
    if stored is None or not password_matches(stored, current):
        raise InvalidInput("current password: that is not it")
    _set_password(conn, account_id, new)


def _set_password(conn: Connection, account_id: int, new: str) -> None:
    if len(new) < MIN_PASSWORD:
        raise InvalidInput(f"new password: at least {MIN_PASSWORD} characters")
    with conn.transaction():
        store.set_password_hash(conn, account_id, hash_password(new))
        store.revoke_account_sessions(conn, account_id)


# ---------------------------------------------------------------- the owner's controls


def _managed(conn: Connection, admin: Account, account_id: int) -> AccountSummary:
    """An account the admin may act on: any account but their own."""
    if not admin.is_admin:
        raise NotFound("account")
    target = store.get_account_summary(conn, account_id)
    if target is None or target.id == admin.id:
        raise NotFound("account")
    return target


def set_disabled(conn: Connection, admin: Account, account_id: int, disabled: bool) -> None:
    """Disable (ending every session at once) or re-enable a trainer's account."""
    _managed(conn, admin, account_id)
    with conn.transaction():
        store.set_disabled(conn, account_id, disabled)
        if disabled:
            store.revoke_account_sessions(conn, account_id)


def remove(conn: Connection, admin: Account, account_id: int, now: datetime) -> None:
    """Remove a trainer. One who joined a workspace leaves it (the clients stay with it); an
    account with a workspace of its own (made before trainers joined the owner's) takes it
    along, for good (its linked clients keep their copies)."""
    target = _managed(conn, admin, account_id)
    if target.role == store.TRAINER:
        store.remove_trainer(conn, target.owner_id, target.id)
    else:
        store.erase_owner(conn, target.owner_id, portability.farewell(now))


def issue_reset_code(conn: Connection, admin: Account, account_id: int, now: datetime) -> str:
    """A one-time code the trainer types with their username to set a new password."""
    _managed(conn, admin, account_id)
    code = "-".join(secrets.token_hex(3) for _ in range(3))
    store.set_reset_code(conn, account_id, _hash(code), now + RESET_CODE_LIFETIME)
    return code


def redeem_reset_code(
    conn: Connection, username: str, code: str, new_password: str, now: datetime
) -> None:
    """Set a new password with a reset code: works once, before it expires."""
    found = store.reset_code_of(conn, username.strip().lower())
    valid = (
        found is not None
        and secrets.compare_digest(found[1], _hash(code.strip().lower()))
        and now <= found[2]
    )
    if not valid:
        raise InvalidInput(
            "reset code: wrong, used or expired; ask the workspace owner for a new one"
        )
    _set_password(conn, found[0], new_password)
