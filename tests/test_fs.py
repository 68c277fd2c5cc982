"""Atomic writes: all or nothing, with the mode a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from govreport._fs import atomic_path, atomic_write_bytes


def _fail_while_writing(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
        raise RuntimeError("boom")


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    """An exception inside the block leaves neither the target nor a temporary file."""
    target = tmp_path / "r.docx"
    with pytest.raises(RuntimeError, match="boom"):
        _fail_while_writing(target, b"half")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    """Replacing an existing file either completes or leaves the old bytes."""
    target = tmp_path / "r.yaml"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        _fail_while_writing(target, b"new")
    assert target.read_bytes() == b"old"


def test_new_files_get_the_umask_mode(tmp_path: Path) -> None:
    """A new file is not left private (0600): it gets 0666 less the umask."""
    old = os.umask(0o022)
    try:
        path = atomic_write_bytes(tmp_path / "x.docx", b"PK")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    """Rewriting a file keeps its permissions."""
    target = tmp_path / "x.yaml"
    target.write_bytes(b"a")
    target.chmod(0o640)
    atomic_write_bytes(target, b"b")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_directories_are_created(tmp_path: Path) -> None:
    """Writing into a folder that does not exist yet creates it."""
    path = atomic_write_bytes(tmp_path / "out" / "2024" / "r.docx", b"PK")
    assert path.read_bytes() == b"PK"
