"""Full, size-limited and read-only file systems, and two writers to one path.

Every failed write names the file the user asked for and says what happened
in Chinese, with the errno name; it leaves neither the target nor a
temporary file. Two writers racing to one path leave one complete file from
one of them, never a mix.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

from support import EXAMPLES
from support.faults import (
    govreport_argv,
    mounted,
    paused_command,
    run_in_one_process,
    wait_until,
)

REPORT = EXAMPLES / "demo-city-data-bureau-2024.yaml"
OTHER = EXAMPLES / "songbei-veterans-affairs-2020.yaml"

#: Each command that writes a file (its output in ``{out}``).
WRITERS = {
    "render": ["render", str(REPORT), "-o", "{out}/报告.docx"],
    "excel": ["excel", "--from", str(REPORT), "-o", "{out}/报告.xlsx"],
    "init": ["init", "--year", "2024", "--agency", "某某局", "-o", "{out}/报告.yaml"],
    "template": ["template", "export", "--edition", "2021", "-o", "{out}/模板.docx"],
}


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        govreport_argv(*args), capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload,no-any-return]


def _target(args: list[str]) -> str:
    return [a for a in args if a.startswith("/")][-1]


def _cases(folder: Path, names: list[str]) -> list[list[str]]:
    return [[a.format(out=folder) for a in WRITERS[name]] for name in names]


def _expect(names: list[str], cases: list[list[str]], reason: str) -> list[tuple[int, str]]:
    return [
        (2, f"govreport {n}: {_target(c)}: {reason}\n") for n, c in zip(names, cases, strict=True)
    ]


def test_a_full_disk_names_the_file_and_leaves_nothing(tmp_path: Path) -> None:
    """ENOSPC on a 16 KiB tmpfs, for every writer: exit 2, the target named, 磁盘空间已满, no .part left."""
    names = sorted(WRITERS)
    with mounted(tmp_path / "full", "size=16k") as full:
        (full / "filler").write_bytes(b"\0" * 12 * 1024)  # what is left is smaller than any output
        cases = _cases(full, names)
        results = run_in_one_process(cases)
        assert results == _expect(names, cases, "磁盘空间已满 (ENOSPC: No space left on device)")
        assert sorted(p.name for p in full.iterdir()) == ["filler"]


def test_a_read_only_file_system_names_the_file(tmp_path: Path) -> None:
    """EROFS on a read-only mount (root ignores chmod, not a read-only mount): exit 2, the target named."""
    names = sorted(WRITERS)
    with mounted(tmp_path / "ro", "ro,size=64k") as ro:
        cases = _cases(ro, names)
        results = run_in_one_process(cases)
        assert results == _expect(names, cases, "文件系统只读 (EROFS: Read-only file system)")


def _limit_file_size() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_file_over_the_size_limit_names_the_file_and_leaves_nothing(tmp_path: Path) -> None:
    """EFBIG under RLIMIT_FSIZE (4 KiB), for every writer of more than that: exit 2, named, no .part."""
    names = ["excel", "render", "template"]
    cases = _cases(tmp_path, names)
    results = run_in_one_process(cases, preexec_fn=_limit_file_size)
    assert results == _expect(names, cases, "文件超过允许的大小 (EFBIG: File too large)")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    """An output whose folder is a file: ENOTDIR names the folder it could not make."""
    (tmp_path / "file").write_bytes(b"")
    done = _run(["render", str(REPORT), "-o", str(tmp_path / "file" / "r.docx")])
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"govreport render: {tmp_path / 'file'}: 文件已存在 (EEXIST: File exists)\n"
    )


def test_two_writers_to_one_path_leave_one_complete_file(tmp_path: Path) -> None:
    """Two renders of different reports to one path, both paused before their rename: one file, whole."""
    expected = {}
    for source in (REPORT, OTHER):
        alone = tmp_path / f"{source.stem}.docx"
        assert _run(["render", str(source), "-o", str(alone)]).returncode == 0
        expected[source] = alone.read_bytes()
    assert expected[REPORT] != expected[OTHER]
    target = tmp_path / "race" / "报告.docx"
    first = ["render", str(REPORT), "-o", str(target), "--force"]
    second = ["render", str(OTHER), "-o", str(target), "--force"]
    with paused_command(first, ".docx") as a, paused_command(second, ".docx") as b:
        # both documents are complete beside the target; neither has been renamed
        assert a.temp != b.temp
        assert not target.exists()
        assert a.resume() == 0
        assert target.read_bytes() == expected[REPORT]
        assert b.resume() == 0
    assert target.read_bytes() == expected[OTHER]
    assert sorted(p.name for p in target.parent.iterdir()) == ["报告.docx"]


def test_writers_racing_freely_leave_one_complete_file(tmp_path: Path) -> None:
    """Four unsynchronised writers of two reports: the survivor is byte-equal to one of them."""
    expected = set()
    for source in (REPORT, OTHER):
        alone = tmp_path / f"{source.stem}.docx"
        assert _run(["render", str(source), "-o", str(alone)]).returncode == 0
        expected.add(alone.read_bytes())
    target = tmp_path / "race" / "报告.docx"
    children = [
        subprocess.Popen(
            govreport_argv("render", str(s), "-o", str(target), "--force"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for s in (REPORT, OTHER, REPORT, OTHER)
    ]
    for child in children:
        assert child.wait(timeout=120) == 0
    wait_until(target.exists, 1, "no file")
    assert target.read_bytes() in expected
    assert os.listdir(target.parent) == ["报告.docx"]


def _limit_file_size_8k() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def test_a_batch_whose_documents_cannot_be_written_names_each_and_goes_on(tmp_path: Path) -> None:
    """Documents over RLIMIT_FSIZE (8 KiB): each is failed with its file named; the summary is written."""
    import json

    out = tmp_path / "out"
    argv = ["batch", str(REPORT), str(OTHER), "-o", str(out), "--workers", "1", "--no-progress"]
    ((status, output),) = run_in_one_process([argv], preexec_fn=_limit_file_size_8k)
    assert status == 1, output
    summary = json.loads((out / "govreport-batch-summary.json").read_text(encoding="utf-8"))
    messages = {o["key"]: (o["status"], o["message"]) for o in summary["outcomes"]}
    assert messages == {
        str(source): (
            "failed",
            f"{out.resolve() / (source.stem + '.docx')}: 文件超过允许的大小 (EFBIG: File too large)",
        )
        for source in (REPORT, OTHER)
    }
    assert sorted(p.name for p in out.iterdir()) == [
        ".govreport-batch.json",
        "govreport-batch-summary.json",
    ]
