"""The roster page (AppTest): shift-template and labour-rule editors, solving with progress,
results (metrics, coverage chart, shift table, 排班表 grid), downloads and saving a plan.

One solve on two sample campaign days (2025-11-10 and 11-11) under a short time limit is
shared by the tests that read results; settings tests use pages that never solve.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages import common
from app_pages.roster import shift_rows, shifts_from_rows, stage_share
from forecaster.config import load_config, parse_config
from forecaster.errors import ConfigError
from forecaster.exports import COVERAGE_COLUMNS, SHIFTS_COLUMNS
from forecaster.pipeline import PlanResult
from forecaster.store import PlanStore
from tests.conftest import shown

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/roster.py"
HORIZON = (pd.Timestamp("2025-11-10"), pd.Timestamp("2025-11-11"))
TIME_LIMIT = 15.0


def roster_page(lang: str | None = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    if lang is not None:
        at.session_state["lang"] = lang
    at.session_state["horizon"] = HORIZON
    at.run()
    at.switch_page(PAGE).run()
    return at


def errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'plans.db'}"
    patch = pytest.MonkeyPatch()
    patch.setenv("FORECASTER_DB", url)
    yield url
    patch.undo()


@pytest.fixture(scope="module")
def solved(db_url: str) -> AppTest:
    """The roster page after one solve (English labels)."""
    at = roster_page()
    at.number_input(key="roster_time_limit").set_value(TIME_LIMIT)
    at.button(key="roster_solve").click().run()
    return at


def plan_of(at: AppTest) -> PlanResult:
    key, plan = at.session_state["plan"]
    assert isinstance(key, str) and isinstance(plan, PlanResult)
    return plan


# --------------------------------------------------------------------------- settings


def test_page_renders_its_settings_in_english() -> None:
    at = roster_page()
    assert not at.exception
    assert errors(at) == []
    assert [m.value for m in at.markdown] == []  # no stray output (streamlit magic)
    assert at.button(key="roster_solve").label == "Solve roster"
    assert at.number_input(key="roster_time_limit").label == "Time limit (s)"
    assert at.number_input(key="roster_time_limit").value == 120  # the sample's solver limit
    assert at.toggle(key="roster_labour_ft_agents_auto").value is True  # sized by the roster
    assert at.number_input(key="roster_labour_ft_agents_max").value == 400
    assert at.number_input(key="roster_labour_pt_max_share").value == 30  # percent
    assert "Set the shift templates" in at.info[0].value
    assert "Horizon 2025-11-10 to 2025-11-11 (2 days" in at.caption[0].value
    editor = [d for d in at.dataframe if d.key == "roster_shifts_0"]
    assert len(editor) == 1 and len(editor[0].value) == 11  # the sample's shift templates


def test_chinese_is_the_default() -> None:
    at = roster_page(lang=None)
    assert not at.exception
    assert at.button(key="roster_solve").label == "求解排班"
    assert at.toggle(key="roster_labour_ft_agents_auto").label == "自动定编"
    assert at.number_input(key="roster_labour_ft_agents_max").label == "全职人数上限"


def test_a_bad_labour_value_shows_the_cli_line_and_keeps_the_last_valid_settings() -> None:
    at = roster_page()
    # 兼职5h and 兼职6h pay 5 and 5.5 h: a 4-hour daily cap breaks both templates
    at.number_input(key="roster_labour_pt_max_hours_per_day").set_value(4.0).run()
    assert not at.exception
    assert errors(at) == [
        "plan.toml: shifts[6].paid_hours must be <= labour.pt_max_hours_per_day (4) for a PT "
        "shift, got 5 (and 1 more problem)"
    ]
    assert "config_tables" not in at.session_state  # the last valid settings: the file's
    at.toggle(key="roster_labour_ft_agents_auto").set_value(False).run()
    at.number_input(key="roster_labour_ft_agents").set_value(-1).run()
    assert not at.exception
    assert (
        "plan.toml: labour.ft_agents must be a whole number >= 0 or 'auto', got -1" in errors(at)[0]
    )


def test_a_valid_labour_change_applies_and_can_be_undone() -> None:
    at = roster_page()
    at.toggle(key="roster_labour_ft_agents_auto").set_value(False).run()
    assert at.number_input(key="roster_labour_ft_agents").value == 400  # from the bound
    at.number_input(key="roster_labour_ft_agents").set_value(45).run()
    assert not at.exception and errors(at) == []
    assert at.session_state["config_tables"]["labour"]["ft_agents"] == 45
    assert at.session_state["roster_tables_version"] == 2  # redrawn after each valid change
    assert at.number_input(key="roster_labour_ft_agents").value == 45
    at.button(key="roster_reset").click().run()
    assert not at.exception
    assert "config_tables" not in at.session_state
    assert at.toggle(key="roster_labour_ft_agents_auto").value is True


def test_editor_rows_round_trip_the_templates() -> None:
    cfg = load_config()
    rows = shift_rows(cfg.shifts)
    assert list(rows["start_window"][:2]) == ["07:00-10:00", "11:00-13:00"]
    assert rows.loc[0, "break_window_hours"] == "3-5"
    tables = shifts_from_rows(rows)
    assert parse_config({**cfg.model_dump(), "shifts": tables}).shifts == cfg.shifts
    blank = pd.concat([rows, pd.DataFrame([{c: None for c in rows.columns}])], ignore_index=True)
    assert len(shifts_from_rows(blank)) == len(cfg.shifts)  # an added empty row is ignored


def test_editor_days_read_in_chinese_and_round_trip() -> None:
    """In Chinese the editor shows a template's days as 每天 / 大促日 / 周六、周日, and what a
    planner types there (Chinese or English, any separator) reads back the same."""
    cfg = load_config()
    shifts = [
        cfg.shifts[0].model_copy(update={"days": "campaign"}),
        cfg.shifts[1].model_copy(update={"days": ("sat", "sun")}),
        *cfg.shifts[2:],
    ]
    rows = shift_rows(shifts, "zh")
    assert list(rows["days"][:3]) == ["大促日", "周六、周日", "每天"]
    tables = shifts_from_rows(rows)
    assert parse_config({**cfg.model_dump(), "shifts": tables}).shifts == tuple(shifts)
    assert list(shift_rows(shifts)["days"][:3]) == ["campaign", "sat, sun", "all"]
    typed = {
        "周一，周三": ("mon", "wed"),
        "星期六、星期天": ("sat", "sun"),
        "Sat, 周日": ("sat", "sun"),
    }
    for text, days in typed.items():
        rows.loc[1, "days"] = text
        parsed = parse_config({**cfg.model_dump(), "shifts": shifts_from_rows(rows)})
        assert parsed.shifts[1].days == days, text
    rows.loc[1, "days"] = "周八"
    with pytest.raises(ConfigError, match=r"shifts\[2\]\.days must be 'all', 'campaign'"):
        parse_config({**cfg.model_dump(), "shifts": shifts_from_rows(rows)}, "plan.toml")


def test_a_bad_template_edit_is_the_cli_line() -> None:
    cfg = load_config()
    rows = shift_rows(cfg.shifts)
    rows.loc[1, "paid_hours"] = 10.0  # 中班 is 9 h long
    rows.loc[7, "code"] = "休"
    with pytest.raises(ConfigError) as caught:
        parse_config({**cfg.model_dump(), "shifts": shifts_from_rows(rows)}, "plan.toml")
    assert str(caught.value) == (
        "plan.toml: shifts[2].paid_hours must be <= length_hours (9), got 10 (and 1 more problem)"
    )
    assert "shifts[8].code must be 1-4 characters" in caught.value.problems[1]


def test_progress_lines_move_the_bar_forward_only() -> None:
    share = 0.0
    for line in (
        "staffing",
        "building the roster model: 192 intervals",
        "solving with CBC",
        "staffing presale: 192 intervals",  # late line of an earlier stage
        "simulation done in 1.0 s",
    ):
        share = stage_share(line, share)
    assert share == 1.0
    assert stage_share("staffing presale", 0.5) == 0.5


# --------------------------------------------------------------------------- results


def test_solving_shows_metrics_chart_and_tables(solved: AppTest) -> None:
    at = solved
    assert not at.exception
    assert errors(at) == []
    metrics = {m.label: m.value for m in at.metric}
    assert {"Labour cost (CNY)", "Paid hours", "Shortfall agent-hours",
            "Simulated service level", "Solver status", "Full-time (FT)",
            "Part-time (PT)", "Outsourced (OUT)"} <= set(metrics)  # fmt: skip
    plan = plan_of(at)
    assert metrics["Labour cost (CNY)"] == f"{plan.summary['labour_cost']:,.0f}"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # one per queue
    spec = json.loads(charts[0].proto.spec)
    assert "red" in json.dumps(spec) and "interval_start" in json.dumps(spec)
    shifts, agents = plan.roster.shifts, plan.roster.assignments["agent"].nunique()
    assert len(shifts) > 0
    shown = [len(d.value) for d in at.dataframe]
    assert len(shifts) in shown and agents in shown  # the shift table and the 排班表 grid
    assert len(at.get("download_button")) == 5
    # why the roster is short or idle: one row per block over an hour, with its rule
    from forecaster.explain import RULE_NAMES, explain_gaps

    gaps = explain_gaps(plan)
    (why,) = [e for e in at.expander if e.label.startswith("Why the roster is short or idle")]
    assert f"({len(gaps)} blocks" in why.label
    assert set(why.dataframe[0].value["rule"]) <= {r for r in RULE_NAMES} | set(RULE_NAMES.values())
    # in Chinese the grid's kind reads 全职 / 兼职 / 外包, as the shift table and the Excel
    at.session_state["lang"] = "zh"
    at.run()
    grid = next(d.value for d in at.dataframe if len(d.value) == agents)
    at.session_state["lang"] = "en"  # the module's other tests read English
    at.run()
    assert set(grid["kind"]) <= {"全职", "兼职", "外包"} and "全职" in set(grid["kind"])


def test_download_files_are_the_cli_files(solved: AppTest) -> None:
    plan = plan_of(solved)
    # what the page's download buttons serve: built on click, once per solve and language
    files = common.roster_downloads("test-token", plan.roster, "en")
    assert common.roster_downloads("test-token", plan.roster, "en") is files
    assert set(files) == {"shifts.csv", "coverage.csv", "assignments.csv", "out_orders.csv",
                          "summary.json", "roster.xlsx"}  # fmt: skip
    shifts = pd.read_csv(io.BytesIO(files["shifts.csv"]), encoding="utf-8-sig")
    assert tuple(shifts.columns[: len(SHIFTS_COLUMNS)]) == SHIFTS_COLUMNS
    assert len(shifts) == len(plan.roster.shifts)
    coverage = pd.read_csv(io.BytesIO(files["coverage.csv"]), encoding="utf-8-sig")
    assert tuple(coverage.columns) == COVERAGE_COLUMNS
    assert json.loads(files["summary.json"])["status"] == plan.summary["roster_status"]
    book = openpyxl.load_workbook(io.BytesIO(files["roster.xlsx"]))
    assert book.sheetnames == [
        "Roster", "shifts", "coverage", "assignments", "Outsourcing orders", "summary",
    ]  # fmt: skip
    zh = openpyxl.load_workbook(io.BytesIO(common.roster_files(plan.roster, "zh")["roster.xlsx"]))
    assert zh.sheetnames[0] == "排班表"
    assert zh["班次"]["A1"].value == "日期"
    # the page's button (roster._download) passes the plan's config: queues by display name
    from app_pages.roster import _download

    xlsx = _download("test-token-zh", plan, "zh", "roster.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["班次"]
    header = [c.value for c in sheet[1]]
    queues = {row[header.index("队列")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert queues <= {"售前", "售后"} and queues, queues


def test_the_grid_has_one_row_per_agent_and_days_off(solved: AppTest) -> None:
    plan = plan_of(solved)
    grid = common.roster_grid(plan.roster)
    assert list(grid.columns[:3]) == ["agent", "name", "kind"]
    assert list(grid.columns[3:]) == ["11-10 Mon", "11-11 Tue"]
    assert len(grid) == plan.roster.assignments["agent"].nunique()
    assert set(grid.iloc[:, 3:].stack()) >= {"休"}


def test_saving_stores_the_plan(solved: AppTest, db_url: str) -> None:
    at = solved
    at.text_input(key="plan_name").input("双11 test plan")
    at.button(key="plan_save").click().run()
    assert not at.exception
    assert errors(at) == []
    assert at.success[0].value.startswith("Saved as plan #")
    saved = PlanStore(db_url).list()
    assert list(saved["name"]) == ["双11 test plan"]


def test_changes_after_a_solve_re_render_and_mark_the_plan_out_of_date(solved: AppTest) -> None:
    at = solved
    at.number_input(key="roster_time_limit").set_value(30.0).run()  # a solver setting only
    assert not at.exception
    assert not any("out of date" in w.value for w in at.warning)
    at.toggle(key="roster_labour_pt_pool_auto").set_value(False).run()
    at.number_input(key="roster_labour_pt_pool").set_value(20).run()
    assert not at.exception and errors(at) == []
    assert any("out of date" in w.value for w in at.warning)
    assert at.get("vega_lite_chart"), "the old plan stays on the page"
    assert at.button(key="plan_save").disabled  # an out-of-date plan is not saved
    assert any("solve again before saving" in c.value for c in at.caption)
