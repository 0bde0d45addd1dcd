"""Queueing formulas: published golden values, exact limits, a brute-force chain, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

from forecaster.erlang import (
    chat_queue,
    erlang_b,
    erlang_c,
    erlang_c_asa,
    erlang_c_service_level,
    log_s,
    required_agents,
    required_staffing,
    service_rate,
)

# 100 chats per 30 minutes, AHT 180 s: 10 Erlangs. The worked example of the Erlang C formula
# in call-centre texts (e.g. callcentrehelper.com "Erlang C formula – made simple", Koole's
# "Call Center Optimization" ch. 3): 14 agents give P(wait) 0.1741, SL(20 s) 0.8884, ASA 7.84 s.
LAMBDA = 100 / 1800


def test_erlang_c_golden_values() -> None:
    m = chat_queue(LAMBDA, [11, 14], 180, answer_within_seconds=20)
    assert m.p_wait[0] == pytest.approx(0.6821, abs=5e-5)
    assert m.p_wait[1] == pytest.approx(0.1741, abs=5e-5)
    assert m.service_level[1] == pytest.approx(0.8884, abs=5e-5)
    assert m.asa_seconds[1] == pytest.approx(7.84, abs=5e-3)
    assert erlang_c(14, 10) == pytest.approx(0.1741, abs=5e-5)
    assert erlang_c_service_level(14, 10, 180, 20) == pytest.approx(0.8884, abs=5e-5)
    assert erlang_c_asa(14, 10, 180) == pytest.approx(7.84, abs=5e-3)
    agents, metrics = required_agents(LAMBDA, 180, service_level=0.8, answer_within_seconds=20)
    assert int(agents) == 14 and float(metrics.service_level) == pytest.approx(0.8884, abs=5e-5)


def test_erlang_b_golden_values() -> None:
    """Erlang B tables (e.g. the ITU-T / Siemens traffic tables): 10 Erl at 2 % blocking
    needs 17 lines; 15 lines at 1 % blocking carry 8.108 Erl."""
    assert erlang_b(17, 10) <= 0.02 < erlang_b(16, 10)
    assert erlang_b(15, 8.108) == pytest.approx(0.01, abs=2e-5)
    assert erlang_b(0, 3.0) == 1.0 and erlang_b(5, 0.0) == 0.0


def test_stable_at_five_thousand_erlangs() -> None:
    rate = 5000 / 300
    agents, m = required_agents(rate, 300, service_level=0.8, answer_within_seconds=20)
    assert 5000 < int(agents) < 5100  # square-root staffing: a + β·√a with β ≈ 1
    assert np.isfinite([m.p_wait, m.service_level, m.asa_seconds]).all()
    assert erlang_b(5200, 5000) == pytest.approx(float(erlang_b(5200, 5000.0)))
    a_agents, a = required_agents(
        rate, 300, service_level=0.8, patience_seconds=120, max_concurrency=3, slowdown=0.1
    )
    assert np.isfinite([a.service_level, a.abandon_rate, a.occupancy]).all()
    assert 0 < int(a_agents) < 2500


def test_infinite_patience_is_erlang_c_and_long_patience_converges() -> None:
    c = chat_queue(LAMBDA, 14, 180, answer_within_seconds=20)
    inf = chat_queue(LAMBDA, 14, 180, answer_within_seconds=20, patience_seconds=np.inf)
    for field in ("p_wait", "service_level", "asa_seconds", "abandon_rate"):
        assert getattr(inf, field) == getattr(c, field)
    near = chat_queue(LAMBDA, 14, 180, answer_within_seconds=20, patience_seconds=1e7)
    assert float(near.service_level) == pytest.approx(float(c.service_level), abs=1e-5)
    assert float(near.asa_seconds) == pytest.approx(float(c.asa_seconds), rel=1e-4)


def test_no_slowdown_equals_n_times_k_servers_exactly() -> None:
    for patience in (np.inf, 120.0):
        a = chat_queue(LAMBDA * 3, 5, 180, max_concurrency=3, patience_seconds=patience)
        b = chat_queue(LAMBDA * 3, 15, 180, max_concurrency=1, patience_seconds=patience)
        for field in ("p_wait", "service_level", "asa_seconds", "abandon_rate", "occupancy"):
            assert float(getattr(a, field)) == pytest.approx(float(getattr(b, field)), rel=1e-9)


def _brute_force(
    lam: float, n: int, aht: float, k: int, gamma: float, patience: float, t: float
) -> dict[str, float]:
    """Truncated birth-death chain on chats in system, and the service level from the tagged
    customer's position process by matrix exponentials: an independent computation."""
    theta = 1 / patience
    slots = n * k
    top = slots + 200
    m = np.arange(top + 1)
    death = np.array(
        [
            float(
                service_rate(np.array(min(i, slots)), np.array(n), np.array(aht), np.array(gamma))
            )
            + max(i - slots, 0) * theta
            for i in m
        ]
    )
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death[1:]))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    p_wait = pi[slots:].sum()
    queue = (np.maximum(m - slots, 0) * pi).sum()
    abandon = theta * queue / lam
    mu_full = death[slots]
    answered = 1 - p_wait
    # a customer arriving with j ahead: states j..0 ahead, then served (absorbing), or gone
    for j in range(0, top - slots):
        if pi[slots + j] < 1e-14:
            continue
        size = j + 3  # positions j..0, served, abandoned
        q = np.zeros((size, size))
        for pos in range(j + 1):  # state index pos holds (j - pos) ahead
            ahead = j - pos
            move = mu_full + ahead * theta
            nxt = pos + 1 if ahead > 0 else j + 1  # the served state
            q[pos, nxt] += move
            q[pos, j + 2] += theta
            q[pos, pos] -= move + theta
        answered += pi[slots + j] * expm(q * t)[0, j + 1]
    in_service = (np.minimum(m, slots) * pi).sum()
    return {
        "p_wait": p_wait,
        "abandon_rate": abandon,
        "asa_seconds": queue / lam,
        "service_level": answered,
        "occupancy": in_service / slots,
    }


@pytest.mark.parametrize(
    ("lam", "n", "k", "gamma", "patience"),
    [
        (LAMBDA, 9, 1, 0.0, 180.0),  # Erlang A, overloaded without abandonment
        (LAMBDA * 1.2, 12, 1, 0.0, 60.0),
        (LAMBDA * 3, 4, 3, 0.10, 180.0),  # chat: concurrency and slowdown
        (LAMBDA * 4, 6, 4, 0.15, 300.0),
    ],
)
def test_chat_model_matches_brute_force_chain(
    lam: float, n: int, k: int, gamma: float, patience: float
) -> None:
    got = chat_queue(
        lam,
        n,
        180,
        max_concurrency=k,
        slowdown=gamma,
        patience_seconds=patience,
        answer_within_seconds=20,
    )
    want = _brute_force(lam, n, 180, k, gamma, patience, 20)
    for field, value in want.items():
        assert float(getattr(got, field)) == pytest.approx(value, rel=1e-6, abs=1e-9), field


def test_log_s_matches_its_series_in_both_regimes() -> None:
    a = np.array([3.0, 50.0, 5000.0, 5000.0, 40000.0])
    z = np.array([2.0, 70.0, 4000.0, 4900.0, 100.0])
    want = []
    for aa, zz in zip(a, z, strict=True):
        term, total, j = 1 / aa, 1 / aa, 0
        while term > 1e-18 * total:
            j += 1
            term *= zz / (aa + j)
            total += term
        want.append(np.log(total))
    np.testing.assert_allclose(log_s(a, z), want, rtol=1e-9)


def test_required_agents_is_the_fewest_meeting_every_target() -> None:
    rates = np.array([0.0, 0.01, 0.2, 1.5, 6.0])
    kwargs = dict(
        service_level=0.8,
        answer_within_seconds=30,
        max_concurrency=3,
        slowdown=0.1,
        patience_seconds=180,
        max_occupancy=0.85,
        max_abandon_rate=0.05,
    )
    agents, m = required_agents(rates, 300, min_agents=[0, 2, 0, 0, 0], **kwargs)
    assert agents[0] == 0 and agents[1] == 2  # no arrivals: the floor only
    for i in range(2, len(rates)):
        assert m.service_level[i] >= 0.8 and m.abandon_rate[i] <= 0.05
        assert m.occupancy[i] <= 0.85
        fewer = chat_queue(
            rates[i],
            agents[i] - 1,
            300,
            max_concurrency=3,
            slowdown=0.1,
            patience_seconds=180,
            answer_within_seconds=30,
        )
        assert fewer.service_level < 0.8 or fewer.abandon_rate > 0.05 or fewer.occupancy > 0.85, i


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.001, 3.0),
    agents=st.integers(1, 60),
    k=st.integers(1, 4),
    gamma=st.floats(0.0, 0.3),
    patience=st.one_of(st.just(float("inf")), st.floats(20.0, 900.0)),
)
def test_more_agents_never_hurt(
    rate: float, agents: int, k: int, gamma: float, patience: float
) -> None:
    m = chat_queue(
        rate,
        [agents, agents + 1],
        300,
        max_concurrency=k,
        slowdown=gamma,
        patience_seconds=patience,
    )
    assert m.service_level[1] >= m.service_level[0] - 1e-9
    assert m.abandon_rate[1] <= m.abandon_rate[0] + 1e-9
    assert m.p_wait[1] <= m.p_wait[0] + 1e-9
    assert m.asa_seconds[1] <= m.asa_seconds[0] + 1e-6 or np.isinf(m.asa_seconds[0])
    assert 0 <= m.service_level[0] <= 1 and 0 <= m.occupancy[0] <= 1


CHAT = dict(answer_within_seconds=30, max_concurrency=3, slowdown=0.1, patience_seconds=180)


def test_binding_labels_on_constructed_cases() -> None:
    # a tiny load needs one agent; a floor of 3 decides
    tiny = required_staffing(0.001, 300, service_level=0.8, min_agents=3, **CHAT)
    assert tiny.agents == 3 and tiny.binding == "min_agents"
    # no arrivals: the floor if any, else nothing decided
    idle = required_staffing([0.0, 0.0], 300, min_agents=[2, 0], **CHAT)
    assert list(idle.agents) == [2, 0] and list(idle.binding) == ["min_agents", "none"]
    # a huge load with a loose service level: the occupancy cap decides
    busy = required_staffing(5.0, 300, service_level=0.05, max_occupancy=0.7, **CHAT)
    assert busy.binding == "occupancy"
    assert busy.metrics.occupancy <= 0.7 and busy.metrics.service_level > 0.5
    # no caps: the service level decides
    plain = required_staffing(1.0, 300, service_level=0.8, **CHAT)
    assert plain.binding == "service_level"
    # a floor equal to what the service level needs: a tie goes to the service level
    tie = required_staffing(1.0, 300, service_level=0.8, min_agents=plain.agents, **CHAT)
    assert tie.agents == plain.agents and tie.binding == "service_level"


def test_abandonment_cap_binds_on_a_campaign_night_only_when_set() -> None:
    """3,000 human chats in the 20:00 quarter-hour, no occupancy cap: at its service-level
    staffing over 5 % leave, so a 5 % cap adds agents the 80 % target does not need."""
    rate = 3000 / 900.0
    free = required_staffing(rate, 360, service_level=0.8, **CHAT)
    capped = required_staffing(rate, 360, service_level=0.8, max_abandon_rate=0.05, **CHAT)
    assert free.binding == "service_level" and free.metrics.abandon_rate > 0.05
    assert capped.binding == "abandonment" and capped.metrics.abandon_rate <= 0.05
    assert capped.agents > free.agents * 1.03
    agents, _ = required_agents(rate, 360, service_level=0.8, **CHAT)
    assert agents == free.agents  # required_agents: the same staffing without the labels


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.0, 4.0),
    target=st.floats(0.05, 0.95),
    occupancy=st.floats(0.5, 1.0),
    abandon=st.floats(0.01, 1.0),
    floor=st.integers(0, 5),
    k=st.integers(1, 4),
)
def test_more_caps_never_lower_agents_and_the_label_is_the_one_that_fails_below(
    rate: float, target: float, occupancy: float, abandon: float, floor: int, k: int
) -> None:
    chat = {**CHAT, "max_concurrency": k}
    plain = required_staffing(rate, 300, service_level=target, **chat)
    one = required_staffing(rate, 300, service_level=target, max_abandon_rate=abandon, **chat)
    both = required_staffing(
        rate,
        300,
        service_level=target,
        max_abandon_rate=abandon,
        max_occupancy=occupancy,
        min_agents=floor,
        **chat,
    )
    assert plain.agents <= one.agents <= both.agents
    assert both.agents >= floor
    label = str(both.binding)
    if rate == 0:
        assert label == ("min_agents" if floor else "none")
        return
    fewer = chat_queue(rate, both.agents - 1, 300, **chat)
    fails = {
        "service_level": bool(fewer.service_level < target - 1e-12),
        "occupancy": bool(fewer.occupancy > occupancy + 1e-12),
        "abandonment": bool(fewer.abandon_rate > abandon + 1e-12),
    }
    if label == "min_agents":
        assert both.agents == floor and not any(fails.values())
    else:
        assert fails[label]
        earlier = list(fails)[: list(fails).index(label)]
        assert not any(fails[name] for name in earlier)  # ties: service level first
