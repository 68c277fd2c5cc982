"""Chinese formatting and reading: dates, counts, money, percentages, numerals and heading ordinals.

Pure functions. Numbers go through babel with the ``zh_CN`` locale passed
explicitly (never the machine's locale); rounding is done first with
:class:`~decimal.Decimal` and ``ROUND_HALF_UP`` (四舍五入), because babel
rounds half-even by default.

>>> import datetime as dt
>>> from decimal import Decimal
>>> date_gb(dt.date(2021, 1, 30)), date_hanzi(dt.date(2021, 1, 30))
('2021年1月30日', '二〇二一年一月三十日')
>>> money(Decimal("0.125"), "万元"), percent(258, 805)
('0.13万元', '32.0%')
>>> numeral(105), parse_numeral("二十一"), ordinal(2, 3)
('一百零五', 21, '（三）')

Numbers written as digits are read by one reader, whatever the source (no
exponent, no float, at most :data:`MAX_DIGITS` significant digits):

>>> parse_count("0012"), parse_decimal("25.10")
(12, Decimal('25.10'))

Dates are read back by one parser, whatever the source:

>>> parse_date("2021年1月30日") == parse_date("二〇二一年一月三十日") == dt.date(2021, 1, 30)
True

The formatting functions are registered as Jinja filters for template authors in
:data:`FILTERS`.
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.zh._dates import parse_date
from govreport.zh._format import (
    FILTERS,
    LOCALE,
    cell,
    count,
    date_gb,
    date_hanzi,
    money,
    ordinal,
    percent,
)
from govreport.zh._numbers import MAX_DIGITS, parse_count, parse_decimal
from govreport.zh._numerals import (
    numeral,
    parse_numeral,
)

__all__ = [
    "FILTERS",
    "LOCALE",
    "MAX_DIGITS",
    "cell",
    "count",
    "date_gb",
    "date_hanzi",
    "money",
    "numeral",
    "ordinal",
    "parse_count",
    "parse_date",
    "parse_decimal",
    "parse_numeral",
    "percent",
]

_publish(globals(), __name__, __all__)
