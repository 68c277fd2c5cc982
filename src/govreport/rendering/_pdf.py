"""Converting rendered .docx files to PDF with LibreOffice, when it is installed.

One file (:func:`convert_to_pdf`) or many in one LibreOffice call
(:func:`convert_many`, what :func:`govreport.batch.batch` uses: starting
LibreOffice costs seconds, converting one more document a fraction of one).
Each call has its own temporary profile and its own process group; the group
is killed and the profile removed when the call ends, fails, times out or is
interrupted, so no ``soffice`` process or temporary directory outlives it.
LibreOffice is killed by the system if our process dies, even by ``kill -9``
(Linux); the folder of a process killed that way is removed by the next
conversion (its name carries the host and process id).

>>> find_soffice() is None or find_soffice().endswith(("soffice", "libreoffice"))
True
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from govreport._fs import atomic_path, forget_abort, on_abort, private_directory
from govreport.errors import PdfError
from govreport.rendering._fontconfig import pdf_environment

__all__ = ["PDFA_FILTER", "PdfError", "convert_many", "convert_to_pdf", "find_soffice"]

#: ``--convert-to`` for PDF/A-2b: LibreOffice's PDF export filter with ``SelectPdfVersion`` 2
#: (PDF/A-2b; a PDF/A export embeds every font it uses). JSON filter options: LibreOffice ≥ 7.4.
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def _filter(pdfa: bool) -> str:
    return PDFA_FILTER if pdfa else "pdf"


#: Linux's prctl option that sends the child a signal when its parent dies.
_PR_SET_PDEATHSIG = 1


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice`` (``GOVREPORT_SOFFICE`` overrides), or ``None``.

    >>> isinstance(find_soffice(), (str, type(None)))
    True
    """
    configured = os.environ.get("GOVREPORT_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(
            "未安装 LibreOffice（soffice），无法生成 PDF；Word 文档已生成 (LibreOffice is not installed)"
        )
    # The launcher script (soffice → oosplash → soffice.bin) forks; running soffice.bin itself
    # keeps LibreOffice the direct child, which then dies with its parent (see _die_with_parent).
    binary = Path(soffice).resolve().with_name("soffice.bin")
    return str(binary) if binary.is_file() and os.access(binary, os.X_OK) else soffice


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """In the child: be killed when the process that started us dies, even by SIGKILL (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group of ``process`` (LibreOffice and whatever it started) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.communicate(timeout=10)


#: soffice.bin's exit status after it has set up a new profile and asks to be started again
#: (the launcher script does this itself).
_RESTART = 81


def _run_soffice(
    soffice: str, files: Sequence[Path], outdir: Path, timeout: float, to: str = "pdf"
) -> str:
    """Convert ``files`` into ``outdir`` in one LibreOffice call; return its output (for errors)."""
    for _ in range(3):
        returncode, output = _start_soffice(soffice, files, outdir, timeout, to)
        if returncode != _RESTART:
            break
    if returncode != 0:
        lines = output.strip().splitlines()
        raise PdfError(
            f"LibreOffice 无法转换为 PDF（退出码 {returncode}）{': ' + lines[-1] if lines else ''}"
        )
    return output


def _start_soffice(
    soffice: str, files: Sequence[Path], outdir: Path, timeout: float, to: str = "pdf"
) -> tuple[int, str]:
    profile = outdir / ".profile"
    # its output goes to a file, not a pipe: a child it leaves behind holding the pipe open
    # would keep us waiting for the end of the output after LibreOffice itself has died
    log = open(outdir / ".soffice.log", "w+", encoding="utf-8", errors="replace")  # noqa: SIM115
    process = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *(str(f.resolve()) for f in files),
        ],
        # LibreOffice's own temporary files go into the call's directory, removed with it
        env={
            **pdf_environment(outdir),
            "TMPDIR": str(outdir),
            "TMP": str(outdir),
            "TEMP": str(outdir),
        },
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed as a whole
        preexec_fn=_die_with_parent,  # only prctl: no lock is taken
    )
    # a stop signal (the command line's SIGTERM, a batch whose parent died) kills it at once
    token = on_abort(lambda: os.killpg(process.pid, signal.SIGKILL))
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）(timed out)") from None
    finally:
        _kill_group(process)  # also any child it left behind; the exit status is kept
        forget_abort(token)
        log.seek(0)
        output = log.read()
        log.close()
    return process.returncode, output


def convert_many(
    docx: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 600,
    workdir: str | os.PathLike[str] | None = None,
    pdfa: bool = False,
) -> dict[Path, Path | PdfError]:
    """Convert many .docx files to PDF in one LibreOffice call; each PDF beside its file or in ``outdir``.

    Returns, for each source, the PDF written or the :class:`~govreport.errors.PdfError`
    that kept it from being written: one document LibreOffice cannot convert
    does not stop the others (when the call as a whole fails, each file is
    tried again on its own, so that the error names the file that caused it).
    Each PDF is moved into place atomically. ``workdir`` is where the
    temporary profile and output go (default: the system's temporary
    directory); it is removed when the call ends, however it ends. ``pdfa``
    writes PDF/A-2b (:data:`PDFA_FILTER`), as :func:`convert_to_pdf` does.

    >>> convert_many([])
    {}
    >>> result = convert_many(["/nonexistent.docx"])
    >>> print(result[Path("/nonexistent.docx")])
    /nonexistent.docx: 文件不存在，无法转换为 PDF (no such file)
    """
    sources = [Path(p) for p in docx]
    results: dict[Path, Path | PdfError] = {}
    todo: list[Path] = []
    for source in sources:
        if source.is_file():
            todo.append(source)
        else:
            results[source] = PdfError(f"{source}: 文件不存在，无法转换为 PDF (no such file)")
    if not todo:
        return results
    stems = [s.stem for s in todo]
    if len(set(stems)) != len(stems):
        # LibreOffice names each PDF after its source: convert same-named files in separate calls
        first: dict[str, Path] = {}
        later: list[Path] = []
        for s in todo:
            (later.append(s) if s.stem in first else first.setdefault(s.stem, s))
        results.update(
            convert_many(list(first.values()), outdir, timeout=timeout, workdir=workdir, pdfa=pdfa)
        )
        results.update(convert_many(later, outdir, timeout=timeout, workdir=workdir, pdfa=pdfa))
        return {s: results[s] for s in sources}
    soffice = _require_soffice()
    target_dir = None if outdir is None else Path(outdir)
    with private_directory("govreport-pdf-", workdir) as out:
        try:
            _run_soffice(soffice, todo, out, timeout, _filter(pdfa))
            failed_call: PdfError | None = None
        except PdfError as e:
            failed_call = e
        missing = []
        for source in todo:
            produced = out / (source.stem + ".pdf")
            if not produced.exists():
                missing.append(source)
                continue
            target = (target_dir or source.parent) / (source.stem + ".pdf")
            with atomic_path(target) as tmp:
                shutil.copyfile(produced, tmp)
            produced.unlink()
            results[source] = target
    if missing and len(todo) == 1:
        detail = f"：{failed_call}" if failed_call else ""
        results[missing[0]] = PdfError(f"{missing[0]}: LibreOffice 未能生成 PDF{detail}")
    elif missing:
        for source in missing:  # alone, so that a failure is the file's own
            results.update(
                convert_many([source], outdir, timeout=timeout, workdir=workdir, pdfa=pdfa)
            )
    return {s: results[s] for s in sources}


def convert_to_pdf(
    docx: str | os.PathLike[str],
    pdf: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 180,
    pdfa: bool = False,
) -> Path:
    """Convert ``docx`` to PDF (beside it unless ``pdf`` is given) with headless LibreOffice.

    ``pdfa=True`` writes PDF/A-2b, the archival PDF: LibreOffice's export
    filter with PDF version 2 selected (:data:`PDFA_FILTER`), which embeds
    every font and declares ``pdfaid:part`` 2, ``pdfaid:conformance`` B in
    the file's XMP metadata.

    A private LibreOffice profile is used, so that a running LibreOffice or
    another conversion does not interfere; the PDF is moved into place
    atomically.

    >>> convert_to_pdf("/nonexistent.docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govreport.errors.PdfError: ...
    """
    source = Path(docx)
    target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
    if not source.is_file():
        raise PdfError(f"{source}: 文件不存在，无法转换为 PDF (no such file)")
    soffice = _require_soffice()
    with private_directory("govreport-pdf-") as outdir:
        try:
            _run_soffice(soffice, [source], outdir, timeout, _filter(pdfa))
        except PdfError as e:
            raise PdfError(f"{source}: {e}") from None
        produced = outdir / (source.stem + ".pdf")
        if not produced.exists():
            raise PdfError(f"{source}: LibreOffice 无法转换为 PDF（未生成文件）")
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target
