"""The saved-plans store: faithful round trips, listing, deletion, export, clear errors,
and no half-saved plan after a killed writer or with two writers at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing as mp
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import platformdirs
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import text
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.schema import CreateTable

from forecaster.adjust import (
    DayTotalAdjustment,
    EventAdjustment,
    ScaleAdjustment,
    load_adjustments,
    parse_adjustments,
)
from forecaster.config import PlanConfig, parse_config
from forecaster.errors import PlannerError
from forecaster.pipeline import PlanResult
from forecaster.store import (
    AUDIT_COLUMNS,
    FRAME_NAMES,
    LIST_COLUMNS,
    PlanStore,
    StoreError,
    decode_frame,
    default_db_url,
    encode_frame,
    plan_frames,
    plans,
    result_frames,
)

REPO = Path(__file__).resolve().parents[1]


def assert_same_plan(got: PlanResult, want: PlanResult) -> None:
    """Equal frames (columns, values, dtypes, index; floats bit-equal) and equal objects."""
    for name, frame in result_frames(want).items():
        assert_frame_equal(result_frames(got)[name], frame, check_exact=True, obj=name)
    assert got.summary == want.summary
    assert got.roster.summary == want.roster.summary
    assert got.roster.messages == want.roster.messages
    assert isinstance(got.config, PlanConfig)
    assert got.config == want.config
    assert got.adjustments == want.adjustments
    assert got.inputs == want.inputs


def sql(store: PlanStore, statement: str) -> list[tuple[object, ...]]:
    with store.engine.begin() as conn:
        result = conn.execute(text(statement))
        return [tuple(row) for row in result] if result.returns_rows else []


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/plans.db"


@pytest.fixture
def store(url: str) -> Iterator[PlanStore]:
    with PlanStore(url) as opened:
        yield opened


@pytest.fixture
def pickled_plan(small_plan: PlanResult, tmp_path: Path) -> Path:
    """The session plan pickled for child processes (pickle only in tests, never in the store)."""
    path = tmp_path / "plan.pkl"
    path.write_bytes(pickle.dumps(small_plan))
    return path


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_every_part(store: PlanStore, small_plan: PlanResult) -> None:
    before = dt.datetime.now(dt.UTC)
    plan_id = store.save(small_plan, name="双11 P80", note="approved by 王芳")
    saved = store.load(plan_id)
    assert (saved.id, saved.name, saved.note) == (plan_id, "双11 P80", "approved by 王芳")
    assert saved.created_at.tzinfo is not None
    assert before - dt.timedelta(seconds=1) <= saved.created_at <= dt.datetime.now(dt.UTC)
    assert_same_plan(saved.result, small_plan)
    assert saved.result.inputs["history"]["sha256"] == small_plan.inputs["history"]["sha256"]
    stamps = saved.result.roster.assignments["start"]
    assert stamps.dtype == small_plan.roster.assignments["start"].dtype  # datetime64, same unit


def test_round_trip_keeps_the_adjustment_log(store: PlanStore, small_plan: PlanResult) -> None:
    log = tuple(
        parse_adjustments(
            [
                {
                    "kind": "scale",
                    "queue": "presale",
                    "start": "2025-11-10 20:00",
                    "end": "2025-11-11",
                    "factor": 1.2,
                    "note": "主播加场",
                    "author": "王芳",
                    "created_at": "2025-11-01T10:15:00+08:00",
                },
                {"kind": "day_total", "queue": "all", "date": "2025-11-11", "total": 120000},
                {
                    "kind": "event",
                    "queue": "aftersale",
                    "start": "2025-11-11 00:00",
                    "end": "2025-11-11 02:00",
                    "name": "直播",
                    "lift": 1.5,
                },
            ]
        )
    )
    plan = dataclasses.replace(small_plan, adjustments=log)
    loaded = store.load(store.save(plan)).result
    assert loaded.adjustments == log
    kinds = [ScaleAdjustment, DayTotalAdjustment, EventAdjustment]
    assert [type(entry) for entry in loaded.adjustments] == kinds
    first = loaded.adjustments[0].created_at
    assert first is not None and first.utcoffset() == dt.timedelta(hours=8)
    assert loaded.adjustments[1].created_at is None


def test_frame_codec_restores_dtypes_missing_values_and_index() -> None:
    frame = pd.DataFrame(
        {
            "x": [1.0, np.nan, np.inf, -0.0, 0.1 + 0.2, 1e-300],
            "text": pd.array(["a", "", None, "\\N", "a,b\nc", ' "排班" '], dtype="str"),
            "nullable_text": pd.array(["a", "", None, "\\N1", "NA", "nan"], dtype="string"),
            "plain_object": pd.Series(["1", "", None, "True", "NA", "x"], dtype=object),
            "stamp": pd.to_datetime(
                ["2025-11-10 00:00:00.000000001", None, "2025-11-11 20:00:00"] * 2,
                format="ISO8601",
            ).as_unit("ns"),
            "local": pd.date_range("2025-11-10 20:00", periods=6, freq="15min", tz="Asia/Shanghai"),
            "wait": pd.to_timedelta(["15min", None, "1ns", "-3h", "0s", "1D"]),
            "open": [True, False] * 3,
            "maybe": pd.array([True, None] * 3, dtype="boolean"),
            "agents": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
            "small": np.arange(6, dtype="int32"),
            "kind": pd.Categorical(["FT", "PT", None, "OUT", "FT", "PT"], ordered=True),
        }
    )
    frame.attrs = {"source": "test"}
    indexes = [
        None,
        pd.RangeIndex(5, 17, 2, name="row"),
        pd.Index(list("abcdef"), name="key"),
        pd.MultiIndex.from_arrays([list("aabbcc"), range(6)], names=["queue", None]),
    ]
    for index in indexes:
        original = frame if index is None else frame.set_axis(index)
        data, schema = encode_frame(original, "test")
        json.dumps(schema)  # the schema is plain JSON
        restored = decode_frame(data, schema)
        assert_frame_equal(restored, original, check_exact=True)
        assert restored.attrs == original.attrs
        assert restored["plain_object"].iloc[2] is None
        assert restored["text"].iloc[1] == "" and pd.isna(restored["text"].iloc[2])
    for edge in (frame.iloc[:0], frame[[]], pd.DataFrame({"s": pd.array(["", "a"], dtype="str")})):
        assert_frame_equal(decode_frame(*encode_frame(edge)), edge, check_exact=True)


def test_unstorable_column_is_refused_before_anything_is_written(
    store: PlanStore, small_plan: PlanResult
) -> None:
    odd = small_plan.forecast.assign(extra=[{"a": 1}] * len(small_plan.forecast))
    with pytest.raises(
        StoreError, match=r"column 'extra' of forecast: object columns must hold text"
    ):
        store.save(dataclasses.replace(small_plan, forecast=odd))
    assert store.list().empty
    assert store.count_frames() == 0


def test_a_save_that_fails_halfway_keeps_nothing(
    store: PlanStore, small_plan: PlanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    original = PlanStore._write_frame

    def failing(self: PlanStore, conn: Any, plan_id: int, name: str, *args: Any) -> None:
        if len(written) == 3:
            raise RuntimeError("disk full")
        original(self, conn, plan_id, name, *args)
        written.append(name)

    monkeypatch.setattr(PlanStore, "_write_frame", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save(small_plan)
    assert written == list(FRAME_NAMES[:3])
    assert store.list().empty
    assert store.count_frames() == 0


# --------------------------------------------------------------------------- list, delete


def test_list_shows_key_figures_newest_last(store: PlanStore, small_plan: PlanResult) -> None:
    empty = store.list()
    assert empty.empty and list(empty.columns) == list(LIST_COLUMNS)
    first = store.save(small_plan, name="P80")
    second = store.save(small_plan, name="P90", note="more cover")
    listing = store.list()
    assert list(listing.columns) == list(LIST_COLUMNS)
    assert listing["id"].tolist() == [first, second]
    assert listing["name"].tolist() == ["P80", "P90"]
    assert listing["note"].tolist() == ["", "more cover"]
    row = listing.iloc[-1]
    s = small_plan.summary
    assert row["labour_cost"] == s["labour_cost"]
    assert row["paid_hours"] == s["paid_hours"]
    assert row["simulated_service_level"] == s["simulated_service_level"]
    assert row["forecast_inquiries"] == s["forecast_inquiries"]
    assert row["shortfall_agent_hours"] == s["shortfall_agent_hours"]
    assert row["roster_status"] == s["roster_status"]
    assert row["history_source"] == small_plan.inputs["history"]["source"]
    assert row["horizon_start"] == small_plan.forecast["interval_start"].min()
    assert row["horizon_end"] == small_plan.forecast["interval_start"].max()
    assert listing["created_at"].is_monotonic_increasing
    assert str(listing["created_at"].dt.tz) == "UTC"
    assert empty.dtypes.to_dict() == listing.dtypes.to_dict()


def test_delete_removes_the_plan_and_its_frames(store: PlanStore, small_plan: PlanResult) -> None:
    first = store.save(small_plan)
    second = store.save(small_plan)
    assert sql(store, "SELECT count(*) FROM plan_frames") == [(2 * len(FRAME_NAMES),)]
    store.delete(first)
    assert sql(store, f"SELECT count(*) FROM plan_frames WHERE plan_id = {first}") == [(0,)]
    assert sql(store, "SELECT count(*) FROM plan_frames") == [(len(FRAME_NAMES),)]
    assert store.list()["id"].tolist() == [second]
    with pytest.raises(StoreError, match=f"plan {first} not found"):
        store.load(first)
    with pytest.raises(StoreError, match=f"plan {first} not found"):
        store.delete(first)
    store.delete(second)
    assert store.save(small_plan) > second  # ids are never reused, not even the newest


def test_frames_cascade_when_a_plan_row_is_deleted_directly(
    store: PlanStore, small_plan: PlanResult
) -> None:
    plan_id = store.save(small_plan)
    sql(store, f"DELETE FROM plans WHERE id = {plan_id}")
    assert store.count_frames() == 0


def test_unknown_id_is_one_line_naming_the_url_and_the_saved_ids(
    store: PlanStore, small_plan: PlanResult
) -> None:
    ids = [store.save(small_plan) for _ in range(3)]
    store.delete(ids[1])
    with pytest.raises(StoreError) as info:
        store.load(17)
    assert str(info.value) == f"plan 17 not found in {store.url}; saved plans: {ids[0]}, {ids[2]}"
    with pytest.raises(StoreError, match="whole number, got 'x'"):
        store.load("x")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- export


def test_export_writes_the_contract_files(
    store: PlanStore, small_plan: PlanResult, tmp_path: Path
) -> None:
    plan_id = store.save(small_plan)
    out = tmp_path / "export"
    written = store.export(plan_id, out, language="en")
    expected = {
        "forecast.csv",
        "requirements.csv",
        "shifts.csv",
        "coverage.csv",
        "assignments.csv",
        "summary.json",
        "roster.xlsx",
        "simulation.csv",
        "plan_summary.json",
        "report.html",
        "adjustments.json",
        "config.json",
        "inputs.json",
    }
    assert expected <= {path.name for path in written}
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)
    assert load_adjustments(out / "adjustments.json") == list(small_plan.adjustments)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert parse_config(config, "config.json") == small_plan.config
    assert json.loads((out / "inputs.json").read_text(encoding="utf-8")) == small_plan.inputs
    assert len(pd.read_csv(out / "forecast.csv")) == len(small_plan.forecast)


# --------------------------------------------------------------------------- where and errors


def test_default_db_url_honours_forecaster_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORECASTER_DB", "postgresql+psycopg://planner@db/forecaster")
    assert default_db_url() == "postgresql+psycopg://planner@db/forecaster"


def test_default_db_url_points_into_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FORECASTER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # Linux; keeps $HOME clean
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # macOS
    folder = Path(platformdirs.user_data_dir("forecaster", appauthor=False))
    assert default_db_url() == f"sqlite:///{folder / 'plans.db'}"
    assert folder.is_dir()
    if sys.platform.startswith("linux"):
        assert folder == tmp_path / "data" / "forecaster"


def test_sqlite_connections_are_configured(store: PlanStore) -> None:
    assert sql(store, "PRAGMA journal_mode") == [("wal",)]
    assert sql(store, "PRAGMA foreign_keys") == [(1,)]
    assert sql(store, "PRAGMA busy_timeout") == [(30000,)]


def test_schema_has_no_sqlite_only_sql() -> None:
    for dialect in (postgresql.dialect(), mysql.dialect()):
        for table in (plans, plan_frames):
            ddl = str(CreateTable(table).compile(dialect=dialect))
            assert "AUTOINCREMENT" not in ddl
    frames_ddl = str(CreateTable(plan_frames).compile(dialect=postgresql.dialect()))
    assert "BYTEA" in frames_ddl and "ON DELETE CASCADE" in frames_ddl


def _bad_stores(tmp_path: Path) -> list[tuple[str, str]]:
    """(url, expected words) of stores that cannot be opened."""
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database " * 200)
    foreign = tmp_path / "foreign.db"
    with PlanStore(f"sqlite:///{foreign}") as made:
        sql(made, "DROP TABLE store_meta")
    newer = tmp_path / "newer.db"
    with PlanStore(f"sqlite:///{newer}") as made:
        sql(made, "UPDATE store_meta SET value = '99' WHERE name = 'schema_version'")
    return [
        (f"sqlite:///{corrupt}", "file is not a database"),
        (f"sqlite:///{tmp_path}/missing/plans.db", "does not exist"),
        (f"sqlite:///{tmp_path}", "unable to open database file"),
        ("://plans.db", "is not a database URL"),
        ("nosuchdb://host/db", "unknown database kind"),
        (f"sqlite:///{foreign}", "is not a forecaster plan store"),
        (f"sqlite:///{newer}", "written by a newer forecaster (store schema 99"),
    ]


def test_stores_that_cannot_be_opened_are_one_line_errors(tmp_path: Path) -> None:
    for url, words in _bad_stores(tmp_path):
        with pytest.raises(StoreError) as info:
            PlanStore(url)
        message = str(info.value)
        assert words in message, message
        assert url in message and "\n" not in message and "Traceback" not in message
        assert isinstance(info.value, PlannerError)


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``FORECASTER_DB=/path/plans.sqlite`` (no ``sqlite:///``) is the SQLite file there."""
    path = tmp_path / "plans.sqlite"
    monkeypatch.setenv("FORECASTER_DB", str(path))
    with PlanStore() as store:
        assert store.url == f"sqlite:///{path}"
    assert path.exists()


def test_password_never_appears_in_an_error() -> None:
    for url in ("postgresql+nosuchdriver://u:s3cret@db/plans", "postgresql://u:s3cret@db:x/plans"):
        with pytest.raises(StoreError) as info:
            PlanStore(url)
        assert "s3cret" not in str(info.value) and "u:***@db" in str(info.value)


def test_plan_saved_by_a_newer_version_or_damaged_is_refused(
    store: PlanStore, small_plan: PlanResult
) -> None:
    newer = store.save(small_plan)
    sql(store, f"UPDATE plans SET schema_version = 2 WHERE id = {newer}")
    with pytest.raises(StoreError, match=f"plan {newer} in .* was saved by a newer forecaster"):
        store.load(newer)
    damaged = store.save(small_plan)
    sql(
        store,
        f"UPDATE plan_frames SET data = x'00' WHERE plan_id = {damaged} AND name = 'forecast'",
    )
    with pytest.raises(StoreError, match=f"plan {damaged} in .*: table 'forecast' is damaged"):
        store.load(damaged)


# --------------------------------------------------------------------------- crashes, concurrency

STALLING_WRITER = """
import pickle, sys, time
from collections.abc import Iterator
from pathlib import Path
from forecaster.store import PlanStore

plan = pickle.loads(Path(sys.argv[1]).read_bytes())
url, ready = sys.argv[2], Path(sys.argv[3])
original = PlanStore._write_frame
written = []

def stalling(self, conn, plan_id, name, data, schema):
    if not written:  # a tiny page cache: uncommitted pages spill into the WAL file
        conn.exec_driver_sql("PRAGMA cache_size = 1")
    original(self, conn, plan_id, name, data, schema)
    written.append(name)
    if len(written) == 3:  # half the plan's tables are in, the transaction is open
        ready.write_text(str(plan_id))
        time.sleep(120)

PlanStore._write_frame = stalling
PlanStore(url).save(plan, name="half")
"""


@pytest.mark.slow
def test_a_writer_killed_mid_save_leaves_no_half_plan(
    url: str, tmp_path: Path, pickled_plan: Path, small_plan: PlanResult
) -> None:
    store = PlanStore(url)
    kept = store.save(small_plan, name="kept")
    wal = tmp_path / "plans.db-wal"
    wal_before = wal.stat().st_size
    script = tmp_path / "stalling_writer.py"
    script.write_text(STALLING_WRITER, encoding="utf-8")
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, str(script), str(pickled_plan), url, str(ready)], env=child_env()
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "the writer died before it stalled"
            assert time.monotonic() < deadline, "the writer never stalled"
            time.sleep(0.02)
        assert wal.stat().st_size > wal_before  # half a plan really is on disk, uncommitted
        assert store.list()["id"].tolist() == [kept]  # readers see only committed plans
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store.close()

    after = PlanStore(url)
    assert after.list()["id"].tolist() == [kept]
    assert after.count_frames() == len(FRAME_NAMES)
    assert sql(
        after, "SELECT count(*) FROM plan_frames WHERE plan_id NOT IN (SELECT id FROM plans)"
    ) == [(0,)]
    assert sql(after, "PRAGMA integrity_check") == [("ok",)]
    assert sql(after, "PRAGMA foreign_key_check") == []
    new = after.save(small_plan, name="after the crash")
    assert_same_plan(after.load(new).result, small_plan)
    assert after.list()["name"].tolist() == ["kept", "after the crash"]


def _open_at_once(url: str, barrier: Any, report: Path) -> None:
    barrier.wait()
    try:
        PlanStore(url).close()
    except StoreError as error:
        report.write_text(str(error), encoding="utf-8")
        os._exit(1)
    os._exit(0)


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")
def test_processes_opening_a_new_store_at_once(tmp_path: Path) -> None:
    # SQLite answers two processes switching a new file to WAL at the same moment with an
    # immediate "database is locked" (no busy wait); forked processes hit that race often
    context = mp.get_context("fork")
    for trial in range(16):
        url = f"sqlite:///{tmp_path}/fresh{trial}.db"
        barrier = context.Barrier(4)
        reports = [tmp_path / f"error{trial}.{i}" for i in range(4)]
        workers = [
            context.Process(target=_open_at_once, args=(url, barrier, report)) for report in reports
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        errors = [r.read_text(encoding="utf-8") for r in reports if r.exists()]
        assert not errors, errors[0]
        assert [worker.exitcode for worker in workers] == [0] * 4
        with PlanStore(url) as store:
            assert store.list().empty
            assert sql(store, "SELECT value FROM store_meta") == [("1",)]


CONCURRENT_WRITER = """
import json, pickle, sys, time
from collections.abc import Iterator
from pathlib import Path
from forecaster.store import PlanStore

plan = pickle.loads(Path(sys.argv[1]).read_bytes())
url, barrier, me = sys.argv[2], Path(sys.argv[3]), sys.argv[4]
Path(f"{barrier}.{me}").touch()
deadline = time.monotonic() + 60
while not barrier.exists() and time.monotonic() < deadline:
    time.sleep(0.002)
store = PlanStore(url)  # both create the schema of a fresh database at the same moment
print(json.dumps([store.save(plan, name=f"{me}-{i}") for i in range(3)]))
"""


@pytest.mark.slow
def test_two_processes_saving_at_once(
    url: str, tmp_path: Path, pickled_plan: Path, small_plan: PlanResult
) -> None:
    script = tmp_path / "concurrent_writer.py"
    script.write_text(CONCURRENT_WRITER, encoding="utf-8")
    barrier = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, str(script), str(pickled_plan), url, str(barrier), me],
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while not all(Path(f"{barrier}.{me}").exists() for me in ("a", "b")):
        assert all(child.poll() is None for child in children), "a writer died while starting"
        assert time.monotonic() < deadline, "the writers never started"
        time.sleep(0.02)
    barrier.touch()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    saved = [plan_id for out, _ in outputs for plan_id in json.loads(out)]

    store = PlanStore(url)
    listing = store.list()
    assert len(listing) == 6
    assert sorted(listing["id"]) == sorted(saved) and len(set(saved)) == 6
    assert sorted(listing["name"]) == sorted(f"{me}-{i}" for me in "ab" for i in range(3))
    want = {name: len(frame) for name, frame in result_frames(small_plan).items()}
    for plan_id in saved:
        got = result_frames(store.load(plan_id).result)
        assert {name: len(frame) for name, frame in got.items()} == want
    assert store.count_frames() == 6 * len(FRAME_NAMES)


# --------------------------------------------------------------------------- owners, audit


def test_a_plan_belongs_to_who_saved_it_and_the_audit_says_who_did_what(
    store: PlanStore, small_plan: PlanResult
) -> None:
    """A team shares one database: a plan with an owner is deleted only by that owner, and
    every save and delete is recorded with who did it."""
    mine = store.save(small_plan, name="王芳的方案", actor="wangfang@shop.cn")
    anyone = store.save(small_plan, name="无主方案")
    assert store.owner(mine) == "wangfang@shop.cn" and store.owner(anyone) == ""
    listing = store.list()
    assert list(listing["owner"]) == ["wangfang@shop.cn", ""]
    with pytest.raises(StoreError, match=r"saved by wangfang@shop\.cn: only .* can delete it"):
        store.delete(mine, actor="lilei@shop.cn")
    with pytest.raises(StoreError, match="someone not signed in"):
        store.delete(mine)
    assert len(store.list()) == 2  # nothing deleted
    store.delete(anyone, actor="lilei@shop.cn")  # no owner: anyone may
    store.delete(mine, actor="wangfang@shop.cn")
    log = store.audit()
    assert list(log.columns) == list(AUDIT_COLUMNS)
    assert [tuple(r) for r in log[["action", "actor", "plan_id", "plan_name"]].to_numpy()] == [
        ("save", "wangfang@shop.cn", mine, "王芳的方案"),
        ("save", "", anyone, "无主方案"),
        ("delete", "lilei@shop.cn", anyone, "无主方案"),
        ("delete", "wangfang@shop.cn", mine, "王芳的方案"),
    ]
    assert str(log["at"].dt.tz) == "UTC"


def test_a_store_written_before_the_audit_table_gets_it_on_the_next_write(
    url: str, small_plan: PlanResult
) -> None:
    with PlanStore(url) as old:
        first = old.save(small_plan, name="旧方案")
        sql(old, "DROP TABLE plan_audit")  # as a store written by the previous version
        assert old.owner(first) == "" and old.audit().empty
        assert list(old.list()["owner"]) == [""]
    with PlanStore(url, create=False) as reader:
        assert reader.audit().empty  # a reader adds nothing
        assert "plan_audit" not in {r[0] for r in sql(reader, "SELECT name FROM sqlite_master")}
    with PlanStore(url) as writer:
        second = writer.save(small_plan, name="新方案", actor="lilei")
        assert writer.owner(second) == "lilei" and len(writer.audit()) == 1
        writer.delete(first, actor="lilei")  # saved before owners were kept: anyone may


def test_the_cli_saves_and_deletes_as_forecaster_user(
    url: str, small_plan: PlanResult, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from forecaster.cli import main

    with PlanStore(url) as shared:
        plan_id = shared.save(small_plan, name="x", actor="wangfang")
    monkeypatch.setenv("FORECASTER_USER", "lilei")
    assert main(["plans", "delete", str(plan_id), "--db", url, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "saved by wangfang" in err and "this is lilei" in err and len(err.splitlines()) == 1
    assert main(["plans", "list", "--db", url, "--lang", "en"]) == 0
    assert "wangfang" in capsys.readouterr().out
    monkeypatch.setenv("FORECASTER_USER", "wangfang")
    assert main(["plans", "delete", str(plan_id), "--db", url, "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["plans", "audit", "--db", url, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "保存" in out and "删除" in out and "wangfang" in out
