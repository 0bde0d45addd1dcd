"""Capacity page: each queue's chat parameters; agents and headcount per interval with the
predicted service level, recomputed at once on every change (cached per parameter set)."""

from __future__ import annotations

import time

import altair as alt
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


MAX_POINTS = 1500
"""Above this many intervals the chart shows hourly peaks (people) and troughs (service
level): a browser cannot show more on one screen, and the page stays quick."""


def chart(req: pd.DataFrame, queue: str) -> None:
    part = req[req["queue"] == queue]
    if len(part) > MAX_POINTS:
        hourly = part.groupby(part["interval_start"].dt.floor("h"))
        part = pd.DataFrame(
            {
                "agents": hourly["agents"].max(),
                "headcount": hourly["headcount"].max(),
                "service_level": hourly["service_level"].min(),
            }
        ).reset_index()
    people = part.melt(
        id_vars=["interval_start"], value_vars=["agents", "headcount"], var_name="series"
    )
    lines = (
        alt.Chart(people)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("interval_start:T", title=None),
            y=alt.Y("value:Q", title=tr("capacity.people")),
            color=alt.Color("series:N", title=None),
            tooltip=["interval_start:T", "series:N", "value:Q"],
        )
    )
    level = (
        alt.Chart(part)
        .mark_line(strokeWidth=0.8, color="#2ca02c", opacity=0.6)
        .encode(
            x="interval_start:T",
            y=alt.Y(
                "service_level:Q", title=tr("capacity.predicted_sl"), axis=alt.Axis(format="%")
            ),
            tooltip=["interval_start:T", alt.Tooltip("service_level:Q", format=".1%")],
        )
    )
    st.altair_chart(
        alt.layer(lines, level)
        .resolve_scale(y="independent")
        .properties(height=340, title=queue),  # fmt: skip
        width="stretch",
    )


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    base = inp.config
    overrides: dict[str, object] = {}
    tabs = st.tabs(list(base.queues))
    for tab, (name, queue) in zip(tabs, base.queues.items(), strict=True):
        with tab:
            overrides |= queue_inputs(name, queue)
    kept = {k: v for k, v in (st.session_state.get("overrides") or {}).items()
            if k.split(".")[0] not in base.queues}  # fmt: skip
    st.session_state["overrides"] = kept | overrides
    try:
        cfg = common.config(inp)
        fc = common.adjusted_forecast(inp, cfg)
        began = time.perf_counter()
        req = common.staffing(fc, cfg)
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
