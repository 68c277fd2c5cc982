"""The ``govreport`` command.

Each subcommand lives in its own module (``govreport.cli._<name>``) with a
``register(subparsers)`` function; this module builds the parser from them
and turns govreport's exceptions into one-line messages and exit statuses:

* 0 -- done (for ``check``: no errors; warnings allowed),
* 1 -- done, and the report has errors (``check``),
* 2 -- the input cannot be used (the message names the file, line and key).

>>> main(["--version"])  # doctest: +ELLIPSIS
govreport ...
0
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from govreport._version import __version__
from govreport.cli import _batch, _check, _db, _demo, _excel, _init, _render, _review, _template
from govreport.errors import GovReportError

__all__ = ["main"]

#: The subcommand modules, in the order ``--help`` lists them.
_COMMANDS = (_init, _check, _render, _template, _demo, _excel, _db, _batch, _review)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govreport`` command, with every subcommand.

    >>> build_parser().prog
    'govreport'
    """
    parser = argparse.ArgumentParser(
        prog="govreport",
        formatter_class=_Formatter,
        description=(
            "政府信息公开工作年度报告：填写数据、检查勾稽关系、生成 Word 文档。\n"
            "Government information disclosure annual reports: fill in the data,\n"
            "check the totals, and produce the Word document."
        ),
        epilog=(
            "常用步骤 / typical steps:\n"
            "  govreport init --year 2025 --agency 某某局 -o 报告.yaml   生成填报文件 (fill-in file)\n"
            "  govreport check 报告.yaml                                 检查数据 (check the numbers)\n"
            "  govreport render 报告.yaml -o 报告.docx                   生成 Word 文档 (make the .docx)\n"
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"govreport {__version__}",
        help="显示版本 (show the version)",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令 (command)")
    for module in _COMMANDS:
        module.register(sub)
    return parser


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to whatever ``sys.stderr`` is when a record is emitted."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def _log_to_stderr() -> None:
    """Show what govreport logs (findings of a forced render, warnings) as plain lines on stderr."""
    log = logging.getLogger("govreport")
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("govreport: %(message)s"))
        log.addHandler(handler)
        if log.level == logging.NOTSET:
            log.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``govreport`` command and return its exit status.

    >>> main(["init", "--help"])  # doctest: +ELLIPSIS
    usage: govreport init ...
    0
    """
    parser = build_parser()
    _log_to_stderr()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, or a usage error
        return e.code if isinstance(e.code, int) else EXIT_UNUSABLE
    if args.command is None:
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        status: int = args.func(args)
    except GovReportError as e:
        print(f"govreport {args.command}: {e}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # the reader (| head) went away: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:
        print(f"govreport {args.command}: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_UNUSABLE
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
