"""Benchmark of issue 16: a fleet of 100+ shops planned on Dask ``distributed``.

The fleet is the independent population of ``benchmarks/shops`` (24 archetypes; shops 24 and
up reuse them with other scales and numbers, so ``--shops 100`` runs from about 300 to over
200,000 inquiries a day, one to three queues). Each shop's folder holds what a vendor would
hand over:

- ``history.csv.gz``: 15-minute history from :data:`HISTORY_START` (2024-09-01) to the day
  before the plan window (2025-11-09): 13 months before the staff horizon, 14 before the
  plan window. That is the shortest history that makes a real 双11 forecast: last year's
  双11 season (2024) with ordinary weeks before it gives the lift curves and the aligned
  analog, the spring festival and 618 2025 are in the baseline's year, and the early
  phases of 双11 2025 are in the history of the plan window (intensity updating). A longer
  history would add only the evidence weighing of lift against analog (a second past
  season);
- ``calendar.csv``: the shop's own campaign calendar (its platform's dates, its quirks);
- ``plan.toml``: the bundled ``data/plan.toml`` with the in-house team sized to the shop
  (``ft_agents = "auto"`` between 0 and about its ordinary-day need ×2, the part-time pool up
  to half of that) and, for shops with a 会员 queue, a ``vip`` queue every shift serves.

The generated fleet is cached on disk (``--fleet``, default
``$TMPDIR/forecaster-bench-fleet/seed<seed>-n<shops>``) and reused when its ``fleet.json``
matches the seed, count and history window; shops are generated in parallel processes.

Runs: every stage of ``--stages`` with every worker count of ``--workers`` on a new
``LocalCluster(n_workers=k, threads_per_worker=1, processes=True)`` (worker saturation 1, as
``forecaster fleet`` starts it) passed to :func:`forecaster.fleet.run_fleet` as ``client``:

- ``staff``: forecast + requirements over each shop's ``--event`` window (``双11 2025``:
  a week before its first phase to its after-sales end, 44–46 days);
- ``plan``: forecast, staffing, roster, simulation over the short ``--plan-start`` ..
  ``--plan-end`` window (default 2025-11-10 .. 11-12: the 20:00 wave opening, the peak day,
  the day after) with the roster solver's ``--time-limit`` (default 10 s) and 5 simulation
  ``--replications``, on the first ``--plan-shops`` shops (default 24: one of each
  archetype, 300 to 200,000 inquiries a day; ``0`` for the whole fleet, through a
  ``shops.csv``-style manifest). A plan's roster and simulation grow with the shop's agents:
  a 200,000-a-day shop needs about 10,000 agents on the peak night and takes minutes where a
  small shop takes 15 s, so the whole fleet's plan stage, or the event window with the
  default 120 s limit, would take hours on 2 cores.

Recorded per run: wall seconds of ``run_fleet`` (the cluster's start-up apart), shops per
minute, the 1→2 worker speed-up, peak RSS per worker (worker process plus its children, e.g.
the CBC solver, polled every :data:`POLL_SECONDS` with ``client.run``), and the scheduler's
overhead per task from Dask's task stream: ``(wall × workers − Σ task compute) / tasks``
(idle time of every kind: start, dispatch, the tail where one worker finishes the last shop
alone) and the dispatch gap (mean time a worker waits between finishing one shop and
starting the next: the scheduler round trip). The one-time import a worker pays on its first
shop is measured apart in a fresh interpreter.

Targets (issue 16): forecast+staff of 100 shops ≤ 5 minutes on 2 cores; speed-up ≥ 1.7×
from 1 to 2 workers; ≤ 1.5 GB per worker.

Run ``python benchmarks/bench_fleet.py [--shops 100] [--workers 1,2] [--stages staff,plan]
[--seed 2026] [--fleet DIR] [--out DIR] [--keep] [--runs 1] [--plan-shops 24]
[--time-limit 10] [--replications 5] [--machine vm]``; prints a progress line per run, then Markdown for
``benchmarks/RESULTS.md`` and the targets with ✔/✘. ``--out`` is where the runs write
(default a temporary folder), removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from forecaster.paths import SAMPLE_CONFIG  # noqa: E402

HISTORY_START = pd.Timestamp("2024-09-01")
"""First day of every shop's history."""
EVENT = "双11 2025"
PLAN_START = "2025-11-10"
PLAN_END = "2025-11-12"
GENERATOR_VERSION = 1
"""Bump when the files written for a shop change (the cache is then rebuilt)."""
POLL_SECONDS = 0.5
"""How often the workers' memory is read during a run. [s]"""
TARGET_STAFF_SECONDS = 300.0
"""Forecast+staff of 100 shops on 2 cores. [s]"""
TARGET_SHOPS = 100
TARGET_SPEEDUP = 1.7
TARGET_RSS_BYTES = 1.5e9
"""Per worker (1.5 GB = 1,431 MiB)."""
MIB = 1024 * 1024

# one ordinary-day inquiry needs about this many agent-hours on chat (AHT 300-420 s at
# concurrency 3 with the slow-down, 70-85 % left to humans, occupancy 0.85), used only to
# size the team bounds of a shop's plan.toml
AGENT_HOURS_PER_INQUIRY = 0.035
VIP_QUEUE = """
[queues.vip]                     # 会员: members' questions, business hours only in some shops
display_name = "会员"
model = "erlang_a"
aht_seconds = 360
max_concurrency = 2
concurrency_slowdown = 0.10
patience_seconds = 240
answer_within_seconds = 20
service_level = 0.85
max_occupancy = 0.80
shrinkage = 0.30
bot_resolution = 0.10
bot_aht_uplift = 0.20
forecast_quantile = "p80"
service_hours = ["09:00", "24:00"]
min_agents = 1

[queues.vip.phase_service_hours]
peak_day = ["00:00", "24:00"]
final_payment = ["00:00", "24:00"]
"""


# --------------------------------------------------------------------------- the fleet


def team_bounds(ordinary_day: float) -> dict[str, int]:
    """``[labour]`` bounds for a shop of ``ordinary_day`` inquiries: the FT team up to
    about twice the agents an ordinary day needs on three shifts, part-timers up to half."""
    agents = ordinary_day * AGENT_HOURS_PER_INQUIRY / 8 / (1 - 0.30)
    ft_max = max(6, math.ceil(2 * agents))
    return {"ft_agents_min": 0, "ft_agents_max": ft_max, "pt_pool_max": max(4, ft_max // 2)}


def shop_config(text: str, ordinary_day: float, queues: Sequence[str]) -> str:
    """The bundled ``plan.toml`` text sized to one shop (module docstring)."""
    for key, value in team_bounds(ordinary_day).items():
        text, n = re.subn(rf"^{key} = \d+", f"{key} = {value}", text, flags=re.MULTILINE)
        if n != 1:
            raise RuntimeError(f"data/plan.toml: expected one line '{key} = N', found {n}")
    if "vip" in queues:
        both = 'queues = ["presale", "aftersale"]'
        text = text.replace(both, 'queues = ["presale", "aftersale", "vip"]')
        head = "# " + "-" * 76 + " shift templates"
        if head not in text:
            raise RuntimeError("data/plan.toml: the shift templates heading moved")
        text = text.replace(head, VIP_QUEUE.lstrip("\n") + "\n" + head)
    return text


def write_shop(index: int, seed: int, root: str, history_end: str) -> dict[str, Any]:
    """Generate shop ``index`` and write its folder; in a pool process."""
    from benchmarks.shops import make_shop

    began = time.perf_counter()
    shop = make_shop(index, seed)
    made = time.perf_counter() - began
    folder = Path(root) / shop.name
    folder.mkdir(parents=True, exist_ok=True)
    hist = shop.history
    stop = pd.Timestamp(history_end) + pd.Timedelta(days=1)
    hist = hist[(hist["interval_start"] >= HISTORY_START) & (hist["interval_start"] < stop)]
    hist.to_csv(
        folder / "history.csv.gz",
        index=False,
        date_format="%Y-%m-%d %H:%M",
        compression={"method": "gzip", "compresslevel": 6, "mtime": 0},
    )
    shop.calendar.to_csv(folder / "calendar.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
    text = shop_config(
        SAMPLE_CONFIG.read_text(encoding="utf-8"),
        shop.traits["ordinary_day"],
        shop.traits["queues"],
    )
    (folder / "plan.toml").write_text(text, encoding="utf-8")
    return {
        "shop": shop.name,
        "ordinary_day": round(shop.traits["ordinary_day"]),
        "queues": "+".join(shop.traits["queues"]),
        "rows": len(hist),
        "make_seconds": round(made, 3),
        "seconds": round(time.perf_counter() - began, 3),
    }


def fleet_key(seed: int, n: int, history_end: str) -> dict[str, Any]:
    return {
        "seed": seed,
        "shops": n,
        "history_start": f"{HISTORY_START:%Y-%m-%d}",
        "history_end": history_end,
        "version": GENERATOR_VERSION,
    }


def make_fleet(
    folder: Path, seed: int, n: int, history_end: str, jobs: int
) -> tuple[pd.DataFrame, float, bool]:
    """The fleet in ``folder`` (reused when its ``fleet.json`` has the same key): its shops
    table, the generation wall seconds (of the run that made it) and whether it was reused."""
    key = fleet_key(seed, n, history_end)
    marker = folder / "fleet.json"
    if marker.is_file():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return pd.DataFrame(saved["shops"]), float(saved["seconds"]), True
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(write_shop, i, seed, str(folder), history_end) for i in range(n)]
        rows = [f.result() for f in futures]
    seconds = round(time.perf_counter() - began, 2)
    record = {"key": key, "seconds": seconds, "jobs": jobs, "shops": rows}
    marker.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return pd.DataFrame(rows), seconds, False


# --------------------------------------------------------------------------- measuring


def _worker_rss() -> int:
    """RSS of this worker process and its children (a CBC solver run). [bytes]"""
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        with suppress(psutil.Error):  # the child ended meanwhile
            total += child.memory_info().rss
    return int(total)


class MemoryPoll:
    """Peak RSS per worker, read every :data:`POLL_SECONDS` in a background thread."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.peak: dict[str, int] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> MemoryPoll:
        self._read()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._read()

    def _read(self) -> None:
        try:
            found = self.client.run(_worker_rss, on_error="ignore")
        except Exception:  # a worker busy or gone: the next poll reads it
            return
        self.samples += 1
        for worker, rss in found.items():
            if isinstance(rss, int):
                self.peak[worker] = max(self.peak.get(worker, 0), rss)

    def _loop(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._read()


@dataclass
class Run:
    stage: str
    workers: int
    shops: int
    wall: float
    startup: float
    ok: int
    failed: int
    reasons: list[str]
    peak_rss: int
    compute: float
    shop_seconds: float
    overhead: float
    """(wall × workers − Σ compute) / tasks [s]"""
    gap: float
    """Mean dispatch gap between consecutive tasks on a worker [s]"""
    extra: dict[str, Any] = field(default_factory=dict)


def task_times(stream: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """Σ compute seconds and the mean gap between consecutive tasks on each worker."""
    by_worker: dict[str, list[tuple[float, float]]] = {}
    compute = 0.0
    for record in stream:
        for part in record.get("startstops", ()):
            if part.get("action") == "compute":
                compute += part["stop"] - part["start"]
                worker = str(record.get("worker", ""))
                by_worker.setdefault(worker, []).append((part["start"], part["stop"]))
    gaps = []
    for spans in by_worker.values():
        spans.sort()
        gaps += [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
    # the scheduler corrects each worker's clock by its measured delay, so a gap of a few
    # milliseconds may come out negative: read it as zero
    return compute, (max(0.0, statistics.fmean(gaps)) if gaps else float("nan"))


def subset(fleet: Path, shops: Sequence[str]) -> Path:
    """A manifest of ``shops`` of the fleet (paths relative to the fleet folder)."""
    path = fleet / f"subset-{len(shops)}.csv"
    rows = [
        {"shop": s, "history": f"{s}/history.csv.gz", "calendar": f"{s}/calendar.csv",
         "config": f"{s}/plan.toml"}
        for s in shops
    ]  # fmt: skip
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def run_once(stage: str, workers: int, fleet: Path, out: Path, args: argparse.Namespace) -> Run:
    """One ``run_fleet`` of the whole fleet on a new ``LocalCluster`` of ``workers``."""
    import dask
    from distributed import Client, LocalCluster, get_task_stream

    from forecaster.fleet import run_fleet

    began = time.perf_counter()
    with (
        dask.config.set({"distributed.scheduler.worker-saturation": 1.0}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        client.wait_for_workers(workers)
        startup = time.perf_counter() - began
        horizon: dict[str, Any] = (
            {"event": args.event}
            if stage != "plan"
            else {"start": args.plan_start, "end": args.plan_end}
        )
        with MemoryPoll(client) as memory, get_task_stream(client=client) as stream:
            result = run_fleet(
                fleet,
                out,
                stage=stage,
                client=client,
                replications=args.replications,
                time_limit_seconds=args.time_limit,
                **horizon,
            )
        records = list(stream.data)
    summary = result.summary
    n = len(summary)
    compute, gap = task_times(records)
    failed = summary[summary["status"] != "ok"]
    return Run(
        stage=stage,
        workers=workers,
        shops=n,
        wall=result.seconds,
        startup=round(startup, 2),
        ok=n - len(failed),
        failed=len(failed),
        reasons=[f"{r.shop}: {r.reason}" for r in failed.itertuples()][:5],
        peak_rss=max(memory.peak.values(), default=0),
        compute=compute,
        shop_seconds=float(summary["seconds"].sum()),
        overhead=(result.seconds * workers - compute) / max(n, 1),
        gap=gap,
        extra={
            "polls": memory.samples,
            "tasks": len(records),
            "shop_seconds_max": float(summary["seconds"].max()),
        },
    )


def import_seconds() -> float:
    """What a new worker pays on its first shop: importing ``forecaster.fleet`` and the
    modules its task imports on first use, in a fresh interpreter. [s]"""
    code = (
        "import time; t = time.perf_counter(); import forecaster.fleet; "
        "import forecaster.pipeline, forecaster.capacity, forecaster.forecast, "
        "forecaster.validation; print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return float(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def _median_run(runs: list[Run]) -> Run:
    """The run of median wall time (runs sorted; the lower middle when even)."""
    return sorted(runs, key=lambda r: r.wall)[(len(runs) - 1) // 2]


def markdown(
    results: dict[tuple[str, int], list[Run]], args: argparse.Namespace, horizons: dict[str, str]
) -> list[str]:
    today = dt.date.today().isoformat()
    lines = [
        "| date | machine | stage | horizon | shops | workers | wall s | shops/min | "
        "speed-up 1→2 | peak RSS / worker | overhead / task | dispatch gap | failed |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (stage, k), runs in results.items():
        r = _median_run(runs)
        walls = sorted(x.wall for x in runs)
        spread = f" ({walls[0]:.0f}–{walls[-1]:.0f})" if len(walls) > 1 else ""
        one = results.get((stage, 1))
        speed = ""
        if k > 1 and one:
            speed = f"{_median_run(one).wall / r.wall:.2f}×"
        lines.append(
            f"| {today} | {args.machine} | {stage} | {horizons[stage]} | {r.shops} | {k} | "
            f"**{r.wall:.0f}**{spread} | {r.shops / r.wall * 60:.1f} | {speed} | "
            f"{r.peak_rss / MIB:,.0f} MiB | {r.overhead:.2f} s | {_ms(r.gap)} | "
            f"{r.failed} |"
        )
    return lines


def targets(results: dict[tuple[str, int], list[Run]]) -> list[str]:
    def mark(ok: bool) -> str:
        return "✔" if ok else "✘"

    lines = []
    staff = results.get(("staff", 2))
    if staff:
        r = _median_run(staff)
        limit = TARGET_STAFF_SECONDS * r.shops / TARGET_SHOPS
        scaled = "" if r.shops == TARGET_SHOPS else f" (pro rata for {r.shops} shops)"
        lines.append(
            f"- forecast+staff of {r.shops} shops on 2 workers: {r.wall:.0f} s ≤ "
            f"{limit:.0f} s{scaled} {mark(r.wall <= limit)}"
        )
    for stage in sorted({s for s, _ in results}):
        one, two = results.get((stage, 1)), results.get((stage, 2))
        if one and two:
            speed = _median_run(one).wall / _median_run(two).wall
            lines.append(
                f"- speed-up 1→2 workers, {stage}: {speed:.2f}× ≥ {TARGET_SPEEDUP}× "
                f"{mark(speed >= TARGET_SPEEDUP)}"
            )
    peak = max((r.peak_rss for runs in results.values() for r in runs), default=0)
    lines.append(
        f"- peak RSS per worker (worker + solver child), all runs: {peak / MIB:,.0f} MiB ≤ "
        f"{TARGET_RSS_BYTES / MIB:,.0f} MiB (1.5 GB) {mark(peak <= TARGET_RSS_BYTES)}"
    )
    return lines


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shops", type=int, default=100, help="fleet size (default 100)")
    parser.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    parser.add_argument("--stages", default="staff,plan", help="default staff,plan")
    parser.add_argument("--seed", type=int, default=2026, help="population seed")
    parser.add_argument("--fleet", type=Path, default=None, help="generated fleet (cache)")
    parser.add_argument("--out", type=Path, default=None, help="where the runs write")
    parser.add_argument("--keep", action="store_true", help="keep the runs' outputs")
    parser.add_argument("--runs", type=int, default=1, help="runs per stage × workers")
    parser.add_argument("--event", default=EVENT, help="staff stage horizon")
    parser.add_argument("--plan-start", default=PLAN_START)
    parser.add_argument("--plan-end", default=PLAN_END)
    parser.add_argument("--time-limit", type=float, default=10.0, help="roster solver [s]")
    parser.add_argument("--replications", type=int, default=5, help="simulation runs")
    parser.add_argument(
        "--plan-shops", type=int, default=24, help="plan stage: first N shops (0: all)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generation")
    parser.add_argument("--machine", default="vm", help="machine name for RESULTS.md")
    args = parser.parse_args(argv)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    counts = [int(k) for k in args.workers.split(",") if k.strip()]
    for stage in stages:
        if stage not in ("forecast", "staff", "plan"):
            parser.error(f"--stages: unknown stage {stage!r}")

    history_end = f"{pd.Timestamp(args.plan_start) - pd.Timedelta(days=1):%Y-%m-%d}"
    fleet = args.fleet or (
        Path(tempfile.gettempdir()) / "forecaster-bench-fleet" / f"seed{args.seed}-n{args.shops}"
    )
    print(f"fleet: {fleet}", flush=True)
    shops, gen_seconds, reused = make_fleet(fleet, args.seed, args.shops, history_end, args.jobs)
    sizes = shops["ordinary_day"]
    print(
        f"fleet: {len(shops)} shops, {sizes.min():,.0f} to {sizes.max():,.0f} inquiries on an "
        f"ordinary day (median {sizes.median():,.0f}), {shops['rows'].sum():,} history rows, "
        f"queues {shops['queues'].value_counts().to_dict()}; "
        + (
            f"reused (made in {gen_seconds:.0f} s)"
            if reused
            else f"generated in {gen_seconds:.1f} s on {args.jobs} processes: "
            f"{gen_seconds / len(shops) * args.jobs:.2f} s per shop per process "
            f"(make_shop {shops['make_seconds'].median():.2f} s median, "
            f"with writing {shops['seconds'].median():.2f} s)"
        ),
        flush=True,
    )
    print(f"worker start-up import: {import_seconds():.1f} s (fresh interpreter)", flush=True)

    out = args.out or Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    horizons = {
        "forecast": f"{args.event} window",
        "staff": f"{args.event} window",
        "plan": f"{args.plan_start[5:]}..{args.plan_end[5:]}, solver {args.time_limit:g} s",
    }
    sources = dict.fromkeys(stages, fleet)
    if 0 < args.plan_shops < len(shops):
        sources["plan"] = subset(fleet, list(shops["shop"][: args.plan_shops]))
    results: dict[tuple[str, int], list[Run]] = {}
    try:
        for stage in stages:
            for k in counts:
                for i in range(args.runs):
                    target = out / f"{stage}-{k}w-{i + 1}"
                    shutil.rmtree(target, ignore_errors=True)
                    r = run_once(stage, k, sources[stage], target, args)
                    results.setdefault((stage, k), []).append(r)
                    print(
                        f"{stage} ({horizons[stage]}), {k} worker(s), run {i + 1}: "
                        f"{r.wall:.1f} s wall ({r.shops / r.wall * 60:.1f} shops/min; "
                        f"cluster start {r.startup:.1f} s apart), {r.ok} ok, {r.failed} failed; "
                        f"Σ shop {r.shop_seconds:.0f} s (max {r.extra['shop_seconds_max']:.0f}),"
                        f" Σ compute {r.compute:.0f} s; peak RSS {r.peak_rss / MIB:,.0f} MiB "
                        f"({r.extra['polls']} polls); overhead {r.overhead:.2f} s/task, "
                        f"dispatch gap {_ms(r.gap)}",
                        flush=True,
                    )
                    for reason in r.reasons:
                        print(f"  failed: {reason}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
        else:
            print(f"outputs kept in {out}")
    print()
    print(
        f"Fleet of {args.shops} population shops (seed {args.seed}), 15-minute history "
        f"{HISTORY_START:%Y-%m-%d}..{history_end}; staff: each shop's {args.event} window; "
        f"plan: the first {min(args.plan_shops or len(shops), len(shops))} shops, "
        f"{args.plan_start}..{args.plan_end} with a {args.time_limit:g} s solver limit "
        f"and {args.replications} replications; LocalCluster of k one-thread worker "
        f"processes; wall = run_fleet, cluster start-up apart; median of {args.runs}."
    )
    print()
    print("\n".join(markdown(results, args, horizons)))
    print()
    print("\n".join(targets(results)))


if __name__ == "__main__":  # Dask's spawned workers import this module
    main()
