"""Reading a published report back: the report, and where each of its values was printed.

:func:`read` takes a Word document (one govreport rendered, or the official
template as anyone fills it in) and gives a :class:`ReadReport`: the
:class:`~govreport.model.Report`, the printed place of every value
(:attr:`ReadReport.locations`) and a ``FORMAT`` finding for whatever was
printed but names no cell (never guessed). The values go through the same
reader as a data file's (:func:`govreport.formats._convert.build`), so a
cell means the same wherever it comes from; an error names the printed
place (``表格 2 第 5 行第 4 列``).

>>> import govreport, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.docx"
>>> r = govreport.Report.new("某某局", 2024)
>>> _ = govreport.render(r, path, force=True)
>>> got = read(path)
>>> got.report.agency, got.report.year, got.report.edition
('某某局', 2024, <Edition.V2021: 2021>)
>>> str(got.locations[("applications", "granted", "natural_person")])
'表格 2 第 6 行第 4 列'
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from govreport import zh
from govreport.errors import DateError, FileError, LoadError, MissingExtraError
from govreport.formats._bounded import LIMITS
from govreport.formats._convert import Note, build_noted
from govreport.formats._docx import read_docx
from govreport.formats._grid import Block, Grid, Para, Placed, Unplaced, place, table_kind
from govreport.formats._html import read_html
from govreport.formats._labels import normalize, section_names
from govreport.formats._parse import Document, Item, MapNode, Node, Scalar, SeqNode, decode, parse
from govreport.formats._pdf import read_pdf
from govreport.formats._xlsx import read_workbook
from govreport.model import Finding, Location, Report
from govreport.spec import TABLE_KEYS, Edition

__all__ = ["DOCUMENT_SUFFIXES", "ReadReport", "read"]

#: The suffixes :func:`read` takes as published documents.
DOCUMENT_SUFFIXES = (".docx", ".html", ".htm", ".pdf")
#: The data-file formats by suffix (as :data:`govreport.formats.FORMATS`).
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

_TITLE = re.compile(r"^(?P<agency>.*?)(?P<year>[0-9０-９]{4})\s*年度?\s*政府信息公开工作年度报告")


@attrs.frozen
class ReadReport:
    """A report read from a document, with the printed place of each value.

    ``locations`` maps a value's path to its place: a cell by
    ``(table, row, column)``, a field by ``(field,)``, a paragraph of
    narrative by ``(section, index)``; a data file's text fields also by
    their model path (``("$.agency",)``), which a ``CHARS`` finding names
    as its ``record``. ``findings`` are the ``FORMAT``
    findings of the reading (what was printed but names no cell).

    >>> from govreport.model import Report
    >>> got = ReadReport(Report.new("某某局", 2024), "r.docx", {("year",): Location(where="第 2 段")})
    >>> str(got.locations[("year",)])
    '第 2 段'
    """

    report: Report
    source: str
    locations: Mapping[tuple[str | int, ...], Location] = attrs.field(factory=dict, eq=False)
    findings: tuple[Finding, ...] = ()

    def locate(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """``findings`` with the place in the file where their cell was read (``place``).

        A finding is placed at its cell; a cell that was not written at its
        row, then its table; a finding about the report as a whole at the
        field it is about (``DATE`` at the publishing date), a ``TEXT``
        finding at the paragraph that states the number; failing all, at the
        file. A finding whose very cell was read also gets that cell's place
        as text (``where``), which the other findings keep as they are: a
        finding's ``where`` never depends on lines that an edit elsewhere moves
        (:func:`govreport.review.finding_id` reads it), its ``place`` does.

        >>> from govreport.model import Report
        >>> f = Finding("R4", "error", "review_litigation", "review", "total", 1, 0, "…")
        >>> got = ReadReport(Report.new("某局", 2024), "r.docx",
        ...                  {("review_litigation", "review", "total"): Location(where="表格 3 第 4 行第 5 列")})
        >>> g = got.locate([f])[0]
        >>> g.where, g.location.document_table, g.location.document_row, g.location.file
        ('表格 3 第 4 行第 5 列', 3, 4, 'r.docx')
        """
        out: list[Finding] = []
        for f in findings:
            if f.place is not None:
                out.append(f)
                continue
            known = self._place(f)
            place = _structured(self.source, known.where if known is not None else None)
            cell = None
            if f.where is None and f.table is not None and f.row is not None:
                cell = self.locations.get((f.table, f.row, f.column or "total"))
            elif f.where is None and f.record is not None and f.record.startswith("$."):
                cell = self.locations.get((f.record,))  # a text field (CHARS), by its model path
            if cell is None:
                out.append(attrs.evolve(f, place=place))
            else:
                out.append(attrs.evolve(f, where=cell.where, place=place))
        return tuple(out)

    def _place(self, f: Finding) -> Location | None:
        """The location read for the cell, row, table, field or paragraph ``f`` is about."""
        get = self.locations.get
        if f.where is not None:
            return Location(where=f.where)
        if f.table is not None:
            keys: list[tuple[str | int, ...]] = []
            if f.row is not None:
                keys += [(f.table, f.row, f.column or "total"), (f.table, f.row)]
            keys += [(f.table, c[1], c[2]) for c in f.cells if c[0] == f.table]
            if f.rule == "TEXT":
                keys[:0] = self._paragraph(f)
            keys.append((f.table,))
            return next((loc for k in keys if (loc := get(k)) is not None), None)
        if f.record is not None and f.record.startswith("$."):
            loc = get((f.record,))  # a text field (CHARS), by its model path
            if loc is not None:
                return loc
        field = _FIELDS.get(f.rule, ())
        return next((loc for k in field if (loc := get(k)) is not None), None)

    def _paragraph(self, f: Finding) -> list[tuple[str | int, ...]]:
        """The paragraph whose text states what a TEXT finding quotes, then its section."""
        m = _QUOTE.search(f.message)
        if m is None:
            return []
        quote = m.group(1)
        for key in Report.SECTION_KEYS[:4]:
            for i, p in enumerate(self.report.section(key).paragraphs):
                if quote in _ANY_SPACE.sub("", p.text):
                    return [(key, i), (key,)]
        return []


#: Where a finding about the report as a whole is placed: the fields it is about, in order.
_FIELDS: dict[str, tuple[tuple[str | int, ...], ...]] = {
    "DATE": (("published",), ("year",)),
    "EDITION": (("edition",), ("year",)),
    "FEE": (("other_matters",),),
    "DRAFT": (("agency",),),
}
_QUOTE = re.compile(r"正文称“([^”]+)”")
_ANY_SPACE = re.compile(r"\s+")
#: The places the readers write (``第 5 行``, ``表格 2 第 6 行第 4 列``, ``第 3 段``, a PDF's
#: ``第 2 页表格 1 第 5 行第 4 列（x=310, y=402）`` or ``第 1 页（x=90, y=120）``), as data.
_WHERE = re.compile(
    r"^(?:第 (?P<page>\d+) 页)?(?:表格 (?P<table>\d+) 第 (?P<row>\d+) 行第 (?P<column>\d+) 列)?"
    r"(?:第 (?P<line>\d+) 行)?(?:第 (?P<paragraph>\d+) 段)?"
    r"(?:（x=(?P<x>-?[\d.]+), y=(?P<y>-?[\d.]+)）)?$"
)


def _structured(source: str, where: str | None) -> Location:
    """The place ``where`` names in ``source``, as data (the file alone when it names none).

    >>> loc = _structured("r.pdf", "第 2 页表格 1 第 5 行第 4 列（x=310, y=402）")
    >>> loc.page, loc.document_table, loc.document_row, loc.document_column, loc.x, loc.y
    (2, 1, 5, 4, 310.0, 402.0)
    >>> _structured("r.yaml", "第 7 行").line, _structured("r.yaml", None).file
    (7, 'r.yaml')
    """
    if where is None:
        return Location(file=source)
    m = _WHERE.match(where)
    if m is None:
        return Location(file=source, where=where)

    def num(name: str) -> int | None:
        v = m.group(name)
        return None if v is None else int(v)

    def pos(name: str) -> float | None:
        v = m.group(name)
        return None if v is None else float(v)

    return Location(
        where=where,
        file=source,
        line=num("line"),
        paragraph=num("paragraph"),
        document_table=num("table"),
        document_row=num("row"),
        document_column=num("column"),
        page=num("page"),
        x=pos("x"),
        y=pos("y"),
    )


def read(path: str | os.PathLike[str], *, edition: Edition | int | None = None) -> ReadReport:
    """Read a report with where each value came from: a published ``.docx``, or any data file.

    A data file's findings and cells are placed at their line (``第 5 行``);
    a Word document's at the table, row and column as printed. The
    ``FORMAT`` findings (:attr:`ReadReport.findings`) name every value read
    although the official format prints it otherwise.

    The edition is the one whose printed labels place the most values (the
    report year's on a tie) unless ``edition`` is given.

    A file that is not what its suffix says, or that is larger than the
    stated limits (``docs/reading.md``), raises a
    :class:`~govreport.errors.LoadError` naming it.

    >>> read("missing.docx")
    Traceback (most recent call last):
    govreport.errors.LoadError: missing.docx: 文件不存在 (no such file)
    """
    p = Path(path)
    source = str(p)
    suffix = p.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES and suffix not in FORMATS and suffix != ".xlsx":
        raise LoadError(
            f"无法识别的文件类型“{p.suffix}”：应为 .yaml、.yml、.json、.toml、.xlsx、.docx、.html 或 .pdf",
            path=source,
        )
    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoadError("文件不存在 (no such file)", path=source) from None
    except OSError as e:
        raise _unreadable(e, source) from None
    if not stat.S_ISREG(st.st_mode):
        # a pipe or a device (/dev/zero behind a link) would block or never end
        kind = "文件夹" if stat.S_ISDIR(st.st_mode) else "管道或设备"
        raise LoadError(f"这是{kind}，不是普通文件 (not a regular file)", path=source)
    size = st.st_size
    if size > LIMITS.max_file_bytes:
        raise LoadError(f"文件 {size} 字节，超过上限 {LIMITS.max_file_bytes} 字节", path=source)
    ed = None if edition is None else Edition(edition)
    if suffix in FORMATS:
        return _read_data_file(p, source, ed)
    if suffix == ".xlsx":
        try:
            return ReadReport(read_workbook(p), source)
        except MissingExtraError as e:
            raise LoadError(
                f"读取 Excel 文件需要安装 openpyxl：pip install govreport[excel]（{e}）",
                path=source,
            ) from None
    if suffix in (".html", ".htm"):
        blocks = read_html(p.read_bytes(), source)
    elif suffix == ".pdf":
        blocks = read_pdf(p, source)
    else:
        with p.open("rb") as f:
            blocks = read_docx(f, source)
    return from_blocks(blocks, source, ed)


# --------------------------------------------------------------------------- blocks → report


@attrs.define
class _Tree:
    """The data-file tree being assembled, and the printed place of each of its keys."""

    source: str
    places: list[str] = attrs.field(factory=list)
    lines: dict[tuple[tuple[str | int, ...], int], int] = attrs.field(factory=dict)

    def scalar(self, value: Any, loc: tuple[str | int, ...], where: str) -> Scalar:
        self.places.append(where)
        self.lines[(loc, 1)] = len(self.places)
        return Scalar(value, loc)

    def item(self, key: str, value: Node, loc: tuple[str | int, ...], where: str | None) -> Item:
        if where is not None:
            self.places.append(where)
            self.lines[(loc, 1)] = len(self.places)
        return Item(key, value, loc)


def _sections(blocks: list[Block]) -> tuple[list[Para], dict[str, list[Block]], dict[str, str]]:
    """The paragraphs before the first section heading, and the blocks of each section."""
    names: dict[str, str] = {}
    for ed in Edition:
        for key, options in section_names(ed).items():
            for n in options:
                names.setdefault(normalize(n), key)
    head: list[Para] = []
    sections: dict[str, list[Block]] = {}
    headings: dict[str, str] = {}
    current: str | None = None
    for b in blocks:
        if isinstance(b, Para):
            found = names.get(normalize(b.heading + b.text))
            if found is not None and found not in sections:
                current = found
                sections[found] = []
                headings[found] = b.where
                continue
        if current is None:
            if isinstance(b, Para):
                head.append(b)
            else:
                sections.setdefault("", []).append(b)
        else:
            sections[current].append(b)
    return head, sections, headings


def _title(head: list[Para], source: str) -> tuple[str, int, list[Para], Para]:
    """Agency and year from the title, which may be printed on two lines (agency, then year and name)."""
    texts = [p for p in head if p.text.strip()]
    for i, p in enumerate(texts):
        m = _TITLE.search((p.heading + p.text).strip())
        if m:
            agency = m.group("agency").strip()
            if not agency and i > 0:
                agency = texts[i - 1].text.strip()
            year = int(unicodedata.normalize("NFKC", m.group("year")))
            return agency, year, texts[i + 1 :], p
    raise LoadError(
        "找不到报告的标题（应为“××机关2024年政府信息公开工作年度报告”），无法确定机关名称和年度",
        path=source,
    )


_PREAMBLE = re.compile(
    r"本报告中所列数据的统计期限自(?P<start>.+?)起至(?P<end>.+?)止。"
    r"(?:如对本报告有任何疑问，请与(?P<office>[^（]+?)联系(?:（(?P<details>[^）]*)）)?。)?$"
)
_DETAILS = {"地址": "address", "邮编": "postcode", "电话": "phone"}


def _preamble(text: str, agency: str) -> tuple[dict[str, str], dict[str, str]] | None:
    """The period and contact a generated preamble states, or ``None`` if it is not one."""
    m = _PREAMBLE.search(text)
    if m is None or not text.startswith("本报告根据"):
        return None
    period = {"start": m.group("start"), "end": m.group("end")}
    contact: dict[str, str] = {}
    if m.group("office") is not None:
        contact["office"] = m.group("office")
    for part in (m.group("details") or "").split("；"):
        label, _, value = part.partition("：")
        if label in _DETAILS and value:
            contact[_DETAILS[label]] = value
    if contact.get("office") == agency and len(contact) > 1:
        del contact["office"]
    return period, contact


def _signature(blocks: list[Block], agency: str) -> tuple[list[Block], Para | None]:
    """The last section without its closing signature (agency, then date), and the date paragraph."""
    body = list(blocks)

    def trim() -> None:
        while body and isinstance(body[-1], Para) and not body[-1].text.strip():
            body.pop()

    trim()
    date_para: Para | None = None
    last = body[-1] if body else None
    if isinstance(last, Para):
        try:
            zh.parse_date(re.sub(r"\s+", "", last.text))
        except DateError:
            pass
        else:
            date_para = last
            body.pop()
            trim()
    last = body[-1] if body else None
    if isinstance(last, Para) and not last.heading and normalize(last.text) == normalize(agency):
        body.pop()
    return body, date_para


def _cell_text(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).replace("\u3000", " ").strip()
    s = re.sub(r"\s+", "", s)
    return re.sub(r"(?<=\d)[,，](?=\d{3})", "", s)


def _choose_edition(grids: list[Grid], year: int) -> Edition:
    """The edition whose labels place the most values (the year's edition on a tie)."""
    preferred = Edition.for_year(year)
    best, best_score = preferred, -1
    for ed in (preferred, *(e for e in Edition if e is not preferred)):
        score = 0
        for g in grids:
            kind = table_kind(g, ed)
            if kind is not None:
                placed, unplaced = _place(g, ed, kind)
                score += len(placed) - len(unplaced)
        if score > best_score:
            best, best_score = ed, score
    return best


def from_blocks(blocks: list[Block], source: str, edition: Edition | None = None) -> ReadReport:
    """The report that a document's paragraphs and tables print."""
    head, sections, headings = _sections(blocks)
    agency, year, preamble_paras, title_para = _title(head, source)
    tree = _Tree(source)
    items: list[Item] = [
        tree.item(
            "agency",
            tree.scalar(agency, ("agency",), title_para.where),
            ("agency",),
            title_para.where,
        ),
        tree.item(
            "year", tree.scalar(year, ("year",), title_para.where), ("year",), title_para.where
        ),
    ]
    locations: dict[tuple[str | int, ...], Location] = {
        ("agency",): Location(where=title_para.where),
        ("year",): Location(where=title_para.where),
    }
    preamble_text = "".join(p.heading + p.text for p in preamble_paras if p.text.strip())
    if preamble_text:
        where = preamble_paras[0].where
        stated = _preamble(preamble_text, agency)
        if stated is None:
            items.append(
                tree.item(
                    "preamble",
                    tree.scalar(preamble_text, ("preamble",), where),
                    ("preamble",),
                    where,
                )
            )
            locations[("preamble",)] = Location(where=where)
        else:
            period, contact = stated
            if (zh.parse_date(period["start"]), zh.parse_date(period["end"])) != (
                zh.parse_date(f"{year}-01-01"),
                zh.parse_date(f"{year}-12-31"),
            ):
                items.append(_mapping(tree, "period", period, where))
            if contact:
                items.append(_mapping(tree, "contact", contact, where))
            locations[("contact",)] = locations[("period",)] = Location(where=where)
    last = next((k for k in reversed(list(sections)) if k), None)
    if last is not None:
        sections[last], date_para = _signature(sections[last], agency)
        if date_para is not None:
            loc: tuple[str | int, ...] = ("published",)
            items.append(
                tree.item(
                    "published",
                    tree.scalar(re.sub(r"\s+", "", date_para.text), loc, date_para.where),
                    loc,
                    date_para.where,
                )
            )
            locations[loc] = Location(where=date_para.where)
    grids = [b for bs in sections.values() for b in bs if isinstance(b, Grid)]
    if edition is None:
        edition = _choose_edition(grids, year)
    findings: list[Finding] = []
    cells: dict[str, list[Placed]] = {}
    for g in grids:
        kind = table_kind(g, edition)
        if kind is None:
            continue
        placed, unplaced = _place(g, edition, kind)
        cells.setdefault(kind, []).extend(placed)
        findings.extend(_unplaced(u, kind, source) for u in unplaced)
    for key in Report.SECTION_KEYS:
        paras = [
            b
            for b in sections.get(key, [])
            if isinstance(b, Para) and (b.text.strip() or b.heading.strip())
        ]
        if key not in sections and key not in cells:
            continue
        heading_at = headings.get(key)
        if heading_at is not None:
            locations.setdefault((key,), Location(where=heading_at))
        sub: list[Item] = []
        seq: list[Node] = []
        for i, p in enumerate(paras):
            loc = (key, "text", i)
            locations[(key, i)] = Location(where=p.where)
            if p.heading:
                seq.append(
                    MapNode(
                        [
                            tree.item(
                                "heading",
                                tree.scalar(p.heading, (*loc, "heading"), p.where),
                                (*loc, "heading"),
                                p.where,
                            ),
                            tree.item(
                                "text",
                                tree.scalar(p.text, (*loc, "text"), p.where),
                                (*loc, "text"),
                                p.where,
                            ),
                        ],
                        loc,
                    )
                )
            else:
                seq.append(tree.scalar(p.text, loc, p.where))
        if key in TABLE_KEYS:
            if seq:
                sub.append(
                    tree.item("text", SeqNode(list(seq), (key, "text")), (key, "text"), heading_at)
                )
            rows: dict[str, list[Item]] = {}
            first: dict[str, str] = {}  # a group printed as one row is noted at its first value
            for c in cells.get(key, []):
                first.setdefault(c.row, c.where)
                at = (key, c.row, c.column)
                locations[at] = Location(key, c.row, c.column, where=c.where)
                locations.setdefault((key, c.row), Location(key, c.row, where=c.where))
                locations.setdefault((key,), Location(key, where=c.where))
                rows.setdefault(c.row, []).append(
                    tree.item(c.column, tree.scalar(_cell_text(c.text), at, c.where), at, c.where)
                )
            for row, row_items in rows.items():
                at_group = first[row] if row == "other_processing" else None
                sub.append(tree.item(row, MapNode(row_items, (key, row)), (key, row), at_group))
            items.append(tree.item(key, MapNode(sub, (key,)), (key,), heading_at))
        else:
            items.append(tree.item(key, SeqNode(list(seq), (key,)), (key,), heading_at))
    doc = Document(MapNode(items, ()), source, "yaml", "", tree.lines)

    def place_of(line: int | None) -> str | None:
        return tree.places[line - 1] if line is not None and 0 < line <= len(tree.places) else None

    try:
        report, notes, _ = build_noted(doc, edition)
    except LoadError as e:
        place_ = place_of(e.line)
        message = e.message if place_ is None else f"{place_}：{e.message}"
        raise LoadError(
            message, path=source, key=e.key, where=e.where, suggestion=e.suggestion
        ) from None
    findings += [_placed(n, place_of(n.line), source) for n in notes]
    return ReadReport(report, source, locations, tuple(findings))


def _place(g: Grid, edition: Edition, kind: str) -> tuple[list[Placed], list[Unplaced]]:
    """:func:`place`, with a 2021 （六）其他处理 printed as one row read as that group's row.

    Its values go under the group's key, where the reading keeps them as the
    group's declared value and notes it (``FORMAT``).
    """
    placed, unplaced = place(g, edition, kind)
    spec = edition.spec.table(kind)
    if kind != "applications" or not spec.has_row("other_processing"):
        return placed, unplaced
    group = spec.row("other_processing")
    subs = spec.children(group.key)
    if not subs or not any(u.text == group.label for u in unplaced):
        return placed, unplaced
    label, sub_names = normalize(group.label), {normalize(r.label) for r in subs}
    new: dict[int, Any] = {}
    rows = []
    for row in g.rows:
        texts = {normalize(c.text) for c in row}
        if label in texts and not texts & sub_names:
            for c in row:
                if normalize(c.text) == label:
                    new.setdefault(id(c), attrs.evolve(c, text=subs[0].key))
            row = tuple(new.get(id(c), c) for c in row)
        rows.append(row)
    moved = {g.where(c) for row in rows for c in row if any(c is n for n in new.values())}
    grid = attrs.evolve(g, rows=tuple(rows))
    placed, unplaced = place(grid, edition, kind)
    rows_of = {g.where(c): i for i, row in enumerate(rows) for c in row}
    six_rows = {rows_of[w] for w in moved}
    return [
        attrs.evolve(p, row=group.key)
        if p.row == subs[0].key and rows_of.get(p.where) in six_rows
        else p
        for p in placed
    ], unplaced


def _unreadable(e: OSError, source: str) -> LoadError:
    """The error for a file the system would not let us read, its reason in Chinese.

    >>> import errno
    >>> str(_unreadable(PermissionError(errno.EACCES, "Permission denied"), "r.yaml"))
    'r.yaml: 无法读取文件：没有权限 (EACCES: Permission denied)'
    """
    return LoadError(f"无法读取文件：{FileError(source, e.errno).reason}", path=source)


def _placed(note: Note, where: str | None, source: str) -> Finding:
    f = note.finding if where is None else attrs.evolve(note.finding, where=where)
    return attrs.evolve(f, place=_structured(source, where))


def _read_data_file(path: Path, source: str, edition: Edition | None) -> ReadReport:
    """A data file read with its notes, each finding and cell at its line."""
    fmt = FORMATS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _unreadable(e, source) from None
    report, notes, lines = build_noted(parse(decode(data, source), fmt, source), edition)
    locations: dict[tuple[str | int, ...], Location] = {
        key: Location(*key, where=f"第 {line} 行")
        if len(key) == 3
        else Location(where=f"第 {line} 行")
        for key, line in lines.items()
        if line
    }
    findings = tuple(
        _placed(n, None if n.line is None else f"第 {n.line} 行", source) for n in notes
    )
    return ReadReport(report, source, locations, findings)


def _mapping(tree: _Tree, key: str, values: dict[str, str], where: str) -> Item:
    return tree.item(
        key,
        MapNode(
            [
                tree.item(k, tree.scalar(v, (key, k), where), (key, k), where)
                for k, v in values.items()
            ],
            (key,),
        ),
        (key,),
        where,
    )


def _unplaced(u: Unplaced, table: str, source: str) -> Finding:
    return Finding(
        "FORMAT",
        "warning",
        table,
        None,
        None,
        None,
        u.text,
        f"“{u.text}”未读入（{u.reason}）",
        where=u.where,
        place=_structured(source, u.where),
    )
