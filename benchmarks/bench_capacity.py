"""Benchmark (a) of issue 4: requirements for one year of 15-minute intervals, two queues.

The bundled sample's actual inquiries from 2024-12-01 to 2025-11-30 (two queues, about
70,000 intervals) are staffed through ``forecaster.capacity.requirements`` — bot deflection,
service hours, the time-varying correction and the agent search — once with plain Erlang C
(one chat per agent, nobody abandons, no caps but the service level) and once with the
sample plan's chat model (Erlang A, 3 chats per agent, slowdown 0.10/0.12, occupancy and
abandonment caps). Each run starts with an empty staffing cache. Prints medians of ``--runs``.

Run ``python benchmarks/bench_capacity.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from forecaster.capacity import requirements
from forecaster.config import load_config
from forecaster.erlang import _log_rate_sums
from forecaster.paths import SAMPLE_HISTORY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    history = pd.read_csv(SAMPLE_HISTORY, parse_dates=["interval_start"])
    year = history[
        (history["interval_start"] >= "2024-12-01") & (history["interval_start"] < "2025-12-01")
    ]
    year = year.drop_duplicates(["interval_start", "queue"])
    forecast = year.assign(mean=year["inquiries"].astype(float))[
        ["interval_start", "queue", "mean"]
    ]
    config = load_config(None)
    erlang_c = config.with_overrides(
        {
            "model": "erlang_c",
            "max_concurrency": 1,
            "max_occupancy": 1.0,
            "min_agents": 0,
            "service_hours": ["00:00", "24:00"],
        }
    )
    chat = config.with_overrides({"service_hours": ["00:00", "24:00"]})
    print(f"{len(forecast):,} intervals, {forecast['queue'].nunique()} queues")
    for label, cfg in (("Erlang C (k = 1)", erlang_c), ("Erlang A, k = 3, slowdown", chat)):
        times = []
        for _ in range(args.runs):
            _log_rate_sums.cache_clear()
            began = time.perf_counter()
            req = requirements(forecast, cfg, quantile="mean")
            times.append(time.perf_counter() - began)
        print(
            f"| {label} | {len(req):,} | **{statistics.median(times):.2f} s** "
            f"({min(times):.2f}-{max(times):.2f}) | peak {int(req['agents'].max())} agents |"
        )


if __name__ == "__main__":
    main()
