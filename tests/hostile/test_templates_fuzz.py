"""Renderer fuzzing: any narrative the model accepts renders, and reads back identical with govreport.read.

The text drawn is what a clerk types: CJK, Latin, digits, punctuation, the
characters XML may hold that Word keeps (tabs, no-break and full-width
spaces inside a line, U+2028, U+0085), and characters that look like Jinja
or XML. One paragraph of the model is one printed paragraph; the rule for
spaces at the ends of a line and for CR is the context's
(``rendering/_context.py``): what cannot be printed as written (a CR, a
paragraph of spaces only) is refused by check and render alike.
"""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from govreport.model import Section
from govreport.spec import Edition
from support import sample_report

_TEMPLATES = {ed: govreport.Template(edition=ed) for ed in Edition}

#: Characters a line may hold (no line break, no character XML 1.0 refuses).
_CHAR = st.one_of(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\ufffe\uffff",
    ),
    st.sampled_from("\t\u3000\u00a0\u2028\x85{}%<>&'\"、。，；：（）《》一二三"),
)


def _kept(line: str) -> bool:
    """Whether a line is a paragraph the model accepts: anything but spaces alone (CHARS refuses those)."""
    return bool(line.strip())


_LINE = st.text(_CHAR, min_size=1, max_size=30).filter(_kept)


def _read_back(report: govreport.Report, tmp: Path, section: str) -> list[str]:
    path = tmp / "r.docx"
    path.write_bytes(_TEMPLATES[report.edition].render_bytes(report))
    got = govreport.read(path, edition=report.edition).report
    return [p.text for p in got.section(section).paragraphs]


@settings(max_examples=30)
@given(
    lines=st.lists(_LINE, min_size=1, max_size=4),
    edition=st.sampled_from(list(Edition)),
    section=st.sampled_from(["overview", "problems_improvements", "other_matters"]),
)
def test_any_accepted_narrative_renders_and_reads_back_identical(
    lines: list[str], edition: Edition, section: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Paragraphs of any text XML can hold come back from the rendered .docx character for character."""
    report = attrs.evolve(sample_report(edition), **{section: Section(lines)})
    assert _read_back(report, tmp_path_factory.mktemp("fuzz"), section) == lines


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u3000\u3000首行缩进的段落", id="leading-full-width-indent"),
        pytest.param(" 前后有空格 ", id="spaces-at-the-ends"),
        pytest.param("第一行\n第二行", id="a-line-break-inside-a-paragraph"),
    ],
)
def test_spaces_and_line_breaks_read_back_identical(text: str, tmp_path: Path) -> None:
    """Indentation, spaces at the ends and a line break inside a paragraph survive render → read."""
    report = attrs.evolve(sample_report(Edition.V2021), other_matters=Section([text]))
    assert _read_back(report, tmp_path, "other_matters") == [text]


def test_a_carriage_return_is_refused_by_check_and_render(tmp_path: Path) -> None:
    """A CR cannot be printed as itself: check and render both refuse it at its place (CHARS)."""
    report = attrs.evolve(sample_report(Edition.V2021), other_matters=Section(["回车\r之后"]))
    (chars,) = [f for f in govreport.check(report) if f.rule == "CHARS"]
    assert chars.record == "$.other_matters.paragraphs[0].text"
    assert "回车符 CR（U+000D）" in chars.message
    with pytest.raises(govreport.errors.RenderError, match="U\\+000D"):
        _TEMPLATES[Edition.V2021].render_bytes(report)


@pytest.mark.parametrize("text", [" ", "\u3000", "\u3000\u3000", " \t ", "\n"])
def test_a_paragraph_of_spaces_only_is_refused_by_check_and_render(text: str) -> None:
    """A paragraph of spaces only would print as an empty paragraph that no reader can keep: refused."""
    report = attrs.evolve(sample_report(Edition.V2021), other_matters=Section(["费用说明。", text]))
    (chars,) = [f for f in govreport.check(report) if f.rule == "CHARS"]
    assert chars.record == "$.other_matters.paragraphs[1].text"
    assert "段落只有空白字符" in chars.message
    with pytest.raises(govreport.errors.RenderError, match="段落只有空白字符"):
        _TEMPLATES[Edition.V2021].render_bytes(report)


def test_the_fuzzed_document_is_a_document_word_opens(tmp_path: Path) -> None:
    """A rendered document with hostile-looking text is a valid package (python-docx opens it)."""
    import docx

    text = "{{ report.__class__ }} <w:p> &amp; ]]> \u2028 结束"
    report = attrs.evolve(sample_report(Edition.V2021), other_matters=Section([text]))
    data = _TEMPLATES[Edition.V2021].render_bytes(report)
    assert text in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
