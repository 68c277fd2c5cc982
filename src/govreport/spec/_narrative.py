"""The narrative's vocabulary: which words of a report's text name which row of its tables.

A report's narrative repeats some numbers of its tables (「行政复议7件」,
「制发规范性文件3件」). The words it uses for them are the tables' own row
labels, so they are taken from the table specs here, not restated;
:mod:`govreport.zh._text_numbers` builds its patterns from them.

>>> [(t.kind, t.words) for t in NARRATIVE_TERMS]  # doctest: +NORMALIZE_WHITESPACE
[('regulations_issued', ('规章',)), ('normative_documents_issued', ('行政规范性文件', '规范性文件')),
 ('review', ('行政复议',)), ('litigation', ('行政诉讼',))]
"""

from __future__ import annotations

import attrs

from govreport.spec._editions import Edition

__all__ = ["NARRATIVE_KINDS", "NARRATIVE_TERMS", "NarrativeTerm", "narrative_term"]

#: What a number the narrative states can be about, in the order findings report them.
NARRATIVE_KINDS = (
    "regulations_issued",
    "normative_documents_issued",
    "new_received",
    "carried_over",
    "results_total",
    "carried_forward",
    "review",
    "litigation",
)


@attrs.frozen
class NarrativeTerm:
    """The words that name one row of a table in a report's narrative.

    ``words`` are the row's labels and aliases in both editions, longest
    first; ``short`` are the forms written only after a conjunction
    (「行政复议、诉讼各1件」).

    >>> narrative_term("litigation").short, narrative_term("review").row
    (('诉讼',), 'review')
    """

    kind: str
    table: str
    row: str
    words: tuple[str, ...]
    short: tuple[str, ...] = ()

    def names(self, text: str) -> bool:
        """Whether ``text`` names this row, in full or in short.

        >>> narrative_term("litigation").names("没有发生诉讼案件")
        True
        """
        return any(w in text for w in (*self.words, *self.short))


def _labels(table: str, row: str) -> tuple[str, ...]:
    names: set[str] = set()
    for edition in Edition:
        spec = edition.spec.table(table).row(row)
        names.update((spec.label, *spec.aliases))
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _terms() -> tuple[NarrativeTerm, ...]:
    litigation = _labels("review_litigation", "litigation")
    # 「行政诉讼」 shortened to its last word, as a list after 行政复议 writes it
    short = tuple(sorted({w.removeprefix("行政") for w in litigation} - set(litigation)))
    return (
        NarrativeTerm(
            "regulations_issued",
            "proactive_disclosure",
            "regulations",
            _labels("proactive_disclosure", "regulations"),
        ),
        NarrativeTerm(
            "normative_documents_issued",
            "proactive_disclosure",
            "normative_documents",
            _labels("proactive_disclosure", "normative_documents"),
        ),
        NarrativeTerm(
            "review", "review_litigation", "review", _labels("review_litigation", "review")
        ),
        NarrativeTerm("litigation", "review_litigation", "litigation", litigation, short),
    )


#: The narrative terms that are row labels of the tables, in the order of :data:`NARRATIVE_KINDS`.
NARRATIVE_TERMS: tuple[NarrativeTerm, ...] = _terms()


def narrative_term(kind: str) -> NarrativeTerm:
    """The term of one kind of statement.

    >>> narrative_term("normative_documents_issued").words
    ('行政规范性文件', '规范性文件')
    """
    for term in NARRATIVE_TERMS:
        if term.kind == kind:
            return term
    raise KeyError(kind)
