"""Which backend a database target names: free of any driver, so a SQLite server never loads
PostgreSQL's (psycopg and its pool cost about 0.16 s of every cold start)."""

from __future__ import annotations

URL_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(target: str) -> bool:
    """True for postgresql:// and postgres:// URLs, with or without a `+driver` suffix."""
    scheme = str(target).split("://", 1)[0] if "://" in str(target) else ""
    return scheme.split("+", 1)[0] in URL_SCHEMES
