"""Data page: the validation report, the history by queue with campaign phases shaded, and
the campaign calendar in an editable table (edits feed every later page)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import Inputs, chart_values, inputs, show_error, tr
from forecaster import views
from forecaster.campaigns import split_seasons
from forecaster.messages import PHASES as PHASE_NAMES
from forecaster.messages import column_label
from forecaster.validation import PHASES as CALENDAR_PHASES
from forecaster.validation import Calendar, ValidationReport, build_report, read_calendar


def quality(report: ValidationReport) -> None:
    st.subheader(tr("data.quality"))
    h = report.history
    cols = st.columns(5)
    cols[0].metric(tr("data.rows"), f"{len(h.frame):,}")
    cols[1].metric(tr("data.interval"), tr("data.minutes", minutes=h.interval_minutes))
    cols[2].metric(tr("data.missing"), sum(g.intervals for g in h.gaps))
    cols[3].metric(tr("data.duplicates"), len(h.duplicate_rows))
    cols[4].metric(tr("data.outages"), len(h.outages))
    queues = pd.DataFrame([vars(q) for q in report.queues])
    weekday = tr("roster.weekdays").split(",")
    queues = queues.assign(
        start=pd.DatetimeIndex(queues["start"]).strftime("%Y-%m-%d %H:%M"),
        end=pd.DatetimeIndex(queues["end"]).strftime("%Y-%m-%d %H:%M"),
        busiest_day=[f"{d:%Y-%m-%d} {weekday[d.weekday()]}" for d in queues["busiest_day"]],
    )
    counts = ("days", "total_inquiries", "daily_min", "daily_median", "daily_max")
    common.show_table(
        queues,
        key="queue_summary",
        column_config={
            c: st.column_config.NumberColumn(column_label(c, common.lang()), format="localized")
            for c in counts
        },
    )
    if report.campaigns:
        st.caption(f"{tr('data.campaigns_in_history')}: " + ", ".join(report.campaigns))
    for finding in report.findings:  # info: a queue's opening hours
        (st.info if finding.severity == "info" else st.warning)(common.say_plain(finding.message))


def history_chart(report: ValidationReport, calendar: Calendar) -> None:
    st.subheader(tr("data.history"))
    history = report.history
    lo, hi = history.frame["interval_start"].min(), history.frame["interval_start"].max()
    whole, label = "", tr("data.whole")  # a value that reads the same in both languages
    choice = st.selectbox(
        tr("data.show"), [whole, *report.campaigns],
        index=common.kept_index("zoom", [whole, *report.campaigns], whole), key="zoom",
        format_func=lambda value: value or label,
    )  # fmt: skip
    if choice == whole:
        data, start, end = views.totals(history, "D"), lo, hi
        title = tr("data.chart.daily", source=history.source)
    else:
        start, end = views.event_window(calendar, choice)
        data = views.window(history, start, end)
        title = tr("data.chart.window", event=choice, minutes=history.interval_minutes)
    spans = views.phase_spans(calendar, start, end)
    named = common.shown_as(common.names())
    data = data.assign(queue=data["queue"].map(named))
    keys = list(dict.fromkeys(spans.sort_values("start")["phase"])) if len(spans) else []
    spans = spans.assign(phase=spans["phase"].map(common.shown_as(PHASE_NAMES)))
    spec = history_spec(data, spans, title, common.phase_scale(keys))
    st.vega_lite_chart(spec, width="stretch")


def _days(data: pd.DataFrame) -> float:
    stamps = pd.to_datetime(data["interval_start"])
    return float((stamps.max() - stamps.min()) / pd.Timedelta(days=1)) if len(stamps) else 0.0


def history_spec(
    data: pd.DataFrame,
    spans: pd.DataFrame,
    title: str,
    phase_scale: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Inquiries per queue as lines over the campaign phases shaded, as a Vega-Lite spec.

    Written out rather than built with altair: the first page is the app's cold start, and
    importing altair and validating its chart took 0.6 s of it."""
    lines = {
        "data": {"values": chart_values(data[["interval_start", "queue", "inquiries"]])},
        "mark": {"type": "line", "strokeWidth": 1},
        "encoding": {
            "x": {
                "field": "interval_start",
                "type": "temporal",
                "axis": common.time_axis(days=_days(data)),
            },
            "y": {"field": "inquiries", "type": "quantitative", "title": tr("data.inquiries")},
            "color": {"field": "queue", "type": "nominal", "title": tr("data.queue")},
            "tooltip": [
                {
                    "field": "interval_start",
                    "type": "temporal",
                    "title": tr("forecast.tip.time"),
                    "format": common.TOOLTIP_TIME,
                },
                {"field": "queue", "type": "nominal", "title": tr("data.queue")},
                {
                    "field": "inquiries",
                    "type": "quantitative",
                    "title": tr("data.inquiries"),
                    "format": ",.0f",
                },
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
                "scale": phase_scale if phase_scale else {"scheme": "set2"},  # one per phase
            },
            "tooltip": [
                {"field": "event", "type": "nominal", "title": tr("forecast.tip.event")},
                {"field": "phase", "type": "nominal", "title": tr("data.phase")},
                {
                    "field": "start",
                    "type": "temporal",
                    "title": tr("forecast.start"),
                    "format": common.TOOLTIP_TIME,
                },
                {
                    "field": "end",
                    "type": "temporal",
                    "title": tr("forecast.end"),
                    "format": common.TOOLTIP_TIME,
                },
            ],
        },
    }
    return {
        "layer": [shade, lines],
        "resolve": {"scale": {"color": "independent"}},
        "height": 360,
        "title": title,
    }


def _editable(calendar: pd.DataFrame) -> pd.DataFrame:
    """A calendar frame as the editor shows it; heat as text, so a blank reads blank (a
    number column shows "None")."""
    frame = calendar.reindex(columns=["event", "phase", "start", "end", "note", "heat"])
    frame["heat"] = frame["heat"].map(lambda h: "" if pd.isna(h) else f"{h:g}")
    frame["note"] = frame["note"].fillna("")
    return frame.reset_index(drop=True)


def one_heat_per_event(edited: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """A heat typed into one row of a campaign is the campaign's: the file's calendar gives
    one heat per campaign, shown on each of its rows, and changing one cell left the others
    at the old value ("must be one value per campaign" until the planner had typed it into
    every row). Where an event's rows disagree and the cells the planner changed agree, all
    its rows take the changed value."""
    heat = edited["heat"].fillna("").astype(str).str.strip()
    before = shown["heat"].fillna("").astype(str).str.strip().reindex(edited.index)
    changed = heat.ne(before) | before.isna()
    # a campaign is a season: a name reused over years ("双11") is one campaign a year, as
    # the calendar reads it (one year's heat changed every year's)
    dated = edited.assign(
        start=pd.to_datetime(edited["start"], errors="coerce"),
        end=pd.to_datetime(edited["end"], errors="coerce"),
    )
    whole = dated["start"].notna() & dated["end"].notna()
    campaign = edited["event"].astype(str)
    if whole.any():
        campaign = campaign.where(~whole, split_seasons(dated[whole]).astype(str))
    out = edited.copy()
    for _, rows in heat.groupby(campaign, sort=False):
        if rows.nunique() < 2:
            continue
        new = rows[changed.loc[rows.index]]
        if new.nunique() == 1:
            out.loc[rows.index, "heat"] = new.iloc[0]
    return out


def calendar_editor(inp: Inputs) -> Calendar:
    """The file's calendar in an editable table; valid edits replace it for the session
    (every later page plans with them). Returns the calendar to use."""
    with st.expander(tr("data.calendar"), expanded=False):
        file_frame = _editable(inp.file_calendar.frame)
        # the table starts from the session's edits when the page is opened again (the
        # editor's own state goes when the planner visits another page; starting from the
        # file then threw the edits away), under a new key so no old change applies twice
        version = st.session_state.setdefault("calendar_editor_version", 0)
        fresh = "calendar_editor_base" not in st.session_state  # a new calendar file
        if fresh or f"calendar_editor_{version}" not in st.session_state:
            version = st.session_state["calendar_editor_version"] = version + 1
            edits = st.session_state.get("calendar_edits")
            st.session_state["calendar_editor_base"] = (
                file_frame if edits is None else _editable(edits)
            )
        frame = st.session_state["calendar_editor_base"]
        edited = st.data_editor(
            frame,
            num_rows="dynamic",
            hide_index=True,
            placeholder="",
            key=f"calendar_editor_{version}",
            column_config={
                "event": st.column_config.TextColumn(column_label("event", common.lang())),
                "phase": st.column_config.SelectboxColumn(
                    column_label("phase", common.lang()),
                    options=list(CALENDAR_PHASES),
                    format_func=common.shown_as(PHASE_NAMES),
                    required=True,
                ),
                "start": st.column_config.DatetimeColumn(
                    column_label("start", common.lang()), format="YYYY-MM-DD HH:mm"
                ),
                "end": st.column_config.DatetimeColumn(
                    column_label("end", common.lang()), format="YYYY-MM-DD HH:mm"
                ),
                "note": st.column_config.TextColumn(column_label("note", common.lang())),
                "heat": st.column_config.TextColumn(
                    column_label("heat", common.lang()),
                    help=tr("data.heat_help"),
                    validate=r"^\s*([0-9]+([.][0-9]*)?)?\s*$",
                ),
            },
        )
        if edited.reset_index(drop=True).equals(file_frame.reset_index(drop=True)):
            st.session_state.pop("calendar_edits", None)
            return inp.file_calendar
        if edited.equals(frame) and "calendar_edits" in st.session_state:
            return inp.calendar  # the session's edits, unchanged on this visit
        edited = one_heat_per_event(edited, frame)
        text = edited.to_csv(index=False, date_format="%Y-%m-%d %H:%M")
        try:
            calendar = read_calendar(
                text.encode("utf-8"), name=tr("data.edited", source=inp.file_calendar.source)
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
