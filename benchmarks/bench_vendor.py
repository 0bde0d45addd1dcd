"""Benchmark of issue 16, item 3: a vendor's shared seats against every shop booking alone.

A fleet of ``--shops`` shops of mixed sizes is made from one real plan's need (what its
in-house team leaves uncovered, :func:`forecaster.vendor.read_shop_need`): shop ``i`` has the
need × a size factor (0.03 to 0.2 of the sample shop, rounded up to whole agents) and its
day shifted by -2 to +2 hours (shops whose peaks are not at the same minute: categories,
regions, their own campaign openings). The plan folder is ``--plan`` (a ``forecaster plan``
output), or the sample's 双11 window ``--start``..``--end`` planned first (minutes).

Run ``python benchmarks/bench_vendor.py [--plan DIR] [--shops 10] [--time-limit 120]
[--penalty 0.05] [--minutes 60] [--solver auto]``; prints the separate and pooled seat-hours,
cost, saving, gap and solve times, and the seat groups' utilisation.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster.config import load_config
from forecaster.vendor import pool_vendor, read_shop_need

SIZES = (0.05, 0.1, 0.2, 0.08, 0.15, 0.03, 0.12, 0.06, 0.1, 0.04)
SHIFTS_HOURS = (0, 1, -1, 2, -2, 0, 1, -1, 0, 2)


def fleet_needs(base: pd.DataFrame, shops: int) -> dict[str, pd.DataFrame]:
    """``shops`` needs from one shop's need (module docstring)."""
    needs = {}
    for i in range(shops):
        frame = base.copy()
        frame["need"] = np.ceil(frame["need"] * SIZES[i % len(SIZES)] - 1e-9)
        frame["interval_start"] += pd.Timedelta(hours=SHIFTS_HOURS[i % len(SHIFTS_HOURS)])
        needs[f"shop{i + 1:02d}"] = frame
    return needs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", type=Path, default=None)
    parser.add_argument("--start", default="2025-11-05")
    parser.add_argument("--end", default="2025-11-14")
    parser.add_argument("--shops", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--penalty", type=float, default=0.05)
    parser.add_argument("--minutes", type=int, default=None)
    parser.add_argument("--solver", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan = args.plan
        if plan is None:
            plan = Path(tmp) / "plan"
            command = [sys.executable, "-m", "forecaster", "plan", "--start", args.start,
                       "--end", args.end, "--out", str(plan), "--lang", "en"]  # fmt: skip
            print("planning the sample shop:", " ".join(command[1:]), flush=True)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        needs = fleet_needs(read_shop_need(plan), args.shops)
    config = load_config().with_overrides(
        {
            "vendor.shared_out": True,
            "solver.name": args.solver,
            "solver.time_limit_seconds": args.time_limit,
        }
    )
    table = {
        "shared_out": True,
        "groups": [{"name": "shared", "concurrency_penalty": args.penalty}],
    }
    config = config.model_copy(update={"vendor": type(config.vendor).model_validate(table)})
    began = time.perf_counter()
    result = pool_vendor(
        needs,
        config,
        interval_minutes=args.minutes,
        progress=lambda line: print(f"{time.perf_counter() - began:7.1f} s  {line}", flush=True),
    )
    s = result.summary
    gap = "n/a" if s["gap"] is None else f"{s['gap']:.2%}"
    print()
    print("| shops | grid | need seat-h | separate seat-h | pooled seat-h | saving | cost saving "
          "| status | gap | separate s | pooled s | total s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(needs)} | {s['interval_minutes']} min | {s['need_seat_hours']:,.0f} | "
        f"{s['separate_seat_hours']:,.0f} | {s['pooled_seat_hours']:,.0f} | "
        f"{s['saving_seat_hours']:,.0f} h ({s['saving_seat_hours_share']:.1%}) | "
        f"{s['saving_cost']:,.0f} CNY ({s['saving_cost_share']:.1%}) | {s['status']} "
        f"({s['source']}) | {gap} | "
        f"{s['separate_seconds']:.0f} | {s['solve_seconds']:.0f} | "
        f"{time.perf_counter() - began:.0f} |"
    )
    print()
    print(result.groups.to_string(index=False))
    print(result.separate.to_string(index=False))
    for line in result.messages:
        print("note:", line)


if __name__ == "__main__":
    main()
