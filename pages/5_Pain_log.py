"""Pain and workout log: add, edit and import entries; trend flags and charts that notice change."""

from datetime import datetime, time, timedelta

import streamlit as st

import ui
from coach import charts, dates, exports, logbook, store, trends
from coach.errors import BackCoachError

ctx = ui.page_setup("Pain log", ":material/monitoring:", needs_client=True)
client = ctx.client
st.title(f"Pain log: {ui.plain(client.name)}")

ui.log_form(ctx, client)

today = ctx.today
first = store.first_entry_date(ctx.db, ctx.viewer, client.id)
if first is None:
    st.info("No entries yet. Log the first one above, or import a CSV below.")
else:
    first = min(first, today)
    picked = st.date_input(
        "Date range",
        value=(max(first, today - timedelta(days=90)), today),
        min_value=first,
        max_value=today,
        key=ui.for_client("log_range", client.id),
    )
    start, end = picked if len(picked) == 2 else (picked[0], today)
    frame = store.entries_frame(
        ctx.db,
        ctx.viewer,
        client.id,
        datetime.combine(start, time()),
        datetime.combine(end + timedelta(days=1), time()),
    )
    report = trends.analyze(frame)
    for finding in report.findings.values():
        ui.finding_card(finding)
    if not report.flags:
        st.success("No trend flags in this range.", icon=":material/check:")
    for note in report.notes:
        st.caption(note)

    triages = store.list_triages(ctx.db, ctx.viewer, client.id)
    marks = charts.triage_marks(triages, start, end, ctx.tz)
    pain_chart = charts.pain_chart(report.chart_data, marks)
    pain_tab, load_tab, where_tab = st.tabs(["Pain", "Load", "Location"])
    pain_tab.altair_chart(pain_chart, width="stretch")
    pain_tab.caption(trends.chart_caption(report.resolution))
    pain_tab.download_button(
        "Download chart (PNG)",
        data=lambda: charts.to_png(pain_chart),
        file_name=f"pain-{client.name}.png",
        mime="image/png",
        key="log_png",
        on_click="ignore",
    )
    load_tab.altair_chart(charts.load_chart(report.chart_data), width="stretch")
    where_tab.altair_chart(charts.location_chart(charts.location_data(frame)))

    st.subheader("Entries")
    columns = [*ui.LOG_EDIT_COLUMNS, ui.LOG_AUTHOR_COLUMN]
    table = frame[columns].iloc[::-1].head(ui.MAX_EDITOR_ROWS)
    if len(frame) > len(table):
        st.caption(f"Showing the newest {len(table)} of {len(frame)} entries in this range.")
    edited = st.data_editor(
        table,
        key="log_editor",
        num_rows="delete",
        hide_index=True,
        column_config=ui.log_column_config(),
        disabled=["id", ui.LOG_AUTHOR_COLUMN],
    )
    if st.button("Save table changes", key="log_save_table"):
        try:
            updates = logbook.entries_from_table(edited, ctx.today)
            deleted = set(table["id"]) - set(edited["id"])
            store.apply_log_edits(ctx.db, ctx.viewer, updates, deleted, ctx.now)
            st.toast(f"Saved: {len(updates)} entries kept, {len(deleted)} deleted")
            st.rerun()
        except BackCoachError as e:
            st.error(str(e))
    st.download_button(
        "Export this range (CSV)",
        data=lambda: exports.to_csv(logbook.export_frame(frame)),
        file_name=f"log-{client.name}.csv",
        mime="text/csv",
        key="log_export",
        on_click="ignore",
    )

outside = store.entries_outside_window(ctx.db, ctx.viewer, client.id, today)
if outside:
    st.warning(
        f"{len(outside)} entries have a date before {dates.EARLIEST.year} or after tomorrow, so no "
        "chart, flag or table above uses them. Delete them, then log them again with the right "
        "date.",
        icon=":material/event_busy:",
    )
    st.dataframe(
        outside,
        hide_index=True,
        column_order=["ts", "pain", "notes"],
        column_config={"ts": "Stored date", "pain": "Pain", "notes": "Notes"},
    )
    if st.button(f"Delete these {len(outside)} entries", key="log_delete_outside"):
        try:
            store.apply_log_edits(ctx.db, ctx.viewer, {}, [row["id"] for row in outside], ctx.now)
        except BackCoachError as e:
            st.error(str(e))
        else:
            st.rerun()

st.subheader("Import from CSV")
st.download_button(
    "Download the template",
    logbook.csv_template(),
    "backcoach-log-template.csv",
    "text/csv",
    on_click="ignore",
)
ui.log_import(ctx, client)
