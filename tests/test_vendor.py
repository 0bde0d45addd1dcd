"""The vendor's shared seats (forecaster/vendor.py): tiny pools with hand-computed optima,
pooled never worse than separate, the need a shop's in-house team leaves, the files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from forecaster import vendor
from forecaster.config import PlanConfig, load_config, parse_config
from forecaster.errors import ConfigError, InputDataError
from forecaster.exports import write_roster_outputs
from forecaster.roster import solve_roster
from forecaster.vendor import (
    ORDER_COLUMNS,
    need_from_roster,
    pool_vendor,
    read_shop_need,
    write_vendor,
)

DAY = pd.Timestamp("2025-11-03")  # a Monday


def config(
    vendor_table: dict[str, Any] | None = None,
    *,
    shifts: list[dict[str, Any]] | None = None,
    gap_rel: float = 0.0,
    seconds: float = 10,
    **labour: Any,
) -> PlanConfig:
    """One queue, hourly grid, one 8-hour OUT template starting on any hour 00:00-16:00 at
    10 CNY per paid hour, a vendor seat as productive as an in-house agent."""
    out = {
        "name": "外包",
        "code": "W",
        "kind": "OUT",
        "start_window": ["00:00", "16:00"],
        "start_step_minutes": 60,
        "length_hours": 8,
        "paid_hours": 8,
        "cost_per_hour": 10,
    }
    return parse_config(
        {
            "interval_minutes": 60,
            "queues": {"chat": {"aht_seconds": 300, "shrinkage": 0.0}},
            "shifts": shifts or [out],
            "labour": {"out_productivity": 1.0, **labour},
            "costs": {"shortfall_penalty_per_agent_hour": 1000},
            "solver": {"name": "auto", "time_limit_seconds": seconds, "gap_rel": gap_rel},
            "vendor": vendor_table or {"shared_out": True},
        }
    )


def need(windows: dict[tuple[int, int], float], days: int = 1) -> pd.DataFrame:
    """Hourly need {(9, 12): 1} on the first day, 0 elsewhere, over ``days`` days."""
    stamps = pd.date_range(DAY, periods=24 * days, freq="60min")
    values = np.zeros(len(stamps))
    for (lo, hi), count in windows.items():
        values[lo:hi] = count
    return pd.DataFrame({"interval_start": stamps, "queue": "chat", "need": values})


TWO_SHOPS = {"A": need({(9, 12): 1}), "B": need({(13, 16): 1})}
"""Shop A needs one seat 09-12, shop B one seat 13-16: one 8-hour shift (08:00 or 09:00)
spans both."""


def pooled(penalty: float, **table: Any) -> dict[str, Any]:
    return {
        "shared_out": True,
        "groups": [{"name": "g", "concurrency_penalty": penalty, **table}],
    }


# --------------------------------------------------------------------------- hand optima


def test_two_shops_at_different_hours_share_one_seat() -> None:
    """Alone each books one 8-h seat (2 × 8 = 16 seat-hours, 160 CNY); pooled without a
    concurrency penalty one seat 08:00-16:00 or 09:00-17:00 serves both: 8 seat-hours,
    saving 50 %."""
    r = pool_vendor(TWO_SHOPS, config(pooled(0.0)))
    s = r.summary
    assert (s["separate_seat_hours"], s["separate_cost"]) == (16.0, 160.0)
    assert (s["pooled_seat_hours"], s["pooled_cost"]) == (8.0, 80.0)
    assert s["saving_seat_hours"] == 8.0 and s["saving_seat_hours_share"] == 0.5
    assert s["saving_cost_share"] == 0.5 and s["status"] == "optimal"
    assert r.orders[["group", "seats", "hours"]].values.tolist() == [["g", 1, 8.0]]
    assert r.orders["start"].iloc[0] in (DAY + pd.Timedelta(hours=8), DAY + pd.Timedelta(hours=9))
    served = r.allocation.set_index("shop")["served_seat_hours"].to_dict()
    assert served == {"A": 3.0, "B": 3.0}
    g = r.groups.set_index("group").loc["g"]
    assert g["utilisation"] == pytest.approx(6 / 8)  # 6 of the seat's 8 hours serve a shop
    assert r.shortfall.empty


@pytest.mark.parametrize("penalty", [0.05, 0.5])
def test_a_penalty_that_makes_pooling_not_worth_it_gives_the_separate_result(
    penalty: float,
) -> None:
    """A seat serving 2 shops covers 1 / (1 + penalty) < 1 of a need of 1: one shared seat no
    longer does, two cost as much as the dedicated ones. Pooled = separate = 16 seat-hours."""
    r = pool_vendor(TWO_SHOPS, config(pooled(penalty)))
    s = r.summary
    assert s["pooled_seat_hours"] == s["separate_seat_hours"] == 16.0
    assert s["pooled_cost"] == s["separate_cost"] == 160.0
    assert s["saving_seat_hours"] == 0.0 and s["saving_cost"] == 0.0
    assert r.groups.set_index("group").loc["g", "efficiency"] == pytest.approx(
        1 / (1 + penalty), abs=1e-4
    )


def test_a_dearer_shared_group_is_left_unused_and_dedicated_seats_are_kept() -> None:
    """Shared seats at 11 CNY/h with a penalty: the two dedicated seats (10 CNY/h) stay."""
    r = pool_vendor(TWO_SHOPS, config(pooled(0.5, cost_per_seat_hour=11)))
    assert set(r.orders["group"]) == {"dedicated:A", "dedicated:B"}
    assert r.summary["pooled_cost"] == r.summary["separate_cost"] == 160.0


def test_a_group_that_may_not_serve_a_shop_cannot_cover_it() -> None:
    """Group g serves A only and no dedicated seats are offered: B's 3 hours are short, with
    the reason; with dedicated seats B books its own and g's capacity never goes to B."""
    table = {"shared_out": True, "dedicated": False}
    table["groups"] = [{"name": "g", "shops": ["A"], "concurrency_penalty": 0.0}]
    r = pool_vendor(TWO_SHOPS, config(table))
    assert set(r.shortfall["shop"]) == {"B"} and len(r.shortfall) == 3
    assert r.summary["pooled_shortfall_seat_hours"] == 3.0
    assert r.shortfall["reason"].str.contains("no seat group may serve this shop").all()
    assert set(r.allocation["shop"]) == {"A"}

    r = pool_vendor(TWO_SHOPS, config({**table, "dedicated": True}))
    assert r.shortfall.empty
    assert set(r.allocation.loc[r.allocation["group"] == "g", "shop"]) <= {"A"}
    assert r.allocation.set_index(["group", "shop"]).loc[("dedicated:B", "B")].item() == 3.0


def test_campaign_templates_run_on_the_shops_campaign_days_only() -> None:
    """A ``days = "campaign"`` template spans no interval of a shop's ordinary day: the need
    is short, with the reason; on a campaign day one seat covers it."""
    cfg = config()
    campaign_only = [{**cfg.shifts[0].model_dump(), "days": "campaign"}]
    cfg = config(shifts=campaign_only)
    ordinary = need({(9, 12): 1}).assign(campaign_day=False)
    r = pool_vendor({"A": ordinary}, cfg)
    assert len(r.shortfall) == 3 and r.summary["pooled_seat_hours"] == 0.0
    assert "no vendor shift spans this interval" in r.shortfall["reason"].iloc[0]
    r = pool_vendor({"A": ordinary.assign(campaign_day=True)}, cfg)
    assert r.shortfall.empty and r.summary["pooled_seat_hours"] == 8.0


def test_minimum_booking_keeps_a_seat_booked_for_its_days() -> None:
    """Need on day 1 only, outsourced agents booked 3 days at least: the seat is paid for
    3 × 8 h; need on the last day of the horizon: the booking runs past it, 8 h inside."""
    cfg = config(out_min_booking_days=3)
    first = pool_vendor({"A": need({(9, 12): 1}, days=3)}, cfg)
    assert first.summary["separate_seat_hours"] == first.summary["pooled_seat_hours"] == 24.0
    assert sorted(first.orders["date"].dt.day) == [3, 4, 5]
    last = need({}, days=3)
    last.loc[last["interval_start"] == DAY + pd.Timedelta(days=2, hours=10), "need"] = 1
    assert pool_vendor({"A": last}, cfg).summary["pooled_seat_hours"] == 8.0


def test_vendor_productivity_turns_headcount_into_seats() -> None:
    """A need of 2 in-house agents at out_productivity 0.5 takes 4 vendor seats."""
    r = pool_vendor({"A": need({(9, 12): 2})}, config(out_productivity=0.5))
    assert r.summary["pooled_seat_hours"] == 32.0 and r.orders["seats"].sum() == 4


def test_a_pooled_solve_that_stops_worse_keeps_the_separate_plans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the pooled solve finds nothing (a time limit), the combined separate plans, a
    solution of the pooled model, are the result."""
    solve = vendor._solve

    def stopped(model: Any, cfg: PlanConfig, gap: float, start: Any) -> Any:
        if len(model.groups) == 1:
            return solve(model, cfg, gap, start)
        return vendor._Solved(None, "no solution (time limit)", None, 9.9, "highs")

    monkeypatch.setattr(vendor, "_solve", stopped)
    r = pool_vendor(TWO_SHOPS, config(pooled(0.0)))
    assert r.summary["source"] == "separate"
    assert r.summary["pooled_seat_hours"] == r.summary["separate_seat_hours"] == 16.0
    assert any("separate plans are kept" in m for m in r.messages)


def test_a_big_fleet_is_solved_on_whole_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MAX_INTEGER_VARIABLES the model runs on 60 minutes: an hour needs its busiest
    quarter-hour (one seat for a need at 09:15 only)."""
    stamps = pd.date_range(DAY, periods=96, freq="15min")
    frame = pd.DataFrame({"interval_start": stamps, "queue": "chat", "need": 0.0})
    frame.loc[frame["interval_start"] == DAY + pd.Timedelta(hours=9, minutes=15), "need"] = 1
    monkeypatch.setattr(vendor, "MAX_INTEGER_VARIABLES", 0)
    cfg = config().with_overrides({"interval_minutes": 15})
    r = pool_vendor({"A": frame}, cfg)
    assert r.summary["interval_minutes"] == 60 and r.summary["shops_interval_minutes"] == 15
    assert r.summary["need_seat_hours"] == 1.0 and r.summary["pooled_seat_hours"] == 8.0
    assert any("whole hours" in m for m in r.messages)


# --------------------------------------------------------------------------- property


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    needs=st.lists(st.lists(st.integers(0, 2), min_size=24, max_size=24), min_size=2, max_size=3),
    penalty=st.sampled_from([0.0, 0.05, 0.3]),
    narrow=st.booleans(),
)
@example(  # found by a CI-like run: two shops, the pool 0.05 seat-hours short by design
    needs=[[0] * 20 + [2] + [0] * 3, [0] * 15 + [1] + [0] * 7 + [1]], penalty=0.05, narrow=False
)
def test_pooled_is_never_worse_than_separate(
    needs: list[list[int]], penalty: float, narrow: bool
) -> None:
    """On random small fleets (one rate, so cost is 10 × seat-hours; every hour coverable)
    the pooled plan costs no more, books no more seat-hours and leaves no more shortfall
    than the shops alone, whatever gap the solves stop at (1 % or 2 s here: a 212-variable
    pool with penalty 0.05 kept HiGHS 10 s short of proving 1 %)."""
    frames = {
        f"s{i}": pd.DataFrame(
            {
                "interval_start": pd.date_range(DAY, periods=24, freq="60min"),
                "need": np.asarray(values, dtype=float),
            }
        )
        for i, values in enumerate(needs)
    }
    group: dict[str, Any] = {"name": "g", "concurrency_penalty": penalty}
    if narrow:
        group["shops"] = ["s0", "s1"]
    r = pool_vendor(
        frames, config({"shared_out": True, "groups": [group]}, gap_rel=0.01, seconds=2)
    )
    s = r.summary
    assert s["objective"] <= s["separate_objective"] + 1e-6
    assert s["pooled_cost"] <= s["separate_cost"] + 1e-6
    assert s["pooled_seat_hours"] <= s["separate_seat_hours"] + 1e-6
    if penalty == 0:
        # a shared seat covers less than a dedicated one (the concurrency penalty), so with
        # a penalty the pool may leave a fraction of a seat short where one more seat-hour
        # costs more than that fraction's shortfall penalty (the example above: 0.05
        # seat-hours short, 80 CNY cheaper); the objective, which prices both, holds
        assert s["pooled_shortfall_seat_hours"] <= s["separate_shortfall_seat_hours"] + 1e-6


# --------------------------------------------------------------------------- configuration


def sample_with_vendor(table: Any) -> dict[str, Any]:
    import tomllib

    from forecaster.config import SAMPLE_CONFIG_PATH

    data = tomllib.loads(SAMPLE_CONFIG_PATH.read_text(encoding="utf-8"))
    data["vendor"] = table
    return data


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            {"groups": [{"name": "g", "concurrency_penalty": 1.5}]},
            "vendor.groups[1].concurrency_penalty must be <= 1, got 1.5",
        ),
        (
            {"groups": [{"name": "g", "concurrency_penalty": -0.1}]},
            "vendor.groups[1].concurrency_penalty must be >= 0, got -0.1",
        ),
        (
            {"groups": [{"name": "g", "shops": []}]},
            "vendor.groups[1].shops must name at least one shop, or ['*'] for every shop, got []",
        ),
        (
            {"groups": [{"name": "g", "shops": ["*", "a"]}]},
            "vendor.groups[1].shops must be ['*'] (every shop) or a list of shop names, "
            "got ['*', 'a']",
        ),
        (
            {"groups": [{"name": "g"}, {"name": "g"}]},
            "vendor.groups[2].name must be unique, got 'g' again (also vendor.groups[1].name)",
        ),
        (
            {"groups": [{"name": "g", "shop": ["a"]}]},
            "unknown key 'vendor.groups[1].shop' (did you mean 'shops'?)",
        ),
        (
            {"groups": [{"name": "g", "cost_per_seat_hour": 0}]},
            "vendor.groups[1].cost_per_seat_hour must be > 0, got 0",
        ),
        ({"groups": [{"shops": ["a"]}]}, "vendor.groups[1].name is required, got nothing"),
        ({"shared_out": 3}, "vendor.shared_out must be true or false, got 3"),
        ({"shared": True}, "unknown key 'vendor.shared' (did you mean 'shared_out'?)"),
    ],
    ids=[
        "penalty-high",
        "penalty-low",
        "no-shops",
        "star-and-names",
        "duplicate",
        "typo",
        "free-seats",
        "no-name",
        "not-bool",
        "unknown",
    ],
)
def test_vendor_config_errors_name_the_key(table: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(sample_with_vendor(table), "plan.toml")
    assert info.value.problems == (f"plan.toml: {expected}",)


def test_vendor_defaults_one_shared_group_for_every_shop() -> None:
    cfg = parse_config(sample_with_vendor({"shared_out": True}))
    assert cfg.vendor.shared_out and cfg.vendor.dedicated and cfg.vendor.groups == ()
    (group,) = cfg.vendor.seat_groups
    assert (group.name, group.shops, group.concurrency_penalty) == ("shared", ("*",), 0.05)
    assert group.cost_per_seat_hour is None
    assert load_config().vendor.shared_out is False  # the sample shop plans alone
    table = {"groups": [{"name": "华东", "shops": "s1", "cost_per_seat_hour": 40}]}
    (group,) = parse_config(sample_with_vendor(table)).vendor.seat_groups
    assert group.shops == ("s1",) and group.cost_per_seat_hour == 40
    assert load_config().with_overrides({"vendor.shared_out": "true"}).vendor.shared_out


# --------------------------------------------------------------------------- the need


def roster_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A 30-min day: FT 08:00-17:00 (break 12:00-13:00, 2 agents), PT 10:00-14:00 (1), OUT
    09:00-13:00 (3, not in-house); required 3 from 08:00 to 18:00."""
    stamps = pd.date_range(DAY, periods=48, freq="30min")
    hour = stamps.hour + stamps.minute / 60
    required = np.where((hour >= 8) & (hour < 18), 3.0, 0.0)
    coverage = pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": "chat",
            "required": required,
            "scheduled": 0.0,
            "shortfall": 0.0,
        }
    )

    def at(text: str) -> pd.Timestamp:
        return DAY + pd.Timedelta(text)

    shifts = pd.DataFrame(
        [
            (DAY, "chat", "早班", "FT", at("8h"), at("17h"), at("12h"), at("13h"), 2, 0.0),
            (DAY, "chat", "兼职", "PT", at("10h"), at("14h"), pd.NaT, pd.NaT, 1, 0.0),
            (DAY, "chat", "外包", "OUT", at("9h"), at("13h"), pd.NaT, pd.NaT, 3, 0.0),
        ],
        columns=[
            "date",
            "queue",
            "shift",
            "kind",
            "start",
            "end",
            "break_start",
            "break_end",
            "agents",
            "cost",
        ],
    )
    return coverage, shifts, pd.DataFrame()


def test_need_is_required_less_the_in_house_agents_present() -> None:
    coverage, shifts, _ = roster_frames()
    n = need_from_roster(coverage, shifts, ["2025-11-03"]).set_index("interval_start")
    expected_inhouse = {
        "07:30": 0,
        "08:00": 2,
        "10:00": 3,
        "12:00": 1,
        "13:30": 3,
        "14:00": 2,
        "17:00": 0,
    }
    for clock, count in expected_inhouse.items():
        row = n.loc[DAY + pd.Timedelta(clock + ":00")]
        assert row["inhouse"] == count, clock
        assert row["need"] == max(0.0, row["required"] - count), clock
    assert n["campaign_day"].all()
    # need-hours: 08-10 1 × 2 h, 12-13 2 × 1 h (FT on break), 14-17 1 × 3 h, 17-18 3 × 1 h
    assert n["need"].sum() * 0.5 == pytest.approx(2 + 2 + 3 + 3)


def test_need_is_what_the_shops_own_outsourced_seats_cover() -> None:
    """A real roster: PT pool of 1 and one OUT template for a need of 2 at 09-17: the need
    left by the in-house agents equals the OUT agents the roster put on, and in-house plus
    OUT makes the coverage's scheduled headcount."""
    cfg = parse_config(
        {
            "interval_minutes": 60,
            "queues": {"chat": {"aht_seconds": 300, "shrinkage": 0.0}},
            "shifts": [
                {
                    "name": "兼职",
                    "code": "P",
                    "kind": "PT",
                    "start_times": ["09:00"],
                    "length_hours": 8,
                    "paid_hours": 8,
                    "cost_per_hour": 10,
                },
                {
                    "name": "外包",
                    "code": "W",
                    "kind": "OUT",
                    "start_times": ["09:00"],
                    "length_hours": 8,
                    "paid_hours": 8,
                    "cost_per_hour": 12,
                },
            ],
            "labour": {"ft_agents": 0, "pt_pool": 1, "pt_max_hours_per_day": 8},
            "costs": {"shortfall_penalty_per_agent_hour": 1000},
            "solver": {"time_limit_seconds": 20, "gap_rel": 0.0},
        }
    )
    stamps = pd.date_range(DAY, periods=24, freq="60min")
    req = pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": "chat",
            "headcount": np.where((stamps.hour >= 9) & (stamps.hour < 17), 2.0, 0.0),
        }
    )
    r = solve_roster(req, cfg, floor=False)
    n = need_from_roster(r.coverage, r.shifts)
    out = r.shifts[r.shifts["kind"] == "OUT"]["agents"].sum()
    assert out == 1 and n["need"].sum() == 8.0
    assert (n["inhouse"] + n["need"]).tolist() == r.coverage["scheduled"].tolist()
    assert "campaign_day" not in n.columns


def test_read_shop_need_from_a_plan_folder_equals_the_frames(tmp_path: Path) -> None:
    coverage, shifts, _ = roster_frames()
    assignments = pd.DataFrame(columns=["agent", "kind", "date", "shift", "start", "end"])
    write_roster_outputs(shifts, coverage, assignments, {"status": "optimal"}, tmp_path)
    (tmp_path / "plan_summary.json").write_text(
        json.dumps({"campaign_days": ["2025-11-03"]}), encoding="utf-8"
    )
    read = read_shop_need(tmp_path)
    expected = need_from_roster(coverage, shifts, ["2025-11-03"])
    pd.testing.assert_frame_equal(read, expected, check_dtype=False)
    (tmp_path / "plan_summary.json").unlink()
    assert "campaign_day" not in read_shop_need(tmp_path).columns
    with pytest.raises(InputDataError, match=r"no coverage.csv there"):
        read_shop_need(tmp_path / "missing")
    bad = coverage.astype({"interval_start": object})
    bad.loc[5, "interval_start"] = "11月3日"
    with pytest.raises(InputDataError, match=r"^coverage row 7, column interval_start: must be"):
        need_from_roster(bad, shifts)


# --------------------------------------------------------------------------- files


def test_vendor_orders_round_trip(tmp_path: Path) -> None:
    """vendor_orders.csv: BOM, contract columns first, group names neutralised, and
    Σ seats × hours equals the reported pooled seat-hours."""
    needs = {"A": need({(9, 12): 2}, days=2), "B": need({(13, 16): 1, (30, 34): 3}, days=2)}
    table = {"shared_out": True, "dedicated": False, "groups": [{"name": "=g"}]}
    r = pool_vendor(needs, config(table))
    paths = write_vendor(r, tmp_path / "out")
    assert [p.name for p in paths] == ["vendor_orders.csv", "vendor_summary.json"]
    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(paths[0], encoding="utf-8-sig")
    assert tuple(back.columns[: len(ORDER_COLUMNS)]) == ORDER_COLUMNS
    assert (back["seats"] * back["hours"]).sum() == pytest.approx(r.summary["pooled_seat_hours"])
    assert back["seat_hours"].sum() == pytest.approx(r.seat_hours)
    assert back["cost"].sum() == pytest.approx(r.summary["pooled_cost"])
    assert set(back["group"]) == {"'=g"}  # a formula-like name stays text
    summary = json.loads(paths[1].read_text(encoding="utf-8"))
    assert summary["pooled_seat_hours"] == r.summary["pooled_seat_hours"]
    assert {row["group"] for row in summary["groups_table"]} == set(r.groups["group"])
    assert summary["shortfall_intervals"] == 0
