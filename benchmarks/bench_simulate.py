"""Benchmark: simulate a 双11 final-wave night, 1 and 20 replications (target < 60 s for 20).

The night runs 18:00-02:00 in 15-minute intervals (32 intervals) for one pre-sales queue:
base rate 0.5 chats/s; at 20:00 the wave opens and the rate jumps 6x, decaying back with a
30-minute time constant (``base (1 + 5 exp(-(t - t20) / 30 min))``); at 00:00 (the 11-11
opening) a second, smaller surge (``+3 base``, same decay). Concurrency 3, slowdown 0.10,
AHT(1) 300 s, mean patience 180 s, 30 s target. Agents per interval: enough slots for the
interval's offered load at 80 % slot occupancy, ``ceil(lambda AHT(k) / (k 0.8))``, with the
interval's mean rate (so the spike inside the first wave interval is under-staffed, as a
stationary plan would be). The rate enters as a callable, sampled by thinning.

Run ``python benchmarks/bench_simulate.py [--runs 3]``. Prints each run, the medians and the
per-interval result of the 20-replication run around the wave.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd

from forecaster.simulate import ChatModel, simulate_intervals

START = pd.Timestamp("2025-11-10 18:00")
MINUTES = 15
INTERVALS = 32  # 18:00-02:00
BASE_PER_SECOND = 0.5
WAVE_SECONDS = 2 * 3600.0  # 20:00
SURGE_SECONDS = 6 * 3600.0  # 00:00
DECAY_SECONDS = 30 * 60.0
TARGET_SECONDS = 60.0
MODEL = ChatModel(
    aht_seconds=300,
    max_concurrency=3,
    concurrency_slowdown=0.10,
    patience_seconds=180,
    answer_within_seconds=30,
)


def rate(t: float) -> float:
    """Arrivals per second ``t`` seconds after 18:00. [1/s]"""
    level = 1.0
    if t >= WAVE_SECONDS:
        level += 5.0 * math.exp(-(t - WAVE_SECONDS) / DECAY_SECONDS)
    if t >= SURGE_SECONDS:
        level += 3.0 * math.exp(-(t - SURGE_SECONDS) / DECAY_SECONDS)
    return BASE_PER_SECOND * level


RATE_MAX = BASE_PER_SECOND * 6.0 * 1.01


def staffing(per: str = "interval") -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """Interval starts, expected arrivals and agents: slots for the load at 80 %.

    ``per="interval"`` sizes every 15-minute interval for its own mean rate; ``per="hour"``
    sizes each hour for the hour's mean rate (stationary hourly staffing, for comparison).
    """
    starts = pd.date_range(START, periods=INTERVALS, freq=f"{MINUTES}min")
    seconds = MINUTES * 60
    grid = np.arange(INTERVALS * seconds) + 0.5  # 1-second midpoint rule
    expected = np.array([rate(t) for t in grid]).reshape(INTERVALS, seconds).sum(axis=1)
    load = expected
    if per == "hour":
        per_hour = 60 // MINUTES
        load = np.repeat(expected.reshape(-1, per_hour).mean(axis=1), per_hour)
    k = MODEL.max_concurrency
    busy_slots = load / seconds * MODEL.aht_at(k)
    agents = np.ceil(busy_slots / (k * 0.8)).astype(int)
    return starts, expected, agents


def timed(
    replications: int, starts: pd.DatetimeIndex, agents: np.ndarray
) -> tuple[float, pd.DataFrame]:
    """Seconds one ``simulate_intervals`` call takes, and its result."""
    began = time.perf_counter()
    result = simulate_intervals(
        starts,
        None,
        agents,
        MODEL,
        interval_minutes=MINUTES,
        replications=replications,
        seed=11,
        rate=rate,
        rate_max=RATE_MAX,
    )
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case")
    args = parser.parse_args()
    starts, expected, agents = staffing()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}"
    )
    print(
        f"night {starts[0]:%Y-%m-%d %H:%M} + {INTERVALS} x {MINUTES} min, "
        f"{expected.sum():.0f} expected chats, agents {agents.min()}-{agents.max()}"
    )
    timed(1, starts, agents)  # warm-up: imports, scipy
    result = pd.DataFrame()
    medians = {}
    for replications in (1, 20):
        times = []
        for run in range(args.runs):
            seconds, result = timed(replications, starts, agents)
            times.append(seconds)
            print(f"  {replications:>2} replication(s), run {run + 1}: {seconds:.2f} s")
        medians[replications] = statistics.median(times)
    for replications, median in medians.items():
        verdict = (
            f" (target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'MISSED'})"
            if replications == 20
            else ""
        )
        print(f"median of {args.runs}, {replications:>2} replication(s): {median:.2f} s{verdict}")

    _, hourly_agents = staffing("hour")[1:]
    _, hourly = timed(20, starts, hourly_agents)
    table = pd.DataFrame(
        {
            "interval": starts.strftime("%H:%M"),
            "expected": expected.round(0),
            "agents": result["agents"],
            "SL": result["service_level"].round(3),
            "SL ci95": result["service_level_ci95"].round(3),
            "ASA s": result["asa_seconds"].round(1),
            "abandon": result["abandon_rate"].round(3),
            "occ": result["occupancy"].round(3),
            "hourly agents": hourly["agents"],
            "hourly SL": hourly["service_level"].round(3),
            "hourly ASA s": hourly["asa_seconds"].round(1),
            "hourly abandon": hourly["abandon_rate"].round(3),
        }
    )
    print("\n20 replications; 'hourly' = each hour staffed for its mean rate")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
