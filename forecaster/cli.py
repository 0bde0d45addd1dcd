"""The ``forecaster`` command line: a thin shell over the library.

Every command exits 0 on success and 2 on bad input or an impossible plan, with the reason
on one line on stderr, never a traceback (``docs/contracts.md``, command line).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
import pandas as pd

from forecaster import __version__, cli_zh
from forecaster.errors import InputDataError, PlannerError
from forecaster.io import QUEUE_VALUES, parse_datetimes, to_shop_time
from forecaster.messages import CATALOGUE, language_from_env, msg, render, share
from forecaster.paths import REPO_DIR, SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY
from forecaster.safe_output import restore_frame, write_csv
from forecaster.validation import Calendar, History, build_report, read_calendar, read_history

if TYPE_CHECKING:
    from forecaster.config import PlanConfig
    from forecaster.forecast import Forecaster
    from forecaster.pipeline import PlanResult
    from forecaster.store import PlanStore

MODEL_NAMES = ("campaign", "baseline", "mstl", "seasonal_naive", "last_year")
"""Forecasting model names (``forecaster.forecast.MODELS``, without importing statsmodels)."""

DB_HELP = (
    "plan database: a SQLAlchemy URL or a SQLite file path "
    "(default: $FORECASTER_DB or plans.db in the user data directory)"
)

_OUT: dict[str, Any] = {"lang": "en", "names": {}}
"""The language of this run's output (``--lang``) and the queues' display names."""

HOLIDAYS_CONFIG_HELP = (
    "plan.toml whose 'holidays' key (CN, none or a country code such as GB) chooses the "
    "holiday calendar (default: CN)"
)

LANGS = ("zh", "en")
LANG_HELP = (
    "language of the output: zh (中文) or en (default: $FORECASTER_LANG, else the locale, else en)"
)

REPLICATIONS_HELP = "simulation runs of the plan (more: narrower confidence intervals, slower)"
SEED_HELP = "random seed of the simulation (the same seed gives the same result)"

EXIT_OK = 0
LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""Addresses that serve this machine only (``forecaster app --address``)."""
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def _default_calendar(args: argparse.Namespace, own: bool) -> None:
    """``--calendar`` left out: the bundled 618/双11 calendar (the contract's default), said
    aloud when the shop's own files (``own``) are planned with it."""
    if args.calendar is not None:
        return
    args.calendar = str(SAMPLE_CALENDAR)
    if own:
        _progress(msg("cli.bundled_calendar", path=str(SAMPLE_CALENDAR)))


def _own_history(args: argparse.Namespace) -> bool:
    return Path(args.history).resolve() != SAMPLE_HISTORY.resolve()


def _keyed(config: PlanConfig, history: History, config_source: str) -> tuple[PlanConfig, History]:
    """The history's queues under the config's keys (安装预约 → install), each with its
    table, and the planning grid no finer than the history's, with a note
    (:meth:`PlanConfig.grid_for`)."""
    history = history.keyed(config.queue_keys(history.queues))
    config.check_queues(history.queues, history.source, config_source)
    planned = config.grid_for(history.interval_minutes, history.source, config_source)
    if planned.interval_minutes != config.interval_minutes:
        _progress(
            msg("cli.grid_coarser", source=config_source, cfg=config.interval_minutes,
                data=history.interval_minutes, history=history.source,
                step=planned.interval_minutes)
        )  # fmt: skip
    return planned, history


def _validate(args: argparse.Namespace) -> int:
    _default_calendar(args, _own_history(args))
    history_path = Path(args.history)
    try:
        history = read_history(history_path)
        calendar = read_calendar(Path(args.calendar)) if args.calendar else None
        if args.config:  # every queue of the history needs its table (as plan checks)
            _keyed(_config(Path(args.config)), history, args.config)
    except PlannerError as exc:
        _say(msg("report.not_usable", n=len(exc.problems)))
        for problem in exc.problems:
            _say(msg("report.bullet", text=problem))
        raise
    print(build_report(history, calendar).to_text(_OUT["lang"], _OUT["names"]))
    return EXIT_OK


_DAY_MONTH_FIRST = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
"""``08-10-2025``: 8 October or 10 August? Refused, whichever way it could be read."""


def _either(options: tuple[str, ...]) -> Any:
    """``a or b`` in the reader's language."""
    if len(options) == 1:
        return options[0]
    return msg("cli.either", a=options[0], b=options[1])


def parse_timestamp(text: str, option: str) -> pd.Timestamp:
    """A CLI timestamp option in naive shop time (an offset is converted), or one clear error
    naming the option. Year first (``2025-10-08``, ``2025/10/08 20:00``, ``20251008``) or
    Chinese (``2025年10月8日``, as the data loaders read them); a day and a month before the
    year are refused rather than guessed."""
    ambiguous = _DAY_MONTH_FIRST.match(text)
    if ambiguous:
        first, second, year = (int(g) for g in ambiguous.groups())
        readings = [
            f"{year}-{m:02d}-{d:02d}"
            for m, d in ((second, first), (first, second))
            if 1 <= m <= 12 and 1 <= d <= 31
        ]
        hint = tuple(dict.fromkeys(readings)) or (f"{year}-10-08",)
        raise InputDataError(
            msg("err.cli_day_first", option=option, text=repr(text), hint=_either(hint))
        )
    stamp = parse_datetimes(pd.Series([text.strip()], dtype=object)).iloc[0]
    if pd.isna(stamp):
        try:
            stamp = to_shop_time(pd.Timestamp(text))
        except (TypeError, ValueError):
            stamp = pd.NaT
    if pd.isna(stamp):
        raise InputDataError(
            f"{option} must be a date or timestamp like 2025-10-08 or 2025年10月8日, got {text!r}"
        )
    return pd.Timestamp(stamp)


def _last_included(end: pd.Timestamp) -> pd.Timestamp:
    """A date-only end means the whole day (``forecaster.forecast.horizon_stamps``)."""
    return end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1) if end == end.normalize() else end


def output_file(text: str, option: str = "--out") -> Path:
    """An output file path whose folder exists or can be made, checked before any work."""
    path = Path(text)
    if path.is_dir():
        raise InputDataError(
            f"{option} {text} is a directory; give a file name, e.g. {text}/out.csv"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputDataError(
            f"{option} {text}: cannot create its folder ({error.strerror})"
        ) from None
    return path


def output_dir(text: str, option: str = "--out") -> Path:
    """An output directory, made if missing, checked before any work."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise InputDataError(f"{option} {text} is a file; give a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputDataError(f"{option} {text}: cannot create it ({error.strerror})") from None
    return path


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text!r}")
    return value


def _model_list(text: str) -> list[str]:
    """``--models a,b`` checked against the known models (an argparse type)."""
    names = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in names if m not in MODEL_NAMES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"must name some of {', '.join(MODEL_NAMES)}, got {text!r}"
        )
    return names


def _horizon_notes(
    history: History, start: pd.Timestamp, end: pd.Timestamp, holidays: str = "CN"
) -> None:
    from forecaster.holidays import uncovered_years

    last = history.frame["interval_start"].max()
    ahead = (start - last).days
    if ahead > 60:
        _progress(msg("cli.history_ends", last=last, days=ahead))
    years = uncovered_years(pd.date_range(start.normalize(), end.normalize(), freq="D"), holidays)
    if years:
        _progress(msg("cli.no_holidays", years=", ".join(map(str, years))))


def _fit_named(
    name: str,
    history: History,
    calendar: Calendar | None,
    start: pd.Timestamp,
    holidays: str = "CN",
) -> Forecaster:
    """Fit a model on history before ``start`` knowing the public holidays of ``holidays``;
    errors name the history file."""
    from forecaster.forecast import make_model, truncate_history

    train = truncate_history(history, start)
    if train.frame.empty:
        first = history.frame["interval_start"].min()
        raise InputDataError(
            f"{history.source} has no rows before {start} (it starts {first}); "
            "forecasts use only history before their start"
        )
    try:
        model = make_model(name, holidays).fit(train, calendar)
    except InputDataError as error:
        raise error.in_source(history.source) from None
    return model


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text: str, *, lines: bool = True) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``): a name from a file or
    the plan database can never move the cursor, recolour or clear the planner's terminal.
    With ``lines=False`` a newline or tab is escaped too (one table cell, one line)."""
    pattern = _CONTROL if lines else _CONTROL_OR_NEWLINE
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)


def _say(text: object) -> None:
    """A line on stdout in the run's language (:mod:`forecaster.messages`)."""
    print(terminal_safe(render(text, _OUT["lang"], _OUT["names"])), flush=True)


def _progress(message: str) -> None:
    """A progress line on stdout (stderr carries only the one-line error, if any)."""
    print(f"  {terminal_safe(render(message, _OUT['lang'], _OUT['names']))}", flush=True)


def _status(status: str) -> object:
    """A solver status for people (``optimal`` → 最优 in Chinese)."""
    return msg(f"status.{status}") if f"status.{status}" in CATALOGUE else status


def _headcount(headcount: dict[str, int]) -> tuple[object, ...]:
    """``FT 194, PT 200, OUT 1109`` (全职 194、兼职 200、外包 1109 in Chinese)."""
    return tuple(msg("cli.count", label=kind, n=n) for kind, n in headcount.items())


_SHARE_COLUMNS = ("simulated_service_level",)
_WHOLE_COLUMNS = ("labour_cost", "paid_hours", "peak_agents", "agent_hours")


def _table(frame: pd.DataFrame) -> str:
    """A table for the terminal, its headers in the run's language; costs, hours and
    counts with thousands separators, shares as percentages (never 100 % below 1)."""
    from forecaster.messages import localise_frame

    frame = frame.copy()
    for column in [c for c in frame.columns if c in (*_SHARE_COLUMNS, *_WHOLE_COLUMNS)]:
        values = pd.to_numeric(frame[column], errors="coerce")
        shown = (lambda v: share(v, ".2%")) if column in _SHARE_COLUMNS else "{:,.0f}".format
        frame[column] = ["–" if pd.isna(v) else shown(float(v)) for v in values]
    shown = localise_frame(frame, _OUT["lang"], _OUT["names"])
    for column in shown.columns:  # a cell is one line, whatever a saved name holds
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(
                lambda v: terminal_safe(v, lines=False) if isinstance(v, str) else v
            )
    return shown.to_string(index=False)


def _config(path: Path) -> PlanConfig:
    """``plan.toml``, its queues' display names kept for the output."""
    from forecaster.config import load_config

    config = load_config(path)
    _OUT["names"] = config.display_names()
    return config


def _load_inputs(args: argparse.Namespace) -> tuple[History, Calendar | None]:
    _default_calendar(args, _own_history(args))
    _progress(msg("cli.reading", path=args.history))
    history = read_history(Path(args.history))
    calendar = read_calendar(Path(args.calendar)) if args.calendar else None
    for finding in history.findings:
        if finding.code in ("gap", "opening"):
            _progress(msg("note", text=finding.message))
    for note in history.outage_notes():
        _progress(msg("note", text=note))
    return history, calendar


def _forecast(args: argparse.Namespace) -> int:
    from forecaster.adjust import apply_adjustments, load_adjustments

    start = parse_timestamp(args.start, "--start")
    end = parse_timestamp(args.end, "--end")
    if _last_included(end) < start:
        raise InputDataError(f"--end must not be before --start, got {args.start} to {args.end}")
    out = output_file(args.out)
    adjustments = load_adjustments(Path(args.adjustments)) if args.adjustments else []
    holidays = _config(Path(args.config)).holidays if args.config else "CN"
    history, calendar = _load_inputs(args)
    if args.interval and args.interval % history.interval_minutes:
        raise InputDataError(
            msg("cli.interval_finer", interval=args.interval, data=history.interval_minutes,
                source=history.source)
        )  # fmt: skip
    _horizon_notes(history, start, end, holidays)
    began = time.perf_counter()
    _progress(msg("cli.fitting", model=_model_name(args.model), start=start))
    model = _fit_named(args.model, history, calendar, start, holidays)
    frame = model.predict(start, end, args.interval)
    for note in model.notes_:  # after predict: the weighing runs for the horizon's campaigns
        _progress(msg("note", text=note))
    if adjustments:
        _progress(msg("cli.applying", n=len(adjustments), path=args.adjustments))
        frame = apply_adjustments(frame, adjustments, source=Path(args.adjustments).name)
    write_csv(frame, out, float_format="%.3f")
    seconds = time.perf_counter() - began
    queues = tuple(str(q) for q in frame["queue"].unique())  # each by its name
    _say(
        msg(
            "cli.wrote_forecast",
            path=out,
            rows=len(frame),
            queues=queues,
            start=f"{frame['interval_start'].min():%Y-%m-%d %H:%M}",
            end=f"{frame['interval_start'].max():%Y-%m-%d %H:%M}",
            seconds=seconds,
        )
    )
    return EXIT_OK


def _backtest(args: argparse.Namespace) -> int:
    from forecaster.backtest import run_backtest, write_backtest

    out = output_dir(args.out)
    _default_calendar(args, _own_history(args))
    if not args.calendar:
        raise InputDataError(msg("cli.backtest_needs_calendar"))
    holidays = _config(Path(args.config)).holidays if args.config else "CN"
    history, calendar = _load_inputs(args)
    assert calendar is not None
    try:
        result = run_backtest(
            history,
            calendar,
            args.event,
            models=args.models,
            progress=_progress,
            holidays=holidays,
        )
    except InputDataError as error:
        message = str(error)
        raise InputDataError(
            message
            if message.startswith(("event ", "history ends", "history starts"))
            else f"{history.source}: {message}"
        ) from None
    written = write_backtest(result, out, language=_OUT["lang"], queue_names=_OUT["names"])
    window = result.metrics[result.metrics["scope"] == "window"]
    _say(msg("cli.backtest", event=args.event))
    for row in window.itertuples(index=False):
        _say(
            msg(
                "cli.backtest_row",
                origin=f"{row.origin:<13}",
                model=f"{row.model:<15}",
                queue=f"{row.queue:<10}",
                wape=row.wape,
                bias=row.bias,
                coverage=row.coverage_80,
            )
        )
    _say(msg("cli.wrote_files", paths=tuple(str(p) for p in written)))
    return EXIT_OK


def _staff(args: argparse.Namespace) -> int:
    from forecaster.capacity import read_forecast, requirements

    out = output_file(args.out)
    config = _config(Path(args.config))
    forecast = read_forecast(args.forecast)
    calendar = read_calendar(Path(args.calendar)) if args.calendar else None
    if calendar is None:
        phased = [name for name, q in config.queues.items() if q.phase_service_hours]
        if phased:
            _progress(msg("cli.phase_hours_no_calendar", queues=tuple(phased)))
    began = time.perf_counter()
    req = requirements(
        forecast,
        config,
        quantile=args.quantile,
        time_varying=not args.stationary,
        calendar=None if calendar is None else calendar.frame,
        progress=_progress,
    )
    write_csv(req, out)
    minutes = int(config.interval_minutes)
    for queue, rows in req.groupby("queue", sort=False):
        peak = rows.loc[rows["agents"].idxmax()]
        hours = rows["agents"].sum() * minutes / 60
        _say(
            msg(
                "cli.staff_peak",
                queue=queue,
                agents=int(peak["agents"]),
                headcount=int(peak["headcount"]),
                at=peak["interval_start"],
                hours=hours,
            )
        )
        decided = rows.loc[rows["binding"] != "closed", "binding"].value_counts()
        _say(
            msg(
                "cli.decided_by",
                counts=tuple(
                    msg("cli.count", label=msg(f"binding.{label}"), n=count)
                    if f"binding.{label}" in CATALOGUE
                    else f"{label} {count:,}"
                    for label, count in decided.items()
                ),
            )
        )
        closed = rows[~rows["open"] & (rows["human_inquiries"] > 0)]
        if not closed.empty:
            worst = closed.loc[closed["human_inquiries"].idxmax()]
            _say(
                msg(
                    "cli.outside_hours",
                    n=closed["human_inquiries"].sum(),
                    queue=queue,
                    at=worst["interval_start"],
                    most=worst["human_inquiries"],
                )
            )
    _say(msg("cli.wrote_rows", path=out, rows=len(req), seconds=time.perf_counter() - began))
    return EXIT_OK


def read_csv_input(text: str, option: str) -> pd.DataFrame:
    """A CSV input file, or one clear error naming the option and file."""
    path = Path(text)
    if not path.is_file():
        raise InputDataError(f"{option} {text}: no such file")
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise InputDataError(f"{option} {text}: give a CSV file (save the sheet as CSV UTF-8)")
    try:
        frame = restore_frame(pd.read_csv(path, encoding="utf-8-sig"))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputDataError(f"{path.name}: not a readable CSV file ({error})") from None
    if frame.empty:
        raise InputDataError(f"{path.name}: has a header but no data rows")
    if "interval_start" in frame.columns:
        stamps = pd.to_datetime(frame["interval_start"], errors="coerce")
        if stamps.isna().any():
            row = int(stamps.isna().to_numpy().argmax())
            raise InputDataError(
                f"{path.name} row {row + 2}, column interval_start: must be a timestamp, "
                f"got {frame['interval_start'].iloc[row]!r}"
            )
        frame["interval_start"] = stamps
    return frame


def _roster_agents(roster: Path, config: PlanConfig, config_source: str) -> pd.DataFrame:
    """Agents on chat from a roster folder's ``coverage.csv``, as the plan simulates them
    (:func:`forecaster.pipeline.agents_on_chat`); a missing column, a bad ``scheduled``
    cell or a queue the config lacks is one error naming the file."""
    from forecaster.pipeline import agents_on_chat

    path = roster / "coverage.csv"
    coverage = read_csv_input(str(path), "--roster")
    for column in ("interval_start", "queue", "scheduled"):
        if column not in coverage.columns:
            raise InputDataError(msg("cli.roster_column", path=path, column=column))
    scheduled = pd.to_numeric(coverage["scheduled"], errors="coerce")
    bad = np.flatnonzero((scheduled.isna() | (scheduled < 0)).to_numpy())
    if len(bad):
        value = str(coverage["scheduled"].iloc[bad[0]])
        raise InputDataError(
            msg("cli.roster_cell", path=path, column="scheduled", row=bad[0] + 2, value=value)
        )
    config.check_queues(coverage["queue"].unique(), str(path), config_source)
    return agents_on_chat(coverage.assign(scheduled=scheduled), config)


def _simulate(args: argparse.Namespace) -> int:
    from forecaster.pipeline import below_mask
    from forecaster.simulate import simulate_requirements

    out = output_file(args.out)
    config = _config(Path(args.config))
    req = read_csv_input(args.requirements, "--requirements")
    agents = _roster_agents(Path(args.roster), config, args.config) if args.roster else None
    replications = args.replications
    forecast = Path(args.roster) / "forecast.csv" if args.roster else None
    if forecast is not None and forecast.is_file() and "interval_start" in req.columns:
        # a plan's folder: replay the forecast mean as the plan did, with its replications
        from forecaster.capacity import read_forecast
        from forecaster.pipeline import mean_human

        fc = read_forecast(forecast)
        frame = req.assign(interval_start=pd.to_datetime(req["interval_start"], errors="coerce"))
        req = frame.assign(human_inquiries=mean_human(fc, frame, config))
        replications = replications or PLAN_REPLICATIONS
        _progress(msg("cli.sim_plan_mean", path=forecast, n=replications))
    replications = replications or SIM_REPLICATIONS
    began = time.perf_counter()
    sim = simulate_requirements(
        req,
        config,
        agents=agents,
        replications=replications,
        seed=args.seed,
        progress=_progress,
        fractional=agents is not None,
    )
    write_csv(sim, out)
    for queue, rows in sim.groupby("queue", sort=False):
        arrivals = rows["arrivals"].sum()
        if arrivals <= 0:
            continue
        overall = (rows["service_level"] * rows["arrivals"]).sum() / arrivals
        worst = rows.loc[rows["service_level"].idxmin()]
        target = config.queues[str(queue)].service_level
        below = int(below_mask(rows, config).sum())  # as the plan counts them
        _say(
            msg(
                "cli.simulated",
                queue=queue,
                overall=overall,
                target=target,
                worst=worst["service_level"],
                at=worst["interval_start"],
                below=below,
                abandoned=(rows["abandon_rate"] * rows["arrivals"]).sum(),
            )
        )
    _say(
        msg(
            "cli.wrote_sim",
            path=out,
            rows=len(sim),
            replications=replications,
            seconds=time.perf_counter() - began,
        )
    )
    return EXIT_OK


SIM_REPLICATIONS = 20
"""``forecaster simulate``'s replications by default."""
PLAN_REPLICATIONS = 10
"""The replications of ``forecaster plan``'s own simulation (:func:`forecaster.pipeline.plan`),
which ``simulate --roster`` on a plan's folder repeats."""


PREVIOUS_HELP = (
    "a previous plan or roster output folder this one follows (rest, days in a row, days off "
    "in the week, outsourced bookings in progress, the night shifts of the day before)"
)


AGENTS_HELP = "agents.csv: agent, name, kind, queues, unavailable"


def _roster(args: argparse.Namespace) -> int:
    from forecaster.campaigns import campaign_day_list, day_phases
    from forecaster.exports import write_roster_outputs
    from forecaster.roster import read_agents, read_previous, solve_roster

    out = output_dir(args.out)
    config = _config(Path(args.config))
    requirements = read_csv_input(args.requirements, "--requirements")
    agents = read_agents(args.agents) if args.agents else None
    previous = read_previous(args.previous, config) if args.previous else None
    hot: list[pd.Timestamp] = []
    phases = {}
    _default_calendar(args, Path(args.config).resolve() != SAMPLE_CONFIG.resolve())
    if args.calendar and "interval_start" in requirements.columns:
        calendar = read_calendar(Path(args.calendar))
        stamps = pd.to_datetime(requirements["interval_start"], errors="coerce").dropna()
        hot = campaign_day_list(stamps, calendar.frame, config.interval_minutes)
        phases = day_phases(stamps, calendar.frame, config.interval_minutes)
        inside = [d for d in hot if len(stamps) and d >= stamps.min().normalize()]
        _progress(msg("cli.campaign_days", n=len(inside), source=calendar.source))
    result = solve_roster(
        requirements,
        config,
        campaign_days=hot,
        agents=agents,
        progress=_progress,
        phases=phases,
        previous=previous,
        source=Path(args.requirements).name,  # the file named if it is unusable
    )
    written = write_roster_outputs(
        result.shifts,
        result.coverage,
        result.assignments,
        result.summary,
        out,
        language=args.language,
        config=config,
        requirements=requirements,
    )
    s = result.summary
    gap = f"{s['gap']:.2%}" if s["gap"] is not None else "n/a"
    _say(
        msg(
            "cli.roster",
            status=_status(s["status"]),
            solver=s["solver"],
            seconds=s["solve_seconds"],
            gap=gap,
            cost=s["total_cost"],
            paid=s["paid_hours"],
            required=s["required_agent_hours"],
            headcount=_headcount(s["headcount"]),
        )
    )
    for message in result.messages:
        _say(msg("cli.warning", text=message))
    _say(msg("cli.wrote_files", paths=tuple(str(p) for p in written)))
    return EXIT_OK


def _horizon_setup(
    args: argparse.Namespace,
) -> tuple[pd.Timestamp, pd.Timestamp, Path, PlanConfig]:
    """``--start``/``--end``, ``--out`` and ``--config`` (with ``--time-limit``) of ``plan``
    and ``compare``, checked before any work."""

    start = parse_timestamp(args.start, "--start")
    end = parse_timestamp(args.end, "--end")
    if _last_included(end) < start:
        raise InputDataError(f"--end must not be before --start, got {args.start} to {args.end}")
    out = output_dir(args.out)
    config = _config(Path(args.config))
    if args.time_limit:
        config = config.with_overrides({"solver.time_limit_seconds": args.time_limit})
    return start, end, out, config


def _plan(args: argparse.Namespace) -> int:
    from forecaster.adjust import load_adjustments
    from forecaster.pipeline import run_plan, write_plan
    from forecaster.roster import prepare_agents, read_agents, read_previous

    start, end, out, config = _horizon_setup(args)
    previous = read_previous(args.previous, config) if getattr(args, "previous", None) else None
    listed = getattr(args, "agents", None)
    agents = prepare_agents(read_agents(listed), config) if listed else None
    adjustments = load_adjustments(Path(args.adjustments)) if args.adjustments else []
    store = _store(args) if args.save is not None else None  # a bad --db fails before work
    history, calendar = _load_inputs(args)
    config, history = _keyed(config, history, args.config)
    began = time.perf_counter()
    try:
        result = run_plan(
            history,
            calendar,
            config,
            adjustments,
            start=start,
            end=end,
            replications=args.replications,
            progress=_progress,
            previous=previous,
            agents=agents,
        )
    except InputDataError as error:
        raise error.in_source(history.source) from None
    written = write_plan(result, out)
    s = result.summary
    _say(
        msg(
            "cli.plan_line",
            start=s["horizon"][0][:10],
            end=s["horizon"][1][:10],
            inquiries=s["forecast_inquiries"],
            peak=s["peak_agents"],
            paid=s["paid_hours"],
            cost=s["labour_cost"],
            sl=s["simulated_service_level"],
            seconds=time.perf_counter() - began,
        )
    )
    for message in s["messages"]:
        _say(msg("cli.warning", text=message))
    _say(msg("cli.wrote", n=len(written), path=out, report=out / "report.html"))
    if store is not None:
        _save(store, result, args.save or f"{s['horizon'][0][:10]} – {s['horizon'][1][:10]}")
    return EXIT_OK


def _store(args: argparse.Namespace, *, create: bool = True) -> PlanStore:
    """The plan database of ``--db``: a URL, or a plain path taken as a SQLite file; with
    ``create=False`` (commands that read or delete plans) a database without the plan
    tables is refused and left unchanged."""
    from forecaster.store import PlanStore

    db = args.db
    return PlanStore(Path(db) if db and "://" not in db else db, create=create)


def _local(stamp: object) -> str:
    """A stored UTC time as shop time, to the minute."""
    return f"{to_shop_time(pd.Timestamp(str(stamp))):%Y-%m-%d %H:%M}"


def _save(store: PlanStore, result: PlanResult, name: str) -> None:
    from forecaster.store import current_user

    plan_id = store.save(result, name=name, actor=current_user())
    _say(msg("cli.saved", id=plan_id, name=repr(name), url=store.url))


def _plans(args: argparse.Namespace) -> int:
    from forecaster.store import NoStoreError, current_user

    if args.action not in ("list", "audit") and args.id is None:
        raise InputDataError(f"forecaster plans {args.action}: give the plan ID")
    try:
        store = _store(args, create=False)
    except NoStoreError as error:
        if args.action not in ("list", "audit"):
            raise
        _say(msg("cli.no_plans", url=error.url))  # and no file made for it
        return EXIT_OK
    if args.action == "list":
        table = store.list()
        if table.empty:
            _say(msg("cli.no_plans", url=store.url))
            return EXIT_OK
        shown = table.assign(
            created_at=table["created_at"].map(_local),
            horizon=[
                render(msg("cli.range", start=str(a)[:10], end=str(b)[:10]), _OUT["lang"])
                for a, b in zip(table["horizon_start"], table["horizon_end"], strict=True)
            ],
        )[["id", "name", "owner", "created_at", "horizon", "labour_cost",
           "simulated_service_level"]]  # fmt: skip
        print(_table(shown))
        _say(msg("cli.plan_count", n=len(table), url=store.url))
        return EXIT_OK
    if args.action == "audit":
        log = store.audit()
        if log.empty:
            _say(msg("cli.no_audit", url=store.url))
            return EXIT_OK
        actions = log["action"].map(lambda a: render(msg(f"audit.{a}"), _OUT["lang"]))
        print(_table(log.assign(at=log["at"].map(_local), action=actions)))
        return EXIT_OK
    if args.action == "show":
        saved = store.load(args.id)
        _OUT["names"] = {**_OUT["names"], **saved.result.config.display_names()}
        s, r = saved.result.summary, saved.result
        _say(
            msg(
                "cli.show_plan",
                id=saved.id,
                name=repr(saved.name),
                saved=_local(saved.created_at),
            )
        )
        if saved.note:
            _say(msg("cli.show_note", text=saved.note))
        _say(msg("cli.show_horizon", start=s["horizon"][0], end=s["horizon"][1]))
        for key, value in r.inputs.items():
            _say(
                msg(
                    "cli.show_input",
                    input=msg(f"input.{key}") if f"input.{key}" in CATALOGUE else key,
                    source=value.get("source", ""),
                    sha=value.get("sha256", "")[:12],
                )
            )
        _say(
            msg(
                "cli.show_figures",
                inquiries=s["forecast_inquiries"],
                peak=s["peak_agents"],
                paid=s["paid_hours"],
                headcount=_headcount(s["headcount"]),
            )
        )
        _say(
            msg(
                "cli.show_cost",
                cost=s["labour_cost"],
                per=s["cost_per_inquiry"],
                sl=s["simulated_service_level"],
                shortfall=s["shortfall_agent_hours"],
            )
        )
        _say(msg("cli.show_status", n=len(r.adjustments), status=_status(s["roster_status"])))
        for message in s.get("messages", []):
            _say(msg("cli.warning", text=message))
        return EXIT_OK
    if args.action == "delete":
        store.delete(args.id, actor=current_user())
        _say(msg("cli.deleted", id=args.id, url=store.url))
        return EXIT_OK
    if not args.out:
        raise InputDataError("forecaster plans export: give --out DIR")
    out = output_dir(args.out)
    written = store.export(args.id, out, language=args.language)
    _say(msg("cli.exported", id=args.id, n=len(written), path=out))
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from forecaster.review import review_plan, write_review

    out = output_dir(args.out)
    saved = _store(args, create=False).load(args.plan)
    _progress(msg("cli.reading", path=args.actuals))
    actuals = read_history(Path(args.actuals))
    review = review_plan(saved.result, actuals, replications=args.replications, progress=_progress)
    written = write_review(review, out, language=args.lang or _report_language())
    s = review.summary
    _say(
        msg(
            "cli.review",
            id=saved.id,
            name=repr(saved.name),
            source=actuals.source,
            figures=tuple(
                msg("cli.figure", label=msg(f"review.{k}"), value=v)
                for k, v in _review_headline(s).items()
            ),
        )
    )
    _say(msg("cli.wrote_plain", n=len(written), path=out))
    return EXIT_OK


def _review_headline(summary: dict[str, object]) -> dict[str, str]:
    """The review's key figures for the one-line summary (those present)."""
    formats = {
        "wape": "{:.1%}",
        "bias": "{:+.1%}",
        "under_served_intervals": "{:,}",
        "over_staffed_cost": "{:,.0f}",
        "simulated_service_level": "{:.1%}",
    }
    shown = {}
    for key, fmt in formats.items():
        value = summary.get(key)
        if isinstance(value, int | float):
            shown[key] = fmt.format(value)
    return shown


def _compare(args: argparse.Namespace) -> int:
    from forecaster.adjust import load_adjustments
    from forecaster.scenarios import parse_scenarios, run_scenarios, write_comparison

    start, end, out, config = _horizon_setup(args)
    scenarios = parse_scenarios(args.scenario or [], config, include_base=not args.no_base)
    unknown = [n for n in args.save or [] if n not in {s.name for s in scenarios}]
    if unknown:
        names = [s.name for s in scenarios]
        raise InputDataError(f"--save {unknown[0]!r}: no such scenario; scenarios: {names}")
    if args.save:
        _store(args)  # a bad --db fails before any work
    adjustments = load_adjustments(Path(args.adjustments)) if args.adjustments else []
    history, calendar = _load_inputs(args)
    config, history = _keyed(config, history, args.config)
    try:
        comparison = run_scenarios(
            history,
            calendar,
            config,
            scenarios,
            adjustments,
            start=start,
            end=end,
            workers=args.workers,
            replications=args.replications,
            out_dir=out,
            language=args.language,
            progress=_progress,
        )
    except InputDataError as error:
        raise error.in_source(history.source) from None
    written = write_comparison(comparison, out, language=args.lang or _report_language())
    shown = comparison.table[
        ["scenario", "peak_agents", "paid_hours", "labour_cost", "simulated_service_level"]
    ]
    print(_table(shown))
    for row in comparison.table.itertuples():
        if row.error:
            _say(msg("cli.scenario_failed", name=repr(row.scenario), error=row.error))
    for name in args.save or []:
        chosen = comparison.results[name]
        if chosen is None:
            raise InputDataError(f"--save {name!r}: that scenario could not be planned")
        _save(_store(args), chosen, name)
    _say(
        msg(
            "cli.compared",
            n=len(scenarios),
            seconds=comparison.seconds,
            paths=tuple(str(p) for p in written),
        )
    )
    return EXIT_OK


def _report_language() -> str:
    """The language of reports without ``--lang``: ``FORECASTER_LANG``, else Chinese (a
    planner's report, whatever the machine's locale)."""
    chosen = os.environ.get("FORECASTER_LANG", "").strip().lower()
    return chosen if chosen in LANGS else "zh"


def _fleet(args: argparse.Namespace) -> int:
    """``forecaster fleet``: every shop of ``--shops`` on Dask (:mod:`forecaster.fleet`)."""
    from forecaster.fleet import REPORT_FILE, SHOPS_DIR, SUMMARY_FILE, VENDOR_DIR, run_fleet

    if args.event is not None and (args.start or args.end):
        raise InputDataError(msg("fleet.err_horizon_both"))
    start = parse_timestamp(args.start, "--start") if args.start else None
    end = parse_timestamp(args.end, "--end") if args.end else None
    out = output_dir(args.out)
    result = run_fleet(
        args.shops,
        out,
        config=args.config,
        start=start,
        end=end,
        event=args.event,
        stage=args.stage,
        scheduler=args.scheduler,
        workers=args.workers,
        resume=args.resume,
        replications=args.replications,
        time_limit_seconds=args.time_limit,
        language=args.lang or _report_language(),
        progress=_progress,
    )
    table = result.summary
    failed = table[table["status"] != "ok"]
    _say(
        msg(
            "cli.fleet_done",
            n=len(table),
            ok=len(table) - len(failed),
            failed=len(failed),
            kept=int(table["resumed"].sum()),
            seconds=result.seconds,
        )
    )
    for row in failed.itertuples(index=False):
        _say(msg("cli.fleet_failed", shop=row.shop, reason=row.reason))
    _say(
        msg(
            "cli.fleet_wrote",
            summary=out / SUMMARY_FILE,
            report=out / REPORT_FILE,
            shops=out / SHOPS_DIR,
        )
    )
    if result.vendor is not None:
        v = result.vendor
        _say(
            msg(
                "cli.fleet_vendor",
                pooled=v["pooled_seat_hours"],
                separate=v["separate_seat_hours"],
                saving=v["saving_seat_hours"],
                share=v["saving_seat_hours_share"],
                cost=v["saving_cost"],
                path=out / VENDOR_DIR,
            )
        )
    if len(failed) == len(table):
        raise InputDataError(msg("fleet.err_all_failed", n=len(table), path=out / SUMMARY_FILE))
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    args.history, args.calendar, args.config = (
        str(SAMPLE_HISTORY),
        str(SAMPLE_CALENDAR),
        str(SAMPLE_CONFIG),
    )
    args.start, args.end, args.adjustments = "2025-10-08", "2025-11-16", None
    args.save = args.db = None
    _say(msg("cli.demo"))
    return _plan(args)


def _sign_in_secrets() -> Path | None:
    """The ``secrets.toml`` (the working folder's, else the user's) that configures
    Streamlit's sign-in with an ``[auth]`` table, or ``None``."""
    import tomllib

    for path in (Path.cwd() / ".streamlit" / "secrets.toml",
                 Path.home() / ".streamlit" / "secrets.toml"):  # fmt: skip
        try:
            if isinstance(tomllib.loads(path.read_text(encoding="utf-8")).get("auth"), dict):
                return path
        except (OSError, ValueError, UnicodeDecodeError):
            continue
    return None


def _app(args: argparse.Namespace) -> int:
    command = [  # app_pages.serve: streamlit run app.py, first page's libraries preloaded
        sys.executable,
        "-m",
        "app_pages.serve",
        "--server.headless",
        "true",
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",  # planners get no Deploy button and no developer menu
    ]
    _say(msg("cli.app", url=f"http://{args.address}:{args.port}"))
    if args.address not in LOOPBACK:
        secrets = _sign_in_secrets()
        if secrets is None:
            _say(msg("cli.app_open", address=args.address))
        else:
            _say(msg("cli.app_sign_in", address=args.address, path=secrets))
    try:
        # app_pages sits next to the package; the planner's own folder stays the working
        # one (relative FORECASTER_DB paths, their .streamlit/config.toml)
        path = os.pathsep.join(p for p in (str(REPO_DIR), os.environ.get("PYTHONPATH")) if p)
        return subprocess.call(command, env={**os.environ, "PYTHONPATH": path})
    except KeyboardInterrupt:
        return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2 (in Chinese under
    ``lang = "zh"``, set by :func:`build_parser`)."""

    lang = "en"

    def error(self, message: str) -> NoReturn:
        if self.lang == "zh":
            line = f"{self.prog}: 错误: {cli_zh.error_text(message)} (见 '{self.prog} --help')"
        else:
            line = f"{self.prog}: error: {message} (see '{self.prog} --help')"
        self.exit(EXIT_BAD_INPUT, line + "\n")


def _model_name(model: str) -> str:
    """A forecasting model as the reader calls it (大促提升模型 for ``campaign``)."""
    from forecaster.messages import BACKTEST_VALUES

    chinese = BACKTEST_VALUES["model"].get(model)
    return f"{chinese} ({model})" if chinese and _OUT.get("lang") == "zh" else model


def _argv_language(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line before it is parsed (the help and the usage errors
    need it), else the environment's (:func:`language_from_env`)."""
    chosen = ""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return chosen if chosen in LANGS else language_from_env("en")


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The CLI's parser; ``lang = "zh"`` writes its help and usage errors in Chinese."""
    parser = _Parser(
        prog="forecaster",
        description="Staffing planner for e-commerce chat service around 618 and 双11.",
    )
    parser.add_argument("--version", action="version", version=f"forecaster {__version__}")
    parser.add_argument("--lang", choices=LANGS, default=None, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate", help="check a history export (and calendar) and print a data-quality report"
    )
    validate.add_argument(
        "--history",
        default=str(SAMPLE_HISTORY),
        help="history file: CSV (UTF-8/GBK, maybe .gz) or .xlsx (default: bundled sample)",
    )
    validate.add_argument(
        "--calendar",
        default=None,
        help="campaign calendar (default: the bundled 618/双11 calendar; '' for none)",
    )
    validate.add_argument(
        "--config", default=None, help="plan.toml: also check it, and show its queue names"
    )
    validate.set_defaults(func=_validate)

    inputs = _Parser(add_help=False)
    inputs.add_argument(
        "--history", default=str(SAMPLE_HISTORY), help="history file (default: bundled sample)"
    )
    inputs.add_argument(
        "--calendar",
        default=None,
        help="campaign calendar (default: the bundled 618/双11 calendar; '' for none)",
    )

    fc = sub.add_parser(
        "forecast",
        parents=[inputs],
        help="forecast inquiries with quantiles from history strictly before --start",
    )
    fc.add_argument("--start", required=True, help="first interval, e.g. 2025-10-08")
    fc.add_argument("--end", required=True, help="last day (whole day) or last interval start")
    fc.add_argument(
        "--interval", type=int, choices=(15, 30, 60), default=None, help="output minutes"
    )
    fc.add_argument(
        "--model", choices=sorted(MODEL_NAMES), default="campaign", help="forecasting model"
    )
    fc.add_argument("--adjustments", default=None, help="planner adjustments JSON to apply")
    fc.add_argument("--config", default=None, help=HOLIDAYS_CONFIG_HELP)
    fc.add_argument("--out", required=True, help="forecast CSV to write")
    fc.set_defaults(func=_forecast)

    bt = sub.add_parser(
        "backtest", parents=[inputs], help="score the forecasters on a past campaign"
    )
    bt.add_argument("--event", required=True, help='calendar event, e.g. "双11 2024"')
    bt.add_argument(
        "--models",
        type=_model_list,
        default="campaign,seasonal_naive,last_year",
        help="comma-separated models to score",
    )
    bt.add_argument("--config", default=None, help=HOLIDAYS_CONFIG_HELP)
    bt.add_argument("--out", required=True, help="directory for metrics.csv, forecasts.csv, PNGs")
    bt.set_defaults(func=_backtest)

    staff = sub.add_parser("staff", help="agents and headcount per interval from a forecast")
    staff.add_argument("--forecast", required=True, help="forecast CSV (forecaster forecast)")
    staff.add_argument(
        "--config", default=str(SAMPLE_CONFIG), help="plan.toml (default: bundled sample)"
    )
    staff.add_argument(
        "--quantile",
        choices=("mean", "p10", "p50", "p80", "p90", "p95"),
        default=None,
        help="forecast column to staff to (default: each queue's forecast_quantile)",
    )
    staff.add_argument(
        "--stationary",
        action="store_true",
        help="plain per-interval staffing, without the time-varying (lagged load) correction",
    )
    staff.add_argument(
        "--calendar",
        default=None,
        help="campaign calendar: the days each phase touches, for the queues' "
        "phase_service_hours (default: none, only service_hours apply)",
    )
    staff.add_argument("--out", required=True, help="requirements CSV to write")
    staff.set_defaults(func=_staff)

    ro = sub.add_parser(
        "roster", help="full-time, part-time and outsourced shifts covering the requirements"
    )
    ro.add_argument("--requirements", required=True, help="requirements CSV (forecaster staff)")
    ro.add_argument(
        "--config", default=str(SAMPLE_CONFIG), help="plan.toml (default: bundled sample)"
    )
    ro.add_argument(
        "--calendar",
        default=None,
        help="campaign calendar: days outsourced (days = campaign) shifts may run, all-hands "
        "phases (default: the bundled 618/双11 calendar; '' for none)",
    )
    ro.add_argument("--agents", default=None, help=AGENTS_HELP)
    ro.add_argument("--language", choices=("zh", "en"), default="zh", help="headers of roster.xlsx")
    ro.add_argument("--previous", default=None, help=PREVIOUS_HELP)
    ro.add_argument("--out", required=True, help="output directory")
    ro.set_defaults(func=_roster)

    plan = sub.add_parser(
        "plan", parents=[inputs], help="forecast, staff, roster and simulate one horizon"
    )
    plan.add_argument(
        "--config", default=str(SAMPLE_CONFIG), help="plan.toml (default: bundled sample)"
    )
    plan.add_argument("--start", default="2025-10-08", help="first day (default: sample 双11)")
    plan.add_argument("--end", default="2025-11-16", help="last day (default: sample 双11)")
    plan.add_argument("--adjustments", default=None, help="planner adjustments JSON")
    plan.add_argument("--replications", type=_positive_int, default=10, help=REPLICATIONS_HELP)
    plan.add_argument("--time-limit", type=float, default=None, help="roster solver seconds")
    plan.add_argument(
        "--save",
        nargs="?",
        const="",
        default=None,
        metavar="NAME",
        help="also save the plan in the plan database (optional name)",
    )
    plan.add_argument("--db", default=None, help=DB_HELP)
    plan.add_argument("--previous", default=None, help=PREVIOUS_HELP)
    plan.add_argument("--agents", default=None, help=AGENTS_HELP)
    plan.add_argument("--out", required=True, help="output directory")
    plan.set_defaults(func=_plan)

    plans = sub.add_parser(
        "plans",
        help="saved plans: list, show, delete, export, audit (who saved and deleted what; "
        "the user is FORECASTER_USER, else the login name)",
    )
    plans.add_argument(
        "action", choices=("list", "show", "delete", "export", "audit"), help="what to do"
    )
    plans.add_argument("id", nargs="?", type=_positive_int, help="plan ID (see 'plans list')")
    plans.add_argument("--db", default=None, help=DB_HELP)
    plans.add_argument("--out", default=None, help="directory for 'export'")
    plans.add_argument("--language", choices=("zh", "en"), default="zh", help="roster.xlsx headers")
    plans.set_defaults(func=_plans)

    review = sub.add_parser(
        "review", help="after the campaign: a saved plan against the actual history"
    )
    review.add_argument("--plan", required=True, type=_positive_int, help="saved plan ID")
    review.add_argument("--actuals", required=True, help="history export covering the horizon")
    review.add_argument("--db", default=None, help=DB_HELP)
    review.add_argument("--replications", type=_positive_int, default=10, help=REPLICATIONS_HELP)
    review.add_argument("--seed", type=_seed, default=0, help=SEED_HELP)
    review.add_argument("--out", required=True, help="output directory")
    review.set_defaults(func=_review)

    cmp_ = sub.add_parser(
        "compare",
        parents=[inputs],
        help="plan several what-if scenarios on one shared forecast, in parallel",
    )
    cmp_.add_argument(
        "--config", default=str(SAMPLE_CONFIG), help="plan.toml (default: bundled sample)"
    )
    cmp_.add_argument("--start", default="2025-10-08", help="first day (default: sample 双11)")
    cmp_.add_argument("--end", default="2025-11-16", help="last day (default: sample 双11)")
    cmp_.add_argument(
        "--scenario",
        action="append",
        metavar="[NAME:]KEY=VALUE[,KEY=VALUE]",
        help="one scenario (repeatable), e.g. bot_resolution=0.5 or "
        "'bot50: bot_resolution=0.5, presale.max_concurrency=4'",
    )
    cmp_.add_argument(
        "--no-base", action="store_true", help="leave out the unchanged configuration"
    )
    cmp_.add_argument("--adjustments", default=None, help="planner adjustments JSON")
    cmp_.add_argument("--replications", type=_positive_int, default=10, help=REPLICATIONS_HELP)
    cmp_.add_argument("--time-limit", type=float, default=None, help="roster solver seconds")
    cmp_.add_argument(
        "--workers", type=_positive_int, default=None, help="processes (default: all cores)"
    )
    cmp_.add_argument("--language", choices=("zh", "en"), default="zh", help="roster.xlsx headers")
    cmp_.add_argument(
        "--save", action="append", metavar="SCENARIO", help="save this scenario's plan"
    )
    cmp_.add_argument("--db", default=None, help=DB_HELP)
    cmp_.add_argument("--out", required=True, help="output directory")
    cmp_.set_defaults(func=_compare)

    fleet = sub.add_parser(
        "fleet", help="many shops at once on Dask: one folder (or manifest row) per shop"
    )
    fleet.add_argument(
        "--shops",
        required=True,
        help="folder of shop folders (history.csv[.gz|.xlsx], optional calendar.csv and "
        "plan.toml each), or a shops.csv manifest: shop, history, calendar, config",
    )
    fleet.add_argument(
        "--config",
        default=None,
        help="fleet-wide plan.toml defaults; each shop's plan.toml overrides them key by key "
        "(default: bundled sample)",
    )
    fleet.add_argument("--start", default=None, help="first day, e.g. 2025-10-08")
    fleet.add_argument("--end", default=None, help="last day (whole day) or last interval start")
    fleet.add_argument(
        "--event",
        default=None,
        help='instead of --start/--end: a calendar event, e.g. "双11 2025"; each shop plans '
        "from a week before its first phase to the end of its last",
    )
    fleet.add_argument(
        "--stage",
        choices=("forecast", "staff", "plan"),
        default="plan",
        help="how far to plan each shop (default: plan, every file 'forecaster plan' writes)",
    )
    fleet.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="a running Dask scheduler (default: a local cluster on this machine)",
    )
    fleet.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="local worker processes (default: one per core; ignored with --scheduler)",
    )
    fleet.add_argument(
        "--resume",
        action="store_true",
        help="keep shops whose outputs match their inputs' fingerprint",
    )
    fleet.add_argument("--replications", type=_positive_int, default=10, help=REPLICATIONS_HELP)
    fleet.add_argument("--time-limit", type=float, default=None, help="roster solver seconds")
    fleet.add_argument("--out", required=True, help="output directory")
    fleet.set_defaults(func=_fleet)

    demo = sub.add_parser("demo", help="the whole pipeline on the bundled sample (双11 2025)")
    demo.add_argument(
        "--out", default="demo_output", help="output directory (default: demo_output)"
    )
    demo.add_argument("--replications", type=_positive_int, default=5, help=REPLICATIONS_HELP)
    demo.add_argument("--time-limit", type=float, default=90.0, help="roster solver seconds")
    demo.set_defaults(func=_demo)

    sim = sub.add_parser(
        "simulate", help="simulate the chat centre with the required (or rostered) agents"
    )
    sim.add_argument("--requirements", required=True, help="requirements CSV (forecaster staff)")
    sim.add_argument(
        "--roster", default=None, help="roster output directory: simulate its coverage.csv"
    )
    sim.add_argument(
        "--config", default=str(SAMPLE_CONFIG), help="plan.toml (default: bundled sample)"
    )
    sim.add_argument(
        "--replications",
        type=_positive_int,
        default=None,
        help=f"default {SIM_REPLICATIONS}; {PLAN_REPLICATIONS} (the plan's) for a plan's folder",
    )
    sim.add_argument("--seed", type=_seed, default=0, help=SEED_HELP)
    sim.add_argument("--out", required=True, help="simulation CSV to write")
    sim.set_defaults(func=_simulate)

    app = sub.add_parser("app", help="start the Streamlit app")
    app.add_argument("--port", type=int, default=8501, help="port to serve on")
    app.add_argument("--address", default="127.0.0.1", help="address to serve on")
    app.set_defaults(func=_app)
    for command in sub.choices.values():  # also after the command: forecaster plan --lang zh
        command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=LANG_HELP)
    if lang == "zh":
        cli_zh.translate(parser)
        for each in cli_zh.parsers(parser):
            if isinstance(each, _Parser):
                each.lang = "zh"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also the process's when run as a script)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_argv_language(argv))
    args = parser.parse_args(argv)
    _OUT["lang"] = args.lang or language_from_env("en")
    # before a plan.toml names them: the standard queues by the Chinese the loader reads
    _OUT["names"] = {key: chinese for chinese, key in QUEUE_VALUES.items() if key != "all"}
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except PlannerError as exc:
        text = exc.one_line(_OUT["lang"], _OUT["names"])
        line = render(msg("cli.error", command=args.command, text=text), _OUT["lang"])
        print(terminal_safe(line, lines=False), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(render(msg("cli.interrupted"), _OUT["lang"]), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`forecaster plans show 2 | head -1`)
        # stdout's buffer would be flushed into the closed pipe at exit: drop it
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as the shell reports a process ended by SIGPIPE
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("FORECASTER_DEBUG"):
            raise
        line = (
            f"forecaster {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(set FORECASTER_DEBUG=1 for the traceback)"
        )
        print(terminal_safe(line, lines=False), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
