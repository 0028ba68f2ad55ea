"""The one reader of files a user names: regular files only, the size capped before reading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wargame.reading import FileNotReadable, read_capped, why_not_a_file


def test_a_regular_file_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 100)
    assert read_capped(path, 100) == b"x" * 100
    assert why_not_a_file(path) is None


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(1 << 40)  # a terabyte, sparse: reading it would take hours
    with pytest.raises(FileNotReadable, match="too large") as info:
        read_capped(path, 100)
    assert info.value.too_large and not info.value.missing


def test_a_missing_file_is_told_apart(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadable, match="No such file") as info:
        read_capped(tmp_path / "nope.yaml", 100)
    assert info.value.missing
    assert why_not_a_file(tmp_path / "nope.yaml") == "no such file"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadable, match="it is a folder, not a regular file"):
        read_capped(tmp_path, 100)
    assert why_not_a_file(tmp_path) == "it is a folder, not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileNotReadable, match=r"it is a named pipe \(FIFO\)"):
        read_capped(fifo, 100)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileNotReadable, match="it is a device, not a regular file"):
        read_capped(link, 100)
    assert why_not_a_file(link) == "it is a device, not a regular file"
