"""Render helpers shared by several screens: safe text, citations, triage outcomes, findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import streamlit as st

from coach.content import label, source
from coach.errors import BackCoachError
from coach.trends import Finding
from coach.triage import Level, TriageResult
from coach.triage import content as triage_content
from ui.access import SAFETY_NOTE
from ui.menu import menu_paths

if TYPE_CHECKING:
    from coach.summary import TodaysAdvice

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
# Before each `.`, `:` and `@` (escaped or not): breaks `www.`, `https://` and `a@b.c` for the
# autolinker, which runs on the text after escapes are resolved, so escaping alone still linked.
_LINK_MARKS = re.compile(r"(\\?[.:@])")
WORD_JOINER = "\u2060"


@contextmanager
def errors_shown() -> Iterator[None]:
    """Around a write: a refusal (bad input, gone, the database busy) shows as its message, and
    the rest of the block (the toast, the rerun) does not run."""
    try:
        yield
    except BackCoachError as e:
        st.error(str(e))


SOURCES_PAGE = "Sources"  # the Sources screen's address, relative so it works under any base path


def plain(text: str) -> str:
    """User-typed text for Markdown: shows literally, loads nothing, links nowhere."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINK_MARKS.sub(WORD_JOINER + r"\1", escaped).replace("\n", "  \n")


def cite(source_id: str) -> str:
    """A short citation for a source id, a link to its entry on the Sources screen."""
    s = source(source_id)
    return f"Source: [{s.title} ({s.author}, {s.year})]({SOURCES_PAGE}?source={s.id})"


def ref(source_id: str) -> str:
    """An inline citation, "(Author, year)", a link to the source on the Sources screen."""
    s = source(source_id)
    return f"([{s.author}, {s.year}]({SOURCES_PAGE}?source={s.id}))"


def todays_advice(advice: TodaysAdvice) -> None:
    """Today's status first on My week and the client summary, with its next step as a link.
    An emergency or urgent level shows as the triage shows it: in its words and its colour."""
    show, icon = st.info, ":material/today:"
    if advice.level is not None and advice.level.is_urgent:
        show, icon = _LEVEL_STYLE[advice.level]
    show(f"**Today: {advice.title}.** {advice.text}", icon=icon)
    if advice.next_page:
        st.page_link(advice.next_page, label=advice.next_label, icon=":material/arrow_forward:")
    st.caption(cite(advice.source))


class Citations:
    """Numbers the sources one outcome cites, each number a link to the Sources screen."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def ref(self, source_id: str) -> str:
        if source_id not in self.ids:
            self.ids.append(source_id)
        number = self.ids.index(source_id) + 1
        return f"[[{number}]]({SOURCES_PAGE}?source={source_id})"

    def footnote(self) -> str:
        return "  \n".join(
            f"{self.ref(sid)} {s.title} ({s.author}, {s.year})"
            for sid in self.ids
            if (s := source(sid))
        )


_LEVEL_STYLE = {
    Level.EMERGENCY: (st.error, ":material/emergency:"),
    Level.URGENT: (st.warning, ":material/schedule:"),
    Level.SEE_CLINICIAN: (st.info, ":material/medical_services:"),
    Level.REST: (st.info, ":material/bedtime:"),
    Level.TRAIN: (st.success, ":material/fitness_center:"),
}


def level_note(level: str, text: str) -> None:
    """A line about an outcome in that outcome's colour and icon, so a note never looks more
    (or less) alarming than the outcome it is about."""
    show, icon = _LEVEL_STYLE[Level(level)]
    show(text, icon=icon)


def level_title(level: str) -> str:
    return triage_content().levels[Level(level)].title


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))


def render_triage_result(result: TriageResult, then: Callable[[], None] = lambda: None) -> None:
    """The outcome first, in words and colour: its title and what to do now, then only what fits
    the level (what to tell the service, the signs, causes, when to get help sooner).

    `then` draws what the screen offers to do with the outcome (save it) straight after it, not
    below the detail: on a phone the detail fills the first screen."""
    content = triage_content()
    cites = Citations()
    info = content.levels[result.level]
    show, icon = _LEVEL_STYLE[result.level]
    steps = _numbered([f"{step} {cites.ref(step.source)}" for step in result.advice])
    show(f"### {info.title}\n\n**What to do now**\n\n{steps}", icon=icon)
    if result.tell:
        st.markdown(f"**What to tell them:** {result.tell}")
    then()
    if result.reasons:
        heading = "Signs found" if result.level.is_urgent else "What we saw"
        lines = [
            f"- {r.text}"
            + (f" *({content.levels[r.level].label})*" if r.level is not result.level else "")
            + f" {cites.ref(r.source)}"
            for r in result.reasons
        ]
        st.markdown(f"**{heading}:**\n\n" + "\n".join(lines))
    else:
        st.markdown("No warning signs in these answers.")
    if result.causes:
        st.markdown("**Likely causes, strongest first:**")
        pages = set(menu_paths())
        for cause_id in result.causes:
            cause = content.cause(cause_id)
            st.markdown(f"- **{cause.title}**: {cause.text} {cites.ref(cause.source)}")
            if cause.page in pages:
                st.page_link(
                    cause.page, label=f"Open: {cause.action}", icon=":material/arrow_forward:"
                )
    if result.safety_net:
        lines = [f"- {a} {cites.ref(a.source)}" for a in result.safety_net]
        st.markdown("**When to get help sooner:**\n\n" + "\n".join(lines))
    st.caption("Sources (each opens on the Sources screen):  \n" + cites.footnote())


def safety_line() -> None:
    """The safety note in one line, the whole text one tap away: for screens after the first,
    which shows it in full (the start screen, My week)."""
    with st.popover(
        "Not a diagnosis tool · emergency signs",
        icon=":material/emergency:",
        type="tertiary",
    ):
        st.warning(SAFETY_NOTE, icon=":material/emergency:")


def finding_card(finding: Finding) -> None:
    """One trend flag as a short card: what was seen, the numbers, what to do, the source."""
    with st.container(border=True):
        st.markdown(f"**{finding.title}**")
        st.markdown(finding.explanation)
        st.markdown(f"**What to do:** {finding.action}")
        numbers = "; ".join(
            f"{label('finding_number', k)}: {v:g}" for k, v in finding.numbers.items()
        )
        st.caption(f"{numbers}. {cite(finding.source)}")
