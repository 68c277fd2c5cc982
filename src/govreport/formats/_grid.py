"""Statutory tables found in a document's grids by their printed labels, never by position.

Every reader of published documents (Word, web page, PDF) turns a table
into a :class:`Grid`: rows of :class:`GridCell`, a merged cell standing in
every position it covers. :func:`place` finds which statutory table a grid
is from the labels it prints, then which row and column each number
belongs to from the labels on its left and above it (through
:func:`~govreport.formats._labels.table_tree`, so every accepted spelling
is accepted here too). A number whose labels name no row or column is
returned as :class:`Unplaced` with its place, never guessed.

>>> from govreport.spec import Edition
>>> c = lambda t, r, k: GridCell(t, r, k)
>>> head = [c("", 1, 1), c("结果维持", 1, 2), c("总计", 1, 3)]
>>> g = Grid(((c("行政复议", 1, 1), *head[1:]), (c("行政复议", 2, 1), c("2", 2, 2), c("2", 2, 3))), "表格 1")
>>> placed, unplaced = place(g, Edition.V2021, "review_litigation")
>>> [(p.row, p.column, p.text, p.where) for p in placed]
[('review', 'maintained', '2', '表格 1 第 2 行第 2 列'), ('review', 'total', '2', '表格 1 第 2 行第 3 列')]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

import attrs

from govreport.formats._labels import NameNode, normalize, table_tree
from govreport.spec import TABLE_KEYS, Edition

__all__ = [
    "Block",
    "Grid",
    "GridCell",
    "Para",
    "Placed",
    "Unplaced",
    "is_value",
    "join",
    "place",
    "table_kind",
]


@attrs.frozen(eq=False)
class GridCell:
    """A printed cell: its text and its printed row and column (1-based, top-left of a merged cell).

    Cells compare by identity: a merged cell is one cell wherever it stands.
    """

    text: str
    row: int
    column: int
    #: The place as the source gives it, when it says more than row and column (a PDF page and position).
    place: str | None = None


@attrs.frozen
class Grid:
    """A table of a document as a grid; ``name`` says which table it is (``表格 2``, ``第 3 页表格 1``)."""

    rows: tuple[tuple[GridCell, ...], ...]
    name: str
    #: The horizontal positions of the column boundaries, when the source gives them (a PDF's
    #: ruling: ``len(edges) == width + 1``); ``()`` when it does not.
    edges: tuple[float, ...] = ()

    def where(self, cell: GridCell) -> str:
        """The printed place of ``cell``.

        >>> g = Grid(((GridCell("1", 1, 2),),), "表格 3")
        >>> g.where(g.rows[0][0])
        '表格 3 第 1 行第 2 列'
        """
        if cell.place is not None:
            return cell.place
        return f"{self.name} 第 {cell.row} 行第 {cell.column} 列"


def _printed(row: list[GridCell]) -> list[str]:
    """A row's texts as printed, a merged cell once (pages may split the grid into other columns)."""
    out: list[str] = []
    for cell in row:
        text = "".join(cell.text.split())
        if not out or out[-1] != text:
            out.append(text)
    return out


def join(upper: Grid, lower: Grid, edition: Edition, key: str) -> Grid:
    """One table printed over two pages: ``lower``'s rows after ``upper``'s.

    Parts whose column boundaries differ (``edges``: a page whose rows cut
    the label column in three where the other page's rows need one) are
    first both cut at every boundary either draws, a cell standing in each
    finer column it covers, so that a number stays under its own column.
    Header rows repeated at the top of the lower part are left out. A label
    cell that the page break cut in two (``（四）无`` | ``法提供``) is one cell
    again when the two halves make a label of the table; a cell left empty
    under a label that spans rows continues that label.
    """
    if upper.edges and lower.edges and upper.edges != lower.edges:
        # the two parts are ruled differently (a page whose rows split a label column the other
        # page's rows do not): both are cut at every boundary either part has
        edges = _union(upper.edges, lower.edges)
        upper, lower = _refined(upper, edges), _refined(lower, edges)
    rows = [list(r) for r in upper.rows]
    tail = [list(r) for r in lower.rows]
    # a header repeated at the top of the next page (Word's "repeat header rows") is printed, not data
    repeated = 0
    while (
        repeated < len(tail)
        and repeated < len(rows)
        and _printed(tail[repeated]) == _printed(rows[repeated])
    ):
        repeated += 1
    tail = tail[repeated:]
    if rows and tail and len(rows[-1]) == len(tail[0]):
        names = _names(edition, key)
        above, first = rows[-1], tail[0]
        for a, b in zip(above, first, strict=True):
            if a is b or (is_value(a.text) and not _blank(a.text)):
                continue
            merged: GridCell | None = None
            if _blank(b.text) and not _blank(a.text):
                merged = a
            elif normalize(a.text + b.text) in names and normalize(a.text) not in names:
                merged = GridCell(a.text + b.text, a.row, a.column, a.place)
            if merged is None:
                continue
            for r in (*rows, *tail):
                for k, c in enumerate(r):
                    if c is a or c is b:
                        r[k] = merged
    return Grid(tuple(tuple(r) for r in (*rows, *tail)), upper.name, upper.edges)


#: Column boundaries closer than this (in points) are one boundary drawn twice.
_SAME_EDGE = 2.0


def _union(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """The column boundaries of two parts together, a boundary both draw once.

    The outer borders are the table's own, however far apart the two pages print them.

    >>> _union((73.0, 96.0, 520.0), (70.0, 96.5, 138.0, 523.0))
    (70.0, 96.0, 138.0, 523.0)
    """
    left, right = min(a[0], b[0]), max(a[-1], b[-1])
    out = [left]
    for x in sorted((*a[1:-1], *b[1:-1])):
        if x - out[-1] > _SAME_EDGE and right - x > _SAME_EDGE:
            out.append(x)
    return (*out, right)


def _refined(grid: Grid, edges: tuple[float, ...]) -> Grid:
    """``grid`` cut at ``edges``: a cell stands in every finer column its own column covers.

    >>> a, b = GridCell("标签", 1, 1), GridCell("1", 1, 2)
    >>> g = _refined(Grid(((a, b),), "表格 1", (0.0, 20.0, 30.0)), (0.0, 10.0, 20.0, 30.0))
    >>> [c.text for c in g.rows[0]], g.edges
    (['标签', '标签', '1'], (0.0, 10.0, 20.0, 30.0))
    """
    if not grid.edges or grid.edges == edges:
        return grid
    owners: list[int] = []
    for x0, x1 in itertools.pairwise(edges):
        middle = (x0 + x1) / 2
        # the outer columns reach the other part's outer borders
        inner = [j for j in range(1, len(grid.edges) - 1) if grid.edges[j] <= middle]
        owners.append(len(inner))
    rows = tuple(
        tuple(row[j] if j < len(row) else GridCell("", i + 1, k + 1) for k, j in enumerate(owners))
        for i, row in enumerate(grid.rows)
    )
    return Grid(rows, grid.name, edges)


@attrs.frozen
class Para:
    """A paragraph of a document: its run-in heading (if marked as one), its text, its place."""

    text: str
    heading: str
    where: str


Block = Para | Grid


@attrs.frozen
class Placed:
    """A value found at a statutory cell: the cell's keys, the text as printed, its place."""

    table: str
    row: str
    column: str
    text: str
    where: str


@attrs.frozen
class Unplaced:
    """Printed text that names no cell of the table it stands in, with its place and why."""

    text: str
    where: str
    reason: str


_VALUE = re.compile(r"[+-]?[\d,，]*\.?\d+(?:万元|元)?|[/／\-—–无]|")


def is_value(text: str) -> bool:
    """Whether printed text can be a table value (a number, a mark, or nothing), not a label.

    >>> is_value("1,280"), is_value(" 0 "), is_value("/"), is_value("自然人")
    (True, True, True, False)
    """
    return (
        _VALUE.fullmatch(unicodedata.normalize("NFKC", text).replace("\u3000", "").strip())
        is not None
    )


def _blank(text: str) -> bool:
    return not text.replace("\u3000", " ").strip()


@cache
def _names(edition: Edition, key: str) -> frozenset[str]:
    out: set[str] = set()

    def walk(node: NameNode) -> None:
        for n in node.names:
            if not n.isascii():
                out.add(normalize(n))
        for child in node.children:
            walk(child)

    walk(table_tree(edition, key))
    return frozenset(out)


@cache
def _own_names(edition: Edition, key: str) -> frozenset[str]:
    others = frozenset().union(*(_names(e, k) for e in Edition for k in TABLE_KEYS if k != key))
    return _names(edition, key) - others


def table_kind(grid: Grid, edition: Edition) -> str | None:
    """Which statutory table the grid is, from the labels only that table prints (``None``: none).

    >>> g = Grid(((GridCell("行政复议", 1, 1), GridCell("行政诉讼", 1, 2)),), "表格 1")
    >>> table_kind(g, Edition.V2021)
    'review_litigation'
    """
    texts = {normalize(c.text) for row in grid.rows for c in row}
    scores = {k: len(texts & _own_names(edition, k)) for k in TABLE_KEYS}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None


@cache
def _header_texts(edition: Edition, key: str) -> frozenset[str]:
    """Printed texts of a table's header that name no row or column (notes, titles, column groups)."""
    spec = edition.spec.table(key)
    section = next(s for s in edition.spec.sections if s.key == key)
    texts = [spec.title, section.heading, section.title, *section.variants]
    texts += [t for t in (spec.header_note, spec.column_group_label) if t]
    texts += [c.group for c in spec.columns if c.group]
    return frozenset(normalize(t) for t in texts)


def _descend(root: NameNode, texts: list[str]) -> tuple[NameNode, str | None]:
    """The node the labels lead to from ``root``, and the first label that leads nowhere."""
    node = root
    for t in texts:
        if _blank(t):
            continue
        child = node.find(t)
        if child is None and node is not root:
            child = root.find(t)
        if child is None:
            return node, t
        node = child
    return node, None


def _distinct(cells: list[GridCell]) -> list[GridCell]:
    out: list[GridCell] = []
    for c in cells:
        if not any(c is o for o in out):
            out.append(c)
    return out


def place(grid: Grid, edition: Edition, key: str) -> tuple[list[Placed], list[Unplaced]]:
    """Every value of the grid at its statutory cell, and what could not be placed.

    Table 四 is tried three ways (every header above its numbers, as the
    official format prints it; the same turned on its side; groups down the
    left with columns above) and read the way that places the most.
    """
    root = table_tree(edition, key)
    if key == "proactive_disclosure":
        return _by_blocks(grid, root, key)
    if key == "applications":
        return _by_rows(grid, edition, key)
    readings = [
        _by_columns(grid, edition, key),
        _by_columns(_transposed(grid), edition, key),
        _by_rows(grid, edition, key),
    ]
    return max(readings, key=lambda r: len(r[0]) - len(r[1]))


def _by_columns(grid: Grid, edition: Edition, key: str) -> tuple[list[Placed], list[Unplaced]]:
    """Each column named by the labels above its numbers: group, row, column (table 四)."""
    root = table_tree(edition, key)
    skip = _header_texts(edition, key)
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    width = max((len(r) for r in grid.rows), default=0)
    done: list[GridCell] = []
    for j in range(width):
        column = _distinct([r[j] for r in grid.rows if j < len(r)])
        column = [c for c in column if normalize(c.text) not in skip or _blank(c.text)]
        last_label = max((i for i, c in enumerate(column) if not is_value(c.text)), default=-1)
        labels, values = column[: last_label + 1], column[last_label + 1 :]
        values = [c for c in values if not any(c is d for d in done)]
        if not values:
            continue
        node, row_node, stray = root, None, None
        for c in labels:
            child = node.find(c.text) or (root.find(c.text) if node is not root else None)
            if child is None:
                stray = c
                break
            node = child
            if node.kind == "row":
                row_node = node
        if stray is not None or row_node is None or node.kind != "cell":
            for v in values:
                if not _blank(v.text):
                    what = stray.text if stray is not None else "".join(c.text for c in labels)
                    unplaced.append(
                        Unplaced(v.text, grid.where(v), f"表头“{what}”不对应本表的单元格")
                    )
            continue
        first, *rest = values
        done.append(first)
        placed.append(Placed(key, row_node.key, node.key, first.text, grid.where(first)))
        for v in rest:
            if not _blank(v.text):
                unplaced.append(Unplaced(v.text, grid.where(v), "同一列出现第二个数"))
    return placed, unplaced


def _transposed(grid: Grid) -> Grid:
    width = max((len(r) for r in grid.rows), default=0)
    rows = tuple(
        tuple(r[j] if j < len(r) else GridCell("", i + 1, j + 1) for i, r in enumerate(grid.rows))
        for j in range(width)
    )
    return Grid(rows, grid.name)


def _column_names(root: NameNode) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(node: NameNode) -> None:
        for child in node.children:
            if child.kind == "cell":
                for n in child.names:
                    out.setdefault(normalize(n), child.key)
            else:
                walk(child)

    walk(root)
    return out


def _by_rows(grid: Grid, edition: Edition, key: str) -> tuple[list[Placed], list[Unplaced]]:
    """Rows named by the labels at their left, columns by the labels above (tables 三 and 四)."""
    where = grid.where
    root = table_tree(edition, key)
    names = _column_names(root)
    header: set[int] = set()
    columns: dict[int, str] = {}
    for i, row in enumerate(grid.rows):
        for j, cell in enumerate(row):
            k = names.get(normalize(cell.text))
            if k is not None and not _blank(cell.text):
                columns[j] = k
                header.add(i)
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    skip = _header_texts(edition, key)
    for i, row in enumerate(grid.rows):
        if i in header or any(normalize(c.text) in skip for c in row if not _blank(c.text)):
            continue
        labels = _distinct([c for j, c in enumerate(row) if j not in columns])
        values = _distinct([c for j, c in enumerate(row) if j in columns])
        values = [c for c in values if not any(c is lab for lab in labels)]
        node, stray = _descend(root, [c.text for c in labels if not is_value(c.text)])
        if all(is_value(c.text) for c in labels) and all(_blank(c.text) for c in values):
            continue
        if stray is not None or node.kind not in ("row", "cell"):
            if any(not _blank(c.text) for c in values) or stray is not None:
                text = stray if stray is not None else node.label
                cell = next((c for c in labels if c.text == stray), labels[0] if labels else row[0])
                reason = "标签不是本表的行" if stray is not None else "这一行是分组标题"
                unplaced.append(Unplaced(text, where(cell), reason))
            continue
        row_node = node
        for cell in values:
            col = columns[_index(row, cell)]
            target = row_node.find(col) if row_node.kind == "row" else None
            if row_node.kind == "cell":
                # table 四 read down the side: the label named the column, the header the row
                unplaced.append(Unplaced(cell.text, where(cell), "行与列的标签不对应"))
                continue
            if target is None or target.kind != "cell":
                if not _blank(cell.text):
                    unplaced.append(Unplaced(cell.text, where(cell), "本行没有这一列"))
                continue
            placed.append(Placed(key, row_node.key, target.key, cell.text, where(cell)))
    return placed, unplaced


def _index(row: tuple[GridCell, ...], cell: GridCell) -> int:
    return next(j for j, c in enumerate(row) if c is cell)


def _by_blocks(grid: Grid, root: NameNode, key: str) -> tuple[list[Placed], list[Unplaced]]:
    """Table 二: captions open blocks, each block's header names its columns."""
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    block: NameNode | None = None
    columns: dict[int, str] = {}
    for row in grid.rows:
        cells = _distinct(list(row))
        first = cells[0] if cells else None
        if first is None:
            continue
        found = root.find(first.text)
        if found is not None and found.kind == "block":
            block, columns = found, {}
            continue
        if block is None:
            if any(not _blank(c.text) for c in cells):
                unplaced.append(
                    Unplaced(first.text, grid.where(first), "表格开头没有“第二十条第（…）项”")
                )
            continue
        names = {normalize(n): c.key for r in block.children for c in r.children for n in c.names}
        header = {
            j: names[normalize(c.text)] for j, c in enumerate(row) if normalize(c.text) in names
        }
        if header:
            columns = header
            continue
        row_node = block.find(first.text)
        if row_node is None or row_node.kind != "row":
            if not _blank(first.text):
                unplaced.append(Unplaced(first.text, grid.where(first), "标签不是本项的行"))
            continue
        seen: set[str] = set()
        for cell in cells[1:]:
            col = columns.get(_index(row, cell))
            if col is None:
                continue
            if col in seen:
                if not _blank(cell.text):
                    unplaced.append(Unplaced(cell.text, grid.where(cell), "同一列出现第二个数"))
                continue
            seen.add(col)
            placed.append(Placed(key, row_node.key, col, cell.text, grid.where(cell)))
    return placed, unplaced
