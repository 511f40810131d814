"""What the nurse enters: the patient and the prescription request."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from planner.plan.models import LotEntry
from planner.regimen.models import RiskFlag


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class AgeGroup(StrEnum):
    ADULT = "adult"
    CHILD = "child"


ADULT_AGE_YEARS = 18
"""Labels' 'adults': 18 years and over."""


class Patient(BaseModel):
    """Weight is always stored in kg; the CLI and GUI convert from lb on entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weight_kg: float
    height_cm: float | None = None
    sex: Sex | None = None
    age_group: AgeGroup = AgeGroup.ADULT
    age_years: float | None = None  # optional; when given it decides child or adult
    first_infusion: bool = False
    pregnant: bool = False  # the dose uses actual weight, with the site's advice
    product_switch: bool = False  # switching from another immune globulin product
    weeks_since_last: float | None = None  # since the last IG infusion, if known
    risks: frozenset[RiskFlag] = frozenset()
    name: str | None = None
    mrn: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _age_decides_group(cls, data: Any) -> Any:
        """A given age decides child or adult, so every rule reads one consistent group."""
        if isinstance(data, dict):
            age = data.get("age_years")
            if isinstance(age, int | float) and not isinstance(age, bool) and age == age:
                group = AgeGroup.CHILD if age < ADULT_AGE_YEARS else AgeGroup.ADULT
                data = {**data, "age_group": group}
        return data

    @property
    def is_child(self) -> bool:
        return self.age_group is AgeGroup.CHILD


class LotChange(BaseModel):
    """A new lot started on ``day`` at clock time ``at`` (site policy may restart the ramp)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: int
    at: time


class PlanRequest(BaseModel):
    """Everything :func:`planner.plan.engine.build_plan` needs besides the regimen file.

    ``dose_mg_kg`` is read in the indication's basis (per course or per day); None means the
    regimen default. ``days`` None means the regimen default; ``start`` None means the site's
    default start time on ``today``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    patient: Patient
    indication_id: str
    product_id: str
    dose_mg_kg: float | None = None
    days: int | None = None
    start: datetime | None = None
    protocol_id: str | None = None  # "label", a site protocol id, or None: the site default
    lots: tuple[LotEntry, ...] = ()
    lot_changes: tuple[LotChange, ...] = ()
