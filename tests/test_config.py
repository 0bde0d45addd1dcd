"""Plan configuration: the sample loads, every bad value is named, overrides make scenarios."""

from __future__ import annotations

import copy
import pickle
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from forecaster.config import (
    SAMPLE_CONFIG_PATH,
    PlanConfig,
    QueueConfig,
    load_config,
    minutes_of_day,
    parse_config,
)
from forecaster.errors import ConfigError, PlannerError
from forecaster.messages import render

SAMPLE_TEXT = SAMPLE_CONFIG_PATH.read_text(encoding="utf-8")

# docs/contracts.md, verbatim values for [queues.presale]
DESIGN_PRESALE = {
    "model": "erlang_a",
    "aht_seconds": 300,
    "max_concurrency": 3,
    "concurrency_slowdown": 0.10,
    "patience_seconds": 180,
    "answer_within_seconds": 30,
    "service_level": 0.80,
    "max_occupancy": 0.85,
    "shrinkage": 0.30,
    "bot_resolution": 0.30,
    "bot_aht_uplift": 0.20,
    "forecast_quantile": "p80",
}


def sample_mapping() -> dict[str, Any]:
    return tomllib.loads(SAMPLE_TEXT)


def set_key(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """Set ``queues.presale.shrinkage`` or ``shifts[2].kind`` (positions from 1, as in messages)."""
    target: Any = data
    parts = [p for p in re.split(r"\.|\[(\d+)\]", dotted) if p]
    keys: list[str | int] = [int(p) - 1 if p.isdigit() else p for p in parts]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return data


def problems_for(data: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as info:
        parse_config(data, "plan.toml")
    return info.value.problems


def shift(**fields: Any) -> dict[str, Any]:
    """A valid FT shift template; ``fields`` replace or (with None) remove keys."""
    base: dict[str, Any] = {
        "name": "测试班",
        "code": "T",
        "kind": "FT",
        "start_times": ["08:00"],
        "length_hours": 9,
        "paid_hours": 8,
        "break_minutes": 60,
        "break_window_hours": [3.0, 5.0],
        "cost_per_hour": 30,
        "queues": ["presale"],
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def config_with_shifts(*shifts: dict[str, Any]) -> dict[str, Any]:
    data = sample_mapping()
    data["shifts"] = list(shifts)
    return data


# --------------------------------------------------------------------------- the sample


def test_sample_has_every_design_key_with_the_documented_values() -> None:
    config = load_config()
    assert config.interval_minutes == 15
    presale = config.queues["presale"]
    assert {key: getattr(presale, key) for key in DESIGN_PRESALE} == DESIGN_PRESALE
    # and the file spells every contract key itself rather than leaning on defaults
    assert set(DESIGN_PRESALE) <= set(sample_mapping()["queues"]["presale"])
    assert "interval_minutes" in sample_mapping()


def test_sample_aftersale_labour_and_shift_templates() -> None:
    config = load_config(None)
    assert config.queue_names == ("presale", "aftersale")
    after = config.queues["aftersale"]
    assert after.aht_seconds == 420
    assert after.max_concurrency == 3
    assert after.bot_resolution < config.queues["presale"].bot_resolution
    assert config.queues["presale"].service_hours == ("08:00", "24:00")
    assert config.timezone == "Asia/Shanghai"
    assert str(config.zone) == "Asia/Shanghai"

    ft = {s.name: s for s in config.shifts if s.kind == "FT"}
    assert {name: s.start_window for name, s in ft.items()} == {
        "早班": ("07:00", "10:00"),
        "中班": ("11:00", "13:00"),
        "晚班": ("14:00", "16:00"),
        "夜班": ("21:00", "23:00"),
    }
    assert sum(len(s.start_minutes) for s in config.shifts) >= 100  # options a day
    for template in ft.values():
        assert (template.length_hours, template.paid_hours, template.break_minutes) == (9, 8, 60)
        assert template.cost_per_hour == 30
    assert {s.kind for s in config.shifts} == {"FT", "PT", "OUT"}
    pt4 = config.shift("兼职4h")
    assert pt4.break_minutes == 0
    assert pt4.start_minutes == tuple(range(7 * 60, 20 * 60 + 1, 30))
    out = config.shift("外包")
    assert out.days == "campaign"
    assert config.cost_per_paid_hour(out) == pytest.approx(45.0)
    assert config.cost_per_paid_hour(ft["早班"]) == 30.0
    assert len({s.code for s in config.shifts}) == len(config.shifts)

    labour = config.labour
    # the roster sizes the team (issue 13) between bounds, at a monthly salary
    assert (labour.ft_agents, labour.ft_days_off_per_week, labour.ft_max_consecutive_days) == (
        "auto",
        2,
        6,
    )
    assert (labour.ft_agents_min, labour.ft_agents_max) == (40, 400)
    assert labour.ft_monthly_salary is not None and labour.ft_monthly_salary > 0
    assert (labour.pt_pool, labour.pt_max_hours_per_day, labour.pt_max_hours_per_week) == (
        "auto",
        6,
        30,
    )
    assert labour.pt_pool_max is not None and labour.pt_pool_max >= labour.pt_pool_min
    assert labour.no_days_off_phases == ("final_payment", "peak_day")
    assert labour.out_productivity == 0.85
    crowd = [s for s in config.shifts if s.kind == "OUT" and s.min_booking_days == 1]
    assert {s.code for s in crowd} == {"CE", "CN", "C4"}
    assert labour.pt_max_share == 0.3
    assert labour.out_min_booking_days == 3
    assert labour.min_rest_hours == 11
    assert config.costs.shortfall_penalty_per_agent_hour is None
    assert config.solver.name == "auto"


def test_path_text_bytes_and_none_load_the_same_config(tmp_path: Path) -> None:
    copy_path = tmp_path / "my plan.toml"
    copy_path.write_text(SAMPLE_TEXT, encoding="utf-8")
    expected = load_config()
    assert load_config(SAMPLE_CONFIG_PATH) == expected
    assert load_config(str(copy_path)) == expected
    assert load_config(SAMPLE_TEXT) == expected
    assert load_config(SAMPLE_TEXT.encode("utf-8")) == expected
    assert parse_config(sample_mapping(), "plan.toml") == expected


def test_sample_is_valid_on_every_grid() -> None:
    config = load_config()
    for minutes in (15, 30, 60):
        assert config.with_overrides({"interval_minutes": minutes}).interval_minutes == minutes


# --------------------------------------------------------------------------- immutability


def test_config_objects_are_frozen() -> None:
    config = load_config()
    with pytest.raises(ValidationError):
        config.interval_minutes = 30  # type: ignore[misc]
    with pytest.raises(ValidationError):
        config.queues["presale"].shrinkage = 0.1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        config.shifts[0].cost_per_hour = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        config.labour.ft_agents = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.queues["extra"] = config.queues["presale"]  # type: ignore[index]
    with pytest.raises(TypeError):
        del config.queues["presale"]  # type: ignore[attr-defined]
    assert isinstance(config.shifts, tuple)
    assert config.queue_names == ("presale", "aftersale")


def test_config_is_hashable_picklable_and_copyable() -> None:
    config = load_config()
    assert hash(config) == hash(load_config())
    assert pickle.loads(pickle.dumps(config)) == config
    assert copy.deepcopy(config) == config


# --------------------------------------------------------------------------- bad values

BAD_VALUES = [
    ("queues.presale.shrinkage", 1.2, "queues.presale.shrinkage must be < 1, got 1.2"),
    ("queues.presale.shrinkage", -0.1, "queues.presale.shrinkage must be >= 0, got -0.1"),
    ("queues.presale.service_level", 1, "queues.presale.service_level must be < 1, got 1"),
    ("queues.presale.service_level", 0, "queues.presale.service_level must be > 0, got 0"),
    ("queues.presale.max_occupancy", 1.1, "queues.presale.max_occupancy must be <= 1, got 1.1"),
    ("queues.presale.aht_seconds", -5, "queues.presale.aht_seconds must be >= 1, got -5"),
    ("queues.presale.aht_seconds", 1e-9, "queues.presale.aht_seconds must be >= 1, got 1e-09"),
    (
        "costs.shortfall_penalty_per_agent_hour",
        1e300,
        "costs.shortfall_penalty_per_agent_hour must be <= 10000000, got 1e+300",
    ),
    (
        "costs.average_order_value",
        1e12,
        "costs.average_order_value must be <= 10000000, got 1000000000000.0",
    ),
    ("solver.time_limit_seconds", 1e6, "solver.time_limit_seconds must be <= 86400, got 1000000.0"),
    (
        "queues.aftersale.max_concurrency",
        11,
        "queues.aftersale.max_concurrency must be <= 10, got 11",
    ),
    (
        "queues.aftersale.max_concurrency",
        2.5,
        "queues.aftersale.max_concurrency must be a whole number, got 2.5",
    ),
    (
        "queues.presale.concurrency_slowdown",
        1.5,
        "queues.presale.concurrency_slowdown must be <= 1, got 1.5",
    ),
    ("queues.presale.bot_resolution", 1.0, "queues.presale.bot_resolution must be < 1, got 1.0"),
    ("queues.presale.bot_aht_uplift", 2.5, "queues.presale.bot_aht_uplift must be <= 2, got 2.5"),
    (
        "queues.presale.patience_seconds",
        "soon",
        "queues.presale.patience_seconds must be a number, got 'soon'",
    ),
    (
        "queues.presale.answer_within_seconds",
        True,
        "queues.presale.answer_within_seconds must be a number, got true",
    ),
    (
        "queues.presale.model",
        "erlang_b",
        "queues.presale.model must be one of erlang_a, erlang_c, got 'erlang_b'",
    ),
    (
        "queues.presale.forecast_quantile",
        "p85",
        "queues.presale.forecast_quantile must be one of mean, p10, p50, p80, p90, p95, got 'p85'",
    ),
    (
        "queues.presale.service_hours",
        ["08:00"],
        "queues.presale.service_hours must be a list of two times [start, end] like "
        "['08:00', '24:00'], got ['08:00']",
    ),
    (
        "queues.presale.service_hours",
        ["08:00", "25:00"],
        "queues.presale.service_hours[2] must be a time of day 'HH:MM' in 00:00-24:00, got '25:00'",
    ),
    (
        "queues.presale.service_hours",
        ["09:00", "09:00"],
        "queues.presale.service_hours must have a start different from its end (use "
        "['00:00', '24:00'] for round the clock), got ['09:00', '09:00']",
    ),
    ("queues.presale.min_agents", -1, "queues.presale.min_agents must be >= 0, got -1"),
    ("interval_minutes", 45, "interval_minutes must be one of 15, 30, 60, got 45"),
    (
        "timezone",
        "Beijing",
        "timezone must be an IANA time zone name like 'Asia/Shanghai', got 'Beijing'",
    ),
    ("shifts[3].kind", "XX", "shifts[3].kind must be one of FT, PT, OUT, got 'XX'"),
    ("shifts[1].cost_per_hour", 0, "shifts[1].cost_per_hour must be > 0, got 0"),
    ("shifts[1].length_hours", 30, "shifts[1].length_hours must be <= 24, got 30"),
    (
        "shifts[1].start_times",
        ["8am"],
        "shifts[1].start_times[1] must be a time of day 'HH:MM' in 00:00-23:59, got '8am'",
    ),
    (
        "shifts[1].days",
        "weekdays",
        "shifts[1].days must be 'all', 'campaign' or a list of weekday names from mon, tue, "
        "wed, thu, fri, sat, sun, got 'weekdays'",
    ),
    (
        "shifts[2].code",
        "休",
        "shifts[2].code must be 1-4 characters without spaces, other than '休' (day off), got '休'",
    ),
    ("shifts[2].name", "  ", "shifts[2].name must not be empty, got ''"),
    (
        "labour.ft_days_off_per_week",
        7,
        "labour.ft_days_off_per_week must be <= 6, got 7",
    ),
    (
        "labour.ft_max_consecutive_days",
        15,
        "labour.ft_max_consecutive_days must be <= 14, got 15",
    ),
    ("labour.pt_max_share", 1.5, "labour.pt_max_share must be <= 1, got 1.5"),
    ("labour.out_min_booking_days", 0, "labour.out_min_booking_days must be >= 1, got 0"),
    ("labour.ft_agents", -3, "labour.ft_agents must be a whole number >= 0 or 'auto', got -3"),
    (
        "labour.ft_agents",
        100_000,
        "labour.ft_agents must be at most 20,000 agents or 'auto', got 100000",
    ),
    ("labour.pt_pool_max", 50_000, "labour.pt_pool_max must be <= 20000, got 50000"),
    (
        "queues.presale.aht_seconds",
        1e300,
        "queues.presale.aht_seconds must be <= 86400, got 1e+300",
    ),
    ("labour.out_premium", -0.2, "labour.out_premium must be >= 0, got -0.2"),
    (
        "labour.out_billing",
        "percent",
        "labour.out_billing must be one of hourly, commission, got 'percent'",
    ),
    ("labour.out_base_per_hour", -5, "labour.out_base_per_hour must be >= 0, got -5"),
    (
        "labour.out_commission_per_inquiry",
        "1元",
        "labour.out_commission_per_inquiry must be a number, got '1元'",
    ),
    ("costs.inquiry_conversion", 35, "costs.inquiry_conversion must be <= 1, got 35"),
    ("costs.average_order_value", 0, "costs.average_order_value must be > 0, got 0"),
    ("solver.name", "gurobi", "solver.name must be one of auto, cbc, highs, got 'gurobi'"),
    ("solver.gap_rel", 1, "solver.gap_rel must be < 1, got 1"),
    ("solver.time_limit_seconds", 0, "solver.time_limit_seconds must be > 0, got 0"),
    ("queues.presale", 3, "queues.presale must be a table, got 3"),
]


@pytest.mark.parametrize(("key", "value", "expected"), BAD_VALUES, ids=[c[0] for c in BAD_VALUES])
def test_bad_value_names_file_key_expectation_and_value(
    key: str, value: Any, expected: str
) -> None:
    problems = problems_for(set_key(sample_mapping(), key, value))
    assert problems == (f"plan.toml: {expected}",)


def test_all_problems_come_in_one_error_one_line_each() -> None:
    data = sample_mapping()
    set_key(data, "queues.presale.shrinkage", 1.2)
    set_key(data, "queues.aftersale.max_concurrency", 0)
    set_key(data, "solver.name", "gurobi")
    with pytest.raises(ConfigError) as info:
        parse_config(data, "plan.toml")
    error = info.value
    assert isinstance(error, PlannerError) and isinstance(error, ValueError)
    assert error.problems == (
        "plan.toml: queues.presale.shrinkage must be < 1, got 1.2",
        "plan.toml: queues.aftersale.max_concurrency must be >= 1, got 0",
        "plan.toml: solver.name must be one of auto, cbc, highs, got 'gurobi'",
    )
    assert str(error) == (
        "plan.toml: queues.presale.shrinkage must be < 1, got 1.2 (and 2 more problems)"
    )
    assert "\n" not in str(error)
    assert not any("Input should" in p or "pydantic" in p for p in error.problems)


def test_missing_required_key_is_named() -> None:
    data = sample_mapping()
    del data["queues"]["aftersale"]["aht_seconds"]
    assert problems_for(data) == (
        "plan.toml: queues.aftersale.aht_seconds is required, got nothing",
    )


def test_no_queues_is_an_error() -> None:
    with pytest.raises(ConfigError) as info:
        load_config("interval_minutes = 15\n")
    assert info.value.problems == (
        "plan.toml: queues must have at least one [queues.<name>] table, got none",
    )


def test_queue_name_that_collides_with_a_key_is_rejected() -> None:
    data = sample_mapping()
    data["queues"]["shrinkage"] = data["queues"].pop("aftersale")
    for template in data["shifts"]:
        template["queues"] = ["presale"]
    (problem,) = problems_for(data)
    assert problem.startswith("plan.toml: queues must be keyed by queue names")
    assert problem.endswith("got 'shrinkage'")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-10, max_value=10))
def test_shrinkage_is_accepted_exactly_in_its_range(value: float) -> None:
    data = set_key(sample_mapping(), "queues.presale.shrinkage", value)
    if 0 <= value < 1:
        assert parse_config(data, "plan.toml").queues["presale"].shrinkage == value
    else:
        (problem,) = problems_for(data)
        assert problem.startswith("plan.toml: queues.presale.shrinkage must be ")
        assert problem.endswith(f"got {value!r}")


# --------------------------------------------------------------------------- unknown keys


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d.update(labor={"ft_agents": 3}),
            "plan.toml: unknown key 'labor' (did you mean 'labour'?)",
        ),
        (
            lambda d: d.update(interval_minute=30),
            "plan.toml: unknown key 'interval_minute' (did you mean 'interval_minutes'?)",
        ),
        (
            lambda d: d["queues"]["presale"].update(shrinkge=0.3),
            "plan.toml: unknown key 'queues.presale.shrinkge' (did you mean 'shrinkage'?)",
        ),
        (
            lambda d: d["shifts"][1].update(start_time="12:00"),
            "plan.toml: unknown key 'shifts[2].start_time' (did you mean 'start_times'?)",
        ),
        (
            lambda d: d["labour"].update(pt_pol=3),
            "plan.toml: unknown key 'labour.pt_pol' (did you mean 'pt_pool'?)",
        ),
        (
            lambda d: d.update(ft_agents=40),
            "plan.toml: unknown key 'ft_agents' (it belongs in [labour])",
        ),
        (
            lambda d: d["shifts"][0].update(colour="red"),
            "plan.toml: unknown key 'shifts[1].colour'",
        ),
    ],
    ids=["top-level", "top-level-2", "queue", "shift", "labour", "misplaced", "no-suggestion"],
)
def test_unknown_key_is_named_with_a_suggestion(edit: Any, expected: str) -> None:
    data = sample_mapping()
    edit(data)
    assert problems_for(data) == (expected,)


# --------------------------------------------------------------------------- files and TOML


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    lines = SAMPLE_TEXT.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("min_agents = 2"))
    lines[row] = "min_agents = "
    path = tmp_path / "plan.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (problem,) = info.value.problems
    assert problem.startswith(f"plan.toml line {row + 1}: invalid TOML: ")
    assert "(column" in problem


def test_duplicate_key_is_a_toml_error() -> None:
    with pytest.raises(ConfigError, match=r"^plan\.toml.*invalid TOML: Cannot overwrite"):
        load_config("interval_minutes = 15\ninterval_minutes = 30\n")


def test_messages_use_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "双11计划.toml"
    path.write_text(SAMPLE_TEXT.replace("gap_rel = 0.01", "gap_rel = 2"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == ("双11计划.toml: solver.gap_rel must be < 1, got 2",)


def test_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^missing\.toml: cannot read"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"# plan\n\xff\xfe")
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert render(caught.value.problems[0], "zh") == (
        "bad.toml: 不是 UTF-8 或 GBK 文本 (第 7 个字节无法解码); 请用记事本另存为 UTF-8"
    )
    # saved as GBK (Notepad's ANSI on a Chinese Windows): read as such
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(("# 计划\n" + SAMPLE_TEXT).encode("gb18030"))
    assert load_config(gbk).queues["presale"].display_name == "售前"
    # UTF-8 with one GBK comment is refused, not read as GBK into other characters
    mixed = tmp_path / "mixed.toml"
    mixed.write_bytes(SAMPLE_TEXT.encode() + "# 备注\n".encode("gbk"))
    with pytest.raises(ConfigError, match="must be UTF-8"):
        load_config(mixed)
    with pytest.raises(ConfigError, match=r"must be a table of settings, got 3"):
        parse_config(3, "plan.toml")  # type: ignore[arg-type]


def test_unquoted_toml_times_are_read_as_clock_strings() -> None:
    text = SAMPLE_TEXT.replace(
        'start_window = ["07:00", "10:00"]', "start_window = [07:00:00, 10:00:00]"
    )
    assert load_config(text).shift("早班").start_window == ("07:00", "10:00")


# --------------------------------------------------------------------------- shift rules


def test_shift_crossing_midnight_is_accepted() -> None:
    night = load_config().shift("夜班")
    assert night.start_minutes == (21 * 60, 21 * 60 + 30, 22 * 60, 22 * 60 + 30, 23 * 60)
    assert (night.start_minutes[2] + night.length_minutes) % 1440 == 7 * 60
    data = config_with_shifts(
        shift(start_times=["22:00"], break_window_hours=[3.0, 5.0]),
        shift(
            name="夜兼职",
            code="NP",
            kind="PT",
            start_times=None,
            start_window=["22:00", "02:00"],
            start_step_minutes=60,
            length_hours=4,
            paid_hours=4,
            break_minutes=0,
            break_window_hours=None,
        ),
    )
    config = parse_config(data, "plan.toml")
    assert config.shifts[0].start_times == ("22:00",)
    assert config.shifts[1].start_minutes == (1320, 1380, 0, 60, 120)


def test_break_outside_the_shift_is_rejected() -> None:
    data = config_with_shifts(shift(break_window_hours=[3.0, 8.5]))
    assert problems_for(data) == (
        "plan.toml: shifts[1].break_window_hours must let the 60-min break end inside the "
        "9 h shift (latest start 8.5 h + 60 min > length_hours), got [3.0, 8.5]",
    )


def test_break_ending_exactly_at_shift_end_is_accepted() -> None:
    config = parse_config(config_with_shifts(shift(break_window_hours=[3.0, 8.0])), "plan.toml")
    assert config.shifts[0].break_window_hours == (3.0, 8.0)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"paid_hours": 10},
            "shifts[1].paid_hours must be <= length_hours (9), got 10",
        ),
        (
            {"break_window_hours": None},
            "shifts[1].break_window_hours is required when break_minutes > 0 ([earliest, "
            "latest] break start, hours after the shift start), got nothing",
        ),
        (
            {"break_window_hours": [5, 3]},
            "shifts[1].break_window_hours must have earliest <= latest, got [5.0, 3.0]",
        ),
        (
            {"start_window": ["08:00", "10:00"], "start_step_minutes": 60},
            "shifts[1] must have exactly one of start_times or start_window, got both",
        ),
        (
            {"start_times": None},
            "shifts[1] must have exactly one of start_times or start_window, got neither",
        ),
        (
            {"start_times": None, "start_window": ["16:00", "20:00"], "start_step_minutes": 90},
            "shifts[1].start_step_minutes must divide the start window 16:00-20:00 (240 min) "
            "into whole steps, got 90",
        ),
        (
            {"start_times": None, "start_window": ["16:00", "20:00"]},
            "shifts[1].start_step_minutes is required with start_window",
        ),
    ],
    ids=["paid>length", "no-break-window", "reversed", "both", "neither", "step", "no-step"],
)
def test_shift_rule_violations_are_named(fields: dict[str, Any], expected: str) -> None:
    assert problems_for(config_with_shifts(shift(**fields))) == (f"plan.toml: {expected}",)


def test_plan_level_shift_rules_are_all_reported() -> None:
    data = config_with_shifts(
        shift(),
        shift(name="测试班", queues=["presal"]),
        shift(name="晚", code="T", start_times=["08:10"]),
        shift(name="兼", code="P", kind="PT", paid_hours=8, start_times=["08:00"]),
    )
    assert problems_for(data) == (
        "plan.toml: shifts[2].name must be unique, got '测试班' again (also shifts[1].name)",
        "plan.toml: shifts[2].code must be unique, got 'T' again (also shifts[1].code)",
        "plan.toml: shifts[2].queues must name queues from [queues] (presale, aftersale), "
        "got 'presal' (did you mean 'presale'?)",
        "plan.toml: shifts[3].code must be unique, got 'T' again (also shifts[1].code)",
        "plan.toml: shifts[3].start_times must be on the 15-min grid of interval_minutes "
        "(e.g. 08:00, 08:15, 08:30), got ['08:10']",
        "plan.toml: shifts[4].paid_hours must be <= labour.pt_max_hours_per_day (6) for a PT "
        "shift, got 8",
    )


def test_a_part_time_shift_longer_than_the_part_timers_week_is_refused() -> None:
    """A 2-hour weekly cap and a 4-hour PT block: nobody could work it, and naming used to
    hand every block to a part-timer beyond the pool, over the cap."""
    from forecaster.messages import render

    data = config_with_shifts(
        shift(), shift(name="兼", code="P", kind="PT", paid_hours=4, length_hours=4)
    )
    data["shifts"][1].pop("break_minutes")
    data["shifts"][1].pop("break_window_hours")
    data["labour"]["pt_max_hours_per_week"] = 2
    (problem,) = problems_for(data)
    assert problem == (
        "plan.toml: shifts[2].paid_hours must be <= labour.pt_max_hours_per_week (2) for a PT "
        "shift, got 4"
    )
    assert render(problem, "zh") == (
        "plan.toml: shifts[2].paid_hours 必须 <= labour.pt_max_hours_per_week (2): "
        "兼职班次不能超过它, 实际为 4"
    )


def test_shift_without_queues_serves_every_queue_and_days_are_normalised() -> None:
    data = config_with_shifts(shift(queues=None, days=["SAT", "sun", "sat"]))
    template = parse_config(data, "plan.toml").shifts[0]
    assert template.queues == ("presale", "aftersale")
    assert template.days == ("sat", "sun")
    assert template.works_on(5, campaign_day=False)
    assert not template.works_on(0, campaign_day=True)


def test_campaign_only_template() -> None:
    out = load_config().shift("外包")
    assert out.works_on(2, campaign_day=True)
    assert not out.works_on(2, campaign_day=False)


def test_service_hours_may_cross_midnight() -> None:
    queue = QueueConfig(aht_seconds=300, service_hours=("20:00", "02:00"))  # type: ignore[arg-type]
    assert queue.service_window_minutes == (1200, 1560)
    assert queue.is_open(minutes_of_day("23:45"))
    assert queue.is_open(minutes_of_day("01:45"))
    assert not queue.is_open(minutes_of_day("02:00"))
    assert not queue.is_open(minutes_of_day("12:00"))
    day = load_config().queues["presale"]
    assert day.is_open(minutes_of_day("23:45")) and not day.is_open(minutes_of_day("07:45"))


# --------------------------------------------------------------------------- overrides


def test_with_overrides_three_key_forms_and_string_coercion() -> None:
    config = load_config()
    changed = config.with_overrides(
        {"presale.max_concurrency": 4, "bot_resolution": 0.5, "interval_minutes": 30}
    )
    assert isinstance(changed, PlanConfig)
    assert changed.queues["presale"].max_concurrency == 4
    assert changed.queues["aftersale"].max_concurrency == 3  # one queue only
    assert [q.bot_resolution for q in changed.queues.values()] == [0.5, 0.5]  # every queue
    assert changed.interval_minutes == 30
    assert config.queues["presale"].max_concurrency == 3  # the original is untouched
    assert config.interval_minutes == 15

    from_cli = config.with_overrides(
        {
            "presale.max_concurrency": "4",
            "bot_resolution": "0.5",
            "forecast_quantile": "p95",
            "interval_minutes": "30",
        }
    )
    assert from_cli == changed.with_overrides({"forecast_quantile": "p95"})
    assert from_cli.queues["presale"].max_concurrency == 4
    assert isinstance(from_cli.queues["presale"].max_concurrency, int)
    assert from_cli.queues["aftersale"].forecast_quantile == "p95"


def test_with_overrides_sections_and_long_queue_keys() -> None:
    changed = load_config().with_overrides(
        {
            "queues.aftersale.service_hours": "08:00-22:00",
            "labour.pt_pool": "12",
            "costs.shortfall_penalty_per_agent_hour": "400",
            "solver.name": "highs",
        }
    )
    assert changed.queues["aftersale"].service_hours == ("08:00", "22:00")
    assert changed.labour.pt_pool == 12
    assert changed.costs.shortfall_penalty_per_agent_hour == 400.0
    assert changed.solver.name == "highs"
    reset = changed.with_overrides({"costs.shortfall_penalty_per_agent_hour": "none"})
    assert reset.costs.shortfall_penalty_per_agent_hour is None


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"bot_resolutoin": 0.5}, "override: unknown key 'bot_resolutoin' (did you mean 'bot_resolution'?)"),
        ({"presal.shrinkage": 0.2}, "override: unknown key 'presal.shrinkage' (did you mean 'presale.shrinkage'?)"),
        ({"pt_pool": 3}, "override: unknown key 'pt_pool' (did you mean 'labour.pt_pool'?)"),
        ({"shifts": []}, "override: unknown key 'shifts'"),
        ({"presale.max_concurrency": "40"}, "override: queues.presale.max_concurrency must be <= 10, got '40'"),
        ({"bot_resolution": "half"}, "override: queues.presale.bot_resolution must be a number, got 'half'"),
        ({"interval_minutes": "45"}, "override: interval_minutes must be one of 15, 30, 60, got 45"),
    ],
    ids=["typo", "queue-typo", "section", "not-scalar", "range", "type", "grid"],
)  # fmt: skip
def test_with_overrides_rejects_bad_keys_and_values(
    overrides: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_config().with_overrides(overrides)
    assert info.value.problems[0] == expected


def test_with_overrides_source_label() -> None:
    with pytest.raises(ConfigError, match=r"^--scenario: unknown key 'nope'$"):
        load_config().with_overrides({"nope": 1}, source="--scenario")


def test_override_keys_list_every_accepted_form() -> None:
    keys = PlanConfig.override_keys(["presale"])
    assert {"interval_minutes", "bot_resolution", "presale.bot_resolution"} <= set(keys)
    assert {"labour.pt_pool", "costs.inquiry_conversion", "solver.time_limit_seconds"} <= set(keys)


def test_outsourcing_billing_keys_default_to_hourly_and_accept_commission() -> None:
    """``[labour] out_billing`` (issue 13, item 6): hourly by default; 底薪+提成 by key."""
    labour = load_config().labour
    assert (labour.out_billing, labour.out_base_per_hour, labour.out_commission_per_inquiry) == (
        "hourly",
        0.0,
        0.0,
    )
    keys = set(PlanConfig.override_keys())
    assert {"labour.out_billing", "labour.out_base_per_hour"} <= keys
    assert "labour.out_commission_per_inquiry" in keys
    data = sample_mapping()
    data["labour"].update(
        out_billing="commission", out_base_per_hour=18, out_commission_per_inquiry=0.8
    )
    labour = parse_config(data).labour
    assert (labour.out_billing, labour.out_base_per_hour) == ("commission", 18.0)
    assert labour.out_commission_per_inquiry == 0.8
    scenario = load_config().with_overrides(
        {"labour.out_billing": "commission", "labour.out_commission_per_inquiry": "1.2"}
    )
    assert scenario.labour.out_commission_per_inquiry == 1.2


def test_commission_billing_without_any_rate_is_one_line_naming_the_key() -> None:
    data = set_key(sample_mapping(), "labour.out_billing", "commission")
    assert problems_for(data) == (
        "plan.toml: labour.out_base_per_hour or out_commission_per_inquiry must be > 0 when "
        "out_billing = 'commission' (base + commission per handled inquiry), got 0 and 0",
    )
    with pytest.raises(ConfigError, match=r"^--scenario: labour.out_base_per_hour or "):
        load_config().with_overrides({"labour.out_billing": "commission"}, source="--scenario")


def test_queue_specific_override_wins_over_bare_key_in_any_order() -> None:
    config = load_config(None)
    for overrides in (
        {"bot_resolution": 0.5, "presale.bot_resolution": 0.1},
        {"presale.bot_resolution": 0.1, "bot_resolution": 0.5},
    ):
        got = config.with_overrides(overrides)
        assert got.queues["presale"].bot_resolution == 0.1
        assert got.queues["aftersale"].bot_resolution == 0.5


def test_equal_configs_hash_equal_whatever_the_queue_order() -> None:
    data = tomllib.loads(SAMPLE_TEXT)
    flipped = copy.deepcopy(data)
    flipped["queues"] = dict(reversed(list(data["queues"].items())))
    a, b = parse_config(data), parse_config(flipped)
    assert list(a.queues) != list(b.queues)
    assert a == b and hash(a) == hash(b)


# --------------------------------------------------------------------------- opt-in caps, phases


def test_abandonment_cap_is_opt_in() -> None:
    """Only caps the planner sets bind: no max_abandon_rate means none (issue 13, item 9);
    max_occupancy is a contract key and keeps its default."""
    assert "max_abandon_rate" not in sample_mapping()["queues"]["presale"]
    assert QueueConfig(aht_seconds=300).max_abandon_rate is None  # type: ignore[call-arg]
    assert QueueConfig(aht_seconds=300).max_occupancy == 0.85  # type: ignore[call-arg]
    set_ = parse_config(set_key(sample_mapping(), "queues.presale.max_abandon_rate", 0.05))
    assert set_.queues["presale"].max_abandon_rate == 0.05
    assert (
        set_.with_overrides({"max_abandon_rate": "none"}).queues["presale"].max_abandon_rate is None
    )
    assert problems_for(set_key(sample_mapping(), "queues.presale.max_abandon_rate", 0)) == (
        "plan.toml: queues.presale.max_abandon_rate must be > 0, got 0",
    )


def test_sample_opens_presale_and_aftersale_round_the_clock_on_peak_and_final_payment_days() -> (
    None
):
    config = load_config()
    for name in ("presale", "aftersale"):
        hours = config.queues[name].phase_service_hours
        assert hours == {"peak_day": ("00:00", "24:00"), "final_payment": ("00:00", "24:00")}


BAD_PHASE_HOURS = [
    (
        {"peak_dya": ["00:00", "24:00"]},
        "queues.presale.phase_service_hours must name calendar phases (presale, wave, "
        "final_payment, peak_day, after_sales), got 'peak_dya' (did you mean 'peak_day'?)",
    ),
    (
        {"peak_day": ["00:00", "25:00"]},
        "queues.presale.phase_service_hours.peak_day[2] must be a time of day 'HH:MM' in "
        "00:00-24:00, got '25:00'",
    ),
    (
        {"peak_day": ["00:00"]},
        "queues.presale.phase_service_hours.peak_day must be a list of two times [start, end] "
        "like ['08:00', '24:00'], got ['00:00']",
    ),
    (
        {"peak_day": ["06:00", "06:00"]},
        "queues.presale.phase_service_hours.peak_day must have a start different from its end "
        "(use ['00:00', '24:00'] for round the clock), got ['06:00', '06:00']",
    ),
    (
        {"peak_day": ["00:10", "24:00"]},
        "queues.presale.phase_service_hours.peak_day must be on the 15-min grid of "
        "interval_minutes (e.g. 08:00, 08:15, 08:30), got ['00:10', '24:00']",
    ),
    (
        ["00:00", "24:00"],
        "queues.presale.phase_service_hours must be a table of calendar phases to [start, end] "
        "like {peak_day = ['00:00', '24:00']}, got ['00:00', '24:00']",
    ),
]


@pytest.mark.parametrize(
    ("value", "expected"), BAD_PHASE_HOURS, ids=[c[1] for c in BAD_PHASE_HOURS]
)
def test_bad_phase_service_hours_are_one_line_naming_the_key(value: Any, expected: str) -> None:
    data = set_key(sample_mapping(), "queues.presale.phase_service_hours", value)
    assert problems_for(data) == (f"plan.toml: {expected}",)


def test_phase_service_hours_open_on_the_phase_days_only_as_a_union() -> None:
    import numpy as np
    import pandas as pd

    queue = QueueConfig(
        aht_seconds=300,  # type: ignore[arg-type]
        service_hours=("08:00", "24:00"),  # type: ignore[arg-type]
        phase_service_hours={"peak_day": ("00:00", "24:00"), "wave": ("20:00", "02:00")},  # type: ignore[arg-type]
    )
    stamps = pd.DatetimeIndex(["2025-11-10 01:00", "2025-11-11 01:00", "2025-11-12 01:00"])
    assert list(queue.open_at(stamps)) == [False, False, False]  # no phase days: defaults
    peak = {"peak_day": np.array([False, True, False])}
    assert list(queue.open_at(stamps, peak)) == [False, True, False]
    wave = {"wave": np.array([False, False, True])}  # 20:00-02:00 opens 00:00-02:00 too
    assert list(queue.open_at(stamps, {**peak, **wave})) == [False, True, True]
    assert list(queue.open_at(stamps, {"presale": np.ones(3, bool)})) == [False] * 3


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("shifts[1].days", ["mon", "funday"], "'all'、'campaign' 或星期名称列表"),
        ("shifts[1].start_window", ["25:00", "26:00"], "内的时刻 'HH:MM'"),
        ("queues.presale.service_hours", 8, "两个时刻组成的列表 [开始, 结束]"),
        ("shifts[1].code", "ABCDE", "1-4 个不含空格的字符"),
        ("timezone", "Mars", "IANA 时区名"),
        ("labour.ft_agents", -1, "不小于 0 的整数或 'auto'"),
    ],
)
def test_a_config_error_reads_wholly_in_chinese(key: str, value: Any, words: str) -> None:
    """The explanation of what a key must be is Chinese too, not only its frame."""
    from forecaster.messages import render

    with pytest.raises(ConfigError) as caught:
        parse_config(set_key(sample_mapping(), key, value), source="plan.toml")
    text = render(str(caught.value).split(" (and ")[0], "zh")
    assert words in text, text
    assert not re.search(r"\b(must|list of|a time|characters|name like|or a)\b", text), text


def test_a_misspelt_required_key_is_one_problem_naming_the_typo() -> None:
    """``aht_secnds`` for ``aht_seconds``: the line names the typo and its fix, not "is
    required", and it is the only problem (the app and the CLI show the first one)."""
    text = SAMPLE_TEXT.replace("aht_seconds = 300 ", "aht_secnds = 300 ", 1)
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text), source="plan.toml")
    assert str(caught.value) == (
        "plan.toml: unknown key 'queues.presale.aht_secnds' (did you mean 'aht_seconds'?)"
    )


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ('name = "早班\n', "非法字符"),
        ("interval_minutes = fifteen\n", "无效的值"),
        ("interval_minutes 15\n", "键后面缺少 '='"),
    ],
)
def test_a_toml_syntax_error_reads_in_chinese(tmp_path: Path, bad: str, words: str) -> None:
    from forecaster.messages import render

    path = tmp_path / "plan.toml"
    path.write_text(bad + SAMPLE_TEXT, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = render(str(caught.value), "zh")
    assert text.startswith("plan.toml 第 1 行第") and words in text, text
    assert not re.search(r"[A-Za-z]{5,}", text.replace("plan.toml", "").replace("auto", "")), text


def test_a_queue_keyed_by_its_chinese_name_is_the_queue_the_history_loader_reads() -> None:
    """The loader reads a file's 售后 as ``aftersale``: ``[queues."售后"]`` is that queue,
    with 售后 as its display name, and shifts naming 售后 serve it."""
    data = sample_mapping()
    data["queues"]["售后"] = data["queues"].pop("aftersale")
    data["queues"]["售后"].pop("display_name", None)
    for s in data["shifts"]:
        if "queues" in s:
            s["queues"] = ["售后" if q == "aftersale" else q for q in s["queues"]]
    cfg = parse_config(data, "plan.toml")
    assert set(cfg.queues) == {"presale", "aftersale"}
    assert cfg.display_names()["aftersale"] == "售后"
    assert any("aftersale" in t.queues for t in cfg.shifts)
    cfg.check_queues(["presale", "aftersale"], "history.csv")
    with pytest.raises(ConfigError, match=r"has queue 'vip' but"):
        cfg.check_queues(["vip"], "history.csv")


def test_a_scenario_may_name_a_standard_queue_by_its_chinese_name() -> None:
    """``售后.service_level=0.9`` in a scenario is the aftersale queue, as in plan.toml."""
    config = load_config().with_overrides({"售后.service_level": 0.9})
    assert config.queues["aftersale"].service_level == 0.9
