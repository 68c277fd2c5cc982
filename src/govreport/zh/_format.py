"""Chinese formatting: dates, counts, money, percentages, numerals and heading ordinals.

Pure functions. Numbers go through babel with the ``zh_CN`` locale passed
explicitly (never the machine's locale); rounding is done first with
:class:`~decimal.Decimal` and ``ROUND_HALF_UP`` (四舍五入), because babel
rounds half-even by default.

>>> import datetime as dt
>>> date_gb(dt.date(2021, 1, 30)), date_hanzi(dt.date(2021, 1, 30))
('2021年1月30日', '二〇二一年一月三十日')
>>> money(Decimal("0.125"), "万元"), percent(258, 805)
('0.13万元', '32.0%')
>>> numeral(105), parse_numeral("二十一"), ordinal(2, 3)
('一百零五', 21, '（三）')

The functions are registered as Jinja filters for template authors in
:data:`FILTERS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from babel.numbers import format_decimal

from govreport.model import Amount, Cell, Mark
from govreport.zh._dates import parse_date
from govreport.zh._numerals import numeral, parse_numeral

__all__ = [
    "FILTERS",
    "LOCALE",
    "cell",
    "count",
    "date_gb",
    "date_hanzi",
    "money",
    "numeral",
    "ordinal",
    "parse_numeral",
    "percent",
]

#: The locale every number is formatted in.
LOCALE = "zh_CN"

_DATE_DIGITS = "〇一二三四五六七八九"


def date_gb(d: dt.date) -> str:
    """A date as GB/T 9704 prints it: Arabic numerals, full year, no zero padding.

    >>> date_gb(dt.date(2025, 1, 5))
    '2025年1月5日'
    """
    return f"{d.year}年{d.month}月{d.day}日"


def date_hanzi(d: dt.date) -> str:
    """A date in Chinese numerals, the year digit by digit with 〇.

    >>> date_hanzi(dt.date(2020, 10, 1))
    '二〇二〇年十月一日'
    """
    year = "".join(_DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{numeral(d.month)}月{numeral(d.day)}日"


def count(n: int) -> str:
    """A count as the statistical tables print it: a plain integer, no grouping.

    >>> count(3985758), count(-2)
    ('3985758', '-2')
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"a count is an int, not {type(n).__name__} {n!r}")
    return str(n)


def _plain_decimal(value: Decimal) -> str:
    """A Decimal written out in full: no exponent, the places it has."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def cell(value: Cell) -> str:
    """Any table cell as printed: counts plain, money as given, blank empty, not-applicable "/".

    >>> cell(12), cell(Decimal("96171.600000")), cell(Amount(Decimal(35765))), cell(Mark.BLANK), cell(Mark.NA)
    ('12', '96171.600000', '35765元', '', '/')
    """
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Amount):
        return f"{_plain_decimal(value.value)}{value.unit.value}"
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    return count(value)


def _quantize(value: Decimal | int | str, places: int) -> Decimal:
    if places < 0:
        raise ValueError(f"places must be ≥ 0, not {places}")
    try:
        d = value if isinstance(value, Decimal) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"不是数字：{value!r}") from None
    if isinstance(value, float):
        raise TypeError("money is a Decimal, not a float")
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _babel(value: Decimal, places: int, grouping: bool) -> str:
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=False))


def money(
    value: Decimal | int,
    unit: str = "万元",
    places: int = 2,
    *,
    grouping: bool = False,
    with_unit: bool = True,
) -> str:
    """An amount of money with an explicit precision, rounded half up (四舍五入).

    >>> money(Decimal("2.5"), "元", 0), money(Decimal("1234567.891"), "元", 2, grouping=True)
    ('3元', '1,234,567.89元')
    >>> money(Decimal("96171.6"), places=1, with_unit=False)
    '96171.6'
    """
    if unit not in ("万元", "元"):
        raise ValueError(f"金额单位只能是 元 或 万元，不是 {unit!r}")
    if isinstance(value, float):
        raise TypeError("money is a Decimal, not a float")
    text = _babel(_quantize(value, places), places, grouping)
    return text + unit if with_unit else text


def percent(
    numerator: Decimal | int, denominator: Decimal | int | None = None, places: int = 1
) -> str:
    """A percentage, rounded half up: ``percent(part, whole)`` or ``percent(ratio)``.

    >>> percent(35, 805, 2), percent(Decimal("0.3385")), percent(1, 3, 0)
    ('4.35%', '33.9%', '33%')
    """
    ratio = Decimal(numerator)
    if denominator is not None:
        if Decimal(denominator) == 0:
            raise ZeroDivisionError("percent of a zero whole")
        ratio = ratio / Decimal(denominator)
    return _babel(_quantize(ratio * 100, places), places, False) + "%"


def ordinal(level: int, n: int) -> str:
    """A heading ordinal of GB/T 9704: level 1 「一、」, 2 「（一）」, 3 「1.」, 4 「（1）」.

    >>> [ordinal(level, 2) for level in (1, 2, 3, 4)]
    ['二、', '（二）', '2.', '（2）']
    """
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    if level == 1:
        return f"{numeral(n)}、"
    if level == 2:
        return f"（{numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading levels are 1 to 4, not {level}")


def _date_filter(value: Any, style: str = "gb") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_date(value, iso=True, compact=True)
    return date_hanzi(value) if style == "hanzi" else date_gb(value)


#: The functions above as Jinja filters, for template authors.
FILTERS: Mapping[str, Callable[..., str]] = MappingProxyType(
    {
        "date_gb": date_gb,
        "date_hanzi": date_hanzi,
        "count": count,
        "cell": cell,
        "money": money,
        "percent": percent,
        "numeral": numeral,
        "ordinal": ordinal,
        "zh_date": _date_filter,
    }
)
