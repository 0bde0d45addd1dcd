"""``forecaster fleet``: many shops on Dask, one task chain per shop (issue 16).

Shops are six weeks of the bundled sample's presale queue (about 1 s of forecasting each),
scaled per shop, planned for one day. One module-wide ``LocalCluster`` of two one-thread
worker processes serves the library tests; the CLI test starts its own, and one test starts
a real ``dask scheduler`` and two ``dask worker`` processes and kills one mid-run.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from forecaster import fleet
from forecaster.cli import main
from forecaster.fleet import (
    ERROR_FILE,
    RECORD_FILE,
    STAGE_FILES,
    SUMMARY_COLUMNS,
    ShopTask,
    discover_shops,
    event_window,
    fleet_defaults,
    fleet_report_html,
    last_year_inquiries,
    merge_config,
    rank_by_risk,
    run_fleet,
    run_shop,
    summary_frame,
    write_summary,
)
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import read_calendar

BIN = Path(sys.executable).parent
DAY = ("2025-10-13", "2025-10-13")
"""The horizon: one ordinary Monday after the shops' history ends."""


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    """Six weeks (2025-09-01 to 10-12) of the sample shop's presale queue."""
    full = pd.read_csv(SAMPLE_HISTORY)
    keep = full["interval_start"].between("2025-09-01", "2025-10-12 23:59") & (
        full["queue"] == "presale"
    )
    return full[keep].reset_index(drop=True)


def write_shop(root: Path, name: str, history: pd.DataFrame, scale: float = 1.0) -> Path:
    """A shop folder whose history is the sample's scaled by ``scale``."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    counts = ("inquiries", "human_inquiries")
    scaled = history.assign(**{c: (history[c] * scale).round().astype(int) for c in counts})
    scaled.to_csv(folder / "history.csv", index=False)
    return folder


def make_fleet(root: Path, history: pd.DataFrame, n: int) -> Path:
    """``n`` shops ``s00``… sharing the sample calendar at the top of the shops folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "calendar.csv").write_bytes(SAMPLE_CALENDAR.read_bytes())
    for i in range(n):
        write_shop(root, f"s{i:02d}", history, 0.6 + 0.2 * i)
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A LocalCluster of two one-thread worker processes, shared by the library tests."""
    import logging

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as c,
    ):
        yield c


def read_summary(out: Path) -> pd.DataFrame:
    raw = (out / "fleet_summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as every output CSV
    return pd.read_csv(out / "fleet_summary.csv", encoding="utf-8-sig", keep_default_na=False)


# --------------------------------------------------------------------------- pieces


def test_merge_config_overrides_key_by_key_and_replaces_lists() -> None:
    defaults = {
        "interval_minutes": 15,
        "queues": {"presale": {"aht_seconds": 300, "shrinkage": 0.3}},
        "shifts": [{"name": "早班"}, {"name": "晚班"}],
    }
    shop = {"queues": {"presale": {"shrinkage": 0.25}}, "shifts": [{"name": "全天"}]}
    merged = merge_config(defaults, shop)
    assert merged["queues"]["presale"] == {"aht_seconds": 300, "shrinkage": 0.25}
    assert merged["shifts"] == [{"name": "全天"}]
    assert merged["interval_minutes"] == 15
    assert defaults["queues"]["presale"]["shrinkage"] == 0.3  # inputs unchanged


def test_a_manifest_names_shops_and_paths_relative_to_it(
    tmp_path: Path, history: pd.DataFrame
) -> None:
    write_shop(tmp_path / "data", "a", history)
    (tmp_path / "cfg.toml").write_text("[solver]\ntime_limit_seconds = 5\n", encoding="utf-8")
    (tmp_path / "shops.csv").write_text(
        "shop,history,calendar,config\n旗舰店,data/a/history.csv,,cfg.toml\nb,,,\n",
        encoding="utf-8",
    )
    shops = discover_shops(tmp_path)
    assert [s.name for s in shops] == ["旗舰店", "b"]
    assert shops[0].history == str((tmp_path / "data/a/history.csv").resolve())
    assert shops[0].labels["config"] == "cfg.toml" and shops[0].problem is None
    assert "shops.csv row 3" in str(shops[1].problem)
    (tmp_path / "shops.csv").write_text("shop,history\n../x,a.csv\n", encoding="utf-8")
    with pytest.raises(fleet.InputDataError, match="row 2: shop name '../x'"):
        discover_shops(tmp_path / "shops.csv")


def test_an_event_window_runs_from_a_week_before_its_first_phase_to_its_last() -> None:
    calendar = read_calendar(SAMPLE_CALENDAR)
    start, end = event_window(calendar, "双11 2025")
    assert (start, end) == (pd.Timestamp("2025-10-08"), pd.Timestamp("2025-11-21"))
    with pytest.raises(fleet.InputDataError, match="event '双12 2025' is not in the calendar"):
        event_window(calendar, "双12 2025")


def test_last_year_is_the_same_window_52_weeks_earlier_where_the_history_covers_it() -> None:
    stamps = pd.date_range("2024-01-01", "2025-01-31 23:00", freq="h")
    frame = pd.DataFrame({"interval_start": stamps, "inquiries": stamps.day_of_week + 1})
    first, last = pd.Timestamp("2024-12-30"), pd.Timestamp("2024-12-31 23:00")  # Mon, Tue
    assert last_year_inquiries(frame, first, last) == 24 * (1 + 2)  # 2024-01-01 Mon, 01-02 Tue
    week = last_year_inquiries(frame, pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-12 23:00"))
    assert week == 24 * sum(range(1, 8))
    assert last_year_inquiries(frame, first - pd.Timedelta(days=1), last) is None  # 2023-12-31
    assert last_year_inquiries(frame.iloc[30:], first, last) is None  # the history starts late


def test_a_shop_without_the_event_fails_naming_its_calendar(
    tmp_path: Path, history: pd.DataFrame
) -> None:
    folder = write_shop(tmp_path / "shops", "a", history)
    (folder / "calendar.csv").write_text(
        "event,phase,start,end\n618 2025,peak_day,2025-06-18,2025-06-18\n", encoding="utf-8"
    )
    (shop,) = discover_shops(tmp_path / "shops")
    defaults, label, _ = fleet_defaults(None)
    task = ShopTask(
        shop=shop,
        defaults=defaults,
        defaults_label=label,
        stage="staff",
        out_root=str(tmp_path / "out"),
        fingerprint="f",
        event="双11 2025",
    )
    row = run_shop(task)
    assert row["status"] == "failed" and row["stage"] == "validate"
    assert row["reason"].startswith("a/calendar.csv: event '双11 2025' is not in the calendar")
    assert (
        (tmp_path / "out" / "a" / ERROR_FILE)
        .read_text(encoding="utf-8")
        .startswith("a/calendar.csv")
    )


def test_the_summary_is_safe_for_spreadsheets_and_the_report_escapes_names(
    tmp_path: Path,
) -> None:
    rows = [
        {"shop": "<b>x</b>", "status": "ok", "stage": "plan", "simulated_sl": 0.91,
         "sl_target": 0.8, "shortfall_hours": 0.0, "inquiries": 100, "resumed": False},
        {"shop": "low", "status": "ok", "stage": "plan", "simulated_sl": 0.7, "sl_target": 0.8,
         "shortfall_hours": 5.0, "inquiries": 200, "change_vs_last_year": 0.5},
        {"shop": "=cmd|' /C calc'!A0", "status": "failed", "stage": "validate",
         "reason": "=HYPERLINK(\"http://x\") <script>alert(1)</script>"},
    ]  # fmt: skip
    summary = summary_frame(rows)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert list(rank_by_risk(summary)["shop"]) == ["low", "<b>x</b>"]  # furthest below first
    write_summary(summary, tmp_path / "fleet_summary.csv")
    text = (tmp_path / "fleet_summary.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and "'=HYPERLINK" in text
    assert ",,,,," in text  # stages not run are empty cells, not 0 or NaN
    page = fleet_report_html(summary, stage="plan", language="en")
    assert "<script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert page.index("Failed shops") < page.index("Shops ranked by risk")
    assert page.index(">low") < page.index("&lt;b&gt;x")
    zh = fleet_report_html(summary, stage="plan", language="zh")
    assert "多店铺排班总览" in zh and "失败的店铺" in zh and "<html lang='zh'>" in zh


# --------------------------------------------------------------------------- fleets


def test_cli_fleet_of_four_shops_on_a_local_cluster(
    tmp_path: Path, history: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    shops = make_fleet(tmp_path / "shops", history, 4)
    # the last shop exports by the hour: planned on its own grid, as `forecaster plan` does
    hourly = pd.read_csv(shops / "s03" / "history.csv", parse_dates=["interval_start"])
    hour = hourly.pop("interval_start").dt.floor("h")
    hourly = hourly.groupby([hour, "queue"]).sum()
    hourly.reset_index().to_csv(shops / "s03" / "history.csv", index=False)
    out = tmp_path / "out"
    args = ["fleet", "--shops", str(shops), "--start", DAY[0], "--end", DAY[1]]
    assert main([*args, "--stage", "staff", "--workers", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""  # dask's own logging stays off stderr
    assert "on 2 local worker processes" in printed.out and "[4/4] ok 4" in printed.out
    summary = read_summary(out)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert list(summary["shop"]) == ["s00", "s01", "s02", "s03"]
    assert set(summary["status"]) == {"ok"} and set(summary["stage"]) == {"staff"}
    assert (summary["reason"] == "").all() and (summary["paid_hours"] == "").all()
    assert summary["inquiries"].is_monotonic_increasing  # the shops are scaled 0.6, 0.8, …
    assert (summary["peak_agents"] > 0).all()
    assert list(summary["interval_minutes"]) == [15, 15, 15, 60]
    for shop in summary["shop"]:
        for name in (*STAGE_FILES["staff"], RECORD_FILE):
            assert (out / "shops" / shop / name).is_file()
        forecast = pd.read_csv(out / "shops" / shop / "forecast.csv")
        assert forecast["interval_start"].iloc[0] == "2025-10-13 00:00:00"
    assert not [p for p in (out / "shops").iterdir() if p.name.startswith(".")]
    page = (out / "fleet_report.html").read_text(encoding="utf-8")
    assert "Shops ranked by risk" in page  # FORECASTER_LANG=en here; Chinese without it
    assert "<th>Grid (min)</th>" in page  # one shop was planned by the hour


def test_corrupt_shops_fail_alone_naming_their_file(
    tmp_path: Path, history: pd.DataFrame, client: object
) -> None:
    shops = tmp_path / "shops"
    write_shop(shops, "good", history)
    bad = write_shop(shops, "garbage", history)
    lines = (bad / "history.csv").read_text(encoding="utf-8").splitlines()
    lines[41] = "2025-09-01 10:00:00,presale,12 chats!,3"
    (bad / "history.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (shops / "missing").mkdir()
    (shops / "missing" / "plan.toml").write_text("[solver]\ntime_limit_seconds = 3\n")
    xlsx = shops / "workbook"
    xlsx.mkdir()
    (xlsx / "history.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    typo = write_shop(shops, "typo", history)
    (typo / "plan.toml").write_text("[queues.presale]\nshrinkge = 0.3\n", encoding="utf-8")
    out = tmp_path / "out"
    lines_seen: list[str] = []
    result = run_fleet(
        shops,
        out,
        start=DAY[0],
        end=DAY[1],
        stage="plan",
        replications=1,
        time_limit_seconds=3,
        language="en",
        client=client,  # type: ignore[arg-type]
        progress=lines_seen.append,
    )
    rows = result.summary.set_index("shop")
    assert list(rows.index) == ["garbage", "good", "missing", "typo", "workbook"]
    assert rows.loc["good", "status"] == "ok" and rows.loc["good", "stage"] == "plan"
    assert rows.loc["good", "paid_hours"] > 0 and 0 <= rows.loc["good", "simulated_sl"] <= 1
    reasons = rows["reason"]
    assert reasons["garbage"] == (
        "garbage/history.csv row 42, column inquiries: must be a non-negative integer, "
        "got '12 chats!'"
    )
    assert reasons["missing"].startswith("missing/history.csv: no history file")
    assert reasons["workbook"].startswith("workbook/history.xlsx: cannot read the Excel workbook")
    assert reasons["typo"].startswith("typo/plan.toml: unknown key 'queues.presale.shrinkge'")
    assert (rows.drop(index="good")["status"] == "failed").all()
    assert all("\n" not in r for r in reasons.dropna())
    good = out / "shops" / "good"
    assert all((good / name).is_file() for name in STAGE_FILES["plan"])
    assert sorted(p.name for p in (out / "shops" / "garbage").iterdir()) == [
        ERROR_FILE,
        RECORD_FILE,
    ]
    page = (out / "fleet_report.html").read_text(encoding="utf-8")
    assert page.index("garbage/history.csv row 42") < page.index("Shops ranked by risk")
    assert "shops/good/report.html" in page
    assert any("garbage failed: garbage/history.csv row 42" in line for line in lines_seen)
    # the worst interval's queue by its name in the shop's config; the CSV keeps the key
    shown = {"presale": "售前", "aftersale": "售后"}[rows.loc["good", "worst_queue"]]
    assert f"{rows.loc['good', 'worst_interval']} {shown}" in page


def test_resume_keeps_unchanged_shops_and_reruns_a_changed_one(
    tmp_path: Path, history: pd.DataFrame, client: object
) -> None:
    shops = make_fleet(tmp_path / "shops", history, 2)
    out = tmp_path / "out"
    options = {"start": DAY[0], "end": DAY[1], "stage": "forecast", "client": client}
    first = run_fleet(shops, out, **options)  # type: ignore[arg-type]
    assert list(first.summary["status"]) == ["ok", "ok"]
    stamps = {s: (out / "shops" / s / "forecast.csv").stat().st_mtime_ns for s in ("s00", "s01")}
    write_shop(shops, "s01", history, 2.0)  # s01's history changes
    again = run_fleet(shops, out, resume=True, **options)  # type: ignore[arg-type]
    rows = again.summary.set_index("shop")
    assert bool(rows.loc["s00", "resumed"]) and not bool(rows.loc["s01", "resumed"])
    assert (out / "shops" / "s00" / "forecast.csv").stat().st_mtime_ns == stamps["s00"]
    assert (out / "shops" / "s01" / "forecast.csv").stat().st_mtime_ns != stamps["s01"]
    assert rows.loc["s00", "inquiries"] == first.summary.set_index("shop").loc["s00", "inquiries"]
    assert rows.loc["s01", "inquiries"] > 2 * rows.loc["s00", "inquiries"]
    record = json.loads((out / "shops" / "s01" / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["row"]["status"] == "ok" and len(record["fingerprint"]) == 64
    # another stage is another fingerprint: nothing is kept
    staff = run_fleet(shops, out, resume=True, **{**options, "stage": "staff"})  # type: ignore[arg-type]
    assert not staff.summary["resumed"].any()
    assert (staff.summary["peak_agents"] > 0).all()


def test_cli_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "out")
    (tmp_path / "empty").mkdir()
    cases = [
        (["--shops", str(tmp_path / "nowhere"), "--event", "双11 2025"], "no such folder"),
        (["--shops", str(tmp_path / "empty"), "--event", "双11 2025"], "no shops found"),
        (
            ["--shops", str(tmp_path), "--event", "双11 2025", "--start", "2025-10-13"],
            "give --start and --end, or --event, not both",
        ),
        (["--shops", str(tmp_path), "--start", "2025-10-13"], "give the horizon"),
        (
            ["--shops", str(tmp_path), "--start", "2025-10-13", "--end", "2025-10-01"],
            "--end must not be before --start",
        ),
        (
            ["--shops", str(tmp_path), "--event", "双11 2025", "--scheduler", "localhost"],
            "--scheduler localhost: must be a scheduler address such as tcp://",
        ),
    ]
    for args, expected in cases:
        assert main(["fleet", *args, "--out", out]) == 2, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err, err
        assert err.startswith("forecaster fleet: error: ")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(fleet, "CONNECT_TIMEOUT_SECONDS", 1.0)
    (tmp_path / "one" / "a").mkdir(parents=True)
    (tmp_path / "one" / "a" / "history.csv").write_text("interval_start,queue,inquiries\n")
    began = time.monotonic()
    args = ["--shops", str(tmp_path / "one"), "--start", DAY[0], "--end", DAY[1]]
    assert main(["fleet", *args, "--scheduler", f"tcp://127.0.0.1:{port}", "--out", out]) == 2
    err = capsys.readouterr().err
    assert time.monotonic() - began < 8
    assert err.count("\n") == 1 and f"--scheduler tcp://127.0.0.1:{port}: cannot reach" in err


# --------------------------------------------------------------------------- a real cluster


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A real ``dask scheduler`` and two ``dask worker`` processes (no nanny, so SIGKILL
    kills the worker itself) on 127.0.0.1; every process is killed afterwards, whatever
    the test did."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=log)
        procs.append(proc)
        return proc

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", port,
              "--no-dashboard")  # fmt: skip
        workers = [
            start(
                f"worker{i}",
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            )  # fmt: skip
            for i in range(2)
        ]
        with Client(address, timeout=30, set_as_default=False) as probe:
            probe.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:  # nothing of a test cluster is worth a graceful shutdown
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)


def kill_a_busy_worker(address: str, workers: list[subprocess.Popen[bytes]]) -> list[str]:
    """SIGKILL a worker process that is planning a shop; the shop's name (empty if none
    was busy)."""
    from distributed import Client

    with Client(address, timeout=10, set_as_default=False) as probe:
        pids = probe.run(os.getpid)
        for address_, keys in probe.processing().items():
            proc = next((w for w in workers if w.pid == pids.get(address_)), None)
            if keys and proc is not None:
                os.kill(proc.pid, signal.SIGKILL)
                assert proc.wait(timeout=10) == -signal.SIGKILL
                return [str(keys[0]).rsplit("-", 1)[1]]
    return []


def test_a_killed_worker_s_shops_are_rerun_and_the_summary_is_complete(
    tmp_path: Path,
    history: pd.DataFrame,
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
) -> None:
    address, workers = cluster
    shops = make_fleet(tmp_path / "shops", history, 6)
    out = tmp_path / "out"
    command = [str(BIN / "forecaster"), "--lang", "en", "fleet", "--shops", str(shops)]
    command += ["--start", DAY[0], "--end", DAY[1], "--stage", "staff"]
    command += ["--scheduler", address, "--out", str(out)]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed: list[str] = []  # the shop the killed worker was planning
    try:
        assert run.stdout is not None
        for line in run.stdout:
            if " ok in " in line and not killed:  # one shop done, the others running
                killed = kill_a_busy_worker(address, workers)
        assert run.stderr is not None
        assert run.wait(timeout=120) == 0 and run.stderr.read() == ""  # one line on errors only
    finally:
        if run.poll() is None:
            run.kill()
    assert killed, "no worker was planning a shop when one was done"
    summary = read_summary(out)
    assert list(summary["shop"]) == [f"s{i:02d}" for i in range(6)]
    assert set(summary["status"]) == {"ok"}, summary[["shop", "reason"]]
    for shop in summary["shop"]:
        assert all((out / "shops" / shop / name).is_file() for name in STAGE_FILES["staff"])
    assert not [p for p in (out / "shops").iterdir() if p.name.startswith(".")]
    assert summary.set_index("shop").loc[killed[0], "status"] == "ok"  # rerun elsewhere


def test_shops_above_their_target_are_ranked_by_shortfall() -> None:
    """Both above the 80 % target: the one 34.5 agent-hours short comes first, though its
    simulated level (99.2 %) is only a little lower than the other's (99.7 %, 6.5 short);
    the report ranked them the other way round."""
    rows = [
        {"shop": "配件店", "status": "ok", "simulated_sl": 0.997, "sl_target": 0.8,
         "shortfall_hours": 6.5},
        {"shop": "旗舰店", "status": "ok", "simulated_sl": 0.992, "sl_target": 0.8,
         "shortfall_hours": 34.5},
    ]  # fmt: skip
    assert list(rank_by_risk(summary_frame(rows))["shop"]) == ["旗舰店", "配件店"]
