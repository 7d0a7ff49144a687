"""Exercise library: browse and search every exercise Back Coach uses, with its picture."""

import streamlit as st

import ui
from coach import exercises

ctx = ui.page_setup("Exercise library", ":material/photo_library:")
PAGE, SHOWN = 12, "library_shown"  # cards drawn at a time (each holds a picture); how many now
st.title("Exercise library")
st.caption(
    "Every exercise in the core plans, warm-ups and form checks, with how to do it and a drawing "
    "of the start and end positions."
)

query = st.text_input("Search", placeholder="A name, a body part or a cue", key="library_query")
left, mid, right = st.columns(3)
level = left.selectbox(
    "Level",
    ["", *exercises.LEVELS],
    format_func=lambda v: v.capitalize() or "Any level",
    key="library_level",
)
labels = {"": "Any equipment", "none": "No equipment", **exercises.equipment_labels()}
equipment = mid.selectbox("Equipment", list(labels), format_func=labels.get, key="library_kit")
screen = right.selectbox(
    "Used on",
    ["", *exercises.USED_BY],
    format_func=lambda v: v or "Any screen",
    key="library_screen",
)

if not screen:  # the trainer's own exercises are on no screen of the app
    ui.custom_exercises(ctx, query, level, equipment)
found = exercises.search(query, level, equipment, screen)
shown = st.session_state.setdefault(SHOWN, PAGE)
st.caption(f"{len(found)} of {len(exercises.entries())} exercises")
if not found:
    st.info("Nothing matches: try fewer words or widen the filters.")
ui.exercise_cards(found[:shown])
if len(found) > shown:
    st.button(
        f"Show {min(PAGE, len(found) - shown)} more",
        key="library_more",
        on_click=lambda: st.session_state.update({SHOWN: shown + PAGE}),
    )
