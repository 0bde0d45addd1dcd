"""Roster optimiser: full-time, part-time and outsourced shifts by integer programming.

From the requirements (``docs/contracts.md``) to the shifts that run each day, how many agents of
each kind are on them, and who works when, at the lowest cost that covers the need — or, where
the team cannot, exactly where and by how much it falls short.

What is covered
---------------
The ``headcount`` column: agents on chat divided by ``1 − shrinkage`` (rounded up, or one
fewer where those on chat on average meet the targets), i.e. the people who must be present. Meal breaks are scheduled explicitly here (an agent on break is not
present), so the configured shrinkage should hold the rest: short breaks, meetings,
training, absence. Covering ``agents`` instead would leave shrinkage unplanned.

The model
---------
Sets
    days ``D``; intervals ``T`` (the requirement grid); queues ``Q``; shift options
    ``o ∈ O``: a template × allowed start × day the template may run (a night shift belongs
    to the day it starts and covers the next morning); ``C(o) ⊂ T`` the intervals it spans;
    break options ``b ∈ B(o)``: the allowed break starts, each covering ``K(o, b) ⊂ C(o)``;
    full-time agents ``a ∈ A`` (the fixed team).
Parameters
    ``r[t, q]`` required headcount; ``c[o]`` cost of one agent on ``o`` (paid hours × cost
    per paid hour, outsourcing premium included); ``p[q]`` shortfall penalty per agent-hour
    (``[costs]``: configured, or derived from lost business: the chats an agent handles in
    an hour × inquiry conversion × average order value); ``h[o]`` paid hours.
Variables
    ``x[a, o] ∈ {0, 1}`` FT agent ``a`` works ``o`` (tours: each agent's days are explicit);
    ``z[o, q] ∈ ℤ₊`` agents on ``o`` serving queue ``q`` (FT: ``Σ_q z[o, q] = Σ_a x[a, o]``);
    ``k[o, q, b] ∈ ℤ₊`` of them taking their break at ``b`` (implicit break assignment:
    ``Σ_b k[o, q, b] = z[o, q]``); ``s[t, q] ≥ 0`` shortfall.
Objective
    ``min Σ_o c[o]·n[o] + Σ_{t,q} p[q]·Δ·s[t, q]`` with ``n[o] = Σ_q z[o, q]``.
Constraints (one function each, every constraint named)
    cover      ``Σ_{o: t∈C(o)} z[o, q] − Σ_{o,b: t∈K(o,b)} k[o, q, b] + s[t, q] ≥ r[t, q]``;
    ft_day     ``Σ_{o on d} x[a, o] ≤ 1`` (one shift a day);
    ft_week    days worked per calendar week: at most ``7 − days_off`` and, in weeks wholly
               inside the horizon, at least that less the agent's unavailable days (FT are
               salaried: they work their contract);
    ft_run     at most ``ft_max_consecutive_days`` in any window of that many + 1 days;
    ft_rest    ``x[a, o] + x[a, o'] ≤ 1`` when ``o'`` starts less than ``min_rest_hours`` after
               ``o`` ends (e.g. 夜班 22:00–07:00 then 早班 08:00);
    ft_skill   agents limited to some queues (``agents.csv``) count only for those.

Night shifts are then spread over the team by swapping shifts between two agents who both
work that day (rest kept): a minimax fairness term in the program made it much harder for
both solvers (no solution in 60 s on the 14-day sample instance, against 0.6 % without).
    pt_day     part-timers on shifts on day ``d`` ≤ ``pt_pool`` (one block a day each);
    pt_week    part-time paid hours per week ≤ ``pt_pool × pt_max_hours_per_week``;
    pt_run     part-time blocks in any window of ``pt_max_consecutive_days`` + 1 days
               ≤ ``pt_pool × pt_max_consecutive_days`` (enough to name them);
    pt_rest    for every start time ``c`` on day ``d+1``: blocks of day ``d`` ending after
               ``c − min_rest_hours`` plus blocks of ``d+1`` starting by ``c`` ≤ ``pt_pool``
               (they pairwise clash, so each part-timer works one of them at most);
    pt_share   part-time paid hours ≤ ``pt_max_share`` × all paid hours;
    out_book   outsourced agents stay booked at least ``out_min_booking_days`` days
               (minimum-up-time on the daily count of each OUT template). If the template
               may also run on the day before the horizon, agents on the first day may be
               booked since that day (a carry-in count), so they stay the rest of the
               minimum; otherwise every booking starts inside the horizon.

Solved with PuLP's bundled CBC by default (``solver.name = "auto"``; on the sample's 14-day
and 35-day instances it reached the target gap faster than HiGHS) or HiGHS (``highspy``),
under the configured time limit and relative gap; the result reports status, objective, the solver's lower bound,
the gap and the solve time. Every shortfall is reported per interval, with the intervals
where it is worst and the rule that binds there. Shortfall beyond half of an interval's need
costs the dearest queue's penalty on top of its own (:data:`DEEP_SHORT_SHARE`), so a short
team spreads its shortage instead of closing one queue.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pulp
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from forecaster.capacity import effective_uplift
from forecaster.config import LabourConfig, PlanConfig, ShiftTemplate, evening_hours
from forecaster.errors import InfeasiblePlanError, InputDataError
from forecaster.holidays import day_type
from forecaster.io import QUEUE_VALUES
from forecaster.messages import CATALOGUE, Message, msg
from forecaster.safe_output import restore_frame
from forecaster.sizing import (
    SizingLP,
    TeamCheck,
    TeamSize,
    silence_highs_banner,
    size_team,
    template_floor,
)

Progress = Callable[[str], None]
KINDS = ("FT", "PT", "OUT")
GRACE_SECONDS = 5.0
"""How long past the time limit a solver call may run before it is interrupted: CBC's own
limit does not count reading the model or its root relaxation (20 s of a 30 s limit on the
sample's 40-day window)."""
FROZEN_SECONDS = 2.0
"""How long a solver process may sit stopped (suspended with SIGSTOP, a frozen container)
before it is given up: it is ended and its step solved in process by HiGHS, so a roster
still comes within the time limit plus a few seconds."""
IDLE_DUTY = 0.5
"""Cost, in the crews' days program, of a crew member on duty on a day that needs no one
(the deficits it weighs cost 1, 3 and 9 per agent): FT contract days are placed on days the
shop is open while any is free, not on the Sunday it is closed."""
IDLE_SHIFT = 0.01
"""Share of its cost added in the objective to an FT shift that spans no interval its queues
need: FT agents owe their contract days, and a shift left over is paid alike on any day, so
without it the solver is free to put it on the Sunday the shop is closed (a planner would
ask why); the share breaks the tie towards shifts that add service."""
DAYS_LIMIT_SECONDS = 20.0
"""Time limit of the crews' days program (it solves in well under a second on the sample)."""
ROOT_PENDING = msg("roster.cbc_pending")
ROOT_SHARE = 0.5
"""Second phase: share of its time by which the root relaxation must be solved, or the first
phase's roster stands (on the sample's 40-day window it alone takes 20 s)."""
REPAIR_GAP = 2e-3
"""Relative gap of phase 1's last step (the rounded roster's booked outsourced templates and
part-time top-ups as integers, the rest fixed). The fixed crews carry most of the cost, so
``solver.gap_rel`` (1 %) would leave hours of shortfall in the part this step decides. With
part-timers at most 6 days in a row the demo's search no longer closed 0.1 % before the
clock (its first incumbent, at about 40 s, is 0.16 % above the bound; a node limit of 300
found none): at 0.2 % it stops there, the same roster under any load, and the repairs after
it leave 0.9 agent-hours short (2.9 when the clock cut the 0.1 % search)."""
RESHIFT_SHARE = 0.2
"""Phase 1's two shortfall repairs (:meth:`_Model._reshift`) get at most this share of the
time limit together, so that phase 2 keeps its time on models small enough for it."""
RESHIFT_NODES = 50
"""CBC's branch-and-bound node limit in that repair: a limit of work, not of time, so the
roster does not depend on how busy the machine is. On the demo the repair of every kind
finds its best roster within 20 nodes (5 leave it 0.08 agent-hours more short) and without
a limit runs on to the clock (18 s) finding nothing better."""
REST_DAY_WEIGHT = 100.0
"""Part-time naming (:func:`_match`): what working off a member's planned days
(:func:`_plan_days`) costs, in weekly hours (the main tie-break); below the lookahead on
weekly hours (1,000 an hour)."""
REPACK_ROOMY = 15
"""Members of the week with the fewest hours added to each program of
:meth:`_Pool.repack_weeks`, beside every member free on the loose block's day."""
REPACK_SPREAD = 10
"""Other members drawn into each such program (seeded by the week and the turn), so that a
turn that failed is not the same program again."""
REPACK_ROUNDS = 40
"""Programs per week at most; a week stops earlier after :data:`REPACK_MISSES` programs in a
row that placed nothing. 618's two busiest weeks needed 8 and 9 (each placed 1–5 of 25)
(the programs start from the roster as it is, so each keeps at least what there was)."""
REPACK_MISSES = 5
REPACK_SECONDS = 20
"""Clock limit of one such program (its node limit ends it first on the demo and on 618)."""
REPACK_NODES = 200
"""CBC's node limit there: work, not time, so the named roster does not depend on the
machine's load."""
LENGTHEN_ROUNDS = 3
"""Rounds of :func:`_lengthen_short_bookings` (each names the roster again)."""
DEEP_SHORT_SHARE = 0.5
"""Shortfall beyond this share of an interval's requirement is *deep*: the queue is more
than half empty. Each agent-hour of it costs the dearest queue's shortfall penalty on top of
its own, so a roster short of agents spreads the shortage over queues and hours instead of
closing the queue whose penalty is lowest: with the penalty alone linear, a fixed team of
70 on 618 left 售后 at 0 of 22 agents for ten hours (its penalty 1,045 CNY an agent-hour,
售前's 2,077) while 售前 had 25.8 agents for a need of 7. Customers of a closed queue get
no answer at all, and the platforms score a shop on every chat's response."""
DEEP_SHORT_MIN_AGENTS = 2
"""Intervals needing fewer agents have no deep tier (one agent short of one is left to the
queue's own penalty). From 2: at 4, a fixed team's 618 night left 售后 at 0 of 3-7 agents
for ten intervals while 售前 kept its 4 night agents; at 2 none (cost +0.1 %), and the
demo costs 0.14 % more (2,852,548 against 2,848,508) with 0.5 agent-hours short (0.9)."""
TEAM_CHECKS = 4
"""Re-solves of a roster whose auto-sized FT team fell short (:func:`_team_short`), each
with more agents and kept if cheaper with the salaries. A try solves phase 1 only (10 s on
the sample's 14 days against 50 s for the whole program), and the team kept gets the whole
program once at the end: the sample's 10-31..11-13 went 65 → 69 → 73 → 76 → 78 agents and
69.5 → 46.0 → 30.4 → 21.1 → 17.4 agent-hours short in 152 s, where two whole-program tries
reached 73 agents and 30.4 in 173 s."""
PHASE2_NODES = 100
"""CBC's node limit in phase 2 (the whole program): a limit of work, not of time, so that a
roster phase 2 finds within it is the same however busy the machine is, and is kept when it
beats phase 1 even unproved. Small enough to end well inside the time limit: on a 9-day plan
of a weekday shop (population s16) 100 nodes took 8 s and 150 nodes 98 s (a 500-node search
was cut by the clock at 166 nodes, so phase 1's roster, 28 % dearer, stood); on a small
shop's 9 days (s12) 100 nodes gave 53,655 in 19 s and 500 nodes 50,520 in 31 s, both far
below phase 1's 69,130. A search the clock cuts is kept only when proved within
``solver.gap_rel``."""
PHASE2_MAX_VARIABLES = 60_000
"""Phase 2 (the whole program) is tried only on models this small: on the sample's 40 days
(72k variables) CBC never solved its root relaxation within the time left, on 14 days (27k)
it proved rosters within the gap in 30-40 s."""
MIN_PHASE_SECONDS = 3.0
"""The shortest second phase worth starting (and at least a quarter of the limit: writing the
model alone takes 4 s on 40 days); with less left the first phase's roster stands."""


def _is_night(o: ShiftOption) -> bool:
    """A shift that works through 02:00-05:00 (夜班)."""
    night = o.day + pd.Timedelta(days=1, hours=2)
    return o.start <= night and o.end >= night + pd.Timedelta(hours=3)


COVERED_COLUMN = "headcount"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Agent:
    """A named agent (``agents.csv``): who may work, on which queues, and when not."""

    agent: str
    name: str
    kind: str
    queues: tuple[str, ...] = ()
    unavailable: frozenset[pd.Timestamp] = frozenset()
    where: tuple[str, int] | None = field(default=None, compare=False)
    """File and row it was read from (for messages)."""


AGENT_COLUMNS = {
    "agent": "agent", "name": "name", "kind": "kind", "queues": "queues",
    "unavailable": "unavailable", "工号": "agent", "姓名": "name", "类型": "kind",
    "队列": "queues", "可接待队列": "queues", "请假日期": "unavailable", "不可用日期": "unavailable",
}  # fmt: skip
"""``agents.csv`` headers: the contract's and their Chinese names (as the CLI's help gives
them)."""


def read_agents(src: str | Path | bytes, *, name: str | None = None) -> list[Agent]:
    """Read ``agents.csv``: ``agent, name, kind, queues, unavailable`` (queues and dates
    separated by ``;`` or ``|``; ``kind`` FT/PT/OUT or 全职/兼职/外包).

    ``src`` is a path or the file's bytes (an upload; ``name`` names it in messages,
    default ``agents.csv``). UTF-8 (with or without a byte-order mark) or GBK, as Excel
    saves a CSV on a Chinese Windows.
    """
    if isinstance(src, bytes):
        data, label = src, name or "agents.csv"
    else:
        path = Path(src)
        label = name or path.name
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise InputDataError(f"{path}: no such file") from None
    try:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        frame = pd.read_csv(io.StringIO(text), dtype=str).fillna("")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputDataError(msg("agents.unreadable", file=label, why=str(error))) from None
    path = Path(label)
    written = [str(c).strip() for c in frame.columns]
    frame = frame.rename(columns=lambda c: AGENT_COLUMNS.get(str(c).strip(), str(c).strip()))
    twice = frame.columns[frame.columns.duplicated()]
    if len(twice):
        same = [w for w, c in zip(written, frame.columns, strict=True) if c == twice[0]]
        raise InputDataError(msg("agents.twice", file=path.name, columns=", ".join(same)))
    missing = [c for c in ("agent", "kind") if c not in frame.columns]
    if missing:
        alias = next(k for k, v in AGENT_COLUMNS.items() if v == missing[0] and k != v)
        raise InputDataError(
            msg(
                "agents.missing",
                file=path.name,
                column=missing[0],
                alias=alias,
                found=", ".join(written),
            )
        )
    kinds = {"FT": "FT", "PT": "PT", "OUT": "OUT", "全职": "FT", "兼职": "PT", "外包": "OUT"}
    agents: list[Agent] = []
    problems: list[Message] = []
    seen: set[str] = set()
    for i, row in frame.iterrows():
        line = int(str(i)) + 2
        at = {"file": path.name, "row": line}
        agent = row["agent"].strip()
        kind = kinds.get(row["kind"].strip().upper(), kinds.get(row["kind"].strip()))
        if not agent:
            problems.append(msg("agents.empty", **at))
            continue
        if agent in seen:
            problems.append(msg("agents.duplicate", agent=agent, **at))
        seen.add(agent)
        if kind is None:
            problems.append(msg("agents.kind", value=repr(row["kind"]), **at))
            continue
        dates: set[pd.Timestamp] = set()
        for text in re.split(r"[;|,\s]+", row.get("unavailable", "").strip()):
            if not text:
                continue
            stamp = pd.to_datetime(text, errors="coerce")
            if pd.isna(stamp):
                problems.append(msg("agents.date", value=repr(text), **at))
            else:
                dates.add(pd.Timestamp(stamp).normalize())
        queues = tuple(  # 售前/售后 as the history loader reads them
            QUEUE_VALUES.get(q, q)
            for q in re.split(r"[;|,\s]+", row.get("queues", "").strip())
            if q
        )
        name_of = row.get("name", "").strip() or agent
        agents.append(Agent(agent, name_of, kind, queues, frozenset(dates), (path.name, line)))
    if problems:
        raise InputDataError(problems)
    return agents


@dataclass(frozen=True)
class ShiftOption:
    """One way to work: a template started at one time on one day."""

    index: int
    template: ShiftTemplate
    day: pd.Timestamp
    start: pd.Timestamp
    end: pd.Timestamp
    cover: tuple[int, int]
    """Interval positions ``[first, stop)`` the shift spans on the grid."""
    breaks: tuple[tuple[int, int], ...]
    """Allowed breaks as grid positions ``[first, stop)``; empty without a break."""
    queues: tuple[str, ...]
    paid_hours: float
    cost: float
    overtime_hours: float = 0.0
    """Hours added to the template's shift as overtime (加班), paid at a premium. [h]"""


@dataclass(frozen=True)
class RosterResult:
    """A solved roster.

    Attributes
    ----------
    shifts
        ``date, queue, shift, code, kind, start, end, break_start, break_end, agents, cost``.
    coverage
        ``interval_start, queue, required, scheduled, shortfall`` (headcount).
    assignments
        ``agent, name, kind, date, shift, code, start, end, queue, break_start, break_end``.
    summary
        Status, costs, hours, headcount by kind, objective, bound, gap, solver, messages.
    """

    shifts: pd.DataFrame
    coverage: pd.DataFrame
    assignments: pd.DataFrame
    summary: dict[str, Any]
    messages: tuple[str, ...] = field(default=())


def _grid(requirements: pd.DataFrame, minutes: int) -> tuple[pd.DatetimeIndex, list[str]]:
    first = requirements["interval_start"].min().normalize()
    last = requirements["interval_start"].max().normalize() + pd.Timedelta(days=1)
    stamps = pd.date_range(first, last, freq=f"{minutes}min", inclusive="left")
    return stamps, sorted(requirements["queue"].astype(str).unique())


def check_requirements(requirements: pd.DataFrame, source: str = "requirements") -> pd.DataFrame:
    """Requirements with parsed types (``interval_start, queue, headcount`` needed)."""
    missing = [c for c in ("interval_start", "queue", COVERED_COLUMN) if c not in requirements]
    if missing:
        raise InputDataError(
            f"{source} is missing column {missing[0]!r}; found {list(map(str, requirements.columns))}"
        )
    out = requirements.copy()
    out["interval_start"] = pd.to_datetime(out["interval_start"], errors="coerce")
    out["queue"] = out["queue"].astype(str)
    need = pd.to_numeric(out[COVERED_COLUMN], errors="coerce")
    bad = need.isna() | (need < 0) | out["interval_start"].isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{source} row {row + 2}: interval_start must be a timestamp and {COVERED_COLUMN} a "
            f"non-negative number, got {requirements['interval_start'].iloc[row]!r}, "
            f"{requirements[COVERED_COLUMN].iloc[row]!r}"
        )
    out[COVERED_COLUMN] = need.astype(float)
    return out


def overtime_premium(config: PlanConfig, day: pd.Timestamp) -> float:
    """Pay factor of an overtime hour on ``day``: statutory holiday (法定节假日, 3×), rest
    day (weekend or a day in lieu, 2×) or workday (a 调休 make-up Saturday included, 1.5×);
    the factors come from ``[labour]``. Years ``chinese_calendar`` does not know count
    weekends as rest days and have no holidays. Outside China (``holidays`` in
    ``plan.toml``) the region's public holidays are holidays and weekends rest days."""
    labour = config.labour
    return {
        "holiday": labour.overtime_premium_holiday,
        "rest": labour.overtime_premium_rest_day,
        "work": labour.overtime_premium_workday,
    }[day_type(day, config.holidays)]


def shift_options(
    config: PlanConfig,
    stamps: pd.DatetimeIndex,
    queues: Sequence[str],
    campaign_days: frozenset[pd.Timestamp],
) -> list[ShiftOption]:
    """Every template × start × day option whose shift touches the grid, from the day before
    the grid's first day (a night shift of the eve covers day 1's early hours); FT options
    extended by whole hours of overtime on overtime days (``[labour]``
    ``ft_overtime_max_hours_per_day``, ``ft_overtime_days``)."""
    minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1)) if len(stamps) > 1 else 15
    first = stamps[0]
    n = len(stamps)
    days = pd.date_range(first.normalize() - pd.Timedelta(days=1), stamps[-1].normalize(), freq="D")
    labour = config.labour
    extra = int(np.floor(labour.ft_overtime_max_hours_per_day + 1e-9))
    options: list[ShiftOption] = []
    for day in days:
        hot = day in campaign_days
        overtime_day = extra > 0 and (labour.ft_overtime_days == "all" or hot)
        ft_premium = overtime_premium(config, day) if extra else 1.0
        for template in config.shifts:
            if not template.works_on(day.day_of_week, campaign_day=hot):
                continue
            served = tuple(q for q in template.queues if q in queues)
            if not served:
                continue
            rate = config.cost_per_paid_hour(template)
            hours = range(extra + 1) if template.kind == "FT" and overtime_day else range(1)
            premium = ft_premium if template.kind == "FT" else 1.0
            for start_minute, added in ((m, h) for m in template.start_minutes for h in hours):
                start = day + pd.Timedelta(minutes=start_minute)
                end = start + pd.Timedelta(minutes=template.length_minutes + 60 * added)
                i0 = int((start - first) / pd.Timedelta(minutes=minutes))
                i1 = int(np.ceil((end - first) / pd.Timedelta(minutes=minutes)))
                if start_minute % minutes:  # a start window finer than the grid
                    continue
                lo, hi = max(i0, 0), min(i1, n)
                if hi <= lo:
                    continue
                breaks: list[tuple[int, int]] = []
                if template.break_minutes > 0 and template.break_window_hours:
                    earliest, latest = template.break_window_hours
                    length = int(np.ceil(template.break_minutes / minutes))
                    offset = int(np.ceil(earliest * 60 / minutes))
                    while offset * minutes <= latest * 60 + 1e-9:
                        b0 = i0 + offset
                        if b0 + length <= i1:
                            breaks.append((b0, b0 + length))
                        offset += 1
                    if not breaks:
                        breaks.append((i0 + offset - 1, i0 + offset - 1 + length))
                options.append(
                    ShiftOption(
                        index=len(options),
                        template=template,
                        day=day,
                        start=start,
                        end=end,
                        cover=(i0, i1),
                        breaks=tuple(breaks),
                        queues=served,
                        paid_hours=float(template.paid_hours + added),
                        cost=float(template.paid_hours) * rate + added * rate * premium,
                        overtime_hours=float(added),
                    )
                )
    return options


def shortfall_penalty(config: PlanConfig, queue: str, aht_seconds: float | None = None) -> float:
    """Penalty per agent-hour of shortfall [CNY]: configured, or the business an agent would
    have kept in an hour (chats handled × inquiry conversion × average order value)."""
    if config.costs.shortfall_penalty_per_agent_hour is not None:
        return float(config.costs.shortfall_penalty_per_agent_hour)
    q = config.queues[queue]
    aht = aht_seconds or q.aht_seconds * (1 + effective_uplift(q.bot_resolution, q.bot_aht_uplift))
    duration = aht * (1 + q.concurrency_slowdown * (q.max_concurrency - 1))
    chats_per_hour = q.max_concurrency * 3600.0 / duration
    return chats_per_hour * config.costs.inquiry_conversion * config.costs.average_order_value


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Previous:
    """What an earlier plan's roster fixes at the start of this one (``--previous``): its
    named assignments ``agent, kind, date, shift, start, end`` (and ``queue`` when given)."""

    assignments: pd.DataFrame
    source: str = "previous"

    def before(self, day: pd.Timestamp) -> pd.DataFrame:
        """Assignments of days before ``day``."""
        return self.assignments[self.assignments["date"] < day]

    @property
    def last_day(self) -> pd.Timestamp | None:
        dates = self.assignments["date"]
        return pd.Timestamp(dates.max()) if len(dates) else None


def read_previous(path: str | Path, config: PlanConfig) -> Previous:
    """Read a previous plan or roster output directory's ``assignments.csv``."""
    folder = Path(path)
    file = folder / "assignments.csv" if folder.is_dir() else folder
    if not file.exists():
        raise InputDataError(msg("prev.none", path=str(path)))
    try:
        frame = restore_frame(pd.read_csv(file, dtype=str, encoding="utf-8-sig").fillna(""))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputDataError(msg("prev.unreadable", file=str(file), why=str(error))) from None
    missing = [c for c in ("agent", "kind", "date", "shift", "start", "end") if c not in frame]
    if missing:
        raise InputDataError(
            msg(
                "prev.missing",
                file=str(file),
                column=repr(missing[0]),
                found=", ".join(map(str, frame.columns)),
            )
        )
    out = frame.copy()
    for column in ("date", "start", "end"):
        parsed = pd.to_datetime(out[column], errors="coerce")
        bad = parsed.isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputDataError(
                msg(
                    "prev.bad_time",
                    file=str(file),
                    row=row + 2,
                    column=column,
                    value=repr(frame[column].iloc[row]),
                )
            )
        out[column] = parsed
    out["date"] = out["date"].dt.normalize()
    known = {t.name for t in config.shifts}
    unknown = sorted(set(out["shift"]) - known)
    if unknown:
        row = int(np.flatnonzero((out["shift"] == unknown[0]).to_numpy())[0])
        raise InputDataError(
            msg(
                "prev.bad_shift",
                file=str(file),
                row=row + 2,
                value=repr(unknown[0]),
                known=", ".join(sorted(known)),
            )
        )
    return Previous(out, str(file))


def check_previous(
    previous: Previous | None, first: pd.Timestamp, config: PlanConfig
) -> tuple[Message, ...]:
    """A previous roster against the horizon starting on day ``first``: an error when none
    of its days comes before ``first`` (nothing to continue: a later or the same horizon);
    notes when it overlaps the horizon (its days from ``first`` on are planned again), when
    days lie between its last day and ``first`` (counted as days off), and for rows on a
    queue the configuration does not have (their rest and days still count)."""
    if previous is None or previous.assignments.empty:
        return ()
    dates = previous.assignments["date"]
    earliest, latest = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    span = {
        "source": previous.source,
        "first": f"{earliest:%Y-%m-%d}",
        "last": f"{latest:%Y-%m-%d}",
    }
    if earliest >= first:
        raise InputDataError(msg("prev.not_before", start=f"{first:%Y-%m-%d}", **span))
    notes: list[Message] = []
    if latest >= first:
        notes.append(msg("prev.overlap", start=f"{first:%Y-%m-%d}", **span))
    elif (first - latest).days > 1:
        notes.append(
            msg("prev.gap", start=f"{first:%Y-%m-%d}", days=(first - latest).days - 1, **span)
        )
    if "queue" in previous.assignments:
        queues = previous.assignments["queue"].astype(str)
        keys = config.queue_keys(set(queues))
        odd = ~queues.map(lambda q: keys.get(q, q)).isin(list(config.queues)) & (queues != "")
        if odd.any():
            row = int(np.flatnonzero(odd.to_numpy())[0])
            notes.append(
                msg(
                    "prev.queue",
                    source=previous.source,
                    row=row + 2,
                    value=repr(queues.iloc[row]),
                    n=int(odd.sum()),
                )
            )
    return tuple(notes)


def booking_days(config: PlanConfig, template: ShiftTemplate) -> int:
    """Shortest booking of an outsourced agent on ``template`` [days]."""
    return template.min_booking_days or config.labour.out_min_booking_days


def crew_plan(team: Sequence[Agent], size: int | None) -> list[tuple[int, ...]]:
    """FT agents grouped into crews (班组) that share their days off: agents with the same
    skills together, in team order, ``size`` at most (default 1 up to 60 agents, then
    ``ceil(team / 30)``)."""
    if size is None:
        size = 1 if len(team) <= 60 else int(np.ceil(len(team) / 30))
    by_skill: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for a, agent in enumerate(team):
        by_skill[tuple(sorted(agent.queues))].append(a)
    return [
        tuple(members[i : i + size])
        for members in by_skill.values()
        for i in range(0, len(members), size)
    ]


class _Model:
    """The integer program of the module docstring, built with PuLP."""

    def __init__(
        self,
        config: PlanConfig,
        required: np.ndarray,
        stamps: pd.DatetimeIndex,
        queues: Sequence[str],
        options: list[ShiftOption],
        ft_agents: Sequence[Agent],
        penalties: Sequence[float],
        *,
        all_hands: frozenset[pd.Timestamp] = frozenset(),
        campaign: frozenset[pd.Timestamp] = frozenset(),
        previous: Previous | None = None,
    ) -> None:
        self.config = config
        self.required = required  # (intervals, queues)
        self.stamps = stamps
        self.queues = list(queues)
        self.options = options
        self.penalties = list(penalties)  # per queue [CNY per agent-hour]
        self.ft_agents = list(ft_agents)
        self.crews = crew_plan(self.ft_agents, config.labour.ft_crew_size)
        self.all_hands = all_hands
        self.campaign = campaign
        self.previous = previous
        self.minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1))
        self.prob = pulp.LpProblem("roster", pulp.LpMinimize)
        self.days = pd.date_range(stamps[0].normalize(), stamps[-1].normalize(), freq="D")
        self.eve = self.days[0] - pd.Timedelta(days=1)
        used = {o.day for o in options}
        self.rule_days = [self.eve] * (self.eve in used) + list(self.days)
        self.fixed = self._fixed_from_previous()
        prev = previous
        self.eve_fixed = bool(
            prev is not None
            and self.rule_days
            and self.rule_days[0] == self.eve
            and prev.last_day is not None
            and prev.last_day >= self.eve
        )
        # the first day the program decides: the eve belongs to a previous roster that covers it
        self.free_days = self.rule_days[1:] if self.eve_fixed else list(self.rule_days)
        self.faults: list[Message] = []
        """What went wrong with a solver process (stopped, crashed), for the plan's messages."""
        self.node_limited = False
        """Whether the last CBC call stopped at its node limit (work, not the clock)."""
        self.ft_target: dict[pd.Timestamp, float] | None = None
        """FT agents on duty each day in the team LP relaxation (:func:`_guide`), which
        :meth:`days_by_rule` aims at; None: a share of each day's need."""
        self.first: tuple[dict[str, float], float] | None = None
        """Phase 1's roster (variable values) and its seconds, kept by
        :meth:`solve` so that a whole solve after a phase-1-only one does not redo it."""
        self.forced_off = self._forced_off()
        """Days no FT tour can work (:func:`forced_off_days`) for any crew."""
        self._variables(penalties)
        self._add_cover()
        self._add_ft_day()
        self._add_ft_week()
        self._add_ft_run()
        self._add_ft_rest()
        self._add_all_hands()
        self._add_ft_overtime()
        self._add_pt_day()
        self._add_pt_week()
        self._add_pt_run()
        self._add_pt_rest()
        self._add_pt_share()
        self.tail_expr: pulp.LpAffineExpression = pulp.LpAffineExpression()
        self.tail_days: list[tuple[str, pd.Timestamp, int, float, pulp.LpVariable]] = []
        self._add_out_booking()
        self.prob.objective += self.tail_expr
        self._add_ft_skills()
        self._add_fixed()

    def _forced_off(self) -> frozenset[pd.Timestamp]:
        """The days :func:`forced_off_days` leaves off for every crew (none with a previous
        roster, whose days worked before the horizon it does not follow)."""
        if self.previous is not None or not self.crews:
            return frozenset()
        aways = (
            frozenset(d for d in self.free_days if not self.available(g, d))
            for g in range(len(self.crews))
        )
        return team_forced_off(self.free_days, self.all_hands, self.config.labour, aways)

    # ---- crews
    def available(self, g: int, day: pd.Timestamp) -> int:
        """Members of crew ``g`` not away on ``day``."""
        return sum(1 for a in self.crews[g] if day not in self.ft_agents[a].unavailable)

    def _able(self, g: int, o: ShiftOption) -> bool:
        skills = self.ft_agents[self.crews[g][0]].queues
        return not skills or bool(set(skills) & set(o.queues))

    def _fixed_from_previous(self) -> dict[tuple[str, int], int]:
        """Eve options a previous roster already booked: ``(who, option) -> agents``, ``who``
        a crew (``"g<i>"``) for FT or the kind for PT and OUT. Only when the previous
        roster covers the eve and the eve is in the model."""
        prev = self.previous
        if prev is None or not self.rule_days or self.rule_days[0] != self.eve:
            return {}
        rows = prev.assignments[prev.assignments["date"] == self.eve]
        by_key = {(o.template.name, o.start): o for o in self.options if o.day == self.eve}
        crew_of = {self.ft_agents[a].agent: g for g, crew in enumerate(self.crews) for a in crew}
        fixed: dict[tuple[str, int], int] = defaultdict(int)
        for r in rows.itertuples(index=False):
            o = by_key.get((str(r.shift), pd.Timestamp(r.start)))
            if o is None:
                continue  # ended before the horizon: only the rest rule sees it
            who = (
                f"g{crew_of[str(r.agent)]}"
                if r.kind == "FT" and str(r.agent) in crew_of
                else str(r.kind)
            )
            if who == "FT":
                continue  # an FT agent not in this team
            fixed[(who, o.index)] += 1
        return dict(fixed)

    def _prior(self, g: int) -> pd.DataFrame:
        """The previous roster's shifts of crew ``g``'s members before the first day the
        program decides (:attr:`free_days`)."""
        if self.previous is None or not self.free_days:
            return self.previous_empty
        ids = {self.ft_agents[a].agent for a in self.crews[g]}
        rows = self.previous.before(self.free_days[0])
        return rows[(rows["kind"] == "FT") & rows["agent"].astype(str).isin(ids)]

    previous_empty = pd.DataFrame(columns=["agent", "kind", "date", "shift", "start", "end"])

    # ---- variables and objective
    def _variables(self, penalties: Sequence[float]) -> None:
        self.x: dict[tuple[int, int], pulp.LpVariable] = {}
        self.y: dict[tuple[int, pd.Timestamp], pulp.LpVariable] = {}
        self.z: dict[tuple[int, str], pulp.LpVariable] = {}
        self.k: dict[tuple[int, str, int], pulp.LpVariable] = {}
        for o in self.options:
            tag = f"{o.template.code}_{o.start:%Y%m%dT%H%M}" + (
                f"_ot{o.overtime_hours:g}" if o.overtime_hours else ""
            )
            if o.template.kind == "FT":
                for g in range(len(self.crews)):
                    free = self.available(g, o.day)
                    if not free or not self._able(g, o):
                        continue
                    self.x[(g, o.index)] = self.prob.add_variable(
                        f"x_{g}_{tag}",
                        lowBound=0,
                        upBound=free,
                        cat="Binary" if free == 1 else "Integer",
                    )
                    if (g, o.day) not in self.y:
                        self.y[(g, o.day)] = self.prob.add_variable(
                            f"y_{g}_{o.day:%Y%m%d}", cat="Binary"
                        )
            for q in o.queues:
                self.z[(o.index, q)] = self.prob.add_variable(
                    f"z_{q}_{tag}", lowBound=0, cat="Integer"
                )
                for b in range(len(o.breaks)):
                    self.k[(o.index, q, b)] = self.prob.add_variable(
                        f"k_{q}_{tag}_{b}", lowBound=0, cat="Integer"
                    )
        self.s = {
            (t, q): self.prob.add_variable(f"s_{q}_{t}", lowBound=0)
            for t in range(len(self.stamps))
            for qi, q in enumerate(self.queues)
            if self.required[t, qi] > 0
        }
        self.deep: dict[tuple[int, str], pulp.LpVariable] = {}
        for (t, q), var in self.s.items():
            need = float(self.required[t, self.queues.index(q)])
            if need < DEEP_SHORT_MIN_AGENTS:
                continue
            self.deep[(t, q)] = deep = self.prob.add_variable(f"d_{q}_{t}", lowBound=0)
            self.prob += deep >= var - DEEP_SHORT_SHARE * need, f"deep_{q}_{t}"
        hours = self.minutes / 60
        paid_before = {oi for (_, oi) in self.fixed}
        cost = pulp.lpSum(
            o.cost * self.z[(o.index, q)]
            for o in self.options
            if o.index not in paid_before
            for q in o.queues
        )
        # a tie-break, not a cost: the objective reported leaves it out
        idle = {o.index: self._idle_cost(o) for o in self.options if o.index not in paid_before}
        self.idle_expr = pulp.lpSum(
            cost_ * self.z[(oi, q)]
            for oi, cost_ in idle.items()
            if cost_
            for q in self.options[oi].queues
        )
        self.dearest = dearest = max(penalties, default=0.0)  # the deep tier's price
        shortfall = pulp.lpSum(
            penalties[self.queues.index(q)] * hours * var for (t, q), var in self.s.items()
        ) + pulp.lpSum(dearest * hours * var for var in self.deep.values())
        self.prob += cost + shortfall + self.idle_expr, "labour_cost_plus_shortfall_penalty"
        self.penalty_expr = shortfall
        # link FT crews and queue counts, and breaks
        by_option: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        for (_, oi), var in self.x.items():
            by_option[oi].append(var)
        for o in self.options:
            tag = f"{o.template.code}_{o.start:%Y%m%dT%H%M}" + (
                f"_ot{o.overtime_hours:g}" if o.overtime_hours else ""
            )
            if o.template.kind == "FT":
                self.prob += (
                    pulp.lpSum(self.z[(o.index, q)] for q in o.queues)
                    == pulp.lpSum(by_option[o.index]),
                    f"ft_link_{tag}",
                )
            if o.breaks:
                for q in o.queues:
                    self.prob += (
                        pulp.lpSum(self.k[(o.index, q, b)] for b in range(len(o.breaks)))
                        == self.z[(o.index, q)],
                        f"break_{q}_{tag}",
                    )

    def _idle_cost(self, o: ShiftOption) -> float:
        """:data:`IDLE_SHIFT` of an FT shift's cost when it spans no interval any of its
        queues needs (contract days may leave FT shifts over): ties between such a shift
        and one inside opening hours go to the latter."""
        if o.template.kind != "FT" or o.end > self.stamps[-1] + pd.Timedelta(minutes=self.minutes):
            return 0.0  # a shift running past the horizon may serve the next one's start
        first, stop = o.cover
        columns = [self.queues.index(q) for q in o.queues]
        return 0.0 if self.required[first:stop, columns].any() else IDLE_SHIFT * o.cost

    # ---- constraint families
    def _add_cover(self) -> None:
        terms: dict[tuple[int, str], list[tuple[pulp.LpVariable, float]]] = defaultdict(list)
        n = len(self.stamps)
        out_weight = self.config.labour.out_productivity
        for o in self.options:
            lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
            weight = out_weight if o.template.kind == "OUT" else 1.0
            for q in o.queues:
                var = self.z[(o.index, q)]
                for t in range(lo, hi):
                    terms[(t, q)].append((var, weight))
                for b, (b0, b1) in enumerate(o.breaks):
                    kv = self.k[(o.index, q, b)]
                    for t in range(max(b0, 0), min(b1, n)):
                        terms[(t, q)].append((kv, -weight))
        for (t, q), svar in self.s.items():
            need = float(self.required[t, self.queues.index(q)])
            expr = pulp.LpAffineExpression(terms.get((t, q), []) + [(svar, 1.0)])
            self.prob += expr >= need, f"cover_{q}_{self.stamps[t]:%Y%m%dT%H%M}"

    def _ft_days(self) -> dict[tuple[int, pd.Timestamp], list[pulp.LpVariable]]:
        out: dict[tuple[int, pd.Timestamp], list[pulp.LpVariable]] = defaultdict(list)
        for (g, oi), var in self.x.items():
            out[(g, self.options[oi].day)].append(var)
        return out

    def _add_ft_day(self) -> None:
        """A crew works a day or is off: when it works, every available member works one
        shift (FT agents are salaried); an agent alone is a crew of one."""
        for (g, day), vars_ in self._ft_days().items():
            self.prob += (
                pulp.lpSum(vars_) == self.available(g, day) * self.y[(g, day)],
                f"ft_day_{g}_{day:%Y%m%d}",
            )

    def _prior_days(self, g: int) -> set[pd.Timestamp]:
        prior = self._prior(g)
        return {pd.Timestamp(d) for d in prior["date"]}

    def _add_ft_week(
        self,
        prob: pulp.LpProblem | None = None,
        y: dict[tuple[int, pd.Timestamp], pulp.LpVariable] | None = None,
    ) -> None:
        prob = self.prob if prob is None else prob
        y = self.y if y is None else y
        labour = self.config.labour
        weeks: dict[pd.Timestamp, list[pd.Timestamp]] = defaultdict(list)
        for day in self.free_days:
            weeks[day - pd.Timedelta(days=day.day_of_week)].append(day)
        work = 7 - labour.ft_days_off_per_week
        first = self.free_days[0] if self.free_days else None
        covered: set[pd.Timestamp] = set()
        if self.previous is not None and len(self.previous.assignments):
            dates = self.previous.assignments["date"]
            covered = set(pd.date_range(dates.min(), dates.max(), freq="D"))
        for g in range(len(self.crews)):
            worked = self._prior_days(g)
            for monday, days in weeks.items():
                vars_ = [y[(g, d)] for d in days if (g, d) in y]
                if not vars_:
                    continue
                before = [monday + pd.Timedelta(days=i) for i in range(7)]
                before = [d for d in before if first is not None and d < first]
                done = sum(1 for d in before if d in worked)
                expr = pulp.lpSum(vars_)
                prob += (
                    expr <= max(min(work - done, len(days)), 0),
                    f"ft_week_max_{g}_{monday:%Y%m%d}",
                )
                if len(days) + sum(1 for d in before if d in covered) == 7:
                    away = sum(1 for d in days if not self.available(g, d))
                    least = max(work - done - away, 0)
                    if least:
                        prob += expr >= least, f"ft_week_min_{g}_{monday:%Y%m%d}"

    def ft_least(self) -> dict[tuple[str, pd.Timestamp], float]:
        """FT shifts the program must buy whether the cover needs them or not (no previous
        roster): on an all-hands day every available member of each crew
        (``("ft_day", day)``); in a calendar week wholly inside the horizon each crew's
        contract days less its days away, at its fewest available members
        (``("ft_week", monday)``). :meth:`SizingLP.roster_bound` keeps them."""
        least: dict[tuple[str, pd.Timestamp], float] = defaultdict(float)
        for g, day in self.y:
            if day in self.all_hands:
                least[("ft_day", day)] += self.available(g, day)
        work = 7 - self.config.labour.ft_days_off_per_week
        weeks: dict[pd.Timestamp, list[pd.Timestamp]] = defaultdict(list)
        for day in self.free_days:
            weeks[day - pd.Timedelta(days=day.day_of_week)].append(day)
        for monday, days in weeks.items():
            if len(days) != 7:
                continue
            for g in range(len(self.crews)):
                members = [self.available(g, d) for d in days if (g, d) in self.y]
                away = sum(1 for d in days if not self.available(g, d))
                if members and min(members) > 0:
                    least[("ft_week", monday)] += max(work - away, 0) * min(members)
        return dict(least)

    def _add_ft_run(
        self,
        prob: pulp.LpProblem | None = None,
        y: dict[tuple[int, pd.Timestamp], pulp.LpVariable] | None = None,
    ) -> None:
        prob = self.prob if prob is None else prob
        y = self.y if y is None else y
        cap = self.config.labour.ft_max_consecutive_days
        days = self.free_days
        if not days:
            return
        for g in range(len(self.crews)):
            worked = self._prior_days(g)
            run, day = 0, days[0] - pd.Timedelta(days=1) if days else None
            while day is not None and day in worked:
                run, day = run + 1, day - pd.Timedelta(days=1)
            for k in range(1, min(run, cap) + 1):  # the run a previous roster left
                head = [y[(g, d)] for d in days[: cap + 1 - k] if (g, d) in y]
                if head:
                    prob += pulp.lpSum(head) <= cap - k, f"ft_run_prev_{g}_{k}"
            for i in range(len(days) - cap):
                window = days[i : i + cap + 1]
                vars_ = [y[(g, d)] for d in window if (g, d) in y]
                if len(vars_) > cap:
                    prob += pulp.lpSum(vars_) <= cap, f"ft_run_{g}_{window[0]:%Y%m%d}"

    def _add_ft_rest(self) -> None:
        """An FT agent rests ``min_rest_hours`` between days, as one clique per start time
        ``c`` of day ``d+1``: of the shifts of day ``d`` ending after ``c − rest`` and those
        of ``d+1`` starting at or before ``c``, every pair clashes, so each member of a crew
        works at most one of them: their sum is at most the crew's members available on
        either day (Hall's condition: the members can then be named day by day, earliest
        finisher to earliest start). These cover every clashing pair (take ``c`` = the later
        shift's start) with far fewer rows and a tighter relaxation than one row per pair
        (206k rows → 13k on the sample's 40 days); a cut whose late set equals the next
        cut's is dropped, the next one containing it. Shifts of a previous roster that end
        late on the day before the first one keep their agents off the early shifts."""
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "FT":
                by_day[o.day].append(o)
        cliques = [
            (day, cut)
            for day in self.rule_days
            for cut in _rest_cuts(
                by_day.get(day, []), by_day.get(day + pd.Timedelta(days=1), []), rest
            )
        ]
        for g in range(len(self.crews)):
            for day, (cut, late, early) in cliques:
                vars_ = [self.x[(g, o.index)] for o in late + early if (g, o.index) in self.x]
                bound = max(self.available(g, day), self.available(g, day + pd.Timedelta(days=1)))
                if len(vars_) > 1 and (bound > 1 or len(vars_) > 1):
                    self.prob += pulp.lpSum(vars_) <= bound, f"ft_rest_{g}_{cut:%Y%m%dT%H%M}"
            if not self.free_days:
                continue
            prior = self._prior(g)
            first = self.free_days[0]
            modelled = {
                (o.template.name, o.start) for (_, oi) in self.fixed for o in [self.options[oi]]
            }
            ends = [
                pd.Timestamp(r.end)
                for r in prior.itertuples(index=False)
                if (str(r.shift), pd.Timestamp(r.start)) not in modelled
            ]
            for cut in sorted({o.start for o in by_day.get(first, [])}):
                tired = sum(1 for e in ends if e > cut - rest)
                early = [
                    self.x[(g, o.index)]
                    for o in by_day.get(first, [])
                    if o.start <= cut and (g, o.index) in self.x
                ]
                if tired and early:
                    self.prob += (
                        pulp.lpSum(early) <= max(self.available(g, first) - tired, 0),
                        f"ft_rest_prev_{g}_{cut:%Y%m%dT%H%M}",
                    )

    def _add_all_hands(
        self,
        prob: pulp.LpProblem | None = None,
        y: dict[tuple[int, pd.Timestamp], pulp.LpVariable] | None = None,
    ) -> None:
        """All-hands days (``no_days_off_phases``): every crew with an available member
        works; ``max_share_off_on_campaign_days`` caps the FT agents off on campaign days."""
        prob = self.prob if prob is None else prob
        y = self.y if y is None else y
        for (g, day), var in y.items():
            if day in self.all_hands:
                prob += var == 1, f"all_hands_{g}_{day:%Y%m%d}"
        share = self.config.labour.max_share_off_on_campaign_days
        if share is None:
            return
        for day in self.days:
            if day not in self.campaign or day in self.all_hands:
                continue
            crews = [(g, var) for (g, d), var in y.items() if d == day]
            team = sum(self.available(g, day) for g, _ in crews)
            if team:
                prob += (
                    pulp.lpSum(self.available(g, day) * var for g, var in crews)
                    >= (1 - share) * team,
                    f"ft_share_off_{day:%Y%m%d}",
                )

    def _add_ft_overtime(self) -> None:
        """Overtime per FT agent per calendar month at most ``ft_overtime_max_hours_per_month``
        (a crew's members together at most that many times its size; the naming spreads it)."""
        cap = self.config.labour.ft_overtime_max_hours_per_month
        months: dict[tuple[int, str], list[tuple[pulp.LpVariable, float]]] = defaultdict(list)
        for (g, oi), var in self.x.items():
            o = self.options[oi]
            if o.overtime_hours:
                months[(g, f"{o.day:%Y%m}")].append((var, o.overtime_hours))
        for (g, month), terms in months.items():
            self.prob += (
                pulp.LpAffineExpression(terms) <= cap * len(self.crews[g]),
                f"ft_overtime_{g}_{month}",
            )

    def _count(self, o: ShiftOption) -> pulp.LpAffineExpression:
        return pulp.lpSum(self.z[(o.index, q)] for q in o.queues)

    def _add_fixed(self) -> None:
        """Eve shifts a previous roster booked stay booked (and are not paid again); FT crews
        it left off on the eve stay off."""
        totals: dict[int, int] = defaultdict(int)
        for (who, oi), count in self.fixed.items():
            if who.startswith("g"):
                var = self.x.get((int(who[1:]), oi))
                if var is not None:
                    self.prob += var == count, f"prev_{who}_{oi}"
            else:
                totals[oi] += count
        for oi, count in totals.items():
            self.prob += self._count(self.options[oi]) == count, f"prev_{oi}"
        prev = self.previous
        if prev is None or not self.rule_days or self.rule_days[0] != self.eve:
            return
        if prev.last_day is None or prev.last_day < self.eve:
            return
        for (g, day), var in self.y.items():
            if day == self.eve and not any(k[0] == f"g{g}" for k in self.fixed):
                self.prob += var == 0, f"prev_off_{g}"

    def _add_ft_skills(self) -> None:
        """FT crews limited to some queues (``agents.csv``) only count for those."""
        if not any(agent.queues for agent in self.ft_agents):
            return
        crews: dict[int, list[tuple[int, pulp.LpVariable]]] = defaultdict(list)
        for (g, oi), var in self.x.items():
            crews[oi].append((g, var))
        # each option's agents, by skill group, handed to the queues they serve: a
        # transportation problem whose integral counts always have an integral solution, so
        # the named roster can seat every agent on a queue it serves (Hall's condition).
        # One row per queue let two skill groups share each other's agents: 售前/售后 agents
        # counted for 售前 and for 售后 at once
        groups = sorted({frozenset(self.ft_agents[c[0]].queues) for c in self.crews}, key=sorted)
        group_of = [groups.index(frozenset(self.ft_agents[c[0]].queues)) for c in self.crews]
        for o in self.options:
            if o.template.kind != "FT" or len(o.queues) < 2:
                continue
            tag = f"{o.template.code}_{o.start:%Y%m%dT%H%M}_{o.overtime_hours:g}"
            seats: dict[str, list[pulp.LpVariable]] = defaultdict(list)
            for k, group in enumerate(groups):
                supply = [var for g, var in crews[o.index] if group_of[g] == k]
                served = [q for q in o.queues if not group or q in group]
                if not supply or not served:
                    continue
                flow = {
                    q: self.prob.add_variable(f"ft_seat_{k}_{q}_{tag}", lowBound=0) for q in served
                }
                self.prob += (
                    pulp.lpSum(flow.values()) == pulp.lpSum(supply),
                    f"ft_group_{k}_{tag}",
                )
                for q, var in flow.items():
                    seats[q].append(var)
            for q in o.queues:
                self.prob += (
                    self.z[(o.index, q)] == pulp.lpSum(seats.get(q, [])),
                    f"ft_skill_{q}_{tag}",
                )

    def _add_pt_day(self) -> None:
        pool = self.config.labour.pt_count
        for day in self.rule_days:
            pts = [o for o in self.options if o.template.kind == "PT" and o.day == day]
            if pts:
                self.prob += pulp.lpSum(self._count(o) for o in pts) <= pool, f"pt_day_{day:%Y%m%d}"

    def _add_pt_week(self) -> None:
        labour = self.config.labour
        weeks: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "PT":
                weeks[o.day - pd.Timedelta(days=o.day.day_of_week)].append(o)
        earlier: dict[pd.Timestamp, float] = defaultdict(float)
        if self.previous is not None and self.rule_days:
            rows = self.previous.before(self.rule_days[0])
            for r in rows[rows["kind"] == "PT"].itertuples(index=False):
                day = pd.Timestamp(r.date)
                hours = float(self.config.shift(str(r.shift)).paid_hours)
                earlier[day - pd.Timedelta(days=day.day_of_week)] += hours
        for monday, opts in weeks.items():
            self.prob += (
                pulp.lpSum(o.paid_hours * self._count(o) for o in opts)
                <= max(labour.pt_count * labour.pt_max_hours_per_week - earlier[monday], 0),
                f"pt_week_{monday:%Y%m%d}",
            )

    def _add_pt_run(self) -> None:
        """Part-timers work at most ``pt_max_consecutive_days`` (``c``) days in a row: in
        every window of ``c + 1`` days the pool's blocks number at most ``pt_pool × c`` (a
        previous roster's days before the horizon included). With at most ``pt_pool`` a day
        that is enough to name them: hand each day's blocks to the next members in a circle
        and a window's blocks pass each member at most ``c`` times."""
        labour = self.config.labour
        cap, pool = labour.pt_max_consecutive_days, labour.pt_count
        self.pt_run_rows: list[pulp.LpConstraint] = []
        """The rows (phase 1's repair leaves them out, :meth:`_rounded`)."""
        if not self.rule_days:
            return
        count: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "PT":
                count[o.day].append(o)
        earlier: dict[pd.Timestamp, int] = defaultdict(int)
        if self.previous is not None:
            rows = self.previous.before(self.rule_days[0])
            for d in rows.loc[rows["kind"] == "PT", "date"]:
                earlier[pd.Timestamp(d)] += 1
        one = pd.Timedelta(days=1)
        first, last = self.rule_days[0], self.rule_days[-1]
        # a window reaching before the horizon binds only with a previous roster's days
        # (without, its days in the horizon are fewer than c + 1, each at most the pool)
        start = first - cap * one if earlier else first
        while start + cap * one <= last:
            window = [start + i * one for i in range(cap + 1)]
            opts = [o for d in window for o in count.get(d, [])]
            if opts:
                known = sum(earlier.get(d, 0) for d in window if d < first)
                row = pulp.lpSum(self._count(o) for o in opts) <= max(pool * cap - known, 0)
                self.prob.addConstraint(row, f"pt_run_{start:%Y%m%d}")
                self.pt_run_rows.append(row)
            start += one

    def _add_pt_rest(self) -> None:
        """Part-timers rest ``min_rest_hours`` too: for every start time ``c`` on day ``d+1``,
        the blocks of day ``d`` ending after ``c − rest`` and the blocks of ``d+1`` starting
        before ``c`` pairwise clash, so one part-timer works at most one of them."""
        pool = self.config.labour.pt_count
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "PT":
                by_day[o.day].append(o)
        for day in self.rule_days:
            today, tomorrow = by_day.get(day, []), by_day.get(day + pd.Timedelta(days=1), [])
            for cut in sorted({o.start for o in tomorrow}):
                late = [o for o in today if o.end > cut - rest]
                if not late:
                    continue
                early = [o for o in tomorrow if o.start <= cut]
                self.prob += (
                    pulp.lpSum(self._count(o) for o in late + early) <= pool,
                    f"pt_rest_{cut:%Y%m%dT%H%M}",
                )

    def _add_pt_share(self) -> None:
        share = self.config.labour.pt_max_share
        if share >= 1:
            return
        pt = pulp.lpSum(
            o.paid_hours * self._count(o) for o in self.options if o.template.kind == "PT"
        )
        total = pulp.lpSum(o.paid_hours * self._count(o) for o in self.options)
        self.prob += pt - share * total <= 0, "pt_share"

    def out_in_progress(self, template: ShiftTemplate, first: pd.Timestamp) -> list[int]:
        """Outsourced agents of a previous roster on ``template`` whose booking runs into
        ``first``: how many are still inside their minimum booking on each day from
        ``first`` (``[n0, n1, ...]``), and ``n0`` first of all those booked the day before."""
        if self.previous is None:
            return []
        rows = self.previous.before(first)
        rows = rows[(rows["kind"] == "OUT") & (rows["shift"] == template.name)]
        length = booking_days(self.config, template)
        eve = first - pd.Timedelta(days=1)
        left: list[int] = []
        for _, mine in rows.groupby("agent"):
            days = set(pd.DatetimeIndex(mine["date"]))
            if eve not in days:
                continue
            run, day = 0, eve
            while day in days:
                run, day = run + 1, day - pd.Timedelta(days=1)
            left.append(max(length - run, 0))
        if not left:
            return []
        horizon = max(max(left), 1)
        return [len(left)] + [sum(1 for r in left if r > i) for i in range(horizon)]

    def _add_out_booking(self) -> None:
        for template in {
            o.template.name: o.template for o in self.options if o.template.kind == "OUT"
        }.values():
            length = booking_days(self.config, template)
            tdays = sorted({o.day for o in self.options if o.template is template} | set(self.days))
            daily = {
                day: pulp.lpSum(
                    self._count(o) for o in self.options if o.template is template and o.day == day
                )
                for day in tdays
            }
            progress = self.out_in_progress(template, tdays[0])
            if length <= 1 and not progress:
                continue
            starts = {
                day: self.prob.add_variable(f"w_{template.code}_{day:%Y%m%d}", lowBound=0)
                for day in tdays
            }
            # agents booked since before the first day: a previous roster's. Without one
            # no booking runs in: the agency bills a booking from its first day, and days
            # before the horizon are not in this plan (its first bookings once ran in free
            # whenever the template could run the day before: 11 seats of a 5-day minimum
            # booked for the horizon's first 4 days, the eve's day neither paid nor said)
            carried: pulp.LpVariable | int = 0
            still = [0] * len(tdays)
            if progress:
                carried = progress[0]
                for i, n in enumerate(progress[1:][: len(tdays)]):
                    still[i] = n
            before: pulp.LpAffineExpression | pulp.LpVariable | int = carried
            for i, day in enumerate(tdays):
                self.prob += (
                    starts[day] >= daily[day] - before,
                    f"out_start_{template.code}_{day:%Y%m%d}",
                )
                window = tdays[max(0, i - length + 1) : i + 1]
                self.prob += (
                    pulp.lpSum(starts[d] for d in window) + still[i] <= daily[day],
                    f"out_book_{template.code}_{day:%Y%m%d}",
                )
                before = daily[day]
            self._add_out_tail(template, length, starts)
            self._add_out_rest(template, daily, starts, tdays)

    def _add_out_tail(
        self, template: ShiftTemplate, length: int, starts: dict[pd.Timestamp, pulp.LpVariable]
    ) -> None:
        """A booking that starts fewer than ``length`` days before the horizon ends is billed
        for its whole minimum all the same: its days after the horizon cost the template's
        cheapest shift of its first day each (:attr:`tail_expr`), so the program books late
        seats only where they are worth it, and the summary reports them."""
        last = self.days[-1]
        cheapest: dict[pd.Timestamp, float] = {}
        for o in self.options:
            if o.template is template:
                cheapest[o.day] = min(cheapest.get(o.day, math.inf), o.cost)
        for day, var in starts.items():
            beyond = (day + pd.Timedelta(days=length - 1) - last).days
            if beyond > 0 and day in cheapest and day <= last:
                self.tail_expr += beyond * cheapest[day] * var
                self.tail_days.append((template.name, day, beyond, cheapest[day], var))

    def _add_out_rest(
        self,
        template: ShiftTemplate,
        daily: dict[pd.Timestamp, pulp.LpAffineExpression],
        starts: dict[pd.Timestamp, pulp.LpVariable],
        tdays: Sequence[pd.Timestamp],
    ) -> None:
        """A booked outsourced agent who works on ``d+1`` too rests ``min_rest_hours`` in
        between: for every start time ``c`` of ``d+1``, the agents starting at or before
        ``c`` are new bookings or come from the shifts of ``d`` that end by ``c − rest``.
        Start times order the shifts, so these cuts are Hall's condition for matching the
        continuing agents to rested shifts: the named roster can then keep every booking's
        agent (without them, late agents could not take the next morning's shifts and the
        naming booked new ones: 1,269 one-day bookings on the 40-day sample)."""
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template is template:
                by_day[o.day].append(o)
        for day, following in zip(tdays[:-1], tdays[1:], strict=True):
            for cut, late, early in _rest_cuts(
                by_day.get(day, []), by_day.get(following, []), rest
            ):
                self.prob += (
                    pulp.lpSum(self._count(o) for o in late + early)
                    <= daily[day] + starts[following],
                    f"out_rest_{template.code}_{cut:%Y%m%dT%H%M}",
                )

    # ---- a feasible start
    def days_by_rule(
        self, log_path: Path, say: Progress
    ) -> dict[tuple[int, pd.Timestamp], int] | None:
        """Days on and off per crew for the first phase, from a small program over the
        crews' days alone: the week, run, all-hands and campaign-day rules of the whole
        program (a previous roster's days included), the crews on duty each day as close
        as possible to the team LP's FT agents that day (:attr:`ft_target`; without it a
        share of the day's need, counted half where outsourced shifts may stand in), and
        the eve left off. ``None`` if no such days exist."""
        days = self.free_days
        if not days or not self.y:
            return None
        prob = pulp.LpProblem("days_off", pulp.LpMinimize)
        y = {
            key: prob.add_variable(f"d_{key[0]}_{key[1]:%Y%m%d}", cat="Binary")
            for key in self.y
            if key[1] in set(days)
        }
        self._add_ft_week(prob, y)
        self._add_ft_run(prob, y)
        self._add_all_hands(prob, y)
        for (g, day), var in y.items():
            if day == self.eve:
                prob += var == 0, f"eve_{g}"
        need = self.required.sum(axis=1)
        helped = {o.day for o in self.options if o.template.kind == "OUT"}
        normal = self.stamps.normalize()
        weight = {d: float(need[normal == d].sum()) * (0.5 if d in helped else 1.0) for d in days}
        work = 7 - self.config.labour.ft_days_off_per_week
        team = sum(len(c) for c in self.crews) * work / 7
        mean = float(np.mean([weight[d] for d in days if d != self.eve] or [1.0]))
        spread = []
        for d in days:
            if d == self.eve:
                continue
            duty = pulp.lpSum(self.available(g, day) * v for (g, day), v in y.items() if day == d)
            if self.ft_target is not None:
                target = self.ft_target.get(d, 0.0)
            else:
                target = team * weight[d] / max(mean, 1e-9)
            # the deficit in three slices of a tenth of the target, each dearer (a convex
            # cost spreads the days off instead of piling them on one quiet day)
            slices = [
                prob.add_variable(f"short{i}_{d:%Y%m%d}", lowBound=0, upBound=bound)
                for i, bound in enumerate((0.1 * target, 0.1 * target, None))
            ]
            prob += pulp.lpSum(slices) >= target - duty, f"target_{d:%Y%m%d}"
            spread += [slices[0], 3 * slices[1], 9 * slices[2]]
            if weight[d] == 0:  # a day nobody is needed (a shop closed on Sundays): the
                spread.append(IDLE_DUTY * duty)  # contract days go to open days first
        prob += pulp.lpSum(spread)
        deadline = time.perf_counter() + DAYS_LIMIT_SECONDS + GRACE_SECONDS
        fault = _solve_cbc(prob, DAYS_LIMIT_SECONDS, 0.01, log_path, deadline, say)
        if fault is not None:
            self.faults.append(fault)
            _highs_instead(prob, deadline - GRACE_SECONDS, 0.01, say)
        if prob.sol_status not in (1, 2):
            return None
        return {key: int(round(var.varValue or 0)) for key, var in y.items()}

    def set_start(
        self, days_on: dict[tuple[int, pd.Timestamp], int], tours: dict[tuple[int, int], int]
    ) -> float:
        """A feasible roster by rule as the variables' values: the crews' days and shifts of
        :meth:`days_by_rule` / :meth:`shifts_by_rule` (each option's agents on its first
        queue and first break), no part-time or outsourced agents (but those a previous
        roster fixed), the rest shortfall. Returns its objective [CNY]."""
        for var in self.prob.variables():
            var.setInitialValue(0.0, check=False)
        for key, var in self.y.items():
            var.setInitialValue(float(days_on.get(key, 0)), check=False)
        counts: dict[int, float] = defaultdict(float)
        for (g, oi), var in self.x.items():
            value = float(tours.get((g, oi), 0))
            var.setInitialValue(value, check=False)
            counts[oi] += value
        for (who, oi), booked in self.fixed.items():
            if not who.startswith("g"):
                counts[oi] += booked
        present = np.zeros(self.required.shape)
        n = len(self.stamps)
        weight = self.config.labour.out_productivity
        for oi, count in counts.items():
            o = self.options[oi]
            q = o.queues[0]
            if o.template.kind == "FT":  # a crew able for q: skills are not split here
                able = [g for (g, i), v in self.x.items() if i == oi and tours.get((g, i))]
                skills = self.ft_agents[self.crews[able[0]][0]].queues if able else ()
                q = next((c for c in o.queues if not skills or c in skills), q)
            self.z[(o.index, q)].setInitialValue(count, check=False)
            w: float = weight if o.template.kind == "OUT" else 1.0
            qi = self.queues.index(q)
            present[max(o.cover[0], 0) : min(o.cover[1], n), qi] += count * w
            if o.breaks:
                self.k[(o.index, q, 0)].setInitialValue(count, check=False)
                b0, b1 = o.breaks[0]
                present[max(b0, 0) : max(min(b1, n), 0), qi] -= count * w
        for (t, q), var in self.s.items():
            qi = self.queues.index(q)
            short = max(float(self.required[t, qi] - present[t, qi]), 0.0)
            var.setInitialValue(short, check=False)
            if (t, q) in self.deep:
                half = DEEP_SHORT_SHARE * float(self.required[t, qi])
                self.deep[(t, q)].setInitialValue(max(short - half, 0.0), check=False)
        return self._objective_of({v.name: v.varValue or 0.0 for v in self.prob.variables()})

    def shifts_by_rule(
        self, days_on: dict[tuple[int, pd.Timestamp], int]
    ) -> dict[tuple[int, int], int]:
        """FT shifts by rule, day by day: every crew on duty takes, in turn, the FT option
        (no overtime) that covers most of the day's need still uncovered (its members, less
        those on break, against the requirement summed over queues), among those that keep
        ``min_rest_hours`` after the crew's shift of the day before. Deterministic, and it
        follows the need: evening waves draw late shifts, quiet days early ones."""
        ft = [o for o in self.options if o.template.kind == "FT" and not o.overtime_hours]
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in ft:
            by_day[o.day].append(o)
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        n = len(self.stamps)
        left = self.required.sum(axis=1).astype(float)
        last_end: dict[int, pd.Timestamp] = {}
        for g in range(len(self.crews)):
            ends = [pd.Timestamp(e) for e in self._prior(g)["end"]]
            if ends:
                last_end[g] = max(ends)
        out: dict[tuple[int, int], int] = {}
        for day in self.free_days:
            crews = [g for g in range(len(self.crews)) if days_on.get((g, day))]
            crews.sort(key=lambda g: (-self.available(g, day), g))
            for g in crews:
                size = self.available(g, day)
                able = [
                    o
                    for o in by_day.get(day, [])
                    if (g, o.index) in self.x
                    and (g not in last_end or o.start - last_end[g] >= rest)
                ]
                if not able:
                    able = [o for o in by_day.get(day, []) if (g, o.index) in self.x]
                if not able:
                    continue

                def gain(o: ShiftOption, size: int = size) -> float:
                    lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
                    got = float(np.minimum(left[lo:hi], size).sum())
                    if o.breaks:
                        b0, b1 = o.breaks[len(o.breaks) // 2]
                        got -= float(np.minimum(left[max(b0, 0) : max(min(b1, n), 0)], size).sum())
                    return got

                best = max(able, key=lambda o: (gain(o), -o.index))
                out[(g, best.index)] = size
                last_end[g] = best.end
                lo, hi = max(best.cover[0], 0), min(best.cover[1], n)
                left[lo:hi] -= size
                if best.breaks:
                    b0, b1 = best.breaks[len(best.breaks) // 2]
                    left[max(b0, 0) : max(min(b1, n), 0)] += size
                np.maximum(left, 0, out=left)
        return out

    # ---- solving
    def lp_relaxation(self) -> float | None:
        """Objective of the LP relaxation (every integer variable continuous) [CNY]."""
        self.prob.solve(_lp_solver())
        value = pulp.value(self.prob.objective)
        return (
            float(value) if self.prob.status == pulp.LpStatusOptimal and value is not None else None
        )

    def _run(
        self,
        name: str,
        limit: float,
        log_path: Path,
        deadline: float,
        say: Progress,
        root_by: float | None = None,
        gap: float | None = None,
        start: bool = False,
        nodes: int | None = None,
    ) -> float | None:
        """One solver call that ends by ``deadline`` (a ``time.perf_counter`` value); returns
        the solver's lower bound (``None`` if unknown). ``gap``: the relative gap to stop
        at (default ``solver.gap_rel``)."""
        gap = self.config.solver.gap_rel if gap is None else gap
        self.node_limited = False  # CBC stopped by ``nodes``, not by the clock (below)
        if name == "highs":
            return _solve_highs(self.prob, limit, gap, nodes)
        fault = _solve_cbc(self.prob, limit, gap, log_path, deadline, say, root_by, start, nodes)
        if fault is not None:
            self.faults.append(fault)
            return _highs_instead(self.prob, deadline - GRACE_SECONDS, gap, say)
        log = log_path.read_text(errors="ignore") if log_path.exists() else ""
        self.node_limited = "Result - Stopped on node limit" in log
        bound = _cbc_bound(log)
        return bound if bound is not None and np.isfinite(bound) else None

    def solve(self, progress: Progress | None, whole: bool = True) -> dict[str, Any]:
        """Solve in two phases within the time limit: first with the FT tours fixed to the
        rule-based start (a small, easy program that always finds a roster fast), then the
        whole program, whose roster is kept if it is better (and whose bound is reported).
        ``whole=False`` stops after phase 1 (when the model has FT crews), whose roster a
        later ``solve`` starts from."""
        solver_cfg = self.config.solver
        name = solver_cfg.name
        available = pulp.listSolvers(onlyAvailable=True)
        if name == "auto":  # CBC was faster on both roster benchmarks (RESULTS.md)
            name = "cbc" if "PULP_CBC_CMD" in available else "highs"
        if name == "highs" and "HiGHS" not in available:
            raise InfeasiblePlanError("solver.name = 'highs' but highspy is not installed")
        handle, log_name = tempfile.mkstemp(suffix=".log")
        os.close(handle)
        log_path = Path(log_name)
        try:
            return self._solve_phases(name, log_path, progress, whole)
        finally:
            log_path.unlink(missing_ok=True)

    def _solve_phases(
        self, name: str, log_path: Path, progress: Progress | None, whole: bool
    ) -> dict[str, Any]:
        """:meth:`solve` with its solver chosen and its log file made."""
        solver_cfg = self.config.solver
        limit = float(solver_cfg.time_limit_seconds)
        if progress:
            progress(
                msg(
                    "roster.solving",
                    solver=name.upper(),
                    variables=self.prob.numVariables(),
                    constraints=self.prob.numConstraints(),
                    limit=limit,
                    gap=solver_cfg.gap_rel,
                )
            )
        began = time.perf_counter()
        say = progress or (lambda line: None)
        incumbent: dict[str, float] | None = None
        if self.first is not None:  # phase 1 ran in an earlier call: its time counts
            incumbent, seconds = self.first
            began -= seconds
            for v in self.prob.variables():
                v.varValue = incumbent.get(v.name, 0.0)
        rule = self.days_by_rule(log_path, say) if self.y and incumbent is None else None
        if rule is not None:
            tours = self.shifts_by_rule(rule)
            start_cost = self.set_start(rule, tours)
            start_values = {v.name: v.varValue or 0.0 for v in self.prob.variables()}
            start_ok = bool(self.prob.valid(1e-6))  # e.g. bookings of a previous roster
            fixed_vars = list(self.y.values()) + list(self.x.values())
            bounds = {v.name: (v.lowBound, v.upBound) for v in fixed_vars}
            for key, v in self.y.items():
                if key in rule:
                    v.bounds(rule[key], rule[key])
            # phase 1 is the fallback roster: it may use the whole limit
            incumbent = self._rounded(name, log_path, began, limit, say, tours)
            if start_ok and (
                incumbent is None or self._objective_of(incumbent) > start_cost + 1e-6
            ):
                incumbent = start_values  # the rule's roster stands (a stuck solver)
                for v in self.prob.variables():
                    v.varValue = start_values.get(v.name, 0.0)
            for v in fixed_vars:
                v.bounds(*bounds[v.name])
            if incumbent is not None:
                self.first = (incumbent, time.perf_counter() - began)
            if progress and incumbent is not None:
                progress(
                    msg(
                        "roster.phase1",
                        seconds=time.perf_counter() - began,
                        cost=self._objective_of(incumbent),
                        start=start_cost,
                    )
                )
        # a MIP start from phase 1 made both solvers stall on the sample (they kept it and
        # proved little); a cold solve of the whole program, with phase 1 kept as the
        # fallback, reached 0.6 % on the 14-day instance where the start stayed at 8 %
        remaining = limit - (time.perf_counter() - began)
        bound = None
        first_only = not whole and incumbent is not None
        whole = incumbent is None or (
            whole
            and remaining >= max(MIN_PHASE_SECONDS, 0.25 * limit)
            and self.prob.numVariables() <= PHASE2_MAX_VARIABLES
        )
        if whole:
            if incumbent is not None:
                say(msg("roster.phase2", seconds=remaining))
            remaining = max(remaining, MIN_PHASE_SECONDS)
            now = time.perf_counter()
            root_by = now + ROOT_SHARE * remaining if incumbent is not None else None
            deadline = now + remaining + (GRACE_SECONDS if incumbent is None else 0.0)
            # HiGHS says not why it stopped: without the limit its search runs to a proof
            nodes = PHASE2_NODES if name == "cbc" else None
            bound = self._run(name, remaining, log_path, deadline, say, root_by, nodes=nodes)
        elif progress and not first_only:
            why = (
                msg("roster.why_time", left=remaining, limit=limit)
                if self.prob.numVariables() <= PHASE2_MAX_VARIABLES
                else msg("roster.why_size", variables=self.prob.numVariables())
            )
            say(msg("roster.phase2_skipped", why=why))
        sol = self.prob.sol_status
        objective = pulp.value(self.prob.objective) if sol in (1, 2) else None
        if incumbent is not None:
            phase_one = self._objective_of(incumbent)
            proved = (
                objective is not None
                and bound is not None
                and (objective - bound) <= self.config.solver.gap_rel * abs(objective) + 1e-6
            )
            # the whole program's roster is kept when it is proved within the gap or when
            # CBC stopped at the node limit: a roster cut by the clock would depend on the
            # machine's load (deterministic plans)
            settled = proved or self.node_limited
            if not whole or objective is None or not settled or objective > phase_one + 1e-6:
                for v in self.prob.variables():
                    v.varValue = incumbent.get(v.name, 0.0)
                objective, sol = phase_one, 2
        # without phase 2's bound there is none: the LP relaxation of the whole 40-day
        # program takes HiGHS over a minute, more than the demo can spend
        seconds = time.perf_counter() - began
        status = pulp.LpStatus[self.prob.status]
        if sol == 1:
            label = "optimal"
        elif sol == 2:
            label = "feasible (time limit)"
        elif self.prob.status == pulp.LpStatusInfeasible or status == "Infeasible":
            label = "infeasible"
        else:
            label = status.lower()
        gap = None
        if bound is not None and objective:
            gap = max(0.0, (objective - bound) / max(abs(objective), 1e-9))
            if gap <= solver_cfg.gap_rel + 1e-9 and label.startswith("feasible"):
                label = "optimal"  # within the requested gap
        if objective is not None:  # the idle shifts' tie-break is no cost
            objective -= float(pulp.value(self.idle_expr) or 0.0)
        return {
            "status": label,
            "objective": objective,
            "lower_bound": bound,
            "gap": gap,
            "solve_seconds": round(seconds, 3),
            "solver": name,
        }

    def _rounded(
        self,
        name: str,
        log_path: Path,
        began: float,
        limit: float,
        say: Progress,
        tours: dict[tuple[int, int], int],
    ) -> dict[str, float] | None:
        """Phase 1 with the FT crews fixed: the LP relaxation of the rest, rounded (part-time
        blocks down, which keeps their caps; outsourced blocks up; each option's agents split
        over queues and breaks by largest remainder), then the outsourced templates with a
        minimum booking solved as integers at or above the LP's counts rounded down
        (rounding breaks their booking and rest rows; rounded up they could pass what the
        bookings allow). Covering by shifts is close to an interval matrix, so
        the LP is nearly integral: on the sample's 40 days this lands within 3 % of the LP in
        about 15 s, where CBC alone found nothing better than the start in 90 s. Returns the
        variables' values, or ``None`` if a step finds no solution."""
        ints = [v for v in self.prob.variables() if v.cat == pulp.LpInteger]
        bounds = {v.name: (v.lowBound, v.upBound) for v in ints}
        try:
            lp = _lp_solver()
            self.prob.solve(lp)  # crews' days fixed, their shifts free
            greedy = tours
            if self.prob.status == pulp.LpStatusOptimal:
                tours = self._round_tours(tours)
            free = set(self.free_days)
            for attempt in (tours, greedy):  # the greedy shifts if the rounded ones fail
                for (g, oi), v in self.x.items():
                    if self.options[oi].day in free:
                        v.bounds(attempt.get((g, oi), 0), attempt.get((g, oi), 0))
                self.prob.solve(lp)
                if self.prob.status == pulp.LpStatusOptimal:
                    break
            else:
                return None
            say(msg("roster.lp_rounding", objective=pulp.value(self.prob.objective)))
            values_of = {key: var.varValue or 0.0 for key, var in self.z.items()}
            per_option: dict[int, list[str]] = defaultdict(list)
            for oi, q in self.z:
                per_option[oi].append(q)
            crews: dict[int, float] = defaultdict(float)
            for (_, oi), var in self.x.items():
                crews[oi] += var.varValue or 0.0
            for oi, queues in per_option.items():
                o = self.options[oi]
                values = [self.z[(oi, q)].varValue or 0.0 for q in queues]
                if o.template.kind == "FT":
                    total = int(round(crews[oi]))
                elif o.template.kind == "PT":
                    total = int(np.floor(sum(values) + 1e-6))
                else:
                    total = int(np.ceil(sum(values) - 1e-6))
                for q, count in zip(queues, _split(values, total), strict=True):
                    self.z[(oi, q)].bounds(count, count)
                    breaks = [self.k[(oi, q, b)] for b in range(len(o.breaks))]
                    shares = _split([k.varValue or 0.0 for k in breaks], count)
                    for k, part in zip(breaks, shares, strict=True):
                        k.bounds(part, part)
            gaps = self._gaps()
            for (oi, q), var in self.z.items():  # booked templates: integers again
                o = self.options[oi]
                topped = (
                    o.template.kind == "PT"
                    and o.day in free
                    and bool(gaps[max(o.cover[0], 0) : max(o.cover[1], 0)].any())
                )
                if topped:  # part-time blocks: one more where the floor left a gap and
                    var.bounds(var.lowBound, var.lowBound + 1)  # the caps allow
                    for b in range(len(o.breaks)):
                        self.k[(oi, q, b)].bounds(0, None)
                elif o.template.kind == "OUT" and self._booked(o.template):
                    # from the LP's count down: each option rounded up could add up past
                    # what the bookings allow (a previous roster's agents finishing their
                    # minimum on a day the template cannot start a new one: 31 for 28)
                    var.bounds(int(np.floor(values_of[(oi, q)] + 1e-6)), None)
                    for b in range(len(o.breaks)):
                        self.k[(oi, q, b)].bounds(0, None)
            left = max(limit - (time.perf_counter() - began), MIN_PHASE_SECONDS)
            # the fixed crews carry most of the cost: a gap on the whole objective would
            # leave hours of shortfall in the part the repair decides
            deadline = time.perf_counter() + left + GRACE_SECONDS
            # the pool's days-in-a-row rows are left out of this repair: the demo's pool
            # works every window of pt_max_consecutive_days + 1 days to its last day, and
            # with them the repair's search ran to the clock (a different roster each run,
            # twice the time; elastic rows too); a block topped up past them is named beyond
            # the pool, which the roster's message counts
            kept = [c.constant for c in self.pt_run_rows]
            for c in self.pt_run_rows:
                c.constant = -1e9
            repair = _repair_solver(name, self.config)
            if repair != name:
                say(msg("roster.repair_highs", seconds=left))
            try:
                self._run(repair, left, log_path, deadline, say, gap=REPAIR_GAP)
            finally:
                for c, constant in zip(self.pt_run_rows, kept, strict=True):
                    c.constant = constant
            if self.prob.sol_status not in (1, 2):
                return None
            best = {v.name: v.varValue or 0.0 for v in self.prob.variables()}
            until = time.perf_counter() + RESHIFT_SHARE * limit  # both repairs together
            for kinds, worst in (({"FT"}, False), ({"FT", "PT", "OUT"}, True)):
                best = self._reshift(name, log_path, until, say, best, kinds, worst) or best
            return best
        finally:
            for v in ints:
                if v.name in bounds:
                    v.bounds(*bounds[v.name])

    def _reshift(
        self,
        name: str,
        log_path: Path,
        until: float,
        say: Progress,
        values: dict[str, float],
        kinds: set[str],
        worst: bool,
    ) -> dict[str, float] | None:
        """Phase 1's last step left shortfall that other shifts could close: rounding the
        crews' shifts (or falling back to the greedy ones where rounding broke the rest
        rule) can leave an hour only FT agents reach, such as 05:45 of 11-11 after the
        eve's night shift, short. Re-solve the shifts (start, queue, break) of ``kinds``
        on the days of those intervals and the days before (whose night shifts reach
        them), from ``values`` as a MIP start, with the crews' days and everything else
        fixed; ``worst``: only the day whose shortfall costs most, and the day before.
        Every kind on every such day made a program CBC found nothing better in within a
        minute on the sample's 40 days; FT alone there closes half the shortfall in 8 s,
        and every kind on two days lets an FT agent move to a night shift while a
        part-timer or an outsourced seat takes over its day. At most
        :data:`RESHIFT_NODES` nodes, and both repairs end by ``until`` (a
        ``time.perf_counter`` value, :data:`RESHIFT_SHARE` of the limit). Returns the new
        values if they cost less (shortfall penalty included), else None."""
        hours = self.minutes / 60
        cost: dict[pd.Timestamp, float] = defaultdict(float)  # shortfall penalty per day
        for (t, q), var in self.s.items():
            amount = values.get(var.name, 0.0)
            if amount > 1e-6:
                penalty = self.penalties[self.queues.index(q)]
                gone = self.deep.get((t, q))
                deep = 0.0 if gone is None else values.get(gone.name, 0.0) * self.dearest
                cost[self.stamps[t].normalize()] += (penalty * amount + deep) * hours
        left = until - time.perf_counter()
        if not cost or left < MIN_PHASE_SECONDS:
            return None
        short_days = [max(cost, key=cost.__getitem__)] if worst else list(cost)
        days = {d for day in short_days for d in (day, day - pd.Timedelta(days=1))}
        before = self._objective_of(values)
        touched = {o.index for o in self.options if o.day in days and o.template.kind in kinds}
        for v in self.prob.variables():  # fixed at the roster, which is also the start
            v.varValue = values.get(v.name, 0.0)
            if v.cat == pulp.LpInteger:  # binaries too (PuLP stores them as integers)
                v.bounds(round(v.varValue), round(v.varValue))
        for (g, oi), var in self.x.items():
            if oi in touched:
                var.bounds(0, self.available(g, self.options[oi].day))
        for (oi, q), var in self.z.items():
            if oi in touched:
                var.bounds(0, None)
                for b in range(len(self.options[oi].breaks)):
                    self.k[(oi, q, b)].bounds(0, None)
        say(
            msg(
                "roster.reshift_all" if worst else "roster.reshift_ft",
                days=len(days),
                cost=sum(cost[d] for d in short_days),
            )
        )
        deadline = time.perf_counter() + left + GRACE_SECONDS
        self._run(
            name, left, log_path, deadline, say, gap=REPAIR_GAP, start=True, nodes=RESHIFT_NODES
        )
        if self.prob.sol_status not in (1, 2):
            return None
        after = {v.name: v.varValue or 0.0 for v in self.prob.variables()}
        if self._objective_of(after) >= before - 1e-6:
            return None
        return after

    def _gaps(self) -> np.ndarray:
        """Intervals some queue is short of with every ``z`` and ``k`` at its lower bound
        (the rounded roster): a boolean per interval."""
        n = len(self.stamps)
        cover = np.zeros((n, len(self.queues)))
        weight = self.config.labour.out_productivity
        for (oi, q), var in self.z.items():
            o = self.options[oi]
            w = weight if o.template.kind == "OUT" else 1.0
            qi = self.queues.index(q)
            cover[max(o.cover[0], 0) : max(min(o.cover[1], n), 0), qi] += w * (var.lowBound or 0)
            for b, (b0, b1) in enumerate(o.breaks):
                on_break = self.k[(oi, q, b)].lowBound or 0
                cover[max(b0, 0) : max(min(b1, n), 0), qi] -= w * on_break
        return np.asarray((self.required - cover > 1e-6).any(axis=1))

    def _round_tours(self, greedy: dict[tuple[int, int], int]) -> dict[tuple[int, int], int]:
        """The crews' shifts from the LP (its values split over each crew-day's options by
        largest remainder); a crew whose rounded shifts break the rest rule keeps its
        ``greedy`` ones."""
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_crew_day: dict[tuple[int, pd.Timestamp], list[int]] = defaultdict(list)
        for g, oi in self.x:
            by_crew_day[(g, self.options[oi].day)].append(oi)
        free = set(self.free_days)
        rounded: dict[tuple[int, int], int] = {}
        for (g, day), ois in by_crew_day.items():
            if day not in free:
                continue
            total = self.available(g, day) * int(round(self.y[(g, day)].varValue or 0))
            values = [self.x[(g, oi)].varValue or 0.0 for oi in ois]
            for oi, count in zip(ois, _split(values, total), strict=True):
                if count:
                    rounded[(g, oi)] = count
        out: dict[tuple[int, int], int] = {}
        for g in range(len(self.crews)):
            mine = {oi: c for (h, oi), c in rounded.items() if h == g}
            if _rested(self, g, mine, rest):
                out.update({(g, oi): c for oi, c in mine.items()})
            else:
                out.update({(h, oi): c for (h, oi), c in greedy.items() if h == g})
        return out

    def _booked(self, template: ShiftTemplate) -> bool:
        """Whether the program has booking rows for an outsourced template."""
        return booking_days(self.config, template) > 1 or any(
            self.out_in_progress(template, day) for day in (self.eve, self.days[0])
        )

    def _objective_of(self, values: dict[str, float]) -> float:
        expr = self.prob.objective
        return float(expr.constant + sum(c * values.get(v.name, 0.0) for v, c in expr.items()))


# --------------------------------------------------------------------------- results


def _rested(model: _Model, g: int, counts: dict[int, int], rest: pd.Timedelta) -> bool:
    """Whether a crew's shift counts keep the rest rule (Hall's condition day by day: for
    every start ``c`` of a day, the crew's members on the day before ending after
    ``c − rest`` and those starting by ``c`` are at most the members on either day)."""
    by_day: dict[pd.Timestamp, list[tuple[ShiftOption, int]]] = defaultdict(list)
    for oi, count in counts.items():
        o = model.options[oi]
        by_day[o.day].append((o, count))
    for day, today in by_day.items():
        tomorrow = by_day.get(day + pd.Timedelta(days=1), [])
        bound = max(model.available(g, day), model.available(g, day + pd.Timedelta(days=1)))
        for cut in {o.start for o, _ in tomorrow}:
            late = sum(c for o, c in today if o.end > cut - rest)
            early = sum(c for o, c in tomorrow if o.start <= cut)
            if late and late + early > bound:
                return False
    return True


def _split(values: Sequence[float], total: int) -> list[int]:
    """Non-negative integers summing to ``total``, close to ``values`` (largest remainder)."""
    if not len(values):
        return []
    raw = np.maximum(np.asarray(values, dtype=float), 0.0)
    base = np.floor(raw + 1e-9).astype(int)
    rest = int(total - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    if rest > 0:
        for i in range(rest):
            base[order[i % len(base)]] += 1
    else:
        for i in order[::-1]:
            take = min(base[i], -rest)
            base[i] -= take
            rest += take
            if rest == 0:
                break
    return [int(v) for v in base]


def _rest_cuts(
    today: Sequence[ShiftOption], tomorrow: Sequence[ShiftOption], rest: pd.Timedelta
) -> list[tuple[pd.Timestamp, list[ShiftOption], list[ShiftOption]]]:
    """For every start time ``c`` of ``tomorrow``: the shifts of ``today`` ending after
    ``c − rest`` (late) and those of ``tomorrow`` starting by ``c`` (early), every late-early
    pair too close for ``rest``. Every such pair lies in the cut at the early shift's start.
    A cut whose late set equals the next one's is left out (the next one contains it)."""
    cuts = sorted({o.start for o in tomorrow})
    lates = [frozenset(o.index for o in today if o.end > c - rest) for c in cuts]
    out = []
    for i, cut in enumerate(cuts):
        if not lates[i] or (i + 1 < len(cuts) and lates[i + 1] == lates[i]):
            continue
        late = [o for o in today if o.index in lates[i]]
        out.append((cut, late, [o for o in tomorrow if o.start <= cut]))
    return out


def _lp_solver() -> pulp.LpSolver:
    """HiGHS for linear relaxations where highspy is installed (in process), else CBC."""
    if "HiGHS" in pulp.listSolvers(onlyAvailable=True):
        silence_highs_banner()
        return pulp.HiGHS(msg=False, mip=False)
    return _cbc(msg=False, mip=False)


def _cbc(**options: Any) -> pulp.LpSolver:
    """PuLP's bundled CBC (PuLP 3.3 warns that PuLP 4 drops it; we pin pulp < 4)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(**options)


def _solve_cbc(
    prob: pulp.LpProblem,
    limit: float,
    gap: float,
    log_path: Path,
    deadline: float,
    say: Progress,
    root_by: float | None = None,
    start: bool = False,
    nodes: int | None = None,
) -> Message | None:
    """PuLP's CBC call (same model file, options and solution reading), bounded in wall time:
    at ``deadline`` CBC is interrupted as with Ctrl-C, which makes it stop and write the best
    roster it has, and killed if it does not stop. So is it at ``root_by`` if its root
    relaxation is not solved by then (a search that cannot start in time finds nothing).
    While it runs, its newest best roster and bound are passed to ``say`` (CBC's log is line
    buffered through ``stdbuf`` where there is one).

    Returns what went wrong with the process, or ``None``: a CBC stopped for
    :data:`FROZEN_SECONDS` (suspended, a frozen container) is killed at once, and one that
    dies by itself (out of memory) is reported, so the caller can solve the step another
    way instead of waiting for the clock."""
    solver = _cbc(msg=False)
    mps, sol = solver.create_tmp_files(prob.name, "mps", "sol")
    mips: list[str] = []
    try:
        names = prob.writeMPS(mps, rename=1)
        if start:  # the variables' current values as a MIP start
            (mst,) = solver.create_tmp_files(prob.name, "mst")
            mips = ["-mips", mst]  # deleted below even if writing it fails
            solver.writesol(mst, prob, *names[:3])
        node_limit = ["-maxNodes", str(nodes)] if nodes is not None else []
        args = [solver.path, mps, "-sec", f"{max(limit, 0.5):.1f}", "-ratio", f"{gap:g}",
                "-timeMode", "elapsed", *node_limit, *mips, "-solve", "-printingOptions",
                "all", "-solution", sol]  # fmt: skip
        unbuffer = shutil.which("stdbuf")
        if unbuffer:
            args = [unbuffer, "-oL", *args]
        began, shown = time.perf_counter(), ""
        fault: Message | None = None
        stopped_since: float | None = None
        interrupted = False
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            try:  # whatever ends the wait (a rerun of the app page raises here), CBC stops
                while proc.poll() is None:
                    now = time.perf_counter()
                    state = _cbc_state(log_path.read_text(errors="ignore"))
                    if state.line and state.line != shown:
                        say(msg("roster.cbc_line", seconds=now - began, line=state.line))
                        shown = state.line
                    if _stopped(proc.pid):
                        stopped_since = now if stopped_since is None else stopped_since
                        if now - stopped_since >= FROZEN_SECONDS:
                            proc.kill()
                            proc.wait()
                            fault = msg("roster.solver_frozen", seconds=now - stopped_since)
                            say(fault)
                            break
                    else:
                        stopped_since = None
                    why = None
                    if now >= deadline:
                        why = msg("roster.stop_time")
                    elif unbuffer and root_by and now >= root_by and state.bound is None:
                        why = msg("roster.stop_root")
                    if why:
                        interrupted = True
                        _interrupt(proc)
                        seconds = time.perf_counter() - began
                        say(msg("roster.solver_stopped", seconds=seconds, why=why))
                        break
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=min(deadline - now, 0.5))
            finally:
                if proc.poll() is None:
                    interrupted = True
                    _interrupt(proc)
        if fault is None and not interrupted and proc.returncode not in (0, None):
            fault = msg("roster.solver_crashed", code=proc.returncode)  # e.g. out of memory
            say(fault)
        prob.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
        # a killed CBC may have left half a solution file: only a clean exit's is read
        if proc.returncode == 0 and Path(sol).exists() and Path(sol).stat().st_size:
            try:
                status, values, _, _, _, sol_status = solver.readsol_MPS(sol, prob, *names[:3])
            except (IndexError, ValueError):  # unreadable: no roster from this call
                return fault
            prob.assignVarsVals(values)
            prob.assignStatus(status, sol_status)
    finally:
        solver.delete_tmp_files(mps, sol, *mips[1:])
    return fault


def _stopped(pid: int) -> bool:
    """Whether process ``pid`` is stopped (state ``T`` or ``t`` in Linux's ``/proc``); ``False``
    where that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    after = stat.rfind(b")")  # the command name before it may hold spaces and parentheses
    return stat[after + 2 : after + 3] in (b"T", b"t")


def _highs_instead(prob: pulp.LpProblem, until: float, gap: float, say: Progress) -> float | None:
    """Solve ``prob`` in process with HiGHS until ``until`` (a ``time.perf_counter`` value; at
    least :data:`MIN_PHASE_SECONDS`) after the CBC process failed; its lower bound, or
    ``None`` (also when highspy is not installed: the step then has no solution)."""
    prob.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
    if "HiGHS" not in pulp.listSolvers(onlyAvailable=True):
        return None
    left = max(until - time.perf_counter(), MIN_PHASE_SECONDS)
    say(msg("roster.solver_fallback", seconds=left))
    return _solve_highs(prob, left, gap)


def _repair_solver(name: str, config: PlanConfig) -> str:
    """The solver of phase 1's repair: HiGHS when the solver is chosen automatically and
    highspy is installed. On the demo's repair (40 days, 1,321 rows after presolve) CBC's
    first roster came after 330 nodes and 37 s, and with the machine busy (2 test workers
    on 2 cores) none came in the 90 s: phase 1 fell back to the rule's start (40,722
    agent-hours short) and the team check took that for a team too small (202 → 400 FT).
    HiGHS's feasibility jump finds one in about a second and it closed the 0.2 % gap in
    25 s, 0.13 % below CBC's (RESULTS.md)."""
    if config.solver.name == "auto" and "HiGHS" in pulp.listSolvers(onlyAvailable=True):
        return "highs"
    return name


def _solve_highs(
    prob: pulp.LpProblem, limit: float, gap: float, nodes: int | None = None
) -> float | None:
    """``prob`` solved in process by HiGHS (at most ``nodes`` branch-and-bound nodes); its
    lower bound (``None`` if unknown)."""
    silence_highs_banner()
    options = {"mip_max_nodes": nodes} if nodes is not None else {}
    prob.solve(pulp.HiGHS(msg=False, timeLimit=limit, gapRel=gap, **options))
    try:
        bound = float(prob.solverModel.getInfo().mip_dual_bound)
    except (AttributeError, RuntimeError, TypeError):  # the bound is informative
        return None
    return bound if np.isfinite(bound) else None


def _interrupt(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C (and a SIGCONT, so that a stopped CBC handles it too), then kill after 5 s."""
    try:
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGCONT)
        proc.wait(timeout=5)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        proc.kill()
        proc.wait()


@dataclass(frozen=True)
class _CbcState:
    """What a running CBC log says so far: the best roster's objective and the best bound
    (``None`` until known), and how far it is."""

    best: float | None
    bound: float | None
    line: str


_CBC_BEST = re.compile(
    r"(?:Integer solution of|best objective) ([-\d.eE+]+)"
)  # rosters CBC has taken as its incumbent (its heuristics' own finds are lost if stopped)
_CBC_BOUND = re.compile(r"(?:Continuous objective value is|best possible) ([-\d.eE+]+)")


def _cbc_state(log: str) -> _CbcState:
    """Parse a running CBC log (:class:`_CbcState`)."""
    found = [float(v) for v in _CBC_BEST.findall(log)]
    best = min((v for v in found if v < 1e49), default=None)
    bound = max((float(v) for v in _CBC_BOUND.findall(log)), default=None)
    if best is not None:
        line: str = (
            msg("roster.cbc_best", best=best, bound=bound)
            if bound is not None
            else msg("roster.cbc_best_only", best=best)
        )
    elif bound is not None:
        line = msg("roster.cbc_root", bound=bound)
    else:
        line = ROOT_PENDING if "MODEL read" in log else ""
    return _CbcState(best, bound, line)


def _cbc_bound(log: str) -> float | None:
    """CBC's best lower bound from its log (its own printed gap is rounded)."""
    done = re.search(r"Search completed - best objective ([-\d.eE+]+)", log)
    early = re.search(r"Exiting as integer gap of ([-\d.eE+]+)", log)
    if done and early:  # stopped on the relative gap: bound = best - absolute gap
        return float(done.group(1)) - float(early.group(1))
    if done:
        return float(done.group(1))
    found = re.findall(r"(?:Lower bound:\s*|best possible )([-\d.eE+]+)", log)
    return float(found[-1]) if found else None


def _value(var: pulp.LpVariable) -> int:
    v = var.value()
    return int(round(v)) if v is not None else 0


def solve_roster(
    requirements: pd.DataFrame,
    config: PlanConfig,
    *,
    campaign_days: Iterable[object] = (),
    agents: Sequence[Agent] | None = None,
    progress: Progress | None = None,
    lp_bound: bool = False,
    phases: Mapping[pd.Timestamp, frozenset[str]] | None = None,
    previous: Previous | None = None,
    floor: bool = True,
    source: str = "requirements",
) -> RosterResult:
    """Build and solve the roster integer program (module docstring).

    Parameters
    ----------
    requirements
        ``interval_start, queue, headcount`` (the requirements file of ``docs/contracts.md``).
    config
        Shift templates, labour rules, costs and solver settings.
    campaign_days
        Days on which templates with ``days = "campaign"`` may run.
    agents
        Named agents; the FT ones form the team (default ``labour.ft_agents`` anonymous agents).
    progress
        Called with one line per stage.
    lp_bound
        Also solve the LP relaxation first and report its objective as ``lp_bound`` and the
        gap to it as ``gap_to_lp`` (the solver's own bound is tighter).
    phases
        Calendar phases per day (:func:`forecaster.campaigns.day_phases`), for the
        all-hands days of ``labour.no_days_off_phases``.
    previous
        An earlier roster (:func:`read_previous`) whose last days this one follows: rest,
        consecutive days, days off in the week, outsourced bookings in progress and the
        shifts of the day before the horizon.
    floor
        Also report ``lp_floor_paid_hours`` (:func:`forecaster.sizing.template_floor`: every
        template at every start it allows, no rule) and the plan's paid hours over it,
        ``paid_to_floor``, and the same against any start on the grid
        (:func:`paid_hours_floor`): ``lp_floor_any_start_paid_hours``,
        ``paid_to_any_start_floor``.

    Raises
    ------
    InputDataError
        Unusable requirements or agents.
    InfeasiblePlanError
        Rules that contradict each other: an interval that needs agents but no shift template
        covers, or labour rules no tour can satisfy.
    """
    frame = check_requirements(requirements, source)
    minutes = config.interval_minutes
    stamps, queues = _grid(frame, minutes)
    unknown = [q for q in queues if q not in config.queues]
    if unknown:
        raise InputDataError(
            f"requirements queue {unknown[0]!r} has no [queues.{unknown[0]}] table in the config"
        )
    need = frame.pivot_table(
        index="interval_start", columns="queue", values=COVERED_COLUMN, aggfunc="sum"
    )
    need = need.reindex(index=stamps, columns=queues).fillna(0.0)
    for name, rows in frame.groupby("queue", sort=False):
        step = rows["interval_start"].sort_values().diff().dropna()
        step = step[step > pd.Timedelta(0)]
        if len(step) and int(step.min() / pd.Timedelta(minutes=1)) != minutes:
            raise InputDataError(
                f"requirements queue {name} is at {int(step.min() / pd.Timedelta(minutes=1))}-"
                f"minute intervals but the config's interval_minutes is {minutes}"
            )
    off_grid = ~frame["interval_start"].isin(stamps)
    if off_grid.any():
        raise InputDataError(
            f"requirements interval {frame['interval_start'][off_grid].iloc[0]} is not on the "
            f"{minutes}-minute grid of interval_minutes in the config"
        )
    required = np.ceil(need.to_numpy() - 1e-9) + 0.0  # no -0.0 in coverage.csv
    campaign = frozenset(pd.Timestamp(str(d)).normalize() for d in campaign_days)
    options = shift_options(config, stamps, queues, campaign)
    agents = prepare_agents(agents, config) if agents else agents
    team = [a for a in agents or [] if a.kind == "FT"]
    notes = check_previous(previous, stamps[0].normalize(), config) + _listed_team(agents, config)
    config = _keep_previous_team(config, previous, agents)
    penalties = [shortfall_penalty(config, q) for q in queues]
    auto = "auto" in (config.labour.ft_agents, config.labour.pt_pool)
    # one LP relaxation for the team sizing and the paid-hours floor (built once: ~2 s)
    all_hands = all_hands_days(config, phases or {})
    _check_all_hands(config, all_hands)
    _check_share_off(
        config, pd.DatetimeIndex(stamps.normalize().unique()), campaign, all_hands, team
    )
    # days no FT tour can work: the sizing LP keeps its FT off them (the roster must)
    ft_closed: frozenset[pd.Timestamp] = frozenset()
    if previous is None and all_hands and options:
        days = list(pd.date_range(min(o.day for o in options), stamps[-1].normalize()))
        named = [a.unavailable for a in agents or [] if a.kind == "FT"]
        ft_closed = team_forced_off(days, all_hands, config.labour, named or [frozenset()])
    relaxation = (
        SizingLP(required, stamps, queues, options, config, penalties, ft_closed)
        if auto or floor
        else None
    )
    config, sizing = _sized(config, relaxation, agents, progress)
    if agents is None:
        team = _numbered_team(config.labour.ft_count)
    _check_coverable(required, stamps, queues, options, config, len(team))
    _check_labour(config)

    def attempt(
        config: PlanConfig, team: list[Agent], whole: bool = True
    ) -> tuple[_Model, dict[str, Any], float | None]:
        """The roster program with this team, solved (``whole=False``: phase 1 only); its
        info and team LP bound."""
        if progress:
            progress(
                msg(
                    "roster.building",
                    intervals=len(stamps),
                    queues=len(queues),
                    options=len(options),
                    agents=len(team),
                )
            )
        model = _Model(
            config,
            required,
            stamps,
            queues,
            options,
            team,
            penalties,
            all_hands=all_hands,
            campaign=campaign,
            previous=previous,
        )
        relaxed = model.lp_relaxation() if lp_bound else None
        team_lp = _guide(model, relaxation, len(team), progress)
        info = model.solve(progress, whole)
        info["lp_bound"] = relaxed
        return model, info, team_lp

    model, info, team_lp = attempt(config, team)
    partial = False  # the kept roster is a larger team's phase 1 only
    for _ in range(TEAM_CHECKS):
        grow = _team_short(model, info, sizing, agents, previous)
        if not grow or sizing is None:
            break
        size = len(team) + grow
        bigger = config.model_copy(
            update={"labour": config.labour.sized(size, config.labour.pt_count)}
        )
        if progress:
            progress(msg("sizing.recheck", before=len(team), after=size))
        other = attempt(bigger, _numbered_team(size), whole=False)
        before = _with_salaries(model, info, len(team), sizing)
        after = _with_salaries(other[0], other[1], size, sizing)
        check = TeamCheck(
            before=len(team),
            after=size,
            short_before=_short_hours(model),
            short_after=_short_hours(other[0]) if other[1]["objective"] is not None else None,
            saving=None if after is None or before is None else before - after,
        )
        if check.adopted:
            model, info, team_lp = other
            config, team = bigger, _numbered_team(size)
            partial = True
        sizing = replace(sizing, ft_agents=len(team), checks=(*sizing.checks, check))
        if progress:
            progress(sizing.check_message(check))
        if not check.adopted:
            break
    else:  # every check kept a larger team: the next might have too
        if sizing is not None and sizing.checks and (sizing.checks[-1].short_after or 0) > 0.05:
            sizing = replace(sizing, checks_capped=True)
    if partial:  # the whole program for the team kept, from its phase 1 roster
        if progress:
            progress(msg("sizing.whole", agents=len(team)))
        info = {**model.solve(progress), "lp_bound": info["lp_bound"]}
    info["team_sizing"] = sizing
    if info["objective"] is not None and previous is None and team_lp is not None:
        _bound_by_team(info, team_lp, config.solver.gap_rel)
    if floor:
        if progress:
            progress(msg("roster.floors"))
        info["lp_floor_paid_hours"] = template_floor(relaxation) if relaxation else None
        info["lp_floor_any_start_paid_hours"] = paid_hours_floor(required, stamps, config)
    if info["lower_bound"] is None and info["objective"] is not None:
        if progress:
            progress(msg("roster.bounding"))
        bound = cost_floor(required, stamps, config, min(penalties))
        if bound is not None:
            info["lower_bound"] = bound
            info["bound_source"] = "rules-free covering LP (cost_floor)"
            info["gap"] = max(0.0, (info["objective"] - bound) / max(abs(info["objective"]), 1e-9))
    if info["status"] == "infeasible":
        labour = config.labour
        more = [
            f"max_share_off_on_campaign_days ({labour.max_share_off_on_campaign_days:g})"
            if labour.max_share_off_on_campaign_days is not None
            else "",
            f"no_days_off_phases ({', '.join(labour.no_days_off_phases)})" if all_hands else "",
        ]
        raise InfeasiblePlanError(
            msg(
                "roster.no_tour",
                off=labour.ft_days_off_per_week,
                run=labour.ft_max_consecutive_days,
                rest=f"{labour.min_rest_hours:g}",
                more="".join(f", {m}" for m in more if m),
            )
        )
    if info["status"] not in ("optimal", "feasible (time limit)"):
        why = (
            msg("roster.why_nodes", nodes=PHASE2_NODES)
            if model.node_limited
            else msg("roster.why_clock", limit=config.solver.time_limit_seconds)
        )
        raise InfeasiblePlanError(
            msg(
                "roster.not_found",
                status=info["status"],
                seconds=info.get("solve_seconds") or 0.0,
                why=why,
            )
        )
    return _result(model, info, agents, progress, notes)


def _previous_team(previous: Previous | None, kind: str = "FT") -> list[str]:
    """The agents of ``kind`` a previous roster named, in order."""
    if previous is None:
        return []
    rows = previous.assignments
    return sorted({str(a) for a in rows.loc[rows["kind"] == kind, "agent"]})


def _keep_previous_team(
    config: PlanConfig, previous: Previous | None, agents: Sequence[Agent] | None
) -> PlanConfig:
    """A rolling plan keeps the team it continues: with ``ft_agents = "auto"`` (and no
    agents file) the team is at least the previous roster's FT agents (nobody is let go
    between two weeks of a campaign; more may be hired, which a message says), and with
    ``pt_pool = "auto"`` the pool at least its part-timers (their days before the horizon
    count in the pool's days in a row: a smaller pool had too few days left for them)."""
    labour = config.labour
    update: dict[str, int] = {}
    for kind, size, low_key, high_key in (
        ("FT", labour.ft_agents, "ft_agents_min", "ft_agents_max"),
        ("PT", labour.pt_pool, "pt_pool_min", "pt_pool_max"),
    ):
        before = len(_previous_team(previous, kind))
        if size != "auto" or not before or (kind == "FT" and agents is not None):
            continue
        low = max(getattr(labour, low_key) or 0, before)
        high = getattr(labour, high_key)
        update[low_key] = low if high is None else min(low, high)
    if not update:
        return config
    return config.model_copy(update={"labour": labour.model_copy(update=update)})


def _team_note(model: _Model) -> tuple[Message, ...]:
    """How this roster's FT team differs from the previous roster's it continues."""
    before = _previous_team(model.previous)
    if not before:
        return ()
    now = [a.agent for a in model.ft_agents]
    new = [a for a in now if a not in set(before)]
    gone = [a for a in before if a not in set(now)]
    out: list[Message] = []
    if new:
        out.append(
            msg(
                "roster.team_new",
                now=len(now),
                before=len(before),
                n=len(new),
                agents=_span_names(new),
            )
        )
    if gone:
        out.append(
            msg("roster.team_gone", now=len(now), before=len(before), agents=_span_names(gone))
        )
    return tuple(out)


def _span_names(names: Sequence[str]) -> str:
    """Agent ids for a message: all up to four, else the first and last."""
    return ", ".join(names) if len(names) <= 4 else f"{names[0]} – {names[-1]}"


def _numbered_team(size: int) -> list[Agent]:
    """FT agents ``FT01``, ``FT02``, ... (wider numbers for larger teams)."""
    width = max(len(str(size)), 2)
    return [Agent(f"FT{i + 1:0{width}d}", f"FT{i + 1:0{width}d}", "FT") for i in range(size)]


def _out_tail(model: _Model) -> tuple[int, float, str | None]:
    """Outsourced seat-days billed after the horizon (bookings started within their minimum
    of its end), their cost, and the last such day."""
    days, cost, until = 0, 0.0, None
    for _name, _day, beyond, price, var in model.tail_days:
        seats = int(round(var.varValue or 0.0))
        if seats:
            days += seats * beyond
            cost += seats * beyond * price
            end = model.days[-1] + pd.Timedelta(days=beyond)
            until = max(until or "", f"{end:%Y-%m-%d}")
    return days, round(cost, 2), until


def _listed_team(agents: Sequence[Agent] | None, config: PlanConfig) -> tuple[Message, ...]:
    """A note where the agents file's full-timers are not ``labour.ft_agents``: the file's
    people are the team (a file of 1 full-timer planned 1, not the config's 5, in silence)."""
    ft = config.labour.ft_agents
    named = sum(1 for a in agents or [] if a.kind == "FT")
    if agents is None or not isinstance(ft, int) or ft == named:
        return ()
    return (msg("roster.team_listed", named=named, configured=ft),)


def out_peak_seats(assignments: pd.DataFrame) -> int:
    """Outsourced seats on the busiest day: the most people the agency sends in one day
    (``headcount.OUT`` counts bookings: a 3-week plan's 311 were 186 seats at most)."""
    out = assignments[assignments["kind"] == "OUT"]
    return int(out.groupby("date")["agent"].nunique().max()) if len(out) else 0


def prepare_agents(agents: Sequence[Agent], config: PlanConfig) -> list[Agent]:
    """The agents with their skills as the config's queue keys (a skill spelt as a queue's
    display name, 安装预约, is that queue); an error naming the file, row and agent when a
    skill is no queue of the config."""
    keys = config.queue_keys(q for a in agents for q in a.queues)
    named = [replace(a, queues=tuple(keys.get(q, q) for q in a.queues)) for a in agents]
    _check_agent_queues(named, config)
    return named


def _check_agent_queues(agents: Sequence[Agent], config: PlanConfig) -> None:
    """An agent whose queues the config does not have would never work (no shift serves
    them) and nothing would say why: one error naming the agent and the queue."""
    for agent in agents:
        unknown = [q for q in agent.queues if q not in config.queues]
        if unknown:
            file, row = agent.where or ("", 0)
            raise InputDataError(
                msg(
                    "agents.queue" if agent.where else "roster.agent_queue",
                    file=file,
                    row=row,
                    agent=agent.agent,
                    queue=unknown[0],
                    configured=", ".join(
                        f"{key} ({q.display_name})"
                        if q.display_name not in (None, "", key)
                        else key
                        for key, q in config.queues.items()
                    ),
                )
            )


def _short_by_day(model: _Model) -> dict[pd.Timestamp, float]:
    """The solved roster's shortfall per day [agent-hours]."""
    hours = model.minutes / 60
    by_day: dict[pd.Timestamp, float] = defaultdict(float)
    for (t, _), var in model.s.items():
        by_day[model.stamps[t].normalize()] += (var.varValue or 0.0) * hours
    return by_day


def _short_hours(model: _Model) -> float:
    """The solved roster's shortfall [agent-hours]."""
    return float(sum(_short_by_day(model).values()))


def _team_short(
    model: _Model,
    info: Mapping[str, Any],
    sizing: TeamSize | None,
    agents: Sequence[Agent] | None,
    previous: Previous | None,
) -> int:
    """FT agents to try on top of an auto-sized team whose roster fell short by more than
    one more agent costs (0: no re-check). The sizing LP keeps no agent's own rest, run
    or crew rules, so it can see cover the whole roster cannot reach: the sample's
    10-31..11-13 sized 65 FT agents and the roster fell 69.5 agent-hours short the two days
    after 双11; with 75 it was 24.8 short, and the objective fell by more than the ten
    salaries. Enough agents to work the costliest short day's gap in one shift each."""
    if (
        sizing is None
        or not sizing.ft_auto
        or agents is not None
        or info["objective"] is None
        or not model.y
    ):
        return 0
    room = (sizing.ft_agents_max or 0) - sizing.ft_agents
    by_day = _short_by_day(model)
    # where no FT agent can work (forced_off_days) more agents change nothing
    open_days = [h for d, h in by_day.items() if d not in model.forced_off]
    total, worst = sum(by_day.values()), max(open_days, default=0.0)
    penalty = float(pulp.value(model.penalty_expr) or 0.0) * sum(open_days) / max(total, 1e-9)
    if room <= 0 or worst <= 0 or penalty <= sizing.ft_cost:
        return 0
    shift = float(np.median([o.paid_hours for o in model.options if o.template.kind == "FT"]))
    return int(min(room, max(1, math.ceil(worst / max(shift, 1.0)))))


def _with_salaries(
    model: _Model, info: Mapping[str, Any], agents: int, sizing: TeamSize
) -> float | None:
    """A roster's cost with its FT agents at their salary for the horizon (the sizing's
    price) instead of their shifts' hourly price: what two team sizes are compared on."""
    if info["objective"] is None:
        return None
    config = model.config
    ft_shifts = sum(  # their paid hours (overtime is paid on top of the salary)
        o.template.paid_hours * config.cost_per_paid_hour(o.template) * (var.varValue or 0.0)
        for (oi, _), var in model.z.items()
        if (o := model.options[oi]).template.kind == "FT"
    )
    return float(info["objective"]) - float(ft_shifts) + agents * sizing.ft_cost


def _guide(
    model: _Model, relaxation: SizingLP | None, ft_agents: int, progress: Progress | None
) -> float | None:
    """Solve :meth:`SizingLP.roster_relaxation` with the roster's team: its FT agents per
    day become the days program's targets (``model.ft_target``), and its objective, a lower
    bound on the roster's, is returned (None without a solution).

    The LP prices every shift as the roster does, so it puts the FT contract days where
    the alternatives cost most: on a day without outsourced seats and with the part-time
    pool full rather than on a campaign day an agency can staff. The targets before, a share
    of each day's need (half where outsourced shifts may stand in), kept 17 of 65 FT agents
    home on 11-12 of the sample's 10-31..11-13, the day after 双11 with no agency seats,
    and the roster fell 89 agent-hours short there (RESULTS.md)."""
    if progress:
        progress(msg("roster.bounding_team"))
    if relaxation is None:
        relaxation = SizingLP(
            model.required,
            model.stamps,
            model.queues,
            model.options,
            model.config,
            model.penalties,
        )
    solved = relaxation.roster_relaxation(ft_agents, model.config.labour.pt_count, model.ft_least())
    if solved is None:
        return None
    if model.y:
        model.ft_target = solved.ft_on_duty
    return solved.objective


def _bound_by_team(info: dict[str, Any], bound: float, gap_rel: float) -> None:
    """Raise ``info``'s lower bound to :meth:`SizingLP.roster_bound` with the roster's team
    where that is higher (it usually is: a roster cut by the clock has no bound of its own,
    and the rules-free floor ignores the team and the start windows), and restate the gap.
    Not with a previous roster, whose fixed shifts the program does not charge."""
    if info["lower_bound"] is not None and bound <= info["lower_bound"]:
        return
    objective = info["objective"]
    info["lower_bound"] = min(bound, objective)  # equal up to the solvers' tolerances
    info["bound_source"] = "team LP relaxation (roster_bound)"
    info["gap"] = max(0.0, (objective - bound) / max(abs(objective), 1e-9))
    if info["gap"] <= gap_rel + 1e-9 and info["status"].startswith("feasible"):
        info["status"] = "optimal"  # within the requested gap


def _sized(
    config: PlanConfig,
    relaxation: SizingLP | None,
    agents: Sequence[Agent] | None,
    progress: Progress | None,
) -> tuple[PlanConfig, TeamSize | None]:
    """``config`` with ``"auto"`` team sizes replaced by :func:`forecaster.sizing.size_team`'s
    choice, and that choice (None when both sizes are fixed). Agents named in an agents file
    are the FT team: ``ft_agents = "auto"`` then sizes the part-time pool around them."""
    labour = config.labour
    if relaxation is None or (labour.ft_agents != "auto" and labour.pt_pool != "auto"):
        return config, None
    named = sum(1 for a in agents or [] if a.kind == "FT")
    if agents is not None and labour.ft_agents == "auto":
        labour = labour.model_copy(update={"ft_agents": named})
        config = config.model_copy(update={"labour": labour})
        if progress:
            progress(msg("roster.ft_named", n=named))
    if progress:
        progress(msg("roster.sizing"))
    sizing = size_team(relaxation, config)
    labour = labour.sized(sizing.ft_agents, sizing.pt_pool)
    if progress:
        progress(sizing.message())
    return config.model_copy(update={"labour": labour}), sizing


def all_hands_days(
    config: PlanConfig, phases: Mapping[pd.Timestamp, frozenset[str]]
) -> frozenset[pd.Timestamp]:
    """Days every available FT agent works: those a phase of ``no_days_off_phases`` touches,
    and ``all_hands_lead_days`` before each."""
    labour = config.labour
    wanted = set(labour.no_days_off_phases)
    days = {pd.Timestamp(d).normalize() for d, found in phases.items() if wanted & set(found)}
    lead = {
        d - pd.Timedelta(days=k) for d in days for k in range(1, labour.all_hands_lead_days + 1)
    }
    return frozenset(days | lead)


def forced_off_days(
    days: Sequence[pd.Timestamp],
    all_hands: frozenset[pd.Timestamp],
    labour: LabourConfig,
    away: frozenset[pd.Timestamp] = frozenset(),
) -> frozenset[pd.Timestamp]:
    """Days of ``days`` (consecutive, a horizon without a previous roster) that no FT tour
    can work: with every all-hands day worked, at most ``ft_max_consecutive_days`` in a row
    and ``7 − ft_days_off_per_week`` days in each calendar week (exactly that many in a
    week wholly inside the horizon, less the days ``away``), the day is off in every tour.
    Six all-hands days from Sunday to Friday leave the Saturday before and the weekend after
    off for everyone. A walk over (days in a row, days worked this week) forwards and back."""
    if not days:
        return frozenset()
    work, cap = 7 - labour.ft_days_off_per_week, labour.ft_max_consecutive_days
    must = [d in all_hands and d not in away for d in days]
    free = [d not in away for d in days]
    full = {  # weeks wholly inside the horizon: their least days worked
        d - pd.Timedelta(days=d.day_of_week) for d in days if d.day_of_week == 0
    }
    full = {m for m in full if m + pd.Timedelta(days=6) <= days[-1]}

    def least(i: int) -> int:
        """Days a week ending at ``days[i]`` must have worked (0: not a full week)."""
        monday = days[i] - pd.Timedelta(days=6)
        if monday not in full:
            return 0
        gone = sum(1 for k in range(7) if monday + pd.Timedelta(days=k) in away)
        return max(work - gone, 0)

    def step(i: int, state: tuple[int, int], on: bool) -> tuple[int, int] | None:
        run, week = state
        if on and (not free[i] or run + 1 > cap or week + 1 > work):
            return None
        if not on and must[i]:
            return None
        run, week = (run + 1, week + 1) if on else (0, week)
        if days[i].day_of_week == 6 or i == len(days) - 1:  # the week closes
            if week < least(i):
                return None
            week = 0
        return run, week

    ahead: list[set[tuple[int, int]]] = [{(0, 0)}]
    for i in range(len(days)):
        ahead.append({t for s in ahead[i] for on in (True, False) if (t := step(i, s, on))})
    behind: list[set[tuple[int, int]]] = [set() for _ in range(len(days) + 1)]
    behind[-1] = ahead[-1]
    for i in range(len(days) - 1, -1, -1):
        behind[i] = {
            s for s in ahead[i] if any(step(i, s, on) in behind[i + 1] for on in (True, False))
        }
    return frozenset(
        d
        for i, d in enumerate(days)
        if free[i] and not any(step(i, s, True) in behind[i + 1] for s in behind[i])
    )


def team_forced_off(
    days: Sequence[pd.Timestamp],
    all_hands: frozenset[pd.Timestamp],
    labour: LabourConfig,
    aways: Iterable[frozenset[pd.Timestamp]],
) -> frozenset[pd.Timestamp]:
    """The days :func:`forced_off_days` leaves off for every agent (or crew) of a team whose
    days away are ``aways`` (one set per agent; a team without any: ``[frozenset()]``)."""
    off = [forced_off_days(days, all_hands, labour, away) for away in set(aways)]
    return frozenset.intersection(*off) if off and all_hands else frozenset()


def _check_all_hands(config: PlanConfig, days: frozenset[pd.Timestamp]) -> None:
    """All-hands days must fit the week and run rules."""
    labour = config.labour
    work = 7 - labour.ft_days_off_per_week
    weeks: dict[pd.Timestamp, int] = defaultdict(int)
    for d in days:
        weeks[d - pd.Timedelta(days=d.day_of_week)] += 1
    for monday, n in sorted(weeks.items()):
        if n > work:
            raise InfeasiblePlanError(
                f"labour.no_days_off_phases makes {n} all-hands days in the week of "
                f"{monday:%Y-%m-%d} but ft_days_off_per_week = {labour.ft_days_off_per_week} "
                f"leaves {work} working days"
            )
    run, last = 0, None
    for d in sorted(days):
        run = run + 1 if last is not None and d - last == pd.Timedelta(days=1) else 1
        last = d
        if run > labour.ft_max_consecutive_days:
            raise InfeasiblePlanError(
                f"labour.no_days_off_phases makes {run} all-hands days in a row up to "
                f"{d:%Y-%m-%d} but ft_max_consecutive_days = {labour.ft_max_consecutive_days}"
            )


def _check_share_off(
    config: PlanConfig,
    days: pd.DatetimeIndex,
    campaign: frozenset[pd.Timestamp],
    all_hands: frozenset[pd.Timestamp],
    team: Sequence[Agent] = (),
) -> None:
    """Each FT agent's days off must fit each whole week of the horizon: on ordinary days
    anyone may be off, on campaign days at most ``max_share_off_on_campaign_days`` of the
    team, on all-hands days nobody. A week of 3 all-hands days and 4 other campaign days at
    a share of 0.35 offers 0.35 × 4 = 1.4 days off per agent, under 2 days off a week: the
    solver found no roster and its message named the week and run rules, not these."""
    labour = config.labour
    share = labour.max_share_off_on_campaign_days
    if share is None or not labour.ft_agents:
        return
    present = set(days)
    away = frozenset().union(*(a.unavailable for a in team)) if team else frozenset()
    ft = [t for t in config.shifts if t.kind == "FT"]

    def capped(d: pd.Timestamp) -> bool:  # a day the share cap or all-hands binds
        return d in campaign and any(
            t.works_on(d.day_of_week, campaign_day=True) for t in ft
        )  # a day no FT shift runs is off for everyone, cap or not

    for monday in sorted({d - pd.Timedelta(days=d.day_of_week) for d in days}):
        week = [monday + pd.Timedelta(days=k) for k in range(7)]
        if not all(d in present for d in week) or any(d in away for d in week):
            continue  # a part week, or days away (they count as days off): the solve judges
        hands = sum(d in all_hands and capped(d) for d in week)
        busy = sum(d not in all_hands and capped(d) for d in week)
        free = 7 - hands - busy
        if free + share * busy < labour.ft_days_off_per_week - 1e-9:
            raise InfeasiblePlanError(
                msg(
                    "roster.share_off",
                    week=f"{monday:%Y-%m-%d}",
                    campaign=busy,
                    hands=hands,
                    free=free,
                    share=f"{share:g}",
                    room=f"{free + share * busy:.2f}",
                    off=labour.ft_days_off_per_week,
                )
            )


def _check_labour(config: PlanConfig) -> None:
    labour = config.labour
    work = 7 - labour.ft_days_off_per_week
    if (
        labour.ft_agents
        and work > labour.ft_max_consecutive_days
        and labour.ft_days_off_per_week == 0
    ):
        raise InfeasiblePlanError(msg("roster.no_days_off", run=labour.ft_max_consecutive_days))
    for template in config.shifts:
        if template.kind == "PT" and template.paid_hours > labour.pt_max_hours_per_day + 1e-9:
            raise InfeasiblePlanError(
                f"shift {template.name} pays {template.paid_hours:g} h but "
                f"labour.pt_max_hours_per_day is {labour.pt_max_hours_per_day:g}"
            )


def _check_coverable(
    required: np.ndarray,
    stamps: pd.DatetimeIndex,
    queues: Sequence[str],
    options: list[ShiftOption],
    config: PlanConfig | None = None,
    ft_team: int | None = None,
) -> None:
    """Intervals that need agents but that no usable shift can cover: contradictory rules.

    A kind of shift is unusable when its team is empty by the rules: no FT agents, a PT pool
    of 0 or a PT share of 0."""
    n = len(stamps)
    unusable: dict[str, str] = {}
    if config is not None:
        if (config.labour.ft_agents if ft_team is None else ft_team) == 0:
            unusable["FT"] = "there are no FT agents (labour.ft_agents is 0)"
        if config.labour.pt_pool == 0:
            unusable["PT"] = "labour.pt_pool is 0"
        elif config.labour.pt_max_share == 0:
            unusable["PT"] = "labour.pt_max_share is 0"
    covered = np.zeros((n, len(queues)), dtype=bool)
    blocked = np.zeros((n, len(queues)), dtype=bool)
    for o in options:
        lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
        for q in o.queues:
            target = blocked if o.template.kind in unusable else covered
            target[lo:hi, queues.index(q)] = True
    bad = (required > 0) & ~covered
    if bad.any():
        rows, cols = np.nonzero(bad)
        first = f"{stamps[rows[0]]:%Y-%m-%d %H:%M} {queues[cols[0]]}"
        if blocked[rows[0], cols[0]]:
            kinds = sorted(
                {
                    o.template.kind
                    for o in options
                    if o.cover[0] <= rows[0] < o.cover[1] and queues[cols[0]] in o.queues
                }
            )
            why = "; ".join(unusable[k] for k in kinds if k in unusable)
            raise InfeasiblePlanError(
                f"{int(bad.sum())} interval(s) need agents but only {'/'.join(kinds)} shifts "
                f"cover them and {why}, first {first}"
            )
        raise InfeasiblePlanError(msg("roster.uncovered", n=int(bad.sum()), first=first))


def _result(
    model: _Model,
    info: dict[str, Any],
    agents: Sequence[Agent] | None,
    progress: Progress | None,
    notes: tuple[Message, ...] = (),
) -> RosterResult:
    stamps, queues = model.stamps, model.queues
    shifts, scheduled = _shift_frame(model)
    assignments = name_agents(model, shifts, agents)
    lengthened, still_short = 0, _short_out_runs(model, assignments)
    for _ in range(LENGTHEN_ROUNDS):
        added = _lengthen_short_bookings(model, still_short)
        if not added:
            break
        lengthened += added
        shifts, scheduled = _shift_frame(model)
        assignments = name_agents(model, shifts, agents)
        still_short = _short_out_runs(model, assignments)
    out_weight = model.config.labour.out_productivity
    coverage = coverage_frame(stamps, queues, model.required, scheduled, out_weight)
    paid_before = {oi for (_, oi) in model.fixed}
    hours = model.minutes / 60
    paid = {
        kind: float(
            sum(
                o.paid_hours * _value(model.z[(o.index, q)])
                for o in model.options
                if o.template.kind == kind and o.index not in paid_before
                for q in o.queues
            )
        )
        for kind in KINDS
    }
    overtime = float(
        sum(
            o.overtime_hours * _value(model.z[(o.index, q)])
            for o in model.options
            if o.overtime_hours
            for q in o.queues
        )
    )
    short = coverage[coverage["shortfall"] > 0]
    if float(short["shortfall"].sum()) * model.minutes / 60 < 0.05:
        short = short.iloc[:0]  # "short of 0.0 agent-hours" is no news for a team lead
    tail_days, tail_cost, tail_until = _out_tail(model)
    messages = (
        notes
        + tuple(model.faults)
        + _diagnose(model, coverage, short)
        + _forced_off_note(model)
        + _team_note(model)
        + _pool_overflow(model, assignments, agents, info.get("team_sizing"))
        + _booking_notes(lengthened, still_short)
        + (
            (msg("roster.out_tail", seats=tail_days, cost=tail_cost, until=tail_until),)
            if tail_days
            else ()
        )
    )
    summary: dict[str, Any] = {
        **{k: info[k] for k in ("status",)},
        "total_cost": round(float(shifts["cost"].sum()), 2),
        "paid_hours": round(sum(paid.values()), 2),
        "required_agent_hours": round(float(model.required.sum() * hours), 2),
        "scheduled_agent_hours": round(float(scheduled.sum() * hours), 2),
        "shortfall_agent_hours": round(float(coverage["shortfall"].sum() * hours), 2),
        "headcount": {
            kind: int(assignments.loc[assignments["kind"] == kind, "agent"].nunique())
            for kind in KINDS
        },
        "hours_by_kind": {kind: round(v, 2) for kind, v in paid.items()},
        "overtime_hours": round(overtime, 2),
        "out_after_horizon_seat_days": tail_days,
        "out_after_horizon_cost": tail_cost,
        "out_lengthened_shifts": lengthened,
        "out_short_bookings": len(still_short),
        **_floor_fields(info, "lp_floor_paid_hours", "paid_to_floor", sum(paid.values())),
        **_floor_fields(
            info, "lp_floor_any_start_paid_hours", "paid_to_any_start_floor", sum(paid.values())
        ),
        "all_hands_days": [f"{d:%Y-%m-%d}" for d in sorted(model.all_hands) if d in model.days],
        "ft_forced_off_days": [
            f"{d:%Y-%m-%d}" for d in sorted(model.forced_off) if d in model.days
        ],
        "ft_crews": len(model.crews),
        "objective": info["objective"],
        "lower_bound": info["lower_bound"],
        "gap": info["gap"],
        "solve_seconds": info["solve_seconds"],
        "solver": info["solver"],
        "bound_source": info.get(
            "bound_source", "solver" if info["lower_bound"] is not None else None
        ),
        "lp_bound": info.get("lp_bound"),
        "gap_to_lp": (
            max(0.0, (info["objective"] - info["lp_bound"]) / abs(info["objective"]))
            if info.get("lp_bound") is not None and info["objective"]
            else None
        ),
        "covered_column": COVERED_COLUMN,
        "shortfall_penalty_per_agent_hour": {
            q: round(shortfall_penalty(model.config, q), 2) for q in queues
        },
        "messages": list(messages),
    }
    sizing: TeamSize | None = info.get("team_sizing")
    if sizing is not None:
        summary["team_sizing"] = sizing.summary()
        summary["messages"].append(sizing.message())
        messages = (*messages, sizing.message())
    if progress:
        gap = f"{info['gap']:.2%}" if info["gap"] is not None else "n/a"
        progress(
            msg(
                "roster.done",
                status=msg(f"status.{info['status']}")
                if f"status.{info['status']}" in CATALOGUE
                else info["status"],
                seconds=info["solve_seconds"],
                cost=summary["total_cost"],
                gap=gap,
                shortfall=summary["shortfall_agent_hours"],
            )
        )
    return RosterResult(shifts, coverage, assignments, summary, messages)


@dataclass(frozen=True)
class _ShortRun:
    """An outsourced agent's booking (days in a row on one template) shorter than the
    template's minimum, inside the horizon: the agency bills the minimum all the same."""

    agent: str
    template: ShiftTemplate
    first: pd.Timestamp
    last: pd.Timestamp
    need: int
    start: pd.Timestamp  # the last day's shift start
    queue: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _short_out_runs(model: _Model, assignments: pd.DataFrame) -> list[_ShortRun]:
    """The named roster's outsourced bookings short of their minimum. A booking that reaches
    the horizon's last day is left out (its days after the horizon are priced, see
    :func:`_out_tail`), as is one that opens the horizon after a previous roster (it began
    on days the rows do not show)."""
    out = assignments[assignments["kind"] == "OUT"]
    if out.empty:
        return []
    templates = {t.name: t for t in model.config.shifts if t.kind == "OUT"}
    first_day, last_day = model.days[0], model.days[-1]
    one = pd.Timedelta(days=1)
    runs: list[_ShortRun] = []

    def close(rows: list[Any]) -> None:
        head, tail = rows[0], rows[-1]
        template = templates[str(head.shift)]
        lo, hi = pd.Timestamp(head.date).normalize(), pd.Timestamp(tail.date).normalize()
        need = booking_days(model.config, template)
        # a previous roster's booking (its eve's rows open the run) began on days not shown
        if hi >= last_day or (lo <= first_day and model.previous is not None):
            return
        if (hi - lo).days + 1 < need:
            runs.append(
                _ShortRun(
                    str(head.agent),
                    template,
                    lo,
                    hi,
                    need,
                    pd.Timestamp(tail.start),
                    str(tail.queue),
                )
            )

    for _, rows in out.sort_values(["agent", "date"]).groupby("agent", sort=True):
        run: list[Any] = []
        for r in rows.itertuples(index=False):
            day = pd.Timestamp(r.date).normalize()
            if run and (
                day - pd.Timestamp(run[-1].date).normalize() != one or r.shift != run[-1].shift
            ):
                close(run)
                run = []
            run.append(r)
        if run:
            close(run)
    return runs


def _lengthen_short_bookings(model: _Model, runs: Sequence[_ShortRun]) -> int:
    """Add the shifts that bring each short booking to its minimum: the same template, start
    time and queue on the days after it, as far as the horizon and the template's days
    allow (the program keeps the minimum on each template's daily counts, not on the same
    agents: on a shop whose agency shifts start at 09:00, 10:00, 12:00 and 14:00, ten
    agents of 14:00-24:00 could not take the next day's morning seats and were booked for
    2 days of 5). The agency bills those days anyway, so the seats may as well work; the
    roster is named again after. Returns the shifts added."""
    one = pd.Timedelta(days=1)
    index = {
        (o.template.name, o.day, o.start - o.day): o
        for o in model.options
        if o.template.kind == "OUT"
    }
    added = 0
    for run in runs:
        clock = run.start - run.last
        for k in range(1, run.need - run.days + 1):
            o = index.get((run.template.name, run.last + k * one, clock))
            if o is None or run.queue not in o.queues:
                break
            var = model.z[(o.index, run.queue)]
            var.varValue = _value(var) + 1
            if o.breaks:
                split = model.k[(o.index, run.queue, 0)]
                split.varValue = _value(split) + 1
            added += 1
    return added


def _shift_frame(model: _Model) -> tuple[pd.DataFrame, np.ndarray]:
    """The program's shifts (one row per option, queue and break) and the agents they put
    on each interval and queue (outsourced ones at their productivity)."""
    stamps, queues = model.stamps, model.queues
    n = len(stamps)
    scheduled = np.zeros((n, len(queues)))
    rows = []
    paid_before = {oi for (_, oi) in model.fixed}
    out_weight = model.config.labour.out_productivity
    step = pd.Timedelta(minutes=model.minutes)
    for o in model.options:
        weight = out_weight if o.template.kind == "OUT" else 1.0
        for q in o.queues:
            count = _value(model.z[(o.index, q)])
            if count <= 0:
                continue
            qi = queues.index(q)
            lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
            scheduled[lo:hi, qi] += count * weight
            splits = (
                [(b, _value(model.k[(o.index, q, b)])) for b in range(len(o.breaks))]
                if o.breaks
                else [(None, count)]
            )
            for b, agents_on in splits:
                if agents_on <= 0:
                    continue
                if b is not None:
                    b0, b1 = o.breaks[b]
                    scheduled[max(b0, 0) : max(min(b1, n), 0), qi] -= agents_on * weight
                    break_start = stamps[0] + b0 * step
                    break_end = stamps[0] + b1 * step
                else:
                    break_start = break_end = pd.NaT
                rows.append(
                    {
                        "date": o.day,
                        "queue": q,
                        "shift": o.template.name,
                        "code": o.template.code,
                        "kind": o.template.kind,
                        "start": o.start,
                        "end": o.end,
                        "break_start": break_start,
                        "break_end": break_end,
                        "agents": agents_on,
                        "cost": 0.0 if o.index in paid_before else round(o.cost * agents_on, 2),
                        "overtime_hours": o.overtime_hours,
                        "booked_by": "previous" if o.index in paid_before else "",
                    }
                )
    shifts = pd.DataFrame(
        rows,
        columns=[
            "date", "queue", "shift", "code", "kind", "start", "end", "break_start",
            "break_end", "agents", "cost", "overtime_hours", "booked_by",
        ],
    )  # fmt: skip
    return shifts, scheduled


def _booking_notes(lengthened: int, short: Sequence[_ShortRun]) -> tuple[str, ...]:
    """Messages on outsourced bookings brought to their minimum, and those still short."""
    out: list[str] = []
    if lengthened:
        out.append(msg("roster.out_lengthened", shifts=lengthened))
    if short:
        first = short[0]
        out.append(
            msg(
                "roster.out_short",
                agents=len(short),
                agent=first.agent,
                first=f"{first.first:%m-%d}",
                last=f"{first.last:%m-%d}",
                days=first.days,
                need=first.need,
                seat_days=sum(r.need - r.days for r in short),
            )
        )
    return tuple(out)


def _floor_fields(info: Mapping[str, Any], floor: str, ratio: str, paid: float) -> dict[str, Any]:
    """``summary.json``'s paid-hours floor ``floor`` [h] and the plan's paid hours over it."""
    value = info.get(floor)
    return {
        floor: round(value, 1) if value is not None else None,
        ratio: round(paid / value, 3) if value else None,
    }


def _pool_overflow(
    model: _Model,
    assignments: pd.DataFrame,
    agents: Sequence[Agent] | None,
    sizing: TeamSize | None = None,
) -> tuple[str, ...]:
    """A message when naming the part-time blocks took more people than ``pt_pool`` even
    after :class:`_Pool`'s searches: the program caps part-timers per day, weekly hours per
    pool and rest between days, which one person's week does not always fit (618's busiest
    weeks, at 97 % of the pool's hours, needed 14 more until :meth:`_Pool.repack_weeks`
    searched neighbourhoods of members; none now)."""
    pool = model.config.labour.pt_count
    listed = {a.agent for a in agents or [] if a.kind == "PT"}
    if listed:  # the agents file's part-timers are the pool: name who was added
        worked = assignments.loc[assignments["kind"] == "PT", "agent"].astype(str)
        added = sorted(set(worked) - listed)
        if not added:
            return ()
        return (
            msg(
                "roster.pt_overflow_named",
                listed=len(listed),
                extra=len(added),
                ids=", ".join(added),
                blocks=int(worked.isin(added).sum()),
            ),
        )
    named = int(assignments.loc[assignments["kind"] == "PT", "agent"].nunique())
    if named <= pool:
        return ()
    # an auto-sized pool already at its bound is raised by the bound (the p95 scenario
    # of a reviewer's shop was told to raise pt_pool, which was "auto")
    auto = sizing is not None and sizing.pt_auto
    key = "labour.pt_pool_max" if auto else "labour.pt_pool"
    return (msg("roster.pt_overflow", named=named, extra=named - pool, pool=pool, key=key),)


def coverage_frame(
    stamps: pd.DatetimeIndex,
    queues: Sequence[str],
    required: np.ndarray,
    scheduled: np.ndarray,
    out_weight: float,
) -> pd.DataFrame:
    """``coverage.csv``: required and scheduled headcount per interval and queue (arrays of
    shape (intervals, queues)), and the shortfall. Outsourced agents count ``out_weight``
    each, so scheduled is kept to 0.01: summed over shift options, 0.85 × (6 + 8 + 2 + 4)
    comes to 16.999999999999996, which read as a shortfall of "17 of 17"."""
    scheduled = np.round(scheduled, 2) + 0.0
    return pd.DataFrame(
        {
            "interval_start": np.repeat(stamps, len(queues)),
            "queue": np.tile(list(queues), len(stamps)),
            "required": required.ravel(),
            "scheduled": (
                scheduled.ravel().astype(np.int64) if out_weight == 1 else scheduled.ravel()
            ),
            "shortfall": np.round(np.maximum(required - scheduled, 0), 2).ravel() + 0.0,
        }
    )


def _agents(count: float) -> int | float:
    """A headcount as the messages show it: whole, or to 0.01 where outsourced agents
    (counted at ``out_productivity``) make it fractional."""
    whole = round(float(count))
    return whole if abs(float(count) - whole) < 0.005 else round(float(count), 2)


def _diagnose(model: _Model, coverage: pd.DataFrame, short: pd.DataFrame) -> tuple[str, ...]:
    """Where the roster falls short, and which rule binds at the worst interval."""
    if short.empty:
        return ()
    worst = short.sort_values("shortfall", ascending=False)
    listed = [
        msg(
            "roster.short_cell",
            at=r.interval_start,
            queue=r.queue,
            scheduled=_agents(r.scheduled),
            required=_agents(r.required),
        )
        for r in worst.head(3).itertuples(index=False)
    ]
    total = float(short["shortfall"].sum() * model.minutes / 60)
    top = worst.iloc[0]
    t = int(model.stamps.get_loc(top["interval_start"]))
    day = pd.Timestamp(top["interval_start"]).normalize()
    reasons = []
    for kind in KINDS:
        able = [
            o
            for o in model.options
            if o.template.kind == kind and top["queue"] in o.queues and o.cover[0] <= t < o.cover[1]
        ]
        names = sorted({o.template.name for o in model.options if o.template.kind == kind})
        if not names:
            continue
        if not able:
            reasons.append(msg("roster.why_no_shift", kind=kind, names=", ".join(names)))
        elif kind == "FT" and day in model.forced_off:
            reasons.append(_forced_off_reason(model))
        elif kind == "FT":
            working = sum(
                int(round(_value(v))) * model.available(g, d)
                for (g, d), v in model.y.items()
                if d == day
            )
            labour = model.config.labour
            reasons.append(
                msg(
                    "roster.why_ft",
                    working=working,
                    agents=len(model.ft_agents),
                    off=labour.ft_days_off_per_week,
                    days=labour.ft_max_consecutive_days,
                )
            )
            queue = str(top["queue"])
            skilled = sum(1 for a in model.ft_agents if not a.queues or queue in a.queues)
            if skilled < len(model.ft_agents):  # agents.csv limits who may take this queue
                reasons.append(msg("roster.why_ft_skills", able=skilled, queue=queue))
        elif kind == "PT":
            booked = sum(
                _value(model.z[(o.index, q)])
                for o in model.options
                if o.template.kind == "PT" and o.day == day
                for q in o.queues
            )
            pool = model.config.labour.pt_count
            if booked >= pool:
                reasons.append(
                    msg("roster.why_pt_pool", pool=pool) if pool else msg("roster.why_no_pt")
                )
            elif model.config.labour.pt_max_share < 1:
                reasons.append(msg("roster.why_pt_share", share=model.config.labour.pt_max_share))
        else:
            reasons.append(msg("roster.why_out", days=model.config.labour.out_min_booking_days))
    return (
        msg(
            "roster.short",
            total=total,
            n=len(short),
            listed=listed,
            at=top["interval_start"],
            reasons=reasons,
        ),
    )


def day_spans(days: Iterable[pd.Timestamp]) -> str:
    """Days as runs: ``10-19 – 10-24, 11-11``."""
    spans: list[list[pd.Timestamp]] = []
    for d in sorted(days):
        if spans and d - spans[-1][-1] == pd.Timedelta(days=1):
            spans[-1].append(d)
        else:
            spans.append([d])
    return ", ".join(
        f"{run[0]:%m-%d}" + (f" – {run[-1]:%m-%d}" if len(run) > 1 else "") for run in spans
    )


def _forced_off_reason(model: _Model) -> Message:
    """Why no FT agent works on the forced-off days: the all-hands days and the rules."""
    labour = model.config.labour
    return msg(
        "roster.why_ft_forced",
        days=day_spans(model.all_hands),
        lead=labour.all_hands_lead_days,
        off=labour.ft_days_off_per_week,
        run=labour.ft_max_consecutive_days,
    )


def _forced_off_note(model: _Model) -> tuple[Message, ...]:
    """A message naming the days with need that no FT agent can work, and why."""
    need = model.required.sum(axis=1)
    days = sorted(d for d in model.forced_off if need[(model.stamps.normalize() == d)].sum() > 0)
    if not days:
        return ()
    labour = model.config.labour
    return (
        msg(
            "roster.forced_off",
            days=day_spans(days),
            all_hands=day_spans(model.all_hands),
            lead=labour.all_hands_lead_days,
            off=labour.ft_days_off_per_week,
            run=labour.ft_max_consecutive_days,
        ),
    )


def _ft_seats(
    tours: Mapping[tuple[int, pd.Timestamp], ShiftOption],
    team: Sequence[Agent],
    queue_left: Mapping[tuple[Any, ...], list[str]],
) -> dict[tuple[int, pd.Timestamp], str]:
    """The queue each FT agent takes on each shift: per shift option, a maximum matching of
    its agents to its queues' seats, each agent to a queue it serves (``agents.csv``). The
    program hands each option's skill groups to the queues they serve (``_add_ft_skills``),
    so a full matching exists. Handing the seats out in any order sat install-only agents on 售后 and
    售前/售后 agents on 安装预约 (104 shifts on an outside reviewer's shop)."""
    if not any(agent.queues for agent in team):
        return {}
    on: dict[tuple[Any, ...], list[tuple[int, pd.Timestamp]]] = defaultdict(list)
    for (a, day), o in tours.items():
        on[(o.start, o.end, o.template.code)].append((a, day))
    seats: dict[tuple[int, pd.Timestamp], str] = {}
    for key, who in on.items():
        slots = list(queue_left.get(key, []))
        if not slots:
            continue
        fits = np.array(
            [[not team[a].queues or q in team[a].queues for q in slots] for a, _ in who],
            dtype=np.int8,
        )
        match = maximum_bipartite_matching(csr_matrix(fits), perm_type="column")
        for (a, day), j in zip(who, match, strict=True):
            if j >= 0:
                seats[(a, day)] = slots[j]
    return seats


def name_agents(
    model: _Model, shifts: pd.DataFrame, agents: Sequence[Agent] | None
) -> pd.DataFrame:
    """The named roster: FT agents from the tours the program chose; part-timers and
    outsourced agents assigned greedily (fewest hours first, rest and weekly caps kept,
    outsourced agents kept on consecutive days of their booking)."""
    columns = [
        "agent", "name", "kind", "date", "shift", "code", "start", "end", "queue",
        "break_start", "break_end", "overtime_hours",
    ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    # breaks per (option, queue) to hand out to the agents on it
    pending: dict[tuple[Any, ...], list[tuple[Any, Any]]] = defaultdict(list)
    for r in shifts.itertuples(index=False):
        pending[(r.start, r.end, r.code, r.queue)] += [(r.break_start, r.break_end)] * int(r.agents)
    queue_left: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for r in shifts.itertuples(index=False):
        queue_left[(r.start, r.end, r.code)] += [str(r.queue)] * int(r.agents)

    def take(o: ShiftOption, queue: str | None = None) -> tuple[str, Any, Any]:
        left = queue_left[(o.start, o.end, o.template.code)]
        queue = left.pop() if queue is None else left.pop(left.index(queue))
        brk = pending[(o.start, o.end, o.template.code, queue)].pop()
        return queue, brk[0], brk[1]

    tours = _crew_tours(model)
    frozen = frozenset({model.eve}) if model.fixed and model.previous is not None else frozenset()
    labour = model.config.labour
    rest = pd.Timedelta(hours=labour.min_rest_hours)
    # agents alone in their crew may trade days inside a week; a crew's members keep the
    # days off they share. A previous roster's runs reach into the first days: left alone
    run = labour.ft_max_consecutive_days
    fixed_days = set(model.days[:run]) if model.previous is not None else set()
    alone = {crew[0] for crew in model.crews if len(crew) == 1}
    tours = spread_weekends(
        tours, model.ft_agents, rest, run, alone, frozenset({model.eve, *fixed_days})
    )
    index = {agent.agent: a for a, agent in enumerate(model.ft_agents)}
    earliest: dict[int, pd.Timestamp] = {}  # a previous roster's last shift + rest
    for r in _previous_rows(model, "FT").itertuples(index=False):
        a = index.get(str(r.agent))
        if a is not None:
            ready = pd.Timestamp(r.end) + rest
            earliest[a] = max(earliest.get(a, ready), ready)
    tours = spread_unsocial_hours(tours, model.ft_agents, rest, frozen, earliest)
    seats = _ft_seats(tours, model.ft_agents, queue_left)
    for (a, day), o in sorted(tours.items(), key=lambda item: (item[0][0], item[1].start)):
        agent = model.ft_agents[a]
        queue, b0, b1 = take(o, seats.get((a, day)))
        rows.append(_row(agent.agent, agent.name, o, queue, b0, b1))
    rest = pd.Timedelta(hours=model.config.labour.min_rest_hours)
    for kind in ("PT", "OUT"):
        named = [a for a in agents or [] if a.kind == kind]
        people: list[dict[str, Any]] = [
            _person(a.agent, a.name, a.unavailable, True) for a in named
        ]
        if kind == "PT" and not named:
            width = max(len(str(model.config.labour.pt_count)), 2)
            people = [
                _person(f"PT{i + 1:0{width}d}", f"PT{i + 1:0{width}d}", frozenset(), True)
                for i in range(model.config.labour.pt_count)
            ]
        if kind == "PT":
            _plan_days(model, people)
        by_day: dict[pd.Timestamp, list[dict[str, Any]]] = defaultdict(list)
        _seed_people(model, kind, people, by_day)
        seeded = {p["id"] for p in people if p["days"]}  # worked in a previous roster
        first = len(rows)
        for day in model.rule_days:
            blocks = [
                o
                for o in model.options
                if o.template.kind == kind and o.day == day
                for q in o.queues
                for _ in range(_value(model.z[(o.index, q)]))
            ]
            blocks.sort(key=lambda o: (o.start, o.template.code))
            chosen = _match(people, blocks, rest, model.config, kind, by_day, model.days[-1])
            for o, person in zip(blocks, chosen, strict=True):
                if person is None:
                    ident = f"{kind}{len(people) + 1:03d}"
                    person = _person(ident, ident, frozenset(), False)
                    people.append(person)
                monday = o.day - pd.Timedelta(days=o.day.day_of_week)
                person["hours"] += o.paid_hours
                person["week"][monday] = person["week"].get(monday, 0.0) + o.paid_hours
                person["last_end"] = o.end
                person["template"] = o.template.name
                person["days"].add(o.day)
                by_day[o.day].append(person)
                queue, b0, b1 = take(o)
                rows.append(_row(person["id"], person["name"], o, queue, b0, b1))
        if kind == "PT":
            cap = model.config.labour.pt_max_hours_per_week
            hours = {t.name: float(t.paid_hours) for t in model.config.shifts}
            mine = rows[first:]
            before = _hours_before(mine, people, hours)
            run_cap = model.config.labour.pt_max_consecutive_days
            pool = _Pool(mine, people, seeded, rest, cap, hours, before, run_cap)
            _fit_pool(pool, people)
            pool.rematch_days()
            pool.repack_weeks()
        else:  # the horizon's own days (rule_days may open with the eve's night shifts)
            lengths = {t.name: booking_days(model.config, t) for t in model.config.shifts}
            _mend_short_bookings(
                rows[first:],
                rest,
                lengths,
                model.days[0],
                model.days[-1],
                # a previous roster's bookings run on from before the horizon for days the
                # rows do not show: their agents are not offered for trades
                frozenset() if model.previous is None else None,
                {p["id"]: p["away"] for p in people},
            )
    return pd.DataFrame(rows, columns=columns)


def _mend_short_bookings(
    rows: list[dict[str, Any]],
    rest: pd.Timedelta,
    lengths: Mapping[str, int],
    first: pd.Timestamp,
    last: pd.Timestamp,
    carry_in: frozenset[str] | None,
    away: Mapping[str, frozenset[pd.Timestamp]] | None = None,
) -> None:
    """Outsourced bookings cut short inside the horizon, mended in place by a trade.

    The program keeps each template's minimum booking and the rest between days on the
    daily counts, not on the same agents: on the sample's 11-08..11-14 (售前 at 85 %), 43
    agents started on 11-09 and had to stay to 11-11, but 5 of them had 11-09's late shifts
    (to 24:00) and 11-10 opened at 08:00, so agents whose booking was done took those seats
    and the 5 got 1-day bookings. For an agent X whose booking ends on day ``d`` short of
    its minimum, this finds an agent Y of the same template working ``d`` and ``d + 1``
    whose booking is done by ``d``; they trade their ``d`` shifts and X takes Y's days from
    ``d + 1``. Every rest between days is kept, and nobody takes a day they are away.
    Bookings that start on the horizon's first day (they may have begun before it) or reach
    its last are left alone; ``carry_in`` (the templates a booking may have begun on the eve
    with) is None after a previous roster, whose bookings began on days the rows do not
    show, and then no booking that opens the horizon is traded."""
    one = pd.Timedelta(days=1)
    on: dict[tuple[str, pd.Timestamp], int] = {}
    dated: dict[pd.Timestamp, list[int]] = defaultdict(list)  # trades keep rows' dates
    for i, r in enumerate(rows):
        on[(r["agent"], pd.Timestamp(r["date"]))] = i
        dated[pd.Timestamp(r["date"])].append(i)

    def run(agent: str, day: pd.Timestamp, template: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        lo = hi = day
        while (i := on.get((agent, lo - one))) is not None and rows[i]["shift"] == template:
            lo -= one
        while (i := on.get((agent, hi + one))) is not None and rows[i]["shift"] == template:
            hi += one
        return lo, hi

    def rested(a: int | None, b: int | None) -> bool:
        return a is None or b is None or rows[b]["start"] - rows[a]["end"] >= rest

    def booked(lo: pd.Timestamp, hi: pd.Timestamp, template: str) -> int:
        if lo == first and carry_in is None:
            return 0  # began before the horizon, on days unknown here: not done for sure
        return (hi - lo).days + 1 + (1 if lo == first and template in (carry_in or ()) else 0)

    for i in range(len(rows)):
        x, template = rows[i]["agent"], rows[i]["shift"]
        day = pd.Timestamp(rows[i]["date"])
        lo, hi = run(x, day, template)
        need = lengths.get(template, 1)
        if day != hi or lo == first or hi >= last or booked(lo, hi, template) >= need:
            continue
        for j in dated[hi]:  # Y: works hi and hi + 1, done by hi
            y = rows[j]["agent"]
            if y == x or rows[j]["shift"] != template:
                continue
            nxt = on.get((y, hi + one))
            if nxt is None or rows[nxt]["shift"] != template:
                continue
            y_lo, _ = run(y, hi, template)
            if booked(y_lo, hi, template) < need:
                continue
            x_before, y_before = on.get((x, hi - one)), on.get((y, hi - one))
            if not (rested(x_before, j) and rested(y_before, i) and rested(j, nxt)):
                continue
            _, y_hi = run(y, hi + one, template)
            span = pd.date_range(hi + one, y_hi + one)
            if any((x, d) in on for d in span) or (y_hi < last and (y, y_hi + one) in on):
                continue  # X works again later in the span, or Y's days do not end there
            if away and any(d in away.get(x, ()) for d in pd.date_range(hi, y_hi)):
                continue  # X is away on one of the days it would take
            x_name, y_name = rows[i]["name"], rows[j]["name"]
            rows[i]["agent"], rows[i]["name"] = y, y_name  # trade the day's shifts
            rows[j]["agent"], rows[j]["name"] = x, x_name
            on[(x, hi)], on[(y, hi)] = j, i
            moved = hi + one
            while moved <= y_hi:  # X takes Y's days from hi + 1
                k = on.pop((y, moved))
                rows[k]["agent"], rows[k]["name"] = x, x_name
                on[(x, moved)] = k
                moved += one
            break


def _hours_before(
    rows: Sequence[dict[str, Any]], people: Sequence[dict[str, Any]], hours_of: Mapping[str, float]
) -> dict[tuple[str, pd.Timestamp], float]:
    """Each person's hours in each week before the horizon (a previous roster's), from the
    week totals naming kept less the horizon's rows."""
    before: dict[tuple[str, pd.Timestamp], float] = defaultdict(float)
    for p in people:
        for monday, h in p["week"].items():
            before[(p["id"], monday)] += h
    for r in rows:
        d = pd.Timestamp(r["date"])
        before[(r["agent"], d - pd.Timedelta(days=d.day_of_week))] -= hours_of[r["shift"]]
    return before


class _Pool:
    """The part-time blocks named beyond the pool, handed to pool members by two exact
    searches after :func:`_fit_pool`'s moves and trades:

    - :meth:`rematch_days`: each day with such a block is matched again as a whole, every
      block of the day to a member free of rest and weekly-hours clashes with the member's
      other days (a maximum bipartite matching, Hopcroft–Karp). It settles blocks stuck on
      rest: on the demo, 11-11's 20:00 blocks whose only free members worked 11-12 at
      08:00.
    - :meth:`repack_weeks`: what is left, week by week, by small integer programs over the
      week's blocks of a neighbourhood of members: every member free on a loose block's day,
      the members with the fewest hours and a few drawn at random. Blocks go to members, one
      a day, the week's hours and the rest kept, as few left over as possible. It settles
      blocks stuck on the weekly hours: on the demo, 11-09's 4-hour blocks when every member
      free that day had 3.5 hours left; on 618's busiest weeks (98 % of the pool's days and
      97 % of its hours) 25 blocks in 17 programs, where one program over the 30 roomiest
      members placed none.

    Every step keeps each member's rest, days away and weekly hours."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        people: Sequence[dict[str, Any]],
        seeded: set[str],
        rest: pd.Timedelta,
        cap: float,
        hours_of: Mapping[str, float],
        before: Mapping[tuple[str, pd.Timestamp], float],
        run_cap: int = 6,
    ) -> None:
        self.rows = rows
        self.names = {p["id"]: p["name"] for p in people if p["named"]}
        self.away = {p["id"]: p["away"] for p in people if p["named"]}
        self.run_cap = run_cap
        first = min((pd.Timestamp(r["date"]) for r in rows), default=None)
        # days a previous roster gave each member (before the horizon's rows)
        self.past = {
            p["id"]: frozenset(d for d in p["days"] if first is None or d < first)
            for p in people
            if p["named"]
        }
        self.seeded = seeded
        self.rest = rest
        self.cap = cap
        self.hours_of = hours_of
        self.before = before
        self.opening = first

    @staticmethod
    def monday(d: pd.Timestamp) -> pd.Timestamp:
        return d - pd.Timedelta(days=d.day_of_week)

    def hours(self, i: int) -> float:
        return self.hours_of[self.rows[i]["shift"]]

    def day(self, i: int) -> pd.Timestamp:
        return pd.Timestamp(self.rows[i]["date"])

    def rested(self, i: int, j: int) -> bool:
        first, then = sorted((i, j), key=lambda n: self.rows[n]["start"])
        return bool(self.rows[then]["start"] - self.rows[first]["end"] >= self.rest)

    def worked(self, p: str, on: Mapping[str, Mapping[pd.Timestamp, int]]) -> set[pd.Timestamp]:
        """Member ``p``'s working days: the rows' and a previous roster's."""
        return set(on[p]) | self.past.get(p, frozenset())

    def barred(self, p: str, d: pd.Timestamp) -> bool:
        """Member ``p`` cannot work day ``d`` (away, or its previous roster's last day)."""
        return d in self.away[p] or (p in self.seeded and d == self.opening)

    def state(self) -> tuple[dict[str, dict[pd.Timestamp, int]], dict[tuple[str, Any], float]]:
        """Each person's row per day and hours per week (the weeks before included)."""
        on: dict[str, dict[pd.Timestamp, int]] = defaultdict(dict)
        week: dict[tuple[str, Any], float] = defaultdict(float, self.before)
        for i, r in enumerate(self.rows):
            on[r["agent"]][self.day(i)] = i
            week[(r["agent"], self.monday(self.day(i)))] += self.hours(i)
        return on, week

    def loose(self) -> list[int]:
        """Rows held by people beyond the pool."""
        return [i for i, r in enumerate(self.rows) if r["agent"] not in self.names]

    def give(self, i: int, p: str) -> None:
        self.rows[i]["agent"], self.rows[i]["name"] = p, self.names[p]

    def rematch_days(self) -> None:
        """Match every day with a loose block again as a whole (class docstring); a day
        whose blocks cannot all go to members is left as it was."""
        one = pd.Timedelta(days=1)
        members = sorted(self.names)
        never = np.iinfo(np.int64).max // 4  # no shift that day: nothing to rest from

        def stamps(rows: list[int | None], key: str, missing: int) -> np.ndarray:
            return np.array(
                [missing if i is None else pd.Timestamp(self.rows[i][key]).value for i in rows],
                dtype=np.int64,
            )

        rest = self.rest.value
        for d in sorted({self.day(i) for i in self.loose()}):
            on, week = self.state()
            blocks = [i for i in range(len(self.rows)) if self.day(i) == d]
            start, end = stamps(list(blocks), "start", 0), stamps(list(blocks), "end", 0)
            need = np.array([self.hours(i) for i in blocks])
            base = np.array(
                [
                    week[(p, self.monday(d))] - (self.hours(on[p][d]) if d in on[p] else 0.0)
                    for p in members
                ]
            )
            ended = stamps([on[p].get(d - one) for p in members], "end", -never)
            starts = stamps([on[p].get(d + one) for p in members], "start", never)
            able = np.array(
                [
                    not self.barred(p, d) and _run_through(self.worked(p, on), d) <= self.run_cap
                    for p in members
                ]
            )
            fits = (
                (base[None, :] + need[:, None] <= self.cap + 1e-9)
                & (start[:, None] - ended[None, :] >= rest)
                & (starts[None, :] - end[:, None] >= rest)
                & able[None, :]
            )
            graph = csr_matrix(fits.astype(np.int8))
            match = maximum_bipartite_matching(graph, perm_type="column")
            if (match >= 0).all():
                for b, i in enumerate(blocks):
                    self.give(i, members[match[b]])

    def repack_weeks(self) -> None:
        """Re-assign a week's blocks among a neighbourhood of members by integer programs
        (class docstring), for each week with a loose block."""
        for monday in sorted({self.monday(self.day(i)) for i in self.loose()}):
            misses = 0
            for turn in range(REPACK_ROUNDS):
                loose = [i for i in self.loose() if self.monday(self.day(i)) == monday]
                if not loose:
                    break
                if self._repack(monday, loose, self._neighbourhood(monday, loose, turn)):
                    misses = 0
                    continue
                misses += 1
                if misses >= REPACK_MISSES:
                    break

    def _neighbourhood(self, monday: pd.Timestamp, loose: list[int], turn: int) -> list[str]:
        """The members of one repack: those free on one of the loose blocks' days, in turn
        (who could take it), those with the fewest hours in the week (who could take a day from them)
        and :data:`REPACK_SPREAD` more drawn with a seed of the week and the turn."""
        on, week = self.state()
        days = sorted({self.day(i) for i in loose})
        day = days[turn % len(days)]  # a day that failed is not tried next in a row
        members = sorted(self.names)
        free = [p for p in members if day not in on[p] and not self.barred(p, day)]
        busy = sorted((p for p in members if p not in free), key=lambda p: (week[(p, monday)], p))
        chosen = free + busy[:REPACK_ROOMY]
        taken = set(chosen)
        rest = [p for p in members if p not in taken]
        rng = np.random.default_rng([monday.value // 10**9, turn])
        picked = rng.choice(len(rest), size=min(REPACK_SPREAD, len(rest)), replace=False)
        return chosen + [rest[k] for k in sorted(picked)]

    def _repack(self, monday: pd.Timestamp, loose: list[int], members: list[str]) -> bool:
        """One integer program over ``members`` and week ``monday``; False when it placed
        no loose block. Blocks of the same day, start, end and hours are one kind: the
        program counts kinds to members, which makes it a fraction of the size."""
        one = pd.Timedelta(days=1)
        on, week = self.state()
        blocks = loose + [
            i for p in members for d, i in sorted(on[p].items()) if self.monday(d) == monday
        ]

        def kind_of(i: int) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp, float]:
            r = self.rows[i]
            return self.day(i), pd.Timestamp(r["start"]), pd.Timestamp(r["end"]), self.hours(i)

        kinds = sorted({kind_of(i) for i in blocks})
        index = {k: n for n, k in enumerate(kinds)}
        rows_of: dict[int, list[int]] = defaultdict(list)
        for i in blocks:
            rows_of[index[kind_of(i)]].append(i)
        is_loose = set(loose)
        prob = pulp.LpProblem("pt_repack", pulp.LpMinimize)
        x: dict[tuple[int, int], pulp.LpVariable] = {}
        for m, p in enumerate(members):  # variables by position: any name is fine
            edges = [on[p].get(monday - one), on[p].get(monday + 7 * one)]
            for k, (d, start, end, _) in enumerate(kinds):
                if self.barred(p, d) or any(
                    n is not None
                    and abs(self.day(n) - d) == one
                    and (
                        start - pd.Timestamp(self.rows[n]["end"]) < self.rest
                        if self.day(n) < d
                        else pd.Timestamp(self.rows[n]["start"]) - end < self.rest
                    )
                    for n in edges
                ):
                    continue
                x[(k, m)] = prob.add_variable(f"x_{k}_{m}", cat="Binary")
        # only a loose block may be left over: a member's block left over would stay with
        # its member while the program gives that member another block the same day
        left = {
            k: prob.add_variable(f"left_{k}", 0, n, cat="Integer")
            for k in range(len(kinds))
            if (n := sum(1 for i in rows_of[k] if i in is_loose))
        }
        prob += pulp.lpSum(left.values())
        by_day: dict[pd.Timestamp, list[int]] = defaultdict(list)
        for k, (d, *_) in enumerate(kinds):
            by_day[d].append(k)
            taken = pulp.lpSum(x[(k, m)] for m in range(len(members)) if (k, m) in x)
            prob += taken + left.get(k, 0) == len(rows_of[k])
        for m, p in enumerate(members):
            mine = {k: v for (k, n), v in x.items() if n == m}
            for same in by_day.values():
                if sum(1 for k in same if k in mine) > 1:
                    prob += pulp.lpSum(mine[k] for k in same if k in mine) <= 1
            prob += pulp.lpSum(
                kinds[k][3] * v for k, v in mine.items()
            ) <= self.cap - self.before.get((p, monday), 0.0)
            outside = {d for d in self.worked(p, on) if self.monday(d) != monday}
            for first in range(-self.run_cap, 7):  # windows of run_cap + 1 days in the week
                window = [monday + (first + n) * one for n in range(self.run_cap + 1)]
                inside = [k for d in window for k in by_day.get(d, []) if k in mine]
                if inside:
                    fixed = sum(1 for d in window if d in outside)
                    prob += pulp.lpSum(mine[k] for k in inside) <= self.run_cap - fixed
            for n in range(6):  # rest across each midnight of the week
                today = [k for k in by_day.get(monday + n * one, []) if k in mine]
                tomorrow = [k for k in by_day.get(monday + (n + 1) * one, []) if k in mine]
                for cut in sorted({kinds[k][1] for k in tomorrow}):
                    late = [k for k in today if kinds[k][2] > cut - self.rest]
                    early = [k for k in tomorrow if kinds[k][1] <= cut]
                    if late and early:
                        prob += pulp.lpSum(mine[k] for k in late + early) <= 1
        # the roster as it is, every loose block left over, is the search's first incumbent
        held: dict[tuple[int, int], int] = defaultdict(int)
        for k, rows in rows_of.items():
            for i in rows:
                if i not in is_loose:
                    held[(k, members.index(self.rows[i]["agent"]))] += 1
        for key, v in x.items():
            v.setInitialValue(held.get(key, 0))
        for k, v in left.items():
            v.setInitialValue(sum(1 for i in rows_of[k] if i in is_loose))
        prob.solve(
            _cbc(
                msg=False,
                timeLimit=REPACK_SECONDS,
                maxNodes=REPACK_NODES,
                gapAbs=0.5,
                warmStart=True,
            )
        )
        if prob.sol_status not in (1, 2) or any(v.varValue is None for v in left.values()):
            return False
        if round(sum(v.varValue or 0.0 for v in left.values())) >= len(loose):
            return False
        kept = {i: (self.rows[i]["agent"], self.rows[i]["name"]) for i in blocks}
        takers: dict[int, list[str]] = defaultdict(list)
        for (k, m), v in x.items():
            if round(v.varValue or 0.0) == 1:
                takers[k].append(members[m])
        for k, rows in rows_of.items():
            # a member that keeps a kind keeps its own row; the members' rows are handed out
            # before the loose ones, so what is left over is loose (there are enough takers)
            holders = set(takers[k])
            stay = [i for i in rows if self.rows[i]["agent"] in holders]
            new = [p for p in takers[k] if p not in {self.rows[i]["agent"] for i in stay}]
            moved = sorted((i for i in rows if i not in stay), key=lambda i: i in is_loose)
            for i, p in zip(moved, new, strict=False):
                self.give(i, p)
        if not self.keeps_rules(monday):  # a solver's rounding slip: keep what was
            for i, (agent, name) in kept.items():
                self.rows[i]["agent"], self.rows[i]["name"] = agent, name
            return False
        return True

    def keeps_rules(self, monday: pd.Timestamp) -> bool:
        """Whether every member works at most one block a day in week ``monday``, within
        the weekly hours, with the rest between days (the day before and after included)
        and no run of days longer than the cap."""
        one = pd.Timedelta(days=1)
        seen: set[tuple[str, pd.Timestamp]] = set()
        hours: dict[str, float] = defaultdict(float)
        mine: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.rows):
            d = self.day(i)
            if r["agent"] not in self.names or not (monday - one <= d <= monday + 7 * one):
                continue
            mine[r["agent"]].append(i)
            if self.monday(d) != monday:
                continue
            if (r["agent"], d) in seen:
                return False
            seen.add((r["agent"], d))
            hours[r["agent"]] += self.hours(i)
        if any(h + self.before.get((p, monday), 0.0) > self.cap + 1e-9 for p, h in hours.items()):
            return False
        for held in mine.values():
            held.sort(key=lambda i: self.rows[i]["start"])
            if any(not self.rested(a, b) for a, b in zip(held, held[1:], strict=False)):
                return False
        on, _ = self.state()
        for p in hours:
            worked = self.worked(p, on)
            if any(_run_through(worked, d) > self.run_cap for d in worked):
                return False
        return True


def _fit_pool(naming: _Pool, people: list[dict[str, Any]]) -> None:
    """Hand the blocks of part-timers added beyond the pool (day-by-day naming got stuck,
    mostly on the weekly hours cap) back to pool members, in place: to one free that day
    with the rest and the week's hours kept, or else to one free that day whose week is full
    after passing one of its other blocks that week to a third member free on that day, or
    else after trading blocks with other members working the same days (shorter ones for
    the week's hours, later or earlier ones for the rest around the day). The demo's
    busiest week needed 4 part-timers beyond the pool without the trades and 3 with them;
    :class:`_Pool`'s exact searches then place those 3 in the pool."""
    rows, seeded, rest = naming.rows, naming.seeded, naming.rest
    cap, hours_of = naming.cap, naming.hours_of
    pool = [p for p in people if p["named"]]
    extras = {p["id"] for p in people if not p["named"]}
    if not extras or not pool:
        return
    away = {p["id"]: p["away"] for p in pool}
    names = {p["id"]: p["name"] for p in pool}
    day = pd.Timedelta(days=1)
    on: dict[str, dict[pd.Timestamp, int]] = defaultdict(dict)  # person -> date -> row
    week: dict[tuple[str, pd.Timestamp], float] = defaultdict(float)
    for p in people:  # hours before the horizon (previous roster) count in their week
        for start_of_week, h in p["week"].items():
            week[(p["id"], start_of_week)] = h
    for i, r in enumerate(rows):
        on[r["agent"]][pd.Timestamp(r["date"])] = i
    opening = min(pd.Timestamp(r["date"]) for r in rows) if rows else None

    def monday(d: pd.Timestamp) -> pd.Timestamp:
        return d - pd.Timedelta(days=d.day_of_week)

    def clash(i: int, j: int) -> bool:
        """Whether rows ``i`` and ``j`` of neighbouring days leave too little rest."""
        first, then = sorted((i, j), key=lambda n: rows[n]["start"])
        return bool(rows[then]["start"] - rows[first]["end"] < rest)

    def fits(p: str, i: int, without: int | None = None) -> bool:
        r = rows[i]
        d = pd.Timestamp(r["date"])
        mine = on[p]
        if (d in mine and mine[d] != without) or d in away.get(p, ()):
            return False
        if p in seeded and d == opening:
            return False  # its previous roster's last shift: leave the first day alone
        for near in (mine.get(d - day), mine.get(d + day)):
            if near is not None and near != without and clash(i, near):
                return False
        freed = hours_of[rows[without]["shift"]] if without is not None else 0.0
        if without is not None and monday(pd.Timestamp(rows[without]["date"])) != monday(d):
            freed = 0.0
        if week[(p, monday(d))] - freed + hours_of[r["shift"]] > cap + 1e-9:
            return False
        worked = set(mine) | naming.past.get(p, frozenset())
        if without is not None:
            worked.discard(pd.Timestamp(rows[without]["date"]))
        return _run_through(worked, d) <= naming.run_cap

    def move(i: int, p: str) -> None:
        r = rows[i]
        d = pd.Timestamp(r["date"])
        old = r["agent"]
        del on[old][d]
        week[(old, monday(d))] -= hours_of[r["shift"]]
        r["agent"], r["name"] = p, names[p]
        on[p][d] = i
        week[(p, monday(d))] += hours_of[r["shift"]]

    def trade(j: int, k: int) -> None:
        """Rows ``j`` and ``k`` of one day change hands."""
        d = pd.Timestamp(rows[j]["date"])
        p, q = rows[j]["agent"], rows[k]["agent"]
        shift = hours_of[rows[k]["shift"]] - hours_of[rows[j]["shift"]]
        rows[j]["agent"], rows[j]["name"] = q, names[q]
        rows[k]["agent"], rows[k]["name"] = p, names[p]
        on[p][d], on[q][d] = k, j
        week[(p, monday(d))] += shift
        week[(q, monday(d))] -= shift

    def trade_down(p: str, i: int) -> bool:
        """Make ``p`` (free on row ``i``'s day) able to take ``i`` by trading its blocks
        with other members' blocks of the same day: for a block too close to ``i`` (the
        day before or after) one that leaves the rest, for another block of ``i``'s week
        a shorter one while the week is over; each trade keeps both sides' rest and weeks.
        Undone unless ``i`` then fits."""
        d = pd.Timestamp(rows[i]["date"])
        done: list[tuple[int, int]] = []
        mine = sorted(
            ((e, j) for e, j in on[p].items() if monday(e) == monday(d) or abs(e - d) == day),
            key=lambda item: (abs(item[0] - d) != day, -hours_of[rows[item[1]]["shift"]]),
        )
        for e, j in mine:
            near = abs(e - d) == day and clash(i, j)
            over = week[(p, monday(d))] + hours_of[rows[i]["shift"]] - cap > 1e-9
            if not near and not (over and monday(e) == monday(d)):
                continue
            for k in day_rows[e]:
                q = rows[k]["agent"]
                if q == p or q not in names:
                    continue
                if near and clash(i, k):
                    continue
                if not near and hours_of[rows[k]["shift"]] >= hours_of[rows[j]["shift"]]:
                    continue
                if fits(p, k, without=j) and fits(q, j, without=k):
                    trade(j, k)
                    done.append((j, k))
                    break
        if fits(p, i):
            return True
        for j, k in reversed(done):
            trade(k, j)
        return False

    day_rows: dict[pd.Timestamp, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        day_rows[pd.Timestamp(r["date"])].append(i)
    for x in sorted(extras):
        for d, i in sorted(on[x].items()):
            free = [p["id"] for p in pool if d not in on[p["id"]]]
            target = next((p for p in free if fits(p, i)), None)
            if target is not None:
                move(i, target)
                continue
            for p in free:  # p's week is full: pass one of p's blocks that week on
                swap = next(
                    (
                        (j, q)
                        for e, j in sorted(on[p].items())
                        if monday(e) == monday(d) and fits(p, i, without=j)
                        for q in (c["id"] for c in pool if e not in on[c["id"]] and c["id"] != p)
                        if fits(q, j)
                    ),
                    None,
                )
                if swap is not None:
                    move(swap[0], swap[1])
                    move(i, p)
                    break
            else:  # or trade blocks with members working the same days
                target = next((p for p in free if trade_down(p, i)), None)
                if target is not None:
                    move(i, target)


def _previous_rows(model: _Model, kind: str) -> pd.DataFrame:
    """A previous roster's rows of ``kind`` before the first day of the model."""
    if model.previous is None or not model.rule_days:
        return _Model.previous_empty
    rows = model.previous.before(model.rule_days[0])
    return rows[rows["kind"] == kind]


def _seed_people(
    model: _Model,
    kind: str,
    people: list[dict[str, Any]],
    by_day: dict[pd.Timestamp, list[dict[str, Any]]],
) -> None:
    """Part-timers and outsourced agents of a previous roster: when they last worked, their
    hours this week and, for outsourced bookings, the days they have been booked."""
    rows = _previous_rows(model, kind)
    if rows.empty:
        return
    known = {p["id"]: p for p in people}
    for ident, mine in rows.groupby("agent", sort=False):
        person = known.get(str(ident))
        if person is None:
            person = _person(str(ident), str(ident), frozenset(), True)
            people.append(person)
            known[str(ident)] = person
        for r in mine.itertuples(index=False):
            day = pd.Timestamp(r.date)
            hours = float(model.config.shift(str(r.shift)).paid_hours)
            monday = day - pd.Timedelta(days=day.day_of_week)
            person["week"][monday] = person["week"].get(monday, 0.0) + hours
            person["days"].add(day)
            end = pd.Timestamp(r.end)
            if person["last_end"] is None or end >= person["last_end"]:
                person["template"] = str(r.shift)
            person["last_end"] = end if person["last_end"] is None else max(person["last_end"], end)
        last = max(person["days"])
        by_day[last].append(person)


def _crew_tours(model: _Model) -> dict[tuple[int, pd.Timestamp], ShiftOption]:
    """Each crew's shifts of a day handed to its members: in start order, each to a member
    whose rest since their last shift is long enough (Hall's condition in the program makes
    this always possible), the one with least overtime this month for an overtime shift.
    A previous roster's agents keep their shifts of the day before the horizon."""
    rest = pd.Timedelta(hours=model.config.labour.min_rest_hours)
    index = {agent.agent: a for a, agent in enumerate(model.ft_agents)}
    last_end: dict[int, pd.Timestamp] = {}
    kept: dict[int, tuple[str, pd.Timestamp]] = {}
    for r in _previous_rows(model, "FT").itertuples(index=False):
        a = index.get(str(r.agent))
        if a is None:
            continue
        end = pd.Timestamp(r.end)
        last_end[a] = max(last_end.get(a, end), end)
    if model.fixed and model.previous is not None:
        eve_rows = model.previous.assignments[model.previous.assignments["date"] == model.eve]
        for r in eve_rows[eve_rows["kind"] == "FT"].itertuples(index=False):
            if str(r.agent) in index:
                kept[index[str(r.agent)]] = (str(r.shift), pd.Timestamp(r.start))
    overtime: dict[tuple[int, str], float] = defaultdict(float)
    # the day's earliest shifts go to those with the most evening hours so far, so that the
    # late ones fall to those with the fewest: 晚班 per agent ran from 0 to 20 in the demo
    # when ties went to the lowest index
    evening: dict[int, float] = defaultdict(float)
    tours: dict[tuple[int, pd.Timestamp], ShiftOption] = {}
    by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
    for o in model.options:
        if o.template.kind == "FT":
            by_day[o.day].append(o)
    for g, crew in enumerate(model.crews):
        for day in model.rule_days:
            todo = [
                o
                for o in by_day.get(day, [])
                if (g, o.index) in model.x
                for _ in range(_value(model.x[(g, o.index)]))
            ]
            if not todo:
                continue
            free = [a for a in crew if day not in model.ft_agents[a].unavailable]
            if day == model.eve:
                for a in list(free):
                    match = next(
                        (o for o in todo if (o.template.name, o.start) == kept.get(a)), None
                    )
                    if match is not None:
                        todo.remove(match)
                        free.remove(a)
                        tours[(a, day)], last_end[a] = match, match.end
            todo.sort(key=lambda o: (o.start, o.end))
            month = f"{day:%Y%m}"

            # members away soonest are kept for the day's last shifts: a late shift goes on
            # to the next day's late one (rest), and the run must end on a day the member is
            # away. The program's rows count the crew, not who is away: an install crew's
            # 晚班 to 24:00 went to E010 on 11-09 and 11-10 while E006, away on 11-11, took
            # 早班, and the crew's four 早班 of 11-11 at 08:00 were left to E010
            def free_for(a: int, day: pd.Timestamp = day) -> float:
                ahead = [(d - day).days for d in model.ft_agents[a].unavailable if d > day]
                return float(min(ahead, default=math.inf))

            for o in todo:
                able = [a for a in free if a not in last_end or o.start - last_end[a] >= rest]
                if not able:
                    able = free  # cannot happen under the program's rest rows
                if not able:
                    break
                if o.overtime_hours:
                    pick = min(able, key=lambda a: (-free_for(a), overtime[(a, month)], a))
                else:
                    pick = max(
                        able,
                        key=lambda a: (free_for(a), evening[a], overtime[(a, month)], -a),
                    )
                free.remove(pick)
                tours[(pick, day)], last_end[pick] = o, o.end
                overtime[(pick, month)] += o.overtime_hours
                evening[pick] += evening_hours(o.start, o.end)
    return tours


def _by_agent(
    tours: Mapping[tuple[int, pd.Timestamp], ShiftOption],
) -> dict[int, dict[pd.Timestamp, ShiftOption]]:
    """FT tours as each agent's day → shift (what the exchanges below edit)."""
    days_of: dict[int, dict[pd.Timestamp, ShiftOption]] = defaultdict(dict)
    for (a, day), o in tours.items():
        days_of[a][day] = o
    return days_of


def _skill_groups(agents: Iterable[int], team: Sequence[Agent]) -> list[list[int]]:
    """``agents`` by their set of skills: only agents of the same skills exchange shifts,
    which keeps every shift's seats matchable (:func:`_ft_seats`)."""
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for a in agents:
        groups[frozenset(team[a].queues)].append(a)
    return list(groups.values())


def _even_out(
    members: list[int],
    load: Mapping[int, float],
    gap: float,
    rounds: int,
    move: Callable[[int, int], bool],
) -> None:
    """Pair the most loaded member with the least loaded first and ``move`` work between
    them (it updates ``load``) while a pair at least ``gap`` apart can; a pair that could
    not is not tried again. At most ``rounds`` moves."""
    stuck: set[tuple[int, int]] = set()
    for _ in range(rounds):
        order = sorted(members, key=lambda a: (load[a], a))
        moved = False
        for high in reversed(order):
            for low in order:
                if load[high] - load[low] < gap or moved:
                    break
                if (high, low) in stuck:
                    continue
                moved = move(high, low)
                if not moved:
                    stuck.add((high, low))
            if moved:
                break
        if not moved:
            return


def spread_weekends(
    tours: dict[tuple[int, pd.Timestamp], ShiftOption],
    team: Sequence[Agent],
    rest: pd.Timedelta,
    max_run: int,
    movable: Container[int],
    frozen: frozenset[pd.Timestamp] = frozenset(),
) -> dict[tuple[int, pd.Timestamp], ShiftOption]:
    """Even out weekend days over the FT agents in ``movable`` without changing any day's
    shifts: an agent with more weekend days trades a Saturday or Sunday for a weekday of the
    same ISO week with an agent of the same skills who has fewer, each taking the other's
    shift of that day, when both stay available, rested (``rest``), within ``max_run`` days
    in a row, and the two shifts have the same paid and overtime hours (days, hours and
    overtime per week and month stay as they were). A 5-agent shop's plan had one agent on
    all 6 weekend days of its 3 weeks and two on 3. Days in ``frozen`` stay."""
    one_day = pd.Timedelta(days=1)
    days_of = _by_agent(tours)

    def weekend(day: pd.Timestamp) -> bool:
        return day.weekday() >= 5

    def within_run(a: int) -> bool:
        longest = length = 0
        last: pd.Timestamp | None = None
        for day in sorted(days_of[a]):
            length = length + 1 if last is not None and day - last == one_day else 1
            longest, last = max(longest, length), day
        return longest <= max_run

    def rested(a: int, day: pd.Timestamp) -> bool:
        mine = days_of[a]
        for first in (day - one_day, day):
            today, tomorrow = mine.get(first), mine.get(first + one_day)
            if today is not None and tomorrow is not None and tomorrow.start - today.end < rest:
                return False
        return True

    def trade(high: int, low: int) -> bool:
        mine, theirs = days_of[high], days_of[low]
        for d1 in sorted(mine):
            if not weekend(d1) or d1 in frozen or d1 in theirs or d1 in team[low].unavailable:
                continue
            week = d1.isocalendar()[:2]
            for d2 in sorted(theirs):
                if (
                    weekend(d2)
                    or d2 in frozen
                    or d2 in mine
                    or d2 in team[high].unavailable
                    or d2.isocalendar()[:2] != week
                    or d2.month != d1.month  # overtime is capped per calendar month
                ):
                    continue
                o1, o2 = mine[d1], theirs[d2]
                if (o1.paid_hours, o1.overtime_hours) != (o2.paid_hours, o2.overtime_hours):
                    continue
                del mine[d1], theirs[d2]
                mine[d2], theirs[d1] = o2, o1
                if within_run(high) and within_run(low) and rested(high, d2) and rested(low, d1):
                    return True
                del mine[d2], theirs[d1]
                mine[d1], theirs[d2] = o1, o2
        return False

    movers = [a for a in days_of if a in movable]
    load: dict[int, float] = {a: sum(weekend(d) for d in days_of[a]) for a in movers}

    def move(high: int, low: int) -> bool:
        if not trade(high, low):
            return False
        load[high] -= 1
        load[low] += 1
        return True

    for members in _skill_groups(movers, team):
        rounds = 10 * sum(len(days_of[a]) for a in members) + 10
        _even_out(members, load, 2.0, rounds, move)
    return {(a, day): o for a, mine in days_of.items() for day, o in mine.items()}


def spread_unsocial_hours(
    tours: dict[tuple[int, pd.Timestamp], ShiftOption],
    team: Sequence[Agent],
    rest: pd.Timedelta,
    frozen: frozenset[pd.Timestamp] = frozenset(),
    earliest: Mapping[int, pd.Timestamp] | None = None,
) -> dict[tuple[int, pd.Timestamp], ShiftOption]:
    """Even out night shifts over the FT team, then evening hours (19:00-07:00) with each
    agent's nights kept, without changing cost, coverage or anyone's working days.

    Two agents of the same skills who both work a run of 1-3 days may exchange their
    shifts over it when both keep their rest at its ends and the run's paid and overtime
    hours are the same for both; exchanges that narrow the gap between the two are made
    until none is left. Days in ``frozen`` (the eve a previous roster published) stay; no
    agent gets a shift starting before ``earliest`` (a previous roster's last shift and the
    rest after it: a 晚班 to 24:00 on the eve was followed by a 07:00 早班). Runs stay inside
    a calendar month (overtime is capped per month).
    """
    tours = _spread(
        tours,
        team,
        rest,
        frozen,
        earliest=earliest or {},
        burden=lambda o: float(_is_night(o)),
        gap=2.0,
        kept=lambda o: (o.paid_hours, o.overtime_hours),
    )
    return _spread(
        tours,
        team,
        rest,
        frozen,
        earliest=earliest or {},
        burden=lambda o: evening_hours(o.start, o.end),
        gap=EVENING_GAP,
        kept=lambda o: (o.paid_hours, o.overtime_hours, float(_is_night(o))),
    )


EVENING_GAP = 4.0
"""Evening hours between two agents worth an exchange: about half a 晚班's evening. [h]"""


def _spread(
    tours: dict[tuple[int, pd.Timestamp], ShiftOption],
    team: Sequence[Agent],
    rest: pd.Timedelta,
    frozen: frozenset[pd.Timestamp],
    *,
    earliest: Mapping[int, pd.Timestamp],
    burden: Callable[[ShiftOption], float],
    gap: float,
    kept: Callable[[ShiftOption], tuple[float, ...]],
) -> dict[tuple[int, pd.Timestamp], ShiftOption]:
    """Exchange runs of 1-3 shared working days between agents of the same skills, the most
    burdened with the least first, while an exchange narrows a gap of at least ``gap``;
    the runs' ``kept`` sums must match (paid hours, overtime, nights)."""
    one_day = pd.Timedelta(days=1)
    days_of = _by_agent(tours)
    weight = {o.index: burden(o) for o in tours.values()}
    same = {o.index: np.array(kept(o), dtype=float) for o in tours.values()}
    load = {a: sum(weight[o.index] for o in mine.values()) for a, mine in days_of.items()}

    def rested(a: int, days: list[pd.Timestamp]) -> bool:
        mine = days_of[a]
        ready = earliest.get(a)
        if ready is not None and any(mine[d].start < ready for d in days):
            return False
        for day in [days[0] - one_day, *days]:
            today, tomorrow = mine.get(day), mine.get(day + one_day)
            if today is not None and tomorrow is not None and tomorrow.start - today.end < rest:
                return False
        return True

    def exchange(a: int, b: int, days: list[pd.Timestamp]) -> None:
        for day in days:
            days_of[a][day], days_of[b][day] = days_of[b][day], days_of[a][day]

    def improve(high: int, low: int) -> bool:
        """One exchange that narrows the gap between ``high`` and ``low``."""
        room = load[high] - load[low]
        mine_of, theirs_of = days_of[high], days_of[low]
        for day in sorted(mine_of):
            if day in frozen or weight[mine_of[day].index] <= 0:
                continue
            mine = theirs = 0.0
            kept_gap = np.zeros_like(same[mine_of[day].index])
            days: list[pd.Timestamp] = []
            for k in range(3):
                d = day + k * one_day
                if d in frozen or d not in mine_of or d not in theirs_of or d.month != day.month:
                    break
                days.append(d)
                mine += weight[mine_of[d].index]
                theirs += weight[theirs_of[d].index]
                kept_gap += same[mine_of[d].index] - same[theirs_of[d].index]
                if not 0 < mine - theirs < room or np.abs(kept_gap).max() > 1e-9:
                    continue
                exchange(high, low, days)
                if rested(high, days) and rested(low, days):
                    load[high] -= mine - theirs
                    load[low] += mine - theirs
                    return True
                exchange(high, low, days)
        return False

    for members in _skill_groups(list(days_of), team):
        rounds = 20 * sum(len(days_of[a]) for a in members) + 10
        _even_out(members, load, gap, rounds, improve)
    return {(a, day): o for a, mine in days_of.items() for day, o in mine.items()}


def _match(
    people: list[dict[str, Any]],
    blocks: list[ShiftOption],
    rest: pd.Timedelta,
    config: PlanConfig,
    kind: str,
    by_day: dict[pd.Timestamp, list[dict[str, Any]]],
    last_day: pd.Timestamp | None = None,
) -> list[dict[str, Any] | None]:
    """Who works each of one day's blocks: a maximum matching of blocks to the people free
    for them (rest since their last shift, weekly hours, availability), preferring those who
    worked yesterday (outsourced bookings continue) or, for part-timers, those whose week
    still has room for the longest block on each of its remaining days (up to ``last_day``),
    then those with the fewest hours this week: a part-timer on every day of a busy week
    can only hold short blocks, so the long ones go to those who will have a day off.
    ``None`` where nobody fits: the caller adds an agent."""
    if not blocks:
        return []
    if kind == "OUT":
        lengths = {t.name: booking_days(config, t) for t in config.shifts if t.kind == "OUT"}
        return _continue_bookings(people, blocks, rest, by_day, lengths)
    candidates = people
    pool = list({id(p): p for p in candidates}.values())
    if not pool:
        return [None] * len(blocks)
    cap = config.labour.pt_max_hours_per_week if kind == "PT" else float("inf")
    longest = max((t.paid_hours for t in config.shifts if t.kind == "PT"), default=0.0)
    big = 1e9
    # one day's blocks (the caller's), so the day, its week and the people free that day
    # are shared: the matrix is built by whole rows and columns (1,700 part-timers × 1,000
    # blocks a day took a minute as a double loop)
    day = blocks[0].day
    assert all(o.day == day for o in blocks)
    monday = day - pd.Timedelta(days=day.day_of_week)
    sunday = monday + pd.Timedelta(days=6)
    left = max(((sunday if last_day is None else min(sunday, last_day)) - day).days, 0)
    free = np.array([day not in p["days"] and day not in p["away"] for p in pool])
    week = np.array([p["week"].get(monday, 0.0) for p in pool])
    worked = np.array([p["last_end"] is not None for p in pool])
    ended = pd.DatetimeIndex([p["last_end"] if p["last_end"] is not None else day for p in pool])
    starts = pd.DatetimeIndex([o.start for o in blocks])
    gap = starts.as_unit("ns").asi8[:, None] - ended.as_unit("ns").asi8[None, :]
    rested = ~worked[None, :] | (gap >= rest.as_unit("ns").value)
    paid = np.array([o.paid_hours for o in blocks])
    fits = free[None, :] & rested & (week[None, :] + paid[:, None] <= cap + 1e-9)
    if kind == "PT":
        run = np.array([_run_through(p["days"], day) for p in pool])
        fits &= (run <= config.labour.pt_max_consecutive_days)[None, :]
        over = np.maximum(0.0, week[None, :] + paid[:, None] + longest * left - cap)
        # off the member's planned days (:func:`_plan_days`) only where others cannot work
        resting = np.array([day not in p.get("plan", (day,)) for p in pool])
        value = 1000 * over + week[None, :] + REST_DAY_WEIGHT * resting[None, :]
    else:
        value = np.broadcast_to(np.arange(len(pool), dtype=float), fits.shape)
    cost = np.where(fits, value, big)
    rows_, cols = linear_sum_assignment(cost)
    chosen: list[dict[str, Any] | None] = [None] * len(blocks)
    for i, j in zip(rows_, cols, strict=True):
        if cost[i, j] < big:
            chosen[i] = pool[j]
    return chosen


def _continue_bookings(
    people: list[dict[str, Any]],
    blocks: list[ShiftOption],
    rest: pd.Timedelta,
    by_day: dict[pd.Timestamp, list[dict[str, Any]]],
    lengths: Mapping[str, int],
) -> list[dict[str, Any] | None]:
    """Outsourced bookings run on, each on its own template (supplier: an agency's seat is
    not a crowd-sourced block): each block (in start order) goes to yesterday's agent of the
    same template who finished earliest and has rested enough, then to named agents not yet
    booked; ``None`` where a new agent is booked. Agents still inside their template's
    minimum booking (``lengths`` days) are placed first, so those who leave are the ones
    whose booking is done. The program books each template so (``out_book`` rows), so a
    booking is never cut short; handing blocks across templates made 1-day agency bookings
    in the order (75 of the sample's 11-11 外包 seats)."""
    yesterday = blocks[0].day - pd.Timedelta(days=1)

    def booked(person: dict[str, Any]) -> int:
        run, day = 0, yesterday
        while day in person["days"]:
            run, day = run + 1, day - pd.Timedelta(days=1)
        return run

    today = blocks[0].day  # the caller passes one day's blocks
    chosen: list[dict[str, Any] | None] = [None] * len(blocks)
    for name in dict.fromkeys(o.template.name for o in blocks):
        mine = [i for i, o in enumerate(blocks) if o.template.name == name]
        taken = {id(p) for p in chosen if p is not None}  # one block a day per person
        waiting = sorted(
            (
                p
                for p in by_day.get(yesterday, [])
                if today not in p["away"]
                and p.get("template") in (name, None)
                and id(p) not in taken
            ),
            key=lambda p: p["last_end"],
        )
        length = lengths.get(name, 1)
        runs = {id(p): booked(p) for p in waiting}
        # the shortest bookings first: they have the most days still owed (a carry-in
        # agent's first day counts one day short here, the eve being outside the horizon,
        # and kept ahead of a new one it made the new one's booking a single day)
        groups = [[p for p in waiting if runs[id(p)] == k] for k in range(1, length)]
        groups.append([p for p in waiting if runs[id(p)] >= length])
        for group in groups:  # blocks in start order, agents in end order: greedy
            for i in mine:  # is a maximum matching within each group
                o = blocks[i]
                if chosen[i] is None and group and o.start - group[0]["last_end"] >= rest:
                    chosen[i] = group.pop(0)
    fresh = [p for p in people if p["named"] and not p["days"] and today not in p["away"]]
    for i in range(len(blocks)):
        if chosen[i] is None and fresh:
            chosen[i] = fresh.pop(0)
    return chosen


def _person(ident: str, name: str, away: frozenset[pd.Timestamp], named: bool) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "hours": 0.0,
        "last_end": None,
        "week": {},
        "days": set(),
        "away": away,
        "named": named,
        "template": None,  # outsourced: the template (supplier) of the booking
    }


def _plan_days(model: _Model, people: list[dict[str, Any]]) -> None:
    """Each pool member's working days (``person["plan"]``), before any block is named:
    the days' part-time blocks handed round the pool in a circle, each day's to the next
    members on from the last day's (skipping those away). The program keeps at most
    ``pool × c`` blocks in any ``c + 1`` days (``pt_run``), so a circle passes each member
    at most ``c`` times in those days: every member works at most ``c`` days in a row and
    the days off fall where the pool has room, staggered (a member free today is the one
    whose turn comes last). The naming keeps to the plan where it can."""
    members = [p for p in people if p["named"]]
    if not members:
        return
    counts: dict[pd.Timestamp, int] = defaultdict(int)
    for (oi, _), var in model.z.items():
        o = model.options[oi]
        if o.template.kind == "PT":
            counts[o.day] += _value(var)
    for p in members:
        p["plan"] = set()
    at = 0
    for day in sorted(counts):
        start = at % len(members)
        ring = members[start:] + members[:start]
        chosen = [p for p in ring if day not in p["away"]][: counts[day]]
        for p in chosen:
            p["plan"].add(day)
        if chosen:
            at = members.index(chosen[-1]) + 1


def _run_through(days: Container[pd.Timestamp], day: pd.Timestamp) -> int:
    """Days in a row ``day`` would make with ``days`` (worked days) on either side of it."""
    one = pd.Timedelta(days=1)
    before = after = 0
    while day - (before + 1) * one in days:
        before += 1
    while day + (after + 1) * one in days:
        after += 1
    return before + 1 + after


def _row(agent: str, name: str, o: ShiftOption, queue: str, b0: Any, b1: Any) -> dict[str, Any]:
    return {
        "agent": agent,
        "name": name,
        "kind": o.template.kind,
        "date": o.day,
        "shift": o.template.name,
        "code": o.template.code,
        "start": o.start,
        "end": o.end,
        "queue": queue,
        "break_start": b0,
        "break_end": b1,
        "overtime_hours": o.overtime_hours,
    }


def paid_hours_floor(
    required: np.ndarray, stamps: pd.DatetimeIndex, config: PlanConfig
) -> float | None:
    """The fewest paid hours that could cover the requirement at all [h]: the LP relaxation
    of covering the headcount summed over queues with every template (and FT overtime
    length) at every start of the grid on every day (the day before included), breaks placed
    freely inside their windows, outsourced agents at ``out_productivity``, and no team size,
    days-off, rest, booking or part-time rule. A roster's paid hours over this floor measure
    what the rules and the templates' start windows cost; ``None`` if the LP cannot be
    solved."""
    return _cover_relaxation(required, stamps, config)


def cost_floor(
    required: np.ndarray, stamps: pd.DatetimeIndex, config: PlanConfig, penalty: float
) -> float | None:
    """A lower bound on the roster program's objective [CNY]: the same rules-free covering
    LP as :func:`paid_hours_floor`, priced (overtime at the lowest premium) with shortfall
    allowed at ``penalty`` per agent-hour (the lowest queue's). Every roster the program can
    choose is a solution of it, so it bounds any roster, also one cut by the clock."""
    return _cover_relaxation(required, stamps, config, penalty)


def _cover_relaxation(
    required: np.ndarray,
    stamps: pd.DatetimeIndex,
    config: PlanConfig,
    penalty: float | None = None,
) -> float | None:
    """:func:`paid_hours_floor` (``penalty`` None: paid hours) or :func:`cost_floor`."""
    from scipy.optimize import linprog
    from scipy.sparse import csc_matrix

    need = np.asarray(required, dtype=float).sum(axis=1)
    n = len(stamps)
    if n == 0 or need.sum() <= 0:
        return 0.0
    minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1)) if n > 1 else 60
    per_day = 1440 // minutes
    first_day = -per_day  # option starts from the day before, in grid steps
    labour = config.labour
    extra = int(np.floor(labour.ft_overtime_max_hours_per_day + 1e-9))
    premium = min(
        labour.overtime_premium_workday,
        labour.overtime_premium_rest_day,
        labour.overtime_premium_holiday,
    )
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    cost: list[np.ndarray] = []
    eq: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # option = sum of its breaks
    column = links = 0
    positive = np.concatenate([[0], np.cumsum(need > 0)])

    def block(starts: np.ndarray, width: int, first: int, weight: float) -> None:
        """Columns ``column..`` covering ``[start + first, start + first + width)``."""
        nonlocal column
        spans = starts[:, None] + first + np.arange(width)[None, :]
        keep = (spans >= 0) & (spans < n)
        ids = column + np.arange(len(starts))
        rows.append(spans[keep])
        cols.append(np.broadcast_to(ids[:, None], spans.shape)[keep])
        vals.append(np.full(int(keep.sum()), weight))
        column += len(starts)

    variants = [
        (template, added)
        for template in config.shifts
        for added in (range(extra + 1) if template.kind == "FT" else range(1))
    ]
    for template, added in variants:
        weight = config.labour.out_productivity if template.kind == "OUT" else 1.0
        span = int(np.ceil((template.length_minutes + 60 * added) / minutes))
        hours = float(template.paid_hours + added)
        if penalty is None:
            price = hours
        else:
            rate = config.cost_per_paid_hour(template)
            price = template.paid_hours * rate + added * rate * premium
        length = int(np.ceil(template.break_minutes / minutes)) if template.break_minutes else 0
        offsets: list[int] = []
        if length and template.break_window_hours:
            earliest, latest = template.break_window_hours
            lo = int(np.ceil(earliest * 60 / minutes))
            hi = int(np.floor(latest * 60 / minutes + 1e-9))
            offsets = [b for b in range(lo, hi + 1) if b + length <= span] or [lo]
        starts = np.arange(first_day, n)
        lo_, hi_ = np.clip(starts, 0, n), np.clip(starts + span, 0, n)
        starts = starts[positive[hi_] - positive[lo_] > 0]  # spans some need
        if not len(starts):
            continue
        option = column + np.arange(len(starts))
        block(starts, span, 0, weight)
        cost.append(np.full(len(starts), price))
        for b in offsets:
            brk = column + np.arange(len(starts))
            block(starts, length, b, -weight)
            cost.append(np.zeros(len(starts)))
            eq.append((links + np.arange(len(starts)), brk, -np.ones(len(starts))))
        if offsets:
            eq.append((links + np.arange(len(starts)), option, np.ones(len(starts))))
            links += len(starts)
    if not column:
        return None
    if penalty is not None:  # shortfall, one column per interval
        rows.append(np.arange(n))
        cols.append(column + np.arange(n))
        vals.append(np.ones(n))
        cost.append(np.full(n, penalty * minutes / 60))
        column += n
    cover = csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, column)
    )
    equal = None
    if links:
        equal = csc_matrix(
            (
                np.concatenate([v for _, _, v in eq]),
                (np.concatenate([r for r, _, _ in eq]), np.concatenate([c for _, c, _ in eq])),
            ),
            shape=(links, column),
        )
    result = linprog(
        np.concatenate(cost),
        A_ub=-cover,
        b_ub=-need,
        A_eq=equal,
        b_eq=np.zeros(links) if links else None,
        bounds=(0, None),
        method="highs",
    )
    return float(result.fun) if result.status == 0 else None
