"""An intramuscular dose: the volume from the label's mL/kg (never through grams and an assumed
concentration), the label's maximum volume as a hard limit, and the muscle sites it is
divided between."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.core.quantities import above, at_most, ceil_whole
from planner.core.warning_codes import WarningCode
from planner.plan.dosing_weight import DosingWeight, WeightBasis, round_kg
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused
from planner.plan.patient import Patient
from planner.plan.warning_rules import WarningList
from planner.plan.warning_terms import ChildrenOnlyDose
from planner.plan.weight_terms import WeightRule
from planner.regimen.models import ImDose, Indication, Product, Severity

GUIDANCE_MAX_ML = 15.0
"""ACIP 2013: IGIM 0.5 mL/kg, maximum 15 mL; used where the label gives no maximum."""
GUIDANCE_SOURCE = (
    "ACIP 'Prevention of Measles, Rubella, Congenital Rubella Syndrome, and Mumps, 2013' "
    "(MMWR Recomm Rep 2013;62(RR-04)): IGIM maximum 15 mL"
)



def im_weight(patient: Patient) -> DosingWeight:
    """IM doses use the actual body weight: the adjusted-weight policy is for IVIG."""
    actual = round_kg(patient.weight_kg)
    height = patient.height_cm
    bmi = None if height is None else round(actual / (height / 100) ** 2, 1)
    return DosingWeight(actual, WeightRule.ACTUAL, WeightBasis.IM, actual, None, bmi, None)


@dataclass(frozen=True)
class Injection:
    volume_ml: float  # what the plan gives: never above the label maximum
    wanted_ml: float  # mL/kg × weight before the label maximum
    sites_ml: tuple[float, ...]  # one volume per muscle site, summing to volume_ml


def labeled_im_dose(indication: Indication, dose_mg_kg: float) -> ImDose | None:
    """The label's IM dose the request names; None for a file giving only mL per mg."""
    if not indication.im_doses:
        return None
    found = indication.im_dose_for(dose_mg_kg)
    if found is None:
        raise InputRefused("dose", InputProblem.IM_DOSE_NOT_LABELED, dose=dose_mg_kg,
                           indication=indication.name, labeled=indication.im_doses)
    return found


def child_rule(dose: ImDose | None) -> tuple[ChildrenOnlyDose, ...]:
    """The age rule a children-only dose adds (for the 'age not given' caution)."""
    if dose is None or not dose.children_only:
        return ()
    return (ChildrenOnlyDose(dose.ml_per_kg, dose.label),)


def split_sites(volume_ml: float, max_per_site: float | None) -> tuple[float, ...]:
    """Equal parts of at most ``max_per_site`` mL each; the last part takes the rounding."""
    if max_per_site is None or at_most(volume_ml, max_per_site):
        return (volume_ml,)
    count = ceil_whole(volume_ml / max_per_site)
    part = math.floor(volume_ml / count * 100) / 100
    return (*([part] * (count - 1)), round(volume_ml - part * (count - 1), 2))


def im_injection(
    indication: Indication, product: Product, dose: ImDose | None, dose_mg_kg: float,
    weight_kg: float, patient: Patient, warnings: WarningList,
) -> Injection:
    """The volume to draw and its sites, with every rule that shaped it said aloud."""
    if dose is not None:
        wanted = round(dose.ml_per_kg * weight_kg, 2)
    else:
        assert indication.im_ml_per_mg is not None
        wanted = round(dose_mg_kg * indication.im_ml_per_mg * weight_kg, 2)
    volume = wanted
    if dose is not None and dose.max_ml is not None and above(wanted, dose.max_ml):
        volume = dose.max_ml
        warnings.add(
            WarningCode.IM_VOLUME_CAPPED, Severity.CAUTION, dose.source,
            ml_per_kg=dose.ml_per_kg, weight_kg=weight_kg, wanted_ml=wanted, max_ml=dose.max_ml,
        )
    elif above(volume, GUIDANCE_MAX_ML):
        warnings.add(
            WarningCode.IM_VOLUME_OVER_15_ML, Severity.CAUTION, GUIDANCE_SOURCE,
            volume_ml=volume, max_ml=GUIDANCE_MAX_ML,
        )
    if dose is not None and dose.children_only and not patient.is_child:
        warnings.add(
            WarningCode.IM_DOSE_FOR_CHILDREN, Severity.CAUTION, dose.source,
            ml_per_kg=dose.ml_per_kg, age_years=patient.age_years,
        )
    sites = split_sites(volume, product.im_max_ml_per_site)
    if len(sites) > 1:
        warnings.add(
            WarningCode.IM_INJECTION_SITES, Severity.INFO,
            product.im_site_source or "product label",
            volume_ml=volume, max_per_site_ml=product.im_max_ml_per_site,
            sites_ml=sites,
        )
    return Injection(volume, wanted, sites)
