"""The findings of the checks: :class:`Finding` (one broken rule), :class:`Findings` (all of a report).

:class:`Finding` is the one finding type of govreport (:mod:`govreport.model`
defines it, so that sources and rendering use it too); the checks fill its
``table``, ``row``, ``column``, ``cells``, ``expected`` and ``actual``.

>>> f = finding("R4", "error", "review_litigation", "review", "total", 7, 0, "…")
>>> f.cells, Findings((f,)).errors == (f,)
((('review_litigation', 'review', 'total'),), True)
"""

from __future__ import annotations

from typing import Any

from govreport.model import Finding
from govreport.spec import RULES, Severity

__all__ = ["Finding", "Findings", "Severity", "finding"]


class Findings(tuple[Finding, ...]):
    """The findings of a report, in a stable order (report, then table, row, column, rule).

    >>> Findings().errors, bool(Findings())
    ((), False)
    """

    __slots__ = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings whose severity is ``error``."""
        return tuple(f for f in self if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings whose severity is ``warning``."""
        return tuple(f for f in self if f.severity == "warning")


def finding(
    rule: str,
    severity: Severity | None,
    table: str | None,
    row: str | None,
    column: str | None,
    expected: Any,
    actual: Any,
    message: str,
    cells: tuple[tuple[str, str, str], ...] | None = None,
) -> Finding:
    """A finding of the checks; ``severity`` ``None`` is the rule's, ``cells`` ``None`` the one cell named.

    >>> finding("DATE", None, None, None, None, None, None, "未填写发布日期").severity
    'error'
    """
    if cells is None:
        cells = () if table is None or row is None or column is None else ((table, row, column),)
    if severity is None:
        severity = RULES[rule].severity
    return Finding(rule, severity, table, row, column, expected, actual, message, cells)
