"""The fast paths of the tables' rules give exactly the findings of the straightforward checks.

:func:`support.checks_reference.reference_check` is the check as it was written
before the fast paths (per cell, per row, per field); every finding -- rule,
severity, cell, expected and actual value, message, record, order -- must be
the same, on consistent reports and on reports broken in the ways the fast
paths skip over: blank cells, "/", negative numbers, wrong or blank declared
totals, （六） printed as one row, text that cannot be printed, placeholders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from govreport.checks import check
from govreport.checks._plan import plan
from govreport.model import BLANK, NA, Mark, Paragraph, Report, Section
from govreport.spec import DRAFT_MARK, SOURCE_NOTE
from support import consistent_reports
from support.checks_reference import reference_check
from support.strategies import arbitrary_reports

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "demo-city-data-bureau-2024.yaml"

#: What a broken cell may hold: blank, "/", a negative or an arbitrary count.
_BAD = st.one_of(
    st.just(BLANK), st.just(NA), st.integers(-5, -1), st.integers(0, 50), st.just(10**15)
)
#: What a broken declared total may hold: the values above, or no total at all.
_BAD_TOTAL = st.one_of(_BAD, st.none())
#: Texts that the CHARS, DRAFT and SOURCE rules look for, and some they must let pass.
_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "甲\n乙",
        "甲\r乙",
        "甲\x0b乙",
        "\ufffe",
        "甲\t乙",
        f"甲{DRAFT_MARK}乙",
        DRAFT_MARK,
        "【待",
        "填写】",
        f"{SOURCE_NOTE}表 台账；记录 A-7；列 收到日期；收到日期 不是日期",
        f"{SOURCE_NOTE}不合格式",
        "信息处理费",
        "本年度未收取信息处理费。",
        "正常的一段话。",
    ]
)


def _break_row(draw: st.DrawFn, row: Any) -> Any:
    fields = [f.name for f in attrs.fields(type(row))]
    changes: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(fields), max_size=3, unique=True)):
        if name == "declared_total":
            changes[name] = draw(_BAD_TOTAL)
        else:
            changes[name] = draw(_BAD)
    try:
        return attrs.evolve(row, **changes)
    except TypeError:  # a money or amount cell: it takes no count
        return row


def _break_table(draw: st.DrawFn, table: Any) -> Any:
    fields = attrs.fields_dict(type(table))
    names = draw(st.lists(st.sampled_from(sorted(fields)), max_size=4, unique=True))
    changes: dict[str, Any] = {}
    for name in names:
        row = getattr(table, name)
        if row is None:  # a declared （七） or （六） row that is not declared
            continue
        changes[name] = _break_row(draw, row)
        if name.startswith("declared_") and draw(st.booleans()):
            changes[name] = None
    return attrs.evolve(table, **changes)


@st.composite
def broken_reports(draw: st.DrawFn) -> Report:
    """Consistent reports (（六） as one row or not) with a few cells, totals and texts broken."""
    report = draw(consistent_reports(single_six=None))
    changes: dict[str, Any] = {}
    for key in ("proactive_disclosure", "applications", "review_litigation"):
        if draw(st.booleans()):
            section: Any = report.section(key)
            changes[key] = attrs.evolve(section, table=_break_table(draw, section.table))
    for key in draw(st.lists(st.sampled_from(Report.SECTION_KEYS), max_size=3, unique=True)):
        paragraphs = draw(
            st.lists(st.builds(Paragraph, _TEXT, heading=_TEXT), min_size=1, max_size=3)
        )
        section = report.section(key)
        changes[key] = attrs.evolve(section, paragraphs=(*section.paragraphs, *paragraphs))
    if draw(st.booleans()):
        changes["agency"] = draw(_TEXT)
    if draw(st.booleans()):
        changes["preamble"] = draw(_TEXT)
    return attrs.evolve(report, **changes)


def _outcome(f: Any, *args: Any, **kwargs: Any) -> Any:
    """What ``f`` returns, or the type and message of what it raises."""
    try:
        return f(*args, **kwargs)
    except Exception as e:  # a report for a year no edition covers: both must raise the same
        return type(e), str(e)


def _same(report: Report, previous: Report | None = None) -> None:
    for blank in ("error", "warning"):
        got = _outcome(check, report, previous, blank=blank)
        want = _outcome(reference_check, report, previous, blank=blank)
        assert got == want
        if isinstance(got, tuple) and got and isinstance(got[0], type):
            continue
        assert [f.record for f in got] == [f.record for f in want]
        assert [f.where for f in got] == [f.where for f in want]


@settings(max_examples=200)
@given(broken_reports())
def test_broken_reports_same_findings(report: Report) -> None:
    _same(report)


@settings(max_examples=100)
@given(arbitrary_reports())
def test_arbitrary_reports_same_findings(report: Report) -> None:
    _same(report)


@given(consistent_reports(single_six=None))
def test_consistent_reports_same_findings(report: Report) -> None:
    _same(report)


@given(broken_reports(), broken_reports())
def test_with_last_year_same_findings(report: Report, previous: Report) -> None:
    if report.edition is not previous.edition:
        return
    previous = attrs.evolve(previous, year=report.year - 1)
    _same(report, previous)


def test_headings_and_texts_meet_at_a_placeholder() -> None:
    """A placeholder split between a paragraph's heading and its text is still found."""
    r = Report.new("某局", 2024)
    r = attrs.evolve(r, overview=Section([Paragraph("填写】后文", heading="前文【待")]))
    _same(r)
    assert [f.rule for f in check(r)].count("DRAFT") == 1


def _reference_clean(report: Report) -> Any:
    """Tables 三 and 四 read row by row as :attr:`Plan.read_clean` reads them, or ``None``."""
    p = plan(report.edition)
    t3, t4 = report.applications.table, report.review_litigation.table
    if getattr(t3, "declared_other_processing", None) is not None:
        return None
    tables: list[dict[str, tuple[Any, ...]]] = []
    for table, keys, columns in (
        (t3, p.app_rows, p.applicant_keys),
        (t4, p.case_rows, p.case_keys),
    ):
        rows: dict[str, tuple[Any, ...]] = {}
        for key in keys:
            row = getattr(table, key)
            cells = tuple(getattr(row, c) for c in columns)
            total = row.declared_total
            if any(isinstance(v, Mark) or v < 0 for v in cells):
                return None
            if type(total) is not int or total < 0 or total != sum(cells):
                return None
            rows[key] = (*cells, total)
        tables.append(rows)
    c = tuple(
        sum(tables[0][k][j] for k in p.outcome_rows) for j in range(len(p.applicant_keys) + 1)
    )
    seven = t3.declared_results_total
    if seven is not None:
        declared = (*(getattr(seven, k) for k in p.applicant_keys), seven.declared_total)
        if any(type(v) is not int for v in declared) or declared != c:
            return None
    tables[0][p.total_row] = c
    return [list(t.items()) for t in tables]


def _clean(report: Report) -> Any:
    got = plan(report.edition).read_clean(report.applications.table, report.review_litigation.table)
    return None if got is None else [list(t.items()) for t in got]


@settings(max_examples=300)
@given(st.one_of(broken_reports(), consistent_reports(single_six=None)))
def test_clean_tables_read_as_row_by_row(report: Report) -> None:
    """The written-out reader of clean tables takes exactly the tables the row-by-row reading
    takes, with the same rows in the same order, and no other."""
    assert _clean(report) == _reference_clean(report)


def test_the_example_is_read_as_clean() -> None:
    """The 2021 example (every total declared) takes the written-out path; a blank cell does not."""
    report = govreport.load(EXAMPLE)
    assert _clean(report) == _reference_clean(report) is not None
    t3 = report.applications.table
    blank = attrs.evolve(t3, granted=attrs.evolve(t3.granted, commercial_enterprise=BLANK))
    broken = attrs.evolve(report, applications=attrs.evolve(report.applications, table=blank))
    assert _clean(broken) is None


class _Count(int):
    """An int subclass, as a caller's own count type may be: the model takes it as a count."""


def _subclassed(value: Any) -> Any:
    """``value`` with every plain int count in its rows replaced by an equal :class:`_Count`."""
    if type(value) is int:
        return _Count(value)
    if attrs.has(type(value)):
        changes = {
            f.name: _subclassed(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.init and f.name not in ("edition",)
        }
        return attrs.evolve(value, **changes)
    return value


@settings(max_examples=100)
@given(broken_reports())
def test_counts_of_an_int_subclass_are_read_as_plain_ints(report: Report) -> None:
    """Replacing every count by an equal int subclass changes no finding: the model holds each as a plain int."""
    tables = {
        key: attrs.evolve(report.section(key), table=_subclassed(report.section(key).table))
        for key in ("proactive_disclosure", "applications", "review_litigation")
    }
    subclassed = attrs.evolve(report, **tables)
    assert type(subclassed.applications.table.granted.natural_person) is not _Count
    assert check(subclassed) == check(report)
