"""Team sizing (``ft_agents = "auto"``, ``pt_pool = "auto"``) on tiny instances whose best
team is known by hand."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from forecaster.config import ConfigError
from forecaster.exports import write_roster_outputs
from forecaster.roster import solve_roster
from forecaster.sizing import TeamSize
from tests.test_roster import DAY, config, need, shift

WEEK = 7


def ft_only(**labour: object):  # type: ignore[no-untyped-def]
    """One 8 h FT day shift, 2 days off a week, at 3,000 CNY a month (at least a month's
    salary however short the horizon)."""
    return config(
        [shift("早班", "E", "FT", "09:00", 8)],
        ft_agents="auto",
        ft_days_off_per_week=2,
        ft_max_consecutive_days=6,
        ft_monthly_salary=3000,
        **labour,
    )


def test_auto_full_time_team_covers_the_week_at_the_least_cost() -> None:
    """3 agents 09-17 every day of a Mon-Sun week: 21 agent-days, 5 per FT agent, so the LP
    wants 4.2 agents; 4 leave one day short (8 h × 1,000 CNY penalty > 3,000 salary), so 5."""
    cfg = ft_only(ft_agents_min=0, ft_agents_max=20)
    r = solve_roster(need({"09:00-17:00": 3}, days=WEEK), cfg, floor=False)
    sizing = r.summary["team_sizing"]
    assert sizing["ft_lp"] == pytest.approx(4.2, abs=1e-6)
    assert sizing["ft_agents"] == 5 and sizing["ft_auto"] is True
    assert r.summary["headcount"]["FT"] == 5
    assert r.summary["shortfall_agent_hours"] == 0
    # a sixth agent covers nothing more: worth 0 against a month's salary (a week's horizon
    # still hires for a month)
    assert sizing["ft_value"] == pytest.approx(0.0, abs=1e-6)
    assert sizing["ft_cost"] == pytest.approx(3000, abs=0.01)
    assert any("5 FT agents (chosen)" in m and "not worth adding" in m for m in r.messages)
    assert "upper bound" not in sizing_message(r)
    # a week's horizon sizes against a month's salary: the line says how to keep a team
    assert "set labour.ft_agents to its size" in sizing_message(r)


def test_auto_team_stays_inside_its_bounds_and_says_one_more_is_worth_it() -> None:
    """With at most 3 agents the week is 6 agent-days short; a fourth would save 5 days ×
    8 h × 1,000 CNY of shortfall, far more than its salary."""
    cfg = ft_only(ft_agents_min=0, ft_agents_max=3)
    r = solve_roster(need({"09:00-17:00": 3}, days=WEEK), cfg, floor=False)
    sizing = r.summary["team_sizing"]
    assert sizing["ft_agents"] == 3
    assert sizing["ft_value"] == pytest.approx(5 * 8 * 1000, rel=1e-6)
    assert "3 FT agents (chosen)" in sizing_message(r) and "worth adding" in sizing_message(r)
    # the sizing stopped at the planner's bound, not at the saving: the line says which
    assert "at the upper bound labour.ft_agents_max = 3" in sizing_message(r)
    assert sizing["ft_agents_max"] == 3 and sizing["pt_pool_max"] is None
    # and the lower bound holds too
    low = solve_roster(
        need({"09:00-17:00": 1}, days=WEEK), ft_only(ft_agents_min=4, ft_agents_max=9)
    )
    assert low.summary["team_sizing"]["ft_agents"] == 4


def sizing_message(result) -> str:  # type: ignore[no-untyped-def]
    return next(m for m in result.messages if m.startswith("team sizing"))


@pytest.mark.parametrize(("fixed_cost", "pool"), [(0.0, 2), (50_000.0, 0)])
def test_auto_part_time_pool_weighs_its_fixed_cost_against_outsourcing(
    fixed_cost: float, pool: int
) -> None:
    """2 agents 09-13 for a week: part-timers at 10 CNY/h save 20 CNY/h over outsourced
    agents at 30 (560 CNY per part-timer for the week). Free to keep: a pool of 2; at
    50,000 CNY a month none, and the outsourced agents cover."""
    cfg = config(
        [
            shift("兼职", "P", "PT", "09:00", 4),
            shift("外包", "W", "OUT", "09:00", 4, cost_per_hour=30),
        ],
        pt_pool="auto",
        pt_pool_max=10,
        pt_monthly_cost=fixed_cost,
        pt_max_hours_per_week=40,
        pt_max_consecutive_days=7,  # no day off needed within the week here
    )
    r = solve_roster(need({"09:00-13:00": 2}, days=WEEK), cfg, floor=False)
    assert r.summary["team_sizing"]["pt_pool"] == pool
    assert r.summary["headcount"]["PT"] == pool
    assert r.summary["shortfall_agent_hours"] == 0
    kinds = set(r.shifts["kind"])
    assert kinds == ({"PT"} if pool else {"OUT"})


def test_a_pool_whose_part_timers_rest_a_day_in_seven_is_sized_for_it() -> None:
    """The same week of 2 part-timers a day (14 blocks), each part-timer at most 6 days in a
    row (the default): 2 could work 12, so the pool is 3 and nobody works all 7 days."""
    cfg = config(
        [
            shift("兼职", "P", "PT", "09:00", 4),
            shift("外包", "W", "OUT", "09:00", 4, cost_per_hour=30),
        ],
        pt_pool="auto",
        pt_pool_max=10,
        pt_max_hours_per_week=40,
    )
    r = solve_roster(need({"09:00-13:00": 2}, days=WEEK), cfg, floor=False)
    assert r.summary["team_sizing"]["pt_pool"] == 3
    assert r.summary["shortfall_agent_hours"] == 0 and set(r.shifts["kind"]) == {"PT"}
    days = r.assignments.groupby("agent")["date"].nunique()
    assert len(days) == 3 and days.max() <= 6 and days.sum() == 14


def test_fixed_sizes_are_not_resized() -> None:
    cfg = config(
        [shift("早班", "E", "FT", "09:00", 8)],
        ft_agents=2,
        ft_max_consecutive_days=7,
        ft_days_off_per_week=0,
    )
    r = solve_roster(need({"09:00-17:00": 1}, days=2), cfg, floor=False)
    assert "team_sizing" not in r.summary
    assert r.summary["headcount"]["FT"] <= 2


@pytest.mark.parametrize(
    ("labour", "message"),
    [
        ({"ft_agents": "auto"}, "labour.ft_agents_max is needed when ft_agents = 'auto'"),
        ({"pt_pool": "auto"}, "labour.pt_pool_max is needed when pt_pool = 'auto'"),
        (
            {"ft_agents": "auto", "ft_agents_min": 9, "ft_agents_max": 3},
            "labour.ft_agents_max must be >= ft_agents_min (9), got 3",
        ),
        ({"ft_agents": "many"}, "labour.ft_agents must be a whole number >= 0 or 'auto'"),
        ({"ft_monthly_salary": 0}, "labour.ft_monthly_salary must be > 0"),
    ],
)
def test_bad_team_settings_are_one_line_errors_naming_the_key(
    labour: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config([shift("早班", "E", "FT", "09:00", 8)], **labour)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("days", "ft_auto", "noted"), [(3, True, True), (40, True, False), (3, False, False)]
)
def test_a_short_horizon_says_its_team_is_sized_against_a_month(
    days: int, ft_auto: bool, noted: bool
) -> None:
    """Only an FT team the program sizes, over fewer than 28 days, gets the note."""
    size = TeamSize(
        ft_agents=45, pt_pool=200, ft_auto=ft_auto, pt_auto=True, ft_lp=45.2, pt_lp=200.0,
        ft_value=5990.0, pt_value=2735.0, ft_cost=6500.0, pt_cost=300.0,
        ft_monthly_salary=6500.0, horizon_days=days, lp_cost=1.0, ft_agents_max=400,
        pt_pool_max=200,
    )  # fmt: skip
    line = size.message()
    assert ("set labour.ft_agents to its size" in line) is noted
    assert "at the upper bound labour.pt_pool_max = 200" in line


def test_the_roster_checks_read_as_one_line_with_the_try_not_kept() -> None:
    """Several re-checks make one line: the team and its shortfall at each kept step, the
    saving together, and a last try that cost no less; one try not kept keeps its own line.
    The LP's one-more figures, computed for its smaller team, are not shown for the kept one."""
    from forecaster.sizing import TeamCheck

    size = TeamSize(
        ft_agents=73, pt_pool=200, ft_auto=True, pt_auto=True, ft_lp=65.0, pt_lp=200.0,
        ft_value=6126.0, pt_value=2348.0, ft_cost=6500.0, pt_cost=300.0,
        ft_monthly_salary=6500.0, horizon_days=14, lp_cost=1.0, ft_agents_max=400,
        pt_pool_max=200,
        checks=(
            TeamCheck(before=65, after=69, short_before=69.5, short_after=46.0, saving=29401.0),
            TeamCheck(before=69, after=73, short_before=46.0, short_after=30.4, saving=24113.0),
            TeamCheck(before=73, after=76, short_before=30.4, short_after=29.9, saving=-2000.0),
        ),
    )  # fmt: skip
    line = size.checks_message()
    assert str(line) == (
        "roster checks: 65 → 69 → 73 FT agents, 69.5 → 46.0 → 30.4 agent-hours short, 53,514 "
        "CNY less in all with their salaries over 14 days: 73 kept; 76 (short 29.9) cost no less"
    )
    assert line.render("zh") == (
        "排班复核: 全职 65 → 69 → 73 人, 缺口 69.5 → 46.0 → 30.4 人时, 按 14 天薪资计总成本共低 "
        "53,514 元: 采用 73 人; 再试 76 人 (缺 29.9 人时) 总成本不降"
    )
    assert str(size.message()).endswith(str(line))
    # a saved plan keeps the English line and renders it again: wholly Chinese
    from forecaster.messages import render

    again = render(str(size.message()), "zh")
    assert "线性规划定 65 人, 排班复核后 73 人" in again
    # the LP's one-more figures (6,126 CNY saved at 65) are not shown for the team of 73
    assert "6,126" not in str(size.message()) and "6,126" not in again
    assert "2,348" in str(size.message())  # the part-time pool's own figures stay
    assert not re.search(
        r"[A-Za-z]{4,}",
        again.replace("labour.", "").replace("ft_agents", "").replace("pt_pool_max", ""),
    ), again
    alone = replace(size, ft_agents=65, checks=size.checks[2:])
    assert str(alone.checks_message()).startswith("roster check: 73 FT agents left 30.4")


def test_the_sizing_keeps_the_rest_between_a_late_shift_and_the_next_morning() -> None:
    """Two agents 16-24 on day 1 and two 06-14 on day 2: 6 h between them, under the 11 h
    rest, so nobody works both and the team is 4 (without the rest rows the LP saw 2 agents
    on duty a day and sized 2, and the roster fell 16 agent-hours short)."""
    cfg = config(
        [shift("早班", "E", "FT", "06:00", 8), shift("晚班", "L", "FT", "16:00", 8)],
        ft_agents="auto",
        ft_agents_max=10,
        ft_days_off_per_week=2,
        ft_monthly_salary=3000,
    )
    day2 = need({"06:00-14:00": 2}, start=DAY + pd.Timedelta(days=1))
    req = pd.concat([need({"16:00-24:00": 2}), day2], ignore_index=True)
    r = solve_roster(req, cfg, floor=False)
    sizing = r.summary["team_sizing"]
    assert sizing["ft_lp"] == pytest.approx(4.0, abs=1e-6)
    assert sizing["ft_agents"] == 4
    assert r.summary["shortfall_agent_hours"] == 0
    # and the team bound knows it: 4 shifts of 8 h at 10 CNY/h, proved
    assert r.summary["lower_bound"] == pytest.approx(320.0)
    assert r.summary["status"] == "optimal"


def test_a_team_whose_roster_falls_short_is_checked_with_more_agents(tmp_path: Path) -> None:
    """One agent 09-17 Monday to Saturday, at most 2 days in a row: the sizing LP keeps no
    run rule and sizes 1 agent, whose roster works 4 of the 6 days (16 agent-hours short,
    16,000 CNY of penalty against a 3,000 CNY salary). The roster is solved again with 2:
    nobody short, 13,000 CNY less with both salaries, so 2 are kept and the line says so."""
    cfg = ft_only(ft_agents_min=0, ft_agents_max=10)
    cfg = cfg.model_copy(
        update={
            "labour": cfg.labour.model_copy(
                update={"ft_days_off_per_week": 1, "ft_max_consecutive_days": 2}
            )
        }
    )
    lines: list[str] = []
    r = solve_roster(need({"09:00-17:00": 1}, days=6), cfg, floor=False, progress=lines.append)
    sizing = r.summary["team_sizing"]
    assert sizing["ft_lp"] == pytest.approx(1.0, abs=1e-6)
    assert sizing["checks"] == [{
        "before": 1, "after": 2, "short_before": 16.0, "short_after": 0.0, "saving": 13000.0
    }]  # fmt: skip
    assert sizing["ft_agents"] == 2 and r.summary["headcount"]["FT"] == 2
    assert r.summary["shortfall_agent_hours"] == 0
    line = sizing_message(r)
    assert "roster checks: 1 → 2 FT agents, 16.0 → 0.0 agent-hours short, 13,000 CNY" in line
    assert line.endswith("2 kept")
    # the larger team is compared on phase 1, then the kept one gets the whole program
    said = [str(x) for x in lines]
    assert any("solving again with 2 to compare (phase 1 only)" in x for x in said)
    assert said.index(next(x for x in said if "roster check: 1 FT agents" in x)) < said.index(
        "solving the whole program for the 2 FT agents the check kept"
    )
    # the 汇总 sheet numbers the checks, one row per field, in the reader's words
    write_roster_outputs(r.shifts, r.coverage, r.assignments, r.summary, tmp_path, language="zh")
    sheet = load_workbook(tmp_path / "roster.xlsx")["汇总"]
    rows = {key: (label, value) for label, value, key in sheet.iter_rows(values_only=True)}
    assert rows["team_sizing.checks.1.saving"] == ("定编 · 排班复核 · 1 · 计薪资后节省(元)", 13000)
    # a roster that covers its need is not checked
    fine = solve_roster(need({"09:00-17:00": 1}, days=6), ft_only(ft_agents_max=10), floor=False)
    assert "checks" not in fine.summary["team_sizing"]


def test_checks_that_stop_at_their_limit_while_saving_say_a_larger_team_may_pay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three agents 09-17 for six days, at most 2 days in a row: every team the one check
    may try (one agent more) still leaves shortfall and still saves: the line says the
    checks stopped there and names the key that plans a larger team."""
    from forecaster import roster

    monkeypatch.setattr(roster, "TEAM_CHECKS", 1)
    monkeypatch.setattr(roster, "_team_short", lambda *args: 1)
    cfg = ft_only(ft_agents_min=0, ft_agents_max=10)
    labour = cfg.labour.model_copy(update={"ft_days_off_per_week": 1, "ft_max_consecutive_days": 2})
    cfg = cfg.model_copy(update={"labour": labour})
    r = solve_roster(need({"09:00-17:00": 3}, days=6), cfg, floor=False)
    (check,) = r.summary["team_sizing"]["checks"]
    assert check["saving"] > 0 and check["short_after"] > 0
    assert r.summary["team_sizing"]["checks_capped"] is True
    line = sizing_message(r)
    assert f"set labour.ft_agents_min above {check['after']} and plan again" in line
