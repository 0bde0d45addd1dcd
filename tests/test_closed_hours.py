"""Closed hours and closed days (issue 15): a queue open weekdays 07:00-21:00 is forecast, its
nights and weekends are neither gaps nor outages, and the forecast there is exactly 0."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from forecaster.forecast import MODELS, QUANTILES, forecast, make_model
from forecaster.messages import render
from forecaster.opening import OpeningHours, opening_hours
from forecaster.validation import History, build_report, read_history
from tests.conftest import to_csv_bytes

START = "2025-03-03"  # a Monday
WEEKS = 10
FORECAST_DAY = pd.Timestamp(START) + pd.Timedelta(weeks=WEEKS)  # the Monday after


def bank_rate(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Calls per 15 minutes of a weekday 07:00-21:00 call centre: a morning peak and an
    afternoon shoulder, Mondays 20 % busier, 0 outside the opening hours."""
    hours = stamps.hour.to_numpy() + stamps.minute.to_numpy() / 60
    shape = (
        30
        + 50 * np.exp(-0.5 * ((hours - 10.5) / 1.5) ** 2)
        + 25 * np.exp(-0.5 * ((hours - 15) / 2.0) ** 2)
    )
    dow = stamps.day_of_week.to_numpy()
    weekday = np.array([1.2, 1.0, 1.0, 0.97, 0.93, 0.0, 0.0])[dow]
    open_ = (hours >= 7) & (hours < 21)
    return np.where(open_, shape * weekday, 0.0)


@cache
def bank_history(fill_zeros: bool = False, seed: int = 5) -> pd.DataFrame:
    """Ten weeks of the call centre at 15 minutes: rows only while open (as the export
    comes), or, with ``fill_zeros``, every interval with zeros while closed."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range(START, periods=WEEKS * 7 * 96, freq="15min")
    rate = bank_rate(stamps)
    frame = pd.DataFrame(
        {"interval_start": stamps, "queue": "calls", "inquiries": rng.poisson(rate)}
    )
    return frame if fill_zeros else frame[rate > 0].reset_index(drop=True)


def loaded(frame: pd.DataFrame) -> History:
    return read_history(to_csv_bytes(frame), name="calls.csv")


@pytest.mark.parametrize("fill_zeros", [False, True], ids=["rows only while open", "zeros"])
def test_nights_and_weekends_are_neither_gaps_nor_outages(fill_zeros: bool) -> None:
    history = loaded(bank_history(fill_zeros))
    assert history.gaps == () and history.outages == ()
    assert not history.frame["outage"].any()
    (opening,) = [f for f in history.findings if f.code == "opening"]
    assert opening.severity == "info"
    assert "queue calls open mon–fri 07:00–21:00; closed sat–sun" in opening.message
    assert "closed hours are not gaps" in opening.message
    assert "周一至周五 07:00–21:00；周六至周日不营业" in render(opening.message, "zh")
    text = build_report(history).to_text()
    assert "open mon–fri 07:00–21:00" in text and "Gaps: 0 missing" in text


def test_opening_hours_per_weekday_and_slot() -> None:
    (hours,) = opening_hours(bank_history(), 15).values()
    assert isinstance(hours, OpeningHours) and not hours.always_open
    assert hours.open_days.tolist() == [True] * 5 + [False] * 2
    monday = hours.weekly[0]
    assert monday[28:84].all() and not monday[:28].any() and not monday[84:].any()


@pytest.mark.parametrize("fill_zeros", [False, True], ids=["rows only while open", "zeros"])
def test_forecast_is_zero_when_closed_and_close_to_the_truth_when_open(fill_zeros: bool) -> None:
    week = pd.date_range(FORECAST_DAY, periods=7 * 96, freq="15min")
    fc = forecast(bank_history(fill_zeros), None, week[0], week[-1])
    assert fc["interval_start"].tolist() == week.tolist()
    truth = bank_rate(week)
    closed = truth == 0
    assert (fc.loc[closed, ["mean", *QUANTILES]].to_numpy() == 0).all()
    assert (fc.loc[~closed, "mean"] > 0).all()
    hourly = pd.DataFrame({"hour": week.floor("h"), "fc": fc["mean"], "truth": truth})
    hourly = hourly.groupby("hour").sum()
    hourly = hourly[hourly["truth"] > 0]
    assert (hourly["fc"] - hourly["truth"]).abs().sum() / hourly["truth"].sum() < 0.04
    days = hourly.groupby(hourly.index.normalize()).sum()
    assert days["fc"].to_numpy() == pytest.approx(days["truth"].to_numpy(), rel=0.04)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_forecasts_zero_in_closed_hours(name: str) -> None:
    fc = forecast(
        bank_history(), None, FORECAST_DAY, FORECAST_DAY + pd.Timedelta(days=6), model=name
    )
    closed = bank_rate(pd.DatetimeIndex(fc["interval_start"])) == 0
    assert (fc.loc[closed, ["mean", *QUANTILES]].to_numpy() == 0).all(), name
    assert fc.loc[~closed, "mean"].sum() > 0, name


def test_hourly_forecast_of_a_closed_hour_is_zero_and_one_interval_matches_its_day() -> None:
    day = forecast(bank_history(), None, FORECAST_DAY, FORECAST_DAY, interval_minutes=60)
    assert day.loc[day["interval_start"].dt.hour < 7, "mean"].eq(0).all()
    alone = forecast(
        bank_history(),
        None,
        FORECAST_DAY + pd.Timedelta(hours=9),
        FORECAST_DAY + pd.Timedelta(hours=9),
        interval_minutes=60,
    )
    at_nine = day.loc[day["interval_start"].dt.hour == 9, "mean"].iloc[0]
    assert alone["mean"].iloc[0] == pytest.approx(at_nine)


def test_a_shop_closed_on_sundays_keeps_its_saturday_level() -> None:
    """Saturday is busier than the weekdays, Sunday closed: the closed Sundays must not pull
    the weekend down, and Saturday keeps its own level."""
    rng = np.random.default_rng(11)
    stamps = pd.date_range(START, periods=WEEKS * 7 * 96, freq="15min")
    hours = stamps.hour.to_numpy()
    day_level = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.6, 0.0])[stamps.day_of_week.to_numpy()]
    rate = np.where((hours >= 9) & (hours < 22), 20.0 * day_level, 0.0)
    frame = pd.DataFrame(
        {"interval_start": stamps, "queue": "shop", "inquiries": rng.poisson(rate)}
    )
    history = loaded(frame)
    assert history.outages == () and history.gaps == ()
    week = pd.date_range(FORECAST_DAY, periods=7 * 96, freq="15min")
    fc = forecast(history, None, week[0], week[-1]).assign(day=week.normalize())
    per_day = fc.groupby("day")["mean"].sum()
    saturday, sunday = per_day.iloc[5], per_day.iloc[6]
    assert sunday == 0
    assert saturday == pytest.approx(1.6 * 20 * 52, rel=0.08)
    assert per_day.iloc[:5].to_numpy() == pytest.approx(20 * 52, rel=0.08)


def test_a_missing_open_day_is_still_a_gap() -> None:
    frame = bank_history()
    missing_day = pd.Timestamp(START) + pd.Timedelta(weeks=6, days=2)  # a Wednesday
    holed = frame[frame["interval_start"].dt.normalize() != missing_day]
    history = loaded(holed)
    (gap,) = history.gaps
    assert gap.start == missing_day + pd.Timedelta(hours=7)
    assert gap.end == missing_day + pd.Timedelta(hours=20, minutes=45)
    assert gap.intervals == 56  # the open hours only, not the night around them
    assert forecast(history, None, FORECAST_DAY, FORECAST_DAY)["mean"].sum() > 0


def test_two_missing_open_days_are_one_gap_across_the_closed_night() -> None:
    """A shop closed at night missing Tuesday and Wednesday: one gap from Tuesday's opening
    to Wednesday's last open slot, counting open slots only (it was one gap a day, and
    ``validate`` listed a two-day export hole as four pieces for two queues)."""
    frame = bank_history()
    tuesday = pd.Timestamp(START) + pd.Timedelta(weeks=6, days=1)
    days = frame["interval_start"].dt.normalize()
    history = loaded(frame[~days.isin([tuesday, tuesday + pd.Timedelta(days=1)])])
    (gap,) = history.gaps
    assert gap.start == tuesday + pd.Timedelta(hours=7)
    assert gap.end == tuesday + pd.Timedelta(days=1, hours=20, minutes=45)
    assert gap.intervals == 2 * 56


def test_zeros_in_a_busy_open_slot_are_still_an_outage() -> None:
    frame = bank_history().copy()
    day = pd.Timestamp(START) + pd.Timedelta(weeks=7, days=1)  # a Tuesday
    broken = frame["interval_start"].between(
        day + pd.Timedelta(hours=10), day + pd.Timedelta(hours=11, minutes=45)
    )
    frame.loc[broken, "inquiries"] = 0
    history = loaded(frame)
    (outage,) = history.outages
    assert outage.start == day + pd.Timedelta(hours=10) and outage.intervals == 8
    assert history.frame["outage"].sum() == 8


def test_zeros_of_a_weekday_never_open_are_a_closed_day_not_an_outage() -> None:
    """Saturdays exported as zeros every week: closed, not eight weeks of outages; but one
    Saturday of zeros in a shop open on Saturdays is an outage."""
    history = loaded(bank_history(fill_zeros=True))
    assert history.outages == ()
    frame = bank_history(fill_zeros=True).copy()
    saturday = frame["interval_start"].dt.day_of_week == 5
    hours = frame["interval_start"].dt.hour
    frame.loc[saturday & (hours >= 7) & (hours < 21), "inquiries"] = 40
    one = frame["interval_start"].dt.normalize() == pd.Timestamp(START) + pd.Timedelta(
        weeks=5, days=5
    )
    frame.loc[one, "inquiries"] = 0
    assert len(loaded(frame).outages) == 1


def test_a_slot_served_in_recent_weeks_is_open() -> None:
    """Hours extended to 22:00 in the last four weeks: 21:00-22:00 is open now."""
    frame = bank_history(fill_zeros=True).copy()
    stamps = frame["interval_start"]
    late = (stamps >= pd.Timestamp(START) + pd.Timedelta(weeks=6)) & (stamps.dt.hour == 21)
    late &= stamps.dt.day_of_week < 5
    frame.loc[late, "inquiries"] = 25
    (hours,) = opening_hours(frame, 15).values()
    assert hours.weekly[0, 84:88].all() and not hours.weekly[0, 88:].any()
    fc = forecast(frame, None, FORECAST_DAY, FORECAST_DAY)
    at_21 = fc[fc["interval_start"].dt.hour == 21]["mean"]
    assert (at_21 > 0).all()


def test_a_campaign_that_crossed_closed_weekends_last_year_is_not_zero_on_weekdays() -> None:
    """A shop closed at weekends whose presale ran Saturday to the next Monday last year and
    runs Monday to Wednesday of the next week this year: last year's closed Saturday and Sunday
    are no evidence of a lift of 0 (neither for the lift curve nor for the aligned analog), so
    every open day of this year's presale is forecast near its true doubled level."""
    rng = np.random.default_rng(3)
    stamps = pd.date_range("2023-09-04", "2025-10-19 23:00", freq="60min")
    hours = stamps.hour.to_numpy()
    open_ = (hours >= 8) & (hours < 20) & (stamps.day_of_week.to_numpy() < 5)
    phases = [("presale", "2023-10-21", "2023-10-30"), ("presale", "2024-10-19", "2024-10-28")]
    calendar = pd.DataFrame(
        [(f"Fest {start[:4]}", name, start, f"{end} 23:59") for name, start, end in phases]
        + [("Fest 2025", "presale", "2025-10-20", "2025-10-29 23:59")],
        columns=["event", "phase", "start", "end"],
    ).assign(start=lambda f: pd.to_datetime(f["start"]), end=lambda f: pd.to_datetime(f["end"]))
    lift = np.ones(len(stamps))
    for _, row in calendar.iterrows():
        lift[(stamps >= row["start"]) & (stamps <= row["end"])] = 2.0
    rate = np.where(open_, 20.0 * lift, 0.0)
    history = pd.DataFrame(
        {"interval_start": stamps, "queue": "shop", "inquiries": rng.poisson(rate)}
    )
    history = history[open_].reset_index(drop=True)
    fc = forecast(history, calendar, "2025-10-20", "2025-10-31 23:00")
    per_day = fc.assign(day=fc["interval_start"].dt.normalize()).groupby("day")["mean"].sum()
    presale = per_day["2025-10-20":"2025-10-29"]
    open_days = presale[presale.index.day_of_week < 5]
    assert (presale[presale.index.day_of_week >= 5] == 0).all()
    assert open_days.to_numpy() == pytest.approx(2 * 20 * 12, rel=0.2)


@cache
def office_days_history(backlog: float = 0.0) -> pd.DataFrame:
    """A B2B service desk keeping office days: open 09:00-18:00 on working days (调休 make-up
    weekends included), closed on weekends and statutory holidays; rows only while open.
    With ``backlog``, the first day back after closed holidays also serves that share of an
    ordinary day per holiday weekday it was closed, between 09:00 and 12:00."""
    from forecaster.holidays import holiday_features

    rng = np.random.default_rng(8)
    stamps = pd.date_range("2024-09-02", "2025-12-31 23:00", freq="60min")
    features = holiday_features(stamps.normalize())
    holiday = features[["spring_festival", "national_day", "other_holiday"]].sum(axis=1) > 0
    makeup = features["makeup_workday"] > 0
    workday = ((stamps.day_of_week < 5) | makeup.to_numpy()) & ~holiday.to_numpy()
    hours = stamps.hour.to_numpy()
    open_ = workday & (hours >= 9) & (hours < 18)
    rate = np.where(open_, 15.0, 0.0)
    if backlog:
        days = pd.Series(workday, index=stamps).groupby(stamps.normalize()).first()
        weekday = days.index.day_of_week < 5
        missed = 0
        for day, works in days.items():
            if not works:
                missed += int(weekday[days.index.get_loc(day)])
                continue
            if missed:
                morning = (stamps.normalize() == day) & (hours >= 9) & (hours < 12)
                rate[morning] += backlog * missed * 15 * 9 / 3
            missed = 0
    frame = pd.DataFrame(
        {"interval_start": stamps, "queue": "desk", "inquiries": rng.poisson(rate)}
    )
    return frame[open_].reset_index(drop=True)


def test_office_days_close_on_holidays_and_open_on_make_up_weekends() -> None:
    """Weekly hours alone would call Saturday open (a make-up Saturday was served in the recent
    weeks) and every holiday Wednesday an outage; the calendar rules know better: the
    validator sees no outage, and the 2026 Spring Festival week is forecast closed while its
    make-up Saturdays get a working day's volume."""
    frame = office_days_history()
    history = loaded(frame)
    assert history.outages == ()
    (hours,) = opening_hours(frame, 60).values()
    assert hours.closed_holidays == {"spring_festival", "national_day", "other_holiday"}
    assert hours.makeup is not None and hours.makeup[9:18].all() and not hours.makeup[18:].any()
    assert hours.open_days.tolist() == [True] * 5 + [False] * 2
    (opening,) = [f for f in history.findings if f.code == "opening"]
    assert "closed on public holidays" in opening.message
    assert "法定节假日不营业" in render(opening.message, "zh")

    fc = forecast(history, None, "2026-02-09", "2026-03-01")
    per_day = fc.assign(day=fc["interval_start"].dt.normalize()).groupby("day")["mean"].sum()
    spring_festival = per_day["2026-02-15":"2026-02-23"]
    assert (spring_festival == 0).all()
    assert per_day[["2026-02-14", "2026-02-28"]].to_numpy() == pytest.approx(15 * 9, rel=0.25)
    assert per_day[["2026-02-21", "2026-02-22", "2026-03-01"]].sum() == 0
    assert per_day[["2026-02-10", "2026-02-11", "2026-02-26"]].to_numpy() == pytest.approx(
        15 * 9, rel=0.2
    )


def test_the_first_day_back_after_closed_holidays_serves_their_backlog() -> None:
    """The desk's first day back serves 40 % of a day per holiday weekday it was closed, in
    its morning. The days back are left out of the ordinary days and learned on their own:
    the Tuesday after the 2026 Spring Festival (six holiday weekdays) is forecast at 3.4
    ordinary days, most of the extra before noon; the days around it stay ordinary. A
    Monday after an ordinary weekend has no backlog."""
    from forecaster.forecast import backlog_days

    history = loaded(office_days_history(backlog=0.4))
    (hours,) = opening_hours(office_days_history(backlog=0.4), 60).values()
    days = pd.date_range("2026-02-09", "2026-03-03")
    counts = pd.Series(backlog_days(hours, days), index=days)
    assert counts["2026-02-24"] == 6  # 02-16..02-20 and 02-23 closed
    assert counts.drop(pd.Timestamp("2026-02-24")).eq(0).all()  # Mondays 02-09, 03-02: 0

    fc = forecast(history, None, "2026-02-09", "2026-03-01")
    fc["day"] = fc["interval_start"].dt.normalize()
    per_day = fc.groupby("day")["mean"].sum()
    ordinary = 15 * 9
    assert per_day["2026-02-24"] == pytest.approx(ordinary * (1 + 0.4 * 6), rel=0.2)
    back = fc[fc["day"] == "2026-02-24"]
    morning = back[back["interval_start"].dt.hour < 12]["mean"].sum()
    assert morning - 3 * 15 > 0.7 * (per_day["2026-02-24"] - ordinary)
    around = per_day[["2026-02-12", "2026-02-25", "2026-02-26", "2026-02-27"]]
    assert around.to_numpy() == pytest.approx(ordinary, rel=0.15)
    # without a backlog in the history, the day back is an ordinary day
    plain = forecast(loaded(office_days_history()), None, "2026-02-24", "2026-02-24")
    assert plain["mean"].sum() == pytest.approx(ordinary, rel=0.15)
    # a history that starts on a day back knows it is one (the break lies before the export)
    late = loaded(office_days_history(backlog=0.4).query("interval_start >= '2024-10-08'"))
    series = make_model("baseline").fit(late, None).series_["desk"]
    assert series.days[0] == pd.Timestamp("2024-10-08") and series.backlog[0] == 5
    # the planner is told, in words
    notes = [
        make_model("baseline").fit(h, None).notes_ for h in (history, loaded(office_days_history()))
    ]
    said = [n for n in notes[0] if getattr(n, "id", "") == "fc.backlog_days"]
    assert len(said) == 1 and "per holiday working day closed" in render(said[0], "en")
    assert "停业" in render(said[0], "zh")
    assert not any(getattr(n, "id", "") == "fc.backlog_days" for n in notes[1])


def test_a_shop_open_on_holidays_keeps_them_open() -> None:
    """A round-the-clock shop that serves through the holidays has no calendar rule."""
    stamps = pd.date_range("2024-09-02", "2025-10-31 23:00", freq="60min")
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(
        {"interval_start": stamps, "queue": "shop", "inquiries": rng.poisson(9, len(stamps))}
    )
    (hours,) = opening_hours(frame, 60).values()
    assert hours.always_open and not hours.follows_calendar
