"""Fixtures for every layer's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.session.saves import SAVE_DIR_ENV
from wargame.table import codes

PRODUCTION_SCRYPT_N = codes.SCRYPT_N
"""scrypt's cost for join codes as shipped (read before any test lowers it)."""


@pytest.fixture(autouse=True)
def cheap_join_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Join codes hashed at a low scrypt cost: at the shipped cost (about 50 ms a hash,
    100 ms and more under load) every table a test creates would cost half a second. A hash
    records its own cost, so tables made here open as any other; tests/table/test_store.py
    checks the shipped cost."""
    monkeypatch.setattr(codes, "SCRYPT_N", 16)


@pytest.fixture(autouse=True)
def saves_in_the_test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves go to the test's own folder, never into the user's saves folder."""
    monkeypatch.setenv(SAVE_DIR_ENV, str(tmp_path))
    return tmp_path


@pytest.fixture
def production_scrypt_n() -> int:
    """scrypt's cost for join codes as shipped."""
    return PRODUCTION_SCRYPT_N
