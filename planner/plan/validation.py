"""Hard limits on what the nurse enters; each failure names the field it belongs to."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from planner.core.errors import PlanInputError
from planner.core.text import clean_text
from planner.plan.input_terms import InputProblem as P
from planner.plan.input_text import InputRefused
from planner.plan.patient import LotChange, PlanRequest
from planner.regimen.models import Indication, Product, RegimenFile

WEIGHT_LIMITS_KG = (0.5, 350.0)
"""Plausibility limits, not clinical doses: below or above is a typing error (issue 6)."""
HEIGHT_LIMITS_CM = (30.0, 250.0)
AGE_LIMITS_YEARS = (0.0, 120.0)
NAME_MAX_CHARS = 60
MRN_MAX_CHARS = 24
LOT_MAX_CHARS = 40
WEEKS_SINCE_LAST_LIMITS = (0, 520)
START_LIMITS = (datetime(2000, 1, 1), datetime(2099, 12, 31, 23, 59))
"""A course starts in this century: a year like 0001, 1700 or 9999 is a typing error (and
dates past 9999 cannot be computed), refused naming ``start``."""


def check_start(start: datetime) -> None:
    """A local wall-clock start in the plausible window; refused naming ``start``."""
    if start.tzinfo is not None:
        raise InputRefused("start", P.START_HAS_OFFSET, start=start.isoformat())
    low, high = START_LIMITS
    if not low <= start <= high:
        raise InputRefused("start", P.START_OUTSIDE, start=start, low=low, high=high)


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
    _check_number("weight", patient.weight_kg, *WEIGHT_LIMITS_KG, unit="kg")
    if patient.height_cm is not None:
        _check_number("height", patient.height_cm, *HEIGHT_LIMITS_CM, unit="cm")
    if patient.age_years is not None:
        _check_age(patient.age_years)
    if patient.pregnant and patient.sex is not None and patient.sex.value == "male":
        raise InputRefused("pregnant", P.MALE_PREGNANT)
    weeks = patient.weeks_since_last
    low_weeks, high_weeks = WEEKS_SINCE_LAST_LIMITS
    if weeks is not None and (
        not isinstance(weeks, int | float) or not low_weeks <= weeks <= high_weeks
    ):
        raise InputRefused("weeks_since_last", P.WEEKS_OUTSIDE, value=weeks, low=low_weeks,
                           high=high_weeks)

    indication = regimen.indication(request.indication_id)
    if indication is None:
        raise InputRefused("indication", P.UNKNOWN_ID, id=request.indication_id)
    product = regimen.product(request.product_id)
    if product is None:
        raise InputRefused("product", P.UNKNOWN_ID, id=request.product_id)
    if product.route is not indication.route:
        raise InputRefused(
            "product", P.WRONG_ROUTE, brand=product.brand, route=product.route,
            indication=indication.name, labeled=indication.labeled_products,
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
    basis = indication.dose_basis
    if limits.min == limits.max and _is_number(dose) and dose > 0 and dose != limits.min:
        raise InputRefused("dose", P.DOSE_FIXED, value=dose, indication=indication.name,
                           fixed=limits.min, basis=basis)
    _check_number("dose", dose, limits.min, limits.max, P.DOSE_OUTSIDE, basis=basis,
                  indication=indication.name)


def _check_days(indication: Indication, days: int) -> None:
    low, high = indication.days.min, indication.days.max
    if low <= days <= high:
        return
    if low == high:
        raise InputRefused("days", P.DAYS_EXACT, days=days, indication=indication.name, count=low)
    raise InputRefused("days", P.DAYS_OUTSIDE, days=days, low=low, high=high,
                       indication=indication.name)


def field_errors(
    regimen: RegimenFile, *, weight_kg: float | None = None, height_cm: float | None = None,
    indication_id: str | None = None, dose: float | None = None, days: int | None = None,
) -> dict[str, str]:
    """Every hard-limit problem of the values given, each field checked on its own, so a form
    can mark all of them at once (the engine stops at the first). Same words as the engine."""
    checks: list[tuple[str, Callable[[], None]]] = []
    if weight_kg is not None:
        checks.append(("weight", lambda: _check_number("weight", weight_kg, *WEIGHT_LIMITS_KG,
                                                       unit="kg")))
    if height_cm is not None:
        checks.append(("height", lambda: _check_number("height", height_cm, *HEIGHT_LIMITS_CM,
                                                       unit="cm")))
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
            raise InputRefused("lots", P.LOT_DAY_NOT_IN_COURSE, day=lot.day, days=days)
        if not lot.lot.strip() or len(lot.lot) > LOT_MAX_CHARS:
            raise InputRefused("lots", P.LOT_NUMBER_LENGTH, day=lot.day, limit=LOT_MAX_CHARS)
        if round(lot.grams, 4) not in sizes:
            raise InputRefused("lots", P.LOT_NO_SUCH_VIAL, day=lot.day, brand=product.brand,
                               grams=lot.grams)
    seen: set[int] = set()
    for change in request.lot_changes:
        if not 1 <= change.day <= days or change.day in seen:
            raise InputRefused("lot_changes", P.LOT_CHANGE_TWICE, day=change.day)
        seen.add(change.day)


def _check_age(age: float) -> None:
    """0 (a newborn) to 120 years; decimals for infants (0.5 = six months)."""
    if not isinstance(age, int | float) or math.isnan(age) or math.isinf(age):
        raise InputRefused("age", P.AGE_NOT_A_NUMBER, value=age)
    low, high = AGE_LIMITS_YEARS
    if not low <= age <= high:
        raise InputRefused("age", P.AGE_OUTSIDE, value=age, low=low, high=high)


def check_text(field: str, value: str | None, limit: int) -> str | None:
    """Name and MRN: control characters removed, refused (naming the field) when longer than
    the schedule's header can print."""
    cleaned = clean_text(value)
    if cleaned is not None and len(cleaned) > limit:
        raise InputRefused(field, P.TEXT_TOO_LONG, length=len(cleaned), limit=limit)
    return cleaned


def _check_number(
    field: str, value: float, low: float, high: float, outside: P = P.OUTSIDE, **about: object
) -> None:
    """A finite number above 0 within [low, high]; ``outside`` and ``about`` say what the
    limits are (a unit, or a dose's basis and indication)."""
    if not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
        raise InputRefused(field, P.NOT_A_NUMBER, value=value)
    if value <= 0:
        raise InputRefused(field, P.NOT_ABOVE_ZERO, value=value)
    if not low <= value <= high:
        raise InputRefused(field, outside, value=value, low=low, high=high, **about)
