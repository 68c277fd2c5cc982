"""Time govreport.check over many reports (target: 10,000 reports in under 2 seconds).

    python benchmarks/bench_check.py [--quick] [--reports N]

First, ``checks_per_s``: checks per CPU second of distinct copies of the 2021
example (``examples/demo-city-data-bureau-2024.yaml``, every table filled and a
full narrative; target 10,000), the best of a few rounds. Each copy's narrative
differs from every other's, so that no result kept for a text read before
(the narrative cache) stands in for reading it: this is what a batch of
different agencies' reports costs. ``checks_per_s_same_report`` checks the one
example again and again (a report checked while it is edited, where the cache
serves), ``checks_per_s_no_narrative`` the example without its narrative (the
tables' rules alone).

The reports are varied: both editions, random counts, declared totals, a
narrative stating the table's numbers, and one report in ten (of either edition) carrying an
error. The table shows the time per kind of report and the ratio to the
target; the last line printed is one JSON object (``check_10k_s`` …).
``--quick`` checks 2,000 reports and scales the time to 10,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

import attrs

import govreport
from govreport.checks import check
from govreport.model import (
    ApplicantCounts,
    CaseCounts,
    Report,
    ReviewLitigation,
    Section,
    TableSection,
    table_class,
)
from govreport.spec import Edition

TARGET_S = 2.0
TARGET_PER_S = 10_000
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "demo-city-data-bureau-2024.yaml"


def example_rate(n: int, rounds: int, narrative: bool = True) -> tuple[float, int]:
    """Checks of the 2021 example per CPU second (best of ``rounds`` runs of ``n``), and its findings.

    ``narrative=False`` empties the sections whose numbers the TEXT rule reads, to show what
    the tables' rules cost alone.
    """
    report = govreport.load(EXAMPLE)
    if not narrative:
        empty = {k: attrs.evolve(report.section(k), paragraphs=()) for k in Report.SECTION_KEYS[:4]}
        report = attrs.evolve(report, **empty)
    found = len(check(report))
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(n):
            check(report)
        best = min(best, time.process_time() - start)
    return n / best, found


def distinct_rate(n: int, rounds: int) -> tuple[float, int]:
    """Checks per CPU second of ``n`` copies of the 2021 example whose narratives all differ.

    Each copy's first paragraph ends with its own number (「（第17份）」: not a count the TEXT
    rule reads), so the copies check exactly as the example does, each read afresh. Returns
    the best rate of ``rounds`` runs (a different set of copies each run) and the findings of
    all copies of the last run.
    """
    report = govreport.load(EXAMPLE)
    key = Report.SECTION_KEYS[0]
    section = report.section(key)
    first = section.paragraphs[0]
    best, found = float("inf"), 0
    for r in range(rounds):
        copies = [
            attrs.evolve(
                report,
                **{
                    key: attrs.evolve(
                        section,
                        paragraphs=(
                            attrs.evolve(first, text=f"{first.text}（第{r * n + i}份）"),
                            *section.paragraphs[1:],
                        ),
                    )
                },
            )
            for i in range(n)
        ]
        start = time.process_time()
        found = sum(len(check(c)) for c in copies)
        best = min(best, time.process_time() - start)
    return n / best, found


def make_report(rng: random.Random, year: int, broken: bool) -> Report:
    """A consistent report with every total declared and a narrative; ``broken`` edits one cell."""
    edition = Edition.for_year(year)
    cls = table_class("applications", edition)
    outcomes = {k: tuple(rng.randint(0, 9) for _ in range(6)) for k in cls.outcome_keys}  # type: ignore[attr-defined]
    seven = tuple(sum(r[i] for r in outcomes.values()) for i in range(6))
    forward = tuple(rng.randint(0, 3) for _ in range(6))
    over = tuple(rng.randint(0, min(3, seven[i] + forward[i])) for i in range(6))
    new = tuple(seven[i] + forward[i] - over[i] for i in range(6))

    def row(values: tuple[int, ...]) -> ApplicantCounts:
        return ApplicantCounts(*values, declared_total=sum(values))

    rows = {k: row(v) for k, v in outcomes.items()}
    if broken:
        key = rng.choice(list(rows))
        rows[key] = attrs.evolve(rows[key], natural_person=rows[key].natural_person + 1)  # type: ignore[operator]
    t3 = cls(
        new_received=row(new),
        carried_over=row(over),
        carried_forward=row(forward),
        declared_results_total=row(seven),
        **rows,
    )
    groups = {
        k: tuple(rng.randint(0, 5) for _ in range(4))
        for k in ("review", "litigation_direct", "litigation_after_review")
    }
    t4 = ReviewLitigation(**{k: CaseCounts(*v, declared_total=sum(v)) for k, v in groups.items()})
    text = (
        f"本年度新收政府信息公开申请{sum(new)}件，上年结转{sum(over)}件，办结{sum(seven)}件，"
        f"结转下年度继续办理{sum(forward)}件。行政复议{sum(groups['review'])}件，"
        f"行政诉讼{sum(groups['litigation_direct']) + sum(groups['litigation_after_review'])}件。"
    )
    base = Report.new("某某局", year)
    return attrs.evolve(
        base,
        published=dt.date(year + 1, 1, 20),
        applications=TableSection([text], table=t3),
        review_litigation=TableSection(table=t4),
        other_matters=Section(["本年度未收取信息处理费。"]),
    )


def main(argv: list[str] | None = None) -> int:
    """Build the reports, time the checks, print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 reports (CI)")
    parser.add_argument("--reports", type=int, default=None, help="how many reports")
    args = parser.parse_args(argv)
    n = args.reports or (2_000 if args.quick else 10_000)
    size, rounds = (500, 3) if args.quick else (3_000, 5)
    per_s, distinct_found = distinct_rate(size, rounds)
    same_per_s, example_found = example_rate(size, rounds)
    tables_per_s, _ = example_rate(size, rounds, False)
    print(
        f"2021 example, distinct copies: {per_s:,.0f} checks/s ({1e6 / per_s:.0f} µs each,"
        f" target {TARGET_PER_S:,}/s, {distinct_found} findings); the same report again:"
        f" {same_per_s:,.0f} checks/s ({1e6 / same_per_s:.0f} µs, {example_found} findings);"
        f" without its narrative (no TEXT rule): {tables_per_s:,.0f} checks/s"
        f" ({1e6 / tables_per_s:.0f} µs each)"
    )
    rng = random.Random(2024)
    kinds: dict[str, list[Report]] = {"2019 edition": [], "2021 edition": [], "with an error": []}
    for i in range(n):
        broken = i % 20 in (9, 18)  # both editions
        report = make_report(rng, 2020 if i % 2 else 2024, broken)
        kinds["with an error" if broken else f"{int(report.edition)} edition"].append(report)
    check(kinds["2021 edition"][0])  # build the per-edition plans outside the timing
    times: dict[str, float] = {}
    found: dict[str, int] = {}
    for kind, reports in kinds.items():
        start = time.perf_counter()
        count = 0
        for report in reports:
            count += len(check(report))
        times[kind] = time.perf_counter() - start
        found[kind] = count
    total = sum(times.values())
    per_10k = total / n * 10_000
    print(f"{'reports':<20}{'count':>8}{'seconds':>10}{'µs/report':>12}{'findings':>10}")
    for kind, reports in kinds.items():
        us = times[kind] / max(len(reports), 1) * 1e6
        print(f"{kind:<20}{len(reports):>8}{times[kind]:>10.3f}{us:>12.1f}{found[kind]:>10}")
    print(f"{'all':<20}{n:>8}{total:>10.3f}{total / n * 1e6:>12.1f}{sum(found.values()):>10}")
    print(f"10,000 reports: {per_10k:.3f} s (target {TARGET_S} s, ratio {per_10k / TARGET_S:.2f})")
    clean_found = found["2019 edition"] + found["2021 edition"]
    if clean_found:
        print(f"consistent reports gave {clean_found} findings", file=sys.stderr)
    print(
        json.dumps(
            {
                "check_10k_s": round(per_10k, 4),
                "check_10k_target_ratio": round(per_10k / TARGET_S, 3),
                "check_reports": n,
                "checks_per_s": round(per_s),
                "checks_per_s_no_narrative": round(tables_per_s),
                "checks_per_s_same_report": round(same_per_s),
            },
            sort_keys=True,
        )
    )
    if distinct_found or example_found:
        print(f"the example gave {distinct_found + example_found} findings", file=sys.stderr)
    return 1 if clean_found or distinct_found or example_found else 0


if __name__ == "__main__":
    sys.exit(main())
