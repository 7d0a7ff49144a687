"""Account and data: your account, the team (owner), export, import, and the danger zone."""

import streamlit as st

import ui
from coach import portability, sessions, store
from coach.errors import BackCoachError

ctx = ui.page_setup("Account and data", ":material/manage_accounts:")
st.title("Account and data")
viewer = ctx.viewer
account = store.get_account(ctx.db, viewer.account_id) if viewer.account_id else None

if account:
    st.subheader("Your account")
    st.markdown(f"Signed in as **{ui.plain(account.username)}**.")
    with st.form("account_password", clear_on_submit=True):
        current = st.text_input("Current password", type="password")
        new = st.text_input("New password (10 characters or more)", type="password")
        if st.form_submit_button("Change my password"):
            try:
                sessions.change_password(ctx.db, account.id, current, new)
            except BackCoachError as e:
                st.error(str(e))
            else:
                ui.sign_out("Password changed: sign in again with the new one.")
                st.rerun()
    st.button(
        "Sign out on every browser",
        key="account_sign_out_everywhere",
        on_click=ui.sign_out_everywhere,
        args=(account.id,),
        icon=":material/devices:",
    )

if account and account.is_admin:
    ui.team_section(ctx, account)

st.subheader("Export")
left, right = st.columns(2)
left.download_button(
    "Everything I hold (zip)",
    lambda: portability.export_zip(ui.database(), viewer),
    portability.exported_at(ctx.now),
    "application/zip",
    key="account_export_all",
    on_click="ignore",
    icon=":material/download:",
)
names = store.client_names(ctx.db, viewer)
if names:
    export_id = right.selectbox(
        "One client only",
        list(names),
        format_func=names.get,
        index=None,
        placeholder="Choose a client",
        key="account_export_pick",
    )
    if export_id is not None:
        right.download_button(
            f"Only {names[export_id]} (zip)",
            lambda: portability.export_zip(ui.database(), viewer, export_id),
            portability.exported_at(ctx.now, names[export_id]),
            "application/zip",
            key="account_export_client",
            on_click="ignore",
            icon=":material/person:",
        )
st.caption("Each zip holds a CSV file per kind of record and backcoach.json, which import reads.")

st.subheader("Import")
upload = st.file_uploader(
    "A Back Coach export (zip)",
    type="zip",
    key="account_import_file",
    max_upload_size=portability.MAX_ZIP_BYTES // portability.MIB,
)
if upload is not None and st.button("Import into this workspace", key="account_import"):
    try:
        added = portability.import_zip(ctx.db, viewer, upload.getvalue(), ctx.now)
        st.success(f"Imported {added} clients.", icon=":material/check:")
    except BackCoachError as e:
        st.error(str(e))

ui.danger_zone(ctx, names)
