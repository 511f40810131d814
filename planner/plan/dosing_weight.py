"""Which weight the dose and rates are computed on: the site's dosing-weight policy (adjusted
weight in obesity, the Australian default, above 120 % of IBW, or actual weight always)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.core.quantities import round_half_up
from planner.core.units import CM_PER_INCH
from planner.plan.patient import Patient, Sex
from planner.plan.weight_terms import Missing, WeightRule
from planner.regimen.models import DosingWeightRule, WeightPolicy


class WeightBasis(StrEnum):
    """Why the dosing weight is what it is (the words are in ``weight_text``)."""

    CHILD = "child"
    PREGNANT = "pregnant"
    POLICY_ACTUAL = "policy-actual"  # the site doses on actual weight always
    NO_HEIGHT = "no-height"
    SHORT = "short"  # under the policy's minimum height
    BMI_BELOW = "bmi-below"  # BMI under the policy's obesity threshold
    NO_SEX = "no-sex"  # the ideal body weight needs the sex
    NOT_ABOVE_IBW_PCT = "not-above-ibw-pct"  # not above the policy's % of IBW
    NOT_ABOVE_IDEAL = "not-above-ideal"  # adjusting would raise the weight: never upwards
    ADJUSTED = "adjusted"
    IM = "im"  # IM doses use the actual weight


@dataclass(frozen=True)
class DosingWeight:
    kg: float
    rule: WeightRule
    basis: WeightBasis
    actual_kg: float
    ideal_kg: float | None
    bmi: float | None
    unchecked: Missing | None  # why the adjusted weight could not be checked, if it could not


def round_kg(value: float) -> float:
    """Weights are shown and used to 0.1 kg, so every number on the plan can be recomputed."""
    return round_half_up(value, 1)


def devine_ibw(height_cm: float, sex: Sex, rule: DosingWeightRule) -> float:
    base = rule.ibw_male_kg if sex is Sex.MALE else rule.ibw_female_kg
    inches_over_60 = height_cm / CM_PER_INCH - 60
    return base + rule.ibw_kg_per_inch_over_60 * inches_over_60


def adjustment_applies(rule: DosingWeightRule, actual: float, ideal: float, bmi: float) -> bool:
    """Whether the site's policy adjusts this adult's weight (height ≥ the minimum)."""
    if rule.policy is WeightPolicy.BMI_30_ADULTS:
        return bmi >= rule.obesity_bmi
    if rule.policy is WeightPolicy.AUSTRALIA_2026:
        return True
    if rule.policy is WeightPolicy.IBW_120:
        return actual > ideal * rule.adjust_above_ibw_pct / 100
    return False


def dosing_weight(patient: Patient, rule: DosingWeightRule) -> DosingWeight:
    actual = round_kg(patient.weight_kg)
    height = patient.height_cm
    bmi = None if height is None else round(actual / (height / 100) ** 2, 1)

    def uses_actual(
        basis: WeightBasis, ideal: float | None = None, unchecked: Missing | None = None
    ) -> DosingWeight:
        return DosingWeight(actual, WeightRule.ACTUAL, basis, actual, ideal, bmi, unchecked)

    if patient.is_child:
        return uses_actual(WeightBasis.CHILD)
    if patient.pregnant:
        return uses_actual(WeightBasis.PREGNANT)
    if rule.policy is WeightPolicy.ACTUAL:
        return uses_actual(WeightBasis.POLICY_ACTUAL)
    if height is None:
        return uses_actual(WeightBasis.NO_HEIGHT, unchecked=Missing.HEIGHT)
    assert bmi is not None
    if height < rule.min_height_cm:
        return uses_actual(WeightBasis.SHORT)
    if rule.policy is WeightPolicy.BMI_30_ADULTS and bmi < rule.obesity_bmi:
        return uses_actual(WeightBasis.BMI_BELOW)
    if patient.sex is None:
        return uses_actual(WeightBasis.NO_SEX, unchecked=Missing.SEX)
    ideal = round_kg(devine_ibw(height, patient.sex, rule))
    if not adjustment_applies(rule, actual, ideal, bmi):
        return uses_actual(WeightBasis.NOT_ABOVE_IBW_PCT, ideal)
    adjusted = round_kg(min(actual, ideal + rule.adjustment_factor * (actual - ideal)))
    if adjusted >= actual:
        return uses_actual(WeightBasis.NOT_ABOVE_IDEAL, ideal)
    return DosingWeight(
        adjusted, WeightRule.ADJUSTED, WeightBasis.ADJUSTED, actual, ideal, bmi, None
    )
