"""Roster output directory: CSV/JSON/xlsx files, the 排班表 grid, formula-injection safety."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from forecaster.errors import InputDataError
from forecaster.exports import (
    ASSIGNMENTS_COLUMNS,
    COVERAGE_COLUMNS,
    HEADERS,
    ROSTER_FILES,
    SHIFTS_COLUMNS,
    neutralise,
    write_roster_outputs,
)

T = pd.Timestamp
NAT = pd.NaT
EVIL = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def shifts() -> pd.DataFrame:
    rows = [
        # date, queue, shift, code, kind, start hour, length [h], break after [h], agents, cost
        ("2025-11-10", "presale", "早班", "E", "FT", 8, 9, 4, 2, 432.0),
        ("2025-11-10", "presale", "夜班", "N", "FT", 22, 9, 4, 1, 240.5),  # ends 07:00 next day
        ("2025-11-11", "aftersale", "早班", "E", "FT", 8, 9, 4, 1, 216.0),
        ("2025-11-11", "presale", "晚高峰", "P4", "PT", 18, 4, None, 1, 100.25),
        ("2025-11-15", "presale", "外包班", "O8", "OUT", 12, 8, None, 1, 360.0),
    ]
    hour = pd.Timedelta(hours=1)
    return pd.DataFrame(
        [
            {
                "date": T(day),
                "queue": queue,
                "shift": shift,
                "code": code,
                "kind": kind,
                "start": T(day) + begin * hour,
                "end": T(day) + (begin + length) * hour,
                "break_start": NAT if pause is None else T(day) + (begin + pause) * hour,
                "break_end": NAT if pause is None else T(day) + (begin + pause + 1) * hour,
                "agents": agents,
                "cost": cost,
            }
            for day, queue, shift, code, kind, begin, length, pause, agents, cost in rows
        ]
    )


@pytest.fixture
def coverage() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interval_start": pd.date_range("2025-11-10 08:00", periods=4, freq="h"),
            "queue": ["presale"] * 4,
            "required": [1.5, 2.25, 3.0, 0.0],
            "scheduled": [2, 2, 2, 0],
            "shortfall": [0.0, 0.25, 1.0, 0.0],
        }
    )


@pytest.fixture
def assignments(shifts: pd.DataFrame) -> pd.DataFrame:
    people = [
        # agent, name, index of the shift row
        ("FT001", "张三", 0),
        ("FT002", EVIL, 0),
        ("FT003", "李四", 1),
        ("FT001", "张三", 2),
        ("PT001", "+1", 3),
        ("OUT001", "王五", 4),
    ]
    rows = []
    for agent, name, k in people:
        shift = shifts.iloc[k]
        rows.append(
            {
                "agent": agent,
                "name": name,
                "kind": shift["kind"],
                "date": shift["date"],
                "shift": shift["shift"],
                "code": shift["code"],
                "start": shift["start"],
                "end": shift["end"],
                "queue": shift["queue"],
                "break_start": shift["break_start"],
                "break_end": shift["break_end"],
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture
def summary() -> dict[str, object]:
    return {
        "status": "Optimal",
        "total_cost": np.float64(1348.75),
        "paid_hours": 41.0,
        "required_agent_hours": np.float64(38.5),
        "shortfall_agent_hours": 1.25,
        "headcount": {"FT": np.int64(3), "PT": np.int64(1), "OUT": 1},
        "hours_by_kind": {"FT": np.float32(32.0), "PT": 4.0, "OUT": 8.0},
        "objective": 1348.75,
        "lower_bound": 1300.0,
        "gap": float("nan"),
        "solve_seconds": 0.42,
        "solver": "CBC",
        "messages": ["夜班跨午夜", "=cmd|' /C calc'!A0"],
        "horizon_start": T("2025-11-10"),
        "solved_at": T("2025-11-01 09:30", tz="Asia/Shanghai"),
    }


@pytest.fixture
def written(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    summary: dict[str, object],
) -> Path:
    out = tmp_path / "roster" / "nested"
    write_roster_outputs(shifts, coverage, assignments, summary, out)
    return out


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


# --------------------------------------------------------------------------- neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+86 138", "'+86 138"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("张三", "张三"),
        ("E", "E"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_prefixes_formula_text(value: str, expected: str) -> None:
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [-3, -1.5, 0, T("2025-11-10"), None, NAT])
def test_neutralise_leaves_non_text_alone(value: object) -> None:
    assert neutralise(value) is value


# --------------------------------------------------------------------------- files


def test_all_six_files_are_written_into_a_new_directory(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    summary: dict[str, object],
) -> None:
    out = tmp_path / "a" / "b"
    paths = write_roster_outputs(shifts, coverage, assignments, summary, out)
    assert [p.name for p in paths] == list(ROSTER_FILES)
    assert all(p.parent == out and p.is_file() and p.stat().st_size > 0 for p in paths)


def test_csv_files_have_a_bom_and_the_contract_headers_in_order(written: Path) -> None:
    for name in ("shifts.csv", "coverage.csv", "assignments.csv"):
        assert (written / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    assert _header(written / "shifts.csv") == [*SHIFTS_COLUMNS, "code"]
    assert _header(written / "coverage.csv") == list(COVERAGE_COLUMNS)
    assert _header(written / "assignments.csv") == [
        *ASSIGNMENTS_COLUMNS,
        "name",
        "code",
        "queue",
        "break_start",
        "break_end",
    ]


def test_contract_only_frames_give_exactly_the_contract_headers(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    write_roster_outputs(
        shifts[list(SHIFTS_COLUMNS)],
        coverage,
        assignments[list(ASSIGNMENTS_COLUMNS)],
        {"status": "Optimal"},
        tmp_path,
    )
    assert _header(tmp_path / "shifts.csv") == list(SHIFTS_COLUMNS)
    assert _header(tmp_path / "assignments.csv") == list(ASSIGNMENTS_COLUMNS)
    # without a code column the grid looks codes up by shift name: here the name itself
    grid = load_workbook(tmp_path / "roster.xlsx").worksheets[0]
    assert grid.cell(row=3, column=4).value == "早班 08:00-17:00"


def _expected(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


@pytest.mark.parametrize(
    ("name", "datetimes"),
    [
        ("shifts", ["date", "start", "end", "break_start", "break_end"]),
        ("coverage", ["interval_start"]),
        ("assignments", ["date", "start", "end", "break_start", "break_end"]),
    ],
)
def test_csv_reopens_equal_to_the_input_after_neutralisation(
    written: Path,
    name: str,
    datetimes: list[str],
    request: pytest.FixtureRequest,
) -> None:
    frame = request.getfixturevalue(name)
    back = pd.read_csv(written / f"{name}.csv", encoding="utf-8-sig", parse_dates=datetimes)
    expected = _expected(frame)[list(back.columns)]
    for column in back.columns:
        if back[column].dtype != object and pd.api.types.is_string_dtype(back[column]):
            back[column] = back[column].astype(object)
    for column in datetimes:  # resolution may differ (ns vs s); the instants may not
        back[column] = back[column].astype("datetime64[ns]")
        expected[column] = expected[column].astype("datetime64[ns]")
    pd.testing.assert_frame_equal(back, expected)


def test_csv_writes_iso_datetimes_and_a_plain_date(written: Path) -> None:
    with (written / "shifts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    night = next(r for r in rows if r["code"] == "N")
    assert night["date"] == "2025-11-10"
    assert night["start"] == "2025-11-10 22:00:00"
    assert night["end"] == "2025-11-11 07:00:00"
    assert night["break_start"] == "2025-11-11 02:00:00"
    part_time = next(r for r in rows if r["code"] == "P4")
    assert part_time["break_start"] == "" and part_time["break_end"] == ""
    assert part_time["shift"] == "晚高峰"


# --------------------------------------------------------------------------- workbook


def test_workbook_has_the_grid_first_then_the_tables(written: Path) -> None:
    book = load_workbook(written / "roster.xlsx")
    assert book.sheetnames == [
        "Roster",
        "shifts",
        "coverage",
        "assignments",
        "Outsourcing orders",
        "summary",
    ]


def _grid_rows(path: Path, language: str = "en") -> dict[str, list[object]]:
    sheet = load_workbook(path / "roster.xlsx").worksheets[0]
    rows = {}
    for row in sheet.iter_rows(min_row=3, values_only=True):  # row 2: on duty per day
        if row[0] is None:
            break
        rows[str(row[0])] = list(row)
    return rows


def test_grid_holds_agents_by_dates_with_codes_and_days_off(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Agent",
        "Name",
        "Kind",
        "11-10 Mon",
        "11-11 Tue",
        "11-12 Wed",
        "11-13 Thu",
        "11-14 Fri",
        "11-15 Sat",
        "Wk 1 11-10~11-15",  # over two merged columns: paid hours and days worked
        None,
        "Evenings and weekends",  # hours 19:00-07:00 and weekend days, for fairness
        None,
    ]
    assert {"J1:K1", "L1:M1"} <= {str(r) for r in sheet.merged_cells.ranges}
    rows = _grid_rows(written)
    # FT first, then PT, by id; then outsourced seats by booking block
    assert list(rows) == ["FT001", "FT002", "FT003", "PT001", "B1"]
    # each cell: the code and when to come (an agent cannot tell that from "E" alone),
    # then, on a second line, the queue to sit on and the break
    assert rows["FT001"][3:5] == [
        "E 08:00-17:00\npresale break 12:00",
        "E 08:00-17:00\naftersale break 12:00",
    ]
    rows = {k: [str(v).split("\n")[0] if isinstance(v, str) else v for v in r]
            for k, r in rows.items()}  # fmt: skip
    e = "E 08:00-17:00"
    # then the week's paid hours (9 h on site less the 1 h break, twice) and days worked,
    # then the hours between 19:00 and 07:00 and the weekend days
    assert rows["FT001"] == ["FT001", "张三", "FT", e, e, "休", "休", "休", "休", 16, 2, 0, 0]
    assert rows["FT002"][3:] == [e, "休", "休", "休", "休", "休", 8, 1, 0, 0]
    # a night shift on its start day, ending the next morning: all 9 h in the evening
    row = ["N 22:00-07:00(+1)", "休", "休", "休", "休", "休", 8, 1, 9, 0]
    assert rows["FT003"][3:] == row
    assert rows["PT001"][3][0] == "休" and rows["PT001"][4].startswith("P4 ")
    assert rows["PT001"][9:] == [4, 1, 3, 0]  # P4 18:00-22:00: 3 h after 19:00
    seat_row = ["B1", "11-15~11-15 12:00-20:00", "OUT", *[None] * 5, "O8 12:00 ×1", 8, 1]
    assert rows["B1"] == [*seat_row, None, None]  # seat-hours and seat-days; no one person
    assert sheet.freeze_panes == "D3"
    # row 2, under the dates: agents on duty per day (FT, PT and outsourced seats), then
    # what the week's columns hold
    on_duty = ["On duty", None, None, 3, 2, 0, 0, 0, 1, "Paid hours", "Days"]
    on_duty += ["Hours 19:00-07:00", "Weekend days"]
    assert [c.value for c in sheet[2]] == on_duty
    # prints one A4 page wide (landscape), the header row and the agent columns repeated
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.print_title_rows).replace("$", "") == "1:2"
    assert str(sheet.print_title_cols).replace("$", "") == "A:C"


def test_grid_totals_count_agents_per_code_and_day(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx").worksheets[0]
    totals = {
        row[0]: list(row[3:9])
        for row in sheet.iter_rows(min_row=8, max_row=16, values_only=True)
        if row[0] is not None
    }
    assert totals["E"] == [2, 1, 0, 0, 0, 0]
    assert totals["N"] == [1, 0, 0, 0, 0, 0]
    assert totals["P4"] == [0, 1, 0, 0, 0, 0]
    assert totals["休"] == [1, 2, 4, 4, 4, 4]  # FT and PT rows; outsourced seats have no 休
    assert totals["On duty"] == [3, 2, 0, 0, 0, 1]
    on_duty = [row for row in sheet.iter_rows(values_only=True) if row[0] == "On duty"][-1]
    assert on_duty[9:11] == (44, 6)  # last row: everyone's paid hours and days of the week


def test_grid_legend_maps_codes_to_names_and_hours(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx").worksheets[0]
    legend = {
        row[0]: row[1:4]
        for row in sheet.iter_rows(min_row=17, values_only=True)
        if row[0] is not None and row[3] is not None
    }
    assert legend["E"] == ("早班", "FT", "08:00-17:00")
    assert legend["N"] == ("夜班", "FT", "22:00-07:00(+1)")
    assert legend["P4"] == ("晚高峰", "PT", "18:00-22:00")
    assert legend["O8"] == ("外包班", "OUT", "12:00-20:00")


def test_grid_colours_codes_consistently_and_shades_weekends(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx").worksheets[0]

    def colour(cell: str) -> str:
        return str(sheet[cell].fill.fgColor.rgb)

    assert colour("D3") == colour("E3") == colour("D4")  # E everywhere the same
    assert len({colour("D3"), colour("D5"), colour("E6"), colour("I7")}) == 4  # E, N, P4, O8
    assert colour("I1") != colour("H1")  # Saturday header vs Friday header
    assert colour("I3") != colour("H3")  # a day off on Saturday vs on Friday
    assert sheet["A1"].font.bold


def test_chinese_workbook_has_chinese_headers_and_sheet_names(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    summary: dict[str, object],
) -> None:
    write_roster_outputs(shifts, coverage, assignments, summary, tmp_path, language="zh")
    book = load_workbook(tmp_path / "roster.xlsx")
    assert book.sheetnames[0] == "排班表"
    grid = book["排班表"]
    assert [c.value for c in grid[1]][:5] == ["工号", "姓名", "类型", "11-10 周一", "11-11 周二"]
    assert grid["A2"].value == "在岗合计" and grid["C3"].value == "全职"
    shifts_sheet = book.worksheets[1]
    assert [c.value for c in shifts_sheet[1]] == [HEADERS[c] for c in (*SHIFTS_COLUMNS, "code")]
    assert [c.value for c in book.worksheets[2][1]] == [
        "时段开始",
        "队列",
        "需求",
        "排班",
        "缺口",
    ]
    assert [c.value for c in book.worksheets[3][1]][:2] == ["工号", "类型"]
    # the CSV headers stay the English contract names
    assert _header(tmp_path / "shifts.csv")[: len(SHIFTS_COLUMNS)] == list(SHIFTS_COLUMNS)


def test_table_sheets_hold_real_datetimes_and_numbers(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx")["shifts"]
    header = [c.value for c in sheet[1]]
    night = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("code")].value == "N")
    start, end = night[header.index("start")], night[header.index("end")]
    assert start.is_date and start.value == T("2025-11-10 22:00").to_pydatetime()
    assert end.value == T("2025-11-11 07:00").to_pydatetime()
    assert "hh:mm" in start.number_format
    assert night[header.index("date")].number_format == "yyyy-mm-dd"
    assert night[header.index("agents")].value == 1
    assert night[header.index("cost")].value == pytest.approx(240.5)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_summary_sheet_flattens_nested_values(written: Path) -> None:
    sheet = load_workbook(written / "roster.xlsx")["summary"]
    assert [c.value for c in sheet[1]] == ["item", "value", "key"]  # the reader's words first
    values = {row[2]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["headcount.FT"] == 3
    assert values["total_cost"] == pytest.approx(1348.75)
    assert values["gap"] == "–"  # not computed: a dash, not an empty row


def test_summary_sheet_shows_the_gap_as_a_percentage(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
    summary: dict[str, object],
) -> None:
    """The relative gap reads 8.03 %, the bound whole CNY; the cells keep full values."""
    solved = {**summary, "gap": 0.08026592983924817, "lower_bound": 2765916.686412503}
    write_roster_outputs(shifts, coverage, assignments, solved, tmp_path)
    sheet = load_workbook(tmp_path / "roster.xlsx")["summary"]
    cells = {row[2].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert cells["gap"].value == pytest.approx(0.08026592983924817)
    assert cells["gap"].number_format == "0.00%"
    assert cells["lower_bound"].number_format == "#,##0"
    assert cells["total_cost"].value == pytest.approx(1348.75)  # the full value, read whole
    assert cells["total_cost"].number_format == "#,##0"
    # the agency's order prints one page wide, landscape, like the 排班表
    orders = load_workbook(tmp_path / "roster.xlsx").worksheets[-2]
    assert orders.page_setup.orientation == "landscape" and orders.page_setup.fitToWidth == 1


# --------------------------------------------------------------------------- injection


def test_formula_text_is_neutralised_in_csv(written: Path) -> None:
    text = (written / "assignments.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text
    with (written / "assignments.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert "'" + EVIL in names and "'+1" in names


def test_formula_text_is_plain_text_in_every_sheet(written: Path) -> None:
    book = load_workbook(written / "roster.xlsx")
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    grid = book.worksheets[0]
    evil = grid["B4"]
    assert evil.value == "'" + EVIL and evil.data_type == "s"
    plus = next(c for c in grid["B"] if c.value == "'+1")
    assert plus.data_type == "s"
    table = book["assignments"]
    column = [c.value for c in table[1]].index("name")
    names = {row[column].value: row[column].data_type for row in table.iter_rows(min_row=2)}
    assert names["'" + EVIL] == "s"
    messages = [r[1] for r in book["summary"].iter_rows(values_only=True) if r[2] == "messages"]
    assert messages == ["夜班跨午夜", "'=cmd|' /C calc'!A0"]


# --------------------------------------------------------------------------- summary.json


def test_summary_json_round_trips_with_plain_values(written: Path) -> None:
    text = (written / "summary.json").read_text(encoding="utf-8")
    assert "夜班跨午夜" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data["headcount"] == {"FT": 3, "PT": 1, "OUT": 1}
    assert isinstance(data["headcount"]["FT"], int)
    assert data["hours_by_kind"]["FT"] == 32.0
    assert data["total_cost"] == 1348.75
    assert data["gap"] is None  # NaN is not JSON
    assert data["horizon_start"] == "2025-11-10T00:00:00"
    assert data["solved_at"] == "2025-11-01T09:30:00+08:00"
    assert data["messages"][1] == "=cmd|' /C calc'!A0"  # JSON is not a spreadsheet


# --------------------------------------------------------------------------- validation


def test_missing_column_names_the_frame_and_the_column(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    with pytest.raises(InputDataError, match=r"shifts frame is missing column 'cost'") as info:
        write_roster_outputs(
            shifts.drop(columns="cost"),
            coverage.drop(columns="shortfall"),
            assignments,
            {},
            tmp_path / "out",
        )
    assert any("coverage frame is missing column 'shortfall'" in p for p in info.value.problems)
    assert not (tmp_path / "out").exists()


def test_unreadable_datetimes_are_reported(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    bad = shifts.astype({"start": object})
    bad.loc[2, "start"] = "soon"
    with pytest.raises(InputDataError, match=r"shifts frame column 'start'.*'soon' in row 3"):
        write_roster_outputs(bad, coverage, assignments, {}, tmp_path)


def test_datetime_text_is_accepted(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    text = shifts.assign(date=shifts["date"].dt.strftime("%Y-%m-%d"))
    write_roster_outputs(text, coverage, assignments, {}, tmp_path)
    assert _grid_rows(tmp_path)["FT003"][3].split("\n")[0] == "N 22:00-07:00(+1)"


def test_out_dir_that_is_a_file_is_reported(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(InputDataError, match="is a file"):
        write_roster_outputs(shifts, coverage, assignments, {}, target)


def test_unknown_language_is_refused(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    with pytest.raises(ValueError, match="language"):
        write_roster_outputs(shifts, coverage, assignments, {}, tmp_path, language="fr")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- long horizons

HORIZON = pd.date_range("2025-10-06", "2025-10-21", freq="D")  # Mon 10-06 to Tue 10-21


def _long_assignments() -> pd.DataFrame:
    """16 days: FT01 early (5 days a week), FT02 nights across midnight, PT01 every other
    day, two outsourced agents on 10-15..10-17, FT03 with 2 h overtime on 10-14."""
    hour = pd.Timedelta(hours=1)
    rows: list[dict[str, object]] = []

    def add(
        agent: str,
        kind: str,
        day: pd.Timestamp,
        shift: str,
        code: str,
        begin: float,
        length: float,
        pause: float | None = None,
        overtime: float = 0.0,
    ) -> None:
        start = day + begin * hour
        rows.append(
            {
                "agent": agent,
                "kind": kind,
                "date": day,
                "shift": shift,
                "start": start,
                "end": start + length * hour,
                "name": agent,
                "code": code,
                "queue": "presale",
                "break_start": NAT if pause is None else start + pause * hour,
                "break_end": NAT if pause is None else start + (pause + 1) * hour,
                "overtime_hours": overtime,
            }
        )

    for k, day in enumerate(HORIZON):
        if day.weekday() < 5:
            add("FT01", "FT", day, "早班", "E", 8, 9, pause=4)
        if day.weekday() not in (1, 2):
            add("FT02", "FT", day, "夜班", "N", 22, 9, pause=4)
        if k % 2 == 0:
            add("PT01", "PT", day, "兼职4h", "P4", 18, 4)
        if day in pd.date_range("2025-10-15", "2025-10-17"):
            for agent in ("OUT01", "OUT02"):
                add(agent, "OUT", day, "外包", "W", 14, 10, pause=4)

    add("FT03", "FT", T("2025-10-14"), "早班", "E", 8, 11, pause=4, overtime=2.0)
    return pd.DataFrame(rows)


def _long_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    assignments = _long_assignments()
    keys = ["date", "queue", "shift", "kind", "start", "end", "break_start", "break_end", "code"]
    shifts = (assignments.groupby(keys, dropna=False).size().rename("agents").reset_index()).assign(
        cost=lambda f: f["agents"] * 240.0
    )
    coverage = pd.DataFrame(
        {
            "interval_start": HORIZON,
            "queue": "presale",
            "required": 1.0,
            "scheduled": 1,
            "shortfall": 0.0,
        }
    )
    return shifts, coverage, assignments


def _expected_week_hours(assignments: pd.DataFrame) -> dict[tuple[str, int], tuple[float, int]]:
    """(agent, ISO week) -> (paid hours, days worked), from the assignments alone: the
    on-site span less the break, summed over the agent's shifts of that week."""
    frame = assignments.assign(
        paid=(
            (assignments["end"] - assignments["start"])
            - (assignments["break_end"] - assignments["break_start"]).fillna(pd.Timedelta(0))
        )
        / pd.Timedelta(hours=1),
        week=assignments["date"].dt.isocalendar().week.astype(int),
    )
    grouped = frame.groupby(["agent", "week"]).agg(paid=("paid", "sum"), days=("date", "nunique"))
    return {k: (float(v.paid), int(v.days)) for k, v in grouped.iterrows()}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_long_horizon_gets_one_printable_grid_per_week(tmp_path: Path, language: str) -> None:
    from forecaster.config import load_config

    shifts, coverage, assignments = _long_tables()
    write_roster_outputs(
        shifts, coverage, assignments, {}, tmp_path, language=language, config=load_config(None)
    )
    book = load_workbook(tmp_path / "roster.xlsx")
    if language == "zh":
        weeks = ["排班表 第1周 10-06~10-12", "排班表 第2周 10-13~10-19", "排班表 第3周 10-20~10-21"]
        assert book.sheetnames[:4] == ["排班表", *weeks]
        assert book.sheetnames[4] == "班次"  # then the tables, as before
    else:
        weeks = ["Roster wk1 10-06~10-12", "Roster wk2 10-13~10-19", "Roster wk3 10-20~10-21"]
        assert book.sheetnames[:4] == ["Roster", *weeks]
    expected = _expected_week_hours(assignments)
    assert expected[("FT03", 42)] == (10.0, 1)  # 8 paid + 2 overtime
    for number, name in enumerate(weeks, start=1):
        sheet = book[name]
        # each sheet prints alone: landscape, one page wide, header rows and agent columns
        # repeated, panes frozen under the headers
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.print_title_rows).replace("$", "") == "1:2"
        assert sheet.freeze_panes == "D3"
        header = [c.value for c in sheet[1]]
        days = [d for d in HORIZON if d.isocalendar().week == 40 + number]
        # the week's days, its hours and days, then its evening hours and weekend days
        assert len(header) == 3 + len(days) + 2 + 2
        assert header[3] == f"{days[0]:%m-%d} " + ("周一" if language == "zh" else "Mon")
        week = 40 + number
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if row[0] is None:
                break
            agent = str(row[0])
            if not agent.startswith(("FT", "PT")):
                continue
            # times in every worked cell; a day off is 休
            for cell in row[3 : 3 + len(days)]:
                assert cell == "休" or re.fullmatch(
                    r"[A-Z0-9]+ \d\d:\d\d-\d\d:\d\d(\(\+1\))?(\n.+)?", cell
                )
            assert (row[-4], row[-3]) == expected[(agent, week)], (name, agent)
    # the whole plan's grid: per week, then all weeks
    grid = book.worksheets[0]
    header = [c.value for c in grid[1]]
    assert header[3 + len(HORIZON) :: 2] == [
        "第1周 10-06~10-12" if language == "zh" else "Wk 1 10-06~10-12",
        "第2周 10-13~10-19" if language == "zh" else "Wk 2 10-13~10-19",
        "第3周 10-20~10-21" if language == "zh" else "Wk 3 10-20~10-21",
        "合计" if language == "zh" else "All weeks",
        "晚间与周末" if language == "zh" else "Evenings and weekends",
    ]
    assert grid.sheet_properties.pageSetUpPr.fitToPage is True
    assert grid.page_setup.fitToWidth == 1
    body = []
    for row in grid.iter_rows(min_row=3, values_only=True):  # agents, then seats
        if row[0] is None:
            break
        body.append(row)
    rows = {str(row[0]): row for row in body}
    hours = rows["FT02"][3 + len(HORIZON) : -2]
    by_week = [expected.get(("FT02", w), (None, None)) for w in (41, 42, 43)]
    assert list(hours) == [v for pair in by_week for v in pair] + [
        sum(h for h, _ in by_week if h),
        sum(d for _, d in by_week if d),
    ]
    # outsourced seats grouped at the bottom, with their seat-hours: 2 seats x 9 h x 3 days
    out = "外包" if language == "zh" else "OUT"
    kinds = [row[2] for row in body]
    assert out in kinds and kinds == sorted(kinds, key=lambda kind: kind == out)
    seat_rows = [row for row in body if row[2] == out]
    assert sum(row[-4] for row in seat_rows) == 2 * 9 * 3  # all weeks' hours column
    assert sum(row[-3] for row in seat_rows) == 2 * 3  # seat-days


def test_short_horizon_keeps_one_grid_sheet(
    tmp_path: Path,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame,
    assignments: pd.DataFrame,
) -> None:
    write_roster_outputs(shifts, coverage, assignments, {}, tmp_path, language="zh")
    names = load_workbook(tmp_path / "roster.xlsx").sheetnames
    assert [n for n in names if n.startswith("排班表")] == ["排班表"]


def test_every_summary_value_has_a_label_in_the_workbook() -> None:
    """The 汇总 sheet names every summary.json value in words, not by its key."""
    from forecaster.exports import SUMMARY_LABELS
    from forecaster.roster import solve_roster
    from tests.test_roster import config, need, shift

    cfg = config([shift("外包", "W", "OUT", "09:00", 8, days="all")], out_min_booking_days=3)
    summary = solve_roster(need({"09:00-17:00": 2}), cfg).summary
    assert [key for key in summary if key not in SUMMARY_LABELS] == []
    # and the team sizing's own values (汇总 showed "定编 · checks_capped")
    auto = config(
        [shift("早班", "E", "FT", "09:00", 8)], ft_agents="auto", ft_agents_max=5, pt_pool=0
    )
    sizing = solve_roster(need({"09:00-17:00": 2}, days=7), auto, floor=False).summary
    assert [key for key in sizing["team_sizing"] if key not in SUMMARY_LABELS] == []


def test_plan_summary_reasons_read_in_chinese_beside_the_english() -> None:
    """plan_summary.json's explanations keep ``reason`` in English for scripts and add
    ``reason_zh`` for a Chinese reader (they were English only)."""
    from forecaster.exports import with_chinese_messages

    reason = (
        "18 presale agent(s) on 兼职4h 08:00–12:00 (4 h) are needed only 10-08 08:00–10:30 "
        "(2.5 h); the shortest shift that covers that time, 兼职4h, lasts 4 h, so they stay on "
        "when they are not needed"
    )
    summary = {"messages": [], "explanations": [{"kind": "idle", "reason": reason}]}
    out = with_chinese_messages(summary, "zh", None)
    (item,) = out["explanations"]
    assert item["reason"] == reason
    assert "兼职4h" in item["reason_zh"] and "needed" not in item["reason_zh"]
    assert "reason_zh" not in with_chinese_messages(summary, "en", None)["explanations"][0]
