"""Discrete-event simulation of a chat customer-service centre, interval by interval.

It checks the analytic staffing model (Erlang C/A with chat concurrency) where that model
is only an approximation: campaign nights whose volume jumps 5-8x within minutes of 20:00,
staffing that changes every 15 minutes, chats that outlive the interval they started in.

Model
-----
Arrivals
    Non-homogeneous Poisson. Either expected counts per interval on a regular grid (the rate
    is constant inside an interval: count / interval length), or a callable
    ``rate(t) -> arrivals per second`` (``t`` in seconds since the first interval starts),
    sampled by thinning (Lewis and Shedler 1979) under an upper bound ``rate_max``.
Agents
    An integer number of agents per interval; it may change at interval boundaries. Each
    agent holds up to ``k = max_concurrency`` chats at once. An arriving chat goes to the
    accepting agent with the fewest chats if that agent has fewer than ``k`` (ties: the
    agent that has held that many chats the longest; for ``k = 1`` the longest-idle agent);
    otherwise it joins one first-in-first-out queue. When a chat ends, the
    freed slot takes the head of the queue.
Service with slowdown
    A chat needs work ``W ~ Exponential(mean = AHT(1))``, measured in seconds at concurrency
    1. An agent holding ``j`` chats works on each at speed ``1 / (1 + gamma (j - 1))``, so at
    a constant load ``j`` a chat lasts ``AHT(j) = AHT(1) (1 + gamma (j - 1))`` on average
    (the model of ``forecaster.capacity``). This is simulated exactly with remaining-work bookkeeping:
    every agent keeps a virtual clock of the work done on each of its chats, which advances
    at the current speed; a chat ends when the clock has advanced by its ``W`` since it
    started. Whenever an agent's load changes, the speed of all its chats changes and its
    next completion is recomputed; outdated completion events stay in the event heap and are
    skipped by a version counter (lazy invalidation).
Patience
    Each chat has patience ``~ Exponential(mean = patience_seconds)`` and abandons if it is
    still waiting when its patience runs out; ``patience_seconds = None`` means nobody
    abandons (``model = "erlang_c"``).
Staffing changes
    When an interval has fewer agents than the one before, the excess agents stop taking new
    chats (the least-loaded ones; ties: the highest number) and go off duty when their chats
    end. When it has more, agents still finishing chats after an earlier drop are asked to
    stay first (the most loaded ones), then new agents start; all of them immediately take
    chats from the queue.
Start and end of the horizon
    The centre is empty when the first interval starts (begin the grid an hour or so before
    the period of interest to warm it up). After the last interval the simulation keeps
    running with the last interval's agents and no new arrivals until every chat that arrived
    in the horizon is answered or abandoned. Only if the last interval has no agents and
    nobody abandons can chats be left waiting: they are reported as ``unanswered``, their
    waits counted until the simulation ends.

Metrics
-------
Every chat is counted in the interval in which it *arrived*. Per interval and replication:
arrivals, answered, answered within ``answer_within_seconds``, abandoned, chats that had to
wait, the total wait in queue of all arrivals (abandoned chats with their wait until they
left) and of answered chats, and the time-integral of chats in service (busy slots; chats of
agents finishing after a staffing drop included). From these:

- ``service_level`` = answered within T / arrivals (abandoned chats are not answered within
  T; NaN for an interval without arrivals).
- ``abandon_rate`` = abandoned / arrivals; ``p_wait`` = chats that waited / arrivals.
- ``asa_seconds`` = mean wait in queue over *all* arrivals, the analytic model's ASA
  (``E[time in queue] = P(abandon) / theta`` for Erlang A, ``C / (n mu - lambda)`` for
  Erlang C); ``asa_answered_seconds`` = mean wait of answered chats.
- ``busy_slots`` = time-average chats in service; ``occupancy`` = the part of them the
  interval's agents hold (at most their k slots at any moment) / (agents k). When the
  staffing drops, the agents who leave finish their chats after their shift: those chats
  are in ``busy_slots`` but not in ``occupancy``, which therefore never exceeds 1.

Replications are independent: replication ``r`` draws from ``numpy.random.default_rng([seed,
r])`` (plus a key per queue in :func:`simulate_requirements`), so results do not depend on
how many replications run or in which order. Ratios are reported as ratios of totals over
replications (an interval with few arrivals is not noisy), with 95 % confidence half-widths
(``*_ci95``) from the ratio estimator's variance across replications and Student's t.
"""

from __future__ import annotations

import gc
import heapq
import math
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from forecaster.config import PlanConfig, QueueConfig
from forecaster.errors import InputDataError
from forecaster.messages import msg

__all__ = [
    "INTERVAL_COLUMNS",
    "ChatModel",
    "simulate_chats",
    "simulate_intervals",
    "simulate_requirements",
    "simulate_stationary",
]

INTERVAL_COLUMNS = (
    "interval_start",
    "agents",
    "expected_arrivals",
    "arrivals",
    "answered",
    "abandoned",
    "unanswered",
    "service_level",
    "service_level_std",
    "service_level_ci95",
    "asa_seconds",
    "asa_seconds_ci95",
    "asa_answered_seconds",
    "abandon_rate",
    "abandon_rate_ci95",
    "p_wait",
    "busy_slots",
    "occupancy",
)
"""Columns of :func:`simulate_intervals` (``simulate_requirements`` adds ``queue``)."""

SIMULATION_COLUMNS = (
    "interval_start",
    "queue",
    "arrivals",
    "service_level",
    "asa_seconds",
    "abandon_rate",
)
"""The simulation file contract of ``docs/contracts.md`` (first columns of the output)."""

_RATE_GRID_SECONDS = 10.0
"""Step of the midpoint rule that integrates a ``rate`` callable per interval. [s]"""

_WAITING, _ANSWERED, _ABANDONED = 0, 1, 2
_OFF, _ACCEPTING, _DRAINING = 0, 1, 2


# --------------------------------------------------------------------------- the chat model


@dataclass(frozen=True)
class ChatModel:
    """Service parameters of one chat queue.

    Parameters
    ----------
    aht_seconds
        Mean work per chat at concurrency 1, AHT(1). [s]
    max_concurrency
        Chats one agent holds at once, k. [chats]
    concurrency_slowdown
        gamma in AHT(j) = AHT(1) (1 + gamma (j - 1)). [fraction]
    patience_seconds
        Mean patience of a waiting customer; ``None`` (or ``inf``) = nobody abandons. [s]
    answer_within_seconds
        Service-level threshold on the wait before the first response, T. [s]
    """

    aht_seconds: float
    max_concurrency: int = 1
    concurrency_slowdown: float = 0.0
    patience_seconds: float | None = None
    answer_within_seconds: float = 30.0

    def __post_init__(self) -> None:
        if not (_is_number(self.aht_seconds) and 0 < self.aht_seconds < math.inf):
            raise ValueError(f"aht_seconds must be a positive number, got {self.aht_seconds!r}")
        k = self.max_concurrency
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise ValueError(f"max_concurrency must be an integer >= 1, got {k!r}")
        gamma = self.concurrency_slowdown
        if not (_is_number(gamma) and 0 <= gamma < math.inf):
            raise ValueError(f"concurrency_slowdown must be a number >= 0, got {gamma!r}")
        patience = self.patience_seconds
        if patience is not None:
            if not (_is_number(patience) and patience > 0):
                raise ValueError(
                    f"patience_seconds must be a positive number or None, got {patience!r}"
                )
            if patience == math.inf:
                object.__setattr__(self, "patience_seconds", None)
        within = self.answer_within_seconds
        if not (_is_number(within) and 0 <= within < math.inf):
            raise ValueError(f"answer_within_seconds must be a number >= 0, got {within!r}")
        object.__setattr__(self, "max_concurrency", int(k))

    def aht_at(self, load: int) -> float:
        """Mean chat duration when an agent holds ``load`` chats, AHT(load). [s]"""
        return self.aht_seconds * (1 + self.concurrency_slowdown * (load - 1))

    @classmethod
    def from_queue(cls, queue: QueueConfig, aht_seconds: float | None = None) -> ChatModel:
        """The chat model of a configured queue.

        Parameters
        ----------
        queue
            The queue's configuration; ``model = "erlang_c"`` means nobody abandons.
        aht_seconds
            Mean work per chat at concurrency 1 instead of ``queue.aht_seconds``, e.g. the
            requirements' ``aht_seconds`` that includes the bot uplift. [s]
        """
        patience = None if queue.model == "erlang_c" else queue.patience_seconds
        return cls(
            aht_seconds=queue.aht_seconds if aht_seconds is None else float(aht_seconds),
            max_concurrency=queue.max_concurrency,
            concurrency_slowdown=queue.concurrency_slowdown,
            patience_seconds=patience,
            answer_within_seconds=queue.answer_within_seconds,
        )


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and not math.isnan(float(value))
    )


# --------------------------------------------------------------------------- scenario


@dataclass(frozen=True)
class _Scenario:
    """What one replication simulates (all times in seconds since the first interval)."""

    edges: np.ndarray  # interval edges, len I + 1 [s]
    agents: list[int]  # agents per interval
    aht: np.ndarray  # mean work per chat at concurrency 1, by arrival interval [s]
    model: ChatModel
    counts: np.ndarray | None = None  # expected arrivals per interval [chats]
    rate: Callable[[float], float] | None = None  # arrivals per second at t [1/s]
    rate_max: float = 0.0  # upper bound of rate [1/s]
    extra: np.ndarray | None = None  # chance of one more agent per interval [fraction]


@dataclass(frozen=True)
class _Trace:
    """One replication, one entry per chat (times in seconds since the first interval)."""

    arrival: np.ndarray
    interval: np.ndarray  # arrival interval
    work: np.ndarray  # work at concurrency 1 [s]
    start: np.ndarray  # service start, NaN if never answered
    leave: np.ndarray  # service end or abandonment, NaN if unanswered
    agent: np.ndarray  # -1 if never answered
    status: np.ndarray  # _WAITING (never answered), _ANSWERED, _ABANDONED
    end: float  # time the last event happened (>= the horizon end)


def _arrivals(scenario: _Scenario, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Sorted arrival times [s] and their interval numbers."""
    edges = scenario.edges
    if scenario.rate is None:
        assert scenario.counts is not None
        per_interval = rng.poisson(scenario.counts)
        interval = np.repeat(np.arange(len(per_interval)), per_interval)
        times = edges[interval] + rng.random(len(interval)) * np.diff(edges)[interval]
        return np.sort(times), interval  # sorting keeps each interval's block in place
    horizon = float(edges[-1])
    candidates = np.sort(rng.random(rng.poisson(scenario.rate_max * horizon)) * horizon)
    threshold = rng.random(len(candidates)) * scenario.rate_max
    rate = scenario.rate
    values = np.array([rate(t) for t in candidates.tolist()], dtype=float)
    bad = np.flatnonzero(~((values >= 0) & (values <= scenario.rate_max * (1 + 1e-9))))
    if len(bad):
        i = int(bad[0])
        raise ValueError(
            f"rate(t) must be in [0, rate_max = {scenario.rate_max:g}] arrivals per second, "
            f"got {values[i]:g} at t = {candidates[i]:.1f} s"
        )
    times = candidates[values > threshold]
    interval = np.clip(np.searchsorted(edges, times, side="right") - 1, 0, len(edges) - 2)
    return times, interval


def _replicate(scenario: _Scenario, rng: np.random.Generator) -> _Trace:
    """Draw one replication's chats and run the event simulation."""
    arrival, interval = _arrivals(scenario, rng)
    work = rng.exponential(1.0, len(arrival)) * scenario.aht[interval]
    model = scenario.model
    deadline = None
    if model.patience_seconds is not None:
        deadline = (arrival + rng.exponential(model.patience_seconds, len(arrival))).tolist()
    collecting = gc.isenabled()
    gc.disable()  # the loop makes ~10^6 short-lived tuples and no reference cycles
    try:
        start, leave, agent, status, end = _run(
            arrival.tolist(),
            work.tolist(),
            deadline,
            scenario.edges.tolist(),
            scenario.agents,
            model.max_concurrency,
            model.concurrency_slowdown,
        )
    finally:
        if collecting:
            gc.enable()
    return _Trace(
        arrival=arrival,
        interval=interval,
        work=work,
        start=np.array(start, dtype=float),
        leave=np.array(leave, dtype=float),
        agent=np.array(agent, dtype=np.int64),
        status=np.frombuffer(status, dtype=np.uint8).copy(),
        end=max(end, float(scenario.edges[-1])),
    )


# --------------------------------------------------------------------------- event engine


def _run(
    arrival: list[float],
    work: list[float],
    deadline: list[float] | None,
    edges: list[float],
    agents: list[int],
    k: int,
    gamma: float,
) -> tuple[list[float], list[float], list[int], bytearray, float]:
    """The event loop: returns per chat service start, leave time, agent and status.

    Events: arrivals (a sorted list), interval boundaries (sorted edges), completions and
    abandonments (two heaps). A completion entry ``(t, version, agent)`` is stale when the
    agent's version has moved on since it was pushed; an abandonment ``(t, chat)`` is stale
    when the chat no longer waits. Queued chats that abandoned stay in the deque until they
    reach its head, where they are skipped.
    """
    inf = math.inf
    n_chats = len(arrival)
    start = [math.nan] * n_chats
    leave = [math.nan] * n_chats
    agent_of = [-1] * n_chats
    status = bytearray(n_chats)
    speed = [0.0] + [1.0 / (1.0 + gamma * (j - 1)) for j in range(1, k + 1)]

    # per agent: chats held, virtual work clock and when it was last advanced, the
    # chats' (clock value at which the chat is done, chat) heap, version, duty state
    load: list[int] = []
    clock: list[float] = []
    clock_time: list[float] = []
    held: list[list[tuple[float, int]]] = []
    version: list[int] = []
    state: list[int] = []
    # accepting agents with load j < k, in the order they reached that load (dicts as
    # ordered sets): the first agent of the lowest non-empty bucket takes the next chat
    buckets: list[dict[int, None]] = [{} for _ in range(k)]
    accepting: set[int] = set()
    draining: set[int] = set()
    idle: list[int] = []

    completions: list[tuple[float, int, int]] = []
    abandons: list[tuple[float, int]] = []
    queue: deque[int] = deque()
    waiting = 0
    heappush, heappop = heapq.heappush, heapq.heappop

    def take(a: int, c: int, t: float) -> None:
        """Accepting agent ``a`` (load < k) starts chat ``c`` at ``t``."""
        j = load[a]
        done = clock[a] + (t - clock_time[a]) * speed[j]
        clock[a] = done
        clock_time[a] = t
        chats = held[a]
        heappush(chats, (done + work[c], c))
        start[c] = t
        agent_of[c] = a
        status[c] = _ANSWERED
        del buckets[j][a]
        j += 1
        if j < k:
            buckets[j][a] = None
        load[a] = j
        v = version[a] + 1
        version[a] = v
        left = chats[0][0] - done
        heappush(completions, (t + (left if left > 0.0 else 0.0) / speed[j], v, a))

    def least_loaded() -> int:
        for bucket in buckets:
            if bucket:
                return next(iter(bucket))
        return -1

    def dispatch(t: float) -> None:
        """Give queued chats to free slots, least-loaded agent first."""
        nonlocal waiting
        while waiting:
            a = least_loaded()
            if a < 0:
                return
            c = queue.popleft()
            while status[c] != _WAITING:
                c = queue.popleft()
            waiting -= 1
            take(a, c, t)

    def staff(target: int, t: float) -> None:
        """Change the number of accepting agents to ``target`` at ``t``."""
        if target > len(accepting):
            keep = sorted(draining, key=lambda a: (-load[a], a))[: target - len(accepting)]
            for a in keep:
                draining.discard(a)
                accepting.add(a)
                state[a] = _ACCEPTING
                if load[a] < k:
                    buckets[load[a]][a] = None
            while len(accepting) < target:
                if idle:
                    a = idle.pop()
                    clock[a], clock_time[a] = 0.0, t
                else:
                    a = len(load)
                    load.append(0)
                    clock.append(0.0)
                    clock_time.append(t)
                    held.append([])
                    version.append(0)
                    state.append(_OFF)
                state[a] = _ACCEPTING
                accepting.add(a)
                buckets[0][a] = None
            dispatch(t)
        elif target < len(accepting):
            drop = sorted(accepting, key=lambda a: (load[a], -a))[: len(accepting) - target]
            for a in drop:
                accepting.discard(a)
                if load[a] < k:
                    del buckets[load[a]][a]
                if load[a]:
                    state[a] = _DRAINING
                    draining.add(a)
                else:
                    state[a] = _OFF
                    idle.append(a)

    n_intervals = len(agents)
    staff(agents[0], edges[0])
    next_interval = 1
    next_boundary = edges[1] if n_intervals > 1 else inf
    next_chat = 0
    next_arrival = arrival[0] if n_chats else inf
    t = edges[0]
    while True:
        t_done = completions[0][0] if completions else inf
        t_abandon = abandons[0][0] if abandons else inf
        if t_done <= t_abandon and t_done <= next_boundary and t_done <= next_arrival:
            if t_done == inf:
                break
            t, v, a = heappop(completions)
            if v != version[a]:
                continue
            j = load[a]
            done = clock[a] + (t - clock_time[a]) * speed[j]
            clock[a] = done
            clock_time[a] = t
            chats = held[a]
            c = heappop(chats)[1]
            leave[c] = t
            j -= 1
            if state[a] == _ACCEPTING:
                if waiting:  # all accepting agents are full: this slot takes the head
                    c = queue.popleft()
                    while status[c] != _WAITING:
                        c = queue.popleft()
                    waiting -= 1
                    heappush(chats, (done + work[c], c))
                    start[c] = t
                    agent_of[c] = a
                    status[c] = _ANSWERED
                    j += 1
                else:
                    if j + 1 < k:
                        del buckets[j + 1][a]
                    buckets[j][a] = None
            elif j == 0:  # a draining agent finished its last chat
                state[a] = _OFF
                draining.discard(a)
                idle.append(a)
            load[a] = j
            v += 1
            version[a] = v
            if j:
                left = chats[0][0] - done
                heappush(completions, (t + (left if left > 0.0 else 0.0) / speed[j], v, a))
        elif t_abandon <= next_boundary and t_abandon <= next_arrival:
            t, c = heappop(abandons)
            if status[c] == _WAITING:
                status[c] = _ABANDONED
                leave[c] = t
                waiting -= 1
        elif next_boundary <= next_arrival:
            t = next_boundary
            staff(agents[next_interval], t)
            next_interval += 1
            next_boundary = edges[next_interval] if next_interval < n_intervals else inf
        else:
            t = next_arrival
            c = next_chat
            next_chat += 1
            next_arrival = arrival[next_chat] if next_chat < n_chats else inf
            for bucket in buckets:
                if bucket:
                    take(next(iter(bucket)), c, t)
                    break
            else:
                queue.append(c)
                waiting += 1
                if deadline is not None:
                    heappush(abandons, (deadline[c], c))
    return start, leave, agent_of, status, t


# --------------------------------------------------------------------------- metrics


_COUNTS = (
    "arrivals",
    "answered",
    "within",
    "abandoned",
    "unanswered",
    "waited",
    "wait",
    "wait_answered",
    "busy",
    "busy_on_shift",
)


def _interval_totals(trace: _Trace, scenario: _Scenario) -> dict[str, np.ndarray]:
    """Per-interval sums of one replication (counts [chats], waits [s], busy [chat s])."""
    n = len(scenario.agents)
    answered = trace.status == _ANSWERED
    abandoned = trace.status == _ABANDONED
    unanswered = trace.status == _WAITING
    wait = np.where(answered, trace.start, np.where(abandoned, trace.leave, trace.end))
    wait = wait - trace.arrival
    within = answered & (wait <= scenario.model.answer_within_seconds)

    def total(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(trace.interval, weights=weights, minlength=n).astype(float)

    return {
        "arrivals": total(),
        "answered": total(answered.astype(float)),
        "within": total(within.astype(float)),
        "abandoned": total(abandoned.astype(float)),
        "unanswered": total(unanswered.astype(float)),
        "waited": total((wait > 0).astype(float)),
        "wait": total(wait),
        "wait_answered": total(np.where(answered, wait, 0.0)),
        "busy": _busy_seconds(trace.start[answered], trace.leave[answered], scenario.edges),
        "busy_on_shift": _busy_seconds(
            trace.start[answered],
            trace.leave[answered],
            scenario.edges,
            cap=np.asarray(scenario.agents, dtype=float) * scenario.model.max_concurrency,
        ),
    }


def _busy_seconds(
    start: np.ndarray, end: np.ndarray, edges: np.ndarray, cap: np.ndarray | None = None
) -> np.ndarray:
    """Integral of chats in service over each interval. [chat s]

    With ``cap`` (the interval's slots, agents × concurrency), chats in service count up to
    the cap at each moment: when the staffing drops, the agents who leave finish their chats
    after their shift, and those chats are busy time but not the interval's agents' load.
    """
    if not len(start):
        return np.zeros(len(edges) - 1)
    times = np.concatenate([start, end])
    step = np.concatenate([np.ones(len(start)), -np.ones(len(end))])
    if cap is not None:
        times = np.concatenate([times, edges])
        step = np.concatenate([step, np.zeros(len(edges))])
    order = np.argsort(times, kind="stable")
    times, level = times[order], np.cumsum(step[order])
    if cap is not None:
        inside = np.searchsorted(edges, times[:-1], side="right") - 1
        valid = (inside >= 0) & (inside < len(edges) - 1)
        held = np.minimum(level[:-1], np.where(valid, cap[np.clip(inside, 0, len(cap) - 1)], 0))
        return np.bincount(
            inside[valid], weights=(held * np.diff(times))[valid], minlength=len(edges) - 1
        ).astype(float)
    area = np.concatenate([[0.0], np.cumsum(level[:-1] * np.diff(times))])
    last = np.searchsorted(times, edges, side="right") - 1
    safe = np.maximum(last, 0)
    upto = np.where(last >= 0, area[safe] + level[safe] * (edges - times[safe]), 0.0)
    return np.diff(upto)


def _t95(replications: int) -> float:
    if replications < 2:
        return math.nan
    from scipy import stats

    return float(stats.t.ppf(0.975, replications - 1))


def _ratio(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ratio of totals over replications (axis 0) and its 95 % confidence half-width.

    Variance of the ratio estimator: ``sum_r (y_r - R x_r)^2 / (n (n - 1) xbar^2)``.
    """
    reps = y.shape[0]
    x_total, y_total = x.sum(axis=0), y.sum(axis=0)
    positive = x_total > 0
    ratio = np.divide(y_total, x_total, out=np.full(x_total.shape, np.nan), where=positive)
    if reps < 2:
        return ratio, np.full(ratio.shape, np.nan)
    residual = y - np.where(positive, ratio, 0.0) * x
    x_mean = x_total / reps
    var = np.divide(
        (residual**2).sum(axis=0) / (reps * (reps - 1)),
        x_mean**2,
        out=np.full(x_total.shape, np.nan),
        where=positive,
    )
    return ratio, _t95(reps) * np.sqrt(var)


def _spread(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Standard deviation across replications of the per-replication ratio ``y / x``."""
    per_rep = np.divide(y, x, out=np.full(y.shape, np.nan), where=x > 0)
    valid = ~np.isnan(per_rep)
    count = valid.sum(axis=0)
    filled = np.where(valid, per_rep, 0.0)
    mean = np.divide(filled.sum(axis=0), count, out=np.full(count.shape, np.nan), where=count > 0)
    squares = np.where(valid, (per_rep - mean) ** 2, 0.0).sum(axis=0)
    return np.sqrt(np.divide(squares, count - 1, out=np.full(count.shape, np.nan), where=count > 1))


def _simulate(
    scenario: _Scenario, replications: int, seed: int, key: Iterable[int] = ()
) -> dict[str, np.ndarray]:
    """Per-interval totals of every replication, stacked as (replication, interval)."""
    rows: dict[str, list[np.ndarray]] = {name: [] for name in _COUNTS}
    for r in range(replications):
        rng = np.random.default_rng([seed, *key, r])
        drawn = scenario
        if scenario.extra is not None:  # its own stream: whole staffing draws as before
            more = np.random.default_rng([seed, *key, r, 1]).random(len(scenario.agents))
            staff = np.asarray(scenario.agents) + (more < scenario.extra)
            drawn = replace(scenario, agents=[int(v) for v in staff])
        totals = _interval_totals(_replicate(drawn, rng), drawn)
        for name in _COUNTS:
            rows[name].append(totals[name])
    return {name: np.vstack(values) for name, values in rows.items()}


def _summary(
    totals: dict[str, np.ndarray], scenario: _Scenario, starts: pd.DatetimeIndex
) -> pd.DataFrame:
    arrivals = totals["arrivals"]
    service_level, service_level_ci = _ratio(totals["within"], arrivals)
    asa, asa_ci = _ratio(totals["wait"], arrivals)
    asa_answered, _ = _ratio(totals["wait_answered"], totals["answered"])
    abandon_rate, abandon_ci = _ratio(totals["abandoned"], arrivals)
    p_wait, _ = _ratio(totals["waited"], arrivals)
    busy = totals["busy"].mean(axis=0) / np.diff(scenario.edges)
    on_shift = totals["busy_on_shift"].mean(axis=0) / np.diff(scenario.edges)
    agents: np.ndarray = np.asarray(scenario.agents, dtype=np.int64)
    if scenario.extra is not None:  # the mean staffing of the replications' draws
        agents = agents + scenario.extra
    slots = np.asarray(agents, dtype=float) * scenario.model.max_concurrency
    return pd.DataFrame(
        {
            "interval_start": starts,
            "agents": agents,
            "expected_arrivals": _expected_arrivals(scenario),
            "arrivals": arrivals.mean(axis=0),
            "answered": totals["answered"].mean(axis=0),
            "abandoned": totals["abandoned"].mean(axis=0),
            "unanswered": totals["unanswered"].mean(axis=0),
            "service_level": service_level,
            "service_level_std": _spread(totals["within"], arrivals),
            "service_level_ci95": service_level_ci,
            "asa_seconds": asa,
            "asa_seconds_ci95": asa_ci,
            "asa_answered_seconds": asa_answered,
            "abandon_rate": abandon_rate,
            "abandon_rate_ci95": abandon_ci,
            "p_wait": p_wait,
            "busy_slots": busy,
            "occupancy": np.divide(
                on_shift, slots, out=np.full(busy.shape, np.nan), where=slots > 0
            ),
        },
        columns=list(INTERVAL_COLUMNS),
    )


def _expected_arrivals(scenario: _Scenario) -> np.ndarray:
    """Integral of the arrival rate over each interval (midpoint rule for a callable)."""
    if scenario.rate is None:
        assert scenario.counts is not None
        return np.asarray(scenario.counts, dtype=float)
    rate, edges = scenario.rate, scenario.edges
    out = np.empty(len(edges) - 1)
    for i in range(len(out)):
        lo, hi = float(edges[i]), float(edges[i + 1])
        steps = max(1, math.ceil((hi - lo) / _RATE_GRID_SECONDS))
        width = (hi - lo) / steps
        out[i] = width * sum(float(rate(lo + (s + 0.5) * width)) for s in range(steps))
    return out


# --------------------------------------------------------------------------- validation


def _when(starts: pd.DatetimeIndex, i: int) -> str:
    return f"{starts[i]:%Y-%m-%d %H:%M}"


def _check_replications(replications: int, seed: int) -> None:
    integer = int | np.integer
    if isinstance(replications, bool) or not isinstance(replications, integer) or replications < 1:
        raise ValueError(f"replications must be an integer >= 1, got {replications!r}")
    if isinstance(seed, bool) or not isinstance(seed, integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


def _grid(starts: pd.DatetimeIndex, interval_minutes: float, name: str = "starts") -> np.ndarray:
    """Interval edges in seconds since ``starts[0]``; ``starts`` must be a regular grid."""
    if not (_is_number(interval_minutes) and 0 < interval_minutes < math.inf):
        raise ValueError(f"interval_minutes must be a positive number, got {interval_minutes!r}")
    if not isinstance(starts, pd.DatetimeIndex):
        raise InputDataError(f"starts must be a pandas DatetimeIndex, got {type(starts).__name__}")
    if len(starts) == 0:
        raise InputDataError("starts must hold at least one interval, got none")
    if starts.hasnans:
        raise InputDataError(
            f"starts must be timestamps, got NaT at position {starts.isna().argmax()}"
        )
    offsets = np.asarray((starts - starts[0]) / pd.Timedelta(seconds=1), dtype=float)
    step = interval_minutes * 60.0
    gaps = np.diff(offsets)
    bad = np.flatnonzero(np.abs(gaps - step) > 1e-6)
    if len(bad):
        i = int(bad[0])
        raise InputDataError(
            f"{name} must be a regular {interval_minutes:g}-minute grid, got a "
            f"{gaps[i] / 60:g}-minute step after {_when(starts, i)}"
        )
    return np.append(offsets, offsets[-1] + step)


def _counts(values: ArrayLike, name: str, starts: pd.DatetimeIndex) -> np.ndarray:
    """Finite non-negative numbers, one per interval."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputDataError(f"{name} must be numbers, got {values!r:.80}") from None
    if len(array) != len(starts):
        raise InputDataError(
            f"{name} must have one value per interval ({len(starts)}), got {len(array)}"
        )
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if len(bad):
        i = int(bad[0])
        raise InputDataError(
            msg("sim.not_numbers", name=name, got=f"{array[i]:g}", when=_when(starts, i))
        )
    return array


def _agents(values: ArrayLike, starts: pd.DatetimeIndex, name: str = "agents") -> list[int]:
    """Non-negative integers, one per interval."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputDataError(f"{name} must be non-negative integers, got {values!r:.80}") from None
    if len(array) != len(starts):
        raise InputDataError(
            f"{name} must have one value per interval ({len(starts)}), got {len(array)}"
        )
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0) | (array != np.round(array)))
    if len(bad):
        i = int(bad[0])
        raise InputDataError(
            msg("sim.not_counts", name=name, got=f"{array[i]:g}", when=_when(starts, i))
        )
    return [int(v) for v in array]


def _fractional_agents(
    values: ArrayLike, starts: pd.DatetimeIndex, name: str = "agents"
) -> tuple[list[int], np.ndarray]:
    """Non-negative numbers, one per interval, as whole agents and the chance of one more
    (``0.9`` → 0 agents and 0.9)."""
    array = _counts(values, name, starts)
    whole = np.floor(array + 1e-9)
    return [int(v) for v in whole], np.clip(array - whole, 0.0, 1.0)


_FLAGS = {"true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False}


def _open_flags(values: pd.Series, starts: pd.DatetimeIndex) -> np.ndarray:
    """The requirements' ``open`` column as bools (``True``/``False`` or 1/0, also as text
    from a CSV), one per interval."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=bool)
    flags = values.map(lambda v: _FLAGS.get(str(v).strip().lower()))
    bad = np.flatnonzero(flags.isna().to_numpy())
    if len(bad):
        i = int(bad[0])
        raise InputDataError(
            f"open must be True or False, got {str(values.iloc[i])!r} at {_when(starts, i)}"
        )
    return flags.to_numpy(dtype=bool)


def _scenario(
    starts: pd.DatetimeIndex,
    arrivals: ArrayLike | None,
    agents: ArrayLike,
    model: ChatModel,
    interval_minutes: float,
    rate: Callable[[float], float] | None,
    rate_max: float | None,
    aht: np.ndarray | None = None,
) -> _Scenario:
    if not isinstance(model, ChatModel):
        raise TypeError(f"model must be a ChatModel, got {type(model).__name__}")
    edges = _grid(starts, interval_minutes)
    staffing = _agents(agents, starts)
    per_interval_aht = np.full(len(starts), model.aht_seconds) if aht is None else aht
    if rate is None:
        if arrivals is None:
            raise ValueError("give arrivals (expected chats per interval) or a rate callable")
        counts = _counts(arrivals, "arrivals", starts)
        return _Scenario(edges, staffing, per_interval_aht, model, counts=counts)
    if not callable(rate):
        raise TypeError(f"rate must be a callable rate(t_seconds) -> float, got {rate!r:.80}")
    if arrivals is not None:
        _counts(arrivals, "arrivals", starts)  # still checked, but the rate overrides it
    if rate_max is None:
        probe = np.arange(0.0, edges[-1], _RATE_GRID_SECONDS / 10)
        rate_max = 1.05 * max(float(rate(float(t))) for t in probe) + 1e-12
    if not (_is_number(rate_max) and 0 < rate_max < math.inf):
        raise ValueError(f"rate_max must be a positive number [1/s], got {rate_max!r}")
    return _Scenario(edges, staffing, per_interval_aht, model, rate=rate, rate_max=float(rate_max))


# --------------------------------------------------------------------------- public API


def simulate_intervals(
    starts: pd.DatetimeIndex,
    arrivals: ArrayLike | None,
    agents: ArrayLike,
    model: ChatModel,
    *,
    interval_minutes: float,
    replications: int = 20,
    seed: int = 0,
    rate: Callable[[float], float] | None = None,
    rate_max: float | None = None,
) -> pd.DataFrame:
    """Simulate one queue over a grid of intervals, ``replications`` times.

    Parameters
    ----------
    starts
        Interval starts, a regular grid of ``interval_minutes``.
    arrivals
        Expected chats per interval (non-negative, may be fractional); the arrival rate is
        constant inside an interval. May be ``None`` when ``rate`` is given. [chats]
    agents
        Agents on chat per interval (non-negative integers). [agents]
    model
        The chat model (AHT, concurrency, slowdown, patience, service-level threshold).
    interval_minutes
        Length of every interval. [min]
    replications
        Independent runs, at least 1. Each starts with an empty centre at ``starts[0]``.
    seed
        Replication ``r`` draws from ``numpy.random.default_rng([seed, r])``.
    rate
        Arrival rate ``rate(t)`` at ``t`` seconds after ``starts[0]``; overrides
        ``arrivals`` (e.g. a spike that decays within an interval). [1/s]
    rate_max
        Upper bound of ``rate`` over the horizon, for thinning; default 1.05 x the largest
        value on a 1-second grid. A larger value only costs time. [1/s]

    Returns
    -------
    pandas.DataFrame
        One row per interval with :data:`INTERVAL_COLUMNS`: ``expected_arrivals`` (the
        rate's integral), means over replications of ``arrivals``, ``answered``,
        ``abandoned``, ``unanswered`` [chats] and ``busy_slots`` [chats in service]; ratios
        of totals ``service_level``, ``abandon_rate``, ``p_wait`` [fraction], ``asa_seconds``
        (over all arrivals), ``asa_answered_seconds`` [s]; ``occupancy`` = the chats
        the interval's agents hold / (agents k), at most 1 [fraction]; ``service_level_std`` across replications and ``*_ci95``
        95 % confidence half-widths. Ratios are NaN for intervals without arrivals.

    Raises
    ------
    InputDataError
        ``starts`` off a regular grid, negative arrivals, agents that are not non-negative
        integers, or arrays of the wrong length.
    """
    _check_replications(replications, seed)
    scenario = _scenario(starts, arrivals, agents, model, interval_minutes, rate, rate_max)
    return _summary(_simulate(scenario, replications, seed), scenario, starts)


def simulate_chats(
    starts: pd.DatetimeIndex,
    arrivals: ArrayLike | None,
    agents: ArrayLike,
    model: ChatModel,
    *,
    interval_minutes: float,
    seed: int = 0,
    replication: int = 0,
    rate: Callable[[float], float] | None = None,
    rate_max: float | None = None,
) -> pd.DataFrame:
    """Every chat of one replication, for inspection (same draws as :func:`simulate_intervals`).

    Parameters are those of :func:`simulate_intervals`; ``replication`` picks the run.

    Returns
    -------
    pandas.DataFrame
        One row per chat in arrival order: ``interval_start`` (of its arrival interval),
        ``arrival_seconds``, ``start_seconds`` (service start, NaN if never answered),
        ``end_seconds`` (service end or abandonment, NaN if unanswered), ``wait_seconds``,
        ``work_seconds`` (work at concurrency 1) — all seconds since ``starts[0]`` [s] —
        ``agent`` (agent number, -1 if never answered) and ``outcome`` (``answered``,
        ``abandoned`` or ``unanswered``).
    """
    _check_replications(1, seed)
    if isinstance(replication, bool) or not isinstance(replication, int) or replication < 0:
        raise ValueError(f"replication must be a non-negative integer, got {replication!r}")
    scenario = _scenario(starts, arrivals, agents, model, interval_minutes, rate, rate_max)
    trace = _replicate(scenario, np.random.default_rng([seed, replication]))
    outcome = np.array(["unanswered", "answered", "abandoned"], dtype=object)[trace.status]
    wait = np.where(
        trace.status == _ANSWERED,
        trace.start,
        np.where(trace.status == _ABANDONED, trace.leave, trace.end),
    )
    return pd.DataFrame(
        {
            "interval_start": starts[trace.interval],
            "arrival_seconds": trace.arrival,
            "start_seconds": trace.start,
            "end_seconds": trace.leave,
            "wait_seconds": wait - trace.arrival,
            "work_seconds": trace.work,
            "agent": trace.agent,
            "outcome": outcome,
        }
    )


def simulate_stationary(
    arrival_rate_per_second: float,
    agents: int,
    model: ChatModel,
    *,
    hours: float = 24.0,
    warmup_hours: float = 1.0,
    replications: int = 10,
    seed: int = 0,
) -> dict[str, float]:
    """Long-run performance of a stationary queue, with 95 % confidence half-widths.

    Each replication runs ``warmup_hours`` (discarded) then ``hours`` measured; chats that
    arrive in the measured window are followed until they are answered or abandon.

    Parameters
    ----------
    arrival_rate_per_second
        Constant arrival rate lambda. [1/s]
    agents
        Agents on chat, n. [agents]
    model
        The chat model.
    hours, warmup_hours
        Measured and discarded length of every replication. [h]
    replications, seed
        As in :func:`simulate_intervals`.

    Returns
    -------
    dict
        ``service_level``, ``p_wait``, ``abandon_rate`` [fraction], ``asa_seconds``,
        ``asa_answered_seconds`` [s], ``occupancy`` [fraction], ``busy_slots`` [chats],
        ``throughput_per_second`` (answered chats per second) [1/s], ``arrivals`` (mean per
        replication) [chats], and ``<name>_ci95`` half-widths for all but the last.
    """
    _check_replications(replications, seed)
    if not (_is_number(hours) and 0 < hours < math.inf):
        raise ValueError(f"hours must be a positive number, got {hours!r}")
    if not (_is_number(warmup_hours) and 0 <= warmup_hours < math.inf):
        raise ValueError(f"warmup_hours must be a number >= 0, got {warmup_hours!r}")
    rate = arrival_rate_per_second
    if not (_is_number(rate) and 0 <= rate < math.inf):
        raise ValueError(f"arrival_rate_per_second must be a number >= 0, got {rate!r}")
    if isinstance(agents, bool) or not isinstance(agents, int | np.integer) or agents < 1:
        raise ValueError(f"agents must be an integer >= 1, got {agents!r}")
    lengths = [s for s in (warmup_hours * 3600.0, hours * 3600.0) if s > 0]
    edges = np.concatenate([[0.0], np.cumsum(lengths)])
    scenario = _Scenario(
        edges=edges,
        agents=[int(agents)] * len(lengths),
        aht=np.full(len(lengths), model.aht_seconds),
        model=model,
        counts=rate * np.asarray(lengths),
    )
    totals = {
        name: values[:, -1:] for name, values in _simulate(scenario, replications, seed).items()
    }
    arrivals = totals["arrivals"]
    seconds = lengths[-1]
    ones = np.full(arrivals.shape, seconds)
    slots = float(agents * model.max_concurrency)
    out: dict[str, float] = {"arrivals": float(arrivals.mean())}
    measures = {
        "service_level": (totals["within"], arrivals),
        "p_wait": (totals["waited"], arrivals),
        "abandon_rate": (totals["abandoned"], arrivals),
        "asa_seconds": (totals["wait"], arrivals),
        "asa_answered_seconds": (totals["wait_answered"], totals["answered"]),
        "busy_slots": (totals["busy"], ones),
        "occupancy": (totals["busy_on_shift"] / slots, ones),
        "throughput_per_second": (totals["answered"], ones),
    }
    for name, (y, x) in measures.items():
        estimate, half = _ratio(y, x)
        out[name] = float(estimate[0])
        out[f"{name}_ci95"] = float(half[0])
    return out


def simulate_requirements(
    requirements: pd.DataFrame,
    config: PlanConfig,
    *,
    agents: pd.DataFrame | None = None,
    replications: int = 20,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    fractional: bool = False,
) -> pd.DataFrame:
    """Simulate every queue of a requirements frame at its (or a roster's) staffing.

    Parameters
    ----------
    requirements
        Requirements (``docs/contracts.md``): ``interval_start, queue, human_inquiries, aht_seconds``
        and, unless ``agents`` is given, ``agents``. Its ``open`` column (from
        :func:`~forecaster.capacity.requirements`), when present, says which intervals have
        human service; without it each queue's ``service_hours`` decide. Each queue's
        intervals must form a regular ``config.interval_minutes`` grid.
        ``human_inquiries`` are the expected arrivals [chats]; ``aht_seconds`` the work
        per chat at concurrency 1 [s].
    config
        Plan configuration; each queue's ``max_concurrency``, ``concurrency_slowdown``,
        ``patience_seconds`` (none for ``model = "erlang_c"``) and
        ``answer_within_seconds`` are used.
    agents
        Staffing to simulate instead of the requirements' ``agents``: ``interval_start,
        queue, agents`` (or ``scheduled``, as in a roster's ``coverage.csv``), with a row
        for every queue and interval of ``requirements``.
    replications, seed
        As in :func:`simulate_intervals`; each queue also draws from a key of its name.
    progress
        Called with a short message before each queue is simulated.
    fractional
        Staffing may have a fractional part: a roster's agents present × (1 − shrinkage)
        (:func:`forecaster.pipeline.agents_on_chat`), 0.9 for one agent at 10 % shrinkage.
        Each replication then has one more agent in an interval with that chance (drawn
        per interval), so the staffing's mean is kept: rounded down, one agent at 10 %
        shrinkage was nobody and a small shop's open hours simulated at 0 %.

    Returns
    -------
    pandas.DataFrame
        Simulation columns (``docs/contracts.md``) ``interval_start, queue, arrivals, service_level,
        asa_seconds, abandon_rate``, then the rest of :data:`INTERVAL_COLUMNS`, one row per
        row of ``requirements`` in the same order.

    Raises
    ------
    InputDataError
        A missing column, a queue not in ``config``, duplicate or irregular intervals,
        negative inquiries, non-positive AHT, staffing that is not non-negative integers or
        missing for an interval.
    """
    _check_replications(replications, seed)
    _require(
        requirements,
        "requirements",
        ("interval_start", "queue", "human_inquiries", "aht_seconds")
        + (() if agents is not None else ("agents",)),
    )
    frame = requirements.reset_index(drop=True)
    frame = frame.assign(interval_start=_timestamps(frame["interval_start"], "requirements"))
    unknown = sorted(set(frame["queue"].astype(str)) - set(config.queues))
    if unknown:
        raise InputDataError(
            f"requirements: unknown queue '{unknown[0]}'; plan.toml defines {sorted(config.queues)}"
        )
    staffing = frame["agents"] if agents is None else _lookup_agents(agents, frame)
    frame = frame.assign(agents=staffing)
    results = []
    minutes = config.interval_minutes
    for name in dict.fromkeys(frame["queue"].astype(str)):
        rows = frame[frame["queue"].astype(str) == name].sort_values("interval_start")
        starts = pd.DatetimeIndex(rows["interval_start"])
        duplicated = starts.duplicated()
        if duplicated.any():
            when = starts[int(np.argmax(duplicated))]
            raise InputDataError(
                f"requirements has more than one row for queue '{name}' at {when:%Y-%m-%d %H:%M}"
            )
        label = msg("sim.where", queue=name)
        try:
            _grid(starts, minutes, "interval_start")
            inquiries = _counts(rows["human_inquiries"], "human_inquiries", starts)
            extra = None
            if fractional:
                staff, extra = _fractional_agents(rows["agents"], starts)
            else:
                staff = _agents(rows["agents"], starts)
            # the requirements' own opening (per-phase service hours included) when given
            is_open = _open_flags(rows["open"], starts) if "open" in rows.columns else None
        except InputDataError as exc:
            raise InputDataError(msg("sim.in_queue", where=label, error=exc.problems[0])) from None
        queue = config.queues[name]
        if is_open is None:
            is_open = queue.open_at(starts)
        # outside the queue's service hours the bot answers alone: no chats reach agents
        inquiries = np.where(is_open, inquiries, 0.0)
        aht = pd.to_numeric(rows["aht_seconds"], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero((inquiries > 0) & ~(np.isfinite(aht) & (aht > 0)))
        if len(bad):
            i = int(bad[0])
            raise InputDataError(
                msg(
                    "sim.in_queue",
                    where=label,
                    error=msg("sim.bad_aht", got=f"{aht[i]:g}", when=_when(starts, i)),
                )
            )
        aht = np.where(np.isfinite(aht) & (aht > 0), aht, queue.aht_seconds)
        model = ChatModel.from_queue(queue)
        scenario = _scenario(starts, inquiries, staff, model, minutes, None, None, aht=aht)
        if extra is not None and extra.any():
            scenario = replace(scenario, extra=extra)
        if progress is not None:
            progress(msg("sim.queue", queue=name, n=len(starts), replications=replications))
        key = (zlib.crc32(name.encode("utf-8")),)
        summary = _summary(_simulate(scenario, replications, seed, key), scenario, starts)
        summary.index = rows.index
        summary.insert(1, "queue", name)
        results.append(summary)
    if not results:
        raise InputDataError("requirements has no rows")
    out = pd.concat(results).sort_index()
    out["interval_start"] = frame["interval_start"]
    leading = list(SIMULATION_COLUMNS)
    rest = [c for c in INTERVAL_COLUMNS if c not in leading]
    return out[leading + rest].reset_index(drop=True)


def _require(frame: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputDataError(f"{name} must be a table (DataFrame), got {type(frame).__name__}")
    for column in columns:
        if column not in frame.columns:
            raise InputDataError(
                f"{name} is missing column '{column}'; found {list(map(str, frame.columns))}"
            )


def _timestamps(values: pd.Series, name: str) -> pd.Series:
    try:
        stamps = pd.to_datetime(values)
    except (TypeError, ValueError) as exc:
        raise InputDataError(f"{name}: interval_start must be timestamps ({exc})") from None
    if stamps.isna().any():
        row = int(np.argmax(stamps.isna().to_numpy()))
        raise InputDataError(f"{name} row {row}: interval_start must be a timestamp, got NaT")
    return stamps


def _lookup_agents(agents: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    """The staffing of every (queue, interval) of ``frame`` taken from an agents frame."""
    columns = agents.columns if isinstance(agents, pd.DataFrame) else ()
    if "agents" not in columns and "scheduled" in columns:
        agents = agents.rename(columns={"scheduled": "agents"})
    _require(agents, "agents", ("interval_start", "queue", "agents"))
    table = agents.assign(
        interval_start=_timestamps(agents["interval_start"], "agents"),
        queue=agents["queue"].astype(str),
    )
    if table.duplicated(["queue", "interval_start"]).any():
        row = table[table.duplicated(["queue", "interval_start"])].iloc[0]
        raise InputDataError(
            f"agents has more than one row for queue '{row['queue']}' at "
            f"{row['interval_start']:%Y-%m-%d %H:%M}"
        )
    keys = pd.MultiIndex.from_arrays([frame["queue"].astype(str), frame["interval_start"]])
    found = table.set_index(["queue", "interval_start"])["agents"].reindex(keys)
    missing = found.index[found.isna().to_numpy()]
    if len(missing):
        queue, when = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputDataError(
            f"agents has no staffing for queue '{queue}' at {when:%Y-%m-%d %H:%M}{more}"
        )
    return pd.Series(found.to_numpy(), index=frame.index)
