"""Load the shipped content in `data/`: one loader, so every file is read and checked alike.

`load(name, cls)` builds a file (or one of its tables) into a frozen dataclass, field by field,
and refuses a number that does not say where it comes from: write it as
`{ value = 5, source = "some_id" }`, or put it in a table that has a `source` of its own.

The pain-monitoring rule is stated once, in `data/pain_monitoring.toml`. Any other data file
says `{pain_rule}` where the rule belongs and this loader fills in the wording, so every screen
says it the same way.
"""

from __future__ import annotations

import tomllib
import types
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from coach.errors import ContentError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PAIN_RULE_FILE = "pain_monitoring.toml"

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    year: int
    kind: str
    used_for: str
    url: str = ""


@dataclass(frozen=True)
class PainZone:
    """One band of the pain traffic light, in whole points from `low` to `high` inclusive."""

    label: str
    low: int
    high: int
    colour: str
    source: str


@dataclass(frozen=True)
class PainAdvice:
    """Today's advice when pain during exercise went above the rule; `text` takes {who},
    {during} and {during_max}, and `during_note` (said before the stricter rest advice) the
    last two."""

    title: str
    text: str
    during_note: str
    source: str


@dataclass(frozen=True)
class PainRule:
    """How much pain during and after exercise is acceptable: one rule for every screen."""

    during_max: int
    weekly_rise: float
    source: str
    statement: str
    zones: tuple[PainZone, ...]
    advice: PainAdvice

    def __post_init__(self) -> None:
        if not 0 < self.during_max < 10:
            raise ValueError(f"during_max must be from 1 to 9, got {self.during_max}")
        edges = [(z.low, z.high) for z in self.zones]
        contiguous = all(a[1] + 1 == b[0] for a, b in pairwise(edges))
        if not edges or edges[0][0] != 0 or edges[-1][1] != 10 or not contiguous:
            raise ValueError("zones must run from 0 to 10 without gaps or overlaps")
        if self.during_max not in {z.high for z in self.zones}:
            raise ValueError(f"one zone must end at during_max ({self.during_max})")

    @property
    def text(self) -> str:
        """The whole rule in words."""
        return self.statement.format(during_max=self.during_max)

    def wording(self) -> dict[str, str]:
        """The placeholders other data files may use, with the rule's numbers filled in."""
        return {"pain_rule": self.text}


@dataclass(frozen=True)
class DateConventions:
    """Which regions write the month first, and which a 12-hour clock (see data/labels.toml)."""

    month_first_regions: tuple[str, ...]
    hour12_regions: tuple[str, ...]


@dataclass(frozen=True)
class Labels:
    """Words for stored ids, by kind of value, and the date conventions."""

    values: Mapping[str, Mapping[str, str]]
    dates: DateConventions

    def of(self, kind: str, value: object) -> str:
        """The words for a stored value; raises ContentError for a value with no label."""
        words = self.values.get(kind, {}).get(str(value))
        if words is None:
            raise ContentError(f"labels.toml: no label for {kind} {value!r}")
        return words


def _read(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ContentError(f"{name}: {e}") from e


def _fill(node: Any, wording: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        for key, text in wording.items():
            node = node.replace("{" + key + "}", text)
        return node
    if isinstance(node, dict):
        return {k: _fill(v, wording) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, wording) for v in node]
    return node


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse `data/<name>` with the pain rule's wording filled in; cached because shipped
    content never changes while the app runs."""
    if name == PAIN_RULE_FILE:
        return _read(name)
    return _fill(_read(name), pain_rule().wording())


@cache
def pain_rule() -> PainRule:
    """The pain-monitoring rule from `data/pain_monitoring.toml`."""
    data = load_toml(PAIN_RULE_FILE)
    parts = {"zones": data.get("zone"), "advice": data.get("advice")}
    return build(PainRule, {**data.get("rule", {}), **parts}, PAIN_RULE_FILE)


def load(name: str, cls: type[T], table: str | None = None) -> T:
    """`data/<name>` (or its `[table]`) as the frozen dataclass `cls`; raises ContentError."""
    data = load_toml(name)
    if table is not None:
        data = data.get(table)
    return build(cls, data, name if table is None else f"{name} [{table}]")


def build(cls: type[T], data: Any, where: str) -> T:
    """Build `cls` from a parsed TOML table, naming the file and field of anything wrong."""
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a table")
    declared = fields(cls)  # type: ignore[arg-type]
    names = {f.name for f in declared}
    if unknown := sorted(set(data) - names):
        raise ContentError(f"{where}: unknown field {unknown[0]!r}")
    hints = get_type_hints(cls)
    sourced = "source" in names
    values: dict[str, Any] = {}
    for f in declared:
        if f.name in data:
            values[f.name] = _value(hints[f.name], data[f.name], f"{where}: {f.name}", sourced)
        elif f.default is MISSING and f.default_factory is MISSING:
            raise ContentError(f"{where}: missing field {f.name!r}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as e:
        raise ContentError(f"{where}: {e}") from e


def _value(hint: Any, raw: Any, where: str, sourced: bool) -> Any:
    if is_dataclass(hint):
        return build(hint, raw, where)
    if isinstance(raw, Mapping) and set(raw) == {"value", "source"}:
        if not isinstance(raw["source"], str):
            raise ContentError(f"{where}: source must be a source id")
        return _value(hint, raw["value"], where, True)
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        if not isinstance(raw, list):
            raise ContentError(f"{where}: expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            args = (args[0],) * len(raw)
        if len(args) != len(raw):
            raise ContentError(f"{where}: expected {len(args)} items, got {len(raw)}")
        return tuple(
            _value(a, r, f"{where}[{i}]", sourced)
            for i, (a, r) in enumerate(zip(args, raw, strict=True))
        )
    if origin in (dict, Mapping):
        if not isinstance(raw, Mapping):
            raise ContentError(f"{where}: expected a table")
        return types.MappingProxyType(
            {k: _value(args[1], v, f"{where}.{k}", sourced) for k, v in raw.items()}
        )
    if hint in (int, float):
        if not sourced:
            raise ContentError(
                f'{where}: a number needs its source: {{ value = {raw!r}, source = "..." }}'
            )
        allowed = (int,) if hint is int else (int, float)
        if isinstance(raw, bool) or not isinstance(raw, allowed):
            raise ContentError(f"{where}: expected a {hint.__name__}, got {raw!r}")
        return hint(raw)
    if not isinstance(raw, hint):
        raise ContentError(f"{where}: expected {hint.__name__}, got {raw!r}")
    return raw


@cache
def labels() -> Labels:
    """The labels in `data/labels.toml`."""
    return load("labels.toml", Labels)


def label(kind: str, value: object) -> str:
    """The words a person reads for a stored value of a kind (`session_type`, `location`...)."""
    return labels().of(kind, value)


@cache
def sources() -> dict[str, Source]:
    """The sources registry, by id."""
    registry: dict[str, Source] = {}
    for row in load_toml("sources.toml")["source"]:
        try:
            source = Source(**row)
        except TypeError as e:
            raise ContentError(f"sources.toml: source {row.get('id')!r}: {e}") from e
        if source.id in registry:
            raise ContentError(f"sources.toml: duplicate source id {source.id!r}")
        registry[source.id] = source
    return registry


def source(source_id: str) -> Source:
    """One source; raises ContentError when the id is not in the registry."""
    try:
        return sources()[source_id]
    except KeyError:
        raise ContentError(f"unknown source id {source_id!r}") from None
