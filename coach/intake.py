"""Intake screening: is a new client cleared to start gradually, or do they need clearance first?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from coach.content import load_toml
from coach.errors import ContentError, InvalidInput

CLEARED = "cleared"
NEEDS_CLEARANCE = "needs_clearance"
OUTCOME_TEXT = {
    CLEARED: "Cleared to start: begin gently and build up gradually.",
    NEEDS_CLEARANCE: "Get medical clearance before starting.",
}


@dataclass(frozen=True)
class IntakeQuestion:
    id: str
    domain: str
    label: str
    needs_clearance: bool
    reason: str
    source: str


@dataclass(frozen=True)
class IntakeResult:
    outcome: str
    reasons: list[IntakeQuestion]
    notes: list[IntakeQuestion]

    @property
    def text(self) -> str:
        return OUTCOME_TEXT[self.outcome]


@cache
def questions() -> tuple[IntakeQuestion, ...]:
    try:
        return tuple(IntakeQuestion(**q) for q in load_toml("intake.toml")["question"])
    except (KeyError, TypeError) as e:
        raise ContentError(f"intake.toml: {e!r}") from e


def assess_intake(answers: Mapping[str, bool]) -> IntakeResult:
    """Any "yes" to a clearance question means clearance first; bad answers raise InvalidInput."""
    expected = {q.id for q in questions()}
    if missing := sorted(expected - answers.keys()):
        raise InvalidInput(f"{missing[0]}: missing answer")
    if unknown := sorted(str(k) for k in answers.keys() - expected):
        raise InvalidInput(f"{unknown[0]}: unknown question")
    if bad := [k for k, v in answers.items() if type(v) is not bool]:
        raise InvalidInput(f"{bad[0]}: answer yes or no")
    yes = [q for q in questions() if answers[q.id]]
    reasons = [q for q in yes if q.needs_clearance]
    notes = [q for q in yes if not q.needs_clearance]
    return IntakeResult(NEEDS_CLEARANCE if reasons else CLEARED, reasons, notes)
