"""Rule family *sums*: R1–R4, evaluated from their declarations (:func:`govreport.spec.sum_rules`).

Each declaration is evaluated on the :class:`~govreport.checks._cells.Counts`:
R1 compares its two sums as given; R2–R4 compare a declared total (no
declared total, nothing to compare) with the sum of its parts, valued as the
declaration's ``basis`` says. A total that an earlier rule already compared
with the same expected value is not reported twice (（七）总计 × 总计 is the
total of both R2 and R3).

>>> from govreport.model import Report
>>> from govreport.spec import Edition
>>> from govreport.checks._cells import cells, plan
>>> p = plan(Edition.V2021)
>>> sums(p, cells(Report.new("某局", 2024), p, "error")[1])
[]
"""

from __future__ import annotations

from govreport.checks._cells import Counts
from govreport.checks._findings import Finding, finding
from govreport.checks._plan import Plan

__all__ = ["sums"]


def sums(p: Plan, counts: Counts) -> list[Finding]:
    """The R1–R4 findings of a report's counts."""
    out: list[Finding] = []
    given, computed, declared = counts.given, counts.computed, counts.declared
    for table, left, right, d in p.pairs:  # R1: two sums
        g = given[table]
        a = sum([g[r][i] for r, i in left])
        b = sum([g[r][i] for r, i in right])
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
    checked: dict[tuple[str, tuple[str, int]], int] = {}
    for table, total, precomputed, basis_computed, right, shared, d in p.totals:
        actual = declared[table].get(total)
        if actual is None:
            continue
        if precomputed:
            expected = computed[table][total[0]][total[1]]
        else:
            values = computed[table] if basis_computed else given[table]
            expected = sum([values[r][i] for r, i in right])
        if shared:
            if checked.get((table, total)) == expected:
                continue
            checked[table, total] = expected
        if expected != actual:
            out.append(
                finding(
                    d.rule,
                    None,
                    table,
                    d.row,
                    d.column,
                    expected,
                    actual,
                    f"{d.where}：应为 {expected}（{d.right_label}），实为 {actual}",
                    d.cells,
                )
            )
    return out
