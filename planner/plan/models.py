"""The immutable Plan the engine returns; the CLI, GUI and PDF only read it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SkipValidation,
    model_serializer,
    model_validator,
)

from planner.core.units import RateUnit
from planner.core.warning_codes import FileWarningCode, WarningCode
from planner.plan.limited_by import LimitedBy
from planner.plan.warning_text import WarningParam, warning_text
from planner.plan.weight_terms import WeightRule
from planner.regimen.models import Basis, DoseBasis, Route, Severity

ClockTime = Annotated[
    datetime, PlainSerializer(lambda t: t.strftime("%Y-%m-%dT%H:%M"), return_type=str)
]
"""ISO 8601 local time to the minute, as the JSON interface promises."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanWarning(Frozen):
    """One warning on the plan: an engine code and the values its text is made from, or a code
    and text the regimen file defines. JSON keeps the public shape: code, severity, message,
    source."""

    code: WarningCode | FileWarningCode
    severity: Severity
    source: str = ""
    params: Annotated[dict[str, WarningParam], SkipValidation] = Field(default_factory=dict)
    text: str | None = None  # a file warning's own words; an engine warning's are made

    @model_validator(mode="after")
    def _text_from_one_place(self) -> PlanWarning:
        if isinstance(self.code, WarningCode):
            if self.text is not None:
                raise ValueError(f"{self.code}: an engine warning's text is made from its code")
            if self.code.per_day and not isinstance(self.params.get("day"), int):
                raise ValueError(f"{self.code}: a per-day warning needs its course day")
        elif self.text is None:
            raise ValueError(f"{self.code}: a file warning carries the file's text")
        return self

    @property
    def message(self) -> str:
        if isinstance(self.code, WarningCode):
            return warning_text(self.code, self.params)
        assert self.text is not None
        return self.text

    @property
    def key(self) -> str:
        """The public code (JSON, print): a per-day code carries its day, one per plan."""
        if isinstance(self.code, WarningCode) and self.code.per_day:
            return f"{self.code}_{self.params['day']}"
        return str(self.code)

    @model_serializer
    def _public(self) -> dict[str, str | Severity]:
        return {"code": self.key, "severity": self.severity, "message": self.message,
                "source": self.source}


class VialCount(Frozen):
    grams: float
    ml: float
    count: int


class RateStep(Frozen):
    number: int
    start: ClockTime
    end: ClockTime
    duration_min: int
    rate: float
    rate_unit: RateUnit
    rate_mg_kg_min: float
    rate_ml_h: float
    volume_ml: float
    cumulative_ml: float
    runs_until_empty: bool
    basis: Basis


class VitalsCheck(Frozen):
    time: ClockTime
    reasons: tuple[str, ...]


class LotEntry(Frozen):
    """A vial lot the nurse entered for a day (kept in saved plans and printed)."""

    day: int
    grams: float
    lot: str
    expiry: date | None = None


class ChairTime(Frozen):
    """How long the day occupies a chair (site policy), so a unit can book chairs."""

    check_in: ClockTime
    checks_start: ClockTime
    infusion_start: ClockTime
    infusion_end: ClockTime
    leaves: ClockTime
    check_in_min: int
    pre_checks_min: int
    observation_min: int
    total_min: int
    source: str


class DayPlan(Frozen):
    day: int
    date: date
    prescribed_g: float
    dose_g: float
    vials: tuple[VialCount, ...]
    vials_cover_exactly: bool
    volume_ml: float
    start: ClockTime
    end: ClockTime
    duration_min: int
    steps: tuple[RateStep, ...]
    vitals: tuple[VitalsCheck, ...] = ()
    lots: tuple[LotEntry, ...] = ()
    ramp_restart_at: ClockTime | None = None  # a lot change restarted the ramp here
    chair: ChairTime | None = None  # check-in to the end of observation (site policy)
    injections_ml: tuple[float, ...] = ()  # IM: the volume for each muscle site


class ProtocolKind(StrEnum):
    """Whose ramp ran: the label's or a site protocol (the JSON ``protocol_kind``)."""

    LABEL = "label"
    SITE = "site"


class ProtocolUsed(Frozen):
    """Which titration rule ran, and what of it is label and what is site policy."""

    product_id: str
    indication_id: str  # the label protocol's indication (differs when off-label)
    labeled: bool
    protocol_id: str  # "label" or the site protocol's id (the CLI's --protocol)
    protocol_name: str
    protocol_kind: ProtocolKind
    unit: RateUnit
    initial_rate: float
    first_hold_min: int
    first_hold_basis: Basis
    interval_min: int
    interval_basis: Basis
    step_rule: str
    step_basis: Basis
    max_rate: float
    max_rate_mg_kg_min: float
    label_max_rate_mg_kg_min: float
    ceiling_mg_kg_min: float  # the highest rate any step may run at, after every cap
    limited_by: LimitedBy
    cap_mg_kg_min: float | None
    cap_basis: Basis | None
    pump_cap_ml_h: float | None
    fixed_duration_h: float | None
    source: str
    step_source: str


class RegimenRef(Frozen):
    version: str
    published: date
    sha256: str
    path: str
    bundled: bool


class SiteFileRef(Frozen):
    """The site file whose choices were in force (None on the plan: bundled choices)."""

    site: str
    file: str
    version: str
    published: date | None = None
    sha256: str


class Plan(Frozen):
    regimen_file: RegimenRef
    indication_id: str
    indication_name: str
    product_id: str
    product_name: str
    product_verified: bool
    route: Route
    concentration_mg_ml: float
    patient_name: str | None
    patient_mrn: str | None
    actual_weight_kg: float
    age_years: float | None = None
    im_ml_per_kg: float | None = None  # IM: the label's volume per kg the plan used
    preparation: tuple[tuple[str, str], ...] = ()  # (heading, label text), from the file
    preparation_source: str = ""
    dosing_weight_kg: float
    dosing_weight_rule: WeightRule
    dosing_weight_explanation: str
    ideal_weight_kg: float | None
    bmi: float | None
    dose_mg_kg: float
    dose_basis: DoseBasis
    days_count: int
    prescribed_total_g: float
    total_g: float
    total_volume_ml: float
    protocol: ProtocolUsed | None
    days: tuple[DayPlan, ...]
    repeat: str
    next_course_due: date | None
    warnings: tuple[PlanWarning, ...]
    sources: tuple[str, ...]
    checklist: tuple[str, ...] = ()
    reaction_premedication: tuple[str, ...] = ()
    reaction_steps: tuple[str, ...] = ()
    site_policy_sources: tuple[str, ...] = ()
    site_file: SiteFileRef | None = None

    @property
    def has_stop(self) -> bool:
        return any(w.severity is Severity.STOP for w in self.warnings)
