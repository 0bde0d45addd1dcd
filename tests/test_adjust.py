"""Planner overrides (forecaster.adjust): each test checks the rule it is named after."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecaster.adjust import (
    EXPLAIN_COLUMNS,
    KINDS,
    VALUE_COLUMNS,
    AdjustmentLog,
    DayTotalAdjustment,
    EventAdjustment,
    ScaleAdjustment,
    adjustments_from_json,
    adjustments_to_json,
    apply_adjustments,
    explain,
    load_adjustments,
    save_adjustments,
)
from forecaster.errors import InputDataError

QUANTILE_RATIOS = {"p10": 0.6, "p50": 0.97, "p80": 1.15, "p90": 1.3, "p95": 1.45}
WHEN = dt.datetime(2025, 11, 1, 10, 15)


def make_forecast(
    days: int = 2,
    minutes: int = 60,
    queues: tuple[str, ...] = ("presale", "aftersale"),
    start: str = "2025-11-10",
) -> pd.DataFrame:
    """A forecast frame in the contract columns: a peaked day shape, ordered quantiles."""
    stamps = pd.date_range(start, periods=days * 1440 // minutes, freq=f"{minutes}min")
    hours = (stamps.hour + stamps.minute / 60).to_numpy()
    shape = 1 + np.exp(-0.5 * ((hours - 21) / 2) ** 2) * 4 + (stamps.day.to_numpy() % 3)
    frames = []
    for k, queue in enumerate(queues):
        mean = shape * 10 * (k + 1)
        frame = pd.DataFrame({"interval_start": stamps, "queue": queue, "mean": mean})
        for column, ratio in QUANTILE_RATIOS.items():
            frame[column] = mean * ratio
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def rows(frame: pd.DataFrame, queue: str | None, start: object, end: object) -> pd.Series:
    """Rows of ``queue`` (every queue for ``None``) with ``start <= interval_start < end``."""
    stamps = frame["interval_start"]
    inside = (stamps >= pd.Timestamp(start)) & (stamps < pd.Timestamp(end))
    return inside & (frame["queue"] == queue) if queue else inside


def day_sum(frame: pd.DataFrame, day: str, queue: str | None = None) -> float:
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    return float(frame.loc[rows(frame, queue, day, end), "mean"].sum())


def problems_of(error: pytest.ExceptionInfo[InputDataError]) -> tuple[str, ...]:
    return error.value.problems


# --------------------------------------------------------------------------- scale


def test_scale_moves_mean_and_every_quantile_by_factor_only_inside_window_and_queue() -> None:
    forecast = make_forecast()
    entry = ScaleAdjustment(
        queue="presale", start="2025-11-10 20:00", end="2025-11-10 23:00", factor=1.5
    )
    out = apply_adjustments(forecast, [entry])
    inside = rows(forecast, "presale", "2025-11-10 20:00", "2025-11-10 23:00")
    assert inside.sum() == 3  # 20:00, 21:00, 22:00 — the 23:00 interval starts at end
    for column in VALUE_COLUMNS:
        np.testing.assert_allclose(out.loc[inside, column], forecast.loc[inside, column] * 1.5)
        np.testing.assert_array_equal(out.loc[~inside, column], forecast.loc[~inside, column])


def test_scale_queue_all_moves_every_queue() -> None:
    forecast = make_forecast()
    entry = ScaleAdjustment(start="2025-11-11 08:00", end="2025-11-11 12:00", factor=0.8)
    assert entry.queue == "all"
    out = apply_adjustments(forecast, [entry])
    inside = rows(forecast, None, "2025-11-11 08:00", "2025-11-11 12:00")
    assert set(forecast.loc[inside, "queue"]) == {"presale", "aftersale"}
    np.testing.assert_allclose(out.loc[inside, "p90"], forecast.loc[inside, "p90"] * 0.8)
    np.testing.assert_array_equal(out.loc[~inside, "p90"], forecast.loc[~inside, "p90"])


def test_date_only_end_covers_the_whole_day_and_is_stored_as_next_midnight() -> None:
    entry = ScaleAdjustment(queue="presale", start="2025-11-11", end="2025-11-11", factor=2)
    assert entry.end == dt.datetime(2025, 11, 12)
    assert json.loads(adjustments_to_json([entry]))[0]["end"] == "2025-11-12T00:00:00"
    forecast = make_forecast(minutes=15)
    out = apply_adjustments(forecast, [entry])
    last = (forecast["queue"] == "presale") & (
        forecast["interval_start"] == pd.Timestamp("2025-11-11 23:45")
    )
    assert out.loc[last, "mean"].item() == pytest.approx(forecast.loc[last, "mean"].item() * 2)
    assert day_sum(out, "2025-11-11", "presale") == pytest.approx(
        2 * day_sum(forecast, "2025-11-11", "presale")
    )
    assert day_sum(out, "2025-11-10", "presale") == day_sum(forecast, "2025-11-10", "presale")


def test_end_with_an_explicit_midnight_time_excludes_that_day() -> None:
    entry = ScaleAdjustment(start="2025-11-10", end="2025-11-11T00:00", factor=2)
    assert entry.end == dt.datetime(2025, 11, 11)
    forecast = make_forecast()
    out = apply_adjustments(forecast, [entry])
    assert day_sum(out, "2025-11-11") == day_sum(forecast, "2025-11-11")


def test_end_date_object_means_end_of_that_day_too() -> None:
    entry = ScaleAdjustment(start=dt.date(2025, 11, 11), end=dt.date(2025, 11, 11), factor=2)
    assert (entry.start, entry.end) == (dt.datetime(2025, 11, 11), dt.datetime(2025, 11, 12))


# --------------------------------------------------------------------------- day total


def test_day_total_sets_the_day_sum_and_keeps_the_intraday_shape() -> None:
    forecast = make_forecast(minutes=15)
    entry = DayTotalAdjustment(queue="presale", date="2025-11-11", total=12_345)
    out = apply_adjustments(forecast, [entry])
    assert day_sum(out, "2025-11-11", "presale") == pytest.approx(12_345, rel=1e-12)
    day = rows(forecast, "presale", "2025-11-11", "2025-11-12")
    before, after = forecast.loc[day, "mean"].to_numpy(), out.loc[day, "mean"].to_numpy()
    np.testing.assert_allclose(after / after[0], before / before[0], rtol=1e-12)
    for column in QUANTILE_RATIOS:  # quantiles follow the mean
        np.testing.assert_allclose(out.loc[day, column], after * QUANTILE_RATIOS[column])
    untouched = ~day
    np.testing.assert_array_equal(out.loc[untouched, "mean"], forecast.loc[untouched, "mean"])


def test_day_total_for_all_queues_sets_their_sum_with_one_factor() -> None:
    forecast = make_forecast()
    out = apply_adjustments(forecast, [DayTotalAdjustment(date="2025-11-10", total=5_000)])
    assert day_sum(out, "2025-11-10") == pytest.approx(5_000, rel=1e-12)
    ratios = {
        queue: day_sum(out, "2025-11-10", queue) / day_sum(forecast, "2025-11-10", queue)
        for queue in ("presale", "aftersale")
    }
    assert ratios["presale"] == pytest.approx(ratios["aftersale"], rel=1e-12)
    assert ratios["presale"] == pytest.approx(5_000 / day_sum(forecast, "2025-11-10"))


def test_day_total_on_a_day_that_sums_to_zero_raises_a_clear_error() -> None:
    forecast = make_forecast()
    forecast.loc[forecast["interval_start"] < pd.Timestamp("2025-11-11"), "mean"] = 0.0
    entry = DayTotalAdjustment(date="2025-11-10", total=100, id="d1")
    with pytest.raises(InputDataError, match=r"entry 1 \(id d1\).*sums to 0"):
        apply_adjustments(forecast, [entry])
    # a zero total on a zero day is simply nothing to do
    zero = apply_adjustments(forecast, [DayTotalAdjustment(date="2025-11-10", total=0)])
    assert day_sum(zero, "2025-11-10") == 0


def test_day_total_on_a_day_the_forecast_covers_in_part_raises() -> None:
    forecast = make_forecast()
    partial = forecast[forecast["interval_start"] >= pd.Timestamp("2025-11-10 12:00")]
    entry = DayTotalAdjustment(queue="presale", date="2025-11-10", total=100, id="d2")
    with pytest.raises(InputDataError, match=r"id d2.*whole day.*12 of its 24 intervals"):
        apply_adjustments(partial, [entry])


# --------------------------------------------------------------------------- order and events


def test_order_matters_scale_then_day_total_keeps_the_total() -> None:
    forecast = make_forecast(queues=("presale",))
    evening = ScaleAdjustment(start="2025-11-10 18:00", end="2025-11-10", factor=2)
    total = DayTotalAdjustment(date="2025-11-10", total=1_000)
    out = apply_adjustments(forecast, [evening, total])
    # the day total wins; the scale only reshaped the day (evening twice as heavy)
    assert day_sum(out, "2025-11-10") == pytest.approx(1_000, rel=1e-12)
    day = rows(forecast, None, "2025-11-10", "2025-11-11")
    night = rows(forecast, None, "2025-11-10 18:00", "2025-11-11")
    weights = forecast["mean"].where(~night, forecast["mean"] * 2)[day]
    np.testing.assert_allclose(out.loc[day, "mean"], weights / weights.sum() * 1_000)


def test_order_matters_day_total_then_scale_moves_the_total_again() -> None:
    forecast = make_forecast(queues=("presale",))
    evening = ScaleAdjustment(start="2025-11-10 18:00", end="2025-11-10", factor=2)
    total = DayTotalAdjustment(date="2025-11-10", total=1_000)
    out = apply_adjustments(forecast, [total, evening])
    day = rows(forecast, None, "2025-11-10", "2025-11-11")
    night = rows(forecast, None, "2025-11-10 18:00", "2025-11-11")
    expected = forecast.loc[day, "mean"] * 1_000 / day_sum(forecast, "2025-11-10")
    expected[night[day]] *= 2
    np.testing.assert_allclose(out.loc[day, "mean"], expected)
    assert day_sum(out, "2025-11-10") > 1_000
    other = apply_adjustments(forecast, [evening, total])
    assert day_sum(out, "2025-11-10") != pytest.approx(day_sum(other, "2025-11-10"))


def test_event_lift_multiplies_its_window_only() -> None:
    forecast = make_forecast()
    event = EventAdjustment(
        name="live-stream",
        queue="presale",
        start="2025-11-11 19:00",
        end="2025-11-11 22:00",
        lift=1.8,
    )
    out = apply_adjustments(forecast, [event])
    inside = rows(forecast, "presale", "2025-11-11 19:00", "2025-11-11 22:00")
    assert inside.sum() == 3
    for column in VALUE_COLUMNS:
        np.testing.assert_allclose(out.loc[inside, column], forecast.loc[inside, column] * 1.8)
        np.testing.assert_array_equal(out.loc[~inside, column], forecast.loc[~inside, column])


@st.composite
def adjustment_lists(draw: st.DrawFn) -> list[object]:
    day0 = dt.datetime(2025, 11, 10)
    entries: list[object] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(KINDS))
        queue = draw(st.sampled_from(["all", "presale", "aftersale"]))
        start = day0 + dt.timedelta(hours=draw(st.integers(-30, 60)))
        end = start + dt.timedelta(hours=draw(st.integers(1, 40)))
        ratio = draw(st.floats(0.01, 50, allow_nan=False))
        if kind == "scale":
            entries.append(ScaleAdjustment(queue=queue, start=start, end=end, factor=ratio))
        elif kind == "event":
            entries.append(EventAdjustment(name="e", queue=queue, start=start, end=end, lift=ratio))
        else:
            date = day0.date() + dt.timedelta(days=draw(st.integers(-1, 2)))
            total = draw(st.floats(1, 1e6, allow_nan=False))
            entries.append(DayTotalAdjustment(queue=queue, date=date, total=total))
    return entries


@settings(max_examples=150, deadline=None)
@given(entries=adjustment_lists(), seed=st.integers(0, 2**32 - 1))
def test_quantiles_stay_ordered_after_any_adjustments(entries: list[object], seed: int) -> None:
    forecast = make_forecast()
    rng = np.random.default_rng(seed)
    quantiles = np.sort(rng.gamma(2.0, 20.0, size=(len(forecast), 5)), axis=1)
    forecast[list(QUANTILE_RATIOS)] = quantiles
    forecast["mean"] = quantiles[:, 1] + 0.01
    out = apply_adjustments(forecast, entries)  # type: ignore[arg-type]
    values = out[list(QUANTILE_RATIOS)].to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()
    assert (out["mean"] > 0).all()
    # one factor per row: the band's width relative to the mean is kept
    np.testing.assert_allclose(
        values / out["mean"].to_numpy()[:, None],
        quantiles / forecast["mean"].to_numpy()[:, None],
        rtol=1e-9,
    )


def test_input_frame_is_not_mutated_and_output_keeps_columns_index_and_order() -> None:
    forecast = make_forecast().sample(frac=1.0, random_state=3)  # shuffled rows
    forecast["comment"] = "x"
    snapshot = forecast.copy(deep=True)
    entries = [
        ScaleAdjustment(start="2025-11-10", end="2025-11-11", factor=3),
        DayTotalAdjustment(date="2025-11-11", total=999),
    ]
    out = apply_adjustments(forecast, entries)
    pd.testing.assert_frame_equal(forecast, snapshot)
    assert out is not forecast
    assert list(out.columns) == list(forecast.columns)
    assert out.index.equals(forecast.index)
    pd.testing.assert_series_equal(out["interval_start"], forecast["interval_start"])
    pd.testing.assert_series_equal(out["queue"], forecast["queue"])
    assert not np.shares_memory(out["mean"].to_numpy(), forecast["mean"].to_numpy())


def test_no_adjustments_returns_an_equal_copy() -> None:
    forecast = make_forecast()
    out = apply_adjustments(forecast, [])
    pd.testing.assert_frame_equal(out, forecast)
    assert out is not forecast


def test_value_columns_are_the_forecast_contract_columns() -> None:
    from forecaster.forecast import FORECAST_COLUMNS, QUANTILES

    assert set(VALUE_COLUMNS) == {"mean", *QUANTILES}
    assert set(make_forecast().columns) == set(FORECAST_COLUMNS)


# --------------------------------------------------------------------------- JSON


def test_json_round_trip_preserves_every_field_chinese_notes_and_created_at() -> None:
    shanghai = dt.timezone(dt.timedelta(hours=8))
    entries = [
        ScaleAdjustment(
            id="s1",
            queue="presale",
            start="2025-11-10 20:00",
            end="2025-11-11",
            factor=1.25,
            note="主播加场，预计咨询量上涨",
            author="王芳",
            created_at=dt.datetime(2025, 11, 1, 10, 15, 7, 123456, tzinfo=shanghai),
        ),
        DayTotalAdjustment(
            id="d1", date="2025-11-11", total=120_000, note="与运营确认", created_at=WHEN
        ),
        EventAdjustment(
            id="e1",
            name="直播",
            queue="aftersale",
            start="2025-11-12 19:00",
            end="2025-11-12 22:00",
            lift=1.6,
            author="李雷",
            created_at=None,
        ),
    ]
    text = adjustments_to_json(entries)
    assert "主播加场，预计咨询量上涨" in text and "\\u" not in text  # readable, not escaped
    items = json.loads(text)
    assert [item["kind"] for item in items] == ["scale", "day_total", "event"]
    assert items[0]["created_at"] == "2025-11-01T10:15:07.123456+08:00"
    assert items[1]["created_at"] == "2025-11-01T10:15:00"  # naive stays naive
    loaded = adjustments_from_json(text)
    assert loaded == entries
    for old, new in zip(entries, loaded, strict=True):
        assert type(new) is type(old)
        assert new.model_dump() == old.model_dump()
        if old.created_at is not None:
            assert new.created_at is not None
            assert new.created_at.utcoffset() == old.created_at.utcoffset()
    assert adjustments_to_json(loaded) == text


def test_json_accepts_an_object_with_an_adjustments_list() -> None:
    text = '{"adjustments": [{"kind": "scale", "id": "a", "start": "2025-11-10", "end": "2025-11-10", "factor": 2}]}'
    (entry,) = adjustments_from_json(text)
    assert isinstance(entry, ScaleAdjustment)
    assert entry.end == dt.datetime(2025, 11, 11)


def test_hand_written_entry_without_id_gets_the_same_id_on_every_load() -> None:
    text = '[{"kind": "scale", "start": "2025-11-10", "end": "2025-11-10", "factor": 2}, {"kind": "scale", "start": "2025-11-10", "end": "2025-11-10", "factor": 2}]'
    first, second = adjustments_from_json(text), adjustments_from_json(text)
    assert [e.id for e in first] == [e.id for e in second]
    assert first[0].id != first[1].id  # identical entries still get distinct ids
    assert first[0].created_at is None  # unknown, not stamped with the load time


def test_entry_created_through_the_api_gets_now_and_a_short_id() -> None:
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    entry = ScaleAdjustment(start="2025-11-10", end="2025-11-10", factor=2)
    after = dt.datetime.now().astimezone()
    assert entry.created_at is not None and entry.created_at.tzinfo is not None
    assert before <= entry.created_at <= after
    assert len(entry.id) == 8 and int(entry.id, 16) >= 0


def test_load_and_save_round_trip_through_a_file(tmp_path: Path) -> None:
    entries = [
        EventAdjustment(
            id="e1", name="直播", start="2025-11-12 19:00", end="2025-11-12 22:00", lift=1.6
        )
    ]
    path = tmp_path / "adj.json"
    save_adjustments(path, entries)
    assert "直播" in path.read_text(encoding="utf-8")
    assert load_adjustments(path) == entries
    assert [p.name for p in tmp_path.iterdir()] == ["adj.json"]  # no temporary file left


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match=r"^adj\.json: cannot read the adjustments file"):
        load_adjustments(tmp_path / "adj.json")


def test_invalid_json_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "adj.json"
    path.write_text('[\n  {"kind": "scale",\n   "factor": 2,,\n  }\n]', encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        load_adjustments(path)
    assert str(error.value) == (
        "adj.json line 3: invalid JSON: Expecting property name enclosed in double quotes "
        "(column 16)"
    )


def test_bad_field_value_names_file_entry_and_field_on_one_line(tmp_path: Path) -> None:
    good = {"kind": "scale", "start": "2025-11-10", "end": "2025-11-10", "factor": 2}
    path = tmp_path / "adj.json"
    path.write_text(json.dumps([good, good | {"id": "b"}, good | {"factor": -1}]), "utf-8")
    with pytest.raises(InputDataError) as error:
        load_adjustments(path)
    assert problems_of(error) == ("adj.json entry 3, field factor: must be greater than 0, got -1",)
    assert "\n" not in str(error.value)
    assert "validation error" not in str(error.value).lower()  # no raw pydantic text


def test_each_problem_is_its_own_line_naming_entry_and_field() -> None:
    text = json.dumps(
        [
            {"kind": "scale", "start": "2025-11-10", "end": "2025-11-09", "factor": 2},
            {"kind": "day_total", "date": "11/11", "total": True},
            {"kind": "event", "start": "2025-11-10 20:00+08:00", "end": "2025-11-11", "lift": 2},
            {"kind": "scale", "start": "2025-11-10", "end": "2025-11-10", "factor": "nan"},
        ]
    )
    with pytest.raises(InputDataError) as error:
        adjustments_from_json(text, "adj.json")
    assert problems_of(error) == (
        'adj.json entry 1, field end: must be after start (2025-11-10T00:00:00), got "2025-11-10T00:00:00"',
        'adj.json entry 2, field date: must be a date like "2025-11-11", got "11/11"',
        "adj.json entry 2, field total: must be a number, got true",
        'adj.json entry 3, field start: must be local shop time without a UTC offset, e.g. "2025-11-11T20:00", got "2025-11-10T20:00:00+08:00"',
        "adj.json entry 3, field name: is required, got nothing",
        'adj.json entry 4, field factor: must be a finite number, got "nan"',
    )
    assert str(error.value).endswith("(and 5 more problems)")
    assert all("\n" not in line for line in problems_of(error))


def test_unknown_kind_lists_the_allowed_kinds() -> None:
    with pytest.raises(InputDataError) as error:
        adjustments_from_json('[{"kind": "lift", "factor": 2}, {"factor": 2}]', "adj.json")
    assert problems_of(error) == (
        'adj.json entry 1, field kind: must be one of scale, day_total, event, got "lift"',
        "adj.json entry 2, field kind: is required (one of scale, day_total, event), got nothing",
    )


def test_unknown_field_is_rejected_naming_the_field() -> None:
    text = (
        '[{"kind": "scale", "start": "2025-11-10", "end": "2025-11-10", "factor": 2, "factr": 3}]'
    )
    with pytest.raises(InputDataError) as error:
        adjustments_from_json(text, "adj.json")
    (line,) = problems_of(error)
    assert line.startswith(
        "adj.json entry 1, field factr: unknown field for kind scale (did you mean 'factor'?)"
    )


def test_duplicate_ids_are_rejected_naming_both_entries() -> None:
    entry = {"kind": "scale", "id": "x1", "start": "2025-11-10", "end": "2025-11-10", "factor": 2}
    with pytest.raises(InputDataError) as error:
        adjustments_from_json(json.dumps([entry, entry]), "adj.json")
    assert problems_of(error) == (
        'adj.json entry 2, field id: must be unique, got "x1" again (also entry 1)',
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "adj.json: is empty; write [] for no adjustments"),
        ("42", 'adj.json: must be a JSON list of adjustments or {"adjustments": [...]}, got 42'),
        (
            '{"adjustment": []}',
            'adj.json: must be a JSON list of adjustments or {"adjustments": [...]}, got an '
            "object with unknown key 'adjustment'",
        ),
        ("[3]", "adj.json entry 1: must be a JSON object {...}, got 3"),
    ],
)
def test_wrong_top_level_shapes_get_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(InputDataError) as error:
        adjustments_from_json(text, "adj.json")
    assert str(error.value) == message


def test_unknown_queue_names_entry_number_id_queue_and_the_queues_present() -> None:
    entries = [
        ScaleAdjustment(queue="presale", start="2025-11-10", end="2025-11-10", factor=2),
        ScaleAdjustment(id="q7", queue="presal", start="2025-11-10", end="2025-11-10", factor=2),
    ]
    with pytest.raises(InputDataError) as error:
        apply_adjustments(make_forecast(), entries, source="adj.json")
    assert problems_of(error) == (
        "adj.json entry 2 (id q7), field queue: must be 'all' or a queue of the forecast "
        "(aftersale, presale), got 'presal' (did you mean 'presale'?)",
    )


def test_forecast_missing_a_column_is_reported() -> None:
    forecast = make_forecast().drop(columns="mean")
    with pytest.raises(InputDataError, match=r"forecast is missing column 'mean'"):
        apply_adjustments(forecast, [])


# --------------------------------------------------------------------------- log and explain


def test_log_add_undo_and_remove_return_new_logs() -> None:
    a = ScaleAdjustment(id="a", start="2025-11-10", end="2025-11-10", factor=2)
    b = DayTotalAdjustment(id="b", date="2025-11-11", total=500)
    c = EventAdjustment(id="c", name="直播", start="2025-11-11 20:00", end="2025-11-11", lift=2)
    empty = AdjustmentLog()
    log = empty.add(a).add(b).add(c)
    assert len(empty) == 0 and log.ids == ("a", "b", "c")
    assert log.undo().ids == ("a", "b")
    assert log.remove("b").ids == ("a", "c")
    assert log.ids == ("a", "b", "c")  # unchanged
    with pytest.raises(AttributeError):
        log.entries = ()  # type: ignore[misc]
    forecast = make_forecast()
    pd.testing.assert_frame_equal(log.apply(forecast), apply_adjustments(forecast, [a, b, c]))
    assert AdjustmentLog.from_json(log.to_json()) == log


def test_undo_of_an_empty_log_is_a_clear_error() -> None:
    with pytest.raises(InputDataError, match="nothing to undo: the adjustment log is empty"):
        AdjustmentLog().undo()


def test_log_remove_of_an_unknown_id_lists_the_ids() -> None:
    log = AdjustmentLog().add(
        ScaleAdjustment(id="live1", start="2025-11-10", end="2025-11-10", factor=2)
    )
    with pytest.raises(InputDataError, match=r"no entry with id 'live2' \(did you mean 'live1'"):
        log.remove("live2")
    with pytest.raises(InputDataError, match=r"; ids: live1$"):
        log.remove("zzz")


def test_log_refuses_a_duplicate_id() -> None:
    a = ScaleAdjustment(id="a", start="2025-11-10", end="2025-11-10", factor=2)
    with pytest.raises(InputDataError, match=r"entry 2, field id: must be unique"):
        AdjustmentLog().add(a).add(a)


def test_explain_reports_zero_rows_matched_for_an_out_of_horizon_entry() -> None:
    forecast = make_forecast()
    entries = [
        ScaleAdjustment(id="in", start="2025-11-10 20:00", end="2025-11-10", factor=2),
        ScaleAdjustment(id="out", start="2026-06-18", end="2026-06-18", factor=3, note="618"),
    ]
    log = explain(forecast, entries)
    assert list(log.columns) == list(EXPLAIN_COLUMNS)
    first, second = log.to_dict("records")
    assert first["rows_matched"] == 8 and first["status"] == "applied"
    assert second["rows_matched"] == 0
    assert second["status"] == "no match: outside the forecast"
    assert np.isnan(second["factor"]) and second["inquiries_after"] == 0
    assert second["window"] == "2026-06-18 00:00 to 24:00" and second["note"] == "618"
    # and the out-of-horizon entry changes nothing
    pd.testing.assert_frame_equal(
        apply_adjustments(forecast, entries), apply_adjustments(forecast, entries[:1])
    )


def test_explain_reports_the_computed_day_total_factor_and_sums() -> None:
    forecast = make_forecast()
    entries = [
        ScaleAdjustment(
            id="s", start="2025-11-10", end="2025-11-10", factor=2, author="王芳", created_at=WHEN
        ),
        DayTotalAdjustment(id="d", date="2025-11-10", total=1_000, note="运营确认"),
    ]
    log = explain(forecast, entries).set_index("id")
    base = day_sum(forecast, "2025-11-10")
    assert log.loc["s", "inquiries_before"] == pytest.approx(base)
    assert log.loc["s", "inquiries_after"] == pytest.approx(2 * base)
    assert log.loc["d", "factor"] == pytest.approx(1_000 / (2 * base))
    assert log.loc["d", "inquiries_before"] == pytest.approx(2 * base)  # sees entry 1
    assert log.loc["d", "inquiries_after"] == pytest.approx(1_000)
    assert log.loc["d", "rows_matched"] == 48
    assert log.loc["d", "window"] == "2025-11-10 (whole day)"
    assert log.loc["s", "author"] == "王芳"
    assert log.loc["s", "created_at"] == "2025-11-01 10:15:00"


def test_explain_of_no_entries_has_the_columns() -> None:
    log = explain(make_forecast(), [])
    assert log.empty and list(log.columns) == list(EXPLAIN_COLUMNS)


def test_adjust_module_does_not_import_streamlit() -> None:
    code = "import sys, forecaster.adjust; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
