"""Each validation defect is caught, with a message naming file, row and column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecaster.errors import InputDataError
from forecaster.messages import render
from forecaster.validation import build_report, read_calendar, read_history
from tests.conftest import make_history, to_csv_bytes


def _fatal(data: bytes, name: str = "history.csv") -> InputDataError:
    with pytest.raises(InputDataError) as info:
        read_history(data, name=name)
    return info.value


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(interval_start=frame["interval_start"].dt.strftime("%Y-%m-%d %H:%M"))


def test_missing_required_column_names_what_was_found(history_frame: pd.DataFrame) -> None:
    data = to_csv_bytes(history_frame.rename(columns={"inquiries": "接待人数x"}))
    error = _fatal(data)
    assert "history.csv is missing column 'inquiries'" in str(error)
    assert "found ['interval_start', 'queue', '接待人数x']" in str(error)


def test_missing_time_columns() -> None:
    error = _fatal(b"queue,inquiries\npresale,3\n")
    assert "missing column 'interval_start'" in str(error)


def test_dates_without_time_of_day_are_rejected() -> None:
    error = _fatal("日期,咨询人数\n2025-01-01,300\n2025-01-02,310\n".encode())
    assert "no time of day" in str(error) and "日期" not in error.problems[0].split(";")[0][:5]


def test_unparseable_timestamp_names_row_column_value(history_frame: pd.DataFrame) -> None:
    frame = _text(history_frame)
    frame.loc[10, "interval_start"] = "2025-13-45 99:00"
    error = _fatal(to_csv_bytes(frame))
    assert str(error) == (
        "history.csv row 12, column interval_start: must be a timestamp like "
        "2025-11-11 20:00, got '2025-13-45 99:00'"
    )


@pytest.mark.parametrize(
    ("value", "expectation"),
    [
        ("-3", "must be a non-negative integer, got '-3'"),
        ("2.5", "must be a whole number of chats, got '2.5'"),
        ("abc", "must be a non-negative integer, got 'abc'"),
        ("", "must be a non-negative integer, got an empty cell"),
        ("inf", "must be a non-negative integer, got 'inf'"),
        ("1e15", "must be at most 1,000,000, got '1e15'"),
    ],
)
def test_bad_counts(history_frame: pd.DataFrame, value: str, expectation: str) -> None:
    frame = _text(history_frame).astype({"inquiries": str})
    frame.loc[41, "inquiries"] = value
    error = _fatal(to_csv_bytes(frame))
    assert str(error) == f"history.csv row 43, column inquiries: {expectation}"


def test_chinese_header_is_named_in_messages() -> None:
    data = "时间,咨询人数\n2025-01-01 00:00,3\n2025-01-01 00:15,-1\n".encode("gbk")
    error = _fatal(data, "导出.csv")
    assert str(error) == (
        "导出.csv row 3, column 咨询人数 (inquiries): must be a non-negative integer, got '-1'"
    )


def test_many_bad_rows_are_listed_compactly(history_frame: pd.DataFrame) -> None:
    frame = _text(history_frame).astype({"inquiries": str})
    frame.loc[0:29, "inquiries"] = "-1"
    error = _fatal(to_csv_bytes(frame))
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 20 more, column inquiries" in str(error)


def test_all_fatal_defects_are_reported_together(history_frame: pd.DataFrame) -> None:
    frame = _text(history_frame).astype({"inquiries": str})
    frame.loc[3, "interval_start"] = "yesterday"
    frame.loc[7, "inquiries"] = "-2"
    error = _fatal(to_csv_bytes(frame))
    assert len(error.problems) == 2
    assert str(error).endswith("(and 1 more problem)")
    assert "\n" not in str(error)


def test_exact_duplicate_row_is_dropped_with_a_warning(history_frame: pd.DataFrame) -> None:
    frame = pd.concat([history_frame.iloc[:51], history_frame.iloc[[50]], history_frame.iloc[51:]])
    history = read_history(to_csv_bytes(frame), name="history.csv")
    assert len(history.frame) == len(history_frame)
    assert history.duplicate_rows == (53,)
    (finding,) = [f for f in history.findings if f.code == "duplicate"]
    assert finding.message == (
        "history.csv: 1 exact duplicate row of an earlier row (same queue, interval and "
        "values), one copy kept: row 53 (= row 52)"
    )


def test_conflicting_duplicates_are_fatal(history_frame: pd.DataFrame) -> None:
    twin = history_frame.iloc[[50]].assign(inquiries=history_frame["inquiries"].iloc[50] + 7)
    frame = pd.concat([history_frame, twin])
    error = _fatal(to_csv_bytes(frame))
    last_row = len(frame) + 1
    assert str(error).startswith(
        f"history.csv rows 52, {last_row}: duplicate rows for queue presale"
    )
    assert "with different values" in str(error)


def test_off_grid_timestamp_is_fatal(history_frame: pd.DataFrame) -> None:
    frame = _text(history_frame)
    frame.loc[20, "interval_start"] = "2025-03-03 05:07"
    error = _fatal(to_csv_bytes(frame))
    assert str(error) == (
        "history.csv row 22, column interval_start: must lie on the 15-minute grid "
        "(the file's resolution), got '2025-03-03 05:07'"
    )


def test_unsupported_resolution_is_fatal() -> None:
    frame = make_history(days=2, minutes=15)
    frame["interval_start"] = pd.Timestamp("2025-01-01") + (
        frame.groupby("queue").cumcount() * pd.Timedelta(minutes=5)
    )
    error = _fatal(to_csv_bytes(frame))
    assert "intervals must be 15, 30 or 60 minutes apart, the most common step is 5 minutes" in str(
        error
    )


def test_missing_intervals_become_a_gap_warning(history_frame: pd.DataFrame) -> None:
    hole = (history_frame["queue"] == "aftersale") & history_frame["interval_start"].between(
        "2025-03-10 02:00", "2025-03-10 02:45"
    )
    history = read_history(to_csv_bytes(history_frame[~hole]), name="history.csv")
    (gap,) = history.gaps
    assert (gap.queue, gap.intervals) == ("aftersale", 4)
    assert gap.start == pd.Timestamp("2025-03-10 02:00")
    (finding,) = history.findings
    assert finding.code == "gap"
    assert "aftersale 2025-03-10 02:00 to 2025-03-10 03:00 (4 intervals)" in finding.message


def test_zero_run_in_busy_hours_is_flagged_as_outage(history_frame: pd.DataFrame) -> None:
    frame = history_frame.copy()
    down = frame["interval_start"].between("2025-03-12 10:00", "2025-03-12 12:45")
    frame.loc[down, "inquiries"] = 0
    history = read_history(to_csv_bytes(frame), name="history.csv")
    assert {o.queue for o in history.outages} == {"presale", "aftersale"}
    for outage in history.outages:
        assert outage.start == pd.Timestamp("2025-03-12 10:00")
        assert outage.end == pd.Timestamp("2025-03-12 12:45")
        assert outage.expected_inquiries > 30
    flagged = history.frame.loc[history.frame["outage"], "interval_start"]
    assert len(flagged) == 2 * 12
    assert flagged.between("2025-03-12 10:00", "2025-03-12 12:45").all()
    assert any("suspected export outage" in f.message for f in history.findings)


def test_many_outages_make_one_progress_note_with_the_latest(
    history_frame: pd.DataFrame,
) -> None:
    """Every queue down at once counts as one outage; past three, the progress log gives
    one line with the count, what was lost and the latest three (validate keeps them all)."""
    frame = history_frame.copy()
    for day in ("03-11", "03-12", "03-13", "03-14"):
        down = frame["interval_start"].between(f"2025-{day} 10:00", f"2025-{day} 12:45")
        frame.loc[down, "inquiries"] = 0
    history = read_history(to_csv_bytes(frame), name="history.csv")
    assert len(history.outages) == 8
    assert sum(f.code == "outage" for f in history.findings) == 8
    (note,) = history.outage_notes()
    assert note.startswith("history.csv: 4 suspected export outages (96 queue-intervals, about")
    assert "the latest: aftersale, presale 2025-03-12 10:00 to 2025-03-12 13:00" in note
    assert note.endswith(
        "aftersale, presale 2025-03-14 10:00 to 2025-03-14 13:00 (12 intervals); and 1 more"
    )
    assert "疑似导出断档 4 处 (共 96 个队列时段" in render(note, "zh")
    one = read_history(to_csv_bytes(history_frame), name="h.csv")
    assert one.outage_notes() == []


def test_quiet_night_zeros_of_a_small_shop_are_not_outages() -> None:
    frame = make_history(level=1.0, seed=3)  # a tiny shop: nights are often zero
    history = read_history(to_csv_bytes(frame), name="small.csv")
    assert (history.frame["inquiries"] == 0).sum() > 100
    assert history.outages == ()


def test_human_inquiries_above_total_is_a_warning(history_frame: pd.DataFrame) -> None:
    frame = history_frame.assign(human_inquiries=history_frame["inquiries"])
    frame.loc[5, "human_inquiries"] = frame.loc[5, "inquiries"] + 3
    history = read_history(to_csv_bytes(frame), name="h.csv")
    assert [f.code for f in history.findings] == ["human_exceeds_total"]
    assert "h.csv rows 7: human_inquiries exceed inquiries" in history.findings[0].message


def test_bad_optional_cell_is_a_warning_not_fatal(history_frame: pd.DataFrame) -> None:
    frame = history_frame.assign(asa_seconds="20").astype({"asa_seconds": object})
    frame.loc[9, "asa_seconds"] = "fast"
    history = read_history(to_csv_bytes(frame), name="h.csv")
    (finding,) = history.findings
    assert finding.message == (
        "h.csv row 11, column asa_seconds: must be a duration in seconds, got 'fast'; left empty"
    )
    assert history.frame["asa_seconds"].isna().sum() == 1


def test_empty_and_missing_files() -> None:
    with pytest.raises(InputDataError, match="h.csv: the file is empty"):
        read_history(b"", name="h.csv")
    with pytest.raises(InputDataError, match="has a header but no data rows"):
        read_history(b"interval_start,queue,inquiries\n", name="h.csv")
    with pytest.raises(InputDataError, match="nope.csv: file not found"):
        read_history("/nonexistent/nope.csv")
    with pytest.raises(InputDataError, match="cannot decode|not a valid CSV"):
        read_history(bytes(range(256)) * 3, name="bin.csv")


# --------------------------------------------------------------------------- calendar

HEADER = "event,phase,start,end\n"


def _calendar(body: str):
    return read_calendar((HEADER + body).encode(), name="calendar.csv")


def test_phase_ending_before_it_starts_is_fatal() -> None:
    with pytest.raises(InputDataError) as info:
        _calendar("双11 2030,presale,2030-10-20 20:00,2030-10-19 23:59\n")
    assert str(info.value) == (
        "calendar.csv row 2, column end: must not be before start, got '2030-10-19 23:59'"
    )


def test_calendar_missing_column_and_bad_time() -> None:
    with pytest.raises(InputDataError, match="calendar.csv is missing column 'end'"):
        read_calendar(b"event,phase,start\nx,wave,2030-01-01\n", name="calendar.csv")
    with pytest.raises(InputDataError, match="row 2, column start: must be a timestamp"):
        _calendar("双11 2030,wave,soon,2030-11-11 23:59\n")


def test_calendar_heat_is_one_factor_per_campaign() -> None:
    body = (
        "event,phase,start,end,热度\n"
        "双11 2030,presale,2030-10-20 20:00,2030-10-24 23:59,1.2\n"
        "双11 2030,peak_day,2030-11-11,2030-11-11,\n"
        "618 2030,presale,2030-05-20,2030-05-25,\n"
    )
    cal = read_calendar(body.encode(), name="calendar.csv")
    assert cal.frame["heat"].iloc[:2].tolist() == [1.2, 1.2]  # the blank row takes its campaign's
    assert np.isnan(cal.frame["heat"].iloc[2])
    bad = body.replace(",1.2\n", ",hot\n")
    with pytest.raises(InputDataError) as info:
        read_calendar(bad.encode(), name="calendar.csv")
    assert str(info.value) == (
        "calendar.csv row 2, column 热度 (heat): must be a factor over 0 (1.2: a fifth hotter), "
        "got 'hot'"
    )
    assert info.value.one_line("zh").startswith(
        "calendar.csv 第 2 行, “热度 (heat)” 列: 必须是大于 0"
    )
    two = body.replace("2030-11-11,\n", "2030-11-11,1.5\n")
    with pytest.raises(InputDataError, match="rows 2, 3, column 热度 .heat.: must be one value"):
        read_calendar(two.encode(), name="calendar.csv")


def test_calendar_heat_on_a_name_reused_every_year_is_per_season() -> None:
    body = (
        "event,phase,start,end,heat\n"
        "双11,presale,2029-10-20 20:00,2029-10-24 23:59,1.1\n"
        "双11,peak_day,2029-11-11,2029-11-11,\n"
        "双11,presale,2030-10-20 20:00,2030-10-24 23:59,1.2\n"
        "双11,peak_day,2030-11-11,2030-11-11,\n"
    )
    cal = read_calendar(body.encode(), name="calendar.csv")
    assert cal.frame["heat"].tolist() == [1.1, 1.1, 1.2, 1.2]


def test_unknown_overlap_warns_but_known_nesting_does_not() -> None:
    nested = _calendar(
        "双11 2030,wave,2030-10-31 20:00,2030-11-11 23:59\n"
        "双11 2030,peak_day,2030-11-11 00:00,2030-11-11 23:59\n"
    )
    assert nested.findings == ()
    clash = _calendar(
        "双11 2030,presale,2030-10-20 20:00,2030-11-01 23:59\n"
        "双11 2030,wave,2030-10-31 20:00,2030-11-11 23:59\n"
    )
    (finding,) = clash.findings
    assert finding.code == "overlap"
    assert finding.message == (
        "calendar.csv rows 2 and 3: 双11 2030 wave overlaps 双11 2030 presale "
        "(2030-10-31 20:00 to 2030-11-01 23:59)"
    )
    assert render(finding.message, "zh") == (
        "calendar.csv 第 2 行和第 3 行: 双11 2030 抢购波次 与 双11 2030 预售 (定金) 重叠 "
        "(2030-10-31 20:00 至 2030-11-01 23:59)"
    )


def test_unknown_phase_is_a_generic_window_with_a_warning() -> None:
    cal = _calendar("年货节 2030,live_stream,2030-01-05 19:00,2030-01-05 23:00\n")
    (finding,) = cal.findings
    assert finding.code == "unknown_phase"
    assert "row 2, column phase: must name a phase (presale / wave /" in finding.message
    assert cal.frame["phase"].tolist() == ["live_stream"]
    # Chinese: the phase names stay phase names, even where a queue is called presale
    shown = render(finding.message, "zh", {"presale": "售前"})
    assert "必须是以下阶段之一: presale (预售)、wave (抢购波次)" in shown
    assert shown.endswith("实际为 'live_stream'；按一般活动时段处理") and "售前" not in shown


def test_report_lists_everything_the_planner_needs(history_frame: pd.DataFrame) -> None:
    frame = history_frame.copy()
    frame.loc[
        frame["interval_start"].between("2025-03-12 10:00", "2025-03-12 12:00"), "inquiries"
    ] = 0
    history = read_history(to_csv_bytes(frame), name="h.csv")
    calendar = _calendar(
        "春促 2025,wave,2025-03-08 20:00,2025-03-09 23:59\n老活动,wave,2020-01-01,2020-01-02\n"
    )
    report = build_report(history, calendar)
    assert report.campaigns == ("春促 2025",)
    text = report.to_text()
    for expected in (
        "History h.csv: 5,376 rows, 2 queue(s), 15-minute intervals",
        "range 2025-03-03 00:00 to 2025-03-30 23:45",
        "presale: 28 days",
        "Gaps: 0 missing intervals",
        "Duplicates: 0",
        "Suspected outages: 2",
        "Usable: yes (read the warnings)",
        "campaigns covered by the history: 春促 2025",
    ):
        assert expected in text
    daily = frame.groupby(["queue", frame["interval_start"].dt.date])["inquiries"].sum()
    summary = {q.queue: q for q in report.queues}
    assert summary["presale"].daily_max == daily.loc["presale"].max()
    assert summary["presale"].total_inquiries == daily.loc["presale"].sum()


# --------------------------------------------------------------------------- messy exports


def test_hourly_days_inside_a_15_minute_file_are_fatal(history_frame: pd.DataFrame) -> None:
    frame = history_frame[history_frame["queue"] == "presale"]
    early = frame["interval_start"] < "2025-03-10"
    hourly = frame[early & (frame["interval_start"].dt.minute == 0)]
    mixed = pd.concat([hourly, frame[~early]])
    error = _fatal(to_csv_bytes(mixed))
    assert str(error) == (
        "history.csv: queue presale has 7 day(s) at 60-minute intervals (first 2025-03-03) "
        "in a 15-minute file; export one resolution throughout"
    )


def test_queues_at_different_resolutions_are_fatal() -> None:
    presale = make_history(days=3, minutes=60, queues=("presale",))
    aftersale = make_history(days=3, minutes=15, queues=("aftersale",))
    error = _fatal(to_csv_bytes(pd.concat([presale, aftersale])))
    assert "queues have different resolutions (aftersale every 15 min, presale every 60 min)" in (
        str(error)
    )


def test_off_grid_period_names_the_period_column() -> None:
    data = "日期,时段,咨询人数\n" + "".join(
        f"2025-03-03,{h:02d}:00-{h + 1:02d}:00,{10 + h}\n" for h in range(10)
    )
    data = data.replace("05:00-06:00", "05:07-06:07")
    error = _fatal(data.encode(), "p.csv")
    assert str(error) == (
        "p.csv row 7, column 时段 (period): must lie on the 60-minute grid (the file's "
        "resolution), got '05:07-06:07'"
    )


def test_rows_longer_than_the_header() -> None:
    rows = [f"2025-03-03 {h:02d}:00,presale,{h}" for h in range(6)]
    trailing = "interval_start,queue,inquiries\n" + "".join(r + ",\n" for r in rows)
    assert len(read_history(trailing.encode(), name="t.csv").frame) == 6
    unquoted = "interval_start,queue,inquiries\n" + "\n".join(rows).replace(",0\n", ",1,000\n")
    error = _fatal(unquoted.encode(), "u.csv")
    assert str(error) == (
        "u.csv row 2: has more cells than the header's 3 (a value containing the separator "
        "needs quotes)"
    )
    later = "interval_start,queue,inquiries\n" + "\n".join(rows).replace(",5", ",1,005")
    assert str(_fatal(later.encode(), "l.csv")).startswith(
        "l.csv row 7: has 4 cells, the header has 3"
    )


def test_two_columns_meaning_the_same_thing_are_fatal() -> None:
    data = "时间,咨询量,咨询人数\n2025-03-03 00:00,1,2\n2025-03-03 01:00,3,4\n"
    error = _fatal(data.encode(), "w.csv")
    assert str(error).startswith("w.csv: columns '咨询量', '咨询人数' all mean 'inquiries'")
    same = "interval_start,inquiries,inquiries\n2025-03-03 00:00,1,2\n2025-03-03 01:00,3,4\n"
    assert "columns 'inquiries', 'inquiries.1' all mean 'inquiries'" in str(_fatal(same.encode()))


def test_one_column_per_queue_becomes_rows(history_frame: pd.DataFrame) -> None:
    wide = history_frame.pivot(index="interval_start", columns="queue", values="inquiries")
    export = pd.DataFrame(
        {
            "时间": wide.index.strftime("%Y-%m-%d %H:%M"),
            "咨询人数(售前)": wide["presale"].to_numpy(),
            "售后咨询人数": wide["aftersale"].to_numpy(),
            "转人工(售前)": (wide["presale"] // 2).to_numpy(),
            "转人工率": 0.5,  # not a per-queue count: kept out of the melt
        }
    )
    history = read_history(export.to_csv(index=False).encode(), name="w.csv")
    got = history.frame.set_index(["queue", "interval_start"])["inquiries"].sort_index()
    want = history_frame.set_index(["queue", "interval_start"])["inquiries"].sort_index()
    assert got.tolist() == want.tolist() and list(got.index) == list(want.index)
    presale = history.frame[history.frame["queue"] == "presale"]
    assert (presale["human_inquiries"] == presale["inquiries"] // 2).all()
    assert history.frame.loc[history.frame["queue"] == "aftersale", "human_inquiries"].isna().all()
    export.loc[3, "售后咨询人数"] = -1
    error = _fatal(export.to_csv(index=False).encode(), "w.csv")
    assert str(error) == (
        "w.csv row 5, column 咨询人数(售前) / 售后咨询人数 (inquiries): must be a "
        "non-negative integer, got '-1'"
    )


def test_calendar_cell_problems_read_in_chinese() -> None:
    """Every problem of a calendar's cells is one Chinese line in zh (the campaign name and
    a time like 11月11日晚 came out in English)."""
    with pytest.raises(InputDataError) as info:
        _calendar(",wave,2025-10-24 20:00,11月11日晚\n")
    assert render(str(info.value), "zh") == (
        "calendar.csv 第 2 行, “event” 列: 必须填写活动名 (如 双11 2025), 实际为空 (另有 1 个问题)"
    )
    assert [render(p, "zh") for p in info.value.problems] == [
        "calendar.csv 第 2 行, “event” 列: 必须填写活动名 (如 双11 2025), 实际为空",
        "calendar.csv 第 2 行, “end” 列: 必须是时间, 如 2025-10-15 20:00, 实际为 '11月11日晚'",
    ]


def test_a_twenty_minute_export_names_its_step_and_a_row_in_chinese() -> None:
    stamps = pd.date_range("2025-01-01", periods=200, freq="20min")
    frame = pd.DataFrame({"interval_start": stamps, "inquiries": 5})
    with pytest.raises(InputDataError) as info:
        read_history(to_csv_bytes(frame), name="h20.csv")
    assert render(str(info.value), "zh").startswith(
        "h20.csv: 时段间隔必须是 15、30 或 60 分钟, 最常见的间隔是 20 分钟 (如第 3 行)"
    )


def test_a_queue_column_under_another_header_is_named_not_dropped() -> None:
    """客服 instead of queue: the column was ignored, every row became queue 'all' and
    the error spoke of duplicate rows. Where intervals repeat, a column of a few repeated
    names is named as the queue column it looks like; a 星期 column beside one row per
    interval stays an extra column."""
    text = (
        "interval_start,客服,inquiries\n"
        "2025-01-01 00:00,售前,3\n2025-01-01 00:00,售后,2\n"
        "2025-01-01 00:15,售前,4\n2025-01-01 00:15,售后,1\n"
    )
    with pytest.raises(InputDataError) as caught:
        read_history(text.encode(), name="h.csv")
    assert render(caught.value.problems[0], "zh") == (
        "h.csv: 没有队列列, 而列 客服 像是队列 (值: 售前, 售后); 请把它命名为 'queue' "
        "(或 '客服组'、'队列'); 只有一个队列时删去该列"
    )
    weekdays = "interval_start,星期,inquiries\n" + "".join(
        f"2025-01-0{d} 00:{m:02d},周{'三四'[d - 1]},3\n" for d in (1, 2) for m in (0, 15, 30)
    )
    history = read_history(weekdays.encode(), name="h.csv")
    assert set(history.frame["queue"]) == {"all"} and len(history.frame) == 6
    # one exact duplicate row repeats an interval, but 星期 does not tell its rows apart
    twice = weekdays + weekdays.splitlines()[1] + "\n"
    history = read_history(twice.encode(), name="h.csv")
    assert len(history.frame) == 6 and history.duplicate_rows
