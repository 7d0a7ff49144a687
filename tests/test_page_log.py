"""AppTest flows for the pain log screen: add, edit, delete, import."""

from datetime import UTC, datetime

import pytest
from conftest import choose_client, client_key, owner_of, submit_form

import ui
from coach import logbook, store


@pytest.fixture
def log_page(at):
    at.switch_page("pages/5_Pain_log.py").run()
    assert not at.exception
    return at


def entries_of(at, app_db):
    return store.entries_frame(
        store.connect(app_db), store.Viewer(owner_of(at)), at.session_state[ui.CLIENT_ID]
    )


def test_flag_cards_and_charts_show_for_a_worsening_client(log_page):
    choose_client(log_page, "Tom Okafor")
    text = " ".join(m.value for m in log_page.markdown)
    assert "Pain is rising" in text and "Training load jumped" in text
    assert len(log_page.get("vega_lite_chart")) == 3


def fill_and_save(at, pain=None, **fields):
    """Fill the log form (pain tapped, other fields by label) and save it."""
    version_key = client_key(at, "log_form_version")
    # AppTest's session state has no .get()
    version = at.session_state[version_key] if version_key in at.session_state else 0  # noqa: SIM401
    if pain is not None:
        at.pills(key=client_key(at, "log_pain", version)).set_value(pain)
    form = client_key(at, "log_add", version)
    for label, value in fields.items():
        [widget] = [
            w for w in (*at.number_input, *at.selectbox) if w.label == label and w.form_id == form
        ]
        widget.set_value(value)
    submit_form(at, form)


def test_add_entry_through_the_form_then_the_form_is_empty_again(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    fill_and_save(log_page, 6)
    after = entries_of(log_page, app_db)
    assert len(after) == before + 1
    assert after.iloc[-1]["pain"] == 6
    assert log_page.toast[0].value == "Entry saved"
    assert log_page.pills(key=client_key(log_page, "log_pain", 1)).value is None


def test_the_form_starts_at_the_persons_date_and_time_with_no_pain_chosen(log_page):
    now = datetime.now(UTC)
    [when] = [t for t in log_page.time_input if t.label == "Time"]
    gap = datetime.combine(now.date(), when.value) - now.replace(tzinfo=None)
    assert abs(gap.total_seconds()) < 120 or abs(gap.total_seconds()) > 86_000
    assert log_page.pills(key=client_key(log_page, "log_pain", 0)).value is None


@pytest.mark.parametrize(
    ("pain", "fields", "message"),
    [
        (None, {}, "Choose the pain now"),
        (2, {"Session type": "strength"}, "A strength session needs its minutes"),
        (2, {"Minutes": 30}, "Minutes and effort belong to a training session"),
    ],
    ids=["no pain chosen", "training without minutes", "minutes on a check-in"],
)
def test_a_form_mistake_saves_nothing_and_says_what_to_change(
    log_page, app_db, pain, fields, message
):
    before = len(entries_of(log_page, app_db))
    fill_and_save(log_page, pain, **fields)
    assert message in log_page.error[0].value
    assert len(entries_of(log_page, app_db)) == before


def test_the_same_entry_twice_asks_before_saving_it_again(log_page, app_db):
    fill_and_save(log_page, 4)
    before = len(entries_of(log_page, app_db))
    [time_input] = [t for t in log_page.time_input if t.label == "Time"]
    saved = entries_of(log_page, app_db).iloc[-1]["date"].time()
    time_input.set_value(saved)
    fill_and_save(log_page, 4)
    assert "already has an entry" in log_page.warning[0].value
    assert len(entries_of(log_page, app_db)) == before
    log_page.button(key=client_key(log_page, "log_repeat_drop")).click().run()
    assert len(entries_of(log_page, app_db)) == before and not log_page.warning


def test_edit_and_delete_through_the_table(log_page, app_db):
    table = log_page.data_editor[0].value
    first_id, second_id = int(table.iloc[0]["id"]), int(table.iloc[1]["id"])
    log_page.session_state[log_page.data_editor[0].key] = {
        "edited_rows": {0: {"pain": 9}},
        "added_rows": [],
        "deleted_rows": [1],
    }
    log_page.run()
    log_page.button(key="log_save_table").click().run()
    assert not log_page.exception
    stored = entries_of(log_page, app_db).set_index("id")
    assert stored.loc[first_id, "pain"] == 9
    assert second_id not in stored.index


def test_bad_table_edit_changes_nothing(log_page, app_db):
    before = entries_of(log_page, app_db)
    log_page.session_state[log_page.data_editor[0].key] = {
        "edited_rows": {0: {"pain": None}},
        "added_rows": [],
        "deleted_rows": [1],
    }
    log_page.run()
    log_page.button(key="log_save_table").click().run()
    assert log_page.error[0].value.startswith("Nothing was saved: entry of")
    assert "pain" in log_page.error[0].value
    assert entries_of(log_page, app_db).equals(before)


def upload(at, data: bytes):
    at.file_uploader(key=client_key(at, "log_upload")).upload("log.csv", data, "text/csv").run()
    at.button(key="log_import").click().run()
    assert not at.exception


def test_import_a_good_file_and_again_adds_nothing_the_second_time(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    data = logbook.csv_template().replace("2026-01-0", "2026-11-1").encode()
    upload(log_page, data)
    assert len(entries_of(log_page, app_db)) == before + 2
    assert log_page.success[-1].value == "Imported 2 entries."
    upload(log_page, data)
    assert len(entries_of(log_page, app_db)) == before + 2
    assert log_page.success[-1].value == "Nothing new: all 2 rows are already in the log."


def test_import_a_bad_file_changes_nothing_and_lists_rows(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    upload(log_page, b"datetime,pain\n2026-11-01T08:00,11\nnot a date,2\n")
    assert log_page.status[0].label == "Nothing was imported"
    # As shown: unescaped, without the word joiners that keep "row 2:" from becoming a link.
    listed = log_page.status[0].markdown[0].value.replace("\\", "").replace("\u2060", "")
    assert "row 2: Pain now" in listed and "row 3: Date and time" in listed
    assert len(entries_of(log_page, app_db)) == before


def test_the_form_cannot_store_a_date_outside_its_bounds(log_page, app_db):
    """Streamlit replaces a date outside the widget's bounds with the default (today)."""
    from datetime import date

    log_page.date_input[0].set_value(date(1899, 12, 31))
    fill_and_save(log_page, 3)
    assert not log_page.exception
    assert entries_of(log_page, app_db)["date"].min().year >= 1900


def test_a_check_in_edited_in_the_table_keeps_what_it_never_asked_blank(log_page, app_db):
    db, who = store.connect(app_db), store.Viewer(owner_of(log_page))
    client_id = log_page.session_state[ui.CLIENT_ID]
    when = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)
    store.add_entry(db, who, client_id, logbook.LogEntry.check_in(when, 4), when)
    entry_id = db.scalar("SELECT MAX(id) FROM log_entries")
    log_page.run()
    assert not log_page.exception
    position = log_page.data_editor[0].value["id"].tolist().index(entry_id)
    log_page.session_state[log_page.data_editor[0].key] = {
        "edited_rows": {position: {"notes": "sore after deadlifts"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    log_page.run()
    log_page.button(key="log_save_table").click().run()
    assert not log_page.exception
    row = db.query("SELECT notes, radiates, location FROM log_entries WHERE id = ?", (entry_id,))
    assert row == [{"notes": "sore after deadlifts", "radiates": None, "location": None}]
