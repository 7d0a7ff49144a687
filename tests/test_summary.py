"""The client summary, today's advice and the referral report built from it."""

import io
from datetime import date, datetime, time, timedelta

import pypdf
import pytest
from conftest import NOW, OWNER

from coach import charts, demo, documents, store, summary
from coach.content import pain_rule
from coach.logbook import LogEntry
from coach.triage import Level, assess
from coach.triage import content as triage_content

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db):
    demo.seed(db, OWNER, TODAY, NOW)
    return {c.name: c.id for c in store.list_clients(db, OWNER)}


def test_open_referral_comes_first_in_todays_advice(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Priya Shah"], TODAY)
    assert info.open_referral is not None
    assert summary.todays_advice(info, TODAY).title == "See a doctor or physio soon"
    assert any(c.startswith("New:") for c in info.changes)


def test_no_check_and_no_log_invites_a_check_rather_than_saying_train(db, client):
    info = summary.client_summary(db, OWNER, client.id, TODAY)
    advice = summary.todays_advice(info, TODAY)
    assert advice.title == "No check yet"
    assert advice.next_page == summary.TRIAGE_PAGE


@pytest.mark.parametrize(("pain", "level"), [(2, None), (4, Level.REST), (8, Level.SEE_CLINICIAN)])
def test_pain_logged_today_at_the_rest_level_or_above_says_so(db, client, pain, level):
    when = datetime.combine(TODAY, time(7, 30))
    store.add_entry(db, OWNER, client.id, LogEntry(ts=when, pain=pain))
    advice = summary.todays_advice(summary.client_summary(db, OWNER, client.id, TODAY), TODAY)
    if level is None:
        assert advice.title == "Train with care"
    else:
        assert advice.title == triage_content().levels[level].title
        assert f"You logged pain of {pain}/10 today." in advice.text
        assert advice.next_page == summary.TRIAGE_PAGE


def test_pain_logged_yesterday_does_not_decide_today(db, client):
    when = datetime.combine(TODAY - timedelta(days=1), time(7, 30))
    store.add_entry(db, OWNER, client.id, LogEntry(ts=when, pain=8))
    advice = summary.todays_advice(summary.client_summary(db, OWNER, client.id, TODAY), TODAY)
    assert advice.title == "Train with care"


def test_a_rest_triage_done_today_means_rest_today(db, client):
    answers = demo.baseline_answers(pain_now=4)
    result = assess(answers).to_dict()
    store.save_triage(db, OWNER, client.id, answers, result, datetime.combine(TODAY, time(9)))
    advice = summary.todays_advice(summary.client_summary(db, OWNER, client.id, TODAY), TODAY)
    assert advice.title == triage_content().levels[Level.REST].title


def test_rising_pain_means_go_easy_today(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Tom Okafor"], TODAY)
    assert summary.todays_advice(info, TODAY).title.startswith("Go easy today")


def test_a_client_free_to_train_reads_the_pain_rule_today(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Jordan Blake"], TODAY)
    advice = summary.todays_advice(info, TODAY)
    assert advice.title == "Train with care"
    assert pain_rule().text in advice.text


def test_next_session_is_the_first_undone_from_today(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Maya Chen"], TODAY)
    upcoming = summary.next_session(info, TODAY)
    assert upcoming.day >= TODAY
    assert (upcoming.week, upcoming.session) not in info.done


def test_referral_pdf_has_the_sections_and_only_the_chosen_details(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Priya Shah"], TODAY)
    png = charts.to_png(charts.pain_chart(info.report.chart_data), scale=1)
    pdf = documents.referral_pdf(info, {"age", "goals"}, png, TODAY)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for section in (
        "Referral summary: Priya Shah",
        "25 November 2026",
        "Client details",
        "Latest triage",
        "See a doctor or physio soon",
        "Pain (0-10), last 90 days",
        "Training load",
        "Current core plan",
        "not a diagnosis",
    ):
        assert section in text, section
    assert "Stay strong for gardening" in text
    assert "Referred to her GP" not in text  # notes were not chosen
    assert any(page.images for page in reader.pages)
