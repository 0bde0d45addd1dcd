"""Shared fixtures: small, realistic history frames written in any supported format."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


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
def small_plan(sample_inputs: tuple[object, object, object]) -> object:
    """A real plan on two sample campaign days (2025-11-10 and 11-11), made once per session:
    forecast, staffing, roster (20 s limit) and a 2-replication simulation."""
    from forecaster.pipeline import run_plan

    history, calendar, config = sample_inputs
    config = config.with_overrides({"solver.time_limit_seconds": 20})  # type: ignore[attr-defined]
    return run_plan(history, calendar, config, start="2025-11-10", end="2025-11-11", replications=2)
