"""Opening hours found in a history: which slots of each weekday a queue is closed.

Not every contact centre is open around the clock. A bank's call centre that answers on
weekdays from 07:00 to 21:00 exports rows for those hours only (or zeros for the rest), and
a shop may close on Sundays. Those slots are *closed*: never served, so neither a gap in the
export nor an export outage, and the forecast there is exactly 0.

:func:`opening_hours` decides it per queue from the recent weeks of the history
(:data:`OPENING_WEEKS` before its last day), per weekday × time slot: a slot is **open** if
it served at least one inquiry on that weekday in those weeks, otherwise (no rows, or only
zeros) it is **closed**. That separates the three cases the validator and the forecaster
must tell apart:

- a whole day missing among open days (one Wednesday without rows) is a *gap*: the other
  Wednesdays served those slots, so they are open;
- zeros where the same slot is busy on the other weeks are an *outage*: the slot is open;
- a weekday never open (no rows, or zeros, on every recent Saturday) is a *closed day*.

Hours that changed over the history follow the recent weeks: a slot served recently is open,
one no longer served is closed. Safeguards against calling a quiet slot closed: a closed run
must last at least :data:`MIN_CLOSED_MINUTES` (runs wrap around midnight and the week), a
weekday seen fewer than :data:`MIN_WEEKDAYS_SEEN` times in the window is taken as open (no
evidence), and a queue with no open slot at all is taken as open throughout (silence does
not show a schedule).

Many shops and most B2B service desks keep office days, not weekdays: closed on statutory
holidays (a National Day Wednesday) and open on the 调休 make-up Saturday. Weekly hours alone
would call that Saturday open (it was served once in the window) and the holiday Wednesday
an outage. So the weekly hours are found on plain days only (no holiday, no make-up day of
the holiday ``region``), and :func:`calendar_rules` decides from the whole history whether
each kind of holiday (Spring Festival, National Day, the others) is closed, and whether
make-up days on a weekday that is otherwise closed are served with the weekdays' hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecaster.holidays import DEFAULT_REGION, holiday_features
from forecaster.messages import Message, msg

OPENING_WEEKS = 10
"""Recent weeks before the end of a history that decide its opening hours [weeks]."""
MIN_CLOSED_MINUTES = 60
"""Shortest run of never-served slots taken as closed [min]; shorter runs are quiet."""
MIN_WEEKDAYS_SEEN = 3
"""Days of a weekday the window must hold before that weekday can be closed [days]."""
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys, Monday first (message ids ``weekday.<key>``)."""
HOLIDAY_KINDS = ("spring_festival", "national_day", "other_holiday")
"""Holiday features (:func:`~forecaster.holidays.holiday_features`) closed or open as a kind."""
CLOSED_SHARE = 0.8
"""Share of a holiday kind's days (on weekly-open weekdays) that served nothing for the kind
to be closed; ordinary open days must almost never serve nothing (a quiet queue's empty days
are no closing)."""
MAKEUP_SHARE = 0.5
"""Share of the make-up days on a closed weekday that were served for them to be open."""


@dataclass(frozen=True, eq=False)
class OpeningHours:
    """The slots a queue serves on each weekday.

    Attributes
    ----------
    minutes
        Length of a slot [min].
    weekly
        Open slots, shape ``(7, 1440 // minutes)``, Monday first [bool].
    campaign_slots
        Slots of the day served on past campaign days, shape ``(1440 // minutes,)``, or
        ``None``: on a campaign day of an open weekday these are open too (shops extend
        their hours for 双11), see :meth:`mask`.
    region
        Whose holidays and make-up days :attr:`closed_holidays` and :attr:`makeup` refer to.
    closed_holidays
        Holiday kinds (:data:`HOLIDAY_KINDS`) the queue is closed on, whatever the weekday.
    makeup
        Slots open on a make-up working day (调休) that falls on a weekday otherwise closed,
        shape ``(1440 // minutes,)``; ``None``: such days keep their weekday's hours.
    """

    minutes: int
    weekly: np.ndarray
    campaign_slots: np.ndarray | None = None
    region: str = DEFAULT_REGION
    closed_holidays: frozenset[str] = frozenset()
    makeup: np.ndarray | None = None

    @classmethod
    def always(cls, minutes: int) -> OpeningHours:
        """Open around the clock, every day."""
        return cls(minutes, np.ones((7, 1440 // minutes), dtype=bool))

    @property
    def slots(self) -> int:
        return int(self.weekly.shape[1])

    @property
    def open_days(self) -> np.ndarray:
        """Weekdays with at least one open slot, Monday first [bool, shape (7,)]."""
        return np.asarray(self.weekly.any(axis=1))

    @property
    def always_open(self) -> bool:
        return bool(self.weekly.all()) and not self.closed_holidays

    @property
    def follows_calendar(self) -> bool:
        """Whether holidays or make-up days change the weekly hours."""
        return bool(self.closed_holidays) or self.makeup is not None

    def mask(self, days: pd.DatetimeIndex, campaign: np.ndarray | None = None) -> np.ndarray:
        """Open slots of each day, shape ``(len(days), slots)`` [bool]: the weekday's hours,
        none on a closed holiday, :attr:`makeup` on a served make-up day.

        ``campaign`` marks campaign days (bool per day): on those, :attr:`campaign_slots`
        are open too, unless the day is closed altogether.
        """
        days = pd.DatetimeIndex(days)
        out = self.weekly[days.day_of_week.to_numpy()].copy()
        if self.follows_calendar and len(days):
            features = holiday_features(days, self.region)
            if self.makeup is not None:
                makeup = (features["makeup_workday"].to_numpy() > 0) & ~out.any(axis=1)
                out[makeup] = self.makeup
            for kind in self.closed_holidays:
                out[features[kind].to_numpy() > 0] = False
        if campaign is not None and self.campaign_slots is not None:
            extend = np.asarray(campaign, dtype=bool) & out.any(axis=1)
            out[extend] |= self.campaign_slots
        return out

    def is_open(self, stamps: pd.DatetimeIndex) -> np.ndarray:
        """Whether each interval start falls in an open slot (no campaign extension) [bool]."""
        stamps = pd.DatetimeIndex(stamps)
        slot = (stamps.hour.to_numpy() * 60 + stamps.minute.to_numpy()) // self.minutes
        if not self.follows_calendar:
            return np.asarray(self.weekly[stamps.day_of_week.to_numpy(), slot])
        days, row = np.unique(stamps.normalize().to_numpy(), return_inverse=True)
        return np.asarray(self.mask(pd.DatetimeIndex(days))[row, slot])

    def describe(self) -> Message:
        """The hours as people write them: ``mon–fri 07:00–21:00; closed sat–sun``
        (``周一至周五 07:00–21:00；周六至周日不营业`` in Chinese)."""
        groups: dict[bytes, list[int]] = {}
        for day in range(7):
            groups.setdefault(self.weekly[day].tobytes(), []).append(day)
        parts: list[Message] = []
        closed: list[int] = []
        for days in groups.values():
            row = self.weekly[days[0]]
            if not row.any():
                closed = days
                continue
            hours = tuple(
                f"{_clock(a * self.minutes)}–{_clock(b * self.minutes)}" for a, b in _runs(row)
            )
            parts.append(msg("open.hours", days=_day_list(days), hours=hours))
        if closed:
            parts.append(msg("open.closed", days=_day_list(closed)))
        if self.closed_holidays:
            parts.append(msg("open.holidays"))
        if self.makeup is not None:
            parts.append(msg("open.makeup"))
        return msg("open.week", parts=parts)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` index pairs of the runs of True in ``mask`` (stop exclusive)."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _day_list(days: Iterable[int]) -> tuple[Message, ...]:
    """Weekdays as ranges of consecutive days: ``mon–fri``, ``sat``."""
    out: list[Message] = []
    for a, b in _runs(np.isin(np.arange(7), list(days))):
        first = msg(f"weekday.{DAY_NAMES[a]}")
        if b - a == 1:
            out.append(first)
        else:
            out.append(msg("open.range", first=first, last=msg(f"weekday.{DAY_NAMES[b - 1]}")))
    return tuple(out)


def weekly_open(
    days: pd.DatetimeIndex,
    y: np.ndarray,
    minutes: int,
    *,
    weeks: int = OPENING_WEEKS,
    plain: np.ndarray | None = None,
) -> np.ndarray:
    """Open slots per weekday from one queue's days × slots matrix (module docstring).

    Parameters
    ----------
    days
        Midnight of each row of ``y``, consecutive days.
    y
        Inquiries per slot, shape ``(len(days), 1440 // minutes)``; NaN where the history has
        no row [count].
    minutes
        Slot length [min].
    weeks
        Recent weeks that decide (default :data:`OPENING_WEEKS`).
    plain
        Days that count (bool per day; default all): :func:`opening` leaves holidays and
        make-up days out, whose hours follow :func:`calendar_rules`.

    Returns
    -------
    numpy.ndarray
        Shape ``(7, slots)``, Monday first [bool].
    """
    slots = y.shape[1]
    first = max(len(days) - 7 * weeks, 0)
    recent = np.nan_to_num(np.asarray(y[first:], dtype=float)) > 0
    dow = pd.DatetimeIndex(days[first:]).day_of_week.to_numpy()
    if plain is not None:
        keep = np.asarray(plain[first:], dtype=bool)
        recent, dow = recent[keep], dow[keep]
    served = np.ones((7, slots), dtype=bool)
    for day in range(7):
        rows = recent[dow == day]
        if len(rows) >= MIN_WEEKDAYS_SEEN:
            served[day] = rows.any(axis=0)
    if not served.any():
        return np.ones((7, slots), dtype=bool)
    # short closed runs are quiet slots, not closing time; runs wrap around the week
    flat = served.ravel()
    shift = int(np.argmax(flat))  # an open slot: no closed run is cut at the array's ends
    rolled = np.roll(flat, -shift)
    shortest = max(MIN_CLOSED_MINUTES // minutes, 1)
    for a, b in _runs(~rolled):
        if b - a < shortest:
            rolled[a:b] = True
    return np.roll(rolled, shift).reshape(7, slots)


def calendar_rules(
    days: pd.DatetimeIndex, y: np.ndarray, weekly: np.ndarray, features: pd.DataFrame
) -> tuple[frozenset[str], np.ndarray | None]:
    """Which holiday kinds are closed, and the hours of a served make-up day, from a whole
    history (holidays are rare, so every year counts).

    A kind is closed when at least :data:`CLOSED_SHARE` of its days that fall on a weekly-open
    weekday served nothing while ordinary open days almost always served something. Make-up
    days on a weekday the weekly hours close are open, with the union of the Monday-Friday
    hours, when at least :data:`MAKEUP_SHARE` of them were served.

    Parameters
    ----------
    days, y
        As for :func:`weekly_open` (the whole history).
    weekly
        The plain days' hours from :func:`weekly_open`.
    features
        :func:`~forecaster.holidays.holiday_features` of ``days`` (positional).
    """
    served = (np.nan_to_num(np.asarray(y, dtype=float)) > 0).any(axis=1)
    open_weekday = weekly[pd.DatetimeIndex(days).day_of_week.to_numpy()].any(axis=1)
    holiday = features[list(HOLIDAY_KINDS)].to_numpy() > 0
    makeup = features["makeup_workday"].to_numpy() > 0
    plain = open_weekday & ~holiday.any(axis=1) & ~makeup
    empty_plain = 1 - served[plain].mean() if plain.any() else 1.0
    closed: set[str] = set()
    if empty_plain < 0.05:
        for k, kind in enumerate(HOLIDAY_KINDS):
            on = holiday[:, k] & open_weekday
            if on.sum() >= 2 and 1 - served[on].mean() >= CLOSED_SHARE:
                closed.add(kind)
    extra = makeup & ~open_weekday
    hours = None
    if extra.any() and served[extra].mean() >= MAKEUP_SHARE and weekly[:5].any():
        hours = np.asarray(weekly[:5].any(axis=0))
    return frozenset(closed), hours


def opening(
    days: pd.DatetimeIndex,
    y: np.ndarray,
    minutes: int,
    *,
    region: str = DEFAULT_REGION,
    weeks: int = OPENING_WEEKS,
) -> OpeningHours:
    """One queue's :class:`OpeningHours` from its days × slots matrix (module docstring):
    weekly hours on the recent plain days, then the holiday rules of ``region``."""
    features = holiday_features(pd.DatetimeIndex(days), region).reset_index(drop=True)
    special = features[[*HOLIDAY_KINDS, "makeup_workday"]].to_numpy().sum(axis=1) > 0
    weekly = weekly_open(days, y, minutes, weeks=weeks, plain=~special)
    closed, makeup = calendar_rules(days, y, weekly, features)
    return OpeningHours(minutes, weekly, region=region, closed_holidays=closed, makeup=makeup)


def day_matrix(
    stamps: pd.Series | pd.DatetimeIndex, values: np.ndarray, minutes: int
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """One queue's values on a grid of whole days: the days and a ``(days, slots)`` matrix
    with NaN where there is no value."""
    stamps = pd.DatetimeIndex(stamps)
    slots = 1440 // minutes
    first, last = stamps.min().normalize(), stamps.max().normalize()
    days = pd.date_range(first, last, freq="D")
    y = np.full(len(days) * slots, np.nan)
    pos = ((stamps - first) // pd.Timedelta(minutes=minutes)).to_numpy().astype(np.int64)
    y[pos] = np.asarray(values, dtype=float)
    return days, y.reshape(len(days), slots)


def opening_hours(
    frame: pd.DataFrame,
    minutes: int,
    *,
    weeks: int = OPENING_WEEKS,
    region: str = DEFAULT_REGION,
) -> dict[str, OpeningHours]:
    """Each queue's opening hours from a tidy ``interval_start, queue, inquiries`` history.

    Parameters
    ----------
    frame
        One row per queue and interval (missing rows allowed); a ``queue`` column is
        optional (queue ``all``).
    minutes
        The history's interval [min]; interval starts lie on that grid.
    weeks
        Recent weeks before each queue's last day that decide (:data:`OPENING_WEEKS`).
    region
        Whose holidays and make-up days (:func:`~forecaster.holidays.check_region`).

    Returns
    -------
    dict
        Queue → :class:`OpeningHours` (see the module docstring for the rules).
    """
    queues = frame["queue"].astype(str) if "queue" in frame.columns else None
    out: dict[str, OpeningHours] = {}
    parts = frame.groupby(queues, sort=False) if queues is not None else [("all", frame)]
    for queue, part in parts:
        if part.empty:
            continue
        days, y = day_matrix(
            part["interval_start"], part["inquiries"].to_numpy(dtype=float), minutes
        )
        out[str(queue)] = opening(days, y, minutes, region=region, weeks=weeks)
    return out
