"""How much the missing height could change the dose (site policy: adjusted weight in obesity).

Without a height the engine doses on actual weight. Whether that matters depends on the
weight: the adjusted-weight rule needs BMI ≥ the site's threshold at a height of at least its
minimum, so below ``obesity_bmi × (min_height_cm / 100)²`` no height can change the dose. Above
it, the shortest height the rule accepts gives the lowest ideal, hence adjusted, weight; that
bounds how much lower the dose could be once the height is entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.plan.dosing_weight import devine_ibw, round_kg
from planner.plan.patient import AgeGroup, Sex
from planner.regimen.models import DosingWeightRule, WeightPolicy


@dataclass(frozen=True)
class HeightEffect:
    """The lowest dosing weight any height could give, and the drop in percent."""

    actual_kg: float
    lowest_kg: float
    drop_pct: float


def rule_weight_kg(rule: DosingWeightRule) -> float:
    """The lowest actual weight at which the site's adjusted-weight rule can apply at any
    height (the shortest height it accepts gives the lowest ideal weight)."""
    lowest_ideal = min(devine_ibw(rule.min_height_cm, s, rule) for s in Sex)
    if rule.policy is WeightPolicy.BMI_30_ADULTS:
        return rule.obesity_bmi * (rule.min_height_cm / 100) ** 2
    if rule.policy is WeightPolicy.AUSTRALIA_2026:
        return lowest_ideal
    if rule.policy is WeightPolicy.IBW_120:
        return lowest_ideal * rule.adjust_above_ibw_pct / 100
    return float("inf")


def height_effect(
    weight_kg: float, age_group: AgeGroup, sex: Sex | None, rule: DosingWeightRule
) -> HeightEffect | None:
    """None when no height could change the dosing weight (a child, or too light)."""
    actual = round_kg(weight_kg)
    if age_group is AgeGroup.CHILD or actual < rule_weight_kg(rule):
        return None
    sexes = (sex,) if sex is not None else (Sex.FEMALE, Sex.MALE)
    ideal = min(devine_ibw(rule.min_height_cm, s, rule) for s in sexes)
    lowest = round_kg(min(actual, ideal + rule.adjustment_factor * (actual - ideal)))
    if lowest >= actual:
        return None
    return HeightEffect(actual, lowest, round(100 * (actual - lowest) / actual))
