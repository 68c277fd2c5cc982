"""govreport.testing: builders, assertions and the pytest plugin, as a user's own test suite uses them."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import govreport
from govreport.spec import Edition
from govreport.testing import assert_clean, document_text, example_paths, examples, make_report
from govreport.testing.strategies import consistent_reports

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


def test_document_text_lists_paragraphs_and_cells(tmp_path: Path) -> None:
    """document_text prints the title, the sections and every table row."""
    report = make_report(2024)
    text = document_text(govreport.render(report, tmp_path / "r.docx"))
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
