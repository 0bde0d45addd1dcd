"""Reading the planner's files: history exports and the campaign calendar.

Shop back-ends (千牛, 京东咚咚, independent stores) export hourly or 15-minute statistics in
many shapes. This module turns any of them into the tidy frames of ``docs/contracts.md``:

- encodings: UTF-8, UTF-8 with BOM, GBK/GB18030; ``.csv``, ``.csv.gz``, ``.xlsx``;
- headers: the contract names or the Chinese headers back-ends use (``日期`` + ``小时`` or
  ``时段`` like ``20:00-21:00``, ``时间``, ``咨询人数``, ``转人工``/``接待人数``,
  ``平均响应时长``); units in brackets (``咨询人数(人)``) are ignored;
- numbers with thousands separators (``1,234``), durations like ``25秒`` or ``00:01:05``,
  rates like ``85.3%``;
- timestamps ISO 8601 (naive or with an offset, converted to shop time), ``2025/11/11 20:00``,
  ``2025年11月11日 20:00``, ``20251111 2000`` and Excel date cells.

Cell-level parsing lives here; grid-level checks (resolution, gaps, duplicates, outages) and the
data-quality report live in :mod:`forecaster.validation`. Every problem message names the
file, the row (as a spreadsheet shows it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from forecaster.errors import InputDataError
from forecaster.messages import msg

SHOP_TIMEZONE = "Asia/Shanghai"
"""Times with an offset are converted to this zone and used as naive shop time."""


def to_shop_time(stamps: Any, timezone: str = SHOP_TIMEZONE) -> Any:
    """Timestamps (a scalar or a Series) in naive shop time: offsets converted, naive kept."""
    if isinstance(stamps, pd.Series):
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            return stamps.dt.tz_convert(timezone).dt.tz_localize(None)
        return stamps
    stamp = pd.Timestamp(stamps)
    return stamp.tz_convert(timezone).tz_localize(None) if stamp.tzinfo is not None else stamp


MAX_COUNT = 10**6
"""Largest plausible count of chats in one interval (1,100 a second for 15 minutes, beyond
any shop's 双11 night); beyond it a cell is a typo (10⁹ made staffing allocate 24 GB)."""

PathOrBuffer = str | Path | bytes | IO[bytes] | IO[str] | Any
"""A path, raw bytes, or an open file / upload object with ``read()`` (and maybe ``name``)."""

MAX_LISTED = 10
"""How many offending rows one message lists before it says '... and N more'."""

HISTORY_ALIASES: dict[str, tuple[str, ...]] = {
    "interval_start": (
        "interval_start",
        "interval",
        "timestamp",
        "datetime",
        "date_time",
        "time",
        "时间",
        "时间点",
        "日期时间",
        "开始时间",
        "统计时间",
        "时刻",
    ),
    "date": ("date", "day", "日期", "统计日期", "日"),
    "hour": ("hour", "小时", "时", "小时段"),
    "period": ("period", "slot", "时段", "时间段", "统计时段"),
    "queue": (
        "queue",
        "队列",
        "客服组",
        "分组",
        "接待组",
        "技能组",
        "咨询类型",
        "业务类型",
        "组别",
    ),
    "inquiries": (
        "inquiries",
        "咨询人数",
        "咨询量",
        "咨询数",
        "咨询次数",
        "咨询会话数",
        "进线量",
        "进线人数",
        "进线数",
    ),
    "human_inquiries": (
        "human_inquiries",
        "转人工",
        "转人工人数",
        "转人工量",
        "转人工数",
        "接待人数",
        "人工接待人数",
        "人工接待量",
    ),
    "aht_seconds": (
        "aht_seconds",
        "aht",
        "平均接待时长",
        "平均会话时长",
        "平均处理时长",
    ),
    "asa_seconds": (
        "asa_seconds",
        "asa",
        "平均响应时长",
        "平均首次响应时长",
        "首次响应时长",
        "平均首响时长",
    ),
    "answered_within_30s": (
        "answered_within_30s",
        "30秒应答率",
        "首次30秒应答率",
        "30s应答率",
        "三十秒应答率",
    ),
}

CALENDAR_ALIASES: dict[str, tuple[str, ...]] = {
    "event": ("event", "campaign", "活动", "大促", "活动名称", "大促名称"),
    "phase": ("phase", "阶段", "活动阶段", "节奏"),
    "start": ("start", "start_time", "开始", "开始时间", "起始时间"),
    "end": ("end", "end_time", "结束", "结束时间", "截止时间"),
    "note": ("note", "notes", "comment", "备注", "说明"),
    "heat": ("heat", "热度", "活动热度", "力度"),
}

QUEUE_VALUES = {"售前": "presale", "售后": "aftersale", "全部": "all"}

PHASES = ("presale", "wave", "final_payment", "peak_day", "after_sales")
PHASE_VALUES = {
    "预售": "presale",
    "定金": "presale",
    "付定金": "presale",
    "开门红": "wave",
    "波次": "wave",
    "正式": "wave",
    "正式售卖": "wave",
    "现货": "wave",
    "第一波": "wave",
    "第二波": "wave",
    "返场": "wave",
    "尾款": "final_payment",
    "付尾款": "final_payment",
    "爆发日": "peak_day",
    "当天": "peak_day",
    "高峰日": "peak_day",
    "大促当天": "peak_day",
    "售后": "after_sales",
    "售后高峰": "after_sales",
}


@dataclass(frozen=True)
class Table:
    """A raw table as read from a file: text cells, spreadsheet row numbers kept."""

    frame: pd.DataFrame
    """Cells as read (strings for CSV, Python objects for Excel), canonical column names."""
    source: str
    """File name used in messages, e.g. ``history.csv``."""
    original_columns: tuple[str, ...]
    """The headers as they appear in the file."""
    row_numbers: np.ndarray
    """Spreadsheet row number (header = row 1) of each row of ``frame``."""
    summary_rows: tuple[int, ...] = ()
    """Rows dropped as a report's totals/average rows (合计, 总计 ...)."""
    ambiguous: tuple[str, ...] = ()
    """One message per canonical column that several file columns claim."""
    left_out_sheets: tuple[str, ...] = ()
    """Other sheets of a workbook whose header names the same known columns as the sheet
    read (a table continued on a second sheet): not read, and said so."""
    encoding: str = "utf-8"
    """How a CSV's bytes were decoded (``utf-8``, ``utf-16``, ``gb18030`` or
    :data:`WESTERN`, which validation reports); ``xlsx`` for a workbook."""

    def rows(self, mask: pd.Series | np.ndarray) -> list[int]:
        """Spreadsheet row numbers of the rows selected by the boolean ``mask``."""
        return [int(r) for r in self.row_numbers[np.asarray(mask, dtype=bool)]]


def source_name(src: PathOrBuffer, name: str | None = None) -> str:
    """The file name to use in messages for ``src``."""
    if name:
        return name
    if isinstance(src, str | Path):
        return Path(src).name
    return Path(str(getattr(src, "name", "") or "<upload>")).name


@dataclass(frozen=True)
class InputLimits:
    """What one input file may hold; beyond it the file is refused with one line naming
    the limit (a gzip of newlines or a sheet with one stray cell in column XFD would
    otherwise take gigabytes). Set by the environment variables in brackets."""

    megabytes: int = 256
    """Text after unpacking [MB] (``FORECASTER_MAX_INPUT_MB``); a year of 15-minute
    history of a big shop is under 10 MB."""
    rows: int = 5_000_000
    """Rows (``FORECASTER_MAX_ROWS``): 140 years of 15-minute rows for one queue."""
    columns: int = 1_000
    """Columns (``FORECASTER_MAX_COLUMNS``)."""


def input_limits() -> InputLimits:
    """The limits of :class:`InputLimits`, as the environment sets them."""
    values = {}
    for field, variable in (
        ("megabytes", "FORECASTER_MAX_INPUT_MB"),
        ("rows", "FORECASTER_MAX_ROWS"),
        ("columns", "FORECASTER_MAX_COLUMNS"),
    ):
        text = os.environ.get(variable, "").strip()
        if text:
            try:
                values[field] = max(int(text), 1)
            except ValueError:
                raise InputDataError(f"{variable}={text!r} must be a whole number") from None
    return InputLimits(**values)


def _check_size(size: int, source: str, limit: InputLimits) -> None:
    if size > limit.megabytes * 1024**2:
        raise InputDataError(
            msg(
                "err.too_big", source=source, mb=limit.megabytes, variable="FORECASTER_MAX_INPUT_MB"
            )
        )


def _gunzip(data: bytes, source: str, limit: InputLimits) -> bytes:
    """Unpack gzip data (every member), refusing more than the size limit: a small gzip can
    unpack to gigabytes."""
    cap = limit.megabytes * 1024**2
    out: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
            chunk = unpack.decompress(rest, cap + 1 - size)
            size += len(chunk)
            out.append(chunk)
            if size > cap or unpack.unconsumed_tail:
                _check_size(cap + 1, source, limit)
            if not unpack.eof:
                raise EOFError("the file ends before the end of its data")
            rest = unpack.unused_data.lstrip(b"\0")
            if rest[:2] != b"\x1f\x8b":
                break  # trailing bytes after the last member are ignored, as gzip does
    except (zlib.error, EOFError) as exc:
        raise InputDataError(f"{source}: broken gzip file ({exc})") from None
    return b"".join(out)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_workbook(data: bytes, source: str, limit: InputLimits) -> None:
    """Refuse an ``.xlsx`` whose parts unpack past the size limit, or a sheet whose used
    range (its ``<dimension>``) is wider or taller than the limits: the reader holds a sheet
    as a full grid, so one stray cell in column XFD turns a small table into gigabytes."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the workbook reader says so
    _check_size(sum(p.file_size for p in parts), source, limit)
    for part in parts:
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", part.filename):
            continue
        try:
            with book.open(part) as sheet:
                head = sheet.read(4096)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, zlib.error):
            return
        found = _DIMENSION.search(head)
        if found is None or found.group(3) is None:
            continue
        width = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
        height = int(found.group(4)) - int(found.group(2)) + 1
        name = Path(part.filename).stem
        used = f"{found.group(1).decode()}{int(found.group(2))}:{found.group(3).decode()}{int(found.group(4))}"
        if width > limit.columns:
            raise InputDataError(
                msg(
                    "err.sheet_too_wide",
                    source=source,
                    sheet=name,
                    range=used,
                    n=width,
                    limit=limit.columns,
                    variable="FORECASTER_MAX_COLUMNS",
                )
            )
        if height > limit.rows:
            raise InputDataError(
                msg(
                    "err.too_many_rows",
                    source=source,
                    n=height,
                    limit=limit.rows,
                    variable="FORECASTER_MAX_ROWS",
                )
            )


def _read_bytes(src: PathOrBuffer, source: str) -> bytes:
    if isinstance(src, bytes):
        return src
    if isinstance(src, str | Path):
        try:
            return Path(src).read_bytes()
        except FileNotFoundError:
            raise InputDataError(f"{source}: file not found ({src})") from None
        except IsADirectoryError:
            raise InputDataError(f"{source}: is a directory, expected a file ({src})") from None
        except OSError as exc:
            raise InputDataError(f"{source}: cannot be read ({exc.strerror})") from None
    if hasattr(src, "getvalue"):
        data = src.getvalue()
    elif hasattr(src, "read"):
        if hasattr(src, "seek"):
            src.seek(0)
        data = src.read()
    else:
        raise InputDataError(
            f"{source}: expected a path or a file object, got {type(src).__name__}"
        )
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


WESTERN = "cp1252"
"""The Western European encoding (Windows-1252, a superset of Latin-1's letters) a file is
read in when its bytes are not UTF-8 and do not look like Chinese."""


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 with BOM (Excel 'Unicode text'), UTF-8 (with or without
    BOM), else GB18030 (a superset of GBK) unless the bytes look Western European
    (:func:`_looks_western`: then :data:`WESTERN`, which the caller reports). Returns the
    text and the encoding used."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_western(data):
        return data.decode(WESTERN, errors="replace"), WESTERN
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputDataError(f"{source}: cannot decode the file as UTF-8 or GBK/GB18030 text")


def _looks_western(data: bytes) -> bool:
    """Whether non-UTF-8 bytes read as Western European text rather than Chinese: in GBK and
    GB18030 a byte of 0x80 or more comes in pairs (or between digits, in GB18030's four-byte
    form), while an accented letter of Latin-1 or Windows-1252 stands alone between ASCII
    letters. Most such bytes alone means Western."""
    count = alone_count = 0
    step = 4_000_000  # bounded memory on a file of hundreds of MB; a few chunks decide
    for first in range(0, len(data), step):
        b = np.frombuffer(data[max(first - 1, 0) : first + step + 1], dtype=np.uint8)
        high = b >= 0x80
        before = np.r_[False, high[:-1]]
        after = np.r_[high[1:], False]
        following = np.r_[b[1:], np.uint8(0x20)]
        digit = (following >= 0x30) & (following <= 0x39)
        own = slice(1 if first else 0, len(b) - 1 if first + step < len(data) else len(b))
        count += int(high[own].sum())
        alone_count += int((high & ~before & ~after & ~digit)[own].sum())
        if count >= 100_000:
            break
    return count > 0 and alone_count >= 0.5 * count


def _normalise_header(text: object) -> str:
    header = str(text).strip().lstrip("\ufeff").strip("\"'")
    header = re.sub(r"[（(\[【].*?[)）\]】]", "", header)
    return re.sub(r"\s+", "", header).lower()


def _canonical_columns(
    columns: Iterable[object], aliases: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """Map each original column to its canonical name (first alias match wins)."""
    mapping: dict[str, str] = {}
    for canon, originals in _alias_matches(columns, aliases).items():
        mapping[originals[0]] = canon
    return mapping


def _alias_matches(
    columns: Iterable[object], aliases: dict[str, tuple[str, ...]]
) -> dict[str, list[str]]:
    """Every original column that means each canonical name, in file order."""
    lookup = {alias.lower(): canon for canon, names in aliases.items() for alias in names}
    matches: dict[str, list[str]] = {}
    names = [str(c) for c in columns]
    for col in names:
        base = re.sub(r"\.\d+$", "", col)  # 'inquiries.1': pandas' name for a repeated header
        canon = lookup.get(_normalise_header(base if base in names else col))
        if canon is not None:
            matches.setdefault(canon, []).append(str(col))
    return matches


HEADER_SEARCH_ROWS = 10
"""Title lines a back-end report may put above the header row (店铺咨询报表 ...)."""
SUMMARY_LABELS = re.compile(r"^(合计|总计|汇总|小计|平均|均值|total|sum|average)[:：]?$", re.I)
"""Cells that mark a totals/average row at the bottom of a report."""


def _header_index(rows: Sequence[Sequence[object]], aliases: dict[str, tuple[str, ...]]) -> int:
    """Index of the row among the first few that names the most known columns (0 if none)."""
    scores = [len(_canonical_columns(row, aliases)) for row in rows[:HEADER_SEARCH_ROWS]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=0)
    return best if scores and scores[best] > scores[0] else 0


def _read_excel(
    data: bytes, source: str, aliases: dict[str, tuple[str, ...]]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The sheet whose header names the most known columns (the first sheet on a tie), and
    the names of the other sheets whose headers name the same known columns."""
    try:
        sheets = pd.read_excel(
            io.BytesIO(data), dtype=object, engine="calamine", header=None, sheet_name=None
        )
    except Exception as exc:  # the reader raises many types on a corrupt workbook
        raise InputDataError(f"{source}: cannot read the Excel workbook ({exc})") from None
    best: tuple[int, int, str] | None = None
    known: dict[str, frozenset[str]] = {}
    for name, sheet in sheets.items():
        if sheet.empty:
            continue
        rows = sheet.head(HEADER_SEARCH_ROWS).values.tolist()
        head = _header_index(rows, aliases)
        columns = _canonical_columns(rows[head], aliases)
        known[str(name)] = frozenset(columns.values())
        if best is None or len(columns) > best[0]:
            best = (len(columns), head, str(name))
    if best is None:
        raise InputDataError(f"{source}: every sheet of the workbook is empty")
    score, head, name = best
    same = tuple(n for n, cols in known.items() if n != name and score and cols == known[name])
    sheet = sheets[name]
    frame = sheet.iloc[head + 1 :]
    frame.columns = _unique_headers(
        ["" if pd.isna(c) else str(c).strip() for c in sheet.iloc[head]]
    )
    frame.index = frame.index - 1  # sheet row = index + 2, as for CSV (header on row 1)
    return frame, same


def _unique_headers(headers: Sequence[str]) -> pd.Index:
    """Headers made unique the way pandas does for CSV (``a``, ``a.1``); blanks named."""
    seen: dict[str, int] = {}
    out = []
    for i, header in enumerate(headers):
        header = header or f"Unnamed: {i}"
        count = seen.get(header, 0)
        seen[header] = count + 1
        out.append(header if count == 0 else f"{header}.{count}")
    return pd.Index(out)


_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(text: str, source: str, aliases: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    limit = input_limits()
    rows = text.count("\n")
    if rows > limit.rows:
        raise InputDataError(
            msg(
                "err.too_many_rows",
                source=source,
                n=rows,
                limit=limit.rows,
                variable="FORECASTER_MAX_ROWS",
            )
        )
    lines = text.splitlines()
    first = lines[:HEADER_SEARCH_ROWS]
    widest = max((len(re.findall(r"[,\t;]", line)) + 1 for line in first), default=0)
    if widest > limit.columns:
        raise InputDataError(
            msg(
                "err.too_many_columns",
                source=source,
                n=widest,
                limit=limit.columns,
                variable="FORECASTER_MAX_COLUMNS",
            )
        )
    head = _header_index([re.split(r"[,\t;]", line) for line in first], aliases)
    header_line = first[head] if first else ""
    sep = max((",", "\t", ";"), key=header_line.count)
    data_line = next((line for line in lines[head + 1 :] if line.strip()), "")
    try:
        header = next(csv.reader([header_line], delimiter=sep), [])
        cells = next(csv.reader([data_line], delimiter=sep), [])
    except csv.Error:  # a cell over the csv module's field limit (131,072 characters)
        raise InputDataError(
            msg("err.long_cell", source=source, limit=f"{csv.field_size_limit():,}")
        ) from None
    options: dict[str, Any] = {
        "sep": sep,
        "dtype": str,
        "keep_default_na": False,
        "skip_blank_lines": True,
        "skipinitialspace": True,
        "index_col": False,
    }
    extra = max(len(cells) - len(header), 0)
    if extra:  # data rows are longer than the header: only a trailing separator is harmless
        names = [*header, *(f"_extra{i}" for i in range(extra))]
        options |= {"header": None, "names": names, "skiprows": head + 1}
    else:
        options |= {"skiprows": head}
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError as exc:
        bad = _BAD_LINE.search(str(exc))
        if bad:
            want, line, got = bad.groups()
            raise InputDataError(
                f"{source} row {int(line) + head}: has {got} cells, the header has {want} "
                "(a value containing the separator needs quotes)"
            ) from None
        raise InputDataError(f"{source}: not a valid CSV table ({exc})") from None
    except pd.errors.EmptyDataError:
        raise InputDataError(f"{source}: the file has no table") from None
    # Spreadsheet row of each data row (header on line head + 1): blank lines were skipped
    # by the parser, messages must still count them.
    if text.rstrip("\r\n").count("\n") - head == len(frame):
        frame.index = frame.index + head
    else:
        numbers = [n for n, line in enumerate(lines, start=1) if n > head + 1 and line.strip()]
        if len(numbers) == len(frame):
            frame.index = pd.Index(numbers) - 2
    if extra:
        spill = [c for c in frame.columns[len(header) :] if (frame[c] != "").any()]
        if spill:
            row = int(frame.index[(frame[spill[0]] != "").to_numpy()][0]) + 2
            raise InputDataError(
                f"{source} row {row}: has more cells than the header's {len(header)} "
                "(a value containing the separator needs quotes)"
            )
        frame = frame.iloc[:, : len(header)]
    return frame


def read_table(
    src: PathOrBuffer, aliases: dict[str, tuple[str, ...]], name: str | None = None
) -> Table:
    """Read a CSV (any supported encoding, maybe gzipped) or an ``.xlsx`` sheet.

    The header row is the first row, or the row among the first ten that names the most
    known columns (reports often put a title above it). Blank rows and a totals row at the
    bottom (合计, 总计, 平均 ...) are dropped and listed in ``summary_rows``. Columns are
    renamed to their canonical names; unknown columns are kept as they are. Raises
    :class:`InputDataError` when the file cannot be read at all.
    """
    source = source_name(src, name)
    data = _read_bytes(src, source)
    limit = input_limits()
    _check_size(len(data), source, limit)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source, limit)
    if not data.strip():
        raise InputDataError(f"{source}: the file is empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if data[:4] == b"PK\x03\x04":
            _check_workbook(data, source, limit)
        frame, left_out = _read_excel(data, source, aliases)  # .xlsx (zip) or .xls (OLE2)
        encoding = "xlsx"
    elif data.lstrip()[:100].lower().startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        raise InputDataError(
            f"{source}: is a web page or XML saved under a spreadsheet name, not a real "
            "workbook; open it in Excel and save it as .xlsx or CSV"
        )
    else:
        left_out = ()
        text, encoding = _decode(data, source)
        frame = _read_csv(text, source, aliases)
    original = tuple(str(c) for c in frame.columns)
    frame.columns = pd.Index(original)
    blank = (frame.isna() | (frame == "")).all(axis=1).to_numpy(dtype=bool)
    summary = np.zeros(len(frame), dtype=bool)
    ends = np.unique(np.r_[0:3, len(frame) - 5 : len(frame)].clip(0, max(len(frame) - 1, 0)))
    if len(frame) and len(frame.columns):  # totals rows sit right under the header or at the end
        cells = frame.iloc[ends, : min(3, len(frame.columns))].apply(as_text)
        summary[ends] = cells.apply(lambda col: col.str.match(SUMMARY_LABELS)).any(axis=1)
    row_numbers = frame.index.to_numpy() + 2
    keep = ~blank & ~summary
    frame = frame[keep].reset_index(drop=True).rename(columns=_canonical_columns(original, aliases))
    ambiguous = tuple(
        f"{source}: columns {', '.join(repr(c) for c in cols)} all mean '{canon}'; keep one "
        "(for one column per queue, put the queue in a 'queue'/'客服组' column instead)"
        for canon, cols in _alias_matches(original, aliases).items()
        if len(cols) > 1
    )
    return Table(
        frame,
        source,
        original,
        row_numbers[keep],
        tuple(row_numbers[summary].tolist()),
        ambiguous,
        left_out,
        encoding,
    )


_LABEL_TRIM = "()（）[]【】_-—·:： "
PER_QUEUE_COLUMNS = ("inquiries", "human_inquiries")
"""Counts a back-end may export as one column per queue (``咨询人数(售前)``, ``售后咨询人数``)."""


def _queue_label(header: str, aliases: tuple[str, ...]) -> str | None:
    """The queue a per-queue column names (``咨询人数(售前)`` → ``售前``), or None."""
    text = re.sub(r"\s+", "", str(header)).lower()
    for alias in sorted(aliases, key=len, reverse=True):
        if alias.lower() in text and text != alias.lower():
            label = text.replace(alias.lower(), "", 1).strip(_LABEL_TRIM)
            if label and not re.search(r"[（(\[【].*[)）\]】]", label):
                return label
    return None


def melt_queue_columns(table: Table, aliases: dict[str, tuple[str, ...]]) -> Table:
    """Turn one count column per queue into rows with a ``queue`` column.

    Applies when the file has no queue column and at least two ``inquiries`` columns carry
    a queue label; ``human_inquiries`` columns with the same labels go along. Messages about
    the melted cells name the file's own columns.
    """
    if "queue" in table.frame.columns:
        return table
    per_queue: dict[str, dict[str, str]] = {}
    for canon in PER_QUEUE_COLUMNS:
        for col in table.original_columns:
            label = _queue_label(col, aliases[canon])
            if label is not None and (canon == "inquiries" or label in per_queue["inquiries"]):
                per_queue.setdefault(canon, {})[label] = col
        per_queue.setdefault(canon, {})
    per_queue = {canon: cols for canon, cols in per_queue.items() if cols}
    labels = list(per_queue.get("inquiries", {}))
    if len(labels) < 2:
        return table
    wide = table.frame.set_axis(list(table.original_columns), axis=1)
    melted = {c for cols in per_queue.values() for c in cols.values()}
    keep = [c for c in table.original_columns if c not in melted]
    renames = _canonical_columns(keep, aliases)
    parts = []
    for label in labels:
        part = wide[keep].rename(columns=renames)
        part["queue"] = QUEUE_VALUES.get(label, label)
        for name, cols in per_queue.items():
            if label in cols:
                part[name] = wide[cols[label]].to_numpy()
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    names = {c: renames.get(c, c) for c in keep}
    original = [*names, "queue"] + [
        " / ".join(cols[label] for label in labels if label in cols) for cols in per_queue.values()
    ]
    frame = frame[[*names.values(), "queue", *per_queue]]
    ambiguous = tuple(
        m for m in table.ambiguous if not any(f"all mean '{c}'" in m for c in per_queue)
    )
    return replace(
        table,
        frame=frame,
        original_columns=tuple(original),
        row_numbers=np.tile(table.row_numbers, len(labels)),
        ambiguous=ambiguous,
    )


# --------------------------------------------------------------------------- cell parsing


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped strings; empty cells (and Excel blanks) become ''."""
    if isinstance(values.dtype, pd.StringDtype):  # CSV cells: fast, vectorised
        return values.fillna("").str.strip()
    text = values.astype(object).where(values.notna(), "")
    return text.map(lambda v: v if isinstance(v, str) else str(v)).str.strip()


def listing(rows: Sequence[object]) -> str:
    """'2, 3, 4 and 20 more': row numbers for a message."""
    shown = tuple(rows[:MAX_LISTED])
    more = len(rows) - MAX_LISTED
    return (
        msg("list.items_more", items=shown, n=more) if more > 0 else msg("list.items", items=shown)
    )


def cell_problem(table: Table, column: str, mask: pd.Series | np.ndarray, expectation: str) -> str:
    """One message for every row selected by ``mask`` that breaks ``expectation``."""
    rows = table.rows(mask)
    sample = table.frame[column].iloc[int(np.flatnonzero(np.asarray(mask, dtype=bool))[0])]
    text = "" if pd.isna(sample) else str(sample).strip()
    got = f"got {text!r}" if text else "got an empty cell"
    original = original_name(table, column)
    where = f"row {rows[0]}" if len(rows) == 1 else f"rows {listing(rows)}"
    return f"{table.source} {where}, column {original}: {expectation}, {got}"


def original_name(table: Table, column: str) -> str:
    for orig, canon in zip(table.original_columns, table.frame.columns, strict=False):
        if canon == column:
            return orig if orig == column else f"{orig} ({column})"
    return column


_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y%m%d %H:%M:%S",
    "%Y%m%d %H:%M",
    "%Y%m%d %H%M",
    "%Y%m%d%H%M%S",
    "%Y%m%d%H%M",
    "%Y%m%d",
    "%Y-%m-%d %H",
)
_YEARS = (1990, 2200)
"""Plausible years; a cell like ``000111`` is a typo, not 1 January of year 1."""
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _fill(out: pd.Series, todo: pd.Series, formats: Iterable[str]) -> pd.Series:
    """Parse ``todo`` with each format in turn into ``out``; returns what is still unparsed.

    The first format (in the given order) that parses every one of the first cells is tried
    first: a format that fails on a whole column costs pandas' slow per-cell fallback
    (0.4 s per 100,000 cells), and a shop's export uses one format."""
    formats = list(formats)
    head = todo.iloc[:32]
    for fmt in formats:
        if not head.empty and pd.to_datetime(head, format=fmt, errors="coerce").notna().all():
            formats.remove(fmt)
            formats.insert(0, fmt)
            break
    for fmt in formats:
        if todo.empty:
            break
        parsed = pd.to_datetime(todo, format=fmt, errors="coerce")
        ok = parsed.dt.year.between(*_YEARS)
        if ok.any():
            out[todo.index[ok]] = parsed[ok].astype("datetime64[ns]")
            todo = todo[~ok]
    return todo


def parse_datetimes(values: pd.Series, timezone: str = "Asia/Shanghai") -> pd.Series:
    """Parse timestamps in the formats back-ends export; NaT where a cell cannot be parsed.

    Values with a UTC offset are converted to ``timezone`` and made naive (shop time).
    """
    uniques = pd.unique(values)
    if len(uniques) * 4 < len(values):  # a 日期 column: parse each distinct date once
        parsed = parse_datetimes(pd.Series(uniques, dtype=values.dtype), timezone)
        lookup = pd.Series(parsed.to_numpy(), index=pd.Index(uniques))
        if lookup.index.is_unique:  # None and NaN can both appear in Excel cells
            return pd.Series(lookup.reindex(values.to_numpy()).to_numpy(), index=values.index)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    is_stamp = pd.Series(False, index=values.index)
    if values.dtype == object:  # Excel cells may already be datetimes
        is_stamp = values.map(
            lambda v: isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year")
        ).astype(bool)
    if is_stamp.any():
        stamps = pd.to_datetime(values[is_stamp], errors="coerce")
        stamps = stamps.where(stamps.dt.year.between(*_YEARS))
        out[is_stamp] = stamps.astype("datetime64[ns]")
    text = as_text(values[~is_stamp])
    todo = _fill(out, text[text != ""], _DATETIME_FORMATS[:2])  # the common case, fast
    if todo.empty:
        return out
    todo = (
        todo.str.replace(r'^="?|"$', "", regex=True)  # Excel's ="2025-11-11 20:00" text cells
        .str.replace(r"(:\d{2})\.\d+", r"\1", regex=True)  # milliseconds
        .str.replace("年", "-", regex=False)
        .str.replace("月", "-", regex=False)
        .str.replace("日", " ", regex=False)
        .str.replace("/", "-", regex=False)
        .str.replace("：", ":", regex=False)
        .str.replace("T", " ", regex=False)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )
    with_offset = todo.str.contains(_OFFSET, regex=True) & todo.str.contains(":", regex=False)
    if with_offset.any():
        parsed = pd.to_datetime(
            todo[with_offset].str.replace(" ", "T", n=1),
            format="ISO8601",
            utc=True,
            errors="coerce",
        )
        local = parsed.dt.tz_convert(timezone).dt.tz_localize(None)
        local = local.where(local.dt.year.between(*_YEARS))
        out[with_offset[with_offset].index] = local.astype("datetime64[ns]")
    _fill(out, todo[~with_offset], _DATETIME_FORMATS)
    return out


_TIME_OF_DAY = re.compile(
    r"^(\d{1,2})\s*(?:[:：时点]\s*(\d{2})?)?(?:[:：分]\s*\d{2}\s*秒?)?"
    r"(?:\s*(?:[-~～至—–]|到)\s*\d{1,2}(?:[:：时点]\s*(?:\d{2})?)?(?:[:：]\d{2})?)?$"
)
"""A time of day (``20``, ``20:15``, ``20时``, ``20:15:00``) or a period (``20:00-21:00``,
``0:00~0:59``, ``20-21``, ``20:00至21:00``); the start counts."""


def parse_time_of_day(values: pd.Series) -> pd.Series:
    """Minutes after midnight from a time of day or a period's start.

    NaN where a cell cannot be parsed; ``24`` (``24:00``) gives 1440 so that callers can
    recognise exports that number hours 1-24.
    """
    text = as_text(values)
    uniques = pd.Series(pd.unique(text))
    parts = uniques.str.extract(_TIME_OF_DAY)
    hours = pd.to_numeric(parts[0], errors="coerce")
    minutes = pd.to_numeric(parts[1], errors="coerce").fillna(0)
    total = (hours * 60 + minutes).where(
        (hours.between(0, 23) & minutes.between(0, 59)) | ((hours == 24) & (minutes == 0))
    )
    lookup = pd.Series(total.to_numpy(), index=uniques.to_numpy())
    return pd.Series(lookup.reindex(text.to_numpy()).to_numpy(), index=values.index)


def is_time_only(values: pd.Series) -> bool:
    """Whether the non-empty cells look like times of day or periods, not timestamps."""
    text = as_text(values)
    text = text[text != ""]
    if text.empty:
        return False
    return bool(text.head(200).str.fullmatch(_TIME_OF_DAY).all())


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([,\s])\d{3})(?:\1\d{3})*(?:\.\d+)?")
"""Thousands grouping (``1,234``, ``12 345 678``); ``12,5`` is not grouping."""


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with thousands separators; returns ``(numbers, unparseable_mask)``.

    Empty cells are NaN and not counted as unparseable.
    """
    text = as_text(values)
    try:  # the common case, a column of plain numbers: a fast vectorised cast
        return text.astype("float64"), pd.Series(False, index=values.index)
    except (ValueError, TypeError, OverflowError):
        pass
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    retry = numbers.isna() & (text != "")
    if retry.any():  # only the cells that need it: "1,234", "1 234", "１,２３４"
        cleaned = text[retry].map(lambda v: unicodedata.normalize("NFKC", v))
        grouped = cleaned.str.fullmatch(_GROUPED)
        cleaned = cleaned.where(grouped, "").str.replace(r"[,\s]", "", regex=True)
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce").astype(float)
    return numbers, numbers.isna() & (text != "")


def parse_counts(table: Table, column: str, problems: list[str], *, required: bool) -> pd.Series:
    """Non-negative integer counts; a problem per defect class, NaN where a cell is bad."""
    numbers, bad = parse_numbers(table.frame[column])
    bad |= numbers.notna() & ~np.isfinite(numbers)
    numbers = numbers.where(~bad)
    empty = numbers.isna() & ~bad
    if bad.any():
        problems.append(cell_problem(table, column, bad, "must be a non-negative integer"))
    if required and empty.any():
        problems.append(cell_problem(table, column, empty, "must be a non-negative integer"))
    negative = numbers < 0
    if negative.any():
        problems.append(cell_problem(table, column, negative, "must be a non-negative integer"))
    huge = numbers > MAX_COUNT
    if huge.any():
        problems.append(cell_problem(table, column, huge, f"must be at most {MAX_COUNT:,}"))
    fractional = numbers.notna() & (numbers != np.round(numbers))
    if fractional.any():
        problems.append(cell_problem(table, column, fractional, "must be a whole number of chats"))
    return numbers.where(~(negative | fractional | huge))


_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:小时|h))?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*(?:分钟|分|min|m))?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*(?:秒|s|sec)?)?$"
)


def parse_durations(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Seconds from ``25``, ``25.3秒``, ``1分5秒``, ``00:01:05``; ``(seconds, bad_mask)``."""
    text = as_text(values)
    clock = text.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$").astype(float)
    seconds = clock[0].fillna(0) * 3600 + clock[1] * 60 + clock[2]
    words = text.str.extract(_DURATION).astype(float)
    from_words = words["h"].fillna(0) * 3600 + words["m"].fillna(0) * 60 + words["s"].fillna(0)
    any_word = words.notna().any(axis=1)
    seconds = seconds.where(seconds.notna(), from_words.where(any_word))
    return seconds, seconds.isna() & (text != "")


def parse_fractions(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Fractions from ``0.853`` or ``85.3%``; ``(fraction, bad_mask)`` (bad = out of [0, 1])."""
    text = as_text(values)
    percent = text.str.endswith("%")
    numbers = pd.to_numeric(text.str.rstrip("%").str.strip(), errors="coerce").astype(float)
    fraction = numbers.where(~percent, numbers / 100)
    bad = (fraction.isna() & (text != "")) | ~(fraction.between(0, 1) | fraction.isna())
    return fraction.where(~bad), bad
