"""report.html's charts: every bar of the cost chart is in the PNG, day labels do not touch,
Chinese text is drawn with a CJK font (no missing glyphs), and every chart has ink."""

from __future__ import annotations

import base64
import io
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from forecaster import report_charts as rc
from forecaster.report_charts import (
    chart_style,
    cost_by_day,
    png,
    report_charts,
)

KINDS = ("FT", "PT", "OUT")


def _shifts(days: int, *, first: str = "2025-10-08") -> pd.DataFrame:
    """Cost per day and kind [CNY]: FT flat, PT rising, OUT spiking on 11-11, none on day 3."""
    rows = []
    for k, day in enumerate(pd.date_range(first, periods=days, freq="D")):
        costs = {"FT": 9_600.0, "PT": 2_000.0 + 300.0 * k, "OUT": 0.0 if k == 3 else 5_000.0}
        if day == pd.Timestamp("2025-11-11"):
            costs["OUT"] = 120_000.0
        rows += [{"date": day, "kind": kind, "cost": cost} for kind, cost in costs.items()]
    return pd.DataFrame(rows)


def _pixels(data: bytes) -> np.ndarray:
    """RGB array [0-255], row 0 at the top."""
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def _drawn(shifts: pd.DataFrame, language: str) -> tuple[object, np.ndarray]:
    """The cost figure rendered as the report renders it, and its PNG pixels: after the
    render the figure's transforms are the image's (same size, same dpi, no crop)."""
    with chart_style():
        fig = cost_by_day(shifts, language)
        return fig, _pixels(png(fig))


def _ink(region: np.ndarray) -> np.ndarray:
    """True where a pixel is not the white background."""
    return np.abs(region - 255).max(axis=-1) > 12


def _check_every_bar(fig: object, image: np.ndarray, shifts: pd.DataFrame) -> int:
    """Per day: the bar's column holds ink from 0 to the day's total cost and none far above
    it; each kind's segment has its kind's colour. Returns the number of bars checked."""
    ax = fig.axes[0]  # type: ignore[attr-defined]
    height = image.shape[0]
    daily = shifts.pivot_table(index="date", columns="kind", values="cost", aggfunc="sum")
    totals = daily.sum(axis=1).to_numpy()
    top_of_axes = height - ax.get_window_extent().y1
    checked = 0
    for i, total in enumerate(totals):
        (x, y0), (x_right, y1) = ax.transData.transform([(i, 0.0), (i + 0.4, total)])
        half = max(1, int((x_right - x) * 0.5))  # the middle half of the bar
        columns = slice(int(x) - half, int(x) + half + 1)
        bottom, top = height - y0, height - y1  # image rows grow downwards
        if bottom - top < 3:  # a bar lower than 3 px cannot be told from the axis
            continue
        bar = image[int(top) + 2 : int(bottom) - 1, columns]
        assert _ink(bar).mean() > 0.98, f"day {i}: bar region is background"
        above = image[int(top_of_axes) + 2 : int(top) - 3, columns]
        if above.size:
            assert _ink(above).mean() < 0.2, f"day {i}: ink above the bar's total"
        base = 0.0
        for kind in KINDS:
            value = float(daily[kind].iloc[i]) if kind in daily else 0.0
            (_, ya), (_, yb) = ax.transData.transform([(i, base), (i, base + value)])
            base += value
            if yb - ya >= 5:
                row = int(height - (ya + yb) / 2)
                colour = image[row, int(x)]
                expected = np.array(to_rgb(rc._KIND_COLOURS[kind])) * 255
                assert np.abs(colour - expected).max() < 12, (i, kind, colour)
        checked += 1
    return checked


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("days", [3, 14, 40])
def test_every_bar_of_the_cost_chart_is_drawn(days: int, language: str) -> None:
    shifts = _shifts(days)
    fig, image = _drawn(shifts, language)
    assert _check_every_bar(fig, image, shifts) >= days - 1  # day 3's bar has no OUT part


def test_the_report_png_is_the_checked_figure() -> None:
    """The image report_charts embeds is pixel for pixel the figure checked above (no
    tight-bbox crop moving the bars away from the figure's transforms)."""
    shifts = _shifts(40)
    empty = pd.DataFrame(columns=["interval_start", "queue", "service_level"])
    charts = report_charts(empty, empty, shifts, empty, language="zh")
    cost = next(c for c in charts if c.key == "cost")
    fig, image = _drawn(shifts, rc.chart_language("zh"))
    assert np.array_equal(_pixels(cost.png), image)
    assert _check_every_bar(fig, image, shifts) == 40


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("days", [3, 14, 40, 120])
def test_day_labels_do_not_touch_and_name_days(days: int, language: str) -> None:
    shifts = _shifts(days, first="2025-08-01")
    fig, _ = _drawn(shifts, language)
    ax = fig.axes[0]  # type: ignore[attr-defined]
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.x0)
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:], strict=False))
    figure_box = fig.bbox  # type: ignore[attr-defined]
    assert all(figure_box.x0 <= b.x0 and b.x1 <= figure_box.x1 + 1 for b in boxes)
    assert all(b.y0 >= figure_box.y0 - 1 for b in boxes)  # not cut off at the bottom
    # every day labelled up to ~60 days; then every k-th day, evenly
    assert len(labels) == days if days <= 60 else days // 3 <= len(labels) < days
    first = labels[0].get_text()
    assert first.replace("\n", " ") == ("8月1日 周五" if language == "zh" else "08-01 Fri")


def test_chinese_charts_have_every_glyph() -> None:
    if rc.cjk_font() is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh is empty)")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        with chart_style():
            fig = cost_by_day(_shifts(10), "zh")
            png(fig)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["全职", "兼职", "外包"]


def test_a_machine_without_a_cjk_font_draws_chinese_with_the_bundled_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No CJK font installed (a plan made before ``fonts-noto-cjk``): the bundled GB 2312
    cut of Noto Sans CJK SC draws the charts in Chinese, every glyph present."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    manager = font_manager.fontManager
    plain = [f for f in manager.ttflist if "CJK" not in f.name and f.name not in rc.CJK_FONTS]
    monkeypatch.setattr(manager, "ttflist", plain)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    rc.cjk_font.cache_clear()
    try:
        assert rc.cjk_font() == "Noto Sans CJK SC" and rc.chart_language("zh") == "zh"
        assert [f.fname for f in manager.ttflist if "CJK" in f.name] == [str(rc.BUNDLED_FONT)]
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
            with chart_style():
                png(cost_by_day(_shifts(10), "zh"))
    finally:
        rc.cjk_font.cache_clear()
    cmap = TTFont(rc.BUNDLED_FONT).getBestCmap()
    words = "".join(rc.WORDS["zh"].values()) + "售前售后客服全职兼职外包周一二三四五六日月"
    assert not [c for c in set(words) if not c.isspace() and ord(c) not in cmap]
    assert (rc.BUNDLED_FONT.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT")


def test_without_a_cjk_font_the_chart_text_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rc, "cjk_font", lambda: None)
    assert rc.chart_language("zh") == "en"
    empty = pd.DataFrame(columns=["interval_start", "queue", "service_level"])
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        charts = report_charts(
            empty, empty, _shifts(5), empty, language="zh", queue_names={"presale": "售前"}
        )
    assert [c.title for c in charts] == ["每日成本", "仿真服务水平"]  # HTML headings stay Chinese


def test_every_report_chart_has_ink_in_its_plot(small_plan: object) -> None:
    """The real report: each embedded PNG decodes and draws coloured data (bars, lines)
    across most of its width; the axes and labels alone are black and grey."""
    from forecaster.pipeline import report_html

    text = report_html(small_plan, language="zh")  # type: ignore[arg-type]
    found = re.findall(
        r"<h2>([^<]*)</h2><img alt='[^']*' src='data:image/png;base64,([^']*)'", text
    )
    titles = [title for title, _ in found]
    assert "每日成本" in titles and "仿真服务水平" in titles
    assert sum(t.startswith("咨询量预测") for t in titles) == 2  # one per queue
    for title, data in found:
        image = _pixels(base64.b64decode(data))
        assert image.shape[1] == rc.WIDTH_INCHES * rc.DPI, title
        plot = image[:, 80:-160]  # right of the y labels, left of the legend
        coloured = (plot.max(axis=-1) - plot.min(axis=-1)) > 40  # data, not black/grey axes
        assert coloured.any(axis=0).mean() > 0.5, f"{title}: no data drawn across the days"
