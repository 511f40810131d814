"""Vitals times, lots, lot-change re-ramp, checklist, reaction plan and the second check."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from helpers import START, clock, codes, pumps

from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import LotEntry
from planner.plan.patient import LotChange, Patient, PlanRequest
from planner.plan.second_check import compare_plans
from planner.regimen.loading import bundled_regimen


def request(weight: float = 70, **kw: object) -> PlanRequest:
    first = bool(kw.pop("first", False))
    return PlanRequest(patient=Patient(weight_kg=weight, first_infusion=first),
                       indication_id=str(kw.pop("ind", "pi")),
                       product_id=str(kw.pop("prod", "privigen")), start=START, **kw)  # type: ignore[arg-type]


def times(plan_day: object) -> list[str]:
    return [f"{v.time:%H:%M}" for v in plan_day.vitals]  # type: ignore[attr-defined]


def test_vitals_at_start_after_start_rate_changes_end_and_after() -> None:
    # Privigen PI 70 kg: steps start 08:00, 08:30, 09:00, 09:30, 10:00; ends 10:26.
    # Site policy: before start, +15 min, each rate change, end, +60 min after end.
    plan = build_plan(request())
    assert times(plan.days[0]) == ["08:00", "08:15", "08:30", "09:00", "09:30", "10:00",
                                   "10:26", "11:26"]


def test_vitals_every_interval_at_the_final_rate_denser_at_first_infusion() -> None:
    # Octagam 10 % ITP 1 g/kg at 70 kg: final rate from 09:30 to 11:09.
    # Standard: every 60 min at the final rate → 10:30; first infusion: every 30 → 10:00,
    # 10:30, 11:00.
    standard = build_plan(request(ind="itp", prod="octagam-10", dose_mg_kg=1000, days=2))
    first = build_plan(request(ind="itp", prod="octagam-10", dose_mg_kg=1000, days=2,
                               first=True))
    assert [t for t in times(standard.days[0]) if "10:00" <= t < "11:09"] == ["10:30"]
    assert [t for t in times(first.days[0]) if "10:00" <= t < "11:09"] == [
        "10:00", "10:30", "11:00"]


def test_lot_change_restarts_the_ramp() -> None:
    # Privigen PI 70 kg (300 mL). New lot at 09:15: 21 mL/h 08:00–08:30 (10.5 mL),
    # 42 mL/h 08:30–09:00 (21), 84 mL/h 09:00–09:15 (21) = 52.5 mL; then from 09:15 the
    # ramp restarts: 21 (10.5), 42 (21), 84 (42), 168 (84) = 210 mL by 11:15; 336 mL/h for
    # 90 mL = 16.1 min → 17 min → 11:32.
    plan = build_plan(request(lot_changes=(LotChange(day=1, at=time(9, 15)),)))
    day = plan.days[0]
    assert pumps(plan) == [21.0, 42.0, 84.0, 21.0, 42.0, 84.0, 168.0, 336.0]
    assert clock(plan)[2:4] == ["09:00-09:15", "09:15-09:45"]
    assert clock(plan)[-1] == "11:15-11:32"
    assert sum(s.volume_ml for s in day.steps) == pytest.approx(300)
    assert [s.number for s in day.steps] == list(range(1, 9))
    assert day.ramp_restart_at == datetime(2026, 12, 1, 9, 15)
    assert codes(plan)["LOT_CHANGE_RESTART"] == "caution"
    assert "rate change to 21.0 mL/h" in next(
        v.reasons for v in day.vitals if f"{v.time:%H:%M}" == "09:15")


def test_lot_change_outside_the_infusion_is_refused() -> None:
    with pytest.raises(PlanInputError) as caught:
        build_plan(request(lot_changes=(LotChange(day=1, at=time(12, 0)),)))
    assert caught.value.field == "lot_changes"


def test_lots_are_kept_and_an_expired_lot_stops() -> None:
    lots = (LotEntry(day=1, grams=20, lot="A123", expiry=date(2027, 5, 1)),
            LotEntry(day=1, grams=10, lot="B9", expiry=date(2026, 11, 30)))
    plan = build_plan(request(lots=lots))
    assert plan.days[0].lots == lots
    assert codes(plan)["LOT_EXPIRED_DAY_1"] == "stop"


def test_lot_of_a_vial_size_the_product_lacks_is_refused() -> None:
    with pytest.raises(PlanInputError, match=r"no 2\.5 g vial"):
        build_plan(request(lots=(LotEntry(day=1, grams=2.5, lot="X"),)))


def test_checklist_and_reaction_plan_come_from_the_regimen_file() -> None:
    regimen = bundled_regimen().regimen
    plan = build_plan(request())
    assert plan.checklist == tuple(i.text for i in regimen.checklist)
    assert any("IgA" in item for item in plan.checklist)
    assert regimen.reaction_plan is not None
    assert plan.reaction_steps == regimen.reaction_plan.steps


def test_second_check_lists_every_difference() -> None:
    first = build_plan(request(70))
    assert compare_plans(first, build_plan(request(70))) == ()
    other = build_plan(request(75))
    fields = {d.field for d in compare_plans(first, other)}
    assert {"weight (kg)", "dosing weight (kg)", "day 1 pump rates (mL/h)"} <= fields
    product = {d.field: d for d in compare_plans(first, build_plan(request(70, prod="gamunex-c")))}
    assert product["product"].first == "privigen" and product["product"].second == "gamunex-c"


def test_im_injection_vitals_before_and_after() -> None:
    plan = build_plan(request(30, ind="measles-pep", prod="gamastan"))
    reasons = [v.reasons[0] for v in plan.days[0].vitals]
    assert reasons == ["before the injection", "60 min after the injection"]
