from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import ME, NOW, THEM

from coach import demo, store
from coach.triage import assess

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def stories():
    return {c.story: c for c in demo.generate(seed=7, today=TODAY)}


def frame(client) -> pd.DataFrame:
    return pd.DataFrame([e.to_row() | {"load": e.load} for e in client.entries]).assign(
        date=lambda f: pd.to_datetime(f["ts"])
    )


def test_same_seed_and_day_give_the_same_data():
    assert demo.generate(3, TODAY) == demo.generate(3, TODAY)
    assert demo.generate(3, TODAY) != demo.generate(4, TODAY)


def test_at_least_six_clients_with_three_months_of_history(stories):
    assert len(stories) >= 6
    long_ones = [c for c in stories.values() if c.story != "new"]
    for client in long_ones:
        span = max(e.ts for e in client.entries) - min(e.ts for e in client.entries)
        assert span >= timedelta(days=90), client.story
        assert all(e.ts.date() < TODAY for e in client.entries)


def test_improving_client_ends_at_least_two_points_lower(stories):
    f = frame(stories["improving"])
    assert f["pain"].head(14).mean() - f["pain"].tail(14).mean() >= 2


def test_load_spike_client_worsens_after_the_jump(stories):
    f = frame(stories["load_spike"]).query("session_type != 'check_in'")
    before, after = f[f["date"] < f["date"].max() - pd.Timedelta(days=12)], f.tail(3)
    assert after["load"].mean() > 1.5 * before["load"].mean()
    assert after["pain"].mean() - before["pain"].mean() >= 2


def test_red_flag_client_has_a_referral_on_record(stories):
    levels = [assess(answers).level for _, answers in stories["red_flag"].triages]
    assert any(level.is_referral for level in levels)


def test_warm_up_skipper_hurts_more_the_morning_after_skipping(stories):
    f = frame(stories["skips_warm_up"]).query("session_type != 'check_in'")
    skipped = f[~f["warmed_up"]]["pain_next_morning"].mean()
    warmed = f[f["warmed_up"]]["pain_next_morning"].mean()
    assert (~f["warmed_up"]).mean() > 0.5
    assert skipped - warmed >= 2


def test_new_client_has_almost_no_data(stories):
    assert 1 <= len(stories["new"].entries) <= 3


def test_seed_writes_everything_for_the_owner(db):
    from conftest import OWNER

    assert demo.seed(db, OWNER, TODAY, NOW) == 6
    clients = store.list_clients(db, ME)
    assert len(clients) == 6
    assert store.list_clients(db, THEM) == []
    priya = next(c for c in clients if c.name == "Priya Shah")
    assert store.list_triages(db, ME, priya.id)[0].level == "see_clinician"


def test_a_demo_clients_history_starts_with_their_adding(db):
    """The walk read "Client added" today above triages from August: added came last."""
    from conftest import OWNER, noon

    demo.seed(db, OWNER, TODAY, noon(TODAY))
    for client in store.list_clients(db, ME):
        oldest = store.client_history(db, ME, client.id)[-1]
        assert oldest.action == "added", client.name


def test_seeded_plans_show_each_storys_adherence(db):
    from conftest import OWNER

    from coach.plans import Plan, adherence, schedule

    demo.seed(db, OWNER, TODAY, NOW)
    rates = {}
    for client in store.list_clients(db, ME):
        row = store.current_plan(db, ME, client.id)
        if row is None:
            continue
        plan = Plan.from_dict(row.plan)
        bookings = schedule(plan, row.start_day, client.training_days)
        done, due = adherence(bookings, store.sessions_done(db, ME, row.id), TODAY)
        rates[client.name] = done / due
    assert rates["Jordan Blake"] == 1.0
    assert rates["Maya Chen"] > rates["Tom Okafor"]
    assert "Lena Novak" not in rates


def test_the_demo_is_worked_out_once_a_day_outside_the_write(db, monkeypatch):
    from conftest import OTHER_OWNER, OWNER

    demo.seed(db, OWNER, TODAY, NOW)
    monkeypatch.setattr(demo, "generate", lambda *args: pytest.fail("worked out again"))
    demo.seed(db, OTHER_OWNER, TODAY, NOW)
    first, second = store.list_clients(db, ME), store.list_clients(db, THEM)
    assert [c.name for c in first] == [c.name for c in second]
    assert db.scalar("SELECT COUNT(*) FROM log_entries WHERE owner_id = ?", (OWNER,)) == db.scalar(
        "SELECT COUNT(*) FROM log_entries WHERE owner_id = ?", (OTHER_OWNER,)
    )


def test_the_stories_times_of_day_are_the_persons_own(db):
    """A story's 9 am triage is 9 am where the person is, not 9 am UTC shown as 10 am in Berlin."""
    from zoneinfo import ZoneInfo

    from conftest import OWNER

    berlin = ZoneInfo("Europe/Berlin")
    demo.seed(db, OWNER, TODAY, NOW.astimezone(berlin))
    triages = [t for c in store.list_clients(db, ME) for t in store.list_triages(db, ME, c.id)]
    told = {
        when.time()
        for client in demo.generate(demo.DEFAULT_SEED, TODAY)
        for when, _ in client.triages
    }
    assert {t.ts.astimezone(berlin).time() for t in triages} == told


def test_every_number_behind_the_demos_findings_has_words(stories):
    """The flag cards show each number beside its words from labels.toml, never its key."""
    from coach.content import labels
    from coach.trends import analyze

    shown = {
        key
        for client in stories.values()
        for finding in analyze(frame(client)).findings.values()
        for key in finding.numbers
    }
    assert len(shown) >= 10  # the stories raise most kinds of flag
    assert shown <= set(labels().values["finding_number"])
