"""Side-by-side: the same request under every protocol the site offers (label and site)."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.errors import PlanInputError
from planner.core.warning_codes import WarningCode
from planner.plan.engine import build_plan
from planner.plan.limited_by import SET_ASIDE_WORDS
from planner.plan.models import Plan, ProtocolKind
from planner.plan.patient import PlanRequest
from planner.plan.protocol_choice import protocol_ids
from planner.regimen.loading import LoadedRegimen, bundled_regimen


@dataclass(frozen=True)
class ProtocolOption:
    protocol_id: str
    name: str
    kind: ProtocolKind
    first_day_minutes: int
    max_pump_ml_h: float
    steps: int
    limited_by: str
    cautions: int


def compare_protocols(
    request: PlanRequest, loaded: LoadedRegimen | None = None
) -> tuple[ProtocolOption, ...]:
    """One row per protocol; the first day's duration and highest pump rate decide most."""
    loaded = loaded or bundled_regimen()
    rows = []
    for protocol_id in protocol_ids(loaded.regimen):
        try:
            plan = build_plan(request.model_copy(update={"protocol_id": protocol_id}), loaded,
                              as_asked=True)
        except PlanInputError:
            continue
        if plan.protocol is None or not plan.days[0].steps:
            continue  # IM: no infusion to compare
        day = plan.days[0]
        rows.append(
            ProtocolOption(
                protocol_id=protocol_id, name=plan.protocol.protocol_name,
                kind=plan.protocol.protocol_kind, first_day_minutes=day.duration_min,
                max_pump_ml_h=max(s.rate_ml_h for s in day.steps), steps=len(day.steps),
                limited_by=(
                    SET_ASIDE_WORDS if _set_aside(plan) else plan.protocol.limited_by
                ),
                cautions=sum(1 for w in plan.warnings if w.severity.value != "info"),
            )
        )
    return tuple(rows)


def _set_aside(plan: Plan) -> bool:
    return any(
        w.code in (WarningCode.SITE_PROTOCOL_FAST_START, WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT)
        for w in plan.warnings
    )
