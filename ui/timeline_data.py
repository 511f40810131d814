"""The plain data the timeline widget paints, read off a Plan's days (no Qt, no engine).

Times are minutes after midnight of each day's own date, so every lane shares one clock-time
axis (an infusion that runs past midnight simply goes beyond 24:00).

A day with recorded bedside events also carries what really ran, read off the day the bedside
engine re-planned from those events (:class:`planner.bedside.replan.ReplannedDay`): the rates
that ran up to the last event, pauses as zero-rate stretches, and the re-planned rest of the
bag. Nothing here computes a rate; the bedside engine is imported only for its types (and,
inside :func:`replan_for_timeline`, on first use), so the main window's start-up does not
load it.

A day whose events the bedside engine refuses (they no longer fit an edited prescription,
or are out of order) keeps its plan lane and carries the engine's own reason, so the lane
says why nothing recorded is drawn instead of looking as if nothing was recorded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from planner.bedside.events import EventKind
from planner.plan.models import DayPlan, Plan, RateStep
from ui.formatting import fmt, fmt1, fmt_clock, fmt_date_short

if TYPE_CHECKING:
    from planner.bedside.events import InfusionEvent
    from planner.bedside.replan import ReplannedDay
    from planner.plan.patient import PlanRequest
    from planner.regimen.loading import LoadedRegimen


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
    """A moment on a lane: a vitals check, the start of a new lot or a recorded event (with
    the pump rate running after it; 0 when nothing runs)."""

    minute: float
    label: str
    tooltip: str
    ml_h: float = 0.0


class RunKind(StrEnum):
    ACTUAL = "actual"  # the pump ran at this rate (from the recorded events)
    PAUSED = "paused"  # recorded pause: nothing ran
    REPLANNED = "replanned"  # the rest of the bag, planned again from the last event


@dataclass(frozen=True)
class TimelineRun:
    """A stretch of what really ran on a lane (or, re-planned, is to run); ``ml_h`` 0: paused."""

    kind: RunKind
    start_min: float
    end_min: float
    ml_h: float
    text: str  # one line: "09:00–09:30 ran at 43.2 mL/h"


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
    runs: tuple[TimelineRun, ...] = ()  # recorded and re-planned, in time order
    events: tuple[TimelineMark, ...] = ()  # each recorded event, at its clock time
    status: str = ""  # the re-planned day's status ("running", "paused"...) when recorded
    refused: str = ""  # why the recorded events are not drawn (the bedside engine's words)

    @property
    def recorded(self) -> bool:
        return bool(self.events)

    def runs_of(self, *kinds: RunKind) -> tuple[TimelineRun, ...]:
        return tuple(r for r in self.runs if r.kind in kinds)


@dataclass(frozen=True)
class TimelineData:
    lanes: tuple[TimelineLane, ...]
    x_min: float
    x_max: float
    max_ml_h: float
    empty_text: str = ""

    @property
    def recorded(self) -> bool:
        """Any lane with recorded events: the widget adds the actual lines and a legend."""
        return any(lane.recorded for lane in self.lanes)


@dataclass(frozen=True)
class RefusedDay:
    """A day with recorded events the bedside engine would not replay, and its reason."""

    day: int
    reason: str


REFUSED_WORDS = "recorded events not shown"


def replan_for_timeline(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, events: Sequence[InfusionEvent],
) -> tuple[ReplannedDay | RefusedDay, ...]:
    """Each day with events re-planned from them, or, where the engine refuses them, the
    refusal in its words (less the "day N: " the lane's title already says): one bad day
    never hides the others. An event for a day the course no longer
    has is reported on the last day (the course got shorter)."""
    from planner.bedside.replan import replan_day
    from planner.core.errors import PlanInputError, PlannerError

    found: list[ReplannedDay | RefusedDay] = []
    days = [d.day for d in plan.days]
    for number in days:
        if not any(e.day == number for e in events):
            continue
        try:
            found.append(replan_day(plan, request, loaded, number, events))
        except PlannerError as error:
            reason = error.message if isinstance(error, PlanInputError) else str(error)
            found.append(RefusedDay(number, reason.removeprefix(f"day {number}: ")))
    stray = sorted({e.day for e in events} - set(days))
    if stray and days:
        reason = (f"events are recorded for day {', '.join(map(str, stray))}, but the course "
                  f"has {len(days)} day(s)")
        previous = next((f for f in found
                         if isinstance(f, RefusedDay) and f.day == days[-1]), None)
        if previous is not None:
            reason = f"{previous.reason}; {reason}"
            found.remove(previous)
        found.append(RefusedDay(days[-1], reason))
    return tuple(found)


EMPTY = TimelineData((), 0, 60, 1, "No plan yet: enter the patient and the prescription.")


def _minutes(day: DayPlan, moment: datetime) -> float:
    """Minutes after midnight of the lane's own date."""
    offset = (moment.date() - day.date).days
    return float(offset * 24 * 60 + moment.hour * 60 + moment.minute)


def _run_text(kind: RunKind, start: datetime, end: datetime, ml_h: float) -> str:
    span = f"{fmt_clock(start)}–{fmt_clock(end)}"
    if kind is RunKind.PAUSED:
        return f"{span} paused: nothing ran"
    verb = "ran at" if kind is RunKind.ACTUAL else "re-planned at"
    return f"{span} {verb} {fmt1(ml_h)} mL/h"


def _rate_runs(
    day: DayPlan, kind: RunKind, steps: Sequence[RateStep]
) -> list[tuple[datetime, TimelineRun]]:
    return [
        (s.start, TimelineRun(kind, _minutes(day, s.start), _minutes(day, s.end), s.rate_ml_h,
                              _run_text(kind, s.start, s.end, s.rate_ml_h)))
        for s in steps if s.end > s.start
    ]


def recorded_runs(
    planned: DayPlan, replanned: ReplannedDay
) -> tuple[tuple[TimelineRun, ...], tuple[TimelineMark, ...]]:
    """What ran on ``planned``'s lane by its recorded events, and those events as marks.

    The actual runs are the engine's actual steps (they end at the last event); a pause is a
    zero-rate run from the pause to the resume (or the stop); a pause still open at the last
    event draws nothing beyond it. The re-planned rest of the bag follows, if the day is not
    over. Minutes are on the planned lane's clock (a start after midnight goes past 24:00).
    """
    if not replanned.events:
        return (), ()
    found = _rate_runs(planned, RunKind.ACTUAL, replanned.actual_steps)
    paused_at: datetime | None = None
    for record in replanned.events:
        if record.kind is EventKind.PAUSED and paused_at is None:
            paused_at = record.time
        elif (record.kind in (EventKind.RESUMED, EventKind.STOPPED) and paused_at is not None):
            if record.time > paused_at:
                found.append((paused_at, TimelineRun(
                    RunKind.PAUSED, _minutes(planned, paused_at), _minutes(planned, record.time),
                    0.0, _run_text(RunKind.PAUSED, paused_at, record.time, 0.0))))
            paused_at = None
    if not replanned.status.over:
        found += _rate_runs(planned, RunKind.REPLANNED, replanned.remaining_steps)
    runs = tuple(run for _, run in sorted(found, key=lambda item: (item[0], item[1].kind
                                                                     is RunKind.REPLANNED)))
    marks = tuple(
        TimelineMark(
            _minutes(planned, record.time), record.kind.label,
            f"Day {planned.day}, recorded: {record.text}"
            + (f" — {record.note}" if record.note else "")
            + (f"; {fmt1(record.infused_ml)} mL infused so far" if record.infused_ml else ""),
            record.rate_ml_h or 0.0,
        )
        for record in replanned.events
    )
    return runs, marks


def timeline_from_plan(
    plan: Plan, recorded: Sequence[ReplannedDay | RefusedDay] = ()
) -> TimelineData:
    """The plan's lanes; a day in ``recorded`` (re-planned from its events) also gets what
    really ran (:func:`recorded_runs`); a refused day keeps the plan and says why. Without
    events the result is the plan alone."""
    refused = {r.day: r.reason for r in recorded if isinstance(r, RefusedDay)}
    # a day can have both: its own events drawn, and events for a day the course lacks
    by_day = {r.planned.day: r for r in recorded if not isinstance(r, RefusedDay) and r.events}
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
        replanned = by_day.get(day.day)
        runs, events = recorded_runs(day, replanned) if replanned is not None else ((), ())
        lanes.append(TimelineLane(
            day_index=index, title=f"Day {day.day}", subtitle=fmt_date_short(day.date),
            start_min=start, end_min=end, end_label=f"end {fmt_clock(day.end)}" + (
                f" +{(day.end.date() - day.date).days}d" if day.end.date() != day.date else ""),
            steps=tuple(steps),
            note="" if steps else f"IM injection at {fmt_clock(day.start)}: no infusion",
            vitals=vitals if steps else (), restart=restart, runs=runs, events=events,
            status=replanned.status.value if replanned is not None and events else "",
            refused=refused.get(day.day, ""),
        ))
    if not lanes:
        return EMPTY
    x_min = min([*(lane.start_min for lane in lanes),
                 *(r.start_min for lane in lanes for r in lane.runs),
                 *(m.minute for lane in lanes for m in lane.events)])
    x_max = max([*(lane.end_min for lane in lanes),
                 *(m.minute for lane in lanes for m in (*lane.vitals, *lane.events)),
                 *(r.end_min for lane in lanes for r in lane.runs)])  # after the end
    x_min = math.floor(x_min / 30) * 30  # to the half hour: no wasted width
    x_max = max(math.ceil(x_max / 30) * 30, x_min + 60)
    max_rate = max([*(s.ml_h for lane in lanes for s in lane.steps),
                    *(r.ml_h for lane in lanes for r in lane.runs)], default=1.0)
    return TimelineData(tuple(lanes), x_min, x_max, max(max_rate, 0.1))


def _hhmm(minutes: float) -> str:
    """A lane's minute as a clock time ('00:30 +1d' past midnight)."""
    whole = round(minutes)
    days, rest = divmod(whole, 24 * 60)
    return f"{rest // 60:02d}:{rest % 60:02d}" + (f" +{days}d" if days else "")


def timeline_text(data: TimelineData) -> str:
    """The timeline in words, lane by lane (the widget's accessible description): the planned
    steps and, on a recorded day, what ran, the pauses and the re-planned rest."""
    lines = []
    for lane in data.lanes:
        head = f"{lane.title}, {lane.subtitle}: "
        if lane.refused:
            lines.append(f"{lane.title}: {REFUSED_WORDS}: {lane.refused}")
        if not lane.steps:
            lines.append(head + lane.note)
            continue
        planned = "; ".join(
            f"{_hhmm(step.start_min)}–{_hhmm(step.end_min)} at {step.label} mL/h"
            for step in lane.steps)
        lines.append(f"{head}planned {planned}; {lane.end_label}.")
        if lane.recorded:
            ran = lane.runs_of(RunKind.ACTUAL, RunKind.PAUSED)
            rest = lane.runs_of(RunKind.REPLANNED)
            words = [f"{lane.title} actual (recorded, {lane.status}): "
                     + ("; ".join(r.text for r in ran) if ran else "nothing ran yet")]
            if rest:
                words.append("re-planned: " + "; ".join(r.text for r in rest)
                             + f"; re-planned end {_hhmm(rest[-1].end_min)}")
            words.append("events: " + "; ".join(m.tooltip.split(": ", 1)[-1]
                                                 for m in lane.events))
            lines.append(". ".join(words) + ".")
    return "\n".join(lines)
