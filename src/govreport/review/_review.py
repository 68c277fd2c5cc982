"""Reviewing a jurisdiction's reports: every file read, paired with last year's, checked, summed up.

The office above each agency reviews hundreds of published reports every
January. :func:`review` reads every report among the given files and
folders (data files, Word documents, web pages, PDFs), pairs each agency
with its report of the year before when one is among them (for X1–X3),
runs every check, and gives a :class:`Review`: one :class:`Reviewed` per
report and a :class:`Failure` for each file that could not be read (with
its reason; it never stops the rest).

Each finding has a stable id (:func:`finding_id`): the agency, the year,
the rule and the cell, so the same problem has the same id next January.
A reviewer accepts a finding by writing its id and a reason in a plain text
file beside the reports (:data:`ACCEPTED_NAME`); the next run honours it.

>>> import tempfile, pathlib, govreport
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = govreport.dump(govreport.Report.new("某某局", 2024), folder / "a.yaml")
>>> _ = (folder / "b.docx").write_bytes(b"not a zip")
>>> result = review([folder])
>>> [(r.report.agency, len(r.warnings) > 0) for r in result.reports], [f.path.name for f in result.failures]
([('某某局', True)], ['b.docx'])
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from govreport.checks import Finding, check
from govreport.errors import GovReportError
from govreport.formats import DOCUMENT_SUFFIXES, FORMATS, ReadReport, read
from govreport.model import Report

__all__ = [
    "ACCEPTED_NAME",
    "SUFFIXES",
    "Failure",
    "Review",
    "Reviewed",
    "finding_id",
    "read_accepted",
    "review",
]

#: The file of accepted findings, one ``id reason`` a line, looked for in each folder reviewed.
ACCEPTED_NAME = "govreport-accepted.txt"
#: The suffixes of the files a review reads.
SUFFIXES = (*FORMATS, *DOCUMENT_SUFFIXES)


@attrs.frozen
class Reviewed:
    """One report reviewed: what was read, its findings with their ids, and those accepted."""

    path: Path
    read: ReadReport
    findings: tuple[tuple[str, Finding], ...]
    #: Accepted findings by id, with the reviewer's reason.
    accepted: dict[str, str] = attrs.field(factory=dict, eq=False)
    previous: Path | None = None

    @property
    def report(self) -> Report:
        """The report read."""
        return self.read.report

    @property
    def errors(self) -> tuple[tuple[str, Finding], ...]:
        """The error findings not accepted."""
        return tuple(
            (i, f) for i, f in self.findings if f.severity == "error" and i not in self.accepted
        )

    @property
    def warnings(self) -> tuple[tuple[str, Finding], ...]:
        """The warning findings not accepted."""
        return tuple(
            (i, f) for i, f in self.findings if f.severity == "warning" and i not in self.accepted
        )


@attrs.frozen
class Failure:
    """A file that could not be read, and why."""

    path: Path
    reason: str


@attrs.frozen
class Review:
    """Every report reviewed, and every file that could not be read."""

    reports: tuple[Reviewed, ...]
    failures: tuple[Failure, ...]

    def to_dict(self) -> dict[str, object]:
        """The review as JSON-ready data: one entry per report, each finding with its id.

        >>> Review((), (Failure(Path("x.pdf"), "坏了"),)).to_dict()["failures"]
        [{'path': 'x.pdf', 'reason': '坏了'}]
        """
        return {
            "reports": [
                {
                    "path": str(r.path),
                    "agency": r.report.agency,
                    "year": r.report.year,
                    "edition": int(r.report.edition),
                    "previous": None if r.previous is None else str(r.previous),
                    "errors": len(r.errors),
                    "warnings": len(r.warnings),
                    "findings": [
                        {"id": i, **f.to_dict(), "accepted": r.accepted.get(i)}
                        for i, f in r.findings
                    ],
                }
                for r in self.reports
            ],
            "failures": [{"path": str(f.path), "reason": f.reason} for f in self.failures],
        }


def finding_id(agency: str, year: int, f: Finding) -> str:
    """A finding's stable id: the same agency, year, rule and cell give the same id every run.

    >>> f = Finding("R4", "error", "review_litigation", "review", "total", 1, 0, "…")
    >>> finding_id("某某局", 2024, f) == finding_id("某某局", 2024, f)
    True
    >>> len(finding_id("某某局", 2024, f))
    12
    """
    cell = (f.table, f.row, f.column) if f.table is not None else (f.where, f.message)
    key = "|".join(str(p) for p in (normalize(agency), year, f.rule, *cell))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def normalize(agency: str) -> str:
    """An agency's name as compared across files and years (width and spaces ignored).

    >>> normalize("某某局 ") == normalize("某某局")
    True
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", agency))


_ACCEPTED_LINE = re.compile(r"^\s*([0-9a-f]{12})\s+(.+?)\s*$")


def read_accepted(path: Path) -> dict[str, str]:
    """The accepted findings in a file: ``id reason`` per line; ``#`` starts a comment.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / ACCEPTED_NAME
    >>> _ = p.write_text("# 2025 年 1 月复核\\n0123456789ab 已书面说明口径\\n", encoding="utf-8")
    >>> read_accepted(p)
    {'0123456789ab': '已书面说明口径'}
    """
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        m = _ACCEPTED_LINE.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], dict[str, str]]:
    files: list[Path] = []
    accepted: dict[str, str] = {}
    for given in paths:
        p = Path(given)
        if p.is_dir():
            if (p / ACCEPTED_NAME).is_file():
                accepted.update(read_accepted(p / ACCEPTED_NAME))
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            files.append(p)
            if (p.parent / ACCEPTED_NAME).is_file():
                accepted.update(read_accepted(p.parent / ACCEPTED_NAME))
    return files, accepted


def review(
    paths: Sequence[str | os.PathLike[str]],
    *,
    accepted: dict[str, str] | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> Review:
    """Read, pair and check every report among ``paths`` (files or folders, searched recursively).

    ``accepted`` adds accepted findings (id → reason) to those of the
    :data:`ACCEPTED_NAME` files found; ``progress`` is called before each
    file with its number, the count and the path.
    """
    files, found_accepted = _files(paths)
    accepted_ids = {**found_accepted, **(accepted or {})}
    reads: list[tuple[Path, ReadReport]] = []
    failures: list[Failure] = []
    for n, path in enumerate(files, start=1):
        if progress is not None:
            progress(n, len(files), path)
        try:
            reads.append((path, read(path)))
        except GovReportError as e:
            failures.append(Failure(path, str(e)))
        except Exception as e:  # an unreadable file never stops the rest
            failures.append(Failure(path, f"{type(e).__name__}: {e}"))
    by_year = {(normalize(r.report.agency), r.report.year): (p, r) for p, r in reads}
    out: list[Reviewed] = []
    for path, got in reads:
        report = got.report
        prev = by_year.get((normalize(report.agency), report.year - 1))
        findings = check(report, None if prev is None else prev[1].report, blank="warning")
        placed = got.locate((*got.findings, *findings))
        ids = tuple((finding_id(report.agency, report.year, f), f) for f in placed)
        mine = {i: accepted_ids[i] for i, _ in ids if i in accepted_ids}
        out.append(Reviewed(path, got, ids, mine, None if prev is None else prev[0]))
    return Review(tuple(out), tuple(failures))
