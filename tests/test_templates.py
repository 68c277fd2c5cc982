"""The bundled templates: reproducible, one placeholder per statutory cell, laid out as the official format."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import attrs
import docx
import pytest
from docx.oxml.ns import qn

import govreport
from govreport.spec import Edition
from support import REFERENCE

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = REFERENCE / "official-blank-2021.docx"
PLACEHOLDER = re.compile(
    r"\{\{\s*(proactive_disclosure|applications|review_litigation)\.(\w+)\.(\w+)\s*\}\}"
)


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "tools" / "build_templates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_templates"] = module
    spec.loader.exec_module(module)
    return module


builder = _builder()


def _template(edition: Edition) -> docx.document.Document:
    return docx.Document(str(builder.target_path(edition)))


@pytest.mark.parametrize("edition", list(Edition))
def test_templates_are_reproducible_and_committed_up_to_date(edition: Edition) -> None:
    """Building twice gives the same bytes, equal to the committed template."""
    first = builder.build(edition)
    assert first == builder.build(edition)
    assert builder.target_path(edition).read_bytes() == first
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("edition", list(Edition))
def test_every_cell_has_exactly_one_placeholder(edition: Edition) -> None:
    """Each statutory cell has one placeholder, and every placeholder names a statutory cell."""
    xml = zipfile.ZipFile(builder.target_path(edition)).read("word/document.xml").decode()
    found = [m.groups() for m in PLACEHOLDER.finditer(xml)]
    expected = [
        (table.key, row.key, col.key) for table in edition.spec.tables for row, col in table.cells()
    ]
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))


def test_cell_counts_per_edition() -> None:
    """2019: table 二 22 cells, table 三 23 rows; 2021: 10 cells, 25 rows; table 四 15 in both."""
    for edition, t2, rows in ((Edition.V2019, 22, 23), (Edition.V2021, 10, 25)):
        xml = zipfile.ZipFile(builder.target_path(edition)).read("word/document.xml").decode()
        found = [m.groups() for m in PLACEHOLDER.finditer(xml)]
        assert sum(1 for t, _, _ in found if t == "proactive_disclosure") == t2
        assert len({r for t, r, _ in found if t == "applications"}) == rows
        assert sum(1 for t, _, _ in found if t == "review_litigation") == 15


def _label_grid(table: docx.table.Table) -> list[list[tuple[str, int, str]]]:
    """Each row's cells as (text, gridSpan, vMerge) with placeholders blanked, as in a blank form."""
    out = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            text = "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip().replace("\u3000", "")
            if text.startswith("{{"):
                text = ""
            row.append((text, tc.grid_span, tc.vMerge or ""))
        out.append(row)
    return out


@pytest.mark.parametrize("index", [0, 1, 2])
def test_2021_tables_match_the_official_blank(index: int) -> None:
    """Tables 二 三 四 of the 2021 template have the official blank's rows, labels and merged cells."""
    ours = list(_template(Edition.V2021).tables)
    official = docx.Document(str(OFFICIAL)).tables
    assert _label_grid(ours[index]) == _label_grid(official[index])


def test_2019_table_three_has_one_other_processing_row() -> None:
    """In the 2019 template （六）其他处理 is one data row spanning the two label columns."""
    table = _template(Edition.V2019).tables[1]
    rows = _label_grid(table)
    six = [r for r in rows if any(text == "（六）其他处理" for text, _, _ in r)]
    assert len(six) == 1
    assert ("（六）其他处理", 2, "") in six[0]
    assert len(rows) == 3 + 23


@pytest.mark.parametrize("edition", list(Edition))
def test_page_and_fonts_follow_gb_t_9704(edition: Edition) -> None:
    """A4, margins 37/35/28/26 mm, even/odd page-number footers, East-Asian fonts set explicitly."""
    document = _template(edition)
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(x.mm) for x in sizes] == [210, 297, 37, 35, 28, 26]
    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.footer._element.xml
    assert "PAGE" in section.even_page_footer._element.xml
    styles = zipfile.ZipFile(builder.target_path(edition)).read("word/styles.xml").decode()
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        assert f'w:eastAsia="{font}"' in styles
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


@pytest.mark.parametrize("edition", list(Edition))
def test_tables_repeat_their_header_and_rows_do_not_split(edition: Edition) -> None:
    """Tables 三 and 四 repeat their header rows on every page; no row breaks across pages."""
    tables = _template(edition).tables
    for table, header_rows in ((tables[1], 3), (tables[2], 3)):
        trs = table._tbl.tr_lst
        assert all(tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs[:header_rows])
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in trs[header_rows:])
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)


@pytest.mark.parametrize("edition", list(Edition))
def test_tags_are_whole_runs(edition: Edition) -> None:
    """Every {{ … }} tag sits in one run and every {%p %} tag alone in its paragraph."""
    document = _template(edition)
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for p in paragraphs:
        for run in p.runs:
            assert run.text.count("{{") == run.text.count("}}")
        if "{%p" in p.text:
            assert p.text.startswith("{%p")
            assert p.text.endswith("%}")
            assert len(p.runs) == 1


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _parts(edition: Edition) -> dict[str, bytes]:
    archive = zipfile.ZipFile(builder.target_path(edition))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("edition", list(Edition))
def test_chinese_is_declared_for_east_asian_text_and_the_theme(edition: Edition) -> None:
    """The document defaults and the theme say zh-CN, and no default falls to a theme font."""
    parts = _parts(edition)
    styles = parts["word/styles.xml"].decode()
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert defaults is not None
    assert 'w:eastAsia="zh-CN"' in defaults.group(0)
    assert "Theme=" not in defaults.group(0)
    assert "theme=" not in defaults.group(0)
    assert (
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in parts["word/settings.xml"].decode()
    )
    assert "ja-JP" not in styles + parts["word/settings.xml"].decode()


@pytest.mark.parametrize("edition", list(Edition))
def test_section_titles_are_on_word_s_heading_1(edition: Edition) -> None:
    """The six statutory headings use the built-in Heading 1 (outline level 1), the title the built-in Title."""
    document = _template(edition)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [section.heading for section in edition.spec.sections]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["{{ line }}"]
    heading = document.styles["Heading 1"]
    assert heading.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    assert heading.paragraph_format.keep_with_next
    assert heading.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"


@pytest.mark.parametrize("edition", list(Edition))
def test_parts_follow_the_schema_order_and_hold_nothing_foreign(edition: Edition) -> None:
    """One w:tblLayout a table, properties in schema order, w:zoom with w:percent, govreport's own metadata, only used styles."""
    from lxml import etree

    parts = _parts(edition)
    assert sorted(parts) == sorted(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer2.xml",
            "word/settings.xml",
            "word/styles.xml",
            "word/theme/theme1.xml",
            "word/webSettings.xml",
        ]
    )
    targets = re.findall(
        rb'Target="([^"]+)"', parts["_rels/.rels"] + parts["word/_rels/document.xml.rels"]
    )
    assert sorted(t.decode() for t in targets) == sorted(
        [
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
            "styles.xml",
            "settings.xml",
            "webSettings.xml",
            "fontTable.xml",
            "theme/theme1.xml",
            "footer1.xml",
            "footer2.xml",
        ]
    )
    assert b"<Application>govreport</Application>" in parts["docProps/app.xml"]
    assert b"Microsoft" not in parts["docProps/app.xml"]
    zoom = etree.fromstring(parts["word/settings.xml"]).find(f"{{{W}}}zoom")
    assert zoom is not None
    assert zoom.get(f"{{{W}}}percent") == "100"
    document = etree.fromstring(parts["word/document.xml"])
    for tbl_pr in document.iter(f"{{{W}}}tblPr"):
        assert len(tbl_pr.findall(f"{{{W}}}tblLayout")) == 1
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        root = etree.fromstring(parts[name])
        for parent, order in builder.SCHEMA_ORDER.items():
            rank = {f"{{{W}}}{tag}": i for i, tag in enumerate(order.split())}
            for el in root.iter(f"{{{W}}}{parent}"):
                tags = [child.tag for child in el]
                assert all(tag in rank for tag in tags), (name, parent, tags)
                assert tags == sorted(tags, key=rank.__getitem__), (name, parent, tags)
    styles = etree.fromstring(parts["word/styles.xml"])
    ids = {el.get(f"{{{W}}}styleId") for el in styles.iter(f"{{{W}}}style")}
    used = set(
        re.findall(
            r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"',
            parts["word/document.xml"].decode() + parts["word/footer1.xml"].decode(),
        )
    )
    assert used <= ids
    assert len(ids) <= len(used) + 6  # the defaults and the styles the used ones are based on


@pytest.mark.parametrize("edition", list(Edition))
def test_table_three_groups_keep_their_rows_together(edition: Edition) -> None:
    """Each group's rows keep with the next row up to the group's last, so a page never cuts a group."""
    table = _template(edition).tables[1]
    spec = edition.spec.table("applications")
    trs = table._tbl.tr_lst
    first = 3
    rows = {row.key: first + i for i, row in enumerate(spec.data_rows)}
    for group in (row for row in spec.rows if row.kind.name == "GROUP"):
        members = sorted(
            rows[row.key]
            for row in spec.data_rows
            if group.key in (row.parent, row.parent and spec.row(row.parent).parent)
        )
        for index in range(members[0], members[-1]):
            for p in trs[index].iter(qn("w:p")):
                assert p.pPr.find(qn("w:keepNext")) is not None, (group.key, index)


def test_rendered_signature_follows_gb_t_9704_7_3_5_2(tmp_path: Path) -> None:
    """The agency sits two characters from the right, the date starts two characters further right; the closing text keeps with them."""
    import govreport
    from govreport.rendering._context import signature_indents

    report = govreport.load(ROOT / "examples" / "demo-city-data-bureau-2024.yaml")
    out = govreport.render(report, tmp_path / "r.docx")
    paragraphs = docx.Document(str(out)).paragraphs
    agency, date = paragraphs[-2], paragraphs[-1]
    assert (agency.text, date.text) == (report.agency, "2025年1月20日")
    indents = signature_indents(agency.text, date.text)
    assert (
        agency.paragraph_format.right_indent.twips,
        date.paragraph_format.right_indent.twips,
    ) == indents
    # 示范市数据局 (6 characters) is shorter than the date (7.75 with the spaces beside its
    # digits) and two more: the date sits two characters from the edge, the agency starts two
    # characters left of it
    assert indents == (round(5.75 * 320), 640)
    closing = [p for p in paragraphs if p.text and p.style.name == "GR Body"][-1]
    assert closing.paragraph_format.keep_with_next
    assert not [p for p in paragraphs if p.text and p.style.name == "GR Body"][
        -2
    ].paragraph_format.keep_with_next


@pytest.mark.parametrize("name", ["demo-city-data-bureau-2024", "songbei-veterans-affairs-2020"])
def test_mammoth_sees_the_six_section_titles_as_headings(name: str, tmp_path: Path) -> None:
    """mammoth, which reads headings by Word's style names, turns exactly the six section titles into <h1>."""
    import mammoth

    import govreport

    report = govreport.load(ROOT / "examples" / f"{name}.yaml")
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    html = mammoth.convert_to_html(str(out)).value
    headings = re.findall(r"<h1>(.*?)</h1>", html)
    assert headings == [section.heading for section in report.edition.spec.sections]


def _schema_findings(path: Path) -> list[str]:
    """openxml-audit's findings (ISO/IEC 29500 transitional schemas and Word's semantic checks)."""
    from openxml_audit import FileFormat, OpenXmlValidator

    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0).validate(str(path))
    return [str(error) for error in result.errors]


def _every_cell_non_zero() -> govreport.Report:
    from support import every_cell_non_zero_report

    return every_cell_non_zero_report(1001, agency="某某局")


@pytest.mark.parametrize(
    "name", ["demo-city-data-bureau-2024", "songbei-veterans-affairs-2020", "every-cell-non-zero"]
)
def test_rendered_documents_are_schema_valid(name: str, tmp_path: Path) -> None:
    """Every part of a rendered document validates against the transitional schemas (openxml-audit)."""
    if name == "every-cell-non-zero":
        report = _every_cell_non_zero()
    else:
        report = govreport.load(ROOT / "examples" / f"{name}.yaml")
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    assert _schema_findings(out) == []


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_exported_templates_are_schema_valid(edition: Edition, tmp_path: Path) -> None:
    """`govreport template export` writes a template that validates against the transitional schemas
    (its signature indents are numbers; preparing it fills in the report's)."""
    from govreport.cli import main

    out = tmp_path / f"t-{int(edition)}.docx"
    assert main(["template", "export", "--edition", str(int(edition)), "-o", str(out)]) == 0
    assert _schema_findings(out) == []
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "_indent" not in xml
    assert xml.count(f'<w:ind w:right="{builder.SIGNATURE_INDENT}"/>') == 2


def _signature_indents(path: Path) -> tuple[tuple[str, int], tuple[str, int]]:
    paragraphs = docx.Document(str(path)).paragraphs
    agency, date = paragraphs[-2], paragraphs[-1]
    return (
        (agency.text, agency.paragraph_format.right_indent.twips),
        (date.text, date.paragraph_format.right_indent.twips),
    )


def test_sealed_signature_centres_the_agency_over_the_date_gb_t_9704_7_3_5_1(
    tmp_path: Path,
) -> None:
    """signature="sealed": the date four characters from the right, the agency centred over it;
    a long agency two characters from the right, with the date centred under it."""
    report = govreport.load(ROOT / "examples" / "demo-city-data-bureau-2024.yaml")
    out = govreport.render(report, tmp_path / "sealed.docx", signature="sealed")
    # 示范市数据局: 6 characters; 2025年1月20日: 7.75 (a quarter beside each run of digits)
    assert _signature_indents(out) == (
        ("示范市数据局", round((4 + (7.75 - 6) / 2) * 320)),
        ("2025年1月20日", 4 * 320),
    )
    long = attrs.evolve(report, agency="某某市某某区人民政府办公室某某科")  # 16 characters
    out = govreport.render(long, tmp_path / "long.docx", signature="sealed", force=True)
    assert _signature_indents(out) == (
        ("某某市某某区人民政府办公室某某科", 2 * 320),
        ("2025年1月20日", round((2 + (16 - 7.75) / 2) * 320)),
    )
    # the default is the unsealed layout, §7.3.5.2
    unsealed = govreport.render(report, tmp_path / "unsealed.docx")
    assert _signature_indents(unsealed) == (
        ("示范市数据局", round(5.75 * 320)),
        ("2025年1月20日", 640),
    )


def test_render_sealed_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`govreport render --sealed` writes the §7.3.5.1 layout; the web edition refuses it, naming the file."""
    from govreport.cli import main

    example = ROOT / "examples" / "demo-city-data-bureau-2024.yaml"
    out = tmp_path / "r.docx"
    assert main(["render", str(example), "-o", str(out), "--sealed"]) == 0
    assert _signature_indents(out) == (("示范市数据局", 1560), ("2025年1月20日", 1280))
    assert main(["render", str(example), "-o", str(tmp_path / "r.html"), "--sealed"]) != 0
    assert "网页版的落款右对齐，不区分是否加盖印章：r.html" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_a_user_template_keeps_the_computed_signature_indents(tmp_path: Path) -> None:
    """A template whose signature lines hold any number as their right indent gets the report's
    indents; a prepared Template refuses another signature layout, and an unknown one is named."""
    report = govreport.load(ROOT / "examples" / "demo-city-data-bureau-2024.yaml")
    data = builder.build(Edition.V2021)
    edited = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(edited, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/document.xml":
                blob = blob.replace(b'<w:ind w:right="640"/>', b'<w:ind w:right="1234"/>')
            dst.writestr(info, blob)
    out = govreport.render(report, tmp_path / "r.docx", template=edited.getvalue())
    assert _signature_indents(out) == (
        ("示范市数据局", round(5.75 * 320)),
        ("2025年1月20日", 640),
    )
    prepared = govreport.Template(edition=2021)
    with pytest.raises(govreport.TemplateError, match="已按 unsealed 落款准备，不能改为 sealed"):
        govreport.render(report, tmp_path / "s.docx", template=prepared, signature="sealed")
    with pytest.raises(govreport.TemplateError, match="不是 'stamped'"):
        govreport.Template(edition=2021, signature="stamped")  # type: ignore[arg-type]


def _pandoc() -> str:
    """pandoc's path (Debian's ``pandoc``); a missing pandoc skips, or fails when CI is set."""
    from support.system import program

    return program("pandoc", ("pandoc",), "apt-get install pandoc (tools/system-deps.sh)")


@pytest.mark.parametrize("name", ["demo-city-data-bureau-2024", "songbei-veterans-affairs-2020"])
def test_pandoc_sees_the_title_and_the_six_section_titles_as_headings(
    name: str, tmp_path: Path
) -> None:
    """pandoc reads the rendered .docx with the title as its title and exactly the six section titles as level-1 headings."""
    import json
    import subprocess

    pandoc = _pandoc()
    report = govreport.load(ROOT / "examples" / f"{name}.yaml")
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    ast = json.loads(
        subprocess.run(
            [pandoc, "-f", "docx", "-t", "json", str(out)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    )

    def text(inlines: list[dict[str, object]]) -> str:
        return "".join(
            str(i["c"])
            if i["t"] == "Str"
            else text(i["c"])  # type: ignore[arg-type]
            if i["t"] in ("Emph", "Strong")
            else ""
            for i in inlines
        )

    headings = [(b["c"][0], text(b["c"][2])) for b in ast["blocks"] if b["t"] == "Header"]
    assert headings == [(1, section.heading) for section in report.edition.spec.sections]
    title = ast["meta"]["title"]  # the title's lines (report.title_lines) as its paragraphs
    lines = [text(b["c"]) for b in title["c"]] if title["t"] == "MetaBlocks" else [text(title["c"])]
    assert "".join(lines) == report.title
