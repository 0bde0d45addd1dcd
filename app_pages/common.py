"""What every page of the app shares: language, inputs, cached library calls, errors.

The library (``forecaster``) never imports streamlit and never caches; this module is where
the app caches (``st.cache_data`` on bytes and frames) and keeps the planner's work in
``st.session_state``. Session keys:

``lang``           "zh" (default) or "en"
``source``         "sample" or "upload"; uploads under ``history_upload``,
                   ``calendar_upload``, ``config_upload``
``calendar_edits`` the calendar as edited on the data page (a frame), if any
``horizon``        (start, end) days of the plan, set on the forecast page
``adjustments``    the :class:`~forecaster.adjust.AdjustmentLog` of the forecast page
``overrides``      config overrides (``key -> value``) from the capacity and roster pages
``roster``         (key, RosterResult) of the last solve
``comparison``     the last :class:`~forecaster.scenarios.Comparison`
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from forecaster.adjust import AdjustmentLog, apply_adjustments
from forecaster.capacity import requirements
from forecaster.config import PlanConfig, load_config, parse_config
from forecaster.errors import PlannerError
from forecaster.i18n import DEFAULT_LANGUAGE, t
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY
from forecaster.pipeline import SAMPLE_END, SAMPLE_START, plan_forecast
from forecaster.store import PlanStore, default_db_url
from forecaster.validation import Calendar, History, read_calendar, read_history


def lang() -> str:
    """The UI language of this session."""
    return str(st.session_state.get("lang", DEFAULT_LANGUAGE))


def tr(key: str, **fields: Any) -> str:
    """The label ``key`` in this session's language (:mod:`forecaster.i18n`)."""
    return t(key, lang(), **fields)


def show_error(error: BaseException) -> None:
    """The CLI's one-line message in ``st.error``; every problem in an expander."""
    if isinstance(error, PlannerError):
        st.error(str(error))
        if len(error.problems) > 1:
            with st.expander(tr("app.all_problems", count=len(error.problems))):
                st.markdown("\n".join(f"- {p}" for p in error.problems))
    else:  # a bug must not take the page down with a traceback
        st.error(f"{tr('app.internal_error')}: {type(error).__name__}: {error}")


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run a block; a planner error or a bug is shown with :func:`show_error` instead."""
    try:
        yield
    except Exception as error:  # shown to the planner, not swallowed
        show_error(error)


# --------------------------------------------------------------------------- inputs


@st.cache_data(show_spinner=False, max_entries=4)
def _history(data: bytes, name: str) -> History:
    return read_history(data, name=name)


@st.cache_data(show_spinner=False, max_entries=4)
def _calendar(data: bytes, name: str) -> Calendar:
    return read_calendar(data, name=name)


@st.cache_data(show_spinner=False, max_entries=8)
def _config(data: bytes, name: str) -> PlanConfig:
    return load_config(data, name=name)


@dataclass(frozen=True)
class Inputs:
    """The planner's data: history, calendar (as edited) and the base configuration."""

    history: History
    calendar: Calendar
    config: PlanConfig
    is_sample: bool
    key: str
    """A digest of the inputs, for keying results computed from them."""
    file_calendar: Calendar
    """The calendar as read from its file, before the planner's edits."""


def _upload(key: str) -> tuple[bytes, str] | None:
    item = st.session_state.get(key)
    return None if item is None else (item.getvalue(), item.name)


def inputs() -> Inputs | None:
    """The session's inputs; ``None`` (after an ``st.error`` or an info) if unusable."""
    sample = st.session_state.get("source", "sample") == "sample"
    if sample:
        files = {
            "history": (SAMPLE_HISTORY.read_bytes(), SAMPLE_HISTORY.name),
            "calendar": (SAMPLE_CALENDAR.read_bytes(), SAMPLE_CALENDAR.name),
            "config": (SAMPLE_CONFIG.read_bytes(), SAMPLE_CONFIG.name),
        }
    else:
        history = _upload("history_upload")
        if history is None:
            st.info(tr("app.upload.first"))
            return None
        files = {
            "history": history,
            "calendar": _upload("calendar_upload")
            or (SAMPLE_CALENDAR.read_bytes(), SAMPLE_CALENDAR.name),
            "config": _upload("config_upload") or (SAMPLE_CONFIG.read_bytes(), SAMPLE_CONFIG.name),
        }
    try:
        history_ = _history(*files["history"])
        calendar = _calendar(*files["calendar"])
        config = _config(*files["config"])
    except Exception as error:
        show_error(error)
        return None
    edits = st.session_state.get("calendar_edits")
    file_calendar = calendar
    if edits is not None:
        calendar = Calendar(edits, f"{calendar.source} (edited)", calendar.findings)
    digest = hashlib.sha256()
    for data, name in files.values():
        digest.update(name.encode("utf-8") + hashlib.sha256(data).digest())
    if edits is not None:
        digest.update(pd.util.hash_pandas_object(edits, index=False).to_numpy().tobytes())
    return Inputs(history_, calendar, config, sample, digest.hexdigest()[:16], file_calendar)


def config(inp: Inputs) -> PlanConfig:
    """The base configuration with this session's overrides (capacity and roster pages)."""
    overrides = st.session_state.get("overrides") or {}
    return inp.config.with_overrides(overrides, source="app") if overrides else inp.config


# --------------------------------------------------------------------------- horizon


def default_horizon(inp: Inputs) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The sample's 双11 2025 window, or for other data the 28 days after the history."""
    if inp.is_sample:
        return pd.Timestamp(SAMPLE_START), pd.Timestamp(SAMPLE_END)
    last = inp.history.frame["interval_start"].max().normalize() + pd.Timedelta(days=1)
    return last, last + pd.Timedelta(days=27)


def horizon(inp: Inputs) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The plan's first and last day (set on the forecast page)."""
    chosen = st.session_state.get("horizon")
    return chosen if chosen is not None else default_horizon(inp)


def event_horizon(calendar: Calendar, event: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A plan window for a calendar event: a week before its first phase to five days
    after its last phase before after-sales (the sample's 双11 2025: 10-08 to 11-16)."""
    phases = calendar.frame[calendar.frame["event"] == event]
    main = phases[phases["phase"] != "after_sales"]
    main = main if not main.empty else phases
    start = phases["start"].min().normalize() - pd.Timedelta(days=7)
    end = main["end"].max().normalize() + pd.Timedelta(days=5)
    return start, end


# --------------------------------------------------------------------------- stages


@st.cache_data(show_spinner=False, max_entries=8)
def _forecast(
    _history: History, _calendar: Calendar, key: str, minutes: int, start: str, end: str
) -> pd.DataFrame:
    return plan_forecast(_history, _calendar, minutes, start=start, end=end)


def forecast(inp: Inputs, cfg: PlanConfig) -> pd.DataFrame:
    """The campaign forecast of the horizon (cached per inputs, grid and horizon), before
    the planner's adjustments."""
    start, end = horizon(inp)
    return _forecast(inp.history, inp.calendar, inp.key, cfg.interval_minutes, str(start), str(end))


def adjustment_log() -> AdjustmentLog:
    """This session's adjustments (created empty on first use)."""
    if "adjustments" not in st.session_state:
        st.session_state["adjustments"] = AdjustmentLog()
    log: AdjustmentLog = st.session_state["adjustments"]
    return log


def adjusted_forecast(inp: Inputs, cfg: PlanConfig) -> pd.DataFrame:
    """The forecast with this session's adjustments applied, in order."""
    fc = forecast(inp, cfg)
    entries = adjustment_log().entries
    return apply_adjustments(fc, entries) if entries else fc


@st.cache_data(show_spinner=False, max_entries=32)
def _requirements(fc: pd.DataFrame, cfg_json: str) -> pd.DataFrame:
    return requirements(fc, parse_config(json.loads(cfg_json), "app"))


def staffing(fc: pd.DataFrame, cfg: PlanConfig) -> pd.DataFrame:
    """Requirements of a forecast under a configuration (cached on both)."""
    return _requirements(fc, cfg.model_dump_json())


# --------------------------------------------------------------------------- saved plans


@st.cache_resource(show_spinner=False)
def _store(url: str) -> PlanStore:
    return PlanStore(url)


def store() -> PlanStore:
    """The plan database: the session's ``db_url``, else ``$FORECASTER_DB`` or the user
    data directory's ``plans.db`` (one open store per URL)."""
    return _store(st.session_state.get("db_url") or default_db_url())
