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

import datetime as dt
from typing import Any

import attrs

from govreport.model import Contact, Paragraph, Report, Section, TableSection
from govreport.sources.base import RecordSource
from govreport.sources.records import SourceFinding
from govreport.sources.tally import TallyResult
from govreport.spec import DRAFT_MARK, SOURCE_NOTE, Edition, TableSpec, short_label

__all__ = ["DRAFT_MARK", "SourceReport", "build_report", "report_from_source", "source_notes"]


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

    spec = ed.spec
    t2, t3, t4 = (
        spec.table(k) for k in ("proactive_disclosure", "applications", "review_litigation")
    )

    def label(table: TableSpec, row: str) -> str:
        return short_label(table.row(row).label)

    new, over = _n(ap, "new_received"), _n(ap, "carried_over")
    done, forward = _n(ap, "results_total"), _n(ap, "carried_forward")
    granted, partial = _n(ap, "granted"), _n(ap, "partially_granted")
    apps_text = (
        f"{year}年，本机关新收政府信息公开申请{new}件，上年结转政府信息公开申请{over}件；"
        f"本年度办结{done}件，其中{label(t3, 'granted')}{granted}件、"
        f"{label(t3, 'partially_granted')}{partial}件；"
        f"{label(t3, 'carried_forward')}{forward}件。"
    )
    groups = [r.key for r in t4.data_rows]
    review = _n(rl, "review")
    litigation = sum(_n(rl, r.key) for r in t4.children("litigation"))
    corrected = sum(_n(rl, k, "corrected") for k in groups)
    cases_text = (
        f"{year}年，本机关因政府信息公开工作被申请{label(t4, 'review')}{review}件，"
        f"被提起{label(t4, 'litigation')}{litigation}件，"
        f"其中{t4.row('review').column('corrected').label}{corrected}件。"
    )
    docs_label = label(t2, "normative_documents")
    licensing, penalty, coercion = (
        label(t2, k)
        for k in ("administrative_licensing", "administrative_penalty", "administrative_coercion")
    )
    if ed is Edition.V2021:
        docs = _n(pd, "normative_documents", "issued_this_year")
        effective = _n(pd, "normative_documents", "currently_effective")
        proactive_text = (
            f"{year}年，本机关制发{docs_label}{docs}件，现行有效{docs_label}{effective}件；"
            f"作出{licensing}决定{_n(pd, 'administrative_licensing', 'decisions_this_year')}件、"
            f"{penalty}决定{_n(pd, 'administrative_penalty', 'decisions_this_year')}件、"
            f"{coercion}决定{_n(pd, 'administrative_coercion', 'decisions_this_year')}件。"
        )
    else:
        docs = _n(pd, "normative_documents", "newly_made_this_year")
        proactive_text = (
            f"{year}年，本机关新制作{docs_label}{docs}件，"
            f"新公开{docs_label}{_n(pd, 'normative_documents', 'newly_published_this_year')}件；"
            f"作出{licensing}处理决定{_n(pd, 'administrative_licensing', 'decisions')}件、"
            f"{penalty}处理决定{_n(pd, 'administrative_penalty', 'decisions')}件。"
        )
    overview = Section(
        [
            Paragraph(proactive_text, heading="（一）主动公开。"),
            Paragraph(apps_text, heading="（二）依申请公开。"),
            Paragraph(
                f"{DRAFT_MARK}政府信息管理、平台建设、监督保障等工作情况。",
                heading="（三）其他工作。",
            ),
        ]
    )
    problems = spec.section("problems_improvements").title
    other = spec.section("other_matters").title
    report = attrs.evolve(
        base,
        contact=contact or Contact(),
        overview=overview,
        proactive_disclosure=TableSection([proactive_text], table=pd),  # type: ignore[arg-type]
        applications=TableSection([apps_text], table=ap),  # type: ignore[arg-type]
        review_litigation=TableSection([cases_text], table=rl),  # type: ignore[arg-type]
        problems_improvements=Section([f"{DRAFT_MARK}本机关政府信息公开工作{problems}。"]),
        other_matters=Section([f"{DRAFT_MARK}收取信息处理费等{other}。"]),
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
    source: RecordSource,
    agency: str,
    year: int,
    edition: Edition | int | None = None,
    *,
    published: dt.date | None = None,
) -> SourceReport:
    """Tally every table of ``agency`` for ``year`` from a SQL or CSV source.

    ``published`` is the report's publication date. When records could not be
    used as they are (see :attr:`SourceReport.findings`), the overview gets a
    【待填写】 paragraph saying so and one note per record (:func:`source_notes`),
    so that the report cannot pass as finished: ``check`` reports each note as a
    ``SOURCE`` error naming the table, the record and the column, until the
    records are fixed and the report computed again, or a person confirms the
    values and deletes the note.

    >>> from govreport.sources.csv import CsvSource
    >>> from govreport.sources.mapping import Mapping
    >>> r = report_from_source(CsvSource(Mapping()), "某局", 2024)
    >>> r.used, r.report.applications.table.new_received.total
    (0, 0)
    """
    ed = Edition.resolve(year, edition)
    result = build_report(
        agency,
        year,
        ed,
        proactive=source.tally_proactive(agency, year, ed),
        applications=source.tally_applications(agency, year, ed),
        cases=source.tally_cases(agency, year) if source.mapping.cases else None,
        contact=source.contact(agency),
    )
    report = result.report
    if published is not None:
        report = attrs.evolve(report, published=published)
    if result.findings:
        report = attrs.evolve(report, overview=_unresolved(report.overview, result))
    return attrs.evolve(result, report=report)


def _unresolved(overview: Section, result: SourceReport) -> Section:
    """The overview with a placeholder paragraph that says how many records were not used as they are.

    The report is then not clean (its DRAFT finding stays until the ledger is
    fixed and the report computed again).
    """
    warned = sum(1 for f in result.findings if f.severity == "warning")
    text = (
        f"{DRAFT_MARK}台账中有 {result.skipped} 条记录未计入、{warned} 处数据按 0 计"
        "（govreport from-db 逐条列出）；修正台账后重新生成本报告。"
    )
    notes = [Paragraph(n) for n in source_notes(result.findings)]
    return attrs.evolve(overview, paragraphs=[*overview.paragraphs, Paragraph(text), *notes])


#: At most this many records are noted in the report one by one (``from-db`` lists them all).
_NOTED = 50


def source_notes(findings: tuple[SourceFinding, ...] | list[SourceFinding]) -> list[str]:
    """The notes a report carries for the records it could not use as they are, one per finding.

    Each names the table, the record and (when one value is the reason) the
    column; past 50 findings one note says how many more there are.

    >>> f = SourceFinding("bad_date", "A-7", "收到日期 不是日期 (not a date): 昨天", table="台账", column="收到日期")
    >>> source_notes([f])
    ['【待填写】台账记录未按原样计入：表 台账；记录 A-7；列 收到日期；收到日期 不是日期 (not a date): 昨天 [bad_date]']
    """
    notes = []
    for f in findings[:_NOTED]:
        column = f"列 {_flat(f.column)}；" if f.column else ""
        notes.append(
            f"{SOURCE_NOTE}表 {_flat(f.table or '')}；记录 {_flat(f.record_id)}；{column}"
            f"{f.message} [{f.rule}]"
        )
    if len(findings) > _NOTED:
        notes.append(
            f"{SOURCE_NOTE}表 {_flat(findings[_NOTED].table or '')}；记录 ；"
            f"另有 {len(findings) - _NOTED} 条记录未逐条列出（govreport from-db 逐条列出）"
        )
    return notes


def _flat(text: str) -> str:
    """A name as a note carries it: one line, without the note's separator."""
    return " ".join(text.replace("；", ";").split())
