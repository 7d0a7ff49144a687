"""Every screen survives odd dates already in the database: one bad row never locks a workspace."""

import json
from datetime import date, timedelta

import pytest
from conftest import NOW, choose_client, owner_of

import ui
from coach import store
from coach.profiles import Profile

FUTURE = (date.today() + timedelta(days=40)).isoformat()
ODD_DATES = {"year 999": "999-01-01", "year 9999": "9999-12-31", "future": FUTURE}
SCREENS = ui.menu_paths()


def plant(db, owner_id: str, client_id: int, day: str) -> None:
    """One row with this date in every table that holds a date, written past the app's checks."""
    ids = {"owner_id": owner_id, "client_id": client_id}
    db.insert("log_entries", {**ids, "ts": f"{day}T00:00", "pain": 4, "location": "centre",
                              "radiates": 0, "session_type": "strength", "minutes": 30,
                              "rpe": 5, "warmed_up": 0, "fluids": "ok", "notes": ""})  # fmt: skip
    db.insert("triages", {**ids, "ts": f"{day}T00:00:00", "level": "rest", "answers": "{}",
                          "result": '{"level": "rest", "reasons": [], "causes": [], '
                          '"advice": []}'})  # fmt: skip
    db.insert("form_checks", {**ids, "ts": f"{day}T00:00:00", "exercise_id": "deadlift",
                              "faults": "[]", "load_kg": None, "score": 5})  # fmt: skip
    db.insert("warmups", {**ids, "day": day, "session_type": "strength", "minutes": 10,
                          "completed_at": f"{day}T00:00:00"})  # fmt: skip
    plan = next(
        p
        for c in store.list_clients(db, store.Viewer(owner_id))
        if (p := store.current_plan(db, store.Viewer(owner_id), c.id))
    )
    plan_id = db.insert("plans", {**ids, "created": f"{day}T00:00:00", "start_day": day,
                                  "plan": json.dumps(plan.plan), "note": ""})  # fmt: skip
    db.insert("plan_sessions_done", {"owner_id": owner_id, "plan_id": plan_id, "week": 1,
                                     "session": 1, "done_on": day})  # fmt: skip
    db.insert("intakes", {**ids, "ts": f"{day}T00:00:00", "answers": "{}", "outcome": "clear",
                          "reasons": "[]"})  # fmt: skip


def open_every_screen(at, mode: str) -> None:
    for screen in SCREENS:
        at.switch_page(screen).run()
        assert not at.exception, (screen, mode, [e.value for e in at.exception])


@pytest.mark.parametrize("day", ODD_DATES.values(), ids=ODD_DATES.keys())
@pytest.mark.parametrize("mode", [ui.TRAINER, ui.PERSON])
def test_every_screen_opens_with_an_odd_date_among_normal_rows(at, app_db, day, mode):
    db = store.connect(app_db)
    owner = owner_of(at)
    store.set_owner_kind(db, owner, mode)
    client = store.list_clients(db, store.Viewer(owner))[0]
    plant(db, owner, client.id, day)
    choose_client(at, client.name)
    open_every_screen(at, mode)


@pytest.mark.parametrize("day", ODD_DATES.values(), ids=ODD_DATES.keys())
@pytest.mark.parametrize("mode", [ui.TRAINER, ui.PERSON])
def test_every_screen_opens_for_a_client_whose_only_rows_are_odd(at, app_db, day, mode):
    db = store.connect(app_db)
    owner = owner_of(at)
    store.set_owner_kind(db, owner, mode)
    client = store.add_client(db, store.Viewer(owner), Profile("Odd Dates", 30), NOW)
    plant(db, owner, client.id, day)
    at.run()
    choose_client(at, client.name)
    open_every_screen(at, mode)


def test_the_pain_log_lists_entries_outside_the_window_and_deletes_them(at, app_db):
    db = store.connect(app_db)
    owner = owner_of(at)
    client = store.add_client(db, store.Viewer(owner), Profile("Odd Dates", 30), NOW)
    for day in ODD_DATES.values():
        plant(db, owner, client.id, day)
    at.run()
    choose_client(at, client.name)
    at.switch_page("pages/5_Pain_log.py").run()
    assert "3 entries have a date before 1900 or after tomorrow" in at.warning[0].value
    assert sorted(at.dataframe[-1].value["ts"]) == sorted(f"{d}T00:00" for d in ODD_DATES.values())
    at.button(key="log_delete_outside").click().run()
    assert not at.exception
    assert db.scalar("SELECT COUNT(*) FROM log_entries WHERE client_id = ?", (client.id,)) == 0
