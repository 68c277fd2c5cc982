"""What the checks need of an edition, computed once: keys, labels, the order of findings, R1–R4.

>>> from govreport.spec import Edition
>>> p = plan(Edition.V2021)
>>> p.outcome_rows[:2], p.cell_label("applications", "granted", "total")
(('granted', 'partially_granted'), '表三 （一）予以公开 × 总计')
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from functools import cache
from operator import attrgetter
from typing import Any

import attrs

from govreport.model import Finding, table_class
from govreport.spec import (
    RULES,
    CellKind,
    Edition,
    RowKind,
    SumRule,
    cell_label,
    row_label,
    sum_rules,
    table_name,
)

__all__ = ["CleanRows", "CompiledSum", "Plan", "plan"]

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

#: ``(row, column index)``: a cell of a table 三 or 四 row tuple.
Index = tuple[str, int]


def _tuple_getter(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """``attrgetter(*names)``, but a tuple for one name (or none) too."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _run(cells: tuple[Index, ...]) -> tuple[str, slice] | None:
    """``cells`` as one row and a slice of its columns, when they are a run of one row's columns.

    >>> _run((("a", 0), ("a", 1), ("a", 2)))
    ('a', slice(0, 3, None))
    >>> _run((("a", 0), ("b", 1))) is None
    True
    """
    rows = {r for r, _ in cells}
    columns = [i for _, i in cells]
    if len(rows) != 1 or columns != list(range(columns[0], columns[0] + len(columns))):
        return None
    return rows.pop(), slice(columns[0], columns[0] + len(columns))


class CompiledSum:
    """A :class:`~govreport.spec.SumRule` with its cells as indexes into the row tuples."""

    __slots__ = ("computed", "decl", "left", "precomputed", "right", "total")

    def __init__(
        self, decl: SumRule, columns: dict[str, int], inputs: frozenset[tuple[str, str]]
    ) -> None:
        self.decl = decl
        self.left: tuple[Index, ...] = tuple((r, columns[c]) for r, c in decl.left)
        self.right: tuple[Index, ...] = tuple((r, columns[c]) for r, c in decl.right)
        #: The one total cell of R2–R4 (``None`` for R1).
        self.total: Index | None = self.left[0] if decl.row is not None else None
        self.computed = decl.basis == "computed"
        #: Whether the right side is valued as computed from the entered cells: then its sum is
        #: the computed value of the total cell itself, which the cells family has worked out
        #: from the same declaration (R2's rows, a row's entered columns).
        self.precomputed = self.total is not None and (
            self.computed or all(c in inputs for c in decl.right)
        )


#: What :attr:`Plan.read_clean` returns for clean tables 三 and 四: their rows by key, each a
#: tuple of its entered cells and its total (table 三 with its （七）总计 computed).
CleanRows = tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]


def _clean_reader(p: Plan) -> Callable[[Any, Any], CleanRows | None]:
    """A function of tables 三 and 四 that reads them as the usual report has them, else ``None``.

    The usual report: every cell a whole number >= 0, every row's total declared as the sum
    of its cells (an ``int``), （七）总计 declared as computed from the rows under it or not
    at all, and （六） not printed as one row. The function is written out for the edition,
    one statement per row, as attrs writes its methods: each cell is read and compared where
    it stands, with none of the calls a loop over the rows would make. A mark or a missing
    total fails a comparison with a ``TypeError``, which is a ``None`` too.

    >>> import attrs
    >>> from govreport.spec import Edition
    >>> from govreport.model import Applications2021, ReviewLitigation
    >>> def declared(table):  # every row's total declared as its sum
    ...     return attrs.evolve(table, **{f.name: attrs.evolve(row, declared_total=row.total)
    ...         for f in attrs.fields(type(table)) if (row := getattr(table, f.name)) is not None})
    >>> t3, t4 = declared(Applications2021.filled(1)), declared(ReviewLitigation.filled(2))
    >>> read = plan(Edition.V2021).read_clean
    >>> rows3, rows4 = read(t3, t4)
    >>> rows3["granted"], rows3["results_total"], rows4["review"]
    ((1, 1, 1, 1, 1, 1, 6), (21, 21, 21, 21, 21, 21, 126), (2, 2, 2, 2, 8))
    >>> read(t3, ReviewLitigation.filled(2)) is None  # totals not declared: looked at otherwise
    True
    """
    table3: Any = table_class("applications", p.edition)
    fields3 = {f.name for f in attrs.fields(table3)}
    rows = [(f"a{i}", f"t3.{key}", p.applicant_keys) for i, key in enumerate(p.app_rows)]
    rows += [(f"b{i}", f"t4.{key}", p.case_keys) for i, key in enumerate(p.case_rows)]
    lines = ["def read_clean(t3, t4):"]
    if "declared_other_processing" in fields3:  # （六） printed as one row: looked at row by row
        lines.append("    if t3.declared_other_processing is not None:")
        lines.append("        return None")
    for var, row, keys in rows:
        cells = [f"{var}_{j}" for j in range(len(keys))]
        read = ", ".join(f"r.{k}" for k in (*keys, "declared_total"))
        negative = " or ".join(f"{x} < 0" for x in (*cells, f"{var}_d"))
        lines += [
            f"    r = {row}",
            f"    {var} = ({read})",
            f"    {', '.join(cells)}, {var}_d = {var}",
            "    try:",
            f"        if {negative}:",
            "            return None",
            "    except TypeError:  # a mark, or no total declared",
            "        return None",
            f"    if type({var}_d) is not int or {var}_d != {' + '.join(cells)}:",
            "        return None",
        ]
    # （七）总计 computed from the rows under it, as R2 declares them
    outcomes = [f"a{p.app_rows.index(key)}" for key in p.outcome_rows]
    columns = [*map(str, range(len(p.applicant_keys))), "d"]
    total = ", ".join(" + ".join(f"{v}_{j}" for v in outcomes) for j in columns)
    declared = ", ".join(f"s.{k}" for k in (*p.applicant_keys, "declared_total"))
    types = " or ".join(f"type(s[{j}]) is not int" for j in range(len(columns)))
    rows3 = ", ".join(f"{key!r}: a{i}" for i, key in enumerate(p.app_rows))
    rows4 = ", ".join(f"{key!r}: b{i}" for i, key in enumerate(p.case_rows))
    lines += [
        f"    c = ({total})",
        "    s = t3.declared_results_total",
        "    if s is not None:",
        f"        s = ({declared})",
        f"        if s != c or {types}:",
        "            return None",
        f"    return {{{rows3}, {p.total_row!r}: c}}, {{{rows4}}}",
    ]
    source = "\n".join(lines) + "\n"
    # as attrs does: the source is kept where tracebacks and debuggers look for it
    filename = f"<govreport read_clean {int(p.edition)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)
    reader: Callable[[Any, Any], CleanRows | None] = namespace["read_clean"]
    return reader


class Plan:
    """The keys, labels, order and compiled sum rules of one edition."""

    def __init__(self, edition: Edition) -> None:
        spec = edition.spec
        self.edition = edition
        self.order: dict[tuple[str | None, str | None, str | None], tuple[int, int, int]] = {}
        for ti, table in enumerate(spec.tables, start=1):
            for ri, r in enumerate(table.data_rows):
                self.order[table.key, r.key, None] = (ti, ri, -1)
                for ci, c in enumerate(r.columns):
                    self.order[table.key, r.key, c.key] = (ti, ri, ci)
            for ci, c in enumerate(table.columns):
                self.order[table.key, None, c.key] = (ti, -1, ci)
        app = spec.table("applications")
        rl = spec.table("review_litigation")
        #: The entered rows of table 三 (its total row left out).
        self.app_rows = tuple(r.key for r in app.data_rows if r.kind is RowKind.DATA)
        self.total_row = next(r.key for r in app.data_rows if r.kind is RowKind.TOTAL)
        self.applicant_keys = tuple(c.key for c in app.columns if not c.derived)
        self.get_applicants = attrgetter(*self.applicant_keys)
        #: A table 三 row's entered cells and its declared total, as one tuple.
        self.get_applicants_declared = attrgetter(*self.applicant_keys, "declared_total")
        #: The cells of table 三's total row, as ``(row, column index)``.
        self.total_cells = tuple((self.total_row, i) for i in range(len(self.applicant_keys) + 1))
        #: The entered rows of table 三 (and of 四 below), read from a table in one call.
        self.get_app_rows = _tuple_getter(self.app_rows)
        self.case_rows = tuple(r.key for r in rl.data_rows)
        self.get_case_rows = _tuple_getter(self.case_rows)
        self.case_keys = tuple(c.key for c in rl.columns if not c.derived)
        self.get_cases = attrgetter(*self.case_keys)
        self.get_cases_declared = attrgetter(*self.case_keys, "declared_total")
        #: The total cells of the entered rows of tables 三 and 四, as ``(row, column index)``.
        self.app_totals = tuple((r, len(self.applicant_keys)) for r in self.app_rows)
        self.case_totals = tuple((r, len(self.case_keys)) for r in self.case_rows)
        pro = spec.table("proactive_disclosure")
        self.pro_rows: tuple[tuple[str, tuple[tuple[str, CellKind, bool], ...]], ...] = tuple(
            (r.key, tuple((c.key, c.kind, c.allows_na) for c in r.columns)) for r in pro.data_rows
        )
        # Table 二 read in one call per kind of cell, for the cells family's fast path: its
        # counts (any whole number >= 0 is fine), its signed counts (any whole number is fine)
        # and the other cells (money, amounts), each checked as it is.
        pro_cells = [(r, c, kind, na) for r, columns in self.pro_rows for c, kind, na in columns]
        counts = [f"{r}.{c}" for r, c, kind, _ in pro_cells if kind is CellKind.COUNT]
        signed = [f"{r}.{c}" for r, c, kind, _ in pro_cells if kind is CellKind.SIGNED_COUNT]
        self.get_pro_counts = _tuple_getter(tuple(counts))
        self.get_pro_signed = _tuple_getter(tuple(signed))
        #: The money and amount cells of table 二, as ``(row, column, kind, allows "/")``.
        self.pro_others = tuple(
            cell for cell in pro_cells if cell[2] not in (CellKind.COUNT, CellKind.SIGNED_COUNT)
        )
        self.get_pro_others = _tuple_getter(tuple(f"{r}.{c}" for r, c, _, _ in self.pro_others))
        index = {t.key: {c.key: i for i, c in enumerate(t.columns)} for t in (app, rl)}
        inputs = {
            t.key: frozenset(
                (r.key, c.key)
                for r in t.data_rows
                if r.kind is RowKind.DATA
                for c in r.input_columns
            )
            for t in (app, rl)
        }
        self.sums = tuple(
            CompiledSum(d, index[d.table], inputs[d.table]) for d in sum_rules(edition)
        )
        #: R1, its instances grouped by the rows they add up (one instance per column), as
        #: ``(table, left rows, right rows, ((column index, rule), ...))``: evaluated row-wise.
        groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[tuple[int, SumRule]]] = {}
        for s in self.sums:
            if s.total is not None:
                continue
            columns = {i for _, i in (*s.left, *s.right)}
            assert len(columns) == 1, s.decl  # each instance is one column
            rows = (s.decl.table, tuple(r for r, _ in s.left), tuple(r for r, _ in s.right))
            groups.setdefault(rows, []).append((columns.pop(), s.decl))
        self.pairs = tuple((t, left, right, tuple(ds)) for (t, left, right), ds in groups.items())
        #: The R2–R4 whose expected value is the computed value of their total cell, by that
        #: cell: a rule can only fail where the declared total differs from the computed one.
        self.at: dict[tuple[str, Index], CompiledSum] = {}
        for s in self.sums:
            if s.precomputed and s.total is not None:
                # one such rule per cell: two would report the same expected value twice
                assert (s.decl.table, s.total) not in self.at, s.decl
                self.at[s.decl.table, s.total] = s
        #: The other R2–R4 (their parts as given) as ``(table, total, computed, right, shared,
        #: rule)``; ``shared``: an earlier rule compares the same cell with its computed value.
        self.evaluated = tuple(
            (
                s.decl.table,
                s.total,
                s.computed,
                s.right,
                (s.decl.table, s.total) in self.at,
                s.decl,
            )
            for s in self.sums
            if s.total is not None and not s.precomputed
        )
        #: For each of :attr:`evaluated`, its parts as ``(row, columns)`` when they are a run
        #: of one row's columns (R3 of （七）总计: its six applicant columns), else ``None``.
        self.evaluated_runs = tuple(_run(right) for _, _, _, right, _, _ in self.evaluated)
        #: （六）其他处理 (2021): its key, its sub-items and how messages name it and its first
        #: sub-item's row, for a report that prints the group as one row.
        self.six: tuple[str, tuple[str, ...], str, str] | None = None
        if app.has_row("other_processing") and app.children("other_processing"):
            subs = tuple(r.key for r in app.children("other_processing"))
            self.six = (
                "other_processing",
                subs,
                f"{table_name(app)} {app.row('other_processing').label}",
                f"{table_name(app)} {row_label(edition, 'applications', subs[0])}",
            )
            for c in app.columns:  # the group row stands where its first sub-item does
                self.order[app.key, "other_processing", c.key] = self.order[app.key, subs[0], c.key]
        r2 = next(d for d in sum_rules(edition) if d.rule == "R2")
        #: The rows that add up to （七）总计, as R2 declares them.
        self.outcome_rows = tuple(r for r, _ in r2.right)
        #: Tables 三 and 四 read as the usual report has them, or ``None`` (:func:`_clean_reader`).
        self.read_clean = _clean_reader(self)

    def cell_label(self, table: str, row: str, column: str) -> str:
        """How messages name a cell (see :func:`govreport.spec.cell_label`)."""
        return cell_label(self.edition, table, row, column)

    def at_group(self, findings: list[Finding], row: str) -> list[Finding]:
        """``findings`` with those of ``row`` (standing for the group （六）) moved to the group row.

        A 2021 table 三 that prints （六）其他处理 as one row has that row's values on its
        first sub-item for the sums; a finding about them names the group, as printed,
        and the cells it lists are the group's.

        >>> from govreport.spec import Edition
        >>> p = plan(Edition.V2021)
        >>> f = Finding("R3", "error", "applications", "other_no_correction", "total", 1, 2,
        ...     "表三 （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 × 总计：应为 1",
        ...     cells=(("applications", "other_no_correction", "total"),))
        >>> g = p.at_group([f], "other_no_correction")[0]
        >>> g.row, g.cells, g.message
        ('other_processing', (('applications', 'other_processing', 'total'),), '表三 （六）其他处理 × 总计：应为 1')
        """
        if self.six is None:
            return findings
        group, subs, label, sub_label = self.six
        others = frozenset(subs[1:])
        out: list[Finding] = []
        for f in findings:
            if f.table != "applications" or (
                f.row != row and not any(c[1] in subs for c in f.cells)
            ):
                out.append(f)
                continue
            cells = tuple(
                ("applications", group, c[2]) if c[1] == row else c
                for c in f.cells
                if c[0] != "applications" or c[1] not in others
            )
            if f.row == row:
                f = attrs.evolve(f, row=group, message=f.message.replace(sub_label, label, 1))
            out.append(attrs.evolve(f, cells=cells))
        return out

    def sort_key(self, f: Finding) -> tuple[int, int, int, int]:
        """The place of a finding in the report's order."""
        if f.table is None:
            return (0, 0, 0, _RULE_ORDER[f.rule])
        ti, ri, ci = self.order.get((f.table, f.row, f.column), (9, 0, 0))
        return (ti, ri, ci, _RULE_ORDER[f.rule])


@cache
def plan(edition: Edition) -> Plan:
    """The plan of an edition, computed once."""
    return Plan(edition)
