"""Clients: the roster of profiles. Add, edit, archive and search."""

import streamlit as st

import ui
from coach import store
from coach.content import label
from coach.errors import BackCoachError
from coach.profiles import BACKGROUNDS, SEXES, WEEKDAYS, Profile

ctx = ui.page_setup("Clients", ":material/group:")
ADDED = "clients_added"  # the client just added: name, announced
ADD_FORM = "clients_add_version"  # a new version after each add: a fresh, empty form
st.title("Clients")


def profile_form(key: str, current: Profile | None, submit_label: str) -> Profile | None:
    """A profile form; returns a valid Profile on submit, or None (errors shown in place)."""
    with st.form(key):
        name = st.text_input("Name", value=current.name if current else "", max_chars=100)
        left, mid, right = st.columns(3)
        age = left.number_input(
            "Age", min_value=12, max_value=100, value=current.age if current else 30, step=1
        )
        background = mid.selectbox(
            "Training background",
            BACKGROUNDS,
            index=BACKGROUNDS.index(current.background) if current else 0,
            format_func=lambda v: label("level", v),
        )
        sex = right.selectbox(
            "Sex (optional)",
            SEXES,
            index=SEXES.index(current.sex) if current else 0,
            format_func=lambda s: label("sex", s),
        )
        days = st.multiselect(
            "Usual training days",
            WEEKDAYS,
            default=list(current.training_days) if current else ["Mon", "Wed", "Fri"],
        )
        goals = st.text_area("Goals", value=current.goals if current else "", max_chars=5000)
        notes = st.text_area("Notes", value=current.notes if current else "", max_chars=5000)
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    try:
        return Profile(
            name=name,
            age=int(age),
            background=background,
            sex=sex,
            training_days=tuple(days),
            goals=goals,
            notes=notes,
        )
    except BackCoachError as e:
        st.error(str(e))
        return None


search = st.text_input("Search by name, goals or notes", key="clients_search")
show_archived = st.toggle("Show archived clients", key="clients_show_archived")
clients = store.list_clients(ctx.db, ctx.viewer, search, include_archived=show_archived)
st.dataframe(
    [
        {
            "Name": c.name,
            "Age": c.age,
            "Background": label("level", c.background),
            "Training days": ", ".join(c.training_days),
            "Goals": c.goals,
            "Archived": "Yes" if c.archived else "No",
        }
        for c in clients
    ],
    hide_index=True,
    width="stretch",
)

if ctx.client is not None:
    st.caption(
        f"Current client: **{ui.plain(ctx.client.name)}** (chosen in the menu). Editing and their "
        "own account act on them."
    )
add_tab, edit_tab, own_tab = st.tabs(["Add a client", "Edit the current client", "Own account"])
with add_tab:
    added = st.session_state.get(ADDED)
    if added is not None and not added["announced"]:
        added["announced"] = True
        st.success(
            f"Added {added['name']}, now the current client. Next: a triage before their first "
            "session, the intake questions, or an invitation to check in on their phone "
            "(Own account).",
            icon=":material/person_add:",
        )
    version = st.session_state.get(ADD_FORM, 0)
    new = profile_form(f"clients_add_{version}" if version else "clients_add", None, "Add client")
    if new is not None:
        with ui.errors_shown():
            client = store.add_client(ctx.db, ctx.viewer, new, ctx.now)
            ui.make_current(client.id)
            st.session_state[ADDED] = {"name": ui.plain(client.name), "announced": False}
            st.session_state[ADD_FORM] = version + 1
            st.rerun()

with edit_tab:
    if ctx.client is None:
        st.info("Pick or add a client first.")
    else:
        edited = profile_form(
            ui.for_client("clients_edit", ctx.client.id), ctx.client.profile, "Save changes"
        )
        if edited is not None:
            with ui.errors_shown():
                store.update_client(ctx.db, ctx.viewer, ctx.client.id, edited, ctx.now)
                st.toast("Saved", icon=":material/check:")
                st.rerun()
        if st.button("Archive this client", key="clients_archive", icon=":material/archive:"):
            with ui.errors_shown():
                store.set_archived(ctx.db, ctx.viewer, ctx.client.id, True, ctx.now)
                ui.make_current(None)
                st.toast(f"Archived {ui.plain(ctx.client.name)}", icon=":material/archive:")
                st.rerun()
        ui.assignment_control(ctx)

with own_tab:
    ui.invite_section(ctx)

archived = [c for c in clients if c.archived]
if archived:
    st.subheader("Archived")
    for c in archived:
        if st.button(f"Restore {ui.plain(c.name)}", key=f"clients_restore_{c.id}"):
            with ui.errors_shown():
                store.set_archived(ctx.db, ctx.viewer, c.id, False, ctx.now)
                st.rerun()
