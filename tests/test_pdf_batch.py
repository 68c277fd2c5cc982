"""PDF at batch scale: many documents per LibreOffice call; failures isolated; nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import govreport
from govreport.batch import batch
from govreport.errors import PdfError
from govreport.rendering import Template, convert_many
from support import consistent_report

pytestmark = pytest.mark.libreoffice


def _report(agency: str) -> govreport.Report:
    return attrs.evolve(consistent_report(2024, {"granted": (2, 1, 0, 0, 0, 0)}), agency=agency)


def _pdf_text(pdftotext: str, pdf: Path) -> str:
    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _ours(marker: str) -> list[str]:
    """The command lines of running processes that mention ``marker`` (a directory of this test)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(cmdline)
    return found


def test_many_documents_in_one_call(soffice: str, pdftotext: str, tmp_path: Path) -> None:
    template = Template(edition=2021)
    sources = []
    for name in ("甲局", "乙局", "丙局"):
        sources.append(template.render(_report(name), tmp_path / f"{name}.docx"))
    work = tmp_path / "work"
    work.mkdir()
    result = convert_many(sources, tmp_path / "pdf", workdir=work)
    assert result == {s: tmp_path / "pdf" / f"{s.stem}.pdf" for s in sources}
    for s in sources:
        assert s.stem in _pdf_text(pdftotext, result[s])  # type: ignore[arg-type]
    assert list(work.iterdir()) == []
    assert _ours(str(work)) == []


def test_a_document_libreoffice_cannot_read_fails_alone(soffice: str, tmp_path: Path) -> None:
    good = Template(edition=2021).render(_report("甲局"), tmp_path / "甲局.docx")
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a document")
    result = convert_many([good, broken])
    assert result[good] == tmp_path / "甲局.pdf"
    assert isinstance(result[broken], PdfError)
    assert str(broken) in str(result[broken])
    assert not (tmp_path / "坏.pdf").exists()


def test_batch_writes_pdfs_and_reruns_skip_them(
    soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    reports = [_report(name) for name in ("甲局", "乙局", "丙局", "丁局")]
    result = batch(reports, tmp_path, pdf=True, workers=2, chunk_size=2)
    assert result.counts["written"] == 4
    for o in result.outcomes:
        docx_name, pdf_name = o.files
        assert pdf_name == docx_name.replace(".docx", ".pdf")
        assert o.agency is not None
        assert o.agency in _pdf_text(pdftotext, tmp_path / pdf_name)
    again = batch(reports, tmp_path, pdf=True, workers=2, chunk_size=2)
    assert again.counts["up_to_date"] == 4
    (tmp_path / result.outcomes[0].files[1]).unlink()  # a PDF gone: that report is redone
    third = batch(reports, tmp_path, pdf=True, workers=2, chunk_size=2)
    assert [o.status for o in third.outcomes] == ["written"] + ["up_to_date"] * 3


def test_batch_without_libreoffice_fails_the_pdfs_but_keeps_the_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVREPORT_SOFFICE", str(tmp_path / "no-soffice"))
    result = batch([_report("甲局")], tmp_path / "out", pdf=True, workers=1)
    (o,) = result.outcomes
    assert o.status == "failed"
    assert "LibreOffice" in o.message
    assert o.files == ("甲局2024年政府信息公开工作年度报告.docx",)
    assert (tmp_path / "out" / o.files[0]).is_file()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killing_the_batch_leaves_no_soffice_and_no_temporary_directory(
    soffice: str, tmp_path: Path, sig: signal.Signals
) -> None:
    inputs = tmp_path / "in"
    files = [str(govreport.dump(_report(f"第{i}局"), inputs / f"第{i}局.yaml")) for i in range(40)]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    argv = [sys.executable, "-m", "govreport", "batch", *files, "-o", str(tmp_path / "out")]
    argv += ["--pdf", "--workers", "2", "--chunk-size", "10", "--no-progress"]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while not any("soffice" in c for c in _ours(str(tmp))):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "LibreOffice never started"
            time.sleep(0.1)
        # like Ctrl-C (the whole foreground group) or a service manager's stop (the parent)
        if sig == signal.SIGINT:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode != 0
    deadline = time.monotonic() + 10
    while _ours(str(tmp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(str(tmp)) == []
    assert list(tmp.iterdir()) == []
    assert list((tmp_path / "out").glob("*.part")) == []
