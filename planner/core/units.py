"""Rate units and their conversions, kept in one place so every caller agrees.

Rates are per kg of dosing weight. Concentrations are in mg/mL.
"""

from __future__ import annotations

from enum import StrEnum

from planner.core.quantities import floor_count

LB_PER_KG = 1 / 0.45359237
KG_PER_LB = 0.45359237
CM_PER_INCH = 2.54


class RateUnit(StrEnum):
    MG_KG_MIN = "mg/kg/min"
    ML_KG_MIN = "mL/kg/min"
    ML_KG_H = "mL/kg/h"
    ML_H = "mL/h"  # absolute pump rate: hospital order sets, never a label's unit

    @property
    def per_kg(self) -> bool:
        return self is not RateUnit.ML_H


def to_mg_kg_min(
    rate: float, unit: RateUnit, concentration_mg_ml: float, weight_kg: float | None = None
) -> float:
    """Express a rate in mg/kg/min (the unit risk caps are written in).

    An absolute mL/h rate needs the dosing weight to become a per-kg rate.
    """
    if unit is RateUnit.MG_KG_MIN:
        return rate
    if unit is RateUnit.ML_KG_MIN:
        return rate * concentration_mg_ml
    if unit is RateUnit.ML_KG_H:
        return rate * concentration_mg_ml / 60.0
    return rate * concentration_mg_ml / (60.0 * _weight(weight_kg))


def from_mg_kg_min(
    rate_mg_kg_min: float, unit: RateUnit, concentration_mg_ml: float,
    weight_kg: float | None = None,
) -> float:
    """Inverse of :func:`to_mg_kg_min`."""
    if unit is RateUnit.MG_KG_MIN:
        return rate_mg_kg_min
    if unit is RateUnit.ML_KG_MIN:
        return rate_mg_kg_min / concentration_mg_ml
    if unit is RateUnit.ML_KG_H:
        return rate_mg_kg_min * 60.0 / concentration_mg_ml
    return rate_mg_kg_min * 60.0 * _weight(weight_kg) / concentration_mg_ml


def _weight(weight_kg: float | None) -> float:
    if weight_kg is None or weight_kg <= 0:
        raise ValueError("an absolute mL/h rate needs a positive weight to convert")
    return weight_kg


def pump_ml_h_exact(rate_mg_kg_min: float, weight_kg: float, concentration_mg_ml: float) -> float:
    """Pump rate (mL/h) = rate (mg/kg/min) × weight (kg) × 60 ÷ concentration (mg/mL)."""
    return rate_mg_kg_min * weight_kg * 60.0 / concentration_mg_ml


def round_down(value: float, step: float) -> float:
    """Round down to a multiple of ``step``, forgiving float noise (2.9999999 → 3.0)."""
    units = floor_count(value / step)
    return round(units * step, 6)


def lb_to_kg(pounds: float) -> float:
    return pounds * KG_PER_LB


def inch_to_cm(inches: float) -> float:
    return inches * CM_PER_INCH
