"""What one client's screens hold in session state never follows the picker to another client."""

import pytest
from conftest import choose_client, client_key

import ui
from coach import logbook

OTHER = "Tom Okafor"


def tick_warm_up_steps(at):
    for box in at.checkbox:
        box.check()


def warm_up_steps_ticked(at):
    return any(box.value for box in at.checkbox)


def leave_out_age(at):
    at.checkbox(key=client_key(at, "summary_include", "age")).uncheck()


def age_left_out(at):
    return not at.checkbox(key=client_key(at, "summary_include", "age")).value


def upload_a_log(at):
    at.file_uploader(key=client_key(at, "log_upload")).upload(
        "log.csv", logbook.csv_template().encode(), "text/csv"
    )


def import_offered(at):
    return any(b.label == "Import" for b in at.main.button)


@pytest.mark.parametrize(
    ("page", "change", "changed"),
    [
        ("pages/3_Warm_up.py", tick_warm_up_steps, warm_up_steps_ticked),
        ("pages/6_Client_summary.py", leave_out_age, age_left_out),
        ("pages/5_Pain_log.py", upload_a_log, import_offered),
    ],
    ids=["warm-up steps", "report details", "upload"],
)
def test_a_change_for_one_client_does_not_show_for_the_next(at, page, change, changed):
    at.switch_page(page).run()
    change(at)
    at.run()
    assert not at.exception
    assert changed(at)
    first = at.session_state[ui.CLIENT_ID]
    choose_client(at, OTHER)
    assert at.session_state[ui.CLIENT_ID] != first
    assert not changed(at)


CLIENT_PAGES = [
    "pages/0_My_week.py",
    "pages/2_Form_check.py",
    "pages/4_Core_plan.py",
    "pages/5_Pain_log.py",
    "pages/6_Client_summary.py",
    "pages/7_Clients.py",
    "pages/8_Intake.py",
]


@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_every_form_about_a_client_is_that_clients_form(at, page):
    """A browser keeps a form's unsent input by the form's identity; naming the client in it
    means nothing typed for one client is ever submitted for another."""
    choose_client(at, "Priya Shah")  # open referral, so the clearance form shows too
    at.switch_page(page).run()
    forms = {b.form_id for b in at.main.button if b.form_id}
    forms -= {"clients_add", "account_erase_all", "account_add_trainer"}
    assert forms
    client_id = str(at.session_state[ui.CLIENT_ID])
    assert all(client_id in form.split("_") for form in forms), forms
