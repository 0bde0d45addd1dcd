"""Forecast page: pick an event or dates; p50 with its P10–P90 band over last year's actuals
aligned by phase; backtest figures; the adjustments editor (applied at once, with undo)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import Inputs, show_error, tr
from forecaster import views
from forecaster.adjust import AdjustmentLog, explain, parse_adjustments
from forecaster.backtest import run_backtest
from forecaster.campaigns import event_family
from forecaster.messages import EVERY_QUEUE, EVERY_QUEUE_NAME, column_label, render
from forecaster.messages import PHASES as PHASE_NAMES
from forecaster.validation import Calendar, History

ADJUSTMENT_COLUMNS = ("queue", "start", "end", "factor", "day_total", "note")


def events(calendar: Calendar) -> list[str]:
    """Calendar events, newest first."""
    firsts = calendar.frame.groupby("event")["start"].min().sort_values(ascending=False)
    return [str(e) for e in firsts.index]


def choose_horizon(inp: Inputs) -> tuple[pd.Timestamp, pd.Timestamp, str | None]:
    """Event or date range; stores ``horizon`` in the session. Returns start, end, event."""
    custom, label = "", tr("forecast.custom")  # a value that reads the same in both languages
    names = events(inp.calendar)
    default = "双11 2025" if inp.is_sample and "双11 2025" in names else custom
    options = [*names, custom]
    left, middle, right = st.columns([2, 1, 1])
    choice = left.selectbox(
        tr("forecast.event"), options, index=common.kept_index("fc_event", options, default),
        key="fc_event",
        format_func=lambda value: value or label, help=tr("forecast.event.help"),
    )  # fmt: skip
    if choice != custom:
        start, end = common.event_horizon(inp.calendar, choice)
    else:
        start, end = common.default_horizon(inp)
    first = middle.date_input(
        tr("forecast.start"), common.kept(f"fc_start_{choice}", start.date()),
        key=f"fc_start_{choice}",
        help=tr("forecast.start.help"),
    )  # fmt: skip
    last = right.date_input(
        tr("forecast.end"),
        common.kept(f"fc_end_{choice}", end.date()),
        key=f"fc_end_{choice}",
        help=tr("forecast.end.help"),
    )
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    if end < start:
        st.error(tr("forecast.bad_range", start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"))
        st.stop()
    st.session_state["horizon"] = (start, end)
    return start, end, None if choice == custom else choice


def last_year(history: History, calendar: Calendar, event: str | None, start: pd.Timestamp,
              end: pd.Timestamp) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """Last year's actuals on this horizon: the same family's previous event aligned phase by
    phase (:func:`forecaster.views.aligned_previous`: its 11-11 on this 11-11) or, without
    an event, 52 weeks earlier (same weekday)."""
    previous = views.previous_event(calendar, event) if event is not None else None
    if previous is not None:
        assert event is not None
        shifted = views.aligned_previous(history, calendar, event, previous, start, end)
        return shifted, tr("forecast.last_year_event", event=previous)
    offset = pd.Timedelta(weeks=52)
    h = history.frame
    window = h[(h["interval_start"] >= start - offset) & (h["interval_start"] < end - offset
               + pd.Timedelta(days=1))]  # fmt: skip
    shifted = window.assign(interval_start=window["interval_start"] + offset)
    return shifted[["interval_start", "queue", "inquiries"]], tr("forecast.last_year_weeks")


def phase_shading(calendar: Calendar, start: pd.Timestamp, end: pd.Timestamp) -> alt.Chart | None:
    """The calendar's phases inside the horizon as shaded spans, named in this language."""
    stop = end + pd.Timedelta(days=1)
    frame = calendar.frame
    spans = frame[(frame["end"] >= start) & (frame["start"] < stop)]
    if spans.empty:
        return None
    name = common.shown_as(PHASE_NAMES)
    keys = list(dict.fromkeys(spans.sort_values("start")["phase"]))  # the legend in time order
    spans = spans.assign(  # drawn inside the window; the tooltip gives the phase's own dates
        phase_start=spans["start"],
        phase_end=spans["end"],
        start=spans["start"].clip(lower=start),
        end=spans["end"].clip(upper=stop),
        phase=spans["phase"].map(name),
    )[["event", "phase", "start", "end", "phase_start", "phase_end"]]
    scale = common.phase_scale(keys)
    return (
        alt.Chart(spans)
        .mark_rect(opacity=0.13)
        .encode(
            x="start:T",
            x2="end:T",
            color=alt.Color(
                "phase:N", title=tr("data.phase"), scale=alt.Scale(domain=scale["domain"], range=scale["range"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("event:N", title=tr("forecast.tip.event")),
                alt.Tooltip("phase:N", title=tr("data.phase")),
                alt.Tooltip("phase_start:T", title=tr("forecast.start"), format=common.TOOLTIP_TIME),
                alt.Tooltip("phase_end:T", title=tr("forecast.end"), format=common.TOOLTIP_TIME),
            ],
        )
    )  # fmt: skip


def chart(
    fc: pd.DataFrame,
    previous: pd.DataFrame,
    label: str,
    queue: str,
    shading: alt.Chart | None,
) -> None:
    """The forecast of ``queue`` with last year's actuals (grey) over the campaign phases:
    daily totals, or every interval of the horizon (or of one day, to zoom in)."""
    view, day = view_choice(fc)
    part = fc[fc["queue"] == queue]
    old = previous[previous["queue"] == queue]
    if day:
        first = pd.Timestamp(day)
        within = slice(first, first + pd.Timedelta(days=1) - pd.Timedelta(seconds=1))
        part = part.set_index("interval_start").loc[within].reset_index()
        old = old.set_index("interval_start").sort_index().loc[within].reset_index()
    who = common.queue_name(queue)
    if view == "daily" and not day:
        layers = _daily_layers(part, old)
        title = tr("forecast.chart.daily", queue=who, last=label)
    else:
        layers = _interval_layers(part, old)
        title = tr("forecast.chart.interval", queue=who, last=label)
    if shading is not None and not day:
        layers = [shading, *layers]
    st.altair_chart(
        alt.layer(*layers).properties(height=340, title=title).interactive(bind_y=False),
        width="stretch",
    )


def view_choice(fc: pd.DataFrame) -> tuple[str, str]:
    """The chart's view (``daily`` / ``interval``) and the day zoomed into ("" for none)."""
    left, right = st.columns([2, 3])
    view = left.radio(
        tr("forecast.view"),
        ["daily", "interval"],
        index=common.kept_index("fc_view", ["daily", "interval"], "daily"),
        horizontal=True,
        key="fc_view",
        format_func=common.labels("forecast.view."),
        help=tr("forecast.view.help"),
    )
    days = sorted({f"{d:%Y-%m-%d}" for d in pd.DatetimeIndex(fc["interval_start"]).normalize()})
    day_name, whole = common.day_format(), tr("forecast.zoom.all")
    choices: list[str] = ["", *days]
    common.relabelled("fc_zoom_day", choices)  # index 0 either way
    day = right.selectbox(
        tr("forecast.zoom"),
        choices,
        key="fc_zoom_day",
        format_func=lambda d: day_name(d) if d else whole,
        help=tr("forecast.zoom.help"),
    )
    return str(view), str(day or "")


def _interval_layers(part: pd.DataFrame, old: pd.DataFrame) -> list[alt.Chart]:
    when = alt.Tooltip(
        "interval_start:T", title=tr("forecast.tip.time"), format=common.TOOLTIP_TIME
    )
    x = alt.X("interval_start:T", axis=alt.Axis(**common.time_axis()))
    band = (
        alt.Chart(part)
        .mark_area(opacity=0.25, color="#4c78a8")
        .encode(
            x=x,
            y=alt.Y("p10:Q", title=tr("data.inquiries")),
            y2="p90:Q",
            tooltip=[when, *(alt.Tooltip(f"{q}:Q", format=",.0f") for q in ("p10", "p50", "p90"))],
        )
    )
    p50 = alt.Chart(part).mark_line(strokeWidth=1, color="#1f4e79").encode(x=x, y="p50:Q")
    actual = (
        alt.Chart(old)
        .mark_line(strokeWidth=0.8, color="#999999", opacity=0.8)
        .encode(
            x=x,
            y="inquiries:Q",
            tooltip=[
                when,
                alt.Tooltip("inquiries:Q", title=tr("forecast.tip.last"), format=",.0f"),
            ],
        )
    )
    return [actual, band, p50]


def _daily_layers(part: pd.DataFrame, old: pd.DataFrame) -> list[alt.Chart]:
    """Daily totals: the forecast mean as bars (their P10–P90 from the intervals' bands
    summed, an upper bound of the daily spread), last year's actual day as grey points."""

    def by_day(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        days = pd.DatetimeIndex(frame["interval_start"]).normalize()
        out = frame.groupby(days)[columns].sum().reset_index(names="day")
        return out.assign(  # a bar spans its day (the axis then covers whole days)
            left=out["day"] + pd.Timedelta(hours=2),
            right=out["day"] + pd.Timedelta(hours=22),
            day=out["day"] + pd.Timedelta(hours=12),
            label=out["day"].map(common.day_format()),
        )

    fc = by_day(part, ["mean", "p10", "p90"])
    last = by_day(old, ["inquiries"]) if not old.empty else old
    x = alt.X("day:T", axis=alt.Axis(**common.time_axis()))
    day_tip = alt.Tooltip("label:N", title=tr("forecast.tip.day"))
    bars = (
        alt.Chart(fc)
        .mark_rect(color="#4c78a8", opacity=0.8)
        .encode(
            x=alt.X("left:T", axis=alt.Axis(**common.time_axis())),
            x2="right:T",
            y=alt.Y("mean:Q", title=tr("forecast.daily_inquiries")),
            y2=alt.datum(0),
            tooltip=[day_tip, alt.Tooltip("mean:Q", title=tr("forecast.tip.mean"), format=",.0f")],
        )
    )
    spread = alt.Chart(fc).mark_rule(color="#1f4e79").encode(x=x, y="p10:Q", y2="p90:Q")
    layers = [bars, spread]
    if not old.empty:
        layers.append(
            alt.Chart(last)
            .mark_point(color="#666666", filled=True, size=40)
            .encode(
                x=x,
                y="inquiries:Q",
                tooltip=[
                    day_tip,
                    alt.Tooltip("inquiries:Q", title=tr("forecast.tip.last"), format=",.0f"),
                ],
            )
        )
    return layers


def daily(fc: pd.DataFrame, queue: str) -> None:
    """Per day of the horizon: the queue's forecast inquiries, its busiest interval and
    that interval's inquiries (:func:`forecaster.views.daily_forecast`)."""
    table = views.daily_forecast(fc[fc["queue"] == queue])
    if table.empty:
        return
    st.subheader(tr("forecast.daily", queue=common.queue_name(queue)))
    shown = table.drop(columns=["queue"]).assign(
        date=table["date"].map(common.day_text),
        inquiries=table["inquiries"].round().astype("int64"),
        peak_time=pd.DatetimeIndex(table["peak_time"]).strftime("%H:%M"),
        peak_inquiries=table["peak_inquiries"].round().astype("int64"),
    )
    config: dict[str, Any] = {
        c: st.column_config.NumberColumn(tr(f"forecast.daily.{c}"), format="localized")
        for c in ("inquiries", "peak_inquiries")
    }
    for column in ("date", "peak_time"):
        config[column] = st.column_config.TextColumn(tr(f"forecast.daily.{column}"))
    st.dataframe(
        shown, hide_index=True, placeholder="—", key="fc_daily_table", column_config=config
    )


def model_notes(base: pd.DataFrame) -> None:
    """What the planner should know about this forecast (a young queue forecast as a share
    of the others, the planner's heat taken from the calendar, the weighing), as the CLI
    prints it."""
    notes = base.attrs.get("notes", [])
    if notes:
        lines = [render(note, common.lang(), common.names()) for note in notes]
        st.info("\n".join(f"- {common.plain(line)}" for line in lines))


def evidence(base: pd.DataFrame) -> None:
    """The weighing backtests behind the campaign forecast (model vs last year aligned)."""
    rows = pd.DataFrame(base.attrs.get("evidence", []))
    if rows.empty:
        return
    with st.expander(tr("forecast.evidence")):
        st.caption(tr("forecast.evidence_help"))
        common.show_table(rows, key="fc_evidence")


@st.cache_data(show_spinner=False, max_entries=4)
def _backtest(
    _history: History, _calendar: Calendar, key: str, event: str, holidays: str = "CN"
) -> pd.DataFrame:
    result = run_backtest(_history, _calendar, event, holidays=holidays)
    return result.metrics


def backtest(inp: Inputs, event: str | None) -> None:
    """The backtest of the last past event of the same family (on request: it refits)."""
    if event is None:
        return
    family = event_family(event)
    firsts = inp.calendar.frame.groupby("event")["start"].min()
    last = inp.history.frame["interval_start"].max()
    same = firsts.index.map(lambda e: event_family(str(e)) == family).to_numpy(dtype=bool)
    past = firsts[same & (firsts < last).to_numpy()]
    past = past[past.index != event]
    if past.empty:
        return
    target = str(past.idxmax())
    with st.expander(tr("forecast.backtest", event=target)):
        if st.button(tr("forecast.run_backtest"), key="fc_backtest"):
            st.session_state["fc_backtest_event"] = target
        if st.session_state.get("fc_backtest_event") == target:
            with st.spinner(tr("forecast.backtesting")), common.guarded():
                holidays = common.config(inp).holidays
                metrics = _backtest(inp.history, inp.calendar, inp.key, target, holidays)
                shown = (
                    metrics[metrics["scope"] == "campaign_days"] if "scope" in metrics else metrics
                )
                common.show_table(shown, key="fc_backtest_table")


def _rows(log: AdjustmentLog) -> pd.DataFrame:
    """The log as editor rows."""
    rows = []
    for entry in log:
        start, end = entry.window()
        rows.append(
            {
                "queue": entry.queue,
                "start": pd.Timestamp(start),
                "end": pd.Timestamp(end),
                "factor": getattr(entry, "factor", None),
                "day_total": getattr(entry, "total", None),
                "note": entry.note,
            }
        )
    frame = pd.DataFrame(rows, columns=list(ADJUSTMENT_COLUMNS))
    return frame.astype(
        {
            "start": "datetime64[ns]",
            "end": "datetime64[ns]",
            "factor": float,
            "day_total": float,
            "queue": object,
            "note": object,
        }  # fmt: skip
    )


def adjustments_from_rows(rows: pd.DataFrame) -> list:
    """Editor rows as adjustments: a day total (start's day) where ``day_total`` is set,
    else a scale of ``[start, end)`` by ``factor``. Incomplete rows are skipped.

    Raises
    ------
    InputDataError
        A row the adjustment models refuse (one line naming the row and field).
    """
    entries = []
    for row in rows.itertuples(index=False):
        if pd.isna(row.start):
            continue
        common_fields = {"queue": row.queue or EVERY_QUEUE, "note": row.note or ""}
        if pd.notna(row.day_total):
            entries.append(
                {
                    "kind": "day_total",
                    "date": pd.Timestamp(row.start).date().isoformat(),
                    "total": row.day_total,
                    **common_fields,
                }  # fmt: skip
            )
        elif pd.notna(row.factor) and pd.notna(row.end):
            entries.append(
                {
                    "kind": "scale",
                    "start": str(row.start),
                    "end": str(row.end),
                    "factor": row.factor,
                    **common_fields,
                }  # fmt: skip
            )
    return parse_adjustments(entries, source=tr("forecast.adjustments"))


def adjustments_editor(inp: Inputs, fc: pd.DataFrame) -> None:
    """The adjustments table: every valid edit applies at once; undo restores the last log."""
    st.subheader(tr("forecast.adjustments"))
    log = common.adjustment_log()
    version = st.session_state.setdefault("adj_version", 0)
    queues = [EVERY_QUEUE, *sorted(fc["queue"].unique())]
    # queues by their display names in Chinese, "all" as 全部队列 (the log's name for it)
    shown = common.shown_as({**common.names(), EVERY_QUEUE: EVERY_QUEUE_NAME})
    edited = st.data_editor(
        _rows(log),
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        key=f"adj_editor_{version}",
        column_config={
            "queue": st.column_config.SelectboxColumn(
                tr("data.queue"), options=queues, default=EVERY_QUEUE, format_func=shown
            ),  # fmt: skip
            "start": st.column_config.DatetimeColumn(
                tr("forecast.start"), format="YYYY-MM-DD HH:mm"
            ),
            "end": st.column_config.DatetimeColumn(tr("forecast.end"), format="YYYY-MM-DD HH:mm"),
            "factor": st.column_config.NumberColumn(
                tr("forecast.factor"), min_value=0.0, format="%.2f"
            ),  # fmt: skip
            "day_total": st.column_config.NumberColumn(tr("forecast.day_total"), min_value=0.0),
            "note": st.column_config.TextColumn(tr("forecast.note")),
        },
    )
    try:
        entries = adjustments_from_rows(edited)
    except Exception as error:  # shown as the CLI's one line; the log keeps its last state
        show_error(error)
        entries = None
    if entries is not None and [e.model_dump(exclude={"id", "created_at"}) for e in entries] != [
        e.model_dump(exclude={"id", "created_at"}) for e in log
    ]:
        st.session_state.setdefault("adj_undo", []).append(log)
        st.session_state["adjustments"] = AdjustmentLog(tuple(entries))
        st.session_state["adj_version"] = version + 1
        st.rerun()
    with st.form("adj_quick", clear_on_submit=False, border=True):
        st.caption(tr("forecast.quick_add"))
        cols = st.columns([1.5, 2, 2, 1, 3])  # 全部队列 whole
        queue = cols[0].selectbox(
            tr("data.queue"),
            queues,
            key="adj_q_queue",
            format_func=shown,
            help=tr("forecast.quick_queue.help"),
        )
        horizon = common.horizon(inp)
        opening = f"{horizon[0]:%Y-%m-%d} 00:00"
        next_day = f"{horizon[0] + pd.Timedelta(days=1):%Y-%m-%d} 00:00"
        # a new window, or the page opened again (its fields' state went with the visit
        # elsewhere, and empty fields only earned an error): the window's first day
        if st.session_state.get("adj_q_window") != opening or not st.session_state.get(
            "adj_q_start"
        ):
            st.session_state.update(adj_q_window=opening, adj_q_start=opening, adj_q_end=next_day)
        first = cols[1].text_input(tr("forecast.start"), key="adj_q_start",
                                   help=tr("forecast.quick_start.help"))  # fmt: skip
        last = cols[2].text_input(tr("forecast.end"), key="adj_q_end",
                                  help=tr("forecast.quick_end.help"))  # fmt: skip
        factor = cols[3].number_input(
            tr("forecast.factor"), 0.01, 20.0, 1.2, 0.05, key="adj_q_factor",
            help=tr("forecast.factor.help"),
        )  # fmt: skip
        note = cols[4].text_input(
            tr("forecast.note"), key="adj_q_note", help=tr("forecast.note.help")
        )
        if st.form_submit_button(tr("forecast.add")):
            try:
                (entry,) = parse_adjustments(
                    [
                        {
                            "kind": "scale",
                            "queue": queue,
                            "start": first,
                            "end": last,
                            "factor": factor,
                            "note": note,
                        }
                    ],  # fmt: skip
                    source=tr("forecast.adjustments"),
                )
            except Exception as error:  # the CLI's one line
                show_error(error)
            else:
                st.session_state.setdefault("adj_undo", []).append(log)
                st.session_state["adjustments"] = log.add(entry)
                st.session_state["adj_version"] = version + 1
                st.rerun()
    left, right = st.columns([1, 5])
    undo = st.session_state.get("adj_undo", [])
    if left.button(tr("forecast.undo"), key="adj_undo_button", disabled=not undo):
        st.session_state["adjustments"] = undo.pop()
        st.session_state["adj_version"] = version + 1
        st.rerun()
    if len(log):
        counts = {  # whole inquiries, as every other count on the page
            c: st.column_config.NumberColumn(column_label(c, common.lang()), format="localized")
            for c in ("inquiries_before", "inquiries_after")
        }
        table = explain(fc, log.entries)
        rounded = {c: table[c].round(0) for c in counts if c in table}  # 29,096, not 29096
        common.show_table(
            table.assign(**rounded), key="adj_log", target=right, column_config=counts
        )


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    start, end, event = choose_horizon(inp)
    try:
        cfg = common.config(inp)
        with st.spinner(tr("forecast.running")):
            base = common.forecast(inp, cfg)
        fc = common.adjusted_forecast(inp, cfg)
    except Exception as error:  # one line, as the CLI
        show_error(error)
        return
    previous, label = last_year(inp.history, inp.calendar, event, start, end)
    cols = st.columns(3)
    cols[0].metric(tr("forecast.total"), f"{fc['mean'].sum():,.0f}")
    cols[1].metric(tr("forecast.peak"), f"{fc.groupby('interval_start')['p50'].sum().max():,.0f}")
    change = fc["mean"].sum() / max(base["mean"].sum(), 1e-9) - 1
    cols[2].metric(tr("forecast.adjusted_by"), f"{change:+.1%}")
    last = inp.history.frame["interval_start"].max()
    cutoff = min(pd.Timestamp(start) - pd.Timedelta(days=1), pd.Timestamp(last).normalize())
    st.caption(
        tr("forecast.cutoff", day=f"{cutoff:%Y-%m-%d}", start=f"{pd.Timestamp(start):%Y-%m-%d}")
    )
    queue = st.radio(
        tr("data.queue"),
        sorted(fc["queue"].unique()),
        index=common.kept_index("fc_queue", sorted(fc["queue"].unique()), None),
        horizontal=True,
        key="fc_queue",
        format_func=common.shown_as(common.names()),
    )
    model_notes(base)
    chart(fc, previous, label, queue, phase_shading(inp.calendar, start, end))
    daily(fc, queue)
    evidence(base)
    adjustments_editor(inp, base)
    backtest(inp, event)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
