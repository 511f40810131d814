"""Collecting plan warnings: one per code (the most severe of any that collide), stop first,
then caution, then info."""

from __future__ import annotations

from planner.core.warning_codes import FileWarningCode, WarningCode
from planner.plan.models import PlanWarning
from planner.plan.warning_text import WarningParam
from planner.regimen.models import Severity

# Public citations of rules the engine applies to every product (never an internal note).
LABEL_IGA = (
    "US PIs §4: contraindicated in IgA-deficient patients with antibodies to IgA and a history of "
    "hypersensitivity (e.g. Privigen, privigen.com/hcp/faq, read 2026-11)"
)
LABEL_HEMOLYSIS = (
    "US PIs §5 (hemolysis: risk factors include non-O blood group and high doses; e.g. Privigen "
    "Important Safety Information, privigen.com, read 2026-11)"
)
LABEL_START_LOW = (
    "US PIs §2: patients beginning treatment or switching product start at the lowest infusion "
    "rate (gammagard.com/hcp/pidd/dosing-administration; privigen.com administration guidelines, "
    "read 2026-11)"
)
UNVERIFIED = "regimen file: product marked verified = false (not yet checked against the label)"

_ORDER = {Severity.STOP: 0, Severity.CAUTION: 1, Severity.INFO: 2}


class WarningList:
    def __init__(self) -> None:
        self._items: dict[str, PlanWarning] = {}

    def add(
        self, code: WarningCode, severity: Severity, source: str, **params: WarningParam
    ) -> None:
        """An engine warning: its code and the values its text is made from."""
        self._keep(PlanWarning(code=code, severity=severity, source=source, params=params))

    def add_file(
        self, code: FileWarningCode, severity: Severity, text: str, source: str
    ) -> None:
        """A warning the regimen file defines, in the file's own words."""
        self._keep(PlanWarning(code=code, severity=severity, source=source, text=text))

    def _keep(self, warning: PlanWarning) -> None:
        kept = self._items.get(warning.key)
        if kept is None or _ORDER[warning.severity] < _ORDER[kept.severity]:
            self._items[warning.key] = warning  # the most severe of one code wins

    def sorted(self) -> tuple[PlanWarning, ...]:
        return tuple(sorted(self._items.values(), key=lambda w: _ORDER[w.severity]))
