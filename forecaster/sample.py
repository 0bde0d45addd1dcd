"""The bundled sample shop: a seeded generator of realistic chat-inquiry history.

``python -m forecaster.sample --out data/`` (or ``make sample``) writes

- ``sample_history.csv.gz`` — the shop back-end's export: ``interval_start, queue,
  inquiries, human_inquiries`` with its planted defects;
- ``sample_truth.csv.gz`` — ``interval_start, queue, expected_inquiries``: the true expected
  number of inquiries per interval (the mean of the count distribution), without noise or
  defects, so a forecast can be compared with the noise floor.

Both are byte-reproducible (fixed seed, gzip ``mtime=0``).

Generative model
----------------
For queue ``q`` (``presale`` 售前, ``aftersale`` 售后) and 15-minute interval ``t`` on day
``d`` the expected count is ::

    rate(q, t) = daily_level(q) · growth(d) · weekly(q, weekday) · holiday(q, d)
                 · intraday(q, slot) · campaign(q, t)

- ``daily_level``: inquiries on a normal weekday of mid-2025 — presale 13,000, aftersale
  6,800 (about 20,000 together).
- ``growth(d) = exp(g · years since 2025-07-01)`` with ``g = ln 1.15``: +15 % a year.
- ``weekly``: presale busier at the weekend (Sat ×1.12, Sun ×1.15), aftersale busiest on
  Monday (×1.15) after the weekend's orders and quieter on Sunday (×0.88).
- ``holiday`` from ``chinese_calendar``: Spring Festival holiday presale ×0.45, aftersale
  ×0.35 (couriers stop), with a 7-day taper before it on aftersale and a 7-day recovery after
  it on both queues; National Day ×0.80 / ×0.75; other statutory holidays ×0.92.
- ``intraday``: three peaks (about 09:30, 15:30 and 21:30, i.e. inside 08–11, 14–17 and
  20–23) over a night trough (02:00–06:00 at about 5 % of the peak level), normalised so the
  96 slots of a day sum to 1.
- ``campaign`` from the calendar (``data/calendar.csv``), for every event ``e``:

  * a year-to-year factor ``F_e ~ LogNormal(0, 0.15)`` and per phase ``f_p ~ LogNormal(0,
    0.06)`` scale every lift of the event, so campaign lift differs from year to year;
  * inside a phase window, presale runs at ``1 + (L − 1) · F_e · f_p`` times normal with
    ``L`` = 1.6 (presale), 1.9 (wave), 1.5 (final_payment), 9.0 (双11 peak_day) or 4.0 (618
    peak_day); aftersale at 1.15 during presale/wave/final_payment and 2.5 on the peak day.
    Where phases nest (the peak day inside a wave) the larger lift wins;
  * every phase opening except ``after_sales`` and ``peak_day`` brings a spike
    ``1 + A · exp(−Δ/τ)`` with ``τ = 40 min``, ``A`` drawn so that the first 30 minutes after
    the opening run ``S ~ Uniform(5.5, 7.5)`` times the normal level of those intervals;
  * the peak day itself opens with a 00:00 surge: ``A = 5``, ``τ = 30 min``;
  * the after-sales wave: during ``after_sales`` (3–10 days after the peak day) aftersale
    rises by a hump ``1 + H · sin(π · x)`` over the phase (``x`` from 0 to 1), ``H`` = 1.8
    (双11) or 1.2 (618), times ``F_e``.

Noise is over-dispersed (negative binomial by mixing):
``inquiries ~ Poisson(rate · G_day · G_int)`` with a per-queue-and-day factor
``G_day ~ Gamma(60, 1/60)`` and a per-interval factor ``G_int ~ Gamma(30, 1/30)``, both of mean
1, so ``E[inquiries] = rate`` and ``Var > rate``. ``human_inquiries ~ Binomial(inquiries,
1 − b)`` with a bot resolution ``b`` of 0.30 (presale) / 0.18 (aftersale) in 2023, drifting up
3 points a year.

Planted defects (in the history only, never in the truth), listed in
:data:`PLANTED_DEFECTS`: a 3-hour export outage (zeros on both queues, 2024-07-17
10:00–12:45), one exact duplicated export row (presale 2025-03-12 14:30, repeated right
after the original) and a gap (aftersale 2025-04-09 02:00–02:45 missing).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import chinese_calendar
import numpy as np
import pandas as pd

SEED = 20251111
START = "2023-01-01"
END = "2025-11-30"
INTERVAL_MINUTES = 15
QUEUES = ("presale", "aftersale")

DAILY_LEVEL = {"presale": 13_000.0, "aftersale": 6_800.0}
"""Inquiries on a normal weekday of mid-2025 [count per day]."""
GROWTH_PER_YEAR = 0.15
GROWTH_REFERENCE = pd.Timestamp("2025-07-01")
WEEKLY = {  # Monday .. Sunday
    "presale": (0.96, 0.95, 0.95, 0.96, 1.00, 1.12, 1.15),
    "aftersale": (1.15, 1.05, 1.00, 0.98, 0.97, 0.95, 0.88),
}
PEAKS = {  # (hour of the peak, width [h], height) for the three daily peaks
    "presale": ((9.5, 1.1, 1.0), (15.5, 1.1, 0.9), (21.5, 1.0, 1.15)),
    "aftersale": ((10.0, 1.2, 1.1), (15.5, 1.2, 1.0), (21.0, 1.0, 0.75)),
}
NIGHT_FLOOR = 0.05
PRESALE_LIFT = {"presale": 1.6, "wave": 1.9, "final_payment": 1.5}
PEAK_DAY_LIFT = {"双11": 9.0, "618": 4.0}
AFTERSALE_LIFT = {"presale": 1.15, "wave": 1.15, "final_payment": 1.15, "peak_day": 2.5}
AFTER_SALES_HUMP = {"双11": 1.8, "618": 1.2}
EVENT_SIGMA = 0.15
PHASE_SIGMA = 0.06
SPIKE_TAU_MINUTES = 40.0
SPIKE_RANGE = (5.5, 7.5)
"""First-30-minute multiple of normal after a 20:00 opening, drawn per phase."""
MIDNIGHT_SURGE = (5.0, 30.0)
"""(amplitude, decay [min]) of the 00:00 surge that opens a peak day."""
DAY_SHAPE, INTERVAL_SHAPE = 60.0, 30.0
BOT_RESOLUTION_2023 = {"presale": 0.30, "aftersale": 0.18}
BOT_DRIFT_PER_YEAR = 0.03


@dataclass(frozen=True)
class PlantedDefect:
    """A defect planted in the history export for validation to find."""

    kind: str
    """``outage``, ``duplicate`` or ``gap``."""
    queue: str
    start: pd.Timestamp
    end: pd.Timestamp
    """Start of the last affected interval."""
    note: str


PLANTED_DEFECTS = (
    PlantedDefect(
        "outage",
        "presale",
        pd.Timestamp("2024-07-17 10:00"),
        pd.Timestamp("2024-07-17 12:45"),
        "export outage: zeros on both queues for 3 hours on a Wednesday morning",
    ),
    PlantedDefect(
        "outage",
        "aftersale",
        pd.Timestamp("2024-07-17 10:00"),
        pd.Timestamp("2024-07-17 12:45"),
        "the same outage on the aftersale queue",
    ),
    PlantedDefect(
        "duplicate",
        "presale",
        pd.Timestamp("2025-03-12 14:30"),
        pd.Timestamp("2025-03-12 14:30"),
        "row exported twice, right after the original",
    ),
    PlantedDefect(
        "gap",
        "aftersale",
        pd.Timestamp("2025-04-09 02:00"),
        pd.Timestamp("2025-04-09 02:45"),
        "4 intervals missing from the export",
    ),
)


@dataclass(frozen=True)
class SampleShop:
    """The generated shop."""

    history: pd.DataFrame
    """The export, defects included: ``interval_start, queue, inquiries, human_inquiries``."""
    truth: pd.DataFrame
    """``interval_start, queue, expected_inquiries`` on the complete grid."""
    planted_defects: tuple[PlantedDefect, ...] = PLANTED_DEFECTS


def intraday_profile(queue: str, minutes: int = INTERVAL_MINUTES) -> np.ndarray:
    """Share of a normal day's inquiries in each slot (sums to 1) [fraction]."""
    hours = (np.arange(0, 1440, minutes) + minutes / 2) / 60
    level = np.full_like(hours, NIGHT_FLOOR)
    for centre, width, height in PEAKS[queue]:
        for shift in (-24.0, 0.0, 24.0):  # wrap around midnight
            level += height * np.exp(-0.5 * ((hours - centre - shift) / width) ** 2)
    return level / level.sum()


def _holiday_factors(days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """Multiplicative holiday effect per day and queue."""
    detail = [chinese_calendar.get_holiday_detail(d.date()) for d in days]
    on = np.array([h for h, _ in detail])
    name = np.array([n or "" for _, n in detail])
    spring = on & (name == "Spring Festival")
    factors = {q: np.ones(len(days)) for q in QUEUES}
    for queue, (sf, nd) in {"presale": (0.45, 0.80), "aftersale": (0.35, 0.75)}.items():
        factors[queue][spring] = sf
        factors[queue][on & (name == "National Day")] = nd
        factors[queue][on & ~np.isin(name, ["Spring Festival", "National Day"])] = 0.92
    # couriers wind down before Spring Festival, and both queues recover slowly after it
    first = np.flatnonzero(spring & ~np.roll(spring, 1))
    last = np.flatnonzero(spring & ~np.roll(spring, -1))
    for a in first:
        for k in range(1, 8):
            if a - k >= 0:
                factors["aftersale"][a - k] *= 1 - 0.5 * (8 - k) / 8
    for b in last:
        for k in range(1, 8):
            if b + k < len(days):
                for queue in QUEUES:
                    factors[queue][b + k] *= 1 - 0.4 * (8 - k) / 8
    return factors


def _spike(stamps: np.ndarray, start: np.datetime64, amplitude: float, tau: float) -> np.ndarray:
    """Mean over each 15-minute interval of ``1 + A·exp(−Δ/τ)`` after ``start`` (1 before)."""
    delta = (stamps - start) / np.timedelta64(1, "m")
    after = delta >= 0
    a = np.where(after, delta, 0.0)
    mean = tau / INTERVAL_MINUTES * (np.exp(-a / tau) - np.exp(-(a + INTERVAL_MINUTES) / tau))
    return np.where(after, 1 + amplitude * mean, 1.0)


def _campaign_factors(
    stamps: np.ndarray, calendar: pd.DataFrame, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Campaign multiplier per interval and queue (1 outside campaigns)."""
    lift = {q: np.ones(len(stamps)) for q in QUEUES}
    spikes = {q: np.ones(len(stamps)) for q in QUEUES}
    first_30 = SPIKE_TAU_MINUTES / 30 * (1 - np.exp(-30 / SPIKE_TAU_MINUTES))
    horizon = np.timedelta64(6, "h")
    for event, phases in calendar.groupby("event", sort=False):
        kind = "双11" if "双11" in str(event) else "618"
        event_factor = float(rng.lognormal(0.0, EVENT_SIGMA))
        for phase in phases.itertuples(index=False):
            phase_factor = float(rng.lognormal(0.0, PHASE_SIGMA))
            multiple = float(rng.uniform(*SPIKE_RANGE))
            start = np.datetime64(pd.Timestamp(phase.start))
            end = np.datetime64(pd.Timestamp(phase.end))
            inside = (stamps >= start) & (stamps <= end)
            if not inside.any():
                continue
            scale = event_factor * phase_factor
            if phase.phase == "after_sales":
                minute = np.timedelta64(1, "m")
                x = ((stamps[inside] - start) / minute) / float((end - start) / minute)
                hump = 1 + AFTER_SALES_HUMP[kind] * event_factor * np.sin(np.pi * x)
                lift["aftersale"][inside] = np.maximum(lift["aftersale"][inside], hump)
                continue
            base = (
                PEAK_DAY_LIFT[kind]
                if phase.phase == "peak_day"
                else PRESALE_LIFT.get(phase.phase, 1.3)
            )
            presale = 1 + (base - 1) * scale
            aftersale = 1 + (AFTERSALE_LIFT.get(phase.phase, 1.1) - 1) * scale
            lift["presale"][inside] = np.maximum(lift["presale"][inside], presale)
            lift["aftersale"][inside] = np.maximum(lift["aftersale"][inside], aftersale)
            near = (stamps >= start) & (stamps < start + horizon)
            if phase.phase == "peak_day":
                amplitude, tau = MIDNIGHT_SURGE
            else:
                amplitude, tau = max(multiple / presale - 1, 0.0) / first_30, SPIKE_TAU_MINUTES
            spike = _spike(stamps[near], start, amplitude, tau)
            spikes["presale"][near] *= spike
            spikes["aftersale"][near] *= 1 + (spike - 1) * 0.25
    return {q: lift[q] * spikes[q] for q in QUEUES}


def generate_sample(
    calendar: pd.DataFrame, *, seed: int = SEED, start: str = START, end: str = END
) -> SampleShop:
    """Generate the sample shop.

    Parameters
    ----------
    calendar
        ``event, phase, start, end`` with datetime ``start``/``end`` (end inclusive).
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same shop.
    start, end
        First and last day (inclusive).
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, end, freq="D")
    slots = 1440 // INTERVAL_MINUTES
    stamps = pd.date_range(days[0], periods=len(days) * slots, freq=f"{INTERVAL_MINUTES}min")
    stamp_values = stamps.to_numpy()
    years = (days - GROWTH_REFERENCE) / pd.Timedelta(days=365.25)
    growth = np.exp(np.log1p(GROWTH_PER_YEAR) * years.to_numpy())
    holidays = _holiday_factors(days)
    campaign = _campaign_factors(stamp_values, calendar, rng)
    weekday = days.day_of_week.to_numpy()

    truth_parts, history_parts = [], []
    for queue in QUEUES:
        daily = DAILY_LEVEL[queue] * growth * np.asarray(WEEKLY[queue])[weekday] * holidays[queue]
        rate = np.repeat(daily, slots) * np.tile(intraday_profile(queue), len(days))
        rate = rate * campaign[queue]
        day_noise = np.repeat(rng.gamma(DAY_SHAPE, 1 / DAY_SHAPE, len(days)), slots)
        interval_noise = rng.gamma(INTERVAL_SHAPE, 1 / INTERVAL_SHAPE, len(rate))
        counts = rng.poisson(rate * day_noise * interval_noise)
        bot = BOT_RESOLUTION_2023[queue] + BOT_DRIFT_PER_YEAR * np.repeat(
            years.to_numpy() + 2.5, slots
        )
        human = rng.binomial(counts, 1 - np.clip(bot, 0, 0.9))
        truth_parts.append(
            pd.DataFrame(
                {"interval_start": stamps, "queue": queue, "expected_inquiries": np.round(rate, 3)}
            )
        )
        history_parts.append(
            pd.DataFrame(
                {
                    "interval_start": stamps,
                    "queue": queue,
                    "inquiries": counts,
                    "human_inquiries": human,
                }
            )
        )
    order = ["interval_start", "queue"]
    truth = pd.concat(truth_parts).sort_values(order, kind="stable").reset_index(drop=True)
    history = pd.concat(history_parts).sort_values(order, kind="stable").reset_index(drop=True)
    return SampleShop(history=_plant_defects(history), truth=truth)


def _plant_defects(history: pd.DataFrame) -> pd.DataFrame:
    out = history.copy()
    for defect in PLANTED_DEFECTS:
        hit = (out["queue"] == defect.queue) & out["interval_start"].between(
            defect.start, defect.end
        )
        if defect.kind == "outage":
            out.loc[hit, ["inquiries", "human_inquiries"]] = 0
        elif defect.kind == "gap":
            out = out[~hit]
        elif defect.kind == "duplicate":
            at = int(np.flatnonzero(hit.to_numpy())[0])
            out = pd.concat([out.iloc[: at + 1], out.iloc[[at]], out.iloc[at + 1 :]])
    return out.reset_index(drop=True)


def read_calendar_csv(path: Path) -> pd.DataFrame:
    """The calendar as the generator needs it (contract format, parsed with pandas only)."""
    calendar = pd.read_csv(path, dtype={"event": str, "phase": str})
    for column in ("start", "end"):
        calendar[column] = pd.to_datetime(calendar[column])
    return calendar


def write_sample(shop: SampleShop, out_dir: Path) -> tuple[Path, Path]:
    """Write the two gzipped CSVs (byte-reproducible) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    gzip_options = {"method": "gzip", "mtime": 0, "compresslevel": 9}
    history_path = out_dir / "sample_history.csv.gz"
    truth_path = out_dir / "sample_truth.csv.gz"
    shop.history.to_csv(
        history_path, index=False, date_format="%Y-%m-%d %H:%M:%S", compression=gzip_options
    )
    shop.truth.to_csv(
        truth_path, index=False, date_format="%Y-%m-%d %H:%M:%S", compression=gzip_options
    )
    return history_path, truth_path


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m forecaster.sample --out data/``."""
    from forecaster.paths import DATA_DIR, SAMPLE_CALENDAR

    parser = argparse.ArgumentParser(description="Write the bundled sample shop.")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--calendar", type=Path, default=SAMPLE_CALENDAR)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = dt.datetime.now()
    shop = generate_sample(read_calendar_csv(args.calendar), seed=args.seed)
    paths = write_sample(shop, args.out)
    seconds = (dt.datetime.now() - started).total_seconds()
    print(f"wrote {', '.join(str(p) for p in paths)} ({len(shop.history):,} rows, {seconds:.1f} s)")


if __name__ == "__main__":
    main()
