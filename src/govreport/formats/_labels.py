"""The names a data file may use for each part of a report: English keys and printed Chinese labels.

Every name is compared after :func:`normalize`, which forgives what people
type: full-width and half-width brackets, colons and digits, spaces anywhere,
straight or curly quotes, ``1、``/``1．``/``1.`` numbering, ``、`` or ``，``.

>>> normalize("（三）不予公开") == normalize("(三) 不予公开")
True
>>> normalize("1、属于国家秘密") == normalize("1.属于国家秘密")
True
>>> tree = table_tree(Edition.V2021, "applications")
>>> tree.find("三、本年度办理结果").find("（三）不予公开").find("1.属于国家秘密").key
'denied_state_secret'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import attrs

from govreport.spec import ColumnSpec, Edition, RowKind, RowSpec, TableSpec

__all__ = [
    "CONTACT_NAMES",
    "PARAGRAPH_NAMES",
    "PERIOD_NAMES",
    "TEXT_NAMES",
    "TOP_NAMES",
    "NameNode",
    "normalize",
    "row_names",
    "section_names",
    "table_tree",
]

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_NUMBERING = re.compile(r"^(\d+)[、.．]")
_SPACE = re.compile(r"\s+")


def normalize(name: str) -> str:
    """The form in which two spellings of a label are compared.

    >>> normalize("3.危及“三安全一稳定”") == normalize('3、危及"三安全一稳定"')
    True
    >>> normalize("第二十条 第（一）项") == normalize("第二十条第（一）项")
    True
    >>> normalize("Natural_Person")
    'natural_person'
    """
    s = _SPACE.sub("", name.replace("\u3000", " "))
    s = _NUMBERING.sub(r"\1.", s)
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_QUOTES).replace("、", ",").replace("，", ",")
    return s.lower()


@attrs.frozen(cache_hash=True)
class NameNode:
    """A part of a table as a data file may name it, with the parts it may contain.

    ``kind`` is ``"group"`` (a heading that holds rows), ``"block"`` (a table
    二 caption), ``"row"`` (its children are cells) or ``"cell"``.
    """

    key: str
    names: tuple[str, ...]
    kind: str
    children: tuple[NameNode, ...] = ()
    row: RowSpec | None = None
    column: ColumnSpec | None = None
    #: Names accepted here for descendants (the flat English form), not suggested.
    extra: tuple[NameNode, ...] = ()

    @property
    def label(self) -> str:
        """The printed label (the first Chinese name), or the key.

        >>> table_tree(Edition.V2019, "review_litigation").find("review").label
        '行政复议'
        """
        return self.names[1] if len(self.names) > 1 else self.names[0]

    def find(self, name: str) -> NameNode | None:
        """The child (or flat descendant) that ``name`` spells, or ``None``.

        >>> table_tree(Edition.V2021, "review_litigation").find("行政诉讼 / 复议后起诉").key
        'litigation_after_review'
        """
        return _index(self).get(normalize(name))

    def suggest(self, name: str) -> str | None:
        """The nearest printed name among the children, for an error message.

        >>> table_tree(Edition.V2021, "applications").find("new_received").suggest("社会公益组")
        '社会公益组织'
        """
        english = name.isascii()
        candidates: dict[str, str] = {}
        for child in self.children:
            for n in child.names:
                if n.isascii() == english:
                    candidates.setdefault(normalize(n), n)
        if not candidates:
            for child in self.children:
                candidates.setdefault(normalize(child.label), child.label)
        best = difflib.get_close_matches(normalize(name), list(candidates), n=1, cutoff=0.4)
        return candidates[best[0]] if best else None


def _index(node: NameNode) -> dict[str, NameNode]:
    return _index_cached(node)


@cache
def _index_cached(node: NameNode) -> dict[str, NameNode]:
    index: dict[str, NameNode] = {}
    for child in (*node.extra, *node.children):
        for n in child.names:
            index[normalize(n)] = child
    return index


_LABEL_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])")


def row_names(row: RowSpec) -> tuple[str, ...]:
    """The names of a row: key, printed label, aliases, and the label without its number.

    >>> row_names(Edition.V2021.spec.table("applications").row("granted"))
    ('granted', '（一）予以公开', '予以公开')
    """
    names = [row.key, row.label, *row.aliases]
    bare = _LABEL_PREFIX.sub("", row.label)
    if bare != row.label:
        names.append(bare)
    return tuple(names)


def _cells(row: RowSpec) -> tuple[NameNode, ...]:
    return tuple(NameNode(c.key, (c.key, c.label), "cell", column=c) for c in row.columns)


def _row_node(spec: TableSpec, row: RowSpec) -> NameNode:
    if row.kind is RowKind.GROUP:
        children = tuple(_row_node(spec, r) for r in spec.children(row.key))
        return NameNode(row.key, row_names(row), "group", children, row=row)
    return NameNode(row.key, row_names(row), "row", _cells(row), row=row)


def _descendants(node: NameNode) -> list[NameNode]:
    out: list[NameNode] = []
    for child in node.children:
        if child.kind in ("group", "block"):
            out.extend(c for c in child.children if c.kind != "cell")
            out.extend(_descendants(child))
    return out


@cache
def table_tree(edition: Edition, key: str) -> NameNode:
    """The names of a table's groups, rows and cells in an edition, as a tree.

    Rows can be reached through their groups (as printed) or directly by
    their English key (the flat form).

    >>> t = table_tree(Edition.V2019, "proactive_disclosure")
    >>> t.find("采购项目数量") is None, t.find("政府集中采购").find("采购总金额").key
    (True, 'procurement_total_amount')
    """
    spec = edition.spec.table(key)
    if spec.blocks:
        children: list[NameNode] = []
        for b in spec.blocks:
            rows = tuple(_row_node(spec, r) for r in spec.rows if r.block == b.key)
            children.append(NameNode(b.key, (b.key, b.caption), "block", rows))
        tops = tuple(children)
    else:
        tops = tuple(_row_node(spec, r) for r in spec.children(None))
    root = NameNode(key, (key, spec.title), "table", tops)
    flat = _descendants(root)
    extra: list[NameNode] = []
    for node in flat:
        extra.append(attrs.evolve(node, names=(node.key,)))
        parent = next((t for t in tops if node in t.children), None)
        if parent is not None and parent.kind == "group":
            # 表四 as the published transcriptions write it: 行政诉讼/未经复议直接起诉
            extra.append(
                attrs.evolve(
                    node, names=tuple(f"{p}/{n}" for p in parent.names[1:2] for n in node.names[1:])
                )
            )
    if spec.blocks:
        extra.extend(flat)
    return attrs.evolve(root, extra=tuple(extra))


def section_names(edition: Edition) -> dict[str, tuple[str, ...]]:
    """Every accepted name of each of the six sections.

    >>> "四、政府信息公开行政复议、行政诉讼情况" in section_names(Edition.V2021)["review_litigation"]
    True
    """
    out: dict[str, tuple[str, ...]] = {}
    for s in edition.spec.sections:
        names = [s.key, s.heading, s.title]
        for v in s.variants:
            names += [v, f"{s.number}、{v}"]
        out[s.key] = tuple(names)
    return out


#: The top-level fields and their accepted names (English key first, then the printed label).
TOP_NAMES: dict[str, tuple[str, ...]] = {
    "agency": ("agency", "机关名称", "单位名称", "机关"),
    "year": ("year", "年度", "报告年度"),
    "edition": ("edition", "格式版本", "版本"),
    "published": ("published", "成文日期", "发布日期"),
    "scope": ("scope", "报告类型"),
    "contact": ("contact", "联系方式"),
    "period": ("period", "统计期限"),
    "preamble": ("preamble", "导语"),
}

#: The fields of the contact block.
CONTACT_NAMES: dict[str, tuple[str, ...]] = {
    "office": ("office", "承办机构", "联系机构"),
    "address": ("address", "地址", "通信地址"),
    "postcode": ("postcode", "邮编", "邮政编码"),
    "phone": ("phone", "联系电话", "电话"),
}

#: The two ends of the statistical period.
PERIOD_NAMES: dict[str, tuple[str, ...]] = {
    "start": ("start", "起", "开始"),
    "end": ("end", "止", "结束"),
}

#: The narrative inside a table section.
TEXT_NAMES: tuple[str, ...] = ("text", "正文")

#: The two parts of a paragraph.
PARAGRAPH_NAMES: dict[str, tuple[str, ...]] = {
    "heading": ("heading", "小标题"),
    "text": ("text", "正文"),
}


def match_name(names: dict[str, tuple[str, ...]], name: str) -> str | None:
    """The field whose names include ``name`` (after :func:`normalize`).

    >>> match_name(CONTACT_NAMES, "邮 编")
    'postcode'
    """
    n = normalize(name)
    for key, options in names.items():
        if any(normalize(o) == n for o in options):
            return key
    return None


def nearest(name: str, options: list[str]) -> str | None:
    """The option closest to ``name``, compared after :func:`normalize`.

    >>> nearest("年 份", ["年度", "导语"])
    '年度'
    """
    english = name.isascii()
    pool = [o for o in options if o.isascii() == english] or options
    by_norm = {normalize(o): o for o in pool}
    best = difflib.get_close_matches(normalize(name), list(by_norm), n=1, cutoff=0.5)
    return by_norm[best[0]] if best else None
