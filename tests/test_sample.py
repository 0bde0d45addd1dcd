"""The bundled sample shop shows what the generator's docstring promises."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY, SAMPLE_TRUTH
from forecaster.sample import (
    PLANTED_DEFECTS,
    SampleShop,
    generate_sample,
    intraday_profile,
    main,
    read_calendar_csv,
)
from forecaster.validation import read_history

CALENDAR = read_calendar_csv(SAMPLE_CALENDAR)


@pytest.fixture(scope="module")
def shop() -> SampleShop:
    return generate_sample(CALENDAR)


@pytest.fixture(scope="module")
def truth(shop: SampleShop) -> pd.Series:
    return shop.truth.set_index(["queue", "interval_start"])["expected_inquiries"]


@pytest.fixture(scope="module")
def plain_truth() -> pd.Series:
    """The same shop without any campaign: the 'normal' level of every interval."""
    empty = CALENDAR.iloc[0:0]
    return generate_sample(empty).truth.set_index(["queue", "interval_start"])["expected_inquiries"]


def _day_total(truth: pd.Series, day: str) -> float:
    stamps = truth.index.get_level_values("interval_start")
    return float(truth[stamps.normalize() == pd.Timestamp(day)].sum())


def test_shape_and_grid(shop: SampleShop) -> None:
    truth = shop.truth
    assert list(truth.columns) == ["interval_start", "queue", "expected_inquiries"]
    assert list(shop.history.columns) == ["interval_start", "queue", "inquiries", "human_inquiries"]
    assert set(truth["queue"]) == {"presale", "aftersale"}
    assert truth["interval_start"].min() == pd.Timestamp("2023-01-01 00:00")
    assert truth["interval_start"].max() == pd.Timestamp("2025-11-30 23:45")
    assert len(truth) == 2 * 1065 * 96
    assert (truth["interval_start"].dt.minute % 15 == 0).all()
    assert (truth["expected_inquiries"] > 0).all()


def test_same_seed_same_shop_other_seed_other_noise(shop: SampleShop) -> None:
    again = generate_sample(CALENDAR)
    pd.testing.assert_frame_equal(again.history, shop.history)
    other = generate_sample(CALENDAR, seed=1)
    assert not other.history["inquiries"].equals(shop.history["inquiries"])


def test_scale_normal_day_and_peak_day(truth: pd.Series) -> None:
    normal = _day_total(truth, "2025-09-10")  # an ordinary Wednesday
    assert 17_000 <= normal <= 23_000
    peak = _day_total(truth, "2025-11-11")
    assert 100_000 <= peak <= 140_000
    assert 4.5 <= peak / normal <= 7.5


def test_three_daily_peaks_and_a_night_trough() -> None:
    for queue in ("presale", "aftersale"):
        profile = intraday_profile(queue)
        hour = np.arange(96) / 4
        trough = profile[(hour >= 3) & (hour < 5)].mean()
        for lo, hi in ((8, 11), (14, 17), (20, 23)):
            window = (hour >= lo) & (hour < hi)
            assert profile[window].max() > 6 * trough
            assert profile[window].max() == profile[(hour >= lo - 1.5) & (hour < hi + 1.5)].max()
        assert profile.sum() == pytest.approx(1.0)


def test_year_on_year_growth(truth: pd.Series) -> None:
    years = [_day_total(truth, f"{y}-09-1{d}") for y, d in ((2023, 3), (2024, 1), (2025, 0))]
    assert years[0] < years[1] < years[2]  # the second Wednesday of September each year
    assert years[2] / years[1] == pytest.approx(1.15, rel=0.05)


def test_weekly_pattern(truth: pd.Series) -> None:
    presale = truth.loc["presale"]
    by_day = presale.groupby(presale.index.normalize()).sum()["2025-08-04":"2025-08-31"]
    weekday = by_day.groupby(by_day.index.day_of_week).mean()
    assert weekday[[5, 6]].min() > weekday[[0, 1, 2, 3]].max()  # weekend busier for presale
    after = truth.loc["aftersale"]
    after_day = after.groupby(after.index.normalize()).sum()["2025-08-04":"2025-08-31"]
    assert after_day.groupby(after_day.index.day_of_week).mean().idxmax() == 0  # Monday


def test_holidays(truth: pd.Series) -> None:
    spring = _day_total(truth, "2025-01-30")  # Spring Festival holiday
    before = _day_total(truth, "2025-01-16")  # a Thursday two weeks earlier
    assert spring < 0.5 * before
    national = _day_total(truth, "2025-10-03")
    assert national < 0.85 * _day_total(truth, "2025-09-19")


def test_first_30_minutes_after_each_2000_opening_run_5_to_8x_normal(
    truth: pd.Series, plain_truth: pd.Series
) -> None:
    openings = CALENDAR[
        (CALENDAR["start"].dt.hour == 20)
        & (CALENDAR["start"] <= "2025-11-30")
        & (CALENDAR["start"] >= "2023-01-01")
    ]
    assert len(openings) >= 10
    for start in openings["start"]:
        window = pd.date_range(start, periods=2, freq="15min")
        ratio = truth.loc["presale"][window].sum() / plain_truth.loc["presale"][window].sum()
        assert 5.0 <= ratio <= 8.0, (start, ratio)
        later = pd.date_range(start + pd.Timedelta(hours=3), periods=2, freq="15min")
        assert (
            truth.loc["presale"][later].sum() / plain_truth.loc["presale"][later].sum()
            < 0.6 * ratio
        )


def test_midnight_surge_on_11_11(truth: pd.Series, plain_truth: pd.Series) -> None:
    for year in (2023, 2024, 2025):
        first = pd.date_range(f"{year}-11-11 00:00", periods=2, freq="15min")
        late = pd.date_range(f"{year}-11-11 03:00", periods=2, freq="15min")
        surge = truth.loc["presale"][first].sum() / plain_truth.loc["presale"][first].sum()
        after = truth.loc["presale"][late].sum() / plain_truth.loc["presale"][late].sum()
        assert surge > 1.5 * after


def test_after_sales_wave_3_to_10_days_after_the_peak(
    truth: pd.Series, plain_truth: pd.Series
) -> None:
    def lift(day: str) -> float:
        stamps = truth.loc["aftersale"].index
        mask = stamps.normalize() == pd.Timestamp(day)
        return float(truth.loc["aftersale"][mask].sum() / plain_truth.loc["aftersale"][mask].sum())

    for peak in ("2024-11-11", "2025-11-11", "2025-06-18"):
        day = pd.Timestamp(peak)
        wave = max(lift(str((day + pd.Timedelta(days=k)).date())) for k in range(3, 11))
        assert wave > 1.8
        assert lift(str((day + pd.Timedelta(days=14)).date())) == pytest.approx(1.0)


def test_campaign_lift_varies_from_year_to_year(truth: pd.Series, plain_truth: pd.Series) -> None:
    lifts = [
        _day_total(truth, f"{y}-11-11") / _day_total(plain_truth, f"{y}-11-11")
        for y in (2023, 2024, 2025)
    ]
    assert max(lifts) / min(lifts) > 1.1


def test_noise_is_over_dispersed(shop: SampleShop) -> None:
    history = shop.history.drop_duplicates(["queue", "interval_start"])
    merged = history.merge(shop.truth, on=["interval_start", "queue"])
    normal = merged[merged["interval_start"].between("2025-08-01", "2025-08-31")]
    residual = normal["inquiries"] - normal["expected_inquiries"]
    # Poisson would give Var(residual) == mean; the gamma mixing adds rate² (1/60 + 1/30 + ...)
    assert residual.var() > 1.5 * normal["expected_inquiries"].mean()
    assert abs(residual.mean()) < 0.02 * normal["expected_inquiries"].mean()
    assert (merged["human_inquiries"] <= merged["inquiries"]).all()


def test_defects_are_in_the_history_only(shop: SampleShop) -> None:
    history, truth = shop.history, shop.truth
    assert len(history) == len(truth) + 1 - 4  # one duplicate, a 4-interval gap
    for defect in PLANTED_DEFECTS:
        rows = history[
            (history["queue"] == defect.queue)
            & history["interval_start"].between(defect.start, defect.end)
        ]
        if defect.kind == "outage":
            assert len(rows) == 12 and (rows["inquiries"] == 0).all()
        elif defect.kind == "gap":
            assert rows.empty
        else:
            assert len(rows) == 2 and rows.iloc[0].equals(rows.iloc[1])
            assert rows.index[1] == rows.index[0] + 1  # right after the original
    assert (truth["expected_inquiries"] > 0).all()


def test_validation_finds_exactly_the_planted_defects() -> None:
    history = read_history(SAMPLE_HISTORY)
    outages = {(o.queue, o.start, o.end) for o in history.outages}
    assert outages == {(d.queue, d.start, d.end) for d in PLANTED_DEFECTS if d.kind == "outage"}
    (gap,) = history.gaps
    planted_gap = next(d for d in PLANTED_DEFECTS if d.kind == "gap")
    assert (gap.queue, gap.start, gap.end) == (
        planted_gap.queue,
        planted_gap.start,
        planted_gap.end,
    )
    assert len(history.duplicate_rows) == 1


@pytest.mark.slow
def test_shipped_files_equal_a_fresh_regeneration(tmp_path: Path) -> None:
    main(["--out", str(tmp_path)])
    for name, shipped in (
        ("sample_history.csv.gz", SAMPLE_HISTORY),
        ("sample_truth.csv.gz", SAMPLE_TRUTH),
    ):
        assert (tmp_path / name).read_bytes() == shipped.read_bytes(), name
