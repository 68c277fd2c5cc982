"""Tests for govreport.load/loads/dump/dumps: formats, key styles, cells, errors, round trips."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from govreport import BLANK, NA, Amount, Edition, LoadError, Report, Unit
from govreport.errors import EncodingError
from govreport.formats._convert import converter
from govreport.model import (
    ApplicantCounts,
    Contact,
    Paragraph,
    Period,
    Scope,
)
from support import DATA, arbitrary_reports
from support.system import require

FORMATS = ("yaml", "json", "toml")
HEAD = "机关名称: 某某局\n年度: 2024\n"


def _err(text: str, fmt: str = "yaml", source: str = "报告.yaml") -> LoadError:
    with pytest.raises(LoadError) as info:
        govreport.loads(text, fmt, source=source)
    return info.value


# --------------------------------------------------------------------------- round trips


@settings(max_examples=150)
@given(report=arbitrary_reports(), fmt=st.sampled_from(FORMATS), labels=st.booleans())
def test_round_trip_is_exact(report: Report, fmt: str, labels: bool) -> None:
    """Writing any report and reading it back gives an equal report, in every format and key style."""
    text = govreport.dumps(report, fmt, labels=labels)
    assert govreport.loads(text, fmt) == report


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("labels", [False, True])
def test_dump_and_load_files(tmp_path: Path, fmt: str, labels: bool) -> None:
    """dump writes a file in the suffix's format that load reads back equal."""
    report = Report.new("某某局", 2020)
    path = govreport.dump(report, tmp_path / f"r.{fmt}", labels=labels)
    assert govreport.load(path) == report
    assert not list(tmp_path.glob(".*part"))


def test_money_decimals_are_kept_as_written() -> None:
    """A fee with six decimals stays exactly that Decimal in YAML, JSON and TOML."""
    for text, fmt in (
        (
            HEAD + "proactive_disclosure: {administrative_fees: {fee_amount_this_year: 0.123456}}",
            "yaml",
        ),
        (
            '{"agency":"x","year":2024,"proactive_disclosure":{"administrative_fees":'
            '{"fee_amount_this_year": 0.123456}}}',
            "json",
        ),
        (
            'agency="x"\nyear=2024\n[proactive_disclosure.administrative_fees]\n'
            "fee_amount_this_year = 0.123456\n",
            "toml",
        ),
    ):
        r = govreport.loads(text, fmt)
        value = r.proactive_disclosure.table.administrative_fees.fee_amount_this_year
        assert value == Decimal("0.123456")
        assert str(value) == "0.123456"


# --------------------------------------------------------------------------- key styles


def test_label_and_english_keys_mix_at_any_level() -> None:
    """Chinese labels and English keys can be mixed inside one table."""
    r = govreport.loads(
        HEAD
        + "applications:\n"
        + "  三、本年度办理结果:\n"
        + "    denied:\n"
        + "      1.属于国家秘密: {natural_person: 2, 商业企业: 1}\n"
        + "  carried_forward: {自然人: 4}\n"
    )
    t = r.applications.table
    assert (t.denied_state_secret.natural_person, t.denied_state_secret.commercial_enterprise) == (
        2,
        1,
    )
    assert t.carried_forward.natural_person == 4
    assert t.granted.natural_person is BLANK


@pytest.mark.parametrize(
    "label",
    [
        "(三)不予公开",
        "（三） 不予公开",
        "\u3000（三）不予公开",
        "（三）不予公开",
    ],
)
def test_bracket_and_space_variants(label: str) -> None:
    """Half- and full-width brackets and spaces anywhere (including full-width) spell the same group."""
    r = govreport.loads(
        HEAD
        + f"applications:\n  三、本年度办理结果:\n    '{label}':\n      1、属于国家秘密: {{自然人: 5}}\n"
    )
    assert r.applications.table.denied_state_secret.natural_person == 5


def test_quote_and_comma_variants() -> None:
    """Straight or curly quotes, and 、 or ， in the long （六） labels, are accepted."""
    r = govreport.loads(
        HEAD
        + "applications:\n  三、本年度办理结果:\n    （三）不予公开:\n"
        + "      '3.危及\"三安全一稳定\"': {自然人: 1}\n"
        + "    （六）其他处理:\n"
        + "      1．申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请: {自然人: 2}\n"
    )
    t = r.applications.table
    assert t.denied_three_security_one_stability.natural_person == 1
    assert t.other_no_correction.natural_person == 2


def test_table_four_as_transcribed() -> None:
    """表四 accepts 行政诉讼/未经复议直接起诉 and the nested 行政诉讼 group; 总计 becomes declared_total."""
    r = govreport.loads(
        HEAD
        + "四、政府信息公开行政复议、行政诉讼情况:\n"
        + "  行政复议: {结果维持: 5, 尚未审结: 2, 总计: 7}\n"
        + "  行政诉讼/未经复议直接起诉: {结果维持: 8}\n"
        + "  行政诉讼:\n    复议后起诉: {结果纠正: 1}\n"
    )
    t = r.review_litigation.table
    assert (t.review.total, t.review.declared_total) == (7, 7)
    assert t.litigation_direct.maintained == 8
    assert t.litigation_after_review.corrected == 1


def test_results_total_row_is_declared() -> None:
    """The （七）总计 row is kept as declared_results_total; the computed total is unchanged."""
    r = govreport.loads(
        HEAD
        + "applications:\n  三、本年度办理结果:\n    （一）予以公开: {自然人: 3}\n"
        + "    （七）总计: {自然人: 4, 总计: 9}\n"
    )
    t = r.applications.table
    assert t.results_total.natural_person == 3
    assert t.declared("results_total", "natural_person") == 4
    assert t.declared("results_total", "total") == 9


def test_table_two_block_caption_is_optional() -> None:
    """Table 二 rows may be written under their 第二十条 caption or directly."""
    r = govreport.loads(
        HEAD
        + "二、主动公开政府信息情况:\n  第二十条 第（一）项:\n    规章: {本年制发件数: 1}\n"
        + "  行政许可: {本年处理决定数量: 7}\n"
        + "  正文: 本年度主动公开信息32条。\n"
    )
    t = r.proactive_disclosure.table
    assert (t.regulations.issued_this_year, t.administrative_licensing.decisions_this_year) == (
        1,
        7,
    )
    assert r.proactive_disclosure.paragraphs == (Paragraph("本年度主动公开信息32条。"),)


def test_paragraph_forms() -> None:
    """A text section is a string or a list of strings and {小标题, 正文} mappings."""
    r = govreport.loads(
        HEAD
        + "一、总体情况:\n  - 小标题: （一）主动公开。\n    正文: 全年公开32条。\n  - 其他。\n"
        + "五、存在的主要问题及改进情况: 一段。\n"
        + "other_matters:\n  - {heading: 标题, text: ''}\n"
    )
    assert r.overview.paragraphs == (
        Paragraph("全年公开32条。", heading="（一）主动公开。"),
        Paragraph("其他。"),
    )
    assert r.problems_improvements.paragraphs == (Paragraph("一段。"),)
    assert r.other_matters.paragraphs == (Paragraph("", heading="标题"),)


def test_top_level_fields() -> None:
    """The top-level labels fill the report's fields; dates may be written in Chinese."""
    r = govreport.loads(
        "机关名称: 某某局\n年度: 2024\n成文日期: 2025年1月20日\n报告类型: 本级政府\n"
        "联系方式: {承办机构: 办公室, 地址: 某路1号, 邮编: 100000, 联系电话: 010-1}\n"
        "统计期限: {起: 二〇二四年一月一日, 止: 2024-12-31}\n导语: 根据条例编制。\n"
    )
    assert r.published == dt.date(2025, 1, 20)
    assert r.scope is Scope.GOVERNMENT
    assert r.contact == Contact("办公室", "某路1号", "100000", "010-1")
    assert r.period == Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert r.preamble == "根据条例编制。"


# --------------------------------------------------------------------------- edition


def test_edition_from_year() -> None:
    """Without an edition or a telling table, the year decides."""
    assert govreport.loads("机关名称: 某局\n年度: 2020\n").edition is Edition.V2019
    assert govreport.loads(HEAD).edition is Edition.V2021


def test_explicit_edition_wins() -> None:
    """格式版本 in the file, or the edition argument, decides the edition."""
    assert govreport.loads(HEAD + "格式版本: 2019\n").edition is Edition.V2019
    assert govreport.loads(HEAD, edition=2019).edition is Edition.V2019


@pytest.mark.parametrize(
    "table",
    [
        "proactive_disclosure: {第二十条第（九）项: {政府集中采购: {采购项目数量: 1}}}",
        "proactive_disclosure: {规章: {本年新制作数量: 1}}",
        "applications: {三、本年度办理结果: {（六）其他处理: {自然人: 1}}}",
        "applications: {other_processing: {natural_person: 1}}",
    ],
)
def test_2019_shape_in_a_2022_report_loads_as_2019(table: str) -> None:
    """A 2019-shaped table in a later year's report loads as the 2019 edition, for the checks to flag."""
    r = govreport.loads("机关名称: 某局\n年度: 2022\n" + table + "\n")
    assert r.edition is Edition.V2019


def test_2021_shape_in_a_2020_report_loads_as_2021() -> None:
    """The three （六） sub-rows or 本年制发件数 make a 2020 report load as the 2021 edition."""
    r = govreport.loads(
        "机关名称: 某局\n年度: 2020\napplications: {other_fee_unpaid: {自然人: 1}}\n"
    )
    assert r.edition is Edition.V2021


def test_mixed_shapes_are_an_error() -> None:
    """Rows of both editions in one file are an error naming the later key."""
    e = _err(
        HEAD
        + "proactive_disclosure:\n  规章: {本年制发件数: 1}\n  政府集中采购: {采购项目数量: 2}\n"
    )
    assert (e.line, e.key) == (5, "政府集中采购")
    assert "2019 年版和 2021 年版" in e.message


# --------------------------------------------------------------------------- cells


def _cell_error(
    value: str, row: str = "一、本年新收政府信息公开申请数量", col: str = "自然人"
) -> LoadError:
    return _err(HEAD + f"三、收到和处理政府信息公开申请情况:\n  {row}:\n    {col}: {value}\n")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1.9", "应为不小于 0 的整数，实为 1.9"),
        ("1.0", "应为不小于 0 的整数，实为 1.0"),
        ("true", "应为不小于 0 的整数，实为 true"),
        ("-3", "应为不小于 0 的整数，实为 -3"),
        ("十二", "应为不小于 0 的整数，实为 “十二”"),
        ("[1]", "单元格应为数字，实为 列表"),
    ],
)
def test_bad_count_cells(value: str, fragment: str) -> None:
    """A count that is a float, a bool, negative, words or a list is a one-line error."""
    e = _cell_error(value)
    assert (e.path, e.line, e.key) == ("报告.yaml", 5, "自然人")
    assert e.where == "$.applications.new_received.natural_person"
    assert fragment in e.message
    assert "\n" not in str(e)


@pytest.mark.parametrize(
    ("value", "expected"), [("''", BLANK), ("null", BLANK), ("'１２'", 12), ("' 7 '", 7), ("0", 0)]
)
def test_good_count_cells(value: str, expected: object) -> None:
    """Empty and null are BLANK; numeric strings, full-width digits included, are counts."""
    r = govreport.loads(HEAD + f"applications:\n  granted:\n    natural_person: {value}\n")
    assert r.applications.table.granted.natural_person == expected


def test_missing_cells_are_blank_not_zero() -> None:
    """A cell the file leaves out is BLANK, never an invented 0."""
    r = govreport.loads(HEAD + "applications:\n  granted: {natural_person: 1}\n")
    assert r.applications.table.granted.commercial_enterprise is BLANK


def test_na_only_in_table_two() -> None:
    """ "/" is NA in table 二; in a count of 表三/四 it reads as 0 with a FORMAT finding, never NA."""
    r = govreport.loads(HEAD + "proactive_disclosure:\n  规章: {本年制发件数: /}\n")
    assert r.proactive_disclosure.table.regulations.issued_this_year is NA
    path = Path(tempfile.mkdtemp()) / "报告.yaml"
    path.write_text(HEAD + "review_litigation: {review: {maintained: /}}\n", encoding="utf-8")
    got = govreport.read(path)
    assert got.report.review_litigation.table.review.maintained == 0
    (note,) = [f for f in got.findings if f.rule == "FORMAT"]
    assert note.message == "表四 行政复议 × 结果维持：“/”读作 0"
    assert note.severity == "warning"


def test_signed_count_only_in_2019_change_column() -> None:
    """本年增/减 (2019) may be negative; 上一年项目数量 may not."""
    head = "机关名称: 某局\n年度: 2020\n"
    r = govreport.loads(head + "proactive_disclosure: {行政许可: {本年增/减: -2}}\n")
    assert r.proactive_disclosure.table.administrative_licensing.change_this_year == -2
    e = _err(head + "proactive_disclosure: {行政许可: {上一年项目数量: -2}}\n")
    assert "应为不小于 0 的整数，实为 -2" in e.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("35765元", Amount(Decimal("35765"), Unit.YUAN)),
        ("25.1万元", Amount(Decimal("25.1"), Unit.WAN_YUAN)),
        ("{value: 3, unit: 万元}", Amount(Decimal("3"), Unit.WAN_YUAN)),
        ("{金额: 12.50, 单位: 元}", Amount(Decimal("12.50"), Unit.YUAN)),
    ],
)
def test_procurement_amounts(value: str, expected: Amount) -> None:
    """The 2019 采购总金额 is read with its unit, as a string or a {value, unit} mapping."""
    r = govreport.loads(
        "机关名称: 某局\n年度: 2020\nproactive_disclosure: {政府集中采购: {采购总金额: "
        + value
        + "}}\n"
    )
    amount = (
        r.proactive_disclosure.table.government_centralized_procurement.procurement_total_amount
    )
    assert amount == expected
    assert isinstance(amount, Amount)
    assert str(amount.value) == str(expected.value)


def test_procurement_amount_needs_a_unit() -> None:
    """A bare number for 采购总金额 is an error asking for the unit."""
    e = _err(
        "机关名称: 某局\n年度: 2020\nproactive_disclosure:\n  政府集中采购: {采购总金额: 35765}\n"
    )
    assert (e.line, e.key) == (4, "采购总金额")
    assert "请写明单位" in e.message


def test_bad_money() -> None:
    """A negative or non-numeric fee is an error."""
    for bad in ("-1", "很多"):
        e = _err(
            HEAD
            + f"proactive_disclosure:\n  administrative_fees: {{fee_amount_this_year: {bad}}}\n"
        )
        assert "应为不小于 0 的金额" in e.message
        assert e.line == 4


def test_converter_never_coerces() -> None:
    """The module's cattrs converter refuses 1.9, True and "3" for a count instead of converting them."""
    for bad in (1.9, True, "3"):
        with pytest.raises(cattrs.ClassValidationError) as info:
            converter.structure({"natural_person": bad}, ApplicantCounts)
        assert "应为整数" in str(info.value.exceptions[0])
    assert converter.structure({"natural_person": 3}, ApplicantCounts).natural_person == 3


# --------------------------------------------------------------------------- key errors


def test_unknown_label_suggests_the_nearest() -> None:
    """An unknown column label names file, line and key, and suggests the nearest valid label."""
    e = _cell_error("1", col="社会公益组")
    assert str(e) == "报告.yaml:5: 社会公益组: 未知的标签；您是否想写“社会公益组织”？"
    assert e.suggestion == "社会公益组织"


def test_unknown_row_label() -> None:
    """An unknown row label suggests among the rows at that position."""
    e = _err(HEAD + "applications:\n  三、本年度办理结果:\n    （一）予以公示: {自然人: 1}\n")
    assert (e.line, e.key, e.suggestion) == (5, "（一）予以公示", "（一）予以公开")


def test_unknown_top_level_key() -> None:
    """An unknown top-level key suggests a top-level name."""
    e = _err("机关名称: 某局\n年份: 2024\n")
    assert (e.line, e.key) == (2, "年份")
    assert e.suggestion == "年度"


def test_label_of_other_edition_says_so() -> None:
    """With an explicit edition, a label of the other edition is named as such."""
    e = _err(HEAD + "格式版本: 2021\nproactive_disclosure: {规章: {本年新制作数量: 1}}\n")
    assert "2021 年版" in e.message
    assert e.key == "本年新制作数量"


def test_duplicate_keys_name_both_lines() -> None:
    """A repeated key (which YAML would silently overwrite) names both lines."""
    e = _err(HEAD + "applications:\n  granted:\n    自然人: 1\n    自然人: 2\n")
    assert (e.line, e.key) == (6, "自然人")
    assert "第 5 行" in e.message


def test_two_keys_for_one_cell_name_both_lines() -> None:
    """自然人 and natural_person in one row land on one cell: an error naming both lines."""
    e = _err(HEAD + "applications:\n  granted:\n    自然人: 1\n    natural_person: 1\n")
    assert (e.line, e.key) == (6, "natural_person")
    assert "第 5 行的“自然人”指向同一单元格" in e.message


def test_same_row_by_two_paths_collides_per_cell() -> None:
    """The same cell reached flat and nested is one cell written twice."""
    e = _err(
        HEAD
        + "applications:\n  granted: {自然人: 1}\n  三、本年度办理结果:\n    （一）予以公开: {自然人: 1}\n"
    )
    assert e.line == 6
    assert "第 4 行" in e.message


def test_json_errors_have_lines() -> None:
    """JSON errors carry the line of the key, found in the text."""
    text = '{\n  "agency": "某局",\n  "year": 2024,\n  "applications": {\n    "granted": {\n      "natural_person": 1.5\n    }\n  }\n}\n'
    e = _err(text, "json", "r.json")
    assert (e.path, e.line, e.key) == ("r.json", 6, "natural_person")
    dup = _err('{"agency": "x",\n"year": 2024,\n"year": 2025}', "json", "r.json")
    assert (dup.line, dup.key) == (3, "year")
    assert "第 2 行" in dup.message


def test_toml_errors_have_lines() -> None:
    """TOML errors carry the line of the key, found in the text."""
    text = 'agency = "x"\nyear = 2024\n\n[applications.granted]\nnatural_person = 1\nother_org = true\n'
    e = _err(text, "toml", "r.toml")
    assert (e.line, e.key) == (6, "other_org")


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ("agency: [\n", "yaml", 2),
        ('{"agency": \n}', "json", 2),
        ("agency = \n", "toml", 1),
    ],
)
def test_syntax_errors(text: str, fmt: str, line: int) -> None:
    """A syntax error is a LoadError with its line."""
    e = _err(text, fmt, f"r.{fmt}")
    assert e.line == line
    assert "语法错误" in e.message


@pytest.mark.parametrize("text", ["- a\n- b\n", "42\n", ""])
def test_not_a_mapping(text: str) -> None:
    """A file that is not a mapping is a LoadError at line 1."""
    e = _err(text)
    assert e.line == 1
    assert "应为键值映射" in e.message


def test_missing_year() -> None:
    """A file without 年度 says so."""
    assert "缺少“年度”" in _err("机关名称: 某局\n").message


# --------------------------------------------------------------------------- encodings and files


def test_gb18030_and_bom(tmp_path: Path) -> None:
    """Files in GB18030 (Chinese Windows tools) and UTF-8 with a BOM are read."""
    text = HEAD + "applications: {granted: {自然人: 3}}\n"
    for name, data in (
        ("gb.yaml", text.encode("gb18030")),
        ("bom.yaml", b"\xef\xbb\xbf" + text.encode()),
    ):
        (tmp_path / name).write_bytes(data)
        assert govreport.load(tmp_path / name).applications.table.granted.natural_person == 3


def test_undecodable_bytes(tmp_path: Path) -> None:
    """Bytes valid in neither UTF-8 nor GB18030 give an EncodingError with the byte offset."""
    p = tmp_path / "bad.yaml"
    p.write_bytes(b"agency: x\n\xff\xff")
    with pytest.raises(EncodingError) as info:
        govreport.load(p)
    assert info.value.offset == 10
    assert str(p) in str(info.value)


def test_unknown_suffix(tmp_path: Path) -> None:
    """A file with an unknown suffix is a LoadError naming it."""
    with pytest.raises(LoadError, match=r"\.txt"):
        govreport.load(tmp_path / "r.txt")


def test_xlsx_is_delegated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """.xlsx files are read as the fill-in workbook; without openpyxl, a LoadError says what to install."""
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(LoadError, match=r"pip install govreport\[excel\]"):
        govreport.load(tmp_path / "r.xlsx")


def test_json_dump_is_valid_json() -> None:
    """dumps in JSON is plain JSON with decimals written as numbers."""
    r = Report.new("某局", 2024)
    fees = attrs.evolve(
        r.proactive_disclosure.table.administrative_fees, fee_amount_this_year=Decimal("96171.6")
    )
    t = attrs.evolve(r.proactive_disclosure.table, administrative_fees=fees)
    r = attrs.evolve(r, proactive_disclosure=attrs.evolve(r.proactive_disclosure, table=t))
    text = govreport.dumps(r, "json")
    data = json.loads(text)
    assert data["proactive_disclosure"]["administrative_fees"]["fee_amount_this_year"] == 96171.6
    assert '"fee_amount_this_year": 96171.6' in text


# --------------------------------------------------------------------------- examples

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    "name", ["songbei-veterans-affairs-2020.yaml", "demo-city-data-bureau-2024.yaml"]
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_examples_load_and_round_trip(name: str, fmt: str) -> None:
    """Both examples load and survive dumps/loads in every format and key style."""
    r = govreport.load(EXAMPLES / name)
    for labels in (False, True):
        assert govreport.loads(govreport.dumps(r, fmt, labels=labels), fmt) == r


def test_songbei_example_as_printed() -> None:
    """The Songbei example keeps the printed date, contact block, preamble and table 二 numbers."""
    r = govreport.load(EXAMPLES / "songbei-veterans-affairs-2020.yaml")
    assert (r.edition, r.published) == (Edition.V2019, dt.date(2020, 1, 30))
    assert r.contact == Contact("综合科", "哈尔滨市松北区松北一路53号", "150028", "0451-84090573")
    assert r.preamble is not None
    assert r.preamble.startswith("为依法推进我局政府信息公开工作")
    t2 = r.proactive_disclosure.table
    assert t2.government_centralized_procurement.procurement_projects == 2
    assert t2.government_centralized_procurement.procurement_total_amount == Amount(
        Decimal(35765), Unit.YUAN
    )
    assert t2.administrative_fees.prior_year_items == 0
    assert r.applications.table.results_total.total == 0
    assert r.overview.paragraphs[4].heading == "（二）政务公开工作部署和落实情况。"


def test_demo_example_is_consistent() -> None:
    """The 2021 example states declared totals equal to the computed ones, and 新收 + 结转 = 办结 + 结转下年度."""
    r = govreport.load(EXAMPLES / "demo-city-data-bureau-2024.yaml")
    t = r.applications.table
    assert r.edition is Edition.V2021
    for col in ("natural_person", "commercial_enterprise", "other_org", "total"):
        assert t.cell("new_received", col) + t.cell("carried_over", col) == t.cell(
            "results_total", col
        ) + t.cell("carried_forward", col)
    for key, row in t.rows():
        assert row.declared_total == row.total, key
    assert t.declared("results_total", "total") == t.results_total.total
    assert "信息处理费" in r.other_matters.text


def test_loads_bytes_and_yml_suffix(tmp_path: Path) -> None:
    """loads takes bytes (decoded like files); .yml is YAML."""
    data = (HEAD + "applications: {granted: {自然人: 2}}\n").encode("gb18030")
    assert govreport.loads(data).applications.table.granted.natural_person == 2
    p = tmp_path / "r.yml"
    p.write_bytes(data)
    assert govreport.load(p).agency == "某某局"


def test_toml_native_dates() -> None:
    """TOML's own date values are accepted for 成文日期 and 统计期限."""
    r = govreport.loads(
        'agency = "某局"\nyear = 2024\npublished = 2025-01-20\n[period]\nstart = 2024-01-01\nend = 2024-12-31\n',
        "toml",
    )
    assert r.published == dt.date(2025, 1, 20)
    assert r.period == Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    "written",
    [
        "2025-01-20",
        "2025-1-20",
        "2025/1/20",
        "2025.1.20",
        "2025年1月20日",
        "２０２５年１月２０日",
        "二〇二五年一月二十日",
        "二○二五 年 一 月 二十 日",
        "20 25-01-20",
    ],
)
def test_data_file_date_spellings(written: str) -> None:
    """Data files read every spelling of a date; whitespace anywhere in it is ignored."""
    r = govreport.loads(f"机关名称: 某局\n年度: 2024\n成文日期: '{written}'\n")
    assert r.published == dt.date(2025, 1, 20)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("机关名称: 某局\n年度: 2024\n成文日期: '20250120'\n", "yaml"),
        ("机关名称: 某局\n年度: 2024\n成文日期: 2025-01-20 10:00:00\n", "yaml"),
        ("机关名称: 某局\n年度: 2024\n成文日期: 45677\n", "yaml"),
        ('agency = "某局"\nyear = 2024\npublished = 2025-01-20T10:00:00\n', "toml"),
    ],
)
def test_data_file_dates_refuse_compact_timestamps_and_serials(text: str, fmt: str) -> None:
    """Eight digits, a time of day and a bare number are not dates in a data file."""
    with pytest.raises(LoadError, match="应为日期"):
        govreport.loads(text, fmt)


def test_nested_json_duplicate_names_both_lines() -> None:
    """A repeated key inside a JSON row is found on its own line, with the first one's line."""
    text = '{"agency": "x", "year": 2024,\n"applications": {"granted": {\n  "natural_person": 1,\n  "natural_person": 2}}}\n'
    e = _err(text, "json", "r.json")
    assert (e.line, e.key) == (4, "natural_person")
    assert "第 3 行" in e.message


def test_messages_stay_on_one_line() -> None:
    """Values and keys with line breaks are shown escaped, and long values shortened, so a message is one line."""
    e = _err(HEAD + 'applications: {granted: {natural_person: "1\\n2"}}\n')
    assert str(e) == "报告.yaml:3: natural_person: 应为不小于 0 的整数，实为 “1\\n2”"
    e = _err(HEAD + '"a\\nb": 1\n')
    assert "\n" not in str(e)
    assert e.key == "a\\nb"
    e = _err(HEAD + "applications: {granted: {natural_person: " + "长" * 100 + "}}\n")
    assert str(e).endswith("……”")


def _mix(data: Any, node: Any, flip: Any) -> Any:
    """Replace some printed labels in a label-form tree by their English keys, at any depth."""
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        child = node.find(key) if node is not None else None
        new_key = child.key if child is not None and flip() else key
        out[new_key] = _mix(value, child, flip)
    return out


@settings(max_examples=60)
@given(report=arbitrary_reports(), fmt=st.sampled_from(FORMATS), data=st.data())
def test_mixed_key_styles_load_equal(report: Report, fmt: str, data: st.DataObject) -> None:
    """A file that mixes printed labels and English keys at any level loads as the same report."""
    from govreport.formats._api import _json, _toml, _yaml
    from govreport.formats._convert import to_plain
    from govreport.formats._labels import TOP_NAMES, table_tree

    def flip() -> bool:
        return data.draw(st.booleans())

    plain = to_plain(report, labels=True)
    mixed: dict[str, Any] = {}
    headings = {report.edition.spec.section(k).heading: k for k in Report.SECTION_KEYS}
    top = {v[1]: k for k, v in TOP_NAMES.items()}
    for key, value in plain.items():
        if key in headings:
            section = headings[key]
            new_key = section if flip() else key
            if isinstance(value, dict):
                value = _mix(value, table_tree(report.edition, section), flip)
            mixed[new_key] = value
        else:
            mixed[top[key] if flip() else key] = value
    text = {"yaml": _yaml, "json": lambda d: _json(d, 0), "toml": _toml}[fmt](mixed)
    assert govreport.loads(text, fmt) == report


# --------------------------------------------------------------------------- the two YAML loaders

#: Malformed YAML files and the line each error must name, whichever loader reads them.
BAD_YAML = {
    "unclosed flow sequence": ("机关名称: [\n", 2),
    "a key less indented": ("a:\n  b: 1\n c: 2\n", 3),
    "a tab as indentation": ("a: 1\nb:\n\tc: 1\n", 3),
    "a colon in a plain value": ("a: 1\nb: c: d\n", 2),
    "an unclosed quote": ("a: 1\nb: 'x\n\nc: 2\n", 5),
    "an undefined alias": ("a: 1\nb: *x\n", 2),
    "an unknown escape": ('a: 1\nb: "\\q"\n', 2),
    "two documents": ("a: 1\n---\nb: 2\n", 2),
    "a list item in a mapping": ("a: 1\n- b\n", 2),
    "an unclosed flow mapping": ("a: {b: 1\nc: 2\n", 2),
    "a bad block scalar": ("a: |\n  x\n y\n", 3),
    "a nested unclosed list": ("a: 1\nb:\n  c:\n    d: [1, 2\n  e: 3\n", 5),
    "an incompatible version": ("%YAML 2.0\n---\na: 1\n", 1),
    # a lone CR is refused, at the line editors show (they count LF only)
    "carriage returns as line breaks": ("a: 1\rb: [\r", 1),
    "a python tag": ("a: 1\nb: !!python/object x\n", 2),
    "a custom tag": ("a: 1\nb: !foo x\n", 2),
    "a complex key": ("a: 1\n? [a, b]\n: 1\n", 2),
    "a merge key": ("base: &b {x: 1}\nm:\n  <<: *b\n", 3),
    "a control character": ("a: 1\nb: x\x07y\n", 2),
    "a NUL byte": ("a: 1\n\nb: \x00\n", 3),
    "a noncharacter": ("a: 1\nb: \ufffe\n", 2),
    "a lone surrogate": ("a: 1\nb: \ud800\n", 2),
    "a control character after a NEL": ("a: 1\x85b: \x01\n", 1),  # editors count LF only
}


@pytest.fixture(params=["C", "pure"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each YAML loader in turn: libyaml's (required under CI) and the pure-Python fallback."""

    import yaml

    from govreport.formats import _parse

    if request.param == "C":
        require("PyYAML's libyaml", yaml.__with_libyaml__, "install PyYAML from a wheel")
        monkeypatch.setattr(_parse, "_YAML_LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(_parse, "_YAML_LOADER", yaml.SafeLoader)
    return str(request.param)


def test_the_c_loader_is_used_where_present() -> None:
    """Data files are parsed by libyaml when PyYAML has it, else by the pure-Python loader."""
    import yaml

    from govreport.formats import _parse

    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert _parse._YAML_LOADER is expected


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_both_yaml_loaders_name_the_same_line(name: str, yaml_loader: str) -> None:
    """Each malformed file is a LoadError naming the file and the exact line, with either loader."""
    text, line = BAD_YAML[name]
    e = _err(text, source="坏.yaml")
    assert (e.path, e.line) == ("坏.yaml", line)
    assert str(e).startswith(f"坏.yaml:{line}: ")


def test_both_yaml_loaders_give_identical_errors_where_govreport_words_them() -> None:
    """Characters YAML refuses and keys that are not text are found by govreport: the same message."""
    import yaml

    from govreport.formats import _parse

    require("PyYAML's libyaml", yaml.__with_libyaml__, "install PyYAML from a wheel")
    for name in ("a control character", "a lone surrogate", "a complex key", "a python tag"):
        text = BAD_YAML[name][0]
        errors = []
        saved = _parse._YAML_LOADER
        for loader in (yaml.CSafeLoader, yaml.SafeLoader):
            _parse._YAML_LOADER = loader
            try:
                errors.append(str(_err(text)))
            finally:
                _parse._YAML_LOADER = saved
        assert errors[0] == errors[1], name
    assert "U+0007" in str(_err(BAD_YAML["a control character"][0]))


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*.yaml")), *sorted(DATA.glob("*.yaml"))])
def test_both_yaml_loaders_read_the_same_report(path: Path) -> None:
    """The examples and the real reports load to equal reports with either loader."""
    import yaml

    from govreport.formats import _parse

    reports = []
    saved = _parse._YAML_LOADER
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        _parse._YAML_LOADER = loader
        try:
            reports.append(govreport.load(path))
        finally:
            _parse._YAML_LOADER = saved
    assert reports[0] == reports[1]
    assert reports[0].agency


@settings(max_examples=30)
@given(report=arbitrary_reports(), labels=st.booleans())
def test_round_trip_with_the_pure_python_loader(report: Report, labels: bool) -> None:
    """With the pure-Python fallback forced, any report dumped as YAML reads back equal."""
    import yaml

    from govreport.formats import _parse

    text = govreport.dumps(report, "yaml", labels=labels)
    saved = _parse._YAML_LOADER
    _parse._YAML_LOADER = yaml.SafeLoader
    try:
        assert govreport.loads(text, "yaml") == report
    finally:
        _parse._YAML_LOADER = saved


def test_an_unknown_scope_lists_every_scope_that_loads() -> None:
    """The error for a wrong 报告类型 names all three scopes, 汇总 included, and its line."""
    e = _err(HEAD + "scope: 县级\n")
    assert e.line == 3
    assert e.message == "报告类型应为“部门”、“本级政府”、“汇总”之一，实为 “县级”"
    assert govreport.loads(HEAD + "scope: 汇总\n").scope is Scope.AGGREGATE
