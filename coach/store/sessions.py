"""Browser sessions: which signed-in visitor a cookie's token stands for, and account admin.

Only a token's hash is stored, so a copy of the database signs nobody in. A session belongs to
an owner and, unless it is a demo workspace, to the account that signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer


@dataclass(frozen=True)
class BrowserSession:
    id: int
    owner_id: str
    account_id: int | None
    last_seen: datetime
    revoked: bool
    account_disabled: bool
    client_id: int | None = None  # the client this browser last picked, not yet checked


@dataclass(frozen=True)
class AccountSummary:
    """One line of the owner's list of accounts; `name` is the account's own, or its workspace's."""

    id: int
    owner_id: str
    username: str
    name: str
    is_admin: bool
    disabled: bool
    last_sign_in: datetime | None
    role: str
    kind: str = "trainer"  # the owner kind it signs in as: "client" for a client's own account


def add_session(
    conn: Connection, token_hash: str, owner_id: str, account_id: int | None, now: datetime
) -> None:
    stamp = timestamps.to_text(now)
    conn.insert(
        "browser_sessions",
        {
            "token_hash": token_hash,
            "owner_id": owner_id,
            "account_id": account_id,
            "created": stamp,
            "last_seen": stamp,
            "revoked": 0,
        },
    )


def session_for(conn: Connection, token_hash: str) -> BrowserSession | None:
    row = conn.one(
        "SELECT s.id, s.owner_id, s.account_id, s.last_seen, s.revoked, s.client_id,"
        " COALESCE(a.disabled, 0) AS disabled"
        " FROM browser_sessions s LEFT JOIN accounts a ON a.id = s.account_id"
        " WHERE s.token_hash = ?",
        (token_hash,),
    )
    if row is None:
        return None
    return BrowserSession(
        id=row["id"],
        owner_id=row["owner_id"],
        account_id=row["account_id"],
        last_seen=timestamps.from_text(row["last_seen"]),
        revoked=bool(row["revoked"]),
        account_disabled=bool(row["disabled"]),
        client_id=row["client_id"],
    )


def touch_session(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE browser_sessions SET last_seen = ? WHERE id = ?",
        (timestamps.to_text(now), session_id),
    )


def set_session_client(conn: Connection, token_hash: str, who: Viewer, client_id: int) -> None:
    """Remember the client this browser session picked, for its next reload; raises NotFound
    for a client `who` does not see. Read back, it is checked again: access may have changed."""
    owned_row(conn, "clients", who, client_id)
    conn.execute(
        "UPDATE browser_sessions SET client_id = ? WHERE token_hash = ? AND owner_id = ?",
        (client_id, token_hash, who.owner_id),
    )


def revoke_session(conn: Connection, token_hash: str) -> None:
    conn.execute("UPDATE browser_sessions SET revoked = 1 WHERE token_hash = ?", (token_hash,))


def revoke_account_sessions(conn: Connection, account_id: int) -> int:
    """End every session of one account, on every browser; returns how many were open."""
    return conn.execute(
        "UPDATE browser_sessions SET revoked = 1 WHERE account_id = ? AND revoked = 0",
        (account_id,),
    )


def forget_stale_sessions(conn: Connection, before: datetime) -> int:
    """Delete sessions revoked or idle since before `before`: they can never sign anyone in."""
    return conn.execute(
        "DELETE FROM browser_sessions WHERE revoked = 1 OR last_seen < ?",
        (timestamps.to_text(before),),
    )


# ---------------------------------------------------------------- account admin


def _summary(row: dict[str, Any]) -> AccountSummary:
    return AccountSummary(
        id=row["id"],
        owner_id=row["owner_id"],
        username=row["username"],
        name=row["name"],
        is_admin=bool(row["is_admin"]),
        disabled=bool(row["disabled"]),
        last_sign_in=timestamps.from_text(row["last_sign_in"]) if row["last_sign_in"] else None,
        kind=row["kind"] or "trainer",
        role=row["role"],
    )


def list_accounts(conn: Connection) -> list[AccountSummary]:
    """Every account on this server, owner first: what the owner manages."""
    rows = conn.query(
        "SELECT a.id, a.owner_id, a.username, COALESCE(a.name, o.name) AS name, o.kind,"
        " a.is_admin, a.disabled, a.last_sign_in, a.role"
        " FROM accounts a JOIN owners o ON o.id = a.owner_id"
        " ORDER BY a.is_admin DESC, LOWER(a.username)"
    )
    return [_summary(r) for r in rows]


def get_account_summary(conn: Connection, account_id: int) -> AccountSummary | None:
    row = conn.one(
        "SELECT a.id, a.owner_id, a.username, COALESCE(a.name, o.name) AS name, o.kind,"
        " a.is_admin, a.disabled, a.last_sign_in, a.role"
        " FROM accounts a JOIN owners o ON o.id = a.owner_id WHERE a.id = ?",
        (account_id,),
    )
    return _summary(row) if row else None


def set_disabled(conn: Connection, account_id: int, disabled: bool) -> None:
    conn.execute("UPDATE accounts SET disabled = ? WHERE id = ?", (int(disabled), account_id))


def set_last_sign_in(conn: Connection, account_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE accounts SET last_sign_in = ? WHERE id = ?", (timestamps.to_text(now), account_id)
    )


def set_password_hash(conn: Connection, account_id: int, password_hash: str) -> None:
    """A new password also clears any reset code and lock."""
    conn.execute(
        "UPDATE accounts SET password_hash = ?, reset_hash = NULL, reset_expires = NULL,"
        " failed_attempts = 0, locked_until = NULL WHERE id = ?",
        (password_hash, account_id),
    )


def password_hash_of(conn: Connection, account_id: int) -> str | None:
    return conn.scalar("SELECT password_hash FROM accounts WHERE id = ?", (account_id,))


def set_reset_code(
    conn: Connection, account_id: int, code_hash: str | None, expires: datetime | None
) -> None:
    conn.execute(
        "UPDATE accounts SET reset_hash = ?, reset_expires = ? WHERE id = ?",
        (code_hash, timestamps.to_text(expires) if expires else None, account_id),
    )


def reset_code_of(conn: Connection, username: str) -> tuple[int, str, datetime] | None:
    """(account id, code hash, expiry) of a username's open reset code, if any."""
    row = conn.one(
        "SELECT id, reset_hash, reset_expires FROM accounts"
        " WHERE username = ? AND reset_hash IS NOT NULL",
        (username,),
    )
    if row is None:
        return None
    return row["id"], row["reset_hash"], timestamps.from_text(row["reset_expires"])
