"""Re-planning invariants over random plans and random event sequences (hypothesis)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bedside_events import LOADED

from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.ramp import ramp_for
from planner.bedside.replan import DayStatus, ReplannedDay, replan_day
from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.models import RiskFlag, Route

REGIMEN = LOADED.regimen
IV = [i for i in REGIMEN.indications if i.route is Route.IV]
IV_PRODUCTS = [p for p in REGIMEN.products if p.route is Route.IV]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Plan, PlanRequest, list[InfusionEvent]]:
    indication = draw(st.sampled_from(IV))
    product = draw(st.sampled_from(IV_PRODUCTS))
    risks = frozenset(draw(st.lists(st.sampled_from([RiskFlag.RENAL]), max_size=1)))
    request = PlanRequest(
        patient=Patient(weight_kg=draw(st.floats(3, 150)), risks=risks,
                        first_infusion=draw(st.booleans())),
        indication_id=indication.id, product_id=product.id, days=indication.days.min,
        start=draw(st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31))).replace(
            second=0, microsecond=0),
    )
    plan = build_plan(request, LOADED)
    day = plan.days[0]
    ceiling = max(s.rate_ml_h for s in day.steps)
    clock = day.start + timedelta(minutes=draw(st.integers(-30, 90)))
    events = [InfusionEvent(day=1, kind=EventKind.STARTED, time=clock)]
    running = True
    for _ in range(draw(st.integers(0, 8))):
        clock += timedelta(minutes=draw(st.integers(0, 60)))
        if running:
            kind = draw(st.sampled_from([EventKind.PAUSED, EventKind.RATE_CHANGE,
                                         EventKind.LOT_CHANGE]))
        else:
            kind = draw(st.sampled_from([EventKind.RESUMED, EventKind.LOT_CHANGE]))
        rate = round(draw(st.floats(0.1, ceiling * 1.2)), 1)
        if kind is EventKind.PAUSED:
            events.append(InfusionEvent(day=1, kind=kind, time=clock, reason="reaction"))
            running = False
        elif kind is EventKind.RATE_CHANGE:
            events.append(InfusionEvent(day=1, kind=kind, time=clock, rate_ml_h=rate))
        elif kind is EventKind.LOT_CHANGE:
            events.append(InfusionEvent(day=1, kind=kind, time=clock, lot="L2"))
        else:
            how = draw(st.sampled_from(list(ResumeRate)))
            events.append(InfusionEvent(day=1, kind=kind, time=clock, resume=how,
                                        rate_ml_h=rate if how is ResumeRate.TYPED else None))
            running = True
    if draw(st.booleans()):
        clock += timedelta(minutes=draw(st.integers(0, 600)))
        kind = EventKind.FINISHED if running else EventKind.STOPPED
        events.append(InfusionEvent(day=1, kind=kind, time=clock))
    return plan, request, events


def check(plan: Plan, request: PlanRequest, day: ReplannedDay) -> None:
    planned = plan.days[0]
    ceiling = ramp_for(plan, request, LOADED, planned).ceiling_ml_h
    assert plan.protocol is not None
    for step in day.day.steps:  # no step above the label or site limit
        assert step.rate_ml_h <= ceiling + 1e-9
        mg = step.rate_ml_h * plan.concentration_mg_ml / (60 * plan.dosing_weight_kg)
        assert mg <= plan.protocol.ceiling_mg_kg_min + 1e-3
        assert (step.end - step.start) == timedelta(minutes=step.duration_min)
        assert step.duration_min > 0
    # volume conserved
    assert day.infused_ml + day.remaining_ml == pytest.approx(planned.volume_ml, abs=0.011)
    if day.status is not DayStatus.STOPPED:
        total = sum(s.volume_ml for s in day.day.steps)
        assert total == pytest.approx(planned.volume_ml, abs=0.011)
        assert day.day.steps[-1].cumulative_ml == pytest.approx(planned.volume_ml, abs=0.011)
    assert sum(s.volume_ml for s in day.actual_steps) == pytest.approx(
        day.infused_ml if day.status is not DayStatus.FINISHED else planned.volume_ml, abs=0.011)
    # times: actual steps in order without overlap, the rest contiguous from the last event
    steps = day.day.steps
    for a, b in pairwise(steps):
        assert a.end <= b.start
    rest = day.remaining_steps
    for a, b in pairwise(rest):
        assert a.end == b.start
    if rest and day.status is DayStatus.RUNNING:
        assert rest[0].start == day.as_of
    assert day.day.start <= day.day.end
    assert [e.infused_ml for e in day.events] == sorted(e.infused_ml for e in day.events)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_replanning_invariants(case: tuple[Plan, PlanRequest, list[InfusionEvent]]) -> None:
    plan, request, events = case
    try:
        day = replan_day(plan, request, LOADED, 1, events)
    except PlanInputError as exc:  # refusals must be the documented ones
        assert any(words in str(exc) for words in (
            "above what this plan allows", "bag was empty", "below 0.1 mL/h",
            "no time has run")), str(exc)
        return
    check(plan, request, day)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_replanning_invariants_long(case: tuple[Plan, PlanRequest, list[InfusionEvent]]) -> None:
    test_replanning_invariants.hypothesis.inner_test(case)  # type: ignore[attr-defined]
