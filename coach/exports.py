"""CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# RFC 4180's line end: the csv writer quotes any field holding a character of it, so a bare CR
# inside a field is quoted too (with "\n" alone it was not, and started a new row in Excel).
LINE_END = "\r\n"


def _neutralise_line(line: str) -> str:
    return "'" + line if line.startswith(FORMULA_STARTS) else line


def csv_safe(value: object) -> object:
    """Prefix every line of text that a spreadsheet would run as a formula with a quote.

    Every line, not only the first: a reader that splits a field at CR or LF must not find a
    formula at the start of a line either.
    """
    if not isinstance(value, str):
        return value
    return "".join(_neutralise_line(line) for line in value.splitlines(keepends=True))


def to_csv(frame: pd.DataFrame) -> str:
    """A CSV of the frame with every text cell neutralised and every line break quoted."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_safe)
    return safe.to_csv(index=False, lineterminator=LINE_END)
