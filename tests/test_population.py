"""The independent shop population (benchmarks/shops) and its benchmark's scoring."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from benchmarks.shops import END, START, Shop, make_population, make_shop
from forecaster.validation import read_history

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_population.py"


@pytest.fixture(scope="module")
def population() -> list[Shop]:
    return make_population()


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_population", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deterministic_per_seed() -> None:
    a, b, other = make_shop(0, 11), make_shop(0, 11), make_shop(0, 12)
    pd.testing.assert_frame_equal(a.history, b.history)
    pd.testing.assert_frame_equal(a.truth, b.truth)
    pd.testing.assert_frame_equal(a.calendar, b.calendar)
    assert a.traits == b.traits
    assert not a.truth["expected_inquiries"].equals(other.truth["expected_inquiries"])


def test_population_size_and_scales(population: list[Shop]) -> None:
    assert len(population) >= 24
    assert len({s.name for s in population}) == len(population)
    scales = [s.traits["ordinary_day"] for s in population]
    assert min(scales) < 500
    assert max(scales) > 150_000
    # a measured ordinary day of the history agrees with the trait
    shop = population[0]
    days = shop.history[
        (shop.history["interval_start"] >= "2025-03-03")
        & (shop.history["interval_start"] < "2025-04-28")
    ]
    daily = days.groupby(days["interval_start"].dt.normalize())["inquiries"].sum()
    assert daily.median() == pytest.approx(shop.traits["ordinary_day"], rel=0.25)
    assert {len(s.queues) for s in population} == {1, 2, 3}


def test_structural_traits_covered(population: list[Shop]) -> None:
    t = [s.traits for s in population]
    assert sum(x["open_hours"] != "24h" for x in t) >= 5
    assert sum(x["closed_days"] is not None for x in t) >= 4
    assert sum(x["campaign"] == "additive" for x in t) >= 4
    assert sum(x["campaign"] == "multiplicative" for x in t) >= 4
    assert sum(x["trend"].startswith("lin") for x in t) >= 4
    assert sum(x["trend"].startswith("exp") for x in t) >= 4
    assert {"weekend", "weekday", "workday", "flat"} <= {x["weekly"] for x in t}
    assert sum(x["intraday_by_weekday"] for x in t) >= 4
    assert all(len(x["unlisted_promos"]) >= 3 for x in t)
    assert sum(bool(x["listed_promos"]) for x in t) >= 4
    assert sum(x["plateau"] > 0 for x in t) >= 5
    assert sum(x["heat_up_and_down"] for x in t) >= 10
    assert sum(x["outages"] > 0 for x in t) >= 10
    assert sum(x["missing_days"] > 0 for x in t) >= 10
    assert len({x["dispersion"] for x in t}) >= 5
    # 2025 seasons both hotter and colder than 2024, per family
    for family in ("618", "双11"):
        change = [x[f"heat_{family}"][3] / x[f"heat_{family}"][2] for x in t]
        assert sum(c > 1.1 for c in change) >= 5
        assert sum(c < 0.9 for c in change) >= 5


def test_phases_change_between_years(population: list[Shop]) -> None:
    changed = 0
    for shop in population:
        cal = shop.calendar
        for family in ("618", "双11"):
            sets = {
                tuple(sorted(cal.loc[cal["event"] == f"{family} {y}", "phase"]))
                for y in (2022, 2023, 2024, 2025)
            }
            changed += len(sets) > 1
        assert {"双11 2025", "618 2025", "双11 2022", "618 2022"} <= set(cal["event"])
        assert set(cal["phase"]) >= {"wave", "peak_day", "after_sales"}
        assert (cal["end"] >= cal["start"]).all()
    assert changed >= 20
    assert any(s.traits["phase_changes"] for s in population)
    assert any("promo" in set(s.calendar["phase"]) for s in population)


def test_in_season_plateau_between_phases() -> None:
    """双11 2025 on Tmall: final_payment to 10-24, wave from 10-31; the days between stay
    elevated in a plateau shop and not in the others (presale queue: no logistics wave)."""

    def gap_over_ordinary(shop: Shop) -> float:
        truth = shop.truth[shop.truth["queue"] == "presale"].set_index("interval_start")
        rate = truth["expected_inquiries"]
        return rate["2025-10-26":"2025-10-29"].mean() / rate["2025-09-14":"2025-09-17"].mean()

    plateau, flat = make_shop(4), make_shop(0)
    assert plateau.traits["plateau"] > 0
    assert flat.traits["plateau"] == 0
    assert gap_over_ordinary(plateau) > 1.2
    assert gap_over_ordinary(flat) < 1.15


def test_history_matches_contract(population: list[Shop]) -> None:
    for shop in (population[0], population[3]):  # open 24 h; closed nights and non-workdays
        h = shop.history
        assert list(h.columns) == ["interval_start", "queue", "inquiries"]
        assert h["interval_start"].min() >= START
        assert h["interval_start"].max() < END + pd.Timedelta(days=1)
        assert (h["interval_start"].dt.minute % 15 == 0).all()
        assert not h.duplicated(["interval_start", "queue"]).any()
        assert (h["inquiries"] >= 0).all()
        buffer = io.BytesIO(h.to_csv(index=False).encode())
        loaded = read_history(buffer, name=f"{shop.name}.csv")
        assert loaded.interval_minutes == 15
        assert len(loaded.frame) == len(h)
        assert set(loaded.queues) == set(shop.queues)


def test_truth_nonnegative_and_zero_when_closed(population: list[Shop]) -> None:
    for shop in population:
        truth = shop.truth
        assert (truth["expected_inquiries"] >= 0).all()
        assert len(truth) == len(shop.queues) * ((END - START).days + 1) * 96
    shop = population[3]  # office_b2b: 09-21 on working days only
    truth = shop.truth.set_index("interval_start")
    night = truth[truth.index.hour < 9]
    assert (night["expected_inquiries"] == 0).all()
    sunday = truth.loc["2025-03-09"]
    assert (sunday["expected_inquiries"] == 0).all()
    assert truth.loc["2025-03-10 10:00", "expected_inquiries"].sum() > 0
    hist = shop.history
    assert (hist["interval_start"].dt.hour >= 9).all()
    assert (hist["interval_start"].dt.hour < 21).all()
    assert not (hist["interval_start"].dt.normalize() == pd.Timestamp("2025-03-09")).any()


def test_outages_are_zeros_in_history_not_in_truth() -> None:
    shop = make_shop(0)
    queue, start, end = next(shop.outages.itertuples(index=False))
    h = shop.history
    rows = h[(h["queue"] == queue) & (h["interval_start"] >= start) & (h["interval_start"] <= end)]
    if len(rows):
        assert (rows["inquiries"] == 0).all()
    t = shop.truth
    lost = t[(t["queue"] == queue) & (t["interval_start"] >= start) & (t["interval_start"] <= end)]
    assert lost["expected_inquiries"].sum() > 0
    for day in shop.missing_days:
        assert not (h["interval_start"].dt.normalize() == day).any()


def test_counts_drawn_around_truth() -> None:
    shop = make_shop(2)  # the largest shop: counts within noise of the true rate
    merged = shop.history.merge(shop.truth, on=["interval_start", "queue"])
    quiet = merged[merged["interval_start"].between("2025-03-01", "2025-04-30")]
    quiet = quiet[quiet["inquiries"] > 0]
    ratio = quiet["inquiries"].sum() / quiet["expected_inquiries"].sum()
    assert ratio == pytest.approx(1.0, abs=0.05)


def test_runner_scores_one_shop(bench: ModuleType) -> None:
    shop = make_shop(0)
    rows = bench.score_shop_event(shop, "双11 2025", ["seasonal_naive"])
    frame = pd.DataFrame(rows)
    assert set(frame["status"]) == {"ok"}
    assert set(frame["origin"]) == {"pre_campaign", "final_wave"}
    assert set(frame["minutes"]) == {15, 60}
    assert {"window", "campaign_days", "from_final_wave"} <= set(frame["scope"])
    pooled = frame[(frame["queue"] == "all") & (frame["scope"] == "window")]
    assert np.isfinite(pooled["wape_ratio"]).all()
    assert (pooled["wape_ratio"] > 0.9).all()
    assert pooled["coverage_80"].between(0, 1).all()
    acceptance = bench.acceptance(frame, "seasonal_naive", expected=1)
    assert any("every shop × event scored: 1 of 1" in line for line in acceptance)


@pytest.fixture(scope="module")
def oracle() -> ModuleType:
    path = BENCH.with_name("bench_oracle.py")
    spec = importlib.util.spec_from_file_location("bench_oracle", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_oracle_scaling_matches_the_true_totals(oracle: ModuleType) -> None:
    """Where p50 is the mean, the scaled forecast sums to the truth per group under the mask
    and is left alone elsewhere."""
    frame = pd.DataFrame(
        {
            "queue": ["a", "a", "a", "b", "b", "b"],
            "day": [1, 1, 2, 1, 2, 2],
            "mean": [10.0, 30.0, 5.0, 8.0, 4.0, 4.0],
            "truth": [20.0, 40.0, 9.0, 4.0, 6.0, 2.0],
        }
    )
    frame["p50"] = frame["mean"]
    mask = np.array([True, True, False, True, True, True])
    got = oracle._scaled(frame, ["queue"], mask)
    assert got[:2].sum() == pytest.approx(60.0)
    assert got[3:].sum() == pytest.approx(12.0)
    assert got[2] == 5.0
    by_day = oracle._scaled(frame, ["queue", "day"], np.ones(6, dtype=bool))
    sums = pd.Series(by_day).groupby([frame["queue"], frame["day"]]).sum()
    assert sums.to_numpy() == pytest.approx(frame.groupby(["queue", "day"])["truth"].sum())


def test_oracle_scores_one_shop(oracle: ModuleType) -> None:
    rows = oracle.oracle_rows(0, 2026, "618 2025")
    assert [r["minutes"] for r in rows] == [15, 60]
    for row in rows:
        scores = [row[s] for s in oracle.SCORES]
        assert all(np.isfinite(scores)) and min(scores) > 0.9
        assert row["days known"] < row["model"]  # knowing every day's total helps
        # the generator's own rate, heat as it came, is the truth but for unlisted promotions
        assert row["structure, heat known"] < row["model"]
    assert "| 15 |" in "\n".join(oracle.report(pd.DataFrame(rows)))


def test_planner_heat_is_the_true_ratio_to_last_year_without_error(bench: ModuleType) -> None:
    """The planner's heat is the campaign's extra inquiries over last year's: the generator's
    heat ratio, times the ordinary level's growth where the excess is a multiple of it."""
    shop = make_shop(1)  # multiplicative, its trend exp(0.25) a year (28 %)
    assert shop.traits["campaign"] == "multiplicative"
    calendar = bench.with_planner_heat(shop, "双11 2025", 0.0, 2026)
    heats = shop.traits["heat_双11"]
    rows = calendar["event"] == "双11 2025"
    growth = calendar.loc[rows, "heat"].iloc[0] / (heats[3] / heats[2])
    assert growth == pytest.approx(np.exp(0.25), abs=0.02)
    assert calendar.loc[rows, "heat"].nunique() == 1
    assert calendar.loc[~rows, "heat"].isna().all()
    additive = make_shop(8)  # growing 20 % a year, its campaigns' extra inquiries do not
    assert additive.traits["campaign"] == "additive"
    heat = bench.with_planner_heat(additive, "双11 2025", 0.0, 2026)["heat"].max()
    assert heat == round(additive.traits["heat_双11"][3] / additive.traits["heat_双11"][2], 2)
    noisy = [bench.with_planner_heat(shop, "双11 2025", 0.1, s)["heat"].max() for s in (1, 2)]
    assert noisy[0] != noisy[1] and all(0.5 < h / (heats[3] / heats[2]) < 2 for h in noisy)
