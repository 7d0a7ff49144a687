"""The exercise library: every exercise a screen shows, described once, each with its picture.

Core plans, warm-ups and form checks refer to these entries by id and keep only what is theirs
(dose, phase, faults). The pictures are `data/pictures/<id>.svg`, drawn by `coach.pictures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coach.content import load_toml
from coach.errors import ContentError
from coach.pictures import picture_path

LEVELS = ("beginner", "intermediate", "advanced")
# Where each kind of screen keeps the ids it uses: file, table.
USED_BY = {
    "Core plan": ("core_exercises.toml", "exercise"),
    "Warm-up": ("warmup_moves.toml", "move"),
    "Form check": ("form_checks.toml", "exercise"),
}


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    trains: str
    level: str
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    harder: tuple[str, ...]
    source: str

    @property
    def picture(self) -> Path:
        return picture_path(self.id)


@cache
def equipment_labels() -> dict[str, str]:
    """The words shown for each equipment id."""
    return dict(load_toml("exercises.toml")["equipment"])


@cache
def entries() -> dict[str, Exercise]:
    """The library by id, in file order; raises ContentError when an entry is malformed."""
    library: dict[str, Exercise] = {}
    for row in load_toml("exercises.toml")["exercise"]:
        try:
            fields = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
            exercise = Exercise(**fields)
        except TypeError as e:
            raise ContentError(f"exercises.toml: {row.get('id')!r}: {e}") from e
        if exercise.id in library:
            raise ContentError(f"exercises.toml: duplicate id {exercise.id!r}")
        if exercise.level not in LEVELS or not exercise.steps or not exercise.cues:
            raise ContentError(f"exercises.toml: {exercise.id}: bad level, or no steps or cues")
        if unknown := set(exercise.equipment) - set(equipment_labels()):
            raise ContentError(f"exercises.toml: {exercise.id}: unknown equipment {unknown}")
        library[exercise.id] = exercise
    for exercise in library.values():
        if exercise.id in exercise.harder or not set(exercise.harder) <= set(library):
            raise ContentError(f"exercises.toml: {exercise.id}: a harder variation is not listed")
    return library


def entry(exercise_id: str) -> Exercise:
    """One entry; raises ContentError naming an id that is not in the library."""
    try:
        return entries()[exercise_id]
    except KeyError:
        raise ContentError(f"exercise {exercise_id!r} is not in the exercise library") from None


def easier(exercise_id: str) -> tuple[str, ...]:
    """Ids of the easier variations: the entries that list this one as harder."""
    return tuple(e.id for e in entries().values() if exercise_id in e.harder)


def equipment_text(exercise: Exercise) -> str:
    """The equipment in words, for a screen or a handout."""
    labels = equipment_labels()
    return ", ".join(labels[e] for e in exercise.equipment) or "No equipment"


@cache
def used_by() -> dict[str, tuple[str, ...]]:
    """The screens each exercise appears on, by exercise id (variations only may have none)."""
    found: dict[str, list[str]] = {i: [] for i in entries()}
    for screen, (name, table) in USED_BY.items():
        for row in load_toml(name)[table]:
            found.setdefault(row["id"], []).append(screen)
    return {i: tuple(screens) for i, screens in found.items()}


def kit_fits(kit: tuple[str, ...], equipment: str) -> bool:
    """The equipment filter: "" is any, "none" is no equipment, an id means it is needed."""
    if equipment == "none":
        return not kit
    return not equipment or equipment in kit


def search(
    query: str = "", level: str = "", equipment: str = "", screen: str = ""
) -> list[Exercise]:
    """Entries whose words hold every word of `query`, narrowed by level, equipment ("none" for
    no equipment) and the screen that uses them when those are given; library order."""
    words = re.findall(r"\w+", query.lower())
    labels = equipment_labels()
    found = []
    for exercise in entries().values():
        text = " ".join(
            [exercise.name, exercise.trains, *exercise.steps, *exercise.cues]
            + [labels[e] for e in exercise.equipment]
        ).lower()
        if not all(w in text for w in words):
            continue
        if (level and exercise.level != level) or not kit_fits(exercise.equipment, equipment):
            continue
        if screen and screen not in used_by()[exercise.id]:
            continue
        found.append(exercise)
    return found
