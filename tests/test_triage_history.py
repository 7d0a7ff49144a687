import pytest
from conftest import ME, NOW, THEM

from coach import store, triage_history
from coach.demo import baseline_answers
from coach.errors import NotFound
from coach.triage import assess


def test_the_first_triage_has_nothing_to_compare_with(db, client):
    answers = baseline_answers()
    saved = triage_history.save(db, ME, client.id, answers, assess(answers), NOW)
    assert saved.changes is None
    assert [t.id for t in store.list_triages(db, ME, client.id)] == [saved.id]


def test_a_later_triage_says_what_changed_since_the_one_before(db, client):
    calm, worse = baseline_answers(), baseline_answers(pain_now=5, radiating="thigh")
    triage_history.save(db, ME, client.id, calm, assess(calm), NOW)
    saved = triage_history.save(db, ME, client.id, worse, assess(worse), NOW)
    assert saved.changes and any("more serious" in note for note in saved.changes)
    history = store.list_triages(db, ME, client.id)
    assert triage_history.changes_between(history[1], history[0]) == saved.changes


def test_the_same_answers_again_say_nothing_changed(db, client):
    answers = baseline_answers()
    triage_history.save(db, ME, client.id, answers, assess(answers), NOW)
    saved = triage_history.save(db, ME, client.id, answers, assess(answers), NOW)
    assert saved.changes == ("Nothing has changed since the last check.",)


def test_another_owners_client_is_refused_and_nothing_is_saved(db, client):
    answers = baseline_answers()
    with pytest.raises(NotFound):
        triage_history.save(db, THEM, client.id, answers, assess(answers), NOW)
    assert store.list_triages(db, ME, client.id) == []
