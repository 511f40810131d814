"""A start date the nurse probably did not mean: in the past, or months ahead.

Typing a time into a date field, or a wrong year, gives a plan that looks complete; the
caution makes the date visible on screen, in the CLI output and on the printed schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from planner.core.warning_codes import WarningCode
from planner.plan.warning_text import WarningParam, warning_text

FAR_AHEAD_DAYS = 90
"""A course planned more than this many days ahead is more often a wrong month or year."""

SOURCE = "plausibility check: start date"


@dataclass(frozen=True)
class StartDoubt:
    code: WarningCode  # START_IN_PAST or START_FAR_AHEAD
    params: dict[str, WarningParam]

    @property
    def message(self) -> str:
        return warning_text(self.code, self.params)


def start_doubt(start: datetime, today: date) -> StartDoubt | None:
    """Why ``start`` (day 1) should be checked against ``today``, or None."""
    days = (start.date() - today).days
    if days < 0:
        return StartDoubt(
            WarningCode.START_IN_PAST, {"start": start, "today": today, "days_ago": -days}
        )
    if days > FAR_AHEAD_DAYS:
        return StartDoubt(
            WarningCode.START_FAR_AHEAD, {"start": start, "today": today, "days": days}
        )
    return None
