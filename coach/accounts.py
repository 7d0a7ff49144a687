"""Local accounts: argon2 password hashes, throttled sign-in, idle expiry, demo workspaces.

An account owns its data through an owner id; every store function is scoped by that id, so
signing in is what decides whose clients a visitor can ever see.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from coach import demo, store
from coach.errors import BackCoachError, InvalidInput

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
DEFAULT_IDLE_MINUTES = 30
DEMO_LIFETIME = timedelta(hours=2)
MIN_PASSWORD = 10
USERNAME = re.compile(r"[a-z0-9._-]{3,40}")

_hasher = PasswordHasher()


class SignInRefused(BackCoachError):
    """Wrong username or password, or too many attempts; the message never says which field."""


@dataclass(frozen=True)
class Account:
    id: int
    owner_id: str
    username: str
    email: str
    is_admin: bool


def _account(row: dict) -> Account:
    return Account(
        row["id"], row["owner_id"], row["username"], row["email"] or "", bool(row["is_admin"])
    )


def has_accounts(db: Database) -> bool:
    return db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def create_account(
    db: Database,
    username: str,
    password: str,
    display_name: str,
    kind: str = "trainer",
    email: str = "",
    is_admin: bool = False,
) -> Account:
    """Create an account and the owner it signs in as; raises InvalidInput naming the field."""
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidInput("username: 3 to 40 letters, digits, dots, dashes or underscores")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
    if kind not in store.OWNER_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(store.OWNER_KINDS)}")
    if db.execute("SELECT 1 FROM accounts WHERE username = ?", [username]).fetchone():
        raise InvalidInput("username: already taken")
    owner_id = f"acct-{uuid.uuid4().hex}"
    with store.transaction(db):
        store.ensure_owner(db, owner_id, display_name.strip() or username, kind)
        account_id = (
            db["accounts"]
            .insert(
                {
                    "owner_id": owner_id,
                    "username": username,
                    "email": email.strip().lower(),
                    "password_hash": _hasher.hash(password),
                    "is_admin": int(is_admin),
                    "failed_attempts": 0,
                    "created": datetime.now().isoformat(timespec="seconds"),
                }
            )
            .last_pk
        )
    return _account(db["accounts"].get(account_id))


def sign_in(db: Database, username: str, password: str, now: datetime | None = None) -> Account:
    """Check a password; after MAX_FAILED_ATTEMPTS failures the account locks for LOCKOUT."""
    now = now or datetime.now()
    rows = list(db["accounts"].rows_where("username = ?", [username.strip().lower()]))
    if not rows:
        _hasher.hash(password)  # same work as a real check, so timing does not reveal names
        raise SignInRefused("Wrong username or password.")
    row = rows[0]
    if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
        raise SignInRefused("Too many failed attempts: try again in 15 minutes.")
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        failed = row["failed_attempts"] + 1
        locked = (now + LOCKOUT).isoformat() if failed >= MAX_FAILED_ATTEMPTS else None
        db["accounts"].update(
            row["id"], {"failed_attempts": 0 if locked else failed, "locked_until": locked}
        )
        raise SignInRefused("Wrong username or password.") from None
    db["accounts"].update(row["id"], {"failed_attempts": 0, "locked_until": None})
    return _account(row)


def account_for_email(db: Database, email: str) -> Account | None:
    """The account an identity provider's verified e-mail maps to, if any."""
    rows = list(db["accounts"].rows_where("email = ?", [email.strip().lower()]))
    return _account(rows[0]) if email.strip() and rows else None


def account_for_owner(db: Database, owner_id: str) -> Account | None:
    rows = list(db["accounts"].rows_where("owner_id = ?", [owner_id]))
    return _account(rows[0]) if rows else None


def expired(last_seen: datetime, now: datetime, idle_minutes: int = DEFAULT_IDLE_MINUTES) -> bool:
    """True when a signed-in session has been idle for longer than allowed."""
    return now - last_seen > timedelta(minutes=idle_minutes)


def start_demo(db: Database, now: datetime | None = None) -> str:
    """A throwaway workspace seeded with the demo clients; expired ones are erased first."""
    now = now or datetime.now()
    erase_expired_demos(db, now)
    owner_id = f"demo-{uuid.uuid4().hex}"
    with store.transaction(db):
        store.ensure_owner(db, owner_id, "Demo trainer")
        db["owners"].update(owner_id, {"demo_expires": (now + DEMO_LIFETIME).isoformat()})
        demo.seed(db, owner_id, now.date())
    return owner_id


def erase_expired_demos(db: Database, now: datetime) -> int:
    expired_owners = [
        r[0]
        for r in db.execute(
            "SELECT id FROM owners WHERE demo_expires IS NOT NULL AND demo_expires < ?",
            [now.isoformat()],
        ).fetchall()
    ]
    for owner_id in expired_owners:
        store.erase_owner(db, owner_id)
    return len(expired_owners)
