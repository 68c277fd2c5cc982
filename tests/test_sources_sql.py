"""The SQL source: GROUP BY tally equals the reference tally, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.system import module

sa = module("sqlalchemy")

from govreport.errors import MissingExtraError  # noqa: E402
from govreport.model import Amount  # noqa: E402
from govreport.sources import ApplicationRecord, Mapping, tally_applications  # noqa: E402
from govreport.sources.report import report_from_source  # noqa: E402
from govreport.sources.sampledb import AGENCIES, populate, write_sample  # noqa: E402
from govreport.sources.sql import SqlSource  # noqa: E402
from govreport.spec import Edition  # noqa: E402
from support import ledgers  # noqa: E402

YEARS = (2022, 2023, 2024)


def _ledger_table(md: Any) -> Any:
    return sa.Table(
        "applications",
        md,
        sa.Column("id", sa.String(100)),
        sa.Column("agency", sa.String(100)),
        sa.Column("received", sa.Date),
        sa.Column("closed", sa.Date),
        sa.Column("applicant", sa.String(100)),
        sa.Column("outcome", sa.String(100)),
    )


def _insert(engine: Any, table: Any, records: list[ApplicationRecord]) -> None:
    rows = [
        {
            "id": r.id,
            "agency": "局",
            "received": r.received,
            "closed": r.closed,
            "applicant": r.applicant,
            "outcome": ";".join(r.outcomes) if r.outcomes else None,
        }
        for r in records
    ]
    with engine.begin() as conn:
        conn.execute(table.delete())
        if rows:
            conn.execute(table.insert(), rows)


def _assert_same(records: list[ApplicationRecord], source: SqlSource, year: int) -> None:
    expected = tally_applications(records, year, None, source.mapping.applications)
    got = source.tally_applications("局", year)
    assert got.table == expected.table
    assert (got.used, got.skipped, got.outside) == (
        expected.used,
        expected.skipped,
        expected.outside,
    )
    assert got.findings == expected.findings


@pytest.fixture(scope="module")
def sqlite_ledger() -> Iterator[tuple[Any, Any]]:
    """An in-memory SQLite database with an empty ledger table."""
    engine = sa.create_engine("sqlite://")
    md = sa.MetaData()
    table = _ledger_table(md)
    md.create_all(engine)
    yield engine, table
    engine.dispose()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers(), st.sampled_from([2020, 2024]))
def test_sqlite_group_by_tally_equals_reference(
    sqlite_ledger: tuple[Any, Any], records: list[ApplicationRecord], year: int
) -> None:
    """For any ledger, the SQL tally on SQLite gives the reference tally's table, counts and findings."""
    engine, table = sqlite_ledger
    _insert(engine, table, records)
    _assert_same(records, SqlSource(engine, Mapping()), year)


def test_bad_records_in_the_database_are_findings_naming_them(
    sqlite_ledger: tuple[Any, Any],
) -> None:
    """Each bad record kind in the database becomes a finding naming its id; good rows still count."""
    engine, table = sqlite_ledger
    records = [
        ApplicationRecord("ok", "2024-01-02", "2024-01-09", "natural_person", "granted"),
        ApplicationRecord("dup", "2024-01-02", None, "natural_person"),
        ApplicationRecord("dup", "2024-01-03", None, "natural_person"),
        ApplicationRecord("nodate", None, None, "natural_person"),
        ApplicationRecord("order", "2024-05-02", "2024-04-01", "natural_person", "granted"),
        ApplicationRecord("code", "2024-05-02", None, "外星人"),
        ApplicationRecord("outcome", "2024-05-02", "2024-05-09", "natural_person", "XX"),
    ]
    _insert(engine, table, records)
    r = SqlSource(engine, Mapping()).tally_applications("局", 2024)
    assert sorted((f.rule, f.record_id) for f in r.findings) == [
        ("closed_before_received", "order"),
        ("duplicate_id", "dup"),
        ("missing_date", "nodate"),
        ("unmapped_code", "code"),
        ("unmapped_code", "outcome"),
    ]
    assert (r.used, r.skipped, r.table.granted.natural_person) == (1, 6, 1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Mapping]:
    """The sample database and its mapping."""
    return write_sample(tmp_path_factory.mktemp("sample"), applications=1500)


def test_sample_database_tallies_like_its_records(sample: tuple[Path, Mapping]) -> None:
    """For every sample agency and year, the pushed-down tally equals the reference tally of its records."""
    db, mapping = sample
    source = SqlSource(f"sqlite:///{db}", mapping)
    try:
        assert source.agencies() == sorted(a["agency"] for a in AGENCIES)
        for agency in source.agencies():
            records = list(source.application_records(agency))
            for year in YEARS:
                expected = tally_applications(records, year, None, mapping.applications)
                got = source.tally_applications(agency, year)
                assert got.table == expected.table
                assert got.skipped == 0
                assert got.table.new_received.total > 0
    finally:
        source.close()


def test_sample_report_is_complete(sample: tuple[Path, Mapping]) -> None:
    """A report from the sample database has the agency's contact block and narrative that states the tables."""
    db, mapping = sample
    source = SqlSource(f"sqlite:///{db}", mapping)
    try:
        result = report_from_source(source, "示例市交通运输局", 2023)
    finally:
        source.close()
    report = result.report
    assert report.edition is Edition.V2021
    assert report.contact.phone == "010-55550101"
    t = report.applications.table
    assert f"新收政府信息公开申请{t.new_received.total}件" in report.applications.text
    assert f"结转下年度继续办理{t.carried_forward.total}件" in report.applications.text
    assert result.findings == ()
    assert (
        report.review_litigation.table.review.total
        + report.review_litigation.table.litigation_direct.total
        > 0
    )


def test_bad_url_and_missing_table_are_one_line_errors(tmp_path: Path) -> None:
    """A wrong table name gives a GovReportError that names the query problem, not a traceback."""
    from govreport.errors import GovReportError

    sqlite3.connect(tmp_path / "empty.sqlite").execute("CREATE TABLE other (x)").connection.close()
    source = SqlSource(f"sqlite:///{tmp_path / 'empty.sqlite'}", Mapping())
    with pytest.raises(GovReportError, match="查询失败"):
        source.tally_applications("局", 2024)
    with pytest.raises(GovReportError, match="数据库地址无效"):
        SqlSource("notadb://x", Mapping())


def test_missing_extra_names_it() -> None:
    """The error for a missing SQLAlchemy names the extra to install."""
    assert "govreport[sql]" in str(MissingExtraError("SQLAlchemy", "sql"))


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[tuple[Any, str]]:
    """An engine on the test server and a fresh schema, dropped afterwards."""
    module("psycopg")
    engine = sa.create_engine(pg_url)
    schema = f"govreport_test_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield engine, schema
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.mark.postgresql
def test_postgresql_sample_gives_the_same_numbers_as_sqlite(
    pg_schema: tuple[Any, str], tmp_path: Path
) -> None:
    """The sample data on PostgreSQL gives every agency and year the same report tables as on SQLite."""
    engine, schema = pg_schema
    populate(engine, schema=schema, applications=900, seed=7)
    lite = sa.create_engine(f"sqlite:///{tmp_path / 'l.sqlite'}")
    populate(lite, applications=900, seed=7)
    mapping = Mapping.from_dict(__import__("govreport.sources.sampledb").sources.sampledb.MAPPING)
    pg, sq = SqlSource(engine, mapping, schema=schema), SqlSource(lite, mapping)
    assert pg.agencies() == sq.agencies()
    for agency in pg.agencies():
        for year in YEARS:
            a, b = report_from_source(pg, agency, year), report_from_source(sq, agency, year)
            for key, table in a.report.tables():
                assert table == b.report.table(key), (agency, year, key)
            assert a.report.contact == b.report.contact
            assert (a.used, a.skipped) == (b.used, b.skipped)
    lite.dispose()


@pytest.mark.postgresql
def test_postgresql_group_by_tally_equals_reference(pg_schema: tuple[Any, str]) -> None:
    """For generated ledgers, the SQL tally on PostgreSQL equals the reference tally (findings included)."""
    engine, schema = pg_schema
    md = sa.MetaData(schema=schema)
    table = _ledger_table(md)
    md.create_all(engine)
    source = SqlSource(engine, Mapping(), schema=schema)

    @settings(max_examples=25, deadline=None)
    @given(ledgers(), st.sampled_from([2020, 2024]))
    def check(records: list[ApplicationRecord], year: int) -> None:
        _insert(engine, table, records)
        _assert_same(records, source, year)

    check()


def test_every_sample_report_satisfies_r1_to_r4(sample: tuple[Path, Mapping]) -> None:
    """Every agency and year of the sample gives tables that satisfy R1–R4, with no blank cell."""
    db, _ = sample
    source = SqlSource(f"sqlite:///{db}", Mapping.load(db.parent / "mapping.yaml"))
    try:
        for agency in source.agencies():
            for year in YEARS:
                report = report_from_source(source, agency, year).report
                ap = report.applications.table
                for col in ("natural_person", "commercial_enterprise", "other_org", "total"):
                    assert ap.cell("new_received", col) + ap.cell("carried_over", col) == ap.cell(
                        "results_total", col
                    ) + ap.cell("carried_forward", col)
                for _, table in report.tables():
                    for key, row in table.rows():
                        for col, value in row.cells():
                            assert isinstance(value, int | Decimal | Amount), (key, col, value)
                rl = report.review_litigation.table
                for _key, row in rl.rows():
                    assert row.total == sum(
                        row.cell(c) for c in ("maintained", "corrected", "other", "pending")
                    )
                assert f"行政复议{rl.review.total}件" in report.review_litigation.text
    finally:
        source.close()


def test_records_without_id_are_counted_not_dropped(sqlite_ledger: tuple[Any, Any]) -> None:
    """Rows whose id is NULL are tallied like any other (NOT IN on NULL must not drop them)."""
    engine, table = sqlite_ledger
    _insert(engine, table, [ApplicationRecord("", "2024-01-02", None, "natural_person")] * 2)
    with engine.begin() as conn:
        conn.execute(table.update().values(id=None))
    r = SqlSource(engine, Mapping()).tally_applications("局", 2024)
    assert (r.used, r.skipped, r.table.new_received.total) == (2, 0, 2)
    records = [ApplicationRecord(None, "2024-01-02", None, "natural_person")] * 2
    assert tally_applications(records, 2024).table == r.table


def test_sources_are_record_sources_and_give_contact_records(sample: tuple[Path, Mapping]) -> None:
    """SQL and CSV sources satisfy the RecordSource protocol; contacts come with their agency."""
    from govreport.model import Contact
    from govreport.sources import ContactRecord, RecordSource
    from govreport.sources.csv import CsvSource

    db, mapping = sample
    source = SqlSource(f"sqlite:///{db}", mapping)
    try:
        assert isinstance(source, RecordSource)
        records = list(source.contacts())
        assert sorted(r.agency for r in records) == sorted(a["agency"] for a in AGENCIES)
        assert all(isinstance(r, ContactRecord) and type(r.contact) is Contact for r in records)
        by_agency = {r.agency: r.contact for r in records}
        for name in source.agencies():
            assert source.contact(name) == by_agency[name]
            assert [r.contact for r in source.contacts(name)] == [by_agency[name]]
        assert source.contact("没有这个机关") is None
    finally:
        source.close()
    assert isinstance(CsvSource(Mapping()), RecordSource)
    assert list(CsvSource(Mapping()).contacts()) == []


def test_file_sources_do_not_import_the_sql_source() -> None:
    """csv and sampledb share the base, not the SQL source (SQLAlchemy stays optional for CSV)."""
    import ast

    import govreport.sources

    folder = Path(govreport.sources.__file__).parent
    for name in ("csv.py", "sampledb.py", "base.py", "records.py", "tally.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported = {
            n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
        } | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "govreport.sources.sql" not in imported, name
