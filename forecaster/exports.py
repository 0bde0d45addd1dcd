"""Roster exports: the roster output directory of ``docs/contracts.md``.

:func:`write_roster_outputs` writes six files into one directory:

- ``shifts.csv`` -- ``date, queue, shift, kind, start, end, break_start, break_end, agents,
  cost`` (then ``code`` and any further columns of the frame);
- ``coverage.csv`` -- ``interval_start, queue, required, scheduled, shortfall``;
- ``assignments.csv`` -- ``agent, kind, date, shift, start, end`` (then ``name``, ``code``,
  ``queue``, ``break_start``, ``break_end`` when present, then any further columns);
- ``out_orders.csv`` -- the outsourcing order (外包需求单, :mod:`forecaster.orders`):
  ``date, queue, start, end, seats, first_day, last_day, cost`` (then ``length_hours``,
  ``paid_hours``, ``seat_hours``, ``block``, ``shift``, ``code``, ``billing`` and, under
  commission billing, ``handled_inquiries``, ``base_cost``, ``commission``); only the header
  when the roster books no outsourced seats;
- ``summary.json`` -- the solver summary, UTF-8, numpy scalars and timestamps made plain;
- ``roster.xlsx`` -- a 排班表 grid (FT and PT agents x dates, each cell the shift code and its
  clock time, ``休`` for a day off; agents on duty per day in row 2; outsourced seats at the
  bottom, one row per booking block and shift start/length with the seat count per day; at
  the right each row's paid hours and days worked per ISO week, and over all weeks when
  there are several; printed landscape, one page wide, header rows and agent columns
  repeated), for a horizon of more than 7 days one more such grid per ISO week
  (``排班表 第1周 10-06~10-12``), then the outsourcing order with its booking blocks, the
  three tables and the summary, one sheet each, with Chinese or English headers.

The CSV files are UTF-8 *with* a byte-order mark, so Excel opens Chinese text correctly by
double-click, and always carry the English contract headers (they are the file contract; only
the workbook is translated). Datetimes are ISO 8601 (``2025-11-10 22:00:00``; ``date`` as
``2025-11-10``), floats are rounded to :data:`FLOAT_DECIMALS` places.

Every text cell of every CSV and of the workbook goes through :func:`neutralise`: text that a
spreadsheet program would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) gets a leading apostrophe, so an agent named ``=HYPERLINK(...)`` stays text
(CSV / formula injection, OWASP).
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import enum
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forecaster.config import DAY_OFF_CODE, SHIFT_KINDS, evening_hours
from forecaster.errors import InputDataError
from forecaster.messages import WEEKDAYS, localise_values, render
from forecaster.orders import (
    BLOCK_COLUMNS,
    COMMISSION_COLUMNS,
    ORDER_COLUMNS,
    ORDER_EXTRA_COLUMNS,
    OUT_KIND,
    OutsourcingOrder,
    booking_blocks,
    outsourcing_order,
)
from forecaster.safe_output import neutralise, neutralise_frame, write_csv

if TYPE_CHECKING:
    from forecaster.config import PlanConfig

__all__ = [
    "ASSIGNMENTS_COLUMNS",
    "ASSIGNMENTS_EXTRA_COLUMNS",
    "COVERAGE_COLUMNS",
    "CSV_ENCODING",
    "FLOAT_DECIMALS",
    "HEADERS",
    "ROSTER_FILES",
    "SHEET_NAMES",
    "SHIFTS_COLUMNS",
    "SHIFTS_EXTRA_COLUMNS",
    "SUMMARY_LABELS",
    "Language",
    "neutralise",
    "neutralise_frame",
    "write_csv",
    "write_roster_outputs",
]

Language = Literal["en", "zh"]

SHIFTS_COLUMNS = (
    "date",
    "queue",
    "shift",
    "kind",
    "start",
    "end",
    "break_start",
    "break_end",
    "agents",
    "cost",
)
"""Contract columns of ``shifts.csv``, in file order (``docs/contracts.md``)."""
SHIFTS_EXTRA_COLUMNS = ("code",)
"""Optional columns written after the contract ones when the frame has them."""
COVERAGE_COLUMNS = ("interval_start", "queue", "required", "scheduled", "shortfall")
"""Contract columns of ``coverage.csv``, in file order."""
ASSIGNMENTS_COLUMNS = ("agent", "kind", "date", "shift", "start", "end")
"""Contract columns of ``assignments.csv``, in file order."""
ASSIGNMENTS_EXTRA_COLUMNS = ("name", "code", "queue", "break_start", "break_end")
"""Optional columns written after the contract ones when the frame has them."""
ROSTER_FILES = (
    "shifts.csv",
    "coverage.csv",
    "assignments.csv",
    "out_orders.csv",
    "summary.json",
    "roster.xlsx",
)
"""Files of the roster output directory, in the order :func:`write_roster_outputs` returns."""
CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: Excel then reads Chinese text correctly."""
FLOAT_DECIMALS = 4
"""Decimal places kept for float columns in the CSV files."""

HEADERS: dict[str, str] = {
    # shifts / assignments / coverage columns
    "date": "日期",
    "queue": "队列",
    "shift": "班次",
    "code": "班次代码",
    "kind": "类型",
    "start": "开始",
    "end": "结束",
    "break_start": "休息开始",
    "break_end": "休息结束",
    "agents": "人数",
    "cost": "成本",
    "interval_start": "时段开始",
    "required": "需求",
    "scheduled": "排班",
    "shortfall": "缺口",
    "agent": "工号",
    "name": "姓名",
    "overtime_hours": "加班工时(小时)",
    "booked_by": "已由前次排班预订",
    # out_orders columns and the booking blocks of the 外包需求单 sheet
    "seats": "席位数",
    "first_day": "预订首日",
    "last_day": "预订末日",
    "length_hours": "班次时长(小时)",
    "paid_hours": "每席付薪工时(小时)",
    "seat_hours": "付薪工时(小时)",
    "block": "预订批次",
    "billing": "计费方式",
    "handled_inquiries": "接待咨询量(估)",
    "base_cost": "底薪(元)",
    "commission": "提成(元)",
    "days": "天数",
    "seats_per_day": "每日席位",
    "seat_days": "席位天数",
    # summary sheet columns
    "key": "键",
    "item": "项目",
    "value": "值",
    # shift kinds (values, shown in the grid and its legend)
    "FT": "全职",
    "PT": "兼职",
    "OUT": "外包",
}
"""English column name (or shift kind) -> Chinese header used when ``language='zh'``."""

SHEET_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "roster": "Roster",
        "shifts": "shifts",
        "coverage": "coverage",
        "assignments": "assignments",
        "orders": "Outsourcing orders",
        "summary": "summary",
    },
    "zh": {
        "roster": "排班表",
        "shifts": "班次",
        "coverage": "覆盖",
        "assignments": "排班明细",
        "orders": "外包需求单",
        "summary": "汇总",
    },
}
"""Workbook sheet names by language; the grid is always the first sheet."""

SUMMARY_LABELS: dict[str, tuple[str, str]] = {
    "status": ("Solver status", "求解状态"),
    "total_cost": ("Total cost [CNY]", "总成本(元)"),
    "paid_hours": ("Paid hours [h]", "付薪工时(小时)"),
    "required_agent_hours": (
        "Required agent-hours present, after shrinkage [h]",
        "需求在岗人时(小时, 含损耗)",
    ),
    "shortfall_agent_hours": ("Shortfall agent-hours [h]", "缺口人时(小时)"),
    "headcount": ("Headcount", "人数"),
    "hours_by_kind": ("Paid hours by kind [h]", "各类型工时(小时)"),
    "objective": ("Objective", "目标函数值"),
    "lower_bound": ("Lower bound", "下界"),
    "gap": ("Relative gap", "相对间隙"),
    "solve_seconds": ("Solve time [s]", "求解用时(秒)"),
    "solver": ("Solver", "求解器"),
    "messages": ("Messages", "提示"),
    "scheduled_agent_hours": ("Scheduled agent-hours [h]", "排班人时(小时)"),
    "overtime_hours": ("Overtime hours [h]", "加班工时(小时)"),
    "ft_forced_off_days": ("Days every FT agent must be off", "全职全员必须休息的日期"),
    "out_after_horizon_seat_days": (
        "Outsourced seat-days billed after the horizon",
        "方案期后仍计费的外包席位·天",
    ),
    "out_after_horizon_cost": (
        "Outsourced cost after the horizon [CNY]",
        "方案期后的外包费用(元, 不在总成本内)",
    ),
    "out_lengthened_shifts": (
        "Outsourced shifts added to reach minimum bookings",
        "为满足外包最少预订加排的班次",
    ),
    "out_short_bookings": (
        "Outsourced bookings still short of their minimum",
        "仍短于最少预订天数的外包预订",
    ),
    "lp_floor_paid_hours": ("Paid-hours floor (LP) [h]", "付薪工时下界(线性规划)(小时)"),
    "paid_to_floor": ("Paid ÷ floor", "付薪工时 ÷ 下界"),
    "lp_floor_any_start_paid_hours": (
        "Paid-hours floor, any start [h]",
        "付薪工时下界(任意开始时间)(小时)",
    ),
    "paid_to_any_start_floor": ("Paid ÷ any-start floor", "付薪工时 ÷ 任意开始下界"),
    "all_hands_days": ("All-hands days", "全员上岗日"),
    "ft_crews": ("FT crews", "全职班组数"),
    "bound_source": ("Bound from", "下界来源"),
    "lp_bound": ("LP bound", "线性松弛下界"),
    "gap_to_lp": ("Gap to the LP bound", "与线性松弛下界的间隙"),
    "covered_column": ("Covered column", "覆盖口径"),
    "shortfall_penalty_per_agent_hour": (
        "Shortfall penalty [CNY per agent-hour]",
        "缺口罚金(元/人时)",
    ),
    "team_sizing": ("Team sizing", "定编"),
    "ft_agents": ("FT agents", "全职人数"),
    "pt_pool": ("PT pool", "兼职池人数"),
    "ft_auto": ("FT sized by the program", "全职自动定编"),
    "pt_auto": ("PT sized by the program", "兼职自动定编"),
    "ft_lp": ("FT in the LP", "线性规划中的全职人数"),
    "pt_lp": ("PT in the LP", "线性规划中的兼职人数"),
    "ft_value": ("Saving of one more FT [CNY]", "多 1 名全职可省(元)"),
    "pt_value": ("Saving of one more PT [CNY]", "多 1 名兼职可省(元)"),
    "ft_cost": ("Cost of one more FT [CNY]", "多 1 名全职的成本(元)"),
    "pt_cost": ("Cost of one more PT [CNY]", "多 1 名兼职的成本(元)"),
    "ft_monthly_salary": ("FT monthly salary [CNY]", "全职月薪(元)"),
    "horizon_days": ("Horizon [days]", "计划天数"),
    "checks": ("Roster check", "排班复核"),
    "before": ("FT agents before", "复核前全职人数"),
    "after": ("FT agents tried", "试用全职人数"),
    "short_before": ("Shortfall before [agent-hours]", "复核前缺口(人时)"),
    "short_after": ("Shortfall tried [agent-hours]", "试用后缺口(人时)"),
    "saving": ("Saving with salaries [CNY]", "计薪资后节省(元)"),
    "lp_cost": ("LP cost [CNY]", "线性规划成本(元)"),
    "ft_agents_max": ("Upper bound of the FT team", "全职人数上限"),
    "pt_pool_max": ("Upper bound of the PT pool", "兼职池人数上限"),
    "checks_capped": (
        "Checks stopped at their limit while still saving",
        "复核次数用完时仍在省钱",
    ),
}
"""Summary key -> (English, Chinese) label for the workbook's summary sheet."""

_GRID_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "agent": "Agent",
        "name": "Name",
        "kind": "Kind",
        "per_day": "Agents per shift code and day",
        "off": "Day off",
        "on_duty": "On duty",
        "legend": "Legend",
        "code": "Code",
        "shift": "Shift",
        "hours": "Hours",
        "orders": "Outsourcing order: seats per date, queue, start and length",
        "blocks": "Booking blocks: seats booked from the first to the last day",
        "total": "Total",
        "notes": "Notes",
        "no_orders": "No outsourced seats in this roster.",
        "hourly": "hourly",
        "commission": "base + commission",
        "week": "Wk {n} {first}~{last}",
        "all_weeks": "All weeks",
        "paid_hours": "Paid hours",
        "days_worked": "Days",
        "fairness": "Evenings and weekends",
        "evening_hours": "Hours 19:00-07:00",
        "weekend_days": "Weekend days",
        "week_sheet": "{roster} wk{n} {first}~{last}",
        "break": "break ",
    },
    "zh": {
        "agent": "工号",
        "name": "姓名",
        "kind": "类型",
        "per_day": "每日各班次人数",
        "off": "休息",
        "on_duty": "在岗合计",
        "legend": "图例",
        "code": "代码",
        "shift": "班次",
        "hours": "时段",
        "orders": "外包需求单:各日期、队列、开始时间与班次时长的席位数",
        "blocks": "预订批次:每批席位从首日到末日连续预订",
        "total": "合计",
        "notes": "说明",
        "no_orders": "本排班没有外包席位。",
        "hourly": "按工时",
        "commission": "底薪+提成",
        "break": "休",
        "week": "第{n}周 {first}~{last}",
        "all_weeks": "合计",
        "paid_hours": "工时(小时)",
        "days_worked": "出勤天数",
        "fairness": "晚间与周末",
        "evening_hours": "19点-次日7点工时",
        "weekend_days": "周末出勤天数",
        "week_sheet": "{roster} 第{n}周 {first}~{last}",
    },
}

_DATETIME_CSV = "%Y-%m-%d %H:%M:%S"
_DATE_CSV = "%Y-%m-%d"
_DATETIME_XLSX = "yyyy-mm-dd hh:mm"
_DATE_XLSX = "yyyy-mm-dd"
_HIDE_ZERO = "0;-0;;@"
_MAX_GRID_DAYS = 366
_MAX_SPANS = 3
_WEEK_SHEETS_AFTER_DAYS = 7
"""A horizon longer than this gets one more grid sheet per ISO week (Monday to Sunday)."""

# fills: one pastel family per kind, so a glance tells FT / PT / OUT apart; black text reads
# on all of them
_PALETTES: dict[str, tuple[str, ...]] = {
    "FT": ("BDD7EE", "C6EFCE", "9BC2E6", "A9D08E", "DDEBF7", "E2EFDA"),
    "PT": ("FFE699", "FFF2CC", "FFD966", "FFEB9C"),
    "OUT": ("D9C3E9", "F4C7D9", "CDB4DB", "E8D5F2"),
}
_OTHER_PALETTE = ("D9D9D9", "EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WEEKEND_HEADER_FILL = PatternFill("solid", fgColor="F8CBAD")
_WEEKEND_FILL = PatternFill("solid", fgColor="FBE5D6")
_BOLD = Font(bold=True)
_OFF_FONT = Font(color="808080")
_CENTRE = Alignment(horizontal="center", vertical="center")
_CENTRE_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

_T = TypeVar("_T")


# --------------------------------------------------------------------------- public helpers


def with_chinese_messages(
    summary: Mapping[str, Any], language: str, config: PlanConfig | None
) -> dict[str, Any]:
    """``summary`` with ``messages_zh`` beside ``messages`` (and each explanation's
    ``reason_zh`` beside its ``reason``) when the reader's language is Chinese: the same
    notes as the CLI printed them (``messages`` stays English, for scripts)."""
    out = dict(summary)
    names = config.display_names() if config is not None else {}
    if language == "zh" and summary.get("messages"):
        out["messages_zh"] = [render(m, "zh", names) for m in summary["messages"]]
    if language == "zh" and summary.get("explanations"):  # plan_summary.json's reasons too
        out["explanations"] = [
            {**e, "reason_zh": render(e["reason"], "zh", names)} if e.get("reason") else e
            for e in summary["explanations"]
        ]
    return out


def write_roster_outputs(
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    summary: Mapping[str, Any],
    out_dir: str | Path,
    *,
    language: Language = "en",
    config: PlanConfig | None = None,
    requirements: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the roster output directory: four CSV tables, ``summary.json``, ``roster.xlsx``.

    The CSV files are encoded UTF-8 with a byte-order mark (``utf-8-sig``) so that Excel opens
    Chinese names correctly; their headers are always the English contract column names. The
    contract columns come first, in contract order, then the optional columns listed in
    :data:`SHIFTS_EXTRA_COLUMNS` / :data:`ASSIGNMENTS_EXTRA_COLUMNS`, then any other column of
    the frame. Every text cell is passed through :func:`neutralise`. ``out_orders.csv`` is the
    outsourcing order of :func:`forecaster.orders.outsourcing_order` (header only when no
    outsourced seat is booked); the workbook shows it with its booking blocks.

    Parameters
    ----------
    shifts
        One row per opened shift: ``date`` (midnight), ``queue``, ``shift`` (template name),
        ``kind`` (FT, PT, OUT), ``start``, ``end`` (datetimes; a shift may end the next day),
        ``break_start``, ``break_end`` (datetimes or NaT), ``agents`` [count], ``cost`` [CNY];
        optionally ``code`` (grid code, e.g. ``'E'``).
    coverage
        One row per queue x interval: ``interval_start``, ``queue``, ``required`` [agents],
        ``scheduled`` [agents], ``shortfall`` [agents].
    assignments
        One row per agent x shift: ``agent`` (id), ``kind``, ``date``, ``shift``, ``start``,
        ``end``; optionally ``name``, ``code``, ``queue``, ``break_start``, ``break_end``.
        Without ``code`` the grid looks the code up by shift name in ``shifts``.
    summary
        Solver summary (``status``, ``total_cost``, ``headcount`` by kind, ...). numpy
        scalars, timestamps, NaN and nested mappings / lists are converted for JSON.
    out_dir
        Output directory; created (with its parents) if missing.
    language
        ``'en'`` or ``'zh'``: headers and sheet names of the workbook (:data:`HEADERS`,
        :data:`SHEET_NAMES`). The CSV files are not affected.
    config
        The plan: outsourcing billing (``[labour] out_billing``, ``out_base_per_hour`` [CNY/h],
        ``out_commission_per_inquiry`` [CNY]) and the templates' paid hours for the order.
        Without it the order is billed hourly (the cost of ``shifts``).
    requirements
        ``interval_start, queue, human_inquiries``: estimates the inquiries outsourced seats
        handle under commission billing (without them commission rows cost the base only).

    Returns
    -------
    list of Path
        The files written, in the order of :data:`ROSTER_FILES`.

    Raises
    ------
    InputDataError
        A frame lacks a contract column (the message names the frame and the column), a
        datetime column holds something else, or a file cannot be written.
    ValueError
        ``language`` is neither ``'en'`` nor ``'zh'``.
    """
    if language not in SHEET_NAMES:
        raise ValueError(f"language must be one of 'en', 'zh', got {language!r}")
    if not isinstance(summary, Mapping):
        raise InputDataError(f"summary must be a mapping, got {type(summary).__name__}")
    tables = _validated_tables(shifts=shifts, coverage=coverage, assignments=assignments)
    order = outsourcing_order(
        tables["shifts"], tables["assignments"], config=config, requirements=requirements
    )
    out = _output_dir(Path(out_dir))
    paths = {name: out / name for name in ROSTER_FILES}

    csv_tables = {f"{name}.csv": (name, frame) for name, frame in tables.items()}
    csv_tables["out_orders.csv"] = ("orders", order.orders)
    for file_name, (name, frame) in csv_tables.items():
        text = _csv_frame(frame, _SPECS[name]).to_csv(index=False)
        with _writing(paths[file_name]):
            paths[file_name].write_text(text, encoding=CSV_ENCODING, newline="")
    text = json.dumps(
        _jsonable(with_chinese_messages(summary, language, config)),
        ensure_ascii=False,
        indent=2,
        allow_nan=False,
    )
    with _writing(paths["summary.json"]):
        paths["summary.json"].write_text(text + "\n", encoding="utf-8")
    paid_hours = {t.name: float(t.paid_hours) for t in config.shifts} if config else None
    names = config.display_names() if config else None
    book = _workbook(tables, summary, language, order, paid_hours, names)
    with _writing(paths["roster.xlsx"]):
        book.save(paths["roster.xlsx"])
    return list(paths.values())


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Spec:
    """Columns of one output table."""

    columns: tuple[str, ...]
    extra: tuple[str, ...]
    datetimes: tuple[str, ...]
    dates: tuple[str, ...]


_SPECS: dict[str, _Spec] = {
    "shifts": _Spec(
        SHIFTS_COLUMNS,
        SHIFTS_EXTRA_COLUMNS,
        ("date", "start", "end", "break_start", "break_end"),
        ("date",),
    ),
    "coverage": _Spec(COVERAGE_COLUMNS, (), ("interval_start",), ()),
    "orders": _Spec(
        ORDER_COLUMNS,
        (*ORDER_EXTRA_COLUMNS, *COMMISSION_COLUMNS),
        ("date", "start", "end", "first_day", "last_day"),
        ("date", "first_day", "last_day"),
    ),
    "blocks": _Spec(
        BLOCK_COLUMNS, COMMISSION_COLUMNS, ("first_day", "last_day"), ("first_day", "last_day")
    ),
    "assignments": _Spec(
        ASSIGNMENTS_COLUMNS,
        ASSIGNMENTS_EXTRA_COLUMNS,
        ("date", "start", "end", "break_start", "break_end"),
        ("date",),
    ),
}


def _validated_tables(**frames: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Check every frame's columns, then return copies in file column order with datetimes."""
    problems: list[str] = []
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            problems.append(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
            continue
        found = [str(c) for c in frame.columns]
        problems += [
            f"{name} frame is missing column '{column}'; found {found}"
            for column in _SPECS[name].columns
            if column not in frame.columns
        ]
    if problems:
        raise InputDataError(problems)
    return {name: _ordered(name, frame) for name, frame in frames.items()}


def _ordered(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    spec = _SPECS[name]
    first = [*spec.columns, *(c for c in spec.extra if c in frame.columns)]
    out = frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)
    for column in spec.datetimes:
        if column in out.columns:
            out[column] = _datetimes(out[column], f"{name} frame column '{column}'")
    return out


def _datetimes(values: pd.Series, where: str) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(values):
        return values
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    except (TypeError, ValueError) as exc:
        raise InputDataError(f"{where} must hold datetimes ({exc})") from None
    bad = values[parsed.isna() & values.notna() & (values.astype(str).str.strip() != "")]
    if len(bad):
        raise InputDataError(
            f"{where} must hold datetimes, got {bad.iloc[0]!r} in row {bad.index[0] + 1}"
        )
    return parsed


def _output_dir(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise InputDataError(f"{out} is a file; give a directory for the roster outputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputDataError(
            f"{out}: cannot create the output directory ({exc.strerror})"
        ) from None
    return out


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an OS error while writing ``path`` into one clear :class:`InputDataError`."""
    try:
        yield
    except OSError as exc:
        hint = "; close it in Excel/WPS and try again" if isinstance(exc, PermissionError) else ""
        reason = exc.strerror or str(exc)
        raise InputDataError(f"{path}: cannot write the file ({reason}){hint}") from None


# --------------------------------------------------------------------------- CSV and JSON


def _csv_frame(frame: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    """Text-safe copy for ``to_csv``: ISO datetimes, rounded floats, neutralised text."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            date_only = column in spec.dates
            out[column] = values.map(
                lambda t, d=date_only: t.date().isoformat() if d else t.isoformat(" ", "seconds"),
                na_action="ignore",
            )
        elif pd.api.types.is_datetime64_dtype(values):
            out[column] = values.dt.strftime(_DATE_CSV if column in spec.dates else _DATETIME_CSV)
        elif pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
            out[column] = values
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.round(FLOAT_DECIMALS)
        else:
            out[column] = values.astype(object).map(_text_cell, na_action="ignore")
    out.columns = pd.Index([neutralise(str(c)) for c in frame.columns])
    return out


def _text_cell(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return round(value, FLOAT_DECIMALS)
    return neutralise(value)


def _jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars -> Python, timestamps -> ISO text, NaN/NaT -> null."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return _jsonable(float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {_json_key(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return [_jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple | np.ndarray | pd.Series | pd.Index):
        return [_jsonable(v) for v in value]
    return str(value)


def _json_key(key: Any) -> str:
    plain = _jsonable(key)
    return plain if isinstance(plain, str) else json.dumps(plain)


# --------------------------------------------------------------------------- workbook


def _workbook(
    tables: dict[str, pd.DataFrame],
    summary: Mapping[str, Any],
    language: str,
    order: OutsourcingOrder | None = None,
    paid_hours: Mapping[str, float] | None = None,
    queue_names: Mapping[str, str] | None = None,
) -> Workbook:
    """The grid of the whole plan first; for a horizon of more than a week one grid per ISO
    week after it (``排班表 第1周 10-06~10-12``), each printable alone; then the tables."""
    names = SHEET_NAMES[language]
    book = Workbook()
    grid_sheet = book.active
    assert grid_sheet is not None
    grid_sheet.title = names["roster"]
    grid = _build_grid(**tables, group_out=True, paid_hours=paid_hours)
    _write_grid(grid_sheet, grid, language, queue_names)
    if len(grid.dates) > _WEEK_SHEETS_AFTER_DAYS:
        for week in _weeks(grid.dates):
            title = week.label(_GRID_WORDS[language]["week_sheet"], roster=names["roster"])
            sheet = book.create_sheet(title[:31])  # Excel's limit
            _write_grid(sheet, _week_grid(grid, week), language, queue_names)
    if language == "zh":  # the tables' queues and kinds by their Chinese names
        tables = {n: localise_values(f, language, queue_names or {}) for n, f in tables.items()}
        if order is not None:  # the vendor's team reads the order's queues the same way
            order = replace(
                order, orders=localise_values(order.orders, language, queue_names or {})
            )
    for name, frame in tables.items():
        _write_table(book.create_sheet(names[name]), frame, _SPECS[name], language)
    if order is not None:  # in file order: after assignments.csv comes out_orders.csv
        orders_sheet = book.create_sheet(names["orders"])
        _write_orders(orders_sheet, order, language)
        _print_wide(orders_sheet)  # the agency's copy prints like the 排班表
    _write_summary(book.create_sheet(names["summary"]), summary, language, queue_names)
    return book


def _header(column: Any, language: str) -> str:
    text = str(column)
    return neutralise(HEADERS.get(text, text) if language == "zh" else text)


def _kind_label(kind: Any, language: str) -> Any:
    if language == "zh" and isinstance(kind, str):
        return HEADERS.get(kind, kind)
    return kind


def _cell_value(value: Any) -> Any:
    """A value openpyxl writes as a real number / datetime / text, never as a formula."""
    if value is None:
        return None
    if isinstance(value, str):
        return neutralise(value)
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, np.generic):
        return _cell_value(value.item())
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, pd.Timestamp):
        return (value.tz_localize(None) if value.tzinfo else value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return neutralise(json.dumps(_jsonable(value), ensure_ascii=False))


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _style_header(cell: Any, fill: PatternFill = _HEADER_FILL) -> None:
    cell.font = _BOLD
    cell.fill = fill
    cell.alignment = _CENTRE
    cell.border = _BORDER


def _write_table(sheet: Worksheet, frame: pd.DataFrame, spec: _Spec, language: str) -> None:
    """One contract table: bold translated header, real datetimes, filter, frozen header."""
    sheet.append([_header(c, language) for c in frame.columns])
    for cell in sheet[1]:
        _style_header(cell)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_cell_value(v) for v in row])
    for j, column in enumerate(frame.columns, start=1):
        values = frame[column]
        number_format: str | None = None
        width = _display_width(_header(column, language))
        if column in spec.datetimes and (
            isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(values)
        ):
            number_format = _DATE_XLSX if column in spec.dates else _DATETIME_XLSX
            width = max(width, len(number_format))
        elif pd.api.types.is_float_dtype(values):
            number_format = "#,##0.00" if column == "cost" else "0.00"
            width = max(width, 10)
        else:
            sample = values.head(500).dropna().astype(str)
            width = max([width, *(_display_width(neutralise(s)) for s in sample)])
        if number_format is not None:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = number_format
        sheet.column_dimensions[get_column_letter(j)].width = min(width + 2, 50)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions


_ORDER_SUMS = ("seats", "seat_days", "seat_hours", "cost", *COMMISSION_COLUMNS)


def _print_wide(sheet: Worksheet) -> None:
    """Print set-up of a sheet handed out on paper: A4 landscape, one page wide, as many
    pages long as it takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def _write_orders(sheet: Worksheet, order: OutsourcingOrder, language: str) -> None:
    """The 外包需求单: booking blocks on top, the order rows below, totals and notes."""
    words = _GRID_WORDS[language]
    widths: dict[int, int] = {}
    r = 1
    if order.orders.empty:
        sheet.cell(row=r, column=1, value=words["no_orders"]).font = _BOLD
        r += 2
    for title, name, frame in (
        (words["blocks"], "blocks", order.blocks),
        (words["orders"], "orders", order.orders),
    ):
        sheet.cell(row=r, column=1, value=title).font = _BOLD
        r += 1
        first = r
        r = _write_frame(sheet, r, frame, _SPECS[name], language, widths)
        if name == "orders" and len(frame):
            last = get_column_letter(len(frame.columns))
            sheet.auto_filter.ref = f"A{first}:{last}{r - 2}"
        r += 1
    if order.notes:
        sheet.cell(row=r, column=1, value=words["notes"]).font = _BOLD
        for note in order.notes:
            r += 1
            sheet.cell(row=r, column=1, value=neutralise(render(note, language)))
    for j, width in widths.items():
        sheet.column_dimensions[get_column_letter(j)].width = min(width + 2, 40)


def _write_frame(
    sheet: Worksheet,
    top: int,
    frame: pd.DataFrame,
    spec: _Spec,
    language: str,
    widths: dict[int, int],
) -> int:
    """One table from row ``top``: translated header, values, a totals row; the next row."""
    words = _GRID_WORDS[language]
    for j, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=top, column=j, value=_header(column, language))
        _style_header(cell)
        widths[j] = max(widths.get(j, 0), _display_width(str(cell.value)))
    formats: dict[int, str] = {}
    for j, column in enumerate(frame.columns, start=1):
        if column in spec.datetimes:
            formats[j] = _DATE_XLSX if column in spec.dates else _DATETIME_XLSX
        elif column in ("cost", "base_cost", "commission"):
            formats[j] = "#,##0.00"
        elif pd.api.types.is_float_dtype(frame[column]):
            formats[j] = "#,##0.0" if column in ("handled_inquiries", "seat_hours") else "0.0#"
    r = top
    for values in frame.itertuples(index=False, name=None):
        r += 1
        for j, (column, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
            if column == "billing" and value in words:
                value = words[value]
            elif column == "kind":
                value = _kind_label(value, language)
            cell = sheet.cell(row=r, column=j, value=_cell_value(value))
            if j in formats:
                cell.number_format = formats[j]
                widths[j] = max(widths.get(j, 0), len(formats[j]), 10)
            elif isinstance(cell.value, str):
                widths[j] = max(widths.get(j, 0), _display_width(cell.value))
    r += 1
    sheet.cell(row=r, column=1, value=words["total"]).font = _BOLD
    for j, column in enumerate(frame.columns, start=1):
        if column in _ORDER_SUMS and j > 1:
            total = pd.to_numeric(frame[column], errors="coerce").sum()
            cell = sheet.cell(row=r, column=j, value=_cell_value(total))
            cell.font = _BOLD
            if j in formats:
                cell.number_format = formats[j]
    return r + 1


def _flatten(key: str, value: Any) -> Iterator[tuple[str, str, Any]]:
    """(key, parent key, value) rows of the summary; nested mappings get dotted keys."""
    if isinstance(value, Mapping):
        for sub, item in value.items():
            yield from _flatten(f"{key}.{sub}", item)
    elif isinstance(value, list | tuple | set | frozenset | np.ndarray):
        for n, item in enumerate(value, start=1):
            if isinstance(item, Mapping):  # a list of records: numbered, one row per field
                yield from _flatten(f"{key}.{n}", item)
            else:
                yield key, key, item
    else:
        yield key, key, value


def _summary_label(key: str, language: str, queue_names: Mapping[str, str] | None = None) -> str:
    parts = key.split(".")
    index = 1 if language == "zh" else 0
    named = (queue_names or {}) if language == "zh" else {}
    labels = [SUMMARY_LABELS[parts[0]][index] if parts[0] in SUMMARY_LABELS else parts[0]]
    labels += [
        SUMMARY_LABELS[p][index]
        if p in SUMMARY_LABELS
        else named.get(p) or str(_kind_label(p, language))
        for p in parts[1:]
    ]
    return " · ".join(labels)


SUMMARY_FORMATS: dict[str, str] = {
    "gap": "0.00%",
    "gap_to_lp": "0.00%",
    "objective": "#,##0",
    "lower_bound": "#,##0",
    "lp_bound": "#,##0",
    "team_sizing.lp_cost": "#,##0",
}
"""Number formats of summary values a reader would otherwise see as long fractions (the
relative gaps read as percentages, the objective and its bounds in whole CNY); the cells
keep their full values."""

SUMMARY_VALUES: dict[str, str] = {
    "rules-free covering LP (cost_floor)": "不含排班规则的覆盖线性规划 (成本下界)",
    "team LP relaxation (roster_bound)": "团队人数固定的线性松弛 (团队下界)",
    "solver": "求解器",
    "headcount": "在岗人数",
}
"""Chinese for the summary's word values (``bound_source``, ``covered_column``)."""


def _write_summary(
    sheet: Worksheet,
    summary: Mapping[str, Any],
    language: str,
    queue_names: Mapping[str, str] | None = None,
) -> None:
    """Summary as rows of readable label, value and key (lists one row per item): the
    reader's words first, ``summary.json``'s key last for scripts; in Chinese the messages,
    word values and queues read in Chinese."""
    sheet.append([_header(c, language) for c in ("item", "value", "key")])
    for cell in sheet[1]:
        _style_header(cell)
    widths = [8, 10, 8]
    for top, value in summary.items():
        for key, _, item in _flatten(str(top), value):
            shown = item
            if isinstance(item, bool) and language == "zh":
                shown = "是" if item else "否"
            elif isinstance(item, str) and language == "zh":
                shown = SUMMARY_VALUES.get(item) or render(item, language, queue_names)
            label = _summary_label(key, language, queue_names)
            row = [neutralise(label), _cell_value(shown), neutralise(key)]
            sheet.append(row)
            cell = sheet.cell(row=sheet.max_row, column=2)
            if isinstance(row[1], dt.datetime):
                cell.number_format = _DATETIME_XLSX
            elif key in SUMMARY_FORMATS and isinstance(row[1], int | float):
                cell.number_format = SUMMARY_FORMATS[key]
            elif isinstance(row[1], float) and not row[1].is_integer():
                # a long fraction reads as its figure: money and hours whole above 100,
                # a gap as a percentage, other fractions to 0.01 (the cell keeps them all)
                cell.number_format = (
                    "0.00%" if key.endswith("gap") else "#,##0" if abs(row[1]) >= 100 else "0.00"
                )
            elif row[1] is None:
                cell.value = "–"  # not computed for this plan (e.g. no LP bound asked for)
            for j, text in ((0, row[0]), (2, row[2])):
                widths[j] = max(widths[j], _display_width(str(text)))
            if isinstance(row[1], str):
                widths[1] = max(widths[1], _display_width(row[1]))
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(width + 2, 80)
    sheet.freeze_panes = "A2"


# --------------------------------------------------------------------------- the 排班表 grid


@dataclass(frozen=True)
class _Code:
    """One grid code with what the legend says about it."""

    code: str
    shift: str
    kind: str
    spans: tuple[str, ...]


@dataclass(frozen=True)
class _SeatRow:
    """Outsourced seats of one booking block on one shift code, start and length."""

    block: str
    label: str
    code: str
    start: str
    counts: dict[int, int]
    """Date column -> seats."""
    hours: dict[int, float] = field(default_factory=dict)
    """Date column -> paid seat-hours. [h]"""

    def cell(self, j: int) -> str | None:
        """``W 14:00 ×12`` on a day with seats, else ``None``."""
        n = self.counts.get(j, 0)
        return f"{self.code} {self.start} ×{n}" if n else None


@dataclass(frozen=True)
class _Grid:
    dates: list[pd.Timestamp]
    agents: list[tuple[Any, Any, Any]]
    cells: dict[tuple[int, int], list[str]]
    """(agent row, date column) -> the codes worked that day."""
    codes: list[_Code]
    times: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """The same cells' clock spans, ``08:00-17:00``, one per code."""
    details: dict[tuple[int, int], list[tuple[str, str]]] = field(default_factory=dict)
    """The same cells' queue and break start (``("presale", "18:00")``; ``""`` without a
    break), one per code: what an agent needs besides the time."""
    seats: list[_SeatRow] = field(default_factory=list)
    """Outsourced seats grouped by booking block (``group_out``); their agents are not in
    ``agents``."""
    hours: dict[tuple[int, int], float] = field(default_factory=dict)
    """(agent row, date column) -> paid hours that day (every shift of the day). [h]"""
    evening: dict[tuple[int, int], float] = field(default_factory=dict)
    """(agent row, date column) -> clock hours that day between 19:00 and 07:00 (the
    fairness of late and night work). [h]"""
    first_week: int = 1
    """Number of the grid's first ISO week in the plan (1 on the whole plan's grid)."""


def _present(value: Any) -> bool:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return False
    return str(value).strip() != ""


def _naive(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    return values


def _kind_rank(kind: Any) -> int:
    return SHIFT_KINDS.index(kind) if kind in SHIFT_KINDS else len(SHIFT_KINDS)


def _natural_key(value: Any) -> tuple[Any, ...]:
    """``FT2`` before ``FT10``."""
    parts = re.split(r"(\d+)", str(value))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _span(start_minute: int, end_minute: int) -> str:
    """A shift's clock span from minutes after its start day's midnight. [min]

    ``08:00-17:00``; ``22:00-07:00(+1)`` across midnight; ``16:00-24:00`` up to midnight.
    """
    days, minute = divmod(end_minute, 1440)
    start = f"{start_minute // 60:02d}:{start_minute % 60:02d}"
    if days == 1 and minute == 0:
        return f"{start}-24:00"
    suffix = f"(+{days})" if days > 0 else ""
    return f"{start}-{minute // 60:02d}:{minute % 60:02d}{suffix}"


def _rows(frame: pd.DataFrame, columns: Iterable[str]) -> Iterator[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    data = [
        (_naive(frame[c]) if c in ("date", "start", "end") else frame[c]).tolist() for c in present
    ]
    for values in zip(*data, strict=True):
        yield dict(zip(present, values, strict=True))


def _paid_hours(assignments: pd.DataFrame, templates: Mapping[str, float] | None) -> pd.Series:
    """Paid hours of each assignment row. [h]

    The template's paid hours (``templates``: shift name -> paid hours, from the plan) plus
    the row's ``overtime_hours`` where the template is known; otherwise the on-site span less
    the break (``end - start - (break_end - break_start)``), which is the same for templates
    whose unpaid time is the meal break. 0 where the times are missing.
    """
    start, end = _naive(assignments["start"]), _naive(assignments["end"])
    hours = (end - start) / pd.Timedelta(hours=1)
    if {"break_start", "break_end"} <= set(assignments.columns):
        pause = _naive(assignments["break_end"]) - _naive(assignments["break_start"])
        hours = hours - (pause / pd.Timedelta(hours=1)).fillna(0.0)
    if templates:
        known = assignments["shift"].astype(str).map(dict(templates)).astype(float)
        if "overtime_hours" in assignments.columns:
            overtime = pd.to_numeric(assignments["overtime_hours"], errors="coerce")
            known = known + overtime.fillna(0.0)
        hours = known.where(known.notna(), hours)
    return hours.astype(float).fillna(0.0).clip(lower=0.0)


def _build_grid(
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    group_out: bool = False,
    paid_hours: Mapping[str, float] | None = None,
) -> _Grid:
    """Agents x dates of grid codes, plus the codes' legend, from the validated tables.

    With ``group_out`` outsourced agents get no row of their own: their seats are counted
    per booking block (:func:`forecaster.orders.booking_blocks`), code, start and length.
    Each cell's paid hours come from :func:`_paid_hours` (``paid_hours``: template name ->
    paid hours [h]).
    """
    shift_code: dict[str, str] = {}
    for frame in (shifts, assignments):
        if "code" in frame.columns:
            for row in _rows(frame, ("shift", "code")):
                if _present(row["shift"]) and _present(row["code"]):
                    shift_code.setdefault(str(row["shift"]), str(row["code"]))

    def code_of(row: dict[str, Any]) -> str | None:
        if _present(row.get("code")):
            return str(row["code"])
        if _present(row["shift"]):
            return shift_code.get(str(row["shift"]), str(row["shift"]))
        return None

    # legend: name, kind and clock spans of every code
    info: dict[str, dict[str, Any]] = {}
    for frame in (shifts, assignments):
        start, end = _naive(frame["start"]), _naive(frame["end"])
        clocks = pd.DataFrame(
            {
                "shift": frame["shift"],
                "code": frame["code"] if "code" in frame.columns else None,
                "kind": frame["kind"],
                "start_minute": start.dt.hour * 60 + start.dt.minute,
                "end_minute": (end - start.dt.normalize()) // pd.Timedelta(minutes=1),
            }
        ).drop_duplicates()
        for row in _rows(clocks, clocks.columns):
            code = code_of(row)
            if code is None or code == DAY_OFF_CODE:
                continue
            entry = info.setdefault(
                code, {"shift": str(row["shift"]), "kind": row["kind"], "spans": {}}
            )
            if _present(row["start_minute"]) and _present(row["end_minute"]):
                minute = int(row["start_minute"])
                entry["spans"].setdefault(_span(minute, int(row["end_minute"])), minute)
    codes = [
        _Code(
            code,
            entry["shift"],
            entry["kind"],
            tuple(sorted(entry["spans"], key=entry["spans"].__getitem__)),
        )
        for code, entry in info.items()
    ]
    codes.sort(
        key=lambda c: (
            _kind_rank(c.kind),
            min(info[c.code]["spans"].values(), default=24 * 60),
            c.code,
        )
    )

    # horizon: every day from the first to the last day of any table
    days = pd.concat(
        [
            _naive(shifts["date"]).dt.normalize(),
            _naive(assignments["date"]).dt.normalize(),
            _naive(coverage["interval_start"]).dt.normalize(),
        ]
    ).dropna()
    dates: list[pd.Timestamp] = []
    if len(days):
        full = pd.date_range(days.min(), days.max(), freq="D")
        dates = list(full if len(full) <= _MAX_GRID_DAYS else sorted(days.unique()))
    column_of = {d: j for j, d in enumerate(dates)}

    # agents in kind order (FT, PT, OUT), then by id
    first: dict[str, tuple[Any, Any, Any]] = {}
    cells: dict[tuple[str, int], list[str]] = {}
    times: dict[tuple[str, int], list[str]] = {}
    blocks = booking_blocks(assignments) if group_out else None
    seats: dict[tuple[str, int, int, str], dict[int, int]] = {}
    seat_hours: dict[tuple[str, int, int, str], dict[int, float]] = {}
    paid = _paid_hours(assignments, paid_hours).tolist()
    late = [0.0] * len(assignments)  # hours 19:00-07:00 of each row, all rows at once
    if {"start", "end"} <= set(assignments.columns):
        start, end = (
            _naive(pd.to_datetime(assignments[c], errors="coerce")).to_numpy()
            for c in ("start", "end")
        )
        late = np.nan_to_num(evening_hours(start, end)).tolist()
    hours: dict[tuple[str, int], float] = {}
    evening: dict[tuple[str, int], float] = {}
    details: dict[tuple[str, int], list[tuple[str, str]]] = {}
    columns = ("agent", "name", "kind", "date", "shift", "code", "start", "end", "queue",
               "break_start")  # fmt: skip
    for k, row in enumerate(_rows(assignments, columns)):
        if not _present(row["agent"]):
            continue
        if blocks is not None and row["kind"] == OUT_KIND:
            code = code_of(row)
            block = blocks.iloc[k]
            j = column_of.get(row["date"].normalize()) if _present(row["date"]) else None
            if code is None or block is None or j is None or not _present(row["start"]):
                continue
            minute = row["start"].hour * 60 + row["start"].minute
            length = int((row["end"] - row["start"]) / pd.Timedelta(minutes=1))
            counts = seats.setdefault((str(block), minute, length, code), {})
            counts[j] = counts.get(j, 0) + 1
            held_hours = seat_hours.setdefault((str(block), minute, length, code), {})
            held_hours[j] = held_hours.get(j, 0.0) + paid[k]
            continue
        key = str(row["agent"])
        first.setdefault(key, (row["agent"], row.get("name"), row["kind"]))
        code = code_of(row)
        if code is None or code == DAY_OFF_CODE or not _present(row["date"]):
            continue
        j = column_of.get(row["date"].normalize())
        if j is not None:
            hours[(key, j)] = hours.get((key, j), 0.0) + paid[k]
            evening[(key, j)] = evening.get((key, j), 0.0) + late[k]
            held = cells.setdefault((key, j), [])
            if code not in held:
                held.append(code)
                span = ""
                if _present(row["start"]) and _present(row["end"]):
                    start = row["start"].hour * 60 + row["start"].minute
                    length = int((row["end"] - row["start"]) / pd.Timedelta(minutes=1))
                    span = _span(start, start + length)
                times.setdefault((key, j), []).append(span)
                pause = row.get("break_start")
                details.setdefault((key, j), []).append(
                    (
                        str(row["queue"]) if _present(row.get("queue")) else "",
                        f"{pause:%H:%M}" if _present(pause) else "",
                    )
                )
    keys = sorted(first, key=lambda k: (_kind_rank(first[k][2]), _natural_key(k)))
    index = {k: i for i, k in enumerate(keys)}
    spans = blocks.attrs.get("spans", {}) if blocks is not None else {}
    seat_rows = [
        _SeatRow(
            block=block,
            label=f"{spans[block][0]:%m-%d}~{spans[block][1]:%m-%d} "
            f"{_span(minute, minute + length)}",
            code=code,
            start=f"{minute // 60:02d}:{minute % 60:02d}",
            counts=counts,
            hours=seat_hours[(block, minute, length, code)],
        )
        for (block, minute, length, code), counts in sorted(
            seats.items(), key=lambda item: (_natural_key(item[0][0]), *item[0][1:])
        )
    ]
    return _Grid(
        dates=dates,
        agents=[first[k] for k in keys],
        cells={(index[k], j): held for (k, j), held in cells.items()},
        codes=codes,
        seats=seat_rows,
        times={(index[k], j): spans for (k, j), spans in times.items()},
        details={(index[k], j): d for (k, j), d in details.items()},
        hours={(index[k], j): h for (k, j), h in hours.items()},
        evening={(index[k], j): h for (k, j), h in evening.items()},
    )


@dataclass(frozen=True)
class _Week:
    """One ISO week (Monday to Sunday) of a grid, cut to the plan's days."""

    number: int
    """1 for the plan's first week."""
    columns: list[int]
    """The grid's date columns in this week."""
    first: pd.Timestamp
    last: pd.Timestamp

    def label(self, template: str, **fields: str) -> str:
        """``template`` with the week's number and days, e.g. ``第1周 10-06~10-12``."""
        first, last = f"{self.first:%m-%d}", f"{self.last:%m-%d}"
        return template.format(n=self.number, first=first, last=last, **fields)


def _weeks(dates: list[pd.Timestamp], first_week: int = 1) -> list[_Week]:
    """The date columns by ISO week, numbered from ``first_week``."""
    groups: dict[tuple[int, int], list[int]] = {}
    for j, day in enumerate(dates):
        year, week, _ = day.isocalendar()
        groups.setdefault((year, week), []).append(j)
    return [
        _Week(first_week + n, columns, dates[columns[0]], dates[columns[-1]])
        for n, columns in enumerate(groups.values())
    ]


def _week_grid(grid: _Grid, week: _Week) -> _Grid:
    """The grid of one week: its days, the in-house agents who work in it, the outsourced
    seats booked in it and the codes used in it."""
    column = {j: n for n, j in enumerate(week.columns)}
    keep = [i for i in range(len(grid.agents)) if any((i, j) in grid.cells for j in column)]
    row = {i: n for n, i in enumerate(keep)}

    def pick(cells: Mapping[tuple[int, int], _T]) -> dict[tuple[int, int], _T]:
        return {
            (row[i], column[j]): value
            for (i, j), value in cells.items()
            if i in row and j in column
        }

    seats = [
        replace(
            seat,
            counts={column[j]: n for j, n in seat.counts.items() if j in column},
            hours={column[j]: h for j, h in seat.hours.items() if j in column},
        )
        for seat in grid.seats
    ]
    seats = [seat for seat in seats if seat.counts]
    cells = pick(grid.cells)
    used = {code for held in cells.values() for code in held} | {seat.code for seat in seats}
    return _Grid(
        dates=[grid.dates[j] for j in week.columns],
        agents=[grid.agents[i] for i in keep],
        cells=cells,
        codes=[code for code in grid.codes if code.code in used],
        times=pick(grid.times),
        details=pick(grid.details),
        seats=seats,
        hours=pick(grid.hours),
        first_week=week.number,
    )


def _fills(codes: list[_Code]) -> dict[str, PatternFill]:
    """One fill per code, from its kind's palette, in legend order."""
    used: dict[str, int] = {}
    fills: dict[str, PatternFill] = {}
    for code in codes:
        palette = _PALETTES.get(code.kind, _OTHER_PALETTE)
        n = used.get(code.kind, 0)
        used[code.kind] = n + 1
        fills[code.code] = PatternFill("solid", fgColor=palette[n % len(palette)])
    return fills


class _Styler:
    """Style many cells fast.

    openpyxl hashes a font, fill or border object on every assignment; the grid styles
    thousands of cells with a handful of combinations, so each combination is applied once
    and its style array copied to the other cells (as openpyxl's own sheet copy does).
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple[int, ...], tuple[Any, tuple[Any, ...]]] = {}

    def __call__(
        self,
        cell: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = _BORDER,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> None:
        parts = (font, fill, border, alignment, number_format)
        key = tuple(id(part) for part in parts)
        found = self._arrays.get(key)
        if found is not None:
            cell._style = copy.copy(found[0])
            return
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        self._arrays[key] = (copy.copy(cell._style), parts)  # parts keep the ids alive


def _write_grid(
    sheet: Worksheet, grid: _Grid, language: str, queue_names: Mapping[str, str] | None = None
) -> None:
    """The 排班表: agents x dates, each row's paid hours and days per week at the right,
    totals per code and day, and a legend below; print set-up one page wide."""
    words = _GRID_WORDS[language]
    weekdays = WEEKDAYS[language]
    fills = _fills(grid.codes)
    weekend = [d.weekday() >= 5 for d in grid.dates]
    style = _Styler()
    first_date_col = 4

    def put(row: int, column: int, value: Any, **styles: Any) -> None:
        cell = sheet.cell(row=row, column=column, value=_cell_value(value))
        style(cell, **styles)

    def shown_queue(queue: str) -> str:
        """A queue as the agents call it (售前) in Chinese, its key in English."""
        return (queue_names or {}).get(queue, queue) if language == "zh" else queue

    header = [
        words["agent"],
        words["name"],
        words["kind"],
        *(f"{d:%m-%d} {weekdays[d.weekday()]}" for d in grid.dates),
    ]
    for j, text in enumerate(header):
        is_weekend = j >= first_date_col - 1 and weekend[j - first_date_col + 1]
        fill = _WEEKEND_HEADER_FILL if is_weekend else _HEADER_FILL
        put(1, j + 1, text, font=_BOLD, fill=fill, alignment=_CENTRE)
    widths = [_display_width(h) for h in header[:3]]
    date_width = max([_display_width(h) for h in header[3:]], default=8)

    # row 2: agents on duty per day, where a team lead looks first (the totals per code
    # follow the agents); agents from row 3
    top = [
        sum(1 for i in range(len(grid.agents)) if grid.cells.get((i, j)))
        + sum(seat.counts.get(j, 0) for seat in grid.seats)
        for j in range(len(grid.dates))
    ]
    put(2, 1, words["on_duty"], font=_BOLD)
    for j, count in enumerate(top):
        fill = _WEEKEND_HEADER_FILL if weekend[j] else _HEADER_FILL
        put(2, first_date_col + j, count, font=_BOLD, fill=fill, alignment=_CENTRE)
    first_row = 3

    # one row per agent; counts per code and day on the way
    counts = {code.code: [0] * len(grid.dates) for code in grid.codes}
    on_duty = [0] * len(grid.dates)
    for i, (agent, name, kind) in enumerate(grid.agents):
        r = i + first_row
        for j, value in enumerate((agent, name, _kind_label(kind, language)), start=1):
            put(r, j, value)
            if _present(value):
                widths[j - 1] = max(widths[j - 1], _display_width(str(_cell_value(value))))
        for j, is_weekend in enumerate(weekend):
            held = grid.cells.get((i, j))
            if held:
                # the code and its clock time: an agent reads when to come, not only "E"
                spans = grid.times.get((i, j), [""] * len(held))
                text = "/".join(
                    f"{code} {span}".strip() for code, span in zip(held, spans, strict=True)
                )
                # second line: the queue to sit on and the break (who serves what, when off)
                notes = grid.details.get((i, j), [])
                below = "/".join(
                    " ".join(
                        part
                        for part in (
                            shown_queue(queue),
                            f"{words['break']}{pause}" if pause else "",
                        )
                        if part
                    )
                    for queue, pause in notes
                ).strip("/ ")
                put(
                    r,
                    first_date_col + j,
                    f"{text}\n{below}" if below else text,
                    fill=fills[held[0]],
                    alignment=_CENTRE_WRAP if below else _CENTRE,
                )
                date_width = max(date_width, _display_width(text), _display_width(below))
                on_duty[j] += 1
                for held_code in held:
                    counts[held_code][j] += 1
            else:
                fill = _WEEKEND_FILL if is_weekend else None
                put(
                    r,
                    first_date_col + j,
                    DAY_OFF_CODE,
                    font=_OFF_FONT,
                    fill=fill,
                    alignment=_CENTRE,
                )

    off = [len(grid.agents) - n for n in on_duty]
    # outsourced seats: one row per booking block, code, start and length
    r = len(grid.agents) + first_row - 1
    for seat in grid.seats:
        r += 1
        label = _kind_label(OUT_KIND, language)
        for j, value in enumerate((seat.block, seat.label, label), start=1):
            put(r, j, value)
            widths[j - 1] = max(widths[j - 1], _display_width(str(value)))
        for j, is_weekend in enumerate(weekend):
            seat_text = seat.cell(j)
            if seat_text:
                put(r, first_date_col + j, seat_text, fill=fills[seat.code], alignment=_CENTRE)
                date_width = max(date_width, _display_width(seat_text))
                on_duty[j] += seat.counts[j]
                counts[seat.code][j] += seat.counts[j]
            else:
                put(r, first_date_col + j, None, fill=_WEEKEND_FILL if is_weekend else None)

    # right of the dates: each row's paid hours and days worked per ISO week (and over all
    # weeks when there are several): week labels in row 1, what the column holds in row 2
    weeks = _weeks(grid.dates, grid.first_week)
    blocks = [(week.label(words["week"]), week.columns) for week in weeks]
    if len(weeks) > 1:
        blocks.append((words["all_weeks"], list(range(len(grid.dates)))))
    row_values: list[tuple[dict[int, float], dict[int, int]]] = [
        (
            {j: grid.hours.get((i, j), 0.0) for j in range(len(grid.dates))},
            {j: 1 for j in range(len(grid.dates)) if grid.cells.get((i, j))},
        )
        for i in range(len(grid.agents))
    ]
    row_values += [(seat.hours, seat.counts) for seat in grid.seats]
    hours_col = first_date_col + len(grid.dates)
    all_hours: list[float] = []
    all_days: list[int] = []
    for b, (label, columns) in enumerate(blocks):
        c = hours_col + 2 * b
        put(1, c, label, font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
        put(1, c + 1, None, fill=_HEADER_FILL)
        sheet.merge_cells(start_row=1, start_column=c, end_row=1, end_column=c + 1)
        put(2, c, words["paid_hours"], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
        put(2, c + 1, words["days_worked"], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
        total_hours, total_days = 0.0, 0
        for k, (by_day, worked) in enumerate(row_values):
            paid = round(sum(by_day.get(j, 0.0) for j in columns), 2)
            days = sum(worked.get(j, 0) for j in columns)
            put(first_row + k, c, paid or None, alignment=_CENTRE)  # blank: not this week
            put(first_row + k, c + 1, days or None, alignment=_CENTRE)
            total_hours += paid
            total_days += days
        all_hours.append(round(total_hours, 2))
        all_days.append(total_days)
        width = max(_display_width(label) + 2, 2 * _display_width(words["paid_hours"]) + 4)
        for j in (c, c + 1):
            sheet.column_dimensions[get_column_letter(j)].width = min(width / 2 + 1, 20)

    # fairness over the whole grid, right of the last block: evening and night hours,
    # weekend days; blank for booked seats (no one person works them)
    c = hours_col + 2 * len(blocks)
    put(1, c, words["fairness"], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
    put(1, c + 1, None, fill=_HEADER_FILL)
    sheet.merge_cells(start_row=1, start_column=c, end_row=1, end_column=c + 1)
    put(2, c, words["evening_hours"], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE_WRAP)
    put(2, c + 1, words["weekend_days"], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE_WRAP)
    for i in range(len(grid.agents)):
        late = round(sum(grid.evening.get((i, j), 0.0) for j in range(len(grid.dates))), 2)
        weekends = sum(1 for j, w in enumerate(weekend) if w and grid.cells.get((i, j)))
        put(first_row + i, c, late, alignment=_CENTRE)
        put(first_row + i, c + 1, weekends, alignment=_CENTRE)
    for j in (c, c + 1):
        sheet.column_dimensions[get_column_letter(j)].width = 12

    # totals: agents per code and day, day off, on duty
    r += 2
    put(r, 1, words["per_day"], font=_BOLD, border=None)
    totals: list[tuple[Any, Any, Any, PatternFill | None, list[int]]] = [
        (c.code, c.shift, _kind_label(c.kind, language), fills[c.code], counts[c.code])
        for c in grid.codes
    ]
    totals += [(DAY_OFF_CODE, words["off"], None, None, off)]
    totals += [(words["on_duty"], None, None, None, on_duty)]
    for code_text, shift, label, fill, row_counts in totals:
        r += 1
        bold = _BOLD if code_text == words["on_duty"] else None
        put(r, 1, code_text, font=bold, fill=fill, alignment=_CENTRE if fill else None)
        for j, value in ((2, shift), (3, label)):
            put(r, j, value)
            if _present(value):
                widths[j - 1] = max(widths[j - 1], _display_width(str(_cell_value(value))))
        for j, count in enumerate(row_counts):
            fill = _WEEKEND_FILL if weekend[j] else None
            put(
                r,
                first_date_col + j,
                count,
                font=bold,
                fill=fill,
                alignment=_CENTRE,
                number_format=_HIDE_ZERO,
            )
        if code_text == words["on_duty"]:  # and the paid hours and days of every row
            for b, (paid, days) in enumerate(zip(all_hours, all_days, strict=True)):
                c = hours_col + 2 * b
                put(r, c, paid, font=bold, alignment=_CENTRE)
                put(r, c + 1, days, font=bold, alignment=_CENTRE)

    # legend: code, shift name, kind, clock spans
    r += 2
    put(r, 1, words["legend"], font=_BOLD, border=None)
    r += 1
    for j, word in enumerate(("code", "shift", "kind", "hours"), start=1):
        put(r, j, words[word], font=_BOLD, border=None)
    for code in grid.codes:
        r += 1
        spans = list(code.spans[:_MAX_SPANS])
        if len(code.spans) > _MAX_SPANS:
            spans.append(f"… (+{len(code.spans) - _MAX_SPANS})")
        put(r, 1, code.code, fill=fills[code.code], alignment=_CENTRE)
        put(r, 2, code.shift, border=None)
        put(r, 3, _kind_label(code.kind, language), border=None)
        put(r, 4, ", ".join(spans), border=None)
    r += 1
    put(r, 1, DAY_OFF_CODE, font=_OFF_FONT, alignment=_CENTRE)
    put(r, 2, words["off"], border=None)

    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(max(width, 4) + 2, 30)
    for j in range(len(grid.dates)):
        letter = get_column_letter(first_date_col + j)
        sheet.column_dimensions[letter].width = min(date_width + 2, 20)
    sheet.freeze_panes = sheet.cell(row=first_row, column=first_date_col).coordinate
    sheet.print_title_rows = f"1:{first_row - 1}"
    sheet.print_title_cols = "A:C"
    _print_wide(sheet)
