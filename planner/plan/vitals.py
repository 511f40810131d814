"""When to record vital signs during one bag (site policy), as clock times with reasons."""

from __future__ import annotations

from datetime import datetime, timedelta

from planner.plan.models import RateStep, VitalsCheck
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
        checks = [VitalsCheck(time=start, reasons=("before the injection",))]
        if policy.after_end_min:
            checks.append(VitalsCheck(
                time=start + timedelta(minutes=policy.after_end_min),
                reasons=(f"{policy.after_end_min} min after the injection",),
            ))
        return tuple(checks)

    def add(when: datetime, reason: str) -> None:
        found.setdefault(when, []).append(reason)

    if policy.before_start:
        add(start, "before start")
    after_start = start + timedelta(minutes=timing.after_start_min)
    if after_start < end:
        add(after_start, f"{timing.after_start_min} min after start")
    if policy.at_rate_change:
        for step in steps[1:]:
            add(step.start, f"rate change to {step.rate_ml_h:.1f} mL/h")
    if (steps and len(steps) > 1) or (steps and steps[-1].runs_until_empty):
        final = steps[-1]
        when = final.start + timedelta(minutes=timing.at_max_every_min)
        while when < end:
            add(when, f"every {timing.at_max_every_min} min at {final.rate_ml_h:.1f} mL/h")
            when += timedelta(minutes=timing.at_max_every_min)
    if policy.at_end:
        add(end, "end of infusion")
    if policy.after_end_min:
        add(end + timedelta(minutes=policy.after_end_min), f"{policy.after_end_min} min after end")
    return tuple(
        VitalsCheck(time=when, reasons=tuple(reasons)) for when, reasons in sorted(found.items())
    )
