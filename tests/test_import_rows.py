"""Crafted export files: every table's rows go through the domain types typed input goes
through, so a bad value is refused by name (client, table, row, field), all or nothing, and a
stored text that passes shows on every screen as text."""

import io
import json
import re
import sqlite3
import zipfile
from datetime import date, timedelta

import pytest
from conftest import ME, NOW, OWNER, noon, owner_of
from test_access import shown_text

import ui
from coach import demo, portability, store, triage
from coach.errors import ImportRejected
from coach.intake import NEEDS_CLEARANCE

TODAY = date(2026, 11, 25)
IMAGE = "![x](http://attacker.example/pixel.png)"
LINK = "[Click to re-verify](http://attacker.example/login)"
TARGET = "importer"
SERVER_DETAIL = re.compile(r"Traceback|File \"|\.py\b|/(tmp|work|home|root|usr)/")


def full_record(db) -> dict:
    """One demo client's export with a row in every table: a form check, a warm-up, an intake,
    a clip's description and a triage with reasons, beside the demo's log, triage and plan."""
    demo.seed(db, OWNER, TODAY, NOW)
    client = next(c for c in store.list_clients(db, ME) if c.name == "Jordan Blake")
    when = NOW + timedelta(days=300)
    store.save_form_check(
        db, ME, client.id, "conventional_deadlift", ["rounded_back"], 70, 60.0, when
    )
    store.record_warmup(db, ME, client.id, TODAY, "lower_body", 10, when)
    store.save_intake(
        db, ME, client.id, {"chest_pain": True}, NEEDS_CLEARANCE, ["chest_pain"], when
    )
    answers = {"pain_now": 6, "worsening": True, "night_pain": True}
    result = triage.assess(answers)
    assert result.reasons
    store.save_triage(db, ME, client.id, answers, result.to_dict(), when)
    record = portability.export_data(db, ME, client.id)["clients"][0]
    record["form_clips"] = [
        {
            "ts": "2026-10-01T09:00:00",
            "exercise_id": "conventional_deadlift",
            "filename": "set.mp4",
            "mime": "video/mp4",
            "size": 1000,
            "file": "clips/1-1.mp4",
        }
    ]
    return record


@pytest.fixture
def target(db_target):
    """A second, empty workspace in a database of the test's backend to import into."""
    conn = store.open_db(db_target)
    store.ensure_owner(conn, TARGET, "Importer", NOW)
    yield conn
    conn.close()


def as_zip(record: dict) -> bytes:
    data = {"format": portability.FORMAT, "version": portability.VERSION, "clients": [record]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("backcoach.json", json.dumps(data))
    return buffer.getvalue()


def imported_clients(conn) -> int:
    return conn.scalar("SELECT COUNT(*) FROM clients WHERE owner_id = ?", (TARGET,))


def deep(levels: int) -> object:
    value: object = 0
    for _ in range(levels):
        value = [value]
    return value


def set_json(table: str, column: str, change) -> object:
    """A change to a JSON document stored as text in the first row of a table."""

    def edit(record: dict) -> None:
        row = record[table][-1] if table == "triages" else record[table][0]
        row[column] = json.dumps(change(json.loads(row[column])))

    return edit


def set_field(table: str, column: str, value: object) -> object:
    def edit(record: dict) -> None:
        row = record[table][-1] if table == "triages" else record[table][0]
        row[column] = value

    return edit


def set_in(key: str, value: object) -> object:
    def edit(record: dict) -> None:
        record[key] = value

    return edit


# (what is wrong, the change to an exported client, what the refusal must name)
CRAFTED = [
    ("unknown level", set_field("triages", "level", "pwned"), "triages row 2, level: one of"),
    ("level as a list", set_field("triages", "level", ["x"]), "triages row 2, level: one of"),
    (
        "warm-up type as a list",
        set_field("warmups", "session_type", ["x"]),
        "warmups row 1, session_type: one of",
    ),
    (
        "intake reason as a list",
        set_field("intakes", "reasons", '[["x"]]'),
        "intakes row 1, reasons: text expected",
    ),
    (
        "unknown result level",
        set_json("triages", "result", lambda r: {**r, "level": "pwned"}),
        "triages row 2, result.level: one of",
    ),
    (
        "reason with a foreign source",
        set_json(
            "triages",
            "result",
            lambda r: {**r, "reasons": [{**r["reasons"][0], "source": "evil"}]},
        ),
        "result.reasons.source: 'evil' is not a source",
    ),
    (
        "unknown answer",
        set_json("triages", "answers", lambda a: {**a, "rm -rf": 1}),
        "triages row 2, rm -rf: unknown key",
    ),
    ("non-JSON plan", set_field("plans", "plan", "not json {"), "plans row 1, plan: not readable"),
    ("plan not an object", set_json("plans", "plan", lambda p: [p]), "plan: an object expected"),
    (
        "unknown plan level",
        set_json("plans", "plan", lambda p: {**p, "level": "godlike"}),
        "plans row 1, plan.level: one of beginner",
    ),
    (
        "plan edit of an unknown exercise",
        set_json(
            "plans",
            "plan",
            lambda p: {**p, "edits": [{"kind": "swap", "exercise_id": "x", "to": "y"}]},
        ),
        "plan.edits: 'x' is not a core exercise",
    ),
    (
        "session done outside the plan",
        lambda r: r["plans"][0]["done"][0].update(week=99),
        "plans row 1, done row 1, week: a whole number from 1 to",
    ),
    ("note as a list", set_field("triages", "cleared_note", ["x"]), "cleared_note: text expected"),
    ("score as text", set_field("form_checks", "score", "high"), "form_checks row 1, score"),
    (
        "fault of another lift",
        set_field("form_checks", "faults", '["ankle_roll"]'),
        "'ankle_roll' is not a fault of",
    ),
    ("warm-up minutes", set_field("warmups", "minutes", 5.5), "warmups row 1, minutes"),
    ("warm-up date", set_field("warmups", "day", "0999-01-01"), "day: a date from 1900-01-01"),
    (
        "intake answer as text",
        set_json("intakes", "answers", lambda a: {**a, "chest_pain": "yes"}),
        "intakes row 1, answers: chest_pain is answered yes or no",
    ),
    ("intake outcome", set_field("intakes", "outcome", "fine"), "intakes row 1, outcome"),
    ("clip type", lambda r: r["form_clips"][0].update(mime="text/html"), "form_clips row 1, mime"),
    ("pain as text", set_field("log_entries", "pain", "7"), "log_entries row 1, pain"),
    ("age as text", set_in("age", "30"), "client 1, age: a number expected"),
    ("table not a list", set_in("triages", "many"), "client 1, triages: a list expected"),
    ("unknown column", set_field("warmups", "owner_id", "someone"), "owner_id: not a field"),
    (
        "deeply nested answers",
        set_field("triages", "answers", json.dumps({"pain_now": deep(50)})),
        "answers: nested too deeply",
    ),
    ("deeply nested file", set_in("notes", deep(50)), "backcoach.json: nested too deeply"),
]


@pytest.mark.both_backends
@pytest.mark.parametrize(("change", "named"), [c[1:] for c in CRAFTED], ids=[c[0] for c in CRAFTED])
def test_a_crafted_row_is_refused_by_name_and_nothing_is_written(db, target, change, named):
    record = full_record(db)
    portability.import_zip(target, store.Viewer(TARGET), as_zip(record), noon(TODAY))
    assert imported_clients(target) == 1
    change(record)
    with pytest.raises(ImportRejected) as refused:
        portability.import_zip(target, store.Viewer(TARGET), as_zip(record), noon(TODAY))
    message = str(refused.value)
    assert message.startswith("Nothing was imported: ")
    assert named in message
    assert not SERVER_DETAIL.search(message), message
    assert imported_clients(target) == 1


def test_a_crafted_row_in_the_second_client_names_it(db, target):
    record = full_record(db)
    bad = json.loads(json.dumps(record))
    bad["plans"][0]["plan"] = "[]"
    data = {"format": portability.FORMAT, "version": portability.VERSION, "clients": [record, bad]}
    with pytest.raises(ImportRejected, match="client 2, plans row 1, plan: an object expected"):
        portability.import_data(target, store.Viewer(TARGET), data, noon(TODAY))
    assert imported_clients(target) == 0


def test_every_table_round_trips_through_the_checks(db, target):
    record = full_record(db)
    portability.import_zip(target, store.Viewer(TARGET), as_zip(record), noon(TODAY))
    again = portability.export_data(target, store.Viewer(TARGET))["clients"][0]
    assert {k: v for k, v in again.items() if k != "form_clips"} == {
        k: v for k, v in record.items() if k != "form_clips"
    }


def hostile(record: dict) -> dict:
    """Markdown in every stored text the checks accept: a triage reason, a clearance note, an
    error reason and a plan note."""
    triage_row = record["triages"][-1]
    result = json.loads(triage_row["result"])
    result["reasons"][0]["text"] = f"{IMAGE} {LINK}"
    triage_row |= {
        "result": json.dumps(result),
        "cleared_on": "2026-10-02",
        "cleared_note": f"Cleared {IMAGE} {LINK}",
    }
    record["triages"][0] |= {"error_reason": LINK, "errored_at": "2026-10-03T09:00:00"}
    record["plans"][0]["note"] = f"built {IMAGE} {LINK}"
    record["intakes"][0] |= {"cleared_on": "2026-10-02", "cleared_note": f"{IMAGE} {LINK}"}
    record["name"] = "Hostile Import"
    return record


@pytest.mark.both_backends
def test_markdown_in_imported_texts_is_stored_as_typed(db, target):
    record = hostile(full_record(db))
    portability.import_zip(target, store.Viewer(TARGET), as_zip(record), noon(TODAY))
    client = store.list_clients(target, store.Viewer(TARGET))[0]
    reasons = [
        r["text"]
        for r in store.list_triages(target, store.Viewer(TARGET), client.id)[0].result["reasons"]
    ]
    assert reasons[0] == f"{IMAGE} {LINK}"
    assert (
        store.list_plans(target, store.Viewer(TARGET), client.id)[0].note == f"built {IMAGE} {LINK}"
    )


SCREENS = ("pages/1_Triage.py", "pages/6_Client_summary.py", "pages/4_Core_plan.py")


def test_screens_show_imported_markdown_as_text(at, app_db, tmp_path):
    source = store.open_db(tmp_path / "source.db")
    store.ensure_owner(source, OWNER, "Source", NOW)
    record = hostile(full_record(source))
    db = store.connect(app_db)
    portability.import_data(
        db,
        store.Viewer(owner_of(at)),
        {"format": "backcoach-export", "version": 1, "clients": [record]},
        noon(TODAY),
    )
    client = next(
        c for c in store.list_clients(db, store.Viewer(owner_of(at))) if c.name == "Hostile Import"
    )
    at.session_state[ui.CLIENT_ID] = client.id
    for page in (*SCREENS, "pages/0_My_week.py", "pages/6_Roster.py", "pages/8_Intake.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        text = shown_text(at)
        assert "![x](http" not in text and "](http://attacker" not in text, page
    at.switch_page("pages/1_Triage.py").run()
    text = shown_text(at)
    assert "attacker" in text and "Cleared" in text
    at.switch_page("pages/4_Core_plan.py").run()
    assert "attacker" in shown_text(at)


def test_a_row_the_database_refuses_anyway_is_the_imports_own_refusal(db, target, monkeypatch):
    def refuse(*args, **kwargs):
        raise sqlite3.IntegrityError("CHECK constraint failed: /srv/app/backcoach.db")

    monkeypatch.setattr(store, "import_client", refuse)
    with pytest.raises(ImportRejected, match="the database refused a row") as refused:
        portability.import_zip(target, store.Viewer(TARGET), as_zip(full_record(db)), noon(TODAY))
    assert not SERVER_DETAIL.search(str(refused.value))


def test_clients_that_are_not_a_list_are_refused(target):
    data = {"format": portability.FORMAT, "version": portability.VERSION, "clients": "all"}
    with pytest.raises(ImportRejected, match="clients: a list of clients expected"):
        portability.import_data(target, store.Viewer(TARGET), data, noon(TODAY))


ODD_VALUES = (None, [], {}, "x", -1, 1.5, True, deep(3))


def field_paths(record: dict) -> list[tuple]:
    """Every field of the client and of the first row of each table (plans' done rows too)."""
    paths = [(k,) for k, v in record.items() if not isinstance(v, list) or k == "training_days"]
    for table, rows in record.items():
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            paths += [(table, 0, k) for k in rows[0]]
    paths += [("plans", 0, "done", 0, k) for k in record["plans"][0]["done"][0]]
    return paths


def test_any_odd_value_in_any_field_is_imported_or_refused_never_an_error(db, target):
    """Whatever type lands in whichever field, the import answers with its own refusal (or
    takes a value that is fine there, such as an empty note): nothing else escapes."""
    record = full_record(db)
    outcomes = set()
    for path in field_paths(record):
        for value in ODD_VALUES:
            crafted = json.loads(json.dumps(record))
            node = crafted
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value
            try:
                portability.import_zip(target, store.Viewer(TARGET), as_zip(crafted), noon(TODAY))
                outcomes.add("imported")
            except ImportRejected as e:
                assert not SERVER_DETAIL.search(str(e)), (path, value)
                outcomes.add("refused")
    assert outcomes == {"imported", "refused"}
