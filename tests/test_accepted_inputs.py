"""A history that ``validate`` accepts never crashes a later stage (issue 17, item 3).

Hypothesis makes accepted-but-odd histories from a clean one — zeros, spikes up to 10⁶,
queues of a single interval or of a few scattered ones, far-future rows, tiny levels, weeks
missing — and runs ``forecaster plan`` (forecast, staffing, roster, simulation) on the day
after the history. Every input that ``validate`` accepts must give a plan (exit 0) or one
line and exit 2; the refused ones must be refused in one line too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecaster.cli import main
from forecaster.paths import SAMPLE_CONFIG
from tests.conftest import make_history

pytestmark = pytest.mark.slow

BASE = make_history(days=35, minutes=60, level=30.0)
START = BASE["interval_start"].max().normalize() + pd.Timedelta(days=1)


@st.composite
def odd_history(draw: st.DrawFn) -> pd.DataFrame:
    """The clean history with one to three odd changes."""
    frame = BASE.copy()
    stamps = frame["interval_start"]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["zeros", "spike", "single", "sparse", "future", "tiny", "gap", "last_day_zero"]
            )
        )
        queue = draw(st.sampled_from(["presale", "aftersale"]))
        mine = frame["queue"] == queue
        if kind == "zeros":  # a stretch of days without a chat
            first = draw(st.integers(0, 30))
            days = draw(st.integers(1, 20))
            span = (stamps >= stamps.min() + pd.Timedelta(days=first)) & (
                stamps < stamps.min() + pd.Timedelta(days=first + days)
            )
            frame.loc[mine & span, "inquiries"] = 0
        elif kind == "spike":
            row = draw(st.sampled_from(list(frame.index[mine])))
            frame.loc[row, "inquiries"] = draw(st.sampled_from([500, 10_000, 10**6]))
        elif kind == "single":  # a queue with one interval
            at = stamps.min() + pd.Timedelta(hours=draw(st.integers(0, 35 * 24 - 1)))
            frame = pd.concat([frame, pd.DataFrame(
                {"interval_start": [at], "queue": ["vip"], "inquiries": [draw(st.integers(1, 50))]}
            )], ignore_index=True)  # fmt: skip
        elif kind == "sparse":  # a queue served now and then
            step = draw(st.sampled_from([7, 23, 97]))
            keep = ~mine | (np.arange(len(frame)) % step == 0)
            frame = frame[keep].reset_index(drop=True)
        elif kind == "future":  # a row dated after the forecast start
            when = draw(st.sampled_from(["2030-01-01 00:00", "2199-01-01 00:00"]))
            frame = pd.concat([frame, pd.DataFrame(
                {"interval_start": [pd.Timestamp(when)], "queue": [queue], "inquiries": [5]}
            )], ignore_index=True)  # fmt: skip
        elif kind == "tiny":  # a queue with a chat now and then
            frame.loc[mine, "inquiries"] = (frame.loc[mine, "inquiries"] // 40).astype(int)
        elif kind == "gap":  # days missing from the export
            first = draw(st.integers(1, 25))
            gone = (stamps >= stamps.min() + pd.Timedelta(days=first)) & (
                stamps < stamps.min() + pd.Timedelta(days=first + draw(st.integers(1, 9)))
            )
            frame = frame[~gone.reindex(frame.index, fill_value=False)].reset_index(drop=True)
        else:  # the last day silent
            frame.loc[mine & (stamps >= START - pd.Timedelta(days=1)), "inquiries"] = 0
        stamps = frame["interval_start"]
    return frame


CONFIG_TEXT = SAMPLE_CONFIG.read_text(encoding="utf-8").replace(
    "interval_minutes = 15", "interval_minutes = 60", 1
)


def one_line_or_plan(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    code = main([*argv, "--lang", "en"])
    err = capsys.readouterr().err.strip()
    assert code in (0, 2), err
    if code == 2:
        assert len(err.splitlines()) == 1, err
    return code


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(frame=odd_history())
def test_a_validated_history_gets_a_plan_or_one_line(
    frame: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        history = folder / "history.csv"
        frame.to_csv(history, index=False, date_format="%Y-%m-%d %H:%M")
        config = folder / "plan.toml"
        config.write_text(CONFIG_TEXT, encoding="utf-8")
        inputs = ["--history", str(history), "--calendar", "", "--config", str(config)]
        if one_line_or_plan(["validate", *inputs], capsys) != 0:
            return
        day = f"{START:%Y-%m-%d}"
        argv = ["plan", *inputs, "--start", day, "--end", day, "--replications", "1",
                "--time-limit", "5", "--out", str(folder / "plan")]  # fmt: skip
        if one_line_or_plan(argv, capsys) == 0:
            shifts = pd.read_csv(folder / "plan" / "shifts.csv", encoding="utf-8-sig")
            assert set(pd.to_datetime(shifts["date"]).dt.strftime("%Y-%m-%d")) <= {day}
