"""Owners (the workspace every row belongs to) and the accounts that sign in as them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.errors import InvalidInput
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import OWNER, Viewer

LOCAL_OWNER = "local"
OWNER_KINDS = ("trainer", "person")


@dataclass(frozen=True)
class Account:
    id: int
    owner_id: str
    username: str
    email: str
    is_admin: bool
    role: str


@dataclass(frozen=True)
class Credentials:
    """What a sign-in checks: never leaves coach.accounts."""

    account: Account
    password_hash: str
    locked_until: datetime | None


def _account(row: dict[str, Any]) -> Account:
    return Account(
        id=row["id"],
        owner_id=row["owner_id"],
        username=row["username"],
        email=row["email"] or "",
        is_admin=bool(row["is_admin"]),
        role=row["role"],
    )


# ---------------------------------------------------------------- owners


def ensure_owner(
    conn: Connection, owner_id: str, name: str, now: datetime, kind: str = "trainer"
) -> None:
    """Create the owner if it does not exist yet."""
    conn.execute(
        "INSERT INTO owners (id, name, kind, created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (owner_id, name, kind, timestamps.to_text(now)),
    )


def owner_exists(conn: Connection, owner_id: str) -> bool:
    return conn.one("SELECT 1 AS found FROM owners WHERE id = ?", (owner_id,)) is not None


def owner_name(conn: Connection, owner_id: str) -> str:
    """The name the owner gave (a trainer's own name), for what they sign, such as a report."""
    return conn.scalar("SELECT name FROM owners WHERE id = ?", (owner_id,)) or ""


def owner_kind(conn: Connection, owner_id: str) -> str:
    return conn.scalar("SELECT kind FROM owners WHERE id = ?", (owner_id,)) or "trainer"


def set_owner_kind(conn: Connection, owner_id: str, kind: str) -> None:
    """A trainer sees the roster first; a person checking themselves sees 'My week'."""
    if kind not in OWNER_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(OWNER_KINDS)}")
    conn.execute("UPDATE owners SET kind = ? WHERE id = ?", (kind, owner_id))


def owner_client(conn: Connection, owner_id: str) -> int | None:
    """The client personal mode last picked in this workspace (it has no browser session to
    keep it in); the caller checks it is still there to pick."""
    return conn.scalar("SELECT client_id FROM owners WHERE id = ?", (owner_id,))


def set_owner_client(conn: Connection, who: Viewer, client_id: int) -> None:
    """Keep personal mode's pick for its next reload; raises NotFound for a client `who` does
    not see."""
    owned_row(conn, "clients", who, client_id)
    conn.execute("UPDATE owners SET client_id = ? WHERE id = ?", (client_id, who.owner_id))


def owner_revision(conn: Connection, owner_id: str) -> int:
    """Changes whenever anything the roster reads changes for this owner."""
    return conn.scalar("SELECT revision FROM owners WHERE id = ?", (owner_id,)) or 0


def set_demo_expiry(conn: Connection, owner_id: str, expires: datetime) -> None:
    conn.execute(
        "UPDATE owners SET demo_expires = ? WHERE id = ?", (timestamps.to_text(expires), owner_id)
    )


def expired_demo_owners(conn: Connection, now: datetime) -> list[str]:
    """Owners of demo workspaces whose time ran out before `now`."""
    rows = conn.query(
        "SELECT id FROM owners WHERE demo_expires IS NOT NULL AND demo_expires < ?",
        (timestamps.to_text(now),),
    )
    return [r["id"] for r in rows]


def demo_expired(conn: Connection, owner_id: str, now: datetime) -> bool:
    """True when `owner_id` is a demo workspace whose time ran out before `now`."""
    return (
        conn.one(
            "SELECT 1 AS found FROM owners WHERE id = ? AND demo_expires IS NOT NULL"
            " AND demo_expires < ?",
            (owner_id, timestamps.to_text(now)),
        )
        is not None
    )


def demo_counts(conn: Connection, now: datetime, expiring_after: datetime) -> tuple[int, int]:
    """(demo workspaces live at `now`, those expiring after `expiring_after`): a demo's expiry
    is its start plus a fixed lifetime, so the second counts the demos started lately."""

    def count(after: datetime) -> int:
        return conn.scalar(
            "SELECT COUNT(*) FROM owners WHERE demo_expires IS NOT NULL AND demo_expires >= ?",
            (timestamps.to_text(after),),
        )

    return count(now), count(expiring_after)


# ---------------------------------------------------------------- accounts


def has_accounts(conn: Connection) -> bool:
    return conn.one("SELECT id FROM accounts LIMIT 1") is not None


def username_taken(conn: Connection, username: str) -> bool:
    return conn.one("SELECT id FROM accounts WHERE username = ?", (username,)) is not None


def add_account(
    conn: Connection,
    owner_id: str,
    username: str,
    email: str,
    password_hash: str,
    is_admin: bool,
    now: datetime,
    role: str = OWNER,
    name: str = "",
) -> Account:
    """Store an account for an existing owner (its workspace) with its role there; the caller has
    checked and hashed everything. `name` is how a trainer who joined a workspace is called."""
    account_id = conn.insert(
        "accounts",
        {
            "owner_id": owner_id,
            "username": username,
            "email": email,
            "password_hash": password_hash,
            "is_admin": int(is_admin),
            "failed_attempts": 0,
            "created": timestamps.to_text(now),
            "role": role,
            "name": name or None,
        },
    )
    return _account(conn.one("SELECT * FROM accounts WHERE id = ?", (account_id,)))


def credentials(conn: Connection, username: str) -> Credentials | None:
    row = conn.one("SELECT * FROM accounts WHERE username = ?", (username,))
    if row is None:
        return None
    locked = row["locked_until"]
    return Credentials(
        account=_account(row),
        password_hash=row["password_hash"],
        locked_until=timestamps.from_text(locked) if locked else None,
    )


def reserve_sign_in_attempt(conn: Connection, account_id: int, now: datetime, limit: int) -> bool:
    """Count an attempt before its password is checked, in one statement; False when none is left.

    Counting first, atomically, means `limit` simultaneous guesses use up the budget before any
    of them is checked, rather than all being checked and then counted. An expired lock starts a
    fresh count.
    """
    expired = "(locked_until IS NOT NULL AND locked_until <= ?)"
    return (
        conn.execute(
            f"UPDATE accounts SET failed_attempts = CASE WHEN {expired} THEN 1"
            f" ELSE failed_attempts + 1 END, locked_until = CASE WHEN {expired} THEN NULL"
            f" ELSE locked_until END WHERE id = ? AND (failed_attempts < ? OR {expired})",
            (*[timestamps.to_text(now)] * 2, account_id, limit, timestamps.to_text(now)),
        )
        == 1
    )


def lock_if_spent(conn: Connection, account_id: int, limit: int, until: datetime) -> None:
    """After a wrong password: lock the account once its attempts are used up."""
    conn.execute(
        "UPDATE accounts SET locked_until = ? WHERE id = ? AND failed_attempts >= ?"
        " AND locked_until IS NULL",
        (timestamps.to_text(until), account_id, limit),
    )


def clear_sign_in_attempts(conn: Connection, account_id: int) -> None:
    """A right password: the count starts again."""
    conn.execute(
        "UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = ?", (account_id,)
    )


def account_for_email(conn: Connection, email: str) -> Account | None:
    """The account an identity provider's verified e-mail maps to, if any."""
    row = conn.one("SELECT * FROM accounts WHERE email = ? ORDER BY id", (email,))
    return _account(row) if row else None


def account_for_owner(conn: Connection, owner_id: str) -> Account | None:
    """The workspace's owner account (the first, should there be two), if anyone signs in to it."""
    row = conn.one(
        "SELECT * FROM accounts WHERE owner_id = ? AND role = ? ORDER BY id", (owner_id, OWNER)
    )
    return _account(row) if row else None


def get_account(conn: Connection, account_id: int) -> Account | None:
    row = conn.one("SELECT * FROM accounts WHERE id = ?", (account_id,))
    return _account(row) if row else None
