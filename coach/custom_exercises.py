"""A trainer's own exercises: kept per owner beside the shipped library, never shown to another.

Only what the trainer typed and an optional picture; the store keeps them (`coach.store`).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach import uploads
from coach.errors import InvalidInput
from coach.exercises import LEVELS, equipment_labels

MAX_NAME, MAX_CUE, MAX_CUES = 80, 200, 10


@dataclass(frozen=True)
class NewExercise:
    """A custom exercise as typed, checked: the picture's type was read from its bytes."""

    name: str
    level: str
    equipment: tuple[str, ...]
    cues: tuple[str, ...]
    picture: bytes | None = None
    picture_type: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > MAX_NAME:
            raise InvalidInput(f"name: 1 to {MAX_NAME} characters")
        if self.level not in LEVELS:
            raise InvalidInput(f"level: one of {', '.join(LEVELS)}")
        if unknown := set(self.equipment) - set(equipment_labels()):
            raise InvalidInput(f"equipment: unknown {sorted(unknown)[0]!r}")
        if not self.cues or len(self.cues) > MAX_CUES:
            raise InvalidInput(f"cues: 1 to {MAX_CUES}, one a line")
        if any(len(c) > MAX_CUE for c in self.cues):
            raise InvalidInput(f"cues: each at most {MAX_CUE} characters")


@dataclass(frozen=True)
class CustomExercise(NewExercise):
    id: int = 0
    owner_id: str = ""


def new_exercise(
    name: str, level: str, equipment: list[str], cues_text: str, picture: bytes | None = None
) -> NewExercise:
    """Check a trainer's entry: cues one a line, a picture (if any) a real PNG, JPEG or WebP."""
    cues = tuple(line.strip() for line in cues_text.splitlines() if line.strip())
    mime = uploads.picture_type(picture) if picture else None
    return NewExercise(name.strip(), level, tuple(equipment), cues, picture or None, mime)


def matches(exercise: NewExercise, query: str) -> bool:
    """Every word of the query is in the name or a cue (the library's search, for one entry)."""
    text = " ".join([exercise.name, *exercise.cues]).lower()
    return all(word in text for word in query.lower().split())
