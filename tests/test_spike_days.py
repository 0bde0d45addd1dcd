"""Unlisted promotions inside past phases (issue 15): a 品牌日 on day four of last year's wave
is left out of the lift curves, so this year's wave is not forecast with it."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from forecaster.campaigns import spike_days
from forecaster.forecast import make_model, truncate_history
from tests.conftest import intraday_shape


def phase_days(lifts: list[float], phase_id: int = 0, start: str = "2024-10-26") -> pd.DataFrame:
    """Samples of one past phase: four intervals a day, baseline 25 each, at ``lifts``."""
    days = pd.date_range(start, periods=len(lifts))
    return pd.DataFrame(
        {
            "phase_id": phase_id,
            "day": np.repeat(days, 4),
            "y": np.repeat(np.asarray(lifts) * 25.0, 4),
            "base": 25.0,
        }
    )


def flagged_days(samples: pd.DataFrame) -> list[int]:
    mask = spike_days(samples)
    first = samples["day"].min()
    return sorted({int((d - first).days) for d in samples.loc[mask, "day"]})


def test_a_brand_day_inside_a_wave_is_a_spike() -> None:
    assert flagged_days(phase_days([4.0, 2.0, 2.1, 4.5, 2.0, 1.9, 2.6])) == [3]


def test_the_opening_and_the_closing_day_are_never_spikes() -> None:
    assert flagged_days(phase_days([6.0, 2.0, 2.0, 2.0, 6.0])) == []


def test_a_ramp_and_day_noise_are_not_spikes() -> None:
    assert flagged_days(phase_days([2.0, 2.3, 2.6, 3.0, 3.4, 3.9, 4.4])) == []
    rng = np.random.default_rng(1)
    noisy = list(2.5 * np.exp(rng.normal(0, 0.1, 30)))
    assert flagged_days(phase_days(noisy)) == []


def test_a_quiet_queues_noise_is_not_a_spike() -> None:
    rng = np.random.default_rng(3)
    frames = [
        phase_days(list(rng.poisson(20.0, 12) / 10.0), phase_id=i, start=f"{2000 + i}-10-20")
        for i in range(40)
    ]
    samples = pd.concat(frames, ignore_index=True)
    samples["base"] = 2.5  # 10 chats a day at the ordinary level, 20 in the phase
    samples["y"] = samples["y"] / 10.0
    assert spike_days(samples).mean() < 0.02  # 1.4x alone flagged 7 % of such days


def test_a_surge_on_the_same_day_of_every_past_phase_is_its_shape() -> None:
    lifts = [4.0, 2.0, 2.1, 4.5, 2.0, 1.9, 2.6]
    frames = [
        phase_days(lifts, phase_id=i, start=f"{2022 + i}-10-26").assign(
            event=f"Fest {2022 + i}", family="Fest", phase="wave"
        )
        for i in range(3)
    ]
    assert not spike_days(pd.concat(frames, ignore_index=True)).any()
    frames[1]["y"] = np.repeat(np.asarray([4.0, 2.0, 2.1, 2.0, 2.0, 1.9, 2.6]) * 25.0, 4)
    frames[2]["y"] = frames[1]["y"]
    once = pd.concat(frames, ignore_index=True)  # only the first campaign had it
    assert flagged_days(once[once["phase_id"] == 0]) == [3]


def test_days_of_another_phase_are_not_neighbours() -> None:
    low = phase_days([1.2, 1.2, 1.2, 1.2], phase_id=0, start="2024-10-20")
    high = phase_days([3.0, 3.0, 3.1, 3.0], phase_id=1, start="2024-10-24")
    assert flagged_days(pd.concat([low, high], ignore_index=True)) == []


def calendar() -> pd.DataFrame:
    rows = []
    for year in (2022, 2023, 2024, 2025):
        rows += [
            (f"Fest {year}", "wave", f"{year}-10-20 20:00", f"{year}-10-30 23:59"),
            (f"Fest {year}", "peak_day", f"{year}-10-30 00:00", f"{year}-10-30 23:59"),
        ]
    frame = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    return frame.assign(start=pd.to_datetime(frame["start"]), end=pd.to_datetime(frame["end"]))


@cache
def history(brand_day: bool, every_year: bool = False) -> pd.DataFrame:
    """One queue, 2022-2025 at 15 minutes: each year's wave runs at 2.5× the ordinary level
    and its peak day at 6×; with ``brand_day`` an unlisted 品牌日 doubles 2024-10-25, the
    fifth day of that year's wave."""
    rng = np.random.default_rng(7)
    stamps = pd.date_range("2022-01-03", "2025-12-31 23:45", freq="15min")
    rate = 40.0 * np.tile(intraday_shape(15), len(stamps) // 96)
    lift = np.ones(len(stamps))
    for year in (2022, 2023, 2024, 2025):
        lift[(stamps >= f"{year}-10-20 20:00") & (stamps < f"{year}-10-31")] = 2.5
        lift[(stamps >= f"{year}-10-30") & (stamps < f"{year}-10-31")] = 6.0
    if brand_day:
        lift[(stamps >= "2024-10-25") & (stamps < "2024-10-26")] *= 2.0
    for year in (2022, 2023, 2024, 2025) if every_year else ():
        lift[(stamps >= f"{year}-10-24") & (stamps < f"{year}-10-25")] *= 2.0
    counts = rng.poisson(rate * lift)
    return pd.DataFrame({"interval_start": stamps, "queue": "chat", "inquiries": counts})


def test_last_years_brand_day_is_not_forecast_again() -> None:
    origin = pd.Timestamp("2025-10-13")
    totals = {}
    for brand_day in (False, True):
        model = make_model("campaign").fit(truncate_history(history(brand_day), origin), calendar())
        fc = model.predict(origin, pd.Timestamp("2025-11-05"))
        totals[brand_day] = fc.groupby(fc["interval_start"].dt.normalize())["mean"].sum()
    day5, day4 = pd.Timestamp("2025-10-25"), pd.Timestamp("2025-10-24")
    # the fifth day of this year's wave runs as its neighbours, with or without last year's
    # 品牌日 (kept in the curves, a third of its doubling came back: +33 %)
    assert abs(totals[True][day5] / totals[True][day4] - 1) < 0.06
    assert abs(totals[True][day5] / totals[False][day5] - 1) < 0.05


def test_a_surge_that_comes_back_every_year_is_forecast() -> None:
    """The fourth day of the wave ran at twice its neighbours in every past year: that is
    the wave's shape, and this year's forecast keeps it."""
    origin = pd.Timestamp("2025-10-13")
    model = make_model("campaign").fit(
        truncate_history(history(False, every_year=True), origin), calendar()
    )
    fc = model.predict(origin, pd.Timestamp("2025-11-05"))
    totals = fc.groupby(fc["interval_start"].dt.normalize())["mean"].sum()
    surge = totals[pd.Timestamp("2025-10-24")] / totals[pd.Timestamp("2025-10-23")]
    assert surge == pytest.approx(2.0, rel=0.1)


def kinds_of(lifts: list[list[float]], phase: str = "after_sales") -> pd.DataFrame:
    """One phase of the same kind in each of ``len(lifts)`` past campaigns."""
    return pd.concat(
        [
            phase_days(days, phase_id=i, start=f"{2022 + i}-06-20").assign(
                event=f"618 {2022 + i}", family="618", phase=phase
            )
            for i, days in enumerate(lifts)
        ],
        ignore_index=True,
    )


def test_a_brand_day_on_a_phases_first_day_is_a_spike() -> None:
    """A 品牌日 on the first day of 2022's after-sales: an edge day has neighbours on one side
    only, so it is judged against the same edge of the other campaigns' after-sales (each
    against its own inner days, which takes out their heat)."""
    samples = kinds_of([[3.0, 1.3, 1.2, 1.2], [1.2, 1.1, 1.1, 1.0], [1.6, 1.5, 1.4, 1.4]])
    mask = spike_days(samples)
    flagged = samples.loc[mask, ["phase_id", "day"]].drop_duplicates()
    assert flagged.to_dict("list") == {"phase_id": [0], "day": [pd.Timestamp("2022-06-20")]}


def test_an_opening_burst_every_year_and_a_hot_year_are_not_spikes() -> None:
    burst = [[4.0, 2.0, 2.0, 2.0], [3.5, 1.8, 1.8, 1.7], [5.2, 2.6, 2.6, 2.6]]  # the last hot
    assert not spike_days(kinds_of(burst, phase="presale")).any()
    # with two past campaigns there is no other pair to judge an edge against
    assert not spike_days(kinds_of([[3.0, 1.3, 1.2, 1.2], [1.2, 1.1, 1.1, 1.0]])).any()


def test_a_partial_opening_day_is_not_judged_against_other_years() -> None:
    """A phase that opens at 20:00 has its burst in its first day's last hours, whose share of
    that day differs from year to year: that day is left to the burst."""
    samples = kinds_of([[3.0, 1.3, 1.2, 1.2], [1.2, 1.1, 1.1, 1.0], [1.6, 1.5, 1.4, 1.4]])
    first = samples.groupby("phase_id")["day"].transform("min")
    evening = samples[
        (samples["day"] != first) | (samples.groupby(["phase_id", "day"]).cumcount() == 3)
    ]
    assert not spike_days(evening.reset_index(drop=True)).any()


def test_brand_days_next_to_each_other_are_all_spikes() -> None:
    """Two two-day 品牌日 a day apart inside one wave (s09's 2024 双11): each spike day
    has another among its neighbours, whose lift must not count as the usual level."""
    lifts = [2.0, 2.0, 4.1, 3.85, 1.6, 3.6, 3.4, 1.7, 1.7, 1.9, 2.0]
    assert flagged_days(phase_days(lifts)) == [2, 3, 5, 6]
