"""A disk cache of parsed histories that holds data only, never code.

Reading and validating a large export takes seconds; the app keeps the result between server
starts. The cache folder is writable by the app's user and its file names can be computed
from public inputs, so anything in it must be treated as hostile: an entry is one Parquet
file (the history's table) whose schema metadata holds the rest of the
:class:`~forecaster.validation.History` as JSON (findings with their message ids and
arguments, gaps, outages). Reading an entry builds frames, numbers, text and catalogued
messages; nothing in it is ever imported, called or unpickled. An entry that does not read
back as exactly that is a miss (the file is parsed again and the entry replaced).

The folder is bounded: after each write the least recently used entries (by modification
time, which a hit refreshes) are removed until the folder is under ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from forecaster.messages import CATALOGUE, Message
from forecaster.validation import Finding, History, Span

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIX",
    "CacheEntryError",
    "HistoryCache",
    "decode_history",
    "encode_history",
]

DEFAULT_MAX_BYTES = 512 * 1024**2
"""Default bound of the cache folder [bytes]: about sixty large shops' parsed histories."""
SUFFIX = ".parquet"
_META_KEY = b"forecaster.history"
_FORMAT = 1
_SEVERITIES = ("info", "warning", "error")


class CacheEntryError(ValueError):
    """An entry that is not a history this module wrote (damaged, foreign or tampered)."""


# ----------------------------------------------------------------------------- values


def _encode(value: Any) -> Any:
    """A message argument as JSON: plain values as they are, the rest tagged."""
    if isinstance(value, Message):
        return {"$msg": value.id, "args": {k: _encode(v) for k, v in value.args.items()}}
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else {"$float": repr(number)}
    if isinstance(value, pd.Timestamp):
        return {"$ts": value.isoformat()}
    if isinstance(value, pd.Timedelta):
        return {"$td": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    raise TypeError(f"cannot keep a {type(value).__name__} in the parsed-history cache")


def _decode(value: Any) -> Any:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict) and len(value) <= 2:
        if "$msg" in value:
            return _message(value)
        ((tag, inner),) = value.items()
        if tag == "$ts" and isinstance(inner, str):
            return pd.Timestamp(inner)
        if tag == "$td" and isinstance(inner, str):
            return pd.Timedelta(inner)
        if tag == "$float" and inner in ("nan", "inf", "-inf"):
            return float(inner)
        if tag == "$tuple" and isinstance(inner, list):
            return tuple(_decode(v) for v in inner)
    raise CacheEntryError(f"unexpected value {str(value)[:60]!r}")


def _message(value: dict[str, Any]) -> Message:
    ident, args = value.get("$msg"), value.get("args")
    if not isinstance(ident, str) or ident not in CATALOGUE or not isinstance(args, dict):
        raise CacheEntryError(f"unknown message {str(ident)[:60]!r}")
    try:
        return Message(ident, **{str(k): _decode(v) for k, v in args.items()})
    except (KeyError, IndexError, ValueError, TypeError) as error:  # arguments do not fit
        raise CacheEntryError(f"message {ident} does not take its arguments") from error


def _text(value: Any) -> str | Message:
    decoded = _decode(value)
    if not isinstance(decoded, str):
        raise CacheEntryError("a finding's message is not text")
    return decoded


# ----------------------------------------------------------------------------- history


def encode_history(history: History) -> pa.Table:
    """The history as an Arrow table whose schema metadata holds everything but the frame."""
    meta = {
        "format": _FORMAT,
        "interval_minutes": int(history.interval_minutes),
        "source": history.source,
        "findings": [
            {"severity": f.severity, "code": f.code, "message": _encode(f.message)}
            for f in history.findings
        ],
        "gaps": [_span(s) for s in history.gaps],
        "outages": [_span(s) for s in history.outages],
        "duplicate_rows": [int(r) for r in history.duplicate_rows],
    }
    table = pa.Table.from_pandas(history.frame, preserve_index=False)
    extra = {_META_KEY: json.dumps(meta, ensure_ascii=False).encode("utf-8")}
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})


def _span(span: Span) -> dict[str, Any]:
    return {
        "queue": _encode(span.queue),
        "start": _encode(span.start),
        "end": _encode(span.end),
        "intervals": int(span.intervals),
        "expected_inquiries": _encode(float(span.expected_inquiries)),
    }


def decode_history(table: pa.Table) -> History:
    """The :class:`History` of :func:`encode_history`; :class:`CacheEntryError` if the table
    is anything else."""
    raw = (table.schema.metadata or {}).get(_META_KEY)
    if raw is None:
        raise CacheEntryError("no history metadata")
    try:
        meta = json.loads(raw.decode("utf-8"))
        if meta.get("format") != _FORMAT:
            raise CacheEntryError("another cache format")
        findings = tuple(
            Finding(_severity(f["severity"]), str(f["code"]), _text(f["message"]))
            for f in meta["findings"]
        )
        history = History(
            frame=table.to_pandas(),
            interval_minutes=int(meta["interval_minutes"]),
            source=str(meta["source"]),
            findings=findings,
            gaps=tuple(_span_of(s) for s in meta["gaps"]),
            outages=tuple(_span_of(s) for s in meta["outages"]),
            duplicate_rows=tuple(int(r) for r in meta["duplicate_rows"]),
        )
    except CacheEntryError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, pa.ArrowException) as error:
        raise CacheEntryError(f"malformed entry ({type(error).__name__})") from error
    if not {"interval_start", "queue", "inquiries", "outage"} <= set(history.frame.columns):
        raise CacheEntryError("the history's columns are missing")
    return history


def _severity(value: Any) -> Any:
    if value not in _SEVERITIES:
        raise CacheEntryError(f"unknown severity {str(value)[:20]!r}")
    return value


def _span_of(value: dict[str, Any]) -> Span:
    start, end = _decode(value["start"]), _decode(value["end"])
    if not isinstance(start, pd.Timestamp) or not isinstance(end, pd.Timestamp):
        raise CacheEntryError("a span without its times")
    return Span(
        queue=str(_decode(value["queue"])),
        start=start,
        end=end,
        intervals=int(value["intervals"]),
        expected_inquiries=float(_decode(value["expected_inquiries"])),
    )


# ----------------------------------------------------------------------------- the folder


class HistoryCache:
    """Parsed histories in ``folder``, one Parquet file per key, bounded to ``max_bytes``.

    Every method is best-effort: the cache only speeds things up, so an unreadable,
    unwritable or damaged entry is a miss, never an error.
    """

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = int(max_bytes)

    def path(self, key: str) -> Path:
        if not key.isalnum():
            raise ValueError(f"cache keys are letters and digits, not {key!r}")
        return self.folder / f"history-{key}{SUFFIX}"

    def get(self, key: str) -> History | None:
        """The kept history, or None (missing, damaged or foreign: the caller parses)."""
        path = self.path(key)
        try:
            if path.stat().st_size > self.max_bytes:  # planted: not one of ours
                return None
            history = decode_history(pq.read_table(path))
        except (OSError, CacheEntryError, pa.ArrowException, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return history

    def put(self, key: str, history: History) -> Path | None:
        """Keep ``history`` (atomically: a reader never sees half a file), then evict the
        least recently used entries over the bound; the path, or None if it could not be
        written."""
        path = self.path(key)
        try:
            table = encode_history(history)
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=self.folder, prefix=".tmp-", suffix=SUFFIX, delete=False
            ) as handle:
                temp = Path(handle.name)
            try:
                pq.write_table(table, temp, compression="zstd")
                temp.replace(path)
            finally:
                temp.unlink(missing_ok=True)
        except (OSError, TypeError, ValueError, pa.ArrowException):
            return None
        self.evict(keep=path)
        return path

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Remove the least recently used entries until the folder is under the bound
        (``keep``, the entry just written, stays); the removed paths."""
        entries = []
        for entry in self.folder.glob(f"history-*{SUFFIX}"):
            with contextlib.suppress(OSError):
                stat = entry.stat()
                entries.append((stat.st_mtime, stat.st_size, entry))
        total = sum(size for _, size, _ in entries)
        removed = []
        for _, size, entry in sorted(entries, key=lambda e: e[0]):
            if total <= self.max_bytes:
                break
            if entry == keep:
                continue
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
                total -= size
        return removed
