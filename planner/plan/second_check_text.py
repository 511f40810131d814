"""What the second check compares, in the words its list of differences shows (dialog, PDF):
one label per compared item, and how a plan's vials and protocol read there."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from planner.core.formatting import trim


class Compared(StrEnum):
    """One item the two independently entered plans must agree on."""

    INDICATION = "indication"
    PRODUCT = "product"
    WEIGHT = "weight"
    DOSING_WEIGHT = "dosing-weight"
    DOSE = "dose"
    DAYS = "days"
    PROTOCOL = "protocol"
    TOTAL_DOSE = "total-dose"
    DAY_DOSE = "day-dose"
    DAY_VIALS = "day-vials"
    DAY_START = "day-start"
    DAY_PUMP_RATES = "day-pump-rates"
    STOP_WARNINGS = "stop-warnings"


_LABELS = {
    Compared.INDICATION: "indication",
    Compared.PRODUCT: "product",
    Compared.WEIGHT: "weight (kg)",
    Compared.DOSING_WEIGHT: "dosing weight (kg)",
    Compared.DOSE: "dose (mg/kg)",
    Compared.DAYS: "days",
    Compared.PROTOCOL: "protocol",
    Compared.TOTAL_DOSE: "total dose (g)",
    Compared.DAY_DOSE: "day {day} dose (g)",
    Compared.DAY_VIALS: "day {day} vials",
    Compared.DAY_START: "day {day} start",
    Compared.DAY_PUMP_RATES: "day {day} pump rates (mL/h)",
    Compared.STOP_WARNINGS: "stop warnings",
}

NO_PROTOCOL = "none (IM)"
"""The protocol of an IM injection plan, which has none."""


def compared_label(item: Compared, day: int | None = None) -> str:
    """'dose (mg/kg)', 'day 2 vials': the compared item as the differences list names it."""
    return _LABELS[item].format(day=day)


def vials_words(vials: Iterable[tuple[int, float]]) -> str:
    """'2 × 10 g + 1 × 5 g' from (count, grams) pairs."""
    return " + ".join(f"{count} × {trim(grams)} g" for count, grams in vials)


class VoidReason(StrEnum):
    """Why a saved second check no longer counts (the plan is printed with it VOID)."""

    NOT_RECORDED = "not-recorded"  # the file does not say which request was checked
    REQUEST_CHANGED = "request-changed"
    DATA_CHANGED = "data-changed"


_VOID = {
    VoidReason.NOT_RECORDED: "the file does not record what was checked",
    VoidReason.REQUEST_CHANGED: "the saved request was changed after the check",
    VoidReason.DATA_CHANGED: "the regimen or site data differ from those it was checked under",
}


def void_words(reason: VoidReason) -> str:
    return _VOID[reason]
