"""The ``govreport`` command line: one module per subcommand, plain imports of the public API."""

from __future__ import annotations

from govreport.cli._main import build_parser, main

__all__ = ["build_parser", "main"]
