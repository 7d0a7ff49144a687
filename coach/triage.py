"""Triage: turn answers, complete or not, into an outcome level, its reasons and what to do.

The rules themselves live in `data/triage.toml` so a clinician can review them; this module only
validates answers and evaluates the rules. The most severe level that applies wins, and every rule
that fires is reported, so a referral also shows the milder signs it saw.

Answers may be partial. A rule whose clauses cannot yet be decided is open; the unanswered keys of
open rules more severe than the current level are `missing`: while any is, the level is provisional
(it can only go up). An emergency or urgent level stands as soon as a rule reaches it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from coach.content import load_toml
from coach.errors import ContentError, InvalidInput

# Yes/no answers that on their own always mean an emergency (bmj_bp_ces, girft_ces_2023).
EMERGENCY_KEYS = frozenset(
    {"bladder_bowel_change", "reduced_bladder_bowel_sensation", "saddle_numbness", "major_trauma"}
)
MAX_STEPS = 6  # "What to do now" never lists more steps than this.


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

    @property
    def is_urgent(self) -> bool:
        """Emergency or urgent: shown at once, and training waits until someone has seen them."""
        return self.rank <= Level.URGENT.rank


Clauses = tuple[Mapping[str, Any], ...]


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
    ask_if: Clauses = ()
    widget: str = ""

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
        elif not isinstance(value, str) or value not in {v for v, _ in self.options}:
            allowed = ", ".join(v for v, _ in self.options)
            raise InvalidInput(f"{self.key}: {value!r} is not one of {allowed}")
        return value

    def option_rank(self, value: Any) -> int:
        """Position of a choice among the options (mildest first); 0 for other kinds."""
        return [v for v, _ in self.options].index(value) if self.options else 0


@dataclass(frozen=True)
class LevelInfo:
    id: Level
    label: str
    title: str
    action: str
    source: str
    tell: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    text: str
    source: str
    when: Clauses
    tell: str = ""


@dataclass(frozen=True)
class CauseInfo:
    id: str
    title: str
    text: str
    action: str
    source: str
    page: str
    when: Clauses


@dataclass(frozen=True)
class Reason:
    rule_id: str
    level: Level
    text: str
    source: str


class Advice(str):
    """A piece of advice as plain text that also knows its source id."""

    source: str

    def __new__(cls, text: str, source: str) -> Advice:
        advice = super().__new__(cls, text)
        advice.source = source
        return advice


@dataclass(frozen=True)
class AdviceEntry:
    levels: frozenset[Level]
    stage: str
    text: Advice


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    set: Mapping[str, Any]


@dataclass(frozen=True)
class Section:
    """Questions as the screen groups them: a checklist with "None of these", or one by one.

    A checklist's `keys` are those its "None of these" answers; an item may also answer a
    follow-up question that belongs to a later section.
    """

    id: str
    title: str
    prompt: str
    kind: str
    keys: tuple[str, ...]
    items: tuple[ChecklistItem, ...] = ()
    none: Mapping[str, Any] | None = None
    optional: bool = False


@dataclass(frozen=True)
class TriageResult:
    """The outcome of a set of answers.

    `advice` is "What to do now" (at most MAX_STEPS distinct steps, the level's action first);
    `tell` is what to tell the service (emergency and urgent only); `safety_net` says when to get
    help sooner (every level but emergency); `causes` appear for rest and train only. A result
    whose `missing` is not empty is provisional.
    """

    level: Level
    reasons: tuple[Reason, ...] = ()
    causes: tuple[str, ...] = ()
    advice: tuple[Advice, ...] = ()
    missing: tuple[str, ...] = ()
    tell: str = ""
    safety_net: tuple[Advice, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.missing)

    @property
    def decided(self) -> bool:
        """Whether the screen may show this level as the outcome: never rest or train while
        anything unanswered could raise it, but an emergency or urgent level at once."""
        return self.level.is_urgent or not self.provisional

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": str(self.level),
            "reasons": [
                {"rule_id": r.rule_id, "level": str(r.level), "text": r.text, "source": r.source}
                for r in self.reasons
            ],
            "causes": list(self.causes),
            "advice": [{"text": str(a), "source": a.source} for a in self.advice],
            "missing": list(self.missing),
            "tell": self.tell,
            "safety_net": [{"text": str(a), "source": a.source} for a in self.safety_net],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TriageResult:
        """Rebuild a stored result; results stored before a field existed read it as empty."""
        return cls(
            level=Level(data["level"]),
            reasons=tuple(
                Reason(r["rule_id"], Level(r["level"]), r["text"], r["source"])
                for r in data["reasons"]
            ),
            causes=tuple(data["causes"]),
            advice=tuple(Advice(a["text"], a["source"]) for a in data["advice"]),
            missing=tuple(data.get("missing", ())),
            tell=data.get("tell", ""),
            safety_net=tuple(Advice(a["text"], a["source"]) for a in data.get("safety_net", ())),
        )


@dataclass(frozen=True)
class TriageContent:
    questions: tuple[Question, ...]
    levels: dict[Level, LevelInfo]
    rules: tuple[Rule, ...]
    causes: tuple[CauseInfo, ...]
    advice: tuple[AdviceEntry, ...]
    safety_net: tuple[AdviceEntry, ...]
    sections: tuple[Section, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(q.key for q in self.questions)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def cause(self, cause_id: str) -> CauseInfo:
        return next(c for c in self.causes if c.id == cause_id)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def in_group(self, group: str) -> list[Question]:
        return [q for q in self.questions if q.group == group]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TriageContent:
        """Build and cross-check content; raises ContentError naming the faulty entry."""
        try:
            questions = tuple(
                Question(
                    **{
                        **q,
                        "options": tuple(tuple(o) for o in q.get("options", ())),
                        "ask_if": tuple(q.get("ask_if", ())),
                    }
                )
                for q in data["question"]
            )
            levels = {
                Level(lv["id"]): LevelInfo(
                    Level(lv["id"]),
                    lv["label"],
                    lv["title"],
                    _filled(lv["action"]),
                    lv["source"],
                    lv.get("tell", ""),
                )
                for lv in data["level"]
            }
            rules = tuple(
                Rule(
                    r["id"],
                    Level(r["level"]),
                    r["text"],
                    r["source"],
                    tuple(r["when"]),
                    r.get("tell", ""),
                )
                for r in data["rule"]
            )
            causes = tuple(CauseInfo(**{**c, "when": tuple(c["when"])}) for c in data["cause"])
            advice = tuple(_advice_entry(a) for a in data["advice"])
            safety_net = tuple(_advice_entry({**a, "stage": "net"}) for a in data["safety_net"])
            sections = tuple(_section(s) for s in data["section"])
        except (KeyError, TypeError, ValueError) as e:
            raise ContentError(f"triage content: {e!r}") from e
        content = cls(questions, levels, rules, causes, advice, safety_net, sections)
        content._check_references()
        return content

    def _check_references(self) -> None:
        keys = self.keys
        if set(self.levels) != set(Level):
            raise ContentError("triage content: every level needs exactly one [[level]] entry")
        for level in (Level.EMERGENCY, Level.URGENT):
            if not self.levels[level].tell:
                raise ContentError(f"triage content: level {level} needs a tell")
        for q in self.questions:
            if unknown := _clause_keys(q.ask_if) - keys:
                raise ContentError(f"triage content: {q.key} asks if unknown {sorted(unknown)}")
        for item in (*self.rules, *self.causes):
            for key in _clause_keys(item.when):
                if key not in keys:
                    raise ContentError(f"triage content: {item.id} uses unknown key {key!r}")
        numbers = {q.key for q in self.questions if q.kind == "number"}
        for rule in self.rules:
            read = {c["key"] for c in rule.when if "key" in c and not c.get("or_unanswered")}
            if said := _said_keys(rule.id, rule.text) - (read & numbers):
                raise ContentError(
                    f"triage content: {rule.id} says {sorted(said)}, not a number it reads"
                )
        for entry in (*self.advice, *self.safety_net):
            if entry.stage not in ("now", "return", "net") or not entry.levels:
                raise ContentError(f"triage content: advice {entry.text!r} needs levels and stage")
        if any(Level.EMERGENCY in e.levels for e in self.safety_net):
            raise ContentError("triage content: an emergency has no safety net, only its action")
        self._check_sections()

    def _check_sections(self) -> None:
        placed = [k for s in self.sections for k in s.keys]
        if sorted(placed) != sorted(self.keys):
            twice = sorted({k for k in placed if placed.count(k) > 1})
            raise ContentError(
                "triage content: every question belongs to exactly one section "
                f"(not placed: {sorted(self.keys - set(placed))}, twice: {twice})"
            )
        seen_other = False
        for s in self.sections:
            red = all(self.question(k).group == "red_flags" for k in s.keys)
            if red and seen_other:
                raise ContentError(f"triage content: red-flag section {s.id} must come first")
            seen_other = seen_other or not red
            try:
                for key, value in (s.none or {}).items():
                    self.question(key).check(value)
                for item in s.items:
                    for key, value in item.set.items():
                        self.question(key).check(value)
            except InvalidInput as e:
                raise ContentError(f"triage content: section {s.id}: {e}") from e
            for item in s.items:
                extra = [k for k in item.set if k not in s.none and not self.question(k).ask_if]
                if not set(item.set) & set(s.none) or extra:
                    raise ContentError(
                        f"triage content: section {s.id}: item {item.label!r} must set a key of "
                        "'none', and otherwise only follow-up questions"
                    )


def _filled(text: str) -> str:
    """The content loader fills in {pain_rule}; a placeholder still left is a typo."""
    if match := re.search(r"\{[^}]*\}", text):
        raise ContentError(f"triage content: unknown placeholder {match.group()} in {text!r}")
    return text


def _advice_entry(data: Mapping[str, Any]) -> AdviceEntry:
    return AdviceEntry(
        frozenset(Level(lv) for lv in data["levels"]),
        data["stage"],
        Advice(_filled(data["text"]), data["source"]),
    )


def _section(data: Mapping[str, Any]) -> Section:
    kind = data["kind"]
    if kind == "checklist":
        items = tuple(ChecklistItem(i["label"], dict(i["set"])) for i in data["items"])
        none = dict(data["none"])
        return Section(data["id"], data["title"], data["prompt"], kind, tuple(none), items, none)
    if kind == "questions":
        return Section(
            data["id"],
            data["title"],
            data["prompt"],
            kind,
            tuple(data["keys"]),
            optional=data.get("optional", False),
        )
    raise ValueError(f"section {data['id']}: unknown kind {kind!r}")


def _said_keys(rule_id: str, text: str) -> set[str]:
    """The answers a rule's text says back, written {key}: only numbers the rule itself reads,
    so every finding can say the value it was given ("5 out of 10"), never a blank."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as e:
        raise ContentError(f"triage content: {rule_id} text: {e}") from e


def _clause_keys(clauses: Clauses) -> set[str]:
    keys: set[str] = set()
    for clause in clauses:
        if "any" in clause:
            keys |= _clause_keys(tuple(clause["any"]))
        elif "at_least" in clause:
            keys |= _clause_keys(tuple(clause["of"]))
        else:
            keys.add(clause["key"])
    return keys


def _compare(clause: Mapping[str, Any], value: Any) -> bool:
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


def _truth(clause: Mapping[str, Any], answers: Mapping[str, Any]) -> tuple[bool | None, set[str]]:
    """Three-valued: (True, False or None when undecided, the unanswered keys it waits on)."""
    if "any" in clause or "at_least" in clause:
        parts = [_truth(c, answers) for c in clause.get("any", clause.get("of", ()))]
        needed = clause.get("at_least", 1)
        true = sum(value is True for value, _ in parts)
        open_parts = [keys for value, keys in parts if value is None]
        if true >= needed:
            return True, set()
        if true + len(open_parts) < needed:
            return False, set()
        return None, set().union(*open_parts)
    key = clause["key"]
    if key not in answers:
        return (True, set()) if clause.get("or_unanswered") else (None, {key})
    return _compare(clause, answers[key]), set()


def _state(clauses: Clauses, answers: Mapping[str, Any]) -> tuple[bool | None, set[str]]:
    """All clauses together: True, False, or None with the keys still to answer."""
    waiting: set[str] = set()
    for clause in clauses:
        value, keys = _truth(clause, answers)
        if value is False:
            return False, set()
        waiting |= keys
    return (None, waiting) if waiting else (True, set())


def _holds(clauses: Clauses, answers: Mapping[str, Any]) -> bool:
    return _state(clauses, answers)[0] is True


def _strength(clauses: Clauses, answers: Mapping[str, Any]) -> int:
    """How many of a cause's signs hold: an `any` clause counts each true alternative."""
    total = 0
    for clause in clauses:
        parts = clause.get("any", clause.get("of", (clause,)))
        total += sum(_truth(c, answers)[0] is True for c in parts)
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
    """Check the answers given (any subset of the keys); raise InvalidInput naming a bad key."""
    triage_content = triage_content or content()
    if not isinstance(answers, Mapping):
        raise InvalidInput(f"answers: expected a mapping, got {type(answers).__name__}")
    unknown = sorted(str(k) for k in answers.keys() - triage_content.keys)
    if unknown:
        raise InvalidInput(f"{unknown[0]}: unknown key")
    return {q.key: q.check(answers[q.key]) for q in triage_content.questions if q.key in answers}


def assess(answers: Mapping[str, Any], triage_content: TriageContent | None = None) -> TriageResult:
    """Assess answers, complete or partial. Raises InvalidInput (a ValueError) naming a bad key."""
    triage_content = triage_content or content()
    answers = validate_answers(answers, triage_content)
    states = [(rule, *_state(rule.when, answers)) for rule in triage_content.rules]
    reasons = sorted(
        (
            Reason(r.id, r.level, r.text.format_map(answers), r.source)
            for r, value, _ in states
            if value is True
        ),
        key=lambda r: r.level.rank,
    )
    level = reasons[0].level if reasons else Level.TRAIN
    waiting = set().union(
        *(keys for r, value, keys in states if value is None and r.level.rank < level.rank)
    )
    missing = tuple(q.key for q in triage_content.questions if q.key in waiting)

    causes: list[CauseInfo] = []
    if not level.is_referral:
        ranked = sorted(
            (
                (-_strength(c.when, answers), position, c)
                for position, c in enumerate(triage_content.causes)
                if _holds(c.when, answers)
            ),
            key=lambda t: (t[0], t[1]),
        )
        causes = [c for _, _, c in ranked]

    info = triage_content.levels[level]
    tell = ""
    if level.is_urgent:
        fired = [r for r, value, _ in states if value is True and r.tell]
        tell = " ".join(dict.fromkeys([info.tell, *(r.tell for r in fired)]))
    return TriageResult(
        level=level,
        reasons=tuple(reasons),
        causes=tuple(c.id for c in causes),
        advice=_steps(triage_content, level, causes),
        missing=missing,
        tell=tell,
        safety_net=tuple(e.text for e in triage_content.safety_net if level in e.levels),
    )


def _steps(content: TriageContent, level: Level, causes: list[CauseInfo]) -> tuple[Advice, ...]:
    """The action, the level's own steps, cause actions, then return steps: distinct, capped."""
    info = content.levels[level]

    def stage(name: str) -> list[Advice]:
        return [e.text for e in content.advice if level in e.levels and e.stage == name]

    first = [Advice(info.action, info.source), *stage("now")]
    last = stage("return")
    room = max(0, MAX_STEPS - len(first) - len(last))
    middle = [Advice(c.action, c.source) for c in causes][:room]
    steps = list(dict.fromkeys([*first, *middle, *last]))
    return tuple(steps[:MAX_STEPS])


def still_to_ask(answers: Mapping[str, Any], result: TriageResult) -> tuple[str, ...]:
    """Keys worth asking next, in question order.

    What could still raise the level (`result.missing`), follow-ups whose `ask_if` holds, and once
    an emergency or urgent level stands, the remaining warning signs to tell the service about.
    """
    questions = content().questions
    wanted = set(result.missing)
    for q in questions:
        if q.key in answers:
            continue
        follow_up = bool(q.ask_if) and _holds(q.ask_if, answers)
        for_the_service = result.level.is_urgent and q.group == "red_flags" and not q.ask_if
        if follow_up or for_the_service:
            wanted.add(q.key)
    return tuple(q.key for q in questions if q.key in wanted)


def checklist_answers(section: Section, ticked: Collection[int], closed: bool) -> dict[str, Any]:
    """The answers a checklist gives: ticked items, then "None of these" for the rest once closed.

    When two ticked items set the same key, the more severe option wins (options run mildest
    first), so a second tick can never soften the first.
    """
    answers: dict[str, Any] = {}
    for index in sorted(ticked):
        for key, value in section.items[index].set.items():
            question = content().question(key)
            if key not in answers or question.option_rank(value) > question.option_rank(
                answers[key]
            ):
                answers[key] = value
    if closed:
        for key, value in section.none.items():
            answers.setdefault(key, value)
    return answers


def collect_answers(
    ticked: Mapping[str, Collection[int]], closed: Collection[str], values: Mapping[str, Any]
) -> dict[str, Any]:
    """All answers from the screen's progress: each checklist's ticks and "None of these", then
    the questions answered one by one (which win, being the more specific)."""
    answers: dict[str, Any] = {}
    for section in content().sections:
        if section.kind == "checklist":
            answers.update(
                checklist_answers(section, ticked.get(section.id, ()), section.id in closed)
            )
    answers.update(values)
    return answers


def next_section(to_ask: Collection[str]) -> Section | None:
    """The first section with a question still to ask; None when nothing is left."""
    wanted = set(to_ask)
    return next((s for s in content().sections if not s.optional and wanted & set(s.keys)), None)


def changes_since(
    previous: TriageResult, current: TriageResult, answers: Mapping[str, Any]
) -> list[str]:
    """Plain-language differences between two results, for a re-screen; `answers` are the
    current check's. A sign found before is gone only if this check asked about it and it no
    longer holds: a check that stopped at an emergency did not ask the rest."""
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
    rules = {r.id: r for r in content().rules}
    for k in before.keys() - after.keys():
        asked = k not in rules or _state(rules[k].when, answers)[0] is False
        notes.append(f"{'Gone' if asked else 'Not answered this time'}: {before[k].text}")
    return notes or ["Nothing has changed since the last check."]
