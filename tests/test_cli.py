"""``forecaster validate``: report on stdout, exit 0 if usable, 2 with one stderr line if not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecaster.cli import main, parse_timestamp
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.pipeline import PlanResult
from forecaster.simulate import SIMULATION_COLUMNS
from tests.conftest import make_history, to_csv_bytes


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(to_csv_bytes(make_history(days=10)))
    assert main(["validate", "--history", str(path), "--calendar", str(SAMPLE_CALENDAR)]) == 0
    out, err = capsys.readouterr()
    assert "History h.csv: 1,920 rows, 2 queue(s), 15-minute intervals" in out
    assert "Usable: yes" in out
    assert err == ""


def test_validate_bad_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = make_history(days=3).astype({"inquiries": str})
    frame.loc[4, "inquiries"] = "-7"
    path = tmp_path / "bad.csv"
    path.write_bytes(to_csv_bytes(frame))
    assert main(["validate", "--history", str(path), "--calendar", ""]) == 2
    out, err = capsys.readouterr()
    assert err == (
        "forecaster validate: error: bad.csv row 6, column inquiries: "
        "must be a non-negative integer, got '-7'\n"
    )
    assert "Input not usable, 1 problem(s)" in out


def test_bad_calendar_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(make_history(days=3)))
    calendar = tmp_path / "cal.csv"
    calendar.write_text("event,phase,start,end\nx,wave,2025-01-02,2025-01-01 10:00\n")
    assert main(["validate", "--history", str(history), "--calendar", str(calendar)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--no-such-flag"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrecognized arguments: --no-such-flag" in err


def test_every_help_text_has_its_chinese_and_no_chinese_is_stale() -> None:
    from forecaster import cli_zh
    from forecaster.cli import build_parser

    english = build_parser()
    assert cli_zh.untranslated(english) == []  # a new option needs its Chinese help
    assert set(cli_zh.HELP) <= set(cli_zh._texts(english))  # no entry for a removed option
    chinese = build_parser("zh")
    assert cli_zh._texts(chinese) and all(
        re.search("[\u4e00-\u9fff]", text) for text in cli_zh._texts(chinese)
    )


@pytest.mark.parametrize("lang", [["--lang", "zh"], ["--lang=zh"], []])
def test_help_and_usage_errors_read_in_chinese(
    lang: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORECASTER_LANG", "zh" if not lang else "en")
    with pytest.raises(SystemExit) as info:
        main([*lang, "plan", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法: forecaster plan") and "选项:" in out
    assert "排班求解时间上限 (秒)" in out and "show this help" not in out
    with pytest.raises(SystemExit) as info:
        main(["forecast", *lang, "--model", "nope"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "forecaster forecast: 错误: 参数 --model: 无效的取值 'nope'" in err
    assert "见 'forecaster forecast --help'" in err


def test_help_stays_english_without_a_chinese_choice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORECASTER_LANG", "en")
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: forecaster plan") and "roster solver seconds" in out


@pytest.mark.slow
def test_validate_sample_reports_its_planted_defects() -> None:
    """The real console script on the bundled sample (as a user runs it)."""
    result = subprocess.run(
        [sys.executable, "-m", "forecaster", "validate", "--history", str(SAMPLE_HISTORY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2 queue(s), 15-minute intervals" in out
    assert "range 2023-01-01 00:00 to 2025-11-30 23:45" in out
    assert "Duplicates: 1 exact duplicate row(s) dropped" in out
    assert "Suspected outages: 2" in out  # one export outage, both queues
    assert "Gaps: 4 missing intervals in 1 gap(s)" in out
    for event in ("618 2023", "双11 2023", "618 2024", "双11 2024", "618 2025", "双11 2025"):
        assert event in out
    assert "Traceback" not in result.stderr


def test_sample_file_is_the_documented_size() -> None:
    frame = pd.read_csv(SAMPLE_HISTORY, usecols=["queue"])
    assert 200_000 <= len(frame) <= 210_000


# ----------------------------------------------------------------------------- forecast


def _small_history(tmp_path: Path) -> Path:
    frame = make_history(days=45, start="2025-01-06")
    path = tmp_path / "h.csv"
    path.write_bytes(to_csv_bytes(frame))
    return path


def test_forecast_writes_the_contract_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fc" / "forecast.csv"
    args = ["forecast", "--history", str(_small_history(tmp_path)), "--calendar", ""]
    code = main([*args, "--start", "2025-02-20", "--end", "2025-02-21", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    frame = pd.read_csv(out, parse_dates=["interval_start"])
    assert list(frame.columns) == [
        "interval_start",
        "queue",
        "mean",
        "p10",
        "p50",
        "p80",
        "p90",
        "p95",
    ]
    assert len(frame) == 2 * 2 * 96
    assert frame["interval_start"].min() == pd.Timestamp("2025-02-20")
    assert "wrote" in capsys.readouterr().out


def test_forecast_hourly_and_adjusted(tmp_path: Path) -> None:
    history = str(_small_history(tmp_path))
    base = ["forecast", "--history", history, "--calendar", "", "--start", "2025-02-20"]
    plain, adjusted = tmp_path / "plain.csv", tmp_path / "adjusted.csv"
    assert main([*base, "--end", "2025-02-20", "--interval", "60", "--out", str(plain)]) == 0
    adj = tmp_path / "adj.json"
    adj.write_text(
        '[{"kind": "scale", "queue": "presale", "start": "2025-02-20 20:00",'
        ' "end": "2025-02-20 22:00", "factor": 2.0, "author": "王", "note": "直播"}]',
        encoding="utf-8",
    )
    code = main(
        [
            *base,
            "--end",
            "2025-02-20",
            "--interval",
            "60",
            "--adjustments",
            str(adj),
            "--out",
            str(adjusted),
        ]
    )
    assert code == 0
    p, a = pd.read_csv(plain), pd.read_csv(adjusted)
    assert len(p) == 2 * 24
    changed = (a["mean"] - p["mean"]).abs() > 1e-6
    assert changed.sum() == 2  # 20:00 and 21:00 of presale
    assert (a.loc[changed, "queue"] == "presale").all()
    assert (a.loc[changed, "mean"] / p.loc[changed, "mean"]).round(3).eq(2.0).all()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "yesterday-ish", "--end", "2025-02-21"], "--start must be a date"),
        (["--start", "2025-02-20", "--end", "2025-02-19"], "--end must not be before --start"),
        (["--start", "2025-02-20 10:07", "--end", "2025-02-21"], "not on the 15-minute grid"),
        (  # 8 October or 10 August: refused, not guessed
            ["--start", "08-10-2025", "--end", "2025-02-21"],
            "--start '08-10-2025' puts the day and month before the year, which is read "
            "differently in different places; write the year first, e.g. 2025-10-08 or "
            "2025-08-10",
        ),
        (["--start", "2025-02-20", "--end", "16/11/2025"], "e.g. 2025-11-16"),
    ],
)
def test_forecast_bad_options_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = ["forecast", "--history", str(_small_history(tmp_path)), "--calendar", ""]
    assert main([*args, *extra, "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "h.csv: 历史数据队列 vip: 预测开始前至少需要 28 个完整的普通日 (非大促日), 现有 5 个",
        ),
        ("en", "h.csv: history queue vip: needs at least 28 complete ordinary (non-campaign) days"),
    ],
)
def test_a_queue_too_young_to_forecast_is_named_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, message: str
) -> None:
    old = make_history(days=35, queues=("presale",))
    young = make_history(days=5, queues=("vip",), start="2025-04-02")  # too few for a share
    path = tmp_path / "h.csv"
    path.write_bytes(to_csv_bytes(pd.concat([old, young], ignore_index=True)))
    args = ["forecast", "--history", str(path), "--calendar", "", "--start", "2025-04-07"]
    assert (
        main([*args, "--end", "2025-04-08", "--lang", lang, "--out", str(tmp_path / "f.csv")]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize("command", ["plan", "compare"])
def test_a_history_queue_without_a_config_table_stops_before_the_forecast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """A history with a queue the config has no table for (vip beside presale and
    aftersale) stops at once, in the reader's language, naming the config, the history and
    the queue, before a forecast is fitted."""
    path = tmp_path / "h.csv"
    path.write_bytes(to_csv_bytes(make_history(days=35, queues=("presale", "vip"))))
    args = [command, "--history", str(path), "--calendar", "", "--start", "2025-04-07"]
    args += ["--end", "2025-04-08", "--out", str(tmp_path / "out"), "--lang", "zh"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "h.csv 有队列 vip, 但配置中没有 [queues.vip] 表" in captured.err, captured.err
    assert "plan.toml" in captured.err and "正在预测" not in captured.out + captured.err


@pytest.mark.parametrize(
    "text", ["2025年2月20日", "2025/02/20", "20250220", "2025-02-20T00:00", "2025年2月20日 00:00"]
)
def test_dates_are_read_year_first_and_in_chinese(text: str) -> None:
    assert parse_timestamp(text, "--start") == pd.Timestamp("2025-02-20")


def test_backtest_unknown_event_names_the_events(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "--event", "双12 2024", "--out", "/tmp/never-written"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "event '双12 2024' is not in the calendar; events: 618 2022" in err


@pytest.mark.slow
def test_backtest_on_the_sample_writes_scores_and_charts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "backtest",
            "--event",
            "618 2025",
            "--models",
            "campaign,last_year",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0, capsys.readouterr().err
    metrics = pd.read_csv(tmp_path / "metrics.csv")
    assert set(metrics["origin"]) == {"pre_campaign", "final_wave"}
    assert set(metrics["model"]) == {"campaign", "last_year"}
    assert {"wape", "bias", "coverage_80", "pinball", "peak_timing_minutes"} <= set(metrics.columns)
    window = metrics[(metrics["scope"] == "window") & (metrics["origin"] == "pre_campaign")]
    by_model = window.groupby("model")["wape"].mean()
    assert by_model["campaign"] < by_model["last_year"]
    for queue in ("presale", "aftersale"):
        png = tmp_path / f"backtest_{queue}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    forecasts = pd.read_csv(tmp_path / "forecasts.csv", parse_dates=["interval_start"])
    first = forecasts[forecasts["origin"] == "pre_campaign"]["interval_start"].min()
    assert first == pd.Timestamp("2025-05-06")  # 7 days before the 05-13 presale


# ----------------------------------------------------------------------------- staff, simulate


def _forecast_csv(tmp_path: Path) -> Path:
    out = tmp_path / "forecast.csv"
    code = main(
        ["forecast", "--start", "2025-11-10 18:00", "--end", "2025-11-10 23:45", "--out", str(out)]
    )
    assert code == 0
    return out


@pytest.mark.slow
def test_staff_then_simulate_on_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fc = _forecast_csv(tmp_path)
    req = tmp_path / "requirements.csv"
    assert main(["staff", "--forecast", str(fc), "--out", str(req)]) == 0
    frame = pd.read_csv(req)
    assert list(frame.columns[:11]) == [
        "interval_start", "queue", "inquiries", "human_inquiries", "aht_seconds", "agents",
        "headcount", "service_level", "asa_seconds", "abandon_rate", "occupancy",
    ]  # fmt: skip
    assert (frame["headcount"] >= frame["agents"]).all() and (frame["agents"] > 0).all()
    higher = tmp_path / "p95.csv"
    assert main(["staff", "--forecast", str(fc), "--quantile", "p95", "--out", str(higher)]) == 0
    assert pd.read_csv(higher)["agents"].sum() > frame["agents"].sum()

    sim = tmp_path / "simulation.csv"
    args = ["simulate", "--requirements", str(req), "--replications", "3", "--out", str(sim)]
    assert main(args) == 0
    result = pd.read_csv(sim)
    assert tuple(result.columns[:6]) == SIMULATION_COLUMNS
    assert result["service_level"].mean() > 0.75
    assert "simulated service level" in capsys.readouterr().out

    roster = tmp_path / "roster"
    roster.mkdir()
    frame.assign(required=frame["agents"], scheduled=frame["agents"] // 2, shortfall=0)[
        ["interval_start", "queue", "required", "scheduled", "shortfall"]
    ].to_csv(roster / "coverage.csv", index=False)
    halved = tmp_path / "halved.csv"
    args = ["simulate", "--requirements", str(req), "--roster", str(roster), "--replications", "3"]
    assert main([*args, "--out", str(halved)]) == 0
    assert pd.read_csv(halved)["service_level"].mean() < result["service_level"].mean() - 0.2

    # a roster's coverage is headcount present, outsourced agents at out_productivity
    # (6.8 = 8 × 0.85): on chat are those less shrinkage (0.30 in the sample), on average
    frame.assign(required=frame["headcount"], scheduled=6.8, shortfall=0)[
        ["interval_start", "queue", "required", "scheduled", "shortfall"]
    ].to_csv(roster / "coverage.csv", index=False)
    assert main([*args, "--out", str(halved)]) == 0, capsys.readouterr().err
    assert (pd.read_csv(halved)["agents"] == 4.76).all()  # 6.8 × 0.7: 5 agents 76 % of the time
    cells = pd.read_csv(roster / "coverage.csv").astype({"scheduled": object})
    cells.loc[3, "scheduled"] = "n/a"
    cells.to_csv(roster / "coverage.csv", index=False)
    capsys.readouterr()
    assert main([*args, "--out", str(halved)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "coverage.csv row 5, column scheduled" in err, err


def test_staff_calendar_opens_the_peak_day_night_of_phase_service_hours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample plan opens presale round the clock on peak_day: the 11-11 00:00 opening is
    staffed only when `staff --calendar` says which day that is."""
    stamps = pd.date_range("2025-11-10 23:00", "2025-11-11 01:00", freq="15min")
    fc = tmp_path / "fc.csv"
    pd.DataFrame(
        {"interval_start": stamps, "queue": "presale", "mean": 900.0, "p80": 1000.0}
    ).to_csv(fc, index=False)
    calendar = tmp_path / "cal.csv"
    calendar.write_text(
        "event,phase,start,end\n双11 2025,peak_day,2025-11-11 00:00,2025-11-11 23:59\n",
        encoding="utf-8",
    )
    plain, phased = tmp_path / "plain.csv", tmp_path / "phased.csv"
    assert main(["staff", "--forecast", str(fc), "--out", str(plain)]) == 0
    out = capsys.readouterr().out
    assert "phase_service_hours but no --calendar was given" in out
    assert "intervals decided by: occupancy" in out
    args = ["staff", "--forecast", str(fc), "--calendar", str(calendar), "--out", str(phased)]
    assert main(args) == 0
    assert "no --calendar" not in capsys.readouterr().out
    a, b = pd.read_csv(plain), pd.read_csv(phased)
    midnight = a["interval_start"] >= "2025-11-11 00:00:00"
    assert (a.loc[midnight, "agents"] == 0).all() and (a.loc[midnight, "binding"] == "closed").all()
    assert (b.loc[midnight, "agents"] > 0).all() and (b.loc[midnight, "binding"] != "closed").all()
    assert (a.loc[~midnight, "agents"] == b.loc[~midnight, "agents"]).all()


def test_staff_bad_forecast_cell_exits_2_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "fc.csv"
    bad.write_text(
        "interval_start,queue,mean,p80\n2025-11-10 20:00,presale,10,12\n"
        "2025-11-10 20:15,presale,11,-4\n",
        encoding="utf-8",
    )
    assert main(["staff", "--forecast", str(bad), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "fc.csv row 3, column p80: must be a non-negative number, got '-4'" in err


def test_simulate_missing_requirements_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "simulate",
        "--requirements",
        str(tmp_path / "nope.csv"),
        "--out",
        str(tmp_path / "s.csv"),
    ]
    assert main(args) == 2
    assert "--requirements" in capsys.readouterr().err


# ----------------------------------------------------------------------------- roster

TINY_PLAN = """
interval_minutes = 60
[queues.chat]
aht_seconds = 300
[[shifts]]
name = "早班"
code = "E"
kind = "FT"
start_times = ["08:00"]
length_hours = 9
paid_hours = 8
break_minutes = 60
break_window_hours = [3.0, 5.0]
cost_per_hour = 30
[[shifts]]
name = "兼职"
code = "P"
kind = "PT"
start_window = ["12:00", "18:00"]
start_step_minutes = 60
length_hours = 4
paid_hours = 4
cost_per_hour = 25
[labour]
ft_agents = 3
pt_pool = 4
[solver]
time_limit_seconds = 30
"""


def _tiny_requirements(tmp_path: Path, late: bool = False) -> Path:
    stamps = pd.date_range("2025-11-03", periods=48, freq="60min")
    hours = stamps.hour
    need = ((hours >= 9) & (hours < 21)).astype(int) * 2 + ((hours >= 19) & (hours < 21))
    if late:
        need = need + (hours == 23)
    path = tmp_path / "requirements.csv"
    pd.DataFrame(
        {"interval_start": stamps, "queue": "chat", "agents": need, "headcount": need}
    ).to_csv(path, index=False)
    return path


def test_roster_writes_every_contract_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import openpyxl

    plan = tmp_path / "plan.toml"
    plan.write_text(TINY_PLAN, encoding="utf-8")
    out = tmp_path / "roster"
    args = ["roster", "--requirements", str(_tiny_requirements(tmp_path)), "--config", str(plan)]
    assert main([*args, "--calendar", "", "--out", str(out)]) == 0, capsys.readouterr().err
    shifts = pd.read_csv(out / "shifts.csv", parse_dates=["start", "end"])
    assert list(shifts.columns[:10]) == [
        "date", "queue", "shift", "kind", "start", "end", "break_start", "break_end",
        "agents", "cost",
    ]  # fmt: skip
    coverage = pd.read_csv(out / "coverage.csv")
    assert list(coverage.columns) == [
        "interval_start",
        "queue",
        "required",
        "scheduled",
        "shortfall",
    ]
    assert (coverage["shortfall"] == 0).all()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "status", "total_cost", "paid_hours", "required_agent_hours", "shortfall_agent_hours",
        "headcount", "objective", "lower_bound", "gap", "solve_seconds", "solver",
    ):  # fmt: skip
        assert key in summary, key
    assignments = pd.read_csv(out / "assignments.csv")
    assert {"agent", "kind", "date", "shift", "start", "end"} <= set(assignments.columns)
    grid = openpyxl.load_workbook(out / "roster.xlsx").worksheets[0]
    assert grid.title == "排班表"
    values = {c.value for row in grid.iter_rows() for c in row}
    assert "E" in values and grid.freeze_panes is not None
    assert "roster optimal" in capsys.readouterr().out


def test_roster_with_an_uncoverable_interval_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(TINY_PLAN, encoding="utf-8")
    req = _tiny_requirements(tmp_path, late=True)
    args = ["roster", "--requirements", str(req), "--config", str(plan), "--calendar", ""]
    assert main([*args, "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no shift template covers them, first 2025-11-03 23:00" in err


@pytest.mark.slow
def test_plan_on_three_sample_days_writes_every_file_and_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    out = tmp_path / "plan"
    args = ["plan", "--start", "2025-11-10", "--end", "2025-11-12", "--replications", "2"]
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    args += ["--save", "three days", "--db", db]
    assert main([*args, "--time-limit", "60", "--out", str(out)]) == 0, capsys.readouterr().err
    for name in (
        "forecast.csv", "requirements.csv", "shifts.csv", "coverage.csv", "assignments.csv",
        "summary.json", "roster.xlsx", "simulation.csv", "plan_summary.json", "report.html",
    ):  # fmt: skip
        assert (out / name).stat().st_size > 0, name
    summary = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    assert summary["peak_agents"] > 0 and 0 < summary["simulated_service_level"] <= 1
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") >= 4 and "人工成本 (元, 各班次付薪工时" in report
    printed = capsys.readouterr().out
    assert "forecast done" in printed and "roster done" in printed and "report.html" in printed
    assert "saved as plan 1 ('three days')" in printed
    assert main(["plans", "list", "--db", db]) == 0
    assert "three days" in capsys.readouterr().out


def test_simulate_on_a_plans_folder_repeats_the_plans_own_simulation(
    small_plan: PlanResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``simulate --roster`` on a plan's folder replays the forecast mean (after the bot) as
    ``plan`` does, not the staffed quantile: the service levels are the plan's own."""
    from forecaster.pipeline import write_plan

    folder = tmp_path / "plan"
    write_plan(small_plan, folder, language="en")
    out = tmp_path / "again.csv"
    args = ["simulate", "--requirements", str(folder / "requirements.csv"), "--roster"]
    assert main([*args, str(folder), "--replications", "2", "--out", str(out)]) == 0
    assert "replaying the forecast mean of" in capsys.readouterr().out
    again = pd.read_csv(out)
    own = small_plan.simulation
    assert len(again) == len(own)
    assert np.allclose(again["arrivals"], own["arrivals"])
    assert np.allclose(again["service_level"].fillna(-1), own["service_level"].fillna(-1))
    # the same chats, to the last bit: the AHT as requirements.csv holds it (aftersale's
    # 494.1176… is 494.1176 there; with the exact one 26 of 576 intervals' busy time moved)
    from forecaster.capacity import read_forecast
    from forecaster.cli import _roster_agents
    from forecaster.pipeline import mean_human
    from forecaster.simulate import simulate_requirements

    req = pd.read_csv(folder / "requirements.csv", parse_dates=["interval_start"])
    fc = read_forecast(folder / "forecast.csv")
    replay = simulate_requirements(
        req.assign(human_inquiries=mean_human(fc, req, small_plan.config)),
        small_plan.config,
        agents=_roster_agents(folder, small_plan.config, "plan.toml"),
        replications=2,
        fractional=True,
    )
    assert np.array_equal(replay["busy_slots"], own["busy_slots"])


def test_the_plans_simulation_takes_the_mean_as_its_forecast_file_holds_it(
    small_plan: PlanResult, tmp_path: Path
) -> None:
    """The plan simulates the mean ``forecast.csv`` holds (4 decimals): a hair off, the
    thinning's count of arrivals differs once in a while and every service time drawn after
    it in that replication moves (a reviewer's shop: 66 intervals by up to 5 points)."""
    from forecaster.capacity import read_forecast
    from forecaster.pipeline import mean_human
    from forecaster.safe_output import write_csv

    fc = small_plan.forecast.assign(mean=small_plan.forecast["mean"] + 1 / 3 * 1e-5)
    write_csv(fc, tmp_path / "fc.csv")
    req = small_plan.requirements
    exact = mean_human(fc, req, small_plan.config)
    assert np.array_equal(
        exact, mean_human(read_forecast(tmp_path / "fc.csv"), req, small_plan.config)
    )


def test_the_plans_peak_is_the_whole_centre_in_its_busiest_interval(small_plan: PlanResult) -> None:
    """``peak_agents`` sums the queues of one interval (11-11 00:00: presale and aftersale
    together), not the busiest single queue."""
    req = small_plan.requirements
    centre = req.groupby("interval_start")["agents"].sum()
    assert small_plan.summary["peak_agents"] == int(centre.max()) > int(req["agents"].max())


def test_a_plan_says_which_customers_fall_outside_its_service_hours(
    small_plan: PlanResult,
) -> None:
    """Customers asking for a person when no agent is scheduled get a note per queue (the
    plan's service level counts open hours only), as ``forecaster staff`` prints one."""
    notes = [
        m for m in small_plan.summary["messages"] if getattr(m, "id", "") == "pipe.outside_hours"
    ]
    req = small_plan.requirements
    closed = req[~req["open"].astype(bool) & (req["human_inquiries"] > 0)]
    assert {m.args["queue"] for m in notes} == set(closed["queue"].astype(str))
    assert notes and all(m.args["n"] > 0 for m in notes)
    assert "仿真服务水平只计服务时间内" in notes[0].render("zh")


def test_a_queue_staffed_to_a_cap_says_its_service_level_runs_above_target(
    small_plan: PlanResult,
) -> None:
    """The sample's occupancy cap (0.85) decides nearly every open interval: the plan says
    so, or a team lead reads a simulated ~100 % against 80 % as overstaffing."""
    notes = [
        m for m in small_plan.summary["messages"] if getattr(m, "id", "") == "pipe.cap_decides"
    ]
    req = small_plan.requirements[small_plan.requirements["open"].astype(bool)]
    share = (req.loc[req["queue"] == "presale", "binding"] == "occupancy").mean()
    assert share > 0.5
    (presale,) = [m for m in notes if m.args["queue"] == "presale"]
    assert presale.args["share"] == pytest.approx(share)
    assert "「占用率上限」决定" in presale.render("zh")


def test_the_bundled_calendar_is_said_aloud_with_a_shops_own_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--calendar`` defaults to the bundled 618/双11 calendar (the contract); a roster of the
    shop's own config (or a forecast of its own history) names it, so a planner who forgot
    their own calendar sees why the sample's campaign days appear."""
    plan = tmp_path / "plan.toml"
    plan.write_text(TINY_PLAN, encoding="utf-8")
    args = ["roster", "--requirements", str(_tiny_requirements(tmp_path)), "--config", str(plan)]
    assert main(["--lang", "zh", *args, "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert "未给出 --calendar, 使用自带的 618/双11 日历" in out
    assert main(["--lang", "zh", *args, "--calendar", "", "--out", str(tmp_path / "r2")]) == 0
    assert "自带的 618/双11 日历" not in capsys.readouterr().out
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(make_history(days=60)))
    fc = ["validate", "--history", str(history)]
    assert main(["--lang", "zh", *fc]) == 0
    assert "自带的 618/双11 日历" in capsys.readouterr().out


def test_intervals_below_target_get_a_note_the_overall_level_would_hide(
    small_plan: PlanResult,
) -> None:
    """A plan at 98 % overall with a queue at 0 % for an hour says so: how many intervals
    are more than 5 points below target, and the worst."""
    from forecaster.pipeline import _below, _below_notes

    sim = small_plan.simulation[small_plan.simulation["arrivals"] > 0].copy()
    assert _below(sim, small_plan.config) == small_plan.summary["intervals_below_target"]
    sim["service_level_ci95"] = 0.0
    hit = sim.index[:4]
    sim.loc[hit, "service_level"] = [0.0, 0.5, 0.74, 0.73]
    sim.loc[hit[3], "service_level_ci95"] = 0.42  # 10 arrivals at 0.73 ± 0.42: noise
    (note,) = _below_notes(sim, small_plan.config)
    assert note.args["n"] == 4 + _below(sim.iloc[4:], small_plan.config)
    # the fourth may be noise: below, but not clearly (its interval reaches the target)
    assert note.args["clearly"] == 3 + _below(sim.iloc[4:], small_plan.config, clearly=True)
    assert note.args["worst"] == 0.0
    text = note.render("zh", small_plan.config.display_names())
    assert (
        text.startswith(f"仿真中 {note.args['n']} / {len(sim)} 个有咨询的时段")
        and "最差 0%" in text
    )


def test_a_queue_spelt_by_its_display_name_is_that_queue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A back-end export names its third queue as people read it (安装预约) while plan.toml
    keys it ``install`` with that display_name: validate, staffing and the agent list take
    安装预约 for install (it was refused: "no [queues.安装预约] table (configured: presale,
    aftersale, 安装预约)")."""
    from forecaster.config import load_config
    from forecaster.paths import SAMPLE_CONFIG
    from forecaster.roster import read_agents

    text = SAMPLE_CONFIG.read_text("utf-8")
    table = text[text.index("[queues.aftersale]") : text.index("[queues.aftersale.phase")]
    own = text.replace(
        "[queues.presale]",
        table.replace("[queues.aftersale]", "[queues.install]").replace("售后", "安装预约")
        + "\n[queues.presale]",
        1,
    )
    own = own.replace(
        'queues = ["presale", "aftersale"]', 'queues = ["presale", "aftersale", "install"]'
    )
    config_path = tmp_path / "plan.toml"
    config_path.write_text(own, "utf-8")
    frame = make_history(days=35, queues=("presale", "aftersale", "安装预约"))
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(frame))
    args = [
        "--history",
        str(history),
        "--calendar",
        str(SAMPLE_CALENDAR),
        "--config",
        str(config_path),
    ]
    assert main(["validate", *args]) == 0, capsys.readouterr().err
    config = load_config(config_path)
    assert config.queue_keys(["presale", "安装预约"]) == {"安装预约": "install"}
    agents = read_agents("agent,name,kind,queues\nI1,张三,FT,安装预约\n".encode(), name="a.csv")
    from forecaster.roster import solve_roster

    start = pd.Timestamp("2025-03-03")
    stamps = pd.date_range(start, periods=24 * 4, freq="15min")
    req = pd.DataFrame(
        [(t, q, 1.0 if 10 <= t.hour < 16 else 0.0) for t in stamps for q in config.queues],
        columns=["interval_start", "queue", "headcount"],
    )
    result = solve_roster(
        req, config.with_overrides({"labour.ft_agents": "1", "labour.pt_pool": "0"}), agents=agents
    )
    assert set(result.assignments.loc[result.assignments["agent"] == "I1", "queue"]) <= {"install"}


def test_a_config_finer_than_an_hourly_history_plans_by_the_hour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan.toml says 15 minutes and the export is hourly: validate says so and that the
    plan runs by the hour (as the app's automatic grid), in Chinese; a forecast staffed on
    a finer config says to change the config, not to forecast finer than the history."""
    from forecaster.capacity import requirements
    from forecaster.config import load_config
    from forecaster.errors import InputDataError
    from forecaster.messages import render
    from forecaster.paths import SAMPLE_CONFIG

    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(make_history(days=35, minutes=60)))
    config = ["--config", str(SAMPLE_CONFIG)]
    assert main(["--lang", "zh", "validate", "--history", str(history), *config]) == 0
    out = capsys.readouterr().out
    assert "interval_minutes = 15, 但 h.csv 是 60 分钟一个时段" in out and "按 60 分钟规划" in out
    stamps = pd.date_range("2025-04-07", periods=48, freq="60min")
    forecast = pd.DataFrame(
        {"interval_start": stamps, "queue": "presale", **dict.fromkeys(
            ("mean", "p10", "p50", "p80", "p90", "p95"), 10.0)}
    )  # fmt: skip
    with pytest.raises(InputDataError) as caught:
        requirements(forecast, load_config(SAMPLE_CONFIG))
    assert "set interval_minutes = 60 in the config" in str(caught.value)
    assert "请把配置的 interval_minutes 改为 60" in render(caught.value.args[0], "zh")
    # a break without its window, in Chinese whole
    text = SAMPLE_CONFIG.read_text("utf-8").replace("\nbreak_window_hours", "\n# ", 1)
    bad = tmp_path / "plan.toml"
    bad.write_text(text, "utf-8")
    assert main(["--lang", "zh", "validate", "--history", str(history), "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "break_minutes > 0 时需给出休息开始的时间窗" in err and "is required" not in err


def test_a_backtest_without_a_year_before_says_last_year_fell_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample starts in 2023: for 618 2023 "last_year" has no campaign a year back and
    forecasts the same interval last week, as seasonal_naive; the run says so (its scores
    were seasonal_naive's to the digit, unexplained), in Chinese, and draws its chart with
    Chinese words."""
    out = tmp_path / "bt"
    args = ["--lang", "zh", "backtest", "--event", "618 2023", "--models", "last_year"]
    assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "去年同期模型: 历史中没有 618 2023 一年前的同期数据, 100% 的时段改用上周同时段" in said
    assert (out / "backtest_presale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_reader_that_goes_away_ends_the_command_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`forecaster plans show 2 | head -1`: the pipe closes under the command, which ends
    with the shell's SIGPIPE status and nothing on stderr (it said "internal error")."""
    import forecaster.cli as cli

    def closed(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "_app", closed)
    assert cli.main(["app"]) == 141
    assert capsys.readouterr().err == ""


def test_plan_takes_the_teams_agents_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plan --agents``: a small shop plans its named people in one run (it had to run
    ``roster --agents`` apart, with another schedule and cost). A skill that is no queue of
    the config stops before any work, naming the file, row and column, exit 2."""
    import forecaster.pipeline

    agents = tmp_path / "团队.csv"
    agents.write_text("工号,姓名,类型,队列\nA01,王芳,全职,售前;售后\nP01,赵小雨,兼职,\n", "utf-8")
    seen: dict[str, object] = {}

    def planned(*args: object, **kwargs: object) -> None:
        seen.update(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr(forecaster.pipeline, "run_plan", planned)
    args = ["plan", "--start", "2025-11-10", "--end", "2025-11-10", "--out", str(tmp_path / "p")]
    with pytest.raises(SystemExit):
        main([*args, "--agents", str(agents)])
    team = seen["agents"]
    assert [(a.agent, a.name, a.kind, a.queues) for a in team] == [  # type: ignore[attr-defined]
        ("A01", "王芳", "FT", ("presale", "aftersale")),
        ("P01", "赵小雨", "PT", ()),
    ]
    agents.write_text("agent,name,kind,queues\nA01,王芳,FT,售中\n", "utf-8")
    seen.clear()
    capsys.readouterr()
    assert main([*args, "--agents", str(agents)]) == 2
    err = capsys.readouterr().err
    assert "团队.csv row 2, column queues: agent A01 lists queue '售中'" in err
    assert not seen
