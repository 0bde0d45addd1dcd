"""Public holidays as day-level model features, by region.

The forecaster needs to know, for every day of history and horizon, whether it is a statutory
holiday (and which one), a weekend make-up working day (调休), or one of the days around the
Spring Festival when parcels stop and shoppers leave. Which calendar applies is the
``region`` (``plan.toml`` key ``holidays``, :func:`check_region`):

``"CN"`` (the default)
    ``chinese_calendar`` holds the State Council's published schedule, 调休 make-up days
    included; it covers 2004 to its last published year (2026 in 1.11). Days outside that
    range are treated as having no holidays, and :func:`uncovered_years` lets callers say so
    instead of silently forecasting a Spring Festival as an ordinary week.
``"none"``
    No holidays: weekends are weekends, every other day is a working day.
any other country code (``"GB"``, ``"US"``, ``"DE"``; a subdivision as ``"US-NY"``)
    The public holidays of the ``holidays`` package (rule-based, any year), all as the
    ``other_holiday`` feature: there is no Spring Festival, National Day or make-up day.
"""

from __future__ import annotations

from functools import lru_cache

import chinese_calendar
import numpy as np
import pandas as pd

DEFAULT_REGION = "CN"
"""The holiday calendar when none is chosen: China's, with 调休 make-up days."""
NO_HOLIDAYS = "none"
"""The region without holidays."""
REGION_HELP = (
    "'CN' (Chinese holidays and make-up working days), 'none' (no holidays) or a country code "
    "of the holidays package such as 'GB', 'US' or 'US-NY'"
)

SPRING_FESTIVAL = "Spring Festival"
NATIONAL_DAY = "National Day"
TAPER_DAYS = 7
"""Days before and after the Spring Festival block with their own ramp features [days]."""

FEATURES = (
    "spring_festival",
    "national_day",
    "other_holiday",
    "makeup_workday",
    "before_spring_festival",
    "after_spring_festival",
)
"""Columns of :func:`holiday_features`, in order."""


def check_region(region: object) -> str:
    """The holiday region in its canonical spelling (``"CN"``, ``"none"``, ``"GB"``,
    ``"US-NY"``; case does not matter).

    Raises
    ------
    ValueError
        ``must be 'CN', 'none' or a country code ..., got 'XX'`` (callers put the key or
        option in front).
    """
    text = region.strip() if isinstance(region, str) else ""
    if text.lower() == NO_HOLIDAYS:
        return NO_HOLIDAYS
    code = text.upper()
    if code == DEFAULT_REGION:
        return code
    country, _, subdivision = code.partition("-")
    known = _supported().get(country)
    if known is None or (subdivision and subdivision not in {s.upper() for s in known}):
        raise ValueError(f"must be {REGION_HELP}, got {region!r}")
    return code


@lru_cache(maxsize=1)
def _supported() -> dict[str, list[str]]:
    """Country code → subdivision codes of the ``holidays`` package (imported on use)."""
    import holidays

    return {str(k): [str(s) for s in v] for k, v in holidays.list_supported_countries().items()}


@lru_cache(maxsize=256)
def _country_year(region: str, year: int) -> frozenset[pd.Timestamp]:
    """Public holidays of ``region`` (a country code, ``"US-NY"`` for a subdivision) in
    ``year``."""
    import holidays

    country, _, subdivision = region.partition("-")
    if subdivision:
        subdivisions = {s.upper(): s for s in _supported()[country]}
        days = holidays.country_holidays(country, subdiv=subdivisions[subdivision], years=year)
    else:
        days = holidays.country_holidays(country, years=year)
    return frozenset(pd.Timestamp(day) for day in days)


def _public_holidays(days: pd.DatetimeIndex, region: str) -> np.ndarray:
    """Whether each day is a public holiday of a ``holidays``-package region [bool]."""
    on: set[pd.Timestamp] = set()
    for year in sorted({int(y) for y in days.year}):
        on |= _country_year(region, year)
    return np.asarray(days.isin(list(on)), dtype=bool)


@lru_cache(maxsize=8192)
def _detail(day: pd.Timestamp) -> tuple[bool, str, bool]:
    """``(is_holiday, name, covered)`` for one day."""
    try:
        on, name = chinese_calendar.get_holiday_detail(day.date())
    except NotImplementedError:
        return day.day_of_week >= 5, "", False
    return bool(on), str(name or ""), True


def day_type(day: pd.Timestamp, region: str = DEFAULT_REGION) -> str:
    """``"holiday"`` (a statutory 法定节假日), ``"rest"`` (a weekend or a day in lieu) or
    ``"work"`` (a 调休 make-up Saturday included), for overtime pay. Years the calendar does
    not know: weekends are rest days and there are no holidays. Outside China (``region``,
    :func:`check_region`): public holidays, then weekends, then working days."""
    day = pd.Timestamp(day).normalize()
    region = check_region(region)
    if region != DEFAULT_REGION:
        if region != NO_HOLIDAYS and _public_holidays(pd.DatetimeIndex([day]), region)[0]:
            return "holiday"
        return "rest" if day.day_of_week >= 5 else "work"
    holiday, name, _ = _detail(day)  # uncovered years: weekends only
    if holiday and name and not _in_lieu(day):
        return "holiday"
    return "rest" if holiday else "work"


@lru_cache(maxsize=8192)
def _in_lieu(day: pd.Timestamp) -> bool:
    try:
        return bool(chinese_calendar.is_in_lieu(day.date()))
    except NotImplementedError:
        return False


def uncovered_years(days: pd.DatetimeIndex, region: str = DEFAULT_REGION) -> list[int]:
    """Years among ``days`` that the installed ``chinese_calendar`` has no schedule for
    (none outside China: the ``holidays`` package computes any year by its rules)."""
    if check_region(region) != DEFAULT_REGION:
        return []
    years = sorted({int(y) for y in pd.DatetimeIndex(days).year})
    return [y for y in years if not _detail(pd.Timestamp(year=y, month=6, day=1))[2]]


def holiday_features(days: pd.DatetimeIndex, region: str = DEFAULT_REGION) -> pd.DataFrame:
    """Holiday indicator and ramp features per day.

    Parameters
    ----------
    days
        Calendar days (midnight timestamps); any order, duplicates allowed.
    region
        Whose holidays (:func:`check_region`): ``"CN"`` as below; ``"none"`` all zero;
        another country's public holidays as ``other_holiday`` only.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``days`` with the :data:`FEATURES` columns [0/1 or ramp in (0, 1]]:
        statutory holiday days by name (Spring Festival, National Day, any other), weekend
        days that are working days (调休), and linear ramps over the :data:`TAPER_DAYS` days
        before (rising to 1 on the eve) and after (1 on the first day back, falling) each
        Spring Festival block.
    """
    days = pd.DatetimeIndex(days).normalize()
    region = check_region(region)
    if len(days) == 0:
        return pd.DataFrame(columns=list(FEATURES), dtype=float)
    if region != DEFAULT_REGION:
        frame = pd.DataFrame(0.0, index=days, columns=list(FEATURES))
        if region != NO_HOLIDAYS:
            frame["other_holiday"] = _public_holidays(days, region).astype(float)
        return frame
    return _china_table(days.min().year, days.max().year).loc[days, list(FEATURES)]


@lru_cache(maxsize=64)
def _china_table(first_year: int, last_year: int) -> pd.DataFrame:
    """:func:`holiday_features` of China for every day of the years (made once: a fit asks
    for the same years dozens of times)."""
    first = pd.Timestamp(year=first_year, month=1, day=1) - pd.Timedelta(days=40)
    last = pd.Timestamp(year=last_year, month=12, day=31) + pd.Timedelta(days=40)
    span = pd.date_range(first, last, freq="D")
    detail = [_detail(d) for d in span]
    on = np.array([d[0] for d in detail])
    name = np.array([d[1] for d in detail], dtype=object)
    weekend = span.day_of_week.to_numpy() >= 5
    spring = on & (name == SPRING_FESTIVAL)
    frame = pd.DataFrame(
        {
            "spring_festival": spring,
            "national_day": on & (name == NATIONAL_DAY),
            "other_holiday": on & (name != "") & (name != SPRING_FESTIVAL) & (name != NATIONAL_DAY),
            "makeup_workday": weekend & ~on,
        },
        index=span,
    ).astype(float)
    index = np.arange(len(span))
    before = np.zeros(len(span))
    after = np.zeros(len(span))
    firsts = np.flatnonzero(spring & ~np.r_[False, spring[:-1]])
    lasts = np.flatnonzero(spring & ~np.r_[spring[1:], False])
    for first_day in firsts:  # k = 1 on the eve
        k = first_day - index
        window = (k >= 1) & (k <= TAPER_DAYS)
        before[window] = np.maximum(before[window], (TAPER_DAYS + 1 - k[window]) / TAPER_DAYS)
    for last_day in lasts:  # k = 1 on the first day back
        k = index - last_day
        window = (k >= 1) & (k <= TAPER_DAYS) & ~spring
        after[window] = np.maximum(after[window], (TAPER_DAYS + 1 - k[window]) / TAPER_DAYS)
    frame["before_spring_festival"] = before
    frame["after_spring_festival"] = after
    return frame
