"""The statutory format of the annual report, as data.

This module is the one place where the official format lives: the two
editions, the six sections, the three tables, every row, column and group
with the label exactly as the official format prints it, and the English key
that the rest of govreport (the model, the data files, the findings, the
templates) uses for it.

* 2019 edition: 国办公开办函〔2019〕60号, report years 2019 and 2020.
* 2021 edition: 国办公开办函〔2021〕30号, report year 2021 onward.

Nothing here does IO or formatting; it imports nothing from the rest of the
package.

>>> from govreport.spec import Edition
>>> Edition.for_year(2020), Edition.for_year(2024)
(<Edition.V2019: 2019>, <Edition.V2021: 2021>)
>>> t = Edition.V2021.spec.table("applications")
>>> len(t.data_rows), len(t.columns)
(25, 7)
>>> t.row("partially_granted").label
'（二）部分公开（区分处理的，只计这一情形，不计其他情形）'
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.spec._editions import (
    APPLICANT_COLUMNS,
    CASE_COLUMNS,
    SECTION_KEYS,
    TABLE_KEYS,
    BlockSpec,
    CellKind,
    ColumnSpec,
    Edition,
    EditionSpec,
    RowKind,
    RowSpec,
    SectionSpec,
    TableSpec,
)
from govreport.spec._narrative import (
    NARRATIVE_KINDS,
    NARRATIVE_TERMS,
    NarrativeTerm,
    narrative_term,
)
from govreport.spec._rules import (
    RULES,
    Rule,
    Severity,
    SumRule,
    cell_label,
    row_label,
    sum_rules,
    table_name,
)
from govreport.spec._vocabulary import (
    DRAFT_MARK,
    SOURCE_NOTE,
    VOCABULARIES,
    Vocabulary,
    counted_row,
    rows_only_in,
    short_label,
    unnumbered,
)

__all__ = [
    "APPLICANT_COLUMNS",
    "CASE_COLUMNS",
    "DRAFT_MARK",
    "NARRATIVE_KINDS",
    "NARRATIVE_TERMS",
    "RULES",
    "SECTION_KEYS",
    "SOURCE_NOTE",
    "TABLE_KEYS",
    "VOCABULARIES",
    "BlockSpec",
    "CellKind",
    "ColumnSpec",
    "Edition",
    "EditionSpec",
    "NarrativeTerm",
    "RowKind",
    "RowSpec",
    "Rule",
    "SectionSpec",
    "Severity",
    "SumRule",
    "TableSpec",
    "Vocabulary",
    "cell_label",
    "counted_row",
    "narrative_term",
    "row_label",
    "rows_only_in",
    "short_label",
    "sum_rules",
    "table_name",
    "unnumbered",
]

_publish(globals(), __name__, __all__)
