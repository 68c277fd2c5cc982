"""Run every benchmark in this folder and print their results.

Each ``bench_*.py`` prints a table and, as its last line, one JSON object.
This script runs them in turn (``--quick`` passes on the short
configuration CI uses, under a minute in all), shows their output, and
prints as its own last line one JSON object merging theirs. The keys of
:data:`KEYS` are always there: a key no benchmark provided is ``null``.

    python benchmarks/run.py [--quick] [--only NAME ...]

Numbers are reported, never asserted: a benchmark fails only when its
output is wrong (a consistent report with findings, unequal loads …).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The keys every run prints, and the benchmark that provides each.
KEYS = {
    "speedup_vs_docxtpl": "bench_render.py",  # docxtpl's CPU time / ours, same template and context
    "floor_ratio": "bench_render.py",  # ours / rewriting the same zip with pre-rendered XML
    "batch_10k_s": "bench_batch.py",
    "batch_rate_1": "bench_batch.py",
    "batch_rate_2": "bench_batch.py",
    "peak_rss_mb_10k": "bench_batch.py",  # null in --quick
    "checks_per_s": "bench_check.py",  # checks of the 2021 example per CPU second
    "loads_per_s": "bench_load.py",  # loads of the 2021 example per CPU second
    "pdf_per_s_batch": "bench_batch.py",
    "pdf_per_s_cli": "bench_batch.py",
    "tally_1m_s": "bench_tally.py",
    "tally_1m_peak_mb": "bench_tally.py",
}


def last_json(stdout: str) -> dict[str, object]:
    """The JSON object on the last non-blank line of a benchmark's output.

    >>> last_json('table\\n{"a": 1}\\n')
    {'a': 1}
    """
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        raise ValueError("no output")
    value = json.loads(lines[-1])
    if not isinstance(value, dict):
        raise ValueError("the last line is not a JSON object")
    return value


#: The order the benchmarks run in: those that time single operations first, then the ones
#: that write thousands of files or a large database, whose aftermath (the kernel finishing
#: their file work) would otherwise fall on the next one's file operations.
ORDER = ("bench_render.py", "bench_check.py", "bench_load.py", "bench_tally.py", "bench_batch.py")


def _order(script: Path) -> tuple[int, str]:
    """Where ``script`` runs: by :data:`ORDER`, any other after those, by name.

    >>> sorted([Path("bench_batch.py"), Path("bench_x.py"), Path("bench_render.py")], key=_order)
    [PosixPath('bench_render.py'), PosixPath('bench_batch.py'), PosixPath('bench_x.py')]
    """
    name = script.name
    return (ORDER.index(name) if name in ORDER else len(ORDER), name)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return non-zero if any of them fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short configuration (CI)")
    parser.add_argument("--only", nargs="*", default=None, help="run only these bench_*.py")
    args = parser.parse_args(argv)
    merged: dict[str, object] = dict.fromkeys(KEYS)
    failed = []
    for script in sorted(HERE.glob("bench_*.py"), key=_order):
        if args.only and script.name not in args.only and script.stem not in args.only:
            continue
        cmd = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        print(f"== {script.name}", flush=True)
        if hasattr(os, "sync"):  # each starts on a settled file system, not the last one's writes
            os.sync()
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            failed.append(script.name)
        try:
            merged.update(last_json(result.stdout))
        except ValueError:
            failed.append(f"{script.name} (no JSON last line)")
    missing = [k for k in KEYS if merged[k] is None]
    if missing:
        print(f"keys without a value: {', '.join(missing)}", file=sys.stderr)
    if failed:
        print(f"benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    print(json.dumps(merged, ensure_ascii=False, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
