"""Tests for the ``govreport render``, ``govreport template`` and ``govreport demo`` commands."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import attrs
import docx
import pytest

import govreport
from govreport.cli import main
from govreport.model import ApplicantCounts
from govreport.rendering import _template as _render
from govreport.spec import Edition
from support import (
    contract_template,
    expected_tables,
    minimal_template,
    read_tables,
    sample_report,
)

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body: str) -> bytes:
    """A .docx whose body is the given WordprocessingML paragraphs."""
    source = zipfile.ZipFile(io.BytesIO(minimal_template("x")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = f'<?xml version="1.0"?><w:document {_W}><w:body>{body}</w:body></w:document>'.encode()
            out.writestr(info, data)
    return buffer.getvalue()


def para(*runs: str) -> str:
    """A paragraph of plain runs (a run starting with '<' is inserted as XML)."""
    return (
        "<w:p>"
        + "".join(
            r if r.startswith("<") else f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>'
            for r in runs
        )
        + "</w:p>"
    )


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """The 2021 sample report as a YAML data file."""
    return govreport.dump(sample_report(Edition.V2021), tmp_path / "report.yaml")


@pytest.fixture
def template_file(tmp_path: Path) -> Path:
    """The 2021 contract template as a file."""
    path = tmp_path / "t.docx"
    path.write_bytes(contract_template(Edition.V2021))
    return path


def test_render_writes_a_document_of_the_data_file(
    data_file: Path, template_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """render FILE -o OUT prints the path and the document's cells equal the data file's."""
    out = tmp_path / "out.docx"
    assert main(["render", str(data_file), "-o", str(out), "--template", str(template_file)]) == 0
    assert str(out) in capsys.readouterr().out
    report = govreport.load(data_file)
    assert read_tables(docx.Document(str(out)), Edition.V2021) == expected_tables(report)


def test_render_pdf_without_libreoffice_keeps_the_docx(
    data_file: Path,
    template_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--pdf with no LibreOffice exits 2 and says so, and the .docx is still written."""
    monkeypatch.setenv("GOVREPORT_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "out.docx"
    status = main(
        ["render", str(data_file), "-o", str(out), "--template", str(template_file), "--pdf"]
    )
    assert status == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert out.exists()


def test_render_refuses_a_report_with_errors_unless_forced(
    template_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report whose totals disagree exits 2 with the finding; --force renders it."""
    base = sample_report(Edition.V2021)
    table = attrs.evolve(
        base.applications.table, granted=ApplicantCounts(5, 0, 0, 0, 0, 0, declared_total=1)
    )
    bad = govreport.dump(
        attrs.evolve(base, applications=attrs.evolve(base.applications, table=table)),
        tmp_path / "bad.yaml",
    )
    out = tmp_path / "out.docx"
    assert main(["render", str(bad), "-o", str(out), "--template", str(template_file)]) == 2
    assert "总计" in capsys.readouterr().err
    assert not out.exists()
    assert (
        main(["render", str(bad), "-o", str(out), "--template", str(template_file), "--force"]) == 0
    )
    assert out.exists()


def test_render_with_an_unsafe_template_fails_cleanly(
    data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user template reaching for Python internals exits 2 with a one-line message and writes nothing."""
    t = tmp_path / "evil.docx"
    t.write_bytes(minimal_template("{{ ''.__class__.__mro__ }}"))
    out = tmp_path / "out.docx"
    assert main(["render", str(data_file), "-o", str(out), "--template", str(t)]) == 2
    assert "evil.docx" in capsys.readouterr().err
    assert not out.exists()


def test_template_check_accepts_a_contract_template(
    template_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template that follows the contract has no problems (exit 0)."""
    assert main(["template", "check", str(template_file)]) == 0
    assert "可以使用" in capsys.readouterr().out


def test_template_check_lists_each_problem_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown variables and filters, full-width braces, split and field-broken tags are each listed with their paragraph."""
    field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = "".join(
        [
            para("{{ applications.granted.natral_person }}"),
            para("{{ report.year | shout }}"),
            para("｛｛ report.title ｝｝"),
            para("{{ report."),
            para("title }}"),
            para("{{ report.", field, "agency }}"),
            para("{%p for p in sections.overview %}"),
            para("{{ p.kia }}"),
            para("{%p endfor %}"),
        ]
    )
    t = tmp_path / "bad.docx"
    t.write_bytes(docx_with_body(body))
    assert main(["template", "check", str(t), "--edition", "2021"]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = {
        "第 1 段": "applications.granted.natral_person",
        "第 2 段": "shout",
        "第 3 段": "全角",
        "第 4 段": "没有闭合",
        "第 5 段": "没有开头",
        "第 6 段": "域或书签",
        "第 8 段": "p.kia",
    }
    for where, what in expected.items():
        assert any(f"{where}:" in line and what in line for line in lines), (where, lines)
    mentioned = {line.split(": ")[1].split(" ", 1)[1] for line in lines if "段:" in line}
    assert mentioned == set(expected)


def test_template_export_writes_the_bundled_template(tmp_path: Path) -> None:
    """template export writes the bundled template, which template check accepts."""
    out = tmp_path / "my.docx"
    assert main(["template", "export", "--edition", "2021", "-o", str(out)]) == 0
    assert out.read_bytes() == _render.bundled_template(Edition.V2021)
    assert main(["template", "check", str(out)]) == 0


def test_demo_renders_each_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """demo --examples DIR --no-pdf renders every example to a .docx and prints the paths."""
    examples = tmp_path / "examples"
    examples.mkdir()
    for ed in Edition:
        govreport.dump(sample_report(ed), examples / f"example-{int(ed)}.yaml")
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out), "--examples", str(examples), "--no-pdf"]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == ["example-2019.docx", "example-2021.docx"]
    for p in printed:
        assert docx.Document(p).paragraphs


def test_demo_without_examples_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """demo with a missing examples folder exits 2 with a clear message."""
    assert main(["demo", "-o", str(tmp_path), "--examples", str(tmp_path / "none")]) == 2
    assert "示例目录" in capsys.readouterr().err


def test_render_with_windows_fonts_renames_the_fonts(
    data_file: Path, template_file: Path, tmp_path: Path
) -> None:
    """--fonts windows writes 仿宋 where the template says 仿宋_GB2312."""
    out = tmp_path / "out.docx"
    assert (
        main(
            [
                "render",
                str(data_file),
                "-o",
                str(out),
                "--template",
                str(template_file),
                "--fonts",
                "windows",
            ]
        )
        == 0
    )
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode()
    assert 'w:eastAsia="仿宋"' in styles
    assert "仿宋_GB2312" not in styles


def test_demo_finds_the_examples_of_the_source_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make demo` on a clone: without --examples the demo renders the repository's examples/."""
    from govreport.cli._demo import examples_dir

    found = examples_dir()
    repository = Path(__file__).resolve().parent.parent / "examples"
    packaged = found.name == "_examples"
    assert packaged or found == repository, found
    expected = sorted(p.stem + ".docx" for p in found.iterdir() if p.suffix == ".yaml")
    assert expected
    assert main(["demo", "-o", str(tmp_path), "--no-pdf"]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == expected


@pytest.fixture
def draft_file(tmp_path: Path) -> Path:
    """The 2021 sample report with one 【待填写】 paragraph left in its overview."""
    from govreport.model import Section
    from govreport.spec import DRAFT_MARK

    report = sample_report(Edition.V2021)
    overview = Section([*report.overview.paragraphs, f"{DRAFT_MARK}本年度工作亮点。"])
    return govreport.dump(attrs.evolve(report, overview=overview), tmp_path / "draft.yaml")


def test_render_draft_marks_the_word_document(draft_file: Path, tmp_path: Path) -> None:
    """--draft renders a report with placeholders, opening with the draft line, status 草稿."""
    from govreport.cli._render import DRAFT_LINE

    out = tmp_path / "d.docx"
    assert main(["render", str(draft_file), "-o", str(out)]) == 2
    assert not out.exists()
    assert main(["render", str(draft_file), "-o", str(out), "--draft"]) == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == DRAFT_LINE
    assert document.core_properties.content_status == "草稿"


def test_render_draft_of_the_web_edition_is_refused(
    draft_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The web edition is never a draft: --draft with placeholders and an .html output is refused."""
    out = tmp_path / "d.html"
    assert main(["render", str(draft_file), "-o", str(out), "--draft"]) == 2
    assert "网页版不生成草稿" in capsys.readouterr().err
    assert not out.exists()


def test_render_html_refuses_word_options_it_would_ignore(
    data_file: Path, template_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template for the web edition alone is refused, not ignored."""
    out = tmp_path / "r.html"
    assert main(["render", str(data_file), "-o", str(out), "--template", str(template_file)]) == 2
    assert "网页版不使用 Word 模板" in capsys.readouterr().err


def _pdf_text(pdftotext: str, pdf: Path) -> str:
    import subprocess

    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.libreoffice
def test_render_html_with_pdf_prints_the_word_document(
    data_file: Path, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """-o x.html --pdf writes the web page and, beside it, the PDF of the Word document (the
    same text as -o x.docx --pdf gives), not a print of the web page."""
    html = tmp_path / "web" / "r.html"
    html.parent.mkdir()
    assert main(["render", str(data_file), "-o", str(html), "--pdf"]) == 0
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    word = tmp_path / "word" / "r.docx"
    word.parent.mkdir()
    assert main(["render", str(data_file), "-o", str(word), "--pdf"]) == 0
    assert _pdf_text(pdftotext, html.with_suffix(".pdf")) == _pdf_text(
        pdftotext, word.with_suffix(".pdf")
    )
    assert sorted(p.name for p in html.parent.iterdir()) == ["r.html", "r.pdf"]


@pytest.mark.libreoffice
def test_render_draft_pdf_opens_with_the_draft_line(
    draft_file: Path, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """-o x.pdf --draft gives a PDF of the marked Word document, and nothing else beside it."""
    from govreport.cli._render import DRAFT_LINE

    out = tmp_path / "out" / "d.pdf"
    out.parent.mkdir()
    assert main(["render", str(draft_file), "-o", str(out), "--draft"]) == 0
    assert _pdf_text(pdftotext, out).split()[0] == DRAFT_LINE.split()[0]
    assert [p.name for p in out.parent.iterdir()] == ["d.pdf"]
