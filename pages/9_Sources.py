"""Sources: every source the app cites, with what Back Coach takes from it; open to visitors."""

import streamlit as st

import ui
from coach.content import sources

ui.page_setup("Sources", ":material/menu_book:", public=True, who=ui.EVERYONE)
st.title("Sources")
chosen = sources().get(st.query_params.get("source", ""))
if chosen:
    st.info(
        f"**You followed a citation to:** {chosen.title} · {chosen.author}, {chosen.year}  \n"
        f"*Used for:* {chosen.used_for}"
        + (f"  \n[{chosen.url}]({chosen.url})" if chosen.url else ""),
        icon=":material/menu_book:",
    )
st.markdown(
    "Every rule, threshold and piece of advice in Back Coach names one of these sources, and "
    "each citation in the app links here. The wording in the app is our own. Duration terms "
    "follow ACP 2017: acute under 4 weeks, subacute 4 to 12 weeks, chronic over 12 weeks."
)
st.markdown(
    "\n".join(
        f"- **{s.title}** · {s.author}, {s.year}  \n  *Used for:* {s.used_for}"
        + (f"  \n  [{s.url}]({s.url})" if s.url else "")
        for s in sources().values()
    )
)
