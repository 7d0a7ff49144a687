"""Load the shipped content in `data/`: one loader, so every file is read and checked alike."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coach.errors import ContentError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    year: int
    kind: str
    used_for: str
    url: str = ""


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse `data/<name>`; cached because shipped content never changes while the app runs."""
    path = DATA_DIR / name
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ContentError(f"{name}: {e}") from e


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
