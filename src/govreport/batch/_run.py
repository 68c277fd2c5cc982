"""Running a batch: chunks of items through an executor, a manifest, a progress bar, a summary."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from govreport._fs import atomic_path, atomic_write_bytes, private_directory
from govreport._version import __version__
from govreport.batch._aggregate import Accumulator
from govreport.batch._items import Item, item_key, output_stem
from govreport.batch._worker import (
    Job,
    Outcome,
    Result,
    Settings,
    _names,
    init_worker,
    run_chunk,
)
from govreport.checks import Findings, check
from govreport.formats import dump
from govreport.model import Report
from govreport.rendering import Compression, FontProfile, Template, check_compression

__all__ = ["MANIFEST", "SUMMARY", "BatchResult", "batch"]

#: The manifest beside the outputs: each item's content hash and files, for reruns.
MANIFEST = ".govreport-batch.json"
#: The summary beside the outputs: every item's outcome.
SUMMARY = "govreport-batch-summary.json"

_STATUS_LABELS = {"written": "已生成", "up_to_date": "未变，跳过", "invalid": "有错误，未生成",
                  "failed": "失败"}  # fmt: skip


@attrs.frozen
class BatchResult:
    """Every item's outcome, and the aggregate when one was asked for.

    >>> r = BatchResult((Outcome("甲局/2024", "written", "甲局", 2024, ("甲局.docx",)),), "out")
    >>> r.counts, r.ok
    ({'written': 1, 'up_to_date': 0, 'invalid': 0, 'failed': 0}, True)
    >>> print(r.table())
    机关  年度  结果    文件 / 说明
    甲局  2024  已生成  甲局.docx
    """

    outcomes: tuple[Outcome, ...]
    out_dir: str
    elapsed: float = 0.0
    #: the aggregate's report (汇总), when the batch aggregated
    aggregate: Report | None = None
    #: the aggregate's findings (:func:`~govreport.batch.check_aggregate`)
    aggregate_findings: Findings = Findings()
    aggregate_files: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """How many items ended in each status."""
        out = dict.fromkeys(_STATUS_LABELS, 0)
        for o in self.outcomes:
            out[o.status] += 1
        return out

    @property
    def ok(self) -> bool:
        """Whether every item's outputs are there."""
        return all(o.ok for o in self.outcomes)

    @property
    def problems(self) -> tuple[Outcome, ...]:
        """The items that are invalid or failed."""
        return tuple(o for o in self.outcomes if not o.ok)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (what ``govreport-batch-summary.json`` holds)."""
        d: dict[str, Any] = {
            "govreport": __version__,
            "out_dir": self.out_dir,
            "elapsed_s": round(self.elapsed, 3),
            "counts": self.counts,
            "outcomes": [o.to_dict() for o in self.outcomes],
        }
        if self.aggregate is not None:
            d["aggregate"] = {
                "agency": self.aggregate.agency,
                "year": self.aggregate.year,
                "files": list(self.aggregate_files),
                "findings": [f.to_dict() for f in self.aggregate_findings],
            }
        return d

    def table(self, *, problems_only: bool = False) -> str:
        """The outcomes as an aligned text table (every item, or only the invalid and failed)."""
        rows = [("机关", "年度", "结果", "文件 / 说明")]
        for o in self.problems if problems_only else self.outcomes:
            detail = o.message if not o.ok else " ".join(o.files)
            if o.findings:
                detail += "：" + "；".join(o.findings[:3])
            rows.append((o.agency or o.key, str(o.year or ""), _STATUS_LABELS[o.status], detail))
        widths = [max(_width(r[i]) for r in rows) for i in range(3)]
        lines = [
            "  ".join([*(_pad(r[i], widths[i]) for i in range(3)), r[3]]).rstrip() for r in rows
        ]
        return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


# --------------------------------------------------------------------------- manifest


def _load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def _save_manifest(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    data = {"govreport": __version__, "entries": entries}
    atomic_write_bytes(path, _json_bytes(data, indent=0))


def _json_bytes(data: object, indent: int) -> bytes:
    """JSON text in UTF-8; a file name not in UTF-8 (a lone surrogate) kept as its JSON escape."""
    return json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8", "backslashreplace")


# --------------------------------------------------------------------------- progress


class _Progress:
    """A rich progress bar of done / skipped / failed and the rate, or nothing."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.done = self.skipped = self.failed = 0
        self.start = time.perf_counter()
        self._bar: Any = None
        if not enabled:
            return
        try:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )
        except ImportError:  # the progress extra is not installed
            return
        self._bar = Progress(
            TextColumn("[bold]govreport batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "完成 {task.fields[done]} 跳过 {task.fields[skipped]} 失败 {task.fields[failed]}"
            ),
            TextColumn("{task.fields[rate]} 份/秒"),
            TimeElapsedColumn(),
            transient=False,
        )
        self._task = self._bar.add_task("batch", total=total, done=0, skipped=0, failed=0, rate="-")
        self._bar.start()

    def update(self, outcomes: Iterable[Outcome]) -> None:
        n = 0
        for o in outcomes:
            n += 1
            if o.status == "written":
                self.done += 1
            elif o.status == "up_to_date":
                self.skipped += 1
            else:
                self.failed += 1
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self.start, 1e-9)
            rate = f"{(self.done + self.skipped + self.failed) / elapsed:.0f}"
            self._bar.update(self._task, advance=n, done=self.done, skipped=self.skipped,
                             failed=self.failed, rate=rate)  # fmt: skip

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


# --------------------------------------------------------------------------- executor


def _own_executor(workers: int, workdir: str | None) -> cf.ProcessPoolExecutor:
    # the workers die with us, even by kill -9, and the last one removes our folder. They are
    # forked where the system can: a fork server (the default a program may set, and Python
    # 3.14's) keeps its socket in a folder of ours that a kill -9 leaves behind
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(os.getpid(), workdir),
    )


def _terminate(executor: cf.ProcessPoolExecutor) -> None:
    """Stop our own workers now (SIGTERM lets each one kill its LibreOffice and clean up)."""
    processes = dict(getattr(executor, "_processes", None) or {})
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.join(10)
            if process.is_alive():
                process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While a batch runs in the main thread, SIGTERM unwinds it (cleaning up) as SystemExit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- batch


def _template_bytes(template: str | os.PathLike[str] | bytes | None) -> bytes | None:
    if template is None or isinstance(template, bytes):
        return template
    Template(template)  # a clear TemplateError now, not one per report
    return Path(template).read_bytes()


def batch(
    items: Iterable[Item],
    out_dir: str | os.PathLike[str],
    *,
    executor: cf.Executor | None = None,
    pdf: bool = False,
    template: str | os.PathLike[str] | bytes | None = None,
    fonts: str | FontProfile = "gb",
    workers: int | None = None,
    chunk_size: int | None = None,
    aggregate: str | None = None,
    progress: bool | None = None,
    pdf_timeout: float = 600,
    pdfa: bool = False,
    compression: Compression = "compatible",
) -> BatchResult:
    """Check and render many reports into ``out_dir``, in parallel; return every item's outcome.

    ``items`` are report data files, :class:`~govreport.model.Report` objects,
    or the agencies of a database (:class:`~govreport.batch.Agencies`), in any
    mix; they are read lazily, so a generator keeps the parent's memory flat.
    Each report is checked first: one with errors is not rendered and is
    listed ``invalid``; one whose rendering fails is ``failed``; neither stops
    the others. Outputs (``<title>.docx``, and ``.pdf`` with ``pdf``; a data
    file's outputs take its name; ``pdfa`` makes the PDFs PDF/A-2b and implies
    ``pdf``) are written atomically. A manifest in
    ``out_dir`` keeps each output's content hash (report data, template,
    options, govreport version), so a rerun skips what is up to date.
    ``compression`` is :class:`~govreport.Template`'s: ``"fast"`` deflates the
    rendered parts with the fastest deflate installed.

    Work is sent in chunks of ``chunk_size`` items; each worker prepares the
    template once and renders many reports, and makes a chunk's PDFs with one
    LibreOffice call. ``executor`` is any :class:`concurrent.futures.Executor`
    (a Dask cluster's ``Client.get_executor()`` spreads the batch over many
    machines); by default a process pool of ``workers`` (the CPU count)
    processes is used, and a worker that dies is replaced, its reports retried
    one by one. ``aggregate`` names the government whose aggregate report
    (汇总) of the clean reports is written beside the others. ``progress``
    shows a progress bar (default: when stderr is a terminal; needs the
    ``progress`` extra). A summary is written to ``govreport-batch-summary.json``.

    >>> import tempfile
    >>> from govreport.model import Report
    >>> out = tempfile.mkdtemp()
    >>> reports = [Report.new(name, 2024) for name in ("甲局", "乙局")]
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> result = batch(reports, out, executor=ThreadPoolExecutor(1))
    >>> result.counts["written"], [o.files for o in result.outcomes][0]
    (2, ('甲局2024年政府信息公开工作年度报告.docx',))
    >>> batch(reports, out, executor=ThreadPoolExecutor(1)).counts["up_to_date"]
    2
    """
    start = time.perf_counter()
    check_compression(compression)  # refused now, not once per report
    pdf = pdf or pdfa
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = _template_bytes(template)
    stack = contextlib.ExitStack()
    fonts_name = fonts if isinstance(fonts, str) else fonts.name
    own = executor is None
    workers = workers or os.cpu_count() or 1
    size = chunk_size or (20 if pdf else 50)
    workdir = str(stack.enter_context(private_directory("govreport-batch-"))) if own else None
    settings = Settings(
        out_dir=str(out.resolve()),
        template=data,
        template_digest=hashlib.sha256(data).hexdigest() if data else "bundled",
        fonts=fonts_name,
        pdf=pdf,
        tables=aggregate is not None,
        workdir=workdir,
        pdf_timeout=pdf_timeout,
        pdfa=pdfa,
        compression=compression,
    )
    manifest_path = out / MANIFEST
    manifest = _load_manifest(manifest_path)
    total = len(items) if isinstance(items, Sized) else None
    bar = _Progress(total, sys.stderr.isatty() if progress is None else progress)
    outcomes: dict[str, Outcome] = {}
    order: list[str] = []
    accumulator: Accumulator | None = None
    last_save = time.monotonic()
    pool = executor if executor is not None else _own_executor(workers, workdir)

    def record(results: list[Result]) -> None:
        nonlocal accumulator, last_save
        for outcome, tables in results:
            outcomes[outcome.key] = outcome
            if outcome.ok:
                manifest[outcome.key] = {"digest": outcome.digest, "files": list(outcome.files)}
            else:
                manifest.pop(outcome.key, None)
            if tables is not None and outcome.status != "invalid":
                if accumulator is None:
                    accumulator = Accumulator(tables.year, tables.edition)
                try:
                    accumulator.add(tables)
                except ValueError as e:
                    outcomes[outcome.key] = attrs.evolve(outcome, message=f"未汇总：{e}")
        bar.update(o for o, _ in results)
        if time.monotonic() - last_save > 5:
            _save_manifest(manifest_path, manifest)
            last_save = time.monotonic()

    def jobs() -> Iterator[Job | Outcome]:
        stems: set[str] = set()
        keys: set[str] = set()
        for item in items:
            key, stem = item_key(item), output_stem(item)
            if key in keys or stem in stems:
                key = f"{key}#{len(order) + 1}"  # its own line in the summary
                order.append(key)
                why = f"重复：输出文件名 {stem} 已被本批另一项使用 (duplicate)"
                yield Outcome(key, "failed", message=why)
                continue
            order.append(key)
            keys.add(key)
            stems.add(stem)
            yield Job(key, item, stem, (manifest.get(key) or {}).get("digest"))

    retry: deque[list[Job]] = deque()
    pending: dict[cf.Future[list[Result]], list[Job]] = {}
    source = jobs()

    def next_chunk() -> list[Job] | None:
        if retry:
            # after a lost chunk its jobs run alone, one at a time: a job that is lost
            # again took its worker down itself
            return retry.popleft() if not pending else None
        chunk: list[Job] = []
        for job in source:
            if isinstance(job, Outcome):
                record([(job, None)])
                continue
            chunk.append(job)
            if len(chunk) >= size:
                break
        return chunk or None

    try:
        with _sigterm_unwinds():
            while True:
                while len(pending) < 2 * workers:
                    chunk = next_chunk()
                    if chunk is None:
                        break
                    pending[pool.submit(run_chunk, chunk, settings)] = chunk
                if not pending:
                    break
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    chunk = pending.pop(future)
                    try:
                        record(future.result())
                    except BrokenProcessPool:
                        if own and getattr(pool, "_broken", False):
                            # a worker died and took the pool (and its chunks) down: a new pool
                            pool.shutdown(wait=True, cancel_futures=True)
                            pool = _own_executor(workers, workdir)
                        _retry_or_fail(chunk, retry, record, "工作进程意外退出 (worker died)")
                    except Exception as e:  # the executor lost the chunk (a Dask worker died)
                        _retry_or_fail(chunk, retry, record, f"{type(e).__name__}: {e}")
    except BaseException:
        for future in pending:
            future.cancel()
        if own:
            _terminate(pool)  # type: ignore[arg-type]
        raise
    finally:
        bar.close()
        _save_manifest(manifest_path, manifest)
        stack.close()
    if own:
        pool.shutdown(wait=True)
    result = BatchResult(
        tuple(outcomes[k] for k in dict.fromkeys(order) if k in outcomes),
        str(out),
        time.perf_counter() - start,
    )
    if aggregate is not None and accumulator is not None:
        result = _write_aggregate(result, accumulator, aggregate, out, settings)
    result = attrs.evolve(result, elapsed=time.perf_counter() - start)
    atomic_write_bytes(out / SUMMARY, _json_bytes(result.to_dict(), indent=1))
    return result


def _retry_or_fail(chunk: list[Job], retry: deque[list[Job]], record: Any, why: str) -> None:
    """Retry a lost chunk's jobs one by one; a job lost on its own is failed."""
    if len(chunk) > 1:
        retry.extend([job] for job in chunk)
    else:
        agency, year = _names(chunk[0], None)
        record([(Outcome(chunk[0].key, "failed", agency, year, message=why), None)])


def _write_aggregate(
    result: BatchResult, acc: Accumulator, agency: str, out: Path, settings: Settings
) -> BatchResult:
    """Write the aggregate's data file and .docx beside the others; check it."""
    report = acc.report(agency)
    stem = output_stem(report) + "（汇总）"
    data_file = out / f"{stem}.yaml"
    dump(report, data_file)
    docx = out / f"{stem}.docx"
    prepared = Template(
        settings.template,
        edition=report.edition,
        fonts=settings.fonts,
        compression=settings.compression,
    )
    with atomic_path(docx) as tmp, open(tmp, "wb") as f:
        prepared.write_to(report, f)  # not dated yet: the government publishes it
    # each part was checked by its worker (one with errors is listed, not summed)
    findings = Findings(f for f in check(report) if f.severity == "error")
    return attrs.evolve(
        result,
        aggregate=report,
        aggregate_findings=findings,
        aggregate_files=(data_file.name, docx.name),
    )
