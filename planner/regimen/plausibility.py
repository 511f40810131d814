"""Ranges a real IVIG product or site policy can take, checked when a regimen file loads.

These are plausibility limits, not clinical figures: a value outside them is a typing or
editing mistake in the file (1e-300 mg/mL, a 0.004 g vial, a pump step of 1000 mL/h), refused
at load naming the field, so it can never reach the engine and be blamed on a patient.
"""

from __future__ import annotations

from planner.core.units import RateUnit
from planner.regimen.range_text import outside_words, rate_outside_words
from planner.regimen.range_text import shown as shown  # the file's numbers, as written

CONCENTRATION_MG_ML = (30.0, 250.0)
"""Marketed immune globulins are 5 %–20 % (50–200 mg/mL); 3 %–25 % allows for the unusual."""
VIAL_GRAMS = (0.1, 100.0)
VIAL_ML = (0.1, 4000.0)
VIAL_ML_TOLERANCE = 0.01
"""A vial's mL must match grams ÷ concentration within 1 %."""
MAX_VIAL_SIZES = 12

RATE_MG_KG_MIN = (0.1, 20.0)
"""Label rates run 0.5–14 mg/kg/min (Panzyga PI maximum); caps and starts sit inside."""
RATE_ML_H = (1.0, 2000.0)
"""An absolute pump rate in a site order set."""
STEP_FACTOR = (1.0, 10.0)
"""A multiply step rule: above 1 (it must rise), at most ×10 per step."""
MULTIPLES = (1.0, 100.0)
HOLD_MIN = (5, 240)
"""A hold or step interval: labels use 10–30 min; four hours is the most any site would."""
VITALS_MIN = (5, 480)
PUMP_STEP_ML_H = (0.01, 1.0)
"""Volumetric pumps are programmed in 0.01, 0.1 or 1 mL/h increments."""
PUMP_CAP_ML_H = (10.0, 2000.0)
PUMP_MAX_ML_H = (50.0, 2000.0)
TOLERANCE_PCT = (0.0, 25.0)
DOSE_MG_KG = (1.0, 4000.0)
FIXED_HOURS = (0.5, 24.0)
WEIGHT_KG = (0.5, 350.0)
HEIGHT_CM = (100.0, 250.0)
BMI = (20.0, 60.0)
IBW_KG = (20.0, 100.0)
IBW_KG_PER_INCH = (0.5, 5.0)
IM_ML_PER_MG = (0.002, 0.05)
IM_ML_PER_KG = (0.01, 2.0)
IM_ML = (0.5, 100.0)


def check_range(field: str, value: float, limits: tuple[float, float], unit: str) -> None:
    low, high = limits
    if not low <= value <= high:
        raise ValueError(outside_words(value, low, high, unit, field))


def rate_limits(unit: RateUnit, concentration_mg_ml: float | None) -> tuple[float, float]:
    """The plausible range of a rate in ``unit``; per-kg volume units need the concentration
    (without it, the widest range any plausible concentration allows)."""
    low, high = RATE_MG_KG_MIN
    if unit is RateUnit.MG_KG_MIN:
        return RATE_MG_KG_MIN
    if unit is RateUnit.ML_H:
        return RATE_ML_H
    conc_low, conc_high = (
        (concentration_mg_ml, concentration_mg_ml)
        if concentration_mg_ml is not None
        else CONCENTRATION_MG_ML
    )
    per_min = (low / conc_high, high / conc_low)  # mL/kg/min
    if unit is RateUnit.ML_KG_MIN:
        return per_min
    return (per_min[0] * 60, per_min[1] * 60)


def check_rate(
    field: str, value: float, unit: RateUnit, concentration_mg_ml: float | None = None
) -> None:
    limits = rate_limits(unit, concentration_mg_ml)
    low, high = limits
    if low <= value <= high:
        return
    if unit is RateUnit.MG_KG_MIN or unit is RateUnit.ML_H:
        check_range(field, value, limits, unit.value)
    raise ValueError(rate_outside_words(field, value, unit.value, concentration_mg_ml, limits,
                                        RATE_MG_KG_MIN))
