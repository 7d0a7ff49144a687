"""How an exercise looks on any screen: its picture, and its library card."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coach import exercises
from coach.exercises import Exercise
from ui.render import cite

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


def exercise_card(exercise: Exercise) -> None:
    """Everything the library holds about one exercise, picture first, in few elements."""
    used = exercises.used_by()[exercise.id]
    with st.container(border=True):
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
