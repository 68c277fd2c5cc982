"""The body of a Word document as paragraphs and table grids, read within bounds.

Only ``word/document.xml`` is read, through :mod:`govreport.formats._bounded`.
A paragraph's text joins its runs however Word split them (spell check,
revisions, typing in several sittings); a run styled as a run-in heading
(govreport's own ``GR Run-in Heading``) opens the paragraph's heading. A table becomes a grid: merged cells (``gridSpan``, ``vMerge``)
fill every grid position they cover with the same cell, and a cell's
paragraphs are joined (``商业⏎企业`` reads ``商业企业``).

>>> import io, zipfile
>>> xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
...        '<w:body><w:p><w:r><w:t>一、总</w:t></w:r><w:r><w:t>体情况</w:t></w:r></w:p></w:body></w:document>')
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", xml)
>>> [b.text for b in read_docx(buf, "r.docx")]
['一、总体情况']
"""

from __future__ import annotations

from typing import IO

from lxml import etree

from govreport.formats._bounded import open_zip, parse_xml, read_member
from govreport.formats._grid import Block, Grid, GridCell, Para

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART = "word/document.xml"


def read_docx(file: str | IO[bytes], source: str) -> list[Block]:
    """The paragraphs and tables of the document body, in order."""
    archive = open_zip(file, source)
    with archive:
        root = parse_xml(read_member(archive, _PART, source), _PART, source)
    body = root.find(f"{_W}body")
    if body is None:
        return []
    blocks: list[Block] = []
    counter = {"p": 0, "t": 0}
    for el in _content(body):
        if el.tag == f"{_W}p":
            counter["p"] += 1
            heading, text = _paragraph(el)
            blocks.append(Para(text, heading, f"第 {counter['p']} 段"))
        elif el.tag == f"{_W}tbl":
            counter["t"] += 1
            blocks.append(_table(el, f"表格 {counter['t']}"))
    return blocks


def _content(parent: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables directly in ``parent``, looking through content controls."""
    out: list[etree._Element] = []
    for el in parent:
        if el.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(el)
        elif el.tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
            inner = el.find(f"{_W}sdtContent") if el.tag == f"{_W}sdt" else el
            if inner is not None:
                out.extend(_content(inner))
    return out


def _runs(p: etree._Element) -> list[etree._Element]:
    """The runs of a paragraph in order, including those inside hyperlinks, insertions, fields."""
    return [r for r in p.iter(f"{_W}r") if not any(a.tag == f"{_W}del" for a in r.iterancestors())]


def _run_text(r: etree._Element) -> str:
    parts: list[str] = []
    for el in r:
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        elif el.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif el.tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _is_heading_run(r: etree._Element) -> bool:
    style = r.find(f"{_W}rPr/{_W}rStyle")
    return style is not None and "heading" in (style.get(f"{_W}val") or "").lower()


def _paragraph(p: etree._Element) -> tuple[str, str]:
    """The run-in heading and the text of a paragraph.

    govreport's template opens a body paragraph with two heading slots, a
    run in the run-in heading style (（一）…) and a plain run (1.…), then
    the text; a paragraph that opens with a run-in heading run is read the
    same way. Any other paragraph is all text.
    """
    runs = _runs(p)
    texts = [_run_text(r) for r in runs]
    if runs and _is_heading_run(runs[0]) and len(runs) >= 2:
        return texts[0] + texts[1], "".join(texts[2:])
    return "", "".join(texts)


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(
        "".join(_run_text(r) for r in _runs(p)) for p in tc.iter(f"{_W}p") if _own(p, tc)
    )


def _own(p: etree._Element, tc: etree._Element) -> bool:
    """Whether paragraph ``p`` belongs to cell ``tc`` itself, not to a table nested in it."""
    for a in p.iterancestors(f"{_W}tc"):
        return a is tc
    return False


def _int_attr(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, int(el.get(f"{_W}val") or default))
    except ValueError:
        return default


def _table(tbl: etree._Element, name: str) -> Grid:
    rows: list[list[GridCell]] = []
    above: dict[int, GridCell] = {}
    for r_index, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
        row: list[GridCell] = []
        col = _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for _ in range(col):
            row.append(GridCell("", r_index, len(row) + 1))
        for tc in tr.iter(f"{_W}tc"):
            if next(tc.iterancestors(f"{_W}tr")) is not tr:
                continue
            span = _int_attr(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            start = len(row)
            if vmerge is not None and vmerge.get(f"{_W}val") != "restart" and start in above:
                cell = above[start]
            else:
                cell = GridCell(_cell_text(tc), r_index, start + 1)
            for i in range(span):
                row.append(cell)
                above[start + i] = cell
        rows.append(row)
    return Grid(tuple(tuple(r) for r in rows), name)
