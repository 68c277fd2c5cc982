"""The same databases on PostgreSQL and MySQL (MariaDB) as on SQLite: the same reports, the same findings.

The servers are started by ``.ci/run`` (``tools/with-postgres.sh``,
``tools/with-mariadb.sh``), which set ``GOVREPORT_PG_URL`` and
``GOVREPORT_MYSQL_URL``. Without them these tests skip on a developer's
machine and fail under ``CI``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.system import module, require

sa = module("sqlalchemy")

from govreport.sources import Mapping, RecordSourceBase, SqlSource  # noqa: E402
from govreport.sources.report import report_from_source  # noqa: E402
from govreport.sources.sampledb import MAPPING, populate  # noqa: E402
from support.county import AGENCY, build_county_database  # noqa: E402
from support.county import MAPPING as COUNTY_MAPPING  # noqa: E402
from support.servers import copy_sqlite  # noqa: E402

_SERVERS = {
    "postgresql": ("GOVREPORT_PG_URL", "psycopg", "tools/with-postgres.sh"),
    "mysql": ("GOVREPORT_MYSQL_URL", "pymysql", "tools/with-mariadb.sh"),
}


def _require(kind: str) -> str:
    variable, driver, wrapper = _SERVERS[kind]
    url = os.environ.get(variable)
    require(kind, bool(url), f"set {variable} ({wrapper} starts a server and sets it)")
    module(driver)
    assert url is not None
    return url


@pytest.fixture(
    params=[
        pytest.param("postgresql", marks=pytest.mark.postgresql),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def server(request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    """An engine on the server and a fresh schema (PostgreSQL) or database (MySQL), dropped afterwards."""
    yield from _server(request.param)


def _server(kind: str) -> Iterator[tuple[Any, str]]:
    engine = sa.create_engine(_require(kind))
    schema = f"govreport_test_{uuid.uuid4().hex[:12]}"
    quoted = f'"{schema}"' if kind == "postgresql" else f"`{schema}`"
    with engine.begin() as conn:
        extra = "" if kind == "postgresql" else " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        conn.execute(
            sa.text(f"CREATE {'SCHEMA' if kind == 'postgresql' else 'DATABASE'} {quoted}{extra}")
        )
    try:
        yield engine, schema
    finally:
        with engine.begin() as conn:
            drop = "SCHEMA" if kind == "postgresql" else "DATABASE"
            conn.execute(
                sa.text(f"DROP {drop} {quoted}{' CASCADE' if kind == 'postgresql' else ''}")
            )
        engine.dispose()


def test_county_database_same_report_as_sqlite(server: tuple[Any, str], tmp_path: Path) -> None:
    """The county bureau's database (two case tables, a wide counts table, constants) reads the same."""
    engine, schema = server
    build_county_database(tmp_path / "c.sqlite")
    copy_sqlite(tmp_path / "c.sqlite", engine, schema)
    (tmp_path / "m.yaml").write_text(COUNTY_MAPPING, encoding="utf-8")
    mapping = Mapping.load(tmp_path / "m.yaml")
    on_server = SqlSource(engine, mapping, schema=schema)
    lite = SqlSource(f"sqlite:///{tmp_path / 'c.sqlite'}", mapping)
    assert on_server.agencies() == [AGENCY]
    for year in (2023, 2024):
        a, b = report_from_source(on_server, AGENCY, year), report_from_source(lite, AGENCY, year)
        for key, table in a.report.tables():
            assert table == b.report.table(key), (year, key)
        assert a.findings == b.findings
        assert a.report.contact == b.report.contact
    lite.close()


def test_sample_database_same_reports_as_sqlite(server: tuple[Any, str], tmp_path: Path) -> None:
    """The sample ledger of several agencies gives every agency and year the same tables."""
    engine, schema = server
    populate(engine, schema=schema, applications=600, seed=11)
    lite = sa.create_engine(f"sqlite:///{tmp_path / 'l.sqlite'}")
    populate(lite, applications=600, seed=11)
    mapping = Mapping.from_dict(MAPPING)
    a_src, b_src = SqlSource(engine, mapping, schema=schema), SqlSource(lite, mapping)
    assert a_src.agencies() == b_src.agencies()
    for agency in a_src.agencies()[:2]:
        for year in (2023, 2024):
            a, b = report_from_source(a_src, agency, year), report_from_source(b_src, agency, year)
            for key, table in a.report.tables():
                assert table == b.report.table(key), (agency, year, key)
            assert a.findings == b.findings
    lite.dispose()


def test_text_dates_and_bad_values_same_findings_as_sqlite(
    server: tuple[Any, str], tmp_path: Path
) -> None:
    """Text dates in several spellings, an unreadable date and a duplicate id: the same table and findings."""
    engine, schema = server
    md = sa.MetaData(schema=schema)
    cols = ("id", "agency", "received", "closed", "applicant", "outcome")
    table = sa.Table("applications", md, *(sa.Column(c, sa.String(40)) for c in cols))
    md.create_all(engine)
    rows = [
        ("1", "局", "2024年3月5日", "2024-3-9", "natural_person", "granted"),
        ("2", "局", "2024/11/23", None, "natural_person", None),
        ("3", "局", "2024-03-10", "yesterday", "natural_person", "granted"),
        ("4", "局", "2024-3-10", "2024-3-9", "natural_person", "granted"),
        ("5", "局", "2024-01-02", None, "natural_person", None),
        ("5", "局", "2024-01-03", None, "natural_person", None),
    ]
    with engine.begin() as conn:
        conn.execute(table.insert(), [dict(zip(cols, r, strict=True)) for r in rows])
    lite = sa.create_engine("sqlite://")
    lmd = sa.MetaData()
    ltable = sa.Table("applications", lmd, *(sa.Column(c, sa.String(40)) for c in cols))
    lmd.create_all(lite)
    with lite.begin() as conn:
        conn.execute(ltable.insert(), [dict(zip(cols, r, strict=True)) for r in rows])
    mapping = Mapping(cases=None, documents=None, counts=None, contacts=None)
    a = SqlSource(engine, mapping, schema=schema).tally_applications("局", 2024)
    b = SqlSource(lite, mapping).tally_applications("局", 2024)
    assert a == b
    assert {(f.rule, f.record) for f in a.findings} == {
        ("bad_date", "3"),
        ("closed_before_received", "4"),
        ("duplicate_id", "5"),
    }
    assert (a.used, a.skipped) == (2, 4)
    # ISO text only: pushed down to the server, compared as days
    with engine.begin() as conn:
        conn.execute(table.delete())
        conn.execute(
            table.insert(),
            [
                dict(zip(cols, r, strict=True))
                for r in [
                    ("1", "局", "2023-12-30", "2024-01-02 09:00:00", "natural_person", "granted"),
                    ("2", "局", "2024-05-05 10:00:00", "2024-05-05", "natural_person", "granted"),
                ]
            ],
        )
    r = SqlSource(engine, mapping, schema=schema).tally_applications("局", 2024)
    assert (r.used, r.skipped, r.table.carried_over.total, r.table.granted.total) == (2, 0, 1, 2)


def _reference_equal(src: SqlSource, agency: str, year: int) -> None:
    """Every table the database aggregates equals the reference tally over the records read one by one."""
    for name in ("tally_applications", "tally_proactive"):
        pushed = getattr(src, name)(agency, year)
        reference = getattr(RecordSourceBase, name)(src, agency, year)
        assert pushed == reference, (name, agency, year)
    assert src.tally_cases(agency, year) == RecordSourceBase.tally_cases(src, agency, year)


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgresql", marks=pytest.mark.postgresql),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def engine_schema(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """An engine on each of the three databases (SQLite in a file) and its schema (``None`` for SQLite)."""
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'l.sqlite'}")
        yield engine, None
        engine.dispose()
        return
    yield from _server(request.param)


def test_pushed_down_tallies_equal_the_reference_on_every_engine(
    engine_schema: tuple[Any, Any],
) -> None:
    """Tables 二, 三 and 四 aggregated by SQLite, PostgreSQL and MariaDB equal the reference tally."""
    engine, schema = engine_schema
    populate(engine, schema=schema, applications=600, seed=5)
    src = SqlSource(engine, Mapping.from_dict(MAPPING), schema=schema)
    for agency in src.agencies():
        for year in (2023, 2024):
            _reference_equal(src, agency, year)


def test_iso_shaped_dates_that_are_no_day_are_findings_on_every_engine(
    engine_schema: tuple[Any, Any],
) -> None:
    """TEXT dates 2024-13-45 and 2024-02-30 are bad_date findings naming table, record and column."""
    engine, schema = engine_schema
    md = sa.MetaData(schema=schema)
    cols = ("id", "agency", "received", "closed", "applicant", "outcome")
    table = sa.Table("applications", md, *(sa.Column(c, sa.String(40)) for c in cols))
    md.create_all(engine)
    rows = [
        ("1", "局", "2024-13-45", None, "natural_person", None),
        ("2", "局", "2024-02-01", "2024-02-30", "natural_person", "granted"),
        ("3", "局", "2024-02-01", "2024-02-29", "natural_person", "granted"),
    ]
    with engine.begin() as conn:
        conn.execute(table.insert(), [dict(zip(cols, r, strict=True)) for r in rows])
    mapping = Mapping(cases=None, documents=None, counts=None, contacts=None)
    src = SqlSource(engine, mapping, schema=schema)
    r = src.tally_applications("局", 2024)
    assert [(f.rule, f.table, f.record, f.column) for f in r.findings] == [
        ("bad_date", "applications", "1", "received"),
        ("bad_date", "applications", "2", "closed"),
    ]
    assert (r.used, r.skipped, r.table.granted.total) == (1, 2, 1)
