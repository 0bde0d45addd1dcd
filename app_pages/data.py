"""Data page: the validation report, the history by queue with campaign phases shaded, and
the campaign calendar in an editable table (edits feed every later page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import Inputs, chart_values, inputs, show_error, tr
from forecaster import views
from forecaster.validation import Calendar, ValidationReport, build_report, read_calendar


def quality(report: ValidationReport) -> None:
    st.subheader(tr("data.quality"))
    h = report.history
    cols = st.columns(5)
    cols[0].metric(tr("data.rows"), f"{len(h.frame):,}")
    cols[1].metric(tr("data.interval"), f"{h.interval_minutes} min")
    cols[2].metric(tr("data.missing"), sum(g.intervals for g in h.gaps))
    cols[3].metric(tr("data.duplicates"), len(h.duplicate_rows))
    cols[4].metric(tr("data.outages"), len(h.outages))
    st.dataframe(
        pd.DataFrame([vars(q) for q in report.queues]), hide_index=True, key="queue_summary"
    )
    if report.campaigns:
        st.caption(f"{tr('data.campaigns_in_history')}: " + ", ".join(report.campaigns))
    for finding in report.findings:
        st.warning(finding.message)


def history_chart(report: ValidationReport, calendar: Calendar) -> None:
    st.subheader(tr("data.history"))
    history = report.history
    lo, hi = history.frame["interval_start"].min(), history.frame["interval_start"].max()
    whole, label = "", tr("data.whole")  # a value that reads the same in both languages
    choice = st.selectbox(
        tr("data.show"), [whole, *report.campaigns], key="zoom",
        format_func=lambda value: value or label,
    )  # fmt: skip
    if choice == whole:
        data, start, end = views.totals(history, "D"), lo, hi
        title = f"{history.source}: {tr('data.inquiries')} / day"
    else:
        start, end = views.event_window(calendar, choice)
        data = views.window(history, start, end)
        title = f"{choice}: {tr('data.inquiries')} / {history.interval_minutes} min"
    spans = views.phase_spans(calendar, start, end)
    st.vega_lite_chart(history_spec(data, spans, title), width="stretch")


def history_spec(data: pd.DataFrame, spans: pd.DataFrame, title: str) -> dict[str, object]:
    """Inquiries per queue as lines over the campaign phases shaded, as a Vega-Lite spec.

    Written out rather than built with altair: the first page is the app's cold start, and
    importing altair and validating its chart took 0.6 s of it."""
    lines = {
        "data": {"values": chart_values(data[["interval_start", "queue", "inquiries"]])},
        "mark": {"type": "line", "strokeWidth": 1},
        "encoding": {
            "x": {"field": "interval_start", "type": "temporal", "title": None},
            "y": {"field": "inquiries", "type": "quantitative", "title": tr("data.inquiries")},
            "color": {"field": "queue", "type": "nominal", "title": tr("data.queue")},
            "tooltip": [
                {"field": "interval_start", "type": "temporal"},
                {"field": "queue", "type": "nominal"},
                {"field": "inquiries", "type": "quantitative"},
            ],
        },
    }
    shade = {
        "data": {"values": chart_values(spans[["event", "phase", "start", "end"]])},
        "mark": {"type": "rect", "opacity": 0.15},
        "encoding": {
            "x": {"field": "start", "type": "temporal"},
            "x2": {"field": "end"},
            "color": {
                "field": "phase",
                "type": "nominal",
                "title": tr("data.phase"),
                "scale": {"scheme": "set2"},
            },
            "tooltip": [
                {"field": "event", "type": "nominal"},
                {"field": "phase", "type": "nominal"},
                {"field": "start", "type": "temporal"},
                {"field": "end", "type": "temporal"},
            ],
        },
    }
    return {
        "layer": [shade, lines],
        "resolve": {"scale": {"color": "independent"}},
        "height": 360,
        "title": title,
    }


def calendar_editor(inp: Inputs) -> Calendar:
    """The file's calendar in an editable table; valid edits replace it for the session
    (every later page plans with them). Returns the calendar to use."""
    with st.expander(tr("data.calendar"), expanded=False):
        frame = inp.file_calendar.frame[["event", "phase", "start", "end", "note"]]
        edited = st.data_editor(
            frame,
            num_rows="dynamic",
            hide_index=True,
            key="calendar_editor",
            column_config={
                "start": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
                "end": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            },
        )
        if edited.equals(frame):
            st.session_state.pop("calendar_edits", None)
            return inp.file_calendar
        text = edited.to_csv(index=False, date_format="%Y-%m-%d %H:%M")
        try:
            calendar = read_calendar(
                text.encode("utf-8"), name=f"{inp.file_calendar.source} (edited)"
            )
        except Exception as error:  # shown as the CLI's one line
            show_error(error)
            return inp.calendar
        st.session_state["calendar_edits"] = calendar.frame
        return calendar


def main() -> None:
    inp = inputs()
    if inp is None:
        return
    calendar = calendar_editor(inp)
    report = build_report(inp.history, calendar)
    history_chart(report, calendar)
    quality(report)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
