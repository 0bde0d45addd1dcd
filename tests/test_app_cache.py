"""The app's speed-ups keep its answers: the parsed-history disk cache, staffing cached per
queue, and the capacity chart's buckets."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from app_pages import capacity, common
from forecaster.capacity import requirements
from forecaster.config import load_config
from forecaster.i18n import t
from forecaster.paths import SAMPLE_CONFIG
from forecaster.validation import Calendar, History
from tests.conftest import make_history, to_csv_bytes


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(common.platformdirs, "user_cache_dir", lambda app: str(tmp_path))
    return tmp_path


def test_parsed_history_is_kept_on_disk_and_read_back(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = to_csv_bytes(make_history(days=3))
    first = common.parsed_history(data, "shop.csv")
    kept = list(cache_dir.glob("parsed/history-*.pickle"))
    assert len(kept) == 1

    def unused(*args: object, **kwargs: object) -> History:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(common, "read_history", unused)
    again = common.parsed_history(data, "shop.csv")
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert again.source == first.source == "shop.csv"
    assert common._parsed_path(data, "other.csv") != kept[0]  # the name is part of the key
    assert common._parsed_path(data + b"\n", "shop.csv") != kept[0]


def test_a_damaged_cache_file_is_ignored(cache_dir: Path) -> None:
    data = to_csv_bytes(make_history(days=2))
    path = common._parsed_path(data, "shop.csv")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    history = common.parsed_history(data, "shop.csv")
    assert len(history.frame) == len(make_history(days=2))
    with path.open("rb") as source:
        assert isinstance(pickle.load(source), History)  # replaced by a good one


def test_staffing_per_queue_equals_the_library() -> None:
    history = make_history(days=4, level=400.0)
    mean = history["inquiries"].astype(float)
    forecast = history[["interval_start", "queue"]].assign(
        mean=mean, p10=mean * 0.8, p50=mean, p80=mean * 1.1, p90=mean * 1.2, p95=mean * 1.3
    )
    cfg = load_config(SAMPLE_CONFIG)
    changed = cfg.with_overrides({"presale.bot_resolution": 0.5}, source="test")
    for config in (cfg, changed, cfg):  # the last one from the per-queue cache
        pd.testing.assert_frame_equal(
            common.staffing(forecast, config), requirements(forecast, config)
        )
    # the sample's phase_service_hours need the calendar: a peak day on the first day
    first = pd.Timestamp(forecast["interval_start"].min()).normalize()
    phases = pd.DataFrame(
        {
            "event": ["x"],
            "phase": ["peak_day"],
            "start": [first],
            "end": [first + pd.Timedelta("1D")],
        }
    )
    calendar = Calendar(phases, "test")
    staffed = common.staffing(forecast, cfg, calendar)
    pd.testing.assert_frame_equal(staffed, requirements(forecast, cfg, calendar=phases))
    assert staffed["open"].sum() > common.staffing(forecast, cfg)["open"].sum()


def test_capacity_chart_keeps_peaks_in_at_most_max_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stamps = pd.date_range("2025-10-08", periods=40 * 96, freq="15min")
    agents = pd.Series(range(len(stamps))) % 97
    req = pd.DataFrame(
        {
            "interval_start": stamps,
            "queue": "presale",
            "agents": agents,
            "headcount": agents + 5,
            "service_level": 0.5 + (agents / 200),
        }
    )
    spec = {}

    def grab(chart: dict, **kwargs: object) -> None:
        spec.update(chart)

    monkeypatch.setattr(capacity.st, "vega_lite_chart", grab)
    capacity.chart(req, "presale")
    people, level = (layer["data"]["values"] for layer in spec["layer"])
    assert len(level) <= capacity.MAX_POINTS
    agents, headcount = (t(f"capacity.series.{s}") for s in ("agents", "headcount"))
    assert max(p["value"] for p in people if p["series"] == agents) == 96
    assert max(p["value"] for p in people if p["series"] == headcount) == 101
    assert min(p["service_level"] for p in level) == 0.5
