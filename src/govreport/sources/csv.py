"""CSV ledgers (UTF-8, with or without BOM, or GB18030) and Excel sheets, as case systems export them.

Each part of the mapping names its ``file:`` (relative to the mapping file)
instead of a ``table:``; the columns are named by the header row. A file
ending in ``.xlsx`` is read as an Excel workbook (the ``excel`` extra), from
the part's ``sheet:`` or the first sheet. Dates may
be written ``2024-03-05``, ``2024/3/5``, ``2024.3.5`` or ``2024年3月5日``,
optionally followed by a time (see :func:`parse_date`).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "apps.csv").write_bytes("id,received,closed,applicant,outcome\\n1,2024/3/5,,个人,\\n".encode("gb18030"))
>>> m = Mapping.from_dict({"applications": {"file": "apps.csv", "columns": {"agency": ""},
...                                         "applicant_codes": {"个人": "natural_person"}}}, base=d)
>>> src = CsvSource(m)
>>> r = src.tally_applications(None, 2024)
>>> r.table.carried_forward.natural_person
1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govreport import zh
from govreport._text import decode
from govreport.errors import LoadError
from govreport.sources._reading import FIELDS
from govreport.sources.base import RecordSourceBase
from govreport.sources.mapping import Mapping, TableSource

__all__ = ["CsvSource", "parse_date", "read_rows"]

#: What a ledger cell may hold as a date (see :func:`govreport.zh.parse_date`): Arabic digits with
#: any of the separators, a time of day after it ignored; no Chinese numerals, no full-width punctuation.
_DATE_FORMS: dict[str, bool] = {"hanzi": False, "fullwidth": False, "time": True}


def parse_date(text: str) -> dt.date | None:
    """A date as ledgers write it; ``None`` for an empty cell; ``ValueError`` for anything else.

    Reads through :func:`govreport.zh.parse_date` with the ledger forms above.

    >>> parse_date("2024/3/5"), parse_date("2024年12月31日"), parse_date(" ")
    (datetime.date(2024, 3, 5), datetime.date(2024, 12, 31), None)
    """
    if not text.strip():
        return None
    return zh.parse_date(text, **_DATE_FORMS)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _read_xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        import openpyxl
    except ModuleNotFoundError as e:
        from govreport.errors import MissingExtraError

        raise MissingExtraError("openpyxl", "excel") from e
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise LoadError(f"不是有效的 Excel 工作簿 (not an .xlsx workbook): {e}", path=path) from e
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise LoadError(
                f"没有工作表 {sheet!r} (no such sheet)",
                path=path,
                key=sheet,
                suggestion="已有工作表: " + ", ".join(book.sheetnames),
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [_cell_text(v) for v in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            texts = [_cell_text(v) for v in values]
            if not any(texts):
                continue
            yield number, {h: t for h, t in zip(header, texts, strict=False) if h}
    finally:
        book.close()


def read_rows(
    path: Path, encoding: str | None = None, sheet: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file or Excel sheet as ``(line number, {header: value})``, streamed.

    Without ``encoding``, UTF-8 (BOM or not) is tried first, then GB18030
    (govreport's one decoder, :func:`govreport._text.decode`); a file that is
    neither, or UTF-8 with a fragment in another encoding, raises
    :class:`~govreport.errors.EncodingError` with the byte offset and line.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes("\\ufeff编号,类型\\n1,复议\\n".encode("utf-8"))
    >>> list(read_rows(p))
    [(2, {'编号': '1', '类型': '复议'})]
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _read_xlsx(path, sheet)
        return
    text = decode(path.read_bytes(), str(path), encoding=encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


class CsvSource(RecordSourceBase):
    """CSV files laid out and coded as ``mapping`` says; the same methods as :class:`~govreport.sources.sql.SqlSource`.

    Records are read into Python and tallied by the reference implementation;
    every value goes through the same strict reading as a database's. A part
    may name several files (``tables:``), each with its columns and constants.
    """

    def __init__(self, mapping: Mapping, *, encoding: str | None = None) -> None:
        self.mapping = mapping
        self.encoding = encoding

    def close(self) -> None:
        """Nothing to release (the files are read when tallied).

        >>> CsvSource(Mapping()).close()
        """

    def rows(
        self, kind: str, agency: str | None = None
    ) -> Iterator[tuple[TableSource, dict[str, Any]]]:
        """The rows of one kind of record, each with its file, as ``{field: text}``.

        >>> list(CsvSource(Mapping()).rows("applications"))
        []
        """
        part = getattr(self.mapping, kind)
        if part is None:
            return
        fields = FIELDS[kind]
        for source in part.sources:
            if source.file is None:
                continue
            path = self.mapping.base / source.file
            filter_agency = agency is not None and source.has("agency")
            for line, row in read_rows(path, self.encoding, source.sheet):
                out: dict[str, Any] = {}
                for f in fields:
                    value = source.value_of(f)
                    col = source.column_of(f)
                    if value is None and col is not None:
                        if col not in row:
                            raise LoadError(
                                f"CSV 文件没有列 {col!r} (no such column)",
                                path=path,
                                line=1,
                                key=col,
                                suggestion="已有列: " + ", ".join(row),
                            )
                        value = row[col]
                    out[f] = value
                if filter_agency and out.get("agency") != agency:
                    continue
                if not out.get("id") and kind in ("applications", "cases", "documents"):
                    out["id"] = f"{source.file}:{line}"
                out["_path"], out["_line"] = path, line
                yield source, out

    def agencies(self) -> list[str]:
        """The agencies the applications and contacts files name, sorted (the mapping's, for one agency's).

        >>> CsvSource(Mapping()).agencies()
        []
        """
        if self.mapping.agency is not None:
            return [self.mapping.agency]
        names: set[str] = set()
        for kind in ("applications", "contacts"):
            for _, row in self.rows(kind, None):
                if row.get("agency"):
                    names.add(str(row["agency"]))
        return sorted(names)
