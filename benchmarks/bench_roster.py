"""Benchmark of issue 5: the roster integer program on the sample's 双11 2025.

Requirements come from the product's own chain on the bundled sample: the campaign forecast
from history before 2025-10-08 (p80, the sample plan's quantile), staffed by
``forecaster.capacity`` with ``data/plan.toml``. Two instances, with the sample's shift
templates (106 template × start options a day at 15-minute resolution), two queues:

(a) 14 days of 双11, 2025-10-31 to 2025-11-13: target within 1 % of the LP bound in 60 s;
(b) the whole 35-day season, 2025-10-08 to 2025-11-12: the gap reached in 5 minutes;
(c) the final-wave week, 2025-11-05 to 11-11, 30 s (the end-to-end test's window);
(d), (e) the app's 40-day window, 2025-10-08 to 11-16, with a 30 s and a 120 s limit.

Each is solved with HiGHS and with CBC; reported: status, objective, bound, gap, solve and
total seconds, paid hours / required agent-hours and the split of paid hours by FT/PT/OUT.

Run ``python benchmarks/bench_roster.py [--only a|b] [--solvers highs,cbc]``.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from forecaster.campaigns import campaign_days, normalise_calendar
from forecaster.capacity import requirements
from forecaster.config import load_config
from forecaster.forecast import forecast
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.roster import solve_roster
from forecaster.validation import read_calendar, read_history

CASES = {
    "a": ("14 days 10-31..11-13", "2025-10-31", "2025-11-14", 60.0),
    "b": ("35 days 10-08..11-12", "2025-10-08", "2025-11-13", 300.0),
    "c": ("7 days 11-05..11-11", "2025-11-05", "2025-11-12", 30.0),
    "d": ("40 days 10-08..11-16, 30 s", "2025-10-08", "2025-11-17", 30.0),
    "e": ("40 days 10-08..11-16, 120 s", "2025-10-08", "2025-11-17", 120.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=tuple(CASES), default=None)
    parser.add_argument("--solvers", default="highs,cbc")
    args = parser.parse_args()
    history = read_history(SAMPLE_HISTORY)
    calendar = read_calendar(SAMPLE_CALENDAR)
    config = load_config(None)
    fc = forecast(history, calendar, "2025-10-08", "2025-11-16")
    req = requirements(fc, config)
    cal = normalise_calendar(calendar.frame, config.interval_minutes)
    print(
        "| instance | solver | status | objective | solver bound | gap | LP bound | gap to LP | "
        "solve s | total s | paid h / required agent-h | FT / PT / OUT paid hours | "
        "shortfall agent-h |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key, (label, first, stop, limit) in CASES.items():
        if args.only and key != args.only:
            continue
        part = req[(req["interval_start"] >= first) & (req["interval_start"] < stop)]
        days = pd.date_range(first, stop, freq="D", inclusive="left")
        hot = [d for d, m in zip(days, campaign_days(days, cal), strict=True) if m]
        for solver in args.solvers.split(","):
            cfg = config.with_overrides(
                {"solver.name": solver, "solver.time_limit_seconds": limit, "solver.gap_rel": 0.01}
            )
            began = time.perf_counter()
            result = solve_roster(part, cfg, campaign_days=hot, lp_bound=True)
            total = time.perf_counter() - began
            s = result.summary
            hours = s["hours_by_kind"]
            bound = f"{s['lower_bound']:,.0f}" if s["lower_bound"] is not None else "n/a"
            gap = f"{s['gap']:.2%}" if s["gap"] is not None else "n/a"
            print(
                f"| ({key}) {label} | {s['solver']} | {s['status']} | {s['objective']:,.0f} | "
                f"{bound} | {gap} | {s['lp_bound']:,.0f} | **{s['gap_to_lp']:.2%}** | "
                f"**{s['solve_seconds']:.1f}** | {total:.1f} | "
                f"{s['paid_hours'] / s['required_agent_hours']:.2f} | "
                f"{hours['FT']:,.0f} / {hours['PT']:,.0f} / {hours['OUT']:,.0f} | "
                f"{s['shortfall_agent_hours']:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
