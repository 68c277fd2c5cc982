"""What a batch is made of: report files, reports, or agencies of a database or CSV source.

>>> from govreport.model import Report, Section
>>> item_key(Report.new("甲局", 2024)), output_stem(Report.new("甲/局", 2024))
('甲局/2024', '甲_局2024年政府信息公开工作年度报告')
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as AbcMapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from govreport.model import Report, Section
from govreport.sources.base import RecordSource
from govreport.sources.mapping import Mapping
from govreport.sources.report import report_from_source
from govreport.spec import SECTION_KEYS, TABLE_KEYS

__all__ = ["Agencies", "AgencyItem", "Item", "item_key", "output_stem"]


def _names(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _sections(
    value: AbcMapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """Section texts by section key, checked against the report's sections."""
    pairs = tuple(value.items()) if isinstance(value, AbcMapping) else tuple(value)
    for key, _ in pairs:
        if key not in SECTION_KEYS or key in TABLE_KEYS:
            allowed = ", ".join(k for k in SECTION_KEYS if k not in TABLE_KEYS)
            raise ValueError(
                f"sections: 没有叙述部分“{key}” (no narrative section {key!r}; use {allowed})"
            )
    return pairs


@attrs.frozen
class Agencies:
    """The agencies of a SQL database (or the CSV files a mapping names) whose reports a batch computes.

    ``url`` is a SQLAlchemy URL (``None``: the CSV files the mapping names);
    ``agencies`` ``None`` means every agency the source lists. Each worker
    opens the source itself, so the parent holds no report. Records cannot
    supply all of the narrative: ``sections`` gives text that every agency's
    report carries instead of its 【待填写】 placeholder (keys are section keys
    such as ``other_matters``, where the 2021 edition requires the statement on
    信息处理费), and ``published`` the publication date. Without them the reports
    are drafts, and a 2021-edition draft has the FEE error, so the batch lists it
    as invalid.

    >>> import tempfile, pathlib
    >>> from govreport.sources.sampledb import write_sample
    >>> db, mapping = write_sample(pathlib.Path(tempfile.mkdtemp()), applications=60)
    >>> [i.agency for i in Agencies(f"sqlite:///{db}", mapping, 2024)]
    ['示例市交通运输局', '示例市市场监督管理局', '示例市自然资源局']
    """

    url: str | None
    mapping: Mapping
    year: int
    agencies: tuple[str, ...] | None = attrs.field(default=None, converter=_names)
    edition: int | None = None
    schema: str | None = None
    sections: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_sections)
    published: dt.date | None = None

    def open(self) -> RecordSource:
        """The record source (the caller closes it when it has a ``close``)."""
        if self.url is None:
            from govreport.sources.csv import CsvSource

            return CsvSource(self.mapping)
        from govreport.sources.sql import SqlSource

        return SqlSource(self.url, self.mapping, schema=self.schema)

    def __iter__(self) -> Iterator[AgencyItem]:
        names = self.agencies
        if names is None:
            source = self.open()
            try:
                names = tuple(source.agencies())
            finally:
                _close(source)
        bare = attrs.evolve(self, agencies=())  # each item carries the source, not the list
        for name in names:
            yield AgencyItem(bare, name)


def _close(source: Any) -> None:
    close = getattr(source, "close", None)
    if close is not None:
        close()


@attrs.frozen
class AgencyItem:
    """One agency's report, computed from a source by the worker that renders it."""

    source: Agencies
    agency: str

    def build(self, source: RecordSource) -> Report:
        """Tally the report from an open ``source``."""
        s = self.source
        report = report_from_source(
            source, self.agency, s.year, s.edition, published=s.published
        ).report
        if not s.sections:
            return report
        sections: dict[str, Any] = {k: Section([text]) for k, text in s.sections}
        return attrs.evolve(report, **sections)


#: One item of a batch.
Item: TypeAlias = str | os.PathLike[str] | Report | AgencyItem

_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]')


def item_key(item: Item) -> str:
    """The key of an item in the manifest and the summary: a file's path, or agency/year.

    >>> item_key("reports/甲局.yaml")
    'reports/甲局.yaml'
    """
    if isinstance(item, Report):
        return f"{item.agency}/{item.year}"
    if isinstance(item, AgencyItem):
        return f"{item.agency}/{item.source.year}"
    return os.fspath(item)


def output_stem(item: Item) -> str:
    """The name of an item's outputs, without suffix: a file's stem, or the report's title.

    >>> output_stem("reports/甲局.yaml")
    '甲局'
    """
    if isinstance(item, Report):
        title = item.title
    elif isinstance(item, AgencyItem):
        title = Report.new(item.agency, item.source.year, item.source.edition).title
    else:
        return Path(item).stem
    return _UNSAFE.sub("_", title).strip(" .") or "report"
