"""Who counts as a new start: a first infusion, a product switch, or a long gap since the last
infusion (site policy). Labels: such a patient starts at the minimum rate."""

from __future__ import annotations

from planner.plan.patient import Patient
from planner.plan.warning_terms import NewStartReason
from planner.regimen.models import SitePolicies


def new_start_reasons(patient: Patient, site: SitePolicies) -> tuple[NewStartReason, ...]:
    """Why this patient counts as new (the words are in ``warning_text``); empty when they do
    not."""
    reasons = []
    if patient.first_infusion:
        reasons.append(NewStartReason.FIRST_INFUSION)
    if patient.product_switch:
        reasons.append(NewStartReason.PRODUCT_SWITCH)
    weeks, limit = patient.weeks_since_last, site.new_start_after_weeks
    if weeks is not None and limit is not None and weeks > limit:
        reasons.append(NewStartReason.LONG_GAP)
    return tuple(reasons)
