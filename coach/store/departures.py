"""A client losing their record: the link ends, and a copy of their data stays for them.

When a trainer (or the workspace's owner) unlinks a client's account, or deletes the record it
reaches or the whole workspace, and when the client unlinks themselves, the same transaction
keeps the client's own export (what My data downloads) for the client's account. The copy
belongs to the client's own workspace (kind "client"), never to the trainer's: erasing the
record or the trainer's workspace leaves it, and the client removes it ("Delete this copy", or
deleting their own account), scrubbed like any erasure. An account is linked once, so it holds
at most one copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from coach import timestamps
from coach.store.client_accounts import ClientLink
from coach.store.connection import Connection
from coach.store.viewer import CLIENT, Viewer, scope

# Why a copy was kept: what the client's screen says happened.
TRAINER_UNLINKED = "trainer_unlinked"
RECORD_DELETED = "record_deleted"
SELF_UNLINKED = "self_unlinked"
REASONS = (TRAINER_UNLINKED, RECORD_DELETED, SELF_UNLINKED)

# The client's copy of one record, made by `coach.portability` (the store holds no file format).
MakeCopy = Callable[[Connection, Viewer, int], bytes]


@dataclass(frozen=True)
class Farewell:
    """What a departure needs to keep the client's copy: how to make it, and the time now."""

    make: MakeCopy
    now: datetime


@dataclass(frozen=True)
class KeptCopy:
    """The copy kept for a client's account: when and why (its bytes are read apart)."""

    account_id: int
    made: datetime
    reason: str


def _links(conn: Connection, where: str, params: tuple) -> list[ClientLink]:
    rows = conn.query(f"SELECT * FROM client_accounts WHERE {where} ORDER BY id", params)
    return [
        ClientLink(
            r["account_id"], r["owner_id"], r["client_id"], timestamps.from_text(r["created"])
        )
        for r in rows
    ]


def _keep(conn: Connection, links: list[ClientLink], reason: str, farewell: Farewell) -> None:
    """Store each linked client's copy, made now as the client themselves would see it."""
    for link in links:
        data = farewell.make(conn, Viewer(link.owner_id, link.account_id, CLIENT), link.client_id)
        own = conn.scalar("SELECT owner_id FROM accounts WHERE id = ?", (link.account_id,))
        conn.execute("DELETE FROM kept_copies WHERE account_id = ?", (link.account_id,))
        conn.insert(
            "kept_copies",
            {
                "owner_id": own,
                "account_id": link.account_id,
                "made": timestamps.to_text(farewell.now),
                "reason": reason,
                "data": data,
            },
        )


def keep_before_erasing_client(
    conn: Connection, owner_id: str, client_id: int, farewell: Farewell
) -> None:
    """Inside an erasure's transaction: the copy for the account linked to this record."""
    links = _links(conn, "owner_id = ? AND client_id = ?", (owner_id, client_id))
    _keep(conn, links, RECORD_DELETED, farewell)


def keep_before_erasing_owner(conn: Connection, owner_id: str, farewell: Farewell) -> None:
    """Inside an erasure's transaction: copies for every account linked into this workspace."""
    _keep(conn, _links(conn, "owner_id = ?", (owner_id,)), RECORD_DELETED, farewell)


def unlink_client(conn: Connection, who: Viewer, client_id: int, farewell: Farewell) -> bool:
    """The trainer ends a client's access; the record stays, and the client keeps a copy.
    True when there was a link."""
    condition, params = scope(who)
    with conn.transaction():
        links = _links(conn, f"{condition} AND client_id = ?", (*params, client_id))
        _keep(conn, links, TRAINER_UNLINKED, farewell)
        return bool(
            conn.execute(
                f"DELETE FROM client_accounts WHERE {condition} AND client_id = ?",
                (*params, client_id),
            )
        )


def unlink_account(conn: Connection, account_id: int, farewell: Farewell) -> bool:
    """The client ends their own access; the trainer's record stays, the client keeps a copy."""
    with conn.transaction():
        _keep(conn, _links(conn, "account_id = ?", (account_id,)), SELF_UNLINKED, farewell)
        return bool(conn.execute("DELETE FROM client_accounts WHERE account_id = ?", (account_id,)))


def kept_copy(conn: Connection, account_id: int | None) -> KeptCopy | None:
    """The copy kept for this account, if any (without its bytes)."""
    if account_id is None:
        return None
    row = conn.one(
        "SELECT account_id, made, reason FROM kept_copies WHERE account_id = ?",
        (account_id,),
    )
    if row is None:
        return None
    return KeptCopy(row["account_id"], timestamps.from_text(row["made"]), row["reason"])


def kept_copy_data(conn: Connection, account_id: int) -> bytes | None:
    """The kept copy's bytes: the zip the client downloads."""
    data = conn.scalar("SELECT data FROM kept_copies WHERE account_id = ?", (account_id,))
    return None if data is None else bytes(data)
