"""A path that is not a regular file — a pipe, a device behind a link — is refused before it is read.

Reading either would block for ever (a FIFO nobody writes) or never end (``/dev/zero``);
each run is a separate process with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_READ = "import sys, govreport; govreport.load(sys.argv[1])"


def _load_in_a_process(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _READ, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_fifo_named_like_a_data_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "报告.yaml"
    os.mkfifo(fifo)
    got = _load_in_a_process(fifo)
    assert got.returncode == 1
    assert (
        f"govreport.errors.LoadError: {fifo}: 这是管道或设备，不是普通文件 (not a regular file)"
        in (got.stderr)
    )


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".docx", ".pdf", ".html"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, suffix: str) -> None:
    link = tmp_path / f"报告{suffix}"
    link.symlink_to("/dev/zero")
    got = _load_in_a_process(link)
    assert got.returncode == 1
    assert "这是管道或设备，不是普通文件 (not a regular file)" in got.stderr


def test_the_cli_names_the_fifo_in_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "报告.yaml"
    os.mkfifo(fifo)
    got = subprocess.run(
        [sys.executable, "-m", "govreport", "check", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert got.returncode == 2
    assert got.stderr.strip().splitlines() == [
        f"govreport check: {fifo}: 这是管道或设备，不是普通文件 (not a regular file)"
    ]


def test_a_file_without_read_permission_says_why_in_chinese(tmp_path: Path) -> None:
    """Mode 000, read without root's override: the reason in Chinese with the errno name."""

    from support.system import program

    setpriv = program("setpriv (util-linux)", ("setpriv",), "apt-get install util-linux")
    path = tmp_path / "报告.yaml"
    path.write_text("机关名称: 某局\n年度: 2024\n", encoding="utf-8")
    path.chmod(0)
    drop = "-dac_override,-dac_read_search"
    argv = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", sys.executable]
    argv += ["-m", "govreport", "check", str(path)]
    got = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert got.returncode == 2
    assert got.stderr.strip() == (
        f"govreport check: {path}: 无法读取文件：没有权限 (EACCES: Permission denied)"
    )
