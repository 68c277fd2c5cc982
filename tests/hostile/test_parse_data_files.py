"""Hostile data files: YAML 1.1 numbers, JSON constants and literals, odd line breaks, deep and aliased trees.

Every case ends in the report as written or a ``LoadError`` naming the file and
the line (as an editor counts it: LF only); nothing is read as another number,
no traceback, no hang.
"""

from __future__ import annotations

import time

import pytest

import govreport
from govreport.errors import LoadError, RenderError
from govreport.formats._parse import MAX_ALIASES, MAX_DEPTH, MAX_NODES

HEAD = "机关名称: 某局\n年度: 2024\n"
COUNT = (
    HEAD
    + "三、收到和处理政府信息公开申请情况:\n  一、本年新收政府信息公开申请数量:\n    自然人: {}\n"
)


def _error(text: str, fmt: str = "yaml", source: str = "r.yaml") -> LoadError:
    with pytest.raises(LoadError) as info:
        govreport.loads(text, fmt, source=source)
    return info.value


# --------------------------------------------------------------------------- YAML numbers


@pytest.mark.parametrize(
    "written",
    ["0x1F", "0o17", "1:30", "0b1", "1_000", "+12", "1e3", "1e300", ".inf", ".nan", "1.0"],
)
def test_yaml_number_forms_are_never_counts(written: str) -> None:
    """``010`` was 8, ``1:30`` 90, ``0x1F`` 31: now anything but plain digits is refused, with its line."""
    e = _error(COUNT.format(written))
    assert (e.path, e.line, e.key) == ("r.yaml", 5, "自然人")
    assert e.message.startswith("应为不小于 0 的整数，实为 ")
    assert written in e.message


def test_yaml_leading_zero_is_decimal() -> None:
    """YAML 1.2 core: ``010`` is ten, never octal eight."""
    got = govreport.loads(COUNT.format("010"))
    assert got.applications.table.new_received.natural_person == 10


def test_count_beyond_fifteen_digits_is_refused() -> None:
    e = _error(COUNT.format("9223372036854775809"))
    assert e.line == 5
    assert e.message == (
        "应为不小于 0 的整数，实为 9223372036854775809（数字“9223372036854775809”超过 15 位有效数字）"
    )


@pytest.mark.parametrize("written", ["010", "1:30", "0x1F", "1e3", "+12", "1_000", ".inf"])
def test_yaml_number_forms_in_text_stay_as_written(written: str) -> None:
    assert govreport.loads(f"机关名称: {written}\n年度: 2024\n").agency == written


# --------------------------------------------------------------------------- JSON and TOML numbers


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_are_refused_with_line(constant: str) -> None:
    text = (
        '{"agency": "某局",\n "year": 2024,\n "applications": {"new_received": {"natural_person": '
        + constant
        + "}}}"
    )
    e = _error(text, "json", "r.json")
    assert (e.path, e.line) == ("r.json", 3)
    assert e.message == f"JSON 中的 {constant} 不是数：计数与金额应写十进制数字"


def test_json_number_where_text_belongs_is_kept_as_written() -> None:
    """``1e3`` used to become ``1E+3``."""
    assert govreport.loads('{"agency": 1e3, "year": 2024}', "json").agency == "1e3"
    assert govreport.loads('{"agency": 1.50, "year": 2024}', "json").agency == "1.50"


def test_json_count_written_with_exponent_is_refused() -> None:
    text = '{"agency": "某局", "year": 2024,\n "applications": {"new_received": {"natural_person": 1e300}}}'
    e = _error(text, "json", "r.json")
    assert (e.line, e.key) == (2, "natural_person")
    assert e.message == "应为不小于 0 的整数，实为 1e300"


def test_toml_integer_where_text_belongs_is_refused_not_respelled() -> None:
    """tomllib does not keep ``0x1F`` as written: it is refused rather than read as the text "31"."""
    e = _error("year = 2024\nagency = 0x1F\n", "toml", "r.toml")
    assert (e.line, e.key, e.message) == (2, "agency", "应为文字，实为数 31；文字请加引号")


def test_toml_number_where_text_belongs_is_kept_as_written() -> None:
    assert govreport.loads("agency = 1.50\nyear = 2024\n", "toml").agency == "1.50"


def test_money_written_with_exponent_is_refused() -> None:
    text = (
        HEAD
        + "二、主动公开政府信息情况:\n  第二十条第（八）项:\n    行政事业性收费:\n      本年收费金额（单位：万元）: 1e300\n"
    )
    e = _error(text)
    assert e.line == 6
    assert "1e300" in e.message


# --------------------------------------------------------------------------- line breaks and controls


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x85", "下一行符 NEL（U+0085）"),
        ("\u2028", "行分隔符（U+2028）"),
        ("\u2029", "段分隔符（U+2029）"),
    ],
)
def test_yaml_odd_line_breaks_are_refused_at_the_editor_line(char: str, name: str) -> None:
    """YAML counts U+0085/U+2028/U+2029 as line breaks (and folds U+0085 into a space); editors do not."""
    e = _error(HEAD + f"概述: 甲{char}乙\n")
    assert (e.path, e.line) == ("r.yaml", 3)
    assert e.message.startswith(f"文件中有{name}：YAML 把它当作换行，会改变文字和行号")


def test_yaml_lone_carriage_return_is_refused() -> None:
    e = _error(HEAD + "概述: 甲\r乙\n")
    assert e.line == 3
    assert e.message.startswith("文件中有单独的回车符 CR（U+000D）")


def test_yaml_crlf_file_reads_with_the_same_lines() -> None:
    e = _error(HEAD.replace("\n", "\r\n") + "未知键: 1\r\n")
    assert e.line == 3


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\u2029"])
def test_json_raw_line_separator_does_not_shift_later_lines(char: str) -> None:
    text = '{"agency": "甲' + char + '乙",\n "year": 2024,\n "未知": 1}'
    e = _error(text, "json", "r.json")
    assert e.line == 3


@pytest.mark.parametrize("char", ["\u2028", "\x85"])
def test_toml_raw_line_separator_does_not_shift_later_lines(char: str) -> None:
    text = 'agency = "甲' + char + '乙"\nyear = 2024\n未知 = 1\n'
    e = _error(text, "toml", "r.toml")
    assert e.line == 3


def test_yaml_raw_control_byte_names_file_line_and_column() -> None:
    e = _error(HEAD + "概述: 甲\x01乙\n")
    assert str(e) == (
        "r.yaml:3: YAML 语法错误：文件中有不允许的控制字符 U+0001（第 6 个字符）；请删去它，或在双引号中写成转义形式"
    )


def test_yaml_escaped_carriage_return_in_one_line_field_is_kept_then_refused_by_check() -> None:
    """A CR never silently becomes LF: the model keeps it and check names it (render refuses the same)."""
    report = govreport.loads('机关名称: "某\\r局"\n年度: 2024\n')
    assert report.agency == "某\r局"
    chars = [f for f in govreport.check(report) if f.rule == "CHARS"]
    assert [(f.record, f.message) for f in chars] == [
        (
            "$.agency",
            "$.agency 第 2 个字符：回车符 CR（U+000D）印不出来，读回时会成为换行；请改为换行",
        )
    ]


# --------------------------------------------------------------------------- bounds


def test_recursive_yaml_alias_is_refused_with_line() -> None:
    e = _error(HEAD + "概述: &a [x, *a]\n")
    assert (e.line, e.message) == (3, "YAML 别名指向包含它自己的节点（递归的别名）")


def test_billion_laughs_is_refused_quickly() -> None:
    """The 412-byte bomb took 409 s and 16.6 GB; now it is refused before any expansion is kept."""
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
    start = time.process_time()
    e = _error(bomb)
    assert time.process_time() - start < 30  # generous: a bound, not a benchmark
    assert e.message == f"YAML 别名（*）展开超过 {MAX_ALIASES} 次，拒绝读取（疑为别名炸弹）"
    assert e.line is not None
    assert 2 <= e.line <= 9


def test_many_small_aliases_stop_at_the_node_bound() -> None:
    items = ",".join(["x"] * 1000)
    text = f"a: &a [{items}]\nb: [{','.join(['*a'] * 300)}]\n"
    e = _error(text)
    assert e.message == f"YAML 展开后超过 {MAX_NODES} 个节点，拒绝读取（疑为别名炸弹）"
    assert e.line == 2


def test_a_few_aliases_still_read() -> None:
    text = HEAD + "联系方式: &c {电话: '010-1'}\n"
    assert govreport.loads(text).contact.phone == "010-1"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 300, 900])
def test_deep_yaml_is_refused_with_line(depth: int) -> None:
    e = _error(
        "a:\n"
        + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth))
        + "  " * (depth + 1)
        + "v\n"
    )
    assert e.message in (
        f"YAML 嵌套超过 {MAX_DEPTH} 层",
        "YAML 语法错误：exceeded maximum nesting depth",
    )
    assert e.line is not None


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_deep_json_is_refused_with_line(depth: int) -> None:
    text = '{"agency": "某局",\n "x": ' + "[" * depth + "]" * depth + "}"
    e = _error(text, "json", "r.json")
    assert (e.line, e.message) == (2, f"JSON 嵌套超过 {MAX_DEPTH} 层")


def test_deep_flow_yaml_is_refused() -> None:
    e = _error("a: " + "[" * 900 + "]" * 900 + "\n")
    assert e.line == 1


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900])
def test_deep_toml_arrays_are_refused_with_line(depth: int) -> None:
    e = _error('agency = "某局"\nx = ' + "[" * depth + "]" * depth + "\n", "toml", "r.toml")
    assert (e.line, e.message) == (2, f"TOML 嵌套超过 {MAX_DEPTH} 层")


def test_deep_toml_dotted_keys_are_refused_with_line() -> None:
    key = ".".join(f"k{i}" for i in range(MAX_DEPTH + 5))
    e = _error(f'agency = "某局"\n{key} = 1\n', "toml", "r.toml")
    assert e.message == f"TOML 嵌套超过 {MAX_DEPTH} 层"
    assert e.line == 2


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    text = '{"agency": "' + "[" * 500 + '", "year": 2024}'
    assert govreport.loads(text, "json").agency == "[" * 500
    toml = "agency = '" + "{" * 500 + "'\nyear = 2024\n"
    assert govreport.loads(toml, "toml").agency == "{" * 500


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_dump_of_a_lone_surrogate_names_the_field(fmt: str) -> None:
    report = govreport.Report.new("某\ud800局", 2024)
    with pytest.raises(RenderError) as info:
        govreport.dumps(report, fmt)
    assert info.value.field == "$.agency"
    assert (
        str(info.value)
        == "$.agency: 第 2 个字符是单独的代理码位 U+D800，不是有效的字符，无法写入 UTF-8 文件"
    )
