"""Reading and writing report data files (YAML, JSON, TOML). Being written."""

from __future__ import annotations

from typing import Any


def load(path: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def loads(text: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def dump(report: Any, path: Any, **kwargs: Any) -> Any:
    raise NotImplementedError


def dumps(report: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
