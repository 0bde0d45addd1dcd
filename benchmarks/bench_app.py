"""Benchmark of issue 7: the app in a real browser (Debian's chromium, Playwright).

(a) cold start: a fresh server started as ``forecaster app`` starts it (``python -m
    app_pages.serve``), then the time from opening the page to the data page's history chart
    being drawn (server start, which now includes loading the first page's libraries, is
    reported separately);
(b) capacity change: on the capacity page (sample 双11 2025 window, forecast cached), the time
    from changing presale's bot resolution to the run finishing with the new peak shown;
(c) roster solve: the time from pressing Solve (sample 双11 2025 window, 2025-10-08 to
    2025-11-16, the time limit given) to the results, and whether progress lines were shown.

Each is repeated ``--repeats`` times; medians are printed. Run
``python benchmarks/bench_app.py [--repeats 3] [--roster-limit 30] [--skip-roster]``.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from forecaster.i18n import t

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(port: int) -> tuple[subprocess.Popen[bytes], float]:
    began = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app_pages.serve",  # what `forecaster app` / `make run` start
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],  # fmt: skip
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc, time.perf_counter() - began
        except OSError:
            time.sleep(0.05)


def _settle(page: Any, timeout: float = 600) -> None:
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout * 1000
    )
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-stale='true']\").length === 0",
        timeout=timeout * 1000,
    )


def _metric(page: Any, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return str(box.locator("[data-testid='stMetricValue']").inner_text())


def run_once(playwright: Any, roster_limit: float | None) -> dict[str, float]:
    port = _port()
    proc, server = _serve(port)
    out = {"server_start": server}
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=ARGS)  # fmt: skip
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        began = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}")
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=120_000)
        out["cold_start"] = time.perf_counter() - began

        page.get_by_role("link", name=t("nav.capacity")).first.click()
        page.get_by_text(t("capacity.peak_agents")).first.wait_for(timeout=300_000)
        _settle(page)
        before = _metric(page, t("capacity.peak_agents"))
        field = page.get_by_label(t("capacity.bot")).first
        field.fill("50")
        began = time.perf_counter()
        field.press("Enter")
        page.wait_for_function(
            "([label, old]) => [...document.querySelectorAll(\"[data-testid='stMetric']\")]"
            ".some(m => m.innerText.includes(label) && !m.innerText.includes(old))",
            arg=[t("capacity.peak_agents"), before],
            timeout=60_000,
        )
        _settle(page)
        out["capacity_change"] = time.perf_counter() - began

        if roster_limit is not None:
            page.get_by_role("link", name=t("nav.roster")).first.click()
            _settle(page)
            limit = page.get_by_label(t("roster.time_limit"))
            limit.fill(str(int(roster_limit)))
            limit.press("Enter")
            _settle(page)
            began = time.perf_counter()
            page.get_by_role("button", name=t("roster.solve")).click()
            page.locator("[data-testid='stExpander']", has_text="…").first.wait_for(timeout=60_000)
            out["progress_shown"] = time.perf_counter() - began
            solved = t("roster.solved", seconds="\x00").split("\x00")[0]
            ended = re.compile(f"{re.escape(solved)}|{re.escape(t('roster.failed'))}")
            status = page.locator("[data-testid='stExpander']").filter(has_text=ended).first
            status.wait_for(timeout=900_000)
            _settle(page, timeout=900)
            out["roster_solve"] = time.perf_counter() - began
            out["roster_ok"] = float(page.get_by_text(t("roster.cost")).count() > 0)
            if not out["roster_ok"]:
                print(
                    "roster:",
                    status.inner_text()[:300],
                    page.locator("[data-testid='stAlert']").all_inner_texts(),
                    flush=True,
                )
            out["progress_lines"] = float(status.locator("[data-testid='stText']").count())
    finally:
        browser.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--roster-limit", type=float, default=30.0)
    parser.add_argument("--skip-roster", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as p:
        for i in range(args.repeats):
            runs.append(run_once(p, None if args.skip_roster else args.roster_limit))
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in runs[-1].items()),
                  flush=True)  # fmt: skip
    print("| measure | median s | runs s |")
    print("|---|---|---|")
    for key in runs[0]:
        values = [r[key] for r in runs]
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"| {key} | {statistics.median(values):.2f} | {shown} |")


if __name__ == "__main__":
    main()
