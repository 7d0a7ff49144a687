"""Form checklists, the RAMP warm-up builder and hydration guidance.

Content lives in `data/form_checks.toml` and `data/warmup_moves.toml`; this module scores what a
trainer saw and builds routines from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from coach.content import load_toml
from coach.errors import ContentError, InvalidInput

RISK_ORDER = ("high", "medium", "low")
RISK_WEIGHT = {"high": 30, "medium": 15, "low": 5}
SESSION_TYPES = {
    "lower_body": "Lower-body strength",
    "upper_body": "Upper-body strength",
    "full_body": "Full body",
    "running": "Running or conditioning",
    "sport": "Field or court sport",
}
PHASES = {
    "raise": "Raise",
    "activate_mobilise": "Activate and mobilise",
    "potentiate": "Potentiate",
}
PHASE_SHARE = {"raise": 0.40, "activate_mobilise": 0.35}  # the rest goes to potentiate
MIN_MINUTES, MAX_MINUTES = 5, 15
STATIC_STRETCH_NOTE = (
    "Long static stretches before training slightly blunt performance, while dynamic moves help a "
    "little, so this warm-up keeps moving."
)


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


@dataclass(frozen=True)
class Move:
    id: str
    name: str
    phase: str
    seconds: int
    session_types: tuple[str, ...]
    back_friendly: bool
    how: str
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


@dataclass(frozen=True)
class Hydration:
    before_ml: tuple[int, int]
    top_up_ml: tuple[int, int]
    after_ml: int | None
    loss_percent: float | None
    notes: list[str]


@cache
def exercises() -> dict[str, Exercise]:
    """The form-check library by id, validated as it loads."""
    library: dict[str, Exercise] = {}
    for row in load_toml("form_checks.toml")["exercise"]:
        try:
            faults = tuple(Fault(**f) for f in row["faults"])
            exercise = Exercise(
                row["id"],
                row["name"],
                tuple(row["sources"]),
                tuple(row["setup"]),
                tuple(row["execution"]),
                faults,
            )
        except (KeyError, TypeError) as e:
            raise ContentError(f"form_checks.toml: {row.get('id')!r}: {e!r}") from e
        if any(f.risk not in RISK_WEIGHT for f in faults):
            raise ContentError(f"form_checks.toml: {exercise.id}: risk must be high, medium or low")
        library[exercise.id] = exercise
    return library


@cache
def moves() -> tuple[Move, ...]:
    """The warm-up move library, in file order (which is the builder's preference order)."""
    try:
        return tuple(
            Move(**{**m, "session_types": tuple(m["session_types"])})
            for m in load_toml("warmup_moves.toml")["move"]
        )
    except (KeyError, TypeError) as e:
        raise ContentError(f"warmup_moves.toml: {e!r}") from e


def score_form(exercise_id: str, fault_ids: Iterable[str], new_to_lift: bool = False) -> FormResult:
    """Score a set of observed faults; rank them by back risk and say what to change first."""
    if exercise_id not in exercises():
        raise InvalidInput(f"exercise: unknown exercise {exercise_id!r}")
    exercise = exercises()[exercise_id]
    seen = {exercise.fault(f).id for f in fault_ids}
    ranked = sorted(
        (f for f in exercise.faults if f.id in seen), key=lambda f: RISK_ORDER.index(f.risk)
    )
    score = max(0, 100 - sum(RISK_WEIGHT[f.risk] for f in ranked))
    risks = Counter(f.risk for f in ranked)
    advice: list[str] = []
    if not ranked:
        recommendation = "keep"
        advice.append("Clean reps: keep the load and progress gradually.")
    elif risks["high"]:
        recommendation = "regress"
        advice.append(
            f"Lower the load now and switch to {ranked[0].regression.lower()} "
            f"until '{ranked[0].name.lower()}' is gone."
        )
    elif risks["medium"] >= 2:
        recommendation = "lower_load"
        advice.append("Lower the load by about 10 to 20% and practise the cues below.")
    else:
        recommendation = "cue"
        advice.append("Keep the load and work on the cue below.")
    if new_to_lift:
        advice.append("This lift is new: learn it with a coach watching before adding load.")
    return FormResult(
        exercise_id, score, ranked, [f.correction for f in ranked[:3]], recommendation, advice
    )


def recurring_faults(checks: Iterable[dict]) -> list[tuple[str, str, int]]:
    """(exercise id, fault id, times seen) for faults seen in two or more checks, most first."""
    counts = Counter((c["exercise_id"], f) for c in checks for f in c["faults"])
    return [(e, f, n) for (e, f), n in counts.most_common() if n >= 2]


def build_warmup(session_type: str, minutes: int, pain_today: int = 0) -> Routine:
    """A RAMP routine whose step durations add up to exactly `minutes`.

    Moves come in library order, so the same inputs always give the same routine; with any pain
    today only back-friendly moves are used.
    """
    if session_type not in SESSION_TYPES:
        raise InvalidInput(f"session_type: one of {', '.join(SESSION_TYPES)}")
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


def hydration(body_mass_kg: float, mass_after_kg: float | None = None) -> Hydration:
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
