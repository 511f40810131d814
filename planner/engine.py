"""build_plan: the one function the GUI, the CLI and the PDF exporter call."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from planner.dosing_weight import DosingWeight, dosing_weight
from planner.errors import PlanInputError
from planner.patient import PlanRequest
from planner.plan_models import (
    DayPlan,
    Plan,
    ProtocolUsed,
    RateStep,
    RegimenRef,
    VialCount,
)
from planner.regimen_file import LoadedRegimen, bundled_regimen
from planner.regimen_models import (
    Basis,
    DoseBasis,
    Indication,
    Product,
    Protocol,
    RegimenFile,
    RiskFlag,
    Route,
    Severity,
)
from planner.titration import Ladder, build_ladder, pump_rate, steps_for_bag
from planner.units import RateUnit, from_mg_kg_min, to_mg_kg_min
from planner.validation import CheckedRequest, validate_request
from planner.vials import VialChoice, choose_vials
from planner.warnings import WarningList

SEED = "seed (000_8a04c0140f2b82d7.txt)"


def build_plan(request: PlanRequest, loaded: LoadedRegimen | None = None) -> Plan:
    """Compute the whole course for ``request`` from the regimen file (bundled by default).

    Raises :class:`PlanInputError` naming the field for input the plan cannot be built from.
    """
    loaded = loaded or bundled_regimen()
    regimen = loaded.regimen
    checked = validate_request(request, regimen)
    indication, product = checked.indication, checked.product
    patient = request.patient
    warnings = WarningList()

    weight = dosing_weight(patient, regimen.site_policies.dosing_weight)
    _weight_warnings(weight, warnings)
    _patient_warnings(request, product, warnings)
    _dose_warnings(indication, checked.dose_mg_kg, weight.kg, warnings)

    per_day_mg_kg = (
        checked.dose_mg_kg / checked.days
        if indication.dose_basis is DoseBasis.COURSE
        else checked.dose_mg_kg
    )
    prescribed_day_g = per_day_mg_kg * weight.kg / 1000
    prescribed_total_g = prescribed_day_g * checked.days

    if indication.route is Route.IM:
        days = _im_days(indication, product, prescribed_day_g, weight.kg, checked, warnings)
        protocol_used = None
    else:
        protocol, labeled = _protocol_for(product, indication)
        if not labeled:
            warnings.add(
                "OFF_LABEL", Severity.CAUTION,
                f"{product.brand} is not labeled for {indication.name} in this regimen file: "
                f"it runs on its most conservative protocol ({protocol.indication}: maximum "
                f"{protocol.max_rate:g} {protocol.unit}). Confirm with the prescriber.",
                "site policy: unlabeled product rule",
            )
        cap, cap_basis = _risk_cap(request, protocol, regimen)
        ladder = build_ladder(protocol, regimen.site_policies, product.concentration_mg_ml, cap)
        _protocol_warnings(
            request, product, protocol, ladder, cap, cap_basis, warnings,
            indication_has_steps=indication.fixed_duration is None,
        )
        days, fixed_h = _iv_days(
            regimen, indication, product, ladder, protocol, cap, prescribed_day_g, weight.kg,
            checked, warnings,
        )
        protocol_used = _protocol_used(
            product, protocol, labeled, ladder, cap, cap_basis, fixed_h
        )

    for item in indication.warnings:
        warnings.add(item.code, item.severity, item.message, item.source)
    for extra in product.warnings:
        warnings.add(extra.code, extra.severity, extra.message, extra.source)
    if indication.route is Route.IV:
        for item in regimen.general_warnings:
            warnings.add(item.code, item.severity, item.message, item.source)

    total_g = round(sum(d.dose_g for d in days), 4)
    first_date = days[0].date
    return Plan(
        regimen_file=RegimenRef(
            version=regimen.version, published=regimen.published, sha256=loaded.sha256,
            path=str(loaded.path), bundled=loaded.bundled,
        ),
        indication_id=indication.id, indication_name=indication.name,
        product_id=product.id, product_name=product.brand, product_verified=product.verified,
        route=indication.route, concentration_mg_ml=product.concentration_mg_ml,
        patient_name=patient.name, patient_mrn=patient.mrn,
        actual_weight_kg=round(patient.weight_kg, 1), dosing_weight_kg=weight.kg,
        dosing_weight_rule=weight.rule, dosing_weight_explanation=weight.explanation,
        ideal_weight_kg=weight.ideal_kg, bmi=weight.bmi,
        dose_mg_kg=checked.dose_mg_kg, dose_basis=indication.dose_basis,
        days_count=checked.days,
        prescribed_total_g=prescribed_total_g, total_g=total_g,
        total_volume_ml=round(sum(d.volume_ml for d in days), 4),
        protocol=protocol_used, days=tuple(days), repeat=indication.repeat,
        next_course_due=_next_due(indication, first_date),
        warnings=warnings.sorted(), sources=_sources(indication, product, protocol_used),
    )


def _protocol_for(product: Product, indication: Indication) -> tuple[Protocol, bool]:
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
    risks = request.patient.risks
    if not ({RiskFlag.RENAL, RiskFlag.THROMBOSIS} & risks):
        return None, None
    if protocol.risk_max_rate_mg_kg_min is not None:
        return protocol.risk_max_rate_mg_kg_min, Basis.LABEL
    return regimen.site_policies.risk_cap_mg_kg_min, Basis.SITE_POLICY


def _weight_warnings(weight: DosingWeight, warnings: WarningList) -> None:
    if weight.caution:
        warnings.add("DOSING_WEIGHT_UNCHECKED", Severity.CAUTION, weight.caution,
                     "site policy: dosing weight")
    if weight.rule == "adjusted":
        warnings.add(
            "ADJUSTED_WEIGHT", Severity.INFO,
            f"Dose and rates use the {weight.explanation}.", "site policy: dosing weight",
        )


def _patient_warnings(request: PlanRequest, product: Product, warnings: WarningList) -> None:
    risks = request.patient.risks
    if RiskFlag.IGA_ANTIBODIES in risks:
        content = (
            f" ({product.brand} IgA content {product.iga_content})" if product.iga_content else ""
        )
        warnings.add(
            "IGA_ANTIBODIES", Severity.STOP,
            "IgA deficiency with anti-IgA antibodies: IVIG is contraindicated"
            f"{content}. Do not give; contact the prescriber.",
            f"{SEED}: Special Considerations; product labels (contraindications)",
        )
    for contra in product.contraindications:
        if contra.risk in risks:
            warnings.add(contra.code, Severity.STOP, contra.message, contra.source)
    if RiskFlag.AB_BLOOD_GROUP in risks:
        warnings.add(
            "AB_BLOOD_GROUP", Severity.CAUTION,
            "AB blood group: higher risk of Coombs-positive haemolytic anaemia; monitor for "
            "haemolysis (haemoglobin, signs of haemolysis).",
            f"{SEED}: Product Selection",
        )
    if not product.verified:
        warnings.add(
            "UNVERIFIED_PRODUCT", Severity.CAUTION,
            f"{product.brand}: product facts are recalled, not verified against the current "
            "label. Check concentration, vials and rates against the label before use.",
            "products.md: Recalled",
        )


def _dose_warnings(
    indication: Indication, dose: float, weight_kg: float, warnings: WarningList
) -> None:
    limits = indication.dose_mg_kg
    basis = "per course" if indication.dose_basis is DoseBasis.COURSE else "per day"
    option = next((o for o in indication.dose_options if math.isclose(o.dose_mg_kg, dose)), None)
    if option is not None:
        if option.min_weight_kg is not None and weight_kg < option.min_weight_kg:
            warnings.add(
                "DOSE_OPTION_WEIGHT", Severity.CAUTION,
                f"{dose:g} mg/kg is the option for patients ≥ {option.min_weight_kg:g} kg; "
                f"this patient weighs {weight_kg:g} kg.",
                option.source,
            )
        else:
            warnings.add("DOSE_OPTION", Severity.INFO, f"{option.label}.", option.source)
    elif not limits.usual_min <= dose <= limits.usual_max:
        warnings.add(
            "DOSE_OUTSIDE_USUAL", Severity.CAUTION,
            f"{dose:g} mg/kg {basis} is outside the usual {limits.usual_min:g}–"
            f"{limits.usual_max:g} mg/kg for {indication.name}.",
            limits.source,
        )


def _protocol_warnings(
    request: PlanRequest, product: Product, protocol: Protocol, ladder: Ladder,
    cap: float | None, cap_basis: Basis | None, warnings: WarningList,
    indication_has_steps: bool,
) -> None:
    patient = request.patient
    first = ladder.rungs[0]
    if patient.first_infusion:
        warnings.add(
            "FIRST_INFUSION", Severity.CAUTION,
            f"First infusion / product-naive: start at the minimum rate ({first.rate:g} "
            f"{ladder.unit}) and increase only if tolerated; observe closely.",
            "Product labels: a patient switching products or naive to IG starts at the "
            f"minimum rate; {SEED}: Administration Guidelines",
        )
    if cap is not None:
        who = " and ".join(
            r.value for r in (RiskFlag.RENAL, RiskFlag.THROMBOSIS) if r in patient.risks
        ).capitalize()
        where = "the label's figure" if cap_basis is Basis.LABEL else "site policy"
        effect = (
            "the ramp ends at the cap" if ladder.capped
            else "the protocol's maximum is already at or below it"
        )
        warnings.add(
            "RISK_CAP", Severity.CAUTION,
            f"{who} risk: rate capped at {cap:g} mg/kg/min ({where}; {effect}). "
            f"{protocol.risk_rule}. Ensure adequate hydration before the infusion.",
            protocol.source if cap_basis is Basis.LABEL else "site policy: risk cap",
        )
    if ladder.uses_site_policy and indication_has_steps:
        parts = []
        if ladder.first_hold_basis is Basis.SITE_POLICY:
            parts.append(f"first hold {ladder.rungs[0].hold_min or ladder.interval_min} min")
        if ladder.interval_basis is Basis.SITE_POLICY:
            parts.append(f"step interval {ladder.interval_min} min")
        if ladder.step_basis is Basis.SITE_POLICY:
            parts.append(f"steps: {ladder.step_rule}")
        warnings.add(
            "SITE_POLICY_STEPS", Severity.INFO,
            f"{product.brand}: the label leaves part of the titration to the site. Site policy "
            f"in use: {'; '.join(parts)}.",
            protocol.steps.source,
        )


def _iv_days(
    regimen: RegimenFile, indication: Indication, product: Product, ladder: Ladder,
    protocol: Protocol, cap: float | None, day_g: float, weight_kg: float,
    checked_days: CheckedRequest, warnings: WarningList,
) -> tuple[list[DayPlan], float | None]:
    site = regimen.site_policies
    conc = product.concentration_mg_ml
    choice = choose_vials(day_g, product.vials, site.vial_rounding.tolerance_pct)
    dose_g = choice.total_g if choice.within_tolerance else round(day_g, 2)
    _vial_warnings(choice, day_g, dose_g, conc, site.vial_rounding.tolerance_pct, warnings)
    volume = dose_g * 1000 / conc
    first_pump = pump_rate(
        to_mg_kg_min(ladder.rungs[0].rate, ladder.unit, conc), weight_kg, conc,
        site.pump_rate_step_ml_h,
    )
    if first_pump <= 0:
        raise PlanInputError("weight", "too low for a pump rate of at least 0.1 mL/h")
    fixed_h = None
    days: list[DayPlan] = []
    for n in range(checked_days.days):
        start = checked_days.start + timedelta(days=n)
        if indication.fixed_duration is not None:
            fixed_h = indication.fixed_duration.planned_h
            steps = _fixed_duration_steps(
                indication, protocol, cap, volume, start, weight_kg, conc,
                site.pump_rate_step_ml_h, warnings,
            )
        else:
            steps = steps_for_bag(
                ladder, volume, start, weight_kg, conc, site.pump_rate_step_ml_h
            )
        days.append(_day(n + 1, start, day_g, dose_g, choice, volume, steps))
    return days, fixed_h


def _fixed_duration_steps(
    indication: Indication, protocol: Protocol, cap: float | None, volume: float,
    start: datetime, weight_kg: float, conc: float, pump_step: float, warnings: WarningList,
) -> tuple[RateStep, ...]:
    """One rate: volume ÷ planned duration, capped at the product (or risk) maximum."""
    fixed = indication.fixed_duration
    assert fixed is not None
    ceiling = to_mg_kg_min(protocol.max_rate, protocol.unit, conc)
    if cap is not None:
        ceiling = min(ceiling, cap)
    wanted_mg_kg_min = volume / fixed.planned_h * conc / (weight_kg * 60)
    mg_kg_min = min(wanted_mg_kg_min, ceiling)
    pump = pump_rate(mg_kg_min, weight_kg, conc, pump_step)
    if pump <= 0:
        raise PlanInputError("weight", "too low for a pump rate of at least 0.1 mL/h")
    minutes = max(1, math.ceil(volume / pump * 60 - 1e-6))
    if wanted_mg_kg_min > ceiling + 1e-9:
        warnings.add(
            "FIXED_DURATION_CAPPED", Severity.CAUTION,
            f"{indication.name}: {volume:g} mL over {fixed.planned_h:g} h would need "
            f"{wanted_mg_kg_min:.2f} mg/kg/min, above the maximum {ceiling:g} mg/kg/min; "
            f"the rate is capped, so the infusion takes {minutes // 60} h {minutes % 60:02d} min.",
            fixed.source,
        )
    elif minutes > fixed.max_h * 60:
        warnings.add(
            "FIXED_DURATION_LONG", Severity.CAUTION,
            f"Pump-rate rounding makes the infusion {minutes // 60} h {minutes % 60:02d} min, "
            f"longer than {fixed.max_h:g} h.",
            fixed.source,
        )
    rate = (
        mg_kg_min
        if protocol.unit is RateUnit.MG_KG_MIN
        else from_mg_kg_min(mg_kg_min, protocol.unit, conc)
    )
    return (
        RateStep(
            number=1, start=start, end=start + timedelta(minutes=minutes), duration_min=minutes,
            rate=round(rate, 4), rate_unit=protocol.unit, rate_mg_kg_min=round(mg_kg_min, 4),
            rate_ml_h=pump, volume_ml=volume, cumulative_ml=volume, runs_until_empty=True,
            basis=fixed.planned_basis,
        ),
    )


def _vial_warnings(
    choice: VialChoice, day_g: float, dose_g: float, conc: float, tolerance: float,
    warnings: WarningList,
) -> None:
    if not choice.within_tolerance:
        warnings.add(
            "VIAL_PARTIAL", Severity.CAUTION,
            f"No whole-vial total lies within ±{tolerance:g} % of {day_g:.2f} g per day: give "
            f"{dose_g:g} g = {dose_g * 1000 / conc:g} mL from {choice.vial_count} opened "
            f"vial(s) ({choice.total_g:g} g) and discard the rest.",
            "site policy: vial rounding",
        )
    elif not math.isclose(dose_g, day_g, abs_tol=0.005):
        warnings.add(
            "VIAL_ROUNDED", Severity.INFO,
            f"Day dose rounded from {day_g:.2f} g to {dose_g:g} g (whole vials, within "
            f"±{tolerance:g} %; site policy).",
            "site policy: vial rounding",
        )


def _im_days(
    indication: Indication, product: Product, day_g: float, weight_kg: float,
    checked: CheckedRequest, warnings: WarningList,
) -> list[DayPlan]:
    """An IM injection: the volume to draw, no infusion steps."""
    assert indication.im_ml_per_mg is not None
    volume = round(checked.dose_mg_kg * indication.im_ml_per_mg * weight_kg, 2)
    dose_g = round(volume * product.concentration_mg_ml / 1000, 4)
    choice = choose_vials(dose_g, product.vials, 0)
    if volume > 15:
        warnings.add(
            "IM_VOLUME_OVER_15_ML", Severity.CAUTION,
            f"{volume:g} mL IM exceeds the 15 mL maximum of later guidance.",
            "indications.md, measles-pep",
        )
    return [_day(1, checked.start, day_g, dose_g, choice, volume, ())]


def _day(
    number: int, start: datetime, prescribed_g: float, dose_g: float, choice: VialChoice,
    volume: float, steps: tuple[RateStep, ...],
) -> DayPlan:
    end = steps[-1].end if steps else start
    return DayPlan(
        day=number, date=start.date(), prescribed_g=prescribed_g, dose_g=dose_g,
        vials=tuple(VialCount(grams=v.grams, ml=v.ml, count=n) for v, n in choice.counts),
        vials_cover_exactly=choice.within_tolerance, volume_ml=round(volume, 4),
        start=start, end=end, duration_min=int((end - start).total_seconds() // 60),
        steps=steps,
    )


def _protocol_used(
    product: Product, protocol: Protocol, labeled: bool, ladder: Ladder, cap: float | None,
    cap_basis: Basis | None, fixed_h: float | None,
) -> ProtocolUsed:
    conc = product.concentration_mg_ml
    return ProtocolUsed(
        product_id=product.id, indication_id=protocol.indication, labeled=labeled,
        unit=protocol.unit, initial_rate=protocol.initial_rate,
        first_hold_min=ladder.rungs[0].hold_min or ladder.interval_min,
        first_hold_basis=ladder.first_hold_basis, interval_min=ladder.interval_min,
        interval_basis=ladder.interval_basis, step_rule=ladder.step_rule,
        step_basis=ladder.step_basis, max_rate=protocol.max_rate,
        max_rate_mg_kg_min=to_mg_kg_min(protocol.max_rate, protocol.unit, conc),
        cap_mg_kg_min=cap, cap_basis=cap_basis, fixed_duration_h=fixed_h,
        source=protocol.source, step_source=protocol.steps.source,
    )


def _next_due(indication: Indication, first: date) -> date | None:
    if indication.repeat_interval_days is None:
        return None
    return first + timedelta(days=indication.repeat_interval_days)


def _sources(
    indication: Indication, product: Product, protocol: ProtocolUsed | None
) -> tuple[str, ...]:
    items = [
        f"Dose: {indication.dose_mg_kg.source}",
        f"Indication: {indication.source}",
        f"Product: {product.source}",
    ]
    if protocol is not None:
        items.append(f"Rates: {protocol.source}")
        items.append(f"Steps: {protocol.step_source}")
    return tuple(items)
