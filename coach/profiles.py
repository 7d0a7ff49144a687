"""Client profiles: the fields a trainer keeps about a client, validated at the boundary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.errors import InvalidInput

BACKGROUNDS = ("beginner", "intermediate", "advanced")
SEXES = ("", "female", "male", "other")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_NAME = 100
MAX_TEXT = 5_000


@dataclass(frozen=True)
class Profile:
    """What a person tells us about themselves; validates on creation."""

    name: str
    age: int
    background: str = "beginner"
    sex: str = ""
    training_days: tuple[str, ...] = ("Mon", "Wed", "Fri")
    goals: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name:
            raise InvalidInput("name: a name is required")
        if len(name) > MAX_NAME:
            raise InvalidInput(f"name: at most {MAX_NAME} characters")
        object.__setattr__(self, "name", name)
        if type(self.age) is not int or not 12 <= self.age <= 100:
            raise InvalidInput("Enter your age: a whole number from 12 to 100.")
        if self.background not in BACKGROUNDS:
            raise InvalidInput(f"background: one of {', '.join(BACKGROUNDS)}")
        if self.sex not in SEXES:
            raise InvalidInput("sex: female, male, other or left blank")
        days = tuple(d for d in WEEKDAYS if d in set(self.training_days))
        if len(days) != len(set(self.training_days)):
            raise InvalidInput(f"training_days: use {', '.join(WEEKDAYS)}")
        object.__setattr__(self, "training_days", days)
        for field_name in ("goals", "notes"):
            if len(getattr(self, field_name)) > MAX_TEXT:
                raise InvalidInput(f"{field_name}: at most {MAX_TEXT:,} characters")


@dataclass(frozen=True)
class Client(Profile):
    """A stored profile: the profile plus its id, owner, archive state and when it was added."""

    id: int = 0
    owner_id: str = ""
    archived: bool = False
    created: datetime | None = None

    @property
    def profile(self) -> Profile:
        fields = Profile.__dataclass_fields__
        return Profile(**{k: getattr(self, k) for k in fields})
