"""The bedside re-plan in words: why a recorded event is refused, the note beside an accepted
one. One entry per code; the re-plan hands over the code and its values."""

from __future__ import annotations

from collections.abc import Callable

from planner.bedside.event_terms import (
    ActionKind,
    EventFieldProblem,
    EventNote,
    EventProblem,
    Note,
)
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.core.errors import PlanInputError
from planner.core.formatting import trim
from planner.core.wording import Values, require_words
from planner.plan.file_change import FileChange
from planner.plan.file_change_text import file_change_words
from planner.plan.limited_by import LimitedBy

FIXED_RATE_WORDS = "the planned fixed-duration rate"
"""What sets the highest rate of a fixed-duration day: its one planned rate."""

_DAY_TEMPLATES: dict[EventProblem, str] = {  # about a day, not one event
    EventProblem.DAY_NOT_IN_COURSE: "day {day} is not in this course (days 1–{days})",
    EventProblem.STRAY_DAY: "an event is recorded for day {day}, but the course has {days} day(s)",
    EventProblem.INJECTION_DAY:
        "day {day} is an injection, not an infusion: there is no rate to record",
}

_EVENT_TEMPLATES: dict[EventProblem, str] = {  # each follows 'day 1: paused at 09:05'
    EventProblem.DAY_OVER: ": day {day} is over ({previous}); no event can follow",
    EventProblem.BEFORE_PREVIOUS: " is before the previous event ({previous})",
    EventProblem.NOT_STARTED: ": the infusion has not been started (record --started first)",
    EventProblem.ALREADY_STARTED: ": the infusion was already started",
    EventProblem.BAG_EMPTY: ": by the recorded rates the bag was empty at {emptied:%H:%M}; "
                            "record --finished (or --stopped) first",
    EventProblem.PAUSE_NOT_RUNNING: ": the infusion is not running",
    EventProblem.NOT_PAUSED: ": the infusion is not paused",
    EventProblem.CHANGE_WHILE_PAUSED: ": the infusion is paused (record --resumed with --rate)",
    EventProblem.FINISH_NOT_RUNNING:
        ": the infusion is not running (resume it, or record --stopped)",
    EventProblem.FINISH_NOTHING_RAN: ": no time has run at a rate yet",
    EventProblem.RATE_ABOVE: ": {typed} mL/h is above what this plan allows, {ceiling} mL/h "
                             "({limit})",
    EventProblem.RATE_BELOW: ": {ml_h:g} mL/h is below 0.1 mL/h (record --paused to stop the pump)",
}

require_words(EventProblem, _DAY_TEMPLATES, _EVENT_TEMPLATES)


def ramp_limit_words(limited_by: LimitedBy, fixed_rate: bool) -> str:
    """What sets the highest rate a recorded rate may reach."""
    return FIXED_RATE_WORDS if fixed_rate else limited_by.words


def event_problem_words(problem: EventProblem, values: Values) -> str:
    """The words for one refused event; an event's own problem starts by naming it."""
    if problem in _DAY_TEMPLATES:
        return _DAY_TEMPLATES[problem].format(**values)
    event = values["event"]
    assert isinstance(event, InfusionEvent)
    shown = dict(values)
    previous = values.get("previous")
    if isinstance(previous, InfusionEvent):
        shown["previous"] = previous.describe()
    if problem is EventProblem.RATE_ABOVE:
        shown["typed"] = trim(_number(values["ml_h"]), 1)
        shown["ceiling"] = trim(_number(values["ceiling_ml_h"]), 1)
        limited_by = values["limited_by"]
        assert isinstance(limited_by, LimitedBy)
        shown["limit"] = ramp_limit_words(limited_by, bool(values["fixed_rate"]))
    what = f"day {event.day}: {event.kind.value} at {event.time:%H:%M}"
    return what + _EVENT_TEMPLATES[problem].format(day=event.day, **shown)


def _number(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


class EventRefused(PlanInputError):
    """A recorded event (or the day it names) the re-plan refuses: its field, the problem's
    code and the values; ``message`` is worded by :func:`event_problem_words`."""

    def __init__(self, field: str, problem: EventProblem, **values: object) -> None:
        super().__init__(field, event_problem_words(problem, values))
        self.problem = problem
        self.values: Values = values


def _ml(note: Note) -> str:
    assert note.ml is not None
    return trim(note.ml, 1)


_NOTES: dict[EventNote, Callable[[Note], str]] = {
    EventNote.NOT_STARTED: lambda n: "not started",
    EventNote.RAMP_RESTARTS: lambda n: "ramp restarts at the initial rate (site policy)",
    EventNote.RAMP_CONTINUES: lambda n: "ramp continues (site policy)",
    EventNote.VOLUME_LEFT: lambda n: f"by the recorded rates {_ml(n)} mL should remain: check "
                                     "the pump's volume infused",
    EventNote.NOT_GIVEN: lambda n: f"{_ml(n)} mL not given",
}


def note_words(note: Note | None) -> str:
    """The note printed beside an event ('' for none)."""
    return "" if note is None else _NOTES[note.code](note)



_LABELS = {
    EventKind.STARTED: "Started",
    EventKind.PAUSED: "Paused",
    EventKind.RESUMED: "Resumed",
    EventKind.RATE_CHANGE: "Rate changed",
    EventKind.LOT_CHANGE: "New lot hung",
    EventKind.STOPPED: "Stopped",
    EventKind.FINISHED: "Bag finished",
}


def kind_label(kind: EventKind) -> str:
    """'Paused', 'New lot hung': an event kind as the record and the GUI name it."""
    return _LABELS[kind]


def describe_event(event: InfusionEvent) -> str:
    """'10:05 Paused (chills)' — how the record and the GUI list an event."""
    text = f"{event.time:%H:%M} {kind_label(event.kind)}"
    if event.kind is EventKind.RESUMED and event.resume is not None:
        text += (
            f" at {event.rate_ml_h:g} mL/h" if event.resume is ResumeRate.TYPED
            else f" at the {event.resume.value} rate"
        )
    if event.kind is EventKind.RATE_CHANGE:
        text += f" to {event.rate_ml_h:g} mL/h"
    if event.lot:
        text += f" (lot {event.lot})"
    if event.reason:
        text += f" ({event.reason})"
    return text


_ACTIONS: dict[ActionKind, str] = {
    ActionKind.START: "start at {ml_h} mL/h",
    ActionKind.RATE: "set pump to {ml_h} mL/h",
    ActionKind.VITALS: "vitals",
    ActionKind.END: "bag ends: record finished",
    ActionKind.RESUME: "paused: record resumed or stopped",
}


def action_words(kind: ActionKind, ml_h: float | None = None) -> str:
    """'set pump to 86.4 mL/h', 'vitals', ...: what is due, without its time."""
    return _ACTIONS[kind].format(ml_h=None if ml_h is None else trim(ml_h, 1))


def not_recorded_words(name: str, change: FileChange) -> str:
    """An event refused for a plan saved under other data files than those in force."""
    return (
        f"{name}: not recorded — {file_change_words(change)} Record with the same "
        "--regimen-file/--site-file it was saved with, or re-save it under the current data "
        "first (plan --plan FILE --save FILE) and check the plan again."
    )


_FIELD_WORDS: dict[EventFieldProblem, str] = {
    EventFieldProblem.TIME_NOT_TO_MINUTE: "time must be a local clock time to the minute",
    EventFieldProblem.NO_REASON: "a '{kind}' event has no reason",
    EventFieldProblem.RESUME_NEEDS_CHOICE: "'resumed' needs the rate it resumed at",
    EventFieldProblem.TYPED_RESUME_RATE:
        "a typed resume rate needs rate_ml_h (and only a typed one)",
    EventFieldProblem.NO_RESUME_CHOICE: "a '{kind}' event has no resume choice",
    EventFieldProblem.RATE_CHANGE_NEEDS_RATE: "'rate-change' needs rate_ml_h",
    EventFieldProblem.NO_RATE: "a '{kind}' event has no rate",
    EventFieldProblem.LOT_CHANGE_NEEDS_LOT: "'lot-change' needs the new lot number",
    EventFieldProblem.NO_LOT: "a '{kind}' event has no lot",
}


def event_field_words(problem: EventFieldProblem, kind: EventKind) -> str:
    """Why an event record's fields do not fit its kind."""
    return _FIELD_WORDS[problem].format(kind=kind)
