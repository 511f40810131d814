"""The two kinds of error a user can cause: bad input and a bad regimen file."""

from __future__ import annotations


class PlannerError(Exception):
    """Base for errors whose message is meant for the user, never a traceback."""


class PlanInputError(PlannerError):
    """An input the plan cannot be built from; ``field`` names the form field / CLI flag."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RegimenFileError(PlannerError):
    """A regimen file that cannot be used; the message names the file, entry and field."""


class SiteFileError(RegimenFileError):
    """A site file that cannot be applied; the message lists every problem found."""


class ExportError(PlannerError):
    """The schedule could not be written (folder missing, no permission, disk full)."""


class PlanFileError(PlannerError):
    """A saved plan file that cannot be read or written; the message says why."""
