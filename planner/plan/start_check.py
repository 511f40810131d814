"""A start date the nurse probably did not mean: in the past, or months ahead.

Typing a time into a date field, or a wrong year, gives a plan that looks complete; the
caution makes the date visible on screen, in the CLI output and on the printed schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from planner.core.warning_codes import WarningCode

FAR_AHEAD_DAYS = 90
"""A course planned more than this many days ahead is more often a wrong month or year."""

SOURCE = "plausibility check: start date"


@dataclass(frozen=True)
class StartDoubt:
    code: WarningCode  # START_IN_PAST or START_FAR_AHEAD
    message: str


def start_doubt(start: datetime, today: date) -> StartDoubt | None:
    """Why ``start`` (day 1) should be checked against ``today``, or None."""
    days = (start.date() - today).days
    when = f"{start:%a %Y-%m-%d}"
    if days < 0:
        ago = "yesterday" if days == -1 else f"{-days} days ago"
        return StartDoubt(
            WarningCode.START_IN_PAST,
            f"Start date {when} is in the past ({ago}; today is {today:%Y-%m-%d}): check "
            "the date before using this plan.",
        )
    if days > FAR_AHEAD_DAYS:
        return StartDoubt(
            WarningCode.START_FAR_AHEAD,
            f"Start date {when} is {days} days from today ({today:%Y-%m-%d}): check the "
            "month and year.",
        )
    return None
