"""Fixtures and settings for the whole suite: Hypothesis profiles, the examples, the data, external tools.

Tests that need LibreOffice or PostgreSQL use the ``soffice``/``pdftotext``
or ``pg_url`` fixtures. Where the tool is missing they skip on a developer's
machine and FAIL when the environment variable ``CI`` is set, so that a CI
run can never pass by skipping them.

Builders the tests share are in the ``support`` package, not here: no test
imports conftest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from support import DATA, EXAMPLES
from support.system import program, require

#: The Hypothesis profiles. ``fast`` is the default for a developer's run; ``ci`` is what CI runs
#: (chosen when the environment variable ``CI`` is set): many more examples, derandomized for
#: repeatable runs; ``fuzz`` is the longer fuzzing run (``make fuzz``), many more again.
#: ``HYPOTHESIS_PROFILE`` names a profile to use instead of either. Timing varies on shared
#: machines, so none has a per-example deadline. Tests that set ``max_examples`` themselves keep
#: their own number under every profile (tests/hostile's rendering test uses the profile's under
#: ``fuzz``).
HYPOTHESIS_PROFILES = {
    "fast": settings(deadline=None, max_examples=25),
    "ci": settings(
        deadline=None,
        max_examples=200,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
        print_blob=True,
    ),
    "fuzz": settings(
        deadline=None,
        max_examples=5_000,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    ),
}
for _name, _profile in HYPOTHESIS_PROFILES.items():
    settings.register_profile(_name, _profile)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """The Hypothesis profile a run uses: ``HYPOTHESIS_PROFILE``, else ``ci`` under ``CI``, else ``fast``.

    >>> hypothesis_profile({})
    'fast'
    >>> hypothesis_profile({"CI": "true"})
    'ci'
    >>> hypothesis_profile({"CI": "true", "HYPOTHESIS_PROFILE": "fast"})
    'fast'
    """
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if environ.get("CI") else "fast")


settings.load_profile(hypothesis_profile(os.environ))


@pytest.fixture(scope="session")
def soffice() -> str:
    """The path of LibreOffice's ``soffice``."""
    hint = "apt-get install libreoffice-writer libreoffice-calc"
    return program("LibreOffice", ("soffice", "libreoffice"), hint)


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The path of poppler's ``pdftotext``."""
    return program("pdftotext", ("pdftotext",), "apt-get install poppler-utils")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's headless-capable ``chromium``."""
    hint = "apt-get install chromium chromium-driver"
    return program("Chromium", ("chromium", "chromium-browser"), hint)


@pytest.fixture(scope="session")
def axe_core() -> Path:
    """axe-core's ``axe.min.js``, installed once with npm into ``GOVREPORT_TEST_CACHE`` (or ~/.cache/govreport-tests)."""
    from support.browser import install_axe

    npm = program("npm", ("npm",), "apt-get install npm")
    default = Path.home() / ".cache" / "govreport-tests"
    return install_axe(npm, Path(os.environ.get("GOVREPORT_TEST_CACHE", default)))


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
    return DATA
