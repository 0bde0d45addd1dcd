"""Small files that would take gigabytes are refused with one line naming the limit
(issue 17, budgets on every input path)."""

from __future__ import annotations

import gzip
import resource
from pathlib import Path

import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.errors import InputDataError
from forecaster.io import input_limits
from forecaster.validation import read_history
from tests.conftest import make_history, to_csv_bytes


def test_a_gzip_that_unpacks_past_the_limit_is_refused_without_unpacking_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORECASTER_MAX_INPUT_MB", "4")
    bomb = gzip.compress(b"\n" * (64 * 1024**2), compresslevel=9)  # 64 MB of newlines
    assert len(bomb) < 100_000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputDataError, match=r"more than 4 MB .*FORECASTER_MAX_INPUT_MB"):
        read_history(bomb, name="bomb.csv.gz")
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak  # [KiB]
    assert grown < 40 * 1024  # the 64 MB were never held


def test_gzip_members_and_trailing_zeros_read_as_gzip_does() -> None:
    frame = make_history(days=2)
    text = to_csv_bytes(frame)
    half = text.index(b"\n", len(text) // 2) + 1
    two_members = gzip.compress(text[:half]) + gzip.compress(text[half:]) + b"\0" * 8
    assert len(read_history(two_members, name="h.csv.gz").frame) == len(frame)
    with pytest.raises(InputDataError, match="broken gzip"):
        read_history(gzip.compress(text)[:-20], name="cut.csv.gz")


def test_too_many_rows_or_columns_and_a_huge_cell_are_one_line_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORECASTER_MAX_ROWS", "100")
    with pytest.raises(InputDataError, match=r"has 193 rows, more than the limit of 100"):
        read_history(to_csv_bytes(make_history(days=1)), name="h.csv")
    monkeypatch.delenv("FORECASTER_MAX_ROWS")
    wide = ",".join(["interval_start", "queue", "inquiries", *(f"c{i}" for i in range(5000))])
    with pytest.raises(InputDataError, match=r"5,003 columns, more than the limit of 1,000"):
        read_history((wide + "\n2025-01-01 00:00,a,1\n").encode(), name="wide.csv")
    long = "interval_start,queue,inquiries\n2025-01-01 00:00,a," + "9" * 200_000 + "\n"
    with pytest.raises(InputDataError, match="longer than 131,072 characters"):
        read_history(long.encode(), name="long.csv")
    monkeypatch.setenv("FORECASTER_MAX_ROWS", "lots")
    with pytest.raises(InputDataError, match="FORECASTER_MAX_ROWS='lots' must be a whole"):
        input_limits()


def test_the_cli_refuses_a_gzip_bomb_with_exit_2_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORECASTER_MAX_INPUT_MB", "2")
    bomb = tmp_path / "history.csv.gz"
    bomb.write_bytes(gzip.compress(b"interval_start,queue,inquiries\n" + b"\n" * 8 * 1024**2))
    assert main(["validate", "--history", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "history.csv.gz" in err and "2 MB" in err


def test_a_sheet_with_a_stray_cell_in_column_xfd_is_refused_at_once(tmp_path: Path) -> None:
    """The workbook reader would hold the sheet as a grid 16,384 columns wide; the used range
    in the sheet's own header says so before anything is read."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "咨询量"
    for row in [["interval_start", "queue", "inquiries"], *[[f"2025-01-01 00:{m:02d}", "a", 1] for m in range(0, 60, 15)]]:  # fmt: skip
        sheet.append(row)
    sheet["XFD3"] = "x"
    path = tmp_path / "history.xlsx"
    book.save(path)
    with pytest.raises(InputDataError, match=r"A1:XFD5 \(16,384 columns, more than the limit"):
        read_history(path)
    del sheet["XFD3"]
    sheet.delete_cols(4, 16_381)
    book.save(path)
    assert len(read_history(path).frame) == 4


def test_a_table_continued_on_a_second_sheet_is_not_dropped_silently(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from forecaster.messages import render

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "10月"
    second = book.create_sheet("11月")
    notes = book.create_sheet("说明")
    notes.append(["这是导出说明"])
    for sheet, month in ((first, 10), (second, 11)):
        sheet.append(["时间", "客服组", "咨询人数"])
        for minute in range(0, 60, 15):
            sheet.append([f"2025-{month}-01 10:{minute:02d}", "售前", 5])
    path = tmp_path / "history.xlsx"
    book.save(path)
    history = read_history(path)
    warned = [f for f in history.findings if f.code == "sheets"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "sheets 11月 have the same columns" in str(warned[0].message)
    assert "说明" not in str(warned[0].message)
    assert "11月" in render(warned[0].message, "zh") and "没有读取" in render(
        warned[0].message, "zh"
    )


@pytest.mark.parametrize("name", ["售前\x00", "售前\n售后", "vip\x1b[31m"])
def test_a_queue_name_with_a_control_character_is_an_error_naming_the_row(name: str) -> None:
    frame = make_history(days=1, queues=("presale",))
    frame.loc[3, "queue"] = name
    text = frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode()
    with pytest.raises(InputDataError, match=r"h.csv row 5, column queue: must not hold a line"):
        read_history(text, name="h.csv")


def test_inputs_validate_accepted_but_later_stages_could_not_fit_are_refused_up_front() -> None:
    """A queue without a single inquiry and a count of 10⁹ passed ``validate`` and then made
    ``plan`` fail with a statsmodels error: now validate names them."""
    silent = make_history(days=35)
    silent.loc[silent["queue"] == "aftersale", "inquiries"] = 0
    with pytest.raises(InputDataError, match="queue aftersale has no inquiries in the whole"):
        read_history(to_csv_bytes(silent), name="h.csv")
    spike = make_history(days=35)
    spike.loc[500, "inquiries"] = 10**9
    with pytest.raises(
        InputDataError, match=r"row 502, column inquiries: must be at most 1,000,000"
    ):
        read_history(to_csv_bytes(spike), name="h.csv")


def test_a_queue_silent_before_the_forecast_start_is_one_clear_error() -> None:
    """A queue opened later: all zeros before the start is an error naming the queue, not a
    failed fit."""
    from forecaster.forecast import forecast

    frame = make_history(days=70)
    late = (frame["queue"] == "aftersale") & (frame["interval_start"] < "2025-04-07")
    frame.loc[late, "inquiries"] = 0
    history = read_history(to_csv_bytes(frame), name="h.csv")
    with pytest.raises(InputDataError, match="history queue aftersale: no inquiries on any"):
        forecast(history, None, "2025-04-07", "2025-04-07")


def test_western_european_text_is_read_as_such_and_said() -> None:
    """Latin-1 / Windows-1252 bytes were decoded as GB18030 gibberish without a word."""
    frame = make_history(days=2, queues=("Café crème",))
    history = read_history(frame.to_csv(index=False).encode("cp1252"), name="uk.csv")
    assert set(history.frame["queue"]) == {"Café crème"}
    assert [f.code for f in history.findings if f.severity == "warning"] == ["encoding"]
    chinese = make_history(days=2, queues=("售前咨询",))
    read = read_history(chinese.to_csv(index=False).encode("gbk"), name="cn.csv")
    assert set(read.frame["queue"]) == {"售前咨询"} and not read.findings


def test_an_implausible_spike_is_warned_and_kept_out_of_the_forecast() -> None:
    """One interval of 900,000 among dozens: validate warns naming the row; the forecast
    leaves that day out of its fits, says so, and stays at the usual level (it exited 1)."""
    from forecaster.forecast import forecast

    frame = make_history(days=35, minutes=60)
    frame.loc[frame.index[-5], "inquiries"] = 900_000
    history = read_history(to_csv_bytes(frame), name="h.csv")
    spikes = [f for f in history.findings if f.code == "spike"]
    assert len(spikes) == 1 and "900,000" in spikes[0].message
    start = frame["interval_start"].max().normalize() + pd.Timedelta(days=1)
    clean = forecast(make_history(days=35, minutes=60), None, start, start)
    spiked = forecast(history, None, start, start)
    assert spiked["mean"].sum() == pytest.approx(clean["mean"].sum(), rel=0.1)


def test_deeply_nested_toml_and_a_calendar_of_10000_overlapping_phases_are_quick() -> None:
    from forecaster.config import TOML_MAX_DEPTH, ConfigError, load_config
    from forecaster.validation import OVERLAPS_LISTED, read_calendar

    with pytest.raises(ConfigError, match=rf"line 2: .*more than {TOML_MAX_DEPTH} levels"):
        load_config("a = 1\ndeep = " + "[" * 5000 + "]" * 5000)
    starts = pd.Timestamp("2020-01-01") + pd.to_timedelta(range(10_000), unit="h")
    rows = [f"e{i},wave,{s:%Y-%m-%d %H:%M},2024-01-01 00:00" for i, s in enumerate(starts)]
    text = "event,phase,start,end\n" + "\n".join(rows) + "\n"
    calendar = read_calendar(text.encode(), name="cal.csv")
    overlaps = [f for f in calendar.findings if f.code == "overlap"]
    assert len(overlaps) == OVERLAPS_LISTED + 1
    assert "at least" in overlaps[-1].message and "rows 2 and 3" in overlaps[0].message


def test_queue_names_that_differ_only_in_case_or_width_are_warned() -> None:
    frame = make_history(days=2, queues=("PRESALE", "presale", "ｐｒｅｓａｌｅ", "aftersale"))
    history = read_history(to_csv_bytes(frame), name="h.csv")
    (warned,) = [f for f in history.findings if f.code == "queue_names"]
    assert "PRESALE" in warned.message and "ｐｒｅｓａｌｅ" in warned.message
    assert "aftersale" not in warned.message
