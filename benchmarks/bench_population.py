"""Benchmark: the forecasters on an independent population of synthetic shops (issue 15).

The shops come from ``benchmarks/shops`` (written without the product's sample generator,
so their structure differs: additive campaigns, heat that goes up and down, phases added
and dropped, in-season plateaus, unlisted promotions, closed hours and days, over-dispersed
counts, outages and missing exports). For every shop and scored event (``双11 2025``,
``618 2025``) each model is refitted on the history strictly before each origin of
:func:`forecaster.backtest.event_origins` (``pre_campaign``, ``final_wave``), predicts to the
window's end at 15 and at 60 minutes, and is scored with :func:`forecaster.backtest.score`
against the actuals and the generator's true rate (``wape_ratio`` = WAPE of p50 / WAPE of
the true rate, the noise floor), over the window and over the campaign days (days any
phase of the event touches). Intervals without actuals (closed, missing export days,
outages) are not scored; an hour is scored only when its four quarter-hours are.

Rows are pooled over queues (``queue = all``: WAPE is Σ|p50 − y| / Σy over every queue's
intervals) and written per queue too. The re-forecast score compares, on the days from the
``final_wave`` origin to the window's end, the final_wave forecast's ratio with the
pre_campaign forecast's ratio on the same days.

Run ``python benchmarks/bench_population.py [--jobs 2] [--model campaign] [--shops 0,3]
[--limit N] [--events "双11 2025,618 2025"] [--seed 2026] [--out CSV] [--summary MD]
[--label TEXT] [--planner-heat SD]``; prints a progress line per shop × event, then Markdown for
``benchmarks/RESULTS.md`` with the acceptance block, and the wall time. ``--from-csv CSV``
prints the Markdown of an earlier run without running. ``PYTHONPATH`` may point at another
copy of the ``forecaster`` package (e.g. ``git archive <commit> forecaster``) to score a
commit while the working tree is being edited. ``--planner-heat SD`` plays a planner who
writes each scored campaign's heat into the calendar as the product reads it (its true extra
inquiries over last year's same campaign's, with a log-normal error of log-sd ``SD``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # appended: PYTHONPATH may point at another copy of ``forecaster`` (e.g. a snapshot of
    # a commit exported with git archive) while the working tree is being edited
    sys.path.append(str(ROOT))

import forecaster  # noqa: E402
from benchmarks.shops import ARCHETYPES, Shop, make_shop, ordinary_growth  # noqa: E402
from forecaster.backtest import event_origins, score  # noqa: E402
from forecaster.forecast import make_model, truncate_history  # noqa: E402

EVENTS = ("双11 2025", "618 2025")
BASELINES = ("last_year", "seasonal_naive")
RESOLUTIONS = (15, 60)
DEFAULT_OUT = ROOT / "benchmarks" / "population_results.csv"

# acceptance (issue 15)
MEDIAN_RATIO = 1.3
P90_RATIO = 1.8
VS_LAST_YEAR = 1.05
COVERAGE = (0.75, 0.85)
COVERAGE_SHARE = 0.80
MEDIAN_BIAS = 0.05
MEDIAN_RATIO_60 = 1.6
REFORECAST_WORST = 1.05


# --------------------------------------------------------------------------- scoring


def campaign_days(calendar: pd.DataFrame, event: str) -> set[pd.Timestamp]:
    """Days touched by any phase of ``event`` (end inclusive)."""
    rows = calendar[calendar["event"] == event]
    days: set[pd.Timestamp] = set()
    for start, end in zip(rows["start"], rows["end"], strict=True):
        days.update(pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()))
    return days


def actuals_frame(shop: Shop, minutes: int) -> pd.DataFrame:
    """``interval_start, queue, actual, truth`` at ``minutes`` (15 or 60), outages and
    intervals without a row left out; an hour only when all four quarter-hours are there."""
    hist = shop.history[["interval_start", "queue", "inquiries"]]
    valid = pd.Series(True, index=hist.index)
    for queue, start, end in shop.outages.itertuples(index=False):
        valid &= ~(
            (hist["queue"] == queue)
            & (hist["interval_start"] >= start)
            & (hist["interval_start"] <= end)
        )
    frame = hist[valid.to_numpy()].merge(shop.truth, on=["interval_start", "queue"], how="left")
    frame = frame.rename(columns={"inquiries": "actual", "expected_inquiries": "truth"})
    if minutes == 15:
        return frame
    frame = frame.assign(interval_start=frame["interval_start"].dt.floor(f"{minutes}min"))
    grouped = frame.groupby(["interval_start", "queue"], sort=False)
    out = grouped.agg(actual=("actual", "sum"), truth=("truth", "sum"), n=("actual", "size"))
    out = out[out["n"] == minutes // 15].drop(columns="n").reset_index()
    return out


def _score_rows(
    fc: pd.DataFrame, hot: set[pd.Timestamp], after: pd.Timestamp | None
) -> list[dict[str, Any]]:
    """Scores of one forecast-with-actuals frame: pooled over queues and per queue, over the
    window, its campaign days, its other days and (pre_campaign only) the days from the
    final_wave origin."""
    scored = fc[fc["actual"].notna()]
    if scored.empty:
        return []
    day = scored["interval_start"].dt.normalize()
    scopes: list[tuple[str, pd.Series | None]] = [
        ("window", None),
        ("campaign_days", day.isin(hot)),
        ("other_days", ~day.isin(hot)),
    ]
    if after is not None:
        scopes.append(("from_final_wave", day >= after))
    rows = []
    parts = [("all", scored)] + list(scored.groupby("queue", sort=True))
    for queue, part in parts:
        for scope, mask in scopes:
            sub = part if mask is None else part[mask[part.index]]
            if sub.empty:
                continue
            rows.append({"queue": queue, "scope": scope, **score(sub)})
    return rows


def with_planner_heat(shop: Shop, event: str, sd: float, seed: int) -> pd.DataFrame:
    """The shop's calendar with a planner's ``heat`` for ``event``, as the product reads it:
    the campaign's extra inquiries over last year's same campaign's (a GMV target), times a
    log-normal error of log-sd ``sd`` (seeded by shop and event, so every model and origin
    sees the same planner). That is the generator's heat over last year's, times the growth
    of the ordinary level where the excess is a multiple of it (multiplicative shops; an
    additive shop's excess does not follow its ordinary days)."""
    family, year = event.split()
    heats = shop.traits[f"heat_{family}"]
    k = int(year) - 2022  # the generator's heats run 2022..2025
    rng = np.random.default_rng([seed, zlib.crc32(f"{shop.name} {event}".encode())])
    value = heats[k] / heats[k - 1] * float(np.exp(rng.normal(0.0, sd)))
    if shop.traits["campaign"] == "multiplicative":
        starts = shop.calendar.groupby("event")["start"].min()
        value *= ordinary_growth(shop, starts[f"{family} {int(year) - 1}"], starts[event])
    calendar = shop.calendar.copy()
    calendar["heat"] = np.where(calendar["event"] == event, round(value, 2), np.nan)
    return calendar


def score_shop_event(
    shop: Shop,
    event: str,
    models: Sequence[str],
    resolutions: Sequence[int] = RESOLUTIONS,
    calendar: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """Every origin × model × resolution × queue × scope of one shop and event; the models
    are fitted with ``calendar`` when given (a planner's heat), else the shop's."""
    fit_calendar = shop.calendar if calendar is None else calendar
    origins = event_origins(shop.calendar, event)
    hot = campaign_days(shop.calendar, event)
    final = next((o for o in origins if o.name == "final_wave"), None)
    actuals = {m: actuals_frame(shop, m) for m in resolutions}
    rows: list[dict[str, Any]] = []
    for origin in origins:
        train = truncate_history(shop.history, origin.start)
        after = final.start if final is not None and origin.name == "pre_campaign" else None
        for name in models:
            head = {
                "shop": shop.name,
                "event": event,
                "origin": origin.name,
                "origin_start": origin.start,
                "window_end": origin.end,
                "model": name,
            }
            began = time.perf_counter()
            try:
                model = make_model(name).fit(train, fit_calendar)
            except Exception as exc:  # a failed model is a result
                rows += _failed(head, resolutions, exc, time.perf_counter() - began)
                continue
            fit_seconds = time.perf_counter() - began
            for minutes in resolutions:
                began = time.perf_counter()
                try:
                    fc = model.predict(origin.start, origin.end, interval_minutes=minutes)
                    merged = fc.merge(actuals[minutes], on=["interval_start", "queue"], how="left")
                    scored = _score_rows(merged, hot, after)
                except Exception as exc:
                    rows += _failed(head, [minutes], exc, fit_seconds)
                    continue
                predict_seconds = time.perf_counter() - began
                for r in scored:
                    rows.append(
                        {
                            **head,
                            "minutes": minutes,
                            **r,
                            "status": "ok",
                            "error": "",
                            "fit_seconds": fit_seconds,
                            "predict_seconds": predict_seconds,
                        }
                    )
    return rows


def _failed(
    head: dict[str, Any], resolutions: Iterable[int], exc: Exception, seconds: float
) -> list[dict[str, Any]]:
    message = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return [
        {
            **head,
            "minutes": m,
            "queue": "all",
            "scope": "window",
            "status": "failed",
            "error": message[:300],
            "fit_seconds": seconds,
        }
        for m in resolutions
    ]


@lru_cache(maxsize=2)
def _shop(index: int, seed: int) -> Shop:
    return make_shop(index, seed)


def run_task(
    index: int, seed: int, event: str, models: Sequence[str], planner_sd: float | None = None
) -> tuple[list[dict[str, Any]], float]:
    """One shop × event (in a worker process); a shop that cannot be scored gives one
    failed row per model. Warnings the models raise are counted per row (``warnings``),
    with the first one's text, instead of printed."""
    began = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            shop = _shop(index, seed)
            calendar = None
            if planner_sd is not None:
                calendar = with_planner_heat(shop, event, planner_sd, seed)
            rows = score_shop_event(shop, event, models, calendar=calendar)
        except Exception as exc:
            head = {"shop": f"s{index:02d}", "event": event, "origin": ""}
            rows = []
            for name in models:
                rows += _failed({**head, "model": name}, RESOLUTIONS, exc, 0.0)
    first = f"{caught[0].category.__name__}: {caught[0].message}"[:200] if caught else ""
    for r in rows:
        r["shop_index"] = index
        r["task_warnings"] = len(caught)
        r["first_warning"] = first
    return rows, time.perf_counter() - began


# --------------------------------------------------------------------------- summary


def _pick(
    results: pd.DataFrame, *, minutes: int, origin: str, scope: str, model: str, column: str
) -> pd.Series:
    """``column`` per shop × event (pooled queues), indexed by (shop, event)."""
    m = results[
        (results["minutes"] == minutes)
        & (results["origin"] == origin)
        & (results["scope"] == scope)
        & (results["model"] == model)
        & (results["queue"] == "all")
        & (results["status"] == "ok")
    ]
    return m.set_index(["shop", "event"])[column]


def _stats(values: pd.Series, worst: str = "max") -> str:
    v = values.dropna()
    if v.empty:
        return "—"
    w = v.max() if worst == "max" else v.iloc[int(np.argmax(np.abs(v.to_numpy() - 0.8)))]
    return f"{v.median():.2f} / {v.quantile(0.9):.2f} / {w:.2f}"


def summary_tables(results: pd.DataFrame, models: Sequence[str]) -> list[str]:
    """Markdown: per resolution, origin and model, the distribution over shop × event."""
    lines = [
        "| minutes | origin | model | n | window ratio (median / p90 / worst) | "
        "campaign-day ratio | other-day ratio | campaign-day P10-P90 coverage (median / p90 / "
        "farthest from 0.80) | \\|bias\\| window |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for minutes in RESOLUTIONS:
        for origin in ("pre_campaign", "final_wave"):
            for model in models:
                kw = {"minutes": minutes, "origin": origin, "model": model}
                window = _pick(results, scope="window", column="wape_ratio", **kw)
                if window.empty:
                    continue
                camp = _pick(results, scope="campaign_days", column="wape_ratio", **kw)
                other = _pick(results, scope="other_days", column="wape_ratio", **kw)
                cover = _pick(results, scope="campaign_days", column="coverage_80", **kw)
                bias = _pick(results, scope="window", column="bias", **kw).abs()
                lines.append(
                    f"| {minutes} | {origin} | {model} | {len(window)} | {_stats(window)} | "
                    f"{_stats(camp)} | {_stats(other)} | {_stats(cover, 'far')} | "
                    f"{_stats(bias)} |"
                )
    return lines


def reforecast(results: pd.DataFrame, model: str) -> pd.DataFrame:
    """Per shop × event: the final_wave ratio and the pre_campaign ratio on the same days."""
    final = _pick(
        results, minutes=15, origin="final_wave", scope="window", model=model, column="wape_ratio"
    )
    pre = _pick(
        results,
        minutes=15,
        origin="pre_campaign",
        scope="from_final_wave",
        model=model,
        column="wape_ratio",
    )
    out = pd.concat({"final_wave": final, "pre_campaign": pre}, axis=1).dropna()
    out["gain"] = out["final_wave"] / out["pre_campaign"]
    return out


def acceptance(results: pd.DataFrame, model: str, expected: int) -> list[str]:
    """The acceptance block: one ✔/✘ line per check, with the numbers."""

    def mark(ok: bool) -> str:
        return "✔" if ok else "✘"

    def names(index: Iterable[tuple[str, str]]) -> str:
        return ", ".join(f"{s} {e}" for s, e in index) or "none"

    lines = [f"Acceptance for `{model}` ({expected} shop × event):", ""]
    kw = {"origin": "pre_campaign", "model": model}
    window = _pick(results, minutes=15, scope="window", column="wape_ratio", **kw)
    failed = results[(results["model"] == model) & (results["status"] == "failed")]
    failed_keys = sorted(set(zip(failed["shop"], failed["event"], strict=True)))
    lines.append(
        f"- {mark(not failed_keys and len(window) == expected)} every shop × event scored: "
        f"{len(window)} of {expected}; failed: {names(failed_keys)}"
    )
    if failed_keys:
        for (shop, event), part in failed.groupby(["shop", "event"]):
            lines.append(f"  - {shop} {event}: {part['error'].iloc[0]}")
    if window.empty:
        lines.append("- ✘ nothing scored")
        return lines
    med, p90 = window.median(), window.quantile(0.9)
    lines.append(
        f"- {mark(med <= MEDIAN_RATIO)} 15 min pre-campaign median ratio {med:.2f} (target ≤ {MEDIAN_RATIO})"
    )
    lines.append(
        f"- {mark(p90 <= P90_RATIO)} 15 min pre-campaign 90th percentile ratio {p90:.2f} (target ≤ {P90_RATIO})"
    )
    last = _pick(
        results,
        minutes=15,
        scope="window",
        column="wape_ratio",
        origin="pre_campaign",
        model="last_year",
    )
    vs = (window / last).dropna()
    if vs.empty:
        lines.append("- ✘ vs last_year: no last_year scores")
    else:
        bad = vs[vs > VS_LAST_YEAR].sort_values(ascending=False)
        lines.append(
            f"- {mark(bad.empty)} never worse than last_year by more than 5 %: worst "
            f"ratio_{model} / ratio_last_year {vs.max():.2f} (median {vs.median():.2f}); "
            f"{len(bad)} of {len(vs)} over {VS_LAST_YEAR}"
            + (
                ": " + ", ".join(f"{s} {e} {v:.2f}" for (s, e), v in bad.items())
                if len(bad)
                else ""
            )
        )
    cover = _pick(results, minutes=15, scope="campaign_days", column="coverage_80", **kw)
    inside = cover.between(*COVERAGE)
    share = float(inside.mean()) if len(cover) else 0.0
    lines.append(
        f"- {mark(share >= COVERAGE_SHARE)} campaign-day P10-P90 coverage within "
        f"{COVERAGE[0]}-{COVERAGE[1]} for {share:.0%} of shop × events (target ≥ {COVERAGE_SHARE:.0%}); "
        f"median {cover.median():.3f}, range {cover.min():.3f}-{cover.max():.3f}"
    )
    bias = _pick(results, minutes=15, scope="window", column="bias", **kw)
    lines.append(
        f"- {mark(bias.abs().median() <= MEDIAN_BIAS)} median |bias| {bias.abs().median():.1%} "
        f"(target ≤ {MEDIAN_BIAS:.0%}; median bias {bias.median():+.1%})"
    )
    hourly = _pick(results, minutes=60, scope="window", column="wape_ratio", **kw)
    if hourly.empty:
        lines.append("- ✘ 60 min: nothing scored")
    else:
        lines.append(
            f"- {mark(hourly.median() <= MEDIAN_RATIO_60)} 60 min pre-campaign median ratio "
            f"{hourly.median():.2f} (target ≤ {MEDIAN_RATIO_60})"
        )
    ref = reforecast(results, model)
    if ref.empty:
        lines.append("- ✘ re-forecast: no shop × event with both origins scored")
    else:
        bad = ref[ref["gain"] > REFORECAST_WORST].sort_values("gain", ascending=False)
        lines.append(
            f"- {mark(ref['gain'].median() < 1)} re-forecast beats the pre-campaign forecast on "
            f"the remaining days for the median shop: final_wave / pre_campaign ratio "
            f"{ref['gain'].median():.2f} (median ratios {ref['final_wave'].median():.2f} vs "
            f"{ref['pre_campaign'].median():.2f}; {len(ref)} shop × events)"
        )
        lines.append(
            f"- {mark(bad.empty)} re-forecast never more than 5 % worse: worst "
            f"{ref['gain'].max():.2f}; {len(bad)} over {REFORECAST_WORST}"
            + (
                ": " + ", ".join(f"{s} {e} {g:.2f}" for (s, e), g in bad["gain"].items())
                if len(bad)
                else ""
            )
        )
    return lines


def per_shop_table(results: pd.DataFrame, model: str) -> list[str]:
    """One line per shop × event: the candidate and the baselines at 15 min."""
    lines = [
        f"| shop × event | {model} pre | campaign days | coverage | bias | final_wave | "
        "last_year pre | seasonal_naive pre | 60 min pre |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    kw = {"origin": "pre_campaign", "model": model}
    window = _pick(results, minutes=15, scope="window", column="wape_ratio", **kw)
    camp = _pick(results, minutes=15, scope="campaign_days", column="wape_ratio", **kw)
    cover = _pick(results, minutes=15, scope="campaign_days", column="coverage_80", **kw)
    bias = _pick(results, minutes=15, scope="window", column="bias", **kw)
    final = _pick(
        results, minutes=15, origin="final_wave", scope="window", model=model, column="wape_ratio"
    )
    base = {
        b: _pick(
            results, minutes=15, origin="pre_campaign", scope="window", model=b, column="wape_ratio"
        )
        for b in BASELINES
    }
    hourly = _pick(results, minutes=60, scope="window", column="wape_ratio", **kw)
    keys = sorted(set(zip(results["shop"], results["event"], strict=True)))

    def fmt(series: pd.Series, key: tuple[str, str], spec: str = ".2f") -> str:
        value = series.get(key, math.nan)
        return "failed" if pd.isna(value) else format(value, spec)

    for key in keys:
        lines.append(
            f"| {key[0]} {key[1]} | {fmt(window, key)} | {fmt(camp, key)} | "
            f"{fmt(cover, key, '.3f')} | {fmt(bias, key, '+.1%')} | {fmt(final, key)} | "
            f"{fmt(base['last_year'], key)} | {fmt(base['seasonal_naive'], key)} | "
            f"{fmt(hourly, key)} |"
        )
    return lines


# --------------------------------------------------------------------------- main


def _progress(done: int, total: int, rows: list[dict[str, Any]], model: str, secs: float) -> str:
    frame = pd.DataFrame(rows)
    shop, event = frame["shop"].iloc[0], frame["event"].iloc[0]
    failed = frame[(frame["status"] == "failed") & (frame["model"] == model)]
    parts = []
    for origin in ("pre_campaign", "final_wave"):
        for name in (model, "last_year"):
            pick = frame[
                (frame["origin"] == origin)
                & (frame["model"] == name)
                & (frame["minutes"] == 15)
                & (frame["queue"] == "all")
                & (frame["scope"] == "window")
                & (frame["status"] == "ok")
            ]
            if len(pick):
                parts.append(f"{origin} {name} {pick['wape_ratio'].iloc[0]:.2f}")
    text = "; ".join(parts)
    if len(failed):
        text += f"; {model} failed: {failed['error'].iloc[0][:120]}"
    if frame["task_warnings"].iloc[0]:
        text += (
            f"; {frame['task_warnings'].iloc[0]} warnings ({frame['first_warning'].iloc[0][:60]})"
        )
    return f"[{done}/{total}] {shop} {event}: {text} ({secs:.0f} s)"


def report(results: pd.DataFrame, model: str, expected: int, title: str) -> list[str]:
    """The Markdown printed for ``benchmarks/RESULTS.md``."""
    models = [model] + [b for b in BASELINES if b != model]
    return [
        f"### {title}",
        "",
        "Ratio = WAPE of p50 / WAPE of the true rate (pooled over queues). Median / 90th "
        "percentile / worst over shop × event; failed rows are left out of the distributions.",
        "",
        *summary_tables(results, models),
        "",
        *per_shop_table(results, model),
        "",
        *acceptance(results, model, expected),
    ]


def _cost(task: tuple[int, str]) -> float:
    """Rough cost of a shop × event, so that the slowest start first: the campaign model's
    fit grows with the queues and the listed generic events."""
    arch = ARCHETYPES[task[0] % len(ARCHETYPES)]
    return len(arch.queues) * (1 + len(arch.listed))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="campaign", help="candidate model name")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--shops", default="", help="comma-separated shop indices")
    parser.add_argument("--limit", type=int, default=0, help="only the first N shops")
    parser.add_argument("--n", type=int, default=24, help="population size")
    parser.add_argument("--events", default=",".join(EVENTS), help="comma-separated events")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="per-row CSV")
    parser.add_argument("--summary", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--label", default="", help="added to the title (e.g. the commit)")
    parser.add_argument(
        "--from-csv", type=Path, help="print the summary of an earlier run's CSV (no run)"
    )
    parser.add_argument(
        "--planner-heat",
        type=float,
        default=None,
        metavar="SD",
        help="give the models the scored campaign's true heat over last year's as the "
        "calendar's heat, with a log-normal error of log-sd SD (a planner's GMV target)",
    )
    args = parser.parse_args(argv)

    began = time.perf_counter()
    if args.from_csv:
        results = pd.read_csv(args.from_csv, keep_default_na=False, na_values=[""])
        expected = len(set(zip(results["shop"], results["event"], strict=True)))
        title = (
            f"Population benchmark: `{args.model}`, {expected} shop × event ({args.from_csv.name})"
        ) + (f", {args.label}" if args.label else "")
        lines = report(results, args.model, expected, title)
    else:
        indices = (
            [int(x) for x in args.shops.split(",") if x.strip()] if args.shops else range(args.n)
        )
        indices = list(indices)[: args.limit] if args.limit else list(indices)
        events = [e.strip() for e in args.events.split(",") if e.strip()]
        models = [args.model] + [b for b in BASELINES if b != args.model]
        tasks = sorted(((i, e) for i in indices for e in events), key=_cost, reverse=True)
        print(
            f"population benchmark: {len(indices)} shops × {len(events)} events, models "
            f"{', '.join(models)}, seed {args.seed}, {args.jobs} jobs; forecaster from "
            f"{Path(forecaster.__file__).parent}",
            flush=True,
        )
        rows: list[dict[str, Any]] = []
        done = 0
        if args.jobs <= 1:
            for i, e in tasks:
                part, secs = run_task(i, args.seed, e, models, args.planner_heat)
                rows += part
                done += 1
                print(_progress(done, len(tasks), part, args.model, secs), flush=True)
        else:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                futures = [
                    pool.submit(run_task, i, args.seed, e, models, args.planner_heat)
                    for i, e in tasks
                ]
                for future in as_completed(futures):
                    part, secs = future.result()
                    rows += part
                    done += 1
                    print(_progress(done, len(tasks), part, args.model, secs), flush=True)
        results = pd.DataFrame(rows)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        results.to_csv(args.out, index=False, float_format="%.4f")
        wall = time.perf_counter() - began
        title = (
            f"Population benchmark: `{args.model}`, {len(indices)} shops × {len(events)} "
            f"events, seed {args.seed}" + (f", {args.label}" if args.label else "")
        )
        lines = report(results, args.model, len(tasks), title)
        lines += ["", f"Wall time {wall:.0f} s with {args.jobs} jobs; rows in `{args.out}`."]
    print()
    print("\n".join(lines))
    if args.summary:
        args.summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
