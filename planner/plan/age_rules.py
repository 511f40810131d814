"""Age against the label: off-label by age (caution), an age contraindication (stop), and,
without an age, a caution naming the rules that could not be checked."""

from __future__ import annotations

from planner.core.warning_codes import WarningCode
from planner.plan.age_text import contraindication_words, describe_age, years
from planner.plan.patient import Patient
from planner.plan.warning_rules import WarningList
from planner.plan.warning_terms import (
    AgeContraindicated,
    LabeledAgeUnchecked,
    UncheckedAgeRule,
)
from planner.regimen.models import Indication, Product, Severity

__all__ = ["age_warnings", "describe_age", "years"]  # the report imports the words from here


def age_warnings(
    patient: Patient, product: Product, indication: Indication, labeled: bool,
    warnings: WarningList, extra_unchecked: tuple[UncheckedAgeRule, ...] = (),
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
        unchecked: list[UncheckedAgeRule] = [
            AgeContraindicated(product.brand, c.under_years)
            for c in product.age_contraindications
        ]
        if labeled_age is not None:
            unchecked.append(LabeledAgeUnchecked(product.brand, indication.name, labeled_age))
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
                contraindication_words(contra.message, age), contra.source,
            )
    if labeled_age is not None and not labeled_age.contains(age):
        warnings.add(
            WarningCode.AGE_OFF_LABEL, Severity.CAUTION, labeled_age.source,
            brand=product.brand, indication=indication.name, labeled_age=labeled_age,
            age_years=age,
        )
