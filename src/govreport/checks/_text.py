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
from collections.abc import Callable

from govreport.checks._cells import Counts
from govreport.checks._findings import Finding, finding
from govreport.checks._plan import Plan
from govreport.model import Report, Section
from govreport.spec import Edition, table_name
from govreport.zh._text_numbers import stated

__all__ = ["text"]

_APPLICATION_KINDS = ("new_received", "carried_over", "results_total", "carried_forward")


def _litigation_label(r: Report) -> str:
    """表四 行政诉讼（未经复议直接起诉与复议后起诉）× 总计: the two litigation groups as one."""
    spec = r.edition.spec.table("review_litigation")
    group = spec.row("litigation")
    parts = "与".join(c.label for c in spec.children(group.key))
    total = spec.columns[-1].label
    return f"{table_name(spec)} {group.label}（{parts}）× {total}"


def _no_more() -> set[int]:
    return set()


def _target(
    r: Report, counts: Counts, kind: str
) -> tuple[str, str, str, int, Callable[[], set[int]]] | None:
    """Where a kind of statement is compared, the value a correct statement usually has, and
    the other accepted values (computed only when the statement differs from the first)."""
    if kind in _APPLICATION_KINDS:
        first = counts.given["applications"][kind][-1]
        if kind == "results_total":
            return "applications", kind, "total", first, _no_more
        computed = counts.computed["applications"][kind][-1]
        return "applications", kind, "total", first, lambda: {computed}
    cases = counts.given["review_litigation"]
    t = r.review_litigation.table
    if kind == "review":
        return "review_litigation", "review", "total", cases["review"][-1], lambda: {t.review.total}
    if kind == "litigation":
        first = cases["litigation_direct"][-1] + cases["litigation_after_review"][-1]
        return (
            "review_litigation",
            "litigation_direct",
            "total",
            first,
            lambda: {t.litigation_direct.total + t.litigation_after_review.total},
        )
    row = "regulations" if kind == "regulations_issued" else "normative_documents"
    column = "issued_this_year" if r.edition is Edition.V2021 else "newly_made_this_year"
    value = getattr(r.proactive_disclosure.table.row(row), column)
    if type(value) is not int:
        return None
    return "proactive_disclosure", row, column, value, _no_more


_NARRATIVE_SECTIONS = operator.attrgetter(*Report.SECTION_KEYS[:4])
#: The narratives joined last, by the identity of their sections: a report checked again (while
#: it is edited, or by the benchmark) is not joined again. The sections are kept with the text,
#: so an identity is never reused while its entry exists; sections are frozen, and so are their
#: paragraphs.
_JOINED: dict[tuple[int, ...], tuple[tuple[Section, ...], str]] = {}
_JOINED_MAX = 64


def _narrative(r: Report) -> str:
    """The sections whose numbers the TEXT rule reads, as one text.

    >>> import attrs
    >>> _narrative(attrs.evolve(Report.new("某局", 2024), overview=Section(["甲。", "乙。"])))
    '甲。\\n乙。'
    """
    sections: tuple[Section, ...] = _NARRATIVE_SECTIONS(r)
    key = tuple(map(id, sections))
    hit = _JOINED.get(key)
    if hit is not None and hit[0] == sections:
        return hit[1]
    narrative = "\n".join(x for x in (s.text for s in sections) if x)
    if len(_JOINED) >= _JOINED_MAX:
        _JOINED.clear()
    _JOINED[key] = (sections, narrative)
    return narrative


def text(r: Report, p: Plan, counts: Counts) -> list[Finding]:
    """The TEXT findings: each number the narrative states that the tables contradict."""
    narrative = _narrative(r)
    if not narrative:
        return []
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    targets: dict[str, tuple[str, str, str, int, Callable[[], set[int]]] | None] = {}
    for kind, value, quote in stated(narrative, r.year):
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        if kind in targets:  # a kind is often stated twice (in the overview and its section)
            target = targets[kind]
        else:
            target = targets[kind] = _target(r, counts, kind)
        if target is None:
            continue
        table, row, column, first, more = target
        if value == first:
            continue
        accepted = {first, *more()}
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
