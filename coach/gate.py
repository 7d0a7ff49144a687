"""Whether training waits: after an emergency or urgent triage, until a clinician's clearance.

The training screens (form check, warm-up, core plan and its handouts) ask `training_hold` and
show its message first; this module decides, the screens only render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coach.triage import Level, content

PERSONAL = "Don't train until you have been seen. Your check on {day} said: {title}."
TRAINER = (
    "Training is on hold for {name} until a clinician has seen them: the triage on {day} said "
    "{title}. Record the clearance on the Client summary screen to lift the hold."
)
HANDOUT = (
    "On hold: do not start this plan until a clinician has seen you (the triage on {day} said "
    "{title})."
)


class SavedTriage(Protocol):
    """What the gate reads of a saved triage."""

    id: int
    ts: datetime
    level: str
    cleared_on: object
    entered_in_error: bool


@dataclass(frozen=True)
class TrainingHold:
    """Training waits: the triage that set the hold, its level and when it was saved."""

    triage_id: int
    level: Level
    since: datetime

    def message(self, name: str, personal: bool, day: str) -> str:
        """The words shown above held training content; `day` is `since` in the person's zone."""
        title = content().levels[self.level].title.lower()
        return (PERSONAL if personal else TRAINER).format(name=name, day=day, title=title)

    def handout_note(self, day: str) -> str:
        return HANDOUT.format(day=day, title=content().levels[self.level].title.lower())


def training_hold(triages: Sequence[SavedTriage]) -> TrainingHold | None:
    """The hold set by a client's latest counting triage (newest first; entries marked entered in
    error do not count): an emergency or urgent one with no clearance recorded. None otherwise."""
    latest = next((t for t in triages if not t.entered_in_error), None)
    if latest is None or latest.cleared_on:
        return None
    level = Level(latest.level)
    return TrainingHold(latest.id, level, latest.ts) if level.is_urgent else None
