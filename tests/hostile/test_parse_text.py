"""Text that flows into documents: kept exactly, or refused where it is written.

The rule (docs/rendering.md): text prints as the model holds it. Leading and
trailing spaces (全角 indentation too) stay; a model paragraph is one printed
paragraph and a line break in it, or in the preamble, is a line break within
it; so rendering and reading back gives the same text. A carriage return, a
character XML cannot hold, and a line break in a one-line field are refused
by ``check`` (rule CHARS) and by ``render`` alike, naming the field, the
character (from 1) and, from a data file, the line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport.errors import RenderError
from govreport.model import Paragraph, Report, Section
from support import sample_report

TEXTS = (
    "\u3000\u3000全角缩进的段落。",
    "末尾有空格。  ",
    "第一行\n第二行",
    "上\n\n下（中间空一行）",
    "  半角缩进\t制表符",
)
PREAMBLE = "本报告依据《条例》编制。\n第二行说明。\n\u3000\u3000第三行缩进。"


@pytest.fixture(scope="module", params=["r.docx", "r.html"])
def rendered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Report, Path]:
    """The sample report with the paragraphs of :data:`TEXTS`, as a Word document and a web page."""
    base = sample_report(govreport.Edition.V2021)
    paragraphs = (*base.overview.paragraphs, *(Paragraph(t) for t in TEXTS))
    report = attrs.evolve(base, overview=Section(paragraphs), preamble=PREAMBLE)
    out = govreport.render(report, tmp_path_factory.mktemp("text") / request.param)
    return report, out


def test_render_then_read_gives_identical_paragraphs(rendered: tuple[Report, Path]) -> None:
    report, out = rendered
    got = govreport.read(out).report
    assert [p.text for p in got.overview.paragraphs] == [p.text for p in report.overview.paragraphs]


def test_render_then_read_keeps_the_preamble_line_breaks(rendered: tuple[Report, Path]) -> None:
    _, out = rendered
    assert govreport.read(out).report.preamble == PREAMBLE


def test_the_web_edition_prints_line_breaks(tmp_path: Path) -> None:
    report = attrs.evolve(Report.new("某局", 2024), overview=Section((Paragraph("甲\n乙"),)))
    page = govreport.render(report, tmp_path / "r.html", force=True).read_text(encoding="utf-8")
    assert '<p style="white-space: pre-wrap">甲<br>乙</p>' in page


def test_the_web_edition_keeps_spaces_only_where_a_browser_would_collapse_them(
    tmp_path: Path,
) -> None:
    """A paragraph whose spaces a browser would collapse keeps them (white-space: pre-wrap);
    the others are plain paragraphs."""
    texts = ("甲乙。", "甲  乙。", "\u3000\u3000全角缩进。", " 半角开头。", "制表\t符。")
    report = attrs.evolve(
        Report.new("某局", 2024), overview=Section(tuple(Paragraph(t) for t in texts))
    )
    page = govreport.render(report, tmp_path / "r.html", force=True).read_text(encoding="utf-8")
    kept = '<p style="white-space: pre-wrap">'
    assert [f"{kept}{t}</p>" in page or f"<p>{t}</p>" in page for t in texts] == [True] * 5
    assert [f"{kept}{t}</p>" in page for t in texts] == [False, True, False, True, True]


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        (
            "$.agency",
            {"agency": "某\x0b局"},
            "$.agency 第 2 个字符：U+000B 不能写入 Word 文档 (XML 1.0 cannot hold it)",
        ),
        (
            "$.agency",
            {"agency": "某\n局"},
            "$.agency 第 2 个字符：换行（U+000A）不能写在只有一行的栏目中",
        ),
        (
            "$.overview.paragraphs[0].text",
            {"overview": Section((Paragraph("甲\r乙"),))},
            "$.overview.paragraphs[0].text 第 2 个字符：回车符 CR（U+000D）印不出来，读回时会成为换行；请改为换行",
        ),
        (
            "$.overview.paragraphs[0].text",
            {"overview": Section((Paragraph("\x00"),))},
            "$.overview.paragraphs[0].text 第 1 个字符：U+0000 不能写入 Word 文档 (XML 1.0 cannot hold it)",
        ),
        (
            "$.preamble",
            {"preamble": "前言\ufffe"},
            "$.preamble 第 3 个字符：U+FFFE 不能写入 Word 文档 (XML 1.0 cannot hold it)",
        ),
    ],
)
def test_check_refuses_what_render_refuses(
    tmp_path: Path, field: str, change: dict[str, object], message: str
) -> None:
    report = attrs.evolve(sample_report(govreport.Edition.V2021), **change)  # type: ignore[arg-type]
    chars = [f for f in govreport.check(report) if f.rule == "CHARS"]
    assert [(f.severity, f.record, f.message) for f in chars] == [("error", field, message)]
    with pytest.raises(RenderError) as info:
        govreport.render(report, tmp_path / "r.docx", force=True)
    assert (str(info.value), info.value.field) == (message, field)
    assert not (tmp_path / "r.docx").exists()


def test_a_clean_report_has_no_chars_finding() -> None:
    report = attrs.evolve(sample_report(govreport.Edition.V2021), published=dt.date(2025, 1, 20))
    assert [f for f in govreport.check(report) if f.rule == "CHARS"] == []


DATA = (
    '{"agency": "某局",\n'
    ' "year": 2024,\n'
    ' "overview": ["正常的一段。", "有\\u000b控制符的一段。"]}\n'
)


def test_cli_check_names_the_line_of_the_bad_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govreport.cli import main

    src = tmp_path / "r.json"
    src.write_text(DATA, encoding="utf-8")
    assert main(["check", str(src)]) == 1
    out = capsys.readouterr().out
    assert (
        "错误 CHARS  $.overview.paragraphs[1].text 第 2 个字符：U+000B 不能写入 Word 文档 "
        "(XML 1.0 cannot hold it)（第 3 行）"
    ) in out


def test_cli_render_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govreport.cli import main

    src = tmp_path / "r.json"
    src.write_text(DATA, encoding="utf-8")
    assert main(["render", str(src), "-o", str(tmp_path / "r.docx"), "--force"]) != 0
    err = capsys.readouterr().err
    assert (
        f"{src}: 第 3 行: $.overview.paragraphs[1].text 第 2 个字符：U+000B 不能写入 Word 文档 "
        "(XML 1.0 cannot hold it)"
    ) in err
    assert not (tmp_path / "r.docx").exists()


def test_yaml_text_fields_keep_leading_full_width_spaces() -> None:
    report = govreport.loads('机关名称: 某局\n年度: 2024\n一、总体情况: "\\u3000\\u3000甲。 "\n')
    assert report.overview.paragraphs[0].text == "\u3000\u3000甲。 "


_FIELD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x00\x07\x0b\r\n\t \u3000\ud800\ufffe\u2028甲1"),
        st.characters(codec="utf-8"),
    ),
    max_size=8,
)


@given(agency=_FIELD_TEXT, phone=_FIELD_TEXT, paragraphs=st.lists(_FIELD_TEXT, max_size=3))
def test_the_one_scan_finds_what_the_field_by_field_check_finds(
    agency: str, phone: str, paragraphs: list[str]
) -> None:
    """CHARS looks at the report's text in one scan first: it misses nothing the check of each field finds."""
    from govreport.checks._chars import _any_problem, _fields, text_problem, written
    from govreport.model import Contact

    report = attrs.evolve(
        Report.new("某局", 2024),
        agency=agency,
        contact=Contact(phone=phone),
        overview=Section(paragraphs),
    )
    fields = list(_fields(report))
    each = [text_problem(t, one_line=o, paragraph=p) for _, t, o, p in fields]
    assert _any_problem(written(report)) == any(x is not None for x in each)


_PARAGRAPH_TEXT = st.text(
    alphabet=st.sampled_from(list("甲乙丙。，1 \t\u3000\u00a0\n<>&\"'")), min_size=1, max_size=24
).filter(lambda t: t.strip(" \t\n\u3000\u00a0") != "" and "\n\n\n" not in t)


@given(st.lists(_PARAGRAPH_TEXT, min_size=1, max_size=4))
def test_the_web_edition_reads_back_every_character(texts: list[str]) -> None:
    """Whatever spaces, tabs, line breaks and markup characters a paragraph holds, the web
    edition shows them and reading the page back gives each paragraph's text unchanged."""
    from govreport.formats._html import read_html
    from govreport.rendering._html import html_page

    report = attrs.evolve(
        sample_report(govreport.Edition.V2021), overview=Section(tuple(Paragraph(t) for t in texts))
    )
    blocks = read_html(html_page(report).encode("utf-8"), "r.html")
    read = [b.text for b in blocks if not hasattr(b, "rows")]
    at = read.index(texts[0])
    assert read[at : at + len(texts)] == texts
