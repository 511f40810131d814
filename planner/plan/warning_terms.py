"""The structured values engine warnings carry: what the engine found, as data, so that only
the text modules (``warning_text``, ``age_text``) turn it into words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.regimen.models import LabeledAge


class NewStartReason(StrEnum):
    """Why a patient counts as a new start (labels: start at the minimum rate)."""

    FIRST_INFUSION = "first-infusion"
    PRODUCT_SWITCH = "product-switch"
    LONG_GAP = "long-gap"  # more weeks since the last infusion than the site allows


class SetAsideWhy(StrEnum):
    """Why a site protocol does not run for this patient."""

    CHILD = "child"  # written for adults only
    UNDER_WEIGHT = "under-weight"  # written for patients from a minimum weight
    FAST_START = "fast-start"  # its first step is above the label's initial rate


@dataclass(frozen=True)
class ClockShift:
    """A daylight-saving change during one day's infusion (minutes: + forward, − back)."""

    day: int
    date: date
    minutes: int


@dataclass(frozen=True)
class AgeContraindicated:
    """An age contraindication that could not be checked without the age."""

    brand: str
    under_years: float


@dataclass(frozen=True)
class LabeledAgeUnchecked:
    """A labeled age range that could not be checked without the age."""

    brand: str
    indication: str
    age: LabeledAge


@dataclass(frozen=True)
class ChildrenOnlyDose:
    """An IM dose the label gives for children only, not checked without the age."""

    ml_per_kg: float
    label: str


UncheckedAgeRule = AgeContraindicated | LabeledAgeUnchecked | ChildrenOnlyDose
