"""The govreport pytest plugin (registered through the ``pytest11`` entry point): fixtures for a report, a
rendered document and a template under test, and golden files updated with ``--govreport-update-golden``.

A user's test file needs no imports of its own for these::

    def test_document_says_what_the_data_says(govreport_document, govreport_report):
        text = govreport.testing.document_text(govreport_document)
        assert str(govreport_report.applications.table.new_received.total) in text

Options: ``--govreport-template PATH`` (or the ini value ``govreport_template``) renders with a template
of your own instead of the bundled one; ``--govreport-update-golden`` rewrites golden files instead of
comparing with them (ini ``govreport_golden_dir``, default ``tests/golden``).

>>> pytest_addoption.__name__
'pytest_addoption'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govreport.model import Report
from govreport.rendering import Template, render
from govreport.testing._builders import make_report

__all__ = [
    "govreport_document",
    "govreport_golden",
    "govreport_report",
    "govreport_template",
    "pytest_addoption",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The plugin's command-line options and ini values."""
    group = parser.getgroup("govreport")
    group.addoption(
        "--govreport-template",
        default=None,
        help="render the govreport_document fixture with this .docx template",
    )
    group.addoption(
        "--govreport-update-golden",
        action="store_true",
        default=False,
        help="write golden files instead of comparing with them",
    )
    parser.addini("govreport_template", "the .docx template the fixtures render with", default="")
    parser.addini("govreport_golden_dir", "where golden files live", default="tests/golden")


@pytest.fixture
def govreport_report() -> Report:
    """A realistic, consistent 2024 report (:func:`govreport.testing.make_report`)."""
    return make_report(2024)


@pytest.fixture
def govreport_template(request: pytest.FixtureRequest, govreport_report: Report) -> Template:
    """The template under test: ``--govreport-template`` / ini ``govreport_template``, else the bundled one."""
    given = request.config.getoption("--govreport-template") or request.config.getini(
        "govreport_template"
    )
    if given:
        path = Path(str(given))
        if not path.is_absolute():
            path = Path(str(request.config.rootpath)) / path
        return Template(path, edition=govreport_report.edition)
    return Template(edition=govreport_report.edition)


@pytest.fixture
def govreport_document(
    tmp_path: Path, govreport_report: Report, govreport_template: Template
) -> Path:
    """``govreport_report`` rendered with ``govreport_template`` to a .docx in ``tmp_path``."""
    return render(govreport_report, tmp_path / "report.docx", template=govreport_template)


@pytest.fixture
def govreport_golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``check(name, text)``: compare ``text`` with the golden file ``<golden dir>/<name>.txt``, or
    write it under ``--govreport-update-golden``."""
    update = bool(request.config.getoption("--govreport-update-golden"))
    folder = Path(str(request.config.rootpath)) / str(request.config.getini("govreport_golden_dir"))

    def check(name: str, text: str) -> None:
        path = folder / f"{name}.txt"
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(
                f"{path} 不存在：用 --govreport-update-golden 运行以写入 (golden file missing)"
            )
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            import difflib

            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=str(path),
                    tofile="rendered",
                )
            )
            pytest.fail(f"与金标准文件不符 (differs from the golden file):\n{diff}")

    return check
