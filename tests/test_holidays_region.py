"""Holiday calendars by region (issue 15): ``holidays = "CN"`` (default, with 调休), ``"none"``,
or another country's public holidays from the ``holidays`` package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.config import load_config
from forecaster.errors import ConfigError, InputDataError
from forecaster.forecast import HOLIDAY, SATURDAY, WEEKDAY, day_types, make_model
from forecaster.holidays import check_region, day_type, holiday_features, uncovered_years
from forecaster.messages import render
from forecaster.paths import SAMPLE_CONFIG
from tests.conftest import make_history, shown, to_csv_bytes

# England and Wales bank holidays 2023-2025, from gov.uk/bank-holidays
ENGLAND = [
    "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
    "2023-08-28", "2023-12-25", "2023-12-26", "2024-01-01", "2024-03-29", "2024-04-01",
    "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26", "2025-01-01",
    "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
    "2025-12-26",
]  # fmt: skip


def test_no_holidays_means_weekends_are_weekends() -> None:
    days = pd.date_range("2025-09-27", "2025-10-12")
    features = holiday_features(days, "none")
    assert features.to_numpy().sum() == 0
    assert features.loc["2025-10-01"].sum() == 0
    assert day_types(days, region="none")[days.get_loc("2025-10-01")] == WEEKDAY
    assert day_types(days, region="none")[days.get_loc("2025-10-11")] == SATURDAY  # no 调休
    assert day_type(pd.Timestamp("2025-10-01"), "none") == "work"
    assert day_type(pd.Timestamp("2025-10-11"), "none") == "rest"


UK_WIDE = [
    d for d in ENGLAND if d[5:] not in ("04-10", "04-01", "04-21", "08-28", "08-26", "08-25")
]
"""Bank holidays of every UK nation (Easter Monday and the August one are England's)."""


def test_gb_marks_its_own_holidays_and_not_chinas() -> None:
    days = pd.date_range("2023-01-01", "2025-12-31")
    england = holiday_features(days, "GB-ENG")
    on = {f"{d:%Y-%m-%d}" for d in england.index[england["other_holiday"] > 0]}
    assert on - set(ENGLAND) == {"2023-01-01"}  # New Year's Day itself, a Sunday
    assert set(ENGLAND) <= on
    features = holiday_features(days, "GB")
    on = {f"{d:%Y-%m-%d}" for d in features.index[features["other_holiday"] > 0]}
    assert on - {"2023-01-01"} == set(UK_WIDE)
    assert features.loc["2025-12-25", "other_holiday"] == 1
    assert features.loc["2025-10-01"].sum() == 0
    chinese = ["spring_festival", "national_day", "makeup_workday", "before_spring_festival"]
    assert features[chinese].to_numpy().sum() == 0
    assert day_types(days, region="GB")[days.get_loc("2025-12-25")] == HOLIDAY
    assert day_type(pd.Timestamp("2025-12-25"), "GB") == "holiday"
    assert day_type(pd.Timestamp("2025-10-01"), "GB") == "work"
    assert uncovered_years(pd.date_range("2027-01-01", "2027-01-03"), "GB") == []


def test_cn_is_unchanged_and_the_default() -> None:
    days = pd.date_range("2025-09-25", "2025-10-12")
    features = holiday_features(days)
    pd.testing.assert_frame_equal(features, holiday_features(days, "CN"))
    assert features.loc["2025-10-01", "national_day"] == 1
    assert features.loc["2025-09-28", "makeup_workday"] == 1  # the Sunday worked before it
    assert features.loc["2025-10-11", "makeup_workday"] == 1
    assert day_type(pd.Timestamp("2025-10-01")) == "holiday"
    assert day_type(pd.Timestamp("2025-09-28")) == "work"
    assert uncovered_years(pd.date_range("2027-01-01", "2027-01-03")) == [2027]


def test_region_codes_are_checked_and_spelt_one_way() -> None:
    assert [check_region(r) for r in ("CN", "cn", "None", "gb", " US-ny ")] == [
        "CN",
        "CN",
        "none",
        "GB",
        "US-NY",
    ]
    for bad in ("XX", "US-ZZ", "", 3):
        with pytest.raises(ValueError, match="must be 'CN'.*, got"):
            check_region(bad)


def config_text(holidays: str) -> str:
    """The sample plan.toml with ``holidays`` set."""
    lines = SAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("holidays =")]
    return f'holidays = "{holidays}"\n' + "\n".join(kept) + "\n"


def test_the_config_key_defaults_to_cn_and_rejects_an_unknown_code() -> None:
    assert load_config().holidays == "CN"
    assert load_config(config_text("gb")).holidays == "GB"
    assert load_config(config_text("none")).holidays == "none"
    assert load_config().with_overrides({"holidays": "de"}).holidays == "DE"
    with pytest.raises(ConfigError) as info:
        load_config(config_text("XX"))
    assert len(info.value.problems) == 1
    (line,) = info.value.problems
    assert line.startswith("plan.toml: holidays must be 'CN'") and line.endswith("got 'XX'")
    assert render(line, "zh").startswith("plan.toml: holidays 必须是 'CN'")


def test_an_unknown_code_stops_the_model_and_the_cli_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputDataError, match="^holidays must be 'CN'.*got 'XX'$"):
        make_model("baseline", holidays="XX")
    model = make_model("baseline")
    model.holidays = "XX"  # set after construction: fit checks it
    with pytest.raises(InputDataError, match="holidays must be"):
        model.fit(make_history(days=35))
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(make_history(days=35)))
    bad = tmp_path / "plan.toml"
    bad.write_text(config_text("XX"), encoding="utf-8")
    args = ["--history", str(history), "--calendar", "", "--config", str(bad)]
    window = ["--start", "2025-04-07", "--end", "2025-04-07"]
    code = main(["forecast", *args, *window, "--out", str(tmp_path / "f.csv")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("forecaster forecast: error: plan.toml: holidays must be")


def test_the_cli_forecast_reads_the_region_from_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(uk_shop()))
    config = tmp_path / "plan.toml"
    config.write_text(config_text("GB"), encoding="utf-8")
    sums = {}
    for region, extra in (("GB", ["--config", str(config)]), ("CN", [])):
        out = tmp_path / f"{region}.csv"
        args = ["--history", str(history), "--calendar", "", "--model", "baseline", *extra]
        window = ["--start", "2025-12-22", "--end", "2025-12-26"]
        assert main(["forecast", *args, *window, "--out", str(out)]) == 0
        fc = pd.read_csv(out, parse_dates=["interval_start"])
        sums[region] = fc.groupby(fc["interval_start"].dt.normalize())["mean"].sum()
    capsys.readouterr()
    assert sums["GB"]["2025-12-25"] < 0.5 * sums["GB"]["2025-12-23"]
    assert sums["CN"]["2025-12-25"] > 0.9 * sums["CN"]["2025-12-23"]


@cache
def uk_shop(seed: int = 2) -> pd.DataFrame:
    """An hourly UK shop, 2023-01-02 to 2025-12-21: UK-wide bank holidays at 30 % of a
    normal day, China's holidays ordinary days."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range("2023-01-02", "2025-12-21 23:00", freq="60min")
    days = stamps.normalize()
    weekly = np.array([1.0, 1.0, 1.0, 1.0, 1.1, 0.8, 0.7])[days.day_of_week.to_numpy()]
    level = np.where(days.isin(pd.DatetimeIndex(UK_WIDE)), 0.3, 1.0) * weekly
    hours = stamps.hour.to_numpy()
    rate = 12 * (0.2 + np.exp(-0.5 * ((hours - 13) / 4) ** 2)) * level
    return pd.DataFrame({"interval_start": stamps, "queue": "uk", "inquiries": rng.poisson(rate)})


def _daily(model_name: str, region: str, cut: str, start: str, end: str) -> pd.Series:
    history = uk_shop()
    train = history[history["interval_start"] < pd.Timestamp(cut)]
    model = make_model(model_name, holidays=region).fit(train)
    assert model.holidays == region
    fc = model.predict(start, end)
    return fc.groupby(fc["interval_start"].dt.normalize())["mean"].sum()


@pytest.mark.parametrize("name", ["baseline", "campaign"])
def test_a_gb_model_does_not_dip_on_chinas_national_day(name: str) -> None:
    daily = _daily(name, "GB", "2025-09-22", "2025-09-22", "2025-10-12")
    before, golden_week = daily.iloc[:7].to_numpy(), daily.iloc[7:14].to_numpy()
    assert golden_week == pytest.approx(before, rel=0.02)


def test_a_gb_model_dips_on_christmas_and_a_cn_model_does_not() -> None:
    gb = _daily("baseline", "GB", "2025-12-22", "2025-12-22", "2025-12-28")
    assert gb["2025-12-25"] == pytest.approx(0.3 * gb["2025-12-23"], rel=0.15)
    assert gb["2025-12-26"] < 0.5 * gb["2025-12-23"]
    cn = _daily("baseline", "CN", "2025-12-22", "2025-12-22", "2025-12-28")
    assert cn["2025-12-25"] == pytest.approx(cn["2025-12-23"], rel=0.05)


def test_overtime_pay_follows_the_region() -> None:
    from forecaster.roster import overtime_premium

    china, uk = load_config(), load_config(config_text("GB"))
    labour = china.labour
    christmas, national_day = pd.Timestamp("2025-12-25"), pd.Timestamp("2025-10-01")
    assert overtime_premium(china, christmas) == labour.overtime_premium_workday
    assert overtime_premium(uk, christmas) == labour.overtime_premium_holiday
    assert overtime_premium(china, national_day) == labour.overtime_premium_holiday
    assert overtime_premium(uk, national_day) == labour.overtime_premium_workday


@pytest.mark.slow
def test_the_app_sidebar_chooses_the_holiday_calendar() -> None:
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    choice = at.selectbox(key="holidays")
    assert choice.options == [
        "From plan.toml",
        "China (CN, with make-up working days)",
        "No holidays",
        "Another country code",
    ]
    choice.set_value("other").run()
    at.text_input(key="holidays_code").set_value("XX").run()
    at.switch_page("app_pages/forecast.py").run()
    assert not at.exception
    (error,) = at.error
    text = shown(error.value)
    assert text.startswith("app: holidays must be 'CN'") and text.endswith("'XX'")
    at.text_input(key="holidays_code").set_value("gb").run()
    assert not at.exception and at.error == []
    assert at.get("vega_lite_chart")
