"""The web edition: one self-contained accessible page, laid out as the official tables, audited in Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import docx
import pytest

import govreport
from govreport.errors import ReportNotCleanError, TemplateError
from govreport.model import ApplicantCounts, Report
from govreport.rendering._context import build_context
from govreport.rendering._html import html_page
from govreport.spec import Edition
from support import (
    EXAMPLES,
    every_cell_non_zero_report,
    sample_report,
    template_for,
)
from support.browser import audit_page

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


class _Page(HTMLParser):
    """The parts of a page the tests look at: headings, captions, tables as cell lists, references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[tuple[str, str]] = []
        self.captions: list[str] = []
        self.tables: list[list[list[dict[str, str]]]] = []
        self.references: list[str] = []
        self._text: list[str] | None = None
        self._cell: dict[str, str] | None = None
        self._tag = ""

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs_}
        if tag == "html":
            self.lang = a.get("lang")
        for name in ("src", "href"):
            if name in a:
                self.references.append(a[name])
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, **a, "text": ""}
            self.tables[-1][-1].append(self._cell)
        elif tag in ("h1", "h2", "caption"):
            self._tag, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._cell = None
        elif tag == self._tag and self._text is not None:
            text = "".join(self._text)
            if tag == "caption":
                self.captions.append(text)
            else:
                self.headings.append((tag, text))
            self._text, self._tag = None, ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        if self._text is not None:
            self._text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _grid(rows: list[list[dict[str, str]]]) -> list[list[str]]:
    """An HTML table as the full matrix of its grid: each position holds the text of the cell over it."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    grid[(r + dr, c + dc)] = cell["text"].strip()
            c += int(cell.get("colspan", 1))
    height = 1 + max(r for r, _ in grid)
    width = 1 + max(c for _, c in grid)
    return [[grid.get((r, c), "?") for c in range(width)] for r in range(height)]


def _word_grid(table: docx.table.Table) -> list[list[str]]:
    """A Word table as the same matrix (python-docx repeats a merged cell at every position it covers)."""
    return [
        [
            "" if cell.text.strip().startswith("{{") else cell.text.strip().replace("\u3000", "")
            for cell in row.cells
        ]
        for row in table.rows
    ]


def _every_cell_non_zero() -> Report:
    return every_cell_non_zero_report()


def _reports() -> list[tuple[str, Report]]:
    out = [(p.stem, govreport.load(p)) for p in EXAMPLE_FILES]
    out += [(f"sample-{int(e)}", sample_report(e)) for e in Edition]
    return [*out, ("every-cell-non-zero", _every_cell_non_zero())]


REPORTS = _reports()
IDS = [name for name, _ in REPORTS]


@pytest.mark.parametrize(("name", "report"), REPORTS, ids=IDS)
def test_page_is_chinese_self_contained_and_outlined(name: str, report: Report) -> None:
    """lang="zh-CN", no reference to anything outside, the title as h1, the six sections as h2, three captions."""
    page = _parse(html_page(report))
    assert page.lang == "zh-CN"
    assert page.references == []
    assert not re.search(r"url\(|@import|https?:", html_page(report))
    spec = report.edition.spec
    assert page.headings == [
        ("h1", "".join(build_context(report)["report"]["title_lines"])),
        *(("h2", s.heading) for s in spec.sections),
    ]
    assert page.captions == [f"表{t.number} {t.title}" for t in spec.tables]


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_tables_have_the_word_template_s_grid(edition: Edition) -> None:
    """Each table's labels, rowspans and colspans cover the same grid as the Word template's merged cells."""
    page = _parse(html_page(sample_report(edition)))
    word = docx.Document(__import__("io").BytesIO(template_for(edition))).tables
    for ours, theirs in zip(page.tables, word, strict=True):
        blanked = [
            ["" if cell["tag"] == "td" and "data-cell" in cell else cell["text"] for cell in row]
            for row in ours
        ]
        rows = [
            [{**cell, "text": text} for cell, text in zip(row, texts, strict=True)]
            for row, texts in zip(ours, blanked, strict=True)
        ]
        assert _grid(rows) == _word_grid(theirs)


@pytest.mark.parametrize(("name", "report"), REPORTS, ids=IDS)
def test_every_cell_is_present_and_named_by_its_row_and_column_labels(
    name: str, report: Report
) -> None:
    """Every statutory cell is one <td> with its formatted value; its headers are <th> of the same table naming its row and column."""
    page = _parse(html_page(report))
    ctx = build_context(report)
    found: dict[str, str] = {}
    for table, spec in zip(page.tables, report.edition.spec.tables, strict=True):
        headers = {
            cell["id"]: cell
            for row in table
            for cell in row
            if cell["tag"] == "th" and "id" in cell
        }
        for row in table:
            for cell in row:
                if "data-cell" not in cell:
                    continue
                found[cell["data-cell"]] = cell["text"]
                _, row_key, column_key = cell["data-cell"].split(".")
                names = [headers[h]["text"] for h in cell["headers"].split()]
                assert all(
                    h["scope"] in ("row", "col", "rowgroup", "colgroup") for h in headers.values()
                )
                row_spec = spec.row(row_key)
                column = next(
                    c
                    for c in (
                        row_spec.columns or spec.columns or spec.block(row_spec.block or "").columns
                    )
                    if c.key == column_key
                )
                if spec.key != "review_litigation":
                    assert row_spec.label in names, (cell, names)
                assert column.label in names, (cell, names)
    expected = {
        f"{t}.{r}.{c}": v
        for t in ("proactive_disclosure", "applications", "review_litigation")
        for r, cols in ctx[t].items()
        for c, v in cols.items()
    }
    assert found == expected


def test_a_cell_reads_as_its_groups_row_and_columns() -> None:
    """A screen reader names 1.属于国家秘密 × 商业企业 by both groups, the row, 申请人情况 and 法人或其他组织."""
    page = _parse(html_page(sample_report(Edition.V2021)))
    table = page.tables[1]
    headers = {c["id"]: c["text"] for row in table for c in row if "id" in c}
    cell = next(
        c
        for row in table
        for c in row
        if c.get("data-cell") == "applications.denied_state_secret.commercial_enterprise"
    )
    assert [headers[h] for h in cell["headers"].split()] == [
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
        "申请人情况",
        "法人或其他组织",
        "商业企业",
    ]


def test_render_chooses_the_web_edition_by_suffix(tmp_path: Path) -> None:
    """govreport.render writes HTML for .html/.htm, refuses a Word template there, and checks the report first."""
    report = sample_report(Edition.V2021)
    for name in ("r.html", "r.HTM"):
        out = govreport.render(report, tmp_path / name)
        assert out.read_text(encoding="utf-8") == html_page(report)
    with pytest.raises(TemplateError, match="网页版不使用 Word 模板"):
        govreport.render(report, tmp_path / "t.html", template=template_for(Edition.V2021))
    with pytest.raises(TemplateError, match="不使用字体方案 windows"):
        govreport.render(report, tmp_path / "t.html", fonts="windows")
    assert not (tmp_path / "t.html").exists()
    table = attrs.evolve(
        report.applications.table, granted=ApplicantCounts(5, 0, 0, 0, 0, 0, declared_total=1)
    )
    bad = attrs.evolve(report, applications=attrs.evolve(report.applications, table=table))
    with pytest.raises(ReportNotCleanError):
        govreport.render(bad, tmp_path / "bad.html")
    assert not (tmp_path / "bad.html").exists()
    assert govreport.render(bad, tmp_path / "bad.html", force=True).exists()


def test_text_is_escaped() -> None:
    """Markup in the report's text is printed, never interpreted."""
    report = sample_report(Edition.V2021, agency="R&D<中心>")
    page = html_page(report)
    assert "R&amp;D&lt;中心&gt;" in page
    assert "<中心>" not in page


# --------------------------------------------------------------------------- in Chromium


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize(("name", "report"), REPORTS, ids=IDS)
def test_chromium_axe_core_finds_no_violation_and_lays_out_every_cell(
    name: str, report: Report, width: int, chromium: str, axe_core: Path, tmp_path: Path
) -> None:
    """axe-core (WCAG 2.1 A/AA and best practice) finds nothing; no console error; every cell laid out with its value."""
    page = govreport.render(report, tmp_path / f"{name}.html", force=True)
    audit = audit_page(chromium, axe_core, page, width)
    assert audit["violations"] == []
    assert audit["errors"] == []
    assert {"html-has-lang", "td-headers-attr", "th-has-data-cells", "color-contrast"} <= set(
        audit["passes"]
    )
    ctx = build_context(report)
    laid_out = {key: (text, shown) for key, text, shown in audit["cells"]}
    assert laid_out == {
        f"{t}.{r}.{c}": (v, True)
        for t in ("proactive_disclosure", "applications", "review_litigation")
        for r, cols in ctx[t].items()
        for c, v in cols.items()
    }


@pytest.mark.browser
def test_the_audit_reports_what_is_wrong(chromium: str, axe_core: Path, tmp_path: Path) -> None:
    """The harness is not blind: a page without lang and with a broken headers reference fails axe-core."""
    page = html_page(sample_report(Edition.V2021))
    broken = page.replace('<html lang="zh-CN">', "<html>").replace(
        'headers="applications-group-results applications-row-granted', 'headers="nowhere', 1
    )
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    ids = {v["id"] for v in audit_page(chromium, axe_core, path)["violations"]}
    assert {"html-has-lang", "td-headers-attr"} <= ids
