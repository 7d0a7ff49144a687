"""Export everything an owner holds (or one client) as a zip, and import it into a workspace.

The zip holds one CSV per kind of record, for people and spreadsheets (formulas neutralised),
and `backcoach.json`, the complete copy that import reads. Ids are not exported: an import
creates fresh ones, so two workspaces never share them.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

import pandas as pd
from sqlite_utils import Database

from coach import store
from coach.errors import ImportRejected
from coach.exports import to_csv
from coach.logbook import LogEntry
from coach.profiles import Profile

FORMAT = "backcoach-export"
VERSION = 1
CHILD_TABLES = ("log_entries", "triages", "form_checks", "warmups", "intakes")
PRIVATE = {"id", "owner_id", "client_id", "plan_id"}
PROFILE_FIELDS = ("name", "age", "background", "sex", "training_days", "goals", "notes")
MAX_ZIP_BYTES = 50 * 1024 * 1024


def _rows(db: Database, table: str, where: str, params: list) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k not in PRIVATE}
        for row in db[table].rows_where(where, params, order_by="id")
    ]


def export_data(db: Database, owner_id: str, client_id: int | None = None) -> dict[str, Any]:
    """Everything the owner holds (or one client's records) as plain JSON-ready data."""
    clients = (
        [store.get_client(db, owner_id, client_id)]
        if client_id is not None
        else store.list_clients(db, owner_id, include_archived=True)
    )
    out = []
    for client in clients:
        where, params = "owner_id = ? AND client_id = ?", [owner_id, client.id]
        record = {f: getattr(client, f) for f in PROFILE_FIELDS}
        record["training_days"] = list(client.training_days)
        record |= {"archived": client.archived, "created": client.created}
        for table in CHILD_TABLES:
            record[table] = _rows(db, table, where, params)
        record["plans"] = []
        for plan in db["plans"].rows_where(where, params, order_by="id"):
            done = _rows(db, "plan_sessions_done", "plan_id = ?", [plan["id"]])
            record["plans"].append(
                {**{k: v for k, v in plan.items() if k not in PRIVATE}, "done": done}
            )
        out.append(record)
    return {"format": FORMAT, "version": VERSION, "clients": out}


def export_zip(db: Database, owner_id: str, client_id: int | None = None) -> bytes:
    data = export_data(db, owner_id, client_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backcoach.json", json.dumps(data, indent=1, ensure_ascii=False))
        profiles = [
            {k: v for k, v in c.items() if k not in (*CHILD_TABLES, "plans")}
            for c in data["clients"]
        ]
        archive.writestr("clients.csv", to_csv(pd.DataFrame(profiles)))
        for table in (*CHILD_TABLES, "plans"):
            rows = [{"client": c["name"], **r} for c in data["clients"] for r in c[table]]
            for row in rows:
                row.pop("done", None)
            archive.writestr(f"{table}.csv", to_csv(pd.DataFrame(rows)))
    return buffer.getvalue()


def read_zip(payload: bytes) -> dict[str, Any]:
    """Open an export and check its shape; raises ImportRejected with what is wrong."""
    if len(payload) > MAX_ZIP_BYTES:
        raise ImportRejected([f"the file is larger than {MAX_ZIP_BYTES // (1024 * 1024)} MB"])
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            data = json.loads(archive.read("backcoach.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError):
        raise ImportRejected(["not a Back Coach export (a zip with backcoach.json)"]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ImportRejected(["not a Back Coach export of a version this app reads"])
    return data


def import_data(db: Database, owner_id: str, data: dict[str, Any]) -> int:
    """Add every client in an export to this owner, all or nothing; returns clients added."""
    problems: list[str] = []
    try:
        with store.transaction(db):
            for n, record in enumerate(data["clients"], start=1):
                try:
                    profile = Profile(
                        **{
                            **{f: record[f] for f in PROFILE_FIELDS},
                            "training_days": tuple(record["training_days"]),
                        }
                    )
                    for row in record["log_entries"]:
                        LogEntry.from_row(row)
                except (KeyError, TypeError, ValueError) as e:
                    problems.append(f"client {n}: {e}")
                    continue
                client = store.add_client(db, owner_id, profile)
                db["clients"].update(
                    client.id, {"archived": int(record["archived"]), "created": record["created"]}
                )
                ids = {"owner_id": owner_id, "client_id": client.id}
                for table in CHILD_TABLES:
                    db[table].insert_all([{**row, **ids} for row in record[table]])
                for plan in record["plans"]:
                    row = {k: v for k, v in plan.items() if k != "done"}
                    plan_id = db["plans"].insert({**row, **ids}).last_pk
                    db["plan_sessions_done"].insert_all(
                        [{**d, "owner_id": owner_id, "plan_id": plan_id} for d in plan["done"]]
                    )
            if problems:
                raise ImportRejected(problems)
    except (KeyError, TypeError) as e:
        raise ImportRejected([f"the export is incomplete: {e}"]) from None
    return len(data["clients"])


def exported_at(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("backcoach-export-%Y%m%d-%H%M.zip")
