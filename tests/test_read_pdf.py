"""Reading a published PDF: cells located by position, the narrative's counts compared, scans and hostile files refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport.formats._grid import Grid, GridCell, join, place
from govreport.formats._pdf import _unspaced
from govreport.spec import TABLE_KEYS, Edition
from govreport.zh._text_numbers import statements
from support.paths import DATA, REAL_REPORTS

PDF = REAL_REPORTS / "huaian-city-2024.pdf"
HUAIAN = DATA / "huaian-city-2024.yaml"


@pytest.fixture(scope="module", autouse=True)
def pdfplumber() -> Any:
    """pdfplumber (the ``pdf`` extra): skipped on a developer's machine without it, a failure under CI."""
    from support.system import module

    return module("pdfplumber", "pip install govreport[pdf]")


@pytest.fixture(scope="module")
def huaian_pdf() -> govreport.ReadReport:
    return govreport.read(PDF)


def test_every_cell_equals_the_transcription(huaian_pdf: govreport.ReadReport) -> None:
    """淮安's published PDF reads with every cell of the three tables equal to its transcription."""
    expected = govreport.load(HUAIAN)
    got = huaian_pdf.report
    assert (got.agency, got.year, got.edition) == ("淮安市人民政府", 2024, Edition.V2021)
    compared = 0
    for key in TABLE_KEYS:
        for row in Edition.V2021.spec.table(key).data_rows:
            for col in row.columns:
                assert got.section(key).table.cell(row.key, col.key) == expected.section(
                    key
                ).table.cell(row.key, col.key), (key, row.key, col.key)
                if col.key == "total":
                    assert got.section(key).table.declared(row.key, "total") == expected.section(
                        key
                    ).table.declared(row.key, "total"), (key, row.key)
                compared += 1
    assert compared == 10 + 7 * 25 + 15  # 表二, 表三 (25 rows × 7), 表四
    assert huaian_pdf.findings == ()


def test_a_cell_is_placed_at_its_page_and_position(huaian_pdf: govreport.ReadReport) -> None:
    """A value's location names its page and where it is printed, also for a table continued on the next page."""
    first = huaian_pdf.locations[("applications", "new_received", "natural_person")]
    continued = huaian_pdf.locations[("applications", "unable_needs_creation", "natural_person")]
    assert str(first).startswith("第 4 页表格 2 ")
    assert str(continued).startswith("第 5 页表格 1 第 1 行第 4 列（x=")


def test_the_narrative_counts_are_compared_with_the_tables(
    huaian_pdf: govreport.ReadReport,
) -> None:
    """The counts the PDF's narrative states ('受理政府信息公开申请 3119 件', with the spaces PDF text has) are found and agree."""
    found = {(s.kind, s.value) for s in statements(huaian_pdf.report.overview.text, 2024)}
    assert {
        ("new_received", 3119),
        ("carried_over", 34),
        ("review", 351),
        ("litigation", 46),
    } <= found
    assert [f.rule for f in govreport.check(huaian_pdf.report, blank="warning")] == ["DATE"]


def test_the_pdf_feeds_the_cross_year_checks(tmp_path: Path, capsys: Any) -> None:
    """Last year's published PDF can be given as --previous."""
    import attrs

    from govreport.cli import main

    report = govreport.load(HUAIAN)
    later = attrs.evolve(report, year=2025)
    path = tmp_path / "2025.yaml"
    govreport.dump(later, path)
    assert main(["check", str(path), "--previous", str(PDF), "--blank", "warning"]) == 1
    out = capsys.readouterr().out
    assert "X1" in out


def test_check_places_a_pdf_finding_at_its_page_and_position(capsys: Any) -> None:
    """govreport check on the PDF places each finding at a page and a position on it."""
    import json

    from govreport.cli import main

    assert main(["check", str(PDF), "--json", "--blank", "warning"]) == 0
    (date,) = json.loads(capsys.readouterr().out)
    location = date["location"]
    # no publishing date is printed: the finding stands at the title, which states the year
    assert date["rule"] == "DATE"
    assert (location["file"], location["page"]) == (str(PDF), 1)
    assert location["x"] > 0
    assert location["y"] > 0
    assert location["text"] == f"第 1 页（x={location['x']:.0f}, y={location['y']:.0f}）"


def test_a_pdf_cell_finding_carries_page_table_row_column_and_position(
    huaian_pdf: govreport.ReadReport,
) -> None:
    """A wrong 表四 total read from the PDF is placed at its printed cell: page, table, row, column, x, y."""
    import attrs

    report = huaian_pdf.report
    t4 = report.review_litigation.table
    wrong = attrs.evolve(t4, review=attrs.evolve(t4.review, declared_total=t4.review.total + 1))
    bad = attrs.evolve(
        report, review_litigation=attrs.evolve(report.review_litigation, table=wrong)
    )
    (r4,) = huaian_pdf.locate(f for f in govreport.check(bad, blank="warning") if f.rule == "R4")
    at = huaian_pdf.locations[("review_litigation", "review", "total")]
    loc = r4.location
    assert (loc.row, loc.column, loc.where) == ("review", "total", at.where)
    assert loc.page is not None
    assert loc.document_table is not None
    assert loc.x is not None
    assert at.where == (
        f"第 {loc.page} 页表格 {loc.document_table} 第 {loc.document_row} 行"
        f"第 {loc.document_column} 列（x={loc.x:.0f}, y={loc.y:.0f}）"
    )


def _pdf(content: bytes, extra_objects: int = 0) -> bytes:
    """A minimal one-page PDF whose page draws ``content`` (no fonts: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [b"<< >>"] * extra_objects
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_scan_without_text_is_refused_clearly(tmp_path: Path) -> None:
    """A PDF with no text layer (a scan) is refused, saying OCR is out of scope."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(b"0 0 m 100 100 l S"))
    with pytest.raises(govreport.LoadError) as info:
        govreport.read(path)
    assert info.value.message.startswith("PDF 没有文字层（可能是扫描件）")


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    """A .pdf that is not a PDF is refused, naming the file."""
    path = tmp_path / "r.pdf"
    path.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(govreport.LoadError) as info:
        govreport.read(path)
    assert (info.value.path, info.value.message) == (
        str(path),
        "不是有效的 PDF 文件（应以 %PDF 开头）",
    )


def test_a_pdf_with_a_million_objects_is_refused_before_parsing(tmp_path: Path) -> None:
    """A PDF declaring more objects than the limit is refused before pdfminer parses it."""
    path = tmp_path / "objects.pdf"
    path.write_bytes(_pdf(b"", extra_objects=1_000_000))
    with pytest.raises(govreport.LoadError) as info:
        govreport.read(path)
    assert info.value.message == "PDF 声明了 1000004 个对象，超过上限 200000"


def _applications_part(
    rows: list[tuple[list[str], list[int]]], edges: tuple[float, ...], page: int
) -> Grid:
    """A part of table 三 as a PDF page rules it: the header, then label cells and seven numbers a row.

    ``edges`` are the column boundaries; the header's note spans every label column.
    """
    spec = Edition.V2021.spec.table("applications")
    labels = len(edges) - 1 - len(spec.columns)
    note = GridCell(spec.header_note or "", 1, 1)
    header = (note,) * labels + tuple(
        GridCell(c.label, 1, labels + k + 1) for k, c in enumerate(spec.columns)
    )
    body = []
    for i, (texts, numbers) in enumerate(rows, start=2):
        cells: list[GridCell] = []
        for k, text in enumerate(texts):
            # a label printed once over the label columns it spans
            cells.append(cells[-1] if k and text == texts[k - 1] else GridCell(text, i, k + 1))
        cells += [GridCell(str(n), i, labels + k + 1) for k, n in enumerate(numbers)]
        body.append(tuple(cells))
    return Grid((header, *body), f"第 {page} 页表格 1", edges)


def test_a_table_ruled_differently_on_the_next_page_keeps_every_number_in_its_column() -> None:
    """Table 三 continued on a page whose rows cut the label column in three, its header repeated.

    The first page rules one label column (its rows need no more); the next
    page rules three (三、本年度办理结果 | （一）予以公开 | …) and repeats the
    header. The parts are joined at the boundaries either page draws, so each
    number is read under its own applicant column, not under a label column.
    """
    spec = Edition.V2021.spec.table("applications")
    label = {r.key: r.label for r in spec.rows}
    numbers = [7, 6, 5, 4, 3, 2, 27]
    upper = _applications_part(
        [([label["new_received"]], numbers)],
        (70.0, 260.0, *(290.0 + 30 * k for k in range(7))),
        page=2,
    )
    lower = _applications_part(
        [
            ([label["results"], label["granted"], label["granted"]], [n + 10 for n in numbers]),
            ([label["results"], label["denied"], label["denied_state_secret"]], [1] * 7),
        ],
        (71.0, 95.0, 140.0, 259.0, *(290.5 + 30 * k for k in range(7))),
        page=3,
    )
    joined = join(upper, lower, Edition.V2021, "applications")
    assert len(joined.rows) == 4  # the repeated header is left out
    placed, unplaced = place(joined, Edition.V2021, "applications")
    got = {(p.row, p.column): p.text for p in placed}
    columns = [c.key for c in spec.columns]
    assert got == {
        **{("new_received", c): str(n) for c, n in zip(columns, numbers, strict=True)},
        **{("granted", c): str(n + 10) for c, n in zip(columns, numbers, strict=True)},
        **{("denied_state_secret", c): "1" for c in columns},
    }
    assert unplaced == []


def test_the_gaps_a_typesetter_puts_around_latin_text_are_not_spaces() -> None:
    """pdfplumber prints the gap between Chinese and digits as a space; the text has none (申请 46 件 → 申请46件)."""
    assert _unspaced("全年新收申请 46 件，答复 3050 件") == "全年新收申请46件，答复3050件"
    assert _unspaced("电话：0517 83605210") == "电话：0517 83605210"
