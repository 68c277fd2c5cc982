"""Reading dates: the one parser behind data files, CSV ledgers and database records.

:func:`parse_date` reads every spelling govreport accepts and refuses the
rest with a :class:`DateError` (a :class:`ValueError`). What a caller takes
beyond the common forms is switched on by keyword, so each reader keeps its
own contract:

* always: :class:`datetime.date`; a :class:`datetime.datetime` gives its date
  (unless ``datetimes=False``); ``2024-03-05``, ``2024-3-9``, ``2024/3/5``,
  ``2024.3.5``, ``2024年3月5日`` (whitespace around the separators is allowed);
* ``hanzi`` (on): ``二〇二一年一月三十日``, the year digit by digit (``〇``,
  ``零``, ``○`` or ``O`` for zero), month and day as numerals (``十二``, ``三十一``);
* ``fullwidth`` (on): full-width digits and punctuation (``２０２４－３－５``);
* ``iso`` (off): only ``YYYY-MM-DD`` in ASCII digits, nothing else written;
* ``compact`` (off): eight digits, ``20240305``;
* ``time`` (off): a time of day after a space or ``T`` is ignored;
* ``serial`` (off): an Excel serial day number (``45356`` is 2024-03-05).

>>> parse_date("2024年3月5日"), parse_date("二〇二一年一月三十日")
(datetime.date(2024, 3, 5), datetime.date(2021, 1, 30))
>>> parse_date("20240305", compact=True)
datetime.date(2024, 3, 5)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from govreport.errors import DateError
from govreport.zh._numerals import parse_numeral

__all__ = ["parse_date"]


#: 年 月 日 written with Arabic digits, any of the separators, mixed as people mix them.
_NUMERIC = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ISO_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_ZERO = "〇零○O"
#: A month or day in numerals: 一 … 九, or a 十 with an optional tens digit and ones digit.
_HANZI_MD = rf"[{_ZERO}一二三四五六七八九]|[一二三四五六七八九]?十[{_ZERO}一二三四五六七八九]?"
_HANZI = re.compile(
    rf"([{_ZERO}一二三四五六七八九]{{4}})\s*年\s*({_HANZI_MD})\s*月\s*({_HANZI_MD})\s*日"
)
#: What may follow a date when ``time`` is allowed: a space or ``T``, then the time.
_TIME = r"(?:[ T].*)?"
#: Excel's day 1 is 1900-01-01; it counts a 29 February 1900 that never was (day 60).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_LAST = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days


def _hanzi_value(text: str) -> int:
    return parse_numeral(re.sub(f"[{_ZERO}]", "〇", text))


def _make(original: object, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError.no_such_day(original) from None


def _serial(original: object, number: Decimal, time: bool) -> dt.date:
    if not number.is_finite() or (number != number.to_integral_value() and not time):
        raise DateError.not_a_date(original)
    days = int(number)
    if not 1 <= days <= _EXCEL_LAST or days == 60:
        raise DateError.no_such_day(original)
    return _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))


def parse_date(
    value: object,
    *,
    hanzi: bool = True,
    fullwidth: bool = True,
    iso: bool = False,
    compact: bool = False,
    time: bool = False,
    serial: bool = False,
    datetimes: bool = True,
) -> dt.date:
    """The date ``value`` names, or :class:`DateError`; the keywords widen or narrow what is taken.

    >>> parse_date("2024/3/5"), parse_date(" 2024 . 3 . 5 "), parse_date("２０２４－３－５")
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), datetime.date(2024, 3, 5))
    >>> parse_date("2024-03-05 10:00:00", time=True), parse_date(45356, serial=True)
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5))
    >>> parse_date("2024-3-5", iso=True)
    Traceback (most recent call last):
    govreport.errors.DateError: 不是日期 (not a date): '2024-3-5'
    >>> parse_date("2024年2月30日")
    Traceback (most recent call last):
    govreport.errors.DateError: 不是有效的日期 (no such day): '2024年2月30日'
    """
    if isinstance(value, dt.datetime):
        if not datetimes:
            raise DateError.not_a_date(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if serial:
            return _serial(value, Decimal(repr(value) if isinstance(value, float) else value), time)
        raise DateError.not_a_date(value)
    if not isinstance(value, str):
        raise DateError.not_a_date(value)
    text = value.strip()
    if fullwidth and not iso:
        text = unicodedata.normalize("NFKC", text)
    suffix = _TIME if time else ""
    if iso:
        forms = [_ISO, *([_ISO_COMPACT] if compact else [])]
    else:
        forms = [_NUMERIC, *([_COMPACT] if compact else [])]
    for form in forms:
        # a time of day may follow the separated forms only (as it does in ISO 8601)
        m = re.fullmatch(form.pattern + (suffix if form in (_ISO, _NUMERIC) else ""), text)
        if m:
            return _make(value, *(int(g) for g in m.groups()))
    if hanzi and not iso:
        m = re.fullmatch(_HANZI.pattern + suffix, text)
        if m:
            return _make(value, *(_hanzi_value(g) for g in m.groups()))
    if serial and re.fullmatch(r"\d+(?:\.\d*)?", text):
        return _serial(value, Decimal(text), time)
    raise DateError.not_a_date(value)
