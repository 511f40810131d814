"""Which weight the dose and rates are computed on (site policy: adjusted weight in obesity)."""

from __future__ import annotations

from dataclasses import dataclass

from planner.plan.patient import Patient, Sex
from planner.regimen.models import DosingWeightRule

CM_PER_INCH = 2.54


@dataclass(frozen=True)
class DosingWeight:
    kg: float
    rule: str  # "actual" or "adjusted"
    explanation: str
    ideal_kg: float | None
    bmi: float | None
    caution: str | None  # why the adjusted weight could not be checked, if it could not


def round_kg(value: float) -> float:
    """Weights are shown and used to 0.1 kg, so every number on the plan can be recomputed."""
    return round(value + 1e-9, 1)


def devine_ibw(height_cm: float, sex: Sex, rule: DosingWeightRule) -> float:
    base = rule.ibw_male_kg if sex is Sex.MALE else rule.ibw_female_kg
    inches_over_60 = height_cm / CM_PER_INCH - 60
    return base + rule.ibw_kg_per_inch_over_60 * inches_over_60


def dosing_weight(patient: Patient, rule: DosingWeightRule) -> DosingWeight:
    actual = round_kg(patient.weight_kg)
    height = patient.height_cm
    bmi = None if height is None else round(actual / (height / 100) ** 2, 1)
    if patient.is_child:
        return DosingWeight(actual, "actual", "child: actual body weight", None, bmi, None)
    if height is None:
        return DosingWeight(
            actual, "actual", "actual body weight (no height given)", None, None,
            "Height not given: actual body weight used. Enter the height so the adjusted "
            f"weight rule (BMI ≥ {rule.obesity_bmi:g}) can be checked.",
        )
    if height < rule.min_height_cm or bmi is None or bmi < rule.obesity_bmi:
        return DosingWeight(
            actual, "actual", f"actual body weight (BMI {bmi:.1f})", None, bmi, None
        )
    if patient.sex is None:
        return DosingWeight(
            actual, "actual", f"actual body weight (BMI {bmi:.1f}, sex not given)", None, bmi,
            f"BMI {bmi:.1f} ≥ {rule.obesity_bmi:g} but sex not given: the ideal body weight "
            "needs it, so actual body weight was used. Enter the sex.",
        )
    ideal = round_kg(devine_ibw(height, patient.sex, rule))
    adjusted = round_kg(min(actual, ideal + rule.adjustment_factor * (actual - ideal)))
    return DosingWeight(
        adjusted, "adjusted",
        f"adjusted body weight: IBW {ideal:.1f} kg + {rule.adjustment_factor:g} × "
        f"({actual:.1f} − {ideal:.1f}) kg (BMI {bmi:.1f} ≥ {rule.obesity_bmi:g}; site policy)",
        ideal, bmi, None,
    )
