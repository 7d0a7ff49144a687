"""What waits for a clinician: referrals not yet cleared, and training held after an emergency
or urgent triage until a clearance.

The training screens (form check, warm-up, core plan and its handouts) ask `training_hold` and
show its message first; the summary and the roster ask `open_referrals`. This module decides,
the screens only render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from coach.triage import Level, content

PERSONAL = "Don't train until you have been seen. Your check on {day} said: {title}."
# How the hold lifts, said to whoever reads it: only a clinician's clearance lifts it.
LIFT = {
    "person": " Once a clinician has seen you, record it on My week and this lifts.",
    "client": " Once a clinician has seen you, tell your trainer: they record it and this lifts.",
}
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

    def message(self, name: str, reader: str, day: str) -> str:
        """The words shown above held training content, for `reader` ("trainer", "person" on
        their own record, or "client" on their own account); `day` is `since` in their zone."""
        title = content().levels[self.level].title.lower()
        if reader == "trainer":
            return TRAINER.format(name=name, day=day, title=title)
        return PERSONAL.format(day=day, title=title) + LIFT[reader]

    def handout_note(self, day: str) -> str:
        return HANDOUT.format(day=day, title=content().levels[self.level].title.lower())


class Outcome(Protocol):
    """What `open_referrals` reads of a triage."""

    level: str
    cleared_on: object


T = TypeVar("T", bound=Outcome)


def open_referrals(triages: Sequence[T]) -> list[T]:
    """The referrals still waiting for a clinician, newest first, of a client's counting
    triages (none entered in error), newest first.

    A later check that finds nothing does not close a referral; a clearance does, and it covers
    every referral before it too: the clinician saw the client after all of them."""
    waiting: list[T] = []
    for t in triages:
        if not Level(t.level).is_referral:
            continue
        if t.cleared_on:
            break
        waiting.append(t)
    return waiting


def training_hold(triages: Sequence[SavedTriage]) -> TrainingHold | None:
    """The hold set by the newest open referral (`open_referrals`) that is an emergency or urgent
    one; `triages` newest first, entries marked entered in error do not count. A later check that
    finds less does not lift it: only a clinician's clearance does, as on the summary and roster,
    so no screen says train while another says see a doctor."""
    waiting = open_referrals([t for t in triages if not t.entered_in_error])
    urgent = next((t for t in waiting if Level(t.level).is_urgent), None)
    return TrainingHold(urgent.id, Level(urgent.level), urgent.ts) if urgent else None
