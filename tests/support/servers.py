"""Databases on the servers the tests use: a SQLite file copied to PostgreSQL or MySQL.

The engines are SQLAlchemy's; SQLAlchemy is imported when a copy is made, so
importing this module needs no optional extra.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any


def copy_sqlite(sqlite_path: Path, engine: Any, schema: str) -> None:
    """Copy every table of a SQLite file to the server, with server types (DATE, INTEGER, NUMERIC, VARCHAR)."""
    import sqlalchemy as sa

    lite = sa.create_engine(f"sqlite:///{sqlite_path}")
    source = sa.MetaData()
    source.reflect(lite)
    target = sa.MetaData(schema=schema)
    for table in source.tables.values():
        columns = []
        for c in table.columns:
            kind = str(c.type).upper()
            if kind.startswith("DATE"):
                typ: Any = sa.Date
            elif kind.startswith("INT"):
                typ = sa.Integer
            elif kind.startswith("NUMERIC"):
                typ = sa.Numeric(14, 2)
            else:
                typ = sa.String(200)
            columns.append(sa.Column(c.name, typ, primary_key=c.primary_key))
        sa.Table(table.name, target, *columns)
    target.create_all(engine)
    con = sqlite3.connect(sqlite_path)
    with engine.begin() as conn:
        for table in source.tables.values():
            rows = con.execute(f'SELECT * FROM "{table.name}"').fetchall()
            names = [c.name for c in table.columns]
            dest = target.tables[f"{schema}.{table.name}"]
            values = []
            for row in rows:
                item = {}
                for name, value in zip(names, row, strict=True):
                    if isinstance(dest.c[name].type, sa.Date) and isinstance(value, str):
                        value = dt.date.fromisoformat(value)
                    item[name] = value
                values.append(item)
            if values:
                conn.execute(dest.insert(), values)
    con.close()
    lite.dispose()
