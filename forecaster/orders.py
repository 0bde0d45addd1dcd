"""The outsourcing order sheet (外包需求单): what an agency needs to staff a roster's OUT seats.

A roster names every outsourced agent (``OUT001`` ... ``OUT2303``), which is what the
program needs but not what a vendor reads. :func:`outsourcing_order` turns the roster's
``shifts`` and ``assignments`` into an order:

- **rows** (``out_orders.csv``): one per date x queue x shift template x start time x length
  x booking block, with the ``seats`` to fill and their ``cost``;
- **booking blocks**: the consecutive days one outsourced agent is booked form that agent's
  block; agents booked for the same first and last day form one block (``B01``, ``B02``,
  ... in first-day order). The seats of a row are attributed to the blocks of the agents
  the named roster put on it, and a row whose agents belong to several blocks is split, so
  a vendor can read "12 seats from 11-09 to 11-11, 14:00-24:00 on 11-09".

The seats come from ``shifts`` (the program's counts), the blocks from ``assignments`` (the
named roster), so ``Σ seats × paid_hours`` over the order is the outsourced paid hours of
the roster, and under hourly billing ``Σ cost`` is the outsourced cost of ``shifts.csv``.

Billing (``[labour] out_billing``):

- ``"hourly"`` (default): paid hours x the template's rate x (1 + ``out_premium``), i.e. the
  cost of ``shifts.csv``, split by seats;
- ``"commission"`` (底薪+提成): ``out_base_per_hour`` x paid hours + ``out_commission_per_
  inquiry`` x handled inquiries. The inquiries an outsourced seat handles are estimated from
  the roster and the requirements: in every interval, each agent on chat (off break) of the
  queue takes an equal share of that interval's ``human_inquiries``, so the outsourced share
  is their share of the scheduled headcount. Without requirements (or without their
  ``human_inquiries``) commission rows cost the base pay only and a note says so.

Pure pandas: no files, no streamlit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from forecaster.errors import InputDataError

if TYPE_CHECKING:
    from forecaster.config import PlanConfig

__all__ = [
    "BLOCK_COLUMNS",
    "COMMISSION_COLUMNS",
    "ORDER_COLUMNS",
    "ORDER_EXTRA_COLUMNS",
    "OUT_KIND",
    "OutsourcingOrder",
    "booking_blocks",
    "outsourcing_order",
]

OUT_KIND = "OUT"
"""The shift kind of outsourced seats."""
ORDER_COLUMNS = ("date", "queue", "start", "end", "seats", "first_day", "last_day", "cost")
"""Contract columns of ``out_orders.csv``, in file order (``docs/contracts.md``)."""
ORDER_EXTRA_COLUMNS = (
    "length_hours",
    "paid_hours",
    "seat_hours",
    "block",
    "shift",
    "code",
    "billing",
)
"""Columns written after the contract ones: shift length [h], paid hours per seat [h],
``seats x paid_hours`` [h], booking block id, template name and grid code, billing."""
COMMISSION_COLUMNS = ("handled_inquiries", "base_cost", "commission")
"""Further columns under commission billing: estimated inquiries handled [inquiries], base
pay [CNY] and commission [CNY] (``cost = base_cost + commission``)."""
BLOCK_COLUMNS = (
    "block",
    "first_day",
    "last_day",
    "days",
    "seats_per_day",
    "seat_days",
    "seat_hours",
    "cost",
)
"""Columns of the block summary: id, first and last booked day, days [d], agents booked for
the block (each works every day of it) [seats], seat-days, paid hours [h], cost [CNY]."""

_KEY = ["date", "queue", "shift", "code", "start", "end"]
_ASSIGNMENT_KEY = ("date", "queue", "shift", "start", "end")


@dataclass(frozen=True)
class OutsourcingOrder:
    """An outsourcing order (外包需求单).

    Attributes
    ----------
    orders
        One row per date x queue x template x start x length x booking block:
        :data:`ORDER_COLUMNS` then :data:`ORDER_EXTRA_COLUMNS` (and
        :data:`COMMISSION_COLUMNS` under commission billing). ``date``, ``first_day``,
        ``last_day`` are midnights, ``start``/``end`` datetimes, ``seats`` [agents], ``cost``
        [CNY], ``length_hours`` and ``paid_hours`` per seat [h], ``seat_hours`` [h].
    blocks
        One row per booking block: :data:`BLOCK_COLUMNS` (plus the commission columns).
    billing
        ``"hourly"`` or ``"commission"``.
    notes
        Plain-language remarks (estimates that could not be made, seats without a block).
    """

    orders: pd.DataFrame
    blocks: pd.DataFrame
    billing: str = "hourly"
    notes: tuple[str, ...] = field(default=())

    @property
    def seats(self) -> int:
        """Seat-days ordered (Σ seats). [seat-days]"""
        return int(self.orders["seats"].sum())

    @property
    def seat_hours(self) -> float:
        """Paid outsourced hours ordered (Σ seats x paid hours). [h]"""
        return float(self.orders["seat_hours"].sum())

    @property
    def cost(self) -> float:
        """What the order costs under its billing. [CNY]"""
        return float(self.orders["cost"].sum())


def booking_blocks(assignments: pd.DataFrame) -> pd.Series:
    """The booking block of every outsourced assignment.

    An outsourced agent's consecutive booked days (by assignment ``date``) form one run;
    runs with the same first and last day form one block. Blocks are numbered ``B1``,
    ``B2``, ... (zero-padded to a common width, e.g. ``B01``) in order of first day, then
    last day.

    Parameters
    ----------
    assignments
        The named roster: ``agent``, ``kind``, ``date`` (at least).

    Returns
    -------
    pandas.Series
        Indexed like ``assignments``: the block id of each ``kind == "OUT"`` row, ``None``
        elsewhere. ``attrs["spans"]`` maps each block id to its (first_day, last_day)
        midnights and ``attrs["agents"]`` to the number of agent runs in it.

    Raises
    ------
    InputDataError
        ``assignments`` lacks ``agent``, ``kind`` or ``date``.
    """
    _require(assignments, ("agent", "kind", "date"), "assignments")
    out = pd.Series([None] * len(assignments), index=assignments.index, dtype=object)
    mask = (assignments["kind"].astype(str) == OUT_KIND) & assignments["agent"].notna()
    mask &= assignments["date"].notna()
    if not mask.any():
        out.attrs.update(spans={}, agents={})
        return out
    rows = pd.DataFrame(
        {
            "agent": assignments.loc[mask, "agent"].astype(str),
            "day": _naive(pd.to_datetime(assignments.loc[mask, "date"])).dt.normalize(),
        }
    )
    runs: dict[Any, tuple[pd.Timestamp, pd.Timestamp]] = {}
    run_of_agent_day: dict[tuple[str, pd.Timestamp], int] = {}
    count = 0
    for agent, days in rows.groupby("agent", sort=True)["day"]:
        ordered = sorted(set(days))
        start = prev = ordered[0]
        members = [start]
        for day in [*ordered[1:], None]:
            if day is not None and day - prev == pd.Timedelta(days=1):
                members.append(day)
                prev = day
                continue
            runs[count] = (start, prev)
            for member in members:
                run_of_agent_day[(str(agent), member)] = count
            count += 1
            if day is not None:
                start = prev = day
                members = [day]
    spans = sorted(set(runs.values()))
    width = len(str(len(spans)))
    ids = {span: f"B{i + 1:0{width}d}" for i, span in enumerate(spans)}
    agents: dict[str, int] = defaultdict(int)
    for span in runs.values():
        agents[ids[span]] += 1
    out.loc[rows.index] = [
        ids[runs[run_of_agent_day[(a, d)]]] for a, d in zip(rows["agent"], rows["day"], strict=True)
    ]
    out.attrs.update(spans={ids[s]: s for s in spans}, agents=dict(agents))
    return out


def outsourcing_order(
    shifts: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    config: PlanConfig | None = None,
    requirements: pd.DataFrame | None = None,
) -> OutsourcingOrder:
    """The outsourcing order of a roster (module docstring).

    Parameters
    ----------
    shifts
        The roster's opened shifts: ``date, queue, shift, code, kind, start, end,
        break_start, break_end, agents`` [count], ``cost`` [CNY]; optionally ``paid_hours``
        per agent [h]. Rows of one shift that differ only in their break are summed.
    assignments
        The named roster: ``agent, kind, date, shift, start, end`` and, when present,
        ``queue`` (matched to the shift rows to find each seat's block).
    config
        The plan: billing (``labour.out_billing``, ``out_base_per_hour``,
        ``out_commission_per_inquiry``) and the templates' paid hours. Without it: hourly
        billing, paid hours from a ``paid_hours`` column or the shift length minus its
        break.
    requirements
        ``interval_start, queue, human_inquiries`` [inquiries per interval]; used to
        estimate handled inquiries under commission billing only.

    Returns
    -------
    OutsourcingOrder
        The order rows, the block summary, the billing and notes.

    Raises
    ------
    InputDataError
        A frame lacks a needed column.
    """
    _require(shifts, (*_KEY[:3], "kind", "start", "end", "agents", "cost"), "shifts")
    labour = config.labour if config is not None else None
    billing = str(labour.out_billing) if labour is not None else "hourly"
    commission = billing == "commission"
    notes: list[str] = []

    out = shifts[shifts["kind"].astype(str) == OUT_KIND].copy()
    out = out[pd.to_numeric(out["agents"], errors="coerce").fillna(0) > 0]
    if "code" not in out.columns:
        out["code"] = out["shift"]
    for column in ("date", "start", "end", "break_start", "break_end"):
        if column in out.columns:
            out[column] = _naive(pd.to_datetime(out[column]))
    out["date"] = out["date"].dt.normalize()
    out["agents"] = pd.to_numeric(out["agents"]).astype(np.int64)
    out["cost"] = pd.to_numeric(out["cost"]).astype(float)
    out["queue"] = out["queue"].astype(str)
    out["paid_hours"] = _paid_hours(out, config)
    out["handled_inquiries"] = 0.0
    estimated = False
    if commission:
        inquiries = _handled_inquiries(shifts, out, requirements)
        if inquiries is None:
            notes.append(
                "commission billing without requirements (human_inquiries): handled "
                "inquiries are not estimated, so commission rows cost the base pay only"
            )
        else:
            out["handled_inquiries"] = inquiries
            estimated = True

    columns = [*ORDER_COLUMNS, *ORDER_EXTRA_COLUMNS]
    if commission:
        columns += list(COMMISSION_COLUMNS)
    if out.empty:
        return OutsourcingOrder(
            _empty(columns, ORDER_COLUMNS), _empty_blocks(commission), billing, tuple(notes)
        )

    groups = (
        out.groupby(_KEY, sort=True, dropna=False)
        .agg(
            agents=("agents", "sum"),
            cost=("cost", "sum"),
            paid_hours=("paid_hours", "first"),
            handled_inquiries=("handled_inquiries", "sum"),
        )
        .reset_index()
    )
    blocks = booking_blocks(assignments) if len(assignments) else pd.Series(dtype=object)
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = blocks.attrs.get("spans", {})
    pools = _block_pools(assignments, blocks)
    key_columns = [c for c in _ASSIGNMENT_KEY if c in assignments.columns]

    rows: list[dict[str, Any]] = []
    unmatched = 0
    for group in groups.to_dict("records"):
        pool = pools.get(tuple(_key_value(group[c]) for c in key_columns), [])
        left = int(group["agents"])
        parts: list[tuple[str | None, int]] = []
        while left and pool:
            pooled, available = pool[0]
            take = min(left, available)
            parts.append((pooled, take))
            left -= take
            if take == available:
                pool.pop(0)
            else:
                pool[0] = (pooled, available - take)
        if left:
            parts.append((None, left))
            unmatched += left
        for block, seats in parts:
            share = seats / group["agents"]
            first, last = spans.get(block, (pd.NaT, pd.NaT)) if block else (pd.NaT, pd.NaT)
            length = (group["end"] - group["start"]) / pd.Timedelta(hours=1)
            row = {
                "date": group["date"],
                "queue": group["queue"],
                "start": group["start"],
                "end": group["end"],
                "seats": seats,
                "first_day": first,
                "last_day": last,
                "cost": group["cost"] * share,
                "length_hours": length,
                "paid_hours": float(group["paid_hours"]),
                "seat_hours": float(group["paid_hours"]) * seats,
                "block": block if block is not None else "",
                "shift": group["shift"],
                "code": group["code"],
                "billing": billing,
            }
            if commission:
                assert labour is not None
                base = labour.out_base_per_hour * row["seat_hours"]
                handled = float(group["handled_inquiries"]) * share if estimated else np.nan
                paid = labour.out_commission_per_inquiry * handled if estimated else 0.0
                row.update(handled_inquiries=handled, base_cost=base, commission=paid)
                row["cost"] = base + paid
            rows.append(row)
    if unmatched:
        notes.append(
            f"{unmatched} outsourced seat-day(s) of shifts have no named OUT assignment on the "
            "same shift; their booking block is unknown (block left empty)"
        )
    orders = pd.DataFrame(rows, columns=columns)
    orders["seats"] = orders["seats"].astype(np.int64)
    for column in ("first_day", "last_day"):
        orders[column] = pd.to_datetime(orders[column])
    orders = orders.sort_values(
        ["date", "queue", "start", "length_hours", "shift", "block"], kind="stable"
    ).reset_index(drop=True)
    table = _block_table(orders, blocks, commission)
    horizon_end = pd.to_datetime(shifts["date"]).max().normalize()
    notes += _tail_notes(table, orders, config, horizon_end)
    return OutsourcingOrder(orders, table, billing, tuple(notes))


def _tail_notes(
    table: pd.DataFrame, orders: pd.DataFrame, config: PlanConfig | None, horizon_end: Any
) -> list[Any]:
    """A note per block that reaches the horizon's last day short of its template's minimum
    booking: the agency books (and bills) the seats for the rest of the minimum."""
    if config is None or table.empty:
        return []
    from forecaster.messages import msg

    minimum = {
        t.name: t.min_booking_days or config.labour.out_min_booking_days for t in config.shifts
    }
    spans = table.set_index("block")[["first_day", "last_day", "days"]]
    notes: list[Any] = []
    booked = orders[orders["block"] != ""]
    # per template: a block may hold an agency's seats (3 days) and crowd seats (1 day)
    for (block, shift), part in booked.groupby(["block", "shift"], sort=True):
        need = minimum.get(str(shift), 1)
        first, last, days = spans.loc[block]
        if pd.Timestamp(last).normalize() == horizon_end and int(days) < need:
            until = pd.Timestamp(first) + pd.Timedelta(days=need - 1)
            notes.append(
                msg(
                    "order.tail",
                    block=block,
                    seats=int(part.groupby("date")["seats"].sum().max()),
                    first=f"{pd.Timestamp(first):%Y-%m-%d}",
                    until=f"{until:%Y-%m-%d}",
                    days=need,
                    beyond=need - int(days),
                )
            )
    return notes


# --------------------------------------------------------------------------- helpers


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputDataError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"{name} frame is missing column '{missing[0]}'; found {list(map(str, frame.columns))}"
        )


def _naive(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    return values


def _key_value(value: Any) -> Any:
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value)
    return str(value)


def _paid_hours(out: pd.DataFrame, config: PlanConfig | None) -> pd.Series:
    """Paid hours per agent of each OUT shift row. [h]

    A ``paid_hours`` column wins; then the template's ``paid_hours`` in ``config``; then the
    shift's length minus its break.
    """
    hours = pd.Series(np.nan, index=out.index, dtype=float)
    if "paid_hours" in out.columns:
        hours = pd.to_numeric(out["paid_hours"], errors="coerce").astype(float)
    if config is not None:
        templates = {t.name: float(t.paid_hours) for t in config.shifts}
        hours = hours.fillna(out["shift"].astype(str).map(templates).astype(float))
    length = (out["end"] - out["start"]) / pd.Timedelta(hours=1)
    if "break_start" in out.columns and "break_end" in out.columns:
        pause = ((out["break_end"] - out["break_start"]) / pd.Timedelta(hours=1)).fillna(0.0)
    else:
        pause = pd.Series(0.0, index=out.index)
    return hours.fillna(length - pause)


def _handled_inquiries(
    shifts: pd.DataFrame, out: pd.DataFrame, requirements: pd.DataFrame | None
) -> pd.Series | None:
    """Inquiries each OUT shift row's agents handle together, estimated. [inquiries]

    Every agent on chat (inside the shift, off break) in an interval of its queue takes an
    equal share of the interval's ``human_inquiries``; a row handles its agents' shares.
    ``None`` when ``requirements`` is missing or has no ``human_inquiries``.
    """
    if requirements is None or not {"interval_start", "queue", "human_inquiries"} <= set(
        requirements.columns
    ):
        return None
    req = pd.DataFrame(
        {
            "t": _naive(pd.to_datetime(requirements["interval_start"])),
            "queue": requirements["queue"].astype(str),
            "h": pd.to_numeric(requirements["human_inquiries"], errors="coerce").fillna(0.0),
        }
    ).dropna(subset=["t"])
    result = pd.Series(0.0, index=out.index)
    if req.empty:
        return result
    stamps = np.sort(req["t"].unique())
    steps = np.diff(stamps)
    step = pd.Timedelta(steps[steps > np.timedelta64(0)].min()) if len(stamps) > 1 else None
    step = step or pd.Timedelta(minutes=15)
    everyone = shifts.copy()
    for column in ("start", "end", "break_start", "break_end"):
        if column in everyone.columns:
            everyone[column] = _naive(pd.to_datetime(everyone[column]))
    everyone["queue"] = everyone["queue"].astype(str)
    everyone["agents"] = pd.to_numeric(everyone["agents"], errors="coerce").fillna(0.0)
    t0 = pd.Timestamp(stamps[0])
    n = int(round((pd.Timestamp(stamps[-1]) - t0) / step)) + 1

    def index(values: pd.Series) -> np.ndarray:
        slots = ((values - t0) / step).to_numpy(dtype=float)
        return np.clip(np.rint(np.nan_to_num(slots, nan=0.0)), 0, n).astype(np.int64)

    def spans(frame: pd.DataFrame) -> tuple[np.ndarray, ...]:
        i0, i1 = index(frame["start"]), index(frame["end"])
        if "break_start" in frame.columns and "break_end" in frame.columns:
            has = frame["break_start"].notna().to_numpy() & frame["break_end"].notna().to_numpy()
            b0 = np.where(has, index(frame["break_start"]), 0)
            b1 = np.where(has, index(frame["break_end"]), 0)
        else:
            b0 = b1 = np.zeros(len(frame), dtype=np.int64)
        return i0, i1, b0, b1

    for queue, rows in req.groupby("queue"):
        need = np.zeros(n)
        np.add.at(need, index(rows["t"]), rows["h"].to_numpy(dtype=float))
        on = everyone[everyone["queue"] == queue]
        diff = np.zeros(n + 1)
        i0, i1, b0, b1 = spans(on)
        count = on["agents"].to_numpy(dtype=float)
        np.add.at(diff, i0, count)
        np.add.at(diff, i1, -count)
        np.add.at(diff, b0, -count)
        np.add.at(diff, b1, count)
        scheduled = np.cumsum(diff)[:n]
        per_agent = np.divide(need, scheduled, out=np.zeros(n), where=scheduled > 0)
        prefix = np.concatenate([[0.0], np.cumsum(per_agent)])
        mine = out[out["queue"] == queue]
        if mine.empty:
            continue
        i0, i1, b0, b1 = spans(mine)
        share = prefix[i1] - prefix[i0] - (prefix[b1] - prefix[b0])
        result.loc[mine.index] = mine["agents"].to_numpy(dtype=float) * share
    return result


def _block_pools(
    assignments: pd.DataFrame, blocks: pd.Series
) -> dict[tuple[Any, ...], list[tuple[str, int]]]:
    """Named OUT agents per shift key (date, queue, template, start, end), by block."""
    if not len(blocks) or blocks.isna().all():
        return {}
    named = assignments.loc[blocks.notna()].copy()
    named["block"] = blocks[blocks.notna()]
    for column in ("date", "start", "end"):
        named[column] = _naive(pd.to_datetime(named[column]))
    named["date"] = named["date"].dt.normalize()
    columns = [c for c in _ASSIGNMENT_KEY if c in named.columns]
    pools: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
    counts = named.groupby([*columns, "block"], sort=True, dropna=False).size()
    for key, size in counts.items():
        assert isinstance(key, tuple)
        head = tuple(_key_value(v) for v in key[:-1])
        pools.setdefault(head, []).append((str(key[-1]), int(size)))
    return pools


def _empty(columns: Sequence[str], contract: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for column in ("date", "start", "end", "first_day", "last_day"):
        frame[column] = pd.Series(dtype="datetime64[ns]")
    frame["seats"] = pd.Series(dtype=np.int64)
    for column in ("cost", "length_hours", "paid_hours", "seat_hours", *COMMISSION_COLUMNS):
        if column in frame.columns:
            frame[column] = pd.Series(dtype=float)
    assert tuple(frame.columns[: len(contract)]) == tuple(contract)
    return frame


def _empty_blocks(commission: bool) -> pd.DataFrame:
    columns = [*BLOCK_COLUMNS, *(COMMISSION_COLUMNS if commission else ())]
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    frame["block"] = pd.Series(dtype=object)
    for column in ("first_day", "last_day"):
        frame[column] = pd.Series(dtype="datetime64[ns]")
    for column in ("days", "seats_per_day", "seat_days"):
        frame[column] = pd.Series(dtype=np.int64)
    return frame


def _block_table(orders: pd.DataFrame, blocks: pd.Series, commission: bool) -> pd.DataFrame:
    """One row per booking block: its days, seats per day, seat-days, hours and cost."""
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = blocks.attrs.get("spans", {})
    agents: dict[str, int] = blocks.attrs.get("agents", {})
    booked = orders[orders["block"] != ""]
    if booked.empty:
        return _empty_blocks(commission)
    sums = {"seat_days": ("seats", "sum"), "seat_hours": ("seat_hours", "sum")}
    sums["cost"] = ("cost", "sum")
    if commission:
        sums.update({c: (c, "sum") for c in COMMISSION_COLUMNS})
    table = booked.groupby("block", sort=True).agg(**sums).reset_index()
    table["first_day"] = [spans[b][0] for b in table["block"]]
    table["last_day"] = [spans[b][1] for b in table["block"]]
    table["days"] = ((table["last_day"] - table["first_day"]).dt.days + 1).astype(np.int64)
    table["seats_per_day"] = [int(agents.get(b, 0)) for b in table["block"]]
    table["seat_days"] = table["seat_days"].astype(np.int64)
    columns = [*BLOCK_COLUMNS, *(COMMISSION_COLUMNS if commission else ())]
    return table[columns].reset_index(drop=True)
