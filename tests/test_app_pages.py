"""AppTest of the scenarios, review and saved plans pages, and the download builders they use.

Every test opens the app (data page), then switches to the page under test, with the plan
store in a temporary SQLite file (``FORECASTER_DB``). The review and plans pages work on the
session's small real plan (2025-11-10..11, ``tests/conftest.py``); the scenarios test plans
two scenarios of one day with a short roster time limit.
"""

from __future__ import annotations

import io
import json
import re
import string
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from app_pages import common
from app_pages.plans import LIST_COLUMNS
from forecaster.errors import InputDataError
from forecaster.i18n import TEXT, t
from forecaster.messages import render, share
from forecaster.review import REVIEW_FILES, ReviewResult, review_plan
from forecaster.scenarios import COMPARISON_COLUMNS
from forecaster.store import PlanStore
from forecaster.validation import read_history
from tests.conftest import make_history, shown, to_csv_bytes

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PLAN_NAME = "双11 两天"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/plans.db"
    monkeypatch.setenv("FORECASTER_DB", url)
    return url


@pytest.fixture
def saved_plan(db_url: str, small_plan: object) -> int:
    """The small plan saved into the test's store; its id."""
    with PlanStore(db_url) as store:
        return store.save(small_plan, name=PLAN_NAME, note="approved by test")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sample_review(small_plan: object, sample_inputs: tuple[object, object, object]) -> ReviewResult:
    """The small plan reviewed against the sample history, as the review page does it."""
    history = sample_inputs[0]
    return review_plan(small_plan, history, replications=5)  # type: ignore[arg-type]


def open_page(page: str, **state: object) -> AppTest:
    """The app run once (data page), then switched to ``app_pages/<page>.py``."""
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def zh(key: str, **fields: object) -> str:
    return t(key, "zh", **fields)


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def chart_rows(at: AppTest, index: int) -> pd.DataFrame:
    """Every dataset of chart ``index`` (Streamlit ships them as Arrow, not in the spec)."""
    chart = at.get("vega_lite_chart")[index]
    frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- scenarios


@pytest.mark.slow
def test_scenarios_run_compare_and_save(db_url: str) -> None:
    day = pd.Timestamp("2025-11-11")
    at = open_page("scenarios", horizon=(day, day))
    assert at.error == []
    assert at.number_input(key="sc_count").value == 4
    assert [at.selectbox(key=f"sc_bot_{i}").value for i in range(4)] == [0, 30, 50, 70]
    assert [i.value for i in at.info] == [zh("scenarios.none_yet")]

    at.number_input(key="sc_count").set_value(2).run()
    at.selectbox(key="sc_bot_1").set_value(50).run()  # a parameter change re-renders
    assert not at.exception
    with pytest.raises(KeyError):  # two rows left
        at.selectbox(key="sc_bot_2")

    at.text_input(key="sc_name_0").input("甲").run()
    at.text_input(key="sc_name_1").input("甲").run()
    assert [e.value for e in at.error] == [zh("scenarios.duplicate", name="甲")]
    assert at.button(key="sc_run").disabled

    at.text_input(key="sc_name_1").input("").run()  # automatic name from the settings
    at.toggle(key="sc_per_queue").set_value(True).run()
    at.selectbox(key="sc_conc_0_presale").set_value(4).run()
    at.number_input(key="sc_time_limit").set_value(10.0).run()
    assert at.error == [] and not at.button(key="sc_run").disabled
    at.button(key="sc_run").click().run()
    assert not at.exception
    assert at.error == [], [e.value for e in at.error]

    comparison = at.session_state["comparison"]
    table = comparison.table
    assert list(table.columns) == list(COMPARISON_COLUMNS)
    assert list(table["scenario"]) == ["甲", "机器人 50%"]
    assert list(table["overrides"]) == [
        "bot_resolution=0, presale.max_concurrency=4",
        "bot_resolution=0.5",
    ]
    assert (table["error"] == "").all()
    shown = at.dataframe[0].value
    assert list(shown["scenario"]) == ["甲", "机器人 50%"]
    (spec,) = chart_specs(at)
    marks = {layer["mark"]["type"] for layer in spec["layer"]}
    assert marks == {"point", "text"}
    points = chart_rows(at, 0).set_index("scenario")
    assert sorted(points.index) == sorted(["甲", "机器人 50%"])
    assert points.loc["甲", "labour_cost"] == pytest.approx(table["labour_cost"].iloc[0])
    assert at.status[0].label == zh("scenarios.done", count=2, seconds=f"{comparison.seconds:.0f}")

    at.selectbox(key="sc_save_choice").set_value("机器人 50%")
    at.text_input(key="sc_save_name").input("采用: 机器人 50%")
    at.button(key="sc_save").click().run()
    assert not at.exception and at.error == []
    with PlanStore(db_url) as store:
        plans = store.list()
        assert list(plans["name"]) == ["采用: 机器人 50%"]
        saved = store.load(int(plans["id"].iloc[0]))
    assert [s.value for s in at.success] == [
        zh("scenarios.saved", id=saved.id, name="采用: 机器人 50%")
    ]
    assert saved.result.config.queues["presale"].bot_resolution == 0.5
    assert saved.result.config.solver.time_limit_seconds == 10.0
    assert saved.result.summary["labour_cost"] == table["labour_cost"].iloc[1]


# --------------------------------------------------------------------------- uploads


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_file_uploaders_words_follow_the_page_language(language: str) -> None:
    """Streamlit writes its uploader's button ("Upload") and size line ("50MB per file") in
    English on every page; in Chinese a style rule on each uploader's key shows ours in their
    place (the browser test reads what Chromium draws), in English Streamlit's stand."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = language
    at.session_state["source"] = "upload"
    at.run()
    assert not at.exception
    keys = [u.proto.id.rsplit("-", 1)[-1] for u in at.get("file_uploader")]
    assert keys == ["history_upload", "calendar_upload", "config_upload", "agents_upload"]
    styles = [h.proto.body for h in at.get("html")]
    if language == "en":
        assert styles == []
        return
    assert len(styles) == len(keys)
    for key, style, types in zip(
        keys, styles, ["CSV, GZ, XLSX, XLS, TXT, TSV", "CSV, XLSX, XLS", "TOML", "CSV"], strict=True
    ):
        assert style.startswith("<style>") and f".st-key-{key} " in style
        assert f'content: "{zh("upload.button")}"' in style
        assert f'content: "{zh("upload.limit", mb=50, types=types)}"' in style


# --------------------------------------------------------------------------- review


def test_review_with_the_sample_history_as_actuals(
    saved_plan: int, sample_review: ReviewResult
) -> None:
    at = open_page("review")
    assert at.error == []
    assert at.selectbox(key="rv_plan").value == saved_plan
    assert [i.value for i in at.info] == [zh("review.upload_first")]
    at.checkbox(key="rv_use_sample").check().run()
    assert not at.exception and at.error == []

    s = sample_review.summary
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[zh("review.wape")] == f"{s['wape']:.1%}"
    assert metrics[zh("review.bias")] == f"{s['bias']:+.1%}"
    assert metrics[zh("review.coverage")] == f"{s['band_coverage_p10_p90']:.1%}"
    assert metrics[zh("review.sl")] == share(s["simulated_service_level"])  # never 100 % if < 1
    assert metrics[zh("review.under")] == f"{s['under_served_intervals']:,}"
    assert metrics[zh("review.over_cost")] == f"{s['over_staffed_cost']:,.0f}"

    forecast, staffing = chart_specs(at)
    queue = at.radio(key="rv_queue").value
    shown = {"presale": "售前", "aftersale": "售后"}  # display_name in the sample's plan.toml
    assert forecast["title"] == zh("review.forecast_chart", queue=shown[queue])
    assert staffing["title"] == zh("review.staffing_chart", queue=shown[queue])
    under = sample_review.under_served
    rows = chart_rows(at, 1)
    red = rows[rows["series"] == zh("review.series.under")]
    assert len(red) == int((under["queue"] == queue).sum())
    assert [len(d.value) for d in at.dataframe] == [
        len(sample_review.daily),
        len(sample_review.hourly),
        len(under),
        len(sample_review.over_staffed),
    ]

    # the tables' headers read in Chinese, shares as percentages (ReviewResult keeps names)
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["abs_pct_error"]["label"] == "绝对百分比误差"
    assert config["wape"]["type_config"]["format"] == "percent"
    assert config["actual"]["label"] == "实际咨询量"
    under_table = at.dataframe[2].value
    assert set(under_table["reason"]) <= {"实际高于计划", "排班低于计划"}

    other = next(q for q in shown if q != queue)
    at.radio(key="rv_queue").set_value(other).run()  # a parameter change re-renders
    assert not at.exception
    assert chart_specs(at)[0]["title"] == zh("review.forecast_chart", queue=shown[other])


def test_review_of_a_bad_upload_shows_the_cli_message(saved_plan: int) -> None:
    frame = make_history(days=2, start="2025-11-10").astype({"inquiries": str})
    frame.loc[3, "inquiries"] = "-5"
    data = to_csv_bytes(frame)
    with pytest.raises(InputDataError) as caught:
        read_history(data, name="actuals.csv")
    message = str(caught.value)
    assert "\n" not in message and "-5" in message

    at = open_page("review")
    at.file_uploader(key="rv_actuals").upload("actuals.csv", data, "text/csv").run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [caught.value.one_line("zh")]  # the CLI's
    assert "第 5 行" in at.error[0].value and "实际为 '-5'" in shown(at.error[0].value)
    assert at.metric == [] and at.get("vega_lite_chart") == []


# --------------------------------------------------------------------------- saved plans


def test_plans_list_open_and_delete(saved_plan: int, db_url: str, small_plan: object) -> None:
    with PlanStore(db_url) as store:
        second = store.save(small_plan, name="第二个")  # type: ignore[arg-type]
    at = open_page("plans")
    assert at.error == []
    listed = at.dataframe[0].value
    assert list(listed["id"]) == [saved_plan, second]
    captions = " ".join(c.value for c in at.caption)
    assert "方案库: 共 2 个方案" in captions
    assert "sqlite" not in captions and "plans.db" not in captions  # no paths for planners
    assert list(listed["name"]) == [PLAN_NAME, "第二个"]
    assert listed["horizon"].iloc[0] == "2025-11-10 – 2025-11-11"

    assert at.selectbox(key="pl_choice").value == second  # newest first
    at.selectbox(key="pl_choice").set_value(saved_plan).run()
    assert not at.exception
    s = small_plan.summary  # type: ignore[attr-defined]
    assert at.subheader[0].value.startswith(f"方案 #{saved_plan} “{PLAN_NAME}”")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[zh("plans.cost")] == f"{s['labour_cost']:,.0f}"
    assert metrics[zh("plans.sl")] == share(s["simulated_service_level"])
    assert metrics[zh("plans.paid_hours")] == f"{s['paid_hours']:,.0f}"
    names = small_plan.config.display_names()  # type: ignore[attr-defined]
    assert [shown(w.value) for w in at.warning] == [
        render(m, "zh", names) for m in s.get("messages", [])
    ]
    # read back from the store, in Chinese (a staffing note; a shortfall's note if any; the
    # queues' notes on customers outside service hours and on caps, by display name)
    starts = ("定编", "缺 ", "售前: ", "售后: ")
    assert at.warning and all(shown(w.value).startswith(starts) for w in at.warning), [
        shown(w.value)[:20] for w in at.warning
    ]
    fingerprints = at.dataframe[1].value
    inputs = small_plan.inputs  # type: ignore[attr-defined]
    assert list(fingerprints["input"]) == [zh(f"plans.input.{name}") for name in inputs]
    assert list(fingerprints["sha256"]) == [v["sha256"] for v in inputs.values()]

    assert [b.proto.label for b in at.get("download_button")] == [zh("plans.download_list")]
    at.button(key="pl_prepare").click().run()
    assert not at.exception and at.error == []
    labels = [b.proto.label for b in at.get("download_button")]
    for name in ("shifts.csv", "roster.xlsx", "report.html", "config.json"):
        assert zh("plans.download", file=name) in labels

    assert at.button(key="pl_delete").disabled
    at.checkbox(key="pl_confirm").check().run()
    at.button(key="pl_delete").click().run()
    assert not at.exception
    assert [x.value for x in at.success] == [zh("plans.deleted", id=saved_plan)]
    assert list(at.dataframe[0].value["id"]) == [second]
    assert at.checkbox(key="pl_confirm").value is False
    with PlanStore(db_url) as store:
        assert list(store.list()["id"]) == [second]


def test_plans_page_of_an_empty_store(db_url: str) -> None:
    at = open_page("plans")
    assert at.error == []
    assert [i.value for i in at.info] == [zh("plans.none")]


def test_english_labels_on_all_three_pages(saved_plan: int) -> None:
    at = open_page("plans", lang="en")
    assert at.title[0].value == "Campaign staffing planner"
    labels = {m.label for m in at.metric}
    assert {"Labour cost (CNY)", "Simulated service level", "Paid hours"} <= labels
    assert at.checkbox(key="pl_confirm").label.startswith(f"Yes, delete plan #{saved_plan}")
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    assert at.checkbox(key="rv_use_sample").label == t("review.use_sample", "en")
    assert [i.value for i in at.info] == ["Upload the actual inquiries of the plan's horizon."]
    at.switch_page("app_pages/scenarios.py").run()
    assert not at.exception
    assert at.button(key="sc_run").label == "Run the comparison"
    assert at.text_input(key="sc_name_0").label == t("scenarios.name", "en")


# --------------------------------------------------------------------------- files


def test_csv_bytes_are_excel_ready_and_neutralised() -> None:
    frame = pd.DataFrame(
        {
            "interval_start": pd.to_datetime(["2025-11-11 00:15"]),
            "queue": ["=HYPERLINK(1)"],
            "value": [0.123456],
        }
    )
    data = common.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "interval_start,queue,value",
        "2025-11-11 00:15:00,'=HYPERLINK(1),0.1235",
    ]


def test_plan_and_review_files(saved_plan: int, db_url: str, sample_review: ReviewResult) -> None:
    with PlanStore(db_url) as store:
        files = common.plan_files(store, saved_plan, "en")
    for name in ("forecast.csv", "shifts.csv", "roster.xlsx", "report.html", "config.json"):
        assert files[name]
    archive = zipfile.ZipFile(io.BytesIO(common.zip_bytes(files)))
    assert sorted(archive.namelist()) == sorted(files)
    assert archive.read("shifts.csv") == files["shifts.csv"]

    review = common.review_files(sample_review)
    assert list(review) == list(REVIEW_FILES)
    summary = json.loads(review["review_summary.json"])
    assert summary["wape"] == sample_review.summary["wape"]


# --------------------------------------------------------------------------- labels


def test_every_label_of_the_three_pages_is_translated() -> None:
    """Literal ``tr("key")`` keys and the column keys built in loops exist in both languages
    with the same format fields."""
    keys: set[str] = set()
    for page in ("scenarios", "review", "plans"):
        source = (ROOT / "app_pages" / f"{page}.py").read_text(encoding="utf-8")
        keys |= set(re.findall(r"tr\(\s*\"([\w.]+)\"", source))
    keys |= {f"scenarios.col.{c}" for c in COMPARISON_COLUMNS}
    keys |= {f"review.table.{n}" for n in ("daily", "hourly", "under_served", "over_staffed")}
    keys |= {f"plans.input_col.{c}" for c in ("input", "source", "sha256", "current")}
    keys |= {f"plans.col.{c}" for c in LIST_COLUMNS}
    assert len(keys) > 100
    missing = sorted(k for k in keys if k not in TEXT)
    assert missing == []
    for key in keys:
        zh_text, en_text = TEXT[key]
        assert zh_text and en_text, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(x) if f} for x in TEXT[key]]
        assert fields[0] == fields[1], key


def signed_in(page: str, email: str | None) -> AppTest:
    """The app with Streamlit's sign-in configured (``[auth]``), as ``email`` (``None``: not
    signed in), switched to ``page``."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32}  # fmt: skip
    at.user = {"is_logged_in": email is not None, **({"email": email} if email else {})}
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_with_sign_in_only_who_saved_a_plan_deletes_it(db_url: str, small_plan: object) -> None:
    with PlanStore(db_url) as store:
        plan_id = store.save(small_plan, name="王芳的方案", actor="wangfang@shop.cn")  # type: ignore[arg-type]
    at = signed_in("plans", "lilei@shop.cn")
    assert zh("app.signed_in", user="lilei@shop.cn") in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button] == [zh("app.sign_out")]
    assert list(at.dataframe[0].value["owner"]) == ["wangfang@shop.cn"]
    assert zh("plans.not_yours", owner="wangfang@shop.cn") in [c.value for c in at.caption]
    assert at.button(key="pl_delete").disabled and at.checkbox(key="pl_confirm").disabled

    at = signed_in("plans", "wangfang@shop.cn")
    at.checkbox(key="pl_confirm").check().run()
    at.button(key="pl_delete").click().run()
    assert [x.value for x in at.success] == [zh("plans.deleted", id=plan_id)]
    with PlanStore(db_url) as store:
        assert list(store.audit()["actor"]) == ["wangfang@shop.cn", "wangfang@shop.cn"]

    at = signed_in("plans", None)
    assert [b.label for b in at.sidebar.button] == [zh("app.sign_in")]


def test_without_sign_in_configured_the_sidebar_has_no_account(db_url: str) -> None:
    at = open_page("plans")
    assert at.error == [] and not [b for b in at.sidebar.button if "登录" in b.label]


def test_a_heat_typed_into_one_row_is_the_campaigns() -> None:
    """The calendar table shows a campaign's heat on each of its rows; changing one cell
    sets it for the campaign (it said "must be one value per campaign" until every row was
    typed, in half English: the edited file's name held a space the Chinese rendering split
    on). Two changed cells that disagree are left for the one-line error."""
    from app_pages.data import one_heat_per_event
    from forecaster.messages import render

    starts = pd.to_datetime(
        ["2025-10-20", "2025-10-31", "2025-11-11", "2025-05-13", "2025-06-18"]
        + ["2024-10-20", "2024-11-11"]
    )
    shown = pd.DataFrame(
        {
            "event": ["双11 2025"] * 3 + ["618 2025"] * 2 + ["双11 2024"] * 2,
            "start": starts,
            "end": starts + pd.Timedelta(hours=23),
            "heat": ["1.1", "1.1", "1.1", "", "", "0.9", "0.9"],
        }
    )
    edited = shown.copy()
    edited.loc[1, "heat"] = "1.3"
    past = ["0.9", "0.9"]
    assert one_heat_per_event(edited, shown)["heat"].tolist() == ["1.3"] * 3 + ["", ""] + past
    edited.loc[3, "heat"] = "0.9"  # 618 gets one too, typed once
    assert one_heat_per_event(edited, shown)["heat"].tolist() == ["1.3"] * 3 + ["0.9"] * 2 + past
    edited.loc[2, "heat"] = "1.5"  # two different values typed into one campaign: an error
    assert one_heat_per_event(edited, shown)["heat"].tolist()[:3] == ["1.1", "1.3", "1.5"]
    # one name reused over years is one campaign a year: 2025's heat leaves 2024's alone
    reused = shown.assign(event="双11").iloc[[0, 1, 2, 5, 6]]
    typed = reused.copy()
    typed.loc[1, "heat"] = "1.5"
    assert one_heat_per_event(typed, reused)["heat"].tolist() == ["1.5"] * 3 + past
    line = (
        "cal.csv（已编辑） rows 2, 3, 4, column heat: must be one value per campaign (or "
        "blank), got '1.3'"
    )
    assert (
        render(line, "zh")
        == "cal.csv（已编辑） 第 2, 3, 4 行, “heat” 列: 每个活动只能填一个值 (或留空), 实际为 '1.3'"
    )
