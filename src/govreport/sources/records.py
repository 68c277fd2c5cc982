"""An agency's own records, as typed immutable values.

The records carry the agency's *codes* (an applicant type such as ``企业``,
an outcome such as ``GK``); a :class:`~govreport.sources.mapping.Mapping`
translates them to the statutory categories when the records are tallied.
Dates are :class:`datetime.date`; a missing date is ``None``.

>>> import datetime as dt
>>> r = ApplicationRecord("A-1", dt.date(2024, 3, 1), dt.date(2024, 3, 20), "个人", ("GK",))
>>> r.is_open, r.outcomes
(False, ('GK',))
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from govreport.model import Contact, Finding
from govreport.spec import Severity
from govreport.zh import parse_date

__all__ = [
    "AnnualCount",
    "ApplicationRecord",
    "CaseRecord",
    "ContactRecord",
    "NormativeDocument",
    "SourceFinding",
    "read_amount",
    "read_count",
    "read_date",
    "split_codes",
]


def _id(value: object) -> str:
    return "" if value is None else str(value)


def _codes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value)


#: What a record's date may be (see :func:`govreport.zh.parse_date`): a date or datetime as the
#: database driver gives it; text as ISO (``2024-03-05``, ``2024-03-05 10:00:00``), compact
#: (``20240305``), separated (``2024/3/5``, ``2024-3-9``) or Chinese (``2024年3月5日``); an integer
#: of eight digits (``20240305``, as a database column of integers holds it).
_DATE_FORMS: dict[str, bool] = {"compact": True, "time": True}


def read_date(value: object, *, excel: bool = False) -> dt.date | None:
    """The date a record's field holds (``None`` for NULL or empty text), or :class:`~govreport.errors.DateError`.

    ``excel``: the field's numbers are Excel serial days (the mapping's
    ``excel_dates``); without it a number other than ``YYYYMMDD`` is no date.

    >>> read_date("2024年3月5日"), read_date(20240305), read_date("2024-3-9"), read_date(None)
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), datetime.date(2024, 3, 9), None)
    >>> read_date(45356, excel=True), read_date(45356.5, excel=True), read_date("2024-03-05", excel=True)
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), datetime.date(2024, 3, 5))
    >>> read_date("yesterday")
    Traceback (most recent call last):
    govreport.errors.DateError: 不是日期 (not a date): 'yesterday'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if excel:
        return parse_date(value, serial=True, **_DATE_FORMS)
    if isinstance(value, int) and not isinstance(value, bool) and 10_000_000 <= value <= 99_991_231:
        return parse_date(str(value), compact=True)  # an INTEGER column holding YYYYMMDD
    return parse_date(value, **_DATE_FORMS)


def read_count(value: object) -> int | None:
    """The whole number a record's field holds (``None`` for NULL or empty text), or :class:`ValueError`.

    Never a truncation: ``88.0`` is 88, ``88.7`` is an error, and so is text
    that is not a whole number.

    >>> read_count(12), read_count("12"), read_count(88.0), read_count(None)
    (12, 12, 88, None)
    >>> read_count(88.7)
    Traceback (most recent call last):
    ValueError: 不是整数 (not a whole number): 88.7
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"不是整数 (not a whole number): {value!r}")
    if isinstance(value, int):
        return value
    number = read_amount(value)
    if number is None or number != number.to_integral_value():
        raise ValueError(f"不是整数 (not a whole number): {value!r}")
    return int(number)


def read_amount(value: object) -> Decimal | None:
    """The exact amount a record's field holds (``None`` for NULL or empty text), or :class:`ValueError`.

    >>> read_amount("12345.60"), read_amount(0.1), read_amount(" ")
    (Decimal('12345.60'), Decimal('0.1'), None)
    >>> read_amount("十二")
    Traceback (most recent call last):
    ValueError: 不是数字 (not a number): '十二'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise ValueError(f"不是数字 (not a number): {value!r}")
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        try:
            number = Decimal(text)
        except ArithmeticError:
            raise ValueError(f"不是数字 (not a number): {value!r}") from None
    else:
        raise ValueError(f"不是数字 (not a number): {value!r}")
    if not number.is_finite():
        raise ValueError(f"不是数字 (not a number): {value!r}")
    return number


def split_codes(value: object, separator: str) -> tuple[str, ...]:
    """The outcome codes held in one column, split on the mapping's separator.

    >>> split_codes("GK; BGK", ";"), split_codes(None, ";"), split_codes(3, ";")
    (('GK', 'BGK'), (), ('3',))
    """
    if value is None:
        return ()
    if not separator:
        text = str(value).strip()
        return (text,) if text else ()
    return tuple(p.strip() for p in str(value).split(separator) if p.strip())


def _optional_date(value: object) -> dt.date | None:
    return read_date(value)


@attrs.frozen
class ApplicationRecord:
    """One disclosure application of the ledger (依申请公开台账).

    ``outcomes`` holds the agency's outcome code(s); an application handled
    in parts has several. ``closed`` is ``None`` while it is open.

    >>> ApplicationRecord(7, "2024-01-05", None, "企业").id, ApplicationRecord(7, "2024-01-05", None, "企业").received
    ('7', datetime.date(2024, 1, 5))
    """

    id: str = attrs.field(converter=_id)
    received: dt.date | None = attrs.field(converter=_optional_date)
    closed: dt.date | None = attrs.field(converter=_optional_date)
    applicant: str = attrs.field(converter=_id)
    outcomes: tuple[str, ...] = attrs.field(default=(), converter=_codes)

    @property
    def is_open(self) -> bool:
        """Whether the application has not been closed.

        >>> ApplicationRecord("1", "2024-01-01", None, "个人").is_open
        True
        """
        return self.closed is None


@attrs.frozen
class CaseRecord:
    """One administrative review or lawsuit about disclosure.

    ``kind`` is the agency's code for 行政复议 / 未经复议直接起诉 / 复议后起诉;
    ``result`` its code for the result (``None`` while pending).

    >>> CaseRecord("F-1", "复议", "2024-05-01", None).concluded is None
    True
    """

    id: str = attrs.field(converter=_id)
    kind: str = attrs.field(converter=_id)
    filed: dt.date | None = attrs.field(converter=_optional_date)
    concluded: dt.date | None = attrs.field(converter=_optional_date)
    result: str | None = attrs.field(default=None)


@attrs.frozen
class NormativeDocument:
    """One entry of the register of 规章 and 行政规范性文件.

    ``published`` is when it was made public (defaults to ``issued``).

    >>> d = NormativeDocument("D-1", "规范性文件", "2023-06-01", None)
    >>> d.published
    datetime.date(2023, 6, 1)
    """

    id: str = attrs.field(converter=_id)
    kind: str = attrs.field(converter=_id)
    issued: dt.date | None = attrs.field(converter=_optional_date)
    repealed: dt.date | None = attrs.field(converter=_optional_date)
    published: dt.date | None = attrs.field(
        default=attrs.Factory(lambda self: self.issued, takes_self=True),
        converter=_optional_date,
    )


def _optional_amount(value: object) -> Decimal | None:
    return read_amount(value)


def _year(value: object) -> int:
    number = read_count(value)
    if number is None:
        raise ValueError("缺少年度 (no year)")
    return number


def _optional_count(value: object) -> int | None:
    return read_count(value)


@attrs.frozen
class AnnualCount:
    """A plain count the agency keeps per year: decisions, items and money of one activity.

    ``kind`` is the agency's code for 行政许可 / 行政处罚 / 行政强制 /
    其他对外管理服务事项 / 行政事业性收费 / 政府集中采购. ``decisions`` is the
    number of decisions (projects, for procurement), ``items`` the number of
    catalogued items at year end, ``amount_yuan`` money in 元. ``None``
    (NULL in the database) is a value not recorded: a table that needs it
    counts it as zero with a ``missing_count`` warning. A count must be a
    whole number (``88.7`` is refused, never truncated).

    >>> AnnualCount("收费", 2024, amount_yuan="12345.60").amount_yuan
    Decimal('12345.60')
    """

    kind: str = attrs.field(converter=_id)
    year: int = attrs.field(converter=_year)
    decisions: int | None = attrs.field(default=0, converter=_optional_count)
    items: int | None = attrs.field(default=None, converter=_optional_count)
    amount_yuan: Decimal | None = attrs.field(default=Decimal(0), converter=_optional_amount)


@attrs.frozen
class ContactRecord:
    """One agency's contact block as the records hold it: the agency, and the report's :class:`~govreport.model.Contact`.

    >>> r = ContactRecord("某某局", Contact(office="办公室", phone="010-1"))
    >>> r.agency, r.contact.office
    ('某某局', '办公室')
    """

    agency: str = attrs.field(converter=_id)
    contact: Contact = attrs.field(factory=Contact, validator=attrs.validators.instance_of(Contact))


@attrs.frozen(init=False)
class SourceFinding(Finding):
    """A record that could not be used as it is, named by its id: a :class:`~govreport.model.Finding`.

    ``rule`` is one of ``duplicate_id``, ``missing_date``, ``bad_date``,
    ``bad_number``, ``closed_before_received``, ``unmapped_code``,
    ``missing_outcome``, ``missing_count``; ``severity`` is ``error`` for a
    skipped record and ``warning`` for a value taken as zero. The record id
    is the finding's ``record`` (also ``record_id``); ``column`` names the
    column of the value, when one value is the reason.

    >>> f = SourceFinding("duplicate_id", "A-7", "申请编号重复", table="applications")
    >>> str(f), f.location.record
    ('applications A-7: 申请编号重复 [duplicate_id]', 'A-7')
    """

    def __init__(
        self,
        rule: str,
        record_id: str,
        message: str,
        table: str = "",
        severity: Severity = "error",
        column: str | None = None,
    ) -> None:
        self.__attrs_init__(
            rule, severity, table, None, column, None, None, message, record=record_id
        )

    @property
    def record_id(self) -> str:
        """The id of the record."""
        return self.record or ""
