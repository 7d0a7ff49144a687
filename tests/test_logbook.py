import re
from datetime import date

import pandas as pd
import pytest
from conftest import ME, NOW

from coach import exports, import_rows, logbook, store
from coach.errors import ImportRejected, InvalidInput
from coach.logbook import LogEntry, csv_template, parse_csv

TODAY = date(2026, 11, 25)

HEADER = ",".join(logbook.CSV_COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def test_template_parses_back():
    entries = parse_csv(csv_template().encode(), TODAY)
    assert [e.pain for e in entries] == [2, 1]
    assert entries[0].load == 6 * 45


def test_session_load_is_effort_times_minutes_for_one_session_or_a_column():
    assert logbook.session_load(6, 45) == 270
    loads = logbook.session_load(pd.Series([6.0, None]), pd.Series([45.0, 30.0]))
    assert loads.iloc[0] == 270 and pd.isna(loads.iloc[1])


def test_only_date_and_pain_are_required():
    entries = parse_csv(b"datetime,pain\n2026-01-05T08:00,3\n", TODAY)
    assert entries[0].session_type == "check_in" and entries[0].pain_during is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"datetime,pain\n", "no rows"),
        (b"pain\n3\n", "missing column 'Date and time'"),
        (b"datetime,pain,shoe\n2026-01-01T08:00,1,9\n", "unknown column 'shoe'"),
        (b"datetime,pain\n2026-13-01T08:00,3\n", "row 2: Date and time"),
        (b"datetime,pain\nyesterday,3\n", "row 2: Date and time"),
        (b"datetime,pain\n2026-01-01T08:00,11\n", "row 2: Pain now"),
        (b"datetime,pain\n2026-01-01T08:00,\n", "row 2: Pain now: is empty"),
        (b"datetime,pain\n2026-01-01T08:00,3,4\n", "row 2: more values"),
        (b"datetime,pain,warmed_up\n2026-01-01T08:00,3,maybe\n", "row 2: Warmed up"),
        (
            b"datetime,pain,location\n2026-01-01T08:00,3,neck\n",
            "row 2: Where: 'neck' is not one of Centre, Left side",
        ),
        ("datetime,pain,notes\n2026-01-01T08:00,3,caf\xe9\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_are_rejected_with_row_level_messages(data, message):
    with pytest.raises(ImportRejected, match=message):
        parse_csv(data, TODAY)


def test_every_bad_row_is_listed():
    data = csv_bytes(*(f"2026-01-0{d}T08:00,{p},,,centre,no,strength,30,5,yes,ok," for d, p in
                       [(1, 3), (2, 12), (3, 4), (4, -1)]))  # fmt: skip
    with pytest.raises(ImportRejected) as info:
        parse_csv(data, TODAY)
    assert [p.split(":")[0] for p in info.value.problems] == ["row 3", "row 5"]


def test_every_problem_in_a_row_is_listed_in_the_columns_words():
    data = csv_bytes("2026-01-01T08:00,12,,,back,maybe,strength,30,5,yes,ok,")
    with pytest.raises(ImportRejected) as info:
        parse_csv(data, TODAY)
    assert info.value.problems == [
        "row 2: Pain now: '12' is not a whole number from 0 to 10; "
        "Where: 'back' is not one of Centre, Left side, Right side, Buttock, Leg; "
        "Pain radiates: 'maybe' is not yes or no"
    ]


def test_categories_and_headings_read_as_ids_or_words_in_any_case():
    data = (
        b"Date and time,PAIN NOW,session_type,Where,fluids\n"
        b"2026-01-01 08:00,3,Strength,left side,TOO LITTLE\n"
        b"2026-01-02 08:00,2,check_in,CENTRE,ok\n"
    )
    first, second = parse_csv(data, TODAY)
    assert (first.session_type, first.location, first.fluids) == ("strength", "left", "low")
    assert (second.session_type, second.location, second.fluids) == ("check_in", "centre", "ok")


def test_the_template_and_exports_carry_words_not_ids():
    template = csv_template()
    assert template.splitlines()[0].startswith("Date and time,Pain now,Pain during exercise")
    assert "check_in" not in template and "Check-in (no training)" in template
    assert "2026-01-05 18:30,2,3,2,Centre,no,Strength,45,6,yes,Enough," in template


def test_an_entry_already_in_the_log_is_found_and_a_repeat_within_a_file_counts_once(db, client):
    entries = parse_csv(csv_template().encode(), TODAY)
    store.add_entries(db, ME, client.id, entries[:1], NOW)
    stored = store.entries_frame(db, ME, client.id)
    assert logbook.already_logged([*entries, entries[1]], stored) == [True, False, True]
    changed = LogEntry(ts=entries[0].ts, pain=entries[0].pain + 1)
    assert logbook.already_logged([changed], stored) == [False]


def test_too_many_rows_are_refused():
    rows = "\n".join("2026-01-01T08:00,1" for _ in range(logbook.MAX_IMPORT_ROWS + 1))
    with pytest.raises(ImportRejected, match="more than 20,000 rows"):
        parse_csv(f"datetime,pain\n{rows}\n".encode(), TODAY)


def test_oversized_file_is_refused_before_parsing():
    with pytest.raises(ImportRejected, match="larger than 5 MB"):
        parse_csv(b"datetime,pain\n" + b"x" * (logbook.MAX_IMPORT_BYTES + 1), TODAY)


def test_a_rejected_import_writes_nothing(db, client):
    with pytest.raises(ImportRejected):
        store.add_entries(
            db, ME, client.id, parse_csv(b"datetime,pain\n2026-01-01T08:00,1\nx,2\n", TODAY), NOW
        )
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == 0


def test_export_round_trips_through_import(db, client):
    entries = parse_csv(csv_template().encode(), TODAY)
    store.add_entries(db, ME, client.id, entries, NOW)
    exported = exports.to_csv(logbook.export_frame(store.entries_frame(db, ME, client.id)))
    assert parse_csv(exported.encode(), TODAY) == entries


def test_answers_not_given_stay_not_given_through_export_import_and_edits(db, client):
    when = pd.Timestamp("2026-11-20 08:00").to_pydatetime()
    entry = LogEntry.check_in(when, 3)
    assert (entry.rpe, entry.location, entry.radiates, entry.fluids) == (None, None, None, None)
    store.add_entry(db, ME, client.id, entry, NOW)
    stored = store.entries_frame(db, ME, client.id)
    assert stored["radiates"].isna().tolist() == [True]  # a blank box in the table, not "no"
    exported = exports.to_csv(logbook.export_frame(stored))
    assert parse_csv(exported.encode(), TODAY) == [entry]
    assert list(logbook.entries_from_table(stored, TODAY).values()) == [entry]
    row = import_rows.log_row(entry.to_row(), TODAY)
    assert (row["rpe"], row["location"], row["radiates"], row["fluids"]) == (None,) * 4


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_export_neutralises_formulas(text):
    out = exports.to_csv(pd.DataFrame({"notes": [text], "pain": [1]}))
    assert out.splitlines()[1].startswith(("'", "\"'"))


def test_entry_validation_names_the_field():
    with pytest.raises(InvalidInput, match="pain_next_morning"):
        LogEntry(ts=pd.Timestamp("2026-01-01").to_pydatetime(), pain=1, pain_next_morning=11)


def test_table_edits_are_validated_all_together(db, client):
    store.add_entries(db, ME, client.id, parse_csv(csv_template().encode(), TODAY), NOW)
    table = store.entries_frame(db, ME, client.id)
    table.loc[0, "pain"] = 7
    assert logbook.entries_from_table(table, TODAY)[int(table.loc[0, "id"])].pain == 7
    table.loc[1, "pain"] = None
    with pytest.raises(ImportRejected, match="pain"):
        logbook.entries_from_table(table, TODAY)


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"], ids=["CR", "LF", "CRLF"])
def test_cr_lf_and_crlf_read_alike_between_rows_and_inside_a_note(ending):
    rows = [
        "datetime,pain,notes",
        '2026-01-01T08:00,3,"felt ok' + ending + 'then sore"',
        "2026-01-02T08:00,2,",
    ]
    entries = parse_csv(ending.join(rows).encode(), TODAY)
    assert [(e.pain, e.notes) for e in entries] == [(3, "felt ok\nthen sore"), (2, "")]


def test_a_note_with_a_formula_after_a_bare_cr_round_trips_as_text(db, client):
    note = "felt ok\r=cmd|' /C calc'!A0"
    store.add_entries(
        db,
        ME,
        client.id,
        [LogEntry(ts=pd.Timestamp("2026-01-01").to_pydatetime(), pain=1, notes=note)],
        NOW,
    )
    exported = exports.to_csv(logbook.export_frame(store.entries_frame(db, ME, client.id)))
    assert [e.notes for e in parse_csv(exported.encode(), TODAY)] == [
        "felt ok\n'=cmd|' /C calc'!A0"
    ]


@pytest.mark.parametrize("value", ["1_0", "\u0665", "\uff15", "0x5", "5.0", "1e1", "+ 5"])
def test_only_plain_digits_are_whole_numbers(value):
    with pytest.raises(
        ImportRejected, match=f"row 2: Pain now: {re.escape(repr(value))} is not a whole"
    ):
        parse_csv(f"datetime,pain\n2026-01-01T08:00,{value}\n".encode(), TODAY)


def test_a_column_named_twice_is_refused():
    with pytest.raises(ImportRejected, match="column 'Pain now' appears more than once"):
        parse_csv(b"datetime,pain,pain\n2026-01-01T08:00,1,2\n", TODAY)


@pytest.mark.parametrize(
    ("rows", "row"),
    [
        ([], 2),
        (["2026-01-01T08:00,1,a"], 3),
        (['2026-01-01T08:00,1,"two\nlines"', "", "2026-01-02T08:00,1,b"], 5),
    ],
    ids=["first row", "third row", "after a two-line cell and a blank row"],
)
def test_an_oversized_field_is_reported_on_its_own_row(rows, row):
    big = "2026-01-03T08:00,1," + "x" * 200_000
    with pytest.raises(ImportRejected, match=f"^Nothing was imported: row {row}: not readable"):
        parse_csv("\n".join(["datetime,pain,notes", *rows, big]).encode(), TODAY)


def test_an_oversized_header_is_row_one():
    with pytest.raises(ImportRejected, match="row 1: not readable"):
        parse_csv(("datetime,pain," + "x" * 200_000 + "\n2026-01-01T08:00,1,\n").encode(), TODAY)


@pytest.mark.parametrize(
    "when", ["0999-01-01T08:00", "1899-12-31T23:59", "2026-11-27T00:00", "9999-12-31T08:00"]
)
def test_dates_outside_1900_to_tomorrow_are_refused(when):
    with pytest.raises(
        ImportRejected, match="row 2: Date and time: a date from 1900-01-01 to 2026-11-26"
    ):
        parse_csv(f"datetime,pain\n{when},3\n".encode(), TODAY)


@pytest.mark.parametrize("when", ["1900-01-01T00:00", "2026-11-26T23:59"])
def test_dates_at_the_edges_of_the_window_are_kept(when):
    assert parse_csv(f"datetime,pain\n{when},3\n".encode(), TODAY)[0].ts.isoformat()[:16] == when


def test_a_time_zone_is_refused_rather_than_dropped():
    with pytest.raises(ImportRejected, match="time zone"):
        parse_csv(b"datetime,pain\n2026-01-01T08:00+05:00,3\n", TODAY)


def test_a_table_edit_to_year_999_is_refused(db, client):
    store.add_entries(db, ME, client.id, parse_csv(csv_template().encode(), TODAY), NOW)
    table = store.entries_frame(db, ME, client.id)
    table["date"] = table["date"].astype(object)
    table.at[0, "date"] = pd.Timestamp("2026-01-01").to_pydatetime().replace(year=999)
    with pytest.raises(ImportRejected, match="date: a date from 1900-01-01"):
        logbook.entries_from_table(table, TODAY)
