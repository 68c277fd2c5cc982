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

from operator import add

from govreport.checks._cells import Counts
from govreport.checks._findings import Finding, finding
from govreport.checks._plan import Plan
from govreport.spec import SumRule

__all__ = ["sums"]


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


def _column_sums(rows: dict[str, tuple[int, ...]], keys: tuple[str, ...]) -> list[int]:
    """The sums of the rows ``keys`` of ``rows``, column by column.

    >>> _column_sums({"a": (1, 2), "b": (3, 4), "c": (5, 6)}, ("a", "b", "c"))
    [9, 12]
    """
    return list(map(sum, zip(*map(rows.__getitem__, keys), strict=True)))


def sums(p: Plan, counts: Counts) -> list[Finding]:
    """The R1–R4 findings of a report's counts."""
    out: list[Finding] = []
    given, computed, declared = counts.given, counts.computed, counts.declared
    for table, left_rows, right_rows, instances in p.pairs:  # R1: two sums, every column at once
        g = given[table]
        if len(left_rows) == len(right_rows) == 2:  # as R1 declares them: added pairwise
            (l1, l2), (r1, r2) = left_rows, right_rows
            lefts, rights = list(map(add, g[l1], g[l2])), list(map(add, g[r1], g[r2]))
        else:
            lefts, rights = _column_sums(g, left_rows), _column_sums(g, right_rows)
        if lefts == rights:  # the usual case: no column to report
            continue
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
    if declared is None:  # every declared total is its computed value: R1 alone can report
        return out
    for table, cells in counts.differs.items():
        for total in cells:
            s = p.at.get((table, total))
            if s is not None:
                d = s.decl
                expected = computed[table][total[0]][total[1]]
                out.append(_total(d, expected, declared[table][total]))
    for (table, total, basis_computed, right, shared, d), run in zip(
        p.evaluated, p.evaluated_runs, strict=True
    ):
        actual = declared[table].get(total)
        if actual is None:
            continue
        values = computed[table] if basis_computed else given[table]
        if run is not None:  # the parts are a run of one row's columns: summed as a slice
            expected = sum(values[run[0]][run[1]])
        else:
            expected = sum([values[r][i] for r, i in right])
        if shared and expected == computed[table][total[0]][total[1]]:
            continue  # the same comparison as the earlier rule's
        if expected != actual:
            out.append(_total(d, expected, actual))
    return out
