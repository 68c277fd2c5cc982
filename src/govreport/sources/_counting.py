"""What the Python and the SQL tallies share: the year, the cells, how outcomes fold into rows, findings.

>>> cells = Cells()
>>> add_application(cells, "natural_person", "granted", new=True, carried_over=False, closed=True, forward=False)
>>> applications_table(cells, Edition.V2021).granted.natural_person
1
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from govreport.model import ApplicantCounts, Table, table_class
from govreport.sources.mapping import ApplicationsMapping, nearest
from govreport.sources.records import SourceFinding
from govreport.spec import VOCABULARIES, Edition, counted_row

__all__ = [
    "Cells",
    "Year",
    "add_application",
    "applications_table",
    "finding",
    "fold_outcome",
    "map_outcome_codes",
    "resolve_outcomes",
    "sorted_findings",
    "unmapped",
]

_OUTCOME_ORDER = {k: i for i, k in enumerate(VOCABULARIES["outcomes"].labels)}


def fold_outcome(key: str, edition: Edition) -> str:
    """The outcome row of ``edition`` that an outcome key is counted in.

    A 2021 （六） sub-row folds into the single （六）其他处理 row of the 2019
    edition; the 2019 row, in a 2021-edition year, is （六）3.其他.

    >>> fold_outcome("other_fee_unpaid", Edition.V2019), fold_outcome("other_processing", Edition.V2021)
    ('other_processing', 'other_other')
    """
    return counted_row("applications", key, edition)


def resolve_outcomes(keys: Iterable[str], edition: Edition) -> str:
    """The one outcome row an application is counted in, given all its outcome keys.

    Several outcomes of which one grants (all or part) count as 部分公开
    (「区分处理的，只计这一情形」); several without a grant count under the
    first in printed order.

    >>> resolve_outcomes(["granted", "denied_state_secret"], Edition.V2021)
    'partially_granted'
    >>> resolve_outcomes(["unable_not_held", "denied_third_party_rights"], Edition.V2021)
    'denied_third_party_rights'
    """
    distinct = set(keys)
    if not distinct:
        raise ValueError("an application closed without an outcome")
    if len(distinct) == 1:
        return fold_outcome(distinct.pop(), edition)
    if distinct & {"granted", "partially_granted"}:
        return "partially_granted"
    return fold_outcome(min(distinct, key=_OUTCOME_ORDER.__getitem__), edition)


@attrs.frozen
class Year:
    """A report year: 1 January to 1 January of the next year (exclusive)."""

    start: dt.date
    end: dt.date  # 1 January of the next year (exclusive)

    @classmethod
    def of(cls, year: int) -> Year:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    def within(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day < self.end


class Cells:
    """Counts per (row, column), made into a table at the end."""

    def __init__(self) -> None:
        self.counts: defaultdict[tuple[str, str], int] = defaultdict(int)

    def add(self, row: str, column: str, n: int = 1) -> None:
        self.counts[row, column] += n


def add_application(
    cells: Cells,
    column: str,
    outcome: str | None,
    *,
    new: bool,
    carried_over: bool,
    closed: bool,
    forward: bool,
    n: int = 1,
) -> None:
    """Add ``n`` applications of one kind to the cells (shared by the Python and SQL paths)."""
    if new:
        cells.add("new_received", column, n)
    if carried_over:
        cells.add("carried_over", column, n)
    if closed and outcome is not None:
        cells.add(outcome, column, n)
    if forward:
        cells.add("carried_forward", column, n)


def applications_table(cells: Cells, edition: Edition) -> Table:
    """The table 三 of ``edition`` whose every cell is the count in ``cells`` (zero if none)."""
    cls = table_class("applications", edition)
    rows: dict[str, Any] = {}
    for key in cls.row_keys():
        if key == "declared_results_total":
            continue
        rows[key] = ApplicantCounts(
            **{c: cells.counts.get((key, c), 0) for c in ApplicantCounts.input_keys}
        )
    table: Table = cls(**rows)
    return table


def map_outcome_codes(
    codes: Sequence[str], mapping: ApplicationsMapping, edition: Edition
) -> tuple[str | None, str | None]:
    """``(outcome row, None)``, or ``(None, problem)`` when a code is missing or unmapped.

    >>> map_outcome_codes(["GK"], ApplicationsMapping(outcome_codes={"GK": "granted"}), Edition.V2021)
    ('granted', None)
    >>> map_outcome_codes(["XX"], ApplicationsMapping(outcome_codes={}), Edition.V2021)[1]
    'unmapped_code'
    """
    if not codes:
        return None, "missing_outcome"
    keys = []
    for code in codes:
        key = mapping.outcome_codes.get(code)
        if key is None:
            return None, "unmapped_code"
        keys.append(key)
    return resolve_outcomes(keys, edition), None


def unmapped(what: str, codes: Sequence[str] | str, vocabulary: str) -> str:
    """The detail of an ``unmapped_code`` finding: the code(s), and the nearest category when one is close.

    >>> unmapped("申请人类型", "自然人们", "applicant_types")
    "申请人类型 '自然人们'（最接近的类别：自然人）"
    """
    text = codes if isinstance(codes, str) else "; ".join(codes)
    vocab = VOCABULARIES[vocabulary]
    first = text if isinstance(codes, str) else next(iter(codes), "")
    close = nearest(first, vocab.spellings)
    hint = f"（最接近的类别：{vocab.labels[vocab.spellings[close]]}）" if close else ""
    return f"{what} {text!r}{hint}"


def finding(rule: str, record_id: str, table: str, detail: str = "") -> SourceFinding:
    messages = {
        "duplicate_id": "编号重复，涉及的记录均未计入 (duplicate id: every record with it is skipped)",
        "missing_date": "缺少日期，未计入 (missing date: skipped)",
        "closed_before_received": "办结日期早于收到日期，未计入 (closed before received: skipped)",
        "unmapped_code": "代码未在映射文件中定义，未计入 (unmapped code: skipped)",
        "missing_outcome": "已办结但没有办理结果代码，未计入 (closed without an outcome: skipped)",
    }
    message = messages[rule] + (f"：{detail}" if detail else "")
    return SourceFinding(rule, record_id, message, table=table)


def sorted_findings(findings: Iterable[SourceFinding]) -> tuple[SourceFinding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.table, f.record_id, f.rule, f.message)))
