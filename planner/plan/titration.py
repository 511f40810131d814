"""Rate titration: the ladder of rates a protocol prescribes, and the steps of one bag.

The ladder is in the protocol's unit; the steps are clock-timed pump rates in mL/h.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from planner.core.quantities import at_least, at_most, below, ceil_count, round_half_up
from planner.core.units import RateUnit, from_mg_kg_min, round_down, to_mg_kg_min
from planner.plan.limited_by import LimitedBy
from planner.plan.models import RateStep
from planner.regimen.models import Basis, SitePolicies, SiteProtocol, TitrationSpec
from planner.regimen.step_words import describe_step_rule

_MAX_RUNGS = 50  # a ladder longer than this means a broken step rule, not a real protocol


@dataclass(frozen=True)
class Rung:
    rate: float  # in the protocol's unit
    hold_min: int | None  # None: runs until the bag is empty
    basis: Basis


@dataclass(frozen=True)
class Limit:
    """A ceiling on the ramp besides the protocol's own maximum, in mg/kg/min."""

    mg_kg_min: float
    reason: LimitedBy  # what this ceiling is (label max over a site protocol, risk cap, pump…)


@dataclass(frozen=True)
class Ladder:
    unit: RateUnit
    rungs: tuple[Rung, ...]
    first_hold_basis: Basis
    interval_min: int
    interval_basis: Basis
    step_basis: Basis
    step_rule: str
    ceiling: float  # in ``unit``
    limited_by: LimitedBy  # PROTOCOL or the reason of the Limit that ended the ramp
    would_reach: float  # the highest rate the ramp would reach without the limits

    @property
    def capped(self) -> bool:
        return self.limited_by is LimitedBy.RISK

    @property
    def uses_site_policy(self) -> bool:
        return Basis.SITE_POLICY in (self.first_hold_basis, self.interval_basis, self.step_basis)


def build_ladder(
    spec: TitrationSpec, site: SitePolicies, concentration_mg_ml: float, weight_kg: float,
    limits: Sequence[Limit] = (),
) -> Ladder:
    """The ramp's rates from initial to maximum, each with its hold time.

    Following the site policy, the step that would pass the maximum (or a cap) is set to it
    and the ramp ends there; the last rate runs until the bag is empty. A site protocol's
    every part is site policy; a label protocol's parts are label unless the label is silent.
    """
    is_site = isinstance(spec, SiteProtocol)
    defaults = site.default_steps
    first_hold = spec.first_hold_min or defaults.hold_min
    interval = spec.interval_min or defaults.interval_min
    if is_site:
        first_hold_basis = interval_basis = step_basis = Basis.SITE_POLICY
    else:
        first_hold_basis = Basis.LABEL if spec.first_hold_min else Basis.SITE_POLICY
        interval_basis = spec.interval_basis if spec.interval_min else Basis.SITE_POLICY
        step_basis = spec.steps.basis if spec.steps.kind != "site-default" else Basis.SITE_POLICY

    ceiling, limited_by = spec.max_rate, LimitedBy.PROTOCOL
    for limit in limits:
        value = from_mg_kg_min(limit.mg_kg_min, spec.unit, concentration_mg_ml, weight_kg)
        if below(value, ceiling):
            ceiling, limited_by = value, limit.reason

    rates = _raw_rates(spec, defaults.factor)
    would_reach = min(rates[-1], spec.max_rate)
    kept: list[float] = []
    for rate in rates:
        if at_least(rate, ceiling):
            kept.append(ceiling)
            break
        kept.append(rate)
    if limited_by is not LimitedBy.PROTOCOL and below(kept[-1], ceiling):
        limited_by = LimitedBy.PROTOCOL  # the ramp ends below the cap: the cap never bit
    first_basis = Basis.SITE_POLICY if is_site else Basis.LABEL
    rungs = tuple(
        Rung(
            rate=rate,
            hold_min=None if i == len(kept) - 1 else (first_hold if i == 0 else interval),
            basis=first_basis if i == 0 else step_basis,
        )
        for i, rate in enumerate(kept)
    )
    return Ladder(
        unit=spec.unit, rungs=rungs, first_hold_basis=first_hold_basis,
        interval_min=interval, interval_basis=interval_basis, step_basis=step_basis,
        step_rule=describe_step_rule(spec, defaults.factor), ceiling=ceiling,
        limited_by=limited_by, would_reach=would_reach,
    )


def _raw_rates(protocol: TitrationSpec, site_factor: float) -> list[float]:
    rule = protocol.steps
    start = protocol.initial_rate
    if rule.kind == "table" and rule.values:
        return list(rule.values)
    if rule.kind == "multiples" and rule.values:
        return [start * m for m in rule.values]
    rates = [start]
    while rates[-1] < protocol.max_rate and len(rates) < _MAX_RUNGS:
        if rule.kind == "add" and rule.increment is not None:
            rates.append(round(rates[-1] + rule.increment, 6))
        else:
            factor = rule.factor if rule.kind == "multiply" and rule.factor else site_factor
            rates.append(round(rates[-1] * factor, 6))
    return rates


def steps_for_bag(
    ladder: Ladder, volume_ml: float, start: datetime, dosing_weight_kg: float,
    concentration_mg_ml: float, pump_step_ml_h: float,
) -> tuple[RateStep, ...]:
    """Clock-timed pump steps for one bag: each rung holds its time unless the bag empties.

    Pump rates are rounded down to ``pump_step_ml_h``; consecutive rungs that round to the
    same pump rate are merged. A step in which the bag empties ends early, rounded up to the
    whole minute (the pump's volume limit stops it).
    """
    steps: list[RateStep] = []
    remaining = volume_ml
    clock = start
    cumulative = 0.0
    for i, rung in enumerate(ladder.rungs):
        if at_most(remaining, 0):
            break
        mg_kg_min = to_mg_kg_min(rung.rate, ladder.unit, concentration_mg_ml, dosing_weight_kg)
        pump = pump_rate(mg_kg_min, dosing_weight_kg, concentration_mg_ml, pump_step_ml_h)
        last = rung.hold_min is None or i == len(ladder.rungs) - 1
        full_volume = math.inf if last else pump * (rung.hold_min or 0) / 60
        if at_least(full_volume, remaining):
            volume = remaining
            minutes = max(1, ceil_count(volume / pump * 60))
            until_empty = True
        else:
            volume = round_half_up(full_volume, 2)
            minutes = rung.hold_min or 0
            until_empty = False
        if steps and steps[-1].rate_ml_h == pump:
            prev = steps.pop()
            volume += prev.volume_ml
            minutes += prev.duration_min
            clock = prev.start
            cumulative -= prev.volume_ml
            number = prev.number
        else:
            number = len(steps) + 1
        end = clock + timedelta(minutes=minutes)
        cumulative += volume
        remaining = volume_ml - cumulative
        steps.append(
            RateStep(
                number=number, start=clock, end=end, duration_min=minutes, rate=rung.rate,
                rate_unit=ladder.unit, rate_mg_kg_min=round(mg_kg_min, 4), rate_ml_h=pump,
                volume_ml=volume, cumulative_ml=cumulative, runs_until_empty=until_empty,
                basis=rung.basis,
            )
        )
        clock = end
        if until_empty:
            break
    return tuple(steps)


def pump_rate(
    mg_kg_min: float, dosing_weight_kg: float, concentration_mg_ml: float, step_ml_h: float
) -> float:
    """mL/h = mg/kg/min × kg × 60 ÷ mg/mL, rounded down (never above the prescribed rate)."""
    return round_down(mg_kg_min * dosing_weight_kg * 60 / concentration_mg_ml, step_ml_h)


def restart_ramp(
    ladder: Ladder, planned: tuple[RateStep, ...], restart_at: datetime, volume_ml: float,
    dosing_weight_kg: float, concentration_mg_ml: float, pump_step_ml_h: float,
    rest: Callable[[float, datetime], tuple[RateStep, ...]] | None = None,
) -> tuple[RateStep, ...]:
    """The bag's steps when a new lot restarts the ramp from the initial rate at ``restart_at``.

    Steps before ``restart_at`` stay; the one running then ends there; the rest of the bag
    follows the ladder again from its first rung, or ``rest(volume, start)`` where given (a
    fixed-duration day keeps its window). ``restart_at`` must lie inside the bag.
    """
    kept: list[RateStep] = []
    for step in planned:
        if step.end <= restart_at:
            kept.append(step)
            continue
        if step.start < restart_at:
            minutes = int((restart_at - step.start).total_seconds() // 60)
            volume = round(step.rate_ml_h * minutes / 60, 2)
            before = kept[-1].cumulative_ml if kept else 0.0
            kept.append(step.model_copy(update={
                "end": restart_at, "duration_min": minutes, "volume_ml": volume,
                "cumulative_ml": before + volume, "runs_until_empty": False,
            }))
        break
    delivered = kept[-1].cumulative_ml if kept else 0.0
    again = rest(volume_ml - delivered, restart_at) if rest is not None else steps_for_bag(
        ladder, volume_ml - delivered, restart_at, dosing_weight_kg, concentration_mg_ml,
        pump_step_ml_h,
    )
    shifted = tuple(
        step.model_copy(update={
            "number": len(kept) + step.number, "cumulative_ml": delivered + step.cumulative_ml,
        })
        for step in again
    )
    return (*kept, *shifted)
