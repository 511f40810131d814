"""Small builders shared by the engine tests."""

from __future__ import annotations

from datetime import datetime

from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import AgeGroup, Patient, PlanRequest, Sex
from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import RiskFlag

START = datetime(2026, 12, 1, 8, 0)


def plan_for(
    indication: str, product: str, weight: float, *, dose: float | None = None,
    days: int | None = None, height: float | None = None, sex: Sex | None = None,
    child: bool = False, risks: frozenset[RiskFlag] = frozenset(), first: bool = False,
    loaded: LoadedRegimen | None = None,
) -> Plan:
    patient = Patient(
        weight_kg=weight, height_cm=height, sex=sex,
        age_group=AgeGroup.CHILD if child else AgeGroup.ADULT, risks=risks,
        first_infusion=first,
    )
    request = PlanRequest(
        patient=patient, indication_id=indication, product_id=product, dose_mg_kg=dose,
        days=days, start=START,
    )
    return build_plan(request, loaded)


def codes(plan: Plan) -> dict[str, str]:
    return {w.key: w.severity.value for w in plan.warnings}


def pumps(plan: Plan, day: int = 0) -> list[float]:
    return [s.rate_ml_h for s in plan.days[day].steps]


def clock(plan: Plan, day: int = 0) -> list[str]:
    return [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in plan.days[day].steps]
