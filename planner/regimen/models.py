"""Pydantic models of the regimen file: the one place every clinical number comes from.

Every product, protocol and indication carries a ``source``; every choice a label leaves to
the site carries ``basis: "site-policy"`` so the GUI and PDF can say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.core.quantities import same
from planner.core.units import RateUnit
from planner.core.warning_codes import FILE_WARNING_CODE_PATTERN, FileWarningCode
from planner.regimen import plausibility as P
from planner.regimen.range_text import outside_words, vial_volume_words, whole_centigrams_words
from planner.regimen.reserved import reserved_code_problem


def _within(limits: tuple[float, float], unit: str) -> Callable[[float], float]:
    """An after-validator refusing a value outside a plausible range (see plausibility)."""

    def check(value: float) -> float:
        low, high = limits
        if not low <= value <= high:
            raise ValueError(outside_words(value, low, high, unit))
        return value

    return check


def _file_code(code: str) -> str:
    problem = reserved_code_problem(code)
    if problem:
        raise ValueError(problem)
    return code


def _ranged(limits: tuple[float, float], unit: str) -> AfterValidator:
    return AfterValidator(_within(limits, unit))


Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Minutes = Annotated[int, Field(gt=0, le=24 * 60)]
HoldMinutes = Annotated[int, Field(gt=0), _ranged(P.HOLD_MIN, "min")]
VitalsMinutes = Annotated[int, Field(gt=0), _ranged(P.VITALS_MIN, "min")]
_FINITE = Field(gt=0, allow_inf_nan=False)
Concentration = Annotated[float, _FINITE, _ranged(P.CONCENTRATION_MG_ML, "mg/mL")]
MgKgMin = Annotated[float, _FINITE, _ranged(P.RATE_MG_KG_MIN, "mg/kg/min")]
DoseMgKg = Annotated[float, _FINITE, _ranged(P.DOSE_MG_KG, "mg/kg")]
Hours = Annotated[float, _FINITE, _ranged(P.FIXED_HOURS, "h")]
StepFactor = Annotated[float, Field(gt=1, allow_inf_nan=False), _ranged(P.STEP_FACTOR, "×")]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
FileCode = Annotated[
    FileWarningCode, Field(pattern=FILE_WARNING_CODE_PATTERN, max_length=64),
    AfterValidator(_file_code),
]


class Basis(StrEnum):
    """Where a number or rule comes from."""

    LABEL = "label"
    MAKER = "maker"  # the manufacturer's own dosing page or calculator
    SEED = "seed"  # the online clinical summary the product started from (no primary source)
    SITE_POLICY = "site-policy"


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    STOP = "stop"


class Route(StrEnum):
    IV = "iv"
    IM = "im"


class DoseBasis(StrEnum):
    COURSE = "course"  # mg/kg for the whole course, split equally over the days
    DAY = "day"  # mg/kg given on each day


class RiskFlag(StrEnum):
    """Patient risk flags; the values are the CLI's ``--risk`` words."""

    RENAL = "renal"
    THROMBOSIS = "thrombosis"
    IGA_ANTIBODIES = "iga-antibodies"
    AB_BLOOD_GROUP = "ab-blood-group"
    FRUCTOSE_INTOLERANCE = "fructose-intolerance"
    HYPERPROLINAEMIA = "hyperprolinaemia"
    CORN_ALLERGY = "corn-allergy"


class Strict(BaseModel):
    # defer_build: schemas are built on the first load, not at import (~20 ms off start-up)
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Vial(Strict):
    grams: Annotated[float, Field(gt=0, allow_inf_nan=False), _ranged(P.VIAL_GRAMS, "g")]
    ml: Annotated[float, Field(gt=0, allow_inf_nan=False), _ranged(P.VIAL_ML, "mL")]

    @field_validator("grams")
    @classmethod
    def _whole_centigrams(cls, value: float) -> float:
        if abs(value * 100 - round(value * 100)) > 1e-6:
            raise ValueError(whole_centigrams_words(value))
        return value


class Contraindication(Strict):
    """A patient flag that forbids this product (e.g. sorbitol and fructose intolerance), or,
    where the label words it as a precaution, only cautions (``severity``)."""

    risk: RiskFlag
    code: FileCode
    severity: Severity = Severity.STOP
    message: Text
    source: Text


class LabeledAge(Strict):
    """The ages a label names for one of the product's indications ('*': all of them).

    No ``min_years`` and no ``max_years``: the label states no age limit for it. An indication
    with no entry at all: the file records nothing, so no age rule applies to it.
    """

    indication: Annotated[str, Field(pattern=r"^(\*|[a-z0-9][a-z0-9-]*)$")] = "*"
    min_years: NonNegative | None = None
    max_years: Positive | None = None
    text: Text  # as the label words it, e.g. "adults and adolescents 12–17 years"
    source: Text

    @model_validator(mode="after")
    def _ordered(self) -> LabeledAge:
        if (
            self.min_years is not None and self.max_years is not None
            and self.max_years <= self.min_years
        ):
            raise ValueError("max_years must be above min_years")
        return self

    def contains(self, age_years: float) -> bool:
        if self.min_years is not None and age_years < self.min_years:
            return False
        return self.max_years is None or age_years <= self.max_years


class AgeContraindication(Strict):
    """An age below which the product must not be given (e.g. sorbitol under 2 years)."""

    under_years: Positive
    code: FileCode
    severity: Severity = Severity.STOP
    message: Text
    source: Text


NOT_STATED = "not stated on the label"
"""What a preparation field says where the label is silent: never a guess."""


class Preparation(Strict):
    """How the label says the product is prepared and given, printed where the nurse prepares
    it. Each field is the label's wording in short, or :data:`NOT_STATED`."""

    dilution: Text = NOT_STATED
    line_and_flush: Text = NOT_STATED
    filter: Text = NOT_STATED
    temperature: Text = NOT_STATED
    use_within: Text = NOT_STATED  # after spiking or pooling
    handling: Text = NOT_STATED  # shake, freeze, heat
    technique: Text = NOT_STATED  # needle, stopper, injection site
    source: Text

    def rows(self) -> tuple[tuple[str, str], ...]:
        """(heading, text) in the order a nurse prepares; fields the label is silent on last."""
        rows = (
            ("Dilution", self.dilution), ("Line / flush", self.line_and_flush),
            ("Filter", self.filter), ("Temperature", self.temperature),
            ("Use within", self.use_within), ("Handling", self.handling),
            ("Technique", self.technique),
        )
        return tuple(sorted(rows, key=lambda r: r[1] == NOT_STATED))


class ProductWarning(Strict):
    code: FileCode
    severity: Severity
    message: Text
    source: Text


class StepRule(Strict):
    """How the rate rises after the first hold.

    ``site-default`` means the label says only "increase gradually": the site policy's
    default steps apply. ``multiply`` multiplies the previous rate, ``add`` adds an increment,
    ``multiples`` lists multiples of the initial rate, ``table`` lists the rates themselves.
    """

    kind: Literal["site-default", "multiply", "add", "multiples", "table"]
    factor: StepFactor | None = None
    increment: Positive | None = None
    values: Annotated[tuple[Positive, ...], Field(max_length=30)] | None = None
    basis: Basis
    source: Text

    @model_validator(mode="after")
    def _fields_match_kind(self) -> StepRule:
        needs = {"multiply": "factor", "add": "increment", "multiples": "values", "table": "values"}
        field = needs.get(self.kind)
        if field is not None and getattr(self, field) is None:
            raise ValueError(f"step kind '{self.kind}' needs '{field}'")
        if self.kind == "multiply" and self.factor is not None and self.factor <= 1:
            raise ValueError("factor must be > 1")
        if self.values is not None:
            if not self.values:
                raise ValueError("values must not be empty")
            if any(b <= a for a, b in zip(self.values, self.values[1:], strict=False)):
                raise ValueError("values must increase")
        return self


class TitrationSpec(Strict):
    """A ramp of rates: initial rate, hold, step rule and maximum. Labels and sites both."""

    unit: RateUnit
    initial_rate: Positive
    first_hold_min: HoldMinutes | None = Field(
        default=None, description="None: the label gives no hold time; site policy applies"
    )
    interval_min: HoldMinutes | None = Field(
        default=None, description="None: the label gives no step interval; site policy applies"
    )
    interval_basis: Basis = Basis.LABEL
    steps: StepRule
    max_rate: Positive
    notes: tuple[Text, ...] = ()
    source: Text

    @model_validator(mode="after")
    def _max_not_below_initial(self) -> TitrationSpec:
        self.check_rates(None)
        if self.max_rate < self.initial_rate:
            raise ValueError(
                f"max_rate {self.max_rate} is below initial_rate {self.initial_rate}"
            )
        if self.steps.kind == "table" and self.steps.values and (
            self.steps.values[0] != self.initial_rate
        ):
            raise ValueError("a step table must start at initial_rate")
        if self.steps.kind == "multiples" and self.steps.values and self.steps.values[0] != 1:
            raise ValueError("a multiples list must start at 1 (the initial rate)")
        return self

    def check_rates(self, concentration_mg_ml: float | None, where: str = "") -> None:
        """Every rate of the ramp inside the plausible range for its unit (and, where the
        product is known, its concentration), naming the field."""
        unit = self.unit
        P.check_rate(f"{where}initial_rate", self.initial_rate, unit, concentration_mg_ml)
        P.check_rate(f"{where}max_rate", self.max_rate, unit, concentration_mg_ml)
        rule = self.steps
        if rule.kind == "table":
            for value in rule.values or ():
                P.check_rate(f"{where}steps.values", value, unit, concentration_mg_ml)
        if rule.kind == "multiples":
            for value in rule.values or ():
                P.check_range(f"{where}steps.values", value, P.MULTIPLES, "× the initial rate")
        if rule.increment is not None:
            low, high = P.rate_limits(unit, concentration_mg_ml)
            P.check_range(f"{where}steps.increment", rule.increment, (low / 10, high), unit.value)


class Protocol(TitrationSpec):
    """A label's rate-titration rule for one product and one indication."""

    indication: Identifier
    risk_max_rate_mg_kg_min: MgKgMin | None = Field(
        default=None,
        description="The label's own cap for renal/thrombosis risk; None: site-policy cap",
    )
    risk_rule: Text

    @field_validator("unit")
    @classmethod
    def _per_kg(cls, unit: RateUnit) -> RateUnit:
        if not unit.per_kg:
            raise ValueError("a label protocol is per kg: use mg/kg/min, mL/kg/min or mL/kg/h")
        return unit


class ProtocolScope(Strict):
    """Whom a site protocol was written for; outside it the label protocol runs instead."""

    min_weight_kg: Annotated[float, Field(gt=0), _ranged(P.WEIGHT_KG, "kg")] | None = None
    adults_only: bool = False
    text: Text  # e.g. "adults ≥ 50 kg (adult IVIG order set)"
    source: Text


class SiteProtocol(TitrationSpec):
    """A site's own ramp (e.g. a hospital order set in mL/h); never above the label maximum,
    and never started above the label's initial rate for the patient (the label runs then)."""

    id: Identifier
    name: Text
    applies_to: ProtocolScope | None = None


class ProtocolDefault(Strict):
    """Which protocol the site uses by default; '*' matches any product or indication."""

    product: Annotated[str, Field(pattern=r"^(\*|[a-z0-9][a-z0-9-]*)$")] = "*"
    indication: Annotated[str, Field(pattern=r"^(\*|[a-z0-9][a-z0-9-]*)$")] = "*"
    protocol: Identifier  # "label" or a site protocol id


class Product(Strict):
    id: Identifier
    brand: Text
    manufacturer: Text
    route: Route
    concentration_mg_ml: Concentration
    concentration_source: Text
    vials: tuple[Vial, ...] = Field(min_length=1, max_length=P.MAX_VIAL_SIZES)
    verified: bool = Field(description="False: recalled facts, to be checked against the label")
    excipients: tuple[Text, ...] = ()
    iga_content: Text | None = None
    contraindications: tuple[Contraindication, ...] = ()
    labeled_ages: tuple[LabeledAge, ...] = ()
    im_max_ml_per_site: Annotated[float, _FINITE, _ranged(P.IM_ML, "mL")] | None = Field(
        default=None, description="IM: doses above this volume are divided between muscle sites"
    )
    im_site_source: Text | None = None
    preparation: Preparation | None = None
    age_contraindications: tuple[AgeContraindication, ...] = ()
    warnings: tuple[ProductWarning, ...] = ()
    protocols: tuple[Protocol, ...] = ()
    notes: tuple[Text, ...] = ()
    source: Text

    @model_validator(mode="after")
    def _consistent(self) -> Product:
        seen: set[str] = set()
        for protocol in self.protocols:
            if protocol.indication in seen:
                raise ValueError(f"two protocols for indication '{protocol.indication}'")
            seen.add(protocol.indication)
        if self.route is Route.IV and not self.protocols:
            raise ValueError("an IV product needs at least one protocol")
        conc = self.concentration_mg_ml
        for vial in self.vials:
            expected = vial.grams * 1000 / conc
            if abs(vial.ml - expected) > P.VIAL_ML_TOLERANCE * expected:
                raise ValueError(vial_volume_words(vial.grams, vial.ml, conc, expected))
        for protocol in self.protocols:
            protocol.check_rates(conc, f"protocols[{protocol.indication}].")
        return self

    def protocol_for(self, indication_id: str) -> Protocol | None:
        return next((p for p in self.protocols if p.indication == indication_id), None)

    def labeled_age_for(self, indication_id: str) -> LabeledAge | None:
        """The label's age range for this indication (its own entry first, then '*')."""
        own = next((a for a in self.labeled_ages if a.indication == indication_id), None)
        return own or next((a for a in self.labeled_ages if a.indication == "*"), None)


class DoseRange(Strict):
    """Default, usual range (caution outside) and hard limits (refused outside), in mg/kg."""

    default: DoseMgKg
    usual_min: DoseMgKg
    usual_max: DoseMgKg
    min: DoseMgKg
    max: DoseMgKg
    source: Text

    @model_validator(mode="after")
    def _ordered(self) -> DoseRange:
        if not (self.min <= self.usual_min <= self.default <= self.usual_max <= self.max):
            raise ValueError("need min ≤ usual_min ≤ default ≤ usual_max ≤ max")
        return self


class DaysRange(Strict):
    default: Annotated[int, Field(ge=1, le=10)]
    min: Annotated[int, Field(ge=1, le=10)]
    max: Annotated[int, Field(ge=1, le=10)]

    @model_validator(mode="after")
    def _ordered(self) -> DaysRange:
        if not (self.min <= self.default <= self.max):
            raise ValueError("need min ≤ default ≤ max")
        return self


class FixedDuration(Strict):
    """A regimen given as one infusion over a set time (Kawasaki: over 10–12 h)."""

    min_h: Hours
    max_h: Hours
    planned_h: Hours
    planned_basis: Basis
    source: Text

    @model_validator(mode="after")
    def _ordered(self) -> FixedDuration:
        if not (self.min_h <= self.planned_h <= self.max_h):
            raise ValueError("need min_h ≤ planned_h ≤ max_h")
        return self


class ImDose(Strict):
    """An IM dose as the label gives it: a volume per kg, the label's maximum volume, and
    whether the label gives it for children only. ``dose_mg_kg`` is the number the request
    uses for it (``--dose-mg-kg``); the volume is computed from ``ml_per_kg`` alone."""

    dose_mg_kg: DoseMgKg
    ml_per_kg: Annotated[float, _FINITE, _ranged(P.IM_ML_PER_KG, "mL/kg")]
    max_ml: Annotated[float, _FINITE, _ranged(P.IM_ML, "mL")] | None = None
    children_only: bool = False
    label: Text
    source: Text


class DoseOption(Strict):
    """An alternative dose restricted by weight (Kawasaki: 1 g/kg for ≥ 25 kg)."""

    dose_mg_kg: DoseMgKg
    min_weight_kg: Annotated[float, Field(gt=0), _ranged(P.WEIGHT_KG, "kg")] | None = None
    label: Text
    source: Text


class IndicationWarning(Strict):
    code: FileCode
    severity: Severity
    message: Text
    source: Text


class Indication(Strict):
    id: Identifier
    name: Text
    group: Text
    route: Route
    dose_mg_kg: DoseRange
    dose_basis: DoseBasis
    days: DaysRange
    repeat: Text
    repeat_interval_days: Annotated[int, Field(ge=1, le=366)] | None = Field(
        default=None, description="Shortest labeled interval to the next course, for 'next due'"
    )
    fixed_duration: FixedDuration | None = None
    dose_options: tuple[DoseOption, ...] = ()
    labeled_products: tuple[Identifier, ...] = ()
    im_ml_per_mg: Annotated[
        float, Field(gt=0, allow_inf_nan=False), _ranged(P.IM_ML_PER_MG, "mL/mg")
    ] | None = Field(
        default=None, description="IM regimens: mL per mg IgG (0.25 mL/kg ≙ 40 mg/kg)"
    )
    im_doses: tuple[ImDose, ...] = ()
    warnings: tuple[IndicationWarning, ...] = ()
    notes: tuple[Text, ...] = ()
    source: Text

    def im_dose_for(self, dose_mg_kg: float) -> ImDose | None:
        return next(
            (d for d in self.im_doses if same(d.dose_mg_kg, dose_mg_kg)), None
        )


class DefaultSteps(Strict):
    hold_min: HoldMinutes
    interval_min: HoldMinutes
    factor: StepFactor
    basis: Literal[Basis.SITE_POLICY] = Basis.SITE_POLICY
    source: Text

    @field_validator("factor")
    @classmethod
    def _rises(cls, value: float) -> float:
        if value <= 1:
            raise ValueError("factor must be > 1")
        return value


class VialRounding(Strict):
    tolerance_pct: Annotated[
        float, Field(ge=0, allow_inf_nan=False), _ranged(P.TOLERANCE_PCT, "%")
    ]
    ties: Literal["lower"]
    then: Literal["fewest-vials"]
    source: Text


class WeightPolicy(StrEnum):
    """Which dosing-weight rule the site follows (each with its public source in the file)."""

    BMI_30_ADULTS = "bmi-30-adults"  # adjusted weight for adults ≥ min height with BMI ≥ 30
    AUSTRALIA_2026 = "australia-2026"  # adjusted by default for adults ≥ min height (NBA)
    IBW_120 = "ibw-120"  # adjusted above 120 % of ideal body weight (US order sets)
    ACTUAL = "actual"  # actual body weight always


class WeightScreen(Strict):
    """A typing-error screen (a weight in lb left on kg, a height in inches left on cm), not a
    dose rule: outside these figures the nurse confirms the weight and its unit before any plan
    is shown; no dose changes. The figures are the site's to set for its own patients."""

    basis: Literal[Basis.SITE_POLICY] = Basis.SITE_POLICY
    bmi_low: Annotated[float, Field(ge=5, le=30, allow_inf_nan=False)] = 12
    bmi_high: Annotated[float, Field(ge=30, le=150, allow_inf_nan=False)] = 70
    heavy_without_height_adult_kg: Annotated[float, Field(ge=40, le=400, allow_inf_nan=False)] = 130
    heavy_without_height_child_kg: Annotated[float, Field(ge=10, le=200, allow_inf_nan=False)] = 80
    source: Text = (
        "Site policy (typing-error screen, not a dose rule): a BMI outside 12–70, or with no "
        "height a weight above 130 kg for an adult or 80 kg for a child, is confirmed with its "
        "unit before a plan is shown. Set the figures for the site's own patients."
    )


class DosingWeightRule(Strict):
    policy: WeightPolicy = WeightPolicy.BMI_30_ADULTS
    policy_sources: dict[WeightPolicy, Text] = Field(
        default_factory=dict, description="The public practice each choice follows"
    )
    adjust_above_ibw_pct: Annotated[float, Field(gt=100, le=200)] = 120
    pregnancy_advice: Text | None = None
    min_height_cm: Annotated[float, Field(gt=0), _ranged(P.HEIGHT_CM, "cm")]
    obesity_bmi: Annotated[float, Field(gt=0), _ranged(P.BMI, "kg/m²")]
    adjustment_factor: Annotated[float, Field(gt=0, le=1)]
    ibw_male_kg: Annotated[float, Field(gt=0), _ranged(P.IBW_KG, "kg")]
    ibw_female_kg: Annotated[float, Field(gt=0), _ranged(P.IBW_KG, "kg")]
    ibw_kg_per_inch_over_60: Annotated[float, Field(gt=0), _ranged(P.IBW_KG_PER_INCH, "kg")]
    source: Text


class VitalsTiming(Strict):
    after_start_min: VitalsMinutes
    at_max_every_min: VitalsMinutes


class VitalsPolicy(Strict):
    """When the nurse records vital signs (site policy; labels say only 'monitor')."""

    before_start: bool
    at_rate_change: bool
    at_end: bool
    after_end_min: VitalsMinutes | None
    standard: VitalsTiming
    first_infusion: VitalsTiming
    source: Text


class ChairPolicy(Strict):
    """Chair booking around the infusion (site policy): minutes before the pump starts."""

    check_in_min: Annotated[int, Field(ge=0, le=240)]
    pre_checks_min: Annotated[int, Field(ge=0, le=240)]
    source: Text


class SitePolicies(Strict):
    """Choices the labels leave to the site; every one is shown as site policy where used."""

    basis: Literal[Basis.SITE_POLICY] = Basis.SITE_POLICY
    default_steps: DefaultSteps
    risk_cap_mg_kg_min: MgKgMin
    risk_cap_source: Text
    vial_rounding: VialRounding
    pump_rate_step_ml_h: Annotated[
        float, Field(gt=0, allow_inf_nan=False), _ranged(P.PUMP_STEP_ML_H, "mL/h")
    ]
    pump_rate_source: Text
    dosing_weight: DosingWeightRule
    weight_screen: WeightScreen = Field(default_factory=WeightScreen)
    default_start_time: time
    unlabeled_product_rule: Literal["most-conservative-protocol"]
    unlabeled_product_source: Text
    pump_cap_ml_h: Annotated[
        float, Field(gt=0, allow_inf_nan=False), _ranged(P.PUMP_CAP_ML_H, "mL/h")
    ] | None = Field(
        default=None, description="Absolute pump-rate cap for every plan; None: no site cap"
    )
    pump_cap_source: Text | None = None
    pump_max_ml_h: Annotated[
        float, Field(gt=0, allow_inf_nan=False), _ranged(P.PUMP_MAX_ML_H, "mL/h")
    ] = Field(default=999.0, description="The most the site's volumetric pumps deliver")
    pump_max_source: Text = (
        "Site policy: the most the site's volumetric pumps deliver, to be confirmed by the "
        "site's biomedical engineering for the pumps in use. The default 999 mL/h is the usual "
        "upper limit of volumetric pumps (UCLH Injectable Medicines Administration Guide, "
        "'Infusion pumps' §9.2 Volumetric pumps: usual range 1–999 mL/h; public copy "
        "basicmedicalkey.com/infusion-pumps, read 2026-11). Pumps differ: the BD Alaris GP plus "
        "volumetric pump programs 0.1–1200 mL/h (BD specification sheet, Specifications: "
        "infusion rate range; anyflip.com/xciu/fuuk/basic, read 2026-11). The BD Alaris System "
        "with Guardrails Suite MX User Manual states its battery run time for pump modules "
        "infusing at 999 mL/h (Specifications and Symbols; public copy "
        "easymanua.ls/bd/alaris/manual?p=73, read 2026-11) but not a maximum rate. No maker's "
        "manual stating 999 mL/h as the maximum of a named pump was found"
    )
    vitals: VitalsPolicy | None = None
    restart_ramp_on_lot_change: bool = False
    restart_ramp_source: Text | None = None
    new_start_after_weeks: Annotated[float, Field(gt=0, le=520, allow_inf_nan=False)] | None = (
        Field(default=None, description="More weeks than this since the last infusion: the "
              "patient counts as new (starts at the minimum rate); None: never by the gap")
    )
    new_start_source: Text | None = None
    first_infusion_max_ml_kg_min: Annotated[
        float, Field(gt=0, le=0.2, allow_inf_nan=False)
    ] | None = Field(default=None, description="A site's cap for a new start; None: no cap")
    first_infusion_max_source: Text | None = None
    resume_restarts_hold: bool = Field(
        default=True,
        description="After a pause, the resumed rate is held a full step interval before the "
        "next increase (True) or only for what was left of its hold (False)",
    )
    resume_hold_source: Text | None = None
    chair: ChairPolicy | None = None


class ChecklistItem(Strict):
    id: Identifier
    text: Text
    routes: tuple[Route, ...] = (Route.IV, Route.IM)  # the plans it applies to


class ReactionPlan(Strict):
    premedication: tuple[Text, ...]
    steps: tuple[Text, ...]
    source: Text


class RegimenFile(Strict):
    format: Literal[1]
    version: Annotated[str, Field(min_length=1, max_length=40)]
    published: date
    title: Text
    sources: dict[Identifier, Text]
    site_policies: SitePolicies
    general_warnings: tuple[IndicationWarning, ...] = ()
    site_protocols: tuple[SiteProtocol, ...] = ()
    protocol_defaults: tuple[ProtocolDefault, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    checklist_source: Text | None = None
    reaction_plan: ReactionPlan | None = None
    products: tuple[Product, ...] = Field(min_length=1)
    indications: tuple[Indication, ...] = Field(min_length=1)

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):  # Literal[1] would take true (true == 1)
            raise ValueError("Input should be 1, not true")
        return value

    @model_validator(mode="after")
    def _cross_references(self) -> RegimenFile:
        product_ids = [p.id for p in self.products]
        indication_ids = [i.id for i in self.indications]
        for kind, ids in (("product", product_ids), ("indication", indication_ids)):
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} id: {', '.join(dupes)}")
        by_indication = {i.id: i for i in self.indications}
        for product in self.products:
            for protocol in product.protocols:
                indication = by_indication.get(protocol.indication)
                if indication is None:
                    raise ValueError(
                        f"product '{product.id}' has a protocol for unknown indication "
                        f"'{protocol.indication}'"
                    )
                if product.id not in indication.labeled_products:
                    raise ValueError(
                        f"product '{product.id}' has a protocol for '{indication.id}' but "
                        f"'{indication.id}'.labeled_products does not list it"
                    )
        for product in self.products:
            for age in product.labeled_ages:
                if age.indication != "*" and age.indication not in by_indication:
                    raise ValueError(
                        f"product '{product.id}' gives an age range for unknown indication "
                        f"'{age.indication}'"
                    )
        by_product = {p.id: p for p in self.products}
        for indication in self.indications:
            for pid in indication.labeled_products:
                listed = by_product.get(pid)
                if listed is None:
                    raise ValueError(
                        f"indication '{indication.id}' lists unknown product '{pid}'"
                    )
                if listed.route is not indication.route:
                    raise ValueError(
                        f"indication '{indication.id}' ({indication.route}) lists "
                        f"'{pid}' ({listed.route})"
                    )
                if listed.route is Route.IV and listed.protocol_for(indication.id) is None:
                    raise ValueError(
                        f"indication '{indication.id}' lists '{pid}' but the product has no "
                        "protocol for it"
                    )
            if (
                indication.route is Route.IM and indication.im_ml_per_mg is None
                and not indication.im_doses
            ):
                raise ValueError(f"IM indication '{indication.id}' needs im_doses")
        self._check_site_protocols(set(by_product), set(by_indication))
        return self

    def _check_site_protocols(self, products: set[str], indications: set[str]) -> None:
        ids = [p.id for p in self.site_protocols]
        dupes = sorted({x for x in ids if ids.count(x) > 1} | ({"label"} & set(ids)))
        if dupes:
            raise ValueError(f"duplicate or reserved site protocol id: {', '.join(dupes)}")
        for default in self.protocol_defaults:
            if default.protocol != "label" and default.protocol not in ids:
                raise ValueError(f"protocol_defaults names unknown protocol '{default.protocol}'")
            if default.product != "*" and default.product not in products:
                raise ValueError(f"protocol_defaults names unknown product '{default.product}'")
            if default.indication != "*" and default.indication not in indications:
                raise ValueError(
                    f"protocol_defaults names unknown indication '{default.indication}'"
                )

    def site_protocol(self, protocol_id: str) -> SiteProtocol | None:
        return next((p for p in self.site_protocols if p.id == protocol_id), None)

    def default_protocol_id(self, product_id: str, indication_id: str) -> str:
        for default in self.protocol_defaults:
            if default.product in ("*", product_id) and default.indication in (
                "*", indication_id
            ):
                return default.protocol
        return "label"

    def product(self, product_id: str) -> Product | None:
        return next((p for p in self.products if p.id == product_id), None)

    def indication(self, indication_id: str) -> Indication | None:
        return next((i for i in self.indications if i.id == indication_id), None)
