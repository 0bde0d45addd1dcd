"""Acceptance benchmark of issue 13: is the plan one a team lead would sign?

Runs the product as a planner would, through the command line (``.venv/bin/forecaster``):

(a) ``forecaster demo``: the bundled sample's 双11 2025, 2025-10-08 to 2025-11-16;
(b) ``forecaster plan``: the sample's 618 2025, 2025-05-06 (a week before the presale opens
    on 05-13) to 2025-06-23 (five days after the 06-18 peak day, the product's own event
    window; the after-sales wave from 06-21 is partly inside);

and computes from each output directory (``plan_summary.json``, ``summary.json``,
``simulation.csv``, ``coverage.csv``, ``assignments.csv``, ``shifts.csv``): the arrival-
weighted simulated service level against the queues' targets (``data/plan.toml``), the share
of intervals within 5 points of target, the worst busy interval, paid hours against the
required headcount-hours and the LP floor, FT agents on duty on peak days, ordinary-day
shortfall, agents at the 11-11 00:00 opening, outsourced seats and one-day bookings, wall
time, and the plan's fingerprint from two demo runs, the second under a competing CPU load.

The metric functions take an output directory, so they are tested without a solver
(``tests/test_bench_quality.py``). Not part of ``make test``; ``make bench`` runs it.

Run ``python benchmarks/bench_plan_quality.py [--quick] [--only demo|618] [--write]
[--out-md FILE]``. Results go to ``benchmarks/RESULTS.md`` only with ``--write``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
FORECASTER = Path(sys.executable).with_name("forecaster")

PEAK_PHASES = ("peak_day", "final_payment")
"""Calendar phases whose days are all-hands (every available FT agent on duty)."""
OPENING = pd.Timestamp("2025-11-11 00:00")
WITHIN_POINTS = 0.05
"""An interval is *within 5 points* when its simulated SL >= its queue's target − 0.05."""
WITHIN_MIN_ARRIVALS = 5
WORST_MIN_ARRIVALS = 20

RUNS = {
    "demo": ("双11 2025 demo, 10-08..11-16", ["demo"]),
    "618": (
        "618 2025, 05-06..06-23",
        ["plan", "--start", "2025-05-06", "--end", "2025-06-23"],
    ),
}

# metric key, label, definition, target text, check (value -> pass?) on the demo
TARGETS: list[tuple[str, str, str]] = [
    ("sl", "simulated SL (arrival-weighted) vs target", "≥ target"),
    (
        "within",
        f"intervals with ≥ {WITHIN_MIN_ARRIVALS} arrivals whose SL ≥ target − 0.05",
        "≥ 95 %",
    ),
    ("worst", f"worst interval SL (≥ {WORST_MIN_ARRIVALS} arrivals)", "≥ 0.60"),
    ("paid_required", "paid hours ÷ required headcount-hours", "≤ 1.35"),
    (
        "paid_floor",
        "paid hours ÷ LP floor (summary.json lp_floor_paid_hours: templates at their own "
        "starts, no rule; then lp_floor_any_start_paid_hours: any start)",
        "≤ 1.10",
    ),
    ("ft_peak", "FT agents on duty on peak days (peak_day, final_payment), lowest day", "100 %"),
    ("ordinary_short", "ordinary-day shortfall (no calendar phase) per day", "0 h"),
    ("opening", "agents scheduled at 2025-11-11 00:00 (presale / all queues)", "> 0"),
    ("out", "outsourced seats (distinct OUT agents) / one-day bookings", "—"),
    (
        "rules",
        "named roster: same-day double bookings / rests under min_rest_hours / outsourced "
        "bookings short of their minimum inside the horizon / part-timers named, of the pool",
        "0 / 0 / 0 / ≤ pool",
    ),
    (
        "fairness",
        "FT agents' hours 19:00-07:00 / weekend days worked, fewest-most per agent",
        "—",
    ),
    ("seconds", "wall time of the command", "≤ 180 s (demo)"),
    ("fingerprint", "SHA-256 of shifts.csv + assignments.csv, second run under CPU load", "same"),
]


# --------------------------------------------------------------------------- reading


def _csv(out: Path, name: str, dates: Iterable[str] = ()) -> pd.DataFrame:
    frame = pd.read_csv(out / name, encoding="utf-8-sig")
    for column in dates:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _json(out: Path, name: str) -> dict[str, Any]:
    path = out / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def interval_hours(out: Path) -> float:
    """Interval length of the plan's grid, from ``coverage.csv``. [h]"""
    stamps = pd.DatetimeIndex(
        sorted(_csv(out, "coverage.csv", ["interval_start"])["interval_start"].unique())
    )
    if len(stamps) < 2:
        return 0.25
    return float(pd.Series(stamps).diff().dropna().min().total_seconds() / 3600)


def calendar_days(
    calendar: pd.DataFrame, days: Iterable[pd.Timestamp]
) -> dict[pd.Timestamp, set[str]]:
    """The calendar phases (``phase`` column) touching each day (``start``/``end`` stamps)."""
    start = pd.to_datetime(calendar["start"])
    end = pd.to_datetime(calendar["end"])
    found: dict[pd.Timestamp, set[str]] = {}
    for day in days:
        day = pd.Timestamp(day).normalize()
        touch = (start < day + pd.Timedelta(days=1)) & (end >= day)
        found[day] = set(calendar.loc[touch, "phase"].astype(str))
    return found


# --------------------------------------------------------------------------- metrics


def service_metrics(out: Path, targets: Mapping[str, float]) -> dict[str, Any]:
    """Simulated service from ``simulation.csv``.

    Returns ``sl`` (arrival-weighted) and ``target`` (the queues' targets weighted the same
    way) [fraction]; ``within``: the share of intervals with at least 5 arrivals whose SL is
    at least their queue's target − 0.05; ``worst`` and ``worst_at``: the lowest SL among
    intervals with at least 20 arrivals, and its interval and queue.
    """
    sim = _csv(out, "simulation.csv", ["interval_start"])
    target = sim["queue"].astype(str).map(targets).astype(float)
    arrivals = sim["arrivals"].astype(float)
    total = float(arrivals.sum())
    sl = float((sim["service_level"] * arrivals).sum() / total) if total else float("nan")
    weighted_target = float((target * arrivals).sum() / total) if total else float("nan")
    busy = sim[arrivals >= WITHIN_MIN_ARRIVALS]
    ok = busy["service_level"] >= target[busy.index] - WITHIN_POINTS - 1e-9
    within = float(ok.mean()) if len(busy) else float("nan")
    very = sim[arrivals >= WORST_MIN_ARRIVALS]
    if len(very):
        row = very.loc[very["service_level"].idxmin()]
        worst, worst_at = (
            float(row["service_level"]),
            f"{row['interval_start']:%Y-%m-%d %H:%M} {row['queue']}",
        )
    else:
        worst, worst_at = float("nan"), ""
    return {
        "sl": sl,
        "target": weighted_target,
        "within": within,
        "worst": worst,
        "worst_at": worst_at,
    }


def paid_metrics(out: Path) -> dict[str, Any]:
    """``paid_hours`` (``summary.json``, else ``plan_summary.json``) [h]; ``required`` headcount-
    hours (``coverage.csv`` required × interval) [h]; their ratio; ``floor`` (``summary.json``
    ``lp_floor_paid_hours``: every template at the starts it allows, no rule; None when
    absent) and paid ÷ floor; ``any_floor`` (``lp_floor_any_start_paid_hours``: any start on
    the grid) and paid ÷ that."""
    summary = _json(out, "summary.json")
    plan = _json(out, "plan_summary.json")
    paid = summary.get("paid_hours", plan.get("paid_hours"))
    cov = _csv(out, "coverage.csv")
    required = float(cov["required"].sum()) * interval_hours(out)
    floor = summary.get("lp_floor_paid_hours")
    anywhere = summary.get("lp_floor_any_start_paid_hours")
    return {
        "any_floor": anywhere,
        "paid_any_floor": paid / anywhere if paid is not None and anywhere else None,
        "paid": paid,
        "required": required,
        "paid_required": paid / required if paid is not None and required else None,
        "floor": floor,
        "paid_floor": paid / floor if paid is not None and floor else None,
    }


def ft_peak_metrics(
    out: Path, calendar: pd.DataFrame, ft_team: int | None = None
) -> dict[str, Any]:
    """FT agents on duty on peak days (days a ``peak_day`` or ``final_payment`` phase
    touches): distinct FT agents in ``assignments.csv`` that day ÷ the team (``ft_team``, else
    ``summary.json`` team_sizing ft_agents (an ``auto`` team), else its headcount FT, else the FT agents named in the roster). ``ft_peak`` is the
    lowest share over those days (None without peak days); ``ft_peak_days`` lists them."""
    named = _csv(out, "assignments.csv", ["date"])
    ft = named[named["kind"] == "FT"]
    summary = _json(out, "summary.json")
    team = (
        ft_team
        or summary.get("team_sizing", {}).get("ft_agents")
        or summary.get("headcount", {}).get("FT")
        or ft["agent"].nunique()
    )
    cov = _csv(out, "coverage.csv", ["interval_start"])
    days = sorted(cov["interval_start"].dt.normalize().unique())
    phases = calendar_days(calendar, days)
    peak = [d for d in days if phases[d] & set(PEAK_PHASES)]
    per_day = {
        f"{d:%m-%d}": ft.loc[ft["date"].dt.normalize() == d, "agent"].nunique() / team
        if team
        else 0.0
        for d in peak
    }
    return {
        "ft_peak": min(per_day.values()) if per_day else None,
        "ft_peak_days": per_day,
        "ft_team": int(team),
    }


def ordinary_shortfall(out: Path, calendar: pd.DataFrame) -> dict[str, Any]:
    """Shortfall on ordinary days (no calendar phase touches them): ``coverage.csv``
    shortfall × interval hours, per ordinary day [headcount-hours/day], and their count."""
    cov = _csv(out, "coverage.csv", ["interval_start"])
    day = cov["interval_start"].dt.normalize()
    phases = calendar_days(calendar, day.unique())
    ordinary = day.map(lambda d: not phases[d])
    days = int(day[ordinary].nunique())
    short = float(cov.loc[ordinary, "shortfall"].sum()) * interval_hours(out)
    return {"ordinary_short": short / days if days else None, "ordinary_days": days}


def opening_metrics(out: Path, at: pd.Timestamp = OPENING) -> dict[str, Any]:
    """Agents scheduled (``coverage.csv``) at ``at``: presale and all queues (None when the
    horizon does not hold ``at``)."""
    cov = _csv(out, "coverage.csv", ["interval_start"])
    now = cov[cov["interval_start"] == at]
    if now.empty:
        return {"opening": None, "opening_presale": None}
    return {
        "opening": float(now["scheduled"].sum()),
        "opening_presale": float(now.loc[now["queue"] == "presale", "scheduled"].sum()),
    }


def outsourcing_metrics(out: Path) -> dict[str, Any]:
    """Outsourced seats: distinct OUT agents in ``assignments.csv``; one-day bookings: runs of
    consecutive days of one OUT agent that last exactly one day."""
    named = _csv(out, "assignments.csv", ["date"])
    out_rows = named[named["kind"] == "OUT"]
    one_day = 0
    for _, part in out_rows.groupby("agent"):
        days = pd.DatetimeIndex(sorted(part["date"].dt.normalize().unique()))
        one_day += sum(1 for n in _run_lengths(days) if n == 1)
    return {
        "out_seats": int(out_rows["agent"].nunique()),
        "out_one_day": one_day,
        "out_short": short_bookings(named),
    }


def short_bookings(named: pd.DataFrame) -> int:
    """Outsourced bookings (one agent's consecutive days on one template) shorter than the
    template's minimum that neither open nor close the horizon (those may run on outside
    it): the agency books seats for its minimum days, so these break the order."""
    from forecaster.config import load_config
    from forecaster.paths import SAMPLE_CONFIG

    config = load_config(SAMPLE_CONFIG)
    minimum = {
        t.name: t.min_booking_days or config.labour.out_min_booking_days for t in config.shifts
    }
    first, last = named["date"].min(), named["date"].max()
    out = named[named["kind"] == "OUT"]
    out = out if "shift" in out.columns else out.assign(shift="")
    short = 0
    for (_, shift), part in out.groupby(["agent", "shift"]):
        days = pd.DatetimeIndex(sorted(part["date"].dt.normalize().unique()))
        at = 0
        for n in _run_lengths(days):
            lo, hi = days[at], days[at + n - 1]
            at += n
            need = minimum.get(str(shift), config.labour.out_min_booking_days)
            short += int(n < need and lo != first and hi != last)
    return short


def rules_metrics(out: Path, rest_hours: float = 11.0) -> dict[str, Any]:
    """The named roster against the rules every person's day must keep: an agent twice on
    one date, two shifts of one agent less than ``rest_hours`` apart (None without times),
    and the part-timers named against the pool the roster was sized for."""
    named = _csv(out, "assignments.csv", ["date"])
    doubles = int(named.duplicated(["agent", "date"]).sum())
    breaks = None
    if {"start", "end"} <= set(named.columns):
        times = named.assign(
            start=pd.to_datetime(named["start"]), end=pd.to_datetime(named["end"])
        ).sort_values(["agent", "start"])
        gap = times["start"] - times.groupby("agent")["end"].shift()
        breaks = int((gap < pd.Timedelta(hours=rest_hours)).sum())
    pool = (_json(out, "summary.json").get("team_sizing") or {}).get("pt_pool")
    pt = int(named.loc[named["kind"] == "PT", "agent"].nunique())
    return {"doubles": doubles, "rest_breaks": breaks, "pt_named": pt, "pt_pool": pool}


def fairness_metrics(out: Path) -> dict[str, Any]:
    """How evenly the FT team shares evenings and weekends: each FT agent's clock hours
    between 19:00 and 07:00 and weekend days worked, fewest and most."""
    from forecaster.config import evening_hours

    named = _csv(out, "assignments.csv", ["date"])
    ft = named[named["kind"] == "FT"]
    if ft.empty or not {"start", "end"} <= set(ft.columns):
        return {}
    start, end = pd.to_datetime(ft["start"]), pd.to_datetime(ft["end"])
    hours = pd.Series(evening_hours(start.to_numpy(), end.to_numpy()), ft.index)
    evenings = hours.groupby(ft["agent"]).sum()
    weekends = (ft["date"].dt.day_of_week >= 5).groupby(ft["agent"]).sum()
    return {
        "evening_min": float(evenings.min()),
        "evening_max": float(evenings.max()),
        "weekend_min": int(weekends.min()),
        "weekend_max": int(weekends.max()),
    }


def _run_lengths(days: pd.DatetimeIndex) -> list[int]:
    """Lengths of the runs of consecutive days in sorted ``days``."""
    lengths: list[int] = []
    previous = None
    for day in days:
        if previous is not None and day - previous == pd.Timedelta(days=1):
            lengths[-1] += 1
        else:
            lengths.append(1)
        previous = day
    return lengths


def fingerprint(out: Path) -> str:
    """SHA-256 of ``shifts.csv`` then ``assignments.csv`` (bytes)."""
    digest = hashlib.sha256()
    for name in ("shifts.csv", "assignments.csv"):
        digest.update((out / name).read_bytes())
    return digest.hexdigest()


def metrics(
    out: Path, calendar: pd.DataFrame, targets: Mapping[str, float], ft_team: int | None = None
) -> dict[str, Any]:
    """Every metric of one output directory (the functions above)."""
    found: dict[str, Any] = {}
    found |= service_metrics(out, targets)
    found |= paid_metrics(out)
    found |= ft_peak_metrics(out, calendar, ft_team)
    found |= ordinary_shortfall(out, calendar)
    found |= opening_metrics(out)
    found |= outsourcing_metrics(out)
    found |= rules_metrics(out)
    found |= fairness_metrics(out)
    found["fingerprint"] = fingerprint(out)
    return found


# --------------------------------------------------------------------------- table


def _pct(value: Any) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.1%}"


def _num(value: Any, pattern: str = "{:,.2f}") -> str:
    return "n/a" if value is None or pd.isna(value) else pattern.format(value)


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✔" if ok else " ✘")


def cells(m: Mapping[str, Any], *, demo: bool) -> dict[str, str]:
    """The table's cell per metric, with ✔/✘ against the demo's targets (``demo``)."""

    def check(ok: bool | None) -> str:
        return _mark(ok) if demo else ""

    def ok(value: Any, test: Any) -> bool | None:
        return None if value is None or pd.isna(value) else bool(test(value))

    out = {
        "sl": f"{_pct(m.get('sl'))} vs {_pct(m.get('target'))}"
        + check(ok(m.get("sl"), lambda v: v >= m["target"] - 1e-9)),
        "within": _pct(m.get("within")) + check(ok(m.get("within"), lambda v: v >= 0.95)),
        "worst": f"{_num(m.get('worst'))} ({m.get('worst_at', '')})"
        + check(ok(m.get("worst"), lambda v: v >= 0.60)),
        "paid_required": f"{_num(m.get('paid_required'))} ({_num(m.get('paid'), '{:,.0f}')} h)"
        + check(ok(m.get("paid_required"), lambda v: v <= 1.35)),
        "paid_floor": (
            f"{_num(m.get('paid_floor'))} (floor {_num(m.get('floor'), '{:,.0f}')} h)"
            + (
                f"; {_num(m.get('paid_any_floor'))} over the any-start floor "
                f"({_num(m.get('any_floor'), '{:,.0f}')} h)"
                if m.get("any_floor")
                else ""
            )
            if m.get("floor")
            else "n/a (no lp_floor_paid_hours)"
        )
        + check(ok(m.get("paid_floor"), lambda v: v <= 1.10)),
        "ft_peak": (
            f"{_pct(m.get('ft_peak'))} of {m.get('ft_team')} on "
            f"{', '.join(m.get('ft_peak_days', {})) or 'no peak day'}"
        )
        + check(ok(m.get("ft_peak"), lambda v: v >= 1 - 1e-9)),
        "ordinary_short": (
            f"{_num(m.get('ordinary_short'), '{:,.1f}')} h/day over {m.get('ordinary_days')} days"
        )
        + check(ok(m.get("ordinary_short"), lambda v: v <= 1e-9)),
        "opening": (
            f"{_num(m.get('opening_presale'), '{:,.0f}')} / {_num(m.get('opening'), '{:,.0f}')}"
            if m.get("opening") is not None
            else "n/a (not in horizon)"
        )
        + check(ok(m.get("opening"), lambda v: v > 0)),
        "out": f"{m.get('out_seats', 'n/a'):,} / {m.get('out_one_day', 'n/a'):,}",
        "rules": (
            f"{m.get('doubles', 'n/a')} / {m.get('rest_breaks', 'n/a')} / "
            f"{m.get('out_short', 'n/a')} / "
            f"{m.get('pt_named', 'n/a')} of {m.get('pt_pool') or 'n/a'}"
        )
        + check(
            ok(
                m.get("doubles"),
                lambda v: (
                    v == 0
                    and not m.get("rest_breaks")
                    and not m.get("out_short")
                    and (not m.get("pt_pool") or m.get("pt_named", 0) <= m["pt_pool"])
                ),
            )
        ),
        "fairness": (
            f"{_num(m.get('evening_min'), '{:,.1f}')}–{_num(m.get('evening_max'), '{:,.1f}')} h"
            f" / {m.get('weekend_min', 'n/a')}–{m.get('weekend_max', 'n/a')} days"
        ),
        "seconds": f"{_num(m.get('seconds'), '{:,.0f}')} s"
        + check(ok(m.get("seconds"), lambda v: v <= 180)),
        "fingerprint": str(m.get("fingerprint_note", f"{str(m.get('fingerprint', ''))[:12]}…")),
    }
    return out


def markdown(results: Mapping[str, Mapping[str, Any]]) -> str:
    """The results table: one row per metric, one column per run, the demo's target."""
    names = list(results)
    head = "| metric | " + " | ".join(RUNS[n][0] for n in names) + " | target (demo) |"
    rule = "|---|" + "---|" * len(names) + "---|"
    table = {n: cells(results[n], demo=n == "demo") for n in names}
    rows = [
        f"| {label} | " + " | ".join(table[n][key] for n in names) + f" | {target} |"
        for key, label, target in TARGETS
    ]
    return "\n".join([head, rule, *rows])


def machine() -> str:
    """nproc, CPU model (``/proc/cpuinfo``), Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()}"


# --------------------------------------------------------------------------- running


def check_cli(command: str, flags: Iterable[str]) -> None:
    """Stop with a clear message when ``forecaster COMMAND --help`` lacks a flag we pass."""
    text = subprocess.run(
        [str(FORECASTER), command, "--help"], capture_output=True, text=True, check=True
    ).stdout
    missing = [f for f in flags if f not in text]
    if missing:
        raise SystemExit(f"forecaster {command} has no {', '.join(missing)}")


def run(args: list[str], out: Path) -> float:
    """Run ``forecaster ARGS --out OUT``; wall time [s]."""
    check_cli(args[0], [a for a in args[1:] if a.startswith("--")] + ["--out"])
    began = time.perf_counter()
    done = subprocess.run(
        [str(FORECASTER), *args, "--out", str(out)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(
            f"forecaster {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the second (loaded) demo run")
    parser.add_argument("--only", choices=tuple(RUNS), default=None)
    parser.add_argument(
        "--workdir", default=None, help="where the runs write (default: a temp dir)"
    )
    parser.add_argument(
        "--hogs", type=int, default=1, help="CPU-spinning processes in the loaded run"
    )
    parser.add_argument("--write", action="store_true", help="append a dated section to RESULTS.md")
    parser.add_argument("--out-md", default=None, help="also write the markdown table to this file")
    args = parser.parse_args()

    from forecaster.config import load_config
    from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG
    from forecaster.validation import read_calendar

    config = load_config(SAMPLE_CONFIG)
    targets = {name: float(q.service_level) for name, q in config.queues.items()}
    ft_team = config.labour.ft_agents if isinstance(config.labour.ft_agents, int) else None
    calendar = read_calendar(SAMPLE_CALENDAR).frame
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_plan_quality_"))
    print(f"outputs in {work}; {machine()}", flush=True)

    results: dict[str, dict[str, Any]] = {}
    for name, (label, command) in RUNS.items():
        if args.only and name != args.only:
            continue
        out = work / name
        seconds = run(command, out)
        results[name] = metrics(out, calendar, targets, ft_team) | {"seconds": seconds}
        print(f"{label}: {seconds:.0f} s", flush=True)
    if "demo" in results:
        first = results["demo"]["fingerprint"]
        if args.quick:
            results["demo"]["fingerprint_note"] = f"{first[:12]}… (second run skipped: --quick)"
        else:
            hogs = [
                subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(max(args.hogs, 1))
            ]
            try:
                seconds = run(RUNS["demo"][1], work / "demo_loaded")
            finally:
                for hog in hogs:
                    hog.kill()
                    hog.wait()
            second = fingerprint(work / "demo_loaded")
            same = "identical" if second == first else f"DIFFERENT ({second[:12]}…)"
            results["demo"]["fingerprint_note"] = (
                f"{first[:12]}… {same} under {len(hogs)} spinning process(es), {seconds:.0f} s"
                + _mark(second == first)
            )
    table = markdown(results)
    print(table)
    if args.out_md:
        Path(args.out_md).write_text(table + "\n", encoding="utf-8")
    if args.write:
        section = (
            f"\n### Plan quality (issue 13), {dt.date.today():%Y-%m-%d}\n\n"
            f"`python benchmarks/bench_plan_quality.py{' --quick' if args.quick else ''}` on "
            f"{machine()}. Definitions in the first column; ✔/✘ against the demo's targets. "
            f"Within 5 points: simulated SL ≥ the queue's target − 0.05.\n\n{table}\n"
        )
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(section)
        print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
