"""Tests for ``govreport init``: the fill-in file for each edition and format."""

from __future__ import annotations

from pathlib import Path

import pytest

import govreport
from govreport import Edition, Report
from govreport.cli import main


def _cells(report: Report, key: str) -> int:
    spec = report.edition.spec.table(key)
    return sum(1 for row, col in spec.cells() if not col.derived and row.kind.value == "data")


def test_init_2021_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """--year 2025 prints a 2021-edition label-keyed YAML file that loads as Report.new."""
    assert main(["init", "--year", "2025", "--agency", "某某局"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# 某某局2025年政府信息公开工作年度报告")
    assert "总计" in text.splitlines()[5]  # the header explains the computed totals
    assert "（七）总计:" not in text
    assert "    总计:" not in text
    r = govreport.loads(text)
    assert r == Report.new("某某局", 2025)
    assert r.edition is Edition.V2021
    t3 = r.edition.spec.table("applications")
    assert (len(t3.data_rows), len(t3.columns)) == (25, 7)
    assert _cells(r, "applications") == 24 * 6
    assert _cells(r, "proactive_disclosure") == 10
    assert _cells(r, "review_litigation") == 12
    assert r.review_litigation.table.review.maintained == 0


def test_init_2020_gives_the_2019_edition(tmp_path: Path) -> None:
    """--year 2020 writes the 2019 edition (23 × 7, 22 cells in table 二)."""
    out = tmp_path / "报告.yaml"
    assert main(["init", "--year", "2020", "--agency", "某某局", "-o", str(out)]) == 0
    r = govreport.load(out)
    assert r == Report.new("某某局", 2020)
    assert r.edition is Edition.V2019
    assert len(r.edition.spec.table("applications").data_rows) == 23
    assert _cells(r, "proactive_disclosure") == 22
    assert r.applications.table.other_processing.natural_person == 0


def test_init_edition_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--edition overrides the edition the year implies."""
    assert main(["init", "--year", "2022", "--agency", "某局", "--edition", "2019"]) == 0
    r = govreport.loads(capsys.readouterr().out)
    assert r.edition is Edition.V2019
    assert r == Report.new("某局", 2022, 2019)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_init_other_formats(tmp_path: Path, fmt: str) -> None:
    """JSON and TOML fill-in files (format from the suffix) load as Report.new."""
    out = tmp_path / f"r.{fmt}"
    assert main(["init", "--year", "2024", "--agency", "某局", "-o", str(out)]) == 0
    assert govreport.load(out) == Report.new("某局", 2024)


def test_init_format_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--format toml prints TOML with the header as comments."""
    assert main(["init", "--year", "2024", "--agency", "某局", "--format", "toml"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# ")
    assert govreport.loads(text, "toml") == Report.new("某局", 2024)


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing file is kept (exit 2) unless --force is given."""
    out = tmp_path / "r.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["init", "--year", "2024", "--agency", "某局", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["init", "--year", "2024", "--agency", "某局", "-o", str(out), "--force"]) == 0
    assert govreport.load(out) == Report.new("某局", 2024)


def test_init_help_speaks_to_a_clerk(capsys: pytest.CaptureFixture[str]) -> None:
    """--help explains the options in Chinese and English."""
    assert main(["init", "--help"]) == 0
    out = capsys.readouterr().out
    for words in ("报告年度", "机关名称", "report year", "--force", "覆盖"):
        assert words in out


@pytest.mark.parametrize("year", ["2018", "99999"])
def test_init_rejects_impossible_years(year: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A year before the statutory format (without --edition) or an implausible one exits 2 with a message."""
    assert main(["init", "--year", year, "--agency", "某局"]) == 2
    assert f"--year {year}" in capsys.readouterr().err
