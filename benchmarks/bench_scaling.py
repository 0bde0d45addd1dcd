"""Benchmark: how reading and validating grow with the input (issue 17, linear work).

Four families, each at four sizes, every point in its own process (time and peak memory of
``read_history`` / ``read_calendar``, the work ``forecaster validate`` does on a file):

- **rows**: a two-queue 15-minute history of 25,000 to 400,000 rows;
- **columns**: one count column per queue (``咨询人数(店i)``, melted into rows), 30 days
  hourly, 60 to 960 columns;
- **queues**: 375 to 3,000 queues of 30 days hourly as rows;
- **phases**: a calendar of 1,250 to 10,000 phases (every phase overlapping a few others).

Prints, per family, seconds and peak MiB at each size and the growth exponent between the
two largest sizes (1 is linear, 2 quadratic), as Markdown for ``benchmarks/RESULTS.md``.
Medians of ``--runs`` runs (default 3). Run ``python benchmarks/bench_scaling.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SIZES = {
    "rows": (25_000, 50_000, 100_000, 200_000, 400_000),
    "columns": (60, 120, 240, 480, 960),
    "queues": (375, 750, 1_500, 3_000),
    "phases": (1_250, 2_500, 5_000, 10_000),
}
START = pd.Timestamp("2025-01-06")


def make(family: str, size: int, folder: Path) -> Path:
    """The input file of one point."""
    rng = np.random.default_rng(size)
    if family == "rows":
        per_queue = size // 2
        stamps = pd.date_range(START, periods=per_queue, freq="15min")
        frame = pd.concat(
            [pd.DataFrame({"interval_start": stamps, "queue": q,
                           "inquiries": rng.poisson(20, per_queue)}) for q in ("presale", "aftersale")]
        )  # fmt: skip
    elif family == "columns":
        stamps = pd.date_range(START, periods=30 * 24, freq="60min")
        frame = pd.DataFrame({"时间": stamps})
        counts = rng.poisson(5, (len(stamps), size))
        frame = pd.concat(
            [frame, pd.DataFrame(counts, columns=[f"咨询人数(店{i})" for i in range(size)])], axis=1
        )
    elif family == "queues":
        stamps = pd.date_range(START, periods=30 * 24, freq="60min")
        frame = pd.DataFrame(
            {
                "interval_start": np.tile(stamps, size),
                "queue": np.repeat([f"q{i:04d}" for i in range(size)], len(stamps)),
                "inquiries": rng.poisson(5, len(stamps) * size),
            }
        )
    else:
        starts = START + pd.to_timedelta(np.arange(size) * 6, unit="h")
        frame = pd.DataFrame(
            {
                "event": [f"e{i // 4}" for i in range(size)],
                "phase": np.resize(["presale", "wave", "final_payment", "after_sales"], size),
                "start": starts.strftime("%Y-%m-%d %H:%M"),
                "end": (starts + pd.Timedelta(hours=20)).strftime("%Y-%m-%d %H:%M"),
            }
        )
    path = folder / f"{family}_{size}.csv"
    frame.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M")
    return path


CHILD = """
import json, resource, sys, time
from forecaster.validation import read_calendar, read_history
path, family = sys.argv[1], sys.argv[2]
began = time.perf_counter()
read = read_calendar if family == "phases" else read_history
read(path)
print(json.dumps({"seconds": time.perf_counter() - began,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path, family: str) -> dict[str, float]:
    env = {**os.environ, "FORECASTER_MAX_COLUMNS": "5000", "PYTHONPATH": os.environ.get(
        "PYTHONPATH", str(ROOT))}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), family],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SIZES))
    args = parser.parse_args(argv)
    lines = [
        "| family | sizes | seconds | peak MiB | growth exponent of time (largest two) |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for family, sizes in SIZES.items():
            if args.only and family != args.only:
                continue
            seconds, peaks = [], []
            for size in sizes:
                path = make(family, size, Path(tmp))
                runs = [measure(path, family) for _ in range(args.runs)]
                seconds.append(statistics.median(r["seconds"] for r in runs))
                peaks.append(statistics.median(r["peak_mb"] for r in runs))
                print(f"{family} {size}: {seconds[-1]:.2f} s, {peaks[-1]:.0f} MiB", flush=True)
            growth = math.log(seconds[-1] / seconds[-2]) / math.log(sizes[-1] / sizes[-2])
            lines.append(
                f"| {family} | {' / '.join(f'{s:,}' for s in sizes)} | "
                f"{' / '.join(f'{s:.2f}' for s in seconds)} | "
                f"{' / '.join(f'{p:.0f}' for p in peaks)} | {growth:.2f} |"
            )
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
