"""Chinese numerals: writing whole numbers (二十一, 一百零五) and reading them back.

No babel and no formatting here, so that the checks (which read numbers stated in
a report's narrative) can use the same reader as :mod:`govreport.zh`, which
re-exports both functions.

>>> numeral(3119), parse_numeral("三千一百一十九")
('三千一百一十九', 3119)
"""

from __future__ import annotations

__all__ = ["numeral", "parse_numeral"]

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def _below_10000(n: int, leading: bool) -> str:
    out: list[str] = []
    zero = False
    for unit, name in (*_SMALL_UNITS, (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if zero:
                out.append("零")
                zero = False
            if unit == 10 and digit == 1 and leading and not out:
                out.append(name)  # 十五, not 一十五
            else:
                out.append(_DIGITS[digit] + name)
        elif out:
            zero = True
    return "".join(out)


def _below_10e8(n: int, leading: bool) -> str:
    high, low = divmod(n, 10**4)
    if not high:
        return _below_10000(low, leading)
    text = _below_10000(high, leading) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low, False)
    return text


def numeral(n: int) -> str:
    """A whole number in Chinese numerals.

    >>> numeral(0), numeral(10), numeral(15), numeral(110), numeral(1001), numeral(20300), numeral(100000000)
    ('零', '十', '十五', '一百一十', '一千零一', '二万零三百', '一亿')
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"numeral takes an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"numeral takes a number ≥ 0, not {n}")
    if n == 0:
        return "零"
    if n < 10**8:
        return _below_10e8(n, True)
    high, low = divmod(n, 10**8)
    text = numeral(high) + "亿"
    if low:
        text += ("零" if low < 10**7 else "") + _below_10e8(low, False)
    return text


_NUMERAL_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {
    "〇": 0,
    "两": 2,
    "俩": 2,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_UNIT_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_VALUES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def parse_numeral(text: str) -> int:
    """The value of a number written in Chinese numerals (or Arabic and full-width digits).

    >>> parse_numeral("二十一"), parse_numeral("一百零五"), parse_numeral("十"), parse_numeral("两千")
    (21, 105, 10, 2000)
    >>> parse_numeral("三万五千"), parse_numeral("１２"), parse_numeral("二〇二一")
    (35000, 12, 2021)
    >>> parse_numeral("二万零十"), parse_numeral("一百五"), parse_numeral("一百零五")
    (20010, 150, 105)
    """
    s = text.strip()
    if not s:
        raise ValueError("空字符串不是数字 (empty numeral)")
    # Arabic and full-width digits
    ascii_digits = s.translate({0xFF10 + i: 0x30 + i for i in range(10)})
    if ascii_digits.isdigit() and ascii_digits.isascii():
        return int(ascii_digits)
    # digit-by-digit form (二〇二一)
    if all(c in _NUMERAL_VALUES for c in s) and len(s) > 1:
        return int("".join(str(_NUMERAL_VALUES[c]) for c in s))
    total = 0
    section = 0
    digit: int | None = None
    last_big = 10**12
    last_unit = 10**4  # the unit just above the next allowed one within a section
    after_unit = 0  # the unit (十…亿) written right before, so that 一百五 is 150
    zero_seen = False
    for c in s:
        if c in _NUMERAL_VALUES:
            if digit is not None and digit != 0:
                raise ValueError(f"无法识别的数字：{text!r}")
            digit = _NUMERAL_VALUES[c]
            zero_seen = zero_seen or digit == 0
            if digit == 0:
                after_unit = 0
        elif c in _UNIT_VALUES:
            unit = _UNIT_VALUES[c]
            if unit >= last_unit:
                raise ValueError(f"无法识别的数字：{text!r}")
            if not digit:
                # 十 alone is ten (十五, 一百十, 二万零十); 百 and 千 need their digit
                if unit != 10:
                    raise ValueError(f"无法识别的数字：{text!r}")
                digit = 1
            section += digit * unit
            digit = None
            last_unit = unit
            after_unit = unit
            zero_seen = False
        elif c in _BIG_VALUES:
            big = _BIG_VALUES[c]
            if big >= last_big:
                raise ValueError(f"无法识别的数字：{text!r}")
            section += digit or 0
            if section == 0:
                raise ValueError(f"无法识别的数字：{text!r}")
            total += section * big
            section = 0
            digit = None
            last_big = big
            last_unit = 10**4
            after_unit = big
            zero_seen = False
        else:
            raise ValueError(f"无法识别的数字：{text!r}")
    if digit and after_unit >= 100 and not zero_seen:
        # the colloquial short form: 一百五 = 150, 三万五 = 35000
        return total + section + digit * after_unit // 10
    return total + section + (digit or 0)
