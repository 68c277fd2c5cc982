"""What every source of records offers, and the implementation the sources share.

:class:`RecordSource` is the protocol a report is computed from (see
:func:`~govreport.sources.report.report_from_source`): the agencies, their
contact blocks, the four kinds of records, and the three tables tallied from
them. :class:`RecordSourceBase` derives the tables and the contact block from
the records by the reference tally; a source only reads its records
(:class:`~govreport.sources.csv.CsvSource`), or also pushes a tally down to
where the records are (:class:`~govreport.sources.sql.SqlSource`, table 三).

>>> from govreport.sources.csv import CsvSource
>>> from govreport.sources.mapping import Mapping
>>> src = CsvSource(Mapping())
>>> isinstance(src, RecordSource), src.contact("某局")
(True, None)
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

import attrs

from govreport.errors import MissingExtraError
from govreport.model import Contact
from govreport.sources._counting import sorted_findings
from govreport.sources._reading import build, is_skip
from govreport.sources.mapping import Mapping, TableSource
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    ContactRecord,
    NormativeDocument,
    SourceFinding,
)
from govreport.sources.tally import (
    TallyResult,
    tally_applications,
    tally_cases,
    tally_counts,
    tally_documents,
)
from govreport.spec import Edition

__all__ = ["RecordSource", "RecordSourceBase", "import_sqlalchemy"]


def import_sqlalchemy() -> Any:
    """The ``sqlalchemy`` module, or :class:`~govreport.errors.MissingExtraError` naming the ``sql`` extra.

    >>> import_sqlalchemy().__name__
    'sqlalchemy'
    """
    try:
        import sqlalchemy
    except ModuleNotFoundError as e:
        raise MissingExtraError("SQLAlchemy", "sql") from e
    return sqlalchemy


@runtime_checkable
class RecordSource(Protocol):
    """A source of an agency's records, laid out and coded as its :attr:`mapping` says.

    Every method that takes ``agency`` reads that agency's records only
    (``None``: every record, for a source that holds one agency's).

    >>> from govreport.sources.sql import SqlSource
    >>> isinstance(SqlSource("sqlite://", Mapping()), RecordSource)
    True
    """

    mapping: Mapping

    def close(self) -> None:
        """Release what the source holds open."""

    def agencies(self) -> list[str]:
        """The agencies the source holds records of, sorted."""

    def contacts(self, agency: str | None = None) -> Iterator[ContactRecord]:
        """The contact blocks the source holds, each with its agency."""

    def contact(self, agency: str) -> Contact | None:
        """The agency's contact block, or ``None`` when the source has none."""

    def application_records(self, agency: str | None = None) -> Iterator[ApplicationRecord]:
        """Every disclosure application."""

    def case_records(self, agency: str | None = None) -> Iterator[CaseRecord]:
        """Every administrative review or lawsuit about disclosure."""

    def documents(self, agency: str | None = None) -> Iterator[NormativeDocument]:
        """Every entry of the register of 规章 and 规范性文件."""

    def annual_counts(self, agency: str | None = None) -> Iterator[AnnualCount]:
        """Every yearly count (decisions, items, money of one activity)."""

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``."""

    def tally_cases(self, agency: str | None, year: int) -> TallyResult:
        """Table 四 of ``agency`` for ``year``."""

    def tally_proactive(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 二 of ``agency`` for ``year``."""


def _with_findings(result: TallyResult, findings: list[SourceFinding]) -> TallyResult:
    """``result`` with the findings of reading its records (an error left its record out)."""
    if not findings:
        return result
    return attrs.evolve(
        result,
        skipped=result.skipped + sum(1 for f in findings if is_skip(f)),
        findings=sorted_findings([*result.findings, *findings]),
    )


class RecordSourceBase(abc.ABC):
    """The :class:`RecordSource` a source becomes by giving its rows: the rest is derived.

    A subclass sets :attr:`mapping` and gives the rows of each kind of record
    as stored (:meth:`rows`); the records are read from them by the one strict
    reading of values (a value that is not a date or a whole number is a
    finding naming the table, record and column), and the contact block and the
    three tables follow by the reference tally (:mod:`govreport.sources.tally`),
    unless the subclass computes one itself.

    >>> from govreport.sources.mapping import TableSource
    >>> class One(RecordSourceBase):
    ...     mapping = Mapping()
    ...     def close(self): pass
    ...     def agencies(self): return []
    ...     def rows(self, kind, agency=None):
    ...         if kind == "applications":
    ...             yield TableSource("台账"), {"id": "1", "received": "2024年3月5日", "applicant": "natural_person"}
    ...             yield TableSource("台账"), {"id": "2", "received": "20241", "applicant": "natural_person"}
    >>> r = One().tally_applications(None, 2024)
    >>> r.table.new_received.natural_person, r.skipped, r.findings[0].rule
    (1, 1, 'bad_date')
    """

    mapping: Mapping

    @abc.abstractmethod
    def close(self) -> None:
        """Release what the source holds open."""

    @abc.abstractmethod
    def agencies(self) -> list[str]:
        """The agencies the source holds records of, sorted."""

    @abc.abstractmethod
    def rows(
        self, kind: str, agency: str | None = None
    ) -> Iterator[tuple[TableSource, dict[str, Any]]]:
        """The rows of one kind of record (``applications``, ``cases``, ``documents``, ``counts``,
        ``contacts``), each with the table it is from, as ``{field: value as stored}``."""

    def _records(
        self, kind: str, agency: str | None, findings: list[SourceFinding] | None
    ) -> Iterator[Any]:
        part = getattr(self.mapping, kind)
        if part is None:
            return
        separator = getattr(part, "outcome_separator", ";")
        for source, values in self.rows(kind, agency):
            record = build(kind, source, values, findings, separator)
            if record is not None:
                yield record

    def contacts(self, agency: str | None = None) -> Iterator[ContactRecord]:
        """The contact blocks the source holds, each with its agency."""
        for record in self._records("contacts", agency, None):
            yield ContactRecord(agency if agency is not None else record.agency, record.contact)

    def application_records(
        self, agency: str | None = None, findings: list[SourceFinding] | None = None
    ) -> Iterator[ApplicationRecord]:
        """Every disclosure application.

        A row whose value cannot be read is left out with a finding added to
        ``findings``; without ``findings`` it raises :class:`~govreport.errors.LoadError`.
        """
        yield from self._records("applications", agency, findings)

    def case_records(
        self, agency: str | None = None, findings: list[SourceFinding] | None = None
    ) -> Iterator[CaseRecord]:
        """Every administrative review or lawsuit about disclosure (unreadable rows as above)."""
        yield from self._records("cases", agency, findings)

    def documents(
        self, agency: str | None = None, findings: list[SourceFinding] | None = None
    ) -> Iterator[NormativeDocument]:
        """Every entry of the register of normative documents (unreadable rows as above)."""
        yield from self._records("documents", agency, findings)

    def annual_counts(
        self, agency: str | None = None, findings: list[SourceFinding] | None = None
    ) -> Iterator[AnnualCount]:
        """Every yearly count (unreadable rows as above)."""
        yield from self._records("counts", agency, findings)

    def contact(self, agency: str) -> Contact | None:
        """The agency's contact block (the first the source holds), or ``None``."""
        for record in self.contacts(agency):
            return record.contact
        return None

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``, by the reference tally over every record."""
        findings: list[SourceFinding] = []
        result = tally_applications(
            self.application_records(agency, findings), year, edition, self.mapping.applications
        )
        return _with_findings(result, findings)

    def tally_cases(self, agency: str | None, year: int) -> TallyResult:
        """Table 四 of ``agency`` for ``year``."""
        findings: list[SourceFinding] = []
        result = tally_cases(self.case_records(agency, findings), year, self.mapping.cases)
        return _with_findings(result, findings)

    def tally_proactive(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 二 of ``agency`` for ``year``: the document register and the yearly counts."""
        ed = Edition.resolve(year, edition)
        findings: list[SourceFinding] = []
        docs = tally_documents(self.documents(agency, findings), year, ed, self.mapping.documents)
        result = tally_counts(
            self.annual_counts(agency, findings), year, ed, self.mapping.counts, docs
        )
        return _with_findings(result, findings)
