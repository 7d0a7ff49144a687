"""Render helpers shared by several screens: safe text, citations, triage outcomes, findings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from coach.content import source
from coach.errors import BackCoachError
from coach.trends import Finding
from coach.triage import Level, TriageResult
from coach.triage import content as triage_content
from ui.menu import menu_paths

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


@contextmanager
def errors_shown() -> Iterator[None]:
    """Around a write: a refusal (bad input, gone, the database busy) shows as its message, and
    the rest of the block (the toast, the rerun) does not run."""
    try:
        yield
    except BackCoachError as e:
        st.error(str(e))


def plain(text: str) -> str:
    """Escape user-typed text for Markdown so it shows literally and can load nothing."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def cite(source_id: str) -> str:
    """A short citation for a source id, matching its entry on the Sources screen."""
    s = source(source_id)
    return f"Source: {s.title} ({s.author}, {s.year}) [{s.id}]"


_LEVEL_STYLE = {
    Level.EMERGENCY: (st.error, ":material/emergency:"),
    Level.URGENT: (st.error, ":material/priority_high:"),
    Level.SEE_CLINICIAN: (st.warning, ":material/medical_services:"),
    Level.REST: (st.info, ":material/bedtime:"),
    Level.TRAIN: (st.success, ":material/fitness_center:"),
}


def level_banner(level: Level) -> None:
    """The outcome in words first (never colour alone), with the action to take."""
    info = triage_content().levels[level]
    show, icon = _LEVEL_STYLE[level]
    show(f"**{info.title.upper()}**  \n{info.action}", icon=icon)
    st.caption(cite(info.source))


def level_title(level: str) -> str:
    return triage_content().levels[Level(level)].title


def render_triage_result(result: TriageResult) -> None:
    """The outcome banner first, then reasons, likely causes with links, and next steps."""
    content = triage_content()
    level_banner(result.level)
    if result.reasons:
        heading = (
            "**Tell the emergency service about these signs:**"
            if result.level is Level.EMERGENCY
            else "**What we saw:**"
        )
        st.markdown(heading)
        for reason in result.reasons:
            st.markdown(f"- {reason.text} *({level_title(reason.level)})* `[{reason.source}]`")
    else:
        st.markdown("No warning signs in these answers.")
    if result.causes:
        st.markdown("**Likely causes, strongest first:**")
        pages = set(menu_paths())
        for cause_id in result.causes:
            cause = content.cause(cause_id)
            st.markdown(f"- **{cause.title}**: {cause.text} {cause.action} `[{cause.source}]`")
            if cause.page in pages:
                st.page_link(
                    cause.page, label=f"Open: {cause.action}", icon=":material/arrow_forward:"
                )
    st.markdown("**What to do now:**")
    for step in result.advice:
        st.markdown(f"1. {step} `[{step.source}]`")


def finding_card(finding: Finding) -> None:
    """One trend flag as a short card: what was seen, the numbers, what to do, the source."""
    with st.container(border=True):
        st.markdown(f"**{finding.title}**")
        st.markdown(finding.explanation)
        st.markdown(f"**What to do:** {finding.action}")
        numbers = ", ".join(f"{k.replace('_', ' ')}: {v:g}" for k, v in finding.numbers.items())
        st.caption(f"{numbers}. {cite(finding.source)}")
