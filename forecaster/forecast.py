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
    the slot of a peak day, the day of an after-sales wave), pooled over past campaigns of
    the same family (双11, 618) relative to *their* baseline, so the lift scales with today's
    level. A campaign's **intensity** ``K`` scales the excess lift: ``lift = 1 + (R − 1)·K``.
    ``K`` is 1 for a campaign not yet begun; once the history holds a campaign's early
    phases, ``K`` is their observed excess over the curves, shrunk towards 1 by how much
    past campaigns' intensities varied between and within campaigns (empirical Bayes).
``baseline`` (:class:`BaselineForecaster`)
    Ordinary days only: daily totals from a negative-binomial GLM (statsmodels) on log-linear
    trend, day of week and Chinese holidays (:mod:`forecaster.holidays`), fitted on the last
    two years of complete non-campaign days with one-year-half-life recency weights, times a
    local level correction (the shrunk mean log residual of the last 28 ordinary days), spread
    over the day by intraday profiles per day type (weekday, Saturday, Sunday, holiday) from
    the last 12 weeks. Campaign days and outage intervals are left out of every fit.
``seasonal_naive`` (:class:`SeasonalNaive`)
    The same interval one week earlier (repeated for longer horizons). A benchmark.
``last_year`` (:class:`LastYearCampaign`)
    Last year's same campaign aligned by phase and elapsed time, elsewhere the same weekday
    364 days earlier, scaled by the ratio of this year's to last year's pre-campaign level.
    A benchmark.

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
leave-one-campaign-out refits, and the rate's log-variance grows by ``((lift − 1)/lift)²·σ²``.
Quantiles are those of a negative binomial with mean ``μ`` and dispersion
``(1 + a)·exp(v) − 1``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Self, TypeAlias

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from forecaster.campaigns import (
    ANY,
    IN_SEASON,
    CurveBook,
    LiftCurve,
    assign_phases,
    campaign_days,
    lookup_curve,
    normalise_calendar,
    with_season,
)
from forecaster.errors import InputDataError, NotFittedError
from forecaster.holidays import holiday_features
from forecaster.io import to_shop_time
from forecaster.messages import msg
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
PROFILE_DAYS = 84
"""Ordinary days behind the intraday profiles [days]."""
PROFILE_SHRINK_DAYS = 7.0
"""Pseudo-days pulling a day type's profile towards the pooled one [days]."""
HOLDOUT_DAYS = 42
"""Ordinary days the out-of-sample dispersion is measured on [days]."""
MIN_TREND_DAYS = 365
"""Span of ordinary days below which the GLM fits no trend [days]."""
MIN_ORDINARY_DAYS = 28
"""Complete ordinary days a queue needs before it can be forecast [days]."""
INTENSITY_PRIOR = (0.25, 2.0)
"""(σ, pseudo-campaigns) of the prior on the between-campaign log-intensity spread."""
PHASE_PRIOR = (0.08, 2.0)
"""(σ, pseudo-phases) of the prior on the within-campaign phase-to-phase spread."""
MSTL_WEEKS = 8
"""Weeks of hourly history the MSTL alternative decomposes [weeks]."""
BASE_FLOOR = 0.1
"""Campaign lifts apply to at least this share of the day's mean interval [fraction]."""
WEIGHT_GRID = np.linspace(0.0, 1.0, 21)
"""Weights of the lift model tried against the analog (:meth:`CampaignForecaster._fit_weights`)."""
WEIGHT_ORIGIN_DAYS = 7
"""Days before a past campaign's first phase the weighing backtest refits at [days]."""
UNSEEN_PHASE_SIGMA = 0.5
"""Log-sd of the lift of a phase type no past campaign shows [log factor]."""

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
        value (a gap, a suspected outage, or after its end) [count].
    """

    days: pd.DatetimeIndex
    y: np.ndarray

    @property
    def slots(self) -> int:
        return int(self.y.shape[1])

    @property
    def complete(self) -> np.ndarray:
        return ~np.isnan(self.y).any(axis=1)

    @property
    def totals(self) -> np.ndarray:
        return np.nansum(self.y, axis=1)

    def stamps(self, minutes: int) -> pd.DatetimeIndex:
        return pd.date_range(self.days[0], periods=self.y.size, freq=f"{minutes}min")


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


def queue_series(frame: pd.DataFrame, minutes: int) -> dict[str, QueueSeries]:
    """Each queue's history on a grid of whole days (NaN where no value)."""
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
        out[str(queue)] = QueueSeries(days=days, y=y.reshape(len(days), slots))
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


def day_types(days: pd.DatetimeIndex, features: pd.DataFrame | None = None) -> np.ndarray:
    """0 weekday, 1 Saturday, 2 Sunday, 3 statutory holiday; 调休 working weekends are weekdays."""
    features = holiday_features(days) if features is None else features
    dow = days.day_of_week.to_numpy()
    out = np.where(dow == 5, SATURDAY, np.where(dow == 6, SUNDAY, WEEKDAY))
    out = np.where(features["makeup_workday"].to_numpy() > 0, WEEKDAY, out)
    holiday = features[["spring_festival", "national_day", "other_holiday"]].to_numpy().sum(axis=1)
    return np.where(holiday > 0, HOLIDAY, out)


def _design(days: pd.DatetimeIndex, reference: pd.Timestamp) -> pd.DataFrame:
    features = holiday_features(days).reset_index(drop=True)
    dow = days.day_of_week.to_numpy()
    design = pd.DataFrame({"const": 1.0, "trend": ((days - reference).days / 365.25).to_numpy()})
    for k, name in enumerate(("tue", "wed", "thu", "fri", "sat", "sun"), start=1):
        design[name] = (dow == k).astype(float)
    return pd.concat([design, features], axis=1)


@dataclass(frozen=True)
class DailyModel:
    """Negative-binomial GLM of daily totals (log link)."""

    params: pd.Series
    reference: pd.Timestamp
    alpha: float
    trend_var: float = 0.0
    """Variance of the trend coefficient [(log factor per year)²]; 0 without a trend."""

    def predict(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Expected ordinary-day total per day [count]."""
        design = _design(days, self.reference)[self.params.index]
        return np.exp(design.to_numpy() @ self.params.to_numpy())

    def trend_logvar(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Log-variance the uncertain trend adds at each day [(log factor)²]."""
        years = ((days - self.reference).days / 365.25).to_numpy()
        return self.trend_var * np.square(np.maximum(years, 0.0))


def fit_daily(days: pd.DatetimeIndex, totals: np.ndarray) -> DailyModel:
    """Fit :class:`DailyModel` to complete ordinary days (weights halve every year back).

    A trend needs a year of history: over a few weeks it would mostly fit noise and the
    season, and extrapolate it; shorter histories rely on the local level correction.
    """
    reference = days[-1]
    design = _design(days, reference)
    if (days[-1] - days[0]).days < MIN_TREND_DAYS:
        design = design.drop(columns="trend")
    keep = [c for c in design.columns if c == "const" or design[c].abs().sum() > 0]
    # a dummy seen on one or two days only would fit those days exactly: needs 3+
    keep = [c for c in keep if c in ("const", "trend") or (design[c] != 0).sum() >= 3]
    x = design[keep].to_numpy()
    age = (reference - days).days.to_numpy()
    weights = 0.5 ** (age / HALF_LIFE_DAYS)
    poisson = sm.GLM(totals, x, family=sm.families.Poisson(), var_weights=weights).fit()
    mu = poisson.fittedvalues
    alpha = float(max(np.average(((totals - mu) ** 2 - mu) / mu**2, weights=weights), 1e-6))
    nb = sm.GLM(
        totals, x, family=sm.families.NegativeBinomial(alpha=alpha), var_weights=weights
    ).fit(start_params=poisson.params)
    trend_var = (
        float(nb.cov_params()[keep.index("trend"), keep.index("trend")]) if "trend" in keep else 0.0
    )
    return DailyModel(
        params=pd.Series(nb.params, index=keep),
        reference=reference,
        alpha=alpha,
        trend_var=trend_var,
    )


def _ordinary_before(
    series: QueueSeries, usable: np.ndarray, anchor: int, count: int
) -> np.ndarray:
    """Indices of up to ``count`` usable days before day index ``anchor`` (most recent)."""
    lo = max(anchor - LEVEL_LOOKBACK_DAYS, 0)
    idx = np.flatnonzero(usable[lo:anchor]) + lo
    return idx[-count:]


def level_correction(
    series: QueueSeries, usable: np.ndarray, model: DailyModel, anchor: int
) -> float:
    """Factor moving the GLM to the level of the ordinary days just before day ``anchor``."""
    idx = _ordinary_before(series, usable, anchor, LEVEL_DAYS)
    if len(idx) == 0:
        return 1.0
    fitted = model.predict(series.days[idx])
    resid = np.log(np.maximum(series.totals[idx], 0.5) / fitted)
    return float(np.exp(resid.sum() / (len(idx) + LEVEL_SHRINK_DAYS)))


def intraday_profiles(
    series: QueueSeries, usable: np.ndarray, types: np.ndarray, anchor: int
) -> np.ndarray:
    """Share of a day's inquiries per slot, per day type, from the days before ``anchor``.

    Returns an array of shape ``(4, slots)`` whose rows sum to 1: the pooled profile of the
    last :data:`PROFILE_DAYS` usable days, and per day type the same days' profile shrunk
    towards it (holidays look back two years, they are rare).
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
    profiles = np.empty((4, series.slots))
    for kind in range(4):
        pick = recent & (types == kind)
        if kind == HOLIDAY:
            pick = usable & (types == kind)
            pick[anchor:] = False
            pick[: max(anchor - FIT_DAYS, 0)] = False
        n = int(pick.sum())
        counts = y[pick].sum(axis=0)
        own = counts / counts.sum() if counts.sum() > 0 else pooled
        profiles[kind] = (n * own + PROFILE_SHRINK_DAYS * pooled) / (n + PROFILE_SHRINK_DAYS)
    return profiles


def nb_quantiles(mean: np.ndarray, dispersion: np.ndarray) -> dict[str, np.ndarray]:
    """Quantiles of a negative binomial with ``Var = mean + dispersion·mean²``."""
    mean = np.maximum(np.asarray(mean, dtype=float), 0.0)
    a = np.maximum(np.broadcast_to(np.asarray(dispersion, dtype=float), mean.shape), 1e-6)
    n = 1.0 / a
    p = n / (n + np.maximum(mean, 1e-12))
    out = {}
    for name, q in QUANTILES.items():
        value = stats.nbinom.ppf(q, n, p)
        out[name] = np.where(mean > 0, value, 0.0).astype(float)
    return out


def dispersion_from(y: np.ndarray, mu: np.ndarray) -> float:
    """Method-of-moments ``a`` in ``Var = μ + a·μ²`` from paired actuals and means."""
    ok = np.isfinite(y) & np.isfinite(mu) & (mu > 0)
    if ok.sum() < 10:
        return 0.05
    y, mu = y[ok], mu[ok]
    return float(max(((y - mu) ** 2 - mu).sum() / (mu**2).sum(), 1e-4))


def _aggregate(values: np.ndarray, factor: int) -> np.ndarray:
    """Sums of ``factor`` consecutive intervals along the last axis (days × slots input)."""
    if factor == 1:
        return values
    shape = values.shape[:-1] + (values.shape[-1] // factor, factor)
    return values.reshape(shape).sum(axis=-1)


# --------------------------------------------------------------------------- contract


class Forecaster(ABC):
    """Estimator contract shared by every forecasting model."""

    name: ClassVar[str]

    def fit(self, history: HistoryLike, calendar: CalendarLike = None) -> Self:
        """Learn from ``history`` (and the campaign ``calendar``); returns ``self``."""
        frame, minutes = history_frame(history)
        if frame.empty:
            raise InputDataError("history has no rows to fit")
        self.minutes_ = minutes
        self.calendar_ = with_season(normalise_calendar(calendar_frame(calendar), minutes), minutes)
        self.series_ = queue_series(frame, minutes)
        self.queues_ = tuple(self.series_)
        self.end_ = frame["interval_start"].max() + pd.Timedelta(minutes=minutes)
        self.notes_: list[str] = []
        """Things a planner should know about this fit (printed by the CLI)."""
        self._fit()
        return self

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
            raise InputDataError(
                f"interval must be 15, 30 or 60 minutes and a multiple of the history's "
                f"{minutes} minutes, got {out_minutes}"
            )
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
        frames = []
        for queue in self.queues_:
            mu, logvar = self._predict_queue(queue, native)
            mu_out = mu.reshape(-1, factor).sum(axis=1)
            weights = np.maximum(mu.reshape(-1, factor), 1e-12)
            logvar_out = (logvar.reshape(-1, factor) * weights).sum(axis=1) / weights.sum(axis=1)
            a = (1 + self._dispersion(queue, factor)) * np.exp(logvar_out) - 1
            quantiles = nb_quantiles(mu_out, a)
            frames.append(
                pd.DataFrame({"interval_start": stamps, "queue": queue, "mean": mu_out} | quantiles)
            )
        return pd.concat(frames, ignore_index=True)[list(FORECAST_COLUMNS)]


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class _BaselineState:
    daily: DailyModel
    usable: np.ndarray
    types: np.ndarray
    correction: float
    profiles: np.ndarray
    holdout_y: np.ndarray
    holdout_mu: np.ndarray


class BaselineForecaster(Forecaster):
    """Ordinary-day forecast: NB GLM of daily totals × intraday profiles (see module doc)."""

    name = "baseline"

    def _fit(self) -> None:
        self.state_: dict[str, _BaselineState] = {}
        for queue, series in self.series_.items():
            self.state_[queue] = self._fit_queue(queue, series)

    def _fit_queue(self, queue: str, series: QueueSeries) -> _BaselineState:
        cdays = campaign_days(series.days, self.calendar_)
        usable = series.complete & ~cdays
        if usable.sum() < MIN_ORDINARY_DAYS:
            raise InputDataError(
                f"history queue {queue}: needs at least {MIN_ORDINARY_DAYS} complete ordinary "
                f"(non-campaign) days before the forecast start, has {int(usable.sum())}"
            )
        types = day_types(series.days)
        n = len(series.days)
        daily = self._fit_daily(series, usable, n)
        profiles = intraday_profiles(series, usable, types, n)
        correction = level_correction(series, usable, daily, n)
        holdout_y, holdout_mu = self._holdout(series, usable, types)
        return _BaselineState(daily, usable, types, correction, profiles, holdout_y, holdout_mu)

    @staticmethod
    def _fit_daily(series: QueueSeries, usable: np.ndarray, anchor: int) -> DailyModel:
        pick = usable.copy()
        pick[anchor:] = False
        pick[: max(anchor - FIT_DAYS, 0)] = False
        return fit_daily(series.days[pick], series.totals[pick])

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
        mu = daily.predict(series.days[test])[:, None] * correction * profiles[types[test]]
        return series.y[test], mu

    def _dispersion(self, queue: str, factor: int) -> float:
        state = self.state_[queue]
        if len(state.holdout_y) == 0:
            return 0.05
        y = _aggregate(state.holdout_y, factor)
        mu = _aggregate(state.holdout_mu, factor)
        return dispersion_from(y.ravel(), mu.ravel())

    def baseline(self, queue: str, stamps: pd.DatetimeIndex) -> np.ndarray:
        """Ordinary-day mean per interval at the current level [count]."""
        state = self.state_[queue]
        return self._base(stamps, state.daily, state.correction, state.profiles)

    def _base(
        self,
        stamps: pd.DatetimeIndex,
        daily: DailyModel,
        correction: float,
        profiles: np.ndarray,
        floor: float = 0.0,
    ) -> np.ndarray:
        """Baseline per interval; with ``floor`` > 0 at least that share of the day's mean
        interval (campaign lifts are measured against it, so that a campaign can bring
        inquiries to hours that are empty on ordinary days)."""
        days = stamps.normalize()
        unique, inverse = np.unique(days.to_numpy(), return_inverse=True)
        udays = pd.DatetimeIndex(unique)
        totals = daily.predict(udays) * correction
        types = day_types(udays)
        slot = ((stamps - days) // pd.Timedelta(minutes=self.minutes_)).to_numpy().astype(np.int64)
        base = totals[inverse] * profiles[types[inverse], slot]
        if floor > 0:
            base = np.maximum(base, floor * totals[inverse] / profiles.shape[1])
        return base

    def trend_logvar(self, queue: str, stamps: pd.DatetimeIndex) -> np.ndarray:
        """Log-variance of the extrapolated trend per interval (grows with lead time)."""
        return self.state_[queue].daily.trend_logvar(stamps.normalize())

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        return self.baseline(queue, stamps), self.trend_logvar(queue, stamps)


# --------------------------------------------------------------------------- campaign model


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
    """Hourly WAPE over that campaign's season of the lift model, the analog and the mix."""


@dataclass(frozen=True)
class Intensity:
    """A campaign's intensity ``K`` (excess-lift multiplier) and its log-variance."""

    log_k: float
    log_var: float
    phases_seen: int


class CampaignForecaster(BaselineForecaster):
    """Baseline × campaign lift curves with intra-campaign updating (see module doc)."""

    name = "campaign"

    def __init__(self, combine: bool = True, **settings: Any) -> None:
        super().__init__(**settings)
        self.combine = combine
        """Weigh the lift model against the aligned last-year analog by a backtest on each
        family's last campaign (:meth:`_fit_weights`); off for the backtest's own refits."""

    def fit(self, history: HistoryLike, calendar: CalendarLike = None) -> Self:
        self._calendar_input = calendar_frame(calendar)
        return super().fit(history, calendar)

    def _fit(self) -> None:
        super()._fit()
        self.curves_: dict[str, dict[tuple[str, str], LiftCurve]] = {}
        self.intensity_: dict[str, dict[str, Intensity]] = {}
        self.spread_: dict[str, tuple[float, float, int]] = {}
        self.weights_: dict[str, dict[str, Weighing]] = {q: {} for q in self.queues_}
        """Per queue and campaign family: the lift model's weight against the analog."""
        samples = {q: self._fit_campaigns(q, series) for q, series in self.series_.items()}
        self._borrow_curves()
        for queue, series in self.series_.items():
            self._fit_intensity(queue, series, samples[queue])
        if self.combine:
            self._fit_weights()

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

    def _fit_weights(self) -> None:
        """Per queue and family, the weight of the lift model against the aligned analog
        (:class:`LastYearCampaign`): both are refitted as of 7 days before the family's last
        complete campaign and the weight minimising the hourly WAPE of their mix over that
        campaign's season is kept (:data:`WEIGHT_GRID`). Without such a campaign, or when it
        has no predecessor for the analog, the lift model stands alone."""
        cal = self.calendar_
        if cal.empty:
            return
        self.analog_ = LastYearCampaign().fit(self._observed(self.end_), self._calendar_input)
        events = cal.drop_duplicates("event")
        done = events[events["event_end"] < self.end_]
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
            lift = CampaignForecaster(combine=False).fit(train, self._calendar_input)
            analog = LastYearCampaign().fit(train, self._calendar_input)
        except InputDataError:
            return None
        stamps = horizon_stamps(origin, end, self.minutes_)
        season = np.asarray(stamps >= event["event_start"].normalize())
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
            a = analog._predict_queue(queue, stamps)[0]
            ok = season & np.isfinite(y)
            hours = (np.flatnonzero(ok) // per_hour).astype(np.int64)
            if len(hours) == 0 or np.nansum(y[ok]) <= 0:
                continue
            sums = [np.bincount(hours, v[ok]) for v in (y, c, a)]
            ys, cs, as_ = (v[np.unique(hours)] for v in sums)
            errors = [np.abs(w * cs + (1 - w) * as_ - ys).sum() / ys.sum() for w in WEIGHT_GRID]
            best = int(np.argmin(np.round(errors, 6)[::-1]))
            weight = float(WEIGHT_GRID[::-1][best])
            out[queue] = Weighing(
                weight=weight,
                event=str(event["event"]),
                wape_lift=float(errors[-1]),
                wape_analog=float(errors[0]),
                wape_mixed=float(min(errors)),
            )
        return out

    def _mix(
        self, queue: str, stamps: pd.DatetimeIndex, mean: np.ndarray, logvar: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The lift model's mean mixed with the analog's by each family's weight; the log
        variance grows by the mix's spread ``w(1 − w)·(log a − log c)²``."""
        weights = self.weights_.get(queue, {})
        if not weights or not any(w.weight < 1 for w in weights.values()):
            return mean, logvar
        phase, _ = assign_phases(stamps, self.calendar_, self.minutes_)
        families = self.calendar_["family"].to_numpy()
        w = np.ones(len(stamps))
        for family, weighing in weights.items():
            w[(phase >= 0) & (families[np.maximum(phase, 0)] == family)] = weighing.weight
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
            self.notes_.append(
                "the history holds no complete past campaign: campaign phases are forecast "
                "as ordinary days, with wide bands"
            )
            return
        donor = max(donors, key=lambda q: self.spread_[q][2])
        for queue in self.queues_:
            if not self.curves_[queue]:
                self.curves_[queue] = self.curves_[donor]
                self.spread_[queue] = self.spread_[donor]
                self.notes_.append(
                    f"queue {queue} has no past campaign in the history: it borrows the "
                    f"campaign lifts of queue {donor}"
                )

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
                "day",
                "y",
                "base",
                "complete",
            ]
        )
        if cal.empty:
            return empty
        stamps = series.stamps(self.minutes_)
        phase, elapsed = assign_phases(stamps, cal, self.minutes_)
        y = series.y.ravel()
        inside = (phase >= 0) & np.isfinite(y)
        if not inside.any():
            return empty
        state = self.state_[queue]
        frames = []
        for event, rows in cal.groupby("event", sort=False).groups.items():
            mask = inside & np.isin(phase, np.asarray(rows))
            if not mask.any():
                continue
            first = cal.loc[rows, "event_start"].iloc[0].normalize()
            anchor = int(np.searchsorted(series.days.to_numpy(), first.to_datetime64()))
            daily = self._fit_daily(series, state.usable, anchor) if anchor > 200 else state.daily
            correction = level_correction(series, state.usable, daily, anchor)
            profiles = intraday_profiles(series, state.usable, state.types, anchor)
            base = self._base(stamps[mask], daily, correction, profiles, BASE_FLOOR)
            ids = phase[mask]
            frames.append(
                pd.DataFrame(
                    {
                        "event": event,
                        "family": cal["family"].to_numpy()[ids],
                        "phase": cal["phase"].to_numpy()[ids],
                        "phase_id": ids,
                        "elapsed": elapsed[mask],
                        "day": stamps[mask].normalize(),
                        "y": y[mask],
                        "base": base,
                        "complete": bool(cal.loc[rows, "event_end"].iloc[0] < self.end_),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True) if frames else empty

    @staticmethod
    def _excess_ratio(
        part: pd.DataFrame, lift: np.ndarray, day_dispersion: float = 0.0
    ) -> tuple[float, float] | None:
        """``(log K, sampling variance of log K)`` of observed samples against curve lifts,
        or None when the curves expect no excess there.

        ``K = Σ(y − base) / Σ base·(lift − 1)``; its sampling variance is that of ``Σ y``
        (counts with dispersion ``day_dispersion`` on each day's total) over the excess².
        The days between phases (:data:`~forecaster.campaigns.IN_SEASON`) are left out: their
        excess is small against their volume, so they would add noise and little signal.
        """
        keep = (part["phase"] != IN_SEASON).to_numpy()
        part, lift = part[keep], lift[keep]
        if part.empty:
            return None
        base = part["base"].to_numpy()
        excess = (base * (lift - 1)).sum()
        if abs(excess) < 0.05 * base.sum() or excess <= 0:
            return None
        k = (part["y"].to_numpy() - base).sum() / excess
        k = float(np.clip(k, 0.2, 5.0))
        mean = pd.Series(base * lift).groupby(part["day"].to_numpy()).sum().to_numpy()
        var_k = float((mean + day_dispersion * mean**2).sum()) / excess**2
        return float(np.log(k)), var_k / k**2

    def _curve_lift(
        self, curves: dict[tuple[str, str], LiftCurve], part: pd.DataFrame
    ) -> np.ndarray:
        lift = np.ones(len(part))
        for (family, phase), idx in part.groupby(["family", "phase"], sort=False).indices.items():
            curve = lookup_curve(curves, family, phase)
            if curve is not None:
                lift[idx] = curve.at(part["elapsed"].to_numpy()[idx])
        return lift

    def _fit_campaigns(self, queue: str, series: QueueSeries) -> pd.DataFrame:
        """Lift curves and the between/within-campaign spread of one queue; returns the
        samples (for :meth:`_fit_intensity`)."""
        samples = self._samples(queue, series)
        past = samples[samples["complete"].astype(bool)] if not samples.empty else samples
        book = CurveBook(past, self.minutes_) if not past.empty else None
        self.curves_[queue] = book.curves() if book else {}
        # leave-one-campaign-out intensities: how far each campaign ran from the others' curves
        event_logs: list[float] = []
        phase_devs: list[float] = []
        events = list(pd.unique(past["event"])) if not past.empty else []
        for event in events:
            if book is None or len(events) < 2:
                continue
            curves = book.curves(without=str(event))
            own = past[past["event"] == event].reset_index(drop=True)
            whole = self._excess_ratio(own, self._curve_lift(curves, own))
            if whole is None:
                continue
            event_logs.append(whole[0])
            for _, part in own.groupby("phase_id", sort=False):
                part = part.reset_index(drop=True)
                got = self._excess_ratio(part, self._curve_lift(curves, part))
                if got is not None:
                    phase_devs.append(got[0] - whole[0])
        s0, n0 = INTENSITY_PRIOR
        p0, m0 = PHASE_PRIOR
        sigma_k2 = (np.sum(np.square(event_logs)) + n0 * s0**2) / (len(event_logs) + n0)
        sigma_p2 = (np.sum(np.square(phase_devs)) + m0 * p0**2) / (len(phase_devs) + m0)
        self.spread_[queue] = (float(sigma_k2), float(sigma_p2), len(events))
        return samples

    def _fit_intensity(self, queue: str, series: QueueSeries, samples: pd.DataFrame) -> None:
        """Intensity of the campaigns under way at the end of the history: how hot they ran
        so far against the curves, shrunk by the spread (module doc)."""
        sigma_k2, sigma_p2, _ = self.spread_[queue]
        intensities: dict[str, Intensity] = {}
        current = samples[~samples["complete"].astype(bool)] if not samples.empty else samples
        day_dispersion = self._dispersion(queue, series.slots)
        for event, own in current.groupby("event", sort=False) if not current.empty else []:
            own = own.reset_index(drop=True)
            seen = self._excess_ratio(
                own, self._curve_lift(self.curves_[queue], own), day_dispersion
            )
            if seen is None:
                continue
            phases = int(own["phase_id"].nunique())
            noise = sigma_p2 / phases + seen[1]
            weight = sigma_k2 / (sigma_k2 + noise)
            intensities[str(event)] = Intensity(
                log_k=weight * seen[0],
                log_var=weight * noise + sigma_p2,
                phases_seen=phases,
            )
        self.intensity_[queue] = intensities

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
        sigma_k2, sigma_p2, n_events = self.spread_[queue]
        unseen_var = sigma_k2 * (1 + 1 / max(n_events, 1)) + sigma_p2
        curves = self.curves_[queue]
        for row in np.unique(phase[phase >= 0]):
            idx = np.flatnonzero(phase == row)
            event, family, name = (str(cal.at[row, c]) for c in ("event", "family", "phase"))
            curve = lookup_curve(curves, family, name)
            if curve is None:
                logvar[idx] = UNSEEN_PHASE_SIGMA**2
                continue
            r = curve.at(elapsed[idx])
            seen = self.intensity_[queue].get(event)
            k = float(np.exp(seen.log_k)) if seen else 1.0
            var_k = seen.log_var if seen else unseen_var
            if (family, name) not in curves and (ANY, name) not in curves:
                var_k += UNSEEN_PHASE_SIGMA**2 / 4  # a phase type only pooled curves describe
            lift[idx] = np.maximum(1 + (r - 1) * k, 0.05)
            slope = np.clip((lift[idx] - 1) / lift[idx], -1.0, 1.0)
            logvar[idx] = slope**2 * var_k
        return lift, logvar, phase >= 0

    def _predict_queue(self, queue: str, stamps: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        lift, logvar, inside = self.campaign_lift(queue, stamps)
        state = self.state_[queue]
        base = self.baseline(queue, stamps)
        floored = self._base(stamps, state.daily, state.correction, state.profiles, BASE_FLOOR)
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

    def _fit(self) -> None:
        from statsmodels.tsa.seasonal import MSTL

        self.state_: dict[str, tuple[np.ndarray, float, np.ndarray, np.ndarray, float]] = {}
        for queue, series in self.series_.items():
            usable = series.complete & ~campaign_days(series.days, self.calendar_)
            if usable.sum() < MIN_ORDINARY_DAYS:
                raise InputDataError(
                    f"history queue {queue}: needs at least {MIN_ORDINARY_DAYS} complete "
                    f"ordinary (non-campaign) days before the forecast start, has {int(usable.sum())}"
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
            flat = series.y.ravel()
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


def make_model(name: str = "campaign") -> Forecaster:
    """A new, unfitted model by name (see :data:`MODELS`)."""
    if name not in MODELS:
        raise InputDataError(f"model must be one of {', '.join(MODELS)}, got {name!r}")
    return MODELS[name]()


def forecast(
    history: HistoryLike,
    calendar: CalendarLike,
    start: object,
    end: object,
    *,
    model: str = "campaign",
    interval_minutes: int | None = None,
) -> pd.DataFrame:
    """One-shot forecast from history strictly before ``start`` (see :meth:`Forecaster.predict`)."""
    try:
        first = pd.Timestamp(start)
    except (TypeError, ValueError) as error:
        raise InputDataError(f"start must be a timestamp, got {start!r}") from error
    train = truncate_history(history, to_shop_time(first))
    return make_model(model).fit(train, calendar).predict(start, end, interval_minutes)
