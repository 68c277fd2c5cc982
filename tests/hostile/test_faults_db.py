"""The database going away in the middle of a tally: a clear error naming the database and the table, no output.

The sample ledger is copied to PostgreSQL; the mapping reads the
applications through a query that ends its own server connection
(``pg_terminate_backend(pg_backend_pid())``, what an administrator or a
server restart does), so the connection is lost at the same point every run.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from support.servers import copy_sqlite
from support.system import module

sa = module("sqlalchemy")


@pytest.fixture
def ledger(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The sample ledger in a fresh PostgreSQL schema: its URL and the sample's mapping file."""
    done = subprocess.run(
        [sys.executable, "-m", "govreport", "sample-db", "-o", str(tmp_path / "sample")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    schema = f"faults_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        copy_sqlite(tmp_path / "sample" / "ledger.sqlite", engine, schema)
        yield schema, tmp_path / "sample" / "mapping.yaml"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_a_connection_lost_mid_tally_names_the_database_and_the_table(
    pg_url: str, ledger: tuple[str, Path], tmp_path: Path
) -> None:
    """The server ends the connection during the applications' query: exit 2, database and table named, no file."""
    schema, mapping_path = ledger
    mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8"))
    table = mapping["applications"].pop("table")
    mapping["applications"]["query"] = (
        f'SELECT t.* FROM "{schema}"."{table}" t, '
        "(SELECT pg_terminate_backend(pg_backend_pid()) AS gone) k"
    )
    hostile = tmp_path / "mapping.yaml"
    hostile.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    listed = subprocess.run(
        [sys.executable, "-m", "govreport", "from-db", "--url", pg_url, "--schema", schema,
         "--mapping", str(mapping_path), "--list-agencies"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    agency = listed.stdout.split("\n")[0].split("\t")[0].strip()
    out = tmp_path / "out" / "report.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "govreport", "from-db", "--url", pg_url, "--schema", schema,
         "--mapping", str(hostile), "--agency", agency, "--year", "2024", "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    line = done.stderr.strip().splitlines()[-1]
    database = pg_url.split("@")[-1]
    assert line.startswith("govreport from-db: "), line
    assert database in line, line
    assert "数据库连接中断 (connection lost)" in line, line
    assert "applications" in line, line
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
