"""Many shops at once: one task chain per shop, run in parallel on Dask ``distributed``.

An outsourcing vendor (客服外包服务商) or a brand group plans dozens to hundreds of shops for
the same campaign. :func:`run_fleet` finds the shops, runs each one's chain
(validate → forecast → staff → roster → simulate, stopping at ``stage``) as one task on a
worker, and writes the fleet's summary and report.

Shops
-----
``shops`` is a folder with one sub-folder per shop (:func:`discover_shops`)::

    shops/
      calendar.csv          optional: the campaign calendar of every shop without its own
      旗舰店/
        history.csv         or history.csv.gz or history.xlsx (exactly one)
        calendar.csv        optional: this shop's calendar
        plan.toml           optional, may be partial: overrides the fleet defaults key by key
      outlet/ ...

or a ``shops.csv`` manifest (in that folder, or given as the path itself) with the columns
``shop, history, calendar, config`` (paths relative to the manifest; ``calendar`` and
``config`` may be empty). A shop's configuration is the fleet defaults (``config``, else the
bundled sample ``plan.toml``) with the shop's ``plan.toml`` merged over it table by table:
a key the shop sets wins, every other key keeps the default; a list (``[[shifts]]``) is
replaced whole (:func:`merge_config`).

Horizon
-------
``start`` and ``end`` (``end`` a date includes that whole day), or ``event``: each shop's
calendar rows of that event (``"双11 2025"``; a name reused every year such as ``"双11"`` is
split into seasons as the forecaster does) give its window, from :data:`EVENT_LEAD_DAYS`
days before the first phase starts to the day the last phase ends (:func:`event_window`).
A shop whose calendar lacks the event fails with that reason.

Running
-------
Each shop is one task (:func:`run_shop`), submitted with ``pure=False`` and a key naming the
shop. By default the tasks run on a ``LocalCluster`` of ``workers`` processes (default: one
per core, never more than the shops), one thread each, so a worker holds one shop at a time;
``scheduler="tcp://host:8786"`` uses a running cluster instead (its workers should have one
thread each, and ``shops`` and ``out_dir`` must be the same paths on every worker). A task
writes its files into ``out_dir/shops/<shop>/`` itself, first into a hidden temporary folder
that is renamed when complete, and sends back only its summary row (a small dict). A task
depends on nothing kept on a worker, so when a worker dies the scheduler reruns its shop on
another worker and the rerun starts clean. A task never raises: a bad file, an impossible
plan or any other exception gives that shop a ``failed`` row whose ``reason`` is one line
naming the file (and row and column where the reader says so), and its folder holds only
``error.txt``; every other shop goes on.

Outputs (``out_dir``)
---------------------
- ``fleet_summary.csv``: one row per shop, :data:`SUMMARY_COLUMNS` (UTF-8 with BOM, text
  neutralised against formula injection; empty cells for the stages not run);
- ``shops/<shop>/``: ``stage="forecast"``: ``forecast.csv``; ``"staff"``: also
  ``requirements.csv``; ``"plan"``: every file ``forecaster plan`` writes
  (:func:`forecaster.pipeline.write_plan`); always ``fleet_shop.json`` (the row and the input
  fingerprint, read by ``resume``);
- ``fleet_report.html``: self-contained, failed shops first with their reasons, then the
  others ranked by risk (:func:`rank_by_risk`).

``resume=True`` keeps a shop whose folder holds a successful result with the same input
fingerprint (:func:`shop_fingerprint`: the bytes of its history, calendar and config files
and of the fleet defaults, the horizon, the stage and the run options) and reuses its row.

Vendor shared seats (hook)
--------------------------
A vendor's shared-seat step (``forecaster.vendor``, issue 16 item 3) runs after
:func:`run_fleet` on :attr:`FleetResult.plan_dirs`: every successful ``stage="plan"`` shop's
folder holds ``requirements.csv``, ``coverage.csv``, ``shifts.csv``, ``out_orders.csv`` and
``summary.json``, which is what pooling outsourced seats across shops needs. This module
does no pooling.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd

from forecaster import __version__
from forecaster.config import PlanConfig, _parse_toml, decode_text, parse_config
from forecaster.errors import ConfigError, InputDataError, PlannerError
from forecaster.exports import CSV_ENCODING, FLOAT_DECIMALS, ROSTER_FILES, neutralise
from forecaster.messages import Message, msg, render
from forecaster.paths import SAMPLE_CONFIG
from forecaster.safe_output import write_csv
from forecaster.validation import Calendar, History

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = [
    "EVENT_LEAD_DAYS",
    "STAGES",
    "SUMMARY_COLUMNS",
    "FleetResult",
    "Shop",
    "ShopTask",
    "discover_shops",
    "event_window",
    "extract_shops_zip",
    "fleet_report_html",
    "last_year_inquiries",
    "merge_config",
    "mixed_grids",
    "outputs_zip",
    "rank_by_risk",
    "run_fleet",
    "run_shop",
    "shop_fingerprint",
    "write_summary",
]

Progress = Callable[[str], None]

STAGES = ("forecast", "staff", "plan")
"""How far each shop's chain runs (``--stage``)."""
STEPS = ("validate", "forecast", "staff", "roster", "simulate")
"""The steps of a shop's chain, in order (the progress line counts shops per step)."""
HISTORY_NAMES = ("history.csv", "history.csv.gz", "history.xlsx")
"""A shop folder's history file: exactly one of these."""
CALENDAR_NAME = "calendar.csv"
CONFIG_NAME = "plan.toml"
MANIFEST_NAME = "shops.csv"
MANIFEST_COLUMNS = ("shop", "history", "calendar", "config")
SUMMARY_FILE = "fleet_summary.csv"
REPORT_FILE = "fleet_report.html"
SHOPS_DIR = "shops"
RECORD_FILE = "fleet_shop.json"
"""Per shop: its summary row and input fingerprint (what ``resume`` compares)."""
ERROR_FILE = "error.txt"
"""A failed shop's folder holds only this (its reason) and :data:`RECORD_FILE`."""

STAGE_FILES: dict[str, tuple[str, ...]] = {
    "forecast": ("forecast.csv",),
    "staff": ("forecast.csv", "requirements.csv"),
    "plan": (
        "forecast.csv",
        "requirements.csv",
        "simulation.csv",
        *ROSTER_FILES,
        "plan_summary.json",
        "report.html",
    ),
}
"""The files a successful shop's folder holds after each stage."""

EVENT_LEAD_DAYS = 7
"""Days planned before an event's first phase starts (the sample's 双11 plan starts 10-08,
a week before its 10-15 presale)."""
LAST_YEAR_DAYS = 364
"""The same window last year: 52 weeks earlier, so weekdays line up. [days]"""
CONNECT_TIMEOUT_SECONDS = 5.0
"""How long to try reaching a ``--scheduler`` (and to wait for its first worker). [s]"""
POLL_SECONDS = 0.25
"""How often the progress loop looks for finished shops and step changes. [s]"""
TICK_SECONDS = 2.0
"""At most one progress line per this many seconds between finished shops. [s]"""
CHANGE_MARK = 0.30
"""The report marks a change from last year beyond ±30 %."""

NAMES_KEY = "queue_names"
"""A shop's row also carries its queues' display names under this key (in its
``fleet_shop.json`` record, so a resumed shop keeps them), for the report; the CSV does not."""
SUMMARY_COLUMNS = (
    "shop",
    "status",
    "reason",
    "stage",
    "start",
    "end",
    "inquiries",
    "last_year_inquiries",
    "change_vs_last_year",
    "peak_agents",
    "agent_hours",
    "paid_hours",
    "ft",
    "pt",
    "out",
    "cost",
    "simulated_sl",
    "sl_target",
    "worst_interval",
    "worst_queue",
    "worst_sl",
    "shortfall_hours",
    "roster_status",
    "seconds",
    "resumed",
    "interval_minutes",
)
"""Columns of ``fleet_summary.csv``, one row per shop:

``status`` ``ok`` or ``failed``; ``reason`` one line naming the file (empty when ok);
``stage`` the stage reached (``forecast``, ``staff``, ``plan``) or, when failed, the step
that failed (``validate``, ``forecast``, ``staff``, ``roster``, ``simulate``); ``start``,
``end`` the horizon's first and last interval; ``inquiries`` forecast mean over the horizon;
``last_year_inquiries`` actual inquiries in the same window 52 weeks earlier (empty when the
history does not cover it) and ``change_vs_last_year`` = inquiries / last year − 1;
``peak_agents`` agents on chat in the busiest interval; ``agent_hours`` required
agent-hours [h]; ``paid_hours`` rostered paid hours [h]; ``ft``, ``pt``, ``out`` rostered
headcount by kind; ``cost`` labour cost [CNY]; ``simulated_sl`` simulated service level of
the roster and ``sl_target`` the lowest queue target [fraction]; ``worst_interval``,
``worst_queue``, ``worst_sl`` the interval simulated worst; ``shortfall_hours`` agent-hours
the roster leaves uncovered [h]; ``roster_status`` the solver status; ``seconds`` the
shop's task time on its worker [s]; ``resumed`` true when kept from the last run;
``interval_minutes`` the grid the shop was planned on (an hourly history under a
15-minute configuration is planned by the hour, as ``forecaster plan`` does).
Columns of stages not run are empty."""

_INT_COLUMNS = (
    "inquiries",
    "last_year_inquiries",
    "peak_agents",
    "ft",
    "pt",
    "out",
    "interval_minutes",
)
_FLOAT_COLUMNS = (
    "change_vs_last_year",
    "agent_hours",
    "paid_hours",
    "cost",
    "simulated_sl",
    "sl_target",
    "worst_sl",
    "shortfall_hours",
    "seconds",
)
_BAD_NAME = re.compile(r"[/\\\x00-\x1f]")
_PLAN_STEPS = {
    "pipe.forecasting": "forecast",
    "pipe.staffing": "staff",
    "pipe.staffing_done": "roster",
    "pipe.simulating": "simulate",
}
"""Progress message ids of :func:`forecaster.pipeline.run_plan` that start a step."""


# --------------------------------------------------------------------------- shops


@dataclass(frozen=True)
class Shop:
    """One shop's input files (absolute paths) and their names for messages.

    ``problem`` is set when the shop cannot run at all (no history file); the shop then
    gets a failed row with that reason.
    """

    name: str
    history: str | None
    calendar: str | None = None
    config: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    """``history``, ``calendar``, ``config`` → the path people see (relative to the shops
    folder, e.g. ``旗舰店/history.csv``)."""
    problem: str | None = None


def discover_shops(shops: str | Path, *, exclude: Sequence[str | Path] = ()) -> tuple[Shop, ...]:
    """The shops of a shops folder or ``shops.csv`` manifest (module docstring), by name.

    Parameters
    ----------
    shops
        A folder of shop folders, a folder holding ``shops.csv``, or a manifest file.
    exclude
        Folders that are no shops (the output folder, when it lies inside ``shops``).

    Raises
    ------
    InputDataError
        ``shops`` does not exist, holds no shop, or the manifest is unusable.
    """
    path = Path(shops)
    if path.is_file():
        found = _manifest_shops(path)
    elif (path / MANIFEST_NAME).is_file():
        found = _manifest_shops(path / MANIFEST_NAME)
    elif path.is_dir():
        skip = {Path(p).resolve() for p in exclude}
        found = tuple(
            _folder_shop(sub, path)
            for sub in sorted(path.iterdir(), key=lambda p: p.name)
            if sub.is_dir() and not sub.name.startswith(".") and sub.resolve() not in skip
        )
    else:
        raise InputDataError(msg("fleet.err_no_dir", path=str(shops)))
    if not found:
        raise InputDataError(msg("fleet.err_no_shops", path=str(shops)))
    return found


def _label(path: Path, root: Path) -> str:
    """``path`` as people see it: relative to the shops folder, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _folder_shop(folder: Path, root: Path) -> Shop:
    """One shop folder: its single history file, its own or the fleet's calendar, its
    optional ``plan.toml``."""
    histories = [folder / n for n in HISTORY_NAMES if (folder / n).is_file()]
    own_calendar = folder / CALENDAR_NAME
    calendar = own_calendar if own_calendar.is_file() else root / CALENDAR_NAME
    config = folder / CONFIG_NAME
    labels = {"folder": _label(folder, root) + "/"}
    problem = None
    if not histories:
        problem = msg("fleet.err_no_history", source=_label(folder / HISTORY_NAMES[0], root))
    elif len(histories) > 1:
        names = tuple(p.name for p in histories)
        problem = msg("fleet.err_two_histories", source=labels["folder"], names=names)
    return _shop(
        folder.name,
        histories[0] if len(histories) == 1 else None,
        calendar if calendar.is_file() else None,
        config if config.is_file() else None,
        root,
        labels,
        problem,
    )


def _shop(
    name: str,
    history: Path | None,
    calendar: Path | None,
    config: Path | None,
    root: Path,
    labels: dict[str, str],
    problem: str | None,
) -> Shop:
    files = {"history": history, "calendar": calendar, "config": config}
    for key, file in files.items():
        if file is not None:
            labels[key] = _label(file, root)
    return Shop(
        name=name,
        history=str(history.resolve()) if history else None,
        calendar=str(calendar.resolve()) if calendar else None,
        config=str(config.resolve()) if config else None,
        labels=labels,
        problem=problem,
    )


def _manifest_shops(manifest: Path) -> tuple[Shop, ...]:
    """The rows of a ``shops.csv`` manifest (paths relative to its folder)."""
    root = manifest.parent
    source = manifest.name
    try:
        table = pd.read_csv(manifest, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputDataError(msg("err.not_csv", source=source, why=str(error))) from None
    table.columns = [str(c).strip() for c in table.columns]
    for column in ("shop", "history"):
        if column not in table.columns:
            found = ", ".join(map(str, table.columns))
            raise InputDataError(
                msg("fleet.err_manifest_column", source=source, column=column, found=found)
            )
    default_calendar = root / CALENDAR_NAME
    shops, seen = [], set()
    for number, row in enumerate(table.to_dict("records"), start=2):
        name = str(row["shop"]).strip()
        if not name or name in seen or name.startswith(".") or _BAD_NAME.search(name):
            raise InputDataError(
                msg("fleet.err_manifest_name", source=source, row=number, name=repr(name))
            )
        seen.add(name)

        def cell(column: str, row: dict[str, Any] = row) -> Path | None:
            text = str(row.get(column, "") or "").strip()
            return root / text if text else None

        history, calendar, config = cell("history"), cell("calendar"), cell("config")
        if calendar is None and default_calendar.is_file():
            calendar = default_calendar
        labels = {"folder": f"{source} row {number}"}
        problem = None
        if history is None:
            problem = msg("fleet.err_no_history", source=f"{source} row {number}")
        shops.append(_shop(name, history, calendar, config, root, labels, problem))
    return tuple(shops)


# --------------------------------------------------------------------------- configuration


def merge_config(defaults: Mapping[str, Any], shop: Mapping[str, Any]) -> dict[str, Any]:
    """``shop`` over ``defaults``, table by table: a key the shop sets wins, every other key
    keeps the default; a table is merged key by key; any other value (a list such as
    ``[[shifts]]`` included) replaces the default whole. Neither input is modified."""
    merged: dict[str, Any] = dict(defaults)
    for key, value in shop.items():
        base = merged.get(key)
        if isinstance(value, Mapping) and isinstance(base, Mapping):
            merged[key] = merge_config(base, value)
        else:
            merged[key] = value
    return merged


def read_toml(path: str | Path, label: str) -> dict[str, Any]:
    """A TOML file's tables (not validated), errors naming ``label`` with line and column.

    Raises
    ------
    ConfigError
        The file cannot be read or is not valid TOML.
    """
    try:
        text = decode_text(Path(path).read_bytes(), label, ConfigError)
    except OSError as exc:
        raise ConfigError(
            f"{label}: cannot read the configuration file {str(path)!r} ({exc.strerror})"
        ) from None
    return _parse_toml(text, label)


def fleet_defaults(config: str | Path | None) -> tuple[dict[str, Any], str, bytes]:
    """The fleet-wide defaults: tables, name for messages and file bytes (for fingerprints).
    ``None`` means the bundled sample ``plan.toml``. The defaults are validated alone, so a
    typo there stops the fleet before any work.

    Raises
    ------
    ConfigError
        The file is unreadable, not TOML, or has invalid settings.
    """
    path = Path(config) if config is not None else SAMPLE_CONFIG
    label = path.name if config is not None else f"{path.name} (bundled sample)"
    tables = read_toml(path, label)
    parse_config(tables, label)
    return tables, label, path.read_bytes()


# --------------------------------------------------------------------------- fingerprints


def _file_digest(path: str | None) -> str:
    if path is None:
        return ""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def shop_fingerprint(shop: Shop, defaults: bytes, options: Mapping[str, Any]) -> str:
    """SHA-256 over the shop's history, calendar and config file bytes, the fleet defaults'
    bytes (so the merged configuration is covered), the run options (horizon, stage,
    replications, solver time limit, report language) and the package version."""
    digest = hashlib.sha256()
    parts = {
        "version": __version__,
        "shop": shop.name,
        "history": _file_digest(shop.history),
        "calendar": _file_digest(shop.calendar),
        "config": _file_digest(shop.config),
        "defaults": hashlib.sha256(defaults).hexdigest(),
        "options": dict(options),
    }
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


# --------------------------------------------------------------------------- one shop


@dataclass(frozen=True)
class ShopTask:
    """Everything a worker needs to plan one shop: plain, small and picklable.

    Paths are absolute; ``start``/``end`` are ISO text (or ``None`` with ``event``).
    """

    shop: Shop
    defaults: Mapping[str, Any]
    defaults_label: str
    stage: str
    out_root: str
    """``out_dir/shops``: the shop's folder is ``out_root/<shop>``."""
    fingerprint: str
    start: str | None = None
    end: str | None = None
    event: str | None = None
    lead_days: int = EVENT_LEAD_DAYS
    replications: int = 10
    time_limit_seconds: float | None = None
    language: str = "zh"
    topic: str | None = None
    """Dask event topic of the run: each step a shop enters is logged there."""


def run_shop(task: ShopTask) -> dict[str, Any]:
    """Plan one shop up to ``task.stage`` and write its folder; the worker's task.

    Never raises: any exception gives a ``failed`` row with a one-line reason naming the
    file, and a folder holding only ``error.txt``. Files are written into a hidden
    temporary folder that replaces ``out_root/<shop>`` only when complete.

    Returns
    -------
    dict
        The shop's ``fleet_summary.csv`` row (:data:`SUMMARY_COLUMNS`; plain values).
    """
    began = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    row.update(shop=task.shop.name, resumed=False)
    step = "validate"
    tmp = Path(task.out_root) / f".{task.shop.name}.tmp-{uuid.uuid4().hex[:12]}"

    def enter(name: str) -> None:
        nonlocal step
        step = name
        _announce(task, name)

    try:
        enter("validate")
        config, history, calendar = _load_shop(task)
        start, end = _horizon(task, calendar)
        row.update(start=_stamp(start), end=_stamp(end))
        row["interval_minutes"] = config.interval_minutes
        row[NAMES_KEY] = config.display_names()  # for the report, not the CSV
        tmp.mkdir(parents=True)
        _run_stages(task, config, history, calendar, start, end, tmp, row, enter)
        row.update(status="ok", stage=task.stage)
    except Exception as exc:  # any shop's failure is its row, never the fleet's
        keep = {k: row[k] for k in ("shop", "start", "end", "resumed", "interval_minutes")}
        row = dict.fromkeys(SUMMARY_COLUMNS) | keep
        row.update(status="failed", stage=step, reason=_reason(exc, step, task))
        shutil.rmtree(tmp, ignore_errors=True)
    row["seconds"] = round(time.perf_counter() - began, 2)
    try:
        _publish(task, tmp, row)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        where = Path(task.out_root) / task.shop.name
        row.update(
            status="failed",
            reason=str(msg("fleet.err_write", path=str(where), why=exc.strerror or str(exc))),
        )
    return row


def _announce(task: ShopTask, step: str) -> None:
    """Log the step a shop enters on the run's event topic (nothing outside a worker)."""
    if task.topic is None:
        return
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return
    event = {"shop": task.shop.name, "step": step, "thread": threading.get_ident()}
    worker.log_event(task.topic, event)


def _config_label(task: ShopTask) -> str:
    return task.shop.labels.get("config", task.defaults_label)


def _load_shop(task: ShopTask) -> tuple[PlanConfig, History, Calendar | None]:
    """The shop's merged configuration, history and calendar, validated."""
    from forecaster.validation import read_calendar, read_history

    shop = task.shop
    if shop.problem is not None:
        raise InputDataError(shop.problem)
    tables: Mapping[str, Any] = task.defaults
    if shop.config is not None:
        tables = merge_config(task.defaults, read_toml(shop.config, _config_label(task)))
    config = parse_config(tables, _config_label(task))
    if task.time_limit_seconds:
        config = config.with_overrides(
            {"solver.time_limit_seconds": task.time_limit_seconds}, source="--time-limit"
        )
    assert shop.history is not None
    history = read_history(shop.history, name=shop.labels["history"], timezone=config.timezone)
    calendar = None
    if shop.calendar is not None:
        calendar = read_calendar(
            shop.calendar, name=shop.labels["calendar"], timezone=config.timezone
        )
    history = history.keyed(config.queue_keys(history.queues))
    if task.stage != "forecast":  # staffing needs every queue's table
        config.check_queues(history.queues, history.source, _config_label(task))
    # an hourly shop under a 15-minute config plans by the hour, as `forecaster plan` does
    config = config.grid_for(history.interval_minutes, history.source, _config_label(task))
    return config, history, calendar


def event_window(
    calendar: Calendar, event: str, lead_days: int = EVENT_LEAD_DAYS
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The planning window of ``event`` in ``calendar``: ``lead_days`` before its first
    phase starts (midnight) to the day its last phase ends (a date: that whole day).

    Raises
    ------
    InputDataError
        The calendar has no such event (the message lists its events).
    """
    from forecaster.campaigns import normalise_calendar

    cal = normalise_calendar(calendar.frame, 15)
    rows = cal[cal["event"] == event]
    if rows.empty:
        events = ", ".join(map(str, pd.unique(cal["event"])))
        raise InputDataError(
            msg("fleet.err_no_event", source=calendar.source, event=repr(event), events=events)
        )
    first = pd.Timestamp(rows["start"].min()).normalize() - pd.Timedelta(days=lead_days)
    return first, pd.Timestamp(rows["end"].max()).normalize()


def _stamp(stamp: pd.Timestamp) -> str:
    """A horizon bound for the summary: a date alone when it is midnight."""
    return f"{stamp:%Y-%m-%d}" if stamp == stamp.normalize() else f"{stamp:%Y-%m-%d %H:%M}"


def _horizon(task: ShopTask, calendar: Calendar | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shop's first interval and last day (or interval): the options', or its event's."""
    if task.event is None:
        return pd.Timestamp(task.start), pd.Timestamp(task.end)
    if calendar is None:
        where = task.shop.labels.get("folder", task.shop.name)
        raise InputDataError(
            msg("fleet.err_event_no_calendar", source=where, event=repr(task.event))
        )
    return event_window(calendar, task.event, task.lead_days)


def _run_stages(
    task: ShopTask,
    config: PlanConfig,
    history: History,
    calendar: Calendar | None,
    start: pd.Timestamp,
    end: pd.Timestamp,
    out: Path,
    row: dict[str, Any],
    enter: Callable[[str], None],
) -> None:
    """Forecast (staff, roster, simulate) into ``out`` and fill ``row``'s figures."""
    from forecaster.capacity import requirements
    from forecaster.forecast import calendar_frame
    from forecaster.pipeline import plan_forecast, run_plan, write_plan

    if task.stage == "plan":

        def watch(message: str) -> None:
            step = _PLAN_STEPS.get(getattr(message, "id", ""))
            if step is not None:
                enter(step)

        result = run_plan(
            history,
            calendar,
            config,
            start=start,
            end=end,
            replications=task.replications,
            progress=watch,
        )
        write_plan(result, out, language=task.language)
        fc = result.forecast
        row.update(_plan_figures(result.summary))
        row.update(_staff_figures(result.requirements, config))
    else:
        enter("forecast")
        fc = plan_forecast(
            history,
            calendar,
            config.interval_minutes,
            start=start,
            end=end,
            holidays=config.holidays,
        )
        _write_frame(fc, out / "forecast.csv")
        if task.stage == "staff":
            enter("staff")
            req = requirements(fc, config, calendar=calendar_frame(calendar))
            _write_frame(req, out / "requirements.csv")
            row.update(_staff_figures(req, config))
    row.update(_forecast_figures(fc, history))


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """A stage's table in the format :func:`forecaster.pipeline.write_plan` uses."""
    write_csv(frame, path)


def last_year_inquiries(
    history: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp
) -> float | None:
    """Actual inquiries from ``first`` to ``last`` (interval starts, inclusive) shifted
    :data:`LAST_YEAR_DAYS` earlier, or ``None`` when the history does not cover that
    window."""
    shift = pd.Timedelta(days=LAST_YEAR_DAYS)
    stamps = history["interval_start"]
    if stamps.empty or stamps.min() > first - shift or stamps.max() < last - shift:
        return None
    inside = (stamps >= first - shift) & (stamps <= last - shift)
    return float(history.loc[inside, "inquiries"].sum())


def _forecast_figures(fc: pd.DataFrame, history: History) -> dict[str, Any]:
    first, last = fc["interval_start"].min(), fc["interval_start"].max()
    total = float(fc["mean"].sum())
    before = last_year_inquiries(history.frame, first, last)
    change = total / before - 1 if before else None
    return {
        "start": f"{first:%Y-%m-%d %H:%M}",
        "end": f"{last:%Y-%m-%d %H:%M}",
        "inquiries": round(total),
        "last_year_inquiries": None if before is None else round(before),
        "change_vs_last_year": None if change is None else round(change, 4),
    }


def _staff_figures(req: pd.DataFrame, config: PlanConfig) -> dict[str, Any]:
    from forecaster.capacity import peak_agents  # the heavy stages load on use

    queues = [str(q) for q in pd.unique(req["queue"]) if str(q) in config.queues]
    targets = [config.queues[q].service_level for q in queues]
    return {
        "peak_agents": peak_agents(req),
        "agent_hours": round(float(req["agents"].sum()) * config.interval_minutes / 60, 1),
        "sl_target": min(targets) if targets else None,
    }


def _plan_figures(s: Mapping[str, Any]) -> dict[str, Any]:
    worst = s.get("worst_interval") or {}
    headcount = s.get("headcount") or {}
    return {
        "paid_hours": s["paid_hours"],
        "ft": headcount.get("FT", 0),
        "pt": headcount.get("PT", 0),
        "out": headcount.get("OUT", 0),
        "cost": s["labour_cost"],
        "simulated_sl": s["simulated_service_level"],
        "worst_interval": str(worst.get("interval_start", ""))[:16] or None,
        "worst_queue": worst.get("queue"),
        "worst_sl": worst.get("service_level"),
        "shortfall_hours": s["shortfall_agent_hours"],
        "roster_status": s["roster_status"],
    }


def _reason(exc: Exception, step: str, task: ShopTask) -> str:
    """One line naming the file: the reader's message (which names it) as it is, other
    messages prefixed with the file of the step (history for the forecast, the
    configuration for staffing, roster and simulation)."""
    labels = task.shop.labels
    file = labels.get("history", labels.get("folder", task.shop.name))
    if step in ("staff", "roster", "simulate"):
        file = _config_label(task)
    if isinstance(exc, PlannerError):
        text = exc.one_line()
        named = [*labels.values(), task.defaults_label, "--time-limit"]
        if not any(text.startswith(n) for n in named if n):
            text = f"{file}: {text}"
    else:
        why = " ".join(f"{type(exc).__name__}: {exc}".split())
        text = str(msg("fleet.err_internal", source=file, step=step, why=why))
    text = " ".join(text.split())
    return text if len(text) <= 600 else text[:597] + "..."


def _publish(task: ShopTask, tmp: Path, row: Mapping[str, Any]) -> None:
    """Complete the shop's folder (its record, or ``error.txt`` when failed) and rename it
    into place, replacing the previous run's folder."""
    tmp.mkdir(parents=True, exist_ok=True)
    if row["status"] != "ok":
        (tmp / ERROR_FILE).write_text(str(row["reason"]) + "\n", encoding="utf-8")
    record = {"fingerprint": task.fingerprint, "row": dict(row)}
    (tmp / RECORD_FILE).write_text(
        json.dumps(record, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    final = Path(task.out_root) / task.shop.name
    old = Path(task.out_root) / f".{task.shop.name}.old-{uuid.uuid4().hex[:12]}"
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _kept_row(task: ShopTask) -> dict[str, Any] | None:
    """The last run's row of a shop whose folder holds a successful result with the same
    fingerprint and every file of the stage, else ``None``."""
    folder = Path(task.out_root) / task.shop.name
    try:
        record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    row = record.get("row") if isinstance(record, dict) else None
    if (
        not isinstance(row, dict)
        or record.get("fingerprint") != task.fingerprint
        or row.get("status") != "ok"
        or not all((folder / name).is_file() for name in STAGE_FILES[task.stage])
    ):
        return None
    return {**dict.fromkeys(SUMMARY_COLUMNS), **row, "resumed": True}


# --------------------------------------------------------------------------- the fleet


@dataclass(frozen=True)
class FleetResult:
    """What :func:`run_fleet` produced.

    Attributes
    ----------
    summary
        ``fleet_summary.csv`` as a frame: one row per shop, :data:`SUMMARY_COLUMNS`.
    out_dir
        The output folder; shop ``s`` is in ``out_dir / "shops" / s``.
    files
        ``fleet_summary.csv`` and ``fleet_report.html``.
    stage
        How far the shops were planned.
    seconds
        Wall time of the whole run. [s]
    where
        Where the shops ran, for people (``2 local worker processes``).
    vendor
        Summary of the vendor's pooled seats, or ``None`` without vendor mode.
    """

    summary: pd.DataFrame
    out_dir: Path
    files: tuple[Path, ...]
    stage: str
    seconds: float
    where: str = ""
    vendor: dict[str, Any] | None = None
    """The vendor's shared seats (``[vendor] shared_out = true``, ``stage="plan"``): pooled
    and separate seat-hours and cost and the saving (:mod:`forecaster.vendor`)."""

    def shop_dir(self, shop: str) -> Path:
        """The folder of ``shop``'s files."""
        return self.out_dir / SHOPS_DIR / shop

    @property
    def plan_dirs(self) -> dict[str, Path]:
        """Successful shops' plan folders (``stage="plan"`` only): the input of a vendor
        shared-seat step (module docstring)."""
        if self.stage != "plan":
            return {}
        ok = self.summary[self.summary["status"] == "ok"]
        return {str(s): self.shop_dir(str(s)) for s in ok["shop"]}


def run_fleet(
    shops: str | Path,
    out_dir: str | Path,
    *,
    config: str | Path | None = None,
    start: object = None,
    end: object = None,
    event: str | None = None,
    stage: str = "plan",
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    replications: int = 10,
    time_limit_seconds: float | None = None,
    lead_days: int = EVENT_LEAD_DAYS,
    language: str = "zh",
    progress: Progress | None = None,
    client: Client | None = None,
) -> FleetResult:
    """Plan every shop of ``shops`` up to ``stage`` in parallel (module docstring).

    Parameters
    ----------
    shops
        Shops folder or ``shops.csv`` manifest.
    out_dir
        Output folder (made if missing).
    config
        Fleet-wide ``plan.toml`` defaults (default: the bundled sample).
    start, end
        The horizon (``end`` a date: that whole day); or ``event`` instead.
    event
        A calendar event name (``"双11 2025"``): each shop's window from its calendar.
    stage
        ``forecast``, ``staff`` or ``plan`` (:data:`STAGES`).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); default a
        ``LocalCluster``.
    workers
        Worker processes of the ``LocalCluster`` (default: one per core).
    resume
        Keep shops whose folder matches their input fingerprint.
    replications
        Simulation replications per shop (``stage="plan"``).
    time_limit_seconds
        Roster solver time limit for every shop, over the configuration's. [s]
    lead_days
        Days planned before an event's first phase. [days]
    language
        ``zh`` or ``en``: the fleet report and each shop's ``report.html``.
    progress
        Called with each progress line (a :class:`~forecaster.messages.Message`).
    client
        An existing ``distributed.Client`` to use as it is (``scheduler`` and ``workers``
        are then ignored; the client is not closed).

    Raises
    ------
    InputDataError, ConfigError
        Bad options, no shops, unusable fleet defaults, or an unreachable scheduler: before
        any shop runs. A shop's own problems never raise; they are its ``failed`` row.

    Notes
    -----
    The ``LocalCluster`` starts its workers as new processes (``spawn``), which import the
    caller's main module: a script calling this must do so under
    ``if __name__ == "__main__":``.
    """
    began = time.perf_counter()
    say = progress or (lambda message: None)
    if stage not in STAGES:
        raise InputDataError(msg("fleet.err_stage", stage=repr(stage)))
    first, last = _check_horizon(start, end, event)
    if scheduler and client is None:
        _check_address(scheduler)
    out = Path(out_dir)
    found = discover_shops(shops, exclude=[out])
    defaults, label, defaults_bytes = fleet_defaults(config)
    root = out / SHOPS_DIR
    root.mkdir(parents=True, exist_ok=True)
    options = {
        "start": first,
        "end": last,
        "event": event,
        "lead_days": lead_days if event else None,
        "stage": stage,
        "replications": replications if stage == "plan" else None,
        "time_limit_seconds": time_limit_seconds if stage == "plan" else None,
        "language": language if stage == "plan" else None,
    }
    topic = f"forecaster-fleet-{uuid.uuid4().hex[:12]}"
    tasks = [
        ShopTask(
            shop=shop,
            defaults=defaults,
            defaults_label=label,
            stage=stage,
            out_root=str(root.resolve()),
            fingerprint=shop_fingerprint(shop, defaults_bytes, options),
            start=first,
            end=last,
            event=event,
            lead_days=lead_days,
            replications=replications,
            time_limit_seconds=time_limit_seconds,
            language=language,
            topic=topic,
        )
        for shop in found
    ]
    rows: dict[str, dict[str, Any]] = {}
    if resume:
        for task in tasks:
            kept = _kept_row(task)
            if kept is not None:
                rows[task.shop.name] = kept
        if rows:
            say(msg("fleet.kept", n=len(rows)))
    todo = [t for t in tasks if t.shop.name not in rows]
    where = ""
    if todo:
        with _quiet_dask(), _connect(client, scheduler, workers, len(todo)) as (dask, where):
            say(msg("fleet.starting", n=len(todo), stage=msg(f"fleet.step.{stage}"), where=where))
            rows.update(_run_tasks(dask, todo, topic, len(tasks), len(rows), say))
    _clean_leftovers(root)
    summary = summary_frame([rows[t.shop.name] for t in tasks])
    names = {t.shop.name: rows[t.shop.name].get(NAMES_KEY) or {} for t in tasks}
    files: tuple[Path, ...] = (
        write_summary(summary, out / SUMMARY_FILE),
        write_report(summary, out / REPORT_FILE, stage=stage, language=language, names=names),
    )
    vendor = None
    fleet_config = parse_config(defaults, label)
    if stage == "plan" and fleet_config.vendor.shared_out:
        ok = summary.loc[summary["status"] == "ok", "shop"].astype(str)
        vendor, written = pool_fleet_vendor(
            {shop: root / shop for shop in ok}, fleet_config, out / VENDOR_DIR, say
        )
        files += written
    seconds = round(time.perf_counter() - began, 2)
    return FleetResult(summary, out, files, stage, seconds, str(where), vendor)


VENDOR_DIR = "vendor"
"""Folder of the vendor's shared-seat order in the fleet's output."""


def pool_fleet_vendor(
    plan_dirs: Mapping[str, Path], config: PlanConfig, out: Path, say: Progress
) -> tuple[dict[str, Any] | None, tuple[Path, ...]]:
    """Pool the outsourced seats of the planned shops (their plan folders) into the vendor's
    seat groups (:func:`forecaster.vendor.pool_vendor`) and write ``vendor_orders.csv`` and
    ``vendor_summary.json`` into ``out``. A shop whose plan folder cannot be read is left
    out with a note. Returns the vendor summary (``None`` when no shop has a plan) and the
    files written."""
    from forecaster.vendor import pool_vendor, read_shop_need, write_vendor

    needs: dict[str, pd.DataFrame] = {}
    for shop, folder in plan_dirs.items():
        try:
            needs[shop] = read_shop_need(folder)
        except PlannerError as error:
            say(msg("fleet.vendor_skipped", shop=shop, reason=str(error).splitlines()[0]))
    if not needs:
        return None, ()
    say(msg("fleet.vendor_pooling", n=len(needs)))
    result = pool_vendor(needs, config, progress=say)
    written = tuple(write_vendor(result, out))
    return dict(result.summary), written


def _check_horizon(start: object, end: object, event: str | None) -> tuple[str | None, str | None]:
    """``start``/``end`` as ISO text (or ``None`` for an event), checked."""
    if event is not None and (start is not None or end is not None):
        raise InputDataError(msg("fleet.err_horizon_both"))
    if event is not None:
        return None, None
    if start is None or end is None:
        raise InputDataError(msg("fleet.err_horizon_none"))
    first, last = pd.Timestamp(str(start)), pd.Timestamp(str(end))
    whole_day = last + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    if (whole_day if last == last.normalize() else last) < first:
        raise InputDataError(msg("fleet.err_end_before", start=str(start), end=str(end)))
    return first.isoformat(" "), last.isoformat(" ")


SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
"""Transports a ``--scheduler`` address may name (``tcp://`` when it names none)."""


def _check_address(address: str) -> None:
    """A scheduler address ``[scheme://]host:port``, checked before connecting (a client
    given a malformed one lingers and hangs the interpreter's exit)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        parse_host_port(location)
        if scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    except ValueError as error:
        why = " ".join(str(error).split())
        raise InputDataError(msg("fleet.err_address", address=address, why=why)) from None


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own log lines (worker restarts, lost connections) off stderr for the run:
    the command line keeps stderr for its one-line error."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _connect(
    client: Client | None, scheduler: str | None, workers: int | None, n_tasks: int
) -> Iterator[tuple[Client, Message]]:
    """The given client, a client of the ``scheduler`` (checked within
    :data:`CONNECT_TIMEOUT_SECONDS`), or a ``LocalCluster`` of one-thread worker processes
    whose scheduler sends a worker its next shop only when it is free (worker saturation 1:
    shops take seconds to minutes each, so none waits behind a slow one on a busy worker)."""
    import dask
    from distributed import Client, LocalCluster

    if client is not None:
        info = client.scheduler_info()
        count = len(info.get("workers", {}))
        yield client, msg("fleet.cluster", address=str(info.get("address", "")), workers=count)
        return
    if scheduler:
        yield from _remote(scheduler)
        return
    n = max(1, min(workers or os.cpu_count() or 1, n_tasks))
    with (
        dask.config.set({"distributed.scheduler.worker-saturation": 1.0}),
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as local,
    ):
        yield local, msg("fleet.local", workers=n)


def _remote(address: str) -> Iterator[tuple[Client, Message]]:
    from distributed import Client

    timeout = CONNECT_TIMEOUT_SECONDS
    try:
        remote = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, ValueError, TypeError) as error:
        why = " ".join(str(error).split()) or type(error).__name__
        raise InputDataError(
            msg("fleet.err_scheduler", address=address, seconds=timeout, why=why)
        ) from None
    try:
        try:
            remote.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise InputDataError(
                msg("fleet.err_no_workers", address=address, seconds=timeout)
            ) from None
        count = len(remote.scheduler_info().get("workers", {}))
        yield remote, msg("fleet.cluster", address=address, workers=count)
    finally:
        remote.close()


class _Tally:
    """Shops done, failed, running (by step) and queued, updated from the run's events
    (any thread) and finished tasks (the caller's thread).

    A worker thread holds one shop at a time, so a shop that starts on a thread replaces
    the one before it there, even before that one's result has reached the client."""

    def __init__(self, total: int, kept: int) -> None:
        self.total = total
        self.ok = kept
        self.failed = 0
        self.slots: dict[tuple[str, str], tuple[str, str]] = {}
        """(worker, thread) → (shop, step)."""
        self.finished: set[str] = set()
        self.waiting = total - kept
        self.lock = threading.Lock()

    def event(self, event: Any) -> None:
        """A ``(time, {"shop": …, "step": …, "thread": …, "worker": …})`` event."""
        data = event[1] if isinstance(event, tuple | list) and len(event) == 2 else event
        if not isinstance(data, Mapping) or data.get("step") not in STEPS:
            return
        shop, slot = str(data.get("shop")), (str(data.get("worker")), str(data.get("thread")))
        with self.lock:
            if shop in self.finished:
                return
            self.slots = {k: v for k, v in self.slots.items() if v[0] != shop}
            self.slots[slot] = (shop, str(data["step"]))

    def finish(self, shop: str, ok: bool) -> None:
        with self.lock:
            self.finished.add(shop)
            self.slots = {k: v for k, v in self.slots.items() if v[0] != shop}
            self.waiting -= 1
            if ok:
                self.ok += 1
            else:
                self.failed += 1

    def line(self) -> Message:
        with self.lock:
            busy = [step for _, step in self.slots.values()]
            counts = {s: n for s in STEPS if (n := busy.count(s))}
            running = len(busy)
            args = {
                "finished": self.ok + self.failed,
                "total": self.total,
                "ok": self.ok,
                "failed": self.failed,
                "running": running,
                "queued": self.waiting - running,
            }
        items = tuple(
            msg("cli.count", label=msg(f"fleet.step.{s}"), n=n) for s, n in counts.items()
        )
        steps = msg("fleet.steps", items=items) if items else ""
        return msg("fleet.tally", steps=steps, **args)


def _run_tasks(
    client: Client,
    tasks: Sequence[ShopTask],
    topic: str,
    total: int,
    kept: int,
    say: Progress,
) -> dict[str, dict[str, Any]]:
    """Submit one task per shop and collect the rows as they finish, with a progress line
    per finished shop and, between them, when the shops' steps change."""
    from distributed import as_completed

    tally = _Tally(total, kept)
    client.subscribe_topic(topic, tally.event)
    by_key: dict[str, ShopTask] = {}
    futures = []
    for task in tasks:
        key = f"{topic}-{task.shop.name}"
        by_key[key] = task
        futures.append(client.submit(run_shop, task, key=key, pure=False))
    rows: dict[str, dict[str, Any]] = {}
    done = as_completed(futures, loop=client.loop, raise_errors=False)
    shown, last_line = tally.line(), time.monotonic()
    try:
        while not done.is_empty():
            batch = done.next_batch(block=False)
            for future in batch:
                if future.status in ("lost", "pending"):  # its worker died holding the
                    done.add(future)  # result: the scheduler computes it again
                    continue
                task = by_key[str(future.key)]
                row = _row_of(future, task)
                future.release()  # a worker lost later holds nothing to compute again
                rows[task.shop.name] = row
                tally.finish(task.shop.name, row["status"] == "ok")
                shown = tally.line()
                say(_shop_line(shown, row))
                last_line = time.monotonic()
            if batch:
                continue
            time.sleep(POLL_SECONDS)
            line = tally.line()
            if line != shown and time.monotonic() - last_line >= TICK_SECONDS:
                say(line)
                shown, last_line = line, time.monotonic()
    finally:
        client.unsubscribe_topic(topic)
    return rows


def _shop_line(tally: Message, row: Mapping[str, Any]) -> Message:
    if row["status"] == "ok":
        return msg("fleet.shop_ok", tally=tally, shop=row["shop"], seconds=row["seconds"] or 0)
    return msg("fleet.shop_failed", tally=tally, shop=row["shop"], reason=row["reason"])


def _row_of(future: Future, task: ShopTask) -> dict[str, Any]:
    """A finished task's row; a task the cluster could not finish (its workers kept dying,
    it could not be unpickled) is a failed row, written to its folder here."""
    from distributed import KilledWorker

    if future.status == "finished":
        row = future.result()
        if isinstance(row, dict):
            return {**dict.fromkeys(SUMMARY_COLUMNS), **row}
        error: BaseException = TypeError(f"run_shop returned {type(row).__name__}")
    else:
        try:
            error = future.exception() or RuntimeError(future.status)
        except Exception as exc:  # cancelled: the exception itself cannot be fetched
            error = exc
    why = " ".join(f"{type(error).__name__}: {error}".split())
    key = "fleet.worker_lost" if isinstance(error, KilledWorker) else "fleet.task_error"
    row = dict.fromkeys(SUMMARY_COLUMNS)
    row.update(shop=task.shop.name, status="failed", stage="validate", resumed=False)
    row["reason"] = str(msg(key, why=why))
    with suppress(OSError):
        _publish(task, Path(task.out_root) / f".{task.shop.name}.tmp-{uuid.uuid4().hex[:12]}", row)
    return row


def _clean_leftovers(root: Path) -> None:
    """Temporary folders of tasks whose worker died (their reruns wrote their own)."""
    for path in root.glob(".*"):
        if path.is_dir() and (".tmp-" in path.name or ".old-" in path.name):
            shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- summary


def summary_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The rows as a frame of :data:`SUMMARY_COLUMNS`, counts as nullable integers."""
    frame = pd.DataFrame([dict(r) for r in rows], columns=list(SUMMARY_COLUMNS))
    for column in _INT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").round().astype("Int64")
    for column in _FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["resumed"] = frame["resumed"].eq(True)
    return frame


def write_summary(summary: pd.DataFrame, path: str | Path) -> Path:
    """``fleet_summary.csv``: UTF-8 with BOM (Excel opens it), floats rounded to
    :data:`~forecaster.exports.FLOAT_DECIMALS` places, text cells neutralised against
    formula injection, empty cells where a stage was not run."""
    out = pd.DataFrame(index=summary.index)
    for column in summary.columns:
        values = summary[column]
        if pd.api.types.is_float_dtype(values):
            out[column] = values.round(FLOAT_DECIMALS)
        elif pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
            out[column] = values
        else:
            out[column] = values.astype(object).map(neutralise, na_action="ignore")
    out.columns = pd.Index([neutralise(str(c)) for c in summary.columns])
    target = Path(path)
    target.write_text(out.to_csv(index=False), encoding=CSV_ENCODING, newline="")
    return target


# --------------------------------------------------------------------------- report


def rank_by_risk(summary: pd.DataFrame) -> pd.DataFrame:
    """Successful shops, riskiest first: the simulated service level furthest below its
    target (shops at or above it tie), then the largest shortfall, then the largest change
    of forecast inquiries against last year (missing figures last)."""
    ok = summary[summary["status"] == "ok"].copy()
    below = (ok["sl_target"] - ok["simulated_sl"]).clip(lower=0).fillna(-math.inf)
    ok["_below"] = below
    ok["_short"] = ok["shortfall_hours"].fillna(-math.inf)
    ok["_change"] = ok["change_vs_last_year"].abs().fillna(-math.inf)
    ranked = ok.sort_values(["_below", "_short", "_change"], ascending=False, kind="stable")
    return ranked.drop(columns=["_below", "_short", "_change"]).reset_index(drop=True)


def _cell(value: object, fmt: str = "{:,.0f}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    try:
        return html.escape(fmt.format(value))
    except (TypeError, ValueError):
        return html.escape(str(value))


def _marked(text: str, risky: bool) -> str:
    return f"<td class='risk'>{text}</td>" if risky else f"<td>{text}</td>"


def _present(value: object) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)))


def fleet_report_html(
    summary: pd.DataFrame,
    *,
    stage: str,
    language: str = "zh",
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """A self-contained HTML page: the run's counts and totals, failed shops first with
    their reasons, then the others ranked by risk (:func:`rank_by_risk`), each linked to
    its own ``report.html`` when planned to the ``plan`` stage. Every text from a file or a
    shop name is escaped."""

    def word(key: str, **fields: Any) -> str:
        return html.escape(render(msg(key, **fields), language))

    ok = summary[summary["status"] == "ok"]
    failed = summary[summary["status"] != "ok"]
    totals = [("inquiries", "inquiries")]
    if stage in ("staff", "plan"):
        totals += [("peak", "peak_agents"), ("agent_hours", "agent_hours")]
    if stage == "plan":
        totals += [("paid", "paid_hours"), ("cost", "cost")]
    figures = tuple(
        msg(f"fleet.total.{key}", value=float(ok[column].fillna(0).sum())) for key, column in totals
    )
    head = (
        word(
            "fleet.report.run",
            n=len(summary),
            stage=msg(f"fleet.step.{stage}"),
            ok=len(ok),
            failed=len(failed),
            kept=int(summary["resumed"].sum()),
        ),
        word("fleet.report.totals", figures=figures),
    )
    parts = [f"<h1>{word('fleet.report.title')}</h1>", *(f"<p>{p}</p>" for p in head)]
    if not failed.empty:
        parts.append(f"<h2>{word('fleet.report.failed')}</h2><table>")
        parts.append(_header(("shop", "stage", "reason"), word))
        for r in failed.itertuples(index=False):
            step = f"fleet.step.{r.stage}"
            parts.append(
                f"<tr><td>{html.escape(str(r.shop))}</td>"
                f"<td>{word(step) if r.stage in STEPS else html.escape(str(r.stage or ''))}</td>"
                f"<td>{html.escape(render(str(r.reason or ''), language))}</td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<h2>{word('fleet.report.ranked')}</h2>")
    ranking = "fleet.report.ranking" if stage == "plan" else "fleet.report.ranking_volume"
    parts.append(f"<p>{word(ranking, change=CHANGE_MARK)}</p>")
    ranked = rank_by_risk(summary)
    if ranked.empty:
        parts.append(f"<p>{word('fleet.report.none')}</p>")
    else:
        parts.append(_ranked_table(ranked, stage, word, names or {}))
    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}"
        "td.num{text-align:right}td.risk{background:#fde2e1;color:#a00}"
    )
    return (
        f"<!doctype html><html lang='{'zh' if language == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><title>{word('fleet.report.title')}</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def mixed_grids(summary: pd.DataFrame) -> bool:
    """Whether the shops were planned on more than one grid (an hourly history under a
    15-minute configuration), when the tables show each shop's."""
    return summary["interval_minutes"].dropna().nunique() > 1


def _header(columns: Sequence[str], word: Callable[..., str]) -> str:
    return "<tr>" + "".join(f"<th>{word('fleet.col.' + c)}</th>" for c in columns) + "</tr>"


def _ranked_table(
    ranked: pd.DataFrame,
    stage: str,
    word: Callable[..., str],
    names: Mapping[str, Mapping[str, str]],
) -> str:
    columns = ["rank", "shop", "horizon", "inquiries", "last_year", "change"]
    if stage in ("staff", "plan"):
        columns += ["peak_agents", "agent_hours"]
    if stage == "plan":
        columns += ["sl", "shortfall", "worst", "paid_hours", "headcount", "cost"]
    mixed = mixed_grids(ranked)
    if mixed:
        columns += ["grid"]
    columns += ["seconds"]
    rows = ["<table>", _header(columns, word)]
    for rank, r in enumerate(ranked.to_dict("records"), start=1):
        shop = html.escape(str(r["shop"]))
        if stage == "plan":
            href = html.escape(f"{SHOPS_DIR}/{quote(str(r['shop']))}/report.html", quote=True)
            shop += f" (<a href='{href}'>{word('fleet.report.link')}</a>)"
        change = r["change_vs_last_year"]
        cells = [
            f"<td class='num'>{rank}</td>",
            f"<td>{shop}</td>",
            f"<td>{_cell(str(r['start'])[:10], '{}')} – {_cell(str(r['end'])[:10], '{}')}</td>",
            f"<td class='num'>{_cell(r['inquiries'])}</td>",
            f"<td class='num'>{_cell(r['last_year_inquiries'])}</td>",
            _marked(
                _cell(change, "{:+.1%}"), _present(change) and abs(float(change)) > CHANGE_MARK
            ),
        ]
        if stage in ("staff", "plan"):
            cells.append(f"<td class='num'>{_cell(r['peak_agents'])}</td>")
            cells.append(f"<td class='num'>{_cell(r['agent_hours'])}</td>")
        if stage == "plan":
            sl, target, short = r["simulated_sl"], r["sl_target"], r["shortfall_hours"]
            below = _present(sl) and _present(target) and float(sl) < float(target)
            queue = r["worst_queue"]  # its display name in the shop's config (售前)
            if _present(queue):
                queue = names.get(str(r["shop"]), {}).get(str(queue), queue)
            worst = " ".join(x for x in (_cell(r["worst_interval"], "{}"), _cell(queue, "{}")) if x)
            if _present(r["worst_sl"]):
                worst += f" ({_cell(r['worst_sl'], '{:.1%}')})"
            cells += [
                _marked(f"{_cell(sl, '{:.1%}')} ({_cell(target, '{:.0%}')})", below),
                _marked(_cell(short, "{:,.1f}"), _present(short) and float(short) > 0),
                f"<td>{worst}</td>",
                f"<td class='num'>{_cell(r['paid_hours'])}</td>",
                f"<td class='num'>{' / '.join(_cell(r[k]) for k in ('ft', 'pt', 'out'))}</td>",
                f"<td class='num'>{_cell(r['cost'])}</td>",
            ]
        if mixed:
            cells.append(f"<td class='num'>{_cell(r['interval_minutes'])}</td>")
        cells.append(f"<td class='num'>{_cell(r['seconds'], '{:.0f}')}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    return "".join(rows)


def write_report(
    summary: pd.DataFrame,
    path: str | Path,
    *,
    stage: str,
    language: str = "zh",
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """``fleet_report.html`` (:func:`fleet_report_html`), UTF-8."""
    target = Path(path)
    html_text = fleet_report_html(summary, stage=stage, language=language, names=names)
    target.write_text(html_text, encoding="utf-8")
    return target


# --------------------------------------------------------------------------- zip archives
# (the app's fleet page: shops uploaded as one zip, every output downloaded as one)

ZIP_MAX_BYTES = 2 * 1024**3
"""An uploaded shops zip may unpack to at most this many bytes (2 GiB). [bytes]"""
ZIP_MAX_FILES = 10_000
"""An uploaded shops zip may hold at most this many entries (folders included)."""
ZIP_MAX_DEPTH = 8
"""Folders deep a file of an uploaded shops zip may lie."""
ZIP_SUFFIXES = (".csv", ".csv.gz", ".xlsx", ".toml")
"""The files unpacked from a shops zip (histories, calendars, ``plan.toml``, manifests);
any other file (``__MACOSX/``, ``.DS_Store``, notes) is skipped."""


def _zip_entry_name(info: Any) -> str:
    """An entry's name as its maker meant it: zips made on Chinese Windows store GBK names
    without the UTF-8 flag (which :mod:`zipfile` reads as cp437), macOS tools UTF-8."""
    name = str(info.filename)
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _zip_parts(name: str, source: str) -> tuple[str, ...]:
    """The folders and file name of an entry, refusing one that could land outside the
    folder it is unpacked into (absolute path, drive letter, ``..``, control characters)."""
    text = name.replace("\\", "/")
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    unsafe = (
        text.startswith("/")
        or re.match(r"^[A-Za-z]:", text) is not None
        or any(p == ".." for p in parts)
        or re.search(r"[\x00-\x1f]", text) is not None
    )
    if unsafe:
        raise InputDataError(msg("fleet.err_zip_unsafe", source=source, path=repr(name)))
    return parts


def extract_shops_zip(
    data: bytes,
    dest: str | Path,
    *,
    name: str = "shops.zip",
    max_bytes: int | None = None,
    max_files: int | None = None,
) -> Path:
    """Unpack an uploaded zip of shop folders into ``dest``; the shops folder inside it.

    Only histories, calendars, ``plan.toml`` and manifests (:data:`ZIP_SUFFIXES`) are
    written, by name checks alone (nothing of the archive is executed or linked): an entry
    with an absolute path or ``..`` refuses the whole archive, as do more than
    ``max_files`` entries (:data:`ZIP_MAX_FILES`), more than ``max_bytes`` unpacked
    (:data:`ZIP_MAX_BYTES`, counted while unpacking, not taken from the archive's word) and
    symbolic links. A zip of one folder holding the shop folders (``shops/旗舰店/…``) gives
    that folder.

    Raises
    ------
    InputDataError
        Not a zip, an unsafe or oversized archive, or no shop file in it (one line naming
        ``name``).
    """
    import io
    import stat
    import zipfile
    import zlib

    limit = ZIP_MAX_BYTES if max_bytes is None else max_bytes
    most = ZIP_MAX_FILES if max_files is None else max_files
    root = Path(dest)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > most:
                raise InputDataError(
                    msg("fleet.err_zip_many", source=name, n=len(entries), limit=most)
                )
            chosen = []
            for info in entries:
                parts = _zip_parts(_zip_entry_name(info), name)
                if info.is_dir() or not parts:
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise InputDataError(
                        msg("fleet.err_zip_unsafe", source=name, path=repr(info.filename))
                    )
                hidden = any(p.startswith(".") or p == "__MACOSX" for p in parts)
                if hidden or not parts[-1].lower().endswith(ZIP_SUFFIXES):
                    continue
                if len(parts) > ZIP_MAX_DEPTH:
                    raise InputDataError(
                        msg("fleet.err_zip_unsafe", source=name, path=repr(info.filename))
                    )
                chosen.append((info, parts))
            if sum(info.file_size for info, _ in chosen) > limit:
                raise InputDataError(msg("fleet.err_zip_big", source=name, mb=limit / 1024**2))
            if not chosen:
                raise InputDataError(msg("fleet.err_zip_empty", source=name))
            written = 0
            for info, parts in chosen:
                target = root.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("wb") as out:
                    while block := source.read(1 << 20):
                        written += len(block)
                        if written > limit:
                            raise InputDataError(
                                msg("fleet.err_zip_big", source=name, mb=limit / 1024**2)
                            )
                        out.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        why = " ".join(str(error).split()) or type(error).__name__
        raise InputDataError(msg("fleet.err_zip_bad", source=name, why=why)) from None
    except OSError as error:  # an entry both a file and a folder, a full disk
        why = " ".join(str(error.strerror or error).split())
        raise InputDataError(msg("fleet.err_zip_bad", source=name, why=why)) from None
    return _zip_shops_root(root)


def _zip_shops_root(root: Path) -> Path:
    """The folder of a zip's shops: ``root``, or the single folder wrapping them."""
    while True:
        visible = [p for p in root.iterdir() if not p.name.startswith(".")]
        if len(visible) != 1 or not visible[0].is_dir():
            return root
        inner = visible[0]
        if any((inner / n).is_file() for n in (*HISTORY_NAMES, MANIFEST_NAME)):
            return root  # the one folder is a shop (or holds the manifest's files)
        root = inner


def outputs_zip(result: FleetResult) -> bytes:
    """Every output of a run as one zip: ``fleet_summary.csv``, ``fleet_report.html`` and
    the folder of each shop of its summary (``shops/<shop>/…``), nothing else of
    ``out_dir`` (an earlier run's other shops stay out)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in result.files:  # the summary, the report (and a vendor's order)
            try:
                archive.write(file, file.relative_to(result.out_dir).as_posix())
            except ValueError:  # a file outside the output folder
                archive.write(file, file.name)
        for shop in result.summary["shop"].astype(str):
            folder = result.shop_dir(shop)
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file():
                    relative = path.relative_to(result.out_dir).as_posix()
                    archive.write(path, relative)
    return buffer.getvalue()
