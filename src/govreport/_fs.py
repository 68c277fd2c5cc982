"""Writing files so that a reader never sees half of one.

Every file is written to a temporary file beside its target, flushed to
disk (``fsync``) and then moved into place with :func:`os.replace`, which
is atomic on one file system: a reader sees the old file, no file, or the
complete new one, never a part.

One file at a time, :func:`atomic_path`, :func:`atomic_write_bytes` and
:func:`atomic_write_with` do all three steps. Many files at once (a batch of
reports) can defer the slow step: :func:`stage` writes a file beside its
target without syncing it and returns a :class:`StagedFile`;
:func:`commit_all` then syncs a whole set of staged files together (the
``fsync`` calls run concurrently, so the file system commits them in a few
journal transactions instead of one per file), moves each into place and
syncs their directories, so that the new names survive a crash too.

Nothing is left behind by a process that is stopped. Each temporary file
(and each private folder made by :func:`private_directory`) carries the
host and process id of its writer in its name; the first write into a
folder removes the temporaries there of writers on this host that are no
longer running (a ``kill -9`` leaves one at worst until the next write).
:func:`abort` removes this process's own temporaries at once (and runs
the clean-ups registered with :func:`on_abort`, such as killing a
LibreOffice); the command line calls it on SIGTERM, and a batch worker
when its parent dies. An error while writing names the target, not the
temporary file.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_bytes(d / "a.txt", b"done")
PosixPath('...a.txt')
>>> (d / "a.txt").read_bytes()
b'done'
>>> staged = [stage(d / f"{n}.txt", lambda f, n=n: f.write(b"%d" % n)) for n in range(3)]
>>> [p.name for p in commit_all(staged)]
['0.txt', '1.txt', '2.txt']
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import random
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

__all__ = [
    "StagedFile",
    "abort",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_with",
    "commit_all",
    "current_umask",
    "forget_abort",
    "on_abort",
    "private_directory",
    "stage",
    "sweep_stale",
]

#: How many ``fsync`` calls :func:`commit_all` keeps in flight at once.
SYNC_WORKERS = 16


class StagedFile:
    """A complete file written beside its target but not yet synced nor moved into place.

    Made by :func:`stage` (or :meth:`govreport.Template.stage`). Until
    :meth:`commit` (or :func:`commit_all`) the target is untouched; a staged
    file that is never committed should be :meth:`discard`-ed (it is also
    removed when the object is garbage-collected, and by :func:`abort`). It
    is named ``.<target>.<host>-<pid>~<random>.part``: a crash leaves at
    worst a hidden ``.part`` file, never a half-written target, and the next
    write into the folder removes it (:func:`sweep_stale`).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "r.docx"
    >>> s = stage(target, lambda f: f.write(b"PK"))
    >>> target.exists(), s.temp.exists()
    (False, True)
    >>> s.commit().read_bytes()
    b'PK'
    """

    __slots__ = ("_done", "_moded", "_synced", "_token", "target", "temp")

    def __init__(self, target: Path, temp: Path, *, moded: bool = False) -> None:
        self.target = target
        self.temp = temp
        self._done = False
        #: whether the file already has its final mode (see _open_beside); else replace() gives it
        self._moded = moded
        #: whether the file's data is already on disk (stage(..., sync=True))
        self._synced = False
        self._token = on_abort(lambda: _unlink(temp))

    def __repr__(self) -> str:
        state = "done" if self._done else "staged"
        return f"StagedFile({str(self.target)!r}, {state})"

    def sync(self) -> None:
        """Flush the temporary file's data to disk (``fsync``); no-op if it was synced when written."""
        if self._synced:
            return
        with _naming(self.target, self.temp), open(self.temp, "rb+") as f:
            os.fsync(f.fileno())
        self._synced = True

    def replace(self) -> Path:
        """Give the file its final mode and move it into place, without syncing; return the target.

        Call :meth:`sync` first (as :meth:`commit` and :func:`commit_all` do):
        a file renamed before its data is on disk may be empty after a crash.
        """
        with _naming(self.target, self.temp):
            if not self._moded:  # made private (0600): give it the mode a plain open() would
                os.chmod(self.temp, _existing_mode(self.target))
            os.replace(self.temp, self.target)
        self._done = True
        forget_abort(self._token)
        return self.target

    def commit(self) -> Path:
        """Sync the file and move it into place; return the target.

        >>> import tempfile, pathlib
        >>> stage(pathlib.Path(tempfile.mkdtemp()) / "x.bin", lambda f: f.write(b"1")).commit().name
        'x.bin'
        """
        try:
            self.sync()
            return self.replace()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporary file, leaving the target as it was (no-op once committed).

        >>> import tempfile, pathlib
        >>> s = stage(pathlib.Path(tempfile.mkdtemp()) / "x.bin", lambda f: f.write(b"1"))
        >>> s.discard()
        >>> s.temp.exists(), s.target.exists()
        (False, False)
        """
        if not self._done:
            self._done = True
            forget_abort(self._token)
            with contextlib.suppress(FileNotFoundError):
                self.temp.unlink()

    def __del__(self) -> None:
        # a staged file nobody committed is garbage: remove it rather than leak a .part file
        if not getattr(self, "_done", True):
            forget_abort(self._token)
            with contextlib.suppress(OSError):
                self.temp.unlink()


# --------------------------------------------------------------------------- naming the writer


@contextlib.contextmanager
def _naming(target: Path, *own: Path) -> Iterator[None]:
    """Re-raise an :class:`OSError` of the block about no file or one of ``own`` as one about ``target``.

    A write that fills the disk reports no file name, and a failed rename
    names the temporary file: the user needs the file they asked for. An
    error about another file (an input, a folder) keeps its own name.
    """
    try:
        yield
    except OSError as e:
        if e.errno is None or (e.filename is not None and Path(e.filename) not in own):
            raise
        raise OSError(e.errno, e.strerror or os.strerror(e.errno), str(target)) from e
    except Exception as e:
        code = _serialiser_errno(e)
        if code is None:
            raise
        raise OSError(code, os.strerror(code), str(target)) from e


#: lxml reports a failed write of its serialiser as ``SerialisationError('IO_ENOSPC')``.
_IO_ERROR = re.compile(r"IO_(E[A-Z0-9]+)\Z")


def _serialiser_errno(error: Exception) -> int | None:
    """The errno of an I/O error that a writer library reported as its own exception, or ``None``.

    >>> class SerialisationError(Exception): ...
    >>> _serialiser_errno(SerialisationError("IO_EFBIG")) == errno.EFBIG
    True
    >>> _serialiser_errno(ValueError("IO_EFBIG")) is None
    True
    """
    if type(error).__name__ != "SerialisationError":
        return None
    m = _IO_ERROR.match(str(error))
    code = getattr(errno, m[1], None) if m else None
    return code if isinstance(code, int) else None


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


_HOST: list[str] = []


def _host_tag() -> str:
    """Six hex digits naming this host, so that a folder shared by machines is swept per machine."""
    if not _HOST:
        _HOST.append(hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6])
    return _HOST[0]


def _owner() -> str:
    return f"{_host_tag()}-{os.getpid()}~"


#: A temporary file's name: ``.<target>.<host>-<pid>~<random>.part``.
_PART = re.compile(r"\.(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]+)~[a-z0-9_]{8}\.part\Z")
#: The most bytes of the target's name kept in its temporary file's name (a name has 255 at most).
_NAME_BYTES = 200


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this host)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        pass
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has exited and only waits to be reaped (Linux): it writes nothing any more."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rpartition(b") ")[2][:1]
    except OSError:
        return False
    return state in (b"Z", b"X")


def _stale(name: str, pattern: re.Pattern[str]) -> bool:
    m = pattern.search(name)
    return bool(m) and m["host"] == _host_tag() and not _alive(int(m["pid"]))  # type: ignore[index]


_SWEPT: set[tuple[int, str]] = set()


def sweep_stale(directory: str | os.PathLike[str], prefix: str = ".") -> list[Path]:
    """Remove the temporaries in ``directory`` left by writers on this host that are no longer running.

    Temporary files (``.<name>.<host>-<pid>~<random>.part``, made by
    :func:`stage` and :func:`atomic_path`) and private folders (made by
    :func:`private_directory`) whose names start with ``prefix`` are looked
    at; those of a process that is still running are kept, whoever it is.
    Returns what was removed. Every write calls this once per folder and
    process, so a ``kill -9`` leaves debris only until the next write there.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> dead = f".r.docx.{_host_tag()}-999999999~abcdefgh.part"  # no such process
    >>> live = f".r.docx.{_host_tag()}-{os.getpid()}~abcdefgh.part"
    >>> _ = (d / dead).write_bytes(b"PK"), (d / live).write_bytes(b"PK")
    >>> [p.name == dead for p in sweep_stale(d)]
    [True]
    >>> sorted(p.name == live for p in d.iterdir())
    [True]
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        if name.endswith(".part") and _stale(name, _PART):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        elif _DIR.search(name) and _stale(name, _DIR):
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _sweep_once(directory: Path) -> None:
    key = (os.getpid(), str(directory))
    if key not in _SWEPT:
        _SWEPT.add(key)
        sweep_stale(directory)


#: The characters of a temporary name's random part (those :mod:`tempfile` uses).
_RANDOM_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_RANDOM = random.SystemRandom()
_CREATE = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _create(prefix: str, mode: int, target: Path) -> tuple[int, Path]:
    """Create and open a new file named ``prefix`` and eight random characters, ``.part``."""
    try:
        for _ in range(tempfile.TMP_MAX):
            temp = f"{prefix}{''.join(_RANDOM.choices(_RANDOM_CHARS, k=8))}.part"
            try:
                return os.open(temp, _CREATE, mode), Path(temp)
            except FileExistsError:
                continue
        raise FileExistsError(
            errno.EEXIST, "No usable temporary file name found"
        )  # pragma: no cover
    except OSError as e:  # a read-only or full folder: the error names the file asked for
        if e.errno is None:
            raise
        raise OSError(e.errno, e.strerror or os.strerror(e.errno), str(target)) from e


def _open_beside(target: Path, *, final_mode: bool) -> tuple[int, Path]:
    """Create a new temporary file beside ``target``; its open descriptor and its path.

    With ``final_mode`` the file is created with the mode the target will
    have -- the target's own if it exists, else what a plain ``open()`` gives
    (0666 less the umask, which the system applies) -- so that nothing needs
    changing when it is moved into place; otherwise it is private (0600), as
    :func:`tempfile.mkstemp` makes it.
    """
    directory = target.parent if str(target.parent) else Path(".")
    _sweep_once(directory)
    name = target.name.encode(errors="surrogateescape")[:_NAME_BYTES]
    prefix = os.path.join(os.path.abspath(directory), f".{name.decode(errors='ignore')}.{_owner()}")
    existing: int | None = None
    if final_mode:
        try:
            existing = os.stat(target).st_mode & 0o7777
        except OSError:
            existing = None
    mode = 0o600 if not final_mode or existing is not None else 0o666
    try:
        fd, temp = _create(prefix, mode, target)
    except (FileNotFoundError, NotADirectoryError):
        if directory.is_dir():
            raise
        # the folder does not exist (yet, or any more): make it (an error names the folder)
        directory.mkdir(parents=True, exist_ok=True)
        _sweep_once(directory)
        fd, temp = _create(prefix, mode, target)
    if existing is not None:
        try:
            os.chmod(fd if os.chmod in os.supports_fd else temp, existing)
        except BaseException:
            os.close(fd)
            _unlink(Path(temp))
            raise
    return fd, Path(temp)


def _temp_beside(target: Path) -> Path:
    """A new, closed, private (0600) temporary file beside ``target``."""
    fd, temp = _open_beside(target, final_mode=False)
    os.close(fd)
    return temp


# --------------------------------------------------------------------------- private folders

#: A private folder's name: ``<prefix><host>-<pid>~<random>``.
_DIR = re.compile(r"(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]+)~[a-z0-9_]{8}\Z")


@contextlib.contextmanager
def private_directory(prefix: str, dir: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A new private folder in ``dir`` (default: the system's temporary folder), removed when the block ends.

    Its name carries this host and process, so that the folders of a process
    killed before it could remove them are removed the next time a folder with
    the same ``prefix`` is made there (:func:`sweep_stale`); :func:`abort`
    removes it at once.

    >>> with private_directory("govreport-doc-") as d:
    ...     _ = (d / "x").write_bytes(b"1")
    ...     d.name.startswith("govreport-doc-"), d.is_dir()
    (True, True)
    >>> d.exists()
    False
    """
    parent = Path(dir) if dir is not None else Path(tempfile.gettempdir())
    sweep_stale(parent, prefix)
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{_owner()}", dir=parent))
    token = on_abort(lambda: _remove_tree(path))
    try:
        yield path
    finally:
        forget_abort(token)
        shutil.rmtree(path, ignore_errors=True)


#: How long :func:`abort` keeps removing a private folder that others (a batch's workers, on
#: their way out) are still writing into, in seconds.
_REMOVE_FOR = 2.0


def _remove_tree(path: Path) -> None:
    """Remove ``path`` and all in it, again and again while processes ending with us still add to it.

    A single ``rmtree`` racing with a worker that is removing (or, for a moment,
    still creating) its own folders inside can leave the folder behind.
    """
    deadline = time.monotonic() + _REMOVE_FOR
    while True:
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.lexists(path) or time.monotonic() > deadline:
            return
        time.sleep(0.02)


# --------------------------------------------------------------------------- abort

_ABORT: dict[int, tuple[int, Callable[[], object]]] = {}
_TOKENS = itertools.count(1)


def on_abort(cleanup: Callable[[], object]) -> int:
    """Register ``cleanup`` to run if this process is stopped (:func:`abort`); return its token.

    A forked child inherits the registry but never runs its parent's
    clean-ups. Forget it with :func:`forget_abort` when the work is done.

    >>> ran = []
    >>> token = on_abort(lambda: ran.append("gone"))
    >>> abort(); ran
    ['gone']
    >>> forget_abort(token)
    """
    token = next(_TOKENS)
    _ABORT[token] = (os.getpid(), cleanup)
    return token


def forget_abort(token: int) -> None:
    """Forget a clean-up registered with :func:`on_abort` (no-op if it is already forgotten).

    >>> forget_abort(on_abort(print)); abort()
    """
    _ABORT.pop(token, None)


def abort() -> None:
    """Run this process's registered clean-ups now, newest first: remove its temporaries, kill its children.

    Safe to call from a signal handler or another thread; a clean-up that
    fails is skipped. The temporaries stay registered (their owners still
    remove them, or find them gone).

    >>> abort()
    """
    pid = os.getpid()
    for _token, (owner, cleanup) in sorted(_ABORT.items(), reverse=True):
        if owner == pid:
            with contextlib.suppress(Exception):
                cleanup()


def stage(
    target: str | os.PathLike[str], write: Callable[[IO[bytes]], object], *, sync: bool = False
) -> StagedFile:
    """Call ``write(file)`` on a new temporary file beside ``target``; return it staged.

    The target's directory is created if it does not exist. If ``write``
    raises, the temporary file is removed and the exception propagates.
    The file already has the mode the target will have. With ``sync`` its
    data is flushed to disk (``fsync``) before it is closed, as when it is
    committed at once; otherwise it is not synced. Commit the result with
    :meth:`StagedFile.commit`, or many at once with :func:`commit_all`.

    >>> import tempfile, pathlib
    >>> s = stage(pathlib.Path(tempfile.mkdtemp()) / "new" / "r.txt", lambda f: f.write(b"ok"))
    >>> s.temp.read_bytes(), s.temp.parent.name
    (b'ok', 'new')
    >>> s.discard()
    """
    target = Path(target)
    fd, temp = _open_beside(target, final_mode=True)
    staged = StagedFile(target, temp, moded=True)
    try:
        with _naming(target, temp), open(fd, "wb") as f:
            write(f)
            if sync:
                f.flush()
                os.fsync(fd)
                staged._synced = True
    except BaseException:
        staged.discard()
        raise
    return staged


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - a platform that cannot open directories (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


def commit_all(staged: Iterable[StagedFile], *, workers: int = SYNC_WORKERS) -> list[Path]:
    """Sync every staged file, then move each into place, then sync their directories.

    Returns the targets in the order given. The ``fsync`` calls run on up to
    ``workers`` threads at once, which lets the file system write them out
    together; each file is still renamed only after its own data is on disk, so
    every target is, at every moment and after a crash, either its old
    content, absent, or the complete new file. The directories are synced
    last, so that the renames themselves are durable when this returns.

    If syncing any file fails, nothing is moved: every staged file is
    discarded and the first error is raised. If a rename fails, the files
    already moved stay (each is complete), the rest are discarded, and the
    error is raised.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> files = [stage(d / "a" / f"{n}.txt", lambda f: f.write(b"x")) for n in range(4)]
    >>> [p.name for p in commit_all(files, workers=2)]
    ['0.txt', '1.txt', '2.txt', '3.txt']
    >>> sorted(p.name for p in (d / "a").iterdir())
    ['0.txt', '1.txt', '2.txt', '3.txt']
    """
    files = list(staged)
    try:
        if len(files) > 1 and workers > 1:
            with ThreadPoolExecutor(max_workers=min(workers, len(files))) as pool:
                for _ in pool.map(StagedFile.sync, files):
                    pass
        else:
            for f in files:
                f.sync()
        targets = [f.replace() for f in files]
    except BaseException:
        for f in files:
            f.discard()
        raise
    for directory in dict.fromkeys(t.parent for t in targets):
        _sync_directory(directory)
    return targets


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success sync it and move it into place.

    The target's directory is created if it does not exist. The temporary
    file lives in the target's directory (so the final
    :func:`os.replace` is atomic on the same file system) and is removed if the
    block raises or the process is interrupted. A reader of ``target`` sees
    either the old file, or no file, or the complete new one.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.docx"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_bytes(b"PK")
    >>> out.read_bytes()
    b'PK'
    """
    target = Path(target)
    staged = StagedFile(target, _temp_beside(target))
    try:
        with _naming(target, staged.temp):
            yield staged.temp
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def _existing_mode(target: Path) -> int:
    """The target's own mode if it exists, else 0666 less the process umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~current_umask()


_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux).

    :func:`os.umask` can only be read by setting it; between the two calls
    another thread would create its files and folders with umask 0. Linux
    reports it in ``/proc/self/status``; elsewhere the two calls are made
    under a lock (which protects only govreport's own threads).

    >>> import os
    >>> old = os.umask(0o027)
    >>> current_umask() == 0o027
    True
    >>> _ = os.umask(old)
    """
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # pragma: no cover - not Linux
        umask = os.umask(0o077)
        os.umask(umask)
        return umask


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path.

    >>> import tempfile, pathlib
    >>> p = atomic_write_bytes(pathlib.Path(tempfile.mkdtemp()) / "x.yaml", "年度: 2024\\n".encode())
    >>> p.read_text(encoding="utf-8")
    '年度: 2024\\n'
    """
    return stage(target, lambda f: f.write(data), sync=True).commit()


def atomic_write_with(target: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write(file)`` on a temporary file beside ``target``, then move it into place.

    >>> import tempfile, pathlib
    >>> p = atomic_write_with(pathlib.Path(tempfile.mkdtemp()) / "y.bin", lambda f: f.write(b"ok"))
    >>> p.read_bytes()
    b'ok'
    """
    return stage(target, write, sync=True).commit()
