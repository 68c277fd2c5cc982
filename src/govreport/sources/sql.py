"""Tallying from a database through SQLAlchemy (``pip install 'govreport[sql]'``).

Any database SQLAlchemy 2 supports works: SQLite (the embedded default),
PostgreSQL and the systems compatible with it, MySQL. Table 三 is computed by
GROUP BY queries (per applicant code × outcome code(s) × year bucket); the
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

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from govreport.errors import GovReportError, MissingExtraError
from govreport.model import Contact
from govreport.sources._counting import (
    Cells,
    add_application,
    applications_table,
    finding,
    map_outcome_codes,
    sorted_findings,
)
from govreport.sources.base import RecordSourceBase
from govreport.sources.base import import_sqlalchemy as _sa
from govreport.sources.mapping import Mapping
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    ContactRecord,
    NormativeDocument,
    SourceFinding,
    split_codes,
)
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
    qualifies the table names.
    """

    def __init__(self, url: str | Any, mapping: Mapping, *, schema: str | None = None) -> None:
        sa = _sa()
        self.mapping = mapping
        self.schema = schema
        self._own = isinstance(url, str | os.PathLike)
        try:
            self.engine: Any = sa.create_engine(str(url)) if self._own else url
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

    def _table(self, name: str, columns: dict[str, str]) -> Any:
        sa = _sa()
        cols = [sa.column(c) for c in dict.fromkeys(v for v in columns.values() if v)]
        return sa.table(name, *cols, schema=self.schema)

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
                raise GovReportError(
                    f"查询失败，请检查映射文件中的表名和列名 (query failed): {e.orig or e}"
                ) from e

    def _stream(self, query: Any) -> Iterator[Any]:
        sa = _sa()
        with self._connect() as conn:
            try:
                yield from conn.execution_options(yield_per=2000).execute(query)
            except sa.exc.SQLAlchemyError as e:
                raise GovReportError(
                    f"查询失败，请检查映射文件中的表名和列名 (query failed): {e.orig or e}"
                ) from e

    def _agency_filter(self, t: Any, columns: dict[str, str], agency: str | None) -> list[Any]:
        name = columns.get("agency")
        if agency is None or not name:
            return []
        return [t.c[name] == agency]

    # ------------------------------------------------------------------ agencies, contacts

    def agencies(self) -> list[str]:
        """The agencies the database holds records of, sorted.

        >>> SqlSource("sqlite://", Mapping(contacts=None)).agencies()
        Traceback (most recent call last):
        govreport.errors.GovReportError: 查询失败...
        """
        sa = _sa()
        names: set[str] = set()
        parts: list[Any] = [self.mapping.applications, self.mapping.contacts]
        for part in parts:
            if part is None or not part.columns.get("agency"):
                continue
            t = self._table(part.table, part.columns)
            col = t.c[part.columns["agency"]]
            names.update(r[0] for r in self._rows(sa.select(col).distinct()) if r[0] is not None)
        return sorted(names)

    def contacts(self, agency: str | None = None) -> Iterator[ContactRecord]:
        """Every contact block of the contacts table (of ``agency`` only, if given).

        >>> list(SqlSource("sqlite://", Mapping(contacts=None)).contacts())
        []
        """
        sa = _sa()
        m = self.mapping.contacts
        if m is None:
            return
        t = self._table(m.table, m.columns)
        fields = ("office", "address", "postcode", "phone")
        who = [t.c[m.columns["agency"]]] if m.columns.get("agency") else []
        query = sa.select(*(t.c[m.columns[f]] for f in fields), *who).where(
            *self._agency_filter(t, m.columns, agency)
        )
        for row in self._rows(query):
            name = agency if agency is not None else _code(row[4]) if who else ""
            yield ContactRecord(name, Contact(*(_code(v) for v in row[:4])))

    # ------------------------------------------------------------------ table 三, pushed down

    def tally_applications(
        self, agency: str | None, year: int, edition: Edition | int | None = None
    ) -> TallyResult:
        """Table 三 of ``agency`` for ``year``, aggregated by the database.

        Gives the same table, counts and findings as
        :func:`~govreport.sources.tally.tally_applications` over every record.
        """
        sa = _sa()
        ed = Edition.resolve(year, edition)
        m = self.mapping.applications
        cols = m.columns
        t = self._table(m.table, cols)
        rid, rec, clo = t.c[cols["id"]], t.c[cols["received"]], t.c[cols["closed"]]
        app, out = t.c[cols["applicant"]], t.c[cols["outcome"]]
        start = sa.bindparam("start", dt.date(year, 1, 1), type_=sa.Date)
        end = sa.bindparam("end", dt.date(year + 1, 1, 1), type_=sa.Date)
        base = self._agency_filter(t, cols, agency)

        dup_rows = self._rows(
            sa.select(rid, sa.func.count())
            .where(*base, rid.is_not(None))
            .group_by(rid)
            .having(sa.func.count() > 1)
        )
        dups = (
            sa.select(rid).where(*base, rid.is_not(None)).group_by(rid).having(sa.func.count() > 1)
        )
        findings: list[SourceFinding] = []
        skipped = 0
        for i, n in dup_rows:
            findings.append(finding("duplicate_id", _code(i), "applications", f"{n} 条"))
            skipped += n
        not_dup = sa.or_(rid.is_(None), rid.not_in(dups))
        bad_dates = sa.or_(rec.is_(None), sa.and_(clo.is_not(None), clo < rec))
        for i, r, c in self._rows(sa.select(rid, rec, clo).where(*base, not_dup, bad_dates)):
            record = ApplicationRecord(i, r, c, "")
            if record.received is None:
                findings.append(finding("missing_date", record.id, "applications", "收到日期"))
            else:
                findings.append(
                    finding(
                        "closed_before_received",
                        record.id,
                        "applications",
                        f"{record.closed} < {record.received}",
                    )
                )
            skipped += 1

        def flag(cond: Any) -> Any:
            return sa.case((cond, 1), else_=0)

        closed_in = sa.and_(clo >= start, clo < end)
        keys = {
            "new": flag(sa.and_(rec >= start, rec < end)),
            "over": flag(rec < start),
            "closed": flag(closed_in),
            "forward": flag(sa.or_(clo.is_(None), clo >= end)),
        }
        out_key = sa.case((closed_in, out), else_=sa.null())
        good = [*base, not_dup, sa.not_(bad_dates)]
        in_year = sa.and_(rec < end, sa.or_(clo.is_(None), clo >= start))
        # group on the columns of a subquery, so that every database sees plain column names
        inner = (
            sa.select(app.label("a"), out_key.label("o"), *(v.label(k) for k, v in keys.items()))
            .where(*good, in_year)
            .subquery()
        )
        group_cols = [inner.c.a, inner.c.o, *(inner.c[k] for k in keys)]
        groups = self._rows(sa.select(*group_cols, sa.func.count()).group_by(*group_cols))
        outside = self._rows(sa.select(sa.func.count()).where(*good, sa.not_(in_year)))[0][0]
        cells = Cells()
        used = 0
        for a, o, new, over, closed, forward, n in groups:
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
                detail = f"申请人类型 {_code(a)!r}"
            elif problem == "missing_outcome":
                detail = ""
            else:
                detail = f"办理结果 {'; '.join(codes)!r}"
            where = [
                *good,
                in_year,
                app.is_(None) if a is None else app == a,
                out_key.is_(None) if o is None else out_key == o,
                *(
                    expr == v
                    for expr, v in zip(keys.values(), (new, over, closed, forward), strict=True)
                ),
            ]
            for (i,) in self._rows(sa.select(rid).where(*where)):
                findings.append(finding(problem, _code(i), "applications", detail))
        return TallyResult(
            applications_table(cells, ed), used, skipped, outside, sorted_findings(findings)
        )

    # ------------------------------------------------------------------ row by row

    def application_records(self, agency: str | None = None) -> Iterator[ApplicationRecord]:
        """Every application of ``agency`` as a record, streamed (for checks and exports)."""
        sa = _sa()
        m = self.mapping.applications
        t = self._table(m.table, m.columns)
        c = m.columns
        query = sa.select(
            *(t.c[c[k]] for k in ("id", "received", "closed", "applicant", "outcome"))
        ).where(*self._agency_filter(t, c, agency))
        for i, r, cl, a, o in self._stream(query):
            yield ApplicationRecord(i, r, cl, _code(a), split_codes(o, m.outcome_separator))

    def case_records(self, agency: str | None = None) -> Iterator[CaseRecord]:
        """Every review or litigation case of ``agency`` as a record."""
        sa = _sa()
        m = self.mapping.cases
        if m is None:
            return
        t = self._table(m.table, m.columns)
        c = m.columns
        query = sa.select(
            *(t.c[c[k]] for k in ("id", "kind", "filed", "concluded", "result"))
        ).where(*self._agency_filter(t, c, agency))
        for i, k, f, cl, res in self._stream(query):
            yield CaseRecord(i, _code(k), f, cl, None if res is None else str(res))

    def documents(self, agency: str | None = None) -> Iterator[NormativeDocument]:
        """Every entry of ``agency``'s register of normative documents."""
        sa = _sa()
        m = self.mapping.documents
        if m is None:
            return
        t = self._table(m.table, m.columns)
        c = m.columns
        names = ["id", "kind", "issued", "repealed"] + (["published"] if c.get("published") else [])
        query = sa.select(*(t.c[c[k]] for k in names)).where(*self._agency_filter(t, c, agency))
        for row in self._stream(query):
            values = dict(zip(names, row, strict=True))
            if values.get("published") is None:
                values.pop("published", None)
            yield NormativeDocument(**values)

    def annual_counts(self, agency: str | None = None) -> Iterator[AnnualCount]:
        """Every yearly count of ``agency``."""
        sa = _sa()
        m = self.mapping.counts
        if m is None:
            return
        t = self._table(m.table, m.columns)
        c = m.columns
        names = ("kind", "year", "decisions", "items", "amount_yuan")
        query = sa.select(*(t.c[c[k]] for k in names)).where(*self._agency_filter(t, c, agency))
        for k, y, d, it, amount in self._stream(query):
            yield AnnualCount(_code(k), y, d or 0, it, amount or 0)
