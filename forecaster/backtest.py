"""Backtests: how the forecasters did on a past campaign, refitted as of fixed origins.

For a calendar event (``双11 2024``) the models are refitted on the history strictly before
two **origins** and scored on the actuals from each origin to the end of the **window**:

- ``pre_campaign``: 7 days before the event's first phase (the plan a planner makes first);
- ``final_wave``: 2 days before its last wave opens (the re-plan, with the presale and first
  wave already in the history, so the campaign model's intensity update is exercised).

The window ends :data:`DAYS_AFTER_PEAK` days after the peak day (or the last phase that is not
after-sales when there is no peak day). Scores, per origin, model and queue, over the whole
window and over its campaign days only:

``wape``
    Σ|p50 − y| / Σy, the weighted absolute percentage error of the median.
``bias``
    Σmean / Σy − 1 (positive: over-forecast).
``coverage_80``
    Share of intervals whose actual lies within [p10, p90] (nominal 0.80).
``pinball``
    Mean pinball loss over the forecast quantiles, divided by mean y (scale-free).
``peak_timing_minutes``
    Mean over days of |hour of the forecast's busiest hour − hour of the actual busiest hour|
    [min]. Days with two peaks of similar height make even a perfect forecast miss some:
    ``peak_timing_truth_minutes`` scores the true rate the same way.
``wape_truth`` (only when the true rate is known, e.g. the bundled sample)
    WAPE of the true expected rate: the Poisson noise floor no forecast can beat, and
    ``wape_ratio`` = wape / wape_truth.

Intervals that validation flagged as outages or that are missing are left out of the scores.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster.campaigns import campaign_days, normalise_calendar
from forecaster.errors import InputDataError
from forecaster.forecast import (
    MODELS,
    QUANTILES,
    CalendarLike,
    HistoryLike,
    calendar_frame,
    history_frame,
    make_model,
    truncate_history,
)
from forecaster.holidays import DEFAULT_REGION
from forecaster.messages import BACKTEST_VALUES, msg
from forecaster.safe_output import write_csv

DAYS_BEFORE_FIRST_PHASE = 7
DAYS_BEFORE_LAST_WAVE = 2
DAYS_AFTER_PEAK = 5
DEFAULT_MODELS = ("campaign", "seasonal_naive", "last_year")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Origin:
    """A backtest refit point."""

    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    """Last day of the scored window (inclusive)."""


@dataclass(frozen=True)
class BacktestResult:
    """Scores and forecasts of one backtest.

    Attributes
    ----------
    event
        The calendar event scored.
    origins
        The refit points.
    metrics
        One row per origin × model × queue × scope (``window`` / ``campaign_days``).
    forecasts
        ``origin, model, interval_start, queue, mean, p10 … p95, actual`` (and ``truth``).
    """

    event: str
    origins: tuple[Origin, ...]
    metrics: pd.DataFrame
    forecasts: pd.DataFrame


def event_origins(calendar: CalendarLike, event: str) -> tuple[Origin, ...]:
    """The two refit origins and the window end of ``event`` (see module doc)."""
    frame = calendar_frame(calendar)
    if frame is None or frame.empty:
        raise InputDataError("backtest needs a campaign calendar")
    cal = normalise_calendar(frame, 15)
    rows = cal[cal["event"] == event]
    if rows.empty:
        events = list(pd.unique(cal["event"]))
        raise InputDataError(f"event {event!r} is not in the calendar; events: {', '.join(events)}")
    first = rows["start"].min().normalize()
    peak = rows[rows["phase"] == "peak_day"]
    if not peak.empty:
        end = peak["end"].max().normalize() + pd.Timedelta(days=DAYS_AFTER_PEAK)
    else:
        main = rows[rows["phase"] != "after_sales"]
        end = main["end"].max().normalize() + pd.Timedelta(days=DAYS_AFTER_PEAK)
    origins = [Origin("pre_campaign", first - pd.Timedelta(days=DAYS_BEFORE_FIRST_PHASE), end)]
    waves = rows[rows["phase"] == "wave"]
    if waves.empty:
        waves = rows[~rows["phase"].isin(("peak_day", "after_sales"))]
    if len(rows) > 1 and not waves.empty:
        last_wave = waves["start"].max().normalize() - pd.Timedelta(days=DAYS_BEFORE_LAST_WAVE)
        if last_wave > origins[0].start:
            origins.append(Origin("final_wave", last_wave, end))
    return tuple(origins)


def _pinball(y: np.ndarray, frame: pd.DataFrame) -> float:
    losses = []
    for name, q in QUANTILES.items():
        diff = y - frame[name].to_numpy()
        losses.append(np.mean(np.maximum(q * diff, (q - 1) * diff)))
    return float(np.mean(losses) / max(np.mean(y), 1e-9))


def _peak_timing(part: pd.DataFrame, column: str = "mean") -> float:
    """Mean over days of |hour of ``column``'s busiest hour − actual busiest hour| [min]."""
    hourly = part.set_index("interval_start")[[column, "actual"]].resample("1h").sum(min_count=1)
    hourly = hourly.dropna()
    errors = []
    for _, day in hourly.groupby(hourly.index.normalize()):
        if day["actual"].sum() <= 0:
            continue
        f = day.index[int(np.argmax(day[column].to_numpy()))]
        a = day.index[int(np.argmax(day["actual"].to_numpy()))]
        errors.append(abs((f - a) / pd.Timedelta(minutes=1)))
    return float(np.mean(errors)) if errors else float("nan")


def score(part: pd.DataFrame) -> dict[str, float]:
    """Scores of one forecast-with-actuals frame (see module doc)."""
    y = part["actual"].to_numpy(dtype=float)
    total = max(y.sum(), 1e-9)
    out = {
        "intervals": float(len(part)),
        "actual_total": float(y.sum()),
        "wape": float(np.abs(part["p50"].to_numpy() - y).sum() / total),
        "bias": float(part["mean"].sum() / total - 1),
        "coverage_80": float(((y >= part["p10"]) & (y <= part["p90"])).mean()),
        "pinball": _pinball(y, part),
        "peak_timing_minutes": _peak_timing(part),
    }
    if "truth" in part.columns:
        floor = float(np.abs(part["truth"].to_numpy() - y).sum() / total)
        out["wape_truth"] = floor
        out["wape_ratio"] = out["wape"] / floor if floor > 0 else float("nan")
        out["peak_timing_truth_minutes"] = _peak_timing(part, "truth")
    return out


def run_backtest(
    history: HistoryLike,
    calendar: CalendarLike,
    event: str,
    *,
    models: Sequence[str] = DEFAULT_MODELS,
    truth: pd.DataFrame | None = None,
    progress: Progress | None = None,
    holidays: str = DEFAULT_REGION,
) -> BacktestResult:
    """Refit every model at every origin of ``event`` and score it.

    Parameters
    ----------
    history, calendar
        The shop's history and campaign calendar.
    event
        Calendar event name, e.g. ``双11 2024``.
    models
        Model names (see :data:`forecaster.forecast.MODELS`).
    truth
        Optional ``interval_start, queue, expected_inquiries`` (the sample's true rate) for
        the noise-floor columns.
    progress
        Called with one line per refit.
    holidays
        Whose public holidays the models know (``plan.toml`` key ``holidays``:
        ``"CN"``, ``"none"`` or a country code).
    """
    origins = event_origins(calendar, event)
    frame, minutes = history_frame(history)
    actuals = frame.rename(columns={"inquiries": "actual"})
    last = frame["interval_start"].max()
    first = frame["interval_start"].min()
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise InputDataError(
            f"models must name some of {', '.join(MODELS)}, got {', '.join(models) or 'none'}"
        )
    for origin in origins:
        if origin.start > last:
            raise InputDataError(
                f"history ends {last}, before the {origin.name} origin {origin.start:%Y-%m-%d} "
                f"of {event}; the backtest needs actuals to {origin.end:%Y-%m-%d}"
            )
        if origin.start <= first:
            raise InputDataError(
                f"history starts {first}, after the {origin.name} origin "
                f"{origin.start:%Y-%m-%d} of {event}: nothing to fit"
            )
    window_end = origins[0].end + pd.Timedelta(days=1) - pd.Timedelta(minutes=minutes)
    if last < window_end and progress:
        progress(msg("note", text=msg("bt.history_ends", last=last, end=origins[0].end)))
    cal = normalise_calendar(calendar_frame(calendar), minutes)
    event_cal = cal[cal["event"] == event]
    results, metrics = [], []
    for origin in origins:
        train = truncate_history(history, origin.start)
        for name in models:
            began = time.perf_counter()
            model = make_model(name, holidays).fit(train, calendar)
            fc = model.predict(origin.start, origin.end)
            seconds = time.perf_counter() - began
            fallback = getattr(model, "fallback_", {})
            if progress and fallback and max(fallback.values()) > 0.5:
                progress(
                    msg("note", text=msg("bt.last_year_fallback", event=event,
                        share=max(fallback.values())))
                )  # fmt: skip
            if progress:
                progress(
                    msg(
                        "bt.fitted",
                        origin=origin.name,
                        start=origin.start,
                        model=name,
                        seconds=seconds,
                    )
                )
            fc = fc.merge(actuals, on=["interval_start", "queue"], how="left")
            if truth is not None:
                fc = fc.merge(
                    truth.rename(columns={"expected_inquiries": "truth"}),
                    on=["interval_start", "queue"],
                    how="left",
                )
            fc.insert(0, "model", name)
            fc.insert(0, "origin", origin.name)
            results.append(fc)
            scored = fc[fc["actual"].notna()]
            days = pd.DatetimeIndex(scored["interval_start"].dt.normalize().unique())
            hot = set(days[campaign_days(days, event_cal)])
            on_campaign = scored["interval_start"].dt.normalize().isin(hot)
            for queue, part in scored.groupby("queue", sort=True):
                for scope, mask in (("window", None), ("campaign_days", on_campaign[part.index])):
                    sub = part if mask is None else part[mask]
                    if sub.empty:
                        continue
                    metrics.append(
                        {
                            "event": event,
                            "origin": origin.name,
                            "origin_start": origin.start,
                            "window_end": origin.end,
                            "model": name,
                            "queue": queue,
                            "scope": scope,
                            **score(sub),
                            "fit_predict_seconds": seconds,
                        }
                    )
    return BacktestResult(
        event=event,
        origins=origins,
        metrics=pd.DataFrame(metrics),
        forecasts=pd.concat(results, ignore_index=True),
    )


CHART_WORDS = {
    "zh": {
        "band": "P10–P90 区间",
        "actual": "实际",
        "mean": "{model} 均值",
        "title": "{event}, {queue}: {start:%Y-%m-%d} 重新拟合 ({origin})",
        "y": "每时段咨询量",
    },
    "en": {
        "band": "P10-P90",
        "actual": "actual",
        "mean": "{model} mean",
        "title": "{event}, {queue}: refit {start:%Y-%m-%d} ({origin})",
        "y": "inquiries per interval",
    },
}
"""The backtest charts' words: Chinese where a CJK font is (the bundled one at least); model
and origin names from :data:`forecaster.messages.BACKTEST_VALUES`."""


def write_backtest(
    result: BacktestResult,
    out_dir: str | Path,
    *,
    language: str = "en",
    queue_names: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write ``metrics.csv``, ``forecasts.csv`` and one PNG chart per queue into ``out_dir``
    (chart text in ``language``: ``'zh'`` draws Chinese with a CJK font, display names from
    ``queue_names``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from forecaster.report_charts import chart_language, chart_style

    drawn = chart_language(language)
    words = CHART_WORDS[drawn]
    names = dict(queue_names or {}) if drawn == "zh" else {}
    models = BACKTEST_VALUES["model"] if drawn == "zh" else {}
    origins = BACKTEST_VALUES["origin"] if drawn == "zh" else {}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "metrics.csv", out / "forecasts.csv"]
    write_csv(result.metrics, written[0], date_format=None)
    write_csv(result.forecasts, written[1], float_format="%.3f", date_format=None)
    fc = result.forecasts
    for queue in sorted(fc["queue"].unique()):
        with chart_style():
            fig, axes = plt.subplots(
                len(result.origins), 1, figsize=(14, 4 * len(result.origins)), squeeze=False
            )
            for ax, origin in zip(axes[:, 0], result.origins, strict=True):
                part = fc[(fc["queue"] == queue) & (fc["origin"] == origin.name)]
                main = part[
                    part["model"]
                    == ("campaign" if "campaign" in set(part["model"]) else part["model"].iloc[0])
                ]
                ax.fill_between(
                    main["interval_start"], main["p10"], main["p90"], alpha=0.25,
                    label=words["band"],
                )  # fmt: skip
                ax.plot(
                    main["interval_start"], main["actual"], color="black", lw=0.5,
                    label=words["actual"],
                )  # fmt: skip
                for name, line in part.groupby("model"):
                    label = words["mean"].format(model=models.get(str(name), name))
                    ax.plot(line["interval_start"], line["mean"], lw=0.7, label=label)
                ax.set_title(
                    words["title"].format(
                        event=result.event, queue=names.get(str(queue), queue),
                        start=origin.start, origin=origins.get(origin.name, origin.name),
                    )
                )  # fmt: skip
                ax.set_ylabel(words["y"])
                ax.legend(loc="upper left", fontsize=8)
            fig.tight_layout()
            safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(queue))
            path = out / f"backtest_{safe}.png"
            fig.savefig(path, dpi=90)
            plt.close(fig)
        written.append(path)
    return written
