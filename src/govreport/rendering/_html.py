"""The web edition: one self-contained, accessible HTML page of a report.

The page is built from the same render context as the Word document
(:func:`~govreport.rendering._context.build_context`) and lays the three
tables out as the official format does, from :mod:`govreport.spec`: the
same merged cells (``rowspan``/``colspan``), a ``<caption>``, every label a
``<th>`` with a ``scope``, and every number a ``<td>`` whose ``headers``
name each row and column label over it, so that a screen reader reads a
cell as "三、本年度办理结果 （三）不予公开 1.属于国家秘密 自然人 1". The page has
``lang="zh-CN"``, the title as ``<h1>``, the six sections as ``<h2>``, its
styles inline (no request leaves the page) and a print stylesheet with
A4 pages and the GB/T 9704 margins. Each number cell carries
``data-cell="<table>.<row>.<column>"`` so that the page can be read back.

>>> from govreport.model import Report
>>> page = html_page(Report.new("某某局", 2024))
>>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN">' in page
(True, True)
>>> cell = page.index('data-cell="applications.denied_state_secret.natural_person"')
>>> page[page.rindex("<td", 0, cell):cell]  # the cell names its groups, its row and its columns
'<td headers="applications-group-results applications-group-denied applications-row-denied_state_secret applications-colgroup applications-column-natural_person" '
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import attrs

from govreport._fs import atomic_path
from govreport.model import Report
from govreport.rendering._context import build_context
from govreport.spec import RowKind, TableSpec

__all__ = ["html_page", "write_html"]


@attrs.frozen
class _Cell:
    """One cell of an HTML table."""

    text: str
    header: bool = False
    scope: str | None = None
    id: str | None = None
    headers: tuple[str, ...] = ()
    rowspan: int = 1
    colspan: int = 1
    cell: str | None = None  # "<table>.<row>.<column>" of a number cell
    label: bool = False  # a left-aligned label


def _html_cell(c: _Cell) -> str:
    tag = "th" if c.header else "td"
    attrs_: list[str] = []
    if c.id:
        attrs_.append(f'id="{c.id}"')
    if c.scope:
        attrs_.append(f'scope="{c.scope}"')
    if c.rowspan > 1:
        attrs_.append(f'rowspan="{c.rowspan}"')
    if c.colspan > 1:
        attrs_.append(f'colspan="{c.colspan}"')
    if c.headers:
        attrs_.append(f'headers="{" ".join(c.headers)}"')
    if c.cell:
        attrs_.append(f'data-cell="{c.cell}"')
    if c.label:
        attrs_.append('class="label"')
    opening = " ".join([tag, *attrs_])
    return f"<{opening}>{escape(c.text)}</{tag}>"


def _table(
    spec: TableSpec, head: Sequence[Sequence[_Cell]], body: Iterable[Sequence[_Cell]]
) -> str:
    out = [f'<table id="{spec.key}">', f"<caption>表{spec.number} {escape(spec.title)}</caption>"]
    if head:
        out.append("<thead>")
        out += ["<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in head]
        out.append("</thead>")
    out.append("<tbody>")
    out += ["<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in body]
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _value(
    ctx: Mapping[str, Any],
    spec: TableSpec,
    row: str,
    column: str,
    headers: tuple[str, ...],
    colspan: int = 1,
) -> _Cell:
    return _Cell(
        str(ctx[spec.key][row][column]),
        headers=headers,
        colspan=colspan,
        cell=f"{spec.key}.{row}.{column}",
    )


def _proactive(spec: TableSpec, ctx: Mapping[str, Any]) -> str:
    """Table 二: per block a caption row, a header row and the block's rows (as the official grid)."""
    value_cols = 3 if all(len(b.columns) in (1, 3) for b in spec.blocks) else 6
    body: list[list[_Cell]] = []
    for block in spec.blocks:
        caption_id = f"{spec.key}-{block.key}"
        label_id = f"{caption_id}-label"
        body.append(
            [
                _Cell(
                    block.caption,
                    header=True,
                    scope="colgroup",
                    id=caption_id,
                    colspan=1 + value_cols,
                )
            ]
        )
        span = value_cols // len(block.columns)
        header = [
            _Cell(block.label_header, header=True, scope="col", id=label_id, headers=(caption_id,))
        ]
        for col in block.columns:
            header.append(
                _Cell(
                    col.label,
                    header=True,
                    scope="col",
                    id=f"{caption_id}-{col.key}",
                    headers=(caption_id,),
                    colspan=span,
                )
            )
        body.append(header)
        for row in (x for x in spec.rows if x.block == block.key):
            row_id = f"{spec.key}-row-{row.key}"
            cells = [
                _Cell(
                    row.label,
                    header=True,
                    scope="row",
                    id=row_id,
                    headers=(caption_id, label_id),
                    label=True,
                )
            ]
            for col in block.columns:
                headers = (caption_id, f"{caption_id}-{col.key}", row_id)
                cells.append(_value(ctx, spec, row.key, col.key, headers, span))
            body.append(cells)
    return _table(spec, [], body)


def _applications(spec: TableSpec, ctx: Mapping[str, Any]) -> str:
    """Table 三: the note over three label columns, 申请人情况 over seven, groups spanning their rows."""
    key = spec.key
    columns = spec.columns
    top = f"{key}-colgroup"
    legal = f"{key}-colgroup-legal"
    col_ids = {c.key: f"{key}-column-{c.key}" for c in columns}
    head = [
        [
            _Cell(spec.header_note or "", rowspan=3, colspan=3),
            _Cell(spec.column_group_label or "", header=True, scope="colgroup", id=top, colspan=7),
        ],
        [
            _Cell(
                columns[0].label,
                header=True,
                scope="col",
                id=col_ids[columns[0].key],
                headers=(top,),
                rowspan=2,
            ),
            _Cell(
                columns[1].group or "",
                header=True,
                scope="colgroup",
                id=legal,
                headers=(top,),
                colspan=5,
            ),
            _Cell(
                columns[6].label,
                header=True,
                scope="col",
                id=col_ids[columns[6].key],
                headers=(top,),
                rowspan=2,
            ),
        ],
        [
            _Cell(c.label, header=True, scope="col", id=col_ids[c.key], headers=(top, legal))
            for c in columns[1:6]
        ],
    ]
    data = spec.data_rows
    groups = [r for r in spec.rows if r.kind is RowKind.GROUP]

    def members(group_key: str) -> list[str]:
        return [
            r.key
            for r in data
            if r.parent == group_key
            or (r.parent is not None and spec.row(r.parent).parent == group_key)
        ]

    spans = {g.key: members(g.key) for g in groups}
    body: list[list[_Cell]] = []
    for row in data:
        cells: list[_Cell] = []
        enclosing = [g for g in groups if row.key in spans[g.key]]
        enclosing.sort(key=lambda g: g.level)
        for g in enclosing:
            if spans[g.key][0] == row.key:
                cells.append(
                    _Cell(
                        g.label,
                        header=True,
                        scope="rowgroup",
                        id=f"{key}-group-{g.key}",
                        headers=tuple(
                            f"{key}-group-{o.key}" for o in enclosing if o.level < g.level
                        ),
                        rowspan=len(spans[g.key]),
                    )
                )
        group_ids = tuple(f"{key}-group-{g.key}" for g in enclosing)
        row_id = f"{key}-row-{row.key}"
        cells.append(
            _Cell(
                row.label,
                header=True,
                scope="row",
                id=row_id,
                headers=group_ids,
                colspan=3 - row.level,
                label=True,
            )
        )
        for c in columns:
            over = (top, legal) if c.group else (top,)
            cells.append(
                _value(ctx, spec, row.key, c.key, (*group_ids, row_id, *over, col_ids[c.key]))
            )
        body.append(cells)
    return _table(spec, head, body)


def _review(spec: TableSpec, ctx: Mapping[str, Any]) -> str:
    """Table 四: 行政复议 over five columns, 行政诉讼 over ten, then the fifteen numbers."""
    key = spec.key
    review, litigation, direct, after = (
        spec.row(k)
        for k in ("review", "litigation", "litigation_direct", "litigation_after_review")
    )
    ids = {r.key: f"{key}-{r.key}" for r in (review, litigation, direct, after)}

    def column_id(group: str, column: str) -> str:
        return f"{key}-{group}-{column}"

    head = [
        [
            _Cell(
                review.label,
                header=True,
                scope="colgroup",
                id=ids[review.key],
                colspan=len(review.columns),
            ),
            _Cell(
                litigation.label,
                header=True,
                scope="colgroup",
                id=ids[litigation.key],
                colspan=len(direct.columns) + len(after.columns),
            ),
        ],
        [
            *(
                _Cell(
                    c.label,
                    header=True,
                    scope="col",
                    id=column_id(review.key, c.key),
                    headers=(ids[review.key],),
                    rowspan=2,
                )
                for c in review.columns
            ),
            *(
                _Cell(
                    g.label,
                    header=True,
                    scope="colgroup",
                    id=ids[g.key],
                    headers=(ids[litigation.key],),
                    colspan=len(g.columns),
                )
                for g in (direct, after)
            ),
        ],
        [
            _Cell(
                c.label,
                header=True,
                scope="col",
                id=column_id(g.key, c.key),
                headers=(ids[litigation.key], ids[g.key]),
            )
            for g in (direct, after)
            for c in g.columns
        ],
    ]
    row: list[_Cell] = []
    for g in (review, direct, after):
        over = (ids[g.key],) if g is review else (ids[litigation.key], ids[g.key])
        for c in g.columns:
            row.append(_value(ctx, spec, g.key, c.key, (*over, column_id(g.key, c.key))))
    return _table(spec, head, [row])


_TABLES = {
    "proactive_disclosure": _proactive,
    "applications": _applications,
    "review_litigation": _review,
}

#: The page's styles: GB/T 9704 faces where installed, the free CJK faces otherwise; A4 when printed.
STYLESHEET = """
:root { color: #000; background: #fff; }
body { margin: 0 auto; max-width: 48em; padding: 1.5em 1em 3em;
  font: 16px/1.8 "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "cwTeX Q Fangsong",
  "Noto Serif CJK SC", "Source Han Serif SC", serif; }
h1 { font: 1.6em/1.5 "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-weight: bold; text-align: center; margin: 0 0 1em; }
h2 { font: 1em/1.8 "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  margin: 0.5em 0 0; text-indent: 2em; font-weight: normal; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.kai { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "LXGW WenKai", serif; }
.table { overflow-x: auto; margin: 0.5em 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.82em; line-height: 1.4; }
caption { font-weight: bold; padding: 0.3em; }
th, td { border: 1px solid #000; padding: 0.2em 0.3em; text-align: center; vertical-align: middle;
  font-weight: normal; }
td[data-cell] { white-space: nowrap; font-variant-numeric: tabular-nums; }
th.label { text-align: left; }
.signature { margin-top: 2em; text-indent: 0; text-align: right; padding-right: 2em; }
.signature span { display: block; }
@media (max-width: 40em) { body { font-size: 15px; } h1 { font-size: 1.3em; } table { font-size: 0.75em; } }
@media print {
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  body { max-width: none; padding: 0; font-size: 16pt; line-height: 28.95pt; }
  table { font-size: 10.5pt; line-height: 13pt; }
  thead { display: table-header-group; }
  tr, h2 { break-inside: avoid; }
  h2 { break-after: avoid; }
  .table { overflow: visible; }
}
"""


def _lines(text: str) -> str:
    """Text escaped for a page, a line break in it printed as one (``<br>``)."""
    return "<br>".join(escape(line) for line in text.split("\n"))


#: What a browser would collapse in a paragraph (a tab, two spaces, a space at either end of a
#: line), and a line break: kept, a reader of the page reads a line break within the paragraph.
_COLLAPSIBLE = re.compile(r"[\t\f\n]| {2}|^ | $")


def _p(text: str) -> str:
    """The opening tag of a paragraph holding ``text``: one that keeps its white space as written
    when a browser would collapse some of it (and a reader of the page keeps it too).

    >>> _p("甲乙"), _p("甲  乙")
    ('<p>', '<p style="white-space: pre-wrap">')
    """
    return '<p style="white-space: pre-wrap">' if _COLLAPSIBLE.search(text) else "<p>"


def _paragraph(p: Mapping[str, str]) -> str:
    # the run-in heading: （一）… in 楷体, any other (1.…) in the body face
    kai = f'<span class="kai">{escape(p["kai"])}</span>' if p["kai"] else ""
    lead = f'<span class="lead">{escape(p["lead"])}</span>' if p["lead"] else ""
    return f"{_p(p['kai'] + p['lead'] + p['text'])}{kai}{lead}{_lines(p['text'])}</p>"


def html_page(report: Report) -> str:
    """The web edition of ``report``: one HTML page that needs nothing from outside.

    >>> from govreport.model import Report
    >>> page = html_page(Report.new("某局", 2024))
    >>> page.count("<h2"), page.count("<table"), page.count("<caption>")
    (6, 3, 3)
    """
    ctx = build_context(report)
    info = ctx["report"]
    spec = report.edition.spec
    body: list[str] = [
        "<main>",
        "<h1>" + "<br>".join(escape(line) for line in info["title_lines"]) + "</h1>",
        f"{_p(info['preamble'])}{_lines(info['preamble'])}</p>",
    ]
    for section in spec.sections:
        body.append(f'<section aria-labelledby="section-{section.key}">')
        body.append(f'<h2 id="section-{section.key}">{escape(section.heading)}</h2>')
        body += [_paragraph(p) for p in ctx["sections"][section.key]]
        if section.table is not None:
            table = spec.table(section.table)
            body.append(
                f'<div class="table" role="region" aria-label="表{table.number}" tabindex="0">'
            )
            body.append(_TABLES[table.key](table, ctx))
            body.append("</div>")
        body.append("</section>")
    body.append(
        f'<p class="signature"><span>{escape(info["agency"])}</span><span>{escape(info["date"])}</span></p>'
    )
    body.append("</main>")
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="govreport">',
        f'<meta name="govreport-edition" content="{info["edition"]}">',
        f"<title>{escape(info['title'])}</title>",
        f"<style>{STYLESHEET}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def write_html(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write the web edition of ``report`` to ``path`` atomically (UTF-8) and return the path.

    >>> import tempfile, pathlib
    >>> from govreport.model import Report
    >>> out = write_html(Report.new("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.html")
    >>> out.read_text(encoding="utf-8").count("data-cell=") > 50
    True
    """
    target = Path(path)
    with atomic_path(target) as tmp:
        Path(tmp).write_text(html_page(report), encoding="utf-8")
    return target
