"""A fixed-duration regimen (Kawasaki: 2 g/kg over 10–12 h): the protocol's start, then the
constant rate that finishes the bag inside the window.

The label's starting rate and hold still apply (Kawasaki patients are always new to IG): the
day runs the protocol's first rate for its hold, and each further step while that step is
still slower than the constant rate the rest of the bag needs to finish at the planned time;
then that constant rate, never above the ceiling (label maximum, risk or pump caps, the pump's
deliverable maximum). Where even the ceiling cannot finish inside the window, a caution says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from planner.core.quantities import above, at_least, ceil_count
from planner.core.units import RateUnit, from_mg_kg_min, round_down, to_mg_kg_min
from planner.core.warning_codes import WarningCode
from planner.plan.models import RateStep
from planner.plan.protocol_choice import TitrationChoice
from planner.plan.titration import pump_rate
from planner.plan.warning_rules import WarningList
from planner.regimen.models import Basis, FixedDuration, Severity


@dataclass(frozen=True)
class Window:
    """The fixed duration of one day's bag: planned end and the latest allowed end."""

    fixed: FixedDuration
    start: datetime  # the day's start (a lot change keeps the day's window)

    @property
    def planned_end(self) -> datetime:
        return self.start + timedelta(minutes=self.fixed.planned_h * 60)

    @property
    def latest_end(self) -> datetime:
        return self.start + timedelta(minutes=self.fixed.max_h * 60)


def fixed_duration_steps(
    window: Window, name: str, titration: TitrationChoice, volume_ml: float, begin: datetime,
    weight_kg: float, conc: float, pump_step: float, warnings: WarningList,
) -> tuple[RateStep, ...]:
    """Steps for ``volume_ml`` from ``begin``, finishing by ``window.planned_end`` where the
    ceiling allows; a caution where it does not, or where the window cannot be kept."""
    ladder = titration.ladder
    ceiling = titration.ceiling_mg_kg_min(conc, weight_kg)
    ceiling_pump = pump_rate(ceiling, weight_kg, conc, pump_step)
    steps: list[RateStep] = []
    clock, delivered = begin, 0.0

    def needed() -> float:
        left = (window.planned_end - clock).total_seconds() / 60
        return math.inf if left <= 0 else (volume_ml - delivered) / left * 60

    for rung in ladder.rungs:
        if rung.hold_min is None:
            break
        pump = pump_rate(to_mg_kg_min(rung.rate, ladder.unit, conc, weight_kg), weight_kg,
                         conc, pump_step)
        if pump <= 0 or pump >= needed() or pump >= ceiling_pump:
            break
        volume = round(pump * rung.hold_min / 60, 2)
        if at_least(delivered + volume, volume_ml):
            break
        steps.append(_step(len(steps) + 1, clock, rung.hold_min, pump, volume, delivered,
                           False, rung.rate, ladder.unit, weight_kg, conc, rung.basis))
        clock += timedelta(minutes=rung.hold_min)
        delivered += volume

    while True:
        want = needed()
        capped = above(want, ceiling_pump)
        pump = ceiling_pump if capped else max(pump_step, round_down(want, pump_step))
        if not steps or pump > steps[-1].rate_ml_h:
            break
        last = steps.pop()  # the constant rate is no faster: it runs from that step's start
        clock, delivered = last.start, delivered - last.volume_ml
    remaining = volume_ml - delivered
    minutes = max(1, ceil_count(remaining / pump * 60))
    mg_kg_min = pump * conc / (weight_kg * 60)
    unit = ladder.unit
    rate = from_mg_kg_min(mg_kg_min, unit, conc, weight_kg)
    steps.append(_step(len(steps) + 1, clock, minutes, pump, remaining, delivered, True, rate,
                       unit, weight_kg, conc, window.fixed.planned_basis))
    _say(window, name, steps, want, ceiling_pump, capped, warnings)
    return tuple(steps)


def _step(
    number: int, start: datetime, minutes: int, pump: float, volume: float, before: float,
    until_empty: bool, rate: float, unit: RateUnit, weight_kg: float, conc: float,
    basis: Basis,
) -> RateStep:
    return RateStep(
        number=number, start=start, end=start + timedelta(minutes=minutes),
        duration_min=minutes, rate=round(rate, 4), rate_unit=unit,
        rate_mg_kg_min=round(to_mg_kg_min(rate, unit, conc, weight_kg), 4), rate_ml_h=pump,
        volume_ml=volume, cumulative_ml=before + volume, runs_until_empty=until_empty,
        basis=basis,
    )


def _say(
    window: Window, name: str, steps: list[RateStep], want: float, ceiling_pump: float,
    capped: bool, warnings: WarningList,
) -> None:
    fixed = window.fixed
    end = steps[-1].end
    total = int((end - window.start).total_seconds() // 60)
    late = end > window.latest_end
    if capped:
        warnings.add(
            WarningCode.FIXED_DURATION_CAPPED, Severity.CAUTION, fixed.source,
            indication=name, planned_h=fixed.planned_h, needs_ml_h=want,
            ceiling_ml_h=ceiling_pump, minutes=total, late=late, min_h=fixed.min_h,
            max_h=fixed.max_h,
        )
    elif late:
        warnings.add(
            WarningCode.FIXED_DURATION_LONG, Severity.CAUTION, fixed.source,
            indication=name, minutes=total, max_h=fixed.max_h,
        )
