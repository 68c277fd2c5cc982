"""One strict reading of every stored value, for every source: raw rows to records, or findings.

A source gives its rows as ``{field: value as stored}`` (:data:`FIELDS` names
the fields of each kind of record; a file's rows may add ``_path`` and
``_line``, for errors); :func:`build` makes the record, reading
dates with :func:`~govreport.sources.records.read_date` and numbers with
:func:`~govreport.sources.records.read_count` /
:func:`~govreport.sources.records.read_amount`. A value that is not what its
field needs is a finding naming the table, the record and the column, and the
record is left out; a NULL count stays ``None`` for the tally, which takes it
as zero with a ``missing_count`` warning where the table needs it. Nothing is guessed, truncated or compared as text.

>>> from govreport.sources.mapping import TableSource
>>> src = TableSource("台账", columns={"received": "收到日期"})
>>> findings = []
>>> build("applications", src, {"id": "A-1", "received": "昨天", "applicant": "个人"}, findings)
>>> str(findings[0])
'台账 收到日期 A-1: 收到日期 不是日期 (not a date): 昨天 [bad_date]'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from govreport.errors import DateError, LoadError
from govreport.model import Contact
from govreport.sources.mapping import TableSource
from govreport.sources.records import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    ContactRecord,
    NormativeDocument,
    SourceFinding,
    read_amount,
    read_count,
    read_date,
    split_codes,
)

__all__ = ["FIELDS", "Record", "build", "is_skip"]

#: The fields each kind of record is read from, in order.
FIELDS: dict[str, tuple[str, ...]] = {
    "applications": ("id", "agency", "received", "closed", "applicant", "outcome"),
    "cases": ("id", "agency", "kind", "filed", "concluded", "result"),
    "documents": ("id", "agency", "kind", "issued", "published", "repealed"),
    "counts": ("agency", "year", "kind", "decisions", "items", "amount_yuan"),
    "contacts": ("agency", "office", "address", "postcode", "phone"),
}

Record = ApplicationRecord | CaseRecord | NormativeDocument | AnnualCount | ContactRecord


def is_skip(finding: SourceFinding) -> bool:
    """Whether a reading finding left its record out (an error), rather than taking a value as zero."""
    return finding.severity == "error"


class _Bad(Exception):
    def __init__(self, rule: str, field: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.field, self.message = rule, field, message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _serial_like(value: object) -> bool:
    """Whether a value that is no date could be an Excel serial day (a number from 1 to 2958465).

    >>> _serial_like(45356), _serial_like("45356"), _serial_like(20240305), _serial_like("昨天")
    (True, True, False, False)
    """
    try:
        number = read_amount(value)
    except ValueError:
        return False
    return number is not None and 1 <= number <= 2_958_465


def build(
    kind: str,
    source: TableSource,
    values: dict[str, Any],
    findings: list[SourceFinding] | None,
    separator: str = ";",
) -> Record | None:
    """The record of ``kind`` one row holds; ``None``, with a finding, when a value is unusable.

    With ``findings`` ``None`` an unusable value raises
    :class:`~govreport.errors.LoadError` instead (for callers that want the
    records or nothing).
    """
    record_id = _text(values.get("id"))

    def column(field: str) -> str:
        return source.column_of(field) or field

    def date(field: str) -> Any:
        value = values.get(field)
        excel = field in source.excel_dates
        try:
            return read_date(value, excel=excel)
        except (DateError, ValueError):
            hint = ""
            if excel:
                hint = "（不是有效的 Excel 日期序号 (no Excel serial day)）"
            elif _serial_like(value):
                hint = (
                    "（可能是 Excel 日期序号；若是，在映射文件中写 "
                    f"excel_dates: [{field}] (an Excel serial? say so in the mapping)）"
                )
            raise _Bad(
                "bad_date", field, f"{column(field)} 不是日期 (not a date): {_text(value)}{hint}"
            ) from None

    def count(field: str) -> int | None:
        value = values.get(field)
        try:
            number = read_count(value)
        except ValueError:
            raise _Bad(
                "bad_number", field, f"{column(field)} 不是整数 (not a whole number): {value!r}"
            ) from None
        if number is not None and number < 0:
            raise _Bad("bad_number", field, f"{column(field)} 是负数 (negative): {value!r}")
        return number

    def amount(field: str) -> Any:
        value = values.get(field)
        try:
            return read_amount(value)
        except ValueError:
            raise _Bad(
                "bad_number", field, f"{column(field)} 不是数字 (not a number): {value!r}"
            ) from None

    makers: dict[str, Callable[[], Record]] = {
        "applications": lambda: ApplicationRecord(
            record_id,
            date("received"),
            date("closed"),
            _text(values.get("applicant")),
            split_codes(values.get("outcome"), separator),
        ),
        "cases": lambda: CaseRecord(
            record_id,
            _text(values.get("kind")),
            date("filed"),
            date("concluded"),
            None if values.get("result") is None else _text(values.get("result")) or None,
        ),
        "documents": lambda: _document(record_id, values, date),
        "counts": lambda: _count_record(values, count, amount),
        "contacts": lambda: ContactRecord(
            _text(values.get("agency")),
            _contact(values),
        ),
    }
    if kind == "counts":
        record_id = f"{_text(values.get('kind'))}/{_text(values.get('year'))}"
    try:
        record = makers[kind]()
    except _Bad as bad:
        finding = SourceFinding(
            bad.rule, record_id, bad.message, table=source.name, column=column(bad.field)
        )
        if findings is None:
            raise LoadError(
                f"{finding.location}: {bad.message}",
                path=values.get("_path"),
                line=values.get("_line"),
                key=column(bad.field),
            ) from None
        findings.append(finding)
        return None
    return record


def _document(record_id: str, values: dict[str, Any], date: Callable[[str], Any]) -> Record:
    issued = date("issued")
    published = date("published")
    return NormativeDocument(
        record_id, _text(values.get("kind")), issued, date("repealed"), published or issued
    )


def _count_record(
    values: dict[str, Any],
    count: Callable[[str], int | None],
    amount: Callable[[str], Any],
) -> Record:
    year = count("year")
    if year is None:
        raise _Bad("bad_number", "year", "缺少年度 (no year)")
    return AnnualCount(
        _text(values.get("kind")), year, count("decisions"), count("items"), amount("amount_yuan")
    )


def _contact(values: dict[str, Any]) -> Contact:
    return Contact(*(_text(values.get(f)) for f in ("office", "address", "postcode", "phone")))
