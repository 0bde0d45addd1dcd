"""A seeded corpus of corrupted and odd inputs: histories, calendars and ``plan.toml`` files.

Each :class:`Case` is one file a careless or hostile user might hand the CLI, in one of
these families:

- ``encoding``: UTF-8 with and without BOM, GBK, GB18030, UTF-16, Latin-1, Big5, Shift-JIS,
  stray invalid bytes;
- ``container``: gzip (whole, truncated, multi-member, of garbage, a bomb of newlines),
  zip and bzip2 under a ``.gz`` or ``.csv`` name, xlsx (whole, truncated, empty);
- ``binary``: random bytes, PNG/PDF/ELF headers, NUL bytes, an empty file;
- ``dates``: other formats, epoch seconds, Excel serials, time zones, two-digit years,
  年月日, far-future and far-past rows, daylight-saving times, unsorted, mixed, blank;
- ``resolution``: 1 to 60 minutes, irregular steps, mixed grids, daily totals;
- ``duplicates``: repeated rows, conflicting repeats, repeated headers and columns;
- ``xlsx``: headers lower down, a title row, numbers as text, a second sheet that
  continues the table, a stray cell at XFD1048576, an empty first sheet;
- ``queue``: empty, blank, NUL, line breaks, control characters, formula-leading, very
  long, case variants, emoji;
- ``values``: negative, fractional, NaN, inf, 10⁹ and 10¹², text, thousands separators,
  percent, all zeros, one spike, blank cells, very wide and very long lines;
- ``calendar``: missing columns, end before start, overlaps, unknown phases, bad dates,
  10,000 phases, formula-leading names, other encodings;
- ``config``: TOML syntax errors, nesting 5,000 deep, wrong types, out-of-range and huge
  numbers, unknown keys, impossible shifts, odd time zones and holiday regions.

The base files are clean: a 35-day, 15-minute, two-queue history (``presale``,
``aftersale``), the bundled sample's calendar and ``plan.toml``. A case replaces one of them.
``benchmarks/bench_fuzz.py`` runs every case through the CLI; ``tests/test_fuzz.py`` runs a
seeded sample in CI.
"""

from __future__ import annotations

import bz2
import gzip
import io
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CALENDAR = ROOT / "data" / "calendar.csv"
SAMPLE_CONFIG = ROOT / "data" / "plan.toml"
HISTORY_START = pd.Timestamp("2025-03-03")
HISTORY_DAYS = 35
FORECAST_START = HISTORY_START + pd.Timedelta(days=HISTORY_DAYS)
"""The first day after the base history: where a stage after ``validate`` forecasts."""


Bytes = bytes | Callable[[], bytes]
"""A case's content, or how to make it (the bombs are made only when a case is run)."""


@dataclass(frozen=True)
class Case:
    """One input file: which base file it replaces (``role``) and its bytes."""

    family: str
    name: str
    role: str  # history | calendar | config
    filename: str
    content: Bytes

    @property
    def key(self) -> str:
        return f"{self.family}/{self.name}"

    @property
    def data(self) -> bytes:
        return self.content if isinstance(self.content, bytes) else self.content()


def _gzip_repeat(chunk: bytes, size: int) -> bytes:
    """gzip of ``chunk`` repeated to ``size`` bytes, made in 1 MB steps (a bomb: a few
    hundred kB that unpack to ``size``)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = chunk * (1_000_000 // len(chunk))
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def base_history(seed: int = 7) -> pd.DataFrame:
    """A clean history: Poisson counts on a daily shape, two queues, 15 minutes."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range(HISTORY_START, periods=HISTORY_DAYS * 96, freq="15min")
    hour = stamps.hour.to_numpy() + stamps.minute.to_numpy() / 60
    shape = 0.2 + np.exp(-(((hour - 11) / 3) ** 2)) + 0.8 * np.exp(-(((hour - 21) / 2) ** 2))
    frames = [
        pd.DataFrame(
            {"interval_start": stamps, "queue": queue, "inquiries": rng.poisson(level * shape)}
        )
        for queue, level in (("presale", 40.0), ("aftersale", 15.0))
    ]
    return pd.concat(frames, ignore_index=True)


def _csv(frame: pd.DataFrame, encoding: str = "utf-8", **kwargs: object) -> bytes:
    text = frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S", **kwargs)  # type: ignore[call-overload]
    return str(text).encode(encoding, errors="replace")


def _xlsx(sheets: dict[str, pd.DataFrame], **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, **kwargs)  # type: ignore[arg-type]
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _tar_gz(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)


def _edited(frame: pd.DataFrame, rows: slice | list[int], column: str, value: object) -> bytes:
    out = frame.astype({column: object}).copy()
    out.loc[out.index[rows], column] = value
    return _csv(out)


# ------------------------------------------------------------------------ history families


def _encoding(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    zh = h.assign(queue=h["queue"].map({"presale": "售前", "aftersale": "售后"}))
    zh = zh.rename(columns={"interval_start": "时间", "queue": "客服组", "inquiries": "咨询人数"})
    for enc in ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5",
                "shift_jis", "latin-1", "cp1252"):  # fmt: skip
        yield f"zh_{enc}", "history.csv", partial(_csv, zh, enc)
    clean = _csv(h)
    for n in (1, 50):
        data = bytearray(clean)
        for at in rng.integers(100, len(data) - 1, n):
            data[int(at)] = int(rng.integers(0x80, 0xFF))
        yield f"stray_high_bytes_{n}", "history.csv", bytes(data)
    yield (
        "latin1_queue_names",
        "history.csv",
        partial(_csv, h.assign(queue="Café crème"), "latin-1"),
    )
    yield "bom_inside", "history.csv", clean.replace(b"\n", b"\n\xef\xbb\xbf", 3)
    yield "crlf", "history.csv", clean.replace(b"\n", b"\r\n")
    yield "cr_only", "history.csv", clean.replace(b"\n", b"\r")
    yield "semicolons", "history.csv", partial(_csv, h, sep=";")
    yield "tabs", "history.csv", partial(_csv, h, sep="\t")


def _container(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    clean = _csv(h)
    packed = gzip.compress(clean, mtime=0)
    yield "gzip", "history.csv.gz", packed
    yield "gzip_truncated", "history.csv.gz", packed[: len(packed) // 2]
    half = len(clean) // 2
    yield (
        "gzip_multi_member",
        "history.csv.gz",
        gzip.compress(clean[:half], mtime=0) + gzip.compress(clean[half:], mtime=0),
    )
    yield "gzip_of_garbage", "history.csv.gz", gzip.compress(rng.bytes(20_000), mtime=0)
    yield "gzip_bomb_newlines", "history.csv.gz", lambda: _gzip_repeat(b"\n", 400_000_000)
    yield "gzip_bomb_one_line", "history.csv.gz", lambda: _gzip_repeat(b"1,", 300_000_000)
    yield "gzip_named_csv", "history.csv", packed
    yield "not_gzip_named_gz", "history.csv.gz", clean
    yield "bzip2_named_gz", "history.csv.gz", bz2.compress(clean)
    zipped = _zip({"history.csv": clean})
    yield "zip_named_csv", "history.csv", zipped
    yield "zip_named_xlsx", "history.xlsx", zipped
    hourly = _hourly(h)
    yield "xlsx", "history.xlsx", lambda: _xlsx({"Sheet1": hourly})
    yield "xlsx_truncated", "history.xlsx", lambda: _xlsx({"Sheet1": hourly})[:20_000]
    yield "xlsx_named_csv", "history.csv", lambda: _xlsx({"Sheet1": hourly})
    yield "csv_named_xlsx", "history.xlsx", clean
    yield "xlsx_empty", "history.xlsx", lambda: _xlsx({"Sheet1": pd.DataFrame()})
    yield "xlsx_header_only", "history.xlsx", lambda: _xlsx({"Sheet1": h.head(0)})
    yield "old_xls_named_xls", "history.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.bytes(4000)
    yield (
        "ods_named_ods",
        "history.ods",
        lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
    )
    yield "tar_gz", "history.csv.gz", lambda: _tar_gz("history.csv", clean)


def _binary(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    for size in (1, 100, 10_000, 1_000_000):
        yield f"random_{size}", "history.csv", rng.bytes(size)
    yield "png", "history.csv", b"\x89PNG\r\n\x1a\n" + rng.bytes(5000)
    yield "pdf", "history.csv", b"%PDF-1.7\n" + rng.bytes(5000)
    yield "elf", "history.csv", b"\x7fELF\x02\x01\x01" + rng.bytes(5000)
    yield "nul_filled", "history.csv", b"\x00" * 100_000
    yield "nul_in_text", "history.csv", _csv(h).replace(b",", b",\x00", 20)
    yield "empty", "history.csv", b""
    yield "bom_only", "history.csv", b"\xef\xbb\xbf"
    yield "header_only", "history.csv", b"interval_start,queue,inquiries\n"
    yield "one_row", "history.csv", partial(_csv, h.head(1))
    yield "whitespace", "history.csv", b" \n\t\n  \n"


def _dates(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    stamps = h["interval_start"]
    formats = {
        "slashes": "%Y/%m/%d %H:%M",
        "day_first": "%d/%m/%Y %H:%M",
        "month_first": "%m/%d/%Y %H:%M",
        "iso_t": "%Y-%m-%dT%H:%M:%S",
        "iso_z": "%Y-%m-%dT%H:%M:%SZ",
        "offset": "%Y-%m-%dT%H:%M:%S+08:00",
        "two_digit_year": "%y-%m-%d %H:%M",
        "chinese": "%Y年%m月%d日 %H:%M",
        "compact": "%Y%m%d%H%M",
        "no_time": "%Y-%m-%d",
        "seconds_fraction": "%Y-%m-%d %H:%M:%S.%f",
    }
    for name, fmt in formats.items():
        yield name, "history.csv", partial(_csv, h.assign(interval_start=stamps.dt.strftime(fmt)))
    epoch = stamps.astype("int64") // 10**6 if stamps.dt.unit == "us" else stamps.astype("int64")
    yield "epoch_seconds", "history.csv", partial(_csv, h.assign(interval_start=epoch))
    serial = (stamps - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
    yield "excel_serial", "history.csv", partial(_csv, h.assign(interval_start=serial))
    yield (
        "far_future_row",
        "history.csv",
        partial(_edited, h, [5], "interval_start", "2199-01-01 00:00"),
    )
    yield (
        "far_past_row",
        "history.csv",
        partial(_edited, h, [5], "interval_start", "1900-01-01 00:00"),
    )
    yield "year_zero", "history.csv", partial(_edited, h, [5], "interval_start", "0000-01-01 00:00")
    yield "bad_month", "history.csv", partial(_edited, h, [9], "interval_start", "2025-13-01 00:00")
    yield "feb_30", "history.csv", partial(_edited, h, [9], "interval_start", "2025-02-30 10:00")
    yield "hour_25", "history.csv", partial(_edited, h, [9], "interval_start", "2025-03-03 25:00")
    yield "blank_dates", "history.csv", partial(_edited, h, slice(0, 50), "interval_start", "")
    yield "text_date", "history.csv", partial(_edited, h, [3], "interval_start", "yesterday")
    shuffled = h.sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
    yield "unsorted", "history.csv", partial(_csv, shuffled)
    mixed = h.astype({"interval_start": object}).copy()
    mixed.loc[::2, "interval_start"] = stamps[::2].dt.strftime("%Y/%m/%d %H:%M")
    mixed.loc[1::2, "interval_start"] = stamps[1::2].dt.strftime("%d.%m.%Y %H:%M")
    yield "mixed_formats", "history.csv", partial(_csv, mixed)
    dst = pd.date_range("2025-03-30", periods=35 * 96, freq="15min", tz="Europe/Berlin")
    local = pd.DataFrame(
        {"interval_start": dst.strftime("%Y-%m-%d %H:%M"), "queue": "chat", "inquiries": 5}
    )
    yield "dst_local_times", "history.csv", partial(_csv, local)
    yield (
        "dst_offsets",
        "history.csv",
        partial(_csv, local.assign(interval_start=dst.strftime("%Y-%m-%dT%H:%M:%S%z"))),
    )
    yield (
        "am_pm",
        "history.csv",
        partial(_csv, h.assign(interval_start=stamps.dt.strftime("%Y-%m-%d %I:%M %p"))),
    )
    yield (
        "dots",
        "history.csv",
        partial(_csv, h.assign(interval_start=stamps.dt.strftime("%d.%m.%Y %H:%M"))),
    )
    yield (
        "date_and_time_columns",
        "history.csv",
        partial(
            _csv,
            h.assign(日期=stamps.dt.strftime("%Y-%m-%d"), 时间=stamps.dt.strftime("%H:%M")).drop(
                columns="interval_start"
            ),
        ),
    )
    yield (
        "date_and_hour_columns",
        "history.csv",
        partial(
            _csv,
            h.assign(日期=stamps.dt.strftime("%Y-%m-%d"), 小时=stamps.dt.hour).drop(
                columns="interval_start"
            ),
        ),
    )
    yield (
        "with_timezone_name",
        "history.csv",
        partial(_csv, h.assign(interval_start=stamps.dt.strftime("%Y-%m-%d %H:%M Asia/Shanghai"))),
    )


def _resolution(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    for minutes in (1, 5, 10, 30, 60):
        stamps = pd.date_range(HISTORY_START, periods=HISTORY_DAYS * 1440 // minutes,
                               freq=f"{minutes}min")  # fmt: skip
        if len(stamps) > 60_000:
            stamps = stamps[:60_000]
        frame = pd.DataFrame(
            {"interval_start": stamps, "queue": "presale",
             "inquiries": rng.poisson(max(minutes / 3, 0.5), len(stamps))}
        )  # fmt: skip
        yield f"every_{minutes}_min", "history.csv", partial(_csv, frame)
    odd = pd.DataFrame(
        {
            "interval_start": HISTORY_START
            + pd.to_timedelta(np.cumsum(rng.integers(5, 20, 4000)), unit="min"),
            "queue": "presale",
            "inquiries": rng.poisson(5, 4000),
        }
    )
    yield "irregular_steps", "history.csv", partial(_csv, odd)
    hourly = h[h["interval_start"].dt.minute == 0]
    yield "mixed_grid", "history.csv", partial(_csv, pd.concat([h[h["queue"] == "presale"],
                                                      hourly[hourly["queue"] == "aftersale"]]))  # fmt: skip
    daily = h.groupby([h["interval_start"].dt.normalize(), "queue"])["inquiries"].sum()
    yield "daily_totals", "history.csv", partial(_csv, daily.reset_index())
    yield (
        "every_7_min",
        "history.csv",
        partial(
            _csv,
            h.assign(interval_start=HISTORY_START + pd.to_timedelta(np.arange(len(h)) * 7, "min")),
        ),
    )


def _duplicates(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    yield "exact_repeat", "history.csv", partial(_csv, pd.concat([h, h.head(500)]))
    conflict = h.head(500).assign(inquiries=h["inquiries"].head(500) + 3)
    yield "conflicting_repeat", "history.csv", partial(_csv, pd.concat([h, conflict]))
    yield "whole_file_twice", "history.csv", partial(_csv, pd.concat([h, h]))
    text = _csv(h)
    header = text.split(b"\n", 1)[0] + b"\n"
    yield "repeated_header", "history.csv", text.replace(b"\n", b"\n" + header, 3)
    yield (
        "duplicate_columns",
        "history.csv",
        _csv(h.assign(dup=h["inquiries"])).replace(b"dup", b"inquiries", 1),
    )
    yield "extra_columns", "history.csv", partial(_csv, h.assign(agent="王芳", note="=1+1"))
    yield "missing_column", "history.csv", partial(_csv, h.drop(columns="queue"))
    yield "renamed_columns", "history.csv", partial(_csv, h.set_axis(["a", "b", "c"], axis=1))


def _xlsx_layouts(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    small = _hourly(h)
    half = len(small) // 2

    def titled() -> bytes:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            small.to_excel(writer, sheet_name="报表", index=False, startrow=2)
            writer.sheets["报表"]["A1"] = "客服咨询量报表 2025年3月"
            writer.sheets["报表"].merge_cells("A1:C1")
        return buffer.getvalue()

    def cell(address: str, value: object) -> Callable[[], bytes]:
        def make() -> bytes:
            buffer = io.BytesIO()
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                small.to_excel(writer, sheet_name="S", index=False)
                writer.sheets["S"][address] = value
            return buffer.getvalue()

        return make

    as_text = small.assign(interval_start=small["interval_start"].dt.strftime("%Y/%m/%d %H:%M"))
    stores = pd.DataFrame({"时间": small["interval_start"].unique()}).assign(
        **{f"咨询人数(店{i})": 3 for i in range(60)}
    )
    yield "header_row_5", "history.xlsx", lambda: _xlsx({"数据": small}, startrow=4)
    yield "title_row_merged", "history.xlsx", titled
    yield "numbers_as_text", "history.xlsx", lambda: _xlsx({"S": small.astype({"inquiries": str})})
    yield "dates_as_text", "history.xlsx", lambda: _xlsx({"S": as_text})
    yield (
        "second_sheet_continues",
        "history.xlsx",
        lambda: _xlsx({"1月": small.iloc[:half], "2月": small.iloc[half:]}),
    )
    yield (
        "first_sheet_empty",
        "history.xlsx",
        lambda: _xlsx({"封面": pd.DataFrame(), "数据": small}),
    )
    yield "stray_cell_xfd", "history.xlsx", cell("XFD1048576", 1)
    yield "formula_cell", "history.xlsx", cell("C2", "=C3+C4")
    yield "error_cell", "history.xlsx", cell("C5", "#DIV/0!")
    yield "wide_store_columns", "history.xlsx", lambda: _xlsx({"S": stores})


def _hourly(h: pd.DataFrame) -> pd.DataFrame:
    """The base history's hours of its first two weeks (a small, quick xlsx)."""
    first = h[h["interval_start"] < HISTORY_START + pd.Timedelta(days=14)]
    return first.groupby([first["interval_start"].dt.floor("h"), "queue"], as_index=False)[
        "inquiries"
    ].sum()


def _queues(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    names = {
        "empty": "",
        "blank": "   ",
        "nul": "pre\x00sale",
        "newline": "pre\nsale",
        "carriage_return": "pre\rsale",
        "escape": "\x1b[31mpresale",
        "bell": "presale\x07",
        "formula": '=HYPERLINK("http://x","y")',
        "plus": "+presale",
        "minus": "-售后",
        "at": "@SUM(1)",
        "very_long": "q" * 5000,
        "emoji": "售前🛍️",
        "zero_width": "pre\u200bsale",
        "rtl": "\u202epresale",
        "markdown": "**售前** [x](http://x)",
        "html": "<script>alert(1)</script>",
        "quote": '"售前"',
        "trailing_space": "presale ",
        "tab": "pre\tsale",
        "fullwidth": "ｐｒｅｓａｌｅ",
        "chinese_for_half": "售前",
    }
    for name, text in names.items():
        yield name, "history.csv", partial(_edited, h, slice(0, 200), "queue", text)
    yield (
        "case_variants",
        "history.csv",
        partial(_edited, h, slice(0, len(h) // 2), "queue", "PRESALE"),
    )
    yield (
        "one_queue_per_row",
        "history.csv",
        partial(_csv, h.head(3000).assign(queue=[f"q{i}" for i in range(3000)])),
    )
    yield "numeric_queue", "history.csv", partial(_edited, h, slice(None), "queue", 7)


def _values(h: pd.DataFrame, rng: np.random.Generator) -> Iterator[tuple[str, str, Bytes]]:
    edits: dict[str, tuple[slice | list[int], object]] = {
        "negative": ([10, 20], -5),
        "fraction": ([10, 20], 2.5),
        "nan_text": ([10], "NaN"),
        "inf": ([10], "inf"),
        "minus_inf": ([10], "-inf"),
        "billion": ([10], 10**9),
        "trillion": ([10], 10**12),
        "huge_exponent": ([10], "1e300"),
        "text": ([10], "many"),
        "thousands": ([10], "1,234"),
        "percent": ([10], "15%"),
        "blank": (slice(0, 100), ""),
        "hex": ([10], "0x10"),
        "bool": ([10], True),
        "fullwidth_digits": ([10], "１２"),
        "spaces": ([10], " 12 "),
        "scientific": ([10], "1.2e1"),
        "negative_zero": ([10], "-0"),
        "plus_sign": ([10], "+5"),
        "float_huge": ([10], 1e20),
        "nbsp": ([10], "\xa012"),
        "currency": ([10], "¥12"),
    }
    for name, (rows, value) in edits.items():
        yield name, "history.csv", partial(_edited, h, rows, "inquiries", value)
    yield "all_zeros", "history.csv", partial(_csv, h.assign(inquiries=0))
    yield (
        "one_queue_zeros",
        "history.csv",
        partial(_csv, h.assign(inquiries=np.where(h["queue"] == "aftersale", 0, h["inquiries"]))),
    )
    spike = h.copy()
    spike.loc[spike.index[-10], "inquiries"] = 900_000
    yield "one_spike", "history.csv", partial(_csv, spike)
    yield "all_max", "history.csv", partial(_csv, h.assign(inquiries=10**6))
    yield (
        "sparse_queue",
        "history.csv",
        partial(
            _csv, pd.concat([h[h["queue"] == "presale"], h[h["queue"] == "aftersale"].iloc[::97]])
        ),
    )
    yield (
        "single_day",
        "history.csv",
        partial(_csv, h[h["interval_start"] < HISTORY_START + pd.Timedelta(days=1)]),
    )
    yield "gap_of_two_weeks", "history.csv", partial(_csv,
        h[(h["interval_start"] < HISTORY_START + pd.Timedelta(days=10))
          | (h["interval_start"] >= HISTORY_START + pd.Timedelta(days=24))]
    )  # fmt: skip
    yield "long_cell", "history.csv", partial(_edited, h, [4], "queue", "x" * 200_000)
    wide = ",".join(f"c{i}" for i in range(30_000)).encode() + b"\n" + b"1," * 29_999 + b"1\n"
    yield "thirty_thousand_columns", "history.csv", wide
    yield "one_long_line", "history.csv", b"interval_start,queue,inquiries\n" + b"9" * 9_000_000


def _history_cases(seed: int) -> Iterator[Case]:
    h = base_history()
    families: dict[str, Callable[[pd.DataFrame, np.random.Generator], Iterator[tuple[str, str, Bytes]]]] = {
        "encoding": _encoding,
        "container": _container,
        "binary": _binary,
        "dates": _dates,
        "resolution": _resolution,
        "duplicates": _duplicates,
        "xlsx": _xlsx_layouts,
        "queue": _queues,
        "values": _values,
    }  # fmt: skip
    for number, (family, make) in enumerate(families.items()):
        rng = np.random.default_rng([seed, number])
        for name, filename, data in make(h, rng):
            yield Case(family, name, "history", filename, data)


# ---------------------------------------------------------------------- calendar, config


def _calendar_cases(seed: int) -> Iterator[Case]:
    rng = np.random.default_rng([seed, 100])
    cal = pd.read_csv(SAMPLE_CALENDAR, dtype=str, keep_default_na=False)

    def case(name: str, frame: pd.DataFrame | bytes, encoding: str = "utf-8") -> Case:
        data = frame if isinstance(frame, bytes) else _csv(frame, encoding)
        return Case("calendar", name, "calendar", "calendar.csv", data)

    yield case("clean_gbk", cal, "gbk")
    yield case("utf16", cal, "utf-16")
    yield case("missing_end", cal.drop(columns="end"))
    yield case("missing_event", cal.drop(columns="event"))
    yield case("end_before_start", cal.assign(end=cal["start"].str[:10] + " 00:00").iloc[:5])
    swapped = cal.copy()
    swapped[["start", "end"]] = cal[["end", "start"]].to_numpy()
    yield case("swapped", swapped)
    yield case("unknown_phase", cal.assign(phase=["预热"] * len(cal)))
    yield case("phase_case", cal.assign(phase=cal["phase"].str.upper()))
    yield case("bad_dates", cal.assign(start="next week"))
    yield case("blank_dates", cal.assign(end=""))
    yield case("date_only", cal.assign(start=cal["start"].str[:10], end=cal["end"].str[:10]))
    yield case("far_future", cal.assign(start="2199-11-10 20:00", end="2199-11-11 23:59"))
    overlap = pd.concat([cal, cal.iloc[:3]])
    yield case("exact_repeats", overlap)
    shifted = cal.iloc[:3].copy()
    shifted["start"] = (pd.to_datetime(shifted["start"]) + pd.Timedelta(hours=2)).dt.strftime(
        "%Y-%m-%d %H:%M"
    )
    yield case("overlapping_same_phase", pd.concat([cal, shifted]))
    yield case("formula_event", cal.assign(event="=1+1"))
    yield case("newline_event", cal.assign(event="双11\n2025"))
    yield case("empty", b"")
    yield case("header_only", b"event,phase,start,end,note\n")
    yield case("binary", rng.bytes(3000))
    yield case("very_long_note", cal.assign(note="备注" * 50_000))
    starts = pd.Timestamp("2000-01-01") + pd.to_timedelta(np.arange(10_000) * 3, unit="D")
    many = pd.DataFrame(
        {
            "event": [f"e{i // 4}" for i in range(10_000)],
            "phase": np.resize(["presale", "wave", "peak_day", "after_sales"], 10_000),
            "start": starts.strftime("%Y-%m-%d %H:%M"),
            "end": (starts + pd.Timedelta(hours=20)).strftime("%Y-%m-%d %H:%M"),
            "note": "",
        }
    )
    yield case("ten_thousand_phases", many)
    overlapping = many.assign(
        start=(pd.Timestamp("2020-01-01") + pd.to_timedelta(np.arange(10_000), unit="h")).strftime("%Y-%m-%d %H:%M"),
        end="2024-01-01 00:00",
    )  # fmt: skip
    yield case("ten_thousand_overlapping", overlapping)
    yield Case("calendar", "xlsx_bytes", "calendar", "calendar.csv", lambda: _xlsx({"S": cal}))
    yield case("semicolons", _csv(cal, sep=";"))
    yield case("one_event_no_peak", cal[cal["event"] == "双11 2025"].iloc[:1])
    yield case("phase_names_chinese", cal.assign(phase=cal["phase"].map(
        {"presale": "预售", "wave": "波次", "peak_day": "爆发日"}).fillna("尾款")))  # fmt: skip
    yield case("utc_offsets", cal.assign(start=cal["start"] + "+08:00", end=cal["end"] + "+08:00"))
    yield case("no_note_column", cal.drop(columns="note"))
    yield case("emoji_events", cal.assign(event=cal["event"] + " 🔥"))


def _config_cases(seed: int) -> Iterator[Case]:
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")

    def case(name: str, body: str | bytes) -> Case:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return Case("config", name, "config", "plan.toml", data)

    replacements = {
        "aht_huge": ("aht_seconds = 300", "aht_seconds = 1e300"),
        "aht_tiny": ("aht_seconds = 300", "aht_seconds = 1e-9"),
        "aht_zero": ("aht_seconds = 300", "aht_seconds = 0"),
        "aht_text": ("aht_seconds = 300", 'aht_seconds = "300"'),
        "aht_nan": ("aht_seconds = 300", "aht_seconds = nan"),
        "aht_inf": ("aht_seconds = 300", "aht_seconds = inf"),
        "aht_bool": ("aht_seconds = 300", "aht_seconds = true"),
        "concurrency_zero": ("max_concurrency = 3", "max_concurrency = 0"),
        "concurrency_huge": ("max_concurrency = 3", "max_concurrency = 100000"),
        "slowdown_negative": ("concurrency_slowdown = 0.10", "concurrency_slowdown = -1"),
        "service_level_percent": ("service_level = 0.80", "service_level = 80"),
        "service_level_one": ("service_level = 0.80", "service_level = 1.0"),
        "occupancy_zero": ("max_occupancy = 0.85", "max_occupancy = 0"),
        "shrinkage_one": ("shrinkage = 0.30", "shrinkage = 1.0"),
        "bot_everything": ("bot_resolution = 0.30", "bot_resolution = 1.0"),
        "quantile_unknown": ('forecast_quantile = "p80"', 'forecast_quantile = "p99"'),
        "hours_reversed": (
            'service_hours = ["08:00", "24:00"]',
            'service_hours = ["24:00", "08:00"]',
        ),
        "hours_text": ('service_hours = ["08:00", "24:00"]', 'service_hours = ["8am", "midnight"]'),
        "hours_25": ('service_hours = ["08:00", "24:00"]', 'service_hours = ["08:00", "25:00"]'),
        "interval_7": ("interval_minutes = 15", "interval_minutes = 7"),
        "interval_text": ("interval_minutes = 15", 'interval_minutes = "15"'),
        "timezone_unknown": ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"'),
        "timezone_utc": ('timezone = "Asia/Shanghai"', 'timezone = "UTC"'),
        "holidays_unknown": ('holidays = "CN"', 'holidays = "XX"'),
        "holidays_none": ('holidays = "CN"', 'holidays = "none"'),
        "holidays_gb": ('holidays = "CN"', 'holidays = "GB"'),
        "model_unknown": ('model = "erlang_a"', 'model = "erlang_z"'),
        "patience_zero": ("patience_seconds = 180", "patience_seconds = 0"),
        "min_agents_huge": ("min_agents = 2", "min_agents = 1000000"),
        "min_agents_negative": ("min_agents = 2", "min_agents = -1"),
    }
    for name, (old, new) in replacements.items():
        yield case(name, text.replace(old, new, 1))
    labour = {
        "ft_agents_huge": ("ft_agents", "100000"),
        "ft_agents_negative": ("ft_agents", "-3"),
        "ft_agents_float": ("ft_agents", "4.5"),
        "pt_pool_huge": ("pt_pool", "10000000"),
        "time_limit_zero": ("time_limit_seconds", "0"),
        "time_limit_negative": ("time_limit_seconds", "-5"),
        "gap_negative": ("gap_rel", "-0.1"),
        "penalty_huge": ("shortfall_penalty_per_agent_hour", "1e300"),
        "penalty_zero": ("shortfall_penalty_per_agent_hour", "0"),
    }
    for name, (key, value) in labour.items():
        lines = [
            f"{key} = {value}" if line.split("=")[0].strip() == key else line
            for line in text.splitlines()
        ]
        body = "\n".join(lines)
        if body == text.rstrip("\n"):  # the key is not in the sample: add it where it belongs
            section = "[solver]" if key in ("time_limit_seconds", "gap_rel") else (
                "[costs]" if "penalty" in key else "[labour]")  # fmt: skip
            body = text.replace(section, f"{section}\n{key} = {value}", 1)
        yield case(name, body)
    yield case("empty", "")
    yield case("comment_only", "# nothing\n")
    yield case("syntax_error", text + "\n[queues.presale\n")
    yield case("unclosed_string", text.replace('"Asia/Shanghai"', '"Asia/Shanghai', 1))
    yield case(
        "duplicate_key",
        text.replace("interval_minutes = 15", "interval_minutes = 15\ninterval_minutes = 30", 1),
    )
    yield case("deep_array", text + "\ndeep = " + "[" * 5000 + "]" * 5000 + "\n")
    yield case("deep_table", text + "\ndeep = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    yield case("unknown_key", text + '\nfavourite_colour = "red"\n')
    yield case("unknown_section", text + "\n[weather]\nrain = true\n")
    yield case("typo_key", text.replace("aht_seconds", "aht_second", 1))
    yield case(
        "no_queues", "\n".join(line for line in text.splitlines() if not line.startswith("[queues"))
    )
    yield case("bom", b"\xef\xbb\xbf" + text.encode())
    yield case("gbk", text.encode("gbk", errors="replace"))
    yield case("utf16", text.encode("utf-16"))
    yield case("binary", np.random.default_rng([seed, 200]).bytes(4000))
    yield case("nul", text.replace("\n", "\n\x00", 1))
    yield case("queue_unknown_to_history", text.replace("[queues.presale]", "[queues.售前]", 1).replace(
        "[queues.presale.", "[queues.售前.", 1))  # fmt: skip
    yield case("huge_string", text + '\nnote = "' + "x" * 2_000_000 + '"\n')
    yield case("shift_start_25", text.replace('"08:00"', '"25:00"', 1))
    yield case("crlf", text.replace("\n", "\r\n"))


def corpus(seed: int = 2026) -> list[Case]:
    """Every case, in a fixed order (the same bytes for the same ``seed``)."""
    cases = [*_history_cases(seed), *_calendar_cases(seed), *_config_cases(seed)]
    keys = [c.key for c in cases]
    assert len(keys) == len(set(keys)), "case names must be unique"
    return cases


def sample(cases: list[Case], n: int, seed: int) -> list[Case]:
    """``n`` cases spread over the families (each family's share, at least one of each)."""
    rng = np.random.default_rng(seed)
    families = sorted({c.family for c in cases})
    per = {f: [c for c in cases if c.family == f] for f in families}
    chosen: list[Case] = []
    for family in families:
        share = max(1, round(n * len(per[family]) / len(cases)))
        picks = rng.choice(len(per[family]), size=min(share, len(per[family])), replace=False)
        chosen += [per[family][int(i)] for i in sorted(picks)]
    return chosen


def write_inputs(case: Case, folder: Path) -> dict[str, Path]:
    """The case's file and the clean base files in ``folder``: ``history``, ``calendar``,
    ``config`` paths (the case replacing its role)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "history": folder / "base_history.csv",
        "calendar": SAMPLE_CALENDAR,
        "config": SAMPLE_CONFIG,
    }
    if not paths["history"].exists():
        paths["history"].write_bytes(_csv(base_history()))
    target = folder / case.filename
    target.write_bytes(case.data)
    paths[case.role] = target
    return paths
