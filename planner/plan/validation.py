"""Hard limits on what the nurse enters; each failure names the field it belongs to."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from planner.core.errors import PlanInputError
from planner.core.text import clean_text
from planner.plan.patient import LotChange, PlanRequest
from planner.regimen.models import Indication, Product, RegimenFile, Route

WEIGHT_LIMITS_KG = (0.5, 350.0)
"""Plausibility limits, not clinical doses: below or above is a typing error (issue 6)."""
HEIGHT_LIMITS_CM = (30.0, 250.0)
AGE_LIMITS_YEARS = (0.0, 120.0)
NAME_MAX_CHARS = 60
MRN_MAX_CHARS = 24
START_LIMITS = (datetime(2000, 1, 1), datetime(2099, 12, 31, 23, 59))
"""A course starts in this century: a year like 0001, 1700 or 9999 is a typing error (and
dates past 9999 cannot be computed), refused naming ``start``."""


def check_start(start: datetime) -> None:
    """A local wall-clock start in the plausible window; refused naming ``start``."""
    if start.tzinfo is not None:
        raise PlanInputError(
            "start", f"{start.isoformat()} carries a time-zone offset; give the local wall-clock "
            "time without one (e.g. 2026-12-01T08:30)",
        )
    low, high = START_LIMITS
    if not low <= start <= high:
        raise PlanInputError(
            "start", f"{start:%Y-%m-%d %H:%M} is outside {low:%Y-%m-%d}–{high:%Y-%m-%d}"
        )


@dataclass(frozen=True)
class CheckedRequest:
    indication: Indication
    product: Product
    dose_mg_kg: float
    days: int
    start: datetime
    lot_changes: tuple[LotChange, ...] = ()
    name: str | None = None  # control characters removed
    mrn: str | None = None
    zone: tzinfo | None = None  # the zone wall-clock inputs (lot changes) are read in


def validate_request(
    request: PlanRequest, regimen: RegimenFile, today: date | None = None
) -> CheckedRequest:
    patient = request.patient
    _check_number("weight", patient.weight_kg, *WEIGHT_LIMITS_KG, "kg")
    if patient.height_cm is not None:
        _check_number("height", patient.height_cm, *HEIGHT_LIMITS_CM, "cm")
    if patient.age_years is not None:
        _check_age(patient.age_years)
    if patient.pregnant and patient.sex is not None and patient.sex.value == "male":
        raise PlanInputError("pregnant", "a male patient cannot be marked pregnant")
    weeks = patient.weeks_since_last
    if weeks is not None and (
        not isinstance(weeks, int | float) or not 0 <= weeks <= 520
    ):
        raise PlanInputError("weeks_since_last", f"{weeks!r} is outside 0–520 weeks")

    indication = regimen.indication(request.indication_id)
    if indication is None:
        raise PlanInputError(
            "indication", f"unknown id '{request.indication_id}' (see 'python -m planner list')"
        )
    product = regimen.product(request.product_id)
    if product is None:
        raise PlanInputError(
            "product", f"unknown id '{request.product_id}' (see 'python -m planner list')"
        )
    if product.route is not indication.route:
        route = "an intramuscular" if product.route is Route.IM else "an intravenous"
        needed = ", ".join(indication.labeled_products) or "an IV product"
        raise PlanInputError(
            "product",
            f"{product.brand} is {route} product and cannot be used for {indication.name} "
            f"(use {needed})",
        )

    dose = indication.dose_mg_kg.default if request.dose_mg_kg is None else request.dose_mg_kg
    _check_dose(indication, dose)
    days = indication.days.default if request.days is None else request.days
    _check_days(indication, days)

    start = request.start
    if start is None:
        start = datetime.combine(today or date.today(), regimen.site_policies.default_start_time)
    check_start(start)
    _check_lots(request, product, int(days))
    name = check_text("name", patient.name, NAME_MAX_CHARS)
    mrn = check_text("mrn", patient.mrn, MRN_MAX_CHARS)
    return CheckedRequest(
        indication, product, float(dose), int(days), start.replace(second=0, microsecond=0),
        request.lot_changes, name, mrn,
    )


def _check_dose(indication: Indication, dose: float) -> None:
    limits = indication.dose_mg_kg
    basis = "per course" if indication.dose_basis.value == "course" else "per day"
    if limits.min == limits.max and _is_number(dose) and dose > 0 and dose != limits.min:
        raise PlanInputError(
            "dose", f"{_typed(dose)} mg/kg: the dose for {indication.name} is fixed at "
            f"{limits.min:g} mg/kg {basis}",
        )
    _check_number("dose", dose, limits.min, limits.max, f"mg/kg {basis} for {indication.name}")


def _check_days(indication: Indication, days: int) -> None:
    low, high = indication.days.min, indication.days.max
    if low <= days <= high:
        return
    if low == high:
        raise PlanInputError(
            "days", f"{days}: {indication.name} is given over exactly {low} day(s)"
        )
    raise PlanInputError("days", f"{days} is outside {low}–{high} day(s) for {indication.name}")


def field_errors(
    regimen: RegimenFile, *, weight_kg: float | None = None, height_cm: float | None = None,
    indication_id: str | None = None, dose: float | None = None, days: int | None = None,
) -> dict[str, str]:
    """Every hard-limit problem of the values given, each field checked on its own, so a form
    can mark all of them at once (the engine stops at the first). Same words as the engine."""
    checks: list[tuple[str, Callable[[], None]]] = []
    if weight_kg is not None:
        checks.append(("weight", lambda: _check_number("weight", weight_kg, *WEIGHT_LIMITS_KG,
                                                       "kg")))
    if height_cm is not None:
        checks.append(("height", lambda: _check_number("height", height_cm, *HEIGHT_LIMITS_CM,
                                                       "cm")))
    indication = regimen.indication(indication_id) if indication_id else None
    if indication is not None and dose is not None:
        checks.append(("dose", lambda: _check_dose(indication, dose)))
    if indication is not None and days is not None:
        checks.append(("days", lambda: _check_days(indication, days)))
    found: dict[str, str] = {}
    for field, check in checks:
        try:
            check()
        except PlanInputError as exc:
            found[field] = exc.message
    return found


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not math.isnan(value) and not math.isinf(value)


def _check_lots(request: PlanRequest, product: Product, days: int) -> None:
    sizes = {round(v.grams, 4) for v in product.vials}
    for lot in request.lots:
        if not 1 <= lot.day <= days:
            raise PlanInputError("lots", f"day {lot.day} is not a day of this {days}-day course")
        if not lot.lot.strip() or len(lot.lot) > 40:
            raise PlanInputError("lots", f"day {lot.day}: a lot number is 1–40 characters")
        if round(lot.grams, 4) not in sizes:
            raise PlanInputError(
                "lots", f"day {lot.day}: {product.brand} has no {_typed(lot.grams)} g vial"
            )
    seen: set[int] = set()
    for change in request.lot_changes:
        if not 1 <= change.day <= days or change.day in seen:
            raise PlanInputError("lot_changes", f"day {change.day}: one change per course day")
        seen.add(change.day)


def _check_age(age: float) -> None:
    """0 (a newborn) to 120 years; decimals for infants (0.5 = six months)."""
    if not isinstance(age, int | float) or math.isnan(age) or math.isinf(age):
        raise PlanInputError("age", f"must be a number of years, not {age!r}")
    low, high = AGE_LIMITS_YEARS
    if not low <= age <= high:
        raise PlanInputError("age", f"{_typed(age)} years is outside {low:g}–{high:g} years")


def _typed(value: float) -> str:
    """A value as typed: never rounded so that it reads as inside its limits (1000.0001)."""
    return f"{value:.15g}"


def check_text(field: str, value: str | None, limit: int) -> str | None:
    """Name and MRN: control characters removed, refused (naming the field) when longer than
    the schedule's header can print."""
    cleaned = clean_text(value)
    if cleaned is not None and len(cleaned) > limit:
        raise PlanInputError(
            field, f"{len(cleaned)} characters is longer than the {limit} a schedule can print"
        )
    return cleaned


def _check_number(field: str, value: float, low: float, high: float, unit: str) -> None:
    if not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
        raise PlanInputError(field, f"must be a number, not {value!r}")
    if value <= 0:
        raise PlanInputError(field, f"must be above 0 (got {_typed(value)})")
    if not low <= value <= high:
        raise PlanInputError(field, f"{_typed(value)} is outside {low:g}–{high:g} {unit}")
