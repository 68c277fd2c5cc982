"""Rendered documents as other clients see them: LibreOffice's PDF, golden text, the examples' every sentence and number."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import attrs
import docx
import pytest

import govreport
from govreport.model import Report, Section
from govreport.rendering._context import build_context
from govreport.spec import Edition, RowKind
from support import (
    EXAMPLES,
    consistent_report,
    contract_template,
    convert_with_soffice,
    outcome_keys,
    paragraphs,
    read_tables,
    sample_report,
    template_for,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*") if p.suffix in _SUFFIXES)


def document_text(path: Path) -> str:
    """The document as text: each paragraph on a line, then each table row with its cells separated by |."""
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for i, table in enumerate(d.tables, start=1):
        lines.append(f"== 表格 {i}")
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines) + "\n"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("GOVREPORT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with GOVREPORT_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_sample_reports_match_their_golden_text(edition: Edition, tmp_path: Path) -> None:
    """The sample report rendered with the contract template prints exactly the golden text."""
    out = govreport.Template(contract_template(edition)).render(
        sample_report(edition), tmp_path / "r.docx"
    )
    _golden(f"sample-{int(edition)}", document_text(out))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_match_their_golden_text(example: Path, tmp_path: Path) -> None:
    """Each example rendered with its bundled template prints exactly the golden text."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    _golden(example.stem, document_text(out))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？])", text) if s.strip()]


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_print_every_sentence_and_number(example: Path, tmp_path: Path) -> None:
    """Every narrative sentence of an example and every number of its tables appears in the document."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    d = docx.Document(str(out))
    text = "".join(paragraphs(d))
    for key in Report.SECTION_KEYS:
        for p in report.section(key).paragraphs:
            for sentence in _sentences(p.heading + "\n" + p.text):
                for line in sentence.split("\n"):
                    assert line.strip() in text, (key, line)
    cells = read_tables(d, report.edition)
    ctx = build_context(report)
    for key, found in cells.items():
        assert found == {(r, c): v for r, cols in ctx[key].items() for c, v in cols.items()}


def _reports_for_pdf() -> list[tuple[str, Report, bytes | None]]:
    out: list[tuple[str, Report, bytes | None]] = []
    for ed in Edition:
        out.append((f"sample-{int(ed)}", sample_report(ed), None))
    bad = attrs.evolve(
        sample_report(Edition.V2021, agency="R&D<中心>𠮷"),
        problems_improvements=Section(["{{ x }} 与 {% if %} 原样输出。\n第二段 & <标签>。"]),
    )
    out.append(("bad-input", bad, contract_template(Edition.V2021)))
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("name", "report", "template"),
    _reports_for_pdf(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_libreoffice_converts_and_prints_every_heading(
    name: str, report: Report, template: bytes | None, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """LibreOffice converts the document to PDF; its text holds the title, the six headings, the agency and the date."""
    t = govreport.Template(template if template is not None else template_for(report.edition))
    out = t.render(report, tmp_path / f"{name}.docx", force=True)
    pdf = convert_with_soffice(soffice, out, tmp_path)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", report.title) in flat
    for section in report.edition.spec.sections:
        assert section.heading in flat
    assert report.agency in flat
    assert build_context(report)["report"]["date"] in flat


@pytest.mark.libreoffice
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_libreoffice_converts_every_example(
    example: Path, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """Each example, rendered with the bundled template, converts to a PDF that holds its title and agency."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / f"{example.stem}.docx", force=True)
    pdf = convert_with_soffice(soffice, out, tmp_path)
    flat = re.sub(
        r"\s+",
        "",
        subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert report.title in flat
    for section in report.edition.spec.sections:
        assert section.heading in flat
    assert report.agency in flat


def _pages(pdftotext: str, pdf: Path) -> list[str]:
    """Each page's text in drawing order (``-raw``: a cell's lines stay together), whitespace removed."""
    text = subprocess.run(
        [pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def _every_cell_non_zero() -> Report:
    """A 2021-edition report whose every count in tables 三 and 四 is non-zero (four-digit totals)."""
    outcomes = dict.fromkeys(outcome_keys(Edition.V2021), (101, 102, 103, 104, 105, 106))
    review = dict.fromkeys(
        ("review", "litigation_direct", "litigation_after_review"), (11, 12, 13, 14)
    )
    return consistent_report(
        2024,
        outcomes,
        carried_over=(1, 2, 3, 4, 5, 6),
        carried_forward=(6, 5, 4, 3, 2, 1),
        review=review,
        agency="示范市数据局",
    )


def _layout_reports() -> list[tuple[str, Report]]:
    return [(p.stem, govreport.load(p)) for p in EXAMPLE_FILES] + [
        ("every-cell-non-zero", _every_cell_non_zero())
    ]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("name", "report"), _layout_reports(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_libreoffice_pages_keep_table_groups_and_the_signature_with_the_text(
    name: str, report: Report, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """No page of table 三 starts a group's rows without the group's label; the last page is more than the signature."""
    out = govreport.render(report, tmp_path / f"{name}.docx", force=True)
    pages = _pages(pdftotext, convert_with_soffice(soffice, out, tmp_path))
    spec = report.edition.spec.table("applications")
    note = re.sub(r"\s+", "", spec.header_note or "")
    groups = [row for row in spec.rows if row.kind is RowKind.GROUP]
    checked = 0
    for number, page in enumerate(pages, start=1):
        if note not in page:
            continue
        table = page[page.index(note) :]
        for group in groups:
            members = [
                row
                for row in spec.data_rows
                if group.key in (row.parent, row.parent and spec.row(row.parent).parent)
            ]
            present = [row.label for row in members if row.label in table]
            assert not present or group.label in table, (name, number, group.label, present)
            checked += len(present)
    assert checked >= sum(
        1 for row in spec.data_rows if row.parent is not None
    )  # every member row was found on some page
    ctx = build_context(report)["report"]
    last = pages[-1]
    for line in (report.agency, ctx["date"]):
        last = last.replace(line, "", 1)
    assert re.sub(r"[—\d]", "", last), f"{name}: the last page holds only the signature"
