"""Limit baselines: for each screen, a bare script that runs the same SQL and draws the same
charts, tables and inputs with nothing else. A screen's time divided by its baseline's is its
overhead: the menu and client picker, prose, layout, advice and everything else a screen adds.

The same SQL includes what every screen's setup reads: the owner, their mode, the client names
for the picker and the current client's profile. Inputs are drawn bare: the same widgets, with
short labels, no help, columns, expanders or tabs.
"""

HEADER = """
from datetime import date, datetime, timedelta
import streamlit as st
from coach import charts, form_check, store, trends, warmup
from coach.content import sources
from coach.intake import questions
from coach.plans import Plan
from coach.triage import content
db = store.connect({path!r})
owner, client = {owner!r}, {client}
store.owner_exists(db, owner), store.owner_kind(db, owner)
store.client_names(db, owner), store.get_client(db, owner, client)
since = datetime.combine(date.today() - timedelta(days=90), datetime.min.time())
"""

SCREENS = {
    "app.py": """
rows = store.recent_entries(db, owner, client, limit=2)
triages = store.list_triages(db, owner, client)
for label in ("Latest pain", "Last check-in", "Last triage"):
    st.metric(label, rows[0]["pain"])
""",
    "pages/6_Roster.py": """
frame = store.owner_entries_since(db, owner, date.today() - timedelta(days=30))
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, owner)])
""",
    "pages/6_Client_summary.py": """
triages = store.list_triages(db, owner, client)
store.recent_entries(db, owner, client, limit=2)
plan_row = store.current_plan(db, owner, client)
store.sessions_done(db, owner, plan_row["id"]), store.latest_intake(db, owner, client)
store.list_form_checks(db, owner, client)
frame = store.entries_frame(db, owner, client, start=since)
marks = charts.triage_marks(triages, since.date(), date.today())
st.altair_chart(charts.pain_chart(trends.chart_data(frame)[0], marks))
""",
    "pages/0_My_week.py": """
store.list_triages(db, owner, client), store.recent_entries(db, owner, client, limit=2)
plan_row = store.current_plan(db, owner, client)
store.sessions_done(db, owner, plan_row["id"]), store.latest_intake(db, owner, client)
store.list_form_checks(db, owner, client)
frame = store.entries_frame(db, owner, client, start=since)
st.altair_chart(charts.pain_chart(trends.chart_data(frame)[0]))
""",
    "pages/5_Pain_log.py": """
store.first_entry_date(db, owner, client)
triages = store.list_triages(db, owner, client)
frame = store.entries_frame(db, owner, client, start=since)
data = trends.chart_data(frame)[0]
marks = charts.triage_marks(triages, since.date(), date.today())
st.altair_chart(charts.pain_chart(data, marks)); st.altair_chart(charts.load_chart(data))
st.altair_chart(charts.location_chart(charts.location_data(frame)))
st.data_editor(frame.iloc[::-1].head(500), key="e")
""",
    "pages/1_Triage.py": """
store.list_triages(db, owner, client)
with st.form("f"):
    for q in content().questions:
        st.radio(q.label, [True, False], index=None, key=q.key)
    st.form_submit_button("Go")
""",
    "pages/2_Form_check.py": """
library = form_check.exercises()
st.selectbox("Exercise", list(library))
history = store.list_form_checks(db, owner, client, "conventional_deadlift")
with st.form("f"):
    for f in library["conventional_deadlift"].faults:
        st.checkbox(f.name, key=f.id)
    st.number_input("Load", 0.0, 500.0, value=None)
    st.toggle("New")
    st.form_submit_button("Score")
st.dataframe([{{"Date": h["ts"][:10], "Score": h["score"]}} for h in history])
""",
    "pages/3_Warm_up.py": """
store.recent_entries(db, owner, client)
st.selectbox("Session", list(warmup.WARM_UP_SESSION_TYPES))
st.slider("Minutes", 5, 15, 8)
st.slider("Pain", 0, 10, 0)
for i, s in enumerate(warmup.build_warmup("lower_body", 8, 0).steps):
    st.checkbox(s.move.name, key=str(i))
st.button("Timer")
st.button("Done")
st.number_input("Before", 30.0, 250.0, value=None)
st.number_input("After", 30.0, 250.0, value=None)
""",
    "pages/4_Core_plan.py": """
store.recent_entries(db, owner, client)
row = store.current_plan(db, owner, client)
store.sessions_done(db, owner, row["id"]), store.list_plans(db, owner, client)
plan = Plan.from_dict(row["plan"])
with st.form("f"):
    st.selectbox("Level", ["beginner"])
    for label in ("Weeks", "Sessions", "Minutes", "Pain"):
        st.slider(label, 0, 60, 1)
    st.multiselect("Equipment", ["mat"])
    st.form_submit_button("Build")
for label in ("Starts", "Done", "Level"):
    st.metric(label, 1)
st.button("Adapt")
for label in ("CSV", "PDF", "ICS"):
    st.download_button(label, b"", key=label)
st.selectbox("Week", [w.number for w in plan.weeks])
for i, session in enumerate(plan.weeks[0].sessions):
    st.checkbox(f"Session {{i + 1}} done", key=str(i))
    for p in session.exercises:
        st.markdown(p.exercise_id)
""",
    "pages/7_Clients.py": """
st.text_input("Search")
st.toggle("Archived")
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, owner)])
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
store.latest_intake(db, owner, client)
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
db.execute("SELECT * FROM accounts WHERE owner_id = ?", [owner]).fetchall()
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


def script(page: str, path: str, owner: str, client: int) -> str:
    return HEADER.format(path=path, owner=owner, client=client) + SCREENS[page].format()
