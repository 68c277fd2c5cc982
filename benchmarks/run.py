"""Run every benchmark in this folder and print their results.

Each ``bench_*.py`` prints a table and, as its last line, one JSON object.
This script runs them in turn (``--quick`` passes on the short
configuration CI uses), shows their output, and prints as its own last line
one JSON object merging theirs.

    python benchmarks/run.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return non-zero if any of them fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short configuration")
    args = parser.parse_args(argv)
    merged: dict[str, object] = {}
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        cmd = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        print(f"== {script.name}", flush=True)
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            failed.append(script.name)
            continue
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        try:
            merged.update(json.loads(lines[-1]))
        except (IndexError, json.JSONDecodeError):
            failed.append(f"{script.name} (no JSON last line)")
    if failed:
        print(f"benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    print(json.dumps(merged, ensure_ascii=False, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
