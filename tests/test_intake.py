import pytest

from coach.intake import CLEARED, NEEDS_CLEARANCE, assess_intake, questions

NO = {q.id: False for q in questions()}


def test_all_no_means_cleared_to_start_gradually():
    result = assess_intake(NO)
    assert result.outcome == CLEARED and result.reasons == []
    assert "gradually" in result.text


@pytest.mark.parametrize("question", [q.id for q in questions() if q.needs_clearance])
def test_any_clearance_yes_means_clearance_first(question):
    result = assess_intake({**NO, question: True})
    assert result.outcome == NEEDS_CLEARANCE
    assert [q.id for q in result.reasons] == [question]


def test_back_history_notes_do_not_block_but_are_listed():
    result = assess_intake({**NO, "back_pain_now": True, "earlier_back_episodes": True})
    assert result.outcome == CLEARED
    assert any("triage" in q.reason for q in result.notes)


def test_covers_the_parq_domains():
    domains = {q.domain for q in questions()}
    assert {
        "Heart and circulation",
        "Chest pain",
        "Dizziness or fainting",
        "Medication",
        "Other long-term conditions",
        "Bones, joints and back",
        "Supervision",
    } <= domains


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "missing"),
        ({**NO, "extra": True}, "extra: unknown"),
        ({**NO, "chest_pain": "no"}, "chest_pain"),
    ],
)
def test_bad_answers_are_named(answers, message):
    with pytest.raises(ValueError, match=message):
        assess_intake(answers)
