"""Re-planning a day from recorded events: hand-computed cases and refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from helpers import START

from planner.bedside.events import (
    EventKind,
    InfusionEvent,
    at_clock,
    event_records,
    events_from_records,
)
from planner.bedside.replan import DayStatus, replan_day
from planner.core.errors import PlanFileError, PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import LoadedRegimen, bundled_regimen

LOADED = bundled_regimen()


def setup(ind: str = "pi", prod: str = "privigen", weight: float = 70,
          days: int | None = None) -> tuple[Plan, PlanRequest, LoadedRegimen]:
    request = PlanRequest(patient=Patient(weight_kg=weight), indication_id=ind,
                          product_id=prod, start=START, days=days)
    return build_plan(request, LOADED), request, LOADED


def at(hh: int, mm: int, day: int = 1) -> datetime:
    return START.replace(hour=hh, minute=mm) + timedelta(days=day - 1)


def ev(kind: str, hh: int, mm: int, day: int = 1, **kw: object) -> InfusionEvent:
    return InfusionEvent(day=day, kind=EventKind(kind), time=at(hh, mm, day), **kw)  # type: ignore[arg-type]


def hhmm(steps: object) -> list[str]:
    return [f"{s.start:%H:%M}-{s.end:%H:%M}@{s.rate_ml_h:g}" for s in steps]  # type: ignore[attr-defined]


# Privigen PI 70 kg, 300 mL: 21 mL/h 08:00-08:30 (10.5 mL), 42 until 09:00 (21), 84 until 09:30
# (42), 168 until 10:00 (84), 336 from 10:00: 142.5 mL in 25.4 min → 10:26.


def test_no_events_is_the_plan() -> None:
    plan, request, loaded = setup()
    day = replan_day(plan, request, loaded, 1, [])
    assert day.status is DayStatus.PLANNED
    assert day.day == plan.days[0]
    assert day.infused_ml == 0 and day.remaining_ml == 300


def test_a_late_start_shifts_every_time_by_the_delay() -> None:
    plan, request, loaded = setup()
    planned = plan.days[0]
    day = replan_day(plan, request, loaded, 1, [ev("started", 8, 20)])
    shift = timedelta(minutes=20)
    assert [s.start for s in day.day.steps] == [s.start + shift for s in planned.steps]
    assert [s.end for s in day.day.steps] == [s.end + shift for s in planned.steps]
    assert [v.time for v in day.day.vitals] == [v.time + shift for v in planned.vitals]
    assert [s.rate_ml_h for s in day.day.steps] == [s.rate_ml_h for s in planned.steps]
    assert day.day.end == at(10, 46) and day.end_shift_min == 20


def test_pause_at_max_rate_resume_previous_by_hand() -> None:
    # At 10:05 the pump has run 5 min at 336 mL/h: 157.5 + 28 = 185.5 mL in, 114.5 left.
    # Resumed 10:25 at 336 mL/h: 114.5 mL take 20.4 → 21 min: ends 10:46.
    plan, request, loaded = setup()
    events = [ev("started", 8, 0), ev("paused", 10, 5, reason="chills"),
              ev("resumed", 10, 25, resume="previous")]
    day = replan_day(plan, request, loaded, 1, events)
    assert day.status is DayStatus.RUNNING
    assert [r.infused_ml for r in day.events] == [0, 185.5, 185.5]
    assert day.infused_ml == 185.5 and day.remaining_ml == 114.5
    assert hhmm(day.remaining_steps) == ["10:25-10:46@336"]
    assert day.day.end == at(10, 46)
    assert day.events[1].reason == "chills" and day.events[1].rate_ml_h is None
    assert day.events[2].rate_ml_h == 336


def test_pause_mid_step_resume_previous_holds_a_full_interval_again() -> None:
    # Paused 09:05 during 84 mL/h (31.5 + 7 = 38.5 mL in). Resumed 09:25 at 84 for a full
    # 30 min (site policy) = 42 → 80.5; 168 for 30 min = 84 → 164.5 at 10:25; 135.5 mL at
    # 336 mL/h = 24.2 → 25 min: ends 10:50.
    plan, request, loaded = setup()
    events = [ev("started", 8, 0), ev("paused", 9, 5), ev("resumed", 9, 25, resume="previous")]
    day = replan_day(plan, request, loaded, 1, events)
    assert day.infused_ml == 38.5
    assert hhmm(day.remaining_steps) == ["09:25-09:55@84", "09:55-10:25@168", "10:25-10:50@336"]
    assert [s.cumulative_ml for s in day.remaining_steps] == [80.5, 164.5, 300]


def test_infused_volume_after_a_pause_counts_only_running_time() -> None:
    # Started 08:10, paused 08:40 (30 min at 21 = 10.5 mL; then the ramp's 42 mL/h from 08:40):
    # pause exactly at the step change → 10.5 mL; rate change 08:50 to 30 mL/h... no: paused.
    plan, request, loaded = setup()
    events = [ev("started", 8, 10), ev("paused", 8, 50, reason="headache")]
    day = replan_day(plan, request, loaded, 1, events)
    # 08:10-08:40 at 21 mL/h = 10.5 mL; 08:40-08:50 at 42 mL/h = 7 mL.
    assert day.infused_ml == 17.5
    assert day.status is DayStatus.PAUSED
    later = replan_day(plan, request, loaded, 1, [*events, ev("resumed", 9, 30, resume="initial")])
    assert later.infused_ml == 17.5  # nothing ran while paused
    assert later.remaining_steps[0].start == at(9, 30) and later.remaining_steps[0].rate_ml_h == 21


def test_typed_rate_above_the_limit_is_refused_naming_the_limit() -> None:
    plan, request, loaded = setup()
    events = [ev("started", 8, 0), ev("paused", 8, 40)]
    with pytest.raises(PlanInputError, match=r"400 mL/h is above what this plan allows, 336 mL/h"):
        replan_day(plan, request, loaded, 1,
                   [*events, ev("resumed", 8, 50, resume="typed", rate_ml_h=400)])
    with pytest.raises(PlanInputError, match="336 mL/h"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0),
                                              ev("rate-change", 8, 10, rate_ml_h=336.1)])


def test_typed_rate_carries_on_up_the_ramp() -> None:
    # Rate changed by hand at 08:10 to 30 mL/h: held 30 min (to 08:40), then 42, 84, ...
    plan, request, loaded = setup()
    day = replan_day(plan, request, loaded, 1, [ev("started", 8, 0),
                                                ev("rate-change", 8, 10, rate_ml_h=30)])
    assert day.infused_ml == 3.5
    assert hhmm(day.remaining_steps)[:3] == ["08:10-08:40@30", "08:40-09:10@42", "09:10-09:40@84"]


def test_event_before_the_previous_one_is_refused() -> None:
    plan, request, loaded = setup()
    with pytest.raises(PlanInputError, match=r"09:00 is before the previous event \(09:10 Paused"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("paused", 9, 10),
                                              ev("resumed", 9, 0, resume="previous")])


def test_event_on_a_day_that_is_over_is_refused() -> None:
    plan, request, loaded = setup()
    done = [ev("started", 8, 0), ev("finished", 10, 30)]
    with pytest.raises(PlanInputError, match=r"day 1 is over \(10:30 Bag finished\)"):
        replan_day(plan, request, loaded, 1, [*done, ev("paused", 10, 40)])
    stopped = [ev("started", 8, 0), ev("stopped", 9, 0, reason="anaphylaxis")]
    with pytest.raises(PlanInputError, match="day 1 is over"):
        replan_day(plan, request, loaded, 1, [*stopped, ev("resumed", 9, 30, resume="previous")])


def test_stopped_day_says_what_was_not_given() -> None:
    plan, request, loaded = setup()
    day = replan_day(plan, request, loaded, 1, [ev("started", 8, 0),
                                                ev("stopped", 9, 0, reason="rigors")])
    assert day.status is DayStatus.STOPPED
    assert day.infused_ml == 31.5 and day.remaining_ml == 268.5
    assert day.remaining_steps == () and day.day.end == at(9, 0)
    assert "268.5 mL not given" in day.events[-1].note


def test_finished_day_has_the_whole_bag_in() -> None:
    plan, request, loaded = setup()
    day = replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("finished", 10, 27)])
    assert day.status is DayStatus.FINISHED
    assert day.infused_ml == 300 and day.remaining_ml == 0
    assert day.events[-1].note == ""
    assert day.day.end == at(10, 27)


def test_an_event_after_the_bag_emptied_asks_for_finished() -> None:
    plan, request, loaded = setup()
    with pytest.raises(PlanInputError, match="bag was empty at 10:26"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("paused", 10, 40)])


def test_events_need_a_start_and_only_one() -> None:
    plan, request, loaded = setup()
    with pytest.raises(PlanInputError, match="not been started"):
        replan_day(plan, request, loaded, 1, [ev("paused", 8, 0)])
    with pytest.raises(PlanInputError, match="already started"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("started", 8, 5)])
    with pytest.raises(PlanInputError, match="not paused"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0),
                                              ev("resumed", 8, 5, resume="previous")])


def test_lot_change_restarts_the_ramp_where_site_policy_says() -> None:
    plan, request, loaded = setup()
    assert loaded.regimen.site_policies.restart_ramp_on_lot_change
    day = replan_day(plan, request, loaded, 1, [ev("started", 8, 0),
                                                ev("lot-change", 9, 10, lot="B77")])
    # 31.5 mL by 09:00 + 10 min at 84 = 14 → 45.5; the ramp restarts at 21 mL/h at 09:10.
    assert day.infused_ml == 45.5
    assert hhmm(day.remaining_steps)[0] == "09:10-09:40@21"
    assert day.day.ramp_restart_at == at(9, 10)


def test_other_days_are_untouched() -> None:
    plan, request, loaded = setup(ind="itp", prod="octagam-10", days=2)
    events = [ev("started", 8, 30)]
    day2 = replan_day(plan, request, loaded, 2, events)
    assert day2.day == plan.days[1] and day2.status is DayStatus.PLANNED


def test_an_injection_has_no_rates_to_record() -> None:
    plan, request, loaded = setup(ind="measles-pep", prod="gamastan", weight=20)
    with pytest.raises(PlanInputError, match="injection"):
        replan_day(plan, request, loaded, 1, [ev("started", 8, 0)])


def test_records_round_trip_and_refuse_newer_or_bad() -> None:
    events = (ev("started", 8, 0), ev("paused", 9, 5, reason="chills"),
              ev("resumed", 9, 25, resume="typed", rate_ml_h=40),
              ev("lot-change", 9, 40, lot="X1"))
    records = event_records(events)
    assert events_from_records(records, "p.ivplan") == events
    newer = [*records[:1], {**records[1], "format": 99}]
    with pytest.raises(PlanFileError, match=r"events\[2\].*newer"):
        events_from_records(newer, "p.ivplan")
    with pytest.raises(PlanFileError, match=r"events\[1\]: kind"):
        events_from_records([{**records[0], "kind": "exploded"}], "p.ivplan")


def test_kind_specific_fields_are_checked() -> None:
    with pytest.raises(ValueError, match="needs rate_ml_h"):
        ev("rate-change", 8, 0)
    with pytest.raises(ValueError, match="lot number"):
        ev("lot-change", 8, 0, lot=" ")
    with pytest.raises(ValueError, match="typed resume"):
        ev("resumed", 8, 0, resume="typed")


def test_clock_times_wrap_past_midnight_only_near_the_previous_event() -> None:
    start = datetime(2026, 12, 1, 20, 0)
    assert at_clock(start, datetime(2026, 12, 1, 23, 30), 0, 10) == datetime(2026, 12, 2, 0, 10)
    assert at_clock(start, datetime(2026, 12, 1, 21, 0), 20, 30) == datetime(2026, 12, 1, 20, 30)
    assert at_clock(start, None, 19, 50) == datetime(2026, 12, 1, 19, 50)


def test_next_actions_say_what_and_when() -> None:
    from planner.bedside.next_action import ActionKind, actions, next_action

    plan, request, loaded = setup()
    fresh = replan_day(plan, request, loaded, 1, [])
    assert next_action(fresh, at(7, 0)) is not None
    assert next_action(fresh, at(7, 0)).describe() == "08:00 start at 21 mL/h"  # type: ignore[union-attr]
    running = replan_day(plan, request, loaded, 1, [ev("started", 8, 20)])
    due = actions(running, at(9, 0))
    assert [a.describe() for a in due[:3]] == ["09:20 set pump to 84 mL/h", "09:20 vitals",
                                               "09:50 set pump to 168 mL/h"]
    assert any(a.kind is ActionKind.END and a.time == at(10, 46) for a in due)
    paused = replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("paused", 9, 5)])
    assert [a.kind for a in actions(paused, at(9, 30))] == [ActionKind.RESUME]
    done = replan_day(plan, request, loaded, 1, [ev("started", 8, 0), ev("finished", 10, 27)])
    assert actions(done, at(9, 0)) == ()


def test_chair_time_is_check_in_checks_infusion_and_observation() -> None:
    from planner.plan.chair import chair_time

    plan, request, loaded = setup()
    site = loaded.regimen.site_policies
    assert site.chair is not None and site.vitals is not None
    chair = chair_time(plan.days[0], site)
    before = site.chair.check_in_min + site.chair.pre_checks_min
    after = site.vitals.after_end_min or 0
    assert chair.check_in == at(8, 0) - timedelta(minutes=before)
    assert chair.leaves == at(10, 26) + timedelta(minutes=after)
    assert chair.total_min == before + 146 + after
    late = replan_day(plan, request, loaded, 1, [ev("started", 8, 20)])
    assert chair_time(late.day, site).leaves == chair.leaves + timedelta(minutes=20)


def test_plan_file_keeps_every_event_in_order(tmp_path: object) -> None:
    from pathlib import Path

    from planner.bedside.course import open_course, save_course
    from planner.plan.plan_file import load_plan_file

    _, request, loaded = setup()
    events = (ev("started", 8, 0), ev("paused", 9, 5, reason="chills"),
              ev("resumed", 9, 25, resume="initial"), ev("rate-change", 9, 40, rate_ml_h=30))
    path = save_course(Path(str(tmp_path)) / "p.ivplan", request, loaded, events)
    assert open_course(path, loaded).events == events
    assert [r["kind"] for r in load_plan_file(path).events] == [e.kind.value for e in events]
    bad = path.read_text().replace('"events": [', '"events": [7, ')
    path.write_text(bad)
    with pytest.raises(PlanFileError, match=r"events\[1\] is not an event record"):
        load_plan_file(path)


def test_chair_time_is_on_the_plan_json_text_and_pdf(pdf_invariant: None) -> None:
    import io

    from pypdf import PdfReader

    from planner.report.pdf.export import render_pdf_bytes
    from planner.report.text_report import format_plan

    plan, request, loaded = setup()
    chair = plan.days[0].chair
    assert chair is not None
    data = plan.model_dump(mode="json")["days"][0]["chair"]
    assert data["check_in"] == f"{chair.check_in:%Y-%m-%dT%H:%M}"
    assert data["leaves"] == f"{chair.leaves:%Y-%m-%dT%H:%M}"
    span = f"{chair.check_in:%H:%M}–{chair.leaves:%H:%M}"
    assert f"chair {span}" in format_plan(plan)
    pdf = render_pdf_bytes(plan, generated_at=START)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"Chair {span}" in text
    late = replan_day(plan, request, loaded, 1, [ev("started", 9, 0)])
    assert late.day.chair is not None
    assert late.day.chair.leaves == chair.leaves + timedelta(hours=1)
