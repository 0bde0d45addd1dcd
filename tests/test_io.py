"""Every accepted input format reads to the same tidy history."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

from forecaster.validation import read_calendar, read_history
from tests.conftest import make_history, to_csv_bytes


def _same(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = frame[["interval_start", "queue", "inquiries"]].sort_values(["queue", "interval_start"])
    want = expected.sort_values(["queue", "interval_start"])
    assert got["interval_start"].tolist() == want["interval_start"].tolist()
    assert got["queue"].tolist() == want["queue"].tolist()
    assert got["inquiries"].tolist() == want["inquiries"].tolist()


def _chinese_export(frame: pd.DataFrame) -> pd.DataFrame:
    """The shape a 千牛-style back-end exports: 日期, 时段, 客服组, 咨询人数 with separators."""
    end = frame["interval_start"] + pd.Timedelta(minutes=15)
    return pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y/%m/%d"),
            "时段": frame["interval_start"].dt.strftime("%H:%M") + "-" + end.dt.strftime("%H:%M"),
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数(人)": (frame["inquiries"] * 1000).map(lambda v: f"{v:,}"),
        }
    )


def test_contract_csv_utf8(tmp_path: Path, history_frame: pd.DataFrame) -> None:
    path = tmp_path / "history.csv"
    path.write_bytes(to_csv_bytes(history_frame))
    history = read_history(path)
    _same(history.frame, history_frame)
    assert history.interval_minutes == 15
    assert history.source == "history.csv"
    assert history.findings == ()
    assert history.frame["inquiries"].dtype == "int64"
    assert not history.frame["outage"].any()


def test_utf8_with_bom(history_frame: pd.DataFrame) -> None:
    data = b"\xef\xbb\xbf" + to_csv_bytes(history_frame)
    _same(read_history(data, name="bom.csv").frame, history_frame)


def test_gbk_with_chinese_headers_and_thousands_separators(tmp_path: Path) -> None:
    frame = make_history(days=14)
    path = tmp_path / "千牛导出.csv"
    path.write_bytes(_chinese_export(frame).to_csv(index=False).encode("gbk"))
    history = read_history(path)
    expected = frame.assign(inquiries=frame["inquiries"] * 1000)
    _same(history.frame, expected)
    assert set(history.queues) == {"presale", "aftersale"}


def test_gb18030_text_that_gbk_lacks(history_frame: pd.DataFrame) -> None:
    export = _chinese_export(history_frame)
    export["备注"] = "𠀀"  # outside GBK, inside GB18030
    data = export.to_csv(index=False).encode("gb18030")
    assert read_history(data, name="x.csv").frame["inquiries"].sum() == (
        history_frame["inquiries"].sum() * 1000
    )


def test_gzip_csv(tmp_path: Path, history_frame: pd.DataFrame) -> None:
    path = tmp_path / "history.csv.gz"
    path.write_bytes(gzip.compress(to_csv_bytes(history_frame)))
    _same(read_history(path).frame, history_frame)


def test_xlsx_with_datetime_cells(tmp_path: Path) -> None:
    frame = make_history(days=7)
    path = tmp_path / "history.xlsx"
    frame.to_excel(path, index=False)
    history = read_history(path)
    _same(history.frame, frame)


def test_xlsx_with_date_and_hour_columns_is_hourly(tmp_path: Path) -> None:
    frame = make_history(days=7, minutes=60)
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.normalize(),
            "小时": frame["interval_start"].dt.hour,
            "客服组": frame["queue"].map({"presale": "售前", "aftersale": "售后"}),
            "咨询人数": frame["inquiries"],
            "转人工": frame["inquiries"] // 2,
        }
    )
    path = tmp_path / "hourly.xlsx"
    export.to_excel(path, index=False)
    history = read_history(path)
    assert history.interval_minutes == 60
    _same(history.frame, frame)
    assert (history.frame["human_inquiries"] == history.frame["inquiries"] // 2).all()


def test_upload_object_with_name(history_frame: pd.DataFrame) -> None:
    upload = io.BytesIO(to_csv_bytes(history_frame))
    upload.name = "upload.csv"
    history = read_history(upload)
    assert history.source == "upload.csv"
    _same(history.frame, history_frame)


@pytest.mark.parametrize(
    "fmt",
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y年%m月%d日 %H:%M",
        "%Y%m%d %H%M",
        "%Y-%m-%d %H:%M:%S",
    ],
)
def test_timestamp_formats(fmt: str) -> None:
    frame = make_history(days=3, queues=("presale",))
    text = frame.assign(interval_start=frame["interval_start"].dt.strftime(fmt))
    text = text.rename(columns={"interval_start": "时间", "inquiries": "咨询量"})
    history = read_history(text.to_csv(index=False).encode(), name="t.csv")
    _same(history.frame, frame)


def test_timestamps_with_offset_are_converted_to_shop_time() -> None:
    frame = make_history(days=2, queues=("presale",))
    utc = (frame["interval_start"] - pd.Timedelta(hours=8)).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    plus8 = frame["interval_start"].dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    for stamps in (utc, plus8):
        data = frame.assign(interval_start=stamps).to_csv(index=False).encode()
        _same(read_history(data, name="tz.csv").frame, frame)


def test_date_plus_time_of_day_column() -> None:
    frame = make_history(days=2, minutes=30, queues=("presale",))
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "时间": frame["interval_start"].dt.strftime("%H:%M"),
            "队列": "售前",
            "咨询人数": frame["inquiries"],
        }
    )
    history = read_history(export.to_csv(index=False).encode(), name="x.csv")
    assert history.interval_minutes == 30
    _same(history.frame, frame)


def test_no_queue_column_means_all(history_frame: pd.DataFrame) -> None:
    one = history_frame[history_frame["queue"] == "presale"].drop(columns="queue")
    history = read_history(to_csv_bytes(one), name="one.csv")
    assert history.queues == ("all",)
    assert history.frame["inquiries"].sum() == one["inquiries"].sum()


def test_tab_separated(history_frame: pd.DataFrame) -> None:
    data = history_frame.to_csv(index=False, sep="\t").encode()
    _same(read_history(data, name="t.tsv").frame, history_frame)


def test_optional_columns_in_back_end_units() -> None:
    frame = make_history(days=2, queues=("presale",))
    export = frame.assign(
        接待人数=frame["inquiries"],
        平均响应时长=["25秒", "1分5秒", "00:00:40", "12.5"] * (len(frame) // 4),
        首次30秒应答率=["85%", "0.9", "100%", "0"] * (len(frame) // 4),
    )
    history = read_history(export.to_csv(index=False).encode(), name="x.csv")
    got = history.frame
    assert got["asa_seconds"].head(4).tolist() == [25.0, 65.0, 40.0, 12.5]
    assert got["answered_within_30s"].head(4).tolist() == pytest.approx([0.85, 0.9, 1.0, 0.0])
    assert (got["human_inquiries"] == got["inquiries"]).all()
    assert history.findings == ()


def test_blank_line_keeps_row_numbers_right(history_frame: pd.DataFrame) -> None:
    lines = to_csv_bytes(history_frame.head(40)).decode().splitlines()
    lines.insert(5, "")  # a blank line 6
    lines[20] = lines[20].rsplit(",", 1)[0] + ",-4"  # file line 21
    from forecaster.errors import InputDataError

    with pytest.raises(InputDataError, match=r"row 21, column inquiries"):
        read_history("\n".join(lines).encode(), name="b.csv")


def test_calendar_contract_file_is_clean() -> None:
    calendar = read_calendar(Path(__file__).resolve().parent.parent / "data" / "calendar.csv")
    cal = calendar.frame
    assert calendar.findings == ()
    assert {"双11 2022", "618 2024", "双11 2025", "双11 2026"} <= set(cal["event"])
    assert set(cal["phase"]) <= {"presale", "wave", "final_payment", "peak_day", "after_sales"}
    # docs/contracts.md: known phase starts
    starts = set(cal["start"].dt.strftime("%Y-%m-%d %H:%M"))
    assert {
        "2022-10-24 20:00",
        "2022-10-31 20:00",
        "2022-11-10 20:00",
        "2024-10-14 20:00",
        "2025-10-15 20:00",
        "2024-05-20 20:00",
        "2024-05-31 20:00",
        "2025-05-13 20:00",
    } <= starts
    assert cal.loc[cal["event"].str.endswith("2026"), "note"].str.contains("预估").all()


def test_calendar_chinese_headers_phase_names_and_whole_days() -> None:
    text = "活动,阶段,开始时间,结束时间\n双11 2030,预售,2030-10-20 20:00,2030-10-25\n双11 2030,爆发日,2030-11-11,2030-11-11\n"
    cal = read_calendar(text.encode("gbk"), name="日历.csv").frame
    assert cal["phase"].tolist() == ["presale", "peak_day"]
    assert cal["end"].tolist() == [
        pd.Timestamp("2030-10-25 23:59"),
        pd.Timestamp("2030-11-11 23:59"),
    ]
    assert cal["start"].iloc[1] == pd.Timestamp("2030-11-11 00:00")


def test_report_title_above_header_and_totals_row_below(tmp_path: Path) -> None:
    frame = make_history(days=2)
    export = _chinese_export(frame)
    lines = ["店铺客服咨询数据报表", "统计周期: 2025-03-03 至 2025-03-04", ""]
    lines += export.to_csv(index=False).splitlines()
    lines.append("合计,,," + f"{(frame['inquiries'] * 1000).sum()}")
    path = tmp_path / "report.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    history = read_history(path)
    _same(history.frame, frame.assign(inquiries=frame["inquiries"] * 1000))
    (finding,) = history.findings
    assert finding.message == (
        f"report.csv row {len(lines)}: a totals/average row (合计, 总计 ...), skipped"
    )
    # row numbers still count the title lines: corrupt the first data row (file line 5)
    lines[4] = lines[4].replace("售前", "")
    path.write_bytes("\n".join(lines).encode("gbk"))
    from forecaster.errors import InputDataError

    with pytest.raises(InputDataError, match=r"report.csv row 5, column 客服组 \(queue\)"):
        read_history(path)


def test_xlsx_with_title_rows_keeps_sheet_row_numbers(tmp_path: Path) -> None:
    frame = make_history(days=2, queues=("presale",)).astype({"inquiries": object})
    frame.loc[3, "inquiries"] = -5
    path = tmp_path / "report.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["咨询数据报表"]]).to_excel(writer, index=False, header=False)
        frame.to_excel(writer, index=False, startrow=2)
    from forecaster.errors import InputDataError

    # title on sheet row 1, header on row 3, data from row 4: the bad value is on row 7
    with pytest.raises(InputDataError, match=r"report.xlsx row 7, column inquiries"):
        read_history(path)


def test_old_xls_workbook(tmp_path: Path) -> None:
    """生意参谋-style exports are still .xls (OLE2); they read like .xlsx."""
    xlwt = pytest.importorskip("xlwt")
    frame = make_history(days=2, minutes=60, queues=("presale",))
    book = xlwt.Workbook()
    sheet = book.add_sheet("数据")
    stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    for j, header in enumerate(["时间", "客服组", "咨询人数"]):
        sheet.write(0, j, header)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        sheet.write(i, 0, row.interval_start.to_pydatetime(), stamp)
        sheet.write(i, 1, "售前")
        sheet.write(i, 2, int(row.inquiries))
    path = tmp_path / "old.xls"
    book.save(str(path))
    history = read_history(path)
    assert history.interval_minutes == 60
    _same(history.frame, frame)


def test_corrupt_workbook_gets_a_clear_message() -> None:
    from forecaster.errors import InputDataError

    with pytest.raises(InputDataError, match="old.xls: cannot read the Excel workbook"):
        read_history(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="old.xls")


def test_semicolon_separated(history_frame: pd.DataFrame) -> None:
    data = history_frame.to_csv(index=False, sep=";").encode()
    _same(read_history(data, name="s.csv").frame, history_frame)


def test_hours_numbered_1_to_24_are_shifted_to_interval_starts() -> None:
    frame = make_history(days=2, minutes=60, queues=("presale",))
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "小时": frame["interval_start"].dt.hour + 1,  # 1..24: the hour's end
            "队列": "售前",
            "咨询人数": frame["inquiries"],
        }
    )
    history = read_history(export.to_csv(index=False).encode(), name="h.csv")
    _same(history.frame, frame)
    (finding,) = history.findings
    assert finding.message == (
        "h.csv: column 小时 (hour) numbers hours 1-24 (each hour labelled by its end); read as "
        "intervals starting an hour earlier"
    )


@pytest.mark.parametrize("period", ["{h}:00-{n}:00", "{h:02d}:00~{h:02d}:59", "{h}-{n}", "{h}时"])
def test_period_spellings(period: str) -> None:
    frame = make_history(days=2, minutes=60, queues=("presale",))
    hours = frame["interval_start"].dt.hour
    export = pd.DataFrame(
        {
            "日期": frame["interval_start"].dt.strftime("%Y-%m-%d"),
            "时间": [period.format(h=h, n=h + 1) for h in hours],
            "队列": "售前",
            "咨询人数": frame["inquiries"],
        }
    )
    _same(read_history(export.to_csv(index=False).encode(), name="p.csv").frame, frame)


def test_a_total_row_per_interval_is_not_a_queue(history_frame: pd.DataFrame) -> None:
    totals = history_frame.groupby("interval_start", as_index=False)["inquiries"].sum()
    frame = pd.concat([history_frame, totals.assign(queue="合计")])
    history = read_history(to_csv_bytes(frame), name="t.csv")
    assert set(history.queues) == {"presale", "aftersale"}
    assert history.frame["inquiries"].sum() == history_frame["inquiries"].sum()
    (finding,) = history.findings
    assert finding.code == "summary_row" and "and 2678 more" in finding.message


def test_odd_but_common_cell_spellings() -> None:
    text = (
        '时间,咨询人数,平均响应时长\n="2025-03-03 00:00",１,２３４,25\n'.replace(
            ",１,２３４,", ',"１,２３４",'
        )
        + "2025-03-03 01:00:00.000,1 234,30\n"
        + '2025-03-03 02:00,12,"12,5"\n'
    )
    history = read_history(text.encode(), name="x.csv")
    assert history.frame["interval_start"].dt.hour.tolist() == [0, 1, 2]
    assert history.frame["inquiries"].tolist() == [1234, 1234, 12]
    (finding,) = history.findings  # a decimal comma is not thousands grouping: not 125 s
    assert "column 平均响应时长 (asa_seconds): must be a duration in seconds, got '12,5'" in (
        finding.message
    )
    assert history.frame["asa_seconds"].isna().tolist() == [False, False, True]


def test_utf16_text_export(history_frame: pd.DataFrame) -> None:
    data = history_frame.to_csv(index=False, sep="\t").encode("utf-16")
    _same(read_history(data, name="unicode.txt").frame, history_frame)


def test_workbook_with_the_data_on_a_later_sheet(tmp_path: Path) -> None:
    frame = make_history(days=2)
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"说明": ["导出说明", "数据在第二页"]}).to_excel(
            writer, sheet_name="说明", index=False
        )
        frame.to_excel(writer, sheet_name="数据", index=False)
    _same(read_history(path).frame, frame)


def test_html_saved_as_xls_is_named() -> None:
    from forecaster.errors import InputDataError

    with pytest.raises(InputDataError, match="web page or XML saved under a spreadsheet name"):
        read_history(b"<html><table><tr><td>1</td></tr></table></html>", name="export.xls")


def test_calendar_excel_date_cells_are_whole_days(tmp_path: Path) -> None:
    path = tmp_path / "cal.xlsx"
    pd.DataFrame(
        {
            "活动": ["双11 2030", "双11 2030"],
            "阶段": ["爆发日", "售后"],
            "开始时间": pd.to_datetime(["2030-11-11", "2030-11-14"]),
            "结束时间": pd.to_datetime(["2030-11-11", "2030-11-21"]),
        }
    ).to_excel(path, index=False)
    cal = read_calendar(path).frame
    assert cal["end"].tolist() == [
        pd.Timestamp("2030-11-11 23:59"),
        pd.Timestamp("2030-11-21 23:59"),
    ]
