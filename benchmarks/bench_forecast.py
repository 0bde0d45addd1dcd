"""Benchmark: forecast accuracy against the bundled sample's true rate (issue 3).

For three windows — 双11 2024, 618 2025, 双11 2025, each from 7 days before the event's first
phase to 5 days after its peak day — every model is refitted on the history strictly before
the window and scored per queue against the actuals, and against the generator's true rate
(the Poisson noise floor): WAPE of p50, WAPE of the true rate, their ratio, the same on
campaign days only, P10-P90 coverage, and fit+predict time (median of ``--runs``). The
re-plan origin (2 days before the last wave) is reported too.

Run ``python benchmarks/bench_forecast.py [--runs 3]``; prints Markdown rows for
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from forecaster.backtest import run_backtest
from forecaster.forecast import make_model, truncate_history
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY, SAMPLE_TRUTH
from forecaster.validation import read_calendar, read_history

EVENTS = ("双11 2024", "618 2025", "双11 2025")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed fit+predict runs per window")
    args = parser.parse_args()
    history = read_history(SAMPLE_HISTORY)
    calendar = read_calendar(SAMPLE_CALENDAR)
    truth = pd.read_csv(SAMPLE_TRUTH, parse_dates=["interval_start"])

    print(
        "| window | origin | queue | WAPE p50 | WAPE truth | ratio | campaign days: WAPE / "
        "truth / ratio | P10-P90 coverage | seasonal-naive WAPE | last-year WAPE |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    timings = []
    for event in EVENTS:
        result = run_backtest(history, calendar, event, truth=truth)
        m = result.metrics
        for origin in result.origins:
            for queue in sorted(m["queue"].unique()):
                pick = (m["origin"] == origin.name) & (m["queue"] == queue)
                row = m[pick & (m["model"] == "campaign") & (m["scope"] == "window")].iloc[0]
                camp = m[pick & (m["model"] == "campaign") & (m["scope"] == "campaign_days")]
                camp_row = camp.iloc[0]
                naive = m[pick & (m["model"] == "seasonal_naive") & (m["scope"] == "window")]
                last = m[pick & (m["model"] == "last_year") & (m["scope"] == "window")]
                print(
                    f"| {event} {origin.start:%m-%d}..{origin.end:%m-%d} | {origin.name} | "
                    f"{queue} | {row.wape:.3f} | {row.wape_truth:.3f} | **{row.wape_ratio:.2f}** | "
                    f"{camp_row.wape:.3f} / {camp_row.wape_truth:.3f} / "
                    f"**{camp_row.wape_ratio:.2f}** | **{row.coverage_80:.3f}** | "
                    f"{naive.iloc[0].wape:.3f} | {last.iloc[0].wape:.3f} |"
                )
        first = result.origins[0]
        train = truncate_history(history, first.start)
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            make_model("campaign").fit(train, calendar).predict(first.start, first.end)
            times.append(time.perf_counter() - began)
        days = (first.end - first.start).days + 1
        timings.append((event, days, statistics.median(times), min(times), max(times)))
    print()
    print("| window | horizon | fit+predict, 2 queues, 15 min | runs |")
    print("|---|---|---|---|")
    for event, days, median, low, high in timings:
        print(
            f"| {event} | {days} days | **{median:.2f} s** ({low:.2f}-{high:.2f}) | {args.runs} |"
        )


if __name__ == "__main__":
    main()
