"""The chat-centre simulation against queueing theory written out here, independently.

Stationary checks compare long runs with closed forms or birth-death chains. A simulated
value passes when it lies within 1.5 of its 95 % confidence half-widths of the exact value
(about 3 standard errors, so a correct simulator fails a check with probability ~0.3 %; the
seeds are fixed, so the outcome is deterministic), and every check also demands a
half-width small enough that a wrong model would be caught.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from forecaster.config import load_config
from forecaster.errors import InputDataError
from forecaster.simulate import (
    INTERVAL_COLUMNS,
    ChatModel,
    simulate_chats,
    simulate_intervals,
    simulate_requirements,
    simulate_stationary,
)

SEED = 20251111
START = pd.Timestamp("2025-11-10 18:00")


# --------------------------------------------------------------------------- exact models


def erlang_c(traffic: float, servers: int) -> float:
    """P(wait) of M/M/n via the Erlang B recursion; ``traffic`` in Erlangs."""
    blocking = 1.0
    for m in range(1, servers + 1):
        blocking = traffic * blocking / (m + traffic * blocking)
    return servers * blocking / (servers - traffic * (1 - blocking))


def mmn(rate: float, servers: int, aht: float, within: float) -> dict[str, float]:
    """M/M/n: P(wait), P(wait <= T) and mean wait [s] (rate [1/s], aht [s], T [s])."""
    p_wait = erlang_c(rate * aht, servers)
    drain = servers / aht - rate
    return {
        "p_wait": p_wait,
        "service_level": 1 - p_wait * math.exp(-drain * within),
        "asa_seconds": p_wait / drain,
    }


def birth_death(
    rate: float, slots: int, service_rate: Callable[[int], float], theta: float, cap: int = 600
) -> dict[str, float]:
    """Chats in system m = 0..slots+cap: births ``rate``, deaths ``service_rate(min(m,
    slots)) + theta (m - slots)+``. Arrivals see time averages (PASTA)."""
    log_p = [0.0]
    for m in range(1, slots + cap + 1):
        deaths = service_rate(min(m, slots)) + theta * max(m - slots, 0)
        log_p.append(log_p[-1] + math.log(rate / deaths))
    p = np.exp(np.array(log_p) - max(log_p))
    p /= p.sum()
    m = np.arange(len(p))
    in_service = np.minimum(m, slots)
    queue = np.maximum(m - slots, 0)
    mean_queue = float((p * queue).sum())
    return {
        "p_wait": float(p[slots:].sum()),
        "busy_slots": float((p * in_service).sum()),
        "throughput_per_second": float(sum(p[i] * service_rate(int(in_service[i])) for i in m)),
        "abandon_rate": theta * mean_queue / rate,
        "asa_seconds": mean_queue / rate,
    }


def even_spread_rate(agents: int, aht: float, gamma: float) -> Callable[[int], float]:
    """Total service rate [1/s] of m chats spread evenly: r agents hold q+1, n-r hold q."""

    def chat_rate(load: int) -> float:  # rate at which one agent with `load` chats ends one
        return load / (aht * (1 + gamma * (load - 1))) if load else 0.0

    def total(m: int) -> float:
        q, r = divmod(m, agents)
        return r * chat_rate(q + 1) + (agents - r) * chat_rate(q)

    return total


def least_loaded_chain(
    rate: float, agents: int, k: int, aht: float, gamma: float, theta: float, cap: int = 80
) -> dict[str, float]:
    """The exact Markov chain of the simulated routing (small teams only).

    State: the sorted loads of the agents and the queue length. An arrival joins the
    least-loaded agent if it has a free slot, else the queue; an agent holding j chats ends
    one at rate j / AHT(j) (exponential work, equal speeds); a freed slot takes the head of
    the queue; each waiting chat abandons at rate theta.
    """

    def ends(load: int) -> float:
        return load / (aht * (1 + gamma * (load - 1))) if load else 0.0

    loads = sorted({tuple(sorted(c)) for c in itertools.product(range(k + 1), repeat=agents)})
    full = (k,) * agents
    states = [(held, 0) for held in loads] + [(full, q) for q in range(1, cap + 1)]
    index = {state: i for i, state in enumerate(states)}
    generator = np.zeros((len(states), len(states)))
    for (held, q), i in index.items():
        if q == 0 and held[0] < k:
            joined = (held[0] + 1, *held[1:])
            generator[i, index[(tuple(sorted(joined)), 0)]] += rate
        elif q < cap:
            generator[i, index[(held, q + 1)]] += rate
        for a in range(agents):
            if q:
                generator[i, index[(held, q - 1)]] += ends(held[a])
            elif held[a]:
                left = (*held[:a], held[a] - 1, *held[a + 1 :])
                generator[i, index[(tuple(sorted(left)), 0)]] += ends(held[a])
        if q:
            generator[i, index[(held, q - 1)]] += q * theta
    np.fill_diagonal(generator, -generator.sum(axis=1))
    system = np.vstack([generator.T, np.ones(len(states))])
    rhs = np.zeros(len(states) + 1)
    rhs[-1] = 1
    p = np.linalg.lstsq(system, rhs, rcond=None)[0]
    mean_queue = sum(p[i] * q for (_, q), i in index.items())
    return {
        "p_wait": sum(p[i] for (held, _), i in index.items() if held[0] == k),
        "busy_slots": sum(p[i] * sum(held) for (held, _), i in index.items()),
        "throughput_per_second": sum(p[i] * sum(map(ends, held)) for (held, _), i in index.items()),
        "abandon_rate": theta * mean_queue / rate,
        "asa_seconds": mean_queue / rate,
    }


def assert_matches(sim: dict[str, float], name: str, exact: float, widest: float) -> None:
    half = sim[f"{name}_ci95"]
    assert half <= widest, f"{name}: 95 % half-width {half:.4g} too wide to test anything"
    assert abs(sim[name] - exact) <= 1.5 * half, (
        f"{name}: simulated {sim[name]:.4f} ± {half:.4f}, exact {exact:.4f}"
    )


# --------------------------------------------------------------------------- stationary


def test_erlang_c_formula_reproduces_the_published_golden_case() -> None:
    # 100 chats per 30 min, AHT 180 s = 10 Erlangs, 14 agents, 20 s target: P(wait) 0.1741,
    # SL 0.8884, ASA 7.84 s (the standard worked example, e.g. callcentrehelper.com's
    # "Erlang C formula - made simple"; STYLE.md section 7)
    exact = mmn(100 / 1800, 14, 180, 20)
    assert exact["p_wait"] == pytest.approx(0.1741, abs=5e-5)
    assert exact["service_level"] == pytest.approx(0.8884, abs=5e-5)
    assert exact["asa_seconds"] == pytest.approx(7.84, abs=5e-3)


@pytest.mark.slow
def test_mmn_without_abandonment_matches_erlang_c_golden_case() -> None:
    model = ChatModel(aht_seconds=180, answer_within_seconds=20)
    sim = simulate_stationary(
        100 / 1800, 14, model, hours=100, warmup_hours=1, replications=20, seed=SEED
    )
    assert_matches(sim, "p_wait", 0.1741, widest=0.01)
    assert_matches(sim, "service_level", 0.8884, widest=0.01)
    assert_matches(sim, "asa_seconds", 7.84, widest=0.8)
    assert_matches(sim, "occupancy", 10 / 14, widest=0.005)
    assert sim["abandon_rate"] == 0


@pytest.mark.slow
def test_erlang_a_matches_birth_death_chain() -> None:
    rate, agents, aht, patience = 0.06, 11, 180.0, 120.0  # 10.8 Erlangs on 11 agents
    exact = birth_death(rate, agents, lambda m: m / aht, 1 / patience)
    model = ChatModel(aht_seconds=aht, patience_seconds=patience)
    sim = simulate_stationary(
        rate, agents, model, hours=100, warmup_hours=1, replications=10, seed=SEED
    )
    assert_matches(sim, "p_wait", exact["p_wait"], widest=0.01)
    assert_matches(sim, "abandon_rate", exact["abandon_rate"], widest=0.005)
    assert_matches(sim, "asa_seconds", exact["asa_seconds"], widest=1.0)
    assert_matches(sim, "busy_slots", exact["busy_slots"], widest=0.05)


def test_concurrency_without_slowdown_is_erlang_c_with_k_n_servers() -> None:
    # 4 agents x 3 chats, gamma = 0: an M/M/12 queue at 9 Erlangs
    rate, aht = 9.0 / 300, 300.0
    exact = mmn(rate, 12, aht, 30)
    model = ChatModel(aht_seconds=aht, max_concurrency=3, answer_within_seconds=30)
    sim = simulate_stationary(rate, 4, model, hours=200, warmup_hours=2, replications=12, seed=SEED)
    assert_matches(sim, "p_wait", exact["p_wait"], widest=0.02)
    assert_matches(sim, "service_level", exact["service_level"], widest=0.02)
    assert_matches(sim, "asa_seconds", exact["asa_seconds"], widest=3.0)
    assert_matches(sim, "busy_slots", 9.0, widest=0.1)


@pytest.mark.parametrize(
    ("rate", "patience"),
    [(0.036, 120.0), (0.02, 180.0)],
    ids=["overloaded", "busy"],
)
def test_concurrency_with_slowdown_matches_birth_death_chains(rate: float, patience: float) -> None:
    # 3 agents x 3 chats, gamma = 0.15: full-load capacity 9 / AHT(3) = 0.0231 chats/s.
    # The product's analytic model spreads m chats evenly over the agents (birth-death chain
    # on chats in system); the simulation routes each chat to the least-loaded agent, whose
    # exact chain (loads x queue) is solved too. The simulation must match its own chain
    # within the CI, and the even-spread chain must be close to it (loads stay even).
    agents, k, aht, gamma = 3, 3, 300.0, 0.15
    service = even_spread_rate(agents, aht, gamma)
    assert service(agents * k) == pytest.approx(agents * k / (aht * (1 + gamma * (k - 1))))
    even = birth_death(rate, agents * k, service, 1 / patience)
    exact = least_loaded_chain(rate, agents, k, aht, gamma, 1 / patience)
    model = ChatModel(aht, k, gamma, patience)
    sim = simulate_stationary(
        rate, agents, model, hours=200, warmup_hours=2, replications=8, seed=SEED
    )
    for name, widest in [
        ("throughput_per_second", 3e-4),
        ("busy_slots", 0.05),
        ("abandon_rate", 0.01),
        ("p_wait", 0.015),
    ]:
        assert_matches(sim, name, exact[name], widest)
        assert even[name] == pytest.approx(exact[name], rel=0.02)  # within 1.2 % here
    assert_matches(sim, "occupancy", exact["busy_slots"] / (agents * k), widest=0.006)
    # without the slowdown the same team would answer far more
    no_slowdown = birth_death(rate, agents * k, lambda m: m / aht, 1 / patience)
    gap = no_slowdown["throughput_per_second"] - sim["throughput_per_second"]
    assert gap > 5 * sim["throughput_per_second_ci95"]


def _agent_loads(chats: pd.DataFrame) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per agent: change times and the number of chats held from each time on."""
    out = {}
    answered = chats[chats["outcome"] == "answered"]
    for agent, rows in answered.groupby("agent"):
        times = np.concatenate([rows["start_seconds"], rows["end_seconds"]])
        steps = np.concatenate([np.ones(len(rows)), -np.ones(len(rows))])
        order = np.lexsort((steps, times))  # ends before starts at equal times
        out[int(agent)] = (times[order], np.cumsum(steps[order]))
    return out


def test_each_chat_receives_exactly_its_work_at_load_dependent_speed() -> None:
    # remaining-work bookkeeping: integrate 1 / (1 + gamma (j - 1)) over the agent's load j
    gamma, k = 0.5, 3
    model = ChatModel(aht_seconds=120, max_concurrency=k, concurrency_slowdown=gamma)
    starts = pd.date_range(START, periods=4, freq="15min")
    chats = simulate_chats(
        starts, [60, 90, 40, 70], [2, 3, 1, 2], model, interval_minutes=15, seed=SEED
    )
    loads = _agent_loads(chats)
    answered = chats[chats["outcome"] == "answered"]
    assert len(answered) == len(chats) > 200
    for chat in answered.itertuples():
        times, held = loads[chat.agent]
        assert held.max() <= k
        done = 0.0
        for i in range(len(times) - 1):
            lo = max(times[i], chat.start_seconds)
            hi = min(times[i + 1], chat.end_seconds)
            if hi > lo:
                done += (hi - lo) / (1 + gamma * (held[i] - 1))
        assert done == pytest.approx(chat.work_seconds, rel=1e-9, abs=1e-9)


def test_arriving_chat_goes_to_the_least_loaded_agent() -> None:
    model = ChatModel(aht_seconds=300, max_concurrency=3, concurrency_slowdown=0.1)
    starts = pd.date_range(START, periods=2, freq="15min")
    chats = simulate_chats(starts, [30, 30], [6, 6], model, interval_minutes=15, seed=SEED)
    loads = _agent_loads(chats)
    served_at_once = chats[chats["start_seconds"] == chats["arrival_seconds"]]
    assert len(served_at_once) > 40
    for chat in served_at_once.itertuples():
        held = {}
        for agent in range(6):
            times, counts = loads.get(agent, (np.array([]), np.array([])))
            before = np.searchsorted(times, chat.start_seconds, side="left") - 1
            held[agent] = int(counts[before]) if before >= 0 else 0
        assert held[chat.agent] == min(held.values())


# --------------------------------------------------------------------------- intervals


def test_every_arrival_is_answered_or_abandoned_in_its_interval() -> None:
    model = ChatModel(
        aht_seconds=240, max_concurrency=3, concurrency_slowdown=0.1, patience_seconds=90
    )
    starts = pd.date_range(START, periods=6, freq="15min")
    result = simulate_intervals(
        starts,
        [50, 200, 120, 0, 80, 30],
        [3, 6, 0, 2, 4, 1],
        model,
        interval_minutes=15,
        replications=5,
        seed=SEED,
    )
    assert list(result.columns) == list(INTERVAL_COLUMNS)
    np.testing.assert_allclose(result["arrivals"], result["answered"] + result["abandoned"])
    assert (result["unanswered"] == 0).all()
    assert math.isnan(result.loc[3, "service_level"])  # no arrivals, no service level
    assert result.loc[3, "arrivals"] == 0
    assert result.loc[2, "answered"] < result.loc[2, "arrivals"]  # 0 agents: most leave


def test_chats_nobody_will_ever_answer_are_reported_unanswered() -> None:
    # the last interval has no agents and nobody abandons: its arrivals wait forever
    model = ChatModel(aht_seconds=120)
    starts = pd.date_range(START, periods=2, freq="15min")
    result = simulate_intervals(
        starts, [3, 20], [6, 0], model, interval_minutes=15, replications=3, seed=SEED
    )
    total = result["answered"] + result["abandoned"] + result["unanswered"]
    np.testing.assert_allclose(result["arrivals"], total)
    assert result.loc[1, "unanswered"] == result.loc[1, "arrivals"] > 0
    assert result.loc[1, "service_level"] == 0
    assert result.loc[0, "unanswered"] == 0  # the first team finished its own chats


def test_no_agents_and_no_patience_means_waiting_for_the_next_team() -> None:
    model = ChatModel(aht_seconds=120, max_concurrency=2, answer_within_seconds=30)
    starts = pd.date_range(START, periods=4, freq="15min")
    counts, agents = [30, 30, 30, 30], [3, 0, 0, 4]
    chats = simulate_chats(starts, counts, agents, model, interval_minutes=15, seed=SEED)
    staffed_again = 3 * 900.0
    idle = (chats["start_seconds"] >= 900.0) & (chats["start_seconds"] < staffed_again)
    assert not idle.any()  # nobody answers while nobody is on duty
    stranded = chats[(chats["arrival_seconds"] >= 900) & (chats["arrival_seconds"] < 2700)]
    assert len(stranded) > 20
    assert (stranded["start_seconds"] >= staffed_again).all()
    assert (chats["outcome"] == "answered").all()  # the 4 agents clear the backlog
    # the backlog starts the moment the team arrives: 4 agents x 2 slots at 45 min
    assert (chats["start_seconds"] == staffed_again).sum() == 8

    result = simulate_intervals(
        starts, counts, agents, model, interval_minutes=15, replications=4, seed=SEED
    )
    assert result.loc[1, "service_level"] == 0
    assert result.loc[1, "asa_seconds"] > 900  # waited at least until 18:45
    np.testing.assert_allclose(result["arrivals"], result["answered"])


def test_staffing_drop_lets_agents_finish_their_chats() -> None:
    model = ChatModel(aht_seconds=600, max_concurrency=2, concurrency_slowdown=0.1)
    starts = pd.date_range(START, periods=3, freq="15min")
    chats = simulate_chats(starts, [60, 60, 60], [4, 1, 1], model, interval_minutes=15, seed=SEED)
    answered = chats[chats["outcome"] == "answered"]
    assert (chats["outcome"] == "answered").all()
    open_at_drop = answered[(answered["start_seconds"] < 900) & (answered["end_seconds"] > 900)]
    assert open_at_drop["agent"].nunique() >= 3  # chats in progress on the leaving agents
    later = answered[answered["start_seconds"] >= 900]
    assert later["agent"].nunique() == 1  # only the remaining agent takes new chats
    assert not later["agent"].isin(set(open_at_drop["agent"]) - set(later["agent"])).any()
    loads = _agent_loads(chats)
    for _times, held in loads.values():
        assert held.max() <= 2


def test_occupancy_counts_only_the_chats_the_intervals_agents_hold() -> None:
    """At a staffing drop the leaving agents finish their chats after their shift: busy
    time, but not the remaining agents' load, so occupancy stays a share of their slots."""
    model = ChatModel(aht_seconds=600, max_concurrency=2, concurrency_slowdown=0.1)
    starts = pd.date_range(START, periods=4, freq="15min")
    out = simulate_intervals(
        starts, [60, 60, 2, 2], [4, 4, 1, 1], model, interval_minutes=15, replications=5
    )
    slots = out["agents"] * model.max_concurrency
    drop = out.iloc[2]
    assert drop["busy_slots"] > slots.iloc[2]  # the leaving agents' chats still run
    assert (out["occupancy"] <= 1.0 + 1e-12).all()
    assert drop["occupancy"] > 0.5  # the one agent left is busy with the backlog
    steady = out.iloc[:2]  # no drop: every chat in service is on the interval's agents
    np.testing.assert_allclose(steady["occupancy"], steady["busy_slots"] / slots.iloc[:2])


def test_abandoned_chats_count_their_wait_in_asa() -> None:
    # nobody on duty: everyone leaves after Exp(60 s) patience, so ASA = 60 s
    model = ChatModel(aht_seconds=300, patience_seconds=60)
    starts = pd.date_range(START, periods=2, freq="15min")
    result = simulate_intervals(
        starts, [200, 200], [0, 0], model, interval_minutes=15, replications=10, seed=SEED
    )
    assert (result["abandon_rate"] == 1).all()
    assert (result["service_level"] == 0).all()
    for row in result.itertuples():
        assert abs(row.asa_seconds - 60) <= 1.5 * row.asa_seconds_ci95
        assert row.asa_seconds_ci95 < 6
    assert result["asa_answered_seconds"].isna().all()


def test_rate_callable_spike_gives_arrivals_matching_its_integral() -> None:
    base, opens, decay, minutes = 0.1, 1800.0, 300.0, 15

    def rate(t: float) -> float:
        return base * (1 + 5 * math.exp(-(t - opens) / decay)) if t >= opens else base

    edges = np.arange(7) * minutes * 60.0
    spike = (
        5
        * base
        * decay
        * (
            np.exp(-np.clip(edges[:-1] - opens, 0, None) / decay)
            - np.exp(-np.clip(edges[1:] - opens, 0, None) / decay)
        )
    )
    expected = base * minutes * 60 + spike
    assert expected[2] / expected[1] > 2.5  # the 6x jump decays inside the 20:00 interval
    model = ChatModel(aht_seconds=60, max_concurrency=3)
    replications = 40
    starts = pd.date_range(START, periods=6, freq="15min")
    result = simulate_intervals(
        starts,
        None,
        [10] * 6,
        model,
        interval_minutes=minutes,
        replications=replications,
        seed=SEED,
        rate=rate,
        rate_max=6 * base,
    )
    np.testing.assert_allclose(result["expected_arrivals"], expected, rtol=1e-3)
    # Poisson counts: standard error of the mean sqrt(expected / R); 3.5 of them
    tolerance = 3.5 * np.sqrt(expected / replications)
    assert (np.abs(result["arrivals"] - expected) <= tolerance).all()
    # inside the spike interval arrivals come early: the rate puts the median at 4.5 min
    # (0.1 t + 150 (1 - exp(-t / 300)) = 232.5 / 2), a constant rate would put it at 7.5
    chats = simulate_chats(
        starts,
        None,
        [10] * 6,
        model,
        interval_minutes=minutes,
        seed=SEED,
        rate=rate,
        rate_max=6 * base,
    )
    in_spike = chats.loc[chats["interval_start"] == starts[2], "arrival_seconds"] - opens
    assert 3.5 * 60 < in_spike.median() < 6 * 60


def test_rate_above_its_bound_is_rejected() -> None:
    starts = pd.date_range(START, periods=2, freq="15min")
    with pytest.raises(ValueError, match=r"rate\(t\) must be in \[0, rate_max = 0.1\]"):
        simulate_intervals(
            starts,
            None,
            [3, 3],
            ChatModel(aht_seconds=60),
            interval_minutes=15,
            replications=1,
            rate=lambda t: 0.5,
            rate_max=0.1,
        )


def test_same_seed_same_frame_and_replications_are_independent_streams() -> None:
    model = ChatModel(
        aht_seconds=300, max_concurrency=3, concurrency_slowdown=0.1, patience_seconds=180
    )
    starts = pd.date_range(START, periods=4, freq="15min")
    args = (starts, [80, 300, 150, 90], [5, 12, 8, 5], model)
    one = simulate_intervals(*args, interval_minutes=15, replications=3, seed=7)
    two = simulate_intervals(*args, interval_minutes=15, replications=3, seed=7)
    pd.testing.assert_frame_equal(one, two)
    other = simulate_intervals(*args, interval_minutes=15, replications=3, seed=8)
    assert not one["arrivals"].equals(other["arrivals"])
    # replication r of any run is simulate_chats(replication=r)
    per_rep = [
        simulate_chats(*args, interval_minutes=15, seed=7, replication=r)
        .groupby("interval_start")
        .size()
        .reindex(starts, fill_value=0)
        .to_numpy()
        for r in range(2)
    ]
    two_reps = simulate_intervals(*args, interval_minutes=15, replications=2, seed=7)
    np.testing.assert_allclose(two_reps["arrivals"], np.mean(per_rep, axis=0))


@pytest.mark.parametrize(
    ("arrivals", "agents", "message"),
    [
        (
            [10, -3, 10],
            [2, 2, 2],
            "arrivals must be non-negative numbers, got -3 at 2025-11-10 18:15",
        ),
        (
            [10, 10, 10],
            [2, -1, 2],
            "agents must be non-negative integers, got -1 at 2025-11-10 18:15",
        ),
        (
            [10, 10, 10],
            [2, 2, 2.5],
            "agents must be non-negative integers, got 2.5 at 2025-11-10 18:30",
        ),
        ([10, 10, float("nan")], [2, 2, 2], "arrivals must be non-negative numbers, got nan"),
        ([10, 10], [2, 2, 2], r"arrivals must have one value per interval \(3\), got 2"),
    ],
)
def test_bad_interval_inputs_are_named(
    arrivals: list[float], agents: list[float], message: str
) -> None:
    starts = pd.date_range(START, periods=3, freq="15min")
    with pytest.raises(InputDataError, match=message):
        simulate_intervals(
            starts,
            arrivals,
            agents,
            ChatModel(aht_seconds=300),
            interval_minutes=15,
            replications=1,
        )


def test_irregular_grid_and_bad_model_are_rejected() -> None:
    starts = pd.DatetimeIndex(["2025-11-10 20:00", "2025-11-10 20:15", "2025-11-10 20:45"])
    with pytest.raises(
        InputDataError, match="regular 15-minute grid, got a 30-minute step after 2025-11-10 20:15"
    ):
        simulate_intervals(
            starts,
            [1, 1, 1],
            [1, 1, 1],
            ChatModel(aht_seconds=300),
            interval_minutes=15,
            replications=1,
        )
    with pytest.raises(ValueError, match="max_concurrency must be an integer >= 1, got 0"):
        ChatModel(aht_seconds=300, max_concurrency=0)
    with pytest.raises(ValueError, match="aht_seconds must be a positive number, got -5"):
        ChatModel(aht_seconds=-5)
    with pytest.raises(ValueError, match="patience_seconds must be a positive number or None"):
        ChatModel(aht_seconds=300, patience_seconds=0)
    assert ChatModel(aht_seconds=300, patience_seconds=math.inf).patience_seconds is None


# --------------------------------------------------------------------------- requirements


def _requirements(config_queues: tuple[str, ...] = ("presale", "aftersale")) -> pd.DataFrame:
    starts = pd.date_range("2025-11-10 19:30", periods=6, freq="15min")
    rows = []
    for queue, level, aht in zip(config_queues, (120.0, 40.0), (360.0, 546.0), strict=True):
        agents = math.ceil(level / 900 * aht * 1.2 / 3 / 0.8)  # staffed for the base level
        for i, when in enumerate(starts):
            inquiries = level * (3 if i == 2 else 1)  # a wave opens at 20:00
            rows.append(
                {
                    "interval_start": when,
                    "queue": queue,
                    "inquiries": inquiries / 0.7,
                    "human_inquiries": inquiries,
                    "aht_seconds": aht,
                    "agents": agents,
                }
            )
    return pd.DataFrame(rows).sample(frac=1, random_state=3).reset_index(drop=True)


def test_simulate_requirements_returns_the_contract_columns_row_for_row() -> None:
    config = load_config()
    requirements = _requirements()
    messages: list[str] = []
    out = simulate_requirements(
        requirements, config, replications=3, seed=SEED, progress=messages.append
    )
    contract = [
        "interval_start",
        "queue",
        "arrivals",
        "service_level",
        "asa_seconds",
        "abandon_rate",
    ]
    assert list(out.columns[:6]) == contract
    assert {"agents", "occupancy", "service_level_std", "service_level_ci95"} <= set(out.columns)
    assert len(out) == len(requirements)
    pd.testing.assert_series_equal(out["interval_start"], requirements["interval_start"])
    pd.testing.assert_series_equal(out["queue"], requirements["queue"])
    assert (out["agents"] == requirements["agents"]).all()
    assert out["service_level"].between(0, 1).all()
    assert (out["abandon_rate"] > 0).any()  # both sample queues are erlang_a
    assert len(messages) == 2 and "presale" in messages[0] + messages[1]

    # a roster's scheduled agents replace the requirement; erlang_c means nobody abandons
    roster = requirements[["interval_start", "queue"]].assign(scheduled=1)
    erlang_c = config.with_overrides({"presale.model": "erlang_c"})
    thin = simulate_requirements(requirements, erlang_c, agents=roster, replications=2, seed=1)
    assert (thin["agents"] == 1).all()
    presale = thin[thin["queue"] == "presale"]
    assert (presale["abandon_rate"] == 0).all()
    assert presale["asa_seconds"].mean() > out.loc[out["queue"] == "presale", "asa_seconds"].mean()


def test_one_agent_at_ten_percent_shrinkage_is_on_chat_nine_tenths_of_the_time() -> None:
    """A small shop: one agent present at 10 % shrinkage is 0.9 agents on chat. Rounded
    down that was nobody and every open interval simulated at 0 % (an outside reviewer's
    tea shop: 594 intervals, 3,431 chats). Fractional staffing now gives one more agent
    in that share of the replications, drawn per interval; whole staffing draws exactly
    as before."""
    config = load_config()
    starts = pd.date_range("2025-10-27 09:00", periods=32, freq="15min")
    requirements = pd.DataFrame(
        {
            "interval_start": starts,
            "queue": "aftersale",
            "human_inquiries": 1.6,
            "aht_seconds": 546.0,
            "agents": 1,
        }
    )
    whole = simulate_requirements(requirements, config, replications=40, seed=SEED)
    roster = requirements[["interval_start", "queue"]].assign(agents=0.9)
    part = simulate_requirements(
        requirements, config, agents=roster, replications=40, seed=SEED, fractional=True
    )
    assert (part["agents"] == 0.9).all()
    one = (whole["service_level"] * whole["arrivals"]).sum() / whole["arrivals"].sum()
    nine = (part["service_level"] * part["arrivals"]).sum() / part["arrivals"].sum()
    assert 0.75 * one < nine < one  # about 0.9 of it (chats of an empty interval wait on)
    with pytest.raises(InputDataError, match="agents must be non-negative integers, got 0.9"):
        simulate_requirements(requirements, config, agents=roster, replications=1)
    # whole staffing: fractional=True changes nothing
    same = simulate_requirements(requirements, config, replications=40, seed=SEED, fractional=True)
    pd.testing.assert_frame_equal(same, whole)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="aht_seconds"), "requirements is missing column 'aht_seconds'"),
        (lambda f: f.drop(columns="agents"), "requirements is missing column 'agents'"),
        (
            lambda f: f.assign(queue=f["queue"].replace("aftersale", "vip")),
            "unknown queue 'vip'; plan.toml defines \\['aftersale', 'presale'\\]",
        ),
        (
            lambda f: f.assign(agents=f["agents"].where(f.index != 0, -1)),
            "queue '.*': agents must be non-negative integers, got -1 at",
        ),
        (
            lambda f: f.assign(human_inquiries=f["human_inquiries"].where(f.index != 0, -2.0)),
            "queue '.*': human_inquiries must be non-negative numbers, got -2 at",
        ),
        (
            lambda f: f[(f["queue"] != "presale") | (f["interval_start"] != "2025-11-10 20:00")],
            "queue 'presale': interval_start must be a regular 15-minute grid, got a 30-minute "
            "step after 2025-11-10 19:45",
        ),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "more than one row for queue"),
    ],
)
def test_bad_requirements_raise_input_data_error_naming_the_problem(
    change: Callable[[pd.DataFrame], pd.DataFrame], message: str
) -> None:
    with pytest.raises(InputDataError, match=message):
        simulate_requirements(change(_requirements()), load_config(), replications=1)


def test_agents_frame_must_cover_every_interval() -> None:
    requirements = _requirements()
    roster = requirements[["interval_start", "queue", "agents"]].iloc[1:]
    with pytest.raises(InputDataError, match="agents has no staffing for queue '.*' at 2025-11-10"):
        simulate_requirements(requirements, load_config(), agents=roster, replications=1)
    with pytest.raises(InputDataError, match="agents is missing column 'agents'"):
        simulate_requirements(
            requirements, load_config(), agents=roster.drop(columns="agents"), replications=1
        )
