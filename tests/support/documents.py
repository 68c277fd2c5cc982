"""Word documents for tests: templates to render with, and readers that find the cells of a rendered document.

>>> import io, docx
>>> from govreport import Edition, Template
>>> from support import sample_report
>>> report = sample_report(Edition.V2021)
>>> rendered = Template(contract_template(Edition.V2021)).render_bytes(report)
>>> read_tables(docx.Document(io.BytesIO(rendered)), Edition.V2021) == expected_tables(report)
True
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml.ns import qn

from govreport.errors import TemplateError
from govreport.model import Report
from govreport.rendering import bundled_template
from govreport.rendering._context import build_context
from govreport.spec import Edition, RowKind

__all__ = [
    "contract_template",
    "expected_tables",
    "minimal_template",
    "paragraphs",
    "read_tables",
    "template_for",
]

#: Every zip entry of a built template gets this timestamp, so the bytes never depend on the clock.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def minimal_template(body: str) -> bytes:
    """A one-paragraph .docx whose text is ``body`` (a Jinja template of one line, for instance).

    >>> from govreport import Report, Template
    >>> import zipfile, io
    >>> out = Template(minimal_template("{{ report.agency }}")).render_bytes(Report.new("某局", 2024))
    >>> "某局" in zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    True
    """
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:body><w:p><w:r><w:t xml:space="preserve">{escape(body)}</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
            ("docProps/core.xml", "<x/>"),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            z.writestr(info, text)
    return buffer.getvalue()


def contract_template(edition: Edition) -> bytes:
    """A small template that follows the template contract of docs/rendering.md (built with python-docx).

    >>> from govreport.rendering import check_template
    >>> check_template(contract_template(Edition.V2019), edition=2019)
    []
    """
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    spec = edition.spec
    d.add_paragraph("{%p for line in report.title_lines %}")
    d.add_paragraph("{{ line }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{{ report.preamble }}")
    for section in spec.sections:
        d.add_paragraph(section.heading)
        d.add_paragraph(f"{{%p for p in sections.{section.key} %}}")
        p = d.add_paragraph()
        p.add_run("{{ p.kai }}")
        p.add_run("{{ p.lead }}{{ p.text }}")
        d.add_paragraph("{%p endfor %}")
        if section.table is None:
            continue
        table = spec.table(section.table)
        if table.blocks:
            for block in table.blocks:
                rows = [r for r in table.rows if r.block == block.key]
                t = d.add_table(rows=2 + len(rows), cols=1 + len(block.columns))
                t.cell(0, 0).merge(t.cell(0, len(block.columns))).text = block.caption
                for j, label in enumerate([block.label_header, *(c.label for c in block.columns)]):
                    t.cell(1, j).text = label
                for i, r in enumerate(rows, start=2):
                    t.cell(i, 0).text = r.label
                    for j, c in enumerate(r.columns, start=1):
                        t.cell(i, j).text = f"{{{{ {table.key}.{r.key}.{c.key} }}}}"
            continue
        t = d.add_table(rows=1 + len(table.rows), cols=1 + len(table.columns))
        for j, c in enumerate(table.columns, start=1):
            t.cell(0, j).text = c.label
        for i, r in enumerate(table.rows, start=1):
            t.cell(i, 0).text = r.label
            if r.kind is RowKind.GROUP:
                continue
            for j, c in enumerate(r.columns, start=1):
                t.cell(i, j).text = f"{{{{ {table.key}.{r.key}.{c.key} }}}}"
    d.add_paragraph("{{ report.agency }}")
    d.add_paragraph("{{ report.date }}")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def template_for(edition: Edition) -> bytes:
    """The bundled template of an edition when it is built, else the contract template.

    >>> template_for(Edition.V2021)[:2]
    b'PK'
    """
    try:
        return bundled_template(edition)
    except TemplateError:
        return contract_template(edition)


def read_tables(document: Any, edition: Edition) -> dict[str, dict[tuple[str, str], str]]:
    """Every statutory cell of a rendered document, found by the labels printed beside and above it.

    The result maps each table key to ``{(row key, column key): printed text}``.

    >>> import io, docx
    >>> from govreport import Report, Template
    >>> rendered = Template(contract_template(Edition.V2021)).render_bytes(Report.new("某局", 2024))
    >>> read_tables(docx.Document(io.BytesIO(rendered)), Edition.V2021)["applications"][
    ...     ("granted", "natural_person")
    ... ]
    '0'
    """
    spec = edition.spec
    out: dict[str, dict[tuple[str, str], str]] = {t.key: {} for t in spec.tables}
    for table in document.tables:
        cells = [list(row.cells) for row in table.rows]
        grid = [[cell.text.strip() for cell in row] for row in cells]
        texts = {text for row in grid for text in row}
        seen: set[int] = set()  # a merged cell appears at each grid position it spans
        for tspec in spec.tables:
            labels = {r.label: r for r in tspec.data_rows}
            if not labels.keys() & texts:
                continue
            for i, row in enumerate(grid):
                for j, text in enumerate(row):
                    if id(cells[i][j]._tc) in seen:
                        continue
                    seen.add(id(cells[i][j]._tc))
                    found = _locate(grid, i, j, labels)
                    if found is None:
                        continue
                    assert found not in out[tspec.key], f"{tspec.key} {found} printed twice"
                    out[tspec.key][found] = text
    return out


def _locate(
    grid: list[list[str]], i: int, j: int, labels: dict[str, Any]
) -> tuple[str, str] | None:
    """The (row, column) a data cell stands for: its row label to the left (or above), its column label above."""
    text = grid[i][j]
    if text in labels or any(text == c.label for r in labels.values() for c in r.columns):
        return None
    left = [grid[i][k] for k in range(j - 1, -1, -1)]
    above = [grid[k][j] for k in range(i - 1, -1, -1)]
    row = next((labels[t] for t in left if t in labels), None) or next(
        (labels[t] for t in above if t in labels), None
    )
    if row is None:
        return None
    by_label = {c.label: c.key for c in row.columns}
    column = next((by_label[t] for t in above if t in by_label), None)
    if column is None:
        return None
    return row.key, column


def expected_tables(report: Report) -> dict[str, dict[tuple[str, str], str]]:
    """The model's cells, formatted as the document should print them (the shape :func:`read_tables` returns).

    >>> from govreport import Report
    >>> expected_tables(Report.new("某局", 2024))["review_litigation"][("review", "total")]
    '0'
    """
    ctx = build_context(report)
    return {
        key: {(r, c): v for r, cols in ctx[key].items() for c, v in cols.items()}
        for key in ("proactive_disclosure", "applications", "review_litigation")
    }


def paragraphs(document: Any) -> list[str]:
    """The text of every body paragraph of a python-docx document.

    >>> import io, docx
    >>> from govreport import Report, Template
    >>> rendered = Template(minimal_template("{{ report.year }}")).render_bytes(Report.new("某局", 2024))
    >>> paragraphs(docx.Document(io.BytesIO(rendered)))
    ['2024']
    """
    return [p.text for p in document.paragraphs]
