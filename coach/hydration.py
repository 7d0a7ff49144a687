"""Fluids around training, from the ACSM position stand on exercise and fluid replacement."""

from __future__ import annotations

from dataclasses import dataclass

from coach.errors import InvalidInput


@dataclass(frozen=True)
class Hydration:
    before_ml: tuple[int, int]
    top_up_ml: tuple[int, int]
    after_ml: int | None
    loss_percent: float | None
    notes: list[str]


def fluid_plan(body_mass_kg: float, mass_after_kg: float | None = None) -> Hydration:
    """Fluids before and after training from the ACSM position stand (acsm_hydration_2007)."""
    for name, value in (("body_mass_kg", body_mass_kg), ("mass_after_kg", mass_after_kg)):
        if value is not None and not 30 <= value <= 250:
            raise InvalidInput(f"{name}: a body mass from 30 to 250 kg")
    before = (round(5 * body_mass_kg), round(7 * body_mass_kg))
    top_up = (round(3 * body_mass_kg), round(5 * body_mass_kg))
    notes = [
        f"About {before[0]}-{before[1]} mL, slowly, at least 4 hours before training.",
        f"If your urine is dark or scant 2 hours before, another {top_up[0]}-{top_up[1]} mL.",
    ]
    after = loss = None
    if mass_after_kg is not None:
        lost = body_mass_kg - mass_after_kg
        loss = round(100 * lost / body_mass_kg, 1)
        if lost > 0:
            after = round(1500 * lost)
            notes.append(
                f"You lost {lost:.1f} kg ({loss}%): drink about {after} mL over the next hours."
            )
            if loss > 2:
                notes.append(
                    "That is more than 2% of body mass: drink a little more during sessions."
                )
        else:
            notes.append(
                "No mass lost: you drank enough. Drinking beyond what you sweat is not better."
            )
    return Hydration(before, top_up, after, loss, notes)
