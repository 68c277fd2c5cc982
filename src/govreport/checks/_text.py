"""Rule family *text*: the numbers the narrative states (TEXT), compared with the tables.

A number is accepted when it is the total as given or as computed from the
entered cells (a report that declares a wrong total is reported by R3/R4,
not twice).

>>> from govreport.model import Report, Section
>>> import attrs
>>> from govreport.checks._cells import cells, plan
>>> r = attrs.evolve(Report.new("某局", 2024), overview=Section(["本年新收申请21件。"]))
>>> p = plan(r.edition)
>>> [f.message for f in text(r, p, cells(r, p, "error")[1])]
['表三 一、本年新收政府信息公开申请数量 × 总计：正文称“新收申请21件”，表中为 0']
"""

from __future__ import annotations

import operator

from govreport.checks._cells import Counts
from govreport.checks._findings import Finding, finding
from govreport.checks._plan import Plan
from govreport.model import Report, Section
from govreport.spec import Edition, table_name
from govreport.zh._text_numbers import Stated, stated

__all__ = ["text"]

_APPLICATION_KINDS = ("new_received", "carried_over", "results_total", "carried_forward")


def _litigation_label(r: Report) -> str:
    """表四 行政诉讼（未经复议直接起诉与复议后起诉）× 总计: the two litigation groups as one."""
    spec = r.edition.spec.table("review_litigation")
    group = spec.row("litigation")
    parts = "与".join(c.label for c in spec.children(group.key))
    total = spec.columns[-1].label
    return f"{table_name(spec)} {group.label}（{parts}）× {total}"


def _first(r: Report, counts: Counts, kind: str) -> int | None:
    """The value a correct statement of ``kind`` usually has (``None``: not compared)."""
    if kind in _APPLICATION_KINDS:
        return int(counts.given["applications"][kind][-1])
    cases = counts.given["review_litigation"]
    if kind == "review":
        return int(cases["review"][-1])
    if kind == "litigation":
        return int(cases["litigation_direct"][-1] + cases["litigation_after_review"][-1])
    value = _ISSUED_GET[r.edition, kind](r.proactive_disclosure.table)
    return value if type(value) is int else None


def _issued_at(edition: Edition, kind: str) -> tuple[str, str]:
    row = "regulations" if kind == "regulations_issued" else "normative_documents"
    return row, "issued_this_year" if edition is Edition.V2021 else "newly_made_this_year"


#: The cell of table 二 an issued kind is compared with, read straight from the table.
_ISSUED_GET = {
    (e, kind): operator.attrgetter(".".join(_issued_at(e, kind)))
    for e in Edition
    for kind in ("regulations_issued", "normative_documents_issued")
}


def _target(r: Report, counts: Counts, kind: str) -> tuple[str, str, str, set[int]]:
    """Where a statement of ``kind`` that differs from :func:`_first` is compared, and every
    value it may have: the total as given and as computed from the entered cells."""
    first = _first(r, counts, kind)
    assert first is not None
    if kind in _APPLICATION_KINDS:
        accepted = {first}
        if kind != "results_total":
            accepted.add(counts.computed["applications"][kind][-1])
        return "applications", kind, "total", accepted
    t = r.review_litigation.table
    if kind == "review":
        return "review_litigation", "review", "total", {first, t.review.total}
    if kind == "litigation":
        computed = t.litigation_direct.total + t.litigation_after_review.total
        return "review_litigation", "litigation_direct", "total", {first, computed}
    row, column = _issued_at(r.edition, kind)
    return "proactive_disclosure", row, column, {first}


_NARRATIVE_SECTIONS = operator.attrgetter(*Report.SECTION_KEYS[:4])
#: What the narrative read last states, with its sections and year: a report checked again
#: (while it is edited, or by the benchmark) is not read again. Its sections are kept with
#: it and compared by identity; sections are frozen, and so are their paragraphs. One entry
#: only: a batch of different reports finds none to reuse, and pays nothing for keeping more.
_LAST: list[tuple[tuple[Section, ...], int, tuple[Stated, ...]]] = []


def _statements(r: Report) -> tuple[Stated, ...]:
    """What the narrative of ``r`` states (:func:`~govreport.zh._text_numbers.stated`).

    >>> import attrs
    >>> _statements(attrs.evolve(Report.new("某局", 2024), overview=Section(["办结3件。"])))
    (('results_total', 3, '办结3件'),)
    """
    sections: tuple[Section, ...] = _NARRATIVE_SECTIONS(r)
    if _LAST:
        kept, year, found = _LAST[0]
        if year == r.year and all(map(operator.is_, kept, sections)):
            return found
    # every paragraph on its own line: a paragraph without text adds an empty line, which
    # states nothing (as a section without paragraphs)
    narrative = "\n".join([p.heading + p.text for s in sections for p in s.paragraphs])
    found = stated(narrative, r.year) if narrative else ()
    _LAST[:] = [(sections, r.year, found)]
    return found


def text(r: Report, p: Plan, counts: Counts) -> list[Finding]:
    """The TEXT findings: each number the narrative states that the tables contradict."""
    found = _statements(r)
    if not found:
        return []
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    firsts: dict[str, int | None] = {}
    applications = counts.given["applications"]
    for kind, value, quote in found:
        # the usual case, a statement of table 三 equal to its total, looked at without a call
        if kind in _APPLICATION_KINDS and value == applications[kind][-1]:
            continue
        if kind in firsts:  # a kind is often stated twice (in the overview and its section)
            first = firsts[kind]
        else:
            first = firsts[kind] = _first(r, counts, kind)
        if first is None or value == first:  # the usual case: the text states the table's number
            continue
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        table, row, column, accepted = _target(r, counts, kind)
        if value in accepted:
            continue
        label = _litigation_label(r) if kind == "litigation" else p.cell_label(table, row, column)
        actual = min(accepted)
        out.append(
            finding(
                "TEXT",
                None,
                table,
                row,
                column,
                actual,
                value,
                f"{label}：正文称“{quote}”，表中为 {actual}",
            )
        )
    return out
