"""Every word a planner reads, in their language: all seven pages, after a roster solve and
a scenario run, in Chinese have no English word (and in English no Chinese) outside names.

Collected from the page as AppTest sees it: titles, headers, markdown, captions, alerts,
metric labels and values, widget labels, options and help texts, tabs, expanders, status
labels, progress texts and the dataframes' headers (their column-config labels) and text
cells. ``tests/test_messages.py`` holds the word check (paths, file names, options,
``snake_case`` keys and quoted names are names, not words).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import PAGES
from forecaster.adjust import AdjustmentLog
from forecaster.config import DAY_OFF_CODE, load_config
from forecaster.i18n import t
from tests.test_messages import foreign_words

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DATA = Path(__file__).resolve().parent.parent / "data"
DAY = pd.Timestamp("2025-11-11")
EVENT = "双11 2025"


def _frame_texts(element: object) -> Iterator[str]:
    proto = element.proto  # type: ignore[attr-defined]
    config = json.loads(proto.columns or "{}")
    frame = element.value  # type: ignore[attr-defined]
    order = list(proto.column_order) or [str(c) for c in frame.columns]
    # a missing value reads "None" in the grid unless the table names a placeholder
    blank = proto.placeholder if proto.HasField("placeholder") else "None"
    for column in frame.columns:
        settings = config.get(str(column), {})
        if settings.get("hidden") or str(column) not in order:
            continue
        yield str(settings.get("label") or column)
        if frame[column].isna().any():
            yield blank
        if column == "sha256":  # a fingerprint, not words
            continue
        # a choice column shows its options' labels (format_func), not their values
        options = settings.get("type_config", {}).get("options") or []
        shown = {
            str(o["value"]): str(o.get("label", o["value"])) for o in options if isinstance(o, dict)
        }
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(
            frame[column]
        ):
            texts = frame[column].map(lambda v, m=shown: "" if v is None else m.get(str(v), str(v)))
            yield from texts[texts != ""].unique()[:200]


def visible_texts(at: AppTest) -> Iterator[str]:
    """Every string AppTest can see on the current page (sidebar included)."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        yield from (str(e.value) for e in at.get(kind))
    for kind in ("error", "success", "exception", "text", "code"):
        yield from (str(e.value) for e in at.get(kind))
    for e in at.get("metric"):
        yield from (str(e.label), str(e.value), str(e.proto.delta or ""), str(e.help or ""))
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for e in at.get(kind):
            yield str(e.label)
            yield str(e.help or "")
            yield from (str(o) for o in e.options)
    for kind in ("button", "download_button", "checkbox", "toggle", "number_input"):
        for e in at.get(kind):
            yield from (str(e.label), str(e.proto.help or ""))
    for kind in ("text_input", "date_input", "text_area", "slider", "time_input"):
        for e in at.get(kind):
            yield from (str(e.label), str(e.proto.help or ""))
    for kind in ("tab", "expander", "status"):
        yield from (str(e.label) for e in at.get(kind))
    for e in at.get("progress"):
        yield str(e.proto.text or "")
    for e in at.get("dataframe"):
        yield from _frame_texts(e)


def _pages(at: AppTest) -> dict[str, list[str]]:
    seen = {}
    for path, *_ in PAGES:
        at.switch_page(path).run()
        assert not at.exception, path
        seen[path] = list(visible_texts(at))
    return seen


def _foreign(seen: dict[str, list[str]], lang: str, names: tuple[str, ...] = ()) -> list[str]:
    """Texts with words of the other language; ``names`` (of scenarios and plans the
    planner made) are names, whatever language they were given in."""
    out = []
    for page, texts in seen.items():
        for text in texts:
            plain = text
            for name in names:
                plain = plain.replace(name, " ")
            words = foreign_words(plain, lang)
            if lang == "zh" and plain.strip() == "all":  # the adjustments' every-queue key
                words = ["all"]
            if words:
                out.append(f"{page}: {text[:160]!r} {words}")
    return out


@pytest.mark.slow
def test_every_page_speaks_one_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chinese first: a roster solved (one day) and two scenarios run on the way, then every
    page; then the sidebar's switch to English and every page again (one solve for both)."""
    monkeypatch.setenv("FORECASTER_DB", f"sqlite:///{tmp_path}/plans.db")
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page("app_pages/forecast.py").run()
    # both days in one rerun: the window in between would be one more forecast
    at.date_input(key=f"fc_start_{EVENT}").set_value(DAY.date())
    at.date_input(key=f"fc_end_{EVENT}").set_value(DAY.date()).run()
    assert at.session_state["horizon"] == (DAY, DAY)
    # an adjustment, so that the forecast page shows its log (kind, window, detail, status)
    at.text_input(key="adj_q_start").set_value("2025-11-11 20:00")
    at.text_input(key="adj_q_end").set_value("2025-11-12 00:00")
    at.button[[b.label for b in at.button].index(t("forecast.add", "zh"))].click().run()
    assert not at.exception and at.error == [], [e.value for e in at.error]
    assert len(at.session_state["adjustments"]) == 1
    seen: dict[str, list[str]] = {}
    at.switch_page("app_pages/roster.py").run()
    at.number_input(key="roster_time_limit").set_value(10.0).run()
    at.button(key="roster_solve").click().run()
    assert not at.exception and at.error == [], [e.value for e in at.error]
    seen["roster (solving)"] = list(visible_texts(at))
    at.button(key="plan_save").click().run()
    at.switch_page("app_pages/scenarios.py").run()
    at.number_input(key="sc_count").set_value(2).run()
    at.number_input(key="sc_time_limit").set_value(10.0).run()
    at.button(key="sc_run").click().run()
    assert not at.exception and at.error == [], [e.value for e in at.error]
    seen["scenarios (run)"] = list(visible_texts(at))
    seen |= _pages(at)
    foreign = _foreign(seen, "zh")
    assert foreign == [], "\n".join(foreign)

    # from a page whose choices read the same in both languages (AppTest re-formats the
    # last page's choices in the new language)
    at.switch_page("app_pages/plans.py").run()
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    names = tuple(at.session_state["comparison"].table["scenario"])  # e.g. 机器人 30%
    # and the shift templates the planner named in plan.toml (兼职4h, 众包夜), which a
    # shortfall's reasons list
    names += tuple(sorted((t.name for t in load_config().shifts), key=len, reverse=True))
    # the planners' own notes in the calendar file, and the grid's day-off code (休)
    notes = pd.read_csv(DATA / "calendar.csv")["note"].dropna()
    names += (*sorted(set(notes), key=len, reverse=True), DAY_OFF_CODE)
    foreign = _foreign(_pages(at), "en", names)
    assert foreign == [], "\n".join(foreign)

    # the comparison, run with the adjustment, is out of date once it is undone
    at.switch_page("app_pages/scenarios.py").run()
    assert not at.button(key="sc_save").disabled
    assert t("scenarios.stale", "en") not in [w.value for w in at.warning]
    at.session_state["adjustments"] = AdjustmentLog()
    at.run()
    assert t("scenarios.stale", "en") in [w.value for w in at.warning]
    assert at.button(key="sc_save").disabled
