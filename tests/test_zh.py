"""Chinese formatting: dates, counts, money with 四舍五入, percentages, numerals, ordinals."""

from __future__ import annotations

import contextlib
import datetime as dt
import locale
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import zh
from govreport.errors import DateError
from govreport.model import BLANK, NA, Amount, Unit


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_gb_dates_have_no_zero_padding(d: dt.date) -> None:
    """GB/T 9704 dates: full year, month and day without leading zeros."""
    text = zh.date_gb(d)
    assert text == f"{d.year}年{d.month}月{d.day}日"
    assert "年0" not in text
    assert "月0" not in text


def test_hanzi_dates() -> None:
    """Dates in Chinese numerals write the year digit by digit with 〇."""
    assert zh.date_hanzi(dt.date(2021, 1, 30)) == "二〇二一年一月三十日"
    assert zh.date_hanzi(dt.date(2019, 12, 11)) == "二〇一九年十二月十一日"


_ANY_DATE = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(_ANY_DATE)
def test_dates_round_trip_through_gb_iso_and_hanzi(d: dt.date) -> None:
    """Any date printed by date_gb, isoformat or date_hanzi reads back as itself."""
    assert zh.parse_date(zh.date_gb(d)) == d
    assert zh.parse_date(d.isoformat()) == d
    assert zh.parse_date(d.isoformat(), iso=True) == d
    assert zh.parse_date(zh.date_hanzi(d)) == d
    assert zh.parse_date(d.strftime("%Y%m%d"), compact=True) == d


@given(st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_datetimes_give_their_date(t: dt.datetime) -> None:
    """A datetime, or its ISO text when a time is allowed, gives its date."""
    assert zh.parse_date(t) == t.date()
    assert zh.parse_date(t.isoformat(sep=" "), time=True) == t.date()
    assert zh.parse_date(t.isoformat(), iso=True, time=True) == t.date()


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("2024-03-05", {}),
        ("2024-3-5", {}),
        ("2024/3/5", {}),
        ("2024.3.5", {}),
        ("2024年3月5日", {}),
        ("2024年3月5", {}),
        ("2024-03-05日", {}),
        (" 2024 年 3 月 5 日 ", {}),
        ("２０２４－０３－０５", {}),
        ("２０２４-3-5", {"fullwidth": False}),
        ("二〇二四年三月五日", {}),
        ("二○二四年三月五日", {}),
        ("二O二四年三月五日", {}),
        ("二零二四年三月五日", {}),
        ("2024-03-05 10:00:00", {"time": True}),
        ("2024/3/5T10:00", {"time": True}),
        ("2024-03-05T10:00:00+08:00", {"iso": True, "time": True}),
        ("20240305", {"compact": True}),
        ("20240305", {"iso": True, "compact": True}),
        ("45356", {"serial": True}),
        ("45356.75", {"serial": True, "time": True}),
    ],
)
def test_parse_date_reads_every_accepted_form(text: str, options: dict[str, bool]) -> None:
    """Each spelling the readers accept gives 5 March 2024."""
    assert zh.parse_date(text, **options) == dt.date(2024, 3, 5)


def test_parse_date_hanzi_months_and_days() -> None:
    """Months and days in numerals: 十, 十一, 二十, 三十一, 二十〇."""
    assert zh.parse_date("二〇二一年十月十日") == dt.date(2021, 10, 10)
    assert zh.parse_date("二〇二一年十二月三十一日") == dt.date(2021, 12, 31)
    assert zh.parse_date("二〇二一年一月二十〇日") == dt.date(2021, 1, 20)
    assert zh.parse_date("二〇二一年一十一月一十九日") == dt.date(2021, 11, 19)


def test_parse_date_objects_and_serials() -> None:
    """Dates pass; datetimes give their date unless refused; Excel serials only when allowed."""
    assert zh.parse_date(dt.date(2024, 3, 5)) == dt.date(2024, 3, 5)
    assert zh.parse_date(dt.datetime(2024, 3, 5, 23, 59)) == dt.date(2024, 3, 5)
    with pytest.raises(DateError, match="not a date"):
        zh.parse_date(dt.datetime(2024, 3, 5), datetimes=False)
    assert zh.parse_date(45356, serial=True) == dt.date(2024, 3, 5)
    assert zh.parse_date(Decimal("45356"), serial=True) == dt.date(2024, 3, 5)
    assert zh.parse_date(45356.5, serial=True, time=True) == dt.date(2024, 3, 5)
    assert zh.parse_date(1, serial=True) == dt.date(1900, 1, 1)
    assert zh.parse_date(59, serial=True) == dt.date(1900, 2, 28)
    assert zh.parse_date(61, serial=True) == dt.date(1900, 3, 1)
    for bad in (60, 0, 45356.5, 10**8):
        with pytest.raises(DateError):
            zh.parse_date(bad, serial=True)
    for bad in (45356, 45356.0, Decimal(45356), True, None, [2024, 3, 5]):
        with pytest.raises(DateError, match="不是日期"):
            zh.parse_date(bad)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("", {}),
        ("   ", {}),
        ("三号", {}),
        ("3/5/2024", {}),
        ("05.03.2024", {}),
        ("2024-03", {}),
        ("2024-03-05 10:00", {}),
        ("2024-03-05x", {"time": True}),
        ("20240305", {}),
        ("20240305 10:00", {"compact": True, "time": True}),
        ("45356", {}),
        ("2024-3-5", {"iso": True}),
        ("2024/03/05", {"iso": True}),
        ("２０２４-03-05", {"iso": True}),
        ("2024-W10-2", {"iso": True, "compact": True}),
        ("2024-03-052", {"iso": True, "time": True}),
        ("二〇二四年三月五日", {"hanzi": False}),
        ("二〇二四年三月五日", {"iso": True}),
        ("2024／3／5", {"fullwidth": False}),
        ("2024年三月五日", {}),
        ("二〇二四年3月5日", {}),
        ("二〇二四年三月五", {}),
        ("二四年三月五日", {}),
        ("二〇二四年一二月五日", {}),
        ("二〇二四年〇十一月五日", {}),
        ("两〇二四年三月五日", {}),
        ("贰〇贰肆年三月五日", {}),
    ],
)
def test_parse_date_refuses_other_text(text: str, options: dict[str, bool]) -> None:
    """Anything else is a DateError (a ValueError) that says so in Chinese and English."""
    with pytest.raises(DateError, match=r"^不是日期 \(not a date\): "):
        zh.parse_date(text, **options)


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2023年2月29日", "2024-13-01", "二〇二一年一月三十二日"]
)
def test_parse_date_refuses_days_that_do_not_exist(text: str) -> None:
    """A date's form naming no day is refused as such, not with Python's own message."""
    with pytest.raises(ValueError, match=r"^不是有效的日期 \(no such day\): "):
        zh.parse_date(text)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),
        (Decimal("0.005"), 2, "0.01"),
        (Decimal("96171.6"), 2, "96171.60"),
        (Decimal("-1.25"), 1, "-1.3"),
    ],
)
def test_money_rounds_half_up(value: Decimal, places: int, expected: str) -> None:
    """Money rounds 四舍五入 (half up), not babel's default half-even."""
    assert zh.money(value, "万元", places, with_unit=False) == expected


def test_money_units_and_grouping() -> None:
    """Money carries 元 or 万元; grouping is off unless asked for; floats are refused."""
    assert zh.money(Decimal(251000), "元", 0) == "251000元"
    assert zh.money(Decimal(251000), "元", 0, grouping=True) == "251,000元"
    with pytest.raises(ValueError, match="金额单位"):
        zh.money(Decimal(1), "美元")
    with pytest.raises(TypeError):
        zh.money(0.1)  # type: ignore[arg-type]


def test_formatting_ignores_the_machine_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A German machine locale changes nothing: zh_CN is passed explicitly."""
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
    try:
        assert zh.money(Decimal("1234.5"), "元", 2, grouping=True) == "1,234.50元"
        assert zh.percent(1, 3, 2) == "33.33%"
    finally:
        locale.setlocale(locale.LC_ALL, "C")


def test_percentages() -> None:
    """Percentages round half up and refuse a zero whole."""
    assert zh.percent(258, 805, 1) == "32.0%"
    assert zh.percent(Decimal("0.0005"), places=1) == "0.1%"
    with pytest.raises(ZeroDivisionError):
        zh.percent(1, 0)


def test_cells_print_as_the_tables_print_them() -> None:
    """Counts plain, money as given (all places kept, no exponent), blank empty, n/a "/"."""
    assert zh.cell(3985758) == "3985758"
    assert zh.cell(Decimal("1E+2")) == "100"
    assert zh.cell(Decimal("0.000001")) == "0.000001"
    assert zh.cell(Amount(Decimal("25.1"), Unit.WAN_YUAN)) == "25.1万元"
    assert zh.cell(BLANK) == ""
    assert zh.cell(NA) == "/"
    with pytest.raises(TypeError):
        zh.cell(True)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (100100, "十万零一百"),
        (3119, "三千一百一十九"),
        (100000000, "一亿"),
        (105000000, "一亿零五百万"),
    ],
)
def test_numerals(n: int, text: str) -> None:
    """Chinese numerals follow the usual reading, with 零 for skipped places."""
    assert zh.numeral(n) == text
    assert zh.parse_numeral(text) == n


@given(st.integers(min_value=0, max_value=10**10))
def test_numerals_round_trip(n: int) -> None:
    """parse_numeral(numeral(n)) == n."""
    assert zh.parse_numeral(zh.numeral(n)) == n


def test_parse_numeral_variants_and_errors() -> None:
    """两, 〇, full-width digits and digit-by-digit years are read; anything else is refused."""
    assert zh.parse_numeral("两百") == 200
    assert zh.parse_numeral("１２") == 12
    assert zh.parse_numeral("二〇二五") == 2025
    for bad in ("", "十十万万", "abc", "五五万万", "十十", "百", "零百", "五十三十", "一百二百"):
        with pytest.raises(ValueError, match="数字"):
            zh.parse_numeral(bad)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五百三十四万零十", 5_340_010),
        ("二万零十", 20_010),
        ("一百十", 110),
        ("一百五", 150),
        ("三万五", 35_000),
        ("一百零五", 105),
        ("一千零五十", 1_050),
    ],
)
def test_parse_numeral_reads_spoken_forms(text: str, value: int) -> None:
    """零十 after a higher unit is ten, and a digit right after 百/千/万 is a tenth of that unit."""
    assert zh.parse_numeral(text) == value


def test_ordinals() -> None:
    """Heading ordinals of the four GB/T 9704 levels."""
    assert [zh.ordinal(1, 12), zh.ordinal(2, 1), zh.ordinal(3, 10), zh.ordinal(4, 3)] == [
        "十二、",
        "（一）",
        "10.",
        "（3）",
    ]
    with pytest.raises(ValueError, match="levels"):
        zh.ordinal(5, 1)


def test_filters_are_registered() -> None:
    """Template authors get the functions as Jinja filters."""
    assert {
        "date_gb",
        "date_hanzi",
        "count",
        "cell",
        "money",
        "percent",
        "numeral",
        "ordinal",
    } <= set(zh.FILTERS)
