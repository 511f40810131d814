"""What the nurse records at the chair: one event of one course day, with its clock time.

Events are facts, not a plan: they are stored in the plan file in the order recorded and the
rest of the day is re-planned from them (:mod:`planner.bedside.replan`). Nothing here ever
changes a pump; it only records what the nurse did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from planner.bedside.event_terms import EventFieldProblem
from planner.plan.models import ClockTime
from planner.plan.plan_file_text import PlanFileProblem as P
from planner.plan.plan_file_text import PlanFileRefused

EVENTS_FORMAT = 1
"""The event-record format this version writes and the newest it reads."""

_DAY = timedelta(days=1)


class EventKind(StrEnum):
    STARTED = "started"
    PAUSED = "paused"
    RESUMED = "resumed"
    RATE_CHANGE = "rate-change"
    LOT_CHANGE = "lot-change"
    STOPPED = "stopped"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        """'Paused', 'New lot hung' (worded in ``event_text``)."""
        from planner.bedside.event_text import kind_label  # event_text words these types

        return kind_label(self)


class ResumeRate(StrEnum):
    """Which rate a paused infusion resumes at."""

    PREVIOUS = "previous"  # the rate running when it was paused
    INITIAL = "initial"  # the ramp's first rate; the ramp starts again
    TYPED = "typed"  # a rate the nurse types (never above what the plan allows)


class InfusionEvent(BaseModel):
    """One recorded event. ``rate_ml_h`` is the typed rate (rate change, typed resume)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: int = Field(ge=1)
    kind: EventKind
    time: ClockTime
    reason: str | None = None
    resume: ResumeRate | None = None
    rate_ml_h: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    lot: str | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> InfusionEvent:
        problem = self._misfit()
        if problem is not None:
            from planner.bedside.event_text import event_field_words  # words these types

            raise ValueError(event_field_words(problem, self.kind))
        return self

    def _misfit(self) -> EventFieldProblem | None:
        """The first field that does not fit the event's kind, if any."""
        kind = self.kind
        if self.time.second or self.time.microsecond or self.time.tzinfo is not None:
            return EventFieldProblem.TIME_NOT_TO_MINUTE
        if self.reason is not None and kind not in (EventKind.PAUSED, EventKind.STOPPED):
            return EventFieldProblem.NO_REASON
        if kind is EventKind.RESUMED:
            if self.resume is None:
                return EventFieldProblem.RESUME_NEEDS_CHOICE
            if (self.resume is ResumeRate.TYPED) != (self.rate_ml_h is not None):
                return EventFieldProblem.TYPED_RESUME_RATE
        elif self.resume is not None:
            return EventFieldProblem.NO_RESUME_CHOICE
        if kind is EventKind.RATE_CHANGE and self.rate_ml_h is None:
            return EventFieldProblem.RATE_CHANGE_NEEDS_RATE
        if kind not in (EventKind.RATE_CHANGE, EventKind.RESUMED) and self.rate_ml_h is not None:
            return EventFieldProblem.NO_RATE
        if kind is EventKind.LOT_CHANGE:
            if not (self.lot and self.lot.strip()):
                return EventFieldProblem.LOT_CHANGE_NEEDS_LOT
        elif self.lot is not None:
            return EventFieldProblem.NO_LOT
        return None

    def describe(self) -> str:
        """'10:05 Paused (chills)' — how the record and the GUI list an event (worded in
        ``event_text``)."""
        from planner.bedside.event_text import describe_event  # event_text words this type

        return describe_event(self)


def for_day(events: Iterable[InfusionEvent], day: int) -> tuple[InfusionEvent, ...]:
    return tuple(e for e in events if e.day == day)


def event_records(events: Sequence[InfusionEvent]) -> list[dict[str, Any]]:
    """The JSON records the plan file stores, in recorded order."""
    return [
        {"format": EVENTS_FORMAT, **e.model_dump(mode="json", exclude_none=True)} for e in events
    ]


def events_from_records(
    records: Sequence[Mapping[str, Any]], name: str
) -> tuple[InfusionEvent, ...]:
    """Validate stored event records; refuse (never drop) a bad or newer-format one."""
    events: list[InfusionEvent] = []
    for number, raw in enumerate(records, start=1):
        if not isinstance(raw, Mapping):
            raise PlanFileRefused(name, P.EVENT_NOT_A_RECORD, number=number)
        data = dict(raw)
        version = data.pop("format", None)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise PlanFileRefused(name, P.EVENT_FORMAT, number=number)
        if version > EVENTS_FORMAT:
            raise PlanFileRefused(name, P.NEWER_EVENT_FORMAT, number=number, version=version,
                                  supported=EVENTS_FORMAT)
        try:
            events.append(InfusionEvent.model_validate(data))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in error["loc"]) or "event"
            raise PlanFileRefused(name, P.BAD_EVENT, number=number, field=field,
                                  why=error["msg"]) from None
    return tuple(events)


def at_clock(day_start: datetime, previous: datetime | None, hour: int, minute: int) -> datetime:
    """The moment a typed HH:MM means on a day that started (or is planned) at ``day_start``.

    An infusion may run past midnight: a time earlier than the previous event by more than
    12 hours' worth of wrap is read as the next calendar day.
    """
    moment = day_start.replace(hour=hour, minute=minute, second=0, microsecond=0)
    reference = previous or day_start
    if moment < reference and (moment + _DAY - reference).total_seconds() <= 12 * 3600:
        moment += _DAY
    return moment

