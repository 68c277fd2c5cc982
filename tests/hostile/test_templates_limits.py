"""User templates that would run for ever or fill memory end in a TemplateLimitError naming the part and line.

Each probe is a one-paragraph template (``support.minimal_template``): its
``word/document.xml`` holds the XML declaration on line 1 and the body on
line 2, so every refusal names ``word/document.xml 第 2 行``. Time probes
run under a short deadline (the bound is a parameter of Template); no test
asserts how long anything took.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import govreport
from govreport.cli import main
from govreport.errors import RenderError, TemplateError, TemplateLimitError
from govreport.model import Report
from govreport.rendering import check_template
from govreport.rendering._sandbox import DIGIT_LIMIT, ITEM_LIMIT, OUTPUT_LIMIT, TIME_LIMIT
from support import EXAMPLES, minimal_template

_AT = "<bytes>: word/document.xml 第 2 行: "
_ITEMS = f"超过上限 {ITEM_LIMIT}"
_OUTPUT = f"超过上限 {OUTPUT_LIMIT} 个字符 (template output limit)"

#: (template body, limit, the refusal after the location)
PROBES = [
    (
        "{% for i in range(10**9) %}{% endfor %}",
        "items",
        f"range 有 1000000000 项，{_ITEMS} 项 (template item limit)",
    ),
    (
        "{{ range(10**9) | length }}",
        "items",
        f"range 有 1000000000 项，{_ITEMS} 项 (template item limit)",
    ),
    ("{{ 10**5000 }}", "digits", f"整数超过 {DIGIT_LIMIT} 位 (template integer limit)"),
    ("{{ 7 ** (10**12) }}", "digits", f"整数超过 {DIGIT_LIMIT} 位 (template integer limit)"),
    (
        "{% set ns = namespace(n=10**1000) %}{% for i in range(10) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "digits",
        f"整数超过 {DIGIT_LIMIT} 位 (template integer limit)",
    ),
    ("{{ 'x' * 10**9 }}", "output", f"运算结果长 1000000000 个字符，{_OUTPUT}"),
    ("{{ 10**9 * 'x' }}", "output", f"运算结果长 1000000000 个字符，{_OUTPUT}"),
    ("{{ [1, 2] * 10**9 }}", "output", f"运算结果长 2000000000 个字符，{_OUTPUT}"),
    (
        "{{ range(100000) | join('x' * 1000) }}",
        "output",
        f"运算结果长 100487890 个字符，{_OUTPUT}",
    ),
    (
        "{{ ('x' * 10000).replace('x', 'y' * 10000) }}",
        "output",
        f"运算结果长 100000000 个字符，{_OUTPUT}",
    ),
    (
        "{{ ('x' * 10000) | replace('x', 'y' * 10000) }}",
        "output",
        f"运算结果长 100000000 个字符，{_OUTPUT}",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "output",
        f"运算结果长 {2 * OUTPUT_LIMIT} 个字符，{_OUTPUT}",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "output",
        f"运算结果长 {2 * OUTPUT_LIMIT} 个字符，{_OUTPUT}",
    ),
    (
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
        "output",
        f"生成的内容超过上限 {OUTPUT_LIMIT} 个字符 (template output limit)",
    ),
    ("{{ '%999999999d' % 1 }}", "items", f"格式中的宽度 999999999 {_ITEMS} (template item limit)"),
    (
        "{{ '{:>999999999}'.format(1) }}",
        "items",
        f"格式中的宽度 999999999 {_ITEMS} (template item limit)",
    ),
    (
        "{{ '%s' | format('x') | center(10**9) }}",
        "items",
        f"参数 1000000000 {_ITEMS} (template item limit)",
    ),
    ("{{ 'x'.ljust(10**9) }}", "items", f"参数 1000000000 {_ITEMS} (template item limit)"),
    ("{{ 'x' | indent(10**9) }}", "items", f"参数 1000000000 {_ITEMS} (template item limit)"),
    (
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "depth",
        "模板递归过深 (template recursion limit)",
    ),
    ("{{ '%.999999999f' % 1 }}", "items", f"格式中的宽度 999999999 {_ITEMS} (template item limit)"),
    (
        "{{ '{0:>{1}}'.format(1, 10**9) }}",
        "items",
        f"参数 1000000000 {_ITEMS} (template item limit)",
    ),
    ("{{ '%*d' % (10**9, 1) }}", "items", f"参数 1000000000 {_ITEMS} (template item limit)"),
]


@pytest.mark.parametrize(("body", "limit", "reason"), PROBES, ids=[p[0][:40] for p in PROBES])
def test_a_template_over_a_bound_is_refused_naming_the_part_and_line(
    body: str, limit: str, reason: str
) -> None:
    """Each probe ends in a TemplateLimitError (a TemplateError and a RenderError) naming part and line."""
    t = govreport.Template(minimal_template(body))
    with pytest.raises(TemplateLimitError) as info:
        t.render_bytes(Report.new("某局", 2024))
    e = info.value
    assert str(e) == _AT + reason
    assert (e.limit, e.part, e.line, e.template) == (limit, "word/document.xml", 2, "<bytes>")
    assert isinstance(e, TemplateError)
    assert isinstance(e, RenderError)


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for c in 'x' * 10**7 %}{% for d in 'x' * 10**7 %}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% if i > j %}{% endif %}{% endfor %}{% endfor %}",
    ],
    ids=["empty", "strings", "empty-output", "if"],
)
def test_nested_loops_without_output_stop_at_the_deadline(body: str) -> None:
    """Loops that produce nothing still look at the clock: they end at the deadline with a clear error."""
    t = govreport.Template(minimal_template(body), time_limit=0.3)
    with pytest.raises(TemplateLimitError) as info:
        t.render_bytes(Report.new("某局", 2024))
    assert str(info.value) == _AT + "渲染超过时间上限 0.3 秒（循环或运算过多）(template time limit)"
    assert info.value.limit == "time"


def test_the_bounds_are_parameters_with_documented_defaults() -> None:
    """Template takes the three bounds; the defaults are the module's constants (docs/templates.md)."""
    t = govreport.Template(minimal_template("{{ report.agency }}"))
    assert (t.time_limit, t.output_limit, t.item_limit) == (10.0, 16 * 2**20, 100_000)
    assert (TIME_LIMIT, OUTPUT_LIMIT, ITEM_LIMIT, DIGIT_LIMIT) == (10.0, 16 * 2**20, 100_000, 4300)
    small = govreport.Template(minimal_template("{{ report.agency * 1001 }}"), output_limit=2000)
    with pytest.raises(TemplateLimitError, match="运算结果长 2002 个字符，超过上限 2000 个字符"):
        small.render_bytes(Report.new("某局", 2024))
    few = govreport.Template(minimal_template("{{ range(11) | list | length }}"), item_limit=10)
    with pytest.raises(TemplateLimitError, match="range 有 11 项，超过上限 10 项"):
        few.render_bytes(Report.new("某局", 2024))


def test_the_output_cap_counts_the_whole_document() -> None:
    """The cap holds for the document as generated, not for one expression."""
    body = "{% for i in range(1000) %}{{ report.agency }}{% endfor %}"
    t = govreport.Template(minimal_template(body), output_limit=1500)
    with pytest.raises(TemplateLimitError) as info:
        t.render_bytes(Report.new("某局", 2024))
    assert str(info.value) == _AT + "生成的内容超过上限 1500 个字符 (template output limit)"


def test_lipsum_and_in_place_changes_are_not_offered() -> None:
    """lipsum (unbounded text) is undefined; lists cannot be changed in place (no doubling by extend)."""
    with pytest.raises(TemplateError) as info:
        govreport.Template(minimal_template("{{ lipsum(10**6) }}")).render_bytes(
            Report.new("某局", 2024)
        )
    assert str(info.value) == (
        _AT + "模板使用了报告中没有的变量或属性：'lipsum' is undefined (undefined variable)"
    )
    body = "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}"
    with pytest.raises(TemplateError, match="模板访问了不允许的属性：access to attribute 'extend'"):
        govreport.Template(minimal_template(body)).render_bytes(Report.new("某局", 2024))


def test_ordinary_arithmetic_and_text_still_render() -> None:
    """The bounds leave what a report template does alone: sums, small powers, joins, formats."""
    body = (
        "{{ 2 ** 10 }}|{{ 'ab' * 3 }}|{{ range(3) | join(',') }}|{{ '%05d' | format(42) }}"
        "|{{ '{:>4}'.format(7) }}|{{ report.agency ~ '!' }}|{{ range(5)[2] }}|{{ range(4) | length }}"
        "|{{ '电话 12345678 %s' % report.agency }}|{{ '{}（010-12345678）'.format(report.year) }}"
        "|{{ '{:,}'.format(123456789) }}"
    )
    out = govreport.Template(minimal_template(body)).render_bytes(Report.new("某局", 2024))
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    assert (
        "1024|ababab|0,1,2|00042|   7|某局!|2|4|电话 12345678 某局|2024（010-12345678）|123,456,789"
        in xml
    )


def test_a_limit_error_survives_pickling() -> None:
    """A batch worker sends the error to the parent whole: message, bound, part and line."""
    with pytest.raises(TemplateLimitError) as info:
        govreport.Template(minimal_template("{{ 10**5000 }}")).render_bytes(
            Report.new("某局", 2024)
        )
    again = pickle.loads(pickle.dumps(info.value))
    assert (str(again), again.limit, again.part, again.line) == (
        str(info.value),
        "digits",
        "word/document.xml",
        2,
    )


@pytest.mark.parametrize(("body", "limit", "reason"), PROBES[:3], ids=["range", "len", "pow"])
def test_template_check_reports_each_bound_with_its_place(
    body: str, limit: str, reason: str
) -> None:
    """template check reports the same refusal, at the same part and line."""
    problems = check_template(minimal_template(body), edition=2021)
    assert [(p.location.where, p.message) for p in problems] == [
        ("word/document.xml 第 2 行", reason)
    ]


def test_template_check_stops_a_slow_template_at_its_deadline() -> None:
    """template check runs the template under the same deadline (here a short one)."""
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    problems = check_template(minimal_template(body), edition=2021, time_limit=0.3)
    assert [(p.location.where, p.message) for p in problems] == [
        (
            "word/document.xml 第 2 行",
            "渲染超过时间上限 0.3 秒（循环或运算过多）(template time limit)",
        )
    ]


@pytest.mark.parametrize(
    ("body", "where", "reason"),
    [
        (
            "{{ report.agency" + " " * 30_000,
            "word/document.xml 第 2 行",
            "标签 {{ 在 20000 个字符内没有闭合 (unclosed template tag)",
        ),
        (
            "{{" * 2000,
            "word/document.xml 第 2 行",
            "标签过多或彼此嵌套：共跨 2001614 个字符以上，超过上限 2000000 (template tags too many or nested)",
        ),
        ("{{" * 700, "word/document.xml", "模板嵌套过深 (template nesting limit)"),
        (
            "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
            "word/document.xml",
            "模板嵌套过深 (template nesting limit)",
        ),
    ],
    ids=["unclosed", "nested-openers", "nested-dicts", "nested-parens"],
)
def test_tags_that_cannot_be_read_in_bounded_time_are_refused(
    body: str, where: str, reason: str
) -> None:
    """An opening left open, thousands of nested openings or deep nesting: refused, by render and by check."""
    with pytest.raises(TemplateLimitError) as info:
        govreport.Template(minimal_template(body))
    assert str(info.value) == f"<bytes>: {where}: {reason}"
    problems = check_template(minimal_template(body), edition=2021)
    assert (problems[-1].location.where, problems[-1].message) == (where, reason)


def test_the_commands_report_a_bound_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`template check` lists the refusal (exit 1); `render --template` prints it in one line (exit 2), no file."""
    template = tmp_path / "t.docx"
    template.write_bytes(minimal_template("{{ 10**5000 }}"))
    assert main(["template", "check", str(template)]) == 1
    assert capsys.readouterr().out == (
        f"{template}: word/document.xml 第 2 行: 整数超过 4300 位 (template integer limit)\n共 1 个问题\n"
    )
    out = tmp_path / "r.docx"
    example = EXAMPLES / "demo-city-data-bureau-2024.yaml"
    assert main(["render", str(example), "-o", str(out), "--template", str(template)]) == 2
    assert capsys.readouterr().err == (
        f"govreport render: {template}: word/document.xml 第 2 行: 整数超过 4300 位 (template integer limit)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.docx"]


def test_the_commands_take_a_time_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`render --time-limit` and `template check --time-limit` run a user template under that
    deadline; render refuses it for the bundled template (which has none) and refuses 0."""
    template = tmp_path / "t.docx"
    slow = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template.write_bytes(minimal_template(slow))
    reason = "渲染超过时间上限 0.3 秒（循环或运算过多）(template time limit)"
    assert main(["template", "check", str(template), "--time-limit", "0.3"]) == 1
    assert capsys.readouterr().out == (
        f"{template}: word/document.xml 第 2 行: {reason}\n共 1 个问题\n"
    )
    example = EXAMPLES / "demo-city-data-bureau-2024.yaml"
    out = tmp_path / "r.docx"
    args = ["render", str(example), "-o", str(out)]
    assert main([*args, "--template", str(template), "--time-limit", "0.3"]) == 2
    assert capsys.readouterr().err == (
        f"govreport render: {template}: word/document.xml 第 2 行: {reason}\n"
    )
    assert main([*args, "--time-limit", "0.3"]) == 2
    assert "--time-limit needs --template" in capsys.readouterr().err
    assert main([*args, "--template", str(template), "--time-limit", "0"]) == 2
    assert "应为大于 0 的秒数" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.docx"]
