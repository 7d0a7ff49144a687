"""The RAMP warm-up builder: a routine for today's session that fills the minutes available.

Moves live in `data/warmup_moves.toml`; their names and how-to come from the exercise library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from coach import exercises
from coach.content import load, load_toml
from coach.errors import ContentError, InvalidInput


@dataclass(frozen=True)
class Builder:
    """How the builder splits the minutes and the words it uses: `[builder]` in
    warmup_moves.toml. `share` gives raise and activate_mobilise their part of the minutes;
    potentiate gets the rest."""

    source: str
    minutes: tuple[int, int]
    share: Mapping[str, float]
    session_types: Mapping[str, str]
    phases: Mapping[str, str]
    ramp_note: str
    static_stretch_note: str


@cache
def builder() -> Builder:
    rules = load("warmup_moves.toml", Builder, "builder")
    if list(rules.phases) != ["raise", "activate_mobilise", "potentiate"]:
        raise ContentError(
            "warmup_moves.toml [builder]: phases are raise, activate_mobilise, potentiate"
        )
    if set(rules.share) != {"raise", "activate_mobilise"} or sum(rules.share.values()) >= 1:
        raise ContentError(
            "warmup_moves.toml [builder]: share gives raise and activate_mobilise less than all"
        )
    return rules


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
    rules = builder()
    shortest, longest = rules.minutes
    if session_type not in rules.session_types:
        raise InvalidInput(f"session_type: one of {', '.join(rules.session_types)}")
    if type(minutes) is not int or not shortest <= minutes <= longest:
        raise InvalidInput(f"minutes: a whole number from {shortest} to {longest}")
    if type(pain_today) is not int or not 0 <= pain_today <= 10:
        raise InvalidInput("pain_today: a whole number from 0 to 10")
    total = minutes * 60
    budgets = {phase: int(total * share) // 15 * 15 for phase, share in rules.share.items()}
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
