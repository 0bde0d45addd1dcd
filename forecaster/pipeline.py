"""The planning chain: forecast → adjustments → staffing → roster → simulation check.

``run_plan`` calls each stage in order (each is also callable alone) and returns a frozen
:class:`PlanResult`; ``write_plan`` writes every contract file plus a self-contained
``report.html`` into one directory. Nothing here is specific to the CLI or the app.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from forecaster.adjust import Adjustment, apply_adjustments
from forecaster.campaigns import campaign_day_list, day_phases
from forecaster.capacity import peak_agents, requirements
from forecaster.config import PlanConfig
from forecaster.explain import explain_html, plan_explanation
from forecaster.exports import with_chinese_messages, write_roster_outputs
from forecaster.forecast import (
    CalendarLike,
    CampaignForecaster,
    HistoryLike,
    calendar_frame,
    make_model,
    truncate_history,
)
from forecaster.holidays import DEFAULT_REGION
from forecaster.i18n import t
from forecaster.messages import msg, number, render, share
from forecaster.report_charts import report_charts
from forecaster.roster import Agent, Previous, RosterResult, out_peak_seats, solve_roster
from forecaster.safe_output import write_csv
from forecaster.simulate import simulate_requirements
from forecaster.validation import Calendar, History

Progress = Callable[[str], None]
SAMPLE_START = "2025-10-08"
SAMPLE_END = "2025-11-16"


@dataclass(frozen=True)
class PlanResult:
    """Everything one plan produced.

    Attributes
    ----------
    forecast
        The adjusted forecast (``docs/contracts.md``).
    requirements
        Agents and headcount per interval.
    roster
        The solved roster (shifts, coverage, assignments, summary).
    simulation
        Simulated service per interval with the rostered agents on chat.
    summary
        Key figures (costs, hours, headcount, service levels, timings).
    config
        The configuration the plan was made with (scenario overrides included).
    adjustments
        The planner adjustments applied, in order.
    inputs
        Fingerprints of the inputs (``history``, ``calendar``: source name and a SHA-256
        of the content), so a saved plan can tell whether its data has changed.
    """

    forecast: pd.DataFrame
    requirements: pd.DataFrame
    roster: RosterResult
    simulation: pd.DataFrame
    summary: dict[str, Any]
    config: PlanConfig
    adjustments: tuple[Adjustment, ...] = field(default=())
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)


def fingerprint(data: HistoryLike | CalendarLike) -> dict[str, str]:
    """Source name and SHA-256 of a history or calendar's content (row order included)."""
    if data is None:
        return {"source": "", "sha256": ""}
    frame = data.frame if isinstance(data, History | Calendar) else data
    source = getattr(data, "source", "frame")
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return {"source": str(source), "sha256": digest.hexdigest()}


def rostered_agents(roster: RosterResult, config: PlanConfig) -> pd.DataFrame:
    """Agents on chat per interval from a roster: present (not on break) × (1 − shrinkage)."""
    return agents_on_chat(roster.coverage, config)


def agents_on_chat(coverage: pd.DataFrame, config: PlanConfig) -> pd.DataFrame:
    """``interval_start, queue, agents`` from a roster's ``coverage.csv`` frame: its
    ``scheduled`` agents present (outsourced ones at ``out_productivity``) × (1 − the
    queue's shrinkage), to two decimals: on chat on average, as the plan simulates them
    (``simulate_requirements(fractional=True)``). Rounded down, one agent present at 10 %
    shrinkage was none on chat, and a small shop's open hours simulated at 0 %."""
    shrink = coverage["queue"].map(lambda q: config.queues[str(q)].shrinkage).astype(float)
    agents = np.round(coverage["scheduled"].to_numpy() * (1 - shrink.to_numpy()) + 1e-9, 2)
    return pd.DataFrame(
        {
            "interval_start": coverage["interval_start"],
            "queue": coverage["queue"],
            "agents": agents.astype(float),
        }
    )


def plan_forecast(
    history: HistoryLike,
    calendar: CalendarLike,
    interval_minutes: int,
    adjustments: Sequence[Adjustment] = (),
    *,
    start: object = SAMPLE_START,
    end: object = SAMPLE_END,
    progress: Progress | None = None,
    holidays: str = DEFAULT_REGION,
) -> pd.DataFrame:
    """The campaign forecast of ``start``..``end`` from history strictly before ``start``,
    with the planner's adjustments applied (the first stage of :func:`run_plan`), knowing
    the public holidays of ``holidays`` (``plan.toml`` key ``holidays``)."""
    say = progress or (lambda message: None)
    first = pd.Timestamp(str(start))
    say(msg("pipe.forecasting", start=first, end=pd.Timestamp(str(end))))
    model = make_model("campaign", holidays).fit(truncate_history(history, first), calendar)
    fc = model.predict(start, end, interval_minutes)
    for note in model.notes_:  # after predict: the weighing runs for the horizon's campaigns
        say(msg("note", text=note))
    fc.attrs["notes"] = list(model.notes_)  # for the app (messages keep their ids)
    if isinstance(model, CampaignForecaster):  # the weighing behind it, for the app
        fc.attrs["evidence"] = model.evidence().to_dict("records")
    return apply_adjustments(fc, adjustments) if adjustments else fc


def run_plan(
    history: HistoryLike,
    calendar: CalendarLike,
    config: PlanConfig,
    adjustments: Sequence[Adjustment] = (),
    *,
    start: object = SAMPLE_START,
    end: object = SAMPLE_END,
    agents: Sequence[Agent] | None = None,
    replications: int = 10,
    progress: Progress | None = None,
    previous: Previous | None = None,
) -> PlanResult:
    """Forecast, adjust, staff, roster and simulate one horizon (module docstring).

    The forecast uses only history strictly before ``start``; the roster's campaign days
    (for outsourced shifts) come from ``calendar``; the simulation replays the forecast mean
    (human inquiries) against the rostered agents on chat.
    """
    say = progress or (lambda message: None)
    began = time.perf_counter()
    fc = plan_forecast(
        history,
        calendar,
        config.interval_minutes,
        adjustments,
        start=start,
        end=end,
        progress=progress,
        holidays=config.holidays,
    )
    seconds = round(time.perf_counter() - began, 2)
    say(msg("pipe.forecast_done", seconds=seconds))
    result = plan_from_forecast(
        fc,
        calendar,
        config,
        adjustments,
        agents=agents,
        replications=replications,
        progress=progress,
        previous=previous,
    )
    result.summary["seconds"] = {"forecast": seconds, **result.summary["seconds"]}
    result.inputs.update(history=fingerprint(history), calendar=fingerprint(calendar))
    return result


def plan_from_forecast(
    fc: pd.DataFrame,
    calendar: CalendarLike,
    config: PlanConfig,
    adjustments: Sequence[Adjustment] = (),
    *,
    agents: Sequence[Agent] | None = None,
    replications: int = 10,
    seed: int = 0,
    progress: Progress | None = None,
    previous: Previous | None = None,
) -> PlanResult:
    """Staff, roster and simulate an (adjusted) forecast: the stages of :func:`run_plan`
    after the forecast, which scenarios of one forecast share."""
    timings: dict[str, float] = {}
    say = progress or (lambda message: None)

    def stage(name: str, began: float) -> None:
        timings[name] = round(time.perf_counter() - began, 2)
        say(msg(f"pipe.{name}_done", seconds=timings[name]))

    began = time.perf_counter()
    say(msg("pipe.staffing"))
    req = requirements(fc, config, calendar=calendar_frame(calendar), progress=say)
    stage("staffing", began)

    began = time.perf_counter()
    hot = campaign_day_list(
        req["interval_start"], calendar_frame(calendar), config.interval_minutes
    )
    phases = day_phases(req["interval_start"], calendar_frame(calendar), config.interval_minutes)
    roster = solve_roster(
        req,
        config,
        campaign_days=hot,
        agents=agents,
        progress=say,
        phases=phases,
        previous=previous,
    )
    stage("roster", began)

    began = time.perf_counter()
    say(msg("pipe.simulating", n=replications))
    # the mean and the AHT as forecast.csv and requirements.csv hold them (4 decimals), so
    # that simulate --roster on the plan's folder replays this simulation exactly
    expected = req.assign(
        human_inquiries=mean_human(fc, req, config), aht_seconds=as_written(req["aht_seconds"])
    )
    sim = simulate_requirements(
        expected,
        config,
        agents=rostered_agents(roster, config),
        replications=replications,
        seed=seed,
        fractional=True,
    )
    stage("simulation", began)

    summary = _summary(fc, req, roster, sim, config, timings, expected)
    summary["campaign_days"] = [f"{day:%Y-%m-%d}" for day in hot]
    inputs = {"calendar": fingerprint(calendar)}
    return PlanResult(fc, req, roster, sim, summary, config, tuple(adjustments), inputs)


def mean_human(fc: pd.DataFrame, req: pd.DataFrame, config: PlanConfig) -> np.ndarray:
    """Expected human inquiries (forecast mean after bot deflection), aligned to ``req``.

    The mean is taken as ``forecast.csv`` holds it (4 decimals), so that ``simulate
    --roster`` on a plan's folder replays the plan's simulation exactly: a mean a hair off
    changes the count of arrivals the thinning accepts once in a while, and every service
    time drawn after it in that replication (on a reviewer's shop, 66 intervals by up to 5
    points)."""
    merged = req[["interval_start", "queue"]].merge(fc, on=["interval_start", "queue"], how="left")
    bot = merged["queue"].map(lambda q: config.queues[str(q)].bot_resolution).astype(float)
    return as_written(merged["mean"].fillna(0.0)) * (1 - bot.to_numpy())


def as_written(values: pd.Series) -> np.ndarray:
    """``values`` as the plan's CSV files hold them (4 decimals, ``write_csv``'s format)."""
    return np.array([float(f"{v:.4f}") for v in values.to_numpy(dtype=float)])


def _summary(
    fc: pd.DataFrame,
    req: pd.DataFrame,
    roster: RosterResult,
    sim: pd.DataFrame,
    config: PlanConfig,
    timings: dict[str, float],
    expected: pd.DataFrame,
) -> dict[str, Any]:
    """``plan_summary.json``'s figures and messages; ``expected`` is ``req`` at the forecast
    mean after the bot (what the simulation replays and the inquiry total counts)."""
    rs = roster.summary
    arrivals = float(sim["arrivals"].sum())
    open_ = sim[sim["arrivals"] > 0]
    overall = float((open_["service_level"] * open_["arrivals"]).sum() / max(arrivals, 1e-9))
    worst = open_.loc[open_["service_level"].idxmin()] if not open_.empty else None
    hours = config.interval_minutes / 60
    return {
        "horizon": [str(fc["interval_start"].min()), str(fc["interval_start"].max())],
        "forecast_inquiries": round(float(fc["mean"].sum())),
        "peak_agents": peak_agents(req),
        "agent_hours": round(float(req["agents"].sum() * hours), 1),
        "paid_hours": rs["paid_hours"],
        "headcount": rs["headcount"],
        "hours_by_kind": rs["hours_by_kind"],
        "labour_cost": rs["total_cost"],
        "cost_per_inquiry": round(rs["total_cost"] / max(float(fc["mean"].sum()), 1e-9), 3),
        "shortfall_agent_hours": rs["shortfall_agent_hours"],
        "roster_status": rs["status"],
        "roster_gap": rs["gap"],
        "simulated_service_level": _share_digits(overall),
        "worst_interval": (
            {
                "interval_start": str(worst["interval_start"]),
                "queue": str(worst["queue"]),
                "service_level": _share_digits(float(worst["service_level"])),
            }
            if worst is not None
            else None
        ),
        "abandoned_inquiries": round(float((sim["abandon_rate"] * sim["arrivals"]).sum())),
        "seconds": timings,
        "intervals_below_target": _below(open_, config),
        "intervals_clearly_below_target": _below(open_, config, clearly=True),
        "messages": list(rs.get("messages", []))
        + _below_notes(open_, config)
        + _outside_notes(expected)
        + _cap_notes(req, config),
    }


BELOW_POINTS = 0.05
"""An interval is *below target* when its simulated service level is more than 5 points
under its queue's target (as ``forecaster simulate`` counts them), and *clearly* below when
even the upper end of its 95 % confidence interval is (a night interval of 10 arrivals at
0.73 ± 0.42 may be noise, a queue at 0 % for an hour is not). The plan counted only the
clear ones: a peak morning at 72.8 % against 80 % (143 arrivals, ± 17 points over 10
replications) read as 0 intervals below target while ``simulate`` on the same folder said 1."""


def below_mask(sim: pd.DataFrame, config: PlanConfig, clearly: bool = False) -> np.ndarray:
    """Intervals of a simulation below target (:data:`BELOW_POINTS`); ``clearly``: with the
    upper end of their confidence interval too."""
    target = sim["queue"].map(lambda q: config.queues[str(q)].service_level).astype(float)
    noise = 0.0
    if clearly and "service_level_ci95" in sim:
        noise = sim["service_level_ci95"].fillna(0.0)
    return np.asarray(sim["service_level"] + noise < target - BELOW_POINTS)


def _below(sim: pd.DataFrame, config: PlanConfig, clearly: bool = False) -> int:
    """Intervals with arrivals whose simulated service level is below target."""
    return int(below_mask(sim, config, clearly).sum()) if len(sim) else 0


def _below_notes(sim: pd.DataFrame, config: PlanConfig) -> list[Any]:
    """A note when intervals fall below their target: an overall level near 100 % can hide
    hours at 0 % (a queue left without agents), and a team lead signs the hours too."""
    if not len(sim):
        return []
    below = sim[below_mask(sim, config)]
    if below.empty:
        return []
    worst = below.loc[below["service_level"].idxmin()]
    return [
        msg(
            "pipe.below_target",
            n=len(below),
            clearly=_below(sim, config, clearly=True),
            total=len(sim),
            worst=float(worst["service_level"]),
            at=pd.Timestamp(worst["interval_start"]),
            queue=str(worst["queue"]),
            arrivals=float(below["arrivals"].sum()),
        )
    ]


CAP_NOTE_SHARE = 0.5
"""A queue whose open intervals are staffed to a cap other than the service level (the
occupancy cap, the abandonment cap, ``min_agents``) this often gets a note: its simulated
service level then runs above target by design (the sample's ordinary week: the occupancy
cap decided 862 of 868 open intervals and the service level read 100 % against 80 %)."""


def _share_digits(value: float) -> float:
    """A share rounded to 4 decimals for summaries, but never up to 1 (nor down to 0): a
    plan that loses 3 chats in 100,000 is not at 100 %, and its readers print what it says."""
    rounded = round(value, 4)
    if rounded == 1.0 and value < 1.0:  # as many nines as it has, cut (never rounded) up
        digits = 6
        while math.floor(value * 10**digits) / 10**digits == 1.0 and digits < 15:
            digits += 1
        return math.floor(value * 10**digits) / 10**digits
    if rounded == 0.0 and value > 0.0:
        return float(f"{value:.6g}")
    return rounded


def _cap_notes(req: pd.DataFrame, config: PlanConfig) -> list[Any]:
    """A note per queue mostly staffed to a cap, not to its service-level target."""
    if "binding" not in req or "open" not in req:
        return []
    notes = []
    for queue, rows in req[req["open"].astype(bool)].groupby("queue", sort=True):
        counts = rows["binding"].astype(str).value_counts()
        caps = counts.drop(["service_level", "none", "closed"], errors="ignore")
        if caps.empty or caps.iloc[0] < CAP_NOTE_SHARE * len(rows):
            continue
        q = config.queues[str(queue)]
        notes.append(
            msg(
                "pipe.cap_decides",
                queue=str(queue),
                cap=msg(f"binding.{caps.index[0]}"),
                share=float(caps.iloc[0]) / len(rows),
                target=q.service_level,
            )
        )
    return notes


def _outside_notes(req: pd.DataFrame) -> list[Any]:
    """A note per queue whose customers ask for a person outside its service hours: the
    bot alone answers them, and the simulated service level counts open hours only (the
    sample's ordinary week: 12,559 of 127,707, 9.8 %, unmentioned by the plan before).
    ``req`` holds the forecast mean after the bot, as the plan's inquiry total counts them
    (the staffed quantile read 2,723 where the mean is 1,990)."""
    from forecaster.capacity import outside_service_hours

    if "open" not in req:
        return []
    return [
        msg(
            "pipe.outside_hours",
            n=row.human_inquiries,
            share=row.share,
            queue=str(row.queue),
            at=pd.Timestamp(row.worst_interval),
            most=row.worst_human_inquiries,
        )
        for row in outside_service_hours(req).itertuples(index=False)
    ]


def write_plan(result: PlanResult, out_dir: str | Path, *, language: str = "zh") -> list[Path]:
    """Write ``forecast.csv``, ``requirements.csv``, the roster files, ``simulation.csv``,
    ``plan_summary.json`` and ``report.html`` into ``out_dir``."""
    import json

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (
        ("forecast.csv", result.forecast),
        ("requirements.csv", result.requirements),
        ("simulation.csv", result.simulation),
    ):
        write_csv(frame, out / name)
        written.append(out / name)
    r = result.roster
    written += write_roster_outputs(
        r.shifts,
        r.coverage,
        r.assignments,
        r.summary,
        out,
        language="zh" if language == "zh" else "en",
        config=result.config,
        requirements=result.requirements,
    )
    if "days" not in result.summary:  # the per-day table and the gaps' rules (explain.py)
        result = replace(result, summary={**result.summary, **plan_explanation(result)})
    summary = with_chinese_messages(result.summary, language, result.config)
    (out / "plan_summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    written.append(out / "plan_summary.json")
    (out / "report.html").write_text(report_html(result, language=language), encoding="utf-8")
    written.append(out / "report.html")
    return written


def report_html(result: PlanResult, *, language: str = "zh") -> str:
    """A self-contained HTML report: key figures on top, then charts (inline PNG) of the
    forecast bands, requirement vs coverage with shortfall, cost and hours by kind and day,
    and the simulated service level. ``language`` ('zh' or 'en') sets the charts' text and
    headings (:func:`forecaster.report_charts.report_charts`)."""
    s = result.summary
    charts = report_charts(  # forecaster.report_charts: fonts, day labels, bars
        result.forecast,
        result.roster.coverage,
        result.roster.shifts,
        result.simulation,
        language=language,
        queue_names=result.config.display_names() if language == "zh" else None,
        targets={name: q.service_level for name, q in result.config.queues.items()},
    )

    names = result.config.display_names()

    def word(key: str, **fields: Any) -> str:
        return t(f"report.{key}", language, **fields)

    status = s["roster_status"]
    levels = sorted({share(q.service_level) for q in result.config.queues.values()})
    target = " / ".join(levels)
    figures = [
        ("horizon", word("to").join(f"{pd.Timestamp(t):%Y-%m-%d %H:%M}" for t in s["horizon"])),
        ("inquiries", f"{s['forecast_inquiries']:,}"),
        ("peak", f"{s['peak_agents']:,}"),
        ("paid", f"{s['paid_hours']:,.0f}"),
        ("headcount", " / ".join(f"{v:,}" for v in s["headcount"].values())),
        ("out_peak", f"{out_peak_seats(result.roster.assignments):,}"),
        ("cost", f"{s['labour_cost']:,.0f}"),
        ("per_inquiry", f"{s['cost_per_inquiry']:.2f}"),
        ("shortfall", number(float(s["shortfall_agent_hours"]), ",.1f")),
        ("sl", word("sl_target", sl=share(s["simulated_service_level"]), target=target)),
        ("abandoned", f"{s['abandoned_inquiries']:,}"),
        (
            "roster",
            word("status", status=render(status, language), gap=f"{s['roster_gap'] or 0:.2%}"),
        ),
    ]
    rows = "".join(
        f"<tr><th>{word('figure.' + k)}</th><td>{html.escape(v)}</td></tr>" for k, v in figures
    )
    notes = "".join(
        f"<li>{html.escape(render(m, language, names))}</li>" for m in s.get("messages", [])
    )
    explained = explain_html(s if "days" in s else plan_explanation(result), language, names)
    images = "".join(
        f"<h2>{html.escape(c.title)}</h2><img alt='{html.escape(c.title, quote=True)}' "
        f"src='data:image/png;base64,{base64.b64encode(c.png).decode('ascii')}'>"
        for c in charts
    )
    return (
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>"
        f"<title>{word('title')}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 10px;"
        "text-align:left}td{white-space:nowrap}img{max-width:100%}</style></head><body>"
        f"<h1>{word('title')}</h1><table>{rows}</table>"
        f"{'<h2>' + word('warnings') + '</h2><ul>' + notes + '</ul>' if notes else ''}"
        f"{explained}{images}"
        "</body></html>"
    )
