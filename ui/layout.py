"""Layout rules for every screen: parts shown only on a narrow (phone) or only on a wide window,
and link labels that wrap.

The server never learns the window's width, so a screen that needs two forms of the same content
(a wide table, a card per row on a phone) draws both in keyed containers and one CSS rule hides
the form that does not fit. 640 px is where Streamlit itself stacks columns. Streamlit cuts a
page link's label at one line with an ellipsis, mid-word; here it wraps instead. Links in a
coloured banner or a caption (the citations) take the text colour around them, readable there.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

NARROW_MAX_PX = 640
_WIDE, _NARROW = "wide_only_", "narrow_only_"

LAYOUT_CSS = f"""<style>
@media (max-width: {NARROW_MAX_PX}px) {{ [class*="st-key-{_WIDE}"] {{ display: none; }} }}
@media (min-width: {NARROW_MAX_PX + 1}px) {{ [class*="st-key-{_NARROW}"] {{ display: none; }} }}
[data-testid="stPageLink-NavLink"] > span {{ white-space: normal; }}
[data-testid="stAlert"] a, [data-testid="stCaptionContainer"] a {{
  color: inherit !important; text-decoration: underline;
}}
</style>"""


GLYPH_PX = 6.0  # a table cell's average character at 14 px (5.5 measured), with room to spare
CELL_PADDING_PX = 24


def text_width(texts: Iterable[str], most: int) -> int:
    """Pixels for a table column to show its longest text whole, but at most `most`: a table
    cell never wraps, and Streamlit's named widths cut a long sentence."""
    longest = max((len(t) for t in texts), default=0)
    return min(most, round(longest * GLYPH_PX) + CELL_PADDING_PX)


def add_layout_rules() -> None:
    """Once per run: a style-only element takes no room on the page."""
    st.html(LAYOUT_CSS)


def wide_only(name: str) -> DeltaGenerator:
    return st.container(key=_WIDE + name)


def narrow_only(name: str) -> DeltaGenerator:
    return st.container(key=_NARROW + name)
