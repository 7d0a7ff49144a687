import pytest

from coach.errors import InvalidInput
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
