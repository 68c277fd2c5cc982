"""``govreport template``: export the bundled template, check a user's template.

>>> from govreport.cli import main
>>> main(["template", "--help"])  # doctest: +ELLIPSIS
usage: govreport template ...
0
"""

from __future__ import annotations

import argparse
from typing import Any

from govreport.cli._render import seconds
from govreport.errors import TemplateError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``template`` subcommand with ``export`` and ``check``.

    >>> import argparse
    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "template",
        help="导出、检查 Word 模板 (export or check a template)",
        description="导出内置模板以便修改；检查修改后的模板能否使用。",
    )
    sub = p.add_subparsers(dest="template_command", metavar="export|check", required=True)
    e = sub.add_parser("export", help="导出内置模板 (write the bundled template)")
    e.add_argument(
        "--edition", type=int, choices=(2019, 2021), default=2021, help="格式版本（默认 2021）"
    )
    e.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    e.add_argument("--force", action="store_true", help="覆盖已有文件 (overwrite)")
    e.set_defaults(func=export)
    c = sub.add_parser("check", help="检查模板 (list the problems of a template)")
    c.add_argument("file", metavar="T.docx")
    c.add_argument("--edition", type=int, choices=(2019, 2021), help="格式版本（默认：由模板推断）")
    c.add_argument(
        "--time-limit",
        type=seconds,
        metavar="SECONDS",
        help="试渲染的时间上限（默认与渲染相同，10 秒）(the trial render's time limit)",
    )
    c.set_defaults(func=check)


def export(args: argparse.Namespace) -> int:
    """Write the bundled template of an edition; an existing file is replaced only with ``--force``.

    >>> export  # doctest: +ELLIPSIS
    <function export at ...>
    """
    from pathlib import Path

    from govreport._fs import atomic_write_bytes
    from govreport.errors import GovReportError
    from govreport.rendering import bundled_template

    if Path(args.output).exists() and not args.force:
        raise GovReportError(f"{args.output}: 文件已存在，加 --force 覆盖 (exists; use --force)")

    print(atomic_write_bytes(args.output, bundled_template(args.edition)))
    return 0


def check(args: argparse.Namespace) -> int:
    """Print each problem of a template on a line; exit 1 when there are any.

    >>> check  # doctest: +ELLIPSIS
    <function check at ...>
    """
    try:
        return _check(args)
    except TemplateError as e:
        if str(e).startswith(f"{args.file}:"):
            raise
        raise TemplateError(f"{args.file}: {e}", template=args.file) from e


def _check(args: argparse.Namespace) -> int:
    from govreport.rendering import check_template

    limit = {} if args.time_limit is None else {"time_limit": args.time_limit}
    problems = check_template(args.file, edition=args.edition, **limit)
    for problem in problems:
        print(f"{args.file}: {problem}")
    if problems:
        print(f"共 {len(problems)} 个问题")
        return 1
    print(f"{args.file}: 模板可以使用 (no problems)")
    return 0
