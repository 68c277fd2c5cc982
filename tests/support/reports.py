"""Reports for tests: a sample with narrative and a few non-zero cells, and consistent reports built from table 三's outcomes.

>>> from govreport import check
>>> [check(consistent_report(year, {"granted": (3, 1, 0, 0, 0, 0)})) for year in REPORT_YEARS]
[(), ()]
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from govreport.model import (
    NA,
    Amount,
    ApplicantCounts,
    CaseCounts,
    Contact,
    Paragraph,
    Report,
    ReviewLitigation,
    Section,
    TableSection,
    Unit,
    table_class,
)
from govreport.spec import Edition

__all__ = [
    "FEE_STATEMENT",
    "REPORT_YEARS",
    "applicants",
    "cases",
    "consistent_report",
    "outcome_keys",
    "sample_report",
]

#: One report year per edition: 2020 (the 2019 edition) and 2024 (the 2021 edition).
REPORT_YEARS = (2020, 2024)
#: The statement about information-processing fees the 2021 edition requires in section 六.
FEE_STATEMENT = "本年度未收取信息处理费。"

Row = tuple[Any, ...]


def sample_report(edition: Edition, agency: str = "松北区退役军人事务局") -> Report:
    """A consistent report with narrative, a date, a contact, and a few non-zero cells.

    >>> r = sample_report(Edition.V2019)
    >>> (r.year, r.applications.table.granted.total)
    (2020, 3)
    """
    year = 2020 if edition is Edition.V2019 else 2024
    base = Report.new(agency, year)
    apps = base.applications.table
    apps = attrs.evolve(
        apps,
        new_received=ApplicantCounts(3, 1, 0, 0, 0, 0),
        granted=ApplicantCounts(2, 1, 0, 0, 0, 0),
        unable_not_held=ApplicantCounts(1, 0, 0, 0, 0, 0),
    )
    pd = base.proactive_disclosure.table
    if edition is Edition.V2019:
        pd = attrs.evolve(
            pd,
            regulations=attrs.evolve(pd.regulations, newly_made_this_year=NA),
            government_centralized_procurement=attrs.evolve(
                pd.government_centralized_procurement,
                procurement_projects=2,
                procurement_total_amount=Amount(Decimal("35765"), Unit.YUAN),
            ),
        )
    else:
        pd = attrs.evolve(
            pd,
            administrative_fees=attrs.evolve(
                pd.administrative_fees, fee_amount_this_year=Decimal("96171.6")
            ),
        )
    return attrs.evolve(
        base,
        published=dt.date(year + 1, 1, 20),
        contact=Contact(
            office="办公室", address="某某路1号", postcode="150028", phone="0451-1234567"
        ),
        overview=Section(
            [
                Paragraph("我局全年主动公开信息32条。", heading="（一）主动公开情况。"),
                Paragraph("依申请公开3件。\n均按期答复。", heading="（二）依申请公开情况。"),
                Paragraph("完善制度。", heading="1.明确工作制度。"),
            ]
        ),
        proactive_disclosure=TableSection(["本年度主动公开政府信息情况如下。"], table=pd),
        applications=attrs.evolve(base.applications, table=apps),
        problems_improvements=Section(["公开内容还不够全面。"]),
        other_matters=Section(["本年度未收取信息处理费。无其他需要报告的事项。"]),
    )


def outcome_keys(edition: Edition) -> tuple[str, ...]:
    """The keys of table 三's outcome rows (the rows under 三、本年度办理结果) in an edition.

    >>> outcome_keys(Edition.V2021)[:2]
    ('granted', 'partially_granted')
    """
    return table_class("applications", edition).outcome_keys  # type: ignore[attr-defined,no-any-return]


def applicants(values: Row, total: Any = "sum") -> ApplicantCounts:
    """A table 三 row; ``total="sum"`` declares the correct 总计, None declares none, a number declares it.

    >>> applicants((1, 2, 0, 0, 0, 0)).declared_total
    3
    >>> applicants((1, 2, 0, 0, 0, 0), None).declared_total is None
    True
    """
    if total == "sum":
        total = sum(v for v in values if isinstance(v, int))
    return ApplicantCounts(*values, declared_total=total)


def cases(values: Row, total: Any = "sum") -> CaseCounts:
    """A table 四 row (维持, 纠正, 其他, 尚未审结); ``total`` as for :func:`applicants`.

    >>> cases((1, 0, 2, 0)).declared_total
    3
    """
    if total == "sum":
        total = sum(v for v in values if isinstance(v, int))
    return CaseCounts(*values, declared_total=total)


def consistent_report(
    year: int,
    outcomes: dict[str, Row] | None = None,
    carried_over: Row = (0,) * 6,
    carried_forward: Row = (0,) * 6,
    review: dict[str, Row] | None = None,
    declare: bool = True,
    **report: Any,
) -> Report:
    """A consistent report: table 三 from outcome rows, with every total declared (unless not ``declare``).

    ``outcomes`` maps outcome row keys to their six applicant counts; 本年新收
    follows from them and the carried-over rows. ``review`` maps the rows of
    table 四 to their four case counts. Other keyword arguments replace the
    report's fields (by default it is published on 20 January of the next
    year and states :data:`FEE_STATEMENT`).

    >>> r = consistent_report(2024, {"granted": (3, 0, 0, 0, 0, 0)}, carried_over=(1, 0, 0, 0, 0, 0))
    >>> r.applications.table.new_received.natural_person
    2
    """
    edition = Edition.for_year(year)
    outcomes = outcomes or {}
    rows = {k: outcomes.get(k, (0,) * 6) for k in outcome_keys(edition)}
    seven = tuple(sum(r[i] for r in rows.values()) for i in range(6))
    new = tuple(seven[i] + carried_forward[i] - carried_over[i] for i in range(6))
    t = "sum" if declare else None
    table3 = table_class("applications", edition)(
        new_received=applicants(new, t),
        carried_over=applicants(carried_over, t),
        carried_forward=applicants(carried_forward, t),
        declared_results_total=applicants(seven, t) if declare else None,
        **{k: applicants(v, t) for k, v in rows.items()},
    )
    review = review or {}
    table4 = ReviewLitigation(
        **{
            k: cases(review.get(k, (0, 0, 0, 0)), t)
            for k in ("review", "litigation_direct", "litigation_after_review")
        }
    )
    base = Report.new("某某局", year)
    defaults: dict[str, Any] = {
        "published": dt.date(year + 1, 1, 20),
        "other_matters": Section([FEE_STATEMENT]),
    }
    defaults.update(report)
    return attrs.evolve(
        base,
        applications=TableSection(table=table3),
        review_litigation=TableSection(table=table4),
        **defaults,
    )
