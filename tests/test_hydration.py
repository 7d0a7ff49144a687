"""Fluids around training follow the ACSM position stand per kilogram of body mass."""

import pytest

from coach.errors import InvalidInput
from coach.hydration import fluid_plan


def test_hydration_before_training_follows_acsm_per_kg():
    plan = fluid_plan(70)
    assert plan.before_ml == (350, 490)
    assert plan.top_up_ml == (210, 350)
    assert plan.after_ml is None


def test_replace_one_and_a_half_litres_per_kg_lost():
    plan = fluid_plan(70, 68.5)
    assert plan.after_ml == 2250
    assert plan.loss_percent == 2.1
    assert any("more than 2%" in n for n in plan.notes)


def test_no_loss_warns_against_overdrinking():
    assert any("not better" in n for n in fluid_plan(70, 70.2).notes)


def test_implausible_body_mass_is_refused():
    with pytest.raises(InvalidInput, match="body_mass_kg"):
        fluid_plan(5)
