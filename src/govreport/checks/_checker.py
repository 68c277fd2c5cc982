"""Consistency checks (勾稽关系): every rule, every finding, each naming its cell.

:func:`check` returns every :class:`Finding` of a report at once. A finding
is data: the rule id, the severity, the cell by its public keys (``table``,
``row``, ``column``), every cell involved, the expected and actual values and
a Chinese message that names the cell by its printed labels.

The rules are declared once, in :data:`RULES`; ``docs/rules.md`` lists them
(a test keeps the two in step).

Declared and computed totals: the model computes every total and keeps the
totals the input gave as *declared*. R2, R3 and R4 compare a declared total
with the computed one (no declared total, nothing to compare); a declared
total left blank is a ``BLANK`` finding, not a sum error.

``blank`` sets the severity of ``BLANK`` findings: ``"error"`` (default, for
a report govreport produces, which must never print a blank cell) or
``"warning"`` (for a report read from elsewhere, where a blank cell is
reported but the report is still usable).

>>> from govreport.model import Report, ApplicantCounts
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2020), published=dt.date(2021, 1, 20))
>>> t = attrs.evolve(r.applications.table, granted=ApplicantCounts(1, 0, 0, 0, 0, 0, declared_total=2))
>>> r = attrs.evolve(r, applications=attrs.evolve(r.applications, table=t))
>>> for f in check(r):
...     print(f.rule, f.severity, f.message)
R1 error 表三 自然人列：一、二之和为 0，（七）总计与四之和为 1，两者应相等
R1 error 表三 总计列：一、二之和为 0，（七）总计与四之和为 1，两者应相等
R3 error 表三 （一）予以公开 × 总计：应为 1（自然人至其他六列之和），实为 2
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any, Literal

import attrs

from govreport.errors import ReportNotCleanError
from govreport.model import NA, Amount, Cell, Mark, Period, Report
from govreport.spec import (
    APPLICANT_COLUMNS,
    CASE_COLUMNS,
    CellKind,
    Edition,
    TableSpec,
)
from govreport.zh._text_numbers import statements

__all__ = [
    "RULES",
    "Finding",
    "Findings",
    "Rule",
    "Severity",
    "check",
    "ensure_clean",
    "errors",
]

Severity = Literal["error", "warning"]

_log = logging.getLogger("govreport")


@attrs.frozen
class Rule:
    """A consistency rule: its stable id, default severity, what it checks and an example message.

    >>> RULES["R4"].title
    '表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结'
    """

    id: str
    severity: Severity
    title: str
    example: str


#: Every rule, in the order findings of one cell are listed.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "EDITION",
            "error",
            "报告年度所要求的格式版本与表格样式不符",
            "报告年度 2022 应使用 2021 版格式（国办公开办函〔2021〕30号），实为 2019 版",
        ),
        Rule(
            "DATE",
            "error",
            "发布日期晚于法定期限，或统计期限不是报告年度全年（发布日期早于统计期末、未填发布日期为警告）",
            "发布日期 2025年2月10日 晚于法定期限 2025年1月31日",
        ),
        Rule(
            "FEE",
            "error",
            "2021 版：六、其他需要报告的事项 未说明信息处理费收取情况",
            "六、其他需要报告的事项 未说明信息处理费的收取情况（2021 版格式要求）",
        ),
        Rule(
            "DRAFT",
            "warning",
            "正文中留有待填写的占位内容（如【待填写】）",
            "一、总体情况 第 3 段：留有待填写内容“【待填写】政府信息管理、平台建设……”",
        ),
        Rule(
            "BLANK",
            "error",
            "单元格空白（本工具生成的报告为错误；读入的报告可设为警告）",
            "表三 （一）予以公开 × 总计：单元格空白，应填写数字（无数据填 0）",
        ),
        Rule(
            "R5",
            "error",
            "取值范围：件数为非负整数（2019 版本年增/减可为负），金额非负，“/”仅限表二",
            "表三 （一）予以公开 × 自然人：不应为负数，实为 -1",
        ),
        Rule(
            "R1",
            "error",
            "表三各列：一 + 二 = （七）总计 + 四",
            "表三 自然人列：一、二之和为 30，（七）总计与四之和为 28，两者应相等",
        ),
        Rule(
            "R2",
            "error",
            "表三各列：（七）总计 = （一）至（六）各项之和",
            "表三 （七）总计 × 自然人：应为 26（（一）至（六）各项之和），实为 20",
        ),
        Rule(
            "R3",
            "error",
            "表三各行：总计 = 六类申请人之和",
            "表三 （一）予以公开 × 总计：应为 7（自然人至其他六列之和），实为 8",
        ),
        Rule(
            "R4",
            "error",
            "表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "表四 行政复议 × 总计：应为 7（结果维持、结果纠正、其他结果、尚未审结之和），实为 0",
        ),
        Rule(
            "TEXT",
            "error",
            "正文所述数字与表格不符",
            "表三 一、本年新收政府信息公开申请数量 × 总计：正文称“新收申请21件”，表中为 27",
        ),
        Rule(
            "X1",
            "error",
            "跨年度：上年结转 = 上年报告的结转下年度继续办理（各列）",
            "表三 二、上年结转政府信息公开申请数量 × 自然人：应为 5（上年报告 四、结转下年度继续办理），实为 3",
        ),
        Rule(
            "X2",
            "error",
            "跨年度（2019 版）：上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减",
            "表二 第二十条第（五）项 行政许可 × 上一年项目数量：应为 12（上年报告 10 + 本年增/减 2），实为 11",
        ),
        Rule(
            "X3",
            "warning",
            "跨年度（2021 版）：现行有效件数 ≈ 上年现行有效件数 + 本年制发 − 本年废止",
            "表二 第二十条第（一）项 规章 × 现行有效件数：约为 20（上年 15 + 本年制发 6 − 本年废止 1），实为 18",
        ),
    )
}

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}
#: The marker of narrative left to be written (``govreport from-db`` writes it where records cannot speak).
DRAFT_MARK = "【待填写】"
_TABLE_NAMES = {"proactive_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}

Value = int | Decimal | str | None


def _json_value(value: object) -> Any:
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Decimal | Amount | dt.date):
        return str(value)
    return value


@attrs.frozen
class Finding:
    """One rule that one cell (or the report) breaks.

    >>> f = Finding("R4", "error", "review_litigation", "review", "total", 7, 0, "…",
    ...             cells=(("review_litigation", "review", "total"),))
    >>> f.to_dict()["cells"]
    [['review_litigation', 'review', 'total']]
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

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data (Decimal and dates as strings, blank as "").

        >>> Finding("DATE", "warning", None, None, None, None, None, "未填写发布日期").to_dict()["rule"]
        'DATE'
        """
        return {
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


# --------------------------------------------------------------------------- labels and order


@cache
def _plan(edition: Edition) -> _Plan:
    return _Plan(edition)


class _Plan:
    """What the rules need of an edition, computed once: keys, labels, order."""

    def __init__(self, edition: Edition) -> None:
        spec = edition.spec
        self.edition = edition
        self.labels: dict[tuple[str, str], str] = {}
        self.col_labels: dict[tuple[str, str], str] = {}
        self.order: dict[tuple[str | None, str | None, str | None], tuple[int, int, int]] = {}
        for ti, table in enumerate(spec.tables, start=1):
            self._table(ti, table)
        app = spec.table("applications")
        self.app_rows = tuple(r.key for r in app.data_rows if r.key != "results_total")
        self.outcome_rows = tuple(
            r.key for r in app.data_rows if r.parent is not None and r.key != "results_total"
        )
        self.applicant_keys = tuple(c.key for c in APPLICANT_COLUMNS if not c.derived)
        self.get_applicants = attrgetter(*self.applicant_keys)
        self.case_keys = tuple(c.key for c in CASE_COLUMNS if not c.derived)
        self.get_cases = attrgetter(*self.case_keys)
        pro = spec.table("proactive_disclosure")
        self.pro_rows = tuple(
            (r.key, tuple((c.key, c.kind, c.allows_na) for c in r.columns)) for r in pro.data_rows
        )

    def _table(self, ti: int, table: TableSpec) -> None:
        rows = {r.key: r for r in table.rows}
        for ri, r in enumerate(table.data_rows):
            label = r.label
            parent = rows.get(r.parent) if r.parent else None
            if (
                parent is not None
                and parent.kind.value == "group"
                and (table.key == "review_litigation" or r.level >= 2)
            ):
                label = f"{parent.label} {label}"
            if r.block is not None:
                label = f"{table.block(r.block).caption} {label}"
            self.labels[table.key, r.key] = label
            self.order[table.key, r.key, None] = (ti, ri, -1)
            for ci, c in enumerate(r.columns):
                self.col_labels[table.key, c.key] = c.label
                self.order[table.key, r.key, c.key] = (ti, ri, ci)
        for ci, c in enumerate(table.columns):
            self.order[table.key, None, c.key] = (ti, -1, ci)

    def cell_label(self, table: str, row: str, column: str) -> str:
        return f"{_TABLE_NAMES[table]} {self.labels[table, row]} × {self.col_labels[table, column]}"

    def sort_key(self, f: Finding) -> tuple[int, int, int, int]:
        if f.table is None:
            return (0, 0, 0, _RULE_ORDER[f.rule])
        ti, ri, ci = self.order.get((f.table, f.row, f.column), (9, 0, 0))
        return (ti, ri, ci, _RULE_ORDER[f.rule])


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _show(value: object) -> str:
    if value is NA:
        return "“/”"
    if isinstance(value, Mark):
        return "空白"
    return str(value)


# --------------------------------------------------------------------------- the checker


class _Checker:
    def __init__(self, report: Report, blank: Severity) -> None:
        self.report = report
        self.plan = _plan(report.edition)
        self.blank: Severity = blank
        self.out: list[Finding] = []

    def _counts(
        self, table: str, row: str, keys: tuple[str, ...], values: tuple[Any, ...]
    ) -> tuple[int, ...]:
        """A row's counts as numbers for the sums; cells that are not counts ≥ 0 are reported."""
        try:
            if min(values) >= 0:
                return values  # the common case: every cell a whole number (fast path)
        except TypeError:
            pass
        for c, v in zip(keys, values, strict=True):
            if not (type(v) is int and v >= 0):
                self.cell(table, row, c, v, CellKind.COUNT, False)
        return tuple(v if type(v) is int else 0 for v in values)

    def add(
        self,
        rule: str,
        table: str | None,
        row: str | None,
        column: str | None,
        expected: Any,
        actual: Any,
        message: str,
        cells: tuple[tuple[str, str, str], ...] | None = None,
        severity: Severity | None = None,
    ) -> None:
        if cells is None:
            cells = (
                () if table is None or row is None or column is None else ((table, row, column),)
            )
        if severity is None:
            severity = self.blank if rule == "BLANK" else RULES[rule].severity
        self.out.append(
            Finding(rule, severity, table, row, column, expected, actual, message, cells)
        )

    def cell(
        self, table: str, row: str, column: str, value: Cell, kind: CellKind, na: bool
    ) -> None:
        """BLANK and R5 for one cell that is not a plain non-negative number."""
        if value is NA:
            if not na:
                label = self.plan.cell_label(table, row, column)
                self.add("R5", table, row, column, "数值", "/", f"{label}：此处不可填“/”")
            return
        if isinstance(value, Mark):
            label = self.plan.cell_label(table, row, column)
            self.add(
                "BLANK",
                table,
                row,
                column,
                None,
                "",
                f"{label}：单元格空白，应填写数字（无数据填 0）",
            )
            return
        number = value.value if isinstance(value, Amount) else value
        if number < 0 and kind is not CellKind.SIGNED_COUNT:
            label = self.plan.cell_label(table, row, column)
            self.add("R5", table, row, column, "≥ 0", value, f"{label}：不应为负数，实为 {value}")

    # ---------------------------------------------------------------- table 三

    def applications(self) -> None:
        plan = self.plan
        table = self.report.applications.table
        get = plan.get_applicants
        keys = plan.applicant_keys
        counts: dict[str, tuple[int, ...]] = {}
        totals: dict[str, int] = {}  # declared total where it is a number, else computed
        for key in plan.app_rows:
            row = getattr(table, key)
            nums = self._counts("applications", key, keys, get(row))
            counts[key] = nums
            computed = sum(nums)
            totals[key] = self._declared_total(key, row.declared_total, computed, "R3", nums)
        # （七）总计
        sums = [0] * 6
        for key in plan.outcome_rows:
            for i, v in enumerate(counts[key]):
                sums[i] += v
        computed_grand = sum(sums)
        declared = table.declared_results_total
        seven: list[int] = list(sums)
        seven_total = computed_grand
        if declared is not None:
            for i, (c, v) in enumerate(zip(keys, get(declared), strict=True)):
                if type(v) is not int or v < 0:
                    self.cell("applications", "results_total", c, v, CellKind.COUNT, False)
                    continue
                seven[i] = v
                if v != sums[i]:
                    self._r2(c, sums[i], v)
            dt_ = declared.declared_total
            if dt_ is not None:
                if type(dt_) is not int or dt_ < 0:
                    self.cell("applications", "results_total", "total", dt_, CellKind.COUNT, False)
                else:
                    seven_total = dt_
                    if dt_ != computed_grand:
                        self._r2("total", computed_grand, dt_)
                    row_sum = sum(seven)
                    if dt_ != row_sum and row_sum != computed_grand:
                        self._r3("results_total", row_sum, dt_)
        # R1, per column
        cols = (*keys, "total")
        for i, c in enumerate(cols):
            if c == "total":
                a, b = totals["new_received"], totals["carried_over"]
                d, e = seven_total, totals["carried_forward"]
            else:
                a, b = counts["new_received"][i], counts["carried_over"][i]
                d, e = seven[i], counts["carried_forward"][i]
            if a + b != d + e:
                label = APPLICANT_COLUMNS[i].label
                self.add(
                    "R1",
                    "applications",
                    None,
                    c,
                    a + b,
                    d + e,
                    f"表三 {label}列：一、二之和为 {a + b}，（七）总计与四之和为 {d + e}，两者应相等",
                    tuple(
                        ("applications", r, c)
                        for r in (
                            "new_received",
                            "carried_over",
                            "results_total",
                            "carried_forward",
                        )
                    ),
                )
        self.app_totals = totals
        self.app_totals["results_total"] = seven_total
        self.app_counts = counts

    def _declared_total(
        self, key: str, declared: Cell | None, computed: int, rule: str, nums: tuple[int, ...]
    ) -> int:
        if declared is None:
            return computed
        if type(declared) is not int or declared < 0:
            self.cell("applications", key, "total", declared, CellKind.COUNT, False)
            return computed
        if declared != computed:
            self._r3(key, computed, declared)
        return declared

    def _r2(self, column: str, expected: int, actual: int) -> None:
        label = self.plan.cell_label("applications", "results_total", column)
        cells = (
            ("applications", "results_total", column),
            *tuple(("applications", r, column) for r in self.plan.outcome_rows),
        )
        self.add(
            "R2",
            "applications",
            "results_total",
            column,
            expected,
            actual,
            f"{label}：应为 {expected}（（一）至（六）各项之和），实为 {actual}",
            cells,
        )

    def _r3(self, key: str, expected: int, actual: int) -> None:
        label = self.plan.cell_label("applications", key, "total")
        cells = (
            ("applications", key, "total"),
            *tuple(("applications", key, c) for c in self.plan.applicant_keys),
        )
        self.add(
            "R3",
            "applications",
            key,
            "total",
            expected,
            actual,
            f"{label}：应为 {expected}（自然人至其他六列之和），实为 {actual}",
            cells,
        )

    # ---------------------------------------------------------------- table 四

    def review_litigation(self) -> None:
        table = self.report.review_litigation.table
        keys = self.plan.case_keys
        self.case_totals: dict[str, int] = {}
        for key in ("review", "litigation_direct", "litigation_after_review"):
            row = getattr(table, key)
            nums = self._counts("review_litigation", key, keys, self.plan.get_cases(row))
            computed = sum(nums)
            declared = row.declared_total
            self.case_totals[key] = computed
            if declared is None:
                continue
            if type(declared) is not int or declared < 0:
                self.cell("review_litigation", key, "total", declared, CellKind.COUNT, False)
                continue
            self.case_totals[key] = declared
            if declared != computed:
                label = self.plan.cell_label("review_litigation", key, "total")
                self.add(
                    "R4",
                    "review_litigation",
                    key,
                    "total",
                    computed,
                    declared,
                    f"{label}：应为 {computed}（结果维持、结果纠正、其他结果、尚未审结之和），实为 {declared}",
                    (
                        ("review_litigation", key, "total"),
                        *tuple(("review_litigation", key, c) for c in keys),
                    ),
                )

    # ---------------------------------------------------------------- table 二

    def proactive(self) -> None:
        table = self.report.proactive_disclosure.table
        for key, columns in self.plan.pro_rows:
            row = getattr(table, key)
            for c, kind, na in columns:
                v = getattr(row, c)
                if type(v) is int and v >= 0:
                    continue
                self.cell("proactive_disclosure", key, c, v, kind, na)

    # ---------------------------------------------------------------- report level

    def edition(self) -> None:
        r = self.report
        required = Edition.for_year(r.year)
        if r.edition is not required:
            self.add(
                "EDITION",
                None,
                None,
                None,
                int(required),
                int(r.edition),
                f"报告年度 {r.year} 应使用 {int(required)} 版格式（{required.spec.doc_number}），实为 {int(r.edition)} 版",
            )

    def dates(self) -> None:
        r = self.report
        if r.period is not None and r.period != Period.of_year(r.year):
            p = r.period
            self.add(
                "DATE",
                None,
                None,
                None,
                f"{r.year}-01-01/{r.year}-12-31",
                f"{p.start}/{p.end}",
                f"统计期限 {_date(p.start)}至{_date(p.end)} 不是报告年度 {r.year} 年全年",
            )
        if r.published is None:
            self.add("DATE", None, None, None, None, None, "未填写发布日期", severity="warning")
            return
        if r.published > r.deadline:
            self.add(
                "DATE",
                None,
                None,
                None,
                r.deadline,
                r.published,
                f"发布日期 {_date(r.published)} 晚于法定期限 {_date(r.deadline)}",
            )
        end = r.statistical_period.end
        if r.published <= end:
            self.add(
                "DATE",
                None,
                None,
                None,
                end,
                r.published,
                f"发布日期 {_date(r.published)} 不晚于统计期限结束日 {_date(end)}，日期可能有误",
                severity="warning",
            )

    def fee(self) -> None:
        r = self.report
        if r.edition is not Edition.V2021:
            return
        if "信息处理费" in r.other_matters.text:
            return
        if not any(r.section(k).text.strip() for k in Report.SECTION_KEYS):
            return  # no narrative written yet: nothing to judge
        self.add(
            "FEE",
            None,
            None,
            None,
            "信息处理费",
            r.other_matters.text[:40],
            "六、其他需要报告的事项 未说明信息处理费的收取情况（2021 版格式要求）",
        )

    def draft(self) -> None:
        r = self.report
        for key in Report.SECTION_KEYS:
            section = r.section(key)
            for i, paragraph in enumerate(section.paragraphs, start=1):
                text = paragraph.heading + paragraph.text
                at = text.find(DRAFT_MARK)
                if at < 0:
                    continue
                quote = text[at : at + 24] + ("……" if len(text) > at + 24 else "")
                self.add(
                    "DRAFT",
                    None,
                    None,
                    None,
                    "",
                    quote,
                    f"{r.edition.spec.section(key).heading} 第 {i} 段：留有待填写内容“{quote}”",
                    severity="warning",
                )

    def text(self) -> None:
        r = self.report
        parts = [r.section(k).text for k in Report.SECTION_KEYS[:4]]
        text = "\n".join(p for p in parts if p)
        if not text:
            return
        seen: set[tuple[str, int]] = set()
        for s in statements(text, r.year):
            if (s.kind, s.value) in seen:
                continue
            seen.add((s.kind, s.value))
            target = self._text_target(s.kind)
            if target is None:
                continue
            table, row, column, accepted = target
            if s.value in accepted:
                continue
            label = (
                f"{_TABLE_NAMES[table]} 行政诉讼（未经复议直接起诉与复议后起诉）× 总计"
                if s.kind == "litigation"
                else self.plan.cell_label(table, row, column)
            )
            actual = min(accepted)
            self.add(
                "TEXT",
                table,
                row,
                column,
                actual,
                s.value,
                f"{label}：正文称“{s.quote}”，表中为 {actual}",
            )

    def _text_target(self, kind: str) -> tuple[str, str, str, set[int]] | None:
        if kind in ("new_received", "carried_over", "results_total", "carried_forward"):
            accepted = {self.app_totals[kind]}
            if kind != "results_total":
                accepted.add(sum(self.app_counts[kind]))
            return "applications", kind, "total", accepted
        t = self.report.review_litigation.table
        if kind == "review":
            return (
                "review_litigation",
                "review",
                "total",
                {self.case_totals["review"], t.review.total},
            )
        if kind == "litigation":
            d, a = t.litigation_direct, t.litigation_after_review
            accepted = {
                self.case_totals["litigation_direct"] + self.case_totals["litigation_after_review"],
                d.total + a.total,
            }
            return "review_litigation", "litigation_direct", "total", accepted
        row = "regulations" if kind == "regulations_issued" else "normative_documents"
        column = (
            "issued_this_year" if self.report.edition is Edition.V2021 else "newly_made_this_year"
        )
        value = getattr(self.report.proactive_disclosure.table.row(row), column)
        if type(value) is not int:
            return None
        return "proactive_disclosure", row, column, {value}

    # ---------------------------------------------------------------- across years

    def previous(self, prev: Report) -> None:
        r = self.report
        if prev.year != r.year - 1:
            raise ValueError(
                f"previous: 上年报告应为 {r.year - 1} 年度，实为 {prev.year} 年度 "
                f"(the previous report must be for {r.year - 1})"
            )
        before = prev.applications.table
        now = r.applications.table
        for c in (*self.plan.applicant_keys, "total"):
            expected: Any = before.declared(
                "carried_forward", c
            )  # as printed last year, else computed
            if type(expected) is not int:
                expected = before.carried_forward.cell(c)
            actual = self.app_totals["carried_over"] if c == "total" else now.carried_over.cell(c)
            if type(expected) is int and type(actual) is int and expected != actual:
                label = self.plan.cell_label("applications", "carried_over", c)
                self.add(
                    "X1",
                    "applications",
                    "carried_over",
                    c,
                    expected,
                    actual,
                    f"{label}：应为 {expected}（上年报告 四、结转下年度继续办理），实为 {actual}",
                )
        pt, ct = prev.proactive_disclosure.table, r.proactive_disclosure.table
        if r.edition is Edition.V2019 and prev.edition is Edition.V2019:
            for key, columns in self.plan.pro_rows:
                if columns[0][0] != "prior_year_items":
                    continue
                p_items, p_change = (
                    pt.cell(key, "prior_year_items"),
                    pt.cell(key, "change_this_year"),
                )
                now_items = ct.cell(key, "prior_year_items")
                if not all(type(v) is int for v in (p_items, p_change, now_items)):
                    continue
                want: Any = p_items + p_change  # type: ignore[operator]
                if now_items != want:
                    label = self.plan.cell_label("proactive_disclosure", key, "prior_year_items")
                    self.add(
                        "X2",
                        "proactive_disclosure",
                        key,
                        "prior_year_items",
                        want,
                        now_items,
                        f"{label}：应为 {want}（上年报告 {p_items} + 本年增/减 {p_change}），实为 {now_items}",
                    )
        if r.edition is Edition.V2021 and prev.edition is Edition.V2021:
            for key in ("regulations", "normative_documents"):
                last = pt.cell(key, "currently_effective")
                issued, repealed = (
                    ct.cell(key, "issued_this_year"),
                    ct.cell(key, "repealed_this_year"),
                )
                now_eff = ct.cell(key, "currently_effective")
                if not all(type(v) is int for v in (last, issued, repealed, now_eff)):
                    continue
                approx: Any = last + issued - repealed  # type: ignore[operator]
                if now_eff != approx:
                    label = self.plan.cell_label("proactive_disclosure", key, "currently_effective")
                    self.add(
                        "X3",
                        "proactive_disclosure",
                        key,
                        "currently_effective",
                        approx,
                        now_eff,
                        f"{label}：约为 {approx}（上年 {last} + 本年制发 {issued} − 本年废止 {repealed}），实为 {now_eff}",
                    )


def check(report: Report, previous: Report | None = None, *, blank: Severity = "error") -> Findings:
    """Every finding of ``report``, in a stable order; never stops at the first.

    ``previous`` is last year's report (enables X1, X2, X3); a report for
    another year raises :class:`ValueError`. ``blank`` is the severity of
    ``BLANK`` findings: ``"error"`` for a report govreport produces,
    ``"warning"`` for one read from elsewhere.

    >>> from govreport.model import Report
    >>> import attrs, datetime as dt
    >>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
    >>> check(r)
    ()
    >>> [f.message for f in check(attrs.evolve(r, published=dt.date(2025, 2, 10)))]
    ['发布日期 2025年2月10日 晚于法定期限 2025年1月31日']
    """
    if blank not in ("error", "warning"):
        raise ValueError(f"blank: expected 'error' or 'warning', got {blank!r}")
    c = _Checker(report, blank)
    c.edition()
    c.dates()
    c.fee()
    c.draft()
    c.proactive()
    c.applications()
    c.review_litigation()
    c.text()
    if previous is not None:
        c.previous(previous)
    out = c.out
    if len(out) > 1:
        out.sort(key=c.plan.sort_key)
    return Findings(out)


def ensure_clean(
    report: Report,
    force: bool = False,
    *,
    previous: Report | None = None,
    blank: Severity = "error",
) -> Findings:
    """The findings of a report that is about to be rendered; refuse one with errors unless forced.

    Raises :class:`~govreport.errors.ReportNotCleanError` (carrying every
    finding) when there are error findings and ``force`` is false; when
    forced, logs each finding on the ``govreport`` logger and returns them.

    >>> import attrs, datetime as dt
    >>> from govreport.model import Report, CaseCounts, ReviewLitigation
    >>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
    >>> bad = attrs.evolve(r, review_litigation=attrs.evolve(
    ...     r.review_litigation, table=ReviewLitigation(review=CaseCounts(1, 0, 0, 0, declared_total=0),
    ...     litigation_direct=CaseCounts.filled(), litigation_after_review=CaseCounts.filled())))
    >>> ensure_clean(bad)
    Traceback (most recent call last):
    govreport.errors.ReportNotCleanError: 报告有 1 个错误，不能生成：表四 行政复议 × 总计：应为 1（结果维持、结果纠正、其他结果、尚未审结之和），实为 0
    >>> [f.rule for f in ensure_clean(bad, force=True)]
    ['R4']
    """
    findings = check(report, previous, blank=blank)
    errors = findings.errors
    if errors and not force:
        first = errors[0].message
        more = f"（另有 {len(errors) - 1} 个）" if len(errors) > 1 else ""
        raise ReportNotCleanError(f"报告有 {len(errors)} 个错误，不能生成：{first}{more}", findings)
    for f in findings:
        _log.log(
            logging.ERROR if f.severity == "error" else logging.WARNING,
            "%s [%s] %s",
            f.rule,
            f.severity,
            f.message,
        )
    return findings


def errors(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The error findings among ``findings``.

    >>> errors([])
    ()
    """
    return tuple(f for f in findings if f.severity == "error")
