"""Campaign-aware staffing planner for e-commerce chat customer service.

The stages are separate modules; the names below are the entry points most callers need.
They are imported on first use, so ``forecaster validate`` does not pay for the config
machinery it does not need.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Calendar": "forecaster.validation",
    "History": "forecaster.validation",
    "build_report": "forecaster.validation",
    "read_calendar": "forecaster.validation",
    "read_history": "forecaster.validation",
    "PlanConfig": "forecaster.config",
    "forecast": "forecaster.forecast",
    "make_model": "forecaster.forecast",
    "apply_adjustments": "forecaster.adjust",
    "run_backtest": "forecaster.backtest",
    "requirements": "forecaster.capacity",
    "chat_queue": "forecaster.erlang",
    "required_agents": "forecaster.erlang",
    "simulate_requirements": "forecaster.simulate",
    "solve_roster": "forecaster.roster",
    "run_plan": "forecaster.pipeline",
    "load_config": "forecaster.config",
    "ConfigError": "forecaster.errors",
    "InfeasiblePlanError": "forecaster.errors",
    "InputDataError": "forecaster.errors",
    "PlannerError": "forecaster.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'forecaster' has no attribute {name!r}")
