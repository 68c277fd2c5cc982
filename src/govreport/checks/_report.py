"""Rule family *report*: the report as a whole -- EDITION, DATE, FEE and DRAFT.

>>> from govreport.model import Report
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 2, 10))
>>> [f.message for f in report_rules(r)]
['发布日期 2025年2月10日 晚于法定期限 2025年1月31日']
"""

from __future__ import annotations

import datetime as dt

from govreport.checks._findings import Finding, finding
from govreport.model import Period, Report
from govreport.spec import DRAFT_MARK, Edition

__all__ = ["report_rules"]

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
            if at < 0:
                continue
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


def report_rules(r: Report) -> list[Finding]:
    """The EDITION, DATE, FEE and DRAFT findings of a report."""
    return [*_edition(r), *_dates(r), *_fee(r), *_draft(r)]
