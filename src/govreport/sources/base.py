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

from govreport.errors import MissingExtraError
from govreport.model import Contact
from govreport.sources.mapping import Mapping
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    ContactRecord,
    NormativeDocument,
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


class RecordSourceBase(abc.ABC):
    """The :class:`RecordSource` a source becomes by reading its records: the rest is derived.

    A subclass sets :attr:`mapping` and reads the records; the contact block
    and the three tables follow by the reference tally
    (:mod:`govreport.sources.tally`), unless the subclass computes one itself.

    >>> class Empty(RecordSourceBase):
    ...     mapping = Mapping()
    ...     def close(self): pass
    ...     def agencies(self): return []
    ...     def contacts(self, agency=None): return iter(())
    ...     def application_records(self, agency=None): return iter(())
    ...     def case_records(self, agency=None): return iter(())
    ...     def documents(self, agency=None): return iter(())
    ...     def annual_counts(self, agency=None): return iter(())
    >>> Empty().tally_cases(None, 2024).table.review.total
    0
    """

    mapping: Mapping

    @abc.abstractmethod
    def close(self) -> None:
        """Release what the source holds open."""

    @abc.abstractmethod
    def agencies(self) -> list[str]:
        """The agencies the source holds records of, sorted."""

    @abc.abstractmethod
    def contacts(self, agency: str | None = None) -> Iterator[ContactRecord]:
        """The contact blocks the source holds, each with its agency."""

    @abc.abstractmethod
    def application_records(self, agency: str | None = None) -> Iterator[ApplicationRecord]:
        """Every disclosure application."""

    @abc.abstractmethod
    def case_records(self, agency: str | None = None) -> Iterator[CaseRecord]:
        """Every administrative review or lawsuit about disclosure."""

    @abc.abstractmethod
    def documents(self, agency: str | None = None) -> Iterator[NormativeDocument]:
        """Every entry of the register of normative documents."""

    @abc.abstractmethod
    def annual_counts(self, agency: str | None = None) -> Iterator[AnnualCount]:
        """Every yearly count."""

    def contact(self, agency: str) -> Contact | None:
        """The agency's contact block (the first the source holds), or ``None``."""
        for record in self.contacts(agency):
            return record.contact
        return None

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``, by the reference tally over every record."""
        return tally_applications(
            self.application_records(agency), year, edition, self.mapping.applications
        )

    def tally_cases(self, agency: str | None, year: int) -> TallyResult:
        """Table 四 of ``agency`` for ``year``."""
        return tally_cases(self.case_records(agency), year, self.mapping.cases)

    def tally_proactive(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 二 of ``agency`` for ``year``: the document register and the yearly counts."""
        ed = Edition.resolve(year, edition)
        docs = tally_documents(self.documents(agency), year, ed, self.mapping.documents)
        return tally_counts(self.annual_counts(agency), year, ed, self.mapping.counts, docs)
