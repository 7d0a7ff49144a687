"""A workspace's team: who a signed-in account is there, and which clients each trainer sees.

The model is described in `coach.store.viewer`. Only the workspace's owner assigns; an
assignment names a client and a trainer account of that same workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.errors import NotFound
from coach.store import history
from coach.store.clients import get_client
from coach.store.connection import Connection
from coach.store.viewer import TRAINER, Viewer


@dataclass(frozen=True)
class Trainer:
    """A trainer account of the workspace, as the owner's assignment control lists it."""

    account_id: int
    username: str
    name: str
    disabled: bool


def viewer_for(conn: Connection, owner_id: str, account_id: int | None) -> Viewer:
    """Who is asking, for a signed-in account (its role read afresh on every page) or for a
    workspace nobody signs in to; raises NotFound when the account is not of this workspace."""
    if account_id is None:
        return Viewer(owner_id)
    role = conn.scalar(
        "SELECT role FROM accounts WHERE id = ? AND owner_id = ?", (account_id, owner_id)
    )
    if role is None:
        raise NotFound("account")
    return Viewer(owner_id, account_id, role)


def signer_name(conn: Connection, who: Viewer) -> str:
    """The name `who` signs with: their account's own name, else the workspace's."""
    return (
        conn.scalar(
            "SELECT COALESCE(a.name, o.name) FROM owners o"
            " LEFT JOIN accounts a ON a.id = ? AND a.owner_id = o.id WHERE o.id = ?",
            (who.account_id, who.owner_id),
        )
        or ""
    )


def trainers(conn: Connection, who: Viewer) -> list[Trainer]:
    """The workspace's trainer accounts by name: what the owner assigns clients to."""
    if not who.sees_all:
        return []
    rows = conn.query(
        "SELECT a.id, a.username, COALESCE(a.name, a.username) AS name, a.disabled"
        " FROM accounts a WHERE a.owner_id = ? AND a.role = ? ORDER BY LOWER(a.username)",
        (who.owner_id, TRAINER),
    )
    return [
        Trainer(
            account_id=r["id"],
            username=r["username"],
            name=r["name"],
            disabled=bool(r["disabled"]),
        )
        for r in rows
    ]


def assigned_trainers(conn: Connection, who: Viewer, client_id: int) -> set[int]:
    """The trainer accounts a client of the workspace is assigned to."""
    get_client(conn, who, client_id)
    rows = conn.query(
        "SELECT account_id FROM assignments WHERE owner_id = ? AND client_id = ?",
        (who.owner_id, client_id),
    )
    return {r["account_id"] for r in rows}


def trainer_unassigned(conn: Connection, who: Viewer, client_id: int) -> bool:
    """A client once assigned to a trainer who now has none: the workspace's owner alone sees
    them (a client the owner never assigned has their owner as trainer, so this is False)."""
    get_client(conn, who, client_id)
    assigned = conn.scalar(
        "SELECT COUNT(*) FROM assignments WHERE owner_id = ? AND client_id = ?",
        (who.owner_id, client_id),
    )
    if assigned:
        return False
    changed = conn.scalar(
        "SELECT COUNT(*) FROM client_history WHERE owner_id = ? AND client_id = ? AND action = ?",
        (who.owner_id, client_id, history.ASSIGNED),
    )
    return bool(changed)


def set_assignments(
    conn: Connection, who: Viewer, client_id: int, account_ids: set[int], now: datetime
) -> None:
    """Make exactly `account_ids` the trainers who see this client: the owner's decision only.

    Raises NotFound for a viewer who is not the owner, a client outside the workspace or an
    account that is not one of its trainers; then nothing changes.
    """
    if not who.sees_all:
        raise NotFound("client")
    get_client(conn, who, client_id)
    known = {t.account_id: t.name for t in trainers(conn, who)}
    if account_ids - known.keys():
        raise NotFound("account")
    with conn.transaction():
        current = assigned_trainers(conn, who, client_id)
        for account_id in sorted(current - account_ids):
            conn.execute(
                "DELETE FROM assignments WHERE owner_id = ? AND client_id = ? AND account_id = ?",
                (who.owner_id, client_id, account_id),
            )
        for account_id in sorted(account_ids - current):
            conn.insert(
                "assignments",
                {"owner_id": who.owner_id, "client_id": client_id, "account_id": account_id},
            )
        names = ", ".join(sorted(known[a] for a in account_ids))
        history.record_change(conn, who, client_id, history.ASSIGNED, names, now=now)


def remove_trainer(conn: Connection, owner_id: str, account_id: int) -> None:
    """Remove a trainer from the workspace: their account, sessions and assignments; the clients
    stay with the workspace and its owner."""
    with conn.transaction():
        for table in ("assignments", "browser_sessions"):
            conn.execute(
                f"DELETE FROM {table} WHERE owner_id = ? AND account_id = ?", (owner_id, account_id)
            )
        conn.execute(
            "DELETE FROM accounts WHERE owner_id = ? AND id = ? AND role = ?",
            (owner_id, account_id, TRAINER),
        )
