"""The log's SQL is written once (wargame/table/sql.py); each backend only says its dialect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.table import sql

TABLE = Path(sql.__file__).parent
QUERY = re.compile(r"\b(INSERT INTO|DELETE FROM|UPDATE \w+ SET|SELECT .* FROM (?!sqlite_master))")


@pytest.mark.parametrize("backend", ["sqlite.py", "postgres.py"])
def test_the_backends_hold_no_query_of_the_log(backend: str) -> None:
    text = (TABLE / backend).read_text(encoding="utf-8")
    assert not QUERY.findall(text), "write the query in sql.py, once for both backends"


def test_each_dialect_spells_names_placeholders_and_locks() -> None:
    template = "SELECT 1 FROM {tables} WHERE id = ?{lock_table}"
    assert sql.SQLITE.sql(template) == "SELECT 1 FROM tables WHERE id = ?"
    assert sql.POSTGRES.sql(template) == (
        "SELECT 1 FROM wargame_tables WHERE id = %s FOR NO KEY UPDATE"
    )
    for dialect in (sql.SQLITE, sql.POSTGRES):
        assert "{" not in dialect.sql(sql.SCHEMA)
