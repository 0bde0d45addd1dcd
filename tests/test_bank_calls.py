"""The bank_calls benchmark (issue 15): its derived data file and its baselines' arithmetic."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from forecaster.validation import History, read_history

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "bench_bank_calls.py"
DATA = ROOT / "benchmarks" / "data" / "bank_calls.csv.gz"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_bank_calls", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def history() -> History:
    return read_history(DATA)


def test_file_is_small() -> None:
    assert DATA.stat().st_size < 100_000


def test_derived_file_loads_as_a_15_minute_history(history: History) -> None:
    frame = history.frame
    assert history.interval_minutes == 15
    assert len(frame) == 9184  # 164 days x 56 quarter hours, 07:00-21:00
    assert set(frame["queue"]) == {"calls"}
    assert not frame["outage"].any()
    assert int(frame["inquiries"].sum()) == 5_312_234
    stamps = pd.DatetimeIndex(frame["interval_start"])
    assert stamps.tz is None  # naive: the bank's local wall-clock time
    assert stamps.is_unique
    assert stamps.min() == pd.Timestamp("2003-03-03 07:00")
    assert stamps.max() == pd.Timestamp("2003-10-24 20:45")
    assert (stamps.day_of_week < 5).all()
    minute_of_day = stamps.hour * 60 + stamps.minute
    assert minute_of_day.min() == 7 * 60 and minute_of_day.max() + 15 == 21 * 60
    per_day = pd.Series(1, index=stamps).groupby(stamps.normalize()).size()
    assert len(per_day) == 164 and (per_day == 56).all()
    # the weekdays the source does not have are absent, not filled with zeros
    missing = set(pd.bdate_range("2003-03-03", "2003-10-24")) - set(per_day.index)
    assert sorted(d.strftime("%m-%d") for d in missing) == [
        "04-04",
        "04-07",
        "05-26",
        "07-04",
        "09-01",
        "10-14",
    ]


def _frame(values: dict[str, dict[int, float]], minutes: int = 60) -> pd.DataFrame:
    """A one-queue history at ``minutes`` from ``{day: {hour: calls in the hour}}``."""
    rows = []
    per_hour = 60 // minutes
    for day, hours in values.items():
        for hour, calls in hours.items():
            for k in range(per_hour):
                stamp = pd.Timestamp(day) + pd.Timedelta(hours=hour, minutes=k * minutes)
                rows.append((stamp, "calls", calls / per_hour))
    return pd.DataFrame(rows, columns=["interval_start", "queue", "inquiries"])


# Five Mondays (2025-03-03 .. 03-31, 03-24 without data), a Tuesday, and the test Monday 04-07.
HISTORY = {
    "2025-03-03": {9: 10.0, 10: 100.0},
    "2025-03-04": {9: 999.0, 10: 999.0},  # a Tuesday: never used for a Monday
    "2025-03-10": {9: 20.0, 10: 200.0},
    "2025-03-17": {9: 30.0},  # hour 10 closed that day
    "2025-03-31": {9: 50.0, 10: 500.0},
    "2025-04-07": {9: 55.0, 10: 450.0, 11: 7.0},
}


def test_hourly_table_sums_complete_hours_only(bench: ModuleType) -> None:
    frame = _frame(HISTORY, minutes=15)
    frame = frame.drop(index=frame.index[-1])  # 04-07 11:45 missing: 11:00 is incomplete
    table = bench.hourly_table(frame, 15)
    assert list(table.columns) == list(range(24))
    assert table.loc["2025-03-10", 9] == pytest.approx(20.0)
    assert np.isnan(table.loc["2025-03-17", 10])
    assert np.isnan(table.loc["2025-04-07", 11])
    assert table.loc["2025-04-07"].notna().sum() == 2


def test_same_slot_last_week_uses_the_latest_earlier_same_weekday(bench: ModuleType) -> None:
    table = bench.hourly_table(_frame(HISTORY), 60)
    got = bench.same_slot_last_week(table, "2025-04-07")
    assert got[9] == 50.0 and got[10] == 500.0  # 03-31, never the test day itself
    # 03-24 has no data: a forecast for 03-31 falls back to 03-17, and per hour to 03-10
    got = bench.same_slot_last_week(table, "2025-03-31")
    assert got[9] == 30.0 and got[10] == 200.0
    assert np.isnan(got[11])
    assert bench.same_slot_last_week(table, "2025-03-03").isna().all()


def test_mean_of_last_4_same_weekdays(bench: ModuleType) -> None:
    table = bench.hourly_table(_frame(HISTORY), 60)
    got = bench.mean_of_last(table, "2025-04-07")
    assert got[9] == pytest.approx((10 + 20 + 30 + 50) / 4)
    assert got[10] == pytest.approx((100 + 200 + 500) / 3)  # only three Mondays open at 10
    assert np.isnan(got[11])
    assert bench.mean_of_last(table, "2025-04-07", n=2)[9] == pytest.approx(40.0)
    assert bench.mean_of_last(table, "2025-03-10")[9] == pytest.approx(10.0)
    assert bench.mean_of_last(table, "2025-03-03").isna().all()


def test_wape_is_scored_on_the_open_hours_of_the_actual(bench: ModuleType) -> None:
    table = bench.hourly_table(_frame(HISTORY), 60)
    actual = table.loc[pd.Timestamp("2025-04-07")]  # 9: 55, 10: 450, 11: 7
    prediction = pd.Series({9: 50.0, 10: 500.0, 20: 80.0})  # 20:00 has no actual: unscored
    error, missing = bench.absolute_error(prediction, actual)
    assert missing == 1  # 11:00 has no forecast: scored as a forecast of 0
    assert error == pytest.approx(5 + 50 + 7)
    assert bench.wape([error], [actual.sum()]) == pytest.approx(62 / 512)
    assert bench.wape([1.0, 3.0], [10.0, 30.0]) == pytest.approx(0.1)


def test_test_days_and_baselines_on_the_real_series(bench: ModuleType, history: History) -> None:
    table = bench.hourly_table(history.frame, history.interval_minutes)
    assert table.shape == (164, 24)
    assert (table.notna().sum(axis=1) == 14).all()  # 07:00 .. 20:00
    days = bench.choose_test_days(table)
    assert len(days) == 59
    assert (days[0], days[-1]) == (pd.Timestamp("2003-08-01"), pd.Timestamp("2003-10-24"))
    # Fri 07-04 has no data: Fri 07-11's same slot last week is Fri 06-27
    assert bench.same_slot_last_week(table, "2003-07-11")[9] == table.loc["2003-06-27", 9]
    scored = [bench._score_day(table, day) for day in days]
    assert sum(r.hours for r in scored) == 59 * 14
    # checked independently from the raw 5-minute source (hours 07-20, 21:00-21:05 dropped)
    for name, whole, last in ((bench.SAME_SLOT, 0.0846, 0.0889), (bench.MEAN_OF_4, 0.0675, 0.0565)):
        assert bench._wape_of(scored, name) == pytest.approx(whole, abs=5e-4)
        assert bench._wape_of(scored[-20:], name) == pytest.approx(last, abs=5e-4)
