"""Ages and age rules in the words a nurse reads (warnings, text report, PDF)."""

from __future__ import annotations

from planner.plan.warning_terms import (
    AgeContraindicated,
    ChildrenOnlyDose,
    LabeledAgeUnchecked,
    UncheckedAgeRule,
)
from planner.regimen.models import LabeledAge


def describe_age(age: LabeledAge) -> str:
    """'2 years and older', 'adults (18 years and older)', 'no age limit stated'."""
    low, high = age.min_years, age.max_years
    if low is None and high is None:
        return "no age limit stated"
    if high is None:
        return f"{low:g} years and older"
    if low is None:
        return f"up to {high:g} years"
    return f"{low:g}–{high:g} years"


def years(age: float) -> str:
    """An age as a nurse reads it: '7 months' under 1 year, else '4.5 years'."""
    if age < 1:
        return f"{round(age * 12)} months"
    return f"{age:g} years"


def unchecked_rule_words(rule: UncheckedAgeRule) -> str:
    """One age rule that could not be checked, for the 'age not given' caution."""
    if isinstance(rule, AgeContraindicated):
        return f"{rule.brand} contraindicated under {rule.under_years:g} years"
    if isinstance(rule, LabeledAgeUnchecked):
        return (
            f"{rule.brand} labeled for {rule.indication} in {rule.age.text} "
            f"({describe_age(rule.age)})"
        )
    assert isinstance(rule, ChildrenOnlyDose)
    return f"the {rule.ml_per_kg:g} mL/kg dose is labeled for a child ({rule.label})"


def patient_age_sentence(age: float) -> str:
    """Appended to an age contraindication the regimen file words."""
    return f"This patient is {years(age)}."


def contraindication_words(message: str, age: float) -> str:
    """An age contraindication in the regimen file's own words, then the patient's age."""
    return f"{message} {patient_age_sentence(age)}"
