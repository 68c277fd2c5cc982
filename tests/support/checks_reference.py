"""The checks as they were before the fast paths of the tables' rules: a reference to compare with.

:func:`reference_check` is :func:`govreport.check` as it was written before the
cells, chars, report and sums families got their fast paths (a straight copy of
that code, the narrative and years families shared); the property tests in
``tests/test_checks_fast.py`` hold that both give the same findings for every report.

>>> from govreport.model import Report
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
>>> reference_check(r)
()
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import attrs

from govreport._text import printable
from govreport.checks._chars import text_problem
from govreport.checks._findings import Finding, Findings, Severity, finding
from govreport.checks._plan import Plan, plan
from govreport.checks._text import text as narrative
from govreport.checks._years import years
from govreport.model import BLANK, NA, Amount, ApplicantCounts, Cell, Mark, Period, Report
from govreport.spec import DRAFT_MARK, RULES, SOURCE_NOTE, CellKind, Edition, SumRule

__all__ = ["reference_check"]

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

Rows = dict[str, tuple[Any, ...]]
Declared = dict[tuple[str, int], int]


@attrs.frozen
class Counts:
    """The numbers of tables 三 and 四, by table and row, each a tuple in column order."""

    computed: dict[str, Rows]
    #: The totals the report declares (and that are counts), by ``(row, column index)``.
    declared: dict[str, Declared]
    given: dict[str, Rows]
    #: The declared totals that differ from the computed ones, by table.
    differs: dict[str, list[tuple[str, int]]]
    #: The row of table 三 that holds a （六）其他处理 printed as one row (its first sub-item),
    #: ``None`` when the sub-items are given: its findings are the group row's.
    six: str | None = None


def cell(
    p: Plan,
    blank: Severity,
    table: str,
    row: str,
    column: str,
    value: Cell,
    kind: CellKind,
    na: bool,
) -> Finding | None:
    """BLANK or R5 for one cell (``None``: the cell is fine).

    >>> from govreport.model import BLANK
    >>> from govreport.spec import Edition
    >>> cell(plan(Edition.V2021), "warning", "applications", "granted", "total", BLANK,
    ...      CellKind.COUNT, False).message
    '表三 （一）予以公开 × 总计：单元格空白，应填写数字（无数据填 0）'
    """
    if value is NA:
        if na:
            return None
        label = p.cell_label(table, row, column)
        return finding("R5", None, table, row, column, "数值", "/", f"{label}：此处不可填“/”")
    if isinstance(value, Mark):
        label = p.cell_label(table, row, column)
        return finding(
            "BLANK",
            blank,
            table,
            row,
            column,
            None,
            "",
            f"{label}：单元格空白，应填写数字（无数据填 0）",
        )
    number = value.value if isinstance(value, Amount) else value
    if number < 0 and kind is not CellKind.SIGNED_COUNT:
        label = p.cell_label(table, row, column)
        return finding(
            "R5", None, table, row, column, "≥ 0", value, f"{label}：不应为负数，实为 {value}"
        )
    return None


def _counts(
    out: list[Finding],
    p: Plan,
    blank: Severity,
    table: str,
    row: str,
    keys: tuple[str, ...],
    values: tuple[Any, ...],
) -> tuple[int, ...]:
    """A row's counts as numbers for the sums; cells that are not counts ≥ 0 are reported."""
    try:
        if min(values) >= 0:
            return values  # the common case: every cell a whole number (fast path)
    except TypeError:
        pass
    for c, v in zip(keys, values, strict=True):
        if not (type(v) is int and v >= 0):
            f = cell(p, blank, table, row, c, v, CellKind.COUNT, False)
            if f is not None:
                out.append(f)
    return tuple(v if type(v) is int else 0 for v in values)


def _declared(
    out: list[Finding], p: Plan, blank: Severity, table: str, row: str, column: str, value: Any
) -> int | None:
    """A declared total as a count, or ``None`` (not declared, or reported as not a count)."""
    if value is None or (type(value) is int and value >= 0):
        return value
    f = cell(p, blank, table, row, column, value, CellKind.COUNT, False)
    if f is not None:
        out.append(f)
    return None


def _proactive(out: list[Finding], report: Report, p: Plan, blank: Severity) -> None:
    table = report.proactive_disclosure.table
    for key, columns in p.pro_rows:
        row = getattr(table, key)
        for c, kind, na in columns:
            v = getattr(row, c)
            if type(v) is int and v >= 0:
                continue
            f = cell(p, blank, "proactive_disclosure", key, c, v, kind, na)
            if f is not None:
                out.append(f)


def _rows(
    out: list[Finding],
    p: Plan,
    blank: Severity,
    t: str,
    rows: tuple[str, ...],
    values: tuple[Any, ...],
    keys: tuple[str, ...],
    get: Any,
) -> tuple[Rows, Declared, Rows, list[tuple[str, int]]]:
    """The entered rows of a table: computed, declared, given, and the declared totals that differ.

    ``values`` are the row objects, in the order of ``rows`` (read by the plan's getter).
    """
    computed: Rows = {}
    declared: Declared = {}
    given: Rows = {}
    differs: list[tuple[str, int]] = []
    last = len(keys)
    for key, row in zip(rows, values, strict=True):
        nums = get(row)
        try:
            if min(nums) < 0:  # the common case: every cell a whole number ≥ 0 (fast path)
                nums = _counts(out, p, blank, t, key, keys, nums)
        except TypeError:
            nums = _counts(out, p, blank, t, key, keys, nums)
        total = sum(nums)
        c = computed[key] = (*nums, total)
        d = row.declared_total
        if d is None or (d == total and type(d) is int and d >= 0):
            given[key] = c
            if d is not None:
                declared[key, last] = d
            continue
        if not (type(d) is int and d >= 0):
            d = _declared(out, p, blank, t, key, "total", d)
            if d is None:
                given[key] = c
                continue
        declared[key, last] = d
        if d == total:
            given[key] = c
        else:
            given[key] = (*nums, d)
            differs.append((key, last))
    return computed, declared, given, differs


def _six_rows(
    p: Plan, table: Any, rows: tuple[Any, ...], six: ApplicantCounts
) -> tuple[tuple[Any, ...], str | None]:
    """The rows of table 三 with （六）其他处理 printed as one row standing for its sub-items.

    The sub-items left blank (unknown: the reading's FORMAT finding says why) are
    not reported as BLANK; the group row counts in their place, on the first of
    them, for the sums; that row is returned with the rows (``None``: sub-items given).
    """
    subs = type(table).six_keys()
    if any(getattr(getattr(table, k), c) is not BLANK for k in subs for c in p.applicant_keys):
        return rows, None  # sub-items given too: checked as they are
    zero = ApplicantCounts.filled(0)
    return tuple(
        (six if key == subs[0] else zero) if key in subs else row
        for key, row in zip(p.app_rows, rows, strict=True)
    ), subs[0]


def _applications(
    out: list[Finding], report: Report, p: Plan, blank: Severity
) -> tuple[Rows, Declared, Rows, list[tuple[str, int]], str | None]:
    t = "applications"
    table = report.applications.table
    get, keys = p.get_applicants, p.applicant_keys
    rows = p.get_app_rows(table)
    six = getattr(table, "declared_other_processing", None)
    six_row = None
    if six is not None:
        rows, six_row = _six_rows(p, table, rows, six)
    computed, declared, given, differs = _rows(out, p, blank, t, p.app_rows, rows, keys, get)
    # the total row: computed from the rows under it (as R2 declares them), declared as a whole row
    total_row = p.total_row
    c = computed[total_row] = tuple(
        map(sum, zip(*map(computed.__getitem__, p.outcome_rows), strict=True))
    )
    seven = table.declared_results_total
    if seven is None:
        given[total_row] = c
        return computed, declared, given, differs, six_row
    values = list(c)
    for i, (column, v) in enumerate(
        zip((*keys, "total"), (*get(seven), seven.declared_total), strict=True)
    ):
        d = (
            v
            if v is None or (type(v) is int and v >= 0)
            else _declared(out, p, blank, t, total_row, column, v)
        )
        if d is not None:
            declared[total_row, i] = values[i] = d
            if d != c[i]:
                differs.append((total_row, i))
    given[total_row] = tuple(values)
    return computed, declared, given, differs, six_row


def _review(
    out: list[Finding], report: Report, p: Plan, blank: Severity
) -> tuple[Rows, Declared, Rows, list[tuple[str, int]]]:
    table = report.review_litigation.table
    rows = p.get_case_rows(table)
    return _rows(out, p, blank, "review_litigation", p.case_rows, rows, p.case_keys, p.get_cases)


def cells(report: Report, p: Plan, blank: Severity) -> tuple[list[Finding], Counts]:
    """The BLANK and R5 findings of every table, and the counts of tables 三 and 四."""
    out: list[Finding] = []
    _proactive(out, report, p, blank)
    a = _applications(out, report, p, blank)
    r = _review(out, report, p, blank)
    counts = Counts(
        computed={"applications": a[0], "review_litigation": r[0]},
        declared={"applications": a[1], "review_litigation": r[1]},
        given={"applications": a[2], "review_litigation": r[2]},
        differs={"applications": a[3], "review_litigation": r[3]},
        six=a[4],
    )
    return out, counts


def _fields(r: Report) -> Iterator[tuple[str, str, bool, bool]]:
    """Every text field: its model path, its text, whether it is one line, whether a paragraph's text."""
    yield "$.agency", r.agency, True, False
    if r.preamble is not None:
        yield "$.preamble", r.preamble, False, False
    for name in ("office", "address", "postcode", "phone"):
        yield f"$.contact.{name}", getattr(r.contact, name), True, False
    for key in Report.SECTION_KEYS:
        for i, p in enumerate(r.section(key).paragraphs):
            yield f"$.{key}.paragraphs[{i}].heading", p.heading, True, False
            yield f"$.{key}.paragraphs[{i}].text", p.text, False, True


def _any_problem(fields: list[tuple[str, str, bool, bool]]) -> bool:
    """Whether any field may hold a problem (:func:`text_problem` then says which and where).

    >>> _any_problem([("$.agency", "某局", True, False)])
    False
    >>> _any_problem([("$.agency", "某\\r局", True, False)])
    True
    """
    if not printable("\n".join(text for _, text, _, _ in fields)):
        return True
    for _, text, one_line, paragraph in fields:
        if (one_line and "\n" in text) or (paragraph and text and not text.strip()):
            return True
    return False


def chars(r: Report) -> list[Finding]:
    """A ``CHARS`` error for each text field holding what rendering would refuse.

    The field's model path is the finding's ``record``, so a reader that
    knows where each field was written (:meth:`govreport.ReadReport.locate`)
    can name the file and line.
    """
    fields = list(_fields(r))
    if not _any_problem(fields):  # the usual case: one scan of all the text, not one per field
        return []
    out: list[Finding] = []
    for field, text, one_line, paragraph in fields:
        problem = text_problem(text, one_line=one_line, paragraph=paragraph)
        if problem is None:
            continue
        position, why = problem
        out.append(
            attrs.evolve(
                finding(
                    "CHARS",
                    "error",
                    None,
                    None,
                    None,
                    "",
                    f"U+{ord(text[position]):04X}",
                    f"{field} 第 {position + 1} 个字符：{why}",
                ),
                record=field,
            )
        )
    return out


#: What the 2021 edition requires section 六 to report.
_FEE = "信息处理费"


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _edition(r: Report) -> list[Finding]:
    required = Edition.for_year(r.year)
    if r.edition is required:
        return []
    return [
        finding(
            "EDITION",
            None,
            None,
            None,
            None,
            int(required),
            int(r.edition),
            f"报告年度 {r.year} 应使用 {int(required)} 版格式（{required.spec.doc_number}），实为 {int(r.edition)} 版",
        )
    ]


def _dates(r: Report) -> list[Finding]:
    out: list[Finding] = []
    if r.period is not None and r.period != Period.of_year(r.year):
        p = r.period
        out.append(
            finding(
                "DATE",
                None,
                None,
                None,
                None,
                f"{r.year}-01-01/{r.year}-12-31",
                f"{p.start}/{p.end}",
                f"统计期限 {_date(p.start)}至{_date(p.end)} 不是报告年度 {r.year} 年全年",
            )
        )
    if r.published is None:
        out.append(finding("DATE", "warning", None, None, None, None, None, "未填写发布日期"))
        return out
    if r.published > r.deadline:
        out.append(
            finding(
                "DATE",
                None,
                None,
                None,
                None,
                r.deadline,
                r.published,
                f"发布日期 {_date(r.published)} 晚于法定期限 {_date(r.deadline)}",
            )
        )
    end = r.statistical_period.end
    if r.published <= end:
        out.append(
            finding(
                "DATE",
                "warning",
                None,
                None,
                None,
                end,
                r.published,
                f"发布日期 {_date(r.published)} 不晚于统计期限结束日 {_date(end)}，日期可能有误",
            )
        )
    return out


def _fee(r: Report) -> list[Finding]:
    if r.edition is not Edition.V2021:
        return []
    written = (p.heading + p.text for p in r.other_matters.paragraphs)
    if any(_FEE in text and DRAFT_MARK not in text for text in written):
        return []  # a placeholder that names the fee does not say how it was charged
    if not any(r.section(k).text.strip() for k in Report.SECTION_KEYS):
        return []  # no narrative written yet: nothing to judge
    heading = r.edition.spec.section("other_matters").heading
    return [
        finding(
            "FEE",
            None,
            None,
            None,
            None,
            _FEE,
            r.other_matters.text[:40],
            f"{heading} 未说明{_FEE}的收取情况（{int(r.edition)} 版格式要求）",
        )
    ]


def _draft(r: Report) -> list[Finding]:
    out: list[Finding] = []
    for key in Report.SECTION_KEYS:
        section = r.section(key)
        for i, paragraph in enumerate(section.paragraphs, start=1):
            text = paragraph.heading + paragraph.text
            at = text.find(DRAFT_MARK)
            if at < 0 or text.startswith(SOURCE_NOTE):
                continue  # a record's note is the SOURCE rule's
            quote = text[at : at + 24] + ("……" if len(text) > at + 24 else "")
            out.append(
                finding(
                    "DRAFT",
                    "warning",
                    None,
                    None,
                    None,
                    "",
                    quote,
                    f"{r.edition.spec.section(key).heading} 第 {i} 段：留有待填写内容“{quote}”",
                )
            )
    return out


#: A record's note, as :func:`govreport.sources.report.report_from_source` writes it.
_NOTE = re.compile(
    r"表 (?P<table>[^；]*)；记录 (?P<record>[^；]*)；(?:列 (?P<column>[^；]*)；)?(?P<message>.*)",
    re.S,
)


def _source(r: Report) -> list[Finding]:
    """One SOURCE error per note of a record that a report computed from records could not use as it is.

    >>> from govreport.model import Paragraph, Section
    >>> import attrs
    >>> note = SOURCE_NOTE + "表 台账；记录 A-7；列 收到日期；收到日期 不是日期 (not a date): 昨天 [bad_date]"
    >>> r = attrs.evolve(Report.new("某局", 2024), overview=Section([Paragraph(note)]))
    >>> f = _source(r)[0]
    >>> f.where, f.record, f.column
    ('台账 台账 记录 A-7 列 收到日期', 'A-7', '收到日期')
    """
    out: list[Finding] = []
    for key in Report.SECTION_KEYS:
        for i, paragraph in enumerate(r.section(key).paragraphs, start=1):
            text = paragraph.heading + paragraph.text
            if not text.startswith(SOURCE_NOTE):
                continue
            body = text[len(SOURCE_NOTE) :]
            m = _NOTE.fullmatch(body)
            table, record, column = (m["table"], m["record"], m["column"]) if m else (None,) * 3
            what = " ".join(p for p in ("台账", table, "记录" if record else None, record) if p)
            if column:
                what += f" 列 {column}"
            message = m["message"] if m else body
            out.append(
                Finding(
                    "SOURCE",
                    "error",
                    None,  # the agency's table, not one of the report's
                    None,
                    column or None,
                    None,
                    None,
                    f"{r.edition.spec.section(key).heading} 第 {i} 段：{what} 未按原样计入：{message}"
                    "（修正台账后重新生成报告；或核实数值后删去本段）",
                    record=record or None,
                    where=what,
                )
            )
    return out


def report_rules(r: Report) -> list[Finding]:
    """The EDITION, DATE, FEE, DRAFT and SOURCE findings of a report."""
    return [*_edition(r), *_dates(r), *_fee(r), *_draft(r), *_source(r)]


def _total(d: SumRule, expected: int, actual: int) -> Finding:
    return finding(
        d.rule,
        None,
        d.table,
        d.row,
        d.column,
        expected,
        actual,
        f"{d.where}：应为 {expected}（{d.right_label}），实为 {actual}",
        d.cells,
    )


def sums(p: Plan, counts: Counts) -> list[Finding]:
    """The R1–R4 findings of a report's counts."""
    out: list[Finding] = []
    given, computed, declared = counts.given, counts.computed, counts.declared
    for table, left_rows, right_rows, instances in p.pairs:  # R1: two sums, every column at once
        g = given[table]
        lefts = list(map(sum, zip(*map(g.__getitem__, left_rows), strict=True)))
        rights = list(map(sum, zip(*map(g.__getitem__, right_rows), strict=True)))
        for i, d in instances:
            a, b = lefts[i], rights[i]
            if a != b:
                out.append(
                    finding(
                        d.rule,
                        None,
                        table,
                        None,
                        d.column,
                        a,
                        b,
                        f"{d.where}：{d.left_label}为 {a}，{d.right_label}为 {b}，两者应相等",
                        d.cells,
                    )
                )
    for table, cells in counts.differs.items():
        for total in cells:
            s = p.at.get((table, total))
            if s is not None:
                d = s.decl
                expected = computed[table][total[0]][total[1]]
                out.append(_total(d, expected, declared[table][total]))
    for table, total, basis_computed, right, shared, d in p.evaluated:
        actual = declared[table].get(total)
        if actual is None:
            continue
        values = computed[table] if basis_computed else given[table]
        expected = sum([values[r][i] for r, i in right])
        if shared and expected == computed[table][total[0]][total[1]]:
            continue  # the same comparison as the earlier rule's
        if expected != actual:
            out.append(_total(d, expected, actual))
    return out


def _at_group(self: Plan, findings: list[Finding], row: str) -> list[Finding]:
    if self.six is None:
        return findings
    group, subs, label, sub_label = self.six
    others = frozenset(subs[1:])
    out: list[Finding] = []
    for f in findings:
        if f.table != "applications" or (f.row != row and not any(c[1] in subs for c in f.cells)):
            out.append(f)
            continue
        cells = tuple(
            ("applications", group, c[2]) if c[1] == row else c
            for c in f.cells
            if c[0] != "applications" or c[1] not in others
        )
        if f.row == row:
            f = attrs.evolve(f, row=group, message=f.message.replace(sub_label, label, 1))
        out.append(attrs.evolve(f, cells=cells))
    return out


def _sort_key(self: Plan, f: Finding) -> tuple[int, int, int, int]:
    """The place of a finding in the report's order."""
    if f.table is None:
        return (0, 0, 0, _RULE_ORDER[f.rule])
    ti, ri, ci = self.order.get((f.table, f.row, f.column), (9, 0, 0))
    return (ti, ri, ci, _RULE_ORDER[f.rule])


def reference_check(
    report: Report, previous: Report | None = None, *, blank: Severity = "error"
) -> Findings:
    """:func:`govreport.check` as it was (see the module's docstring)."""
    p = plan(report.edition)
    out = report_rules(report)
    out += chars(report)
    found, counts = cells(report, p, blank)
    if counts.six is None:
        out += found
        out += sums(p, counts)
    else:
        out += _at_group(p, [*found, *sums(p, counts)], counts.six)
    out += narrative(report, p, counts)  # type: ignore[arg-type]
    if previous is not None:
        out += years(report, previous, p, counts)  # type: ignore[arg-type]
    if len(out) > 1:
        out.sort(key=lambda f: _sort_key(p, f))
    return Findings(out)
