"""The plain data the timeline widget paints, read off a Plan's days (no Qt, no engine).

Times are minutes after midnight of each day's own date, so every lane shares one clock-time
axis (an infusion that runs past midnight simply goes beyond 24:00).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from planner.plan.models import DayPlan, Plan
from ui.formatting import fmt, fmt1, fmt_clock, fmt_date_short


@dataclass(frozen=True)
class TimelineStep:
    day_index: int
    step_index: int
    start_min: float
    end_min: float
    ml_h: float
    label: str
    tooltip: str


@dataclass(frozen=True)
class TimelineMark:
    """A moment on a lane: a vitals check or the start of a new lot."""

    minute: float
    label: str
    tooltip: str


@dataclass(frozen=True)
class TimelineLane:
    day_index: int
    title: str
    subtitle: str
    start_min: float
    end_min: float
    end_label: str
    steps: tuple[TimelineStep, ...]
    note: str = ""
    vitals: tuple[TimelineMark, ...] = ()
    restart: TimelineMark | None = None


@dataclass(frozen=True)
class TimelineData:
    lanes: tuple[TimelineLane, ...]
    x_min: float
    x_max: float
    max_ml_h: float
    empty_text: str = ""


EMPTY = TimelineData((), 0, 60, 1, "No plan yet: enter the patient and the prescription.")


def _minutes(day: DayPlan, moment: datetime) -> float:
    """Minutes after midnight of the lane's own date."""
    offset = (moment.date() - day.date).days
    return float(offset * 24 * 60 + moment.hour * 60 + moment.minute)


def timeline_from_plan(plan: Plan) -> TimelineData:
    lanes = []
    for index, day in enumerate(plan.days):
        steps = []
        for s_index, step in enumerate(day.steps):
            start = _minutes(day, step.start)
            end = _minutes(day, step.end)
            until = ", until the bag is empty" if step.runs_until_empty else ""
            tip = (
                f"Day {day.day}, step {step.number}: {fmt_clock(step.start)}–"
                f"{fmt_clock(step.end)} ({step.duration_min} min)\n"
                f"{fmt(step.rate, 3)} {step.rate_unit} = pump {fmt1(step.rate_ml_h)} mL/h"
                f"{until}\n"
                f"{fmt1(step.volume_ml)} mL in this step, {fmt1(step.cumulative_ml)} mL so far"
            )
            steps.append(TimelineStep(
                index, s_index, start, max(end, start + 1), step.rate_ml_h,
                fmt1(step.rate_ml_h), tip,
            ))
        start = _minutes(day, day.start)
        end = _minutes(day, day.end)
        vitals = tuple(
            TimelineMark(_minutes(day, v.time), fmt_clock(v.time),
                         f"Day {day.day}: vitals at {fmt_clock(v.time)} — "
                         + "; ".join(v.reasons))
            for v in day.vitals
        )
        restart = None
        if day.ramp_restart_at is not None:
            at = fmt_clock(day.ramp_restart_at)
            restart = TimelineMark(
                _minutes(day, day.ramp_restart_at), "new lot",
                f"Day {day.day}: new lot from {at}; the ramp restarts at the initial rate "
                "(site policy)",
            )
        lanes.append(TimelineLane(
            day_index=index, title=f"Day {day.day}", subtitle=fmt_date_short(day.date),
            start_min=start, end_min=end, end_label=f"end {fmt_clock(day.end)}" + (
                f" +{(day.end.date() - day.date).days}d" if day.end.date() != day.date else ""),
            steps=tuple(steps),
            note="" if steps else f"IM injection at {fmt_clock(day.start)}: no infusion",
            vitals=vitals if steps else (), restart=restart,
        ))
    if not lanes:
        return EMPTY
    x_min = min(lane.start_min for lane in lanes)
    x_max = max(lane.end_min for lane in lanes)
    x_max = max([x_max, *(m.minute for lane in lanes for m in lane.vitals)])  # after the end
    x_min = math.floor(x_min / 30) * 30  # to the half hour: no wasted width
    x_max = max(math.ceil(x_max / 30) * 30, x_min + 60)
    max_rate = max((s.ml_h for lane in lanes for s in lane.steps), default=1.0)
    return TimelineData(tuple(lanes), x_min, x_max, max(max_rate, 0.1))
