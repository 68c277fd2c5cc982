"""Tallying from a database through SQLAlchemy (``pip install 'govreport[sql]'``).

Any database SQLAlchemy 2 supports works: SQLite (the embedded default),
PostgreSQL and the systems compatible with it, MySQL and MariaDB. Table 三 is
computed by one GROUP BY query (per applicant code × outcome code(s) × year
bucket × screening flags); the
mapping is applied in Python to the aggregated groups, which are few, so a
ledger of millions of rows never sits in memory. The review cases, the
document register and the yearly counts are small and are read row by row
into the reference tally.

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govreport.errors import GovReportError, MissingExtraError
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
from govreport.sources.base import RecordSourceBase
from govreport.sources.base import import_sqlalchemy as _sa
from govreport.sources.mapping import Mapping, TableSource
from govreport.sources.records import SourceFinding, read_date, split_codes
from govreport.sources.tally import (
    TallyResult,
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

    # ------------------------------------------------------------------ table 三, pushed down

    def _dates_comparable(self, t: Any, base: list[Any], fields: tuple[str, ...]) -> bool:
        """Whether every stored date of ``fields`` is a date or ISO text, so the database can compare them.

        An integer ``20240305``, text ``2024/3/5`` or ``2024年3月5日`` would be
        compared as a number or a string, in the wrong order: a table holding
        any such value is tallied row by row instead, each value read strictly.
        """
        sa = _sa()
        odd = sa.or_(
            *(
                sa.and_(t.c[f].is_not(None), sa.not_(sa.cast(t.c[f], sa.String).like(_ISO_LIKE)))
                for f in fields
            )
        )
        return not self._rows(sa.select(sa.literal(1)).where(*base, odd).limit(1))

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``, aggregated by the database.

        Gives the same table, counts and findings as
        :func:`~govreport.sources.tally.tally_applications` over every record.
        One ``GROUP BY`` computes the screening (duplicate ids, missing or
        reversed dates) and the cells together; the records behind a problem
        are fetched only when there is one.
        """
        sa = _sa()
        ed = Edition.resolve(year, edition)
        m = self.mapping.applications
        layout = self._layout("applications")
        assert layout is not None
        t, sources = layout
        base = self._where(t, sources, agency)
        if not self._dates_comparable(t, base, ("received", "closed")):
            return super().tally_applications(agency, year, ed)
        rid, app, out = (t.c[k] for k in ("id", "applicant", "outcome"))
        # dates compared as their ISO day (YYYY-MM-DD): the same on every database, whether the
        # column is a DATE, a TIMESTAMP or ISO text, and to the day, as the reference tally compares
        rec, clo = _day(t.c.received), _day(t.c.closed)
        start = sa.bindparam("start", dt.date(year, 1, 1).isoformat(), type_=sa.String)
        end = sa.bindparam("end", dt.date(year + 1, 1, 1).isoformat(), type_=sa.String)

        def flag(cond: Any) -> Any:
            return sa.case((cond, 1), else_=0)

        # the ids that occur more than once, computed once for the statement
        dups = (
            sa.select(rid).where(*base, rid.is_not(None)).group_by(rid).having(sa.func.count() > 1)
        )
        not_dup = sa.or_(rid.is_(None), rid.not_in(dups))

        closed_in = sa.and_(clo >= start, clo < end)
        bad_dates = sa.or_(rec.is_(None), sa.and_(clo.is_not(None), clo < rec))
        keys = {
            "new": flag(sa.and_(rec >= start, rec < end)),
            "over": flag(rec < start),
            "closed": flag(closed_in),
            "forward": flag(sa.or_(clo.is_(None), clo >= end)),
            "in_year": flag(sa.and_(rec < end, sa.or_(clo.is_(None), clo >= start))),
            "bad": flag(bad_dates),
            "dup": flag(rid.in_(dups)),
        }
        out_key = sa.case((closed_in, out), else_=sa.null())
        # group on the columns of a subquery, so that every database sees plain column names
        inner = (
            sa.select(app.label("a"), out_key.label("o"), *(v.label(k) for k, v in keys.items()))
            .where(*base)
            .subquery()
        )
        group_cols = [inner.c.a, inner.c.o, *(inner.c[k] for k in keys)]
        groups = self._rows(sa.select(*group_cols, sa.func.count()).group_by(*group_cols))

        findings: list[SourceFinding] = []
        cells = Cells()
        used = skipped = outside = 0
        any_dup = any_bad = False
        for a, o, new, over, closed, forward, in_year, bad, dup, n in groups:
            if dup:
                any_dup, skipped = True, skipped + n
                continue
            if bad:
                any_bad, skipped = True, skipped + n
                continue
            if not in_year:
                outside += n
                continue
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
                    new=bool(new),
                    carried_over=bool(over),
                    closed=bool(closed),
                    forward=bool(forward),
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
            where = [
                not_dup,
                sa.not_(bad_dates),
                app.is_(None) if a is None else app == a,
                out_key.is_(None) if o is None else out_key == o,
                *(
                    keys[k] == v
                    for k, v in zip(
                        ("new", "over", "closed", "forward"),
                        (new, over, closed, forward),
                        strict=True,
                    )
                ),
            ]
            for (i,) in self._rows(sa.select(rid).where(*base, *where)):
                findings.append(finding(problem, _code(i), "applications", detail))
        if any_dup:
            for i, n in self._rows(
                sa.select(rid, sa.func.count())
                .where(*base, rid.is_not(None))
                .group_by(rid)
                .having(sa.func.count() > 1)
            ):
                findings.append(finding("duplicate_id", _code(i), "applications", f"{n} 条"))
        if any_bad:
            query = sa.select(rid, t.c.received, t.c.closed).where(*base, not_dup, bad_dates)
            for i, r, c in self._rows(query):
                received, closed_on = read_date(r), read_date(c)
                if received is None:
                    findings.append(finding("missing_date", _code(i), "applications", "收到日期"))
                else:
                    findings.append(
                        finding(
                            "closed_before_received",
                            _code(i),
                            "applications",
                            f"{closed_on} < {received}",
                        )
                    )
        return TallyResult(
            applications_table(cells, ed), used, skipped, outside, sorted_findings(findings)
        )

    # ------------------------------------------------------------------ table 四, pushed down

    def tally_cases(self, agency: str | None, year: int) -> TallyResult:
        """Table 四 of ``agency`` for ``year``, aggregated by the database (per kind × result × flags).

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
        if not self._dates_comparable(t, base, ("filed", "concluded")):
            return super().tally_cases(agency, year)
        rid, kind, result = t.c.id, t.c.kind, t.c.result
        filed, done = _day(t.c.filed), _day(t.c.concluded)
        start = sa.bindparam("start", dt.date(year, 1, 1).isoformat(), type_=sa.String)
        end = sa.bindparam("end", dt.date(year + 1, 1, 1).isoformat(), type_=sa.String)

        def flag(cond: Any) -> Any:
            return sa.case((cond, 1), else_=0)

        dups = (
            sa.select(rid).where(*base, rid.is_not(None)).group_by(rid).having(sa.func.count() > 1)
        )
        if m.basis == "filed":
            counted = sa.and_(filed >= start, filed < end)
        else:
            counted = sa.and_(filed < end, sa.or_(done.is_(None), done >= start))
        pending = sa.or_(done.is_(None), done >= end)
        bad = sa.or_(filed.is_(None), sa.and_(done.is_not(None), done < filed))
        keys = {
            "counted": flag(counted),
            "pending": flag(pending),
            "bad": flag(bad),
            "dup": flag(rid.in_(dups)),
        }
        out = sa.case((pending, sa.null()), else_=result)
        inner = (
            sa.select(kind.label("k"), out.label("r"), *(v.label(k) for k, v in keys.items()))
            .where(*base)
            .subquery()
        )
        group_cols = [inner.c.k, inner.c.r, *(inner.c[k] for k in keys)]
        groups = self._rows(sa.select(*group_cols, sa.func.count()).group_by(*group_cols))
        not_dup = sa.or_(rid.is_(None), rid.not_in(dups))
        table = "review_litigation"
        findings: list[SourceFinding] = []
        cells = Cells()
        used = skipped = outside = 0
        any_dup = any_bad = False
        for k, r, is_counted, is_pending, is_bad, is_dup, n in groups:
            if is_dup:
                any_dup, skipped = True, skipped + n
                continue
            if is_bad:
                any_bad, skipped = True, skipped + n
                continue
            if not is_counted:
                outside += n
                continue
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
            where = [
                not_dup,
                sa.not_(bad),
                counted,
                kind.is_(None) if k is None else kind == k,
                out.is_(None) if r is None else out == r,
                pending if is_pending else sa.not_(pending),
            ]
            for (i,) in self._rows(sa.select(rid).where(*base, *where)):
                findings.append(finding(problem, _code(i), table, detail))
        if any_dup:
            query = (
                sa.select(rid, sa.func.count())
                .where(*base, rid.is_not(None))
                .group_by(rid)
                .having(sa.func.count() > 1)
            )
            for i, n in self._rows(query):
                findings.append(finding("duplicate_id", _code(i), table, f"{n} 条"))
        if any_bad:
            query = sa.select(rid, t.c.filed).where(*base, not_dup, bad)
            for i, f in self._rows(query):
                if read_date(f) is None:
                    findings.append(finding("missing_date", _code(i), table, "立案日期"))
                else:
                    findings.append(
                        finding("closed_before_received", _code(i), table, "审结日期早于立案日期")
                    )
        counts = {
            key: CaseCounts(**{c: cells.counts.get((key, c), 0) for c in CaseCounts.input_keys})
            for key in ReviewLitigation.row_keys()
        }
        return TallyResult(
            ReviewLitigation(**counts), used, skipped, outside, sorted_findings(findings)
        )


#: What a date the database can compare looks like as text: ISO ``YYYY-MM-DD``, maybe a time after.
_ISO_LIKE = "____-__-__%"


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
