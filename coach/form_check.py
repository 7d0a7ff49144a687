"""Form checks: score the faults a trainer saw on a lift and say what to change first.

Faults live in `data/form_checks.toml`; each lift's name and cues come from the exercise library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from coach import exercises as exercise_library
from coach.content import load, load_toml
from coach.errors import ContentError, InvalidInput
from coach.store import FormCheckRecord

RISK_ORDER = ("high", "medium", "low")


@dataclass(frozen=True)
class Scoring:
    """How seen faults become a score and a recommendation: `[scoring]` in form_checks.toml."""

    source: str
    weight: Mapping[str, int]
    lower_load_when_medium: int
    advice: Mapping[str, str]


@cache
def scoring() -> Scoring:
    rules = load("form_checks.toml", Scoring, "scoring")
    if set(rules.weight) != set(RISK_ORDER):
        raise ContentError("form_checks.toml [scoring]: weight needs high, medium and low")
    return rules


@dataclass(frozen=True)
class Fault:
    id: str
    name: str
    risk: str
    why: str
    correction: str
    regression: str


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    sources: tuple[str, ...]
    setup: tuple[str, ...]
    execution: tuple[str, ...]
    faults: tuple[Fault, ...]

    def fault(self, fault_id: str) -> Fault:
        for fault in self.faults:
            if fault.id == fault_id:
                return fault
        raise InvalidInput(f"faults: {fault_id!r} is not a fault of {self.name}")


@dataclass(frozen=True)
class FormResult:
    exercise_id: str
    score: int
    faults: list[Fault]
    cues: list[str]
    recommendation: str
    advice: list[str]

    def to_dict(self) -> dict:
        return {
            "exercise_id": self.exercise_id,
            "score": self.score,
            "faults": [f.id for f in self.faults],
            "recommendation": self.recommendation,
        }


@cache
def exercises() -> dict[str, Exercise]:
    """The form-check library by id, validated as it loads.

    The setup is the library entry's steps, and what to watch during the rep its cues.
    """
    library: dict[str, Exercise] = {}
    weights = scoring().weight
    for row in load_toml("form_checks.toml")["exercise"]:
        try:
            faults = tuple(Fault(**f) for f in row["faults"])
            entry = exercise_library.entry(row["id"])
            exercise = Exercise(
                entry.id, entry.name, tuple(row["sources"]), entry.steps, entry.cues, faults
            )
        except (KeyError, TypeError) as e:
            raise ContentError(f"form_checks.toml: {row.get('id')!r}: {e!r}") from e
        if any(f.risk not in weights for f in faults):
            raise ContentError(f"form_checks.toml: {exercise.id}: risk must be high, medium or low")
        library[exercise.id] = exercise
    return library


def score_form(exercise_id: str, fault_ids: Iterable[str], new_to_lift: bool = False) -> FormResult:
    """Score a set of observed faults; rank them by back risk and say what to change first."""
    if exercise_id not in exercises():
        raise InvalidInput(f"exercise: unknown exercise {exercise_id!r}")
    exercise = exercises()[exercise_id]
    seen = {exercise.fault(f).id for f in fault_ids}
    ranked = sorted(
        (f for f in exercise.faults if f.id in seen), key=lambda f: RISK_ORDER.index(f.risk)
    )
    rules = scoring()
    score = max(0, 100 - sum(rules.weight[f.risk] for f in ranked))
    risks = Counter(f.risk for f in ranked)
    if not ranked:
        recommendation = "keep"
    elif risks["high"]:
        recommendation = "regress"
    elif risks["medium"] >= rules.lower_load_when_medium:
        recommendation = "lower_load"
    else:
        recommendation = "cue"
    first = ranked[0] if ranked else None
    advice = [
        rules.advice[recommendation].format(
            regression=first.regression.lower() if first else "",
            fault=first.name.lower() if first else "",
        )
    ]
    if new_to_lift:
        advice.append(rules.advice["new_to_lift"])
    return FormResult(
        exercise_id, score, ranked, [f.correction for f in ranked[:3]], recommendation, advice
    )


def recurring_faults(checks: Iterable[FormCheckRecord]) -> list[tuple[str, str, int]]:
    """(exercise id, fault id, times seen) for faults seen in two or more checks, most first."""
    counts = Counter((c.exercise_id, f) for c in checks for f in c.faults)
    return [(e, f, n) for (e, f), n in counts.most_common() if n >= 2]
