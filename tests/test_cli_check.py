"""Tests for the ``govreport check`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import govreport
from govreport.cli import main
from govreport.errors import LoadError
from govreport.formats import _api as _io
from govreport.model import ApplicantCounts, Report, Section, TableSection
from govreport.spec import Edition

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIELDS = {
    "rule",
    "severity",
    "table",
    "row",
    "column",
    "cells",
    "expected",
    "actual",
    "message",
    "location",
}
#: The fields of a finding's ``location`` (where in the file its cell was read).
LOCATION = {"file", "line", "paragraph", "table", "row", "column", "page", "x", "y", "text"}


def report(year: int = 2024, granted_total: int | None = 2) -> Report:
    """A report with two granted applications, every total declared (granted's as given)."""
    base = Report.new("某某局", year)
    t = base.applications.table
    two = ApplicantCounts(2, 0, 0, 0, 0, 0, declared_total=2)
    table = attrs.evolve(
        t,
        new_received=two,
        granted=ApplicantCounts(2, 0, 0, 0, 0, 0, declared_total=granted_total),
        declared_results_total=two,
    )
    return attrs.evolve(
        base,
        published=dt.date(year + 1, 1, 15),
        applications=TableSection(table=table),
        other_matters=Section(["本年度未收取信息处理费。"]),
    )


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Reports by file name, served by a stand-in for govreport's loader."""
    served: dict[str, Any] = {}

    def load(path: Any, **kwargs: Any) -> Report:
        value = served[Path(path).name]
        if isinstance(value, Exception):
            raise value
        return value  # type: ignore[no-any-return]

    monkeypatch.setattr(govreport, "load", load)
    return served


def test_clean_report_exits_0(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """A clean report exits 0 and says so with the summary line."""
    files["r.yaml"] = report()
    assert main(["check", "r.yaml"]) == 0
    out = capsys.readouterr().out
    assert "未发现问题" in out
    assert out.rstrip().endswith("共 0 个错误，0 个警告")


def test_error_exits_1_naming_cell_and_rule(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """One wrong table 三 cell exits 1; the output groups it under table 三 and names cell and rule."""
    files["r.yaml"] = report(granted_total=3)
    assert main(["check", "r.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "表三 收到和处理政府信息公开申请情况" in out
    assert "  错误 R3     表三 （一）予以公开 × 总计：应为 2（自然人至其他六列之和），实为 3" in out
    assert out[-1] == "共 1 个错误，0 个警告"


def test_warnings_only_exit_0(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings alone (no publishing date) exit 0 and are listed under 报告."""
    files["r.yaml"] = attrs.evolve(report(), published=None)
    assert main(["check", "r.yaml"]) == 0
    out = capsys.readouterr().out
    assert "报告\n  警告 DATE   未填写发布日期" in out


def test_json_output(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints a JSON array of findings with every documented field."""
    files["r.yaml"] = attrs.evolve(report(granted_total=3), published=None)
    assert main(["check", "r.yaml", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["rule"], d["severity"]) for d in data] == [("DATE", "warning"), ("R3", "error")]
    assert all(set(d) == FIELDS for d in data)
    assert all(set(d["location"]) == LOCATION and d["location"]["file"] == "r.yaml" for d in data)
    assert data[1]["cells"][0] == ["applications", "granted", "total"]
    assert (data[1]["expected"], data[1]["actual"]) == (2, 3)


def test_blank_option(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """--blank warning lets a report read from elsewhere with blank cells exit 0."""
    r = report()
    t = attrs.evolve(
        r.applications.table, granted=ApplicantCounts(2, declared_total=2)
    )  # five blank cells
    files["r.yaml"] = attrs.evolve(r, applications=TableSection(table=t))
    assert main(["check", "r.yaml"]) == 1
    assert main(["check", "r.yaml", "--blank", "warning"]) == 0
    assert capsys.readouterr().out.count("警告 BLANK") == 5


def test_previous(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """--previous enables X1: 上年结转 is compared with last year's 结转下年度."""
    last = report(2023)
    t = attrs.evolve(
        last.applications.table,
        new_received=ApplicantCounts(3, 0, 0, 0, 0, 0, declared_total=3),
        carried_forward=ApplicantCounts(1, 0, 0, 0, 0, 0, declared_total=1),
    )
    files["last.yaml"] = attrs.evolve(last, applications=TableSection(table=t))
    files["r.yaml"] = report()
    assert main(["check", "r.yaml", "--previous", "last.yaml", "--json"]) == 1
    rules = [(d["rule"], d["row"], d["column"]) for d in json.loads(capsys.readouterr().out)]
    assert rules == [
        ("X1", "carried_over", "natural_person"),
        ("X1", "carried_over", "total"),
    ]


def test_previous_of_another_year_exits_2(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """A previous report that is not last year's is unusable: exit 2 with the reason."""
    files["r.yaml"] = files["q.yaml"] = report()
    assert main(["check", "r.yaml", "--previous", "q.yaml"]) == 2
    assert "上年报告应为 2023 年度" in capsys.readouterr().err


def test_unusable_file_exits_2(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be loaded exits 2 with the load error on stderr."""
    files["bad.yaml"] = LoadError("“自然人”应为整数", path="bad.yaml", line=12, key="applications")
    assert main(["check", "bad.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("govreport check: ")
    assert "bad.yaml" in err


# --------------------------------------------------------------------------- the examples


def _examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".yaml", ".yml", ".json", ".toml"))


@pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
def test_examples_have_no_errors(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every example data file checks with no errors (exit 0)."""
    assert main(["check", str(path)]) == 0, capsys.readouterr().out


def test_editing_one_cell_of_the_2021_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Changing one table 三 cell of the 2021 example exits 1 naming that cell and its rule."""
    candidates = _examples()
    if not candidates:
        pytest.fail("no example data files in examples/", pytrace=False)
    examples = [p for p in candidates if _io.load(p).edition is Edition.V2021]
    assert examples, "no 2021-edition example in examples/"
    r = _io.load(examples[0])
    t = r.applications.table
    granted = attrs.evolve(t.granted, natural_person=t.granted.natural_person + 1)
    edited = attrs.evolve(
        r, applications=attrs.evolve(r.applications, table=attrs.evolve(t, granted=granted))
    )
    out_file = tmp_path / f"edited{examples[0].suffix}"
    _io.dump(edited, out_file)
    assert main(["check", str(out_file), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    named = [d for d in data if ["applications", "granted", "natural_person"] in d["cells"]]
    assert named
    assert {d["rule"] for d in named} <= {"R1", "R2", "R3"}


# --------------------------------------------------------------------------- real files


def test_real_file_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A written data file checks clean; the same file with one table 三 cell changed exits 1."""
    path = _io.dump(report(), tmp_path / "r.yaml")
    assert main(["check", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "  granted:\n    natural_person: 2\n" in text
    path.write_text(
        text.replace("  granted:\n    natural_person: 2\n", "  granted:\n    natural_person: 5\n"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["check", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert ("R3", "granted", "total") in [(d["rule"], d["row"], d["column"]) for d in data]
    near = (["applications", "granted", "natural_person"], ["applications", "granted", "total"])
    assert all(any(c in d["cells"] for c in near) for d in data)


def test_real_unusable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A data file that cannot be read exits 2 with the loader's message naming the file."""
    path = tmp_path / "broken.yaml"
    path.write_text("agency: 某局\nyear: [2024\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "broken.yaml" in capsys.readouterr().err


# --------------------------------------------------------------------------- locations


def _yaml_with_wrong_granted_total(tmp_path: Path, suffix: str = ".yaml") -> Path:
    return _io.dump(report(granted_total=3), tmp_path / f"r{suffix}")


def _line_of(path: Path, text: str, after: str = "") -> int:
    """The 1-based line of the first line equal to ``text`` (stripped) after the line ``after``."""
    lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines()]
    start = lines.index(after) + 1 if after else 0
    return lines.index(text, start) + 1


def test_a_data_file_finding_carries_the_line_of_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R3 on a declared total of a data file is placed at that total's line, human and JSON."""
    path = _yaml_with_wrong_granted_total(tmp_path)
    line = _line_of(path, "total: 3", after="granted:")
    assert main(["check", str(path), "--json"]) == 1
    (r3,) = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "R3"]
    assert r3["where"] == f"第 {line} 行"
    assert r3["location"] == {
        "file": str(path),
        "line": line,
        "paragraph": None,
        "table": None,
        "row": None,
        "column": None,
        "page": None,
        "x": None,
        "y": None,
        "text": f"第 {line} 行",
    }
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"  错误 R3     表三 （一）予以公开 × 总计：应为 2（自然人至其他六列之和），实为 3（第 {line} 行）\n"
        in out
    )


def test_a_finding_on_an_absent_cell_is_placed_at_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A BLANK cell that the file does not write is placed at the line of its row; a JSON file too."""
    path = _io.dump(report(), tmp_path / "r.json")
    text = path.read_text(encoding="utf-8")
    granted = '"granted": {'
    assert text.count(granted) == 1
    start = text.index(granted)
    end = text.index("}", start)
    row = text[start:end]
    path.write_text(text[:start] + row.replace('"natural_person": 2,', "") + text[end:])
    line = text[:start].count("\n") + 1
    assert main(["check", str(path), "--json"]) == 1
    blank = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "BLANK"]
    assert [(d["row"], d["column"], d["location"]["line"]) for d in blank] == [
        ("granted", "natural_person", line)
    ]


def test_a_report_finding_is_placed_at_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A publishing date after the deadline is placed at the date's line."""
    path = _io.dump(attrs.evolve(report(), published=dt.date(2025, 3, 1)), tmp_path / "r.yaml")
    line = next(
        i
        for i, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if s.startswith("published:")
    )
    assert main(["check", str(path), "--json"]) == 1
    (date,) = json.loads(capsys.readouterr().out)
    assert (date["rule"], date["location"]["line"]) == ("DATE", line)


def test_a_text_finding_is_placed_at_its_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A count the narrative states wrongly is placed at the section whose paragraph states it."""
    wrong = attrs.evolve(
        report(),
        applications=attrs.evolve(report().applications, paragraphs=("本年新收申请9件。",)),
    )
    path = _io.dump(wrong, tmp_path / "r.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(lines, 1) if s.startswith("applications:"))
    assert main(["check", str(path), "--json"]) == 1
    (text,) = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "TEXT"]
    assert (text["row"], text["location"]["line"]) == ("new_received", line)
