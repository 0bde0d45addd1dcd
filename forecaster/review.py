"""Post-campaign review: a plan compared with what really happened (the planner's last step).

:func:`review_plan` takes a :class:`~forecaster.pipeline.PlanResult` and the actual inquiries
of its horizon (a loaded :class:`~forecaster.validation.History` or a tidy frame) and answers,
interval by interval and queue by queue:

1. **Forecast error.** The actual inquiries (bot and human together) against the forecast
   mean and P50, and whether they fell inside the P10-P90 band. Error = forecast − actual
   (positive: over-forecast). Aggregated by day and by hour of day with
   ``WAPE = Σ|forecast − actual| / Σ actual`` over the intervals, ``bias = (Σ forecast −
   Σ actual) / Σ actual`` and the band coverage (share of intervals inside P10-P90; 0.8 is
   nominal).
2. **Required at actual.** :func:`~forecaster.capacity.requirements` run with the plan's
   config on a frame whose mean and every quantile column are the actual inquiries (so the
   queues' ``forecast_quantile`` has no effect): the agents on chat and the headcount that
   the service target needed for what really arrived, with the plan's bot deflection,
   shrinkage, service hours and time-varying correction.
3. **Under-served intervals.** Required headcount at actual > headcount present in the
   roster (``coverage.scheduled``): the shortfall in headcount and in headcount-hours
   (agents present, before shrinkage: the unit of the roster's ``shortfall_agent_hours``).
4. **Over-staffed hours.** Headcount present above the requirement at actual, in
   headcount-hours per day and queue, costed at the plan's *average* labour cost per paid
   hour, ``roster.summary['total_cost'] / roster.summary['paid_hours']`` [CNY/h] (one rate
   for every kind of agent; a present hour is costed as a paid hour).
5. **Service on the actuals.** :func:`~forecaster.simulate.simulate_requirements` replays
   the actual human inquiries (``actual × (1 − bot_resolution)``, as the plan replays its
   forecast mean) against the rostered agents on chat
   (:func:`~forecaster.pipeline.rostered_agents`): the service level the roster would have
   achieved, overall (arrival-weighted), by interval and at its worst, and the abandoned
   inquiries.

Alignment
---------
Actuals are put on the plan's grid (``config.interval_minutes``) and queues (those of the
forecast). Finer actuals are summed into each plan interval (15-minute actuals into a
30-minute plan); an interval counts only when every finer interval inside it is present.
Coarser actuals, a plan queue absent from the actuals (or without a row in the horizon), or
actuals that do not overlap the horizon at all raise :class:`~forecaster.errors.InputDataError`
naming the actuals' source. Actuals outside the horizon and queues the plan does not have are
ignored. Plan intervals without an actual (a gap, an empty cell) or flagged as a suspected
export outage (the history's ``outage`` column) are **excluded** from every figure and counted
in the summary; they are never read as zero arrivals. So that the staffing and the simulation
run on a continuous grid (chats outlive their interval), an excluded interval carries the
forecast mean as its arrivals in those two steps; its own results are not reported.

Every output is in the plan's units: inquiries [chats per interval], headcount and agents
[agents], hours [h], cost [CNY], fractions in [0, 1].
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from forecaster.capacity import requirements
from forecaster.config import FORECAST_QUANTILES, PlanConfig
from forecaster.errors import InputDataError
from forecaster.exports import CSV_ENCODING, FLOAT_DECIMALS, neutralise
from forecaster.i18n import t
from forecaster.io import to_shop_time
from forecaster.messages import msg
from forecaster.pipeline import PlanResult, rostered_agents
from forecaster.simulate import simulate_requirements
from forecaster.validation import History

__all__ = [
    "REVIEW_FILES",
    "ReviewResult",
    "align_actuals",
    "review_plan",
    "write_review",
]

Progress = Callable[[str], None]

COMPARED, MISSING, OUTAGE = "compared", "missing", "outage"
"""Values of the intervals table's ``status`` column."""

REVIEW_FILES = (
    "review_intervals.csv",
    "review_daily.csv",
    "review_hourly.csv",
    "review_under_served.csv",
    "review_over_staffed.csv",
    "review_summary.json",
    "review_forecast.png",
    "review_staffing.png",
    "review_service_level.png",
)
"""Files :func:`write_review` writes, in the order it returns them."""

_COUNT_COLUMNS = (
    "planned_headcount",
    "required_agents",
    "required_headcount",
    "rostered_agents",
)
_HEADCOUNT_COLUMNS = ("scheduled", "shortfall_headcount", "excess_headcount")
"""Kept to 0.01 as ``coverage.csv`` keeps them: outsourced agents count 0.85 each, and a
whole-number rounding (half to even) showed 48 scheduled for 49 required with no shortfall."""


@dataclass(frozen=True)
class ReviewResult:
    """A plan compared with the actuals (module docstring).

    Attributes
    ----------
    intervals
        One row per plan interval and queue: ``interval_start, queue, date, hour, status``
        (``compared``, ``missing`` or ``outage``), ``actual`` and ``forecast_mean``,
        ``forecast_p10``, ``forecast_p50``, ``forecast_p90`` [inquiries], ``error``,
        ``error_p50`` (forecast − actual) [inquiries], ``abs_pct_error`` [fraction],
        ``in_band`` (P10 ≤ actual ≤ P90), ``human_inquiries`` (actual after bot deflection)
        [chats], ``planned_headcount`` (the plan's requirement), ``required_agents`` and
        ``required_headcount`` at actual, ``rostered_agents`` (on chat), ``scheduled``
        (headcount present), ``shortfall_headcount``, ``excess_headcount`` [agents], and the
        simulation on the actuals: ``simulated_arrivals`` [chats], ``simulated_service_level``,
        ``simulated_abandon_rate`` [fraction], ``simulated_asa_seconds`` [s],
        ``simulated_abandoned`` [chats]. Excluded intervals have ``actual`` and everything
        derived from it empty (NA).
    daily
        Forecast error by ``date`` and ``queue`` (compared intervals): ``intervals``,
        ``excluded_intervals``, ``actual``, ``forecast``, ``forecast_p50``, ``error``
        [inquiries], ``abs_pct_error`` (of the totals), ``wape``, ``wape_p50`` (of the
        intervals), ``bias``, ``band_coverage`` [fraction].
    hourly
        The same by ``hour`` of day (0-23, all days together) and ``queue``.
    under_served
        Compared intervals whose required headcount at actual exceeds the headcount present:
        ``interval_start, queue, actual, forecast_mean, planned_headcount,
        required_headcount, scheduled, shortfall_headcount`` [agents],
        ``shortfall_agent_hours`` [h], ``required_agents``, ``rostered_agents`` [agents],
        ``simulated_service_level`` [fraction] and ``reason`` (``roster below plan`` when the
        roster did not even cover the plan's own requirement, else ``actual above plan``).
    over_staffed
        By ``date`` and ``queue``: ``intervals_over`` (compared intervals with headcount above
        the requirement at actual), ``scheduled_hours``, ``required_hours``, ``excess_hours``
        [headcount-hours], ``excess_cost`` [CNY] at ``summary['cost_per_paid_hour']``, and
        ``roster_above_plan_hours`` [headcount-hours], the part of the headcount present
        above the plan's own requirement (shift lengths, minimum bookings): excess that comes
        from the roster, not from the forecast.
    summary
        Key figures (JSON-ready): horizon, intervals compared and excluded, totals, WAPE,
        bias, band coverage, under- and over-staffing, simulated service on the actuals, the
        cost rate used, and the same figures ``by_queue`` with each queue's service-level
        target and its planned and observed bot resolution (``1 − Σ human_inquiries /
        Σ inquiries`` of the actuals, when they report ``human_inquiries``; ``None``
        otherwise).
    """

    intervals: pd.DataFrame
    daily: pd.DataFrame
    hourly: pd.DataFrame
    under_served: pd.DataFrame
    over_staffed: pd.DataFrame
    summary: dict[str, Any]


# --------------------------------------------------------------------------- alignment


def _other_queues(actuals: History | pd.DataFrame, forecast: pd.DataFrame) -> dict[str, int]:
    """Rows of the actuals on queues the plan does not have (left out of the review)."""
    frame = actuals.frame if isinstance(actuals, History) else actuals
    if "queue" not in frame.columns:
        return {}
    queues = frame["queue"].astype(str)
    other = queues[~queues.isin(set(forecast["queue"].astype(str)))]
    return {str(q): int(n) for q, n in other.value_counts(sort=False).items()}


def _actuals_table(actuals: History | pd.DataFrame, timezone: str) -> tuple[pd.DataFrame, int, str]:
    """``interval_start, queue, inquiries, outage, human`` of the actuals, their resolution
    [min] (0 when it cannot be told) and their source name."""
    if isinstance(actuals, History):
        frame, minutes, source = actuals.frame, actuals.interval_minutes, actuals.source
    elif isinstance(actuals, pd.DataFrame):
        frame, minutes, source = actuals, 0, str(actuals.attrs.get("source", "actuals"))
    else:
        raise InputDataError(
            f"actuals must be a loaded history or a DataFrame, got {type(actuals).__name__}"
        )
    for column in ("interval_start", "inquiries"):
        if column not in frame.columns:
            raise InputDataError(
                f"{source} is missing column '{column}'; found {list(map(str, frame.columns))}"
            )
    if frame.empty:
        raise InputDataError(f"{source} has no rows of actuals")
    stamps = pd.to_datetime(frame["interval_start"], errors="coerce")
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna().to_numpy())[0])
        raise InputDataError(
            f"{source} row {row + 2}, column interval_start: must be a timestamp, "
            f"got {str(frame['interval_start'].iloc[row])!r}"
        )
    inquiries = pd.to_numeric(frame["inquiries"], errors="coerce").astype(float)
    bad = (inquiries < 0) | np.isinf(inquiries)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{source} row {row + 2}, column inquiries: must be a non-negative number, "
            f"got {str(frame['inquiries'].iloc[row])!r}"
        )
    if "human_inquiries" in frame.columns:
        human = pd.to_numeric(frame["human_inquiries"], errors="coerce").astype(float)
    else:
        human = pd.Series(np.nan, index=frame.index)
    out = pd.DataFrame(
        {
            "interval_start": to_shop_time(stamps, timezone).to_numpy(),
            "queue": frame["queue"].astype(str).to_numpy() if "queue" in frame.columns else "all",
            "inquiries": inquiries.to_numpy(),
            "outage": (
                frame["outage"].fillna(False).astype(bool).to_numpy()
                if "outage" in frame.columns
                else False
            ),
            "human": human.to_numpy(),
        }
    )
    dup = out.duplicated(["queue", "interval_start"])
    if dup.any():
        first = out[dup].iloc[0]
        raise InputDataError(
            f"{source} has {int(dup.sum())} duplicate (queue, interval_start) rows, first "
            f"{first['queue']} {first['interval_start']:%Y-%m-%d %H:%M}"
        )
    out = out.sort_values(["queue", "interval_start"], kind="stable").reset_index(drop=True)
    if not minutes:
        steps = out.groupby("queue")["interval_start"].diff().dropna()
        steps = steps[steps > pd.Timedelta(0)]
        minutes = int(steps.min() / pd.Timedelta(minutes=1)) if len(steps) else 0
    return out, minutes, source


def align_actuals(
    actuals: History | pd.DataFrame,
    forecast: pd.DataFrame,
    interval_minutes: int,
    *,
    timezone: str = "Asia/Shanghai",
) -> pd.DataFrame:
    """Put actual inquiries on a plan's grid and queues.

    Parameters
    ----------
    actuals
        A loaded history (its ``source``, ``interval_minutes`` and ``outage`` flags are used)
        or a frame ``interval_start, inquiries`` with optional ``queue`` (default ``all``),
        ``outage`` (bool) and ``human_inquiries``; its source name is ``frame.attrs['source']``
        or ``actuals``. An empty ``inquiries`` cell is a missing interval.
    forecast
        The plan's forecast: its ``interval_start, queue`` rows are the plan grid.
    interval_minutes
        The plan's interval length; the actuals' must divide it. [min]
    timezone
        Shop time zone; timestamps with an offset are converted to it.

    Returns
    -------
    pandas.DataFrame
        One row per forecast row, in its order: ``interval_start, queue``, ``status``
        (``compared``, ``missing`` — some or all of the interval has no actual — or
        ``outage`` — some of it is flagged as an export outage), ``actual`` [inquiries per
        plan interval; NaN unless compared] and ``human_reported`` (the actuals'
        ``human_inquiries`` summed the same way, NaN when absent).

    Raises
    ------
    InputDataError
        Actuals coarser than the plan (or on a grid that does not divide it), a plan queue
        without actuals in the horizon, no actuals in the horizon at all, duplicate rows or
        unreadable cells; the message names the actuals' source.
    """
    table, minutes, source = _actuals_table(actuals, timezone)
    grid = forecast[["interval_start", "queue"]].copy()
    grid["interval_start"] = pd.to_datetime(grid["interval_start"])
    grid["queue"] = grid["queue"].astype(str)
    step = pd.Timedelta(minutes=interval_minutes)
    first, last = grid["interval_start"].min(), grid["interval_start"].max() + step
    horizon = {"first": f"{first:%Y-%m-%d %H:%M}", "last": f"{last - step:%Y-%m-%d %H:%M}"}
    if not minutes:
        minutes = interval_minutes  # one row per queue: read it on the plan's grid
    if minutes > interval_minutes or interval_minutes % minutes:
        relation = msg("review.coarser" if minutes > interval_minutes else "review.not_divisor")
        raise InputDataError(
            msg(
                "review.coarse_actuals",
                source=source,
                minutes=minutes,
                relation=relation,
                grid=interval_minutes,
            )
        )
    minute_of_day = table["interval_start"].dt.hour * 60 + table["interval_start"].dt.minute
    off = (minute_of_day % minutes != 0) | (table["interval_start"].dt.second != 0)
    if off.any():
        when = table.loc[off, "interval_start"].iloc[0]
        raise InputDataError(
            msg("review.off_grid", source=source, when=f"{when:%Y-%m-%d %H:%M:%S}", minutes=minutes)
        )
    plan_queues = list(dict.fromkeys(grid["queue"]))
    found = sorted(set(table["queue"]))
    absent = [q for q in plan_queues if q not in found]
    if absent:
        raise InputDataError(
            msg("review.no_queue", source=source, queue=absent[0], found=", ".join(found))
        )
    inside = table[
        (table["interval_start"] >= first)
        & (table["interval_start"] < last)
        & table["queue"].isin(plan_queues)
    ]
    if inside.empty:
        lo, hi = table["interval_start"].min(), table["interval_start"].max()
        span = f"{lo:%Y-%m-%d %H:%M} – {hi:%Y-%m-%d %H:%M}"
        raise InputDataError(msg("review.no_horizon", source=source, span=span, **horizon))
    empty = [q for q in plan_queues if q not in set(inside["queue"])]
    if empty:
        raise InputDataError(
            msg("review.no_queue_horizon", source=source, queue=empty[0], **horizon)
        )
    parts = interval_minutes // minutes
    bins = inside.assign(
        interval_start=inside["interval_start"].dt.floor(f"{interval_minutes}min"),
        usable=inside["inquiries"].notna() & ~inside["outage"],
    )
    groups = bins.groupby(["queue", "interval_start"])
    agg = pd.DataFrame(
        {
            "actual": groups["inquiries"].sum(),
            "human_reported": groups["human"].sum().where(groups["human"].count() == parts),
            "usable": groups["usable"].sum(),
            "outage": groups["outage"].any(),
        }
    )
    out = grid.merge(agg.reset_index(), on=["queue", "interval_start"], how="left")
    outage = out["outage"].fillna(False).astype(bool)
    complete = out["usable"].fillna(0).to_numpy() == parts
    if "mean" in forecast.columns:
        # hours the plan has closed (forecast 0: a queue's service hours, slots it never
        # served) that the export leaves out had no inquiries; they are not missing data
        # (an install queue closed 22:00-08:00 counted 210 missing intervals)
        closed = (forecast["mean"].to_numpy() == 0) & out["usable"].isna().to_numpy()
        out.loc[closed, "actual"] = 0.0
        complete = complete | closed
    out["status"] = np.where(outage, OUTAGE, np.where(complete, COMPARED, MISSING))
    compared = out["status"] == COMPARED
    out["actual"] = out["actual"].where(compared)
    out["human_reported"] = out["human_reported"].where(compared)
    return out[["interval_start", "queue", "status", "actual", "human_reported"]]


# --------------------------------------------------------------------------- the review


def review_plan(
    result: PlanResult,
    actuals: History | pd.DataFrame,
    *,
    replications: int = 10,
    seed: int = 0,
    progress: Progress | None = None,
) -> ReviewResult:
    """Compare a plan with the actual inquiries of its horizon (module docstring).

    Parameters
    ----------
    result
        The plan (forecast, roster coverage and the config it was made with).
    actuals
        The actual inquiries: a loaded history or a frame (see :func:`align_actuals`).
    replications, seed
        Of the simulation of the roster on the actuals
        (:func:`~forecaster.simulate.simulate_requirements`).
    progress
        Called with one line per step.

    Returns
    -------
    ReviewResult
        Interval table, forecast error by day and by hour, under-served intervals,
        over-staffed hours and their cost, and the summary.

    Raises
    ------
    InputDataError
        The actuals cannot be put on the plan's grid (:func:`align_actuals`).
    """
    say = progress or (lambda message: None)
    config = result.config
    hours = config.interval_minutes / 60
    say(msg("rv.aligning"))
    if isinstance(actuals, History):  # 安装预约 for [queues.install], as the plan read it
        actuals = actuals.keyed(config.queue_keys(actuals.queues))
    elif "queue" in actuals.columns:
        actuals = config.keyed_frame(actuals)
    aligned = align_actuals(
        actuals, result.forecast, config.interval_minutes, timezone=config.timezone
    )
    ignored = _other_queues(actuals, result.forecast)
    for queue, rows in ignored.items():  # never dropped in silence
        say(msg("rv.other_queue", queue=queue, rows=rows))
    frame = _forecast_error(aligned, result.forecast)
    compared = frame["status"] == COMPARED

    say(msg("rv.staffing"))
    arrivals = frame["actual"].where(compared, frame["forecast_mean"]).fillna(0.0)
    columns = {c: arrivals.to_numpy() for c in ("mean", *FORECAST_QUANTILES)}
    at_actual = frame[["interval_start", "queue"]].assign(**columns)
    planned = result.requirements
    opened = planned[["interval_start", "queue", "open"]] if "open" in planned else None
    need = requirements(at_actual, config, open_as=opened)  # the plan's hours, phases too
    frame = _add_staffing(frame, need, result)

    say(msg("rv.simulating", n=replications))
    sim = simulate_requirements(
        need,
        config,
        agents=rostered_agents(result.roster, config),
        replications=replications,
        seed=seed,
        fractional=True,
    )
    frame = _add_simulation(frame, sim)
    frame = _mask_excluded(frame)

    daily = _error_table(frame, "date")
    hourly = _error_table(frame, "hour")
    under = _under_served(frame, hours)
    rate = _cost_rate(result)
    over = _over_staffed(frame, hours, rate)
    summary = _summary(frame, under, over, result, aligned, actuals, rate, replications, seed)
    say(
        msg(
            "rv.done",
            n=summary["intervals_compared"],
            wape=_show(summary["wape"], ".1%"),
            under=summary["under_served_intervals"],
            sl=_show(summary["simulated_service_level"], ".1%"),
        )
    )
    return ReviewResult(frame, daily, hourly, under, over, summary)


def _show(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def _forecast_error(aligned: pd.DataFrame, forecast: pd.DataFrame) -> pd.DataFrame:
    """The aligned actuals with the forecast beside them and the interval errors."""
    fc = forecast.assign(
        interval_start=pd.to_datetime(forecast["interval_start"]),
        queue=forecast["queue"].astype(str),
    )
    wanted = {f"{c}": f"forecast_{c}" for c in ("mean", "p10", "p50", "p90")}
    present = {k: v for k, v in wanted.items() if k in fc.columns}
    fc = fc[["interval_start", "queue", *present]].rename(columns=present)
    out = aligned.merge(fc, on=["interval_start", "queue"], how="left")
    for column in wanted.values():
        if column not in out.columns:
            out[column] = np.nan
    out.insert(2, "date", out["interval_start"].dt.normalize())
    out.insert(3, "hour", out["interval_start"].dt.hour.astype(int))
    actual = out["actual"]
    out["error"] = out["forecast_mean"] - actual
    out["error_p50"] = out["forecast_p50"] - actual
    out["abs_pct_error"] = (out["error"].abs() / actual).where(actual > 0)
    band = (actual >= out["forecast_p10"]) & (actual <= out["forecast_p90"])
    out["in_band"] = band.astype("boolean").where(actual.notna())
    return out


def _add_staffing(frame: pd.DataFrame, need: pd.DataFrame, result: PlanResult) -> pd.DataFrame:
    """Requirement at actual, the plan's requirement and the roster's staffing."""
    keys = ["interval_start", "queue"]
    need = need.rename(columns={"agents": "required_agents", "headcount": "required_headcount"})[
        [*keys, "human_inquiries", "required_agents", "required_headcount"]
    ]
    plan = result.requirements[[*keys, "headcount"]].rename(
        columns={"headcount": "planned_headcount"}
    )
    coverage = result.roster.coverage[[*keys, "scheduled"]]
    on_chat = rostered_agents(result.roster, result.config).rename(
        columns={"agents": "rostered_agents"}
    )
    out = frame
    for table in (need, plan, on_chat, coverage):
        table = table.assign(
            interval_start=pd.to_datetime(table["interval_start"]),
            queue=table["queue"].astype(str),
        )
        out = out.merge(table, on=keys, how="left")
    gap = out["required_headcount"] - out["scheduled"]
    out["shortfall_headcount"] = gap.clip(lower=0)
    out["excess_headcount"] = (-gap).clip(lower=0)
    return out


def _add_simulation(frame: pd.DataFrame, sim: pd.DataFrame) -> pd.DataFrame:
    keys = ["interval_start", "queue"]
    picked = sim[[*keys, "arrivals", "service_level", "abandon_rate", "asa_seconds", "abandoned"]]
    picked = picked.assign(
        interval_start=pd.to_datetime(picked["interval_start"]), queue=picked["queue"].astype(str)
    ).rename(
        columns={
            "arrivals": "simulated_arrivals",
            "service_level": "simulated_service_level",
            "abandon_rate": "simulated_abandon_rate",
            "asa_seconds": "simulated_asa_seconds",
            "abandoned": "simulated_abandoned",
        }
    )
    return frame.merge(picked, on=keys, how="left")


def _mask_excluded(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank everything derived from the actuals on excluded intervals; counts as Int64."""
    out = frame.copy()
    excluded = out["status"] != COMPARED
    derived = [
        "human_inquiries",
        "required_agents",
        "required_headcount",
        "shortfall_headcount",
        "excess_headcount",
        "simulated_arrivals",
        "simulated_service_level",
        "simulated_abandon_rate",
        "simulated_asa_seconds",
        "simulated_abandoned",
    ]
    for column in derived:
        out[column] = out[column].astype(float).where(~excluded)
    for column in _COUNT_COLUMNS:
        out[column] = out[column].round().astype("Int64")
    for column in _HEADCOUNT_COLUMNS:
        out[column] = out[column].astype(float).round(2) + 0.0
    return out.reset_index(drop=True)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def _error_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Forecast error of the compared intervals, grouped by ``by`` and queue."""
    rows = []
    for (key, queue), part in frame.groupby([by, "queue"], sort=True):
        rows.append({by: key, "queue": queue, **_error_figures(part)})
    return pd.DataFrame(rows)


def _error_figures(part: pd.DataFrame) -> dict[str, Any]:
    """Totals, errors, WAPE, bias and band coverage of some intervals (compared ones only)."""
    used = part[part["status"] == COMPARED]
    actual = float(used["actual"].sum())
    forecast = float(used["forecast_mean"].sum())
    forecast_p50 = float(used["forecast_p50"].sum())
    return {
        "intervals": len(used),
        "excluded_intervals": len(part) - len(used),
        "actual": actual,
        "forecast": forecast,
        "forecast_p50": forecast_p50,
        "error": forecast - actual if len(used) else math.nan,
        "abs_pct_error": _ratio(abs(forecast - actual), actual),
        "wape": _ratio(float(used["error"].abs().sum()), actual),
        "wape_p50": _ratio(float(used["error_p50"].abs().sum()), actual),
        "bias": _ratio(forecast - actual, actual),
        "band_coverage": float(used["in_band"].astype(float).mean()) if len(used) else math.nan,
    }


def _under_served(frame: pd.DataFrame, hours: float) -> pd.DataFrame:
    short = frame[(frame["status"] == COMPARED) & (frame["shortfall_headcount"] > 0)]
    out = short[
        [
            "interval_start",
            "queue",
            "actual",
            "forecast_mean",
            "planned_headcount",
            "required_headcount",
            "scheduled",
            "shortfall_headcount",
        ]
    ].copy()
    out["shortfall_agent_hours"] = short["shortfall_headcount"].astype(float) * hours
    out["required_agents"] = short["required_agents"]
    out["rostered_agents"] = short["rostered_agents"]
    out["simulated_service_level"] = short["simulated_service_level"]
    below_plan = (short["scheduled"] < short["planned_headcount"]).fillna(False).astype(bool)
    out["reason"] = np.where(below_plan, "roster below plan", "actual above plan")
    return out.sort_values(["interval_start", "queue"], kind="stable").reset_index(drop=True)


def _cost_rate(result: PlanResult) -> float:
    """The plan's average labour cost per paid hour [CNY/h] (0 for an empty roster)."""
    summary = result.roster.summary
    paid = float(summary.get("paid_hours") or 0.0)
    return float(summary.get("total_cost") or 0.0) / paid if paid > 0 else 0.0


def _over_staffed(frame: pd.DataFrame, hours: float, rate: float) -> pd.DataFrame:
    used = frame[frame["status"] == COMPARED]
    rows = []
    for (date, queue), part in used.groupby(["date", "queue"], sort=True):
        excess = float(part["excess_headcount"].astype(float).sum()) * hours
        above = (part["scheduled"] - part["planned_headcount"]).astype(float).clip(lower=0)
        rows.append(
            {
                "date": date,
                "queue": queue,
                "intervals_over": int((part["excess_headcount"] > 0).sum()),
                "scheduled_hours": float(part["scheduled"].astype(float).sum()) * hours,
                "required_hours": float(part["required_headcount"].astype(float).sum()) * hours,
                "excess_hours": excess,
                "excess_cost": excess * rate,
                "roster_above_plan_hours": float(above.sum()) * hours,
            }
        )
    columns = [
        "date",
        "queue",
        "intervals_over",
        "scheduled_hours",
        "required_hours",
        "excess_hours",
        "excess_cost",
        "roster_above_plan_hours",
    ]
    return pd.DataFrame(rows, columns=columns)


def _number(value: float, digits: int = 4) -> float | None:
    """A JSON-ready float (``None`` for NaN)."""
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


def _service(part: pd.DataFrame) -> dict[str, Any]:
    """Arrival-weighted simulated service level, worst interval and abandoned chats."""
    used = part[(part["status"] == COMPARED) & (part["simulated_arrivals"] > 0)]
    arrivals = float(used["simulated_arrivals"].sum())
    weighted = float((used["simulated_service_level"] * used["simulated_arrivals"]).sum())
    worst = used.loc[used["simulated_service_level"].idxmin()] if len(used) else None
    return {
        "simulated_service_level": _number(_ratio(weighted, arrivals)),
        "worst_interval": (
            {
                "interval_start": f"{worst['interval_start']:%Y-%m-%d %H:%M}",
                "queue": str(worst["queue"]),
                "service_level": _number(float(worst["simulated_service_level"])),
                "actual": _number(float(worst["actual"]), 1),
            }
            if worst is not None
            else None
        ),
        "abandoned_inquiries": round(
            float(part.loc[part["status"] == COMPARED, "simulated_abandoned"].sum()), 1
        ),
    }


def _summary(
    frame: pd.DataFrame,
    under: pd.DataFrame,
    over: pd.DataFrame,
    result: PlanResult,
    aligned: pd.DataFrame,
    actuals: History | pd.DataFrame,
    rate: float,
    replications: int,
    seed: int,
) -> dict[str, Any]:
    config: PlanConfig = result.config
    source = (
        actuals.source
        if isinstance(actuals, History)
        else str(actuals.attrs.get("source", "actuals"))
    )
    status = frame["status"].value_counts()
    figures = _error_figures(frame)

    def staffing(part: pd.DataFrame, short: pd.DataFrame, extra: pd.DataFrame) -> dict[str, Any]:
        return {
            "under_served_intervals": len(short),
            "shortfall_agent_hours": round(float(short["shortfall_agent_hours"].sum()), 2),
            "over_staffed_hours": round(float(extra["excess_hours"].sum()), 2),
            "over_staffed_cost": round(float(extra["excess_cost"].sum()), 2),
            "roster_above_plan_hours": round(float(extra["roster_above_plan_hours"].sum()), 2),
            **_service(part),
        }

    def errors(values: dict[str, Any]) -> dict[str, Any]:
        return {
            "actual_inquiries": round(values["actual"], 1),
            "forecast_inquiries": round(values["forecast"], 1),
            "forecast_inquiries_p50": round(values["forecast_p50"], 1),
            "wape": _number(values["wape"]),
            "wape_p50": _number(values["wape_p50"]),
            "bias": _number(values["bias"]),
            "band_coverage_p10_p90": _number(values["band_coverage"]),
        }

    by_queue: dict[str, Any] = {}
    for queue, part in frame.groupby("queue", sort=True):
        name = str(queue)
        used = aligned[(aligned["queue"] == name) & (aligned["status"] == COMPARED)]
        known = used[used["human_reported"].notna()]
        reported, total = float(known["human_reported"].sum()), float(known["actual"].sum())
        settings = config.queues[name]
        by_queue[name] = {
            "intervals_compared": int((part["status"] == COMPARED).sum()),
            **errors(_error_figures(part)),
            **staffing(part, under[under["queue"] == name], over[over["queue"] == name]),
            "service_level_target": settings.service_level,
            "bot_resolution_planned": settings.bot_resolution,
            "bot_resolution_observed": (_number(1 - reported / total) if total > 0 else None),
        }
    plan_summary = result.summary or {}
    return {
        "actuals_source": source,
        "horizon": [str(frame["interval_start"].min()), str(frame["interval_start"].max())],
        "interval_minutes": config.interval_minutes,
        "intervals": len(frame),
        "intervals_compared": int(status.get(COMPARED, 0)),
        "intervals_excluded": {
            MISSING: int(status.get(MISSING, 0)),
            OUTAGE: int(status.get(OUTAGE, 0)),
        },
        **errors(figures),
        **staffing(frame, under, over),
        "cost_per_paid_hour": round(rate, 2),
        "cost_basis": (
            "over-staffed hours are costed at the plan's average labour cost per paid hour "
            "(roster total_cost / paid_hours) [CNY/h]"
        ),
        "plan_simulated_service_level": plan_summary.get("simulated_service_level"),
        "plan_shortfall_agent_hours": plan_summary.get("shortfall_agent_hours"),
        "replications": replications,
        "seed": seed,
        "notes": [
            "error = forecast - actual (positive: over-forecast); WAPE = sum|error| / sum actual",
            "shortfall and excess are in headcount (agents present, before shrinkage), hours "
            "in headcount-hours, as the roster's coverage",
            "missing and outage intervals are excluded from every figure, never read as zero",
            "the simulation replays actual x (1 - bot_resolution) human chats against the "
            "rostered agents on chat",
            "roster_above_plan_hours: headcount-hours present above the plan's own "
            "requirement, excess that comes from the roster rather than the forecast",
        ],
        "by_queue": by_queue,
        "display_names": config.display_names(),
    }


# --------------------------------------------------------------------------- files


def write_review(review: ReviewResult, out_dir: str | Path, *, language: str = "zh") -> list[Path]:
    """Write the review's tables, summary and charts (their text in ``language`` where a
    CJK font exists) into ``out_dir``.

    The CSV files (:data:`REVIEW_FILES`) are UTF-8 with a byte-order mark like the roster
    exports (:data:`~forecaster.exports.CSV_ENCODING`), English headers, ISO datetimes,
    floats rounded to :data:`~forecaster.exports.FLOAT_DECIMALS` places, text cells
    neutralised against formula injection. ``review_summary.json`` is UTF-8. Three PNG
    charts: forecast vs actual with the P10-P90 band per queue; required headcount at
    actual vs headcount present, under-served intervals in red; the simulated service level
    on the actuals by interval with each queue's target.

    Returns
    -------
    list of Path
        The files written, in the order of :data:`REVIEW_FILES`.

    Raises
    ------
    InputDataError
        ``out_dir`` is a file or a file cannot be written.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputDataError(f"{out} is a file; give a directory for the review outputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / name for name in REVIEW_FILES]
        tables = (
            review.intervals,
            review.daily,
            review.hourly,
            review.under_served,
            review.over_staffed,
        )
        for path, table in zip(paths[:5], tables, strict=True):
            path.write_text(_csv_text(table), encoding=CSV_ENCODING, newline="")
        text = json.dumps(review.summary, ensure_ascii=False, indent=2, allow_nan=False)
        paths[5].write_text(text + "\n", encoding="utf-8")
        _charts(review, paths[6], paths[7], paths[8], language)
    except OSError as exc:
        where = exc.filename or out
        hint = "; close it in Excel/WPS and try again" if isinstance(exc, PermissionError) else ""
        raise InputDataError(
            f"{where}: cannot write the review ({exc.strerror or exc}){hint}"
        ) from None
    return paths


def _csv_text(frame: pd.DataFrame) -> str:
    """CSV text: ISO datetimes (``date`` as a day), rounded floats, neutralised text."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            pattern = "%Y-%m-%d" if column == "date" else "%Y-%m-%d %H:%M:%S"
            out[column] = values.dt.strftime(pattern)
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.round(FLOAT_DECIMALS)
        elif pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
            out[column] = values
        else:
            out[column] = values.astype(object).map(neutralise, na_action="ignore")
    out.columns = pd.Index([neutralise(str(c)) for c in frame.columns])
    return out.to_csv(index=False)


def _charts(
    review: ReviewResult, forecast_png: Path, staffing_png: Path, sl_png: Path, language: str
) -> None:
    """The three review charts (matplotlib, Agg backend), one panel per queue, in
    ``language`` (:func:`forecaster.report_charts.chart_language`)."""
    import matplotlib

    matplotlib.use("Agg")
    from forecaster.report_charts import chart_language, chart_style

    drawn = chart_language(language)
    with chart_style():
        _draw_charts(review, forecast_png, staffing_png, sl_png, drawn)


def _draw_charts(
    review: ReviewResult, forecast_png: Path, staffing_png: Path, sl_png: Path, language: str
) -> None:
    import matplotlib.pyplot as plt

    def word(key: str, **fields: Any) -> str:
        return t(f"review.chart_{key}", language, **fields)

    names = review.summary.get("display_names") or {}
    frame = review.intervals
    queues = sorted(frame["queue"].unique())
    size = (12, 2.6 * max(len(queues), 1))
    span = (frame["interval_start"].min(), frame["interval_start"].max())

    fig, axes = plt.subplots(len(queues), 1, figsize=size, squeeze=False)
    for ax, queue in zip(axes[:, 0], queues, strict=True):
        part = frame[frame["queue"] == queue]
        ax.fill_between(
            part["interval_start"],
            part["forecast_p10"],
            part["forecast_p90"],
            alpha=0.3,
            label=word("band"),
        )
        ax.plot(part["interval_start"], part["forecast_mean"], lw=0.7, label=word("mean"))
        ax.plot(part["interval_start"], part["actual"], lw=0.7, color="black", label=word("actual"))
        excluded = part[part["status"] != COMPARED]
        if len(excluded):
            ax.scatter(
                excluded["interval_start"],
                excluded["forecast_mean"],
                s=5,
                color="grey",
                marker="x",
                label=word("excluded"),
            )
        ax.set_title(word("forecast_title", queue=names.get(str(queue), queue)))
        ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    fig.savefig(forecast_png, dpi=80)
    plt.close(fig)

    fig, axes = plt.subplots(len(queues), 1, figsize=size, squeeze=False)
    for ax, queue in zip(axes[:, 0], queues, strict=True):
        part = frame[frame["queue"] == queue]
        required = part["required_headcount"].astype(float)
        scheduled = part["scheduled"].astype(float)
        ax.plot(part["interval_start"], required, lw=0.7, label=word("required"))
        ax.plot(part["interval_start"], scheduled, lw=0.7, label=word("rostered"))
        short = (part["shortfall_headcount"].astype(float) > 0).to_numpy()
        ax.scatter(
            part["interval_start"][short],
            required[short],
            s=8,
            color="red",
            label=word("under"),
            zorder=3,
        )
        ax.set_title(word("staffing_title", queue=names.get(str(queue), queue)))
        ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    fig.savefig(staffing_png, dpi=80)
    plt.close(fig)

    fig, axes = plt.subplots(len(queues), 1, figsize=size, squeeze=False)
    by_queue = review.summary.get("by_queue", {})
    for ax, queue in zip(axes[:, 0], queues, strict=True):
        part = frame[frame["queue"] == queue]
        level = part["simulated_service_level"].astype(float)
        ax.plot(part["interval_start"], level, lw=0.7, label=word("simulated"))
        target = by_queue.get(str(queue), {}).get("service_level_target")
        if target is not None:
            ax.axhline(target, color="red", lw=0.6, ls="--", label=word("target", target=target))
        ax.set_ylim(0, 1.05)
        ax.set_xlim(*span)  # closed hours have no service level: keep the horizon's axis
        ax.set_title(word("sl_title", queue=names.get(str(queue), queue)))
        ax.legend(loc="lower left", fontsize=7)
    fig.tight_layout()
    fig.savefig(sl_png, dpi=80)
    plt.close(fig)
