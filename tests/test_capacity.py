"""Capacity: quantile, bot deflection, shrinkage, service hours, time-varying correction."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecaster.capacity import (
    REQUIREMENT_COLUMNS,
    check_forecast,
    daily_requirements,
    explain_interval,
    modified_offered_load,
    outside_service_hours,
    requirements,
)
from forecaster.config import load_config
from forecaster.errors import ConfigError, InputDataError

CONFIG = load_config(None)


def flat_forecast(
    values: list[float], queue: str = "presale", start: str = "2025-11-10 08:00"
) -> pd.DataFrame:
    stamps = pd.date_range(start, periods=len(values), freq="15min")
    v = np.asarray(values, dtype=float)
    return pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": queue,
            "mean": v,
            "p10": v * 0.8,
            "p50": v,
            "p80": v * 1.1,
            "p90": v * 1.2,
            "p95": v * 1.3,
        }
    )


def test_contract_columns_and_the_chain_of_factors() -> None:
    config = CONFIG.with_overrides(
        {"presale.bot_resolution": 0.3, "presale.bot_aht_uplift": 0.2, "presale.shrinkage": 0.3}
    )
    req = requirements(flat_forecast([200.0] * 8), config)
    assert list(req.columns[: len(REQUIREMENT_COLUMNS)]) == list(REQUIREMENT_COLUMNS)
    row = req.iloc[3]
    assert row["inquiries"] == pytest.approx(220.0)  # p80 = 1.1 × mean
    assert row["human_inquiries"] == pytest.approx(220.0 * 0.7)
    assert row["aht_seconds"] == pytest.approx(300 * 1.2)
    assert row["headcount"] == int(np.ceil(row["agents"] / 0.7))
    assert row["service_level"] >= 0.8 and row["abandon_rate"] <= 0.05
    assert row["occupancy"] <= 0.85


def test_cli_quantile_overrides_every_queue() -> None:
    f = pd.concat([flat_forecast([100.0] * 4), flat_forecast([100.0] * 4, "aftersale")])
    p95 = requirements(f, CONFIG, quantile="p95")
    assert np.allclose(p95["inquiries"], 130.0)
    with pytest.raises(ConfigError, match="quantile must be one of"):
        requirements(f, CONFIG, quantile="p99")


def test_closed_hours_have_no_agents_and_open_hours_the_floor() -> None:
    req = requirements(flat_forecast([0.0] * 8 + [5.0] * 8, start="2025-11-10 06:00"), CONFIG)
    early = req[req["interval_start"] < "2025-11-10 08:00"]
    assert (early["agents"] == 0).all() and early["service_level"].isna().all()
    later = req[req["interval_start"] >= "2025-11-10 08:00"]
    assert (later["agents"] >= CONFIG.queues["presale"].min_agents).all()


def test_unknown_queue_and_bad_cells_are_clear_errors() -> None:
    with pytest.raises(
        ConfigError, match=r"forecast has queue 'vip' but the config has no \[queues.vip\] table"
    ):
        requirements(flat_forecast([10.0], "vip"), CONFIG)
    bad = flat_forecast([10.0, 12.0]).astype({"p80": object})
    bad.loc[1, "p80"] = "-3"
    with pytest.raises(InputDataError, match=r"forecast row 3, column p80: must be a non-negative"):
        check_forecast(bad)


def test_modified_offered_load_lags_a_step_and_conserves_work() -> None:
    rate = np.array([0.0] * 4 + [1.0] * 8 + [0.0] * 12)
    m = modified_offered_load(rate, 900.0, 400.0)
    assert m[3] == 0 and 0 < m[4] < 400  # rising: lags behind λ·D
    assert m[11] == pytest.approx(400.0, rel=1e-3)  # steady state λ·D
    assert m[12] > 0  # chats still open after arrivals stop
    # every arrival's chat time is counted once: Σ m̄·Δ = Σ λ·Δ·D (to the tail's decay)
    assert (m * 900).sum() == pytest.approx((rate * 900).sum() * 400, rel=1e-3)


def test_time_varying_correction_follows_the_chats_in_the_system() -> None:
    """Never below the interval's own arrivals (the opening is staffed for what arrives);
    after the spike, chats opened earlier are still open: more agents than arrivals alone."""
    values = [100.0] * 8 + [700.0] + [300.0, 150.0] + [100.0] * 8
    f = flat_forecast(values, start="2025-11-10 18:00")
    tv = requirements(f, CONFIG).set_index("interval_start")["agents"]
    sipp = requirements(f, CONFIG, time_varying=False).set_index("interval_start")["agents"]
    assert (tv >= sipp).all()
    assert tv["2025-11-10 20:00"] == sipp["2025-11-10 20:00"]
    assert tv["2025-11-10 20:15"] > sipp["2025-11-10 20:15"]
    assert tv["2025-11-10 19:00"] == sipp["2025-11-10 19:00"]  # steady: no correction


@settings(max_examples=30, deadline=None)
@given(
    volume=st.floats(1.0, 3000.0),
    low=st.floats(0.0, 0.6),
    extra=st.floats(0.0, 0.3),
)
def test_more_shrinkage_never_lowers_headcount(volume: float, low: float, extra: float) -> None:
    f = flat_forecast([volume] * 3)
    a = requirements(f, CONFIG.with_overrides({"shrinkage": low}))
    b = requirements(f, CONFIG.with_overrides({"shrinkage": min(low + extra, 0.95)}))
    assert (b["headcount"].to_numpy() >= a["headcount"].to_numpy()).all()
    assert (b["agents"].to_numpy() == a["agents"].to_numpy()).all()


@settings(max_examples=30, deadline=None)
@given(volume=st.floats(1.0, 3000.0), low=st.floats(0.0, 0.7), extra=st.floats(0.0, 0.25))
def test_more_bot_resolution_never_raises_agents(volume: float, low: float, extra: float) -> None:
    """Deflection from b to b' > b cannot need more agents, from no bot at all too."""
    f = flat_forecast([volume] * 3)
    a = requirements(f, CONFIG.with_overrides({"bot_resolution": low}))
    b = requirements(f, CONFIG.with_overrides({"bot_resolution": min(low + extra, 0.95)}))
    assert (b["agents"].to_numpy() <= a["agents"].to_numpy()).all()


def test_bot_uplift_never_adds_human_work() -> None:
    from forecaster.capacity import effective_uplift

    assert effective_uplift(0.0, 0.2) == 0.0
    assert effective_uplift(0.05, 0.2) == pytest.approx(0.05 / 0.95)  # capped
    assert effective_uplift(0.3, 0.2) == 0.2  # the configured uplift
    for b in np.linspace(0, 0.9, 19):
        assert (1 - b) * (1 + effective_uplift(float(b), 0.4)) <= 1 + 1e-12


def test_infinite_cells_and_a_resolution_other_than_the_config_are_refused() -> None:
    bad = flat_forecast([10.0, 12.0])
    bad.loc[1, "p80"] = float("inf")
    with pytest.raises(InputDataError, match=r"row 3, column p80: must be a non-negative number"):
        requirements(bad, CONFIG)
    hourly = flat_forecast([10.0] * 4)
    hourly["interval_start"] = pd.date_range("2025-11-10 08:00", periods=4, freq="60min")
    with pytest.raises(
        InputDataError,
        match=r"60-minute intervals, coarser than the config's interval_minutes = 15",
    ):
        requirements(hourly, CONFIG)


def test_simulated_chats_outside_service_hours_stay_with_the_bot() -> None:
    from forecaster.simulate import simulate_requirements

    f = flat_forecast([40.0] * 12, start="2025-11-10 06:00")  # presale opens at 08:00
    req = requirements(f, CONFIG)
    sim = simulate_requirements(req, CONFIG, replications=2)
    early = sim["interval_start"] < pd.Timestamp("2025-11-10 08:00")
    assert (sim.loc[early, "arrivals"] == 0).all()
    assert (sim.loc[~early, "arrivals"] > 0).all()


# --------------------------------------------------------------------------- binding, phases


PEAK_CALENDAR = pd.DataFrame(
    {
        "event": ["双11 2025", "双11 2025"],
        "phase": ["wave", "peak_day"],
        "start": ["2025-10-31 20:00", "2025-11-11 00:00"],
        "end": ["2025-11-11 23:59", "2025-11-11 23:59"],
    }
)


def test_abandonment_cap_binds_on_a_campaign_night_only_when_set() -> None:
    """A 20:00 wave opening with no occupancy cap (staffed to the service level alone):
    the abandonment cap decides intervals only when the plan sets it."""
    night = flat_forecast([400.0, 4000.0, 3000.0, 2000.0, 1500.0], start="2025-11-10 19:45")
    free = CONFIG.with_overrides({"presale.max_occupancy": 1.0})
    capped = free.with_overrides({"presale.max_abandon_rate": 0.05})
    a, b = requirements(night, free), requirements(night, capped)
    assert "abandonment" not in set(a["binding"]) and set(a["binding"]) == {"service_level"}
    assert (a["abandon_rate"] > 0.05).any()  # what the cap would have bought
    assert "abandonment" in set(b["binding"]) and (b["abandon_rate"] <= 0.05 + 1e-9).all()
    assert (b["agents"] >= a["agents"]).all() and b["agents"].sum() > a["agents"].sum() * 1.03


def test_binding_column_says_what_decided_each_interval() -> None:
    f = flat_forecast([0.0, 0.0, 0.1, 0.1, 6000.0, 6000.0], start="2025-11-10 07:30")
    config = CONFIG.with_overrides({"presale.service_level": 0.05, "presale.max_occupancy": 0.6})
    req = requirements(f, config)
    assert list(req["binding"]) == [
        "closed",  # 07:30, before the 08:00 opening
        "closed",
        "min_agents",  # a tiny load: the floor of 2
        "min_agents",
        "occupancy",  # a huge load with a loose service level
        "occupancy",
    ]
    assert req.columns[len(REQUIREMENT_COLUMNS)] == "binding"  # after the contract columns
    # served slots (a mean above 0) whose staffed quantile is 0, with no floor
    zero = flat_forecast([0.0, 0.0]).assign(mean=0.01)
    zero = requirements(zero, CONFIG.with_overrides({"min_agents": 0}))
    assert list(zero["binding"]) == ["none", "none"] and (zero["agents"] == 0).all()


def test_slots_the_forecast_has_closed_are_not_staffed_inside_service_hours() -> None:
    """A shop closed on Saturdays: its forecast is 0 in every column there (the forecast's
    closed slots), so the floor of min_agents does not sit through the empty day, and a
    note says which slots."""
    friday = flat_forecast([40.0] * 64, start="2025-11-07 08:00")  # 08:00-24:00
    saturday = flat_forecast([0.0] * 64, start="2025-11-08 08:00")
    sunday = flat_forecast([0.0] * 32 + [0.01] + [0.0] * 31, start="2025-11-09 08:00")
    f = pd.concat([friday, saturday, sunday], ignore_index=True)
    notes: list[str] = []
    req = requirements(f, CONFIG, progress=notes.append)
    day = req["interval_start"].dt.date.astype(str)
    assert (req.loc[day == "2025-11-08", "binding"] == "closed").all()
    assert (req.loc[day == "2025-11-08", "agents"] == 0).all()
    assert not req.loc[day == "2025-11-08", "open"].any()
    # one served slot (a mean above 0) keeps the floor; Friday is staffed as before
    assert req.loc[req["interval_start"] == pd.Timestamp("2025-11-09 16:00"), "agents"].item() == 2
    assert (req.loc[day == "2025-11-07", "agents"] > 2).all()
    unserved = [n for n in notes if n.id == "note"]
    assert len(unserved) == 1
    assert "127 intervals (32 h)" in unserved[0]
    assert "11-08 08:00–24:00, 11-09 08:00–16:00, 11-09 16:15–24:00" in unserved[0]
    assert "售前: 客服时间内有 127 个时段 (共 32 小时) 的预测为 0" in unserved[0].render(
        "zh", {"presale": "售前"}
    )


def test_phase_service_hours_open_the_peak_day_night_with_a_calendar_only() -> None:
    f = flat_forecast([100.0] * 12, start="2025-11-10 23:00")  # to 11-11 01:45
    f = pd.concat([f, flat_forecast([100.0] * 4, start="2025-11-12 00:00")], ignore_index=True)
    peak = CONFIG.with_overrides({"presale.phase_service_hours": {"peak_day": ["00:00", "24:00"]}})
    plain = requirements(f, peak)
    with_calendar = requirements(f, peak, calendar=PEAK_CALENDAR)
    night = f["interval_start"].between("2025-11-11 00:00", "2025-11-11 01:45").to_numpy()
    assert (plain.loc[night, "agents"] == 0).all() and not plain.loc[night, "open"].any()
    assert (with_calendar.loc[night, "agents"] > 0).all() and with_calendar.loc[night, "open"].all()
    assert (with_calendar.loc[night, "binding"] != "closed").all()
    next_night = f["interval_start"] >= pd.Timestamp("2025-11-12 00:00")
    assert not with_calendar.loc[next_night.to_numpy(), "open"].any()  # 11-12: no peak_day
    before = f["interval_start"] < pd.Timestamp("2025-11-11 00:00")
    assert with_calendar.loc[before.to_numpy(), "open"].all()  # 23:00-23:45: default hours
    # without phase_service_hours the calendar changes nothing
    plain_cfg = CONFIG.with_overrides({"presale.phase_service_hours": {}})
    a = requirements(f, plain_cfg, calendar=PEAK_CALENDAR)
    pd.testing.assert_frame_equal(a, requirements(f, plain_cfg))


def test_simulation_follows_the_requirements_open_column() -> None:
    from forecaster.simulate import simulate_requirements

    f = flat_forecast([100.0] * 4, start="2025-11-11 00:00")
    peak = CONFIG.with_overrides({"presale.phase_service_hours": {"peak_day": ["00:00", "24:00"]}})
    req = requirements(f, peak, calendar=PEAK_CALENDAR)
    assert req["open"].all()
    sim = simulate_requirements(req, peak, replications=2)
    assert (sim["arrivals"] > 0).all()  # the config alone (08:00-24:00) would close them
    as_text = req.astype({"open": str})  # as read back from a CSV
    sim = simulate_requirements(as_text.assign(open="False"), peak, replications=2)
    assert (sim["arrivals"] == 0).all()
    with pytest.raises(InputDataError, match="open must be True or False, got 'maybe'"):
        simulate_requirements(as_text.assign(open="maybe"), peak, replications=2)


# --------------------------------------------------------------------------- explanations


def explained_day() -> tuple[pd.DataFrame, object]:
    """Both queues from 06:00 (closed until 08:00 and 09:00): a quiet start, a 20:00-like
    wave and its tail; presale with an abandonment cap and a floor of 3 agents."""
    values = [0, 2, 5, 8, 3, 0, 0, 4, 40, 400, 1200, 300, 60, 10, 0, 0, 0, 1] * 2
    cfg = CONFIG.with_overrides({"presale.max_abandon_rate": 0.02, "presale.min_agents": 3})
    fc = pd.concat([flat_forecast(values, queue, start="2025-11-10 06:00") for queue in cfg.queues])
    return requirements(fc, cfg), cfg


def test_explanation_agrees_with_every_row_of_the_requirements() -> None:
    req, cfg = explained_day()
    bindings, carried = set(), 0.0
    for row in req.itertuples(index=False):
        e = explain_interval(req, cfg, row.queue, row.interval_start)
        assert (e.agents, e.headcount, e.binding, e.open) == (
            row.agents, row.headcount, row.binding, row.open
        )  # fmt: skip
        assert e.inquiries == pytest.approx(row.inquiries)
        assert e.human_inquiries == pytest.approx(row.human_inquiries)
        assert e.human_aht_seconds == pytest.approx(row.aht_seconds)
        assert e.offered_load == pytest.approx(row.offered_load)
        if row.open:
            assert e.service_level == pytest.approx(row.service_level)
            assert e.occupancy == pytest.approx(row.occupancy)
            needs = [v for v in e.need.values() if v is not None]
            assert e.agents == max(needs)  # the binding criterion needs exactly the agents
            assert e.need[e.binding] == e.agents or e.binding == "none"
        else:
            assert e.agents == 0 and np.isnan(e.service_level)
        steps = e.steps().set_index("step")["value"]
        assert steps["human_inquiries"] == pytest.approx(steps["inquiries"] - steps["bot_resolved"])
        assert steps["agents"] == e.agents and steps["headcount"] == e.headcount
        bindings.add(e.binding)
        carried = max(carried, e.carried_load)
    assert bindings == {"closed", "min_agents", "abandonment", "occupancy", "service_level"}
    assert carried > 0  # the wave's tail is staffed for chats still open


def test_explanation_figures_by_hand() -> None:
    """The sample presale queue: p80 = 1.1 × 400 = 440 inquiries in 15 minutes, the bot takes
    30 % (132), AHT 300 s × 1.2 = 360 s for humans, 360 × (1 + 0.1 × 2) = 432 s at three
    chats, offered load 308 / 900 s × 360 s = 123.2 Erl, at least 308 / 900 × 432 / 3 =
    49.28 agents at full load, headcount ⌈agents / 0.7⌉."""
    req, cfg = explained_day()
    e = explain_interval(req, cfg, "presale", pd.Timestamp("2025-11-10 08:15"))
    assert e.quantile == "p80" and e.inquiries == pytest.approx(440)
    assert e.bot_resolved == pytest.approx(132) and e.human_inquiries == pytest.approx(308)
    assert e.human_aht_seconds == pytest.approx(360) and e.chat_seconds == pytest.approx(432)
    assert e.own_load == pytest.approx(123.2)
    assert e.carried_load == 0 and e.offered_load == pytest.approx(123.2)  # a rising wave
    assert e.full_occupancy_agents == pytest.approx(e.offered_load / 360 * 432 / 3)
    assert e.agents >= e.full_occupancy_agents
    # 57 on chat at 30 % shrinkage: 81.4 rounded up is 82; 81 present are 56.7 on chat on
    # average, which the targets allow (present_headcount)
    assert e.headcount in (
        int(np.ceil(e.agents / 0.7 - 1e-9)) - 1,
        int(np.ceil(e.agents / 0.7 - 1e-9)),
    )
    assert e.max_abandon_rate == 0.02 and e.need["abandonment"] is not None


def test_explanation_of_a_missing_interval_is_one_line() -> None:
    req, cfg = explained_day()
    with pytest.raises(InputDataError, match="no interval 2025-12-01 00:00 for queue 'presale'"):
        explain_interval(req, cfg, "presale", "2025-12-01")


def test_daily_requirements_and_the_outside_hours_note() -> None:
    req, cfg = explained_day()
    req = req[req["queue"] == "presale"]
    daily = daily_requirements(req, cfg.interval_minutes)
    assert len(daily) == 1
    (day,) = daily.to_dict("records")
    assert day["inquiries"] == pytest.approx(req["inquiries"].sum())
    assert day["peak_agents"] == req["agents"].max()
    assert day["peak_time"] == req.loc[req["agents"].idxmax(), "interval_start"]
    assert day["agent_hours"] == pytest.approx(req["agents"].sum() / 4)
    closed = req.loc[~req["open"], "human_inquiries"].sum()
    assert closed > 0 and day["closed_human_inquiries"] == pytest.approx(closed)
    (note,) = outside_service_hours(req).to_dict("records")
    assert note["queue"] == "presale" and note["human_inquiries"] == pytest.approx(closed)
    assert note["share"] == pytest.approx(closed / req["human_inquiries"].sum())
    assert note["worst_interval"] == pd.Timestamp("2025-11-10 06:45")  # 8 × 1.1 × 0.7
    assert outside_service_hours(requirements(flat_forecast([5.0] * 8), cfg)).empty


def test_headcount_is_one_fewer_where_those_on_chat_on_average_meet_the_targets() -> None:
    """A small shop's aftersale at 10 % shrinkage: 2 agents on chat were 3 present (2.2
    rounded up). 2 present are 1.8 on chat on average (1 or 2, as the simulation draws
    them), and where that mix meets the service level and the caps, 2 are enough. Each
    headcount is ⌈agents / (1 − s)⌉ or one fewer, never fewer than min_agents on chat on
    average, and the mix at the headcount meets every target."""
    from forecaster.capacity import human_aht_seconds, present_headcount
    from forecaster.erlang import chat_queue, required_staffing

    queue = (
        load_config()
        .queues["aftersale"]
        .model_copy(update={"shrinkage": 0.1, "min_agents": 1, "max_occupancy": 0.85})
    )
    aht = human_aht_seconds(queue)
    rate = np.linspace(0.5, 60, 120) / 900  # 0.5 to 60 chats a quarter hour
    agents = required_staffing(
        rate,
        aht,
        service_level=queue.service_level,
        answer_within_seconds=queue.answer_within_seconds,
        max_concurrency=queue.max_concurrency,
        slowdown=queue.concurrency_slowdown,
        patience_seconds=queue.patience_seconds,
        max_occupancy=queue.max_occupancy,
        min_agents=queue.min_agents,
    ).agents
    head = present_headcount(agents, rate, aht, queue)
    rounded = np.ceil(agents / 0.9 - 1e-9)
    assert ((head == rounded) | (head == rounded - 1)).all()
    assert (head * 0.9 >= queue.min_agents - 1e-9).all()
    assert (head < rounded).sum() >= 20  # most small-team intervals save a person
    assert ((agents == 2) & (head == 2)).any()
    fewer = head < rounded
    x = head[fewer] * 0.9
    n = np.floor(x + 1e-9)
    f = x - n

    def at(k: np.ndarray) -> Any:
        return chat_queue(
            rate[fewer], k, aht, max_concurrency=queue.max_concurrency,
            slowdown=queue.concurrency_slowdown, patience_seconds=queue.patience_seconds,
            answer_within_seconds=queue.answer_within_seconds,
        )  # fmt: skip

    low, high = at(n), at(n + 1)
    assert ((1 - f) * low.service_level + f * high.service_level >= queue.service_level).all()
    # no shrinkage: exactly the agents
    flat = queue.model_copy(update={"shrinkage": 0.0})
    assert (present_headcount(agents, rate, aht, flat) == agents).all()
