"""govreport.batch: many reports checked and rendered in parallel; failures listed, reruns skipped."""

from __future__ import annotations

import json
import os
import pathlib
from concurrent.futures import ThreadPoolExecutor

import attrs
import docx
import pytest

import govreport
from govreport.batch import MANIFEST, SUMMARY, Agencies, batch
from govreport.cli import main
from govreport.model import Contact, Report, Scope
from govreport.sources.mapping import Mapping
from govreport.sources.sampledb import write_sample
from support import consistent_report

#: The narrative records cannot give: the 2021 edition's statement on fees, shared by every agency.
FEE = {"other_matters": "本年度未收取信息处理费。"}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, Mapping]:
    return write_sample(tmp_path_factory.mktemp("db"), applications=600)


def _text(path: pathlib.Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _report(agency: str, granted: int = 1) -> Report:
    return attrs.evolve(
        consistent_report(2024, {"granted": (granted, 0, 0, 0, 0, 0)}), agency=agency
    )


def _mtimes(out: pathlib.Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}


def test_every_agency_of_the_sample_database_is_rendered(
    sample_db: tuple[pathlib.Path, Mapping], tmp_path: pathlib.Path
) -> None:
    db, mapping = sample_db
    result = batch(
        Agencies(f"sqlite:///{db}", mapping, 2024, sections=FEE), tmp_path, workers=2, chunk_size=1
    )
    agencies = ["示例市交通运输局", "示例市市场监督管理局", "示例市自然资源局"]
    assert [o.agency for o in result.outcomes] == agencies
    assert result.counts == {"written": 3, "up_to_date": 0, "invalid": 0, "failed": 0}
    for o, agency in zip(result.outcomes, agencies, strict=True):
        assert o.files == (f"{agency}2024年政府信息公开工作年度报告.docx",)
        assert agency in _text(tmp_path / o.files[0])
    summary = json.loads((tmp_path / SUMMARY).read_text(encoding="utf-8"))
    assert [o["agency"] for o in summary["outcomes"]] == agencies
    assert summary["counts"]["written"] == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [MANIFEST]


def test_a_rerun_does_no_work_and_a_change_redoes_only_its_report(tmp_path: pathlib.Path) -> None:
    reports = [_report(f"第{i}局") for i in range(5)]
    first = batch(reports, tmp_path, workers=2, chunk_size=2)
    assert first.counts["written"] == 5
    before = _mtimes(tmp_path)
    again = batch(reports, tmp_path, workers=2, chunk_size=2)
    assert again.counts == {"written": 0, "up_to_date": 5, "invalid": 0, "failed": 0}
    assert _mtimes(tmp_path) == before
    reports[3] = _report("第3局", granted=4)
    third = batch(reports, tmp_path, workers=2, chunk_size=2)
    assert [o.status for o in third.outcomes] == ["up_to_date"] * 3 + ["written", "up_to_date"]
    after = _mtimes(tmp_path)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {third.outcomes[3].files[0]}


def test_fast_compression_writes_the_same_documents_and_is_part_of_the_hash(
    tmp_path: pathlib.Path,
) -> None:
    """compression="fast" gives documents of the same content; switching it redoes them, once."""
    import io
    import zipfile

    reports = [_report("甲局"), _report("乙局")]
    pool = ThreadPoolExecutor(2)
    compatible = batch(reports, tmp_path / "a", executor=pool)
    fast = batch(reports, tmp_path / "a", executor=pool, compression="fast")
    assert fast.counts["written"] == 2
    again = batch(reports, tmp_path / "a", executor=pool, compression="fast")
    assert again.counts["up_to_date"] == 2
    batch(reports, tmp_path / "b", executor=pool)
    for outcome in compatible.outcomes:
        name = outcome.files[0]
        with (
            zipfile.ZipFile(io.BytesIO((tmp_path / "a" / name).read_bytes())) as f,
            zipfile.ZipFile(io.BytesIO((tmp_path / "b" / name).read_bytes())) as c,
        ):
            assert f.namelist() == c.namelist()
            assert all(f.read(n) == c.read(n) for n in c.namelist())
    with pytest.raises(ValueError, match="'best'"):
        batch(reports, tmp_path / "c", executor=pool, compression="best")  # type: ignore[arg-type]
    assert not (tmp_path / "c").exists()


def test_a_deleted_output_is_written_again(tmp_path: pathlib.Path) -> None:
    reports = [_report("甲局"), _report("乙局")]
    first = batch(reports, tmp_path, executor=ThreadPoolExecutor(2))
    (tmp_path / first.outcomes[1].files[0]).unlink()
    again = batch(reports, tmp_path, executor=ThreadPoolExecutor(2))
    assert [o.status for o in again.outcomes] == ["up_to_date", "written"]


def test_invalid_and_crashing_reports_are_listed_and_the_rest_are_written(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport.rendering import Template

    good = [_report(f"第{i}局") for i in range(6)]
    invalid = _invalid("错账局")
    # U+0007 cannot be written into a document: check refuses it (CHARS) as the renderer would
    unprintable = attrs.evolve(_report("不可印局"), contact=Contact(phone="010-5555\x070101"))
    crashing = _report("崩溃局")
    real_write = Template.write_to

    def write_or_crash(self: Template, report: Report, file: object) -> None:
        if report.agency == "崩溃局":
            raise RuntimeError("the renderer crashed")
        real_write(self, report, file)  # type: ignore[arg-type]

    monkeypatch.setattr(Template, "write_to", write_or_crash)  # inherited by the forked workers
    items = [*good[:3], invalid, *good[3:5], unprintable, crashing, good[5]]
    result = batch(items, tmp_path, workers=2, chunk_size=3)
    assert result.counts == {"written": 6, "up_to_date": 0, "invalid": 2, "failed": 1}
    assert [(o.agency, o.status) for o in result.problems] == [
        ("错账局", "invalid"),
        ("不可印局", "invalid"),
        ("崩溃局", "failed"),
    ]
    bad = {o.agency: o for o in result.problems}
    assert any("granted" in f or "总计" in f for f in bad["错账局"].findings)
    assert any("U+0007" in f for f in bad["不可印局"].findings)
    assert "the renderer crashed" in bad["崩溃局"].message
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == sorted(f"第{i}局2024年政府信息公开工作年度报告.docx" for i in range(6))
    assert not list(tmp_path.glob("*.part")), "a failed render left a temporary file"
    debris = [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != MANIFEST]
    assert not debris, "debris left behind"
    table_text = result.table(problems_only=True)
    assert "错账局" in table_text
    assert "崩溃局" in table_text
    assert "第1局" not in table_text
    summary = json.loads((tmp_path / SUMMARY).read_text(encoding="utf-8"))
    statuses = {o["agency"]: o["status"] for o in summary["outcomes"]}
    assert {k: v for k, v in statuses.items() if v != "written"} == {
        "错账局": "invalid",
        "不可印局": "invalid",
        "崩溃局": "failed",
    }
    assert summary["counts"] == result.counts
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tmp_path.glob("*.docx")}
    rerun = batch(items, tmp_path, workers=2, chunk_size=3)
    assert rerun.counts == {"written": 0, "up_to_date": 6, "invalid": 2, "failed": 1}
    # no document was written again: the same files, untouched
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tmp_path.glob("*.docx")}
    assert after == before


def test_a_killed_worker_fails_only_its_own_report(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport.batch import _worker

    files = []
    for name in ("甲局", "乙局", "丙局", "丁局"):
        files.append(govreport.dump(_report(name), tmp_path / "in" / f"{name}.yaml"))
    real_load = _worker.load

    def load_or_die(path: str) -> Report:
        if "丙局" in os.fspath(path):
            os._exit(9)  # the worker process dies: no exception, no cleanup
        return real_load(path)

    monkeypatch.setattr(_worker, "load", load_or_die)  # inherited by the forked workers
    result = batch(files, tmp_path / "out", workers=2, chunk_size=2)
    status = {o.key: o.status for o in result.outcomes}
    assert status == {os.fspath(f): "failed" if "丙局" in f.name else "written" for f in files}
    (died,) = result.problems
    assert "worker died" in died.message
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "丁局.docx",
        "乙局.docx",
        "甲局.docx",
    ]


def test_data_files_take_their_names_and_duplicates_are_refused(tmp_path: pathlib.Path) -> None:
    a = govreport.dump(_report("甲局"), tmp_path / "a" / "局.yaml")
    b = govreport.dump(_report("乙局"), tmp_path / "b" / "局.yaml")
    result = batch([a, b], tmp_path / "out", executor=ThreadPoolExecutor(1))
    assert [o.status for o in result.outcomes] == ["written", "failed"]
    assert "duplicate" in result.outcomes[1].message
    assert "甲局" in _text(tmp_path / "out" / "局.docx")


def test_an_unreadable_file_is_failed_with_its_name(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "坏.yaml"
    bad.write_text("机关名称: [\n", encoding="utf-8")
    result = batch([bad, _report("甲局")], tmp_path / "out", executor=ThreadPoolExecutor(1))
    assert [o.status for o in result.outcomes] == ["failed", "written"]
    assert "LoadError" in result.outcomes[0].message
    assert "坏.yaml" in result.outcomes[0].message


def test_the_same_batch_runs_on_a_dask_cluster(
    sample_db: tuple[pathlib.Path, Mapping], tmp_path: pathlib.Path
) -> None:
    from support.system import module

    distributed = module("distributed")  # the dask extra, in dev
    db, mapping = sample_db
    items = Agencies(f"sqlite:///{db}", mapping, 2024, sections=FEE)
    batch(items, tmp_path / "local", workers=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = batch(items, tmp_path / "dask", executor=client.get_executor(), chunk_size=1)
    assert result.counts["written"] == 3
    assert result.ok
    for o in result.outcomes:
        (name,) = o.files
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_cli_batch_of_a_database_with_its_aggregate(
    sample_db: tuple[pathlib.Path, Mapping],
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, _ = sample_db
    out = tmp_path / "out"
    argv = ["batch", "--url", f"sqlite:///{db}", "--mapping", str(db.parent / "mapping.yaml")]
    argv += ["--year", "2024", "-o", str(out), "--aggregate", "示例市", "--no-progress", "--all"]
    argv += ["--section", "other_matters=本年度未收取信息处理费。"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "示例市自然资源局" in printed
    assert "生成 3" in printed
    (data,) = out.glob("*（汇总）.yaml")
    agg = govreport.load(data)
    assert agg.scope is Scope.AGGREGATE
    assert agg.agency == "示例市"
    assert [f for f in govreport.check(agg) if f.severity == "error"] == []
    assert (out / "示例市2024年政府信息公开工作年度报告（汇总）.docx").is_file()
    assert main(argv) == 0
    assert "未变跳过 3" in capsys.readouterr().out


def _invalid(agency: str) -> Report:
    r = _report(agency)
    t = r.applications.table
    broken = attrs.evolve(t, granted=attrs.evolve(t.granted, declared_total=99))
    return attrs.evolve(r, applications=attrs.evolve(r.applications, table=broken))


def test_cli_batch_exits_1_and_names_the_invalid_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = govreport.dump(_report("甲局"), tmp_path / "甲局.yaml")
    bad = govreport.dump(_invalid("乙局"), tmp_path / "乙局.yaml")
    code = main(["batch", str(good), str(bad), "-o", str(tmp_path / "out"), "--no-progress"])
    printed = capsys.readouterr().out
    assert code == 1
    table, totals = printed.split("共 ")
    assert "乙局" in table
    assert "有错误，未生成" in table
    assert "甲局" not in table
    assert totals.startswith("2 份：生成 1，未变跳过 0，有错误 1，失败 0")
    assert (tmp_path / "out" / "甲局.docx").is_file()
    assert not (tmp_path / "out" / "乙局.docx").exists()


def test_cli_batch_needs_something_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "-o", "out"]) == 2
    assert "nothing to do" in capsys.readouterr().err


def test_the_same_agency_twice_is_refused_the_second_time(tmp_path: pathlib.Path) -> None:
    result = batch(
        [_report("甲局"), _report("甲局", granted=3)], tmp_path, executor=ThreadPoolExecutor(1)
    )
    assert [(o.key, o.status) for o in result.outcomes] == [
        ("甲局/2024", "written"),
        ("甲局/2024#2", "failed"),
    ]
    assert "duplicate" in result.outcomes[1].message
