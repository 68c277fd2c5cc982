"""Tallying records into the statutory tables, by the statutory meaning of each cell.

This is the reference implementation: it reads every record in Python. The
SQL source (:mod:`govreport.sources.sql`) gives the same tables from GROUP BY
queries. The rules, and why, are in ``docs/sources.md``; in short, for a
report year Y:

* 本年新收: received in Y; 上年结转: received before Y and not closed before
  1 January Y; 本年度办理结果: closed in Y, by outcome; 结转下年度继续办理:
  received by 31 December Y and not closed by then. R1 holds by construction.
* An application with several outcomes counts once: as 部分公开 when any part
  was granted, otherwise under the first of its outcomes in printed order.
* A record that cannot be used (duplicate id, missing date, closed before
  received, unmapped code) is skipped with a finding naming its id.

>>> import datetime as dt
>>> from govreport.sources.records import ApplicationRecord as A
>>> recs = [A("1", "2023-12-20", "2024-01-10", "natural_person", "granted"),
...         A("2", "2024-03-01", None, "commercial_enterprise"),
...         A("3", "2024-04-01", "2024-04-09", "natural_person", ("granted", "denied_state_secret"))]
>>> r = tally_applications(recs, 2024)
>>> t = r.table
>>> t.new_received.total, t.carried_over.total, t.results_total.total, t.carried_forward.total
(2, 1, 2, 1)
>>> t.partially_granted.natural_person, r.used, r.skipped
(1, 3, 0)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from govreport.model import (
    Amount,
    CaseCounts,
    ReviewLitigation,
    Table,
    table_class,
)
from govreport.sources._counting import (
    Cells,
    Year,
    add_application,
    applications_table,
    finding,
    fold_outcome,
    map_outcome_codes,
    resolve_outcomes,
    sorted_findings,
    unmapped,
)
from govreport.sources.mapping import (
    ApplicationsMapping,
    CasesMapping,
    CountsMapping,
    DocumentsMapping,
)
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    NormativeDocument,
    SourceFinding,
)
from govreport.spec import VOCABULARIES, Edition

__all__ = [
    "TallyResult",
    "fold_outcome",
    "resolve_outcomes",
    "tally_applications",
    "tally_cases",
    "tally_counts",
    "tally_documents",
]

#: The rows of table 二 that the register of documents gives; the others come from yearly counts.
_DOCUMENT_ROWS = tuple(VOCABULARIES["document_kinds"].labels)


@attrs.frozen
class TallyResult:
    """A tallied table and the account of the records behind it.

    ``used`` records contributed to the table, ``skipped`` records could not
    be used (each has a finding), ``outside`` records lie outside the report
    year and do not concern this table.

    >>> r = tally_applications([], 2024)
    >>> r.used, r.skipped, r.outside, r.findings
    (0, 0, 0, ())
    """

    table: Table
    used: int = 0
    skipped: int = 0
    outside: int = 0
    findings: tuple[SourceFinding, ...] = ()


@attrs.define
class _Screen:
    """The records of one tally: which are used, skipped (with a finding) or outside the year."""

    table: str
    findings: list[SourceFinding] = attrs.Factory(list)
    used: int = 0
    skipped: int = 0
    outside: int = 0

    def skip(self, rule: str, record_id: str, detail: str = "") -> None:
        """Leave a record out, with a finding that names it."""
        self.findings.append(finding(rule, record_id, self.table, detail))
        self.skipped += 1

    def valid(
        self,
        records: Iterable[Any],
        start: Callable[[Any], dt.date | None],
        end: Callable[[Any], dt.date | None],
        missing: str,
        order: Callable[[Any], str],
    ) -> Iterator[Any]:
        """The records with a unique id, a start date, and no end before the start."""
        recs = list(records)
        ids = Counter(r.id for r in recs if r.id)
        for dup, n in ids.items():
            if n > 1:
                self.findings.append(finding("duplicate_id", dup, self.table, f"{n} 条"))
        for r in recs:
            if r.id and ids[r.id] > 1:
                self.skipped += 1
            elif start(r) is None:
                self.skip("missing_date", r.id, missing)
            elif (stop := end(r)) is not None and stop < start(r):  # type: ignore[operator]
                self.skip("closed_before_received", r.id, order(r))
            else:
                yield r

    def result(self, table: Table) -> TallyResult:
        """The tally's result with this screen's counts and findings."""
        return TallyResult(
            table, self.used, self.skipped, self.outside, sorted_findings(self.findings)
        )


def tally_applications(
    records: Iterable[ApplicationRecord],
    year: int,
    edition: Edition | int | None = None,
    mapping: ApplicationsMapping | None = None,
) -> TallyResult:
    """Tally table 三 for ``year`` from application records (the reference implementation).

    Codes are translated with ``mapping`` (default: the statutory keys and
    labels themselves).

    >>> from govreport.sources.records import ApplicationRecord as A
    >>> r = tally_applications([A("9", "2024-02-01", "2024-01-01", "natural_person", "granted")], 2024)
    >>> r.skipped, r.findings[0].rule, r.findings[0].record_id
    (1, 'closed_before_received', '9')
    """
    ed = Edition.resolve(year, edition)
    m = mapping or ApplicationsMapping()
    span = Year.of(year)
    cells = Cells()
    screen = _Screen("applications")
    for r in screen.valid(
        records,
        lambda r: r.received,
        lambda r: r.closed,
        "收到日期",
        lambda r: f"{r.closed} < {r.received}",
    ):
        if not (r.received < span.end and (r.closed is None or r.closed >= span.start)):
            screen.outside += 1
            continue
        column = m.applicant_codes.get(r.applicant)
        if column is None:
            screen.skip(
                "unmapped_code", r.id, unmapped("申请人类型", r.applicant, "applicant_types")
            )
            continue
        closed = span.within(r.closed)
        outcome = None
        if closed:
            outcome, problem = map_outcome_codes(r.outcomes, m, ed)
            if problem is not None:
                detail = (
                    ""
                    if problem == "missing_outcome"
                    else unmapped("办理结果", r.outcomes, "outcomes")
                )
                screen.skip(problem, r.id, detail)
                continue
        add_application(
            cells,
            column,
            outcome,
            new=span.within(r.received),
            carried_over=r.received < span.start,
            closed=closed,
            forward=r.closed is None or r.closed >= span.end,
        )
        screen.used += 1
    return screen.result(applications_table(cells, ed))


def tally_cases(
    records: Iterable[CaseRecord], year: int, mapping: CasesMapping | None = None
) -> TallyResult:
    """Tally table 四 for ``year``: cases by kind, and by result at year end.

    With ``basis`` ``filed`` (the default) the cases filed in the year count;
    with ``active``, every case filed by year end and not concluded before it
    began. A case not concluded by 31 December is 尚未审结.

    >>> from govreport.sources.records import CaseRecord as C
    >>> t = tally_cases([C("1", "review", "2024-03-01", "2024-05-01", "corrected"),
    ...                  C("2", "litigation_direct", "2024-11-01", None)], 2024).table
    >>> t.review.corrected, t.litigation_direct.pending
    (1, 1)
    """
    m = mapping or CasesMapping()
    span = Year.of(year)
    cells = Cells()
    screen = _Screen("review_litigation")
    for r in screen.valid(
        records,
        lambda r: r.filed,
        lambda r: r.concluded,
        "立案日期",
        lambda r: "审结日期早于立案日期",
    ):
        if m.basis == "filed":
            counted = span.within(r.filed)
        else:
            counted = r.filed < span.end and (r.concluded is None or r.concluded >= span.start)
        if not counted:
            screen.outside += 1
            continue
        kind = m.kind_codes.get(r.kind)
        if kind is None:
            screen.skip("unmapped_code", r.id, unmapped("类型", r.kind, "case_kinds"))
            continue
        if r.concluded is None or r.concluded >= span.end:
            column = "pending"
        elif not r.result:
            screen.skip("missing_outcome", r.id)
            continue
        else:
            result = m.result_codes.get(r.result)
            if result is None:
                screen.skip("unmapped_code", r.id, unmapped("结果", r.result, "case_results"))
                continue
            column = result
        cells.add(kind, column)
        screen.used += 1
    table = ReviewLitigation(
        **{
            k: CaseCounts(**{c: cells.counts.get((k, c), 0) for c in CaseCounts.input_keys})
            for k in ReviewLitigation.row_keys()
        }
    )
    return screen.result(table)


def tally_documents(
    documents: Iterable[NormativeDocument],
    year: int,
    edition: Edition | int | None = None,
    mapping: DocumentsMapping | None = None,
) -> TallyResult:
    """Tally the 第二十条第（一）项 rows of table 二 from the register of documents.

    The result's table is a table 二 whose other rows are zero (see
    :func:`tally_counts`); 2021: 本年制发 issued in Y, 本年废止 repealed in Y,
    现行有效 in force on 31 December Y. 2019: 本年新制作 issued in Y, 本年新公开
    published in Y, 对外公开总数量 published by 31 December Y and in force then.

    >>> from govreport.sources.records import NormativeDocument as D
    >>> t = tally_documents([D("1", "规章", "2020-01-01", "2024-06-30"),
    ...                      D("2", "规章", "2024-02-01", None)], 2024).table
    >>> t.regulations
    DocumentCounts(issued_this_year=1, repealed_this_year=1, currently_effective=1)
    """
    ed = Edition.resolve(year, edition)
    m = mapping or DocumentsMapping()
    span = Year.of(year)
    cells = Cells()
    screen = _Screen("proactive_disclosure")
    for d in screen.valid(
        documents,
        lambda d: d.issued,
        lambda d: d.repealed,
        "制发日期",
        lambda d: "废止日期早于制发日期",
    ):
        if d.issued >= span.end:
            screen.outside += 1
            continue
        kind = m.kind_codes.get(d.kind)
        if kind is None:
            screen.skip("unmapped_code", d.id, unmapped("类型", d.kind, "document_kinds"))
            continue
        in_force = d.repealed is None or d.repealed >= span.end
        published = d.published or d.issued
        counted = {
            # 2021 edition
            "issued_this_year": span.within(d.issued),
            "repealed_this_year": span.within(d.repealed),
            "currently_effective": in_force,
            # 2019 edition
            "newly_made_this_year": span.within(d.issued),
            "newly_published_this_year": span.within(published),
            "total_published": in_force and published < span.end,
        }
        for column in ed.spec.table("proactive_disclosure").row(kind).input_columns:
            cells.add(kind, column.key, counted[column.key])
        screen.used += 1
    table = _proactive(ed, cells, {})
    return screen.result(table)


def _proactive(ed: Edition, cells: Cells, activity: dict[str, Any]) -> Table:
    """Table 二 of ``ed``: the document rows from ``cells``, the others from ``activity`` (zero if absent)."""
    cls = table_class("proactive_disclosure", ed)
    rows: dict[str, Any] = {}
    for key in cls.row_keys():
        row_cls = cls.row_class(key)
        if key in _DOCUMENT_ROWS:
            rows[key] = row_cls(**{c: cells.counts.get((key, c), 0) for c in row_cls.input_keys})
        else:
            rows[key] = activity.get(key, row_cls.filled(0))
    table: Table = cls(**rows)
    return table


_WAN = Decimal(10000)
#: The columns of table 二 (2019 edition) that compare the items at the end of Y with those of Y-1.
_PRIOR_YEAR = frozenset({"prior_year_items", "change_this_year"})
#: The field of a yearly count that each column of table 二 is computed from.
_FIELD_OF = {
    "decisions_this_year": "decisions",
    "decisions": "decisions",
    "procurement_projects": "decisions",
    "fee_amount_this_year": "amount_yuan",
    "procurement_total_amount": "amount_yuan",
    "prior_year_items": "items",
    "change_this_year": "items",
}


def tally_counts(
    counts: Iterable[AnnualCount],
    year: int,
    edition: Edition | int | None = None,
    mapping: CountsMapping | None = None,
    documents: TallyResult | None = None,
) -> TallyResult:
    """Complete table 二 from the yearly counts (and the documents' rows, if tallied).

    Rows of the same kind and year add up. Fees are summed in 元 and reported
    in 万元 (2021) with Decimal arithmetic; the 2019 item columns compare the
    items at the end of Y with those at the end of Y-1. A kind with no count
    for a year it needs is taken as zero with a ``missing_count`` warning.

    >>> t = tally_counts([AnnualCount("administrative_fees", 2024, amount_yuan="1234.5"),
    ...                   AnnualCount("administrative_penalty", 2024, decisions=12)], 2024).table
    >>> t.administrative_fees.fee_amount_this_year, t.administrative_penalty.decisions_this_year
    (Decimal('0.12345'), 12)
    """
    ed = Edition.resolve(year, edition)
    m = mapping or CountsMapping()
    findings: list[SourceFinding] = list(documents.findings) if documents else []
    decisions: defaultdict[tuple[str, int], int] = defaultdict(int)
    items: defaultdict[tuple[str, int], int] = defaultdict(int)
    amounts: defaultdict[tuple[str, int], Decimal] = defaultdict(Decimal)
    seen: set[tuple[str, int]] = set()
    nulls: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    used = skipped = outside = 0
    for c in counts:
        kind = m.kind_codes.get(c.kind)
        if c.year not in (year, year - 1):
            outside += 1
            continue
        if kind is None:
            findings.append(
                finding(
                    "unmapped_code",
                    f"{c.kind}/{c.year}",
                    "proactive_disclosure",
                    unmapped("类型", c.kind, "activity_kinds"),
                )
            )
            skipped += 1
            continue
        seen.add((kind, c.year))
        decisions[kind, c.year] += c.decisions or 0
        items[kind, c.year] += c.items or 0
        amounts[kind, c.year] += c.amount_yuan or 0
        for field in ("decisions", "items", "amount_yuan"):
            if getattr(c, field) is None:
                nulls[kind, c.year].add(field)
        used += 1

    def need(kind: str, y: int) -> None:
        if (kind, y) not in seen:
            findings.append(
                SourceFinding(
                    "missing_count",
                    f"{kind}/{y}",
                    f"没有 {y} 年的数据，按 0 计 (no count for {y}: taken as zero)",
                    table="proactive_disclosure",
                    severity="warning",
                )
            )

    def need_value(kind: str, column: str) -> None:
        field = _FIELD_OF[column]
        for y in (year - 1, year) if column in _PRIOR_YEAR else (year,):
            if field in nulls[kind, y]:
                findings.append(
                    SourceFinding(
                        "missing_count",
                        f"{kind}/{y}",
                        f"{y} 年的 {field} 为空（NULL），按 0 计 (NULL {field}: taken as zero)",
                        table="proactive_disclosure",
                        severity="warning",
                        column=column,
                    )
                )

    def value(kind: str, column: str) -> Any:
        prior = items[kind, year - 1]
        return {
            # 2021 edition
            "decisions_this_year": decisions[kind, year],
            "fee_amount_this_year": amounts[kind, year] / _WAN,
            # 2019 edition
            "prior_year_items": prior,
            "change_this_year": items[kind, year] - prior,
            "decisions": decisions[kind, year],
            "procurement_projects": decisions[kind, year],
            "procurement_total_amount": Amount(amounts[kind, year]),
        }[column]

    cls = table_class("proactive_disclosure", ed)
    activity: dict[str, Any] = {}
    for row in ed.spec.table("proactive_disclosure").data_rows:
        if row.key in _DOCUMENT_ROWS:
            continue
        columns = [c.key for c in row.input_columns]
        need(row.key, year)
        if _PRIOR_YEAR.intersection(columns):
            need(row.key, year - 1)
        for col in columns:
            need_value(row.key, col)
        activity[row.key] = cls.row_class(row.key)(**{c: value(row.key, c) for c in columns})
    cells = Cells()
    if documents is not None:
        table = documents.table
        for row_key in _DOCUMENT_ROWS:
            for col, n in table.row(row_key).cells():
                assert isinstance(n, int)
                cells.add(row_key, col, n)
        used += documents.used
        skipped += documents.skipped
        outside += documents.outside
    return TallyResult(
        _proactive(ed, cells, activity), used, skipped, outside, sorted_findings(findings)
    )
