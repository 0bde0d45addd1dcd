"""Saved plans: a small database of :class:`~forecaster.pipeline.PlanResult` objects.

A planner makes many plans before a campaign (scenarios, re-forecasts after new history,
adjusted forecasts) and must be able to come back to the one that was approved. The store
keeps each plan whole: its inputs' fingerprints, configuration, adjustment log, forecast,
requirements, roster (shifts, coverage, assignments, summary, messages), simulation and
summary, so that :meth:`PlanStore.load` gives back an equal ``PlanResult`` and
:meth:`PlanStore.export` can write the plan's files again at any time.

Where
-----
Any SQLAlchemy database URL. By default (:func:`default_db_url`) a SQLite file in the
user's data directory, or the URL in the ``FORECASTER_DB`` environment variable, e.g.
``postgresql+psycopg://planner@db/forecaster`` for a team. A ``pathlib.Path`` (rather
than a URL string) is taken as a SQLite file.

Tables
------
``store_meta``
    ``name, value``: the store's ``schema_version`` (a newer one is refused, not misread).
``plans``
    One row per plan: ``id``, ``name``, ``note``, ``created_at`` (UTC), the horizon and key
    figures (for :meth:`PlanStore.list` without decoding anything), and as JSON text the
    config, adjustments, input fingerprints, plan summary, roster summary and roster
    messages; ``schema_version`` of the row.
``plan_audit``
    Who saved and who deleted what: ``id``, ``at`` (UTC), ``actor`` (the signed-in user of
    the app, the CLI's ``FORECASTER_USER`` or login name; empty when nobody is known),
    ``action`` (``save``, ``delete``), ``plan_id``, ``plan_name``. A plan's **owner** is who
    saved it: a plan with an owner is deleted only by that owner (a team shares one
    database without deleting each other's plans). Added to a store written before it the
    first time a plan is saved or deleted there.
``plan_frames``
    One row per table of a plan (``forecast``, ``requirements``, ``simulation``,
    ``roster.shifts``, ``roster.coverage``, ``roster.assignments``): ``plan_id`` (foreign
    key, ``ON DELETE CASCADE``), ``name``, ``row_count``, ``schema_json`` and ``data``.

Frames are stored without pickle (a database must never hand code to the reader): ``data``
is gzip-compressed CSV (UTF-8, no header) and ``schema_json`` lists every column with its
dtype, so loading restores the same columns, values and dtypes: ``datetime64`` with its
unit and time zone, ``timedelta64``, numpy and nullable numbers and booleans,
``str``/``string``, string ``object`` and string ``category`` columns; a non-default index
is stored as leading columns. Floats are written in their shortest round-trip form, so they
come back bit-equal. Missing values are written as a marker chosen per frame so that it
never equals a stored string, which keeps ``""`` and a missing value apart. Summaries are
JSON: numbers, text, ``None``, lists and string-keyed dicts come back equal (numpy scalars
come back as Python numbers, tuples as lists).

Safety
------
A save (and a delete) is one transaction: a crash, a killed process or a second writer
never leaves half a plan. Frames are encoded before the transaction starts, so the write
lock is held only for the inserts. On SQLite every connection gets
``PRAGMA foreign_keys=ON`` and a 30 s busy timeout, a file database runs in WAL mode
(readers never block the writer and see only committed plans), reads run in one ``BEGIN``
(a consistent snapshot) and writes take the lock up front with ``BEGIN IMMEDIATE``. The
schema is created in one transaction that tolerates another process creating it at the
same moment (and the switch of a new file to WAL, which SQLite refuses at once rather than
waiting when two processes try it together, is retried). Everything else is portable
SQLAlchemy Core, so PostgreSQL (or MySQL) works through the same code.

Every failure the user can cause (bad URL, missing driver, unreadable or corrupt file,
unknown plan id, a store written by a newer version) is a :class:`StoreError` with one line
that names the URL (password hidden).
"""

from __future__ import annotations

import builtins
import datetime as dt
import gzip
import io
import json
import os
import re
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import numpy as np
import pandas as pd
import platformdirs
from sqlalchemy import (
    Column,
    DateTime,
    Double,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from forecaster.adjust import adjustments_from_json, adjustments_to_json
from forecaster.config import parse_config
from forecaster.errors import PlannerError
from forecaster.messages import msg
from forecaster.pipeline import PlanResult, write_plan
from forecaster.roster import RosterResult

__all__ = [
    "AUDIT_COLUMNS",
    "FRAME_NAMES",
    "LIST_COLUMNS",
    "SCHEMA_VERSION",
    "PlanStore",
    "SavedPlan",
    "NoStoreError",
    "StoreError",
    "current_user",
    "decode_frame",
    "default_db_url",
    "encode_frame",
]

SCHEMA_VERSION = 1
"""Version of the tables this code writes; a store with a higher one is refused."""
ENV_VAR = "FORECASTER_DB"
"""Environment variable with the database URL to use instead of the default file."""
BUSY_TIMEOUT_SECONDS = 30.0
"""How long a SQLite connection waits for another writer's lock before giving up. [s]"""
FRAME_NAMES: tuple[str, ...] = (
    "forecast",
    "requirements",
    "simulation",
    "roster.shifts",
    "roster.coverage",
    "roster.assignments",
)
"""The tables of a plan, as named in ``plan_frames.name``."""
LIST_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "note",
    "created_at",
    "horizon_start",
    "horizon_end",
    "forecast_inquiries",
    "labour_cost",
    "paid_hours",
    "shortfall_agent_hours",
    "simulated_service_level",
    "roster_status",
    "history_source",
    "owner",
)
"""Columns of :meth:`PlanStore.list`."""
NAME_LENGTH = 200
"""Longest plan name. [characters]"""
ACTOR_LENGTH = 200
"""Longest user name or e-mail address kept as a plan's owner. [characters]"""
AUDIT_COLUMNS: tuple[str, ...] = ("id", "at", "actor", "action", "plan_id", "plan_name")
"""Columns of :meth:`PlanStore.audit`."""

_FRAME_FORMAT = "csv.gz"
_GZIP_LEVEL = 6
_WRITE = "forecaster_store_write"
_MISSING = "\\N"
_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
# pandas 3 parses floats exactly by default (and deprecates the option); pandas 2 needs it
_FLOAT_PARSE: dict[str, Any] = {} if _PANDAS_3 else {"float_precision": "round_trip"}


class StoreError(PlannerError):
    """The plan store cannot do what was asked (one line naming the database URL)."""


class NoStoreError(StoreError):
    """A command that only reads plans was pointed at a SQLite file that does not exist."""

    def __init__(self, url: str) -> None:
        super().__init__(f"plan store {url}: no such file (no plan saved yet)")
        self.url = url


@dataclass(frozen=True)
class SavedPlan:
    """A plan as kept in the store.

    Attributes
    ----------
    id
        The plan's number in its store (never reused after a delete).
    name, note
        What the planner called it and why it was kept.
    created_at
        When it was saved (timezone-aware, UTC).
    result
        The plan itself, equal to the one saved.
    """

    id: int
    name: str
    note: str
    created_at: dt.datetime
    result: PlanResult


def default_db_url() -> str:
    """The plan store's database URL: ``$FORECASTER_DB``, else a SQLite file.

    The file is ``plans.db`` in the user's data directory
    (``platformdirs.user_data_dir("forecaster")``, e.g. ``~/.local/share/forecaster`` on
    Linux), which is created if missing.

    Returns
    -------
    str
        A SQLAlchemy database URL.
    """
    url = os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    folder = Path(platformdirs.user_data_dir("forecaster", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'plans.db'}"


# --------------------------------------------------------------------------- tables

_metadata = MetaData()
_LongText = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
_LongBinary = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")

store_meta = Table(
    "store_meta",
    _metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

plans = Table(
    "plans",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(NAME_LENGTH), nullable=False, default=""),
    Column("note", _LongText, nullable=False, default=""),
    Column("created_at", DateTime(), nullable=False),  # UTC, naive in the database
    Column("horizon_start", DateTime()),  # shop time, as the forecast's interval_start
    Column("horizon_end", DateTime()),
    Column("forecast_inquiries", Double),
    Column("labour_cost", Double),
    Column("paid_hours", Double),
    Column("shortfall_agent_hours", Double),
    Column("simulated_service_level", Double),
    Column("roster_status", String(64)),
    Column("history_source", String(500)),
    Column("schema_version", Integer, nullable=False),
    Column("config_json", _LongText, nullable=False),
    Column("adjustments_json", _LongText, nullable=False),
    Column("inputs_json", _LongText, nullable=False),
    Column("summary_json", _LongText, nullable=False),
    Column("roster_summary_json", _LongText, nullable=False),
    Column("roster_messages_json", _LongText, nullable=False),
    sqlite_autoincrement=True,  # ids are never reused after a delete
)

plan_frames = Table(
    "plan_frames",
    _metadata,
    Column(
        "plan_id",
        Integer,
        ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("name", String(64), primary_key=True),
    Column("row_count", Integer, nullable=False),
    Column("schema_json", _LongText, nullable=False),
    Column("data", _LongBinary, nullable=False),
)

plan_audit = Table(
    "plan_audit",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(), nullable=False),  # UTC, naive in the database
    Column("actor", String(ACTOR_LENGTH), nullable=False, default=""),
    Column("action", String(16), nullable=False),
    Column("plan_id", Integer, nullable=False),
    Column("plan_name", String(NAME_LENGTH), nullable=False, default=""),
    sqlite_autoincrement=True,
)


# --------------------------------------------------------------------------- frames


def _unit(dtype: Any) -> str:
    return str(np.datetime_data(dtype)[0]) if isinstance(dtype, np.dtype) else str(dtype.unit)


def _tz_spec(tz: Any) -> dict[str, Any]:
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if isinstance(name, str):
        return {"tz": name}
    if isinstance(tz, dt.timezone):
        offset = tz.utcoffset(None)
        return (
            {"tz": "UTC"}
            if offset == dt.timedelta(0)
            else {"tz_offset_seconds": offset.total_seconds()}
        )
    return {"tz": str(tz)}


def _tz_of(spec: Mapping[str, Any]) -> Any:
    if "tz_offset_seconds" in spec:
        return dt.timezone(dt.timedelta(seconds=float(spec["tz_offset_seconds"])))
    return spec["tz"]


def _only_strings(col: pd.Series) -> bool:
    return all(isinstance(value, str) for value in col.dropna())


def _column_spec(name: str, col: pd.Series, label: str) -> dict[str, Any]:
    """How column ``name`` is stored and restored (``kind`` plus what restores its dtype)."""
    dtype = col.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return {"name": name, "kind": "datetime", "unit": dtype.unit, **_tz_spec(dtype.tz)}
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return {"name": name, "kind": "datetime", "unit": _unit(dtype)}
    if isinstance(dtype, np.dtype) and dtype.kind == "m":
        return {"name": name, "kind": "timedelta", "unit": _unit(dtype)}
    if isinstance(dtype, pd.StringDtype):
        na = "NA" if dtype.na_value is pd.NA else "nan"
        return {"name": name, "kind": "string", "storage": dtype.storage, "na": na}
    if isinstance(dtype, pd.CategoricalDtype):
        categories = pd.Series(dtype.categories)
        if _only_strings(categories.astype(object)):
            return {
                "name": name,
                "kind": "category",
                "categories": [str(c) for c in dtype.categories],
                "categories_dtype": str(dtype.categories.dtype),
                "ordered": bool(dtype.ordered),
            }
    elif pd.api.types.is_object_dtype(dtype):
        if _only_strings(col):
            missing = col[col.isna()]
            none = bool(len(missing)) and all(value is None for value in missing)
            return {"name": name, "kind": "object", "na": "None" if none else "nan"}
        kinds = sorted({type(v).__name__ for v in col.dropna() if not isinstance(v, str)})
        raise StoreError(
            f"cannot store column {name!r} of {label}: object columns must hold text, "
            f"got values of type {', '.join(kinds)}"
        )
    elif (
        (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))
        and not pd.api.types.is_complex_dtype(dtype)
        and pd.api.types.pandas_dtype(str(dtype)) == dtype
    ):
        return {"name": name, "kind": "plain", "dtype": str(dtype)}
    raise StoreError(f"cannot store column {name!r} of {label}: dtype {dtype} is not supported")


def _missing_marker(table: pd.DataFrame, specs: Sequence[Mapping[str, Any]]) -> str:
    """A missing-value marker that no text cell equals."""
    texts = set()
    for i, spec in enumerate(specs):
        if spec["kind"] in ("string", "object", "category"):
            texts |= set(table.iloc[:, i].dropna().astype(str).unique())
    marker, n = _MISSING, 0
    while marker in texts:
        n += 1
        marker = f"{_MISSING}{n}"
    return marker


def _json_attrs(attrs: Mapping[str, Any]) -> dict[str, Any] | None:
    if not attrs:
        return None
    try:
        return dict(json.loads(json.dumps(dict(attrs), allow_nan=True)))
    except (TypeError, ValueError):
        return None  # not JSON: attrs are metadata only, left out rather than failing


def encode_frame(frame: pd.DataFrame, label: str = "frame") -> tuple[bytes, dict[str, Any]]:
    """A frame as gzip-compressed CSV and the JSON-able schema that restores it.

    Parameters
    ----------
    frame
        Any frame with unique string column names and supported dtypes (module docstring).
    label
        Name of the frame in error messages, e.g. ``forecast``.

    Returns
    -------
    data, schema
        The compressed CSV (no header, no index) and its schema for :func:`decode_frame`.

    Raises
    ------
    StoreError
        Duplicate or non-string column names, or a column of an unsupported dtype.
    """
    columns = [str(c) for c in frame.columns]
    if not all(isinstance(c, str) for c in frame.columns) or isinstance(
        frame.columns, pd.MultiIndex
    ):
        raise StoreError(f"cannot store {label}: column names must be text, got {columns}")
    if len(set(columns)) != len(columns):
        twice = sorted({c for c in columns if columns.count(c) > 1})
        raise StoreError(f"cannot store {label}: duplicate column names {twice}")
    index = frame.index
    schema: dict[str, Any] = {"format": _FRAME_FORMAT, "rows": len(frame)}
    if isinstance(index, pd.RangeIndex) and index.step == 1 and index.start == 0:
        table = frame
        schema["index"] = None
    elif isinstance(index, pd.RangeIndex):
        table = frame
        schema["index"] = {"range": [index.start, index.step], "name": index.name}
    else:
        names = list(index.names)
        if not all(n is None or isinstance(n, str) for n in names):
            raise StoreError(f"cannot store {label}: index names must be text, got {names}")
        table = frame.reset_index(allow_duplicates=True)
        schema["index"] = {"levels": len(names), "names": names}
    specs = [
        _column_spec(str(name), table.iloc[:, i], label) for i, name in enumerate(table.columns)
    ]
    marker = _missing_marker(table, specs)
    schema.update(
        columns=specs,
        columns_dtype=str(frame.columns.dtype),
        missing=marker,
        attrs=_json_attrs(frame.attrs),
        pandas=pd.__version__,
    )
    text = table.to_csv(header=False, index=False, na_rep=marker, lineterminator="\n")
    data = gzip.compress(text.encode("utf-8"), compresslevel=_GZIP_LEVEL, mtime=0)
    return data, schema


def _restore(col: pd.Series, spec: Mapping[str, Any]) -> pd.Series:
    kind = spec["kind"]
    if kind == "plain":
        return col
    if kind == "datetime":
        if "tz" in spec or "tz_offset_seconds" in spec:
            parsed = pd.to_datetime(col, format="ISO8601", utc=True)
            return parsed.dt.tz_convert(_tz_of(spec)).dt.as_unit(spec["unit"])
        return pd.to_datetime(col, format="ISO8601").astype(f"datetime64[{spec['unit']}]")
    if kind == "timedelta":
        return pd.to_timedelta(col).astype(f"timedelta64[{spec['unit']}]")
    if kind == "string":
        if spec["na"] == "NA":
            return col.astype(pd.StringDtype(spec["storage"]))
        return col.astype(pd.StringDtype(spec["storage"], na_value=np.nan))
    if kind == "category":
        categories = pd.Index(spec["categories"], dtype=spec["categories_dtype"])
        dtype = pd.CategoricalDtype(categories, ordered=spec["ordered"])
        return col.astype(object).astype(dtype)
    if kind == "object":
        out = col.astype(object)
        if spec["na"] == "None":
            out = out.where(out.notna(), None)
        return out
    raise ValueError(f"unknown column kind {kind!r}")


def decode_frame(data: bytes, schema: Mapping[str, Any]) -> pd.DataFrame:
    """The frame :func:`encode_frame` encoded (same columns, values, dtypes and index).

    Raises
    ------
    ValueError
        ``data`` and ``schema`` do not fit together (damaged or foreign data).
    """
    if schema.get("format") != _FRAME_FORMAT:
        raise ValueError(f"unknown frame format {schema.get('format')!r}")
    specs = schema["columns"]
    rows = int(schema["rows"])
    keys = list(range(len(specs)))
    read_as = {i: (s["dtype"] if s["kind"] == "plain" else object) for i, s in enumerate(specs)}
    if not specs:
        table = pd.DataFrame(index=pd.RangeIndex(rows))
    elif rows == 0:
        table = pd.DataFrame({i: pd.Series([], dtype=read_as[i]) for i in keys})
    else:
        table = pd.read_csv(
            io.BytesIO(gzip.decompress(data)),
            header=None,
            names=keys,
            dtype=read_as,
            keep_default_na=False,
            na_values=[schema["missing"]],
            skip_blank_lines=False,
            encoding="utf-8",
            **_FLOAT_PARSE,
        )
    if len(table) != rows or table.shape[1] != len(specs):
        raise ValueError(f"expected {rows} rows of {len(specs)} columns, got {table.shape}")
    restored = {i: _restore(table[i], spec) for i, spec in enumerate(specs)}
    out = pd.DataFrame(restored, index=pd.RangeIndex(rows)) if specs else table
    names = [s["name"] for s in specs]
    index = schema.get("index")
    if index and "levels" in index:
        levels = int(index["levels"])
        out = out.set_index(keys[:levels])
        out.index = (
            out.index.set_names(index["names"])
            if levels > 1
            else out.index.rename(index["names"][0])
        )
        names = names[levels:]
    elif index and "range" in index:
        start, step = index["range"]
        out.index = pd.RangeIndex(start, start + rows * step, step, name=index.get("name"))
    out.columns = pd.Index(names, dtype=schema.get("columns_dtype") or None)
    if schema.get("attrs"):
        out.attrs = dict(schema["attrs"])
    return out


# --------------------------------------------------------------------------- JSON


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} {value!r} is not JSON-serialisable")


def _dumps(value: Any, what: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    except (TypeError, ValueError) as error:
        raise StoreError(
            f"cannot save plan: its {what} cannot be stored as JSON ({error})"
        ) from None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _actor(actor: str | None) -> str:
    """Who acts, as kept: trimmed to :data:`ACTOR_LENGTH`, control characters dropped."""
    text = "".join(ch for ch in str(actor or "") if ch.isprintable()).strip()
    return text[:ACTOR_LENGTH]


def current_user() -> str:
    """Who runs the CLI: ``FORECASTER_USER``, else the login name (empty if unknown)."""
    import getpass

    named = os.environ.get("FORECASTER_USER", "").strip()
    if named:
        return _actor(named)
    try:
        return _actor(getpass.getuser())
    except (KeyError, OSError):  # no such user in a container
        return ""


def _naive(stamp: Any) -> dt.datetime | None:
    """A moment as a naive ``datetime`` (wall time), or ``None`` if it is not one."""
    try:
        if stamp is None or pd.isna(stamp):
            return None
        moment = pd.Timestamp(stamp)
    except (TypeError, ValueError):
        return None
    return (moment.tz_localize(None) if moment.tzinfo is not None else moment).to_pydatetime()


# --------------------------------------------------------------------------- the store


def _reason(error: BaseException) -> str:
    """The driver's own words about ``error``, on one line."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(cause).strip().splitlines() or [type(cause).__name__]
    text = lines[0]
    if "database is locked" in text:
        text += f" (another process kept it locked for over {BUSY_TIMEOUT_SECONDS:g} s)"
    return text if len(text) <= 200 else text[:197] + "..."


def _masked(text: str) -> str:
    """``text`` with the password of a ``scheme://user:password@host`` URL hidden."""
    return re.sub(r"(://[^:/@\s]*:)\S*@", r"\1***@", text)


def _as_url(url: str | os.PathLike[str]) -> URL:
    """A parsed URL; a path (a path object, or text without ``://`` such as
    ``FORECASTER_DB=~/plans.sqlite``) is a SQLite file."""
    text = url if isinstance(url, os.PathLike) else str(url).strip()
    if isinstance(text, os.PathLike) or (text and "://" not in text):
        return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
    return make_url(text)


def _is_sqlite_file(url: URL) -> bool:
    database = url.database or ""
    return (
        url.get_backend_name() == "sqlite"
        and database not in ("", ":memory:")
        and not database.startswith("file::memory:")
        and url.query.get("mode") != "memory"
    )


def _use_wal(cursor: Any, locked_error: type[Exception]) -> None:
    """Switch a SQLite file to WAL mode (it stays so); retried while another process does
    the same: SQLite answers that race with an immediate "database is locked" instead of
    waiting for the busy timeout (two processes opening a new store at once hit it)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except locked_error as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def result_frames(result: PlanResult) -> dict[str, pd.DataFrame]:
    """Every table of a plan by its store name (:data:`FRAME_NAMES`)."""
    roster = result.roster
    tables = (
        result.forecast,
        result.requirements,
        result.simulation,
        roster.shifts,
        roster.coverage,
        roster.assignments,
    )
    return dict(zip(FRAME_NAMES, tables, strict=True))


class PlanStore:
    """Saved plans in one database (module docstring).

    Parameters
    ----------
    url
        A SQLAlchemy database URL (``sqlite:////path/plans.db``,
        ``postgresql+psycopg://user@host/db``) or a ``pathlib.Path`` of a SQLite file;
        ``None`` for :func:`default_db_url`. The tables are created if missing.
    create
        False for commands that only read or delete plans: a database without the plan
        tables is refused (:class:`NoStoreError` when a SQLite file does not exist) and
        nothing is written to it, not even SQLite's WAL journal mode.

    Raises
    ------
    StoreError
        The URL cannot be used, the database cannot be opened, it is not a plan store, or
        it was written by a newer version of forecaster.

    Examples
    --------
    >>> store = PlanStore("sqlite:///plans.db")  # doctest: +SKIP
    >>> plan_id = store.save(result, name="双11 P80", note="approved 10-01")  # doctest: +SKIP
    >>> store.load(plan_id).result.summary["labour_cost"]  # doctest: +SKIP
    """

    def __init__(self, url: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        raw = default_db_url() if url is None else url
        try:
            parsed = _as_url(raw)
        except (ArgumentError, ValueError):
            raise StoreError(msg("err.store_url", url=repr(_masked(str(raw))))) from None
        self._url = parsed
        self.url = parsed.render_as_string(hide_password=True)
        """The database URL with any password hidden (for messages)."""
        sqlite = parsed.get_backend_name() == "sqlite"
        if _is_sqlite_file(parsed):
            folder = Path(parsed.database or "").expanduser().absolute().parent
            if not folder.is_dir():
                raise StoreError(f"plan store {self.url}: directory {folder} does not exist")
            if not create and not Path(parsed.database or "").expanduser().exists():
                raise NoStoreError(self.url)
        try:
            self._engine = create_engine(
                parsed,
                connect_args={"timeout": BUSY_TIMEOUT_SECONDS} if sqlite else {},
                pool_pre_ping=not sqlite,
            )
        except NoSuchModuleError:
            raise StoreError(
                f"plan store {self.url}: unknown database kind {parsed.drivername!r}"
            ) from None
        except ImportError as error:
            raise StoreError(
                f"plan store {self.url}: the database driver is not installed ({error})"
            ) from None
        except (SQLAlchemyError, TypeError, ValueError) as error:
            raise StoreError(f"plan store {self.url}: cannot use this URL ({error})") from None
        self._create = create
        if sqlite:  # WAL is switched on by the store's creator (it stays), never by a reader
            self._sqlite_events(wal=_is_sqlite_file(parsed) and create)
        dbapi = getattr(self._engine.dialect, "loaded_dbapi", None)
        self._dbapi_error: type[Exception] = getattr(dbapi, "Error", SQLAlchemyError)
        try:
            self._prepare()
        except StoreError:
            self._engine.dispose()
            raise

    # ----------------------------------------------------------------- plumbing

    def _sqlite_events(self, *, wal: bool) -> None:
        """Pragmas on every SQLite connection, and BEGIN emitted by us (transactional DDL,
        consistent reads, and ``BEGIN IMMEDIATE`` for writes)."""

        @event.listens_for(self._engine, "connect")
        def _on_connect(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                cursor.execute("PRAGMA foreign_keys = ON")
                if wal:
                    _use_wal(cursor, getattr(dbapi_connection, "OperationalError", Exception))
            finally:
                cursor.close()

        @event.listens_for(self._engine, "begin")
        def _on_begin(connection: Connection) -> None:
            write = connection.get_execution_options().get(_WRITE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Database errors as one-line :class:`StoreError` naming the URL."""
        try:
            yield
        except StoreError:
            raise
        except (SQLAlchemyError, self._dbapi_error, OSError) as error:
            raise StoreError(f"plan store {self.url}: cannot {action} ({_reason(error)})") from None
        except ValueError as error:  # a hand-edited cell the driver cannot convert
            raise StoreError(
                f"plan store {self.url}: cannot {action}: a stored value is damaged ({error})"
            ) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction (a consistent snapshot)."""
        with self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: committed whole at the end, or rolled back whole."""
        with self._engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    def _prepare(self) -> None:
        """Create the tables if missing (safe against a concurrent creator), check version."""
        with self._errors("open the database"):
            version = self._schema_version()
            if version is None and not self._create:
                raise StoreError(
                    f"plan store {self.url}: has no forecaster plan tables; this command only "
                    "reads plan stores and leaves other databases unchanged"
                )
            if version is None:
                try:
                    with self._write() as conn:
                        _metadata.create_all(conn, checkfirst=True)
                        if self._read_version(conn) is None:
                            conn.execute(
                                insert(store_meta).values(
                                    name="schema_version", value=str(SCHEMA_VERSION)
                                )
                            )
                except SQLAlchemyError:
                    # another process created the tables at the same moment: use its work
                    version = self._schema_version()
                    if version is None:
                        raise
                version = self._schema_version()
        if version is None:
            raise StoreError(f"plan store {self.url}: has no schema version; not a plan store")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"plan store {self.url} was written by a newer forecaster (store schema "
                f"{version}, this version reads up to {SCHEMA_VERSION}); upgrade forecaster"
            )

    def _schema_version(self) -> int | None:
        with self._read() as conn:
            tables = set(inspect(conn).get_table_names())
            if store_meta.name not in tables:
                if tables & {plans.name, plan_frames.name}:
                    raise StoreError(
                        f"plan store {self.url}: has a table named 'plans' or 'plan_frames' "
                        "but is not a forecaster plan store"
                    )
                return None
            return self._read_version(conn)

    def _read_version(self, conn: Connection) -> int | None:
        value = conn.execute(
            select(store_meta.c.value).where(store_meta.c.name == "schema_version")
        ).scalar()
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise StoreError(
                f"plan store {self.url}: schema version must be a whole number, got {value!r}"
            ) from None

    def _not_found(self, conn: Connection, plan_id: object) -> StoreError:
        ids = list(conn.execute(select(plans.c.id).order_by(plans.c.id)).scalars())
        shown = ", ".join(map(str, ids[-20:])) or "none"
        if len(ids) > 20:
            shown = f"{len(ids)} in all, the newest {shown}"
        return StoreError(msg("err.plan_not_found", id=plan_id, url=self.url, shown=shown))

    def _write_frame(
        self, conn: Connection, plan_id: int, name: str, data: bytes, schema: dict[str, Any]
    ) -> None:
        """Insert one table of a plan (inside the save's transaction)."""
        conn.execute(
            insert(plan_frames).values(
                plan_id=plan_id,
                name=name,
                row_count=int(schema["rows"]),
                schema_json=json.dumps(schema, ensure_ascii=False),
                data=data,
            )
        )

    # ----------------------------------------------------------------- public API

    def save(
        self, result: PlanResult, *, name: str = "", note: str = "", actor: str | None = None
    ) -> int:
        """Keep a plan; returns its new id. ``actor`` (who saves it) becomes its owner and is
        written to the audit table.

        Parameters
        ----------
        result
            The plan (from :func:`~forecaster.pipeline.run_plan` or a scenario).
        name
            A short name, at most :data:`NAME_LENGTH` characters.
        note
            Free text (why this plan was kept, who approved it).

        Raises
        ------
        StoreError
            The plan holds something that cannot be stored, or the database refused the
            write (nothing of the plan is kept then).
        """
        if not isinstance(result, PlanResult):
            raise TypeError(f"result must be a PlanResult, got {type(result).__name__}")
        name, note = str(name).strip(), str(note)
        if len(name) > NAME_LENGTH:
            raise StoreError(f"plan name must be at most {NAME_LENGTH} characters, got {len(name)}")
        roster = result.roster
        encoded = [
            (frame_name, *encode_frame(frame, frame_name))
            for frame_name, frame in result_frames(result).items()
        ]
        summary = result.summary
        stamps = result.forecast.get("interval_start", pd.Series([], dtype="datetime64[us]"))
        status = summary.get("roster_status", roster.summary.get("status", ""))
        row = {
            "name": name,
            "note": note,
            "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "horizon_start": _naive(stamps.min()) if len(stamps) else None,
            "horizon_end": _naive(stamps.max()) if len(stamps) else None,
            "forecast_inquiries": _number(summary.get("forecast_inquiries")),
            "labour_cost": _number(summary.get("labour_cost")),
            "paid_hours": _number(summary.get("paid_hours")),
            "shortfall_agent_hours": _number(summary.get("shortfall_agent_hours")),
            "simulated_service_level": _number(summary.get("simulated_service_level")),
            "roster_status": str(status)[:64],
            "history_source": str(result.inputs.get("history", {}).get("source", ""))[:500],
            "schema_version": SCHEMA_VERSION,
            "config_json": result.config.model_dump_json(),
            "adjustments_json": adjustments_to_json(result.adjustments, indent=None),
            "inputs_json": _dumps(result.inputs, "input fingerprints"),
            "summary_json": _dumps(summary, "summary"),
            "roster_summary_json": _dumps(roster.summary, "roster summary"),
            "roster_messages_json": _dumps(list(roster.messages), "roster messages"),
        }
        with self._errors("save the plan"), self._write() as conn:
            key = conn.execute(insert(plans).values(**row)).inserted_primary_key
            if key is None or key[0] is None:
                raise StoreError(f"plan store {self.url}: the database returned no plan id")
            plan_id = int(key[0])
            for frame_name, data, schema in encoded:
                self._write_frame(conn, plan_id, frame_name, data, schema)
            self._audit(conn, "save", plan_id, name, actor)
        return plan_id

    def _audit(
        self, conn: Connection, action: str, plan_id: int, name: str, actor: str | None
    ) -> None:
        """One audit row (the table is made here in a store written before it existed)."""
        plan_audit.create(conn, checkfirst=True)
        conn.execute(
            insert(plan_audit).values(
                at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                actor=_actor(actor),
                action=action,
                plan_id=plan_id,
                plan_name=name[:NAME_LENGTH],
            )
        )

    def _owners(self, conn: Connection, plan_id: int | None = None) -> dict[int, str]:
        """Plan id → who saved it, for the plans the audit table knows (only ``plan_id``'s
        when given)."""
        if plan_audit.name not in set(inspect(conn).get_table_names()):
            return {}
        query = select(plan_audit.c.plan_id, plan_audit.c.actor).where(
            plan_audit.c.action == "save"
        )
        if plan_id is not None:
            query = query.where(plan_audit.c.plan_id == plan_id)
        return {int(number): str(actor) for number, actor in conn.execute(query).all()}

    def owner(self, plan_id: int) -> str:
        """Who saved plan ``plan_id`` (empty when nobody was known or the plan predates the
        audit table)."""
        number = self._plan_number(plan_id)
        with self._errors(f"read the owner of plan {number}"), self._read() as conn:
            return self._owners(conn, number).get(number, "")

    def audit(self) -> pd.DataFrame:
        """Who saved and deleted which plan, oldest first: :data:`AUDIT_COLUMNS` (``at`` in
        UTC); no rows when nothing was recorded."""
        with self._errors("read the audit table"), self._read() as conn:
            rows: list[tuple[Any, ...]] = []
            if plan_audit.name in set(inspect(conn).get_table_names()):
                found = conn.execute(select(plan_audit).order_by(plan_audit.c.id)).all()
                rows = [tuple(r) for r in found]
        frame = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
        frame["at"] = pd.to_datetime(frame["at"]).dt.tz_localize("UTC")
        return frame.astype({"id": "int64", "plan_id": "int64"})

    def list(self) -> pd.DataFrame:
        """The saved plans with their key figures, oldest first (newest last).

        Returns
        -------
        pandas.DataFrame
            :data:`LIST_COLUMNS`: ``id``, ``name``, ``note``, ``created_at`` (UTC),
            ``horizon_start``/``horizon_end`` (first and last interval, shop time),
            ``forecast_inquiries``, ``labour_cost`` [CNY], ``paid_hours`` [h],
            ``shortfall_agent_hours`` [h], ``simulated_service_level`` [fraction],
            ``roster_status``, ``history_source``; no rows (same columns) when empty.
        """
        stored = [name for name in LIST_COLUMNS if name != "owner"]
        columns = [getattr(plans.c, name) for name in stored]
        with self._errors("list the plans"), self._read() as conn:
            rows = conn.execute(select(*columns).order_by(plans.c.id)).all()
            owners = self._owners(conn)
        data = {name: [row[i] for row in rows] for i, name in enumerate(stored)}
        data["owner"] = [owners.get(int(plan_id), "") for plan_id in data["id"]]
        floats = (
            "forecast_inquiries",
            "labour_cost",
            "paid_hours",
            "shortfall_agent_hours",
            "simulated_service_level",
        )
        frame = pd.DataFrame(
            {
                "id": pd.Series(data["id"], dtype="int64"),
                "name": pd.Series(data["name"], dtype="str"),
                "note": pd.Series(data["note"], dtype="str"),
                "created_at": pd.to_datetime(
                    pd.Series(data["created_at"], dtype="datetime64[us]")
                ).dt.tz_localize("UTC"),
                "horizon_start": pd.Series(data["horizon_start"], dtype="datetime64[us]"),
                "horizon_end": pd.Series(data["horizon_end"], dtype="datetime64[us]"),
                **{c: pd.Series(data[c], dtype="float64") for c in floats},
                "roster_status": pd.Series(data["roster_status"], dtype="str"),
                "history_source": pd.Series(data["history_source"], dtype="str"),
                "owner": pd.Series(data["owner"], dtype="str"),
            }
        )
        return frame[list(LIST_COLUMNS)]

    def load(self, plan_id: int) -> SavedPlan:
        """The saved plan ``plan_id``, whole.

        Raises
        ------
        StoreError
            No such plan (the message lists the saved ids), the plan was written by a
            newer version, or its stored data is damaged.
        """
        number = self._plan_number(plan_id)
        with self._errors(f"load plan {number}"), self._read() as conn:
            row = conn.execute(select(plans).where(plans.c.id == number)).mappings().first()
            if row is None:
                raise self._not_found(conn, plan_id)
            frames = conn.execute(
                select(plan_frames.c.name, plan_frames.c.schema_json, plan_frames.c.data).where(
                    plan_frames.c.plan_id == number
                )
            ).all()
        if row["schema_version"] > SCHEMA_VERSION:
            raise StoreError(
                f"plan {number} in {self.url} was saved by a newer forecaster (store schema "
                f"{row['schema_version']}, this version reads up to {SCHEMA_VERSION}); "
                "upgrade forecaster"
            )
        where = f"plan {number} in {self.url}"
        found = {name: (schema, data) for name, schema, data in frames}
        missing = [name for name in FRAME_NAMES if name not in found]
        if missing:
            raise StoreError(f"{where} is incomplete: table {missing[0]!r} is missing")
        tables: dict[str, pd.DataFrame] = {}
        for name in FRAME_NAMES:
            schema, data = found[name]
            try:
                tables[name] = decode_frame(bytes(data), json.loads(schema))
            except (ValueError, KeyError, TypeError, OSError, EOFError, zlib.error) as error:
                raise StoreError(f"{where}: table {name!r} is damaged ({error})") from None
        try:
            config = parse_config(json.loads(row["config_json"]), source=f"{where}: config")
            adjustments = tuple(
                adjustments_from_json(row["adjustments_json"], source=f"{where}: adjustments")
            )
            inputs = json.loads(row["inputs_json"])
            summary = json.loads(row["summary_json"])
            roster_summary = json.loads(row["roster_summary_json"])
            messages = tuple(json.loads(row["roster_messages_json"]))
        except PlannerError as error:
            raise StoreError(f"{where} can no longer be read: {error}") from None
        except (ValueError, TypeError) as error:
            raise StoreError(f"{where} is damaged ({error})") from None
        horizon = summary.get("horizon") if isinstance(summary, dict) else None
        shapes = (  # what every reader of a saved plan relies on (an edited row is refused)
            ("summary", isinstance(horizon, list) and len(horizon) == 2),
            (
                "inputs",
                isinstance(inputs, dict) and all(isinstance(v, dict) for v in inputs.values()),
            ),
            ("roster summary", isinstance(roster_summary, dict)),
            ("roster messages", all(isinstance(m, str) for m in messages)),
            ("created_at", isinstance(row["created_at"], dt.datetime)),
        )
        for part, ok in shapes:
            if not ok:
                raise StoreError(f"{where} is damaged ({part} is not what forecaster saved)")
        roster = RosterResult(
            shifts=tables["roster.shifts"],
            coverage=tables["roster.coverage"],
            assignments=tables["roster.assignments"],
            summary=roster_summary,
            messages=messages,
        )
        result = PlanResult(
            forecast=tables["forecast"],
            requirements=tables["requirements"],
            roster=roster,
            simulation=tables["simulation"],
            summary=summary,
            config=config,
            adjustments=adjustments,
            inputs=inputs,
        )
        created = row["created_at"].replace(tzinfo=dt.UTC)
        return SavedPlan(int(row["id"]), row["name"], row["note"], created, result)

    def delete(self, plan_id: int, *, actor: str | None = None) -> None:
        """Remove plan ``plan_id`` and all its tables (one transaction), as ``actor``: a plan
        with an owner only by that owner. The deletion is written to the audit table.

        Raises
        ------
        StoreError
            No such plan (the message lists the saved ids), or it belongs to someone else.
        """
        number = self._plan_number(plan_id)
        with self._errors(f"delete plan {number}"), self._write() as conn:
            name = conn.execute(select(plans.c.name).where(plans.c.id == number)).scalar()
            if name is None:
                raise self._not_found(conn, plan_id)
            owner = self._owners(conn, number).get(number, "")
            if owner and owner != _actor(actor):
                who = _actor(actor) or "someone not signed in"
                raise StoreError(
                    f"plan {number} ({name!r}) was saved by {owner}: only {owner} can delete it "
                    f"(this is {who})"
                )
            conn.execute(delete(plan_frames).where(plan_frames.c.plan_id == number))
            conn.execute(delete(plans).where(plans.c.id == number))
            self._audit(conn, "delete", number, str(name), actor)

    def export(
        self, plan_id: int, out_dir: str | os.PathLike[str], *, language: str = "zh"
    ) -> builtins.list[Path]:
        """Write a saved plan's files into ``out_dir``.

        The files of :func:`~forecaster.pipeline.write_plan` (forecast, requirements,
        roster files, simulation, plan summary, report) plus ``adjustments.json`` (the
        adjustment log, loadable with :func:`~forecaster.adjust.load_adjustments`),
        ``config.json`` (the configuration as validated) and ``inputs.json`` (the input
        fingerprints).

        Parameters
        ----------
        plan_id
            The plan to export.
        out_dir
            Directory to write into (created if missing).
        language
            ``"zh"`` or ``"en"`` headers of the roster files.

        Returns
        -------
        list of Path
            The files written.
        """
        saved = self.load(plan_id)
        result = saved.result
        out = Path(out_dir)
        try:
            written = write_plan(result, out, language=language)
        except OSError as error:
            raise StoreError(
                f"cannot export plan {saved.id} to {out}: {error.strerror or error}"
            ) from None
        extra = {
            "adjustments.json": adjustments_to_json(result.adjustments),
            "config.json": json.dumps(
                result.config.model_dump(mode="json"), ensure_ascii=False, indent=2
            ),
            "inputs.json": json.dumps(result.inputs, ensure_ascii=False, indent=2),
        }
        for file_name, text in extra.items():
            try:
                (out / file_name).write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise StoreError(
                    f"cannot export plan {saved.id} to {out}: {error.strerror or error}"
                ) from None
            written.append(out / file_name)
        return written

    def count_frames(self, plan_id: int | None = None) -> int:
        """Rows of ``plan_frames`` (of one plan, or all): 6 per complete plan."""
        query = select(func.count()).select_from(plan_frames)
        if plan_id is not None:
            query = query.where(plan_frames.c.plan_id == self._plan_number(plan_id))
        with self._errors("count the plan tables"), self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def close(self) -> None:
        """Close the store's database connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PlanStore({self.url!r})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tools and tests)."""
        return self._engine

    def _plan_number(self, plan_id: object) -> int:
        if isinstance(plan_id, bool) or not isinstance(plan_id, int | np.integer | str):
            raise StoreError(f"plan id must be a whole number, got {plan_id!r}")
        try:
            return int(plan_id)
        except ValueError:
            raise StoreError(f"plan id must be a whole number, got {plan_id!r}") from None
