"""Randomly corrupted files give InputDataError or warnings, never another exception."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecaster.errors import InputDataError
from forecaster.validation import History, read_calendar, read_history
from tests.conftest import make_history

BASE = (
    make_history(days=8, level=40.0)
    .assign(
        interval_start=lambda f: f["interval_start"].dt.strftime("%Y-%m-%d %H:%M"),
        human_inquiries=lambda f: (f["inquiries"] // 2).astype(str),
    )
    .astype({"inquiries": str})
)
CALENDAR = pd.read_csv("data/calendar.csv", dtype=str, keep_default_na=False)

JUNK = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "1.5",
            "abc",
            "NaN",
            "inf",
            "-inf",
            "1e300",
            "1,000",
            "2025-13-45 25:61",
            "00:00",
            "20:00-21:00",
            "售前",
            "0x10",
            "None",
            "null",
            "∞",
            "１２",
            "1e-3",
            "+5",
            "—",
        ]
    ),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@st.composite
def corrupted(draw: st.DrawFn, base: pd.DataFrame) -> pd.DataFrame:
    frame = base.copy()
    n = len(frame)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "drop_rows",
                    "duplicate",
                    "drop_column",
                    "rename",
                    "shuffle",
                    "zero_run",
                    "truncate",
                ]
            )
        )
        if action == "cell" and n:
            row = draw(st.integers(0, n - 1))
            col = draw(st.sampled_from(list(frame.columns)))
            frame.iloc[row, frame.columns.get_loc(col)] = draw(JUNK)
        elif action == "drop_rows" and n:
            start = draw(st.integers(0, n - 1))
            frame = frame.drop(frame.index[start : start + draw(st.integers(1, 200))])
        elif action == "duplicate" and n:
            row = draw(st.integers(0, n - 1))
            frame = pd.concat([frame, frame.iloc[[row]]])
        elif action == "drop_column" and len(frame.columns) > 1:
            frame = frame.drop(columns=draw(st.sampled_from(list(frame.columns))))
        elif action == "rename":
            col = draw(st.sampled_from(list(frame.columns)))
            frame = frame.rename(
                columns={col: draw(st.sampled_from(["时间", "日期", "小时", "x", ""]))}
            )
        elif action == "shuffle":
            frame = frame.sample(frac=1.0, random_state=draw(st.integers(0, 99)))
        elif action == "zero_run" and "inquiries" in frame.columns and n:
            start = draw(st.integers(0, n - 1))
            frame.iloc[
                start : start + draw(st.integers(1, 40)), frame.columns.get_loc("inquiries")
            ] = "0"
        elif action == "truncate":
            frame = frame.head(draw(st.integers(0, 5)))
        n = len(frame)
    return frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=corrupted(BASE))
def test_corrupted_history_is_an_error_or_a_warning(frame: pd.DataFrame) -> None:
    data = frame.to_csv(index=False).encode()
    try:
        history = read_history(data, name="fuzz.csv")
    except InputDataError as exc:
        assert exc.problems and all("\n" not in p for p in exc.problems)
        assert str(exc).startswith(("fuzz.csv", "fuzz.csv"))
        return
    assert isinstance(history, History)
    out = history.frame
    assert (out["inquiries"] >= 0).all()
    assert not out.duplicated(["queue", "interval_start"]).any()
    # no silent data loss: every kept row was in the file, every dropped row was reported
    assert len(out) + len(history.duplicate_rows) == len(frame)


@settings(max_examples=100, deadline=None)
@given(frame=corrupted(CALENDAR))
def test_corrupted_calendar_is_an_error_or_a_warning(frame: pd.DataFrame) -> None:
    try:
        calendar = read_calendar(frame.to_csv(index=False).encode(), name="cal.csv")
    except InputDataError as exc:
        assert str(exc).startswith("cal.csv")
        return
    assert (calendar.frame["end"] >= calendar.frame["start"]).all()
