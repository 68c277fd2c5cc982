"""What a test needs from outside the package: programs and optional Python packages.

A missing part skips the test on a developer's machine and fails it when
``CI`` is set, since ``.ci/run`` installs every part (``tools/system-deps.sh``
for the programs, the ``dev`` extra for the packages).

>>> program("a shell", ("sh",), "apt-get install dash").endswith("sh")
True
>>> module("json").__name__
'json'
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType

import pytest

__all__ = ["module", "program", "require"]


def require(what: str, available: bool, hint: str) -> None:
    """Skip (developer machine) or fail (``CI`` is set) a test whose part ``what`` is missing."""
    if available:
        return
    message = f"{what} is not available: {hint}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: .ci/run must install it)", pytrace=False)
    pytest.skip(message, allow_module_level=True)


def program(what: str, names: tuple[str, ...], hint: str) -> str:
    """The path of the first of ``names`` on ``PATH`` (:func:`require` when none is)."""
    path = next((p for p in map(shutil.which, names) if p is not None), None)
    require(what, path is not None, hint)
    assert path is not None
    return path


def module(name: str, hint: str = "pip install -e '.[dev]'") -> ModuleType:
    """The module ``name`` imported (:func:`require` when it cannot be): ``pytest.importorskip``
    that fails under ``CI``."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require(f"the Python package {name}", False, hint)
        raise  # not reached: require skipped or failed
