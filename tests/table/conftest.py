"""Fixtures for the shared-table tests: one store per test on every backend.

`store_url` is parametrised over SQLite (a file in tmp_path) and PostgreSQL (a fresh schema
in the database named by WARGAME_TEST_POSTGRES, which `.ci/start-postgres` sets up), so one
conformance suite holds both backends to the same semantics.
"""

from __future__ import annotations

import functools
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session
from wargame.table import LogStore, TableInfo, open_store

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = ROOT / "scenarios" / "greenland.yaml"
POSTGRES_URL = os.environ.get("WARGAME_TEST_POSTGRES", "")
NO_POSTGRES = (
    "WARGAME_TEST_POSTGRES is not set; to test the PostgreSQL store too, run "
    'eval "$(.ci/start-postgres)" first (CI does)'
)
BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)),
]
HUMANS = ("president", "denmark", "russia")
"""The Greenland seats played by people in these tests; the others are bots."""


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with `schema` first on the search path (one schema per test)."""
    joiner = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{joiner}options=-csearch_path%3D{schema}"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh, empty schema on the test server, dropped afterwards; yields its URL."""
    import psycopg

    schema = f"wargame_test_{secrets.token_hex(6)}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}".encode())
    try:
        yield postgres_schema_url(schema)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE".encode())


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL (SQLite: created; PostgreSQL: the schema appears on first use)."""
    if request.param == "sqlite":
        path = tmp_path / "table.db"
        open_store(path, create=True).close()
        yield str(path)
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL schema's URL, for the tests of that backend alone."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    with postgres_schema() as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[LogStore]:
    opened = open_store(store_url)
    yield opened
    opened.close()


@functools.cache
def greenland_ir() -> ScenarioIR:
    return load_scenario(GREENLAND)


@pytest.fixture(scope="session")
def greenland() -> ScenarioIR:
    return greenland_ir()


def greenland_session(scenario: ScenarioIR, seed: int = 7, *, umpire: bool = False) -> Session:
    """Greenland with HUMANS played by people, the rest by the random bot."""
    seats = {actor: Seat(actor, "human", team=actor.title()) for actor in HUMANS}
    return Session(
        scenario, seed=seed, seats=seats, umpire=Seat("umpire", "human") if umpire else None
    )


def plain_info(table_id: str = "t1", **document: Any) -> TableInfo:
    """A table whose document is not a game: enough for the log-level tests."""
    return TableInfo(table_id, {"kind": "test", **document}, time.time(), {"phase_seconds": 60})
