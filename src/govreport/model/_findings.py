"""One finding type for every layer: a rule broken at a location, with a message.

The checks report a cell of a table (``table``, ``row``, ``column``); the
sources report a record (``record``); the template lint reports a place in
a file (``where``). :attr:`Finding.location` gathers whichever is known.

>>> f = Finding("R4", "error", "review_litigation", "review", "total", 7, 0, "…")
>>> f.location
Location(table='review_litigation', row='review', column='total', record=None, where=None)
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

    >>> str(Location(table="applications", record="A-7"))
    'applications A-7'
    >>> str(Location(where="word/document.xml 第 3 段"))
    'word/document.xml 第 3 段'
    """

    table: str | None = None
    row: str | None = None
    column: str | None = None
    record: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        if self.where is not None:
            return self.where
        parts = (self.table, self.row, self.column, self.record)
        return " ".join(p for p in parts if p)


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
    #: The place in a file the finding is about (template lint).
    where: str | None = None

    @property
    def location(self) -> Location:
        """Where the finding is."""
        return Location(self.table, self.row, self.column, self.record, self.where)

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
        return out
