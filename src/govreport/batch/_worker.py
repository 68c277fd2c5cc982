"""What a worker does with one chunk of a batch: build, check, hash, render, convert.

A worker prepares the :class:`~govreport.rendering.Template` once (per
process, kept between chunks) and renders every report of the chunk with it;
a chunk's PDFs are made by one LibreOffice call. Nothing a worker returns is
bigger than a few findings per report.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import shutil
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs

from govreport._fs import StagedFile, abort, commit_all, stage
from govreport._version import __version__
from govreport.batch._aggregate import TABLE_KEYS
from govreport.batch._items import AgencyItem, Item, _close
from govreport.checks import check
from govreport.errors import FileError, PdfError
from govreport.formats import load
from govreport.model import Report
from govreport.rendering import Compression, Template, convert_many

__all__ = ["Job", "Outcome", "Result", "Settings", "Status", "init_worker", "run_chunk"]


@attrs.frozen
class Job:
    """One item of a chunk: what to build, the name of its outputs, and its hash in the manifest."""

    key: str
    item: Item
    stem: str
    previous: str | None = None


@attrs.frozen
class Settings:
    """What every chunk of one batch shares."""

    out_dir: str
    template: bytes | None
    template_digest: str
    fonts: str
    pdf: bool
    tables: bool  # return the report's tables, for the aggregate
    workdir: str | None = None
    pdf_timeout: float = 600
    pdfa: bool = False  # the PDFs as PDF/A-2b
    compression: Compression = "compatible"  # how the rendered parts are deflated (Template)


#: What became of one item.
Status: TypeAlias = Literal["written", "up_to_date", "invalid", "failed"]


@attrs.frozen
class Outcome:
    """What became of one item of a batch.

    ``status`` is ``written`` (rendered now), ``up_to_date`` (its outputs were
    already there, from the same data, template and govreport version),
    ``invalid`` (the checks found errors: nothing written; ``findings`` lists
    them) or ``failed`` (``message`` says why: bad data, a renderer error, a
    PDF that LibreOffice could not make, a worker that died). ``files`` are
    the outputs' names in the output directory.

    >>> o = Outcome("甲局/2024", "written", "甲局", 2024, ("甲局.docx",))
    >>> o.ok, o.to_dict()["files"]
    (True, ['甲局.docx'])
    """

    key: str
    status: Status
    agency: str | None = None
    year: int | None = None
    files: tuple[str, ...] = ()
    digest: str | None = None
    message: str = ""
    findings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the item's outputs are there (written now or up to date)."""
        return self.status in ("written", "up_to_date")

    def to_dict(self) -> dict[str, Any]:
        """The outcome as JSON-ready data."""
        d = attrs.asdict(self)
        d["files"], d["findings"] = list(self.files), list(self.findings)
        return d


#: An outcome, and the report's tables (narrative dropped) when the batch aggregates.
Result: TypeAlias = tuple[Outcome, "Report | None"]


_TEMPLATES: dict[tuple[str, str, int, str], Template] = {}


def _template(settings: Settings, report: Report) -> Template:
    """The prepared template for this batch and edition, kept for the life of the process."""
    key = (settings.template_digest, settings.fonts, int(report.edition), settings.compression)
    prepared = _TEMPLATES.get(key)
    if prepared is None:
        prepared = Template(
            settings.template,
            edition=report.edition,
            fonts=settings.fonts,
            compression=settings.compression,
        )
        if len(_TEMPLATES) > 8:
            _TEMPLATES.clear()
        _TEMPLATES[key] = prepared
    return prepared


def digest(report: Report, settings: Settings) -> str:
    """The content hash of a report's outputs: its data, the template, the options and govreport's version."""
    h = hashlib.sha256()
    options = (__version__, settings.template_digest, settings.fonts, str(settings.pdf))
    # an option at its default adds nothing, so that earlier hashes stay valid
    extra = (("pdfa",) if settings.pdfa else ()) + (
        (f"compression={settings.compression}",) if settings.compression != "compatible" else ()
    )
    for part in options + extra:
        h.update(part.encode())
        h.update(b"\0")
    h.update(
        repr(report).encode()
    )  # the whole model, every field (attrs' repr), 10x faster than JSON
    return h.hexdigest()


def _tables_only(report: Report) -> Report:
    base = Report.new(report.agency, report.year, report.edition)
    return attrs.evolve(base, **{k: attrs.evolve(getattr(base, k), table=getattr(report, k).table)
                                 for k in TABLE_KEYS})  # fmt: skip


def _one(job: Job, report: Report, settings: Settings) -> tuple[Result, StagedFile | None]:
    out = Path(settings.out_dir)
    docx = out / f"{job.stem}.docx"
    pdf = out / f"{job.stem}.pdf"
    base: dict[str, Any] = {"key": job.key, "agency": report.agency, "year": report.year}
    errors = check(report).errors
    tables = _tables_only(report) if settings.tables else None
    if errors:
        message = f"{len(errors)} 处错误，未生成 (not rendered)"
        found = tuple(str(f) for f in errors)
        return (Outcome(status="invalid", message=message, findings=found, **base), tables), None
    files = (docx.name, pdf.name) if settings.pdf else (docx.name,)
    h = digest(report, settings)
    if job.previous == h and all((out / f).is_file() for f in files):
        return (Outcome(status="up_to_date", files=files, digest=h, **base), tables), None
    template = _template(settings, report)
    staged = stage(docx, lambda f: template.write_to(report, f))
    return (Outcome(status="written", files=files, digest=h, **base), tables), staged


def _failure(job: Job, report: Report | None, e: BaseException) -> Result:
    where = traceback.extract_tb(e.__traceback__)
    last = f"（{Path(where[-1].filename).name}:{where[-1].lineno}）" if where else ""
    agency, year = _names(job, report)
    if isinstance(e, OSError):  # a file that cannot be written: named, the reason in Chinese
        message = str(FileError.from_os_error(e))
    else:
        message = f"{type(e).__name__}: {e}{last}"
    return Outcome(job.key, "failed", agency, year, message=message), None


def _names(job: Job, report: Report | None) -> tuple[str | None, int | None]:
    """The agency and year of a job, as far as they are known."""
    if report is not None:
        return report.agency, report.year
    if isinstance(job.item, Report):
        return job.item.agency, job.item.year
    if isinstance(job.item, AgencyItem):
        return job.item.agency, job.item.source.year
    return None, None


def _build(job: Job, sources: dict[int, Any]) -> Report:
    item = job.item
    if isinstance(item, Report):
        return item
    if isinstance(item, AgencyItem):
        # a chunk's items share one unpickled Agencies: open its source once per chunk
        source = sources.get(id(item.source))
        if source is None:
            source = sources[id(item.source)] = item.source.open()
        return item.build(source)
    return load(item)


def _commit(staged: dict[str, StagedFile], results: dict[str, Result]) -> None:
    """Put a chunk's documents in place together: one concurrent round of fsyncs, then the renames.

    Each document is still renamed only once its own data is on disk
    (:func:`govreport._fs.commit_all`). A stopped worker leaves no staged
    file (SIGTERM and its parent's death remove them, see :func:`init_worker`);
    a worker killed outright leaves its chunk's, which the next run into the
    folder removes. If the commit fails, every document of the chunk is failed.
    """
    if not staged:
        return
    try:
        commit_all(list(staged.values()))
    except OSError as e:
        for key in staged:
            done, tables = results[key]
            message = f"写入失败 (could not write): {e}"
            failed = attrs.evolve(done, status="failed", digest=None, message=message)
            results[key] = (failed, tables)


def run_chunk(jobs: Sequence[Job], settings: Settings) -> list[Result]:
    """Build, check and render every job of a chunk, then convert its documents to PDF in one call.

    One job's failure (bad data, a renderer error) is that job's result; the
    others go on.
    """
    results: dict[str, Result] = {}
    staged: dict[str, StagedFile] = {}
    to_convert: dict[Path, str] = {}
    sources: dict[int, Any] = {}
    try:
        for job in jobs:
            report = None
            try:
                report = _build(job, sources)
                result, written = _one(job, report, settings)
            except Exception as e:  # one report's failure is its own
                result, written = _failure(job, report, e), None
            results[job.key] = result
            if written is not None:
                staged[job.key] = written
        _commit(staged, results)
        for key, file in staged.items():
            if settings.pdf and results[key][0].status == "written":
                to_convert[file.target] = key
    finally:
        for file in staged.values():
            file.discard()  # a chunk cut short leaves nothing (no-op for the committed)
        for source in sources.values():
            with contextlib.suppress(Exception):
                _close(source)
    if to_convert:
        try:
            converted = convert_many(
                list(to_convert),
                timeout=settings.pdf_timeout,
                workdir=settings.workdir,
                pdfa=settings.pdfa,
            )
        except Exception as e:  # LibreOffice missing or broken: every PDF of the chunk fails
            converted = dict.fromkeys(
                to_convert, e if isinstance(e, PdfError) else PdfError(str(e))
            )
        for docx, outcome in converted.items():
            if isinstance(outcome, BaseException):
                key = to_convert[docx]
                done, tables = results[key]
                failed = attrs.evolve(
                    done,
                    status="failed",
                    files=(docx.name,),
                    digest=None,
                    message=f"PDF: {outcome}",
                )
                results[key] = (failed, tables)
    return [results[job.key] for job in jobs]


#: The batch's process id, in a worker (:func:`init_worker`).
_PARENT: int | None = None
#: The worker's own parent when it started (the batch, when it was forked).
_PPID: int | None = None
#: How often a worker looks whether its parent is still there, in seconds.
PARENT_POLL = 0.2
#: Linux's prctl option that sends us a signal when our parent dies.
_PR_SET_PDEATHSIG = 1


def _exit_now(code: int, workdir: str | None) -> None:  # pragma: no cover - runs in a worker
    """Kill our LibreOffice, remove our temporaries (and the batch's folder once empty), exit."""
    abort()
    if workdir is not None:
        if _PARENT is not None and (os.getppid() != _PPID or not _exists(_PARENT)):
            # the batch is gone (a killed batch stays a zombie until reaped, but its workers
            # have another parent at once): what is left in its folder is its workers' debris
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.rmdir(workdir)  # the last worker out removes the folder once it is empty
    os._exit(code)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # there, but not ours to signal
        return True
    return True


def _watch_parent(parent: int, workdir: str | None) -> None:  # pragma: no cover - in a worker
    """Exit as soon as the batch's process is gone (``kill -9`` of the parent).

    Our own parent is the batch (fork) or a fork server that ends with it;
    when it dies we are given another parent, which we see even while the
    batch is an unreaped zombie.
    """
    ours = os.getppid()
    while os.getppid() == ours and _exists(parent):
        threading.Event().wait(PARENT_POLL)
    _exit_now(128 + signal.SIGKILL, workdir)


def _signal_on_parent_death(signum: int) -> None:  # pragma: no cover - runs in a worker
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    if name is not None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum)


def init_worker(parent: int | None = None, workdir: str | None = None) -> None:  # pragma: no cover
    """In a worker process: die with the batch, leaving no LibreOffice and no temporary file.

    SIGTERM (sent by the batch when it stops, or by the system when the
    parent dies) kills the worker's LibreOffice and removes its temporaries
    before it exits; a thread also watches the parent (``parent``, the
    batch's process id), for systems without a parent-death signal. Ctrl-C
    is left to the parent, which stops its workers.
    """
    global _PARENT, _PPID
    _PARENT, _PPID = parent, os.getppid()
    signal.signal(signal.SIGTERM, lambda signum, frame: _exit_now(128 + signum, workdir))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is None:
        return
    _signal_on_parent_death(signal.SIGTERM)
    if not _exists(parent) or os.getppid() == 1:  # it died before we could ask
        _exit_now(128 + signal.SIGKILL, workdir)
    threading.Thread(target=_watch_parent, args=(parent, workdir), daemon=True).start()
