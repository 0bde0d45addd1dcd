"""Explaining a plan (issue 13, item 8): the per-day table and the rule behind each gap."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from forecaster.config import PlanConfig, load_config
from forecaster.explain import (
    RULE_NAMES,
    daily_table,
    explain_gaps,
    explain_html,
    plan_explanation,
)
from forecaster.messages import render
from forecaster.pipeline import PlanResult, write_plan
from forecaster.roster import RosterResult

DAY = pd.Timestamp("2025-03-03")  # a Monday, no campaign
TOML = b"""
interval_minutes = 60
[queues.q]
aht_seconds = 300
[[shifts]]
name = "D9"
code = "D"
kind = "FT"
start_times = ["08:00"]
length_hours = 9
paid_hours = 9
cost_per_hour = 30
[[shifts]]
name = "P4"
code = "P4"
kind = "PT"
start_window = ["08:00", "20:00"]
start_step_minutes = 60
length_hours = 4
paid_hours = 4
cost_per_hour = 25
[labour]
ft_agents = 2
pt_pool = 2
pt_max_share = 1.0
"""


@pytest.fixture(scope="module")
def config() -> PlanConfig:
    return load_config(TOML, name="explain.toml")


def hand_plan(
    config: PlanConfig,
    required: dict[int, int],
    shifts: list[dict[str, Any]],
    *,
    penalty: float = 400.0,
) -> PlanResult:
    """A one-day, one-queue plan on an hourly grid: ``required`` by hour, ``shifts`` as
    ``(kind, code, name, start hour, length h, agents)`` rows with ``agent`` ids."""
    stamps = pd.date_range(DAY, periods=24, freq="h")
    req = pd.Series([float(required.get(h, 0)) for h in range(24)])
    scheduled = pd.Series(0.0, index=range(24))
    rows, named = [], []
    for s in shifts:
        first, stop = s["start"], s["start"] + s["length"]
        scheduled.iloc[first:stop] += len(s["agents"])
        rows.append(
            {
                "date": DAY,
                "queue": "q",
                "shift": s["name"],
                "code": s["code"],
                "kind": s["kind"],
                "start": DAY + pd.Timedelta(hours=first),
                "end": DAY + pd.Timedelta(hours=stop),
                "break_start": pd.NaT,
                "break_end": pd.NaT,
                "agents": len(s["agents"]),
                "cost": 0.0,
            }
        )
        named += [{"agent": a, "kind": s["kind"], "date": DAY} for a in s["agents"]]
    coverage = pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": "q",
            "required": req,
            "scheduled": scheduled.to_numpy(),
            "shortfall": (req - scheduled).clip(lower=0).to_numpy(),
        }
    )
    summary = {
        "status": "optimal",
        "gap": 0.0,
        "required_agent_hours": float(req.sum()),
        "scheduled_agent_hours": float(scheduled.sum()),
        "shortfall_agent_hours": float(coverage["shortfall"].sum()),
        "shortfall_penalty_per_agent_hour": {"q": penalty},
    }
    roster = RosterResult(pd.DataFrame(rows), coverage, pd.DataFrame(named), summary, ())
    arrivals = [30.0 if 8 <= h < 17 else 0.0 for h in range(24)]
    simulation = pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": "q",
            "arrivals": arrivals,
            "service_level": [0.5 if h == 12 else 0.9 for h in range(24)],
        }
    )
    empty = pd.DataFrame()
    return PlanResult(empty, empty, roster, simulation, {"campaign_days": []}, config)


def test_shortfall_run_with_a_full_part_time_pool_names_the_pool(config: PlanConfig) -> None:
    # 3 needed 10:00-14:00; one FT agent and both part-timers (the whole pool) are on, the
    # PT blocks 08:00-12:00 and 13:00-17:00: short 1, 1, 2, 1 from 10:00 to 14:00
    result = hand_plan(
        config,
        {h: 3 for h in range(10, 14)} | {h: 2 for h in range(8, 10)},
        [
            {"kind": "FT", "code": "D", "name": "D9", "start": 8, "length": 9, "agents": ["F1"]},
            {"kind": "PT", "code": "P4", "name": "P4", "start": 8, "length": 4, "agents": ["P1"]},
            {"kind": "PT", "code": "P4", "name": "P4", "start": 13, "length": 4, "agents": ["P2"]},
        ],
    )
    short = [r for r in explain_gaps(result) if r["kind"] == "shortfall"]
    assert len(short) == 1
    record = short[0]
    assert (record["start"], record["end"]) == ("2025-03-03 10:00", "2025-03-03 14:00")
    assert record["hours"] == 4.0 and record["headcount_hours"] == 5.0 and record["peak"] == 2
    assert record["rule"] == "pt_pool"
    assert "pool of 2 is fully booked" in record["reason"]


def test_a_day_the_all_hands_rules_leave_every_ft_agent_off_names_them(
    config: PlanConfig,
) -> None:
    """The roster's ``ft_forced_off_days`` (no FT tour can work the day) comes before the
    outsourced and part-time rules: the cause is the all-hands days, named in the reason."""
    result = hand_plan(config, {h: 1 for h in range(9, 17)}, [])
    day = f"{DAY:%Y-%m-%d}"
    later = [f"{DAY + pd.Timedelta(days=k):%Y-%m-%d}" for k in range(1, 7)]
    result.roster.summary.update({"ft_forced_off_days": [day], "all_hands_days": later})
    (record,) = [r for r in explain_gaps(result) if r["kind"] == "shortfall"]
    assert record["rule"] == "ft_forced_off"
    assert (
        f"no full-time agent can work on {DAY:%m-%d}: the all-hands days 03-04 – 03-09"
        in (record["reason"])
    )
    assert RULE_NAMES["ft_forced_off"] == "全员上班日挤出的全职休息日"
    assert render(record["reason"], "zh").startswith(
        "03-03 没有全职能上班: 全员上班日 03-04 – 03-09"
    )


def test_cheap_penalty_leaves_a_gap_short(config: PlanConfig) -> None:
    result = hand_plan(
        config,
        {h: 1 for h in range(8, 17)} | {14: 2, 15: 2},
        [{"kind": "FT", "code": "D", "name": "D9", "start": 8, "length": 9, "agents": ["F1"]}],
        penalty=10.0,
    )
    (record,) = [r for r in explain_gaps(result) if r["kind"] == "shortfall"]
    assert record["rule"] == "cheaper_short"
    assert "P4" in record["reason"]


def test_idle_block_around_a_short_peak_names_the_shift_length(config: PlanConfig) -> None:
    # two FT agents on the only 9-hour shift for a 2-hour peak of 2 (12:00-14:00)
    result = hand_plan(
        config,
        {12: 2, 13: 2},
        [
            {
                "kind": "FT",
                "code": "D",
                "name": "D9",
                "start": 8,
                "length": 9,
                "agents": ["F1", "F2"],
            }
        ],
    )
    idle = [r for r in explain_gaps(result) if r["kind"] == "idle"]
    assert [(r["start"][-5:], r["end"][-5:]) for r in idle] == [
        ("08:00", "12:00"),
        ("14:00", "17:00"),
    ]
    for record in idle:
        assert record["queue"] == "all"
        assert record["rule"] == "shift_length"
        assert record["details"]["template"] == "P4"  # the shortest that covers the peak: 4 h
        assert record["details"]["length_hours"] == 4.0
        assert record["details"]["peak_hours"] == 2.0


def test_daily_table_on_a_hand_plan(config: PlanConfig) -> None:
    result = hand_plan(
        config,
        {12: 2, 13: 2},
        [
            {
                "kind": "FT",
                "code": "D",
                "name": "D9",
                "start": 8,
                "length": 9,
                "agents": ["F1", "F2"],
            }
        ],
    )
    (row,) = daily_table(result).to_dict(orient="records")
    assert row["required_hours"] == 4 and row["scheduled_hours"] == 18
    assert row["paid_hours"] == 18 and row["overtime_hours"] == 0
    assert (row["ft_on_duty"], row["pt_on_duty"], row["out_on_duty"]) == (2, 0, 0)
    assert row["service_level"] == pytest.approx((8 * 0.9 + 0.5) / 9)
    assert row["worst_interval"] == DAY + pd.Timedelta(hours=12)
    assert row["worst_service_level"] == 0.5


def test_overtime_column_counts_when_the_roster_has_it(config: PlanConfig) -> None:
    result = hand_plan(
        config,
        {12: 2},
        [
            {
                "kind": "FT",
                "code": "D",
                "name": "D9",
                "start": 8,
                "length": 9,
                "agents": ["F1", "F2"],
            }
        ],
    )
    result.roster.shifts["overtime_hours"] = 1.5
    (row,) = daily_table(result).to_dict(orient="records")
    assert row["overtime_hours"] == 3.0 and row["paid_hours"] == 21.0


def test_small_real_plan(small_plan: PlanResult, tmp_path: Path) -> None:
    table = daily_table(small_plan)
    assert list(table["date"]) == [pd.Timestamp("2025-11-10"), pd.Timestamp("2025-11-11")]
    rs = small_plan.roster.summary
    for column, key in (
        ("required_hours", "required_agent_hours"),
        ("scheduled_hours", "scheduled_agent_hours"),
        ("shortfall_hours", "shortfall_agent_hours"),
        ("paid_hours", "paid_hours"),
    ):
        assert table[column].sum() == pytest.approx(rs[key], abs=0.05)
    assert (table[["ft_on_duty", "pt_on_duty", "out_on_duty"]].sum(axis=1) > 0).all()
    for record in explain_gaps(small_plan):
        assert record["hours"] > 1 and record["rule"] and record["reason"]

    write_plan(small_plan, tmp_path)
    summary = json.loads((tmp_path / "plan_summary.json").read_text(encoding="utf-8"))
    assert [d["date"] for d in summary["days"]] == ["2025-11-10", "2025-11-11"]
    assert isinstance(summary["explanations"], list)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<th>需求在岗人时</th>" in report and "2025-11-11" in report
    assert "<title>排班计划</title>" in report and "Staffing plan" not in report


def test_plan_explanation_is_json_friendly(config: PlanConfig) -> None:
    result = hand_plan(
        config,
        {12: 2, 13: 2},
        [
            {
                "kind": "FT",
                "code": "D",
                "name": "D9",
                "start": 8,
                "length": 9,
                "agents": ["F1", "F2"],
            }
        ],
    )
    result.simulation["arrivals"] = 0.0  # no service level anywhere: NaN → null
    explained = plan_explanation(result)
    text = json.dumps(explained, allow_nan=False)
    assert json.loads(text)["days"][0]["service_level"] is None
    page = explain_html(explained)
    assert "<th>缺口人时</th>" in page and "<code>班次长度</code>" in page
    assert "shift_length" not in page  # the rule by its Chinese name
    english = explain_html(explained, "en")
    assert "<th>Shortfall h</th>" in english and "<code>shift_length</code>" in english


def test_every_rule_has_a_chinese_name() -> None:
    """Each rule the module can give (the codes its docstring lists) is named in Chinese."""
    import forecaster.explain as module

    section = str(module.__doc__).split("How a rule is chosen")[1]
    codes = set(re.findall(r"``([a-z_]+)``", section))
    assert {"no_template", "shift_length", "solver", "ft_contract"} <= codes
    assert codes - set(RULE_NAMES) == set()


def test_an_idle_block_reads_in_chinese_with_its_gap_as_a_percentage() -> None:
    """An idle block is the sum over queues (``all``: 全部队列 in Chinese), and a solver
    reason states the roster's gap as a percentage, not the summary's raw fraction."""
    import forecaster.explain as module

    gap = module._gap({"gap": 0.08026592983924817})
    assert gap == "8.03%" and module._gap({}) == "n/a"
    record = {
        "kind": "idle",
        "queue": "all",
        "start": "2025-10-14 19:00",
        "end": "2025-10-14 21:00",
        "hours": 2.0,
        "headcount_hours": 23.8,
        "rule": "solver",
        "reason": "a shorter shift (兼职4h, 4 h) would fit the peak; the roster ended "
        f"feasible (time limit) with gap {gap}",
    }
    page = explain_html({"days": [], "explanations": [record]}, "zh")
    assert "<b>富余</b> 全部队列 2025-10-14 19:00" in page
    assert "排班求解结束于 可行 (未证明最优), 间隙 8.03%" in page
    assert " all " not in page and "0.0802" not in page
    english = explain_html({"days": [], "explanations": [record]}, "en")
    assert "<b>Idle</b> all" in english and "feasible (time limit) with gap 8.03%" in english


def test_a_day_without_a_worst_interval_shows_a_dash_not_none() -> None:
    """A closed Sunday has no simulated interval: its queue cell reads "–" like its other
    empty cells, not Python's None."""
    day = {"date": "2025-11-09", "required_hours": 0.0, "worst_interval": None, "worst_queue": None}
    for language in ("zh", "en"):
        page = explain_html({"days": [day], "explanations": []}, language)
        assert "None" not in page and "nan" not in page, language


def test_idle_ft_agents_on_an_all_hands_day_name_the_all_hands_rule(config: PlanConfig) -> None:
    """Full-time agents not needed at any time of their shift on an all-hands day are there
    for that rule (every available FT agent works), not for a queue's min_agents at a closed
    hour: the shop is closed 00:00-08:00 and three night agents sit idle."""
    result = hand_plan(
        config,
        {h: 1 for h in range(9, 17)},
        [
            {"kind": "FT", "code": "D", "name": "D9", "start": 8, "length": 9, "agents": ["F1"]},
            {
                "kind": "FT",
                "code": "N",
                "name": "N9",
                "start": 0,
                "length": 8,
                "agents": ["F2", "F3", "F4"],
            },
        ],  # fmt: skip
    )
    result.roster.summary["all_hands_days"] = [f"{DAY:%Y-%m-%d}"]
    (record,) = [
        r for r in explain_gaps(result) if r["kind"] == "idle" and r["start"] < "2025-03-03 08"
    ]
    assert record["rule"] == "ft_all_hands"
    assert "all-hands day" in record["reason"] and RULE_NAMES["ft_all_hands"]
    assert "是全员上班日" in render(record["reason"], "zh")


def test_an_idle_block_counts_only_the_agents_the_queue_can_spare(config: PlanConfig) -> None:
    """Five FT agents 08-17 against a need of 3 all day: two could go, not five (the line
    used to say every agent of the shift row was not needed)."""
    result = hand_plan(
        config,
        {h: 3 for h in range(8, 17)},
        [
            {
                "kind": "FT",
                "code": "D",
                "name": "D9",
                "start": 8,
                "length": 9,
                "agents": ["F1", "F2", "F3", "F4", "F5"],
            }
        ],  # fmt: skip
    )
    (record,) = [r for r in explain_gaps(result) if r["kind"] == "idle"]
    assert record["rule"] == "ft_contract"
    assert record["reason"].startswith("2 full-time agent(s) on duty are not needed")


def test_a_large_group_is_needed_where_most_of_it_is(config: PlanConfig) -> None:
    """Ten part-timers 12-16 for a need of 10 at 13:00 and 1 otherwise: they are needed
    13-14, so the 4-hour block's length is the rule (it used to count all four hours as
    needed, because one of the ten was, and blamed the solver)."""
    need = {h: 1 for h in range(12, 16)} | {13: 10}
    ten = [f"P{i}" for i in range(10)]
    result = hand_plan(
        config,
        need,
        [
            {"kind": "PT", "code": "P4", "name": "P4", "start": 12, "length": 4, "agents": ten}
        ],  # fmt: skip
    )
    (record,) = [r for r in explain_gaps(result) if r["kind"] == "idle"]
    assert record["rule"] == "shift_length"
    assert "are needed only 03-03 13:00–14:00 (1 h)" in record["reason"]


def test_an_hour_many_people_short_is_explained_however_brief(config: PlanConfig) -> None:
    """One hour at 15 short is the plan's worst hour: it is listed though the list keeps
    only runs over an hour otherwise (a one-hour run one agent short is not)."""
    agents = [f"F{i}" for i in range(5)]
    result = hand_plan(
        config,
        {h: 5 for h in range(8, 17)} | {12: 20, 15: 6},
        [{"kind": "FT", "code": "D", "name": "D9", "start": 8, "length": 9, "agents": agents}],
    )
    short = [r for r in explain_gaps(result) if r["kind"] == "shortfall"]
    assert [(r["start"], r["headcount_hours"]) for r in short] == [("2025-03-03 12:00", 15.0)]


def test_idle_outsourced_agents_say_the_block_s_spare_hours_too() -> None:
    """Five agency seats 09-19 against a need of 2 for 09-13 (3-day bookings): 3 are spare
    all shift, and the seats are spare 42 agent-hours of the block in all (3 × 4 h + 5 × 6
    h). The line gave the 3 alone beside a block of 42 agent-hours, which read as a
    contradiction (12 agents beside 1,289 agent-hours on a reviewer's plan)."""
    out = b"""
[[shifts]]
name = "W10"
code = "W"
kind = "OUT"
start_times = ["09:00"]
length_hours = 10
paid_hours = 10
cost_per_hour = 40
min_booking_days = 3
"""
    config = load_config(TOML.replace(b"[labour]", out + b"[labour]"), name="explain.toml")
    result = hand_plan(
        config,
        {h: 2 for h in range(9, 13)},
        [{"kind": "OUT", "code": "W", "name": "W10", "start": 9, "length": 10,
          "agents": ["W1", "W2", "W3", "W4", "W5"]}],
    )  # fmt: skip
    (record,) = [r for r in explain_gaps(result) if r["kind"] == "idle"]
    assert record["rule"] == "out_min_booking"
    assert "3 outsourced agent(s)" in record["reason"]
    assert "spare 42.0 agent-hours of this block in all" in record["reason"]
    assert "这段时间外包共富余 42.0 人时" in render(record["reason"], "zh")
