"""A whole report computed from a source: the three tables, the contact block and narrative.

The narrative states the tallied numbers in the words of the tables (新收、
上年结转、办结、结转下年度继续办理, 行政复议、行政诉讼), so that what the text
says always agrees with the tables; what records cannot tell (problems and
improvements, other matters) is left as a marked paragraph to complete.

>>> import tempfile, pathlib
>>> from govreport.sources.sampledb import write_sample
>>> from govreport.sources.sql import SqlSource
>>> db, mapping = write_sample(pathlib.Path(tempfile.mkdtemp()), applications=300)
>>> src = SqlSource(f"sqlite:///{db}", mapping)
>>> result = report_from_source(src, "示例市自然资源局", 2024)
>>> result.report.title, result.report.contact.postcode
('示例市自然资源局2024年政府信息公开工作年度报告', '100003')
>>> src.close()
"""

from __future__ import annotations

from typing import Any

import attrs

from govreport.model import Contact as ReportContact
from govreport.model import Paragraph, Report, Section, TableSection
from govreport.sources.records import Contact, SourceFinding
from govreport.sources.tally import TallyResult
from govreport.spec import Edition

__all__ = ["TO_COMPLETE", "SourceReport", "build_report", "report_from_source"]

#: Opens every paragraph that the records cannot supply and a person must write.
TO_COMPLETE = "【待填写】"


@attrs.frozen
class SourceReport:
    """A report computed from records, with the account of each table's records.

    >>> r = build_report("某局", 2024)
    >>> r.findings, r.report.applications.table.new_received.total
    ((), 0)
    """

    report: Report
    results: dict[str, TallyResult] = attrs.Factory(dict)

    @property
    def findings(self) -> tuple[SourceFinding, ...]:
        """Every table's findings, in table order."""
        return tuple(f for r in self.results.values() for f in r.findings)

    @property
    def used(self) -> int:
        """Records used, over all tables."""
        return sum(r.used for r in self.results.values())

    @property
    def skipped(self) -> int:
        """Records skipped (each with a finding), over all tables."""
        return sum(r.skipped for r in self.results.values())


def _n(table: Any, row: str, column: str = "total") -> int:
    return int(table.cell(row, column))


def build_report(
    agency: str,
    year: int,
    edition: Edition | int | None = None,
    *,
    proactive: TallyResult | None = None,
    applications: TallyResult | None = None,
    cases: TallyResult | None = None,
    contact: Contact | None = None,
) -> SourceReport:
    """Assemble a report from tallied tables (a table not given is all zeros).

    >>> from govreport.sources import ApplicationRecord, tally_applications
    >>> apps = tally_applications([ApplicationRecord("1", "2024-05-06", None, "natural_person")], 2024)
    >>> r = build_report("某局", 2024, applications=apps).report
    >>> "新收政府信息公开申请1件" in r.applications.text
    True
    """
    ed = Edition.resolve(year, edition)
    base = Report.new(agency, year, ed)
    pd = proactive.table if proactive else base.proactive_disclosure.table
    ap = applications.table if applications else base.applications.table
    rl = cases.table if cases else base.review_litigation.table

    new, over = _n(ap, "new_received"), _n(ap, "carried_over")
    done, forward = _n(ap, "results_total"), _n(ap, "carried_forward")
    granted, partial = _n(ap, "granted"), _n(ap, "partially_granted")
    apps_text = (
        f"{year}年，本机关新收政府信息公开申请{new}件，上年结转政府信息公开申请{over}件；"
        f"本年度办结{done}件，其中予以公开{granted}件、部分公开{partial}件；"
        f"结转下年度继续办理{forward}件。"
    )
    review = _n(rl, "review")
    litigation = _n(rl, "litigation_direct") + _n(rl, "litigation_after_review")
    corrected = sum(
        _n(rl, k, "corrected") for k in ("review", "litigation_direct", "litigation_after_review")
    )
    cases_text = (
        f"{year}年，本机关因政府信息公开工作被申请行政复议{review}件，"
        f"被提起行政诉讼{litigation}件，其中结果纠正{corrected}件。"
    )
    if ed is Edition.V2021:
        docs = _n(pd, "normative_documents", "issued_this_year")
        effective = _n(pd, "normative_documents", "currently_effective")
        proactive_text = (
            f"{year}年，本机关制发行政规范性文件{docs}件，现行有效行政规范性文件{effective}件；"
            f"作出行政许可决定{_n(pd, 'administrative_licensing', 'decisions_this_year')}件、"
            f"行政处罚决定{_n(pd, 'administrative_penalty', 'decisions_this_year')}件、"
            f"行政强制决定{_n(pd, 'administrative_coercion', 'decisions_this_year')}件。"
        )
    else:
        docs = _n(pd, "normative_documents", "newly_made_this_year")
        proactive_text = (
            f"{year}年，本机关新制作规范性文件{docs}件，"
            f"新公开规范性文件{_n(pd, 'normative_documents', 'newly_published_this_year')}件；"
            f"作出行政许可处理决定{_n(pd, 'administrative_licensing', 'decisions')}件、"
            f"行政处罚处理决定{_n(pd, 'administrative_penalty', 'decisions')}件。"
        )
    overview = Section(
        [
            Paragraph(proactive_text, heading="（一）主动公开。"),
            Paragraph(apps_text, heading="（二）依申请公开。"),
            Paragraph(
                f"{TO_COMPLETE}政府信息管理、平台建设、监督保障等工作情况。",
                heading="（三）其他工作。",
            ),
        ]
    )
    c = contact or Contact(agency)
    report = attrs.evolve(
        base,
        contact=ReportContact(c.office, c.address, c.postcode, c.phone),
        overview=overview,
        proactive_disclosure=TableSection([proactive_text], table=pd),  # type: ignore[arg-type]
        applications=TableSection([apps_text], table=ap),  # type: ignore[arg-type]
        review_litigation=TableSection([cases_text], table=rl),  # type: ignore[arg-type]
        problems_improvements=Section(
            [f"{TO_COMPLETE}本机关政府信息公开工作存在的主要问题及改进情况。"]
        ),
        other_matters=Section([f"{TO_COMPLETE}收取信息处理费等其他需要报告的事项。"]),
    )
    results = {
        k: v
        for k, v in (
            ("proactive_disclosure", proactive),
            ("applications", applications),
            ("review_litigation", cases),
        )
        if v is not None
    }
    return SourceReport(report, results)


def report_from_source(
    source: Any, agency: str, year: int, edition: Edition | int | None = None
) -> SourceReport:
    """Tally every table of ``agency`` for ``year`` from a SQL or CSV source.

    >>> from govreport.sources.csv import CsvSource
    >>> from govreport.sources.mapping import Mapping
    >>> r = report_from_source(CsvSource(Mapping()), "某局", 2024)
    >>> r.used, r.report.applications.table.new_received.total
    (0, 0)
    """
    ed = Edition.resolve(year, edition)
    return build_report(
        agency,
        year,
        ed,
        proactive=source.tally_proactive(agency, year, ed),
        applications=source.tally_applications(agency, year, ed),
        cases=source.tally_cases(agency, year) if source.mapping.cases else None,
        contact=source.contact(agency),
    )
