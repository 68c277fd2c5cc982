"""Rule family *years*: last year's report against this year's (X1, X2, X3).

>>> from govreport.model import Report
>>> from govreport.checks._cells import cells, plan
>>> r = Report.new("某局", 2024)
>>> p = plan(r.edition)
>>> years(r, Report.new("某局", 2023), p, cells(r, p, "error")[1])
[]
"""

from __future__ import annotations

from typing import Any

from govreport.checks._cells import Counts
from govreport.checks._findings import Finding, finding
from govreport.checks._plan import Plan
from govreport.model import Report
from govreport.spec import Edition

__all__ = ["years"]


def _carried(r: Report, prev: Report, p: Plan, counts: Counts) -> list[Finding]:
    """X1: this year's 上年结转 is last year's 结转下年度继续办理, column by column."""
    out: list[Finding] = []
    before = prev.applications.table
    now = r.applications.table
    forward = prev.edition.spec.table("applications").row("carried_forward").label
    for c in (*p.applicant_keys, "total"):
        expected: Any = before.declared("carried_forward", c)  # as printed last year, else computed
        if type(expected) is not int:
            expected = before.carried_forward.cell(c)
        actual = (
            counts.given["applications"]["carried_over"][-1]
            if c == "total"
            else now.carried_over.cell(c)
        )
        if type(expected) is int and type(actual) is int and expected != actual:
            label = p.cell_label("applications", "carried_over", c)
            out.append(
                finding(
                    "X1",
                    None,
                    "applications",
                    "carried_over",
                    c,
                    expected,
                    actual,
                    f"{label}：应为 {expected}（上年报告 {forward}），实为 {actual}",
                )
            )
    return out


def _items_2019(r: Report, prev: Report, p: Plan) -> list[Finding]:
    """X2: 上一年项目数量 is last year's plus last year's 本年增/减."""
    out: list[Finding] = []
    pt, ct = prev.proactive_disclosure.table, r.proactive_disclosure.table
    spec = r.edition.spec.table("proactive_disclosure")
    for key, columns in p.pro_rows:
        if columns[0][0] != "prior_year_items":
            continue
        change = spec.row(key).column("change_this_year").label
        p_items, p_change = pt.cell(key, "prior_year_items"), pt.cell(key, "change_this_year")
        now_items = ct.cell(key, "prior_year_items")
        if not all(type(v) is int for v in (p_items, p_change, now_items)):
            continue
        want: Any = p_items + p_change  # type: ignore[operator]
        if now_items != want:
            label = p.cell_label("proactive_disclosure", key, "prior_year_items")
            out.append(
                finding(
                    "X2",
                    None,
                    "proactive_disclosure",
                    key,
                    "prior_year_items",
                    want,
                    now_items,
                    f"{label}：应为 {want}（上年报告 {p_items} + {change} {p_change}），实为 {now_items}",
                )
            )
    return out


def _effective_2021(r: Report, prev: Report, p: Plan) -> list[Finding]:
    """X3: 现行有效件数 is about last year's plus 本年制发 minus 本年废止."""
    out: list[Finding] = []
    pt, ct = prev.proactive_disclosure.table, r.proactive_disclosure.table
    for key in ("regulations", "normative_documents"):
        last = pt.cell(key, "currently_effective")
        issued, repealed = ct.cell(key, "issued_this_year"), ct.cell(key, "repealed_this_year")
        now_eff = ct.cell(key, "currently_effective")
        if not all(type(v) is int for v in (last, issued, repealed, now_eff)):
            continue
        approx: Any = last + issued - repealed  # type: ignore[operator]
        if now_eff != approx:
            label = p.cell_label("proactive_disclosure", key, "currently_effective")
            out.append(
                finding(
                    "X3",
                    None,
                    "proactive_disclosure",
                    key,
                    "currently_effective",
                    approx,
                    now_eff,
                    f"{label}：约为 {approx}（上年 {last} + 本年制发 {issued} − 本年废止 {repealed}），实为 {now_eff}",
                )
            )
    return out


def years(r: Report, prev: Report, p: Plan, counts: Counts) -> list[Finding]:
    """The X1, X2 and X3 findings of ``r`` against last year's ``prev``.

    A ``prev`` for another year than the one before raises :class:`ValueError`.
    """
    if prev.year != r.year - 1:
        raise ValueError(
            f"previous: 上年报告应为 {r.year - 1} 年度，实为 {prev.year} 年度 "
            f"(the previous report must be for {r.year - 1})"
        )
    out = _carried(r, prev, p, counts)
    if r.edition is Edition.V2019 and prev.edition is Edition.V2019:
        out += _items_2019(r, prev, p)
    if r.edition is Edition.V2021 and prev.edition is Edition.V2021:
        out += _effective_2021(r, prev, p)
    return out
