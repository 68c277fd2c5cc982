"""govreport review: a folder of reports in mixed forms read, paired by year, checked, written to a workbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

import govreport
from govreport.cli import main
from govreport.review import ACCEPTED_NAME, FINDING_COLUMNS, REPORT_COLUMNS, finding_id, review
from support.paths import DATA, REAL_REPORTS
from support.system import module

openpyxl = module("openpyxl")

HUAIAN = DATA / "huaian-city-2024.yaml"


def _page(agency: str, year: int) -> str:
    """A small agency page: its title and table 四 in the official layout (the other tables not published)."""
    spec = govreport.Edition.for_year(year).spec.table("review_litigation")
    review_row, direct, after = spec.data_rows
    cols = [c.label for c in review_row.columns]
    head = f'<tr><td colspan="5">{review_row.label}</td><td colspan="10">{spec.row("litigation").label}</td></tr>'
    head += "<tr>" + "".join(f'<td rowspan="2">{c}</td>' for c in cols)
    head += f'<td colspan="5">{direct.label.split("/")[-1]}</td><td colspan="5">{after.label.split("/")[-1]}</td></tr>'
    head += "<tr>" + "".join(f"<td>{c}</td>" for c in cols * 2) + "</tr>"
    values = "<tr>" + "".join("<td>0</td>" for _ in range(15)) + "</tr>"
    return (
        f"<html><body><h1>{agency}{year}年政府信息公开工作年度报告</h1>"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p><table>{head}{values}</table></body></html>"
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """22 files: 8 agencies' 2024 data files with their 2023 Word reports, 3 pages, 淮安's PDF, 2 corrupt files."""
    root = tmp_path_factory.mktemp("jurisdiction")
    base = govreport.load(HUAIAN)
    for i in range(8):
        agency = f"示例县第{i + 1}局"
        this_year = attrs.evolve(base, agency=agency)
        govreport.dump(this_year, root / "2024" / f"{i + 1:02d}.yaml")
        last_year = attrs.evolve(this_year, year=2023)
        (root / "2023").mkdir(exist_ok=True)
        govreport.render(last_year, root / "2023" / f"{i + 1:02d}.docx", force=True)
    for i in range(3):
        (root / "web").mkdir(exist_ok=True)
        (root / "web" / f"page{i}.html").write_text(_page(f"示例乡{i}政府", 2024), encoding="utf-8")
    shutil.copy(REAL_REPORTS / "huaian-city-2024.pdf", root / "huaian.pdf")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (root / "broken.yaml").write_text("机关名称: [未闭合\n", encoding="utf-8")
    return root


def test_review_reads_every_form_and_lists_the_broken_files(folder: Path) -> None:
    """Every readable report is reviewed; each corrupt file is listed with its reason and stops nothing."""
    result = review([folder])
    assert len(result.reports) == 20
    assert sorted(f.path.name for f in result.failures) == ["broken.docx", "broken.yaml"]
    reasons = {f.path.name: f.reason for f in result.failures}
    assert "不是有效的 Word 文档" in reasons["broken.docx"]
    assert "YAML 语法错误" in reasons["broken.yaml"]
    kinds = sorted({r.path.suffix for r in result.reports})
    assert kinds == [".docx", ".html", ".pdf", ".yaml"]


def test_each_agency_is_paired_with_its_previous_year(folder: Path) -> None:
    """A 2024 report is checked against the same agency's 2023 report (a Word document here)."""
    result = review([folder])
    for r in result.reports:
        if r.path.suffix == ".yaml":
            assert r.previous == folder / "2023" / r.path.with_suffix(".docx").name
        elif r.path.suffix == ".docx":
            assert r.previous is None


def test_the_workbook_and_json(folder: Path, tmp_path: Path, capsys: Any) -> None:
    """The workbook has one row per file and one row per finding with its place; --json carries the same."""
    out = tmp_path / "review.xlsx"
    assert main(["review", str(folder), "-o", str(out), "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert len(data["reports"]) == 20
    assert len(data["failures"]) == 2
    assert "[" in captured.err  # the progress bar
    assert "20 份报告" in captured.err
    book = openpyxl.load_workbook(out)
    rows = list(book["报告"].values)
    assert rows[0] == REPORT_COLUMNS
    assert len(rows) == 1 + 20 + 2
    assert sum(1 for r in rows if str(r[-1]).startswith("无法读取")) == 2
    findings = list(book["问题"].values)
    assert findings[0] == FINDING_COLUMNS
    assert len(findings) - 1 == sum(len(r["findings"]) for r in data["reports"])
    pdf_rows = [r for r in data["reports"] if r["path"].endswith("huaian.pdf")]
    assert pdf_rows[0]["agency"] == "淮安市人民政府"


def test_an_accepted_finding_is_honoured_next_time(folder: Path, tmp_path: Path) -> None:
    """A finding's id written with a reason in the accepted file is accepted on the next run."""
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    first = review([copy])
    page = next(r for r in first.reports if r.path.suffix == ".html")
    ident, finding = page.findings[0]
    assert ident == finding_id(page.report.agency, page.report.year, finding)
    (copy / ACCEPTED_NAME).write_text(
        f"# 复核意见\n{ident} 该机关只公开了表四，已另行说明\n", encoding="utf-8"
    )
    second = review([copy])
    again = next(r for r in second.reports if r.path == page.path)
    assert again.accepted == {ident: "该机关只公开了表四，已另行说明"}
    assert ident not in {i for i, _ in (*again.errors, *again.warnings)}
    assert len(again.errors) + len(again.warnings) == len(page.errors) + len(page.warnings) - 1
