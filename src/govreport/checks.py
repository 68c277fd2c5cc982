"""Consistency checks. Being written."""

from __future__ import annotations

from typing import Any


class Finding:
    pass


def check(report: Any, previous: Any = None) -> list[Finding]:
    raise NotImplementedError
