"""Logging pain: the one pain input (My week and the pain log), and the pain log's entry form.

The form starts at the person's own date and time, has no pain value until one is tapped, and
is fresh again after a save. An entry already in the log (same minute, same values) is saved
again only if the person says so.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from coach import logbook, store
from coach.content import label, pain_rule
from coach.errors import BackCoachError, ImportRejected
from coach.logbook import LogEntry
from coach.profiles import Client
from ui.keys import for_client
from ui.render import plain
from ui.setup import PageContext

PAIN_CHOICES = list(range(11))
EFFORT_HELP = (
    "How hard the whole session felt: 0 is resting, 10 the hardest you could do "
    "(trainers call this RPE, rating of perceived exertion)."
)


def pain_input(label_text: str, key: str) -> int | None:
    """Pain from 0 to 10 as numbers to tap: nothing is chosen until the person taps one."""
    return st.pills(label_text, PAIN_CHOICES, key=key)


def already_logged(ctx: PageContext, client_id: int, entry: LogEntry) -> bool:
    minute = entry.ts.replace(second=0, microsecond=0)
    stored = store.entries_frame(
        ctx.db, ctx.viewer, client_id, minute, minute + timedelta(minutes=1)
    )
    return logbook.already_logged([entry], stored)[0]


def _save(ctx: PageContext, client: Client, entry: LogEntry) -> None:
    """Save, then start a fresh form: its widgets get new keys, so every field is empty again."""
    try:
        store.add_entry(ctx.db, ctx.viewer, client.id, entry, ctx.now)
    except BackCoachError as e:
        st.error(str(e))
        return
    version = for_client("log_form_version", client.id)
    st.session_state[version] = st.session_state.get(version, 0) + 1
    st.session_state.pop(for_client("log_pending", client.id), None)
    st.toast("Entry saved", icon=":material/check:")
    st.rerun()


def _ask_about_repeat(ctx: PageContext, client: Client) -> None:
    pending_key = for_client("log_pending", client.id)
    row = st.session_state.get(pending_key)
    if row is None:
        return
    entry = LogEntry.from_row(row)
    st.warning(
        f"The log already has an entry at {ctx.dates.when(entry.ts)} with these same values. "
        "Save a second one?",
        icon=":material/content_copy:",
    )
    left, right = st.columns(2)
    if left.button("Save it again", key=for_client("log_repeat_save", client.id)):
        _save(ctx, client, entry)
    if right.button("Don't save", key=for_client("log_repeat_drop", client.id)):
        st.session_state.pop(pending_key, None)
        st.rerun()


def log_form(ctx: PageContext, client: Client) -> None:
    """The "Log an entry" form, fresh after each save, and the question about a repeat."""
    version = st.session_state.get(for_client("log_form_version", client.id), 0)

    def key(name: str) -> str:
        return for_client(name, client.id, version)

    # Defaults set once per fresh form, so a rerun in the next minute keeps what was typed.
    st.session_state.setdefault(key("log_day"), ctx.today)
    st.session_state.setdefault(key("log_time"), ctx.now.time().replace(second=0, microsecond=0))
    sessions = logbook.LOGGED_SESSION_TYPES
    with (
        st.expander("Log an entry", icon=":material/add:"),
        st.form(for_client("log_add", client.id, version)),
    ):
        left, right = st.columns(2)
        day = left.date_input("Date", max_value=ctx.today, key=key("log_day"))
        at_time = right.time_input("Time", key=key("log_time"))
        pain = pain_input("Pain now: 0 none, 10 worst", key("log_pain"))
        left, right = st.columns(2)
        during = left.number_input(
            "Pain during exercise (optional)", 0, 10, value=None, help=pain_rule().text
        )
        morning = right.number_input("Pain next morning (optional)", 0, 10, value=None)
        left, mid, right = st.columns(3)
        location = left.selectbox(
            "Where", logbook.LOCATIONS, format_func=lambda v: label("location", v)
        )
        session = mid.selectbox(
            "Session type",
            sessions,
            index=sessions.index("check_in"),
            format_func=lambda v: label("session_type", v),
        )
        fluids = right.selectbox(
            "Fluids that day", logbook.FLUIDS, format_func=lambda v: label("fluids", v)
        )
        left, mid, right = st.columns(3)
        minutes = left.number_input("Minutes", 0, logbook.MAX_MINUTES, 0)
        effort = mid.number_input("Effort, 0 to 10", 0, 10, 0, help=EFFORT_HELP)
        warmed_today = ctx.today in store.warmup_days(ctx.db, ctx.viewer, client.id, ctx.today)
        warmed = right.toggle("Warmed up", value=warmed_today)
        radiates = right.toggle("Pain spreads into a leg")
        notes = st.text_area("Notes", max_chars=logbook.MAX_NOTE)
        submitted = st.form_submit_button("Save entry", type="primary")
    if submitted:
        try:
            entry = logbook.entry_from_form(
                day, at_time, pain, during, morning, location, radiates, session,
                int(minutes), int(effort), warmed, fluids, notes,
            )  # fmt: skip
        except BackCoachError as e:
            st.error(str(e))
        else:
            if already_logged(ctx, client.id, entry):
                st.session_state[for_client("log_pending", client.id)] = entry.to_row()
            else:
                _save(ctx, client, entry)
    _ask_about_repeat(ctx, client)


MB = 1024 * 1024
SHOWN_PROBLEMS = 50


def import_outcome(added: int, skipped: int) -> str:
    """The import's last word: what was added, and what was already there."""
    if not added:
        return f"Nothing new: all {skipped:,} rows are already in the log."
    text = f"Imported {added:,} entries."
    if skipped:
        text += f" {skipped:,} rows were already in the log and were skipped."
    return text


def log_import(ctx: PageContext, client: Client) -> None:
    """The CSV importer: all or nothing, rows already in the log skipped and counted, and the
    progress area ending with the result."""
    upload = st.file_uploader(
        "CSV file (UTF-8)",
        type="csv",
        key=for_client("log_upload", client.id),
        max_upload_size=logbook.MAX_IMPORT_BYTES // MB,
    )
    if upload is None or not st.button("Import", key="log_import"):
        return
    with st.status("Importing…", expanded=True) as status:
        try:
            entries = logbook.parse_csv(upload.getvalue(), ctx.today)
            first = min(e.ts for e in entries).replace(second=0, microsecond=0)
            last = max(e.ts for e in entries) + timedelta(minutes=1)
            stored = store.entries_frame(ctx.db, ctx.viewer, client.id, first, last)
            repeats = logbook.already_logged(entries, stored)
            new = [e for e, seen in zip(entries, repeats, strict=True) if not seen]
            bar = st.progress(0.0, text=f"Writing {len(new):,} entries")
            store.add_entries(ctx.db, ctx.viewer, client.id, new, ctx.now, on_progress=bar.progress)
        except ImportRejected as e:
            status.update(label="Nothing was imported", state="error")
            shown = [f"- {plain(p)}" for p in e.problems[:SHOWN_PROBLEMS]]
            if len(e.problems) > SHOWN_PROBLEMS:
                shown.append(f"- and {len(e.problems) - SHOWN_PROBLEMS:,} more")
            st.markdown("Fix these and import the file again:\n" + "\n".join(shown))
        except BackCoachError as e:
            status.update(label="Nothing was imported", state="error")
            st.error(str(e))
        else:
            outcome = import_outcome(len(new), len(entries) - len(new))
            status.update(label=outcome, state="complete")
            st.success(outcome, icon=":material/check:")
