"""How campaign intervals are read (issue 15): a wave's closing half on the clock of its end
where past campaigns say so, a phase's opening burst kept by that phase when it opens inside
another, quiet hours scaled with the campaign's heat, and the evidence of a
campaign under way weighed as what it is (a busy spell is one piece of evidence, an unlisted
聚划算 day none)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from forecaster.campaigns import END_CLOCK, assign_phases, normalise_calendar, two_clocks
from forecaster.forecast import (
    CampaignForecaster,
    day_correlation,
    make_model,
    truncate_history,
)
from forecaster.messages import render
from tests.conftest import intraday_shape


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    return out.assign(start=pd.to_datetime(out["start"]), end=pd.to_datetime(out["end"]))


def test_a_long_phase_is_read_from_its_start_then_from_its_end() -> None:
    cal = normalise_calendar(
        frame(
            [
                ("Fest 2025", "wave", "2025-10-01 00:00", "2025-10-04 23:59"),
                ("Fest 2025", "peak_day", "2025-10-04 00:00", "2025-10-04 23:59"),
                ("Fest 2025", "promo", "2025-10-06 20:00", "2025-10-07 09:59"),
            ]
        ),
        60,
    )
    stamps = pd.date_range("2025-10-01", "2025-10-07 23:00", freq="60min")
    phase, elapsed = assign_phases(stamps, cal, 60)
    names, index = two_clocks(phase, elapsed, cal, 60)
    wave = names[:72]  # the wave's three days before its nested peak day
    assert list(wave[:48]) == ["wave"] * 48  # its opening half: 4 days / 2
    assert list(index[:48]) == list(range(48))
    assert list(wave[48:]) == ["wave" + END_CLOCK] * 24
    # hours to the wave's listed end (10-04 23:59), though the peak day's are its own
    assert list(index[48:72]) == list(range(47, 23, -1))
    assert set(names[72:96]) == {"peak_day"}
    assert list(index[72:96]) == list(range(24))
    promo = names[(stamps >= "2025-10-06 20:00") & (stamps < "2025-10-07 10:00")]
    assert set(promo) == {"promo"}  # 14 hours: one clock
    assert set(names[phase < 0]) == {""}


def test_a_phase_opening_inside_another_keeps_its_opening_burst() -> None:
    cal = normalise_calendar(
        frame(
            [
                ("Fest 2025", "presale", "2025-10-10 20:00", "2025-10-17 23:59"),
                ("Fest 2025", "wave", "2025-10-17 20:00", "2025-10-26 23:59"),
            ]
        ),
        60,
    )
    stamps = pd.date_range("2025-10-17 18:00", "2025-10-18 02:00", freq="60min")
    phase, elapsed = assign_phases(stamps, cal, 60)
    names = cal["phase"].to_numpy()[phase]
    # 20:00-23:00 is the wave's opening; the presale's last hour is the presale's; the
    # wave then runs on from midnight at its own elapsed hours
    assert list(names) == ["presale"] * 2 + ["wave"] * 3 + ["presale"] + ["wave"] * 3
    assert list(elapsed[2:5]) == [0, 1, 2]
    assert list(elapsed[6:]) == [4, 5, 6]


def wave_lift(day: int, length: int) -> float:
    """Excess of a wave's day over the ordinary level: hot first day, a trough, and a rush
    to its last day."""
    return 0.3 + 1.5 * np.exp(-day / 1.2) + 1.5 * np.exp(-(length - 1 - day) / 1.2)


@cache
def waves_world() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One queue, 2022-2025: each autumn a wave from 10-01, three days long in 2022 and
    2023, twelve in 2024 and 2025. Returns (history, calendar, truth)."""
    rng = np.random.default_rng(11)
    stamps = pd.date_range("2022-01-03", "2025-12-31 23:45", freq="15min")
    rate = 40.0 * np.tile(intraday_shape(15), len(stamps) // 96)
    lift = np.ones(len(stamps))
    rows = []
    for year, length in ((2022, 3), (2023, 3), (2024, 12), (2025, 12)):
        first = pd.Timestamp(f"{year}-10-01")
        rows.append(
            (
                f"Fest {year}",
                "wave",
                f"{first}",
                f"{first + pd.Timedelta(days=length) - pd.Timedelta(minutes=1)}",
            )
        )
        for day in range(length):
            inside = (stamps >= first + pd.Timedelta(days=day)) & (
                stamps < first + pd.Timedelta(days=day + 1)
            )
            lift[inside] = 1 + wave_lift(day, length)
    truth = rate * lift
    history = pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "inquiries": rng.poisson(truth)}
    )
    truth_frame = pd.DataFrame({"interval_start": stamps, "queue": "chat", "truth": truth})
    return history, frame(rows), truth_frame


def test_the_trough_of_a_long_wave_is_not_a_short_waves_closing_rush() -> None:
    history, calendar, truth = waves_world()
    origin = pd.Timestamp("2025-09-24")
    model = make_model("campaign").fit(truncate_history(history, origin), calendar)
    assert model.two_clocks_ == {"chat": True}  # the backtest on past waves chose them
    fc = model.predict("2025-10-01", "2025-10-12").merge(truth)
    days = fc.groupby(fc["interval_start"].dt.normalize())[["mean", "truth"]].sum()
    ratio = days["mean"] / days["truth"]
    # day 3 of twelve lies in the trough; read from the start of three-day waves it would
    # take their closing rush (1.4x the truth); the closing days come from 2024's end
    assert ratio.between(0.85, 1.15).all(), ratio.round(2).to_dict()


def test_a_new_queue_reads_borrowed_curves_on_their_clocks() -> None:
    """A queue opened this year borrows the lift curves of one with past campaigns, and reads
    them on the clocks they were learned on."""
    history, calendar, truth = waves_world()
    new = history[history["interval_start"] >= "2025-03-01"].assign(queue="new")
    both = pd.concat([history, new], ignore_index=True)
    model = make_model("campaign").fit(truncate_history(both, pd.Timestamp("2025-09-24")), calendar)
    assert model.two_clocks_ == {"chat": True, "new": True}
    notes = [render(note, "zh") for note in model.notes_]
    assert "队列 new 的历史中没有往期大促: 借用队列 chat 的大促提升曲线" in notes
    fc = model.predict("2025-10-01", "2025-10-12")
    fc = fc[fc["queue"] == "new"].merge(truth.drop(columns="queue"), on="interval_start")
    days = fc.groupby(fc["interval_start"].dt.normalize())[["mean", "truth"]].sum()
    assert (days["mean"] / days["truth"]).between(0.8, 1.2).all()


def quiet_nights(night: float, level: float) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """15-minute stamps 2022-2025 and an ordinary rate of mean ``level`` peaking at 14:00,
    whose nights run at about ``night`` of the peak."""
    stamps = pd.date_range("2022-01-03", "2025-12-31 23:45", freq="15min")
    hours = (stamps.hour + stamps.minute / 60).to_numpy()
    shape = night + np.exp(-0.5 * ((hours - 14) / 3.0) ** 2)
    return stamps, level * shape / shape.mean()


def night_world(heat_2025: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A shop whose nights run at 4 % of its day's mean, and a campaign that doubles every
    hour of its days in 2022-2024 and lifts them by ``heat_2025`` times that excess in 2025
    (a planner's heat on the calendar)."""
    rng = np.random.default_rng(5)
    stamps, rate = quiet_nights(night=0.012, level=60.0)
    lift = np.ones(len(stamps))
    rows = []
    for year in (2022, 2023, 2024, 2025):
        heat = heat_2025 if year == 2025 else 1.0
        rows.append((f"Fest {year}", "presale", f"{year}-10-10 00:00", f"{year}-10-16 23:59"))
        lift[(stamps >= f"{year}-10-10") & (stamps < f"{year}-10-17")] = 1 + heat
    truth = rate * lift
    history = pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "inquiries": rng.poisson(truth)}
    )
    calendar = frame(rows).assign(heat=[np.nan, np.nan, np.nan, heat_2025])
    return history, calendar, pd.DataFrame({"interval_start": stamps, "truth": truth})


def test_flat_phases_keep_one_clock() -> None:
    """Phases that run at one level (the bundled sample's kind) gain nothing from a second
    clock, which halves the evidence behind each curve: the backtest keeps one."""
    history, calendar, _ = night_world(heat_2025=1.0)
    model = make_model("campaign").fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), calendar.drop(columns="heat")
    )
    assert model.two_clocks_ == {"chat": False}


def test_quiet_hours_scale_with_the_campaigns_heat() -> None:
    history, calendar, truth = night_world(heat_2025=0.5)
    model = make_model("campaign").fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), calendar
    )
    fc = model.predict("2025-10-11", "2025-10-15").merge(truth, on="interval_start")
    hour = fc["interval_start"].dt.hour
    night = fc[hour.between(1, 5)]
    day = fc[hour.between(11, 17)]
    night_ratio = night["mean"].sum() / night["truth"].sum()
    day_ratio = day["mean"].sum() / day["truth"].sum()
    # a floor at 10 % of the day's mean made 60 % of the night's lift phantom excess, which
    # did not halve with the heat: nights 1.3x the truth while days were right
    assert night_ratio == pytest.approx(day_ratio, abs=0.08)
    assert day_ratio == pytest.approx(1.0, abs=0.08)


def ar1(rho: float, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.zeros(n)
    for t in range(1, n):
        out[t] = rho * out[t - 1] + rng.normal(0, 0.1)
    return out


class _Totals:
    """The two attributes :func:`day_correlation` reads of a queue's series."""

    def __init__(self, totals: np.ndarray) -> None:
        self.days = pd.date_range("2024-01-01", periods=len(totals))
        self.totals = totals


class _Flat:
    def predict(self, when: pd.DatetimeIndex) -> np.ndarray:
        return np.full(len(when), 1000.0)


@pytest.mark.parametrize("rho", [0.0, 0.6])
def test_the_day_to_day_correlation_of_ordinary_days_is_measured(rho: float) -> None:
    totals = 1000.0 * np.exp(ar1(rho, 400, seed=2))
    usable = np.ones(400, dtype=bool)
    usable[::9] = False  # gaps (campaign days) break pairs, not the estimate
    got = day_correlation(_Totals(totals), usable, _Flat())  # type: ignore[arg-type]
    assert got == pytest.approx(rho, abs=0.1)


def running(lifts: list[float], spike: int | None = None) -> pd.DataFrame:
    """Samples of a presale under way: four intervals a day of baseline 250, at ``lifts``."""
    days = pd.date_range("2025-10-10", periods=len(lifts))
    y = np.repeat(np.asarray(lifts) * 250.0, 4)
    flags = np.zeros(len(y), dtype=bool)
    if spike is not None:
        flags[4 * spike : 4 * spike + 4] = True
    return pd.DataFrame(
        {
            "phase": "presale",
            "day": np.repeat(days, 4),
            "y": y,
            "base": 250.0,
            "reopen": False,
            "spike": flags,
        }
    )


def test_an_unlisted_promotion_day_is_no_evidence_of_heat() -> None:
    lifts = [2.0, 2.0, 2.0, 4.0, 2.0, 2.0, 2.0]
    curve = np.full(28, 2.0)
    clean = CampaignForecaster._excess_ratio(running(lifts, spike=3), curve, 0.01)
    assert clean is not None and np.exp(clean[0]) == pytest.approx(1.0, abs=0.01)
    kept = CampaignForecaster._excess_ratio(running(lifts), curve, 0.01)
    assert kept is not None and np.exp(kept[0]) > 1.2


def test_a_busy_spell_counts_as_less_evidence_than_independent_days() -> None:
    samples = running([2.2] * 7)
    curve = np.full(28, 2.0)
    alone = CampaignForecaster._excess_ratio(samples, curve, 0.01, 0.0)
    spell = CampaignForecaster._excess_ratio(samples, curve, 0.01, 0.6)
    assert alone is not None and spell is not None
    assert alone[0] == pytest.approx(spell[0])
    # seven days one apart at ρ = 0.6 weigh as about two independent ones
    assert spell[1] / alone[1] == pytest.approx(3.0, rel=0.25)


def test_a_phase_shorter_than_the_smoothing_window_is_forecast() -> None:
    """A one-hour 秒杀 listed in the calendar (shorter than the curves' two-hour smoothing
    window) once made every fit fail with a shape error."""
    history, calendar, _ = night_world(heat_2025=1.0)
    flash = frame(
        [(f"秒杀 {y}", "promo", f"{y}-08-08 20:00", f"{y}-08-08 20:59") for y in (2023, 2024, 2025)]
    )
    rows = pd.concat([calendar.drop(columns="heat"), flash], ignore_index=True)
    stamps = history["interval_start"]
    burst = (stamps.dt.strftime("%m-%d %H") == "08-08 20").to_numpy()
    history = history.assign(
        inquiries=np.where(burst, history["inquiries"] * 4, history["inquiries"])
    )
    model = make_model("campaign").fit(truncate_history(history, pd.Timestamp("2025-08-01")), rows)
    fc = model.predict("2025-08-07", "2025-08-08").set_index("interval_start")["mean"]
    assert np.isfinite(fc).all()
    sale = fc["2025-08-08 20:00":"2025-08-08 20:45"].sum()
    day_before = fc["2025-08-07 20:00":"2025-08-07 20:45"].sum()
    assert sale > 2.5 * day_before


@cache
def additive_world(days_2025: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A shop whose presale brings the same extra inquiries every hour (its excess is its
    own, not a multiple of the hour's ordinary volume: nights run at 3 % of the day's mean
    and the presale adds 60 % of it): six-day presales in 2022-2024, ``days_2025`` days in
    2025. Returns (history, calendar, truth)."""
    rng = np.random.default_rng(7)
    stamps, base = quiet_nights(night=0.01, level=50.0)
    extra = np.zeros(len(stamps))
    rows = []
    for year in (2022, 2023, 2024, 2025):
        length = days_2025 if year == 2025 else 6
        first = pd.Timestamp(f"{year}-10-10")
        last = first + pd.Timedelta(days=length)
        rows.append((f"Fest {year}", "presale", f"{first}", f"{last - pd.Timedelta(minutes=1)}"))
        extra[(stamps >= first) & (stamps < last)] = 30.0
    truth = base + extra
    history = pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "inquiries": rng.poisson(truth)}
    )
    return history, frame(rows), pd.DataFrame({"interval_start": stamps, "truth": truth})


def test_a_phase_longer_than_any_past_one_keeps_the_lifts_rhythm_through_the_day() -> None:
    """Days beyond the longest past presale: where the campaign's excess is its own, its
    lift runs high at night and low in the afternoon; one flat tail level put the nights'
    campaign inquiries into the afternoon (nights at a tenth of the truth, afternoons
    1.2x it). The extra days are also weighed with last year's ordinary days (the analog,
    at the weight its backtest earned), so both run a little under the truth."""
    history, calendar, truth = additive_world(days_2025=12)
    origin = pd.Timestamp("2025-10-03")
    model = make_model("campaign").fit(truncate_history(history, origin), calendar)
    fc = model.predict("2025-10-17", "2025-10-21").merge(truth, on="interval_start")
    hour = fc["interval_start"].dt.hour
    night = fc[hour.between(1, 5)]
    day = fc[hour.between(11, 17)]
    night_ratio = night["mean"].sum() / night["truth"].sum()
    day_ratio = day["mean"].sum() / day["truth"].sum()
    assert night_ratio == pytest.approx(day_ratio, abs=0.15), (night_ratio, day_ratio)
    assert day_ratio == pytest.approx(1.0, abs=0.1)


def test_a_flat_lift_keeps_a_flat_tail() -> None:
    """Where the campaign multiplies every hour alike, the last days' rhythm is noise and
    a longer phase's extra days keep the one tail level."""
    history, calendar, _ = night_world(heat_2025=1.0)
    model = make_model("campaign").fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), calendar.drop(columns="heat")
    )
    curve = model.curves_["chat"][("Fest", "presale")]
    assert curve.day_shape is not None
    assert np.abs(curve.day_shape - 1).max() < 0.1
    history, calendar, _ = additive_world(days_2025=12)
    origin = pd.Timestamp("2025-10-03")
    model = make_model("campaign").fit(truncate_history(history, origin), calendar)
    curve = model.curves_["chat"][("Fest", "presale")]
    assert curve.day_shape is not None and curve.day_shape.max() > 2 * curve.day_shape.min()
