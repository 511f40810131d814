"""The course calendar as an iCalendar (.ics) file any calendar program imports.

Written with the maintained ``icalendar`` library (RFC 5545 escaping, folding and line
endings are its job, not ours). One event per course day covering the chair time, and for a
repeating regimen an all-day reminder on the next due date. Times are floating local times:
the infusion is at 08:00 wherever the calendar is opened. Writing is atomic.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from planner import __version__
from planner.core.errors import ExportError
from planner.core.formatting import clock, duration
from planner.core.formatting import trim as fmt
from planner.plan.chair import chair_time
from planner.plan.models import DayPlan, Plan
from planner.regimen.models import SitePolicies

_NAMESPACE = uuid.UUID("5d1c0f3e-8a41-4c8e-9d8b-2b7e0f6a9c11")


def course_calendar(
    plan: Plan, site: SitePolicies, days: Sequence[DayPlan] | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The .ics bytes for the course; ``days`` may be the re-planned days (default planned)."""
    cal = Calendar()
    cal.add("prodid", f"-//Infusion Planner {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"IVIG course — {_who(plan)}")
    when = stamp or datetime.now().replace(microsecond=0)
    course_days = tuple(days if days is not None else plan.days)
    for day in course_days:
        chair = day.chair or chair_time(day, site)
        event = Event()
        event.add("uid", _uid(plan, f"day-{day.day}"))
        event.add("dtstamp", when)
        event.add("dtstart", chair.check_in)
        event.add("dtend", chair.leaves)
        event.add("summary", f"IVIG day {day.day}/{len(plan.days)} — {_who(plan)} — "
                             f"{plan.product_name} {fmt(day.dose_g)} g")
        event.add("description", _description(plan, day, chair.total_min, [
            f"Check-in {clock(chair.check_in)}, pre-infusion checks {clock(chair.checks_start)}",
            f"Infusion {clock(day.start)}–{clock(day.end)} ({duration(day.duration_min)})"
            if day.steps else f"Injection at {clock(day.start)}",
            f"Observation until {clock(chair.leaves)}",
        ]))
        event.add("categories", ["IVIG"])
        cal.add_component(event)
    if plan.next_course_due is not None:
        due = Event()
        due.add("uid", _uid(plan, "next-course"))
        due.add("dtstamp", when)
        due.add("dtstart", plan.next_course_due)
        due.add("dtend", plan.next_course_due + timedelta(days=1))
        due.add("summary", f"Next IVIG course due — {_who(plan)}")
        due.add("description", f"{plan.indication_name}: {plan.repeat}. Book the chair and "
                               "confirm the prescription.")
        cal.add_component(due)
    data: bytes = cal.to_ical()
    return data


def write_calendar(data: bytes, path: Path | str) -> Path:
    """Write atomically; raise ExportError naming the file when it cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"{target.name}: cannot write in {folder} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ExportError(f"{target.name}: cannot write ({exc.strerror})") from None
    return target


def _who(plan: Plan) -> str:
    parts = [p for p in (plan.patient_name, plan.patient_mrn and f"MRN {plan.patient_mrn}") if p]
    return ", ".join(parts) if parts else "patient"


def _uid(plan: Plan, what: str) -> str:
    first = plan.days[0].start.isoformat()
    key = f"{plan.patient_mrn or plan.patient_name or ''}|{plan.product_id}|{first}|{what}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@infusion-planner"


def _description(plan: Plan, day: DayPlan, total: int, lines: list[str]) -> str:
    return "\n".join([
        f"{plan.indication_name}; {plan.product_name}, {fmt(day.dose_g)} g = "
        f"{fmt(day.volume_ml, 1)} mL",
        *lines,
        f"Chair time {duration(total)} (site policy: check-in, pre-infusion checks, "
        "infusion, observation).",
        "Check every number against the printed, second-checked schedule.",
    ])
