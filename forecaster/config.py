"""Plan configuration: ``plan.toml`` loaded into small, frozen, validated config objects.

Layout of ``plan.toml`` (``docs/contracts.md`` fixes the queue keys; the rest is ours)::

    interval_minutes = 15              # staffing/roster grid: 15, 30 or 60 [min]
    timezone = "Asia/Shanghai"         # shop time zone (IANA name)
    holidays = "CN"                    # holiday calendar: "CN", "none" or e.g. "GB"

    [queues.presale]                   # one table per chat queue -> QueueConfig
    model = "erlang_a"
    aht_seconds = 300
    ...

    [[shifts]]                         # one table per shift template -> ShiftTemplate
    name = "早班"
    code = "E"
    kind = "FT"
    start_times = ["08:00"]            # or start_window + start_step_minutes
    ...

    [labour]                           # -> LabourConfig (team sizes and labour rules)
    [costs]                            # -> CostConfig (value of an answered inquiry)
    [solver]                           # -> SolverConfig (roster MIP limits)
    [vendor]                           # -> VendorConfig (an outsourcing vendor's shared seats)
    [[vendor.groups]]                  # -> VendorGroup (shops a seat group may serve)

Times of day are ``"HH:MM"`` strings in shop time (``"24:00"`` is allowed where an *end* is
meant); :func:`minutes_of_day` turns them into minutes after midnight. Every model is frozen
and rejects unknown keys. All problems found in one pass are raised together as one
:class:`~forecaster.errors.ConfigError`, one line per problem, each naming the file, the
dotted key, the expectation and what was received::

    plan.toml: queues.presale.shrinkage must be < 1, got 1.2
    plan.toml: unknown key 'queues.presale.shrinkge' (did you mean 'shrinkage'?)
    plan.toml: shifts[3].kind must be one of FT, PT, OUT, got 'XX'
    plan.toml line 12: invalid TOML: Invalid value (column 5)

``shifts[n]`` counts the ``[[shifts]]`` tables from 1, as a planner reading the file would.
Field-level problems are reported first; rules that combine several fields (shift queues
exist, breaks fit, start times on the ``interval_minutes`` grid) are checked once every
field is valid.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, Self, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from forecaster.errors import ConfigError
from forecaster.holidays import DEFAULT_REGION, check_region
from forecaster.io import PHASES, QUEUE_VALUES
from forecaster.messages import WEEKDAYS as WEEKDAY_NAMES
from forecaster.messages import msg
from forecaster.paths import SAMPLE_CONFIG

__all__ = [
    "FORECAST_QUANTILES",
    "INTERVAL_MINUTES",
    "SAMPLE_CONFIG_PATH",
    "SHIFT_KINDS",
    "WEEKDAYS",
    "CostConfig",
    "LabourConfig",
    "PlanConfig",
    "QueueConfig",
    "ShiftTemplate",
    "SolverConfig",
    "VendorConfig",
    "VendorGroup",
    "load_config",
    "minutes_of_day",
    "parse_config",
]

SAMPLE_CONFIG_PATH = SAMPLE_CONFIG
"""The bundled sample ``plan.toml`` used when no configuration is given."""

INTERVAL_MINUTES = (15, 30, 60)
FORECAST_QUANTILES = ("mean", "p10", "p50", "p80", "p90", "p95")
SHIFT_KINDS = ("FT", "PT", "OUT")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names in ``days``; index = ``datetime.date.weekday()`` (Monday = 0)."""
DAYS_ZH: dict[str, str] = {
    "all": "每天",
    "campaign": "大促日",
    **dict(zip(WEEKDAYS, WEEKDAY_NAMES["zh"], strict=True)),
}
"""The Chinese names a shift template's ``days`` also accepts (每天, 大促日, 周六、周日)."""
_DAYS_FROM_ZH = {zh: key for key, zh in DAYS_ZH.items()} | {
    "全部": "all",
    "周天": "sun",
    "星期天": "sun",
}
_DAYS_FROM_ZH |= {f"星期{zh[1]}": key for key, zh in DAYS_ZH.items() if zh.startswith("周")}


def days_text(days: str | tuple[str, ...], lang: str = "en") -> str:
    """A template's ``days`` as typed: ``all``, ``campaign`` or ``sat, sun``; in Chinese
    ``每天``, ``大促日`` or ``周六、周日`` (both read back by the configuration)."""
    items = (days,) if isinstance(days, str) else days
    if lang == "zh":
        return "、".join(DAYS_ZH.get(d, d) for d in items)
    return ", ".join(items)


DAY_OFF_CODE = "休"
"""Roster-grid code of a day off; no shift may use it."""


def decode_text(data: bytes, label: str, error: type[Exception]) -> str:
    """A text file's bytes: UTF-8 (a byte-order mark allowed) or, as Notepad on a Chinese
    Windows saves it, GBK; else ``error`` naming the file and the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc.start
    # GBK only when nothing before the bad byte was UTF-8 beyond ASCII: a UTF-8 file with
    # one GBK comment would decode as GBK into other characters (售前 as 鍞...), in silence
    if data.startswith(b"\xef\xbb\xbf") or any(b >= 0x80 for b in data[:first]):
        raise error(msg("err.not_text", file=label, at=first))
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise error(msg("err.not_text", file=label, at=first)) from None


EVENING = (19, 7)
"""Evening and night hours (19:00 to 07:00 next morning): the roster spreads them evenly over
the FT team and the workbook counts them per agent. [clock hour]"""


def evening_hours(start: Any, end: Any) -> Any:
    """Hours of ``[start, end)`` between 19:00 and 07:00 next morning: a float for two
    timestamps, an array for arrays of them (a whole roster at once). [h]"""
    first = np.asarray(start, dtype="datetime64[ns]")
    last = np.asarray(end, dtype="datetime64[ns]")
    day = first.astype("datetime64[D]").astype("datetime64[ns]")
    hour = np.timedelta64(1, "h")
    hours = np.zeros(first.shape)
    for night in (day - 24 * hour, day, day + 24 * hour):
        opens, closes = night + EVENING[0] * hour, night + (24 + EVENING[1]) * hour
        overlap = (np.minimum(last, closes) - np.maximum(first, opens)) / hour
        hours += np.clip(overlap, 0.0, None)
    return float(hours) if hours.ndim == 0 else hours


QuantileName = Literal["mean", "p10", "p50", "p80", "p90", "p95"]
ShiftKind = Literal["FT", "PT", "OUT"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
QueueModel = Literal["erlang_a", "erlang_c"]
SolverName = Literal["auto", "cbc", "highs"]
OutBilling = Literal["hourly", "commission"]

_SECTIONS = ("labour", "costs", "solver", "vendor")
_TOP_SCALARS = ("interval_minutes", "timezone", "holidays")
_QUEUE_NAME = re.compile(r"^\w[\w-]*$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


# --------------------------------------------------------------------------- small helpers


def _num(value: float) -> str:
    """A number as a person would write it: ``1`` rather than ``1.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _show(value: Any) -> str:
    """What was received, in TOML-ish spelling, short enough for one line."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "nothing"
    elif isinstance(value, Mapping):
        text = "a table"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    elif isinstance(value, str | int | float):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _bad(message: str) -> PydanticCustomError:
    """A field-level problem; ``message`` continues the key, e.g. ``must be ..., got ...``."""
    return PydanticCustomError("config_value", "{message}", {"message": message})


Problem = tuple[tuple[str | int, ...], str]
"""(location below the model that found it, message continuing the dotted key)."""


def _raise_rules(problems: list[Problem]) -> None:
    """Raise every cross-field problem of one model as one pydantic error."""
    if problems:
        summary = "; ".join(message for _, message in problems)
        raise PydanticCustomError(
            "config_rules", "{summary}", {"summary": summary, "problems": tuple(problems)}
        )


def _standard_queue_keys(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data`` with queues keyed 售前/售后 renamed to the keys the history loader gives them
    (:data:`forecaster.io.QUEUE_VALUES`), unless that key is configured too."""
    queues = data.get("queues")
    if not isinstance(queues, Mapping):
        return data
    renamed = {
        key: QUEUE_VALUES[key]
        for key in queues
        if key in QUEUE_VALUES and QUEUE_VALUES[key] not in queues
    }
    if not renamed:
        return data
    out = dict(data)
    out["queues"] = {
        renamed.get(key, key): (
            {"display_name": key, **table}
            if key in renamed and isinstance(table, Mapping)
            else table
        )
        for key, table in queues.items()
    }
    shifts = data.get("shifts")
    if isinstance(shifts, list | tuple):
        out["shifts"] = [
            {**s, "queues": [renamed.get(q, q) for q in s["queues"]]}
            if isinstance(s, Mapping) and isinstance(s.get("queues"), list | tuple)
            else s
            for s in shifts
        ]
    return out


def _suggest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def minutes_of_day(clock: str) -> int:
    """Minutes after midnight of an ``"HH:MM"`` time; ``"24:00"`` gives 1440. [min]"""
    hours, minutes = clock.split(":")[:2]
    return int(hours) * 60 + int(minutes)


class _FrozenDict(dict[str, Any]):
    """A ``dict`` that refuses changes, so a frozen config cannot be edited through it."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("config mappings are frozen; use PlanConfig.with_overrides")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[_FrozenDict], tuple[dict[str, Any]]]:
        return (type(self), (dict(self),))


# --------------------------------------------------------------------------- value parsers


def _not_bool(value: Any) -> Any:
    # pydantic's lax mode reads true/false as 1/0; in a config file that is a mistake
    if isinstance(value, bool):
        raise _bad(f"must be a number, got {_show(value)}")
    return value


MAX_MONEY = 10_000_000.0
"""Largest order value or shortfall penalty accepted [CNY]: ten million keeps the roster's
objective within the range where the solvers' tolerances hold (a penalty of 1e300 made every
status meaningless), and no shop's agent-hour is worth more."""
MAX_TEAM = 20_000
"""Largest team the roster takes [agents]: a 370,000-inquiry-a-day shop needs about 10,000
agents on its peak night; a bigger number is a typo (100,000 ran the solver out of memory)."""


def _team_size(value: Any) -> int | str:
    """A team size: a whole number from 0 to :data:`MAX_TEAM`, or ``"auto"`` (the roster
    chooses it)."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():  # an override, --set pt_pool=12
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(f"must be a whole number >= 0 or 'auto', got {_show(value)}")
    if value > MAX_TEAM:
        raise _bad(f"must be at most {MAX_TEAM:,} agents or 'auto', got {_show(value)}")
    return value


def _clock(value: Any, *, allow_24: bool) -> str:
    if isinstance(value, dt.time) and not value.second and not value.microsecond:
        value = value.strftime("%H:%M")  # an unquoted TOML local time, 08:00:00
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and (hours < 24 or (allow_24 and hours == 24 and minutes == 0)):
            return f"{hours:02d}:{minutes:02d}"
    span = "00:00-24:00" if allow_24 else "00:00-23:59"
    raise _bad(f"must be a time of day 'HH:MM' in {span}, got {_show(value)}")


def _start_clock(value: Any) -> str:
    return _clock(value, allow_24=False)


def _end_clock(value: Any) -> str:
    return _clock(value, allow_24=True)


def _time_pair(value: Any) -> Any:
    """``["08:00", "24:00"]``; a CLI string ``"08:00-24:00"`` is accepted too."""
    if isinstance(value, str) and value.count("-") == 1:
        value = [part.strip() for part in value.split("-")]
    if isinstance(value, list | tuple) and len(value) == 2:
        return tuple(value)
    raise _bad(
        f"must be a list of two times [start, end] like ['08:00', '24:00'], got {_show(value)}"
    )


def _distinct_ends(value: tuple[str, str]) -> tuple[str, str]:
    if value[0] == value[1]:
        raise _bad(
            f"must have a start different from its end (use ['00:00', '24:00'] for round "
            f"the clock), got {_show(list(value))}"
        )
    return value


def _number_pair(value: Any) -> Any:
    if isinstance(value, list | tuple) and len(value) == 2:
        return tuple(value)
    raise _bad(f"must be a list of two numbers [earliest, latest], got {_show(value)}")


def _ordered_pair(value: tuple[float, float]) -> tuple[float, float]:
    if value[0] > value[1]:
        raise _bad(f"must have earliest <= latest, got {_show(list(value))}")
    return value


def _as_list(value: Any) -> Any:
    """A single string where a list is expected is a list of one."""
    return (value,) if isinstance(value, str) else value


def _unique_nonempty(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise _bad("must name at least one queue, got []")
    return tuple(dict.fromkeys(value))


def _sorted_clocks(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise _bad("must list at least one start time, got []")
    return tuple(sorted(set(value), key=minutes_of_day))


def _days(value: Any) -> Any:
    items = value
    if isinstance(value, str):
        text = value.strip().lower()
        text = _DAYS_FROM_ZH.get(text, text)
        if text in ("all", "campaign"):
            return text
        items = re.split(r"[,，、]", text)  # "sat,sun" from a command line, "周六、周日"
    if isinstance(items, list | tuple) and items and all(isinstance(v, str) for v in items):
        names = {_DAYS_FROM_ZH.get(v.strip(), v.strip().lower()) for v in items}
        if names <= set(WEEKDAYS):
            return tuple(day for day in WEEKDAYS if day in names)
    raise _bad(
        "must be 'all', 'campaign' or a list of weekday names from "
        f"{', '.join(WEEKDAYS)}, got {_show(value)}"
    )


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise _bad("must not be empty, got ''")
    return value


def _shift_code(value: str) -> str:
    if len(value) > 4 or any(ch.isspace() for ch in value) or value == DAY_OFF_CODE:
        raise _bad(
            f"must be 1-4 characters without spaces, other than '{DAY_OFF_CODE}' (day off), "
            f"got {_show(value)}"
        )
    return value


def _interval(value: int) -> int:
    if value not in INTERVAL_MINUTES:
        raise _bad(f"must be one of {', '.join(map(str, INTERVAL_MINUTES))}, got {value}")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad(
            f"must be an IANA time zone name like 'Asia/Shanghai', got {_show(value)}"
        ) from None
    return value


def _holiday_region(value: str) -> str:
    try:
        return check_region(value)
    except ValueError as error:
        raise _bad(str(error)) from None


def _optional_number(value: Any) -> Any:
    """``none``/``null``/empty from a CLI scenario means 'not set'."""
    if isinstance(value, str) and value.strip().lower() in ("", "none", "null"):
        return None
    return _not_bool(value)


Int = Annotated[int, BeforeValidator(_not_bool)]
Float = Annotated[float, BeforeValidator(_not_bool)]
Text = Annotated[str, BeforeValidator(_text)]
TeamSize = Annotated[int | Literal["auto"], BeforeValidator(_team_size)]
StartClock = Annotated[str, BeforeValidator(_start_clock)]
EndClock = Annotated[str, BeforeValidator(_end_clock)]
Hours = Annotated[Float, Field(ge=0)]
ServiceHours = Annotated[
    tuple[StartClock, EndClock], BeforeValidator(_time_pair), AfterValidator(_distinct_ends)
]


def _phase_table(value: Any) -> Any:
    """``{phase: [start, end]}`` keyed by calendar phase names (values checked after)."""
    if not isinstance(value, Mapping):
        raise _bad(
            "must be a table of calendar phases to [start, end] like "
            f"{{peak_day = ['00:00', '24:00']}}, got {_show(value)}"
        )
    for phase in value:
        if phase not in PHASES:
            raise _bad(
                f"must name calendar phases ({', '.join(PHASES)}), got "
                f"{_show(phase)}{_suggest(str(phase), PHASES)}"
            )
    return value


def _inside(minute: np.ndarray, hours: tuple[str, str]) -> np.ndarray:
    """Whether minutes after midnight fall inside ``[start, end)`` service hours (an end
    before the start crosses midnight)."""
    start, end = (minutes_of_day(t) for t in hours)
    if end <= start:
        end += 1440
    return ((minute >= start) & (minute < end)) | ((minute + 1440 >= start) & (minute + 1440 < end))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


# --------------------------------------------------------------------------- queues


class QueueConfig(_Model):
    """One chat queue (``[queues.<name>]``): the queueing model and its service targets."""

    display_name: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description="The queue's name for people (e.g. 售前) in the app, Excel and report; "
        "files keep the queue's key.",
    )
    model: QueueModel = Field(
        default="erlang_a",
        description="Queueing model: 'erlang_a' (customers abandon after patience_seconds) "
        "or 'erlang_c' (nobody abandons).",
    )
    aht_seconds: Float = Field(
        ge=1,
        le=86_400,
        description="Average handle time of one chat at concurrency 1 (a second to a day). [s]",
    )
    max_concurrency: Int = Field(
        default=3, ge=1, le=10, description="Chats one agent holds at once (同时接待上限). [chats]"
    )
    concurrency_slowdown: Float = Field(
        default=0.10,
        ge=0,
        le=1,
        description="γ in AHT(k) = AHT(1)·(1 + γ·(k − 1)): handle-time growth per extra "
        "concurrent chat. [fraction]",
    )
    patience_seconds: Float = Field(
        default=180,
        gt=0,
        allow_inf_nan=True,
        description="Mean wait before a customer leaves (erlang_a only; inf = never). [s]",
    )
    answer_within_seconds: Float = Field(
        default=30, gt=0, description="Service-level threshold for the first response. [s]"
    )
    service_level: Float = Field(
        default=0.80,
        gt=0,
        lt=1,
        description="Target share of chats answered within answer_within_seconds. [fraction]",
    )
    max_occupancy: Float = Field(
        default=0.85,
        gt=0,
        le=1,
        description="Cap on occupancy: chats in service / (agents × max_concurrency). [fraction]",
    )
    max_abandon_rate: Annotated[float | None, BeforeValidator(_optional_number)] = Field(
        default=None,
        gt=0,
        le=1,
        description="Optional cap on the share of chats abandoned before an answer "
        "(erlang_a); default none: staff to service_level (and max_occupancy) only. "
        "[fraction]",
    )
    shrinkage: Float = Field(
        default=0.30,
        ge=0,
        lt=1,
        description="Paid time not on chat (breaks, meetings, training, absence); "
        "headcount = agents / (1 − shrinkage), rounded up (one fewer where those on chat on "
        "average meet the targets). [fraction]",
    )
    bot_resolution: Float = Field(
        default=0.0,
        ge=0,
        lt=1,
        description="Share of inquiries the chat bot resolves without a human; default 0 "
        "(no bot) so a forgotten value never under-staffs. [fraction]",
    )
    bot_aht_uplift: Float = Field(
        default=0.20,
        ge=0,
        le=2,
        description="Extra handle time of the chats left to humans after bot deflection, "
        "applied when bot_resolution > 0. [fraction of aht_seconds]",
    )
    forecast_quantile: QuantileName = Field(
        default="p80", description="Forecast column to staff to: mean, p10, p50, p80, p90 or p95."
    )
    service_hours: Annotated[
        tuple[StartClock, EndClock],
        BeforeValidator(_time_pair),
        AfterValidator(_distinct_ends),
    ] = Field(
        default=("00:00", "24:00"),
        description="Human service hours [start, end) in shop time ['HH:MM']; outside them "
        "only the bot answers. '24:00' may end the day; end < start crosses midnight "
        "(['20:00', '02:00'] is open 20:00 to 02:00 next day). Default round the clock.",
    )
    phase_service_hours: Annotated[
        Mapping[str, ServiceHours], BeforeValidator(_phase_table), AfterValidator(_FrozenDict)
    ] = Field(
        default_factory=_FrozenDict,
        description="Service hours by calendar phase ([queues.<name>.phase_service_hours], "
        "e.g. peak_day = ['00:00', '24:00']): on a day a phase of that name touches, "
        "these hours apply too (the union with service_hours and any other phase's).",
    )
    min_agents: Int = Field(
        default=0,
        ge=0,
        description="Fewest agents on chat in every interval inside service_hours. [agents]",
    )

    @property
    def service_window_minutes(self) -> tuple[int, int]:
        """(start, end) of service hours in minutes after midnight; end > 1440 when the
        hours cross midnight. [min]"""
        start, end = (minutes_of_day(t) for t in self.service_hours)
        return start, end if end > start else end + 1440

    def open_at(
        self,
        stamps: pd.DatetimeIndex | pd.Series,
        phase_days: Mapping[str, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Whether intervals starting at ``stamps`` have human service (bool per stamp).

        ``phase_days`` maps calendar phase names to whether each stamp's day is touched by a
        phase of that name (:func:`forecaster.capacity.phase_days`); on those days the
        phase's ``phase_service_hours`` are open too. Without it only ``service_hours``
        apply.
        """
        index = pd.DatetimeIndex(stamps)
        minute = (index.hour * 60 + index.minute).to_numpy()
        out = _inside(minute, self.service_hours)
        for phase, hours in self.phase_service_hours.items():
            days = None if phase_days is None else phase_days.get(phase)
            if days is not None:
                out |= np.asarray(days, dtype=bool) & _inside(minute, hours)
        return out

    def is_open(self, minute: int) -> bool:
        """Whether an interval starting ``minute`` minutes after midnight has human service."""
        start, end = self.service_window_minutes
        minute %= 1440
        return start <= minute < end or start <= minute + 1440 < end


# --------------------------------------------------------------------------- shifts


class ShiftTemplate(_Model):
    """One shift template (``[[shifts]]``): when it may start, how long, what it costs.

    Give the allowed starts either as ``start_times`` or as ``start_window`` plus
    ``start_step_minutes`` (every step from the first to the last start, both included; a
    window whose end is before its start crosses midnight). A shift may end after midnight.
    """

    name: Text = Field(description="Shift name shown in tables, e.g. '早班'.")
    code: Annotated[Text, AfterValidator(_shift_code)] = Field(
        description=f"Short code in the 排班表 grid, e.g. 'E' (1-4 chars, not '{DAY_OFF_CODE}')."
    )
    kind: ShiftKind = Field(description="FT (全职), PT (兼职) or OUT (外包).")
    start_times: (
        Annotated[tuple[StartClock, ...], BeforeValidator(_as_list), AfterValidator(_sorted_clocks)]
        | None
    ) = Field(default=None, description="Allowed start times ['HH:MM'].")
    start_window: Annotated[tuple[StartClock, StartClock], BeforeValidator(_time_pair)] | None = (
        Field(default=None, description="First and last allowed start ['HH:MM'].")
    )
    start_step_minutes: Int | None = Field(
        default=None, gt=0, description="Step between starts in start_window. [min]"
    )
    length_hours: Float = Field(gt=0, le=24, description="On-site span, break included. [h]")
    paid_hours: Float = Field(gt=0, le=24, description="Paid time, <= length_hours. [h]")
    break_minutes: Int = Field(default=0, ge=0, description="Meal break (0 = none). [min]")
    break_window_hours: (
        Annotated[tuple[Hours, Hours], BeforeValidator(_number_pair), AfterValidator(_ordered_pair)]
        | None
    ) = Field(
        default=None,
        description="Earliest and latest break start after the shift start; required when "
        "break_minutes > 0; the break must end inside the shift. [h]",
    )
    cost_per_hour: Float = Field(
        gt=0,
        description="Cost per paid hour (OUT: before labour.out_premium). [CNY/h]",
    )
    queues: Annotated[
        tuple[Text, ...], BeforeValidator(_as_list), AfterValidator(_unique_nonempty)
    ] = Field(description="Queues this shift may serve (names from [queues]); default all queues.")
    min_booking_days: Int | None = Field(
        default=None,
        ge=1,
        description="OUT only: shortest booking of an agent on this template; default "
        "labour.out_min_booking_days (e.g. 1 for crowd-sourced 云客服 blocks booked per "
        "shift). [days]",
    )
    days: Annotated[Literal["all", "campaign"] | tuple[Weekday, ...], BeforeValidator(_days)] = (
        Field(
            default="all",
            description="Days it may be used: 'all', 'campaign' (campaign-calendar days only) or "
            "weekday names ['mon', ..., 'sun']; in Chinese also 每天, 大促日 or 周一 ... 周日.",
        )
    )

    @property
    def length_minutes(self) -> int:
        """On-site span. [min]"""
        return round(self.length_hours * 60)

    @property
    def start_minutes(self) -> tuple[int, ...]:
        """Every allowed start, in minutes after midnight (0-1439), in allowed order. [min]"""
        if self.start_times is not None:
            return tuple(minutes_of_day(t) for t in self.start_times)
        assert self.start_window is not None and self.start_step_minutes is not None
        first, span = self._window_span()
        return tuple((first + k) % 1440 for k in range(0, span + 1, self.start_step_minutes))

    def works_on(self, weekday: int, *, campaign_day: bool) -> bool:
        """Whether the template may be used on a day (``weekday``: Monday = 0)."""
        if self.days == "all":
            return True
        if self.days == "campaign":
            return campaign_day
        return WEEKDAYS[weekday] in self.days

    def _window_span(self) -> tuple[int, int]:
        assert self.start_window is not None
        first, last = (minutes_of_day(t) for t in self.start_window)
        return first, (last - first) % 1440

    @model_validator(mode="after")
    def _check_rules(self) -> Self:
        problems: list[Problem] = []
        has_times, has_window = self.start_times is not None, self.start_window is not None
        if has_times == has_window:
            got = "both" if has_times else "neither"
            problems.append(
                ((), f"must have exactly one of start_times or start_window, got {got}")
            )
        if has_window and self.start_step_minutes is None:
            problems.append((("start_step_minutes",), "is required with start_window"))
        if has_times and not has_window and self.start_step_minutes is not None:
            problems.append(
                (
                    ("start_step_minutes",),
                    "is only used with start_window; remove it or use start_window, "
                    f"got {self.start_step_minutes}",
                )
            )
        if has_window and self.start_step_minutes is not None:
            _, span = self._window_span()
            if span % self.start_step_minutes:
                window = "-".join(self.start_window or ())
                problems.append(
                    (
                        ("start_step_minutes",),
                        f"must divide the start window {window} ({span} min) into whole "
                        f"steps, got {self.start_step_minutes}",
                    )
                )
        if self.paid_hours > self.length_hours:
            problems.append(
                (
                    ("paid_hours",),
                    f"must be <= length_hours ({_num(self.length_hours)}), "
                    f"got {_num(self.paid_hours)}",
                )
            )
        if self.break_minutes > 0:
            if self.break_window_hours is None:
                problems.append(
                    (
                        ("break_window_hours",),
                        "is required when break_minutes > 0 ([earliest, latest] break start, "
                        "hours after the shift start), got nothing",
                    )
                )
            elif self.break_window_hours[1] + self.break_minutes / 60 > self.length_hours:
                latest = self.break_window_hours[1]
                problems.append(
                    (
                        ("break_window_hours",),
                        f"must let the {self.break_minutes}-min break end inside the "
                        f"{_num(self.length_hours)} h shift (latest start "
                        f"{_num(latest)} h + {self.break_minutes} min > length_hours), "
                        f"got {_show(list(self.break_window_hours))}",
                    )
                )
        if self.break_minutes / 60 >= self.length_hours:
            problems.append(
                (
                    ("break_minutes",),
                    f"must be shorter than the shift ({_num(self.length_hours)} h), "
                    f"got {self.break_minutes}",
                )
            )
        _raise_rules(problems)
        return self


# --------------------------------------------------------------------------- other sections


class LabourConfig(_Model):
    """Team sizes and labour rules (``[labour]``)."""

    ft_agents: TeamSize = Field(
        default=0,
        description="Full-time team size, or 'auto': the roster sizes the team between "
        "ft_agents_min and ft_agents_max, each agent costing ft_monthly_salary. [agents]",
    )
    ft_agents_min: Int = Field(
        default=0, ge=0, le=MAX_TEAM, description="ft_agents = 'auto': the smallest team. [agents]"
    )
    ft_agents_max: Int | None = Field(
        default=None,
        ge=0,
        le=MAX_TEAM,
        description="ft_agents = 'auto': the largest team (needed with 'auto'). [agents]",
    )
    ft_monthly_salary: Float | None = Field(
        default=None,
        gt=0,
        description="What one FT agent costs per month, fully loaded, for team sizing; None = "
        "the FT templates' cost_per_hour x paid_hours x 21.75 working days. [CNY/month]",
    )
    ft_days_off_per_week: Int = Field(
        default=2, ge=0, le=6, description="Days off each FT agent gets per week. [days]"
    )
    ft_max_consecutive_days: Int = Field(
        default=6, ge=1, le=14, description="Most working days in a row for an FT agent. [days]"
    )
    pt_pool: TeamSize = Field(
        default=0,
        description="Part-timers available to book, or 'auto': the roster sizes the pool "
        "between pt_pool_min and pt_pool_max, each part-timer costing pt_monthly_cost on top "
        "of the hours booked. [agents]",
    )
    pt_pool_min: Int = Field(
        default=0, ge=0, le=MAX_TEAM, description="pt_pool = 'auto': the smallest pool. [agents]"
    )
    pt_pool_max: Int | None = Field(
        default=None,
        ge=0,
        le=MAX_TEAM,
        description="pt_pool = 'auto': the largest pool (needed with 'auto'). [agents]",
    )
    pt_monthly_cost: Float = Field(
        default=0.0,
        ge=0,
        description="Fixed cost of keeping one part-timer available per month (recruiting, "
        "training, agency retainer), for pool sizing; hours are paid per shift. [CNY/month]",
    )
    pt_max_hours_per_day: Float = Field(
        default=6, gt=0, le=24, description="Most paid hours per part-timer per day. [h]"
    )
    pt_max_hours_per_week: Float = Field(
        default=30, gt=0, le=168, description="Most paid hours per part-timer per week. [h]"
    )
    pt_max_consecutive_days: Int = Field(
        default=6,
        ge=1,
        le=14,
        description="Most working days in a row for a part-timer: 6 keeps a day off in "
        "every 7 (Labour Law art. 38, 每周至少休息一日). [days]",
    )
    pt_max_share: Float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Largest share of all paid hours worked by part-timers (1 = no cap). "
        "[fraction]",
    )
    out_min_booking_days: Int = Field(
        default=1, ge=1, description="Shortest booking of an outsourced agent. [days]"
    )
    out_premium: Float = Field(
        default=0.0,
        ge=0,
        description="Outsourcing premium over an OUT template's cost_per_hour. [fraction]",
    )
    out_billing: OutBilling = Field(
        default="hourly",
        description="How the agency bills outsourced seats in out_orders.csv: 'hourly' (paid "
        "hours x cost_per_hour x (1 + out_premium), the roster's cost) or 'commission' "
        "(底薪+提成: out_base_per_hour x paid hours + out_commission_per_inquiry x handled "
        "inquiries). The roster itself is always priced hourly.",
    )
    out_base_per_hour: Float = Field(
        default=0.0,
        ge=0,
        description="Commission billing: base pay (底薪) per paid outsourced hour. [CNY/h]",
    )
    out_commission_per_inquiry: Float = Field(
        default=0.0,
        ge=0,
        description="Commission billing: commission (提成) per inquiry an outsourced agent "
        "handles. [CNY/inquiry]",
    )
    min_rest_hours: Float = Field(
        default=11, ge=0, le=24, description="Least rest between two shifts of one agent. [h]"
    )
    ft_crew_size: Int | None = Field(
        default=None,
        ge=1,
        description="FT agents per crew (班组) sharing days off; the roster plans crews, then "
        "names their members. None = automatic: 1 (every agent planned alone) up to 60 "
        "agents, then crews of ceil(team / 30). [agents]",
    )
    no_days_off_phases: Annotated[tuple[Text, ...], BeforeValidator(_as_list)] = Field(
        default=(),
        description="Calendar phases whose days are all-hands (冻结休假): every available FT "
        "agent works, e.g. ['final_payment', 'peak_day'].",
    )
    all_hands_lead_days: Int = Field(
        default=0,
        ge=0,
        le=7,
        description="Also all-hands on this many days before each all-hands day (the 20:00 "
        "wave opening the evening before 11-11). [days]",
    )
    max_share_off_on_campaign_days: Float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="On campaign days, at most this share of the available FT team is off; "
        "None = no cap. [fraction]",
    )
    out_productivity: Float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Work an outsourced agent covers relative to a trained in-house one "
        "(lower concurrency, longer chats), in (0, 1]. [fraction]",
    )
    ft_overtime_max_hours_per_day: Float = Field(
        default=0,
        ge=0,
        le=4,
        description="加班: an FT shift may be extended by up to this many hours on overtime "
        "days (statutory cap 3 h); 0 = no overtime. [h]",
    )
    ft_overtime_max_hours_per_month: Float = Field(
        default=36,
        ge=0,
        le=200,
        description="Most overtime per FT agent per calendar month (statutory 36 h). [h]",
    )
    ft_overtime_days: Literal["all", "campaign"] = Field(
        default="campaign", description="Days overtime may be worked: 'all' or 'campaign'."
    )
    overtime_premium_workday: Float = Field(
        default=1.5, ge=1, description="Pay factor of an overtime hour on a workday. [factor]"
    )
    overtime_premium_rest_day: Float = Field(
        default=2.0,
        ge=1,
        description="Pay factor of an overtime hour on a rest day (weekend). [factor]",
    )
    overtime_premium_holiday: Float = Field(
        default=3.0,
        ge=1,
        description="Pay factor of an overtime hour on a statutory holiday. [factor]",
    )

    @property
    def ft_count(self) -> int:
        """``ft_agents`` as a number: the roster sizes an ``"auto"`` team first
        (:func:`forecaster.sizing.resolved`); until then it reads as its upper bound."""
        return self.ft_agents if isinstance(self.ft_agents, int) else self.ft_agents_max or 0

    @property
    def pt_count(self) -> int:
        """``pt_pool`` as a number (``"auto"``: the upper bound until the roster sizes it)."""
        return self.pt_pool if isinstance(self.pt_pool, int) else self.pt_pool_max or 0

    def sized(self, ft_agents: int, pt_pool: int) -> LabourConfig:
        """These rules with the team the roster chose."""
        return self.model_copy(update={"ft_agents": ft_agents, "pt_pool": pt_pool})

    @model_validator(mode="after")
    def _check_team_bounds(self) -> Self:
        problems: list[Problem] = []
        for size, low, high in (
            ("ft_agents", "ft_agents_min", "ft_agents_max"),
            ("pt_pool", "pt_pool_min", "pt_pool_max"),
        ):
            lo, hi = getattr(self, low), getattr(self, high)
            if getattr(self, size) == "auto" and hi is None:
                problems.append(
                    ((high,), f"is needed when {size} = 'auto' (the largest team to consider)")
                )
            elif hi is not None and lo > hi:
                problems.append(((high,), f"must be >= {low} ({lo}), got {hi}"))
        _raise_rules(problems)
        return self

    @model_validator(mode="after")
    def _check_out_billing(self) -> Self:
        if (
            self.out_billing == "commission"
            and self.out_base_per_hour == 0
            and self.out_commission_per_inquiry == 0
        ):
            _raise_rules(
                [
                    (
                        ("out_base_per_hour",),
                        "or out_commission_per_inquiry must be > 0 when out_billing = "
                        "'commission' (base + commission per handled inquiry), got 0 and 0",
                    )
                ]
            )
        return self


class CostConfig(_Model):
    """What an unanswered inquiry costs the shop (``[costs]``)."""

    inquiry_conversion: Float = Field(
        default=0.30,
        ge=0,
        le=1,
        description="Share of answered pre-sales inquiries that become orders (询单转化率). "
        "[fraction]",
    )
    average_order_value: Float = Field(
        default=200.0, gt=0, le=MAX_MONEY, description="Average order value (客单价). [CNY]"
    )
    shortfall_penalty_per_agent_hour: Annotated[float | None, BeforeValidator(_optional_number)] = (
        Field(
            default=None,
            ge=0,
            le=MAX_MONEY,
            description="Roster penalty per agent-hour below requirement; None = derive it from "
            "lost business (conversion x order value). [CNY/agent-hour]",
        )
    )


class SolverConfig(_Model):
    """Limits for the roster integer program (``[solver]``)."""

    name: SolverName = Field(
        default="auto",
        description="MIP solver: 'auto' (CBC, which was faster on our roster benchmarks; "
        "HiGHS if CBC is missing), 'cbc', 'highs'.",
    )
    time_limit_seconds: Float = Field(
        default=60, gt=0, le=86_400, description="Wall-clock limit per solve (at most a day). [s]"
    )
    gap_rel: Float = Field(
        default=0.01, ge=0, lt=1, description="Stop at this relative optimality gap. [fraction]"
    )


def _shop_list(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise _bad("must name at least one shop, or ['*'] for every shop, got []")
    if "*" in value and len(value) > 1:
        raise _bad(f"must be ['*'] (every shop) or a list of shop names, got {_show(list(value))}")
    return tuple(dict.fromkeys(value))


class VendorGroup(_Model):
    """One seat group of the outsourcing vendor (``[[vendor.groups]]``): seats trained on a
    set of shops. A seat serving ``n`` shops covers ``1 / (1 + concurrency_penalty ×
    (n − 1))`` of a dedicated seat's work (switching between shops' back-ends and rules)."""

    name: Text = Field(description="Group name, e.g. '华东美妆组'; unique.")
    shops: Annotated[tuple[Text, ...], BeforeValidator(_as_list), AfterValidator(_shop_list)] = (
        Field(default=("*",), description="Shops the group may serve (folder names), or ['*'].")
    )
    concurrency_penalty: Float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Work lost per further shop a seat serves: capacity 1 / (1 + penalty x "
        "(n - 1)) of a dedicated seat. [fraction]",
    )
    cost_per_seat_hour: Float | None = Field(
        default=None,
        gt=0,
        description="What a paid seat-hour of this group costs; None = the OUT template's "
        "cost_per_hour x (1 + labour.out_premium). [CNY/h]",
    )


class VendorConfig(_Model):
    """An outsourcing vendor's shared seats across a fleet's shops (``[vendor]``)."""

    shared_out: bool = Field(
        default=False,
        description="Pool the shops' outsourced (OUT) seats in the vendor's seat groups "
        "(forecaster fleet); false = each shop books its own.",
    )
    dedicated: bool = Field(
        default=True,
        description="Shops may also book seats dedicated to them alone (no concurrency "
        "penalty), as when each shop books its own.",
    )
    groups: tuple[VendorGroup, ...] = Field(
        default=(),
        description="Seat groups ([[vendor.groups]]); none = one group 'shared' serving every "
        "shop.",
    )

    @property
    def seat_groups(self) -> tuple[VendorGroup, ...]:
        """The groups, or one group ``shared`` serving every shop when none is given."""
        return self.groups or (VendorGroup(name="shared"),)

    @model_validator(mode="after")
    def _check_groups(self) -> Self:
        problems: list[Problem] = []
        first: dict[str, int] = {}
        for i, group in enumerate(self.groups):
            earlier = first.setdefault(group.name, i)
            if earlier != i:
                problems.append(
                    (
                        ("groups", i, "name"),
                        f"must be unique, got {_show(group.name)} again "
                        f"(also vendor.groups[{earlier + 1}].name)",
                    )
                )
        _raise_rules(problems)
        return self


# --------------------------------------------------------------------------- the plan


class PlanConfig(_Model):
    """The whole ``plan.toml``: grid, queues, shift templates, labour, costs, solver and vendor."""

    interval_minutes: Annotated[Int, AfterValidator(_interval)] = Field(
        default=15, description="Staffing and roster grid: 15, 30 or 60. [min]"
    )
    timezone: Annotated[Text, AfterValidator(_timezone)] = Field(
        default="Asia/Shanghai",
        description="Shop time zone (IANA name); all times are local to it.",
    )
    holidays: Annotated[Text, AfterValidator(_holiday_region)] = Field(
        default=DEFAULT_REGION,
        description="Holiday calendar of the forecast and of overtime pay: 'CN' (Chinese "
        "holidays and 调休 make-up days), 'none', or a country code of the holidays package "
        "('GB', 'US', 'US-NY').",
    )
    queues: Annotated[Mapping[str, QueueConfig], AfterValidator(_FrozenDict)] = Field(
        default_factory=_FrozenDict, description="Chat queues by name ([queues.<name>])."
    )
    shifts: tuple[ShiftTemplate, ...] = Field(
        default=(), description="Shift templates ([[shifts]])."
    )
    labour: LabourConfig = Field(default_factory=lambda: LabourConfig())
    costs: CostConfig = Field(default_factory=lambda: CostConfig())
    solver: SolverConfig = Field(default_factory=lambda: SolverConfig())
    vendor: VendorConfig = Field(default_factory=lambda: VendorConfig())

    @property
    def queue_names(self) -> tuple[str, ...]:
        return tuple(self.queues)

    @property
    def zone(self) -> ZoneInfo:
        """The shop time zone."""
        return ZoneInfo(self.timezone)

    def shift(self, name: str) -> ShiftTemplate:
        """The shift template called ``name``."""
        for template in self.shifts:
            if template.name == name:
                return template
        names = [t.name for t in self.shifts]
        raise ConfigError(f"unknown shift '{name}'{_suggest(name, names)}; known: {names}")

    def cost_per_paid_hour(self, shift: ShiftTemplate) -> float:
        """What one paid hour of ``shift`` costs, outsourcing premium included. [CNY/h]"""
        premium = self.labour.out_premium if shift.kind == "OUT" else 0.0
        return shift.cost_per_hour * (1 + premium)

    def display_names(self) -> dict[str, str]:
        """Queue key → the name people read (``display_name``), for queues that have one."""
        return {name: q.display_name for name, q in self.queues.items() if q.display_name}

    def queue_keys(self, names: Iterable[object]) -> dict[str, str]:
        """A file's queue names that are a table's ``display_name`` (安装预约) mapped to the
        table's key (install): the renaming that makes a history's, forecast's or agent
        list's queues this configuration's. A name that is a key itself stays."""
        shown = {
            q.display_name: key
            for key, q in self.queues.items()
            if q.display_name and q.display_name != key
        }
        present = {str(n) for n in names}
        return {
            name: shown[name]
            for name in sorted(present)
            if name in shown and name not in self.queues and shown[name] not in present
        }

    def keyed_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with its ``queue`` column under this configuration's keys
        (:meth:`queue_keys`); ``frame`` itself when nothing is renamed."""
        rename = self.queue_keys(frame["queue"].astype(str).unique())
        if not rename:
            return frame
        return frame.assign(queue=frame["queue"].astype(str).replace(rename))

    def grid_for(self, data_minutes: int, history: str, source: str = "plan.toml") -> Self:
        """This config planning on a grid no finer than a history's ``data_minutes`` (15,
        30 or 60, the first that is a multiple of them): a forecast cannot be finer than its
        history, so a 15-minute config on an hourly export plans by the hour (the app's
        automatic grid does the same). Unchanged when the history fits.

        Raises
        ------
        ConfigError
            No planning grid fits the history's intervals."""
        if self.interval_minutes % data_minutes == 0:
            return self
        step = next(
            (m for m in INTERVAL_MINUTES if m >= self.interval_minutes and m % data_minutes == 0),
            None,
        )
        if step is None:
            raise ConfigError(
                msg("cfg.grid_finer", source=source, cfg=self.interval_minutes,
                    data=data_minutes, history=history)
            )  # fmt: skip
        return self.with_overrides({"interval_minutes": str(step)}, source=source)

    def check_queues(
        self, queues: Iterable[object], source: str, config_source: str = "plan.toml"
    ) -> None:
        """Raise :class:`ConfigError` naming the first of ``queues`` (of ``source``: the
        history, a forecast) that has no ``[queues.<name>]`` table: checked before the
        forecast, so a missing table does not cost a fit first."""
        unknown = sorted({str(q) for q in queues} - set(self.queues))
        if unknown:
            spelt = {standard: chinese for chinese, standard in QUEUE_VALUES.items()}
            first = unknown[0]
            raise ConfigError(
                msg(
                    "cfg.queue_missing",
                    config=config_source,
                    source=source,
                    queue=first,
                    spelt=f" ({spelt[first]})" if first in spelt else "",
                    configured=", ".join(self.queues),
                )
            )

    @classmethod
    def override_keys(cls, queue_names: Iterable[str] = ()) -> tuple[str, ...]:
        """Every key :meth:`with_overrides` accepts (queue-specific ones for ``queue_names``)."""
        queue_fields = tuple(QueueConfig.model_fields)
        keys = [*_TOP_SCALARS, *queue_fields]
        keys += [f"{queue}.{field}" for queue in queue_names for field in queue_fields]
        for section in _SECTIONS:
            model = cls.model_fields[section].annotation
            assert isinstance(model, type) and issubclass(model, BaseModel)
            keys += [f"{section}.{field}" for field in model.model_fields]
        return tuple(keys)

    def with_overrides(self, overrides: Mapping[str, Any], *, source: str = "override") -> Self:
        """A new, validated config with some values replaced (a scenario).

        Keys: ``interval_minutes``/``timezone``/``holidays`` (top level); ``<queue>.<field>`` (one
        queue, also ``queues.<queue>.<field>``); a bare queue field such as
        ``bot_resolution`` (every queue); ``labour.<field>``, ``costs.<field>``,
        ``solver.<field>``. Values may be strings from a command line (``"0.5"``, ``"p95"``,
        ``"08:00-22:00"``); they are coerced by the fields' types.

        Raises
        ------
        ConfigError
            An unknown key, or a value the field does not accept (``source`` names them).
        """
        data = self.model_dump()
        problems: list[str] = []
        # bare queue fields (every queue) first, so `presale.x` wins over `x` in any order
        ordered = sorted(overrides.items(), key=lambda item: len(self._override_paths(item[0])) < 2)
        for key, value in ordered:
            paths = self._override_paths(key)
            if not paths:
                choices = self.override_keys(self.queues)
                problems.append(f"{source}: unknown key '{key}'{_suggest(key, choices)}")
            for *parents, field in paths:
                target = data
                for part in parents:
                    target = target[part]
                target[field] = value
        if problems:
            raise ConfigError(problems)
        return type(self)._parse(data, source)

    def _override_paths(self, key: str) -> list[tuple[str, ...]]:
        parts = tuple(key.strip().split("."))
        if len(parts) == 3 and parts[0] == "queues":
            parts = parts[1:]
        if len(parts) == 1:
            (name,) = parts
            if name in _TOP_SCALARS:
                return [parts]
            if name in QueueConfig.model_fields:
                return [("queues", queue, name) for queue in self.queues]
        elif len(parts) == 2:
            head, name = parts
            if head not in self.queues:  # 售后.service_level: the queue the loader reads 售后 as
                head = QUEUE_VALUES.get(head, head)
            if head in self.queues and name in QueueConfig.model_fields:
                return [("queues", head, name)]
            if head in _SECTIONS and name in type(getattr(self, head)).model_fields:
                return [parts]
        return []

    @classmethod
    def _parse(cls, mapping: Mapping[str, Any], source: str) -> Self:
        try:
            return cls.model_validate(mapping)
        except ValidationError as exc:
            raise ConfigError(_messages(exc, source)) from None

    @model_validator(mode="before")
    @classmethod
    def _default_shift_queues(cls, data: Any) -> Any:
        """A shift without ``queues`` may serve every queue; a queue keyed by the Chinese
        name the history loader reads as a standard queue (``[queues."售后"]``: the loader
        reads a file's 售后 as ``aftersale``) takes the standard key, its Chinese name as
        its display name, and shifts naming it follow."""
        if not isinstance(data, Mapping):
            return data
        data = _standard_queue_keys(data)
        queues, shifts = data.get("queues"), data.get("shifts")
        if isinstance(queues, Mapping) and isinstance(shifts, list | tuple):
            data = dict(data)
            data["shifts"] = [
                {**shift, "queues": list(queues)}
                if isinstance(shift, Mapping) and "queues" not in shift
                else shift
                for shift in shifts
            ]
        return data

    @model_validator(mode="after")
    def _check_rules(self) -> Self:
        problems: list[Problem] = []
        if not self.queues:
            problems.append((("queues",), "must have at least one [queues.<name>] table, got none"))
        reserved = {*type(self).model_fields, *QueueConfig.model_fields}
        for name, queue in self.queues.items():
            if not _QUEUE_NAME.match(name) or name in reserved:
                problems.append(
                    (
                        ("queues",),
                        "must be keyed by queue names made of letters, digits, '_' or '-' "
                        f"that are not config keys, got {_show(name)}",
                    )
                )
            problems += self._off_grid(("queues", name, "service_hours"), queue.service_hours)
            for phase, hours in queue.phase_service_hours.items():
                loc = ("queues", name, "phase_service_hours", phase)
                problems += self._off_grid(loc, hours)
        problems += self._shift_rules()
        _raise_rules(problems)
        return self

    def _shift_rules(self) -> list[Problem]:
        problems: list[Problem] = []
        grid = self.interval_minutes
        first_index: dict[tuple[str, str], int] = {}
        for i, shift in enumerate(self.shifts):
            for field in ("name", "code"):
                value = getattr(shift, field)
                earlier = first_index.setdefault((field, value), i)
                if earlier != i:
                    problems.append(
                        (
                            ("shifts", i, field),
                            f"must be unique, got {_show(value)} again "
                            f"(also shifts[{earlier + 1}].{field})",
                        )
                    )
            for queue in shift.queues:
                if queue not in self.queues:
                    problems.append(
                        (
                            ("shifts", i, "queues"),
                            f"must name queues from [queues] ({', '.join(self.queues)}), "
                            f"got {_show(queue)}{_suggest(queue, self.queues)}",
                        )
                    )
            if shift.start_times is not None:
                problems += self._off_grid(("shifts", i, "start_times"), shift.start_times)
            if shift.start_window is not None:
                problems += self._off_grid(("shifts", i, "start_window"), shift.start_window)
            # a start_step_minutes finer than the grid is allowed: the roster uses the starts
            # that fall on the grid (the window's ends must, so at least those do)
            if shift.length_hours * 60 % grid:
                problems.append(
                    (
                        ("shifts", i, "length_hours"),
                        f"must be a whole number of {grid}-min intervals (interval_minutes), "
                        f"got {_num(shift.length_hours)}",
                    )
                )
            for key in ("pt_max_hours_per_day", "pt_max_hours_per_week"):
                cap = getattr(self.labour, key)
                if shift.kind == "PT" and shift.paid_hours > cap:
                    problems.append(
                        (
                            ("shifts", i, "paid_hours"),
                            f"must be <= labour.{key} ({_num(cap)}) for a PT shift, "
                            f"got {_num(shift.paid_hours)}",
                        )
                    )
        return problems

    def _off_grid(self, loc: tuple[str | int, ...], clocks: Iterable[str]) -> list[Problem]:
        grid = self.interval_minutes
        clocks = tuple(clocks)
        if all(minutes_of_day(clock) % grid == 0 for clock in clocks):
            return []
        return [
            (
                loc,
                f"must be on the {grid}-min grid of interval_minutes (e.g. "
                f"{', '.join(_example_clocks(grid))}), got {_show(list(clocks))}",
            )
        ]


def _example_clocks(grid: int) -> list[str]:
    return [f"08:{m:02d}" for m in range(0, 60, grid)][:3]


# --------------------------------------------------------------------------- error messages


def _dotted(loc: Iterable[str | int]) -> str:
    """``('shifts', 2, 'kind')`` -> ``shifts[3].kind`` (list positions count from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The config model found at ``loc`` inside :class:`PlanConfig`, if any."""
    current: Any = PlanConfig
    for part in loc:
        current = _unwrap_model(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
            continue
        origin, args = get_origin(current), get_args(current)
        if origin in (dict, Mapping) and len(args) == 2:
            current = args[1]
        elif origin in (list, tuple) and args:
            current = args[0]
        else:
            return None
    current = _unwrap_model(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap_model(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` around a model type."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, type(int | None)):
        models = [a for a in get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else tp
    return tp


_SECTION_TITLES: dict[str, type[BaseModel]] = {}


def _home_of(key: str) -> str:
    """Where a key that exists elsewhere belongs, e.g. `` (it belongs in [labour])``."""
    if not _SECTION_TITLES:
        _SECTION_TITLES.update(
            {
                "the top level, before any [table]": PlanConfig,
                "a [queues.<name>] table": QueueConfig,
                "a [[shifts]] table": ShiftTemplate,
                "[labour]": LabourConfig,
                "[costs]": CostConfig,
                "[solver]": SolverConfig,
                "[vendor]": VendorConfig,
                "a [[vendor.groups]] table": VendorGroup,
            }
        )
    homes = [title for title, model in _SECTION_TITLES.items() if key in model.model_fields]
    return f" (it belongs in {homes[0]})" if homes else ""


def _unknown_key(loc: tuple[str | int, ...]) -> str:
    key = loc[-1]
    parent = _model_at(loc[:-1])
    if not isinstance(key, str) or parent is None:
        return f"unknown key '{_dotted(loc)}'"
    hint = _suggest(key, parent.model_fields) or _home_of(key)
    return f"unknown key '{_dotted(loc)}'{hint}"


_EXPECTED = {
    "greater_than": ("gt", "must be > {}"),
    "greater_than_equal": ("ge", "must be >= {}"),
    "less_than": ("lt", "must be < {}"),
    "less_than_equal": ("le", "must be <= {}"),
}
_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "mapping_type": "a table",
    "list_type": "a list",
    "tuple_type": "a list",
}


def _message(error: Mapping[str, Any], source: str) -> list[str]:
    """One pydantic error as one or more ``source: key expectation, got value`` lines."""
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind, ctx, got = error["type"], error.get("ctx") or {}, _show(error.get("input"))

    def line(where: tuple[str | int, ...], text: str) -> str:
        key = _dotted(where)
        return f"{source}: {key} {text}" if key else f"{source}: {text}"

    if kind == "config_rules":
        return [line(loc + sub, text) for sub, text in ctx["problems"]]
    if kind == "config_value":
        return [line(loc, ctx["message"])]
    if kind == "extra_forbidden":
        return [f"{source}: {_unknown_key(loc)}"]
    if kind == "missing":
        return [line(loc, "is required, got nothing")]
    if kind in _EXPECTED:
        bound, template = _EXPECTED[kind]
        return [line(loc, f"{template.format(_num(ctx[bound]))}, got {got}")]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return [line(loc, f"must be one of {expected}, got {got}")]
    if kind in _TYPE_WORDS:
        return [line(loc, f"must be {_TYPE_WORDS[kind]}, got {got}")]
    return [line(loc, f"is not valid ({error['msg']}), got {got}")]


def _messages(exc: ValidationError, source: str) -> list[str]:
    """Every problem, one line each; a misspelt key first, and without the "is required"
    line of the key it stands for (``aht_secnds`` for ``aht_seconds``: one problem, not two,
    and the first line a reader sees names the typo)."""
    errors = exc.errors(include_url=False)
    meant = set()
    for error in errors:
        loc = tuple(error["loc"])
        parent = _model_at(loc[:-1]) if error["type"] == "extra_forbidden" else None
        if parent is not None and isinstance(loc[-1], str):
            match = difflib.get_close_matches(loc[-1], list(parent.model_fields), n=1, cutoff=0.6)
            meant |= {(*loc[:-1], match[0])} if match else set()
    kept = [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]
    kept.sort(key=lambda e: e["type"] != "extra_forbidden")  # stable: typos first
    lines: list[str] = []
    for error in kept:
        lines += _message(error, source)
    return list(dict.fromkeys(lines))


# --------------------------------------------------------------------------- loading


def parse_config(mapping: Mapping[str, Any], source: str = "plan.toml") -> PlanConfig:
    """Validate an already-parsed configuration (e.g. ``tomllib`` output).

    Parameters
    ----------
    mapping
        Keys and values as in ``plan.toml``; it is not modified.
    source
        Name used at the start of every error message, e.g. ``plan.toml``.

    Raises
    ------
    ConfigError
        Every problem found, one message per problem.
    """
    if not isinstance(mapping, Mapping):
        raise ConfigError(f"{source}: must be a table of settings, got {_show(mapping)}")
    return PlanConfig._parse(mapping, source)


TOML_MAX_DEPTH = 100
"""Nesting of arrays and inline tables past which a file that Python's TOML reader could not
read (it recurses per level and fails past about 1,000) is reported from (a plan needs 3)."""


def _too_deep(text: str) -> int | None:
    """The line where brackets and braces first nest deeper than :data:`TOML_MAX_DEPTH`
    (counted outside strings and comments), else ``None``."""
    depth, line, quote, comment = 0, 1, "", False
    for char in text:
        if char == "\n":
            line, comment = line + 1, False
        elif comment:
            continue
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > TOML_MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:  # the reader recursed past Python's limit: say where it began
        deep = _too_deep(text)
        where = f"{source} line {deep}" if deep is not None else source
        raise ConfigError(
            f"{where}: invalid TOML: arrays or tables nested more than {TOML_MAX_DEPTH} levels deep"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if position:
            reason = message[: position.start()]
            raise ConfigError(
                f"{source} line {position[1]}: invalid TOML: {reason} (column {position[2]})"
            ) from None
        raise ConfigError(f"{source}: invalid TOML: {message}") from None


def _looks_like_toml(text: str) -> bool:
    if "\n" in text or not text.strip():
        return True
    try:
        if Path(text).is_file():
            return False
    except (OSError, ValueError):
        return True
    return "=" in text or text.lstrip().startswith("[")


def load_config(
    source: str | os.PathLike[str] | bytes | None = None, *, name: str | None = None
) -> PlanConfig:
    """Load and validate a plan configuration.

    Parameters
    ----------
    source
        ``None`` for the bundled sample (:data:`SAMPLE_CONFIG_PATH`); a path (``str`` or
        ``Path``) to a ``plan.toml``; or the TOML text itself (``str`` with a newline or an
        ``=``, or UTF-8 ``bytes`` such as an upload).
    name
        Name for error messages; default the file name, or ``plan.toml`` for text.

    Raises
    ------
    ConfigError
        The file cannot be read, is not valid TOML, or has invalid settings.
    """
    if source is None:
        source = SAMPLE_CONFIG_PATH
    if isinstance(source, bytes):
        label = name or "plan.toml"
        text = decode_text(source, label, ConfigError)
    elif isinstance(source, str) and _looks_like_toml(source):
        label, text = name or "plan.toml", source
    else:
        path = Path(source)
        label = name or path.name
        try:
            text = decode_text(path.read_bytes(), label, ConfigError)
        except OSError as exc:
            raise ConfigError(
                f"{label}: cannot read the configuration file {str(path)!r} ({exc.strerror})"
            ) from None
    return parse_config(_parse_toml(text, label), label)
