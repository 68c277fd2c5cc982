"""The ``govreport`` command.

Each subcommand lives in its own module (``govreport.cli._<name>``) with a
``register(subparsers)`` function; this module builds the parser from them
and turns govreport's exceptions into one-line messages and exit statuses:

* 0 -- done (for ``check``: no errors; warnings allowed),
* 1 -- done, and the report has errors (``check``),
* 2 -- the input cannot be used (the message names the file, line and key),
  or a file cannot be read or written (the message names it and says why),
* 3 -- govreport itself failed (a bug: the message says what, without a traceback;
  set ``GOVREPORT_TRACEBACK=1`` to see one),
* 128 + N -- stopped by signal N (130 for Ctrl-C, 143 for SIGTERM), with every
  temporary file and LibreOffice process of the run removed.

>>> main(["--version"])  # doctest: +ELLIPSIS
govreport ...
0
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence

from govreport._fs import abort
from govreport._version import __version__
from govreport.cli import _batch, _check, _db, _demo, _excel, _init, _render, _review, _template
from govreport.errors import FileError, GovReportError

__all__ = ["main"]

#: The subcommand modules, in the order ``--help`` lists them.
_COMMANDS = (_init, _check, _render, _template, _demo, _excel, _db, _batch, _review)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
EXIT_INTERNAL = 3

#: The signals that stop a run cleanly (temporaries removed, LibreOffice killed).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


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
    _printable_stdout()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, or a usage error
        return e.code if isinstance(e.code, int) else EXIT_UNUSABLE
    if args.command is None:
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        with _stopped_by_signals():
            status: int = args.func(args)
    except _Stopped as e:
        print(f"govreport {args.command}: 已中止 (stopped by signal {e.signum})", file=sys.stderr)
        return 128 + e.signum
    except KeyboardInterrupt:
        print(f"govreport {args.command}: 已中止 (interrupted)", file=sys.stderr)
        return 128 + signal.SIGINT
    except BrokenPipeError:  # the reader (| head) went away: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (GovReportError, OSError) as e:
        _say(args.command, e if isinstance(e, GovReportError) else FileError.from_os_error(e))
        _release(e)
        return EXIT_UNUSABLE
    except Exception as e:
        if os.environ.get("GOVREPORT_TRACEBACK"):
            raise
        what = f"{type(e).__name__}: {e}"
        _say(
            args.command,
            f"内部错误，请报告 (internal error; GOVREPORT_TRACEBACK=1 shows where): {what}",
        )
        return EXIT_INTERNAL
    return status


def _printable_stdout() -> None:
    """Let stdout print any file name: bytes not in its encoding come out as ``\\xff`` escapes.

    stderr does so already (Python's default); stdout would raise on a file
    name that is not UTF-8, after the work is done.
    """
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        with contextlib.suppress(ValueError, OSError):
            sys.stdout.reconfigure(errors="backslashreplace")


def _say(command: str, message: object) -> None:
    """Print one line on stderr, whatever characters the message holds (a file name not in UTF-8)."""
    line = f"govreport {command}: {message}"
    with contextlib.suppress(UnicodeError):  # a name's undecodable bytes shown as \\xff
        line = line.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    print(line.encode(encoding, "backslashreplace").decode(encoding), file=sys.stderr)


def _release(error: BaseException) -> None:
    """Close now, quietly, what the failed command left open (a half-written zip on a full disk).

    Its frames hold the objects that were writing; collected at exit, they
    would try to finish the write and print the same error again, with a
    traceback. The user has the error already, with its file.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        seen: set[int] = set()
        todo: list[BaseException | None] = [error]
        while todo:
            e = todo.pop()
            if e is None or id(e) in seen:
                continue
            seen.add(id(e))
            traceback.clear_frames(e.__traceback__)
            e.__traceback__ = None
            todo += [e.__cause__, e.__context__]
        gc.collect()
    finally:
        sys.unraisablehook = hook


class _Stopped(BaseException):
    """A stop signal arrived: unwind (every ``finally`` runs) and exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


def _stop(signum: int, frame: object) -> None:
    # remove the temporaries and kill LibreOffice now, then unwind
    abort()
    raise _Stopped(signum)


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """While a command runs in the main thread, SIGTERM and SIGHUP clean up and unwind it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in _STOP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
