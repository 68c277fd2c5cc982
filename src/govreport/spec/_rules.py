"""The consistency rules (勾稽关系) as data: the registry, and the sums R1–R4 as cells.

:data:`RULES` lists every rule with its id, default severity, title and an
example message (``docs/rules.md`` lists the same, a test keeps them in step).

:func:`sum_rules` declares R1–R4 for an edition: which cells add up to which,
each declaration derived from the table specs (the rows, their parents, the
derived columns), never from hand-written key lists:

* R1, per column of table 三: the top-level rows before the result group
  (一、二) add up to the group's total row and the top-level rows after it
  (（七）总计、四);
* R2, per column of table 三: the total row of the result group adds up to
  the data rows under the group;
* R3, per data row of table 三 and R4, per group of table 四: the derived
  column (总计) adds up to the entered columns.

Each declaration carries the labels that the findings and the fill-in
workbook print, taken from the spec. Nothing here evaluates a report.

>>> r1 = sum_rules(Edition.V2021)[0]
>>> r1.rule, r1.where, r1.left, r1.right
('R1', '表三 自然人列', (('new_received', 'natural_person'), ('carried_over', 'natural_person')), (('results_total', 'natural_person'), ('carried_forward', 'natural_person')))
>>> r1.text
'一、二之和 = （七）总计与四之和'
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import attrs

from govreport.spec._editions import Edition, RowKind, RowSpec, TableSpec

__all__ = [
    "RULES",
    "Rule",
    "Severity",
    "SumRule",
    "cell_label",
    "row_label",
    "sum_rules",
    "table_name",
]

#: How serious a finding is.
Severity = Literal["error", "warning"]


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
            "SOURCE",
            "error",
            "由台账生成的报告中有记录未按原样计入（未计入或按 0 计），尚未修正或核实",
            "一、总体情况 第 5 段：台账 申请台账 记录 A-7 列 收到日期 未按原样计入：收到日期 不是日期 (not a date): 昨天 [bad_date]",
        ),
        Rule(
            "CHARS",
            "error",
            "文字中有 Word 文档印不出的字符（控制字符、单独的代理码位、回车符），只有一行的栏目中有换行，或段落只有空白字符",
            "$.agency 第 2 个字符：U+000B 不能写入 Word 文档 (XML 1.0 cannot hold it)",
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
        Rule(
            "FORMAT",
            "warning",
            "读入的报告与统一格式有出入：印刷了不属于任何单元格的内容，或写法不规范（逐项指明位置）",
            "表格 2 第 25 行第 2 列：“其他主动公开文件”未读入（标签不是本表的行）",
        ),
    )
}

# --------------------------------------------------------------------------- labels


def table_name(table: TableSpec) -> str:
    """How messages name a table: 表 and its section number.

    >>> table_name(Edition.V2021.spec.table("review_litigation"))
    '表四'
    """
    return f"表{table.number}"


@cache
def _row_labels(edition: Edition) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for table in edition.spec.tables:
        for r in table.data_rows:
            label = r.label
            parent = table.row(r.parent) if r.parent else None
            if (
                parent is not None
                and parent.kind is RowKind.GROUP
                and (table.key == "review_litigation" or r.level >= 2)
            ):
                label = f"{parent.label} {label}"
            if r.block is not None:
                label = f"{table.block(r.block).caption} {label}"
            out[table.key, r.key] = label
    return out


def row_label(edition: Edition, table: str, row: str) -> str:
    """How messages name a row: its printed label, after its group or block where that is needed.

    A numbered sub-row of table 三 is named after its group (the numbers
    repeat under each group), a group of table 四 after 行政诉讼, a row of
    table 二 after its block caption.

    >>> row_label(Edition.V2021, "applications", "denied_state_secret")
    '（三）不予公开 1.属于国家秘密'
    >>> row_label(Edition.V2021, "review_litigation", "litigation_direct")
    '行政诉讼 未经复议直接起诉'
    """
    return _row_labels(edition)[table, row]


def cell_label(edition: Edition, table: str, row: str, column: str) -> str:
    """How messages name a cell: the table, the row (see :func:`row_label`) × the column.

    >>> cell_label(Edition.V2021, "applications", "granted", "total")
    '表三 （一）予以公开 × 总计'
    """
    spec = edition.spec.table(table)
    return f"{table_name(spec)} {row_label(edition, table, row)} × {spec.row(row).column(column).label}"


# --------------------------------------------------------------------------- R1–R4

#: The Chinese numerals, by value, for 六列.
_NUMERALS = "〇一二三四五六七八九十"
_TOP_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")
_SUB_NUMBER = re.compile(r"^(（[一二三四五六七八九十]+）)")

Ref = tuple[str, str]


@attrs.frozen
class SumRule:
    """One instance of a sum rule: the cells on the left add up to the cells on the right.

    The cells are ``(row, column)`` keys of ``table``. For R2–R4 the left is
    the one total cell (``row``, ``column``) and the right its parts; for R1
    (``row`` is ``None``: a whole column) both sides are sums. ``basis``
    says how the right side's cells are valued: ``"given"`` -- a total as the
    report declares it, where it does -- or ``"computed"`` -- as computed from
    the entered cells (R2: the total row must agree with the rows entered
    above it, whatever totals they declare).

    >>> r4 = sum_rules(Edition.V2021)[-1]
    >>> r4.where, r4.left, r4.right_label
    ('表四 行政诉讼 复议后起诉 × 总计', (('litigation_after_review', 'total'),), '结果维持、结果纠正、其他结果、尚未审结之和')
    >>> r4.cells[:2]
    (('review_litigation', 'litigation_after_review', 'total'), ('review_litigation', 'litigation_after_review', 'maintained'))
    """

    rule: str
    table: str
    #: The row the finding names (``None`` for R1: the whole column).
    row: str | None
    column: str
    left: tuple[Ref, ...]
    right: tuple[Ref, ...]
    #: Where the finding is, as printed: ``表三 自然人列``, ``表三 （七）总计 × 自然人``.
    where: str
    #: What the left side is: ``一、二之和``, ``（七）总计``, ``总计``.
    left_label: str
    #: What the right side is: ``（七）总计与四之和``, ``（一）至（六）各项之和`` …
    right_label: str
    basis: Literal["given", "computed"] = "given"

    @property
    def cells(self) -> tuple[tuple[str, str, str], ...]:
        """Every cell involved, as ``(table, row, column)``, left side first."""
        return tuple((self.table, r, c) for r, c in (*self.left, *self.right))

    @property
    def text(self) -> str:
        """The rule as one line: ``左边 = 右边``.

        >>> sum_rules(Edition.V2019)[7].text
        '（七）总计 = （一）至（六）各项之和'
        """
        return f"{self.left_label} = {self.right_label}"


def _number(row: RowSpec, pattern: re.Pattern[str]) -> str:
    m = pattern.match(row.label)
    return m.group(1) if m else row.label


def _result_group(table: TableSpec) -> tuple[RowSpec, RowSpec, tuple[RowSpec, ...]]:
    """The group that holds a total row, the total row, and the data rows under the group."""
    total = next(r for r in table.rows if r.kind is RowKind.TOTAL)
    assert total.parent is not None
    group = table.row(total.parent)
    under: list[RowSpec] = []
    keys = {group.key}
    for r in table.rows:
        if r.parent in keys:
            keys.add(r.key)
            if r.kind is RowKind.DATA:
                under.append(r)
    return group, total, tuple(under)


def _r1(edition: Edition, table: TableSpec) -> list[SumRule]:
    group, total, _ = _result_group(table)
    tops = table.children(None)
    at = tops.index(group)
    before = [r for r in tops[:at] if r.kind is RowKind.DATA]
    after = [total, *(r for r in tops[at + 1 :] if r.kind is RowKind.DATA)]
    left_label = "、".join(_number(r, _TOP_NUMBER) for r in before) + "之和"
    right_label = "与".join(_number(r, _TOP_NUMBER) for r in after) + "之和"
    return [
        SumRule(
            "R1",
            table.key,
            None,
            c.key,
            tuple((r.key, c.key) for r in before),
            tuple((r.key, c.key) for r in after),
            f"{table_name(table)} {c.label}列",
            left_label,
            right_label,
        )
        for c in table.columns
    ]


def _r2(edition: Edition, table: TableSpec) -> list[SumRule]:
    group, total, under = _result_group(table)
    items = [r for r in table.children(group.key) if r.kind is not RowKind.TOTAL]
    right_label = f"{_number(items[0], _SUB_NUMBER)}至{_number(items[-1], _SUB_NUMBER)}各项之和"
    return [
        SumRule(
            "R2",
            table.key,
            total.key,
            c.key,
            ((total.key, c.key),),
            tuple((r.key, c.key) for r in under),
            cell_label(edition, table.key, total.key, c.key),
            total.label,
            right_label,
            basis="computed",
        )
        for c in table.columns
    ]


def _row_totals(edition: Edition, table: TableSpec, rule: str) -> list[SumRule]:
    out: list[SumRule] = []
    for r in table.data_rows:
        parts = r.input_columns
        derived = [c for c in r.columns if c.derived]
        if table.key == "applications":
            right_label = f"{parts[0].label}至{parts[-1].label}{_NUMERALS[len(parts)]}列之和"
        else:
            right_label = "、".join(c.label for c in parts) + "之和"
        out.extend(
            SumRule(
                rule,
                table.key,
                r.key,
                d.key,
                ((r.key, d.key),),
                tuple((r.key, c.key) for c in parts),
                cell_label(edition, table.key, r.key, d.key),
                d.label,
                right_label,
            )
            for d in derived
        )
    return out


@cache
def sum_rules(edition: Edition) -> tuple[SumRule, ...]:
    """R1–R4 of an edition, in order: R1 and R2 per column of table 三, R3 per row, R4 per group.

    >>> from collections import Counter
    >>> sorted(Counter(d.rule for d in sum_rules(Edition.V2021)).items())
    [('R1', 7), ('R2', 7), ('R3', 25), ('R4', 3)]
    >>> sum_rules(Edition.V2021)[16].where
    '表三 （一）予以公开 × 总计'
    """
    spec = edition.spec
    applications = spec.table("applications")
    return (
        *_r1(edition, applications),
        *_r2(edition, applications),
        *_row_totals(edition, applications, "R3"),
        *_row_totals(edition, spec.table("review_litigation"), "R4"),
    )
