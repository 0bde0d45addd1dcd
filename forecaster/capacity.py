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
   them (the bot answers alone). A slot the forecast holds at 0 in every column is one the
   queue never served (the forecast's closed slots: a shop closed on weekends, or after
   20:00): it is closed even inside ``service_hours``, so ``min_agents`` do not sit through
   an empty Saturday, and a note lists such slots. ``binding`` says which of these decided
   each number.
5. **Shrinkage** by division: ``headcount = ⌈agents / (1 − shrinkage)⌉``, or one fewer
   where the agents on chat on average, ``headcount × (1 − shrinkage)``, still meet the
   targets (:func:`present_headcount`).

The result is the requirements frame of ``docs/contracts.md`` with the model's prediction at the
chosen staffing (``service_level``, ``asa_seconds``, ``abandon_rate``, ``occupancy``), plus
``binding``, ``offered_load`` (the load staffed to [chats per second × s = Erlang]) and
``open``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster.campaigns import day_phases
from forecaster.config import FORECAST_QUANTILES, PlanConfig, QueueConfig
from forecaster.erlang import QueueMetrics, chat_queue, required_staffing
from forecaster.errors import ConfigError, InputDataError
from forecaster.io import to_shop_time
from forecaster.messages import Message, msg
from forecaster.safe_output import restore_frame

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
        frame = restore_frame(pd.read_csv(path, encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise InputDataError(f"{path}: no such file") from error
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputDataError(f"{path.name}: not a readable CSV file ({error})") from error
    if frame.empty:
        raise InputDataError(f"{path.name}: has a header but no data rows")
    return check_forecast(frame, path.name)


def staffed_rate(
    stamps: pd.Series,
    rate: np.ndarray,
    interval_minutes: int,
    duration: float,
    *,
    time_varying: bool = True,
) -> np.ndarray:
    """The arrival rate each interval is staffed for (module docstring, step 3).

    Parameters
    ----------
    stamps
        ``interval_start`` of one queue's rows, sorted (gaps carry no arrivals).
    rate
        Human chats arriving per second in each row [1/s].
    interval_minutes
        Grid step [min].
    duration
        Chat duration at full concurrency, ``AHT(k)`` [s].
    time_varying
        Add :data:`LAG_WEIGHT` of the chats still open from busier past intervals; without
        it the rate is returned unchanged.

    Returns
    -------
    numpy.ndarray
        ``λ_i + w·max(m̄_i/D − λ_i, 0)`` per row [1/s].
    """
    rate = np.asarray(rate, dtype=float)
    if not time_varying or not len(rate):
        return rate
    seconds = interval_minutes * 60.0
    when = pd.DatetimeIndex(stamps)
    grid = pd.date_range(when[0], when[-1], freq=f"{interval_minutes}min")
    full = pd.Series(0.0, index=grid)
    full[when.to_numpy()] = rate  # gaps carry no arrivals
    mol = modified_offered_load(full.to_numpy(), seconds, duration) / duration
    lagged = pd.Series(mol, index=grid).loc[when.to_numpy()].to_numpy()
    return rate + LAG_WEIGHT * np.maximum(lagged - rate, 0.0)


def present_headcount(
    agents: np.ndarray, rate: np.ndarray, aht: float, queue: QueueConfig
) -> np.ndarray:
    """Agents present for ``agents`` on chat at the queue's shrinkage ``s``:
    ``⌈agents / (1 − s)⌉``, or one fewer where that still meets the targets on average.

    Shrinkage takes each present agent off chat a share ``s`` of the time, so ``h`` present
    are ``h(1 − s)`` on chat on average: ``n`` whole agents and one more with chance ``f``,
    as the plan's simulation draws them. Where ``h − 1`` present keep ``min_agents`` on chat
    on average and that mix of ``n`` and ``n + 1`` agents meets the service level, the
    abandonment cap and the occupancy cap of the queue's chat model (Erlang A with
    concurrency), ``h − 1`` are enough. Rounding every interval up cost a small shop a
    person in most of its intervals: 2 chatting agents at 10 % shrinkage were 3 present
    (2.2 rounded up), a third more than their 2 × 0.9 = 1.8 on chat need. [agents]"""
    s = float(queue.shrinkage)
    head = np.ceil(agents / (1 - s) - 1e-9).astype(np.int64)
    fewer = head - 1
    on_chat = fewer * (1 - s)
    todo = np.flatnonzero(
        (s > 0) & (rate > 0) & (fewer >= 1) & (on_chat >= queue.min_agents - 1e-9)
    )
    if todo.size == 0:
        return head
    x = on_chat[todo]
    n = np.floor(x + 1e-9)
    f = x - n
    patience = queue.patience_seconds if queue.model == "erlang_a" else np.inf

    def at(agents_on_chat: np.ndarray) -> QueueMetrics:
        return chat_queue(
            rate[todo],
            agents_on_chat,
            aht,
            max_concurrency=queue.max_concurrency,
            slowdown=queue.concurrency_slowdown,
            patience_seconds=patience,
            answer_within_seconds=queue.answer_within_seconds,
        )

    low, high = at(n), at(n + 1)
    service = (1 - f) * low.service_level + f * high.service_level
    abandon = (1 - f) * low.abandon_rate + f * high.abandon_rate
    # nobody to be busy with probability 1 − f when n is 0: the occupancy of those present
    occupancy = np.where(n > 0, (1 - f) * low.occupancy + f * high.occupancy, high.occupancy)
    cap = queue.max_abandon_rate if queue.model == "erlang_a" else None
    good = (
        (service >= queue.service_level - 1e-12)
        & (occupancy <= queue.max_occupancy + 1e-12)
        & ((abandon <= cap + 1e-12) if cap is not None else True)
    )
    head[todo[good]] = fewer[todo[good]]
    return head


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
    load_rate = staffed_rate(
        frame["interval_start"], rate, interval_minutes, chat_duration_seconds(queue, aht),
        time_varying=time_varying,
    )  # fmt: skip
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
    headcount = present_headcount(agents, np.where(is_open, load_rate, 0.0), aht, queue)
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
    open_as: pd.DataFrame | None = None,
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
    open_as
        ``interval_start, queue, open`` of a plan's requirements: its intervals keep the
        plan's open hours (a review staffs the actual inquiries in the hours the plan
        opened, its calendar's phases included); other intervals follow the config.
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
        Missing columns.
    ConfigError
        A forecast queue with no configuration, or an unknown quantile.
    """
    frame = check_forecast(forecast)
    if quantile is not None and quantile not in FORECAST_QUANTILES:
        raise ConfigError(
            f"quantile must be one of {', '.join(FORECAST_QUANTILES)}, got {quantile!r}"
        )
    frame = config.keyed_frame(frame)  # 安装预约 for [queues.install]
    config.check_queues(frame["queue"].unique(), "forecast", "config")
    minutes = _interval_minutes(frame)
    for name, rows in frame.groupby("queue", sort=False):
        step = rows["interval_start"].diff().dropna()
        step = step[step > pd.Timedelta(0)]
        found = {int(d / pd.Timedelta(minutes=1)) for d in step.unique()}
        if found and min(found) != config.interval_minutes:
            step, cfg = min(found), config.interval_minutes
            # a forecast cannot be finer than its history: then only the config can change
            raise InputDataError(
                msg("cap.grid_coarser" if step > cfg else "cap.grid_other",
                    queue=str(name), step=step, cfg=cfg)
            )  # fmt: skip
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
            progress(msg("cap.staffing_queue", queue=name, n=len(rows), column=column))
        days = (
            phase_days(rows["interval_start"], calendar, minutes) if calendar is not None else None
        )
        is_open = queue.open_at(rows["interval_start"], days)
        if open_as is not None:
            planned = open_as[open_as["queue"].astype(str) == str(name)]
            flags = planned["open"]
            if not pd.api.types.is_bool_dtype(flags):  # "False" read back from a CSV is text
                flags = flags.astype(str).str.strip().str.lower().isin(("true", "1"))
            known = pd.Series(
                flags.astype(bool).to_numpy(),
                index=pd.DatetimeIndex(pd.to_datetime(planned["interval_start"])),
            )
            known = known[~known.index.duplicated()]
            found = known.reindex(pd.DatetimeIndex(rows["interval_start"]))
            is_open = np.where(found.notna(), found.fillna(False).astype(bool), is_open)
        unserved = is_open & ~_served(rows)
        if unserved.any():
            if progress:
                progress(_unserved_note(str(name), rows["interval_start"][unserved], minutes))
            is_open &= ~unserved
        parts.append(
            staff_queue(rows, queue, column, minutes, time_varying=time_varying, open_mask=is_open)
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["interval_start", "queue"], kind="stable").reset_index(drop=True)


def peak_agents(requirements: pd.DataFrame, column: str = "agents") -> int:
    """Agents on chat (or ``column``, e.g. ``headcount``) in the busiest interval, all queues
    together (the centre's peak: at the sample's 11-11 00:00, 623 presale and 66 aftersale
    make 689, not 623)."""
    if requirements.empty:
        return 0
    return int(requirements.groupby("interval_start")[column].sum().max())


def _served(rows: pd.DataFrame) -> np.ndarray:
    """Rows whose forecast is above 0 in some column: the others are slots the queue
    never served (``docs/contracts.md``: a closed slot is 0 in every column) [bool]."""
    columns = [c for c in FORECAST_QUANTILES if c in rows.columns]
    return np.asarray((rows[columns] > 0).any(axis=1))


UNSERVED_SHOWN = 3
"""Closed spans a note names before it counts the rest."""


def _unserved_note(queue: str, stamps: pd.Series, minutes: int) -> Message:
    """``queue``'s slots inside service hours that the forecast has closed, as a note:
    how many, and the first few runs of them (``11-01 08:00–24:00``)."""
    stamps = pd.DatetimeIndex(stamps)
    step = pd.Timedelta(minutes=minutes)
    breaks = np.flatnonzero((stamps[1:] - stamps[:-1]) != step) + 1
    spans = []
    for run in np.split(np.arange(len(stamps)), breaks):
        first, end = stamps[run[0]], stamps[run[-1]] + step
        midnight = first.normalize() + pd.Timedelta(days=1)
        stop = f"{end:%H:%M}" if end < midnight else f"{end:%m-%d %H:%M}"
        stop = "24:00" if end == midnight else stop
        spans.append(f"{first:%m-%d %H:%M}–{stop}")
    shown = tuple(spans[:UNSERVED_SHOWN])
    more = len(spans) - len(shown)
    return msg(
        "note",
        text=msg(
            "cap.unserved",
            queue=queue,
            n=len(stamps),
            hours=len(stamps) * minutes / 60,
            spans=msg("list.items_more", items=shown, n=more)
            if more
            else msg("list.items", items=shown),
        ),
    )


# --------------------------------------------------------------------------- explanations


@dataclass(frozen=True)
class IntervalExplanation:
    """How one interval's agents and headcount follow from its forecast
    (:func:`explain_interval`): each stage of the module docstring with its figures.

    Attributes
    ----------
    queue, interval_start, interval_minutes, quantile
        The interval [min] and the forecast column staffed to.
    open
        Inside service hours (else only the bot answers and ``agents`` is 0).
    inquiries, bot_resolved, human_inquiries
        Forecast inquiries of the interval, those the bot resolves
        (``inquiries × bot_resolution``) and the rest [inquiries].
    bot_resolution, bot_aht_uplift
        The queue's deflection and the uplift applied to human chats (capped,
        :func:`effective_uplift`) [fraction].
    aht_seconds, human_aht_seconds, chat_seconds
        Configured AHT at concurrency 1, after the uplift, and at full concurrency
        ``AHT(k) = AHT(1)·(1 + γ·(k − 1))`` [s].
    max_concurrency, concurrency_slowdown
        ``k`` [chats] and ``γ`` [fraction per extra chat].
    own_load, carried_load, offered_load
        The interval's own load ``human_inquiries / interval × AHT(1)``, the load added by
        chats still open from busier past intervals (:func:`staffed_rate`) and their sum,
        the load staffed for [Erlang].
    full_occupancy_agents
        Agents every chat slot of which would be busy all the time,
        ``λ·AHT(k) / k`` [agents]: no staffing below it keeps up.
    model, patience_seconds, service_level_target, answer_within_seconds, max_occupancy,
    max_abandon_rate, min_agents
        The queue's model and targets ([s], [fraction], [agents]; ``max_abandon_rate`` None
        when not set or under Erlang C).
    need
        Fewest agents each criterion alone needs: ``service_level``, ``occupancy``,
        ``abandonment`` (None when no cap applies), ``min_agents`` (0 when closed) [agents].
    agents, binding
        Agents on chat (the largest need) and what decided it (``binding`` of
        :func:`requirements`).
    service_level, asa_seconds, abandon_rate, occupancy
        The model's prediction at ``agents`` (NaN when closed).
    shrinkage, headcount
        ``headcount = ⌈agents / (1 − shrinkage)⌉``, or one fewer
        (:func:`present_headcount`) [fraction], [people].
    """

    queue: str
    interval_start: pd.Timestamp
    interval_minutes: int
    quantile: str
    open: bool
    inquiries: float
    bot_resolution: float
    bot_resolved: float
    human_inquiries: float
    aht_seconds: float
    bot_aht_uplift: float
    human_aht_seconds: float
    max_concurrency: int
    concurrency_slowdown: float
    chat_seconds: float
    own_load: float
    carried_load: float
    offered_load: float
    full_occupancy_agents: float
    model: str
    patience_seconds: float
    service_level_target: float
    answer_within_seconds: float
    max_occupancy: float
    max_abandon_rate: float | None
    min_agents: int
    need: Mapping[str, int | None]
    agents: int
    binding: str
    service_level: float
    asa_seconds: float
    abandon_rate: float
    occupancy: float
    shrinkage: float
    headcount: int

    def steps(self) -> pd.DataFrame:
        """The chain as a small table: ``step, value, unit`` from the forecast to the
        headcount (``unit`` one of ``inquiries, fraction, seconds, erlang, agents, people``)."""
        rows: list[tuple[str, float | None, str]] = [
            ("inquiries", self.inquiries, "inquiries"),
            ("bot_resolved", self.bot_resolved, "inquiries"),
            ("human_inquiries", self.human_inquiries, "inquiries"),
            ("human_aht", self.human_aht_seconds, "seconds"),
            ("chat_seconds", self.chat_seconds, "seconds"),
            ("offered_load", self.offered_load, "erlang"),
            ("full_occupancy_agents", self.full_occupancy_agents, "agents"),
            *((f"need_{name}", value, "agents") for name, value in self.need.items()),
            ("agents", self.agents, "agents"),
            ("headcount", self.headcount, "people"),
        ]
        return pd.DataFrame(rows, columns=["step", "value", "unit"])


def _need_alone(
    rate: float, aht: float, queue: QueueConfig, criterion: str, patience: float
) -> int | None:
    """Fewest agents that one criterion alone needs at ``rate`` [1/s] (None: no such cap)."""
    cap = queue.max_abandon_rate if queue.model == "erlang_a" else None
    if criterion == "abandonment" and cap is None:
        return None
    staffing = required_staffing(
        np.array([rate]),
        aht,
        service_level=queue.service_level if criterion == "service_level" else 0.0,
        answer_within_seconds=queue.answer_within_seconds,
        max_concurrency=queue.max_concurrency,
        slowdown=queue.concurrency_slowdown,
        patience_seconds=patience,
        max_occupancy=queue.max_occupancy if criterion == "occupancy" else 1.0,
        max_abandon_rate=cap if criterion == "abandonment" and cap is not None else 1.0,
    )
    return int(staffing.agents[0])


def explain_interval(
    requirements: pd.DataFrame,
    config: PlanConfig,
    queue: str,
    interval_start: pd.Timestamp | str,
    *,
    quantile: str | None = None,
    time_varying: bool = True,
) -> IntervalExplanation:
    """Every figure behind one interval's requirement, recomputed from its forecast.

    Parameters
    ----------
    requirements
        The frame of :func:`requirements` (its ``inquiries`` per interval and its ``open``
        column, which follows service hours and the calendar's phases).
    config
        The configuration the requirements were computed with.
    queue, interval_start
        The interval to explain.
    quantile, time_varying
        As given to :func:`requirements`.

    Returns
    -------
    IntervalExplanation
        Its ``agents``, ``headcount`` and ``binding`` equal the requirements row's.

    Raises
    ------
    InputDataError
        The queue or interval is not in ``requirements``.
    """
    rows = requirements[requirements["queue"].astype(str) == str(queue)]
    rows = rows.sort_values("interval_start", kind="stable").reset_index(drop=True)
    when = pd.Timestamp(interval_start)
    hit = np.flatnonzero((rows["interval_start"] == when).to_numpy())
    if str(queue) not in config.queues or not len(hit):
        raise InputDataError(
            f"requirements have no interval {when:%Y-%m-%d %H:%M} for queue {queue!r}"
        )
    i = int(hit[0])
    q = config.queues[str(queue)]
    minutes = int(config.interval_minutes)
    seconds = minutes * 60.0
    inquiries = rows["inquiries"].to_numpy(dtype=float)
    human = inquiries * (1 - q.bot_resolution)
    aht = human_aht_seconds(q)
    chat = chat_duration_seconds(q, aht)
    rate = staffed_rate(
        rows["interval_start"], human / seconds, minutes, chat, time_varying=time_varying
    )[i]
    is_open = bool(rows["open"].iloc[i])
    patience = q.patience_seconds if q.model == "erlang_a" else np.inf
    criteria = ("service_level", "occupancy", "abandonment")
    need: dict[str, int | None] = {
        name: (_need_alone(rate, aht, q, name, patience) if is_open else 0) for name in criteria
    }
    if need["abandonment"] == 0 and (q.model != "erlang_a" or q.max_abandon_rate is None):
        need["abandonment"] = None
    need["min_agents"] = q.min_agents if is_open else 0
    cap = q.max_abandon_rate if q.model == "erlang_a" else None
    staffing = required_staffing(
        np.array([rate if is_open else 0.0]),
        aht,
        service_level=q.service_level,
        answer_within_seconds=q.answer_within_seconds,
        max_concurrency=q.max_concurrency,
        slowdown=q.concurrency_slowdown,
        patience_seconds=patience,
        max_occupancy=q.max_occupancy,
        max_abandon_rate=1.0 if cap is None else cap,
        min_agents=q.min_agents if is_open else 0,
    )
    agents = int(staffing.agents[0]) if is_open else 0
    metrics = staffing.metrics

    def predicted(values: np.ndarray) -> float:
        return float(values[0]) if is_open else float("nan")

    return IntervalExplanation(
        queue=str(queue),
        interval_start=when,
        interval_minutes=minutes,
        quantile=quantile or q.forecast_quantile,
        open=is_open,
        inquiries=float(inquiries[i]),
        bot_resolution=q.bot_resolution,
        bot_resolved=float(inquiries[i] * q.bot_resolution),
        human_inquiries=float(human[i]),
        aht_seconds=q.aht_seconds,
        bot_aht_uplift=effective_uplift(q.bot_resolution, q.bot_aht_uplift),
        human_aht_seconds=aht,
        max_concurrency=q.max_concurrency,
        concurrency_slowdown=q.concurrency_slowdown,
        chat_seconds=chat,
        own_load=float(human[i] / seconds * aht),
        carried_load=float(rate * aht - human[i] / seconds * aht),
        offered_load=float(rate * aht),
        full_occupancy_agents=float(rate * chat / q.max_concurrency),
        model=q.model,
        patience_seconds=float(patience),
        service_level_target=q.service_level,
        answer_within_seconds=q.answer_within_seconds,
        max_occupancy=q.max_occupancy,
        max_abandon_rate=cap,
        min_agents=q.min_agents,
        need=need,
        agents=agents,
        binding=str(staffing.binding[0]) if is_open else "closed",
        service_level=predicted(metrics.service_level),
        asa_seconds=predicted(metrics.asa_seconds),
        abandon_rate=predicted(metrics.abandon_rate),
        occupancy=predicted(metrics.occupancy),
        shrinkage=q.shrinkage,
        headcount=int(
            present_headcount(np.array([agents]), np.array([rate if is_open else 0.0]), aht, q)[0]
        ),
    )


DAILY_REQUIREMENT_COLUMNS: tuple[str, ...] = (
    "date",
    "queue",
    "inquiries",
    "human_inquiries",
    "peak_agents",
    "peak_time",
    "agent_hours",
    "peak_headcount",
    "headcount_hours",
    "closed_human_inquiries",
)


def daily_requirements(requirements: pd.DataFrame, interval_minutes: int) -> pd.DataFrame:
    """One row per day and queue of a requirements frame.

    Returns
    -------
    pandas.DataFrame
        :data:`DAILY_REQUIREMENT_COLUMNS`: ``date``, ``queue``; ``inquiries`` and
        ``human_inquiries`` of the day [inquiries]; ``peak_agents`` and ``peak_time`` (the
        first interval with the most agents) [agents]; ``agent_hours`` and
        ``headcount_hours`` [h]; ``peak_headcount`` [people]; ``closed_human_inquiries``
        (human inquiries outside service hours, left to the bot) [inquiries].
    """
    hours = interval_minutes / 60
    frame = requirements.assign(
        date=pd.DatetimeIndex(requirements["interval_start"]).normalize(),
        queue=requirements["queue"].astype(str),
        closed=requirements["human_inquiries"].where(~requirements["open"].astype(bool), 0.0),
    ).sort_values(["queue", "interval_start"], kind="stable")
    groups = frame.groupby(["date", "queue"], sort=True)
    peak = frame.loc[groups["agents"].idxmax().to_numpy()].set_index(["date", "queue"])
    out = pd.DataFrame(
        {
            "inquiries": groups["inquiries"].sum(),
            "human_inquiries": groups["human_inquiries"].sum(),
            "peak_agents": groups["agents"].max().astype(np.int64),
            "peak_time": peak["interval_start"],
            "agent_hours": groups["agents"].sum() * hours,
            "peak_headcount": groups["headcount"].max().astype(np.int64),
            "headcount_hours": groups["headcount"].sum() * hours,
            "closed_human_inquiries": groups["closed"].sum(),
        }
    ).reset_index()
    return out[list(DAILY_REQUIREMENT_COLUMNS)]


def outside_service_hours(requirements: pd.DataFrame) -> pd.DataFrame:
    """Per queue, the human inquiries that fall outside service hours (the bot alone
    answers them), for the note the CLI prints and the app shows.

    Returns
    -------
    pandas.DataFrame
        ``queue, human_inquiries, share, worst_interval, worst_human_inquiries, days``:
        those inquiries [inquiries], their share of the queue's human inquiries
        [fraction], the interval with the most of them and its count, and the number of
        days with any; only queues with some (an empty frame when none has).
    """
    rows = []
    for queue, part in requirements.groupby(requirements["queue"].astype(str), sort=False):
        closed = part[~part["open"].astype(bool) & (part["human_inquiries"] > 0)]
        if closed.empty:
            continue
        worst = closed.loc[closed["human_inquiries"].idxmax()]
        total = float(part["human_inquiries"].sum())
        rows.append(
            {
                "queue": queue,
                "human_inquiries": float(closed["human_inquiries"].sum()),
                "share": float(closed["human_inquiries"].sum()) / total if total else 0.0,
                "worst_interval": worst["interval_start"],
                "worst_human_inquiries": float(worst["human_inquiries"]),
                "days": int(pd.DatetimeIndex(closed["interval_start"]).normalize().nunique()),
            }
        )
    columns = ["queue", "human_inquiries", "share", "worst_interval", "worst_human_inquiries",
               "days"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
