"""Fuzzing: odd input only ever raises the documented errors, and never half-writes."""

import string
from datetime import date

import pandas as pd
import pytest
from conftest import ME, NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import logbook, plans, store
from coach.demo import baseline_answers
from coach.errors import ImportRejected, InvalidInput
from coach.triage import EMERGENCY_KEYS, Level, TriageResult, assess, content

TODAY = date(2026, 11, 25)

KEYS = sorted(content().keys)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(st.dictionaries(st.sampled_from([*KEYS, "extra", ""]), anything, max_size=40))
def test_triage_rejects_or_assesses_arbitrary_answers(answers):
    try:
        result = assess(answers)
    except ValueError as e:
        assert isinstance(e, InvalidInput)
        assert str(e).split(":")[0] in [*KEYS, "extra", "", "answers"]
    else:
        assert isinstance(result, TriageResult)


valid_answers = st.fixed_dictionaries(
    {
        q.key: (
            st.booleans()
            if q.kind == "yes_no"
            else st.integers(q.min, q.max)
            if q.kind == "number"
            else st.sampled_from([v for v, _ in q.options])
        )
        for q in content().questions
    }
)


@FUZZ
@given(valid_answers, st.sampled_from(sorted(EMERGENCY_KEYS)))
def test_any_emergency_sign_always_means_emergency(answers, sign):
    result = assess({**answers, sign: True})
    assert result.level is Level.EMERGENCY
    assert result.advice and result.advice[0].source


@FUZZ
@given(valid_answers)
def test_every_outcome_leads_with_sourced_advice(answers):
    result = assess(answers)
    assert result.advice and result.advice[0].source


@FUZZ
@given(st.data())
def test_partial_answers_keep_the_contract(data):
    """Any subset of valid answers: an emergency sign still means emergency, `missing` names only
    unanswered keys, and a level is shown as decided only when nothing missing could raise it."""
    full = data.draw(valid_answers)
    answers = {k: v for k, v in full.items() if data.draw(st.booleans(), label=k)}
    result = assess(answers)
    emergency_sign = any(answers.get(k) is True for k in EMERGENCY_KEYS)
    assert result.level is Level.EMERGENCY or not emergency_sign
    assert not set(result.missing) & answers.keys()
    assert result.decided == (result.level.is_urgent or not result.missing)


@FUZZ
@given(
    st.fixed_dictionaries(
        {
            "level": st.one_of(st.sampled_from(plans.LEVELS), st.text(max_size=5)),
            "weeks": anything,
            "days_per_week": anything,
            "minutes_per_session": anything,
            "equipment": st.one_of(st.frozensets(st.text(max_size=6)), st.text(max_size=4)),
            "pain_now": anything,
        }
    )
)
def test_plan_inputs_raise_only_invalid_input(args):
    try:
        plan = plans.build_plan(**args)
    except InvalidInput:
        return
    assert len(plan.weeks) == args["weeks"]


csv_cell = st.text(alphabet=string.printable + "éß😀\x00", max_size=12)


@FUZZ
@given(st.lists(st.lists(csv_cell, min_size=1, max_size=14), max_size=8))
def test_csv_import_raises_only_import_rejected_and_writes_nothing_on_rejection(db, client, rows):
    header = ",".join(logbook.CSV_COLUMNS)
    body = "\n".join(",".join(r) for r in rows)
    before = db.scalar("SELECT COUNT(*) FROM log_entries")
    try:
        entries = logbook.parse_csv(f"{header}\n{body}".encode(), TODAY)
    except ImportRejected:
        assert db.scalar("SELECT COUNT(*) FROM log_entries") == before
        return
    store.add_entries(db, ME, client.id, entries, NOW)
    assert db.scalar("SELECT COUNT(*) FROM log_entries") == before + len(entries)


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "pain": anything,
                "pain_during": anything,
                "minutes": anything,
                "rpe": anything,
                "location": st.one_of(st.sampled_from(logbook.LOCATIONS), st.text(max_size=5)),
                "notes": st.one_of(st.text(max_size=30), st.none()),
            }
        ),
        min_size=1,
        max_size=4,
    )
)
def test_log_edits_raise_only_import_rejected_and_change_nothing(db, client, edits):
    store.add_entries(
        db, ME, client.id, logbook.parse_csv(logbook.csv_template().encode(), TODAY), NOW
    )
    table = store.entries_frame(db, ME, client.id)
    snapshot = table.copy()
    for i, edit in enumerate(edits[: len(table)]):
        for column, value in edit.items():
            table[column] = table[column].astype(object)
            table.at[i, column] = value
    try:
        updates = logbook.entries_from_table(table, TODAY)
    except ImportRejected:
        pd.testing.assert_frame_equal(store.entries_frame(db, ME, client.id), snapshot)
        return
    store.apply_log_edits(db, ME, updates, [], NOW)
    assert len(store.entries_frame(db, ME, client.id)) == len(snapshot)


@pytest.mark.parametrize("key", sorted(EMERGENCY_KEYS))
def test_each_emergency_key_alone_is_an_emergency(key):
    assert assess(baseline_answers(**{key: True})).level is Level.EMERGENCY
