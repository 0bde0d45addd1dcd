"""Every CSV the CLI writes is safe to open in Excel/WPS: text that a spreadsheet would run
as a formula (queue names come from planners' files) gets a leading apostrophe, and the
CLI reads its own files back to the original names (issue 17, safe outputs)."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from forecaster.capacity import read_forecast
from forecaster.cli import main
from forecaster.pipeline import PlanResult, write_plan
from forecaster.safe_output import (
    neutralise,
    neutralise_frame,
    restore,
    restore_frame,
    write_csv,
)
from tests.conftest import make_history, to_csv_bytes

EVIL = '=HYPERLINK("http://evil.example","点我")'
DASH = "-售后"  # an honest name a spreadsheet would still read as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("value", [EVIL, DASH, "+1", "@SUM(A1)", "\tx", "presale", "售前", ""])
def test_restore_undoes_neutralise(value: str) -> None:
    assert restore(neutralise(value)) == value
    assert not str(neutralise(value)).startswith(FORMULA_STARTS)


def test_frames_round_trip_and_numbers_stay_numbers() -> None:
    frame = pd.DataFrame(
        {"queue": [EVIL, DASH, "presale", None], "mean": [1.5, -2.0, 3.0, 4.0], EVIL: 1}
    )
    safe = neutralise_frame(frame)
    assert safe["mean"].tolist() == [1.5, -2.0, 3.0, 4.0]  # a negative number is not text
    assert safe.iloc[:2, 0].tolist() == ["'" + EVIL, "'" + DASH]
    assert list(safe.columns)[-1] == "'" + EVIL
    pd.testing.assert_frame_equal(restore_frame(safe), frame)
    assert frame["queue"].iloc[0] == EVIL  # the caller's frame is not changed
    text = write_csv(frame)
    assert text is not None
    rows = list(csv.reader(text.splitlines()))
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row[:1])


def cells(path: Path) -> list[str]:
    """Every text cell of a CSV file (header included) that is not a number."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                try:
                    float(cell)
                except ValueError:
                    out.append(cell)
    return out


def test_the_cli_forecast_of_formula_named_queues_is_neutralised(tmp_path: Path) -> None:
    """A history whose queues are named like formulas: ``forecast.csv`` keeps them as text,
    and the forecast read back (``forecaster staff``'s reader) has the original names."""
    history = make_history(days=35, queues=(EVIL, DASH))
    (tmp_path / "h.csv").write_bytes(to_csv_bytes(history))
    fc = tmp_path / "fc.csv"
    day = ["--start", "2025-04-07", "--end", "2025-04-07"]
    assert main(["forecast", "--history", str(tmp_path / "h.csv"), *day, "--out", str(fc)]) == 0
    text = cells(fc)
    assert "'" + EVIL in text and "'" + DASH in text
    assert not [c for c in text if c.startswith(FORMULA_STARTS)]
    assert set(read_forecast(fc)["queue"]) == {EVIL, DASH}


def test_the_plan_files_are_neutralised(small_plan: PlanResult, tmp_path: Path) -> None:
    evil = {
        name: getattr(small_plan, name).assign(queue=EVIL)
        for name in ("forecast", "requirements", "simulation")
    }
    write_plan(replace(small_plan, **evil), tmp_path)
    for name in ("forecast.csv", "requirements.csv", "simulation.csv"):
        text = cells(tmp_path / name)
        assert "'" + EVIL in text, name
        assert not [c for c in text if c.startswith(FORMULA_STARTS)], name


WRITERS_OF_THEIR_OWN = {
    "safe_output.py",  # the writer
    "exports.py",  # the roster files: every cell through neutralise (tests/test_exports.py)
    "review.py",  # review CSVs: neutralised cell by cell (tests/test_review.py)
    "store.py",  # the plan database's internal encoding, never opened by a planner
    "sample.py",  # the bundled sample's generator (fixed queue names)
    "fleet.py",  # fleet_summary.csv, neutralised column by column
}


def test_no_other_module_writes_a_csv_of_its_own() -> None:
    """Every other CSV the product writes goes through :func:`write_csv`."""
    package = Path(__file__).resolve().parent.parent / "forecaster"
    app = Path(__file__).resolve().parent.parent / "app_pages"
    offenders = [
        f"{path.parent.name}/{path.name}: {line.strip()}"
        for path in [*package.glob("*.py"), *app.glob("*.py")]
        if path.name not in WRITERS_OF_THEIR_OWN
        for line in path.read_text(encoding="utf-8").splitlines()
        if ".to_csv(" in line
    ]
    # the edited calendar, read back at once (named by its line, not its number)
    assert offenders == [
        'app_pages/data.py: text = edited.to_csv(index=False, date_format="%Y-%m-%d %H:%M")'
    ]
