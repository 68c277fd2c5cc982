"""Every ``govreport`` command given a bad file ends in one clear line naming it, never a traceback.

The matrix is the commands that take a file × what can be wrong with the
file: missing, a folder, empty, binary, the wrong extension, a name that is
not UTF-8, no permission to read it. Each case must exit with the
command's documented status (2: the input cannot be used; 1 for ``review``
and ``batch``, which list an unreadable file and go on) and print the
file's name; ``内部错误`` (exit 3, govreport's own failure) or a Python
traceback fails it. The cases run through one interpreter (see ``_DRIVER``),
so the matrix costs seconds, and as a second one without the power to read
every file (root's ``CAP_DAC_OVERRIDE`` dropped) for the permission cases.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from govreport.rendering import bundled_template
from support import EXAMPLES
from support.faults import run_in_one_process
from support.system import program

GOOD = EXAMPLES / "demo-city-data-bureau-2024.yaml"

#: Each command that reads a file: its arguments around the file ``{f}`` (outputs in ``{o}``),
#: the suffix its file has, and its status for a file it cannot use.
COMMANDS: dict[str, tuple[list[str], str, int]] = {
    "check": (["check", "{f}"], ".yaml", 2),
    "check --previous": (["check", str(GOOD), "--previous", "{f}"], ".yaml", 2),
    "render": (["render", "{f}", "-o", "{o}/r.docx", "--force"], ".yaml", 2),
    "render --template": (
        ["render", str(GOOD), "-o", "{o}/r.docx", "--force", "--template", "{f}"],
        ".docx",
        2,
    ),
    "excel --from": (["excel", "--from", "{f}", "-o", "{o}/r.xlsx", "--force"], ".xlsx", 2),
    "template check": (["template", "check", "{f}"], ".docx", 2),
    "from-db --mapping": (
        ["from-db", "--mapping", "{f}", "--url", "sqlite:///{o}/none.sqlite", "--list-agencies"],
        ".yaml",
        2,
    ),
    "review": (["review", "{f}", "-o", "{o}/review.xlsx", "--quiet"], ".yaml", 1),
    "batch": (["batch", "{f}", "-o", "{o}/batch", "--no-progress", "--workers", "1"], ".yaml", 1),
}


def _missing(path: Path) -> None:
    pass


def _directory(path: Path) -> None:
    path.mkdir()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


#: Each fault: how to make the file, and the name it gets (suffix added, except for .txt).
FAULTS: dict[str, tuple[Callable[[Path], None], bytes]] = {
    "missing": (_missing, b"missing"),
    "directory": (_directory, b"folder"),
    "empty": (_empty, b"empty"),
    "binary": (_binary, b"binary"),
    "wrong extension": (_binary, b"report.txt"),
    "name not UTF-8": (_binary, b"bad\xff\xfename"),
}


def _shown(path: Path) -> tuple[str, str]:
    """How a message may print ``path``: its undecodable bytes as ``\\xff`` or as ``\\udcff``."""
    return (
        os.fsencode(path).decode("utf-8", "backslashreplace"),
        str(path).encode("utf-8", "backslashreplace").decode(),
    )


def _case(tmp: Path, command: str, fault: str) -> tuple[list[str], tuple[str, str], int]:
    args, suffix, status = COMMANDS[command]
    make, name = FAULTS[fault]
    folder = tmp / f"{list(COMMANDS).index(command)}-{list(FAULTS).index(fault)}"
    (folder / "out").mkdir(parents=True)
    raw = name if name.endswith(b".txt") else name + suffix.encode()
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + raw))
    make(path)
    shown = _shown(path)
    argv = [a.replace("{f}", str(path)).replace("{o}", str(folder / "out")) for a in args]
    return argv, shown, status


def _problems(
    cases: list[tuple[str, str, list[str], tuple[str, str], int]], results: list[tuple[object, str]]
) -> list[str]:
    problems = []
    for (command, fault, _argv, shown, status), (got, output) in zip(cases, results, strict=True):
        why = []
        if got != status:
            why.append(f"exit {got}, not {status}")
        if not any(name in output for name in shown):
            why.append("the file is not named")
        if "Traceback" in output or "内部错误" in output:
            why.append("a traceback or an internal error")
        if why:
            problems.append(f"{command} × {fault}: {', '.join(why)}: {output.strip()[-300:]}")
    return problems


#: Not faults for these commands: review takes folders; an empty mapping file means every default.
NOT_FAULTS = {("review", "directory"), ("from-db --mapping", "empty")}
MATRIX = [(c, f) for c in COMMANDS for f in FAULTS if (c, f) not in NOT_FAULTS]


def test_every_command_names_every_bad_file_without_a_traceback(tmp_path: Path) -> None:
    """Commands × faults: each ends in the documented status with the file named, no traceback."""
    cases = []
    for command, fault in MATRIX:
        argv, shown, status = _case(tmp_path, command, fault)
        cases.append((command, fault, argv, shown, status))
    results = run_in_one_process([c[2] for c in cases])
    problems = _problems(cases, results)
    assert not problems, "\n".join(problems)


def test_a_file_without_read_permission_is_named(tmp_path: Path) -> None:
    """A file mode 000, read without root's override (setpriv drops CAP_DAC_OVERRIDE): named, exit 2/1."""
    setpriv = program("setpriv (util-linux)", ("setpriv",), "apt-get install util-linux")
    cases = []
    for command in COMMANDS:
        args, suffix, status = COMMANDS[command]
        folder = tmp_path / str(list(COMMANDS).index(command))
        (folder / "out").mkdir(parents=True)
        path = folder / f"locked{suffix}"
        if suffix == ".yaml":
            shutil.copyfile(GOOD, path)
        else:
            path.write_bytes(bundled_template(2021))
        path.chmod(0)
        argv = [a.replace("{f}", str(path)).replace("{o}", str(folder / "out")) for a in args]
        cases.append((command, "no permission", argv, _shown(path), status))
    drop = "-dac_override,-dac_read_search"
    prefix = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]
    results = run_in_one_process([c[2] for c in cases], prefix)
    problems = _problems(cases, results)
    assert not problems, "\n".join(problems)


def test_a_command_without_arguments_is_a_usage_error_not_a_traceback() -> None:
    """Sanity of the driver: a usage error is exit 2 from argparse, with its usage line."""
    ((status, output),) = run_in_one_process([["check"]])
    assert status == 2
    assert "usage: govreport check" in output


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".yaml"])
def test_an_output_that_is_a_folder_is_named(tmp_path: Path, suffix: str) -> None:
    """An output path that is a folder: refused with its name (exists; use --force) or EISDIR."""
    out = tmp_path / f"out{suffix}"
    out.mkdir()
    argv = {
        ".docx": ["render", str(GOOD), "-o", str(out), "--force"],
        ".xlsx": ["excel", "--from", str(GOOD), "-o", str(out), "--force"],
        ".yaml": ["init", "--year", "2024", "--agency", "某局", "-o", str(out), "--force"],
    }[suffix]
    ((status, output),) = run_in_one_process([argv])
    assert status == 2, output
    assert output.strip().endswith(f"{out}: 这是文件夹，不是文件 (EISDIR: Is a directory)"), output


def _failing(error: BaseException) -> Callable[[object], int]:
    def run(args: object) -> int:
        raise error

    return run


@pytest.mark.parametrize(
    ("error", "status", "line"),
    [
        (
            ZeroDivisionError("division by zero"),
            3,
            "govreport check: 内部错误，请报告 (internal error; GOVREPORT_TRACEBACK=1 shows where): "
            "ZeroDivisionError: division by zero",
        ),
        (KeyboardInterrupt(), 130, "govreport check: 已中止 (interrupted)"),
        (
            OSError(28, "No space left on device"),
            2,
            "govreport check: （未知文件）: 磁盘空间已满 (ENOSPC: No space left on device)",
        ),
    ],
)
def test_what_escapes_a_command_is_one_line_and_a_documented_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    status: int,
    line: str,
) -> None:
    """A bug (exit 3), Ctrl-C (130) and an OSError with no file (2): one line each, no traceback."""
    from govreport.cli import _check, _main

    monkeypatch.delenv("GOVREPORT_TRACEBACK", raising=False)
    monkeypatch.setattr(_check, "_run", _failing(error))
    assert _main.main(["check", str(GOOD)]) == status
    assert capsys.readouterr().err == line + "\n"


def test_an_output_name_not_in_utf8_is_written_as_given_and_printed_escaped(tmp_path: Path) -> None:
    """render/excel/init to a name with bytes not in UTF-8: the file has exactly those bytes; exit 0."""
    raw = os.fsencode(tmp_path) + b"/\xff\xfe"
    cases = [
        ["render", str(GOOD), "-o", os.fsdecode(raw + b".docx")],
        ["excel", "--from", str(GOOD), "-o", os.fsdecode(raw + b".xlsx")],
        ["init", "--year", "2024", "--agency", "某局", "-o", os.fsdecode(raw + b".yaml")],
    ]
    results = run_in_one_process(cases)
    assert [status for status, _ in results] == [0, 0, 0], results
    assert all("Traceback" not in output for _, output in results)
    names = sorted(os.listdir(os.fsencode(tmp_path)))
    assert names == [b"\xff\xfe.docx", b"\xff\xfe.xlsx", b"\xff\xfe.yaml"]
