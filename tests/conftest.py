"""Shared fixtures: the examples, the reference data, and the external tools some tests need.

Tests that need LibreOffice or PostgreSQL use the ``soffice``/``pdftotext``
or ``pg_url`` fixtures. Where the tool is missing they skip on a developer's
machine and FAIL when the environment variable ``CI`` is set, so that a CI
run can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Timing varies on shared CI machines: no per-example deadline; CI also derandomizes for repeatable runs.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"


def require(what: str, available: bool, hint: str) -> None:
    """Skip (developer machine) or fail (CI) a test whose external part is missing."""
    if available:
        return
    message = f"{what} is not available: {hint}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: .ci/run must install it)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def soffice() -> str:
    """The path of LibreOffice's ``soffice``."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    require("LibreOffice", path is not None, "apt-get install libreoffice-writer libreoffice-calc")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The path of poppler's ``pdftotext``."""
    path = shutil.which("pdftotext")
    require("pdftotext", path is not None, "apt-get install poppler-utils")
    assert path is not None
    return path


def convert_with_soffice(soffice: str, source: Path, outdir: Path, to: str = "pdf") -> Path:
    """Convert ``source`` with headless LibreOffice and return the converted file."""
    profile = outdir / ".lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = outdir / (source.stem + "." + to.split(":")[0])
    detail = f"LibreOffice could not convert {source.name}: rc={result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, detail
    assert converted.exists(), detail
    return converted


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A SQLAlchemy URL of a running PostgreSQL server (``GOVREPORT_PG_URL``), started by .ci/run."""
    url = os.environ.get("GOVREPORT_PG_URL")
    require("PostgreSQL", bool(url), "set GOVREPORT_PG_URL (.ci/run starts a server and sets it)")
    assert url is not None
    return url


@pytest.fixture
def examples_dir() -> Path:
    """The repository's examples/ folder."""
    return EXAMPLES


@pytest.fixture
def test_data() -> Path:
    """tests/data/."""
    return TEST_DATA
