"""Export everything an owner holds (or one client) as a zip, and import it into a workspace.

The zip holds one CSV per kind of record, for people and spreadsheets (formulas neutralised),
and `backcoach.json`, the complete copy that import reads. Ids are not exported: an import
creates fresh ones, so two workspaces never share them. The rows come from and go to
`coach.store.portability`; this module holds the file format.
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
import zlib
from datetime import datetime
from typing import Any

import pandas as pd

from coach import import_rows, store, timestamps
from coach.errors import ImportRejected, InvalidInput
from coach.exports import to_csv
from coach.profiles import Client
from coach.store import Connection, Viewer

FORMAT = "backcoach-export"
VERSION = 1
CHILD_TABLES = ("log_entries", "triages", "form_checks", "warmups", "intakes")
PROFILE_FIELDS = ("name", "age", "background", "sex", "training_days", "goals", "notes")
MIB = 1024 * 1024
# An export unpacks to about ten times its zip; these bound what one import may hold in memory
# (the file, the zip's member list, the JSON text and the parsed values) to well under 100 MiB.
MAX_ZIP_BYTES = 4 * MIB
MAX_JSON_BYTES = 8 * MIB
MAX_JSON_VALUES = 800_000
READ_CHUNK = 64 * 1024
MAX_PROBLEMS = 20
MEMBERS = frozenset({"backcoach.json", *(f"{t}.csv" for t in ("clients", *CHILD_TABLES, "plans"))})
# Clips of a client's lifts travel as files of their own; an import leaves them out (a clip is
# attached again from the form check), so their bytes are never read.
CLIP_MEMBER = re.compile(r"clips/\d+-\d+\.(mp4|mov|webm)")
CLIP_SUFFIX = {"video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm"}
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst")
TOO_BIG = "export and import fewer clients at a time (one client per zip, say)"
# One import at a time per server: each may hold tens of MiB while it runs.
_IMPORTING = threading.Lock()
IMPORT_WAIT_SECONDS = 30


def _clients(conn: Connection, who: Viewer, client_id: int | None) -> list[Client]:
    if client_id is not None:
        return [store.get_client(conn, who, client_id)]
    return store.list_clients(conn, who, include_archived=True)


def _clips(
    conn: Connection, who: Viewer, client_id: int, n: int
) -> list[tuple[dict[str, Any], int]]:
    """(what the export says of each clip of the `n`th client, the clip's id to read it by)."""
    return [
        (
            {
                "ts": timestamps.to_text(clip.ts),
                "exercise_id": clip.exercise_id,
                "filename": clip.filename,
                "mime": clip.mime,
                "size": clip.size,
                "file": f"clips/{n}-{i}{CLIP_SUFFIX[clip.mime]}",
            },
            clip.id,
        )
        for i, clip in enumerate(store.list_clips(conn, who, client_id), start=1)
    ]


def export_data(
    conn: Connection, who: Viewer, client_id: int | None = None, private_notes: bool = True
) -> dict[str, Any]:
    """Everything `who` sees (or one client's records) as plain JSON-ready data.

    Without `private_notes` (a client's copy of their own record) the trainer's notes on the
    profile are left empty."""
    out = []
    for n, client in enumerate(_clients(conn, who, client_id), start=1):
        record = {f: getattr(client, f) for f in PROFILE_FIELDS}
        if not private_notes:
            record["notes"] = ""
        record["training_days"] = list(client.training_days)
        created = timestamps.to_text(client.created) if client.created else None
        record |= {"archived": client.archived, "created": created}
        record |= store.client_records(conn, who, client.id)
        record["form_clips"] = [meta for meta, _ in _clips(conn, who, client.id, n)]
        out.append(record)
    return {"format": FORMAT, "version": VERSION, "clients": out}


def export_zip(
    conn: Connection,
    who: Viewer,
    client_id: int | None = None,
    private_notes: bool = True,
    clip_files: bool = True,
) -> bytes:
    """The export; without `clip_files` the clips are listed in backcoach.json but their videos
    are left out (an import never reads them)."""
    data = export_data(conn, who, client_id, private_notes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backcoach.json", json.dumps(data, indent=1, ensure_ascii=False))
        # The CSV is for people: days read "Mon, Wed, Fri", not a Python list. Import reads
        # backcoach.json, where they stay a list.
        profiles = [
            {k: v for k, v in c.items() if k not in (*CHILD_TABLES, "plans", "form_clips")}
            | {"training_days": ", ".join(c["training_days"])}
            for c in data["clients"]
        ]
        archive.writestr("clients.csv", to_csv(pd.DataFrame(profiles)))
        for table in (*CHILD_TABLES, "plans"):
            rows = [{"client": c["name"], **r} for c in data["clients"] for r in c[table]]
            for row in rows:
                row.pop("done", None)
            archive.writestr(f"{table}.csv", to_csv(pd.DataFrame(rows)))
        for n, client in enumerate(_clients(conn, who, client_id) if clip_files else [], 1):
            for meta, clip_id in _clips(conn, who, client.id, n):
                body = store.clip_data(conn, who, clip_id)
                archive.writestr(meta["file"], body, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def client_copy(conn: Connection, who: Viewer, client_id: int) -> bytes:
    """A client's own copy of their record: what My data downloads (without the trainer's
    private notes)."""
    return export_zip(conn, who, client_id, private_notes=False)


def kept_copy(conn: Connection, who: Viewer, client_id: int) -> bytes:
    """The copy kept for a client who loses their record: My data's, without the videos.

    It is stored in the database for as long as the client wants it, so it must stay small:
    a record's rows are bounded, its clips (up to 50 MB each, any number) are not."""
    return export_zip(conn, who, client_id, private_notes=False, clip_files=False)


def farewell(now: datetime) -> store.Farewell:
    """What an unlink or an erasure needs to keep a linked client's copy (`store.departures`)."""
    return store.Farewell(kept_copy, now)


def _check_members(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The backcoach.json member, after refusing anything an export never holds."""
    seen: set[str] = set()
    for info in archive.infolist():
        name = info.filename
        if name.lower().endswith(ARCHIVE_SUFFIXES):
            raise ImportRejected(
                [f"the zip holds another archive ({name}); import the export itself"]
            )
        if CLIP_MEMBER.fullmatch(name):
            continue
        if name not in MEMBERS:
            raise ImportRejected([f"{name!r} does not belong in a Back Coach export"])
        if name in seen:
            raise ImportRejected([f"the zip holds {name} twice"])
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ImportRejected([f"{name} is password-protected"])
        if info.file_size > MAX_JSON_BYTES:
            raise ImportRejected(
                [f"{name} unpacks to more than {MAX_JSON_BYTES // MIB} MB; {TOO_BIG}"]
            )
    if "backcoach.json" not in seen:
        raise ImportRejected(["not a Back Coach export (a zip with backcoach.json)"])
    return archive.getinfo("backcoach.json")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytearray:
    """Unpack one member in chunks, stopping past the cap whatever size the zip declares."""
    out = bytearray()
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK):
            out += chunk
            if len(out) > MAX_JSON_BYTES:
                raise ImportRejected(
                    [f"{info.filename} unpacks to more than {MAX_JSON_BYTES // MIB} MB; {TOO_BIG}"]
                )
    return out


def _parse_json(raw: bytearray) -> Any:
    """Parse after counting values: a few bytes of `{},` each become a 64-byte object."""
    values = raw.count(b",") + raw.count(b":") + raw.count(b"[") + raw.count(b"{") + 1
    if values > MAX_JSON_VALUES:
        raise ImportRejected(
            [f"backcoach.json holds more than {MAX_JSON_VALUES:,} values; {TOO_BIG}"]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRejected(["backcoach.json is not UTF-8 text"]) from None
    raw.clear()
    try:
        return json.loads(text)
    except RecursionError:
        raise ImportRejected(["backcoach.json is nested too deeply to be an export"]) from None
    except ValueError:
        raise ImportRejected(["backcoach.json is not readable JSON"]) from None


def read_zip(payload: bytes) -> dict[str, Any]:
    """Open an export and check its shape; raises ImportRejected with what is wrong.

    Memory stays bounded whatever the file: the zip's size, each member's declared size, the
    bytes actually unpacked and the number of JSON values are all capped before they are held.
    """
    if len(payload) > MAX_ZIP_BYTES:
        raise ImportRejected([f"the file is larger than {MAX_ZIP_BYTES // MIB} MB; {TOO_BIG}"])
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            raw = _read_capped(archive, _check_members(archive))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise ImportRejected(["not a Back Coach export, or the zip is damaged"]) from None
    data = _parse_json(raw)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ImportRejected(["not a Back Coach export of a version this app reads"])
    return data


def import_zip(conn: Connection, who: Viewer, payload: bytes, now: datetime) -> int:
    """Read and import an export zip, one import per server at a time; returns clients added."""
    if not _IMPORTING.acquire(timeout=IMPORT_WAIT_SECONDS):
        raise ImportRejected(["another import is running on this server; try again in a minute"])
    try:
        return import_data(conn, who, read_zip(payload), now)
    finally:
        _IMPORTING.release()


def import_data(conn: Connection, who: Viewer, data: dict[str, Any], now: datetime) -> int:
    """Add every client in an export to the workspace, all or nothing; returns clients added.

    Every row is checked first, through the domain types typed input goes through
    (`coach.import_rows`); a refusal names the client, the table, the row and the field. Only
    checked rows are written, in one transaction; an error the database raises anyway becomes
    the import's own refusal, not a traceback.
    """
    clients = data.get("clients") if isinstance(data, dict) else None
    if not isinstance(clients, list):
        raise ImportRejected(["backcoach.json: clients: a list of clients expected"])
    try:
        import_rows.check_depth(data, "backcoach.json")
    except InvalidInput as e:
        raise ImportRejected([str(e)]) from None
    checked: list[import_rows.CheckedClient] = []
    problems: list[str] = []
    for n, record in enumerate(clients, start=1):
        try:
            checked.append(import_rows.client(record, now.date()))
        except InvalidInput as e:
            problems.append(f"client {n}, {e}")
            if len(problems) == MAX_PROBLEMS:
                raise ImportRejected([*problems, "stopped looking after that"]) from None
    if problems:
        raise ImportRejected(problems)
    try:
        with conn.transaction():
            for c in checked:
                store.import_client(conn, who, c.profile, c.archived, c.created, c.records, now)
    except (InvalidInput, *store.database_errors()):
        raise ImportRejected(["the database refused a row of this file"]) from None
    return len(checked)


def exported_at(now: datetime, client_name: str = "") -> str:
    """The export's file name, stamped with the person's wall-clock time; a one-client export
    names its client, so it is not mistaken for everything."""
    named = f"-{client_name}" if client_name else ""
    return f"backcoach-export{named}-{now:%Y%m%d-%H%M}.zip"
