"""Client profiles: add, read, edit, archive and search, always as one viewer sees them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coach import timestamps
from coach.errors import NotFound
from coach.profiles import Client, Profile
from coach.store import history
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import CLIENT, TRAINER, Viewer, scope

_SEARCHED = ("name", "goals", "notes")


def _profile_row(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "age": profile.age,
        "background": profile.background,
        "sex": profile.sex,
        "training_days": ",".join(profile.training_days),
        "goals": profile.goals,
        "notes": profile.notes,
    }


def _client(row: dict[str, Any]) -> Client:
    return Client(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        age=row["age"],
        background=row["background"],
        sex=row["sex"] or "",  # older rows hold NULL for the optional text
        training_days=tuple(d for d in (row["training_days"] or "").split(",") if d),
        goals=row["goals"] or "",
        notes=row["notes"] or "",
        archived=bool(row["archived"]),
        created=timestamps.from_text(row["created"]) if row["created"] else None,
    )


def add_client(conn: Connection, who: Viewer, profile: Profile, now: datetime) -> Client:
    """A new client of the workspace; a trainer's new client is assigned to them. A client's own
    account adds none (NotFound, as for any workspace it does not run)."""
    if who.role == CLIENT:
        raise NotFound("workspace")
    row = {
        **_profile_row(profile),
        "owner_id": who.owner_id,
        "archived": 0,
        "created": timestamps.to_text(now),
    }
    with conn.transaction():
        client_id = conn.insert("clients", row)
        if who.role == TRAINER:
            conn.insert(
                "assignments",
                {"owner_id": who.owner_id, "client_id": client_id, "account_id": who.account_id},
            )
        history.record_change(conn, who, client_id, history.ADDED, now=now)
    return get_client(conn, who, client_id)


def get_client(conn: Connection, who: Viewer, client_id: int) -> Client:
    """One client `who` may see; raises NotFound for any other client."""
    return _client(owned_row(conn, "clients", who, client_id))


def update_client(
    conn: Connection, who: Viewer, client_id: int, profile: Profile, now: datetime
) -> Client:
    get_client(conn, who, client_id)
    row = _profile_row(profile)
    with conn.transaction():
        conn.execute(
            f"UPDATE clients SET {', '.join(f'{k} = ?' for k in row)}"
            " WHERE id = ? AND owner_id = ?",
            (*row.values(), client_id, who.owner_id),
        )
        history.record_change(conn, who, client_id, history.PROFILE_EDITED, now=now)
    return get_client(conn, who, client_id)


def set_archived(
    conn: Connection, who: Viewer, client_id: int, archived: bool, now: datetime
) -> None:
    get_client(conn, who, client_id)
    with conn.transaction():
        conn.execute(
            "UPDATE clients SET archived = ? WHERE id = ? AND owner_id = ?",
            (int(archived), client_id, who.owner_id),
        )
        action = history.ARCHIVED if archived else history.RESTORED
        history.record_change(conn, who, client_id, action, now=now)


def client_names(conn: Connection, who: Viewer) -> dict[int, str]:
    """Active clients' ids and names in name order: all a picker needs, cheap at any roster size."""
    condition, params = scope(who, "id")
    rows = conn.query(
        f"SELECT id, name FROM clients WHERE {condition} AND archived = 0 ORDER BY LOWER(name), id",
        params,
    )
    return {r["id"]: r["name"] for r in rows}


def list_clients(
    conn: Connection, who: Viewer, search: str = "", include_archived: bool = False
) -> list[Client]:
    """The clients `who` sees, in name order; `search` matches name, goals or notes literally."""
    condition, params = scope(who, "id")
    sql = f"SELECT * FROM clients WHERE {condition}"
    if not include_archived:
        sql += " AND archived = 0"
    if search.strip():
        sql += " AND (" + " OR ".join(f"LOWER({c}) LIKE LOWER(?) ESCAPE '\\'" for c in _SEARCHED)
        sql += ")"
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [f"%{escaped}%"] * len(_SEARCHED)
    rows = conn.query(sql + " ORDER BY LOWER(name), id", params)
    return [_client(r) for r in rows]
