"""Review page: a saved plan against the actual inquiries of its horizon: forecast error,
headcount required at the actuals against the roster (under-served intervals in red),
over-staffed hours and their cost, and the roster's simulated service on the actuals."""

from __future__ import annotations

import hashlib
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import show_error, tr
from forecaster.messages import column_label, share
from forecaster.review import ReviewResult, review_plan
from forecaster.store import PlanStore
from forecaster.validation import History

REPLICATIONS = 5
TABLES = ("daily", "hourly", "under_served", "over_staffed")
UPLOAD_TYPES = ["csv", "gz", "xlsx", "xls", "txt", "tsv"]
PERCENT_COLUMNS = frozenset(
    {"abs_pct_error", "wape", "wape_p50", "bias", "band_coverage", "simulated_service_level"}
    | {"simulated_abandon_rate"}
)


def choose_plan(plan_store: PlanStore) -> int | None:
    """The saved plan to review (newest first); ``None`` when the store has none."""
    plans = plan_store.list()
    if plans.empty:
        st.info(tr("review.no_plans"))
        return None
    rows = {int(row.id): row for row in plans.itertuples(index=False)}

    def label(plan_id: int) -> str:
        row = rows[plan_id]
        first, last = str(row.horizon_start)[:10], str(row.horizon_end)[:10]
        if first in row.name and last in row.name:  # the default name is the span
            return f"#{plan_id} {row.name}"
        return f"#{plan_id} {row.name} · {first} – {last}"

    ids = list(reversed(rows))
    chosen: int = st.selectbox(
        tr("review.plan"),
        ids,
        index=common.kept_index("rv_plan", ids, ids[0] if ids else None),
        format_func=label,
        key="rv_plan",
    )
    return chosen


def choose_actuals() -> tuple[History, str] | None:
    """The actuals (the loaded history, or an upload) and a key of their content; ``None``
    (after an info or the loader's one-line ``st.error``) when there are none to use."""
    source = st.session_state.get("source", "sample")
    if source == "sample" or common.uploaded("history_upload") is not None:
        label = "review.use_sample" if source == "sample" else "review.use_history"
        if st.checkbox(tr(label), common.kept("rv_use_sample", False), key="rv_use_sample"):
            inp = common.inputs()
            return None if inp is None else (inp.history, f"inputs:{inp.key}")
    upload = common.file_uploader(tr("review.actuals"), UPLOAD_TYPES, "rv_actuals")
    if upload is None:
        st.info(tr("review.upload_first"))
        return None
    data = upload.getvalue()
    try:
        history = common.read_actuals(data, upload.name)
    except Exception as error:  # the CLI's one line
        show_error(error)
        return None
    return history, f"upload:{upload.name}:{hashlib.sha256(data).hexdigest()[:16]}"


@st.cache_data(show_spinner=False, max_entries=4)
def _review(
    url: str, plan_id: int, actuals_key: str, _plan_store: PlanStore, _actuals: History
) -> ReviewResult:
    saved = _plan_store.load(plan_id)
    return review_plan(saved.result, _actuals, replications=REPLICATIONS)


def _pct(value: float | None, spec: str = ".1%") -> str:
    return "–" if value is None else share(value, spec)


def figures(summary: dict) -> None:
    """The review's key figures."""
    excluded = sum(summary.get("intervals_excluded", {}).values())
    st.caption(
        tr(
            "review.caption",
            source=summary["actuals_source"],
            compared=f"{summary['intervals_compared']:,}",
            excluded=f"{excluded:,}",
        )
    )
    cols = st.columns(4)
    cols[0].metric(tr("review.wape"), _pct(summary.get("wape")))
    cols[1].metric(tr("review.bias"), _pct(summary.get("bias"), "+.1%"))
    cols[2].metric(tr("review.coverage"), _pct(summary.get("band_coverage_p10_p90")))
    level = summary.get("simulated_service_level")
    planned = summary.get("plan_simulated_service_level")
    delta = None
    if level is not None and planned is not None:
        delta = tr("review.vs_plan", value=f"{(level - planned) * 100:+.1f} pp")
    cols[3].metric(tr("review.sl"), _pct(level), delta=delta)
    cols = st.columns(4)
    cols[0].metric(tr("review.under"), f"{summary['under_served_intervals']:,}")
    cols[1].metric(tr("review.shortfall"), f"{summary['shortfall_agent_hours']:,.1f}")
    cols[2].metric(tr("review.over_hours"), f"{summary['over_staffed_hours']:,.1f}")
    cols[3].metric(tr("review.over_cost"), f"{summary['over_staffed_cost']:,.0f}")


def forecast_chart(review: ReviewResult, queue: str) -> None:
    """Actual and forecast inquiries per day."""
    part = review.daily[review.daily["queue"] == queue]
    names = {
        "actual": tr("review.series.actual"),
        "forecast": tr("review.series.forecast"),
        "forecast_p50": tr("review.series.forecast_p50"),
    }
    data = part.melt(id_vars=["date"], value_vars=list(names), var_name="series")
    data = data.assign(series=data["series"].map(names), value=data["value"].astype(float))
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=1.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(**common.time_axis(days=1))),
            y=alt.Y("value:Q", title=tr("data.inquiries")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=list(names.values()), range=["#222222", "#1f77b4", "#9ecae1"]
                ),
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m-%d", title=column_label("date", common.lang())),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", format=",.0f", title=tr("data.inquiries")),
            ],
        )
        .properties(height=320, title=tr("review.forecast_chart", queue=common.queue_name(queue)))
    )
    st.altair_chart(chart, width="stretch")


def staffing_chart(review: ReviewResult, queue: str) -> None:
    """Headcount required at the actuals against the roster's, under-served in red."""
    part = review.intervals[review.intervals["queue"] == queue]
    required, rostered = tr("review.series.required"), tr("review.series.rostered")
    when = column_label("interval_start", common.lang())
    frame = pd.DataFrame(
        {
            "interval_start": part["interval_start"],
            required: part["required_headcount"].astype(float),
            rostered: part["scheduled"].astype(float),
        }
    )
    data = frame.melt(id_vars=["interval_start"], var_name="series")
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("interval_start:T", title=None, axis=alt.Axis(**common.time_axis())),
            y=alt.Y("value:Q", title=tr("capacity.people")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[required, rostered], range=["#ff7f0e", "#1f77b4"]),
            ),
            tooltip=[
                alt.Tooltip("interval_start:T", format=common.TOOLTIP_TIME, title=when),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", format=",.1f", title=tr("capacity.people")),
            ],
        )
    )
    short = part["shortfall_headcount"].astype(float) > 0
    under = pd.DataFrame(
        {
            "interval_start": part.loc[short, "interval_start"],
            "value": part.loc[short, "required_headcount"].astype(float),
            "shortfall": part.loc[short, "shortfall_headcount"].astype(float),
            "series": tr("review.series.under"),
        }
    )
    dots = (
        alt.Chart(under)
        .mark_circle(color="red", size=30)
        .encode(
            x="interval_start:T",
            y="value:Q",
            tooltip=[
                alt.Tooltip("interval_start:T", format=common.TOOLTIP_TIME, title=when),
                alt.Tooltip("value:Q", format=",.1f", title=required),
                alt.Tooltip(
                    "shortfall:Q", format=",.1f", title=column_label("shortfall", common.lang())
                ),
            ],
        )
    )
    title = tr("review.staffing_chart", queue=common.queue_name(queue))
    st.altair_chart(alt.layer(lines, dots).properties(height=320, title=title), width="stretch")


def _formats(table: pd.DataFrame) -> dict[str, Any]:
    """Number and time formats people read: shares as percentages, counts and hours with
    thousands separators, times to the minute (the CSV keeps full precision)."""
    language = common.lang()
    config: dict[str, Any] = {}
    for column in table.columns:
        # a review's "error" is the forecast's error (误差), not a failure (错误)
        label = column_label("forecast_error" if column == "error" else column, language)
        if column in PERCENT_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="percent")
        elif column == "interval_start":
            config[column] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
        elif column == "date":
            config[column] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif pd.api.types.is_numeric_dtype(table[column]):  # 30,142 and -3,900.1
            config[column] = st.column_config.NumberColumn(label, format="localized")
    return config


def tables(review: ReviewResult) -> None:
    """The review's tables, each with its CSV, and every review file in one zip."""
    st.subheader(tr("review.tables"))
    tabs = st.tabs([tr(f"review.table.{name}") for name in TABLES])
    for tab, name in zip(tabs, TABLES, strict=True):
        table: pd.DataFrame = getattr(review, name)
        file_name = f"review_{name}.csv"
        with tab:
            floats = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
            shown = table.round({c: 1 for c in floats if c not in PERCENT_COLUMNS})
            common.show_table(shown, key=f"rv_table_{name}", column_config=_formats(table))
            st.download_button(
                tr("review.download", file=file_name),
                common.csv_bytes(table),
                file_name=file_name,
                mime="text/csv",
                key=f"rv_download_{name}",
                on_click="ignore",
            )
    st.download_button(
        tr("review.download_zip"),
        lambda: common.zip_bytes(common.review_files(review)),
        file_name="review.zip",
        mime="application/zip",
        key="rv_download_zip",
        on_click="ignore",
    )


def main() -> None:
    try:
        plan_store = common.store()
        plan_id = choose_plan(plan_store)
    except Exception as error:  # a store that cannot be opened or read: one line
        show_error(error)
        return
    if plan_id is None:
        return
    chosen = choose_actuals()
    if chosen is None:
        return
    actuals, key = chosen
    try:
        with st.spinner(tr("review.running", replications=REPLICATIONS)):
            review = _review(plan_store.url, plan_id, key, plan_store, actuals)
    except Exception as error:  # actuals that do not fit the plan: the CLI's one line
        show_error(error)
        return
    with common.guarded():
        figures(review.summary)
        queues = sorted(review.intervals["queue"].astype(str).unique())
        queue = st.radio(
            tr("data.queue"),
            queues,
            index=common.kept_index("rv_queue", queues, None),
            horizontal=True,
            key="rv_queue",
            format_func=common.shown_as(common.names()),
        )
        forecast_chart(review, queue)
        staffing_chart(review, queue)
    with common.guarded():
        tables(review)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
