"""``govreport demo``: render the bundled examples to Word (and PDF), to see what govreport makes.

Where the examples are: ``--examples DIR``; else the package data folder
``govreport/_examples`` (a wheel); else ``examples/`` of the source tree (an
editable install).

>>> from govreport.cli import main
>>> main(["demo", "--help"])  # doctest: +ELLIPSIS
usage: govreport demo ...
0
"""

from __future__ import annotations

import argparse
import importlib.resources
import sys
from pathlib import Path
from typing import Any

from govreport.errors import GovReportError

__all__ = ["examples_dir", "register"]

_SUFFIXES = (".yaml", ".yml", ".json", ".toml")


def examples_dir(given: str | None = None) -> Path:
    """The folder holding the example reports.

    >>> examples_dir("/nonexistent")
    Traceback (most recent call last):
    govreport.errors.GovReportError: 找不到示例目录 /nonexistent (examples folder not found)
    """
    if given is not None:
        path = Path(given)
        if not path.is_dir():
            raise GovReportError(f"找不到示例目录 {given} (examples folder not found)")
        return path
    packaged = importlib.resources.files("govreport").joinpath("_examples")
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "examples"  # src/govreport/cli/_demo.py
    if source.is_dir() and any(p.suffix in _SUFFIXES for p in source.iterdir()):
        return source
    raise GovReportError(
        "找不到示例报告：安装包中没有 govreport/_examples，源码目录中也没有 examples/；请用 --examples 指定目录"
    )


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand.

    >>> import argparse
    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="生成示例报告 (render the examples)",
        description="把示例报告生成 Word 文档（装有 LibreOffice 时还生成 PDF），并列出文件。",
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")
    p.add_argument("--examples", metavar="DIR", help="示例目录（默认：随包附带的示例）")
    p.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render every example and print the paths.

    >>> run  # doctest: +ELLIPSIS
    <function run at ...>
    """
    import govreport
    from govreport.errors import PdfError
    from govreport.rendering import convert_to_pdf, find_soffice

    source = examples_dir(args.examples)
    files = sorted(
        p for p in source.iterdir() if p.suffix in _SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise GovReportError(f"{source}: 没有示例报告 (no example reports)")
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    pdf = not args.no_pdf and find_soffice() is not None
    if not args.no_pdf and not pdf:
        print("未安装 LibreOffice（soffice），只生成 Word 文档 (no PDF)", file=sys.stderr)
    templates: dict[Any, govreport.Template] = {}
    for f in files:
        report = govreport.load(f)
        if report.edition not in templates:
            templates[report.edition] = govreport.Template(edition=report.edition)
        docx = templates[report.edition].render(report, out / (f.stem + ".docx"), force=True)
        print(docx)
        if pdf:
            try:
                print(convert_to_pdf(docx))
            except PdfError as e:
                print(f"govreport demo: {e}", file=sys.stderr)
                return 2
    return 0
