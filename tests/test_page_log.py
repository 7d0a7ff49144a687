"""AppTest flows for the pain log screen: add, edit, delete, import."""

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
    return store.entries_frame(store.connect(app_db), owner_of(at), at.session_state[ui.CLIENT_ID])


def test_flag_cards_and_charts_show_for_a_worsening_client(log_page):
    choose_client(log_page, "Tom Okafor")
    text = " ".join(m.value for m in log_page.markdown)
    assert "Pain is rising" in text and "Training load jumped" in text
    assert len(log_page.get("vega_lite_chart")) == 3


def test_add_entry_through_the_form(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    log_page.slider(key=client_key(log_page, "log_pain")).set_value(6)
    submit_form(log_page, client_key(log_page, "log_add"))
    after = entries_of(log_page, app_db)
    assert len(after) == before + 1
    assert after.iloc[-1]["pain"] == 6
    assert log_page.toast[0].value == "Entry saved"


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


def test_import_a_good_file(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    upload(log_page, logbook.csv_template().replace("2026-01-0", "2026-11-1").encode())
    assert len(entries_of(log_page, app_db)) == before + 2


def test_import_a_bad_file_changes_nothing_and_lists_rows(log_page, app_db):
    before = len(entries_of(log_page, app_db))
    upload(log_page, b"datetime,pain\n2026-11-01T08:00,11\nnot a date,2\n")
    assert "Nothing was imported" in log_page.error[0].value
    problems = log_page.dataframe[-1].value["problem"].tolist()
    assert problems[0].startswith("row 2: pain") and problems[1].startswith("row 3: datetime")
    assert len(entries_of(log_page, app_db)) == before


def test_the_form_cannot_store_a_date_outside_its_bounds(log_page, app_db):
    """Streamlit replaces a date outside the widget's bounds with the default (today)."""
    from datetime import date

    log_page.date_input[0].set_value(date(1899, 12, 31))
    submit_form(log_page, client_key(log_page, "log_add"))
    assert not log_page.exception
    assert entries_of(log_page, app_db)["date"].min().year >= 1900
