"""Plain-text rendering of a day re-planned from its recorded events, for the CLI."""

from __future__ import annotations

from datetime import datetime

from planner.bedside.next_action import actions
from planner.bedside.replan import DayStatus, ReplannedDay
from planner.core.formatting import duration
from planner.core.formatting import trim as fmt


def format_replanned_day(day: ReplannedDay, now: datetime | None = None) -> str:
    d = day.day
    planned = day.planned
    shift = day.end_shift_min
    moved = "" if shift == 0 else f" ({'+' if shift > 0 else '−'}{duration(abs(shift))})"
    lines = [
        f"Day {d.day} ({d.date.isoformat()}): {day.status.value}; {fmt(d.volume_ml, 1)} mL bag",
        f"  infused {fmt(day.infused_ml, 1)} mL = {fmt(day.infused_g, 2)} g; "
        + (f"not given {fmt(day.remaining_ml, 1)} mL" if day.status is DayStatus.STOPPED
           else f"remaining {fmt(day.remaining_ml, 1)} mL"),
        f"  planned end {planned.end:%H:%M}; "
        + ("actual" if day.status.over else "new") + f" end {d.end:%H:%M}{moved}",
    ]
    if day.events:
        lines.append("  events:")
        for event in day.events:
            rate = f"{fmt(event.rate_ml_h, 1)} mL/h" if event.rate_ml_h is not None else "pump off"
            lines.append(f"    {event.text:<40} {rate:>12}  {fmt(event.infused_ml, 1):>6} mL so far"
                         + (f"  — {event.note}" if event.note else ""))
    if day.remaining_steps:
        head = ("if resumed at the previous rate" if day.status is DayStatus.PAUSED
                else "from here")
        lines.append(f"  steps {head}:")
        for s in day.remaining_steps:
            lines.append(f"    {s.start:%H:%M}–{s.end:%H:%M}  {s.rate_ml_h:>6.1f} mL/h  "
                         f"{s.volume_ml:>6.1f} mL  {s.cumulative_ml:>6.1f} mL"
                         + ("  until empty" if s.runs_until_empty else ""))
    after = day.as_of or d.start
    vitals = [v for v in d.vitals if v.time >= after]
    if vitals and not day.status.over:
        lines.append("  vitals at " + ", ".join(f"{v.time:%H:%M}" for v in vitals))
    due = actions(day, now or after)
    if due:
        lines.append(f"  next: {due[0].describe()}")
    return "\n".join(lines)
