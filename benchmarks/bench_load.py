"""Time reading a report data file: ``govreport.load`` on the 2021 example.

    python benchmarks/bench_load.py [--quick]

Loads ``examples/demo-city-data-bureau-2024.yaml`` (a YAML report with every
table and a narrative) repeatedly and reports loads per second (CPU time),
with the YAML loader govreport uses (libyaml's where PyYAML has it) and with
the pure-Python loader forced, for comparison; both must give an equal
report. The last line printed is one JSON object (``loads_per_s`` …).
Target: ``loads_per_s`` ≥ 100.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

import govreport
from govreport.formats import _parse

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "demo-city-data-bureau-2024.yaml"
TARGET = 100.0


def rate(n: int, rounds: int) -> float:
    """The best of ``rounds`` runs of ``n`` loads, as loads per CPU second."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(n):
            govreport.load(EXAMPLE)
        best = min(best, time.process_time() - start)
    return n / best


def main(argv: list[str] | None = None) -> int:
    """Time the loads, print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer loads (CI)")
    args = parser.parse_args(argv)
    n, rounds = (30, 3) if args.quick else (200, 5)
    used = _parse._YAML_LOADER
    report = govreport.load(EXAMPLE)
    fast = rate(n, rounds)
    _parse._YAML_LOADER = yaml.SafeLoader
    try:
        same = govreport.load(EXAMPLE) == report
        pure = rate(max(n // 3, 5), rounds)
    finally:
        _parse._YAML_LOADER = used
    print(f"{'loader (2021 example)':<28}{'loads/s':>10}{'ms/load':>10}")
    print(f"{used.__name__ + ' (used)':<28}{fast:>10.0f}{1e3 / fast:>10.2f}")
    print(f"{'SafeLoader (pure Python)':<28}{pure:>10.0f}{1e3 / pure:>10.2f}")
    print(
        f"speed-up {fast / pure:.1f}×; equal reports: {'yes' if same else 'NO'}; target {TARGET:.0f}/s"
    )
    result = {
        "loads_per_s": round(fast, 1),
        "loads_per_s_pure": round(pure, 1),
        "yaml_loader": used.__name__,
    }
    print(json.dumps(result, sort_keys=True))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
