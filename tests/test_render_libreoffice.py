"""Rendered documents as other clients see them: LibreOffice's PDF, golden text, the examples' every sentence and number."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import attrs
import docx
import pytest

import govreport
from govreport.model import Report, Section
from govreport.rendering import convert_to_pdf
from govreport.rendering._context import build_context
from govreport.rendering._fontconfig import FREE_FACES, pdf_environment
from govreport.spec import Edition, RowKind
from govreport.testing import document_text
from support import (
    EXAMPLES,
    contract_template,
    convert_with_soffice,
    every_cell_non_zero_report,
    paragraphs,
    read_tables,
    sample_report,
    template_for,
)
from support.system import program

_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*") if p.suffix in _SUFFIXES)


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_sample_reports_match_their_golden_text(
    edition: Edition, tmp_path: Path, govreport_golden: Callable[[str, str], None]
) -> None:
    """The sample report rendered with the contract template prints exactly the golden text
    (``--govreport-update-golden`` rewrites it)."""
    out = govreport.Template(contract_template(edition)).render(
        sample_report(edition), tmp_path / "r.docx"
    )
    govreport_golden(f"sample-{int(edition)}", document_text(out))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_match_their_golden_text(
    example: Path, tmp_path: Path, govreport_golden: Callable[[str, str], None]
) -> None:
    """Each example rendered with its bundled template prints exactly the golden text."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    govreport_golden(example.stem, document_text(out))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？])", text) if s.strip()]


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_print_every_sentence_and_number(example: Path, tmp_path: Path) -> None:
    """Every narrative sentence of an example and every number of its tables appears in the document."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / "r.docx", force=True)
    d = docx.Document(str(out))
    text = "".join(paragraphs(d))
    for key in Report.SECTION_KEYS:
        for p in report.section(key).paragraphs:
            for sentence in _sentences(p.heading + "\n" + p.text):
                for line in sentence.split("\n"):
                    assert line.strip() in text, (key, line)
    cells = read_tables(d, report.edition)
    ctx = build_context(report)
    for key, found in cells.items():
        assert found == {(r, c): v for r, cols in ctx[key].items() for c, v in cols.items()}


def _reports_for_pdf() -> list[tuple[str, Report, bytes | None]]:
    out: list[tuple[str, Report, bytes | None]] = []
    for ed in Edition:
        out.append((f"sample-{int(ed)}", sample_report(ed), None))
    bad = attrs.evolve(
        sample_report(Edition.V2021, agency="R&D<中心>𠮷"),
        problems_improvements=Section(["{{ x }} 与 {% if %} 原样输出。\n第二段 & <标签>。"]),
    )
    out.append(("bad-input", bad, contract_template(Edition.V2021)))
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("name", "report", "template"),
    _reports_for_pdf(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_libreoffice_converts_and_prints_every_heading(
    name: str, report: Report, template: bytes | None, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """LibreOffice converts the document to PDF; its text holds the title, the six headings, the agency and the date."""
    t = govreport.Template(template if template is not None else template_for(report.edition))
    out = t.render(report, tmp_path / f"{name}.docx", force=True)
    pdf = convert_with_soffice(soffice, out, tmp_path)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", report.title) in flat
    for section in report.edition.spec.sections:
        assert section.heading in flat
    assert report.agency in flat
    assert build_context(report)["report"]["date"] in flat


@pytest.mark.libreoffice
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_libreoffice_converts_every_example(
    example: Path, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """Each example, rendered with the bundled template, converts to a PDF that holds its title and agency."""
    report = govreport.load(example)
    out = govreport.render(report, tmp_path / f"{example.stem}.docx", force=True)
    pdf = convert_with_soffice(soffice, out, tmp_path)
    flat = re.sub(
        r"\s+",
        "",
        subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert report.title in flat
    for section in report.edition.spec.sections:
        assert section.heading in flat
    assert report.agency in flat


def _pages(pdftotext: str, pdf: Path) -> list[str]:
    """Each page's text in drawing order (``-raw``: a cell's lines stay together), whitespace removed."""
    text = subprocess.run(
        [pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def _every_cell_non_zero() -> Report:
    """A 2021-edition report whose every count in tables 三 and 四 is non-zero (four-digit totals)."""
    return every_cell_non_zero_report()


def _layout_reports() -> list[tuple[str, Report]]:
    return [(p.stem, govreport.load(p)) for p in EXAMPLE_FILES] + [
        ("every-cell-non-zero", _every_cell_non_zero())
    ]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("name", "report"), _layout_reports(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_libreoffice_pages_keep_table_groups_and_the_signature_with_the_text(
    name: str, report: Report, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """No page of table 三 starts a group's rows without the group's label; the last page is more than the signature."""
    out = govreport.render(report, tmp_path / f"{name}.docx", force=True)
    pages = _pages(
        pdftotext, convert_to_pdf(out)
    )  # as govreport render --pdf converts, free faces included
    spec = report.edition.spec.table("applications")
    note = re.sub(r"\s+", "", spec.header_note or "")
    groups = [row for row in spec.rows if row.kind is RowKind.GROUP]
    checked = 0
    for number, page in enumerate(pages, start=1):
        if note not in page:
            continue
        table = page[page.index(note) :]
        for group in groups:
            members = [
                row
                for row in spec.data_rows
                if group.key in (row.parent, row.parent and spec.row(row.parent).parent)
            ]
            present = [row.label for row in members if row.label in table]
            assert not present or group.label in table, (name, number, group.label, present)
            checked += len(present)
    assert checked >= sum(
        1 for row in spec.data_rows if row.parent is not None
    )  # every member row was found on some page
    ctx = build_context(report)["report"]
    last = pages[-1]
    for line in (report.agency, ctx["date"]):
        last = last.replace(line, "", 1)
    assert re.sub(r"[—\d]", "", last), f"{name}: the last page holds only the signature"


@pytest.fixture(scope="module")
def pdffonts(pdftotext: str) -> str:
    """poppler's ``pdffonts`` (poppler-utils, beside pdftotext)."""
    path = shutil.which("pdffonts")
    assert path is not None, "poppler-utils has pdftotext but not pdffonts"
    return path


def _fonts(pdffonts: str, pdf: Path) -> list[tuple[str, bool]]:
    """Each font of the PDF as (name without the subset prefix, embedded)."""
    lines = subprocess.run(
        [pdffonts, str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    out = []
    for line in lines:
        name = line.split()[0].split("+", 1)[-1]
        out.append((name, line.split()[-5] == "yes"))
    return out


#: The faces the GB fonts become without them: Noto Serif CJK Bold (title), Noto Serif CJK (body,
#: page numbers), Noto Sans CJK (一、 headings), AR PL UKai (（一） headings).
_CJK = re.compile(r"CJK|UKai|Kai|Song|Hei|FangSong|GB2312|XiaoBiao", re.I)
#: The Latin face that stands in for Times New Roman beside the Chinese text.
_LATIN = re.compile(r"^(DejaVuSerif|LiberationSerif|Tinos|TimesNewRoman)")


@pytest.mark.libreoffice
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_pdf_sets_title_headings_and_body_in_distinct_embedded_faces(
    example: Path, soffice: str, pdffonts: str, tmp_path: Path
) -> None:
    """pdffonts: every font embedded, at least three distinct CJK faces, nothing but the serif for Times New Roman besides them."""
    report = govreport.load(example)
    pdf = convert_to_pdf(govreport.render(report, tmp_path / f"{example.stem}.docx", force=True))
    fonts = _fonts(pdffonts, pdf)
    assert all(embedded for _, embedded in fonts), fonts
    names = {name.removesuffix("-VKana") for name, _ in fonts}
    cjk = {n for n in names if _CJK.search(n)}
    assert len(cjk) >= 3, names
    assert names - cjk <= {n for n in names if _LATIN.match(n)}, names  # no sans fallback
    installed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True
    ).stdout
    if "Noto Serif CJK SC" in installed and "AR PL UKai CN" in installed:
        assert any(re.search(r"NotoSerifCJK\w*-Bold", n) for n in cjk), cjk  # the title
        assert any(re.search(r"NotoSansCJK", n) for n in cjk), cjk  # 一、 headings
        assert any("UKai" in n for n in cjk), cjk  # （一） headings


def test_fontconfig_maps_every_gb_face_to_its_first_installed_free_face() -> None:
    """fc-match, under the environment LibreOffice gets, picks for each GB face the first of its free faces that is installed."""
    fc_match = program("fontconfig's fc-match", ("fc-match",), "apt-get install fontconfig")
    env = pdf_environment()
    installed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, env=env
    ).stdout
    families = {f.strip() for line in installed.splitlines() for f in line.split(",")}
    for face, (free, bold) in FREE_FACES.items():
        first = next((f for f in free if f in families), None)
        if first is None:
            continue
        match = subprocess.run(
            [fc_match, "-f", "%{family}|%{weight}", face],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        family, weight = match.split("|")
        assert first in family.split(","), (face, match)
        assert (int(float(weight)) >= 200) is bold, (face, match)


@pytest.mark.libreoffice
def test_pdfa_declares_pdf_a_2b_and_embeds_every_font(
    soffice: str, pdffonts: str, tmp_path: Path
) -> None:
    """render --pdfa: the PDF's XMP metadata says pdfaid:part 2, conformance B; pdffonts shows every font embedded."""
    from govreport.cli import main

    example = EXAMPLE_FILES[0]
    out = tmp_path / "r.docx"
    assert main(["render", str(example), "-o", str(out), "--pdfa", "--force"]) == 0
    pdf = out.with_suffix(".pdf")
    xmp = _xmp(pdf)
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp), xmp
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp), xmp
    fonts = _fonts(pdffonts, pdf)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    # the API: govreport.render to a .pdf, with and without PDF/A
    report = govreport.load(example)
    plain = govreport.render(report, tmp_path / "plain.pdf", force=True)
    assert "pdfaid" not in _xmp(plain)
    archival = govreport.render(report, tmp_path / "archival.pdf", force=True, pdfa=True)
    assert "<pdfaid:part>2</pdfaid:part>" in _xmp(archival)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".docx"] == ["r.docx"]


def _xmp(pdf: Path) -> str:
    """The PDF's XMP metadata packet (poppler's ``pdfinfo -meta``)."""
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo is not None, "poppler-utils has pdftotext but not pdfinfo"
    return subprocess.run(
        [pdfinfo, "-meta", str(pdf)], capture_output=True, text=True, check=True
    ).stdout


#: A4 is 595.28 pt wide and the right margin 26 mm: the text block's right edge, in points.
_RIGHT_EDGE = (210 - 26) / 25.4 * 72
#: One 3号 character, in points.
_CHAR = 16.0


def _signature_boxes(
    pdftotext: str, pdf: Path, agency: str, date: str
) -> list[tuple[float, float]]:
    """(xMin, xMax) of the agency line and of the date line on the PDF's last page (``pdftotext -bbox``)."""
    html = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    last = html.rsplit("<page ", 1)[-1]
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', last
    )
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x0, y0, x1, word in words:
        lines.setdefault(round(float(y0)), []).append((float(x0), float(x1), word))
    boxes = []
    for wanted in (agency, date):
        found = [ws for ws in lines.values() if "".join(w for _, _, w in ws) == wanted]
        assert len(found) == 1, (wanted, lines)
        boxes.append((min(x0 for x0, _, _ in found[0]), max(x1 for _, x1, _ in found[0])))
    return boxes


@pytest.mark.libreoffice
@pytest.mark.parametrize("agency", ["示范市数据局", "某某市某某区人民政府办公室某某科"])
def test_pdf_places_the_signature_by_gb_t_9704_7_3_5(
    agency: str, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """In LibreOffice's PDF, unsealed (§7.3.5.2): the date starts two characters right of the agency's
    first character, the longer line two characters from the edge; sealed (§7.3.5.1): the agency
    centred over the date, four characters from the edge (or, when longer, centred the other way)."""
    from govreport.rendering._context import _width

    report = attrs.evolve(govreport.load(EXAMPLE_FILES[0]), agency=agency)
    date = build_context(report)["report"]["date"]
    unsealed = govreport.render(report, tmp_path / "unsealed.pdf", force=True)
    (a0, a1), (d0, d1) = _signature_boxes(pdftotext, unsealed, agency, date)
    # The indents are computed from the widths the lines have in the GB/T 9704 faces (digits half a
    # character); the free faces' digits are a little wider. A position that depends on a line's
    # width may be off by that difference, and by no more; a right indent itself is exact.
    off_agency = (a1 - a0) - _width(agency) * _CHAR
    off_date = (d1 - d0) - _width(date) * _CHAR
    exact = 1.0
    assert abs((d0 - a0) - 2 * _CHAR) <= abs(off_agency - off_date) + exact, (a0, d0)
    longer_agency = _width(agency) >= _width(date) + 2
    edge = _RIGHT_EDGE - (a1 if longer_agency else d1)
    assert abs(edge - 2 * _CHAR) <= exact, (a1, d1)
    sealed = govreport.render(report, tmp_path / "sealed.pdf", force=True, signature="sealed")
    (a0, a1), (d0, d1) = _signature_boxes(pdftotext, sealed, agency, date)
    centre = abs((a0 + a1) / 2 - (d0 + d1) / 2)
    assert centre <= abs(off_agency - off_date) / 2 + exact, (a0, a1, d0, d1)
    if _width(agency) <= _width(date) + 4:  # the agency centred over the date, 右空四字
        assert abs(_RIGHT_EDGE - d1 - 4 * _CHAR) <= exact, d1
    else:  # a long agency two characters from the edge, the date centred under it
        assert abs(_RIGHT_EDGE - a1 - 2 * _CHAR) <= exact, a1


@pytest.mark.libreoffice
def test_batch_pdfa_writes_pdf_a_2b_and_reruns_when_the_option_changes(
    soffice: str, tmp_path: Path
) -> None:
    """batch(..., pdfa=True): each PDF declares PDF/A-2b; the same batch without pdfa is not up to date."""
    from concurrent.futures import ThreadPoolExecutor

    reports = [sample_report(Edition.V2021, agency=name) for name in ("甲局", "乙局")]
    result = govreport.batch(reports, tmp_path, pdfa=True, executor=ThreadPoolExecutor(1))
    assert result.counts["written"] == 2
    for outcome in result.outcomes:
        pdf = tmp_path / outcome.files[1]
        assert "<pdfaid:part>2</pdfaid:part>" in _xmp(pdf), outcome
    again = govreport.batch(reports, tmp_path, pdfa=True, executor=ThreadPoolExecutor(1))
    assert again.counts["up_to_date"] == 2
    plain = govreport.batch(reports, tmp_path, pdf=True, executor=ThreadPoolExecutor(1))
    assert plain.counts["written"] == 2
    assert all("pdfaid" not in _xmp(tmp_path / o.files[1]) for o in plain.outcomes)
