"""Account and data: export, import, erase, and (for the owner) add trainer accounts."""

import streamlit as st

import ui
from coach import accounts, portability, store
from coach.errors import BackCoachError

ctx = ui.page_setup("Account and data", ":material/manage_accounts:")
st.title("Account and data")
account = accounts.account_for_owner(ctx.db, ctx.owner_id)
if account:
    st.markdown(f"Signed in as **{ui.plain(account.username)}**.")
owner_id = ctx.owner_id

st.subheader("Export")
left, right = st.columns(2)
left.download_button(
    "Everything I hold (zip)",
    lambda: portability.export_zip(ui.database(), owner_id),
    portability.exported_at(ctx.now),
    "application/zip",
    key="account_export_all",
    on_click="ignore",
    icon=":material/download:",
)
if ctx.client:
    client_id = ctx.client.id
    right.download_button(
        f"Only {ui.plain(ctx.client.name)} (zip)",
        lambda: portability.export_zip(ui.database(), owner_id, client_id),
        portability.exported_at(ctx.now),
        "application/zip",
        key="account_export_client",
        on_click="ignore",
        icon=":material/person:",
    )
st.caption("Each zip holds a CSV file per kind of record and backcoach.json, which import reads.")

st.subheader("Import")
upload = st.file_uploader("A Back Coach export (zip)", type="zip", key="account_import_file")
if upload is not None and st.button("Import into this workspace", key="account_import"):
    try:
        added = portability.import_zip(ctx.db, owner_id, upload.getvalue())
        st.success(f"Imported {added} clients.", icon=":material/check:")
    except BackCoachError as e:
        st.error(str(e))

st.subheader("Erase")
if ctx.client:
    with st.form(ui.for_client("account_erase_client", ctx.client.id)):
        st.markdown(f"Delete **{ui.plain(ctx.client.name)}** and every record about them.")
        typed = st.text_input("Type the client's name to confirm")
        if st.form_submit_button("Delete this client for good", type="primary"):
            if typed.strip() != ctx.client.name:
                st.error("The name you typed does not match: nothing was deleted.")
            else:
                with ui.errors_shown():
                    store.erase_client(ctx.db, owner_id, ctx.client.id)
                    st.session_state.pop(ui.CLIENT_ID, None)
                    st.session_state[ui.NOTICE] = "Client deleted."
                    st.rerun()
with st.form("account_erase_all"):
    st.markdown("Delete this whole workspace: the account, every client and every record.")
    typed = st.text_input("Type DELETE EVERYTHING to confirm")
    if st.form_submit_button("Delete my account and all data"):
        if typed.strip() != "DELETE EVERYTHING":
            st.error("The confirmation does not match: nothing was deleted.")
        else:
            with ui.errors_shown():
                store.erase_owner(ctx.db, owner_id)
                ui.sign_out("Your account and all its data were deleted.")
                st.rerun()

if account and account.is_admin:
    st.subheader("Add a trainer account")
    with st.form("account_add_trainer", clear_on_submit=True):
        name = st.text_input("Name")
        username = st.text_input("Username")
        email = st.text_input("E-mail (for organisation sign-in, optional)")
        password = st.text_input("First password (10 characters or more)", type="password")
        if st.form_submit_button("Add trainer"):
            try:
                accounts.create_account(ctx.db, username, password, name, "trainer", email)
                st.success(f"Added {ui.plain(username.strip().lower())}.")
            except BackCoachError as e:
                st.error(str(e))
