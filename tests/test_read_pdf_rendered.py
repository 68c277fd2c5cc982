"""govreport's own PDFs read back: a render converted by LibreOffice reads with every cell and paragraph right.

Table 三 of a render spans pages with its header rows repeated on each page, and
the rows of one page split the label column into more ruled columns than the
other page's rows do; the reader joins the parts at the boundaries both pages
draw, so every number stays under its own column.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govreport
from govreport.model import Amount, Report, Unit
from govreport.rendering import convert_to_pdf
from govreport.spec import CellKind, Edition
from govreport.testing import assert_document_matches, examples, make_report
from govreport.testing.strategies import outcome_keys
from support.system import module

pytestmark = pytest.mark.libreoffice

_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution")
_APPLICANTS += ("public_interest_org", "legal_service_org", "other_org")
_CASES = ("maintained", "corrected", "other", "pending")


@pytest.fixture(autouse=True)
def _tools(soffice: str) -> None:
    """LibreOffice (and pdfplumber, the ``pdf`` extra, which the ``dev`` extra installs)."""
    module("pdfplumber")


def _read_back(report: Report, tmp_path: Path) -> Path:
    """``report`` rendered to Word, converted to PDF by LibreOffice, and checked to read back equal."""
    pdf = convert_to_pdf(govreport.render(report, tmp_path / "r.docx"), tmp_path / "r.pdf")
    assert_document_matches(pdf, report)
    return pdf


@pytest.mark.parametrize("year", [2024, 2020], ids=["2021-edition", "2019-edition"])
def test_a_render_reads_back_from_pdf(year: int, tmp_path: Path) -> None:
    """make_report's render of either edition, as PDF, reads back equal in every cell and paragraph."""
    report = make_report(year)
    pdf = _read_back(report, tmp_path)
    got = govreport.read(pdf)
    assert got.report.edition is Edition.for_year(year)
    # table 三 is printed over two pages: its last rows are placed on the later page
    first = got.locations[("applications", "new_received", "natural_person")]
    last = got.locations[("applications", "carried_forward", "natural_person")]
    assert str(first).split(" ")[1] < str(last).split(" ")[1]


@pytest.mark.parametrize("name", sorted(examples()))
def test_a_bundled_example_reads_back_from_pdf(name: str, tmp_path: Path) -> None:
    """Each bundled example, rendered and converted to PDF, reads back equal."""
    _read_back(examples()[name], tmp_path)


def _value(kind: CellKind, n: int) -> object:
    """``n`` as a value of a cell of ``kind`` (an amount with a fraction, so that its decimals are read too)."""
    if kind is CellKind.MONEY_WAN:
        return Decimal(n) + Decimal("0.25")
    if kind is CellKind.AMOUNT:
        return Amount(Decimal(n) + Decimal("0.5"), Unit.WAN_YUAN)
    return n


def _every_cell_non_zero(year: int) -> Report:
    """A consistent report whose every cell holds a number of its own, none of them 0."""
    edition = Edition.for_year(year)
    rows = [*outcome_keys(edition), "carried_over", "carried_forward"]
    applications = {
        row: {column: 10 * i + j + 1 for j, column in enumerate(_APPLICANTS)}
        for i, row in enumerate(rows)
    }
    # 本年新收 absorbs the balance: a carried-over count below every other keeps it positive
    applications["carried_over"] = dict.fromkeys(_APPLICANTS, 1)
    review_litigation = {
        row: {column: 4 * i + j + 2 for j, column in enumerate(_CASES)}
        for i, row in enumerate(("review", "litigation_direct", "litigation_after_review"))
    }
    spec = edition.spec.table("proactive_disclosure")
    proactive = {
        row.key: {
            column.key: _value(column.kind, 100 * (i + 1) + j + 1)
            for j, column in enumerate(row.columns)
        }
        for i, row in enumerate(spec.data_rows)
    }
    return make_report(
        year,
        proactive_disclosure=proactive,
        applications=applications,
        review_litigation=review_litigation,
    )


@pytest.mark.parametrize("year", [2024, 2020], ids=["2021-edition", "2019-edition"])
def test_every_cell_non_zero_reads_back_from_pdf(year: int, tmp_path: Path) -> None:
    """A report with a different non-zero number in every cell reads back from PDF with each one in place."""
    report = _every_cell_non_zero(year)
    for key, table in report.tables():
        for _, row in table.rows():
            for column, value in row.cells():
                assert value not in (0, None), (key, column)
    _read_back(report, tmp_path)
