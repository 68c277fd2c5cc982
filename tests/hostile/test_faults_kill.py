"""A run that is stopped (SIGTERM, SIGINT, kill -9) leaves no temporary file, folder or process behind.

Each child is stopped at the worst moment, with its document complete in a
hidden ``.part`` file beside the target (see ``support.faults``). SIGTERM
and Ctrl-C remove it at once; ``kill -9`` cannot be caught, so the next
write into that folder removes it. LibreOffice dies with its parent, and a
batch's workers with theirs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import govreport
from support import EXAMPLES, consistent_report
from support.faults import (
    govreport_argv,
    kill_mentioning,
    paused_command,
    processes_mentioning,
    wait_until,
)

REPORT = EXAMPLES / "demo-city-data-bureau-2024.yaml"

#: Each command that writes a document, and the suffix of what it writes.
COMMANDS = {
    "render": (["render", str(REPORT), "-o", "{out}/报告.docx"], ".docx"),
    "excel": (["excel", "--from", str(REPORT), "-o", "{out}/报告.xlsx"], ".xlsx"),
}


def _args(name: str, out: Path) -> tuple[list[str], str]:
    args, suffix = COMMANDS[name]
    return [a.format(out=out) for a in args], suffix


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_at_the_rename_removes_the_temporary_file(
    tmp_path: Path, name: str, signum: int
) -> None:
    """Stopped between writing its .part and renaming it, the command removes it and exits 128 + N."""
    args, suffix = _args(name, tmp_path)
    with paused_command(args, suffix) as child:
        assert _debris(tmp_path) == [child.temp.name]
        status = child.kill(signum)
        stderr = child.stderr()
    assert status == 128 + signum, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"govreport {name}: 已中止"), stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_part_file_of_a_killed_command_is_removed_by_the_next_write(
    tmp_path: Path, name: str
) -> None:
    """kill -9 leaves the .part (nothing can catch it); the next run into the folder removes it."""
    args, suffix = _args(name, tmp_path)
    with paused_command(args, suffix) as child:
        left = child.temp
        assert child.kill(signal.SIGKILL) == -signal.SIGKILL
    assert _debris(tmp_path) == [left.name]
    assert f"-{child.process.pid}~" in left.name  # the writer's pid is in the name
    done = subprocess.run(govreport_argv(*args), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _debris(tmp_path) == []
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [suffix]


def test_a_running_writers_part_file_is_never_swept(tmp_path: Path) -> None:
    """The sweep removes only the temporaries of dead processes: a paused writer's file survives another run."""
    args, suffix = _args("render", tmp_path)
    other = [a.replace("报告.docx", "另一份.docx") for a in args]
    with paused_command(args, suffix) as child:
        done = subprocess.run(govreport_argv(*other), capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert child.temp.is_file()
        assert child.resume() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["另一份.docx", "报告.docx"]


@pytest.mark.libreoffice
def test_kill_9_of_render_pdf_leaves_no_soffice_and_the_next_run_removes_its_folder(
    soffice: str, tmp_path: Path
) -> None:
    """LibreOffice dies with a killed ``render --pdf``; the dead run's temporary folder goes on the next."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    args = ["render", str(REPORT), "-o", str(tmp_path / "out" / "报告.docx"), "--pdf", "--force"]
    process = subprocess.Popen(govreport_argv(*args), env=env, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: any("soffice" in c for c in processes_mentioning(str(tmp))), 120,
                   "LibreOffice never started")  # fmt: skip
        process.kill()
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
        if process.stderr is not None:
            process.stderr.close()
    try:
        wait_until(
            lambda: processes_mentioning(str(tmp)) == [], 10, "soffice outlived render --pdf"
        )
    finally:
        kill_mentioning(str(tmp))
    left = [p.name for p in tmp.iterdir()]
    assert len(left) == 1, left
    assert left[0].startswith("govreport-pdf-"), left
    again = subprocess.run(govreport_argv(*args), env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert list(tmp.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["报告.docx", "报告.pdf"]


#: Runs ``govreport ARGS`` in a program that set the multiprocessing start method given first
#: (fork, forkserver, spawn) for all its pools.
_WITH_START_METHOD = (
    "import multiprocessing, sys; multiprocessing.set_start_method(sys.argv[1]); "
    "from govreport.cli import main; sys.exit(main(sys.argv[2:]))"
)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("start", ["fork", "forkserver", "spawn"])
def test_kill_9_of_the_batch_parent_leaves_no_worker_no_soffice_and_no_folder(
    start: str, soffice: str, tmp_path: Path
) -> None:
    """``kill -9`` of ``batch --pdf`` (the parent only): its workers and their LibreOffice die and
    clean up, whatever start method the program set (a fork server would leave its folder)."""
    inputs = tmp_path / "in"
    files = []
    for i in range(30):
        report = attrs.evolve(
            consistent_report(2024, {"granted": (2, 1, 0, 0, 0, 0)}), agency=f"第{i}局"
        )
        files.append(str(govreport.dump(report, inputs / f"第{i}局.yaml")))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    out = tmp_path / "out"
    args = ["batch", *files, "-o", str(out), "--pdf", "--workers", "2"]
    args += ["--chunk-size", "10", "--no-progress"]
    argv = [sys.executable, "-c", _WITH_START_METHOD, start, *args]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: any("soffice" in c for c in processes_mentioning(str(tmp))), 120,
                   "LibreOffice never started")  # fmt: skip
        process.kill()  # the parent alone: its workers are not told
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
        if process.stderr is not None:
            process.stderr.close()
    try:
        wait_until(lambda: processes_mentioning(str(tmp_path)) == [], 20,
                   "a worker or LibreOffice outlived the batch")  # fmt: skip
    finally:
        kill_mentioning(str(tmp_path))
    assert list(tmp.iterdir()) == []
    assert _debris(out) == []


def _batch_inputs(folder: Path, n: int) -> list[str]:
    return [str(govreport.dump(_agency(f"第{i}局"), folder / f"第{i}局.yaml")) for i in range(n)]


def _agency(name: str) -> govreport.Report:
    return attrs.evolve(consistent_report(2024, {"granted": (2, 1, 0, 0, 0, 0)}), agency=name)


@pytest.mark.parametrize("who", ["the parent (SIGTERM)", "the parent (kill -9)"])
def test_a_batch_stopped_while_a_worker_writes_leaves_no_part_file(
    tmp_path: Path, who: str
) -> None:
    """A worker paused before its rename: stopping the parent either way removes the worker's .part."""
    files = _batch_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    args = ["batch", *files, "-o", str(out), "--workers", "1", "--no-progress"]
    with paused_command(args, ".docx") as child:
        # the chunk's documents are staged together, then synced and renamed together
        assert len(_debris(out)) == 3
        assert child.temp.name in _debris(out)
        child.kill(signal.SIGTERM if "SIGTERM" in who else signal.SIGKILL)
        try:
            wait_until(lambda: processes_mentioning(str(tmp_path)) == [], 20,
                       "a worker outlived the batch")  # fmt: skip
        finally:
            kill_mentioning(str(tmp_path))
    assert _debris(out) == []


def test_a_batch_killed_whole_leaves_part_files_that_the_rerun_removes(tmp_path: Path) -> None:
    """kill -9 of the whole batch (parent and workers) mid-commit: the rerun sweeps the .part files, writes all."""
    files = _batch_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    args = ["batch", *files, "-o", str(out), "--workers", "1", "--no-progress"]
    with paused_command(args, ".docx") as child:
        left = child.temp
        os.killpg(child.process.pid, signal.SIGKILL)
        child.process.wait()
        wait_until(lambda: processes_mentioning(str(tmp_path)) == [], 20, "a worker survived")
    assert len(_debris(out)) == 3  # the chunk was being committed: its three staged documents
    assert left.name in _debris(out)
    done = subprocess.run(govreport_argv(*args), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _debris(out) == []
    assert len(list(out.glob("*.docx"))) == 3


def _dying_soffice(folder: Path) -> Path:
    """A stand-in for soffice that starts a helper (named after ``folder``) and then dies by SIGKILL."""
    script = folder / "soffice"
    script.write_text(f'#!/bin/sh\nsh -c "sleep 300; : {folder}" &\nkill -9 $$\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_libreoffice_that_dies_is_named_and_leaves_no_process_or_folder(tmp_path: Path) -> None:
    """soffice killed mid-conversion: exit 2 naming the document and the signal; its group and folder gone."""
    tools = tmp_path / "tools"
    tools.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "GOVREPORT_SOFFICE": str(_dying_soffice(tools))}
    docx = tmp_path / "out" / "报告.docx"
    args = ["render", str(REPORT), "-o", str(docx), "--pdf"]
    try:
        done = subprocess.run(govreport_argv(*args), env=env, capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert done.stderr == (
            f"govreport render: {docx}: LibreOffice 无法转换为 PDF（退出码 -9）\n"
        ), done.stderr
        assert processes_mentioning(str(tools)) == []
    finally:
        kill_mentioning(str(tools))
    assert list(tmp.iterdir()) == []
    assert sorted(p.name for p in docx.parent.iterdir()) == ["报告.docx"]


@pytest.mark.libreoffice
def test_sigterm_of_render_pdf_kills_soffice_and_removes_its_folder_at_once(
    soffice: str, tmp_path: Path
) -> None:
    """SIGTERM during the conversion: LibreOffice killed, its folder removed, exit 143, no rerun needed."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    args = ["render", str(REPORT), "-o", str(tmp_path / "out" / "报告.docx"), "--pdf"]
    process = subprocess.Popen(govreport_argv(*args), env=env, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: any("soffice" in c for c in processes_mentioning(str(tmp))), 120,
                   "LibreOffice never started")  # fmt: skip
        process.terminate()
        assert process.wait(timeout=60) == 128 + signal.SIGTERM
        wait_until(lambda: processes_mentioning(str(tmp)) == [], 10, "soffice outlived SIGTERM")
    finally:
        kill_mentioning(str(tmp))
        if process.poll() is None:
            process.kill()
        if process.stderr is not None:
            process.stderr.close()
    assert list(tmp.iterdir()) == []
