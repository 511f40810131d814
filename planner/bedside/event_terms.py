"""What the bedside re-plan finds about recorded events, as codes: a sequence it refuses and a
note it adds to an event; only ``event_text`` turns them into words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventProblem(StrEnum):
    """Why a recorded event (or the day it names) cannot have happened."""

    DAY_NOT_IN_COURSE = "day-not-in-course"
    STRAY_DAY = "stray-day"  # a stored event names a day the course does not have
    INJECTION_DAY = "injection-day"
    DAY_OVER = "day-over"
    BEFORE_PREVIOUS = "before-previous"
    NOT_STARTED = "not-started"
    ALREADY_STARTED = "already-started"
    BAG_EMPTY = "bag-empty"
    PAUSE_NOT_RUNNING = "pause-not-running"
    NOT_PAUSED = "not-paused"
    CHANGE_WHILE_PAUSED = "change-while-paused"
    FINISH_NOT_RUNNING = "finish-not-running"
    FINISH_NOTHING_RAN = "finish-nothing-ran"
    RATE_ABOVE = "rate-above"
    RATE_BELOW = "rate-below"


class EventFieldProblem(StrEnum):
    """An event record whose fields do not fit its kind (checked when it is made or read)."""

    TIME_NOT_TO_MINUTE = "time-not-to-minute"
    NO_REASON = "no-reason"  # only a pause or a stop has a reason
    RESUME_NEEDS_CHOICE = "resume-needs-choice"
    TYPED_RESUME_RATE = "typed-resume-rate"  # a typed resume has a rate, and only it
    NO_RESUME_CHOICE = "no-resume-choice"
    RATE_CHANGE_NEEDS_RATE = "rate-change-needs-rate"
    NO_RATE = "no-rate"
    LOT_CHANGE_NEEDS_LOT = "lot-change-needs-lot"
    NO_LOT = "no-lot"


class EventNote(StrEnum):
    """What the record says beside an accepted event."""

    NOT_STARTED = "not-started"  # stopped before it started: the day is not given
    RAMP_RESTARTS = "ramp-restarts"  # a new lot restarts the ramp (site policy)
    RAMP_CONTINUES = "ramp-continues"
    VOLUME_LEFT = "volume-left"  # finished, but the recorded rates leave a volume in the bag
    NOT_GIVEN = "not-given"  # stopped: the volume not given


@dataclass(frozen=True)
class Note:
    code: EventNote
    ml: float | None = None  # VOLUME_LEFT, NOT_GIVEN


class ActionKind(StrEnum):
    """What the nurse has to do next on a day (see ``next_action``); ordered as the day runs
    when two fall at one time."""

    START = "start"
    RATE = "rate"
    VITALS = "vitals"
    END = "end"
    RESUME = "resume"
