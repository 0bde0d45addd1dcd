"""What every page of the app shares: language, inputs, cached library calls, errors.

The library (``forecaster``) never imports streamlit and never caches; this module is where
the app caches (``st.cache_data`` on bytes and frames) and keeps the planner's work in
``st.session_state``. Session keys:

``lang``           "zh" (default) or "en"
``source``         "sample" or "upload"; uploads under ``history_upload``,
                   ``calendar_upload``, ``config_upload``, ``agents_upload`` (team list)
``calendar_edits`` the calendar as edited on the data page (a frame), if any
``horizon``        (start, end) days of the plan, set on the forecast page
``adjustments``    the :class:`~forecaster.adjust.AdjustmentLog` of the forecast page
``overrides``      config overrides (``key -> value``) from the capacity and roster pages
``config_tables``  shift templates and labour rules as edited on the roster page
``plan``           (key, PlanResult) of the last roster solve
``comparison``     the last :class:`~forecaster.scenarios.Comparison`
``holidays``       the sidebar's holiday calendar: "config" (plan.toml's), "CN", "none" or
                   "other" with the country code in ``holidays_code``
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as _version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import platformdirs
import streamlit as st

from forecaster.config import (
    DAY_OFF_CODE,
    INTERVAL_MINUTES,
    PlanConfig,
    load_config,
    parse_config,
)
from forecaster.errors import InputDataError, PlannerError
from forecaster.i18n import DEFAULT_LANGUAGE, t
from forecaster.messages import PHASES as PHASES_SHOWN
from forecaster.messages import column_label, localise_frame, render
from forecaster.parsed_cache import HistoryCache
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_CONFIG, SAMPLE_HISTORY
from forecaster.validation import Calendar, History, read_calendar, read_history

if TYPE_CHECKING:  # the heavy stages (statsmodels, scipy, pulp, sqlalchemy) load on use,
    # so the first page is up before they are imported
    from forecaster.adjust import AdjustmentLog
    from forecaster.pipeline import PlanResult
    from forecaster.roster import Agent, RosterResult
    from forecaster.store import PlanStore


def lang() -> str:
    """The UI language of this session."""
    return str(st.session_state.get("lang", DEFAULT_LANGUAGE))


def tr(key: str, **fields: Any) -> str:
    """The label ``key`` in this session's language (:mod:`forecaster.i18n`)."""
    return t(key, lang(), **fields)


def day_text(day: object, language: str | None = None) -> str:
    """A day as a planner reads it: ``11月11日 周二`` (``Tue 11/11`` in English), in
    ``language`` (default this session's)."""
    stamp = pd.Timestamp(str(day))
    language = language or lang()
    weekday = t("roster.weekdays", language).split(",")[stamp.weekday()]
    return t("app.day", language, month=stamp.month, day=stamp.day, weekday=weekday)


def time_axis(title: str | None = None, *, days: float = 0) -> dict[str, Any]:
    """A Vega-Lite time axis people read: the day at midnight (``11月11日 周二`` /
    ``Tue 11-11``), 24-hour times between (never ``12 PM``); months (``2024-11``) for a
    span over ``days`` = 120."""
    if days > 120:
        return {"title": title, "format": "%Y-%m", "labelOverlap": True}
    if lang() == "zh":
        weekdays = "['周日','周一','周二','周三','周四','周五','周六']"
        day = f"timeFormat(datum.value, '%m月%d日') + ' ' + {weekdays}[day(datum.value)]"
    else:
        day = "timeFormat(datum.value, '%a %m-%d')"
    expr = f"hours(datum.value) == 0 && minutes(datum.value) == 0 ? {day} : " + (
        "timeFormat(datum.value, '%H:%M')"
    )
    return {"title": title, "labelExpr": expr, "labelOverlap": True}


TOOLTIP_TIME = "%Y-%m-%d %H:%M"
"""Timestamps in tooltips: ISO date, 24-hour time."""


def day_format() -> Callable[[object], str]:
    """:func:`day_text` as a ``format_func``, in this run's language (bound now, see
    :func:`labels`)."""
    language = lang()
    return lambda day: day_text(day, language)


def labels(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` showing option ``x`` as the label ``prefix + x`` in this run's
    language (bound now: a widget's format_func may be called outside the script run)."""
    language = lang()
    return lambda option: t(f"{prefix}{option}", language)


KEPT_SETTINGS = (
    "fc_start_", "fc_end_", "fc_event", "fc_queue", "fc_view", "cap_", "roster_labour_", "roster_time_limit",
    "roster_xlsx_lang", "sc_bot_", "sc_conc_", "sc_count", "sc_name_", "sc_per_queue",
    "sc_quantile_", "sc_time_limit", "rv_plan", "rv_queue", "rv_use_sample", "adj_q_",
    "plan_name", "plan_note", "zoom", "pl_choice", "interval", "holidays", "fl_", "source",
)  # fmt: skip
"""Session keys of the inputs a planner sets (prefixes). Streamlit drops a widget's value when
a page without that widget runs; :func:`keep_settings` keeps these across pages and languages."""


def keep_settings() -> None:
    """Keep every planner setting when another page (or the other language) is shown.

    Streamlit forgets the state of widgets that a run does not draw, and a widget drawn
    again (after another page, or with its label in the other language) is new to the
    browser, which shows the widget's default. So each run records the settings' values
    (``_kept_settings``) and every kept setting's widget takes its default from
    :func:`kept`. Nothing is written back into the session: a value set through
    ``st.session_state`` does not reach a widget the browser mounts afresh (it showed its
    default while the session held the planner's value). The run of a language switch
    records nothing: it drops the settings' values the browser sent, so that each widget
    takes its kept one. A choice shown by a label (selectbox, radio) is set again instead
    (:func:`kept_index` lists them): its widget keeps its identity across languages (its
    key), so the browser still holds the label it showed, which the other language's
    options do not match. Left alone, the radio showed no choice and the next run sent
    the old label back, which Streamlit read as the first option: the data source fell
    back to the sample shop (holidays became "按配置文件 …"). Set in the session, the
    value reaches the browser as the new language's label.
    Buttons and editors are not kept; uploads are (:func:`uploaded`)."""
    kept_values: dict[str, Any] = st.session_state.setdefault("_kept_settings", {})
    labelled: set[str] = st.session_state.setdefault("_kept_labelled", set())
    language = lang()
    switched = st.session_state.get("_kept_lang", language) != language
    st.session_state["_kept_lang"] = language
    st.session_state["_kept_switch"] = switched
    if switched:
        for name in [*kept_values, *(labelled - set(kept_values))]:
            if name in labelled:
                # read before its widget is drawn again: through the last run's options
                value = st.session_state.get(name)
                if value is None and name in kept_values:
                    value = kept_values[name]
                if value is not None:
                    kept_values[name] = st.session_state[name] = value
            elif name in st.session_state:
                del st.session_state[name]
        return
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(KEPT_SETTINGS):
            kept_values[key] = st.session_state[key]


def kept(key: str, default: Any) -> Any:
    """The value the planner last gave setting ``key``, else ``default``: the default of its
    widget. A widget drawn again after another page (or in the other language) is new to
    the browser, which shows its default, not the value in the session: so every kept
    setting's widget takes its default from here (as the default's type: a number input
    refuses an int default with float steps)."""
    value = st.session_state.get("_kept_settings", {}).get(key, default)
    if default is None or value is None or type(value) is type(default):
        return value
    if isinstance(default, float) and isinstance(value, int | float):
        return float(value)
    if isinstance(default, int) and isinstance(value, float) and value.is_integer():
        return int(value)
    return default


def kept_index(key: str, options: Sequence[Any], default: Any) -> int:
    """:func:`kept` for a selectbox or radio: the index of the kept choice in ``options``
    (of ``default`` when the kept one is no longer offered, else 0). Such a choice is set
    again in the session on a language switch (:func:`keep_settings`); in that run its
    widget takes the session's value, with index 0 as its nominal default (Streamlit warns
    of a widget given both a default and a session value)."""
    choices = list(options)
    if relabelled(key, choices):
        return 0
    for value in (kept(key, default), default):
        if value in choices:
            return choices.index(value)
    return 0


def relabelled(key: str, options: Sequence[Any]) -> bool:
    """Register ``key`` as a choice the browser shows by its label (set again on a language
    switch, :func:`keep_settings`); True in a switch's run where the session holds one of
    ``options`` for it: its widget must then be given index 0 (Streamlit warns of a widget
    given both a default and a session value). A value no longer offered is dropped."""
    st.session_state.setdefault("_kept_labelled", set()).add(key)
    if not st.session_state.get("_kept_switch") or key not in st.session_state:
        return False
    if st.session_state[key] in list(options):
        return True
    del st.session_state[key]  # no longer offered: the widget's default stands
    return False


def forget_setting(key: str) -> None:
    """Drop a kept setting (a reset): the widget starts again from its default."""
    st.session_state.pop(key, None)
    st.session_state.get("_kept_settings", {}).pop(key, None)


def names() -> dict[str, str]:
    """Queue key → display name (``display_name`` in plan.toml) of this session's config."""
    return dict(st.session_state.get("_names") or {})


def say(text: object) -> str:
    """A library message (finding, warning, progress line) in this session's language."""
    return render(text, lang(), names())


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def plain(text: object) -> str:
    """Text from files and people (queue names, cells, shop names, paths) for an element that
    renders Markdown (``st.error``, ``st.warning``, ``st.markdown`` ...): every Markdown
    character escaped, so a cell like ``![x](http://…)`` shows as text, never as an image
    the browser fetches or a link."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def say_plain(text: object) -> str:
    """:func:`say` for an element that renders Markdown (:func:`plain`)."""
    return plain(say(text))


def shown_as(mapping: Mapping[str, str]) -> Callable[[object], str]:
    """A ``format_func`` showing a value by its Chinese name in ``mapping`` (phase kinds,
    shift kinds, queues) in Chinese, as it is in English; the language is bound now."""
    chinese = lang() == "zh"
    return lambda value: mapping.get(str(value), str(value)) if chinese else str(value)


PLAN_REPLICATIONS = 5
"""Simulation replications of a plan in the app, on the roster page and in scenarios alike:
one roster then shows one service level whichever page made it (3 against 5 gave the same
roster 7 abandoned chats on one page and 5 on the other)."""

PHASE_COLOURS = {
    "presale": "#66c2a5",
    "final_payment": "#fc8d62",
    "wave": "#8da0cb",
    "peak_day": "#e78ac3",
    "after_sales": "#a6d854",
}
"""One colour per calendar phase (ColorBrewer Set2) on every chart: a phase keeps its colour
from the data page to the forecast and from a long window to a short one (the scheme alone
gave colours by order of appearance)."""
OTHER_PHASE_COLOURS = ("#ffd92f", "#e5c494", "#b3b3b3")


def phase_scale(phases: Sequence[str]) -> dict[str, list[str]]:
    """Vega-Lite ``scale`` of the phase colours for ``phases`` (their keys, in legend order),
    shown by their names in this language."""
    name = shown_as(PHASES_SHOWN)
    others = itertools.cycle(OTHER_PHASE_COLOURS)
    return {
        "domain": [name(p) for p in phases],
        "range": [PHASE_COLOURS.get(p) or next(others) for p in phases],
    }


def queue_name(queue: object) -> str:
    """A queue as people call it: its display name in Chinese, its key in English."""
    return names().get(str(queue), str(queue)) if lang() == "zh" else str(queue)


def file_uploader(
    label: str, types: Sequence[str], key: str, where: Any = None, **kwargs: Any
) -> Any:
    """``st.file_uploader`` (in ``where``, e.g. ``st.sidebar``) whose own words follow the
    page's language: Streamlit writes its button ("Upload") and size line ("50MB per
    file") in English whatever the page says, so in Chinese a style rule on this widget's
    key (Streamlit's ``st-key-<key>`` class) shows ours in their place."""
    where = st if where is None else where
    if lang() != "en":
        mb = int(st.get_option("server.maxUploadSize"))
        limit = tr("upload.limit", mb=mb, types=", ".join(t.upper() for t in types))
        box = f'.st-key-{key} [data-testid="stFileUploaderDropzone"]'
        words = f"{box} button [data-testid='stMarkdownContainer']"
        size = f'{box} [data-testid="stFileUploaderDropzoneInstructions"] span'
        st.html(
            f"<style>{words} > p {{display: none}} "
            f"{words}::after {{content: {_css_string(tr('upload.button'))}}} "
            f"{size} {{font-size: 0; white-space: normal}} "
            f"{size}::after {{content: {_css_string(limit)}; font-size: 0.875rem}}</style>"
        )
    widget = where.file_uploader(
        label, type=list(types), key=key, on_change=_forget_upload, args=(key,), **kwargs
    )
    held = uploaded(key)
    if widget is None and held is not None:  # kept from before the uploader was drawn again
        where.caption(tr("app.upload.kept", name=held[1]))
        where.button(
            tr("app.upload.forget", name=held[1]), key=f"{key}_forget",
            on_click=lambda: st.session_state["_uploads"].pop(key, None),
        )  # fmt: skip
        return KeptUpload(held[1], held[0])
    return widget


@dataclass(frozen=True)
class KeptUpload:
    """An upload kept in the session (:func:`uploaded`), read as the widget's file is:
    ``name`` and ``getvalue()``."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string (JSON's escapes of quotes and backslashes are CSS's
    too; other characters are kept, as ``\\u4e0a`` means something else in CSS)."""
    return json.dumps(text, ensure_ascii=False)


def show_table(
    frame: pd.DataFrame,
    *,
    key: str,
    column_config: dict[str, Any] | None = None,
    target: Any = None,
) -> None:
    """``st.dataframe`` of a library table for people: headers (column-config labels, the
    columns keep their names) and queue/kind/phase/status values in this session's
    language; ``column_config`` adds to or overrides the labels."""
    language = lang()
    shown = localise_frame(frame, language, names()).set_axis(frame.columns, axis=1)
    config: dict[str, Any] = {
        str(c): st.column_config.Column(column_label(c, language)) for c in frame.columns
    }
    config.update(column_config or {})
    (target or st).dataframe(shown, hide_index=True, placeholder="—", key=key, column_config=config)


def show_error(error: BaseException) -> None:
    """The CLI's one-line message in ``st.error``; every problem in an expander."""
    if isinstance(error, PlannerError):
        st.error(plain(error.one_line(lang(), names())))
        if len(error.problems) > 1:
            with st.expander(tr("app.all_problems", count=len(error.problems))):
                st.markdown("\n".join(f"- {say_plain(p)}" for p in error.problems))
    else:  # a bug must not take the page down with a traceback
        st.error(plain(f"{tr('app.internal_error')}: {type(error).__name__}: {error}"))


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run a block; a planner error or a bug is shown with :func:`show_error` instead."""
    try:
        yield
    except Exception as error:  # shown to the planner, not swallowed
        show_error(error)


# --------------------------------------------------------------------------- inputs


PACKAGE_DIR = Path(__file__).resolve().parent.parent / "forecaster"
PARSED_CODE = ("io.py", "validation.py", "opening.py", "parsed_cache.py")
"""The library files that turn a history file into a :class:`History`: the parsed-file
cache is keyed by their content (and by the Python, pandas, numpy and openpyxl versions)
too, so a changed parser never serves an old result."""


def _parsed_cache() -> HistoryCache:
    return HistoryCache(Path(platformdirs.user_cache_dir("forecaster")) / "parsed")


def _parsed_key(data: bytes, name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8") + b"\0" + data)
    versions = (sys.version, pd.__version__, np.__version__, _version("openpyxl"))
    digest.update("|".join(versions).encode())
    for file in PARSED_CODE:
        digest.update((PACKAGE_DIR / file).read_bytes())
    return digest.hexdigest()[:24]


def _parsed_path(data: bytes, name: str) -> Path:
    """Where the parsed form of a history file is kept between server starts."""
    return _parsed_cache().path(_parsed_key(data, name))


def parsed_history(data: bytes, name: str) -> History:
    """The validated history of a file. Reading and validating the sample takes 1.2 s, so
    the result is kept on disk (the user cache directory, data only: Parquet and JSON,
    :mod:`forecaster.parsed_cache`), keyed by the file's bytes and the parser's code: a
    restarted app opens the same file in a fraction of that. The cache only speeds things
    up; if it cannot be read or written the file is read as usual."""
    cache, key = _parsed_cache(), _parsed_key(data, name)
    kept = cache.get(key)
    if kept is not None:
        return kept
    history = read_history(data, name=name)
    cache.put(key, history)
    return history


@st.cache_resource(show_spinner=False, max_entries=4)
def _history(data: bytes, name: str) -> History:
    """:func:`parsed_history`, shared by every session and rerun (not copied: nothing may
    change it in place)."""
    return parsed_history(data, name)


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


@st.cache_resource(show_spinner=False)
def _bundled() -> dict[str, tuple[bytes, str]]:
    """The bundled sample's files (bytes, name), read from disk once per server."""
    paths = {"history": SAMPLE_HISTORY, "calendar": SAMPLE_CALENDAR, "config": SAMPLE_CONFIG}
    return {key: (path.read_bytes(), path.name) for key, path in paths.items()}


def uploaded(key: str) -> tuple[bytes, str] | None:
    """The file uploaded under ``key``: the widget's, kept in ``_uploads`` so that it
    outlives the widget (a page with the sample source, or a language switch, draws the
    uploader afresh and empty); the planner removing it forgets it (:func:`_forget_upload`)."""
    kept: dict[str, tuple[bytes, str]] = st.session_state.setdefault("_uploads", {})
    item = st.session_state.get(key)
    if item is not None:
        kept[key] = (item.getvalue(), item.name)
    return kept.get(key)


def _forget_upload(key: str) -> None:
    """The uploader's change: a file removed by the planner is no longer used."""
    if st.session_state.get(key) is None:
        st.session_state.setdefault("_uploads", {}).pop(key, None)


def inputs() -> Inputs | None:
    """The session's inputs; ``None`` (after an ``st.error`` or an info) if unusable."""
    sample = st.session_state.get("source", "sample") == "sample"
    bundled = _bundled()
    if sample:
        files = dict(bundled)
    else:
        history = uploaded("history_upload")
        if history is None:
            st.info(tr("app.upload.first"))
            return None
        files = {
            "history": history,
            "calendar": uploaded("calendar_upload") or bundled["calendar"],
            "config": uploaded("config_upload") or bundled["config"],
        }
    try:
        history_ = _history(*files["history"])
        calendar = _calendar(*files["calendar"])
        config = _config(*files["config"])
    except Exception as error:
        show_error(error)
        return None
    history_ = history_.keyed(config.queue_keys(history_.queues))  # 安装预约 → install
    st.session_state["_names"] = config.display_names()
    # the planner's calendar edits belong to the calendar file they were made on: another
    # file (an upload, the other source) starts from itself, not from the old file's edits
    calendar_file = hashlib.sha256(files["calendar"][0]).hexdigest()[:16]
    if st.session_state.get("calendar_file") != calendar_file:
        st.session_state["calendar_file"] = calendar_file
        st.session_state.pop("calendar_edits", None)
        st.session_state.pop("calendar_editor_base", None)
    edits = st.session_state.get("calendar_edits")
    file_calendar = calendar
    if edits is not None:
        calendar = Calendar(edits, tr("data.edited", source=calendar.source), calendar.findings)
    digest = hashlib.sha256()
    for data, name in files.values():
        digest.update(name.encode("utf-8") + hashlib.sha256(data).digest())
    if edits is not None:
        digest.update(pd.util.hash_pandas_object(edits, index=False).to_numpy().tobytes())
    return Inputs(history_, calendar, config, sample, digest.hexdigest()[:16], file_calendar)


def config(inp: Inputs, tables: dict[str, Any] | None = None) -> PlanConfig:
    """The base configuration with this session's edits: the roster page's shift templates
    and labour rules (``config_tables``, or ``tables`` to try other ones), then the
    overrides of the capacity page.

    Raises
    ------
    ConfigError
        The edits make an invalid configuration (the CLI's one-line messages, naming the
        configuration file, e.g. ``plan.toml: shifts[2].paid_hours must be <= ...``).
    """
    cfg = inp.config
    edits = tables if tables is not None else config_tables(inp)
    if edits:
        cfg = parse_config({**cfg.model_dump(), **edits}, config_name())
    # a queue's settings from another configuration (the sample's presale, kept while the
    # planner looked at it) stay in the session for when it comes back, but do not apply
    overrides = {
        k: v
        for k, v in (st.session_state.get("overrides") or {}).items()
        if "." not in k or k.split(".")[0] in cfg.queues
    }
    step = interval_minutes(inp, cfg)
    if step != cfg.interval_minutes:
        overrides["interval_minutes"] = str(step)
    region = chosen_holidays()
    if region is not None and region != cfg.holidays:
        overrides["holidays"] = region
    return cfg.with_overrides(overrides, source="app") if overrides else cfg


INTERVALS = INTERVAL_MINUTES
"""Planning grids the app offers (``interval_minutes``)."""


def interval_minutes(inp: Inputs, cfg: PlanConfig) -> int:
    """The planning grid: the sidebar's choice (``interval``), or by default the
    configuration's, made as coarse as the history (an hourly 千牛 export plans by the hour).

    Raises
    ------
    InputDataError
        A chosen grid finer than the history's intervals, or not a multiple of them.
    ConfigError
        No grid of :data:`INTERVALS` fits the history (:meth:`PlanConfig.grid_for`).
    """
    data = int(inp.history.interval_minutes)
    chosen = st.session_state.get("interval", "auto")
    if chosen == "auto":  # as the CLI plans: the config's grid, no finer than the data's
        return cfg.grid_for(data, inp.history.source, config_name()).interval_minutes
    if int(chosen) % data:
        raise InputDataError(tr("app.interval.too_fine", chosen=int(chosen), data=data))
    return int(chosen)


def interval_input() -> None:
    """The planning-grid choice in the sidebar (every page)."""
    auto, unit = tr("app.interval.auto"), tr("app.interval.unit")  # bound now, see labels()
    st.sidebar.selectbox(
        tr("app.interval"), ["auto", *INTERVALS],
        index=kept_index("interval", ["auto", *INTERVALS], "auto"), key="interval",
        format_func=lambda m: auto if m == "auto" else f"{m} {unit}",
        help=tr("app.interval.help"),
    )  # fmt: skip


HOLIDAY_CHOICES = ("config", "CN", "none", "other")
"""The holiday calendar choices of the sidebar: the configuration's ``holidays``, China's,
none, or another country code typed in (``holidays_code``)."""


def chosen_holidays() -> str | None:
    """The sidebar's holiday calendar (``holidays``, with ``holidays_code`` for another
    country), or ``None`` for the configuration's. An unknown code is refused by the
    configuration (the CLI's line, naming the key)."""
    chosen = st.session_state.get("holidays", kept("holidays", "config"))
    if chosen == "other":
        return str(st.session_state.get("holidays_code", kept("holidays_code", "GB"))).strip()
    return None if chosen == "config" else str(chosen)


def holidays_input() -> None:
    """The holiday-calendar choice in the sidebar (every page): the configuration's
    (``holidays`` in plan.toml), China's with its make-up working days, none, or another
    country's public holidays by code."""
    names = {key: tr(f"app.holidays.{key}") for key in HOLIDAY_CHOICES}  # bound now
    choice = st.sidebar.selectbox(
        tr("app.holidays"), HOLIDAY_CHOICES,
        index=kept_index("holidays", HOLIDAY_CHOICES, "config"), key="holidays",
        format_func=names.__getitem__, help=tr("app.holidays.help"),
    )  # fmt: skip
    if choice == "other":
        st.sidebar.text_input(
            tr("app.holidays.code"), kept("holidays_code", "GB"), key="holidays_code",
            help=tr("app.holidays.code.help"),
        )  # fmt: skip


# --------------------------------------------------------------------------- horizon


def default_horizon(inp: Inputs) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The sample's 双11 2025 window, or for other data the 28 days after the history."""
    if inp.is_sample:
        from forecaster.pipeline import SAMPLE_END, SAMPLE_START

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
    _history: History,
    _calendar: Calendar,
    key: str,
    minutes: int,
    start: str,
    end: str,
    holidays: str = "CN",
) -> pd.DataFrame:
    from forecaster.pipeline import plan_forecast

    return plan_forecast(_history, _calendar, minutes, start=start, end=end, holidays=holidays)


def forecast(inp: Inputs, cfg: PlanConfig) -> pd.DataFrame:
    """The campaign forecast of the horizon (cached per inputs, grid, horizon and holiday
    calendar), before the planner's adjustments."""
    start, end = horizon(inp)
    return _forecast(
        inp.history,
        inp.calendar,
        inp.key,
        cfg.interval_minutes,
        str(start),
        str(end),
        cfg.holidays,
    )


def _adjustments_json() -> str:
    from forecaster.adjust import adjustments_to_json

    return adjustments_to_json(adjustment_log().entries, indent=None)


def adjustment_log() -> AdjustmentLog:
    """This session's adjustments (created empty on first use)."""
    from forecaster.adjust import AdjustmentLog

    if "adjustments" not in st.session_state:
        st.session_state["adjustments"] = AdjustmentLog()
    log: AdjustmentLog = st.session_state["adjustments"]
    return log


def adjusted_forecast(inp: Inputs, cfg: PlanConfig) -> pd.DataFrame:
    """The forecast with this session's adjustments applied, in order."""
    fc = forecast(inp, cfg)
    entries = adjustment_log().entries
    if not entries:
        return fc
    from forecaster.adjust import apply_adjustments

    return apply_adjustments(fc, entries)


@st.cache_data(show_spinner=False, max_entries=64)
def _requirements(
    rows: pd.DataFrame, setting: str, _cfg: PlanConfig, phases: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """One queue's requirements and the notes their staffing gave (slots the forecast
    has closed inside service hours); ``setting`` is everything of ``_cfg`` they depend on,
    ``phases`` the calendar when the queue has ``phase_service_hours``."""
    from forecaster.capacity import requirements

    lines: list[str] = []
    req = requirements(rows, _cfg, calendar=phases, progress=lines.append)
    return req, [line for line in lines if getattr(line, "id", "") == "note"]


def staffing(fc: pd.DataFrame, cfg: PlanConfig, calendar: Calendar | None = None) -> pd.DataFrame:
    """Requirements of a forecast under a configuration, as
    :func:`forecaster.capacity.requirements` gives them (with ``calendar`` for the queues'
    ``phase_service_hours``), cached per queue on its forecast rows and its own settings: a
    change to one queue's parameters recomputes that queue only (0.25 s of the 0.6 s both
    take on a 40-day window). Their notes are in ``attrs["notes"]``."""
    phases = None if calendar is None else calendar.frame[["event", "phase", "start", "end"]]
    cfg.check_queues(fc["queue"].unique(), "forecast", config_name())
    parts, notes = [], []
    for name, rows in fc.groupby(fc["queue"].astype(str), sort=False):
        setting = json.dumps(
            {"interval_minutes": cfg.interval_minutes, name: cfg.queues[name].model_dump()},
            sort_keys=True,
            default=str,
        )
        own = phases if cfg.queues[name].phase_service_hours else None
        part, said = _requirements(rows, setting, cfg, own)
        parts.append(part)
        notes += said
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["interval_start", "queue"], kind="stable").reset_index(drop=True)
    out.attrs["notes"] = notes
    return out


def chart_values(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows for an inline Vega-Lite dataset: times as ISO text, gaps as null (not NaN)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    out = out.astype(object).where(out.notna(), None)
    records: list[dict[str, object]] = out.to_dict("records")
    return records


# --------------------------------------------------------------------------- saved plans


@st.cache_resource(show_spinner=False)
def _store(url: str) -> PlanStore:
    from forecaster.store import PlanStore

    return PlanStore(url)


def sign_in_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures Streamlit's OIDC sign-in (``[auth]``)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: no sign-in
        return False


def user() -> str:
    """Who uses the app: the signed-in user's e-mail (else name); empty without sign-in. Saved
    plans get it as their owner, and only their owner deletes them."""
    if not sign_in_configured() or not st.user.is_logged_in:
        return ""
    return str(st.user.get("email") or st.user.get("name") or "")


def store() -> PlanStore:
    """The plan database: the session's ``db_url``, else ``$FORECASTER_DB`` or the user
    data directory's ``plans.db`` (one open store per URL)."""
    from forecaster.store import default_db_url

    return _store(st.session_state.get("db_url") or default_db_url())


# ---- scenarios/review/plans pages


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a downloadable CSV file, like the CLI's files.

    UTF-8 with a byte-order mark (Excel and WPS then read the Chinese text), ISO datetimes,
    floats to 4 decimals, text cells and headers neutralised against formula injection
    (:func:`forecaster.exports.neutralise`).
    """
    from forecaster.exports import CSV_ENCODING
    from forecaster.safe_output import write_csv

    return (write_csv(frame) or "").encode(CSV_ENCODING)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Files (name -> content) as one zip archive."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def plan_files(plan_store: PlanStore, plan_id: int, language: str) -> dict[str, bytes]:
    """A saved plan's files (name -> content), as ``forecaster plans export`` writes them.

    Raises
    ------
    StoreError
        No such plan, or it cannot be read or written out (one line).
    """
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="forecaster-plan-") as folder:
        written = plan_store.export(plan_id, folder, language=language)
        return {Path(path).name: Path(path).read_bytes() for path in written}


def review_files(review: Any) -> dict[str, bytes]:
    """A :class:`~forecaster.review.ReviewResult`'s files (name -> content), as
    ``forecaster review`` writes them (tables, summary and charts in this session's
    language)."""
    import tempfile

    from forecaster.review import write_review

    with tempfile.TemporaryDirectory(prefix="forecaster-review-") as folder:
        written = write_review(review, folder, language=lang())
        return {path.name: path.read_bytes() for path in written}


def read_actuals(data: bytes, name: str) -> History:
    """An uploaded file of actual inquiries, read and validated like a history (cached).

    Raises
    ------
    InputDataError
        The file cannot be used (the CLI's one-line message).
    """
    return _history(data, name)


# ---- roster page
# (imports of this section kept here while other sections of this file are edited; they
# may move to the top)


def check_queues(inp: Inputs, cfg: PlanConfig) -> None:
    """Stop (:class:`ConfigError`, before any forecast) when a history queue has no table
    in the configuration: staffing needs each queue's parameters."""
    cfg.check_queues(inp.history.queues, inp.history.source, config_name())


def config_name() -> str:
    """The session's configuration file name, as the CLI's messages give it (``plan.toml``)."""
    upload = uploaded("config_upload")
    if st.session_state.get("source") == "upload" and upload is not None:
        return upload[1]
    return SAMPLE_CONFIG.name


def config_digest(cfg: PlanConfig) -> str:
    """A short digest of a configuration (which base configuration edits were made on)."""
    return hashlib.sha256(cfg.model_dump_json().encode("utf-8")).hexdigest()[:16]


def config_tables(inp: Inputs) -> dict[str, Any] | None:
    """The roster page's edited ``shifts`` and ``labour`` (``plan.toml`` layout), if they
    were made on this base configuration (a new configuration file drops them)."""
    stored = st.session_state.get("config_tables")
    if not stored or stored.get("base") != config_digest(inp.config):
        return None
    return {key: value for key, value in stored.items() if key != "base"}


def set_config_tables(inp: Inputs, tables: dict[str, Any]) -> bool:
    """Validate edited ``shifts``/``labour`` and keep them for every page's :func:`config`.

    Parameters
    ----------
    inp
        The session's inputs (their configuration is the base the edits apply to).
    tables
        ``{"shifts": [...], "labour": {...}}`` as in ``plan.toml``.

    Returns
    -------
    bool
        Whether the session's configuration changed.

    Raises
    ------
    ConfigError
        The edits are invalid (the CLI's one-line message); the last valid ones are kept.
    """
    before = config(inp)
    after = config(inp, tables)
    if after.shifts == inp.config.shifts and after.labour == inp.config.labour:
        st.session_state.pop("config_tables", None)
    else:
        st.session_state["config_tables"] = {
            "base": config_digest(inp.config),
            "shifts": [shift.model_dump() for shift in after.shifts],
            "labour": after.labour.model_dump(),
        }
    return after != before


@st.cache_data(show_spinner=False, max_entries=4)
def _team(data: bytes, name: str) -> list[Agent]:
    from forecaster.roster import read_agents

    return read_agents(data, name=name)


def team() -> list[Agent] | None:
    """The uploaded team list (``agents.csv``, when the source is "upload"), read and
    checked as the CLI's ``--agents`` (cached per file); ``None`` without one.

    Raises
    ------
    InputDataError
        The file cannot be used (the CLI's one line per problem, naming file and row).
    """
    upload = uploaded("agents_upload") if st.session_state.get("source") == "upload" else None
    return None if upload is None else _team(*upload)


def team_name() -> str:
    """The team list's file name (empty without one)."""
    upload = uploaded("agents_upload") if st.session_state.get("source") == "upload" else None
    return "" if upload is None else upload[1]


def _team_digest() -> str:
    upload = uploaded("agents_upload") if st.session_state.get("source") == "upload" else None
    return "" if upload is None else hashlib.sha256(upload[0]).hexdigest()


def plan_key(inp: Inputs, cfg: PlanConfig) -> str:
    """A digest of what a plan is computed from: inputs, horizon, adjustments, configuration
    and the team list."""
    start, end = horizon(inp)
    parts = (
        inp.key,
        str(start),
        str(end),
        _adjustments_json(),
        cfg.model_dump_json(),
        _team_digest(),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def roster_files(
    roster: RosterResult,
    language: str = "zh",
    *,
    config: PlanConfig | None = None,
    requirements: pd.DataFrame | None = None,
) -> dict[str, bytes]:
    """The roster output directory as bytes (file name -> content), written by
    :func:`forecaster.exports.write_roster_outputs` exactly as the CLI writes it:
    ``shifts.csv``, ``coverage.csv``, ``assignments.csv``, ``summary.json`` and
    ``roster.xlsx`` with Chinese (``"zh"``) or English headers.

    Raises
    ------
    InputDataError
        The roster's tables cannot be written (one line).
    """
    with tempfile.TemporaryDirectory(prefix="forecaster-roster-") as folder:
        from forecaster.exports import write_roster_outputs

        written = write_roster_outputs(
            roster.shifts,
            roster.coverage,
            roster.assignments,
            roster.summary,
            folder,
            language="zh" if language == "zh" else "en",
            config=config,
            requirements=requirements,
        )
        return {path.name: path.read_bytes() for path in written}


_ROSTER_FILES: dict[tuple[str, str], dict[str, bytes]] = {}
_ROSTER_FILES_LOCK = threading.Lock()


def roster_downloads(
    token: str,
    roster: RosterResult,
    language: str,
    *,
    config: PlanConfig | None = None,
    requirements: pd.DataFrame | None = None,
) -> dict[str, bytes]:
    """:func:`roster_files`, kept for the last four solves (``token``) and languages.

    Safe to call from a download button's deferred callable (a server thread, no script
    context): the Excel workbook of a 40-day sample plan takes about 20 s, so the page
    builds the files when a download is clicked, once per solve and language.
    """
    with _ROSTER_FILES_LOCK:
        files = _ROSTER_FILES.get((token, language))
        if files is None:
            files = roster_files(roster, language, config=config, requirements=requirements)
            _ROSTER_FILES[(token, language)] = files
            while len(_ROSTER_FILES) > 4:
                _ROSTER_FILES.pop(next(iter(_ROSTER_FILES)))
        return files


def roster_grid(roster: RosterResult, weekdays: Sequence[str] | None = None) -> pd.DataFrame:
    """The 排班表 of ``roster.xlsx`` as a table, built by the workbook's own grid builder.

    Returns
    -------
    pandas.DataFrame
        One row per agent (FT, PT, OUT, then by id): ``agent``, ``name``, ``kind``, then one
        column per date (``11-10 Mon``; ``weekdays`` names Monday to Sunday) holding the
        shift code(s) worked that day, ``休`` for a day off.
    """
    from forecaster import exports

    names = list(weekdays or ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    tables = exports._validated_tables(
        shifts=roster.shifts, coverage=roster.coverage, assignments=roster.assignments
    )
    grid = exports._build_grid(**tables)
    dates = [f"{day:%m-%d} {names[day.weekday()]}" for day in grid.dates]
    rows = [
        [
            str(agent),
            name,
            kind,
            *("/".join(grid.cells.get((i, j), [])) or DAY_OFF_CODE for j in range(len(dates))),
        ]
        for i, (agent, name, kind) in enumerate(grid.agents)
    ]
    return pd.DataFrame(rows, columns=["agent", "name", "kind", *dates])


@st.cache_data(show_spinner=False, max_entries=4)
def _roster_grid(_roster: RosterResult, token: str, weekdays: tuple[str, ...]) -> pd.DataFrame:
    return roster_grid(_roster, weekdays)


def cached_roster_grid(token: str, roster: RosterResult, weekdays: Sequence[str]) -> pd.DataFrame:
    """:func:`roster_grid`, cached per solve (``token``) and weekday names."""
    return _roster_grid(roster, token, tuple(weekdays))


@st.cache_data(show_spinner=False, max_entries=4)
def _gaps(_plan: PlanResult, token: str) -> list[dict[str, Any]]:
    from forecaster.explain import explain_gaps

    return explain_gaps(_plan)


def cached_gaps(token: str, plan: PlanResult) -> list[dict[str, Any]]:
    """:func:`forecaster.explain.explain_gaps` of a plan, cached per solve (``token``)."""
    return _gaps(plan, token)
