"""Roster page: shift templates and labour rules in editable tables (a valid edit applies to
every page at once; a bad one shows the CLI's one-line message and the last valid settings
stay); solve under a time limit with each stage's progress lines; cost, headcount, shortfall
and simulated service level; required vs scheduled per queue with the shortfall in red; the
shift table and the 排班表 grid; CSV and Excel downloads; save the plan.

Session keys (besides :mod:`app_pages.common`'s): ``plan`` (key, PlanResult) of the last
solve, the key being :func:`app_pages.common.plan_key` of what it was computed from;
``roster_tables_version`` (the shift editor's generation); ``roster_base`` (digest of the
configuration file the settings were edited on).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import time
from collections.abc import Sequence
from typing import Any, get_args

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import Inputs, show_error, tr
from forecaster.config import (
    DAY_OFF_CODE,
    SHIFT_KINDS,
    LabourConfig,
    PlanConfig,
    ShiftTemplate,
    days_text,
)
from forecaster.i18n import LANGUAGES
from forecaster.messages import KINDS, localise_values, render
from forecaster.messages import share as percent
from forecaster.pipeline import PlanResult, fingerprint, plan_from_forecast
from forecaster.roster import Agent, out_peak_seats

# (comments, not docstrings, on the constants: streamlit's magic would print a bare string)

# editor columns: the ShiftTemplate fields in plan.toml spelling (times HH:MM, windows
# 07:00-10:00, lists comma-separated)
SHIFT_COLUMNS = (
    "name",
    "code",
    "kind",
    "start_window",
    "start_step_minutes",
    "start_times",
    "length_hours",
    "paid_hours",
    "break_minutes",
    "break_window_hours",
    "cost_per_hour",
    "queues",
    "days",
    "min_booking_days",
)
NUMBER_COLUMNS = ("start_step_minutes", "length_hours", "paid_hours", "break_minutes",
                  "cost_per_hour", "min_booking_days")  # fmt: skip
TEXT_COLUMNS = tuple(c for c in SHIFT_COLUMNS if c not in NUMBER_COLUMNS and c != "queues")
TEAM_SIZES = frozenset({"ft_agents", "pt_pool"})
TEAM_BOUNDS = frozenset(
    {"ft_agents_min", "ft_agents_max", "pt_pool_min", "pt_pool_max", "ft_monthly_salary"}
)
LABOUR_PERCENT = frozenset(
    {"pt_max_share", "out_premium", "out_productivity"}
)  # entered in %, as on capacity
REPLICATIONS = common.PLAN_REPLICATIONS  # the roster's simulation check (3 s each on 40 days)
# progress-line prefix of forecaster.pipeline.plan_from_forecast -> share of the solve done
STAGES = (
    ("simulation done", 1.0),
    ("simulating", 0.9),
    ("roster done", 0.88),
    ("roster ", 0.85),
    ("phase 1", 0.5),
    ("solving", 0.25),
    ("building", 0.15),
    ("staffing done", 0.12),
    ("staffing", 0.05),
)
# download buttons: file, widget key, MIME type
DOWNLOADS = (
    ("shifts.csv", "dl_shifts_csv", "text/csv"),
    ("coverage.csv", "dl_coverage_csv", "text/csv"),
    ("assignments.csv", "dl_assignments_csv", "text/csv"),
    ("roster.xlsx", "dl_roster_xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("summary.json", "dl_summary_json", "application/json"),
)  # fmt: skip
STYLE_CELLS = 20_000  # largest 排班表 whose days off are greyed
TABLE_COLUMNS = ("date", "queue", "shift", "code", "kind", "start", "end", "break_start",
                 "break_end", "agents", "cost")  # fmt: skip


# --------------------------------------------------------------------------- settings


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def shift_rows(shifts: Sequence[ShiftTemplate], lang: str = "en") -> pd.DataFrame:
    """Shift templates as editor rows (:data:`SHIFT_COLUMNS`); ``days`` in ``lang`` (the
    configuration reads both)."""
    rows = []
    for shift in shifts:
        window = shift.break_window_hours
        rows.append(
            {
                "name": shift.name,
                "code": shift.code,
                "kind": shift.kind,
                # blank text, not None: the editor shows None in grey in an empty cell
                "start_window": "-".join(shift.start_window) if shift.start_window else "",
                "start_step_minutes": shift.start_step_minutes,
                "start_times": ", ".join(shift.start_times) if shift.start_times else "",
                "length_hours": shift.length_hours,
                "paid_hours": shift.paid_hours,
                "break_minutes": shift.break_minutes,
                "break_window_hours": ("-".join(_number_text(v) for v in window) if window else ""),
                "cost_per_hour": shift.cost_per_hour,
                "queues": list(shift.queues),
                "days": days_text(shift.days, lang),
                "min_booking_days": shift.min_booking_days,
            }
        )
    frame = pd.DataFrame(rows, columns=list(SHIFT_COLUMNS))
    return frame.astype({**dict.fromkeys(NUMBER_COLUMNS, float),
                         **dict.fromkeys((*TEXT_COLUMNS, "queues"), object)})  # fmt: skip


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set) or hasattr(value, "__array__"):
        return len(value) == 0
    return bool(pd.isna(value))


def _pair(text: str) -> Any:
    """``"3-5"`` or ``"3, 5"`` -> ``[3.0, 5.0]``; anything else as typed (the config then
    says what it expects)."""
    parts = [p for p in re.split(r"\s*(?:,|~|–|-)\s*", text.strip()) if p]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return text
    return numbers if len(numbers) == 2 else text


def _plain(value: Any) -> Any:
    """An editor number as a plain int (when whole) or float; anything else as typed (the
    configuration then names the key)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number


def shifts_from_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Editor rows as ``[[shifts]]`` tables for :func:`forecaster.config.parse_config`.

    Blank cells are left out (the configuration's default applies, or it says the key is
    required); wholly blank rows are skipped. Lists are written comma-separated
    (``08:00, 14:00``; ``sat, sun``), the break window as ``3-5``. Values are not checked
    here: the configuration's validation gives the CLI's messages (``shifts[2].code ...``).
    """
    tables: list[dict[str, Any]] = []
    for row in rows.to_dict(orient="records"):
        if all(_blank(row.get(column)) for column in SHIFT_COLUMNS):
            continue
        table: dict[str, Any] = {}
        for column in SHIFT_COLUMNS:
            value = row.get(column)
            if _blank(value):
                continue
            if column in NUMBER_COLUMNS:
                value = _plain(value)
            elif column == "start_times":
                value = [p.strip() for p in str(value).split(",") if p.strip()]
            elif column == "break_window_hours":
                value = _pair(str(value))
            elif column == "queues":
                items = value if not isinstance(value, str) else value.split(",")
                value = [str(q).strip() for q in items if str(q).strip()]
            elif isinstance(value, str):
                value = value.strip()
            table[column] = value
        tables.append(table)
    return tables


def templates_editor(current: PlanConfig) -> pd.DataFrame:
    """The shift templates table; returns the rows as edited."""
    version = st.session_state.setdefault("roster_tables_version", 0)
    st.caption(tr("roster.templates_help"))
    label = {column: tr(f"roster.shift.{column}") for column in SHIFT_COLUMNS}
    return st.data_editor(
        shift_rows(current.shifts, common.lang()),
        key=f"roster_shifts_{version}",
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(label["name"]),
            "code": st.column_config.TextColumn(label["code"]),
            "kind": st.column_config.SelectboxColumn(
                label["kind"],
                options=list(SHIFT_KINDS),
                default="FT",
                format_func=common.shown_as(KINDS),
            ),
            "start_window": st.column_config.TextColumn(label["start_window"]),
            "start_step_minutes": st.column_config.NumberColumn(
                label["start_step_minutes"], step=1, format="%d"
            ),
            "start_times": st.column_config.TextColumn(label["start_times"]),
            "length_hours": st.column_config.NumberColumn(label["length_hours"], step=0.25),
            "paid_hours": st.column_config.NumberColumn(label["paid_hours"], step=0.25),
            "break_minutes": st.column_config.NumberColumn(
                label["break_minutes"], step=1, format="%d"
            ),
            "break_window_hours": st.column_config.TextColumn(label["break_window_hours"]),
            "cost_per_hour": st.column_config.NumberColumn(label["cost_per_hour"], step=0.5),
            "min_booking_days": st.column_config.NumberColumn(
                label["min_booking_days"], step=1, format="%d"
            ),
            "queues": st.column_config.MultiselectColumn(
                label["queues"],
                options=list(current.queues),
                format_func=common.shown_as(common.names()),
            ),  # fmt: skip
            "days": st.column_config.TextColumn(label["days"]),
        },
    )


def labour_inputs(labour: LabourConfig) -> dict[str, Any]:
    """One number input per labour rule; returns ``[labour]`` as entered. No bounds here:
    the configuration checks them and says what it expects."""
    values: dict[str, Any] = {}
    cols = st.columns(5)
    for i, field in enumerate(LabourConfig.model_fields):
        value = getattr(labour, field)
        if field in TEAM_SIZES:  # a number, or "auto" (sized by the roster)
            bound = getattr(labour, f"{field}_max")
            values[field] = team_size_input(cols[i % 5], field, value, bound or 0)
            continue
        if field in TEAM_BOUNDS:  # empty = not set
            step = 100.0 if field == "ft_monthly_salary" else 1
            values[field] = cols[i % 5].number_input(
                tr(f"roster.labour.{field}"), value=common.kept(f"roster_labour_{field}", value),
                step=step, key=f"roster_labour_{field}", help=tr(f"roster.help.{field}"),
            )  # fmt: skip
            continue
        if value is None or isinstance(value, tuple):  # optional caps and phase lists: as
            values[field] = value  # in plan.toml (edited there)
            continue
        if isinstance(value, str):  # a choice, e.g. out_billing: hourly or commission
            options = list(get_args(LabourConfig.model_fields[field].annotation)) or [value]
            values[field] = cols[i % 5].selectbox(
                tr(f"roster.labour.{field}"), options,
                index=common.kept_index(f"roster_labour_{field}", options, value),
                format_func=common.labels(f"roster.labour.{field}."), key=f"roster_labour_{field}",
                help=tr(f"roster.help.{field}"),
            )  # fmt: skip
            continue
        if field in LABOUR_PERCENT:
            shown, step, fmt = round(value * 100, 6), 1.0, "%.1f"
        elif isinstance(value, int):
            shown, step, fmt = value, 1, "%d"
        else:
            shown, step, fmt = float(value), 0.5, "%.1f"
        entered = cols[i % 5].number_input(
            tr(f"roster.labour.{field}"), value=common.kept(f"roster_labour_{field}", shown),
            step=step, format=fmt,
            key=f"roster_labour_{field}", help=tr(f"roster.help.{field}"),
        )  # fmt: skip
        values[field] = round(entered / 100, 8) if field in LABOUR_PERCENT else entered
    return values


def team_size_input(col: Any, field: str, value: int | str, default: int) -> int | str:
    """``ft_agents`` / ``pt_pool``: an "auto" toggle (the roster sizes the team between its
    bounds), else the fixed number (``default`` when the file said "auto")."""
    auto = col.toggle(
        tr("roster.labour.auto"), value=common.kept(f"roster_labour_{field}_auto", value == "auto"),
        key=f"roster_labour_{field}_auto",
        help=tr("roster.labour.auto_help"),
    )  # fmt: skip
    if auto:
        return "auto"
    return int(
        col.number_input(
            tr(f"roster.labour.{field}"),
            value=common.kept(
                f"roster_labour_{field}", value if isinstance(value, int) else default
            ),
            step=1,
            format="%d",
            key=f"roster_labour_{field}",
            help=tr(f"roster.help.{field}"),
        )  # fmt: skip
    )


def forget_edits() -> None:
    """Back to the configuration file's templates and rules (a button callback)."""
    st.session_state.pop("config_tables", None)
    for field in LabourConfig.model_fields:
        common.forget_setting(f"roster_labour_{field}")
        common.forget_setting(f"roster_labour_{field}_auto")
    version = st.session_state.get("roster_tables_version", 0)
    st.session_state["roster_tables_version"] = version + 1  # a fresh editor


def follow_base(inp: Inputs) -> None:
    """A new configuration file drops the edits made on the previous one."""
    digest = common.config_digest(inp.config)
    if st.session_state.get("roster_base", digest) != digest:
        forget_edits()
    st.session_state["roster_base"] = digest


def settings(inp: Inputs, current: PlanConfig, *, expanded: bool) -> None:
    """The editors. A valid change is kept for every page (and the editor redrawn from it);
    a bad one is shown as the CLI's one line while the last valid settings stay."""
    with st.expander(tr("roster.settings"), expanded=expanded):
        shifts_tab, labour_tab = st.tabs([tr("roster.templates"), tr("roster.labour")])
        with shifts_tab:
            rows = templates_editor(current)
        with labour_tab:
            labour = labour_inputs(current.labour)
        if common.config_tables(inp):
            st.caption(tr("roster.edited"))
        st.button(tr("roster.reset"), key="roster_reset", on_click=forget_edits)
    try:
        tables = {"shifts": shifts_from_rows(rows), "labour": labour}
        changed = common.set_config_tables(inp, tables)
    except Exception as error:  # the CLI's one line; the last valid settings stay
        show_error(error)
        return
    if changed:
        st.session_state["roster_tables_version"] += 1
        st.rerun()


# --------------------------------------------------------------------------- solving


def stage_share(line: str, previous: float) -> float:
    """How far the solve is after a progress line (see :data:`STAGES`)."""
    for prefix, share in STAGES:
        if line.startswith(prefix):
            return max(previous, share)
    return previous


def solve(
    inp: Inputs, cfg: PlanConfig, key: str, limit: float, agents: Sequence[Agent] | None = None
) -> None:
    """Plan the adjusted forecast with the page's configuration under ``limit`` seconds,
    showing each stage's progress lines; keep the result in ``plan``. ``agents`` (the team
    list) names the FT team and the people of the roster."""
    began = time.perf_counter()
    box = st.status(tr("roster.solving", seconds=f"{limit:g}"), expanded=True)
    bar = box.progress(0.0)
    share = [0.0]

    def say(line: str) -> None:
        shown = common.say(line)
        box.text(shown)
        share[0] = stage_share(line, share[0])
        bar.progress(share[0], text=shown[:150])

    try:
        solve_cfg = cfg.with_overrides({"solver.time_limit_seconds": limit}, source="app")
        common.check_queues(inp, cfg)
        say(tr("roster.forecasting"))
        fc = common.adjusted_forecast(inp, cfg)
        plan = plan_from_forecast(
            fc,
            inp.calendar,
            solve_cfg,
            common.adjustment_log().entries,
            agents=agents,
            replications=REPLICATIONS,
            progress=say,
        )
        plan.inputs.update(history=fingerprint(inp.history))
    except Exception as error:  # the CLI's one line, never a traceback
        box.update(label=tr("roster.failed"), state="error", expanded=False)
        show_error(error)
        return
    seconds = f"{time.perf_counter() - began:.1f}"
    box.update(label=tr("roster.solved", seconds=seconds), state="complete", expanded=False)
    st.session_state["plan"] = (key, plan)


# --------------------------------------------------------------------------- results


def status_text(summary: dict[str, Any]) -> str:
    status = str(summary.get("roster_status", ""))
    known = {
        "optimal": "roster.status.optimal",
        "feasible (time limit)": "roster.status.time_limit",
    }
    text = tr(known[status]) if status in known else status
    gap = summary.get("roster_gap")
    return f"{text} · {tr('roster.gap', gap=f'{gap:.1%}')}" if gap is not None else text


def metrics(summary: dict[str, Any], out_peak: int | None = None) -> None:
    top = st.columns(5)
    top[0].metric(tr("roster.cost"), f"{summary['labour_cost']:,.0f}")
    top[1].metric(tr("roster.paid_hours"), f"{summary['paid_hours']:,.0f}")
    top[2].metric(tr("roster.shortfall"), f"{summary['shortfall_agent_hours']:,.1f}")
    top[3].metric(tr("roster.sim_sl"), percent(summary["simulated_service_level"]))
    gap = summary.get("roster_gap")
    top[4].metric(
        tr("roster.status"),
        status_text({**summary, "roster_gap": None}),
        tr("roster.gap", gap=f"{gap:.1%}") if gap is not None else None,
        delta_color="off",
        delta_arrow="off",
    )
    heads = st.columns(5)
    for col, kind in zip(heads, SHIFT_KINDS, strict=False):
        col.metric(
            tr(f"roster.headcount.{kind.lower()}"),
            f"{summary['headcount'].get(kind, 0):,}",
            help=tr("roster.headcount.out.help") if kind == "OUT" else None,
        )
    heads[3].metric(tr("roster.peak_agents"), f"{summary['peak_agents']:,}")
    if out_peak is not None:
        heads[4].metric(tr("roster.out_peak"), f"{out_peak:,}", help=tr("roster.out_peak.help"))


def coverage_chart(coverage: pd.DataFrame, queue: str) -> None:
    """Required vs scheduled people of one queue; shortfall as red rules and points."""
    part = coverage[coverage["queue"] == queue]
    names = {"required": tr("roster.required"), "scheduled": tr("roster.scheduled")}
    long = part.melt(
        id_vars=["interval_start"], value_vars=list(names), var_name="series", value_name="people"
    )
    long["series"] = long["series"].map(names)
    when = alt.Tooltip(
        "interval_start:T", title=tr("forecast.tip.time"), format=common.TOOLTIP_TIME
    )
    x = alt.X("interval_start:T", axis=alt.Axis(**common.time_axis()))
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=1, interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("people:Q", title=tr("roster.people")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=list(names.values()), range=["#4c78a8", "#54a24b"]),
            ),
            tooltip=[
                when,
                alt.Tooltip("series:N", title=tr("capacity.series")),
                alt.Tooltip("people:Q", title=tr("roster.people")),
            ],
        )
    )
    short = part[part["shortfall"] > 0]
    tips = [when, alt.Tooltip("required:Q", title=tr("roster.required")),
            alt.Tooltip("scheduled:Q", title=tr("roster.scheduled")),
            alt.Tooltip("shortfall:Q", title=tr("roster.short"))]  # fmt: skip
    gaps = (
        alt.Chart(short)
        .mark_rule(color="red", strokeWidth=2)
        .encode(x=x, y="scheduled:Q", y2="required:Q", tooltip=tips)
    )
    points = (
        alt.Chart(short).mark_circle(color="red", size=16).encode(x=x, y="required:Q", tooltip=tips)
    )
    hours = float(part["shortfall"].sum()) * _interval_hours(part)
    title = f"{common.queue_name(queue)} · {tr('roster.shortfall')} {hours:,.1f}"
    st.altair_chart(alt.layer(lines, gaps, points).properties(height=300, title=title),
                    width="stretch")  # fmt: skip


def daily(plan: PlanResult) -> None:
    """One row per day: required, scheduled and paid hours, agents on duty by kind,
    shortfall and the simulated service level (:func:`forecaster.explain.daily_table`)."""
    from forecaster.explain import daily_table

    table = daily_table(plan)
    if table.empty:
        return
    st.subheader(tr("roster.daily"))
    worst = pd.DatetimeIndex(table["worst_interval"])
    shown = table.assign(
        date=table["date"].map(common.day_text),
        worst_interval=["" if pd.isna(w) else f"{common.day_text(w)} {w:%H:%M}" for w in worst],
        worst_queue=[
            common.queue_name(q) if isinstance(q, str) else "" for q in table["worst_queue"]
        ],
    )
    hours = [c for c in shown.columns if c.endswith("_hours")]
    shown[hours] = shown[hours].round(1)
    for column in ("service_level", "worst_service_level"):  # 99.996 % reads 99.99 %, not 100 %
        shown[column] = np.floor(pd.to_numeric(shown[column], errors="coerce") * 1e4) / 1e4
    config: dict[str, Any] = {
        c: st.column_config.NumberColumn(tr(f"roster.daily.{c}"), format="localized")
        for c in shown.columns
    }
    for column in ("date", "worst_interval", "worst_queue"):
        config[column] = st.column_config.TextColumn(tr(f"roster.daily.{column}"))
    for column in ("service_level", "worst_service_level"):
        config[column] = st.column_config.NumberColumn(
            tr(f"roster.daily.{column}"), format="percent"
        )
    st.dataframe(
        shown, hide_index=True, placeholder="—", key="roster_daily_table", column_config=config
    )


def reasons(plan: PlanResult) -> None:
    """Why the roster is short or idle where it is: each shortfall run and idle block over
    an hour with the rule behind it (:func:`forecaster.explain.explain_gaps`), the largest
    by headcount-hours first, as the report lists them."""
    from forecaster.explain import rule_name

    records = plan.summary.get("explanations")
    if records is None:
        records = common.cached_gaps(_token(plan), plan)
    if not records:
        return
    language, names = common.lang(), common.names()
    table = pd.DataFrame(records).sort_values("headcount_hours", ascending=False)
    shown = pd.DataFrame(
        {
            "kind": [tr(f"roster.why.{k}") for k in table["kind"]],
            "queue": [common.queue_name(q) if q != "all" else tr("roster.why.all")
                      for q in table["queue"]],
            "start": table["start"],
            "end": table["end"].str[-5:],
            "headcount_hours": table["headcount_hours"].round(1),
            "rule": [rule_name(r, language) for r in table["rule"]],
            "reason": [render(str(r), language, names) for r in table["reason"]],
        }
    )  # fmt: skip
    with st.expander(tr("roster.why", n=len(shown))):
        st.dataframe(
            shown,
            hide_index=True,
            key="roster_reasons",
            column_config={c: tr(f"roster.why.col.{c}") for c in shown.columns},
        )


def _interval_hours(part: pd.DataFrame) -> float:
    stamps = pd.DatetimeIndex(part["interval_start"]).sort_values()
    return (stamps[1] - stamps[0]) / pd.Timedelta(hours=1) if len(stamps) > 1 else 1.0


def shift_table(shifts: pd.DataFrame) -> None:
    columns = [c for c in TABLE_COLUMNS if c in shifts.columns]
    config: dict[str, Any] = {c: st.column_config.Column(tr(f"roster.col.{c}")) for c in columns}
    config["date"] = st.column_config.DateColumn(tr("roster.col.date"), format="YYYY-MM-DD")
    for column in ("start", "end", "break_start", "break_end"):
        config[column] = st.column_config.DatetimeColumn(
            tr(f"roster.col.{column}"), format="MM-DD HH:mm"
        )
    config["cost"] = st.column_config.NumberColumn(tr("roster.col.cost"), format="%.0f")
    shown = localise_values(shifts[columns], common.lang(), common.names())
    st.dataframe(
        shown, hide_index=True, placeholder="—", column_config=config, key="roster_shift_table"
    )


def grid_table(plan: PlanResult) -> None:
    """The 排班表: agents x dates; days off greyed when the grid is small enough to style
    quickly (a 40-day sample plan has thousands of outsourced bookings)."""
    grid = common.cached_roster_grid(_token(plan), plan.roster, tr("roster.weekdays").split(","))
    grid = grid.assign(kind=localise_values(grid[["kind"]], common.lang())["kind"])  # 全职
    shown: Any = grid
    if grid.size <= STYLE_CELLS:
        shown = grid.style.map(lambda v: "color: #9e9e9e" if v == DAY_OFF_CODE else "")
    st.dataframe(
        shown,
        hide_index=True, placeholder="—",
        key="roster_grid",
        column_config={c: st.column_config.Column(tr(f"roster.col.{c}")) for c in
                       ("agent", "name", "kind")},
    )  # fmt: skip


def _token(plan: PlanResult) -> str:
    """Tells solves apart (for caching their files): a digest of the summary, whose solve
    timings differ from one solve to the next."""
    text = json.dumps(plan.summary, sort_keys=True, default=str)
    return f"{id(plan)}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def downloads(plan: PlanResult) -> None:
    st.subheader(tr("roster.downloads"))
    names = {code: tr(f"roster.lang.{code}") for code in LANGUAGES}
    language = st.radio(
        tr("roster.xlsx_language"),
        LANGUAGES,
        index=common.kept_index("roster_xlsx_lang", LANGUAGES, common.lang()),
        horizontal=True,
        format_func=names.__getitem__,
        key="roster_xlsx_lang",
        help=tr("roster.xlsx_language.help"),
    )
    token = _token(plan)
    per_row = 3  # five buttons in one row cut their labels ("覆盖情况 (coverage.…")
    cols = [c for k in range(0, len(DOWNLOADS), per_row) for c in st.columns(per_row)]
    for col, (name, key, mime) in zip(cols, DOWNLOADS, strict=False):
        # built on click (the Excel file of a long horizon takes seconds), once per solve
        data = functools.partial(_download, token, plan, language, name)
        stem = name.split(".")[0]
        label = f"⬇ {tr(f'roster.file.{stem}')} ({name})"
        col.download_button(label, data, file_name=name, mime=mime, key=key, on_click="ignore")


def _download(token: str, plan: PlanResult, language: str, name: str) -> bytes:
    """The file ``name`` as the CLI writes it: queues by their display names, the agency
    order billed with the requirements."""
    files = common.roster_downloads(
        token, plan.roster, language, config=plan.config, requirements=plan.requirements
    )
    return files[name]


def save(plan: PlanResult, *, stale: bool = False) -> None:
    """Name and save the plan; not a stale one (its inputs changed since the solve)."""
    st.subheader(tr("roster.save"))
    first, last = (str(s)[:10] for s in plan.summary.get("horizon", ["", ""]))
    left, middle, right = st.columns([2, 3, 1], vertical_alignment="bottom")
    name = left.text_input(
        tr("roster.plan_name"), common.kept("plan_name", f"{first} – {last}"), key="plan_name"
    )
    note = middle.text_input(tr("roster.plan_note"), common.kept("plan_note", ""), key="plan_note")
    if stale:
        st.caption(tr("roster.save_stale"))
    if right.button(tr("roster.save_button"), key="plan_save", disabled=stale):
        try:
            plan_id = common.store().save(plan, name=name, note=note, actor=common.user())
        except Exception as error:  # the store's one line
            show_error(error)
        else:
            st.success(tr("roster.saved", id=plan_id))


def results(plan: PlanResult, *, stale: bool) -> None:
    if stale:
        st.warning(tr("roster.stale"))
    metrics(plan.summary, out_peak_seats(plan.roster.assignments))
    for message in plan.summary.get("messages", []):
        st.warning(common.say_plain(message))
    st.subheader(tr("roster.coverage"))
    coverage = plan.roster.coverage
    for queue in sorted(coverage["queue"].astype(str).unique()):
        coverage_chart(coverage, queue)
    daily(plan)
    reasons(plan)
    st.subheader(tr("roster.shifts"))
    shift_table(plan.roster.shifts)
    st.subheader(tr("roster.grid"))
    grid_table(plan)
    downloads(plan)
    save(plan, stale=stale)


def main() -> None:
    inp = common.inputs()
    if inp is None:
        return
    follow_base(inp)
    try:
        cfg = common.config(inp)
    except Exception as error:  # e.g. edits that no longer fit the capacity settings
        show_error(error)
        st.button(tr("roster.reset"), key="roster_reset", on_click=forget_edits)
        return
    start, end = common.horizon(inp)
    st.caption(
        tr(
            "roster.horizon",
            start=f"{start:%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
            days=(end - start).days + 1,
            adjustments=len(common.adjustment_log()),
        )
    )
    try:
        team = common.team()
    except Exception as error:  # the CLI's one line naming the file and row
        show_error(error)
        return
    if team is not None:
        kinds = {kind: sum(1 for a in team if a.kind == kind) for kind in SHIFT_KINDS}
        st.caption(tr("roster.team", file=common.team_name(), ft=kinds["FT"], pt=kinds["PT"],
                      out=kinds["OUT"]))  # fmt: skip
    entry = st.session_state.get("plan")
    settings(inp, cfg, expanded=entry is None)
    key = common.plan_key(inp, cfg)
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    limit = left.number_input(
        tr("roster.time_limit"),
        min_value=1.0,
        max_value=86400.0,
        value=common.kept("roster_time_limit", float(cfg.solver.time_limit_seconds)),
        step=10.0,
        format="%.0f",
        key="roster_time_limit",
        help=tr("roster.time_limit.help"),
    )
    if right.button(tr("roster.solve"), key="roster_solve", type="primary"):
        solve(inp, cfg, key, float(limit), team)
    entry = st.session_state.get("plan")
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], PlanResult)):
        st.info(tr("roster.no_plan"))
        return
    with common.guarded():
        results(entry[1], stale=entry[0] != key)


if __name__ == "__main__":  # run by st.navigation; importing it (tests) only defines
    main()
