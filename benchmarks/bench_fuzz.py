"""Benchmark: every corrupted or odd input of ``benchmarks/fuzz`` through the CLI (issue 17).

Each case (:mod:`benchmarks.fuzz.corpus`: ≥ 250 histories, calendars and ``plan.toml``
files) replaces one clean base file and runs, each command in its own process:

1. ``forecaster validate --history H --calendar C --config P``;
2. if that accepted it: ``forecaster forecast`` of the day after the base history (a history
   or calendar case), or ``forecaster staff`` of that day's clean forecast (a config case).

An outcome is **good** when every command exits 0, or exits 2 with exactly one line on
stderr; anything else is a **defect** (exit 1, a traceback, several lines, a crash, a
command over :data:`TIME_LIMIT` seconds or over :data:`MEMORY_LIMIT_MB` of peak memory on
an input under 10 MB). Prints one line per defect and the Markdown table of counts per
family for ``benchmarks/RESULTS.md``; ``--out CSV`` keeps one row per command.

Run ``python benchmarks/bench_fuzz.py [--seed 2026] [--only FAMILY] [--jobs 2] [--out CSV]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.fuzz.corpus import FORECAST_START, Case, corpus, write_inputs  # noqa: E402

TIME_LIMIT = 60.0
"""Seconds any one command may take on an input under 10 MB."""
MEMORY_LIMIT_MB = 1536
"""Peak resident memory any one command may use [MiB]."""


def run(argv: list[str], cwd: Path) -> dict[str, Any]:
    """One CLI command in its own process: exit code, stderr, seconds and peak memory."""
    env = {**os.environ, "PYTHONWARNINGS": "default", "FORECASTER_LANG": "en"}
    began = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "forecaster", *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - began > TIME_LIMIT:
                proc.kill()
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    return {
        "exit": proc.returncode,
        "seconds": round(time.perf_counter() - began, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "timed_out": timed_out,
        "stderr": stderr,
    }


def verdict(result: dict[str, Any], size: int) -> str:
    """``ok``, ``refused`` (exit 2, one line) or what makes the run a defect."""
    lines = [line for line in result["stderr"].splitlines() if line.strip()]
    if result["timed_out"]:
        return f"over {TIME_LIMIT:.0f} s"
    if size < 10_000_000 and result["peak_mb"] > MEMORY_LIMIT_MB:
        return f"peak {result['peak_mb']:.0f} MiB"
    if result["exit"] == 0:
        return "ok"
    if result["exit"] == 2:
        return "refused" if len(lines) == 1 else f"exit 2 with {len(lines)} lines"
    return f"exit {result['exit']}"


def check(case: Case, folder: Path, forecast: Path) -> list[dict[str, Any]]:
    """The case's commands (validate, then the next stage if accepted), one row each."""
    data = case.data
    paths = write_inputs(case, folder)
    inputs = ["--history", str(paths["history"]), "--calendar", str(paths["calendar"])]
    commands = [["validate", *inputs, "--config", str(paths["config"])]]
    rows = []
    for number, argv in enumerate(commands):
        result = run(argv, folder)
        rows.append({"case": case.key, "family": case.family, "size": len(data),
                     "command": argv[0], **result, "verdict": verdict(result, len(data))})  # fmt: skip
        if number == 0 and result["exit"] == 0:
            day = f"{FORECAST_START:%Y-%m-%d}"
            if case.role == "config":
                commands.append(["staff", "--forecast", str(forecast), "--config",
                                 str(paths["config"]), "--out", str(folder / "req.csv")])  # fmt: skip
            else:
                commands.append(["forecast", *inputs, "--start", day, "--end", day,
                                 "--out", str(folder / "fc.csv")])  # fmt: skip
    return rows


def table(frame: pd.DataFrame) -> list[str]:
    """Markdown: per family, the cases, what became of them, the slowest and biggest run."""
    lines = [
        "| family | cases | accepted by validate | … and by the next stage | refused by "
        "validate (one line, exit 2) | refused by the next stage (one line) | defects | "
        "slowest command [s] | highest peak [MiB] |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    first = frame.groupby("case").nth(0).set_index("case")
    second = frame.groupby("case").nth(1).set_index("case")
    per_case = pd.DataFrame(
        {
            "family": first["family"],
            "accepted": first["verdict"] == "ok",
            "refused": first["verdict"] == "refused",
            "next_ok": (second["verdict"] == "ok").reindex(first.index, fill_value=False),
            "next_refused": (second["verdict"] == "refused").reindex(first.index, fill_value=False),
            "defect": frame.groupby("case")["verdict"].agg(
                lambda v: any(x not in ("ok", "refused") for x in v)
            ),
            "seconds": frame.groupby("case")["seconds"].max(),
            "peak": frame.groupby("case")["peak_mb"].max(),
        }
    )
    groups = [(str(f), part) for f, part in per_case.groupby("family")]
    for family, part in [*groups, ("**all**", per_case)]:
        counts = [int(part[c].sum()) for c in ("accepted", "next_ok", "refused", "next_refused",
                                                "defect")]  # fmt: skip
        lines.append(
            f"| {family} | {len(part)} | "
            + " | ".join(map(str, counts))
            + f" | {part['seconds'].max():.1f} | {part['peak'].max():.0f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help="one family (e.g. config)")
    parser.add_argument("--jobs", type=int, default=1, help="cases at once")
    parser.add_argument("--out", type=Path, help="one row per command (CSV)")
    parser.add_argument("--from-csv", type=Path, help="print the table of an earlier --out")
    args = parser.parse_args(argv)
    if args.from_csv:
        frame = pd.read_csv(args.from_csv).assign(stderr="")
        return report(frame, None, 0.0, frame["case"].nunique())
    cases = [c for c in corpus(args.seed) if args.only in (None, c.family)]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = write_inputs(Case("base", "base", "base", "unused.txt", b""), work / "base")
        forecast = work / "base_forecast.csv"
        day = f"{FORECAST_START:%Y-%m-%d}"
        made = run(["forecast", "--history", str(base["history"]), "--start", day, "--end", day,
                    "--out", str(forecast)], work)  # fmt: skip
        assert made["exit"] == 0, made["stderr"]
        rows: list[dict[str, Any]] = []

        def one(item: tuple[int, Case]) -> list[dict[str, Any]]:
            number, case = item
            return check(case, work / f"case{number:03d}", forecast)

        with ThreadPoolExecutor(args.jobs) as pool:
            for done, found in enumerate(pool.map(one, enumerate(cases)), start=1):
                rows += found
                bad = [r for r in found if r["verdict"] not in ("ok", "refused")]
                for r in bad:
                    first = r["stderr"].strip().splitlines()[-1:] or [""]
                    print(f"DEFECT {r['case']} {r['command']}: {r['verdict']}: {first[0][:200]}")
                print(f"[{done}/{len(cases)}] {found[0]['case']}: "
                      + ", ".join(f"{r['command']} {r['verdict']} {r['seconds']:.1f}s "
                                  f"{r['peak_mb']:.0f}MiB" for r in found), flush=True)  # fmt: skip
    frame = pd.DataFrame(rows)
    return report(frame, args.out, time.perf_counter() - began, len(cases))


def report(frame: pd.DataFrame, out: Path | None, seconds: float, cases: int) -> int:
    """Print the summary and the table; keep the rows in ``out``."""
    if out:
        frame.drop(columns="stderr").to_csv(out, index=False)
    print()
    print(f"{cases} cases, {len(frame)} commands in {seconds:.0f} s")
    print("\n".join(table(frame)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
