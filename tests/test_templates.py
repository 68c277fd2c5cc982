"""The bundled templates: reproducible, one placeholder per statutory cell, laid out as the official format."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

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
