"""The government's aggregate report: the tables of many agencies summed, cell by cell.

>>> import attrs
>>> from govreport.model import Report, ApplicantCounts
>>> def dept(name, granted):
...     r = Report.new(name, 2024)
...     t = attrs.evolve(r.applications.table, granted=ApplicantCounts(natural_person=granted))
...     return attrs.evolve(r, applications=attrs.evolve(r.applications, table=t))
>>> agg = aggregate([dept("甲局", 3), dept("乙局", 4)], agency="示例市", year=2024)
>>> agg.report.applications.table.granted.natural_person, agg.report.scope.value, agg.agencies
(7, '汇总', ('甲局', '乙局'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from govreport.checks import Findings, check
from govreport.model import Amount, Cell, Finding, Mark, Report, Scope, Unit
from govreport.spec import Edition

__all__ = ["TABLE_KEYS", "Accumulator", "Aggregate", "aggregate", "check_aggregate"]

#: The keys of the three statutory tables, in printed order.
TABLE_KEYS = ("proactive_disclosure", "applications", "review_litigation")

#: The rule id of an aggregate cell that is not the sum of its parts.
AGGREGATE_RULE = "AGG"


def _sum(values: Sequence[Cell]) -> Cell:
    """The sum of one cell over many reports: blank and "/" add nothing; all marks stay a mark."""
    numbers = [v for v in values if not isinstance(v, Mark)]
    if not numbers:
        first = values[0] if values else Mark.BLANK
        return first if all(v is first for v in values) else Mark.BLANK
    if any(isinstance(v, Amount) for v in numbers):
        total = sum(
            (v.in_yuan() if isinstance(v, Amount) else Decimal(v) for v in numbers), Decimal(0)
        )
        return Amount(total, Unit.YUAN)
    if any(isinstance(v, Decimal) for v in numbers):
        return sum((Decimal(v) for v in numbers if not isinstance(v, Amount)), Decimal(0))
    return sum(int(v) for v in numbers if isinstance(v, int))


def _same(a: Cell, b: Cell) -> bool:
    if isinstance(a, Amount) and isinstance(b, Amount):
        return a.in_yuan() == b.in_yuan()
    return a == b


def _cells(report: Report) -> dict[tuple[str, str, str], Cell]:
    """Every entered cell of the three tables (declared 总计 included, as ``declared_total``)."""
    out: dict[tuple[str, str, str], Cell] = {}
    for key in TABLE_KEYS:
        table = getattr(report, key).table
        for row_key, row in table.rows():
            for column, value in row.cells():
                out[key, row_key, column] = value
            declared = getattr(row, "declared_total", None)
            if declared is not None:
                out[key, row_key, "declared_total"] = declared
    return out


class Accumulator:
    """Sums reports one at a time (memory stays one report's tables, however many are added).

    >>> from govreport.model import Report
    >>> acc = Accumulator(2024, 2021)
    >>> acc.add(Report.new("甲局", 2024)); acc.add(Report.new("乙局", 2024))
    >>> acc.report("示例市").review_litigation.table.review.total, acc.agencies
    (0, ['甲局', '乙局'])
    """

    def __init__(self, year: int, edition: Edition | int | None = None) -> None:
        self.year = year
        self.edition = Edition.resolve(year, edition)
        self.agencies: list[str] = []
        self._cells: dict[tuple[str, str, str], Cell] = {}
        #: per totalled row: the sum of the parts' 总计 (as declared, else computed), and
        #: whether any part declared one
        self._totals: dict[tuple[str, str], tuple[Cell, bool]] = {}
        #: per computed row a table may declare (table 三's 总计 row): the summed cells and
        #: 总计 (as declared, else computed), and whether any part declared it
        self._rows: dict[tuple[str, str], tuple[dict[str, Cell], Cell, bool]] = {}

    def add(self, report: Report) -> None:
        """Add one agency's report (of this accumulator's year and edition)."""
        if report.year != self.year or report.edition is not self.edition:
            raise ValueError(
                f"{report.agency}: 报告为{report.year}年、{int(report.edition)}版，"
                f"汇总的是{self.year}年、{int(self.edition)}版 (year or edition differs)"
            )
        self.agencies.append(report.agency)
        for key in TABLE_KEYS:
            self._add_declared_rows(key, getattr(report, key).table)
            for row_key, row in getattr(report, key).table.rows():
                for column, value in row.cells():
                    k = (key, row_key, column)
                    self._cells[k] = _sum([self._cells[k], value]) if k in self._cells else value
                if not hasattr(row, "declared_total"):
                    continue
                declared = row.declared_total
                total, any_declared = self._totals.get((key, row_key), (0, False))
                stated = row.total if declared is None else declared
                self._totals[key, row_key] = (
                    _sum([total, stated]),
                    any_declared or declared is not None,
                )

    def _add_declared_rows(self, key: str, table: Any) -> None:
        for field in attrs.fields(type(table)):
            if not field.name.startswith("declared_"):
                continue
            declared = getattr(table, field.name)
            row = declared if declared is not None else table.row(field.name[len("declared_") :])
            cells = dict(row.cells())
            stated = getattr(row, "declared_total", None)
            total = row.total if stated is None else stated
            previous = self._rows.get((key, field.name))
            if previous is not None:
                cells = {c: _sum([previous[0][c], v]) for c, v in cells.items()}
                total = _sum([previous[1], total])
            any_declared = declared is not None or (previous is not None and previous[2])
            self._rows[key, field.name] = (cells, total, any_declared)

    def report(self, agency: str, *, scope: Scope = Scope.AGGREGATE) -> Report:
        """The aggregate as a report of ``agency`` (the government), with every table summed."""
        base = Report.new(agency, self.year, self.edition)
        changes: dict[str, Any] = {}
        for table_key in TABLE_KEYS:
            table = getattr(base, table_key).table
            rows: dict[str, Any] = {}
            for row_key, row in table.rows():
                kwargs: dict[str, Any] = {
                    c: self._cells.get((table_key, row_key, c), v) for c, v in row.cells()
                }
                total, any_declared = self._totals.get((table_key, row_key), (0, False))
                if any_declared:
                    kwargs["declared_total"] = total
                rows[row_key] = type(row)(**kwargs)
            for (k, name), (cells, total, any_declared) in self._rows.items():
                if k == table_key and any_declared:
                    row_class = type(table.row(name[len("declared_") :]))
                    rows[name] = row_class(**cells, declared_total=total)
            section = getattr(base, table_key)
            changes[table_key] = attrs.evolve(section, table=type(table)(**rows))
        return attrs.evolve(base, scope=scope, **changes)


@attrs.frozen
class Aggregate:
    """A government's aggregate report and the agencies' reports it sums.

    ``report`` has the scope :attr:`~govreport.model.Scope.AGGREGATE` (汇总),
    distinct from the government's own report (本级政府).

    >>> from govreport.model import Report
    >>> agg = aggregate([Report.new("甲局", 2024), Report.new("乙局", 2024)], agency="示例市", year=2024)
    >>> agg.agencies, agg.report.scope
    (('甲局', '乙局'), <Scope.AGGREGATE: '汇总'>)
    """

    report: Report
    parts: tuple[Report, ...]

    @property
    def agencies(self) -> tuple[str, ...]:
        """The agencies summed, in order."""
        return tuple(p.agency for p in self.parts)

    def check(self) -> Findings:
        """The findings of :func:`check_aggregate`."""
        return check_aggregate(self)


def aggregate(
    reports: Iterable[Report],
    *,
    agency: str,
    year: int,
    edition: Edition | int | None = None,
) -> Aggregate:
    """Sum the tables of many agencies' reports of one year and edition into ``agency``'s aggregate.

    Every entered cell is the sum of the agencies' cells (blank and "/" add
    nothing); a 总计 an agency declared is summed as declared, so a part whose
    numbers do not add up makes the aggregate not add up either, and
    :func:`check_aggregate` names it. A report of another year or edition is
    refused with :class:`ValueError` naming its agency.

    >>> from govreport.model import Report
    >>> agg = aggregate([Report.new("甲局", 2024)], agency="示例市", year=2024)
    >>> agg.report.title
    '示例市2024年政府信息公开工作年度报告'
    >>> aggregate([Report.new("甲局", 2023)], agency="示例市", year=2024)
    Traceback (most recent call last):
    ...
    ValueError: 甲局: 报告为2023年、2021版，汇总的是2024年、2021版 (year or edition differs)
    """
    parts = tuple(reports)
    acc = Accumulator(year, edition)
    for part in parts:
        acc.add(part)
    return Aggregate(acc.report(agency), parts)


def _part_finding(part: Report, f: Finding) -> Finding:
    return attrs.evolve(f, message=f"{part.agency}：{f.message}", record=part.agency)


def check_aggregate(agg: Aggregate) -> Findings:
    """Check an aggregate: its own rules, each agency's totals, and each cell against the sum of its parts.

    A finding about an agency's numbers names the agency (in its message and
    as its ``record``); a cell of the aggregate that is not the sum of the
    agencies' cells is an ``AGG`` error.

    >>> import attrs
    >>> from govreport.model import Report, CaseCounts
    >>> good = Report.new("甲局", 2024)
    >>> review = attrs.evolve(CaseCounts.filled(), maintained=2, declared_total=5)
    >>> t = attrs.evolve(good.review_litigation.table, review=review)
    >>> bad = attrs.evolve(Report.new("乙局", 2024),
    ...                    review_litigation=attrs.evolve(good.review_litigation, table=t))
    >>> [str(f.location) for f in check_aggregate(aggregate([good, bad], agency="示例市", year=2024))
    ...  if f.record]
    ['review_litigation review total 乙局']
    """
    out: list[Finding] = [
        f for f in check(agg.report) if f.rule != "DATE" and f.severity == "error"
    ]
    expected = Accumulator(agg.report.year, agg.report.edition)
    for part in agg.parts:
        try:
            expected.add(part)
        except ValueError as e:
            out.append(
                Finding(
                    AGGREGATE_RULE,
                    "error",
                    None,
                    None,
                    None,
                    agg.report.year,
                    part.year,
                    str(e),
                    record=part.agency,
                )
            )
            continue
        out += [
            _part_finding(part, f)
            for f in check(part)
            if f.severity == "error" and f.table is not None
        ]
    want = _cells(expected.report(agg.report.agency))
    have = _cells(agg.report)
    for key in sorted(set(want) | set(have)):
        w, h = want.get(key, Mark.BLANK), have.get(key, Mark.BLANK)
        if not _same(w, h):
            table, row, column = key
            out.append(
                Finding(
                    AGGREGATE_RULE,
                    "error",
                    table,
                    row,
                    column,
                    w,
                    h,
                    f"汇总数 {h} 不等于各机关之和 {w}（{len(agg.parts)} 个机关）",
                    cells=((table, row, column),),
                )
            )
    return Findings(out)
