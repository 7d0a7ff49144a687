"""The client summary, today's advice and the referral report built from it."""

import io
from datetime import date

import pypdf
import pytest
from conftest import NOW, OWNER

from coach import charts, demo, documents, store, summary
from coach.content import pain_rule

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db):
    demo.seed(db, OWNER, TODAY, NOW)
    return {c.name: c.id for c in store.list_clients(db, OWNER)}


def test_open_referral_comes_first_in_todays_advice(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Priya Shah"], TODAY)
    assert info.open_referral is not None
    assert summary.todays_advice(info).title == "See a clinician soon"
    assert any(c.startswith("New:") for c in info.changes)


def test_rising_pain_means_go_easy_today(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Tom Okafor"], TODAY)
    assert summary.todays_advice(info).title.startswith("Go easy today")


def test_a_client_free_to_train_reads_the_pain_rule_today(db, seeded):
    info = summary.client_summary(db, OWNER, seeded["Jordan Blake"], TODAY)
    advice = summary.todays_advice(info)
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
        "See a clinician soon",
        "Pain (0-10), last 90 days",
        "Training load",
        "Current core plan",
        "not a diagnosis",
    ):
        assert section in text, section
    assert "Stay strong for gardening" in text
    assert "Referred to her GP" not in text  # notes were not chosen
    assert any(page.images for page in reader.pages)
