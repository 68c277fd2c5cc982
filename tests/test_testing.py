"""govreport.testing: builders, assertions and the pytest plugin, as a user's own test suite uses them."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import govreport
from govreport.spec import Edition
from govreport.testing import (
    assert_clean,
    assert_document_matches,
    document_text,
    example_paths,
    examples,
    make_report,
)
from govreport.testing.strategies import Mutation, cell_mutations, consistent_reports

pytest_plugins = ["pytester"]

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2024, 2030])
def test_make_report_is_consistent_with_non_zero_numbers(year: int) -> None:
    """A built report of any year has its year's edition, non-zero numbers in every table, and no finding."""
    report = make_report(year)
    assert report.edition is Edition.for_year(year)
    assert govreport.check(report) == ()
    for _, table in report.tables():
        assert any(v not in (0, govreport.BLANK) for _, row in table.rows() for _, v in row.cells())


def test_overrides_by_key_and_by_printed_label_are_the_same() -> None:
    """English keys and printed labels name the same cells, at any depth."""
    by_key = make_report(2024, applications={"denied_state_secret": {"natural_person": 2}})
    by_label = make_report(2024, applications={"1.属于国家秘密": {"自然人": 2}})
    assert by_key == by_label
    assert by_key.applications.table.denied_state_secret.natural_person == 2


@pytest.mark.parametrize("value", [0, 1, 12, 500])
def test_overrides_rebalance_the_other_cells(value: int) -> None:
    """A changed count keeps every rule true; the given cell keeps its value."""
    report = make_report(2024, applications={"new_received": {"natural_person": value}})
    assert report.applications.table.new_received.natural_person == value
    assert govreport.check(report) == ()


def test_without_balance_an_edited_cell_breaks_its_sums() -> None:
    """balance=False applies the edit alone: the row's declared total and （七）总计 no longer add up."""
    report = make_report(2024, balance=False, applications={"granted": {"自然人": 99}})
    found = {(f.rule, f.row, f.column) for f in govreport.check(report)}
    assert ("R3", "granted", "total") in found
    assert ("R2", "results_total", "natural_person") in found


def test_unknown_names_are_refused_with_a_suggestion() -> None:
    """A misspelt row or column is a KeyError naming the nearest printed label."""
    with pytest.raises(KeyError, match="社会公益组织"):
        make_report(2024, applications={"granted": {"社会公益组": 1}})
    with pytest.raises(KeyError, match="no row"):
        make_report(2024, applications={"no such row": {"自然人": 1}})


def test_report_fields_and_narrative_can_be_replaced() -> None:
    """Other keyword arguments replace report fields; text becomes a section."""
    import datetime as dt

    report = make_report(2024, published=dt.date(2025, 1, 10), problems_improvements="问题。")
    assert report.published == dt.date(2025, 1, 10)
    assert report.problems_improvements.text == "问题。"


def test_examples_are_the_bundled_reports() -> None:
    """examples() loads every bundled example, both editions."""
    loaded = examples()
    assert set(loaded) == set(example_paths())
    assert {r.edition for r in loaded.values()} == set(Edition)


def test_assert_clean_names_every_finding() -> None:
    """assert_clean passes a clean report and fails with each finding's message."""
    assert_clean(make_report(2020))
    broken = make_report(2024, balance=False, review_litigation={"行政复议": {"总计": 0}})
    with pytest.raises(AssertionError, match=r"R4 error 表四 行政复议 × 总计"):
        assert_clean(broken)


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_document_text_lists_paragraphs_and_cells(suffix: str, tmp_path: Path) -> None:
    """document_text prints the title, the sections and every table row, for Word and the web edition."""
    report = make_report(2024)
    text = document_text(govreport.render(report, tmp_path / f"r{suffix}"))
    assert report.title in text
    assert "== 表格 1" in text
    assert f"| {report.applications.table.new_received.total}" in text


@settings(max_examples=20, deadline=None)
@given(consistent_reports())
def test_public_strategy_gives_consistent_reports(report: govreport.Report) -> None:
    """The public strategy's reports have no findings (as the project's own tests use them)."""
    assert govreport.check(report) == ()


def _docs_test_file() -> str:
    text = (DOCS / "testing.md").read_text(encoding="utf-8")
    match = re.search(r"```python\n# test_report\.py\n(.*?)```", text, re.S)
    assert match, "docs/testing.md has no test_report.py example"
    return match.group(1)


def test_the_docs_user_test_file_passes(pytester: pytest.Pytester) -> None:
    """The user's test file shown in docs/testing.md passes as it stands, with the plugin loaded."""
    code = _docs_test_file()
    assert len(code.strip().splitlines()) <= 14
    pytester.makepyfile(test_report=code)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=code.count("def test_"))


def test_plugin_fixtures_and_golden_update(pytester: pytest.Pytester) -> None:
    """The plugin's fixtures render a document; golden files are written, then compared."""
    pytester.makepyfile(
        test_golden="""
        from govreport.testing import document_text

        def test_golden(govreport_document, govreport_golden):
            govreport_golden("report", document_text(govreport_document))
        """
    )
    missing = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    missing.assert_outcomes(failed=1)
    written = pytester.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "--govreport-update-golden"
    )
    written.assert_outcomes(passed=1)
    assert (pytester.path / "tests" / "golden" / "report.txt").exists()
    again = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    again.assert_outcomes(passed=1)
    golden = pytester.path / "tests" / "golden" / "report.txt"
    golden.write_text(
        golden.read_text(encoding="utf-8").replace("某某局", "某某厅"), encoding="utf-8"
    )
    changed = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    changed.assert_outcomes(failed=1)
    assert "differs from the golden file" in changed.stdout.str()


def test_builders_need_no_hypothesis() -> None:
    """Importing govreport.testing does not import Hypothesis (only the strategies module does)."""
    import subprocess
    import sys

    code = "import sys, govreport.testing; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_models_stay_frozen() -> None:
    """Built reports are ordinary frozen reports (attrs.evolve works on them)."""
    report = make_report(2024)
    assert attrs.evolve(report, agency="另一局").agency == "另一局"


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_every_single_cell_change_is_named_by_a_finding(edition: Edition) -> None:
    """The single-cell-change property: each changed entered cell yields a finding at that cell, both editions."""

    @settings(max_examples=150, deadline=None)
    @given(cell_mutations().filter(lambda m: m.report.edition is edition))
    def named(m: Mutation) -> None:
        found = govreport.check(m.report)
        assert any(m.cell in f.cells and f.rule in m.rules for f in found), (m.cell, found)

    named()


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_assert_document_matches_reads_the_published_form(suffix: str, tmp_path: Path) -> None:
    """A rendered document matches its report; a report with one other number fails naming that cell."""
    report = make_report(2024)
    out = govreport.render(report, tmp_path / f"r{suffix}")
    assert_document_matches(out, report)
    t = report.applications.table
    other = attrs.evolve(
        report,
        applications=attrs.evolve(
            report.applications,
            table=attrs.evolve(t, granted=attrs.evolve(t.granted, natural_person=21)),
        ),
    )
    with pytest.raises(AssertionError, match=r"表三 （一）予以公开 × 自然人: 文档 20, 数据 21"):
        assert_document_matches(out, other)


_CHANGE_ONE_NUMBER = """
import docx
import pytest


@pytest.fixture
def govreport_document(govreport_document):
    document = docx.Document(str(govreport_document))
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            labels = [i for i, c in enumerate(cells) if c.text.strip().startswith("（一）予以公开")]
            if labels:
                first = next(c for c in cells[labels[-1] + 1 :] if c.text.strip().isdigit())
                first.paragraphs[0].runs[0].text = "21"
                document.save(str(govreport_document))
                return govreport_document
    raise AssertionError("no row 予以公开")
"""


def test_the_docs_user_test_fails_naming_a_changed_number(pytester: pytest.Pytester) -> None:
    """Changing one number in the rendered document makes the docs' test fail, naming that cell."""
    pytester.makeconftest(_CHANGE_ONE_NUMBER)
    pytester.makepyfile(test_report=_docs_test_file())
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    assert "表三 （一）予以公开 × 自然人: 文档 21, 数据 20" in result.stdout.str()


@pytest.mark.slow
def test_the_docs_user_test_passes_against_a_wheel(tmp_path: Path) -> None:
    """The docs' test file, in an empty folder, passes with govreport[testing] installed from a wheel."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(root)],
        check=True,
        timeout=300,
    )
    (wheel,) = dist.glob("govreport-*.whl")
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"govreport[testing] @ {wheel.as_uri()}"], check=True, timeout=600)
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_report.py").write_text(_docs_test_file(), encoding="utf-8")
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
