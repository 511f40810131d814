"""Is the typed weight what the nurse meant? A typing-error screen, not a clinical limit.

A weight typed in pounds with the unit left on kg (141 meant as lb) still lies inside the hard
limits of :data:`planner.plan.validation.WEIGHT_LIMITS_KG`, so it would silently become a plan
for 141 kg. Two cheap signs catch most of these: a weight and height that give an implausible
BMI, and, with no height to compare against, a weight above the site's figure for the age
group (site policy ``weight_screen`` in the regimen file, with its source).
Either one asks the nurse to confirm the weight and its unit; neither changes any dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.warning_codes import WarningCode
from planner.plan.patient import AgeGroup, Patient
from planner.plan.warning_text import WarningParam, warning_text
from planner.regimen.models import WeightScreen

DEFAULT_SCREEN = WeightScreen()
"""The regimen file's figures when none are given (site policy: ``weight_screen``)."""


@dataclass(frozen=True)
class WeightDoubt:
    """Why the weight should be confirmed: the check and the numbers it found."""

    reason: str  # "bmi" or "heavy"
    params: dict[str, WarningParam]

    @property
    def message(self) -> str:
        return warning_text(WarningCode.WEIGHT_CHECK, self.params)


def weight_doubt(patient: Patient, screen: WeightScreen = DEFAULT_SCREEN) -> WeightDoubt | None:
    """The reason to confirm ``patient``'s weight and unit under the site's ``screen``, or None
    when it looks plausible."""
    weight = patient.weight_kg
    height = patient.height_cm
    if height is not None and height > 0:
        bmi = weight / (height / 100) ** 2
        low, high = screen.bmi_low, screen.bmi_high
        if not low <= bmi <= high:
            return WeightDoubt("bmi", {"reason": "bmi", "weight_kg": weight, "height_cm": height,
                                       "bmi": bmi, "low": low, "high": high})
        return None
    limit = (screen.heavy_without_height_child_kg if patient.age_group is AgeGroup.CHILD
             else screen.heavy_without_height_adult_kg)
    if weight > limit:
        return WeightDoubt("heavy", {"reason": "heavy", "weight_kg": weight, "limit_kg": limit,
                                     "child": patient.age_group is AgeGroup.CHILD})
    return None
