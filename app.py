"""Back Coach home screen: what the app is, the safety note, and the current client at a glance."""

import streamlit as st

import ui
from coach import summary
from coach.triage import level_labels

ctx = ui.page_setup("Home", ":material/home:", who=ui.EVERYONE)
if ctx.mode == ui.PERSON:
    st.switch_page("pages/0_My_week.py")
if ctx.mode == ui.CLIENT:
    st.switch_page("pages/0_My_check_in.py")

st.title("Back Coach")
st.markdown(
    "Check lower back pain after training, find the likely cause, and know what to do next: "
    "rest, train with care, or see a professional.  \n"
    "For **personal trainers** screening clients before a session, and for **anyone** "
    "checking themselves after a workout."
)
ui.safety_line()

if ctx.client is None:
    st.info("No client yet. Add one on the Clients screen to start.")
    st.page_link("pages/7_Clients.py", label="Add a client", icon=":material/person_add:")
    st.stop()

glance = summary.at_a_glance(ctx.db, ctx.viewer, ctx.client.id, tz=ctx.tz)
st.subheader(f"At a glance: {ui.plain(ctx.client.name)}")
row = st.container(horizontal=True)
row.metric(
    "Latest pain",
    "No entries" if glance.latest_pain is None else f"{glance.latest_pain}/10",
    delta=f"{glance.pain_change:+d} vs previous" if glance.pain_change else None,
    delta_color="inverse",
)
row.metric(
    "Last check-in", ctx.dates.day(glance.last_check_in) if glance.last_check_in else "Never"
)
row.metric(
    "Last triage",
    level_labels()[glance.last_triage_level] if glance.last_triage_level else "Not yet",
    help=f"{ui.level_title(glance.last_triage_level)}, {ctx.dates.day(glance.last_triage_date)}"
    if glance.last_triage_level
    else None,
)
st.caption(
    "Pain is rated 0 (none) to 10 (worst imaginable). "
    "A change of 2 points is the smallest that matters. " + ui.cite("ostelo_2008")
)

st.subheader("Start here")
links = st.container(horizontal=True)
links.page_link("pages/6_Roster.py", label="Open the roster", icon=":material/groups:")
links.page_link("pages/1_Triage.py", label="Run a triage", icon=":material/healing:")
links.page_link(
    "pages/9_Sources.py", label="Where the advice comes from", icon=":material/menu_book:"
)
