"""The ``forecaster`` command line: a thin shell over the library.

Every command exits 0 on success and 2 on bad input or an impossible plan, with the reason
on one line on stderr, never a traceback (``DESIGN.md`` section 5).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

from forecaster import __version__
from forecaster.errors import InputDataError, PlannerError
from forecaster.paths import APP_FILE, SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import Calendar, History, build_report, read_calendar, read_history

MODEL_NAMES = ("campaign", "baseline", "mstl", "seasonal_naive", "last_year")
"""Forecasting model names (``forecaster.forecast.MODELS``, without importing statsmodels)."""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def _validate(args: argparse.Namespace) -> int:
    history_path = Path(args.history)
    try:
        history = read_history(history_path)
        calendar = read_calendar(Path(args.calendar)) if args.calendar else None
    except PlannerError as exc:
        print(f"Input not usable, {len(exc.problems)} problem(s):")
        for problem in exc.problems:
            print(f"  - {problem}")
        raise
    print(build_report(history, calendar).to_text())
    return EXIT_OK


def parse_timestamp(text: str, option: str) -> pd.Timestamp:
    """A CLI timestamp option, or one clear error naming the option."""
    try:
        stamp = pd.Timestamp(text)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise InputDataError(f"{option} must be a date or timestamp like 2025-10-08, got {text!r}")
    return stamp.tz_localize(None) if stamp.tzinfo else stamp


def _progress(message: str) -> None:
    """A progress line on stdout (stderr carries only the one-line error, if any)."""
    print(f"  {message}", flush=True)


def _load_inputs(args: argparse.Namespace) -> tuple[History, Calendar | None]:
    _progress(f"reading {args.history}")
    history = read_history(Path(args.history))
    calendar = read_calendar(Path(args.calendar)) if args.calendar else None
    for finding in history.findings:
        if finding.severity == "warning" and finding.code in ("outage", "gap"):
            _progress(f"note: {finding.message}")
    return history, calendar


def _forecast(args: argparse.Namespace) -> int:
    from forecaster.adjust import apply_adjustments, load_adjustments
    from forecaster.forecast import make_model, truncate_history

    start = parse_timestamp(args.start, "--start")
    end = parse_timestamp(args.end, "--end")
    if end < start:
        raise InputDataError(f"--end must not be before --start, got {args.start} to {args.end}")
    adjustments = load_adjustments(Path(args.adjustments)) if args.adjustments else []
    history, calendar = _load_inputs(args)
    train = truncate_history(history, start)
    began = time.perf_counter()
    _progress(f"fitting the {args.model} model on history before {start}")
    model = make_model(args.model).fit(train, calendar)
    frame = model.predict(args.start, args.end, args.interval)
    if adjustments:
        _progress(f"applying {len(adjustments)} adjustment(s) from {args.adjustments}")
        frame = apply_adjustments(frame, adjustments, source=Path(args.adjustments).name)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, date_format="%Y-%m-%d %H:%M:%S", float_format="%.3f")
    seconds = time.perf_counter() - began
    queues = ", ".join(frame["queue"].unique())
    print(
        f"wrote {out}: {len(frame):,} rows ({queues}), {frame['interval_start'].min()} to "
        f"{frame['interval_start'].max()}, {seconds:.1f} s"
    )
    return EXIT_OK


def _backtest(args: argparse.Namespace) -> int:
    from forecaster.backtest import run_backtest, write_backtest

    history, calendar = _load_inputs(args)
    if calendar is None:
        raise InputDataError("backtest needs --calendar")
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    result = run_backtest(history, calendar, args.event, models=models, progress=_progress)
    written = write_backtest(result, args.out)
    window = result.metrics[result.metrics["scope"] == "window"]
    print(f"backtest of {args.event}: WAPE of p50 / bias / P10-P90 coverage per origin and model")
    for row in window.itertuples(index=False):
        print(
            f"  {row.origin:<13} {row.model:<15} {row.queue:<10} wape {row.wape:.3f}  "
            f"bias {row.bias:+.3f}  coverage {row.coverage_80:.2f}"
        )
    print(f"wrote {', '.join(str(p) for p in written)}")
    return EXIT_OK


def _app(args: argparse.Namespace) -> int:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.headless",
        "true",
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    print(f"Starting the planner app on http://{args.address}:{args.port} (Ctrl+C to stop)")
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="forecaster",
        description="Staffing planner for e-commerce chat service around 618 and 双11.",
    )
    parser.add_argument("--version", action="version", version=f"forecaster {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate", help="check a history export (and calendar) and print a data-quality report"
    )
    validate.add_argument(
        "--history",
        default=str(SAMPLE_HISTORY),
        help="history file: CSV (UTF-8/GBK, maybe .gz) or .xlsx (default: bundled sample)",
    )
    validate.add_argument(
        "--calendar",
        default=str(SAMPLE_CALENDAR),
        help="campaign calendar (default: bundled calendar; '' to skip)",
    )
    validate.set_defaults(func=_validate)

    inputs = _Parser(add_help=False)
    inputs.add_argument(
        "--history", default=str(SAMPLE_HISTORY), help="history file (default: bundled sample)"
    )
    inputs.add_argument(
        "--calendar", default=str(SAMPLE_CALENDAR), help="campaign calendar (default: bundled)"
    )

    fc = sub.add_parser(
        "forecast",
        parents=[inputs],
        help="forecast inquiries with quantiles from history strictly before --start",
    )
    fc.add_argument("--start", required=True, help="first interval, e.g. 2025-10-08")
    fc.add_argument("--end", required=True, help="last day (whole day) or last interval start")
    fc.add_argument(
        "--interval", type=int, choices=(15, 30, 60), default=None, help="output minutes"
    )
    fc.add_argument("--model", choices=sorted(MODEL_NAMES), default="campaign")
    fc.add_argument("--adjustments", default=None, help="planner adjustments JSON to apply")
    fc.add_argument("--out", required=True, help="forecast CSV to write")
    fc.set_defaults(func=_forecast)

    bt = sub.add_parser(
        "backtest", parents=[inputs], help="score the forecasters on a past campaign"
    )
    bt.add_argument("--event", required=True, help='calendar event, e.g. "双11 2024"')
    bt.add_argument(
        "--models",
        default="campaign,seasonal_naive,last_year",
        help="comma-separated models to score",
    )
    bt.add_argument("--out", required=True, help="directory for metrics.csv, forecasts.csv, PNGs")
    bt.set_defaults(func=_backtest)

    app = sub.add_parser("app", help="start the Streamlit app")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")
    app.set_defaults(func=_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also the process's when run as a script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except PlannerError as exc:
        print(f"forecaster {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("forecaster: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("FORECASTER_DEBUG"):
            raise
        print(
            f"forecaster {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(set FORECASTER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
