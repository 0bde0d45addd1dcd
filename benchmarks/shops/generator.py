"""Seeded generator of synthetic e-commerce chat shops (issue 15).

Each shop is built from an **archetype** (the structural choices, one row of
:data:`ARCHETYPES`) and a random generator seeded with ``(seed, index)`` (the numbers), so a
shop can be rebuilt alone and the population is the same on every machine.

The true rate of a queue ``q`` in the 15-minute interval ``t`` of day ``d`` is

    base[q, d, t] = S · share[q] · trend(d) · weekly[q](d) · season[q](d) · holiday[q](d)
                    · profile[q, daytype(d)](t) / 96
    multiplicative shops:  rate = base · (1 + U_promo) · (1 + heat · U_campaign)
    additive shops:        rate = base · (1 + U_promo) + heat · A[q] · c(t) · U_campaign

then closed hours and closed days are set to 0 and part of their demand (``spill``) moves to
the first intervals after opening. ``U_campaign`` is built per season (family × year) from
the listed phases, an in-season plateau between them (some shops), and a logistics wave on
the after-sales queue after the peak. ``U_promo`` holds the listed generic promotions and
the unlisted ones (直播, 聚划算, 品牌日). ``A[q]`` is fixed (it does not follow the trend,
the weekday or the holidays): the campaign excess is added on top of the base.

Counts are ``Poisson(rate · D[q, d] · G[q, t])`` with ``D`` a mean-one log-normal AR(1)
day level and ``G`` a mean-one gamma (negative binomial counts), so ``rate`` is the
expectation the counts are drawn around: the ``truth`` frame. Outages write zeros into
the history (truth keeps the demand); missing export days and closed hours have no rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import chinese_calendar
import numpy as np
import pandas as pd
from scipy.signal import lfilter

START = pd.Timestamp("2022-01-01")
END = pd.Timestamp("2025-11-30")
"""Last day of the history (inclusive)."""
SLOTS = 96
N_DAYS = (END - START).days + 1
DAYS = pd.date_range(START, END, freq="D")
YEARS = (2022, 2023, 2024, 2025)
HOURS = (np.arange(SLOTS) + 0.5) / 4
REFERENCE = pd.Timestamp("2025-06-01")
"""Trends equal 1 here: a shop's scale is its ordinary-day demand of mid-2025."""
FAMILIES = ("618", "双11")

# --------------------------------------------------------------------------- archetypes


@dataclass(frozen=True)
class Archetype:
    """The structural choices of one shop (the numbers come from its random generator)."""

    key: str
    category: str
    platform: str  # tmall, jd, douyin: the campaign calendar template
    scale: float  # demand of an ordinary mid-2025 day, all queues [inquiries/day]
    queues: tuple[str, ...]
    campaign: str  # "mult" or "add"
    trend: tuple[str, float]  # ("lin", slope per year) or ("exp", log-rate per year)
    weekly: str  # weekend, weekday, workday (follows 调休), flat
    by_weekday: bool  # intraday profile changes with the weekday
    style: str  # presale intraday style: consumer, night_owl, office
    hours: tuple[int, int] | None = None  # open from, to [h]; None: 24 h
    closed: str | None = None  # sunday, weekend, nonworkday, spring_festival
    plateau: bool = False
    heat: tuple[str, str] = ("flat", "flat")  # 618, 双11
    quirks: tuple[str, ...] = ()
    unlisted: int = 3  # unannounced promotions per year
    live_shop: bool = False  # unlisted promotions are mostly 直播 evenings
    listed: tuple[str, ...] = ()  # listed generic promotions: nianhuo, women, brand
    dispersion: float = 100.0  # gamma shape of the interval noise (lower: more dispersed)
    day_sigma: float = 0.05  # day-level noise
    outages: int = 2  # per year
    missing: int = 1  # missing export days per year
    vip_hours: tuple[int, int] | None = None
    step: tuple[str, float] | None = None  # level shift (date, factor)


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("beauty_tiny", "beauty", "tmall", 300, ("presale",), "mult", ("lin", 0.05),
              "weekend", False, "consumer", heat=("flat", "zigzag"), unlisted=3,
              dispersion=300, day_sigma=0.05, outages=1, missing=1),
    Archetype("kids_wear", "apparel", "tmall", 1200, ("presale", "aftersale"), "mult",
              ("exp", 0.25), "weekend", True, "consumer", hours=(8, 24), plateau=True,
              heat=("zagzig", "cold_hot"), quirks=("drop_wave",), unlisted=4,
              listed=("women",), dispersion=80, day_sigma=0.06),
    Archetype("digital_flagship", "electronics", "jd", 200_000,
              ("presale", "aftersale", "vip"), "add", ("lin", 0.10), "flat", True, "consumer",
              plateau=True, heat=("hot_cold", "recovered"), quirks=("shift",), unlisted=6,
              listed=("brand",), dispersion=40, day_sigma=0.04, outages=3, missing=2),
    Archetype("office_b2b", "b2b", "jd", 2500, ("presale", "aftersale"), "mult",
              ("lin", -0.05), "workday", False, "office", hours=(9, 21), closed="nonworkday",
              heat=("flat", "flat"), unlisted=2, dispersion=150, day_sigma=0.08),
    Archetype("snacks", "food", "tmall", 8000, ("presale", "aftersale"), "mult",
              ("exp", 0.15), "weekend", False, "consumer", plateau=True,
              heat=("growing", "zagzig"), quirks=("final_payment",), unlisted=5,
              listed=("nianhuo",), dispersion=60, day_sigma=0.07, missing=2),
    Archetype("appliances", "appliance", "jd", 40_000, ("presale", "aftersale", "vip"), "add",
              ("exp", 0.08), "flat", True, "consumer", plateau=True,
              heat=("cold_hot", "hot_cold"), quirks=("drop_wave", "shift"), unlisted=4,
              listed=("brand",), dispersion=30, day_sigma=0.05, outages=3, missing=3),
    Archetype("baby_care", "baby", "tmall", 15_000, ("presale", "aftersale"), "mult",
              ("exp", -0.15), "weekend", True, "consumer", heat=("recovered", "zigzag"),
              quirks=("final_payment",), unlisted=3, dispersion=100, day_sigma=0.05,
              missing=2),
    Archetype("douyin_fashion", "apparel", "douyin", 5000, ("presale", "aftersale"), "mult",
              ("exp", 0.40), "weekend", False, "night_owl", heat=("cold_hot", "zagzig"),
              unlisted=14, live_shop=True, dispersion=25, day_sigma=0.15, outages=2),
    Archetype("tea_small", "food", "tmall", 600, ("presale",), "add", ("lin", 0.20),
              "weekday", False, "consumer", plateau=True, heat=("zigzag", "steady_dip"),
              quirks=("no_presale",), unlisted=3, listed=("nianhuo",), dispersion=200,
              day_sigma=0.06),
    Archetype("furniture", "furniture", "tmall", 3500, ("presale", "aftersale"), "mult",
              ("lin", 0.08), "weekend", True, "consumer", hours=(9, 22), plateau=True,
              heat=("hot_cold", "cold_hot"), quirks=("drop_wave",), unlisted=3,
              dispersion=70, day_sigma=0.07),
    Archetype("phones_jd", "electronics", "jd", 90_000, ("presale", "aftersale"), "mult",
              ("lin", 0.12), "flat", False, "consumer", heat=("zagzig", "fading"),
              quirks=("shift",), unlisted=5, listed=("brand",), dispersion=50,
              day_sigma=0.05, outages=3, missing=2, step=("2024-03-01", 1.35)),
    Archetype("sportswear", "outdoor", "douyin", 22_000, ("presale", "aftersale"), "add",
              ("exp", 0.20), "weekend", True, "night_owl", plateau=True,
              heat=("fading", "cold_hot"), unlisted=10, live_shop=True, dispersion=20,
              day_sigma=0.12),
    Archetype("pet_food_small", "pets", "tmall", 450, ("presale", "aftersale"), "mult",
              ("exp", 0.10), "flat", False, "consumer", heat=("cold_hot", "flat"),
              quirks=("drop_wave", "final_payment"), unlisted=2, dispersion=500,
              day_sigma=0.04, outages=1, missing=3),
    Archetype("tools_local", "b2b", "tmall", 1800, ("presale", "aftersale"), "mult",
              ("lin", 0.0), "weekday", True, "office", hours=(8, 23), closed="sunday",
              heat=("flat", "hot_cold"), quirks=("no_presale",), unlisted=2, dispersion=120,
              day_sigma=0.06),
    Archetype("cosmetics_group", "beauty", "tmall", 60_000, ("presale", "aftersale", "vip"),
              "mult", ("exp", 0.05), "weekend", True, "night_owl", plateau=True,
              heat=("steady_dip", "zigzag"), quirks=("shift", "final_payment"), unlisted=6,
              listed=("women", "brand"), dispersion=35, day_sigma=0.06, outages=3),
    Archetype("home_appliance_mega", "appliance", "jd", 130_000,
              ("presale", "aftersale", "vip"), "add", ("lin", -0.08), "flat", False,
              "consumer", heat=("growing", "recovered"), quirks=("drop_wave",), unlisted=4,
              dispersion=45, day_sigma=0.05, outages=2, missing=2),
    Archetype("wholesale_weekdays", "b2b", "jd", 900, ("presale", "aftersale"), "mult",
              ("lin", 0.06), "weekday", False, "office", hours=(8, 20), closed="weekend",
              heat=("flat", "growing"), unlisted=2, dispersion=200, day_sigma=0.05),
    Archetype("luxury_vip", "beauty", "tmall", 30_000, ("presale", "aftersale", "vip"), "mult",
              ("exp", 0.12), "weekend", True, "consumer", plateau=True,
              heat=("zigzag", "hot_cold"), quirks=("final_payment",), unlisted=4,
              dispersion=60, day_sigma=0.06, vip_hours=(9, 21)),
    Archetype("grocery_fresh", "food", "douyin", 11_000, ("presale", "aftersale"), "mult",
              ("exp", 0.30), "flat", True, "consumer", plateau=True,
              heat=("hot_cold", "zagzig"), unlisted=8, live_shop=True,
              listed=("nianhuo",), dispersion=30, day_sigma=0.16, outages=3, missing=2),
    Archetype("shoes", "apparel", "tmall", 6500, ("presale", "aftersale"), "add",
              ("lin", -0.10), "weekend", False, "consumer", heat=("recovered", "cold_hot"),
              quirks=("no_presale", "shift"), unlisted=4, dispersion=90, day_sigma=0.05),
    Archetype("books_evening", "books", "jd", 2000, ("presale", "aftersale"), "mult",
              ("exp", -0.05), "weekday", True, "consumer", hours=(9, 24),
              heat=("fading", "zigzag"), unlisted=3, dispersion=150, day_sigma=0.05),
    Archetype("apparel_giant", "apparel", "tmall", 160_000, ("presale", "aftersale", "vip"),
              "mult", ("exp", 0.06), "weekend", True, "night_owl", plateau=True,
              heat=("cold_hot", "steady_dip"), quirks=("drop_wave", "final_payment"),
              unlisted=6, listed=("women", "brand"), dispersion=40, day_sigma=0.04,
              outages=3, missing=2),
    Archetype("crafts_family", "furniture", "tmall", 700, ("presale",), "mult",
              ("lin", 0.15), "weekend", False, "consumer", hours=(8, 24),
              closed="spring_festival", heat=("zagzig", "fading"), unlisted=2,
              dispersion=250, day_sigma=0.07),
    Archetype("supplements", "health", "jd", 25_000, ("presale", "aftersale"), "add",
              ("exp", 0.18), "flat", False, "consumer", plateau=True,
              heat=("growing", "hot_cold"), quirks=("final_payment", "shift"), unlisted=5,
              dispersion=20, day_sigma=0.10, outages=2, missing=2),
)  # fmt: skip

HEAT_PATTERNS = {
    "flat": (1.0, 1.0, 1.0, 1.0),
    "cold_hot": (1.0, 0.7, 0.8, 1.3),
    "hot_cold": (1.0, 1.25, 1.1, 0.75),
    "zigzag": (0.85, 1.2, 0.8, 1.15),
    "zagzig": (1.15, 0.8, 1.2, 0.85),
    "growing": (0.7, 0.85, 1.0, 1.15),
    "fading": (1.3, 1.15, 1.0, 0.85),
    "recovered": (1.1, 0.75, 1.0, 1.0),
    "steady_dip": (1.0, 1.1, 0.75, 0.8),
}
"""Campaign heat per year 2022-2025 (multiplies a season's whole excess). Across the
population the 2025 seasons are hotter than 2024 for about a third of the shops, colder for
a third and about the same for the rest, per family."""

# --------------------------------------------------------------------------- calendars

Phase = tuple[str, str, str]  # phase, start "MM-DD HH:MM", end "MM-DD HH:MM" (inclusive)

TEMPLATES: dict[tuple[str, str], dict[int, list[Phase]]] = {
    ("tmall", "双11"): {
        2022: [("presale", "10-24 20:00", "10-31 19:59"),
               ("final_payment", "10-31 20:00", "11-01 23:59"),
               ("wave", "11-01 00:00", "11-03 23:59"),
               ("wave", "11-10 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-20 23:59")],
        2023: [("presale", "10-24 20:00", "10-31 19:59"),
               ("wave", "10-31 20:00", "11-03 23:59"),
               ("wave", "11-10 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-22 23:59")],
        2024: [("presale", "10-14 20:00", "10-21 19:59"),
               ("final_payment", "10-21 20:00", "10-23 23:59"),
               ("wave", "10-31 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-22 23:59")],
        2025: [("presale", "10-15 20:00", "10-20 19:59"),
               ("final_payment", "10-20 20:00", "10-24 23:59"),
               ("wave", "10-31 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-22 23:59")],
    },
    ("tmall", "618"): {
        2022: [("presale", "05-26 20:00", "05-31 19:59"),
               ("wave", "05-31 20:00", "06-03 23:59"),
               ("wave", "06-17 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-27 23:59")],
        2023: [("presale", "05-26 20:00", "05-31 19:59"),
               ("final_payment", "05-31 20:00", "06-01 23:59"),
               ("wave", "06-01 00:00", "06-03 23:59"),
               ("wave", "06-16 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-28 23:59")],
        2024: [("wave", "05-20 20:00", "05-28 23:59"),
               ("wave", "05-31 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-28 23:59")],
        2025: [("presale", "05-13 20:00", "05-20 19:59"),
               ("final_payment", "05-20 20:00", "05-21 23:59"),
               ("wave", "05-30 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-28 23:59")],
    },
    ("jd", "双11"): {
        2022: [("presale", "10-20 20:00", "10-31 19:59"),
               ("wave", "10-31 20:00", "11-03 23:59"),
               ("wave", "11-10 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-20 23:59")],
        2023: [("presale", "10-23 20:00", "10-31 19:59"),
               ("wave", "10-31 20:00", "11-03 23:59"),
               ("wave", "11-10 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-21 23:59")],
        2024: [("wave", "10-14 20:00", "10-24 23:59"),
               ("wave", "10-31 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-21 23:59")],
        2025: [("presale", "10-09 20:00", "10-16 23:59"),
               ("wave", "10-16 20:00", "10-24 23:59"),
               ("wave", "10-31 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-13 00:00", "11-21 23:59")],
    },
    ("jd", "618"): {
        2022: [("presale", "05-23 20:00", "05-31 19:59"),
               ("wave", "05-31 20:00", "06-03 23:59"),
               ("wave", "06-15 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-27 23:59")],
        2023: [("presale", "05-23 20:00", "05-30 23:59"),
               ("wave", "05-31 20:00", "06-03 23:59"),
               ("wave", "06-15 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-27 23:59")],
        2024: [("wave", "05-30 20:00", "06-03 23:59"),
               ("wave", "06-14 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-27 23:59")],
        2025: [("presale", "05-13 20:00", "05-27 23:59"),
               ("wave", "05-31 20:00", "06-03 23:59"),
               ("wave", "06-14 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-20 00:00", "06-27 23:59")],
    },
    ("douyin", "双11"): {
        2022: [("wave", "10-31 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-14 00:00", "11-22 23:59")],
        2023: [("wave", "10-20 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-14 00:00", "11-22 23:59")],
        2024: [("presale", "10-08 20:00", "10-17 23:59"),
               ("wave", "10-18 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-14 00:00", "11-22 23:59")],
        2025: [("wave", "10-13 20:00", "10-24 23:59"),
               ("wave", "10-30 20:00", "11-11 23:59"),
               ("peak_day", "11-11 00:00", "11-11 23:59"),
               ("after_sales", "11-14 00:00", "11-22 23:59")],
    },
    ("douyin", "618"): {
        2022: [("wave", "05-25 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-21 00:00", "06-28 23:59")],
        2023: [("wave", "05-25 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-21 00:00", "06-28 23:59")],
        2024: [("wave", "05-16 20:00", "05-28 23:59"),
               ("wave", "06-08 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-21 00:00", "06-28 23:59")],
        2025: [("wave", "05-13 20:00", "06-18 23:59"),
               ("peak_day", "06-18 00:00", "06-18 23:59"),
               ("after_sales", "06-21 00:00", "06-28 23:59")],
    },
}  # fmt: skip

# How strongly each queue kind responds to each phase (before the shop's amplitudes).
RESPONSE = {
    "presale": {"presale": 1.0, "final_payment": 0.8, "wave": 1.0, "peak_day": 1.0,
                "after_sales": 0.15, "promo": 1.0, "plateau": 1.0, "logistics": 0.1},
    "aftersale": {"presale": 0.15, "final_payment": 0.5, "wave": 0.3, "peak_day": 0.5,
                  "after_sales": 0.0, "promo": 0.2, "plateau": 0.5, "logistics": 1.0},
    "vip": {"presale": 0.5, "final_payment": 0.6, "wave": 0.5, "peak_day": 0.6,
            "after_sales": 0.3, "promo": 0.3, "plateau": 0.5, "logistics": 0.3},
}  # fmt: skip

SHARES = {
    1: {"presale": 1.0},
    2: {"presale": 0.68, "aftersale": 0.32},
    3: {"presale": 0.6, "aftersale": 0.33, "vip": 0.07},
}

# Intraday styles: floor and (centre h, width h, height) bumps, wrapped around midnight.
STYLES: dict[str, tuple[float, list[tuple[float, float, float]]]] = {
    "consumer": (0.04, [(10.5, 1.4, 1.0), (15.0, 2.2, 0.85), (21.0, 1.5, 1.15), (0.3, 1.2, 0.3)]),
    "night_owl": (0.05, [(11.0, 1.5, 0.6), (15.5, 2.0, 0.6), (21.5, 1.4, 1.6), (0.5, 1.4, 0.55)]),
    "office": (0.01, [(10.0, 1.3, 1.0), (14.8, 1.7, 0.95), (20.0, 1.5, 0.15)]),
    "aftersale": (0.02, [(10.0, 1.6, 1.2), (14.5, 2.2, 0.9), (20.5, 1.6, 0.55), (0.3, 1.2, 0.1)]),
    "vip": (0.02, [(11.0, 2.0, 1.0), (16.0, 2.0, 0.8), (21.0, 1.5, 0.6)]),
}

WEEKLY = {  # Monday … Sunday, presale kind
    "weekend": (0.95, 0.93, 0.93, 0.95, 1.0, 1.17, 1.22),
    "weekday": (1.12, 1.08, 1.06, 1.04, 1.0, 0.62, 0.55),
    "workday": (1.1, 1.08, 1.06, 1.04, 1.0, 0.5, 0.45),
    "flat": (1.0, 0.99, 0.99, 1.0, 1.0, 1.02, 1.03),
}
AFTERSALE_WEEK = (1.15, 1.02, 1.0, 0.98, 0.97, 0.92, 0.9)

# Yearly seasonality per category: (day of year, width [days], height) bumps.
SEASONS = {
    "beauty": [(67, 8, 0.10), (355, 20, 0.08)],
    "apparel": [(15, 40, 0.25), (200, 30, -0.15), (275, 20, 0.10)],
    "electronics": [(245, 15, 0.12), (30, 15, -0.05)],
    "b2b": [(220, 20, -0.08), (350, 20, 0.06)],
    "food": [(15, 18, 0.35), (255, 10, 0.25), (200, 30, -0.10)],
    "appliance": [(195, 35, 0.35), (15, 25, 0.10)],
    "baby": [(200, 40, -0.05)],
    "outdoor": [(120, 40, 0.20), (280, 12, 0.15), (10, 30, -0.20)],
    "pets": [],
    "furniture": [(90, 30, 0.10), (260, 30, 0.10)],
    "books": [(245, 12, 0.30), (60, 10, 0.20), (200, 25, 0.10)],
    "health": [(15, 20, 0.15), (300, 30, 0.05)],
}


@dataclass
class Shop:
    """One synthetic shop: what the product would be given, and what really happened."""

    name: str
    traits: dict[str, Any]
    history: pd.DataFrame
    """``interval_start, queue, inquiries``; rows only where the export has data."""
    calendar: pd.DataFrame
    """``event, phase, start, end`` (``end`` inclusive)."""
    truth: pd.DataFrame
    """``interval_start, queue, expected_inquiries`` for every interval (0 where closed)."""
    outages: pd.DataFrame = field(default_factory=pd.DataFrame)
    """``queue, start, end``: intervals the export shows as 0 although chats came in."""
    missing_days: tuple[pd.Timestamp, ...] = ()

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(pd.unique(self.truth["queue"]))

    def describe(self) -> str:
        t = self.traits
        return (
            f"{self.name}: {t['ordinary_day']:,.0f}/day, {'+'.join(t['queues'])}, "
            f"{t['campaign']}, trend {t['trend']}, {t['weekly']}, hours {t['open_hours']}, "
            f"closed {t['closed_days']}, heat 618 {t['heat_618']} 双11 {t['heat_双11']}"
        )


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _calendar_days() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day: chinese_calendar workday flag, holiday name ('' if none), weekday."""
    workday = np.empty(N_DAYS, dtype=bool)
    names = np.empty(N_DAYS, dtype=object)
    for k, day in enumerate(DAYS.date):
        workday[k] = chinese_calendar.is_workday(day)
        on, name = chinese_calendar.get_holiday_detail(day)
        names[k] = name if on and name else ""
    return workday, names, DAYS.day_of_week.to_numpy()


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Half-open index runs where ``mask`` is true."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _bump(x: np.ndarray, centre: float, width: float, period: float) -> np.ndarray:
    d = np.abs(x - centre) % period
    d = np.minimum(d, period - d)
    return np.exp(-0.5 * (d / width) ** 2)


def _stamp(year: int, text: str, *, end: bool = False) -> pd.Timestamp:
    ts = pd.Timestamp(f"{year}-{text}")
    return ts + pd.Timedelta(seconds=59) if end else ts


def _index(ts: pd.Timestamp) -> int:
    """Flat 15-minute interval index of the interval holding ``ts``."""
    return int((ts - START) // pd.Timedelta(minutes=15))


def _heat(pattern: str, rng: np.random.Generator) -> tuple[float, ...]:
    base = np.array(HEAT_PATTERNS[pattern])
    return tuple(np.round(base * np.exp(rng.normal(0, 0.04, base.size)), 2).tolist())


# --------------------------------------------------------------------------- calendar


def _season_phases(
    arch: Archetype, family: str, year: int, rng: np.random.Generator, notes: list[str]
) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """One season's phases after the shop's calendar quirks."""
    raw = list(TEMPLATES[(arch.platform, family)][year])
    label = f"{family} {year}"
    if "drop_wave" in arch.quirks and year in (2023, 2025) and rng.random() < 0.75:
        waves = [k for k, p in enumerate(raw) if p[0] == "wave"]
        if len(waves) >= 2:
            del raw[waves[0]]
            notes.append(f"{label}: first wave dropped")
    if "no_presale" in arch.quirks and year in (2023, 2024):
        kept = [p for p in raw if p[0] != "presale"]
        if len(kept) < len(raw) and len(kept) >= 3:
            raw = kept
            notes.append(f"{label}: no presale")
    if "final_payment" in arch.quirks:
        has = any(p[0] == "final_payment" for p in raw)
        presale = next((p for p in raw if p[0] == "presale"), None)
        if has and year == 2024:
            raw = [p for p in raw if p[0] != "final_payment"]
            notes.append(f"{label}: no final_payment")
        elif not has and presale is not None and year in (2023, 2025):
            end = pd.Timestamp(f"{year}-{presale[2]}") + pd.Timedelta(minutes=1)
            fin = (end + pd.Timedelta(days=1)).strftime("%m-%d") + " 23:59"
            raw.insert(raw.index(presale) + 1, ("final_payment", end.strftime("%m-%d %H:%M"), fin))
            notes.append(f"{label}: final_payment added")
    phases = [(p, _stamp(year, a), _stamp(year, b, end=True)) for p, a, b in raw]
    if "shift" in arch.quirks and (year == 2025 or rng.random() < 0.4):
        peak = min(s for p, s, _ in phases if p in ("peak_day", "after_sales"))
        delta = int(rng.choice([-4, -3, -2, 2, 3]))
        moved = []
        for p, s, e in phases:
            early = p not in ("peak_day", "after_sales") and e < peak - pd.Timedelta(days=3)
            if early:
                s, e = s + pd.Timedelta(days=delta), e + pd.Timedelta(days=delta)
            moved.append((p, s, e))
        phases = moved
        notes.append(f"{label}: early phases shifted {delta:+d} d")
    return phases


def _listed_promos(
    arch: Archetype, rng: np.random.Generator
) -> list[tuple[str, str, pd.Timestamp, pd.Timestamp]]:
    rows = []
    for year in YEARS:
        if "nianhuo" in arch.listed:
            s = pd.Timestamp(f"{year}-01-04 20:00") + pd.Timedelta(days=int(rng.integers(0, 5)))
            e = (s + pd.Timedelta(days=9)).normalize() + pd.Timedelta(
                hours=23, minutes=59, seconds=59
            )
            rows.append((f"年货节 {year}", "promo", s, e))
        if "women" in arch.listed:
            s = pd.Timestamp(f"{year}-03-01 20:00") + pd.Timedelta(days=int(rng.integers(-2, 2)))
            rows.append((f"38节 {year}", "promo", s, pd.Timestamp(f"{year}-03-08 23:59:59")))
        if "brand" in arch.listed:
            day = pd.Timestamp(f"{year}-09-01") + pd.Timedelta(days=int(rng.integers(3, 24)))
            end = day + pd.Timedelta(hours=23, minutes=59, seconds=59)
            rows.append((f"品牌日 {year}-09", "promo", day, end))
    return rows


# --------------------------------------------------------------------------- intensities


@dataclass(frozen=True)
class _Amplitudes:
    presale: float
    final_payment: float
    wave: float
    peak: float
    spike: float
    tau: float
    logistics: float
    logistics_days: float
    plateau: float


def _phase_values(kind: str, a: int, b: int, amp: _Amplitudes) -> np.ndarray:
    """The presale-kind intensity of one phase over its intervals ``a..b``."""
    idx = np.arange(a, b + 1)
    dh = (idx - a) / 4.0
    j = idx // SLOTS - a // SLOTS
    spike = amp.spike * np.exp(-dh / amp.tau)
    if kind == "presale":
        return amp.presale * (0.6 + 0.4 * np.exp(-j / 2.0)) + spike
    if kind == "final_payment":
        return amp.final_payment * np.exp(-j / 1.2) + 0.5 * spike
    if kind == "wave":
        n = j[-1] + 1
        days = 0.45 + 0.55 * (np.exp(-j / 1.5) + np.exp(-(n - 1 - j) / 1.5))
        return amp.wave * np.minimum(days, 1.1) + spike
    if kind == "peak_day":
        hod = (idx % SLOTS + 0.5) / 4.0
        shape = 0.5 + 4.0 * np.exp(-hod / 1.2) + 1.5 * np.exp(-0.5 * ((hod - 21.5) / 1.5) ** 2)
        return amp.peak * shape
    if kind == "after_sales":
        return np.full(idx.size, amp.wave)
    return np.full(idx.size, amp.presale) + 0.5 * spike  # a generic promotion


def _season_intensity(
    phases: list[tuple[str, pd.Timestamp, pd.Timestamp]],
    amp: _Amplitudes,
    kinds: Sequence[str],
    out: dict[str, np.ndarray],
    heat: float,
) -> None:
    """Add one season's campaign intensity, per queue kind, into ``out`` (flat arrays)."""
    total = N_DAYS * SLOTS
    spans = [(p, max(_index(s), 0), min(_index(e), total - 1)) for p, s, e in phases]
    spans = [(p, a, b) for p, a, b in spans if a <= b]
    if not spans:
        return
    lo = min(a for _, a, _ in spans)
    last = max(b for _, _, b in spans)
    peak = [b for p, _, b in spans if p == "peak_day"]
    anchor = max(peak) if peak else max(b for p, _, b in spans if p != "after_sales")
    hi = min(max(last, anchor + 22 * SLOTS), total - 1)
    # selling bursts before the peak also cause a (smaller) logistics wave
    early = [b for p, _, b in spans if p in ("final_payment", "wave") and b < anchor - 5 * SLOTS]
    for kind in kinds:
        resp = RESPONSE[kind]
        local = np.zeros(hi - lo + 1)
        if amp.plateau > 0:
            seg = slice(0, last - lo + 1)
            local[seg] = np.maximum(local[seg], amp.plateau * resp["plateau"])
        for p, a, b in spans:
            vals = _phase_values(p, a, b, amp) * resp[p]
            seg = slice(a - lo, b - lo + 1)
            local[seg] = np.maximum(local[seg], vals)
        for start, size in [(anchor, 1.0)] + ([(min(early), 0.4)] if early else []):
            t = np.arange(start + 1, hi + 1)
            days = (t - start) / SLOTS
            curve = (days / amp.logistics_days) ** 2 * np.exp(2 * (1 - days / amp.logistics_days))
            seg = slice(start + 1 - lo, hi - lo + 1)
            local[seg] = np.maximum(local[seg], size * amp.logistics * resp["logistics"] * curve)
        out[kind][lo : hi + 1] += heat * local


def _unlisted_promos(
    arch: Archetype, rng: np.random.Generator, kinds: Sequence[str], out: dict[str, np.ndarray]
) -> list[str]:
    """Unannounced promotions (直播 evenings, 聚划算 days, 品牌日) into ``out``."""
    notes = []
    total = N_DAYS * SLOTS
    for year in YEARS:
        first = max((pd.Timestamp(f"{year}-01-01") - START).days, 0)
        last = min((pd.Timestamp(f"{year}-12-31") - START).days, N_DAYS - 1)
        n = int(rng.poisson(arch.unlisted))
        for _ in range(n):
            day = int(rng.integers(first, last + 1))
            kind = rng.choice(
                ["直播", "聚划算", "品牌日"],
                p=[0.8, 0.1, 0.1] if arch.live_shop else [0.4, 0.3, 0.3],
            )
            if kind == "直播":
                begin = rng.uniform(18.5, 20.5)
                length = rng.uniform(3, 5)
                a = day * SLOTS + int(begin * 4)
                b = min(a + int(length * 4), total - 1)
                x = np.linspace(0, np.pi, b - a + 1)
                vals = rng.uniform(1.0, 4.0) * np.sin(x) ** 2
            elif kind == "聚划算":
                a, b = day * SLOTS + 40, day * SLOTS + SLOTS - 1
                dh = np.arange(b - a + 1) / 4
                vals = rng.uniform(0.6, 1.5) * (1 + 1.5 * np.exp(-dh / 1.5))
            else:
                a, b = day * SLOTS, min(day * SLOTS + 2 * SLOTS - 1, total - 1)
                dh = np.arange(b - a + 1) / 4
                vals = rng.uniform(0.8, 2.0) * (1 + np.exp(-dh / 2.0))
            for q in kinds:
                weight = {"presale": 1.0, "aftersale": 0.12, "vip": 0.3}[q]
                out[q][a : b + 1] += weight * vals[: b - a + 1]
            notes.append(f"{kind} {DAYS[day]:%Y-%m-%d}")
    return notes


# --------------------------------------------------------------------------- base


def _profiles(style: str, by_weekday: bool, rng: np.random.Generator) -> np.ndarray:
    """(7, 96) intraday profiles, Monday … Sunday, each of mean 1."""
    floor, bumps = STYLES[style]
    bumps = [(c + rng.uniform(-0.4, 0.4), w, h * rng.uniform(0.85, 1.15)) for c, w, h in bumps]
    out = np.empty((7, SLOTS))
    for wd in range(7):
        shape = np.full(SLOTS, floor)
        for k, (c, w, h) in enumerate(bumps):
            if by_weekday:
                if wd >= 5 and k == 0:  # weekends start later and slower
                    c, h = c + 1.5, h * 0.75
                elif wd >= 5 and k == 1:
                    h *= 1.15
                elif wd == 6 and k == 2:  # Sunday-evening shopping
                    h *= 1.25
                elif wd == 4 and k == 2:
                    c, h = c + 0.5, h * 1.1
                elif wd == 0 and k == 0:  # Monday-morning backlog
                    h *= 1.15
            shape += h * _bump(HOURS, c, w, 24.0)
        out[wd] = shape / shape.mean()
    return out


def _holiday_factor(kind: str, arch: Archetype, rng: np.random.Generator) -> np.ndarray:
    """Per-day factor for Spring Festival (with the logistics stop), National Day and the
    other statutory holidays."""
    _, names, _ = _calendar_days()
    f = np.ones(N_DAYS)
    depth = rng.uniform(0.7, 1.2)
    day = np.arange(N_DAYS)
    for a, _b in _runs(names == "Spring Festival"):
        delta = day - a
        if kind == "aftersale":
            g = np.select(
                [(delta >= -16) & (delta < -8), (delta >= -8) & (delta < 0),
                 (delta >= 0) & (delta <= 7), (delta > 7) & (delta <= 15)],
                [1.3, 0.75, 0.4, 1.25 - 0.25 * (delta - 7) / 8],
                1.0,
            )  # fmt: skip
        else:
            g = np.select(
                [(delta >= -14) & (delta < -8), (delta >= -8) & (delta < 0),
                 (delta >= 0) & (delta <= 7), (delta > 7) & (delta <= 15)],
                [1 - 0.3 * (delta + 14) / 6, 0.6, 0.45, 0.65 + 0.35 * (delta - 7) / 8],
                1.0,
            )  # fmt: skip
        f *= 1 - depth * (1 - g)
    national = names == "National Day"
    if kind == "aftersale":
        f[national] *= 0.75
        for _a, b in _runs(national):
            f[b : b + 3] *= 1.15
    else:
        f[national] *= 1.1 if arch.category == "outdoor" else rng.uniform(0.75, 0.9)
    other = (names != "") & (names != "Spring Festival") & ~national
    f[other] *= 0.85 if kind == "aftersale" else 0.9
    return f


def _trend(arch: Archetype) -> np.ndarray:
    t = ((DAYS - REFERENCE) / pd.Timedelta(days=365.25)).to_numpy(dtype=float)
    kind, rate = arch.trend
    out = np.maximum(1 + rate * t, 0.15) if kind == "lin" else np.exp(rate * t)
    if arch.step is not None:
        when, factor = arch.step
        after = np.asarray(pd.Timestamp(when) <= DAYS)
        out = out * np.where(after, 1.0, 1 / factor)
    return out


def ordinary_growth(shop: Shop, since: pd.Timestamp, until: pd.Timestamp) -> float:
    """How much the shop's ordinary level grew from ``since`` to ``until`` (its trend; the
    weekday, season and holiday factors are left out: compared a year apart they cancel).
    A VIP queue's own extra growth is not counted: a planner states one heat for the
    campaign, not one per queue."""
    arch = next(a for a in ARCHETYPES if a.key == shop.traits["archetype"])
    trend = _trend(arch)
    at = [
        int(np.clip((pd.Timestamp(t).normalize() - START).days, 0, N_DAYS - 1))
        for t in (since, until)
    ]
    return float(trend[at[1]] / trend[at[0]])


def _seasonality(arch: Archetype) -> np.ndarray:
    doy = DAYS.day_of_year.to_numpy(dtype=float)
    f = np.ones(N_DAYS)
    for centre, width, height in SEASONS[arch.category]:
        f += height * _bump(doy, centre, width, 365.25)
    return f


def _ar1(rng: np.random.Generator, n: int, rho: float) -> np.ndarray:
    """Stationary AR(1) of unit variance."""
    e = rng.standard_normal(n) * np.sqrt(1 - rho**2)
    e[0] = rng.standard_normal()
    return lfilter([1.0], [1.0, -rho], e)


def _open_slots(hours: tuple[int, int] | None) -> np.ndarray:
    if hours is None:
        return np.ones(SLOTS, dtype=bool)
    return (hours[0] <= HOURS) & (hours[1] > HOURS)


def _closed_days(arch: Archetype) -> np.ndarray:
    workday, names, weekday = _calendar_days()
    if arch.closed == "sunday":
        return weekday == 6
    if arch.closed == "weekend":
        return weekday >= 5
    if arch.closed == "nonworkday":
        return ~workday
    if arch.closed == "spring_festival":
        return names == "Spring Festival"
    return np.zeros(N_DAYS, dtype=bool)


def _spill(rate: np.ndarray, open_slots: np.ndarray, closed: np.ndarray, night: float, day: float):
    """Move part of the closed hours' and closed days' demand to the opening intervals."""
    out = rate.copy()
    if not open_slots.all():
        first = int(np.argmax(open_slots))
        mass = rate[:, ~open_slots].sum(axis=1)
        weights = np.array([0.4, 0.3, 0.2, 0.1])
        out[:, first : first + 4] += night * mass[:, None] * weights
    out[:, ~open_slots] = 0.0
    if closed.any():
        open_days = np.flatnonzero(~closed)
        shut = np.flatnonzero(closed)
        nxt = np.searchsorted(open_days, shut)
        ok = nxt < open_days.size
        shut, target = shut[ok], open_days[nxt[ok]]
        first = int(np.argmax(open_slots))
        weights = np.exp(-np.arange(12) / 4.0)
        weights /= weights.sum()
        mass = out[shut].sum(axis=1) * day
        for k, w in enumerate(weights):
            np.add.at(out[:, first + k], target, mass * w)
        out[closed] = 0.0
    return out


# --------------------------------------------------------------------------- shops


def make_shop(i: int, seed: int = 2026) -> Shop:
    """Shop ``i`` of the population of ``seed`` (built alone, in well under a second)."""
    arch = ARCHETYPES[i % len(ARCHETYPES)]
    rng = np.random.default_rng([seed, i])
    scale = arch.scale * (1.0 if i < len(ARCHETYPES) else float(np.exp(rng.normal(0, 0.4))))
    name = f"s{i:02d}_{arch.key}"
    kinds = arch.queues
    shares = SHARES[len(kinds)]
    workday, _, weekday = _calendar_days()

    # -- calendar
    phase_notes: list[str] = []
    heats = {"618": _heat(arch.heat[0], rng), "双11": _heat(arch.heat[1], rng)}
    amp = _Amplitudes(
        presale=rng.uniform(0.5, 1.5),
        final_payment=rng.uniform(0.6, 2.0),
        wave=rng.uniform(0.8, 2.2),
        peak=rng.uniform(3.0, 9.0),
        spike=rng.uniform(1.5, 5.0),
        tau=rng.uniform(0.8, 2.0),
        logistics=rng.uniform(0.8, 2.5),
        logistics_days=rng.uniform(3.0, 5.0),
        plateau=rng.uniform(0.3, 0.7) if arch.plateau else 0.0,
    )
    rows = []
    campaign = {q: np.zeros(N_DAYS * SLOTS) for q in kinds}
    for family in FAMILIES:
        for k, year in enumerate(YEARS):
            phases = _season_phases(arch, family, year, rng, phase_notes)
            _season_intensity(phases, amp, kinds, campaign, heats[family][k])
            rows += [(f"{family} {year}", p, s, e) for p, s, e in phases]
    promo = {q: np.zeros(N_DAYS * SLOTS) for q in kinds}
    listed = _listed_promos(arch, rng)
    for event, _phase, s, e in listed:
        generic = _Amplitudes(
            presale=rng.uniform(0.3, 0.9) if event.startswith("年货节") else rng.uniform(0.5, 1.5),
            final_payment=0,
            wave=0,
            peak=0,
            spike=rng.uniform(0.5, 2.0),
            tau=1.5,
            logistics=0,
            logistics_days=4,
            plateau=0,
        )
        for q in kinds:
            a, b = _index(s), _index(e)
            promo[q][a : b + 1] += _phase_values("promo", a, b, generic) * RESPONSE[q]["promo"]
    rows += [(event, phase, s, e) for event, phase, s, e in listed]
    unlisted = _unlisted_promos(arch, rng, kinds, promo)
    calendar = pd.DataFrame(rows, columns=["event", "phase", "start", "end"])
    calendar = calendar.sort_values(["start", "event"], kind="stable").reset_index(drop=True)

    # -- rates
    trend = _trend(arch)
    season = _seasonality(arch)
    day_type = weekday.copy()
    if arch.weekly == "workday":  # 调休: a working Saturday is a Wednesday, a holiday a Sunday
        day_type[(weekday >= 5) & workday] = 2
        day_type[(weekday < 5) & ~workday] = 6
    closed = _closed_days(arch)
    rates, truths = {}, {}
    night_spill, day_spill = rng.uniform(0.2, 0.5), rng.uniform(0.2, 0.4)
    campaign_profile = np.ones(SLOTS) * 0.3
    for c, w, h in ((10.5, 1.5, 0.6), (15.0, 2.0, 0.5), (21.0, 1.8, 1.3), (0.5, 1.0, 0.4)):
        campaign_profile += h * _bump(HOURS, c, w, 24.0)
    campaign_profile /= campaign_profile.mean()
    for q in kinds:
        week = np.array(WEEKLY[arch.weekly])
        if q == "aftersale":
            week = week**0.4 * np.array(AFTERSALE_WEEK)
        elif q == "vip":
            week = week**0.5
        week = week / week.mean()
        style = {"presale": arch.style, "aftersale": "aftersale", "vip": "vip"}[q]
        if arch.style == "office" and q == "aftersale":
            style = "office"
        profiles = _profiles(style, arch.by_weekday, rng)
        years = (DAYS - REFERENCE).days.to_numpy(dtype=float) / 365.25
        q_trend = trend * (np.exp(0.15 * years) if q == "vip" else 1.0)
        level = (
            scale * shares[q] * q_trend * week[day_type] * season * _holiday_factor(q, arch, rng)
        )
        base = level[:, None] * profiles[day_type] / SLOTS
        uplift = campaign[q].reshape(N_DAYS, SLOTS)
        base = base * (1 + promo[q].reshape(N_DAYS, SLOTS))
        if arch.campaign == "mult":
            rate = base * (1 + uplift)
        else:
            fixed = scale * shares[q] / SLOTS * rng.uniform(0.8, 1.2)
            rate = base + fixed * campaign_profile[None, :] * uplift
        hours = arch.vip_hours if q == "vip" and arch.vip_hours else arch.hours
        open_slots = _open_slots(hours)
        rates[q] = _spill(rate, open_slots, closed, night_spill, day_spill)
        truths[q] = open_slots[None, :] & ~closed[:, None]

    # -- noise
    common = _ar1(rng, N_DAYS, 0.6)
    counts = {}
    for q in kinds:
        z = np.sqrt(0.7) * common + np.sqrt(0.3) * _ar1(rng, N_DAYS, 0.6)
        level_noise = np.exp(arch.day_sigma * z - arch.day_sigma**2 / 2)
        gamma = rng.gamma(arch.dispersion, 1 / arch.dispersion, size=(N_DAYS, SLOTS))
        counts[q] = rng.poisson(rates[q] * level_noise[:, None] * gamma)

    # -- export defects
    open_days = np.flatnonzero(~closed)
    missing = np.zeros(N_DAYS, dtype=bool)
    for _ in range(int(rng.poisson(arch.missing * len(YEARS)))):
        d = int(rng.choice(open_days))
        missing[d : d + (2 if rng.random() < 0.2 else 1)] = True
    outages = []
    opening = arch.hours or (0, 24)
    for _ in range(int(rng.poisson(arch.outages * len(YEARS)))):
        d = int(rng.choice(open_days))
        begin = rng.uniform(max(opening[0] + 1, 8), min(opening[1] - 3, 20))
        a = d * SLOTS + int(begin * 4)
        b = a + int(rng.integers(8, 33)) - 1
        hit = list(kinds) if rng.random() < 0.8 else [str(rng.choice(kinds))]
        for q in hit:
            counts[q].reshape(-1)[a : b + 1] = 0
            outages.append(
                (q, START + pd.Timedelta(minutes=15 * a), START + pd.Timedelta(minutes=15 * b))
            )

    # -- frames (interval-major, queues in the shop's order)
    stamps = pd.date_range(START, periods=N_DAYS * SLOTS, freq="15min")
    nq = len(kinds)
    rate_m = np.stack([rates[q].reshape(-1) for q in kinds], axis=1)
    count_m = np.stack([counts[q].reshape(-1) for q in kinds], axis=1)
    open_m = np.stack([truths[q].reshape(-1) for q in kinds], axis=1)
    keep = open_m & ~np.repeat(missing, SLOTS)[:, None]
    stamp_m = np.repeat(stamps.to_numpy(), nq).reshape(-1, nq)
    queue_m = np.tile(np.array(kinds, dtype=object), (stamps.size, 1))
    truth = pd.DataFrame(
        {
            "interval_start": stamp_m.reshape(-1),
            "queue": queue_m.reshape(-1),
            "expected_inquiries": np.round(rate_m.reshape(-1), 4),
        }
    )
    history = pd.DataFrame(
        {
            "interval_start": stamp_m[keep],
            "queue": queue_m[keep],
            "inquiries": count_m[keep].astype("int64"),
        }
    )
    truth["queue"] = truth["queue"].astype(str)
    history["queue"] = history["queue"].astype(str)

    # -- traits
    quiet = (DAYS >= "2025-03-03") & (DAYS <= "2025-04-27") & ~closed
    daily = sum(rates[q].sum(axis=1) for q in kinds)
    traits: dict[str, Any] = {
        "archetype": arch.key,
        "category": arch.category,
        "platform": arch.platform,
        "ordinary_day": float(np.median(daily[quiet])),
        "queues": list(kinds),
        "campaign": "additive" if arch.campaign == "add" else "multiplicative",
        "trend": f"{arch.trend[0]} {arch.trend[1]:+.0%}/yr"
        + (f", step x{arch.step[1]} {arch.step[0]}" if arch.step else ""),
        "weekly": arch.weekly,
        "intraday_by_weekday": arch.by_weekday,
        "open_hours": f"{arch.hours[0]:02d}-{arch.hours[1]:02d}" if arch.hours else "24h",
        "vip_hours": f"{arch.vip_hours[0]:02d}-{arch.vip_hours[1]:02d}" if arch.vip_hours else None,
        "closed_days": arch.closed,
        "plateau": round(amp.plateau, 2),
        "heat_618": list(heats["618"]),
        "heat_双11": list(heats["双11"]),
        "heat_up_and_down": any(_up_and_down(heats[f]) for f in FAMILIES),
        "phase_changes": phase_notes,
        "unlisted_promos": unlisted,
        "listed_promos": sorted({e.split(" ")[0] for e, *_ in listed}),
        "dispersion": arch.dispersion,
        "day_sigma": arch.day_sigma,
        "outages": len({(s, e) for _, s, e in outages}),
        "missing_days": int(missing.sum()),
        "amplitudes": {k: round(v, 2) for k, v in amp.__dict__.items()},
    }
    return Shop(
        name=name,
        traits=traits,
        history=history,
        calendar=calendar,
        truth=truth,
        outages=pd.DataFrame(outages, columns=["queue", "start", "end"]),
        missing_days=tuple(DAYS[missing]),
    )


def _up_and_down(heat: Sequence[float]) -> bool:
    """Heat that both falls and rises over the years (by 10 % or more)."""
    steps = np.diff(heat)
    return bool((steps <= -0.1).any() and (steps >= 0.1).any())


def make_population(seed: int = 2026, n: int = 24) -> list[Shop]:
    """``n`` shops (the archetypes in order, then again with other scales and numbers)."""
    return [make_shop(i, seed) for i in range(n)]
