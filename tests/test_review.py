"""Post-campaign review: the small sample plan (2025-11-10..11) against the sample's actuals."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from forecaster.capacity import requirements
from forecaster.errors import InputDataError
from forecaster.pipeline import PlanResult
from forecaster.review import REVIEW_FILES, ReviewResult, align_actuals, review_plan, write_review
from forecaster.validation import History, read_history

HORIZON = (pd.Timestamp("2025-11-10"), pd.Timestamp("2025-11-12"))


def _in_horizon(frame: pd.DataFrame) -> pd.Series:
    return (frame["interval_start"] >= HORIZON[0]) & (frame["interval_start"] < HORIZON[1])


@pytest.fixture(scope="module")
def history(sample_inputs: tuple[Any, Any, Any]) -> History:
    return sample_inputs[0]


@pytest.fixture(scope="module")
def plan(small_plan: PlanResult) -> PlanResult:
    return small_plan


@pytest.fixture(scope="module")
def review(plan: PlanResult, history: History) -> ReviewResult:
    return review_plan(plan, history, replications=2)


def test_review_writes_every_file(review: ReviewResult, tmp_path: Path) -> None:
    import warnings

    from forecaster.report_charts import cjk_font

    with warnings.catch_warnings():
        if cjk_font() is not None:  # Chinese charts with the queues' names, no empty boxes
            warnings.simplefilter("error")  # matplotlib's "Glyph ... missing" is a warning
        written = write_review(review, tmp_path / "review", language="zh")
    assert [p.name for p in written] == list(REVIEW_FILES)
    for path in written:
        assert path.stat().st_size > 0, path.name
    for path in written[:5]:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM"
    for path in written[6:]:
        assert path.read_bytes().startswith(b"\x89PNG"), path.name
    summary = json.loads((tmp_path / "review" / "review_summary.json").read_text("utf-8"))
    assert summary["intervals_compared"] == len(review.intervals)
    assert summary["display_names"] == {"presale": "售前", "aftersale": "售后"}
    intervals = pd.read_csv(tmp_path / "review" / "review_intervals.csv", encoding="utf-8-sig")
    assert len(intervals) == len(review.intervals)
    assert intervals["actual"].sum() == pytest.approx(review.intervals["actual"].sum())


def test_actuals_are_conserved_from_file_to_day(
    review: ReviewResult, history: History, plan: PlanResult
) -> None:
    frame = history.frame
    expected = float(frame.loc[_in_horizon(frame), "inquiries"].sum())
    intervals = review.intervals
    assert len(intervals) == len(plan.forecast)  # one row per plan interval and queue
    assert (intervals["status"] == "compared").all()
    assert intervals["actual"].sum() == pytest.approx(expected)
    assert review.daily["actual"].sum() == pytest.approx(expected)
    assert review.hourly["actual"].sum() == pytest.approx(expected)
    assert review.summary["actual_inquiries"] == pytest.approx(expected)
    assert review.daily["forecast"].sum() == pytest.approx(plan.forecast["mean"].sum())
    assert review.summary["intervals_excluded"] == {"missing": 0, "outage": 0}


def test_error_is_forecast_minus_actual_and_wape_adds_up(review: ReviewResult) -> None:
    rows = review.intervals
    assert np.allclose(rows["error"], rows["forecast_mean"] - rows["actual"])
    wape = (rows["forecast_mean"] - rows["actual"]).abs().sum() / rows["actual"].sum()
    assert review.summary["wape"] == pytest.approx(wape, abs=1e-4)
    in_band = (rows["actual"] >= rows["forecast_p10"]) & (rows["actual"] <= rows["forecast_p90"])
    assert review.summary["band_coverage_p10_p90"] == pytest.approx(in_band.mean(), abs=1e-4)


def test_under_served_means_required_at_actual_above_rostered(review: ReviewResult) -> None:
    rows = review.intervals
    short = rows[rows["required_headcount"] > rows["scheduled"]]
    under = review.under_served
    assert len(under) == len(short) == review.summary["under_served_intervals"]
    # outsourced agents count 0.85: headcounts are kept to 0.01, as in coverage.csv
    gap = (under["required_headcount"] - under["scheduled"]).astype(float)
    assert np.allclose(under["shortfall_headcount"].astype(float), gap, atol=0.005)
    assert under["shortfall_agent_hours"].sum() == pytest.approx(  # the summary's to 0.01
        review.summary["shortfall_agent_hours"], abs=0.005
    )


def test_over_staffed_hours_are_costed_at_the_average_paid_hour(
    review: ReviewResult, plan: PlanResult
) -> None:
    rate = plan.roster.summary["total_cost"] / plan.roster.summary["paid_hours"]
    over = review.over_staffed
    rows = review.intervals[review.intervals["status"] == "compared"]  # with actuals
    assert over["excess_hours"].sum() == pytest.approx(rows["excess_headcount"].sum() * 0.25)
    # the table's counts are whole agents (outsourced agents count 0.85 each, so the
    # scheduled headcount is rounded on its own): each row's excess is theirs within one
    gap = (rows["scheduled"] - rows["required_headcount"]).clip(lower=0)
    assert (gap - rows["excess_headcount"]).abs().max() <= 1
    assert np.allclose(over["excess_cost"], over["excess_hours"] * rate)
    assert review.summary["cost_per_paid_hour"] == pytest.approx(rate, abs=0.01)


def test_actuals_equal_to_the_forecast_mean_give_no_error(plan: PlanResult) -> None:
    actuals = plan.forecast.rename(columns={"mean": "inquiries"})
    result = review_plan(plan, actuals[["interval_start", "queue", "inquiries"]], replications=2)
    assert result.summary["wape"] == pytest.approx(0.0, abs=1e-9)
    assert result.summary["bias"] == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(result.intervals["error"], 0.0)
    plan_short = int((plan.roster.coverage["shortfall"] > 0).sum())
    assert result.summary["under_served_intervals"] <= plan_short


def test_the_review_staffs_the_hours_the_plan_opened_on_the_peak_night(
    review: ReviewResult, plan: PlanResult
) -> None:
    """11-11 00:00 is open only through the calendar's peak-day phase_service_hours: the
    review keeps the plan's open hours there (it used to take the config's 08:00-24:00,
    staffing the year's busiest quarter-hour at 0 and counting its agents as excess)."""
    at = review.intervals[
        (review.intervals["interval_start"] == pd.Timestamp("2025-11-11 00:00"))
        & (review.intervals["queue"] == "presale")
    ].iloc[0]
    planned = plan.requirements
    opened = planned[
        (planned["interval_start"] == pd.Timestamp("2025-11-11 00:00"))
        & (planned["queue"] == "presale")
    ]["open"].iloc[0]
    assert bool(opened)
    assert at["required_headcount"] > 100
    assert not np.isnan(at["simulated_service_level"])


def test_twice_the_actuals_under_serve_more_and_lower_service(
    plan: PlanResult, history: History, review: ReviewResult
) -> None:
    doubled = dataclasses.replace(
        history, frame=history.frame.assign(inquiries=history.frame["inquiries"] * 2)
    )
    result = review_plan(plan, doubled, replications=2)
    assert result.summary["under_served_intervals"] > review.summary["under_served_intervals"]
    assert result.summary["simulated_service_level"] < review.summary["simulated_service_level"]
    assert result.summary["abandoned_inquiries"] > review.summary["abandoned_inquiries"]
    assert result.summary["bias"] < 0  # the forecast was now far too low


def test_missing_and_outage_intervals_are_excluded_not_zero(
    plan: PlanResult, history: History, review: ReviewResult
) -> None:
    frame = history.frame
    inside = frame[_in_horizon(frame)]
    dropped = inside[inside["queue"] == "presale"].index[40:50]  # 10 intervals on 11-10
    flagged = inside[inside["queue"] == "aftersale"].index[100:104]  # 4 intervals on 11-11
    damaged = frame.drop(index=dropped).copy()
    damaged.loc[flagged, "outage"] = True
    result = review_plan(plan, dataclasses.replace(history, frame=damaged), replications=2)

    s = result.summary
    assert s["intervals_excluded"] == {"missing": 10, "outage": 4}
    assert s["intervals_compared"] == len(plan.forecast) - 14
    rows = result.intervals
    excluded = rows[rows["status"] != "compared"]
    assert len(excluded) == 14
    assert excluded["actual"].isna().all()  # never read as zero arrivals
    assert excluded["required_headcount"].isna().all()
    assert excluded["simulated_service_level"].isna().all()
    lost = frame.loc[dropped, "inquiries"].sum() + frame.loc[flagged, "inquiries"].sum()
    assert s["actual_inquiries"] == pytest.approx(review.summary["actual_inquiries"] - lost)
    assert result.daily["excluded_intervals"].sum() == 14
    assert result.daily["actual"].sum() == pytest.approx(s["actual_inquiries"])
    kept = rows["status"] == "compared"
    assert s["forecast_inquiries"] == pytest.approx(rows.loc[kept, "forecast_mean"].sum(), abs=0.1)


def _write_history(frame: pd.DataFrame, path: Path) -> History:
    frame.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S")
    return read_history(path)


def test_coarser_actuals_raise_naming_the_source(
    plan: PlanResult, history: History, tmp_path: Path
) -> None:
    frame = history.frame
    near = frame[
        (frame["interval_start"] >= "2025-11-01") & (frame["interval_start"] < "2025-11-15")
    ]
    hourly = (
        near.assign(interval_start=near["interval_start"].dt.floor("60min"))
        .groupby(["interval_start", "queue"], as_index=False)["inquiries"]
        .sum()
    )
    actuals = _write_history(hourly, tmp_path / "hourly_actuals.csv")
    assert actuals.interval_minutes == 60
    with pytest.raises(InputDataError, match=r"hourly_actuals\.csv is at 60-minute") as info:
        review_plan(plan, actuals, replications=1)
    assert "\n" not in str(info.value)


def test_actuals_missing_a_queue_raise(plan: PlanResult, history: History, tmp_path: Path) -> None:
    frame = history.frame
    presale = frame[(frame["queue"] == "presale") & _in_horizon(frame)]
    actuals = _write_history(
        presale[["interval_start", "queue", "inquiries"]], tmp_path / "presale_only.csv"
    )
    with pytest.raises(
        InputDataError, match=r"presale_only\.csv has no actuals for queue 'aftersale'"
    ):
        review_plan(plan, actuals, replications=1)


def test_actuals_outside_the_horizon_raise(plan: PlanResult, history: History) -> None:
    frame = history.frame
    before = frame[frame["interval_start"] < "2025-11-01"]
    with pytest.raises(InputDataError, match="no actuals in the plan horizon 2025-11-10 00:00"):
        review_plan(plan, dataclasses.replace(history, frame=before), replications=1)


def test_finer_actuals_are_summed_onto_a_30_minute_plan(plan: PlanResult, history: History) -> None:
    """A 30-minute version of the small plan (same roster, halves' minimum present)."""
    config = plan.config.with_overrides({"interval_minutes": 30})
    keys = ["interval_start", "queue"]
    fc = plan.forecast.assign(interval_start=plan.forecast["interval_start"].dt.floor("30min"))
    fc = fc.groupby(keys, as_index=False).sum()
    cov = plan.roster.coverage
    cov = (
        cov.assign(interval_start=cov["interval_start"].dt.floor("30min"))
        .groupby(keys, as_index=False)
        .agg(required=("required", "max"), scheduled=("scheduled", "min"))
    )
    cov["shortfall"] = (cov["required"] - cov["scheduled"]).clip(lower=0)
    plan30 = dataclasses.replace(
        plan,
        forecast=fc,
        requirements=requirements(fc, config),
        roster=dataclasses.replace(plan.roster, coverage=cov),
        config=config,
    )
    frame = history.frame
    inside = frame[_in_horizon(frame)]
    half = inside[inside["queue"] == "presale"].index[81]  # 2025-11-10 20:15, second half
    damaged = dataclasses.replace(history, frame=frame.drop(index=[half]))
    result = review_plan(plan30, damaged, replications=1)

    rows = result.intervals.set_index(keys)
    assert len(rows) == len(fc)
    expected = (
        inside.assign(interval_start=inside["interval_start"].dt.floor("30min"))
        .groupby(keys)["inquiries"]
        .sum()
    )
    compared = rows["status"] == "compared"
    assert np.allclose(rows.loc[compared, "actual"], expected.loc[rows.index[compared]])
    # a 30-minute interval with one 15-minute half missing is excluded, never half-counted
    assert rows.loc[(pd.Timestamp("2025-11-10 20:00"), "presale"), "status"] == "missing"
    assert result.summary["intervals_excluded"] == {"missing": 1, "outage": 0}
    assert result.summary["actual_inquiries"] == pytest.approx(
        inside["inquiries"].sum() - expected.loc[(pd.Timestamp("2025-11-10 20:00"), "presale")]
    )


def test_align_actuals_sums_quarter_hours_of_a_frame() -> None:
    forecast = pd.DataFrame(
        {
            "interval_start": pd.to_datetime(["2025-11-11 20:00", "2025-11-11 21:00"]),
            "queue": "all",
            "mean": [10.0, 10.0],
        }
    )
    stamps = pd.date_range("2025-11-11 19:45", periods=9, freq="15min")
    actuals = pd.DataFrame({"interval_start": stamps, "inquiries": np.arange(9.0)})
    actuals.loc[6, "inquiries"] = np.nan  # 21:15 has no count: the 21:00 hour is missing
    aligned = align_actuals(actuals, forecast, 60)
    assert aligned["status"].tolist() == ["compared", "missing"]
    assert aligned["actual"].iloc[0] == 1 + 2 + 3 + 4
    assert np.isnan(aligned["actual"].iloc[1])


def test_the_plans_open_hours_read_from_text_keep_closed_hours_closed(plan: PlanResult) -> None:
    """A plan's requirements read back from CSV hold ``open`` as text: "False" stays closed."""
    opened = plan.requirements[["interval_start", "queue", "open"]]
    text = opened.assign(open=opened["open"].map(str))
    columns = {c: plan.forecast[c] for c in ("mean", "p10", "p50", "p80", "p90", "p95")
               if c in plan.forecast}  # fmt: skip
    fc = plan.forecast[["interval_start", "queue"]].assign(**columns)
    as_bool = requirements(fc, plan.config, open_as=opened)
    as_text = requirements(fc, plan.config, open_as=text)
    assert (as_bool["open"] == as_text["open"]).all() and not as_text["open"].all()


def test_hours_the_plan_closed_are_not_missing_when_the_export_leaves_them_out() -> None:
    """An install queue closed 22:00-08:00: its export has no rows there and the plan's
    forecast is 0. Those hours compare as 0, not as missing data (210 "missing" intervals
    on an outside reviewer's shop); an open hour without rows is still missing."""
    forecast = pd.DataFrame(
        {
            "interval_start": pd.to_datetime(
                ["2025-11-11 21:00", "2025-11-11 22:00", "2025-11-11 23:00", "2025-11-12 08:00"]
            ),
            "queue": "install",
            "mean": [4.0, 0.0, 0.0, 6.0],
        }
    )
    actuals = pd.DataFrame(
        {"interval_start": pd.to_datetime(["2025-11-11 21:00"]), "queue": "install",
         "inquiries": [5.0]}
    )  # fmt: skip
    aligned = align_actuals(actuals, forecast, 60)
    assert aligned["status"].tolist() == ["compared", "compared", "compared", "missing"]
    assert aligned["actual"].tolist()[:3] == [5.0, 0.0, 0.0]


def test_actuals_naming_queues_as_people_read_them_are_reviewed(plan: PlanResult) -> None:
    """An export whose queues are the config's display names (售前, 售后; 安装预约 for an
    install queue) reviews the plan made from it (it said "no actuals for queue 'presale'")."""
    shown = plan.config.display_names()
    actuals = plan.forecast.rename(columns={"mean": "inquiries"})
    actuals = actuals.assign(queue=actuals["queue"].map(shown))
    assert set(actuals["queue"]) == {"售前", "售后"}
    result = review_plan(plan, actuals[["interval_start", "queue", "inquiries"]], replications=2)
    assert result.summary["wape"] == pytest.approx(0.0, abs=1e-9)


def test_actuals_of_a_queue_the_plan_lacks_are_said_not_dropped_in_silence(
    plan: PlanResult, history: History
) -> None:
    frame = history.frame
    inside = frame[_in_horizon(frame)][["interval_start", "queue", "inquiries"]]
    live = inside[inside["queue"] == "presale"].assign(queue="直播间")
    lines: list[str] = []
    review_plan(plan, pd.concat([inside, live]), replications=1, progress=lines.append)
    said = [line for line in lines if getattr(line, "id", "") == "rv.other_queue"]
    assert len(said) == 1 and f"直播间 is not in the plan ({len(live):,} rows)" in said[0]
