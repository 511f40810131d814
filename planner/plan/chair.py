"""Chair time: how long a day occupies a chair, so a unit can book chairs.

Check-in and pre-infusion checks before the pump starts (site policy), the infusion itself
(planned or re-planned), and the observation after the end that the vitals policy asks for.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from planner.plan.models import ChairTime, DayPlan
from planner.regimen.models import SitePolicies


def chair_time(day: DayPlan, site: SitePolicies) -> ChairTime:
    """The chair booking for ``day``; without a chair policy, the infusion and observation only."""
    check_in = site.chair.check_in_min if site.chair else 0
    checks = site.chair.pre_checks_min if site.chair else 0
    observe = site.vitals.after_end_min or 0 if site.vitals else 0
    checks_start = day.start - timedelta(minutes=checks)
    arrive = checks_start - timedelta(minutes=check_in)
    leaves: datetime = day.end + timedelta(minutes=observe)
    sources = [site.chair.source] if site.chair else ["no chair policy in the regimen file"]
    return ChairTime(
        check_in=arrive, checks_start=checks_start, infusion_start=day.start,
        infusion_end=day.end, leaves=leaves, check_in_min=check_in, pre_checks_min=checks,
        observation_min=observe, total_min=int((leaves - arrive).total_seconds() // 60),
        source="; ".join(sources),
    )
