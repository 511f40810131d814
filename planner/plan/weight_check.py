"""Is the typed weight what the nurse meant? A typing-error screen, not a clinical limit.

A weight typed in pounds with the unit left on kg (141 meant as lb) still lies inside the hard
limits of :data:`planner.plan.validation.WEIGHT_LIMITS_KG`, so it would silently become a plan
for 141 kg. Two cheap signs catch most of these: a weight and height that give an implausible
BMI, and, with no height to compare against, a weight among the heaviest of the age group.
Either one asks the nurse to confirm the weight and its unit; neither changes any dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.warning_codes import WarningCode
from planner.plan.patient import AgeGroup, Patient
from planner.plan.warning_text import WarningParam, warning_text

BMI_PLAUSIBLE = (12.0, 70.0)
"""BMI outside this range is far more often a unit slip (lb for kg, in for cm) than a patient."""

HEAVY_WITHOUT_HEIGHT_KG = {AgeGroup.ADULT: 130.0, AgeGroup.CHILD: 80.0}
"""With no height, a weight above this is among the heaviest few percent of the age group
(adults, and children up to adolescence): confirm it before a plan is built on it."""

SOURCE = "plausibility check: weight and unit (typing-error screen, not a dose rule)"


@dataclass(frozen=True)
class WeightDoubt:
    """Why the weight should be confirmed: the check and the numbers it found."""

    reason: str  # "bmi" or "heavy"
    params: dict[str, WarningParam]

    @property
    def message(self) -> str:
        return warning_text(WarningCode.WEIGHT_CHECK, self.params)


def weight_doubt(patient: Patient) -> WeightDoubt | None:
    """The reason to confirm ``patient``'s weight and unit, or None when it looks plausible."""
    weight = patient.weight_kg
    height = patient.height_cm
    if height is not None and height > 0:
        bmi = weight / (height / 100) ** 2
        low, high = BMI_PLAUSIBLE
        if not low <= bmi <= high:
            return WeightDoubt("bmi", {"reason": "bmi", "weight_kg": weight, "height_cm": height,
                                       "bmi": bmi, "low": low, "high": high})
        return None
    limit = HEAVY_WITHOUT_HEIGHT_KG[patient.age_group]
    if weight > limit:
        return WeightDoubt("heavy", {"reason": "heavy", "weight_kg": weight, "limit_kg": limit,
                                     "child": patient.age_group is AgeGroup.CHILD})
    return None
