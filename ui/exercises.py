"""How an exercise looks on any screen: its picture, its library card, and the trainer's own."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coach import exercises, store, uploads
from coach.custom_exercises import MAX_NAME, CustomExercise, matches, new_exercise
from coach.exercises import Exercise
from ui.render import cite, errors_shown, plain
from ui.setup import PageContext

PICTURE_WIDTH = 420  # pixels; narrower containers shrink it to fit


def exercise_picture(exercise: Exercise, where: DeltaGenerator | None = None) -> None:
    """The start and end drawing, with alternative text for screen readers."""
    (where or st).image(
        str(exercise.picture),
        width=PICTURE_WIDTH,
        alt=f"{exercise.name}: drawing of the start and end positions",
    )


def _names(ids: tuple[str, ...]) -> str:
    return ", ".join(exercises.entry(i).name for i in ids) or "none listed"


def exercise_cards(cards: list[Exercise]) -> None:
    """Two library cards to a row, each a bordered column (a phone stacks them in order); a last
    lone card gets a bordered container, so no empty frame shows beside it. The columns are the
    frames, rather than a container in each: a dozen fewer elements on every run of the library."""
    for row in range(0, len(cards), 2):
        pair = cards[row : row + 2]
        if len(pair) == 2:
            places = st.columns(2, border=True)
        else:
            places = [st.columns(2)[0].container(border=True)]
        for place, exercise in zip(places, pair, strict=True):
            with place:
                _card(exercise)


def _card(exercise: Exercise) -> None:
    """Everything the library holds about one exercise, picture first, in few elements."""
    used = exercises.used_by()[exercise.id]
    st.markdown(
        f"**{exercise.name}**  \n:gray[{exercise.level.capitalize()} · "
        f"{exercises.equipment_text(exercise)} · Trains: {exercise.trains}]"
    )
    exercise_picture(exercise)
    st.markdown(
        "**How**"
        + "".join(f"\n1. {step}" for step in exercise.steps)
        + "\n\n**Cues**"
        + "".join(f"\n- {cue}" for cue in exercise.cues)
        + f"\n\n**Easier:** {_names(exercises.easier(exercise.id))}  \n"
        f"**Harder:** {_names(exercise.harder)}"
    )
    st.caption(
        (f"Used on: {', '.join(used)}. " if used else "A variation. ") + cite(exercise.source)
    )


def _custom_card(ctx: PageContext, exercise: CustomExercise) -> None:
    """One of the trainer's own exercises: what they typed, shown literally, and its picture."""
    with st.container(border=True):
        kit = ", ".join(exercises.equipment_labels()[e] for e in exercise.equipment)
        st.markdown(
            f"**{plain(exercise.name)}**  \n:gray[{exercise.level.capitalize()} · "
            f"{kit or 'No equipment'} · Your own exercise]"
        )
        if exercise.picture:
            st.image(exercise.picture, width=PICTURE_WIDTH, alt=f"Picture of {exercise.name}")
        st.markdown("**Cues**" + "".join(f"\n- {plain(cue)}" for cue in exercise.cues))
        if st.button(
            "Delete", key=f"library_custom_delete_{exercise.id}", icon=":material/delete:"
        ):
            with errors_shown():
                store.delete_custom_exercise(ctx.db, ctx.viewer, exercise.id)
                st.rerun()


def _add_form(ctx: PageContext) -> None:
    with (
        st.expander("Add your own exercise", icon=":material/add:"),
        st.form("library_custom_add", clear_on_submit=True),
    ):
        name = st.text_input("Name", max_chars=MAX_NAME, key="library_custom_name")
        left, right = st.columns(2)
        level = left.selectbox(
            "Level", exercises.LEVELS, format_func=str.capitalize, key="library_custom_level"
        )
        labels = exercises.equipment_labels()
        kit = right.multiselect(
            "Equipment", list(labels), format_func=labels.get, key="library_custom_kit"
        )
        cues = st.text_area("Cues, one a line", key="library_custom_cues")
        picture = st.file_uploader(
            "Picture (optional: PNG, JPEG or WebP, up to 2 MB)",
            type=["png", "jpg", "jpeg", "webp"],
            key="library_custom_picture",
            max_upload_size=uploads.MAX_PICTURE_BYTES // uploads.MIB,
        )
        if st.form_submit_button("Add exercise"):
            with errors_shown():
                entry = new_exercise(
                    name, level, kit, cues, picture.getvalue() if picture else None
                )
                store.add_custom_exercise(ctx.db, ctx.viewer, entry, ctx.now)
                st.toast(f"Added {plain(entry.name)}", icon=":material/check:")
                st.rerun()


def custom_exercises(ctx: PageContext, query: str, level: str, equipment: str) -> None:
    """The trainer's own exercises that match the filters, and the form to add one."""
    mine = [
        e
        for e in store.list_custom_exercises(ctx.db, ctx.viewer)
        if matches(e, query)
        and (not level or e.level == level)
        and exercises.kit_fits(e.equipment, equipment)
    ]
    if mine:
        st.subheader("Your own exercises")
        for exercise in mine:
            _custom_card(ctx, exercise)
    _add_form(ctx)
