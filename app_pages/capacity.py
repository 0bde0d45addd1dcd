"""Capacity page: each queue's chat parameters; agents and headcount per interval with the
predicted service level, recomputed at once on every change (cached per parameter set)."""

from __future__ import annotations

import math
import time

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import show_error, tr
from forecaster.config import QueueConfig

QUANTILES = ("mean", "p50", "p80", "p90", "p95")

# field, label key, min, max, step, format (percent fields are entered in %)
FIELDS: tuple[tuple[str, str, float, float, float, str], ...] = (
    ("aht_seconds", "capacity.aht", 10.0, 3600.0, 5.0, "%.0f"),
    ("max_concurrency", "capacity.concurrency", 1, 10, 1, "%d"),
    ("concurrency_slowdown", "capacity.slowdown", 0.0, 100.0, 1.0, "%.0f"),
    ("patience_seconds", "capacity.patience", 5.0, 3600.0, 5.0, "%.0f"),
    ("service_level", "capacity.target", 1.0, 99.0, 1.0, "%.0f"),
    ("answer_within_seconds", "capacity.within", 5.0, 600.0, 5.0, "%.0f"),
    ("shrinkage", "capacity.shrinkage", 0.0, 95.0, 1.0, "%.0f"),
    ("bot_resolution", "capacity.bot", 0.0, 95.0, 1.0, "%.0f"),
    ("bot_aht_uplift", "capacity.uplift", 0.0, 200.0, 1.0, "%.0f"),
)
PERCENT = {"concurrency_slowdown", "service_level", "shrinkage", "bot_resolution", "bot_aht_uplift"}


def queue_inputs(name: str, queue: QueueConfig) -> dict[str, object]:
    """Number inputs for one queue; returns its overrides (``queue.field -> value``)."""
    out: dict[str, object] = {}
    cols = st.columns(5)
    for i, (field, label, low, high, step, fmt) in enumerate(FIELDS):
        value = getattr(queue, field)
        shown = value * 100 if field in PERCENT else value
        entered = cols[i % 5].number_input(
            tr(label),
            min_value=low,
            max_value=high,
            value=type(low)(shown),
            step=step,
            format=fmt,
            key=f"cap_{name}_{field}",
        )
        out[f"{name}.{field}"] = entered / 100 if field in PERCENT else entered
    chosen = cols[len(FIELDS) % 5].selectbox(
        tr("capacity.quantile"),
        QUANTILES,
        index=QUANTILES.index(queue.forecast_quantile),
        key=f"cap_{name}_forecast_quantile",
    )
    out[f"{name}.forecast_quantile"] = chosen
    return out


MAX_POINTS = 800
# Above this many intervals the chart shows the peaks (people) and troughs (service level) of
# whole-hour buckets, the shortest that keeps it at or below this many points (a 40-day window
# at 15 minutes: 2-hour buckets): a chart 1,500 pixels wide cannot show more, and drawing 3,840
# points made every change take 1.6 s in the browser.


def chart(req: pd.DataFrame, queue: str) -> None:
    part = req[req["queue"] == queue]
    if len(part) > MAX_POINTS:
        span = part["interval_start"].max() - part["interval_start"].min()
        hours = max(1, math.ceil(span / pd.Timedelta(hours=1) / MAX_POINTS))
        bucket = part.groupby(part["interval_start"].dt.floor(f"{hours}h"))
        part = pd.DataFrame(
            {
                "agents": bucket["agents"].max(),
                "headcount": bucket["headcount"].max(),
                "service_level": bucket["service_level"].min(),
            }
        ).reset_index()
    st.vega_lite_chart(chart_spec(part, queue), width="stretch")


def chart_spec(part: pd.DataFrame, queue: str) -> dict[str, object]:
    """Agents and headcount (left axis) with the predicted service level (right axis), as a
    Vega-Lite spec written out (building it with altair cost 0.1 s of every change)."""
    people = common.chart_values(
        part.melt(id_vars=["interval_start"], value_vars=["agents", "headcount"], var_name="series")
    )
    level = common.chart_values(part[["interval_start", "service_level"]])
    when = {"field": "interval_start", "type": "temporal", "title": None}
    return {
        "layer": [
            {
                "data": {"values": people},
                "mark": {"type": "line", "strokeWidth": 1},
                "encoding": {
                    "x": when,
                    "y": {"field": "value", "type": "quantitative", "title": tr("capacity.people")},
                    "color": {"field": "series", "type": "nominal", "title": None},
                    "tooltip": [when, {"field": "series"}, {"field": "value"}],
                },
            },
            {
                "data": {"values": level},
                "mark": {"type": "line", "strokeWidth": 0.8, "color": "#2ca02c", "opacity": 0.6},
                "encoding": {
                    "x": when,
                    "y": {
                        "field": "service_level",
                        "type": "quantitative",
                        "title": tr("capacity.predicted_sl"),
                        "axis": {"format": "%"},
                    },
                    "tooltip": [
                        when,
                        {"field": "service_level", "type": "quantitative", "format": ".1%"},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
        "height": 340,
        "title": queue,
    }


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    base = inp.config
    overrides: dict[str, object] = {}
    tabs = st.tabs(list(base.queues))
    for tab, (name, settings) in zip(tabs, base.queues.items(), strict=True):
        with tab:
            overrides |= queue_inputs(name, settings)
    kept = {k: v for k, v in (st.session_state.get("overrides") or {}).items()
            if k.split(".")[0] not in base.queues}  # fmt: skip
    st.session_state["overrides"] = kept | overrides
    try:
        cfg = common.config(inp)
        fc = common.adjusted_forecast(inp, cfg)
        began = time.perf_counter()
        req = common.staffing(fc, cfg, inp.calendar)
        seconds = time.perf_counter() - began
    except Exception as error:  # the CLI's one line (e.g. a value the config refuses)
        show_error(error)
        return
    hours = cfg.interval_minutes / 60
    cols = st.columns(4)
    cols[0].metric(tr("capacity.peak_agents"), f"{req['agents'].max():,}")
    cols[1].metric(tr("capacity.peak_headcount"), f"{req['headcount'].max():,}")
    cols[2].metric(tr("capacity.agent_hours"), f"{req['agents'].sum() * hours:,.0f}")
    cols[3].metric(tr("capacity.headcount_hours"), f"{req['headcount'].sum() * hours:,.0f}")
    queue = st.radio(tr("data.queue"), list(base.queues), horizontal=True, key="cap_queue")
    chart(req, queue)
    st.caption(tr("capacity.computed", seconds=f"{seconds:.2f}", rows=f"{len(req):,}"))


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
