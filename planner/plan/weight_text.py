"""The dosing weight in words: the site's policy in a few words, and why the plan's dosing
weight is what it is (shown on the plan, the text report and the PDF)."""

from __future__ import annotations

from planner.plan.dosing_weight import DosingWeight, WeightBasis
from planner.regimen.models import DosingWeightRule, WeightPolicy


def policy_words(rule: DosingWeightRule) -> str:
    """The selected policy in a few words, for explanations and cautions."""
    return {
        WeightPolicy.BMI_30_ADULTS: f"adjusted weight for adults with BMI ≥ {rule.obesity_bmi:g}",
        WeightPolicy.AUSTRALIA_2026: "adjusted weight by default for adults (Australian rule)",
        WeightPolicy.IBW_120: f"adjusted weight above {rule.adjust_above_ibw_pct:g} % of IBW",
        WeightPolicy.ACTUAL: "actual body weight always",
    }[rule.policy]


def weight_explanation(weight: DosingWeight, rule: DosingWeightRule) -> str:
    """Which weight the dose uses and why, e.g. 'actual body weight (BMI 24.2)'."""
    basis, actual, ideal, bmi = weight.basis, weight.actual_kg, weight.ideal_kg, weight.bmi
    fixed = _FIXED.get(basis)
    if fixed is not None:
        return fixed
    if basis is WeightBasis.SHORT:
        return f"actual body weight (under {rule.min_height_cm:g} cm; BMI {bmi:.1f})"
    if basis is WeightBasis.BMI_BELOW:
        return f"actual body weight (BMI {bmi:.1f})"
    if basis is WeightBasis.NO_SEX:
        return f"actual body weight (BMI {bmi:.1f}, sex not given)"
    if basis is WeightBasis.NOT_ABOVE_IBW_PCT:
        return (
            f"actual body weight ({actual:.1f} kg is not above {rule.adjust_above_ibw_pct:g} % "
            f"of IBW {ideal:.1f} kg; site policy)"
        )
    if basis is WeightBasis.NOT_ABOVE_IDEAL:
        return (
            f"actual body weight (not above the ideal {ideal:.1f} kg, so never adjusted "
            "upwards; site policy)"
        )
    assert basis is WeightBasis.ADJUSTED, basis
    why = (
        f"BMI {bmi:.1f} ≥ {rule.obesity_bmi:g}" if rule.policy is WeightPolicy.BMI_30_ADULTS
        else f"BMI {bmi:.1f}; {policy_words(rule)}"
    )
    return (
        f"adjusted body weight: IBW {ideal:.1f} kg + {rule.adjustment_factor:g} × "
        f"({actual:.1f} − {ideal:.1f}) kg ({why}; site policy)"
    )


_FIXED = {
    WeightBasis.CHILD: "child: actual body weight",
    WeightBasis.PREGNANT: "actual body weight (pregnant: no adjustment)",
    WeightBasis.POLICY_ACTUAL: "actual body weight (site policy: actual weight always)",
    WeightBasis.NO_HEIGHT: "actual body weight (no height given)",
    WeightBasis.IM: "actual body weight (IM doses per kg of actual weight)",
}
