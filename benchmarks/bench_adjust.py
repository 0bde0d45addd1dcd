"""Benchmark: re-apply 20 planner adjustments to a six-week forecast (target <= 0.2 s).

Run ``python benchmarks/bench_adjust.py [--runs 15]``. The forecast is synthetic but shaped
like a 双11 horizon: 6 weeks of 15-minute intervals for ``presale`` and ``aftersale``
(8,064 rows, three daily peaks, ordered quantiles). The 20 entries mix scales, day totals
(on ``presale``, ``aftersale`` and ``all``) and event windows, and two lie outside the
horizon. Each run is one ``apply_adjustments`` call (imports excluded, after a warm-up);
the script also times ``explain`` and loading the entries from JSON and applying them.
Prints each run and the median as a Markdown row for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from forecaster.adjust import (
    Adjustment,
    DayTotalAdjustment,
    EventAdjustment,
    ScaleAdjustment,
    adjustments_from_json,
    adjustments_to_json,
    apply_adjustments,
    explain,
)

START = pd.Timestamp("2025-10-13")
DAYS = 42
MINUTES = 15
QUEUES = ("presale", "aftersale")
TARGET_SECONDS = 0.2
QUANTILE_RATIOS = {"p10": 0.62, "p50": 0.97, "p80": 1.16, "p90": 1.31, "p95": 1.47}
CREATED = dt.datetime(2025, 10, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def synthetic_forecast() -> pd.DataFrame:
    """``interval_start, queue, mean, p10 … p95``: 8,064 rows with campaign-like peaks."""
    stamps = pd.date_range(START, periods=DAYS * 1440 // MINUTES, freq=f"{MINUTES}min")
    hours = (stamps.hour + stamps.minute / 60).to_numpy()
    shape = 0.05 + sum(np.exp(-0.5 * ((hours - c) / 1.3) ** 2) for c in (9.5, 15.5, 21.5))
    days = ((stamps - START) / pd.Timedelta(days=1)).to_numpy()
    campaign = 1 + 4 * np.exp(-0.5 * ((days - 29) / 1.5) ** 2)  # around 11-11
    frames = []
    for level, queue in zip((60.0, 25.0), QUEUES, strict=True):
        mean = level * shape * campaign
        frame = pd.DataFrame({"interval_start": stamps, "queue": queue, "mean": mean})
        for column, ratio in QUANTILE_RATIOS.items():
            frame[column] = mean * ratio
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def twenty_adjustments() -> list[Adjustment]:
    """8 scales, 6 day totals, 6 events; two of them outside the horizon."""
    day = START.to_pydatetime()
    entries: list[Adjustment] = []
    for k in range(8):
        start = day + dt.timedelta(days=3 * k, hours=20)
        entries.append(
            ScaleAdjustment(
                id=f"s{k}",
                queue=QUEUES[k % 2] if k % 3 else "all",
                start=start,
                end=start + dt.timedelta(hours=4 + k),
                factor=1.05 + 0.05 * k,
                note="增长系数",
                author="王芳",
                created_at=CREATED,
            )
        )
    for k in range(6):
        entries.append(
            DayTotalAdjustment(
                id=f"d{k}",
                queue=("presale", "aftersale", "all")[k % 3],
                date=(day + dt.timedelta(days=26 + k)).date(),
                total=20_000 + 5_000 * k,
                note="与运营确认的日总量",
                author="李雷",
                created_at=CREATED,
            )
        )
    for k in range(6):
        start = day + dt.timedelta(days=5 * k + 2, hours=19)
        if k == 5:
            start += dt.timedelta(days=60)  # outside the horizon
        entries.append(
            EventAdjustment(
                id=f"e{k}",
                name="直播",
                queue=QUEUES[k % 2],
                start=start,
                end=start + dt.timedelta(hours=3),
                lift=1.3 + 0.1 * k,
                created_at=CREATED,
            )
        )
    entries[7] = ScaleAdjustment(  # last year's override, outside the horizon
        id="s7", start=day - dt.timedelta(days=400), end=day - dt.timedelta(days=399), factor=2
    )
    entries.append(entries.pop(3))  # a scale after the day totals: order matters
    return entries


def timed(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float], target: str) -> float:
    median = statistics.median(times)
    print(f"{label} runs [s]: {', '.join(f'{t:.4f}' for t in times)}")
    print(
        f"| {dt.date.today()} | {label} | **{median:.4f} s** median of {len(times)} "
        f"({min(times):.4f}–{max(times):.4f}) | {target} |"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs (at least 7)")
    args = parser.parse_args()
    runs = max(args.runs, 7)
    cpu = platform.processor() or platform.machine()
    print(
        f"machine: {platform.node()} {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}"
    )
    forecast = synthetic_forecast()
    entries = twenty_adjustments()
    text = adjustments_to_json(entries)
    assert len(forecast) == 8_064 and len(entries) == 20
    log = explain(forecast, entries)
    print(
        f"forecast {len(forecast):,} rows; {len(entries)} adjustments "
        f"({', '.join(f'{k} {n}' for k, n in log['kind'].value_counts().items())}); "
        f"{int((log['rows_matched'] == 0).sum())} outside the horizon"
    )
    median = report(
        "apply_adjustments, 20 entries on 8,064 rows",
        timed(lambda: apply_adjustments(forecast, entries), runs),
        f"<= {TARGET_SECONDS} s",
    )
    report("explain, same", timed(lambda: explain(forecast, entries), runs), "—")
    report(
        "adjustments_from_json + apply_adjustments",
        timed(lambda: apply_adjustments(forecast, adjustments_from_json(text)), runs),
        "—",
    )
    verdict = "meets" if median <= TARGET_SECONDS else "MISSES"
    print(f"median re-apply time: {median:.4f} s ({verdict} the {TARGET_SECONDS} s target)")


if __name__ == "__main__":
    main()
