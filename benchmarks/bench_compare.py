"""Benchmark of issue 6: ``forecaster compare`` with 4 scenarios, parallel against one by one.

The four scenarios are the bot-resolution presets a planner compares (0, 30, 50 and 70 %) on
the sample's 双11 2025 window (2025-10-08 to 2025-11-16, the demo's horizon), roster time
limit ``--time-limit`` seconds, ``--replications`` simulation replications. Both runs share
one forecast (made once, timed separately); the parallel run uses every core
(:func:`forecaster.scenarios.run_scenarios` with ``workers=None``), the sequential run
``workers=1`` in one process. Each is repeated ``--repeats`` times; medians are reported, and
the speed-up is sequential / parallel wall time.

Run ``python benchmarks/bench_compare.py [--repeats 3] [--time-limit 60]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from forecaster.config import load_config
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.scenarios import Scenario, run_scenarios
from forecaster.validation import read_calendar, read_history

PRESETS = ("0", "0.3", "0.5", "0.7")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--start", default="2025-10-08")
    parser.add_argument("--end", default="2025-11-16")
    args = parser.parse_args()
    history = read_history(SAMPLE_HISTORY)
    calendar = read_calendar(SAMPLE_CALENDAR)
    config = load_config(None).with_overrides({"solver.time_limit_seconds": args.time_limit})
    scenarios = [Scenario(f"bot {p}", {"bot_resolution": p}) for p in PRESETS]
    timings: dict[str, list[float]] = {"parallel": [], "sequential": []}
    tables = {}
    for repeat in range(args.repeats):
        for mode, workers in (("parallel", None), ("sequential", 1)):
            began = time.perf_counter()
            result = run_scenarios(
                history,
                calendar,
                config,
                scenarios,
                start=args.start,
                end=args.end,
                workers=workers,
                replications=args.replications,
            )
            timings[mode].append(time.perf_counter() - began)
            tables[mode] = result.table
            print(f"repeat {repeat + 1} {mode}: {timings[mode][-1]:.1f} s", flush=True)
    cores = os.cpu_count()
    par, seq = statistics.median(timings["parallel"]), statistics.median(timings["sequential"])
    print(f"\n{cores} cores, {len(scenarios)} scenarios, {args.repeats} repeats, "
          f"time limit {args.time_limit:.0f} s, {args.start} to {args.end}")  # fmt: skip
    print("| run | median wall s | all runs s |")
    print("|---|---|---|")
    for mode in ("sequential", "parallel"):
        runs = ", ".join(f"{t:.0f}" for t in timings[mode])
        print(f"| {mode} | {statistics.median(timings[mode]):.0f} | {runs} |")
    print(f"speed-up sequential / parallel: {seq / par:.2f}x (ideal {min(cores or 1, 4)}x)")
    columns = ["scenario", "peak_agents", "paid_hours", "labour_cost", "simulated_service_level"]
    for mode, table in tables.items():
        print(f"\n{mode} (last repeat):\n{table[columns].to_string(index=False)}")


if __name__ == "__main__":
    main()
