"""Settings that stay: a planner's inputs survive visiting every other page and switching
the language (Streamlit forgets the state of widgets a run does not draw;
``app_pages.common.keep_settings`` keeps them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import PAGES

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EVENT = "双11 2025"


def test_settings_survive_every_page_and_the_language_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORECASTER_DB", f"sqlite:///{tmp_path}/plans.db")
    at = AppTest.from_file(APP, default_timeout=240)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/forecast.py").run()
    # both days in one rerun: the window in between would be one more forecast
    at.date_input(key=f"fc_start_{EVENT}").set_value(dt.date(2025, 11, 10))
    at.date_input(key=f"fc_end_{EVENT}").set_value(dt.date(2025, 11, 11)).run()
    at.switch_page("app_pages/capacity.py").run()
    at.number_input(key="cap_presale_bot_resolution").set_value(50.0).run()
    at.switch_page("app_pages/roster.py").run()
    at.toggle(key="roster_labour_pt_pool_auto").set_value(False).run()
    at.number_input(key="roster_labour_pt_pool").set_value(20).run()
    assert not at.exception and at.error == []

    def kept() -> None:
        at.switch_page("app_pages/forecast.py").run()
        assert at.date_input(key=f"fc_start_{EVENT}").value == dt.date(2025, 11, 10)
        assert at.date_input(key=f"fc_end_{EVENT}").value == dt.date(2025, 11, 11)
        at.switch_page("app_pages/capacity.py").run()
        assert at.number_input(key="cap_presale_bot_resolution").value == 50.0
        at.switch_page("app_pages/roster.py").run()
        assert at.toggle(key="roster_labour_pt_pool_auto").value is False
        assert at.number_input(key="roster_labour_pt_pool").value == 20
        assert "out of date" not in " ".join(w.value for w in at.warning)

    for path, *_ in PAGES:  # every page in turn, then back to the ones with settings
        at.switch_page(path).run()
        assert not at.exception, path
    kept()
    # the sidebar's language switch, from a page whose choices read the same in both
    # languages (AppTest re-formats the last page's choices in the new language)
    at.switch_page("app_pages/plans.py").run()
    at.selectbox(key="lang").set_value("zh").run()
    assert not at.exception
    kept()
    assert at.button(key="roster_solve").label == "求解排班"


def test_no_page_prints_a_developer_note() -> None:
    """Streamlit's magic renders a bare string in a page script as Markdown: a note about a
    constant (a string after an assignment) would be shown to planners. Page scripts keep
    such notes in comments; only the module docstring may be a bare string."""
    import ast

    root = Path(APP).parent
    for script in [Path(APP), *(root / path for path, *_ in PAGES)]:
        body = ast.parse(script.read_text(encoding="utf-8")).body
        shown = [
            node.lineno
            for node in body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ]
        assert shown == [], f"{script.name} lines {shown}"


def test_calendar_edits_survive_leaving_the_data_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A heat typed into the calendar table stays when the planner looks at the forecast and
    comes back (the editor's own state goes with the page; starting it from the file again
    dropped the edits without a word)."""
    from forecaster.paths import SAMPLE_CALENDAR
    from forecaster.validation import read_calendar

    monkeypatch.setenv("FORECASTER_DB", f"sqlite:///{tmp_path}/plans.db")
    frame = read_calendar(SAMPLE_CALENDAR).frame.copy()
    frame.loc[frame["event"] == EVENT, "heat"] = 1.2
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.session_state["calendar_edits"] = frame  # as the table leaves an edit
    at.switch_page("app_pages/forecast.py").run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    kept = at.session_state["calendar_edits"]
    assert (kept.loc[kept["event"] == EVENT, "heat"] == 1.2).all()
    (shown,) = [t for t in at.get("arrow_data_frame") if "heat" in t.value.columns] or [None]
    if shown is not None:  # the table shows the edit again
        rows = shown.value[shown.value["event"] == EVENT]
        assert set(rows["heat"]) == {"1.2"}
    # another calendar file (an upload) starts from itself, not from the old file's edits
    at.session_state["calendar_file"] = "a file read before"
    at.run()
    assert not at.exception and "calendar_edits" not in at.session_state
