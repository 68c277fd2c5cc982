"""Rendering reports to Word documents. Being written."""

from __future__ import annotations

from typing import Any


def render(report: Any, path: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
