"""The one reader of numbers written as digits, for every source: data files, workbooks, ledgers.

A count is plain decimal digits (a sign only where the column is signed);
an amount is plain decimal digits with an optional fraction. Nothing else
is a number here: no exponent (``1e3``), no YAML 1.1 forms (``0x1F``,
``1:30``, ``1_000``, ``+12``), no infinity or NaN, no float. Full-width digits
are read as their ASCII forms. A count has at most :data:`MAX_DIGITS`
significant digits, the most an Excel cell (a binary double) holds exactly,
so that a count reads the same from every source; an amount is exact
Decimal, limited to :data:`MAX_DIGITS` only where a caller asks (a workbook).

>>> parse_count("１２"), parse_decimal("96171.60")
(12, Decimal('96171.60'))
>>> parse_count("0x1F")
Traceback (most recent call last):
ValueError: 应为十进制数字，实为“0x1F”
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = ["MAX_DIGITS", "parse_count", "parse_decimal"]

#: The most significant digits a number may have (an IEEE double holds 15 exactly).
MAX_DIGITS = 15

_COUNT = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _digits(number: str) -> int:
    return len(number.lstrip("-").replace(".", "").lstrip("0"))


def parse_count(text: str, *, signed: bool = False) -> int:
    """The whole number ``text`` writes in plain decimal digits, else :class:`ValueError`.

    ``signed`` allows a leading ``-``. Leading zeros are decimal (``010`` is 10).

    >>> parse_count("010"), parse_count("-3", signed=True)
    (10, -3)
    >>> parse_count("1e300")
    Traceback (most recent call last):
    ValueError: 应为十进制数字，实为“1e300”
    >>> parse_count("1234567890123456")
    Traceback (most recent call last):
    ValueError: 数字“1234567890123456”超过 15 位有效数字
    """
    s = _normal(text)
    if not _COUNT.fullmatch(s) or (s.startswith("-") and not signed):
        raise ValueError(f"应为十进制数字，实为“{text}”")
    if _digits(s) > MAX_DIGITS:
        raise ValueError(f"数字“{text}”超过 {MAX_DIGITS} 位有效数字")
    return int(s)


def parse_decimal(text: str, *, max_digits: int | None = None) -> Decimal:
    """The number ``text`` writes in plain decimal digits with an optional fraction, else :class:`ValueError`.

    ``max_digits`` bounds the significant digits (a workbook's doubles hold :data:`MAX_DIGITS`).

    >>> parse_decimal("25.1"), parse_decimal("-0.5")
    (Decimal('25.1'), Decimal('-0.5'))
    >>> parse_decimal("0.30000000000000004", max_digits=MAX_DIGITS)
    Traceback (most recent call last):
    ValueError: 数字“0.30000000000000004”超过 15 位有效数字
    >>> parse_decimal("Infinity")
    Traceback (most recent call last):
    ValueError: 应为十进制数字，实为“Infinity”
    """
    s = _normal(text)
    if not _DECIMAL.fullmatch(s):
        raise ValueError(f"应为十进制数字，实为“{text}”")
    if max_digits is not None and _digits(s) > max_digits:
        raise ValueError(f"数字“{text}”超过 {max_digits} 位有效数字")
    return Decimal(s)
