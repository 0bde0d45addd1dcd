"""Roster optimiser: full-time, part-time and outsourced shifts by integer programming.

From the requirements (``DESIGN.md`` §4) to the shifts that run each day, how many agents of
each kind are on them, and who works when, at the lowest cost that covers the need — or, where
the team cannot, exactly where and by how much it falls short.

What is covered
---------------
The ``headcount`` column: agents on chat divided by ``1 − shrinkage``, i.e. the people who
must be present. Meal breaks are scheduled explicitly here (an agent on break is not
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
where it is worst and the rule that binds there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pulp
from scipy.optimize import linear_sum_assignment

from forecaster.capacity import effective_uplift
from forecaster.config import PlanConfig, ShiftTemplate
from forecaster.errors import InfeasiblePlanError, InputDataError

Progress = Callable[[str], None]
KINDS = ("FT", "PT", "OUT")
GRACE_SECONDS = 5.0
"""How long past the time limit a solver call may run before it is interrupted: CBC's own
limit does not count reading the model or its root relaxation (20 s of a 30 s limit on the
sample's 40-day window)."""
ROOT_PENDING = "solving the root relaxation"
ROOT_SHARE = 0.5
"""Second phase: share of its time by which the root relaxation must be solved, or the first
phase's roster stands (on the sample's 40-day window it alone takes 20 s)."""
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


def read_agents(path: str | Path) -> list[Agent]:
    """Read ``agents.csv``: ``agent, name, kind, queues, unavailable`` (queues and dates
    separated by ``;`` or ``|``; ``kind`` FT/PT/OUT or 全职/兼职/外包)."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig").fillna("")
    except FileNotFoundError:
        raise InputDataError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputDataError(f"{path.name}: not a readable CSV file ({error})") from None
    missing = [c for c in ("agent", "kind") if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"{path.name} is missing column {missing[0]!r}; found {list(frame.columns)}"
        )
    kinds = {"FT": "FT", "PT": "PT", "OUT": "OUT", "全职": "FT", "兼职": "PT", "外包": "OUT"}
    agents, problems = [], []
    seen: set[str] = set()
    for i, row in frame.iterrows():
        line = int(str(i)) + 2
        agent = row["agent"].strip()
        kind = kinds.get(row["kind"].strip().upper(), kinds.get(row["kind"].strip()))
        if not agent:
            problems.append(f"{path.name} row {line}, column agent: must not be empty")
            continue
        if agent in seen:
            problems.append(f"{path.name} row {line}, column agent: duplicate agent {agent!r}")
        seen.add(agent)
        if kind is None:
            problems.append(
                f"{path.name} row {line}, column kind: must be FT, PT or OUT, got {row['kind']!r}"
            )
            continue
        dates: set[pd.Timestamp] = set()
        for text in re.split(r"[;|,\s]+", row.get("unavailable", "").strip()):
            if not text:
                continue
            stamp = pd.to_datetime(text, errors="coerce")
            if pd.isna(stamp):
                problems.append(
                    f"{path.name} row {line}, column unavailable: {text!r} is not a date"
                )
            else:
                dates.add(pd.Timestamp(stamp).normalize())
        queues = tuple(q for q in re.split(r"[;|,\s]+", row.get("queues", "").strip()) if q)
        agents.append(
            Agent(agent, row.get("name", "").strip() or agent, kind, queues, frozenset(dates))
        )
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


def shift_options(
    config: PlanConfig,
    stamps: pd.DatetimeIndex,
    queues: Sequence[str],
    campaign_days: frozenset[pd.Timestamp],
) -> list[ShiftOption]:
    """Every template × start × day option whose shift touches the grid."""
    minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1)) if len(stamps) > 1 else 15
    first = stamps[0]
    n = len(stamps)
    days = pd.date_range(first.normalize(), stamps[-1].normalize(), freq="D")
    options: list[ShiftOption] = []
    for day in days:
        for template in config.shifts:
            if not template.works_on(day.day_of_week, campaign_day=day in campaign_days):
                continue
            served = tuple(q for q in template.queues if q in queues)
            if not served:
                continue
            for start_minute in template.start_minutes:
                start = day + pd.Timedelta(minutes=start_minute)
                end = start + pd.Timedelta(minutes=template.length_minutes)
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
                        paid_hours=float(template.paid_hours),
                        cost=float(template.paid_hours) * config.cost_per_paid_hour(template),
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
        carry_in: frozenset[str] = frozenset(),
    ) -> None:
        self.config = config
        self.carry_in = carry_in  # OUT templates that may run the day before the horizon
        self.required = required  # (intervals, queues)
        self.stamps = stamps
        self.queues = list(queues)
        self.options = options
        self.ft_agents = list(ft_agents)
        self.minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1))
        self.prob = pulp.LpProblem("roster", pulp.LpMinimize)
        self.days = pd.date_range(stamps[0].normalize(), stamps[-1].normalize(), freq="D")
        self._variables(penalties)
        self._add_cover()
        self._add_ft_day()
        self._add_ft_week()
        self._add_ft_run()
        self._add_ft_rest()
        self._add_pt_day()
        self._add_pt_week()
        self._add_pt_rest()
        self._add_pt_share()
        self._add_out_booking()
        self._add_ft_skills()

    # ---- variables and objective
    def _variables(self, penalties: Sequence[float]) -> None:
        self.x: dict[tuple[int, int], pulp.LpVariable] = {}
        self.z: dict[tuple[int, str], pulp.LpVariable] = {}
        self.k: dict[tuple[int, str, int], pulp.LpVariable] = {}
        for o in self.options:
            tag = f"{o.template.code}_{o.start:%Y%m%dT%H%M}"
            if o.template.kind == "FT":
                for a, agent in enumerate(self.ft_agents):
                    if o.day in agent.unavailable:
                        continue
                    if agent.queues and not set(agent.queues) & set(o.queues):
                        continue
                    self.x[(a, o.index)] = self.prob.add_variable(f"x_{a}_{tag}", cat="Binary")
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
        hours = self.minutes / 60
        cost = pulp.lpSum(o.cost * self.z[(o.index, q)] for o in self.options for q in o.queues)
        shortfall = pulp.lpSum(
            penalties[self.queues.index(q)] * hours * var for (t, q), var in self.s.items()
        )
        self.prob += cost + shortfall, "labour_cost_plus_shortfall_penalty"
        self.penalty_expr = shortfall
        # link FT agents and queue counts, and breaks
        by_option: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        for (_, oi), var in self.x.items():
            by_option[oi].append(var)
        for o in self.options:
            tag = f"{o.template.code}_{o.start:%Y%m%dT%H%M}"
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

    # ---- constraint families
    def _add_cover(self) -> None:
        terms: dict[tuple[int, str], list[tuple[pulp.LpVariable, float]]] = defaultdict(list)
        n = len(self.stamps)
        for o in self.options:
            lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
            for q in o.queues:
                var = self.z[(o.index, q)]
                for t in range(lo, hi):
                    terms[(t, q)].append((var, 1.0))
                for b, (b0, b1) in enumerate(o.breaks):
                    kv = self.k[(o.index, q, b)]
                    for t in range(max(b0, 0), min(b1, n)):
                        terms[(t, q)].append((kv, -1.0))
        for (t, q), svar in self.s.items():
            need = float(self.required[t, self.queues.index(q)])
            expr = pulp.LpAffineExpression(terms.get((t, q), []) + [(svar, 1.0)])
            self.prob += expr >= need, f"cover_{q}_{self.stamps[t]:%Y%m%dT%H%M}"

    def _ft_days(self) -> dict[tuple[int, pd.Timestamp], list[pulp.LpVariable]]:
        out: dict[tuple[int, pd.Timestamp], list[pulp.LpVariable]] = defaultdict(list)
        for (a, oi), var in self.x.items():
            out[(a, self.options[oi].day)].append(var)
        return out

    def _add_ft_day(self) -> None:
        for (a, day), vars_ in self._ft_days().items():
            self.prob += pulp.lpSum(vars_) <= 1, f"ft_day_{a}_{day:%Y%m%d}"

    def _add_ft_week(self) -> None:
        labour = self.config.labour
        per_day = self._ft_days()
        weeks: dict[pd.Timestamp, list[pd.Timestamp]] = defaultdict(list)
        for day in self.days:
            weeks[day - pd.Timedelta(days=day.day_of_week)].append(day)
        work = 7 - labour.ft_days_off_per_week
        for a, agent in enumerate(self.ft_agents):
            for monday, days in weeks.items():
                vars_ = [v for d in days for v in per_day.get((a, d), [])]
                if not vars_:
                    continue
                expr = pulp.lpSum(vars_)
                self.prob += expr <= min(work, len(days)), f"ft_week_max_{a}_{monday:%Y%m%d}"
                if len(days) == 7:
                    away = sum(1 for d in days if d in agent.unavailable)
                    least = max(work - away, 0)
                    if least:
                        self.prob += expr >= least, f"ft_week_min_{a}_{monday:%Y%m%d}"

    def _add_ft_run(self) -> None:
        cap = self.config.labour.ft_max_consecutive_days
        per_day = self._ft_days()
        if len(self.days) <= cap:
            return
        for a in range(len(self.ft_agents)):
            for i in range(len(self.days) - cap):
                window = self.days[i : i + cap + 1]
                vars_ = [v for d in window for v in per_day.get((a, d), [])]
                if vars_:
                    self.prob += pulp.lpSum(vars_) <= cap, f"ft_run_{a}_{window[0]:%Y%m%d}"

    def _add_ft_rest(self) -> None:
        """An FT agent rests ``min_rest_hours`` between days, as one clique per start time
        ``c`` of day ``d+1``: of the shifts of day ``d`` ending after ``c − rest`` and those
        of ``d+1`` starting at or before ``c``, every pair clashes, so the agent works at most
        one of them. These cover every clashing pair (take ``c`` = the later shift's start),
        with far fewer rows and a tighter relaxation than one row per pair (206k rows → 13k
        on the sample's 40 days); a cut whose late set equals the next cut's is dropped,
        the next one containing it."""
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "FT":
                by_day[o.day].append(o)
        cliques = [
            cut
            for day in self.days
            for cut in _rest_cuts(
                by_day.get(day, []), by_day.get(day + pd.Timedelta(days=1), []), rest
            )
        ]
        for a in range(len(self.ft_agents)):
            for cut, late, early in cliques:
                vars_ = [self.x[(a, o.index)] for o in late + early if (a, o.index) in self.x]
                if len(vars_) > 1:
                    self.prob += pulp.lpSum(vars_) <= 1, f"ft_rest_{a}_{cut:%Y%m%dT%H%M}"

    def _count(self, o: ShiftOption) -> pulp.LpAffineExpression:
        return pulp.lpSum(self.z[(o.index, q)] for q in o.queues)

    def _add_ft_skills(self) -> None:
        """FT agents limited to some queues (``agents.csv``) only count for those."""
        if not any(agent.queues for agent in self.ft_agents):
            return
        for o in self.options:
            if o.template.kind != "FT" or len(o.queues) < 2:
                continue
            for q in o.queues:
                able = [
                    var
                    for (a, oi), var in self.x.items()
                    if oi == o.index
                    and (not self.ft_agents[a].queues or q in self.ft_agents[a].queues)
                ]
                self.prob += (
                    self.z[(o.index, q)] <= pulp.lpSum(able),
                    f"ft_skill_{q}_{o.template.code}_{o.start:%Y%m%dT%H%M}",
                )

    def _add_pt_day(self) -> None:
        pool = self.config.labour.pt_pool
        for day in self.days:
            pts = [o for o in self.options if o.template.kind == "PT" and o.day == day]
            if pts:
                self.prob += pulp.lpSum(self._count(o) for o in pts) <= pool, f"pt_day_{day:%Y%m%d}"

    def _add_pt_week(self) -> None:
        labour = self.config.labour
        weeks: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "PT":
                weeks[o.day - pd.Timedelta(days=o.day.day_of_week)].append(o)
        for monday, opts in weeks.items():
            self.prob += (
                pulp.lpSum(o.paid_hours * self._count(o) for o in opts)
                <= labour.pt_pool * labour.pt_max_hours_per_week,
                f"pt_week_{monday:%Y%m%d}",
            )

    def _add_pt_rest(self) -> None:
        """Part-timers rest ``min_rest_hours`` too: for every start time ``c`` on day ``d+1``,
        the blocks of day ``d`` ending after ``c − rest`` and the blocks of ``d+1`` starting
        before ``c`` pairwise clash, so one part-timer works at most one of them."""
        pool = self.config.labour.pt_pool
        rest = pd.Timedelta(hours=self.config.labour.min_rest_hours)
        by_day: dict[pd.Timestamp, list[ShiftOption]] = defaultdict(list)
        for o in self.options:
            if o.template.kind == "PT":
                by_day[o.day].append(o)
        for day in self.days:
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

    def _add_out_booking(self) -> None:
        length = self.config.labour.out_min_booking_days
        if length <= 1:
            return
        for template in {
            o.template.name: o.template for o in self.options if o.template.kind == "OUT"
        }.values():
            daily = {
                day: pulp.lpSum(
                    self._count(o) for o in self.options if o.template is template and o.day == day
                )
                for day in self.days
            }
            starts = {
                day: self.prob.add_variable(f"w_{template.code}_{day:%Y%m%d}", lowBound=0)
                for day in self.days
            }
            # agents booked since the day before the horizon, if the template runs then
            carried: pulp.LpVariable | int = 0
            if template.name in self.carry_in:
                carried = self.prob.add_variable(f"w_{template.code}_carry_in", lowBound=0)
                self.prob += carried <= daily[self.days[0]], f"out_carry_{template.code}"
            previous: pulp.LpAffineExpression | pulp.LpVariable | int = carried
            for i, day in enumerate(self.days):
                self.prob += (
                    starts[day] >= daily[day] - previous,
                    f"out_start_{template.code}_{day:%Y%m%d}",
                )
                window = self.days[max(0, i - length + 1) : i + 1]
                still = carried if i <= length - 2 else 0
                self.prob += (
                    pulp.lpSum(starts[d] for d in window) + still <= daily[day],
                    f"out_book_{template.code}_{day:%Y%m%d}",
                )
                previous = daily[day]
            self._add_out_rest(template, daily, starts)

    def _add_out_rest(
        self,
        template: ShiftTemplate,
        daily: dict[pd.Timestamp, pulp.LpAffineExpression],
        starts: dict[pd.Timestamp, pulp.LpVariable],
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
        for day, following in zip(self.days[:-1], self.days[1:], strict=True):
            for cut, late, early in _rest_cuts(
                by_day.get(day, []), by_day.get(following, []), rest
            ):
                self.prob += (
                    pulp.lpSum(self._count(o) for o in late + early)
                    <= daily[day] + starts[following],
                    f"out_rest_{template.code}_{cut:%Y%m%dT%H%M}",
                )

    # ---- a feasible start
    def set_start(self) -> float:
        """A feasible roster by rule, as the solver's starting point: every FT agent works
        one fixed shift on a staggered pattern of on and off days that keeps the week, the
        run and the rest rules; no part-time or outsourced agents; the rest is shortfall.
        Returns its objective."""
        for var in self.prob.variables():
            var.setInitialValue(0.0, check=False)
        ft = [o for o in self.options if o.template.kind == "FT"]
        labour = self.config.labour
        work = 7 - labour.ft_days_off_per_week
        pattern = _week_pattern(work, labour.ft_max_consecutive_days)
        if ft and pattern is not None:
            # the FT start with the most required agent-hours in its span, every day
            need = self.required.sum(axis=1)
            key = max(
                {(o.template.code, o.start.time()) for o in ft},
                key=lambda k: sum(
                    need[max(o.cover[0], 0) : o.cover[1]].sum()
                    for o in ft
                    if (o.template.code, o.start.time()) == k
                ),
            )
            daily = {o.day: o for o in ft if (o.template.code, o.start.time()) == key}
            for a, agent in enumerate(self.ft_agents):
                for i, day in enumerate(self.days):
                    o = daily.get(day)
                    var = self.x.get((a, o.index)) if o else None
                    if o is None or var is None or not pattern[(i + a) % 7]:
                        continue
                    var.setInitialValue(1.0)
                    q = next(
                        (q for q in o.queues if not agent.queues or q in agent.queues),
                        o.queues[0],
                    )
                    z = self.z[(o.index, q)]
                    z.setInitialValue((z.varValue or 0.0) + 1)
                    if o.breaks:
                        k = self.k[(o.index, q, 0)]
                        k.setInitialValue((k.varValue or 0.0) + 1)
        present = np.zeros(self.required.shape)
        n = len(self.stamps)
        for o in self.options:
            for qi, q in enumerate(self.queues):
                count = self.z[(o.index, q)].varValue if q in o.queues else 0
                if not count:
                    continue
                present[max(o.cover[0], 0) : min(o.cover[1], n), qi] += count
                if o.breaks:
                    b0, b1 = o.breaks[0]
                    present[max(b0, 0) : min(b1, n), qi] -= count
        for (t, q), var in self.s.items():
            qi = self.queues.index(q)
            var.setInitialValue(max(float(self.required[t, qi] - present[t, qi]), 0.0))
        return float(pulp.value(self.prob.objective) or 0.0)

    # ---- solving
    def lp_relaxation(self) -> float | None:
        """Objective of the LP relaxation (every integer variable continuous) [CNY]."""
        available = pulp.listSolvers(onlyAvailable=True)
        solver = (
            pulp.HiGHS(msg=False, mip=False) if "HiGHS" in available else _cbc(msg=False, mip=False)
        )
        self.prob.solve(solver)
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
    ) -> float | None:
        """One solver call that ends by ``deadline`` (a ``time.perf_counter`` value); returns
        the solver's lower bound (``None`` if unknown)."""
        gap = self.config.solver.gap_rel
        if name == "highs":
            self.prob.solve(pulp.HiGHS(msg=False, timeLimit=limit, gapRel=gap))
            try:
                bound = float(self.prob.solverModel.getInfo().mip_dual_bound)
            except (AttributeError, RuntimeError, TypeError):  # the bound is informative
                return None
        else:
            _solve_cbc(self.prob, limit, gap, log_path, deadline, say, root_by)
            found = _cbc_bound(log_path.read_text(errors="ignore") if log_path.exists() else "")
            if found is None:
                return None
            bound = found
        return bound if np.isfinite(bound) else None

    def solve(self, progress: Progress | None) -> dict[str, Any]:
        """Solve in two phases within the time limit: first with the FT tours fixed to the
        rule-based start (a small, easy program that always finds a roster fast), then the
        whole program, whose roster is kept if it is better (and whose bound is reported)."""
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
            return self._solve_phases(name, log_path, progress)
        finally:
            log_path.unlink(missing_ok=True)

    def _solve_phases(self, name: str, log_path: Path, progress: Progress | None) -> dict[str, Any]:
        """:meth:`solve` with its solver chosen and its log file made."""
        solver_cfg = self.config.solver
        limit = float(solver_cfg.time_limit_seconds)
        if progress:
            progress(
                f"solving with {name.upper()}: {self.prob.numVariables():,} variables, "
                f"{self.prob.numConstraints():,} constraints, time limit {limit:g} s, "
                f"gap {solver_cfg.gap_rel:.2%}"
            )
        began = time.perf_counter()
        say = progress or (lambda line: None)
        start_cost = self.set_start()
        incumbent: dict[str, float] | None = None
        if self.x:
            bounds = {v.name: (v.lowBound, v.upBound) for v in self.x.values()}
            for v in self.x.values():
                v.bounds(v.varValue, v.varValue)
            # phase 1 is the fallback roster: it may use the whole limit (it usually stops at
            # the gap within seconds, but took 25 s on the 40-day sample at 50 % bot rate)
            self._run(name, limit, log_path, began + limit + GRACE_SECONDS, say)
            if self.prob.sol_status in (1, 2):
                incumbent = {v.name: v.varValue or 0.0 for v in self.prob.variables()}
            for v in self.x.values():
                v.bounds(*bounds[v.name])
            if progress and incumbent is not None:
                progress(
                    f"phase 1 (FT tours by rule) in {time.perf_counter() - began:.1f} s: cost "
                    f"{pulp.value(self.prob.objective):,.0f} (rule start {start_cost:,.0f})"
                )
        # a MIP start from phase 1 made both solvers stall on the sample (they kept it and
        # proved little); a cold solve of the whole program, with phase 1 kept as the
        # fallback, reached 0.6 % on the 14-day instance where the start stayed at 8 %
        remaining = limit - (time.perf_counter() - began)
        bound = None
        whole = incumbent is None or remaining >= max(MIN_PHASE_SECONDS, 0.25 * limit)
        if whole:
            if incumbent is not None:
                say(f"phase 2 (whole program) for the remaining {remaining:.0f} s")
            remaining = max(remaining, MIN_PHASE_SECONDS)
            now = time.perf_counter()
            root_by = now + ROOT_SHARE * remaining if incumbent is not None else None
            deadline = now + remaining + (GRACE_SECONDS if incumbent is None else 0.0)
            bound = self._run(name, remaining, log_path, deadline, say, root_by)
        elif progress:
            say(f"phase 2 skipped: {remaining:.0f} s of the {limit:g} s limit left")
        seconds = time.perf_counter() - began
        sol = self.prob.sol_status
        objective = pulp.value(self.prob.objective) if sol in (1, 2) else None
        if incumbent is not None:
            phase_one = self._objective_of(incumbent)
            if not whole or objective is None or objective > phase_one + 1e-6:
                for v in self.prob.variables():
                    v.varValue = incumbent.get(v.name, 0.0)
                objective, sol = phase_one, 2  # optimal for fixed FT tours only
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
        return {
            "status": label,
            "objective": objective,
            "lower_bound": bound,
            "gap": gap,
            "solve_seconds": round(seconds, 3),
            "solver": name,
        }

    def _objective_of(self, values: dict[str, float]) -> float:
        expr = self.prob.objective
        return float(expr.constant + sum(c * values.get(v.name, 0.0) for v, c in expr.items()))


# --------------------------------------------------------------------------- results


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
) -> None:
    """PuLP's CBC call (same model file, options and solution reading), bounded in wall time:
    at ``deadline`` CBC is interrupted as with Ctrl-C, which makes it stop and write the best
    roster it has, and killed if it does not stop. So is it at ``root_by`` if its root
    relaxation is not solved by then (a search that cannot start in time finds nothing).
    While it runs, its newest best roster and bound are passed to ``say`` (CBC's log is line
    buffered through ``stdbuf`` where there is one)."""
    solver = _cbc(msg=False)
    mps, sol = solver.create_tmp_files(prob.name, "mps", "sol")
    try:
        names = prob.writeMPS(mps, rename=1)
        args = [solver.path, mps, "-sec", f"{max(limit, 0.5):.1f}", "-ratio", f"{gap:g}",
                "-timeMode", "elapsed", "-solve", "-printingOptions", "all", "-solution", sol]  # fmt: skip
        unbuffer = shutil.which("stdbuf")
        if unbuffer:
            args = [unbuffer, "-oL", *args]
        began, shown = time.perf_counter(), ""
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            try:  # whatever ends the wait (a rerun of the app page raises here), CBC stops
                while proc.poll() is None:
                    now = time.perf_counter()
                    state = _cbc_state(log_path.read_text(errors="ignore"))
                    if state.line and state.line != shown:
                        say(f"  {now - began:.0f} s: {state.line}")
                        shown = state.line
                    why = ""
                    if now >= deadline:
                        why = "the time limit"
                    elif unbuffer and root_by and now >= root_by and state.bound is None:
                        why = "its root relaxation is not solved in time"
                    if why:
                        _interrupt(proc)
                        say(f"  solver stopped after {time.perf_counter() - began:.0f} s: {why}")
                        break
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=min(deadline - now, 1.0))
            finally:
                if proc.poll() is None:
                    _interrupt(proc)
        prob.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
        # a killed CBC may have left half a solution file: only a clean exit's is read
        if proc.returncode == 0 and Path(sol).exists() and Path(sol).stat().st_size:
            try:
                status, values, _, _, _, sol_status = solver.readsol_MPS(sol, prob, *names[:3])
            except (IndexError, ValueError):  # unreadable: no roster from this call
                return
            prob.assignVarsVals(values)
            prob.assignStatus(status, sol_status)
    finally:
        solver.delete_tmp_files(mps, sol)


def _interrupt(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, then kill after 5 s."""
    try:
        proc.send_signal(signal.SIGINT)
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
        line = f"best roster {best:,.0f}" + (f", bound {bound:,.0f}" if bound is not None else "")
    elif bound is not None:
        line = f"root relaxation {bound:,.0f}, searching for a roster"
    else:
        line = ROOT_PENDING if "MODEL read" in log else ""
    return _CbcState(best, bound, line)


def _week_pattern(work: int, cap: int) -> list[bool] | None:
    """Seven days with ``work`` of them worked, days off spread so that, repeated week after
    week, no run is longer than ``cap``; ``None`` if there is none."""
    off = 7 - work
    if off == 0:
        return [True] * 7 if cap >= 10_000 else None
    positions = {round(i * 7 / off) % 7 for i in range(off)}
    pattern = [d not in positions for d in range(7)]
    run = longest = 0
    for day in pattern * 2:
        run = run + 1 if day else 0
        longest = max(longest, run)
    return pattern if longest <= cap else None


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
) -> RosterResult:
    """Build and solve the roster integer program (module docstring).

    Parameters
    ----------
    requirements
        ``interval_start, queue, headcount`` (the requirements file of ``DESIGN.md`` §4).
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

    Raises
    ------
    InputDataError
        Unusable requirements or agents.
    InfeasiblePlanError
        Rules that contradict each other: an interval that needs agents but no shift template
        covers, or labour rules no tour can satisfy.
    """
    frame = check_requirements(requirements)
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
    team = [a for a in agents or [] if a.kind == "FT"]
    if agents is None:
        width = len(str(config.labour.ft_agents))
        team = [
            Agent(f"FT{i + 1:0{max(width, 2)}d}", f"FT{i + 1:0{max(width, 2)}d}", "FT")
            for i in range(config.labour.ft_agents)
        ]
    _check_coverable(required, stamps, queues, options, config, len(team))
    _check_labour(config)
    penalties = [shortfall_penalty(config, q) for q in queues]
    if progress:
        progress(
            f"building the roster model: {len(stamps):,} intervals x {len(queues)} queue(s), "
            f"{len(options):,} shift options, {len(team)} FT agents"
        )
    eve = stamps[0].normalize() - pd.Timedelta(days=1)
    carry_in = frozenset(
        t.name
        for t in config.shifts
        if t.kind == "OUT" and t.works_on(eve.day_of_week, campaign_day=eve in campaign)
    )
    model = _Model(config, required, stamps, queues, options, team, penalties, carry_in)
    relaxed = model.lp_relaxation() if lp_bound else None
    info = model.solve(progress)
    info["lp_bound"] = relaxed
    if info["status"] == "infeasible":
        raise InfeasiblePlanError(
            "the labour rules contradict each other: no tour satisfies ft_days_off_per_week "
            f"({config.labour.ft_days_off_per_week}), ft_max_consecutive_days "
            f"({config.labour.ft_max_consecutive_days}) and min_rest_hours "
            f"({config.labour.min_rest_hours:g}) with the shift templates"
        )
    if info["status"] not in ("optimal", "feasible (time limit)"):
        raise InfeasiblePlanError(
            f"the solver found no roster within {config.solver.time_limit_seconds:g} s "
            f"(status {info['status']}); raise solver.time_limit_seconds"
        )
    return _result(model, info, agents, progress)


def _check_labour(config: PlanConfig) -> None:
    labour = config.labour
    work = 7 - labour.ft_days_off_per_week
    if (
        labour.ft_agents
        and work > labour.ft_max_consecutive_days
        and labour.ft_days_off_per_week == 0
    ):
        raise InfeasiblePlanError(
            f"labour rules contradict each other: ft_days_off_per_week = 0 means working every "
            f"day, but ft_max_consecutive_days = {labour.ft_max_consecutive_days}"
        )
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
        raise InfeasiblePlanError(
            f"{int(bad.sum())} interval(s) need agents but no shift template covers them, "
            f"first {first}: add a template (or start time) for those hours, or narrow the "
            "queue's service_hours / min_agents"
        )


def _result(
    model: _Model, info: dict[str, Any], agents: Sequence[Agent] | None, progress: Progress | None
) -> RosterResult:
    stamps, queues = model.stamps, model.queues
    n = len(stamps)
    step = pd.Timedelta(minutes=model.minutes)
    scheduled = np.zeros((n, len(queues)))
    rows = []
    for o in model.options:
        for q in o.queues:
            count = _value(model.z[(o.index, q)])
            if count <= 0:
                continue
            qi = queues.index(q)
            lo, hi = max(o.cover[0], 0), min(o.cover[1], n)
            scheduled[lo:hi, qi] += count
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
                    scheduled[max(b0, 0) : min(b1, n), qi] -= agents_on
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
                        "cost": round(o.cost * agents_on, 2),
                    }
                )
    shifts = pd.DataFrame(
        rows,
        columns=[
            "date", "queue", "shift", "code", "kind", "start", "end", "break_start",
            "break_end", "agents", "cost",
        ],
    )  # fmt: skip
    required = model.required
    coverage = pd.DataFrame(
        {
            "interval_start": np.repeat(stamps, len(queues)),
            "queue": np.tile(queues, n),
            "required": required.ravel(),
            "scheduled": scheduled.ravel().astype(np.int64),
            "shortfall": np.maximum(required - scheduled, 0).ravel(),
        }
    )
    assignments = name_agents(model, shifts, agents)
    hours = model.minutes / 60
    paid = {
        kind: float(
            sum(
                o.paid_hours * _value(model.z[(o.index, q)])
                for o in model.options
                if o.template.kind == kind
                for q in o.queues
            )
        )
        for kind in KINDS
    }
    short = coverage[coverage["shortfall"] > 0]
    messages = _diagnose(model, coverage, short)
    summary: dict[str, Any] = {
        **{k: info[k] for k in ("status",)},
        "total_cost": round(float(shifts["cost"].sum()), 2),
        "paid_hours": round(sum(paid.values()), 2),
        "required_agent_hours": round(float(required.sum() * hours), 2),
        "scheduled_agent_hours": round(float(scheduled.sum() * hours), 2),
        "shortfall_agent_hours": round(float(coverage["shortfall"].sum() * hours), 2),
        "headcount": {
            kind: int(assignments.loc[assignments["kind"] == kind, "agent"].nunique())
            for kind in KINDS
        },
        "hours_by_kind": {kind: round(v, 2) for kind, v in paid.items()},
        "objective": info["objective"],
        "lower_bound": info["lower_bound"],
        "gap": info["gap"],
        "solve_seconds": info["solve_seconds"],
        "solver": info["solver"],
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
    if progress:
        gap = f"{info['gap']:.2%}" if info["gap"] is not None else "n/a"
        progress(
            f"roster {info['status']} in {info['solve_seconds']:.1f} s: cost "
            f"{summary['total_cost']:,.0f}, gap {gap}, shortfall "
            f"{summary['shortfall_agent_hours']:,.1f} agent-hours"
        )
    return RosterResult(shifts, coverage, assignments, summary, messages)


def _diagnose(model: _Model, coverage: pd.DataFrame, short: pd.DataFrame) -> tuple[str, ...]:
    """Where the roster falls short, and which rule binds at the worst interval."""
    if short.empty:
        return ()
    worst = short.sort_values("shortfall", ascending=False)
    listed = "; ".join(
        f"{r.interval_start:%Y-%m-%d %H:%M} {r.queue} {int(r.scheduled)} of {int(r.required)}"
        for r in worst.head(3).itertuples(index=False)
    )
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
            reasons.append(f"no {kind} shift ({', '.join(names)}) covers that time that day")
        elif kind == "FT":
            working = sum(
                1 for (a, oi), v in model.x.items() if _value(v) and model.options[oi].day == day
            )
            reasons.append(
                f"{working} of the {len(model.ft_agents)} FT agents work that day "
                f"(days off {model.config.labour.ft_days_off_per_week}/week, at most "
                f"{model.config.labour.ft_max_consecutive_days} days in a row)"
            )
        elif kind == "PT":
            booked = sum(
                _value(model.z[(o.index, q)])
                for o in model.options
                if o.template.kind == "PT" and o.day == day
                for q in o.queues
            )
            pool = model.config.labour.pt_pool
            if booked >= pool:
                reasons.append(f"the PT pool of {pool} is fully booked that day")
            elif model.config.labour.pt_max_share < 1:
                reasons.append(
                    f"part-timers are capped at {model.config.labour.pt_max_share:.0%} of paid hours"
                )
        else:
            reasons.append(
                f"more OUT agents would cost more than the shortfall penalty or break the "
                f"{model.config.labour.out_min_booking_days}-day minimum booking"
            )
    return (
        f"short of {total:,.1f} agent-hours in {len(short)} interval(s); worst: {listed}. "
        f"At {top['interval_start']:%Y-%m-%d %H:%M}: {'; '.join(reasons)}",
    )


def name_agents(
    model: _Model, shifts: pd.DataFrame, agents: Sequence[Agent] | None
) -> pd.DataFrame:
    """The named roster: FT agents from the tours the program chose; part-timers and
    outsourced agents assigned greedily (fewest hours first, rest and weekly caps kept,
    outsourced agents kept on consecutive days of their booking)."""
    columns = [
        "agent", "name", "kind", "date", "shift", "code", "start", "end", "queue",
        "break_start", "break_end",
    ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    # breaks per (option, queue) to hand out to the agents on it
    pending: dict[tuple[pd.Timestamp, str, str], list[tuple[Any, Any]]] = defaultdict(list)
    for r in shifts.itertuples(index=False):
        pending[(r.start, r.code, r.queue)] += [(r.break_start, r.break_end)] * int(r.agents)
    queue_left: dict[tuple[pd.Timestamp, str], list[str]] = defaultdict(list)
    for r in shifts.itertuples(index=False):
        queue_left[(r.start, r.code)] += [str(r.queue)] * int(r.agents)

    def take(o: ShiftOption) -> tuple[str, Any, Any]:
        queue = queue_left[(o.start, o.template.code)].pop()
        brk = pending[(o.start, o.template.code, queue)].pop()
        return queue, brk[0], brk[1]

    tours = {
        (a, model.options[oi].day): model.options[oi]
        for (a, oi), var in model.x.items()
        if _value(var)
    }
    tours = spread_nights(
        tours, model.ft_agents, pd.Timedelta(hours=model.config.labour.min_rest_hours)
    )
    for (a, _), o in sorted(tours.items(), key=lambda item: (item[0][0], item[1].start)):
        agent = model.ft_agents[a]
        queue, b0, b1 = take(o)
        rows.append(_row(agent.agent, agent.name, o, queue, b0, b1))
    rest = pd.Timedelta(hours=model.config.labour.min_rest_hours)
    for kind in ("PT", "OUT"):
        named = [a for a in agents or [] if a.kind == kind]
        people: list[dict[str, Any]] = [
            _person(a.agent, a.name, a.unavailable, True) for a in named
        ]
        if kind == "PT" and not named:
            width = max(len(str(model.config.labour.pt_pool)), 2)
            people = [
                _person(f"PT{i + 1:0{width}d}", f"PT{i + 1:0{width}d}", frozenset(), True)
                for i in range(model.config.labour.pt_pool)
            ]
        by_day: dict[pd.Timestamp, list[dict[str, Any]]] = defaultdict(list)
        for day in model.days:
            blocks = [
                o
                for o in model.options
                if o.template.kind == kind and o.day == day
                for q in o.queues
                for _ in range(_value(model.z[(o.index, q)]))
            ]
            blocks.sort(key=lambda o: (o.start, o.template.code))
            chosen = _match(people, blocks, rest, model.config, kind, by_day)
            for o, person in zip(blocks, chosen, strict=True):
                if person is None:
                    ident = f"{kind}{len(people) + 1:03d}"
                    person = _person(ident, ident, frozenset(), False)
                    people.append(person)
                monday = o.day - pd.Timedelta(days=o.day.day_of_week)
                person["hours"] += o.paid_hours
                person["week"][monday] = person["week"].get(monday, 0.0) + o.paid_hours
                person["last_end"] = o.end
                person["days"].add(o.day)
                by_day[o.day].append(person)
                queue, b0, b1 = take(o)
                rows.append(_row(person["id"], person["name"], o, queue, b0, b1))
    return pd.DataFrame(rows, columns=columns)


def spread_nights(
    tours: dict[tuple[int, pd.Timestamp], ShiftOption],
    team: Sequence[Agent],
    rest: pd.Timedelta,
) -> dict[tuple[int, pd.Timestamp], ShiftOption]:
    """Even out night shifts over the FT team without changing cost or coverage.

    Two agents who both work a run of 1-3 days may exchange their shifts over it when both
    keep their rest at its ends and may serve the shifts' queues; exchanges that narrow the
    gap between the agent with the most nights and one with fewer are made until none is
    left.
    """
    tours = dict(tours)
    one_day = pd.Timedelta(days=1)

    def nights(a: int) -> int:
        return sum(1 for (b, _), o in tours.items() if b == a and _is_night(o))

    def able(a: int, o: ShiftOption) -> bool:
        return not team[a].queues or bool(set(team[a].queues) & set(o.queues))

    def rested(a: int, days: list[pd.Timestamp]) -> bool:
        for day in [days[0] - one_day, *days]:
            today, tomorrow = tours.get((a, day)), tours.get((a, day + one_day))
            if today is not None and tomorrow is not None and tomorrow.start - today.end < rest:
                return False
        return True

    def exchange(a: int, b: int, days: list[pd.Timestamp]) -> None:
        for day in days:
            tours[(a, day)], tours[(b, day)] = tours[(b, day)], tours[(a, day)]

    agents = sorted({a for a, _ in tours})
    for _ in range(10 * len(tours) + 10):
        counts = {a: nights(a) for a in agents}
        high = max(agents, key=lambda a: counts[a], default=None)
        if high is None:
            break
        moved = False
        for low in sorted(agents, key=lambda a: counts[a]):
            if counts[high] - counts[low] < 2 or moved:
                break
            for (a, day), o in sorted(tours.items(), key=lambda item: item[0][1]):
                if a != high or not _is_night(o) or moved:
                    continue
                for length in (1, 2, 3):
                    days = [day + k * one_day for k in range(length)]
                    if not all((high, d) in tours and (low, d) in tours for d in days):
                        break
                    mine = sum(_is_night(tours[(high, d)]) for d in days)
                    theirs = sum(_is_night(tours[(low, d)]) for d in days)
                    if not 0 < mine - theirs < counts[high] - counts[low]:
                        continue
                    if not all(
                        able(low, tours[(high, d)]) and able(high, tours[(low, d)]) for d in days
                    ):
                        continue
                    exchange(high, low, days)
                    if rested(high, days) and rested(low, days):
                        moved = True
                        break
                    exchange(high, low, days)
        if not moved:
            break
    return tours


def _match(
    people: list[dict[str, Any]],
    blocks: list[ShiftOption],
    rest: pd.Timedelta,
    config: PlanConfig,
    kind: str,
    by_day: dict[pd.Timestamp, list[dict[str, Any]]],
) -> list[dict[str, Any] | None]:
    """Who works each of one day's blocks: a maximum matching of blocks to the people free
    for them (rest since their last shift, weekly hours, availability), preferring those who
    worked least (part-timers) or who worked yesterday (outsourced bookings continue).
    ``None`` where nobody fits: the caller adds an agent."""
    if not blocks:
        return []
    if kind == "OUT":
        return _continue_bookings(people, blocks, rest, by_day, config.labour.out_min_booking_days)
    candidates = people
    pool = list({id(p): p for p in candidates}.values())
    if not pool:
        return [None] * len(blocks)
    cap = config.labour.pt_max_hours_per_week if kind == "PT" else float("inf")
    big = 1e9
    cost = np.full((len(blocks), len(pool)), big)
    for i, o in enumerate(blocks):
        monday = o.day - pd.Timedelta(days=o.day.day_of_week)
        for j, p in enumerate(pool):
            if (
                o.day in p["days"]
                or o.day in p["away"]
                or (p["last_end"] is not None and o.start - p["last_end"] < rest)
                or p["week"].get(monday, 0.0) + o.paid_hours > cap + 1e-9
            ):
                continue
            cost[i, j] = p["hours"] if kind == "PT" else float(j)
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
    length: int = 1,
) -> list[dict[str, Any] | None]:
    """Outsourced bookings run on: each block (in start order) goes to the agent from
    yesterday who finished earliest and has rested enough, then to named agents not yet
    booked; ``None`` where a new agent is booked. Agents still inside their minimum booking
    (``length`` days) are placed first, so those who leave are the ones whose booking is
    done."""
    yesterday = blocks[0].day - pd.Timedelta(days=1)

    def booked(person: dict[str, Any]) -> int:
        run, day = 0, yesterday
        while day in person["days"]:
            run, day = run + 1, day - pd.Timedelta(days=1)
        return run

    today = blocks[0].day  # the caller passes one day's blocks
    waiting = sorted(
        (p for p in by_day.get(yesterday, []) if today not in p["away"]),
        key=lambda p: p["last_end"],
    )
    must = [p for p in waiting if booked(p) < length]
    free = [p for p in waiting if booked(p) >= length]
    chosen: list[dict[str, Any] | None] = [None] * len(blocks)
    for group in (must, free):  # blocks in start order, agents in end order: greedy is
        for i, o in enumerate(blocks):  # a maximum matching within each group
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
    }


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
    }
