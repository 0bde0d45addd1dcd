"""Outsourcing vendor's shared seats (客服外包服务商): one seat pool across the shops it staffs.

Each shop's roster books its own outsourced (OUT) seats. A vendor staffing many shops at once
can share seats: an agent trained on several shops answers whichever needs it in an interval.
In vendor mode (``[vendor] shared_out = true``, ``forecaster fleet``) the seats of all shops
form one pool organised in seat groups (``[[vendor.groups]]``); this module plans that pool
and compares it with every shop booking alone.

The need
--------
What the shop's in-house team (FT and PT) leaves uncovered, per interval and queue:
``need = max(0, required − in-house agents present)`` in headcount, ``required`` the
roster's covered headcount (``coverage.csv``) and the in-house agents present those on
their FT and PT shifts and not on break (``shifts.csv``). It is what the shop's own OUT
seats cover today (:func:`shop_need` from a plan, :func:`read_shop_need` from its folder).
A vendor seat covers ``labour.out_productivity`` of an in-house agent, so the need in
seats is ``need / out_productivity``.

The model
---------
Sets
    shops ``S``; intervals ``T`` (the plan grid, or whole hours for big fleets:
    :data:`MAX_INTEGER_VARIABLES`); seat groups ``G``: the configured groups, each serving
    the shops ``S_g`` it lists, plus, with ``vendor.dedicated``, one dedicated group per shop
    (``dedicated:<shop>``, what the shop books alone); shift options ``o ∈ O_g``: an OUT
    template × allowed start × day it may run (``days = "campaign"``: a campaign day of a
    shop of the group), ``C(o) ⊂ T`` the intervals it spans; break options ``b ∈ B(o)``
    covering ``K(o, b)``.
Parameters
    ``n[s, t]`` need [seats]; ``e_g = 1 / (1 + π_g (|S_g| − 1))`` a seat's capacity in group
    ``g`` with concurrency penalty ``π_g``; ``c[g, o]`` cost of a seat (paid hours ×
    ``cost_per_seat_hour`` or the template's OUT rate, premium included); ``P`` the
    shortfall penalty per seat and interval: the roster's (``[costs]``, configured or the
    business an agent-hour keeps; the smallest over the queues) × ``out_productivity`` ×
    the interval's hours, so the vendor covers what the shops' own rosters would cover
    (2,000 CNY an agent-hour against 45-50 CNY a seat-hour in the sample); ``L`` the
    shortest booking of a template (``min_booking_days`` or ``labour.out_min_booking_days``).
Variables
    ``y[g, o] ∈ ℤ₊`` seats of group ``g`` on option ``o``; ``k[g, o, b] ∈ ℤ₊`` of them on
    break ``b``; ``w[g, s, t] ≥ 0`` seat capacity of ``g`` given to shop ``s`` at ``t``;
    ``short[s, t] ≥ 0``; ``u[g, τ, d] ≥ 0`` seats of template ``τ`` first booked on day
    ``d``.
Objective
    ``min Σ c[g, o]·y[g, o] + P·Σ short[s, t]``.
Constraints (one function each, every constraint named)
    capacity ``Σ_s w[g, s, t] ≤ e_g·(Σ_{o∋t} y[g, o] − Σ_{o,b: t∈K(o,b)} k[g, o, b])``;
    cover    ``Σ_{g: s∈S_g} w[g, s, t] + short[s, t] ≥ n[s, t]``;
    break    ``Σ_b k[g, o, b] = y[g, o]``;
    book     seats stay booked ``L`` days (minimum up-time on the daily seats of each group
             and template, as ``out_book`` in the roster): ``u[d] ≥ Y[d] − Y[d − 1]`` and
             ``Σ_{d' ∈ (d − L, d]} u[d'] ≤ Y[d]``, bookings starting inside the horizon.

A shop's queues are pooled (``n[s, t]`` is the sum over its queues): the allocation ``w`` is
chosen per interval anyway, and no ``[vendor]`` key ties a group to a queue, so keeping the
queues apart would give the same optimum with more rows. The OUT templates' ``queues`` lists
are therefore not enforced here, nor is the roster's rest rule between two days of one
booked agent (``out_rest``); both sides of the comparison drop them alike.

Each shop alone is the same model with its dedicated group only. The separate solutions
together are a solution of the pooled model (its dedicated groups), so the pooled plan is
started from them (a MIP start, CBC only: see :func:`_solve`) and, should the solve stop at
a worse plan, the combined separate plans are kept (``summary["source"]``): pooled is never worse than
separate. Every solve (each shop's, then the pool's) runs within ``solver.time_limit_seconds``
to ``solver.gap_rel``; ``solver.name = "auto"`` is HiGHS here (it proved the shops' models
within 1 % in 10-15 s where CBC kept a 1.7 % gap after 40 s; the roster's "auto" is CBC).
Pure library code: no files but :func:`read_shop_need` and :func:`write_vendor`.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pulp

from forecaster.config import PlanConfig, ShiftTemplate
from forecaster.errors import InfeasiblePlanError, InputDataError
from forecaster.exports import CSV_ENCODING, FLOAT_DECIMALS, neutralise
from forecaster.messages import CATALOGUE, msg
from forecaster.roster import ShiftOption, booking_days, shift_options, shortfall_penalty
from forecaster.safe_output import write_csv
from forecaster.sizing import silence_highs_banner

if TYPE_CHECKING:
    from forecaster.pipeline import PlanResult

__all__ = [
    "AGGREGATE_MINUTES",
    "MAX_INTEGER_VARIABLES",
    "NEED_COLUMNS",
    "ORDER_COLUMNS",
    "ORDER_EXTRA_COLUMNS",
    "VENDOR_FILES",
    "VendorResult",
    "need_from_roster",
    "pool_vendor",
    "read_shop_need",
    "shop_need",
    "write_vendor",
]

Progress = Callable[[str], None]

NEED_COLUMNS = ("interval_start", "queue", "required", "inhouse", "need", "campaign_day")
"""Columns of a shop's need: interval start, queue, the roster's required headcount, in-house
(FT + PT) agents present, ``need = max(0, required − inhouse)`` [headcount], and whether the
day is one of the shop's campaign days (absent when unknown)."""
ORDER_COLUMNS = ("group", "date", "start", "end", "hours", "seats", "cost")
"""Contract columns of ``vendor_orders.csv``: seat group, day the shift belongs to, start and
end, paid hours per seat [h], seats, cost [CNY]."""
ORDER_EXTRA_COLUMNS = ("seat_hours", "length_hours", "shift", "code")
"""Written after the contract columns: ``seats × hours`` [h], on-site length [h], OUT
template name and grid code."""
VENDOR_FILES = ("vendor_orders.csv", "vendor_summary.json")
"""Files :func:`write_vendor` writes."""
MAX_INTEGER_VARIABLES = 10_000
"""Above this many integer variables (seats and their breaks) on the plan's grid, the pooled
model is solved on whole hours (:data:`AGGREGATE_MINUTES`): an hour's need is its busiest
interval's, and only shifts that start and end on the hour are offered."""
AGGREGATE_MINUTES = 60
DEDICATED = "dedicated:"
"""Prefix of a shop's dedicated seat group."""
_KINDS_IN_HOUSE = ("FT", "PT")
_EPS = 1e-6


# --------------------------------------------------------------------------- the need


def need_from_roster(
    coverage: pd.DataFrame,
    shifts: pd.DataFrame,
    campaign_days: Iterable[object] | None = None,
) -> pd.DataFrame:
    """The headcount a shop's in-house team leaves uncovered (module docstring).

    Parameters
    ----------
    coverage
        ``interval_start, queue, required`` (``coverage.csv``; required headcount).
    shifts
        ``queue, kind, start, end, break_start, break_end, agents`` (``shifts.csv``): the FT
        and PT rows count as present from ``start`` to ``end`` less their break.
    campaign_days
        The shop's campaign days (``days = "campaign"`` OUT templates run on them); ``None``
        = unknown, and the frame has no ``campaign_day`` column.

    Returns
    -------
    pandas.DataFrame
        :data:`NEED_COLUMNS`, one row per row of ``coverage`` [headcount].
    """
    for name, frame, columns in (
        ("coverage", coverage, ("interval_start", "queue", "required")),
        ("shifts", shifts, ("queue", "kind", "start", "end", "agents")),
    ):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputDataError(
                f"{name} is missing column {missing[0]!r}; found {list(map(str, frame.columns))}"
            )
    cov = pd.DataFrame(
        {
            "interval_start": _parsed(coverage, "interval_start", "coverage"),
            "queue": coverage["queue"].astype(str).to_numpy(),
            "required": _parsed(coverage, "required", "coverage", number=True),
        }
    )
    stamps = pd.DatetimeIndex(cov["interval_start"].drop_duplicates().sort_values())
    n = len(stamps)
    first = stamps[0] if n else pd.Timestamp(0)
    step = _step(stamps, 15)
    queues = sorted(cov["queue"].unique())
    qpos = {q: i for i, q in enumerate(queues)}
    delta = np.zeros((n + 1, len(queues)))
    rows = shifts[shifts["kind"].astype(str).isin(_KINDS_IN_HOUSE)]
    rows = rows[rows["queue"].astype(str).isin(qpos)]
    if n and len(rows):
        q = rows["queue"].astype(str).map(qpos).to_numpy()
        agents = _parsed(rows, "agents", "shifts", number=True)
        spans = [(_parsed(rows, "start", "shifts"), _parsed(rows, "end", "shifts"), 1.0)]
        if "break_start" in rows and "break_end" in rows:
            breaks = [
                pd.to_datetime(rows[c], errors="coerce") for c in ("break_start", "break_end")
            ]
            spans.append((breaks[0].to_numpy(), breaks[1].to_numpy(), -1.0))
        for begin, end, sign in spans:
            b = pd.Series((pd.DatetimeIndex(begin) - first) / step)
            e = pd.Series((pd.DatetimeIndex(end) - first) / step)
            ok = (b.notna() & e.notna()).to_numpy()
            lo = np.clip(np.floor(b.to_numpy(dtype=float, na_value=0.0)), 0, n).astype(int)
            hi = np.clip(np.ceil(e.to_numpy(dtype=float, na_value=0.0)), 0, n).astype(int)
            np.add.at(delta, (lo[ok], q[ok]), sign * agents[ok])
            np.add.at(delta, (hi[ok], q[ok]), -sign * agents[ok])
    present = np.cumsum(delta, axis=0)[:n]
    pos = ((cov["interval_start"] - first) / step).to_numpy(dtype=float).astype(int)
    inhouse = np.round(present[pos, cov["queue"].map(qpos).to_numpy()], 6) + 0.0
    cov["inhouse"] = inhouse
    cov["need"] = np.maximum(cov["required"].to_numpy() - inhouse, 0.0) + 0.0
    if campaign_days is not None:
        days = {pd.Timestamp(str(d)).normalize() for d in campaign_days}
        cov["campaign_day"] = cov["interval_start"].dt.normalize().isin(days)
    return cov


def _parsed(frame: pd.DataFrame, column: str, name: str, *, number: bool = False) -> np.ndarray:
    """A column as timestamps (or numbers); a cell that is neither is an error naming it."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce") if number else pd.to_datetime(raw, errors="coerce")
    bad = values.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        kind = "a number" if number else "a date/time"
        raise InputDataError(
            f"{name} row {row + 2}, column {column}: must be {kind}, got {raw.iloc[row]!r}"
        )
    return values.to_numpy(dtype=float) if number else values.to_numpy()


def shop_need(result: PlanResult) -> pd.DataFrame:
    """The need of one shop's plan (:class:`forecaster.pipeline.PlanResult`): its roster's
    coverage and FT/PT shifts, and its campaign days (:func:`need_from_roster`)."""
    roster = result.roster
    days = result.summary.get("campaign_days")
    return need_from_roster(roster.coverage, roster.shifts, days)


def read_shop_need(plan_dir: str | Path) -> pd.DataFrame:
    """The need of a shop from its plan folder (:func:`forecaster.pipeline.write_plan`):
    ``coverage.csv`` (required headcount), ``shifts.csv`` (the FT/PT shifts and breaks, which
    give the in-house agents present: no per-kind coverage file is needed) and
    ``plan_summary.json``'s ``campaign_days`` when there (a roster folder has none: every day
    then counts as a campaign day for the vendor's shifts).

    Raises
    ------
    InputDataError
        A file is missing or unreadable, or lacks a column (the message names it).
    """
    folder = Path(plan_dir)
    frames: dict[str, pd.DataFrame] = {}
    for name in ("coverage.csv", "shifts.csv"):
        path = folder / name
        if not path.is_file():
            raise InputDataError(f"{folder}: no {name} there; give a plan or roster folder")
        try:
            frames[name] = pd.read_csv(path, encoding=CSV_ENCODING, dtype={"queue": str})
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            raise InputDataError(f"{path}: not a readable CSV file ({error})") from None
    days: list[str] | None = None
    summary = folder / "plan_summary.json"
    if summary.is_file():
        try:
            found = json.loads(summary.read_text(encoding="utf-8")).get("campaign_days")
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
            raise InputDataError(f"{summary}: not readable JSON ({error})") from None
        days = list(found) if isinstance(found, list) else None
    return need_from_roster(frames["coverage.csv"], frames["shifts.csv"], days)


# --------------------------------------------------------------------------- the pool


@dataclass(frozen=True)
class VendorResult:
    """The vendor's pooled seats against every shop booking alone.

    Attributes
    ----------
    orders
        ``vendor_orders.csv``: :data:`ORDER_COLUMNS` then :data:`ORDER_EXTRA_COLUMNS`, one
        row per group × day × start × template with seats booked.
    groups
        One row per seat group: ``group, shops, n_shops, dedicated, concurrency_penalty,
        efficiency`` (a seat's capacity [seats]), ``seat_days``, ``seat_hours`` (paid) [h],
        ``cost`` [CNY], ``capacity_seat_hours`` (present seats × efficiency) [h],
        ``served_seat_hours`` (capacity given to shops) [h], ``utilisation`` [fraction].
    allocation
        ``group, shop, served_seat_hours``: which group's capacity went to which shop [h].
    separate
        One row per shop planned alone: ``shop, need_seat_hours, seat_hours, cost,
        shortfall_seat_hours, status, gap, solve_seconds``.
    shortfall
        ``shop, interval_start, need_seats, shortfall_seats, reason`` of the chosen plan.
    summary
        Pooled and separate seat-hours and cost, the saving (absolute and fraction), the
        solver's status, gap, bound and time, the grid, and where the plan came from.
    messages
        Plain-language notes (aggregation, groups naming unknown shops, fallbacks).
    """

    orders: pd.DataFrame
    groups: pd.DataFrame
    allocation: pd.DataFrame
    separate: pd.DataFrame
    shortfall: pd.DataFrame
    summary: dict[str, Any]
    messages: tuple[str, ...] = field(default=())

    @property
    def seat_hours(self) -> float:
        """Paid seat-hours the vendor books, pooled. [h]"""
        return float(self.summary["pooled_seat_hours"])

    @property
    def saving_seat_hours(self) -> float:
        """Separate minus pooled seat-hours. [h]"""
        return float(self.summary["saving_seat_hours"])


@dataclass(frozen=True)
class _Group:
    """A seat group with its shift options on the model grid."""

    name: str
    shops: tuple[int, ...]
    listed: str
    penalty: float
    rate: float | None
    dedicated: bool
    options: tuple[ShiftOption, ...]
    useful: frozenset[int]
    """Positions in ``options`` of the options that span an interval some shop of the group
    needs (the others only keep a booking running)."""

    @property
    def efficiency(self) -> float:
        """A seat's capacity: ``1 / (1 + π (n − 1))``. [seats]"""
        return 1.0 / (1.0 + self.penalty * (len(self.shops) - 1))

    def cost(self, o: ShiftOption, config: PlanConfig) -> float:
        """One seat on ``o``. [CNY]"""
        rate = self.rate if self.rate is not None else config.cost_per_paid_hour(o.template)
        return float(o.paid_hours) * rate


@dataclass(frozen=True)
class _Instance:
    """The shops' need on the model grid."""

    shops: tuple[str, ...]
    stamps: pd.DatetimeIndex
    minutes: int
    need: np.ndarray
    """``(shops, intervals)`` need [seats]."""
    campaign: tuple[frozenset[pd.Timestamp] | None, ...]

    @property
    def hours(self) -> float:
        """Length of one interval. [h]"""
        return self.minutes / 60


Key = tuple[Any, ...]
Solution = dict[Key, float]


def _okey(o: ShiftOption) -> tuple[str, pd.Timestamp]:
    return (o.template.name, o.start)


class _Model:
    """The integer program of the module docstring for some groups, built with PuLP."""

    def __init__(
        self,
        inst: _Instance,
        groups: Sequence[_Group],
        config: PlanConfig,
        penalty: float,
        shops: Sequence[int] | None = None,
    ) -> None:
        self.inst, self.groups, self.config, self.penalty = inst, list(groups), config, penalty
        self.shops = list(range(len(inst.shops))) if shops is None else list(shops)
        self.prob = pulp.LpProblem("vendor_seats", pulp.LpMinimize)
        self.vars: dict[Key, pulp.LpVariable] = {}
        self.given: dict[str, dict[int, list[pulp.LpVariable]]] = defaultdict(
            lambda: defaultdict(list)
        )  # group -> interval -> its w variables
        self.served: dict[tuple[int, int], list[pulp.LpVariable]] = defaultdict(list)
        self.w_keys: dict[tuple[int, int], list[Key]] = defaultdict(list)
        self._variables()
        self._add_capacity()
        self._add_cover()
        self._add_breaks()
        self._add_booking()

    def _var(self, key: Key, name: str, cat: str = "Continuous") -> pulp.LpVariable:
        var = self.prob.add_variable(name, lowBound=0, cat=cat)
        self.vars[key] = var
        return var

    def _variables(self) -> None:
        need = self.inst.need
        costs = []
        for gi, g in enumerate(self.groups):
            for i, o in enumerate(g.options):
                tag = f"g{gi}_t{_tindex(self.config, o.template)}_{o.start:%Y%m%dT%H%M}"
                y = self._var(("y", g.name, *_okey(o)), f"y_{tag}", "Integer")
                costs.append((y, g.cost(o, self.config)))
                if i in g.useful:
                    for b in range(len(o.breaks)):
                        self._var(("k", g.name, *_okey(o), b), f"k_{tag}_{b}", "Integer")
            covered = _covered(g, len(self.inst.stamps))
            for s in g.shops:
                if s not in self.shops:
                    continue
                for t in np.flatnonzero((need[s] > 0) & covered):
                    key = ("w", g.name, s, int(t))
                    w = self._var(key, f"w_g{gi}_s{s}_{t}")
                    self.w_keys[(s, int(t))].append(key)
                    self.given[g.name][int(t)].append(w)
                    self.served[(s, int(t))].append(w)
        # need no shift of a group serving the shop spans is short whatever the plan: a
        # constant, left out of the program (and of its gap) and added to the objective
        n = len(self.inst.stamps)
        coverable = np.zeros(need.shape, dtype=bool)
        for g in self.groups:
            covered = _covered(g, n)
            for s in g.shops:
                coverable[s] |= covered
        self.fixed: dict[tuple[int, int], float] = {
            (s, int(t)): float(need[s, t])
            for s in self.shops
            for t in np.flatnonzero((need[s] > 0) & ~coverable[s])
        }
        shorts = [
            self._var(("s", s, int(t)), f"short_s{s}_{t}")
            for s in self.shops
            for t in np.flatnonzero((need[s] > 0) & coverable[s])
        ]
        self.prob += (
            pulp.LpAffineExpression(costs + [(v, self.penalty) for v in shorts]),
            "seat_cost_plus_shortfall_penalty",
        )

    def _add_capacity(self) -> None:
        """``capacity_g<i>_<t>``: a group gives the shops at most its present seats' work."""
        n = len(self.inst.stamps)
        for gi, g in enumerate(self.groups):
            given = self.given[g.name]
            if not given:
                continue
            seats: dict[int, list[tuple[pulp.LpVariable, float]]] = defaultdict(list)
            e = g.efficiency
            for i in sorted(g.useful):
                o = g.options[i]
                y = self.vars[("y", g.name, *_okey(o))]
                for t in range(max(o.cover[0], 0), min(o.cover[1], n)):
                    if t in given:
                        seats[t].append((y, -e))
                for b, (b0, b1) in enumerate(o.breaks):
                    k = self.vars[("k", g.name, *_okey(o), b)]
                    for t in range(max(b0, 0), min(b1, n)):
                        if t in given:
                            seats[t].append((k, e))
            for t, ws in given.items():
                expr = pulp.LpAffineExpression([(w, 1.0) for w in ws] + seats[t])
                self.prob += expr <= 0, f"capacity_g{gi}_{self.inst.stamps[t]:%Y%m%dT%H%M}"

    def _add_cover(self) -> None:
        """``cover_s<j>_<t>``: the groups serving a shop, or shortfall, meet its need."""
        for (kind, *rest), var in list(self.vars.items()):
            if kind != "s":
                continue
            s, t = int(rest[0]), int(rest[1])
            terms = [(w, 1.0) for w in self.served.get((s, t), [])]
            expr = pulp.LpAffineExpression([*terms, (var, 1.0)])
            need = float(self.inst.need[s, t])
            self.prob += expr >= need, f"cover_s{s}_{self.inst.stamps[t]:%Y%m%dT%H%M}"

    def _add_breaks(self) -> None:
        """``break_g<i>_t<j>_<start>``: every seat of an option takes one of its breaks."""
        for gi, g in enumerate(self.groups):
            for i in sorted(g.useful):
                o = g.options[i]
                if not o.breaks:
                    continue
                key = (g.name, *_okey(o))
                ks = [self.vars[("k", *key, b)] for b in range(len(o.breaks))]
                tag = f"g{gi}_t{_tindex(self.config, o.template)}_{o.start:%Y%m%dT%H%M}"
                self.prob += pulp.lpSum(ks) == self.vars[("y", *key)], f"break_{tag}"

    def _add_booking(self) -> None:
        """``book_start_*`` and ``book_*``: a seat booked on a template stays ``L`` days."""
        days = pd.date_range(
            self.inst.stamps[0].normalize(), self.inst.stamps[-1].normalize(), freq="D"
        )
        for gi, g in enumerate(self.groups):
            by_template: dict[str, list[ShiftOption]] = defaultdict(list)
            for o in g.options:
                by_template[o.template.name].append(o)
            for name, options in by_template.items():
                template = options[0].template
                length = booking_days(self.config, template)
                if length <= 1:
                    continue
                ti = _tindex(self.config, template)
                tdays = sorted({o.day for o in options} | set(days))
                daily = {
                    d: pulp.lpSum(
                        self.vars[("y", g.name, *_okey(o))] for o in options if o.day == d
                    )
                    for d in tdays
                }
                starts = {
                    d: self._var(("u", g.name, name, d), f"u_g{gi}_t{ti}_{d:%Y%m%d}") for d in tdays
                }
                before: pulp.LpAffineExpression | int = 0
                for i, d in enumerate(tdays):
                    tag = f"g{gi}_t{ti}_{d:%Y%m%d}"
                    self.prob += starts[d] >= daily[d] - before, f"book_start_{tag}"
                    window = tdays[max(0, i - length + 1) : i + 1]
                    self.prob += pulp.lpSum(starts[x] for x in window) <= daily[d], f"book_{tag}"
                    before = daily[d]

    # ---- solutions
    def values(self) -> Solution:
        """The solver's values by key (integers rounded)."""
        out: Solution = {}
        for key, var in self.vars.items():
            v = var.value()
            v = 0.0 if v is None else float(v)
            out[key] = float(round(v)) if var.cat == pulp.LpInteger else max(v, 0.0)
        out.update({("s", s, t): v for (s, t), v in self.fixed.items()})
        return out

    def complete(self, sol: Solution) -> Solution:
        """A value for every variable from ``sol`` (0 where it has none), each shortfall
        what the capacity given leaves of the need, and the need no shift spans short."""
        out = {key: sol.get(key, 0.0) for key in self.vars if key[0] != "s"}
        for key in self.vars:
            if key[0] == "s":
                s, t = int(key[1]), int(key[2])
                given = sum(out[k] for k in self.w_keys.get((s, t), []))
                out[key] = max(float(self.inst.need[s, t]) - given, 0.0)
        out.update({("s", s, t): v for (s, t), v in self.fixed.items()})
        return out

    def set_start(self, start: Solution) -> None:
        """Every variable's initial value from ``start`` (0 where it has none)."""
        for key, var in self.vars.items():
            var.setInitialValue(start.get(key, 0.0))

    @property
    def constant(self) -> float:
        """Penalty of the need no shift spans (in :meth:`objective`, not in the program's
        objective, its bound or its gap). [CNY]"""
        return self.penalty * sum(self.fixed.values())

    def objective(self, sol: Solution) -> float:
        """Seat cost plus shortfall penalty of ``sol``, the need no shift spans included.
        [CNY]"""
        short = sum(sol.get(key, 0.0) for key in self.vars if key[0] == "s")
        return _cost(self.groups, sol, self.config) + self.penalty * short + self.constant


def _tindex(config: PlanConfig, template: ShiftTemplate) -> int:
    return next(i for i, t in enumerate(config.shifts) if t.name == template.name)


def _covered(g: _Group, n: int) -> np.ndarray:
    """Intervals some useful option of ``g`` spans."""
    out = np.zeros(n, dtype=bool)
    for i in g.useful:
        o = g.options[i]
        out[max(o.cover[0], 0) : max(min(o.cover[1], n), 0)] = True
    return out


def _cost(groups: Sequence[_Group], sol: Solution, config: PlanConfig) -> float:
    return float(
        sum(
            g.cost(o, config) * sol.get(("y", g.name, *_okey(o)), 0.0)
            for g in groups
            for o in g.options
        )
    )


# --------------------------------------------------------------------------- solving


@dataclass(frozen=True)
class _Solved:
    values: Solution | None
    status: str
    bound: float | None
    seconds: float
    solver: str


def _solver_name(config: PlanConfig) -> str:
    available = pulp.listSolvers(onlyAvailable=True)
    name = config.solver.name
    if name == "auto":  # HiGHS proved the shops' models faster than CBC (module docstring)
        name = "highs" if "HiGHS" in available else "cbc"
    if name == "highs" and "HiGHS" not in available:
        raise InfeasiblePlanError("solver.name = 'highs' but highspy is not installed")
    return name


_CBC_BOUND = re.compile(r"Lower bound:\s*([-\d.eE+]+)")
_CBC_OPTIMAL = re.compile(r"Result - Optimal solution found")


def _solve(model: _Model, config: PlanConfig, limit: float, start: Solution | None) -> _Solved:
    """Solve ``model`` within ``limit`` seconds to ``solver.gap_rel``; CBC starts from
    ``start`` if given. Values are read only when the solver reports a solution
    (``sol_status`` 1 optimal or 2 integer feasible: ``LpStatus`` says "Optimal" at a time
    limit too).

    HiGHS gets no start: given the shops' separate plans (through ``Highs.setSolution``;
    PuLP 3.3's class ignores ``warmStart``), HiGHS 1.16 stayed in its root node past the
    time limit on the 10-shop, 40-day pool (7 minutes for 60 s; without the start it stopped
    at 60.5 s), so its plan is compared with the separate plans afterwards instead."""
    name = _solver_name(config)
    gap = config.solver.gap_rel
    if start is not None and name == "cbc":
        model.set_start(start)
    began = time.perf_counter()
    bound: float | None = None
    if name == "highs":
        silence_highs_banner()
        model.prob.solve(pulp.HiGHS(msg=False, timeLimit=limit, gapRel=gap))
        with contextlib.suppress(AttributeError, RuntimeError, TypeError):
            bound = float(model.prob.solverModel.getInfo().mip_dual_bound)
    else:
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "cbc.log"
            with warnings.catch_warnings():  # PuLP 3.3 warns that PuLP 4 drops CBC
                warnings.simplefilter("ignore", DeprecationWarning)
                solver = pulp.PULP_CBC_CMD(
                    msg=False,
                    timeLimit=limit,
                    gapRel=gap,
                    warmStart=start is not None,  # CBC reads the start from an .mst file
                    logPath=str(log),
                )
            model.prob.solve(solver)
            text = log.read_text(errors="ignore") if log.exists() else ""
        found = _CBC_BOUND.findall(text)
        if found:
            bound = float(found[-1])
        elif _CBC_OPTIMAL.search(text) and model.prob.objective is not None:
            bound = pulp.value(model.prob.objective)
    seconds = time.perf_counter() - began
    sol = model.prob.sol_status
    if sol not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        status = "infeasible" if sol == pulp.LpSolutionInfeasible else "no solution (time limit)"
        return _Solved(None, status, bound, seconds, name)
    values = model.values()
    objective = model.objective(values) - model.constant
    status = "optimal" if sol == pulp.LpSolutionOptimal else "feasible (time limit)"
    if bound is not None and not math.isfinite(bound):
        bound = None
    within = bound is not None and objective - bound <= gap * max(abs(objective), 1e-9) + _EPS
    if within and status != "optimal":
        status = "optimal"  # within the requested gap
    return _Solved(values, status, bound, seconds, name)


# --------------------------------------------------------------------------- building


def _step(stamps: pd.DatetimeIndex, default: int) -> pd.Timedelta:
    """The grid step of ``stamps`` (their smallest positive difference), else ``default``
    minutes."""
    diffs = np.diff(stamps.to_numpy())
    diffs = diffs[diffs > np.timedelta64(0)]
    if len(diffs):
        return pd.Timedelta(diffs.min())
    return pd.Timedelta(minutes=default)


def _frames(needs: Mapping[str, pd.DataFrame], config: PlanConfig) -> dict[str, pd.DataFrame]:
    """Checked copies of the need frames: ``interval_start, need`` (queues summed later)."""
    if not needs:
        raise InputDataError("pool_vendor needs the need of at least one shop, got none")
    out: dict[str, pd.DataFrame] = {}
    for shop, frame in needs.items():
        if not isinstance(frame, pd.DataFrame):
            raise InputDataError(f"shop {shop!r}: the need must be a DataFrame, got {frame!r}")
        missing = [c for c in ("interval_start", "need") if c not in frame.columns]
        if missing:
            raise InputDataError(
                f"shop {shop!r}: the need is missing column {missing[0]!r}; "
                f"found {list(map(str, frame.columns))}"
            )
        stamps = pd.to_datetime(frame["interval_start"], errors="coerce")
        need = pd.to_numeric(frame["need"], errors="coerce")
        bad = stamps.isna() | need.isna() | (need < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputDataError(
                f"shop {shop!r} need row {row + 2}: interval_start must be a timestamp and need "
                f"a non-negative number, got {frame['interval_start'].iloc[row]!r}, "
                f"{frame['need'].iloc[row]!r}"
            )
        clean = pd.DataFrame({"interval_start": stamps.to_numpy(), "need": need.to_numpy()})
        if "campaign_day" in frame.columns:
            clean["campaign_day"] = frame["campaign_day"].astype(bool).to_numpy()
        out[str(shop)] = clean
    return out


def _instance(frames: Mapping[str, pd.DataFrame], config: PlanConfig, minutes: int) -> _Instance:
    """The need per shop on a ``minutes`` grid [seats]: queues summed per interval, an
    interval of the model grid taking the largest need of the shop's intervals inside it."""
    first = min(f["interval_start"].min() for f in frames.values() if len(f)).normalize()
    last = max(f["interval_start"].max() for f in frames.values() if len(f)).normalize()
    stamps = pd.date_range(
        first, last + pd.Timedelta(days=1), freq=f"{minutes}min", inclusive="left"
    )
    step = pd.Timedelta(minutes=minutes)
    need = np.zeros((len(frames), len(stamps)))
    campaign: list[frozenset[pd.Timestamp] | None] = []
    productivity = config.labour.out_productivity
    for s, frame in enumerate(frames.values()):
        total = frame.groupby("interval_start", sort=True)["need"].sum()
        own = _step(pd.DatetimeIndex(total.index), config.interval_minutes)
        for r in range(max(1, int(own / step))):  # a coarser shop grid spans several
            pos = ((total.index + r * step - first) // step).to_numpy()
            ok = (pos >= 0) & (pos < len(stamps))
            np.maximum.at(need[s], pos[ok], total.to_numpy()[ok])
        if "campaign_day" in frame.columns:
            hot = frame.loc[frame["campaign_day"], "interval_start"].dt.normalize()
            campaign.append(frozenset(pd.DatetimeIndex(hot.unique())))
        else:
            campaign.append(None)
    return _Instance(tuple(frames), stamps, minutes, need / productivity, tuple(campaign))


def _groups(
    inst: _Instance, config: PlanConfig, notes: list[str]
) -> tuple[list[_Group], dict[int, _Group]]:
    """The configured seat groups (shops resolved) and each shop's dedicated group."""
    cache: dict[frozenset[pd.Timestamp] | None, list[ShiftOption]] = {}
    known = {name: s for s, name in enumerate(inst.shops)}
    shared: list[_Group] = []
    for i, group in enumerate(config.vendor.seat_groups):
        if group.shops == ("*",):
            shops = tuple(range(len(inst.shops)))
        else:
            unknown = [name for name in group.shops if name not in known]
            if unknown and config.vendor.groups:
                notes.append(
                    f"vendor.groups[{i + 1}] ({group.name}): shop(s) {', '.join(unknown)} "
                    "have no plan in this fleet and are left out"
                )
            shops = tuple(known[name] for name in group.shops if name in known)
        if not shops:
            notes.append(f"vendor group {group.name} serves no planned shop and books nothing")
            continue
        listed = "*" if group.shops == ("*",) else ";".join(group.shops)
        shared.append(
            _group(
                inst,
                config,
                cache,
                group.name,
                shops,
                listed,
                group.concurrency_penalty,
                group.cost_per_seat_hour,
                dedicated=False,
            )  # fmt: skip
        )
    dedicated = {
        s: _group(inst, config, cache, DEDICATED + name, (s,), name, 0.0, None, dedicated=True)
        for s, name in enumerate(inst.shops)
    }
    return shared, dedicated


def _group(
    inst: _Instance,
    config: PlanConfig,
    cache: dict[frozenset[pd.Timestamp] | None, list[ShiftOption]],
    name: str,
    shops: tuple[int, ...],
    listed: str,
    penalty: float,
    rate: float | None,
    *,
    dedicated: bool,
) -> _Group:
    """A group with the OUT options that span a need of its shops, plus, for templates
    booked several days, one option on each day a booking may have to run through."""
    days = [inst.campaign[s] for s in shops]
    campaign: frozenset[pd.Timestamp] | None = frozenset()
    for d in days:
        campaign = None if d is None or campaign is None else campaign | d
    if campaign not in cache:
        cache[campaign] = _options(inst, config, campaign)
    every = cache[campaign]
    n = len(inst.stamps)
    live = (inst.need[list(shops)] > 0).any(axis=0)
    cum = np.concatenate([[0], np.cumsum(live)])
    useful = [
        o for o in every if cum[max(min(o.cover[1], n), 0)] - cum[max(min(o.cover[0], n), 0)] > 0
    ]
    kept = {id(o) for o in useful}
    keep = list(useful)
    by_template: dict[str, list[ShiftOption]] = defaultdict(list)
    for o in useful:
        by_template[o.template.name].append(o)
    for tname, options in by_template.items():
        length = booking_days(config, options[0].template)
        if length <= 1:
            continue
        lo, hi = min(o.day for o in options), max(o.day for o in options)
        hi = hi + pd.Timedelta(days=length - 1)
        seen = {o.day for o in options}
        for o in every:
            if o.template.name == tname and lo <= o.day <= hi and o.day not in seen:
                keep.append(o)  # the day's first start: every start of a template costs alike
                seen.add(o.day)
    keep.sort(key=lambda o: (o.start, _tindex(config, o.template)))
    useful_pos = frozenset(i for i, o in enumerate(keep) if id(o) in kept)
    return _Group(name, shops, listed, penalty, rate, dedicated, tuple(keep), useful_pos)


def _options(
    inst: _Instance, config: PlanConfig, campaign: frozenset[pd.Timestamp] | None
) -> list[ShiftOption]:
    """OUT shift options on the model grid (the roster's :func:`forecaster.roster.shift_options`)
    whose length is whole intervals of it; ``campaign`` None = every day is a campaign day."""
    stamps = inst.stamps
    if campaign is None:
        campaign = frozenset(
            pd.date_range(stamps[0].normalize() - pd.Timedelta(days=1), stamps[-1], freq="D")
        )
    options = shift_options(config, stamps, config.queue_names, campaign)
    return [
        o
        for o in options
        if o.template.kind == "OUT" and o.template.length_minutes % inst.minutes == 0
    ]


def _integer_count(groups: Iterable[_Group]) -> int:
    return sum(len(g.options) + sum(len(g.options[i].breaks) for i in g.useful) for g in groups)


# --------------------------------------------------------------------------- the comparison


def pool_vendor(
    needs: Mapping[str, pd.DataFrame],
    config: PlanConfig,
    *,
    interval_minutes: int | None = None,
    progress: Progress | None = None,
) -> VendorResult:
    """Plan the vendor's shared seats for a fleet and compare them with each shop alone.

    Parameters
    ----------
    needs
        Shop name → its need (:func:`shop_need`, :func:`read_shop_need`): at least
        ``interval_start, need`` [headcount]; ``queue`` rows are summed per interval;
        ``campaign_day`` (optional) gives the days ``days = "campaign"`` OUT templates may
        run for that shop (without it, every day).
    config
        The fleet's plan: ``[vendor]`` groups, the OUT ``[[shifts]]`` templates and their
        rates (``labour.out_premium``), ``labour.out_productivity`` (a vendor seat's work
        against an in-house agent's), ``labour.out_min_booking_days`` and ``[solver]``
        (``name``, ``time_limit_seconds`` and ``gap_rel`` of each solve: every shop's alone,
        then the pool's).
    interval_minutes
        Model grid [min]; default the shops' grid, or whole hours when the pooled model would
        have more than :data:`MAX_INTEGER_VARIABLES` integer variables.
    progress
        Called with one line per solve.

    Returns
    -------
    VendorResult
        Pooled seats (``vendor_orders.csv``), per-group utilisation, each shop alone, the
        saving and any shortfall with its reason.

    Raises
    ------
    InputDataError
        No shops, or a need frame without ``interval_start`` or ``need``.
    InfeasiblePlanError
        The config has no OUT shift template, or the solver asked for is not installed.
    """
    say = progress or (lambda line: None)
    if not any(t.kind == "OUT" for t in config.shifts):
        raise InfeasiblePlanError(
            "the vendor's seats need an OUT shift template ([[shifts]] kind = 'OUT'), got none"
        )
    frames = _frames(needs, config)
    if all(len(f) == 0 for f in frames.values()):
        raise InputDataError("pool_vendor: every shop's need is empty")
    notes: list[str] = []
    grids = [
        _step(pd.DatetimeIndex(f["interval_start"].drop_duplicates().sort_values()), 60)
        for f in frames.values()
        if len(f)
    ]
    fine = int(min(grids) / pd.Timedelta(minutes=1))
    minutes = interval_minutes or fine
    inst = _instance(frames, config, minutes)
    shared, dedicated = _groups(inst, config, notes)
    groups = shared + (list(dedicated.values()) if config.vendor.dedicated else [])
    count = _integer_count(groups)
    if interval_minutes is None and count > MAX_INTEGER_VARIABLES and minutes < AGGREGATE_MINUTES:
        notes.append(
            f"the pooled model would have {count:,} integer variables on the {minutes}-min "
            f"grid (more than {MAX_INTEGER_VARIABLES:,}): solved on whole hours, an hour's "
            "need its busiest interval's, shifts starting and ending on the hour"
        )
        minutes = AGGREGATE_MINUTES
        inst = _instance(frames, config, minutes)
        shared, dedicated = _groups(inst, config, [])
        groups = shared + (list(dedicated.values()) if config.vendor.dedicated else [])
    dropped = sorted(
        {t.name for t in config.shifts if t.kind == "OUT" and t.length_minutes % minutes}
    )
    if dropped:
        notes.append(
            f"OUT template(s) {', '.join(dropped)} are not whole {minutes}-min intervals long "
            "and are not offered"
        )
    per_hour = min(shortfall_penalty(config, q) for q in config.queues)  # [CNY/agent-hour]
    penalty = per_hour * config.labour.out_productivity * inst.hours  # per seat-interval

    # each shop alone: its dedicated group only
    separate_rows: list[dict[str, Any]] = []
    combined: Solution = {}
    separate_objective = 0.0
    separate_bound: float | None = 0.0
    limit = float(config.solver.time_limit_seconds)  # per solve, as the roster's
    for s, shop in enumerate(inst.shops):
        alone = _Model(inst, [dedicated[s]], config, penalty, shops=[s])
        solved = _solve(alone, config, limit, None)
        got = solved.values if solved.values is not None else alone.complete({})
        combined.update(got)
        seat_hours = _seat_hours([dedicated[s]], got)
        cost = _cost([dedicated[s]], got, config)
        short = sum(v for k, v in got.items() if k[0] == "s")
        separate_objective += alone.objective(got)
        gap = _gap(alone.objective(got) - alone.constant, solved.bound)
        if separate_bound is not None and solved.bound is not None:
            separate_bound += solved.bound + alone.constant
        else:
            separate_bound = None
        separate_rows.append(
            {
                "shop": shop,
                "need_seat_hours": round(float(inst.need[s].sum() * inst.hours), 2),
                "seat_hours": round(seat_hours, 2),
                "cost": round(cost, 2),
                "shortfall_seat_hours": round(short * inst.hours, 2),
                "status": solved.status,
                "gap": gap,
                "solve_seconds": round(solved.seconds, 3),
            }
        )
        say(
            msg(
                "vendor.alone",
                shop=shop,
                seat_hours=seat_hours,
                cost=cost,
                status=_status(solved.status),
                seconds=solved.seconds,
            )
        )

    # the pool, started from the separate plans where they are a solution of it
    pooled = _Model(inst, groups, config, penalty)
    start = pooled.complete(combined) if config.vendor.dedicated else None
    say(
        msg(
            "vendor.pooling",
            shops=len(inst.shops),
            groups=len(groups),
            minutes=minutes,
            variables=pooled.prob.numVariables(),
            constraints=pooled.prob.numConstraints(),
        )
    )
    solved = _solve(pooled, config, limit, start)
    source = "pooled"
    values: Solution | None = solved.values
    if start is not None and (
        values is None or pooled.objective(values) > pooled.objective(start) + _EPS
    ):
        values, source = dict(start), "separate"
        notes.append(msg("vendor.kept_separate", status=_status(solved.status)))
    if values is None:  # no dedicated seats to fall back on and no solution
        raise InfeasiblePlanError(
            msg(
                "vendor.no_plan",
                limit=f"{config.solver.time_limit_seconds:g}",
                status=_status(solved.status),
            )
        )
    objective = pooled.objective(values)
    status = solved.status if source == "pooled" else "separate plans kept"
    say(
        msg(
            "vendor.pooled",
            seat_hours=_seat_hours(groups, values),
            cost=_cost(groups, values, config),
            status=_status(status),
            seconds=solved.seconds,
        )
    )
    return _result(
        inst,
        groups,
        config,
        values,
        separate_rows,
        notes,
        {
            "status": status,
            "source": source,
            "solver": solved.solver,
            "objective": round(objective, 2),
            "lower_bound": (
                round(solved.bound + pooled.constant, 2) if solved.bound is not None else None
            ),
            "gap": _gap(objective - pooled.constant, solved.bound),
            "solve_seconds": round(solved.seconds, 3),
            "separate_seconds": round(sum(r["solve_seconds"] for r in separate_rows), 3),
            "separate_objective": round(separate_objective, 2),
            "separate_lower_bound": (
                round(separate_bound, 2) if separate_bound is not None else None
            ),
            "warm_start": start is not None and solved.solver == "cbc",
            "interval_minutes": minutes,
            "shops_interval_minutes": fine,
            "variables": pooled.prob.numVariables(),
            "integer_variables": _integer_count(groups),
            "constraints": pooled.prob.numConstraints(),
            "shortfall_penalty_per_seat_hour": round(penalty / inst.hours, 2),
        },
    )


def _gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return round(max(0.0, (objective - bound) / max(abs(objective), 1e-9)), 6)


def _seat_hours(groups: Sequence[_Group], sol: Solution) -> float:
    return float(
        sum(
            o.paid_hours * sol.get(("y", g.name, *_okey(o)), 0.0) for g in groups for o in g.options
        )
    )


def _present(g: _Group, sol: Solution, n: int) -> np.ndarray:
    """Seats of ``g`` on site and not on break per interval."""
    delta = np.zeros(n + 1)
    for i, o in enumerate(g.options):
        seats = sol.get(("y", g.name, *_okey(o)), 0.0)
        if seats <= 0:
            continue
        lo, hi = max(o.cover[0], 0), max(min(o.cover[1], n), 0)
        delta[lo] += seats
        delta[hi] -= seats
        if i in g.useful:
            for b, (b0, b1) in enumerate(o.breaks):
                k = sol.get(("k", g.name, *_okey(o), b), 0.0)
                delta[max(b0, 0)] -= k
                delta[max(min(b1, n), 0)] += k
    return np.cumsum(delta)[:n]


def _reason(
    groups: Sequence[_Group], covered: Mapping[str, np.ndarray], s: int, t: int, status: str
) -> str:
    """Why shop ``s`` is left short at interval ``t``."""
    serving = [g for g in groups if s in g.shops]
    if not serving:
        return "no seat group may serve this shop (vendor.groups, vendor.dedicated = false)"
    if not any(covered[g.name][t] for g in serving):
        return (
            "no vendor shift spans this interval: the OUT templates' days (campaign days), "
            "start windows and lengths leave it out"
        )
    why = (
        "left short: the shifts that span it would cost more than the shortfall penalty "
        "([costs]) of the need they cover, or cannot be booked for their minimum days"
    )
    return why if status == "optimal" else f"{why}, or the solver stopped early ({status})"


def _result(
    inst: _Instance,
    groups: Sequence[_Group],
    config: PlanConfig,
    sol: Solution,
    separate_rows: list[dict[str, Any]],
    notes: list[str],
    info: dict[str, Any],
) -> VendorResult:
    n, hours = len(inst.stamps), inst.hours
    rows, group_rows, alloc_rows = [], [], []
    for g in groups:
        for o in g.options:
            seats = int(round(sol.get(("y", g.name, *_okey(o)), 0.0)))
            if seats <= 0:
                continue
            unit = g.cost(o, config)
            rows.append(
                {
                    "group": g.name,
                    "date": o.day,
                    "start": o.start,
                    "end": o.end,
                    "hours": float(o.paid_hours),
                    "seats": seats,
                    "cost": round(seats * unit, 2),
                    "seat_hours": round(seats * float(o.paid_hours), 4),
                    "length_hours": float(o.template.length_hours),
                    "shift": o.template.name,
                    "code": o.template.code,
                }
            )
        capacity = float(_present(g, sol, n).sum() * g.efficiency * hours)
        served: dict[int, float] = defaultdict(float)
        for key, v in sol.items():
            if key[0] == "w" and key[1] == g.name and v > 0:
                served[int(key[2])] += v * hours
        for s, v in sorted(served.items()):
            alloc_rows.append(
                {"group": g.name, "shop": inst.shops[s], "served_seat_hours": round(v, 2)}
            )
        total = sum(served.values())
        group_rows.append(
            {
                "group": g.name,
                "shops": g.listed,
                "n_shops": len(g.shops),
                "dedicated": g.dedicated,
                "concurrency_penalty": g.penalty,
                "efficiency": round(g.efficiency, 4),
                "seat_days": int(sum(r["seats"] for r in rows if r["group"] == g.name)),
                "seat_hours": round(_seat_hours([g], sol), 2),
                "cost": round(_cost([g], sol, config), 2),
                "capacity_seat_hours": round(capacity, 2),
                "served_seat_hours": round(total, 2),
                "utilisation": round(total / capacity, 4) if capacity > 0 else None,
            }
        )
    orders = pd.DataFrame(rows, columns=[*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS])
    if len(orders):
        orders = orders.sort_values(["group", "date", "start", "shift"], kind="stable")
        orders = orders.reset_index(drop=True)
    covered = {g.name: _covered(g, n) for g in groups}
    short_rows = [
        {
            "shop": inst.shops[int(key[1])],
            "interval_start": inst.stamps[int(key[2])],
            "need_seats": round(float(inst.need[int(key[1]), int(key[2])]), 4),
            "shortfall_seats": round(v, 4),
            "reason": _reason(groups, covered, int(key[1]), int(key[2]), info["status"]),
        }
        for key, v in sol.items()
        if key[0] == "s" and v > _EPS
    ]
    shortfall = pd.DataFrame(
        short_rows, columns=["shop", "interval_start", "need_seats", "shortfall_seats", "reason"]
    ).sort_values(["shop", "interval_start"], kind="stable", ignore_index=True)
    separate = pd.DataFrame(
        separate_rows,
        columns=[
            "shop",
            "need_seat_hours",
            "seat_hours",
            "cost",
            "shortfall_seat_hours",
            "status",
            "gap",
            "solve_seconds",
        ],  # fmt: skip
    )
    pooled_hours = _seat_hours(groups, sol)
    pooled_cost = _cost(groups, sol, config)
    sep_hours = float(separate["seat_hours"].sum())
    sep_cost = float(separate["cost"].sum())
    if len(shortfall):
        notes.append(
            f"{len(shortfall)} shop interval(s) left short by "
            f"{shortfall['shortfall_seats'].sum() * hours:,.1f} seat-hours, first "
            f"{shortfall['shop'].iloc[0]} {shortfall['interval_start'].iloc[0]:%Y-%m-%d %H:%M}: "
            f"{shortfall['reason'].iloc[0]}"
        )
    summary: dict[str, Any] = {
        "shops": list(inst.shops),
        "groups": [g.name for g in groups],
        "need_seat_hours": round(float(inst.need.sum() * hours), 2),
        "pooled_seat_hours": round(pooled_hours, 2),
        "pooled_cost": round(pooled_cost, 2),
        "separate_seat_hours": round(sep_hours, 2),
        "separate_cost": round(sep_cost, 2),
        "saving_seat_hours": round(sep_hours - pooled_hours, 2),
        "saving_seat_hours_share": round((sep_hours - pooled_hours) / sep_hours, 4)
        if sep_hours > 0
        else 0.0,
        "saving_cost": round(sep_cost - pooled_cost, 2),
        "saving_cost_share": round((sep_cost - pooled_cost) / sep_cost, 4) if sep_cost > 0 else 0.0,
        "pooled_shortfall_seat_hours": round(float(shortfall["shortfall_seats"].sum() * hours), 2),
        "separate_shortfall_seat_hours": round(float(separate["shortfall_seat_hours"].sum()), 2),
        "out_productivity": config.labour.out_productivity,
        **info,
        "messages": list(notes),
    }
    return VendorResult(
        orders,
        pd.DataFrame(group_rows),
        pd.DataFrame(alloc_rows, columns=["group", "shop", "served_seat_hours"]),
        separate,
        shortfall,
        summary,
        tuple(notes),
    )


# --------------------------------------------------------------------------- files


def write_vendor(result: VendorResult, out_dir: str | Path) -> list[Path]:
    """Write ``vendor_orders.csv`` (UTF-8 with a byte-order mark, English headers, text cells
    neutralised against formula injection, datetimes ISO 8601) and ``vendor_summary.json``
    (the summary, the groups, each shop alone and the first shortfalls) into ``out_dir``.

    Raises
    ------
    InputDataError
        ``out_dir`` is a file, or a file cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputDataError(f"{out}: cannot create the output directory ({exc}).") from None
    orders = result.orders.copy()
    for column in ("group", "shift", "code"):
        orders[column] = orders[column].astype(object).map(neutralise)
    orders["date"] = pd.to_datetime(orders["date"]).dt.strftime("%Y-%m-%d")
    for column in ("start", "end"):
        orders[column] = pd.to_datetime(orders[column]).dt.strftime("%Y-%m-%d %H:%M:%S")
    for column in ("hours", "cost", "seat_hours", "length_hours"):
        orders[column] = orders[column].astype(float).round(FLOAT_DECIMALS)
    shortfall = result.shortfall.head(50).copy()
    shortfall["interval_start"] = shortfall["interval_start"].astype(str)
    summary = {
        **result.summary,
        "groups_table": _records(result.groups),
        "allocation": _records(result.allocation),
        "separate": _records(result.separate),
        "shortfall_intervals": len(result.shortfall),
        "shortfall_first": _records(shortfall),
    }
    paths = [out / name for name in VENDOR_FILES]
    try:
        paths[0].write_text(
            write_csv(orders, float_format=None, date_format=None) or "",
            encoding=CSV_ENCODING,
            newline="",
        )
        paths[1].write_text(
            json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
    except OSError as exc:
        hint = "; close it in Excel/WPS and try again" if isinstance(exc, PermissionError) else ""
        raise InputDataError(
            f"{out}: cannot write the vendor files ({exc.strerror}){hint}"
        ) from None
    return paths


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain JSON rows (numpy scalars made Python, NaN as null)."""
    out = []
    for row in frame.to_dict("records"):
        out.append(
            {
                str(k): (
                    None
                    if isinstance(v, float) and math.isnan(v)
                    else v.item()
                    if isinstance(v, np.generic)
                    else v
                )  # fmt: skip
                for k, v in row.items()
            }
        )
    return out


def _status(status: str) -> str:
    """A solver status as a message where the catalogue has it (最优 in Chinese)."""
    key = f"status.{status}"
    return msg(key) if key in CATALOGUE else status
