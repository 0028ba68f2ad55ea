"""Fixtures for every layer's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wargame.session.saves import SAVE_DIR_ENV
from wargame.table import codes

PRODUCTION_SCRYPT_N = codes.SCRYPT_N
"""scrypt's cost for join codes as shipped (read before any test lowers it)."""

MEMORY_FOLDER = Path("/dev/shm")
"""A folder in memory (tmpfs) on Linux: test folders there cost no disk flushes."""


def pytest_configure(config: pytest.Config) -> None:
    """Test folders (`tmp_path`) in memory where the machine has a tmpfs, unless a folder was
    asked for (`--basetemp`, PYTEST_DEBUG_TEMPROOT). The shared tables' SQLite files are
    written with `synchronous=FULL`: on a disk every accepted record waits for a flush, which
    took a third of the table tests' time and more under load, for a durability no test can
    observe. Subprocesses (`wargame host`, concurrent writers) get their folders from the test,
    so they write there too."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    if not (MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK)):
        return
    root = MEMORY_FOLDER / "wargame-tests"
    try:
        root.mkdir(exist_ok=True)
        if root.stat().st_uid == os.getuid():
            root.chmod(0o1777)  # pytest keeps one folder per user in it, as in /tmp
    except OSError:
        return
    if os.access(root, os.W_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(root)


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
