"""The plan-quality benchmark's metrics on a tiny hand-made output directory (no solver)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_plan_quality.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_plan_quality", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CALENDAR = pd.DataFrame(
    {
        "event": ["双11 2025", "双11 2025"],
        "phase": ["wave", "peak_day"],
        "start": ["2025-11-10 20:00", "2025-11-11 00:00"],
        "end": ["2025-11-11 23:59", "2025-11-11 23:59"],
    }
)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Three days (11-09 ordinary, 11-10 wave from 20:00, 11-11 peak), hourly, two queues."""
    stamps = pd.date_range("2025-11-09", periods=72, freq="h")
    rows = []
    for stamp in stamps:
        for queue in ("presale", "aftersale"):
            short = 2 if (stamp.day == 9 and stamp.hour in (10, 11) and queue == "presale") else 0
            rows.append(
                {
                    "interval_start": stamp,
                    "queue": queue,
                    "required": 4,
                    "scheduled": 4 - short if stamp != pd.Timestamp("2025-11-11") else 3,
                    "shortfall": short,
                }
            )
    pd.DataFrame(rows).to_csv(tmp_path / "coverage.csv", index=False)
    sim = pd.DataFrame(
        {
            "interval_start": [pd.Timestamp("2025-11-11 00:00")] * 2
            + [pd.Timestamp("2025-11-11 01:00")] * 2,
            "queue": ["presale", "aftersale"] * 2,
            "arrivals": [100, 10, 30, 3],
            "service_level": [0.9, 0.5, 0.6, 0.0],
        }
    )
    sim.to_csv(tmp_path / "simulation.csv", index=False)
    named = [
        # FT: a team of 2; both on 11-11 (peak), one on 11-10
        ("F1", "FT", "2025-11-10"),
        ("F1", "FT", "2025-11-11"),
        ("F2", "FT", "2025-11-11"),
        # OUT: O1 books 11-09 and 11-11 (two one-day runs), O2 books 11-10..11-11
        ("O1", "OUT", "2025-11-09"),
        ("O1", "OUT", "2025-11-11"),
        ("O2", "OUT", "2025-11-10"),
        ("O2", "OUT", "2025-11-11"),
    ]
    pd.DataFrame(named, columns=["agent", "kind", "date"]).to_csv(
        tmp_path / "assignments.csv", index=False
    )
    (tmp_path / "shifts.csv").write_text("date,kind,agents\n2025-11-09,FT,1\n", encoding="utf-8")
    (tmp_path / "summary.json").write_text(
        json.dumps({"paid_hours": 600.0, "headcount": {"FT": 2}}), encoding="utf-8"
    )
    (tmp_path / "plan_summary.json").write_text(json.dumps({"paid_hours": 600.0}), "utf-8")
    return tmp_path


def test_service_metrics(bench: ModuleType, out: Path) -> None:
    m = bench.service_metrics(out, {"presale": 0.8, "aftersale": 0.8})
    assert m["sl"] == pytest.approx((90 + 5 + 18 + 0) / 143)
    assert m["target"] == pytest.approx(0.8)
    # intervals with >= 5 arrivals: 0.9 (ok), 0.5 (no), 0.6 (no): one of three within 5 points
    assert m["within"] == pytest.approx(1 / 3)
    # >= 20 arrivals: 0.9 and 0.6
    assert m["worst"] == 0.6 and m["worst_at"] == "2025-11-11 01:00 presale"


def test_paid_and_floor(bench: ModuleType, out: Path) -> None:
    m = bench.paid_metrics(out)
    assert m["required"] == pytest.approx(72 * 2 * 4)
    assert m["paid_required"] == pytest.approx(600 / 576)
    assert m["floor"] is None and m["paid_floor"] is None  # no lp_floor_paid_hours yet
    summary = json.loads((out / "summary.json").read_text())
    (out / "summary.json").write_text(json.dumps(summary | {"lp_floor_paid_hours": 500.0}))
    assert bench.paid_metrics(out)["paid_floor"] == pytest.approx(1.2)


def test_peak_days_ordinary_days_opening_and_outsourcing(bench: ModuleType, out: Path) -> None:
    ft = bench.ft_peak_metrics(out, CALENDAR)
    assert ft["ft_peak_days"] == {"11-11": 1.0} and ft["ft_peak"] == 1.0 and ft["ft_team"] == 2
    assert bench.ft_peak_metrics(out, CALENDAR, ft_team=4)["ft_peak"] == 0.5
    short = bench.ordinary_shortfall(out, CALENDAR)
    assert short == {"ordinary_short": 4.0, "ordinary_days": 1}  # 11-09: 2 × 2 h
    assert bench.opening_metrics(out) == {"opening": 6.0, "opening_presale": 3.0}
    assert bench.opening_metrics(out, pd.Timestamp("2026-01-01"))["opening"] is None
    # O1's one-day runs open and close the horizon: not short of the minimum inside it
    assert bench.outsourcing_metrics(out) == {"out_seats": 2, "out_one_day": 2, "out_short": 0}
    named = pd.read_csv(out / "assignments.csv", parse_dates=["date"])
    inside = pd.DataFrame([("O3", "OUT", pd.Timestamp("2025-11-10"))], columns=named.columns)
    assert bench.short_bookings(pd.concat([named, inside])) == 1


def test_fingerprint_and_table(bench: ModuleType, out: Path) -> None:
    first = bench.fingerprint(out)
    assert len(first) == 64 and bench.fingerprint(out) == first
    (out / "assignments.csv").write_text("agent,kind,date\n", encoding="utf-8")
    assert bench.fingerprint(out) != first
    m = bench.metrics(out, CALENDAR, {"presale": 0.8, "aftersale": 0.8}) | {"seconds": 100.0}
    table = bench.markdown({"demo": m})
    assert table.count("\n") == len(bench.TARGETS) + 1
    assert "n/a (no lp_floor_paid_hours)" in table and "≤ 180 s" in table and "✘" in table


def test_rules_of_the_named_roster(bench: ModuleType, out: Path) -> None:
    """Double bookings and rests under 11 h are counted from assignments.csv; the 618 naming
    bug of 2026-12-07 (22 double-booked days, 33 short rests) would have shown here."""
    assert bench.rules_metrics(out) == {
        "doubles": 0, "rest_breaks": None, "pt_named": 0, "pt_pool": None
    }  # fmt: skip
    named = pd.DataFrame(
        [
            ("P1", "PT", "2025-11-10", "2025-11-10 08:00", "2025-11-10 12:00"),
            ("P1", "PT", "2025-11-10", "2025-11-10 14:00", "2025-11-10 18:00"),
            ("P1", "PT", "2025-11-11", "2025-11-11 02:00", "2025-11-11 06:00"),
        ],
        columns=["agent", "kind", "date", "start", "end"],
    )
    named.to_csv(out / "assignments.csv", index=False)
    found = bench.rules_metrics(out)
    assert (found["doubles"], found["rest_breaks"], found["pt_named"]) == (1, 2, 1)


def test_fairness_counts_evening_hours_and_weekend_days(bench: ModuleType, out: Path) -> None:
    """Each FT agent's hours between 19:00 and 07:00 and weekend days, fewest and most:
    a 晚班 to 24:00 on a Saturday is 5 evening hours and a weekend day."""
    pd.DataFrame(
        [
            ("F1", "FT", "2025-11-15", "2025-11-15 15:00", "2025-11-16 00:00"),
            ("F1", "FT", "2025-11-17", "2025-11-17 22:00", "2025-11-18 07:00"),
            ("F2", "FT", "2025-11-17", "2025-11-17 08:00", "2025-11-17 17:00"),
            ("P1", "PT", "2025-11-15", "2025-11-15 19:00", "2025-11-15 23:00"),
        ],
        columns=["agent", "kind", "date", "start", "end"],
    ).to_csv(out / "assignments.csv", index=False)
    assert bench.fairness_metrics(out) == {
        "evening_min": 0.0, "evening_max": 14.0, "weekend_min": 0, "weekend_max": 1
    }  # fmt: skip
