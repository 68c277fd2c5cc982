"""Running the ``govreport`` command in a child process that stops at a chosen point, for the fault tests.

:func:`paused_command` starts ``govreport ARGS`` with one hook: every file
it writes is complete beside its target (its ``.part``) when the hook runs,
and the hook tells the test it is there and waits. The test then kills the
child, or lets it go on (:meth:`Paused.resume`), so the window between
writing and renaming is hit every time, without racing a timer.

:func:`processes_mentioning` lists the running processes whose command line
names a test's folder (LibreOffice started with its profile there, a batch
worker); :func:`mounted` mounts a small tmpfs for the full, read-only and
size-limited file systems.

>>> from pathlib import Path
>>> processes_mentioning("/no/such/folder/anywhere")
[]
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from support.system import require

__all__ = [
    "Paused",
    "govreport_argv",
    "kill_mentioning",
    "mounted",
    "paused_command",
    "processes_mentioning",
    "run_in_one_process",
    "wait_until",
]

#: The child's code: the hook replaces StagedFile.sync (called once the temporary file is complete).
_HOOK = """
import os, sys
from govreport import _fs
from govreport.cli._main import main

_sync = _fs.StagedFile.sync
def _paused(self):
    if self.target.suffix == os.environ["PAUSE_SUFFIX"]:
        os.write(1, ("PAUSED " + str(self.temp) + "\\n").encode("utf-8", "surrogateescape"))
        with open(os.environ["PAUSE_FIFO"], "rb") as go:  # until the test says go (or kills us)
            go.readline()
    _sync(self)
_fs.StagedFile.sync = _paused
sys.exit(main(sys.argv[1:]))
"""


#: Runs ``main(argv)`` for each argv on stdin (JSON), with fds 1 and 2 in a file; prints the results.
_DRIVER = r"""
import json, os, sys, tempfile, traceback
from govreport.cli._main import main
cases = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogateescape"))
results = []
real_out = os.dup(1)
for argv in cases:
    with tempfile.TemporaryFile() as log:
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(log.fileno(), 1); os.dup2(log.fileno(), 2)
        try:
            status = main(argv)
        except BaseException:
            traceback.print_exc()
            status = "escaped"
        sys.stdout.flush(); sys.stderr.flush()
        log.seek(0)
        results.append([status, log.read().decode("utf-8", "backslashreplace")])
os.dup2(real_out, 1)
sys.stdout.write(json.dumps(results))
"""


def run_in_one_process(
    cases: Sequence[Sequence[str]],
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], None] | None = None,
) -> list[tuple[object, str]]:
    """Run ``govreport`` once per argv in ``cases``, all in one child; return each (status, output).

    One interpreter for many cases keeps a matrix of commands cheap. The
    output is stdout and stderr together; a status of ``"escaped"`` means an
    exception left ``main`` (its traceback is in the output). ``prefix``
    wraps the child (``setpriv …``); ``preexec_fn`` runs in it first
    (``setrlimit``).
    """
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _DRIVER],
        input=json.dumps([list(c) for c in cases], ensure_ascii=False).encode(
            "utf-8", "surrogateescape"
        ),
        capture_output=True,
        check=False,
        timeout=600,
        preexec_fn=preexec_fn,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return [(r[0], r[1]) for r in json.loads(done.stdout)]


def govreport_argv(*args: str) -> list[str]:
    """The command line that runs ``govreport ARGS`` with this interpreter.

    >>> govreport_argv("check", "r.yaml")[-3:]
    ['govreport', 'check', 'r.yaml']
    """
    return [sys.executable, "-m", "govreport", *args]


class Paused:
    """A ``govreport`` child stopped with a complete temporary file beside its target."""

    def __init__(self, process: subprocess.Popen[bytes], temp: Path, fifo: Path) -> None:
        self.process = process
        self.temp = temp
        self.fifo = fifo

    def resume(self) -> int:
        """Let the child go on; return its exit status."""
        with open(self.fifo, "wb") as go:
            go.write(b"go\n")
        return self.process.wait(timeout=120)

    def kill(self, signum: int) -> int:
        """Send ``signum`` to the child; return its exit status."""
        self.process.send_signal(signum)
        return self.process.wait(timeout=120)

    def stderr(self) -> str:
        """What the child wrote on stderr (once it has exited)."""
        assert self.process.stderr is not None
        return self.process.stderr.read().decode("utf-8", "replace")


@contextlib.contextmanager
def paused_command(
    args: Sequence[str], suffix: str, env: dict[str, str] | None = None
) -> Iterator[Paused]:
    """Start ``govreport ARGS``; yield once it (or a worker it forked) has a complete temporary ``suffix`` file.

    The child runs in its own process group (``os.killpg(child.process.pid, …)``
    reaches its workers too); the group is killed when the block ends,
    whatever happened.
    """
    fifo = Path(tempfile.mkdtemp(prefix="govreport-test-pause-")) / "go"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-c", _HOOK, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**(env or os.environ), "PAUSE_SUFFIX": suffix, "PAUSE_FIFO": str(fifo)},
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        while True:
            line = process.stdout.readline()
            if not line:
                err = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"govreport {' '.join(args)} ended before writing: {err}")
            if line.startswith(b"PAUSED "):
                break
        temp = Path(os.fsdecode(line[len(b"PAUSED ") :].rstrip(b"\n")))
        assert temp.is_file(), temp
        yield Paused(process, temp, fifo)
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, 9)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        shutil.rmtree(fifo.parent, ignore_errors=True)


def processes_mentioning(marker: str) -> list[str]:
    """The command lines of running processes (not this one) that mention ``marker``.

    >>> processes_mentioning(os.urandom(8).hex())
    []
    """
    return list(_mentioning(marker).values())


def kill_mentioning(marker: str) -> None:
    """Kill every process that :func:`processes_mentioning` finds (a failed test's leftovers)."""
    for pid in _mentioning(marker):
        with contextlib.suppress(OSError):
            os.kill(pid, 9)


def _mentioning(marker: str) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
            if (entry / "stat").read_text().split(") ")[-1].startswith("Z"):
                continue  # a zombie is dead: only its parent's wait is missing
        except OSError:
            continue
        cmdline = raw.replace(b"\0", b" ").decode(errors="replace")
        if marker in cmdline:
            found[int(entry.name)] = cmdline
    return found


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``condition()`` holds (checked every 0.1 s), or fail the test naming ``what``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (after {timeout:g} s)")
        time.sleep(0.1)


@contextlib.contextmanager
def mounted(where: Path, options: str) -> Iterator[Path]:
    """Mount a tmpfs with ``options`` (``size=64k``, ``ro``) on ``where`` for the block (needs root)."""
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    require("mounting a tmpfs", result.returncode == 0, f"run as root ({result.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
