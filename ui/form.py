"""Form state → PlanRequest and back, without Qt, so the rules can be tested headless.

The form keeps what the nurse typed as text; turning it into numbers happens here, and every
failure names the field (the same names as :class:`planner.core.errors.PlanInputError`) so the
window can mark that field. Range checks stay in the engine: this module only refuses text
that is not a number at all, and converts lb → kg and in → cm with :mod:`planner.core.units`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from planner.core.numbers import parse_decimal
from planner.core.units import inch_to_cm, lb_to_kg
from planner.plan.models import LotEntry
from planner.plan.patient import AgeGroup, LotChange, Patient, PlanRequest, Sex
from planner.plan.validation import HEIGHT_LIMITS_CM, WEIGHT_LIMITS_KG, field_errors
from planner.plan.weight_check import DEFAULT_SCREEN, weight_doubt
from planner.regimen.models import RegimenFile, RiskFlag, WeightScreen
from ui.formatting import fmt, plain_number

WEIGHT_UNITS = ("kg", "lb")
HEIGHT_UNITS = ("cm", "in")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NO_PROTOCOL = ""
"""``FormState.protocol_id`` when the protocol box has no choice for an infusion (e.g. a plan
file named a protocol this regimen file does not have): the nurse must choose; the site
default is never put in its place silently. None means no protocol applies (IM)."""


@dataclass(frozen=True)
class LotRow:
    """A lot as typed for one vial size on one day (expiry still text)."""

    day: int
    grams: float
    lot: str = ""
    expiry: str = ""

    def is_blank(self) -> bool:
        return not self.lot.strip() and not self.expiry.strip()


@dataclass(frozen=True)
class FormState:
    """Everything the two input panels hold, as entered (numbers still as text)."""

    weight: str = ""
    weight_unit: str = "kg"
    weight_confirmed: bool = False  # the nurse confirmed an unusual weight and its unit
    height: str = ""
    height_unit: str = "cm"
    sex: Sex | None = None
    age_group: AgeGroup = AgeGroup.ADULT
    age: str = ""  # years, optional (decimals for infants)
    first_infusion: bool = False
    product_switch: bool = False
    weeks_since_last: str = ""  # optional
    pregnant: bool = False
    risks: frozenset[RiskFlag] = frozenset()
    name: str = ""
    mrn: str = ""
    indication_id: str | None = None
    product_id: str | None = None
    dose: str = ""
    days: int | None = None
    start: datetime | None = None
    protocol_id: str | None = None
    lots: tuple[LotRow, ...] = ()
    lot_changes: tuple[LotChange, ...] = ()


@dataclass
class FormErrors(Exception):
    """Every field that cannot be read, with a message in words.

    ``missing`` lists the fields that are merely still empty on a new form: the window shows
    them as a quiet hint instead of a red error, so a blank form does not start out red.
    """

    errors: dict[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


def parse_number(text: str) -> float:
    """A finite decimal number (ASCII digits, decimal point or comma); raises ValueError
    with the reason in words. The CLI reads numbers with the same parser."""
    return parse_decimal(text)


def weight_kg(state: FormState) -> float:
    value = parse_number(state.weight)
    return lb_to_kg(value) if state.weight_unit == "lb" else value


def height_cm(state: FormState) -> float | None:
    if not state.height.strip():
        return None
    value = parse_number(state.height)
    return inch_to_cm(value) if state.height_unit == "in" else value


def parse_expiry(text: str) -> date | None:
    """An expiry date as printed on the vial in ISO order (2027-05-31); '' is none given."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not _ISO_DATE.match(cleaned):
        raise ValueError(f"expiry '{cleaned}' is not a date like 2027-05-31 (year-month-day)")
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"expiry '{cleaned}' is not a real date") from None


def lots_from_rows(rows: tuple[LotRow, ...], days: int | None) -> tuple[LotEntry, ...]:
    """The lots of the course's days (rows of days beyond the course are left out); raises
    ValueError naming the day and vial size."""
    entries = []
    for row in rows:
        if row.is_blank() or (days is not None and row.day > days):
            continue
        where = f"day {row.day}, {fmt(row.grams)} g vials"
        if not row.lot.strip():
            raise ValueError(f"{where}: enter the lot number (or clear the expiry)")
        try:
            expiry = parse_expiry(row.expiry)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        entries.append(LotEntry(day=row.day, grams=row.grams, lot=row.lot.strip(),
                                expiry=expiry))
    return tuple(sorted(entries, key=lambda e: (e.day, -e.grams)))


def conversion_hint(text: str, unit: str) -> str:
    """'= 72.6 kg' beside a weight typed in lb (or '= 165.1 cm' for inches); '' otherwise."""
    if unit not in ("lb", "in"):
        return ""
    try:
        value = parse_number(text)
    except ValueError:
        return ""
    if unit == "lb":
        return f"= {fmt(lb_to_kg(value), 1)} kg"
    return f"= {fmt(inch_to_cm(value), 1)} cm"


def _converted(field: str, state: FormState) -> str:
    """The limits speak kg and cm: say so when the nurse typed lb or inches."""
    if field == "weight" and state.weight_unit == "lb":
        return f"{state.weight.strip()} lb converted to kg: "
    if field == "height" and state.height_unit == "in":
        return f"{state.height.strip()} in converted to cm: "
    return ""


def weight_to_confirm(
    weight: float, height: float | None, age_group: AgeGroup,
    screen: WeightScreen = DEFAULT_SCREEN,
) -> str | None:
    """The engine's reason to confirm this weight and unit (:mod:`planner.plan.weight_check`),
    or None. Numbers outside the hard limits are left to the engine's own message."""
    low, high = WEIGHT_LIMITS_KG
    if not low <= weight <= high:
        return None
    if height is not None and not HEIGHT_LIMITS_CM[0] <= height <= HEIGHT_LIMITS_CM[1]:
        return None
    doubt = weight_doubt(Patient(weight_kg=weight, height_cm=height, age_group=age_group),
                         screen)
    return None if doubt is None else doubt.message


def request_from_form(state: FormState, regimen: RegimenFile | None = None) -> PlanRequest:
    """Build the engine request; raise FormErrors naming every unreadable field and, given
    the ``regimen``, every value outside its limits too (all at once, not one at a time)."""
    errors: dict[str, str] = {}
    missing: set[str] = set()

    def read(name: str, reader: Callable[[], float | None]) -> float | None:
        try:
            return reader()
        except ValueError as exc:
            errors[name] = str(exc)
            return None

    if not state.weight.strip():
        errors["weight"] = "required: enter the patient's weight"
        missing.add("weight")
        weight = None
    else:
        weight = read("weight", lambda: weight_kg(state))
    height = read("height", lambda: height_cm(state))
    age = read("age", lambda: parse_number(state.age) if state.age.strip() else None)
    if age is not None and not 0 <= age <= 120:
        errors["age"] = f"{age:g} years is outside 0–120 years"
    weeks = read("weeks_since_last", lambda: parse_number(state.weeks_since_last)
                 if state.weeks_since_last.strip() else None)
    if weeks is not None and not 0 <= weeks <= 520:
        errors["weeks_since_last"] = f"{weeks:g} weeks is outside 0–520 weeks"
    if state.pregnant and state.sex is Sex.MALE:
        errors["pregnant"] = "a male patient cannot be marked pregnant"
    if state.indication_id is None:
        errors["indication"] = "choose an indication from the list"
        missing.add("indication")
    if state.product_id is None:
        errors["product"] = "choose a product"
        missing.add("product")
    dose = None
    if state.indication_id is not None:
        dose = read("dose", lambda: parse_number(state.dose))
        if "dose" in errors and not state.dose.strip():
            errors["dose"] = "required: enter the dose in mg/kg"
    if state.product_id is not None and state.protocol_id == NO_PROTOCOL:
        errors["protocol"] = "choose a protocol"
    lots: tuple[LotEntry, ...] = ()
    try:
        lots = lots_from_rows(state.lots, state.days)
    except ValueError as exc:
        errors["lots"] = str(exc)
    if regimen is not None:
        limits = field_errors(
            regimen, weight_kg=weight, height_cm=height, indication_id=state.indication_id,
            dose=dose, days=state.days,
        )
        for name, message in limits.items():
            errors.setdefault(name, _converted(name, state) + message)
    if weight is not None and "height" not in errors and not state.weight_confirmed:
        screen = regimen.site_policies.weight_screen if regimen is not None else DEFAULT_SCREEN
        doubt = weight_to_confirm(weight, height, state.age_group, screen)
        if doubt is not None:
            errors["weight"] = f"confirm the weight and its unit: {doubt}"
    if errors:
        raise FormErrors(errors, frozenset(missing))
    assert weight is not None and state.indication_id is not None
    assert state.product_id is not None
    changes = tuple(sorted((c for c in state.lot_changes
                            if state.days is None or c.day <= state.days), key=lambda c: c.day))
    return PlanRequest(
        patient=Patient(
            weight_kg=weight, height_cm=height, sex=state.sex, age_group=state.age_group,
            age_years=age, first_infusion=state.first_infusion,
            product_switch=state.product_switch, weeks_since_last=weeks,
            pregnant=state.pregnant, risks=state.risks,
            name=state.name.strip() or None, mrn=state.mrn.strip() or None,
        ),
        indication_id=state.indication_id, product_id=state.product_id, dose_mg_kg=dose,
        days=state.days, start=state.start, protocol_id=state.protocol_id or None,
        lots=lots, lot_changes=changes,
    )


def form_from_request(
    request: PlanRequest, regimen: RegimenFile, default_start: time
) -> FormState:
    """Refill the form from a saved request (weight in kg, height in cm, exact digits)."""
    patient = request.patient
    indication = regimen.indication(request.indication_id)
    dose = request.dose_mg_kg
    if dose is None and indication is not None:
        dose = indication.dose_mg_kg.default
    days = request.days
    if days is None and indication is not None:
        days = indication.days.default
    return FormState(
        weight=plain_number(patient.weight_kg), weight_unit="kg",
        height="" if patient.height_cm is None else plain_number(patient.height_cm),
        height_unit="cm", sex=patient.sex, age_group=patient.age_group,
        age="" if patient.age_years is None else plain_number(patient.age_years),
        first_infusion=patient.first_infusion, product_switch=patient.product_switch,
        weeks_since_last="" if patient.weeks_since_last is None
        else plain_number(patient.weeks_since_last),
        pregnant=patient.pregnant, risks=patient.risks,
        name=patient.name or "", mrn=patient.mrn or "",
        indication_id=request.indication_id, product_id=request.product_id,
        dose="" if dose is None else plain_number(dose), days=days,
        start=request.start or next_start(default_start),
        protocol_id=request.protocol_id,
        lots=tuple(LotRow(lot.day, lot.grams, lot.lot,
                          "" if lot.expiry is None else lot.expiry.isoformat())
                   for lot in request.lots),
        lot_changes=request.lot_changes,
    )


def next_start(default_start: time, now: datetime | None = None) -> datetime:
    """The next time the clock shows the site's default start: today if still ahead, else
    tomorrow — so a new plan never starts in the past."""
    now = now or datetime.now()
    today = datetime.combine(now.date(), default_start)
    return today if today > now else today + timedelta(days=1)


def demo_state(today: date | None = None) -> FormState:
    """The example patient behind ``--demo`` (and the README screenshot)."""
    tomorrow = (today or date.today()) + timedelta(days=1)
    return FormState(
        weight="72", weight_unit="kg", height="165", height_unit="cm", sex=Sex.FEMALE,
        age_group=AgeGroup.ADULT, name="Demo Patient", mrn="DEMO-0001",
        indication_id="pemphigus-vulgaris", product_id="privigen", dose="2000", days=5,
        start=datetime.combine(tomorrow, time(8, 0)),
    )


@dataclass(frozen=True)
class SecondEntry:
    """What the second nurse types in the independent check (all text, all required)."""

    weight: str = ""
    weight_unit: str = "kg"
    indication_id: str | None = None
    product_id: str | None = None
    dose: str = ""
    days: str = ""


_WHOLE = re.compile(r"^\d{1,3}$")


def second_request(first: PlanRequest, entry: SecondEntry) -> PlanRequest:
    """The first request with the second nurse's weight, indication, product, dose and days
    (height, sex, risks, start, protocol and lot changes stay the first nurse's; the lots too
    when the product is the same). Raises FormErrors naming every unreadable field."""
    errors: dict[str, str] = {}
    weight: float | None = None
    dose: float | None = None
    days: int | None = None
    if not entry.weight.strip():
        errors["weight"] = "required: enter the weight from the order or the scale"
    else:
        try:
            weight = weight_kg(FormState(weight=entry.weight, weight_unit=entry.weight_unit))
        except ValueError as exc:
            errors["weight"] = str(exc)
    if entry.indication_id is None:
        errors["indication"] = "choose the indication"
    if entry.product_id is None:
        errors["product"] = "choose the product"
    if not entry.dose.strip():
        errors["dose"] = "required: enter the prescribed dose in mg/kg"
    else:
        try:
            dose = parse_number(entry.dose)
        except ValueError as exc:
            errors["dose"] = str(exc)
    text = entry.days.strip()
    if not text:
        errors["days"] = "required: enter the number of days"
    elif not _WHOLE.match(text):
        errors["days"] = f"'{text}' is not a whole number of days"
    else:
        days = int(text)
    if errors:
        raise FormErrors(errors)
    assert weight is not None and entry.indication_id is not None
    assert entry.product_id is not None
    return first.model_copy(update={
        "patient": first.patient.model_copy(update={"weight_kg": weight}),
        "indication_id": entry.indication_id, "product_id": entry.product_id,
        "dose_mg_kg": dose, "days": days,
        "lots": first.lots if entry.product_id == first.product_id else (),
    })
