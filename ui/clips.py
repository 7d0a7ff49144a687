"""A client's clip of a lift on the form check: attach one, and play it beside the checklist."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coach import store, uploads
from ui.keys import for_client
from ui.render import errors_shown, plain
from ui.setup import PageContext


def _attach(ctx: PageContext, exercise_id: str) -> None:
    client = ctx.client
    with st.expander(f"Attach a clip of {plain(client.name)}", icon=":material/videocam:"):
        clip = st.file_uploader(
            f"A short clip (MP4, MOV or WebM, up to {uploads.MAX_CLIP_BYTES // uploads.MIB} MB)",
            type=["mp4", "mov", "webm"],
            key=for_client("form_clip_file", client.id, exercise_id),
            max_upload_size=uploads.MAX_CLIP_BYTES // uploads.MIB,
        )
        if (
            st.button("Attach clip", key=for_client("form_clip_attach", client.id, exercise_id))
            and clip is not None
        ):
            with errors_shown():
                data = clip.getvalue()
                mime = uploads.clip_type(data)
                store.add_clip(
                    ctx.db, ctx.viewer, client.id, exercise_id, clip.name, mime, data, ctx.now
                )
                st.toast("Clip attached", icon=":material/check:")
                st.rerun()


def clip_beside(ctx: PageContext, exercise_id: str) -> DeltaGenerator:
    """The place for the checklist: beside the client's latest clip of this lift, if any."""
    if ctx.client is None:
        return st.container()
    _attach(ctx, exercise_id)
    clips = store.list_clips(ctx.db, ctx.viewer, ctx.client.id, exercise_id)
    if not clips:
        return st.container()
    latest = clips[0]
    player, checklist = st.columns(2)
    with player:
        st.video(store.clip_data(ctx.db, ctx.viewer, latest.id), format=latest.mime)
        st.caption(
            f"{plain(latest.filename)}, attached {ctx.local(latest.ts):%d %b %Y}, "
            f"{latest.size / uploads.MIB:.1f} MB"
            + (f" · {len(clips) - 1} earlier" if len(clips) > 1 else "")
        )
        if st.button("Remove this clip", key=f"form_clip_remove_{latest.id}"):
            with errors_shown():
                store.delete_clip(ctx.db, ctx.viewer, latest.id, ctx.now)
                st.rerun()
    return checklist
