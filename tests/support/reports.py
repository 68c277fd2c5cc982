"""Reports for tests: a sample with narrative and a few non-zero cells; the consistent-report builders live in
:mod:`govreport.testing.strategies` and are re-exported here.

>>> from govreport import check
>>> [check(consistent_report(year, {"granted": (3, 1, 0, 0, 0, 0)})) for year in REPORT_YEARS]
[(), ()]
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from govreport.model import (
    NA,
    Amount,
    ApplicantCounts,
    Contact,
    Paragraph,
    Report,
    Section,
    TableSection,
    Unit,
)
from govreport.spec import Edition
from govreport.testing.strategies import (
    FEE_STATEMENT,
    REPORT_YEARS,
    applicants,
    cases,
    consistent_report,
    outcome_keys,
)

__all__ = [
    "FEE_STATEMENT",
    "REPORT_YEARS",
    "applicants",
    "cases",
    "consistent_report",
    "every_cell_non_zero_report",
    "outcome_keys",
    "sample_report",
]


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


def every_cell_non_zero_report(first: int = 101, agency: str = "示范市数据局") -> Report:
    """A consistent 2021-edition report whose every count in tables 三 and 四 is non-zero.

    Each outcome row holds ``first`` … ``first + 5`` (``first=1001`` gives four-digit totals).

    >>> r = every_cell_non_zero_report()
    >>> r.applications.table.granted.natural_person, r.review_litigation.table.review.total
    (101, 50)
    """
    outcomes = dict.fromkeys(outcome_keys(Edition.V2021), tuple(range(first, first + 6)))
    review = dict.fromkeys(
        ("review", "litigation_direct", "litigation_after_review"), (11, 12, 13, 14)
    )
    return consistent_report(
        2024,
        outcomes,
        carried_over=(1, 2, 3, 4, 5, 6),
        carried_forward=(6, 5, 4, 3, 2, 1),
        review=review,
        agency=agency,
    )
