"""What the tests share: where the reference data is, report and template builders, document readers, strategies.

pytest's ``pythonpath`` option puts ``tests/`` on ``sys.path``, so test modules
write ``from support import sample_report``; no test module imports another
test module or ``conftest``. Nothing here needs a pytest fixture, so the same
builders serve doctests, benchmarks and, later, a public ``govreport.testing``.

>>> from govreport import Edition, check
>>> check(sample_report(Edition.V2021))
()
"""

from __future__ import annotations

from support.documents import (
    contract_template,
    expected_tables,
    minimal_template,
    paragraphs,
    read_tables,
    template_for,
)
from support.libreoffice import convert_with_soffice
from support.paths import (
    DATA,
    EXAMPLES,
    REAL_REPORTS,
    REFERENCE,
    ROOT,
    SEEDS,
    example_files,
)
from support.reports import (
    FEE_STATEMENT,
    REPORT_YEARS,
    applicants,
    cases,
    consistent_report,
    every_cell_non_zero_report,
    outcome_keys,
    sample_report,
)
from support.strategies import arbitrary_reports, consistent_reports, ledgers

__all__ = [
    "DATA",
    "EXAMPLES",
    "FEE_STATEMENT",
    "REAL_REPORTS",
    "REFERENCE",
    "REPORT_YEARS",
    "ROOT",
    "SEEDS",
    "applicants",
    "arbitrary_reports",
    "cases",
    "consistent_report",
    "consistent_reports",
    "contract_template",
    "convert_with_soffice",
    "every_cell_non_zero_report",
    "example_files",
    "expected_tables",
    "ledgers",
    "minimal_template",
    "outcome_keys",
    "paragraphs",
    "read_tables",
    "sample_report",
    "template_for",
]
