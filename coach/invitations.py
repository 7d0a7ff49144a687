"""Invitations: a trainer lets one client check in for themselves on their own phone.

The trainer makes an invitation for a client record: a one-time code, shown once and kept only
as a hash, that works for `rules().valid_days` days and can be revoked. Redeeming it creates a
person account (kind "client", the same username and password rules as every account) linked
to exactly that record; a record has at most one linked account, and the trainer can unlink it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from coach import accounts, store
from coach.content import load
from coach.errors import InvalidInput
from coach.store import Account, Connection, Invitation, InvitationTarget, Viewer

CLIENT_KIND = "client"
# The start page's query parameter that carries a code: `?invite=CODE`.
INVITE_PARAMETER = "invite"
REFUSED = "invitation: unknown, already used, revoked or expired; ask your trainer for a new one"


@dataclass(frozen=True)
class InvitationRules:
    valid_days: int


@cache
def rules() -> InvitationRules:
    """The shipped numbers from `data/invitations.toml`."""
    return load("invitations.toml", InvitationRules)


@dataclass(frozen=True)
class NewInvitation:
    """An invitation just made: `code` is shown to the trainer this once and never stored."""

    code: str
    invitation: Invitation

    def link(self, base_url: str) -> str:
        """The start page's address with the code, for the trainer to send."""
        return f"{base_url.rstrip('/')}/?{INVITE_PARAMETER}={self.code}"


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def _new_code() -> str:
    """72 random bits in three groups a client can type on a phone."""
    return "-".join(secrets.token_hex(3) for _ in range(3))


def invite(conn: Connection, who: Viewer, client_id: int, now: datetime) -> NewInvitation:
    """A new invitation for a client `who` sees; earlier unused ones stop working.

    Raises InvalidInput when the client already has an account (unlink it first), NotFound for
    any other client.
    """
    store.get_client(conn, who, client_id)
    if store.linked_account(conn, who, client_id) is not None:
        raise InvalidInput("invitation: this client already has an account; unlink it first")
    code = _new_code()
    with conn.transaction():
        store.revoke_open_invitations(conn, who, client_id)
        made = store.add_invitation(
            conn, who, client_id, _hash(code), now, now + timedelta(days=rules().valid_days)
        )
    return NewInvitation(code, made)


def check_open(conn: Connection, code: str, now: datetime) -> InvitationTarget:
    """The invitation a code opens, without using it; raises InvalidInput with REFUSED for a
    code that is unknown, used, revoked or expired."""
    found = store.invitation_for_code(conn, _hash(code)) if code.strip() else None
    if found is None or not found.invitation.open_at(now):
        raise InvalidInput(REFUSED)
    return found


def _redeem(
    conn: Connection, code: str, now: datetime, make_account: Callable[[], Account]
) -> Account:
    """Use the code and link the account `make_account` creates: all of it or nothing."""
    found = check_open(conn, code, now)
    # The invitation speaks for the workspace that made it, for this one client.
    workspace, client_id = store.Viewer(found.owner_id), found.invitation.client_id
    with conn.transaction():
        if store.linked_account(conn, workspace, client_id) is not None:
            raise InvalidInput(REFUSED)
        if not store.use_invitation(conn, found.invitation.id, now):
            raise InvalidInput(REFUSED)
        account = make_account()
        store.link_client(conn, workspace, client_id, account.id, now)
    return account


def redeem(
    conn: Connection, code: str, username: str, password: str, name: str, now: datetime
) -> Account:
    """Create the client's account and link it to the invited record: all of it or nothing.

    Raises InvalidInput with REFUSED for a code that is unknown, used, revoked or expired, or
    whose client already has an account; naming the field for a bad username or password.
    """
    return _redeem(
        conn,
        code,
        now,
        lambda: accounts.new_account(conn, username, password, name, CLIENT_KIND, "", False, now),
    )


def redeem_with_organisation(
    conn: Connection, code: str, email: str, name: str, now: datetime
) -> Account:
    """The same, for a client who signed in through their organisation: the account has the
    verified `email` and no password. Raises InvalidInput as `redeem` does, and when another
    account already uses the e-mail."""
    return _redeem(
        conn,
        code,
        now,
        lambda: accounts.new_organisation_account(conn, email, name, CLIENT_KIND, now),
    )
