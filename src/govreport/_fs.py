"""Writing files so that a reader never sees half of one.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_bytes(d / "a.txt", b"done")
PosixPath('...a.txt')
>>> (d / "a.txt").read_bytes()
b'done'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_path", "atomic_write_bytes"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it into place.

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
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600): give it the mode a plain open() would
        os.chmod(tmp, _existing_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _existing_mode(target: Path) -> int:
    """The target's own mode if it exists, else 0666 less the process umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path.

    >>> import tempfile, pathlib
    >>> p = atomic_write_bytes(pathlib.Path(tempfile.mkdtemp()) / "x.yaml", "年度: 2024\\n".encode())
    >>> p.read_text(encoding="utf-8")
    '年度: 2024\\n'
    """
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_with(target: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write(file)`` on a temporary file beside ``target``, then move it into place.

    >>> import tempfile, pathlib
    >>> p = atomic_write_with(pathlib.Path(tempfile.mkdtemp()) / "y.bin", lambda f: f.write(b"ok"))
    >>> p.read_bytes()
    b'ok'
    """
    with atomic_path(target) as tmp, open(tmp, "wb") as f:
        write(f)
    return Path(target)
