"""Limit baselines: for each screen, a bare script that runs the same SQL and draws the same
chart (or form) with nothing else. A screen's time divided by its baseline's is its overhead.

The same SQL includes what every screen's setup reads: the owner, their mode, the client names
for the picker and the current client's profile.
"""

HEADER = """
from datetime import date, datetime, timedelta
import streamlit as st
from coach import charts, checklists, store, trends
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
st.metric("Latest pain", rows[0]["pain"])
st.metric("Triages", len(store.list_triages(db, owner, client)))
""",
    "pages/6_Roster.py": """
frame = store.owner_entries_since(db, owner, date.today() - timedelta(days=30))
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, owner)])
""",
    "pages/6_Client_summary.py": """
store.list_triages(db, owner, client), store.recent_entries(db, owner, client, limit=2)
plan_row = store.current_plan(db, owner, client)
store.sessions_done(db, owner, plan_row["id"]), store.latest_intake(db, owner, client)
store.list_form_checks(db, owner, client)
frame = store.entries_frame(db, owner, client, start=since)
st.altair_chart(charts.pain_chart(trends.chart_data(frame)[0]))
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
store.first_entry_date(db, owner, client), store.list_triages(db, owner, client)
frame = store.entries_frame(db, owner, client, start=since)
data = trends.chart_data(frame)[0]
st.altair_chart(charts.pain_chart(data)); st.altair_chart(charts.load_chart(data))
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
store.list_form_checks(db, owner, client, "conventional_deadlift")
for f in checklists.exercises()["conventional_deadlift"].faults:
    st.checkbox(f.name, key=f.id)
""",
    "pages/3_Warm_up.py": """
store.recent_entries(db, owner, client)
for i, s in enumerate(checklists.build_warmup("lower_body", 8, 0).steps):
    st.checkbox(s.move.name, key=str(i))
""",
    "pages/4_Core_plan.py": """
store.recent_entries(db, owner, client)
row = store.current_plan(db, owner, client)
store.sessions_done(db, owner, row["id"]), store.list_plans(db, owner, client)
plan = Plan.from_dict(row["plan"])
for i, _ in enumerate(plan.weeks[0].sessions):
    st.checkbox(f"Session {{i + 1}} done", key=str(i))
""",
    "pages/7_Clients.py": """
st.dataframe([{{"name": c.name}} for c in store.list_clients(db, owner)])
""",
    "pages/8_Intake.py": """
store.latest_intake(db, owner, client)
for q in questions():
    st.radio(q.label, [True, False], index=None, key=q.id)
""",
    "pages/9_Sources.py": """
for s in sources().values():
    st.markdown(s.title)
""",
    "pages/9_Account.py": """
db.execute("SELECT * FROM accounts WHERE owner_id = ?", [owner]).fetchall()
st.download_button("zip", b"", "x.zip")
""",
}


def script(page: str, path: str, owner: str, client: int) -> str:
    return HEADER.format(path=path, owner=owner, client=client) + SCREENS[page].format()
