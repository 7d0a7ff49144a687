"""Triage: red-flag screening with an explained outcome, likely causes and what to do next."""

import streamlit as st

import ui
from coach import store
from coach.errors import BackCoachError
from coach.triage import TriageResult, assess, changes_since, content

ctx = ui.page_setup("Triage", ":material/healing:")
outcome = ctx.top  # filled after submit, so an emergency is the first thing on screen
st.title("Triage")
st.caption(
    "Answer every question. This is not a diagnosis: when in doubt it sends you to a professional."
)

SELF_CHECK = "Quick self-check (nothing is saved)"
targets = (
    [SELF_CHECK] if ctx.client is None else [f"{ui.plain(ctx.client.name)} (saved)", SELF_CHECK]
)
target = st.radio("Who is this for?", targets, key="triage_target", horizontal=True)
saving = target != SELF_CHECK

questions = content()
# A warm-up ticked off today answers the (non-red-flag) warm-up question; nothing else is prefilled.
warmed_up_today = saving and ctx.today in store.warmup_days(
    ctx.db, ctx.owner_id, ctx.client.id, ctx.today
)
GROUPS = {
    "red_flags": "1. Warning signs",
    "pain": "2. The pain itself",
    "context": "3. The workout",
}
YES_NO = {True: "Yes", False: "No"}

with st.form("triage_form"):
    answers = {}
    for group, heading in GROUPS.items():
        st.subheader(heading)
        for q in questions.in_group(group):
            key = f"triage_{q.key}"
            if q.kind == "yes_no":
                answers[q.key] = st.radio(
                    q.label,
                    [True, False],
                    index=0 if q.key == "warmed_up" and warmed_up_today else None,
                    key=key,
                    horizontal=True,
                    format_func=YES_NO.get,
                    help=q.why or None,
                )
            elif q.kind == "choice":
                labels = dict(q.options)
                answers[q.key] = st.radio(
                    q.label,
                    list(labels),
                    index=None,
                    key=key,
                    format_func=labels.get,
                    help=q.why or None,
                )
            elif q.key == "pain_now":
                answers[q.key] = st.pills(q.label, list(range(11)), key=key)
            else:
                default = ctx.client.age if q.key == "age" and saving else None
                answers[q.key] = st.number_input(
                    q.label,
                    min_value=q.min,
                    max_value=q.max,
                    value=default,
                    step=1,
                    key=key,
                    placeholder="Type a number",
                )
    submitted = st.form_submit_button("See the outcome", type="primary")

if submitted:
    missing = [q.label for q in questions.questions if answers[q.key] is None and not q.ask_if]
    if missing:
        st.error("Please answer every question. Still open:\n\n- " + "\n- ".join(missing))
    else:
        try:
            result = assess(
                {
                    k: (int(v) if isinstance(v, float) else v)
                    for k, v in answers.items()
                    if v is not None
                }
            )
        except BackCoachError as e:
            st.error(str(e))
            st.stop()
        with outcome:
            ui.render_triage_result(result)
            if saving:
                history = store.list_triages(ctx.db, ctx.owner_id, ctx.client.id)
                with ui.errors_shown():
                    store.save_triage(
                        ctx.db, ctx.owner_id, ctx.client.id, answers, result.to_dict(), ctx.now
                    )
                    st.success(
                        f"Saved to {ui.plain(ctx.client.name)}'s history.", icon=":material/check:"
                    )
                if history:
                    st.markdown("**Since the last triage:**")
                    previous = TriageResult.from_dict(history[0]["result"])
                    for note in changes_since(previous, result):
                        st.markdown(f"- {note}")
            st.divider()

if saving:
    st.subheader(f"History: {ui.plain(ctx.client.name)}")
    history = store.list_triages(ctx.db, ctx.owner_id, ctx.client.id)
    if not history:
        st.caption("No triage on record yet.")
    for row in history:
        title = ui.level_title(row["level"])
        with st.expander(f"{ctx.local(row['ts']):%Y-%m-%d %H:%M} · {title}"):
            for reason in row["result"]["reasons"]:
                st.markdown(f"- {reason['text']} `[{reason['source']}]`")
            if row["cleared_on"]:
                st.caption(f"Cleared on {row['cleared_on']}: {ui.plain(row['cleared_note'] or '')}")
