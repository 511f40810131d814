"""Age against the label: off-label by age (caution), an age contraindication (stop), and,
without an age, a caution naming the rules that could not be checked."""

from __future__ import annotations

from planner.core.warning_codes import WarningCode
from planner.plan.patient import Patient
from planner.plan.warning_rules import WarningList
from planner.regimen.models import Indication, LabeledAge, Product, Severity


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


def age_warnings(
    patient: Patient, product: Product, indication: Indication, labeled: bool,
    warnings: WarningList, extra_unchecked: tuple[str, ...] = (),
) -> None:
    """Apply the product's labeled age range and age contraindications to this patient.

    ``extra_unchecked`` names other age-dependent rules (e.g. a dose labeled for children) the
    caller could not check without an age, so one caution lists them all.
    """
    labeled_age = product.labeled_age_for(indication.id) if labeled else None
    if labeled_age is not None and labeled_age.min_years is None and labeled_age.max_years is None:
        labeled_age = None  # the label states no age limit: nothing to check
    age = patient.age_years
    if age is None:
        unchecked = [
            f"{product.brand} contraindicated under {c.under_years:g} years"
            for c in product.age_contraindications
        ]
        if labeled_age is not None:
            unchecked.append(
                f"{product.brand} labeled for {indication.name} in "
                f"{labeled_age.text} ({describe_age(labeled_age)})"
            )
        unchecked += extra_unchecked
        if unchecked:
            warnings.add(
                WarningCode.AGE_NOT_CHECKED, Severity.CAUTION,
                labeled_age.source if labeled_age is not None else (
                    product.age_contraindications[0].source
                    if product.age_contraindications else "regimen file: labeled ages"
                ),
                rules=tuple(unchecked),
            )
        return
    for contra in product.age_contraindications:
        if age < contra.under_years:
            warnings.add_file(
                contra.code, contra.severity,
                f"{contra.message} This patient is {years(age)}.", contra.source,
            )
    if labeled_age is not None and not labeled_age.contains(age):
        warnings.add(
            WarningCode.AGE_OFF_LABEL, Severity.CAUTION, labeled_age.source,
            brand=product.brand, indication=indication.name, labeled=labeled_age.text,
            range=describe_age(labeled_age), age=years(age),
        )
