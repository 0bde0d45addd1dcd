"""The Streamlit app: AppTest of the data, forecast and capacity pages, the translation
table, and the real server `make run` starts. (Roster, scenarios, review and saved plans:
tests/test_app_roster.py and tests/test_app_pages.py.)"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import make_history, shown, to_csv_bytes

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    return at


def test_sample_page_renders_chart_and_quality_report(app: AppTest) -> None:
    assert not app.exception
    assert app.error == []
    charts = app.get("vega_lite_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    assert "interval_start" in spec and "phase" in spec  # history lines plus phase shading
    warnings = " ".join(w.value for w in app.warning)
    assert "suspected export outage" in warnings
    assert "exact duplicate" in warnings
    assert "missing interval" in warnings
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Interval"] == "15 min"
    assert metrics["Duplicate rows"] == "1"


def test_chinese_is_the_default_language() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {"行数", "时间粒度", "重复行"}
    assert at.title[0].value == "大促客服排班"


def test_every_label_the_app_uses_is_translated() -> None:
    """Every ``tr("…")``/``t("…")`` key in app.py and app_pages/ is in the table, in both
    languages, and no entry is empty."""
    import re

    from forecaster.i18n import TEXT

    root = Path(APP).parent
    sources = [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]
    used = set()
    for path in sources:
        used |= set(
            re.findall(r"\btr?\(\s*f?[\"']([a-z_]+\.[a-z_.]+)[\"']", path.read_text("utf-8"))
        )
    assert used, "no labels found"
    missing = sorted(k for k in used if k not in TEXT)
    assert missing == []
    assert all(zh and en for zh, en in TEXT.values())


@pytest.fixture(scope="module")
def planning() -> AppTest:
    """The app on the forecast page for two days around 11-11 (English labels)."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/forecast.py").run()
    # both days in one rerun: the window in between would be one more forecast
    at.date_input(key="fc_start_双11 2025").set_value(pd.Timestamp("2025-11-10").date())
    at.date_input(key="fc_end_双11 2025").set_value(pd.Timestamp("2025-11-11").date()).run()
    return at


def test_forecast_page_shows_band_over_last_year(planning: AppTest) -> None:
    assert not planning.exception and planning.error == []
    spec = json.loads(planning.get("vega_lite_chart")[0].proto.spec)
    assert "P10" in spec["title"] and "双11 2024" in spec["title"]
    assert planning.session_state["horizon"] == (
        pd.Timestamp("2025-11-10"),
        pd.Timestamp("2025-11-11"),
    )
    assert any("history before 2025-11-10 only (data up to 2025-11-09)" in c.value
               for c in planning.caption)  # fmt: skip
    # the quick-add form follows the window changed on this page (it kept 10-08 before)
    assert planning.text_input(key="adj_q_start").value == "2025-11-10 00:00"
    assert planning.text_input(key="adj_q_end").value == "2025-11-11 00:00"


def test_adjustment_applies_at_once_and_undo_restores(planning: AppTest) -> None:
    at = planning
    before = {m.label: m.value for m in at.metric}["Forecast inquiries"]
    at.text_input(key="adj_q_start").set_value("2025-11-11 00:00")
    at.text_input(key="adj_q_end").set_value("2025-11-12 00:00")
    at.number_input(key="adj_q_factor").set_value(1.5)
    at.text_input(key="adj_q_note").set_value("live stream")
    at.button[[b.label for b in at.button].index("Add adjustment")].click().run()
    assert not at.exception and at.error == []
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Forecast inquiries"] != before and metrics["Adjusted by"].startswith("+")
    (log,) = [d.value for d in at.dataframe if "rows_matched" in d.value.columns]
    assert log["note"].tolist() == ["live stream"] and log["status"].tolist() == ["applied"]
    at.button(key="adj_undo_button").click().run()
    assert {m.label: m.value for m in at.metric}["Forecast inquiries"] == before


def test_bad_adjustment_is_one_line_and_keeps_the_log(planning: AppTest) -> None:
    at = planning
    at.text_input(key="adj_q_start").set_value("2025-11-11 08:00")
    at.text_input(key="adj_q_end").set_value("2025-11-11 06:00")
    at.button[[b.label for b in at.button].index("Add adjustment")].click().run()
    assert not at.exception
    assert len(at.error) == 1 and "must be after start" in at.error[0].value
    assert "\n" not in at.error[0].value


def test_capacity_change_updates_the_requirement(planning: AppTest) -> None:
    at = planning
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception and at.error == []
    peak = int({m.label: m.value for m in at.metric}["Peak agents on chat"].replace(",", ""))
    at.number_input(key="cap_presale_bot_resolution").set_value(50.0).run()
    assert not at.exception
    after = int({m.label: m.value for m in at.metric}["Peak agents on chat"].replace(",", ""))
    assert after < peak
    assert at.session_state["overrides"]["presale.bot_resolution"] == 0.5
    at.number_input(key="cap_presale_bot_resolution").set_value(99.0).run()
    assert not at.exception  # the widget refuses it; the page stays up


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_make_run_serves_the_app() -> None:
    """`make run` runs `forecaster app`: the server must come up healthy and serve the page."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "forecaster", "app", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,  # its own process group: the streamlit child goes with it
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    health = r.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert health == "ok", proc.stdout.read().decode() if proc.poll() is not None else "timeout"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "<title>Streamlit</title>" in r.read().decode() or r.status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # a streamlit child SIGTERM left running
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _uploaded(history: bytes, name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="history_upload").upload(name, history).run()
    return at


def test_upload_of_a_chinese_gbk_export() -> None:
    frame = make_history(days=14)
    end = frame["interval_start"] + pd.Timedelta(minutes=15)
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "时段": frame["interval_start"].dt.strftime("%H:%M") + "-" + end.dt.strftime("%H:%M"),
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数": frame["inquiries"],
        }
    )
    at = _uploaded(export.to_csv(index=False).encode("gbk"), "店铺导出.csv")
    assert not at.exception and at.error == []
    assert {m.label: m.value for m in at.metric}["Rows"] == f"{len(frame):,}"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"] == "店铺导出.csv: inquiries per day"


def test_upload_of_a_bad_file_shows_the_cli_message() -> None:
    frame = make_history(days=3).astype({"inquiries": str})
    frame.loc[4, "inquiries"] = "-7"
    at = _uploaded(to_csv_bytes(frame), "bad.csv")
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "bad.csv row 6, column inquiries: must be a non-negative integer, got '-7'"
    ]
    assert at.get("vega_lite_chart") == []


def test_markdown_in_an_uploaded_cell_is_shown_as_text() -> None:
    """A cell like ``![x](http://…)`` in an error must not become an image the browser fetches
    (or a link): the app escapes Markdown in text from files."""
    frame = make_history(days=3).astype({"inquiries": str})
    frame.loc[4, "inquiries"] = "![x](http://198.51.100.7/t.png)"
    at = _uploaded(to_csv_bytes(frame), "evil.csv")
    (error,) = at.error
    assert r"\!\[x\]\(http\:" in error.value and "![x](" not in error.value
    assert "got '![x](http://198.51.100.7/t.png)'" in shown(error.value)


def test_an_hourly_export_is_planned_by_the_hour() -> None:
    """A 60-minute GBK export: forecast, capacity and roster follow the data's grid
    (the sample plan.toml says 15 minutes), and a grid finer than the data is one message."""
    frame = make_history(days=42, minutes=60)
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "小时": frame["interval_start"].dt.hour,
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数": frame["inquiries"],
        }
    )
    at = _uploaded(export.to_csv(index=False).encode("gbk"), "千牛按小时.csv")
    assert not at.exception and at.error == []
    at.switch_page("app_pages/forecast.py").run()
    at.date_input(key="fc_start_").set_value(pd.Timestamp("2025-04-14").date()).run()
    at.date_input(key="fc_end_").set_value(pd.Timestamp("2025-04-15").date()).run()
    assert not at.exception and at.error == []
    stamps = at.session_state["horizon"]
    assert stamps == (pd.Timestamp("2025-04-14"), pd.Timestamp("2025-04-15"))
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception and at.error == []
    at.switch_page("app_pages/roster.py").run()
    at.button(key="roster_solve").click().run()
    assert not at.exception and at.error == []
    _, plan = at.session_state["plan"]
    starts = pd.to_datetime(plan.roster.coverage["interval_start"]).drop_duplicates()
    assert (starts.diff().dropna() >= pd.Timedelta(minutes=60)).all()  # the hourly grid
    at.selectbox(key="interval").set_value(15).run()
    assert [shown(e.value) for e in at.error] == [
        "a 15-minute planning interval is finer than the data's 60 minutes: choose a multiple "
        "of 60 minutes or Automatic"
    ]


def test_a_shop_closed_at_weekends_is_not_staffed_there() -> None:
    """A history with no weekend rows (a B2B shop closed on Saturdays and Sundays): the
    capacity page staffs no one on the weekend although the config's service hours cover it,
    and says so in the reader's language; a queue the config lacks stops the page before
    any forecast, naming the config."""
    frame = make_history(days=56)  # 2025-03-03 (Mon) to 04-27
    weekdays = frame[frame["interval_start"].dt.day_of_week < 5]
    at = _uploaded(to_csv_bytes(weekdays), "b2b.csv")
    at.switch_page("app_pages/forecast.py").run()
    at.date_input(key="fc_start_").set_value(pd.Timestamp("2025-04-28").date()).run()
    at.date_input(key="fc_end_").set_value(pd.Timestamp("2025-05-04").date()).run()
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception and at.error == []
    notes = [shown(i.value) for i in at.info if "never served" in i.value]
    assert notes == [
        f"{queue}: {n} intervals ({n // 4} h) inside service hours are forecast at 0, slots the "
        f"queue never served, and are not staffed: 05-03 {opens}–24:00, 05-04 {opens}–24:00"
        for queue, n, opens in (("aftersale", 120, "09:00"), ("presale", 128, "08:00"))
    ]

    vip = make_history(days=56, queues=("presale", "vip"))
    at = _uploaded(to_csv_bytes(vip), "vip.csv")
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "plan.toml: vip.csv has queue 'vip' but the config has no [queues.vip] table "
        "(configured: presale, aftersale); add one (service hours, AHT, concurrency, service "
        "level) or drop the queue's rows"
    ]


def _phase_colours(spec: object) -> dict[str, str]:
    """Phase name -> colour of every phase scale in a Vega-Lite spec."""
    found: dict[str, str] = {}
    if isinstance(spec, dict):
        scale = spec.get("scale")
        if isinstance(scale, dict) and "range" in scale and spec.get("field") == "phase":
            found |= dict(zip(scale["domain"], scale["range"], strict=True))
        for value in spec.values():
            found |= _phase_colours(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= _phase_colours(value)
    return found


def test_a_phase_has_one_colour_on_every_chart_and_its_own_dates() -> None:
    """The data page and the forecast page colour a phase alike, and the forecast's shading
    gives the phase's own dates in its tooltip, not the window's edges."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    data = _phase_colours(json.loads(at.get("vega_lite_chart")[0].proto.spec))
    at.switch_page("app_pages/forecast.py").run()
    spec = at.get("vega_lite_chart")[0].proto.spec
    forecast = _phase_colours(json.loads(spec))
    shared = set(data) & set(forecast)
    assert shared and all(data[p] == forecast[p] for p in shared), (data, forecast)
    assert "phase_start" in spec and "phase_end" in spec


def test_settings_and_uploads_survive_a_language_round_trip() -> None:
    """A selectbox sends back the label it showed, which the other language's labels do not
    match (Streamlit then hands back the label itself: holidays = "按配置文件 …", and the
    forecast's event "自定义日期" crashed the page). After 中文 → English → 中文 every choice
    is the one made, and the uploaded history is still the one in use, also after a look
    at the sample."""
    frame = make_history(days=42)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="history_upload").upload("own.csv", to_csv_bytes(frame)).run()
    at.selectbox(key="holidays").set_value("none").run()
    at.switch_page("app_pages/forecast.py").run()
    at.selectbox(key="fc_event").set_value("").run()  # 自定义日期, custom dates
    assert not at.exception and at.error == []
    shown_as = {"zh": ("无节假日", "自定义日期"), "en": ("No holidays", "Custom dates")}
    for language in ("en", "zh"):
        # what the browser sends back on the switch: the labels it showed
        other = shown_as["zh" if language == "en" else "en"]
        at.session_state["holidays"], at.session_state["fc_event"] = other
        at.selectbox(key="lang").set_value(language).run()
        assert not at.exception and at.error == [], language
        assert at.session_state["holidays"] == "none"
        assert at.session_state["fc_event"] == ""
        assert at.session_state["source"] == "upload"
    at.radio(key="source").set_value("sample").run()
    at.radio(key="source").set_value("upload").run()
    assert (
        not at.exception
        and at.error == []
        and at.info == []
        or all("own.csv" not in i.value for i in at.info)
    )
    assert any("own.csv" in c.value for c in at.caption)  # the kept file is named


def test_a_queue_setting_of_the_sample_does_not_break_a_shop_without_that_queue() -> None:
    """The planner looks at the sample's capacity page (its 售后 AHT changed), then uploads
    a shop with queues presale and vip and a config for them: every page works, and the
    sample's aftersale setting waits unused (it said "unknown key 'aftersale.aht_seconds'"
    on every page, with no way out but a reload)."""
    text = (Path(__file__).resolve().parents[1] / "data" / "plan.toml").read_text("utf-8")
    own = text.replace("aftersale", "vip").replace("售后", "VIP")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception and at.error == []
    at.session_state["overrides"] = {
        **(at.session_state["overrides"] or {}), "aftersale.aht_seconds": 300
    }  # fmt: skip
    at.radio(key="source").set_value("upload").run()
    vip = make_history(days=56, queues=("presale", "vip"))
    at.file_uploader(key="history_upload").upload("vip.csv", to_csv_bytes(vip)).run()
    at.file_uploader(key="config_upload").upload("own.toml", own.encode("utf-8")).run()
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception
    assert at.error == []
    assert "vip" in [common_queue for common_queue in at.session_state["_names"]]


def test_a_kept_upload_is_used_where_it_is_shown_as_loaded() -> None:
    """The fleet page's zip, uploaded, then another page, then back: the uploader is drawn
    again empty and says the zip is loaded; the page must use it too (it said "loaded" and
    asked for an upload in the same breath)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("shopA/history.csv", "interval_start,queue,inquiries\n")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/fleet.py").run()
    at.file_uploader(key="fleet_zip_upload").upload("shops.zip", buf.getvalue()).run()
    at.switch_page("app_pages/data.py").run()
    at.switch_page("app_pages/fleet.py").run()
    assert [c.value for c in at.caption if "shops.zip" in c.value]
    assert not [i.value for i in at.info if "Upload a zip" in i.value]
