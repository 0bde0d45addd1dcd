"""The ``forecaster`` command line: a thin shell over the library.

Every command exits 0 on success and 2 on bad input or an impossible plan, with the reason
on one line on stderr, never a traceback (``DESIGN.md`` section 5).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from forecaster import __version__
from forecaster.errors import PlannerError
from forecaster.paths import APP_FILE, SAMPLE_CALENDAR, SAMPLE_HISTORY
from forecaster.validation import build_report, read_calendar, read_history

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
