"""The engine of the checks: every rule family run over a report, the findings in one order.

The plan of an edition (keys, labels, order, the compiled R1–R4) is computed
once (:func:`govreport.checks._plan.plan`). Each rule family is a function of
its inputs; the counts that the cells family reads are passed on to the sums,
the text and the years families explicitly.

>>> from govreport.model import Report
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
>>> check(r)
()
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from govreport.checks._cells import cells
from govreport.checks._chars import chars, written
from govreport.checks._findings import Finding, Findings, Severity
from govreport.checks._plan import plan
from govreport.checks._report import report_rules
from govreport.checks._sums import sums
from govreport.checks._text import text
from govreport.checks._years import years
from govreport.errors import ReportNotCleanError
from govreport.model import Report

__all__ = ["check", "ensure_clean", "errors"]

_log = logging.getLogger("govreport")


def check(report: Report, previous: Report | None = None, *, blank: Severity = "error") -> Findings:
    """Every finding of ``report``, in a stable order; never stops at the first.

    ``previous`` is last year's report (enables X1, X2, X3); a report for
    another year raises :class:`ValueError`. ``blank`` is the severity of
    ``BLANK`` findings: ``"error"`` for a report govreport produces,
    ``"warning"`` for one read from elsewhere.

    >>> from govreport.model import Report
    >>> import attrs, datetime as dt
    >>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
    >>> check(r)
    ()
    >>> [f.message for f in check(attrs.evolve(r, published=dt.date(2025, 2, 10)))]
    ['发布日期 2025年2月10日 晚于法定期限 2025年1月31日']
    """
    if blank not in ("error", "warning"):
        raise ValueError(f"blank: expected 'error' or 'warning', got {blank!r}")
    p = plan(report.edition)
    fields = written(report)  # gathered once for the two families that look at every field
    out = report_rules(report, fields)
    out += chars(report, fields)
    found, counts = cells(report, p, blank)
    if counts.six is None:
        out += found
        out += sums(p, counts)
    else:  # （六） printed as one row: its findings are the group row's
        out += p.at_group([*found, *sums(p, counts)], counts.six)
    out += text(report, p, counts)
    if previous is not None:
        out += years(report, previous, p, counts)
    if len(out) > 1:
        out.sort(key=p.sort_key)
    return Findings(out)


def ensure_clean(
    report: Report,
    force: bool = False,
    *,
    previous: Report | None = None,
    blank: Severity = "error",
) -> Findings:
    """The findings of a report that is about to be rendered; refuse one with errors unless forced.

    Raises :class:`~govreport.errors.ReportNotCleanError` (carrying every
    finding) when there are error findings and ``force`` is false; when
    forced, logs each finding on the ``govreport`` logger and returns them.

    >>> import attrs, datetime as dt
    >>> from govreport.model import Report, CaseCounts, ReviewLitigation
    >>> r = attrs.evolve(Report.new("某某局", 2024), published=dt.date(2025, 1, 20))
    >>> bad = attrs.evolve(r, review_litigation=attrs.evolve(
    ...     r.review_litigation, table=ReviewLitigation(review=CaseCounts(1, 0, 0, 0, declared_total=0),
    ...     litigation_direct=CaseCounts.filled(), litigation_after_review=CaseCounts.filled())))
    >>> ensure_clean(bad)
    Traceback (most recent call last):
    govreport.errors.ReportNotCleanError: 报告有 1 个错误，不能生成：表四 行政复议 × 总计：应为 1（结果维持、结果纠正、其他结果、尚未审结之和），实为 0
    >>> [f.rule for f in ensure_clean(bad, force=True)]
    ['R4']
    """
    findings = check(report, previous, blank=blank)
    errors = findings.errors
    if errors and not force:
        first = errors[0].message
        more = f"（另有 {len(errors) - 1} 个）" if len(errors) > 1 else ""
        raise ReportNotCleanError(f"报告有 {len(errors)} 个错误，不能生成：{first}{more}", findings)
    for f in findings:
        _log.log(
            logging.ERROR if f.severity == "error" else logging.WARNING,
            "%s [%s] %s",
            f.rule,
            f.severity,
            f.message,
        )
    return findings


def errors(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The error findings among ``findings``.

    >>> errors([])
    ()
    """
    return tuple(f for f in findings if f.severity == "error")
