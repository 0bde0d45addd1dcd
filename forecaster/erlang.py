"""Queueing formulas for chat service: Erlang B, Erlang C, Erlang A, and chat concurrency.

Pure, vectorised functions (numpy arrays in, arrays out), numerically stable in log space
(no factorials), exact and fast up to thousands of Erlangs. Time is in seconds throughout.

Erlang B and C
--------------
``erlang_b(n, a)`` is the blocking probability of ``n`` servers offered ``a`` Erlangs,
computed as ``pmf(n) / cdf(n)`` of a Poisson(``a``) variable in log space
(``scipy.stats.poisson``). Erlang C follows from it: ``C = n·B / (n − a·(1 − B))`` for
``n > a`` (else 1), ``SL(t) = 1 − C·exp(−(n − a)·t / AHT)``, ``ASA = C·AHT / (n − a)``.

The chat model (Erlang A with concurrency)
------------------------------------------
An agent holds up to ``k`` chats at once, and a chat lasts longer the more chats its agent
holds: at load ``j`` a chat's duration is ``AHT(j) = AHT(1)·(1 + γ·(j − 1))`` (Goes, Ilk,
Lin & Zhao 2018 measured γ ≈ 0.04–0.18). With ``m`` chats in service spread evenly over
``n`` agents (``r = m mod n`` agents hold ``q + 1 = ⌊m/n⌋ + 1`` chats, the others ``q``),
the total completion rate is ::

    μ(m) = r·(q + 1)/AHT(q + 1) + (n − r)·q/AHT(q),      m ≤ S = n·k,

a load-dependent service rate in the spirit of Tezcan & Zhang (2014, "Routing and staffing
in customer service chat systems with multiple customers per agent") and Cui & Tezcan (2016),
who model chat agents as servers whose speed depends on how many chats they hold. Chats in
system form a birth–death chain: births at the arrival rate ``λ``; deaths at ``μ(m)`` while
``m ≤ S`` and at ``μ_S + (m − S)·θ`` above it, where the ``m − S`` waiting customers leave
at rate ``θ = 1 / patience`` each (exponential patience, FIFO queue). With ``k = 1`` this is
exactly Erlang A (M/M/n+M; Palm 1943, Garnett, Mandelbaum & Reiman 2002), and with ``θ = 0``
exactly Erlang C; with ``γ = 0`` it equals ``n·k`` parallel single-chat servers.

Once all ``S`` slots are busy the queue behaves like Erlang A's with service rate ``μ_S``,
so Mandelbaum & Zeltyn's (2007, "Service engineering in action: the Palm/Erlang-A queue")
incomplete-gamma results carry over with ``x = μ_S/θ`` and ``y = λ/θ``. Writing
``S(a, z) = e^z·z^(−a)·γ(a, z) = Σ_j z^j / (a(a+1)…(a+j))`` and ``π_S`` for the
(normalised) probability of the state with all slots busy:

- P(wait) = ``π_S · x·S(x, y)``;
- the offered wait ``V`` of those who wait has density ``π_S·μ_S·exp(y − μ_S·v − y·e^(−θv))``;
- answered within ``t`` = ``1 − P(wait) + π_S·x·[S(x+1, y) − e^(y − z − θt(x+1))·S(x+1, z)]``
  with ``z = y·e^(−θt)`` (a waiting customer is answered within ``t`` if its offered wait is
  at most ``t`` and its patience outlasts it);
- P(abandon) = ``π_S·x·[S(x, y) − S(x+1, y)]``;
- ASA, the mean time in queue over all arrivals (abandoners counted until they leave),
  = P(abandon)/θ by Little's law (``C·AHT/(n − a)`` in the Erlang C limit).

Occupancy is the share of chat slots in use, ``E[chats in service] / (n·k)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special, stats

ArrayLike = float | int | np.ndarray

_TINY = 1e-250


def erlang_b(servers: ArrayLike, load: ArrayLike) -> np.ndarray:
    """Erlang B blocking probability.

    Parameters
    ----------
    servers
        Number of servers (lines) ``n`` ≥ 0.
    load
        Offered load ``a`` [Erlang] ≥ 0.

    Returns
    -------
    numpy.ndarray
        P(an arrival finds every server busy) [fraction].
    """
    n = np.asarray(servers, dtype=float)
    a = np.asarray(load, dtype=float)
    n, a = np.broadcast_arrays(n, a)
    out = np.ones(n.shape)
    pos = a > 0
    with np.errstate(divide="ignore"):
        log_b = stats.poisson.logpmf(n[pos], a[pos]) - stats.poisson.logcdf(n[pos], a[pos])
    out[pos] = np.exp(log_b)
    out[(a <= 0) & (n > 0)] = 0.0
    return out


def erlang_c(servers: ArrayLike, load: ArrayLike) -> np.ndarray:
    """Erlang C: probability an arrival waits (M/M/n, infinite patience) [fraction]."""
    n = np.asarray(servers, dtype=float)
    a = np.asarray(load, dtype=float)
    n, a = np.broadcast_arrays(n, a)
    b = erlang_b(n, a)
    out = np.ones(n.shape)
    stable = n > a
    out[stable] = n[stable] * b[stable] / (n[stable] - a[stable] * (1 - b[stable]))
    return out


def erlang_c_service_level(
    servers: ArrayLike, load: ArrayLike, aht_seconds: ArrayLike, within_seconds: ArrayLike
) -> np.ndarray:
    """Erlang C share answered within ``within_seconds``: ``1 − C·exp(−(n − a)·t/AHT)``."""
    n, a = np.broadcast_arrays(np.asarray(servers, float), np.asarray(load, float))
    c = erlang_c(n, a)
    sl = 1 - c * np.exp(-(n - a) * np.asarray(within_seconds, float) / np.asarray(aht_seconds))
    return np.where(n > a, sl, 0.0)


def erlang_c_asa(servers: ArrayLike, load: ArrayLike, aht_seconds: ArrayLike) -> np.ndarray:
    """Erlang C mean wait in queue over all arrivals [s] (``inf`` if ``n ≤ a``)."""
    n, a = np.broadcast_arrays(np.asarray(servers, float), np.asarray(load, float))
    c = erlang_c(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = c * np.asarray(aht_seconds, float) / (n - a)
    return np.where(n > a, asa, np.inf)


def log_s(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``log S(a, z)`` with ``S(a, z) = e^z·z^(−a)·γ(a, z) = Σ_j z^j / (a(a+1)…(a+j))``.

    Uses the regularised incomplete gamma function where it is representable and the power
    series (which converges fast exactly there) where it underflows.
    """
    a, z = np.broadcast_arrays(np.asarray(a, float), np.asarray(z, float))
    out = np.empty(a.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = special.gammainc(a, z)
        ok = (p > _TINY) & (z > 0)
        out[ok] = z[ok] - a[ok] * np.log(z[ok]) + special.gammaln(a[ok]) + np.log(p[ok])
    rest = ~ok
    if rest.any():
        aa, zz = a[rest], z[rest]
        term = 1.0 / aa
        total = term.copy()
        j = 0
        while True:
            j += 1
            term = term * zz / (aa + j)
            total += term
            if j > 200_000 or bool((term <= 1e-17 * total).all()):
                break
        out[rest] = np.log(total)
    return out


@dataclass(frozen=True)
class QueueMetrics:
    """Steady-state performance of a chat queue, one value per interval.

    Attributes
    ----------
    p_wait
        Share of arrivals that find every chat slot busy [fraction].
    service_level
        Share of arrivals answered within the target time (abandoned ones are not) [fraction].
    abandon_rate
        Share of arrivals that leave before being answered [fraction].
    asa_seconds
        Mean time in queue over all arrivals [s] (``inf`` if the queue is unstable).
    occupancy
        Mean chats in service / (agents × max concurrency) [fraction].
    """

    p_wait: np.ndarray
    service_level: np.ndarray
    abandon_rate: np.ndarray
    asa_seconds: np.ndarray
    occupancy: np.ndarray


def _aht_at(aht: np.ndarray, slowdown: np.ndarray, load: np.ndarray) -> np.ndarray:
    return aht * (1 + slowdown * (load - 1))


def service_rate(
    chats: np.ndarray, agents: np.ndarray, aht: np.ndarray, slowdown: np.ndarray
) -> np.ndarray:
    """Total completion rate ``μ(m)`` of ``m`` chats spread evenly over ``n`` agents [1/s]."""
    n = np.maximum(agents, 1)
    q = np.floor_divide(chats, n)
    r = chats - q * n
    upper = r * (q + 1) / _aht_at(aht, slowdown, q + 1)
    lower = np.where(q > 0, (n - r) * q / _aht_at(aht, slowdown, np.maximum(q, 1)), 0.0)
    return np.where(agents > 0, upper + lower, 0.0)


def chat_queue(
    arrival_rate: ArrayLike,
    agents: ArrayLike,
    aht_seconds: ArrayLike,
    *,
    max_concurrency: ArrayLike = 1,
    slowdown: ArrayLike = 0.0,
    patience_seconds: ArrayLike = np.inf,
    answer_within_seconds: ArrayLike = 30.0,
) -> QueueMetrics:
    """Steady-state metrics of the chat model (module docstring), vectorised.

    Parameters
    ----------
    arrival_rate
        Chats offered to humans per second [1/s].
    agents
        Agents on chat (integers ≥ 0).
    aht_seconds
        Chat duration at concurrency 1 [s].
    max_concurrency
        Chats an agent holds at once, ``k`` ≥ 1.
    slowdown
        γ in ``AHT(j) = AHT(1)·(1 + γ·(j − 1))`` [fraction per extra chat].
    patience_seconds
        Mean patience [s]; ``inf`` = nobody abandons (Erlang C).
    answer_within_seconds
        Service-level target time [s].

    Returns
    -------
    QueueMetrics
    """
    lam, n, aht, k, gamma, patience, t = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (
                arrival_rate,
                agents,
                aht_seconds,
                max_concurrency,
                slowdown,
                patience_seconds,
                answer_within_seconds,
            )
        )
    )
    shape = lam.shape
    lam, n, aht, k, gamma, patience, t = (v.ravel() for v in (lam, n, aht, k, gamma, patience, t))
    size = lam.size
    p_wait = np.zeros(size)
    sl = np.ones(size)
    abandon = np.zeros(size)
    asa = np.zeros(size)
    occupancy = np.zeros(size)

    slots = (n * k).astype(np.int64)
    busy = lam > 0
    none = busy & (slots <= 0)
    p_wait[none], sl[none], abandon[none], asa[none] = 1.0, 0.0, 1.0, np.inf
    live = np.flatnonzero(busy & (slots > 0))
    single = live[k[live] == 1]
    multi = live[k[live] != 1]
    for part, below in ((single, _below_single), (multi, _below_chain)):
        if part.size == 0:
            continue
        order, log_pi, log_below, log_busy_below = below(part, lam, n, aht, k, gamma, slots)
        mu_full = n[order] * k[order] / _aht_at(aht[order], gamma[order], k[order])
        theta = np.where(np.isfinite(patience[order]), 1.0 / patience[order], 0.0)
        metrics = _queue_tail(
            lam[order], mu_full, theta, t[order], log_pi, log_below, log_busy_below, slots[order]
        )
        for target, values in zip((p_wait, sl, abandon, asa, occupancy), metrics, strict=True):
            target[order] = values
    return QueueMetrics(
        p_wait=p_wait.reshape(shape),
        service_level=np.clip(sl, 0.0, 1.0).reshape(shape),
        abandon_rate=np.clip(abandon, 0.0, 1.0).reshape(shape),
        asa_seconds=asa.reshape(shape),
        occupancy=np.clip(occupancy, 0.0, 1.0).reshape(shape),
    )


Below = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _below_single(
    idx: np.ndarray,
    lam: np.ndarray,
    n: np.ndarray,
    aht: np.ndarray,
    k: np.ndarray,
    gamma: np.ndarray,
    slots: np.ndarray,
) -> Below:
    """The chain below ``S = n`` for one chat per agent: Poisson terms ``a^m/m!`` in closed
    form (``log π_S``, ``log Σ_{m<S} π_m``, ``log Σ_{m<S} m·π_m`` with ``π_0 = 1``)."""
    a = lam[idx] * aht[idx]
    m = n[idx]
    with np.errstate(divide="ignore"):
        log_pi = m * np.log(a) - special.gammaln(m + 1)
        log_below = a + stats.poisson.logcdf(m - 1, a)
        log_busy = np.where(m >= 2, np.log(a) + a + stats.poisson.logcdf(m - 2, a), -np.inf)
    return idx, log_pi, log_below, log_busy


def _logsumexp_rows(values: np.ndarray) -> np.ndarray:
    """``log Σ exp`` along rows (no -inf-only rows occur here)."""
    top = values.max(axis=1)
    return top + np.log(np.exp(values - top[:, None]).sum(axis=1))


@lru_cache(maxsize=4096)
def _log_rate_sums(agents: float, k: int, aht: float, gamma: float) -> np.ndarray:
    """``Σ_{i≤m} log μ(i)`` for ``m = 0..n·k`` (cached: bisection revisits staffings)."""
    size = int(agents) * k
    m = np.arange(1, size + 1, dtype=float)
    mu = service_rate(m, np.full(size, agents), np.full(size, aht), np.full(size, gamma))
    out = np.concatenate([[0.0], np.cumsum(np.log(mu))])
    out.setflags(write=False)
    return out


def _below_chain(
    idx: np.ndarray,
    lam: np.ndarray,
    n: np.ndarray,
    aht: np.ndarray,
    k: np.ndarray,
    gamma: np.ndarray,
    slots: np.ndarray,
) -> Below:
    """The chain below ``S = n·k`` with load-dependent service, in log space.

    ``log π_m = m·log λ − Σ_{i≤m} log μ(i)``: the second term depends only on the staffing
    ``(n, k, AHT, γ)``, shared by many intervals, so it is computed once per distinct
    staffing and combined with every interval's arrival rate in one matrix operation."""
    keys = np.ascontiguousarray(np.stack([n[idx], k[idx], aht[idx], gamma[idx]], axis=1))
    _, group = np.unique(keys.view(np.dtype((np.void, 32))).ravel(), return_inverse=True)
    group = group.ravel()
    log_pi = np.empty(idx.size)
    log_below = np.empty(idx.size)
    log_busy = np.empty(idx.size)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    for members in np.split(order, bounds):
        first = idx[members[0]]
        size = int(slots[first])
        cum = _log_rate_sums(float(n[first]), int(k[first]), float(aht[first]), float(gamma[first]))
        steps = np.arange(size + 1, dtype=float)
        weights = np.log(np.maximum(steps[:size], 1.0))  # log m for m = 0..S-1 (m=0 masked)
        for chunk in np.array_split(members, max(1, members.size * (size + 1) // 2_000_000 + 1)):
            log_terms = np.log(lam[idx[chunk]])[:, None] * steps[None, :] - cum[None, :]
            log_pi[chunk] = log_terms[:, size]
            log_below[chunk] = _logsumexp_rows(log_terms[:, :size])
            if size > 1:
                log_busy[chunk] = _logsumexp_rows(log_terms[:, 1:size] + weights[None, 1:size])
            else:
                log_busy[chunk] = -np.inf
    return idx, log_pi, log_below, log_busy


def _queue_tail(
    lam: np.ndarray,
    mu_full: np.ndarray,
    theta: np.ndarray,
    t: np.ndarray,
    log_pi_s: np.ndarray,
    log_below: np.ndarray,
    log_busy_below: np.ndarray,
    slots: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Metrics from the chain below ``S`` and the Erlang-A tail above it."""
    size = lam.size
    p_wait = np.ones(size)
    sl = np.zeros(size)
    abandon = np.zeros(size)
    asa = np.full(size, np.inf)
    occupancy = np.ones(size)

    # Erlang C tail (θ = 0): geometric, stable only if λ < μ_S
    c = theta == 0
    stable = c & (lam < mu_full)
    if stable.any():
        i = np.flatnonzero(stable)
        log_tail = log_pi_s[i] - np.log1p(-lam[i] / mu_full[i])  # π_S / (1 − ρ)
        log_z = np.logaddexp(log_below[i], log_tail)
        pw = np.exp(log_tail - log_z)
        drain = mu_full[i] - lam[i]
        p_wait[i] = pw
        sl[i] = 1 - pw * np.exp(-drain * t[i])
        asa[i] = pw / drain
        served = np.exp(log_busy_below[i] - log_z) + slots[i] * pw
        occupancy[i] = served / slots[i]
    # Erlang A tail (θ > 0): incomplete-gamma formulas
    a_idx = np.flatnonzero(~c)
    if a_idx.size:
        th = theta[a_idx]
        x = mu_full[a_idx] / th
        y = lam[a_idx] / th
        log_x = np.log(x)
        ls_x = log_s(x, y)
        ls_x1 = log_s(x + 1, y)
        log_tail = log_pi_s[a_idx] + log_x + ls_x  # π_S·A(x, y)
        log_z = np.logaddexp(log_below[a_idx], log_tail)
        pw = np.exp(log_tail - log_z)
        log_scale = log_pi_s[a_idx] + log_x - log_z  # log π_S·x, normalised
        z_t = y * np.exp(-th * t[a_idx])
        log_late = y - z_t - th * t[a_idx] * (x + 1) + log_s(x + 1, z_t)
        within = np.exp(log_scale + ls_x1) * -np.expm1(np.minimum(log_late - ls_x1, 0.0))
        ab = np.exp(log_scale + ls_x) * -np.expm1(np.minimum(ls_x1 - ls_x, 0.0))
        p_wait[a_idx] = pw
        sl[a_idx] = 1 - pw + within
        abandon[a_idx] = ab
        asa[a_idx] = ab / th
        # in service: below S, plus S slots busy whenever m ≥ S
        served = np.exp(log_busy_below[a_idx] - log_z) + slots[a_idx] * pw
        occupancy[a_idx] = served / slots[a_idx]
    return p_wait, sl, abandon, asa, occupancy


BINDING_LABELS: tuple[str, ...] = (
    "service_level",
    "occupancy",
    "abandonment",
    "min_agents",
    "closed",
    "none",
)
"""What decided an interval's agent count (:class:`Staffing`; ``closed`` is set by
:mod:`forecaster.capacity` outside service hours)."""


@dataclass(frozen=True)
class Staffing:
    """The fewest agents per interval, the model's prediction there, and what decided it.

    Attributes
    ----------
    agents
        Agents on chat per interval (integers).
    metrics
        The model's prediction at ``agents``.
    binding
        Per interval, the criterion that needs the most agents (one of
        :data:`BINDING_LABELS`): ``service_level``, ``occupancy`` or ``abandonment`` when
        that criterion alone would need all ``agents`` (one agent fewer violates it; ties in
        that order), ``min_agents`` when the floor is above what every criterion needs
        (also at zero load with a floor > 0), ``none`` at zero load with no floor.
    """

    agents: np.ndarray
    metrics: QueueMetrics
    binding: np.ndarray


def required_agents(
    arrival_rate: ArrayLike,
    aht_seconds: ArrayLike,
    *,
    service_level: ArrayLike = 0.8,
    answer_within_seconds: ArrayLike = 30.0,
    max_concurrency: ArrayLike = 1,
    slowdown: ArrayLike = 0.0,
    patience_seconds: ArrayLike = np.inf,
    max_occupancy: ArrayLike = 1.0,
    max_abandon_rate: ArrayLike = 1.0,
    min_agents: ArrayLike = 0,
) -> tuple[np.ndarray, QueueMetrics]:
    """Fewest agents meeting the service level, the abandonment cap and the occupancy cap.

    The defaults of the caps (1.0) mean no cap. See :func:`required_staffing`, which also
    says which criterion decided each number.

    Returns
    -------
    agents : numpy.ndarray of int
    metrics : QueueMetrics
        The model's prediction at those agents.
    """
    staffing = required_staffing(
        arrival_rate,
        aht_seconds,
        service_level=service_level,
        answer_within_seconds=answer_within_seconds,
        max_concurrency=max_concurrency,
        slowdown=slowdown,
        patience_seconds=patience_seconds,
        max_occupancy=max_occupancy,
        max_abandon_rate=max_abandon_rate,
        min_agents=min_agents,
    )
    return staffing.agents, staffing.metrics


def required_staffing(
    arrival_rate: ArrayLike,
    aht_seconds: ArrayLike,
    *,
    service_level: ArrayLike = 0.8,
    answer_within_seconds: ArrayLike = 30.0,
    max_concurrency: ArrayLike = 1,
    slowdown: ArrayLike = 0.0,
    patience_seconds: ArrayLike = np.inf,
    max_occupancy: ArrayLike = 1.0,
    max_abandon_rate: ArrayLike = 1.0,
    min_agents: ArrayLike = 0,
) -> Staffing:
    """Fewest agents meeting the service level, the abandonment cap and the occupancy cap,
    and which of them (or ``min_agents``) decided the number.

    Every metric is monotone in the number of agents, so a vectorised bisection finds the
    smallest feasible ``n`` per interval. Intervals without arrivals get ``min_agents``.
    The binding criterion is read off the staffing one agent below the criteria's
    minimum: the criteria violated there are exactly those whose own minimum equals it
    (the largest of the per-criterion minimums), reported in the order service level,
    occupancy, abandonment. A cap of 1.0 never binds.
    """
    arrays = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (
                arrival_rate,
                aht_seconds,
                service_level,
                answer_within_seconds,
                max_concurrency,
                slowdown,
                patience_seconds,
                max_occupancy,
                max_abandon_rate,
                min_agents,
            )
        )
    )
    lam, aht, target, t, k, gamma, patience, max_occ, max_ab, floor = (a.ravel() for a in arrays)
    shape = arrays[0].shape

    fields = tuple(QueueMetrics.__dataclass_fields__)
    at_hi = {f: np.zeros(lam.size) for f in fields}  # the metrics where each bound was probed
    at_lo = {f: np.zeros(lam.size) for f in fields}
    probed_lo = np.zeros(lam.size, dtype=bool)  # lo was probed (not the safe start)

    def evaluate(idx: np.ndarray, n: np.ndarray) -> QueueMetrics:
        return chat_queue(
            lam[idx],
            n,
            aht[idx],
            max_concurrency=k[idx],
            slowdown=gamma[idx],
            patience_seconds=patience[idx],
            answer_within_seconds=t[idx],
        )

    def feasible(idx: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Whether ``n`` agents meet every criterion; the metrics are kept for the bound
        the probe becomes (no second queue evaluation at the answer and one agent below)."""
        m = evaluate(idx, n)
        good = (
            (m.service_level >= target[idx] - 1e-12)
            & (m.abandon_rate <= max_ab[idx] + 1e-12)
            & (m.occupancy <= max_occ[idx] + 1e-12)
        )
        for f in fields:
            values = getattr(m, f)
            at_hi[f][idx[good]] = values[good]
            at_lo[f][idx[~good]] = values[~good]
        probed_lo[idx[~good]] = True
        return good

    # agents answer at most n/slot_load of the arrivals (μ(m) ≤ μ_S), so fewer than
    # target·slot_load agents cannot meet the service level: a safe infeasible start
    slot_load = lam * _aht_at(aht, gamma, k) / k
    lo = np.maximum(np.floor(target * slot_load) - 1, 0)
    # The first probe: square-root staffing, ``S ≈ A + √A`` chat slots for an offered load
    # of ``A`` slots, or the load over the occupancy cap where that is higher (the cap
    # decides most busy chat intervals); then steps of about half the safety margin,
    # doubled at each probe, up to a feasible staffing and down to an infeasible one. About
    # six probes where doubling from the load and bisecting took twelve, and none at twice
    # the load (a chain's cost grows with its slots).
    step = np.maximum(np.ceil(0.5 * np.sqrt(slot_load * k) / k), 1)
    capped = np.ceil(slot_load / np.maximum(max_occ, 1e-9))
    hi = np.maximum(np.maximum(np.ceil(slot_load) + 2 * step, capped), lo + 1)
    active = np.flatnonzero(lam > 0)
    ok = np.zeros(lam.size, dtype=bool)
    first = np.zeros(lam.size, dtype=bool)  # feasible at the first probe
    jump = step.copy()
    for probe in range(64):  # gallop up until feasible
        todo = active[~ok[active]]
        if todo.size == 0:
            break
        good = feasible(todo, hi[todo])
        ok[todo[good]] = True
        first[todo[good]] = probe == 0
        bad = todo[~good]
        lo[bad] = hi[bad]
        hi[bad] = hi[bad] + jump[bad]
        jump[bad] *= 2
    jump = step.copy()
    down = active[first[active]]
    while down.size:  # gallop down from a first probe that was feasible
        cand = hi[down] - jump[down]
        above = cand > lo[down]
        down, cand = down[above], cand[above]
        if down.size == 0:
            break
        good = feasible(down, cand)
        hi[down[good]] = cand[good]
        jump[down[good]] *= 2
        lo[down[~good]] = cand[~good]
        down = down[good]
    while True:  # bisection on (lo, hi]: hi feasible, lo not (or 0)
        todo = active[hi[active] - lo[active] > 1]
        if todo.size == 0:
            break
        mid = np.floor((lo[todo] + hi[todo]) / 2)
        good = feasible(todo, mid)
        hi[todo[good]] = mid[good]
        lo[todo[~good]] = mid[~good]
    need = np.where(lam > 0, hi, 0.0)  # what the criteria alone need
    agents = np.maximum(need, np.ceil(floor)).astype(np.int64)
    binding = np.full(lam.size, "none", dtype=object)
    binding[floor > 0] = "min_agents"
    if active.size:
        # one agent below the answer: probed already unless the safe start was just below
        unseen = active[~probed_lo[active] | (lo[active] != need[active] - 1)]
        if unseen.size:
            m = evaluate(unseen, need[unseen] - 1)
            for f in fields:
                at_lo[f][unseen] = getattr(m, f)
        below = {f: at_lo[f][active] for f in fields}
        label = np.full(active.size, "service_level", dtype=object)  # also if none fails
        for name, fails in reversed(
            (
                ("service_level", below["service_level"] < target[active] - 1e-12),
                ("occupancy", below["occupancy"] > max_occ[active] + 1e-12),
                ("abandonment", below["abandon_rate"] > max_ab[active] + 1e-12),
            )
        ):
            label[fails] = name  # the first failing one in this order wins
        floored = np.ceil(floor[active]) > need[active]
        label[floored] = "min_agents"
        binding[active] = label
    # the metrics at the answer: probed at ``need``, except where the floor is higher or
    # nothing arrives
    fresh = np.flatnonzero(~ok | (agents != need))
    metrics = evaluate(fresh, agents[fresh])
    for f in fields:
        at_hi[f][fresh] = getattr(metrics, f)
    return Staffing(
        agents=agents.reshape(shape),
        metrics=QueueMetrics(*(at_hi[f].reshape(shape) for f in fields)),
        binding=binding.reshape(shape),
    )
