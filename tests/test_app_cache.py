"""The app's speed-ups keep its answers: the parsed-history disk cache, staffing cached per
queue, and the capacity chart's buckets."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from app_pages import capacity, common
from forecaster.capacity import requirements
from forecaster.config import load_config
from forecaster.i18n import t
from forecaster.messages import render
from forecaster.parsed_cache import CacheEntryError, HistoryCache, decode_history
from forecaster.paths import SAMPLE_CONFIG
from forecaster.validation import Calendar, History, read_history
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
    kept = list(cache_dir.glob("parsed/history-*.parquet"))
    assert len(kept) == 1

    def unused(*args: object, **kwargs: object) -> History:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(common, "read_history", unused)
    again = common.parsed_history(data, "shop.csv")
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert again.source == first.source == "shop.csv"
    assert common._parsed_path(data, "other.csv") != kept[0]  # the name is part of the key
    assert common._parsed_path(data + b"\n", "shop.csv") != kept[0]


def messy_history() -> bytes:
    """A history with findings of every kind the cache must keep: a duplicate row, a gap
    and an outage (a day of zeros in a busy queue)."""
    frame = make_history(days=21, level=400.0)
    day = frame["interval_start"].dt.normalize() == pd.Timestamp("2025-03-12")
    frame.loc[day & (frame["queue"] == "presale"), "inquiries"] = 0
    gap = frame["interval_start"].between("2025-03-18 10:00", "2025-03-18 11:00")
    frame = frame[~(gap & (frame["queue"] == "aftersale"))]
    return to_csv_bytes(pd.concat([frame, frame.iloc[[5]]]))


def test_every_part_of_a_history_comes_back_from_the_cache(cache_dir: Path) -> None:
    data = messy_history()
    first = common.parsed_history(data, "shop.csv")
    assert first.findings and first.outages and first.gaps and first.duplicate_rows
    again = common.parsed_history(data, "shop.csv")
    assert again is not first
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert repr(again.gaps) == repr(first.gaps)  # (NaN expected inquiries: repr, not ==)
    assert repr(again.outages) == repr(first.outages)
    assert again.duplicate_rows == first.duplicate_rows
    assert again.interval_minutes == first.interval_minutes and again.source == first.source
    assert [(f.severity, f.code) for f in again.findings] == [
        (f.severity, f.code) for f in first.findings
    ]
    for kept, made in zip(again.findings, first.findings, strict=True):
        assert str(kept.message) == str(made.message)  # English
        assert render(kept.message, "zh") == render(made.message, "zh")  # and Chinese


def test_a_damaged_cache_file_is_ignored(cache_dir: Path) -> None:
    data = to_csv_bytes(make_history(days=2))
    path = common._parsed_path(data, "shop.csv")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not parquet")
    history = common.parsed_history(data, "shop.csv")
    assert len(history.frame) == len(make_history(days=2))
    assert decode_history(pq.read_table(path)).source == "shop.csv"  # replaced by a good one


class Planted:
    """A pickle payload: unpickling it creates the file ``target``."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.target,))


def test_a_planted_cache_file_never_runs(cache_dir: Path, tmp_path: Path) -> None:
    """Someone who can write to the cache folder plants a pickle under the name the app
    will look for (the key is computable from public inputs), and under the old name: the
    app reads the history as usual and nothing in the planted file runs."""
    data = to_csv_bytes(make_history(days=2))
    path = common._parsed_path(data, "shop.csv")
    path.parent.mkdir(parents=True)
    ran = tmp_path / "ran"
    payload = pickle.dumps(Planted(ran))
    path.write_bytes(payload)
    path.with_suffix(".pickle").write_bytes(payload)
    history = common.parsed_history(data, "shop.csv")
    assert len(history.frame) == len(make_history(days=2))
    assert not ran.exists()
    pickle.loads(payload)  # the payload is live: it would have run
    assert ran.exists()


def test_a_tampered_entry_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    """An entry whose metadata names an unknown message, a wrong severity or a missing
    column is parsed again, not trusted."""
    data = to_csv_bytes(make_history(days=2))
    common.parsed_history(data, "shop.csv")  # makes the entry
    path = common._parsed_path(data, "shop.csv")
    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[b"forecaster.history"])
    tampered = [
        {**meta, "findings": [{"severity": "info", "code": "x", "message": {"$msg": "os.system", "args": {}}}]},
        {**meta, "findings": [{"severity": "fatal", "code": "x", "message": "hi"}]},
        {**meta, "gaps": [{"queue": "q", "start": "2025", "end": {"$ts": "2025-01-01"}}]},
        {**meta, "format": 99},
    ]  # fmt: skip
    for bad in tampered:
        extra = {b"forecaster.history": json.dumps(bad).encode()}
        pq.write_table(table.replace_schema_metadata({**table.schema.metadata, **extra}), path)
        with pytest.raises(CacheEntryError):
            decode_history(pq.read_table(path))
        assert common.parsed_history(data, "shop.csv").source == "shop.csv"
    pq.write_table(table.drop_columns(["outage"]), path)
    with pytest.raises(CacheEntryError):
        decode_history(pq.read_table(path))


def test_the_cache_folder_keeps_the_most_recently_used_entries(tmp_path: Path) -> None:
    histories = [
        read_history(to_csv_bytes(make_history(days=d)), name=f"{d}.csv") for d in (2, 3, 4)
    ]
    cache = HistoryCache(tmp_path, max_bytes=10**9)
    paths = [cache.put(f"k{i}", h) for i, h in enumerate(histories)]
    assert all(p is not None and p.is_file() for p in paths)
    for age, path in enumerate(reversed(paths)):  # k2 newest, k0 oldest
        os.utime(path, (1e9 - age * 100, 1e9 - age * 100))
    assert cache.get("k0") is not None  # a hit makes k0 the newest
    sizes = [p.stat().st_size for p in paths if p is not None]
    cache.max_bytes = sizes[0] + sizes[2] + 1  # room for two: k1 (least recently used) goes
    assert cache.evict() == [paths[1]]
    assert cache.get("k1") is None and cache.get("k0") is not None and cache.get("k2") is not None
    with pytest.raises(ValueError):
        cache.path("../escape")


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
