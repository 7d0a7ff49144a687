"""The warm-up builder: every input adds up to the minutes asked for, in RAMP order."""

import pytest

from coach.errors import InvalidInput
from coach.warmup import build_warmup, builder, moves

PHASES = builder().phases
WARM_UP_SESSION_TYPES = builder().session_types


def test_warm_up_moves_have_a_phase_a_duration_and_unique_ids():
    assert len({m.id for m in moves()}) == len(moves())
    for move in moves():
        assert move.phase in PHASES
        assert 15 <= move.seconds <= 300
        assert set(move.session_types) <= set(WARM_UP_SESSION_TYPES)


ALL_INPUTS = [
    (session, minutes, pain)
    for session in WARM_UP_SESSION_TYPES
    for minutes in range(5, 16)
    for pain in (0, 4)
]


@pytest.mark.parametrize(("session", "minutes", "pain"), ALL_INPUTS)
def test_every_session_and_minute_count_adds_up_in_phase_order(session, minutes, pain):
    routine = build_warmup(session, minutes, pain)
    assert routine.total_seconds == minutes * 60
    phases = [s.move.phase for s in routine.steps]
    order = list(PHASES)
    assert phases == sorted(phases, key=order.index)
    assert set(phases) == set(order)
    assert all(s.seconds > 0 and session in s.move.session_types for s in routine.steps)
    assert not pain or all(s.move.back_friendly for s in routine.steps)


def test_same_inputs_give_the_same_routine():
    assert build_warmup("sport", 12, 0) == build_warmup("sport", 12, 0)


def test_pain_swaps_out_moves_that_are_not_back_friendly():
    names = {s.move.id for s in build_warmup("running", 10, 0).steps}
    assert "easy_jog" in names
    assert "easy_jog" not in {s.move.id for s in build_warmup("running", 10, 2).steps}


@pytest.mark.parametrize(
    ("args", "message"),
    [(("yoga", 10, 0), "session_type"), (("sport", 4, 0), "minutes"), (("sport", 16, 0), "minutes"),
     (("sport", 10, 11), "pain_today")],
)  # fmt: skip
def test_bad_builder_inputs_are_named(args, message):
    with pytest.raises(InvalidInput, match=message):
        build_warmup(*args)
