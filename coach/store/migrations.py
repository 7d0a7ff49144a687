"""The schema history: every change to the SQLite tables, in order, as sqlite-utils migrations.

A new database is created by applying them all; an existing one upgrades in place, each step in
a transaction and recorded in `_sqlite_migrations`. Never edit a shipped step: add a new one,
and a fixture database for it in tests/fixtures (build_schema_fixtures.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database, Migrations

from coach import timestamps

migrations = Migrations("backcoach")


@migrations()
def m001_owners_clients_log_triage(db: Database) -> None:
    db["owners"].create(
        {"id": str, "name": str, "kind": str, "created": str},
        pk="id",
        not_null={"name"},
    )
    db["clients"].create(
        {
            "id": int,
            "owner_id": str,
            "name": str,
            "age": int,
            "sex": str,
            "background": str,
            "training_days": str,
            "goals": str,
            "notes": str,
            "archived": int,
            "created": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id")],
        not_null={"owner_id", "name", "age"},
        defaults={"archived": 0},
    )
    db["clients"].create_index(["owner_id", "archived", "name"])
    db["log_entries"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "pain": int,
            "pain_during": int,
            "pain_next_morning": int,
            "location": str,
            "radiates": int,
            "session_type": str,
            "minutes": int,
            "rpe": int,
            "warmed_up": int,
            "fluids": str,
            "notes": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "pain"},
    )
    db["log_entries"].create_index(["owner_id", "client_id", "ts"])
    db["triages"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "level": str,
            "answers": str,
            "result": str,
            "cleared_on": str,
            "cleared_note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "level"},
    )
    db["triages"].create_index(["owner_id", "client_id", "ts"])


@migrations()
def m002_form_checks_and_warmups(db: Database) -> None:
    db["form_checks"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "exercise_id": str,
            "faults": str,
            "load_kg": float,
            "score": int,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "exercise_id"},
    )
    db["form_checks"].create_index(["owner_id", "client_id", "exercise_id", "ts"])
    db["warmups"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "day": str,
            "session_type": str,
            "minutes": int,
            "completed_at": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "day"},
    )
    db["warmups"].create_index(["owner_id", "client_id", "day"])


@migrations()
def m003_plans(db: Database) -> None:
    db["plans"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "created": str,
            "start_day": str,
            "plan": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "created", "start_day", "plan"},
    )
    db["plans"].create_index(["owner_id", "client_id", "created"])
    db["plan_sessions_done"].create(
        {"id": int, "owner_id": str, "plan_id": int, "week": int, "session": int, "done_on": str},
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("plan_id", "plans", "id")],
        not_null={"owner_id", "plan_id", "week", "session"},
    )
    db["plan_sessions_done"].create_index(["plan_id", "week", "session"], unique=True)


@migrations()
def m004_intakes_and_owner_time_index(db: Database) -> None:
    db["intakes"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "ts": str,
            "answers": str,
            "outcome": str,
            "reasons": str,
            "cleared_on": str,
            "cleared_note": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "ts", "outcome"},
    )
    db["intakes"].create_index(["owner_id", "client_id", "ts"])
    db["log_entries"].create_index(["owner_id", "ts"])


@migrations()
def m005_accounts_and_demo_expiry(db: Database) -> None:
    db["accounts"].create(
        {
            "id": int,
            "owner_id": str,
            "username": str,
            "email": str,
            "password_hash": str,
            "is_admin": int,
            "failed_attempts": int,
            "locked_until": str,
            "created": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id")],
        not_null={"owner_id", "username", "password_hash"},
        defaults={"is_admin": 0, "failed_attempts": 0},
    )
    db["accounts"].create_index(["username"], unique=True)
    db["accounts"].create_index(["email"])
    db["owners"].add_column("demo_expires", str)


REVISED_TABLES = ("clients", "log_entries", "triages", "plans", "plan_sessions_done", "intakes")


@migrations()
def m006_owner_revision(db: Database) -> None:
    """A counter per owner that every write to the roster's tables bumps, for cache keys."""
    db["owners"].add_column("revision", int, not_null_default=0)
    for table in REVISED_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_revision AFTER {event} ON {table} "
                f"BEGIN UPDATE owners SET revision = revision + 1 WHERE id = {row}.owner_id; END"
            )


@migrations()
def m007_browser_sessions_and_account_admin(db: Database) -> None:
    """Sign-ins that survive a reload (only a token's hash is kept) and accounts an owner runs."""
    db["browser_sessions"].create(
        {
            "id": int,
            "token_hash": str,
            "owner_id": str,
            "account_id": int,
            "created": str,
            "last_seen": str,
            "revoked": int,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("account_id", "accounts", "id")],
        not_null={"token_hash", "owner_id", "created", "last_seen"},
        defaults={"revoked": 0},
    )
    db["browser_sessions"].create_index(["token_hash"], unique=True)
    db["browser_sessions"].create_index(["account_id"])
    db["browser_sessions"].create_index(["owner_id"])
    db["accounts"].add_column("disabled", int, not_null_default=0)
    db["accounts"].add_column("last_sign_in", str)
    db["accounts"].add_column("reset_hash", str)
    db["accounts"].add_column("reset_expires", str)


# Instants that versions before m008 wrote on the server's local clock (see coach/timestamps.py).
LOCAL_INSTANTS = {
    "triages": ("ts",),
    "form_checks": ("ts",),
    "intakes": ("ts",),
    "accounts": ("created", "locked_until"),
    "owners": ("demo_expires",),
}


@migrations()
def m008_instants_in_utc(db: Database) -> None:
    """Rewrite instants once stored on the server's local clock in UTC, as every instant now is.

    The upgrade runs on the server that wrote them, so its zone now is taken as their zone then.
    A value that is not a date and time is left as it is.
    """
    for table, columns in LOCAL_INSTANTS.items():
        for column in columns:
            rows = db.execute(
                f"SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL"
            ).fetchall()
            for rowid, text in rows:
                try:
                    local = datetime.fromisoformat(text)
                except (TypeError, ValueError):
                    continue
                db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                    [timestamps.to_text(local.astimezone(UTC)), rowid],
                )


@migrations()
def m009_custom_exercises_and_form_clips(db: Database) -> None:
    """A trainer's own exercises (an optional picture), and clips of a client's lift."""
    db["custom_exercises"].create(
        {
            "id": int,
            "owner_id": str,
            "name": str,
            "level": str,
            "equipment": str,
            "cues": str,
            "picture": bytes,
            "picture_type": str,
            "created": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id")],
        not_null={"owner_id", "name", "level", "equipment", "cues", "created"},
    )
    db["custom_exercises"].create_index(["owner_id", "name"])
    db["form_clips"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "exercise_id": str,
            "ts": str,
            "filename": str,
            "mime": str,
            "size": int,
            "data": bytes,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "exercise_id", "ts", "mime", "size", "data"},
    )
    db["form_clips"].create_index(["owner_id", "client_id", "exercise_id", "ts"])


@migrations()
def m010_triage_entered_in_error(db: Database) -> None:
    """A saved triage can be marked entered in error: it stays, with the reason, and stops
    counting (roster, summary, the training hold)."""
    db["triages"].add_column("error_reason", str)
    db["triages"].add_column("errored_at", str)


@migrations()
def m011_client_accounts_and_invitations(db: Database) -> None:
    """Clients who check in for themselves: invitations (only a code's hash is kept), the one
    account linked to a client record, who wrote an entry, and when a trainer last looked."""
    db["invitations"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "code_hash": str,
            "created": str,
            "expires": str,
            "revoked": int,
            "redeemed": str,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "code_hash", "created", "expires"},
        defaults={"revoked": 0},
    )
    db["invitations"].create_index(["code_hash"], unique=True)
    db["invitations"].create_index(["owner_id", "client_id"])
    db["client_accounts"].create(
        {"id": int, "account_id": int, "owner_id": str, "client_id": int, "created": str},
        pk="id",
        foreign_keys=[
            ("account_id", "accounts", "id"),
            ("owner_id", "owners", "id"),
            ("client_id", "clients", "id"),
        ],
        not_null={"account_id", "owner_id", "client_id", "created"},
    )
    db["client_accounts"].create_index(["account_id"], unique=True)
    db["client_accounts"].create_index(["client_id"], unique=True)
    db["client_accounts"].create_index(["owner_id"])
    db["roster_seen"].create(
        {"id": int, "owner_id": str, "client_id": int, "viewer": int, "seen": str},
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "client_id", "viewer", "seen"},
    )
    db["roster_seen"].create_index(["owner_id", "client_id", "viewer"], unique=True)
    for table in ("log_entries", "triages", "intakes"):
        db[table].add_column("by_client", int, not_null_default=0)


@migrations()
def m012_team_roles_and_assignments(db: Database) -> None:
    """Trainers join their owner's workspace with a role; assignments say whose clients they see.

    Accounts that exist already each kept a workspace of their own: they stay its owner.
    """
    db["accounts"].add_column("role", str, not_null_default="owner")
    db["accounts"].add_column("name", str)
    db["assignments"].create(
        {"id": int, "owner_id": str, "client_id": int, "account_id": int},
        pk="id",
        foreign_keys=[
            ("owner_id", "owners", "id"),
            ("client_id", "clients", "id"),
            ("account_id", "accounts", "id"),
        ],
        not_null={"owner_id", "client_id", "account_id"},
    )
    db["assignments"].create_index(["client_id", "account_id"], unique=True)
    db["assignments"].create_index(["account_id", "client_id"])
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(
            f"CREATE TRIGGER assignments_{event.lower()}_revision AFTER {event} ON assignments "
            f"BEGIN UPDATE owners SET revision = revision + 1 WHERE id = {row}.owner_id; END"
        )


@migrations()
def m013_client_history_and_who_cleared(db: Database) -> None:
    """Every change to a client's record, who made it and when; who cleared a client."""
    db["client_history"].create(
        {
            "id": int,
            "owner_id": str,
            "client_id": int,
            "account_id": int,
            "actor": str,
            "ts": str,
            "action": str,
            "detail": str,
            "day": str,
            "record_id": int,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("client_id", "clients", "id")],
        not_null={"owner_id", "ts", "action"},
    )
    db["client_history"].create_index(["owner_id", "client_id", "ts"])
    db["triages"].add_column("cleared_by", str)
    db["intakes"].add_column("cleared_by", str)


@migrations()
def m014_kept_copies(db: Database) -> None:
    """A client's copy of their own data, kept for their account when they lose the record."""
    db["kept_copies"].create(
        {
            "id": int,
            "owner_id": str,
            "account_id": int,
            "made": str,
            "reason": str,
            "data": bytes,
        },
        pk="id",
        foreign_keys=[("owner_id", "owners", "id"), ("account_id", "accounts", "id")],
        not_null={"owner_id", "account_id", "made", "reason", "data"},
    )
    db["kept_copies"].create_index(["account_id"], unique=True)


@migrations()
def m015_current_client_kept(db: Database) -> None:
    """The client a browser session last picked, so a reload starts on it (NULL: none yet); and
    a workspace's, for personal mode, which has no browser session. The owners column has no
    foreign key: clients already point at owners, and erasure clears it."""
    db.execute("ALTER TABLE browser_sessions ADD COLUMN client_id INTEGER REFERENCES clients(id)")
    # Deleting a client looks here for sessions still pointing at it: an index, not a scan.
    db["browser_sessions"].create_index(["client_id"])
    db["owners"].add_column("client_id", int)


def names() -> list[str]:
    """Every step's name in order: what a new database applies."""
    return [m.name for m in migrations.pending(Database(memory=True))]
