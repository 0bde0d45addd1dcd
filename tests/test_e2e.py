"""End to end in a real browser: Debian's chromium driven by Playwright against the app
started as planners start it (``forecaster app``: ``streamlit run app.py`` with the first
page's libraries preloaded) on localhost.

The planner's path on the bundled sample: the data page, the forecast for 双11 2025 (its
peak day and the days either side, 11-10 to 11-12, so the roster solves in seconds) with one
adjustment added, the capacity page, a roster solve with visible progress, the shift
table downloaded and checked, then the scenarios, review and saved-plans pages. A screenshot
of every page goes to ``tests/artifacts/`` (git-ignored). ``make test`` installs chromium
(``make browser``) and playwright (dev extra); nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from forecaster.i18n import t
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
UPLOADER_WORDS = """() => [...document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')]
  .map(zone => {
    const words = zone.querySelector('button [data-testid="stMarkdownContainer"]');
    const size = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
    return [getComputedStyle(words, '::after').content,
            getComputedStyle(words.querySelector('p')).display,
            getComputedStyle(size, '::after').content];
  })"""
"""Per file uploader: its button's drawn word, whether Streamlit's own word shows, and its
size line."""
CHROMIUM = "/usr/bin/chromium"
SHIFT_COLUMNS = ["date", "queue", "shift", "kind", "start", "end", "break_start", "break_end",
                 "agents", "cost"]  # fmt: skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``forecaster app`` on a free localhost port, with a fresh plan database."""
    port = free_port()
    db = tmp_path_factory.mktemp("e2e") / "plans.db"
    env = {**os.environ, "FORECASTER_DB": f"sqlite:///{db}", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "forecaster", "app", "--address", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply,
            ):
                if reply.read() == b"ok":
                    break
            time.sleep(0.3)
        else:
            pytest.fail("streamlit did not become healthy in 60 s")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "run `make browser` (Debian's chromium) first"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],  # fmt: skip
        )
        context = browser.new_context(
            viewport={"width": 1500, "height": 1100}, accept_downloads=True
        )
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(server)
        yield tab
        context.close()
        browser.close()


def settle(page: object, timeout: float = 120) -> None:
    """Wait until the app's script run finished and nothing on the page is stale."""
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout * 1000
    )
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll(\"[data-stale='true']\").length === 0",
        timeout=timeout * 1000,
    )


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def go(page: Any, key: str, lang: str = "zh") -> None:
    """Open a page from the sidebar navigation by its title. A date field just typed
    into keeps the focus (its calendar button) and a first click on a link was once
    lost: Escape first, and click again if the page's address did not change."""
    path = "/" + key.split(".")[1]
    for _ in range(2):
        page.keyboard.press("Escape")
        page.get_by_role("link", name=t(key, lang)).first.click()
        settle(page)
        if key == "nav.data" or page.url.rstrip("/").endswith(path):
            return
    raise AssertionError(f"the {key} page did not open: {page.url}")


def no_errors(page: object) -> None:
    errors = page.locator("[data-testid='stAlertContentError']")  # type: ignore[attr-defined]
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.locator("[data-testid='stException']").count() == 0  # type: ignore[attr-defined]


def metric(page: object, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first  # type: ignore[attr-defined]
    return str(box.locator("[data-testid='stMetricValue']").inner_text())


def download(page: Any, name: str) -> str:
    """Click a download button and return the file's path. The file is built on click on
    the server; on a loaded 2-core machine a click landing while the results are still
    being drawn was once not answered within a minute, so it is clicked again once."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button = page.get_by_role("button", name=name)
    button.scroll_into_view_if_needed()
    for attempt in range(2):
        try:
            with page.expect_download(timeout=90_000) as event:
                button.click()
            return str(event.value.path())
        except PlaywrightTimeout:
            if attempt:
                raise
            settle(page)
    raise AssertionError("unreachable")


def test_the_planners_path_through_the_app(page: object) -> None:
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()  # type: ignore[attr-defined]
    settle(page)
    assert t("app.title") in page.locator("h1").first.inner_text()  # type: ignore[attr-defined]
    no_errors(page)
    shot(page, "1_data")

    go(page, "nav.forecast")  # 双11 2025 by default: 2025-10-08 to 2025-11-16
    no_errors(page)
    shot(page, "2_forecast_window")
    # 双11 and the days either side: three days, so the roster below solves in seconds (on
    # the final-wave week, 11-05 to 11-12, it used the whole 20 s limit)
    set_dates(page, "20251110", "20251112")
    assert metric(page, t("forecast.adjusted_by")) == "+0.0%"
    page.get_by_label(t("forecast.start"), exact=True).last.fill("2025-11-11 00:00")  # type: ignore[attr-defined]
    page.get_by_label(t("forecast.end"), exact=True).last.fill("2025-11-12 00:00")  # type: ignore[attr-defined]
    page.get_by_label(t("forecast.note"), exact=True).last.fill("主播加场")  # type: ignore[attr-defined]
    page.get_by_role("button", name=t("forecast.add")).click()  # type: ignore[attr-defined]
    settle(page)
    no_errors(page)
    assert metric(page, t("forecast.adjusted_by")).startswith("+")
    assert metric(page, t("forecast.adjusted_by")) != "+0.0%"
    shot(page, "2_forecast_adjusted")

    go(page, "nav.capacity")
    no_errors(page)
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 1  # type: ignore[attr-defined]
    shot(page, "3_capacity")

    go(page, "nav.roster")
    limit = page.get_by_label(t("roster.time_limit"), exact=True)  # type: ignore[attr-defined]
    limit.fill("20")
    limit.press("Enter")
    settle(page)
    page.get_by_role("button", name=t("roster.solve")).click()  # type: ignore[attr-defined]
    # progress is visible while the solver runs
    page.locator("[data-testid='stStatusWidget'], [data-testid='stExpander']").first.wait_for()  # type: ignore[attr-defined]
    settle(page, timeout=400)
    no_errors(page)
    shot(page, "4_roster")
    # why it is short or idle: the expander opens on a table of rules in Chinese
    why = page.get_by_text(re.compile("^缺口与富余的原因")).first  # type: ignore[attr-defined]
    why.scroll_into_view_if_needed()
    why.click()
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "4b_roster_reasons.png"))  # type: ignore[attr-defined]
    data = Path(download(page, "shifts.csv")).read_bytes()
    shifts = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert set(SHIFT_COLUMNS) <= set(shifts.columns)  # the contract's columns (+ code)
    assert set(shifts["kind"]) <= {"FT", "PT", "OUT"} and shifts["agents"].sum() > 0
    days = pd.to_datetime(shifts["date"])
    assert days.min() == pd.Timestamp("2025-11-10") and days.max() <= pd.Timestamp("2025-11-12")

    page.get_by_role("button", name=t("roster.save_button")).click()  # type: ignore[attr-defined]
    settle(page)
    no_errors(page)

    for number, key in enumerate(("nav.scenarios", "nav.review", "nav.plans"), start=5):
        go(page, key)
        no_errors(page)
        shot(page, f"{number}_{key.split('.')[1]}")


def dates_shown(page: Any, lang: str = "zh") -> tuple[str, str]:
    """The forecast page's start and end date fields as digits, e.g. ``20251105``."""
    out = []
    for key in ("forecast.start", "forecast.end"):
        label = t(key, lang)
        text = page.get_by_label(label, exact=True).first.inner_text()
        out.append("".join(ch for ch in text if ch.isdigit()))
    return out[0], out[1]


def switch_language(page: Any, name: str) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=name).click()
    settle(page)


OUT_OF_WIDGET = (
    """g => !(g.closest("[data-testid=stDateInput]") || g).contains(document.activeElement)"""
)


def set_dates(page: Any, start: str, end: str) -> None:
    """Type the forecast page's start and end days (``YYYYMMDD``) into its date fields and
    send each to the app (the roster once covered months: the end day had only been shown,
    never sent). The fields must show both days, and are typed once more if they do not."""
    fields = [("forecast.start", start), ("forecast.end", end)]
    if end < dates_shown(page)[0]:  # moving back: the end first, so no run plans months
        fields.reverse()  # (start then end made 04-14..11-12 in between, a long forecast)
    for attempt in range(2):
        for key, day in fields:
            group = page.get_by_label(t(key), exact=True).first
            group.locator("[role='spinbutton']").first.click()  # a segmented date field
            page.keyboard.type(day)
            # the field sends its day when the focus moves on from the whole widget (one
            # Tab only reaches its calendar button; the day then went with the next click,
            # lost when that click opened another page): Tab until the focus is out
            for _ in range(4):
                page.keyboard.press("Tab")
                if group.evaluate(OUT_OF_WIDGET):
                    break
            settle(page)
        if attempt or dates_shown(page) == (start, end):
            break
    assert dates_shown(page) == (start, end)


def hourly_gbk_export(path: Path) -> Path:
    """A 千牛-style hourly export in GBK: 日期, 小时, 客服组 (售前/售后), 咨询人数."""
    from tests.conftest import make_history

    frame = make_history(days=42, minutes=60)
    pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "小时": frame["interval_start"].dt.hour,
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数": frame["inquiries"],
        }
    ).to_csv(path, index=False, encoding="gbk")
    return path


def test_settings_languages_excel_and_an_hourly_upload(page: Any, tmp_path: Path) -> None:
    """After the planner's path: settings kept across pages and languages, the 排班表 Excel
    prints one page wide with times in its cells, every page in English, and an hourly GBK
    export planned to a roster."""
    import openpyxl

    go(page, "nav.forecast")
    kept = dates_shown(page)
    assert kept == ("20251110", "20251112")  # set by the planner's path above
    go(page, "nav.capacity")
    go(page, "nav.forecast")
    assert dates_shown(page) == kept  # navigate away and back

    go(page, "nav.roster")
    no_errors(page)
    book = openpyxl.load_workbook(io.BytesIO(Path(download(page, "roster.xlsx")).read_bytes()))
    grid = book.worksheets[0]
    assert grid.title == "排班表"
    cells = [str(c) for row in grid.iter_rows(min_row=3, values_only=True) for c in row if c]
    timed = [c for c in cells if re.fullmatch(r"\S+ \d{2}:\d{2}-\d{2}:\d{2}", c)]
    assert len(timed) > 10, cells[:40]  # shift cells show their times, e.g. "E 08:00-17:00"
    assert grid.page_setup.fitToWidth == 1 and grid.sheet_properties.pageSetUpPr.fitToPage
    assert grid.print_title_rows  # headers repeat on every printed page

    # the capacity page explains its busiest interval, step by step
    go(page, "nav.capacity")
    no_errors(page)
    heading = page.get_by_text(t("capacity.explain"), exact=True).first
    heading.scroll_into_view_if_needed()
    for step in ("capacity.explain.offered_load", "capacity.explain.headcount"):
        assert page.get_by_text(t(step), exact=True).count() >= 1, step
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "3_capacity_explained.png"))

    switch_language(page, "English")
    go(page, "nav.forecast", "en")
    assert dates_shown(page, "en") == kept  # the language switch keeps them
    for number, (key, name) in enumerate(
        [("nav.data", "data"), ("nav.forecast", "forecast"), ("nav.capacity", "capacity"),
         ("nav.roster", "roster"), ("nav.scenarios", "scenarios"), ("nav.review", "review"),
         ("nav.plans", "plans")], start=1,
    ):  # fmt: skip
        go(page, key, "en")
        no_errors(page)
        shot(page, f"en_{number}_{name}")
    switch_language(page, "中文")
    go(page, "nav.forecast")
    assert dates_shown(page) == kept

    # an hourly 千牛 export in GBK, planned by the hour
    page.get_by_text(t("app.source.upload"), exact=True).click()
    settle(page)
    drawn = page.evaluate(UPLOADER_WORDS)  # Streamlit's own words, as Chromium draws them
    assert len(drawn) == 4 and all(
        words == [f'"{t("upload.button")}"', "none"]
        and t("upload.limit", mb=50, types="")[:6] in size
        for words, size in ((d[:2], d[2]) for d in drawn)
    ), drawn
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']").first
    upload.set_input_files(str(hourly_gbk_export(tmp_path / "千牛按小时.csv")))
    settle(page)
    no_errors(page)
    go(page, "nav.forecast")
    set_dates(page, "20250414", "20250415")
    no_errors(page)
    go(page, "nav.roster")
    caption = t("roster.horizon", start="2025-04-14", end="2025-04-15", days=2, adjustments=0)
    planned = re.compile(re.escape(caption.split(";")[0]))  # the roster's days, as the app has them
    if page.get_by_text(planned).count() == 0:  # the days did not reach the app
        go(page, "nav.forecast")
        set_dates(page, "20250414", "20250415")
        go(page, "nav.roster")
    assert page.get_by_text(planned).count() == 1, page.get_by_text("排班周期").all_inner_texts()
    page.get_by_role("button", name=t("roster.solve")).click()
    page.locator("[data-testid='stStatusWidget'], [data-testid='stExpander']").first.wait_for()
    settle(page, timeout=300)
    no_errors(page)
    shot(page, "8_roster_hourly_upload")
    shifts = pd.read_csv(download(page, "shifts.csv"), encoding="utf-8-sig")
    assert shifts["agents"].sum() > 0
    assert set(pd.to_datetime(shifts["date"]).dt.strftime("%Y-%m-%d")) <= {
        "2025-04-14",
        "2025-04-15",
    }

    # a language round trip with the planner's own file and a holiday choice: a selectbox
    # sends back the label it showed, which the other language does not match (holidays
    # came back as "无节假日" itself, and the forecast page crashed on "自定义日期"), and the
    # uploaded history outlives its uploader, drawn again empty
    holidays = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text=t("app.holidays")
    )
    holidays.first.click()
    page.get_by_role("option", name=t("app.holidays.none")).click()
    settle(page)
    go(page, "nav.forecast")
    no_errors(page)
    switch_language(page, "English")
    no_errors(page)
    # every radio still shows its choice, in English: the data source's went blank and the
    # next page planned the sample shop (a radio sends back the label it showed)
    chosen = page.evaluate(
        """() => [...document.querySelectorAll('[role=radiogroup]')].map(g =>
            [...g.querySelectorAll('input')].filter(i => i.checked)
            .map(i => (i.closest('label') || i.parentElement).innerText.trim()).join('|'))"""
    )
    assert t("app.source.upload", "en") in chosen and all(chosen), chosen
    english = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text=t("app.holidays", "en")
    )
    shown = english.first.evaluate(
        "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')"
    )
    assert t("app.holidays.none", "en") in shown, shown
    switch_language(page, "中文")
    no_errors(page)
    for key in ("nav.forecast", "nav.capacity", "nav.data"):
        go(page, key)
        no_errors(page)
    shot(page, "9_language_round_trip_upload")
    assert page.get_by_text("千牛按小时.csv").count() >= 1  # still the planner's file
    shown = holidays.first.evaluate(  # the choice is drawn in the select's input or text
        "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')"
    )
    assert t("app.holidays.none") in shown, shown
