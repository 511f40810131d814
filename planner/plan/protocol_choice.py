"""Which ramp runs for a plan, and what limits it: label or site protocol, risk cap, the
label maximum over a site protocol, and the site's absolute pump-rate cap."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.quantities import above
from planner.core.units import RateUnit, to_mg_kg_min
from planner.core.warning_codes import WarningCode
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused
from planner.plan.limited_by import LimitedBy
from planner.plan.new_start import new_start_reasons
from planner.plan.patient import Patient, PlanRequest
from planner.plan.protocol_text import label_protocol_name
from planner.plan.titration import Ladder, Limit, build_ladder, pump_rate
from planner.plan.warning_rules import LABEL_START_LOW, WarningList
from planner.plan.warning_terms import SetAsideWhy
from planner.plan.warning_text import WarningParam
from planner.regimen.models import (
    Basis,
    Indication,
    Product,
    Protocol,
    RegimenFile,
    RiskFlag,
    Severity,
    SiteProtocol,
    TitrationSpec,
)

LABEL = "label"


@dataclass(frozen=True)
class SetAside:
    """A site protocol the plan did not run for this patient (the label protocol ran), and why
    (the numbers behind it; the words are in ``warning_text``)."""

    protocol: SiteProtocol
    code: WarningCode  # SITE_PROTOCOL_FAST_START or SITE_PROTOCOL_NOT_FOR_PATIENT
    why: SetAsideWhy
    params: dict[str, WarningParam]


def set_aside_reason(
    spec: SiteProtocol, label: Protocol, patient: Patient, conc: float, weight_kg: float,
    step_ml_h: float,
) -> SetAside | None:
    """Why this site protocol is not for this patient, or None when it is."""
    scope = spec.applies_to
    if scope is not None:
        if scope.adults_only and patient.is_child:
            return SetAside(spec, WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT, SetAsideWhy.CHILD,
                            {"written_for": scope.text})
        if scope.min_weight_kg is not None and weight_kg < scope.min_weight_kg:
            return SetAside(spec, WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT,
                            SetAsideWhy.UNDER_WEIGHT,
                            {"written_for": scope.text, "weight_kg": weight_kg})
    site_start = to_mg_kg_min(spec.initial_rate, spec.unit, conc, weight_kg)
    label_start = to_mg_kg_min(label.initial_rate, label.unit, conc)
    if above(site_start, label_start):
        label_ml_h = pump_rate(label_start, weight_kg, conc, step_ml_h)
        return SetAside(
            spec, WarningCode.SITE_PROTOCOL_FAST_START, SetAsideWhy.FAST_START,
            {"site_rate": spec.initial_rate, "site_unit": spec.unit,
             "site_mg_kg_min": site_start, "label_mg_kg_min": label_start,
             "label_ml_h": label_ml_h},
        )
    return None


@dataclass(frozen=True)
class TitrationChoice:
    label: Protocol  # the label protocol, or the product's most conservative one
    labeled: bool  # False: the product has no protocol for this indication
    spec: TitrationSpec  # what runs: ``label`` or a site protocol
    protocol_id: str  # "label" or the site protocol's id
    risk_cap: float | None  # mg/kg/min
    risk_cap_basis: Basis | None
    pump_cap_ml_h: float | None
    ladder: Ladder
    set_aside: SetAside | None = None  # a site protocol not used for this patient, and why
    pump_max_ml_h: float | None = None  # the most the site's pumps deliver (site policy)

    @property
    def is_site(self) -> bool:
        return isinstance(self.spec, SiteProtocol)

    @property
    def name(self) -> str:
        if isinstance(self.spec, SiteProtocol):
            return self.spec.name
        return label_protocol_name(self.label.indication)

    def ceiling_mg_kg_min(self, concentration_mg_ml: float, weight_kg: float) -> float:
        """The lowest of label maximum, a chosen site protocol's maximum, risk cap and pump
        cap: the one rate a fixed-duration regimen may not pass."""
        values = [to_mg_kg_min(self.label.max_rate, self.label.unit, concentration_mg_ml)]
        if isinstance(self.spec, SiteProtocol):
            values.append(
                to_mg_kg_min(self.spec.max_rate, self.spec.unit, concentration_mg_ml, weight_kg)
            )
        if self.risk_cap is not None:
            values.append(self.risk_cap)
        for pump in (self.pump_cap_ml_h, self.pump_max_ml_h):
            if pump is not None:
                values.append(to_mg_kg_min(pump, RateUnit.ML_H, concentration_mg_ml, weight_kg))
        return min(values)


def protocol_ids(regimen: RegimenFile) -> tuple[str, ...]:
    """Every protocol a nurse may choose: the label's, then the site's."""
    return (LABEL, *(p.id for p in regimen.site_protocols))


def choose_titration(
    request: PlanRequest, regimen: RegimenFile, product: Product, indication: Indication,
    weight_kg: float, *, as_asked: bool = False,
) -> TitrationChoice:
    """The ramp for this plan. A site protocol not written for this patient, or starting above
    the label's initial rate for them, is set aside for the label's (``as_asked``: run it
    anyway, for the side-by-side comparison only)."""
    label, labeled = label_protocol(product, indication)
    wanted = request.protocol_id or regimen.default_protocol_id(product.id, indication.id)
    conc = product.concentration_mg_ml
    spec: TitrationSpec
    set_aside = None
    if wanted == LABEL:
        spec = label
    else:
        site_protocol = regimen.site_protocol(wanted)
        if site_protocol is None:
            raise InputRefused("protocol", InputProblem.UNKNOWN_PROTOCOL, wanted=wanted,
                               known=protocol_ids(regimen))
        spec = site_protocol
        if indication.fixed_duration is None:  # a fixed-duration rate uses only its maximum
            set_aside = set_aside_reason(
                site_protocol, label, request.patient, conc, weight_kg,
                regimen.site_policies.pump_rate_step_ml_h,
            )
        if set_aside is not None and not as_asked:
            spec, wanted = label, LABEL
    risk_cap, risk_basis = _risk_cap(request, label, regimen)
    pump_cap = regimen.site_policies.pump_cap_ml_h
    limits = []
    if risk_cap is not None:
        limits.append(Limit(risk_cap, LimitedBy.RISK))
    if isinstance(spec, SiteProtocol):
        limits.append(Limit(to_mg_kg_min(label.max_rate, label.unit, conc), LimitedBy.LABEL))
    if pump_cap is not None:
        limits.append(Limit(to_mg_kg_min(pump_cap, RateUnit.ML_H, conc, weight_kg), LimitedBy.PUMP))
    pump_max = regimen.site_policies.pump_max_ml_h
    limits.append(Limit(to_mg_kg_min(pump_max, RateUnit.ML_H, conc, weight_kg), LimitedBy.PUMP_MAX))
    first_cap = regimen.site_policies.first_infusion_max_ml_kg_min
    if first_cap is not None and new_start_reasons(request.patient, regimen.site_policies):
        limits.append(Limit(first_cap * conc, LimitedBy.FIRST_INFUSION))  # mL/kg/min × mg/mL
    ladder = build_ladder(spec, regimen.site_policies, conc, weight_kg, limits)
    return TitrationChoice(label, labeled, spec, wanted, risk_cap, risk_basis, pump_cap, ladder,
                           set_aside, pump_max)


def label_protocol(product: Product, indication: Indication) -> tuple[Protocol, bool]:
    """The label protocol, or the product's most conservative one (lowest maximum rate)."""
    own = product.protocol_for(indication.id)
    if own is not None:
        return own, True
    conc = product.concentration_mg_ml

    def strictness(p: Protocol) -> tuple[float, float]:
        return (to_mg_kg_min(p.max_rate, p.unit, conc), to_mg_kg_min(p.initial_rate, p.unit, conc))

    return min(product.protocols, key=strictness), False


def _risk_cap(
    request: PlanRequest, protocol: Protocol, regimen: RegimenFile
) -> tuple[float | None, Basis | None]:
    if not ({RiskFlag.RENAL, RiskFlag.THROMBOSIS} & request.patient.risks):
        return None, None
    if protocol.risk_max_rate_mg_kg_min is not None:
        return protocol.risk_max_rate_mg_kg_min, Basis.LABEL
    return regimen.site_policies.risk_cap_mg_kg_min, Basis.SITE_POLICY


def titration_warnings(
    choice: TitrationChoice, request: PlanRequest, product: Product, indication: Indication,
    regimen: RegimenFile, weight_kg: float, warnings: WarningList,
) -> None:
    """Every rule that shaped the ramp, said aloud: nothing is applied silently."""
    label, ladder, conc = choice.label, choice.ladder, product.concentration_mg_ml
    has_steps = indication.fixed_duration is None
    step = regimen.site_policies.pump_rate_step_ml_h

    def ml_h(rate: float, unit: RateUnit) -> float:
        return pump_rate(to_mg_kg_min(rate, unit, conc, weight_kg), weight_kg, conc, step)

    if not choice.labeled:
        warnings.add(
            WarningCode.OFF_LABEL, Severity.CAUTION, "site policy: unlabeled product rule",
            brand=product.brand, indication=indication.name,
            protocol_indication=label.indication, max_rate=label.max_rate, unit=label.unit,
        )
    reasons = new_start_reasons(request.patient, regimen.site_policies)
    if reasons:
        first = ladder.rungs[0]
        warnings.add(
            WarningCode.FIRST_INFUSION, Severity.CAUTION,
            "; ".join(filter(None, (LABEL_START_LOW, regimen.site_policies.new_start_source))),
            reasons=reasons, weeks_since_last=request.patient.weeks_since_last,
            new_start_after_weeks=regimen.site_policies.new_start_after_weeks,
            rate=first.rate, unit=ladder.unit,
            rate_ml_h=ml_h(first.rate, ladder.unit),
        )
    if has_steps and ladder.limited_by is LimitedBy.FIRST_INFUSION:
        site = regimen.site_policies
        warnings.add(
            WarningCode.FIRST_INFUSION_CAP, Severity.CAUTION,
            site.first_infusion_max_source or "site policy: first-infusion maximum rate",
            max_ml_kg_min=site.first_infusion_max_ml_kg_min,
            cap_ml_h=ml_h(ladder.ceiling, ladder.unit),
            would_reach_ml_h=ml_h(ladder.would_reach, ladder.unit),
        )
    if choice.risk_cap is not None:
        warnings.add(
            WarningCode.RISK_CAP, Severity.CAUTION,
            label.source if choice.risk_cap_basis is Basis.LABEL else "site policy: risk cap",
            risks=tuple(
                r for r in (RiskFlag.RENAL, RiskFlag.THROMBOSIS) if r in request.patient.risks
            ),
            cap_mg_kg_min=choice.risk_cap, basis=choice.risk_cap_basis, capped=ladder.capped,
            risk_rule=label.risk_rule,
        )
    if has_steps and ladder.limited_by is LimitedBy.LABEL:
        warnings.add(
            WarningCode.SITE_PROTOCOL_ABOVE_LABEL, Severity.CAUTION, label.source,
            protocol=choice.name, would_reach_ml_h=ml_h(ladder.would_reach, ladder.unit),
            label_max_rate=label.max_rate, unit=label.unit,
            label_max_ml_h=ml_h(label.max_rate, label.unit),
        )
    if has_steps and ladder.limited_by is LimitedBy.PUMP and choice.pump_cap_ml_h is not None:
        warnings.add(
            WarningCode.PUMP_CAP, Severity.CAUTION,
            regimen.site_policies.pump_cap_source or "site policy: pump-rate cap",
            cap_ml_h=choice.pump_cap_ml_h,
            would_reach_ml_h=ml_h(ladder.would_reach, ladder.unit),
        )
    aside = choice.set_aside
    if aside is not None and has_steps:
        warnings.add(
            aside.code, Severity.CAUTION,
            aside.protocol.applies_to.source
            if aside.code is WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT and aside.protocol.applies_to
            else label.source,
            protocol=aside.protocol.name, why=aside.why, compared_only=choice.is_site,
            **aside.params,
        )
    if choice.is_site and has_steps:
        warnings.add(
            WarningCode.SITE_PROTOCOL, Severity.INFO, choice.spec.source, protocol=choice.name
        )
    elif ladder.uses_site_policy and has_steps:
        by_site = Basis.SITE_POLICY
        warnings.add(
            WarningCode.SITE_POLICY_STEPS, Severity.INFO, label.steps.source, brand=product.brand,
            first_hold_min=(
                ladder.rungs[0].hold_min or ladder.interval_min
                if ladder.first_hold_basis is by_site else None
            ),
            interval_min=ladder.interval_min if ladder.interval_basis is by_site else None,
            step_rule=ladder.step_rule if ladder.step_basis is by_site else None,
        )
