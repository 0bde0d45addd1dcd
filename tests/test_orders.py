"""The outsourcing order sheet (外包需求单): sums, booking blocks, billing, files and grid."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from forecaster.cli import main
from forecaster.config import load_config
from forecaster.exports import HEADERS, ROSTER_FILES, SHEET_NAMES, write_roster_outputs
from forecaster.orders import (
    BLOCK_COLUMNS,
    COMMISSION_COLUMNS,
    ORDER_COLUMNS,
    ORDER_EXTRA_COLUMNS,
    booking_blocks,
    outsourcing_order,
)

T = pd.Timestamp
HOUR = pd.Timedelta(hours=1)
RATE = 45.0  # CNY per paid hour, premium included
PAID = {"外包": 9.0, "外包短": 4.0, "早班": 8.0}

# agent, kind, day, shift, code, start hour, length [h], break after [h] (None: no break)
BOOKINGS: list[tuple[str, str, str, str, str, int, int, int | None]] = [
    ("FT01", "FT", "2025-11-09", "早班", "E", 8, 9, 4),
    ("FT01", "FT", "2025-11-10", "早班", "E", 8, 9, 4),
    # OUT1 and OUT2: 11-09..11-11 (one block); OUT2 starts early on 11-10
    ("OUT1", "OUT", "2025-11-09", "外包", "W", 14, 10, 4),
    ("OUT1", "OUT", "2025-11-10", "外包", "W", 14, 10, 4),
    ("OUT1", "OUT", "2025-11-11", "外包", "W", 14, 10, 4),
    ("OUT2", "OUT", "2025-11-09", "外包", "W", 14, 10, 5),
    ("OUT2", "OUT", "2025-11-10", "外包", "W", 8, 10, 4),
    ("OUT2", "OUT", "2025-11-11", "外包", "W", 14, 10, 4),
    # OUT3: 11-10..11-11, on the same 14:00 shift as OUT1 on 11-10: that row splits
    ("OUT3", "OUT", "2025-11-10", "外包", "W", 14, 10, 4),
    ("OUT3", "OUT", "2025-11-11", "外包短", "S", 20, 4, None),
    # OUT4: booked 11-09 and again 11-11, a day apart: two one-day blocks
    ("OUT4", "OUT", "2025-11-09", "外包", "W", 14, 10, 5),
    ("OUT4", "OUT", "2025-11-11", "外包", "W", 14, 10, 4),
]


def _plain(notes: tuple[object, ...]) -> list[object]:
    """The notes other than the blocks running past the horizon (``order.tail``)."""
    return [n for n in notes if getattr(n, "id", "") != "order.tail"]


def _assignments(bookings: list[tuple[Any, ...]] = BOOKINGS) -> pd.DataFrame:
    rows = []
    for agent, kind, day, shift, code, begin, length, pause in bookings:
        start = T(day) + begin * HOUR
        rows.append(
            {
                "agent": agent,
                "name": agent,
                "kind": kind,
                "date": T(day),
                "shift": shift,
                "code": code,
                "start": start,
                "end": start + length * HOUR,
                "queue": "presale",
                "break_start": pd.NaT if pause is None else start + pause * HOUR,
                "break_end": pd.NaT if pause is None else start + (pause + 1) * HOUR,
            }
        )
    return pd.DataFrame(rows)


def _shifts(assignments: pd.DataFrame) -> pd.DataFrame:
    """The shift table the program would give for these agents (one row per break)."""
    keys = ["date", "queue", "shift", "code", "kind", "start", "end", "break_start", "break_end"]
    shifts = assignments.groupby(keys, dropna=False).size().rename("agents").reset_index()
    rate = shifts["kind"].map({"FT": 30.0, "OUT": RATE})
    shifts["cost"] = shifts["agents"] * shifts["shift"].map(PAID) * rate
    return shifts


def _coverage(shifts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interval_start": [shifts["start"].min()],
            "queue": ["presale"],
            "required": [1.0],
            "scheduled": [1],
            "shortfall": [0.0],
        }
    )


@pytest.fixture
def assignments() -> pd.DataFrame:
    return _assignments()


@pytest.fixture
def shifts(assignments: pd.DataFrame) -> pd.DataFrame:
    return _shifts(assignments)


def _out_paid_hours(shifts: pd.DataFrame) -> float:
    out = shifts[shifts["kind"] == "OUT"]
    return float((out["agents"] * out["shift"].map(PAID)).sum())


# --------------------------------------------------------------------------- the order


def test_order_seat_hours_and_cost_equal_the_outsourced_shifts(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    order = outsourcing_order(shifts, assignments, config=load_config(None))
    orders = order.orders
    assert tuple(orders.columns) == (*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS)
    out = shifts[shifts["kind"] == "OUT"]
    assert orders["seats"].sum() == out["agents"].sum() == 10
    # 外包 pays 9 h in the sample config; 外包短 is not a sample template: 4 h, no break
    assert (orders["seats"] * orders["paid_hours"]).sum() == pytest.approx(_out_paid_hours(shifts))
    assert orders["seat_hours"].sum() == pytest.approx(order.seat_hours)
    assert orders["cost"].sum() == pytest.approx(out["cost"].sum())
    assert order.billing == "hourly" and set(orders["billing"]) == {"hourly"}
    assert _plain(order.notes) == []
    # rows differing only in their break are one row: 11-09 14:00 has three seats
    first = orders[(orders["date"] == T("2025-11-09"))]
    assert first["seats"].sum() == 3 and first["start"].nunique() == 1
    assert (orders["length_hours"] == (orders["end"] - orders["start"]) / HOUR).all()


def test_blocks_are_runs_of_consecutive_booked_days(assignments: pd.DataFrame) -> None:
    blocks = booking_blocks(assignments)
    assert blocks[assignments["kind"] == "FT"].isna().all()
    spans = blocks.attrs["spans"]
    assert spans == {
        "B1": (T("2025-11-09"), T("2025-11-09")),  # OUT4, first booking
        "B2": (T("2025-11-09"), T("2025-11-11")),  # OUT1, OUT2
        "B3": (T("2025-11-10"), T("2025-11-11")),  # OUT3
        "B4": (T("2025-11-11"), T("2025-11-11")),  # OUT4, second booking
    }
    keys = zip(assignments["agent"], assignments["date"], strict=True)
    of = dict(zip(keys, blocks, strict=True))
    assert of[("OUT4", T("2025-11-09"))] == "B1" and of[("OUT4", T("2025-11-11"))] == "B4"
    assert of[("OUT2", T("2025-11-10"))] == "B2"


def test_block_table_gives_days_seats_per_day_hours_and_cost(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    order = outsourcing_order(shifts, assignments, config=load_config(None))
    table = order.blocks.set_index("block")
    assert tuple(order.blocks.columns) == BLOCK_COLUMNS
    assert list(table.index) == ["B1", "B2", "B3", "B4"]
    assert list(table["days"]) == [1, 3, 2, 1]
    assert list(table["seats_per_day"]) == [1, 2, 1, 1]
    assert list(table["seat_days"]) == [1, 6, 2, 1]
    assert table.loc["B3", "seat_hours"] == 9 + 4
    assert table.loc["B2", "cost"] == pytest.approx(6 * 9 * RATE)
    assert table["cost"].sum() == pytest.approx(order.cost)
    rows = order.orders.set_index("block")
    assert (rows.loc["B2", "first_day"] == T("2025-11-09")).all()
    assert (rows.loc["B2", "last_day"] == T("2025-11-11")).all()


def test_a_row_whose_agents_belong_to_several_blocks_is_split(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    orders = outsourcing_order(shifts, assignments).orders
    late = orders[(orders["date"] == T("2025-11-10")) & (orders["start"].dt.hour == 14)]
    assert list(zip(late["block"], late["seats"], strict=True)) == [("B2", 1), ("B3", 1)]
    assert list(late["first_day"]) == [T("2025-11-09"), T("2025-11-10")]
    assert late["cost"].tolist() == pytest.approx([9 * RATE, 9 * RATE])
    # 11-09 14:00: OUT1, OUT2 (block B2) and OUT4 (block B1)
    first = orders[orders["date"] == T("2025-11-09")]
    assert dict(zip(first["block"], first["seats"], strict=True)) == {"B1": 1, "B2": 2}


def test_without_config_paid_hours_are_the_length_less_the_break(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    orders = outsourcing_order(shifts, assignments).orders
    assert set(orders.loc[orders["shift"] == "外包", "paid_hours"]) == {9.0}
    assert set(orders.loc[orders["shift"] == "外包短", "paid_hours"]) == {4.0}
    # a paid_hours column wins over both
    with_column = shifts.assign(paid_hours=8.5)
    assert set(outsourcing_order(with_column, assignments).orders["paid_hours"]) == {8.5}


def test_seats_without_a_named_agent_keep_their_hours_and_get_a_note(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    order = outsourcing_order(shifts, assignments[assignments["agent"] != "OUT3"])
    assert order.seats == 10
    assert order.seat_hours == pytest.approx(_out_paid_hours(shifts))
    unknown = order.orders[order.orders["block"] == ""]
    assert unknown["seats"].sum() == 2 and unknown["first_day"].isna().all()
    assert len(_plain(order.notes)) == 1 and "2 outsourced seat-day(s)" in order.notes[0]


def test_no_outsourced_seats_give_an_empty_order(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    order = outsourcing_order(shifts[shifts["kind"] == "FT"], assignments)
    assert order.orders.empty and order.blocks.empty
    assert tuple(order.orders.columns) == (*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS)
    assert order.cost == 0 and order.seats == 0


# --------------------------------------------------------------------------- billing


def _commission_config(base: float = 20.0, per_inquiry: float = 1.5) -> Any:
    return load_config(None).with_overrides(
        {
            "labour.out_billing": "commission",
            "labour.out_base_per_hour": base,
            "labour.out_commission_per_inquiry": per_inquiry,
        }
    )


def _small_day() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One FT and two OUT agents on one queue 10:00-12:00; an hourly grid."""
    bookings = [
        ("FT01", "FT", "2025-11-11", "早班", "E", 10, 2, None),
        ("OUT1", "OUT", "2025-11-11", "外包短", "S", 10, 2, None),
        ("OUT2", "OUT", "2025-11-11", "外包短", "S", 11, 1, None),
    ]
    assignments = _assignments(bookings)  # type: ignore[arg-type]
    shifts = _shifts(assignments).assign(paid_hours=lambda f: (f["end"] - f["start"]) / HOUR)
    requirements = pd.DataFrame(
        {
            "interval_start": pd.date_range("2025-11-11 09:00", periods=4, freq="h"),
            "queue": "presale",
            "human_inquiries": [7.0, 10.0, 30.0, 5.0],  # 09:00 and 12:00: nobody on chat
        }
    )
    return shifts, assignments, requirements


def test_commission_bills_base_hours_and_handled_inquiries() -> None:
    shifts, assignments, requirements = _small_day()
    order = outsourcing_order(
        shifts, assignments, config=_commission_config(), requirements=requirements
    )
    orders = order.orders.set_index("start")
    assert tuple(order.orders.columns) == (
        *ORDER_COLUMNS,
        *ORDER_EXTRA_COLUMNS,
        *COMMISSION_COLUMNS,
    )
    # 10:00: FT01 and OUT1 share 10 inquiries; 11:00: FT01, OUT1, OUT2 share 30
    ten, eleven = T("2025-11-11 10:00"), T("2025-11-11 11:00")
    assert orders.loc[ten, "handled_inquiries"] == pytest.approx(5 + 10)
    assert orders.loc[eleven, "handled_inquiries"] == pytest.approx(10)
    assert orders.loc[ten, "base_cost"] == pytest.approx(20 * 2)
    assert orders.loc[ten, "commission"] == pytest.approx(1.5 * 15)
    assert orders.loc[ten, "cost"] == pytest.approx(40 + 22.5)
    assert orders.loc[eleven, "cost"] == pytest.approx(20 * 1 + 1.5 * 10)
    assert set(orders["billing"]) == {"commission"}
    assert order.cost == pytest.approx(62.5 + 35)
    assert order.blocks["handled_inquiries"].sum() == pytest.approx(25)
    assert _plain(order.notes) == []


def test_commission_handles_breaks_and_never_more_than_the_inquiries(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    stamps = pd.date_range("2025-11-09", "2025-11-13", freq="15min", inclusive="left")
    requirements = pd.DataFrame(
        {"interval_start": stamps, "queue": "presale", "human_inquiries": 8.0}
    )
    order = outsourcing_order(
        shifts, assignments, config=_commission_config(), requirements=requirements
    )
    handled = order.orders["handled_inquiries"]
    assert (handled > 0).all()
    assert handled.sum() <= requirements["human_inquiries"].sum()
    # 11-09: OUT1, OUT2, OUT4 on 14:00-24:00 (breaks 18:00 and 19:00, never all at once);
    # FT01 is on chat until 17:00: three of four agents then, the OUT agents alone after
    first = order.orders[order.orders["date"] == T("2025-11-09")]
    assert first["handled_inquiries"].sum() == pytest.approx((3 * 0.75 + 7) * 4 * 8.0)


def test_commission_without_requirements_bills_the_base_and_says_so(
    shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    order = outsourcing_order(shifts, assignments, config=_commission_config())
    assert order.orders["handled_inquiries"].isna().all()
    assert (order.orders["commission"] == 0).all()
    assert order.cost == pytest.approx(20 * _out_paid_hours(shifts))
    assert len(_plain(order.notes)) == 1 and "base pay only" in order.notes[0]


# --------------------------------------------------------------------------- files


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_out_orders_csv_is_written_with_bom_and_reads_back_to_the_same_sums(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    paths = write_roster_outputs(
        shifts, _coverage(shifts), assignments, {}, tmp_path, config=load_config(None)
    )
    assert [p.name for p in paths] == list(ROSTER_FILES) and "out_orders.csv" in ROSTER_FILES
    path = tmp_path / "out_orders.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert tuple(back.columns) == (*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS)
    assert (back["seats"] * back["paid_hours"]).sum() == pytest.approx(_out_paid_hours(shifts))
    out = shifts[shifts["kind"] == "OUT"]
    assert back["cost"].sum() == pytest.approx(out["cost"].sum())
    row = _read(path)[0]
    assert row["date"] == "2025-11-09" and row["first_day"] == "2025-11-09"
    assert row["start"] == "2025-11-09 14:00:00"


def test_out_orders_csv_is_header_only_without_outsourced_seats(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    inhouse = shifts[shifts["kind"] == "FT"]
    write_roster_outputs(
        inhouse, _coverage(shifts), assignments[assignments["kind"] == "FT"], {}, tmp_path
    )
    text = (tmp_path / "out_orders.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == [",".join((*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS))]


def test_out_orders_csv_neutralises_text(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    evil = "=cmd|' /C calc'!A0"
    shifts = shifts.assign(shift=shifts["shift"].replace("外包", evil))
    assignments = assignments.assign(shift=assignments["shift"].replace("外包", evil))
    write_roster_outputs(shifts, _coverage(shifts), assignments, {}, tmp_path)
    names = {row["shift"] for row in _read(tmp_path / "out_orders.csv")}
    assert names == {"'" + evil, "外包短"}


def test_commission_columns_reach_the_csv(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    write_roster_outputs(
        shifts, _coverage(shifts), assignments, {}, tmp_path, config=_commission_config()
    )
    back = pd.read_csv(tmp_path / "out_orders.csv", encoding="utf-8-sig")
    assert tuple(back.columns[-3:]) == COMMISSION_COLUMNS
    assert (back["billing"] == "commission").all()
    assert back["cost"].sum() == pytest.approx(20 * _out_paid_hours(shifts))


# --------------------------------------------------------------------------- workbook


def _table_rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_order_sheet_has_blocks_and_orders_with_translated_headers(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame, language: str
) -> None:
    write_roster_outputs(
        shifts,
        _coverage(shifts),
        assignments,
        {},
        tmp_path,
        language=language,  # type: ignore[arg-type]
        config=load_config(None),
    )
    book = load_workbook(tmp_path / "roster.xlsx")
    name = SHEET_NAMES[language]["orders"]
    assert name == {"en": "Outsourcing orders", "zh": "外包需求单"}[language]
    assert book.sheetnames.index(name) == 4  # after the assignments, as in ROSTER_FILES
    rows = _table_rows(book[name])

    def header(columns: tuple[str, ...]) -> list[str]:
        return [HEADERS[c] if language == "zh" else c for c in columns]

    block_header = header(BLOCK_COLUMNS)
    order_header = header((*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS))
    at_blocks = next(i for i, r in enumerate(rows) if r[: len(block_header)] == block_header)
    at_orders = next(i for i, r in enumerate(rows) if r[: len(order_header)] == order_header)
    assert at_blocks < at_orders
    assert [r[0] for r in rows[at_blocks + 1 : at_blocks + 5]] == ["B1", "B2", "B3", "B4"]
    total = rows[at_blocks + 5]
    assert total[0] == ("合计" if language == "zh" else "Total")
    assert total[BLOCK_COLUMNS.index("seat_days")] == 10
    orders = rows[at_orders + 1 : at_orders + 9]
    assert sum(r[ORDER_COLUMNS.index("seats")] for r in orders) == 10
    assert rows[at_orders + 9][ORDER_COLUMNS.index("seats")] == 10  # the totals row
    assert orders[0][0].year == 2025  # real dates, not text
    billing = orders[0][len(ORDER_COLUMNS) + ORDER_EXTRA_COLUMNS.index("billing")]
    assert billing == ("按工时" if language == "zh" else "hourly")
    if language == "zh":
        assert HEADERS["seats"] == "席位数" and "预订首日" in order_header


def test_order_sheet_without_outsourced_seats_says_so(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    write_roster_outputs(
        shifts[shifts["kind"] == "FT"],
        _coverage(shifts),
        assignments[assignments["kind"] == "FT"],
        {},
        tmp_path,
    )
    sheet = load_workbook(tmp_path / "roster.xlsx")["Outsourcing orders"]
    assert sheet["A1"].value == "No outsourced seats in this roster."


def test_grid_groups_outsourced_seats_by_block_and_keeps_named_in_house_agents(
    tmp_path: Path, shifts: pd.DataFrame, assignments: pd.DataFrame
) -> None:
    write_roster_outputs(shifts, _coverage(shifts), assignments, {}, tmp_path)
    sheet = load_workbook(tmp_path / "roster.xlsx").worksheets[0]
    rows = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row))
    assert [r[0] for r in rows] == ["FT01", "B1", "B2", "B2", "B3", "B3", "B4"]
    assert [str(c).split()[0] for c in rows[0][3:6]] == ["E", "E", "休"]  # one row per FT agent
    grouped = rows[1:]
    assert [(r[0], r[1]) for r in grouped] == [
        ("B1", "11-09~11-09 14:00-24:00"),
        ("B2", "11-09~11-11 08:00-18:00"),
        ("B2", "11-09~11-11 14:00-24:00"),
        ("B3", "11-10~11-11 14:00-24:00"),
        ("B3", "11-10~11-11 20:00-24:00"),
        ("B4", "11-11~11-11 14:00-24:00"),
    ]
    assert grouped[2][3:6] == ["W 14:00 ×2", "W 14:00 ×1", "W 14:00 ×2"]
    assert grouped[1][3:6] == [None, "W 08:00 ×1", None]
    assert grouped[4][3:6] == [None, None, "S 20:00 ×1"]
    assert all(r[2] == "OUT" for r in grouped)
    # the totals still count every seat
    totals = {
        row[0]: list(row[3:6])
        for row in sheet.iter_rows(min_row=10, max_row=16, values_only=True)
        if row[0] is not None
    }
    assert totals["W"] == [3, 3, 3] and totals["S"] == [0, 0, 1]
    assert totals["休"] == [0, 0, 1] and totals["On duty"] == [4, 4, 4]


# --------------------------------------------------------------------------- the CLI

TINY_PLAN = """
interval_minutes = 60
[queues.chat]
aht_seconds = 300
[[shifts]]
name = "早班"
code = "E"
kind = "FT"
start_times = ["08:00"]
length_hours = 9
paid_hours = 8
break_minutes = 60
break_window_hours = [3.0, 5.0]
cost_per_hour = 30
[[shifts]]
name = "外包"
code = "W"
kind = "OUT"
start_window = ["08:00", "12:00"]
start_step_minutes = 60
length_hours = 9
paid_hours = 8
break_minutes = 60
break_window_hours = [3.0, 5.0]
cost_per_hour = 36
[labour]
ft_agents = 1
out_premium = 0.25
out_min_booking_days = 2
[solver]
time_limit_seconds = 30
"""


def test_cli_roster_writes_out_orders_matching_shifts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(TINY_PLAN, encoding="utf-8")
    stamps = pd.date_range("2025-11-10", periods=48, freq="60min")
    need = ((stamps.hour >= 9) & (stamps.hour < 19)).astype(int) * 3
    req = tmp_path / "requirements.csv"
    frame = {"interval_start": stamps, "queue": "chat", "agents": need, "headcount": need}
    pd.DataFrame(frame).to_csv(req, index=False)
    out = tmp_path / "roster"
    args = ["roster", "--requirements", str(req), "--config", str(plan), "--calendar", ""]
    assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    assert "out_orders.csv" in capsys.readouterr().out
    shifts = pd.read_csv(out / "shifts.csv", encoding="utf-8-sig")
    orders = pd.read_csv(out / "out_orders.csv", encoding="utf-8-sig")
    booked = shifts[shifts["kind"] == "OUT"]
    assert len(booked) and orders["seats"].sum() == booked["agents"].sum()
    assert (orders["seats"] * orders["paid_hours"]).sum() == pytest.approx(
        booked["agents"].sum() * 8
    )
    assert orders["cost"].sum() == pytest.approx(booked["cost"].sum())
    assert set(zip(orders["first_day"], orders["last_day"], strict=True)) == {
        ("2025-11-10", "2025-11-11")
    }
    assert "外包需求单" in load_workbook(out / "roster.xlsx").sheetnames
