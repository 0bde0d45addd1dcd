"""Benchmark on real contact-centre data: the fpp3 ``bank_calls`` series (issue 15).

Calls arriving at a North American bank's call centre, weekdays 07:00-21:00, March to
October 2003, as 15-minute history (``benchmarks/data/bank_calls.csv.gz``, see the README
beside it). Rolling next-day protocol: for each of the last 59 weekdays with data, the
product's model is fitted on everything strictly before that day and forecasts it at
60 minutes; WAPE = sum |p50 - y| / sum y over the day's open hours (the complete hours in
the data; a forecast hour without an actual is not scored, an open hour without a forecast
counts as a forecast of 0). Two baselines on the same hours: the same hour of the most
recent earlier same weekday with data ("same slot last week"), and the mean of the last 4
earlier same weekdays with data ("mean of last 4").

A day on which the product refuses (a PlannerError) or fails (any other exception) is
recorded and counted, never fatal. Prints a progress line per day, Markdown rows for
``benchmarks/RESULTS.md`` and a check line.

Run ``python benchmarks/bench_bank_calls.py [--jobs 2] [--model campaign]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster.errors import PlannerError
from forecaster.forecast import MODELS, forecast
from forecaster.validation import History, read_history

DATA = Path(__file__).resolve().parent / "data" / "bank_calls.csv.gz"
QUEUE = "calls"
TEST_DAYS = 59
LAST_DAYS = 20
SAME_SLOT = "same slot last week"
MEAN_OF_4 = "mean of last 4"


# --------------------------------------------------------------------------- actuals and baselines


def hourly_table(frame: pd.DataFrame, minutes: int) -> pd.DataFrame:
    """Inquiries per complete hour: one row per day with data (midnight stamps), columns the
    hours 0-23, NaN where the hour is not fully in the data (closed, or partly missing)."""
    stamps = pd.to_datetime(frame["interval_start"])
    hours = stamps.dt.floor("h")
    grouped = frame["inquiries"].astype(float).groupby(hours.to_numpy())
    sums, counts = grouped.sum(), grouped.size()
    complete = sums[counts == 60 // minutes]
    index = pd.DatetimeIndex(complete.index)
    long = pd.DataFrame({"day": index.normalize(), "hour": index.hour, "y": complete.to_numpy()})
    table = long.pivot(index="day", columns="hour", values="y")
    table = table.reindex(columns=range(24))
    table.columns.name = "hour"
    return table.sort_index()


def _earlier_same_weekday(table: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    index = pd.DatetimeIndex(table.index)
    return table[(index < day) & (index.day_of_week == day.day_of_week)]


def same_slot_last_week(table: pd.DataFrame, day: object) -> pd.Series:
    """Per hour of ``day``: that hour on the most recent earlier same weekday that has it
    (7 days back, or 14 if that day has no data, ...). NaN where no earlier day has it."""
    earlier = _earlier_same_weekday(table, pd.Timestamp(day).normalize())
    if earlier.empty:
        return pd.Series(np.nan, index=table.columns, dtype=float)
    return earlier.ffill().iloc[-1].astype(float)


def mean_of_last(table: pd.DataFrame, day: object, n: int = 4) -> pd.Series:
    """Per hour of ``day``: the mean of that hour on the last ``n`` earlier same weekdays that
    have it (fewer if fewer exist; NaN if none)."""
    earlier = _earlier_same_weekday(table, pd.Timestamp(day).normalize())
    if earlier.empty:
        return pd.Series(np.nan, index=table.columns, dtype=float)
    return earlier.apply(lambda column: column.dropna().iloc[-n:].mean()).reindex(table.columns)


BASELINES: dict[str, Callable[[pd.DataFrame, object], pd.Series]] = {
    SAME_SLOT: same_slot_last_week,
    MEAN_OF_4: mean_of_last,
}


def choose_test_days(table: pd.DataFrame, n: int = TEST_DAYS) -> list[pd.Timestamp]:
    """The last ``n`` weekdays that have at least one open hour."""
    index = pd.DatetimeIndex(table.index)
    days = index[(index.day_of_week < 5) & table.notna().any(axis=1).to_numpy()]
    return list(days[-n:])


def absolute_error(prediction: pd.Series, actual: pd.Series) -> tuple[float, int]:
    """``sum |prediction - actual|`` over the hours of ``actual`` (its non-NaN entries), and
    how many of those hours had no prediction (counted as a prediction of 0)."""
    actual = actual.dropna()
    predicted = prediction.reindex(actual.index)
    missing = int(predicted.isna().sum())
    return float(np.abs(predicted.fillna(0.0) - actual).sum()), missing


def wape(errors: Iterable[float], actuals: Iterable[float]) -> float:
    """Pooled WAPE: total absolute error over total actual."""
    total = float(sum(actuals))
    return float(sum(errors)) / total if total > 0 else float("nan")


# --------------------------------------------------------------------------- the product, per day

_HISTORY: History | None = None


def _load_worker(path: str) -> None:
    global _HISTORY
    _HISTORY = read_history(path)


def forecast_day(day: str, model: str) -> tuple[dict[int, float] | None, str, float]:
    """The product's p50 per hour of ``day`` (fitted strictly before it), or ``None`` with
    ``"refused: ..."``/``"failed: ..."``; and the fit+predict seconds. Runs in a worker."""
    began = time.perf_counter()
    try:
        assert _HISTORY is not None, "worker has no history loaded"
        fc = forecast(_HISTORY, None, day, day, model=model, interval_minutes=60)
        stamps = pd.to_datetime(fc["interval_start"])
        on_day = (stamps.dt.normalize() == pd.Timestamp(day)) & (fc["queue"] == QUEUE)
        p50 = {
            int(h): float(v)
            for h, v in zip(stamps[on_day].dt.hour, fc.loc[on_day, "p50"], strict=True)
            if np.isfinite(v)
        }
        return p50, "", time.perf_counter() - began
    except PlannerError as error:
        return None, f"refused: {error}", time.perf_counter() - began
    except Exception as error:  # the benchmark records every failure and goes on
        return None, f"failed: {type(error).__name__}: {error}", time.perf_counter() - began


# --------------------------------------------------------------------------- one run


@dataclass
class DayResult:
    day: pd.Timestamp
    actual: float
    hours: int
    errors: dict[str, float] = field(default_factory=dict)
    """Absolute error per forecaster that produced a forecast for the day."""
    missing_hours: dict[str, int] = field(default_factory=dict)
    problem: str = ""
    seconds: float = 0.0


def _score_day(table: pd.DataFrame, day: pd.Timestamp) -> DayResult:
    actual = table.loc[day].dropna()
    result = DayResult(day=day, actual=float(actual.sum()), hours=int(actual.size))
    for name, baseline in BASELINES.items():
        error, missing = absolute_error(baseline(table, day), actual)
        result.errors[name], result.missing_hours[name] = error, missing
    return result


def _progress(i: int, n: int, r: DayResult, model: str) -> str:
    actual = r.actual or float("nan")
    base = " ".join(f"{name} {r.errors[name] / actual:.3f}" for name in BASELINES)
    if model in r.errors:
        own = f"{model} {r.errors[model] / actual:.3f}"
        if r.missing_hours.get(model):
            own += f" ({r.missing_hours[model]} open hours without forecast)"
    else:
        own = f"{model} {r.problem[:110]}"
    return f"[{i:2d}/{n}] {r.day:%Y-%m-%d %a} {r.hours:2d} h | {own} | {base} | {r.seconds:.1f} s"


def run(path: Path, model: str, jobs: int) -> tuple[list[DayResult], float]:
    """Every test day scored for the product and the baselines, and the wall time [s]."""
    began = time.perf_counter()
    history = read_history(path)
    table = hourly_table(history.frame[history.frame["queue"] == QUEUE], history.interval_minutes)
    days = choose_test_days(table)
    results = {day: _score_day(table, day) for day in days}
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_load_worker, initargs=(str(path),)
    ) as pool:
        futures: dict[Future[tuple[dict[int, float] | None, str, float]], pd.Timestamp] = {
            pool.submit(forecast_day, f"{day:%Y-%m-%d}", model): day for day in days
        }
        for i, future in enumerate(as_completed(futures), start=1):
            result = results[futures[future]]
            try:
                p50, result.problem, result.seconds = future.result()
            except Exception as error:  # a worker died (BrokenProcessPool, ...)
                p50, result.problem = None, f"failed: {type(error).__name__}: {error}"
            if p50 is not None:
                error_, missing = absolute_error(pd.Series(p50, dtype=float), table.loc[result.day])
                result.errors[model], result.missing_hours[model] = error_, missing
            print(_progress(i, len(days), result, model), flush=True)
    return [results[day] for day in days], time.perf_counter() - began


# --------------------------------------------------------------------------- report


def _wape_of(results: list[DayResult], name: str) -> float:
    return wape((r.errors[name] for r in results), (r.actual for r in results))


def _cell(results: list[DayResult], name: str) -> str:
    ran = [r for r in results if name in r.errors]
    if not ran:
        return "—"
    text = f"{_wape_of(ran, name):.3f}"
    return text if len(ran) == len(results) else f"{text} (on {len(ran)} of {len(results)} days)"


def report(results: list[DayResult], model: str, jobs: int, wall: float) -> bool:
    """Print the summary, the Markdown rows and the check line; ``True`` if every check
    passes."""
    last = results[-LAST_DAYS:]
    ran = [r for r in results if model in r.errors]
    refused = [r for r in results if r.problem.startswith("refused")]
    failed = [r for r in results if r.problem.startswith("failed")]
    missing = sum(r.missing_hours.get(model, 0) for r in ran)
    seconds = [r.seconds for r in results]
    first, final = results[0].day, results[-1].day
    print()
    print(
        f"bank_calls, {len(results)} test days {first:%Y-%m-%d}..{final:%Y-%m-%d} "
        f"(last {LAST_DAYS} from {last[0].day:%Y-%m-%d}), 60-minute WAPE of p50 over "
        f"{sum(r.hours for r in results)} open hours"
    )
    print(
        f"{model}: ran on {len(ran)} days, refused {len(refused)}, failed {len(failed)}; "
        f"open hours without a forecast: {missing}"
    )
    for label, group in (("refusal", refused), ("failure", failed)):
        if group:
            print(f"first {label} ({group[0].day:%Y-%m-%d}): {group[0].problem}")
    print(
        f"wall {wall:.1f} s with --jobs {jobs}; fit+predict per day median "
        f"{np.median(seconds):.2f} s (max {max(seconds):.2f} s)"
    )
    if ran and len(ran) < len(results):
        print(
            "on the days the product ran: "
            + ", ".join(f"{name} {_wape_of(ran, name):.3f}" for name in (model, *BASELINES))
        )
    print()
    today = dt.date.today().isoformat()
    days_cell = f"{len(ran)}/{len(results)}"
    if refused or failed:
        days_cell += f" ({len(refused)} refused, {len(failed)} failed)"
    print(
        f"| date | forecaster | days forecast | WAPE, {len(results)} days | "
        f"WAPE, last {len(last)} days | wall (--jobs {jobs}) |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {today} | `{model}` | {days_cell} | {_cell(results, model)} | "
        f"{_cell(last, model)} | {wall:.0f} s |"
    )
    for name in BASELINES:
        print(
            f"| {today} | {name} | {len(results)}/{len(results)} | {_cell(results, name)} | "
            f"{_cell(last, name)} | — |"
        )
    print()
    every_day = len(ran) == len(results)
    checks = {
        "runs on every test day": every_day,
        f"beats {MEAN_OF_4} over {len(results)} days": every_day
        and _wape_of(results, model) < _wape_of(results, MEAN_OF_4),
        f"beats {MEAN_OF_4} over last {len(last)} days": all(model in r.errors for r in last)
        and _wape_of(last, model) < _wape_of(last, MEAN_OF_4),
    }
    print("check: " + "  ".join(f"{'✔' if ok else '✘'} {name}" for name, ok in checks.items()))
    return all(checks.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--model", default="campaign", choices=sorted(MODELS))
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    jobs = max(1, min(args.jobs, TEST_DAYS))
    results, wall = run(args.data, args.model, jobs)
    report(results, args.model, jobs, wall)


if __name__ == "__main__":
    main()
