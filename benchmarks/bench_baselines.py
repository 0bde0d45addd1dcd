"""Benchmark: which ordinary-day baseline (issue 3: "choose by backtest and say why").

Six 4-week windows of the bundled sample without campaigns (two hold holidays: Labour Day
2025 and National Day 2025), each forecast from the history strictly before it by the
negative-binomial GLM (``baseline``, the default's ordinary-day part), MSTL on hourly totals
(``mstl``) and the same interval last week (``seasonal_naive``). Prints per queue the ratio
of the p50's WAPE to the true rate's (1.0 = the noise floor), P10-P90 coverage and
fit+predict time, as Markdown rows for ``benchmarks/RESULTS.md``.

Run ``python benchmarks/bench_baselines.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from forecaster.forecast import forecast
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY, SAMPLE_TRUTH
from forecaster.validation import read_calendar, read_history

STARTS = ("2024-03-04", "2024-08-05", "2025-03-03", "2025-04-14", "2025-07-07", "2025-09-15")
MODELS = ("baseline", "mstl", "seasonal_naive")


def main() -> None:
    history = read_history(SAMPLE_HISTORY)
    calendar = read_calendar(SAMPLE_CALENDAR)
    truth = pd.read_csv(SAMPLE_TRUTH, parse_dates=["interval_start"])
    actual = history.frame[["interval_start", "queue", "inquiries", "outage"]]
    print("| window | model | presale ratio / coverage | aftersale ratio / coverage | seconds |")
    print("|---|---|---|---|---|")
    means: dict[str, list[float]] = {m: [] for m in MODELS}
    for start in STARTS:
        end = pd.Timestamp(start) + pd.Timedelta(days=27)
        for model in MODELS:
            began = time.perf_counter()
            fc = forecast(history, calendar, start, end, model=model)
            seconds = time.perf_counter() - began
            d = fc.merge(actual).merge(truth)
            d = d[~d["outage"]]
            cells = []
            for queue in ("presale", "aftersale"):
                g = d[d["queue"] == queue]
                y = g["inquiries"]
                ratio = np.abs(g["p50"] - y).sum() / np.abs(g["expected_inquiries"] - y).sum()
                coverage = ((y >= g["p10"]) & (y <= g["p90"])).mean()
                means[model].append(ratio)
                cells.append(f"{ratio:.2f} / {coverage:.2f}")
            print(f"| {start} +4 wk | {model} | {cells[0]} | {cells[1]} | {seconds:.1f} |")
    print()
    for model, ratios in means.items():
        print(f"mean WAPE ratio to the noise floor, {model}: {np.mean(ratios):.3f}")


if __name__ == "__main__":
    main()
