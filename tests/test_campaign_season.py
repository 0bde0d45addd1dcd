"""Campaign seasons: unlisted in-season days, the mix with the last-year analog chosen by
evidence, the learned carry-over of early heat, and bands that widen with few campaigns."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from forecaster.campaigns import IN_SEASON, assign_phases, normalise_calendar, with_season
from forecaster.forecast import (
    CampaignForecaster,
    carry_over,
    cautious,
    few_campaigns,
    forecast,
    truncate_history,
)
from tests.conftest import intraday_shape

YEARS = (2022, 2023, 2024, 2025)


def season_calendar() -> pd.DataFrame:
    """Each autumn: a presale, a gap of unlisted days, a final wave and its peak day."""
    rows = []
    for year in YEARS:
        event = f"Fest {year}"
        rows += [
            (event, "presale", f"{year}-10-10 20:00", f"{year}-10-14 23:59"),
            (event, "wave", f"{year}-10-25 20:00", f"{year}-11-01 23:59"),
            (event, "peak_day", f"{year}-11-01 00:00", f"{year}-11-01 23:59"),
        ]
    frame = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


@cache
def season_world(
    plateau: float = 1.0,
    growth: float = 1.0,
    seed: int = 5,
    plateau_now: float | None = None,
    trend: float = 1.0,
    presale_heat: tuple[float, ...] | None = None,
    week: tuple[float, ...] = (1.0, 0.97, 0.97, 1.0, 1.05, 1.15, 1.2),
    excess_by_day: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One queue, 15 minutes, 2022-01 to 2025-11. Campaign excess lifts (presale 1.8, wave 1.6,
    peak 5) grow by ``growth`` per year; the unlisted days between presale and wave run at
    ``plateau`` times the ordinary level (``plateau_now`` in 2025, when given), and the 2025
    season's base stays there under its wave and peak day. With ``trend``, the ordinary
    level grows by that factor a year and the campaigns' extra inquiries do not (an
    additive shop: the lifts are of 2022's level). ``presale_heat`` (one per year) scales
    the presale's excess alone: a presale whose heat tells nothing of the wave's. ``week`` is
    the ordinary days' weekly pattern (Monday first); without ``excess_by_day`` the campaigns'
    extra inquiries do not follow it (as many on a Sunday as on a Tuesday). Returns
    (history, truth with the ordinary rate beside it)."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range("2022-01-03", "2025-11-30 23:45", freq="15min")
    days = stamps.normalize()
    weekly = np.asarray(week)[days.day_of_week.to_numpy()]
    rate = 30.0 * np.tile(intraday_shape(15), len(stamps) // 96) * weekly
    years = ((days - days[0]).days.to_numpy() / 365.25) if trend != 1.0 else 0.0
    grown = trend**years
    cal = with_season(normalise_calendar(season_calendar(), 15), 15)
    phase, _ = assign_phases(stamps, cal, 15)
    lift = np.ones(len(stamps))
    excess = {"presale": 0.8, "wave": 0.6, "peak_day": 4.0, IN_SEASON: plateau - 1}
    for row in range(len(cal)):
        year = int(str(cal.at[row, "event"])[-4:])
        name = str(cal.at[row, "phase"])
        heat = growth ** (year - YEARS[0]) if name != IN_SEASON else 1.0
        if presale_heat is not None and name == "presale":
            heat *= presale_heat[YEARS.index(year)]
        lift[phase == row] = 1 + excess[name] * heat
        if plateau_now is not None and year == YEARS[-1]:
            lift[phase == row] += (plateau_now - plateau) * (name != "presale")
    truth = rate * (grown + (lift - 1) / (1.0 if excess_by_day else weekly))
    counts = rng.poisson(truth * rng.gamma(60, 1 / 60, len(truth)))
    history = pd.DataFrame({"interval_start": stamps, "queue": "chat", "inquiries": counts})
    ordinary = rate * grown
    return history, pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "truth": truth, "ordinary": ordinary}
    )


def test_the_season_row_covers_only_the_days_no_phase_lists() -> None:
    cal = with_season(normalise_calendar(season_calendar(), 15), 15)
    assert (cal["phase"] == IN_SEASON).sum() == len(YEARS)
    stamps = pd.date_range("2025-10-10", "2025-11-02", freq="15min", inclusive="left")
    phase, elapsed = assign_phases(stamps, cal, 15)
    names = cal["phase"].to_numpy()[phase]
    gap = (stamps >= "2025-10-15") & (stamps < "2025-10-25 20:00")
    assert (names[gap] == IN_SEASON).all()
    assert (names[~gap & (stamps >= "2025-10-10 20:00")] != IN_SEASON).all()
    # in-season intervals count the slot of the day, so the curve is an intraday profile
    assert elapsed[gap][:4].tolist() == [0, 1, 2, 3]
    assert elapsed[stamps == pd.Timestamp("2025-10-20 13:00")][0] == 52


def test_unlisted_days_inside_a_season_get_the_learned_plateau() -> None:
    """The days between presale and wave ran 40 % hot in every past season: the forecast made
    before this season carries that, and the ordinary days after the season do not."""
    history, truth = season_world(plateau=1.4)
    fc = forecast(history, season_calendar(), "2025-10-03", "2025-11-08")
    merged = fc.merge(truth, on=["interval_start", "queue"])
    day = merged["interval_start"].dt.normalize()
    gap = (day >= "2025-10-16") & (day <= "2025-10-24")
    ratio = merged.loc[gap, "mean"].sum() / merged.loc[gap, "truth"].sum()
    assert 0.92 <= ratio <= 1.08, ratio
    after = day >= "2025-11-04"
    ratio = merged.loc[after, "mean"].sum() / merged.loc[after, "truth"].sum()
    assert 0.92 <= ratio <= 1.08, ratio


@cache
def weighed(growth: float) -> CampaignForecaster:
    """The model of :func:`season_world` fitted before 2025-10-03, after its first forecast
    (made once for the tests that read it)."""
    history, _ = season_world(growth=growth)
    model = CampaignForecaster().fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), season_calendar()
    )
    assert model.evidence().empty  # weighed on first use, for the horizon's families
    model.predict("2025-10-03", "2025-11-08")
    return model


def weight_of(growth: float) -> float:
    rows = weighed(growth).evidence()
    assert rows["event"].tolist() == ["Fest 2024"]
    return float(rows["weight"].iloc[0])


def test_a_shop_whose_analog_is_better_gets_more_analog_weight() -> None:
    """Campaigns whose excess doubles every year: last year's campaign is nearer to this one
    than the curves pooled over all past years, so the backtest on 2024 gives the analog
    weight; in a shop whose campaigns repeat, the pooled curves win."""
    growing = weight_of(growth=2.0)
    steady = weight_of(growth=1.0)
    assert growing < steady
    assert growing <= 0.6
    assert steady >= 0.8


def test_the_mix_follows_the_weight() -> None:
    history, truth = season_world(growth=2.0)
    train = truncate_history(history, pd.Timestamp("2025-10-03"))
    mixed = weighed(2.0)  # fitted on the same history, with the analog mixed in
    alone = CampaignForecaster(combine=False).fit(train, season_calendar())
    peak = ("2025-11-01", "2025-11-01")
    got, lift = mixed.predict(*peak), alone.predict(*peak)
    true_total = truth.set_index("interval_start").loc["2025-11-01", "truth"].sum()
    # the growing campaign is under-forecast by the pooled curves; the mix is nearer
    assert abs(got["mean"].sum() / true_total - 1) < abs(lift["mean"].sum() / true_total - 1)


def test_carry_over_learns_how_far_early_heat_predicts_later_heat() -> None:
    prior = 0.8
    # past campaigns whose later phases ran as hot as their early ones: carry near 1
    same = [(0.3, 0.3, 0.001), (-0.2, -0.2, 0.001), (0.25, 0.24, 0.001)]
    # ... and ones whose early heat said nothing about the later phases: carry near 0
    unrelated = [(0.3, -0.05, 0.001), (-0.2, 0.04, 0.001), (0.25, 0.0, 0.001)]
    high, _, _ = carry_over(same, prior, 0.005)
    low, _, rest = carry_over(unrelated, prior, 0.005)
    assert high > 0.9
    assert low < 0.4
    assert carry_over([], prior, 0.005)[0] == pytest.approx(prior)
    assert rest > 0


def test_bands_widen_when_few_campaigns_are_known() -> None:
    factors = [few_campaigns(n) for n in (1, 2, 3, 5, 20)]
    assert factors == sorted(factors, reverse=True)
    assert factors[0] > 2 and factors[-1] < 1.1


def test_a_day_off_the_campaigns_heat_is_left_out_of_it() -> None:
    """Six presale days ran 20 % hot in their excess; a seventh held an unlisted 品牌日 with
    ten times the volume. The heat is read from the six."""
    day = np.repeat(pd.date_range("2025-05-14", periods=7).to_numpy(), 48)
    base = np.full(len(day), 100.0)
    lift = np.full(len(day), 2.0)
    y = base + 1.2 * base * (lift - 1)
    y[-48:] = 10 * base[-48:] * lift[-48:]
    part = pd.DataFrame({"phase": "presale", "day": day, "y": y, "base": base})
    log_k, var = CampaignForecaster._excess_ratio(part, lift, 0.01)
    assert log_k == pytest.approx(np.log(1.2), abs=1e-9)
    assert var > 0
    # without the odd day nothing is left out
    log_k, _ = CampaignForecaster._excess_ratio(part.iloc[:-48], lift[:-48], 0.01)
    assert log_k == pytest.approx(np.log(1.2), abs=1e-9)


def test_a_day_that_reopens_after_closed_days_is_not_read_as_heat() -> None:
    """A shop closed at weekends: the Monday of its presale also serves the weekend's
    backlog (twice its own excess). The heat is read from the other days."""
    day = np.repeat(pd.date_range("2025-05-14", periods=6).to_numpy(), 48)
    base = np.full(len(day), 100.0)
    lift = np.full(len(day), 2.0)
    y = base + 1.1 * base * (lift - 1)
    y[:48] += 2 * base[:48] * (lift[:48] - 1)  # the Monday
    part = pd.DataFrame({"phase": "presale", "day": day, "y": y, "base": base})
    log_k, _ = CampaignForecaster._excess_ratio(part, lift, 0.01)
    assert log_k == pytest.approx(np.log(1.1 + 2 / 6), abs=1e-9)  # read as heat
    part["reopen"] = np.arange(len(day)) < 48
    log_k, _ = CampaignForecaster._excess_ratio(part, lift, 0.01)
    assert log_k == pytest.approx(np.log(1.1), abs=1e-9)
    # with too few other days the Monday counts
    few = part.iloc[: 3 * 48]
    log_k, _ = CampaignForecaster._excess_ratio(few, lift[: 3 * 48], 0.01)
    assert log_k == pytest.approx(np.log(1.1 + 2 / 3), abs=1e-9)


def test_a_presale_longer_than_any_past_one_keeps_the_presale_level() -> None:
    """Past presales ran five days at lift 1.8, the last one quiet (1.3: buyers wait for the
    wave); this year's runs ten. Its five extra days stay near the presale's level instead
    of taking that quiet day's."""
    rng = np.random.default_rng(3)
    stamps = pd.date_range("2022-01-03", "2025-11-30 23:45", freq="15min")
    rate = 30.0 * np.tile(intraday_shape(15), len(stamps) // 96)
    rows = []
    for year in YEARS:
        days = 10 if year == YEARS[-1] else 5
        start = pd.Timestamp(f"{year}-10-10 00:00")
        rows.append((f"Fest {year}", "presale", start, start + pd.Timedelta(days=days, minutes=-1)))
        lift = np.where((stamps >= start) & (stamps < start + pd.Timedelta(days=days)), 1.8, 1.0)
        if year != YEARS[-1]:
            last = (stamps >= start + pd.Timedelta(days=4)) & (
                stamps < start + pd.Timedelta(days=5)
            )
            lift = np.where(last, 1.3, lift)
        rate = rate * lift
    cal = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    history = pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "inquiries": rng.poisson(rate)}
    )
    fc = forecast(history, cal, "2025-10-03", "2025-10-21")
    extra = (fc["interval_start"] >= "2025-10-15") & (fc["interval_start"] < "2025-10-20")
    truth = rate[(stamps >= "2025-10-15") & (stamps < "2025-10-20")].sum()
    ratio = fc.loc[extra, "mean"].sum() / truth
    assert 0.88 <= ratio <= 1.05, ratio


def test_the_planners_heat_scales_last_years_excess_and_narrows_the_band() -> None:
    """Every season ran alike; the planner says this one will run half again as hot. The
    forecast's excess over the ordinary level is 1.5 times last year's, its band is the
    planner's ±10 % instead of the heat spread past campaigns allow, and a note says so."""
    history, truth = season_world(plateau=1.2)
    train = truncate_history(history, pd.Timestamp("2025-10-03"))
    plain = CampaignForecaster().fit(train, season_calendar())
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.5
    planned = CampaignForecaster().fit(train, calendar)
    assert any("Fest 2025: forecast at the planner's heat 1.50" in n for n in planned.notes_)
    stamps = pd.date_range("2025-10-26", "2025-11-01 23:45", freq="15min")  # the wave
    base = planned.baseline("chat", stamps)
    a = plain.predict(stamps[0], stamps[-1])
    b = planned.predict(stamps[0], stamps[-1])
    excess = (b["mean"].to_numpy() - base).sum() / (a["mean"].to_numpy() - base).sum()
    assert excess == pytest.approx(1.5, rel=0.1)
    width = ((b["p90"] - b["p10"]) / b["mean"]).mean(), ((a["p90"] - a["p10"]) / a["mean"]).mean()
    assert width[0] < width[1]
    # the ordinary days before the season are forecast as before
    before = [m.predict("2025-10-03", "2025-10-09")["mean"] for m in (plain, planned)]
    assert np.allclose(before[0], before[1])
    # a heat left on last year's campaign is for backtests of it: no note, no change
    calendar.loc[calendar["event"] == "Fest 2024", "heat"] = 2.0
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = np.nan
    past = CampaignForecaster().fit(train, calendar)
    assert not any("planner's heat" in n for n in past.notes_)
    assert np.allclose(past.predict(stamps[0], stamps[-1])["mean"], a["mean"])


def test_the_planners_heat_counts_extra_inquiries_not_last_years_lift() -> None:
    """The shop's ordinary days grew by half every year; its campaigns brought the same extra
    inquiries every year. The planner says 1.0, as many extra inquiries as last year: the
    wave's forecast excess is last year's in inquiries, not last year's lift on this year's
    half-again-higher level."""
    history, truth = season_world(trend=1.5)
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.0
    model = CampaignForecaster().fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), calendar
    )
    wave = pd.date_range("2025-10-26", "2025-11-01 23:45", freq="15min")
    got = model.predict(wave[0], wave[-1])["mean"].to_numpy() - model.baseline("chat", wave)
    true = truth[truth["interval_start"].isin(wave)]
    excess = (true["truth"] - true["ordinary"]).sum()
    assert got.sum() / excess == pytest.approx(1.0, abs=0.12)
    # as many as last year's wave brought (on a level two thirds of this year's)
    last = truth[truth["interval_start"].between("2024-10-26", "2024-11-01 23:45")]
    assert excess == pytest.approx((last["truth"] - last["ordinary"]).sum(), rel=0.05)


def test_a_campaign_running_off_the_planners_heat_carries_its_departure() -> None:
    """The planner said half again as hot; the presale ran as every past one. Refitted
    after the presale, the wave's forecast moves from the planner's heat towards the truth."""
    history, truth = season_world(plateau=1.2)
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.5
    stamps = pd.date_range("2025-10-26", "2025-11-01 23:45", freq="15min")  # the wave
    means = []
    for origin in ("2025-10-03", "2025-10-16"):
        model = CampaignForecaster().fit(truncate_history(history, pd.Timestamp(origin)), calendar)
        means.append(model.predict(stamps[0], stamps[-1])["mean"].sum())
    true = truth[truth["interval_start"].isin(stamps)]["truth"].sum()
    assert means[0] > 1.15 * true  # the planner's heat
    assert abs(means[1] - true) < abs(means[0] - true)  # the presale pulled it back


def test_a_presale_that_never_told_the_waves_heat_does_not_move_the_planners() -> None:
    """Past presales ran hot and cold while their waves ran alike: early heat has never told
    the later heat. The planner says 1.0; this presale runs 40 % hot. Refitted after it, the
    wave keeps the planner's heat (a presale that did carry would move it, test above)."""
    history, _ = season_world(plateau=1.2, presale_heat=(1.4, 0.7, 1.3, 1.4))
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.0
    stamps = pd.date_range("2025-10-26", "2025-11-01 23:45", freq="15min")  # the wave
    models = [
        CampaignForecaster().fit(truncate_history(history, pd.Timestamp(origin)), calendar)
        for origin in ("2025-10-03", "2025-10-16")
    ]
    seen = models[1].intensity_["chat"]["Fest 2025"]
    assert np.exp(seen.seen_log_k) > 1.15  # the presale ran hot against the curves
    assert seen.carry < 0.1
    means = [m.predict(stamps[0], stamps[-1])["mean"].sum() for m in models]
    assert means[1] == pytest.approx(means[0], rel=0.03)


def test_the_app_gets_the_forecasts_notes_with_their_ids() -> None:
    """The pipeline's forecast carries the model's notes (the app's forecast page shows
    them in the reader's language)."""
    from forecaster.messages import Message
    from forecaster.pipeline import plan_forecast

    history, _ = season_world(plateau=1.2)
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.5
    fc = plan_forecast(history[history["interval_start"] < "2025-10-03"], calendar, 15,
                       start="2025-10-03", end="2025-10-10")  # fmt: skip
    ids = [note.id for note in fc.attrs["notes"] if isinstance(note, Message)]
    assert "fc.planned_heat" in ids


def test_a_forecast_reaching_a_campaign_without_a_heat_asks_for_one() -> None:
    """The one input the history cannot give is how hot this year's campaign runs: a
    forecast that reaches a campaign not begun, with no heat in the calendar, says how far
    such forecasts ran on past campaigns and asks for the heat column, once. One that stops
    before the campaign, or a campaign with a heat, gets no such note."""
    from forecaster.pipeline import plan_forecast

    history, _ = season_world(plateau=1.2)
    train = history[history["interval_start"] < "2025-10-03"]

    def ids(calendar: pd.DataFrame, end: str) -> list[str]:
        fc = plan_forecast(train, calendar, 15, start="2025-10-03", end=end)
        return [getattr(n, "id", "") for n in fc.attrs["notes"]]

    asked = ids(season_calendar(), "2025-11-01")
    assert asked.count("fc.unplanned_heat") == 1
    fc = plan_forecast(train, season_calendar(), 15, start="2025-10-03", end="2025-11-01")
    note = next(n for n in fc.attrs["notes"] if getattr(n, "id", "") == "fc.unplanned_heat")
    assert note.args["event"] == "Fest 2025" and 5 < note.args["sd"] < 200
    assert "heat column" in note and "日历没有填写热度" in note.render("zh")
    assert "fc.unplanned_heat" not in ids(season_calendar(), "2025-10-08")  # before it
    heated = season_calendar().assign(heat=np.nan)
    heated.loc[heated["event"] == "Fest 2025", "heat"] = 1.2
    assert "fc.unplanned_heat" not in ids(heated, "2025-11-01")


def test_a_heat_on_a_name_reused_every_year_is_that_seasons() -> None:
    """A calendar that names the campaign 'Fest' every year: the heat on this year's rows
    is this season's, as it would be on 'Fest 2025'."""
    history, _ = season_world(plateau=1.2)
    train = truncate_history(history, pd.Timestamp("2025-10-03"))
    named = season_calendar().assign(heat=np.nan)
    named.loc[named["event"] == "Fest 2025", "heat"] = 1.5
    yearless = named.assign(event="Fest")
    fits = [CampaignForecaster().fit(train, cal) for cal in (named, yearless)]
    assert fits[1].planned_heat_ == {"Fest 2025": 1.5}
    assert any("Fest 2025: forecast at the planner's heat 1.50" in n for n in fits[1].notes_)
    a, b = (m.predict("2025-10-26", "2025-11-01")["mean"] for m in fits)
    assert np.allclose(a, b)


def test_a_heat_on_a_campaign_never_seen_before_keeps_its_band() -> None:
    """No earlier campaign of its kind: the heat (1.0) is taken against the other campaigns'
    curves and the band stays that of a campaign not seen before."""
    history, _ = season_world(plateau=1.2)
    train = truncate_history(history, pd.Timestamp("2025-10-03"))
    calendar = season_calendar()
    calendar.loc[calendar["event"] == "Fest 2025", "event"] = "Gala 2025"
    plain = CampaignForecaster().fit(train, calendar).predict("2025-10-26", "2025-11-01")
    planned_cal = calendar.assign(heat=np.where(calendar["event"] == "Gala 2025", 1.0, np.nan))
    model = CampaignForecaster().fit(train, planned_cal)
    assert any("no earlier campaign of its kind" in n for n in model.notes_)
    got = model.predict("2025-10-26", "2025-11-01")
    assert np.allclose(got["mean"], plain["mean"])
    assert np.allclose(got["p90"] - got["p10"], plain["p90"] - plain["p10"])


@cache
def refit_inside(plateau_now: float) -> tuple[pd.DataFrame, pd.DataFrame, CampaignForecaster]:
    """Forecasts of 2025-10-23..11-02 made before the season and inside it (after eight days
    between presale and wave), and the refitted model."""
    history, truth = season_world(plateau=1.2, plateau_now=plateau_now)
    before = forecast(history, season_calendar(), "2025-10-03", "2025-11-03")
    model = CampaignForecaster().fit(
        truncate_history(history, pd.Timestamp("2025-10-23")), season_calendar()
    )
    inside = model.predict("2025-10-23", "2025-11-03")
    window = before[before["interval_start"] >= "2025-10-23"]
    score = [
        frame.merge(truth, on=["interval_start", "queue"]).assign(
            day=lambda f: f["interval_start"].dt.normalize()
        )
        for frame in (window, inside)
    ]
    return score[0], score[1], model


def test_a_season_running_hot_between_its_phases_lifts_the_rest_of_it() -> None:
    """The days between this year's presale and wave run at 1.5× the ordinary level where
    past seasons ran at 1.2×, and the wave rides on that higher base. Refitted inside the
    season, the rest of it is forecast nearer to the truth than before the season, in the
    days left between phases and under the wave."""
    before, inside, model = refit_inside(1.5)
    level = model.season_level_["chat"]["Fest 2025"]
    assert level.seen_log_ratio > 0.1
    assert 0 < level.log_level <= level.seen_log_ratio
    for days in (("2025-10-23", "2025-10-24"), ("2025-10-26", "2025-10-31")):
        rows = (inside["day"] >= days[0]) & (inside["day"] <= days[1])
        truth = inside.loc[rows, "truth"].sum()
        err_inside = abs(inside.loc[rows, "mean"].sum() / truth - 1)
        err_before = abs(before.loc[rows, "mean"].sum() / truth - 1)
        assert err_inside < 0.75 * err_before, (days, err_inside, err_before)


def test_a_season_running_as_before_is_left_as_it_was() -> None:
    before, inside, model = refit_inside(1.2)
    level = model.season_level_["chat"]["Fest 2025"]
    assert abs(level.log_level) < 0.03
    truth = inside["truth"].sum()
    assert abs(inside["mean"].sum() / truth - 1) <= abs(before["mean"].sum() / truth - 1) + 0.03


def test_early_and_later_heat_pairs_follow_the_phases() -> None:
    """Refitted after the presale, each past campaign gives a pair (its presale, its wave
    and peak day), whatever the days since its start."""
    _, _, model = refit_inside(1.2)
    assert model._seen_share("Fest 2025") == pytest.approx(1 / 3)
    assert len(model._early_late("chat", "Fest", 1 / 3)) == 3
    assert model.intensity_["chat"]["Fest 2025"].pairs == 3


def test_an_uncertain_carry_over_moves_the_forecast_less() -> None:
    assert cautious(0.8, 0.0) == pytest.approx(0.8)
    assert cautious(0.8, 0.09) < 0.8 * 0.9
    assert cautious(0.8, 0.5) < cautious(0.8, 0.09) < cautious(0.8, 0.01)
    assert cautious(0.0, 0.09) == 0.0


def test_a_wave_listed_over_the_whole_campaign_is_the_wave_not_the_season() -> None:
    rows = [
        ("Live 2025", "wave", "2025-10-20 20:00", "2025-11-11 23:59"),
        ("Live 2025", "peak_day", "2025-11-11 00:00", "2025-11-11 23:59"),
    ]
    calendar = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    cal = with_season(normalise_calendar(calendar, 15), 15)
    assert (cal["phase"] == IN_SEASON).sum() == 1  # same span as the wave
    stamps = pd.date_range("2025-10-20 20:00", "2025-11-12", freq="15min", inclusive="left")
    phase, _ = assign_phases(stamps, cal, 15)
    names = cal["phase"].to_numpy()[phase]
    assert set(names[stamps < "2025-11-11"]) == {"wave"}
    assert set(names[stamps >= "2025-11-11"]) == {"peak_day"}


def test_the_band_around_a_planners_heat_is_what_past_campaigns_needed_at_their_own() -> None:
    """Past campaigns, each left out and forecast at its own heat, set the band around a
    planner's heat: narrower than an unseen heat's, and it covers about 80 % of the
    campaign's intervals when the planner is right."""
    history, _ = season_world(plateau=1.2)
    calendar = season_calendar().assign(heat=np.nan)
    calendar.loc[calendar["event"] == "Fest 2025", "heat"] = 1.0
    model = CampaignForecaster().fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), calendar
    )
    around, unseen = model.shape_var_["chat"], model.heat_var_["chat"]
    assert around is not None and unseen is not None and 0 < around < unseen
    fc = model.predict(pd.Timestamp("2025-10-10"), pd.Timestamp("2025-11-01 23:45"))
    actual = history.set_index("interval_start").loc[fc["interval_start"], "inquiries"]
    inside = (actual.to_numpy() >= fc["p10"].to_numpy()) & (
        actual.to_numpy() <= fc["p90"].to_numpy()
    )
    hot = (fc["interval_start"] >= "2025-10-25 20:00").to_numpy()
    assert 0.75 <= inside[hot].mean() <= 0.9


@cache
def weekend_world(excess_by_day: bool) -> tuple[CampaignForecaster, pd.DataFrame]:
    """Weekends at 1.6–1.7× a weekday; the campaigns' excess follows that or not. The
    model as fitted before the 2025 presale."""
    history, truth = season_world(
        week=(1.0, 1.0, 1.0, 1.0, 1.0, 1.6, 1.7), excess_by_day=excess_by_day
    )
    model = CampaignForecaster().fit(
        truncate_history(history, pd.Timestamp("2025-10-03")), season_calendar()
    )
    return model, truth


def test_a_campaign_whose_extra_inquiries_ignore_the_weekend_gets_them_so() -> None:
    """Where the campaigns brought as many extra inquiries on a Sunday as on a Tuesday
    while ordinary Sundays run 1.7× as busy, the past phases say so (their same day of
    the phase fell on other weekdays in other years) and the wave's weekend is forecast
    with a weekday's excess; where the excess followed the weekend, it still does."""
    for by_day in (False, True):
        model, truth = weekend_world(by_day)
        gamma = model.excess_exponent_["chat"]
        assert (gamma > -0.2) if by_day else (gamma < -0.7), gamma
        said = [n for n in model.notes_ if getattr(n, "id", "") == "fc.excess_by_day"]
        assert len(said) == (0 if by_day else 1)
        wave = pd.date_range("2025-10-26", "2025-10-31 23:45", freq="15min")
        got = model.predict(wave[0], wave[-1])["mean"].to_numpy() - model.baseline("chat", wave)
        true = truth[truth["interval_start"].isin(wave)]
        excess = (true["truth"] - true["ordinary"]).to_numpy()
        weekend = wave.day_of_week >= 5
        # the weekend's share of the wave's excess: 2 of 6 days (or their 1.65× weight)
        assert got[weekend].sum() / got.sum() == pytest.approx(
            excess[weekend].sum() / excess.sum(), abs=0.04
        )
