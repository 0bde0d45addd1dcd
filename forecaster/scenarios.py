"""What-if scenarios: one shared forecast, several configurations, planned in parallel.

A scenario is a set of config overrides (``bot_resolution=0.5``, ``presale.max_concurrency=4``,
``forecast_quantile=p95`` …, any key :meth:`PlanConfig.with_overrides` accepts). The forecast
(and the planner's adjustments) is made once per grid and holiday calendar and shared; each
scenario is then staffed, rostered and simulated on its own, in separate processes, one per
core. Scenarios share the simulation seed (common random numbers), so the differences between
their simulated service levels come from the plans, not from the dice.

Parsing (:func:`parse_scenario`) accepts ``key=value`` pairs separated by commas or
semicolons, optionally named: ``"bot 50%: bot_resolution=0.5, presale.max_concurrency=4"``.
Every scenario is validated against the base config before any work starts, so a bad key
costs nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from forecaster.adjust import Adjustment
from forecaster.config import PlanConfig
from forecaster.errors import ConfigError, PlannerError
from forecaster.forecast import CalendarLike, HistoryLike
from forecaster.i18n import t
from forecaster.messages import msg
from forecaster.pipeline import (
    SAMPLE_END,
    SAMPLE_START,
    PlanResult,
    fingerprint,
    plan_forecast,
    plan_from_forecast,
    write_plan,
)
from forecaster.safe_output import write_csv

Progress = Callable[[str], None]

BASE = "base"
"""Name of the scenario without overrides (the configuration as given)."""

COMPARISON_COLUMNS = (
    "scenario",
    "peak_agents",
    "agent_hours",
    "paid_hours",
    "headcount_ft",
    "headcount_pt",
    "headcount_out",
    "labour_cost",
    "cost_per_inquiry",
    "simulated_service_level",
    "worst_service_level",
    "worst_interval",
    "worst_queue",
    "abandoned_inquiries",
    "shortfall_agent_hours",
    "roster_status",
    "roster_gap",
    "overrides",
    "error",
)
"""Columns of ``comparison.csv``: one row per scenario (hours in agent-hours, money in CNY,
service levels as fractions; ``error`` is empty unless the scenario could not be planned)."""

_NAMED = re.compile(r"^\s*([^=:,;]+?)\s*:\s*(?=[\w.]+\s*=)")
_SPLIT = re.compile(r"\s*[,;]\s*(?=[\w.]+\s*=)")


@dataclass(frozen=True)
class Scenario:
    """A named set of config overrides (values as typed; the config coerces them)."""

    name: str
    overrides: Mapping[str, str] = field(default_factory=dict)

    def label(self) -> str:
        """``key=value, …`` (empty for the base scenario)."""
        return ", ".join(f"{k}={v}" for k, v in self.overrides.items())


@dataclass(frozen=True)
class Comparison:
    """The comparison table and every scenario's full plan (``None`` where it failed)."""

    table: pd.DataFrame
    results: dict[str, PlanResult | None]
    seconds: float


def parse_scenario(text: str, base: PlanConfig, *, option: str = "--scenario") -> Scenario:
    """Parse one ``[name:] key=value[, key=value …]`` scenario and check it against ``base``.

    Raises
    ------
    ConfigError
        A part without ``=``, an empty value, an unknown key or a value the key does not
        accept; one line naming the scenario text and the key.
    """
    source = f"{option} {text!r}"
    named = _NAMED.match(text)
    body = text[named.end() :] if named else text
    overrides: dict[str, str] = {}
    for part in _SPLIT.split(body.strip()):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise ConfigError(f"{source}: expected key=value, got {part!r}")
        if not value:
            raise ConfigError(f"{source}: key '{key}' has no value")
        overrides[key] = value
    base.with_overrides(overrides, source=source)  # validates every key and value
    name = named.group(1).strip() if named else ", ".join(f"{k}={v}" for k, v in overrides.items())
    return Scenario(name, overrides)


def parse_scenarios(
    texts: Sequence[str], base: PlanConfig, *, include_base: bool = True
) -> list[Scenario]:
    """Parse ``--scenario`` options; the base scenario first unless ``include_base`` is off.

    Raises
    ------
    ConfigError
        A bad scenario (see :func:`parse_scenario`), two scenarios with one name, or none.
    """
    scenarios = [Scenario(BASE)] if include_base else []
    scenarios += [parse_scenario(text, base) for text in texts]
    if not scenarios:
        raise ConfigError("--scenario: give at least one scenario (key=value)")
    seen: set[str] = set()
    for s in scenarios:
        if s.name in seen:
            raise ConfigError(f"--scenario: two scenarios are called {s.name!r}; name them")
        seen.add(s.name)
    return scenarios


def slug(name: str) -> str:
    """A directory name for a scenario (letters, digits, ``.=-_``; CJK kept; never ``..``)."""
    text = re.sub(r"[^\w.=-]+", "_", name, flags=re.UNICODE).strip("_.")
    return text[:80] or "scenario"


def _plan_one(
    name: str,
    fc: pd.DataFrame,
    calendar: CalendarLike,
    config: PlanConfig,
    adjustments: tuple[Adjustment, ...],
    replications: int,
    out_dir: str | None,
    language: str,
    lines: Any = None,
) -> tuple[str, PlanResult | None, str, float]:
    """Worker: plan one scenario (and write its files); errors come back as text. Its
    progress lines go to ``lines`` (a queue the parent reads) as ``(name, line)``."""
    began = time.perf_counter()
    say = None if lines is None else (lambda line: lines.put((name, line)))
    try:
        result = plan_from_forecast(
            fc, calendar, config, adjustments, replications=replications, seed=0, progress=say
        )
        if out_dir is not None:
            write_plan(result, out_dir, language=language)
    except PlannerError as error:
        return name, None, str(error), time.perf_counter() - began
    return name, result, "", time.perf_counter() - began


class _Relay:
    """A scenario's progress lines as :func:`_plan_one` puts them, said at once."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def put(self, item: tuple[str, str]) -> None:
        name, line = item
        self.say(msg("sc.line", name=name, line=line))


def comparison_row(
    scenario: Scenario, result: PlanResult | None, error: str = ""
) -> dict[str, Any]:
    """One ``comparison.csv`` row (:data:`COMPARISON_COLUMNS`) from a scenario's plan."""
    row: dict[str, Any] = dict.fromkeys(COMPARISON_COLUMNS)
    row.update(scenario=scenario.name, overrides=scenario.label(), error=error)
    if result is None:
        return row
    s = result.summary
    worst = s.get("worst_interval") or {}
    row.update(
        peak_agents=s["peak_agents"],
        agent_hours=s["agent_hours"],
        paid_hours=s["paid_hours"],
        headcount_ft=s["headcount"].get("FT", 0),
        headcount_pt=s["headcount"].get("PT", 0),
        headcount_out=s["headcount"].get("OUT", 0),
        labour_cost=s["labour_cost"],
        cost_per_inquiry=s["cost_per_inquiry"],
        simulated_service_level=s["simulated_service_level"],
        worst_service_level=worst.get("service_level"),
        worst_interval=worst.get("interval_start"),
        worst_queue=worst.get("queue"),
        abandoned_inquiries=s["abandoned_inquiries"],
        shortfall_agent_hours=s["shortfall_agent_hours"],
        roster_status=s["roster_status"],
        roster_gap=s["roster_gap"],
    )
    return row


def run_scenarios(
    history: HistoryLike,
    calendar: CalendarLike,
    config: PlanConfig,
    scenarios: Sequence[Scenario],
    adjustments: Sequence[Adjustment] = (),
    *,
    start: object = SAMPLE_START,
    end: object = SAMPLE_END,
    workers: int | None = None,
    replications: int = 10,
    out_dir: str | Path | None = None,
    language: str = "zh",
    progress: Progress | None = None,
) -> Comparison:
    """Plan every scenario on one shared forecast, in parallel (module docstring).

    Parameters
    ----------
    workers
        Processes to use (default: the machine's cores, at most one per scenario). ``1``
        plans the scenarios one by one in this process.
    out_dir
        If given, each scenario's plan files go to ``out_dir/<slug(name)>/``.

    Raises
    ------
    PlannerError
        The forecast failed (bad history), or every scenario failed (the first reason).
    """
    say = progress or (lambda message: None)
    began = time.perf_counter()
    configs = {s.name: config.with_overrides(s.overrides, source=s.name) for s in scenarios}
    forecasts: dict[tuple[int, str], pd.DataFrame] = {}
    for minutes, holidays in sorted({(c.interval_minutes, c.holidays) for c in configs.values()}):
        forecasts[minutes, holidays] = plan_forecast(
            history,
            calendar,
            minutes,
            adjustments,
            start=start,
            end=end,
            progress=say,
            holidays=holidays,
        )
    say(msg("sc.forecast_shared", n=len(scenarios), seconds=time.perf_counter() - began))
    inputs = {"history": fingerprint(history), "calendar": fingerprint(calendar)}

    jobs = [
        (
            s.name,
            forecasts[configs[s.name].interval_minutes, configs[s.name].holidays],
            calendar,
            configs[s.name],
            tuple(adjustments),
            replications,
            None if out_dir is None else str(Path(out_dir) / slug(s.name)),
            language,
        )
        for s in scenarios
    ]
    count = min(len(jobs), workers or os.cpu_count() or 1)
    outcomes: dict[str, tuple[PlanResult | None, str]] = {}

    def report(done: int, name: str, result: PlanResult | None, error: str, secs: float) -> None:
        if result is None:
            say(msg("sc.failed", done=done, n=len(jobs), name=name, seconds=secs, error=error))
            return
        s = result.summary
        say(
            msg(
                "sc.done",
                done=done,
                n=len(jobs),
                name=name,
                cost=s["labour_cost"],
                paid=s["paid_hours"],
                sl=s["simulated_service_level"],
                seconds=secs,
            )
        )

    say(msg("sc.planning", n=len(jobs), count=count))
    if count == 1:
        relay_here = _Relay(say)  # one process: the lines go straight to the progress
        for done, job in enumerate(jobs, start=1):
            name, result, error, secs = _plan_one(*job, relay_here)
            outcomes[name] = (result, error)
            report(done, name, result, error, secs)
    else:
        # spawn, not fork: the parent may be a threaded server (the app)
        context = multiprocessing.get_context("spawn")
        with (
            context.Manager() as manager,
            ProcessPoolExecutor(max_workers=count, mp_context=context) as pool,
        ):
            # each scenario's own progress (its roster's solver lines): the app showed
            # nothing for the minute a scenario takes
            lines = manager.Queue()

            def relay() -> None:
                while not lines.empty():
                    name, line = lines.get()
                    say(msg("sc.line", name=name, line=line))

            pending: set[Future[tuple[str, PlanResult | None, str, float]]] = {
                pool.submit(_plan_one, *job, lines) for job in jobs
            }
            while pending:
                finished, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                relay()
                for future in finished:
                    name, result, error, secs = future.result()
                    outcomes[name] = (result, error)
                    report(len(outcomes), name, result, error, secs)
            relay()

    results: dict[str, PlanResult | None] = {}
    rows = []
    for s in scenarios:
        result, error = outcomes[s.name]
        if result is not None:
            result.inputs.update(inputs)
        results[s.name] = result
        rows.append(comparison_row(s, result, error))
    if all(r is None for r in results.values()):
        raise PlannerError(f"no scenario could be planned: {outcomes[scenarios[0].name][1]}")
    table = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    return Comparison(table, results, round(time.perf_counter() - began, 2))


def comparison_chart(table: pd.DataFrame, path: str | Path, language: str = "zh") -> Path:
    """``comparison.png``: labour cost against simulated service level (one labelled point
    per scenario), and paid hours by kind per scenario, in ``language`` where a CJK font
    exists (:func:`forecaster.report_charts.chart_language`: scenario names such as 多兼职
    are drawn, not boxes), else in English."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from forecaster.report_charts import chart_language, chart_style

    drawn = chart_language(language)

    def word(key: str) -> str:
        return t(f"compare.chart_{key}", drawn)

    ok = table[table["error"].fillna("") == ""]
    out = Path(path)
    with chart_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
        left.scatter(ok["simulated_service_level"], ok["labour_cost"], color="tab:blue")
        for _, row in ok.iterrows():
            left.annotate(
                str(row["scenario"]),
                (row["simulated_service_level"], row["labour_cost"]),
                textcoords="offset points",
                xytext=(4, 4),
                fontsize=7,
            )
        left.set_xlabel(word("service_level"))
        left.set_ylabel(word("cost"))
        left.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        left.margins(x=0.25, y=0.15)
        left.set_title(word("cost_title"))
        left.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        hours = ok.set_index("scenario")[["agent_hours", "paid_hours"]]
        hours.columns = [word("agent_hours"), word("paid_hours")]
        hours.plot(kind="bar", ax=right, width=0.8)
        right.set_xlabel("")
        right.set_ylabel(word("hours"))
        right.set_title(word("hours_title"))
        right.tick_params(axis="x", labelrotation=20, labelsize=7)
        fig.tight_layout()
        fig.savefig(out, dpi=90)
    plt.close(fig)
    return out


def write_comparison(
    comparison: Comparison, out_dir: str | Path, *, language: str = "zh"
) -> list[Path]:
    """``comparison.csv`` (UTF-8 with BOM, so Excel opens it) and ``comparison.png`` (its
    text in ``language``)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "comparison.csv"
    write_csv(comparison.table, csv, encoding="utf-8-sig", date_format=None)
    return [csv, comparison_chart(comparison.table, out / "comparison.png", language)]
