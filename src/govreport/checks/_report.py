"""Rule family *report*: the report as a whole -- EDITION, DATE, FEE, DRAFT and SOURCE.

>>> from govreport.model import Report
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 2, 10))
>>> [f.message for f in report_rules(r)]
['发布日期 2025年2月10日 晚于法定期限 2025年1月31日']
"""

from __future__ import annotations

import datetime as dt
import re

from govreport.checks._chars import Written, written
from govreport.checks._findings import Finding, finding
from govreport.model import Period, Report
from govreport.spec import DRAFT_MARK, SOURCE_NOTE, Edition

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
    # r.statistical_period, without building a Period for the calendar year
    end = r.period.end if r.period is not None else dt.date(r.year, 12, 31)
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
    for p in r.other_matters.paragraphs:
        text = p.heading + p.text
        if _FEE in text and DRAFT_MARK not in text:
            return []  # (a placeholder that names the fee does not say how it was charged)
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


#: The edition the law requires for each report year a report may have (2019 to 2200).
_REQUIRED = {year: Edition.for_year(year) for year in range(2019, 2201)}


def report_rules(r: Report, w: Written | None = None) -> list[Finding]:
    """The EDITION, DATE, FEE, DRAFT and SOURCE findings of a report.

    ``w`` is the report's text fields (:func:`govreport.checks._chars.written`), when the
    caller has them already.
    """
    # the edition each report year requires, looked up (Edition.for_year raises for a year
    # before the format, or says which edition a year out of the table requires)
    out = [] if _REQUIRED.get(r.year) is r.edition else _edition(r)
    out += _dates(r)
    if r.edition is Edition.V2021:
        out += _fee(r)
    if w is None:
        w = written(r)
    # DRAFT and SOURCE look for the placeholder in each paragraph's heading and text (a
    # record's note opens with it too): the usual report has none anywhere, found in one scan
    # of all of them (a mark found across two paragraphs only costs the look at each). Its
    # first character, looked for in every field at once, rules out most reports before.
    if DRAFT_MARK[0] in w.every and DRAFT_MARK in "".join(
        [p.heading + p.text for p in w.paragraphs]
    ):
        out += _draft(r)
        out += _source(r)
    return out
