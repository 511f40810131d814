"""The timeline's actual (recorded) runs, read off the bedside re-plan: Qt-free, no widget."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from test_bedside_events import LOADED
from test_bedside_properties import cases

from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.replan import ReplannedDay, replan_course, replan_day
from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import DayPlan, Plan
from planner.plan.patient import Patient, PlanRequest
from ui.timeline_data import (
    RefusedDay,
    RunKind,
    TimelineLane,
    recorded_runs,
    replan_for_timeline,
    timeline_from_plan,
    timeline_text,
)

START = datetime(2026, 12, 1, 8, 0)
REQUEST = PlanRequest(patient=Patient(weight_kg=70), indication_id="cidp-loading",
                      product_id="privigen", start=START)
PLAN = build_plan(REQUEST, LOADED)


def at(hour: int, minute: int, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, minute)


def minute_of(planned: DayPlan, moment: datetime) -> float:
    return (moment - datetime.combine(planned.date, datetime.min.time())).total_seconds() / 60


def lanes(events: list[InfusionEvent], plan: Plan = PLAN,
          request: PlanRequest = REQUEST) -> tuple[TimelineLane, ...]:
    return timeline_from_plan(plan, replan_course(plan, request, LOADED, events)).lanes


def check_lane(planned: DayPlan, day: ReplannedDay, lane: TimelineLane) -> None:
    """What any recorded lane must show, whatever the events."""
    events = list(day.events)
    first, last = minute_of(planned, events[0].time), minute_of(planned, events[-1].time)
    ran = lane.runs_of(RunKind.ACTUAL, RunKind.PAUSED)
    rest = lane.runs_of(RunKind.REPLANNED)
    for run in ran:  # what ran: between the first and the last event, never beyond
        assert first <= run.start_min < run.end_min <= last
    assert [r for r in ran if r.kind is RunKind.ACTUAL] == [
        r for r in lane.runs if r.kind is RunKind.ACTUAL and r.ml_h > 0]
    for a, b in pairwise(lane.runs):  # in time order, never two at once
        assert a.end_min <= b.start_min
    # the actual runs are the engine's actual steps, rate for rate
    assert [(r.start_min, r.end_min, r.ml_h) for r in lane.runs_of(RunKind.ACTUAL)] == [
        (minute_of(planned, s.start), minute_of(planned, s.end), s.rate_ml_h)
        for s in day.actual_steps if s.end > s.start]
    # each pause is a zero-rate run from the pause to the resume or stop
    pauses = []
    paused_at = None
    for event in events:
        if event.kind is EventKind.PAUSED and paused_at is None:
            paused_at = event.time
        elif event.kind in (EventKind.RESUMED, EventKind.STOPPED) and paused_at is not None:
            if event.time > paused_at:
                pauses.append((minute_of(planned, paused_at), minute_of(planned, event.time)))
            paused_at = None
    assert [(r.start_min, r.end_min) for r in lane.runs_of(RunKind.PAUSED)] == pauses
    assert all(r.ml_h == 0 for r in lane.runs_of(RunKind.PAUSED))
    # the re-planned rest: only while the day is not over, from the last event on
    if day.status.over:
        assert rest == ()
    else:
        assert all(r.start_min >= last for r in rest)
        assert len(rest) == len([s for s in day.remaining_steps if s.end > s.start])
    assert [m.minute for m in lane.events] == [minute_of(planned, e.time) for e in events]
    assert lane.status == day.status.value


def test_a_day_without_events_is_drawn_exactly_as_before() -> None:
    events = [InfusionEvent(day=2, kind=EventKind.STARTED, time=at(8, 5, day=2))]
    plain = timeline_from_plan(PLAN)
    with_days = timeline_from_plan(PLAN, replan_course(PLAN, REQUEST, LOADED, []))
    assert with_days == plain and not plain.recorded
    recorded = lanes(events)
    assert recorded[0] == plain.lanes[0]  # day 1 has no event: unchanged
    assert recorded[1].recorded and recorded[1].steps == plain.lanes[1].steps


def test_started_paused_resumed_and_a_typed_rate() -> None:
    events = [
        InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 10)),
        InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(9, 0), reason="chills"),
        InfusionEvent(day=1, kind=EventKind.RESUMED, time=at(9, 20),
                      resume=ResumeRate.PREVIOUS),
        InfusionEvent(day=1, kind=EventKind.RATE_CHANGE, time=at(9, 40), rate_ml_h=50),
    ]
    lane = lanes(events)[0]
    day = replan_day(PLAN, REQUEST, LOADED, 1, events)
    check_lane(PLAN.days[0], day, lane)
    actual = lane.runs_of(RunKind.ACTUAL)
    assert actual[0].start_min == 8 * 60 + 10  # from the recorded start, not the planned one
    assert actual[0].ml_h == PLAN.days[0].steps[0].rate_ml_h  # the ramp's first rate
    pause = lane.runs_of(RunKind.PAUSED)
    assert [(p.start_min, p.end_min) for p in pause] == [(9 * 60, 9 * 60 + 20)]
    assert "paused: nothing ran" in pause[0].text
    rest = lane.runs_of(RunKind.REPLANNED)
    assert rest[0].start_min == 9 * 60 + 40 and rest[0].ml_h == 50  # the typed rate
    assert rest[-1].end_min == minute_of(PLAN.days[0], day.day.end)  # the re-planned end
    assert [m.label for m in lane.events] == ["Started", "Paused", "Resumed", "Rate changed"]
    assert "chills" in lane.events[1].tooltip
    assert lane.events[1].ml_h == 0 and lane.events[3].ml_h == 50


def test_a_pause_still_open_draws_nothing_beyond_it_but_the_replan() -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 0)),
              InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(8, 45), reason="flushing")]
    lane = lanes(events)[0]
    day = replan_day(PLAN, REQUEST, LOADED, 1, events)
    check_lane(PLAN.days[0], day, lane)
    assert lane.runs_of(RunKind.PAUSED) == ()  # open: not drawn past the last event
    assert max(r.end_min for r in lane.runs_of(RunKind.ACTUAL)) == 8 * 60 + 45
    assert lane.status == "paused"


@pytest.mark.parametrize("last", [EventKind.STOPPED, EventKind.FINISHED])
def test_an_ended_day_has_no_replanned_rest(last: EventKind) -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 0))]
    if last is EventKind.STOPPED:
        events += [InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(8, 40)),
                   InfusionEvent(day=1, kind=EventKind.STOPPED, time=at(9, 0), reason="rash")]
    else:
        events.append(InfusionEvent(day=1, kind=EventKind.FINISHED, time=at(11, 37)))
    lane = lanes(events)[0]
    check_lane(PLAN.days[0], replan_day(PLAN, REQUEST, LOADED, 1, events), lane)
    assert lane.runs_of(RunKind.REPLANNED) == ()
    assert max(r.end_min for r in lane.runs) == minute_of(PLAN.days[0], events[-1].time)


def test_stopped_before_it_started_draws_only_the_event() -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STOPPED, time=at(7, 50), reason="fever")]
    lane = lanes(events)[0]
    assert lane.runs == () and [m.label for m in lane.events] == ["Stopped"]
    data = timeline_from_plan(PLAN, replan_course(PLAN, REQUEST, LOADED, events))
    assert data.x_min <= 7 * 60 + 50  # the early event is on the axis


def test_a_start_after_midnight_is_on_the_lane_clock_past_24h() -> None:
    late = REQUEST.model_copy(update={"start": datetime(2026, 12, 1, 22, 0)})
    plan = build_plan(late, LOADED)
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(0, 30, day=2))]
    data = timeline_from_plan(plan, replan_course(plan, late, LOADED, events))
    rest = data.lanes[0].runs_of(RunKind.REPLANNED)
    assert rest[0].start_min == 24 * 60 + 30 and data.x_max >= rest[-1].end_min


def test_the_words_say_planned_actual_and_replanned() -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 10)),
              InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(9, 0)),
              InfusionEvent(day=1, kind=EventKind.RESUMED, time=at(9, 20),
                            resume=ResumeRate.INITIAL)]
    data = timeline_from_plan(PLAN, replan_course(PLAN, REQUEST, LOADED, events))
    text = timeline_text(data)
    first = PLAN.days[0].steps[0]
    assert f"planned {first.start:%H:%M}–{first.end:%H:%M} at {first.rate_ml_h:.1f} mL/h" in text
    assert "Day 1 actual (recorded, running): 08:10–" in text
    assert "09:00–09:20 paused: nothing ran" in text
    end = replan_day(PLAN, REQUEST, LOADED, 1, events).day.end
    assert f"re-planned end {end:%H:%M}" in text
    assert "Day 2 actual" not in text  # no events on day 2
    assert "actual" not in timeline_text(timeline_from_plan(PLAN))


def test_recorded_runs_of_a_day_without_events_are_empty() -> None:
    day = replan_day(PLAN, REQUEST, LOADED, 1, [])
    assert recorded_runs(PLAN.days[0], day) == ((), ())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_any_recorded_day_is_drawn_from_its_events(
    case: tuple[Plan, PlanRequest, list[InfusionEvent]]
) -> None:
    plan, request, events = case
    try:
        day = replan_day(plan, request, LOADED, 1, events)
    except PlanInputError as error:  # refused: the lane keeps the plan alone and says why
        refused = timeline_from_plan(plan, replan_for_timeline(plan, request, LOADED, events))
        assert refused.lanes[0].refused == error.message.removeprefix("day 1: ")
        assert refused.lanes[0].runs == () and refused.lanes[0].events == ()
        assert refused.lanes[0].steps == timeline_from_plan(plan).lanes[0].steps
        return
    assert replan_for_timeline(plan, request, LOADED, events) == ((day,) if events else ())
    lane = timeline_from_plan(plan, (day,)).lanes[0]
    check_lane(plan.days[0], day, lane)
    data = timeline_from_plan(plan, (day,))  # everything recorded is on the axes
    assert all(data.x_min <= r.start_min and r.end_min <= data.x_max for r in lane.runs)
    assert all(data.x_min <= m.minute <= data.x_max for m in lane.events)
    assert all(r.ml_h <= data.max_ml_h for r in lane.runs)


def test_a_refused_day_keeps_its_plan_and_says_why_and_good_days_still_draw() -> None:
    """Events that no longer fit (here: recorded rates past the bag) are refused by the
    engine; the lane keeps the plan alone and carries the engine's own reason."""
    bad = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 0)),
           InfusionEvent(day=1, kind=EventKind.RATE_CHANGE, time=at(23, 0), rate_ml_h=20)]
    good = [InfusionEvent(day=2, kind=EventKind.STARTED, time=at(8, 5, day=2))]
    with pytest.raises(PlanInputError) as refused:
        replan_day(PLAN, REQUEST, LOADED, 1, bad)
    days = replan_for_timeline(PLAN, REQUEST, LOADED, [*bad, *good])
    words = refused.value.message.removeprefix("day 1: ")  # the lane already says "Day 1"
    assert words.startswith("rate-change at 23:00") and days[0] == RefusedDay(1, words)
    assert isinstance(days[1], ReplannedDay) and days[1].day.day == 2
    data = timeline_from_plan(PLAN, days)
    plain = timeline_from_plan(PLAN)
    first, second = data.lanes[0], data.lanes[1]
    assert first.refused == words and "bag was empty" in first.refused
    assert not first.recorded and first.runs == ()
    assert first.steps == plain.lanes[0].steps  # the plan stays
    assert second.refused == "" and second.recorded and second.runs  # the good day draws
    check_lane(PLAN.days[1], days[1], second)
    text = timeline_text(data)
    assert f"Day 1: recorded events not shown: {words}" in text
    assert "Day 2: recorded events not shown" not in text


@pytest.mark.parametrize("events", [
    [InfusionEvent(day=1, kind=EventKind.RESUMED, time=at(9, 0),
                   resume=ResumeRate.PREVIOUS)],  # never started, never paused
    [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(9, 0)),
     InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(8, 30))],  # out of order
])
def test_out_of_order_events_are_reported_not_drawn(events: list[InfusionEvent]) -> None:
    days = replan_for_timeline(PLAN, REQUEST, LOADED, events)
    assert len(days) == 1 and isinstance(days[0], RefusedDay) and days[0].day == 1
    with pytest.raises(PlanInputError) as refused:
        replan_day(PLAN, REQUEST, LOADED, 1, events)
    assert days[0].reason == refused.value.message.removeprefix("day 1: ")
    lane = timeline_from_plan(PLAN, days).lanes[0]
    assert lane.refused == days[0].reason and lane.runs == () and lane.events == ()


def test_an_edited_prescription_the_events_no_longer_fit_is_reported() -> None:
    """Events recorded on a 70 kg plan; the weight is then edited down, the bag shrinks and
    the recorded rates run past its end."""
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 0)),
              InfusionEvent(day=1, kind=EventKind.RATE_CHANGE, time=at(10, 30), rate_ml_h=150)]
    fine = replan_for_timeline(PLAN, REQUEST, LOADED, events)
    assert isinstance(fine[0], ReplannedDay)  # fits the plan it was recorded on
    light = REQUEST.model_copy(update={"patient": Patient(weight_kg=20)})
    plan = build_plan(light, LOADED)
    days = replan_for_timeline(plan, light, LOADED, events)
    assert isinstance(days[0], RefusedDay) and days[0].reason
    assert timeline_from_plan(plan, days).lanes[0].refused == days[0].reason


def test_events_for_a_day_the_course_lacks_are_reported_on_the_last_lane() -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 0)),
              InfusionEvent(day=9, kind=EventKind.STARTED, time=at(8, 0, day=9))]
    days = replan_for_timeline(PLAN, REQUEST, LOADED, events)
    data = timeline_from_plan(PLAN, days)
    assert data.lanes[0].recorded and data.lanes[0].refused == ""
    assert "day 9" in data.lanes[-1].refused
    assert all(lane.refused == "" for lane in data.lanes[:-1])


def test_good_events_report_no_refusal() -> None:
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 10))]
    days = replan_for_timeline(PLAN, REQUEST, LOADED, events)
    assert days == (replan_day(PLAN, REQUEST, LOADED, 1, events),)
    assert all(lane.refused == "" for lane in timeline_from_plan(PLAN, days).lanes)
    assert replan_for_timeline(PLAN, REQUEST, LOADED, []) == ()
