"""Figures a planner can follow (AppTest): the capacity page explains any interval's chain
from inquiries to headcount with the figures of the requirements it charts; service hours,
minimum agents and the occupancy and abandonment caps change the requirement and stay
between pages; per-day tables on the forecast, capacity and roster pages; an uploaded team
list (agents.csv) names the roster's people."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages import common
from forecaster.capacity import requirements
from forecaster.config import PlanConfig, load_config
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY
from forecaster.pipeline import PlanResult
from forecaster.validation import read_calendar
from tests.conftest import shown

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HORIZON = (pd.Timestamp("2025-11-10"), pd.Timestamp("2025-11-11"))
CAPACITY = "app_pages/capacity.py"
EVENT = "双11 2025"


def page(path: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["horizon"] = HORIZON
    for key, day in zip(("fc_start_", "fc_end_"), HORIZON, strict=True):  # the forecast page's
        at.session_state[f"{key}{EVENT}"] = day.date()
    at.run()
    at.switch_page(path).run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The one table with ``column`` (AppTest gives a dataframe no key)."""
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    assert isinstance(found, pd.DataFrame)
    return found


def explained(at: AppTest) -> dict[str, str]:
    """The explanation table as step -> value."""
    steps = table(at, "how")
    return dict(zip(steps["step"], steps["value"], strict=True))


def show(at: AppTest, queue: str, day: str, clock: str) -> None:
    at.selectbox(key=f"cap_explain_day_{queue}").set_value(day).run()
    at.selectbox(key=f"cap_explain_time_{queue}").set_value(clock).run()
    assert not at.exception and at.error == []


@pytest.fixture(scope="module")
def reference(small_plan: PlanResult) -> tuple[pd.DataFrame, PlanConfig]:
    """The library's requirements of the sample's two days (what the page should chart), of
    the library's forecast of them: the session's small plan's (``tests/conftest.py``)."""
    calendar = read_calendar(SAMPLE_CALENDAR)
    config = load_config(SAMPLE_CONFIG)
    fc = small_plan.forecast
    stamps = fc["interval_start"].drop_duplicates().sort_values()  # the page's grid: 15 min
    assert (stamps.min(), stamps.max()) == (HORIZON[0], HORIZON[1] + pd.Timedelta("23:45:00"))
    assert (stamps.diff().dropna() == pd.Timedelta(minutes=15)).all()
    return requirements(fc, config, calendar=calendar.frame), config


@pytest.fixture(scope="module")
def capacity() -> AppTest:
    return page(CAPACITY)


def test_the_explanation_defaults_to_the_peak_and_matches_the_requirements(
    capacity: AppTest, reference: tuple[pd.DataFrame, PlanConfig]
) -> None:
    at, (req, _) = capacity, reference
    assert not at.exception and at.error == []
    presale = req[req["queue"] == "presale"].set_index("interval_start")
    peak = presale["agents"].idxmax()
    assert at.selectbox(key="cap_explain_day_presale").value == f"{peak:%Y-%m-%d}"
    assert at.selectbox(key="cap_explain_time_presale").value == f"{peak:%H:%M}"
    row = presale.loc[peak]
    steps = explained(at)
    assert steps["Forecast inquiries"] == f"{row['inquiries']:,.0f}"
    assert steps["Human chats"] == f"{row['human_inquiries']:,.0f}"
    assert steps["Human chat AHT"] == f"{row['aht_seconds']:,.0f} s"
    assert steps["Offered load (Erl)"] == f"{row['offered_load']:,.1f}"
    assert steps["Agents on chat"] == f"{row['agents']:,}"
    assert steps["Headcount"] == f"{row['headcount']:,}"
    how = table(at, "how").set_index("step")["how"]
    assert how["Agents on chat"].endswith(
        {"occupancy": "the occupancy cap", "service_level": "the service level target"}[
            row["binding"]
        ]
    )
    # the page's own figures: the peak metric and the per-day table
    assert metrics(at)["Agents on chat"] == f"{row['agents']:,}"
    # the centre's peak, as the roster, plans and report give it: all queues in one interval
    centre = req.groupby("interval_start")[["agents", "headcount"]].sum()
    assert metrics(at)["Peak agents on chat"] == f"{centre['agents'].max():,}"
    assert centre["agents"].max() > req["agents"].max()
    daily = table(at, "peak_agents").set_index("date")
    assert daily.loc["Tue 11/11", "peak_agents"] == row["agents"]


def test_any_interval_can_be_explained(
    capacity: AppTest, reference: tuple[pd.DataFrame, PlanConfig]
) -> None:
    at, (req, _) = capacity, reference
    for queue, day, clock in (("presale", "2025-11-10", "21:30"), ("aftersale", "2025-11-11",
                              "10:15")):  # fmt: skip
        at.radio(key="cap_queue").set_value(queue).run()
        show(at, queue, day, clock)
        (row,) = req[
            (req["queue"] == queue) & (req["interval_start"] == pd.Timestamp(f"{day} {clock}"))
        ].to_dict("records")
        steps = explained(at)
        assert steps["Human chats"] == f"{row['human_inquiries']:,.0f}"
        assert steps["Offered load (Erl)"] == f"{row['offered_load']:,.1f}"
        assert steps["Agents on chat"] == f"{row['agents']:,}"
        assert steps["Headcount"] == f"{row['headcount']:,}"
        sl = f"service level {row['service_level']:.1%}"
        assert any(sl in c.value for c in at.caption), sl
    # outside service hours (11-10 07:00, before presale opens at 08:00): nobody staffed
    at.radio(key="cap_queue").set_value("presale").run()
    show(at, "presale", "2025-11-10", "07:00")
    assert explained(at)["Agents on chat"] == "0"
    assert any("outside presale's service hours" in i.value for i in at.info)
    at.button(key="explain_peak_presale").click().run()  # back to the busiest interval
    assert at.selectbox(key="cap_explain_day_presale").value == "2025-11-11"


def test_the_explanation_reads_as_chinese() -> None:
    at = page(CAPACITY, lang="zh")
    assert not at.exception and at.error == []
    steps = table(at, "how")
    assert steps["step"].tolist()[:3] == ["预测咨询量", "机器人解决", "转人工咨询"]
    assert "取以上最大值" in steps["how"].iloc[-2]
    assert any("服务时间外" in w.value for w in at.warning)  # 11-10 before opening
    assert at.number_input(key="cap_presale_aht_seconds").proto.help.startswith("一个会话")
    assert "人工客服" in at.selectbox(key="cap_presale_open").proto.help


def test_settings_change_the_requirement_and_stay_between_pages() -> None:
    at = page(CAPACITY)

    def hours() -> float:
        return float(metrics(at)["Agent-hours"].replace(",", ""))

    def peak() -> int:
        return int(metrics(at)["Peak agents on chat"].replace(",", ""))

    start, top = hours(), peak()
    assert any("aftersale:" in w.value for w in at.warning)
    # aftersale opens at midnight: its early inquiries get agents, the note goes
    at.selectbox(key="cap_aftersale_open").set_value("00:00").run()
    assert not at.exception and at.error == []
    assert hours() > start
    assert not any("aftersale:" in w.value for w in at.warning)
    assert at.session_state["overrides"]["aftersale.service_hours"] == ["00:00", "24:00"]
    # a looser occupancy cap lowers the 11-11 00:00 peak, which the cap decided
    at.number_input(key="cap_presale_max_occupancy").set_value(95.0).run()
    assert peak() < top
    # an abandonment cap appears in the explanation
    at.toggle(key="cap_presale_abandon_on").set_value(True).run()
    at.number_input(key="cap_presale_max_abandon_rate").set_value(1.0).run()
    assert at.session_state["overrides"]["presale.max_abandon_rate"] == 0.01
    assert explained(at)["Abandonment cap needs"] != "—"
    # a floor above the peak decides every open interval
    at.number_input(key="cap_presale_min_agents").set_value(700).run()
    assert peak() > 700 and explained(at)["Agents on chat"] == "700"  # aftersale on top
    how = table(at, "how").set_index("step")["how"]
    assert how["Agents on chat"].endswith("the minimum agents")
    # the configuration's own check: an opening equal to the closing is its one line
    at.selectbox(key="cap_presale_close").set_value("08:00").run()
    assert not at.exception
    assert len(at.error) == 1 and "service_hours must have a start different" in shown(
        at.error[0].value
    )
    at.selectbox(key="cap_presale_close").set_value("24:00").run()
    assert at.error == []
    settled = hours()

    at.switch_page("app_pages/forecast.py").run()
    at.switch_page("app_pages/roster.py").run()
    at.switch_page(CAPACITY).run()
    assert not at.exception and at.error == []
    assert at.selectbox(key="cap_aftersale_open").value == "00:00"
    assert at.number_input(key="cap_presale_max_occupancy").value == 95.0
    assert at.toggle(key="cap_presale_abandon_on").value is True
    assert at.number_input(key="cap_presale_max_abandon_rate").value == 1.0
    assert at.number_input(key="cap_presale_min_agents").value == 700
    assert hours() == settled


def test_forecast_page_shows_each_day_with_its_peak() -> None:
    at = page("app_pages/forecast.py")
    assert not at.exception and at.error == []
    assert at.session_state["horizon"] == HORIZON
    at.radio(key="fc_queue").set_value("presale").run()
    daily = table(at, "peak_inquiries")
    assert daily["date"].tolist() == ["Mon 11/10", "Tue 11/11"]
    assert daily["peak_time"].tolist()[1] == "00:00"  # the 11-11 opening rush
    assert (daily["inquiries"] > 0).all() and (daily["peak_inquiries"] > 0).all()
    assert "1.2" in at.number_input(key="adj_q_factor").proto.help
    assert at.selectbox(key="fc_event").proto.help


# --------------------------------------------------------------------------- team list

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"
NAMES = [s + g for s, g in itertools.product(SURNAMES, GIVEN)]


def agents_csv(ft: int, pt: int) -> bytes:
    """A team list: ``ft`` full-time and ``pt`` part-time agents with Chinese names; the
    first one on leave on 11-10. GBK, as Excel saves it on a Chinese Windows."""
    rows = ["agent,name,kind,queues,unavailable"]
    for i in range(ft + pt):
        kind = "全职" if i < ft else "兼职"
        leave = "2025-11-10" if i == 0 else ""
        rows.append(f"K{i + 1:03d},{NAMES[i]},{kind},,{leave}")
    return ("\n".join(rows) + "\n").encode("gbk")


def test_an_uploaded_team_list_names_the_roster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORECASTER_DB", f"sqlite:///{tmp_path}/plans.db")
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "en"
    at.session_state["horizon"] = HORIZON
    at.run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="history_upload").upload(
        SAMPLE_HISTORY.name, SAMPLE_HISTORY.read_bytes()
    ).run()
    # a bad list: the CLI's lines naming the file and row, and no solve
    at.file_uploader(key="agents_upload").upload(
        "agents.csv", "agent,name,kind\nK1,王伟,经理\n".encode("gbk")
    ).run()
    at.switch_page("app_pages/roster.py").run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "agents.csv row 2, column kind: must be FT, PT or OUT (全职/兼职/外包), got '经理'"
    ]
    assert not [b for b in at.button if b.key == "roster_solve"]

    at.file_uploader(key="agents_upload").upload("agents.csv", agents_csv(45, 5)).run()
    assert not at.exception and at.error == []
    assert any("45 full-time, 5 part-time, 0 outsourced" in c.value for c in at.caption)
    at.number_input(key="roster_time_limit").set_value(15.0)
    at.button(key="roster_solve").click().run()
    assert not at.exception and at.error == []
    key, plan = at.session_state["plan"]
    assert isinstance(plan, PlanResult)
    named = plan.roster.assignments
    ft = named[named["kind"] == "FT"]
    assert set(ft["name"]) <= set(NAMES[:45]) and len(set(ft["name"])) > 30
    assert set(ft["agent"]) <= {f"K{i + 1:03d}" for i in range(45)}
    on_leave = ft[ft["agent"] == "K001"]["date"]
    assert pd.Timestamp("2025-11-10") not in set(pd.to_datetime(on_leave))
    grid = common.roster_grid(plan.roster)
    assert set(NAMES[:45]) & set(grid["name"])  # the 排班表's 姓名 column
    daily = table(at, "required_hours")
    assert len(daily) == 2 and (daily["required_hours"] > 0).all()
    assert (daily["ft_on_duty"] <= 45).all()
    # a different list makes the solved plan out of date
    at.file_uploader(key="agents_upload").upload("agents.csv", agents_csv(44, 5)).run()
    assert any("out of date" in w.value for w in at.warning)


# --------------------------------------------------------------------------- help texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_parameter_has_help_with_its_unit_or_range(lang: str) -> None:
    """Number inputs, selectboxes, toggles, dates and text fields of the forecast, capacity,
    roster and scenarios pages all carry a tooltip (the sidebar's language switch aside)."""
    at = page("app_pages/forecast.py", lang=lang)
    missing: list[str] = []
    for path in ("app_pages/forecast.py", CAPACITY, "app_pages/roster.py",
                 "app_pages/scenarios.py"):  # fmt: skip
        at.switch_page(path).run()
        assert not at.exception and at.error == [], path
        widgets = [*at.number_input, *at.selectbox, *at.toggle, *at.date_input, *at.text_input]
        assert len(widgets) > 3, path
        missing += [f"{path}: {w.key}" for w in widgets if w.key != "lang" and not w.proto.help]
    assert missing == []
    assert "2–6" in at.number_input(key="sc_count").proto.help  # its range


def test_every_labour_rule_has_help_in_both_languages() -> None:
    """The roster page draws a rule only when the configuration sets it; each one has help."""
    from forecaster.config import LabourConfig
    from forecaster.i18n import TEXT

    missing = [f for f in LabourConfig.model_fields if f"roster.help.{f}" not in TEXT]
    assert missing == []
