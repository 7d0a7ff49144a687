"""Client summary: one screen to read before a session, and the referral report."""

from datetime import timedelta

import streamlit as st

import ui
from coach import charts, documents, store, summary
from coach.content import label
from coach.form_check import exercises
from coach.triage import TriageResult

ctx = ui.page_setup("Client summary", ":material/summarize:", needs_client=True)
today = ctx.today
info = summary.client_summary(ctx.db, ctx.viewer, ctx.client.id, today, ctx.tz)
client = info.client
with ui.errors_shown():  # the roster's "new since you looked" counts from here
    store.mark_seen(ctx.db, ctx.viewer, client.id, ctx.viewer.account_id or 0, ctx.now)
st.title(ui.plain(client.name))
st.caption(
    f"Age {client.age} · {label('level', client.background)} · "
    f"trains {', '.join(client.training_days) or 'no set days'}"
)

# Spoken to the person on their own record; about the client when their trainer reads it.
name = None if ctx.own_record else ui.plain(ctx.client.name)
ui.todays_advice(summary.todays_advice(info, today, ctx.tz, name))

ui.unsaved_clearance(ctx, "triage", info.open_referral and info.open_referral.id)
if info.open_referral:
    referral = info.open_referral
    flagged_on = ctx.dates.day(ctx.local(referral.ts).date())
    ui.level_note(
        referral.level, f"Flagged until cleared: {ui.level_title(referral.level)} on {flagged_on}."
    )
    ui.clearance_form(ctx, "triage", referral.id, f"{ui.plain(client.name)} after this referral")

left, mid, right = st.columns(3)
left.metric(
    "Latest pain", "-" if info.glance.latest_pain is None else f"{info.glance.latest_pain}/10"
)
mid.metric("Plan, last 4 weeks", f"{info.plan_done} of {info.plan_due}" if info.plan_due else "-")
right.metric("Warmed up", f"{info.warmed_sessions} of {info.sessions} sessions")

st.subheader("Last triage")
if info.triages:
    latest = info.triages[0]
    st.markdown(
        f"{ctx.dates.day(info.glance.last_triage_date)}: **{ui.level_title(latest.level)}**"
    )
    for reason in TriageResult.from_dict(latest.result).reasons:
        st.markdown(f"- {ui.plain(reason.text)} {ui.ref(reason.source)}")
    for change in info.changes:
        st.caption(change)
else:
    st.caption("No triage yet.")

st.subheader("Pain, last 90 days")
for finding in info.report.findings.values():
    ui.finding_card(finding)
since = today - timedelta(days=summary.SUMMARY_DAYS)
marks = charts.triage_marks(info.triages, since, today, ctx.tz)
pain_chart = charts.pain_chart(info.report.chart_data, marks)
st.altair_chart(pain_chart, width="stretch")

st.subheader("Plan and form")
if info.plan:
    upcoming = summary.next_session(info, today)
    when = f"next session {ctx.dates.short_day(upcoming.day)}" if upcoming else "no sessions left"
    st.markdown(
        f"{label('level', info.plan.level)} core plan, {len(info.plan.weeks)} weeks; {when}."
    )
else:
    st.caption("No core plan.")
for exercise_id, fault_id, times in info.recurring_faults:
    lift = exercises()[exercise_id]
    st.markdown(f"- Keeps coming back: {lift.name}, {lift.fault(fault_id).name} ({times} checks)")
if client.notes:
    st.subheader("Notes")
    st.text(client.notes)

st.subheader("Referral report")
st.caption(documents.SCOPE_NOTE)
include = {
    key
    for key, title in documents.REFERRAL_DETAILS.items()
    if st.checkbox(
        f"Include {title.lower()}",
        value=key in ("age", "background"),
        key=ui.for_client("summary_include", client.id, key),
    )
}
account = store.get_account(ctx.db, ctx.viewer.account_id) if ctx.viewer.account_id else None
author = documents.Author(store.signer_name(ctx.db, ctx.viewer), account.email if account else "")
st.caption(f"Signed: {ui.plain(', '.join(t for t in (author.name, author.contact) if t))}")
printed = [client.name, author.name, *(str(getattr(client, key)) for key in sorted(include))]
if note := documents.font_note(" ".join(printed)):
    st.caption(ui.plain(note))
st.download_button(
    "Download referral report (PDF)",
    lambda: documents.referral_pdf(
        info, include, charts.to_png(pain_chart), today, author, ctx.dates
    ),
    file_name=f"referral-{client.name}.pdf",
    mime="application/pdf",
    key="summary_referral",
    on_click="ignore",
    type="primary",
    icon=":material/picture_as_pdf:",
)
with st.expander("Printable view"):
    st.markdown(f"**Referral summary: {ui.plain(client.name)}**, {ctx.dates.day(today)}")
    if info.triages:
        latest = info.triages[0]
        st.markdown(
            f"Latest triage: {ui.level_title(latest.level)} "
            f"({ctx.dates.day(info.glance.last_triage_date)})"
        )
    st.markdown(
        f"Pain entries in 90 days: {len(info.entries)}; flags: "
        f"{', '.join(f.title for f in info.report.findings.values()) or 'none'}"
    )
    if info.plan:
        st.markdown(
            f"Core plan: {info.plan.level}, {info.plan_done} of {info.plan_due} "
            "sessions done in the last 4 weeks"
        )

ui.client_history(ctx, info)
