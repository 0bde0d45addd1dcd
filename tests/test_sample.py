"""The sample shop shows what the generator's docstring promises (forecaster/sample.py)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import chinese_calendar
import pandas as pd
import pytest

from forecaster.sample import SampleShop, generate_sample, main

DATA = Path(__file__).resolve().parents[1] / "data"
QUEUES = {"presale", "aftersale"}
N_DAYS = 1065  # 2023-01-01 .. 2025-11-30
GRID_ROWS = 2 * N_DAYS * 96


def read_calendar(path: Path = DATA / "calendar.csv") -> pd.DataFrame:
    """The calendar read with pandas alone, as generate_sample expects it."""
    calendar = pd.read_csv(path)
    calendar["start"] = pd.to_datetime(calendar["start"])
    calendar["end"] = pd.to_datetime(calendar["end"])
    return calendar


@pytest.fixture(scope="module")
def calendar() -> pd.DataFrame:
    return read_calendar()


@pytest.fixture(scope="module")
def shop(calendar: pd.DataFrame) -> SampleShop:
    return generate_sample(calendar)


@pytest.fixture(scope="module")
def truth(shop: SampleShop) -> pd.Series:
    """Expected inquiries indexed by (queue, interval_start)."""
    return shop.truth.set_index(["queue", "interval_start"])["expected_inquiries"].sort_index()


@pytest.fixture(scope="module")
def plain_truth(calendar: pd.DataFrame) -> pd.Series:
    """The same shop without campaigns: the normal level of every interval."""
    plain = generate_sample(calendar.iloc[0:0])
    return plain.truth.set_index(["queue", "interval_start"])["expected_inquiries"].sort_index()


@pytest.fixture(scope="module")
def daily(shop: SampleShop) -> pd.DataFrame:
    """Expected inquiries per day (rows) and queue (columns)."""
    truth = shop.truth
    return truth.pivot_table(
        index=truth["interval_start"].dt.normalize(),
        columns="queue",
        values="expected_inquiries",
        aggfunc="sum",
    )


def _is_plain_day(day: pd.Timestamp) -> bool:
    """Neither a statutory holiday nor a make-up working day."""
    is_holiday, name = chinese_calendar.get_holiday_detail(day.date())
    return name is None and is_holiday == (day.day_of_week >= 5)


def test_rows_columns_and_queues(shop: SampleShop) -> None:
    assert list(shop.history.columns) == ["interval_start", "queue", "inquiries", "human_inquiries"]
    assert list(shop.truth.columns) == ["interval_start", "queue", "expected_inquiries"]
    assert len(shop.truth) == GRID_ROWS == 204_480
    assert len(shop.history) == GRID_ROWS + 1 - 4  # one duplicated row, a 4-interval gap
    assert set(shop.history["queue"]) == set(shop.truth["queue"]) == QUEUES
    assert shop.history["inquiries"].dtype.kind == "i"
    assert shop.history["human_inquiries"].dtype.kind == "i"
    assert shop.truth["expected_inquiries"].dtype.kind == "f"


def test_truth_is_a_complete_15_minute_grid_sorted_by_time_then_queue(shop: SampleShop) -> None:
    grid = pd.date_range("2023-01-01 00:00", "2025-11-30 23:45", freq="15min")
    for queue in QUEUES:
        stamps = shop.truth.loc[shop.truth["queue"] == queue, "interval_start"]
        assert (stamps.to_numpy() == grid.to_numpy()).all()
    ordered = shop.truth.sort_values(["interval_start", "queue"]).index
    assert (ordered == shop.truth.index).all()
    assert (shop.history["interval_start"].dt.minute % 15 == 0).all()
    assert (shop.history["interval_start"].dt.second == 0).all()


def test_same_seed_same_frames_other_seed_differs(calendar: pd.DataFrame, shop: SampleShop) -> None:
    again = generate_sample(calendar)
    pd.testing.assert_frame_equal(again.history, shop.history)
    pd.testing.assert_frame_equal(again.truth, shop.truth)
    assert again.planted_defects == shop.planted_defects
    other = generate_sample(calendar, seed=1)
    assert not other.history["inquiries"].equals(shop.history["inquiries"])
    assert not other.truth["expected_inquiries"].equals(shop.truth["expected_inquiries"])


def test_the_callers_calendar_is_not_modified(calendar: pd.DataFrame) -> None:
    before = calendar.copy()
    generate_sample(calendar, start="2025-11-01", end="2025-11-02")
    pd.testing.assert_frame_equal(calendar, before)


def test_normal_2025_weekday_totals_about_20000_two_thirds_presale(daily: pd.DataFrame) -> None:
    september = daily.loc["2025-09-01":"2025-09-26"]  # no campaign, no holiday
    weekdays = september[september.index.day_of_week < 5]
    totals = weekdays.sum(axis=1)
    assert totals.between(15_000, 25_000).all(), totals
    share = weekdays["presale"].sum() / totals.sum()
    assert 0.6 <= share <= 0.72


def test_double_11_2025_peak_day_totals_100k_to_140k(daily: pd.DataFrame) -> None:
    peak = daily.loc["2025-11-11"].sum()
    assert 100_000 <= peak <= 140_000
    normal_tuesday = daily.loc["2025-09-16"].sum()
    assert 4.5 <= peak / normal_tuesday <= 7.5
    peak_618 = daily.loc["2025-06-18"].sum() / daily.loc["2025-07-09"].sum()  # both Wednesdays
    assert 2.5 <= peak_618 < peak / normal_tuesday


def test_first_30_minutes_after_a_2000_opening_run_5_to_8x_a_normal_week(
    calendar: pd.DataFrame, truth: pd.Series
) -> None:
    """Each 20:00 opening vs the same slot, same weekday, a week or more before the event."""
    presale = truth.loc["presale"]
    event_start = calendar.groupby("event")["start"].transform("min")
    openings = calendar[
        calendar["phase"].isin(["presale", "wave", "final_payment"])
        & (calendar["start"].dt.hour == 20)
        & (calendar["start"].dt.minute == 0)
        & calendar["start"].between("2023-01-01", "2025-11-30")
    ]
    assert (openings["phase"] == "wave").sum() >= 6
    for row, first in zip(openings.itertuples(), event_start[openings.index], strict=True):
        reference = row.start - pd.Timedelta(weeks=1)
        while reference > first - pd.Timedelta(weeks=1) or not _is_plain_day(reference):
            reference -= pd.Timedelta(weeks=1)
        window = pd.date_range(row.start, periods=2, freq="15min")
        before = pd.date_range(reference, periods=2, freq="15min")
        ratio = presale[window].sum() / presale[before].sum()
        assert 5.0 <= ratio <= 8.0, (row.event, row.phase, row.start, ratio)
        later = window + pd.Timedelta(hours=2)
        assert presale[later].sum() / presale[before + pd.Timedelta(hours=2)].sum() < ratio / 2


def test_peak_day_opens_with_a_midnight_surge(truth: pd.Series, plain_truth: pd.Series) -> None:
    for day in ("2023-11-11", "2024-11-11", "2025-11-11", "2024-06-18", "2025-06-18"):
        first = pd.date_range(day, periods=2, freq="15min")
        late = first + pd.Timedelta(hours=4)
        surge = truth["presale"][first].sum() / plain_truth["presale"][first].sum()
        after = truth["presale"][late].sum() / plain_truth["presale"][late].sum()
        assert surge > 3 * after


def test_three_daily_peaks_exceed_the_night_trough_several_fold(truth: pd.Series) -> None:
    for queue in QUEUES:
        september = truth[queue]["2025-09-01":"2025-09-26 23:45"]
        hour = september.index.hour + september.index.minute / 60
        profile = september.groupby(hour).mean()
        trough = profile[(profile.index >= 3) & (profile.index < 5)].mean()
        assert trough > 0
        for lo, hi in ((8, 11), (14, 17), (20, 23)):
            peak = profile[(profile.index >= lo) & (profile.index < hi)].max()
            assert peak > 5 * trough, (queue, lo, peak, trough)
            # a local maximum: nothing higher within 1.5 h either side of the window
            assert peak == profile[(profile.index >= lo - 1.5) & (profile.index < hi + 1.5)].max()


def test_year_on_year_growth_is_positive_and_about_15_percent(daily: pd.DataFrame) -> None:
    march = [
        daily.loc[f"{year}-03-01" : f"{year}-03-31"].sum(axis=1).mean()
        for year in (2023, 2024, 2025)
    ]
    assert march[0] < march[1] < march[2]
    for earlier, later in zip(march, march[1:], strict=False):
        assert later / earlier == pytest.approx(1.15, abs=0.03)


def test_weekly_pattern(daily: pd.DataFrame) -> None:
    august = daily.loc["2025-08-04":"2025-08-31"]
    by_weekday = august.groupby(august.index.day_of_week).mean()
    assert (
        by_weekday.loc[[5, 6], "presale"].min() > by_weekday.loc[[0, 1, 2, 3, 4], "presale"].max()
    )
    assert by_weekday["aftersale"].idxmax() == 0  # Monday, after the weekend's orders


def test_spring_festival_day_is_lower_than_two_weeks_earlier(daily: pd.DataFrame) -> None:
    for year in (2023, 2024, 2025):
        days = pd.date_range(f"{year}-01-01", f"{year}-03-01")
        first = next(
            d
            for d in days
            if chinese_calendar.get_holiday_detail(d.date()) == (True, "Spring Festival")
        )
        festival = first + pd.Timedelta(days=1)
        earlier = festival - pd.Timedelta(weeks=2)
        for queue in QUEUES:
            assert daily.loc[festival, queue] < 0.6 * daily.loc[earlier, queue], (year, queue)


def test_national_day_is_lower(daily: pd.DataFrame) -> None:
    assert daily.loc["2025-10-03"].sum() < 0.85 * daily.loc["2025-09-19"].sum()  # both Fridays


def test_after_sales_phase_lifts_aftersale_only(
    calendar: pd.DataFrame, truth: pd.Series, plain_truth: pd.Series
) -> None:
    phases = calendar[
        (calendar["phase"] == "after_sales") & calendar["start"].between("2023-01-01", "2025-11-30")
    ]
    assert len(phases) == 6
    for row in phases.itertuples():
        span = slice(row.start, row.end)
        lift = truth["aftersale"][span] / plain_truth["aftersale"][span]
        days = lift.groupby(lift.index.normalize()).mean()
        assert days.mean() > 1.5, row.event
        assert 1.8 <= days.max() <= 3.5, row.event
        presale = truth["presale"][span] / plain_truth["presale"][span]
        assert presale.to_numpy() == pytest.approx(1.0, abs=1e-3)


def test_campaign_lift_varies_from_year_to_year(
    daily: pd.DataFrame, plain_truth: pd.Series
) -> None:
    def lift(day: str) -> float:
        normal = sum(plain_truth[q][day : f"{day} 23:45"].sum() for q in QUEUES)
        return float(daily.loc[day].sum() / normal)

    lifts = [lift(f"{year}-11-11") for year in (2023, 2024, 2025)]
    assert max(lifts) / min(lifts) > 1.1


def test_counts_are_over_dispersed_around_the_truth(shop: SampleShop) -> None:
    history = shop.history.drop_duplicates(["interval_start", "queue"])
    merged = history.merge(shop.truth, on=["interval_start", "queue"])
    normal = merged[merged["interval_start"].between("2025-09-01", "2025-09-26 23:45")]
    residual = normal["inquiries"] - normal["expected_inquiries"]
    # Poisson alone: E[residual²] = E[rate]; the gamma mixing adds about 0.05 · rate²
    assert (residual**2).mean() > 2 * normal["expected_inquiries"].mean()
    assert abs(residual.mean()) < 0.02 * normal["expected_inquiries"].mean()


def test_human_inquiries_follow_a_bot_resolution_of_30_to_40_percent_drifting_up(
    shop: SampleShop,
) -> None:
    history = shop.history
    assert (history["human_inquiries"] <= history["inquiries"]).all()
    assert (history["human_inquiries"] >= 0).all()
    year = history["interval_start"].dt.year
    totals = history.groupby(year)[["inquiries", "human_inquiries"]].sum()
    resolved = 1 - totals["human_inquiries"] / totals["inquiries"]
    assert resolved.between(0.28, 0.42).all(), resolved
    assert resolved[2023] < resolved[2024] < resolved[2025]


def test_truth_has_no_defects_history_has_the_planted_ones(shop: SampleShop) -> None:
    history, truth = shop.history, shop.truth
    assert (truth["expected_inquiries"] > 0).all()
    assert not truth.duplicated(["interval_start", "queue"]).any()
    kinds = sorted(d.kind for d in shop.planted_defects)
    assert kinds == ["duplicate", "gap", "outage", "outage"]
    for defect in shop.planted_defects:
        rows = history.iloc[list(defect.rows)]
        span = history[
            (history["queue"] == defect.queue)
            & history["interval_start"].between(defect.start, defect.end)
        ]
        if defect.kind == "outage":
            assert defect.start.year == 2024 and 5 <= defect.start.month <= 8
            assert _is_plain_day(defect.start) and defect.start.day_of_week < 5
            duration = defect.end + pd.Timedelta(minutes=15) - defect.start
            assert pd.Timedelta(hours=2.5) <= duration <= pd.Timedelta(hours=3)
            assert defect.start.hour >= 10 and defect.end.hour < 13
            assert rows.index.equals(span.index) and len(rows) >= 10
            assert (rows[["inquiries", "human_inquiries"]] == 0).all().all()
            expected = truth[
                (truth["queue"] == defect.queue)
                & truth["interval_start"].between(defect.start, defect.end)
            ]
            assert (expected["expected_inquiries"] > 50).all()  # a busy time: clearly an outage
        elif defect.kind == "duplicate":
            assert defect.start.year == 2025 and len(rows) == 2
            assert rows.index[1] == rows.index[0] + 1  # right after the original
            assert rows.iloc[0].equals(rows.iloc[1])
        else:
            assert defect.kind == "gap" and defect.start.year == 2025 and span.empty
            missing = pd.date_range(defect.start, defect.end, freq="15min")
            assert len(missing) == 4 and (missing.hour < 6).all()
            other = history[
                (history["queue"] != defect.queue) & history["interval_start"].isin(missing)
            ]
            assert len(other) == 4
    outages = [d for d in shop.planted_defects if d.kind == "outage"]
    assert {d.queue for d in outages} == QUEUES
    assert len({(d.start, d.end) for d in outages}) == 1  # the same outage on both queues


def test_validation_finds_exactly_the_planted_defects(shop: SampleShop) -> None:
    from forecaster.validation import read_history

    buffer = io.BytesIO(shop.history.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode())
    found = read_history(buffer, name="sample_history.csv")
    planted = shop.planted_defects
    assert {(o.queue, o.start, o.end) for o in found.outages} == {
        (d.queue, d.start, d.end) for d in planted if d.kind == "outage"
    }
    assert [(g.queue, g.start, g.end) for g in found.gaps] == [
        (d.queue, d.start, d.end) for d in planted if d.kind == "gap"
    ]
    assert len(found.duplicate_rows) == 1


def test_main_writes_byte_reproducible_gzip_csvs(tmp_path: Path) -> None:
    args = ["--start", "2025-11-09", "--end", "2025-11-12"]
    assert main(["--out", str(tmp_path / "a"), *args]) == 0
    assert main(["--out", str(tmp_path / "b"), *args]) == 0
    for name in ("sample_history.csv.gz", "sample_truth.csv.gz"):
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first[4:8] == b"\0\0\0\0"  # gzip header mtime
    text = gzip.decompress((tmp_path / "a" / "sample_history.csv.gz").read_bytes()).decode()
    lines = text.splitlines()
    assert lines[0] == "interval_start,queue,inquiries,human_inquiries"
    assert lines[1].startswith("2025-11-09 00:00:00,aftersale,")
    assert len(lines) == 1 + 4 * 96 * 2  # no defect falls in this range
    truth = pd.read_csv(tmp_path / "a" / "sample_truth.csv.gz")
    assert list(truth.columns) == ["interval_start", "queue", "expected_inquiries"]
    assert (truth["expected_inquiries"].round(3) == truth["expected_inquiries"]).all()


def test_main_reports_an_unusable_calendar_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "calendar.csv"
    bad.write_text("event,phase,begin,end\n双11 2025,wave,2025-10-31 20:00,2025-11-11 23:59\n")
    assert main(["--out", str(tmp_path / "out"), "--calendar", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing column 'start'" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_shipped_files_equal_a_fresh_regeneration(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    for name in ("sample_history.csv.gz", "sample_truth.csv.gz"):
        shipped = pd.read_csv(DATA / name)
        fresh = pd.read_csv(tmp_path / name)
        pd.testing.assert_frame_equal(fresh, shipped, check_exact=True, obj=name)
