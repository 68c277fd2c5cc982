"""Many reports at once: a whole jurisdiction's reports checked and rendered, and their aggregate.

:func:`batch` checks and renders report files, reports, or the agencies of a
database (:class:`Agencies`) in parallel — on a process pool, or any
:class:`concurrent.futures.Executor` such as a Dask cluster's — skipping
what is up to date and listing what failed. :func:`aggregate` sums the
agencies' tables into the government's aggregate report (汇总), and
:func:`check_aggregate` names the agency whose numbers break it.

>>> import tempfile
>>> from concurrent.futures import ThreadPoolExecutor
>>> from govreport.model import Report
>>> result = batch([Report.new("甲局", 2024)], tempfile.mkdtemp(), executor=ThreadPoolExecutor(1))
>>> result.ok, result.counts["written"]
(True, 1)
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.batch._aggregate import (
    Accumulator,
    Aggregate,
    aggregate,
    check_aggregate,
)
from govreport.batch._items import (
    Agencies,
    AgencyItem,
    Item,
)
from govreport.batch._run import (
    MANIFEST,
    SUMMARY,
    BatchResult,
    batch,
)
from govreport.batch._worker import (
    Outcome,
    Status,
)

__all__ = [
    "MANIFEST",
    "SUMMARY",
    "Accumulator",
    "Agencies",
    "AgencyItem",
    "Aggregate",
    "BatchResult",
    "Item",
    "Outcome",
    "Status",
    "aggregate",
    "batch",
    "check_aggregate",
]

_publish(globals(), __name__, __all__)
