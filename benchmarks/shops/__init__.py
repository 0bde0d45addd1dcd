"""A population of synthetic shops for the independent forecast benchmark (issue 15).

Written without looking at the product's sample generator or forecaster, so that the
shops differ from the bundled sample in structure (see ``README.md``).
"""

from benchmarks.shops.generator import (
    ARCHETYPES,
    END,
    START,
    Shop,
    make_population,
    make_shop,
    ordinary_growth,
)

__all__ = ["ARCHETYPES", "END", "START", "Shop", "make_population", "make_shop", "ordinary_growth"]
