"""The Streamlit app: headless AppTest of the page, and the real server `make run` starts."""

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

from tests.conftest import make_history, to_csv_bytes

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
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


def test_zooming_into_a_campaign_shows_intervals(app: AppTest) -> None:
    app.selectbox(key="zoom").select("双11 2024").run()
    assert not app.exception
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"] == "双11 2024: inquiries per 15 min, phases shaded"


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
    at.run()
    at.radio(key="source").set_value("Upload my files").run()
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
    assert spec["title"] == "店铺导出.csv: daily inquiries"


def test_upload_of_a_bad_file_shows_the_cli_message() -> None:
    frame = make_history(days=3).astype({"inquiries": str})
    frame.loc[4, "inquiries"] = "-7"
    at = _uploaded(to_csv_bytes(frame), "bad.csv")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "bad.csv row 6, column inquiries: must be a non-negative integer, got '-7'"
    ]
    assert at.get("vega_lite_chart") == []
