"""Property-based fuzzing of reading and rendering.

``load`` of any bytes or text (YAML, JSON, TOML) raises nothing but
govreport's documented errors; any paragraph text that loads and renders
reads back identical from the .docx. ``make fuzz`` runs these with the
``fuzz`` Hypothesis profile (many more examples, no deadline).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govreport
from govreport.errors import GovReportError
from govreport.model import Paragraph, Section
from support import sample_report

FORMATS = ("yaml", "json", "toml")

#: Fragments a hand-typed data file is made of, so that random text often gets past the syntax.
_FRAGMENTS = st.sampled_from(
    [
        "机关名称: ",
        "年度: ",
        "2024",
        "\n",
        "  ",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "&a ",
        "*a",
        "!!str ",
        "0x1F",
        "010",
        "1:30",
        "1e300",
        ".inf",
        "NaN",
        "Infinity",
        "\\u0000",
        "\\r",
        "\r",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x00",
        "\x1b",
        "\ud800",
        "三、收到和处理政府信息公开申请情况",
        "自然人",
        "agency",
        "year",
        "applications",
        "=",
        "[[a]]",
        '"""',
        "#",
        "\t",
        "\u3000",
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(_FRAGMENTS, max_size=40).map("".join),
)


def _load_or_documented_error(text: str | bytes, fmt: str) -> None:
    message = "loaded"
    try:
        govreport.loads(text, fmt, source="f")
    except GovReportError as e:  # anything else (a traceback) fails the test
        message = str(e)
    assert message  # a message, never empty


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, fmt=st.sampled_from(FORMATS))
def test_loads_of_any_text_raises_only_documented_errors(text: str, fmt: str) -> None:
    _load_or_documented_error(text, fmt)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), fmt=st.sampled_from(FORMATS))
def test_loads_of_any_bytes_raises_only_documented_errors(data: bytes, fmt: str) -> None:
    _load_or_documented_error(data, fmt)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, suffix=st.sampled_from([".yaml", ".json", ".toml"]))
def test_load_of_any_file_raises_only_documented_errors(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"f{suffix}"
        p.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        message = str(p)
        try:
            govreport.load(p)
        except GovReportError as e:  # anything else (a traceback) fails the test
            message = str(e)
    assert str(p) in message  # every error names the file


#: What paragraph text is made of: Chinese and Latin, spaces of both widths, tabs and line breaks.
_PARAGRAPH = st.text(
    alphabet=st.sampled_from(list("政府信息公开年度报告甲乙丙abcXYZ019 \u3000\t\n（）《》“”！？")),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() != "")

#: Rendering a document takes a moment: a few examples in a normal run, the profile's under ``fuzz``.
_RENDER_EXAMPLES = None if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 12
_BASE = sample_report(govreport.Edition.V2021)


@settings(
    max_examples=_RENDER_EXAMPLES or settings.default.max_examples,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(_PARAGRAPH, min_size=1, max_size=4), fmt=st.sampled_from(FORMATS))
def test_text_that_loads_and_renders_reads_back_identical(texts: list[str], fmt: str) -> None:
    report = attrs.evolve(
        _BASE, overview=Section((*_BASE.overview.paragraphs, *(Paragraph(t) for t in texts)))
    )
    loaded = govreport.loads(govreport.dumps(report, fmt), fmt)
    assert loaded == report
    assume(not [f for f in govreport.check(loaded) if f.severity == "error"])
    with tempfile.TemporaryDirectory() as d:
        out = govreport.render(loaded, Path(d) / "r.docx")
        back = govreport.read(out).report
    assert [p.text for p in back.overview.paragraphs] == [
        p.text for p in loaded.overview.paragraphs
    ]
