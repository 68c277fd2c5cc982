"""Build the bundled Word templates of both editions: src/govreport/rendering/templates/report-<edition>.docx.

    python tools/build_templates.py [--check]

The templates are ordinary docxtpl templates laid out per GB/T 9704 (A4, margins 37/35/28/26 mm,
22 lines of 28 characters, 方正小标宋简体 title, 仿宋_GB2312 body, 黑体 and 楷体_GB2312 headings,
「— 1 —」 page numbers right on odd pages and left on even ones) with the three statutory tables
drawn as the official format draws them. Every label comes from ``govreport.spec``; every table
cell holds exactly one placeholder ``{{ <table>.<row>.<column> }}``; fonts come from
``govreport.rendering._fonts.GB``. The output is byte-for-byte reproducible (fixed core properties, fixed zip
timestamps and order). ``--check`` rebuilds in memory and fails if a committed template differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from govreport.rendering._fonts import GB, FontProfile
from govreport.spec import Edition, EditionSpec, RowKind, TableSpec

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "govreport" / "rendering" / "templates"

#: The text block is 156 mm wide.
TEXT_WIDTH_MM = 156
#: 22 lines in the 225 mm text block: an exact line pitch of 28.95 pt (579 twentieths).
LINE_PITCH_TWIPS = 579
#: The fixed moment written into the templates' properties and zip entries.
FIXED_TIME = dt.datetime(2021, 9, 26, 0, 0, 0)

BODY_PT = 16  # 3号
#: Character spacing of body text, in twentieths of a point (−0.25 pt).
CONDENSE_TWIPS = -5
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 10.5  # 五号
TABLE_LINE_PT = 13

STYLE_TITLE = "Title"
STYLE_BODY = "GR Body"
STYLE_HEADING1 = "Heading 1"
STYLE_RUN_IN = "GR Run-in Heading"
STYLE_SIGNATURE = "GR Signature"
STYLE_TABLE = "GR Table Text"
STYLE_TABLE_LABEL = "GR Table Label"
STYLE_FOOTER = "GR Page Number"


# --------------------------------------------------------------------------- XML helpers


def _set_fonts(rpr: object, east_asia: str, latin: str) -> None:
    """Set w:rFonts with an explicit w:eastAsia (Word ignores a Latin-only font for CJK)."""
    rfonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        # a theme font wins over the named one: the defaults would fall to the theme's face
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _style_fonts(style: BaseStyle, east_asia: str, latin: str, size: float) -> None:
    style.font.size = Pt(size)  # type: ignore[attr-defined]
    style.font.name = latin  # type: ignore[attr-defined]
    _set_fonts(style.element.get_or_add_rPr(), east_asia, latin)


def _ppr_child(ppr: object, tag: str) -> object:
    el = ppr.find(qn(tag))  # type: ignore[attr-defined]
    if el is None:
        el = OxmlElement(tag)
        ppr.append(el)  # type: ignore[attr-defined]
    return el


def _first_line_chars(style: BaseStyle, chars: int) -> None:
    """A first-line indent counted in characters (w:firstLineChars, hundredths of a character)."""
    ppr = style.element.get_or_add_pPr()
    ind = _ppr_child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars * 100))  # type: ignore[attr-defined]
    ind.set(qn("w:firstLine"), str(chars * BODY_PT * 20))  # type: ignore[attr-defined]


def _outline_level(style: BaseStyle, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    _ppr_child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))  # type: ignore[attr-defined]


def _exact_lines(style: BaseStyle, points: float) -> None:
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(points)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _builtin(styles: docx.styles.styles.Styles, name: str, base: BaseStyle) -> BaseStyle:
    """Word's built-in paragraph style ``name``, emptied of the default template's formatting."""
    style = styles[name]
    element = style.element
    for tag in ("w:pPr", "w:rPr", "w:link", "w:rsid", "w:uiPriority", "w:unhideWhenUsed"):
        for child in element.findall(qn(tag)):
            element.remove(child)
    style.base_style = base
    style.quick_style = True
    style.hidden = False
    return style


# --------------------------------------------------------------------------- styles


def _styles(document: docx.document.Document, fonts: FontProfile) -> None:
    styles = document.styles
    latin = fonts.latin

    # document defaults: every run has an East-Asian font even without a style
    rpr_default = (
        styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    _set_fonts(rpr_default, fonts.body, latin)

    normal = styles["Normal"]
    _style_fonts(normal, fonts.body, latin, BODY_PT)
    _exact_lines(normal, LINE_PITCH_TWIPS / 20)

    body = styles.add_style(STYLE_BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    _style_fonts(body, fonts.body, latin, BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _first_line_chars(body, 2)
    # 28 characters a line: 3号 (16 pt) characters condensed by 0.25 pt fill the 156 mm
    # (442.2 pt) text width 28 times (28 × 15.75 pt = 441 pt)
    _ppr_child(body.element.get_or_add_rPr(), "w:spacing").set(qn("w:val"), str(CONDENSE_TWIPS))  # type: ignore[attr-defined]
    body.paragraph_format.widow_control = True

    # Word's own Title and Heading 1 (restyled per GB/T 9704), so that the navigation pane,
    # pandoc, mammoth and screen readers see the document's outline; （一） headings run into
    # their paragraphs (a character style), so Heading 2 is not used
    title = _builtin(styles, STYLE_TITLE, normal)
    _style_fonts(title, fonts.title, latin, TITLE_PT)
    _exact_lines(title, 36)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True

    heading1 = _builtin(styles, STYLE_HEADING1, body)
    _style_fonts(heading1, fonts.heading1, latin, BODY_PT)
    heading1.paragraph_format.keep_with_next = True
    heading1.paragraph_format.keep_together = True
    _outline_level(heading1, 0)

    run_in = styles.add_style(STYLE_RUN_IN, WD_STYLE_TYPE.CHARACTER)
    run_in.quick_style = True
    _style_fonts(run_in, fonts.heading2, latin, BODY_PT)

    signature = styles.add_style(STYLE_SIGNATURE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    _style_fonts(signature, fonts.body, latin, BODY_PT)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 §7.3.5.2: two characters from the right edge (each line's own indent is set
    # from the context)
    signature.paragraph_format.right_indent = Pt(2 * BODY_PT)
    signature.paragraph_format.keep_with_next = True
    signature.paragraph_format.first_line_indent = Pt(0)

    table_text = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _style_fonts(table_text, fonts.table_font, latin, TABLE_PT)
    pf = table_text.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # an exact pitch, the same whatever face is installed: table 三's 三、本年度办理结果 group
    # (20 rows under the repeated header) fits on one page, so it is never cut
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(TABLE_LINE_PT)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(0)
    # the body's grid would stretch table lines to 28.95 pt
    _ppr_child(table_text.element.get_or_add_pPr(), "w:snapToGrid").set(qn("w:val"), "0")  # type: ignore[attr-defined]

    label = styles.add_style(STYLE_TABLE_LABEL, WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = table_text
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    footer = styles.add_style(STYLE_FOOTER, WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = normal
    _style_fonts(footer, fonts.page_number, fonts.page_number, PAGE_NUMBER_PT)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    footer.paragraph_format.first_line_indent = Pt(0)


# --------------------------------------------------------------------------- page


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(24)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # 22 lines a page; 3号 characters in the 156 mm text width give the 28 a line without a
    # character grid (LibreOffice spreads characters apart on a linesAndChars grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))

    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], right=True)
    _page_number(section.even_page_footer.paragraphs[0], right=False)


def _page_number(paragraph: Paragraph, *, right: bool) -> None:
    """「— 1 —」: odd pages right with one character of space, even pages left."""
    paragraph.style = STYLE_FOOTER
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    if right:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    tail = paragraph.add_run(" —")
    tail.text = " —"


# --------------------------------------------------------------------------- text


def _para(document: docx.document.Document, text: str = "", style: str = STYLE_BODY) -> Paragraph:
    p = document.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def _keep_with_next(paragraph: Paragraph, value: str = "1") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    keep = ppr.find(qn("w:keepNext"))
    if keep is None:
        keep = OxmlElement("w:keepNext")
        ppr.append(keep)
    keep.set(qn("w:val"), value)


def _narrative(document: docx.document.Document, key: str, *, closing: bool = False) -> None:
    """The loop over a section's paragraphs: a 楷体 run-in heading, then body text.

    In the ``closing`` section the last paragraph keeps with the signature, so that the
    signature never stands alone on a page (GB/T 9704 §7.3.5.5).
    """
    _para(document, f"{{%p for p in sections.{key} %}}")
    p = document.add_paragraph(style=STYLE_BODY)
    if closing:
        _keep_with_next(p, "{{ '1' if loop.last else '0' }}")
    p.add_run("{{ p.kai }}", style=STYLE_RUN_IN)
    p.add_run("{{ p.lead }}")
    p.add_run("{{ p.text }}")
    _para(document, "{%p endfor %}")


#: The right indent the template stores in the agency and date lines: two 3号 characters (twips).
SIGNATURE_INDENT = 640


def _signature_line(document: docx.document.Document, text: str, indent: str) -> None:
    p = _para(document, text, STYLE_SIGNATURE)
    ind = _ppr_child(p._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:right"), indent)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- tables


def _cell_text(cell: _Cell, text: str, style: str = STYLE_TABLE) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    if text:
        paragraph.add_run(text)
    tc_pr = cell._tc.get_or_add_tcPr()
    v_align = tc_pr.find(qn("w:vAlign"))
    if v_align is None:
        v_align = OxmlElement("w:vAlign")
        tc_pr.append(v_align)
    v_align.set(qn("w:val"), "center")


def _new_table(document: docx.document.Document, rows: int, widths_mm: Sequence[float]) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    # table.autofit = False wrote the one w:tblLayout w:type="fixed"
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            _cell_text(cell, "")
    return table


def _repeat_header(table: Table, rows: int) -> None:
    """Mark the first ``rows`` rows as header rows, repeated on every page the table crosses."""
    for row in table.rows[:rows]:
        header = OxmlElement("w:tblHeader")
        row._tr.get_or_add_trPr().append(header)


def _merge(
    table: Table, r1: int, c1: int, r2: int, c2: int, text: str, style: str = STYLE_TABLE
) -> _Cell:
    cell = table.cell(r1, c1)
    if (r1, c1) != (r2, c2):
        cell = cell.merge(table.cell(r2, c2))
    _cell_text(cell, text, style)
    return cell


def _placeholder(table_key: str, row: str, column: str) -> str:
    return f"{{{{ {table_key}.{row}.{column} }}}}"


def _proactive_table(document: docx.document.Document, spec: TableSpec) -> Table:
    """Table 二: a caption row, a header row and the data rows of every block.

    The 2021 edition is drawn on the official 4-column grid (a single value spans three
    columns); the 2019 edition, whose blocks have three or two values, on a 7-column grid
    (label + six: three values span two columns each, two values three each).
    """
    widest = max(len(b.columns) for b in spec.blocks)
    value_cols = 3 if all(len(b.columns) in (1, 3) for b in spec.blocks) else 6
    label_mm = 46.0
    widths = [label_mm] + [(TEXT_WIDTH_MM - label_mm) / value_cols] * value_cols
    assert widest <= 3
    n_rows = sum(2 + sum(1 for r in spec.rows if r.block == b.key) for b in spec.blocks)
    table = _new_table(document, n_rows, widths)
    r = 0
    for block in spec.blocks:
        _merge(table, r, 0, r, value_cols, block.caption)
        span = value_cols // len(block.columns)
        _merge(table, r + 1, 0, r + 1, 0, block.label_header)
        for i, col in enumerate(block.columns):
            _merge(table, r + 1, 1 + i * span, r + 1, (i + 1) * span, col.label)
        r += 2
        for row in (x for x in spec.rows if x.block == block.key):
            _merge(table, r, 0, r, 0, row.label)
            for i, col in enumerate(block.columns):
                _merge(
                    table,
                    r,
                    1 + i * span,
                    r,
                    (i + 1) * span,
                    _placeholder(spec.key, row.key, col.key),
                )
            r += 1
    _repeat_header(table, 0)
    return table


def _applications_table(document: docx.document.Document, spec: TableSpec) -> Table:
    """Table 三 as the official blank draws it: 3 label columns (group, sub-group, item) and 7 numbers."""
    label_widths = [11.0, 15.0, 44.0]
    number = (TEXT_WIDTH_MM - sum(label_widths)) / 7
    widths = label_widths + [number] * 7
    data_rows = spec.data_rows
    table = _new_table(document, 3 + len(data_rows), widths)
    # header: the printed note over three rows, 申请人情况 over seven columns
    _merge(table, 0, 0, 2, 2, spec.header_note or "")
    _merge(table, 0, 3, 0, 9, spec.column_group_label or "")
    columns = spec.columns
    group = columns[1].group or ""
    _merge(table, 1, 3, 2, 3, columns[0].label)
    _merge(table, 1, 4, 1, 8, group)
    for i, col in enumerate(columns[1:6]):
        _merge(table, 2, 4 + i, 2, 4 + i, col.label)
    _merge(table, 1, 9, 2, 9, columns[6].label)

    first = 3
    index = {row.key: first + i for i, row in enumerate(data_rows)}
    for row in data_rows:
        r = index[row.key]
        if row.level == 0:
            _merge(table, r, 0, r, 2, row.label, STYLE_TABLE_LABEL)
        elif row.level == 1:
            _merge(table, r, 1, r, 2, row.label, STYLE_TABLE_LABEL)
        else:
            _merge(table, r, 2, r, 2, row.label, STYLE_TABLE_LABEL)
        for i, col in enumerate(columns):
            _merge(table, r, 3 + i, r, 3 + i, _placeholder(spec.key, row.key, col.key))
    # group labels spanning their rows
    for group_row in (x for x in spec.rows if x.kind is RowKind.GROUP):
        members = [
            index[x.key]
            for x in data_rows
            if x.parent == group_row.key
            or (x.parent is not None and spec.row(x.parent).parent == group_row.key)
        ]
        column = group_row.level  # 三、本年度办理结果 in column 0, （三） etc. in column 1
        _merge(table, min(members), column, max(members), column, group_row.label, STYLE_TABLE)
        # a group's rows go to the next page as a whole: never a first row without its label
        _keep_rows_together(table, min(members), max(members))
    _repeat_header(table, 3)
    return table


def _keep_rows_together(table: Table, first: int, last: int) -> None:
    """Keep rows ``first``..``last`` on one page: every paragraph but the last row's keeps with the next."""
    for tr in table._tbl.tr_lst[first:last]:
        for p in tr.iter(qn("w:p")):
            ppr = p.get_or_add_pPr()
            if ppr.find(qn("w:keepNext")) is None:
                ppr.append(OxmlElement("w:keepNext"))


def _review_table(document: docx.document.Document, spec: TableSpec) -> Table:
    """Table 四: 行政复议 over five columns, 行政诉讼 over ten, then the 15 numbers in one row."""
    widths = [TEXT_WIDTH_MM / 15] * 15
    table = _new_table(document, 4, widths)
    review, litigation, direct, after = (
        spec.row(k)
        for k in ("review", "litigation", "litigation_direct", "litigation_after_review")
    )
    _merge(table, 0, 0, 0, 4, review.label)
    _merge(table, 0, 5, 0, 14, litigation.label)
    for i, col in enumerate(review.columns):
        _merge(table, 1, i, 2, i, col.label)
    _merge(table, 1, 5, 1, 9, direct.label)
    _merge(table, 1, 10, 1, 14, after.label)
    for g, group in enumerate((direct, after)):
        for i, col in enumerate(group.columns):
            _merge(table, 2, 5 + 5 * g + i, 2, 5 + 5 * g + i, col.label)
    for g, group in enumerate((review, direct, after)):
        for i, col in enumerate(group.columns):
            _merge(table, 3, 5 * g + i, 3, 5 * g + i, _placeholder(spec.key, group.key, col.key))
    _repeat_header(table, 3)
    return table


TABLE_BUILDERS = {
    "proactive_disclosure": _proactive_table,
    "applications": _applications_table,
    "review_litigation": _review_table,
}


# --------------------------------------------------------------------------- the document


def build_document(edition: Edition, fonts: FontProfile = GB) -> docx.document.Document:
    """The template of one edition as a python-docx document."""
    spec: EditionSpec = edition.spec
    document = docx.Document()
    _styles(document, fonts)
    _page(document)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    _para(document, "{%p for line in report.title_lines %}")
    _para(document, "{{ line }}", STYLE_TITLE)
    _para(document, "{%p endfor %}")
    _para(document, "", STYLE_BODY)
    _para(document, "{{ report.preamble }}")
    for section in spec.sections:
        _para(document, section.heading, STYLE_HEADING1)
        _narrative(document, section.key, closing=section is spec.sections[-1])
        if section.table is not None:
            TABLE_BUILDERS[section.table](document, spec.table(section.table))
            _para(document, "", STYLE_BODY)
    # GB/T 9704 §7.3.5.2 (no seal): one blank line, the agency two characters from the right
    # edge, the date below it starting two characters further right (the context works out
    # both indents from the two texts' widths)
    _keep_with_next(_para(document, "", STYLE_BODY))
    # the indents are numbers here, two characters (an attribute holding {{ … }} is not valid
    # WordprocessingML); preparing the template turns them into the context's indents for the
    # chosen layout (govreport.rendering._signature)
    _signature_line(document, "{{ report.agency }}", str(SIGNATURE_INDENT))
    _signature_line(document, "{{ report.date }}", str(SIGNATURE_INDENT))

    props = document.core_properties
    props.title = f"政府信息公开工作年度报告（{spec.title}）"
    props.subject = spec.doc_number
    props.author = "govreport"
    props.last_modified_by = "govreport"
    props.keywords = f"govreport template edition={int(edition)}"
    props.comments = "docxtpl template; rebuild with tools/build_templates.py"
    props.category = "政府信息公开工作年度报告"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    return document


# --------------------------------------------------------------------------- the package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The order ISO/IEC 29500 (transitional) gives the children of each properties element; python-docx
#: and this builder append some of them out of order.
SCHEMA_ORDER = {
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers"
        " pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE"
        " autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents"
        " suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
        " rPr sectPr pPrChange"
    ),
    "rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint"
        " noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u"
        " effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc"
        " tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption"
        " tblDescription"
    ),
    "tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText"
        " vAlign hideMark"
    ),
}
_RANK = {
    f"{{{W}}}{parent}": {f"{{{W}}}{name}": i for i, name in enumerate(order.split())}
    for parent, order in SCHEMA_ORDER.items()
}

#: Parts of python-docx's default template that are not govreport's: a thumbnail of another
#: document, a bibliography data store, Word 2010's duplicate of every style, numbering no paragraph uses.
_DROPPED = re.compile(
    r"^(docProps/thumbnail\.jpeg|customXml/.*|word/stylesWithEffects\.xml|word/numbering\.xml)$"
)

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Template>govreport</Template><Application>govreport</Application><DocSecurity>0</DocSecurity>"
    b"</Properties>"
)


def _schema_order(root: etree._Element) -> None:
    """Sort the children of every properties element into the schema's order (stable)."""
    for parent in root.iter(*_RANK):
        rank = _RANK[parent.tag]
        children = list(parent)
        ordered = sorted(children, key=lambda el: rank.get(el.tag, len(rank)))
        if ordered != children:
            for el in children:
                parent.remove(el)
            parent.extend(ordered)


def _used_styles(parts: dict[str, bytes], styles: etree._Element) -> set[str]:
    """The ids of the styles the document uses, with the styles they are based on."""
    used: set[str] = set()
    for name, data in parts.items():
        if re.match(r"^word/(document|footer\d+|header\d+)\.xml$", name):
            used.update(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', data))
    ids = {x.decode() for x in used}
    by_id = {el.get(f"{{{W}}}styleId"): el for el in styles.iter(f"{{{W}}}style")}
    for el in by_id.values():
        if el.get(f"{{{W}}}default") == "1":
            ids.add(el.get(f"{{{W}}}styleId") or "")
    todo = list(ids)
    while todo:
        el = by_id.get(todo.pop())
        if el is None:
            continue
        for tag in ("basedOn", "next"):
            ref = el.find(f"{{{W}}}{tag}")
            if ref is not None and (value := ref.get(f"{{{W}}}val")) not in ids:
                ids.add(value or "")
                todo.append(value or "")
    return ids


def _finish_package(parts: dict[str, bytes]) -> dict[str, bytes]:
    """govreport's own package: Chinese declared, schema order, only the styles used, own metadata."""
    parts = {name: data for name, data in parts.items() if not _DROPPED.match(name)}
    parts["docProps/app.xml"] = APP_XML
    dropped_targets = ("thumbnail.jpeg", "customXml/", "stylesWithEffects.xml", "numbering.xml")
    for name in ("_rels/.rels", "word/_rels/document.xml.rels"):
        rels = etree.fromstring(parts[name])
        for rel in list(rels):
            if any(t in (rel.get("Target") or "") for t in dropped_targets):
                rels.remove(rel)
        parts[name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for el in list(types):
        part = (el.get("PartName") or "").lstrip("/")
        if (part and part not in parts) or el.get("Extension") == "jpeg":
            types.remove(el)
    parts["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )

    settings = etree.fromstring(parts["word/settings.xml"])
    zoom = settings.find(f"{{{W}}}zoom")
    if zoom is not None:
        zoom.set(f"{{{W}}}percent", "100")  # the schema requires it beside w:val
    for lang in settings.iter(f"{{{W}}}themeFontLang"):
        lang.set(f"{{{W}}}eastAsia", "zh-CN")
    for preview in settings.findall(f"{{{W}}}savePreviewPicture"):
        settings.remove(preview)
    parts["word/settings.xml"] = _xml(settings)

    styles = etree.fromstring(parts["word/styles.xml"])
    for lang in styles.iter(f"{{{W}}}lang"):
        lang.set(f"{{{W}}}eastAsia", "zh-CN")
    used = _used_styles(parts, styles)
    for el in list(styles.iter(f"{{{W}}}style")):
        if el.get(f"{{{W}}}styleId") not in used:
            styles.remove(el)
    for name in list(parts):
        if re.match(r"^word/(document|styles|footer\d+|header\d+)\.xml$", name):
            root = styles if name == "word/styles.xml" else etree.fromstring(parts[name])
            _schema_order(root)
            parts[name] = _xml(root)
    return parts


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed timestamps and a sorted, stable entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    finished = _finish_package({name: source.read(name) for name in source.namelist()})
    names = list(finished)
    first = [n for n in names if n == "[Content_Types].xml"]
    ordered = first + sorted(n for n in names if n not in first)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, finished[name])
    return out.getvalue()


def build(edition: Edition, fonts: FontProfile = GB) -> bytes:
    """The bytes of the template of one edition."""
    buffer = io.BytesIO()
    build_document(edition, fonts).save(buffer)
    return _deterministic_zip(buffer.getvalue())


def target_path(edition: Edition) -> Path:
    """Where the template of an edition is committed."""
    return TARGET / f"report-{int(edition)}.docx"


def main(argv: Sequence[str] | None = None) -> int:
    """Write both templates (or, with --check, compare them with the committed ones)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if a committed template is out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    for edition in Edition:
        data = build(edition)
        path = target_path(edition)
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path)
    if stale:
        print("out of date (run python tools/build_templates.py):", *stale, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
