"""What the nurse has to do next on a day, with its clock time: tells, never acts.

"09:30 set pump to 86.4 mL/h", "09:45 vitals", "10:46 bag ends: record finished". A Today
view sorts patients by the first of these; nothing here ever changes a pump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.bedside.event_terms import ActionKind
from planner.bedside.event_text import action_words
from planner.bedside.replan import DayStatus, ReplannedDay

__all__ = ["Action", "ActionKind", "actions", "next_action"]


@dataclass(frozen=True)
class Action:
    time: datetime
    kind: ActionKind
    ml_h: float | None = None  # the pump rate to start at or set (START, RATE)

    @property
    def text(self) -> str:
        """What is due, in words ('set pump to 86.4 mL/h')."""
        return action_words(self.kind, self.ml_h)

    def describe(self) -> str:
        return f"{self.time:%H:%M} {self.text}"


def actions(day: ReplannedDay, now: datetime) -> tuple[Action, ...]:
    """Every action still due on ``day`` from ``now`` on, in time order.

    An overdue start, resume or end stays due (it is the nurse's to record); a step-up or a
    vitals check whose time has passed is taken as done (the plan assumes the pump followed it
    unless a rate change was recorded).
    """
    if day.status.over or not day.day.steps:
        return ()
    found: list[Action] = []
    status = day.status
    if status is DayStatus.PAUSED:
        since = day.as_of or day.day.start
        return (Action(since, ActionKind.RESUME),)
    if status is DayStatus.PLANNED:
        first = day.day.steps[0]
        found.append(Action(first.start, ActionKind.START, first.rate_ml_h))
    after = day.as_of or day.day.start
    for step in day.remaining_steps[1:]:
        if step.start > after and step.start >= now:
            found.append(Action(step.start, ActionKind.RATE, step.rate_ml_h))
    found.append(Action(day.day.end, ActionKind.END))
    for check in day.day.vitals:
        if check.time >= now and check.time > after:
            found.append(Action(check.time, ActionKind.VITALS))
    order = list(ActionKind)
    return tuple(sorted(found, key=lambda a: (a.time, order.index(a.kind))))


def next_action(day: ReplannedDay, now: datetime) -> Action | None:
    found = actions(day, now)
    return found[0] if found else None
