"""Helpers for testing document builds that use govreport: builders, assertions, a pytest plugin.

Builders and assertions need nothing beyond govreport itself; the Hypothesis strategies
(:mod:`govreport.testing.strategies`) and the pytest plugin come with ``pip install govreport[testing]``.

>>> from govreport.testing import assert_clean, make_report
>>> report = make_report(2024, agency="某某市数据局", applications={"new_received": {"自然人": 12}})
>>> report.applications.table.new_received.natural_person
12
>>> assert_clean(report)
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.testing._assertions import assert_clean, assert_document_matches, document_text
from govreport.testing._builders import example_paths, examples, make_report

__all__ = [
    "assert_clean",
    "assert_document_matches",
    "document_text",
    "example_paths",
    "examples",
    "make_report",
]

_publish(globals(), __name__, __all__)
