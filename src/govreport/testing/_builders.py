"""Reports to test with: a realistic consistent report of any year, edited by key or printed label.

>>> from govreport import check
>>> r = make_report(2024, agency="某某市数据局")
>>> r.edition, r.applications.table.granted.natural_person, check(r)
(<Edition.V2021: 2021>, 20, ())
>>> bigger = make_report(2024, applications={"new_received": {"natural_person": 40}})
>>> t = bigger.applications.table
>>> t.new_received.natural_person, t.carried_forward.natural_person, check(bigger)
(40, 8, ())
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govreport.formats import load
from govreport.formats._labels import NameNode, normalize, table_tree
from govreport.model import (
    Amount,
    ApplicantCounts,
    CaseCounts,
    Contact,
    Paragraph,
    Report,
    Section,
    TableSection,
    Unit,
    table_class,
)
from govreport.spec import TABLE_KEYS, Edition

__all__ = ["example_paths", "examples", "make_report"]

#: Table 三 of the realistic report: outcome rows (the six applicant columns) and the carried rows.
_OUTCOMES: dict[str, tuple[int, ...]] = {
    "granted": (20, 4, 0, 1, 2, 1),
    "partially_granted": (3, 1, 0, 0, 0, 0),
    "denied_third_party_rights": (1, 0, 0, 0, 0, 0),
    "denied_process_information": (1, 0, 0, 0, 0, 0),
    "unable_not_held": (6, 1, 0, 0, 1, 0),
    "not_processed_repeated": (2, 0, 0, 0, 0, 0),
    "other_no_correction": (1, 0, 0, 0, 0, 0),
    "other_processing": (1, 0, 0, 0, 0, 0),
}
_CARRIED_OVER = (2, 1, 0, 0, 0, 0)
_CARRIED_FORWARD = (3, 0, 0, 0, 1, 0)
#: Table 四: 维持, 纠正, 其他, 尚未审结 of each group.
_CASES = {
    "review": (2, 1, 0, 1),
    "litigation_direct": (1, 0, 0, 1),
    "litigation_after_review": (0, 0, 1, 0),
}
#: Table 二, by edition: each row's entered cells.
_PROACTIVE: dict[Edition, dict[str, tuple[Any, ...]]] = {
    Edition.V2021: {
        "regulations": (2, 1, 18),
        "normative_documents": (12, 3, 86),
        "administrative_licensing": (1523,),
        "administrative_penalty": (287,),
        "administrative_coercion": (14,),
        "administrative_fees": (Decimal("12.5"),),
    },
    Edition.V2019: {
        "regulations": (2, 2, 18),
        "normative_documents": (12, 12, 86),
        "administrative_licensing": (45, 2, 1523),
        "other_external_management_services": (12, -1, 340),
        "administrative_penalty": (30, 0, 287),
        "administrative_coercion": (8, 0, 14),
        "administrative_fees": (3, 0),
        "government_centralized_procurement": (6, Amount(Decimal("352000"), Unit.YUAN)),
    },
}


def _proactive(edition: Edition) -> Any:
    cls: Any = table_class("proactive_disclosure", edition)
    rows = {key: cls.row_class(key)(*values) for key, values in _PROACTIVE[edition].items()}
    return cls(**rows)


def _names_of(node: NameNode) -> set[str]:
    return {normalize(n) for n in node.names}


def _find(node: NameNode, name: str, kind: str) -> NameNode:
    """The row (or cell) of ``node`` that ``name`` spells: a key, a printed label, or a nested label."""
    found = node.find(name)
    if found is not None and found.kind == kind:
        return found
    wanted = normalize(name)
    matches = []
    stack = list(node.children)
    while stack:
        child = stack.pop()
        if child.kind == kind and wanted in _names_of(child):
            matches.append(child)
        stack.extend(child.children if child.kind != "row" else ())
    if len(matches) == 1:
        return matches[0]
    what = "行" if kind == "row" else "列"
    hint = node.suggest(name)
    raise KeyError(
        f"{node.label}: 没有名为“{name}”的{what}"
        + (f"（是否指“{hint}”？）" if hint else "")
        + f" (no {'row' if kind == 'row' else 'column'} {name!r})"
    )


def _table_key(edition: Edition, name: str) -> str:
    if name in TABLE_KEYS:
        return name
    for table in edition.spec.tables:
        section = edition.spec.section(table.key)
        if normalize(name) in {
            normalize(x) for x in (table.title, f"表{table.number}", section.heading, section.title)
        }:
            return table.key
    raise KeyError(
        f"没有名为“{name}”的统计表 (no table {name!r}; tables are {', '.join(TABLE_KEYS)})"
    )


def _cells(
    edition: Edition, table: str, overrides: Mapping[str, Any]
) -> dict[tuple[str, str], Any]:
    """``{(row, column): value}`` from overrides written with keys or printed labels, at any depth."""
    tree = table_tree(edition, table)
    out: dict[tuple[str, str], Any] = {}
    for row_name, columns in overrides.items():
        row = _find(tree, row_name, "row")
        if not isinstance(columns, Mapping):
            raise TypeError(
                f"{row.label}: 应为“列: 数值”的映射 (expected a mapping of columns to values)"
            )
        for column_name, value in columns.items():
            cell = _find(row, column_name, "cell")
            out[row.key, cell.key] = value
    return out


def _set(table: Any, cells: Mapping[tuple[str, str], Any]) -> Any:
    """``table`` with each ``(row, column)`` replaced; a derived column sets the declared total."""
    by_row: dict[str, dict[str, Any]] = {}
    for (row, column), value in cells.items():
        field = "declared_total" if column == "total" else column
        by_row.setdefault(row, {})[field] = value
    changes: dict[str, Any] = {}
    for row, values in by_row.items():
        if row == "results_total":
            current = getattr(table, "declared_results_total", None) or ApplicantCounts.filled(0)
            changes["declared_results_total"] = attrs.evolve(current, **values)
        else:
            changes[row] = attrs.evolve(getattr(table, row), **values)
    return attrs.evolve(table, **changes)


def _balance_applications(table: Any, fixed: set[tuple[str, str]]) -> Any:
    """Table 三 made consistent: R1 restored column by column by rows the edits left alone
    (结转下年度继续办理, then 本年新收, then the outcome rows in printed order), then every total the
    edits did not give declared as the sum of its parts."""
    outcome_keys: tuple[str, ...] = table.outcome_keys
    changes: dict[str, dict[str, int]] = {}
    for column in ApplicantCounts.input_keys:

        def get(row: str, column: str = column) -> int:
            value = changes.get(row, {}).get(column, table.cell(row, column))
            return value if isinstance(value, int) else 0

        def put(row: str, value: int, column: str = column) -> None:
            changes.setdefault(row, {})[column] = value

        gap = (
            get("new_received")
            + get("carried_over")
            - sum(get(k) for k in outcome_keys)
            - get("carried_forward")
        )
        # each candidate: the row, and how much of the gap one unit of it closes
        for row, sign in (
            ("carried_forward", 1),
            ("new_received", -1),
            *((k, 1) for k in outcome_keys),
        ):
            if gap == 0:
                break
            if (row, column) in fixed:
                continue
            value = get(row)
            step = sign * gap if value + sign * gap >= 0 else -value
            put(row, value + step)
            gap -= sign * step
        if gap:
            raise ValueError(
                f"表三 {column}: 无法在不改动所给数值的情况下满足 一+二=（七）+四 "
                f"(cannot balance table 三 in column {column!r} without changing a given cell)"
            )
    rows = {row: attrs.evolve(getattr(table, row), **values) for row, values in changes.items()}
    return _declare(attrs.evolve(table, **rows), fixed)


def _declare(
    table: Any, fixed: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset()
) -> Any:
    """``table`` with every total declared as the sum of its parts, except the totals in ``fixed``."""
    rows: dict[str, Any] = {}
    for key in table.row_keys():
        row = getattr(table, key)
        if isinstance(row, ApplicantCounts | CaseCounts) and (key, "total") not in fixed:
            rows[key] = attrs.evolve(row, declared_total=row.total)
    table = attrs.evolve(table, **rows)
    if hasattr(table, "declared_results_total") and not any(r == "results_total" for r, _ in fixed):
        seven = table.results_total
        rows = {"declared_results_total": attrs.evolve(seven, declared_total=seven.total)}
        table = attrs.evolve(table, **rows)
    return table


def _narrative(report: Report) -> dict[str, Any]:
    """Narrative that states the tables' own numbers, as a real report does."""
    t3 = report.applications.table
    t4 = report.review_litigation.table
    review = report.edition.spec.table("review_litigation").row("review").label
    fee = (
        "本年度未收取信息处理费。"
        if report.edition is Edition.V2021
        else "本年度无需要说明的情况。"
    )
    return {
        "overview": Section(
            [
                Paragraph(
                    "本机关认真贯彻落实《条例》，主动公开工作有序开展。", heading="（一）主动公开。"
                ),
                Paragraph(
                    f"全年新收政府信息公开申请{t3.new_received.total}件，均在法定期限内答复。",
                    heading="（二）依申请公开。",
                ),
            ]
        ),
        "proactive_disclosure": attrs.evolve(
            report.proactive_disclosure, paragraphs=(Paragraph("本年度主动公开情况见下表。"),)
        ),
        "applications": attrs.evolve(
            report.applications,
            paragraphs=(Paragraph(f"结转下年度继续办理{t3.carried_forward.total}件。"),),
        ),
        "review_litigation": attrs.evolve(
            report.review_litigation,
            paragraphs=(Paragraph(f"本年度因政府信息公开被申请{review}{t4.review.total}件。"),),
        ),
        "problems_improvements": Section(["公开内容的及时性有待提高。下一步将健全工作机制。"]),
        "other_matters": Section([fee]),
    }


def make_report(
    year: int = 2024,
    agency: str = "某某局",
    *,
    balance: bool = True,
    proactive_disclosure: Mapping[str, Any] | None = None,
    applications: Mapping[str, Any] | None = None,
    review_litigation: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Report:
    """A consistent report of ``year``'s edition with realistic non-zero numbers and narrative.

    Tables are edited by row and column, each named by its English key or its printed label
    (``applications={"new_received": {"natural_person": 12}}`` or
    ``applications={"一、本年新收政府信息公开申请数量": {"自然人": 12}}``); a 总计 column sets the
    declared total. With ``balance`` (the default) the rows left alone absorb the change so that
    every rule still holds (结转下年度继续办理 first, then 本年新收, then 予以公开) and every total is
    declared as the sum of its parts; ``balance=False`` applies the edits as given, for a report that
    breaks a rule on purpose. Other keyword arguments replace report fields (``published``,
    ``contact``, ``overview`` …).

    >>> from govreport import check
    >>> [f.rule for f in check(make_report(2020, balance=False, review_litigation={"行政复议": {"总计": 0}}))]
    ['R4']
    >>> make_report(2020).edition
    <Edition.V2019: 2019>
    """
    edition = Edition.resolve(year, fields.pop("edition", None))
    t3_cls: Any = table_class("applications", edition)
    outcome_keys: tuple[str, ...] = t3_cls.outcome_keys
    outcomes = {k: _OUTCOMES.get(k, (0,) * 6) for k in outcome_keys}
    seven = [sum(r[i] for r in outcomes.values()) for i in range(6)]
    new = [seven[i] + _CARRIED_FORWARD[i] - _CARRIED_OVER[i] for i in range(6)]
    t3: Any = t3_cls(
        new_received=ApplicantCounts(*new),
        carried_over=ApplicantCounts(*_CARRIED_OVER),
        carried_forward=ApplicantCounts(*_CARRIED_FORWARD),
        **{k: ApplicantCounts(*v) for k, v in outcomes.items()},
    )
    t4_cls: Any = table_class("review_litigation", edition)
    t4: Any = t4_cls(**{k: CaseCounts(*v) for k, v in _CASES.items()})
    tables = {
        "proactive_disclosure": _proactive(edition),
        "applications": _declare(t3),
        "review_litigation": _declare(t4),
    }
    edits = {
        "proactive_disclosure": proactive_disclosure,
        "applications": applications,
        "review_litigation": review_litigation,
    }
    fixed: dict[str, set[tuple[str, str]]] = {k: set() for k in tables}
    for key, overrides in edits.items():
        if overrides:
            cells = _cells(edition, key, overrides)
            fixed[key] = set(cells)
            tables[key] = _set(tables[key], cells)
    if balance:
        tables["applications"] = _balance_applications(
            tables["applications"], fixed["applications"]
        )
        tables["review_litigation"] = _declare(
            tables["review_litigation"], fixed["review_litigation"]
        )
    report = Report(
        agency,
        year,
        edition,
        published=dt.date(year + 1, 1, 20),
        contact=Contact(
            office="办公室", address="某某路1号", postcode="100000", phone="010-12345678"
        ),
        proactive_disclosure=TableSection(table=tables["proactive_disclosure"]),
        applications=TableSection(table=tables["applications"]),
        review_litigation=TableSection(table=tables["review_litigation"]),
    )
    report = attrs.evolve(report, **_narrative(report))
    return attrs.evolve(report, **{k: _section(report, k, v) for k, v in fields.items()})


def _section(report: Report, key: str, value: Any) -> Any:
    """A field value as the report holds it: narrative given as text becomes a section."""
    if key in Report.SECTION_KEYS and isinstance(value, str | list | tuple):
        current = report.section(key)
        if isinstance(current, TableSection):
            return attrs.evolve(current, paragraphs=Section(value).paragraphs)
        return Section(value)
    return value


def example_paths() -> dict[str, Path]:
    """The bundled example data files by name: in a wheel, the package's own copies; in a checkout, ``examples/``.

    >>> sorted(example_paths())
    ['demo-city-data-bureau-2024', 'songbei-veterans-affairs-2020']
    """
    packaged = importlib.resources.files("govreport").joinpath("_examples")
    folder = Path(str(packaged))
    if not folder.is_dir():
        folder = Path(__file__).resolve().parents[3] / "examples"
    suffixes = (".yaml", ".yml", ".json", ".toml")
    return {p.stem: p for p in sorted(folder.glob("*")) if p.suffix in suffixes}


def examples() -> dict[str, Report]:
    """The bundled example reports, loaded, by name.

    >>> {name: r.edition for name, r in examples().items()}
    {'demo-city-data-bureau-2024': <Edition.V2021: 2021>, 'songbei-veterans-affairs-2020': <Edition.V2019: 2019>}
    """
    return {name: load(path) for name, path in example_paths().items()}
