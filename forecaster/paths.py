"""Where the bundled sample files live (``data/`` next to the package)."""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_DIR / "data"
SAMPLE_HISTORY = DATA_DIR / "sample_history.csv.gz"
"""The bundled sample shop's history export (with its planted defects)."""
SAMPLE_TRUTH = DATA_DIR / "sample_truth.csv.gz"
"""The generator's true expected inquiries per interval (no noise, no defects)."""
SAMPLE_CALENDAR = DATA_DIR / "calendar.csv"
SAMPLE_CONFIG = DATA_DIR / "plan.toml"
APP_FILE = REPO_DIR / "app.py"
