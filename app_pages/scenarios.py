"""Scenarios page: 2-6 what-ifs (bot resolution preset, chat concurrency, forecast quantile)
planned in parallel on one shared forecast, compared side by side (table, cost against
simulated service level), and the chosen one saved to the plan store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import Inputs, show_error, tr
from forecaster.config import PlanConfig
from forecaster.messages import localise_values
from forecaster.scenarios import COMPARISON_COLUMNS, Comparison, Scenario, run_scenarios

KEEP = "config"
# Choice that keeps the configuration's value (no override).
BOT_PRESETS = (0, 30, 50, 70)
# Bot resolution presets. [%]
CONCURRENCY = (1, 2, 3, 4, 5, 6)
QUANTILES = ("mean", "p50", "p80", "p90", "p95")
DEFAULT_ROWS: tuple[tuple[object, object, object], ...] = (
    (0, KEEP, KEEP),
    (30, KEEP, KEEP),
    (50, KEEP, KEEP),
    (70, KEEP, KEEP),
    (30, 4, KEEP),
    (30, KEEP, "p90"),
)
# (bot resolution, concurrency, quantile) of each scenario row by default: the four bot presets,
# then concurrency 4 and staffing to P90.
REPLICATIONS = common.PLAN_REPLICATIONS
PERCENT_COLUMNS = ("simulated_service_level", "worst_service_level", "roster_gap")
WHOLE_COLUMNS = ("labour_cost", "paid_hours", "agent_hours")
# shown rounded with thousands separators (972,833, not 972832.5); the CSV keeps them


def _keeping(percent: bool = False) -> Callable[[object], str]:
    """A ``format_func``: "as configured" for :data:`KEEP` in this run's language (bound now,
    like :func:`app_pages.common.labels`), other values as they are or in percent."""
    configured, mean = tr("scenarios.as_config"), tr("quantile.mean")
    return lambda v: (
        configured if v == KEEP else f"{v} %" if percent else mean if v == "mean" else str(v)
    )


def auto_name(bot: object, concurrency: dict[str, object], quantile: object) -> str:
    """A scenario's name from its settings, e.g. ``bot 30% · concurrency 4 · p90``."""
    parts = []
    if bot != KEEP:
        parts.append(tr("scenarios.auto.bot", pct=bot))
    for queue, value in concurrency.items():
        if value != KEEP:
            shown = tr("scenarios.auto.concurrency", value=value)
            parts.append(shown if queue == "" else f"{queue} {shown}")
    if quantile != KEEP:
        parts.append(str(quantile))
    return " · ".join(parts) or tr("scenarios.auto.base")


def scenario_row(i: int, queues: list[str], per_queue: bool) -> Scenario:
    """One row of widgets: name, bot preset, concurrency (all queues or each), quantile."""
    bot0, conc0, quantile0 = DEFAULT_ROWS[i]
    bots: list[object] = [KEEP, *BOT_PRESETS]
    concurrencies: list[object] = [KEEP, *CONCURRENCY]
    targets = [""] if not per_queue else queues
    cols = st.columns([3, 2, *([2] * len(targets)), 2])
    label: Literal["visible", "collapsed"] = "visible" if i == 0 else "collapsed"
    name = cols[0].text_input(
        tr("scenarios.name"), common.kept(f"sc_name_{i}", ""), key=f"sc_name_{i}",
        label_visibility=label,
        help=tr("scenarios.name.help"),
    )  # fmt: skip
    bot: Any = cols[1].selectbox(
        tr("scenarios.bot"),
        bots,
        index=common.kept_index(f"sc_bot_{i}", bots, bot0),
        format_func=_keeping(percent=True),
        key=f"sc_bot_{i}",
        label_visibility=label,
        help=tr("scenarios.bot.help"),
    )
    concurrency: dict[str, object] = {}
    for j, queue in enumerate(targets):
        concurrency[queue] = cols[2 + j].selectbox(
            tr("scenarios.concurrency_queue", queue=queue)
            if queue
            else tr("scenarios.concurrency"),
            concurrencies,
            index=common.kept_index(
                f"sc_conc_{i}_{queue}" if queue else f"sc_conc_{i}", concurrencies, conc0
            ),
            format_func=_keeping(),
            key=f"sc_conc_{i}_{queue}" if queue else f"sc_conc_{i}",
            label_visibility=label,
            help=tr("scenarios.concurrency.help"),
        )
    quantiles: list[object] = [KEEP, *QUANTILES]
    quantile = cols[-1].selectbox(
        tr("scenarios.quantile"),
        quantiles,
        index=common.kept_index(f"sc_quantile_{i}", quantiles, quantile0),
        format_func=_keeping(),
        key=f"sc_quantile_{i}",
        label_visibility=label,
        help=tr("scenarios.quantile.help"),
    )
    overrides: dict[str, str] = {}
    if bot != KEEP:
        overrides["bot_resolution"] = f"{float(bot) / 100:g}"
    for queue, value in concurrency.items():
        if value != KEEP:
            overrides[f"{queue}.max_concurrency" if queue else "max_concurrency"] = str(value)
    if quantile != KEEP:
        overrides["forecast_quantile"] = str(quantile)
    return Scenario(name.strip() or auto_name(bot, concurrency, quantile), overrides)


def define_scenarios(cfg: PlanConfig) -> list[Scenario] | None:
    """The scenario rows; ``None`` (after an ``st.error``) when they cannot be run."""
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    count = int(
        left.number_input(
            tr("scenarios.count"),
            2,
            6,
            common.kept("sc_count", 4),
            1,
            key="sc_count",
            help=tr("scenarios.count.help"),
        )
    )
    per_queue = right.toggle(
        tr("scenarios.per_queue"),
        common.kept("sc_per_queue", False),
        key="sc_per_queue",
        help=tr("scenarios.per_queue.help"),
    )
    queues = list(cfg.queues)
    scenarios = [scenario_row(i, queues, per_queue) for i in range(count)]
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.name in seen:
            st.error(common.plain(tr("scenarios.duplicate", name=scenario.name)))
            return None
        seen.add(scenario.name)
    try:  # the same check (and one-line message) as run_scenarios and the CLI
        for scenario in scenarios:
            cfg.with_overrides(scenario.overrides, source=scenario.name)
    except Exception as error:
        show_error(error)
        return None
    return scenarios


def run(inp: Inputs, cfg: PlanConfig, scenarios: list[Scenario], key: str = "") -> None:
    """Plan the scenarios in parallel, showing progress; keeps ``comparison`` in the session
    with ``key`` (:func:`app_pages.common.plan_key` of its inputs) when the run succeeds."""
    start, end = common.horizon(inp)
    lines: list[str] = []
    with st.status(tr("scenarios.running", count=len(scenarios)), expanded=True) as status:
        latest: dict[str, Any] = {}  # each scenario's newest solver line, one row each

        def progress(line: str) -> None:
            if getattr(line, "id", None) == "sc.line":
                name = str(getattr(line, "args", {}).get("name"))
                if name not in latest:
                    latest[name] = st.empty()
                latest[name].text(common.say(line))
                return
            lines.append(line)
            st.text(common.say(line))

        try:
            comparison = run_scenarios(
                inp.history,
                inp.calendar,
                cfg,
                scenarios,
                adjustments=common.adjustment_log().entries,
                start=start,
                end=end,
                workers=None,
                replications=REPLICATIONS,
                progress=progress,
            )
        except Exception as error:  # shown as the CLI's one line below
            status.update(label=tr("scenarios.failed"), state="error", expanded=False)
            failure: Exception | None = error
        else:
            failure = None
            st.session_state["comparison"] = comparison
            st.session_state["sc_horizon"] = (start, end)
            st.session_state["sc_key"] = key  # a failed run leaves the old results stale
            status.update(
                label=tr(
                    "scenarios.done", count=len(scenarios), seconds=f"{comparison.seconds:.0f}"
                ),
                state="complete",
                expanded=False,
            )
    st.session_state["sc_log"] = lines
    if failure is not None:
        show_error(failure)


def chart(table: pd.DataFrame) -> None:
    """Labour cost against simulated service level, one labelled point per scenario."""
    ok = table[table["error"].fillna("") == ""][
        ["scenario", "labour_cost", "simulated_service_level", "paid_hours", "overrides"]
    ].astype({"labour_cost": float, "simulated_service_level": float, "paid_hours": float})
    levels = ok["simulated_service_level"].dropna()
    # at least a point of service level wide: equal levels read 99.9 %, not 99.920000 %,
    # and 0.004-point differences do not fill the chart
    low, high = (float(levels.min()), float(levels.max())) if len(levels) else (0.0, 1.0)
    middle = (low + high) / 2
    low, high = min(low, middle - 0.005), max(high, middle + 0.005)
    if high > 1:
        low, high = low - (high - 1), 1.0
    base = alt.Chart(ok).encode(
        x=alt.X(
            "simulated_service_level:Q",
            title=tr("scenarios.sl_axis"),
            axis=alt.Axis(format=".1%"),
            scale=alt.Scale(domain=[max(low, 0.0), high], padding=30),
        ),
        y=alt.Y(
            "labour_cost:Q",
            title=tr("scenarios.cost_axis"),
            scale=alt.Scale(zero=False, padding=30),
        ),
        tooltip=[
            alt.Tooltip("scenario:N", title=tr("scenarios.col.scenario")),
            alt.Tooltip("labour_cost:Q", title=tr("scenarios.col.labour_cost"), format=",.0f"),
            alt.Tooltip(
                "simulated_service_level:Q",
                title=tr("scenarios.col.simulated_service_level"),
                format=".1%",
            ),
            alt.Tooltip("paid_hours:Q", title=tr("scenarios.col.paid_hours"), format=",.0f"),
            alt.Tooltip("overrides:N", title=tr("scenarios.col.overrides")),
        ],
    )
    points = base.mark_point(filled=True, size=120)
    labels = base.mark_text(align="left", dx=9, dy=-7, fontSize=12).encode(text="scenario:N")
    st.altair_chart(
        (points + labels).properties(height=380, title=tr("scenarios.chart_title")),
        width="stretch",
    )


def results(comparison: Comparison) -> None:
    """The comparison table, its chart and download, failures, and the run log."""
    table = comparison.table
    st.subheader(tr("scenarios.result"))
    start, end = st.session_state.get("sc_horizon") or (None, None)
    if start is not None:
        st.caption(
            tr(
                "scenarios.result_caption",
                count=len(table),
                start=f"{start:%Y-%m-%d}",
                end=f"{end:%Y-%m-%d}",
                seconds=f"{comparison.seconds:.0f}",
            )
        )
    config: dict[str, Any] = {
        column: (
            st.column_config.NumberColumn(tr(f"scenarios.col.{column}"), format="percent")
            if column in PERCENT_COLUMNS
            else st.column_config.NumberColumn(tr(f"scenarios.col.{column}"), format="localized")
            if column in WHOLE_COLUMNS
            else tr(f"scenarios.col.{column}")
        )
        for column in COMPARISON_COLUMNS
    }
    rounded = {c: pd.to_numeric(table[c], errors="coerce").round(0) for c in WHOLE_COLUMNS}
    shown = localise_values(table.assign(**rounded), common.lang(), common.names())
    # what decides between scenarios first: a wide table scrolls, and the solver's status,
    # gap and shortfall sat past the screen's edge
    first = ["scenario", "labour_cost", "simulated_service_level", "shortfall_agent_hours"]
    first += ["roster_status", "roster_gap"]
    order = [*first, *(c for c in COMPARISON_COLUMNS if c not in first)]
    st.dataframe(
        shown, hide_index=True, placeholder="—", key="sc_table", column_config=config,
        column_order=[c for c in order if c in shown.columns],
    )  # fmt: skip
    st.download_button(
        tr("scenarios.download"),
        common.csv_bytes(table),
        file_name="comparison.csv",
        mime="text/csv",
        key="sc_download",
        on_click="ignore",
    )
    for row in table.itertuples(index=False):
        if row.error:
            st.warning(
                common.plain(tr("scenarios.scenario_failed", name=row.scenario, error=row.error))
            )
    chart(table)
    log = st.session_state.get("sc_log")
    if log:
        with st.expander(tr("scenarios.log")):
            st.code("\n".join(common.say(line) for line in log), language=None)


def save(comparison: Comparison, *, stale: bool = False) -> None:
    """Save one scenario's plan under a name (and note) into the plan store; not when the
    inputs changed since the run."""
    names = [name for name, result in comparison.results.items() if result is not None]
    st.subheader(tr("scenarios.save_header"))
    cols = st.columns([2, 2, 3, 1], vertical_alignment="bottom")
    choice = cols[0].selectbox(
        tr("scenarios.save_choice"), names, key="sc_save_choice",
        help=tr("scenarios.save_choice.help"),
    )  # fmt: skip
    name = cols[1].text_input(tr("scenarios.save_name"), key="sc_save_name", placeholder=choice)
    note = cols[2].text_input(tr("scenarios.save_note"), key="sc_save_note")
    result = comparison.results.get(choice) if choice else None
    if stale:
        st.caption(tr("roster.save_stale"))
    clicked = cols[3].button(tr("scenarios.save"), key="sc_save", type="primary", disabled=stale)
    if clicked and result:
        plan_name = name.strip() or str(choice)
        with common.guarded():
            plan_id = common.store().save(result, name=plan_name, note=note, actor=common.user())
            st.success(tr("scenarios.saved", id=plan_id, name=plan_name))


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    st.caption(tr("scenarios.intro"))
    start, end = common.horizon(inp)
    st.caption(
        tr(
            "scenarios.horizon",
            start=f"{start:%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
            adjustments=len(common.adjustment_log().entries),
        )
    )
    try:
        base = common.config(inp)
    except Exception as error:  # the CLI's one line (a value the config refuses)
        show_error(error)
        return
    scenarios = define_scenarios(base)
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    limit = left.number_input(
        tr("scenarios.time_limit"),
        min_value=1.0,
        max_value=3600.0,
        value=common.kept("sc_time_limit", float(base.solver.time_limit_seconds)),
        step=5.0,
        format="%.0f",
        key="sc_time_limit",
        help=tr("scenarios.time_limit.help"),
    )
    clicked = right.button(
        tr("scenarios.run"), key="sc_run", type="primary", disabled=scenarios is None
    )
    if clicked and scenarios is not None:
        try:
            cfg = base.with_overrides({"solver.time_limit_seconds": limit}, source="app")
        except Exception as error:
            show_error(error)
        else:
            run(inp, cfg, scenarios, common.plan_key(inp, base))
    comparison = st.session_state.get("comparison")
    if comparison is None:
        st.info(tr("scenarios.none_yet"))
        return
    # the inputs changed since the run (an adjustment undone, a window moved): the results
    # are kept to look at, marked out of date, and cannot be saved as plans
    stale = st.session_state.get("sc_key") != common.plan_key(inp, base)
    if stale:
        st.warning(tr("scenarios.stale"))
    with common.guarded():
        results(comparison)
    with common.guarded():
        save(comparison, stale=stale)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()
