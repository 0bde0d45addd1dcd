"""Inquiry forecasts with quantiles, learned from the shop's history and campaign calendar.

Every model follows one estimator contract (scikit-learn's): ``__init__`` stores settings,
``fit(history, calendar)`` learns and returns ``self``, ``predict(start, end)`` returns the
forecast frame ``interval_start, queue, mean, p10, p50, p80, p90, p95`` (``docs/contracts.md``).
:func:`forecast` is the one-shot form; it uses only history strictly before ``start``.

Models
------
``campaign`` (:class:`CampaignForecaster`, the default)
    The ordinary-day baseline below times campaign lift curves learned from past campaigns
    (:mod:`forecaster.campaigns`): every interval inside a calendar phase gets the lift of its
    phase type at its elapsed time since the phase started (minutes after a 20:00 opening,
    the slot of a peak day, the day of an after-sales wave; where the past campaigns'
    backtest says so, the closing half of a long phase at its time to the phase's end,
    :meth:`CampaignForecaster._learn_curves`), pooled over past campaigns of the same family
    (双11, 618) relative to *their* baseline (at least :data:`BASE_FLOOR` of the day's mean
    interval), so the lift scales with today's level. A campaign's
    **intensity** ``K`` scales the excess lift: ``lift = 1 + (R − 1)·K``.
    ``K`` is 1 for a campaign not yet begun; once the history holds a campaign's early
    phases, ``K`` is their observed excess over the curves times a **carry-over** ``β``
    learned from past campaigns: how well their early phases' heat predicted their later
    phases' heat (a regression through the origin, with the empirical-Bayes shrinkage of
    the between/within-campaign spread as its prior, :func:`carry_over`), scaled by its own
    reliability so that an uncertain share moves the forecast less (:func:`cautious`).
    Past campaigns are split where the running one is: after the same share of their
    listed phases as it has begun. A day whose excess lies far off the campaign's heat, or
    that spiked over its neighbours (an unlisted 品牌日 inside a presale,
    :func:`~forecaster.campaigns.spike_days`), is left out of ``K``; the days' noise counts
    as correlated from day to day (:func:`day_correlation`).
    The days of a season that no listed phase covers (between presale and wave, between
    the peak day and after-sales) are a phase of their own, ``in_season``, with a learned
    intraday lift: a season runs hot from its first presale to its last payment. Inside a
    running season, how far its days between phases ran from their forecast (the median
    day, shrunk by its day-to-day spread) is its **season level**; a share of it (½, or
    learned the same way where past seasons had days between phases on both sides of the
    same point) lifts the rest of the season: its days between phases, and the base under each listed phase's
    excess (:class:`SeasonLevel`).
    A campaign whose **heat** the planner gave in the calendar (its extra inquiries as a
    multiple of last year's same campaign's) takes ``K`` = that heat times last year's excess
    over the curves times last year's ordinary level over this year's, with log-sd :data:`PLANNED_HEAT_SD` (plus the spread of past campaigns around
    the curves at their own heat), and is not mixed
    with the analog; once it runs, its departure from that heat carries over by the
    planner's error against the early phases' noise (a Bayesian update).
    The lift model is then **mixed with the aligned last-year analog** by a weight a
    backtest chooses, per queue and family: both are refitted 7 days before the family's
    last complete campaign and the weight minimising the hourly WAPE of the mix over that
    season is kept (:meth:`CampaignForecaster.evidence` shows the scores).
``baseline`` (:class:`BaselineForecaster`)
    Ordinary days only: daily totals from a negative-binomial GLM (statsmodels) on log-linear
    trend, day of week and holidays (Chinese by default, :mod:`forecaster.holidays`), fitted
    on the last two years of complete non-campaign days with one-year-half-life recency
    weights, times a local level correction (the shrunk mean log residual of the last 28
    ordinary days, plus each day of the week's own departure over its last four, shrunk
    by empirical Bayes),
    spread over the day by intraday profiles per day type (weekday, Saturday, Sunday, holiday) from
    the last 12 weeks, each day type and Monday to Friday departing from the pooled profile as
    far as the data shows those departures reliably (split-half reliability), holidays and
    worked weekends blended with their own day of the week's as past ones ran
    (:func:`intraday_profiles`).
    Campaign days, closed days and outage intervals are left out of every fit, and so are
    the first days back after closed holidays, which serve the break's backlog: they are
    learned on their own (:class:`BreakDay`).
``seasonal_naive`` (:class:`SeasonalNaive`)
    The same interval one week earlier (repeated for longer horizons). A benchmark.
``last_year`` (:class:`LastYearCampaign`)
    Last year's same campaign aligned by phase and elapsed time, elsewhere the same weekday
    364 days earlier, scaled by the ratio of this year's to last year's pre-campaign level.
    A benchmark.

Closed hours and holidays
-------------------------
A queue need not be open around the clock. Each queue's opening hours are found from the
recent weeks of its history (:func:`forecaster.opening.opening_hours`: per weekday × slot,
never served means closed). Closed slots are not missing (a day complete in its open slots is
usable), a closed weekday is no ordinary day for the daily GLM (it would pull the weekday
effect), and :meth:`Forecaster.predict` sets every model's forecast to exactly 0 in closed
slots, moving the day's total into its open ones. On campaign days of an open weekday the
slots served on past campaign days are open too (shops extend their hours for 双11).
Holidays are a setting of every model (``holidays``: ``"CN"``, ``"none"`` or a country code,
:func:`forecaster.holidays.check_region`).

A queue with fewer than 28 complete ordinary days (opened recently) gets no model of its
own in the models that learn each queue's ordinary days: it is forecast as its recent share
of the other queues' total forecast (:class:`YoungQueue`), in the slots it has ever served,
and a note says so.

Why a GLM on daily totals and not MSTL/ETS on the intervals: the campaign weeks must be left
out of the fit (they are not ordinary) and holidays move, which regression handles directly
while MSTL/ETS need a gap-free series; the GLM also extrapolates a multiplicative trend
without the drift a local-trend state-space model picks up from the last weeks.

Uncertainty
-----------
Counts are over-dispersed: ``Var[Y] = μ + a·μ²``. The dispersion ``a`` of ordinary intervals
is measured out of sample: the baseline is refitted as of 42 ordinary days before the end of
the history and its errors on those days give ``a`` at every aggregation (15 min, hourly,
daily), so the bands carry both count noise and the baseline's own error. Campaign intervals
add the year-to-year uncertainty of the lift: ``log K`` has variance ``σ²`` from
leave-one-campaign-out refits (for a campaign not yet begun, times ``(1 + 1/n)`` and the
squared ratio of Student's t to the normal quantile with ``n`` past campaigns: few campaigns,
wider bands, :func:`few_campaigns`), and the rate's log-variance grows by
``((lift − 1)/lift)²·σ²``.
Quantiles are those of a negative binomial with mean ``μ`` and dispersion
``(1 + a)·exp(v) − 1``.
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, ClassVar, Self, TypeAlias

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from forecaster.campaigns import (
    ANY,
    END_CLOCK,
    IN_SEASON,
    CurveBook,
    LiftCurve,
    assign_phases,
    campaign_days,
    clock_curve,
    normalise_calendar,
    spike_days,
    two_clocks,
    with_season,
)
from forecaster.errors import InputDataError, NotFittedError
from forecaster.holidays import DEFAULT_REGION, FEATURES, check_region, holiday_features
from forecaster.io import to_shop_time
from forecaster.messages import msg
from forecaster.opening import OpeningHours
from forecaster.opening import opening as find_opening
from forecaster.validation import Calendar, History, flag_outages

QUANTILES: dict[str, float] = {"p10": 0.10, "p50": 0.50, "p80": 0.80, "p90": 0.90, "p95": 0.95}
"""Forecast quantile columns and their probabilities."""
FORECAST_COLUMNS: tuple[str, ...] = ("interval_start", "queue", "mean", *QUANTILES)
RESOLUTIONS_MINUTES = (15, 30, 60)

FIT_DAYS = 730
"""Days of history the daily GLM looks back over [days]."""
HALF_LIFE_DAYS = 365.0
"""Recency half-life of the GLM's weights [days]."""
LEVEL_DAYS = 28
"""Ordinary days behind the local level correction [days]."""
LEVEL_SHRINK_DAYS = 7.0
"""Pseudo-days of prior weight on 'no correction' [days]."""
LEVEL_LOOKBACK_DAYS = 120
"""How far back the level correction searches for ordinary days [days]."""
WEEKDAY_LEVEL_DAYS = 4
"""Latest ordinary days of each day of the week behind its own level [days]."""
PROFILE_DAYS = 84
"""Ordinary days behind the intraday profiles [days]."""
PROFILE_SHRINK_DAYS = 7.0
"""Pseudo-days pulling a day type's profile towards the pooled one [days]."""
BREAK_SHRINK_DAYS = 2.0
"""Pseudo-days pulling the backlog of a day after closed holidays (:class:`BreakDay`)
towards none [days]."""
BACKLOG_LOOKBACK_DAYS = 14
"""How far before a range of days its first day's run of closed days is looked for (the
longest run, National Day with its weekend, is 10) [days]."""
BREAK_SHAPE_DAYS = 0.5
"""Pseudo-days pulling where that backlog lands in the day towards an ordinary weekday's
profile: little, the backlog summed over the past days back is a strong signal [days]."""
HOLDOUT_DAYS = 42
"""Ordinary days the out-of-sample dispersion is measured on [days]."""
ROBUST_TUNING = 4.685
"""Tukey biweight constant of the daily GLM's robust weights, in robust standard deviations
of the days' log residuals: the usual 95 %-efficient choice. A day further out (an unlisted
品牌日 at 3× a normal day) gets no weight [robust sd]."""
ROBUST_PASSES = 3
"""Reweighted fits of the daily GLM at most [count]."""
MIN_TREND_DAYS = 365
"""Span of ordinary days below which the GLM fits no trend [days]."""
ANNUAL_HARMONICS = 2
"""Fourier pairs of the GLM's yearly season (a summer low, a winter high) [count]."""
MIN_ANNUAL_DAYS = 600
"""Span of ordinary days below which the GLM fits no yearly season [days]."""
MIN_ORDINARY_DAYS = 28
"""Complete ordinary days a queue needs for its own model; a younger queue is forecast as
its share of the others' total (:class:`YoungQueue`) [days]."""
YOUNG_SHARE_DAYS = 28
"""Last days of a young queue its share of the others is measured on [days]."""
YOUNG_MIN_DAYS = 7
"""Complete days (alongside complete days of every other queue) a young queue needs [days]."""
FREAK_DAY_FACTOR = 20.0
"""A day whose total is over this many times the median ordinary day is no ordinary day
(a mistyped count, a bot flood): it is left out of every fit, with a note. Unlisted
promotions run 2–8× a normal day."""
INTENSITY_PRIOR = (0.25, 2.0)
"""(σ, pseudo-campaigns) of the prior on the between-campaign log-intensity spread."""
PHASE_PRIOR = (0.08, 2.0)
"""(σ, pseudo-phases) of the prior on the within-campaign phase-to-phase spread."""
MSTL_WEEKS = 8
"""Weeks of hourly history the MSTL alternative decomposes [weeks]."""
EXCESS_EXPONENT_PRIOR = 0.5
"""Prior sd of how far a campaign's excess departs from following the day's weekday and
holiday effects (log-slope 0: it follows them, as a shop whose customers come on
Saturdays; −1: it does not, as a campaign whose extra inquiries come whatever the day)
[log-slope]."""
EXCESS_NOTE_EXPONENT = -0.5
"""At or below this exponent a note tells the planner that the campaign excess does not
follow the day of the week (:meth:`CampaignForecaster._excess_exponent`) [log-slope]."""
MIN_CALIBRATION_MEAN = 0.01
"""Expected chats in an interval below which it takes no part in calibrating a heat's
log-variance: one chat there would call for any variance at all [count]."""
EXCESS_MIN_DAYS = 12
"""Whole past phase days with a clear excess a queue needs before the exponent is
learned (:meth:`CampaignForecaster._excess_exponent`) [days]."""
BASE_FLOOR = 0.02
"""Campaign lifts apply to at least this share of the day's mean interval [fraction]: a
campaign can bring inquiries to hours that are empty on ordinary days. Kept low: above a
quiet hour's own baseline (a night at 5 % of the day's mean) the floor turns part of the
baseline into phantom campaign excess, which then scales with the campaign's heat."""
CALIBRATION_SAMPLES = 4000
"""Intervals (evenly thinned) the bands' coverage is calibrated on [count]."""
SEASON_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Shares of the learned in-season excess tried on left-out past seasons (the first of equal
errors wins, so a curve that predicts no better than the ordinary level is dropped)."""
CARRY_PRIOR_SD = 0.3
"""Prior sd of the share of early campaign heat that carries into later phases [factor]."""
WEIGHT_GRID = np.linspace(0.0, 1.0, 21)
"""Weights of the lift model tried against the analog (:meth:`CampaignForecaster._weigh`)."""
WEIGHT_TRUST = 0.5
"""Share of the way from the lift model's weight 1 to the backtest's best weight taken."""
WEIGHT_ORIGIN_DAYS = 7
"""Days before a past campaign's first phase the weighing backtest refits at [days]."""
UNSEEN_PHASE_SIGMA = 0.5
"""Log-sd of the lift of a phase type no past campaign shows [log factor]."""
MAX_DAY_CORRELATION = 0.9
"""Cap on the lag-1 correlation of ordinary days' departures (:func:`day_correlation`)."""
MIN_DAY_PAIRS = 28
"""Pairs of consecutive ordinary days needed to estimate that correlation."""
OFF_HEAT_SD = 4.0
"""A campaign day whose excess is this many standard deviations off its campaign's heat is
left out of the heat (:meth:`CampaignForecaster._excess_ratio`) [sd]."""
DAY_REL_SD = 0.1
"""Day-to-day noise of a day's total beyond the counts' own, in that sd [share of the day]."""
PHASE_REL_SD = 0.3
"""Phase-to-phase spread of the excess around the campaign's heat, in that sd [share]."""
PLANNED_HEAT_SD = 0.1
"""Log-sd of a campaign's heat when the planner states it (the calendar's ``heat``) [log]."""
MAX_LEVEL_CHANGE = float(np.log(4.0))
"""Largest ordinary-level change between a campaign and last year's that a planner's heat is
rescaled by (:meth:`CampaignForecaster._level_change`) [log]."""
SEASON_MIN_DAYS = 2
"""Days between listed phases a season level needs [days]."""
SEASON_CARRY_PRIOR = 0.5
"""Prior share of a running season's level (between its phases) that carries into the
rest of the season, before past seasons' evidence [factor]."""
SEASON_LEVEL_VAR = 0.05**2
"""Least day-to-day log-variance of a season's level between its phases [log²]."""
SEASON_PRIOR_VAR = 0.1**2
"""Prior log-variance of a season's level against its forecast; a level seen on few or
scattered days is shrunk towards 0 by it [log²]."""

WEEKDAY, SATURDAY, SUNDAY, HOLIDAY = range(4)

HistoryLike: TypeAlias = History | pd.DataFrame
CalendarLike: TypeAlias = Calendar | pd.DataFrame | None


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class QueueSeries:
    """One queue's history on a complete grid of whole days.

    Attributes
    ----------
    days
        Midnight of every day from the first to the last day of history.
    y
        Inquiries per interval, shape ``(len(days), slots)``; NaN where the history has no
        value in an open slot (a gap, a suspected outage, or after its end), 0 in a closed
        slot without a value [count].
    opening
        The queue's opening hours, found from its recent weeks.
    """

    days: pd.DatetimeIndex
    y: np.ndarray
    opening: OpeningHours

    @property
    def slots(self) -> int:
        return int(self.y.shape[1])

    @property
    def complete(self) -> np.ndarray:
        """Days with a value in every open slot (closed slots hold 0) [bool per day]."""
        return ~np.isnan(self.y).any(axis=1)

    @cached_property
    def open(self) -> np.ndarray:
        """Open slots of each day (weekly hours and holiday rules), shape
        ``(len(days), slots)`` [bool]."""
        return self.opening.mask(self.days)

    @property
    def closed_day(self) -> np.ndarray:
        """Days the queue is closed all day (a closed weekday, a closed holiday) [bool]."""
        return np.asarray(~self.open.any(axis=1))

    @property
    def totals(self) -> np.ndarray:
        return np.nansum(self.y, axis=1)

    @cached_property
    def backlog(self) -> np.ndarray:
        """:func:`backlog_days` of the history's days [count per day]."""
        return backlog_days(self.opening, self.days)

    def stamps(self, minutes: int) -> pd.DatetimeIndex:
        return pd.date_range(self.days[0], periods=self.y.size, freq=f"{minutes}min")


def backlog_days(opening: OpeningHours, days: pd.DatetimeIndex) -> np.ndarray:
    """Per day of ``days`` (midnights, sorted, unique): on an open day right after closed
    days, how many of those the weekly hours do not close (closed holidays), else 0 [count
    per day]. Such a day also serves the break's backlog, so its total and its morning are
    no ordinary day's. A Monday after the usual closed weekend is an ordinary Monday (0); a
    Monday after a closed Friday and the weekend has one day of extra backlog. The runs of
    closed days are read from :data:`BACKLOG_LOOKBACK_DAYS` before the first day (a history
    exported while open may start on the day back, its break before it)."""
    if len(days) == 0:
        return np.zeros(0, dtype=np.int64)
    span = pd.date_range(days[0] - pd.Timedelta(days=BACKLOG_LOOKBACK_DAYS), days[-1])
    closed: np.ndarray = np.asarray(~opening.mask(span).any(axis=1))
    irregular = closed & opening.open_days[span.day_of_week.to_numpy()]
    out = np.zeros(len(span), dtype=np.int64)
    run = 0  # closed holidays in the run of closed days so far
    for day in range(len(span)):
        if closed[day]:
            run += int(irregular[day])
            continue
        out[day], run = run, 0
    return out[span.get_indexer(days)]


@dataclass(frozen=True)
class BreakDay:
    """How a day after closed holidays (:func:`backlog_days`) runs: ``1 + per_day · n``
    times an ordinary day's total after ``n`` closed holidays, the extra ``per_day · n``
    spread over the day by ``profile`` (the backlog's share per slot, summing to 1)."""

    per_day: float
    """Extra inquiries per closed holiday, as a share of an ordinary day's total [share]."""
    profile: np.ndarray
    days: int
    """Past days after a break it was learned from."""
    last: pd.Timestamp
    """The latest of them."""

    def apply(
        self, totals: np.ndarray, shares: np.ndarray, backlog: np.ndarray, slot: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(totals, shares)`` of intervals (in slot ``slot`` of a day with ``backlog``
        closed holidays before it) with the backlog added."""
        extra = self.per_day * backlog
        return totals * (1 + extra), (shares + extra * self.profile[slot]) / (1 + extra)


def _infer_minutes(frame: pd.DataFrame) -> int:
    diffs = frame.groupby("queue")["interval_start"].diff().dropna()
    diffs = diffs[diffs > pd.Timedelta(0)]
    if diffs.empty:
        raise InputDataError(
            "history needs at least two intervals per queue to find its resolution"
        )
    minutes = int(diffs.min() / pd.Timedelta(minutes=1))
    if minutes not in RESOLUTIONS_MINUTES:
        raise InputDataError(f"history resolution must be 15, 30 or 60 minutes, got {minutes}")
    return minutes


def history_frame(history: HistoryLike) -> tuple[pd.DataFrame, int]:
    """``interval_start, queue, inquiries`` with outage intervals set to NaN, and the
    resolution [min]. Accepts a :class:`~forecaster.validation.History` or a frame."""
    if isinstance(history, History):
        frame, minutes = history.frame, history.interval_minutes
    else:
        frame = history
        missing = [c for c in ("interval_start", "inquiries") if c not in frame.columns]
        if missing:
            raise InputDataError(
                f"history is missing column {missing[0]!r}; found {list(map(str, frame.columns))}"
            )
        minutes = 0
    stamps = to_shop_time(pd.to_datetime(frame["interval_start"]))
    out = pd.DataFrame(
        {
            "interval_start": stamps.to_numpy(),
            "queue": (frame["queue"].astype(str) if "queue" in frame.columns else "all"),
            "inquiries": pd.to_numeric(frame["inquiries"], errors="coerce").astype(float),
        }
    )
    if "outage" in frame.columns:
        out.loc[frame["outage"].fillna(False).astype(bool).to_numpy(), "inquiries"] = np.nan
    if out["interval_start"].isna().any():
        raise InputDataError("history has empty interval_start values")
    dup = out.duplicated(["queue", "interval_start"])
    if dup.any():
        first = out[dup].iloc[0]
        raise InputDataError(
            f"history has {int(dup.sum())} duplicate (queue, interval_start) rows, first "
            f"{first['queue']} {first['interval_start']}; load it with read_history"
        )
    if not minutes:
        minutes = _infer_minutes(out)
    return out.sort_values(["queue", "interval_start"], kind="stable"), minutes


def calendar_frame(calendar: CalendarLike) -> pd.DataFrame | None:
    """The calendar's ``event, phase, start, end`` frame (``None`` for no calendar)."""
    if calendar is None:
        return None
    frame = calendar.frame if isinstance(calendar, Calendar) else calendar
    missing = [c for c in ("event", "phase", "start", "end") if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"calendar is missing column {missing[0]!r}; found {list(map(str, frame.columns))}"
        )
    return frame


def truncate_history(history: HistoryLike, before: pd.Timestamp) -> HistoryLike:
    """The history strictly before ``before`` (same type as given).

    A validated :class:`~forecaster.validation.History` has its suspected outages flagged
    again on the cut history: the flags compare zeros with the surrounding days, and days
    after ``before`` must not decide what is fitted.
    """
    before = pd.Timestamp(before)
    if isinstance(history, History):
        frame = history.frame[history.frame["interval_start"] < before].reset_index(drop=True)
        if "outage" in frame.columns and len(frame):
            mask, _ = flag_outages(frame, history.interval_minutes)
            frame = frame.assign(outage=mask)
        return History(
            frame=frame,
            interval_minutes=history.interval_minutes,
            source=history.source,
            findings=history.findings,
        )
    return history[pd.to_datetime(history["interval_start"]) < before]


def queue_series(
    frame: pd.DataFrame, minutes: int, region: str = DEFAULT_REGION
) -> dict[str, QueueSeries]:
    """Each queue's history on a grid of whole days: NaN where an open slot has no value,
    0 where a closed slot has none (:mod:`forecaster.opening`)."""
    slots = 1440 // minutes
    out: dict[str, QueueSeries] = {}
    for queue, part in frame.groupby("queue", sort=True):
        first = part["interval_start"].min().normalize()
        last = part["interval_start"].max().normalize()
        days = pd.date_range(first, last, freq="D")
        y = np.full(len(days) * slots, np.nan)
        pos = ((part["interval_start"] - first) / pd.Timedelta(minutes=minutes)).to_numpy()
        if not np.allclose(pos, np.round(pos)):
            raise InputDataError(
                f"history queue {queue}: interval starts are not on a {minutes}-minute grid"
            )
        y[np.round(pos).astype(np.int64)] = part["inquiries"].to_numpy()
        grid = y.reshape(len(days), slots)
        opening = find_opening(days, grid, minutes, region=region)
        grid[~opening.mask(days) & np.isnan(grid)] = 0.0  # closed, not missing
        out[str(queue)] = QueueSeries(days=days, y=grid, opening=opening)
    return out


def horizon_stamps(start: object, end: object, minutes: int) -> pd.DatetimeIndex:
    """Interval starts of a forecast horizon.

    ``start`` is the first interval. ``end`` given as a date (midnight) includes that whole
    day; with a time of day it is the start of the last interval included.
    """
    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError) as error:
        raise InputDataError(
            f"start and end must be timestamps, got {start!r} and {end!r}"
        ) from error
    first, last = to_shop_time(first), to_shop_time(last)
    if last == last.normalize():
        last = last + pd.Timedelta(days=1) - pd.Timedelta(minutes=minutes)
    if first != first.floor(f"{minutes}min"):
        raise InputDataError(f"start {first} is not on the {minutes}-minute grid")
    if last < first:
        raise InputDataError(f"end must not be before start, got {start} to {end}")
    return pd.date_range(first, last.floor(f"{minutes}min"), freq=f"{minutes}min")


# --------------------------------------------------------------------------- building blocks


def day_types(
    days: pd.DatetimeIndex, features: pd.DataFrame | None = None, region: str = DEFAULT_REGION
) -> np.ndarray:
    """0 weekday, 1 Saturday, 2 Sunday, 3 statutory holiday; 调休 working weekends are weekdays.
    Holidays of ``region`` (:func:`~forecaster.holidays.holiday_features`) unless
    ``features`` are given."""
    features = holiday_features(days, region) if features is None else features
    dow = days.day_of_week.to_numpy()
    out = np.where(dow == 5, SATURDAY, np.where(dow == 6, SUNDAY, WEEKDAY))
    out = np.where(features["makeup_workday"].to_numpy() > 0, WEEKDAY, out)
    holiday = features[["spring_festival", "national_day", "other_holiday"]].to_numpy().sum(axis=1)
    return np.where(holiday > 0, HOLIDAY, out)


WEEKDAY_COLUMNS = ("tue", "wed", "thu", "fri", "sat", "sun")
"""The daily GLM's day-of-the-week dummies (Monday is the reference)."""


def _design(
    days: pd.DatetimeIndex, reference: pd.Timestamp, region: str = DEFAULT_REGION
) -> pd.DataFrame:
    features = holiday_features(days, region)
    dow = days.day_of_week.to_numpy()
    columns = {  # built as arrays and framed once (a fit asks for hundreds of designs)
        "const": np.ones(len(days)),
        "trend": ((days - reference).days / 365.25).to_numpy(dtype=float),
    }
    for k, name in enumerate(WEEKDAY_COLUMNS, start=1):
        columns[name] = (dow == k).astype(float)
    angle = 2 * np.pi * (days.day_of_year.to_numpy() - 1) / 365.25
    for k in range(1, ANNUAL_HARMONICS + 1):
        columns[f"year_sin{k}"] = np.sin(k * angle)
        columns[f"year_cos{k}"] = np.cos(k * angle)
    for name in features.columns:
        columns[name] = features[name].to_numpy(dtype=float)
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class DailyModel:
    """Negative-binomial GLM of daily totals (log link)."""

    params: pd.Series
    reference: pd.Timestamp
    alpha: float
    trend_var: float = 0.0
    """Variance of the trend coefficient [(log factor per year)²]; 0 without a trend."""
    region: str = DEFAULT_REGION
    """Whose holidays the design holds (:func:`~forecaster.holidays.check_region`)."""

    def predict(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Expected ordinary-day total per day [count]."""
        design = _design(days, self.reference, self.region)[self.params.index]
        return np.exp(design.to_numpy() @ self.params.to_numpy())

    def level(self, days: pd.DatetimeIndex) -> np.ndarray:
        """The level of each day without its day of the week and holiday effects: trend and
        yearly season, over the week's geometric mean day [count]."""
        design = _design(days, self.reference, self.region)[self.params.index]
        values = design.to_numpy(copy=True)
        for j, name in enumerate(design.columns):
            if name in WEEKDAY_COLUMNS:
                values[:, j] = 1.0 / 7.0
            elif name in FEATURES:
                values[:, j] = 0.0
        return np.exp(values @ self.params.to_numpy())

    def trend_logvar(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Log-variance the uncertain trend adds at each day [(log factor)²]."""
        years = ((days - self.reference).days / 365.25).to_numpy()
        return self.trend_var * np.square(np.maximum(years, 0.0))


_DAILY_FITS: OrderedDict[bytes, DailyModel] = OrderedDict()
"""The last :data:`DAILY_FITS_KEPT` fits by their inputs' digest: a forecast's weighing
backtest refits the same past baselines as the forecast itself."""
DAILY_FITS_KEPT = 64
_DAILY_FITS_LOCK = threading.Lock()


def fit_daily(
    days: pd.DatetimeIndex, totals: np.ndarray, region: str = DEFAULT_REGION
) -> DailyModel:
    """Fit :class:`DailyModel` to complete ordinary days (weights halve every year back),
    with the holidays of ``region``.

    A trend needs a year of history: over a few weeks it would mostly fit noise and the
    season, and extrapolate it; shorter histories rely on the local level correction.
    The same days and totals give the same model, kept from the last fits.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(np.asarray(days.asi8, dtype=np.int64).tobytes())
    digest.update(np.asarray(totals, dtype=float).tobytes())
    digest.update(f"{days.dtype}|{region}".encode())
    key = digest.digest()
    with _DAILY_FITS_LOCK:  # the app forecasts in several threads
        kept = _DAILY_FITS.get(key)
        if kept is not None:
            _DAILY_FITS.move_to_end(key)
            return kept
    model = _fit_daily_model(days, totals, region)
    with _DAILY_FITS_LOCK:
        _DAILY_FITS[key] = model
        while len(_DAILY_FITS) > DAILY_FITS_KEPT:
            _DAILY_FITS.popitem(last=False)
    return model


def _fit_daily_model(days: pd.DatetimeIndex, totals: np.ndarray, region: str) -> DailyModel:
    reference = days[-1]
    design = _design(days, reference, region)
    if (days[-1] - days[0]).days < MIN_TREND_DAYS:
        design = design.drop(columns="trend")
    if (days[-1] - days[0]).days < MIN_ANNUAL_DAYS:
        design = design.drop(columns=[c for c in design.columns if c.startswith("year_")])
    keep = [c for c in design.columns if c == "const" or design[c].abs().sum() > 0]
    # a dummy seen on one or two days only would fit those days exactly: needs 3+
    keep = [
        c
        for c in keep
        if c in ("const", "trend") or c.startswith("year_") or (design[c] != 0).sum() >= 3
    ]
    keep = _independent(design[keep])
    x = design[keep].to_numpy()
    age = (reference - days).days.to_numpy()
    recency = 0.5 ** (age / HALF_LIFE_DAYS)
    weights = recency
    try:
        poisson = sm.GLM(totals, x, family=sm.families.Poisson(), var_weights=weights).fit()
        # an M-estimate: days far off the fit (unlisted promotions) lose their weight, so
        # that two 品牌日 just before a season do not lift the season's whole baseline
        for _ in range(ROBUST_PASSES):
            robust = _biweight(np.log(np.maximum(totals, 0.5) / poisson.fittedvalues))
            if robust is None or np.allclose(recency * robust, weights, rtol=1e-3, atol=1e-6):
                break
            weights = recency * robust
            poisson = sm.GLM(totals, x, family=sm.families.Poisson(), var_weights=weights).fit(
                start_params=poisson.params
            )
        mu = poisson.fittedvalues
        alpha = float(max(np.average(((totals - mu) ** 2 - mu) / mu**2, weights=weights), 1e-6))
        nb = sm.GLM(
            totals, x, family=sm.families.NegativeBinomial(alpha=alpha), var_weights=weights
        ).fit(start_params=poisson.params)
        params = np.asarray(nb.params, dtype=float)
        if not np.isfinite(params).all():
            raise ValueError("non-finite GLM coefficients")
        cov = nb.cov_params()
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        # counts the IRLS cannot weigh (one day of 10^9 among hundreds): the recency-weighted
        # mean level, no day-of-week or trend effects, and its spread as the dispersion
        level = float(np.average(totals, weights=weights))
        spread = np.average((totals - level) ** 2, weights=weights)
        alpha = float(max((spread - level) / max(level, 1e-9) ** 2, 1e-6))
        return DailyModel(
            params=pd.Series([np.log(max(level, 1e-9))], index=["const"]),
            reference=reference,
            alpha=alpha,
            region=region,
        )
    trend_var = float(cov[keep.index("trend"), keep.index("trend")]) if "trend" in keep else 0.0
    return DailyModel(
        params=pd.Series(params, index=keep),
        reference=reference,
        alpha=alpha,
        trend_var=trend_var,
        region=region,
    )


def _biweight(resid: np.ndarray) -> np.ndarray | None:
    """Tukey biweight of each residual around their median, scaled by
    :data:`ROBUST_TUNING` robust standard deviations; None when they have no spread."""
    centre = float(np.median(resid))
    spread = 1.4826 * float(np.median(np.abs(resid - centre)))
    if not spread > 0:
        return None
    z = (resid - centre) / (ROBUST_TUNING * spread)
    return np.where(np.abs(z) < 1.0, np.square(1.0 - np.square(z)), 0.0)


def _clustered_slope(
    x: np.ndarray, y: np.ndarray, clusters: np.ndarray
) -> tuple[float, float] | None:
    """Least-squares coefficient of ``x``'s first column and its cluster-robust (CR1
    sandwich) variance: the rows of one cluster are one piece of evidence, not one per
    row. None with fewer than three clusters."""
    groups = np.unique(clusters)
    if len(groups) < 3:
        return None
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    bread = np.linalg.inv(x.T @ x)
    meat = np.zeros((x.shape[1], x.shape[1]))
    for group in groups:
        score = x[clusters == group].T @ resid[clusters == group]
        meat += np.outer(score, score)
    n, k = len(y), x.shape[1]
    scale = len(groups) / (len(groups) - 1) * (n - 1) / max(n - k, 1)
    return float(coef[0]), scale * float((bread @ meat @ bread)[0, 0])


def _freak_days(totals: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Usable days whose total exceeds :data:`FREAK_DAY_FACTOR` times the median usable day."""
    if not usable.any():
        return np.zeros(len(totals), dtype=bool)
    median = float(np.nanmedian(totals[usable]))
    return usable & (totals > FREAK_DAY_FACTOR * median) if median > 0 else usable & False


def _independent(design: pd.DataFrame) -> list[str]:
    """Columns of ``design`` in order, each kept only if it is not a combination of those
    before it (a shop closed on weekends sees Saturdays only as 调休 make-up days, so the
    Saturday and make-up dummies coincide)."""
    if np.linalg.matrix_rank(design.to_numpy()) == design.shape[1]:
        return list(design.columns)
    keep: list[str] = []
    for column in design.columns:
        trial = design[[*keep, column]].to_numpy()
        if np.linalg.matrix_rank(trial) == len(keep) + 1:
            keep.append(column)
    return keep


def _ordinary_before(
    series: QueueSeries, usable: np.ndarray, anchor: int, count: int
) -> np.ndarray:
    """Indices of up to ``count`` usable days before day index ``anchor`` (most recent)."""
    lo = max(anchor - LEVEL_LOOKBACK_DAYS, 0)
    idx = np.flatnonzero(usable[lo:anchor]) + lo
    return idx[-count:]


def level_correction(
    series: QueueSeries, usable: np.ndarray, model: DailyModel, anchor: int
) -> np.ndarray:
    """Factors moving the GLM to the level of the ordinary days just before day ``anchor``,
    one per day of the week (Monday first).

    The days' log residuals are clipped to ± 2.5 robust standard deviations around the
    median of their day of the week (of all days, for a day of the week seen fewer than
    three times) first: an unlisted promotion (a live stream, a 聚划算 day) among them is no
    new level, a day of the week that changed is. Their mean, shrunk by
    :data:`LEVEL_SHRINK_DAYS`, is the level. Each day of the week adds the mean departure
    from their mean of its own last :data:`WEEKDAY_LEVEL_DAYS` days, shrunk by empirical
    Bayes: by ``τ² / (τ² + σ²/n)``, where ``σ²`` is the departures' spread within a day of
    the week and ``τ²`` the spread of their means beyond what ``σ²`` explains (0 when the
    days of the week keep the GLM's pattern). A bank whose Mondays grew busier
    than the GLM's year-long weekday effect says gets them, as the mean of its last four
    Mondays would; a shop whose week keeps its shape is left at the common level.
    """
    idx = _ordinary_before(series, usable, anchor, LEVEL_DAYS)
    if len(idx) == 0:
        return np.ones(7)
    fitted = model.predict(series.days[idx])
    resid = np.log(np.maximum(series.totals[idx], 0.5) / fitted)
    dow = series.days[idx].day_of_week.to_numpy()
    if len(resid) >= 7:
        # around each day of the week's own median, so that Mondays grown busier are kept
        middle = np.full(7, float(np.median(resid)))
        for day in np.unique(dow):
            if (dow == day).sum() >= 3:  # fewer: a promotion would be its own median
                middle[day] = np.median(resid[dow == day])
        dev = resid - middle[dow]
        centre = float(np.median(dev))
        spread = 1.4826 * float(np.median(np.abs(dev - centre)))
        resid = middle[dow] + np.clip(dev, centre - 2.5 * spread, centre + 2.5 * spread)
    level = resid.sum() / (len(idx) + LEVEL_SHRINK_DAYS)
    out = np.full(7, level)
    centre = float(resid.mean())
    own = {day: resid[dow == day][-WEEKDAY_LEVEL_DAYS:] - centre for day in range(7)}
    own = {day: part for day, part in own.items() if len(part) >= 2}
    if len(own) < 2:
        return np.exp(out)
    days = np.array(list(own))
    within = float(np.mean([np.var(part, ddof=1) for part in own.values()]))
    means = np.array([part.mean() for part in own.values()])
    noise = within / np.array([len(part) for part in own.values()])
    between = max(float(np.mean(means**2 - noise)), 0.0)
    if between > 0:
        out[days] = level + means * between / (between + noise)
    return np.exp(out)


def day_correlation(series: QueueSeries, usable: np.ndarray, model: DailyModel) -> float:
    """Correlation of one ordinary day's departure from the daily model with the next
    day's (lag-1 autocorrelation of the log residuals of consecutive ordinary days) [-].

    A busy spell (a hot week of weather, news about the brand) lasts a few days: a
    campaign's first week can run 10 % above its curves for that reason alone, and the
    days of that week are then not independent evidence of its heat
    (:meth:`CampaignForecaster._excess_ratio`). Clipped to [0, :data:`MAX_DAY_CORRELATION`];
    0 with fewer than :data:`MIN_DAY_PAIRS` pairs.
    """
    idx = np.flatnonzero(usable)
    if len(idx) < 2:
        return 0.0
    resid = np.log(np.maximum(series.totals[idx], 0.5) / model.predict(series.days[idx]))
    pairs = np.flatnonzero(np.diff(idx) == 1)
    if len(pairs) < MIN_DAY_PAIRS:
        return 0.0
    a, b = resid[pairs], resid[pairs + 1]
    a, b = a - a.mean(), b - b.mean()
    denom = float(np.sqrt((a * a).sum() * (b * b).sum()))
    rho = float((a * b).sum() / denom) if denom > 0 else 0.0
    return float(np.clip(rho, 0.0, MAX_DAY_CORRELATION))


def intraday_profiles(
    series: QueueSeries, usable: np.ndarray, types: np.ndarray, anchor: int
) -> np.ndarray:
    """Share of a day's inquiries per slot, per day type, from the days before ``anchor``.

    Returns an array of shape ``(18, slots)`` whose rows sum to 1 (:func:`profile_rows` gives
    each day its row):

    - Rows 0-3, per day type (weekday, Saturday, Sunday, holiday): the pooled profile of the
      last :data:`PROFILE_DAYS` usable days, taken over the slots open on that type's days
      only (a Saturday open 09:00-17:00 gets no share of the weekdays' 07:00-09:00), plus
      the type's own departure from it times how reliable that departure is, measured on
      the data (split-half reliability, :func:`_reliable_departures`): a shop whose weekends
      start two hours later keeps that, however few weekends it has, while a type whose days
      disagree is pulled to the pooled profile. Holidays look back :data:`FIT_DAYS` (they
      are rare). A type with fewer than four days is shrunk towards the pooled profile by
      :data:`PROFILE_SHRINK_DAYS` pseudo-days.
    - Rows 4-8, Monday to Friday: the weekday row plus ``w`` times each weekday's own
      deviation from it, ``w`` again its reliability: a bank whose Monday mornings run
      heavier keeps them, a shop whose weekdays share one shape gets the weekday row.
    - Rows 9-15, a holiday on Monday to Sunday: its own day of the week's row blended with
      the holiday row, by the weight that fits the past holidays best (:func:`_profile_mix`;
      the holiday row with fewer than two past holidays).
    - Rows 16-17, a worked Saturday or Sunday (调休): the weekday row blended with that
      weekend day's row, likewise (the weekday row with fewer than two past ones).
    """
    lo = max(anchor - PROFILE_DAYS, 0)
    recent = np.zeros(len(usable), dtype=bool)
    recent[lo:anchor] = usable[lo:anchor]
    if not recent.any():
        recent[:anchor] = usable[:anchor]
    if not recent.any():
        recent = usable.copy()
    y = np.nan_to_num(series.y)
    pooled = y[recent].sum(axis=0)
    pooled = pooled / pooled.sum() if pooled.sum() > 0 else np.full(series.slots, 1 / series.slots)
    # the rare days (holidays, worked weekends) look back FIT_DAYS
    past = usable.copy()
    past[anchor:] = False
    past[: max(anchor - FIT_DAYS, 0)] = False
    profiles = np.empty((4, series.slots))
    for kind in range(4):
        pick = (past if kind == HOLIDAY else recent) & (types == kind)
        n = int(pick.sum())
        open_ = series.open[pick].any(axis=0) if n else np.ones(series.slots, dtype=bool)
        target = np.where(open_, pooled, 0.0)
        target = target / target.sum() if target.sum() > 0 else pooled
        if n >= 4:
            w, departure = _reliable_departures(y, [np.flatnonzero(pick)], target)
            profiles[kind] = target + w * departure[0]
        else:
            own = _share(y[pick].sum(axis=0), target)
            profiles[kind] = (n * own + PROFILE_SHRINK_DAYS * target) / (n + PROFILE_SHRINK_DAYS)
    dow = series.days.day_of_week.to_numpy()
    picks = [np.flatnonzero(recent & (types == WEEKDAY) & (dow == d)) for d in range(5)]
    weight, deviations = _reliable_departures(y, picks, profiles[WEEKDAY])
    rows = np.vstack([profiles, profiles[WEEKDAY] + weight * deviations])
    # a holiday: its own day of the week's row (Monday-Friday 4-8, Saturday 1, Sunday 2)
    # against the pooled holiday profile; a worked weekend (调休): its own weekend day's row
    # against the weekday row. Without two past such days each takes the latter, as before
    by_dow = rows[[4, 5, 6, 7, 8, SATURDAY, SUNDAY]]
    days = np.flatnonzero(past & (types == HOLIDAY))
    alpha = _profile_mix(y[days], by_dow[dow[days]], _without_each(y[days], profiles[HOLIDAY]))
    days = np.flatnonzero(past & (types == WEEKDAY) & (dow >= 5))
    weekend = np.where(dow[days] == 5, SATURDAY, SUNDAY)
    beta = _profile_mix(y[days], rows[weekend], rows[np.zeros(len(days), dtype=int)])
    return np.vstack(
        [
            rows,
            alpha * by_dow + (1 - alpha) * profiles[HOLIDAY],
            (1 - beta) * rows[WEEKDAY] + beta * rows[[SATURDAY, SUNDAY]],
        ]
    )


def _without_each(y: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Per day (row of ``y``), the pooled share profile of the other days."""
    rest = y.sum(axis=0)[None, :] - y
    sums = rest.sum(axis=1, keepdims=True)
    return np.where(sums > 0, rest / np.where(sums > 0, sums, 1.0), fallback[None, :])


def _profile_mix(y: np.ndarray, first: np.ndarray, second: np.ndarray) -> float:
    """Weight ``α`` in [0, 1] of the profiles ``first`` against ``second`` (one row per day of
    ``y``) that fits those days' shares best: least squares, each day weighted by its volume.
    0 (``second``) with fewer than two days that had inquiries.

    Shops differ in how a day off or a worked weekend runs. Where a holiday shifts the whole
    day later, every holiday looks alike (the pooled holiday profile); where it keeps its
    weekday's rhythm at another level, a Saturday holiday looks like a Saturday and a
    Wednesday one like a Wednesday. A worked Saturday may run like a weekday or like the
    Saturday it is. The days themselves say which.
    """
    totals = y.sum(axis=1)
    keep = totals > 0
    if keep.sum() < 2:
        return 0.0
    y, first, second, totals = y[keep], first[keep], second[keep], totals[keep]
    gap = first - second
    num = float((((y / totals[:, None]) - second) * gap).sum(axis=1) @ totals)
    den = float((gap**2).sum(axis=1) @ totals)
    return float(np.clip(num / den, 0.0, 1.0)) if den > 0 else 0.0


def _share(counts: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return counts / total if total > 0 else fallback


def _reliable_departures(
    y: np.ndarray, picks: list[np.ndarray], weekday: np.ndarray
) -> tuple[float, np.ndarray]:
    """How far the profile of each group of days (``picks``: each weekday's days, or one day
    type's) departs from the reference profile ``weekday`` (shape ``(groups, slots)``, 0 for
    a group of fewer than two days), and the weight ``w`` those departures earn.

    Split-half reliability: the days of each group are split into alternate ones (alternate
    weeks for a weekday); a real departure shows in both halves, noise does not. With ``δ``
    the departure from all days and ``δA``, ``δB`` from either half, ``E[δA·δB] = τ²`` (the
    true departure²) and ``E[δ²] = τ² + σ²`` (plus the noise of the full estimate), so
    ``w = Σ δA·δB / Σ δ²``, clipped to [0, 1], is the empirical-Bayes shrinkage factor
    pooled over the groups and slots.
    """
    deviations = np.zeros((len(picks), len(weekday)))
    products, squares = 0.0, 0.0
    for d, idx in enumerate(picks):
        if len(idx) < 2:
            continue
        deviations[d] = _share(y[idx].sum(axis=0), weekday) - weekday
        half_a = _share(y[idx[0::2]].sum(axis=0), weekday) - weekday
        half_b = _share(y[idx[1::2]].sum(axis=0), weekday) - weekday
        products += float((half_a * half_b).sum())
        squares += float((deviations[d] ** 2).sum())
    weight = float(np.clip(products / squares, 0.0, 1.0)) if squares > 0 else 0.0
    return weight, deviations


def profile_rows(days: pd.DatetimeIndex, types: np.ndarray) -> np.ndarray:
    """Each day's row of :func:`intraday_profiles`: its weekday's row (4-8) for Monday to
    Friday working days, a holiday's by its day of the week (9-15), a 调休 weekend worked
    by its day (16 Saturday, 17 Sunday), else its day type's (0-2)."""
    dow = pd.DatetimeIndex(days).day_of_week.to_numpy()
    rows = np.where((types == WEEKDAY) & (dow < 5), 4 + dow, types)
    rows = np.where((types == WEEKDAY) & (dow >= 5), 16 + (dow == 6), rows)
    return np.where(types == HOLIDAY, 9 + dow, rows)


def nb_quantiles(
    mean: np.ndarray, dispersion: np.ndarray, names: tuple[str, ...] = tuple(QUANTILES)
) -> dict[str, np.ndarray]:
    """Mid-quantiles of a negative binomial with ``Var = mean + dispersion·mean²``.

    Counts are whole numbers, so a quantile in the usual sense jumps from one integer to the
    next and a P10–P90 band of a small count covers far more than 80 % of outcomes (Poisson
    mean 3: 87 %). The mid-quantile interpolates the distribution function linearly across
    each integer (from ``F(k − 1)`` at ``k − ½`` to ``F(k)`` at ``k + ½``, floored at 0),
    so that bands of small counts cover what they say on average; for large counts it is
    the usual quantile. ``p50`` stays the whole-number median (it minimises the absolute
    error of a count) and the other quantiles are kept on their side of it.
    """
    mean = np.maximum(np.asarray(mean, dtype=float), 0.0)
    a = np.maximum(np.broadcast_to(np.asarray(dispersion, dtype=float), mean.shape), 1e-6)
    n = 1.0 / a
    p = n / (n + np.maximum(mean, 1e-12))
    out = {}
    wanted = {name: QUANTILES[name] for name in (*names, "p50")}
    for name, q in wanted.items():
        k = stats.nbinom.ppf(q, n, p)
        below = stats.nbinom.cdf(k - 1, n, p)
        at = np.maximum(stats.nbinom.pmf(k, n, p), 1e-12)
        value = np.clip(k - 0.5 + (q - below) / at, np.maximum(k - 0.5, 0.0), k + 0.5)
        out[name] = np.where(mean > 0, k if name == "p50" else value, 0.0).astype(float)
    for name, q in wanted.items():
        side = np.minimum if q < 0.5 else np.maximum
        out[name] = side(out[name], out["p50"])
    return {name: out[name] for name in names}


def dispersion_by_coverage(y: np.ndarray, mu: np.ndarray, target: float = 0.8) -> float | None:
    """The dispersion ``a`` whose P10–P90 bands (:func:`nb_quantiles`) cover ``target`` of
    the actuals ``y`` around the out-of-sample means ``mu``, or None with too few pairs.

    Matching the coverage, not the moments, keeps a few huge errors (an unlisted live-stream
    promotion in the holdout) from widening every band: squared errors weigh them without
    limit, a coverage count once each.
    """
    ok = np.isfinite(y) & np.isfinite(mu) & (mu > 0)
    if ok.sum() < 200:
        return None
    step = max(int(ok.sum()) // CALIBRATION_SAMPLES, 1)  # evenly thinned, for speed
    y, mu = np.round(y[ok][::step]), mu[ok][::step]

    return 10 ** calibrate(lambda x: coverage(y, mu, np.full(len(mu), 10**x)), -5.0, 1.0, target)


def coverage(y: np.ndarray, mu: np.ndarray, dispersion: np.ndarray) -> float:
    """Share of the counts ``y`` inside the P10–P90 mid-quantile band of negative binomials
    ``(mu, dispersion)``: a count ``y`` lies inside when its mid-distribution value
    ``F(y − 1) + P(y)/2`` does (:func:`nb_quantiles`), which needs no quantile search."""
    a = np.maximum(np.asarray(dispersion, dtype=float), 1e-6)
    n = 1.0 / a
    p = n / (n + np.maximum(mu, 1e-12))
    mid = stats.nbinom.cdf(y - 1, n, p) + 0.5 * stats.nbinom.pmf(y, n, p)
    return float(((mid >= 0.1) & (mid <= 0.9)).mean())


def calibrate(covered: Callable[[float], float], lo: float, hi: float, target: float) -> float:
    """The smallest ``x`` in ``[lo, hi]`` whose ``covered(x)`` reaches ``target`` (bisection;
    ``covered`` grows with ``x``)."""
    if covered(lo) >= target:
        return lo
    if covered(hi) < target:
        return hi
    for _ in range(12):
        mid = (lo + hi) / 2
        if covered(mid) >= target:
            hi = mid
        else:
            lo = mid
    return hi


def dispersion_from(y: np.ndarray, mu: np.ndarray) -> float:
    """Method-of-moments ``a`` in ``Var = μ + a·μ²`` from paired actuals and means."""
    ok = np.isfinite(y) & np.isfinite(mu) & (mu > 0)
    if ok.sum() < 10:
        return 0.05
    y, mu = y[ok], mu[ok]
    return float(max(((y - mu) ** 2 - mu).sum() / (mu**2).sum(), 1e-4))


def into_open(mu: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """Days × slots means with closed slots at exactly 0 and each day's total moved into
    its open slots (in proportion); a day with no open slot is 0 [count]."""
    kept = np.where(open_, mu, 0.0)
    before, after = mu.sum(axis=1), kept.sum(axis=1)
    scale = np.divide(before, after, out=np.ones_like(before), where=after > 0)
    return kept * scale[:, None]


def _aggregate(values: np.ndarray, factor: int) -> np.ndarray:
    """Sums of ``factor`` consecutive intervals along the last axis (days × slots input)."""
    if factor == 1:
        return values
    shape = values.shape[:-1] + (values.shape[-1] // factor, factor)
    return values.reshape(shape).sum(axis=-1)


# --------------------------------------------------------------------------- contract


@dataclass(frozen=True)
class YoungQueue:
    """A queue too young for a model of its own (a VIP queue opened three weeks ago): its
    forecast is its recent share of the other queues' total forecast, in its own opening
    hours, with the day-to-day spread of that share as extra uncertainty."""

    series: QueueSeries
    share: float
    """Its inquiries over the other queues' on the days measured [ratio]."""
    open_slots: np.ndarray
    """Slots of the day in which it ever had an inquiry: its hours (a few weeks are too few
    to tell its weekdays' hours apart) [bool per slot]."""
    open_weekdays: np.ndarray
    """Days of the week (Monday first) on which it ever had an inquiry [bool per weekday]."""
    log_var: float
    """Day-to-day log-variance of the share, plus that of its estimate [log²]."""
    days: int
    """Days the share was measured on."""
    ordinary: int
    """Its complete ordinary days (fewer than :data:`MIN_ORDINARY_DAYS`)."""


def ordinary_days(series: QueueSeries, calendar: pd.DataFrame) -> np.ndarray:
    """Complete days that are neither campaign nor closed days [bool per day]."""
    return series.complete & ~campaign_days(series.days, calendar) & ~series.closed_day


def young_queue(series: QueueSeries, others: list[QueueSeries], ordinary: int) -> YoungQueue | None:
    """The share of a young queue in the others' total over its last
    :data:`YOUNG_SHARE_DAYS` days on which every other queue is complete and it has a value
    in (nearly) every slot it ever served (its hours are not known well enough to call a
    day complete); None with fewer than :data:`YOUNG_MIN_DAYS` such days or no volume."""

    def daily(s: QueueSeries) -> pd.Series:
        return pd.Series(np.where(s.complete, s.totals, np.nan), index=s.days)

    rest = pd.concat([daily(o) for o in others], axis=1).sum(axis=1, min_count=len(others))
    positive = np.nan_to_num(series.y) > 0
    served = positive.any(axis=0)
    valued = np.isfinite(series.y[:, served]).sum(axis=1)
    full = valued >= 0.9 * valued.max()
    own = pd.Series(np.where(full, series.totals, np.nan), index=series.days)
    own = own.iloc[-YOUNG_SHARE_DAYS:]
    both = pd.concat([own, rest.reindex(own.index)], axis=1).dropna()
    both = both[(both.iloc[:, 0] > 0) & (both.iloc[:, 1] > 0)]
    if len(both) < YOUNG_MIN_DAYS:
        return None
    share = float(both.iloc[:, 0].sum() / both.iloc[:, 1].sum())
    logs = np.log(both.iloc[:, 0].to_numpy() / (share * both.iloc[:, 1].to_numpy()))
    spread = float(np.var(logs, ddof=1))
    weekdays = np.zeros(7, dtype=bool)
    weekdays[np.unique(series.days.day_of_week.to_numpy()[positive.any(axis=1)])] = True
    return YoungQueue(
        series, share, served, weekdays, spread * (1 + 1 / len(logs)), len(both), ordinary
    )


class Forecaster(ABC):
    """Estimator contract shared by every forecasting model."""

    name: ClassVar[str]
    needs_history: ClassVar[bool] = True
    """The model learns each queue's own ordinary days; a queue with too few of them is
    forecast as its share of the others (:class:`YoungQueue`)."""

    def __init__(self, holidays: str = DEFAULT_REGION) -> None:
        self.holidays = holidays
        """Whose public holidays the model knows: ``"CN"``, ``"none"`` or a country code
        (:func:`~forecaster.holidays.check_region`)."""

    def fit(self, history: HistoryLike, calendar: CalendarLike = None) -> Self:
        """Learn from ``history`` (and the campaign ``calendar``); returns ``self``."""
        try:
            self.holidays_ = check_region(getattr(self, "holidays", DEFAULT_REGION))
        except ValueError as error:
            raise InputDataError(f"holidays {error}") from None
        frame, minutes = history_frame(history)
        if frame.empty:
            raise InputDataError("history has no rows to fit")
        self.minutes_ = minutes
        self.calendar_ = with_season(normalise_calendar(calendar_frame(calendar), minutes), minutes)
        self.series_ = queue_series(frame, minutes, self.holidays_)
        self.all_queues_ = tuple(self.series_)
        """Every queue of the history, in the forecast's order."""
        self.end_ = frame["interval_start"].max() + pd.Timedelta(minutes=minutes)
        self.notes_: list[str] = []
        """Things a planner should know about this fit (printed by the CLI)."""
        self.young_ = self._young_queues() if self.needs_history else {}
        for queue in self.young_:
            del self.series_[queue]
        self.queues_ = tuple(self.series_)
        """The queues the model itself is fitted on (all but :attr:`young_`)."""
        self._fit()
        return self

    def _own_days(self, series: QueueSeries) -> np.ndarray:
        """The days a model of the queue's own learns from (fewer than
        :data:`MIN_ORDINARY_DAYS`: the queue is young) [bool per day]."""
        return ordinary_days(series, self.calendar_)

    def _young_queues(self) -> dict[str, YoungQueue]:
        """Queues with fewer than :data:`MIN_ORDINARY_DAYS` ordinary days whose share of the
        others can be measured, when at least one queue has enough (else each model raises
        its own error)."""
        counts = {q: int(self._own_days(s).sum()) for q, s in self.series_.items()}
        old = [self.series_[q] for q, n in counts.items() if n >= MIN_ORDINARY_DAYS]
        out: dict[str, YoungQueue] = {}
        if not old:
            return out
        for queue, n in counts.items():
            got = young_queue(self.series_[queue], old, n) if n < MIN_ORDINARY_DAYS else None
            if got is None:
                continue
            out[queue] = got
            others = [q for q, m in counts.items() if m >= MIN_ORDINARY_DAYS]
            self.notes_.append(
                msg("fc.young_queue", queue=queue, has=len(got.series.days), need=MIN_ORDINARY_DAYS,
                    share=100 * got.share, days=got.days, others=tuple(others))
            )  # fmt: skip
        return out

    @abstractmethod
    def _fit(self) -> None: ...

    @abstractmethod
    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        """Mean [count] and extra log-variance of the rate per native interval."""

    @abstractmethod
    def _dispersion(self, queue: str, factor: int) -> float:
        """Count dispersion ``a`` for sums of ``factor`` native intervals."""

    def predict(
        self, start: object, end: object, interval_minutes: int | None = None
    ) -> pd.DataFrame:
        """Forecast every queue from ``start`` to ``end`` (see :func:`horizon_stamps`).

        Parameters
        ----------
        start, end
            Horizon; ``start`` must not precede the end of the fitted history.
        interval_minutes
            Output resolution [min], a multiple of the history's (default: the history's).

        Returns
        -------
        pandas.DataFrame
            ``interval_start, queue, mean, p10, p50, p80, p90, p95`` [inquiries per interval].
        """
        if not hasattr(self, "end_"):
            raise NotFittedError(f"{type(self).__name__} must be fitted before predict")
        minutes = self.minutes_
        out_minutes = interval_minutes or minutes
        if out_minutes % minutes or out_minutes not in RESOLUTIONS_MINUTES:
            raise InputDataError(msg("fc.interval", data=minutes, got=out_minutes))
        stamps = horizon_stamps(start, end, out_minutes)
        if stamps[0] < self.end_:
            raise InputDataError(
                f"forecast start {stamps[0]} is inside the fitted history (which ends "
                f"{self.end_}); forecasts use only history strictly before their start"
            )
        native = pd.date_range(
            stamps[0],
            stamps[-1] + pd.Timedelta(minutes=out_minutes - minutes),
            freq=f"{minutes}min",
        )
        factor = out_minutes // minutes
        rates = {queue: self._predict_open(queue, native) for queue in self.queues_}
        for queue in self.young_:
            rates[queue] = self._predict_young(queue, native, rates)
        frames = []
        for queue in self.all_queues_:
            mu, logvar = rates[queue]
            mu_out = mu.reshape(-1, factor).sum(axis=1)
            weights = np.maximum(mu.reshape(-1, factor), 1e-12)
            logvar_out = (logvar.reshape(-1, factor) * weights).sum(axis=1) / weights.sum(axis=1)
            if queue in self.young_:  # the others' count noise: the largest of theirs
                disp = max(self._dispersion(q, factor) for q in self.queues_)
            else:
                disp = self._dispersion(queue, factor)
            a = (1 + disp) * np.exp(logvar_out) - 1
            quantiles = nb_quantiles(mu_out, a)
            frames.append(
                pd.DataFrame({"interval_start": stamps, "queue": queue, "mean": mu_out} | quantiles)
            )
        return pd.concat(frames, ignore_index=True)[list(FORECAST_COLUMNS)]

    def _predict_young(
        self,
        queue: str,
        stamps: pd.DatetimeIndex,
        rates: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> tuple[np.ndarray, np.ndarray]:
        """A young queue's rate: its share of the others' (already in ``rates``), moved into
        its own hours day by day (:attr:`YoungQueue.open_slots`), with the others' mean
        log-variance plus the share's."""
        young = self.young_[queue]
        days, whole, pos = self._whole_days(stamps)
        # the others on whole days (a horizon may start or end inside one), then moved into
        # the young queue's hours: the slots it ever served, on the weekdays it ever served
        others = [
            rates[q] if len(stamps) == len(whole) else self._predict_open(q, whole)
            for q in self.queues_
        ]
        means = np.stack([m for m, _ in others])
        weights = np.maximum(means, 1e-12)
        logvar = (np.stack([v for _, v in others]) * weights).sum(axis=0) / weights.sum(axis=0)
        mu = young.share * means.sum(axis=0)
        open_ = young.series.opening.mask(days, campaign_days(days, self.calendar_))
        open_ &= (
            young.open_slots[None, :] & young.open_weekdays[days.day_of_week.to_numpy()][:, None]
        )
        mu = into_open(mu.reshape(len(days), -1), open_).ravel()
        return mu[pos], logvar[pos] + young.log_var

    def open_slots(self, queue: str, days: pd.DatetimeIndex) -> np.ndarray:
        """Open slots of ``queue`` on each of ``days``, shape ``(len(days), slots)`` [bool]:
        its weekly opening hours, and on campaign days of an open weekday also the slots
        served on past campaign days."""
        series = self.series_[queue]
        past = campaign_days(series.days, self.calendar_)
        served = (np.nan_to_num(series.y[past]) > 0).any(axis=0)
        opening = replace(series.opening, campaign_slots=served)
        return opening.mask(days, campaign_days(days, self.calendar_))

    def _predict_open(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_predict_queue` with the queue's closed slots at exactly 0, each day's
        total moved into its open slots (:func:`into_open`); computed on whole days, so an
        interval gets the same forecast alone as within its day."""
        if self.series_[queue].opening.always_open:
            return self._predict_queue(queue, stamps)
        days, whole, pos = self._whole_days(stamps)
        mu, logvar = self._predict_queue(queue, whole)
        mu = into_open(mu.reshape(len(days), -1), self.open_slots(queue, days)).ravel()
        return mu[pos], logvar[pos]

    def _whole_days(
        self, stamps: pd.DatetimeIndex
    ) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex, np.ndarray]:
        """The days ``stamps`` touch, every native interval of them, and the position of each
        stamp among those intervals."""
        step = pd.Timedelta(minutes=self.minutes_)
        days = pd.date_range(stamps[0].normalize(), stamps[-1].normalize(), freq="D")
        whole = pd.date_range(days[0], periods=len(days) * 1440 // self.minutes_, freq=step)
        return days, whole, ((stamps - whole[0]) // step).to_numpy().astype(np.int64)


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class _BaselineState:
    daily: DailyModel
    usable: np.ndarray
    types: np.ndarray
    correction: np.ndarray
    """Level factor per day of the week (:func:`level_correction`)."""
    profiles: np.ndarray
    holdout_y: np.ndarray
    holdout_mu: np.ndarray
    breaks: BreakDay | None = None
    """Days after a closed holiday, when the history has any (:meth:`BaselineForecaster._breaks`)."""


class BaselineForecaster(Forecaster):
    """Ordinary-day forecast: NB GLM of daily totals × intraday profiles (see module doc)."""

    name = "baseline"

    def _fit(self) -> None:
        self.state_: dict[str, _BaselineState] = {}
        self._dispersions: dict[tuple[str, int], float] = {}
        """:meth:`_dispersion` per (queue, factor), filled on first use."""
        for queue, series in self.series_.items():
            self.state_[queue] = self._fit_queue(queue, series)

    def _fit_queue(self, queue: str, series: QueueSeries) -> _BaselineState:
        cdays = campaign_days(series.days, self.calendar_)
        # a closed day is not ordinary, nor the day that serves a closed holiday's backlog
        usable = series.complete & ~cdays & ~series.closed_day & (series.backlog == 0)
        freak = _freak_days(series.totals, usable)
        if freak.any():
            usable = usable & ~freak
            worst = int(np.argmax(np.where(freak, series.totals, -np.inf)))
            self.notes_.append(
                msg("fc.freak_days", queue=queue, count=int(freak.sum()),
                    factor=FREAK_DAY_FACTOR, day=f"{series.days[worst]:%Y-%m-%d}",
                    total=float(series.totals[worst]))
            )  # fmt: skip
        if usable.sum() < MIN_ORDINARY_DAYS:
            raise InputDataError(
                msg("fc.too_few_days", queue=queue, need=MIN_ORDINARY_DAYS, has=int(usable.sum()))
            )
        if not np.nansum(series.totals[usable]) > 0:  # the GLM has nothing to fit
            raise InputDataError(msg("fc.no_inquiries", queue=queue))
        types = day_types(series.days, region=self.holidays_)
        n = len(series.days)
        daily = self._fit_daily(series, usable, n)
        profiles = intraday_profiles(series, usable, types, n)
        correction = level_correction(series, usable, daily, n)
        holdout_y, holdout_mu = self._holdout(series, usable, types)
        breaks = self._breaks(series, cdays, daily, profiles)
        if breaks is not None and breaks.per_day >= 0.05:
            peak = int(np.argmax(breaks.profile)) * (1440 // series.slots)
            self.notes_.append(
                msg("fc.backlog_days", queue=queue, share=breaks.per_day, days=breaks.days,
                    day=f"{breaks.last:%Y-%m-%d}", peak=f"{peak // 60:02d}:{peak % 60:02d}")
            )  # fmt: skip
        return _BaselineState(
            daily, usable, types, correction, profiles, holdout_y, holdout_mu, breaks
        )

    def _breaks(
        self, series: QueueSeries, cdays: np.ndarray, daily: DailyModel, profiles: np.ndarray
    ) -> BreakDay | None:
        """How the past days after closed holidays ran (:class:`BreakDay`): their extra
        share of an ordinary day per closed holiday (a regression through the origin, shrunk
        towards none by :data:`BREAK_SHRINK_DAYS`) and where in the day the extra went
        (shrunk towards an ordinary weekday's profile). None without such days (a shop open
        on holidays)."""
        backlog = series.backlog
        days = (backlog > 0) & series.complete & ~cdays & (series.totals > 0)
        n = int(days.sum())
        if n == 0:
            return None
        x = backlog[days].astype(float)
        fitted = daily.predict(series.days[days])
        # a ridge regression through the origin of the extra share on the closed holidays
        extra = series.totals[days] / np.maximum(fitted, 0.5) - 1
        per_day = max(float((extra * x).sum() / ((x**2).sum() + BREAK_SHRINK_DAYS)), 0.0)
        # the backlog's shape: what the days served beyond an ordinary weekday's profile
        weekday = profiles[WEEKDAY]
        # (summed over the days before clipping, so that an afternoon's noise is no backlog)
        beyond = (np.nan_to_num(series.y[days]) - fitted[:, None] * weekday[None, :]).sum(axis=0)
        own = _share(np.clip(beyond, 0, None), weekday)
        profile = (n * own + BREAK_SHAPE_DAYS * weekday) / (n + BREAK_SHAPE_DAYS)
        return BreakDay(per_day, profile, n, series.days[days][-1])

    def _fit_daily(self, series: QueueSeries, usable: np.ndarray, anchor: int) -> DailyModel:
        pick = usable.copy()
        pick[anchor:] = False
        pick[: max(anchor - FIT_DAYS, 0)] = False
        return fit_daily(series.days[pick], series.totals[pick], self.holidays_)

    def _holdout(
        self, series: QueueSeries, usable: np.ndarray, types: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Actuals and out-of-sample baseline means on the last :data:`HOLDOUT_DAYS` ordinary
        days, the baseline refitted as of the first of them."""
        idx = np.flatnonzero(usable)
        if len(idx) < MIN_ORDINARY_DAYS + 14:
            return np.empty((0, series.slots)), np.empty((0, series.slots))
        test = idx[-min(HOLDOUT_DAYS, len(idx) - MIN_ORDINARY_DAYS) :]
        anchor = int(test[0])
        daily = self._fit_daily(series, usable, anchor)
        profiles = intraday_profiles(series, usable, types, anchor)
        correction = level_correction(series, usable, daily, anchor)
        rows = profile_rows(series.days[test], types[test])
        days = series.days[test]
        totals = daily.predict(days) * correction[days.day_of_week.to_numpy()]
        mu = totals[:, None] * profiles[rows]
        return series.y[test], into_open(mu, series.open[test])

    def _dispersion(self, queue: str, factor: int) -> float:
        """Dispersion of sums of ``factor`` intervals from the out-of-sample holdout: matched
        to the bands' coverage for intervals up to an hour, by moments for longer sums."""
        cache = self._dispersions
        if (queue, factor) in cache:
            return cache[(queue, factor)]
        state = self.state_[queue]
        if len(state.holdout_y) == 0:
            return 0.05
        y = _aggregate(state.holdout_y, factor).ravel()
        mu = _aggregate(state.holdout_mu, factor).ravel()
        got = dispersion_by_coverage(y, mu) if factor * self.minutes_ <= 60 else None
        cache[(queue, factor)] = dispersion_from(y, mu) if got is None else got
        return float(cache[(queue, factor)])

    def baseline(self, queue: str, stamps: pd.DatetimeIndex) -> np.ndarray:
        """Ordinary-day mean per interval at the current level [count]."""
        state = self.state_[queue]
        return self._base(stamps, state.daily, state.correction, state.profiles, queue=queue)

    def _base(
        self,
        stamps: pd.DatetimeIndex,
        daily: DailyModel,
        correction: np.ndarray,
        profiles: np.ndarray,
        floor: float = 0.0,
        *,
        queue: str | None = None,
    ) -> np.ndarray:
        """Baseline per interval; with ``floor`` > 0 at least that share of the day's mean
        interval (campaign lifts are measured against it, so that a campaign can bring
        inquiries to hours that are empty on ordinary days). With ``queue``, a day after a
        closed holiday runs as that queue's past ones did (:class:`BreakDay`)."""
        days = stamps.normalize()
        unique, inverse = np.unique(days.to_numpy(), return_inverse=True)
        udays = pd.DatetimeIndex(unique)
        totals = daily.predict(udays) * correction[udays.day_of_week.to_numpy()]
        rows = profile_rows(udays, day_types(udays, region=daily.region))
        slot = ((stamps - days) // pd.Timedelta(minutes=self.minutes_)).to_numpy().astype(np.int64)
        totals, shares = totals[inverse], profiles[rows[inverse], slot]
        breaks = self.state_[queue].breaks if queue is not None and queue in self.state_ else None
        if queue is not None and breaks is not None:
            backlog = backlog_days(self.series_[queue].opening, udays)
            if backlog.any():
                totals, shares = breaks.apply(totals, shares, backlog[inverse], slot)
        base = totals * shares
        if floor > 0:
            base = np.maximum(base, floor * totals / profiles.shape[1])
        return base

    @staticmethod
    def day_factor(
        stamps: pd.DatetimeIndex, daily: DailyModel, correction: np.ndarray
    ) -> np.ndarray:
        """Each interval's day's ordinary total over the day's level
        (:meth:`DailyModel.level`): its day of the week and holiday effects, the level
        correction's own weekday part included [factor]."""
        unique, inverse = np.unique(stamps.normalize().to_numpy(), return_inverse=True)
        days = pd.DatetimeIndex(unique)
        totals = daily.predict(days) * correction[days.day_of_week.to_numpy()]
        level = daily.level(days) * float(np.exp(np.mean(np.log(correction))))
        return (totals / np.maximum(level, 1e-9))[inverse]

    def trend_logvar(self, queue: str, stamps: pd.DatetimeIndex) -> np.ndarray:
        """Log-variance of the extrapolated trend per interval (grows with lead time)."""
        return self.state_[queue].daily.trend_logvar(stamps.normalize())

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        return self.baseline(queue, stamps), self.trend_logvar(queue, stamps)


# --------------------------------------------------------------------------- campaign model


def excess_scaled(samples: pd.DataFrame, gamma: float) -> pd.DataFrame:
    """Past phase samples restated so that their excess is measured against
    ``base · factor^gamma`` (:meth:`CampaignForecaster._excess_exponent`): the same
    inquiries over the same baseline, with the excess's scale as the new ``base`` and
    ``y − base + scale`` as the new ``y``, so that every lift and heat downstream reads
    ``1 + excess / scale``. ``gamma`` 0 leaves them as they are."""
    if gamma == 0.0 or samples.empty:
        return samples
    out = samples.copy()
    base = out["base"].to_numpy(dtype=float)
    scale = base * np.power(out["factor"].to_numpy(dtype=float), gamma)
    out["count"] = out["y"]  # as counted, wherever counts matter (noise, bands)
    out["y"] = out["y"].to_numpy(dtype=float) - base + scale
    out["base"] = scale
    out["shift"] = base - scale
    return out


def _shift(part: pd.DataFrame) -> np.ndarray | float:
    """What :func:`excess_scaled` took off each sample's count (0 where it did not)."""
    return part["shift"].to_numpy(dtype=float) if "shift" in part else 0.0


def _in_counts(
    scale: np.ndarray, shift: np.ndarray | None, lift: np.ndarray, excess: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean count and log-slope of the mean on the heat of samples forecast at ``lift``
    over ``scale`` (``excess`` of it the campaign's), with ``shift`` the count
    :func:`excess_scaled` took off (None: the samples were not restated)."""
    if shift is None:
        return scale * lift, np.clip(excess / lift, -1.0, 1.0)
    mean = np.maximum(scale * lift + shift, 1e-9)
    return mean, np.clip(scale * excess / mean, -1.0, 1.0)


def _counts(part: pd.DataFrame) -> np.ndarray:
    """Each sample's inquiries as counted (before :func:`excess_scaled`)."""
    return part["count" if "count" in part else "y"].to_numpy(dtype=float)


@dataclass(frozen=True)
class Weighing:
    """The lift model's weight against the aligned analog, and the backtest behind it."""

    weight: float
    """Weight of the lift model's mean; the analog gets ``1 − weight``."""
    event: str
    """The past campaign the weight was chosen on."""
    wape_lift: float
    wape_analog: float
    wape_mixed: float
    """Hourly WAPE over that campaign's season of the lift model, the analog and the mix at
    ``weight``."""


@dataclass(frozen=True)
class Intensity:
    """A campaign's intensity ``K`` (excess-lift multiplier) and its log-variance."""

    log_k: float
    log_var: float
    phases_seen: int
    carry: float = 1.0
    """Share of the observed log-excess carried into the phases ahead, after
    :func:`cautious` (``log_var`` uses the variance of the share before it) [factor]."""
    seen_log_k: float = 0.0
    """Log-excess observed so far against the curves."""
    pairs: int = 0
    """Past campaigns whose early and later heat the carry-over was learned from."""


@dataclass(frozen=True)
class SeasonLevel:
    """How far a running campaign's days between listed phases ran from their forecast,
    and the share of it carried into the rest of the season."""

    log_level: float
    """Log factor applied to the rest of the season (``carry × seen_log_ratio``)."""
    log_var: float
    seen_log_ratio: float
    """Median log ratio of actual to forecast over the days between phases so far."""
    carry: float
    """Share of it carried: the prior, moved by past seasons' earlier and later levels where
    there are any (``pairs``) [factor]."""
    pairs: int
    """Past seasons it was learned from."""


def few_campaigns(n: int) -> float:
    """Variance factor for a heat spread known from ``n`` past campaigns: the squared ratio
    of Student's t quantile (``n`` plus the prior's pseudo-campaigns, less one, degrees of
    freedom) to the normal one at the band's edge (P90), so that few campaigns give wider
    bands: 2.2× at one campaign, 1.4× at three, → 1 with many."""
    dof = max(n, 1) + INTENSITY_PRIOR[1] - 1
    return float((stats.t.ppf(0.9, dof) / stats.norm.ppf(0.9)) ** 2)


def carry_over(
    pairs: list[tuple[float, float, float]], prior: float, phase_var: float
) -> tuple[float, float, float]:
    """How much of a campaign's early heat carries into its later phases, learned from past
    campaigns.

    A regression through the origin of later log-excess on early log-excess,
    ``later = β·early + ε``, with a normal prior ``β ~ N(prior, CARRY_PRIOR_SD²)`` (the
    empirical-Bayes weight that assumes one heat for the whole campaign) and
    ``Var ε = phase_var + sampling``. Returns ``(β, Var β, Var ε)``; without past pairs the
    prior's.
    """
    precision = 1 / CARRY_PRIOR_SD**2
    weighted = prior * precision
    resid = [phase_var]
    for early, later, sampling in pairs:
        var = phase_var + sampling
        precision += early**2 / var
        weighted += early * later / var
    beta = float(np.clip(weighted / precision, 0.0, 1.0))
    for early, later, _ in pairs:
        resid.append((later - beta * early) ** 2)
    rest_var = float((sum(resid[1:]) + PHASE_PRIOR[1] * phase_var) / (len(pairs) + PHASE_PRIOR[1]))
    return beta, float(1 / precision), rest_var


def cautious(carry: float, carry_var: float) -> float:
    """The carry-over actually applied: ``β · β² / (β² + Var β)``.

    The posterior mean ``β`` minimises the expected squared error, but it is learned from
    two or three past campaigns, and a planner who refits inside a campaign must not end up
    worse off than without the refit. The update is therefore scaled by its own reliability:
    a share known well (early heat that has carried in every past campaign) is kept, an
    uncertain one shrinks towards no update (the pre-campaign forecast)."""
    if carry <= 0:
        return 0.0
    return carry * carry**2 / (carry**2 + carry_var)


def planned_heat(calendar: pd.DataFrame) -> dict[str, float]:
    """Each campaign's ``heat`` where the planner gave one (the normalised calendar's, one
    campaign per season of a name reused over years): its extra inquiries over the ordinary
    level as a multiple of the same campaign's last year [factor]."""
    if "heat" not in calendar.columns:
        return {}
    heat = pd.to_numeric(calendar["heat"], errors="coerce")
    if (heat <= 0).any():
        raise InputDataError(msg("fc.bad_heat"))
    given = heat.groupby(calendar["event"].astype(str).to_numpy()).max().dropna()
    return {str(event): float(value) for event, value in given.items()}


class CampaignForecaster(BaselineForecaster):
    """Baseline × campaign lift curves with intra-campaign updating (see module doc)."""

    name = "campaign"

    def __init__(self, combine: bool = True, **settings: Any) -> None:
        super().__init__(**settings)
        self.combine = combine
        """Weigh the lift model against the aligned last-year analog by a backtest on each
        family's last campaign (:meth:`_weigh`); off for the backtest's own refits."""

    def fit(self, history: HistoryLike, calendar: CalendarLike = None) -> Self:
        self._calendar_input = calendar_frame(calendar)
        return super().fit(history, calendar)

    def _fit(self) -> None:
        super()._fit()
        self.planned_heat_ = planned_heat(self.calendar_)
        """The planner's heat per campaign (the calendar's ``heat`` column) [factor]."""
        self.curves_: dict[str, dict[tuple[str, str], LiftCurve]] = {}
        self.intensity_: dict[str, dict[str, Intensity]] = {}
        self.spread_: dict[str, tuple[float, float, int]] = {}
        self.weights_: dict[str, dict[str, Weighing]] = {q: {} for q in self.queues_}
        self._past: dict[str, pd.DataFrame] = {}
        self._levels: dict[str, dict[str, float]] = {q: {} for q in self.queues_}
        """Per queue and campaign seen in the history, its days' mean ordinary total as
        forecast when it began (:meth:`_event_level`) [count/day]."""
        self.season_level_: dict[str, dict[str, SeasonLevel]] = {}
        """Per queue, the level of the campaigns under way between their listed phases."""
        self.heat_var_: dict[str, float | None] = {}
        """Per queue, the unseen campaign's heat log-variance calibrated on past campaigns."""
        self.shape_var_: dict[str, float | None] = {}
        """Per queue, the log-variance around a campaign's own heat, calibrated likewise
        (a planner's heat only, :meth:`CampaignForecaster._around_heat`)."""
        self.season_share_: dict[str, dict[str, float]] = {}
        """Per queue and family, the share of the learned in-season excess kept [factor]."""
        self.excess_exponent_: dict[str, float] = {}
        """Per queue, how the campaign excess follows the day's weekday and holiday effects
        (:meth:`_excess_exponent`) [log-slope]."""
        self.two_clocks_: dict[str, bool] = {}
        """Per queue, whether its phases are read on two clocks (:meth:`_learn_curves`)."""
        self._loo: dict[str, dict[str, dict[tuple[str, str], LiftCurve]]] = {}
        """Per queue and campaign family: the lift model's weight against the analog."""
        samples = {q: self._fit_campaigns(q, series) for q, series in self.series_.items()}
        self._borrow_curves()
        for queue, series in self.series_.items():
            self._fit_intensity(queue, series, samples[queue])
        ahead = self._ahead()
        for event, heat in self.planned_heat_.items():
            if event not in ahead:
                continue
            if all(self._last_event(q, event) is None for q in self.queues_):
                self.notes_.append(msg("fc.planned_heat_new", event=event, heat=heat))
            else:
                self.notes_.append(msg("fc.planned_heat", event=event, heat=heat,
                                       sd=100 * PLANNED_HEAT_SD))  # fmt: skip
        self._weighed: set[str] = set()
        self._asked: set[str] = set()

    def _ask_for_heat(self, events: set[str]) -> None:
        """A note for each of ``events`` (campaigns a forecast reaches) not begun that has no
        planner's heat but a past campaign of its kind: how hot this year's runs against
        last year's is the one input the history cannot give, so the note says how far such
        forecasts ran from past campaigns (the calibrated heat log-variance,
        :meth:`_calibrated_heat`, median over queues) and asks for the calendar's ``heat``
        column. Once per campaign; not in the backtests' own refits."""
        todo = events - self._asked - set(self.planned_heat_)
        if not todo or not self.combine:
            return
        self._asked |= todo
        cal = self.calendar_
        later = set(cal.loc[cal["event_start"] > self.end_, "event"].astype(str))
        spread = [v for v in self.heat_var_.values() if v is not None and np.isfinite(v)]
        if not spread:
            return
        sd = 100 * float(np.expm1(np.sqrt(max(float(np.median(spread)), 0.0))))
        for event in sorted(todo & later):
            if any(self._last_event(q, event) is not None for q in self.queues_):
                self.notes_.append(msg("fc.unplanned_heat", event=event, sd=sd))

    # ------------------------------------------------------------ weighing by evidence

    def _observed(self, before: pd.Timestamp) -> pd.DataFrame:
        """The fitted history strictly before ``before`` as a frame (outages left out)."""
        frames = []
        for queue, series in self.series_.items():
            stamps = series.stamps(self.minutes_)
            y = series.y.ravel()
            keep = np.isfinite(y) & np.asarray(stamps < before)
            frames.append(
                pd.DataFrame({"interval_start": stamps[keep], "queue": queue, "inquiries": y[keep]})
            )
        return pd.concat(frames, ignore_index=True)

    def _weigh(self, families: set[str]) -> None:
        """Per queue, the weight of the lift model against the aligned analog
        (:class:`LastYearCampaign`) for each of ``families`` not weighed yet: both are
        refitted as of 7 days before the family's last complete campaign and the weight
        minimising the hourly WAPE of their mix over that campaign's season is kept
        (:data:`WEIGHT_GRID`). Without such a campaign, or when it has no predecessor for the
        analog, the lift model stands alone. Done on first use by :meth:`predict` (only the
        families of the horizon cost their two refits)."""
        todo = families - self._weighed
        if not todo or not self.combine:
            return
        self._weighed |= todo
        cal = self.calendar_
        if not hasattr(self, "analog_"):
            self.analog_ = LastYearCampaign(holidays=self.holidays_).fit(
                self._observed(self.end_), self._calendar_input
            )
        events = cal.drop_duplicates("event")
        done = events[(events["event_end"] < self.end_) & events["family"].isin(todo)]
        for family, rows in done.groupby("family", sort=False):
            if len(rows) < 2:
                continue
            last = rows.sort_values("event_start").iloc[-1]
            got = self._backtest_event(last)
            if got is None:
                continue
            for queue, weighing in got.items():
                self.weights_[queue][str(family)] = weighing
                self.notes_.append(
                    msg(
                        "fc.weights",
                        queue=queue,
                        event=str(last["event"]),
                        lift=weighing.wape_lift,
                        analog=weighing.wape_analog,
                        mixed=weighing.wape_mixed,
                        weight=weighing.weight,
                    )
                )

    def _backtest_event(self, event: pd.Series) -> dict[str, Weighing] | None:
        origin = event["event_start"].normalize() - pd.Timedelta(days=WEIGHT_ORIGIN_DAYS)
        end = event["event_end"].normalize()
        train = self._observed(origin)
        try:
            # the model's own skill: a planner's heat on that campaign is left out
            calendar = self._calendar_input
            if calendar is not None and "heat" in calendar.columns:
                calendar = calendar.drop(columns="heat")
            lift = CampaignForecaster(combine=False, holidays=self.holidays_).fit(train, calendar)
            analog = LastYearCampaign(holidays=self.holidays_).fit(train, self._calendar_input)
        except (InputDataError, ValueError, ArithmeticError):
            # the weighing is evidence, not the forecast: a past origin that cannot be
            # refitted (too little history then, a degenerate fit) leaves the lift model alone
            return None
        stamps = horizon_stamps(origin, end, self.minutes_)
        season = np.asarray(stamps >= event["event_start"].normalize())
        listed = self._listed(assign_phases(stamps, self.calendar_, self.minutes_)[0])
        per_hour = max(60 // self.minutes_, 1)
        out: dict[str, Weighing] = {}
        for queue in self.queues_:
            if queue not in lift.series_:
                continue
            series = self.series_[queue]
            pos = ((stamps - series.days[0]) // pd.Timedelta(minutes=self.minutes_)).to_numpy()
            flat = series.y.ravel()
            y = np.where(pos >= 0, flat[np.clip(pos, 0, len(flat) - 1)], np.nan)
            c = lift._predict_queue(queue, stamps)[0]
            a = np.where(listed, analog._predict_queue(queue, stamps)[0], c)
            ok = season & np.isfinite(y)
            hours = (np.flatnonzero(ok) // per_hour).astype(np.int64)
            if len(hours) == 0 or np.nansum(y[ok]) <= 0:
                continue
            sums = [np.bincount(hours, v[ok]) for v in (y, c, a)]
            ys, cs, as_ = (v[np.unique(hours)] for v in sums)
            errors = [np.abs(w * cs + (1 - w) * as_ - ys).sum() / ys.sum() for w in WEIGHT_GRID]
            best = float(WEIGHT_GRID[::-1][int(np.argmin(np.round(errors, 6)[::-1]))])
            # one past campaign is thin evidence (its layout may differ from this year's):
            # the weight moves only part of the way from the lift model to the best mix
            weight = 1 - WEIGHT_TRUST * (1 - best)
            out[queue] = Weighing(
                weight=weight,
                event=str(event["event"]),
                wape_lift=float(errors[-1]),
                wape_analog=float(errors[0]),
                wape_mixed=float(np.abs(weight * cs + (1 - weight) * as_ - ys).sum() / ys.sum()),
            )
        return out

    def evidence(self) -> pd.DataFrame:
        """The weighing backtests behind the mix: one row per queue and campaign family,
        ``queue, family, event, wape_lift, wape_analog, wape_mixed, weight`` (empty when no
        family has a past campaign with a predecessor)."""
        rows = [
            {"queue": queue, "family": family, **vars(weighing)}
            for queue, families in getattr(self, "weights_", {}).items()
            for family, weighing in families.items()
        ]
        columns = ["queue", "family", "event", "wape_lift", "wape_analog", "wape_mixed", "weight"]
        return pd.DataFrame(rows, columns=columns)

    def _listed(self, phase: np.ndarray) -> np.ndarray:
        """Whether each interval of :func:`assign_phases` ``phase`` ids lies in a listed phase
        (not :data:`IN_SEASON`): where the analog is mixed in, since it has no alignment for
        the days between phases."""
        names = self.calendar_["phase"].to_numpy()[np.maximum(phase, 0)]
        return (phase >= 0) & (names != IN_SEASON)

    def _mix(
        self, queue: str, stamps: pd.DatetimeIndex, mean: np.ndarray, logvar: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The lift model's mean mixed with the analog's by each family's weight; the log
        variance grows by the mix's spread ``w(1 − w)·(log a − log c)²``."""
        phase, _ = assign_phases(stamps, self.calendar_, self.minutes_)
        families = self.calendar_["family"].to_numpy()
        inside = phase >= 0
        planned = np.zeros(len(phase), dtype=bool)
        planned[inside] = (
            self.calendar_["event"].isin(list(self.planned_heat_)).to_numpy()[phase[inside]]
        )
        self._weigh({str(f) for f in np.unique(families[phase[inside & ~planned]])})
        events = self.calendar_["event"].to_numpy()
        self._ask_for_heat({str(e) for e in np.unique(events[phase[inside]])})
        weights = self.weights_.get(queue, {})
        if not weights or not any(w.weight < 1 for w in weights.values()):
            return mean, logvar
        listed = self._listed(phase)
        w = np.ones(len(stamps))
        for family, weighing in weights.items():
            w[listed & (families[np.maximum(phase, 0)] == family)] = weighing.weight
        # a campaign whose heat the planner gave is the lift model's alone
        w[planned] = 1.0
        if (w == 1).all():
            return mean, logvar
        analog = self.analog_._predict_queue(queue, stamps)[0]
        mixed = w * mean + (1 - w) * analog
        spread = w * (1 - w) * np.square(np.log1p(analog) - np.log1p(mean))
        return mixed, logvar + spread

    def _borrow_curves(self) -> None:
        """A queue without past campaigns (new this year) borrows the curves of the queue with
        the most: lifts are ratios to each queue's own baseline, so they transfer."""
        if self.calendar_.empty:
            return
        donors = [q for q in self.queues_ if self.curves_[q]]
        if not donors:
            self.notes_.append(msg("fc.no_past_campaign"))
            return
        donor = max(donors, key=lambda q: self.spread_[q][2])
        for queue in self.queues_:
            if not self.curves_[queue]:
                self.curves_[queue] = self.curves_[donor]
                self.spread_[queue] = self.spread_[donor]
                self.season_share_[queue] = self.season_share_[donor]
                self.heat_var_[queue] = self.heat_var_[donor]
                self.shape_var_[queue] = self.shape_var_[donor]
                self.two_clocks_[queue] = self.two_clocks_.get(donor, False)  # as built
                self.excess_exponent_[queue] = self.excess_exponent_.get(donor, 0.0)  # likewise
                self.notes_.append(msg("fc.borrowed_curves", queue=queue, donor=donor))

    def _samples(self, queue: str, series: QueueSeries) -> pd.DataFrame:
        """Observed intervals of every phase in the history with their baseline."""
        cal = self.calendar_
        empty = pd.DataFrame(
            columns=[
                "event",
                "family",
                "phase",
                "phase_id",
                "elapsed",
                "since_start",
                "end_phase",
                "end_index",
                "day",
                "y",
                "base",
                "complete",
                "reopen",
                "factor",
                "glm_factor",
            ]
        )
        if cal.empty:
            return empty
        stamps = series.stamps(self.minutes_)
        phase, elapsed = assign_phases(stamps, cal, self.minutes_)
        names, index = two_clocks(phase, elapsed, cal, self.minutes_)
        y = series.y.ravel()
        # A closed slot's 0 is no campaign evidence (a shop closed on Saturdays would teach
        # every phase that reached a Saturday a lift of 0); served ones count even if closed
        # by the weekly hours (opened for the campaign).
        served = self.open_slots(queue, series.days).ravel() | (np.nan_to_num(y) > 0)
        inside = (phase >= 0) & np.isfinite(y) & served
        if not inside.any():
            return empty
        state = self.state_[queue]
        # a day that opens after a day the queue served nobody also serves that day's backlog
        idle = series.closed_day & (series.totals == 0)
        reopen = np.repeat(np.concatenate([[False], idle[:-1]]), series.slots)
        frames = []
        for event, rows in cal.groupby("event", sort=False).groups.items():
            mask = inside & np.isin(phase, np.asarray(rows))
            if not mask.any():
                continue
            first = cal.loc[rows, "event_start"].iloc[0].normalize()
            anchor = int(np.searchsorted(series.days.to_numpy(), first.to_datetime64()))
            daily = self._fit_daily(series, state.usable, anchor) if anchor > 200 else state.daily
            correction = level_correction(series, state.usable, daily, anchor)
            self._levels[queue][str(event)] = self._event_level(str(event), daily, correction)
            profiles = intraday_profiles(series, state.usable, state.types, anchor)
            base = self._base(stamps[mask], daily, correction, profiles, BASE_FLOOR, queue=queue)
            ids = phase[mask]
            frames.append(
                pd.DataFrame(
                    {
                        "event": event,
                        "family": cal["family"].to_numpy()[ids],
                        "phase": cal["phase"].to_numpy()[ids],
                        "phase_id": ids,
                        "elapsed": elapsed[mask],
                        "since_start": elapsed[mask],
                        "end_phase": names[mask],
                        "end_index": index[mask],
                        "day": stamps[mask].normalize(),
                        "y": y[mask],
                        "base": base,
                        "complete": bool(cal.loc[rows, "event_end"].iloc[0] < self.end_),
                        "reopen": reopen[mask],
                        "factor": self.day_factor(stamps[mask], daily, correction),
                        "glm_factor": self.day_factor(stamps[mask], daily, np.ones(7)),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True) if frames else empty

    @staticmethod
    def _excess_exponent(samples: pd.DataFrame) -> float:
        """``γ``: a campaign's excess on a day follows its ordinary total times the day's
        factor (:meth:`day_factor`) to the power ``γ``. 0 is a multiple of the day's own
        baseline (a Saturday's baseline 30 % up, its excess too); −1 the same excess
        whatever the day of the week or holiday (a 端午 that halves ordinary chats leaves
        the wave's extra inquiries as they were).

        Learned from the whole days of past phases with a clear excess (over 20 % of the
        baseline): the log of each day's excess ratio ``r`` is regressed on the log of the
        GLM's factor for the day (without the level correction's weekday part, whose noise
        would also sit in the ratio and bias the slope), with one level per campaign (its
        heat) and one per phase kind and day of the phase (its shape), so that it is the
        same day of a phase falling on other weekdays and holidays in other years that
        speaks. A baseline off by ``b`` moves ``log r`` by ``b·(1 + r)/r``, so each day
        weighs ``(r / (1 + r))²``; the slope's standard error is clustered by phase (its
        days share their heat). Two models are then averaged by their evidence: the
        excess follows the day (``γ = 0``), or it has a slope of its own with a prior of
        sd :data:`EXCESS_EXPONENT_PRIOR`, whose posterior mean is the slope shrunk by its
        standard error. Kept within [−1, 0].
        """
        if samples.empty:
            return 0.0
        past = samples[samples["complete"].astype(bool) & (samples["phase"] != IN_SEASON)]
        past = past[np.isfinite(past["y"].to_numpy(dtype=float))]
        if past.empty:
            return 0.0
        days = (
            past.assign(spike=spike_days(past))
            .groupby(["event", "phase_id", "day"], sort=False)
            .agg(
                y=("y", "sum"),
                base=("base", "sum"),
                n=("y", "size"),
                factor=("glm_factor", "first"),
                phase=("phase", "first"),
                spike=("spike", "any"),
            )
            .reset_index()
        )
        # days of the phase counted from its first, spike or not
        first = days.groupby("phase_id")["day"].transform("min")
        days["offset"] = (days["day"] - first).dt.days
        ratio = (days["y"] - days["base"]) / days["base"]
        keep = (
            (days["n"] >= 0.9 * days["n"].max())
            & (ratio > 0.2)
            & (days["factor"] > 0)
            & ~days["spike"].astype(bool)
        )
        days = days[keep.to_numpy()].reset_index(drop=True)
        ratio = ratio[keep.to_numpy()].reset_index(drop=True)
        if len(days) < EXCESS_MIN_DAYS or days["event"].nunique() < 2:
            return 0.0
        shape = days["phase"].astype(str) + "|" + days["offset"].astype(str)
        design = pd.concat(
            [
                np.log(days["factor"]).rename("factor"),
                pd.get_dummies(days["event"].astype(str), prefix="event", dtype=float),
                pd.get_dummies(shape, prefix="shape", dtype=float),
            ],
            axis=1,
        )
        columns = _independent(design)
        # a baseline off by b moves a day's log excess ratio r by b·(1 + r)/r: weighted by
        # the inverse, so that quiet phases (where that is most of what they show) count less
        r = ratio.to_numpy(dtype=float)
        root = r / (1 + r)
        x = design[columns].to_numpy(dtype=float) * root[:, None]
        y = np.log(r) * root
        if columns[0] != "factor" or len(y) <= x.shape[1] + 2:
            return 0.0
        # clustered by phase: a phase's days share its own heat and noise
        fitted = _clustered_slope(x, y, days["phase_id"].to_numpy())
        if fitted is None:
            return 0.0
        slope, var = fitted
        # two models averaged by their evidence: the excess follows the day (γ = 0, the
        # default a noisy slope must overcome) or it has a slope of its own (prior sd τ)
        prior = EXCESS_EXPONENT_PRIOR**2
        odds = stats.norm.pdf(slope, 0.0, np.sqrt(prior + var)) / stats.norm.pdf(
            slope, 0.0, np.sqrt(var)
        )
        weight = odds / (1.0 + odds) if np.isfinite(odds) else 1.0
        return float(np.clip(weight * slope * prior / (prior + var), -1.0, 0.0))

    @staticmethod
    def _excess_ratio(
        part: pd.DataFrame, lift: np.ndarray, day_dispersion: float = 0.0, day_rho: float = 0.0
    ) -> tuple[float, float] | None:
        """``(log K, sampling variance of log K)`` of observed samples against curve lifts,
        or None when the curves expect no excess there.

        ``K = Σ(y − base) / Σ base·(lift − 1)``; its sampling variance is that of ``Σ y``
        (counts with dispersion ``day_dispersion`` on each day's total, correlated
        ``day_rho ** |days apart|`` between days: a busy spell is one piece of evidence,
        not one per day) over the excess².
        The days between phases (:data:`~forecaster.campaigns.IN_SEASON`) are left out: their
        excess is small against their volume, so they would add noise and little signal. So
        are a day that opens after a day the queue served nobody (its backlog is no heat),
        and a day whose excess lies over :data:`OFF_HEAT_SD` sd off ``K`` (day noise
        :data:`DAY_REL_SD`, phase spread :data:`PHASE_REL_SD`), each when at least three days
        and half the expected excess remain.
        """
        keep = (part["phase"] != IN_SEASON).to_numpy() & np.isfinite(lift)
        part, lift = part[keep], lift[keep]
        if part.empty:
            return None
        base = part["base"].to_numpy()
        excess = (base * (lift - 1)).sum()
        if abs(excess) < 0.05 * base.sum() or excess <= 0:
            return None
        frame = pd.DataFrame(
            {
                "seen": part["y"].to_numpy() - base,
                "due": base * (lift - 1),
                "mean": np.maximum(base * lift + _shift(part), 0.0),
                "reopen": part["reopen"].to_numpy(dtype=bool) if "reopen" in part else False,
                "spike": part["spike"].to_numpy(dtype=bool) if "spike" in part else False,
            }
        )
        days = frame.groupby(part["day"].to_numpy(), sort=False).sum()
        seen, due, mean = (days[c].to_numpy() for c in ("seen", "due", "mean"))

        def enough(keep: np.ndarray) -> bool:
            return bool(keep.sum() >= 3 and due[keep].sum() > 0.5 * excess)

        # a day that opens after closed ones (a Monday after a closed weekend, the day after
        # a closed holiday) also serves their backlog: its excess is not the heat
        kept = days["reopen"].to_numpy() == 0
        if not enough(kept):
            kept[:] = True
        # an unlisted promotion's day (:func:`~forecaster.campaigns.spike_days`) is no heat
        unlisted = days["spike"].to_numpy() > 0
        if (unlisted & kept).any() and enough(kept & ~unlisted):
            kept &= ~unlisted
        k = seen[kept].sum() / due[kept].sum()
        # a day far off the campaign's heat (an unlisted 品牌日 inside a presale, a bot
        # flood; K still counts it here, so only a gross outlier is caught) is no evidence
        # of the heat ahead: it is left out when enough days remain
        sd = np.sqrt(
            mean
            + day_dispersion * mean**2
            + (DAY_REL_SD * mean) ** 2
            + (PHASE_REL_SD * k * due) ** 2
        )
        odd = np.abs(seen - k * due) > OFF_HEAT_SD * sd
        if (odd & kept).any() and enough(kept & ~odd):
            kept &= ~odd
        excess = due[kept].sum()
        k = seen[kept].sum() / excess
        mean = mean[kept]
        k = float(np.clip(k, 0.2, 5.0))
        when = days.index.to_numpy(dtype="datetime64[D]")[kept].astype(np.int64)
        corr = day_rho ** np.abs(when[:, None] - when[None, :]).astype(float)
        var_k = float(mean.sum() + day_dispersion * mean @ corr @ mean) / excess**2
        return float(np.log(k)), var_k / k**2

    def _curve_lift(
        self, curves: dict[tuple[str, str], LiftCurve], part: pd.DataFrame, learned: bool = True
    ) -> np.ndarray:
        """Curve lift of each sample; with ``learned``, NaN beyond the curve's learned length
        (a phase that runs longer than any past one), where the lift is extrapolated and
        says nothing about the campaign's heat (:meth:`_excess_ratio` leaves those samples
        out)."""
        lift = np.ones(len(part))
        for (family, phase), idx in part.groupby(["family", "phase"], sort=False).indices.items():
            curve, at = clock_curve(
                curves,
                str(family),
                str(phase),
                part["elapsed"].to_numpy()[idx],
                part["since_start"].to_numpy()[idx],
            )
            if curve is not None:
                inside = at < len(curve.values) if learned else True
                lift[idx] = np.where(inside, curve.at(at), np.nan)
        return lift

    @staticmethod
    def _clocked(samples: pd.DataFrame, two: bool) -> pd.DataFrame:
        """``samples`` keyed for one clock per phase, or two (:func:`two_clocks`)."""
        if not two or samples.empty:
            return samples
        return samples.assign(phase=samples["end_phase"], elapsed=samples["end_index"])

    def _learn_curves(
        self, clean: pd.DataFrame, events: list[str]
    ) -> tuple[bool, CurveBook | None, dict[str, dict[tuple[str, str], LiftCurve]]]:
        """``(two clocks?, curve book, curves without each of events)`` of a queue's past
        campaigns (``clean``: their samples without unlisted promotions).

        Whether two clocks (:func:`~forecaster.campaigns.two_clocks`) forecast the past
        campaigns better than one: each campaign left out, forecast from the others' curves
        at its own heat (so that the clocks, not the heat, are compared), by the absolute
        error of its intervals. Waves whose closing rush moves with their length want two;
        flat phases of one level want one (two would halve the evidence per curve). One
        clock with fewer than two past campaigns or no phase long enough to split. The
        leave-one-out curves of the clocks chosen are kept for the spreads
        (:meth:`_fit_campaigns`)."""

        def learn(
            two: bool,
        ) -> tuple[CurveBook | None, dict[str, dict[tuple[str, str], LiftCurve]]]:
            keyed = self._clocked(clean, two)
            book = CurveBook(keyed, self.minutes_) if not keyed.empty else None
            if book is None or len(events) < 2:
                return book, {}
            return book, {event: book.curves(without=event) for event in events}

        one = learn(False)
        if len(events) < 2 or clean.empty or not clean["end_phase"].str.endswith(END_CLOCK).any():
            return False, *one
        two = learn(True)
        errors = []
        for is_two, (_, loo) in ((False, one), (True, two)):
            keyed = self._clocked(clean, is_two)
            total = 0.0
            for event, own in keyed.groupby("event", sort=False):
                own = own.reset_index(drop=True)
                lift = self._curve_lift(loo[str(event)], own, learned=False)
                heat = self._excess_ratio(own, lift)
                k = float(np.exp(heat[0])) if heat is not None else 1.0
                fit = own["base"].to_numpy() * np.maximum(1 + k * (lift - 1), 0.05)
                total += float(np.nansum(np.abs(own["y"].to_numpy() - fit)))
            errors.append(total)
        return (True, *two) if errors[1] < errors[0] else (False, *one)

    def _fit_campaigns(self, queue: str, series: QueueSeries) -> pd.DataFrame:
        """Lift curves and the between/within-campaign spread of one queue; returns the
        samples (for :meth:`_fit_intensity`)."""
        samples = self._samples(queue, series)
        gamma = self._excess_exponent(samples)
        self.excess_exponent_[queue] = gamma
        if gamma <= EXCESS_NOTE_EXPONENT:
            self.notes_.append(msg("fc.excess_by_day", queue=queue, share=1 + gamma))
        samples = excess_scaled(samples, gamma)
        # an unlisted promotion (a 聚划算 on day five of a presale) is neither the phase's
        # shape nor its campaign's heat: left out of the curves and of every heat estimate
        samples["spike"] = spike_days(samples) if not samples.empty else False
        past = samples[samples["complete"].astype(bool)] if not samples.empty else samples
        clean = past[~past["spike"].astype(bool)] if not past.empty else past
        events = [str(e) for e in pd.unique(past["event"])] if not past.empty else []
        two, book, loo = self._learn_curves(clean, events)
        self.two_clocks_[queue] = two
        samples, past = (self._clocked(frame, two) for frame in (samples, past))
        self.curves_[queue] = book.curves() if book else {}
        self._past[queue] = past
        self._loo[queue] = loo
        # leave-one-campaign-out intensities: how far each campaign ran from the others' curves
        event_logs: list[float] = []
        phase_devs: list[float] = []
        seasons: dict[str, np.ndarray] = {}
        left_out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        heat_known: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for event, curves in loo.items():
            own = past[past["event"] == event].reset_index(drop=True)
            gap = own[own["phase"] == IN_SEASON]
            if not gap.empty:
                lift = np.nan_to_num(self._curve_lift(curves, gap.reset_index(drop=True)), nan=1.0)
                y, base = gap["y"].to_numpy(), gap["base"].to_numpy()
                family = str(gap["family"].iloc[0])
                errors = [np.abs(y - base * (1 + s * (lift - 1))).sum() for s in SEASON_SHARES]
                seasons[family] = seasons.get(family, 0) + np.asarray(errors)
            lift = self._curve_lift(curves, own)
            # a curve of 0 (a phase never served) has no slope
            ok = np.isfinite(lift) & (lift > 0)
            shift: np.ndarray | None = None
            if "shift" in own:
                # in counts, as the noise calibrations read them; excess_scaled leaves a phase
                # never served near 0, not at it: an interval expected to see under
                # MIN_CALIBRATION_MEAN chats has no slope either
                taken = own["shift"].to_numpy(dtype=float)
                ok &= own["base"].to_numpy() * lift + taken > MIN_CALIBRATION_MEAN
                shift = taken[ok]
            y, scale = _counts(own)[ok], own["base"].to_numpy()[ok]
            left_out.append((y, *_in_counts(scale, shift, lift[ok], lift[ok] - 1)))
            whole = self._excess_ratio(own, lift)
            if whole is None:
                continue
            event_logs.append(whole[0])
            # the same campaign at its own heat: what is left is its spread around the curves
            excess = np.exp(whole[0]) * (lift[ok] - 1)
            at_heat = np.maximum(1 + excess, 0.05)
            heat_known.append((y, *_in_counts(scale, shift, at_heat, excess)))
            for _, part in own.groupby("phase_id", sort=False):
                part = part.reset_index(drop=True)
                got = self._excess_ratio(part, self._curve_lift(curves, part))
                if got is not None:
                    phase_devs.append(got[0] - whole[0])
        # the in-season lift is kept to the share that predicted left-out seasons best
        self.season_share_[queue] = {
            family: float(SEASON_SHARES[int(np.argmin(np.round(errors, 6)))])
            for family, errors in seasons.items()
        }
        s0, n0 = INTENSITY_PRIOR
        p0, m0 = PHASE_PRIOR
        sigma_k2 = (np.sum(np.square(event_logs)) + n0 * s0**2) / (len(event_logs) + n0)
        sigma_p2 = (np.sum(np.square(phase_devs)) + m0 * p0**2) / (len(phase_devs) + m0)
        self.spread_[queue] = (float(sigma_k2), float(sigma_p2), len(events))
        self.heat_var_[queue] = self._calibrated_heat(queue, left_out)
        # only a planner's heat uses it (:meth:`_around_heat`); a calibration costs ~0.3 s
        self.shape_var_[queue] = (
            self._calibrated_heat(queue, heat_known) if self.planned_heat_ else None
        )
        return samples

    def _around_heat(self, queue: str) -> float:
        """Log-variance of a campaign's intervals around its curves once its heat is known
        (a planner's heat): calibrated on past campaigns, each left out and forecast at its
        own heat (:meth:`_calibrated_heat`), so that it holds how far its phases and days
        ran from the curves; the phases' spread ``σ_p²`` without two past campaigns."""
        known = self.shape_var_.get(queue)
        return float(known) if known is not None else self.spread_[queue][1]

    def _calibrated_heat(
        self, queue: str, left_out: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
    ) -> float | None:
        """The log-variance of an unseen campaign's heat that gives P10–P90 bands covering
        80 % of past campaigns' intervals, each forecast from the other campaigns' curves
        (leave one out, as a forecast made before the campaign would be); None with fewer
        than two past campaigns or too few intervals."""
        if len(left_out) < 2:
            return None
        y, mu, slope = (np.concatenate(parts) for parts in zip(*left_out, strict=True))
        ok = np.isfinite(y) & (mu > 0)
        if ok.sum() < 200:
            return None
        step = max(int(ok.sum()) // CALIBRATION_SAMPLES, 1)  # evenly thinned, for speed
        y, mu, slope2 = y[ok][::step], mu[ok][::step], np.square(slope[ok][::step])
        base = 1 + self._dispersion(queue, 1)

        def covered(v: float) -> float:
            return coverage(y, mu, base * np.exp(slope2 * v) - 1)

        return calibrate(covered, 0.0, 2.0, 0.8)

    def _fit_intensity(self, queue: str, series: QueueSeries, samples: pd.DataFrame) -> None:
        """Intensity of the campaigns under way at the end of the history: how hot they ran
        so far against the curves, shrunk by the spread (module doc)."""
        sigma_k2, sigma_p2, _ = self.spread_[queue]
        intensities: dict[str, Intensity] = {}
        current = samples[~samples["complete"].astype(bool)] if not samples.empty else samples
        day_dispersion = self._dispersion(queue, series.slots)
        state = self.state_[queue]
        day_rho = day_correlation(series, state.usable, state.daily)
        levels: dict[str, SeasonLevel] = {}
        for event, own in current.groupby("event", sort=False) if not current.empty else []:
            own = own.reset_index(drop=True)
            family, share = str(own["family"].iloc[0]), self._seen_share(str(event))
            seen = self._excess_ratio(
                own, self._curve_lift(self.curves_[queue], own), day_dispersion, day_rho
            )
            if seen is not None:
                phases = int(own.loc[own["phase"] != IN_SEASON, "phase_id"].nunique())
                noise = sigma_p2 / phases + seen[1]
                weight = sigma_k2 / (sigma_k2 + noise)
                pairs = self._early_late(queue, family, share)
                carry, carry_var, rest_var = carry_over(pairs, weight, sigma_p2)
                carry = cautious(carry, carry_var)
                # the heat carried is the departure from the expected one: the curves' (0),
                # or the planner's, whose error (PLANNED_HEAT_SD) is all a departure from it
                # can tell about the phases ahead, against the early phases' own noise: at
                # least the noise implied by the carry-over applied without a planner's heat
                # (learned from past campaigns and shrunk by its own uncertainty; a share c
                # of a heat spread σ² carried means noise σ²(1 − c)/c)
                mu = self._planned_log_k(queue, str(event))
                if str(event) in self.planned_heat_:
                    implied = sigma_k2 * (1 - carry) / carry if carry > 0 else np.inf
                    pairs, carry_var = [], 0.0
                    carry = PLANNED_HEAT_SD**2 / (PLANNED_HEAT_SD**2 + max(noise, implied))
                    rest_var = PLANNED_HEAT_SD**2 * (1 - carry) + self._around_heat(queue)
                gap = seen[0] - mu
                intensities[str(event)] = Intensity(
                    log_k=mu + carry * gap,
                    log_var=rest_var + gap**2 * carry_var + carry**2 * seen[1],
                    phases_seen=phases,
                    carry=carry,
                    seen_log_k=seen[0],
                    pairs=len(pairs),
                )
            got = intensities.get(str(event))
            k = float(np.exp(got.log_k)) if got else 1.0
            ratio = self._season_ratio(queue, self.curves_[queue], own, k)
            if ratio is None:
                continue
            pairs = self._season_pairs(queue, family, share)
            carry, carry_var, rest_var = carry_over(pairs, SEASON_CARRY_PRIOR, SEASON_LEVEL_VAR)
            levels[str(event)] = SeasonLevel(
                log_level=carry * ratio,
                log_var=rest_var + ratio**2 * carry_var,
                seen_log_ratio=ratio,
                carry=carry,
                pairs=len(pairs),
            )
        ahead = self._ahead()
        for event in self.planned_heat_:
            if event in ahead and event not in intensities:  # not begun yet
                intensities[event] = Intensity(
                    log_k=self._planned_log_k(queue, event),
                    # against the curves of other campaigns: a campaign's usual band
                    log_var=PLANNED_HEAT_SD**2 + self._around_heat(queue)
                    if self._last_event(queue, event) is not None
                    else float("nan"),
                    phases_seen=0,
                )
        self.intensity_[queue] = intensities
        self.season_level_[queue] = levels

    def _ahead(self) -> set[str]:
        """Campaigns not over by the end of the history (a planner's heat on a past one is
        for backtests made before it)."""
        cal = self.calendar_
        return set(cal.loc[cal["event_end"] >= self.end_, "event"].astype(str))

    def _planned_log_k(self, queue: str, event: str) -> float:
        """Log of the intensity the planner's heat gives ``event`` (0 without one).

        The heat is a multiple of last year's extra inquiries (a GMV target), not of last
        year's lift: the excess of the family's last past campaign over the curves, times
        the heat, times that campaign's ordinary level over this one's (the lift is a
        multiple of this year's level, so a shop whose ordinary days grew by 30 % does not
        count its growth twice). The heat alone when there is no past campaign. A campaign
        not begun takes it with log-variance :data:`PLANNED_HEAT_SD`² plus the spread of a
        campaign around its own heat (:meth:`_around_heat`); one under way carries its
        departure from it by the planner's error against the early phases' noise
        (:meth:`_fit_intensity`)."""
        if event not in self.planned_heat_:
            return 0.0
        last = self._last_event(queue, event)
        if last is None:
            return float(np.log(self.planned_heat_[event]))
        name, own = last
        got = self._excess_ratio(own, self._curve_lift(self.curves_[queue], own))
        return float(
            np.log(self.planned_heat_[event])
            + (got[0] if got is not None else 0.0)
            + self._level_change(queue, name, event)
        )

    def _last_event(self, queue: str, event: str) -> tuple[str, pd.DataFrame] | None:
        """The last past campaign of ``event``'s family and its samples, or None."""
        rows = self.calendar_[self.calendar_["event"] == event]
        family, start = str(rows["family"].iloc[0]), rows["start"].min()
        past = self._past.get(queue)
        if past is None or past.empty:
            return None
        same = past[(past["family"] == family) & (past["day"] < start)]
        if same.empty:
            return None
        name = str(same.loc[same["day"].idxmax(), "event"])
        return name, same[same["event"] == name].reset_index(drop=True)

    def _event_level(self, event: str, daily: DailyModel, correction: np.ndarray) -> float:
        """Mean ordinary total of ``event``'s days by the baseline ``daily`` × ``correction``
        (the level its lifts multiply) [count/day]; NaN without days."""
        rows = self.calendar_[self.calendar_["event"] == event]
        if rows.empty:
            return float("nan")
        days = pd.date_range(
            rows["event_start"].iloc[0].normalize(), rows["event_end"].iloc[0].normalize()
        )
        totals = daily.predict(days) * correction[days.day_of_week.to_numpy()]
        return float(np.mean(totals))

    def _level_change(self, queue: str, past: str, event: str) -> float:
        """Log of ``past``'s ordinary level over ``event``'s (0 when either is unknown),
        clipped to ±:data:`MAX_LEVEL_CHANGE`."""
        before = self._levels[queue].get(past, float("nan"))
        now = self._levels[queue].get(event)
        if now is None:  # not begun: this year's level as the baseline forecasts it now
            state = self.state_[queue]
            now = self._event_level(event, state.daily, state.correction)
        if not (np.isfinite(before) and np.isfinite(now) and before > 0 and now > 0):
            return 0.0
        return float(np.clip(np.log(before / now), -MAX_LEVEL_CHANGE, MAX_LEVEL_CHANGE))

    def _season_ratio(
        self,
        queue: str,
        curves: dict[tuple[str, str], LiftCurve],
        part: pd.DataFrame,
        k: float = 1.0,
    ) -> float | None:
        """Log of how far a campaign's days between listed phases ran from the forecast of
        them (baseline × kept in-season lift at heat ``k``): the median over days of each
        day's log ratio (an unlisted 直播 or 聚划算 day does not move its centre), shrunk
        towards 0 by its standard error against :data:`SEASON_PRIOR_VAR`. The standard error
        is the days' plain spread on purpose: days that disagree (three livestream days and
        an ordinary one) are weak evidence of a level, and are shrunk hard. None with fewer
        than :data:`SEASON_MIN_DAYS` such days."""
        gap = part[part["phase"] == IN_SEASON].reset_index(drop=True)
        if gap.empty or gap["day"].nunique() < SEASON_MIN_DAYS:
            return None
        r = np.nan_to_num(self._curve_lift(curves, gap), nan=1.0)
        share = self.season_share_[queue].get(str(gap["family"].iloc[0]), 1.0)
        fit = gap["base"].to_numpy() * np.maximum(1 + share * (r - 1) * k, 0.05)
        days = pd.DataFrame({"y": gap["y"].to_numpy(), "fit": fit}).groupby(
            gap["day"].to_numpy(), sort=False
        )
        sums = days.sum()
        sums = sums[(sums["fit"] >= 1) & (sums["y"] > 0)]
        if len(sums) < SEASON_MIN_DAYS:
            return None
        logs = np.log(sums["y"].to_numpy() / sums["fit"].to_numpy())
        # shrunk towards 0 by its own day-to-day spread: three odd days are weak evidence
        se2 = max(float(np.var(logs, ddof=1)), SEASON_LEVEL_VAR) * (np.pi / 2) / len(logs)
        return float(np.median(logs)) * SEASON_PRIOR_VAR / (SEASON_PRIOR_VAR + se2)

    def _season_pairs(
        self, queue: str, family: str, seen_share: float
    ) -> list[tuple[float, float, float]]:
        """``(early, later season log ratio, sampling variance)`` of each past campaign
        (leave-one-out curves, :meth:`_season_ratio`): its days between phases before its
        first later listed phase (split as in :meth:`_early_late`) and after. Campaigns of
        the same family, or of the others when none of those has days on both sides. A
        campaign whose only days between phases lie before the split (presale, gap, then a
        last wave with its peak day) gives no pair: without any, the share is its prior."""
        same, others = self._past_events(queue, family)
        pairs = []
        for events in (same, others):
            for event in events:
                split = self._split(event, seen_share)
                if split is None:
                    continue
                own = self._past[queue]
                own = own[own["event"] == event]
                early = (own["day"] < split[1]["start"].iloc[0].normalize()).to_numpy()
                got = [
                    self._season_ratio(queue, self._loo[queue][event], own[mask])
                    for mask in (early, ~early)
                ]
                if got[0] is not None and got[1] is not None:
                    pairs.append((got[0], got[1], 2 * SEASON_LEVEL_VAR))
            if pairs:
                break
        return pairs

    def _past_events(self, queue: str, family: str) -> tuple[list[str], list[str]]:
        """The past campaigns with leave-one-out curves: those of ``family``, the others."""
        past = self._past.get(queue)
        loo = self._loo.get(queue, {})
        if past is None or past.empty or not loo:
            return [], []
        families = past.drop_duplicates("event").set_index("event")["family"].astype(str)
        same = [e for e in loo if families[e] == family]
        return same, [e for e in loo if e not in same]

    def _split(self, event: str, seen_share: float) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """``event``'s listed phases split where a campaign that has begun ``seen_share`` of
        its own is (at least one phase on each side); None with fewer than two."""
        listed = self._listed_phases(event)
        if len(listed) < 2:
            return None
        cut = int(np.clip(round(seen_share * len(listed)), 1, len(listed) - 1))
        return listed.iloc[:cut], listed.iloc[cut:]

    def _listed_phases(self, event: str) -> pd.DataFrame:
        """The listed phases of ``event`` (not :data:`IN_SEASON`), by start."""
        cal = self.calendar_
        rows = cal[(cal["event"] == event) & (cal["phase"] != IN_SEASON)]
        return rows.sort_values(["start", "end"], kind="stable")

    def _seen_share(self, event: str) -> float:
        """Share of ``event``'s listed phases that began before the end of the history."""
        starts = self._listed_phases(event)["start"]
        return float((starts < self.end_).mean()) if len(starts) else 0.0

    def _early_late(
        self, queue: str, family: str, seen_share: float
    ) -> list[tuple[float, float, float]]:
        """``(early log K, later log K, their sampling variance)`` of each past campaign
        (leave-one-out curves): its heat in its first listed phases, as many of them as the
        campaign under way has begun (``seen_share`` of its listed phases, at least one), and
        in the phases after. The split follows the phases, not the days since the start:
        a campaign that runs longer than the past ones still finds its past counterparts.
        Campaigns of the same family when there are any."""
        same, others = self._past_events(queue, family)
        pairs = []
        for event in same or others:
            split = self._split(event, seen_share)
            if split is None:
                continue
            own = self._past[queue]
            own = own[own["event"] == event].reset_index(drop=True)
            early = np.isin(own["phase_id"].to_numpy(), split[0].index.to_numpy())
            parts = [own[mask].reset_index(drop=True) for mask in (early, ~early)]
            got = [
                self._excess_ratio(p, self._curve_lift(self._loo[queue][event], p)) for p in parts
            ]
            if got[0] is not None and got[1] is not None:
                pairs.append((got[0][0], got[1][0], got[0][1] + got[1][1]))
        return pairs

    def campaign_lift(
        self, queue: str, stamps: pd.DatetimeIndex
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lift over the (floored) baseline per interval [factor], its log-variance, and
        whether the interval lies in a campaign phase."""
        lift = np.ones(len(stamps))
        logvar = np.zeros(len(stamps))
        cal = self.calendar_
        if cal.empty:
            return lift, logvar, np.zeros(len(stamps), dtype=bool)
        phase, elapsed = assign_phases(stamps, cal, self.minutes_)
        if self.two_clocks_.get(queue):
            names, index = two_clocks(phase, elapsed, cal, self.minutes_)
        else:
            names = cal["phase"].to_numpy(dtype=object)[np.maximum(phase, 0)]
            index = elapsed
        sigma_k2, sigma_p2, n_events = self.spread_[queue]
        calibrated = self.heat_var_.get(queue)
        heat = sigma_k2 * (1 + 1 / max(n_events, 1)) if calibrated is None else calibrated
        unseen_var = heat * few_campaigns(n_events) + (sigma_p2 if calibrated is None else 0.0)
        curves = self.curves_[queue]
        inside = phase >= 0
        groups = pd.Series(np.flatnonzero(inside)).groupby(
            [phase[inside], names[inside]], sort=True
        )
        for (row, key), members in groups:
            idx = members.to_numpy()
            event, family, name = (str(cal.at[row, c]) for c in ("event", "family", "phase"))
            curve, at = clock_curve(curves, family, str(key), index[idx], elapsed[idx])
            if curve is None:
                logvar[idx] = UNSEEN_PHASE_SIGMA**2
                continue
            r = curve.at(at)
            if name == IN_SEASON:
                r = 1 + self.season_share_[queue].get(family, 1.0) * (r - 1)
            seen = self.intensity_[queue].get(event)
            k = float(np.exp(seen.log_k)) if seen else 1.0
            var_k = seen.log_var if seen and np.isfinite(seen.log_var) else unseen_var
            if (family, name) not in curves and (ANY, name) not in curves:
                var_k += UNSEEN_PHASE_SIGMA**2 / 4  # a phase type only pooled curves describe
            # the season's level so far (its days between phases) carries into the rest
            # of it: the whole in-season day, and the base under a listed phase's excess
            level = self.season_level_[queue].get(event)
            grown = float(np.exp(level.log_level)) if level else 1.0
            excess = (r - 1) * k
            if name == IN_SEASON:  # the level scales the whole day: log-slope 1
                lift[idx] = np.maximum(grown * (1 + excess), 0.05)
                heat_slope = excess / np.maximum(1 + excess, 0.05)
                level_slope = np.ones(len(idx))
            else:  # the level scales the base under the excess
                lift[idx] = np.maximum(grown + excess, 0.05)
                heat_slope = excess / lift[idx]
                level_slope = np.minimum(grown / lift[idx], 1.0)
            logvar[idx] = np.square(np.clip(heat_slope, -1.0, 1.0)) * var_k
            if level:
                logvar[idx] += np.square(level_slope) * level.log_var
        return lift, logvar, phase >= 0

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        lift, logvar, inside = self.campaign_lift(queue, stamps)
        state = self.state_[queue]
        gamma = self.excess_exponent_.get(queue, 0.0)
        if gamma != 0.0 and inside.any():
            rho = self.day_factor(stamps, state.daily, state.correction) ** gamma
            scaled = np.maximum(1 + rho * (lift - 1), 0.05)
            # d log mean / d log heat was (lift − 1)/lift, is now ρ(lift − 1)/scaled
            gain = np.where(np.abs(lift - 1) > 1e-9, rho * lift / scaled, 1.0)
            logvar = logvar * np.square(gain)
            lift = np.where(inside, scaled, lift)
        base = self.baseline(queue, stamps)
        floored = self._base(
            stamps, state.daily, state.correction, state.profiles, BASE_FLOOR, queue=queue
        )
        mean = np.where(inside, floored * lift, base)
        return self._mix(queue, stamps, mean, logvar + self.trend_logvar(queue, stamps))


class MSTLBaseline(Forecaster):
    """Ordinary days by MSTL on hourly totals (the alternative the GLM was chosen over).

    The last :data:`MSTL_WEEKS` weeks are summed to hours; campaign days and incomplete days
    are replaced by the mean of the same weekday's usable days (MSTL needs a gap-free
    series); ``log1p`` counts are decomposed by statsmodels' MSTL with daily and weekly
    periods; the forecast is the last day's mean trend plus the last week's seasonal
    components, split back to the history's intervals by each hour's within-hour shares of
    the recent profile. Holidays are not modelled: that, and the GLM's smaller errors in the
    ordinary-day backtests (``benchmarks/RESULTS.md``), is why ``baseline`` is the default.
    """

    name = "mstl"

    def _own_days(self, series: QueueSeries) -> np.ndarray:
        """MSTL fills closed days from the same weekday: it needs complete days only."""
        return series.complete & ~campaign_days(series.days, self.calendar_)

    def _fit(self) -> None:
        from statsmodels.tsa.seasonal import MSTL

        self.state_: dict[str, tuple[np.ndarray, float, np.ndarray, np.ndarray, float]] = {}
        for queue, series in self.series_.items():
            usable = series.complete & ~campaign_days(series.days, self.calendar_)
            if usable.sum() < MIN_ORDINARY_DAYS:
                raise InputDataError(
                    msg(
                        "fc.too_few_days",
                        queue=queue,
                        need=MIN_ORDINARY_DAYS,
                        has=int(usable.sum()),
                    )
                )
            per_hour = 60 // self.minutes_
            n = min(len(series.days), MSTL_WEEKS * 7)
            days = series.days[-n:]
            y = np.array(series.y[-n:], dtype=float)
            ok = usable[-n:]
            dow = days.day_of_week.to_numpy()
            fallback = np.nanmean(series.y[usable], axis=0)
            for d in np.flatnonzero(~ok):
                same = ok & (dow == dow[d])
                y[d] = y[same].mean(axis=0) if same.any() else fallback
            hourly = y.reshape(n, 24, per_hour).sum(axis=2).ravel()
            result = MSTL(np.log1p(hourly), periods=(24, 168)).fit()
            seasonal = np.asarray(result.seasonal)
            week = seasonal[-168:].sum(axis=1)
            level = float(np.asarray(result.trend)[-24:].mean())
            fitted = np.expm1(np.asarray(result.trend) + seasonal.sum(axis=1))
            within = y.reshape(n, 24, per_hour).sum(axis=0)
            within = within / np.maximum(within.sum(axis=1, keepdims=True), 1e-12)
            resid_var = float(np.var(np.asarray(result.resid)))
            phi = dispersion_from(hourly, fitted)
            # the series ends on a complete day: hour h of the last week sits at h % 168
            start_dow = int(days[-7].day_of_week)
            self.state_[queue] = (week, level, within, np.array([start_dow]), resid_var + phi)

    def _dispersion(self, queue: str, factor: int) -> float:
        return self.state_[queue][4]

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        week, level, within, start_dow, _ = self.state_[queue]
        hours_since = (stamps.day_of_week.to_numpy() - int(start_dow[0])) % 7 * 24 + stamps.hour
        log_mean = level + week[np.asarray(hours_since) % 168]
        per_hour = 60 // self.minutes_
        part = (stamps.minute.to_numpy() // self.minutes_) % per_hour
        mean = np.expm1(log_mean) * within[stamps.hour.to_numpy(), part]
        return np.maximum(mean, 0.0), np.zeros(len(stamps))


# --------------------------------------------------------------------------- benchmarks


class SeasonalNaive(Forecaster):
    """The same interval one week earlier, repeated over longer horizons (a benchmark)."""

    name = "seasonal_naive"
    needs_history = False  # a week of history is enough
    period_days: ClassVar[int] = 7

    def _fit(self) -> None:
        self.dispersion_ = {}
        for queue, series in self.series_.items():
            y = series.y
            lag = self.period_days
            recent = slice(max(len(y) - 56, lag), len(y))
            idx = np.arange(len(y))[recent]
            self.dispersion_[queue] = {
                f: dispersion_from(
                    _aggregate(y[idx], f).ravel(), _aggregate(y[idx - lag], f).ravel()
                )
                for f in (1, 2, 4)
            }

    def _dispersion(self, queue: str, factor: int) -> float:
        return self.dispersion_[queue].get(factor, 0.05)

    def _lookup(
        self,
        series: QueueSeries,
        stamps: pd.DatetimeIndex,
        first_lag: np.ndarray,
        fill: bool = True,
    ) -> np.ndarray:
        """Value at ``stamp − lag`` days for the first lag ≥ ``first_lag`` with an observation
        (NaN where none, unless ``fill``, which gives 0)."""
        flat = series.y.ravel()
        step = pd.Timedelta(minutes=self.minutes_)
        pos0 = ((stamps - series.days[0]) // step).to_numpy().astype(np.int64)
        per_day = series.slots
        out = np.full(len(stamps), np.nan)
        lag = first_lag.astype(np.int64)
        for _ in range(8):
            pos = pos0 - lag * per_day
            ok = np.isnan(out) & (pos >= 0) & (pos < len(flat))
            out[ok] = flat[pos[ok]]
            lag = lag + self.period_days
        return np.nan_to_num(out) if fill else out

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        series = self.series_[queue]
        end = self.end_
        ahead = ((stamps - end) // pd.Timedelta(days=1)).to_numpy() + 1
        first_lag = np.ceil(np.maximum(ahead, 1) / self.period_days) * self.period_days
        return self._lookup(series, stamps, first_lag), np.zeros(len(stamps))


class LastYearCampaign(SeasonalNaive):
    """Last year's same campaign aligned by phase, scaled by the pre-campaign level; where
    the history holds nothing a year back, the same interval last week."""

    name = "last_year"

    def _fit(self) -> None:
        super()._fit()
        self.scale_: dict[str, float] = {}
        for queue, series in self.series_.items():
            usable = series.complete & ~campaign_days(series.days, self.calendar_)
            n = len(series.days)
            idx = _ordinary_before(series, usable, n, LEVEL_DAYS)
            prior = idx - 364
            ok = (prior >= 0) & usable[np.maximum(prior, 0)]
            now, then = series.totals[idx[ok]].sum(), series.totals[prior[ok]].sum()
            self.scale_[queue] = float(now / then) if then > 0 else 1.0

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        series = self.series_[queue]
        scale = self.scale_[queue]
        values = self._lookup(series, stamps, np.full(len(stamps), 364), fill=False)
        cal = self.calendar_
        if not cal.empty:
            history_stamps = series.stamps(self.minutes_)
            # a slot closed last year (a Saturday of a shop closed on Saturdays) says nothing
            # about the same phase hour this year, which may fall on an open day
            y = series.y.ravel()
            flat = np.where(series.open.ravel() | (np.nan_to_num(y) > 0), y, np.nan)
            phase, elapsed = assign_phases(stamps, cal, self.minutes_)
            step = pd.Timedelta(minutes=self.minutes_)
            for row in np.unique(phase[phase >= 0]):
                idx = np.flatnonzero(phase == row)
                if cal.at[row, "phase"] == IN_SEASON:
                    continue  # days between phases: the same weekday a year back
                prev = self._previous_phase(int(row))
                if prev is None:
                    continue
                first = cal.at[prev, "grid_start"]
                last = cal.at[prev, "end"]
                when = first + pd.to_timedelta(elapsed[idx] * self.minutes_, unit="min")
                pos = ((when - series.days[0]) // pd.Timedelta(minutes=self.minutes_)).to_numpy()
                pos = pos.astype(np.int64)
                ok = np.asarray(when <= last) & (pos >= 0) & (pos < len(history_stamps))
                got = np.full(len(idx), np.nan)
                got[ok] = flat[pos[ok]]
                # last year's hour closed (a weekend): the same slot of the phase's nearest
                # open day, earlier days first (a later one may be the peak), within the phase
                lo = int((cal.at[prev, "grid_start"] - series.days[0]) // step)
                for shift in (-1, -2, -3, 1, 2, 3):
                    near = pos + shift * series.slots
                    try_ = ok & ~np.isfinite(got) & (near >= max(lo, 0))
                    try_ &= near < min(len(flat), int((last - series.days[0]) // step) + 1)
                    got[try_] = flat[near[try_]]
                # beyond last year's phase: the same calendar date last year, not 364 days
                same_date = stamps[idx] - pd.DateOffset(years=1)
                pos = ((same_date - series.days[0]) // step).to_numpy().astype(np.int64)
                inside = (pos >= 0) & (pos < len(flat))
                dated = np.full(len(idx), np.nan)
                dated[inside] = flat[pos[inside]]
                got = np.where(np.isfinite(got), got, dated)
                values[idx] = np.where(np.isfinite(got), got, values[idx])
        # no year-earlier data (a first campaign): the same interval last week instead
        naive, _ = super()._predict_queue(queue, stamps)
        self.fallback_ = getattr(self, "fallback_", {})
        self.fallback_[queue] = float(np.mean(~np.isfinite(values))) if len(values) else 0.0
        return np.where(np.isfinite(values), values * scale, naive), np.zeros(len(stamps))

    def _previous_phase(self, row: int) -> int | None:
        """The same phase (same ordinal within its event) of the family's previous campaign."""
        cal = self.calendar_
        family, phase, event = cal.at[row, "family"], cal.at[row, "phase"], cal.at[row, "event"]
        same = cal[(cal["event"] == event) & (cal["phase"] == phase)]
        ordinal = list(same.index).index(row)
        earlier = cal[
            (cal["family"] == family)
            & (cal["event_start"] < cal.at[row, "event_start"])
            & (cal["event_end"] < self.end_)
            & (cal["phase"] == phase)
        ]
        if earlier.empty:
            return None
        latest = earlier[earlier["event_start"] == earlier["event_start"].max()]
        return int(latest.index[min(ordinal, len(latest) - 1)])


MODELS: dict[str, type[Forecaster]] = {
    m.name: m
    for m in (CampaignForecaster, BaselineForecaster, MSTLBaseline, SeasonalNaive, LastYearCampaign)
}
"""Every forecasting model by name; ``campaign`` is the default."""


def make_model(name: str = "campaign", holidays: str = DEFAULT_REGION) -> Forecaster:
    """A new, unfitted model by name (see :data:`MODELS`) that knows the public holidays of
    ``holidays`` (``"CN"``, ``"none"`` or a country code,
    :func:`~forecaster.holidays.check_region`)."""
    if name not in MODELS:
        raise InputDataError(f"model must be one of {', '.join(MODELS)}, got {name!r}")
    try:
        region = check_region(holidays)
    except ValueError as error:
        raise InputDataError(f"holidays {error}") from None
    return MODELS[name](holidays=region)


def forecast(
    history: HistoryLike,
    calendar: CalendarLike,
    start: object,
    end: object,
    *,
    model: str = "campaign",
    interval_minutes: int | None = None,
    holidays: str = DEFAULT_REGION,
) -> pd.DataFrame:
    """One-shot forecast from history strictly before ``start`` (see :meth:`Forecaster.predict`)
    with the public holidays of ``holidays`` (:func:`make_model`)."""
    try:
        first = pd.Timestamp(start)
    except (TypeError, ValueError) as error:
        raise InputDataError(f"start must be a timestamp, got {start!r}") from error
    train = truncate_history(history, to_shop_time(first))
    fitted = make_model(model, holidays).fit(train, calendar)
    return fitted.predict(start, end, interval_minutes)
