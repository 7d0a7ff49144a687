"""Limit baselines: a bare multi-page app with one page for every screen, each running the same
SQL and drawing the same charts, tables and inputs with nothing else. A screen's time divided by
its baseline's is its overhead: prose, layout, advice and everything else a screen adds.

Every baseline page draws the same shell as `ui.page_setup`, the plainest way: the same number of
`st.page_link`s under the same section captions, a client selectbox with the same options, the
mode control, sign-out and the same notes; and it reads what the setup reads (the owner, their
mode, the client names and the current client's profile). Inputs are drawn bare: the same
widgets, with short labels, no help, columns, expanders or tabs.

A visitor who has no owner yet gets a start button that takes a demo workspace, the same write
Back Coach makes, so the load benchmark can drive both apps alike.
"""

from __future__ import annotations

from pathlib import Path

# Session state keys of the baseline app.
OWNER, CLIENT = "owner", "client"

HEADER = """
from datetime import UTC, date, datetime, timedelta
import streamlit as st
from coach import accounts, charts, documents, exercises, form_check, logbook, plans, store
from coach import trends, warmup
from coach.content import sources
from coach.intake import questions
from coach.plans import Plan
from coach.triage import content
st.set_page_config(page_title="Baseline", layout="wide")
db = store.connect({path!r})
if {owner!r} not in st.session_state:
    st.title("Back Coach")
    if st.button("Try it with sample clients", key="start_demo"):
        st.session_state[{owner!r}] = accounts.start_demo(db, datetime.now().astimezone())
        st.session_state["demo"] = True
        st.rerun()
    st.stop()
owner = st.session_state[{owner!r}]
viewer = store.Viewer(owner)
store.owner_exists(db, owner)
mode = store.owner_kind(db, owner)
names = store.client_names(db, viewer)
with st.sidebar:
    st.markdown("### Back Coach")
    if st.session_state.get("demo"):
        st.info("Demo workspace")
        st.caption("Demo workspace")
    client = st.selectbox("Client", list(names), format_func=names.get, key={client!r})
    profile = store.get_client(db, viewer, client)
    for section, links in {menu!r}.items():
        st.caption(section)
        for path in links:
            st.page_link(path, label=path)
    st.segmented_control("Mode", ["trainer", "person"], default=mode, key="mode")
    st.button("Sign out", key="sign_out")
    st.caption("Not a diagnosis tool.")
since = datetime.combine(date.today() - timedelta(days=90), datetime.min.time())
"""

# The trainer's menu: what the benchmark's owner and every demo workspace see.
MENU = {
    "Check": ["app.py", "pages/6_Roster.py", "pages/6_Client_summary.py", "pages/1_Triage.py"],
    "Train": [
        "pages/2_Form_check.py",
        "pages/3_Warm_up.py",
        "pages/4_Core_plan.py",
        "pages/4_Exercise_library.py",
    ],
    "Track": ["pages/5_Pain_log.py"],
    "Clients": ["pages/7_Clients.py", "pages/8_Intake.py"],
    "About": ["pages/9_Account.py", "pages/9_Sources.py"],
}

SCREENS = {
    "app.py": """
rows = store.recent_entries(db, viewer, client, limit=2)
triages = store.list_triages(db, viewer, client)
for label in ("Latest pain", "Last check-in", "Last triage"):
    st.metric(label, len(rows))
""",
    "pages/6_Roster.py": """
frame = store.owner_entries_since(db, viewer, date.today() - timedelta(days=30))
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, viewer)])
""",
    "pages/6_Client_summary.py": """
triages = store.list_triages(db, viewer, client)
store.recent_entries(db, viewer, client, limit=2)
plan_row = store.current_plan(db, viewer, client)
if plan_row:
    store.sessions_done(db, viewer, plan_row.id)
store.latest_intake(db, viewer, client)
store.list_form_checks(db, viewer, client)
frame = store.entries_frame(db, viewer, client, start=since)
marks = charts.triage_marks(triages, since.date(), date.today())
st.altair_chart(charts.pain_chart(trends.chart_data(frame)[0], marks))
""",
    "pages/0_My_week.py": """
store.list_triages(db, viewer, client), store.recent_entries(db, viewer, client, limit=2)
plan_row = store.current_plan(db, viewer, client)
if plan_row:
    store.sessions_done(db, viewer, plan_row.id)
store.latest_intake(db, viewer, client)
store.list_form_checks(db, viewer, client)
frame = store.entries_frame(db, viewer, client, start=since)
st.altair_chart(charts.pain_chart(trends.chart_data(frame)[0]))
""",
    "pages/5_Pain_log.py": """
with st.form("log_add"):
    day = st.date_input("Date", value=date.today())
    at = st.time_input("Time", value=datetime.min.time())
    pain = st.pills("Pain", list(range(11)), key="log_pain_" + str(client))
    during = st.number_input("During", 0, 10, value=None)
    morning = st.number_input("Morning", 0, 10, value=None)
    where = st.selectbox("Where", logbook.LOCATIONS)
    kind = st.selectbox("Session", logbook.LOGGED_SESSION_TYPES)
    fluids = st.selectbox("Fluids", logbook.FLUIDS)
    minutes = st.number_input("Minutes", 0, logbook.MAX_MINUTES, 0)
    rpe = st.number_input("RPE", 0, 10, 0)
    warmed_days = store.warmup_days(db, viewer, client, date.today())
    warmed = st.toggle("Warmed", date.today() in warmed_days)
    radiates = st.toggle("Radiates")
    notes = st.text_area("Notes")
    if st.form_submit_button("Save entry"):
        entry = logbook.LogEntry(
            ts=datetime.combine(day, at), pain=pain, pain_during=during,
            pain_next_morning=morning, location=where, radiates=radiates, session_type=kind,
            minutes=int(minutes), rpe=int(rpe), warmed_up=warmed, fluids=fluids, notes=notes,
        )
        store.add_entry(db, viewer, client, entry, datetime.now().astimezone())
        st.toast("Entry saved")
store.first_entry_date(db, viewer, client)
triages = store.list_triages(db, viewer, client)
frame = store.entries_frame(db, viewer, client, start=since)
data = trends.chart_data(frame)[0]
marks = charts.triage_marks(triages, since.date(), date.today())
st.altair_chart(charts.pain_chart(data, marks)); st.altair_chart(charts.load_chart(data))
st.altair_chart(charts.location_chart(charts.location_data(frame)))
st.data_editor(frame[["id", "date", *logbook.ENTRY_FIELDS[1:]]].iloc[::-1].head(500), key="e")
""",
    "pages/1_Triage.py": """
store.list_triages(db, viewer, client)
with st.form("f"):
    for q in content().questions:
        st.radio(q.label, [True, False], index=None, key=q.key)
    st.form_submit_button("Go")
""",
    "pages/2_Form_check.py": """
library = form_check.exercises()
st.selectbox("Exercise", list(library))
st.image(str(exercises.entry("conventional_deadlift").picture))
st.file_uploader("Clip", type=["mp4"])
st.button("Attach")
store.list_clips(db, viewer, client, "conventional_deadlift")
history = store.list_form_checks(db, viewer, client, "conventional_deadlift")
with st.form("f"):
    for f in library["conventional_deadlift"].faults:
        st.checkbox(f.name, key=f.id)
    st.number_input("Load", 0.0, 500.0, value=None)
    st.toggle("New")
    st.form_submit_button("Score")
st.dataframe([{{"Date": h.ts.date(), "Score": h.score}} for h in history])
""",
    "pages/3_Warm_up.py": """
store.recent_entries(db, viewer, client)
st.selectbox("Session", list(warmup.builder().session_types))
st.slider("Minutes", 5, 15, 8)
st.slider("Pain", 0, 10, 0)
for i, s in enumerate(warmup.build_warmup("lower_body", 8, 0).steps):
    st.checkbox(s.move.name, key=str(i))
    st.image(str(exercises.entry(s.move.id).picture))
st.button("Timer")
st.button("Done")
st.number_input("Before", 30.0, 250.0, value=None)
st.number_input("After", 30.0, 250.0, value=None)
""",
    "pages/4_Core_plan.py": """
store.recent_entries(db, viewer, client)
row = store.current_plan(db, viewer, client)
with st.form("f"):
    st.selectbox("Level", ["beginner"])
    for label in ("Weeks", "Sessions", "Minutes", "Pain"):
        st.slider(label, 0, 60, 1)
    st.multiselect("Equipment", ["mat"])
    st.form_submit_button("Build")
if row:
    store.sessions_done(db, viewer, row.id), store.list_plans(db, viewer, client)
    plan = Plan.from_dict(row.plan)
    for label in ("Starts", "Done", "Level"):
        st.metric(label, 1)
    st.button("Adapt")
    bookings = plans.schedule(plan, row.start_day, profile.training_days)
    for day in documents.session_weekdays(bookings):
        st.time_input(day, key="at_" + day)
    for label in ("CSV", "PDF", "ICS"):
        st.download_button(label, b"", key=label)
    st.selectbox("Week", [w.number for w in plan.weeks])
    for i, session in enumerate(plan.weeks[0].sessions):
        st.checkbox(f"Session {{i + 1}} done", key=str(i))
        for p in session.exercises:
            st.markdown(p.exercise_id)
            st.image(str(exercises.entry(p.exercise_id).picture))
    st.segmented_control("Change", ["swap", "dose", "days"], default="swap")
    st.selectbox("Swap", plan.exercise_ids())
    st.selectbox("For", plan.exercise_ids())
    st.button("Swap")
""",
    "pages/4_Exercise_library.py": """
st.text_input("Search")
for label in ("Level", "Equipment", "Used on"):
    st.selectbox(label, [""])
store.list_custom_exercises(db, viewer)
with st.form("add"):
    st.text_input("Name")
    st.selectbox("Level", ["beginner"])
    st.multiselect("Equipment", ["mat"])
    st.text_area("Cues")
    st.file_uploader("Picture", type=["png"])
    st.form_submit_button("Add")
found = exercises.search()
for exercise in found[:12]:
    st.markdown(exercise.name)
    st.image(str(exercise.picture))
if len(found) > 12:
    st.button("Show more")
""",
    "pages/7_Clients.py": """
st.text_input("Search")
st.toggle("Archived")
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, viewer)])
for form in ("add", "edit"):
    with st.form(form):
        st.text_input("Name")
        st.number_input("Age", 12, 100, 30)
        st.selectbox("Background", ["beginner"])
        st.selectbox("Sex", [""])
        st.multiselect("Days", ["Mon"])
        st.text_area("Goals")
        st.text_area("Notes")
        st.form_submit_button("Save")
st.button("Archive")
""",
    "pages/8_Intake.py": """
store.latest_intake(db, viewer, client)
with st.form("f"):
    for q in questions():
        st.radio(q.label, [True, False], index=None, key=q.id)
    st.form_submit_button("Save")
""",
    "pages/9_Sources.py": """
for s in sources().values():
    st.markdown(s.title)
""",
    "pages/9_Account.py": """
store.account_for_owner(db, owner)
st.download_button("all", b"", "x.zip")
st.download_button("one", b"", "y.zip")
st.file_uploader("zip", type="zip")
for form, fields in (("erase_one", 1), ("erase_all", 1), ("add", 4)):
    with st.form(form):
        for i in range(fields):
            st.text_input(str(i))
        st.form_submit_button("Go")
""",
}


def script(page: str, db_path: str) -> str:
    """The baseline page for `page`: the shared header and shell, then the screen's own part."""
    header = HEADER.format(path=db_path, owner=OWNER, client=CLIENT, menu=MENU)
    return header + SCREENS[page].format()


def write_app(directory: Path, db_path: str) -> Path:
    """Write the baseline app (`app.py` and `pages/`, named as Back Coach's); returns its entry.

    The project's `.streamlit/config.toml` is copied too, so a server runs both apps alike.
    """
    root = Path(__file__).resolve().parent.parent
    for page in SCREENS:
        target = directory / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(script(page, db_path))
    settings = directory / ".streamlit"
    settings.mkdir(exist_ok=True)
    (settings / "config.toml").write_text((root / ".streamlit" / "config.toml").read_text())
    return directory / "app.py"
