"""govreport: the 政府信息公开工作年度报告 as a typed, checked object, and Word documents built from it.

>>> import govreport
>>> report = govreport.Report.new("某某局", 2024)
>>> report.edition, report.title
(<Edition.V2021: 2021>, '某某局2024年政府信息公开工作年度报告')
>>> [f.rule for f in govreport.check(report) if f.severity == "error"]
[]
"""

from govreport._public import publish as _publish
from govreport._version import __version__
from govreport.batch import Aggregate, BatchResult, Outcome, aggregate, batch
from govreport.checks import Finding, Findings, check, ensure_clean
from govreport.errors import (
    DateError,
    EncodingError,
    GovReportError,
    LoadError,
    MissingExtraError,
    PdfError,
    RenderError,
    ReportNotCleanError,
    TemplateError,
)
from govreport.formats import ReadReport, dump, dumps, load, loads, read
from govreport.model import (
    BLANK,
    NA,
    Amount,
    ApplicantCounts,
    CaseCounts,
    Contact,
    Mark,
    Paragraph,
    Period,
    Report,
    Scope,
    Section,
    TableSection,
    Unit,
)
from govreport.rendering import FontProfile, Template, render
from govreport.spec import Edition

__all__ = [
    "BLANK",
    "NA",
    "Aggregate",
    "Amount",
    "ApplicantCounts",
    "BatchResult",
    "CaseCounts",
    "Contact",
    "DateError",
    "Edition",
    "EncodingError",
    "Finding",
    "Findings",
    "FontProfile",
    "GovReportError",
    "LoadError",
    "Mark",
    "MissingExtraError",
    "Outcome",
    "Paragraph",
    "PdfError",
    "Period",
    "ReadReport",
    "RenderError",
    "Report",
    "ReportNotCleanError",
    "Scope",
    "Section",
    "TableSection",
    "Template",
    "TemplateError",
    "Unit",
    "__version__",
    "aggregate",
    "batch",
    "check",
    "dump",
    "dumps",
    "ensure_clean",
    "load",
    "loads",
    "read",
    "render",
]

_publish(globals(), __name__, __all__)
