"""From forecast inquiries to the agents that must be on chat, interval by interval.

For each queue and interval (``docs/contracts.md``):

1. **Quantile**: staff to the forecast column ``forecast_quantile`` (``p80`` by default; the
   CLI's ``--quantile`` overrides every queue), i.e. ``inquiries``.
2. **Bot deflection**: ``human_inquiries = inquiries × (1 − bot_resolution)``; the chats left
   to humans are harder: ``aht_seconds = AHT(1) × (1 + bot_aht_uplift)`` when a bot is used,
   with the uplift capped so that deflection never adds human work
   (:func:`effective_uplift`).
3. **Time-varying load** (campaign nights): a chat that starts at 20:05 is still open at
   20:20, so after a 20:00 wave opens the chats in the system stay high while arrivals fall.
   The **modified offered load** (Jennings, Mandelbaum, Massey & Whitt 1996; Green, Kolesar
   & Whitt 2007) follows the mean number of chats ``m(t)`` of an infinite-server system with
   the same arrivals, ``m' = λ(t) − m/D`` with ``D`` the chat duration at full concurrency,
   solved exactly for arrivals constant within each interval. Each interval is staffed with
   the stationary model at ``λ_i + w·max(m̄_i/D − λ_i, 0)``, ``m̄_i`` the mean of ``m`` over
   the interval and ``w`` = :data:`LAG_WEIGHT`: never below the interval's own arrivals
   (a rising wave is staffed for what arrives), raised by half the chats still open from a
   busier past. ``w = 0.5`` and the floor were set with the simulator on the campaign-night
   benchmark and a ramping wave (``benchmarks/RESULTS.md``); the plain MOL (``w = 1``
   without the floor) under-staffed the opening interval, and ``w = 1`` with the floor cost
   5 % more agent-hours for little gain. ``time_varying=False`` gives plain per-interval
   staffing.
4. **Agents**: the fewest agents meeting the service level within ``answer_within_seconds``,
   the occupancy cap and, only when the plan sets one, the abandonment cap
   (``max_abandon_rate``) under the chat model of :mod:`forecaster.erlang` (Erlang A with
   concurrency and slowdown, or Erlang C), at least ``min_agents`` inside ``service_hours``
   (widened by ``phase_service_hours`` on the days a calendar phase touches) and 0 outside
   them (the bot answers alone). ``binding`` says which of these decided each number.
5. **Shrinkage** by division: ``headcount = ⌈agents / (1 − shrinkage)⌉``.

The result is the requirements frame of ``docs/contracts.md`` with the model's prediction at the
chosen staffing (``service_level``, ``asa_seconds``, ``abandon_rate``, ``occupancy``), plus
``binding``, ``offered_load`` (the load staffed to [chats per second × s = Erlang]) and
``open``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster.campaigns import day_phases
from forecaster.config import FORECAST_QUANTILES, PlanConfig, QueueConfig
from forecaster.erlang import required_staffing
from forecaster.errors import ConfigError, InputDataError
from forecaster.io import to_shop_time

LAG_WEIGHT = 0.5
"""Weight of the modified offered load against the interval's own load (module doc)."""

REQUIREMENT_COLUMNS: tuple[str, ...] = (
    "interval_start",
    "queue",
    "inquiries",
    "human_inquiries",
    "aht_seconds",
    "agents",
    "headcount",
    "service_level",
    "asa_seconds",
    "abandon_rate",
    "occupancy",
)

Progress = Callable[[str], None]


def effective_uplift(bot_resolution: float, bot_aht_uplift: float) -> float:
    """AHT uplift of the chats left to humans, at most ``b / (1 − b)``.

    The bot takes the easy chats, so the rest are longer; but removing chats cannot add
    work: the human work ``(1 − b)·(1 + uplift)`` never exceeds the work without a bot (1).
    The cap only binds for small deflection (``b < uplift / (1 + uplift)``, below 17 % for a
    20 % uplift) and makes more deflection never need more agents.
    """
    if bot_resolution <= 0:
        return 0.0
    return min(bot_aht_uplift, bot_resolution / (1 - bot_resolution))


def human_aht_seconds(queue: QueueConfig) -> float:
    """Handle time of a human chat at concurrency 1 after bot deflection [s]."""
    return queue.aht_seconds * (1 + effective_uplift(queue.bot_resolution, queue.bot_aht_uplift))


def chat_duration_seconds(queue: QueueConfig, aht_seconds: float) -> float:
    """Chat duration at full concurrency, ``AHT(k)`` [s]."""
    return aht_seconds * (1 + queue.concurrency_slowdown * (queue.max_concurrency - 1))


def modified_offered_load(rate: np.ndarray, interval_seconds: float, duration: float) -> np.ndarray:
    """Mean chats in an infinite-server system, averaged over each interval.

    Parameters
    ----------
    rate
        Arrival rate per interval, constant within it [1/s], on a contiguous grid.
    interval_seconds
        Interval length [s].
    duration
        Mean chat duration ``D`` [s].

    Returns
    -------
    numpy.ndarray
        ``m̄_i`` [chats]; starts in steady state with the first interval.
    """
    decay = np.exp(-interval_seconds / duration)
    share = duration / interval_seconds * (1 - decay)
    rate = np.asarray(rate, dtype=float)
    if rate.size == 0:
        return np.empty(0)
    target = rate * duration
    # m at each interval's start: m_{i+1} = d·m_i + (1 − d)·λ_i·D, m_0 = λ_0·D (a plain
    # float loop: ~10 ms a year of intervals, cheaper than importing scipy.signal)
    start = np.empty(len(target))
    m = float(target[0])
    for i, value in enumerate(target.tolist()):
        start[i] = m
        m = decay * m + (1 - decay) * value
    return target + (start - target) * share


def phase_days(
    stamps: pd.Series | pd.DatetimeIndex, calendar: pd.DataFrame | None, minutes: int
) -> dict[str, np.ndarray]:
    """For each phase name of an ``event, phase, start, end`` calendar, whether a phase of
    that name touches each stamp's day (bool per stamp, :func:`~forecaster.campaigns.
    day_phases`), e.g. ``{"peak_day": [False, …, True, …]}``: what
    :meth:`~forecaster.config.QueueConfig.open_at` needs for ``phase_service_hours``."""
    found = day_phases(stamps, calendar, minutes)
    day_of = pd.DatetimeIndex(stamps).normalize()
    names = sorted({name for phases in found.values() for name in phases})
    return {
        name: np.asarray(day_of.isin([d for d, phases in found.items() if name in phases]))
        for name in names
    }


def _interval_minutes(frame: pd.DataFrame) -> int:
    diffs = frame.groupby("queue")["interval_start"].diff().dropna()
    diffs = diffs[diffs > pd.Timedelta(0)]
    if diffs.empty:
        return 15
    return int(diffs.min() / pd.Timedelta(minutes=1))


def check_forecast(frame: pd.DataFrame, source: str = "forecast") -> pd.DataFrame:
    """A forecast frame with parsed types, or one :class:`InputDataError` per problem."""
    required = ("interval_start", "queue", "mean")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"{source} is missing column {missing[0]!r}; found {list(map(str, frame.columns))}"
        )
    out = frame.copy()
    problems = []
    stamps = pd.to_datetime(out["interval_start"], errors="coerce")
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna().to_numpy())[0])
        problems.append(
            f"{source} row {row + 2}, column interval_start: must be a timestamp, "
            f"got {str(frame['interval_start'].iloc[row])!r}"
        )
    out["interval_start"] = to_shop_time(stamps)
    out["queue"] = out["queue"].astype(str)
    for column in [c for c in FORECAST_QUANTILES if c in out.columns]:
        values = pd.to_numeric(out[column], errors="coerce")
        bad = values.isna() | (values < 0) | ~np.isfinite(values.fillna(0.0))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            problems.append(
                f"{source} row {row + 2}, column {column}: must be a non-negative number, "
                f"got {str(frame[column].iloc[row])!r}"
            )
        out[column] = values.astype(float)
    if problems:
        raise InputDataError(problems)
    dup = out.duplicated(["queue", "interval_start"])
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0])
        raise InputDataError(
            f"{source} row {row + 2}: duplicate interval {out['interval_start'].iloc[row]} "
            f"for queue {out['queue'].iloc[row]}"
        )
    return out.sort_values(["queue", "interval_start"], kind="stable").reset_index(drop=True)


def read_forecast(path: str | Path) -> pd.DataFrame:
    """Read a forecast CSV (``docs/contracts.md``) with clear errors naming the file and row."""
    path = Path(path)
    if path.is_dir():
        raise InputDataError(f"{path} is a directory; give the forecast CSV file")
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InputDataError(f"{path}: no such file") from error
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputDataError(f"{path.name}: not a readable CSV file ({error})") from error
    if frame.empty:
        raise InputDataError(f"{path.name}: has a header but no data rows")
    return check_forecast(frame, path.name)


def staff_queue(
    frame: pd.DataFrame,
    queue: QueueConfig,
    column: str,
    interval_minutes: int,
    *,
    time_varying: bool = True,
    open_mask: np.ndarray | None = None,
) -> pd.DataFrame:
    """Requirements of one queue's forecast rows (contiguous grid, sorted); ``open_mask``
    (bool per row) replaces the queue's ``service_hours`` when given."""
    seconds = interval_minutes * 60.0
    inquiries = frame[column].to_numpy(dtype=float)
    human = inquiries * (1 - queue.bot_resolution)
    aht = human_aht_seconds(queue)
    rate = human / seconds
    if open_mask is None:
        is_open = queue.open_at(frame["interval_start"])
    else:
        is_open = np.asarray(open_mask, dtype=bool)
    load_rate = rate
    if time_varying and len(rate):
        grid = pd.date_range(
            frame["interval_start"].iloc[0],
            frame["interval_start"].iloc[-1],
            freq=f"{interval_minutes}min",
        )
        full = pd.Series(0.0, index=grid)
        full[frame["interval_start"].to_numpy()] = rate  # gaps carry no arrivals
        duration = chat_duration_seconds(queue, aht)
        mol = modified_offered_load(full.to_numpy(), seconds, duration) / duration
        lagged = pd.Series(mol, index=grid).loc[frame["interval_start"].to_numpy()].to_numpy()
        load_rate = rate + LAG_WEIGHT * np.maximum(lagged - rate, 0.0)
    patience = queue.patience_seconds if queue.model == "erlang_a" else np.inf
    staffing = required_staffing(
        np.where(is_open, load_rate, 0.0),
        aht,
        service_level=queue.service_level,
        answer_within_seconds=queue.answer_within_seconds,
        max_concurrency=queue.max_concurrency,
        slowdown=queue.concurrency_slowdown,
        patience_seconds=patience,
        max_occupancy=queue.max_occupancy,
        max_abandon_rate=(
            queue.max_abandon_rate
            if queue.model == "erlang_a" and queue.max_abandon_rate is not None
            else 1.0  # no cap
        ),
        min_agents=np.where(is_open, queue.min_agents, 0),
    )
    metrics = staffing.metrics
    agents = np.where(is_open, staffing.agents, 0)
    headcount = np.ceil(agents / (1 - queue.shrinkage) - 1e-9).astype(np.int64)
    closed = ~is_open
    return pd.DataFrame(
        {
            "interval_start": frame["interval_start"].to_numpy(),
            "queue": frame["queue"].to_numpy(),
            "inquiries": inquiries,
            "human_inquiries": human,
            "aht_seconds": aht,
            "agents": agents.astype(np.int64),
            "headcount": headcount,
            "service_level": np.where(closed, np.nan, metrics.service_level),
            "asa_seconds": np.where(closed, np.nan, metrics.asa_seconds),
            "abandon_rate": np.where(closed, np.nan, metrics.abandon_rate),
            "occupancy": np.where(closed, np.nan, metrics.occupancy),
            "binding": np.where(closed, "closed", staffing.binding).astype(str),
            "offered_load": load_rate * aht,
            "open": is_open,
        }
    )


def requirements(
    forecast: pd.DataFrame,
    config: PlanConfig,
    *,
    quantile: str | None = None,
    time_varying: bool = True,
    calendar: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Agents and headcount per queue and interval (module docstring).

    Parameters
    ----------
    forecast
        ``interval_start, queue, mean, p10 … p95`` (``docs/contracts.md``).
    config
        The plan configuration; every forecast queue must have a ``[queues.<name>]`` table.
    quantile
        Forecast column to staff to for every queue (default: each queue's
        ``forecast_quantile``).
    time_varying
        Apply the modified-offered-load correction (default) or staff each interval alone.
    calendar
        Campaign calendar ``event, phase, start, end``: on the days a phase touches, a
        queue's ``phase_service_hours`` for that phase are open too. Without it only
        ``service_hours`` apply.
    progress
        Called with one line per queue.

    Returns
    -------
    pandas.DataFrame
        :data:`REQUIREMENT_COLUMNS` plus ``binding`` (what decided ``agents``:
        ``service_level``, ``occupancy``, ``abandonment``, ``min_agents``, ``closed``
        outside service hours or ``none`` at zero load), ``offered_load`` and ``open``.

    Raises
    ------
    InputDataError
        Missing columns or a forecast queue with no configuration.
    ConfigError
        An unknown quantile.
    """
    frame = check_forecast(forecast)
    if quantile is not None and quantile not in FORECAST_QUANTILES:
        raise ConfigError(
            f"quantile must be one of {', '.join(FORECAST_QUANTILES)}, got {quantile!r}"
        )
    unknown = sorted(set(frame["queue"]) - set(config.queues))
    if unknown:
        raise InputDataError(
            f"forecast queue {unknown[0]!r} has no [queues.{unknown[0]}] table in the config; "
            f"configured: {', '.join(config.queues)}"
        )
    minutes = _interval_minutes(frame)
    for name, rows in frame.groupby("queue", sort=False):
        step = rows["interval_start"].diff().dropna()
        step = step[step > pd.Timedelta(0)]
        found = {int(d / pd.Timedelta(minutes=1)) for d in step.unique()}
        if found and min(found) != config.interval_minutes:
            raise InputDataError(
                f"forecast queue {name} is at {min(found)}-minute intervals but the config's "
                f"interval_minutes is {config.interval_minutes}; forecast with --interval "
                f"{config.interval_minutes} (or change interval_minutes)"
            )
    minutes = config.interval_minutes
    parts = []
    for name, rows in frame.groupby("queue", sort=False):
        queue = config.queues[str(name)]
        column = quantile or queue.forecast_quantile
        if column not in rows.columns:
            raise InputDataError(
                f"forecast has no column {column!r} to staff queue {name} to; "
                f"found {list(map(str, rows.columns))}"
            )
        if progress:
            progress(f"staffing {name}: {len(rows):,} intervals to {column}")
        days = (
            phase_days(rows["interval_start"], calendar, minutes) if calendar is not None else None
        )
        is_open = queue.open_at(rows["interval_start"], days)
        parts.append(
            staff_queue(rows, queue, column, minutes, time_varying=time_varying, open_mask=is_open)
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["interval_start", "queue"], kind="stable").reset_index(drop=True)
