"""One finding type for every layer: a rule broken at a location, with a message.

The checks report a cell of a table (``table``, ``row``, ``column``); the
sources report a record (``record``); the template lint reports a place in
a file (``where``). :attr:`Finding.location` gathers whichever is known.

>>> f = Finding("R4", "error", "review_litigation", "review", "total", 7, 0, "…")
>>> str(f.location), f.location.row
('review_litigation review total', 'review')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from govreport.model._cells import Amount, Mark
from govreport.spec import Severity

__all__ = ["Finding", "Location"]


@attrs.frozen
class Location:
    """Where a finding is: a cell by its keys, a source record by its id, or a place in a file.

    ``where`` is the place as a reader reads it (``第 5 行``, ``表格 2 第 6 行第 4 列``);
    the fields after it say the same as data: the ``file``, its ``line`` (a data
    file), the ``paragraph`` or the printed ``document_table``, ``document_row`` and
    ``document_column`` (a Word document or web page), the ``page`` and the
    position ``x``, ``y`` on it in points from its top left corner (a PDF).

    >>> str(Location(table="applications", record="A-7"))
    'applications A-7'
    >>> str(Location(where="word/document.xml 第 3 段"))
    'word/document.xml 第 3 段'
    >>> Location(file="r.yaml", line=5, where="第 5 行").to_dict()["line"]
    5
    """

    table: str | None = None
    row: str | None = None
    column: str | None = None
    record: str | None = None
    where: str | None = None
    file: str | None = None
    line: int | None = None
    paragraph: int | None = None
    document_table: int | None = None
    document_row: int | None = None
    document_column: int | None = None
    page: int | None = None
    x: float | None = None
    y: float | None = None

    def __str__(self) -> str:
        if self.where is not None:
            return self.where
        parts = (self.table, self.row, self.column, self.record)
        return " ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        """The place in the source file as JSON-ready data (``None`` where not known).

        ``table``, ``row`` and ``column`` are the document's, as printed
        (numbers from 1); the finding's own ``table``, ``row`` and ``column``
        are the keys of its cell.

        >>> Location(file="r.docx", document_table=2, document_row=6, document_column=4,
        ...          where="表格 2 第 6 行第 4 列").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'file': 'r.docx', 'line': None, 'paragraph': None, 'table': 2, 'row': 6, 'column': 4,
         'page': None, 'x': None, 'y': None, 'text': '表格 2 第 6 行第 4 列'}
        """
        return {
            "file": self.file,
            "line": self.line,
            "paragraph": self.paragraph,
            "table": self.document_table,
            "row": self.document_row,
            "column": self.document_column,
            "page": self.page,
            "x": self.x,
            "y": self.y,
            "text": self.where,
        }


def _json_value(value: object) -> Any:
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Decimal | Amount | dt.date):
        return str(value)
    return value


@attrs.frozen
class Finding:
    """One rule that one cell, record or place (or the report as a whole) breaks.

    Printed, a finding names its place, its message and, for a record, its
    rule:

    >>> f = Finding("R4", "error", "review_litigation", "review", "total", 7, 0, "…",
    ...             cells=(("review_litigation", "review", "total"),))
    >>> f.to_dict()["cells"]
    [['review_litigation', 'review', 'total']]
    >>> str(Finding("duplicate_id", "error", "applications", None, None, None, None, "编号重复", record="A-7"))
    'applications A-7: 编号重复 [duplicate_id]'
    """

    rule: str
    severity: Severity
    table: str | None
    row: str | None
    column: str | None
    expected: Any
    actual: Any
    message: str
    cells: tuple[tuple[str, str, str], ...] = ()
    #: The source record the finding is about (sources).
    record: str | None = None
    #: The place in a file the finding is about (template lint), or where its cell was read.
    where: str | None = None
    #: Where in the file it was read from the finding's cell (or row, table, field) was read.
    place: Location | None = None

    @property
    def location(self) -> Location:
        """Where the finding is: its cell's keys, and its place in the file when it is known.

        The place as text is the ``place``'s when there is one (a TEXT finding's paragraph),
        else ``where``.

        >>> f = Finding("R4", "error", "review_litigation", "review", "total", 1, 0, "…",
        ...             place=Location(file="r.yaml", line=9, where="第 9 行"))
        >>> f.location.line, f.location.row
        (9, 'review')
        """
        if self.place is None:
            return Location(self.table, self.row, self.column, self.record, self.where)
        return attrs.evolve(
            self.place,
            table=self.table,
            row=self.row,
            column=self.column,
            record=self.record,
            where=self.place.where if self.place.where is not None else self.where,
        )

    def __str__(self) -> str:
        if self.where is not None:
            return f"{self.where}: {self.message}"
        if self.record is not None:
            return f"{self.location}: {self.message} [{self.rule}]"
        return f"{self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data (Decimal and dates as strings, blank as "").

        >>> Finding("DATE", "warning", None, None, None, None, None, "未填写发布日期").to_dict()["rule"]
        'DATE'
        """
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "cells": [list(c) for c in self.cells],
            "expected": _json_value(self.expected),
            "actual": _json_value(self.actual),
            "message": self.message,
        }
        if self.record is not None:
            out["record"] = self.record
        if self.where is not None:
            out["where"] = self.where
        if self.place is not None:
            out["location"] = self.place.to_dict()
        return out
