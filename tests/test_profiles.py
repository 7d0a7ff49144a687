from datetime import datetime

import pytest

from coach import import_rows, plans
from coach.errors import InvalidInput
from coach.logbook import LogEntry
from coach.profiles import Client, Profile


def test_profile_trims_name_and_orders_training_days():
    profile = Profile("  Casey  ", 30, training_days=("Fri", "Mon"))
    assert profile.name == "Casey"
    assert profile.training_days == ("Mon", "Fri")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"age": 11}, "age"),
        ({"age": "30"}, "age"),
        ({"background": "elite"}, "background"),
        ({"sex": "unknown"}, "sex"),
        ({"training_days": ("Monday",)}, "training_days"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_bad_profile_is_refused_with_the_field_named(fields, message):
    with pytest.raises(InvalidInput, match=message):
        Profile(**{"name": "Casey", "age": 30, **fields})


def test_client_keeps_its_profile():
    profile = Profile("Casey", 30, "advanced", "female", ("Tue", "Sat"), "Run", "Note")
    client = Client(**vars(profile), id=3, owner_id="o", archived=True)
    assert client.profile == profile
    assert client.archived is True


@pytest.mark.parametrize(
    "make",
    [
        lambda: Profile("Casey", None),
        lambda: LogEntry(ts=datetime(2026, 1, 1, 9), pain=None),
        lambda: plans.build_plan("beginner", None, 3, 20),
        lambda: import_rows.whole("age", None, 12, 100),
    ],
    ids=["profile age", "log pain", "plan weeks", "imported number"],
)
def test_a_missing_number_is_asked_for_in_words_not_as_python_none(make):
    with pytest.raises(InvalidInput) as raised:
        make()
    assert "None" not in str(raised.value)
