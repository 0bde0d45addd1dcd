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


def test_last_year_is_aligned_phase_by_phase() -> None:
    """双11 2024's presale opened 10-14, 2025's 10-15 (366 days later), but both peaks are on
    11-11: last year's 11-11 must be drawn on this 11-11, not on 11-12 as one offset did."""
    calendar = read_calendar(SAMPLE_CALENDAR)
    assert views.previous_event(calendar, "双11 2025") == "双11 2024"
    assert views.previous_event(calendar, "618 2022") is None
    history = read_history(to_csv_bytes(make_history(days=60, start="2024-10-01")), name="h.csv")
    start, end = pd.Timestamp("2025-10-15"), pd.Timestamp("2025-11-16")
    drawn = views.aligned_previous(history, calendar, "双11 2025", "双11 2024", start, end)
    h = history.frame.set_index(["interval_start", "queue"])["inquiries"]
    d = drawn.set_index(["interval_start", "queue"])["inquiries"]
    for then, now in (
        ("2024-11-11 00:00", "2025-11-11 00:00"),  # peak day on peak day
        ("2024-11-11 20:00", "2025-11-11 20:00"),
        ("2024-10-15 09:00", "2025-10-16 09:00"),  # inside presale: 366 days, same hour
    ):
        assert d[(pd.Timestamp(now), "presale")] == h[(pd.Timestamp(then), "presale")]
    assert drawn["interval_start"].min() >= start
    assert drawn["interval_start"].max() < end + pd.Timedelta(days=1)
    assert not drawn.duplicated(["interval_start", "queue"]).any()


def test_daily_forecast_sums_each_day_and_finds_its_busiest_interval() -> None:
    stamps = pd.date_range("2025-11-10", periods=2 * 96, freq="15min")
    mean = pd.Series(range(len(stamps)), dtype=float) % 96  # rises all day, peaks at 23:45
    mean[96 + 40] = 500.0  # 11-11 10:00
    fc = pd.DataFrame({"interval_start": stamps, "queue": "presale", "mean": mean,
                       "p50": mean})  # fmt: skip
    daily = views.daily_forecast(fc)
    assert daily["date"].tolist() == [pd.Timestamp("2025-11-10"), pd.Timestamp("2025-11-11")]
    assert daily["inquiries"].tolist() == [mean[:96].sum(), mean[96:].sum()]
    assert daily["peak_time"].tolist() == [
        pd.Timestamp("2025-11-10 23:45"),
        pd.Timestamp("2025-11-11 10:00"),
    ]
    assert daily["peak_inquiries"].tolist() == [95.0, 500.0]
