"""Engine invariants over random valid inputs (hypothesis)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.units import to_mg_kg_min
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import AgeGroup, Patient, PlanRequest, Sex
from planner.plan.protocol_choice import protocol_ids
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag, Route

REGIMEN = bundled_regimen().regimen
SAFE_RISKS = [RiskFlag.RENAL, RiskFlag.THROMBOSIS, RiskFlag.AB_BLOOD_GROUP,
              RiskFlag.IGA_ANTIBODIES, RiskFlag.FRUCTOSE_INTOLERANCE, RiskFlag.HYPERPROLINAEMIA]


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    indication = draw(st.sampled_from(REGIMEN.indications))
    products = [p for p in REGIMEN.products if p.route is indication.route]
    product = draw(st.sampled_from(products))
    limits = indication.dose_mg_kg
    doses = (
        st.sampled_from([d.dose_mg_kg for d in indication.im_doses]) if indication.im_doses
        else st.floats(limits.min, limits.max)
    )  # an IM dose is one of the label's mL/kg doses
    dose = draw(st.one_of(st.none(), doses))
    days = draw(st.one_of(st.none(), st.integers(indication.days.min, indication.days.max)))
    patient = Patient(
        weight_kg=draw(st.floats(0.5, 350)),
        height_cm=draw(st.one_of(st.none(), st.floats(30, 250))),
        sex=draw(st.one_of(st.none(), st.sampled_from(list(Sex)))),
        age_group=draw(st.sampled_from(list(AgeGroup))),
        age_years=draw(st.one_of(st.none(), st.floats(0, 120))),
        first_infusion=draw(st.booleans()),
        risks=frozenset(draw(st.lists(st.sampled_from(SAFE_RISKS), max_size=3))),
    )
    start = draw(st.datetimes(datetime(2026, 1, 1), datetime(2030, 12, 31)))
    protocol = draw(st.sampled_from([None, *protocol_ids(REGIMEN)]))
    return PlanRequest(patient=patient, indication_id=indication.id, product_id=product.id,
                       dose_mg_kg=dose, days=days, start=start, protocol_id=protocol)


def check_invariants(plan: Plan) -> None:
    product = REGIMEN.product(plan.product_id)
    assert product is not None
    conc = product.concentration_mg_ml
    # doses add up
    assert sum(d.prescribed_g for d in plan.days) == pytest.approx(plan.prescribed_total_g)
    assert sum(d.dose_g for d in plan.days) == pytest.approx(plan.total_g)
    for day in plan.days:
        vial_total = sum(v.grams * v.count for v in day.vials)
        if day.vials_cover_exactly:
            assert vial_total == pytest.approx(day.dose_g)  # vials match the day dose
            if plan.route is Route.IV:
                assert abs(day.dose_g - day.prescribed_g) <= day.prescribed_g * 0.1 + 1e-6
        else:
            assert vial_total >= day.dose_g - 1e-6  # opened vials cover the partial dose
        if plan.route is Route.IM:
            indication = REGIMEN.indication(plan.indication_id)
            assert indication is not None
            im = indication.im_dose_for(plan.dose_mg_kg)
            if im is not None and im.max_ml is not None:
                assert day.volume_ml <= im.max_ml + 1e-9  # never above the label maximum
            assert sum(day.injections_ml) == pytest.approx(day.volume_ml)
            continue
        # volume = grams ÷ concentration
        assert day.volume_ml == pytest.approx(day.dose_g * 1000 / conc)
        # step volumes add up to the bag
        assert sum(s.volume_ml for s in day.steps) == pytest.approx(day.volume_ml)
        assert day.steps[-1].cumulative_ml == pytest.approx(day.volume_ml)
        # times strictly increase and the steps join up
        assert day.steps[0].start == day.start and day.steps[-1].end == day.end
        for step in day.steps:
            assert step.start < step.end and step.rate_ml_h > 0 and step.volume_ml > 0
        for a, b in zip(day.steps, day.steps[1:], strict=False):
            assert a.end == b.start and a.rate_ml_h < b.rate_ml_h
        # no rate above the product (or risk-capped) maximum
        protocol = plan.protocol
        assert protocol is not None
        ceiling = min(protocol.max_rate_mg_kg_min, protocol.label_max_rate_mg_kg_min)
        if protocol.cap_mg_kg_min is not None:
            ceiling = min(ceiling, protocol.cap_mg_kg_min)
        assert protocol.ceiling_mg_kg_min <= ceiling + 1e-9
        if protocol.pump_cap_ml_h is not None:
            assert max(s.rate_ml_h for s in day.steps) <= protocol.pump_cap_ml_h
        ceiling_ml_h = ceiling * plan.dosing_weight_kg * 60 / conc
        for step in day.steps:
            assert step.rate_mg_kg_min <= ceiling + 1e-4  # shown to 4 decimals
            assert step.rate_ml_h <= ceiling_ml_h + 1e-9  # the pump: exact
            in_mg = to_mg_kg_min(step.rate, step.rate_unit, conc, plan.dosing_weight_kg)
            assert in_mg == pytest.approx(step.rate_mg_kg_min, abs=1e-3)
    for earlier, later in zip(plan.days, plan.days[1:], strict=False):
        assert earlier.start < later.start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_engine_invariants(request: PlanRequest) -> None:
    plan = build_plan(request)
    check_invariants(plan)
    assert build_plan(request) == plan  # identical when computed twice


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_engine_invariants_at_scale(request: PlanRequest) -> None:
    plan = build_plan(request)
    check_invariants(plan)
    assert build_plan(request) == plan
