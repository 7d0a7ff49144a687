"""A trainer's own exercises: checked as typed, kept per owner, never shown to another."""

import pytest
from conftest import FAREWELL, ME, NOW, OWNER, THEM
from test_uploads import picture

from coach import store
from coach.custom_exercises import matches, new_exercise
from coach.errors import InvalidInput, NotFound


def test_an_exercise_is_stored_with_its_picture_for_its_owner_only(db):
    entry = new_exercise("Wall sit", "beginner", ["mat"], "Back flat\n\nKnees over ankles\n",
                         picture("PNG"))  # fmt: skip
    exercise_id = store.add_custom_exercise(db, ME, entry, NOW)
    [mine] = store.list_custom_exercises(db, ME)
    assert (mine.name, mine.cues, mine.picture_type) == (
        "Wall sit",
        ("Back flat", "Knees over ankles"),
        "image/png",
    )
    assert mine.picture == entry.picture
    assert store.list_custom_exercises(db, THEM) == []
    with pytest.raises(NotFound):
        store.get_custom_exercise(db, THEM, exercise_id)
    with pytest.raises(NotFound):
        store.delete_custom_exercise(db, THEM, exercise_id)
    store.delete_custom_exercise(db, ME, exercise_id)
    assert store.list_custom_exercises(db, ME) == []


def test_erasing_an_owner_removes_their_exercises(db):
    store.add_custom_exercise(db, ME, new_exercise("Wall sit", "beginner", [], "Slowly"), NOW)
    store.add_custom_exercise(db, THEM, new_exercise("Step up", "beginner", [], "Tall"), NOW)
    store.erase_owner(db, OWNER, FAREWELL)
    assert db.scalar("SELECT COUNT(*) FROM custom_exercises WHERE owner_id = ?", (OWNER,)) == 0
    assert [e.name for e in store.list_custom_exercises(db, THEM)] == ["Step up"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "name"),
        ({"level": "expert"}, "level"),
        ({"equipment": ["rope"]}, "equipment"),
        ({"cues_text": "\n \n"}, "cues"),
        ({"cues_text": "x" * 201}, "at most 200"),
        ({"picture": b"GIF89a" + bytes(10)}, "only PNG"),
    ],
)
def test_an_entry_that_cannot_be_kept_says_why(fields, message):
    typed = {"name": "Wall sit", "level": "beginner", "equipment": [], "cues_text": "Slowly"}
    with pytest.raises(InvalidInput, match=message):
        new_exercise(**{**typed, **fields})


def test_search_reads_name_and_cues():
    entry = new_exercise("Wall sit", "beginner", [], "Knees over ankles")
    assert matches(entry, "wall ANKLES") and not matches(entry, "plank")
