"""The pump-rate ramp a day follows, in mL/h, as the re-planning needs it.

The same ladder the planner used (label or site protocol, every cap applied), rounded to the
pump step; a fixed-duration regimen's ramp is its one planned rate. The highest rate here is
the most any recorded or typed rate may be: what the plan allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.bedside.event_terms import EventProblem
from planner.bedside.event_text import EventRefused
from planner.core.quantities import at_most
from planner.core.units import RateUnit, to_mg_kg_min
from planner.plan.dosing_weight import dosing_weight
from planner.plan.limited_by import LimitedBy
from planner.plan.models import DayPlan, Plan
from planner.plan.patient import PlanRequest
from planner.plan.protocol_choice import choose_titration
from planner.plan.titration import pump_rate
from planner.plan.validation import validate_request
from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import Basis


@dataclass(frozen=True)
class RampRung:
    ml_h: float
    hold_min: int | None  # None: runs until the bag is empty
    rate: float  # in the protocol's unit
    unit: RateUnit
    mg_kg_min: float
    basis: Basis


@dataclass(frozen=True)
class Ramp:
    rungs: tuple[RampRung, ...]
    concentration_mg_ml: float
    dosing_weight_kg: float
    restart_on_lot_change: bool
    resume_restarts_hold: bool  # after a pause the resumed rate holds a full interval again
    limited_by: LimitedBy  # what sets the highest rate (the plan's ramp)
    fixed_rate: bool  # a fixed-duration day: its one planned rate is the highest

    @property
    def ceiling_ml_h(self) -> float:
        return max(r.ml_h for r in self.rungs)

    def rung_for(self, ml_h: float) -> int:
        """The highest rung at or below ``ml_h`` (0 below the first): the ramp goes on from it."""
        index = 0
        for i, rung in enumerate(self.rungs):
            if at_most(rung.ml_h, ml_h):
                index = i
        return index

    def mg_kg_min(self, ml_h: float) -> float:
        return round(ml_h * self.concentration_mg_ml / (60 * self.dosing_weight_kg), 4)


def ramp_for(plan: Plan, request: PlanRequest, loaded: LoadedRegimen, day: DayPlan) -> Ramp:
    """The ramp ``day`` of ``plan`` follows; refuses a day with no infusion (IM injection)."""
    protocol = plan.protocol
    if protocol is None or not day.steps:
        raise EventRefused("day", EventProblem.INJECTION_DAY, day=day.day)
    regimen = loaded.regimen
    site = regimen.site_policies
    conc = plan.concentration_mg_ml
    weight = plan.dosing_weight_kg
    limit = protocol.limited_by
    if protocol.fixed_duration_h is not None:
        first = day.steps[0]
        rung = RampRung(first.rate_ml_h, None, first.rate, first.rate_unit, first.rate_mg_kg_min,
                        first.basis)
        return Ramp((rung,), conc, weight, site.restart_ramp_on_lot_change,
                    site.resume_restarts_hold, limit, fixed_rate=True)
    checked = validate_request(request, regimen)
    kg = dosing_weight(request.patient, site.dosing_weight).kg
    ladder = choose_titration(request, regimen, checked.product, checked.indication, kg).ladder
    rungs: list[RampRung] = []
    for i, step in enumerate(ladder.rungs):
        mg = to_mg_kg_min(step.rate, ladder.unit, conc, kg)
        pump = pump_rate(mg, kg, conc, site.pump_rate_step_ml_h)
        hold = None if (step.hold_min is None or i == len(ladder.rungs) - 1) else step.hold_min
        if rungs and rungs[-1].ml_h == pump:  # equal pump rates run as one step
            prev = rungs.pop()
            hold = None if (hold is None or prev.hold_min is None) else prev.hold_min + hold
            rungs.append(RampRung(pump, hold, prev.rate, prev.unit, prev.mg_kg_min, prev.basis))
            continue
        rungs.append(RampRung(pump, hold, step.rate, ladder.unit, round(mg, 4), step.basis))
    return Ramp(tuple(rungs), conc, weight, site.restart_ramp_on_lot_change,
                site.resume_restarts_hold, limit, fixed_rate=False)
