"""How a database is shown to people: its URL without the password."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def redact_url(url: str | Path) -> str:
    """`url` with any password replaced by `***`: how to show a database to people (the
    password belongs in the URL only where a process must connect, or in PGPASSWORD)."""
    text = str(url)
    try:
        parts = urlsplit(text)
        if parts.password is None:
            return text
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        if parts.port is not None:
            host = f"{host}:{parts.port}"
    except ValueError:  # a port that is not a number, a broken IPv6 address
        return "<a database URL that does not parse>"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: str | Path) -> bool:
    """Whether `url` names a PostgreSQL server (else it is a SQLite file)."""
    return str(url).startswith(POSTGRES_SCHEMES)
