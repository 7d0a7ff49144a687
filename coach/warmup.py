"""The RAMP warm-up builder: a routine for today's session that fills the minutes available.

Moves live in `data/warmup_moves.toml`; their names and how-to come from the exercise library.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from coach import exercises
from coach.content import load_toml
from coach.errors import ContentError, InvalidInput

WARM_UP_SESSION_TYPES = {
    "lower_body": "Lower-body strength",
    "upper_body": "Upper-body strength",
    "full_body": "Full body",
    "running": "Running or conditioning",
    "sport": "Field or court sport",
}
# RAMP's steps by what each does for the person: Raise, Activate and mobilise, Potentiate.
PHASES = {
    "raise": "Get warm",
    "activate_mobilise": "Wake up the muscles and joints",
    "potentiate": "Rehearse the session",
}
RAMP_NOTE = (
    "This warm-up follows RAMP: raise the body's temperature, activate and mobilise the muscles "
    "and joints the session uses, then potentiate: rehearse its moves with rising effort."
)
PHASE_SHARE = {"raise": 0.40, "activate_mobilise": 0.35}  # the rest goes to potentiate
MIN_MINUTES, MAX_MINUTES = 5, 15
STATIC_STRETCH_NOTE = (
    "Long static stretches before training slightly blunt performance, while dynamic moves help a "
    "little, so this warm-up keeps moving."
)


@dataclass(frozen=True)
class Move:
    id: str
    name: str
    phase: str
    seconds: int
    session_types: tuple[str, ...]
    back_friendly: bool
    source: str


@dataclass(frozen=True)
class Step:
    move: Move
    seconds: int


@dataclass(frozen=True)
class Routine:
    session_type: str
    minutes: int
    steps: list[Step]

    @property
    def total_seconds(self) -> int:
        return sum(s.seconds for s in self.steps)


@cache
def moves() -> tuple[Move, ...]:
    """The warm-up move library, in file order (which is the builder's preference order)."""
    try:
        return tuple(
            Move(
                **{**m, "session_types": tuple(m["session_types"])},
                name=exercises.entry(m["id"]).name,
            )
            for m in load_toml("warmup_moves.toml")["move"]
        )
    except (KeyError, TypeError) as e:
        raise ContentError(f"warmup_moves.toml: {e!r}") from e


def build_warmup(session_type: str, minutes: int, pain_today: int = 0) -> Routine:
    """A RAMP routine whose step durations add up to exactly `minutes`.

    Moves come in library order, so the same inputs always give the same routine; with any pain
    today only back-friendly moves are used.
    """
    if session_type not in WARM_UP_SESSION_TYPES:
        raise InvalidInput(f"session_type: one of {', '.join(WARM_UP_SESSION_TYPES)}")
    if type(minutes) is not int or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(f"minutes: a whole number from {MIN_MINUTES} to {MAX_MINUTES}")
    if type(pain_today) is not int or not 0 <= pain_today <= 10:
        raise InvalidInput("pain_today: a whole number from 0 to 10")
    total = minutes * 60
    budgets = {phase: int(total * share) // 15 * 15 for phase, share in PHASE_SHARE.items()}
    budgets["potentiate"] = total - sum(budgets.values())
    steps: list[Step] = []
    for phase, budget in budgets.items():
        candidates = [
            m
            for m in moves()
            if m.phase == phase
            and session_type in m.session_types
            and (m.back_friendly or pain_today == 0)
        ]
        if not candidates:
            raise ContentError(f"warm-up library has no {phase} move for {session_type}")
        phase_steps: list[Step] = []
        used = 0
        for move in candidates:
            if used >= budget:
                break
            phase_steps.append(Step(move, move.seconds))
            used += move.seconds
        last = phase_steps[-1]
        phase_steps[-1] = Step(last.move, last.seconds + budget - used)
        steps += phase_steps
    return Routine(session_type, minutes, steps)
