"""Who counts as a new start: a first infusion, a product switch, or a long gap since the last
infusion (site policy). Labels: such a patient starts at the minimum rate."""

from __future__ import annotations

from planner.plan.patient import Patient
from planner.regimen.models import SitePolicies


def new_start_reasons(patient: Patient, site: SitePolicies) -> tuple[str, ...]:
    """Why this patient counts as new, in the nurse's words; empty when they do not."""
    reasons = []
    if patient.first_infusion:
        reasons.append("first infusion / new to immune globulin")
    if patient.product_switch:
        reasons.append("switching from another immune globulin product")
    weeks, limit = patient.weeks_since_last, site.new_start_after_weeks
    if weeks is not None and limit is not None and weeks > limit:
        reasons.append(
            f"{weeks:g} weeks since the last infusion (more than {limit:g}: counts as new, "
            "site policy)"
        )
    return tuple(reasons)
