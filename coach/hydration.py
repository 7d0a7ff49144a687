"""Fluids around training, from the ACSM position stand on exercise and fluid replacement.

The amounts and the words live in `data/hydration.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from coach.content import load
from coach.errors import ContentError, InvalidInput


@dataclass(frozen=True)
class HydrationWords:
    before: str
    top_up: str
    after: str
    over_limit: str
    no_loss: str


@dataclass(frozen=True)
class HydrationRules:
    before_ml_per_kg: tuple[float, float]
    before_hours: int
    top_up_ml_per_kg: tuple[float, float]
    top_up_hours: int
    after_ml_per_kg_lost: float
    loss_limit_percent: float
    body_mass_kg: tuple[float, float]
    words: HydrationWords

    def say(self, template: str, **values: Any) -> str:
        """Fill one of the words with these numbers and the person's own."""
        numbers = {k: v for k, v in vars(self).items() if k != "words"}
        try:
            return template.format(**numbers, **values)
        except (KeyError, IndexError, ValueError) as e:
            raise ContentError(f"hydration.toml: cannot fill {template!r}: {e!r}") from e


@dataclass(frozen=True)
class Hydration:
    before_ml: tuple[int, int]
    top_up_ml: tuple[int, int]
    after_ml: int | None
    loss_percent: float | None
    notes: list[str]


@cache
def rules() -> HydrationRules:
    """The shipped amounts from `data/hydration.toml` (acsm_hydration_2007)."""
    return load("hydration.toml", HydrationRules)


def fluid_plan(body_mass_kg: float, mass_after_kg: float | None = None) -> Hydration:
    """Fluids before and after training; raises InvalidInput for an implausible body mass."""
    r = rules()
    lowest, highest = r.body_mass_kg
    for name, value in (("body_mass_kg", body_mass_kg), ("mass_after_kg", mass_after_kg)):
        if value is not None and not lowest <= value <= highest:
            raise InvalidInput(f"{name}: a body mass from {lowest:g} to {highest:g} kg")
    before = tuple(round(per_kg * body_mass_kg) for per_kg in r.before_ml_per_kg)
    top_up = tuple(round(per_kg * body_mass_kg) for per_kg in r.top_up_ml_per_kg)
    notes = [
        r.say(r.words.before, before_low=before[0], before_high=before[1]),
        r.say(r.words.top_up, top_up_low=top_up[0], top_up_high=top_up[1]),
    ]
    after = loss = None
    if mass_after_kg is not None:
        lost = body_mass_kg - mass_after_kg
        loss = round(100 * lost / body_mass_kg, 1)
        if lost > 0:
            after = round(r.after_ml_per_kg_lost * lost)
            notes.append(r.say(r.words.after, lost=lost, loss=loss, after=after))
            if loss > r.loss_limit_percent:
                notes.append(r.say(r.words.over_limit))
        else:
            notes.append(r.say(r.words.no_loss))
    return Hydration(before, top_up, after, loss, notes)
