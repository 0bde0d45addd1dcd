"""Loading and validating history and calendar files, and the data-quality report.

``read_history`` and ``read_calendar`` return clean tidy frames (``docs/contracts.md``)
together with what was found on the way. Defects come in two severities:

- **fatal** (the file cannot be used as it is): missing required columns, unparseable
  timestamps, empty/negative/non-integer counts, duplicate (queue, interval) rows with
  different values, a resolution other than 15/30/60 minutes, timestamps off that grid,
  calendar phases that end before they start. All fatal defects are collected and raised
  together as one :class:`~forecaster.errors.InputDataError`, one message per defect.
- **warnings** (usable, with care): exact duplicate export rows (one copy kept), missing
  intervals, runs of zeros that look like an export outage (flagged in the ``outage`` column
  so the forecaster can exclude them), optional columns with bad cells, unknown calendar
  phases, overlapping calendar phases that are not a known nesting.

Closed hours: slots a queue never serves (no rows, or only zeros, on that weekday in the
recent weeks; :func:`forecaster.opening.opening_hours`) are neither gaps nor outages; one
``info`` finding per queue with closed hours says which hours are open.

Suspected outages: a run of zero intervals in open slots is flagged when the inquiries one
would expect there (the median of the same time slot over the surrounding ±7 days) add up to
at least ``OUTAGE_MIN_EXPECTED``; a chat queue that expects 30 inquiries and receives none is not
quiet, it is broken (under Poisson counts that has probability e^-30). Quiet nights of a
small shop are therefore not flagged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from forecaster.campaigns import split_seasons
from forecaster.errors import InputDataError
from forecaster.io import (
    CALENDAR_ALIASES,
    HISTORY_ALIASES,
    MAX_LISTED,
    PHASE_VALUES,
    PHASES,
    QUEUE_VALUES,
    SUMMARY_LABELS,
    WESTERN,
    PathOrBuffer,
    Table,
    as_text,
    cell_problem,
    is_time_only,
    listing,
    melt_queue_columns,
    original_name,
    parse_counts,
    parse_datetimes,
    parse_durations,
    parse_fractions,
    parse_time_of_day,
    read_table,
)
from forecaster.messages import msg, render
from forecaster.opening import OpeningHours, opening_hours

RESOLUTIONS_MINUTES = (15, 30, 60)
OUTAGE_MIN_EXPECTED = 30.0
"""Expected inquiries [count] a zero run must have lost to be flagged as an outage."""
OUTAGE_MIN_INTERVALS = 1
"""Shortest zero run [intervals] considered an outage."""
NESTING_PHASES = frozenset({"peak_day", "final_payment", "after_sales"})
"""Phases that may lie inside another phase of the same event without a warning."""

Severity = Literal["info", "warning", "error"]
"""``info`` is no defect: something the planner should know (a queue's opening hours)."""


@dataclass(frozen=True)
class Finding:
    """One data-quality finding."""

    severity: Severity
    code: str
    """Machine-readable kind: ``duplicate``, ``gap``, ``outage``, ``overlap``, ``opening``
    ..."""
    message: str


@dataclass(frozen=True)
class Span:
    """A run of intervals of one queue (a gap or a suspected outage)."""

    queue: str
    start: pd.Timestamp
    end: pd.Timestamp
    """Start of the last interval in the run."""
    intervals: int
    expected_inquiries: float = float("nan")
    """Inquiries one would have expected in the run [count] (outages only)."""

    def describe(self, minutes: int) -> str:
        stop = self.end + pd.Timedelta(minutes=minutes)
        where = {"queue": self.queue, "start": self.start, "stop": stop, "n": self.intervals}
        if np.isnan(self.expected_inquiries):
            return msg("val.span", **where)
        return msg("val.span_expected", **where, expected=self.expected_inquiries)


@dataclass(frozen=True)
class History:
    """A loaded, validated history file."""

    frame: pd.DataFrame
    """``interval_start, queue, inquiries`` (+ optional columns present in the file) and
    ``outage`` (bool, suspected export outage), sorted by queue and interval."""
    interval_minutes: int
    source: str
    findings: tuple[Finding, ...] = ()
    gaps: tuple[Span, ...] = ()
    outages: tuple[Span, ...] = ()
    duplicate_rows: tuple[int, ...] = ()
    """File rows dropped as exact duplicates of an earlier row."""

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(pd.unique(self.frame["queue"]))

    def keyed(self, rename: Mapping[str, str]) -> History:
        """The history with queues renamed (a configuration's display names to its keys,
        :meth:`PlanConfig.queue_keys`)."""
        if not rename:
            return self
        frame = self.frame.assign(queue=self.frame["queue"].map(lambda q: rename.get(q, q)))
        return replace(
            self,
            frame=frame,
            gaps=tuple(replace(g, queue=rename.get(g.queue, g.queue)) for g in self.gaps),
            outages=tuple(replace(o, queue=rename.get(o.queue, o.queue)) for o in self.outages),
        )

    def outage_notes(self, shown: int = 3) -> list[str]:
        """The suspected outages as a progress log gives them: one line each when there
        are at most ``shown``, else one line with their count, the intervals and inquiries
        lost, and the latest ``shown`` (an outage of every queue at once, the usual kind,
        counts once: its queues are listed together). ``forecaster validate`` keeps one
        finding per queue and outage."""
        if len(self.outages) <= shown:
            return [f.message for f in self.findings if f.code == "outage"]
        together: dict[tuple[pd.Timestamp, pd.Timestamp], list[Span]] = {}
        for span in self.outages:
            together.setdefault((span.start, span.end), []).append(span)
        step = pd.Timedelta(minutes=self.interval_minutes)
        latest = [
            msg(
                "val.span",
                queue=tuple(s.queue for s in spans),
                start=start,
                stop=end + step,
                n=spans[0].intervals,
            )
            for (start, end), spans in sorted(together.items())[-shown:]
        ]
        more = len(together) - len(latest)
        return [
            msg(
                "val.outages",
                source=self.source,
                n=len(together),
                intervals=sum(s.intervals for s in self.outages),
                expected=sum(s.expected_inquiries for s in self.outages),
                shown=latest,
                more=msg("list.more", n=more) if more else "",
            )
        ]


@dataclass(frozen=True)
class Calendar:
    """A loaded, validated campaign calendar."""

    frame: pd.DataFrame
    """``event, phase, start, end, note``; ``end`` inclusive, to the minute."""
    source: str
    findings: tuple[Finding, ...] = ()


# --------------------------------------------------------------------------- history


def read_history(
    src: PathOrBuffer, *, name: str | None = None, timezone: str = "Asia/Shanghai"
) -> History:
    """Read and validate a history export (CSV/GBK/gz/xlsx, contract or Chinese headers).

    Parameters
    ----------
    src
        Path, bytes or file-like object (a Streamlit upload works).
    name
        File name used in messages; defaults to the path's or upload's name.
    timezone
        Shop time zone; timestamps with a UTC offset are converted to it.

    Raises
    ------
    InputDataError
        With one message per fatal defect.
    """
    table = read_table(src, HISTORY_ALIASES, name)
    table = _drop_queue_totals(melt_queue_columns(table, HISTORY_ALIASES))
    problems: list[str] = list(table.ambiguous)
    frame = table.frame
    if frame.empty:
        raise InputDataError(f"{table.source}: has a header but no data rows")

    notes: list[str] = []
    stamps = _history_timestamps(table, timezone, problems, notes)
    if "inquiries" not in frame.columns:
        problems.insert(0, _missing_column(table, "inquiries", "咨询人数"))
    if problems and stamps is None:
        raise InputDataError(problems)

    out = pd.DataFrame({"interval_start": stamps})
    if "queue" in frame.columns:
        queue = as_text(frame["queue"])
        empty = queue == ""
        if empty.any():
            problems.append(cell_problem(table, "queue", empty, "must name a queue"))
        control = queue.str.contains(r"[\x00-\x1f\x7f-\x9f]", regex=True)
        if control.any():  # a phantom queue, and a name that rewrites report lines
            problems.append(
                cell_problem(
                    table, "queue", control, "must not hold a line break, tab or control character"
                )
            )
        out["queue"] = queue.replace(QUEUE_VALUES).astype(str)
        _silent_queues(out, frame, table, problems)
    else:
        out["queue"] = "all"
        lookalike = _queue_lookalike(table)
        if lookalike is not None:
            problems.append(lookalike)
    if "inquiries" in frame.columns:
        out["inquiries"] = parse_counts(table, "inquiries", problems, required=True)

    findings = _summary_findings(table)
    findings += [Finding("warning", "hour_ending", note) for note in notes]
    _optional_columns(table, out, findings)
    if problems:
        raise InputDataError(problems)

    out["_row"] = table.row_numbers
    out, duplicate_rows = _drop_duplicates(table, out, problems, findings)
    minutes = _resolution(table, out, problems)
    if problems:
        raise InputDataError(problems)

    out["inquiries"] = out["inquiries"].astype("int64")
    out = out.sort_values(["queue", "interval_start"], kind="stable").reset_index(drop=True)
    opening = opening_hours(out, minutes)
    for queue, hours in opening.items():
        if not hours.always_open:
            findings.append(
                Finding(
                    "info",
                    "opening",
                    msg("val.opening", source=table.source, queue=queue, hours=hours.describe()),
                )
            )
    grids = _queue_grids(out, minutes)
    gaps = _gaps(grids, opening)
    if gaps:
        total = sum(g.intervals for g in gaps)
        shown = [g.describe(minutes) for g in gaps[:5]]
        more = msg("list.more", n=len(gaps) - 5) if len(gaps) > 5 else ""
        findings.append(
            Finding(
                "warning",
                "gap",
                msg(
                    "val.gaps",
                    source=table.source,
                    total=total,
                    gaps=len(gaps),
                    shown=shown,
                    more=more,
                ),
            )
        )
    outage_mask, outages = _outages(out, grids, minutes, opening)
    out["outage"] = outage_mask
    for span in outages:
        findings.append(
            Finding(
                "warning",
                "outage",
                msg("val.outage", source=table.source, span=span.describe(minutes)),
            )
        )
    findings += _spikes(table, out)
    findings += _lookalike_queues(table, out)
    if "human_inquiries" in out.columns:
        over = out["human_inquiries"] > out["inquiries"]
        if over.any():
            rows = out.loc[over, "_row"].tolist()
            findings.append(
                Finding(
                    "warning",
                    "human_exceeds_total",
                    f"{table.source} rows {listing(rows)}: human_inquiries exceed inquiries",
                )
            )
    return History(
        frame=out.drop(columns="_row"),
        interval_minutes=minutes,
        source=table.source,
        findings=tuple(findings),
        gaps=tuple(gaps),
        outages=tuple(outages),
        duplicate_rows=tuple(duplicate_rows),
    )


def _lookalike_queues(table: Table, out: pd.DataFrame) -> list[Finding]:
    """A warning per set of queue names that differ only in case, width or spaces
    (``PRESALE`` and ``presale``, ``ｐｒｅｓａｌｅ``): kept apart, but most likely one queue."""
    groups: dict[str, list[str]] = {}
    for name in out["queue"].unique():
        key = unicodedata.normalize("NFKC", str(name)).casefold().replace(" ", "")
        groups.setdefault(key, []).append(str(name))
    return [
        Finding(
            "warning",
            "queue_names",
            msg("val.lookalike_queues", source=table.source, names=tuple(sorted(names))),
        )
        for names in groups.values()
        if len(names) > 1
    ]


SPIKE_FACTOR = 50.0
"""An interval over this many times its queue's 99th percentile (and over 100) is implausible:
a mistyped count, a bot flood or a test. A 双11 opening quarter-hour runs 10–30 times an
ordinary one and is itself in the top percent of a history that holds past campaigns."""


def _spikes(table: Table, out: pd.DataFrame) -> list[Finding]:
    """A warning per queue naming the rows of implausible counts (:data:`SPIKE_FACTOR`); the
    forecast leaves a day they make 20 times the usual out of its fits."""
    findings = []
    for queue, part in out.groupby("queue", sort=False):
        counts = part["inquiries"].to_numpy()
        served = counts[counts > 0]
        if len(served) < 20:
            continue
        bar = max(SPIKE_FACTOR * float(np.percentile(served, 99)), 100.0)
        high = counts > bar
        if high.any():
            findings.append(
                Finding(
                    "warning",
                    "spike",
                    msg("val.spike", source=table.source, rows=listing(part.loc[high, "_row"].tolist()),
                        queue=str(queue), top=int(counts.max()), factor=SPIKE_FACTOR),
                )
            )  # fmt: skip
    return findings


def _silent_queues(
    out: pd.DataFrame, frame: pd.DataFrame, table: Table, problems: list[str]
) -> None:
    """A queue whose every count is 0 cannot be forecast: one problem naming the queues."""
    if "inquiries" not in frame.columns:
        return
    counts = pd.to_numeric(as_text(frame["inquiries"]).str.replace(",", ""), errors="coerce")
    totals = counts.groupby(out["queue"].to_numpy()).sum(min_count=1)
    silent = [str(q) for q, total in totals.items() if total == 0]
    if silent:
        problems.append(msg("val.silent_queue", source=table.source, queues=tuple(silent)))


def _summary_findings(table: Table) -> list[Finding]:
    """A warning for the totals/average rows the reader skipped, and one for the sheets
    with the same columns it did not read, if any."""
    out = []
    if table.encoding == WESTERN:
        out.append(Finding("warning", "encoding", msg("val.western", source=table.source)))
    if table.left_out_sheets:
        sheets = tuple(table.left_out_sheets)
        out.append(
            Finding(
                "warning", "sheets", msg("val.left_out_sheets", source=table.source, sheets=sheets)
            )
        )
    rows = list(table.summary_rows)
    if not rows:
        return out
    message = (
        f"{table.source} row{'s' if len(rows) > 1 else ''} {listing(rows)}: "
        "a totals/average row (合计, 总计 ...), skipped"
    )
    return [*out, Finding("warning", "summary_row", message)]


def _queue_lookalike(table: Table) -> str | None:
    """A history without a queue column is one queue (``all``); where its intervals repeat,
    an unknown column of a few repeated names beside it is a queue column under another
    header (``客服``), which would otherwise be dropped in silence and its queues' rows
    read as duplicates."""
    known = set(HISTORY_ALIASES)
    stamps = table.frame.get("interval_start")
    if stamps is None or not as_text(stamps).duplicated().any():
        return None  # one row per interval: another column (星期, 备注) is no queue
    for column in table.frame.columns:
        if column in known:
            continue
        values = as_text(table.frame[column])
        values = values[values != ""]
        if values.empty or pd.to_numeric(values, errors="coerce").notna().mean() > 0.5:
            continue
        names = values.unique()
        # it tells rows of one interval apart (a 星期 column beside a duplicated row does not)
        apart = values.groupby(as_text(stamps)[values.index]).nunique().max() > 1
        if apart and 2 <= len(names) <= 20 and len(values) >= 2 * len(names):
            shown = ", ".join(sorted(map(str, names))[:5])
            return msg("val.queue_lookalike", source=table.source, column=column, names=shown)
    return None


def _drop_queue_totals(table: Table) -> Table:
    """Drop rows whose queue is a total (合计 per interval): the queues' sum, not a queue."""
    if "queue" not in table.frame.columns:
        return table
    totals = as_text(table.frame["queue"]).str.match(SUMMARY_LABELS).to_numpy(dtype=bool)
    if not totals.any():
        return table
    return replace(
        table,
        frame=table.frame[~totals].reset_index(drop=True),
        row_numbers=table.row_numbers[~totals],
        summary_rows=tuple(sorted([*table.summary_rows, *table.row_numbers[totals].tolist()])),
    )


def _missing_column(table: Table, column: str, chinese: str) -> str:
    return (
        f"{table.source} is missing column '{column}' (or '{chinese}'); "
        f"found {list(table.original_columns)}"
    )


def _history_timestamps(
    table: Table, timezone: str, problems: list[str], notes: list[str]
) -> pd.Series | None:
    """Interval starts from ``interval_start`` or ``date`` + ``hour``/``period``/time."""
    frame = table.frame
    cols = frame.columns
    if "interval_start" in cols and "date" in cols and is_time_only(frame["interval_start"]):
        return _combine(table, "interval_start", problems, notes)
    if "interval_start" in cols:
        stamps = parse_datetimes(frame["interval_start"], timezone)
        bad = stamps.isna()
        if bad.any():
            problems.append(
                cell_problem(
                    table,
                    "interval_start",
                    bad,
                    "must be a timestamp like 2025-11-11 20:00",
                )
            )
        return stamps
    if "date" in cols:
        for part in ("period", "hour"):
            if part in cols:
                return _combine(table, part, problems, notes)
        problems.append(
            f"{table.source} has dates but no time of day: add 'hour'/'小时' or "
            f"'period'/'时段' (history needs 15, 30 or 60-minute intervals); "
            f"found {list(table.original_columns)}"
        )
        return None
    problems.append(
        f"{table.source} is missing column 'interval_start' (or '时间', or '日期' with "
        f"'小时'/'时段'); found {list(table.original_columns)}"
    )
    return None


def _combine(table: Table, time_column: str, problems: list[str], notes: list[str]) -> pd.Series:
    """``date`` plus a time of day, a period's start or an hour.

    Exports that number hours 1-24 (hour 24 present, hour 0 absent) label each hour by its
    end; they are shifted back one hour so that intervals are labelled by their start.
    """
    dates = parse_datetimes(table.frame["date"]).dt.normalize()
    minutes = parse_time_of_day(table.frame[time_column])
    if (minutes == 1440).any():  # 24 is valid only when hours run 1-24 throughout
        if (minutes == 0).any():
            minutes = minutes.where(minutes != 1440)
        else:
            minutes = minutes - 60
            notes.append(
                f"{table.source}: column {original_name(table, time_column)} numbers hours "
                "1-24 (each hour labelled by its end); read as intervals starting an hour earlier"
            )
    if dates.isna().any():
        problems.append(cell_problem(table, "date", dates.isna(), "must be a date like 2025-11-11"))
    if minutes.isna().any():
        problems.append(
            cell_problem(
                table,
                time_column,
                minutes.isna(),
                "must be a time of day like 20 or 20:00-21:00 (00-23, or 1-24 throughout)",
            )
        )
    return dates + pd.to_timedelta(minutes, unit="min")


def _optional_columns(table: Table, out: pd.DataFrame, findings: list[Finding]) -> None:
    """Parse optional columns; bad cells become NaN with one warning per column."""
    frame = table.frame
    if "human_inquiries" in frame.columns:
        col_problems: list[str] = []
        human = parse_counts(table, "human_inquiries", col_problems, required=False)
        out["human_inquiries"] = human.astype("int64") if human.notna().all() else human
        findings += [
            Finding("warning", "optional_column", p + "; left empty") for p in col_problems
        ]
    for column, parser, expectation in (
        ("aht_seconds", parse_durations, "must be a duration in seconds"),
        ("asa_seconds", parse_durations, "must be a duration in seconds"),
        ("answered_within_30s", parse_fractions, "must be a fraction in [0, 1] or a percentage"),
    ):
        if column in frame.columns:
            values, bad = parser(frame[column])
            if bad.any():
                findings.append(
                    Finding(
                        "warning",
                        "optional_column",
                        cell_problem(table, column, bad, expectation) + "; left empty",
                    )
                )
            out[column] = values


def _drop_duplicates(
    table: Table, out: pd.DataFrame, problems: list[str], findings: list[Finding]
) -> tuple[pd.DataFrame, list[int]]:
    """Drop exact duplicate rows (one warning); each conflicting interval is fatal."""
    key = ["queue", "interval_start"]
    dup = out.duplicated(key, keep=False)
    if not dup.any():
        return out, []
    values = [c for c in out.columns if c != "_row"]
    groups = out[dup].groupby(key, sort=False)
    distinct = groups[values[2:]].nunique(dropna=False).max(axis=1)
    for (queue, stamp), _ in distinct[distinct > 1].head(MAX_LISTED).items():
        rows = out.loc[dup & (out["queue"] == queue) & (out["interval_start"] == stamp), "_row"]
        problems.append(
            msg(
                "val.dup_conflict",
                source=table.source,
                rows=listing(rows.tolist()),
                queue=str(queue),
                when=f"{stamp:%Y-%m-%d %H:%M}",
            )
        )
    if (distinct > 1).sum() > MAX_LISTED:
        problems.append(
            f"{table.source}: {(distinct > 1).sum() - MAX_LISTED} more intervals have "
            "conflicting duplicate rows"
        )
    if problems:
        return out, []
    later = out.duplicated(values, keep="first")
    original = out[dup].groupby(key, sort=False)["_row"].transform("first")
    pairs = [
        msg("val.dup_pair", row=r, original=o)
        for r, o in zip(out.loc[later, "_row"], original[later], strict=True)
    ]
    findings.append(
        Finding(
            "warning",
            "duplicate",
            msg("val.duplicates", source=table.source, n=len(pairs), rows=listing(pairs)),
        )
    )
    dropped = out.loc[later, "_row"].tolist()
    return out[~later].reset_index(drop=True), dropped


def _resolution(table: Table, out: pd.DataFrame, problems: list[str]) -> int:
    """The grid step in minutes (15, 30 or 60), the same for every queue and every day.

    Off-grid timestamps, queues at different resolutions and a queue that switches
    resolution part-way (hourly days inside a 15-minute file) are fatal: summing or
    splitting them silently would make counts 4x too high or too low.
    """
    ordered = out.sort_values("interval_start")
    diffs = ordered.groupby("queue", sort=False)["interval_start"].diff()
    steps = pd.DataFrame({"queue": ordered["queue"], "step": diffs / pd.Timedelta(minutes=1)})
    steps = steps[steps["step"] > 0]
    if steps.empty:
        problems.append(
            f"{table.source}: needs at least two intervals per queue to detect the resolution"
        )
        return 60
    per_queue = steps.groupby("queue", sort=False)["step"].agg(lambda x: x.value_counts().idxmax())
    minutes = float(steps["step"].value_counts().idxmax())
    if minutes not in RESOLUTIONS_MINUTES:
        first = int(ordered.loc[steps.index[steps["step"] == minutes][0], "_row"])
        common = msg("err.common_step", minutes=f"{minutes:g}", row=first)
        problems.append(str(msg("err.resolution", source=table.source, rest=common)))
        return 60
    step = int(minutes)
    if per_queue.nunique() > 1:
        described = ", ".join(f"{q} every {m:g} min" for q, m in per_queue.items())
        problems.append(
            f"{table.source}: queues have different resolutions ({described}); "
            "export every queue at one resolution"
        )
        return step
    stamps = out["interval_start"]
    since_midnight = (stamps - stamps.dt.normalize()) / pd.Timedelta(minutes=1)
    off = (since_midnight % step) != 0
    if off.any():
        column = next(c for c in ("interval_start", "period", "hour", "date") if c in table.frame)
        problems.append(
            cell_problem(
                table,
                column,
                np.isin(table.row_numbers, out.loc[off, "_row"]),
                f"must lie on the {step}-minute grid (the file's resolution)",
            )
        )
        return step
    for coarse in sorted((c for c in RESOLUTIONS_MINUTES if c > step), reverse=True):
        day = stamps.dt.normalize()
        on_coarse = (since_midnight % coarse) == 0
        per_day = pd.DataFrame({"queue": out["queue"], "day": day, "coarse": on_coarse})
        days = per_day.groupby(["queue", "day"]).agg(
            rows=("coarse", "size"), coarse=("coarse", "all")
        )
        switched = days[days["coarse"] & (days["rows"] >= 1440 // coarse // 2)]
        if not switched.empty:
            queue, first = switched.index[0]
            problems.append(
                f"{table.source}: queue {queue} has {len(switched)} day(s) at {coarse}-minute "
                f"intervals (first {first:%Y-%m-%d}) in a {step}-minute file; export one "
                "resolution throughout"
            )
            break
    return step


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` index pairs of the runs of True in ``mask`` (stop exclusive)."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _queue_grid(stamps: np.ndarray, counts: np.ndarray, minutes: int) -> pd.Series:
    """One queue's counts on its full grid, NaN where a row is missing."""
    series = pd.Series(counts, index=pd.DatetimeIndex(stamps))
    grid = pd.date_range(series.index.min(), series.index.max(), freq=f"{minutes}min")
    return series.reindex(grid).astype(float)


QueueGrid = tuple[str, np.ndarray, pd.Series]
"""A queue, the positions of its rows in the history and its counts on its full grid."""


def _queue_grids(out: pd.DataFrame, minutes: int) -> list[QueueGrid]:
    """Each queue's rows and full grid, in order of first appearance, from one grouping (a
    comparison of the whole queue column per queue made 3,000 queues quadratic)."""
    stamps, counts = out["interval_start"].to_numpy(), out["inquiries"].to_numpy()
    return [
        (str(queue), rows, _queue_grid(stamps[rows], counts[rows], minutes))
        for queue, rows in out.groupby("queue", sort=False).indices.items()
    ]


def _gaps(grids: list[QueueGrid], opening: Mapping[str, OpeningHours]) -> list[Span]:
    """Runs of missing intervals in open slots (closed hours are not gaps; a run goes on
    across them, so a shop closed at night missing two days has one gap, not one a day)."""
    gaps: list[Span] = []
    for queue, _, full in grids:
        is_open = _open(opening, queue, full.index)
        missing = full.isna().to_numpy() & is_open
        for a, b in _runs(missing | ~is_open):
            inside = np.flatnonzero(missing[a:b])
            if inside.size:
                first, last = a + int(inside[0]), a + int(inside[-1])
                gaps.append(Span(queue, full.index[first], full.index[last], int(inside.size)))
    return gaps


def expected_level(full: pd.Series, minutes: int, half_window_days: int = 7) -> pd.Series:
    """Median of the same time slot over the surrounding days [count per interval].

    ``full`` is one queue on a complete grid (NaN for missing intervals).
    """
    slots = 1440 // minutes
    first_day = full.index[0].normalize()
    n_days = (full.index[-1].normalize() - first_day).days + 1
    grid = pd.date_range(first_day, periods=n_days * slots, freq=f"{minutes}min")
    matrix = full.reindex(grid).to_numpy().reshape(-1, slots)
    days = pd.DataFrame(matrix)
    window = 2 * half_window_days + 1
    median = days.rolling(window, center=True, min_periods=3).median()
    return pd.Series(median.to_numpy().ravel(), index=grid).reindex(full.index)


def flag_outages(frame: pd.DataFrame, minutes: int) -> tuple[np.ndarray, list[Span]]:
    """Suspected export outages of a tidy ``interval_start, queue, inquiries`` frame.

    Returns the per-row mask and the spans. Zeros in closed slots
    (:func:`~forecaster.opening.opening_hours` of ``frame``) are closing time, never an
    outage. The forecaster calls it again on history cut at a forecast start, so that no
    flag depends on data after the start.
    """
    return _outages(frame, _queue_grids(frame, minutes), minutes, opening_hours(frame, minutes))


def _open(
    opening: Mapping[str, OpeningHours], queue: object, stamps: pd.DatetimeIndex
) -> np.ndarray:
    """Whether each of ``stamps`` is in an open slot of ``queue`` (all open if unknown)."""
    hours = opening.get(str(queue))
    return hours.is_open(stamps) if hours is not None else np.ones(len(stamps), dtype=bool)


def _outages(
    out: pd.DataFrame,
    grids: list[QueueGrid],
    minutes: int,
    opening: Mapping[str, OpeningHours],
) -> tuple[np.ndarray, list[Span]]:
    mask = np.zeros(len(out), dtype=bool)
    spans: list[Span] = []
    stamps = out["interval_start"].to_numpy()
    for queue, rows, full in grids:
        zero_level = full.where(full != 0)  # outage zeros must not pull the reference down
        reference = expected_level(zero_level, minutes).fillna(0.0).to_numpy()
        values = np.where(_open(opening, queue, full.index), full.to_numpy(), np.nan)
        for a, b in _runs(values == 0):
            lost = float(reference[a:b].sum())
            if b - a >= OUTAGE_MIN_INTERVALS and lost >= OUTAGE_MIN_EXPECTED:
                span = Span(queue, full.index[a], full.index[b - 1], b - a, lost)
                spans.append(span)
                own = stamps[rows]
                inside = (own >= span.start.to_datetime64()) & (own <= span.end.to_datetime64())
                mask[rows[inside]] = True
    return mask, spans


# --------------------------------------------------------------------------- calendar


def read_calendar(
    src: PathOrBuffer, *, name: str | None = None, timezone: str = "Asia/Shanghai"
) -> Calendar:
    """Read and validate a campaign calendar (``event, phase, start, end[, note, heat]``).

    ``heat`` (optional) is the planner's expectation of a campaign's extra inquiries over
    the ordinary level as a multiple of the same campaign's last year (1.2: a fifth more);
    blank where not given, one value per campaign.

    A date without a time means the whole day: ``start`` at 00:00, ``end`` at 23:59.
    Chinese headers (活动, 阶段, 开始时间, 结束时间, 备注) and phase names (预售, 开门红,
    尾款, 爆发日, 售后) are understood.
    """
    table = read_table(src, CALENDAR_ALIASES, name)
    frame = table.frame
    problems = list(table.ambiguous) + [
        _missing_column(table, col, chinese)
        for col, chinese in (
            ("event", "活动"),
            ("phase", "阶段"),
            ("start", "开始时间"),
            ("end", "结束时间"),
        )
        if col not in frame.columns
    ]
    if problems:
        raise InputDataError(problems)
    if frame.empty:
        raise InputDataError(f"{table.source}: has a header but no data rows")

    event = as_text(frame["event"])
    raw_phase = as_text(frame["phase"])
    phase = raw_phase.map(lambda p: PHASE_VALUES.get(p, p.lower()))
    start = parse_datetimes(frame["start"], timezone)
    end_text = as_text(frame["end"])
    end = parse_datetimes(frame["end"], timezone)
    # a date without a time (text '2025-11-11' or an Excel date cell at 00:00) is the whole day
    cell_is_date = frame["end"].map(lambda v: hasattr(v, "year") and not isinstance(v, str))
    no_time_text = ~end_text.str.contains(r"\d[:：]\d", regex=True)
    date_only = (
        end.notna() & (end == end.dt.normalize()) & (cell_is_date.astype(bool) | no_time_text)
    )
    end = end.where(~date_only, end + pd.Timedelta(hours=23, minutes=59))

    for column, mask, expectation in (
        ("event", event == "", str(msg("exp.event"))),
        ("phase", raw_phase == "", str(msg("exp.phase"))),
        ("start", start.isna(), str(msg("exp.timestamp_calendar"))),
        ("end", end.isna(), str(msg("exp.timestamp_calendar"))),
    ):
        if mask.any():
            problems.append(cell_problem(table, column, mask, expectation))
    backwards = start.notna() & end.notna() & (end < start)
    if backwards.any():
        problems.append(cell_problem(table, "end", backwards, str(msg("exp.not_before_start"))))
    if problems:
        raise InputDataError(problems)
    # one heat per campaign; a name reused over years ('双11') is one campaign per season
    campaign = split_seasons(pd.DataFrame({"event": event, "start": start, "end": end}))
    heat = pd.Series(np.nan, index=frame.index)
    if "heat" in frame.columns:
        text = as_text(frame["heat"]).str.replace(",", "", regex=False)
        heat = pd.to_numeric(text, errors="coerce")
        bad = (text != "") & ~(heat > 0)
        if bad.any():
            problems.append(
                cell_problem(table, "heat", bad, "must be a factor over 0 (1.2: a fifth hotter)")
            )
        spread = heat.groupby(campaign).transform(lambda h: h.nunique())
        mixed = heat.notna() & (spread > 1)
        if mixed.any() and not bad.any():
            problems.append(
                cell_problem(table, "heat", mixed, "must be one value per campaign (or blank)")
            )
    if problems:
        raise InputDataError(problems)

    out = pd.DataFrame(
        {
            "event": event.astype(str),
            "phase": phase.astype(str),
            "start": start,
            "end": end,
            "note": as_text(frame["note"]).astype(str) if "note" in frame.columns else "",
            "heat": heat.groupby(campaign).transform("max").astype(float),
        }
    )
    findings = _summary_findings(table)
    unknown = ~out["phase"].isin(PHASES)
    if unknown.any():
        findings.append(
            Finding(
                "warning",
                "unknown_phase",
                cell_problem(table, "phase", unknown, str(msg("exp.phase")))
                + "; "
                + str(msg("exp.generic_window")),
            )
        )
    findings += _overlaps(table, out)
    return Calendar(frame=out, source=table.source, findings=tuple(findings))


OVERLAPS_LISTED = 50
"""Overlapping pairs of phases named one by one; the rest are counted in one more line."""
OVERLAP_PAIRS_CHECKED = 1_000_000
"""Pairs of phases compared at most (a calendar of 10,000 phases that all overlap has 50
million pairs: past this many the count is a lower bound)."""


def _overlaps(table: Table, cal: pd.DataFrame) -> list[Finding]:
    """Warn about overlapping phases that are not a known nesting: the first
    :data:`OVERLAPS_LISTED` pairs by row, then how many more. A sweep over the phases sorted
    by start compares only the pairs that overlap (near-linear on a real calendar)."""
    starts, ends = cal["start"].to_numpy(), cal["end"].to_numpy()
    events, phases = cal["event"].to_numpy(), cal["phase"].to_numpy()
    rows = table.row_numbers
    order = np.argsort(starts, kind="stable")
    reach = np.searchsorted(starts[order], ends[order], side="right")
    found: list[tuple[int, int]] = []
    more, checked, complete = 0, 0, True
    for k in range(len(order)):
        for m in range(k + 1, int(reach[k])):
            checked += 1
            if checked > OVERLAP_PAIRS_CHECKED:
                complete = False
                break
            i, j = sorted((int(order[k]), int(order[m])))
            same_event = events[i] == events[j]
            if (
                same_event
                and phases[i] != phases[j]
                and (phases[i] in NESTING_PHASES or phases[j] in NESTING_PHASES)
            ):
                continue
            if len(found) < OVERLAPS_LISTED:
                found.append((i, j))
            else:
                more += 1
        if not complete:
            break
    findings: list[Finding] = []
    for i, j in sorted(found):
        same = (
            events[i] == events[j]
            and phases[i] == phases[j]
            and starts[i] == starts[j]
            and ends[i] == ends[j]
        )
        findings.append(
            Finding(
                "warning",
                "overlap",
                msg(
                    "val.phase_duplicate" if same else "val.phase_overlap",
                    source=table.source,
                    first=rows[i],
                    second=rows[j],
                    event=events[j],
                    phase=phases[j],
                    other_event=events[i],
                    other_phase=phases[i],
                    start=pd.Timestamp(max(starts[i], starts[j])),
                    end=pd.Timestamp(min(ends[i], ends[j])),
                ),
            )
        )
    if more or not complete:
        count = f"{more:,}" if complete else f"at least {more:,}"
        findings.append(
            Finding(
                "warning",
                "overlap",
                f"{table.source}: and {count} more pairs of overlapping phases (the first "
                f"{OVERLAPS_LISTED} are listed)",
            )
        )
    return findings


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class QueueSummary:
    queue: str
    start: pd.Timestamp
    end: pd.Timestamp
    days: int
    total_inquiries: int
    daily_min: int
    daily_median: int
    daily_max: int
    busiest_day: pd.Timestamp


@dataclass(frozen=True)
class ValidationReport:
    """What a planner needs to know about their files before planning."""

    history: History
    calendar: Calendar | None
    queues: tuple[QueueSummary, ...]
    campaigns: tuple[str, ...]
    """Calendar events whose phases lie (at least partly) inside the history."""
    findings: tuple[Finding, ...] = field(default=())

    def to_text(self, lang: str = "en", names: Mapping[str, str] | None = None) -> str:
        """The report as the CLI prints it, in ``lang`` (``en`` or ``zh``; queues by their
        display ``names`` in Chinese)."""
        h = self.history
        frame = h.frame
        lines: list[object] = [
            msg(
                "report.history",
                source=h.source,
                rows=len(frame),
                queues=len(self.queues),
                minutes=h.interval_minutes,
            ),
            msg(
                "report.range",
                start=frame["interval_start"].min(),
                end=frame["interval_start"].max(),
            ),
        ]
        for q in self.queues:
            lines.append(
                msg(
                    "report.queue",
                    queue=q.queue,
                    days=q.days,
                    total=q.total_inquiries,
                    low=q.daily_min,
                    median=q.daily_median,
                    high=q.daily_max,
                    busiest=q.busiest_day,
                )
            )
        infos = [f for f in self.findings if f.severity == "info"]
        lines += [msg("report.item", text=f.message) for f in infos]
        optional = [
            c for c in frame.columns if c not in ("interval_start", "queue", "inquiries", "outage")
        ]
        if optional:
            lines.append(msg("report.optional", columns=", ".join(optional)))
        lines.append(msg("report.gaps", total=sum(g.intervals for g in h.gaps), gaps=len(h.gaps)))
        lines += [msg("report.item", text=g.describe(h.interval_minutes)) for g in h.gaps[:20]]
        lines.append(
            msg(
                "report.duplicates_rows" if h.duplicate_rows else "report.duplicates",
                n=len(h.duplicate_rows),
                rows=listing(list(h.duplicate_rows)),
            )
        )
        lines.append(msg("report.outages", n=len(h.outages)))
        lines += [msg("report.item", text=o.describe(h.interval_minutes)) for o in h.outages]
        if self.calendar is not None:
            cal = self.calendar
            lines.append(
                msg(
                    "report.calendar",
                    source=cal.source,
                    events=cal.frame["event"].nunique(),
                    phases=len(cal.frame),
                )
            )
            lines.append(
                msg("report.covered", names=", ".join(self.campaigns))
                if self.campaigns
                else msg("report.covered_none")
            )
        warnings = [f for f in self.findings if f.severity == "warning"]
        lines.append(msg("report.warnings", n=len(warnings)))
        lines += [msg("report.bullet", text=f.message) for f in warnings]
        lines.append(msg("report.usable_read" if warnings else "report.usable"))
        return "\n".join(render(line, lang, names) for line in lines)


def build_report(history: History, calendar: Calendar | None = None) -> ValidationReport:
    """Summarise a loaded history (and calendar) for the planner."""
    frame = history.frame
    daily = (
        frame.assign(day=frame["interval_start"].dt.normalize())
        .groupby(["queue", "day"], sort=False)["inquiries"]
        .sum()
    )
    summaries = []
    for queue in history.queues:
        per_day = daily.loc[queue]
        stamps = frame.loc[frame["queue"] == queue, "interval_start"]
        summaries.append(
            QueueSummary(
                queue=queue,
                start=stamps.min(),
                end=stamps.max(),
                days=len(per_day),
                total_inquiries=int(per_day.sum()),
                daily_min=int(per_day.min()),
                daily_median=round(float(per_day.median())),
                daily_max=int(per_day.max()),
                busiest_day=per_day.idxmax(),
            )
        )
    campaigns: tuple[str, ...] = ()
    findings = list(history.findings)
    if calendar is not None:
        cal = calendar.frame
        lo, hi = frame["interval_start"].min(), frame["interval_start"].max()
        inside = cal[(cal["end"] >= lo) & (cal["start"] <= hi)]
        campaigns = tuple(pd.unique(inside["event"]))
        findings += calendar.findings
    return ValidationReport(history, calendar, tuple(summaries), campaigns, tuple(findings))
