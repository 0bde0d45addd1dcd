"""Planner overrides of a forecast: an ordered, JSON-serialisable adjustment log.

A planner knows things the history does not: a live-stream on Thursday night, a product
launch, a day total agreed with the merchandising team. Each such override is one entry of
an ordered list that is kept next to the forecast and **re-applied after every refit**, so
a new forecast never silently drops the planner's judgement. Every entry records who made
it (``author``), when (``created_at``) and why (``note``), and has a short ``id`` so that
one entry can be removed again.

Kinds
-----
``scale`` (:class:`ScaleAdjustment`)
    Multiply a queue (or every queue, ``queue = "all"``) over a time window by ``factor``.
``day_total`` (:class:`DayTotalAdjustment`)
    Scale one day of a queue so that its expected inquiries (the sum of ``mean``) equal
    ``total``, keeping the intraday shape (the ratios between its intervals). With
    ``queue = "all"`` the sum over every queue is set and every queue gets the same factor.
    A day whose forecast sums to 0 has no shape to keep, so ``total > 0`` is an error there.
``event`` (:class:`EventAdjustment`)
    An ad-hoc campaign window the calendar lacks (a live-stream, a flash sale): multiply the
    window by ``lift``. It is a scale with a ``name``, kept apart so the log reads as what
    the planner meant.

Rules
-----
- **Windows** are half-open and judged by the interval label (its start): an interval is
  covered when ``start <= interval_start < end``. An ``end`` written as a plain date
  (``"2025-11-11"``) means the end of that day and is stored as the next midnight
  (``2025-11-12T00:00:00``), so the saved JSON says exactly what is covered. Window times
  are local shop time like the forecast's ``interval_start``; a UTC offset is refused
  because this stage does not know the shop's time zone. ``created_at`` may carry one.
- **Order matters.** Entries are applied one after the other and each sees the effect of
  the ones before it. A ``day_total`` fixes the day's sum *as it stands at that point*:
  a ``scale`` listed before it only reshapes the day (the total still wins), a ``scale``
  listed after it moves the total away again.
- **Quantiles move with the mean.** Every matched row has ``mean`` and each quantile
  column (``p10`` … ``p95``) multiplied by the same factor. An override changes the level,
  not the relative uncertainty: the band keeps its width relative to the mean and the
  quantiles stay ordered.
- **No match is not an error.** The same list is re-applied to forecasts over other
  horizons (a backtest, a shorter refit), so an entry whose window lies outside the
  forecast changes nothing; :func:`explain` reports it with ``rows_matched = 0``. A queue
  the forecast does not have *is* an error (usually a typo), and so is a ``day_total`` on
  a day the forecast covers only in part (the total would be put on part of the day).

Files
-----
A JSON list of objects, one per entry, in order (an object ``{"adjustments": [...]}`` is
accepted too)::

    [
      {"kind": "scale", "id": "3f9a1c2e", "queue": "presale",
       "start": "2025-11-10T20:00:00", "end": "2025-11-11T00:00:00", "factor": 1.2,
       "note": "主播加场", "author": "王芳", "created_at": "2025-11-01T10:15:00+08:00"},
      {"kind": "day_total", "queue": "all", "date": "2025-11-11", "total": 120000}
    ]

An entry written by hand may leave out ``id`` (a stable one is derived from its content,
so it is the same on every load) and ``created_at`` (then ``None``: unknown, rather than
the time of loading, which would change on every run). Problems are reported one line
each, naming the file, the entry (counted from 1) and the field::

    adj.json entry 3, field factor: must be greater than 0, got -1
    adj.json entry 4, field kind: must be one of scale, day_total, event, got "lift"
    adj.json line 7: invalid JSON: Expecting ',' delimiter (column 5)

:class:`AdjustmentLog` is the immutable list the app keeps for undo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import numpy as np
import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from forecaster.config import FORECAST_QUANTILES, decode_text
from forecaster.errors import InputDataError
from forecaster.messages import EVERY_QUEUE, msg

__all__ = [
    "KINDS",
    "VALUE_COLUMNS",
    "Adjustment",
    "AdjustmentLog",
    "DayTotalAdjustment",
    "EventAdjustment",
    "ScaleAdjustment",
    "adjustments_from_json",
    "adjustments_to_json",
    "apply_adjustments",
    "explain",
    "load_adjustments",
    "parse_adjustments",
    "save_adjustments",
]

VALUE_COLUMNS: tuple[str, ...] = FORECAST_QUANTILES
"""Forecast columns an adjustment multiplies: ``mean`` and every quantile. [inquiries]"""
KINDS: tuple[str, ...] = ("scale", "day_total", "event")
"""Allowed values of ``kind``."""
NO_MATCH = "no match: outside the forecast"
"""``status`` of an :func:`explain` entry whose window matched no forecast row."""
EXPLAIN_COLUMNS: tuple[str, ...] = (
    "entry",
    "id",
    "kind",
    "queue",
    "window",
    "detail",
    "factor",
    "rows_matched",
    "inquiries_before",
    "inquiries_after",
    "status",
    "author",
    "created_at",
    "note",
)
"""Columns of :func:`explain`'s adjustment log."""

_ALL = EVERY_QUEUE
_DAY_NS = 86_400 * 10**9
_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_HEAD_FIELDS = ("kind", "id", "queue")
_TAIL_FIELDS = ("note", "author", "created_at")


# --------------------------------------------------------------------------- value parsers


def _show(value: Any) -> str:
    """What was received, in JSON spelling, short enough for one line."""
    if isinstance(value, dt.datetime | dt.date):
        text = json.dumps(value.isoformat())
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except ValueError:  # a circular structure
            text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _num(value: float) -> str:
    """A number as a person writes it: ``1`` rather than ``1.0``, ``1.25`` as is."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bad(message: str) -> PydanticCustomError:
    """A field-level problem; ``message`` continues ``field <name>:``."""
    return PydanticCustomError("adjust_value", "{message}", {"message": message})


def _not_bool(value: Any) -> Any:
    # pydantic's lax mode reads true/false as 1/0; in an adjustment that is a mistake
    if isinstance(value, bool):
        raise _bad(f"must be a number, got {_show(value)}")
    return value


def _moment(value: Any) -> Any:
    """Timestamps from pandas/numpy as plain ``datetime``; a date as its midnight."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def _end_moment(value: Any) -> Any:
    """A plain date as ``end`` means the end of that day: the next midnight."""
    if isinstance(value, str) and _DATE_ONLY.match(value):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return value  # not a real date; the datetime parser reports it
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime | pd.Timestamp):
        return dt.datetime.combine(value + dt.timedelta(days=1), dt.time())
    return _moment(value)


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        raise _bad(
            'must be local shop time without a UTC offset, e.g. "2025-11-11T20:00", '
            f"got {_show(value)}"
        )
    return value


def _day(value: Any) -> Any:
    value = _moment(value)
    if isinstance(value, dt.datetime):
        if value.time() != dt.time() or value.tzinfo is not None:
            raise _bad(f'must be a date like "2025-11-11", got {_show(value)}')
        return value.date()
    return value


def _now() -> dt.datetime:
    """Now, in the machine's local time with its UTC offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def _new_id() -> str:
    return uuid.uuid4().hex[:8]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Moment = Annotated[dt.datetime, BeforeValidator(_moment), AfterValidator(_local)]
EndMoment = Annotated[dt.datetime, BeforeValidator(_end_moment), AfterValidator(_local)]
Positive = Annotated[float, BeforeValidator(_not_bool), Field(gt=0)]


# --------------------------------------------------------------------------- the entries


class _AdjustmentBase(BaseModel):
    """Fields every entry has: which queue, and who, when, why."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    kind: str = Field(description="Which adjustment: scale, day_total or event.")
    id: Text = Field(
        default_factory=_new_id,
        description="Short identifier, unique in a log; default 8 random hex digits.",
    )
    queue: Text = Field(
        default=_ALL, description="Queue to adjust, e.g. 'presale'; 'all' for every queue."
    )
    note: str = Field(default="", description="Why the planner made this change.")
    author: str = Field(default="", description="Who made it.")
    created_at: Annotated[dt.datetime, BeforeValidator(_moment)] | None = Field(
        default_factory=_now,
        description="When it was made (naive or with a UTC offset); None when unknown.",
    )

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """``(start, end)``: intervals with ``start <= interval_start < end`` are covered."""
        raise NotImplementedError

    def window_text(self) -> str:
        """The window as a planner reads it, e.g. ``2025-11-10 20:00 to 24:00`` (a
        :class:`~forecaster.messages.Message`: the app shows it in Chinese)."""
        start, end = self.window()
        if any(m.second or m.microsecond for m in (start, end)):  # no message has seconds
            if end.date() == start.date():
                return f"{_stamp(start)} to {_clock(end)}"
            return f"{_stamp(start)} to {_stamp(end)}"
        if end.date() == start.date():
            return msg("adj.window.within_day", start=start, end=end)
        if end == dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time()):
            return msg("adj.window.to_midnight", start=start)
        if end.time() == dt.time():  # a date as the end: that whole day
            return msg("adj.window.days_to_midnight", start=start, last=end - dt.timedelta(days=1))
        return msg("adj.window.days", start=start, end=end)

    def detail(self) -> str:
        """What the entry asks for, e.g. ``scale × 1.2`` (a message, as the window)."""
        raise NotImplementedError


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second or moment.microsecond else "%H:%M")


def _stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d} {_clock(moment)}"


class _WindowAdjustment(_AdjustmentBase):
    start: Moment = Field(description="First moment covered (local shop time).")
    end: EndMoment = Field(
        description="First moment no longer covered; a plain date means the end of that day."
    )

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: dt.datetime, info: ValidationInfo) -> dt.datetime:
        start = info.data.get("start")
        if isinstance(start, dt.datetime) and end <= start:
            raise _bad(f"must be after start ({start.isoformat()}), got {_show(end)}")
        return end

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return self.start, self.end


class ScaleAdjustment(_WindowAdjustment):
    """Multiply ``queue`` over ``[start, end)`` by ``factor``.

    Example: ``ScaleAdjustment(queue="presale", start="2025-11-10 20:00",
    end="2025-11-11", factor=1.2, note="主播加场", author="王芳")``.
    """

    kind: Literal["scale"] = "scale"
    factor: Positive = Field(description="Multiplier, > 0 (1.2 = +20 %). [ratio]")

    def detail(self) -> str:
        return msg("adj.detail.scale", factor=_num(self.factor))


class EventAdjustment(_WindowAdjustment):
    """An ad-hoc event window the calendar lacks: multiply ``[start, end)`` by ``lift``."""

    kind: Literal["event"] = "event"
    name: Text = Field(description="Event name, e.g. 'live-stream' or '直播'.")
    lift: Positive = Field(description="Multiplier over the forecast in the window. [ratio]")

    def detail(self) -> str:
        return msg("adj.detail.event", name=self.name, lift=_num(self.lift))


class DayTotalAdjustment(_AdjustmentBase):
    """Set the expected inquiries of ``queue`` on ``date`` to ``total``, keeping the shape."""

    kind: Literal["day_total"] = "day_total"
    date: Annotated[dt.date, BeforeValidator(_day)] = Field(description="The day, local time.")
    total: Annotated[float, BeforeValidator(_not_bool), Field(ge=0)] = Field(
        description="Sum of the day's mean over its intervals (over every queue for 'all'). "
        "[inquiries]"
    )

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.date, dt.time())
        return start, start + dt.timedelta(days=1)

    def window_text(self) -> str:
        return msg("adj.window.whole_day", date=self.date)

    def detail(self) -> str:
        return msg("adj.detail.day_total", total=self.total)


Adjustment = Annotated[
    ScaleAdjustment | DayTotalAdjustment | EventAdjustment, Field(discriminator="kind")
]
"""One planner override; ``kind`` picks the model."""

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Adjustment)
_MODELS: dict[str, type[_AdjustmentBase]] = {
    "scale": ScaleAdjustment,
    "day_total": DayTotalAdjustment,
    "event": EventAdjustment,
}


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class _Grid:
    """The parts of a forecast frame the engine needs, as numpy arrays."""

    stamps_ns: np.ndarray  # interval_start as int64 nanoseconds (wall clock)
    codes: np.ndarray  # queue code per row
    queues: tuple[str, ...]  # code -> queue name
    mean: np.ndarray  # forecast mean per row [inquiries]

    @classmethod
    def of(cls, forecast: pd.DataFrame) -> _Grid:
        if not isinstance(forecast, pd.DataFrame):
            raise TypeError(f"forecast must be a pandas DataFrame, got {type(forecast).__name__}")
        missing = [c for c in ("interval_start", "queue", "mean") if c not in forecast.columns]
        if missing:
            raise InputDataError(
                f"forecast is missing column {missing[0]!r}; "
                f"found {list(map(str, forecast.columns))}"
            )
        try:
            stamps = pd.to_datetime(forecast["interval_start"])
        except (TypeError, ValueError):
            first = forecast["interval_start"].iloc[0] if len(forecast) else None
            raise InputDataError(
                f"forecast column interval_start: must hold timestamps, got {_show(first)}"
            ) from None
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_localize(None)  # windows are wall-clock shop time
        try:
            mean = forecast["mean"].to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise InputDataError("forecast column mean: must hold numbers") from None
        codes, names = pd.factorize(forecast["queue"])
        return cls(
            stamps_ns=stamps.dt.as_unit("ns").to_numpy().view(np.int64),
            codes=np.asarray(codes),
            queues=tuple(str(name) for name in names),
            mean=mean,
        )

    def rows(self, queue: str, start: dt.datetime, end: dt.datetime) -> np.ndarray:
        """Positions of the rows of ``queue`` with ``start <= interval_start < end``."""
        lo = pd.Timestamp(start).as_unit("ns").value
        hi = pd.Timestamp(end).as_unit("ns").value
        mask = (self.stamps_ns >= lo) & (self.stamps_ns < hi)
        if queue != _ALL:
            mask &= self.codes == self.queues.index(queue)
        return np.flatnonzero(mask)

    def step_ns(self) -> int | None:
        """The forecast's interval length [ns]; ``None`` with fewer than two stamps."""
        stamps = np.unique(self.stamps_ns)
        gaps = np.diff(stamps)
        gaps = gaps[gaps > 0]
        return int(gaps.min()) if gaps.size else None


@dataclass(frozen=True)
class _Effect:
    """What one entry did to the forecast."""

    number: int
    entry: _AdjustmentBase
    rows: int
    factor: float
    before: float
    after: float


def _where(source: str, number: int, entry: _AdjustmentBase) -> str:
    return f"{source} entry {number} (id {entry.id})"


def _suggest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _check_queues(entries: Sequence[_AdjustmentBase], grid: _Grid, source: str) -> None:
    problems = []
    for number, entry in enumerate(entries, start=1):
        if entry.queue != _ALL and entry.queue not in grid.queues:
            present = ", ".join(sorted(grid.queues)) or "none"
            problems.append(
                f"{_where(source, number, entry)}, field queue: must be 'all' or a queue of "
                f"the forecast ({present}), got {entry.queue!r}"
                f"{_suggest(entry.queue, grid.queues)}"
            )
    if problems:
        raise InputDataError(problems)


def _check_whole_day(grid: _Grid, rows: np.ndarray, entry: DayTotalAdjustment, where: str) -> None:
    step = grid.step_ns()
    if step is None or _DAY_NS % step:
        return
    expected = _DAY_NS // step
    counts = np.bincount(grid.codes[rows], minlength=len(grid.queues))
    for code in np.flatnonzero((counts > 0) & (counts != expected)):
        raise InputDataError(
            f"{where}: day_total on {entry.date.isoformat()} needs that whole day in the "
            f"forecast, but queue {grid.queues[code]} has {counts[code]} of its {expected} "
            "intervals; forecast from midnight or remove the entry"
        )


def _run(
    forecast: pd.DataFrame, adjustments: Iterable[_AdjustmentBase], source: str
) -> tuple[np.ndarray, list[_Effect]]:
    """Apply the entries in order to a running factor per row; return it and the effects."""
    grid = _Grid.of(forecast)
    entries = list(adjustments)
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, _AdjustmentBase):
            raise TypeError(
                f"{source} entry {number} must be an adjustment (ScaleAdjustment, "
                f"DayTotalAdjustment, EventAdjustment), got {type(entry).__name__}"
            )
    _check_queues(entries, grid, source)
    scale = np.ones(len(grid.mean))
    effects = []
    for number, entry in enumerate(entries, start=1):
        rows = grid.rows(entry.queue, *entry.window())
        before = float(np.nansum(grid.mean[rows] * scale[rows]))
        if rows.size == 0:
            effects.append(_Effect(number, entry, 0, np.nan, 0.0, 0.0))
            continue
        if isinstance(entry, DayTotalAdjustment):
            where = _where(source, number, entry)
            _check_whole_day(grid, rows, entry, where)
            if before > 0:
                factor = entry.total / before
            elif entry.total == 0:
                factor = 1.0
            else:
                raise InputDataError(
                    f"{where}: day_total {_num(entry.total)} on {entry.date.isoformat()} for "
                    f"queue {entry.queue} cannot keep the intraday shape: the forecast's mean "
                    "for that day sums to 0 (use a scale or event entry on the hours instead)"
                )
        elif isinstance(entry, ScaleAdjustment):
            factor = entry.factor
        elif isinstance(entry, EventAdjustment):
            factor = entry.lift
        else:  # pragma: no cover - the three kinds above are all there are
            raise TypeError(f"unknown adjustment kind {entry.kind!r}")
        scale[rows] *= factor
        after = entry.total if isinstance(entry, DayTotalAdjustment) else before * factor
        effects.append(_Effect(number, entry, int(rows.size), factor, before, after))
    return scale, effects


def apply_adjustments(
    forecast: pd.DataFrame, adjustments: Iterable[Adjustment], *, source: str = "adjustments"
) -> pd.DataFrame:
    """Apply planner overrides, in order, to a forecast frame.

    Parameters
    ----------
    forecast
        ``interval_start, queue, mean, p10, p50, p80, p90, p95`` (``docs/contracts.md``); other
        columns are carried along. It is not modified.
    adjustments
        Entries in the order they apply; each sees the effect of the ones before it.
    source
        Name for error messages, e.g. the file the entries came from (``adj.json``).

    Returns
    -------
    pandas.DataFrame
        A new frame with the same columns, index and row order; in every matched row
        ``mean`` and each quantile column are multiplied by the same factor. [inquiries]

    Raises
    ------
    InputDataError
        An entry names a queue the forecast lacks (one line per such entry), a
        ``day_total`` covers a day the forecast has only in part, or asks for a total on a
        day whose forecast is 0.
    """
    scale, _ = _run(forecast, adjustments, source)
    out = forecast.copy()
    for column in VALUE_COLUMNS:
        if column in out.columns:
            out[column] = forecast[column].to_numpy(dtype=float, na_value=np.nan) * scale
    return out


def explain(
    forecast: pd.DataFrame, adjustments: Iterable[Adjustment], *, source: str = "adjustments"
) -> pd.DataFrame:
    """The adjustment log a planner reads: what each entry did to this forecast.

    Parameters
    ----------
    forecast, adjustments, source
        As for :func:`apply_adjustments`.

    Returns
    -------
    pandas.DataFrame
        One row per entry, in order, with columns :data:`EXPLAIN_COLUMNS`: ``entry``
        (position from 1), ``id``, ``kind``, ``queue``, ``window`` (text), ``detail`` (what
        was asked, e.g. ``day total 120,000 inquiries``), ``factor`` (applied; for
        ``day_total`` the computed one; NaN when nothing matched) [ratio],
        ``rows_matched`` [rows], ``inquiries_before`` and ``inquiries_after`` (sum of
        ``mean`` over the matched rows just before and after this entry) [inquiries],
        ``status`` (``applied`` or ``no match: outside the forecast``), ``author``,
        ``created_at`` (ISO text, empty when unknown) and ``note``.
    """
    _, effects = _run(forecast, adjustments, source)
    records = [
        {
            "entry": effect.number,
            "id": effect.entry.id,
            "kind": effect.entry.kind,
            "queue": effect.entry.queue,
            "window": effect.entry.window_text(),
            "detail": effect.entry.detail(),
            "factor": effect.factor,
            "rows_matched": effect.rows,
            "inquiries_before": effect.before,
            "inquiries_after": effect.after,
            "status": "applied" if effect.rows else NO_MATCH,
            "author": effect.entry.author,
            "created_at": (
                effect.entry.created_at.isoformat(sep=" ")
                if effect.entry.created_at is not None
                else ""
            ),
            "note": effect.entry.note,
        }
        for effect in effects
    ]
    frame = pd.DataFrame.from_records(records, columns=list(EXPLAIN_COLUMNS))
    return frame.astype(
        {
            "entry": "int64",
            "rows_matched": "int64",
            "factor": "float64",
            "inquiries_before": "float64",
            "inquiries_after": "float64",
        }
    )


# --------------------------------------------------------------------------- JSON


def _entry_json(entry: _AdjustmentBase) -> dict[str, Any]:
    data = entry.model_dump(mode="json")
    data["kind"] = entry.kind
    middle = [k for k in data if k not in _HEAD_FIELDS and k not in _TAIL_FIELDS]
    return {k: data[k] for k in (*_HEAD_FIELDS, *middle, *_TAIL_FIELDS)}


def adjustments_to_json(adjustments: Iterable[Adjustment], *, indent: int | None = 2) -> str:
    """The entries as a JSON list of objects (UTF-8 text, Chinese kept readable).

    Timestamps are ISO 8601 (``2025-11-10T20:00:00``; ``created_at`` keeps its UTC offset
    if it has one), a ``day_total`` date is ``2025-11-11``.
    """
    items = [_entry_json(entry) for entry in adjustments]
    return json.dumps(items, ensure_ascii=False, indent=indent)


def _content_id(item: Mapping[str, Any], taken: set[str]) -> str:
    """A stable id for an entry written without one: a hash of its content."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
    for attempt in range(1, 1000):
        salt = "" if attempt == 1 else f"#{attempt}"
        candidate = hashlib.sha256((text + salt).encode("utf-8")).hexdigest()[:8]
        if candidate not in taken:
            return candidate
    return _new_id()  # pragma: no cover - a thousand identical entries


_TYPE_WORDS = {
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "datetime_type": 'a date-time like "2025-11-11T20:00"',
    "datetime_parsing": 'a date-time like "2025-11-11T20:00"',
    "datetime_from_date_parsing": 'a date-time like "2025-11-11T20:00"',
    "date_type": 'a date like "2025-11-11"',
    "date_parsing": 'a date like "2025-11-11"',
    "date_from_datetime_parsing": 'a date like "2025-11-11"',
    "date_from_datetime_inexact": 'a date like "2025-11-11" (no time of day)',
}
_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}


def _message(error: Mapping[str, Any], where: str, kind: str) -> str:
    """One pydantic error of one entry as ``<where>, field <name>: <problem>``."""
    loc = tuple(error["loc"])
    if loc and loc[0] == kind:
        loc = loc[1:]  # the union tag
    field = ".".join(str(part) for part in loc)
    head = f"{where}, field {field}" if field else where
    code, ctx, got = error["type"], error.get("ctx") or {}, _show(error.get("input"))
    kinds = ", ".join(KINDS)
    if code == "union_tag_invalid":
        return f"{where}, field kind: must be one of {kinds}, got {_show(ctx.get('tag'))}"
    if code == "union_tag_not_found":
        return f"{where}, field kind: is required (one of {kinds}), got nothing"
    if code == "model_attributes_type":
        return f"{where}: must be a JSON object {{...}}, got {got}"
    if code == "adjust_value":
        return f"{head}: {ctx['message']}"
    if code == "extra_forbidden":
        model = _MODELS.get(kind)
        allowed = list(model.model_fields) if model else []
        return (
            f"{head}: unknown field for kind {kind}{_suggest(str(loc[-1]), allowed)}; "
            f"allowed: {', '.join(allowed)}"
        )
    if code == "missing":
        return f"{head}: is required, got nothing"
    if code in _BOUNDS:
        bound, words = _BOUNDS[code]
        return f"{head}: must be {words} {_num(ctx[bound])}, got {got}"
    if code == "string_too_short":
        return f"{head}: must not be empty, got {got}"
    if code == "string_too_long":
        return f"{head}: must be at most {ctx.get('max_length')} characters, got {got}"
    if code in _TYPE_WORDS:
        return f"{head}: must be {_TYPE_WORDS[code]}, got {got}"
    return f"{head}: is not valid ({error['msg']}), got {got}"


def parse_adjustments(data: Any, source: str = "adjustments") -> list[Adjustment]:
    """Validate already-decoded JSON: a list of entries or ``{"adjustments": [...]}``.

    Parameters
    ----------
    data
        As :func:`json.loads` returns it; it is not modified.
    source
        Name at the start of every error message, e.g. ``adj.json``.

    Raises
    ------
    InputDataError
        Every problem found, one line each naming the entry (from 1) and the field.
    """
    if isinstance(data, Mapping):
        extra = [str(key) for key in data if key != "adjustments"]
        if extra or "adjustments" not in data:
            found = f"unknown key {extra[0]!r}" if extra else "no 'adjustments' key"
            raise InputDataError(
                f'{source}: must be a JSON list of adjustments or {{"adjustments": [...]}}, '
                f"got an object with {found}"
            )
        data = data["adjustments"]
    if not isinstance(data, list):
        raise InputDataError(
            f'{source}: must be a JSON list of adjustments or {{"adjustments": [...]}}, '
            f"got {_show(data)}"
        )
    problems: list[str] = []
    explicit: dict[str, int] = {}
    for number, item in enumerate(data, start=1):
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            ident = item["id"].strip()
            if ident in explicit:
                problems.append(
                    f"{source} entry {number}, field id: must be unique, got {_show(ident)} "
                    f"again (also entry {explicit[ident]})"
                )
            explicit.setdefault(ident, number)
    taken = set(explicit)
    entries: list[Adjustment] = []
    for number, item in enumerate(data, start=1):
        where = f"{source} entry {number}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a JSON object {{...}}, got {_show(item)}")
            continue
        values = dict(item)
        if "id" not in values:
            values["id"] = _content_id(item, taken)
            taken.add(values["id"])
        values.setdefault("created_at", None)  # unknown, not the time of loading
        try:
            entries.append(_ADAPTER.validate_python(values))
        except ValidationError as exc:
            kind = str(values.get("kind"))
            problems += [_message(e, where, kind) for e in exc.errors(include_url=False)]
    if problems:
        raise InputDataError(list(dict.fromkeys(problems)))
    return entries


def adjustments_from_json(text: str | bytes, source: str = "adjustments") -> list[Adjustment]:
    """Parse the JSON text of an adjustments file (see :func:`parse_adjustments`).

    Raises
    ------
    InputDataError
        Not UTF-8, not valid JSON (naming line and column), or invalid entries.
    """
    if isinstance(text, bytes):
        text = decode_text(text, str(source), InputDataError)
    if not text.strip():
        raise InputDataError(f"{source}: is empty; write [] for no adjustments")
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputDataError(
            f"{source} line {exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    return parse_adjustments(data, source)


def load_adjustments(path: str | os.PathLike[str]) -> list[Adjustment]:
    """Read an adjustments JSON file; error messages name it by its file name.

    Raises
    ------
    InputDataError
        The file cannot be read or holds invalid adjustments.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputDataError(
            f"{path.name}: cannot read the adjustments file {str(path)!r} ({exc.strerror})"
        ) from None
    return adjustments_from_json(raw, path.name)


def save_adjustments(path: str | os.PathLike[str], adjustments: Iterable[Adjustment]) -> None:
    """Write the entries as UTF-8 JSON (replacing the file in one step)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(adjustments_to_json(adjustments) + "\n", encoding="utf-8")
    os.replace(temporary, path)


# --------------------------------------------------------------------------- the log


@dataclass(frozen=True)
class AdjustmentLog:
    """An immutable, ordered adjustment log: every change returns a new log (for undo).

    Parameters
    ----------
    entries
        The entries in the order they apply; ids must be unique.

    Examples
    --------
    >>> log = AdjustmentLog().add(ScaleAdjustment(start="2025-11-11", end="2025-11-11",
    ...                                           factor=1.1, id="a1"))
    >>> len(log.undo())
    0
    """

    entries: tuple[Adjustment, ...] = ()

    def __post_init__(self) -> None:
        entries = tuple(self.entries)
        seen: dict[str, int] = {}
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, _AdjustmentBase):
                raise TypeError(
                    f"adjustment log entry {number} must be an adjustment, "
                    f"got {type(entry).__name__}"
                )
            if entry.id in seen:
                raise InputDataError(
                    f"adjustment log entry {number}, field id: must be unique, got "
                    f"{entry.id!r} again (also entry {seen[entry.id]})"
                )
            seen[entry.id] = number
        object.__setattr__(self, "entries", entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Adjustment]:
        return iter(self.entries)

    @property
    def ids(self) -> tuple[str, ...]:
        """The entries' ids, in order."""
        return tuple(entry.id for entry in self.entries)

    def add(self, entry: Adjustment) -> Self:
        """A new log with ``entry`` appended (it applies after all others)."""
        return type(self)((*self.entries, entry))

    def undo(self) -> Self:
        """A new log without the last entry.

        Raises
        ------
        InputDataError
            The log is empty: there is nothing to undo (an app disables its undo button
            when ``len(log) == 0``; a silent no-op would hide a stale button).
        """
        if not self.entries:
            raise InputDataError("nothing to undo: the adjustment log is empty")
        return type(self)(self.entries[:-1])

    def remove(self, id: str) -> Self:
        """A new log without the entry ``id``; the others keep their order.

        Raises
        ------
        InputDataError
            No entry has that id (the message lists the ids there are).
        """
        if id not in self.ids:
            present = ", ".join(self.ids) or "none, the log is empty"
            raise InputDataError(
                f"adjustment log has no entry with id {id!r}{_suggest(id, self.ids)}; "
                f"ids: {present}"
            )
        return type(self)(tuple(entry for entry in self.entries if entry.id != id))

    def apply(self, forecast: pd.DataFrame, *, source: str = "adjustments") -> pd.DataFrame:
        """:func:`apply_adjustments` with this log's entries."""
        return apply_adjustments(forecast, self.entries, source=source)

    def explain(self, forecast: pd.DataFrame, *, source: str = "adjustments") -> pd.DataFrame:
        """:func:`explain` with this log's entries."""
        return explain(forecast, self.entries, source=source)

    def to_json(self, *, indent: int | None = 2) -> str:
        """:func:`adjustments_to_json` of the entries."""
        return adjustments_to_json(self.entries, indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "adjustments") -> Self:
        """A log from :func:`adjustments_from_json` text."""
        return cls(tuple(adjustments_from_json(text, source)))
