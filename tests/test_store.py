import ast
import inspect
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from conftest import FAREWELL, ME, NOW, OTHER_OWNER, OWNER, THEM, entry, noon

from coach import accounts, store
from coach.custom_exercises import new_exercise
from coach.errors import Busy, InvalidInput, NotFound
from coach.logbook import LogEntry
from coach.profiles import Profile
from coach.store import connection
from coach.store.migrations import migrations, names

pytestmark = pytest.mark.both_backends


def test_migrations_create_schema_from_empty(db_path):
    db = store.open_db(db_path)
    assert {"owners", "clients", "log_entries", "triages"} <= set(db.database.table_names())
    assert [m.name for m in migrations.applied(db.database)] == names()
    assert migrations.pending(db.database) == []


def test_migrations_reapply_is_a_no_op(db_path):
    store.open_db(db_path).close()
    db = store.open_db(db_path)
    assert len(migrations.applied(db.database)) == len(names())


@pytest.mark.sqlite_only
def test_sqlite_connection_uses_wal_and_foreign_keys(db):
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA foreign_keys") == 1


def test_foreign_keys_are_enforced(db, client):
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.ForeignKeyViolation)):
        db.insert("log_entries", {"owner_id": OWNER, "client_id": 9999, "ts": "x", "pain": 1})


@pytest.mark.sqlite_only
def test_log_queries_use_the_owner_client_time_index(db, client):
    plan = db.query(
        "EXPLAIN QUERY PLAN SELECT * FROM log_entries WHERE owner_id = ? AND client_id = ?"
        " ORDER BY ts",
        (OWNER, client.id),
    )
    assert "idx_log_entries_owner_id_client_id_ts" in str(plan)


def test_default_path_is_git_ignored_var_folder(monkeypatch):
    monkeypatch.delenv("BACKCOACH_DB", raising=False)
    assert store.db_path().parent.name == "var"
    gitignore = (store.DEFAULT_DB_PATH.parent.parent / ".gitignore").read_text()
    assert "var/" in gitignore.splitlines()


def test_db_path_comes_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKCOACH_DB", str(tmp_path / "x.db"))
    assert store.db_path() == tmp_path / "x.db"


def test_get_client_of_another_owner_is_not_found(db, client):
    with pytest.raises(NotFound):
        store.get_client(db, THEM, client.id)


def test_list_clients_only_shows_the_owners_clients(db, client):
    store.add_client(db, THEM, Profile("Dana Other", 40), NOW)
    assert [c.name for c in store.list_clients(db, ME)] == ["Casey Client"]
    assert [c.name for c in store.list_clients(db, THEM)] == ["Dana Other"]


def test_update_client_of_another_owner_is_refused(db, client):
    with pytest.raises(NotFound):
        store.update_client(db, THEM, client.id, Profile("Hijacked", 30), NOW)
    assert store.get_client(db, ME, client.id).name == "Casey Client"


def test_archive_hides_client_until_restored(db, client):
    store.set_archived(db, ME, client.id, True, NOW)
    assert store.list_clients(db, ME) == []
    assert [c.archived for c in store.list_clients(db, ME, include_archived=True)] == [True]
    store.set_archived(db, ME, client.id, False, NOW)
    assert [c.name for c in store.list_clients(db, ME)] == ["Casey Client"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("cas", ["Casey Client"]), ("deadlift", ["Eli Lifter"]), ("%", []), ("_", [])],
)
def test_search_matches_name_and_goals_literally(db, client, query, expected):
    store.add_client(db, ME, Profile("Eli Lifter", 33, goals="Deadlift 2x bodyweight"), NOW)
    assert [c.name for c in store.list_clients(db, ME, query)] == expected


def test_update_client_changes_profile(db, client):
    updated = store.update_client(
        db, ME, client.id, Profile("Casey Client", 31, "advanced", training_days=("Tue",)), NOW
    )
    assert (updated.age, updated.background, updated.training_days) == (31, "advanced", ("Tue",))


def test_entries_round_trip_through_the_frame(db, client):
    store.add_entries(db, ME, client.id, [entry(0, 3, rpe=6, minutes=40), entry(1, 2)], NOW)
    frame = store.entries_frame(db, ME, client.id)
    assert frame["pain"].tolist() == [3, 2]
    assert frame["date"].dt.day.tolist() == [1, 2]
    assert store.entries_frame(db, THEM, client.id).empty


def test_add_entries_is_all_or_nothing(db, client):
    good = entry(0, 3)
    with pytest.raises(NotFound):
        store.add_entries(db, THEM, client.id, [good], NOW)
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 0


def test_triage_of_another_owner_cannot_be_cleared(db, client):
    triage_id = store.save_triage(db, ME, client.id, {}, {"level": "see_clinician"}, NOW)
    with pytest.raises(NotFound):
        store.clear_triage(
            db, THEM, triage_id, "Dr Lee", date(2026, 1, 2), "cleared", noon(date(2026, 1, 2))
        )
    store.clear_triage(
        db, ME, triage_id, "Dr Lee", date(2026, 1, 2), "Seen by GP", noon(date(2026, 1, 2))
    )
    assert store.list_triages(db, ME, client.id)[0].cleared_note == "Seen by GP"


def test_a_triage_entered_in_error_stays_with_its_reason_and_stops_counting(db, client):
    first = store.save_triage(db, ME, client.id, {}, {"level": "rest"}, NOW)
    later = store.save_triage(db, ME, client.id, {}, {"level": "emergency"}, NOW)
    store.mark_triage_in_error(db, ME, later, "  Answered for the wrong client ", NOW)
    history = store.list_triages(db, ME, client.id)
    assert [(t.id, t.entered_in_error) for t in history] == [(later, True), (first, False)]
    assert history[0].error_reason == "Answered for the wrong client"
    assert history[0].errored_at == NOW
    assert store.latest_triage(db, ME, client.id).id == first
    assert [t.id for t in store.triages_for_owner(db, ME)] == [first]


@pytest.mark.parametrize(("reason", "message"), [("  ", "say why"), ("x" * 501, "500")])
def test_entered_in_error_needs_a_short_reason(db, client, reason, message):
    triage_id = store.save_triage(db, ME, client.id, {}, {"level": "rest"}, NOW)
    with pytest.raises(InvalidInput, match=message):
        store.mark_triage_in_error(db, ME, triage_id, reason, NOW)
    assert not store.list_triages(db, ME, client.id)[0].entered_in_error


@pytest.mark.sqlite_only
def test_every_store_write_is_committed(db, client, db_path):
    """A write left in an open transaction would block every other session's writes."""
    plan_id = store.save_plan(db, ME, client.id, {"weeks": []}, date(2026, 1, 5), "built", NOW)
    store.set_session_done(db, ME, plan_id, 1, 0, True, NOW)
    store.set_session_done(db, ME, plan_id, 1, 0, False, NOW)
    store.record_warmup(db, ME, client.id, date(2026, 1, 5), "lower_body", 8, NOW)
    assert not db.database.conn.in_transaction
    other = store.connect(db_path)
    other.execute("PRAGMA busy_timeout = 0")
    with other.transaction():
        other.execute("UPDATE owners SET name = 'renamed' WHERE id = ?", (OWNER,))


@pytest.mark.sqlite_only
def test_transactions_nest_as_savepoints(db, client):
    with pytest.raises(RuntimeError), db.transaction():
        store.add_entry(db, ME, client.id, entry(0, 1), NOW)
        raise RuntimeError("boom")
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 0
    with db.transaction():
        store.add_entry(db, ME, client.id, entry(0, 1), NOW)
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 1
    assert not db.database.conn.in_transaction


def test_owner_revision_moves_on_every_roster_write_and_only_for_that_owner(db, client):
    before, other = store.owner_revision(db, OWNER), store.owner_revision(db, OTHER_OWNER)
    store.add_entry(db, ME, client.id, entry(0, 2), NOW)
    after_insert = store.owner_revision(db, OWNER)
    store.save_triage(db, ME, client.id, {}, {"level": "rest"}, NOW)
    assert before < after_insert < store.owner_revision(db, OWNER)
    assert store.owner_revision(db, OTHER_OWNER) == other


DAY = date(2026, 1, 5)
CLIP = b"\x00\x00\x00\x18ftypisom" + bytes(16)


@pytest.fixture
def records(db, client) -> SimpleNamespace:
    """One record of each kind for OWNER: what another owner must never reach."""
    store.add_entry(db, ME, client.id, entry(0, 3), NOW)
    store.save_form_check(db, ME, client.id, "plank", ["sagging_hips"], 80, None, NOW)
    store.record_warmup(db, ME, client.id, DAY, "sport", 5, NOW)
    plan_id = store.save_plan(db, ME, client.id, {"weeks": []}, DAY, "built", NOW)
    store.set_session_done(db, ME, plan_id, 1, 0, True, noon(DAY))
    person = accounts.new_account(db, "casey", "a long password", "Casey", "client", "", False, NOW)
    store.link_client(db, ME, client.id, person.id, NOW)
    store.mark_seen(db, ME, client.id, 0, NOW)
    later = NOW + timedelta(days=1)
    return SimpleNamespace(
        account=person.id,
        invitation=store.add_invitation(db, ME, client.id, "code-hash", NOW, later).id,
        client=client.id,
        plan=plan_id,
        clip=store.add_clip(db, ME, client.id, "plank", "p.mp4", "video/mp4", CLIP, NOW),
        exercise=store.add_custom_exercise(
            db, ME, new_exercise("Wall sit", "beginner", [], "Slowly"), NOW
        ),
        triage=store.save_triage(db, ME, client.id, {}, {"level": "see_clinician"}, NOW),
        intake=store.save_intake(db, ME, client.id, {}, "needs_clearance", [], NOW),
        entry=int(store.entries_frame(db, ME, client.id)["id"].iloc[0]),
    )


# Writes (and single reads) that must raise NotFound when another owner names OWNER's ids.
REFUSED = {
    "get_client": lambda db, o, r: store.get_client(db, o, r.client),
    "update_client": lambda db, o, r: store.update_client(
        db, o, r.client, Profile(name="Hijacked", age=30), NOW
    ),
    "set_archived": lambda db, o, r: store.set_archived(db, o, r.client, True, NOW),
    "add_entries": lambda db, o, r: store.add_entries(db, o, r.client, [entry(1, 1)], NOW),
    "add_entry": lambda db, o, r: store.add_entry(db, o, r.client, entry(1, 1), NOW),
    "apply_log_edits": lambda db, o, r: store.apply_log_edits(db, o, {}, [r.entry], NOW),
    "save_triage": lambda db, o, r: store.save_triage(db, o, r.client, {}, {"level": "rest"}, NOW),
    "clear_triage": lambda db, o, r: store.clear_triage(
        db, o, r.triage, "Dr Lee", DAY, "x", noon(DAY)
    ),
    "mark_triage_in_error": lambda db, o, r: store.mark_triage_in_error(
        db, o, r.triage, "wrong client", NOW
    ),
    "save_form_check": lambda db, o, r: store.save_form_check(
        db, o, r.client, "plank", [], 100, None, NOW
    ),
    "record_warmup": lambda db, o, r: store.record_warmup(db, o, r.client, DAY, "sport", 5, NOW),
    "save_plan": lambda db, o, r: store.save_plan(db, o, r.client, {}, DAY, "x", NOW),
    "set_session_done": lambda db, o, r: store.set_session_done(
        db, o, r.plan, 1, 0, True, noon(DAY)
    ),
    "save_intake": lambda db, o, r: store.save_intake(db, o, r.client, {}, "cleared", [], NOW),
    "clear_intake": lambda db, o, r: store.clear_intake(
        db, o, r.intake, "Dr Lee", DAY, "x", noon(DAY)
    ),
    "erase_client": lambda db, o, r: store.erase_client(db, o, r.client, FAREWELL),
    "trainer_unassigned": lambda db, o, r: store.trainer_unassigned(db, o, r.client),
    "add_clip": lambda db, o, r: store.add_clip(
        db, o, r.client, "plank", "x.mp4", "video/mp4", CLIP, NOW
    ),
    "clip_data": lambda db, o, r: store.clip_data(db, o, r.clip),
    "delete_clip": lambda db, o, r: store.delete_clip(db, o, r.clip, NOW),
    "get_custom_exercise": lambda db, o, r: store.get_custom_exercise(db, o, r.exercise),
    "delete_custom_exercise": lambda db, o, r: store.delete_custom_exercise(db, o, r.exercise),
    "add_invitation": lambda db, o, r: store.add_invitation(db, o, r.client, "h", NOW, NOW),
    "revoke_invitation": lambda db, o, r: store.revoke_invitation(db, o, r.invitation),
    "link_client": lambda db, o, r: store.link_client(db, o, r.client, r.account, NOW),
    "mark_seen": lambda db, o, r: store.mark_seen(db, o, r.client, 0, NOW),
    "assigned_trainers": lambda db, o, r: store.assigned_trainers(db, o, r.client),
    "undo_triage_clearance": lambda db, o, r: store.undo_triage_clearance(db, o, r.triage, NOW),
    "undo_intake_clearance": lambda db, o, r: store.undo_intake_clearance(db, o, r.intake, NOW),
    "set_assignments": lambda db, o, r: store.set_assignments(db, o, r.client, set(), NOW),
    "set_session_client": lambda db, o, r: store.set_session_client(db, "h", o, r.client),
    "set_owner_client": lambda db, o, r: store.set_owner_client(db, o, r.client),
}
# Reads that must return nothing when another owner asks about OWNER's ids.
EMPTY = {
    "client_names": lambda db, o, r: store.client_names(db, o),
    "list_clients": lambda db, o, r: store.list_clients(db, o, include_archived=True),
    "entries_frame": lambda db, o, r: store.entries_frame(db, o, r.client),
    "first_entry_date": lambda db, o, r: store.first_entry_date(db, o, r.client),
    # Today in 2000: the records' entries lie past tomorrow, so the owner sees them listed.
    "entries_outside_window": lambda db, o, r: store.entries_outside_window(
        db, o, r.client, date(2000, 1, 1)
    ),
    "recent_entries": lambda db, o, r: store.recent_entries(db, o, r.client, 10),
    "list_triages": lambda db, o, r: store.list_triages(db, o, r.client),
    "latest_triage": lambda db, o, r: store.latest_triage(db, o, r.client),
    "list_form_checks": lambda db, o, r: store.list_form_checks(db, o, r.client),
    "warmup_days": lambda db, o, r: store.warmup_days(db, o, r.client, date(2000, 1, 1)),
    "list_plans": lambda db, o, r: store.list_plans(db, o, r.client),
    "current_plan": lambda db, o, r: store.current_plan(db, o, r.client),
    "sessions_done": lambda db, o, r: store.sessions_done(db, o, r.plan),
    "latest_intake": lambda db, o, r: store.latest_intake(db, o, r.client),
    "owner_entries_since": lambda db, o, r: store.owner_entries_since(db, o, date(2000, 1, 1)),
    "last_entry_per_client": lambda db, o, r: store.last_entry_per_client(db, o),
    "triages_for_owner": lambda db, o, r: store.triages_for_owner(db, o),
    "intakes_for_owner": lambda db, o, r: store.intakes_for_owner(db, o),
    "plans_for_owner": lambda db, o, r: store.plans_for_owner(db, o),
    "sessions_done_for_owner": lambda db, o, r: store.sessions_done_for_owner(db, o),
    "list_clips": lambda db, o, r: store.list_clips(db, o, r.client),
    "list_custom_exercises": lambda db, o, r: store.list_custom_exercises(db, o),
    "list_invitations": lambda db, o, r: store.list_invitations(db, o, r.client),
    "linked_account": lambda db, o, r: store.linked_account(db, o, r.client),
    "seen_per_client": lambda db, o, r: store.seen_per_client(db, o, 0),
    # Writes that change nothing of another owner's: how many they changed, as a list.
    "revoke_open_invitations": lambda db, o, r: (
        [1] * store.revoke_open_invitations(db, o, r.client)
    ),
    "unlink_client": lambda db, o, r: [1] * store.unlink_client(db, o, r.client, FAREWELL),
    "client_history": lambda db, o, r: store.client_history(db, o, r.client),
    "client_records": lambda db, o, r: [
        row for rows in store.client_records(db, o, r.client).values() for row in rows
    ],
}
# Functions whose only id is the caller's own owner: there is no one else's id to pass them.
OWNER_ONLY = {
    "ensure_owner",
    "owner_exists",
    "owner_kind",
    "owner_name",
    "owner_client",
    "set_owner_kind",
    "owner_revision",
    "set_demo_expiry",
    "demo_expired",
    "account_for_owner",
    "add_account",
    "add_client",
    "add_custom_exercise",
    "add_session",
    "import_client",
    "erase_owner",
    "viewer_for",
    "remove_trainer",
    "trainers",
    "signer_name",
}
# The workspace's exercise library: every account of the workspace shares it.
WORKSPACE_WIDE = {"get_custom_exercise", "delete_custom_exercise", "list_custom_exercises"}


def test_the_isolation_tests_cover_every_function_that_takes_who_is_asking():
    takes_owner = {
        name
        for name in store.__all__
        if inspect.isfunction(getattr(store, name))
        and {"owner_id", "who"} & set(inspect.signature(getattr(store, name)).parameters)
    }
    assert takes_owner - OWNER_ONLY == REFUSED.keys() | EMPTY.keys()


def owners_records_are_untouched(db, records) -> bool:
    client = store.get_client(db, ME, records.client)
    return (
        client.name == "Casey Client"
        and not client.archived
        and db.scalar("SELECT COUNT(*) FROM log_entries") == 1
        and store.latest_triage(db, ME, records.client).cleared_on is None
        and store.latest_intake(db, ME, records.client).cleared_on is None
        and store.sessions_done(db, ME, records.plan) == {(1, 0)}
        and store.clip_data(db, ME, records.clip) == CLIP
        and store.get_custom_exercise(db, ME, records.exercise).name == "Wall sit"
        and store.client_link(db, records.account).client_id == records.client
        and store.list_invitations(db, ME, records.client)[0].open_at(NOW)
        and store.seen_per_client(db, ME, 0) == {records.client: NOW}
    )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_writes_refuse_another_owners_ids(db, records, name):
    with pytest.raises(NotFound):
        REFUSED[name](db, THEM, records)
    assert owners_records_are_untouched(db, records)


def is_empty(result) -> bool:
    """None, or a collection (frames included) with nothing in it; a single record is not empty."""
    return result is None or (hasattr(result, "__len__") and len(result) == 0)


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_reads_show_nothing_of_another_owners_records(db, records, name):
    assert is_empty(EMPTY[name](db, THEM, records))
    assert not is_empty(EMPTY[name](db, ME, records))  # so the first check can fail


# ---------------------------------------------------------------- two trainers of one workspace


def trainer(db, username: str) -> store.Viewer:
    """A trainer account in OWNER's workspace, as the store sees it asking."""
    account = store.add_account(db, OWNER, username, "", "hash", False, NOW, role=store.TRAINER)
    return store.viewer_for(db, OWNER, account.id)


@pytest.fixture
def team(db, records) -> SimpleNamespace:
    """Pat is assigned OWNER's client; Sam, of the same workspace, is not."""
    pat, sam = trainer(db, "pat"), trainer(db, "sam")
    store.set_assignments(db, ME, records.client, {pat.account_id}, NOW)
    return SimpleNamespace(pat=pat, sam=sam)


@pytest.mark.parametrize("name", sorted(REFUSED.keys() - WORKSPACE_WIDE))
def test_writes_refuse_a_trainer_the_client_is_not_assigned_to(db, records, team, name):
    with pytest.raises(NotFound):
        REFUSED[name](db, team.sam, records)
    assert owners_records_are_untouched(db, records)


@pytest.mark.parametrize("name", sorted(EMPTY.keys() - WORKSPACE_WIDE))
def test_reads_show_a_trainer_nothing_of_a_client_not_assigned_to_them(db, records, team, name):
    assert is_empty(EMPTY[name](db, team.sam, records))
    assert not is_empty(EMPTY[name](db, team.pat, records))  # so the first check can fail


# Only the owner assigns; the client is linked to an account already; nothing is cleared yet.
NOT_FOR_THE_TRAINER = {
    "set_assignments",
    "link_client",
    "undo_triage_clearance",
    "undo_intake_clearance",
}


@pytest.mark.parametrize("name", sorted(REFUSED.keys() - NOT_FOR_THE_TRAINER))
def test_the_assigned_trainer_reaches_the_shared_client(db, records, team, name):
    REFUSED[name](db, team.pat, records)


@pytest.mark.parametrize("name", sorted(WORKSPACE_WIDE))
def test_every_trainer_shares_the_workspaces_exercise_library(db, records, team, name):
    result = (REFUSED | EMPTY)[name](db, team.sam, records)
    assert name == "delete_custom_exercise" or not is_empty(result)


def test_only_the_owner_assigns(db, records, team):
    with pytest.raises(NotFound):
        store.set_assignments(db, team.pat, records.client, {team.pat.account_id}, NOW)
    with pytest.raises(NotFound):
        store.set_assignments(db, ME, records.client, {team.sam.account_id, 9999}, NOW)
    assert store.assigned_trainers(db, ME, records.client) == {team.pat.account_id}
    store.set_assignments(db, ME, records.client, {team.sam.account_id}, NOW)
    assert store.client_names(db, team.sam) == {records.client: "Casey Client"}
    assert store.client_names(db, team.pat) == {}


def test_a_trainers_new_client_is_theirs_and_the_owners_only(db, team):
    added = store.add_client(db, team.sam, Profile("Sam's own", 33), NOW)
    assert store.get_client(db, ME, added.id).name == "Sam's own"
    assert added.id in store.client_names(db, team.sam)
    assert added.id not in store.client_names(db, team.pat)


def test_another_workspaces_owner_cannot_assign_to_this_ones_trainer(db, records, team):
    theirs = store.add_client(db, THEM, Profile("Dana Other", 40), NOW)
    with pytest.raises(NotFound):
        store.set_assignments(db, THEM, theirs.id, {team.pat.account_id}, NOW)
    assert store.client_names(db, team.pat) == {records.client: "Casey Client"}


def test_a_trainer_is_only_ever_a_viewer_of_their_own_workspace(db, team):
    with pytest.raises(NotFound):
        store.viewer_for(db, OTHER_OWNER, team.pat.account_id)


def test_assigning_moves_the_workspace_revision_so_cached_rosters_refresh(db, records, team):
    before = store.owner_revision(db, OWNER)
    store.set_assignments(db, ME, records.client, {team.sam.account_id}, NOW)
    assert store.owner_revision(db, OWNER) > before


ROOT = Path(__file__).resolve().parent.parent
SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|CREATE TABLE|PRAGMA)\b")
DRIVERS = {"sqlite3", "sqlite_utils", "psycopg"}
QUERY_CALLS = {"execute", "executemany", "executescript", "query", "one", "scalar"}


# Administers the throwaway PostgreSQL cluster of the suite and the benchmark (creates and drops
# whole databases); it never touches the app's data.
CLUSTER_TOOL = ROOT / "bench" / "pgcluster.py"


def outside_the_store() -> list[Path]:
    skipped = {"tests", "node_modules", ".venv", "store"}
    return [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if not skipped & set(p.relative_to(ROOT).parts) and p != CLUSTER_TOOL
    ]


@pytest.mark.parametrize("path", outside_the_store(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_outside_the_store(path):
    """Only coach/store/ talks to the database: no SQL text, driver import or query call."""
    for node in ast.walk(ast.parse(path.read_text())):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL.search(node.value), where
        elif isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & DRIVERS, where
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in DRIVERS, where
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in QUERY_CALLS, where


def test_the_scan_covers_pages_coach_and_bench():
    scanned = {p.relative_to(ROOT).parts[0] for p in outside_the_store()}
    assert {"pages", "coach", "bench", "app.py"} <= scanned


@pytest.mark.sqlite_only
def test_a_write_that_stays_locked_gets_one_retry_then_says_busy(db, db_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.05)
    holder = store.connect(db_path)
    waiter = store.connect(db_path)
    with holder.transaction():
        holder.execute("UPDATE owners SET name = 'held' WHERE id = ?", (OWNER,))
        with pytest.raises(Busy, match="busy right now, so nothing was changed"):
            waiter.execute("UPDATE owners SET name = 'waiting' WHERE id = ?", (OWNER,))
        with pytest.raises(Busy), waiter.transaction():
            pass
    assert waiter.scalar("SELECT name FROM owners WHERE id = ?", (OWNER,)) == "held"


def test_the_retry_succeeds_when_the_lock_is_gone_and_passes_other_errors_on():
    attempts = []

    def locked_once() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise sqlite3.OperationalError("database is locked")
        return "written"

    assert connection.retry_when_locked(locked_once) == "written"
    assert len(attempts) == 2

    def broken() -> None:
        attempts.append(1)
        raise sqlite3.OperationalError("no such table: nowhere")

    attempts.clear()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        connection.retry_when_locked(broken)
    assert len(attempts) == 1


def test_insert_many_takes_rows_that_set_different_columns(db):
    db.insert_many(
        "owners",
        [
            {"id": "x", "name": "X", "kind": "person", "created": "2026-01-01T00:00:00"},
            {"id": "y", "name": "Y", "created": "2026-01-01T00:00:00"},
        ],
    )
    kinds = db.query(
        "SELECT id, kind, revision FROM owners WHERE id IN (?, ?) ORDER BY id", ("x", "y")
    )
    assert kinds == [
        {"id": "x", "kind": "person", "revision": 0},
        {"id": "y", "kind": None, "revision": 0},
    ]


@pytest.mark.parametrize("name", ["owners; DROP TABLE clients", "Name", "", "a-b"])
def test_table_and_column_names_are_checked_before_they_reach_sql(db, name):
    with pytest.raises(ValueError, match="not a table or column name"):
        db.insert("owners", {name: 1})
    with pytest.raises(ValueError, match="not a table or column name"):
        db.insert(name, {"id": "z"})


def test_an_inner_transaction_that_fails_undoes_only_its_own_writes(db, client):
    with db.transaction():
        store.add_entry(db, ME, client.id, entry(0, 1), NOW)
        with pytest.raises(RuntimeError), db.transaction():
            store.add_entry(db, ME, client.id, entry(1, 2), NOW)
            raise RuntimeError("inner")
    assert store.entries_frame(db, ME, client.id)["pain"].tolist() == [1]


def test_instants_are_stored_in_utc_and_log_times_as_given(db, client):
    berlin = timezone(timedelta(hours=1))
    store.save_triage(
        db, ME, client.id, {}, {"level": "rest"}, datetime(2026, 1, 1, 10, tzinfo=berlin)
    )
    store.add_entry(db, ME, client.id, LogEntry(ts=datetime(2026, 1, 2, 0, 30), pain=2), NOW)
    assert db.scalar("SELECT ts FROM triages") == "2026-01-01T09:00:00"
    assert store.list_triages(db, ME, client.id)[0].ts == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert store.recent_entries(db, ME, client.id)[0].ts == datetime(2026, 1, 2, 0, 30)


def test_records_carry_dates_not_text(db, records):
    store.clear_triage(
        db, ME, records.triage, "Dr Lee", date(2026, 1, 6), "Seen by GP", noon(date(2026, 1, 6))
    )
    triage = store.latest_triage(db, ME, records.client)
    assert (triage.cleared_on, triage.cleared_note) == (date(2026, 1, 6), "Seen by GP")
    plan = store.current_plan(db, ME, records.client)
    assert (plan.start_day, plan.created) == (DAY, NOW)
    assert store.get_client(db, ME, records.client).created == NOW
    assert store.list_form_checks(db, ME, records.client)[0].faults == ("sagging_hips",)


def test_rows_from_older_versions_with_empty_text_still_read(db):
    db.insert(
        "clients",
        {
            "owner_id": OWNER,
            "name": "Old Row",
            "age": 40,
            "background": "beginner",
            "archived": 0,
            "created": "2026-01-01",
        },
    )
    (client,) = store.list_clients(db, ME)
    assert (client.sex, client.goals, client.training_days) == ("", "", ())
    assert client.created == datetime(2026, 1, 1, tzinfo=UTC)


def test_a_clients_own_account_reaches_only_its_linked_record(db, records):
    other = store.add_client(db, ME, Profile("Dana Other", 40), NOW)
    casey = store.Viewer(OWNER, records.account, store.CLIENT)
    assert store.client_names(db, casey) == {records.client: "Casey Client"}
    assert len(store.entries_frame(db, casey, records.client)) == 1
    with pytest.raises(NotFound):
        store.get_client(db, casey, other.id)
    with pytest.raises(NotFound):
        store.add_client(db, casey, Profile("Added by a client", 30), NOW)
    assert store.trainers(db, casey) == []
