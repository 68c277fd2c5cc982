"""A published web page as paragraphs and table grids (stdlib :mod:`html.parser`).

Agencies publish the report as a page: the statutory tables sit inside the
page's layout tables, cells span rows and columns (``rowspan``/``colspan``),
empty cells hold ``&nbsp;``, and many pages are GBK. :func:`read_html`
decodes the page (its declared charset; else UTF-8, else GB18030), turns
every table into a :class:`~govreport.formats._grid.Grid` (a spanning cell
stands in every position it covers) and every block of text into a
paragraph. Text inside a statutory table is not narrative: the paragraphs
that came from a table's cells are dropped once the table is recognised.

>>> page = "<p>一、总体情况</p><table><tr><td colspan=2>行政复议</td></tr><tr><td>结果维持</td><td>总计</td></tr></table>"
>>> blocks = read_html(page.encode("utf-8"), "r.html")
>>> [b.text for b in blocks if hasattr(b, "text")]
['一、总体情况']
>>> grid = blocks[-1]
>>> [[c.text for c in row] for row in grid.rows]
[['行政复议', '行政复议'], ['结果维持', '总计']]
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs

from govreport._text import GB_FAMILY, decode
from govreport.errors import EncodingError, LoadError
from govreport.formats._bounded import LIMITS
from govreport.formats._grid import Block, Grid, GridCell, Para, table_kind
from govreport.spec import Edition

__all__ = ["decode_html", "read_html"]

_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "body",
        "center",
    ]
)
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template"})
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_html(data: bytes, source: str) -> str:
    """The text of a page: its declared charset (GBK and GB2312 read as GB18030), else UTF-8, else GB18030.

    Decoding goes through govreport's one decoder: bytes the charset cannot
    read are an :class:`~govreport.errors.EncodingError` naming the byte
    offset and line, never replaced.

    >>> decode_html("<meta charset=gbk><p>年度</p>".encode("gbk"), "r.html")[-9:]
    '<p>年度</p>'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return decode(data, source, encoding="utf-8")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared is not None and declared in GB_FAMILY:
        return decode(data, source, encoding=declared)
    if declared is not None and declared.replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return decode(data, source, encoding=declared)
        except EncodingError:
            pass
    return decode(data, source)


@attrs.define
class _Table:
    number: int
    rows: list[list[tuple[str, int, int]]] = attrs.field(factory=list)
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.tables: list[_Table] = []
        self.owners: dict[int, list[_Table]] = {}
        self.grids: dict[int, _Table] = {}
        # the text of the block being read, each piece with whether its white space is kept
        self.text: list[tuple[str, bool]] = []
        # the open elements whose inline style keeps white space (white-space: pre, pre-wrap…)
        self.kept: list[str] = []
        # where the block's run-in heading ends among its pieces (None: it has none), and
        # whether that heading is still open
        self.heading_end: int | None = None
        self.in_heading = False
        self.skip = 0
        self.count = 0

    def flush(self) -> None:
        end = self.heading_end
        heading = _block_text(self.text[:end]) if end is not None else ""
        text = _block_text(self.text[end or 0 :])
        self.text, self.heading_end, self.in_heading = [], None, False
        if text or heading:
            self.blocks.append(Para(text, heading, f"第 {len(self.blocks) + 1} 段"))
            self.owners[len(self.blocks) - 1] = list(self.tables)

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "br":
            if self.kept:  # a line break within a paragraph that keeps its white space
                self.text.append(("\n", True))
            else:
                self.flush()
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append("\n")
            return
        if tag in _BLOCK:
            self.flush()
        a = dict(attrs_)
        if _KEEPS_SPACE.search(a.get("style") or ""):
            self.kept.append(tag)
        if (
            tag == "span"
            and {"kai", "lead"} & set((a.get("class") or "").split())
            and not self.tables
            and not "".join(t for t, _ in self.text).strip()
        ):
            # the run-in heading that opens a paragraph as the web edition prints it (（一）… in
            # 楷体, 1.… plain): read as the paragraph's heading, as the Word document's heading
            # style is
            self.text, self.in_heading = [], True
        if tag == "table":
            self.count += 1
            self.tables.append(_Table(self.count))
        elif self.tables and tag == "tr":
            self.tables[-1].rows.append([])
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if not t.rows:
                t.rows.append([])
            t.cell = []
            t.span = (_span(a.get("rowspan")), _span(a.get("colspan")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK:
            self.flush()
        if self.kept and self.kept[-1] == tag:
            self.kept.pop()
        if tag == "span" and self.in_heading:
            self.heading_end, self.in_heading = len(self.text), False
        if not self.tables:
            return
        t = self.tables[-1]
        if tag in ("td", "th") and t.cell is not None:
            t.rows[-1].append(("".join(t.cell), *t.span))
            t.cell = None
        elif tag == "table":
            self.tables.pop()
            self.blocks.append(_grid(t))
            self.grids[len(self.blocks) - 1] = t

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.text.append((data, bool(self.kept)))
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)


#: An inline style under which a browser keeps spaces, tabs and line breaks as written.
_KEEPS_SPACE = re.compile(r"white-space\s*:\s*(?:pre|pre-wrap|break-spaces)\s*(?:;|$|!)", re.I)
_COLLAPSED = re.compile(r"[ \t\r\n\f]+")


def _block_text(pieces: list[tuple[str, bool]]) -> str:
    """The text of a block as a browser shows it: white space collapsed and trimmed, except in
    the pieces whose element keeps it (:data:`_KEEPS_SPACE`).

    >>> _block_text([(" 甲  乙 ", False)]), _block_text([("  甲  乙 ", True)])
    ('甲 乙', '  甲  乙 ')
    >>> _block_text([("\\n  ", False), ("\\u3000\\u3000甲  ", True), ("\\n", False)])
    '\\u3000\\u3000甲  '
    """
    runs: list[tuple[str, bool]] = []  # the pieces, those of one kind joined
    for text, kept in pieces:
        if runs and runs[-1][1] == kept:
            runs[-1] = (runs[-1][0] + text, kept)
        else:
            runs.append((text, kept))
    parts = [t if kept else _COLLAPSED.sub(" ", t) for t, kept in runs]
    # the collapsed white space at either end is trimmed, never into a piece that keeps its own
    if runs and not runs[0][1]:
        parts[0] = parts[0].lstrip(" ")
    if runs and not runs[-1][1]:
        parts[-1] = parts[-1].rstrip(" ")
    return "".join(parts)


def _span(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), 100)
    except ValueError:
        return 1


def _grid(t: _Table) -> Grid:
    """The grid of a table: each spanning cell in every position it covers."""
    taken: dict[tuple[int, int], GridCell] = {}
    for i, row in enumerate(t.rows):
        j = 0
        for text, rowspan, colspan in row:
            while (i, j) in taken:
                j += 1
            cell = GridCell(text.replace("\xa0", " "), i + 1, j + 1)
            for di in range(rowspan):
                for dj in range(colspan):
                    taken[(i + di, j + dj)] = cell
            j += colspan
    height = max((i for i, _ in taken), default=-1) + 1
    width = max((j for _, j in taken), default=-1) + 1
    rows = tuple(
        tuple(taken.get((i, j)) or GridCell("", i + 1, j + 1) for j in range(width))
        for i in range(height)
    )
    return Grid(rows, f"表格 {t.number}")


def read_html(data: bytes, source: str) -> list[Block]:
    """The paragraphs and tables of a page in order, without the text of the statutory tables' cells."""
    if len(data) > LIMITS.max_part_bytes:
        raise LoadError(
            f"网页 {len(data)} 字节，超过上限 {LIMITS.max_part_bytes} 字节", path=source
        )
    page = _Page()
    page.feed(decode_html(data, source))
    page.close()
    page.flush()
    statutory = {
        t.number
        for i, t in page.grids.items()
        if any(table_kind(page.blocks[i], e) is not None for e in Edition)  # type: ignore[arg-type]
    }
    return [
        b
        for i, b in enumerate(page.blocks)
        if not (isinstance(b, Para) and any(t.number in statutory for t in page.owners.get(i, ())))
    ]
