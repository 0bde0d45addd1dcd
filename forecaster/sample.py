"""The bundled sample shop: a seeded generator of realistic chat-inquiry history.

``python -m forecaster.sample --out data/`` (or ``make sample``) reads ``data/calendar.csv``
and writes two byte-reproducible files (fixed seed, gzip with ``mtime=0``):

- ``sample_history.csv.gz`` — the shop back-end's export, planted defects included:
  ``interval_start, queue, inquiries, human_inquiries``, sorted by ``interval_start`` and then
  ``queue`` (``aftersale`` before ``presale``);
- ``sample_truth.csv.gz`` — ``interval_start, queue, expected_inquiries``: the true expected
  number of inquiries per interval (the mean of the count distribution, before noise and
  defects, rounded to 3 decimals), so a forecast can be compared with the noise floor.

Two queues, ``presale`` (售前) and ``aftersale`` (售后); 15-minute intervals labelled by their
start; 2023-01-01 00:00 to 2025-11-30 23:45 in naive local shop time (204,480 grid rows).

Generative model
----------------
For queue ``q``, day ``d`` and 15-minute interval ``t`` of that day the expected number of
inquiries is ::

    rate(q, t) = level(q) · growth(d) · weekly(q, d) · holiday(q, d)
                 · intraday(q, slot(t)) · lift(q, t) · spike(q, t)

``level`` [inquiries per day]
    A normal (non-campaign, non-holiday) weekday at the growth reference date 2025-07-01:
    presale 13,000 and aftersale 6,800, i.e. about 20,000 together, two thirds presale.
``growth`` [factor]
    Smooth exponential trend ``1.15 ** (years since 2025-07-01)``: +15 % a year, so January
    2023 runs at about 0.70 of mid-2025.
``weekly`` [factor], Monday to Sunday
    presale ``0.96 0.95 0.95 0.96 1.00 1.12 1.15`` (shoppers browse at the weekend);
    aftersale ``1.15 1.05 1.00 0.98 0.97 0.95 0.88`` (the weekend's orders raise questions on
    Monday). A weekend day that ``chinese_calendar`` marks as a make-up working day (调休) takes
    Wednesday's factor.
``holiday`` [factor], from ``chinese_calendar.get_holiday_detail(date)``
    Statutory holiday days (``is_holiday`` and a holiday name; plain weekends are not holidays
    here): ``Spring Festival`` presale 0.45, aftersale 0.35 (couriers stop); ``National Day``
    presale 0.80, aftersale 0.75; every other named holiday 0.92 on both queues. Around each
    Spring Festival block a taper: in the 7 days before it aftersale falls linearly to 0.55 and
    presale to 0.85 on the eve (parcels stop being accepted); in the 7 days after it both queues
    recover linearly from 0.65 on the first day after it to 1. Years ``chinese_calendar`` does
    not cover are treated as having no holidays.
``intraday`` [fraction of the day per slot, the 96 slots sum to 1]
    A night floor of 0.04, plus a daytime plateau of height 0.45 (presale) / 0.50
    (aftersale) that is half up at 07:30 and half down at 00:18 (logistic, scales 0.5 h and
    0.6 h), plus three Gaussian peaks (centre [h], width [h], height): presale (9.5, 1.1,
    0.55), (15.5, 1.2, 0.50), (21.5, 1.0, 0.75); aftersale (10.0, 1.2, 0.60), (15.5, 1.2,
    0.55), (21.0, 1.0, 0.40). The peaks fall in 08–11, 14–17 and 20–23 (presale's evening
    peak is the day's highest, aftersale's are the morning and afternoon ones); the lunch and
    dinner dips sit at about half the peak level; 02:00–06:00 is a trough at about 4 % of
    the peak level (low, never zero); 00:00–01:00 still runs at about 20 %.
``lift`` [factor], from the campaign calendar (one row per event and phase)
    Each event ``e`` (e.g. ``双11 2024``, ``618 2025``) draws a year-to-year factor
    ``F_e ~ LogNormal(0, 0.15)`` and each of its phases ``p`` a smaller ``f_p ~ LogNormal(0,
    0.06)``, so campaign lift differs from year to year and phase to phase. Inside a phase
    window (``start`` to ``end`` inclusive) a queue runs at ``1 + (L − 1) · F_e · f_p`` times
    its normal level with base lifts ``L``:

    ============== =============================== ===========================
    phase          presale                         aftersale
    ============== =============================== ===========================
    presale        1.6                             1.15
    wave           1.9                             1.15
    final_payment  1.5                             1.15
    peak_day       9.0 (双11), 4.2 (618)           2.4 (双11), 1.9 (618)
    other phases   1.3                             1.10
    ============== =============================== ===========================

    Where phases nest (the peak day inside a wave) the larger lift wins. Events whose name
    does not contain ``双11`` use the 618 magnitudes. ``after_sales`` adds the after-sales
    wave on aftersale only: a hump ``1 + H · F_e · f_p · sin(π x)`` with ``x`` running from 0
    at the phase start to 1 at its end and ``H`` = 1.8 (双11) or 1.2 (618), i.e. up to about
    2–3× normal in the middle of the phase (3–10 days after the peak day).
``spike`` [factor]
    Every phase opening except ``after_sales`` and ``peak_day`` (in the calendar the 20:00
    openings) adds ``A · exp(−Δ/τ)`` for ``Δ`` minutes after the opening, averaged over each
    15-minute interval, with ``τ = 40 min`` (mostly gone after 1–2 hours). ``A`` is set so
    that the first 30 minutes after the opening run ``S`` times the normal (non-campaign)
    level of those intervals, ``S ~ Uniform(5.5, 7.5)`` drawn per phase. A ``peak_day``
    opens with the 00:00 surge instead: ``A = 5``, ``τ = 30 min`` on top of the peak-day
    lift. Aftersale gets a quarter of every spike: ``1 + (spike − 1) / 4``.

With these values a normal 2025 weekday totals about 20,000 inquiries (about 15,000 in
2023) and the 双11 2025 peak day about 120,000. With the default seed the 双11 peak days of
2023–2025 run 5.8–7.5× a normal day of both queues together, the 618 peak days 3.4–4.0×.

Noise (over-dispersed, negative binomial by mixing)
    ``inquiries ~ Poisson(rate · G_day · G_int)`` with one ``G_day ~ Gamma(60, 1/60)`` per
    queue and day and one ``G_int ~ Gamma(30, 1/30)`` per interval, both of mean 1, so
    ``E[inquiries] = rate`` (the truth) and ``Var[inquiries] ≈ rate + 0.05 · rate²``.
    ``human_inquiries ~ Binomial(inquiries, 1 − b)``: the inquiries the bot did not resolve,
    with bot resolution ``b`` = 0.32 (presale) / 0.30 (aftersale) on 2023-01-01 drifting up
    by 0.025 a year (about 0.39 / 0.37 by late 2025).

Random draws, in this order, from one ``numpy.random.default_rng(seed)``: for every calendar
row in file order ``F_e`` (at the first row of each event), ``f_p`` and ``S``; then per queue
(presale, aftersale) ``G_day``, ``G_int``, the Poisson counts and the binomial human share.
Calendar rows outside the generated range still draw, so the campaign factors of one event do
not depend on the range or on the other events' dates.

Planted defects (history only, never the truth)
    Listed in :attr:`SampleShop.planted_defects` with their row positions in the history
    frame (the CSV line is the position + 2, the header being line 1); a defect that falls
    outside the generated range is not planted.

    1. ``outage``: an export outage on Wednesday 2024-07-17, 10:00 to 12:45 (the last interval
       starts 12:45, so 3 hours, 12 intervals), zeros in ``inquiries`` and
       ``human_inquiries`` on both queues (one record per queue) at a busy time of day.
    2. ``duplicate``: the presale row of 2025-03-12 14:30 exported twice, the copy right
       after the original.
    3. ``gap``: aftersale 2025-04-09 02:00 to 02:45 (4 intervals) missing from the export.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import chinese_calendar
import numpy as np
import pandas as pd

from forecaster.errors import InputDataError, PlannerError

SEED = 20251111
START = "2023-01-01"
END = "2025-11-30"
INTERVAL_MINUTES = 15
SLOTS_PER_DAY = 1440 // INTERVAL_MINUTES
QUEUES = ("presale", "aftersale")
"""Generation order of the queues (the files are sorted by name: aftersale first)."""
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

DAILY_LEVEL = {"presale": 13_000.0, "aftersale": 6_800.0}
"""Inquiries on a normal weekday at :data:`GROWTH_REFERENCE` [count per day]."""
GROWTH_PER_YEAR = 0.15
"""Year-on-year growth of every level [fraction per year]."""
GROWTH_REFERENCE = pd.Timestamp("2025-07-01")
WEEKLY = {  # Monday .. Sunday [factor]
    "presale": (0.96, 0.95, 0.95, 0.96, 1.00, 1.12, 1.15),
    "aftersale": (1.15, 1.05, 1.00, 0.98, 0.97, 0.95, 0.88),
}
MAKE_UP_WEEKDAY = 2
"""A make-up working day (调休) on a weekend behaves like this weekday (Wednesday)."""
SPRING_FESTIVAL = {"presale": 0.45, "aftersale": 0.35}
NATIONAL_DAY = {"presale": 0.80, "aftersale": 0.75}
OTHER_HOLIDAY = 0.92
TAPER_DAYS = 7
"""Length of the Spring Festival taper before and the recovery after the holiday [days]."""
TAPER_BEFORE = {"presale": 0.85, "aftersale": 0.55}
"""Factor on the eve of Spring Festival, rising linearly to 1 eight days before [factor]."""
RECOVERY_FROM = 0.65
"""Factor on the first day after Spring Festival, rising linearly to 1 [factor]."""
NIGHT_FLOOR = 0.04
DAYTIME = {"presale": 0.45, "aftersale": 0.50}
"""Height of the daytime plateau between the peaks (relative units of the profile)."""
DAYTIME_HOURS = (7.5, 24.3)
"""Clock hours [h] at which the plateau is half up in the morning and half down at night."""
PEAKS = {  # (centre [h], width [h], height) of the three daily peaks
    "presale": ((9.5, 1.1, 0.55), (15.5, 1.2, 0.50), (21.5, 1.0, 0.75)),
    "aftersale": ((10.0, 1.2, 0.60), (15.5, 1.2, 0.55), (21.0, 1.0, 0.40)),
}
PHASE_LIFT = {  # phase -> (presale, aftersale) base lift L [factor]
    "presale": (1.6, 1.15),
    "wave": (1.9, 1.15),
    "final_payment": (1.5, 1.15),
}
OTHER_PHASE_LIFT = (1.3, 1.10)
PEAK_DAY_LIFT = {"双11": (9.0, 2.4), "618": (4.2, 1.9)}
AFTER_SALES_HUMP = {"双11": 1.8, "618": 1.2}
"""Height H of the after-sales hump above normal on aftersale [factor − 1]."""
EVENT_SIGMA = 0.15
"""Sigma of the per-event log-normal campaign factor F_e [log factor]."""
PHASE_SIGMA = 0.06
"""Sigma of the per-phase log-normal factor f_p [log factor]."""
OPENING_MULTIPLE = (5.5, 7.5)
"""Range of S, the first-30-minute multiple of normal after an opening [factor]."""
OPENING_TAU_MINUTES = 40.0
MIDNIGHT_SURGE = (5.0, 30.0)
"""(A [factor], τ [minutes]) of the 00:00 surge that opens a peak day."""
AFTERSALE_SPIKE_SHARE = 0.25
SPIKE_HORIZON = pd.Timedelta(hours=6)
DAY_SHAPE = 60.0
"""Shape of the per-queue-and-day gamma factor (mean 1, variance 1/60)."""
INTERVAL_SHAPE = 30.0
"""Shape of the per-interval gamma factor (mean 1, variance 1/30)."""
BOT_RESOLUTION_START = {"presale": 0.32, "aftersale": 0.30}
"""Share of inquiries the bot resolves on 2023-01-01 [fraction]."""
BOT_DRIFT_PER_YEAR = 0.025
BOT_REFERENCE = pd.Timestamp("2023-01-01")


@dataclass(frozen=True)
class PlantedDefect:
    """A defect planted in the history export for validation to find.

    Attributes
    ----------
    kind
        ``outage`` (zeros), ``duplicate`` (a row exported twice) or ``gap`` (rows missing).
    queue
        The affected queue.
    start, end
        Starts of the first and of the last affected interval (inclusive), naive local time.
    rows
        Positions (0-based) of the affected rows in :attr:`SampleShop.history`; in the written
        CSV the line number is ``position + 2``. Empty for a gap (its rows are missing).
    note
        What happened, in words.
    """

    kind: str
    queue: str
    start: pd.Timestamp
    end: pd.Timestamp
    rows: tuple[int, ...]
    note: str


@dataclass(frozen=True)
class SampleShop:
    """The generated shop.

    Attributes
    ----------
    history
        The export, defects included: ``interval_start, queue, inquiries, human_inquiries``
        (counts per 15-minute interval), sorted by ``interval_start`` then ``queue``.
    truth
        ``interval_start, queue, expected_inquiries`` on the complete grid, same order: the
        expected inquiries per interval [count], rounded to 3 decimals, without noise or
        defects.
    planted_defects
        The defects planted in ``history``.
    """

    history: pd.DataFrame
    truth: pd.DataFrame
    planted_defects: tuple[PlantedDefect, ...]


_DEFECT_PLAN: tuple[tuple[str, str, str, str, str], ...] = (
    ("outage", "presale", "2024-07-17 10:00", "2024-07-17 12:45", "export outage, both queues"),
    ("outage", "aftersale", "2024-07-17 10:00", "2024-07-17 12:45", "export outage, both queues"),
    ("duplicate", "presale", "2025-03-12 14:30", "2025-03-12 14:30", "row exported twice"),
    ("gap", "aftersale", "2025-04-09 02:00", "2025-04-09 02:45", "4 intervals missing"),
)
"""(kind, queue, first interval, last interval, note) of every defect, in planting order."""


def intraday_profile(queue: str) -> np.ndarray:
    """Share of a normal day's inquiries in each 15-minute slot.

    Parameters
    ----------
    queue
        ``presale`` or ``aftersale``.

    Returns
    -------
    numpy.ndarray
        96 shares, slot 0 = 00:00–00:15, summing to 1 [fraction].
    """
    hours = (np.arange(SLOTS_PER_DAY) + 0.5) * INTERVAL_MINUTES / 60
    late = np.where(hours < 4, hours + 24, hours)  # 00:00-04:00 is the end of the evening
    rise, fall = DAYTIME_HOURS
    daytime = 1 / (1 + np.exp(-(late - rise) / 0.5)) / (1 + np.exp((late - fall) / 0.6))
    level = NIGHT_FLOOR + DAYTIME[queue] * daytime
    for centre, width, height in PEAKS[queue]:
        for wrap in (-24.0, 0.0, 24.0):  # the evening peak's tail reaches past midnight
            level += height * np.exp(-0.5 * ((hours - centre - wrap) / width) ** 2)
    return level / level.sum()


def _holiday_details(days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """``(is_holiday, name)`` per day from ``chinese_calendar`` (name ``""`` if none)."""
    on = np.zeros(len(days), dtype=bool)
    name = np.full(len(days), "", dtype=object)
    for i, day in enumerate(days):
        try:
            holiday, label = chinese_calendar.get_holiday_detail(day.date())
        except NotImplementedError:  # a year the package does not cover: weekday rules
            holiday, label = day.day_of_week >= 5, None
        on[i], name[i] = bool(holiday), label or ""
    return on, name


def _day_factors(days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """``weekly · holiday`` per queue and day [factor]."""
    on, name = _holiday_details(days)
    named = name != ""
    weekday = days.day_of_week.to_numpy().copy()
    weekday[(weekday >= 5) & ~on] = MAKE_UP_WEEKDAY  # 调休: a working weekend day
    spring = on & (name == "Spring Festival")
    national = on & (name == "National Day")
    other = on & named & ~spring & ~national

    index = np.arange(len(days))
    firsts = np.flatnonzero(spring & ~np.r_[False, spring[:-1]])
    lasts = np.flatnonzero(spring & ~np.r_[spring[1:], False])
    factors: dict[str, np.ndarray] = {}
    for queue in QUEUES:
        f = np.asarray(WEEKLY[queue])[weekday]
        f[spring] *= SPRING_FESTIVAL[queue]
        f[national] *= NATIONAL_DAY[queue]
        f[other] *= OTHER_HOLIDAY
        taper = np.ones(len(days))
        for first in firsts:  # k = 1 on the eve, TAPER_DAYS a week before
            k = first - index
            window = (k >= 1) & (k <= TAPER_DAYS)
            drop = (1 - TAPER_BEFORE[queue]) * (TAPER_DAYS + 1 - k[window]) / TAPER_DAYS
            taper[window] = np.minimum(taper[window], 1 - drop)
        for last in lasts:  # k = 1 on the first day after the holiday
            k = index - last
            window = (k >= 1) & (k <= TAPER_DAYS) & ~spring
            drop = (1 - RECOVERY_FROM) * (TAPER_DAYS + 1 - k[window]) / TAPER_DAYS
            taper[window] = np.minimum(taper[window], 1 - drop)
        factors[queue] = f * taper
    return factors


def _event_kind(event: str) -> str:
    """``双11`` for a Double 11 event, else ``618`` (whose magnitudes are the default)."""
    return "双11" if "双11" in event else "618"


def _spike(stamps: np.ndarray, opening: np.datetime64, amplitude: float, tau: float) -> np.ndarray:
    """Mean of ``1 + A·exp(−Δ/τ)`` over each interval, Δ [minutes] after ``opening``.

    Intervals (labelled by their start) that end before the opening get 1; one that contains
    the opening averages the spike over its part after the opening.
    """
    minute = np.timedelta64(1, "m")
    t0 = (stamps - opening) / minute
    t1 = t0 + INTERVAL_MINUTES
    a = np.maximum(t0, 0.0)
    b = np.maximum(t1, 0.0)
    mean = tau / INTERVAL_MINUTES * (np.exp(-a / tau) - np.exp(-b / tau))
    return 1.0 + amplitude * mean


def _campaign_factors(
    stamps: np.ndarray, calendar: pd.DataFrame, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """``lift · spike`` per queue and interval (1 outside campaigns) [factor]."""
    n = len(stamps)
    lift = {q: np.ones(n) for q in QUEUES}
    openings: list[tuple[np.datetime64, str, float]] = []  # (start, phase, S)
    event_factor: dict[str, float] = {}
    for row in calendar.itertuples(index=False):
        event, phase = str(row.event), str(row.phase)
        if event not in event_factor:
            event_factor[event] = float(rng.lognormal(0.0, EVENT_SIGMA))
        scale = event_factor[event] * float(rng.lognormal(0.0, PHASE_SIGMA))
        multiple = float(rng.uniform(*OPENING_MULTIPLE))
        start = np.datetime64(pd.Timestamp(row.start), "ns")
        end = np.datetime64(pd.Timestamp(row.end), "ns")
        inside = slice(
            int(np.searchsorted(stamps, start, side="left")),
            int(np.searchsorted(stamps, end, side="right")),
        )
        kind = _event_kind(event)
        if phase == "after_sales":
            minute = np.timedelta64(1, "m")
            length = max(float((end - start) / minute), 1.0)  # [minutes]
            x = ((stamps[inside] - start) / minute) / length  # 0 at the start, 1 at the end
            hump = 1 + AFTER_SALES_HUMP[kind] * scale * np.sin(np.pi * x)
            lift["aftersale"][inside] = np.maximum(lift["aftersale"][inside], hump)
            continue
        if phase == "peak_day":
            base = PEAK_DAY_LIFT[kind]
        else:
            base = PHASE_LIFT.get(phase, OTHER_PHASE_LIFT)
        for queue, level in zip(QUEUES, base, strict=True):
            lift[queue][inside] = np.maximum(lift[queue][inside], 1 + (level - 1) * scale)
        openings.append((start, phase, multiple))

    spike = {q: np.ones(n) for q in QUEUES}
    horizon = np.timedelta64(SPIKE_HORIZON.to_timedelta64(), "ns")
    first_30 = np.arange(2) * INTERVAL_MINUTES  # minutes after the opening's interval start
    minute = np.timedelta64(1, "m")
    profile = intraday_profile("presale")
    for start, phase, multiple in openings:
        lo = int(np.searchsorted(stamps, start, side="right")) - 1
        hi = int(np.searchsorted(stamps, start + horizon, side="left"))
        if hi <= 0 or lo >= n - 1:
            continue
        near = slice(max(lo, 0), hi)
        if phase == "peak_day":
            amplitude, tau = MIDNIGHT_SURGE
        else:
            # solve Σ w·L·(1 + A·u) / Σ w = S over the two intervals of the first 30 minutes,
            # w the normal intraday level of each interval, L its lift, u the unit spike
            tau = OPENING_TAU_MINUTES
            i = max(lo, 0)
            grid = stamps[i] + first_30 * np.timedelta64(1, "m")
            slots = ((grid - grid.astype("datetime64[D]")) / minute).astype(int) // INTERVAL_MINUTES
            w = profile[slots % SLOTS_PER_DAY]
            w_lift = w * np.resize(lift["presale"][i : i + 2], 2)
            u = _spike(grid, start, 1.0, tau) - 1.0
            amplitude = max(multiple * w.sum() - w_lift.sum(), 0.0) / float((w_lift * u).sum())
        s = _spike(stamps[near], start, amplitude, tau)
        spike["presale"][near] *= s
        spike["aftersale"][near] *= 1 + AFTERSALE_SPIKE_SHARE * (s - 1)
    return {q: lift[q] * spike[q] for q in QUEUES}


def _check_calendar(calendar: pd.DataFrame) -> pd.DataFrame:
    """A copy of the calendar with datetime ``start``/``end``; the caller's frame is untouched."""
    missing = [c for c in ("event", "phase", "start", "end") if c not in calendar.columns]
    if missing:
        raise InputDataError(
            f"calendar is missing column {missing[0]!r}; found {list(map(str, calendar.columns))}"
        )
    out = calendar[["event", "phase", "start", "end"]].copy()
    for column in ("start", "end"):
        out[column] = pd.to_datetime(out[column])
    bad = out["start"].isna() | out["end"].isna() | (out["end"] < out["start"])
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"calendar row {row}: start and end must be timestamps with end >= start, "
            f"got {calendar['start'].iloc[row]!r} to {calendar['end'].iloc[row]!r}"
        )
    return out.reset_index(drop=True)


def generate_sample(
    calendar: pd.DataFrame,
    *,
    seed: int = SEED,
    start: str | pd.Timestamp = START,
    end: str | pd.Timestamp = END,
) -> SampleShop:
    """Generate the sample shop (the model is in the module docstring).

    Parameters
    ----------
    calendar
        Campaign calendar with columns ``event, phase, start, end`` (datetimes, ``end``
        inclusive to the minute); other columns are ignored. Not modified.
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives identical frames.
    start, end
        First and last day (inclusive); the grid runs from ``start`` 00:00 to ``end`` 23:45.

    Returns
    -------
    SampleShop
        ``history`` (with planted defects), ``truth`` and ``planted_defects``.

    Raises
    ------
    InputDataError
        If the calendar lacks a column or has an unusable ``start``/``end``, or the range is
        empty.
    """
    cal = _check_calendar(calendar)
    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if last < first:
        raise InputDataError(f"end must not be before start, got {start} to {end}")
    rng = np.random.default_rng(seed)
    days = pd.date_range(first, last, freq="D")
    stamps = pd.date_range(first, periods=len(days) * SLOTS_PER_DAY, freq=f"{INTERVAL_MINUTES}min")
    stamp_values = stamps.to_numpy()

    years = ((days - GROWTH_REFERENCE) / pd.Timedelta(days=365.25)).to_numpy()
    growth = (1 + GROWTH_PER_YEAR) ** years
    bot_years = ((days - BOT_REFERENCE) / pd.Timedelta(days=365.25)).to_numpy()
    day_factors = _day_factors(days)
    campaign = _campaign_factors(stamp_values, cal, rng)

    rates, counts, humans = {}, {}, {}
    for queue in QUEUES:
        daily = DAILY_LEVEL[queue] * growth * day_factors[queue]
        rate = np.outer(daily, intraday_profile(queue)).ravel() * campaign[queue]
        day_noise = np.repeat(rng.gamma(DAY_SHAPE, 1 / DAY_SHAPE, len(days)), SLOTS_PER_DAY)
        interval_noise = rng.gamma(INTERVAL_SHAPE, 1 / INTERVAL_SHAPE, len(rate))
        count = rng.poisson(rate * day_noise * interval_noise)
        bot = BOT_RESOLUTION_START[queue] + BOT_DRIFT_PER_YEAR * bot_years
        human = rng.binomial(count, np.repeat(1 - np.clip(bot, 0.0, 0.95), SLOTS_PER_DAY))
        rates[queue], counts[queue], humans[queue] = rate, count, human

    def tidy(columns: dict[str, dict[str, np.ndarray]]) -> pd.DataFrame:
        frame = pd.concat(
            [
                pd.DataFrame(
                    {"interval_start": stamps, "queue": queue}
                    | {name: values[queue] for name, values in columns.items()}
                )
                for queue in QUEUES
            ]
        )
        return frame.sort_values(["interval_start", "queue"], kind="stable").reset_index(drop=True)

    truth = tidy({"expected_inquiries": {q: np.round(r, 3) for q, r in rates.items()}})
    clean = tidy({"inquiries": counts, "human_inquiries": humans})
    history, defects = _plant_defects(clean)
    return SampleShop(history=history, truth=truth, planted_defects=defects)


def _plant_defects(clean: pd.DataFrame) -> tuple[pd.DataFrame, tuple[PlantedDefect, ...]]:
    """Plant the defects of :data:`_DEFECT_PLAN` that fall inside the range."""
    stamps, queues = clean["interval_start"], clean["queue"]
    keep = np.ones(len(clean), dtype=bool)
    repeat = np.ones(len(clean), dtype=np.int64)
    counts = clean[["inquiries", "human_inquiries"]].to_numpy().copy()
    planted: list[tuple[str, str, pd.Timestamp, pd.Timestamp, str]] = []
    for kind, queue, first, last, note in _DEFECT_PLAN:
        a, b = pd.Timestamp(first), pd.Timestamp(last)
        hit = ((queues == queue) & stamps.between(a, b)).to_numpy()
        expected = int((b - a) / pd.Timedelta(minutes=INTERVAL_MINUTES)) + 1
        if int(hit.sum()) != expected:  # outside the generated range
            continue
        if kind == "outage":
            counts[hit] = 0
        elif kind == "gap":
            keep &= ~hit
        elif kind == "duplicate":
            repeat[hit] = 2
        planted.append((kind, queue, a, b, note))

    frame = clean.assign(inquiries=counts[:, 0], human_inquiries=counts[:, 1])
    positions = np.repeat(np.arange(len(clean)), repeat * keep)
    history = frame.iloc[positions].reset_index(drop=True)

    defects = []
    for kind, queue, a, b, note in planted:
        hit = (history["queue"] == queue) & history["interval_start"].between(a, b)
        rows = tuple(int(i) for i in np.flatnonzero(hit.to_numpy())) if kind != "gap" else ()
        defects.append(PlantedDefect(kind, queue, a, b, rows, note))
    return history, tuple(defects)


def read_calendar_csv(path: str | Path) -> pd.DataFrame:
    """Read a contract-format calendar CSV with pandas alone (no validation loader).

    Parameters
    ----------
    path
        ``event, phase, start, end[, note]`` CSV, times like ``2025-10-15 20:00``.

    Returns
    -------
    pandas.DataFrame
        The calendar with datetime ``start`` and ``end``.
    """
    calendar = pd.read_csv(path, dtype={"event": str, "phase": str})
    for column in ("start", "end"):
        if column in calendar.columns:  # a missing column is reported by generate_sample
            calendar[column] = pd.to_datetime(calendar[column])
    return calendar


def write_sample(shop: SampleShop, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``sample_history.csv.gz`` and ``sample_truth.csv.gz`` (byte-reproducible).

    Parameters
    ----------
    shop
        A generated shop.
    out_dir
        Directory, created if missing.

    Returns
    -------
    tuple of pathlib.Path
        The history and truth paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gzip = {"method": "gzip", "mtime": 0}
    paths = (out / "sample_history.csv.gz", out / "sample_truth.csv.gz")
    for frame, path in zip((shop.history, shop.truth), paths, strict=True):
        frame.to_csv(path, index=False, date_format=TIME_FORMAT, compression=gzip)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m forecaster.sample --out data/``.

    Parameters
    ----------
    argv
        Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns
    -------
    int
        0 on success, 2 on unusable input (one line on stderr).
    """
    from forecaster.paths import DATA_DIR

    parser = argparse.ArgumentParser(
        prog="python -m forecaster.sample", description="Write the bundled sample shop."
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    parser.add_argument(
        "--calendar", type=Path, default=None, help="calendar CSV (default: data/calendar.csv)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--start", default=START, help="first day, e.g. 2023-01-01")
    parser.add_argument("--end", default=END, help="last day (inclusive), e.g. 2025-11-30")
    args = parser.parse_args(argv)
    calendar_path = args.calendar or DATA_DIR / "calendar.csv"
    began = time.perf_counter()
    try:
        calendar = read_calendar_csv(calendar_path)
        shop = generate_sample(calendar, seed=args.seed, start=args.start, end=args.end)
    except (PlannerError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    generated = time.perf_counter() - began
    paths = write_sample(shop, args.out)
    print(
        f"generated {len(shop.history):,} history rows and {len(shop.truth):,} truth rows "
        f"in {generated:.1f} s; wrote {', '.join(map(str, paths))}"
    )
    for d in shop.planted_defects:
        lines = f"CSV lines {d.rows[0] + 2}-{d.rows[-1] + 2}" if d.rows else "no rows"
        print(f"  {d.kind}: {d.queue} {d.start} to {d.end} ({lines}); {d.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
