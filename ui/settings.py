"""Settings from the environment or secrets, and the database they point at."""

from __future__ import annotations

import os

import streamlit as st

from coach import store
from coach.store import Connection


def setting(name: str) -> str | None:
    """A setting from the environment, else from `.streamlit/secrets.toml` (absent is fine)."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except FileNotFoundError:
        return None
    return None if value is None else str(value)


def database_url() -> str | None:
    """A PostgreSQL URL, if one is configured: `BACKCOACH_DATABASE_URL` (environment, or a
    root-level secret) wins over `url` in the `[connections.backcoach]` section of secrets."""
    if url := setting("BACKCOACH_DATABASE_URL"):
        return url
    try:
        section = st.secrets.get("connections", {}).get("backcoach", {})
    except FileNotFoundError:
        return None
    return str(section["url"]) if section.get("url") else None


def database_target() -> str:
    """Where the data lives: the PostgreSQL URL when one is configured, else the SQLite file."""
    return database_url() or str(store.db_path(setting("BACKCOACH_DB")))


def database() -> Connection:
    """A new connection, for callbacks and deferred downloads that run on another thread."""
    return store.connect(database_target())
