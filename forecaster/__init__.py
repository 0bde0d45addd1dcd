"""Campaign-aware staffing planner for e-commerce chat customer service."""

__version__ = "0.1.0"
