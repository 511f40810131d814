"""Independent second check: a second nurse enters the prescription blind; every difference
between the two plans is listed before the plan may be printed as checked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from planner.core.formatting import trim as fmt
from planner.plan.models import Plan, VialCount


@dataclass(frozen=True)
class Difference:
    field: str
    first: str
    second: str


def compare_plans(first: Plan, second: Plan) -> tuple[Difference, ...]:
    """Inputs first (what was typed), then the numbers a nurse acts on (doses, vials, pumps)."""
    found: list[Difference] = []

    def check(field: str, a: object, b: object) -> None:
        if a != b:
            found.append(Difference(field, _text(a), _text(b)))

    check("indication", first.indication_id, second.indication_id)
    check("product", first.product_id, second.product_id)
    check("weight (kg)", first.actual_weight_kg, second.actual_weight_kg)
    check("dosing weight (kg)", first.dosing_weight_kg, second.dosing_weight_kg)
    check("dose (mg/kg)", first.dose_mg_kg, second.dose_mg_kg)
    check("days", first.days_count, second.days_count)
    check("protocol", _protocol_id(first), _protocol_id(second))
    check("total dose (g)", first.total_g, second.total_g)
    for a, b in zip(first.days, second.days, strict=False):
        label = f"day {a.day}"
        check(f"{label} dose (g)", a.dose_g, b.dose_g)
        check(f"{label} vials", _vials(a.vials), _vials(b.vials))
        check(f"{label} start", f"{a.start:%Y-%m-%d %H:%M}", f"{b.start:%Y-%m-%d %H:%M}")
        check(f"{label} pump rates (mL/h)", [s.rate_ml_h for s in a.steps],
              [s.rate_ml_h for s in b.steps])
    stops_a = sorted(w.key for w in first.warnings if w.severity.value == "stop")
    stops_b = sorted(w.key for w in second.warnings if w.severity.value == "stop")
    check("stop warnings", stops_a, stops_b)
    return tuple(found)


def _protocol_id(plan: Plan) -> str:
    return plan.protocol.protocol_id if plan.protocol else "none (IM)"


def _vials(vials: tuple[VialCount, ...]) -> str:
    return " + ".join(f"{v.count} × {fmt(v.grams)} g" for v in vials)


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
