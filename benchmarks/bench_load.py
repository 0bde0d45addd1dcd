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
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import build_report, read_calendar, read_history


def one_run(path: Path = SAMPLE_HISTORY) -> tuple[float, int]:
    start = time.perf_counter()
    history = read_history(path)
    calendar = read_calendar(SAMPLE_CALENDAR)
    build_report(history, calendar)
    return time.perf_counter() - start, len(history.frame)


def chinese_export(folder: Path) -> Path:
    """The sample as a 千牛-style GBK export: 日期 + 时段, 客服组 售前/售后, 1,234 numbers."""
    frame = pd.read_csv(SAMPLE_HISTORY, parse_dates=["interval_start"])
    start = frame["interval_start"]
    end = start + pd.Timedelta(minutes=15)
    export = pd.DataFrame(
        {
            "日期": start.dt.strftime("%Y/%m/%d"),
            "时段": start.dt.strftime("%H:%M") + "-" + end.dt.strftime("%H:%M"),
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数": frame["inquiries"].map(lambda v: f"{v:,}"),
            "转人工": frame["human_inquiries"],
        }
    )
    path = folder / "千牛导出.csv"
    path.write_bytes(export.to_csv(index=False).encode("gbk"))
    return path


def measure(label: str, path: Path, runs: int) -> None:
    one_run(path)  # warm the file cache and lazy imports
    times = []
    rows = 0
    for _ in range(runs):
        seconds, rows = one_run(path)
        times.append(seconds)
    tracemalloc.start()
    one_run(path)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label} runs [s]: {', '.join(f'{t:.3f}' for t in times)}")
    print(
        f"| {dt.date.today()} | {label} ({rows:,} rows) | "
        f"{statistics.median(times):.2f} s median of {runs} | peak {peak_mb:.0f} MiB | < 2 s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cpu = platform.processor() or platform.machine()
    print(
        f"machine: {platform.node()} {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    measure("read + validate sample", SAMPLE_HISTORY, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        measure(
            "read + validate sample as a GBK 日期+时段 export",
            chinese_export(Path(folder)),
            args.runs,
        )


if __name__ == "__main__":
    main()
