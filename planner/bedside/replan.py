"""Re-planning a course day from what really happened at the chair.

The recorded events are replayed in order over the day's ramp: between two events the pump
follows the plan (each rate held its time, then the next step), an event changes what runs
from its clock time on. What ran is the actual part of the day (mL from the actual rates and
times); the rest of the bag is planned again from the last event, with the same rules as the
plan (no rate above what the plan allows, volume conserved, contiguous times).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from planner.bedside.event_terms import EventNote, EventProblem, Note
from planner.bedside.event_text import EventRefused, note_words
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate, for_day
from planner.bedside.ramp import Ramp, ramp_for
from planner.core.quantities import COUNT_EPS, EPS, above, below, round_half_up
from planner.core.units import RateUnit
from planner.plan.chair import chair_time
from planner.plan.models import ClockTime, DayPlan, Frozen, Plan, RateStep, VitalsCheck
from planner.plan.new_start import new_start_reasons
from planner.plan.patient import PlanRequest
from planner.plan.vitals import vitals_schedule
from planner.plan.vitals_text import VitalsWhen, vitals_reason
from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import Basis

_EPS = COUNT_EPS  # minutes left, and mL left counted as none (float noise)


class DayStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def over(self) -> bool:
        return self in (DayStatus.FINISHED, DayStatus.STOPPED)


class EventRecord(Frozen):
    """An event as the record prints it: the rate running after it and the volume so far."""

    time: ClockTime
    kind: EventKind
    rate_ml_h: float | None  # the pump rate from this event on; None: not running
    reason: str | None
    lot: str | None
    infused_ml: float
    text: str
    note: str = ""  # worded by event_text from the re-plan's Note


class ReplannedDay(Frozen):
    """A day re-planned from its events; ``day`` has the actual and the remaining steps."""

    day: DayPlan
    planned: DayPlan
    status: DayStatus
    events: tuple[EventRecord, ...]
    actual_steps: tuple[RateStep, ...]
    remaining_steps: tuple[RateStep, ...]
    as_of: ClockTime | None  # the last event's time
    infused_ml: float
    infused_g: float
    remaining_ml: float  # still to run; for a stopped day, what was not given
    end_shift_min: int  # re-planned end minus planned end

    @property
    def recorded(self) -> bool:
        return bool(self.events)


@dataclass
class _Seg:
    start: datetime
    minutes: int
    ml_h: float
    rung: int
    held_before: int  # minutes already held at this rung when the segment starts
    volume: float
    until_empty: bool
    typed: bool

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass
class _State:
    ramp: Ramp
    volume: float
    status: DayStatus = DayStatus.PLANNED
    clock: datetime | None = None
    rung: int = 0
    held: int = 0
    ml_h: float = 0.0
    typed: bool = False
    infused: float = 0.0
    paused: tuple[int, int, float, bool] | None = None
    actual: list[_Seg] = field(default_factory=list)
    restart_at: datetime | None = None

    def project(self, start: datetime) -> list[_Seg]:
        """The rest of the bag from ``start``, following the ramp from the current rung."""
        rungs = self.ramp.rungs
        segs: list[_Seg] = []
        left = self.volume - self.infused
        clock, rung, held, ml_h, typed = start, self.rung, self.held, self.ml_h, self.typed
        while left > _EPS:
            hold = rungs[rung].hold_min if rung < len(rungs) - 1 else None
            room = None if hold is None else max(0, hold - held)
            if room is None or ml_h * room / 60 >= left - _EPS:
                minutes = max(1, math.ceil(left / ml_h * 60 - _EPS))
                segs.append(_Seg(clock, minutes, ml_h, rung, held, left, True, typed))
                break
            if room > 0:
                volume = round_half_up(ml_h * room / 60, 2)
                segs.append(_Seg(clock, room, ml_h, rung, held, volume, False, typed))
                left -= volume
                clock += timedelta(minutes=room)
            rung, held, ml_h, typed = rung + 1, 0, rungs[rung + 1].ml_h, False
        return segs

    def advance(self, to: datetime) -> datetime | None:
        """Run the pump as planned up to ``to``; return when the bag emptied if before ``to``."""
        assert self.clock is not None
        if self.status is not DayStatus.RUNNING:
            self.clock = to
            return None
        for seg in self.project(self.clock):
            if seg.end <= to:
                self._take(seg, seg.minutes, seg.volume)
                if seg.until_empty:
                    self.clock = to
                    return seg.end if seg.end < to else None
                continue
            if seg.start < to:
                minutes = int((to - seg.start).total_seconds() // 60)
                volume = min(round(seg.ml_h * minutes / 60, 2), self.volume - self.infused)
                self._take(seg, minutes, volume)
            self.rung, self.held, self.ml_h, self.typed = (
                seg.rung, seg.held_before + int((to - seg.start).total_seconds() // 60),
                seg.ml_h, seg.typed,
            )
            break
        self.clock = to
        return None

    def _take(self, seg: _Seg, minutes: int, volume: float) -> None:
        if minutes <= 0:
            return
        self.actual.append(replace(seg, minutes=minutes, volume=volume,
                                   until_empty=seg.until_empty and minutes == seg.minutes))
        self.infused += volume
        self.rung, self.held, self.ml_h, self.typed = (
            seg.rung, seg.held_before + minutes, seg.ml_h, seg.typed
        )


def replan_day(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, day: int,
    events: Sequence[InfusionEvent], now: datetime | None = None,
) -> ReplannedDay:
    """Day ``day`` of ``plan`` re-planned from its recorded ``events`` (others are ignored).

    A paused day is projected as if resumed at the previous rate at ``now`` (or at the pause).
    Raises PlanInputError naming the event for a sequence that cannot have happened.
    """
    planned = _planned_day(plan, day)
    own = for_day(events, day)
    if not own:
        return ReplannedDay(
            day=planned, planned=planned, status=DayStatus.PLANNED, events=(),
            actual_steps=(), remaining_steps=planned.steps, as_of=None, infused_ml=0.0,
            infused_g=0.0, remaining_ml=planned.volume_ml, end_shift_min=0,
        )
    ramp = ramp_for(plan, request, loaded, planned)
    state = _State(ramp=ramp, volume=planned.volume_ml)
    records: list[EventRecord] = []
    previous: InfusionEvent | None = None
    start = planned.start
    for event in own:
        _check_order(event, previous, state)
        note = _apply(event, state, ramp)
        if event.kind is EventKind.STARTED:
            start = event.time
        running = state.status is DayStatus.RUNNING
        records.append(EventRecord(
            time=event.time, kind=event.kind, rate_ml_h=state.ml_h if running else None,
            reason=event.reason, lot=event.lot, infused_ml=round(state.infused, 2),
            text=event.describe(), note=note_words(note),
        ))
        previous = event
    return _result(plan, request, loaded, planned, state, tuple(records), start, own, now)


def replan_course(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, events: Sequence[InfusionEvent],
    now: datetime | None = None,
) -> tuple[ReplannedDay, ...]:
    """Every day of the course, each re-planned from its own events."""
    days = {d.day for d in plan.days}
    stray = next((e for e in events if e.day not in days), None)
    if stray is not None:
        raise EventRefused("day", EventProblem.STRAY_DAY, day=stray.day, days=len(days))
    return tuple(replan_day(plan, request, loaded, d.day, events, now) for d in plan.days)


def add_event(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, events: Sequence[InfusionEvent],
    event: InfusionEvent,
) -> tuple[tuple[InfusionEvent, ...], ReplannedDay]:
    """``events`` with ``event`` appended, and its day re-planned; refuses an impossible one."""
    _planned_day(plan, event.day)
    new = (*events, event)
    return new, replan_day(plan, request, loaded, event.day, new)


# ---------------------------------------------------------------- replay


def _planned_day(plan: Plan, day: int) -> DayPlan:
    found = next((d for d in plan.days if d.day == day), None)
    if found is None:
        raise EventRefused("day", EventProblem.DAY_NOT_IN_COURSE, day=day, days=len(plan.days))
    return found


def _check_order(event: InfusionEvent, previous: InfusionEvent | None, state: _State) -> None:
    field = event.kind.value
    if previous is not None and state.status.over:
        raise EventRefused(field, EventProblem.DAY_OVER, event=event, previous=previous)
    if previous is not None and event.time < previous.time:
        raise EventRefused(field, EventProblem.BEFORE_PREVIOUS, event=event, previous=previous)
    if state.status is DayStatus.PLANNED and event.kind not in (
        EventKind.STARTED, EventKind.STOPPED
    ):
        raise EventRefused(field, EventProblem.NOT_STARTED, event=event)


def _apply(event: InfusionEvent, state: _State, ramp: Ramp) -> Note | None:
    """Apply one event to the replay; the returned note goes with it on the record."""
    kind, status = event.kind, state.status
    if kind is EventKind.STARTED:
        if status is not DayStatus.PLANNED:
            raise EventRefused("started", EventProblem.ALREADY_STARTED, event=event)
        state.status, state.clock = DayStatus.RUNNING, event.time
        state.rung, state.held, state.ml_h = 0, 0, ramp.rungs[0].ml_h
        return None
    if state.clock is None:  # stopped before it started: the day is not given
        state.status, state.clock = DayStatus.STOPPED, event.time
        return Note(EventNote.NOT_STARTED)
    emptied = state.advance(event.time)
    if emptied is not None and kind not in (EventKind.FINISHED, EventKind.STOPPED):
        raise EventRefused(kind.value, EventProblem.BAG_EMPTY, event=event, emptied=emptied)
    if kind is EventKind.PAUSED:
        if status is not DayStatus.RUNNING:
            raise EventRefused("paused", EventProblem.PAUSE_NOT_RUNNING, event=event)
        state.paused = (state.rung, state.held, state.ml_h, state.typed)
        state.status = DayStatus.PAUSED
        return None
    if kind is EventKind.RESUMED:
        if status is not DayStatus.PAUSED or state.paused is None:
            raise EventRefused("resumed", EventProblem.NOT_PAUSED, event=event)
        _resume(event, state, ramp)
        state.status = DayStatus.RUNNING
        return None
    if kind is EventKind.RATE_CHANGE:
        if status is not DayStatus.RUNNING:
            raise EventRefused("rate-change", EventProblem.CHANGE_WHILE_PAUSED, event=event)
        assert event.rate_ml_h is not None
        _set_typed(event, event.rate_ml_h, state, ramp)
        return None
    if kind is EventKind.LOT_CHANGE:
        if ramp.restart_on_lot_change:
            state.rung, state.held, state.ml_h, state.typed = 0, 0, ramp.rungs[0].ml_h, False
            if state.paused is not None and status is DayStatus.PAUSED:
                state.paused = (0, 0, ramp.rungs[0].ml_h, False)
            state.restart_at = event.time
            return Note(EventNote.RAMP_RESTARTS)
        return Note(EventNote.RAMP_CONTINUES)
    if kind is EventKind.FINISHED:
        if status is not DayStatus.RUNNING:
            raise EventRefused("finished", EventProblem.FINISH_NOT_RUNNING, event=event)
        if not state.actual:
            raise EventRefused("finished", EventProblem.FINISH_NOTHING_RAN, event=event)
        left = state.volume - state.infused
        state.status = DayStatus.FINISHED
        if left > 0.005:
            state.actual[-1].volume = round(state.actual[-1].volume + left, 4)
            state.infused = state.volume
            if left > max(1.0, 0.02 * state.volume):
                return Note(EventNote.VOLUME_LEFT, left)
        return None
    state.status = DayStatus.STOPPED  # stopped while running or paused
    return Note(EventNote.NOT_GIVEN, state.volume - state.infused)


def _resume(event: InfusionEvent, state: _State, ramp: Ramp) -> None:
    assert state.paused is not None
    rung, held, ml_h, typed = state.paused
    hold_again = ramp.resume_restarts_hold
    if event.resume is ResumeRate.PREVIOUS:
        state.rung, state.held, state.ml_h, state.typed = (
            rung, 0 if hold_again else held, ml_h, typed
        )
    elif event.resume is ResumeRate.INITIAL:
        state.rung, state.held, state.ml_h, state.typed = 0, 0, ramp.rungs[0].ml_h, False
    else:
        assert event.rate_ml_h is not None
        _set_typed(event, event.rate_ml_h, state, ramp)
    state.paused = None


def _set_typed(event: InfusionEvent, ml_h: float, state: _State, ramp: Ramp) -> None:
    if above(ml_h, ramp.ceiling_ml_h):
        raise EventRefused("rate", EventProblem.RATE_ABOVE, event=event, ml_h=ml_h,
                           ceiling_ml_h=ramp.ceiling_ml_h, limited_by=ramp.limited_by,
                           fixed_rate=ramp.fixed_rate)
    if below(ml_h, 0.1):
        raise EventRefused("rate", EventProblem.RATE_BELOW, event=event, ml_h=ml_h)
    state.rung, state.held, state.ml_h, state.typed = ramp.rung_for(ml_h), 0, ml_h, True


# ---------------------------------------------------------------- result


def _result(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, planned: DayPlan, state: _State,
    records: tuple[EventRecord, ...], start: datetime, events: Sequence[InfusionEvent],
    now: datetime | None,
) -> ReplannedDay:
    assert state.clock is not None
    ramp = state.ramp
    remaining: list[_Seg] = []
    if state.status is DayStatus.RUNNING:
        remaining = state.project(state.clock)
    elif state.status is DayStatus.PAUSED and state.paused is not None:
        resume_at = max(state.clock, now) if now is not None else state.clock
        rung, held, ml_h, typed = state.paused
        ahead = replace(state, rung=rung, held=0 if ramp.resume_restarts_hold else held,
                        ml_h=ml_h, typed=typed, actual=[])
        remaining = ahead.project(resume_at)
    actual = _steps(state.actual, ramp, 0.0, 1)
    done = actual[-1].cumulative_ml if actual else 0.0
    rest = _steps(remaining, ramp, round(state.infused, 4) if remaining else done,
                  len(actual) + 1)
    steps = (*actual, *rest)
    if state.status.over:
        end = state.clock
    elif rest:
        end = rest[-1].end
    else:
        end = state.clock
    if state.status is DayStatus.STOPPED and not actual:
        start = state.clock
    infused = round(state.infused, 2)
    remaining_ml = round(planned.volume_ml - state.infused, 2)
    if state.status is DayStatus.FINISHED:
        infused, remaining_ml = planned.volume_ml, 0.0
    day = planned.model_copy(update={
        "start": start, "end": end, "duration_min": int((end - start).total_seconds() // 60),
        "steps": steps, "ramp_restart_at": state.restart_at,
        "vitals": _vitals(plan, request, loaded, start, end, steps, events),
    })
    day = day.model_copy(update={"chair": chair_time(day, loaded.regimen.site_policies)})
    return ReplannedDay(
        day=day, planned=planned, status=state.status, events=records,
        actual_steps=actual, remaining_steps=rest, as_of=state.clock,
        infused_ml=infused, infused_g=round(infused * plan.concentration_mg_ml / 1000, 3),
        remaining_ml=max(0.0, remaining_ml),
        end_shift_min=int((end - planned.end).total_seconds() // 60),
    )


def _steps(segs: Sequence[_Seg], ramp: Ramp, before: float, first: int) -> tuple[RateStep, ...]:
    steps: list[RateStep] = []
    cumulative = before
    for seg in segs:
        rung = ramp.rungs[seg.rung]
        cumulative += seg.volume
        typed = seg.typed or abs(seg.ml_h - rung.ml_h) > EPS
        steps.append(RateStep(
            number=first + len(steps), start=seg.start, end=seg.end, duration_min=seg.minutes,
            rate=seg.ml_h if typed else rung.rate, rate_unit=RateUnit.ML_H if typed else rung.unit,
            rate_mg_kg_min=ramp.mg_kg_min(seg.ml_h) if typed else rung.mg_kg_min,
            rate_ml_h=seg.ml_h, volume_ml=round(seg.volume, 4), cumulative_ml=round(cumulative, 4),
            runs_until_empty=seg.until_empty, basis=Basis.SITE_POLICY if typed else rung.basis,
        ))
    return tuple(steps)


_VITALS_AT = {
    EventKind.PAUSED: VitalsWhen.PAUSED, EventKind.RESUMED: VitalsWhen.RESUMED,
    EventKind.STOPPED: VitalsWhen.STOPPED,
}
"""The recorded events that bring a vitals check of their own."""


def _vitals(
    plan: Plan, request: PlanRequest, loaded: LoadedRegimen, start: datetime, end: datetime,
    steps: tuple[RateStep, ...], events: Sequence[InfusionEvent],
) -> tuple[VitalsCheck, ...]:
    """The site's vitals schedule over the re-planned steps, plus one at every pause/resume."""
    policy = loaded.regimen.site_policies.vitals
    if policy is None:
        return ()
    found: dict[datetime, list[str]] = {}
    new = bool(new_start_reasons(request.patient, loaded.regimen.site_policies))
    for check in vitals_schedule(policy, start, end, steps, new):
        found.setdefault(check.time, []).extend(check.reasons)
    for event in events:
        when = _VITALS_AT.get(event.kind)
        if when is not None:
            found.setdefault(event.time, []).append(vitals_reason(when, why=event.reason))
    return tuple(VitalsCheck(time=t, reasons=tuple(r)) for t, r in sorted(found.items()))


def day_data(day: ReplannedDay) -> dict[str, object]:
    """The day as ``plan --json`` prints it, plus the recorded events and the volumes."""
    data: dict[str, object] = day.day.model_dump(mode="json")
    data["events"] = [
        {
            "time": f"{e.time:%Y-%m-%dT%H:%M}", "kind": e.kind.value, "rate_ml_h": e.rate_ml_h,
            "reason": e.reason, "lot": e.lot, "infused_ml": e.infused_ml, "note": e.note,
        }
        for e in day.events
    ]
    data["status"] = day.status.value
    data["infused_ml"] = day.infused_ml
    data["infused_g"] = day.infused_g
    data["remaining_ml"] = day.remaining_ml
    data["planned_end"] = f"{day.planned.end:%Y-%m-%dT%H:%M}"
    data["end_shift_min"] = day.end_shift_min
    return data
