"""Consistency checks (勾稽关系): every rule, every finding, each naming its cell.

:func:`check` returns every :class:`Finding` of a report at once. A finding
is data: the rule id, the severity, the cell by its public keys (``table``,
``row``, ``column``), every cell involved, the expected and actual values and
a Chinese message that names the cell by its printed labels.

The rules are declared once, in :data:`RULES`; ``docs/rules.md`` lists them
(a test keeps the two in step).

Declared and computed totals: the model computes every total and keeps the
totals the input gave as *declared*. R2, R3 and R4 compare a declared total
with the computed one (no declared total, nothing to compare); a declared
total left blank is a ``BLANK`` finding, not a sum error.

``blank`` sets the severity of ``BLANK`` findings: ``"error"`` (default, for
a report govreport produces, which must never print a blank cell) or
``"warning"`` (for a report read from elsewhere, where a blank cell is
reported but the report is still usable).

>>> from govreport.model import Report, ApplicantCounts
>>> import attrs, datetime as dt
>>> r = attrs.evolve(Report.new("某某局", 2020), published=dt.date(2021, 1, 20))
>>> t = attrs.evolve(r.applications.table, granted=ApplicantCounts(1, 0, 0, 0, 0, 0, declared_total=2))
>>> r = attrs.evolve(r, applications=attrs.evolve(r.applications, table=t))
>>> for f in check(r):
...     print(f.rule, f.severity, f.message)
R1 error 表三 自然人列：一、二之和为 0，（七）总计与四之和为 1，两者应相等
R1 error 表三 总计列：一、二之和为 0，（七）总计与四之和为 1，两者应相等
R3 error 表三 （一）予以公开 × 总计：应为 1（自然人至其他六列之和），实为 2
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.checks._chars import text_problem
from govreport.checks._engine import check, ensure_clean, errors
from govreport.checks._findings import Finding, Findings, Severity
from govreport.model import Location
from govreport.spec import RULES, Rule

__all__ = [
    "RULES",
    "Finding",
    "Findings",
    "Location",
    "Rule",
    "Severity",
    "check",
    "ensure_clean",
    "errors",
    "text_problem",
]

_publish(globals(), __name__, __all__)
