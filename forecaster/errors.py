"""One exception hierarchy for the whole planner.

Every message has the same shape: where (file, row, column or config key), what was
expected, what was received, e.g. ``history.csv row 418, column inquiries: must be a
non-negative integer, got '-3'``. The CLI prints ``str(error)`` on one line and exits 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forecaster.messages import Message, msg, render


class PlannerError(ValueError):
    """Base class of every error the planner reports to a user.

    Parameters
    ----------
    problems
        One message per defect, most important first. ``str(error)`` is the first one,
        followed by how many more there are, so it always fits on one line.
    """

    def __init__(self, problems: str | Sequence[str]) -> None:
        items = [problems] if isinstance(problems, str) else list(problems)
        if not items:
            raise ValueError("PlannerError needs at least one problem message")
        self.problems: tuple[str, ...] = tuple(_one_line(p) for p in items)
        super().__init__(self.one_line())

    def one_line(self, lang: str = "en", names: Mapping[str, str] | None = None) -> str:
        """The first problem, plus a count of the others, on one line, in ``lang``."""
        more = len(self.problems) - 1
        first = msg("error.more", text=self.problems[0], n=more) if more else self.problems[0]
        return render(first, lang, names)

    def in_source(self, source: str) -> PlannerError:
        """The same error with each problem prefixed by ``source`` (the file it came from),
        each problem keeping its message id so that it is still shown in the reader's
        language."""
        return type(self)([msg("error.in_source", source=source, error=p) for p in self.problems])


def _one_line(problem: str) -> str:
    """``problem`` with its whitespace runs made single spaces (a message keeps its id)."""
    flat = " ".join(problem.split())
    return problem if isinstance(problem, Message) and flat == problem else flat


class InputDataError(PlannerError):
    """A history, calendar or other input file cannot be used as it is."""


class ConfigError(PlannerError):
    """``plan.toml`` (or a scenario override) has an unknown key or a value out of range."""


class InfeasiblePlanError(PlannerError):
    """Rules contradict each other, so no plan (not even one with shortfall) exists."""


class NotFittedError(PlannerError):
    """A model was asked to predict before it was fitted."""
