"""Warning codes: the engine's own, as an enum, and the regimen file's, as a checked string.

The ``code`` of a warning is public (JSON, printed schedules): it never changes once shipped.
Both kinds live in core, the lowest layer, so the regimen loader can refuse a file code that
would collide with an engine code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NewType


class WarningCode(StrEnum):
    """Every warning the engine itself raises (the text for each is in one place)."""

    # patient and product
    IGA_ANTIBODIES = "IGA_ANTIBODIES"
    AB_BLOOD_GROUP = "AB_BLOOD_GROUP"
    UNVERIFIED_PRODUCT = "UNVERIFIED_PRODUCT"
    NOT_STOCKED = "NOT_STOCKED"
    OFF_LABEL = "OFF_LABEL"
    # age
    AGE_OFF_LABEL = "AGE_OFF_LABEL"
    AGE_NOT_CHECKED = "AGE_NOT_CHECKED"
    # dosing weight and dose
    DOSING_WEIGHT_UNCHECKED = "DOSING_WEIGHT_UNCHECKED"
    PREGNANCY_WEIGHT = "PREGNANCY_WEIGHT"
    ADJUSTED_WEIGHT = "ADJUSTED_WEIGHT"
    DOSE_OPTION = "DOSE_OPTION"
    DOSE_OPTION_WEIGHT = "DOSE_OPTION_WEIGHT"
    DOSE_OUTSIDE_USUAL = "DOSE_OUTSIDE_USUAL"
    HEIGHT_NOT_NEEDED = "HEIGHT_NOT_NEEDED"
    # typing-error screens: what the nurse typed may not be what was meant
    WEIGHT_CHECK = "WEIGHT_CHECK"
    START_IN_PAST = "START_IN_PAST"
    START_FAR_AHEAD = "START_FAR_AHEAD"
    # vials and IM volume
    VIAL_PARTIAL = "VIAL_PARTIAL"
    VIAL_ROUNDED = "VIAL_ROUNDED"
    IM_VOLUME_OVER_15_ML = "IM_VOLUME_OVER_15_ML"
    IM_VOLUME_CAPPED = "IM_VOLUME_CAPPED"
    IM_DOSE_FOR_CHILDREN = "IM_DOSE_FOR_CHILDREN"
    IM_INJECTION_SITES = "IM_INJECTION_SITES"
    # titration
    FIRST_INFUSION = "FIRST_INFUSION"
    FIRST_INFUSION_CAP = "FIRST_INFUSION_CAP"
    RISK_CAP = "RISK_CAP"
    SITE_PROTOCOL = "SITE_PROTOCOL"
    SITE_PROTOCOL_ABOVE_LABEL = "SITE_PROTOCOL_ABOVE_LABEL"
    SITE_PROTOCOL_FAST_START = "SITE_PROTOCOL_FAST_START"
    SITE_PROTOCOL_NOT_FOR_PATIENT = "SITE_PROTOCOL_NOT_FOR_PATIENT"
    SITE_POLICY_STEPS = "SITE_POLICY_STEPS"
    PUMP_CAP = "PUMP_CAP"
    PUMP_MAX = "PUMP_MAX"
    CLOCK_CHANGE = "CLOCK_CHANGE"
    """A day's infusion spans a daylight-saving clock change (times shown as the wall clock)."""
    """The ramp ends at the most the site's pumps deliver (site policy, default 999 mL/h)."""
    FIXED_DURATION_CAPPED = "FIXED_DURATION_CAPPED"
    FIXED_DURATION_LONG = "FIXED_DURATION_LONG"
    # the course and the bedside record
    DAYS_OVERLAP = "DAYS_OVERLAP"
    LOT_CHANGE = "LOT_CHANGE"
    LOT_CHANGE_RESTART = "LOT_CHANGE_RESTART"
    LOT_EXPIRED_DAY = "LOT_EXPIRED_DAY"
    """One per course day: its public code carries the day (``LOT_EXPIRED_DAY_2``)."""

    @property
    def per_day(self) -> bool:
        """Raised once for each course day it concerns, not once per plan."""
        return self is WarningCode.LOT_EXPIRED_DAY


FileWarningCode = NewType("FileWarningCode", str)
"""A code the regimen file defines for its own warnings and contraindications.

Not an enum: sites add codes without a release. Not a bare ``str`` either: a distinct type, so
``mypy`` refuses a typo'd literal where a code goes; only an engine ``WarningCode`` member or a
code validated when the file loads (``FILE_WARNING_CODE_PATTERN``) can be one.
"""

FILE_WARNING_CODE_PATTERN = r"^[A-Z0-9_]+$"
