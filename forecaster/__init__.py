"""Campaign-aware staffing planner for e-commerce chat customer service.

The stages are separate modules; the names below are the entry points most callers need.
"""

from forecaster.config import PlanConfig, load_config
from forecaster.errors import ConfigError, InfeasiblePlanError, InputDataError, PlannerError
from forecaster.validation import Calendar, History, build_report, read_calendar, read_history

__version__ = "0.1.0"

__all__ = [
    "Calendar",
    "ConfigError",
    "History",
    "InfeasiblePlanError",
    "InputDataError",
    "PlanConfig",
    "PlannerError",
    "build_report",
    "load_config",
    "read_calendar",
    "read_history",
]
