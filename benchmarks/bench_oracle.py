"""Benchmark: how far knowing the season's volume, or the population's structure, would take a
forecast (issue 15).

For every shop × event of the population benchmark (``benchmarks/shops``) the campaign model
is fitted as of the ``pre_campaign`` origin, as in ``bench_population.py``, and its p50 is
scored three ways against the actuals, as the ratio of its WAPE to the WAPE of the true rate
(the noise floor), over the whole window:

``model``
    The forecast as made.
``season known``
    Each queue's forecast on the campaign days scaled so that its total equals the true
    total of those days: what a forecaster that knew the season's heat exactly (a planner's
    GMV target that comes true) would score, with the model's own spread over the days.
``days known``
    Each queue's forecast on every day scaled to that day's true total: only the shape
    within the day is left to the model.

The gap between ``model`` and ``season known`` is what the heat of a season not yet begun
costs; the gap between ``season known`` and ``days known`` is how the season's volume is
spread over its days (phase amplitudes, unlisted promotions, the base under them).

Two more scores bound what any forecaster could do, not only this model. They are the
generator's own expected rate (its structure: amplitudes, shapes, trends, holidays), rebuilt
with the same random draws but without the promotions no calendar lists:

``structure, last year's heat``
    Each family's heat this year set to last year's: a forecaster that knew the
    generator's structure exactly and guessed this year's heat from last year's.
``structure, heat known``
    This year's heat as it came: what is left is the unlisted promotions alone.

The gap between ``model`` and ``structure, last year's heat`` is what the model's structure
costs on this population (the heat guessed alike).

Run ``python benchmarks/bench_oracle.py [--jobs 2] [--shops 0,3] [--limit N]``; prints a
progress line per shop × event, then the Markdown table for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.bench_population import (  # noqa: E402
    EVENTS,
    RESOLUTIONS,
    _shop,
    actuals_frame,
    campaign_days,
)
from benchmarks.shops import generator  # noqa: E402
from forecaster.backtest import event_origins  # noqa: E402
from forecaster.forecast import make_model, truncate_history  # noqa: E402

SCORES = (
    "model",
    "season known",
    "days known",
    "structure, last year's heat",
    "structure, heat known",
)


def structure_rates(index: int, seed: int, last_years_heat: bool) -> pd.DataFrame:
    """The generator's expected rate of shop ``index`` without its unlisted promotions
    (``interval_start, queue, expected_inquiries``), with each family's heat of its last year
    set to the year before's when ``last_years_heat``. The generator draws the promotions
    (into a throw-away copy here) and the heats as usual, so every other draw is the same."""
    draw_promos, draw_heat = generator._unlisted_promos, generator._heat

    def unlisted(arch: Any, rng: Any, kinds: Any, out: dict[str, np.ndarray]) -> list[str]:
        return draw_promos(arch, rng, kinds, {q: np.zeros_like(v) for q, v in out.items()})

    def heat(pattern: str, rng: Any) -> tuple[float, ...]:
        drawn = list(draw_heat(pattern, rng))
        if last_years_heat:
            drawn[-1] = drawn[-2]
        return tuple(drawn)

    try:
        generator._unlisted_promos, generator._heat = unlisted, heat
        return generator.make_shop(index, seed).truth
    finally:
        generator._unlisted_promos, generator._heat = draw_promos, draw_heat


def _at(rates: pd.DataFrame, frame: pd.DataFrame, minutes: int) -> np.ndarray:
    """``rates`` summed to ``minutes`` and aligned to the rows of ``frame``."""
    rates = rates.rename(columns={"expected_inquiries": "rate"})
    if minutes != 15:
        rates = rates.assign(interval_start=rates["interval_start"].dt.floor(f"{minutes}min"))
        rates = rates.groupby(["interval_start", "queue"], as_index=False)["rate"].sum()
    merged = frame[["interval_start", "queue"]].merge(
        rates, on=["interval_start", "queue"], how="left"
    )
    return merged["rate"].to_numpy(dtype=float)


def _scaled(frame: pd.DataFrame, keys: list[str], mask: np.ndarray) -> np.ndarray:
    """p50 with the rows under ``mask`` scaled, per ``keys`` group, to the truth's total."""
    p50 = frame["p50"].to_numpy(dtype=float).copy()
    part = frame[mask]
    sums = part.groupby(keys, sort=False)[["truth", "mean"]].transform("sum")
    factor = (sums["truth"] / sums["mean"].where(sums["mean"] > 0)).fillna(1.0).to_numpy()
    p50[mask] = p50[mask] * factor
    return p50


def oracle_rows(index: int, seed: int, event: str) -> list[dict[str, Any]]:
    """The three ratios of one shop × event at each resolution."""
    shop = _shop(index, seed)
    origin = next(o for o in event_origins(shop.calendar, event) if o.name == "pre_campaign")
    model = make_model("campaign").fit(truncate_history(shop.history, origin.start), shop.calendar)
    hot = campaign_days(shop.calendar, event)
    structures = {
        "structure, last year's heat": structure_rates(index, seed, last_years_heat=True),
        "structure, heat known": structure_rates(index, seed, last_years_heat=False),
    }
    rows = []
    for minutes in RESOLUTIONS:
        fc = model.predict(origin.start, origin.end, interval_minutes=minutes)
        frame = fc.merge(actuals_frame(shop, minutes), on=["interval_start", "queue"])
        frame = frame[frame["actual"].notna()].reset_index(drop=True)
        frame["day"] = frame["interval_start"].dt.normalize()
        y = frame["actual"].to_numpy(dtype=float)
        floor = np.abs(frame["truth"].to_numpy() - y).sum()
        everywhere = np.ones(len(frame), dtype=bool)
        p50s = {
            "model": frame["p50"].to_numpy(dtype=float),
            "season known": _scaled(frame, ["queue"], frame["day"].isin(hot).to_numpy()),
            "days known": _scaled(frame, ["queue", "day"], everywhere),
            **{name: _at(rates, frame, minutes) for name, rates in structures.items()},
        }
        row: dict[str, Any] = {"shop": shop.name, "event": event, "minutes": minutes}
        for name, p50 in p50s.items():
            row[name] = float(np.abs(p50 - y).sum() / floor)
        rows.append(row)
    return rows


def _task(index: int, seed: int, event: str) -> tuple[list[dict[str, Any]], float]:
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = oracle_rows(index, seed, event)
    return rows, time.perf_counter() - began


def report(results: pd.DataFrame) -> list[str]:
    """Markdown: median / 90th percentile / worst of each score per resolution."""
    lines = [
        f"### Oracle bounds: {results[['shop', 'event']].drop_duplicates().shape[0]} shop × "
        "event, pre_campaign origin",
        "",
        "Ratio = WAPE of p50 / WAPE of the true rate over the window (pooled queues); "
        "median / 90th percentile / worst over shop × event.",
        "",
        "| minutes | " + " | ".join(SCORES) + " |",
        "|---|" + "---|" * len(SCORES),
    ]
    for minutes, part in results.groupby("minutes"):
        cells = [
            f"{part[s].median():.2f} / {part[s].quantile(0.9):.2f} / {part[s].max():.2f}"
            for s in SCORES
        ]
        lines.append(f"| {minutes} | " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--shops", default="", help="comma-separated shop indices")
    parser.add_argument("--limit", type=int, default=0, help="only the first N shops")
    parser.add_argument("--n", type=int, default=24, help="population size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, help="per-row CSV")
    args = parser.parse_args(argv)
    shops = [int(s) for s in args.shops.split(",") if s] or list(range(args.limit or args.n))
    tasks = [(i, e) for i in shops for e in EVENTS]
    began = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        futures = {pool.submit(_task, i, args.seed, e): (i, e) for i, e in tasks}
        for done, future in enumerate(as_completed(futures), 1):
            got, secs = future.result()
            rows += got
            first = got[0]
            print(
                f"[{done}/{len(tasks)}] {first['shop']} {first['event']}: "
                + ", ".join(f"{s} {first[s]:.2f}" for s in SCORES)
                + f" ({secs:.0f} s)",
                flush=True,
            )
    results = pd.DataFrame(rows)
    if args.out:
        results.to_csv(args.out, index=False)
    print("\n".join(["", *report(results), ""]))
    print(f"wall time {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
