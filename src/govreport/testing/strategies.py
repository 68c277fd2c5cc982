"""Hypothesis strategies (``pip install govreport[testing]``): consistent reports, arbitrary reports, single-cell
mutations with the finding they must cause, and application ledgers for the sources.

>>> from hypothesis import given, settings
>>> from govreport import check
>>> @settings(max_examples=10, database=None)
... @given(consistent_reports())
... def has_no_findings(report):
...     assert check(report) == ()
>>> has_no_findings()
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from govreport.model import (
    BLANK,
    NA,
    Amount,
    ApplicantCounts,
    CaseCounts,
    Contact,
    Paragraph,
    Period,
    Report,
    ReviewLitigation,
    Scope,
    Section,
    TableSection,
    Unit,
    table_class,
)
from govreport.sources import ApplicationRecord
from govreport.sources.mapping import ApplicationsMapping
from govreport.spec import APPLICANT_COLUMNS, CellKind, Edition

#: One report year per edition: 2020 (the 2019 edition) and 2024 (the 2021 edition).
REPORT_YEARS = (2020, 2024)
#: The statement about information-processing fees the 2021 edition requires in section 六.
FEE_STATEMENT = "本年度未收取信息处理费。"

Row = tuple[Any, ...]


__all__ = [
    "APPLICANT_CODES",
    "FEE_STATEMENT",
    "OUTCOME_CODES",
    "REPORT_YEARS",
    "Mutation",
    "applicants",
    "arbitrary_reports",
    "cases",
    "cell_mutations",
    "consistent_report",
    "consistent_reports",
    "ledgers",
    "outcome_keys",
]

# --------------------------------------------------------------------------- builders


def outcome_keys(edition: Edition) -> tuple[str, ...]:
    """The keys of table 三's outcome rows (the rows under 三、本年度办理结果) in an edition.

    >>> outcome_keys(Edition.V2021)[:2]
    ('granted', 'partially_granted')
    """
    return table_class("applications", edition).outcome_keys  # type: ignore[attr-defined,no-any-return]


def applicants(values: Row, total: Any = "sum") -> ApplicantCounts:
    """A table 三 row; ``total="sum"`` declares the correct 总计, None declares none, a number declares it.

    >>> applicants((1, 2, 0, 0, 0, 0)).declared_total
    3
    >>> applicants((1, 2, 0, 0, 0, 0), None).declared_total is None
    True
    """
    if total == "sum":
        total = sum(v for v in values if isinstance(v, int))
    row: Any = ApplicantCounts
    return row(*values, declared_total=total)  # type: ignore[no-any-return]


def cases(values: Row, total: Any = "sum") -> CaseCounts:
    """A table 四 row (维持, 纠正, 其他, 尚未审结); ``total`` as for :func:`applicants`.

    >>> cases((1, 0, 2, 0)).declared_total
    3
    """
    if total == "sum":
        total = sum(v for v in values if isinstance(v, int))
    row: Any = CaseCounts
    return row(*values, declared_total=total)  # type: ignore[no-any-return]


def consistent_report(
    year: int,
    outcomes: dict[str, Row] | None = None,
    carried_over: Row = (0,) * 6,
    carried_forward: Row = (0,) * 6,
    review: dict[str, Row] | None = None,
    declare: bool = True,
    single_six: bool = False,
    **report: Any,
) -> Report:
    """A consistent report: table 三 from outcome rows, with every total declared (unless not ``declare``).

    ``outcomes`` maps outcome row keys to their six applicant counts; 本年新收
    follows from them and the carried-over rows. ``review`` maps the rows of
    table 四 to their four case counts. Other keyword arguments replace the
    report's fields (by default it is published on 20 January of the next
    year and states :data:`FEE_STATEMENT`).

    ``single_six=True`` (2021 edition only) writes （六）其他处理 as one row, as
    some published reports print it: the group's row holds the sum of its
    three sub-items (``declared_other_processing``), which are left blank.

    >>> r = consistent_report(2024, {"granted": (3, 0, 0, 0, 0, 0)}, carried_over=(1, 0, 0, 0, 0, 0))
    >>> r.applications.table.new_received.natural_person
    2
    >>> six = consistent_report(2024, {"other_other": (2, 0, 0, 0, 0, 0)}, single_six=True)
    >>> t = six.applications.table
    >>> t.declared_other_processing.natural_person, t.other_other.natural_person
    (2, <Mark.BLANK: ''>)
    """
    edition = Edition.for_year(year)
    outcomes = outcomes or {}
    rows = {k: outcomes.get(k, (0,) * 6) for k in outcome_keys(edition)}
    seven = tuple(sum(r[i] for r in rows.values()) for i in range(6))
    new = tuple(seven[i] + carried_forward[i] - carried_over[i] for i in range(6))
    t = "sum" if declare else None
    table3_cls: Any = table_class("applications", edition)
    entered = {k: applicants(v, t) for k, v in rows.items()}
    if single_six:
        subs = table3_cls.six_keys()
        if not subs:
            raise ValueError(f"single_six: the {edition} edition prints （六） as one row already")
        group = tuple(sum(rows[k][i] for k in subs) for i in range(6))
        entered.update({k: ApplicantCounts.filled(BLANK) for k in subs})
        entered["declared_other_processing"] = applicants(group, t)
    table3 = table3_cls(
        new_received=applicants(new, t),
        carried_over=applicants(carried_over, t),
        carried_forward=applicants(carried_forward, t),
        declared_results_total=applicants(seven, t) if declare else None,
        **entered,
    )
    review = review or {}
    table4 = ReviewLitigation(
        **{
            k: cases(review.get(k, (0, 0, 0, 0)), t)
            for k in ("review", "litigation_direct", "litigation_after_review")
        }
    )
    base = Report.new("某某局", year)
    defaults: dict[str, Any] = {
        "published": dt.date(year + 1, 1, 20),
        "other_matters": Section([FEE_STATEMENT]),
    }
    defaults.update(report)
    return attrs.evolve(
        base,
        applications=TableSection(table=table3),
        review_litigation=TableSection(table=table4),
        **defaults,
    )


# --------------------------------------------------------------------------- consistent reports

_SMALL_COUNT = st.integers(0, 6)
_ROW6 = st.tuples(*[_SMALL_COUNT] * 6)


def _six_in_rows(edition: Edition) -> bool:
    """Whether ``edition`` prints （六）其他处理 in sub-items (which a report may write as one row)."""
    cls: Any = table_class("applications", edition)
    return bool(cls.six_keys())


@st.composite
def consistent_reports(draw: st.DrawFn, *, single_six: bool | None = False) -> Report:
    """Consistent reports of either edition (one of :data:`REPORT_YEARS`): no check finds anything.

    Table 三's outcome rows, carried-forward row and table 四 are drawn; the
    other rows and every total follow from them.

    ``single_six=True`` gives 2021-edition reports whose table 三 prints
    （六）其他处理 as one row (see :func:`consistent_report`); ``None`` draws
    either form (the single row only in the 2021 edition); the default,
    ``False``, the form govreport itself writes.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(consistent_reports())
    ... def is_of_a_sample_year(report):
    ...     assert report.year in REPORT_YEARS and report.edition is Edition.for_year(report.year)
    >>> is_of_a_sample_year()
    >>> from govreport import check
    >>> @settings(max_examples=10, database=None)
    ... @given(consistent_reports(single_six=True))
    ... def has_one_six_row(report):
    ...     assert report.applications.table.declared_other_processing is not None
    ...     assert check(report) == ()
    >>> has_one_six_row()
    """
    years = [y for y in REPORT_YEARS if _six_in_rows(Edition.for_year(y))]
    year = draw(st.sampled_from(years if single_six else REPORT_YEARS))
    edition = Edition.for_year(year)
    six = _six_in_rows(edition) and (single_six if single_six is not None else draw(st.booleans()))
    outcomes = {k: draw(_ROW6) for k in outcome_keys(edition)}
    seven = [sum(r[i] for r in outcomes.values()) for i in range(6)]
    forward = draw(_ROW6)
    over = tuple(draw(st.integers(0, seven[i] + forward[i])) for i in range(6))
    review = {
        k: draw(st.tuples(*[_SMALL_COUNT] * 4))
        for k in ("review", "litigation_direct", "litigation_after_review")
    }
    return consistent_report(
        year, outcomes, carried_over=over, carried_forward=forward, review=review, single_six=six
    )


# --------------------------------------------------------------------------- single-cell mutations


@attrs.frozen
class Mutation:
    """A consistent report with one entered cell changed, and the cell: a finding must name it.

    ``rules`` are the rules a finding at that cell may come from (R1–R4 for a count of table
    三 or 四, which its row total and its column's sums cover; R5 for a count of table 二 made
    negative; BLANK for a cell left empty).
    """

    report: Report
    cell: tuple[str, str, str]
    rules: frozenset[str]


@st.composite
def cell_mutations(draw: st.DrawFn) -> Mutation:
    """A consistent report of either edition with exactly one entered count changed (or left blank).

    >>> from hypothesis import given, settings
    >>> from govreport import check
    >>> @settings(max_examples=20, database=None)
    ... @given(cell_mutations())
    ... def is_named(m):
    ...     assert any(m.cell in f.cells and f.rule in m.rules for f in check(m.report))
    >>> is_named()
    """
    report = draw(consistent_reports())
    table_key = draw(st.sampled_from(["proactive_disclosure", "applications", "review_litigation"]))
    table: Any = report.table(table_key)
    spec = report.edition.spec.table(table_key)
    cells = [
        (r.key, c)
        for r in spec.data_rows
        if r.key != "results_total"
        for c in r.input_columns
        if table_key != "proactive_disclosure" or c.kind is CellKind.COUNT
    ]
    row, column = draw(st.sampled_from(cells))
    value = table.cell(row, column.key)
    if draw(st.integers(0, 3)) == 0:  # left blank: the BLANK rule names the cell
        new: Any = BLANK
        rules = frozenset({"BLANK"})
    elif table_key == "proactive_disclosure":
        new = -draw(st.integers(1, 5))
        rules = frozenset({"R5"})
    else:
        new = (value if isinstance(value, int) else 0) + draw(st.integers(1, 5))
        rules = frozenset({"R1", "R2", "R3", "R4"})
    changed = attrs.evolve(table, **{row: attrs.evolve(getattr(table, row), **{column.key: new})})
    section: Any = report.section(table_key)
    sections: dict[str, Any] = {table_key: attrs.evolve(section, table=changed)}
    return Mutation(attrs.evolve(report, **sections), (table_key, row, column.key), rules)


# --------------------------------------------------------------------------- arbitrary reports


def _at_most_12_places(d: Decimal) -> bool:
    exponent = d.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -12


#: Texts that YAML, TOML, JSON or Jinja might take for something else.
_TRICKY = st.sampled_from(
    [
        "",
        "第一段\n第二段",
        "引号“三安全一稳定”与\"直引号\"及'单引号'",
        "A & B <c> 𠮷 {{ x }} {% if %}",
        "  前后有空格  ",
        "\n以换行开头\n\n",
        "yes",
        "0451-84090573",
        "150028",
        "2025-01-20",
        "null",
        "- 列表样",
        "# 井号",
        "key: value",
        "制表\t符",
        "\r\n回车",
    ]
)
_TEXT = st.one_of(_TRICKY, st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))
_COUNT = st.one_of(st.integers(0, 10**12), st.just(BLANK))
_COUNT_NA = st.one_of(_COUNT, st.just(NA))
_SIGNED = st.one_of(st.integers(-(10**6), 10**6), st.just(BLANK), st.just(NA))
_DECIMAL: st.SearchStrategy[Decimal] = st.decimals(
    min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False
).filter(_at_most_12_places)
_MONEY = st.one_of(_DECIMAL, st.just(BLANK), st.just(NA))
_AMOUNT = st.one_of(st.builds(Amount, _DECIMAL, st.sampled_from(Unit)), st.just(BLANK), st.just(NA))
_DATE = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def _row(row_cls: type, edition: Edition, table: str, row: str) -> st.SearchStrategy[Any]:
    spec = edition.spec.table(table).row(row)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for col in spec.input_columns:
        fields[col.key] = {
            CellKind.COUNT: _COUNT_NA if col.allows_na else _COUNT,
            CellKind.SIGNED_COUNT: _SIGNED,
            CellKind.MONEY_WAN: _MONEY,
            CellKind.AMOUNT: _AMOUNT,
        }[col.kind]
    if "declared_total" in attrs.fields_dict(row_cls):
        fields["declared_total"] = st.one_of(st.none(), _COUNT)
    return st.builds(row_cls, **fields)


def _table(edition: Edition, key: str) -> st.SearchStrategy[Any]:
    cls = table_class(key, edition)
    rows = {r: _row(cls.row_class(r), edition, key, r) for r in cls.row_keys()}
    if key == "applications":
        rows["declared_results_total"] = st.one_of(
            st.none(), _row(ApplicantCounts, edition, key, "results_total")
        )
    return st.builds(cls, **rows)


_PARAGRAPHS = st.lists(
    st.one_of(st.builds(Paragraph, _TEXT), st.builds(Paragraph, _TEXT, heading=_TEXT)), max_size=3
)


@st.composite
def arbitrary_reports(draw: st.DrawFn) -> Report:
    """Arbitrary reports of either edition: any cell value a cell may hold, any text, consistent or not.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(arbitrary_reports())
    ... def has_the_tables_of_its_edition(report):
    ...     assert type(report.applications.table) is table_class("applications", report.edition)
    >>> has_the_tables_of_its_edition()
    """
    edition = draw(st.sampled_from(Edition))
    kwargs: dict[str, Any] = {}
    for key in Report.SECTION_KEYS:
        paragraphs = draw(_PARAGRAPHS)
        if key in ("proactive_disclosure", "applications", "review_litigation"):
            kwargs[key] = TableSection(paragraphs, table=draw(_table(edition, key)))
        else:
            kwargs[key] = Section(paragraphs)
    return Report(
        draw(_TEXT),
        draw(st.integers(2008, 2200)),
        edition,
        published=draw(st.one_of(st.none(), _DATE)),
        scope=draw(st.sampled_from(Scope)),
        contact=draw(st.builds(Contact, _TEXT, _TEXT, _TEXT, _TEXT)),
        period=draw(st.one_of(st.none(), st.builds(Period, _DATE, _DATE))),
        preamble=draw(st.one_of(st.none(), _TEXT)),
        **kwargs,
    )


# --------------------------------------------------------------------------- ledgers

#: The applicant codes a generated ledger uses: every applicant column, and one the mapping does not know.
APPLICANT_CODES = [*(c.key for c in APPLICANT_COLUMNS if not c.derived), "unknown"]
#: The outcome codes a generated ledger uses: a spread of known ones, and one the mapping does not know.
OUTCOME_CODES = [
    *list(ApplicationsMapping().outcome_codes)[::7],
    "granted",
    "partially_granted",
    "other_fee_unpaid",
    "??",
]


@st.composite
def ledgers(draw: st.DrawFn) -> list[ApplicationRecord]:
    """Ledgers of a few dozen applications around 2024, with some bad records.

    Ids repeat, dates may be missing or out of order, codes may be unknown.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(ledgers())
    ... def is_a_ledger(records):
    ...     assert len(records) <= 40 and all(isinstance(r, ApplicationRecord) for r in records)
    >>> is_a_ledger()
    """
    n = draw(st.integers(0, 40))
    records = []
    for _ in range(n):
        rid = str(draw(st.integers(0, 60)))
        received = draw(st.none() | st.dates(dt.date(2022, 6, 1), dt.date(2025, 6, 1)))
        closed = None
        if draw(st.booleans()):
            base = received or dt.date(2024, 1, 1)
            closed = base + dt.timedelta(days=draw(st.integers(-5, 500)))
        records.append(
            ApplicationRecord(
                rid,
                received,
                closed,
                draw(st.sampled_from(APPLICANT_CODES)),
                tuple(draw(st.lists(st.sampled_from(OUTCOME_CODES), max_size=3))),
            )
        )
    return records
