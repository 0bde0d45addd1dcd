"""Safe text in every table the product writes: the one CSV writer.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, WPS or LibreOffice when a planner opens the file (CSV / formula injection,
OWASP). Queue names, scenario names, shop names and notes come from planners' files, so
every CSV the CLI, the fleet and the app write goes through :func:`write_csv` (the roster
workbook's cells through :func:`neutralise`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd

__all__ = ["neutralise", "neutralise_frame", "restore", "restore_frame", "write_csv"]

_T = TypeVar("_T")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATETIME_CSV = "%Y-%m-%d %H:%M:%S"


def neutralise(value: _T) -> _T:
    """Make a text cell safe to open in a spreadsheet program.

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
    as a formula by Excel, WPS or LibreOffice (CSV / formula injection); it gets a leading
    apostrophe, e.g. ``'=HYPERLINK(...)``. Anything else, numbers and datetimes included, is
    returned unchanged.

    Parameters
    ----------
    value
        One cell value of any type.

    Returns
    -------
    object
        The value, with ``'`` prepended when it is dangerous text.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return cast(_T, "'" + value)
    return value


def restore(value: _T) -> _T:
    """The text :func:`neutralise` was given: a queue named ``-售后`` written as ``'-售后``
    to ``forecast.csv`` is ``-售后`` again when ``forecaster staff`` reads the file."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(_FORMULA_STARTS):
        return cast(_T, value[1:])
    return value


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`restore` on every text cell and column name of a table the product wrote
    (a copy)."""
    return _map_text(frame, restore)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell and column name passed through :func:`neutralise`
    (a copy; numbers, booleans and datetimes untouched)."""
    return _map_text(frame, neutralise)


def _map_text(frame: pd.DataFrame, change: Callable[[Any], Any]) -> pd.DataFrame:
    """``change`` on every text cell and header (a copy). A text column is checked by its
    distinct values and mapped only if one changes, so a 200,000-row forecast with two queue
    names costs two checks."""
    out = frame.copy(deep=False)
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        text = pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)
        if text and any(change(v) is not v for v in pd.unique(values.dropna())):
            out.isetitem(i, values.astype(object).map(change, na_action="ignore"))
    out.columns = pd.Index([change(str(c)) for c in frame.columns])
    return out


def write_csv(
    frame: pd.DataFrame,
    path: str | Path | None = None,
    *,
    float_format: str | None = "%.4f",
    date_format: str | None = _DATETIME_CSV,
    encoding: str = "utf-8",
) -> str | None:
    """The one CSV writer of the product's tables: text cells and headers neutralised
    against formula injection (:func:`neutralise_frame`), datetimes as ``date_format``,
    floats as ``float_format`` (None: pandas' defaults for both), no index. Returns the
    text when ``path`` is None."""
    safe = neutralise_frame(frame)
    if path is None:
        return safe.to_csv(index=False, date_format=date_format, float_format=float_format)
    safe.to_csv(
        path, index=False, date_format=date_format, float_format=float_format, encoding=encoding
    )
    return None
