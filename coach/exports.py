"""CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with a quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> str:
    """A CSV of the frame with every text cell neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_safe)
    return safe.to_csv(index=False)
