"""Triage: turn a set of answers into an outcome level, its reasons, likely causes and next steps.

The rules themselves live in `data/triage.toml` so a clinician can review them; this module only
validates answers and evaluates the rules. The most severe level that applies wins, and every rule
that fires is reported, so a referral also shows the milder signs it saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from coach.content import load_toml
from coach.errors import ContentError, InvalidInput

# Yes/no answers that on their own always mean an emergency (bmj_bp_ces, nice_cks_back_pain).
EMERGENCY_KEYS = frozenset(
    {"bladder_bowel_change", "saddle_numbness", "both_legs_symptoms", "major_trauma"}
)


class Level(StrEnum):
    """Outcome levels, most severe first (the order is the ranking)."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_CLINICIAN = "see_clinician"
    REST = "rest"
    TRAIN = "train"

    @property
    def rank(self) -> int:
        """0 for the most severe level."""
        return list(Level).index(self)

    @property
    def is_referral(self) -> bool:
        return self.rank <= Level.SEE_CLINICIAN.rank


@dataclass(frozen=True)
class Question:
    key: str
    group: str
    label: str
    kind: str
    why: str = ""
    min: int | None = None
    max: int | None = None
    options: tuple[tuple[str, str], ...] = ()

    def check(self, value: Any) -> Any:
        """Return `value` if it is a valid answer; raise InvalidInput naming the key otherwise."""
        if self.kind == "yes_no":
            if type(value) is not bool:
                raise InvalidInput(f"{self.key}: expected True or False, got {value!r}")
        elif self.kind == "number":
            if type(value) is not int:
                raise InvalidInput(f"{self.key}: expected a whole number, got {value!r}")
            if not self.min <= value <= self.max:
                raise InvalidInput(
                    f"{self.key}: {value} is out of range ({self.min} to {self.max})"
                )
        elif value not in {v for v, _ in self.options}:
            allowed = ", ".join(v for v, _ in self.options)
            raise InvalidInput(f"{self.key}: {value!r} is not one of {allowed}")
        return value


@dataclass(frozen=True)
class LevelInfo:
    id: Level
    label: str
    title: str
    action: str
    source: str


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    text: str
    source: str
    when: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class CauseInfo:
    id: str
    title: str
    text: str
    action: str
    source: str
    page: str
    when: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Reason:
    rule_id: str
    level: Level
    text: str
    source: str


class Advice(str):
    """A next step as plain text that also knows its source id."""

    source: str

    def __new__(cls, text: str, source: str) -> Advice:
        advice = super().__new__(cls, text)
        advice.source = source
        return advice


@dataclass(frozen=True)
class TriageResult:
    level: Level
    reasons: list[Reason] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": str(self.level),
            "reasons": [
                {
                    "rule_id": r.rule_id,
                    "level": str(r.level),
                    "text": r.text,
                    "source": r.source,
                }
                for r in self.reasons
            ],
            "causes": list(self.causes),
            "advice": [{"text": str(a), "source": a.source} for a in self.advice],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TriageResult:
        return cls(
            level=Level(data["level"]),
            reasons=[
                Reason(r["rule_id"], Level(r["level"]), r["text"], r["source"])
                for r in data["reasons"]
            ],
            causes=list(data["causes"]),
            advice=[Advice(a["text"], a["source"]) for a in data["advice"]],
        )


@dataclass(frozen=True)
class TriageContent:
    questions: tuple[Question, ...]
    levels: dict[Level, LevelInfo]
    rules: tuple[Rule, ...]
    causes: tuple[CauseInfo, ...]
    return_steps: tuple[Advice, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(q.key for q in self.questions)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def cause(self, cause_id: str) -> CauseInfo:
        return next(c for c in self.causes if c.id == cause_id)

    def in_group(self, group: str) -> list[Question]:
        return [q for q in self.questions if q.group == group]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TriageContent:
        """Build and cross-check content; raises ContentError naming the faulty entry."""
        try:
            questions = tuple(
                Question(**{**q, "options": tuple(tuple(o) for o in q.get("options", ()))})
                for q in data["question"]
            )
            levels = {
                Level(lv["id"]): LevelInfo(
                    Level(lv["id"]), lv["label"], lv["title"], lv["action"], lv["source"]
                )
                for lv in data["level"]
            }
            rules = tuple(
                Rule(r["id"], Level(r["level"]), r["text"], r["source"], tuple(r["when"]))
                for r in data["rule"]
            )
            causes = tuple(CauseInfo(**{**c, "when": tuple(c["when"])}) for c in data["cause"])
            steps = tuple(Advice(s["text"], s["source"]) for s in data.get("return_step", ()))
        except (KeyError, TypeError, ValueError) as e:
            raise ContentError(f"triage content: {e!r}") from e
        content = cls(questions, levels, rules, causes, steps)
        content._check_references()
        return content

    def _check_references(self) -> None:
        keys = self.keys
        if set(self.levels) != set(Level):
            raise ContentError("triage content: every level needs exactly one [[level]] entry")
        for item in (*self.rules, *self.causes):
            for key in _clause_keys(item.when):
                if key not in keys:
                    raise ContentError(f"triage content: {item.id} uses unknown key {key!r}")


def _clause_keys(clauses: tuple[Mapping[str, Any], ...]) -> set[str]:
    keys: set[str] = set()
    for clause in clauses:
        if "any" in clause:
            keys |= _clause_keys(tuple(clause["any"]))
        else:
            keys.add(clause["key"])
    return keys


def _holds(clause: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    if "any" in clause:
        return any(_holds(c, answers) for c in clause["any"])
    value = answers[clause["key"]]
    if "is" in clause:
        return value == clause["is"]
    if "in" in clause:
        return value in clause["in"]
    if "not_in" in clause:
        return value not in clause["not_in"]
    if "lt" in clause:
        return value < clause["lt"]
    if "ge" in clause:
        return value >= clause["ge"]
    raise ContentError(f"triage content: clause {dict(clause)!r} has no operator")


def _strength(clauses: tuple[Mapping[str, Any], ...], answers: Mapping[str, Any]) -> int:
    """How many of a cause's signs hold: an `any` clause counts each true alternative."""
    total = 0
    for clause in clauses:
        if "any" in clause:
            total += sum(_holds(c, answers) for c in clause["any"])
        else:
            total += _holds(clause, answers)
    return total


@cache
def content() -> TriageContent:
    """The shipped triage content from `data/triage.toml`."""
    return TriageContent.from_mapping(load_toml("triage.toml"))


def level_labels() -> dict[str, str]:
    """Short words for each level, for tables and chart marks."""
    return {level.value: info.label for level, info in content().levels.items()}


def validate_answers(
    answers: Mapping[str, Any], triage_content: TriageContent | None = None
) -> dict[str, Any]:
    """Check that `answers` has exactly the expected keys with valid values; raise InvalidInput."""
    triage_content = triage_content or content()
    if not isinstance(answers, Mapping):
        raise InvalidInput(f"answers: expected a mapping, got {type(answers).__name__}")
    expected = triage_content.keys
    missing = sorted(expected - answers.keys())
    if missing:
        raise InvalidInput(f"{missing[0]}: missing answer")
    unknown = sorted(str(k) for k in answers.keys() - expected)
    if unknown:
        raise InvalidInput(f"{unknown[0]}: unknown key")
    return {q.key: q.check(answers[q.key]) for q in triage_content.questions}


def assess(answers: Mapping[str, Any], triage_content: TriageContent | None = None) -> TriageResult:
    """Assess one set of answers. Raises InvalidInput (a ValueError) naming the faulty key."""
    triage_content = triage_content or content()
    answers = validate_answers(answers, triage_content)
    reasons = [
        Reason(rule.id, rule.level, rule.text, rule.source)
        for rule in triage_content.rules
        if all(_holds(c, answers) for c in rule.when)
    ]
    reasons.sort(key=lambda r: r.level.rank)
    level = reasons[0].level if reasons else Level.TRAIN

    ranked = sorted(
        (
            (-_strength(c.when, answers), position, c)
            for position, c in enumerate(triage_content.causes)
            if all(_holds(clause, answers) for clause in c.when)
        ),
        key=lambda t: (t[0], t[1]),
    )
    causes = [c for _, _, c in ranked]

    info = triage_content.levels[level]
    advice = [Advice(info.action, info.source)]
    if not level.is_referral:
        advice += [Advice(c.action, c.source) for c in causes]
        advice += list(triage_content.return_steps)
    return TriageResult(level, reasons, [c.id for c in causes], advice)


def changes_since(previous: TriageResult, current: TriageResult) -> list[str]:
    """Plain-language differences between two results, for a re-screen."""
    notes: list[str] = []
    if previous.level != current.level:
        direction = "more serious" if current.level.rank < previous.level.rank else "less serious"
        notes.append(
            f"Outcome changed from {content().levels[previous.level].title.lower()} "
            f"to {content().levels[current.level].title.lower()} ({direction})."
        )
    before = {r.rule_id: r for r in previous.reasons}
    after = {r.rule_id: r for r in current.reasons}
    notes += [f"New: {after[k].text}" for k in after if k not in before]
    notes += [f"Gone: {before[k].text}" for k in before if k not in after]
    return notes or ["Nothing has changed since the last check."]
