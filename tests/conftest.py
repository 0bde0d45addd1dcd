"""Shared fixtures: small, realistic history frames written in any supported format; the
order in which ``pytest -n auto --dist loadfile`` hands test files to its workers."""

from __future__ import annotations

import fcntl
import os
import pickle
import re
import socket
from typing import Any

import numpy as np
import pandas as pd
import pytest

# How ``pytest -n auto --dist loadfile`` hands out the test files: xdist sends a file to one
# worker, those with the most tests first, which left the end-to-end test (2 tests, the
# longest file) to start last while the other worker sat idle. Here the longest units go
# first (longest processing time first: the short files left at the end fill the gaps), and
# the AppTest files that open the bundled sample form one unit, run by one worker, since
# Streamlit's ``st.cache_data`` keeps a forecast for the whole worker process: 双11 2025's
# window and 2025-11-10..11 are forecast once for all of them, not once per file.
APP_SAMPLE = "tests/test_app*.py (AppTests of the bundled sample, one worker)"
UNITS = {
    "tests/test_app.py": APP_SAMPLE,
    "tests/test_app_state.py": APP_SAMPLE,
    "tests/test_app_roster.py": APP_SAMPLE,
    "tests/test_app_explain.py": APP_SAMPLE,
    "tests/test_app_language.py": APP_SAMPLE,
    "tests/test_app_pages.py": APP_SAMPLE,
}
# The longest units, longest first (``--durations`` on 2 cores); the others follow in
# xdist's order. A renamed or deleted file here is only ignored.
LONGEST_FIRST = (
    "tests/test_e2e.py",
    APP_SAMPLE,
    "tests/test_forecast.py",
    "tests/test_scenarios.py",
    "tests/test_fleet.py",
    "tests/test_cli.py",
    "tests/test_store.py",
    "tests/test_report_charts.py",
    "tests/test_messages.py",
    "tests/test_properties.py",
    "tests/test_campaign_season.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` with the :data:`UNITS` and the order of :data:`LONGEST_FIRST`."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LongestFirst(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return UNITS.get(scope, scope)

        def _assign_work_unit(self, node: Any) -> None:
            for scope in reversed(LONGEST_FIRST):
                if scope in self.workqueue:
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 (for a test server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def english_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the locale's language; tests read its English unless they
    choose (``--lang`` or ``FORECASTER_LANG``), whatever the machine's ``LANG``."""
    monkeypatch.setenv("FORECASTER_LANG", "en")


def intraday_shape(minutes: int) -> np.ndarray:
    """Relative level per slot: three peaks (09:30, 15:30, 21:30) over a night trough."""
    hours = np.arange(0, 24, minutes / 60)
    bumps = sum(np.exp(-0.5 * ((hours - c) / 1.3) ** 2) for c in (9.5, 15.5, 21.5))
    return 0.05 + bumps


def make_history(
    days: int = 28,
    minutes: int = 15,
    queues: tuple[str, ...] = ("presale", "aftersale"),
    start: str = "2025-03-03",
    level: float = 60.0,
    seed: int = 7,
) -> pd.DataFrame:
    """A clean history in the contract columns: Poisson counts on a peaked daily shape."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range(start, periods=days * 1440 // minutes, freq=f"{minutes}min")
    shape = np.tile(intraday_shape(minutes), days)
    frames = [
        pd.DataFrame(
            {
                "interval_start": stamps,
                "queue": queue,
                "inquiries": rng.poisson(level * shape * minutes / 15),
            }
        )
        for queue in queues
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def history_frame() -> pd.DataFrame:
    return make_history()


def to_csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode(encoding)


@pytest.fixture(scope="session")
def sample_inputs() -> tuple[object, object, object]:
    """The bundled sample's history, calendar and config (loaded once per test session)."""
    from forecaster.config import load_config
    from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY
    from forecaster.validation import read_calendar, read_history

    return read_history(SAMPLE_HISTORY), read_calendar(SAMPLE_CALENDAR), load_config(SAMPLE_CONFIG)


@pytest.fixture(scope="session")
def small_plan(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> object:
    """A real plan on two sample campaign days (2025-11-10 and 11-11), made once per session:
    forecast, staffing, roster (20 s limit) and a 2-replication simulation. Under xdist the
    first worker to need it makes it and the others read it back (pickled into the run's
    shared temporary directory; a lock makes a second worker wait instead of making it too)."""

    def make() -> object:
        from forecaster.pipeline import run_plan

        history, calendar, config = request.getfixturevalue("sample_inputs")
        config = config.with_overrides({"solver.time_limit_seconds": 20})
        return run_plan(
            history, calendar, config, start="2025-11-10", end="2025-11-11", replications=2
        )

    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make()
    path = tmp_path_factory.getbasetemp().parent / "small_plan.pickle"
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return pickle.loads(path.read_bytes())
        plan = make()
        path.write_bytes(pickle.dumps(plan))
        return plan


def shown(text: object) -> str:
    """An app message as the planner reads it: the app escapes every Markdown character of
    text that comes from files (``bad\\.csv``), the browser shows it plain (``bad.csv``)."""
    return re.sub(r"\\(.)", r"\1", str(text))
