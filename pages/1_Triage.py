"""Triage: warning signs first, the outcome as soon as it is known, then only what can change it."""

import streamlit as st

import ui
from coach.triage import assess, content, next_section, still_to_ask

ctx = ui.page_setup(
    "Triage", ":material/healing:", public=True, who=ui.EVERYONE, plain_title="Back check"
)
st.title("Triage" if ctx.mode == ui.TRAINER else "Back check")  # a visitor is in PERSON mode
check = ui.choose_check(ctx)
answers = check.progress.answers()
result = assess(answers)
to_ask = still_to_ask(answers, result)
section = next_section(to_ask)

with ctx.top:  # the outcome is the first thing on the screen as soon as there is one
    if result.decided:
        ui.render_triage_result(result, then=lambda: ui.save_controls(ctx, check))
# Read after the save controls: a client's own warning sign is saved there without a tap.
saved = bool(check.progress.state["saved"])

st.caption(
    "Warning signs first, a few at a time. This is not a diagnosis: when in doubt it sends you "
    "to a professional." + (" Nothing you enter here is stored." if check.client is None else "")
)

if saved:
    st.caption("This check is saved. Start a new one to answer again.")
elif section and result.decided:
    st.subheader("Anything else to tell them?", anchor=False)
    st.caption("Optional: each answer is added to what you tell them.")
    ui.ask_section(check.progress, section, to_ask)
elif section:
    ui.ask_section(check.progress, section, to_ask)
elif not result.level.is_referral:
    workout = next(s for s in content().sections if s.optional)
    if not set(workout.keys) <= answers.keys():
        ui.ask_optional(check.progress, workout)

if not saved:
    ui.answered_summary(check.progress, answers)
if check.client is not None:
    ui.triage_history(ctx, check)
ui.scroll_to_top(
    f"{check.progress.key}|{section and section.id}|{result.level}|{result.decided}|{saved}"
)
