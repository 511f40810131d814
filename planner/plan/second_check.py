"""Independent second check: a second nurse enters the prescription blind; every difference
between the two plans is listed before the plan may be printed as checked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from planner.core.formatting import trim as fmt
from planner.plan.models import Plan, VialCount
from planner.plan.second_check_text import NO_PROTOCOL, Compared, compared_label, vials_words


@dataclass(frozen=True)
class Difference:
    field: str
    first: str
    second: str


def compare_plans(first: Plan, second: Plan) -> tuple[Difference, ...]:
    """Inputs first (what was typed), then the numbers a nurse acts on (doses, vials, pumps)."""
    found: list[Difference] = []

    def check(item: Compared, a: object, b: object, day: int | None = None) -> None:
        if a != b:
            found.append(Difference(compared_label(item, day), _text(a), _text(b)))

    check(Compared.INDICATION, first.indication_id, second.indication_id)
    check(Compared.PRODUCT, first.product_id, second.product_id)
    check(Compared.WEIGHT, first.actual_weight_kg, second.actual_weight_kg)
    check(Compared.DOSING_WEIGHT, first.dosing_weight_kg, second.dosing_weight_kg)
    check(Compared.DOSE, first.dose_mg_kg, second.dose_mg_kg)
    check(Compared.DAYS, first.days_count, second.days_count)
    check(Compared.PROTOCOL, _protocol_id(first), _protocol_id(second))
    check(Compared.TOTAL_DOSE, first.total_g, second.total_g)
    for a, b in zip(first.days, second.days, strict=False):
        check(Compared.DAY_DOSE, a.dose_g, b.dose_g, a.day)
        check(Compared.DAY_VIALS, _vials(a.vials), _vials(b.vials), a.day)
        check(Compared.DAY_START, a.start.strftime(_CLOCK), b.start.strftime(_CLOCK), a.day)
        check(Compared.DAY_PUMP_RATES, [s.rate_ml_h for s in a.steps],
              [s.rate_ml_h for s in b.steps], a.day)
    stops_a = sorted(w.key for w in first.warnings if w.severity.value == "stop")
    stops_b = sorted(w.key for w in second.warnings if w.severity.value == "stop")
    check(Compared.STOP_WARNINGS, stops_a, stops_b)
    return tuple(found)


_CLOCK = "%Y-%m-%d %H:%M"


def _protocol_id(plan: Plan) -> str:
    return plan.protocol.protocol_id if plan.protocol else NO_PROTOCOL


def _vials(vials: tuple[VialCount, ...]) -> str:
    return vials_words((v.count, v.grams) for v in vials)


def _text(value: object) -> str:
    if isinstance(value, float):
        return fmt(value)
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "—"
    return str(value)


@dataclass(frozen=True)
class SecondCheckRecord:
    """The outcome printed on the schedule: who checked, when, and whether the plans matched."""

    checked_by: str
    checked_at: datetime
    differences: tuple[Difference, ...]
    void_reason: str = ""  # a saved check no longer bound to this request or data: VOID

    @property
    def matched(self) -> bool:
        return not self.differences and not self.void_reason

    def voided(self, reason: str) -> SecondCheckRecord:
        return replace(self, void_reason=reason)
