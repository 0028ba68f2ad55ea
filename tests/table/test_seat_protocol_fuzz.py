"""Fuzzing the seat protocol: whatever a browser, a guesser or a damaged log sends a seat,
the answer is a refusal in words, never a traceback.

Three doors into a seat: the websocket messages the host relays from a browser
(`parse_envelope`), the join code a person types (`Table.join`), and the records a seat
folds from the shared log (`Table.sync`), which anyone holding the database could have
written. `WARGAME_FUZZ_EXAMPLES` sets the examples per test: 25 by default (the main suite;
the log-folding target is the suite's dearest fuzz target), 1000 in CI's fuzzing job.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.table import JoinRefused, LogStore, StoreError, Table, open_store
from wargame.table.records import RECORD_KINDS
from wargame.table.replica import create_table
from wargame.table.web import (
    MAX_STDIN,
    TERMINAL_HEIGHTS,
    TERMINAL_WIDTHS,
    parse_envelope,
    terminal_size,
)

from .conftest import greenland_ir, greenland_session

pytestmark = pytest.mark.fuzz

FUZZ = settings(
    max_examples=int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
KINDS = st.sampled_from(["stdin", "resize", "ping", "blur", "focus", "quit", ""]) | st.text(
    max_size=8
)


# -- what a browser sends ---------------------------------------------------------------------


def _check_envelope(message: str) -> None:
    envelope = parse_envelope(message)
    if envelope is None:
        return
    assert envelope.kind in ("stdin", "resize", "ping", "blur", "focus")
    assert len(envelope.text) <= MAX_STDIN
    if envelope.kind == "resize":
        assert TERMINAL_WIDTHS[0] <= envelope.width <= TERMINAL_WIDTHS[1]
        assert TERMINAL_HEIGHTS[0] <= envelope.height <= TERMINAL_HEIGHTS[1]


@FUZZ
@given(message=st.text(max_size=300))
def test_fuzz_any_text_from_a_browser_is_a_checked_message_or_dropped(message: str) -> None:
    _check_envelope(message)


@FUZZ
@given(kind=KINDS, data=JSON, extra=st.lists(JSON, max_size=2))
def test_fuzz_any_json_envelope_is_a_checked_message_or_dropped(
    kind: str, data: Any, extra: list[Any]
) -> None:
    _check_envelope(json.dumps([kind, data, *extra]))
    _check_envelope(json.dumps([kind, {"width": data, "height": data}]))


def test_deep_nesting_and_huge_messages_are_dropped() -> None:
    assert parse_envelope("[" * 100_000 + "]" * 100_000) is None
    assert parse_envelope(json.dumps(["stdin", "x" * (MAX_STDIN + 1)])) is None
    assert parse_envelope(json.dumps(["resize", {"width": 10**9, "height": -5}])) is not None


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["width", "height", "x"]), st.text(max_size=12)))
def test_fuzz_the_first_terminal_size_is_within_bounds(query: dict[str, str]) -> None:
    width, height = terminal_size(query)
    assert TERMINAL_WIDTHS[0] <= width <= TERMINAL_WIDTHS[1] or width == 80
    assert TERMINAL_HEIGHTS[0] <= height <= TERMINAL_HEIGHTS[1] or height == 24


# -- what a person types, and what the log holds ----------------------------------------------


@pytest.fixture(scope="module")
def table_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LogStore]]:
    path = tmp_path_factory.mktemp("fuzz") / "table.db"
    store = open_store(path, create=True)
    yield path, store
    store.close()


CLIENTS = itertools.count()


@FUZZ
@given(code=st.text(max_size=40))
def test_fuzz_any_typed_code_opens_a_seat_or_is_refused_in_words(
    table_store: tuple[Path, LogStore], code: str
) -> None:
    _, store = table_store
    if "codes" not in store.table_ids():
        create_table(store, greenland_session(greenland_ir()), table_id="codes")
    try:
        table = Table.join(store, "codes", code, client=f"fuzz-{next(CLIENTS)}")
    except JoinRefused:
        return
    assert table.seat in ("president", "denmark", "russia", "umpire", "observer")


RECORDS = st.lists(
    st.tuples(
        st.sampled_from(RECORD_KINDS) | st.text(max_size=6),
        st.one_of(
            JSON.map(lambda value: json.dumps(value)),
            st.fixed_dictionaries({"action": JSON, "by": JSON}).map(json.dumps),
            st.fixed_dictionaries({"steps": JSON}).map(json.dumps),
            st.text(max_size=20),
        ),
    ),
    min_size=1,
    max_size=4,
)
"""Records as anyone with the database file could write them: any kind, any payload text."""


@FUZZ
@given(records=RECORDS)
def test_fuzz_any_record_in_the_log_folds_or_is_a_store_error(
    table_store: tuple[Path, LogStore], records: list[tuple[str, str]]
) -> None:
    path, store = table_store
    table_id = f"log-{next(CLIENTS)}"
    create_table(store, greenland_session(greenland_ir(), umpire=True), table_id=table_id)
    seat = Table(store, table_id, seat="president")
    with sqlite3.connect(path) as raw:
        for seq, (kind, payload) in enumerate(records):
            raw.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
                (table_id, seq, kind, payload, "umpire", 1.0),
            )
    try:
        seat.sync()
    except StoreError as refused:
        assert f"table {table_id!r}" in str(refused) or f"table {table_id}" in str(refused)
        return
    assert seat.position == len(records)
