"""The exercise library: every exercise any screen refers to has an entry and a picture."""

import re
import xml.etree.ElementTree as ET

import pytest

from coach import exercises, form_check, pictures, plans, warmup
from coach.content import load_toml
from coach.errors import ContentError
from coach.exercises import entries, entry


def referenced_ids() -> set[str]:
    """Every exercise id any data file or screen refers to, variations included."""
    files = exercises.USED_BY.values()
    ids = {row["id"] for name, table in files for row in load_toml(name)[table]}
    return ids | {h for e in entries().values() for h in e.harder}


def test_the_three_screens_take_their_exercises_from_the_library():
    assert set(plans.library()) | {m.id for m in warmup.moves()} | set(form_check.exercises())
    for exercise in plans.library().values():
        assert exercise.name == entry(exercise.id).name
        assert exercise.steps == entry(exercise.id).steps
    for move in warmup.moves():
        assert move.name == entry(move.id).name
    for lift in form_check.exercises().values():
        assert (lift.name, lift.setup, lift.execution) == (
            entry(lift.id).name,
            entry(lift.id).steps,
            entry(lift.id).cues,
        )


def test_every_referenced_exercise_has_a_library_entry():
    assert referenced_ids() - set(entries()) == set()


def test_every_library_entry_is_used_on_a_screen_or_as_a_variation():
    linked = [e for e in entries().values() if e.harder]
    variations = {e.id for e in linked} | {h for e in linked for h in e.harder}
    unused = {i for i, screens in exercises.used_by().items() if not screens} - variations
    assert unused == set()


@pytest.mark.parametrize("exercise_id", sorted(referenced_ids()))
def test_every_referenced_exercise_has_a_picture_that_parses(exercise_id):
    path = entry(exercise_id).picture
    assert path.exists(), f"no picture: run python -m coach.pictures ({exercise_id})"
    root = ET.fromstring(path.read_text())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text.startswith(entry(exercise_id).name)


def test_pictures_in_the_repository_are_the_ones_the_poses_draw():
    drawn = pictures.draw_all({e.id: e.name for e in entries().values()})
    on_disk = {p.stem: p.read_text() for p in pictures.PICTURE_DIR.glob("*.svg")}
    assert set(on_disk) == set(drawn) == set(entries())
    stale = [i for i in drawn if drawn[i] != on_disk[i]]
    assert stale == [], "pictures out of date: run python -m coach.pictures"


def test_entries_are_complete_and_levels_only_rise_towards_harder_variations():
    for exercise in entries().values():
        assert exercise.name and exercise.trains and exercise.steps and exercise.cues
        for harder in exercise.harder:
            rise = exercises.LEVELS.index(entry(harder).level)
            assert rise >= exercises.LEVELS.index(exercise.level), (exercise.id, harder)


def test_no_chain_of_harder_variations_leads_back_to_where_it_started():
    def reachable(start: str) -> set[str]:
        seen, todo = set(), list(entry(start).harder)
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += entry(current).harder
        return seen

    assert [i for i in entries() if i in reachable(i)] == []


def test_easier_variations_are_the_reverse_of_harder_ones():
    assert exercises.easier("plank") == ("plank_knees",)
    assert exercises.easier("side_bridge_roll") == ("side_bridge",)
    assert set(exercises.easier("back_squat")) == {"goblet_squat"}
    assert exercises.easier("curl_up") == ()


def test_equipment_is_shown_in_words_never_as_an_id():
    labels = exercises.equipment_labels()
    assert set(plans.EQUIPMENT) <= set(labels)
    assert all(re.fullmatch(r"[A-Z][a-z]+( [a-z]+)*", label) for label in labels.values())
    assert exercises.equipment_text(entry("stir_the_pot")) == "Stability ball"
    assert exercises.equipment_text(entry("bird_dog")) == "No equipment"
    assert exercises.equipment_text(entry("hip_thrust")) == "Barbell, Bench"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("side bridge", "side_bridge"), ("GLUTES", "glute_bridge"), ("ball", "stir_the_pot")],
)
def test_search_matches_every_word_in_any_field(query, expected):
    assert expected in [e.id for e in exercises.search(query)]


def test_search_filters_narrow_the_list():
    assert exercises.search("zzzz") == []
    assert all(not e.equipment for e in exercises.search(equipment="none"))
    assert all("band" in e.equipment for e in exercises.search(equipment="band"))
    assert all(e.level == "advanced" for e in exercises.search(level="advanced"))
    warm_ups = exercises.search(screen="Warm-up")
    assert {e.id for e in warm_ups} == {m.id for m in warmup.moves()}


def test_an_unknown_id_is_a_content_error_naming_it():
    with pytest.raises(ContentError, match="'no_such_move'"):
        entry("no_such_move")


@pytest.fixture
def library_file(monkeypatch):
    """Swap the library's data for an inline one; the caches are emptied before and after."""
    rows = {"equipment": {"band": "Resistance band"}, "exercise": []}
    monkeypatch.setattr(exercises, "load_toml", lambda name: rows)
    exercises.entries.cache_clear()
    exercises.equipment_labels.cache_clear()
    yield rows["exercise"]
    exercises.entries.cache_clear()
    exercises.equipment_labels.cache_clear()


def row(exercise_id: str, **fields) -> dict:
    base = {
        "id": exercise_id, "name": exercise_id.title(), "trains": "Trunk", "level": "beginner",
        "equipment": [], "steps": ["Do it"], "cues": ["Slowly"], "harder": [],
        "source": "owen_2020",
    }  # fmt: skip
    return {**base, **fields}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"harder": ["missing"]}, "harder variation"),
        ({"harder": ["a"]}, "harder variation"),
        ({"equipment": ["rope"]}, "unknown equipment"),
        ({"level": "expert"}, "bad level"),
        ({"cues": []}, "no steps or cues"),
        ({"colour": "red"}, "unexpected keyword"),
    ],
)
def test_a_malformed_entry_is_refused_with_its_id(library_file, bad, message):
    library_file.append(row("a", **bad))
    with pytest.raises(ContentError, match=message):
        entries()


def test_a_duplicate_id_is_refused(library_file):
    library_file += [row("a"), row("a")]
    with pytest.raises(ContentError, match="duplicate id 'a'"):
        entries()
