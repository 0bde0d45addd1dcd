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


def previous_event(calendar: Calendar, event: str) -> str | None:
    """The latest earlier event of ``event``'s family (双11 2024 for 双11 2025), or None."""
    from forecaster.campaigns import event_family

    firsts = calendar.frame.groupby("event")["start"].min()
    if event not in firsts.index:
        return None
    family = event_family(event)
    same = firsts[[event_family(str(e)) == family for e in firsts.index]]
    before = same[same < firsts[event]]
    return str(before.idxmax()) if not before.empty else None


def aligned_previous(
    history: History,
    calendar: Calendar,
    event: str,
    previous: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """``previous``'s actuals drawn on ``event``'s dates phase by phase: each phase of the
    earlier event is moved by whole days onto the same phase of this one (matched by name
    and order), so last year's 11-11 peak lands on this year's 11-11 even when the presale
    opened a day earlier. Times before the first matched phase move with it, times after a
    phase with that phase until the next one starts; where a phase is shorter this year and
    two pieces meet, the later phase's values are kept. ``interval_start, queue,
    inquiries`` within ``[start, end + 1 day)``, one row per interval and queue."""
    frame = calendar.frame
    this = frame[frame["event"] == event].sort_values("start")
    then = frame[frame["event"] == previous].sort_values("start")
    anchors: list[tuple[pd.Timestamp, pd.Timedelta]] = []
    for phase, rows in this.groupby("phase", sort=False):
        earlier = then[then["phase"] == phase]
        for now, before in zip(rows["start"], earlier["start"], strict=False):
            days = round((now - before) / pd.Timedelta(days=1))
            anchors.append((pd.Timestamp(before), pd.Timedelta(days=days)))
    if not anchors:
        days = round((this["start"].min() - then["start"].min()) / pd.Timedelta(days=1))
        anchors = [(pd.Timestamp(then["start"].min()), pd.Timedelta(days=days))]
    anchors.sort()
    offsets = [o for _, o in anchors]
    h = history.frame
    lo = start - max(offsets)
    hi = end + pd.Timedelta(days=1) - min(offsets)
    part = h[(h["interval_start"] >= lo) & (h["interval_start"] < hi)]
    cuts = pd.DatetimeIndex([a for a, _ in anchors])
    which = cuts.searchsorted(part["interval_start"].to_numpy(), side="right") - 1
    shift = pd.to_timedelta([offsets[max(i, 0)] for i in which])
    moved = part.assign(
        interval_start=part["interval_start"].to_numpy() + shift.to_numpy(), piece=which
    )
    keep = (moved["interval_start"] >= start) & (
        moved["interval_start"] < end + pd.Timedelta(days=1)
    )
    # a phase shorter this year than last: two pieces land on the same time; the later
    # phase (the one running then this year) wins
    moved = moved[keep].sort_values(["interval_start", "queue", "piece"], kind="stable")
    moved = moved.drop_duplicates(["interval_start", "queue"], keep="last")
    return moved[["interval_start", "queue", "inquiries"]].reset_index(drop=True)


def daily_forecast(forecast: pd.DataFrame) -> pd.DataFrame:
    """One row per day and queue of a forecast (``interval_start, queue, mean, p50 …``).

    Returns
    -------
    pandas.DataFrame
        ``date, queue``; ``inquiries`` (the day's sum of ``mean``) [inquiries];
        ``peak_time`` and ``peak_inquiries``: the day's busiest interval by ``p50`` (the
        line the forecast chart draws; ``mean`` when there is no ``p50``) and its value.
    """
    column = "p50" if "p50" in forecast.columns else "mean"
    frame = forecast.assign(
        date=pd.DatetimeIndex(forecast["interval_start"]).normalize(),
        queue=forecast["queue"].astype(str),
    ).sort_values(["queue", "interval_start"], kind="stable")
    groups = frame.groupby(["date", "queue"], sort=True)
    peak = frame.loc[groups[column].idxmax().to_numpy()].set_index(["date", "queue"])
    out = pd.DataFrame(
        {
            "inquiries": groups["mean"].sum(),
            "peak_time": peak["interval_start"],
            "peak_inquiries": peak[column],
        }
    ).reset_index()
    return out[["date", "queue", "inquiries", "peak_time", "peak_inquiries"]]
