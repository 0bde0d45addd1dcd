"""Benchmark: read + validate the full bundled sample (issue 2; target < 2 s on 2 cores).

Run ``make bench`` (or ``python benchmarks/bench_load.py --runs 5``). Each run is a fresh
``read_history`` + ``read_calendar`` + ``build_report`` on the files on disk, in one process
(imports excluded). Prints the machine, each run and the median, as a Markdown row for
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
import tracemalloc

from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import build_report, read_calendar, read_history


def one_run() -> tuple[float, int]:
    start = time.perf_counter()
    history = read_history(SAMPLE_HISTORY)
    calendar = read_calendar(SAMPLE_CALENDAR)
    build_report(history, calendar)
    return time.perf_counter() - start, len(history.frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    one_run()  # warm the file cache and lazy imports
    times = []
    rows = 0
    for _ in range(args.runs):
        seconds, rows = one_run()
        times.append(seconds)
    tracemalloc.start()
    one_run()
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    cpu = platform.processor() or platform.machine()
    print(
        f"machine: {platform.node()} {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"runs [s]: {', '.join(f'{t:.3f}' for t in times)}")
    print(
        f"| {dt.date.today()} | read + validate sample ({rows:,} rows) | "
        f"{statistics.median(times):.2f} s median of {args.runs} | peak {peak_mb:.0f} MiB | < 2 s |"
    )


if __name__ == "__main__":
    main()
