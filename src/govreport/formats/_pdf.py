"""A published PDF with a text layer as paragraphs and table grids (pdfplumber, the ``pdf`` extra).

Cells are located by position, never by the order of numbers in the text
stream: pdfplumber finds each table's ruled cells, every cell's bounding
box places it in the table's grid (a merged cell stands in every position
it covers), and a cell's text is the characters whose centre lies inside
it. A table that continues on the next page is joined to its first part
(:func:`~govreport.formats._grid.join`), also when the two pages rule
different columns. The text outside the statutory tables becomes
paragraphs: a line indented past the left margin opens a new one, a
numbered heading that ends before the text's right edge stands alone,
page numbers are dropped, and the gaps a typesetter puts between Chinese
and Latin text (which pdfplumber prints as spaces) are not kept. A PDF without a text layer (a scan) is
refused with a clear error: OCR is out of scope.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from govreport.errors import LoadError
from govreport.formats._bounded import LIMITS
from govreport.formats._grid import Block, Grid, GridCell, Para, join, table_kind
from govreport.spec import Edition

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(r"^[\s\-—–－第页/\d]*$")
_OBJECTS = re.compile(rb"\d+\s+\d+\s+obj\b")


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        return None
    return pdfplumber


def read_pdf(path: Path, source: str) -> list[Block]:
    """The paragraphs and tables of a PDF's text layer, in reading order."""
    plumber = _pdfplumber()
    if plumber is None:
        raise LoadError("读取 PDF 需要安装 pdfplumber：pip install govreport[pdf]", path=source)
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise LoadError("不是有效的 PDF 文件（应以 %PDF 开头）", path=source)
    objects = len(_OBJECTS.findall(data))
    if objects > LIMITS.max_pdf_objects:
        raise LoadError(
            f"PDF 声明了 {objects} 个对象，超过上限 {LIMITS.max_pdf_objects}", path=source
        )
    try:
        pdf = plumber.open(path)
    except Exception as e:  # pdfminer raises many types for a damaged file
        raise LoadError(f"无法打开 PDF：{type(e).__name__}: {e}", path=source) from None
    with pdf:
        if len(pdf.pages) > LIMITS.max_pages:
            raise LoadError(
                f"PDF 有 {len(pdf.pages)} 页，超过上限 {LIMITS.max_pages} 页", path=source
            )
        pages: list[list[Grid | dict[str, Any]]] = []
        chars = 0
        for number, page in enumerate(pdf.pages, start=1):
            try:
                items, count = _page(page, number)
            except Exception as e:  # a damaged content stream
                raise LoadError(
                    f"第 {number} 页无法读取：{type(e).__name__}: {e}", path=source
                ) from None
            chars += count
            pages.append(items)
    # the text's right edge, over the whole document: a page may hold no line that runs to it
    right = max((it["x1"] for items in pages for it in items if isinstance(it, dict)), default=0.0)
    blocks: list[Block] = []
    for number, items in enumerate(pages, start=1):
        _append(blocks, _paragraphs(items, number, right))
    if chars == 0:
        raise LoadError(
            "PDF 没有文字层（可能是扫描件）：govreport 不做文字识别（OCR），请提供带文字的 PDF 或 Word 文档",
            path=source,
        )
    return blocks


def _statutory(grid: Grid) -> str | None:
    for edition in Edition:
        kind = table_kind(grid, edition)
        if kind is not None:
            return kind
    return None


def _append(blocks: list[Block], page_blocks: list[Block]) -> None:
    """Add a page's blocks, joining a table that continues from the previous page."""
    if page_blocks and blocks and isinstance(blocks[-1], Grid) and isinstance(page_blocks[0], Grid):
        upper, lower = blocks[-1], page_blocks[0]
        kind = _statutory(upper)
        if kind is not None and _statutory(lower) in (None, kind):
            edition = next(e for e in Edition if table_kind(upper, e) == kind)
            blocks[-1] = join(upper, lower, edition, kind)
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)


def _text_in(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    inside = [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    inside.sort(key=lambda c: (round(c["top"] / 3), c["x0"]))
    return "".join(c["text"] for c in inside)


def _grid(table: Any, chars: list[dict[str, Any]], page: int, index: int) -> Grid:
    boxes = [tuple(c) for c in table.cells]
    xs = sorted({round(v, 1) for b in boxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in boxes for v in (b[1], b[3])})

    def at(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    taken: dict[tuple[int, int], GridCell] = {}
    for b in boxes:
        j0, j1 = at(xs, b[0]), at(xs, b[2])
        i0, i1 = at(ys, b[1]), at(ys, b[3])
        place = (
            f"第 {page} 页表格 {index} 第 {i0 + 1} 行第 {j0 + 1} 列（x={b[0]:.0f}, y={b[1]:.0f}）"
        )
        cell = GridCell(_text_in(chars, b), i0 + 1, j0 + 1, place)
        for i in range(i0, max(i1, i0 + 1)):
            for j in range(j0, max(j1, j0 + 1)):
                taken[(i, j)] = cell
    height, width = len(ys) - 1, len(xs) - 1
    rows = tuple(
        tuple(taken.get((i, j)) or GridCell("", i + 1, j + 1) for j in range(width))
        for i in range(height)
    )
    return Grid(rows, f"第 {page} 页表格 {index}", tuple(xs))


def _page(page: Any, number: int) -> tuple[list[Grid | dict[str, Any]], int]:
    """A page's statutory tables and its lines of text outside them, top to bottom."""
    chars = page.chars
    tables = page.find_tables()
    grids = [(t.bbox, _grid(t, chars, number, k)) for k, t in enumerate(tables, start=1)]
    statutory = [(box, g) for box, g in grids if _statutory(g) is not None]
    lines = page.extract_text_lines()
    items: list[tuple[float, Grid | dict[str, Any]]] = [(box[1], g) for box, g in statutory]
    for line in lines:
        centre = (line["top"] + line["bottom"]) / 2
        if any(box[1] <= centre <= box[3] for box, _ in statutory):
            continue
        if _PAGE_NUMBER.match(line["text"]):
            continue
        items.append((line["top"], {**line, "text": _unspaced(line["text"])}))
    items.sort(key=lambda it: it[0])
    return [item for _, item in items], len(chars)


#: A gap pdfplumber printed as a space next to a Chinese character: the spacing a typesetter puts
#: between Chinese and Latin text (``申请 46 件``), not a space of the text.
_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _unspaced(text: str) -> str:
    """A line's text without the typesetter's gaps around Chinese characters.

    >>> _unspaced("全年新收政府信息公开申请 46 件，共 2 page 页")
    '全年新收政府信息公开申请46件，共2 page页'
    """
    return _GAP.sub("", text)


def _paragraphs(items: list[Grid | dict[str, Any]], number: int, right: float) -> list[Block]:
    """A page's lines joined into paragraphs, its tables between them.

    A line indented past the page's left margin opens a paragraph; a
    numbered heading opens one, and closes it when it is short or ends
    before the text's right edge (``right``, over the whole document).
    """
    margin = min((line["x0"] for line in items if isinstance(line, dict)), default=0.0)
    blocks: list[Block] = []
    current: list[str] = []
    start: tuple[float, float] | None = None

    def flush() -> None:
        nonlocal current, start
        if current and start is not None:
            where = f"第 {number} 页（x={start[0]:.0f}, y={start[1]:.0f}）"
            blocks.append(Para("".join(current).strip(), "", where))
        current, start = [], None

    for item in items:
        if isinstance(item, Grid):
            flush()
            blocks.append(item)
            continue
        indent = item["x0"] - margin > 12
        if indent or _opens(item["text"]):
            flush()
        if start is None:
            start = (item["x0"], item["top"])
        current.append(item["text"])
        # a line ending two characters' width short of the right edge does not run on
        short = right - item["x1"] > 2 * (item["bottom"] - item["top"])
        if _closes(item["text"]) or (_opens(item["text"]) and short):
            flush()
    flush()
    return blocks


_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def _opens(text: str) -> bool:
    """Whether a line opens a paragraph of its own (a numbered heading)."""
    return _HEADING.match(text) is not None and len(text.strip()) <= 30


def _closes(text: str) -> bool:
    """Whether a line is a short heading that stands alone (一、总体情况), not a heading run into text."""
    return _opens(text) and len(text.strip()) <= 16
