"""Atomic writes: all or nothing, with the mode a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from govreport import _fs
from govreport._fs import atomic_path, atomic_write_bytes, commit_all, stage


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


# --------------------------------------------------------------------------- staged files, committed together


def _record(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every fsync (of a file or a directory) and every replace, in order."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("replace", str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(_fs.os, "fsync", fsync)
    monkeypatch.setattr(_fs.os, "replace", replace)
    return events


def test_commit_all_syncs_every_file_before_any_rename_then_the_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each staged file is synced before it is renamed, and each directory once, after its renames."""
    targets = [tmp_path / "a" / "1.docx", tmp_path / "a" / "2.docx", tmp_path / "b" / "3.docx"]
    staged = [stage(t, lambda f, t=t: f.write(t.name.encode())) for t in targets]
    events = _record(monkeypatch)
    assert commit_all(staged, workers=3) == targets
    assert [t.read_bytes() for t in targets] == [b"1.docx", b"2.docx", b"3.docx"]
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync"] * 3 + ["replace"] * 3 + ["fsync"] * 2
    assert sorted(Path(p).name for _, p in events[:3]) == sorted(s.temp.name for s in staged)
    assert [p for _, p in events[3:6]] == [str(t) for t in targets]
    assert [p for _, p in events[6:]] == [str(tmp_path / "a"), str(tmp_path / "b")]


def test_one_file_is_synced_once_before_its_rename_and_before_it_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """atomic_write_bytes and Template.render sync the file once, while writing it, then rename it."""
    import govreport
    from govreport.model import Report

    events = _record(monkeypatch)
    target = atomic_write_bytes(tmp_path / "x.bin", b"PK")
    assert [k for k, _ in events] == ["fsync", "replace"]
    assert Path(events[0][1]).name.startswith(".x.bin.")
    assert events[1][1] == str(target)
    events.clear()
    out = govreport.Template(edition=2021).render(Report.new("某局", 2024), tmp_path / "r.docx")
    assert [k for k, _ in events] == ["fsync", "replace"]
    assert Path(events[0][1]).name.endswith(".part")
    assert events[1][1] == str(out)


def test_a_staged_file_already_has_its_target_mode(tmp_path: Path) -> None:
    """Staged beside an existing file, the temporary file has that file's mode; beside none, 0666 less the umask."""
    existing = tmp_path / "old.docx"
    existing.write_bytes(b"a")
    existing.chmod(0o604)
    old = os.umask(0o027)
    try:
        staged = [
            stage(tmp_path / name, lambda f: f.write(b"b")) for name in ("old.docx", "new.docx")
        ]
    finally:
        os.umask(old)
    assert [stat.S_IMODE(s.temp.stat().st_mode) for s in staged] == [0o604, 0o640]
    commit_all(staged)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o604
    assert stat.S_IMODE((tmp_path / "new.docx").stat().st_mode) == 0o666 & ~0o027


def test_a_failed_sync_moves_nothing_and_removes_every_staged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If one fsync fails, no target is touched and no temporary file is left."""
    (tmp_path / "1.docx").write_bytes(b"old")
    staged = [stage(tmp_path / f"{n}.docx", lambda f: f.write(b"new")) for n in range(4)]

    def fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(_fs.os, "fsync", fsync)
    with pytest.raises(OSError, match="Input/output"):
        commit_all(staged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.docx"]
    assert (tmp_path / "1.docx").read_bytes() == b"old"


def test_a_failed_write_while_staging_leaves_nothing(tmp_path: Path) -> None:
    """stage removes its temporary file when the writer raises."""

    def write(f: object) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        stage(tmp_path / "r.docx", write)
    assert list(tmp_path.iterdir()) == []


def test_a_staged_file_is_invisible_until_committed_and_can_be_discarded(tmp_path: Path) -> None:
    """The target keeps its old bytes while staged; discard removes the temporary file and keeps them."""
    target = tmp_path / "r.yaml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    staged = stage(target, lambda f: f.write(b"new"))
    assert target.read_bytes() == b"old"
    assert staged.temp.parent == tmp_path
    staged.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]
    again = stage(target, lambda f: f.write(b"new"))
    assert again.commit() == target
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    again.discard()  # after commit: nothing to remove, the target stays
    assert target.read_bytes() == b"new"


def test_a_forgotten_staged_file_is_removed_when_collected(tmp_path: Path) -> None:
    """A StagedFile dropped without commit or discard does not leak its .part file."""
    import gc

    staged = stage(tmp_path / "r.docx", lambda f: f.write(b"x"))
    temp = staged.temp
    assert temp.exists()
    del staged
    gc.collect()
    assert not temp.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="Linux reports the umask in /proc"
)
def test_the_umask_is_read_without_setting_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux the umask comes from /proc: no moment with another umask for other threads."""
    old = os.umask(0o027)
    try:

        def refuse(mask: int) -> int:
            raise AssertionError("os.umask called")

        monkeypatch.setattr(_fs.os, "umask", refuse)
        assert _fs.current_umask() == 0o027
    finally:
        monkeypatch.undo()
        os.umask(old)


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_temporary_files_carry_the_host_and_pid_of_their_writer(tmp_path: Path) -> None:
    """A .part is named .<target>.<host>-<pid>~<random>.part, so a later run can tell whose it is."""
    staged = stage(tmp_path / "r.docx", lambda f: f.write(b"PK"))
    assert staged.temp.name.startswith(f".r.docx.{_fs._host_tag()}-{os.getpid()}~")
    assert staged.temp.name.endswith(".part")
    assert _fs._PART.search(staged.temp.name)
    staged.discard()


def test_the_first_write_into_a_folder_removes_the_part_files_of_dead_writers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dead writer's .part: removed; a live one's, another host's, and files not ours: kept."""
    host = _fs._host_tag()
    other_host = "000000" if host != "000000" else "ffffff"
    names = {
        "dead": f".r.docx.{host}-{_dead_pid()}~abcdefgh.part",
        "live": f".r.docx.{host}-{os.getppid()}~abcdefgh.part",
        "other host": f".r.docx.{other_host}-{_dead_pid()}~abcdefgh.part",
        "old style": ".r.docx.abcdefgh.part",
        "user's": "notes.part",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"PK")
    monkeypatch.setattr(_fs, "_SWEPT", set())
    atomic_write_bytes(tmp_path / "new.docx", b"PK")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"new.docx"} | {v for k, v in names.items() if k != "dead"}


def test_a_folder_is_swept_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing many files into one folder scans it once (a batch of thousands stays cheap)."""
    monkeypatch.setattr(_fs, "_SWEPT", set())
    calls = []
    monkeypatch.setattr(_fs, "sweep_stale", lambda d, prefix=".": calls.append(Path(d)) or [])
    for n in range(5):
        atomic_write_bytes(tmp_path / f"{n}.txt", b"x")
    assert calls == [tmp_path]


def test_private_folders_of_dead_processes_are_removed_when_the_next_is_made(
    tmp_path: Path,
) -> None:
    """govreport-pdf-<host>-<pid>~<random> of a dead process goes; a live one's stays."""
    host = _fs._host_tag()
    dead = tmp_path / f"govreport-pdf-{host}-{_dead_pid()}~abcdefgh"
    live = tmp_path / f"govreport-pdf-{host}-{os.getppid()}~abcdefgh"
    for d in (dead, live):
        (d / ".profile").mkdir(parents=True)
    with _fs.private_directory("govreport-pdf-", tmp_path) as mine:
        assert mine.is_dir()
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, mine.name])
    assert [p.name for p in tmp_path.iterdir()] == [live.name]


def test_abort_removes_this_process_temporaries_but_not_those_a_parent_registered(
    tmp_path: Path,
) -> None:
    """abort() removes staged files and private folders; a forked child never runs its parent's clean-ups."""
    staged = stage(tmp_path / "r.docx", lambda f: f.write(b"PK"))
    with _fs.private_directory("govreport-x-", tmp_path) as folder:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _fs.abort()
            os._exit(0)
        os.waitpid(pid, 0)
        assert staged.temp.exists()
        assert folder.exists()
        _fs.abort()
        assert not staged.temp.exists()
        assert not folder.exists()
    staged.discard()  # already gone: no error
    assert list(tmp_path.iterdir()) == []


def test_a_write_error_without_a_file_name_names_the_target(tmp_path: Path) -> None:
    """ENOSPC from write() carries no name: it is re-raised about the target, the .part removed."""
    import errno

    def full(f: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "r.docx"
    with pytest.raises(OSError, match="No space left") as info:
        stage(target, full)
    assert info.value.errno == errno.ENOSPC
    assert info.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def _copy_into(source: Path, target: Path) -> None:
    import shutil

    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)


def test_an_error_about_another_file_keeps_its_name(tmp_path: Path) -> None:
    """A missing input read inside the block is not reported as the output."""
    with pytest.raises(FileNotFoundError) as info:
        _copy_into(tmp_path / "missing.pdf", tmp_path / "r.pdf")
    assert info.value.filename == str(tmp_path / "missing.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_long_target_name_still_fits_its_temporary_name(tmp_path: Path) -> None:
    """A target of 250 bytes (83 CJK characters) gets a temporary name under the 255-byte limit."""
    target = tmp_path / ("报" * 81 + ".docx")
    assert len(target.name.encode()) == 248
    assert atomic_write_bytes(target, b"PK").read_bytes() == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_file_errors_name_the_file_in_chinese_and_survive_pickling() -> None:
    """FileError: the errno's Chinese reason and name; it is an OSError, and crosses processes whole."""
    import errno
    import pickle

    from govreport.errors import FileError

    e = FileError.from_os_error(OSError(errno.EROFS, "Read-only file system"), filename="o.xlsx")
    assert str(e) == "o.xlsx: 文件系统只读 (EROFS: Read-only file system)"
    assert isinstance(e, OSError)
    again = pickle.loads(pickle.dumps(e))
    assert (type(again), str(again), again.errno) == (FileError, str(e), errno.EROFS)
    assert str(FileError(b"bad\xff.yaml", errno.ENOENT, action="读取")) == (
        "bad\\xff.yaml: 无法读取：文件或文件夹不存在 (ENOENT: No such file or directory)"
    )


def test_a_writer_that_exited_but_is_not_reaped_counts_as_gone(tmp_path: Path) -> None:
    """A zombie writes nothing any more: its .part is swept although its pid still exists."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os._exit(0)
    try:
        while _fs._alive(pid) and not _fs._zombie(pid):
            os.sched_yield()
        assert _fs._zombie(pid)
        name = f".r.docx.{_fs._host_tag()}-{pid}~abcdefgh.part"
        (tmp_path / name).write_bytes(b"PK")
        assert [p.name for p in _fs.sweep_stale(tmp_path)] == [name]
    finally:
        os.waitpid(pid, 0)
