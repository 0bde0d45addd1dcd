"""Campaign phases on an interval grid, and lift curves learned from past campaigns.

A campaign calendar row (``event, phase, start, end``) says that, say, the presale of
``双11 2024`` ran from 2024-10-14 20:00 to 2024-10-21 19:59. Phases nest (the peak day lies
inside the final wave), so every interval is given to its *most specific* phase: the shortest
window that covers it; but the first :data:`SPIKE_HOURS` of a phase that opens inside
another (a wave at 20:00 while the presale runs to midnight) are that phase's opening burst.
Its **elapsed index** counts intervals since that phase's start (floored to the grid), so
interval 0 of a presale is the 20:00 opening and interval 0 of a peak day is 00:00. A phase
of :data:`TWO_CLOCK_DAYS` or more may be read on two clocks (:func:`two_clocks`; the
forecaster decides by a backtest): its closing half by the intervals to its end, so that a
wave's closing rush lines up with past waves' whatever their lengths.

A **lift curve** for a phase type is the ratio of actual inquiries to the ordinary-day
baseline as a function of the elapsed index, pooled over past campaigns of the same
*family* (``双11``, ``618``: the event name without its year) as a ratio of sums. The first
:data:`SPIKE_HOURS` hours keep their interval-by-interval shape (the 5–8× burst after a 20:00
opening decays within one to two hours); later intervals are smoothed over
:data:`SMOOTH_HOURS`. Elapsed indices beyond the longest past phase continue at the level of
the curve's last three days (a presale that runs longer this year stays at presale level).
Past days that spiked far above the days around them in their phase (an unlisted 品牌日) are
left out of the curves (:func:`spike_days`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

SPIKE_HOURS = 3.0
"""Hours after a phase start whose lift is kept interval by interval [h]."""
SMOOTH_HOURS = 2.0
"""Width of the centred moving window that smooths the rest of a curve [h]."""
TAIL_DAYS = 3
"""Days at the end of a curve whose pooled lift continues a phase that runs longer than any
past one [d]: one day would rest on one past campaign's last day (often the only one that
long), and that day's noise would then set the level of every extra day."""
IN_SEASON = "in_season"
"""Pseudo-phase of the days of a campaign season that no listed phase covers (see
:func:`with_season`)."""
SPECIAL_PHASES = frozenset({"peak_day", "after_sales", IN_SEASON})
"""Phases whose lift curve is not a wave opening and is never used for another phase."""
ANY = "*"
"""Wildcard family or phase of a pooled curve."""
END_CLOCK = "@end"
"""Suffix of the curve key of a phase's closing half (:func:`two_clocks`)."""
TWO_CLOCK_DAYS = 2.0
"""Phases at least this long may be read on two clocks (:func:`two_clocks`) [d]."""
SPIKE_DAY_FACTOR = 1.4
"""A past phase day whose inquiries exceed this many times what the days around it in the
same phase imply is an unlisted promotion (a 品牌日, a 聚划算 inside a wave), not the
phase's shape: it is left out of the lift curves (:func:`spike_days`) [factor]."""
SPIKE_DAY_NEIGHBOURS = 2
"""Days on each side of a day that set its expected level [days]."""
SPIKE_DAY_PASSES = 3
"""Passes of :func:`spike_days`, each judging the days left against neighbours that are
not spikes (a two-day 品牌日 three days before another lifts each one's neighbours) [count]."""

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def event_family(event: str) -> str:
    """The campaign family of an event name: the name without its year.

    >>> event_family("双11 2025")
    '双11'
    >>> event_family("618 2024")
    '618'
    """
    family = " ".join(_YEAR.sub(" ", event).split())
    return family or event.strip()


def normalise_calendar(calendar: pd.DataFrame | None, minutes: int) -> pd.DataFrame:
    """Calendar rows with the columns the models use.

    Parameters
    ----------
    calendar
        ``event, phase, start, end`` (``end`` inclusive); ``None`` for no campaigns.
    minutes
        Grid resolution [min]; phase starts are floored to it.

    Returns
    -------
    pandas.DataFrame
        ``event, family, phase, start, end, grid_start, event_start, event_end`` sorted by
        ``start``, index 0..n-1 (the phase id used by :func:`assign_phases`), plus ``heat``
        when the calendar has one. A name reused over years is one campaign per season
        (:func:`split_seasons`).
    """
    columns = ["event", "family", "phase", "start", "end", "grid_start", "event_start", "event_end"]
    if calendar is None or len(calendar) == 0:
        return pd.DataFrame(columns=columns)
    cal = pd.DataFrame(
        {
            "event": calendar["event"].astype(str).to_numpy(),
            "phase": calendar["phase"].astype(str).to_numpy(),
            "start": pd.to_datetime(calendar["start"]).to_numpy(),
            "end": pd.to_datetime(calendar["end"]).to_numpy(),
        }
    )
    if "heat" in calendar.columns:  # the planner's, per campaign (forecaster.forecast)
        cal["heat"] = pd.to_numeric(calendar["heat"], errors="coerce").to_numpy()
        columns = [*columns, "heat"]
    cal["family"] = cal["event"].map(event_family)
    cal["event"] = split_seasons(cal)
    cal["grid_start"] = cal["start"].dt.floor(f"{minutes}min")
    cal["event_start"] = cal.groupby("event")["start"].transform("min")
    cal["event_end"] = cal.groupby("event")["end"].transform("max")
    return cal.sort_values(["start", "end"], kind="stable").reset_index(drop=True)[columns]


SEASON_GAP = pd.Timedelta(days=60)
"""Rows of one event name further apart than this are separate campaigns."""


def split_seasons(cal: pd.DataFrame) -> pd.Series:
    """Event names, with a name reused over years ('双11' every year) split into one
    campaign per season, named ``'<name> <year>'`` by the year its first phase starts."""
    names = cal["event"].copy()
    for event, rows in cal.groupby("event", sort=False):
        rows = rows.sort_values("start")
        new_season = rows["start"] - rows["end"].cummax().shift() > SEASON_GAP
        if not new_season.any():
            continue
        season = new_season.cumsum()
        first = rows.groupby(season)["start"].transform("min")
        names.loc[rows.index] = [f"{event} {y}" for y in first.dt.year]
    return names


def with_season(calendar: pd.DataFrame, minutes: int) -> pd.DataFrame:
    """The calendar plus one :data:`IN_SEASON` row per campaign of two or more phases, spanning
    the campaign from its first start to its last end.

    A season runs hot from the first presale to the last payment: the days between listed
    phases are not ordinary days. The season row is the longest window of its campaign, so
    every listed phase overrides it (:func:`assign_phases` gives an interval to its most
    specific phase) and it covers only the gaps. Its elapsed index is the slot of the day, so
    its lift curve is an intraday profile pooled over every gap day of past campaigns.

    ``calendar`` is the output of :func:`normalise_calendar` on the ``minutes`` grid.
    """
    if calendar.empty:
        return calendar
    counts = calendar.groupby("event", sort=False)["phase"].transform("size")
    firsts = calendar[(counts > 1) & ~calendar["event"].duplicated()]
    if firsts.empty:
        return calendar
    season = firsts.assign(phase=IN_SEASON, start=firsts["event_start"], end=firsts["event_end"])
    season["grid_start"] = season["start"].dt.floor(f"{minutes}min")
    out = pd.concat([calendar, season], ignore_index=True)
    return out.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def assign_phases(
    stamps: pd.DatetimeIndex, calendar: pd.DataFrame, minutes: int
) -> tuple[np.ndarray, np.ndarray]:
    """The most specific phase of each interval and the intervals elapsed since its start.

    The shortest phase that covers an interval wins, except in the first
    :data:`SPIKE_HOURS` after a phase opens inside another one, which are the opening
    phase's (of phases opening together, the shortest's).

    Parameters
    ----------
    stamps
        Sorted interval starts on a regular grid.
    calendar
        Output of :func:`normalise_calendar` on the same grid.
    minutes
        Grid step [min] (``stamps`` may hold a single interval).

    Returns
    -------
    phase : numpy.ndarray of int
        Row of ``calendar`` per interval, ``-1`` outside every phase.
    elapsed : numpy.ndarray of int
        Intervals since the phase's ``grid_start`` (0 at the opening), ``-1`` outside; for
        an :data:`IN_SEASON` row, intervals since midnight (the slot of the day).
    """
    n = len(stamps)
    phase = np.full(n, -1, dtype=np.int64)
    elapsed = np.full(n, -1, dtype=np.int64)
    if n == 0 or calendar.empty:
        return phase, elapsed
    values = stamps.to_numpy()
    step = np.timedelta64(minutes, "m")
    starts = calendar["grid_start"].to_numpy(dtype="datetime64[ns]")
    ends = calendar["end"].to_numpy(dtype="datetime64[ns]")
    between = (calendar["phase"] == IN_SEASON).to_numpy()
    los = np.searchsorted(values, starts, side="left")
    his = np.searchsorted(values, ends, side="right")
    duration = ends - starts
    # longest first, so shorter (more specific) phases overwrite the ones they nest in; of
    # equal ones the season row first (a wave listed over the whole campaign is the wave)
    for row in np.lexsort((~between, -duration.astype("int64"))):
        first = starts[row]
        lo, hi = int(los[row]), int(his[row])
        if hi <= lo:
            continue
        phase[lo:hi] = row
        if between[row]:
            midnight = values[lo:hi].astype("datetime64[D]").astype(values.dtype)
            elapsed[lo:hi] = ((values[lo:hi] - midnight) // step).astype(np.int64)
        else:
            elapsed[lo:hi] = ((values[lo:hi] - first) // step).astype(np.int64)
    # a phase's opening burst is its own even inside a longer-running shorter one (a wave
    # opening at 20:00 while the presale runs to midnight, at 00:00 inside a final-payment
    # day): its first SPIKE_HOURS go to it, in order of opening (of phases opening
    # together the shorter last, as above)
    burst = np.timedelta64(int(SPIKE_HOURS * 60), "m")
    for row in np.lexsort((-duration.astype("int64"), starts)):
        if between[row]:
            continue
        lo = int(los[row])
        hi = min(int(his[row]), int(np.searchsorted(values, starts[row] + burst, side="left")))
        if hi <= lo:
            continue
        phase[lo:hi] = row
        elapsed[lo:hi] = ((values[lo:hi] - starts[row]) // step).astype(np.int64)
    return phase, elapsed


def two_clocks(
    phase: np.ndarray, elapsed: np.ndarray, calendar: pd.DataFrame, minutes: int
) -> tuple[np.ndarray, np.ndarray]:
    """The curve key's phase name and index of each interval of :func:`assign_phases`.

    A wave opens hot, sags, and rises again towards its last day (开门红, then the
    closing rush before the next payment deadline). How long it sags depends on its
    length: day 3 of a three-day wave is its closing rush, day 3 of a twelve-day one lies
    in its trough. So a listed phase of at least :data:`TWO_CLOCK_DAYS` days is read on
    two clocks: its opening half by the intervals since its start, its closing half by the
    intervals to its listed end (0 for its last interval), under the key
    ``phase + END_CLOCK``. A final wave's end is its listed one, the end of its peak day,
    even though the peak day's own intervals belong to the nested peak day.
    :data:`SPECIAL_PHASES` and shorter phases keep one clock.

    Returns
    -------
    names : numpy.ndarray of object
        Phase name, with :data:`END_CLOCK` appended in a closing half ("" outside).
    index : numpy.ndarray of int
        Elapsed index in an opening half; intervals to the end in a closing half.
    """
    names = np.full(len(phase), "", dtype=object)
    index = elapsed.copy()
    inside = np.flatnonzero(phase >= 0)
    if not len(inside) or calendar.empty:
        return names, index
    rows = phase[inside]
    phases = calendar["phase"].to_numpy(dtype=object)
    names[inside] = phases[rows]
    step = pd.Timedelta(minutes=minutes)
    length = ((calendar["end"] - calendar["grid_start"]) // step).to_numpy(dtype=np.int64) + 1
    split = ~calendar["phase"].isin(SPECIAL_PHASES).to_numpy() & (
        length * minutes >= TWO_CLOCK_DAYS * 1440
    )
    late = split[rows] & (elapsed[inside] >= length[rows] // 2)
    pos = inside[late]
    names[pos] = phases[rows[late]] + END_CLOCK
    index[pos] = length[rows[late]] - 1 - elapsed[pos]
    return names, index


def campaign_days(days: pd.DatetimeIndex, calendar: pd.DataFrame) -> np.ndarray:
    """Whether each calendar day overlaps any phase window (bool per day)."""
    out = np.zeros(len(days), dtype=bool)
    if calendar.empty or len(days) == 0:
        return out
    values = days.normalize().to_numpy()
    for first, last in zip(calendar["grid_start"], calendar["end"], strict=True):
        lo = int(np.searchsorted(values, first.normalize().to_datetime64(), side="left"))
        hi = int(np.searchsorted(values, last.to_datetime64(), side="right"))
        out[lo:hi] = True
    return out


def day_phases(
    stamps: pd.Series | pd.DatetimeIndex, calendar: pd.DataFrame | None, minutes: int
) -> dict[pd.Timestamp, frozenset[str]]:
    """The calendar phases (``presale``, ``peak_day``, ...) that touch each day among
    ``stamps`` and the day before them; days no phase touches are left out."""
    if calendar is None or len(calendar) == 0:
        return {}
    days = pd.DatetimeIndex(pd.DatetimeIndex(stamps).normalize().unique()).sort_values()
    if len(days):
        days = days.insert(0, days[0] - pd.Timedelta(days=1))
    cal = normalise_calendar(calendar, minutes)
    values = days.to_numpy()
    found: dict[pd.Timestamp, set[str]] = {}
    for phase, first, last in zip(cal["phase"], cal["grid_start"], cal["end"], strict=True):
        lo = int(np.searchsorted(values, first.normalize().to_datetime64(), side="left"))
        hi = int(np.searchsorted(values, last.to_datetime64(), side="right"))
        for day in days[lo:hi]:
            found.setdefault(pd.Timestamp(day), set()).add(str(phase))
    return {day: frozenset(phases) for day, phases in found.items()}


def campaign_day_list(
    stamps: pd.Series | pd.DatetimeIndex, calendar: pd.DataFrame | None, minutes: int
) -> list[pd.Timestamp]:
    """The days among ``stamps``, and the day before them, that any phase of the
    ``event, phase, start, end`` calendar touches (where ``days = "campaign"`` shift
    templates may run; the day before tells the roster whether outsourced bookings may run
    into the horizon)."""
    if calendar is None or len(calendar) == 0:
        return []
    days = pd.DatetimeIndex(pd.DatetimeIndex(stamps).normalize().unique()).sort_values()
    if len(days):
        days = days.insert(0, days[0] - pd.Timedelta(days=1))
    marks = campaign_days(days, normalise_calendar(calendar, minutes))
    return [d for d, m in zip(days, marks, strict=True) if m]


def spike_days(samples: pd.DataFrame) -> np.ndarray:
    """Rows of past phase days that ran far above the days around them (bool per row).

    For each past phase (``phase_id``), each day's lift (its inquiries over its baseline)
    is compared with the median lift of the up to :data:`SPIKE_DAY_NEIGHBOURS` days on each
    side of it in the same phase, leaving out neighbours already found to be spikes (up to
    :data:`SPIKE_DAY_PASSES` passes: a two-day 品牌日 next to another one would otherwise
    raise each one's expected level). A day is a spike when it is above
    :data:`SPIKE_DAY_FACTOR` times that, and above it by more than three standard deviations
    of its count (a quiet queue's 30 chats against 20 expected are noise), unless the same
    day of the phase (days since its first) was as high in another past campaign of the
    same kind: a surge that comes back every year is the phase's shape. A day needs
    neighbours on both sides: the last day of a phase (a closing rush) is never a spike, the
    first (its opening burst) is judged against the first day of the other past campaigns
    instead (:func:`_edge_spikes`). The lift curves are learned without the spikes, so
    that an unlisted 品牌日 on day five of last year's wave is not forecast on day five of
    this year's; the days themselves stay in the history.
    """
    out = np.zeros(len(samples), dtype=bool)
    if samples.empty:
        return out
    keys = ["phase_id", "day"]
    grouped = samples.groupby(keys, sort=True)
    days = grouped[["y", "base"]].sum(min_count=1).reset_index()
    days["intervals"] = grouped["y"].size().to_numpy()
    days = days[(days["base"] > 0) & days["y"].notna()].reset_index(drop=True)
    labels = [c for c in ("event", "family", "phase", "complete") if c in samples.columns]
    kinds = samples.drop_duplicates("phase_id").set_index("phase_id")[labels]
    lift = (days["y"] / days["base"]).to_numpy()
    ids = days["phase_id"].to_numpy()
    high = np.zeros(len(days), dtype=bool)
    k = SPIKE_DAY_NEIGHBOURS
    for _ in range(SPIKE_DAY_PASSES):
        found = high.copy()
        for pid in pd.unique(ids):
            at = np.flatnonzero(ids == pid)
            for j in range(1, len(at) - 1):
                near = np.concatenate([at[max(j - k, 0) : j], at[j + 1 : j + 1 + k]])
                near = near[~high[near]]  # a 品牌日 next door is not the usual level
                if found[at[j]] or len(near) == 0:
                    continue
                usual = float(np.median(lift[near]))
                expected = usual * float(days.at[at[j], "base"])
                cut = max(SPIKE_DAY_FACTOR * expected, expected + 3 * np.sqrt(expected))
                found[at[j]] = usual > 0 and float(days.at[at[j], "y"]) > cut
        if (found == high).all():
            break
        high = found
    first = days.groupby("phase_id")["day"].transform("min")
    days["offset"] = (days["day"] - first).dt.days
    days = days.join(kinds, on="phase_id")
    if "event" not in days:
        days["event"] = days["phase_id"]
    edge = _edge_spikes(days, lift, k)
    if not (high.any() or edge.any()):
        return out
    # the same day of a phase of the same kind high in another past campaign: its shape
    kind = [c for c in ("family", "phase") if c in days.columns] + ["offset"]
    campaigns = days["event"].where(high).groupby([days[c] for c in kind]).transform("nunique")
    spikes = days[(high & (campaigns.to_numpy() < 2)) | edge]
    if spikes.empty:
        return out
    index = pd.MultiIndex.from_arrays([samples["phase_id"], samples["day"]])
    return np.asarray(index.isin(pd.MultiIndex.from_frame(spikes[keys])), dtype=bool)


def _edge_spikes(days: pd.DataFrame, lift: np.ndarray, k: int) -> np.ndarray:
    """First days of past phases that ran far above the first day of the same phase kind
    in the other past campaigns (bool per row of ``days``, one row per phase day with
    ``phase_id``, ``day``, ``y``, ``base``, ``intervals`` and the kind's ``family``,
    ``phase`` and ``complete`` where known; ``lift`` its ``y / base``).

    A first day has neighbours on one side only, so :func:`spike_days` cannot tell an
    opening burst from a 品牌日 on it. Its lift over the median of the ``k`` days after
    it (which takes out the campaign's heat) is compared with the same ratio in the other
    past campaigns of the kind (at least two): above :data:`SPIKE_DAY_FACTOR` times their
    median, and above it by more than three standard deviations of its count, it is a
    spike. An opening burst comes back every year; an unlisted promotion on after-sales'
    first day does not. Only whole days are judged (a phase that opens at 20:00 has its
    burst in its first day's four hours, whose share of the day differs from year to
    year), and not the days between listed phases nor a campaign under way. Last days are
    not judged: a wave's closing rush over its trough grows with the wave's length.
    """
    out = np.zeros(len(days), dtype=bool)
    kind = [c for c in ("family", "phase") if c in days.columns]
    ids = days["phase_id"].to_numpy()
    whole = days["intervals"].to_numpy() >= days.groupby("phase_id")["intervals"].transform("max")
    if "phase" in days.columns:  # the days between phases run from and into other phases
        whole &= (days["phase"] != IN_SEASON).to_numpy()
    if "complete" in days.columns:  # a campaign under way: its last day is the history's
        whole &= days["complete"].fillna(False).astype(bool).to_numpy()
    records = []
    for pid in pd.unique(ids):
        at = np.flatnonzero(ids == pid)
        if len(at) < 2:
            continue
        row, inner = at[0], at[1 : 1 + k]
        if not whole[row]:  # a 20:00 opening's evening: the burst, whatever its size
            continue
        usual = float(np.median(lift[inner]))
        if usual > 0:
            records.append((row, lift[row] / usual, usual))
    if not records:
        return out
    edges = pd.DataFrame(records, columns=["row", "ratio", "usual"])
    edges = edges.join(days[[*kind, "event"]], on="row")
    for _, group in edges.groupby([edges[c] for c in kind] or [edges["row"] * 0], sort=False):
        if group["event"].nunique() < 3:
            continue
        for j, one in group.iterrows():
            others = group.loc[(group.index != j) & (group["event"] != one["event"]), "ratio"]
            if len(others) < 2:
                continue
            row = int(one["row"])
            expected = float(np.median(others)) * float(one["usual"]) * float(days.at[row, "base"])
            cut = max(SPIKE_DAY_FACTOR * expected, expected + 3 * np.sqrt(expected))
            out[row] = float(days.at[row, "y"]) > cut
    return out


@dataclass(frozen=True)
class LiftCurve:
    """Lift over the ordinary-day baseline by elapsed interval of one phase type.

    Attributes
    ----------
    values
        Lift per elapsed interval [factor], ``values[0]`` the phase's first interval.
    tail
        Lift beyond the learned length: the level of the curve's last :data:`TAIL_DAYS`
        days, as a ratio of sums [factor].
    events
        Number of past phases the curve pools.
    day_shape
        The tail's lift through the day, per interval of the day counted from the phase's
        start (mean 1 over the tail's ordinary volume; None: flat) [factor].
    """

    values: np.ndarray
    tail: float
    events: int
    day_shape: np.ndarray | None = None

    def at(self, elapsed: np.ndarray) -> np.ndarray:
        """Lift at elapsed indices (beyond the learned length: :attr:`tail`, times
        :attr:`day_shape` at the index's slot of the day when there is one)."""
        idx = np.asarray(elapsed)
        out = np.full(idx.shape, self.tail, dtype=float)
        if self.day_shape is not None:
            beyond = idx >= len(self.values)
            out[beyond] = self.tail * self.day_shape[idx[beyond] % len(self.day_shape)]
        inside = (idx >= 0) & (idx < len(self.values))
        out[inside] = self.values[idx[inside]]
        return out


def curve_from_sums(
    elapsed: np.ndarray, y: np.ndarray, base: np.ndarray, events: int, minutes: int
) -> LiftCurve | None:
    """A :class:`LiftCurve` from actuals and baselines summed by elapsed interval.

    Parameters
    ----------
    elapsed
        Elapsed indices (≥ 0) the sums belong to.
    y, base
        Summed actual inquiries and baseline per elapsed index [count].
    events
        Number of past phases pooled.
    minutes
        Grid resolution [min].

    Returns
    -------
    LiftCurve or None
        ``None`` when there is no baseline volume.
    """
    keep = base > 1e-9
    if not keep.any():
        return None
    elapsed, y_in, base_in = elapsed[keep], y[keep], base[keep]
    length = int(elapsed.max()) + 1
    y = np.zeros(length)
    base = np.zeros(length)
    np.add.at(y, elapsed, y_in)
    np.add.at(base, elapsed, base_in)
    per_hour = 60 // minutes if minutes <= 60 else 1
    spike = int(round(SPIKE_HOURS * per_hour))
    half = max(int(round(SMOOTH_HOURS * per_hour / 2)), 1)
    kernel = np.ones(2 * half + 1)
    # "full" and cut: "same" returns the kernel's length for a phase shorter than it
    smooth_y = np.convolve(y, kernel)[half : half + length]
    smooth_b = np.convolve(base, kernel)[half : half + length]
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = y / base
        smooth = smooth_y / smooth_b
    values = np.where(np.arange(length) < spike, raw, smooth)
    # fill elapsed indices no past phase observed (an outage) from the smoothed level
    values = np.where(np.isfinite(values), values, smooth)
    values = _same_slot_fill(values, 1440 // minutes)
    overall = float(y.sum() / base.sum())
    values = np.where(np.isfinite(values), values, overall)
    last_days = slice(max(length - TAIL_DAYS * (1440 // minutes), min(spike, length - 1)), length)
    tail_base = base[last_days].sum()
    tail = float(y[last_days].sum() / tail_base) if tail_base > 0 else overall
    shape = _tail_day_shape(y, base, last_days, 1440 // minutes)
    return LiftCurve(values=values, tail=tail, events=events, day_shape=shape)


def _tail_day_shape(
    y: np.ndarray, base: np.ndarray, days: slice, per_day: int
) -> np.ndarray | None:
    """How the lift of a curve's last days runs through the day, for the days beyond its
    learned length (:attr:`LiftCurve.day_shape`): per slot of the day, the ratio of the
    actuals' to the baselines' sums over those days (and half an hour either side) over
    the tail's level, minus 1, times its split-half reliability (odd against even days;
    :func:`forecaster.forecast._reliable_departures` does the same for the ordinary days'
    profiles), plus 1. None when the tail holds less than two days.

    Where a campaign's excess is its own (an additive shop: the same extra inquiries
    whatever the hour's ordinary volume), the lift runs high at night and low at the
    day's peak; a phase longer than any past one then keeps that rhythm on its extra days,
    where one flat tail level put the night's campaign inquiries into the afternoon. Where
    the lift is flat through the day (a multiplicative shop) the halves disagree and the
    shape stays 1.
    """
    idx = np.arange(days.start, days.stop)
    day = (idx - idx[0]) // per_day
    if day.max(initial=0) < 1:
        return None

    def departure(pick: np.ndarray) -> np.ndarray:
        fold_y = np.zeros(per_day)
        fold_b = np.zeros(per_day)
        np.add.at(fold_y, idx[pick] % per_day, y[idx[pick]])
        np.add.at(fold_b, idx[pick] % per_day, base[idx[pick]])
        width = max(per_day // 48, 1)  # half an hour each side, around the clock
        fold_y = np.sum([np.roll(fold_y, k) for k in range(-width, width + 1)], axis=0)
        fold_b = np.sum([np.roll(fold_b, k) for k in range(-width, width + 1)], axis=0)
        if not (fold_y.sum() > 0 and fold_b.sum() > 0):
            return np.zeros(per_day)
        level = fold_y.sum() / fold_b.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(fold_b > 0, fold_y / fold_b / level, 1.0) - 1.0
        return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0)

    whole = departure(np.ones(len(idx), dtype=bool))
    half_a, half_b = departure(day % 2 == 0), departure(day % 2 == 1)
    squares = float((whole**2).sum())
    weight = float(np.clip((half_a * half_b).sum() / squares, 0.0, 1.0)) if squares > 0 else 0.0
    return np.maximum(1.0 + weight * whole, 0.0)


def _same_slot_fill(values: np.ndarray, per_day: int, days: int = 7) -> np.ndarray:
    """Elapsed indices still unknown (whole days no past phase observed: a shop closed at
    weekends, whose past phases crossed a weekend there) take the same slot of the nearest
    observed day of the phase, earlier days first, within ``days``. The phase's mean lift
    would put its peak's share into a plateau day."""
    out = values.copy()
    for step in range(1, days + 1):
        missing = np.flatnonzero(~np.isfinite(out))
        if not len(missing):
            break
        for shift in (-step * per_day, step * per_day):
            src = missing + shift
            ok = (src >= 0) & (src < len(values))
            ok[ok] &= np.isfinite(values[src[ok]])
            fill = missing[ok]
            out[fill] = np.where(np.isfinite(out[fill]), out[fill], values[src[ok]])
    return out


def build_curve(samples: pd.DataFrame, minutes: int) -> LiftCurve | None:
    """Pool ``(elapsed, y, base)`` samples of past phases into a :class:`LiftCurve`.

    ``samples`` has one row per observed interval of a past phase: ``elapsed``
    [intervals], ``y`` actual inquiries, ``base`` the baseline [count], ``phase_id``.
    """
    if samples.empty:
        return None
    return curve_from_sums(
        samples["elapsed"].to_numpy(dtype=np.int64),
        samples["y"].to_numpy(dtype=float),
        samples["base"].to_numpy(dtype=float),
        int(samples["phase_id"].nunique()),
        minutes,
    )


Key = tuple[str, str]


def _keyed(samples: pd.DataFrame) -> pd.DataFrame:
    """Samples repeated once per curve they feed: ``(family, phase)``, ``(ANY, phase)``,
    ``(family, ANY)`` and ``(ANY, ANY)`` (the wildcard-phase pools without
    :data:`SPECIAL_PHASES`, unless nothing else is there)."""
    generic = samples[
        ~samples["phase"].isin(SPECIAL_PHASES) & ~samples["phase"].str.endswith(END_CLOCK)
    ]
    pooled = generic if not generic.empty else samples
    parts = [
        samples.assign(k_family=samples["family"], k_phase=samples["phase"]),
        samples.assign(k_family=ANY, k_phase=samples["phase"]),
        generic.assign(k_family=generic["family"], k_phase=ANY),
        pooled.assign(k_family=ANY, k_phase=ANY),
    ]
    return pd.concat(parts, ignore_index=True)


class CurveBook:
    """Lift-curve sums by curve, event and elapsed interval.

    Curves are ratios of sums, so the curves without one campaign (for leave-one-campaign-
    out checks) are the totals minus that campaign's sums, rebuilt only for the curves the
    campaign feeds: linear in the number of campaigns, not quadratic.
    """

    def __init__(self, samples: pd.DataFrame, minutes: int) -> None:
        self.minutes = minutes
        keyed = _keyed(samples)
        cols = ["k_family", "k_phase", "event", "elapsed"]
        self._by_event = keyed.groupby(cols, sort=False)[["y", "base"]].sum().reset_index()
        self._by_event["key"] = self._by_event["k_family"] + "\x1f" + self._by_event["k_phase"]
        phases = keyed.groupby(["k_family", "k_phase", "event"], sort=False)["phase_id"].nunique()
        self._events: dict[Key, int] = {
            (str(f), str(p)): int(n) for (f, p), n in phases.groupby(level=[0, 1]).sum().items()
        }
        self._own_events: dict[tuple[str, str, str], int] = {
            (str(f), str(p), str(e)): int(n) for (f, p, e), n in phases.items()
        }
        self._full = self._build(self._by_event)

    def _build(self, sums: pd.DataFrame) -> dict[Key, LiftCurve]:
        curves: dict[Key, LiftCurve] = {}
        for (family, phase), part in sums.groupby(["k_family", "k_phase"], sort=False):
            events = self._events[(str(family), str(phase))]
            curve = curve_from_sums(
                part["elapsed"].to_numpy(dtype=np.int64),
                part["y"].to_numpy(dtype=float),
                part["base"].to_numpy(dtype=float),
                events,
                self.minutes,
            )
            if curve is not None:
                curves[(str(family), str(phase))] = curve
        return curves

    def curves(self, without: str | None = None) -> dict[Key, LiftCurve]:
        """All curves, or those learned without the campaign ``without``."""
        if without is None:
            return dict(self._full)
        own = self._by_event[self._by_event["event"] == without]
        pairs = own[["k_family", "k_phase"]].drop_duplicates()
        touched = set(zip(pairs["k_family"], pairs["k_phase"], strict=True))
        out = {k: v for k, v in self._full.items() if k not in touched}
        keys = {f"{f}\x1f{p}" for f, p in touched}
        rest = self._by_event[
            (self._by_event["event"] != without) & self._by_event["key"].isin(keys)
        ]
        for (family, phase), part in rest.groupby(["k_family", "k_phase"], sort=False):
            sums = part.groupby("elapsed")[["y", "base"]].sum()
            curve = curve_from_sums(
                sums.index.to_numpy(dtype=np.int64),
                sums["y"].to_numpy(),
                sums["base"].to_numpy(),
                self._events[(str(family), str(phase))]
                - self._own_events.get((str(family), str(phase), without), 0),
                self.minutes,
            )
            if curve is not None:
                out[(str(family), str(phase))] = curve
        return out


def build_curves(samples: pd.DataFrame, minutes: int) -> dict[Key, LiftCurve]:
    """Curves per ``(family, phase)`` plus pooled ``(ANY, phase)``, ``(family, ANY)``, ``(ANY, ANY)``.

    ``samples`` needs ``family, phase, phase_id, event, elapsed, y, base``. The
    wildcard-phase pools leave out :data:`SPECIAL_PHASES`, whose curves (a whole day from
    00:00, a hump of after-sales days) do not describe a phase that opens with a wave.
    """
    if samples.empty:
        return {}
    return CurveBook(samples, minutes).curves()


def clock_curve(
    curves: dict[tuple[str, str], LiftCurve],
    family: str,
    name: str,
    index: np.ndarray,
    elapsed: np.ndarray,
) -> tuple[LiftCurve | None, np.ndarray]:
    """The curve of intervals keyed ``name`` by :func:`two_clocks` and the indices to read
    it at: a closing half no past phase's closing half describes is read on the opening
    clock (``elapsed``), as a phase of one clock would be."""
    curve = lookup_curve(curves, family, name)
    if curve is None and name.endswith(END_CLOCK):
        return lookup_curve(curves, family, name.removesuffix(END_CLOCK)), elapsed
    return curve, index


def lookup_curve(
    curves: dict[tuple[str, str], LiftCurve], family: str, phase: str
) -> LiftCurve | None:
    """The most specific learned curve for a phase: same family and phase, then the same phase
    of any family, then any phase of the family, then everything pooled. The days between
    phases (:data:`IN_SEASON`) only take an in-season curve."""
    keys = [(family, phase), (ANY, phase)]
    if phase != IN_SEASON and not phase.endswith(END_CLOCK):
        keys += [(family, ANY), (ANY, ANY)]
    for key in keys:
        if key in curves:
            return curves[key]
    return None
