"""Rule family *cells*: BLANK and R5 for every cell, and the counts of tables 三 and 四 as numbers.

:func:`cells` reads each table once. Besides its findings it returns the
:class:`Counts` the sums need: for each row of tables 三 and 四 a tuple in
the table's column order, as *computed* from the entered cells and as
*given* (a total as declared where the report declares it, else computed);
and the totals the report *declares*, where they are counts.

>>> from govreport.model import Report
>>> from govreport.spec import Edition
>>> found, counts = cells(Report.new("某局", 2024), plan(Edition.V2021), "error")
>>> found, counts.given["review_litigation"]["review"]
([], (0, 0, 0, 0, 0))
"""

from __future__ import annotations

from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple

from govreport.checks._findings import Finding, Severity, finding
from govreport.checks._plan import Plan, plan
from govreport.model import BLANK, NA, Amount, ApplicantCounts, Cell, Mark, Report
from govreport.spec import CellKind

__all__ = ["Counts", "cell", "cells", "plan"]

Rows = dict[str, tuple[Any, ...]]
Declared = dict[tuple[str, int], int]


class Counts(NamedTuple):
    """The numbers of tables 三 and 四, by table and row, each a tuple in column order.

    (A named tuple rather than an attrs class: one is made for every check, and a tuple is
    made fastest.)
    """

    computed: dict[str, Rows]
    #: The totals the report declares (and that are counts), by ``(row, column index)``;
    #: ``None`` when every total the report declares is a count equal to its computed value
    #: (the usual report: nothing for R2–R4 to compare, so they are not kept).
    declared: dict[str, Declared] | None
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
    # Fast path: every count a whole number >= 0 and every signed count a whole number (no
    # mark) is the usual table, where only the money and amount cells remain to be looked at
    # (in the order the full loop below would report them: the counts report nothing).
    try:
        counts_fine = min(p.get_pro_counts(table)) >= 0
    except TypeError:  # a mark among the counts
        counts_fine = False
    if counts_fine:
        signed = p.get_pro_signed(table)
        if BLANK not in signed and NA not in signed:
            for (key, c, kind, na), v in zip(p.pro_others, p.get_pro_others(table), strict=True):
                if type(v) is Decimal and not v < 0:
                    continue  # an amount in 万元 ≥ 0 (what :func:`cell` finds nothing in)
                f = cell(p, blank, "proactive_disclosure", key, c, v, kind, na)
                if f is not None:
                    out.append(f)
            return
    for key, columns in p.pro_rows:
        row = getattr(table, key)
        for c, kind, na in columns:
            v = getattr(row, c)
            if type(v) is int and v >= 0:
                continue
            f = cell(p, blank, "proactive_disclosure", key, c, v, kind, na)
            if f is not None:
                out.append(f)


#: Tables of this many rows or fewer are read row by row: the fast path costs more calls.
_FEW = 3


def _rows(
    out: list[Finding],
    p: Plan,
    blank: Severity,
    t: str,
    rows: tuple[str, ...],
    values: tuple[Any, ...],
    keys: tuple[str, ...],
    get: Any,
    get_declared: Any,
) -> tuple[Rows, Declared, Rows, list[tuple[str, int]]]:
    """The entered rows of a table: computed, declared, given, and the declared totals that differ.

    ``values`` are the row objects, in the order of ``rows`` (read by the plan's getter);
    ``get`` reads a row's entered cells, ``get_declared`` the same and its declared total.
    """
    # The fast path of a table whose totals are not declared (a report computed from records):
    # every cell a number >= 0, read in a few calls over the whole table instead of row by
    # row (table 四's three rows are read as fast one by one). ``given`` is then ``computed``
    # itself: nothing differs, and the caller copies it before it would. A table with its
    # totals declared and right is taken before, with the other one (:func:`_clean_tables`).
    if len(values) <= _FEW:
        return _each_row(out, p, blank, t, rows, values, keys, get)
    full = list(map(get_declared, values))
    if all(row[-1] is None for row in full):  # no total declared: the cells alone
        entered = list(map(get, values))
        try:
            clean = min(chain.from_iterable(entered)) >= 0
        except TypeError:
            clean = False
        if clean:
            computed = {key: (*n, sum(n)) for key, n in zip(rows, entered, strict=True)}
            return computed, {}, computed, []
    return _each_row(out, p, blank, t, rows, values, keys, get)


def _each_row(
    out: list[Finding],
    p: Plan,
    blank: Severity,
    t: str,
    rows: tuple[str, ...],
    values: tuple[Any, ...],
    keys: tuple[str, ...],
    get: Any,
) -> tuple[Rows, Declared, Rows, list[tuple[str, int]]]:
    """:func:`_rows` in the straightforward formulation, row by row: whatever the fast paths do not take."""
    last = len(keys)
    computed: Rows = {}
    declared: Declared = {}
    given: Rows = {}
    differs: list[tuple[str, int]] = []
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


def _clean_tables(p: Plan, table3: Any, table4: Any) -> Counts | None:
    """The counts of tables 三 and 四 when no cell is reported and no total differs, else ``None``.

    The fast path of the usual report (:attr:`Plan.read_clean` says what it takes); ``None``
    when anything is otherwise, or when （六） is printed as one row: then
    :func:`_applications` and :func:`_review` look at each row, and report what they find.
    """
    clean = p.read_clean(table3, table4)
    if clean is None:
        return None
    applications, review = clean
    # nothing differs: what is given is what is computed (the same dicts), and every declared
    # total is right (``declared=None``)
    return Counts(
        computed={"applications": applications, "review_litigation": review},
        declared=None,
        given={"applications": applications, "review_litigation": review},
        differs={"applications": [], "review_litigation": []},
    )


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
    computed, declared, given, differs = _rows(
        out, p, blank, t, p.app_rows, rows, keys, get, p.get_applicants_declared
    )
    # the total row: computed from the rows under it (as R2 declares them), declared as a whole row
    total_row = p.total_row
    c = computed[total_row] = tuple(
        map(sum, zip(*map(computed.__getitem__, p.outcome_rows), strict=True))
    )
    seven = table.declared_results_total
    if seven is None:
        given[total_row] = c
        return computed, declared, given, differs, six_row
    if given is computed:  # shared while nothing differed (see _rows): the total row may differ
        given = computed.copy()
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
    return _rows(
        out,
        p,
        blank,
        "review_litigation",
        p.case_rows,
        rows,
        p.case_keys,
        p.get_cases,
        p.get_cases_declared,
    )


def cells(report: Report, p: Plan, blank: Severity) -> tuple[list[Finding], Counts]:
    """The BLANK and R5 findings of every table, and the counts of tables 三 and 四."""
    out: list[Finding] = []
    _proactive(out, report, p, blank)
    clean = _clean_tables(p, report.applications.table, report.review_litigation.table)
    if clean is not None:
        return out, clean
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
