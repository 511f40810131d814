"""Collecting plan warnings: one per code, stop first, then caution, then info."""

from __future__ import annotations

from planner.plan.models import PlanWarning
from planner.regimen.models import Severity

SEED = "seed (000_8a04c0140f2b82d7.txt)"
"""How warnings cite the source document the product comes from."""

_ORDER = {Severity.STOP: 0, Severity.CAUTION: 1, Severity.INFO: 2}


class WarningList:
    def __init__(self) -> None:
        self._items: dict[str, PlanWarning] = {}

    def add(self, code: str, severity: Severity, message: str, source: str = "") -> None:
        if code not in self._items:
            self._items[code] = PlanWarning(
                code=code, severity=severity, message=message, source=source
            )

    def sorted(self) -> tuple[PlanWarning, ...]:
        return tuple(sorted(self._items.values(), key=lambda w: _ORDER[w.severity]))
