"""The SQLite file is the game: private to its owner, complete on its own, and safe to copy."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.table import StoreError, open_store
from wargame.table.sqlite import SqliteStore, make_private

from .conftest import plain_info

ACTIONS = 69


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most machines have (022): what a file SQLite made itself would follow."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_and_its_wal_and_shm_are_readable_by_their_owner_only(
    tmp_path: Path, usual_umask: None
) -> None:
    path = tmp_path / "class.db"
    store = open_store(path, create=True)
    try:
        store.create_table(plain_info(), {})
        store.append("t1", 0, "notes", {"text": "private"}, seat="umpire")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(file.exists() for file in files)
        assert {file.name: _mode(file) for file in files} == {file.name: 0o600 for file in files}
    finally:
        store.close()


def test_a_copy_of_the_db_file_alone_after_a_kill_holds_every_action(tmp_path: Path) -> None:
    """What a facilitator does after the host machine died: copy the .db, nothing else."""
    path = tmp_path / "class.db"
    open_store(path, create=True).close()
    script = textwrap.dedent(
        f"""
        import os, signal, time
        from wargame.table import TableInfo, open_store
        store = open_store({str(path)!r})
        store.create_table(TableInfo("t1", {{"kind": "test"}}, time.time(), {{}}), {{}})
        for seq in range({ACTIONS}):
            store.append("t1", seq, "notes", {{"text": str(seq)}}, seat="umpire")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == -9
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copyfile(path, moved / "class.db")  # no -wal, no -shm
    copy = open_store(moved / "class.db")
    try:
        assert copy.length("t1") == ACTIONS
    finally:
        copy.close()


def test_a_backup_of_a_live_game_is_complete_private_and_never_overwrites(
    tmp_path: Path, usual_umask: None
) -> None:
    path = tmp_path / "class.db"
    store = SqliteStore(path, create=True)
    playing = open_store(path)  # another seat keeps writing while the backup is taken
    try:
        store.create_table(plain_info(), {"umpire": "hash"})
        for seq in range(5):
            playing.append("t1", seq, "notes", {"text": str(seq)}, seat="umpire")
        target = tmp_path / "copy.db"
        store.backup(target)
        assert _mode(target) == 0o600
        with pytest.raises(StoreError, match="already exists"):
            store.backup(target)
        with pytest.raises(StoreError, match="cannot create the backup"):
            store.backup(tmp_path / "missing" / "copy.db")
    finally:
        playing.close()
        store.close()
    copy = open_store(target)
    try:
        assert [r.payload["text"] for r in copy.records("t1")] == ["0", "1", "2", "3", "4"]
        assert copy.code_hashes("t1") == {"hash": "umpire"}
    finally:
        copy.close()


def test_an_older_world_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"")
    os.chmod(wal, 0o640)
    assert make_private(path) == [path, wal]
    assert (_mode(path), _mode(wal)) == (0o600, 0o600)
    assert make_private(path) == []
