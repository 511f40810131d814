"""Which weight the dose and rates are computed on: the site's dosing-weight policy (adjusted
weight in obesity, the Australian default, above 120 % of IBW, or actual weight always)."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.quantities import round_half_up
from planner.core.units import CM_PER_INCH
from planner.plan.patient import Patient, Sex
from planner.plan.weight_terms import Missing
from planner.regimen.models import DosingWeightRule, WeightPolicy


@dataclass(frozen=True)
class DosingWeight:
    kg: float
    rule: str  # "actual" or "adjusted"
    explanation: str
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


def policy_words(rule: DosingWeightRule) -> str:
    """The selected policy in a few words, for explanations and cautions."""
    return {
        WeightPolicy.BMI_30_ADULTS: f"adjusted weight for adults with BMI ≥ {rule.obesity_bmi:g}",
        WeightPolicy.AUSTRALIA_2026: "adjusted weight by default for adults (Australian rule)",
        WeightPolicy.IBW_120: f"adjusted weight above {rule.adjust_above_ibw_pct:g} % of IBW",
        WeightPolicy.ACTUAL: "actual body weight always",
    }[rule.policy]


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
    if patient.is_child:
        return DosingWeight(actual, "actual", "child: actual body weight", None, bmi, None)
    if patient.pregnant:
        return DosingWeight(
            actual, "actual", "actual body weight (pregnant: no adjustment)", None, bmi, None
        )
    if rule.policy is WeightPolicy.ACTUAL:
        return DosingWeight(
            actual, "actual", "actual body weight (site policy: actual weight always)", None,
            bmi, None,
        )
    if height is None:
        return DosingWeight(
            actual, "actual", "actual body weight (no height given)", None, None, Missing.HEIGHT
        )
    assert bmi is not None
    if height < rule.min_height_cm:
        return DosingWeight(
            actual, "actual",
            f"actual body weight (under {rule.min_height_cm:g} cm; BMI {bmi:.1f})", None, bmi,
            None,
        )
    if rule.policy is WeightPolicy.BMI_30_ADULTS and bmi < rule.obesity_bmi:
        return DosingWeight(
            actual, "actual", f"actual body weight (BMI {bmi:.1f})", None, bmi, None
        )
    if patient.sex is None:
        return DosingWeight(
            actual, "actual", f"actual body weight (BMI {bmi:.1f}, sex not given)", None, bmi,
            Missing.SEX,
        )
    ideal = round_kg(devine_ibw(height, patient.sex, rule))
    if not adjustment_applies(rule, actual, ideal, bmi):
        return DosingWeight(
            actual, "actual",
            f"actual body weight ({actual:.1f} kg is not above {rule.adjust_above_ibw_pct:g} % "
            f"of IBW {ideal:.1f} kg; site policy)", ideal, bmi, None,
        )
    adjusted = round_kg(min(actual, ideal + rule.adjustment_factor * (actual - ideal)))
    if adjusted >= actual:
        return DosingWeight(
            actual, "actual",
            f"actual body weight (not above the ideal {ideal:.1f} kg, so never adjusted "
            "upwards; site policy)", ideal, bmi, None,
        )
    why = (
        f"BMI {bmi:.1f} ≥ {rule.obesity_bmi:g}" if rule.policy is WeightPolicy.BMI_30_ADULTS
        else f"BMI {bmi:.1f}; {policy_words(rule)}"
    )
    return DosingWeight(
        adjusted, "adjusted",
        f"adjusted body weight: IBW {ideal:.1f} kg + {rule.adjustment_factor:g} × "
        f"({actual:.1f} − {ideal:.1f}) kg ({why}; site policy)",
        ideal, bmi, None,
    )
