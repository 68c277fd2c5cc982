"""Between the parsed data-file tree and the model: every key matched, every cell checked.

:func:`build` turns a :class:`~govreport.formats._parse.Document` into a
:class:`~govreport.model.Report`, raising a one-line
:class:`~govreport.errors.LoadError` (file, line, key, model path) for
anything it cannot take as written. :func:`to_plain` goes back: a nested
dict of plain values, with English keys or the printed Chinese labels.

All structuring into model classes goes through the one module-level
:data:`converter`, whose hooks accept only values of exactly the right type
(cattrs would otherwise turn ``1.9`` into ``1``).

>>> from govreport.formats._parse import parse
>>> r = build(parse("机关名称: 某局\\n年度: 2024\\n", "yaml", "r.yaml"))
>>> r.agency, r.edition, r.applications.table.granted.natural_person
('某局', <Edition.V2021: 2021>, <Mark.BLANK: ''>)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import cattrs

from govreport import zh
from govreport.errors import DateError, LoadError
from govreport.formats._labels import (
    CONTACT_NAMES,
    PARAGRAPH_NAMES,
    PERIOD_NAMES,
    TEXT_NAMES,
    TOP_NAMES,
    NameNode,
    match_name,
    nearest,
    normalize,
    row_names,
    section_names,
    table_tree,
)
from govreport.formats._parse import Document, Item, MapNode, Node, Scalar, SeqNode
from govreport.model import (
    NA,
    Amount,
    AmountCell,
    ApplicantCounts,
    Cell,
    Contact,
    Count,
    Finding,
    Mark,
    Money,
    Paragraph,
    Period,
    Report,
    Scope,
    Section,
    Table,
    TableSection,
    Unit,
    table_class,
)
from govreport.spec import TABLE_KEYS, CellKind, ColumnSpec, Edition, cell_label

__all__ = ["Note", "build", "build_noted", "converter", "to_plain"]

BLANK = Mark.BLANK


@attrs.frozen
class Note:
    """A ``FORMAT`` finding of the reading, and the line (or printed place index) it is about."""

    finding: Finding
    line: int | None


# --------------------------------------------------------------------------- the converter

#: The one converter used to build model objects; its hooks never coerce.
converter = cattrs.Converter(forbid_extra_keys=True)


def _strict_count(value: Any, _: Any) -> Count:
    if isinstance(value, Mark) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"应为整数，实为 {value!r}")


def _strict_optional_count(value: Any, _: Any) -> Count | None:
    return None if value is None else _strict_count(value, _)


def _strict_money(value: Any, _: Any) -> Money:
    if isinstance(value, Decimal | Mark):
        return value
    raise TypeError(f"应为 Decimal 金额，实为 {value!r}")


def _strict_amount(value: Any, _: Any) -> AmountCell:
    if isinstance(value, Amount | Mark):
        return value
    raise TypeError(f"应为带单位的金额，实为 {value!r}")


def _strict_date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise TypeError(f"应为日期，实为 {value!r}")


def _strict_edition(value: Any, _: Any) -> Edition:
    if isinstance(value, int) and not isinstance(value, bool):
        return Edition(value)
    raise TypeError(f"应为 2019 或 2021，实为 {value!r}")


def _strict_scope(value: Any, _: Any) -> Scope:
    if isinstance(value, Scope):
        return value
    return Scope(value)


def _strict_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"应为文字，实为 {value!r}")


converter.register_structure_hook_func(lambda t: t == Count, _strict_count)
converter.register_structure_hook_func(lambda t: t == (Count | None), _strict_optional_count)
converter.register_structure_hook_func(lambda t: t == Money, _strict_money)
converter.register_structure_hook_func(lambda t: t == AmountCell, _strict_amount)
converter.register_structure_hook(dt.date, _strict_date)
converter.register_structure_hook(Edition, _strict_edition)
converter.register_structure_hook(Scope, _strict_scope)
converter.register_structure_hook(str, _strict_str)

# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        #: FORMAT findings: what was read although the official format prints it otherwise.
        self.notes: list[Note] = []
        #: The edition the tables are read in, once known.
        self.edition: Edition | None = None
        #: The line (or printed place index) of each cell read, by (table, row, column); of
        #: each row by (table, row), and of each field and section by its key alone.
        self.cell_lines: dict[tuple[str, ...], int | None] = {}
        #: The line of each text field read, by its model path (``$.overview.paragraphs[0].text``).
        self.field_lines: dict[str, int | None] = {}

    def note(
        self,
        message: str,
        at: Item | Node,
        actual: Any = None,
        cell: tuple[str, str, str | None] | None = None,
    ) -> None:
        table, row, column = cell if cell is not None else (None, None, None)
        f = Finding("FORMAT", "warning", table, row, column, None, actual, message)
        self.notes.append(Note(f, self.line(at)))

    def line(self, node: Item | Node) -> int | None:
        if isinstance(node, Item):
            return self.doc.line(node.loc, node.occurrence)
        return self.doc.line(node.loc)

    def error(
        self,
        message: str,
        at: Item | Node | None,
        key: str | None = None,
        where: str | None = None,
        suggestion: str | None = None,
    ) -> LoadError:
        if key is None and isinstance(at, Item):
            key = at.key
        if key is not None:
            key = _one_line(key, 80)
        line = self.line(at) if at is not None else None
        return LoadError(
            message,
            path=self.doc.source,
            line=line if line is not None else (1 if at is not None else None),
            key=key,
            where=where,
            suggestion=suggestion,
        )

    def unknown(self, item: Item, options: list[str], where: str, hint: str = "") -> LoadError:
        best = nearest(item.key, options)
        msg = "未知的标签"
        if best is not None:
            msg += f"；您是否想写“{best}”？"
        return self.error(msg + hint, item, where=where, suggestion=best)

    def mapping(self, node: Node, item: Item | None, where: str) -> MapNode:
        if isinstance(node, MapNode):
            self.no_repeats(node)
            return node
        if isinstance(node, Scalar) and node.value is None:
            return MapNode([], node.loc)
        raise self.error(
            f"应为键值映射（mapping），实为 {_describe(node)}", item or node, where=where
        )

    def no_repeats(self, node: MapNode) -> None:
        first: dict[str, Item] = {}
        for it in node.items:
            if it.key in first:
                raise self.error(f"重复的键（第 {self.line(first[it.key])} 行已有同一个键）", it)
            first[it.key] = it

    def match(
        self, node: MapNode, names: dict[str, tuple[str, ...]], where: str
    ) -> dict[str, Item]:
        out: dict[str, Item] = {}
        for it in node.items:
            k = match_name(names, it.key)
            if k is None:
                options = [n for ns in names.values() for n in ns]
                raise self.unknown(it, options, where)
            self.claim(out, k, it, f"{where}.{k}")
        return out

    def claim(self, out: dict[Any, Item], k: Any, it: Item, where: str) -> None:
        if k in out:
            prev = out[k]
            raise self.error(f"与第 {self.line(prev)} 行的“{prev.key}”指向同一项", it, where=where)
        out[k] = it

    def text(self, item: Item, where: str) -> str:
        self.field_lines[where.replace(".text.paragraphs[", ".paragraphs[")] = self.line(item)
        node = item.value
        if isinstance(node, Scalar):
            v = node.value
            if isinstance(v, str):
                return v
            if v is None:
                return ""
            if isinstance(v, int | Decimal) and not isinstance(v, bool):
                if node.raw is not None:
                    return node.raw  # the number as written: 010 stays "010", 1e3 stays "1e3"
                # a TOML integer's spelling is not kept (0x1F, 1_000): not taken as text silently
                raise self.error(f"应为文字，实为数 {v}；文字请加引号", item, where=where)
        raise self.error(f"应为文字，实为 {_describe(node)}", item, where=where)


def _describe(node: Node) -> str:
    if isinstance(node, MapNode):
        return "键值映射"
    if isinstance(node, SeqNode):
        return "列表"
    v = node.value
    if v is None:
        return "空值"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f"“{_one_line(v)}”"
    return _one_line(str(node.raw if node.raw is not None else v))


def _one_line(text: str, limit: int = 40) -> str:
    """Text fit for a one-line message: line breaks shown as \\n, long text shortened."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[:limit] + "……"


def build(doc: Document, edition: Edition | int | None = None) -> Report:
    """The report a parsed data file describes.

    >>> from govreport.formats._parse import parse
    >>> build(parse('{"agency": "某局", "year": 2020}', "json", "r.json")).edition
    <Edition.V2019: 2019>
    """
    return build_noted(doc, edition)[0]


def build_noted(
    doc: Document, edition: Edition | int | None = None
) -> tuple[Report, list[Note], dict[tuple[str, ...], int | None]]:
    """The report, a ``FORMAT`` note for each unusual spelling read, and the line of each cell.

    The lines are by key path: a cell's ``(table, row, column)``, a row's
    ``(table, row)``, a field's or section's ``(key,)``, and a text field's
    model path (``("$.agency",)``, ``("$.overview.paragraphs[0].text",)``).

    >>> from govreport.formats._parse import parse
    >>> r, notes, lines = build_noted(parse("机关名称: 某局\\n年度: 2024\\n"
    ...     "review_litigation: {review: {maintained: '-'}}\\n", "yaml", "r.yaml"))
    >>> r.review_litigation.table.review.maintained, notes[0].line, notes[0].finding.message
    (0, 3, '表四 行政复议 × 结果维持：“-”读作 0')
    """
    rd = _Reader(doc)
    report = _build(rd, doc, edition)
    lines: dict[tuple[str, ...], int | None] = {}
    for cell, line in rd.cell_lines.items():
        lines[cell] = line
    for field, line in rd.field_lines.items():
        lines[(field,)] = line
    return report, rd.notes, lines


def _build(rd: _Reader, doc: Document, edition: Edition | int | None) -> Report:
    root = doc.root
    if not isinstance(root, MapNode):
        raise rd.error(
            f"文件内容应为键值映射（机关名称、年度……），实为 {_describe(root)}", root, key=None
        )
    rd.no_repeats(root)
    fields: dict[str, Item] = {}
    sections: dict[str, Item] = {}
    snames = section_names(Edition.V2021)
    for it in root.items:
        k = match_name(TOP_NAMES, it.key)
        if k is not None:
            rd.claim(fields, k, it, f"$.{k}")
            continue
        s = match_name(snames, it.key) or _near_heading(rd, it, snames)
        if s is not None:
            rd.claim(sections, s, it, f"$.{s}")
            continue
        options = [n for ns in TOP_NAMES.values() for n in ns[:2]]
        options += [n for ns in snames.values() for n in ns[:2]]
        raise rd.unknown(it, options, "$")
    for required in ("agency", "year"):
        if required not in fields:
            label = TOP_NAMES[required][1]
            raise LoadError(
                f"缺少“{label}”（{required}）",
                path=doc.source,
                line=1,
                key=label,
                where=f"$.{required}",
            )
    for k, it in (*fields.items(), *sections.items()):
        rd.cell_lines[(k,)] = rd.line(it)
    agency = rd.text(fields["agency"], "$.agency")
    year = _year(rd, fields["year"])
    ed = _edition(rd, edition, fields.get("edition"), sections, year)
    rd.edition = ed
    kwargs: dict[str, Any] = {}
    if "published" in fields:
        kwargs["published"] = _date_or_none(rd, fields["published"], "$.published")
    if "scope" in fields:
        kwargs["scope"] = _scope(rd, fields["scope"])
    if "contact" in fields:
        it = fields["contact"]
        m = rd.match(rd.mapping(it.value, it, "$.contact"), CONTACT_NAMES, "$.contact")
        kwargs["contact"] = converter.structure(
            {k: rd.text(v, f"$.contact.{k}") for k, v in m.items()}, Contact
        )
    if "period" in fields:
        it = fields["period"]
        if not (isinstance(it.value, Scalar) and it.value.value is None):
            m = rd.match(rd.mapping(it.value, it, "$.period"), PERIOD_NAMES, "$.period")
            for end in ("start", "end"):
                if end not in m:
                    raise rd.error(f"缺少“{PERIOD_NAMES[end][1]}”", it, where=f"$.period.{end}")
            kwargs["period"] = converter.structure(
                {k: _date(rd, v, f"$.period.{k}") for k, v in m.items()}, Period
            )
    if "preamble" in fields:
        it = fields["preamble"]
        if not (isinstance(it.value, Scalar) and it.value.value is None):
            kwargs["preamble"] = rd.text(it, "$.preamble")
    for key in Report.SECTION_KEYS:
        it_or_none = sections.get(key)
        if key in TABLE_KEYS:
            paragraphs: tuple[Paragraph, ...] = ()
            cells: dict[tuple[str, str], tuple[Item, Cell]] = {}
            if it_or_none is not None:
                paragraphs, cells = _read_table(rd, it_or_none, ed, key)
            kwargs[key] = TableSection(paragraphs, table=_make_table(rd, key, ed, cells))
        else:
            paragraphs = () if it_or_none is None else _paragraphs(rd, it_or_none, f"$.{key}")
            kwargs[key] = Section(paragraphs)
    return Report(agency, year, ed, **kwargs)


def _near_heading(rd: _Reader, it: Item, snames: dict[str, tuple[str, ...]]) -> str | None:
    """The section a heading with a small typo means (one or two characters off), noted; else ``None``."""
    n = normalize(it.key)
    if len(n) < 6:
        return None
    best: tuple[int, str, str] | None = None
    for key, names in snames.items():
        for name in names[1:]:
            d = _distance(n, normalize(name))
            if d <= 2 and (best is None or d < best[0]):
                best = (d, key, name)
    if best is None:
        return None
    rd.note(f"节标题“{it.key}”按“{best[2]}”读入（疑为笔误）", it, it.key)
    return best[1]


def _distance(a: str, b: str) -> int:
    """The edit distance of two short strings (Levenshtein)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _year(rd: _Reader, it: Item) -> int:
    node = it.value
    v = node.value if isinstance(node, Scalar) else None
    if isinstance(v, str) and re.fullmatch(r"\d{4}", unicodedata.normalize("NFKC", v.strip())):
        v = int(unicodedata.normalize("NFKC", v.strip()))
    if isinstance(v, int) and not isinstance(v, bool) and 2008 <= v <= 2200:
        return v
    raise rd.error(f"应为四位数的年度（如 2024），实为 {_describe(node)}", it, where="$.year")


def _edition(
    rd: _Reader,
    given: Edition | int | None,
    item: Item | None,
    sections: dict[str, Item],
    year: int,
) -> Edition:
    if given is not None:
        return Edition(given)
    if item is not None:
        node = item.value
        v = node.value if isinstance(node, Scalar) else None
        if isinstance(v, str):
            digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", v))
            v = int(digits) if digits else v
        if isinstance(v, int) and not isinstance(v, bool) and v in (2019, 2021):
            return Edition(v)
        raise rd.error(
            f"格式版本应为 2019 或 2021，实为 {_describe(node)}", item, where="$.edition"
        )
    inferred = _infer_edition(rd, sections, year)
    if inferred is not None:
        return inferred
    try:
        return Edition.for_year(year)
    except ValueError as e:
        raise LoadError(str(e), path=rd.doc.source, line=1, where="$.year") from None


@cache
def _all_names(node: NameNode) -> frozenset[str]:
    out = {normalize(n) for n in node.names}
    for c in (*node.children, *node.extra):
        out |= _all_names(c)
    return frozenset(out)


def _vote(
    node: Node,
    inside_other: Item | None,
    only: dict[Edition, frozenset[str]],
    other_names: set[str],
    columns: set[str],
    votes: dict[Edition, Item],
) -> None:
    if not isinstance(node, MapNode):
        return
    for sub in node.items:
        n = normalize(sub.key)
        for ed, names in only.items():
            if n in names:
                votes.setdefault(ed, sub)
        if inside_other is not None and n in columns:
            # （六）其他处理 with the applicant columns straight under it is the 2019 row
            votes.setdefault(Edition.V2019, inside_other)
        _vote(sub.value, sub if n in other_names else None, only, other_names, columns, votes)


def _infer_edition(rd: _Reader, sections: dict[str, Item], year: int) -> Edition | None:
    votes: dict[Edition, Item] = {}
    six: Item | None = None  # （六）其他处理 as one row, the only 2019 sign of table 三
    for key in ("proactive_disclosure", "applications"):
        it = sections.get(key)
        if it is None:
            continue
        n19 = _all_names(table_tree(Edition.V2019, key))
        n21 = _all_names(table_tree(Edition.V2021, key))
        only = {Edition.V2019: n19 - n21, Edition.V2021: n21 - n19}
        spec21 = Edition.V2021.spec.table(key)
        other_names: set[str] = set()
        subrows: set[str] = set()
        if key == "applications":
            other_names = {normalize(n) for n in row_names(spec21.row("other_processing"))}
            subrows = {
                normalize(n) for c in spec21.children("other_processing") for n in row_names(c)
            }
        columns = {normalize(n) for c in APPLICANT_NAMES for n in c} - subrows
        found: dict[Edition, Item] = {}
        _vote(it.value, None, only, other_names, columns, found)
        if key == "applications" and Edition.V2019 in found:
            rest: dict[Edition, Item] = {}
            _vote(it.value, None, only, set(), columns, rest)
            if Edition.V2019 not in rest:
                six = found.pop(Edition.V2019)
        for ed, v in found.items():
            votes.setdefault(ed, v)
    if six is not None and Edition.V2021 not in votes:
        votes.setdefault(Edition.V2019, six)  # nothing says 2021: the 2019 single row
    if len(votes) == 2:
        expected = Edition.for_year(year) if year >= 2019 else None
        if expected is not None:
            other = Edition.V2019 if expected is Edition.V2021 else Edition.V2021
            odd = votes[other]
            raise rd.error(
                f"表格混用了 2019 年版和 2021 年版的格式：“{odd.key}”是 {int(other)} 年版"
                f"的行，报告年度 {year} 应使用 {int(expected)} 年版；请统一为一版，或写明“格式版本”",
                odd,
            )
        a, b = votes[Edition.V2019], votes[Edition.V2021]
        later, earlier = (a, b) if (rd.line(a) or 0) >= (rd.line(b) or 0) else (b, a)
        raise rd.error(
            f"表格混用了 2019 年版和 2021 年版的格式（第 {rd.line(earlier)} 行“{earlier.key}”"
            f"属于另一版）；请统一为一版，或写明“格式版本”",
            later,
        )
    if votes:
        return next(iter(votes))
    return None


APPLICANT_NAMES = [(c.key, c.label) for c in Edition.V2021.spec.table("applications").columns]


def _date(rd: _Reader, it: Item, where: str) -> dt.date:
    """A date as a data file writes it; whitespace anywhere in it is ignored, a timestamp refused."""
    node = it.value
    if isinstance(node, Scalar):
        v = node.value
        try:
            return zh.parse_date(
                re.sub(r"\s+", "", v) if isinstance(v, str) else v, datetimes=False
            )
        except DateError:
            pass
    raise rd.error(
        f"应为日期（如 2025-01-20 或 2025年1月20日），实为 {_describe(node)}", it, where=where
    )


def _date_or_none(rd: _Reader, it: Item, where: str) -> dt.date | None:
    if isinstance(it.value, Scalar) and it.value.value in (None, ""):
        return None
    return _date(rd, it, where)


def _scope(rd: _Reader, it: Item) -> Scope:
    node = it.value
    if isinstance(node, Scalar) and isinstance(node.value, str):
        n = normalize(node.value)
        for s in Scope:
            if n in (normalize(s.value), s.name.lower()):
                return s
    known = "、".join(f"“{s.value}”" for s in Scope)
    raise rd.error(f"报告类型应为{known}之一，实为 {_describe(node)}", it, where="$.scope")


def _paragraphs(rd: _Reader, it: Item, where: str) -> tuple[Paragraph, ...]:
    node = it.value
    if isinstance(node, Scalar):
        text = rd.text(it, f"{where}.paragraphs[0].text")
        return (Paragraph(text),) if text else ()
    if isinstance(node, MapNode):
        return (_paragraph(rd, node, it, f"{where}.paragraphs[0]"),)
    out = []
    for i, sub in enumerate(node.items):
        w = f"{where}.paragraphs[{i}]"
        if isinstance(sub, MapNode):
            out.append(_paragraph(rd, sub, it, w))
        elif isinstance(sub, Scalar) and isinstance(sub.value, str):
            rd.field_lines[f"{w}.text".replace(".text.paragraphs[", ".paragraphs[")] = rd.line(sub)
            out.append(Paragraph(sub.value))
        else:
            raise rd.error(f"段落应为文字，实为 {_describe(sub)}", sub, key=it.key, where=w)
    return tuple(out)


def _paragraph(rd: _Reader, node: MapNode, owner: Item, where: str) -> Paragraph:
    rd.no_repeats(node)
    m = rd.match(node, PARAGRAPH_NAMES, where)
    return converter.structure({k: rd.text(v, f"{where}.{k}") for k, v in m.items()}, Paragraph)


def _read_table(
    rd: _Reader, it: Item, ed: Edition, key: str
) -> tuple[tuple[Paragraph, ...], dict[tuple[str, str], tuple[Item, Cell]]]:
    where = f"$.{key}"
    node = rd.mapping(it.value, it, where)
    tree = table_tree(ed, key)
    paragraphs: tuple[Paragraph, ...] = ()
    cells: dict[tuple[str, str], tuple[Item, Cell]] = {}
    text_item: Item | None = None
    for sub in node.items:
        if normalize(sub.key) in {normalize(n) for n in TEXT_NAMES}:
            if text_item is not None:
                raise rd.error(f"与第 {rd.line(text_item)} 行的“{text_item.key}”指向同一项", sub)
            text_item = sub
            paragraphs = _paragraphs(rd, sub, f"{where}.text")
            continue
        _walk(rd, tree, sub, ed, key, cells, where)
    return paragraphs, cells


def _unknown(
    rd: _Reader, parent: NameNode, it: Item, ed: Edition, table: str, where: str, what: str
) -> LoadError:
    best = parent.suggest(it.key)
    other = Edition.V2019 if ed is Edition.V2021 else Edition.V2021
    hint = ""
    if normalize(it.key) in _all_names(table_tree(other, table)):
        hint = f"（这是 {other} 年版格式的标签，本报告按 {ed} 年版格式读取）"
    msg = what + (f"；您是否想写“{best}”？" if best else "") + hint
    return rd.error(msg, it, where=where, suggestion=best)


def _walk(
    rd: _Reader,
    parent: NameNode,
    it: Item,
    ed: Edition,
    table: str,
    cells: dict[tuple[str, str], tuple[Item, Cell]],
    where: str,
) -> None:
    target = parent.find(it.key) or _without_note(rd, parent, it)
    if target is None and _extra_row(rd, parent, it, ed, table):
        return
    if target is None or target.kind == "cell":
        raise _unknown(rd, parent, it, ed, table, where, "未知的标签")
    w = f"$.{table}.{target.key}"
    rd.cell_lines.setdefault((table, target.key), rd.line(it))
    node = rd.mapping(it.value, it, w)
    if target.kind != "row" and _single_row_group(parent, target, node):
        rd.note(
            f"表三 “{target.row.label if target.row else target.label}”按一行填写（{ed} 年版分为 {len(target.children)} 项）：整行按"
            f"申报数读入并用于核对总计，其下各项按空白（未知）处理",
            it,
            it.key,
            (table, target.key, None),
        )
        target = _six_row(parent, target)
    if target.kind != "row":
        for sub in node.items:
            _walk(rd, target, sub, ed, table, cells, w)
        return
    assert target.row is not None
    for sub in node.items:
        cell = target.find(sub.key) or _without_note(rd, target, sub)
        if cell is None or cell.kind != "cell":
            raise _unknown(rd, target, sub, ed, table, w, "未知的标签")
        assert cell.column is not None
        cw = f"{w}.{cell.key}"
        at = (target.key, cell.key)
        if at in cells:
            prev = cells[at][0]
            raise rd.error(f"与第 {rd.line(prev)} 行的“{prev.key}”指向同一单元格", sub, where=cw)
        cells[at] = (sub, _cell(rd, sub, cell.column, cw, (table, target.key, cell.key)))
        rd.cell_lines[(table, target.key, cell.key)] = rd.line(sub)


def _single_row_group(parent: NameNode, target: NameNode, node: MapNode) -> bool:
    """Whether a group of table 三 (（六）其他处理, 2021) holds cells straight under it."""
    if target.kind != "group" or not target.children or target.children[0].kind != "row":
        return False
    row = target.children[0]
    # 其他 names both a column and the sub-item 3.其他: cells when every name is a cell's
    return (
        bool(node.items)
        and all(row.find(sub.key) is not None for sub in node.items)
        and any(target.find(sub.key) is None for sub in node.items)
    )


def _six_row(parent: NameNode, group: NameNode) -> NameNode:
    """The group read as one row: its names, its first sub-item's cells."""
    return attrs.evolve(group, kind="row", children=group.children[0].children, extra=())


_NOTE = re.compile(r"^(?P<label>.+?)\s*[（(](?P<note>[^（）()]+)[）)]$")


def _without_note(rd: _Reader, parent: NameNode, it: Item) -> NameNode | None:
    """The part a label names once a 口径 note in brackets is taken off its end (noted), or ``None``."""
    m = _NOTE.match(it.key.strip())
    if m is None:
        return None
    found = parent.find(m.group("label"))
    if found is None:
        return None
    rd.note(f"标签“{it.key}”附有口径说明“（{m.group('note')}）”，按“{found.label}”读入", it, it.key)
    return found


def _extra_row(rd: _Reader, parent: NameNode, it: Item, ed: Edition, table: str) -> bool:
    """Whether ``it`` is a row a province adds to table 二: kept in a note, not counted, not refused."""
    if table != "proactive_disclosure" or parent.kind not in ("block", "table"):
        return False
    n = normalize(it.key)
    if any(n in _all_names(table_tree(e, t)) for e in Edition for t in TABLE_KEYS):
        return False
    node = it.value
    if not isinstance(node, MapNode) or not node.items:
        return False
    values = {sub.key: _describe(sub.value) for sub in node.items}
    shown = "，".join(f"{k} {v}" for k, v in values.items())
    rd.note(
        f"表二 “{it.key}”不是统一格式的行：已保留（{shown}），不计入法定统计",
        it,
        values,
    )
    return True


_INT_TEXT = re.compile(r"[+-]?\d+")
_DEC_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


_DASHES = frozenset("-—–－―")


def _cell(
    rd: _Reader, it: Item, col: ColumnSpec, where: str, at: tuple[str, str, str] | None = None
) -> Cell:
    node = it.value
    if not isinstance(node, Scalar):
        if col.kind is CellKind.AMOUNT and isinstance(node, MapNode):
            return _amount_map(rd, it, node, where)
        raise rd.error(f"单元格应为数字，实为 {_describe(node)}", it, where=where)
    v = node.value
    if v is None:
        return BLANK
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip()
        if s == "":
            return BLANK
        if s == "/" and col.allows_na:
            return NA
        if s == "/" and col.kind is CellKind.AMOUNT:
            raise rd.error("此栏不能填“/”（不适用）：请填写金额（无则填 0元）", it, where=where)
        # outside table 二 a "/" (like a dash or 无) says "none": read as 0, and said so
        if (s in _DASHES or s in ("无", "/")) and col.kind is not CellKind.AMOUNT:
            value: Cell = NA if col.allows_na and s != "无" else 0
            if col.kind is CellKind.MONEY_WAN and value == 0:
                value = Decimal(0)
            meaning = "“/”（不适用）" if value is NA else "0"
            rd.note(f"{_cell_name(rd, at)}“{v.strip()}”读作 {meaning}", it, v, at)
            return value
    signed = col.kind is CellKind.SIGNED_COUNT
    want = "整数" if signed else "不小于 0 的整数"
    if col.kind in (CellKind.COUNT, CellKind.SIGNED_COUNT):
        # the one number reader: plain decimal digits as written, never 0x1F, 1e3 or +12
        written = _written(node)
        why = ""
        if written is not None:
            try:
                return zh.parse_count(written, signed=signed)
            except ValueError as e:
                why = f"（{e}）" if "位有效数字" in str(e) else ""
        raise rd.error(f"应为{want}，实为 {_describe(node)}{why}", it, where=where)
    if col.kind is CellKind.MONEY_WAN:
        d: Decimal | None = None
        written = _written(node)
        if written is not None:
            with contextlib.suppress(ValueError):
                d = zh.parse_decimal(written.strip().removesuffix("万元"))
        if d is None or d < 0:
            raise rd.error(
                f"应为不小于 0 的金额（单位：万元），实为 {_describe(node)}", it, where=where
            )
        return d
    # CellKind.AMOUNT
    if isinstance(v, str):
        m = re.fullmatch(r"(.+?)(万元|元)", s)
        if m and _DEC_TEXT.fullmatch(m.group(1)):
            return _amount(rd, it, _decimal(rd, it, m.group(1), where), m.group(2), where, node)
        if _DEC_TEXT.fullmatch(s) is None:
            raise rd.error(
                f"应为带单位的金额（如 35765元 或 25.1万元），实为 {_describe(node)}",
                it,
                where=where,
            )
    zero = v if isinstance(v, int | Decimal) and not isinstance(v, bool) else None
    if isinstance(v, str) and _DEC_TEXT.fullmatch(s):
        zero = Decimal(s)
    if zero is not None and zero == 0:
        rd.note(f"{_cell_name(rd, at)}金额 0 未写单位，按 0元 读入", it, _describe(node), at)
        return Amount(Decimal(0), Unit.YUAN)
    raise rd.error(
        f"请写明单位：应为带单位的金额（如 35765元 或 25.1万元），实为 {_describe(node)}",
        it,
        where=where,
    )


def _cell_name(rd: _Reader, at: tuple[str, str, str] | None) -> str:
    """A cell as findings print it (``表四 行政复议 × 结果维持：``), or nothing when unknown."""
    if at is None or rd.edition is None:
        return ""
    return f"{cell_label(rd.edition, *at)}："


def _amount(rd: _Reader, it: Item, value: Decimal, unit: str, where: str, node: Node) -> Amount:
    if not value.is_finite() or value < 0:
        raise rd.error(f"金额应不小于 0，实为 {_describe(node)}", it, where=where)
    return Amount(value, Unit(unit))


def _amount_map(rd: _Reader, it: Item, node: MapNode, where: str) -> Amount:
    rd.no_repeats(node)
    m = rd.match(node, {"value": ("value", "金额", "数值"), "unit": ("unit", "单位")}, where)
    if "value" not in m or "unit" not in m:
        raise rd.error("金额应写明 value（金额）和 unit（单位）", it, where=where)
    vnode, unode = m["value"].value, m["unit"].value
    unit = unode.value if isinstance(unode, Scalar) else None
    if unit not in ("元", "万元"):
        raise rd.error(f"单位应为“元”或“万元”，实为 {_describe(unode)}", m["unit"], where=where)
    written = _written(vnode) if isinstance(vnode, Scalar) else None
    if written is None or not _DEC_TEXT.fullmatch(written.strip()):
        raise rd.error(f"金额应为数字，实为 {_describe(vnode)}", m["value"], where=where)
    d = _decimal(rd, m["value"], written, where)
    return _amount(rd, m["value"], d, str(unit), where, vnode)


def _written(node: Scalar) -> str | None:
    """A number or text scalar as written in the file (``None``: neither)."""
    v = node.value
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, int | Decimal):
        return node.raw if node.raw is not None else (str(v) if isinstance(v, int) else f"{v:f}")
    return None


def _decimal(rd: _Reader, it: Item, text: str, where: str) -> Decimal:
    """An amount's number by the one number reader (plain decimal digits, no exponent)."""
    try:
        return zh.parse_decimal(text)
    except ValueError as e:
        raise rd.error(
            f"金额应为十进制数字，实为 {_describe(it.value)}（{e}）", it, where=where
        ) from None


def _make_table(
    rd: _Reader, key: str, ed: Edition, cells: dict[tuple[str, str], tuple[Item, Cell]]
) -> Table:
    cls = table_class(key, ed)
    by_row: dict[str, dict[str, Any]] = {}
    for (row, col), (_, value) in cells.items():
        target = "declared_total" if col == "total" else col
        by_row.setdefault(row, {})[target] = value
    kwargs: dict[str, Any] = {}
    six = (
        by_row.pop("other_processing", None)
        if "declared_other_processing" in _fields(cls)
        else None
    )
    if six is not None:
        subs = cls.six_keys()  # type: ignore[attr-defined]
        given = [cells[r, c][0] for r, c in cells if r in subs]
        if given:
            group = next(it for (r, _), (it, _) in cells.items() if r == "other_processing")
            label = ed.spec.table(key).row("other_processing").label
            raise rd.error(
                f"第 {rd.line(group)} 行已将“{label}”按一行填写，其下各项不应再填写",
                given[0],
                where=f"$.{key}.other_processing",
            )
        blank = dict.fromkeys(ApplicantCounts.input_keys, BLANK)
        for r in subs:
            by_row[r] = blank
        kwargs["declared_other_processing"] = _structure(
            rd, six, ApplicantCounts, f"$.{key}.other_processing"
        )
    for row in cls.row_keys():
        row_cls = cls.row_class(row)
        kwargs[row] = _structure(rd, by_row.get(row, {}), row_cls, f"$.{key}.{row}")
    if "results_total" in by_row:
        kwargs["declared_results_total"] = _structure(
            rd, by_row["results_total"], ApplicantCounts, f"$.{key}.results_total"
        )
    return _structure(rd, kwargs, cls, f"$.{key}")  # type: ignore[no-any-return]


def _fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in attrs.fields(cls))


def _structure(rd: _Reader, data: dict[str, Any], cls: type, where: str) -> Any:
    """Build a row through the strict converter, or a table from rows already built."""
    try:
        if issubclass(cls, Table):
            return cls(**data)
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError) as e:  # pragma: no cover
        # every cell was checked with its line above; this is a defect, reported without a traceback
        raise LoadError(f"无法读取：{e}", path=rd.doc.source, where=where) from None


# --------------------------------------------------------------------------- writing


def _plain_cell(value: Cell) -> Any:
    """A cell as a data file holds it: counts and 万元 sums as numbers, the rest as printed."""
    if isinstance(value, Mark | Amount):
        return zh.cell(value)
    return value


def _plain_row(
    row: Any, labels: bool, declared: Count | None, columns: tuple[ColumnSpec, ...]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in columns:
        name = col.label if labels else col.key
        if col.derived:
            if declared is not None:
                out[name] = _plain_cell(declared)
        else:
            out[name] = _plain_cell(row.cell(col.key))
    return out


def _plain_paragraphs(section: Section, labels: bool) -> list[Any]:
    out: list[Any] = []
    for p in section.paragraphs:
        if p.heading:
            h, t = ("小标题", "正文") if labels else ("heading", "text")
            out.append({h: p.heading, t: p.text})
        else:
            out.append(p.text)
    return out


def _plain_table(table: Table, ed: Edition, labels: bool) -> dict[str, Any]:
    spec = ed.spec.table(table.key)

    def row_value(key: str) -> dict[str, Any] | None:
        rs = spec.row(key)
        if key == "results_total":
            d: ApplicantCounts | None = table.declared_results_total  # type: ignore[attr-defined]
            if d is None:
                return None
            return _plain_row(d, labels, d.declared_total, rs.columns)
        if six is not None and key == "other_processing":
            return _plain_row(six, labels, six.declared_total, spec.row("results_total").columns)
        row = table.row(key)
        return _plain_row(row, labels, getattr(row, "declared_total", None), rs.columns)

    six: ApplicantCounts | None = getattr(table, "declared_other_processing", None)
    subs: tuple[str, ...] = table.six_keys() if six is not None else ()  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    if not labels:
        for rs in spec.data_rows:
            if rs.key in subs:
                if rs.key == subs[0]:
                    out["other_processing"] = row_value("other_processing")
                continue
            v = row_value(rs.key)
            if v is not None:
                out[rs.key] = v
        return out

    def nested(parent: str | None) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for rs in spec.children(parent):
            if six is not None and rs.key == "other_processing":
                d[rs.label] = row_value(rs.key)
            elif rs.has_numbers:
                v = row_value(rs.key)
                if v is not None:
                    d[rs.label] = v
            else:
                d[rs.label] = nested(rs.key)
        return d

    if spec.blocks:
        for b in spec.blocks:
            out[b.caption] = {rs.label: row_value(rs.key) for rs in spec.rows if rs.block == b.key}
        return out
    return nested(None)


def to_plain(report: Report, labels: bool = False) -> dict[str, Any]:
    """The report as nested plain values (str, int, Decimal, lists, dicts), ready to write.

    >>> d = to_plain(Report.new("某局", 2024), labels=True)
    >>> list(d)[:3], d["三、收到和处理政府信息公开申请情况"]["一、本年新收政府信息公开申请数量"]["自然人"]
    (['机关名称', '年度', '格式版本'], 0)
    """

    def name(k: str) -> str:
        return TOP_NAMES[k][1] if labels else k

    out: dict[str, Any] = {
        name("agency"): report.agency,
        name("year"): report.year,
        name("edition"): int(report.edition),
    }
    if report.published is not None:
        out[name("published")] = report.published.isoformat()
    out[name("scope")] = report.scope.value
    out[name("contact")] = {
        (CONTACT_NAMES[k][1] if labels else k): getattr(report.contact, k) for k in CONTACT_NAMES
    }
    if report.period is not None:
        out[name("period")] = {
            (PERIOD_NAMES[k][1] if labels else k): getattr(report.period, k).isoformat()
            for k in PERIOD_NAMES
        }
    if report.preamble is not None:
        out[name("preamble")] = report.preamble
    for key in Report.SECTION_KEYS:
        section = report.section(key)
        sname = report.edition.spec.section(key).heading if labels else key
        paragraphs = _plain_paragraphs(section, labels)
        if isinstance(section, TableSection):
            body: dict[str, Any] = {("正文" if labels else "text"): paragraphs}
            body.update(_plain_table(section.table, report.edition, labels))
            out[sname] = body
        else:
            out[sname] = paragraphs
    return out
