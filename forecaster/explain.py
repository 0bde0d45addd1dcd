"""Explain a plan: a per-day table and, for every long shortfall or idle block, the rule behind it.

Two functions read a :class:`~forecaster.pipeline.PlanResult` (pure pandas, no solver):

``daily_table``
    One row per date of the horizon: required, scheduled and paid hours, agents on duty by
    kind, overtime, shortfall, the simulated service level and the worst interval.
``explain_gaps``
    One record per shortfall run (per queue) and per idle block (the sum over queues) lasting
    over an hour (a shortfall run also when 2 headcount-hours deep), naming the one rule the
    data shows to be the cause.

Conventions
-----------
*Headcount-hours* are people present (the roster's covered ``headcount`` column, breaks
excluded) × interval length [h]. *Paid hours* belong to the day a shift starts (a night
shift started on the eve of the horizon is counted on its first day). Shortfall runs are
found per queue (a queue short while the other has spare people is still short: agents serve
one queue per shift). Idle blocks are found on the **sum over queues**: scheduled exceeds
required by at least one person in every interval of the block, so an agent idle in one
queue while the other is short does not count as idle for the team.

How a rule is chosen
--------------------
Shortfall, at the run's worst interval: no template covers that time at all
(``no_template``); otherwise the binding rule of the most flexible source that could cover
it, outsourced first, then part-time, then full-time: ``out_campaign_only`` (外包 templates run
on campaign days only), ``cheaper_short`` (one more agent costs more than the shortfall
penalty of the hours it would cover), ``out_min_booking``, ``pt_pool``, ``pt_share``,
``pt_week_hours``, ``ft_all_on_duty``, ``ft_days_off``; before them all ``ft_forced_off``
when the all-hands days and the week and run rules leave every FT tour off that day
(`ft_forced_off_days` of summary.json). When none binds in the data the record
says so (``solver``: the roster's status and gap).

Idle, from the shift group on site with the most agent-hours of surplus in its own queue in
the block: agents whose queue has a surplus through their whole shift are there for a
contract, not for demand (outsourced: ``out_min_booking``; full-time: ``ft_all_hands`` on
an all-hands day, else ``ft_contract``).
Otherwise the group is needed at a peak outside the block (the stretch of its shift where
its queue would be short without it), and the rule is ``min_agents`` (that peak is only the
queue's floor), ``shift_length`` (the shortest template covering the peak is longer than the
peak), or, when a template short enough exists, what kept it out: ``pt_pool``,
``pt_share``, ``ft_all_on_duty``; failing those ``shift_length`` for the group's own kind,
``ft_contract`` for FT, else ``solver``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from forecaster.messages import EVERY_QUEUE, EVERY_QUEUE_NAME, number, render
from forecaster.roster import day_spans
from forecaster.sizing import resolved

if TYPE_CHECKING:
    from forecaster.config import PlanConfig, ShiftTemplate
    from forecaster.pipeline import PlanResult

__all__ = [
    "MIN_HOURS",
    "RULE_NAMES",
    "WORST_MIN_ARRIVALS",
    "worst_min_arrivals",
    "daily_table",
    "explain_gaps",
    "explain_html",
    "plan_explanation",
    "rule_name",
]

MIN_HOURS = 1.0
"""A shortfall run or idle block is explained when it lasts longer than this. [h]"""
MIN_SHORT_HEADCOUNT_HOURS = 2.0
"""A shortfall run this many headcount-hours deep is explained however brief: an hour at 15
people short is the plan's worst hour, not a detail. [headcount-hours]"""
WORST_MIN_ARRIVALS = 20
"""The worst interval of a day is chosen among intervals with at least this many simulated
arrivals (fewer make a noisy service level), or the median interval's arrivals in a shop too
small to have such intervals (:func:`worst_min_arrivals`). [inquiries]"""


def worst_min_arrivals(sim: pd.DataFrame) -> float:
    """Simulated arrivals an interval needs to be named a day's worst: at most
    :data:`WORST_MIN_ARRIVALS`, at least the median of the intervals with arrivals (and 1).
    A tea shop's 1-8 chats an interval never reached 20, so its daily table named no worst
    interval, or a busy evening's, while an aftersale hour ran at 22 %."""
    arrivals = pd.to_numeric(sim["arrivals"], errors="coerce")
    arrivals = arrivals[arrivals > 0]
    if arrivals.empty:
        return float(WORST_MIN_ARRIVALS)
    return float(min(WORST_MIN_ARRIVALS, max(1.0, round(float(arrivals.median()), 1))))


KINDS = ("FT", "PT", "OUT")

DAILY_COLUMNS = [
    "date", "required_hours", "scheduled_hours", "paid_hours", "ft_on_duty", "pt_on_duty",
    "out_on_duty", "overtime_hours", "shortfall_hours", "idle_hours", "service_level",
    "worst_interval", "worst_queue", "worst_service_level",
]  # fmt: skip


# --------------------------------------------------------------------------- helpers


def _hours(config: PlanConfig) -> float:
    return config.interval_minutes / 60


def _templates(config: PlanConfig) -> dict[str, ShiftTemplate]:
    return {t.code: t for t in config.shifts}


def _paid_per_agent(shifts: pd.DataFrame, config: PlanConfig) -> pd.Series:
    """Paid hours of one agent on each shift row: the template's ``paid_hours`` (looked up by
    code, else by name; else the span less the break) plus ``overtime_hours`` when the roster
    reports it. [h]"""
    if shifts.empty:
        return pd.Series(dtype=float)
    by_code = {t.code: t.paid_hours for t in config.shifts}
    by_name = {t.name: t.paid_hours for t in config.shifts}
    paid = shifts["code"].map(by_code).astype(float)
    if "shift" in shifts:
        paid = paid.fillna(shifts["shift"].map(by_name).astype(float))
    span = (pd.to_datetime(shifts["end"]) - pd.to_datetime(shifts["start"])).dt.total_seconds()
    brk = (
        pd.to_datetime(shifts["break_end"]) - pd.to_datetime(shifts["break_start"])
    ).dt.total_seconds()
    paid = paid.fillna((span - brk.fillna(0)) / 3600)
    return paid + _overtime_per_agent(shifts)


def _overtime_per_agent(shifts: pd.DataFrame) -> pd.Series:
    """``overtime_hours`` per agent on each shift row (0 when the roster has no such column)."""
    if "overtime_hours" not in shifts:
        return pd.Series(0.0, index=shifts.index)
    return pd.to_numeric(shifts["overtime_hours"], errors="coerce").fillna(0.0)


def _ft_team(result: PlanResult) -> int:
    """The FT team size: ``labour.ft_agents`` when a number, at least the FT agents named in
    the roster (a team of named agents or an ``auto`` size). [agents]"""
    named = result.roster.assignments
    seen = int(named.loc[named["kind"] == "FT", "agent"].nunique()) if not named.empty else 0
    size = resolved(result.config, result.roster.summary).labour.ft_count
    return max(int(size or 0), seen)


def _campaign_days(
    result: PlanResult, campaign_days: Iterable[object] | None
) -> tuple[set[pd.Timestamp], bool]:
    """Campaign days and whether they are known (given, or in the plan or roster summary)
    rather than inferred from the days any outsourced shift ran."""
    listed = campaign_days
    if listed is None:
        listed = result.summary.get("campaign_days", result.roster.summary.get("campaign_days"))
    if listed is not None:
        return {pd.Timestamp(str(d)).normalize() for d in listed}, True
    shifts = result.roster.shifts
    out = shifts[shifts["kind"] == "OUT"] if not shifts.empty else shifts
    return {pd.Timestamp(d).normalize() for d in out.get("date", [])}, False


def _on_duty(assignments: pd.DataFrame) -> pd.DataFrame:
    """Distinct agents on duty per date (index) and kind (columns FT, PT, OUT)."""
    if assignments.empty:
        return pd.DataFrame(columns=list(KINDS), dtype=int)
    frame = assignments.assign(date=pd.to_datetime(assignments["date"]).dt.normalize())
    table = frame.groupby(["date", "kind"])["agent"].nunique().unstack("kind")
    return table.reindex(columns=list(KINDS)).fillna(0).astype(int)


def _clean(value: Any) -> Any:
    """A JSON-friendly scalar: NaN → None, numpy → Python, timestamps → text."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(float(value)) else round(float(value), 4)
    return value


# --------------------------------------------------------------------------- daily table


def daily_table(result: PlanResult) -> pd.DataFrame:
    """One row per date of the horizon.

    Parameters
    ----------
    result
        A plan (roster coverage, shifts and assignments; simulation with ``interval_start,
        queue, arrivals, service_level``).

    Returns
    -------
    pandas.DataFrame
        ``date``; ``required_hours``, ``scheduled_hours``, ``shortfall_hours``,
        ``idle_hours`` (scheduled above required, per queue) [headcount-hours];
        ``paid_hours`` (shifts starting that day, overtime included) [h]; ``ft_on_duty``,
        ``pt_on_duty``, ``out_on_duty`` (distinct agents with a shift that day) [agents];
        ``overtime_hours`` (``overtime_hours`` × agents of the shifts that day, 0 when the
        roster has none) [h]; ``service_level`` (simulated, arrival-weighted; NaN without
        arrivals) [fraction]; ``worst_interval``, ``worst_queue``, ``worst_service_level``:
        the lowest simulated service level among that day's intervals with at least
        :func:`worst_min_arrivals` arrivals (NaT/None/NaN when none has).
    """
    hours = _hours(result.config)
    cov = result.roster.coverage
    date = pd.to_datetime(cov["interval_start"]).dt.normalize()
    gap = cov["scheduled"] - cov["required"]
    frame = pd.DataFrame(
        {
            "date": date,
            "required_hours": cov["required"].astype(float) * hours,
            "scheduled_hours": cov["scheduled"].astype(float) * hours,
            "shortfall_hours": cov["shortfall"].astype(float) * hours,
            "idle_hours": gap.clip(lower=0).astype(float) * hours,
        }
    )
    table = frame.groupby("date").sum()
    days = table.index
    first = days.min() if len(days) else pd.NaT

    shifts = result.roster.shifts
    if shifts.empty:
        table["paid_hours"] = 0.0
        table["overtime_hours"] = 0.0
    else:
        shift_day = pd.to_datetime(shifts["date"]).dt.normalize().clip(lower=first)
        agents = shifts["agents"].astype(float)
        paid = (_paid_per_agent(shifts, result.config) * agents).groupby(shift_day).sum()
        overtime = (_overtime_per_agent(shifts) * agents).groupby(shift_day).sum()
        table["paid_hours"] = paid.reindex(days, fill_value=0.0)
        table["overtime_hours"] = overtime.reindex(days, fill_value=0.0)
    duty = _on_duty(result.roster.assignments).reindex(days, fill_value=0)
    for kind in KINDS:
        table[f"{kind.lower()}_on_duty"] = duty[kind].astype(int)

    sim = result.simulation
    sim_day = pd.to_datetime(sim["interval_start"]).dt.normalize()
    weighted = (sim["service_level"] * sim["arrivals"]).groupby(sim_day).sum()
    arrivals = sim["arrivals"].groupby(sim_day).sum()
    table["service_level"] = (weighted / arrivals.where(arrivals > 0)).reindex(days)
    busy = sim[sim["arrivals"] >= worst_min_arrivals(sim)]
    busy = busy.assign(_day=sim_day[busy.index]).sort_values(["service_level", "interval_start"])
    worst = busy.drop_duplicates("_day").set_index("_day").reindex(days)
    table["worst_interval"] = pd.to_datetime(worst["interval_start"])
    table["worst_queue"] = worst["queue"].astype(object).where(worst["queue"].notna(), None)
    table["worst_service_level"] = worst["service_level"].astype(float)
    table = table.reset_index()
    return table[DAILY_COLUMNS]


# --------------------------------------------------------------------------- gaps


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``[first, stop)`` of every run of True in ``mask``."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


class _Grid:
    """Coverage as arrays: intervals × queues, plus presence of each shift row."""

    def __init__(self, result: PlanResult) -> None:
        cov = result.roster.coverage
        self.stamps = pd.DatetimeIndex(sorted(pd.to_datetime(cov["interval_start"]).unique()))
        self.queues = [str(q) for q in dict.fromkeys(cov["queue"].astype(str))]
        shape = (len(self.stamps), len(self.queues))
        rows = self.stamps.get_indexer(pd.to_datetime(cov["interval_start"]))
        cols = pd.Index(self.queues).get_indexer(cov["queue"].astype(str))
        self.required = np.zeros(shape)
        self.scheduled = np.zeros(shape)
        self.required[rows, cols] = cov["required"].to_numpy(dtype=float)
        self.scheduled[rows, cols] = cov["scheduled"].to_numpy(dtype=float)
        self.slack = self.scheduled - self.required
        self.step = pd.Timedelta(minutes=result.config.interval_minutes)
        shifts = result.roster.shifts
        self.shifts = shifts.reset_index(drop=True)
        n = len(self.stamps)

        grid = self.stamps.as_unit("ns").asi8

        def position(column: str) -> np.ndarray:
            if column not in self.shifts or self.shifts.empty:
                return np.zeros(len(self.shifts), dtype=int)
            stamps = pd.DatetimeIndex(pd.to_datetime(self.shifts[column])).as_unit("ns")
            found = np.searchsorted(grid, stamps.asi8)
            return np.where(stamps.isna(), 0, np.clip(found, 0, n)).astype(int)

        self.lo, self.hi = position("start"), position("end")
        self.b_lo, self.b_hi = position("break_start"), position("break_end")

    def at(self, t: int) -> np.ndarray:
        """Whether each shift row is on site (not on break) in interval ``t``."""
        on = (self.lo <= t) & (t < self.hi)
        return on & ~((self.b_lo <= t) & (t < self.b_hi))


def _covers(
    template: ShiftTemplate,
    stamp: pd.Timestamp,
    queue: str,
    campaign: set[pd.Timestamp],
    *,
    any_day: bool = False,
) -> bool:
    """Whether some start of ``template`` (on the interval's day or the day before) spans
    ``stamp`` for ``queue``; with ``any_day`` the template's ``days`` rule is ignored."""
    if template.queues and queue not in template.queues:
        return False
    day = stamp.normalize()
    for shift_day in (day - pd.Timedelta(days=1), day):
        if not any_day and not template.works_on(
            shift_day.weekday(), campaign_day=shift_day in campaign
        ):
            continue
        for minute in template.start_minutes:
            start = shift_day + pd.Timedelta(minutes=minute)
            if start <= stamp < start + pd.Timedelta(minutes=template.length_minutes):
                return True
    return False


def _fits(
    template: ShiftTemplate,
    first: pd.Timestamp,
    stop: pd.Timestamp,
    queue: str,
    campaign: set[pd.Timestamp],
) -> bool:
    """Whether one start of ``template`` spans all of ``[first, stop)`` for ``queue``."""
    if template.queues and queue not in template.queues:
        return False
    day = first.normalize()
    for shift_day in (day - pd.Timedelta(days=1), day):
        if not template.works_on(shift_day.weekday(), campaign_day=shift_day in campaign):
            continue
        for minute in template.start_minutes:
            start = shift_day + pd.Timedelta(minutes=minute)
            if start <= first and stop <= start + pd.Timedelta(minutes=template.length_minutes):
                return True
    return False


def _shift_cost(template: ShiftTemplate, config: PlanConfig) -> float:
    """Cost of one agent on one shift of ``template`` (outsourcing premium included). [CNY]"""
    premium = config.labour.out_premium if template.kind == "OUT" else 0.0
    return float(template.paid_hours * template.cost_per_hour * (1 + premium))


class _Context:
    """Day-level facts the rules read."""

    def __init__(self, result: PlanResult, campaign_days: Iterable[object] | None) -> None:
        self.result = result
        self.config = resolved(result.config, result.roster.summary)
        self.labour = self.config.labour
        self.campaign, self.campaign_known = _campaign_days(result, campaign_days)
        self.duty = _on_duty(result.roster.assignments)
        self.ft_team = _ft_team(result)
        shifts = result.roster.shifts
        if shifts.empty:
            self.paid_by_kind = pd.Series(0.0, index=list(KINDS))
            self.pt_week = pd.Series(dtype=float)
        else:
            paid = _paid_per_agent(shifts, self.config) * shifts["agents"].astype(float)
            self.paid_by_kind = paid.groupby(shifts["kind"]).sum().reindex(KINDS, fill_value=0.0)
            pt = shifts["kind"] == "PT"
            week = pd.to_datetime(shifts["date"]).dt.to_period("W-SUN")
            self.pt_week = paid[pt].groupby(week[pt]).sum()
        self.penalty = result.roster.summary.get("shortfall_penalty_per_agent_hour", {}) or {}

    def on_duty(self, day: pd.Timestamp, kind: str) -> int:
        return int(self.duty[kind].get(day, 0)) if kind in self.duty else 0

    def pt_share(self) -> float:
        total = float(self.paid_by_kind.sum())
        return float(self.paid_by_kind["PT"]) / total if total > 0 else 0.0


def _shortfall_rule(
    ctx: _Context, grid: _Grid, q: int, first: int, stop: int
) -> tuple[str, str, dict[str, Any]]:
    """The rule behind one shortfall run of queue ``q`` over intervals ``[first, stop)``."""
    queue = grid.queues[q]
    worst = first + int(np.argmax(-grid.slack[first:stop, q]))
    stamp = grid.stamps[worst]
    day = stamp.normalize()
    run_hours = (stop - first) * grid.step.total_seconds() / 3600
    when = f"{stamp:%m-%d %H:%M} {queue}"
    labour = ctx.labour
    templates = list(ctx.config.shifts)
    covering = [t for t in templates if _covers(t, stamp, queue, ctx.campaign, any_day=True)]
    if not covering:
        names = ", ".join(f"{t.name} ({t.kind})" for t in templates) or "none"
        return (
            "no_template",
            f"no shift template covers {when}: no allowed start and length spans that time "
            f"(templates: {names})",
            {},
        )
    forced = ctx.result.roster.summary.get("ft_forced_off_days") or []
    if f"{day:%Y-%m-%d}" in forced and any(t.kind == "FT" for t in covering):
        all_hands = ctx.result.roster.summary.get("all_hands_days") or []
        spans = day_spans(pd.Timestamp(d) for d in all_hands)
        return (
            "ft_forced_off",
            f"no full-time agent can work on {day:%m-%d}: the all-hands days {spans} "
            f"(labour.no_days_off_phases with all_hands_lead_days = "
            f"{labour.all_hands_lead_days}), {labour.ft_days_off_per_week} days off a week and "
            f"at most {labour.ft_max_consecutive_days} days in a row leave every tour off that "
            f"day; the part-timers and outsourced agents on duty ({ctx.on_duty(day, 'PT')} PT, "
            f"{ctx.on_duty(day, 'OUT')} OUT) cannot cover {when}",
            {"ft_forced_off_days": list(forced)},
        )
    usable = [t for t in covering if _covers(t, stamp, queue, ctx.campaign)]
    kinds = {t.kind for t in usable}
    barred = [t for t in covering if t not in usable]

    # outsourced, the most flexible source
    out_barred = [t for t in barred if t.kind == "OUT" and t.days == "campaign"]
    if out_barred and "OUT" not in kinds:
        name = out_barred[0].name
        if ctx.campaign_known:
            why = f"{day:%m-%d} is not a campaign day"
        else:
            why = f"no outsourced shift ran on {day:%m-%d} (taken as not a campaign day)"
        return (
            "out_campaign_only",
            f"outsourced shifts ({name}) may only run on campaign days and {why}; the in-house "
            f"team on duty ({ctx.on_duty(day, 'FT')} FT, {ctx.on_duty(day, 'PT')} PT) "
            f"cannot cover {when}",
            {"template": name},
        )
    penalty = float(ctx.penalty.get(queue, math.nan))
    cheapest = min(
        (t for t in usable if t.kind != "FT"),
        key=lambda t: _shift_cost(t, ctx.config),
        default=None,
    )
    if cheapest is not None and not math.isnan(penalty):
        covered = min(run_hours, cheapest.paid_hours)
        cost = _shift_cost(cheapest, ctx.config)
        if cost > penalty * covered:
            return (
                "cheaper_short",
                f"one more agent on {cheapest.name} costs {cost:,.0f} CNY, more than the "
                f"shortfall penalty of the {covered:g} h it would cover "
                f"({penalty:,.0f} CNY per agent-hour × {covered:g} h = "
                f"{penalty * covered:,.0f} CNY), so the roster leaves {when} short",
                {"template": cheapest.name, "cost": cost, "penalty": penalty},
            )
    if "OUT" in kinds and ctx.on_duty(day, "OUT") == 0 and labour.out_min_booking_days > 1:
        out = min((t for t in usable if t.kind == "OUT"), key=lambda t: t.paid_hours)
        return (
            "out_min_booking",
            f"an outsourced agent must be booked for at least {labour.out_min_booking_days} "
            f"days ({out.name}), too costly for a gap of {run_hours:g} h on {day:%m-%d}",
            {"template": out.name},
        )
    if "PT" in kinds or any(t.kind == "PT" for t in covering):
        if labour.pt_count <= 0 or ctx.on_duty(day, "PT") >= labour.pt_count:
            return (
                "pt_pool",
                f"the part-time pool of {labour.pt_count} is fully booked on {day:%m-%d} "
                f"({ctx.on_duty(day, 'PT')} on duty)",
                {"pt_on_duty": ctx.on_duty(day, "PT")},
            )
        if labour.pt_max_share < 1 and ctx.pt_share() >= labour.pt_max_share - 0.005:
            return (
                "pt_share",
                f"part-timers already have {ctx.pt_share():.0%} of the paid hours, the cap "
                f"labour.pt_max_share = {labour.pt_max_share:g}",
                {"pt_share": round(ctx.pt_share(), 4)},
            )
        week_cap = labour.pt_count * labour.pt_max_hours_per_week
        week_used = float(ctx.pt_week.get(day.to_period("W-SUN"), 0.0))
        if week_used >= week_cap - 1:
            return (
                "pt_week_hours",
                f"part-timers already work {week_used:,.0f} h that week, the pool's cap of "
                f"{labour.pt_count} × {labour.pt_max_hours_per_week:g} h",
                {},
            )
    if "FT" in kinds or any(t.kind == "FT" for t in covering):
        ft = ctx.on_duty(day, "FT")
        if ft >= ctx.ft_team:
            return (
                "ft_all_on_duty",
                f"all {ctx.ft_team} full-time agents already work on {day:%m-%d}",
                {"ft_on_duty": ft},
            )
        return (
            "ft_days_off",
            f"{ft} of the {ctx.ft_team} full-time agents work on {day:%m-%d}; the others are "
            f"on their {labour.ft_days_off_per_week} weekly days off or resting (at most "
            f"{labour.ft_max_consecutive_days} days in a row, {labour.min_rest_hours:g} h rest)",
            {"ft_on_duty": ft},
        )
    summary = ctx.result.roster.summary
    return (
        "solver",
        f"no labour rule binds in the data at {when}: the roster ended "
        f"{summary.get('status', '?')} with gap {_gap(summary)}",
        {},
    )


def _gap(summary: Mapping[str, Any]) -> str:
    """The roster's relative gap as the report writes it (``8.03%``; ``n/a`` if none)."""
    gap = summary.get("gap")
    return f"{gap:.2%}" if gap is not None else "n/a"


def _peak(slack: np.ndarray, at: int, group: float, first: int, stop: int) -> tuple[int, int]:
    """The run of intervals around ``at`` inside a shift's span ``[first, stop)`` where a
    group of ``group`` agents on it is needed: most of it, slack below half the group (a
    thousand 众包夜 seats are needed at the 00:00 opening, not through 22:00-02:00 because
    sixteen of them would be at 22:00); one agent is needed where the slack is below 1."""
    level = max(group if group <= 1 else max(group / 2, 1.0), float(slack[at]) + 1)
    lo = at
    while lo > first and slack[lo - 1] < level:
        lo -= 1
    hi = at + 1
    while hi < stop and slack[hi] < level:
        hi += 1
    return lo, hi


def _spare_hours(
    grid: _Grid, qidx: np.ndarray, kind: str, first: int, stop: int, weight: float
) -> float:
    """Agent-hours of intervals ``[first, stop)`` in which shifts of ``kind`` on site are
    more than their queue needs: per interval and queue the surplus, at most what they
    bring (``weight`` each, as the coverage counts them)."""
    mine = grid.shifts["kind"].astype(str).to_numpy() == kind
    agents = grid.shifts["agents"].to_numpy(dtype=float)
    total = 0.0
    for t in range(first, stop):
        on = grid.at(t) & mine
        for q in range(len(grid.queues)):
            brought = float(agents[on & (qidx == q)].sum()) * weight
            total += min(max(float(grid.slack[t, q]), 0.0), brought)
    return total * (grid.step / pd.Timedelta(hours=1))


def _idle_rule(
    ctx: _Context, grid: _Grid, first: int, stop: int
) -> tuple[str, str, dict[str, Any]]:
    """The rule behind one idle block (sum over queues) over intervals ``[first, stop)``."""
    shifts = grid.shifts
    labour = ctx.labour
    present = np.zeros(len(shifts), dtype=bool)
    for t in range(first, stop):
        present |= grid.at(t)
    if not present.any():
        return "solver", "no shift in the roster is on site in this block", {}
    qidx = pd.Index(grid.queues).get_indexer(shifts["queue"].astype(str))
    # each present shift row: its queue, the tightest point of its span in that queue, and
    # how long it sits in the block while its queue has a surplus (its weight)
    candidates = []
    for i in np.flatnonzero(present):
        q = int(qidx[i])
        lo, hi = int(grid.lo[i]), int(grid.hi[i])
        if q < 0 or hi <= lo:
            continue
        span = grid.slack[lo:hi, q]
        at = lo + int(np.argmin(span))
        inside = grid.slack[max(lo, first) : min(hi, stop), q]
        weight = float(shifts.at[i, "agents"]) * int((inside >= 1).sum())
        # agents of this row the queue can spare through their whole shift
        spare = min(math.floor(float(span.min()) + 1e-9), float(shifts.at[i, "agents"]))
        candidates.append((i, q, float(spare), at, weight))
    candidates = [c for c in candidates if c[4] > 0]
    if not candidates:
        return (
            "solver",
            "no shift on site has a surplus in its own queue here (the surplus is spread "
            "over queues)",
            {},
        )
    templates = _templates(ctx.config)

    def booked_days(i: Any) -> int:
        """Days an outsourced row's template books at least (1 for other kinds)."""
        code = str(shifts.at[i, "code"]) if "code" in shifts else ""
        template = templates.get(code)
        if template is None or template.kind != "OUT":
            return 1
        return template.min_booking_days or labour.out_min_booking_days

    # spare all shift long: FT (a contract) or outsourced on a multi-day booking; a spare
    # one-day block (众包) is the solver's rounding, explained at its peak below
    unneeded = [
        c for c in candidates
        if c[2] >= 1 and (str(shifts.at[c[0], "kind"]) != "OUT" or booked_days(c[0]) > 1)
    ]  # fmt: skip
    day = grid.stamps[first].normalize()
    if unneeded:
        by_kind: dict[str, float] = {}
        for i, _, spare, *_ in unneeded:
            kind = str(shifts.at[i, "kind"])
            by_kind[kind] = by_kind.get(kind, 0.0) + spare
        kind = max(by_kind, key=lambda k: (by_kind[k], k == "OUT"))
        count = by_kind[kind]
        if kind == "OUT":
            days = max(booked_days(i) for i, *_ in unneeded)
            spare = _spare_hours(grid, qidx, "OUT", first, stop, labour.out_productivity)
            return (
                "out_min_booking",
                f"{count:g} outsourced agent(s) on duty are not needed at any time of their "
                f"shift, and outsourced agents are spare {spare:,.1f} agent-hours of this "
                f"block in all: agencies book outsourced agents for at least "
                f"{days} days (labour.out_min_booking_days), so they "
                f"stay on {day:%m-%d} for a need on a neighbouring day",
                {"agents": count},
            )
        all_hands = ctx.result.roster.summary.get("all_hands_days") or []
        if kind == "FT" and f"{day:%Y-%m-%d}" in all_hands:
            return (
                "ft_all_hands",
                f"{count:g} full-time agent(s) on duty are not needed at any time of their "
                f"shift: {day:%m-%d} is an all-hands day (labour.no_days_off_phases, "
                f"all_hands_lead_days), on which every available FT agent works a shift",
                {"agents": count},
            )
        if kind == "FT":
            works = 7 - labour.ft_days_off_per_week
            return (
                "ft_contract",
                f"{count:g} full-time agent(s) on duty are not needed at any time of their "
                f"shift: FT are salaried and work {works} days a week "
                f"(7 − labour.ft_days_off_per_week = {labour.ft_days_off_per_week})",
                {"agents": count},
            )
    # every shift on site is needed somewhere: at a peak outside the block
    i, q, _, at, _ = max(candidates, key=lambda c: (c[4], -c[2]))
    queue = grid.queues[q]
    group = float(shifts.at[i, "agents"])
    lo, hi = _peak(grid.slack[:, q], at, group, int(grid.lo[i]), int(grid.hi[i]))
    p_first, p_stop = grid.stamps[lo], grid.stamps[lo] + (hi - lo) * grid.step
    peak_hours = (hi - lo) * grid.step.total_seconds() / 3600
    used = str(shifts.at[i, "shift"]) if "shift" in shifts else str(shifts.at[i, "code"])
    s0, s1 = pd.Timestamp(shifts.at[i, "start"]), pd.Timestamp(shifts.at[i, "end"])
    who = (
        f"{group:g} {queue} agent(s) on {used} {s0:%H:%M}–{s1:%H:%M} "
        f"({(s1 - s0).total_seconds() / 3600:g} h)"
    )
    floor = getattr(ctx.config.queues.get(queue), "min_agents", 0) if queue else 0
    shrink = getattr(ctx.config.queues.get(queue), "shrinkage", 0.0)
    floor_heads = math.ceil(floor / (1 - shrink) - 1e-9) if floor else 0
    if floor_heads and 0 < grid.required[at, q] <= floor_heads:  # open, at its floor
        return (
            "min_agents",
            f"{queue} needs its floor of min_agents = {floor} on chat ({floor_heads} present) "
            f"at {p_first:%m-%d %H:%M}; the shifts that meet it stay on through "
            f"{grid.stamps[first]:%H:%M}–{grid.stamps[stop - 1] + grid.step:%H:%M}",
            {"queue": queue, "min_agents": floor},
        )
    fitting = [t for t in ctx.config.shifts if _fits(t, p_first, p_stop, queue, ctx.campaign)]
    shortest = min(fitting, key=lambda t: (t.length_hours, t.name), default=None)
    kind = str(shifts.at[i, "kind"])
    own = min(
        (t for t in fitting if t.kind == kind), key=lambda t: (t.length_hours, t.name), default=None
    )
    if shortest is None or shortest.length_hours > peak_hours:
        name = shortest.name if shortest is not None else used
        length = shortest.length_hours if shortest is not None else float("nan")
        return (
            "shift_length",
            f"{who} are needed only {p_first:%m-%d %H:%M}–{p_stop:%H:%M} ({peak_hours:g} h); "
            f"the shortest shift that covers that time, {name}, lasts {length:g} h, so they "
            "stay on when they are not needed",
            {"template": name, "length_hours": length, "peak_hours": peak_hours},
        )
    if shortest.kind == "PT" and (
        labour.pt_count <= 0 or ctx.on_duty(day, "PT") >= labour.pt_count
    ):
        return (
            "pt_pool",
            f"a {shortest.name} block ({shortest.length_hours:g} h) would fit the {queue} peak "
            f"{p_first:%H:%M}–{p_stop:%H:%M}, but the part-time pool of {labour.pt_count} is "
            f"fully booked, so longer shifts cover it and sit idle",
            {"template": shortest.name},
        )
    if shortest.kind == "PT" and ctx.pt_share() >= labour.pt_max_share - 0.005:
        return (
            "pt_share",
            f"a {shortest.name} block ({shortest.length_hours:g} h) would fit the {queue} peak "
            f"{p_first:%H:%M}–{p_stop:%H:%M}, but part-timers are at the cap of "
            f"labour.pt_max_share = {labour.pt_max_share:g} of paid hours",
            {"template": shortest.name},
        )
    if shortest.kind == "FT" and ctx.on_duty(day, "FT") >= ctx.ft_team:
        return (
            "ft_all_on_duty",
            f"a {shortest.name} shift ({shortest.length_hours:g} h) would fit the {queue} "
            f"need {p_first:%H:%M}–{p_stop:%H:%M}, but all {ctx.ft_team} full-time agents "
            f"already work on {day:%m-%d}, so {who} cover it and outlast it",
            {"template": shortest.name},
        )
    if own is not None and own.length_hours > peak_hours:
        return (
            "shift_length",
            f"{who} are needed only {p_first:%m-%d %H:%M}–{p_stop:%H:%M} ({peak_hours:g} h); "
            f"the shortest {kind} shift that covers that time, {own.name}, lasts "
            f"{own.length_hours:g} h, so they stay on when they are not needed",
            {"template": own.name, "length_hours": own.length_hours, "peak_hours": peak_hours},
        )
    if kind == "FT":
        works = 7 - labour.ft_days_off_per_week
        return (
            "ft_contract",
            f"full-time agents are salaried and work {works} days a week; on {day:%m-%d} "
            f"{who} cover the {queue} need {p_first:%H:%M}–{p_stop:%H:%M} and outlast it",
            {"template": used},
        )
    summary = ctx.result.roster.summary
    return (
        "solver",
        f"another shift ({shortest.name}, {shortest.length_hours:g} h) would fit the peak; "
        f"the roster ended {summary.get('status', '?')} with gap {_gap(summary)}",
        {},
    )


def explain_gaps(
    result: PlanResult, *, campaign_days: Iterable[object] | None = None
) -> list[dict[str, Any]]:
    """Every shortfall run and idle block longer than :data:`MIN_HOURS` (a shortfall run
    also when it is :data:`MIN_SHORT_HEADCOUNT_HOURS` deep), with its rule.

    Parameters
    ----------
    result
        A plan.
    campaign_days
        Days where ``days = "campaign"`` templates may run. Default: the plan summary's
        ``campaign_days`` (or the roster summary's); failing both, the days any outsourced
        shift ran (the reason then says it inferred them).

    Returns
    -------
    list of dict
        In time order, one record each: ``kind`` (``shortfall`` or ``idle``), ``queue``
        (``all`` for idle blocks: the sum over queues), ``start``, ``end`` (exclusive,
        ``YYYY-MM-DD HH:MM``), ``hours`` [h], ``headcount_hours`` (short, or scheduled above
        required) [headcount-hours], ``peak`` (the largest gap in the block) [headcount],
        ``rule`` (a code, see the module docstring), ``reason`` (plain words) and
        ``details`` (the figures the rule read).
    """
    grid = _Grid(result)
    if not len(grid.stamps):
        return []
    ctx = _Context(result, campaign_days)
    hours = grid.step.total_seconds() / 3600
    records: list[dict[str, Any]] = []

    def record(kind: str, queue: str, first: int, stop: int, gaps: np.ndarray, rule: Any) -> None:
        code, reason, details = rule
        records.append(
            {
                "kind": kind,
                "queue": queue,
                "start": f"{grid.stamps[first]:%Y-%m-%d %H:%M}",
                "end": f"{grid.stamps[stop - 1] + grid.step:%Y-%m-%d %H:%M}",
                "hours": round((stop - first) * hours, 2),
                "headcount_hours": round(float(gaps.sum()) * hours, 2),
                "peak": round(float(gaps.max()), 2),
                "rule": code,
                "reason": reason,
                "details": {k: _clean(v) for k, v in details.items()},
            }
        )

    steps = np.asarray(grid.stamps[1:] - grid.stamps[:-1] == grid.step, dtype=bool)
    contiguous = np.concatenate(([True], steps))
    for q, queue in enumerate(grid.queues):
        short = grid.slack[:, q] < 0
        for first, stop in _split(_runs(short), contiguous):
            gaps = -grid.slack[first:stop, q]
            deep = float(gaps.sum()) * hours >= MIN_SHORT_HEADCOUNT_HOURS
            if (stop - first) * hours > MIN_HOURS or deep:
                record(
                    "shortfall",
                    queue,
                    first,
                    stop,
                    gaps,
                    _shortfall_rule(ctx, grid, q, first, stop),
                )
    total = grid.slack.sum(axis=1)
    for first, stop in _split(_runs(total >= 1), contiguous):
        if (stop - first) * hours > MIN_HOURS:
            record(
                "idle", "all", first, stop, total[first:stop], _idle_rule(ctx, grid, first, stop)
            )
    records.sort(key=lambda r: (r["start"], r["kind"], r["queue"]))
    return records


def _split(runs: list[tuple[int, int]], contiguous: np.ndarray) -> list[tuple[int, int]]:
    """Cut runs where the grid skips time (a missing interval ends a run)."""
    out = []
    for first, stop in runs:
        cuts = [first] + [t for t in range(first + 1, stop) if not contiguous[t]] + [stop]
        out += list(zip(cuts[:-1], cuts[1:], strict=True))
    return out


def plan_explanation(
    result: PlanResult, *, campaign_days: Iterable[object] | None = None
) -> dict[str, Any]:
    """``{"days": [...], "explanations": [...], "worst_min_arrivals": n}``: :func:`daily_table`
    as JSON-friendly records (dates as text, NaN as None), :func:`explain_gaps` and the
    arrivals its worst intervals have at least, for ``plan_summary.json``."""
    table = daily_table(result)
    days = [
        {key: _clean(value) for key, value in row.items()}
        for row in table.to_dict(orient="records")
    ]
    for row in days:
        if isinstance(row["date"], str):
            row["date"] = row["date"][:10]
    return {
        "days": days,
        "explanations": explain_gaps(result, campaign_days=campaign_days),
        "worst_min_arrivals": worst_min_arrivals(result.simulation),
    }


# --------------------------------------------------------------------------- report

HTML_COLUMNS = [
    ("date", ("日期", "Date"), "{}"),
    ("required_hours", ("需求在岗人时", "Required h present"), "{:,.1f}"),
    ("scheduled_hours", ("排班人时", "Scheduled h"), "{:,.1f}"),
    ("paid_hours", ("计薪工时", "Paid h"), "{:,.1f}"),
    ("ft_on_duty", ("全职在岗", "FT on duty"), "{:,}"),
    ("pt_on_duty", ("兼职在岗", "PT on duty"), "{:,}"),
    ("out_on_duty", ("外包在岗", "OUT on duty"), "{:,}"),
    ("overtime_hours", ("加班工时", "Overtime h"), "{:,.1f}"),
    ("shortfall_hours", ("缺口人时", "Shortfall h"), "{:,.1f}"),
    ("idle_hours", ("富余人时", "Idle h"), "{:,.1f}"),
    ("service_level", ("仿真服务水平", "Simulated SL"), "{:.1%}"),
    ("worst_interval", ("最差时段", "Worst interval"), "{}"),
    ("worst_queue", ("队列", "Queue"), "{}"),
    ("worst_service_level", ("最差服务水平", "Worst SL"), "{:.1%}"),
]
"""The report's per-day table: record key, header (Chinese, English), format."""

RULE_NAMES: dict[str, str] = {
    "no_template": "没有覆盖该时间的班次模板",
    "out_campaign_only": "外包只在大促日",
    "cheaper_short": "加人比缺口罚金贵",
    "out_min_booking": "外包最少连续预订天数",
    "pt_pool": "兼职池人数",
    "pt_share": "兼职占比上限",
    "pt_week_hours": "兼职每周工时上限",
    "ft_all_on_duty": "全职已全部上班",
    "ft_days_off": "全职休息日规则",
    "ft_forced_off": "全员上班日挤出的全职休息日",
    "ft_all_hands": "全员上班日 (全职都排班)",
    "ft_contract": "全职合同 (月薪, 整班)",
    "min_agents": "最少在线人数",
    "shift_length": "班次长度",
    "solver": "求解器的取舍 (数据中没有规则约束)",
}
"""The rules of :func:`explain_gaps` by their Chinese name (the report in Chinese)."""

_HTML_WORDS = {
    "days": ("每日概况", "Per day"),
    "why": (
        "缺口与富余的原因 (超过一小时的时段, 以及缺人 2 人时以上的缺口)",
        "Why short or idle (blocks over an hour, and gaps of 2 headcount-hours or more)",
    ),
    "shortfall": ("缺口", "Shortfall"),
    "idle": ("富余", "Idle"),
    "headcount_h": ("人时", "headcount-h"),
    "none": ("无", "none"),
    "days_note": (
        "计薪工时记在班次开始的那天 (前一晚开始的夜班算在前一天), 需求与排班人时按在岗时刻计; "
        "最差时段只看仿真到达不少于 {n} 次的时段。",
        "Paid hours count on the day a shift starts (a night shift begun the evening before "
        "counts there); required and scheduled hours by the time on site. The worst interval "
        "is chosen among intervals with at least {n} simulated arrivals.",
    ),
    "more": (
        "另有 {n} 条较小的记录在 plan_summary.json 中。",
        "{n} smaller ones are in plan_summary.json.",
    ),
}

MAX_HTML_EXPLANATIONS = 200
"""The report lists at most this many explanations, largest first (all are in the JSON)."""


def _cell(value: Any, pattern: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        spec = pattern[2:-1] if pattern.startswith("{:") and pattern.endswith("}") else ""
        if isinstance(value, float) and spec.endswith("f"):
            return html.escape(number(value, spec))  # halves up, as the messages show them
        return html.escape(pattern.format(value))
    except (TypeError, ValueError):
        return html.escape(str(value))


def rule_name(rule: object, language: str = "zh") -> str:
    """A rule as the report names it: its Chinese name (:data:`RULE_NAMES`), its code in
    English."""
    return RULE_NAMES.get(str(rule), str(rule)) if language == "zh" else str(rule)


def explain_html(
    explanation: Mapping[str, Any],
    language: str = "zh",
    names: Mapping[str, str] | None = None,
) -> str:
    """The report's sections: the per-day table and the explanations.

    Parameters
    ----------
    explanation
        A mapping with ``days`` and ``explanations`` as :func:`plan_explanation` returns
        (or a plan summary that holds them).
    language
        ``zh`` or ``en``: headers, and the rules' reasons (:mod:`forecaster.messages`).
    names
        Queue display names shown in Chinese.

    Returns
    -------
    str
        HTML: a ``<table>``, one row per day, and a list of the shortfall and idle blocks
        over an hour with their rule (the largest :data:`MAX_HTML_EXPLANATIONS` by
        headcount-hours, in time order).
    """
    zh = language == "zh"
    names = names or {}

    def word(key: str, **fields: Any) -> str:
        return _HTML_WORDS[key][0 if zh else 1].format(**fields)

    def queue(value: Any) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "–"  # a day without a simulated interval (a closed Sunday)
        if zh and str(value) == EVERY_QUEUE:  # an idle block: the sum over queues
            return EVERY_QUEUE_NAME
        return names.get(str(value), str(value)) if zh else str(value)

    days = list(explanation.get("days") or [])
    least = float(explanation.get("worst_min_arrivals") or WORST_MIN_ARRIVALS)
    head = "".join(f"<th>{html.escape(label[0 if zh else 1])}</th>" for _, label, _ in HTML_COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(queue(day.get(k))) if k == 'worst_queue' else _cell(day.get(k), f)}</td>"
            for k, _, f in HTML_COLUMNS
        )
        + "</tr>"
        for day in days
    )
    parts = [
        f"<h2>{word('days')}</h2>",
        f"<table class='days'><tr>{head}</tr>{body}</table>" if days else "<p>–</p>",
        f"<p><small>{html.escape(word('days_note', n=f'{least:g}'))}</small></p>" if days else "",
    ]
    records = list(explanation.get("explanations") or [])
    shown = sorted(records, key=lambda r: -float(r.get("headcount_hours") or 0))
    shown = sorted(shown[:MAX_HTML_EXPLANATIONS], key=lambda r: str(r.get("start")))
    items = "".join(
        f"<li><b>{html.escape(word(k) if (k := str(r.get('kind'))) in _HTML_WORDS else k)}</b> "
        f"{html.escape(queue(r.get('queue')))} {html.escape(str(r.get('start')))} – "
        f"{html.escape(str(r.get('end')))}, {_cell(r.get('hours'), '{:g}')} h, "
        f"{_cell(r.get('headcount_hours'), '{:,.1f}')} {word('headcount_h')}: "
        f"<code>{html.escape(rule_name(r.get('rule'), language))}</code> "
        f"{html.escape(render(str(r.get('reason')), language, names))}</li>"
        for r in shown
    )
    more = (
        f"<p>{html.escape(word('more', n=len(records) - len(shown)))}</p>"
        if len(records) > len(shown)
        else ""
    )
    parts += [
        f"<h2>{word('why')}</h2>",
        f"<ul>{items}</ul>{more}" if records else f"<p>{word('none')}</p>",
    ]
    return "".join(parts)
