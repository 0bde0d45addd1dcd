"""Team sizing: how many full-time agents and part-timers the horizon calls for.

``[labour] ft_agents = "auto"`` (and ``pt_pool = "auto"``) lets the roster choose the team
between the planner's bounds. The choice is made on a linear relaxation of the roster
program that keeps what decides a team's size and drops what only decides who works when:

Variables
    ``z[o, q] ≥ 0`` agents on shift option ``o`` (template × start × day, the roster's own
    options: start windows, ``days`` and overtime as configured) serving queue ``q``;
    ``k[o, q, b] ≥ 0`` of them on break ``b``; ``s[t, q] ≥ 0`` shortfall; ``F`` the FT
    team; ``P`` the part-time pool.
Objective
    ``F · salary + P · pt_cost + Σ_{PT, OUT} c[o]·z[o, q] + Σ_FT overtime pay + Σ p[q]·Δ·s``,
    where ``salary`` is ``ft_monthly_salary`` prorated to the horizon, and at least one
    month's (FT agents are paid whether or not a shift needs them, so their shifts cost
    nothing more; nobody is hired for a few days), and ``pt_cost`` is ``pt_monthly_cost``
    the same way.
Constraints
    cover as in the roster (outsourced agents at ``out_productivity``); FT shifts on a day
    ``≤ F`` and in a week ``≤ F × (7 − ft_days_off_per_week)``; part-time shifts on a day
    ``≤ P``, in any ``pt_max_consecutive_days`` + 1 days ``≤ P × pt_max_consecutive_days``,
    part-time paid hours in a week ``≤ P × pt_max_hours_per_week`` and
    ``≤ pt_max_share`` of all paid hours; rest between days: for every start time ``c`` on
    a day, the shifts of the day before ending after ``c − min_rest_hours`` plus that day's
    shifts starting by ``c`` ``≤ F`` (FT) or ``≤ P`` (PT), as they pairwise clash; ``F`` and
    ``P`` inside their bounds.

It drops each agent's rest, consecutive-day, crew, booking and integrality rules, so it errs
on the side of a smaller team than the full program would pick; the roster then solves the
full program with the team chosen here. The LP optimum is rounded to whole agents by
comparing the neighbouring integers (each solved with the team fixed). The marginal value of
one more FT agent (or part-timer) is what the LP's part-time, outsourced, overtime and
shortfall cost falls when the team grows by one, against what that agent costs for the
horizon: hire while the value exceeds the cost.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from forecaster.config import PlanConfig
from forecaster.errors import InfeasiblePlanError
from forecaster.messages import Message, msg

if TYPE_CHECKING:
    from forecaster.roster import ShiftOption

WORKING_DAYS_PER_MONTH = 21.75
"""Statutory average working days in a month (China: (365 − 104 − 11) / 12)."""
DAYS_PER_MONTH = 365 / 12
TEAM_FREE = 10**9
"""An upper bound on a team that never binds."""
TIE_BREAK = 0.01
"""CNY added to each agent of a team in the LP, so that of two teams of equal cost (a
part-time pool that costs nothing to keep) the smaller is chosen."""


@dataclass(frozen=True)
class TeamCheck:
    """The roster's re-check of an auto-sized FT team that fell short: the roster solved
    again with ``after`` agents instead of ``before``, and what the larger team saves with
    every FT agent at its salary for the horizon (CNY; None if a roster failed)."""

    before: int
    after: int
    short_before: float
    short_after: float | None
    saving: float | None

    @property
    def adopted(self) -> bool:
        return self.saving is not None and self.saving > 0


@dataclass(frozen=True)
class TeamSize:
    """The team the horizon calls for and what one more agent of each kind is worth.

    Money is in CNY over the horizon; ``*_value`` is the LP's part-time, outsourced, overtime
    and shortfall cost saved by one more agent at the chosen size, ``*_cost`` that agent's
    prorated salary (FT) or fixed cost (PT)."""

    ft_agents: int
    pt_pool: int
    ft_auto: bool
    pt_auto: bool
    ft_lp: float
    pt_lp: float
    ft_value: float
    pt_value: float
    ft_cost: float
    pt_cost: float
    ft_monthly_salary: float
    horizon_days: int
    lp_cost: float
    ft_agents_max: int | None = None
    pt_pool_max: int | None = None
    checks: tuple[TeamCheck, ...] = ()
    """The roster's re-checks of the FT team (``ft_agents`` is then the team it kept)."""
    checks_capped: bool = False
    """The re-checks stopped at their limit while the last one still saved and left
    shortfall: a larger team may pay more."""

    def summary(self) -> dict[str, Any]:
        """The ``team_sizing`` entry of ``summary.json`` (rounded for reading)."""

        def rounded(values: Mapping[str, Any]) -> dict[str, Any]:
            return {k: round(v, 2) if isinstance(v, float) else v for k, v in values.items()}

        out = rounded(asdict(self))
        checks = out.pop("checks")
        if checks:
            out["checks"] = [rounded(check) for check in checks]
        return out

    def check_message(self, c: TeamCheck) -> Message:
        """One re-check's line."""
        return msg(
            "sizing.checked" if c.adopted else "sizing.checked_kept",
            before=c.before,
            after=c.after,
            short_before=c.short_before,
            short_after=c.short_after if c.short_after is not None else float("nan"),
            saving=abs(c.saving or 0.0),
            days=self.horizon_days,
        )

    def message(self) -> str:
        """One line for the progress and the summary's messages."""
        adopted = [c for c in self.checks if c.adopted]
        parts = [
            # the LP's one-more figures are for the LP's team; the checks' line says what a
            # larger team than the kept one did (tried and not kept, or not tried)
            msg("sizing.ft_checked", lp=adopted[0].before, size=size)
            if kind == "ft" and adopted
            else msg(
                f"sizing.{kind}",
                size=size,
                how=msg("sizing.chosen" if auto else "sizing.fixed"),
                value=value,
                cost=cost,
                days=self.horizon_days,
                verdict=self._verdict(value, cost, size, top, key),
            )
            for kind, size, auto, value, cost, top, key in (
                (
                    "ft",
                    self.ft_agents,
                    self.ft_auto,
                    self.ft_value,
                    self.ft_cost,
                    self.ft_agents_max,
                    "ft_agents_max",
                ),
                (
                    "pt",
                    self.pt_pool,
                    self.pt_auto,
                    self.pt_value,
                    self.pt_cost,
                    self.pt_pool_max,
                    "pt_pool_max",
                ),
            )
        ]
        # shorter than a month, the FT team is sized against a month's salary (nobody is
        # hired for a few days), so it is smaller than one already in place: say so, and
        # name the key that keeps a team
        if self.ft_auto and self.horizon_days < DAYS_PER_MONTH:
            parts.append(msg("sizing.short", days=self.horizon_days))
        if self.checks:
            parts.append(self.checks_message())
        return msg("sizing.message", parts=parts)

    def checks_message(self) -> Message:
        """The re-checks in one line: the team and its shortfall at each kept step, what
        they saved together, and the last try when it was not kept."""
        kept = [c for c in self.checks if c.adopted]
        last = self.checks[-1]
        if not kept:
            return self.check_message(last)
        sizes = [self.checks[0].before] + [c.after for c in kept]
        short = [self.checks[0].short_before] + [c.short_after or 0.0 for c in kept]
        line = msg(
            "sizing.checks",
            sizes=" → ".join(str(n) for n in sizes),
            short=" → ".join(f"{h:,.1f}" for h in short),
            saving=sum(c.saving or 0.0 for c in kept),
            days=self.horizon_days,
            size=sizes[-1],
        )
        if last.adopted:
            if self.checks_capped:
                return msg("sizing.checks_capped", line=line, n=len(self.checks), size=sizes[-1])
            return line
        return msg(
            "sizing.checks_tried",
            line=line,
            after=last.after,
            short_after=last.short_after if last.short_after is not None else float("nan"),
        )

    @staticmethod
    def _verdict(value: float, cost: float, size: int, top: int | None, key: str) -> Message:
        """Worth adding or not; worth it at the planner's upper bound says which key holds
        the team back (the sizing stops there, not at the saving)."""
        if value <= cost + 0.5:
            return msg("sizing.not_worth")
        if top is not None and size >= top:
            return msg("sizing.capped", key=key, size=top)
        return msg("sizing.worth")


@functools.cache
def silence_highs_banner() -> None:
    """HiGHS prints a banner on stdout (the C library's, past Python) the first time a
    ``Highs`` is made in a process, before ``output_flag`` can be set: make that first one
    with the descriptor pointed at /dev/null. Call before any HiGHS solve (PuLP's too)."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def quiet_highs() -> Any:
    """A ``highspy.Highs`` that prints nothing."""
    import highspy

    silence_highs_banner()
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


def resolved(config: PlanConfig, summary: Mapping[str, Any]) -> PlanConfig:
    """``config`` with the team a roster's ``summary.json`` says it chose (``team_sizing``);
    unchanged when the sizes were fixed."""
    sizing = summary.get("team_sizing")
    if not sizing:
        return config
    labour = config.labour.sized(int(sizing["ft_agents"]), int(sizing["pt_pool"]))
    return config.model_copy(update={"labour": labour})


def ft_monthly_salary(config: PlanConfig) -> float:
    """``labour.ft_monthly_salary``, or the FT templates' mean cost of a working day ×
    :data:`WORKING_DAYS_PER_MONTH` (what the roster's hourly prices imply). [CNY/month]"""
    if config.labour.ft_monthly_salary is not None:
        return float(config.labour.ft_monthly_salary)
    days = [t.paid_hours * config.cost_per_paid_hour(t) for t in config.shifts if t.kind == "FT"]
    return float(np.mean(days)) * WORKING_DAYS_PER_MONTH if days else 0.0


def size_team(lp: SizingLP, config: PlanConfig) -> TeamSize:
    """Choose ``ft_agents`` and ``pt_pool`` where they are ``"auto"`` (module docstring) on
    the relaxation ``lp`` and price one more agent of each kind; fixed sizes stay as
    configured.

    Raises
    ------
    InfeasiblePlanError
        The relaxation cannot be solved (it always can while shortfall is allowed, so this
        means a solver failure).
    """
    labour = config.labour
    ft_auto, pt_auto = labour.ft_agents == "auto", labour.pt_pool == "auto"
    ft_range = (labour.ft_agents_min, labour.ft_agents_max) if ft_auto else (labour.ft_agents,) * 2
    pt_range = (labour.pt_pool_min, labour.pt_pool_max) if pt_auto else (labour.pt_pool,) * 2
    best = lp.solve(ft_range, pt_range)  # type: ignore[arg-type]
    if best is None:
        raise InfeasiblePlanError("team sizing: the sizing LP could not be solved")
    ft_lp, pt_lp = best[1], best[2]
    candidates = [
        (f, p)
        for f in sorted({math.floor(ft_lp + 1e-6), math.ceil(ft_lp - 1e-6)})
        for p in sorted({math.floor(pt_lp + 1e-6), math.ceil(pt_lp - 1e-6)})
    ]
    scored = []
    for f, p in candidates:
        solved = lp.solve((f, f), (p, p)) if len(candidates) > 1 else best
        if solved is not None:
            scored.append((solved[0], f, p))
    cost, ft, pt = min(scored) if scored else (best[0], round(ft_lp), round(pt_lp))
    ft_cost, pt_cost = lp.ft_cost, lp.pt_cost
    # one more of each kind: the LP with that team (a discrete difference, not a dual)
    plus_ft = lp.solve((ft + 1, ft + 1), (pt, pt))
    plus_pt = lp.solve((ft, ft), (pt + 1, pt + 1))
    ft_value = cost - (plus_ft[0] - ft_cost) if plus_ft else 0.0
    pt_value = cost - (plus_pt[0] - pt_cost) if plus_pt else 0.0
    return TeamSize(
        ft_agents=int(ft),
        pt_pool=int(pt),
        ft_auto=ft_auto,
        pt_auto=pt_auto,
        ft_lp=float(ft_lp),
        pt_lp=float(pt_lp),
        ft_value=max(float(ft_value), 0.0),
        pt_value=max(float(pt_value), 0.0),
        ft_cost=float(ft_cost),
        pt_cost=float(pt_cost),
        ft_monthly_salary=ft_monthly_salary(config),
        horizon_days=lp.horizon_days,
        lp_cost=float(cost),
        ft_agents_max=labour.ft_agents_max if ft_auto else None,
        pt_pool_max=labour.pt_pool_max if pt_auto else None,
    )


def template_floor(lp: SizingLP) -> float | None:
    """The fewest paid hours of the roster's LP relaxation with every template at every
    start it allows (its start window, days and overtime: the roster's own options; breaks
    in their windows; outsourced agents at ``out_productivity``) and no team size,
    part-time share, days-off, rest or booking rule [h]; None if the LP fails. Against the
    grid-wide floor (:func:`forecaster.roster.paid_hours_floor`, any start on the grid) it
    leaves out what the templates' start windows cost and keeps what the rules, the teams
    and whole agents cost. It re-prices ``lp`` for good: call it after :func:`size_team`."""
    return lp.fewest_paid_hours()


def _add_rest_rows(
    cap: dict[tuple[str, Any], list[tuple[int, float]]],
    shift_cols: Mapping[str, Sequence[tuple[ShiftOption, int]]],
    rest_hours: float,
) -> None:
    """Rest between days as team rows (``("ft_rest" | "pt_rest", cut)``): for every start
    time ``c`` on day ``d+1``, the shifts of day ``d`` ending after ``c − rest`` and those of
    ``d+1`` starting by ``c`` pairwise clash, so one agent works at most one of them and the
    team (``F`` or ``P``) bounds their sum. Without them the LP staffed the morning after
    双11 with agents who had worked its last hours; with them the roster's bound on the
    sample's 10-31..11-13 rose from 1,707,826 to 1,824,877 CNY."""
    rest = pd.Timedelta(hours=rest_hours)
    for kind, pairs in shift_cols.items():
        by_day: dict[pd.Timestamp, list[tuple[ShiftOption, int]]] = defaultdict(list)
        for o, col in pairs:
            by_day[o.day].append((o, col))
        for day, today in by_day.items():
            tomorrow = by_day.get(day + pd.Timedelta(days=1), [])
            for cut in sorted({o.start for o, _ in tomorrow}):
                late = [col for o, col in today if o.end > cut - rest]
                if late:
                    early = [col for o, col in tomorrow if o.start <= cut]
                    cap[(f"{kind.lower()}_rest", cut)] = [(c, 1.0) for c in late + early]


@dataclass(frozen=True)
class TeamRelaxation:
    """:meth:`SizingLP.roster_relaxation`'s answer: the bound [CNY] and the FT agents on
    duty each day."""

    objective: float
    ft_on_duty: dict[pd.Timestamp, float]


class SizingLP:
    """The relaxation of the module docstring as sparse matrices, solved by HiGHS
    (``scipy.optimize.linprog``) for given bounds on ``F`` and ``P``."""

    def __init__(
        self,
        required: np.ndarray,
        stamps: pd.DatetimeIndex,
        queues: Sequence[str],
        options: Sequence[ShiftOption],
        config: PlanConfig,
        penalties: Sequence[float],
        ft_closed: frozenset[pd.Timestamp] = frozenset(),
    ) -> None:
        """``ft_closed``: days no FT tour can work (:func:`forecaster.roster.team_forced_off`),
        whose FT shifts are kept at 0."""
        labour = config.labour
        n, nq = len(stamps), len(queues)
        minutes = int((stamps[1] - stamps[0]) / pd.Timedelta(minutes=1)) if n > 1 else 60
        days = pd.date_range(stamps[0].normalize(), stamps[-1].normalize(), freq="D")
        self.horizon_days = len(days)
        # an agent is not hired for a few days: at least a month's cost, however short the
        # horizon (a 3-day window around 11-11 would otherwise hire the upper bound)
        months = max(self.horizon_days, DAYS_PER_MONTH) / DAYS_PER_MONTH
        self.ft_cost = ft_monthly_salary(config) * months
        self.pt_cost = labour.pt_monthly_cost * months
        qpos = {q: i for i, q in enumerate(queues)}
        row_of = np.full((n, nq), -1)
        live = np.argwhere(required > 0)
        row_of[live[:, 0], live[:, 1]] = np.arange(len(live))
        n_cover = len(live)
        cover_r: list[np.ndarray] = []
        cover_c: list[np.ndarray] = []
        cover_v: list[np.ndarray] = []
        cost: list[float] = []
        full: dict[int, float] = {}  # FT columns: the roster's price, salary aside
        eq_r: list[int] = []
        eq_c: list[int] = []
        eq_v: list[float] = []
        # capacity rows: (kind, key) -> list of (column, coefficient)
        cap: dict[tuple[str, Any], list[tuple[int, float]]] = defaultdict(list)
        hours_pt: list[tuple[int, float]] = []
        hours_all: list[tuple[int, float]] = []
        column = 0
        links = 0
        shift_cols: dict[str, list[tuple[ShiftOption, int]]] = defaultdict(list)  # FT, PT

        def span(lo: int, hi: int, q: int, col: int, weight: float) -> None:
            rows = row_of[max(lo, 0) : min(hi, n), q]
            rows = rows[rows >= 0]
            cover_r.append(rows)
            cover_c.append(np.full(len(rows), col))
            cover_v.append(np.full(len(rows), weight))

        run = labour.pt_max_consecutive_days
        days = [o.day for o in options]
        first_day, last_day = min(days, default=None), max(days, default=None)
        for o in options:
            kind: str = o.template.kind
            weight = labour.out_productivity if kind == "OUT" else 1.0
            if kind == "FT":
                rate = config.cost_per_paid_hour(o.template)
                price = o.cost - o.template.paid_hours * rate  # overtime pay only
            else:
                price = o.cost
            monday = o.day - pd.Timedelta(days=o.day.day_of_week)
            for q in o.queues:
                col = column
                column += 1
                if kind != "OUT":
                    shift_cols[kind].append((o, col))
                cost.append(price)
                span(o.cover[0], o.cover[1], qpos[q], col, weight)
                if kind == "FT":
                    full[col] = o.cost
                    cap[("ft_day", o.day)].append((col, 1.0))
                    cap[("ft_week", monday)].append((col, 1.0))
                elif kind == "PT":
                    cap[("pt_day", o.day)].append((col, 1.0))
                    cap[("pt_week", monday)].append((col, o.paid_hours))
                    for back in range(run + 1):  # windows of run + 1 days inside the horizon
                        first = o.day - pd.Timedelta(days=back)
                        if first_day <= first and first + pd.Timedelta(days=run) <= last_day:
                            cap[("pt_run", first)].append((col, 1.0))
                    hours_pt.append((col, o.paid_hours))
                hours_all.append((col, o.paid_hours))
                if o.breaks:
                    eq_r.append(links)
                    eq_c.append(col)
                    eq_v.append(1.0)
                    for b0, b1 in o.breaks:
                        span(b0, b1, qpos[q], column, -weight)
                        cost.append(0.0)
                        eq_r.append(links)
                        eq_c.append(column)
                        eq_v.append(-1.0)
                        column += 1
                    links += 1
        _add_rest_rows(cap, shift_cols, labour.min_rest_hours)
        shortfall = column + np.arange(n_cover)
        hours = minutes / 60
        cost += [penalties[q] * hours for q in live[:, 1]]
        column += n_cover
        self.f_col, self.p_col = column, column + 1
        cost += [self.ft_cost + TIE_BREAK, self.pt_cost + TIE_BREAK]  # the smaller of equals
        column += 2
        self.c = np.asarray(cost, dtype=float)
        self.roster_c = self.c.copy()  # the roster program's objective (see roster_bound)
        self.roster_c[list(full)] = list(full.values())
        self.roster_c[[self.f_col, self.p_col]] = 0.0
        self.n_cols = column
        self.hours = np.zeros(column)  # paid hours per agent of each shift column
        for col, h in hours_all:
            self.hours[col] = h
        self.shortfall = shortfall
        self.ft_day_cols = {  # FT shift columns of each day
            key: np.asarray([col for col, _ in terms], dtype=int)
            for (kind, key), terms in cap.items()
            if kind == "ft_day"
        }

        rows = [np.concatenate(cover_r) if cover_r else np.zeros(0, int), np.arange(n_cover)]
        cols = [np.concatenate(cover_c) if cover_c else np.zeros(0, int), shortfall]
        vals = [np.concatenate(cover_v) if cover_v else np.zeros(0), np.ones(n_cover)]
        # A_ub x <= b_ub: cover as -(...) <= -need, then the capacity rows
        ub_r = [rows[0], rows[1]]
        ub_c = [cols[0], cols[1]]
        ub_v = [-vals[0], -vals[1]]
        need = -required[live[:, 0], live[:, 1]].astype(float)
        row = n_cover
        work = 7 - labour.ft_days_off_per_week
        week_days: dict[pd.Timestamp, int] = defaultdict(int)
        for day in {o.day for o in options}:
            week_days[day - pd.Timedelta(days=day.day_of_week)] += 1
        # capacity rows as (row, column, coefficient) triples, right-hand sides 0
        extra: list[tuple[int, int, float]] = []
        team_col = {"ft_day": self.f_col, "ft_week": self.f_col, "ft_rest": self.f_col}
        self.cap_rows: dict[tuple[str, Any], tuple[int, float]] = {}  # row, F's coefficient
        for (kind, key), terms in cap.items():
            extra += [(row, col, coef) for col, coef in terms]
            if kind in ("ft_day", "pt_day", "ft_rest", "pt_rest"):
                per = 1.0
            elif kind == "ft_week":
                per = float(min(work, week_days[key]))
            elif kind == "pt_run":
                per = float(run)
            else:  # pt_week
                per = float(labour.pt_max_hours_per_week)
            extra.append((row, team_col.get(kind, self.p_col), -per))
            self.cap_rows[(kind, key)] = (row, per)
            row += 1
        self.share_row: int | None = None
        if labour.pt_max_share < 1 and hours_pt:
            self.share_row = row
            extra += [(row, col, h) for col, h in hours_pt]
            extra += [(row, col, -labour.pt_max_share * h) for col, h in hours_all]
            row += 1
        extra_r = np.asarray([r for r, _, _ in extra], dtype=int)
        extra_c = np.asarray([c for _, c, _ in extra], dtype=int)
        extra_v = np.asarray([v for _, _, v in extra], dtype=float)
        import highspy
        from scipy.sparse import csc_matrix, vstack

        ub = csc_matrix(
            (
                np.concatenate([*ub_v, extra_v]),
                (np.concatenate([*ub_r, extra_r]), np.concatenate([*ub_c, extra_c])),
            ),
            shape=(row, column),
        )
        eq = csc_matrix((eq_v, (eq_r, eq_c)), shape=(links, column))
        matrix = vstack([ub, eq]).tocsc()
        b_ub = np.concatenate([need, np.zeros(row - n_cover)])
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = column, row + links
        model.col_cost_ = self.c
        model.col_lower_ = np.zeros(column)
        upper = np.full(column, highspy.kHighsInf)
        for day in ft_closed:
            upper[self.ft_day_cols.get(day, np.zeros(0, dtype=int))] = 0.0
        model.col_upper_ = upper
        model.row_lower_ = np.concatenate([np.full(row, -highspy.kHighsInf), np.zeros(links)])
        model.row_upper_ = np.concatenate([b_ub, np.zeros(links)])
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = matrix.indptr
        model.a_matrix_.index_ = matrix.indices
        model.a_matrix_.value_ = matrix.data
        self.inf = float(highspy.kHighsInf)
        self.optimal = highspy.HighsModelStatus.kOptimal
        self.highs = quiet_highs()
        self.highs.passModel(model)

    def fewest_paid_hours(self) -> float | None:
        """The floor of :func:`template_floor`: fewest paid hours covering everything, with
        the team sizes and the part-time share free (this LP's costs are changed for good)."""
        cost = self.hours.copy()
        cost[self.shortfall] = 1e6  # shortfall only where no shift could cover at all
        self.highs.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), cost)
        if self.share_row is not None:
            self.highs.changeRowBounds(self.share_row, -self.inf, self.inf)
        solved = self.solve((0, TEAM_FREE), (0, TEAM_FREE))
        if solved is None:
            return None
        x = np.asarray(self.highs.getSolution().col_value)
        return float(self.hours @ x)

    def roster_bound(
        self,
        ft_agents: int,
        pt_pool: int,
        ft_least: Mapping[tuple[str, pd.Timestamp], float] | None = None,
    ) -> float | None:
        """A lower bound on the roster program's objective with this team [CNY], or None
        (:meth:`roster_relaxation`'s objective)."""
        solved = self.roster_relaxation(ft_agents, pt_pool, ft_least)
        return None if solved is None else solved.objective

    def roster_relaxation(
        self,
        ft_agents: int,
        pt_pool: int,
        ft_least: Mapping[tuple[str, pd.Timestamp], float] | None = None,
    ) -> TeamRelaxation | None:
        """A lower bound on the roster program's objective with this team [CNY] and the FT
        shifts its LP puts on each day, or None.

        The roster prices every shift at its paid hours (FT ones too) plus the shortfall
        penalty, under this LP's cover, team, part-time and break rows and more (rest,
        consecutive days, crews, bookings, whole agents). So this LP, priced like the
        roster and with ``F`` and ``P`` fixed, is a relaxation of it: unlike the rules-free
        :func:`forecaster.roster.cost_floor` it keeps the start windows, the team and the
        part-time share, which is most of the roster's cost. ``ft_least``: FT shifts the
        roster must buy whether the cover needs them or not, ``("ft_day", day)`` (all-hands
        days) and ``("ft_week", monday)`` (salaried agents work their contract days), which
        become the lower sides of those rows. Costs and rows are restored after."""
        columns = np.arange(self.n_cols, dtype=np.int32)
        self.highs.changeColsCost(self.n_cols, columns, self.roster_c)
        changed = []
        for key, least in (ft_least or {}).items():
            if key in self.cap_rows:
                row, per = self.cap_rows[key]
                self.highs.changeRowBounds(row, float(least) - per * ft_agents, 0.0)
                changed.append(row)
        try:
            solved = self.solve((ft_agents, ft_agents), (pt_pool, pt_pool))
            x = np.asarray(self.highs.getSolution().col_value)
        finally:
            self.highs.changeColsCost(self.n_cols, columns, self.c)
            for row in changed:
                self.highs.changeRowBounds(row, -self.inf, 0.0)
        if solved is None or len(x) != self.n_cols:
            return None
        days = sorted(self.ft_day_cols)
        return TeamRelaxation(
            objective=solved[0],
            ft_on_duty={day: float(x[self.ft_day_cols[day]].sum()) for day in days},
        )

    def solve(self, ft: tuple[int, int], pt: tuple[int, int]) -> tuple[float, float, float] | None:
        """``(objective, F, P)`` with ``F`` and ``P`` inside the given bounds, or None. Each
        solve after the first starts from the previous basis (only two bounds change)."""
        self.highs.changeColBounds(self.f_col, float(ft[0]), float(ft[1]))
        self.highs.changeColBounds(self.p_col, float(pt[0]), float(pt[1]))
        self.highs.run()
        if self.highs.getModelStatus() != self.optimal:
            return None
        x = self.highs.getSolution().col_value
        return float(self.highs.getInfo().objective_function_value), x[self.f_col], x[self.p_col]
