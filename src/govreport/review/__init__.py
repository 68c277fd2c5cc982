"""Reviewing a jurisdiction's published reports: read every file, pair the years, check, write a workbook.

>>> import tempfile, pathlib, govreport
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = govreport.dump(govreport.Report.new("某某局", 2024), folder / "a.yaml")
>>> [r.report.agency for r in review([folder]).reports]
['某某局']
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.review._review import (
    ACCEPTED_NAME,
    SUFFIXES,
    Failure,
    Review,
    Reviewed,
    finding_id,
    read_accepted,
    review,
)
from govreport.review._workbook import FINDING_COLUMNS, REPORT_COLUMNS, write_review

__all__ = [
    "ACCEPTED_NAME",
    "FINDING_COLUMNS",
    "REPORT_COLUMNS",
    "SUFFIXES",
    "Failure",
    "Review",
    "Reviewed",
    "finding_id",
    "read_accepted",
    "review",
    "write_review",
]

_publish(globals(), __name__, __all__)
