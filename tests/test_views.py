"""Chart frames conserve inquiries and clip phases to the window."""

from __future__ import annotations

import pandas as pd

from forecaster import views
from forecaster.paths import SAMPLE_CALENDAR
from forecaster.validation import read_calendar, read_history
from tests.conftest import make_history, to_csv_bytes


def test_totals_conserve_inquiries() -> None:
    history = read_history(to_csv_bytes(make_history(days=10)), name="h.csv")
    for freq in ("D", "h"):
        out = views.totals(history, freq)
        assert out["inquiries"].sum() == history.frame["inquiries"].sum()
        assert out.groupby("queue")["inquiries"].sum().to_dict() == (
            history.frame.groupby("queue")["inquiries"].sum().to_dict()
        )
    assert len(views.totals(history, "D")) == 2 * 10


def test_phase_spans_are_clipped_and_event_window_padded() -> None:
    calendar = read_calendar(SAMPLE_CALENDAR)
    lo, hi = pd.Timestamp("2025-11-01"), pd.Timestamp("2025-11-15")
    spans = views.phase_spans(calendar, lo, hi)
    assert set(spans["event"]) == {"双11 2025"}
    assert spans["start"].min() >= lo and spans["end"].max() <= hi
    assert "双11 2025 · peak_day" in set(spans["label"])
    start, end = views.event_window(calendar, "双11 2025")
    assert start == pd.Timestamp("2025-10-12") and end == pd.Timestamp("2025-11-24")
