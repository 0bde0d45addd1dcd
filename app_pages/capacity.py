"""Capacity page: each queue's chat parameters; agents and headcount per interval with the
predicted service level, recomputed at once on every change (cached per parameter set)."""

from __future__ import annotations

import math
import time
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import show_error, tr
from forecaster.capacity import (
    IntervalExplanation,
    daily_requirements,
    explain_interval,
    outside_service_hours,
    peak_agents,
)
from forecaster.config import PlanConfig, QueueConfig

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
HOURS_STEP = 15  # service-hours choices every 15 minutes [min]
OPENS = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 1440, HOURS_STEP))
CLOSES = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(HOURS_STEP, 1441, HOURS_STEP))


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
            value=common.kept(f"cap_{name}_{field}", type(low)(shown)),
            step=step,
            format=fmt,
            key=f"cap_{name}_{field}",
            help=tr(f"{label}.help"),
        )
        out[f"{name}.{field}"] = entered / 100 if field in PERCENT else entered
    chosen = cols[len(FIELDS) % 5].selectbox(
        tr("capacity.quantile"),
        QUANTILES,
        index=common.kept_index(
            f"cap_{name}_forecast_quantile", QUANTILES, queue.forecast_quantile
        ),
        key=f"cap_{name}_forecast_quantile",
        format_func=common.labels("quantile."),
        help=tr("capacity.quantile.help"),
    )
    out[f"{name}.forecast_quantile"] = chosen
    return out | limit_inputs(name, queue)


def _choices(key: str, options: list[str], current: str) -> list[str]:
    """``options`` with the configuration's value; a kept choice no longer offered is
    dropped (the widget then starts from the configuration's value)."""
    out = sorted({*options, current})
    if st.session_state.get(key, current) not in out:
        common.forget_setting(key)
    return out


def limit_inputs(name: str, queue: QueueConfig) -> dict[str, object]:
    """Service hours, minimum agents, occupancy and abandonment caps of one queue; returns
    their overrides. The configuration validates them (an opening equal to the closing is
    its one-line message)."""
    st.caption(tr("capacity.limits"))
    cols = st.columns(5)
    start, end = queue.service_hours
    opens = _choices(f"cap_{name}_open", list(OPENS), start)
    closes = _choices(f"cap_{name}_close", list(CLOSES), end)
    opened = cols[0].selectbox(
        tr("capacity.open"),
        opens,
        index=common.kept_index(f"cap_{name}_open", opens, start),
        key=f"cap_{name}_open",
        help=tr("capacity.open.help"),
    )
    closed = cols[1].selectbox(
        tr("capacity.close"),
        closes,
        index=common.kept_index(f"cap_{name}_close", closes, end),
        key=f"cap_{name}_close",
        help=tr("capacity.close.help"),
    )
    least = cols[2].number_input(
        tr("capacity.min_agents"),
        min_value=0,
        max_value=10_000,
        value=common.kept(f"cap_{name}_min_agents", int(queue.min_agents)),
        step=1,
        format="%d",
        key=f"cap_{name}_min_agents",
        help=tr("capacity.min_agents.help"),
    )
    busy = cols[3].number_input(
        tr("capacity.occupancy"),
        min_value=10.0,
        max_value=100.0,
        value=common.kept(f"cap_{name}_max_occupancy", round(queue.max_occupancy * 100, 6)),
        step=1.0,
        format="%.0f",
        key=f"cap_{name}_max_occupancy",
        help=tr("capacity.occupancy.help"),
    )
    erlang_a = queue.model == "erlang_a"
    cap = queue.max_abandon_rate
    capped = cols[4].toggle(
        tr("capacity.abandon_on"),
        value=common.kept(f"cap_{name}_abandon_on", cap is not None),
        key=f"cap_{name}_abandon_on",
        disabled=not erlang_a,
        help=tr("capacity.abandon_on.help"),
    )
    rate = cols[4].number_input(
        tr("capacity.abandon"),
        min_value=0.1,
        max_value=100.0,
        value=common.kept(
            f"cap_{name}_max_abandon_rate", round((cap if cap is not None else 0.05) * 100, 6)
        ),
        step=1.0,
        format="%.1f",
        key=f"cap_{name}_max_abandon_rate",
        disabled=not (capped and erlang_a),
        help=tr("capacity.abandon.help"),
    )
    if queue.phase_service_hours:
        phases = [
            tr("capacity.phase_hours.item", phase=tr(f"capacity.phase.{phase}"), start=a, end=b)
            for phase, (a, b) in queue.phase_service_hours.items()
        ]
        st.caption(tr("capacity.phase_hours", hours="; ".join(phases)))
    return {
        f"{name}.service_hours": [opened, closed],
        f"{name}.min_agents": int(least),
        f"{name}.max_occupancy": round(busy / 100, 8),
        f"{name}.max_abandon_rate": round(rate / 100, 8) if capped and erlang_a else cap,
    }


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
    series = {"agents": tr("capacity.series.agents"), "headcount": tr("capacity.series.headcount")}
    melted = part.melt(
        id_vars=["interval_start"], value_vars=list(series), var_name="series"
    ).assign(series=lambda f: f["series"].map(series))
    people = common.chart_values(melted)
    level = common.chart_values(part[["interval_start", "service_level"]])
    when = {"field": "interval_start", "type": "temporal", "axis": common.time_axis()}
    tip = {
        "field": "interval_start",
        "type": "temporal",
        "title": tr("forecast.tip.time"),
        "format": common.TOOLTIP_TIME,
    }
    return {
        "layer": [
            {
                "data": {"values": people},
                "mark": {"type": "line", "strokeWidth": 1},
                "encoding": {
                    "x": when,
                    "y": {"field": "value", "type": "quantitative", "title": tr("capacity.people")},
                    "color": {"field": "series", "type": "nominal", "title": None},
                    "tooltip": [
                        tip,
                        {"field": "series", "title": tr("capacity.series")},
                        {"field": "value", "title": tr("capacity.people")},
                    ],
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
                        tip,
                        {
                            "field": "service_level",
                            "type": "quantitative",
                            "format": ".1%",
                            "title": tr("capacity.predicted_sl"),
                        },
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
        "height": 340,
        "title": common.queue_name(queue),
    }


def outside_notes(req: pd.DataFrame) -> None:
    """The CLI's note on human inquiries outside service hours, per queue: a warning from
    1 % of the queue's human inquiries, else an info line."""
    for row in outside_service_hours(req).itertuples(index=False):
        text = tr(
            "capacity.outside",
            queue=common.queue_name(row.queue),
            count=f"{row.human_inquiries:,.0f}",
            share=f"{row.share:.1%}",
            days=row.days,
            worst=f"{common.day_text(row.worst_interval)} {row.worst_interval:%H:%M}",
            worst_count=f"{row.worst_human_inquiries:,.0f}",
        )
        (st.warning if row.share >= 0.01 else st.info)(text)


def _pick(key: str, options: list[str], default: str) -> int:
    """The index of ``default``; a kept choice no longer among ``options`` is dropped."""
    if common.relabelled(key, options):
        return 0
    if st.session_state.get(key, default) not in options:
        common.forget_setting(key)
    return options.index(default)


def _back_to_peak(queue: str) -> None:
    common.forget_setting(f"cap_explain_day_{queue}")
    common.forget_setting(f"cap_explain_time_{queue}")


def explanation(req: pd.DataFrame, cfg: PlanConfig, queue: str) -> None:
    """Pick an interval (default the queue's busiest) and show each step from its forecast
    to its headcount (:func:`forecaster.capacity.explain_interval`)."""
    part = req[req["queue"] == queue]
    if part.empty:
        return
    st.subheader(tr("capacity.explain"))
    st.caption(tr("capacity.explain.caption", queue=common.queue_name(queue)))
    stamps = pd.DatetimeIndex(part["interval_start"])
    peak = pd.Timestamp(part.loc[part["agents"].idxmax(), "interval_start"])
    days = sorted({f"{s:%Y-%m-%d}" for s in stamps})
    times = sorted({f"{s:%H:%M}" for s in stamps})
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    day_key, time_key = f"cap_explain_day_{queue}", f"cap_explain_time_{queue}"
    day = left.selectbox(
        tr("capacity.explain.day"),
        days,
        index=_pick(day_key, days, f"{peak:%Y-%m-%d}"),
        format_func=common.day_format(),
        key=day_key,
        help=tr("capacity.explain.day.help"),
    )
    clock = middle.selectbox(
        tr("capacity.explain.time"),
        times,
        index=_pick(time_key, times, f"{peak:%H:%M}"),
        key=time_key,
        help=tr("capacity.explain.time.help"),
    )
    right.button(
        tr("capacity.explain.peak"),
        key=f"explain_peak_{queue}",  # a button: no cap_ prefix, kept settings skip it
        on_click=_back_to_peak,
        args=(queue,),
    )
    when = pd.Timestamp(f"{day} {clock}")
    shown = f"{common.day_text(when)} {when:%H:%M}"
    if when not in stamps:
        st.info(tr("capacity.explain.missing", queue=common.queue_name(queue), when=shown))
        return
    e = explain_interval(req, cfg, queue, when)
    cols = st.columns(4)
    cols[0].metric(tr("capacity.explain.human_inquiries"), f"{e.human_inquiries:,.0f}")
    cols[1].metric(tr("capacity.explain.offered_load"), f"{e.offered_load:,.1f}")
    cols[2].metric(tr("capacity.explain.agents"), f"{e.agents:,}")
    cols[3].metric(tr("capacity.explain.headcount"), f"{e.headcount:,}")
    if not e.open:
        st.info(
            tr(
                "capacity.explain.closed",
                queue=common.queue_name(queue),
                when=shown,
                human=f"{e.human_inquiries:,.0f}",
            )
        )
    st.dataframe(
        explanation_rows(e),
        hide_index=True,
        placeholder="—",
        height="content",  # every step: the last ones are the answer
        key=f"cap_explain_table_{queue}",
        column_config={
            "step": st.column_config.TextColumn(tr("capacity.explain.col.step")),
            "value": st.column_config.TextColumn(tr("capacity.explain.col.value")),
            "how": st.column_config.TextColumn(tr("capacity.explain.col.how"), width="large"),
        },
    )
    if e.open and e.agents:
        st.caption(
            tr(
                "capacity.predicted",
                agents=f"{e.agents:,}",
                sl=f"{e.service_level:.1%}",
                asa=f"{e.asa_seconds:,.1f}",
                abandon=f"{e.abandon_rate:.1%}",
                occupancy=f"{e.occupancy:.1%}",
            )
        )


def explanation_rows(e: IntervalExplanation) -> pd.DataFrame:
    """The explanation's steps (:meth:`~forecaster.capacity.IntervalExplanation.steps`) with
    their labels, values and how each follows from the one before, in this language."""

    def num(value: float, digits: int = 0) -> str:
        return f"{value:,.{digits}f}"

    def pct(value: float) -> str:
        return f"{value:.0%}" if round(value * 100, 6).is_integer() else f"{value:.1%}"

    seconds = e.interval_minutes * 60
    inquiries, bot, human = num(e.inquiries), num(e.bot_resolved), num(e.human_inquiries)
    model = tr(f"capacity.model.{e.model}")
    level = tr(
        "capacity.how.need_service_level",
        model=model,
        target=pct(e.service_level_target),
        within=num(e.answer_within_seconds),
    )
    if e.model == "erlang_a":
        level += f"; {tr('capacity.how.patience', patience=num(e.patience_seconds))}"
    load = tr(
        "capacity.how.offered_load", human=human, seconds=num(seconds), aht=num(e.human_aht_seconds)
    )
    if e.carried_load > 0.05:
        load += "; " + tr(
            "capacity.how.carried", own=num(e.own_load, 1), carried=num(e.carried_load, 1)
        )
    abandon = (
        tr("capacity.how.no_abandon_cap")
        if e.max_abandon_rate is None
        else tr("capacity.how.need_abandonment", cap=pct(e.max_abandon_rate))
    )
    how = {
        "inquiries": tr("capacity.how.inquiries", minutes=e.interval_minutes, quantile=e.quantile),
        "bot_resolved": tr(
            "capacity.how.bot_resolved", inquiries=inquiries, bot=pct(e.bot_resolution)
        ),
        "human_inquiries": tr(
            "capacity.how.human_inquiries", inquiries=inquiries, bot_resolved=bot
        ),
        "human_aht": tr(
            "capacity.how.human_aht", aht=num(e.aht_seconds), uplift=pct(e.bot_aht_uplift)
        ),
        "chat_seconds": tr(
            "capacity.how.chat_seconds",
            aht=num(e.human_aht_seconds),
            slowdown=pct(e.concurrency_slowdown),
            k=e.max_concurrency,
        ),
        "offered_load": load,
        "full_occupancy_agents": tr(
            "capacity.how.full_occupancy_agents",
            human=human,
            seconds=num(seconds),
            chat=num(e.chat_seconds),
            k=e.max_concurrency,
        ),
        "need_service_level": level,
        "need_occupancy": tr("capacity.how.need_occupancy", cap=pct(e.max_occupancy)),
        "need_abandonment": abandon,
        "need_min_agents": tr("capacity.how.need_min_agents", count=e.min_agents),
        "agents": tr("capacity.how.agents", binding=tr(f"capacity.binding.{e.binding}")),
        "headcount": (
            tr("capacity.how.headcount", agents=num(e.agents), shrinkage=pct(e.shrinkage))
            if e.headcount * (1 - e.shrinkage) >= e.agents - 1e-9
            else tr(
                "capacity.how.headcount_fewer",
                agents=num(e.agents),
                shrinkage=pct(e.shrinkage),
                headcount=e.headcount,
                on_chat=f"{e.headcount * (1 - e.shrinkage):.1f}",
            )
        ),
    }
    if not e.open:
        for step in (
            "need_service_level",
            "need_occupancy",
            "need_abandonment",
            "need_min_agents",
            "agents",
        ):
            how[step] = tr("capacity.how.closed")
    rows = []
    for step, value, unit in e.steps().itertuples(index=False):
        if value is None or pd.isna(value):
            text = "—"
        elif unit == "seconds":
            text = tr("capacity.unit.seconds", value=num(value))
        elif unit == "erlang":
            text = num(value, 1)
        elif step == "full_occupancy_agents":
            text = tr("capacity.unit.agents", value=num(value, 1))
        elif unit in ("agents", "people"):
            text = tr(f"capacity.unit.{unit}", value=num(value))
        else:
            text = num(value)
        rows.append(
            {"step": tr(f"capacity.explain.{step}"), "value": text, "how": how.get(step, "")}
        )
    return pd.DataFrame(rows, columns=["step", "value", "how"])


def daily(req: pd.DataFrame, cfg: PlanConfig, queue: str) -> None:
    """Per day of the horizon: inquiries, peak agents and when, agent-hours, peak headcount."""
    table = daily_requirements(req[req["queue"] == queue], cfg.interval_minutes)
    if table.empty:
        return
    st.subheader(tr("capacity.daily", queue=common.queue_name(queue)))
    shown = table.drop(columns=["queue"]).assign(
        date=table["date"].map(common.day_text),
        peak_time=pd.DatetimeIndex(table["peak_time"]).strftime("%H:%M"),
    )
    for column in (
        "inquiries",
        "human_inquiries",
        "agent_hours",
        "headcount_hours",
        "closed_human_inquiries",
    ):
        shown[column] = shown[column].round().astype("int64")
    config: dict[str, Any] = {
        c: st.column_config.NumberColumn(tr(f"capacity.daily.{c}"), format="localized")
        for c in shown.columns
    }
    for column in ("date", "peak_time"):
        config[column] = st.column_config.TextColumn(tr(f"capacity.daily.{column}"))
    quantile = str(cfg.queues[queue].forecast_quantile)  # what the day's staffing reads
    for column in ("inquiries", "human_inquiries"):
        config[column] = st.column_config.NumberColumn(
            tr(f"capacity.daily.{column}_at", quantile=quantile), format="localized"
        )
    st.dataframe(
        shown, hide_index=True, placeholder="—", key="cap_daily_table", column_config=config
    )


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    base = inp.config
    overrides: dict[str, object] = {}
    tabs = st.tabs([common.queue_name(q) for q in base.queues])
    for tab, (name, settings) in zip(tabs, base.queues.items(), strict=True):
        with tab:
            overrides |= queue_inputs(name, settings)
    kept = {k: v for k, v in (st.session_state.get("overrides") or {}).items()
            if k.split(".")[0] not in base.queues}  # fmt: skip
    st.session_state["overrides"] = kept | overrides
    try:
        cfg = common.config(inp)
        common.check_queues(inp, cfg)
        fc = common.adjusted_forecast(inp, cfg)
        began = time.perf_counter()
        req = common.staffing(fc, cfg, inp.calendar)
        seconds = time.perf_counter() - began
    except Exception as error:  # the CLI's one line (e.g. a value the config refuses)
        show_error(error)
        return
    hours = cfg.interval_minutes / 60
    cols = st.columns(4)
    # the centre's peak, all queues in one interval (as the roster, plans and report say)
    cols[0].metric(tr("capacity.peak_agents"), f"{peak_agents(req):,}")
    cols[1].metric(tr("capacity.peak_headcount"), f"{peak_agents(req, 'headcount'):,}")
    cols[2].metric(tr("capacity.agent_hours"), f"{req['agents'].sum() * hours:,.0f}")
    cols[3].metric(tr("capacity.headcount_hours"), f"{req['headcount'].sum() * hours:,.0f}")
    outside_notes(req)
    for note in req.attrs.get("notes", []):  # slots never served, not staffed
        st.info(common.say_plain(note.args["text"]))
    queue = st.radio(
        tr("data.queue"),
        list(base.queues),
        index=common.kept_index("cap_queue", list(base.queues), None),
        horizontal=True,
        key="cap_queue",
        format_func=common.shown_as(common.names()),
    )
    chart(req, queue)
    with common.guarded():
        explanation(req, cfg, queue)
        daily(req, cfg, queue)
    st.caption(tr("capacity.computed", seconds=f"{seconds:.2f}", rows=f"{len(req):,}"))


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
