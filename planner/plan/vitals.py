"""When to record vital signs during one bag (site policy), as clock times with reasons."""

from __future__ import annotations

from datetime import datetime, timedelta

from planner.plan.models import RateStep, VitalsCheck
from planner.plan.vitals_text import VitalsWhen, vitals_reason
from planner.regimen.models import VitalsPolicy


def vitals_schedule(
    policy: VitalsPolicy, start: datetime, end: datetime, steps: tuple[RateStep, ...],
    first_infusion: bool,
) -> tuple[VitalsCheck, ...]:
    """Before start, N min after start, at every rate change, every M min at the final rate,
    at the end and after the end; a first infusion uses the denser timing."""
    timing = policy.first_infusion if first_infusion else policy.standard
    found: dict[datetime, list[str]] = {}
    if not steps:  # an IM injection: before it and, where the site says, after it
        checks = [VitalsCheck(time=start, reasons=(vitals_reason(VitalsWhen.BEFORE_INJECTION),))]
        if policy.after_end_min:
            checks.append(VitalsCheck(
                time=start + timedelta(minutes=policy.after_end_min),
                reasons=(vitals_reason(VitalsWhen.AFTER_INJECTION, policy.after_end_min),),
            ))
        return tuple(checks)

    def add(when: datetime, reason: str) -> None:
        found.setdefault(when, []).append(reason)

    if policy.before_start:
        add(start, vitals_reason(VitalsWhen.BEFORE_START))
    after_start = start + timedelta(minutes=timing.after_start_min)
    if after_start < end:
        add(after_start, vitals_reason(VitalsWhen.AFTER_START, timing.after_start_min))
    if policy.at_rate_change:
        for step in steps[1:]:
            add(step.start, vitals_reason(VitalsWhen.RATE_CHANGE, ml_h=step.rate_ml_h))
    if (steps and len(steps) > 1) or (steps and steps[-1].runs_until_empty):
        final = steps[-1]
        when = final.start + timedelta(minutes=timing.at_max_every_min)
        while when < end:
            add(when, vitals_reason(
                VitalsWhen.AT_FINAL_RATE, timing.at_max_every_min, final.rate_ml_h
            ))
            when += timedelta(minutes=timing.at_max_every_min)
    if policy.at_end:
        add(end, vitals_reason(VitalsWhen.END))
    if policy.after_end_min:
        add(end + timedelta(minutes=policy.after_end_min),
            vitals_reason(VitalsWhen.AFTER_END, policy.after_end_min))
    return tuple(
        VitalsCheck(time=when, reasons=tuple(reasons)) for when, reasons in sorted(found.items())
    )
