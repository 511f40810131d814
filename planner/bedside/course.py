"""A saved plan with its recorded events: open it, re-plan it, add an event to it.

The plan file keeps the event records as they are (planner.plan may not know bedside types);
here they are validated, replayed and written back, always all of them, in order. Recording
writes the whole file atomically, and only after the new event has been replayed without a
refusal: a refused event leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner.bedside.event_text import not_recorded_words
from planner.bedside.events import InfusionEvent, event_records, events_from_records
from planner.bedside.replan import ReplannedDay, replan_course, replan_day
from planner.core.errors import PlanFileError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import SavedPlan, data_changes, load_plan_file, save_plan_file
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import LoadedRegimen


@dataclass(frozen=True)
class Course:
    """A plan as built now from a saved request, and the events recorded against it."""

    request: PlanRequest
    plan: Plan
    events: tuple[InfusionEvent, ...]
    loaded: LoadedRegimen
    saved: SavedPlan | None = None

    def replanned(self, now: datetime | None = None) -> tuple[ReplannedDay, ...]:
        return replan_course(self.plan, self.request, self.loaded, self.events, now)

    def day(self, number: int, now: datetime | None = None) -> ReplannedDay:
        return replan_day(self.plan, self.request, self.loaded, number, self.events, now)

    def day_events(self, number: int) -> tuple[InfusionEvent, ...]:
        return tuple(e for e in self.events if e.day == number)

    def with_event(self, event: InfusionEvent) -> tuple[Course, ReplannedDay]:
        """This course with ``event`` appended; PlanInputError if it cannot have happened."""
        events = (*self.events, event)
        day = replan_day(self.plan, self.request, self.loaded, event.day, events)
        return Course(self.request, self.plan, events, self.loaded, self.saved), day


def course_from_saved(saved: SavedPlan, loaded: LoadedRegimen, name: str) -> Course:
    """Build the plan and validate every stored event (PlanFileError / PlanInputError)."""
    events = events_from_records(saved.events, name)
    plan = build_plan(saved.request, loaded)
    course = Course(saved.request, plan, events, loaded, saved)
    course.replanned()  # refuses events that cannot have happened, naming the first
    return course


def open_course(path: Path | str, loaded: LoadedRegimen) -> Course:
    source = Path(path)
    return course_from_saved(load_plan_file(source), loaded, source.name)


def save_course(
    path: Path | str, request: PlanRequest, loaded: LoadedRegimen,
    events: Sequence[InfusionEvent], second_check: SecondCheckRecord | None = None,
) -> Path:
    """Write the request and every event atomically (the GUI's save and autosave too)."""
    return save_plan_file(request, path, loaded, second_check=second_check,
                          events=event_records(events))


def same_data(course: Course, name: str) -> None:
    """Refuse to write events into a plan saved under other data files than those in force:
    the events would be re-planned, and the file re-saved, under numbers nobody checked."""
    saved = course.saved
    if saved is None:
        return
    changes = data_changes(saved, course.loaded)
    if changes:
        raise PlanFileError(not_recorded_words(name, changes[0]))


def record_event(
    path: Path | str, loaded: LoadedRegimen, event: InfusionEvent
) -> tuple[Course, ReplannedDay]:
    """Append ``event`` to the plan file at ``path``; the file changes only if it is accepted."""
    course = open_course(path, loaded)
    same_data(course, Path(path).name)
    updated, day = course.with_event(event)
    check = course.saved.second_check if course.saved is not None else None
    save_course(path, updated.request, loaded, updated.events, check)
    return updated, day
