"""The client summary, today's advice and the referral report built from it."""

import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pypdf
import pytest
from conftest import ME, NOW, OWNER

from coach import charts, demo, documents, store, summary
from coach.content import pain_rule, sources
from coach.logbook import LogEntry
from coach.triage import Level, assess
from coach.triage import content as triage_content

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db):
    demo.seed(db, OWNER, TODAY, NOW)
    return {c.name: c.id for c in store.list_clients(db, ME)}


def test_open_referral_comes_first_in_todays_advice(db, seeded):
    info = summary.client_summary(db, ME, seeded["Priya Shah"], TODAY)
    assert info.open_referral is not None
    assert summary.todays_advice(info, TODAY).title == "See a doctor or physio soon"
    assert any(c.startswith("New:") for c in info.changes)


def test_no_check_and_no_log_invites_a_check_rather_than_saying_train(db, client):
    info = summary.client_summary(db, ME, client.id, TODAY)
    advice = summary.todays_advice(info, TODAY)
    assert advice.title == "No check saved yet"
    assert advice.next_page == summary.TRIAGE_PAGE


@pytest.mark.parametrize(("pain", "level"), [(2, None), (4, Level.REST), (8, Level.SEE_CLINICIAN)])
def test_pain_logged_today_at_the_rest_level_or_above_says_so(db, client, pain, level):
    when = datetime.combine(TODAY, time(7, 30))
    store.add_entry(db, ME, client.id, LogEntry(ts=when, pain=pain), NOW)
    advice = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    if level is None:
        assert advice.title == "Train with care"
    else:
        assert advice.title == triage_content().levels[level].title
        assert f"You logged pain of {pain}/10 today." in advice.text
        assert advice.next_page == summary.TRIAGE_PAGE


def test_pain_logged_yesterday_does_not_decide_today(db, client):
    when = datetime.combine(TODAY - timedelta(days=1), time(7, 30))
    store.add_entry(db, ME, client.id, LogEntry(ts=when, pain=8), NOW)
    advice = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    assert advice.title == "Train with care"


def test_a_rest_triage_done_today_means_rest_today(db, client):
    answers = demo.baseline_answers(pain_now=4)
    result = assess(answers).to_dict()
    store.save_triage(db, ME, client.id, answers, result, datetime.combine(TODAY, time(9)))
    advice = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    assert advice.title == triage_content().levels[Level.REST].title


def test_rising_pain_means_go_easy_today(db, seeded):
    info = summary.client_summary(db, ME, seeded["Tom Okafor"], TODAY)
    assert summary.todays_advice(info, TODAY).title.startswith("Go easy today")


def test_a_client_free_to_train_reads_the_pain_rule_today(db, seeded):
    info = summary.client_summary(db, ME, seeded["Jordan Blake"], TODAY)
    advice = summary.todays_advice(info, TODAY)
    assert advice.title == "Train with care"
    assert pain_rule().text in advice.text


def test_next_session_is_the_first_undone_from_today(db, seeded):
    info = summary.client_summary(db, ME, seeded["Maya Chen"], TODAY)
    upcoming = summary.next_session(info, TODAY)
    assert upcoming.day >= TODAY
    assert (upcoming.week, upcoming.session) not in info.done


def referral_text(info, include, author=None) -> str:
    png = charts.to_png(charts.pain_chart(info.report.chart_data), scale=1)
    author = author or documents.Author("Alex Trainer", "alex@example.org")
    pdf = documents.referral_pdf(info, include, png, TODAY, author)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert any(page.images for page in reader.pages)
    return "\n".join(p.extract_text() for p in reader.pages)


def test_referral_pdf_has_the_sections_and_only_the_chosen_details(db, seeded):
    info = summary.client_summary(db, ME, seeded["Priya Shah"], TODAY)
    text = referral_text(info, {"age", "goals"})
    for section in (
        "Referral summary: Priya Shah",
        "Date: 25 Nov 2026",
        "Prepared by: Alex Trainer, alex@example.org",
        "Client details",
        "Latest triage",
        "See a doctor or physio soon",
        "Pain (0-10), last 90 days",
        "Training load",
        "not a diagnosis",
        "References",
    ):
        assert section in text, section
    assert "Stay strong for gardening" in text
    assert "Referred to her GP" not in text  # notes were not chosen


def test_referral_pdf_cites_by_number_and_lists_every_source_it_cites(db, seeded):
    info = summary.client_summary(db, ME, seeded["Priya Shah"], TODAY)
    text = referral_text(info, {"age"})
    body, references = text.split("References", 1)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited and cited == set(range(1, len(cited) + 1))
    for n in cited:
        assert re.search(rf"^{n}\. ", references, re.M), n
    assert not set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text)) & set(sources())


def test_referral_pdf_gives_one_age_and_no_week_after_today(db, seeded):
    info = summary.client_summary(db, ME, seeded["Tom Okafor"], TODAY)
    text = referral_text(info, {"age"})
    assert "Current core plan" in text
    assert re.findall(r"^Age\b.*$", text, re.M) == [f"Age {info.client.age}"]
    assert "Age in years" not in text
    weeks = re.findall(r"Week of \w{3} (\d+) (\w{3})", text)
    assert weeks
    for day, month in weeks:
        monday = datetime.strptime(f"{day} {month} {TODAY.year}", "%d %b %Y").date()
        assert monday <= TODAY and monday.weekday() == 0


def test_referral_pdf_leaves_out_empty_sections_and_shows_form_findings(db, client):
    store.save_form_check(db, ME, client.id, "conventional_deadlift", ["rounded_back"], 70, None,
                          datetime(2026, 11, 20, 9, tzinfo=UTC))  # fmt: skip
    store.save_form_check(db, ME, client.id, "conventional_deadlift", ["rounded_back"], 75, None,
                          datetime(2026, 11, 22, 9, tzinfo=UTC))  # fmt: skip
    info = summary.client_summary(db, ME, client.id, TODAY)
    text = referral_text(info, set(), documents.Author("Alex Trainer"))
    assert "Prepared by: Alex Trainer\n" in text
    for empty in ("Latest triage", "Training load", "Current core plan", "0 of 0", "References"):
        assert empty not in text, empty
    assert "Form checks" in text and "seen in 2 checks" in text


def test_todays_advice_speaks_of_the_client_when_their_trainer_reads_it(db, client):
    store.add_entry(db, ME, client.id, LogEntry(ts=datetime.combine(TODAY, time(9)), pain=8), NOW)
    info = summary.client_summary(db, ME, client.id, TODAY)
    for_trainer = summary.todays_advice(info, TODAY, name="Sam")
    assert for_trainer.text.startswith("Sam logged pain of 8/10 today.")
    assert "Sam's back" in for_trainer.next_label and "my back" not in for_trainer.next_label
    assert summary.todays_advice(info, TODAY).text.startswith("You logged")


def test_pain_during_exercise_above_the_rule_says_ease_off(db, client):
    rule = pain_rule()
    when = datetime.combine(TODAY, time(18))
    entry = LogEntry(ts=when, pain=2, pain_during=rule.during_max + 1)
    store.add_entry(db, ME, client.id, entry, NOW, by_client=True)
    advice = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    assert advice.title == rule.advice.title
    assert f"{rule.during_max + 1}/10 during exercise" in advice.text
    assert "lower the load" in advice.text.lower()
    assert "settles within a few days" not in advice.text
    assert advice.source == rule.source


def test_pain_high_enough_to_rest_keeps_the_rest_advice_and_names_the_pain_during(db, client):
    """Rest is the stricter step: easing off must not replace it, and the pain during exercise
    is still said, in the rule's words."""
    rule = pain_rule()
    when = datetime.combine(TODAY, time(18))
    entry = LogEntry(ts=when, pain=7, pain_during=rule.during_max + 1)
    store.add_entry(db, ME, client.id, entry, NOW, by_client=True)
    advice = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    assert advice.title == triage_content().levels[Level.REST].title
    note = rule.advice.during_note.format(during=rule.during_max + 1, during_max=rule.during_max)
    assert (
        advice.text
        == f"You logged pain of 7/10 today. {note} {triage_content().levels[Level.REST].action}"
    )


def test_an_open_referral_stays_first_over_pain_during_exercise(db, seeded):
    when = datetime.combine(TODAY, time(18))
    entry = LogEntry(ts=when, pain=4, pain_during=pain_rule().during_max + 1)
    store.add_entry(db, ME, seeded["Priya Shah"], entry, NOW)
    info = summary.client_summary(db, ME, seeded["Priya Shah"], TODAY)
    assert summary.todays_advice(info, TODAY).title == "See a doctor or physio soon"


def test_a_cleared_emergency_from_today_is_no_longer_todays_advice(db, client):
    """Cleared by a clinician: the summary stops saying get care now, as the training gate
    and the roster already do."""
    answers = demo.baseline_answers(fever_or_unwell=True)
    result = assess(answers)
    assert result.level.is_urgent
    saved_at = datetime.combine(TODAY, time(9), tzinfo=UTC)
    triage_id = store.save_triage(db, ME, client.id, answers, result.to_dict(), saved_at)
    before = summary.todays_advice(summary.client_summary(db, ME, client.id, TODAY), TODAY)
    assert before.title == triage_content().levels[result.level].title
    store.clear_triage(db, ME, triage_id, "Dr Hale", TODAY, "", saved_at + timedelta(hours=3))
    info = summary.client_summary(db, ME, client.id, TODAY)
    after = summary.todays_advice(info, TODAY)
    assert info.open_referral is None
    assert after.title != before.title and "emergency" not in after.text.lower()


def test_clearing_the_newest_referral_closes_the_older_ones_too(db, client):
    answers = demo.baseline_answers(radiating="thigh")
    result = assess(answers).to_dict()
    for day in (TODAY - timedelta(days=3), TODAY - timedelta(days=1)):
        store.save_triage(db, ME, client.id, answers, result, datetime.combine(day, time(9)))
    newest = store.list_triages(db, ME, client.id)[0]
    store.clear_triage(
        db, ME, newest.id, "Dr Lee", TODAY, "", NOW.replace(year=2026, month=11, day=26)
    )
    info = summary.client_summary(db, ME, client.id, TODAY)
    assert info.open_referral is None
    assert (
        summary.todays_advice(info, TODAY).title
        != triage_content().levels[Level(newest.level)].title
    )
