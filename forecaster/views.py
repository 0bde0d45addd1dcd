"""Tidy frames for charts and tables (no plotting library, no streamlit)."""

from __future__ import annotations

import pandas as pd

from forecaster.validation import Calendar, History


def totals(history: History, freq: str = "D") -> pd.DataFrame:
    """Inquiries per queue summed to ``freq`` (``"D"`` daily, ``"h"`` hourly ...).

    Returns ``interval_start, queue, inquiries``; suspected outage intervals are kept (their
    zeros show the planner what was excluded).
    """
    frame = history.frame
    out = (
        frame.groupby(["queue", pd.Grouper(key="interval_start", freq=freq)])["inquiries"]
        .sum()
        .reset_index()
    )
    return out[["interval_start", "queue", "inquiries"]]


def window(history: History, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The history's rows with ``start <= interval_start <= end``."""
    frame = history.frame
    inside = frame["interval_start"].between(start, end)
    return frame.loc[inside, ["interval_start", "queue", "inquiries", "outage"]]


def phase_spans(calendar: Calendar, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Calendar phases overlapping ``[start, end]``, clipped to it, for shading a chart."""
    cal = calendar.frame
    inside = cal[(cal["end"] >= start) & (cal["start"] <= end)].copy()
    inside["start"] = inside["start"].clip(lower=start)
    inside["end"] = inside["end"].clip(upper=end)
    inside["label"] = inside["event"] + " · " + inside["phase"]
    return inside[["event", "phase", "start", "end", "label"]].reset_index(drop=True)


def event_window(
    calendar: Calendar, event: str, pad_days: int = 3
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First phase start to last phase end of ``event``, padded by ``pad_days`` each side."""
    phases = calendar.frame[calendar.frame["event"] == event]
    pad = pd.Timedelta(days=pad_days)
    return phases["start"].min().normalize() - pad, phases["end"].max().normalize() + pad
