"""Shared fixtures: small, realistic history frames written in any supported format."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


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
