"""Hypothesis strategies for the tests: the public ones of :mod:`govreport.testing.strategies`.

>>> from hypothesis import given, settings
>>> from govreport import check
>>> @settings(max_examples=10, database=None)
... @given(consistent_reports())
... def has_no_findings(report):
...     assert check(report) == ()
>>> has_no_findings()
"""

from __future__ import annotations

from govreport.testing.strategies import (
    APPLICANT_CODES,
    OUTCOME_CODES,
    arbitrary_reports,
    consistent_reports,
    ledgers,
)

__all__ = ["APPLICANT_CODES", "OUTCOME_CODES", "arbitrary_reports", "consistent_reports", "ledgers"]
