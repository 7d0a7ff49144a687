"""Roster: every client in one table, the ones who need attention first."""

import pandas as pd
import streamlit as st

import ui
from coach import roster, store

ctx = ui.page_setup("Roster", ":material/groups:")
st.title("Roster")
st.caption(
    "Sorted by need: a red flag a client found in their own check first, then open referrals, "
    "then worrying trends, then stale check-ins "
    f"({roster.rules().stale_text}). Within each, clients with something new since you looked."
)

PHONE_CARDS = 30  # cards drawn on a phone; the search finds the rest
WHY_HERE_MOST_PX = 560  # the main column at a 1280 px window, less the row picker and names


def open_summary(client_id: int) -> None:
    ui.make_current(client_id)
    st.switch_page("pages/6_Client_summary.py")


def last_pain(r: roster.RosterRow) -> str:
    """The newest pain, and who logged it when it was the client on their own account."""
    if r.last_pain is None:
        return "none logged"
    return f"{r.last_pain}/10" + (" (by the client)" if r.last_by_client else "")


def why_here(r: roster.RosterRow) -> str:
    return r.reason + (f", {ctx.dates.when(r.alert_at)}" if r.alert_at else "")


def roster_facts(r: roster.RosterRow) -> list[str]:
    """A card's one line of numbers, the columns of the wide table in words."""
    facts = ["no pain logged" if r.last_pain is None else f"last pain {last_pain(r)}"]
    if r.trend != roster.NO_TREND:
        facts.append(f"trend {r.trend}")
    if r.plan_due:
        facts.append(f"plan {r.plan_done} of {r.plan_due} sessions")
    if r.last_check_in:
        facts.append(f"last entry {ctx.dates.day(r.last_check_in)}")
    else:
        facts.append("no entries yet")
    return facts


seen = store.seen_per_client(ctx.db, ctx.viewer, ctx.viewer.account_id or 0)
paired = roster.with_news(ui.load_roster(ctx), seen, ctx.tz)
left, right = st.columns([2, 1])
search = left.text_input("Search by name", key="roster_search")
attention = right.toggle("Needs attention only", key="roster_attention")
paired = [
    (r, news)
    for r, news in paired
    if search.lower() in r.name.lower() and (not attention or r.rank < roster.RANK_OTHER or news)
]
rows = [r for r, _ in paired]

reasons = [why_here(r) for r in rows]
# What decides who needs attention comes first: the rest may scroll sideways at 1280 px.
table = pd.DataFrame(
    {
        "Client": [r.name for r in rows],
        "Why here": reasons,
        "Last pain": [last_pain(r) for r in rows],
        "New since you looked": [news.text if news else "" for _, news in paired],
        "Trend": [r.trend for r in rows],
        "Last triage": [
            f"{ui.level_title(r.last_triage)} ({ctx.dates.day(r.last_triage_date)})"
            if r.last_triage
            else "none"
            for r in rows
        ],
        "Pain, 14 days": [r.pain_14_days for r in rows],
        "Plan, 4 weeks": [f"{r.plan_done}/{r.plan_due}" if r.plan_due else "-" for r in rows],
        "Last check-in": [
            ctx.dates.day(r.last_check_in) if r.last_check_in else "never" for r in rows
        ],
        "Intake": [r.intake for r in rows],
    }
)
with ui.wide_only("roster"):
    event = st.dataframe(
        table,
        key="roster_table",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "Pain, 14 days": st.column_config.LineChartColumn("Pain, 14 days", y_min=0, y_max=10),
            "Why here": st.column_config.TextColumn(width=ui.text_width(reasons, WHY_HERE_MOST_PX)),
        },
    )
    st.caption("Select a row to open the client's summary.")
if event.selection.rows:
    open_summary(rows[event.selection.rows[0]].client_id)

with ui.narrow_only("roster"):
    for (r, news), reason in zip(paired[:PHONE_CARDS], reasons, strict=False):
        with st.container(border=True):
            if st.button(
                ui.plain(r.name),
                key=f"roster_open_{r.client_id}",
                type="tertiary",
                icon=":material/arrow_forward:",
            ):
                open_summary(r.client_id)
            # One element per card below the name: a phone roster draws up to 30 of them on
            # every rerun, and each element costs about as much as its text.
            facts = f":small[:gray[{' · '.join(roster_facts(r))}]]"
            badge = f":blue-badge[New since you looked: {news.text}]  \n" if news else ""
            if r.alert_at:  # a red flag from the client's own check: in words, and in red
                st.error(f"{ui.plain(reason)}  \n{badge}{facts}", icon=":material/emergency:")
            else:
                st.markdown(f"{ui.plain(reason)}  \n{badge}{facts}")
    if len(rows) > PHONE_CARDS:
        st.caption(f"The {PHONE_CARDS} who need attention most; search by name for the others.")
