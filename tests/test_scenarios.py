"""Scenario parsing and the parallel comparison (``forecaster compare``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.config import load_config
from forecaster.errors import ConfigError
from forecaster.scenarios import (
    COMPARISON_COLUMNS,
    Scenario,
    parse_scenario,
    parse_scenarios,
    run_scenarios,
    slug,
)

BASE = load_config()


def test_scenario_with_a_name_and_several_keys() -> None:
    s = parse_scenario(
        "bot 50%: bot_resolution=0.5, presale.max_concurrency=4; forecast_quantile=p95", BASE
    )
    assert s.name == "bot 50%"
    assert dict(s.overrides) == {
        "bot_resolution": "0.5",
        "presale.max_concurrency": "4",
        "forecast_quantile": "p95",
    }
    config = BASE.with_overrides(s.overrides)
    assert config.queues["presale"].max_concurrency == 4
    assert {q.bot_resolution for q in config.queues.values()} == {0.5}


def test_values_may_hold_colons_and_dashes() -> None:
    s = parse_scenario("presale.service_hours=08:00-22:00", BASE)
    assert s.name == "presale.service_hours=08:00-22:00"
    assert s.overrides == {"presale.service_hours": "08:00-22:00"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bot_reslution=0.5", r"unknown key 'bot_reslution' \(did you mean 'bot_resolution'\?\)"),
        ("presale.max_concurency=4", r"unknown key 'presale.max_concurency'"),
        ("bot_resolution=1.5", r"bot_resolution must be < 1, got '1.5'"),
        ("bot_resolution", r"expected key=value, got 'bot_resolution'"),
        ("bot_resolution=", r"key 'bot_resolution' has no value"),
    ],
)
def test_bad_scenarios_name_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_scenario(text, BASE)
    assert f"--scenario {text!r}" in str(caught.value) and "\n" not in str(caught.value)


def test_scenario_list_has_the_base_first_and_unique_names() -> None:
    names = [s.name for s in parse_scenarios(["bot_resolution=0", "x: shrinkage=0.2"], BASE)]
    assert names == ["base", "bot_resolution=0", "x"]
    assert [s.name for s in parse_scenarios(["bot_resolution=0"], BASE, include_base=False)] == [
        "bot_resolution=0"
    ]
    with pytest.raises(ConfigError, match="two scenarios are called 'a'"):
        parse_scenarios(["a: shrinkage=0.2", "a: shrinkage=0.3"], BASE)
    with pytest.raises(ConfigError, match="at least one scenario"):
        parse_scenarios([], BASE, include_base=False)


def test_slug_keeps_chinese_and_makes_safe_directory_names() -> None:
    assert slug("机器人 50%: bot_resolution=0.5") == "机器人_50_bot_resolution=0.5"
    assert slug("..") == slug("../..") == slug("///") == "scenario"
    assert slug("a/b") == "a_b"


def test_bad_scenario_key_on_the_cli_is_exit_2_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmp"
    code = main(["compare", "--scenario", "bot_resolution=0.5", "--scenario", "botres=0.5",
                 "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "unknown key 'botres'" in err
    assert not (out / "comparison.csv").exists()


@pytest.mark.slow
def test_compare_on_the_cli_writes_the_table_chart_and_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmp"
    args = ["compare", "--start", "2025-11-11", "--end", "2025-11-11", "--replications", "2",
            "--time-limit", "20", "--workers", "2", "--scenario", "bot_resolution=0.5",
            "--out", str(out)]  # fmt: skip
    assert main(args) == 0, capsys.readouterr().err
    table = pd.read_csv(out / "comparison.csv", encoding="utf-8-sig")
    assert tuple(table.columns) == COMPARISON_COLUMNS
    assert table["scenario"].tolist() == ["base", "bot_resolution=0.5"]
    base, bot = table.iloc[0], table.iloc[1]
    assert bot["agent_hours"] < base["agent_hours"] and bot["peak_agents"] < base["peak_agents"]
    assert bot["labour_cost"] <= base["labour_cost"]
    assert (table["error"].isna()).all()
    assert (out / "comparison.png").stat().st_size > 10_000
    for name in ("base", "bot_resolution=0.5"):
        assert (out / name / "report.html").exists() and (out / name / "shifts.csv").exists()
    printed = capsys.readouterr().out
    assert "[2/2]" in printed and "with 2 processes" in printed


@pytest.mark.slow
def test_scenarios_share_one_forecast_and_match_one_by_one(sample_inputs: tuple) -> None:
    """The parallel run plans each scenario exactly as a sequential run does."""
    history, calendar, config = sample_inputs
    config = config.with_overrides({"solver.time_limit_seconds": 20})
    scenarios = [Scenario("base"), Scenario("fast", {"presale.aht_seconds": "60"})]
    kwargs = {"start": "2025-11-11", "end": "2025-11-11", "replications": 2}
    parallel = run_scenarios(history, calendar, config, scenarios, workers=2, **kwargs)
    serial = run_scenarios(history, calendar, config, scenarios, workers=1, **kwargs)
    a, b = parallel.results["base"], parallel.results["fast"]
    assert a is not None and b is not None
    pd.testing.assert_frame_equal(a.forecast, b.forecast)
    assert b.config.queues["presale"].aht_seconds == 60
    assert b.summary["agent_hours"] < a.summary["agent_hours"]
    assert a.inputs["history"]["sha256"] and a.inputs["calendar"]["sha256"]
    columns = ["scenario", "peak_agents", "agent_hours", "simulated_service_level"]
    pd.testing.assert_frame_equal(parallel.table[columns], serial.table[columns])


def test_the_comparison_chart_draws_chinese_scenario_names(tmp_path: Path) -> None:
    """A scenario named in Chinese (多兼职) is drawn with a CJK font, not as empty boxes (which
    matplotlib warns about), and the chart's own words follow the language."""
    import warnings

    from forecaster.report_charts import cjk_font
    from forecaster.scenarios import comparison_chart

    if cjk_font() is None:
        pytest.skip("no CJK font on this machine: the chart falls back to English")
    row = dict.fromkeys(COMPARISON_COLUMNS, 0.0) | {"error": ""}
    table = pd.DataFrame(
        [row | {"scenario": "base", "simulated_service_level": 0.91, "labour_cost": 1000.0},
         row | {"scenario": "多兼职", "simulated_service_level": 0.95, "labour_cost": 1200.0}]
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        path = comparison_chart(table, tmp_path / "comparison.png", "zh")
    assert path.stat().st_size > 10_000
