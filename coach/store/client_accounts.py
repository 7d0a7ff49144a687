"""Clients who check in for themselves: invitations, the account linked to a client record,
and when a trainer last looked at each client on the roster.

A client's account signs in as an owner of its own (kind "client") that holds no rows; the
link row names the trainer's owner and the one client record the account may reach. Only a
code's hash is stored, so the database alone redeems no invitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.errors import NotFound
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.viewer import Viewer, scope


@dataclass(frozen=True)
class Invitation:
    """One invitation as the trainer sees it; the code itself is never stored."""

    id: int
    client_id: int
    created: datetime
    expires: datetime
    revoked: bool
    redeemed: datetime | None

    def open_at(self, now: datetime) -> bool:
        """Still redeemable at `now`: not revoked, not used, not expired."""
        return not self.revoked and self.redeemed is None and now <= self.expires


@dataclass(frozen=True)
class InvitationTarget:
    """Whose invitation a code is: found by the code's hash alone, as the code is the key."""

    invitation: Invitation
    owner_id: str


@dataclass(frozen=True)
class ClientLink:
    """The one client record an account may reach, in the trainer's workspace."""

    account_id: int
    owner_id: str
    client_id: int
    created: datetime


@dataclass(frozen=True)
class LinkedAccount:
    """The person account linked to a client, as the trainer sees it."""

    account_id: int
    username: str
    created: datetime


def _invitation(row: dict[str, Any]) -> Invitation:
    return Invitation(
        id=row["id"],
        client_id=row["client_id"],
        created=timestamps.from_text(row["created"]),
        expires=timestamps.from_text(row["expires"]),
        revoked=bool(row["revoked"]),
        redeemed=timestamps.from_text(row["redeemed"]) if row["redeemed"] else None,
    )


# ---------------------------------------------------------------- invitations


def add_invitation(
    conn: Connection,
    who: Viewer,
    client_id: int,
    code_hash: str,
    now: datetime,
    expires: datetime,
) -> Invitation:
    """Store a new invitation for a client `who` sees; raises NotFound for any other."""
    get_client(conn, who, client_id)
    invitation_id = conn.insert(
        "invitations",
        {
            "owner_id": who.owner_id,
            "client_id": client_id,
            "code_hash": code_hash,
            "created": timestamps.to_text(now),
            "expires": timestamps.to_text(expires),
            "revoked": 0,
        },
    )
    return _invitation(conn.one("SELECT * FROM invitations WHERE id = ?", (invitation_id,)))


def list_invitations(conn: Connection, who: Viewer, client_id: int) -> list[Invitation]:
    """A client's invitations, newest first."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT * FROM invitations WHERE {condition} AND client_id = ?"
        " ORDER BY created DESC, id DESC",
        (*params, client_id),
    )
    return [_invitation(r) for r in rows]


def revoke_invitation(conn: Connection, who: Viewer, invitation_id: int) -> None:
    """Revoke one invitation of a client `who` sees; NotFound for any other id."""
    condition, params = scope(who)
    changed = conn.execute(
        f"UPDATE invitations SET revoked = 1 WHERE id = ? AND {condition}",
        (invitation_id, *params),
    )
    if not changed:
        raise NotFound("invitation")


def revoke_open_invitations(conn: Connection, who: Viewer, client_id: int) -> int:
    """Revoke every unused invitation of a client; returns how many."""
    condition, params = scope(who)
    return conn.execute(
        "UPDATE invitations SET revoked = 1"
        f" WHERE {condition} AND client_id = ? AND revoked = 0 AND redeemed IS NULL",
        (*params, client_id),
    )


def invitation_for_code(conn: Connection, code_hash: str) -> InvitationTarget | None:
    row = conn.one("SELECT * FROM invitations WHERE code_hash = ?", (code_hash,))
    return InvitationTarget(_invitation(row), row["owner_id"]) if row else None


def use_invitation(conn: Connection, invitation_id: int, now: datetime) -> bool:
    """Mark an invitation used, only if it still is open: one UPDATE, so it is used once even
    when two phones redeem it at the same moment. True when this call used it."""
    changed = conn.execute(
        "UPDATE invitations SET redeemed = ?"
        " WHERE id = ? AND revoked = 0 AND redeemed IS NULL AND expires >= ?",
        (timestamps.to_text(now), invitation_id, timestamps.to_text(now)),
    )
    return changed == 1


# ---------------------------------------------------------------- links


def link_client(
    conn: Connection, who: Viewer, client_id: int, account_id: int, now: datetime
) -> ClientLink:
    """Link an account to a client `who` sees; the unique indexes refuse a second link."""
    get_client(conn, who, client_id)
    conn.insert(
        "client_accounts",
        {
            "account_id": account_id,
            "owner_id": who.owner_id,
            "client_id": client_id,
            "created": timestamps.to_text(now),
        },
    )
    return ClientLink(account_id, who.owner_id, client_id, timestamps.from_text(now))


def client_link(conn: Connection, account_id: int | None) -> ClientLink | None:
    """The client record this account may reach, or None (never linked, or unlinked)."""
    if account_id is None:
        return None
    row = conn.one("SELECT * FROM client_accounts WHERE account_id = ?", (account_id,))
    if row is None:
        return None
    return ClientLink(
        row["account_id"], row["owner_id"], row["client_id"], timestamps.from_text(row["created"])
    )


def linked_account(conn: Connection, who: Viewer, client_id: int) -> LinkedAccount | None:
    """The person account linked to a client `who` sees, if any."""
    condition, params = scope(who, "id")
    row = conn.one(
        "SELECT a.id, a.username, l.created FROM client_accounts l"
        " JOIN accounts a ON a.id = l.account_id WHERE l.client_id = ?"
        f" AND l.client_id IN (SELECT id FROM clients WHERE {condition})",
        (client_id, *params),
    )
    if row is None:
        return None
    return LinkedAccount(row["id"], row["username"], timestamps.from_text(row["created"]))


# ---------------------------------------------------------------- what the trainer has seen


def mark_seen(conn: Connection, who: Viewer, client_id: int, viewer: int, now: datetime) -> None:
    """Remember when this viewer (an account id, 0 for a workspace without accounts) last
    looked at a client `who` sees."""
    get_client(conn, who, client_id)
    conn.execute(
        "INSERT INTO roster_seen (owner_id, client_id, viewer, seen) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (owner_id, client_id, viewer) DO UPDATE SET seen = excluded.seen",
        (who.owner_id, client_id, viewer, timestamps.to_text(now)),
    )


def seen_per_client(conn: Connection, who: Viewer, viewer: int) -> dict[int, datetime]:
    """When this viewer last looked at each client `who` sees."""
    condition, params = scope(who)
    rows = conn.query(
        f"SELECT client_id, seen FROM roster_seen WHERE {condition} AND viewer = ?",
        (*params, viewer),
    )
    return {r["client_id"]: timestamps.from_text(r["seen"]) for r in rows}
