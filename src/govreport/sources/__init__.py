"""Reports computed from an agency's own records.

Records (:mod:`~govreport.sources.records`) are tallied into the statutory
tables by the rules in ``docs/sources.md`` (:mod:`~govreport.sources.tally`);
a mapping file (:mod:`~govreport.sources.mapping`) says where the records are
and translates the agency's codes. Sources: SQL databases through SQLAlchemy
(:mod:`~govreport.sources.sql`, the ``sql`` extra, imported only when used)
and CSV ledgers (:mod:`~govreport.sources.csv`), both a
:class:`~govreport.sources.base.RecordSource`. A contact block is the report's
own :class:`~govreport.model.Contact` (re-exported here); a source gives each
with its agency as a :class:`~govreport.sources.records.ContactRecord`.

>>> from govreport.sources import ApplicationRecord, tally_applications
>>> r = tally_applications([ApplicationRecord("1", "2024-05-06", None, "natural_person")], 2024)
>>> r.table.carried_forward.natural_person, r.used
(1, 1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govreport.model import Contact
from govreport.sources.base import RecordSource, RecordSourceBase
from govreport.sources.mapping import Mapping
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    ContactRecord,
    NormativeDocument,
    SourceFinding,
    split_codes,
)
from govreport.sources.tally import (
    TallyResult,
    resolve_outcomes,
    tally_applications,
    tally_cases,
    tally_counts,
    tally_documents,
)

if TYPE_CHECKING:
    from govreport.sources.sql import SqlSource

__all__ = [
    "AnnualCount",
    "ApplicationRecord",
    "CaseRecord",
    "Contact",
    "ContactRecord",
    "Mapping",
    "NormativeDocument",
    "RecordSource",
    "RecordSourceBase",
    "SourceFinding",
    "SqlSource",
    "TallyResult",
    "resolve_outcomes",
    "split_codes",
    "tally_applications",
    "tally_cases",
    "tally_counts",
    "tally_documents",
]


def __getattr__(name: str) -> Any:
    """``SqlSource`` is imported on first use, so that SQLAlchemy stays optional."""
    if name == "SqlSource":
        from govreport.sources.sql import SqlSource

        return SqlSource
    raise AttributeError(f"module 'govreport.sources' has no attribute {name!r}")
