"""My data: a client's own copy of their record, their plan in a calendar, and ending the link."""

import streamlit as st

import ui
from coach import documents, plans, portability, store
from coach.plans import Plan

ctx = ui.page_setup("My data", ":material/folder_shared:", who=(ui.CLIENT,))
client = ctx.client
st.title("My data")

st.subheader("A copy of your record", anchor=False)
st.download_button(
    "Download my data (zip)",
    lambda: portability.export_zip(ui.database(), ctx.viewer, client.id, private_notes=False),
    portability.exported_at(ctx.now),
    "application/zip",
    key="mydata_export",
    on_click="ignore",
    icon=":material/download:",
)
st.caption(
    "The same format your trainer's export uses: a CSV file per kind of record and "
    "backcoach.json. Your trainer's private notes are left out."
)

st.subheader("Your plan in your calendar", anchor=False)
current = store.current_plan(ctx.db, ctx.viewer, client.id)
if current is None:
    st.caption("Your trainer has not made a core plan for you yet.")
else:
    plan = Plan.from_dict(current.plan)
    bookings = plans.schedule(plan, current.start_day, client.training_days)
    ui.hold_note(ctx)  # while the client waits to be seen, the calendar says so too
    st.markdown("What time do you train on each day?")
    at = ui.session_times(bookings, "mydata_time", client.id)
    st.download_button(
        "Calendar file (.ics)",
        lambda: documents.plan_ics(plan, client.name, bookings, at, now=ctx.now),
        f"core-plan-{client.name}.ics",
        "text/calendar",
        key="mydata_ics",
        on_click="ignore",
        icon=":material/calendar_month:",
    )
    minutes = round(documents.REMIND_BEFORE.total_seconds() / 60)
    st.caption(
        f"Open it on your phone: your own calendar reminds you {minutes} minutes before each "
        "session, titled with what to do."
    )

st.subheader("Stop checking in here", anchor=False)
st.markdown(
    "Unlinking ends your access to this record. Your trainer keeps their record of you; "
    "download your copy above first."
)
sure = st.checkbox("I understand: I will no longer see or log anything here", key="mydata_sure")
if st.button(
    "Unlink my account", key="mydata_unlink", disabled=not sure, icon=":material/link_off:"
):
    with ui.errors_shown():
        store.unlink_account(ctx.db, ctx.viewer.account_id, portability.farewell(ctx.now))
        ui.sign_out(
            "Your account is unlinked. Your trainer keeps their record; a copy of your data "
            "stays with your account: sign in to download it."
        )
        st.rerun()
