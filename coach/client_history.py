"""A client's history as a person reads it: each change in words, and which can be undone."""

from __future__ import annotations

from dataclasses import dataclass

from coach.content import label
from coach.store import history
from coach.store.history import Change
from coach.triage import level_labels

# A clearance line can be undone while its record is still cleared: which kind of record.
_UNDOABLE = {history.TRIAGE_CLEARED: "triage", history.INTAKE_CLEARED: "intake"}


@dataclass(frozen=True)
class HistoryLine:
    """One change in words; `undo` names the kind of record ("triage" or "intake") whose
    clearance this line recorded and that is still cleared, else None."""

    change: Change
    text: str
    undo: str | None


def describe(change: Change) -> str:
    """What happened, with its detail in words (a level or outcome, never its stored id)."""
    words = label("change", change.action)
    detail = change.detail
    if change.action == history.TRIAGE_SAVED:
        detail = level_labels().get(detail, detail)
    elif change.action == history.INTAKE_SAVED:
        detail = label("intake_outcome", detail)
    return f"{words}: {detail}" if detail else words


def history_lines(
    changes: list[Change], cleared_triages: set[int], cleared_intakes: set[int]
) -> list[HistoryLine]:
    """Lines newest first, as `changes` come; the newest clearance line of a record that is
    still cleared offers its undoing."""
    still_cleared = {"triage": set(cleared_triages), "intake": set(cleared_intakes)}
    lines = []
    for change in changes:
        kind = _UNDOABLE.get(change.action)
        undo = None
        if kind and change.record_id in still_cleared[kind]:
            still_cleared[kind].discard(change.record_id)  # older lines of it are history
            undo = kind
        lines.append(HistoryLine(change, describe(change), undo))
    return lines
