"""The charts of ``report.html``: matplotlib figures drawn off-screen and embedded as PNG.

Each figure function takes plain frames and a language and returns a
:class:`matplotlib.figure.Figure` built without pyplot (no global backend, nothing left open).
:func:`png` renders a figure at :data:`DPI` with its own fixed size and layout, so a pixel of
the PNG sits where the figure's transforms say (the tests read every bar back from the
image). :func:`report_charts` builds and renders all of them.

Chinese labels need a font with CJK glyphs; matplotlib's own DejaVu Sans has none and draws
empty boxes. :func:`cjk_font` picks an installed one (Noto Sans CJK, Source Han Sans,
WenQuanYi, Microsoft YaHei, ...) as a per-glyph fallback behind DejaVu Sans; on a machine
without any, the chart text falls back to English (:func:`chart_language`) rather than boxes.

Wording lives in :data:`WORDS` until the message catalogue takes it over.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from forecaster.messages import WEEKDAYS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DPI",
    "WORDS",
    "Chart",
    "chart_language",
    "chart_style",
    "cjk_font",
    "cost_by_day",
    "coverage_chart",
    "day_labels",
    "forecast_chart",
    "png",
    "report_charts",
    "service_level_chart",
]

DPI = 100
"""Resolution of the report's PNG charts. [dots per inch]"""
WIDTH_INCHES = 12.0
"""Width of every chart. [in]"""
HEIGHT_INCHES = 2.8
"""Height of a line chart; the cost chart adds room for rotated day labels. [in]"""

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Hiragino Sans GB",
    "Noto Serif CJK SC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Arial Unicode MS",
)
"""Fonts with simplified-Chinese glyphs, in order of preference."""
BUNDLED_FONT = Path(__file__).with_name("fonts") / "NotoSansSC-GB2312.otf"
"""Noto Sans CJK SC cut down to ASCII and GB 2312 (1.5 MB, SIL Open Font License, see
``fonts/OFL.txt``): the fallback when the machine has no CJK font, so that a report is
drawn in Chinese wherever it is made (a plan made before ``fonts-noto-cjk`` was installed
had English charts in a Chinese report). A queue name outside GB 2312 would show boxes."""
_CJK_FILE_HINTS = (
    "cjk",
    "wqy",
    "sourcehan",
    "notosanssc",
    "msyh",
    "simhei",
    "simsun",
    "pingfang",
    "droidsansfallback",
    "uming",
    "ukai",
)
"""Font file names that suggest Chinese glyphs (lower case)."""

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "forecast": "Forecast inquiries per {minutes}-minute interval, {queue}",
        "band": "P10-P90",
        "p50": "median (P50)",
        "coverage": "Required vs scheduled agents, {queue}",
        "required": "required (headcount)",
        "scheduled": "scheduled",
        "shortfall": "shortfall",
        "cost": "Labour cost by day and kind [CNY]",
        "service": "Simulated service level by interval",
        "FT": "FT",
        "PT": "PT",
        "OUT": "OUT",
        "title.forecast": "Forecast ({queue})",
        "title.coverage": "Coverage ({queue})",
        "title.cost": "Cost by day",
        "title.service": "Simulated service level",
        "target": "target {target}",
    },
    "zh": {
        "forecast": "咨询量预测 (每 {minutes} 分钟) · {queue}",
        "band": "P10-P90 区间",
        "p50": "中位数 (P50)",
        "coverage": "需求人数与排班人数 · {queue}",
        "required": "需求人数",
        "scheduled": "排班人数",
        "shortfall": "缺口",
        "cost": "每日人工成本(元),按类型",
        "service": "仿真服务水平(按时段)",
        "FT": "全职",
        "PT": "兼职",
        "OUT": "外包",
        "title.forecast": "咨询量预测({queue})",
        "title.coverage": "排班覆盖({queue})",
        "title.cost": "每日成本",
        "title.service": "仿真服务水平",
        "target": "目标 {target}",
    },
}
"""Chart wording by language: axis titles, legends and the report's section headings."""

_KIND_ORDER = ("FT", "PT", "OUT")
_KIND_COLOURS = {"FT": "#4472C4", "PT": "#ED7D31", "OUT": "#7F5FA8"}
_OTHER_COLOURS = ("#A5A5A5", "#70AD47", "#5B9BD5", "#FFC000")
_TICK_POINTS = 8.0
"""Font size of day labels. [pt]"""
_LABEL_GAP_PIXELS = 4.0
"""Room kept between two neighbouring day labels. [px]"""


@dataclass(frozen=True)
class Chart:
    """One rendered chart of the report."""

    key: str
    """``forecast``, ``coverage``, ``cost`` or ``service``."""
    title: str
    """Section heading in the report's language."""
    png: bytes
    """The image, :data:`DPI` dots per inch."""


# --------------------------------------------------------------------------- fonts


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs, or None when there is none.

    The first of :data:`CJK_FONTS` that matplotlib knows, else any font whose name says CJK.
    matplotlib caches its font list on first use, so fonts installed later (``apt-get install
    fonts-noto-cjk`` after matplotlib first ran: seen on this project's machines) are not in
    it: then the system's font files whose names look Chinese are added to this process's
    font list (``fontManager.addfont``; ``.ttc`` collections bring every face). Cached.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager

    def known() -> str | None:
        names = {font.name for font in manager.ttflist}
        for name in CJK_FONTS:
            if name in names:
                return name
        return next((n for n in sorted(names) if "CJK" in n), None)

    found = known()
    if found is not None:
        return found
    for path in font_manager.findSystemFonts():
        stem = Path(path).name.lower()
        if any(hint in stem for hint in _CJK_FILE_HINTS):
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable or not a font
                continue
    found = known()
    if found is None and BUNDLED_FONT.is_file():
        manager.addfont(str(BUNDLED_FONT))
        found = known()
    return found


def chart_language(language: str) -> str:
    """The language the chart text is drawn in: ``'zh'`` only when a CJK font exists."""
    return "zh" if language == "zh" and cjk_font() is not None else "en"


@contextmanager
def chart_style() -> Iterator[None]:
    """matplotlib settings for the report's charts: DejaVu Sans with a CJK fallback font,
    in either language (an English chart still names queues, scenarios and shops as people
    wrote them: 售前, 多兼职).

    Build *and* render a figure inside this context: tick labels are made when drawn.
    """
    import matplotlib

    family = ["DejaVu Sans"]
    font = cjk_font()
    if font is not None:
        family.append(font)  # per-glyph fallback (matplotlib >= 3.6)
    with matplotlib.rc_context({"font.family": family, "axes.unicode_minus": font is None}):
        yield


def png(fig: Figure) -> bytes:
    """Render ``fig`` (a matplotlib Figure) as PNG at :data:`DPI`, its own size and layout.

    No ``bbox_inches='tight'``: the image keeps the figure's pixel grid, so the figure's
    transforms say where each bar is in the image.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


# --------------------------------------------------------------------------- figures


def _figure(height: float = HEIGHT_INCHES) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    return fig, ax


def _date_axis(ax: Axes, x: np.ndarray, language: str) -> None:
    """Readable dates on a time axis: a tick every k days at midnight (k so that at most
    about 12 ticks show: no two labels collide), every 6 hours on a horizon of up to 3 days;
    ``11月9日`` / ``11-09`` at midnight, ``12:00`` otherwise."""
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter

    span_days = (x.max() - x.min()) / np.timedelta64(1, "D") if len(x) else 0.0
    if span_days <= 3:
        locator: mdates.DateLocator = mdates.HourLocator(byhour=(0, 6, 12, 18))
    else:
        locator = mdates.DayLocator(interval=max(1, math.ceil(span_days / 12)))

    def label(value: float, _: int) -> str:
        t = mdates.num2date(value)
        if t.hour or t.minute:
            return f"{t:%H:%M}"
        return f"{t.month}月{t.day}日" if language == "zh" else f"{t:%m-%d}"

    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _legend(ax: Axes) -> None:
    """The legend beside the plot, right of it: it never hides a bar or a peak."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=9, frameon=False)


def _times(values: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(values)
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    return stamps.to_numpy()


def forecast_chart(part: pd.DataFrame, queue: str, language: str) -> Figure:
    """The forecast band of one queue: P10-P90 shaded, the median as a line.

    Parameters
    ----------
    part
        ``interval_start``, ``p10``, ``p50``, ``p90`` [inquiries per interval] of one queue.
    queue
        The queue's display name.
    language
        ``'zh'`` or ``'en'`` (see :func:`chart_language`).
    """
    words = WORDS[language]
    fig, ax = _figure()
    x = _times(part["interval_start"])
    ax.fill_between(x, part["p10"], part["p90"], alpha=0.3, lw=0, label=words["band"])
    ax.plot(x, part["p50"], lw=0.6, label=words["p50"])
    stamps = pd.to_datetime(part["interval_start"]).sort_values()
    step = stamps.diff().dropna()
    minutes = int(step.min() / pd.Timedelta(minutes=1)) if len(step) else 60
    ax.set_title(words["forecast"].format(queue=queue, minutes=minutes))
    ax.set_ylim(bottom=0)
    _legend(ax)
    _date_axis(ax, x, language)
    return fig


def coverage_chart(part: pd.DataFrame, queue: str, language: str) -> Figure:
    """Required headcount against scheduled agents of one queue, shortfall in red.

    Parameters
    ----------
    part
        ``interval_start``, ``required``, ``scheduled``, ``shortfall`` [agents] of one queue.
    queue
        The queue's display name.
    language
        ``'zh'`` or ``'en'``.
    """
    words = WORDS[language]
    fig, ax = _figure()
    x = _times(part["interval_start"])
    ax.plot(x, part["required"], lw=0.6, drawstyle="steps-post", label=words["required"])
    ax.plot(x, part["scheduled"], lw=0.6, drawstyle="steps-post", label=words["scheduled"])
    short = (part["shortfall"] > 0).to_numpy()
    if short.any():
        ax.scatter(
            x[short],
            part["scheduled"].to_numpy()[short],
            s=4,
            color="red",
            label=words["shortfall"],
        )
    ax.set_title(words["coverage"].format(queue=queue))
    ax.set_ylim(bottom=0)
    _legend(ax)
    _date_axis(ax, x, language)
    return fig


def service_level_chart(
    simulation: pd.DataFrame,
    language: str,
    names: Mapping[str, str],
    targets: Mapping[str, float] | None = None,
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Figure:
    """Simulated service level by interval, one line per queue, with each target as a
    dashed line; the axis from a little under the lowest of both to 100 %.

    Parameters
    ----------
    simulation
        ``interval_start``, ``queue``, ``service_level`` [fraction].
    language
        ``'zh'`` or ``'en'``.
    names
        Queue -> display name.
    targets
        Queue -> service-level target [fraction], drawn as dashed lines.
    span
        The plan's first and last interval: the axis covers the whole plan even where no
        interval was open (a shop closed at the weekend), as the other charts do.
    """
    from matplotlib.ticker import PercentFormatter

    fig, ax = _figure()
    for queue, part in simulation.groupby("queue", sort=True):
        label = names.get(str(queue), str(queue))
        x = _times(part["interval_start"])
        ax.plot(x, part["service_level"], lw=0.6, label=label)
    goals = sorted(set((targets or {}).values()))
    for goal in goals:
        word = WORDS[language]["target"].format(target=f"{goal:.0%}")
        ax.axhline(goal, color="#c0392b", lw=0.9, ls="--", label=word)
    levels = simulation["service_level"].dropna()
    lowest = min([*goals, *([float(levels.min())] if len(levels) else [])], default=0.0)
    ax.set_ylim(max(0.0, math.floor((lowest - 0.05) * 10) / 10), 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(WORDS[language]["service"])
    _legend(ax)
    x = _times(simulation["interval_start"])
    if span is not None:
        x = np.array([np.datetime64(span[0]), np.datetime64(span[1])])
        ax.set_xlim(x[0], x[1])
    _date_axis(ax, x, language)
    return fig


def day_labels(days: list[pd.Timestamp], language: str, *, stacked: bool) -> list[str]:
    """``11月11日`` / ``周二`` (``11-11`` / ``Tue``), on two lines when ``stacked``."""
    weekdays = WEEKDAYS[language]
    sep = "\n" if stacked else " "
    date = "{d.month}月{d.day}日" if language == "zh" else "{d:%m-%d}"
    return [f"{date.format(d=d)}{sep}{weekdays[d.weekday()]}" for d in days]


def _daily_cost(shifts: pd.DataFrame) -> pd.DataFrame:
    """Days (every day from the first to the last) x kinds of summed cost. [CNY]"""
    days = pd.to_datetime(shifts["date"])
    if isinstance(days.dtype, pd.DatetimeTZDtype):
        days = days.dt.tz_localize(None)
    frame = pd.DataFrame(
        {"date": days.dt.normalize(), "kind": shifts["kind"].astype(str), "cost": shifts["cost"]}
    )
    daily = frame.pivot_table(index="date", columns="kind", values="cost", aggfunc="sum")
    full = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
    daily = daily.reindex(full).fillna(0.0)
    kinds = [k for k in _KIND_ORDER if k in daily.columns]
    return daily[kinds + sorted(c for c in daily.columns if c not in _KIND_ORDER)]


def cost_by_day(shifts: pd.DataFrame, language: str) -> Figure:
    """Labour cost per day stacked by kind (FT, PT, OUT), one bar per day.

    Bars sit at x = 0, 1, ... (day number), drawn by matplotlib itself: pandas' bar plot put
    them at date numbers while the day labels sat at 0, 1, ..., so no bar was in view. Day
    labels are horizontal on two lines when there is room, else turned upright, and thinned
    to every k-th day only when even upright labels would touch.

    Parameters
    ----------
    shifts
        ``date``, ``kind``, ``cost`` [CNY] (one row per opened shift), not empty.
    language
        ``'zh'`` or ``'en'``.
    """
    from matplotlib.ticker import FuncFormatter

    words = WORDS[language]
    daily = _daily_cost(shifts)
    n = len(daily)
    axes_pixels = WIDTH_INCHES * DPI * 0.84
    per_day = axes_pixels / max(n, 1)
    line = _TICK_POINTS * DPI / 72 * 1.25  # one text line [px]
    widest = max(len(label) for label in day_labels(list(daily.index), language, stacked=False))
    upright = per_day < (4 if language == "zh" else 5) * line + _LABEL_GAP_PIXELS
    step = max(1, math.ceil((line + _LABEL_GAP_PIXELS) / per_day)) if upright else 1
    height = HEIGHT_INCHES + (widest * line * 0.62 / DPI if upright else 2 * line / DPI)
    fig, ax = _figure(height)
    x = np.arange(n)
    bottom = np.zeros(n)
    others = iter(_OTHER_COLOURS * 4)
    for kind in daily.columns:
        values = daily[kind].to_numpy(dtype=float)
        colour = _KIND_COLOURS.get(str(kind)) or next(others)
        ax.bar(
            x, values, bottom=bottom, width=0.8, color=colour, label=words.get(str(kind), str(kind))
        )
        bottom += values
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.08)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="y", color="#E0E0E0", lw=0.6)
    ax.set_axisbelow(True)
    shown = x[::step]
    labels = day_labels([daily.index[i] for i in shown], language, stacked=not upright)
    ax.set_xticks(shown)
    ax.set_xticklabels(labels, fontsize=_TICK_POINTS, rotation=90 if upright else 0)
    ax.set_title(words["cost"])
    _legend(ax)
    return fig


# --------------------------------------------------------------------------- the report


def report_charts(
    forecast: pd.DataFrame,
    coverage: pd.DataFrame,
    shifts: pd.DataFrame,
    simulation: pd.DataFrame,
    *,
    language: str = "zh",
    queue_names: Mapping[str, str] | None = None,
    targets: Mapping[str, float] | None = None,
) -> list[Chart]:
    """Every chart of ``report.html``, rendered: forecast and coverage per queue, cost by day
    (when any shift is open) and the simulated service level.

    Parameters
    ----------
    forecast, coverage, shifts, simulation
        The plan's frames (:class:`forecaster.pipeline.PlanResult`).
    language
        ``'zh'`` or ``'en'``; Chinese needs a CJK font (:func:`chart_language`), else the
        chart text is English. Section titles follow ``language`` regardless (HTML text).
    queue_names
        Queue -> display name (e.g. ``{'presale': '售前'}``); default the queue names.
    targets
        Queue -> service-level target, drawn on the service-level chart.
    """
    drawn = chart_language(language)
    # display names may be Chinese: drawn only where a CJK font is, else the queue ids
    names = {str(k): str(v) for k, v in (queue_names or {}).items()} if drawn == "zh" else {}
    heading = WORDS["zh" if language == "zh" else "en"]
    charts: list[Chart] = []

    def add(key: str, title: str, build: Callable[[], Figure]) -> None:
        with chart_style():
            fig = build()
            charts.append(Chart(key, title, png(fig)))

    for queue, part in forecast.groupby("queue", sort=True):
        name = names.get(str(queue), str(queue))
        add(
            "forecast",
            heading["title.forecast"].format(queue=name),
            functools.partial(forecast_chart, part, name, drawn),
        )
    for queue, part in coverage.groupby("queue", sort=True):
        name = names.get(str(queue), str(queue))
        add(
            "coverage",
            heading["title.coverage"].format(queue=name),
            functools.partial(coverage_chart, part, name, drawn),
        )
    if not shifts.empty:
        add("cost", heading["title.cost"], functools.partial(cost_by_day, shifts, drawn))
    add(
        "service",
        heading["title.service"],
        functools.partial(
            service_level_chart,
            simulation,
            drawn,
            names,
            targets,
            (
                pd.Timestamp(forecast["interval_start"].min()),
                pd.Timestamp(forecast["interval_start"].max()),
            )
            if len(forecast)
            else None,
        ),
    )
    return charts
