"""The planner's Streamlit app: widgets -> forecaster library calls -> rendering.

Run with ``make run`` or ``forecaster app``. Caching lives here, never in the library.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from forecaster import views
from forecaster.errors import PlannerError
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import (
    Calendar,
    History,
    ValidationReport,
    build_report,
    read_calendar,
    read_history,
)

st.set_page_config(page_title="大促客服排班 · Campaign staffing planner", layout="wide")


@st.cache_data(show_spinner="Reading history…")
def load_history(data: bytes, name: str) -> History:
    return read_history(data, name=name)


@st.cache_data(show_spinner="Reading calendar…")
def load_calendar(data: bytes, name: str) -> Calendar:
    return read_calendar(data, name=name)


def _inputs() -> tuple[History, Calendar] | None:
    """Sidebar: bundled sample or uploads; ``None`` (with st.error shown) if unusable."""
    st.sidebar.header("数据 Data")
    source = st.sidebar.radio("Source", ["Bundled sample shop", "Upload my files"], key="source")
    if source == "Bundled sample shop":
        history_file = (SAMPLE_HISTORY.read_bytes(), SAMPLE_HISTORY.name)
        calendar_file = (SAMPLE_CALENDAR.read_bytes(), SAMPLE_CALENDAR.name)
    else:
        up_h = st.sidebar.file_uploader(
            "History (咨询数据) CSV / XLSX / GBK",
            type=["csv", "gz", "xlsx", "xls", "txt", "tsv"],
            key="history_upload",
        )
        up_c = st.sidebar.file_uploader(
            "Campaign calendar (大促日历), optional",
            type=["csv", "xlsx", "xls"],
            key="calendar_upload",
        )
        if up_h is None:
            st.info("Upload a history export to begin, or switch to the bundled sample.")
            return None
        history_file = (up_h.getvalue(), up_h.name)
        calendar_file = (
            (up_c.getvalue(), up_c.name)
            if up_c is not None
            else (SAMPLE_CALENDAR.read_bytes(), SAMPLE_CALENDAR.name)
        )
    try:
        return load_history(*history_file), load_calendar(*calendar_file)
    except PlannerError as exc:
        st.error(str(exc))
        if len(exc.problems) > 1:
            with st.expander(f"All {len(exc.problems)} problems"):
                st.markdown("\n".join(f"- {p}" for p in exc.problems))
        return None
    except Exception as exc:  # a bug must not take the page down with a traceback
        st.error(f"Could not read the files (internal error: {type(exc).__name__}: {exc})")
        return None


def _quality(report: ValidationReport) -> None:
    st.subheader("数据质量 Data quality")
    h = report.history
    cols = st.columns(5)
    cols[0].metric("Rows", f"{len(h.frame):,}")
    cols[1].metric("Interval", f"{h.interval_minutes} min")
    cols[2].metric("Missing intervals", sum(g.intervals for g in h.gaps))
    cols[3].metric("Duplicate rows", len(h.duplicate_rows))
    cols[4].metric("Suspected outages", len(h.outages))
    st.dataframe(
        pd.DataFrame([vars(q) for q in report.queues]), hide_index=True, key="queue_summary"
    )
    if report.campaigns:
        st.caption("Campaigns in the history: " + ", ".join(report.campaigns))
    for finding in report.findings:
        st.warning(finding.message)
    if report.calendar is not None:
        with st.expander(f"大促日历 Campaign calendar ({report.calendar.source})"):
            st.dataframe(report.calendar.frame, hide_index=True, key="calendar_table")


def _history_chart(report: ValidationReport, calendar: Calendar) -> None:
    st.subheader("历史咨询量 History by queue")
    history = report.history
    lo, hi = history.frame["interval_start"].min(), history.frame["interval_start"].max()
    choice = st.selectbox("Show", ["Whole history (daily totals)", *report.campaigns], key="zoom")
    if choice.startswith("Whole"):
        data, start, end, unit = views.totals(history, "D"), lo, hi, "per day"
        title = f"{history.source}: daily inquiries"
    else:
        start, end = views.event_window(calendar, choice)
        data, unit = views.window(history, start, end), f"per {history.interval_minutes} min"
        title = f"{choice}: inquiries {unit}, phases shaded"
    spans = views.phase_spans(calendar, start, end)
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("interval_start:T", title=None),
            y=alt.Y("inquiries:Q", title=f"Inquiries {unit}"),
            color=alt.Color("queue:N", title="Queue"),
            tooltip=["interval_start:T", "queue:N", "inquiries:Q"],
        )
    )
    shade = (
        alt.Chart(spans)
        .mark_rect(opacity=0.15)
        .encode(
            x="start:T",
            x2="end:T",
            color=alt.Color("phase:N", title="Phase", scale=alt.Scale(scheme="set2")),
            tooltip=["event:N", "phase:N", "start:T", "end:T"],
        )
    )
    chart = (
        alt.layer(shade, line)
        .resolve_scale(color="independent")
        .properties(height=360, title=title)
    )
    st.altair_chart(chart, width="stretch")


def main() -> None:
    st.title("大促客服排班 Campaign staffing planner")
    loaded = _inputs()
    if loaded is None:
        return
    history, calendar = loaded
    report = build_report(history, calendar)
    _history_chart(report, calendar)
    _quality(report)


main()
