"""Vocabularies read off the tables, and govreport's own markers.

What the layers above share about the format beyond the tables themselves:

* the categories a mapping of an agency's codes may name (applicant types,
  outcomes, case kinds and results, document and activity kinds), each
  derived from the rows or columns of the tables of both editions, with every
  spelling that is accepted for it (key, printed label, label without its
  numbering, alias);
* which rows exist in which edition, and the row of an edition that a row
  of the other edition is counted in (:func:`counted_row`);
* the 【待填写】 marker that opens a paragraph a person must still write
  (:data:`DRAFT_MARK`).

>>> from govreport.spec import VOCABULARIES, Edition, counted_row
>>> VOCABULARIES["case_kinds"].key_for("复议后起诉")
'litigation_after_review'
>>> counted_row("applications", "other_fee_unpaid", Edition.V2019)
'other_processing'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import attrs

from govreport.spec._editions import (
    APPLICANT_COLUMNS,
    CASE_COLUMNS,
    ColumnSpec,
    Edition,
    RowKind,
    RowSpec,
    TableSpec,
)

__all__ = [
    "DRAFT_MARK",
    "SOURCE_NOTE",
    "VOCABULARIES",
    "Vocabulary",
    "counted_row",
    "rows_only_in",
    "short_label",
    "unnumbered",
]

#: Opens every paragraph that govreport cannot supply and a person must write.
DRAFT_MARK = "【待填写】"

#: Opens a paragraph that a report computed from records carries for each record it could not use
#: as it is (``表 T；记录 R；列 C；message [rule]``): the ``SOURCE`` check is an error until the
#: records are fixed and the report computed again, or a person confirms the values and deletes it.
SOURCE_NOTE = f"{DRAFT_MARK}台账记录未按原样计入："

#: The numbering in front of a row label: 一、, （二） or 1.
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
#: A note in full-width parentheses closing a label.
_NOTE = re.compile(r"（[^（）]*）$")


def unnumbered(label: str) -> str:
    """A row label without the numbering in front of it.

    >>> unnumbered("（一）予以公开"), unnumbered("1.属于国家秘密"), unnumbered("四、结转下年度继续办理")
    ('予以公开', '属于国家秘密', '结转下年度继续办理')
    """
    return _NUMBERING.sub("", label)


def short_label(label: str) -> str:
    """A row label without its numbering and without a closing note in parentheses.

    >>> short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    '部分公开'
    """
    return _NOTE.sub("", unnumbered(label))


@attrs.frozen
class Vocabulary:
    """The categories of one kind that a mapping may name, and every accepted spelling of each.

    ``labels`` gives each key's printed label (of the newest edition that has
    it), in printed order; ``spellings`` maps every accepted spelling (the key,
    its labels in either edition, those labels without numbering, their
    aliases) to its key.

    >>> v = VOCABULARIES["document_kinds"]
    >>> v.labels
    {'regulations': '规章', 'normative_documents': '行政规范性文件'}
    >>> v.key_for("规范性文件"), v.key_for("规范"), v.key_for("regulations")
    ('normative_documents', None, 'regulations')
    """

    name: str
    labels: dict[str, str]
    spellings: dict[str, str]

    def key_for(self, text: str) -> str | None:
        """The key a spelling stands for, or ``None`` when it is none of this vocabulary's.

        >>> VOCABULARIES["outcomes"].key_for("其他处理")
        'other_processing'
        """
        return self.spellings.get(text)


def _merge(orders: list[list[str]]) -> list[str]:
    """The keys of several printed orders in one order that keeps each (the first order wins ties)."""
    rest = [list(o) for o in orders]
    out: list[str] = []
    while any(rest):
        head = next(
            (o[0] for o in rest if o and not any(o[0] in other[1:] for other in rest)), None
        )
        if head is None:
            raise ValueError(f"the printed orders disagree: {orders}")
        out.append(head)
        for o in rest:
            if o and o[0] == head:
                o.pop(0)
    return out


def _vocabulary(
    name: str, members: Callable[[Edition], Iterable[RowSpec | ColumnSpec]]
) -> Vocabulary:
    """The vocabulary of the rows (or columns) ``members`` picks in each edition.

    Keys keep the printed order of every edition; where the editions differ,
    the newest edition's rows come first.
    """
    labels: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    orders: list[list[str]] = []
    for edition in sorted(Edition, reverse=True):
        order = []
        for m in members(edition):
            order.append(m.key)
            labels.setdefault(m.key, m.label)
            aliases = m.aliases if isinstance(m, RowSpec) else ()
            spellings.setdefault(m.key, []).extend((m.label, unnumbered(m.label), *aliases))
        orders.append(order)
    keys = _merge(orders)
    out = {k: k for k in keys}
    for key in keys:
        for text in spellings[key]:
            if out.setdefault(text, key) != key:
                raise ValueError(f"{name}: {text!r} spells both {out[text]!r} and {key!r}")
    return Vocabulary(name, {k: labels[k] for k in keys}, out)


def _outcomes(edition: Edition) -> tuple[RowSpec, ...]:
    return edition.spec.table("applications").summed_by("results_total")


def _table_rows(table: str) -> Callable[[Edition], tuple[RowSpec, ...]]:
    def rows(edition: Edition) -> tuple[RowSpec, ...]:
        return tuple(r for r in edition.spec.table(table).rows if r.kind is RowKind.DATA)

    return rows


#: The block of table 二 whose rows count documents (规章, 规范性文件); the others count activities.
_DOCUMENT_BLOCK = "art20_item1"
#: The column of table 四 that follows from the dates (a case not concluded by year end).
_PENDING = "pending"


def _proactive(documents: bool) -> Callable[[Edition], tuple[RowSpec, ...]]:
    def rows(edition: Edition) -> tuple[RowSpec, ...]:
        t = edition.spec.table("proactive_disclosure")
        return tuple(r for r in t.data_rows if (r.block == _DOCUMENT_BLOCK) == documents)

    return rows


#: The vocabularies of a mapping, by name.
VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        # The six applicant columns of table 三.
        _vocabulary("applicant_types", lambda e: (c for c in APPLICANT_COLUMNS if not c.derived)),
        # The outcome rows of table 三 in either edition (those （七）总计 sums).
        _vocabulary("outcomes", _outcomes),
        # The three groups of table 四.
        _vocabulary("case_kinds", _table_rows("review_litigation")),
        # The results of a concluded case (尚未审结 follows from the dates).
        _vocabulary(
            "case_results",
            lambda e: (c for c in CASE_COLUMNS if not c.derived and c.key != _PENDING),
        ),
        # The document kinds of table 二 第二十条第（一）项.
        _vocabulary("document_kinds", _proactive(documents=True)),
        # The activities of the other blocks of table 二.
        _vocabulary("activity_kinds", _proactive(documents=False)),
    )
}


def _other_editions(edition: Edition) -> Iterable[TableSpec]:
    return (t for e in Edition if e is not edition for t in e.spec.tables)


def rows_only_in(edition: Edition) -> tuple[str, ...]:
    """The keys of the rows only ``edition`` has (in no table of the other edition), in printed order.

    >>> rows_only_in(Edition.V2019)
    ('other_external_management_services', 'government_centralized_procurement')
    >>> rows_only_in(Edition.V2021)
    ('other_no_correction', 'other_fee_unpaid', 'other_other')
    """
    others = list(_other_editions(edition))
    return tuple(
        r.key
        for t in edition.spec.tables
        for r in t.rows
        if not any(o.key == t.key and o.has_row(r.key) for o in others)
    )


def counted_row(table: str, key: str, edition: Edition) -> str:
    """The data row of ``edition`` that a row of either edition is counted in.

    A row the edition has is itself; a row only the other edition has is
    counted in its group when the edition prints that group as one row (a
    2021 （六） sub-row in the 2019 （六）其他处理), and a row the edition
    divides is counted in its last part, the catch-all (the 2019 （六）其他处理
    in the 2021 （六）3.其他).

    >>> counted_row("applications", "other_processing", Edition.V2021)
    'other_other'
    >>> counted_row("applications", "granted", Edition.V2019)
    'granted'
    """
    t = edition.spec.table(table)
    if t.has_row(key):
        row = t.row(key)
        if row.kind is RowKind.GROUP:
            return counted_row(table, t.children(key)[-1].key, edition)
        return key
    for other in _other_editions(edition):
        if other.key == table and other.has_row(key):
            parent = other.row(key).parent
            if parent is not None:
                return counted_row(table, parent, edition)
    raise KeyError(f"table {table!r} of the {edition} edition has no row for {key!r}")
