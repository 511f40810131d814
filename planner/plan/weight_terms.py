"""The dosing-weight vocabulary the plan and its warnings share (no dependencies, so the plan
models and the warning text can both use it)."""

from __future__ import annotations

from enum import StrEnum


class WeightRule(StrEnum):
    """Which weight the dose uses (the JSON ``dosing_weight_rule``)."""

    ACTUAL = "actual"
    ADJUSTED = "adjusted"


class Missing(StrEnum):
    """What the nurse did not enter, so the adjusted-weight rule could not be checked."""

    HEIGHT = "height"
    SEX = "sex"
