"""The report as typed, immutable data.

A :class:`Report` holds the agency, the year, the edition, the publishing
date, the contact block, the six sections and the three statutory tables.
Every class is a frozen attrs class: edit with :func:`attrs.evolve`.

Cells hold exactly what a printed table can hold, and keep the three
"empty-looking" values apart:

* an ``int`` (``0`` is zero),
* :data:`BLANK` -- the cell was left empty,
* :data:`NA` -- the cell reads "/" (not applicable; table 二 only).

Money is :class:`~decimal.Decimal`. Totals (the 总计 column, （七）总计, the
总计 of table 四) are computed; a total given in the input is kept as
*declared* (``declared_total``, ``declared_results_total``) so that the
checks can compare the two.

The model checks types, not arithmetic: a negative count or a "/" in table
三 can be held (a document read from elsewhere may contain one) and is
reported by :func:`govreport.check`.

>>> from govreport.model import Report, ApplicantCounts
>>> r = Report.new("某某局", 2024)
>>> r.edition, r.applications.table.granted.natural_person
(<Edition.V2021: 2021>, 0)
>>> row = ApplicantCounts(natural_person=3, commercial_enterprise=2, other_org=BLANK)
>>> row.total, row.other_org
(5, <Mark.BLANK: ''>)
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.model._cells import (
    BLANK,
    NA,
    Amount,
    AmountCell,
    Cell,
    Count,
    Mark,
    Money,
    Unit,
)
from govreport.model._findings import Finding, Location
from govreport.model._report import (
    Contact,
    Paragraph,
    Period,
    Report,
    Scope,
    Section,
    TableSection,
)
from govreport.model._rows import (
    ApplicantCounts,
    CaseCounts,
    DecisionCount,
    DocumentCounts,
    FeeAmount,
    FeeItems,
    ItemCounts,
    Procurement,
    PublicationCounts,
)
from govreport.model._tables import (
    Applications,
    Applications2019,
    Applications2021,
    ProactiveDisclosure,
    ProactiveDisclosure2019,
    ProactiveDisclosure2021,
    ReviewLitigation,
    Table,
    table_class,
)

__all__ = [
    "BLANK",
    "NA",
    "Amount",
    "AmountCell",
    "ApplicantCounts",
    "Applications",
    "Applications2019",
    "Applications2021",
    "CaseCounts",
    "Cell",
    "Contact",
    "Count",
    "DecisionCount",
    "DocumentCounts",
    "FeeAmount",
    "FeeItems",
    "Finding",
    "ItemCounts",
    "Location",
    "Mark",
    "Money",
    "Paragraph",
    "Period",
    "ProactiveDisclosure",
    "ProactiveDisclosure2019",
    "ProactiveDisclosure2021",
    "Procurement",
    "PublicationCounts",
    "Report",
    "ReviewLitigation",
    "Scope",
    "Section",
    "Table",
    "TableSection",
    "Unit",
    "table_class",
]

_publish(globals(), __name__, __all__)
