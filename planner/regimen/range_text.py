"""A regimen or site file's implausible values and reserved codes in the words the file's
author reads (``regimen check``, the refusal at load): the checks hand over the numbers."""

from __future__ import annotations


def shown(value: float) -> str:
    """A number as written in the file (no rounding that makes 1000.0001 read as 1000)."""
    return f"{value:.15g}"


def outside_words(value: float, low: float, high: float, unit: str, field: str = "") -> str:
    """'[field: ]0.004 g is outside the plausible 0.1–100 g'."""
    where = f"{field}: " if field else ""
    return (f"{where}{shown(value)} {unit} is outside the plausible {shown(low)}–"
            f"{shown(high)} {unit}")


def rate_outside_words(
    field: str, value: float, unit: str, concentration_mg_ml: float | None,
    limits: tuple[float, float], mg_kg_min: tuple[float, float],
) -> str:
    """A per-kg volume rate outside the range the plausible mg/kg/min give at this
    concentration."""
    at = f" at {shown(concentration_mg_ml)} mg/mL" if concentration_mg_ml is not None else ""
    low, high = limits
    return (f"{field}: {shown(value)} {unit}{at} is outside the plausible {low:.4g}–{high:.4g} "
            f"{unit} ({shown(mg_kg_min[0])}–{shown(mg_kg_min[1])} mg/kg/min)")


def whole_centigrams_words(grams: float) -> str:
    return f"{shown(grams)} g: vial sizes are whole centigrams (e.g. 2.5)"


def vial_volume_words(grams: float, ml: float, concentration_mg_ml: float,
                      expected_ml: float) -> str:
    """A vial whose mL does not match its grams at the product's concentration."""
    return (f"vials: {shown(grams)} g in {shown(ml)} mL does not match "
            f"{shown(concentration_mg_ml)} mg/mL ({shown(round(expected_ml, 2))} mL expected, "
            "±1 %)")


def reserved_code_words(code: str) -> str:
    """Why a file may not use one of the engine's own warning codes."""
    return f"'{code}' is a warning code the planner itself raises; a file may not use it"
