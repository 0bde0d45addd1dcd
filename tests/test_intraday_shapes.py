"""Intraday shapes of weekends, holidays and worked weekends (issue 15): each is kept as far as
the history shows it reliably, not pulled towards the weekdays' shape by a fixed prior."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import chinese_calendar
import numpy as np
import pandas as pd
import pytest

from forecaster.forecast import _profile_mix, make_model

HOURS = np.arange(96) / 4 + 0.125


def shape(peak: float) -> np.ndarray:
    """Share per 15-minute slot of a day with one broad peak at ``peak`` o'clock."""
    raw = 0.2 + np.exp(-0.5 * ((HOURS - peak) / 2.5) ** 2)
    return raw / raw.sum()


WEEKDAY, WEEKEND, LATE = shape(10.0), shape(15.0), shape(18.0)


def _kind(day: pd.Timestamp) -> str:
    on, name = chinese_calendar.get_holiday_detail(day.date())
    if on and name:
        return "holiday"
    if day.day_of_week >= 5:
        return "worked weekend" if chinese_calendar.is_workday(day.date()) else "weekend"
    return "weekday"


@cache
def history(holiday: str, worked: str, seed: int = 3) -> pd.DataFrame:
    """One queue, 2023-06 to 2025-09-25 at 15 minutes, 4,000 chats a day (2,800 on holidays):
    weekdays peak at 10:00, weekends at 15:00; holidays run as their own day of the week
    (``holiday="own"``) or all late, at 18:00 (``"late"``); worked weekends (调休) run as
    weekdays (``worked="weekday"``) or as the weekend day they are (``"weekend"``)."""
    days = pd.date_range("2023-06-01", "2025-09-25", freq="D")
    rng = np.random.default_rng(seed)
    rows = []
    for day in days:
        kind = _kind(day)
        weekend = day.day_of_week >= 5
        if kind == "holiday":
            profile = LATE if holiday == "late" else (WEEKEND if weekend else WEEKDAY)
            level = 2800.0
        elif kind == "worked weekend":
            profile, level = (WEEKDAY if worked == "weekday" else WEEKEND), 4000.0
        else:
            profile, level = (WEEKEND if weekend else WEEKDAY), 4000.0
        rows.append(rng.poisson(level * profile))
    stamps = pd.date_range(days[0], periods=len(days) * 96, freq="15min")
    return pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "inquiries": np.concatenate(rows)}
    )


@cache
def forecast_shares(holiday: str, worked: str) -> Callable[[str], np.ndarray]:
    model = make_model("baseline").fit(history(holiday, worked), None)
    fc = model.predict(pd.Timestamp("2025-09-26"), pd.Timestamp("2025-10-13"))
    by_day = fc.groupby(fc["interval_start"].dt.normalize())["mean"]

    def day(text: str) -> np.ndarray:
        values = by_day.get_group(pd.Timestamp(text)).to_numpy()
        return values / values.sum()

    return day


def l1(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).sum())


def test_a_weekend_keeps_its_own_later_day() -> None:
    day = forecast_shares("own", "weekend")
    # Saturday 2025-09-27 and Sunday 10-12: the weekend's shape, not a blend with weekdays'
    # (a fixed prior of 7 days against 12 Saturdays put 37 % of the weekdays' shape in it)
    for text in ("2025-09-27", "2025-10-12"):
        assert l1(day(text), WEEKEND) < 0.06
        assert l1(day(text), WEEKEND) < l1(day(text), WEEKDAY) / 8
    assert l1(day("2025-09-30"), WEEKDAY) < 0.06  # a Tuesday


@pytest.mark.parametrize("holiday", ["own", "late"])
def test_holidays_run_as_the_history_shows_them(holiday: str) -> None:
    day = forecast_shares(holiday, "weekend")
    wednesday, saturday = day("2025-10-01"), day("2025-10-04")  # both National Day
    if holiday == "own":  # a Wednesday holiday like a Wednesday, a Saturday one a Saturday
        assert l1(wednesday, WEEKDAY) < 0.08 and l1(saturday, WEEKEND) < 0.08
    else:  # every holiday late, whatever its day of the week
        assert l1(wednesday, LATE) < 0.08 and l1(saturday, LATE) < 0.08


@pytest.mark.parametrize("worked", ["weekday", "weekend"])
def test_a_worked_weekend_runs_as_the_history_shows(worked: str) -> None:
    day = forecast_shares("own", worked)
    saturday = day("2025-10-11")  # worked Saturday (调休 for National Day)
    assert _kind(pd.Timestamp("2025-10-11")) == "worked weekend"
    expected = WEEKDAY if worked == "weekday" else WEEKEND
    assert l1(saturday, expected) < 0.08


def test_profile_mix_weighs_days_by_volume_and_clips() -> None:
    first, second = np.tile(WEEKDAY, (3, 1)), np.tile(LATE, (3, 1))
    halfway = 0.5 * WEEKDAY + 0.5 * LATE
    y = np.vstack([1000 * halfway, 1000 * halfway, 10 * WEEKDAY])
    assert _profile_mix(y, first, second) == pytest.approx(0.5, abs=0.01)
    assert _profile_mix(1000 * np.tile(WEEKDAY, (3, 1)), first, second) == pytest.approx(1.0)
    beyond = np.tile(np.clip(2 * LATE - WEEKDAY, 0, None), (3, 1)) * 1000
    assert _profile_mix(beyond, first, second) == 0.0  # clipped at the second profile
    assert _profile_mix(y[:1], first[:1], second[:1]) == 0.0  # one day is no evidence


def test_a_worked_weekend_without_past_ones_runs_as_a_weekday() -> None:
    """Five weeks of history hold no worked weekend: 2025-09-28 (a worked Sunday) takes the
    weekdays' shape, as a day people work does, not the Sunday's."""
    full = history("own", "weekday")
    recent = full[full["interval_start"] >= "2025-08-22"]
    model = make_model("baseline").fit(recent, None)
    fc = model.predict(pd.Timestamp("2025-09-26"), pd.Timestamp("2025-09-28 23:45"))
    day = fc[fc["interval_start"].dt.normalize() == pd.Timestamp("2025-09-28")]["mean"]
    shares = day.to_numpy() / day.sum()
    assert l1(shares, WEEKDAY) < 0.08
