"""``forecaster validate``: report on stdout, exit 0 if usable, 2 with one stderr line if not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from tests.conftest import make_history, to_csv_bytes


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(to_csv_bytes(make_history(days=10)))
    assert main(["validate", "--history", str(path), "--calendar", str(SAMPLE_CALENDAR)]) == 0
    out, err = capsys.readouterr()
    assert "History h.csv: 1,920 rows, 2 queue(s), 15-minute intervals" in out
    assert "Usable: yes" in out
    assert err == ""


def test_validate_bad_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = make_history(days=3).astype({"inquiries": str})
    frame.loc[4, "inquiries"] = "-7"
    path = tmp_path / "bad.csv"
    path.write_bytes(to_csv_bytes(frame))
    assert main(["validate", "--history", str(path), "--calendar", ""]) == 2
    out, err = capsys.readouterr()
    assert err == (
        "forecaster validate: error: bad.csv row 6, column inquiries: "
        "must be a non-negative integer, got '-7'\n"
    )
    assert "Input not usable, 1 problem(s)" in out


def test_bad_calendar_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "h.csv"
    history.write_bytes(to_csv_bytes(make_history(days=3)))
    calendar = tmp_path / "cal.csv"
    calendar.write_text("event,phase,start,end\nx,wave,2025-01-02,2025-01-01 10:00\n")
    assert main(["validate", "--history", str(history), "--calendar", str(calendar)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--no-such-flag"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrecognized arguments: --no-such-flag" in err


@pytest.mark.slow
def test_validate_sample_reports_its_planted_defects() -> None:
    """The real console script on the bundled sample (as a user runs it)."""
    result = subprocess.run(
        [sys.executable, "-m", "forecaster", "validate", "--history", str(SAMPLE_HISTORY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2 queue(s), 15-minute intervals" in out
    assert "range 2023-01-01 00:00 to 2025-11-30 23:45" in out
    assert "Duplicates: 1 exact duplicate row(s) dropped" in out
    assert "Suspected outages: 2" in out  # one export outage, both queues
    assert "Gaps: 4 missing intervals in 1 gap(s)" in out
    for event in ("618 2023", "双11 2023", "618 2024", "双11 2024", "618 2025", "双11 2025"):
        assert event in out
    assert "Traceback" not in result.stderr


def test_sample_file_is_the_documented_size() -> None:
    frame = pd.read_csv(SAMPLE_HISTORY, usecols=["queue"])
    assert 200_000 <= len(frame) <= 210_000
