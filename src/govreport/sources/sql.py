"""Tallying from a database through SQLAlchemy (``pip install 'govreport[sql]'``).

Any database SQLAlchemy 2 supports works: SQLite (the embedded default),
PostgreSQL and the systems compatible with it, MySQL and MariaDB. Each kind
of record is screened once (the duplicate ids; whether every stored date is
one the database can compare as its ISO day), then tables 三 and 四 and the
document rows of table 二 are each computed by one GROUP BY query (per code ×
date bucket × screening flags); the mapping is applied in Python to the
aggregated groups, which are few, so a ledger of millions of rows never sits
in memory. The yearly counts, a few rows per year, are read value by value
into the reference tally (each count must be a whole number).

>>> import tempfile, pathlib
>>> from govreport.sources.sampledb import write_sample
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> db, mapping = write_sample(d, applications=300)
>>> src = SqlSource(f"sqlite:///{db}", mapping)
>>> name = src.agencies()[0]
>>> r = src.tally_applications(name, 2024)
>>> t = r.table
>>> t.new_received.total + t.carried_over.total == t.results_total.total + t.carried_forward.total
True
>>> src.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs

from govreport.errors import DateError, GovReportError, MissingExtraError
from govreport.model import CaseCounts, ReviewLitigation
from govreport.sources._counting import (
    Cells,
    add_application,
    applications_table,
    finding,
    map_outcome_codes,
    sorted_findings,
    unmapped,
)
from govreport.sources._reading import FIELDS
from govreport.sources.base import RecordSourceBase, _with_findings
from govreport.sources.base import import_sqlalchemy as _sa
from govreport.sources.mapping import Mapping, TableSource
from govreport.sources.records import SourceFinding, read_date, split_codes
from govreport.sources.tally import (
    TallyResult,
    _proactive,
    tally_counts,
    tally_documents,
)
from govreport.spec import Edition

__all__ = ["SqlSource"]


def _code(value: object) -> str:
    return "" if value is None else str(value)


class SqlSource(RecordSourceBase):
    """An agency database read through SQLAlchemy, laid out and coded as ``mapping`` says.

    ``url`` is a SQLAlchemy URL (``sqlite:///ledger.sqlite``,
    ``postgresql+psycopg://user@host/db``) or an ``Engine``; ``schema``
    qualifies the table names. A SQLite file is opened read-only, and a path
    that does not exist is an error (it is never created). Every kind of
    record may come from several tables, constants and read-only queries (see
    :class:`~govreport.sources.mapping.TableSource`): each is read as one
    union of ``SELECT``\\ s naming the fields, so the tallies see one layout.
    """

    def __init__(self, url: str | Any, mapping: Mapping, *, schema: str | None = None) -> None:
        sa = _sa()
        self.mapping = mapping
        self.schema = schema
        self._own = isinstance(url, str | os.PathLike)
        try:
            self.engine: Any = sa.create_engine(_read_only(str(url))) if self._own else url
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as e:
            raise GovReportError(f"数据库地址无效 (bad database URL) {url!r}: {e}") from e
        except ModuleNotFoundError as e:
            raise MissingExtraError(e.name or "driver", "postgresql") from e

    def close(self) -> None:
        """Release the connections (only of an engine this source created).

        >>> SqlSource("sqlite://", Mapping()).close()
        """
        if self._own:
            self.engine.dispose()

    def _connect(self) -> Any:
        sa = _sa()
        try:
            return self.engine.connect()
        except sa.exc.SQLAlchemyError as e:
            raise GovReportError(f"无法连接数据库 (cannot connect): {e}") from e

    def _rows(self, query: Any) -> list[Any]:
        sa = _sa()
        with self._connect() as conn:
            try:
                return list(conn.execute(query))
            except sa.exc.SQLAlchemyError as e:
                raise self._query_failed(e, query) from e

    def _stream(self, query: Any) -> Iterator[Any]:
        sa = _sa()
        with self._connect() as conn:
            try:
                yield from conn.execution_options(yield_per=2000).execute(query)
            except sa.exc.SQLAlchemyError as e:
                raise self._query_failed(e, query) from e

    def _query_failed(self, error: Any, query: Any) -> GovReportError:
        """The error of a failed query, naming the database and the records (kind and tables) it read.

        A connection the server ended (a restart, ``pg_terminate_backend``)
        says so; any other failure points at the mapping's tables and columns.
        """
        try:
            database = self.engine.url.render_as_string(hide_password=True)
        except AttributeError:  # pragma: no cover - an engine without a URL
            database = "数据库"
        read = []
        with contextlib.suppress(Exception):
            for source in query.get_final_froms():
                name = str(getattr(source, "name", "") or "")
                kind = name.removeprefix("govreport_")
                part = getattr(self.mapping, kind, None) if kind != name else None
                if part is not None:
                    read.append(f"{kind}（{'、'.join(s.name for s in part.sources)}）")
                elif name:
                    read.append(name)
        what = f"读取 {'、'.join(read)}时" if read else ""
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()
        reason = detail[0] if detail else type(error).__name__
        if getattr(error, "connection_invalidated", False):
            return GovReportError(f"{database}: {what}数据库连接中断 (connection lost): {reason}")
        return GovReportError(
            f"{database}: {what}查询失败，请检查映射文件中的表名和列名 (query failed): {reason}"
        )

    # ------------------------------------------------------------------ one layout for every table

    def _from(self, source: TableSource, fields: tuple[str, ...]) -> Any:
        sa = _sa()
        names = list(dict.fromkeys(c for f in fields if (c := source.column_of(f))))
        if source.query is not None:
            return sa.text(source.query).columns(*(sa.column(c) for c in names)).subquery()
        return sa.table(source.table, *(sa.column(c) for c in names), schema=self.schema)

    def _select(self, source: TableSource, fields: tuple[str, ...], as_text: bool) -> Any:
        """One table's rows as a subquery whose columns are the fields (``as_text``: each cast to text)."""
        sa = _sa()
        base = self._from(source, fields)
        exprs = []
        for f in fields:
            value, column = source.value_of(f), source.column_of(f)
            if value is not None:
                expr = sa.cast(sa.literal(value), sa.String)
            elif column is not None:
                expr = sa.cast(base.c[column], sa.String) if as_text else base.c[column]
            else:
                expr = sa.cast(sa.null(), sa.String)
            exprs.append(expr.label(f))
        return sa.select(*exprs).select_from(base)

    def _layout(self, kind: str) -> tuple[Any, tuple[TableSource, ...]] | None:
        """The records of ``kind`` from all its tables as one subquery of text columns named by field.

        In a union of several tables every value is cast to text, so that the
        tables agree on the types on every database; dates are compared as ISO days.
        """
        part = getattr(self.mapping, kind)
        if part is None:
            return None
        sa = _sa()
        # one table needs no casts (and keeps its indexes for the screening)
        several = len(part.sources) > 1
        selects = [self._select(s, FIELDS[kind], several) for s in part.sources]
        query = selects[0] if len(selects) == 1 else sa.union_all(*selects)
        return query.subquery(f"govreport_{kind}"), part.sources

    @staticmethod
    def _has_agency(sources: tuple[TableSource, ...]) -> bool:
        return all(s.has("agency") for s in sources)

    def _where(self, t: Any, sources: tuple[TableSource, ...], agency: str | None) -> list[Any]:
        if agency is None or not self._has_agency(sources):
            return []
        return [t.c.agency == agency]

    def rows(
        self, kind: str, agency: str | None = None
    ) -> Iterator[tuple[TableSource, dict[str, Any]]]:
        """The rows of one kind of record as stored, streamed, each with its table.

        >>> list(SqlSource("sqlite://", Mapping(contacts=None)).rows("contacts"))
        []
        """
        sa = _sa()
        part = getattr(self.mapping, kind)
        if part is None:
            return
        fields = FIELDS[kind]
        for source in part.sources:
            t = self._select(source, fields, False).subquery()
            query = sa.select(*t.c)
            if agency is not None and source.has("agency"):
                query = query.where(t.c.agency == agency)
            for row in self._stream(query):
                yield source, dict(zip(fields, row, strict=True))

    def agencies(self) -> list[str]:
        """The agencies the database holds records of, sorted (the mapping's, for one agency's).

        >>> SqlSource("sqlite://", Mapping(contacts=None)).agencies()
        Traceback (most recent call last):
        govreport.errors.GovReportError: sqlite://: 读取 applications（applications）时查询失败...
        """
        sa = _sa()
        if self.mapping.agency is not None:
            return [self.mapping.agency]
        names: set[str] = set()
        for kind in ("applications", "contacts"):
            layout = self._layout(kind)
            if layout is None or not self._has_agency(layout[1]):
                continue
            t = layout[0]
            names.update(
                str(r[0]) for r in self._rows(sa.select(t.c.agency).distinct()) if r[0] is not None
            )
        return sorted(names)

    # ------------------------------------------------------------------ screening, once per query set

    def _unique_ids(self, sources: tuple[TableSource, ...]) -> bool:
        """Whether the database itself keeps the ids unique (one table whose id column is its primary key or has a unique index).

        >>> SqlSource("sqlite://", Mapping())._unique_ids(Mapping().applications.sources)
        False
        """
        sa = _sa()
        if len(sources) != 1 or sources[0].table is None or sources[0].column_of("id") is None:
            return False
        table, column = sources[0].table, [sources[0].column_of("id")]
        try:
            inspector = sa.inspect(self.engine)
            if (
                inspector.get_pk_constraint(table, schema=self.schema).get("constrained_columns")
                == column
            ):
                return True
            indexes = inspector.get_indexes(table, schema=self.schema)
            constraints = inspector.get_unique_constraints(table, schema=self.schema)
        except sa.exc.SQLAlchemyError:
            return False
        return any(i.get("unique") and i["column_names"] == column for i in indexes) or any(
            c["column_names"] == column for c in constraints
        )

    def _screen(
        self, t: Any, sources: tuple[TableSource, ...], base: list[Any], dates: tuple[str, ...]
    ) -> tuple[_Screen | None, Any]:
        """The screening of one kind of record, computed once for all its statements.

        Returns the screen and the key of the "odd date" flag the main
        ``GROUP BY`` must carry (``None`` when the dates were checked here).
        The screen is ``None`` when a stored date is not one the database can
        compare as its ISO day (an integer ``20240305``, text ``2024/3/5``,
        ``2024年3月5日``, an ISO-shaped ``2024-02-30`` or ``2024-13-45``): the
        records are then tallied row by row, each value read strictly (a
        finding names the table, record and column of a value that is no date).
        """
        sa = _sa()
        if any(set(s.excel_dates) & set(dates) for s in sources):
            return None, None  # Excel serial days are read row by row
        rid = t.c.id
        dups: list[tuple[Any, int]] = []
        if not self._unique_ids(sources):
            dups = [
                (i, n)
                for i, n in self._rows(
                    sa.select(rid, sa.func.count())
                    .where(*base, rid.is_not(None))
                    .group_by(rid)
                    .having(sa.func.count() > 1)
                )
            ]
        if not dups:
            is_dup: Any = sa.false()
        elif len(dups) <= _LISTED_IDS:
            is_dup = rid.in_([i for i, _ in dups])
        else:
            is_dup = rid.in_(
                sa.select(rid)
                .where(*base, rid.is_not(None))
                .group_by(rid)
                .having(sa.func.count() > 1)
            )
        screen = _Screen(dups, is_dup, sa.not_(is_dup) if dups else sa.true())
        if self.engine.dialect.name == "sqlite":
            # SQLite's date(x, '+0 days') is NULL for what is not a date and normalises 2024-02-30
            # to 2024-03-01: a value is an ISO day exactly when it gives back its first ten characters
            # (the common case, a bare day, is decided by the first comparison)
            odd = sa.or_(
                *(
                    sa.and_(
                        t.c[f].is_not(None),
                        sa.func.date(t.c[f], "+0 days").is_distinct_from(t.c[f]),
                        sa.func.date(t.c[f], "+0 days").is_distinct_from(
                            sa.func.substr(t.c[f], 1, 10)
                        ),
                    )
                    for f in dates
                )
            )
            return screen, sa.case((odd, 1), else_=0)
        for f in dates:
            query = sa.select(sa.cast(t.c[f], sa.String)).where(*base, t.c[f].is_not(None))
            for (value,) in self._rows(query.distinct()):
                if not _is_iso_day(value):
                    return None, None
        return screen, None

    def _bucket(self, column: Any, year: int, *, within: bool = False) -> Any:
        """0 for NULL, 1 before ``year``, 2 in it, 3 after it (the value's ISO day compared); ``within``: whether in it."""
        sa = _sa()
        day = column if self.engine.dialect.name == "sqlite" else _day(column)
        start = sa.bindparam(None, dt.date(year, 1, 1).isoformat(), type_=sa.String)
        end = sa.bindparam(None, dt.date(year + 1, 1, 1).isoformat(), type_=sa.String)
        # a validated value starts with its ISO day, so comparing it with a day at midnight
        # compares its day (a time after the day does not change the order)
        if within:
            return sa.and_(day >= start, day < end)
        return sa.case((column.is_(None), 0), (day < start, 1), (day < end, 2), else_=3)

    def _grouped(self, values: list[Any], keys: dict[str, Any], base: list[Any]) -> list[Any]:
        """``SELECT values…, keys…, count(*) … GROUP BY`` them, the small keys packed into one integer.

        Each key is a bucket (0 to 3, named ``?b``) or a flag (0 or 1); one
        packed integer makes the groups cheaper to sort than seven columns.
        The rows come back unpacked: the values, each key in order, the count.
        """
        sa = _sa()
        sizes = [4 if name.endswith("b") else 2 for name in keys]
        packed: Any = sa.literal(0)
        for size, expr in zip(sizes, keys.values(), strict=True):
            packed = packed * size + expr
        # group on the columns of a subquery, so that every database sees plain column names
        inner = (
            sa.select(*(v.label(f"v{i}") for i, v in enumerate(values)), packed.label("k"))
            .where(*base)
            .subquery()
        )
        cols = [*(inner.c[f"v{i}"] for i in range(len(values))), inner.c.k]
        out = []
        for *found, key, n in self._rows(sa.select(*cols, sa.func.count()).group_by(*cols)):
            unpacked = []
            for size in reversed(sizes):
                key, part = divmod(int(key), size)
                unpacked.append(part)
            out.append((*found, *reversed(unpacked), n))
        return out

    def _before(self, later: Any, earlier: Any) -> Any:
        """Whether the day of ``later`` (not NULL) is before the day of ``earlier``."""
        sa = _sa()
        days = _day(later) < _day(earlier)
        if self.engine.dialect.name == "sqlite":
            # validated values start with their day: text before text is needed for day before day
            return sa.and_(later.is_not(None), later < earlier, days)
        return sa.and_(later.is_not(None), days)

    def _screened(
        self,
        t: Any,
        base: list[Any],
        screen: _Screen,
        odd: Any,
        span: tuple[str, str],
        values: list[Any],
        *buckets: Any,
    ) -> _Grouped | None:
        """The ``GROUP BY`` of one kind of record (:meth:`_grouped`), screened once for all its groups.

        ``span`` names the dates that open and close a record (received and
        closed): a record with no opening date or closed before it is a bad
        date. ``buckets`` are the date buckets (:meth:`_bucket`) to group on,
        the opening date's first. ``None`` when a date turns out to be one the
        database cannot compare (the records are then tallied row by row).
        """
        sa = _sa()
        first, last = t.c[span[0]], t.c[span[1]]
        before = self._before(last, first)
        keys = {
            **{f"{i}b": b for i, b in enumerate(buckets)},
            "lt": sa.case((before, 1), else_=0),
            "dup": sa.case((screen.is_dup, 1), else_=0),
            **({} if odd is None else {"odd": odd}),
        }
        groups = self._grouped(values, keys, base)
        if odd is not None and any(g[-2] for g in groups):
            return None
        width = len(values) + len(buckets)
        rows: list[tuple[Any, ...]] = []
        skipped, any_bad = 0, False
        for g in groups:
            n, lt, dup = g[-1], g[width], g[width + 1]
            if dup:
                skipped += n
            elif g[len(values)] == 0 or lt:  # no opening date, or closed before it
                any_bad, skipped = True, skipped + n
            else:
                rows.append((*g[:width], n))
        return _Grouped(
            t, base, screen, sa.or_(first.is_(None), before), span, rows, skipped, any_bad
        )

    # ------------------------------------------------------------------ table 三, pushed down

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``, aggregated by the database.

        Gives the same table, counts and findings as
        :func:`~govreport.sources.tally.tally_applications` over every record.
        The screening (duplicate ids, dates the database cannot compare) is
        computed once; one ``GROUP BY`` then gives the cells per applicant code
        × outcome code(s) × received and closed bucket; the records behind a
        problem are fetched only when there is one.
        """
        sa = _sa()
        ed = Edition.resolve(year, edition)
        m = self.mapping.applications
        layout = self._layout("applications")
        assert layout is not None
        t, sources = layout
        base = self._where(t, sources, agency)
        screen, odd = self._screen(t, sources, base, ("received", "closed"))
        if screen is None:
            return super().tally_applications(agency, year, ed)
        rid, app, out = (t.c[k] for k in ("id", "applicant", "outcome"))
        rb, cb = self._bucket(t.c.received, year), self._bucket(t.c.closed, year)
        out_key = sa.case((self._bucket(t.c.closed, year, within=True), out), else_=sa.null())
        grouped = self._screened(
            t, base, screen, odd, ("received", "closed"), [app, out_key], rb, cb
        )
        if grouped is None:
            return super().tally_applications(agency, year, ed)
        findings = grouped.findings(self, "applications", "收到日期", lambda r, c: f"{c} < {r}")
        cells = Cells()
        used, skipped, outside = 0, grouped.skipped, 0
        for a, o, r_b, c_b, n in grouped.rows:
            if r_b == 3 or c_b == 1:
                outside += n
                continue
            closed = c_b == 2
            column = m.applicant_codes.get(_code(a))
            outcome: str | None = None
            problem = None if column is not None else "unmapped_code"
            codes = split_codes(o, m.outcome_separator)
            if problem is None and closed:
                outcome, problem = map_outcome_codes(codes, m, ed)
            if problem is None:
                assert column is not None
                add_application(
                    cells,
                    column,
                    outcome,
                    new=r_b == 2,
                    carried_over=r_b == 1,
                    closed=closed,
                    forward=c_b in (0, 3),
                    n=n,
                )
                used += n
                continue
            skipped += n
            if column is None:
                detail = unmapped("申请人类型", _code(a), "applicant_types")
            elif problem == "missing_outcome":
                detail = ""
            else:
                detail = unmapped("办理结果", codes, "outcomes")
            where = grouped.good(
                app.is_(None) if a is None else app == a,
                out_key.is_(None) if o is None else out_key == o,
                rb == r_b,
                cb == c_b,
            )
            for (i,) in self._rows(sa.select(rid).where(*base, *where)):
                findings.append(finding(problem, _code(i), "applications", detail))
        return TallyResult(
            applications_table(cells, ed), used, skipped, outside, sorted_findings(findings)
        )

    # ------------------------------------------------------------------ table 四, pushed down

    def tally_cases(self, agency: str | None, year: int) -> TallyResult:
        """Table 四 of ``agency`` for ``year``, aggregated by the database (per kind × result × buckets).

        Gives the same table, counts and findings as
        :func:`~govreport.sources.tally.tally_cases` over every record.
        """
        sa = _sa()
        m = self.mapping.cases
        layout = self._layout("cases")
        if m is None or layout is None:
            return super().tally_cases(agency, year)
        t, sources = layout
        base = self._where(t, sources, agency)
        screen, odd = self._screen(t, sources, base, ("filed", "concluded"))
        if screen is None:
            return super().tally_cases(agency, year)
        rid, kind, result = t.c.id, t.c.kind, t.c.result
        fb, db = self._bucket(t.c.filed, year), self._bucket(t.c.concluded, year)
        out = sa.case((db.in_((0, 3)), sa.null()), else_=result)
        grouped = self._screened(t, base, screen, odd, ("filed", "concluded"), [kind, out], fb, db)
        if grouped is None:
            return super().tally_cases(agency, year)
        table = "review_litigation"
        findings = grouped.findings(self, table, "立案日期", lambda _f, _c: "审结日期早于立案日期")
        cells = Cells()
        used, skipped, outside = 0, grouped.skipped, 0
        for k, r, f_b, d_b, n in grouped.rows:
            is_counted = f_b == 2 if m.basis == "filed" else f_b in (1, 2) and d_b != 1
            if not is_counted:
                outside += n
                continue
            is_pending = d_b in (0, 3)
            row = m.kind_codes.get(_code(k).strip())
            code = _code(r).strip()
            problem, detail = None, ""
            if row is None:
                problem, detail = "unmapped_code", unmapped("类型", _code(k).strip(), "case_kinds")
            elif is_pending:
                cells.add(row, "pending", n)
            elif not code:
                problem = "missing_outcome"
            elif (column := m.result_codes.get(code)) is None:
                problem, detail = "unmapped_code", unmapped("结果", code, "case_results")
            else:
                cells.add(row, column, n)
            if problem is None:
                used += n
                continue
            skipped += n
            where = grouped.good(
                fb == f_b,
                db == d_b,
                kind.is_(None) if k is None else kind == k,
                out.is_(None) if r is None else out == r,
            )
            for (i,) in self._rows(sa.select(rid).where(*base, *where)):
                findings.append(finding(problem, _code(i), table, detail))
        counts = {
            key: CaseCounts(**{c: cells.counts.get((key, c), 0) for c in CaseCounts.input_keys})
            for key in ReviewLitigation.row_keys()
        }
        return TallyResult(
            ReviewLitigation(**counts), used, skipped, outside, sorted_findings(findings)
        )

    # ------------------------------------------------------------------ table 二, pushed down

    def tally_proactive(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 二 of ``agency`` for ``year``: the register of documents aggregated by the database.

        Gives the same table, counts and findings as
        :func:`~govreport.sources.tally.tally_documents` and
        :func:`~govreport.sources.tally.tally_counts` over every record. The
        yearly counts are read value by value (each count must be a whole
        number, a NULL is a ``missing_count`` warning), a few rows per year.
        """
        ed = Edition.resolve(year, edition)
        docs = self._tally_documents(agency, year, ed)
        if docs is None:
            return super().tally_proactive(agency, year, ed)
        findings: list[SourceFinding] = []
        counts = self.annual_counts(agency, findings)
        result = tally_counts(counts, year, ed, self.mapping.counts, docs)
        return _with_findings(result, findings)

    def _tally_documents(self, agency: str | None, year: int, ed: Edition) -> TallyResult | None:
        """The document rows of table 二 by one ``GROUP BY`` (per kind × issued, repealed and published bucket).

        ``None`` when a stored date is not one the database can compare (the
        reference tally then reads the register row by row).
        """
        sa = _sa()
        m = self.mapping.documents
        layout = self._layout("documents")
        if m is None or layout is None:
            return tally_documents((), year, ed, m)
        t, sources = layout
        base = self._where(t, sources, agency)
        screen, odd = self._screen(t, sources, base, ("issued", "published", "repealed"))
        if screen is None:
            return None
        rid, kind = t.c.id, t.c.kind
        # as text: a published column may be a constant NULL beside an issued DATE
        published = sa.func.coalesce(
            sa.cast(t.c.published, sa.String), sa.cast(t.c.issued, sa.String)
        )
        ib, rb = self._bucket(t.c.issued, year), self._bucket(t.c.repealed, year)
        pb = self._bucket(published, year)
        grouped = self._screened(t, base, screen, odd, ("issued", "repealed"), [kind], ib, rb, pb)
        if grouped is None:
            return None
        table = "proactive_disclosure"
        findings = grouped.findings(self, table, "制发日期", lambda _i, _r: "废止日期早于制发日期")
        cells = Cells()
        used, skipped, outside = 0, grouped.skipped, 0
        spec = ed.spec.table(table)
        for k, i_b, r_b, p_b, n in grouped.rows:
            if i_b == 3:
                outside += n
                continue
            code = _code(k).strip()
            row = m.kind_codes.get(code)
            if row is None:
                skipped += n
                where = grouped.good(ib == i_b, rb == r_b, pb == p_b)
                where.append(kind.is_(None) if k is None else kind == k)
                detail = unmapped("类型", code, "document_kinds")
                for (i,) in self._rows(sa.select(rid).where(*base, *where)):
                    findings.append(finding("unmapped_code", _code(i), table, detail))
                continue
            in_force = r_b in (0, 3)
            counted = {
                # 2021 edition
                "issued_this_year": i_b == 2,
                "repealed_this_year": r_b == 2,
                "currently_effective": in_force,
                # 2019 edition
                "newly_made_this_year": i_b == 2,
                "newly_published_this_year": p_b == 2,
                "total_published": in_force and p_b in (1, 2),
            }
            for column in spec.row(row).input_columns:
                cells.add(row, column.key, n * counted[column.key])
            used += n
        return TallyResult(
            _proactive(ed, cells, {}), used, skipped, outside, sorted_findings(findings)
        )


@attrs.frozen
class _Screen:
    """The screening of one kind of record: the duplicate ids (with their counts) and the flag for them."""

    dups: list[tuple[Any, int]]
    is_dup: Any
    not_dup: Any


@attrs.frozen
class _Grouped:
    """The groups of one kind of record (:meth:`SqlSource._screened`), without those screened out.

    ``rows`` are the groups of the records that count: their values, their
    buckets and how many records each holds. ``skipped`` counts the records
    of duplicate ids and of bad dates; ``any_bad`` says whether there are
    records of bad dates (each is named by :meth:`findings`).
    """

    table: Any
    base: list[Any]
    screen: _Screen
    bad: Any
    span: tuple[str, str]
    rows: list[tuple[Any, ...]]
    skipped: int
    any_bad: bool

    def good(self, *conditions: Any) -> list[Any]:
        """The conditions that select the records of a group that counts (to name them)."""
        return [self.screen.not_dup, _sa().not_(self.bad), *conditions]

    def findings(
        self, source: SqlSource, table: str, missing: str, before: Callable[[Any, Any], str]
    ) -> list[SourceFinding]:
        """A finding for each duplicate id and each record of a bad date.

        ``missing`` names the opening date in a ``missing_date`` finding;
        ``before`` gives the detail of a ``closed_before_received`` one from the
        two dates as read.
        """
        sa = _sa()
        out = [finding("duplicate_id", _code(i), table, f"{n} 条") for i, n in self.screen.dups]
        if not self.any_bad:
            return out
        t = self.table
        first, last = (t.c[k] for k in self.span)
        query = sa.select(t.c.id, first, last).where(*self.base, self.screen.not_dup, self.bad)
        for i, opened, closed in source._rows(query):
            day = read_date(opened)
            if day is None:
                out.append(finding("missing_date", _code(i), table, missing))
            else:
                detail = before(day, read_date(closed))
                out.append(finding("closed_before_received", _code(i), table, detail))
        return out


#: Up to this many duplicate ids are written into the statements; more are found by a subquery.
_LISTED_IDS = 500


def _is_iso_day(value: object) -> bool:
    """Whether a stored date, as text, starts with the ISO day it is (so the database compares it rightly).

    >>> _is_iso_day("2024-03-05"), _is_iso_day("2024-03-05 10:00:00"), _is_iso_day("2024-02-30")
    (True, True, False)
    >>> _is_iso_day("2024/3/5"), _is_iso_day("20240305"), _is_iso_day("2024-13-45")
    (False, False, False)
    """
    try:
        day = read_date(value)
    except (DateError, ValueError):
        return False
    return day is None or str(value)[:10] == day.isoformat()


def _day(column: Any) -> Any:
    """The ISO day (``YYYY-MM-DD``) of a date, timestamp or ISO-text column, as text."""
    sa = _sa()
    return sa.func.substr(sa.cast(column, sa.String), 1, 10)


def _read_only(url: str) -> str:
    """The URL with a SQLite file opened read-only; a SQLite file that does not exist is an error.

    >>> _read_only("sqlite://")
    'sqlite://'
    >>> _read_only("sqlite:///no/such/ledger.sqlite")
    Traceback (most recent call last):
    govreport.errors.GovReportError: 数据库文件不存在 (no such database file): no/such/ledger.sqlite
    """
    sa = _sa()
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return url
    database = parsed.database
    if not parsed.drivername.startswith("sqlite") or not database or database == ":memory:":
        return url
    if database.startswith("file:"):
        return url
    path = Path(database)
    if not path.is_file():
        raise GovReportError(f"数据库文件不存在 (no such database file): {database}")
    ro = parsed.set(
        database=f"file:{quote(str(path.resolve()))}",
        query={**parsed.query, "mode": "ro", "uri": "true"},
    )
    return str(ro.render_as_string(hide_password=False))
