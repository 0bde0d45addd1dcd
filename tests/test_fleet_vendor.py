"""Vendor mode of ``forecaster fleet`` (issue 16, item 3): with ``[vendor] shared_out = true``
the planned shops' outsourced seats are pooled and the saving against each shop booking
alone is written and printed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three shops (the sample's presale queue, 2× to 3× busier, so the in-house team leaves
    a need for outsourced seats) and a fleet ``plan.toml`` in vendor mode."""
    root = tmp_path_factory.mktemp("vendor")
    shops = root / "shops"
    shops.mkdir()
    (shops / "calendar.csv").write_bytes(SAMPLE_CALENDAR.read_bytes())
    full = pd.read_csv(SAMPLE_HISTORY)
    keep = full["interval_start"].between("2025-09-01", "2025-10-19 23:59")
    history = full[keep & (full["queue"] == "presale")]
    for i, scale in enumerate((2.0, 2.5, 3.0)):
        folder = shops / f"shop{i}"
        folder.mkdir()
        counts = {
            c: (history[c] * scale).round().astype(int) for c in ("inquiries", "human_inquiries")
        }
        history.assign(**counts).to_csv(folder / "history.csv", index=False)
    config = root / "fleet.toml"
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    config.write_text(text + "\n[vendor]\nshared_out = true\n", encoding="utf-8")
    return shops, config


def test_vendor_mode_pools_the_shops_seats_and_reports_the_saving(
    fleet: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shops, config = fleet
    out = tmp_path / "out"
    args = ["fleet", "--shops", str(shops), "--config", str(config), "--stage", "plan"]
    args += ["--start", "2025-10-20", "--end", "2025-10-20", "--workers", "2"]
    assert main([*args, "--time-limit", "5", "--replications", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    summary = json.loads((out / "vendor" / "vendor_summary.json").read_text(encoding="utf-8"))
    figures = summary.get("summary", summary)
    pooled, separate = figures["pooled_seat_hours"], figures["separate_seat_hours"]
    assert separate > 0 and pooled <= separate + 1e-6
    assert figures["saving_seat_hours"] == pytest.approx(separate - pooled, abs=0.05)
    orders = pd.read_csv(out / "vendor" / "vendor_orders.csv", encoding="utf-8-sig")
    assert orders["seat_hours"].sum() == pytest.approx(pooled, rel=1e-3)
    assert "pooled against" in printed and "seat-hours saved" in printed
