"""Daylight-saving time: a day laid out in elapsed minutes, printed as the wall clock shows it.

The engine computes each day from its start in real (elapsed) minutes. Here every clock time of
the day (steps, vitals, chair, a lot-change restart) becomes the wall-clock time in the
workstation's zone; a day whose infusion spans a clock change gets a caution, and a start
that does not exist locally (inside the spring-forward gap) is refused naming ``start``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from pydantic import BaseModel

from planner.core.clock import exists, offset, wall_after
from planner.core.warning_codes import WarningCode
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused
from planner.plan.models import DayPlan
from planner.plan.warning_rules import WarningList
from planner.plan.warning_terms import ClockShift
from planner.regimen.models import Severity

ZONE_SOURCE = "workstation time zone (zoneinfo): times are printed as the wall clock shows them"


def check_start_exists(start: datetime, zone: tzinfo | None, day: int = 1) -> None:
    if zone is None or exists(start, zone):
        return
    raise InputRefused("start", InputProblem.START_IN_CLOCK_GAP, start=start, day=day,
                       zone=_zone_name(zone))


def to_wall_clock(
    days: list[DayPlan], zone: tzinfo | None, warnings: WarningList
) -> list[DayPlan]:
    if zone is None:
        return days
    changed: list[ClockShift] = []
    shown: list[DayPlan] = []
    for day in days:
        start = day.start
        moved = _remap(day, lambda t, start=start: wall_after(start, t - start, zone))
        assert isinstance(moved, DayPlan)
        before, after = offset(moved.start, zone), offset(moved.end, zone)
        if before != after and before is not None and after is not None:
            shift = int((after - before).total_seconds() // 60)
            changed.append(ClockShift(day.day, moved.start.date(), shift))
        shown.append(moved)
    if changed:
        warnings.add(WarningCode.CLOCK_CHANGE, Severity.CAUTION, ZONE_SOURCE,
                     changes=tuple(changed))
    return shown


def _remap(value: Any, move: Any) -> Any:
    if isinstance(value, datetime):
        return move(value)
    if isinstance(value, BaseModel):
        updates = {name: _remap(getattr(value, name), move)
                   for name in type(value).model_fields}
        return value.model_copy(update=updates)
    if isinstance(value, tuple):
        return tuple(_remap(item, move) for item in value)
    return value


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)
