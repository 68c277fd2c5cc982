"""Reading Word reports back: govreport's own renders, the official blank as a clerk fills it, hostile files."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.oxml.ns import qn

import govreport
from govreport.cli import main
from govreport.model import Report
from govreport.spec import TABLE_KEYS, Edition
from support import sample_report
from support.paths import DATA, EXAMPLES
from support.system import module

BLANK_2021 = DATA / "reference" / "official-blank-2021.docx"
HUAIAN = DATA / "huaian-city-2024.yaml"


def _computed_totals(report: Report) -> Report:
    """The report with every declared total that equals its sum left undeclared.

    A document prints every 总计; a data file may leave those that agree with
    their cells out. The two say the same thing.
    """
    changes: dict[str, Any] = {}
    for key in TABLE_KEYS:
        section = report.section(key)
        table = section.table
        rows: dict[str, Any] = {}
        for name, row in table.rows():
            declared = getattr(row, "declared_total", None)
            if declared is not None and declared == row.total:
                rows[name] = attrs.evolve(row, declared_total=None)
        declared_results = getattr(table, "declared_results_total", None)
        if declared_results is not None:
            computed = attrs.evolve(table, **rows, declared_results_total=None).results_total
            if all(
                declared_results.cell(k) == computed.cell(k) for k in type(computed).input_keys
            ) and declared_results.declared_total in (None, computed.total):
                rows["declared_results_total"] = None
        changes[key] = attrs.evolve(section, table=attrs.evolve(table, **rows))
    return attrs.evolve(report, **changes)


def _printed(report: Report) -> Report:
    """The report as a document prints it: totals as computed where they agree, one paragraph per line."""
    report = _computed_totals(report)
    changes: dict[str, Any] = {}
    for key in Report.SECTION_KEYS:
        section = report.section(key)
        paragraphs = []
        for p in section.paragraphs:
            first, *rest = [line.strip() for line in p.text.split("\n")] or [""]
            paragraphs.append(govreport.Paragraph(first, heading=p.heading.strip()))
            paragraphs += [govreport.Paragraph(line) for line in rest if line]
        changes[key] = attrs.evolve(section, paragraphs=tuple(paragraphs))
    return attrs.evolve(report, **changes)


def _render_and_read(report: Report, tmp_path: Path) -> govreport.ReadReport:
    path = tmp_path / "r.docx"
    govreport.render(report, path, force=True)
    return govreport.read(path)


@pytest.mark.parametrize(
    "name", ["demo-city-data-bureau-2024.yaml", "songbei-veterans-affairs-2020.yaml"]
)
def test_render_then_read_gives_the_example_back(name: str, tmp_path: Path) -> None:
    """Every value a rendered example prints reads back equal; nothing is left unplaced."""
    report = govreport.load(EXAMPLES / name)
    got = _render_and_read(report, tmp_path)
    assert got.findings == ()
    expected = report
    if report.preamble is not None:
        # a written preamble replaces the generated one, which is where the contact block is printed
        expected = attrs.evolve(expected, contact=govreport.Contact())
    if report.period == govreport.Period.of_year(report.year):
        expected = attrs.evolve(expected, period=None)
    assert _printed(got.report) == _printed(expected)


@pytest.mark.parametrize("edition", list(Edition))
def test_render_then_read_gives_the_sample_report_back(edition: Edition, tmp_path: Path) -> None:
    """The shared sample report, in each edition, reads back equal with each cell's printed place."""
    report = sample_report(edition)
    got = _render_and_read(report, tmp_path)
    assert _printed(got.report) == _printed(report)
    spec = edition.spec
    for key in TABLE_KEYS:
        for row in spec.table(key).data_rows:
            for col in row.columns:
                assert (key, row.key, col.key) in got.locations


def test_reports_from_the_sample_database_read_back(tmp_path: Path) -> None:
    """Reports tallied from the sample database render and read back equal."""
    module("sqlalchemy")
    from govreport.sources.report import report_from_source
    from govreport.sources.sampledb import write_sample
    from govreport.sources.sql import SqlSource

    db, mapping = write_sample(tmp_path, applications=300)
    source = SqlSource(f"sqlite:///{db}", mapping)
    try:
        for agency in source.agencies()[:2]:
            report = report_from_source(source, agency, 2023).report
            got = _render_and_read(report, tmp_path)
            assert _printed(got.report) == _printed(report), agency
    finally:
        source.close()


# --------------------------------------------------------------------------- the official blank, filled in Word


def _type_into(paragraph: Any, text: str, rsid: str) -> None:
    """Type ``text`` into a paragraph as Word stores it: runs split mid-word, proofing marks, revision ids."""
    p = paragraph._p
    for r in list(p.iter(qn("w:r"))):
        r.getparent().remove(r)
    pieces = [text[: len(text) // 2], text[len(text) // 2 :]] if len(text) > 1 else [text]
    for i, piece in enumerate(pieces):
        if i:
            mark = p.makeelement(qn("w:proofErr"), {qn("w:type"): "gramStart"})
            p.append(mark)
        run = paragraph.add_run(piece)
        run._r.set(qn("w:rsidR"), rsid)
        run._r.set(qn("w:rsidRPr"), rsid)


def _fill(cell: Any, text: str, rsid: str = "00A1B2C3") -> None:
    _type_into(cell.paragraphs[0], text, rsid)
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)


def _distinct_cells(row: Any) -> list[Any]:
    out: list[Any] = []
    for c in row.cells:
        if not any(c._tc is o._tc for o in out):
            out.append(c)
    return out


def _as_printed(table: Any, row: str, column: str) -> str:
    """A cell as the clerk types it: the declared total where one was given, else the value."""
    declared = table.declared(row, column) if column == "total" else None
    return govreport.zh.cell(table.cell(row, column) if declared is None else declared)


def fill_official_blank(report: Report, path: Path) -> Path:
    """The official blank 2021 template with the report typed in, by the blank's printed layout."""
    document = docx.Document(str(BLANK_2021))
    title = next(p for p in document.paragraphs if "年度报告" in p.text)
    _type_into(title, f"{report.agency}{report.year}年政府信息公开工作年度报告", "00C0FFEE")
    proactive, applications, review = document.tables
    spec = report.edition.spec
    # table 二: the blank prints each block as caption, header, then its rows
    t2 = report.proactive_disclosure.table
    layout = {
        2: "regulations",
        3: "normative_documents",
        6: "administrative_licensing",
        9: "administrative_penalty",
        10: "administrative_coercion",
        13: "administrative_fees",
    }
    for index, key in layout.items():
        row_spec = spec.table("proactive_disclosure").row(key)
        cells = _distinct_cells(proactive.rows[index])[1:]
        for cell, col in zip(cells, row_spec.columns, strict=False):
            _fill(cell, _as_printed(t2, key, col.key))
    # table 三: one printed row per data row, the seven applicant columns from the fourth
    t3 = report.applications.table
    for offset, row_spec in enumerate(spec.table("applications").data_rows):
        cells = applications.rows[3 + offset].cells[3:]
        assert len(cells) == 7
        for cell, col in zip(cells, row_spec.columns, strict=True):
            _fill(cell, _as_printed(t3, row_spec.key, col.key))
    # table 四: one row of fifteen numbers under the header
    t4 = report.review_litigation.table
    values = [
        _as_printed(t4, r.key, c.key)
        for r in spec.table("review_litigation").data_rows
        for c in r.columns
    ]
    for cell, value in zip(review.rows[3].cells, values, strict=True):
        _fill(cell, value)
    document.save(str(path))
    return path


@pytest.fixture
def huaian() -> Report:
    return govreport.load(HUAIAN)


def test_official_blank_filled_in_word_reads_every_cell(huaian: Report, tmp_path: Path) -> None:
    """The official blank, filled with 淮安's numbers as Word stores typing, reads back with every cell right."""
    path = fill_official_blank(huaian, tmp_path / "filled.docx")
    got = govreport.read(path)
    assert (got.report.agency, got.report.year, got.report.edition) == (
        huaian.agency,
        2024,
        Edition.V2021,
    )
    spec = Edition.V2021.spec
    for key in TABLE_KEYS:
        for row in spec.table(key).data_rows:
            for col in row.columns:
                assert got.report.section(key).table.cell(row.key, col.key) == huaian.section(
                    key
                ).table.cell(row.key, col.key), (key, row.key, col.key)
    assert (
        str(got.locations[("applications", "granted", "natural_person")]) == "表格 2 第 6 行第 4 列"
    )
    assert str(got.locations[("review_litigation", "litigation_after_review", "total")]) == (
        "表格 3 第 4 行第 15 列"
    )


def test_one_changed_cell_is_named_by_check(huaian: Report, tmp_path: Path, capsys: Any) -> None:
    """Changing one typed cell of the filled blank gives exactly the finding at that cell, with its place."""
    table = huaian.review_litigation.table
    wrong = attrs.evolve(
        table, review=attrs.evolve(table.review, declared_total=table.review.total + 1)
    )
    changed = attrs.evolve(
        huaian, review_litigation=attrs.evolve(huaian.review_litigation, table=wrong)
    )
    path = fill_official_blank(changed, tmp_path / "changed.docx")
    assert main(["check", str(path), "--json", "--blank", "warning"]) == 1
    found = json.loads(capsys.readouterr().out)
    errors = [f for f in found if f["severity"] == "error"]
    assert [(f["rule"], f["row"], f["column"]) for f in errors] == [("R4", "review", "total")]
    assert errors[0]["where"] == "表格 3 第 4 行第 5 列"
    location = errors[0]["location"]
    assert (location["file"], location["table"], location["row"], location["column"]) == (
        str(path),
        3,
        4,
        5,
    )
    assert (location["line"], location["page"]) == (None, None)


def test_render_accepts_a_word_report(tmp_path: Path) -> None:
    """govreport render reads a .docx like a data file and renders it again."""
    report = sample_report(Edition.V2021)
    first = tmp_path / "first.docx"
    govreport.render(report, first, force=True)
    second = tmp_path / "second.docx"
    assert main(["render", str(first), "-o", str(second)]) == 0
    assert _printed(govreport.read(second).report) == _printed(report)


def test_a_label_that_names_no_row_is_reported_with_its_place(
    huaian: Report, tmp_path: Path
) -> None:
    """An extra row a province adds to table 三 is not guessed: a FORMAT finding names its text and place."""
    path = fill_official_blank(huaian, tmp_path / "filled.docx")
    document = docx.Document(str(path))
    table = document.tables[1]
    extra = copy.deepcopy(table.rows[4]._tr)
    table._tbl.append(extra)
    row = table.rows[-1]
    _fill(row.cells[0], "五、其他主动公开文件")
    document.save(str(path))
    got = govreport.read(path)
    assert [(f.rule, f.actual, f.where) for f in got.findings] == [
        ("FORMAT", "五、其他主动公开文件", "表格 2 第 29 行第 1 列")
    ]


# --------------------------------------------------------------------------- hostile files


def _docx_with(document_xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _load_error(path: Path) -> str:
    with pytest.raises(govreport.LoadError) as info:
        govreport.read(path)
    assert info.value.path == str(path)
    return info.value.message


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    """A .docx that is not a zip archive is refused, naming the file."""
    path = tmp_path / "r.docx"
    path.write_text("机关名称: 某局\n", encoding="utf-8")
    assert _load_error(path) == "不是有效的 Word 文档（.docx 应为 zip 压缩包）"


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    """A part that inflates far beyond its compressed size is refused by its ratio."""
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_with(b"<a>" + b" " * (20 * 2**20) + b"</a>"))
    assert "压缩比" in _load_error(path)


def test_a_huge_document_part_is_refused(tmp_path: Path) -> None:
    """A document.xml larger than the limit is refused by its stated size, before reading it."""
    path = tmp_path / "huge.docx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w", force_zip64=True) as f,
    ):
        chunk = b"<w:p/>" * (2**20 // 6)
        for _ in range(60):
            f.write(chunk)
    message = _load_error(path)
    assert message.startswith("word/document.xml 解压后")
    assert "超过上限" in message


def test_a_part_that_lies_about_its_size_is_not_read_past_it(tmp_path: Path) -> None:
    """A member whose header understates its size ends in a clear error, not an unbounded read."""
    path = tmp_path / "liar.docx"
    data = bytearray(_docx_with(b"<a>" + b"x" * 5000 + b"</a>", compression=zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # the central directory's uncompressed size, 24 bytes into its record
    central = bytes(data).rindex(b"PK\x01\x02")
    offset = central + 24
    data[offset : offset + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert info.file_size == 5007
    assert _load_error(path).startswith("无法解压 word/document.xml")


def test_xml_with_external_entities_is_refused(tmp_path: Path) -> None:
    """A document type declaration (external entity, billion laughs) is refused, never resolved."""
    path = tmp_path / "xxe.docx"
    path.write_bytes(
        _docx_with(
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
        )
    )
    assert "DOCTYPE" in _load_error(path)


def test_a_zip_without_a_document_is_refused(tmp_path: Path) -> None:
    """A zip archive without word/document.xml is not a Word document."""
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "x")
    assert _load_error(path) == "压缩包中没有 word/document.xml：不是 Word 文档"


def test_a_document_without_a_title_says_what_is_missing(tmp_path: Path) -> None:
    """A Word file with no report title is refused with what was looked for."""
    path = tmp_path / "r.docx"
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.save(str(path))
    assert "找不到报告的标题" in _load_error(path)


def test_a_bad_cell_names_its_printed_place(huaian: Report, tmp_path: Path) -> None:
    """A cell that is not a number is refused with the table, row and column as printed."""
    path = fill_official_blank(huaian, tmp_path / "filled.docx")
    document = docx.Document(str(path))
    _fill(document.tables[1].rows[5].cells[3], "约40")
    document.save(str(path))
    message = _load_error(path)
    assert message.startswith("表格 2 第 6 行第 4 列：应为不小于 0 的整数")


def test_a_text_finding_is_placed_at_its_paragraph(tmp_path: Path) -> None:
    """A wrong count in the narrative of a Word report is placed at the paragraph that states it."""
    import datetime as dt

    from govreport.model import Section

    report = attrs.evolve(
        Report.new("某某局", 2024),
        published=dt.date(2025, 1, 20),
        overview=Section(["本年新收申请9件。"]),
        other_matters=Section(["本年度未收取信息处理费。"]),
    )
    path = tmp_path / "r.docx"
    govreport.render(report, path, force=True)
    got = govreport.read(path)
    (text,) = [f for f in got.locate(govreport.check(got.report)) if f.rule == "TEXT"]
    paragraph = got.locations[("overview", 0)]
    assert text.location.where == paragraph.where
    assert text.location.paragraph == int(paragraph.where.split()[1])
    # the finding's cell keeps the place it is printed at, as before
    assert text.where == got.locations[("applications", "new_received", "total")].where
    assert text.location.file == str(path)
