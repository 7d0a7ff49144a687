"""AppTest flows: the exercise library screen, and the pictures on the training screens."""

import base64
import re
from pathlib import Path

import pytest
from conftest import owner_of
from streamlit.testing.v1 import AppTest

import ui
from coach import exercises, plans, store
from coach.plans import Plan

ROOT = Path(__file__).resolve().parent.parent


def pictures_shown(app) -> list[str]:
    """The exercise named in each drawing on the page, read from the SVG's own title."""
    names = []
    for element in app.main:
        if type(element).__name__ != "Image":
            continue
        for image in element.proto.imgs:
            assert image.alt.endswith("drawing of the start and end positions")
            svg = base64.b64decode(image.url.split(",", 1)[1]).decode()
            names.append(re.search(r"<title>(.+?): start and end", svg).group(1))
    return names


@pytest.fixture
def library_page(at):
    at.switch_page("pages/4_Exercise_library.py").run()
    assert not at.exception
    return at


def test_library_lists_every_exercise_with_its_picture_a_page_at_a_time(library_page):
    everything = [e.name for e in exercises.entries().values()]
    assert pictures_shown(library_page) == everything[:12]
    while len(pictures_shown(library_page)) < len(everything):
        library_page.button(key="library_more").click().run()
    assert pictures_shown(library_page) == everything
    assert not [b for b in library_page.button if b.key == "library_more"]


def test_library_search_and_filters_narrow_the_list(library_page):
    library_page.text_input(key="library_query").input("bridge").run()
    assert "Side bridge from the feet" in pictures_shown(library_page)
    assert "Bird dog" not in pictures_shown(library_page)
    library_page.selectbox(key="library_level").set_value("advanced").run()
    assert pictures_shown(library_page) == ["Rolling side bridge"]


def test_library_shows_equipment_in_words_and_says_when_nothing_matches(library_page):
    library_page.selectbox(key="library_kit").set_value("stability_ball").run()
    text = " ".join(m.value for m in library_page.markdown)
    assert "Stability ball" in text and "stability_ball" not in text
    library_page.text_input(key="library_query").input("zzzz").run()
    assert pictures_shown(library_page) == []
    assert "Nothing matches" in library_page.info[0].value


def test_form_check_shows_the_chosen_lift(at):
    at.switch_page("pages/2_Form_check.py").run()
    at.selectbox(key="form_exercise").set_value("kettlebell_swing").run()
    assert pictures_shown(at) == ["Kettlebell swing"]


def test_warm_up_shows_a_picture_beside_every_step(at):
    at.switch_page("pages/3_Warm_up.py").run()
    labels = [c.label for c in at.checkbox if c.key.startswith("warmup_step_")]
    shown = pictures_shown(at)
    assert len(shown) == len(labels) > 3
    assert all(name in label for name, label in zip(shown, labels, strict=True))


def test_core_plan_shows_a_picture_of_each_exercise_of_the_week(at, app_db):
    at.switch_page("pages/4_Core_plan.py").run()
    plan_row = store.current_plan(store.connect(app_db), *viewer_and_client(at))
    plan = Plan.from_dict(plan_row.plan)
    number = at.selectbox(key=f"plan_week_{plan_row.id}").value
    expected = [
        plans.library()[p.exercise_id].name
        for s in plan.weeks[number - 1].sessions
        for p in s.exercises
    ]
    assert pictures_shown(at) == expected


def test_core_plan_equipment_choice_is_in_words(at):
    at.switch_page("pages/4_Core_plan.py").run()
    options = at.multiselect[0].options
    assert "Stability ball" in options and not [o for o in options if "_" in o]


def viewer_and_client(app) -> tuple[store.Viewer, int]:
    return store.Viewer(owner_of(app)), app.session_state[ui.CLIENT_ID]


def add_custom(app, name: str, picture_bytes: bytes | None = None) -> None:
    app.text_input(key="library_custom_name").input(name)
    app.text_area(key="library_custom_cues").input("Back flat\nKnees over ankles")
    if picture_bytes:
        app.file_uploader(key="library_custom_picture").set_value(
            ("wall.png", picture_bytes, "image/png")
        )
    app.button(key="FormSubmitter:library_custom_add-Add exercise").click().run()
    assert not app.exception


def test_a_custom_exercise_shows_with_its_picture_and_never_to_another_owner(library_page, app_db):
    from test_uploads import picture

    add_custom(library_page, "Wall sit <b>x</b>", picture("PNG"))
    assert not library_page.error
    text = " ".join(m.value for m in library_page.markdown)
    assert "Wall sit \\<b\\>x\\</b\\>" in text  # shown literally
    alts = [i.alt for e in library_page.main if type(e).__name__ == "Image" for i in e.proto.imgs]
    assert "Picture of Wall sit <b>x</b>" in alts
    owner = owner_of(library_page)
    assert [
        e.name for e in store.list_custom_exercises(store.connect(app_db), store.Viewer(owner))
    ] == ["Wall sit <b>x</b>"]

    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    other.button(key="start_demo").click().run()
    other.switch_page("pages/4_Exercise_library.py").run()
    assert owner_of(other) != owner
    assert "Wall sit" not in " ".join(m.value for m in other.markdown)
    assert not [b for b in other.button if b.key.startswith("library_custom_delete_")]


def test_a_custom_exercise_with_a_bad_picture_is_refused_and_nothing_is_kept(library_page, app_db):
    add_custom(library_page, "Wall sit", b"GIF89a" + bytes(20))
    assert "only PNG, JPEG or WebP" in library_page.error[0].value
    assert (
        store.list_custom_exercises(store.connect(app_db), store.Viewer(owner_of(library_page)))
        == []
    )


def test_a_custom_exercise_can_be_deleted(library_page, app_db):
    add_custom(library_page, "Wall sit")
    [exercise] = store.list_custom_exercises(
        store.connect(app_db), store.Viewer(owner_of(library_page))
    )
    library_page.button(key=f"library_custom_delete_{exercise.id}").click().run()
    assert (
        store.list_custom_exercises(store.connect(app_db), store.Viewer(owner_of(library_page)))
        == []
    )
